//! The replay: records → translator → call center, reporting as it goes.

use crate::ReplayArgs;
use crate::tail::Tail;
use cxkit::core::Scope;
use cxkit::feeds::{FeedError, FeedEvent, Source, Translator};
use cxkit::{CallCenter, Config, EndedCall, Event};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::{BufReader, Write};
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::time::Duration;

/// What the replay counted.
#[derive(Debug, Default)]
struct Counts {
    records: u64,
    skipped: u64,
    skipped_by_code: BTreeMap<String, u64>,
    events: u64,
    applied: u64,
    duplicates: u64,
    refused: u64,
    refused_by_code: BTreeMap<String, u64>,
    calls_ended: u64,
    outcomes: BTreeMap<String, u64>,
}

impl Counts {
    fn skip(&mut self, e: &FeedError) {
        self.skipped += 1;
        *self.skipped_by_code.entry(e.code().to_owned()).or_default() += 1;
    }
}

fn by_code(m: &BTreeMap<String, u64>) -> String {
    if m.is_empty() {
        return String::new();
    }
    format!(" ({})", m.iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join(", "))
}

/// The configuration of the replay: `--config`, else an empty tenant that
/// learns its roster from the feed; `--tz` overrides the zone.
fn config(args: &ReplayArgs) -> Result<Config, String> {
    let mut c = match &args.config {
        Some(p) => Config::from_path(p).map_err(|e| e.to_string())?,
        None => Config::learning_feed("replay", "UTC"),
    };
    if let Some(z) = &args.tz {
        c.tenant.time_zone = z.clone();
    }
    Ok(c)
}

/// Runs the replay, writing the report to `out`. `Err` is a usage problem
/// (unknown source, unreadable config or file); bad records and refused
/// events are reported and counted, and end the run only with `--strict`.
pub fn run(args: &ReplayArgs, out: &mut dyn Write) -> Result<ExitCode, String> {
    let source = Source::parse(&args.from).map_err(|e| e.to_string())?;
    let config = config(args)?;
    let mut center = CallCenter::new(&config).map_err(|e| e.to_string())?;
    let zone = center.tenant().tz;
    let mut translator = Translator::new(source, zone);
    let mut n = Counts::default();
    let mut events: Vec<FeedEvent> = Vec::new();
    let mut failed = false;
    let mut last_board: Option<Value> = None;
    let io = |e: std::io::Error| e.to_string();
    'files: for (k, path) in args.files.iter().enumerate() {
        let name = path.display().to_string();
        let follow = args.follow && k + 1 == args.files.len();
        let tail = Tail::open(path, follow, args.idle_exit.map(Duration::from_secs_f64))
            .map_err(|e| format!("cannot open {name}: {e}"))?;
        let bar = progress(args, tail.len(), &name);
        let read = tail.read.clone();
        let caught_up = tail.caught_up.clone();
        for item in cxkit::feeds::records(source, BufReader::new(tail)) {
            n.records += 1;
            if n.records % 4096 == 0
                && let Some(b) = &bar
            {
                b.set_position(read.load(Ordering::Relaxed));
            }
            let (line, record) = match item {
                Ok(r) => r,
                Err(e) => {
                    n.skip(&e);
                    report(&name, &e);
                    if args.strict {
                        failed = true;
                        break 'files;
                    }
                    continue;
                }
            };
            events.clear();
            if let Err(e) = translator.translate(line, &record, None, &mut events) {
                n.skip(&e);
                report(&name, &e);
                if args.strict {
                    failed = true;
                    break 'files;
                }
                continue;
            }
            for fe in events.drain(..) {
                n.events += 1;
                let event = Event::from(fe);
                if !apply_one(&mut center, &event, &mut n, args.json, zone, (&name, Some(line)), out).map_err(io)?
                    && args.strict
                {
                    failed = true;
                    break 'files;
                }
            }
            if follow && caught_up.load(Ordering::Relaxed) {
                let board = serde_json::to_value(center.wallboard(&Scope::Tenant).map_err(|e| e.to_string())?)
                    .unwrap_or(Value::Null);
                if last_board.as_ref() != Some(&board) {
                    if args.json {
                        writeln!(out, "{}", json!({ "wallboard": board })).map_err(io)?;
                    } else {
                        writeln!(out, "{}", wallboard_line(&board)).map_err(io)?;
                    }
                    out.flush().map_err(io)?;
                    last_board = Some(board);
                }
            }
        }
        if let Some(b) = bar {
            b.finish_and_clear();
        }
    }
    if !failed {
        // The end of the feed: what the translator held (a queue_log exit
        // waiting to tell an overflow from an end) goes out.
        events.clear();
        translator.finish(&mut events);
        for fe in events.drain(..) {
            n.events += 1;
            apply_one(&mut center, &Event::from(fe), &mut n, args.json, zone, ("end of feed", None), out).map_err(io)?;
        }
    }
    summary(args.json, &center, &n, out).map_err(io)?;
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Applies one event, counting it and printing the call it ends; a refusal
/// is reported on stderr at `place` (file, line). `Ok(false)` when refused.
fn apply_one(
    center: &mut CallCenter,
    event: &Event,
    n: &mut Counts,
    json: bool,
    zone: chrono_tz::Tz,
    place: (&str, Option<u64>),
    out: &mut dyn Write,
) -> std::io::Result<bool> {
    match center.apply(event) {
        Ok(a) => {
            match a.status {
                cxkit::agents::ApplyStatus::Applied => n.applied += 1,
                cxkit::agents::ApplyStatus::Duplicate => n.duplicates += 1,
            }
            if let Some(ended) = &a.ended_call {
                n.calls_ended += 1;
                let o = ended.outcome.map_or("outbound", |o| o.as_str());
                *n.outcomes.entry(o.to_owned()).or_default() += 1;
                ended_call(json, ended, zone, out)?;
            }
            Ok(true)
        }
        Err(e) => {
            n.refused += 1;
            *n.refused_by_code.entry(e.code().to_owned()).or_default() += 1;
            match place {
                (file, Some(line)) => eprintln!("{file}:{line}: {} {}", e.code(), e.message()),
                (what, None) => eprintln!("{what}: {} {}", e.code(), e.message()),
            }
            Ok(false)
        }
    }
}

