//! Bench area `feeds`: the Asterisk queue_log translator (FD3) over a large
//! synthetic log built in memory from the patterns of the asterisk2slack
//! sample (DID, ENTERQUEUE, a ringall round of RINGNOANSWER lines, CONNECT
//! with ring time, COMPLETECALLER/COMPLETEAGENT; some ABANDON, EXITWITHKEY,
//! PAUSE/UNPAUSE), against the baseline of only splitting the same lines
//! into their `|` fields, measured side by side. The figures:
//! ≥ 1 M lines/s and ≥ 0.5× the split-only speed (the engine's apply comes
//! on top, in the facade).

use crate::report::{line, side_by_side};
use cxkit::feeds::Feed;
use cxkit::{CallCenter, Config};
use cxkit_core::Tz;
use cxkit_feeds::queue_log::QueueLogTranslator;
use serde_json::json;
use std::hint::black_box;
use std::time::Duration;

const LINES: usize = 1_000_000;
const AGENTS: usize = 40;

/// About `n` lines: calls one after the other, each on its own agents, so
/// that every line is accepted (per call and per agent order holds).
fn synthetic(n: usize) -> Vec<String> {
    let mut out = Vec::with_capacity(n + 16);
    let mut i = 0usize;
    while out.len() < n {
        call_lines(i, &mut out);
        i += 1;
    }
    out
}

/// The lines of the `i`-th synthetic call (the same calls at any length).
fn call_lines(i: usize, out: &mut Vec<String>) {
    let t: u64 = 1_546_015_415 + 150 * i as u64;
    {
        let call = format!("{t}.{}", 757_927 + i);
        let a = |k: usize| format!("Agent Number {}", (i * 4 + k) % AGENTS);
        out.push(format!("{t}|{call}|201|NONE|DID|+15556667775"));
        out.push(format!(
            "{t}|{call}|201|NONE|ENTERQUEUE||+1323867{:04}|1",
            i % 10_000
        ));
        match i % 10 {
            // abandoned while waiting
            0 => out.push(format!("{}|{call}|201|NONE|ABANDON|1|1|12", t + 12)),
            // left by key
            1 => out.push(format!("{}|{call}|201|NONE|EXITWITHKEY|5|1|1|20", t + 20)),
            _ => {
                for k in 0..3 {
                    out.push(format!("{}|{call}|201|{}|RINGNOANSWER|15000", t + 15, a(k)));
                }
                out.push(format!("{}|{call}|201|{}|CONNECT|25|{t}.9|9", t + 25, a(3)));
                let end = if i.is_multiple_of(2) {
                    "COMPLETECALLER"
                } else {
                    "COMPLETEAGENT"
                };
                out.push(format!("{}|{call}|201|{}|{end}|25|122|1", t + 147, a(3)));
                if i.is_multiple_of(7) {
                    out.push(format!("{}|NONE|201|{}|PAUSE|Lunch", t + 148, a(3)));
                    out.push(format!("{}|NONE|201|{}|UNPAUSE|", t + 149, a(3)));
                }
            }
        }
    }
}

/// The tenant `cxkit replay` uses without a config: it learns its roster.
fn learning() -> Config {
    Config::learning_feed("bench", "America/Los_Angeles")
}

/// The baseline: only split each line into its `|` fields, as a reader must.
fn split_only(lines: &[String]) -> usize {
    let mut fields = 0usize;
    for l in lines {
        let mut f = [""; 16];
        let mut c = 0;
        for (i, x) in l.split('|').enumerate().take(16) {
            f[i] = x;
            c += 1;
        }
        black_box(&f);
        fields += c;
    }
    fields
}

/// Replays `lines` through a fresh learning call center the way `cxkit
/// replay` does (records → translator → `CallCenter::apply`); returns the
/// calls ended.
fn replay_lines<'a>(lines: impl Iterator<Item = &'a str>) -> (u64, u64) {
    let mut center = CallCenter::new(&learning()).expect("bench center");
    let mut t = cxkit::feeds::Translator::new(cxkit::feeds::Source::AsteriskQueueLog, Tz::America__Los_Angeles);
    let mut out = Vec::with_capacity(16);
    let (mut ended, mut refused) = (0, 0);
    for (k, l) in lines.enumerate() {
        let rec = cxkit::feeds::Record::Line(l.to_owned());
        let _ = t.translate(k as u64 + 1, &rec, None, &mut out);
        for e in out.drain(..) {
            match center.apply(&cxkit::Event::from(e)) {
                Ok(a) => ended += u64::from(a.ended_call.is_some()),
                Err(_) => refused += 1,
            }
        }
    }
    (ended, refused)
}

