//! Bench area `feeds`: the Asterisk queue_log translator (FD3) over a large
//! synthetic log built in memory from the patterns of the asterisk2slack
//! sample (DID, ENTERQUEUE, a ringall round of RINGNOANSWER lines, CONNECT
//! with ring time, COMPLETECALLER/COMPLETEAGENT; some ABANDON, EXITWITHKEY,
//! PAUSE/UNPAUSE), against the baseline of only splitting the same lines
//! into their `|` fields, measured side by side. The figures:
//! ≥ 1 M lines/s and ≥ 0.5× the split-only speed (the engine's apply comes
//! on top, in the facade).

use crate::report::{line, side_by_side};
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
    let mut t: u64 = 1_546_015_415;
    let mut i = 0usize;
    while out.len() < n {
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
        t += 150;
        i += 1;
    }
    out
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
        || {
            // Split-only: the fields of each line, as a reader must find them.
            let mut fields = 0usize;
            for l in &lines {
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
        },
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