fn report(file: &str, e: &FeedError) {
    eprintln!("{file}:{}: {} {e}", e.record(), e.code());
}

fn progress(args: &ReplayArgs, len: u64, name: &str) -> Option<indicatif::ProgressBar> {
    if args.quiet || args.follow || len < 1 << 20 {
        return None;
    }
    let bar = indicatif::ProgressBar::new(len);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} {wide_bar} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.set_message(name.to_owned());
    Some(bar)
}

fn secs(a: Option<cxkit::core::Timestamp>, b: Option<cxkit::core::Timestamp>) -> Option<f64> {
    Some((b? - a?).num_milliseconds() as f64 / 1000.0)
}

/// One ended call: a line of text, or `{"call": …, "outcome": …, …}`.
fn ended_call(json: bool, e: &EndedCall, zone: chrono_tz::Tz, out: &mut dyn Write) -> std::io::Result<()> {
    let r = &e.record;
    let outcome = e.outcome.map_or("outbound", |o| o.as_str());
    let wait = r.wait_ms().map(|ms| ms as f64 / 1000.0);
    let talk = secs(r.answered_at, Some(r.ended_at));
    let sms: Vec<&str> = e.sms.actions.iter().map(|a| a.template.as_str()).collect();
    if json {
        let line = json!({
            "call": r.call,
            "outcome": outcome,
            "direction": r.direction,
            "started_at": r.started_at,
            "ended_at": r.ended_at,
            "skill_group": r.skill_group,
            "agent": r.agent,
            "caller": r.caller,
            "end_reason": r.end_reason,
            "destination": r.destination,
            "wait_secs": wait,
            "talk_secs": talk,
            "sms": sms,
        });
        return writeln!(out, "{line}");
    }
    let local = r.ended_at.with_timezone(&zone).format("%Y-%m-%d %H:%M:%S");
    let opt = |s: Option<f64>| s.map_or("-".to_owned(), |v| format!("{v:.0}s"));
    writeln!(
        out,
        "{local}  {:<28} {:<22} agent {:<16} queue {:<10} wait {:>5} talk {:>5}{}",
        r.call.as_str(),
        outcome,
        r.agent.as_ref().map_or("-", |a| a.as_str()),
        r.skill_group.as_ref().map_or("-", |g| g.as_str()),
        opt(wait),
        opt(talk),
        if sms.is_empty() {
            String::new()
        } else {
            format!("  sms {}", sms.join(","))
        }
    )
}