/// `feeds-memory`: the peak memory of replaying 10 k and 10 M synthetic
/// queue_log lines, each in a child process of its own (the issue: a 10 M
/// line file replays in the memory of a 10 k line one, within 2×).
pub fn memory() {
    let exe = std::env::current_exe().expect("bench executable");
    let peak = |n: usize| -> (u64, f64) {
        let t = std::time::Instant::now();
        let o = std::process::Command::new(&exe)
            .args(["feeds-memory-child", &n.to_string()])
            .output()
            .expect("child bench");
        let text = String::from_utf8_lossy(&o.stdout);
        (text.trim().parse().expect("child prints its peak RSS"), t.elapsed().as_secs_f64())
    };
    let (small, _) = peak(10_000);
    let (big, secs) = peak(10_000_000);
    line(
        "feeds.queue_log.replay_memory",
        None,
        big as f64 / small as f64,
        "peak RSS 10 M lines / 10 k lines",
        "the same replay of 10 k lines",
        None,
        json!({"peak_rss_10k_mb": small as f64 / 1e6, "peak_rss_10m_mb": big as f64 / 1e6, "seconds_10m": secs, "target_at_most": 2.0}),
    );
}

/// The child of [`memory`]: replays `n` lines generated on the fly (never
/// held together) and prints its peak RSS in bytes.
pub fn memory_child(n: usize) {
    let mut buf = Vec::with_capacity(16);
    let mut i = 0usize;
    let mut made = 0usize;
    let mut center = CallCenter::new(&learning()).expect("bench center");
    let mut feed = Feed::new(cxkit::feeds::Source::AsteriskQueueLog, Tz::America__Los_Angeles);
    let mut text = String::new();
    // Diagnosis: `CXKIT_BENCH_TRANSLATE_ONLY=1` leaves the call center out.
    let translate_only = std::env::var_os("CXKIT_BENCH_TRANSLATE_ONLY").is_some();
    while made < n {
        buf.clear();
        call_lines(i, &mut buf);
        i += 1;
        made += buf.len();
        text.clear();
        for l in &buf {
            text.push_str(l);
            text.push('\n');
        }
        if translate_only {
            black_box(feed.push(&text, None));
        } else {
            black_box(center.apply_feed(&mut feed, &text, None));
        }
    }
    black_box(center.finish_feed(&mut feed, None));
    let hwm = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|k| k.parse::<u64>().ok()))
        })
        .map_or(0, |kb| kb * 1024);
    println!("{hwm}");
}

/// `feeds-replay-only N`: the replay of [`run`] `n` times with no baseline
/// and no report line, for profilers (`perf record … feeds-replay-only 5`).
pub fn replay_only(n: usize) {
    let lines = synthetic(LINES);
    for _ in 0..n {
        let t = std::time::Instant::now();
        let (ended, refused) = replay_lines(lines.iter().map(String::as_str));
        eprintln!(
            "feeds: replay {} lines/s ({ended} ended, {refused} refused)",
            (lines.len() as f64 / t.elapsed().as_secs_f64()).round()
        );
    }
}

pub fn run() {
    let lines = synthetic(LINES);
    let n = lines.len() as u64;
    let bytes: usize = lines.iter().map(|l| l.len() + 1).sum();
    // Check once that every line is accepted (a refused line is cheaper).
    {
        let mut t = QueueLogTranslator::new(Tz::America__Los_Angeles);
        let mut out = Vec::new();
        let mut events = 0usize;
        for (k, l) in lines.iter().enumerate() {
            t.translate_line(k as u64 + 1, l, &mut out)
                .expect("synthetic line refused");
            events += out.len();
            out.clear();
        }
        eprintln!(
            "feeds: {n} lines, {bytes} bytes, {events} events, {} calls live at the end",
            t.live_calls()
        );
    }
    let (ours, base) = side_by_side(
        n,
        n,
        Duration::from_secs(8),
        || {
            let mut t = QueueLogTranslator::new(Tz::America__Los_Angeles);
            let mut out = Vec::with_capacity(16);
            let mut events = 0usize;
            for (k, l) in lines.iter().enumerate() {
                let _ = t.translate_line(k as u64 + 1, l, &mut out);
                events += out.len();
                out.clear();
            }
            events
        },
        || split_only(&lines),
    );
    // Replay = translate + apply to a learning call center (what `cxkit
    // replay` does per line), against the same split-only baseline.
    let (ended, refused) = replay_lines(lines.iter().map(String::as_str));
    eprintln!("feeds: replay ends {ended} calls, {refused} events refused");
    let (replay, base2) = side_by_side(
        n,
        n,
        Duration::from_secs(8),
        || replay_lines(lines.iter().map(String::as_str)),
        || split_only(&lines),
    );
    line(
        "feeds.queue_log.replay",
        None,
        1.0 / replay,
        "lines/s",
        "split the same lines into fields",
        Some(base2 / replay),
        json!({"lines": n, "calls_ended": ended, "refused": refused, "baseline_lines_per_s": (1.0 / base2).round(), "target_lines_per_s": 1_000_000, "target_ratio": 0.5}),
    );
    line(
        "feeds.queue_log.translate",
        None,
        1.0 / ours,
        "lines/s",
        "split the same lines into fields",
        Some(base / ours),
        json!({"lines": n, "baseline_lines_per_s": (1.0 / base).round(), "target_lines_per_s": 1_000_000, "target_ratio": 0.5}),
    );
}