fn wallboard_line(b: &Value) -> String {
    let c = &b["calls"]["inbound"];
    let a = &b["agents"];
    format!(
        "wallboard: calls {} (ivr {} queued {} ringing {} talking {}) | agents online {} idle {} busy {} acw {} answering {} outbound {} consulting {} non-service {}",
        c["total"],
        c["ivr"],
        c["queued"],
        c["ringing"],
        c["talking"],
        a["online"],
        a["idle"],
        a["busy"],
        a["after_call_work"],
        a["answering"]["total"],
        a["outbound"]["total"],
        a["consulting"]["total"],
        a["non_service"]["total"],
    )
}

/// The trend per day, the final wallboard and the counts.
fn summary(json: bool, center: &CallCenter, n: &Counts, out: &mut dyn Write) -> std::io::Result<()> {
    let days: Vec<_> = center
        .trend_days()
        .into_iter()
        .filter_map(|d| center.trend_of_day(d))
        .collect();
    let board = center
        .wallboard(&Scope::Tenant)
        .ok()
        .and_then(|w| serde_json::to_value(w).ok())
        .unwrap_or(Value::Null);
    if json {
        let days: Vec<Value> = days
            .iter()
            .map(|t| json!({"date": t.date, "time_zone": t.time_zone, "totals": t.totals}))
            .collect();
        let s = json!({"summary": {
            "records": n.records,
            "skipped": n.skipped,
            "skipped_by_code": n.skipped_by_code,
            "events": n.events,
            "applied": n.applied,
            "duplicates": n.duplicates,
            "refused": n.refused,
            "refused_by_code": n.refused_by_code,
            "calls_ended": n.calls_ended,
            "outcomes": n.outcomes,
            "calls_in_progress": board["calls"]["inbound"]["total"],
            "trend": days,
            "wallboard": board,
        }});
        return writeln!(out, "{s}");
    }
    writeln!(out)?;
    for t in &days {
        writeln!(out, "Trend {} ({}, {}-minute intervals)", t.date, t.time_zone, t.interval_minutes)?;
        writeln!(
            out,
            "  {:<6} {:>5} {:>5} {:>5} {:>4} {:>4} {:>4} {:>4} {:>4} {:>5} {:>8} {:>8} | {:>4} {:>4}",
            "", "in", "ans", "aband", "rna", "qhu", "ivr", "qab", "qto", "closd", "avg wait", "avg talk", "out", "conn"
        )?;
        let row = |label: &str, r: &cxkit::call_rules::trend::InboundRow, o: &cxkit::call_rules::trend::OutboundRow| {
            let s = &r.sums;
            let f = |v: Option<f64>| v.map_or("-".to_owned(), |v| format!("{v:.0} s"));
            format!(
                "  {:<6} {:>5} {:>5} {:>5} {:>4} {:>4} {:>4} {:>4} {:>4} {:>5} {:>8} {:>8} | {:>4} {:>4}",
                label,
                s.offered,
                s.answered,
                s.abandoned,
                s.rang_not_answered,
                s.caller_quick_hang_up,
                s.ivr_abandon,
                s.queue_abandon,
                s.queue_timeout,
                s.outside_service_hours,
                f(r.avg_wait_secs),
                f(r.avg_talk_secs),
                o.sums.attempts,
                o.sums.connected
            )
        };
        for i in &t.intervals {
            if i.inbound.sums.offered + i.outbound.sums.attempts > 0 {
                writeln!(out, "{}", row(&i.local_start, &i.inbound, &i.outbound))?;
            }
        }
        writeln!(out, "{}", row("total", &t.totals.inbound, &t.totals.outbound))?;
    }
    writeln!(out)?;
    writeln!(out, "Final {}", wallboard_line(&board))?;
    writeln!(
        out,
        "{} records, {} skipped{} -> {} events: {} applied, {} duplicates, {} refused{}; {} calls ended",
        n.records,
        n.skipped,
        by_code(&n.skipped_by_code),
        n.events,
        n.applied,
        n.duplicates,
        n.refused,
        by_code(&n.refused_by_code),
        n.calls_ended
    )?;
    let outcomes: Vec<String> = n.outcomes.iter().map(|(k, v)| format!("{k} {v}")).collect();
    if !outcomes.is_empty() {
        writeln!(out, "outcomes: {}", outcomes.join(", "))?;
    }
    Ok(())
}
