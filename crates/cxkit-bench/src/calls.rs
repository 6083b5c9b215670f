//! Bench area `calls`: SMS1 outcome classification, CM3 trend aggregation
//! and service-calendar lookups, each against a naive baseline measured side
//! by side (the naive ones convert the instant to the tenant's local time on
//! every record, which is what the cached per-UTC-day open intervals avoid).

use crate::report::{line, side_by_side};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use cxkit_calls::{CallRecord, CallsConfig, Direction, EndReason, Outcome, Stage, Trend};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::json;
use std::collections::HashMap;
use std::time::Duration as StdDuration;

const N: usize = 200_000;

fn config() -> CallsConfig {
    let wd = json!([{"start": "09:00", "end": "12:00"}, {"start": "13:00", "end": "18:00"}]);
    serde_json::from_value(json!({
        "service_calendar": {
            "time_zone": "Asia/Shanghai",
            "weekly": {"mon": wd, "tue": wd, "wed": wd, "thu": wd, "fri": wd, "sat": [{"start": "09:00", "end": "12:00"}]},
            "holidays": ["2026-01-01", "2026-02-17", "2026-10-01"],
            "extra_working_days": [{"date": "2026-02-14", "hours": [{"start": "09:00", "end": "18:00"}]}]
        }
    }))
    .expect("bench config")
}

/// Records spread over one Shanghai day (CM3 input) or a whole year.
fn records(rng: &mut ChaCha8Rng, span_secs: i64, t0: DateTime<Utc>) -> Vec<CallRecord> {
    (0..N)
        .map(|i| {
            let start = t0 + Duration::seconds(rng.random_range(0..span_secs));
            let stage = rng.random_range(0..4u8);
            let outbound = rng.random_range(0..10u8) == 0;
            let mut t = start;
            let mut next = |rng: &mut ChaCha8Rng| {
                t += Duration::milliseconds(rng.random_range(0..60_000));
                t
            };
            let mut r = CallRecord {
                call: format!("c{i}").into(),
                direction: if outbound {
                    Direction::Outbound
                } else {
                    Direction::Inbound
                },
                hotline: Some("4008001234".into()),
                caller: "13812345678".into(),
                callee: "4008001234".into(),
                started_at: start,
                queued_at: None,
                skill_group: None,
                rang_at: None,
                answered_at: None,
                agent: None,
                ended_in: Stage::Ivr,
                stage_entered_at: None,
                end_reason: EndReason::CallerHungUp,
                ended_at: start,
                destination: None,
            };
            if outbound {
                r.rang_at = Some(start);
                r.ended_in = Stage::Ringing;
                r.end_reason = EndReason::OutboundEnded;
                if stage >= 2 {
                    r.answered_at = Some(next(rng));
                    r.ended_in = Stage::Talking;
                }
            } else {
                if stage >= 1 {
                    r.queued_at = Some(next(rng));
                    r.ended_in = Stage::Queue;
                }
                if stage >= 2 {
                    r.rang_at = Some(next(rng));
                    r.ended_in = Stage::Ringing;
                }
                if stage >= 3 {
                    r.answered_at = Some(next(rng));
                    r.ended_in = Stage::Talking;
                }
                if stage == 1 && rng.random_range(0..3u8) == 0 {
                    r.end_reason = EndReason::QueueTimeout;
                }
            }
            r.ended_at = next(rng);
            r
        })
        .collect()
}

pub fn run() {
    let cfg = config();
    let policy = cfg.compile(None).expect("bench policy");
    let classifier = &policy.classifier;
    let calendar = classifier.calendar().expect("calendar").clone();
    let tz = calendar.time_zone();
    let quick = Duration::seconds(i64::from(cfg.quick_hang_up_secs));
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let t_year = DateTime::parse_from_rfc3339("2026-01-01T00:00:00+08:00")
        .expect("t")
        .with_timezone(&Utc);
    let year = records(&mut rng, 365 * 86_400, t_year);
    let budget = StdDuration::from_secs(3);

    // --- SMS1 classification: validate + classify, cached calendar vs per-record tz conversion.
    let naive_classify = |r: &CallRecord| -> Option<Outcome> {
        r.validate().ok()?;
        if r.direction == Direction::Outbound {
            return None;
        }
        if r.ended_in == Stage::Talking {
            return Some(Outcome::AgentAnswered);
        }
        if !calendar.is_open_direct(r.started_at) {
            return Some(Outcome::OutsideServiceHours);
        }
        Some(match (r.ended_in, r.end_reason) {
            (Stage::Ivr, _) => Outcome::IvrAbandon,
            (Stage::Queue, EndReason::CallerHungUp) => Outcome::QueueAbandon,
            (Stage::Queue, _) => Outcome::QueueTimeout,
            (Stage::Ringing, EndReason::CallerHungUp)
                if r.ended_at - r.final_stage_start() <= quick =>
            {
                Outcome::CallerQuickHangUp
            }
            _ => Outcome::RangNotAnswered,
        })
    };
    let (ours, base) = side_by_side(
        N as u64,
        N as u64,
        budget,
        || {
            year.iter()
                .filter_map(|r| classifier.classify(r).ok().flatten())
                .map(|o| o as usize)
                .sum::<usize>()
        },
        || {
            year.iter()
                .filter_map(naive_classify)
                .map(|o| o as usize)
                .sum::<usize>()
        },
    );
    let agree = year
        .iter()
        .all(|r| classifier.classify(r).ok().flatten() == naive_classify(r));
    line(
        "calls.classify",
        None,
        1.0 / ours,
        "records/s",
        "classify with a per-record time-zone conversion (ServiceCalendar::is_open_direct)",
        Some(base / ours),
        json!({"records": N, "agrees_with_baseline": agree}),
    );

    // --- CM3 trend aggregation of one day: sums into a Vec by interval vs a
    // naive per-record local conversion into a HashMap keyed by local date and slot.
    let day = NaiveDate::from_ymd_opt(2026, 3, 2).expect("date");
    let t_day = DateTime::parse_from_rfc3339("2026-03-02T00:00:00+08:00")
        .expect("t")
        .with_timezone(&Utc);
    let today = records(&mut rng, 86_400, t_day);
    let (ours, base) = side_by_side(
        N as u64,
        N as u64,
        budget,
        || {
            let mut t = Trend::new(day, tz, 30).expect("trend");
            for r in &today {
                t.add(r, classifier.classify_valid(r));
            }
            t.buckets.len()
        },
        || {
            use chrono::Timelike;
            let mut m: HashMap<(NaiveDate, u32), [i64; 12]> = HashMap::new();
            for r in &today {
                let o = classifier.classify_valid(r);
                let l = r.started_at.with_timezone(&tz);
                let e = m
                    .entry((l.date_naive(), (l.hour() * 60 + l.minute()) / 30))
                    .or_default();
                e[0] += 1;
                if let Some(o) = o {
                    e[1 + o as usize] += 1;
                }
                if let Some(w) = r.wait_ms() {
                    e[8] += 1;
                    e[9] += w;
                }
                if let Some(t) = r.talk_ms() {
                    e[10] += 1;
                    e[11] += t;
                }
            }
            m.len()
        },
    );
    line(
        "calls.trend_aggregate",
        None,
        1.0 / ours,
        "records/s",
        "per-record local-time conversion into a HashMap keyed by (local date, slot)",
        Some(base / ours),
        json!({"records": N, "interval_minutes": 30, "includes_classification": true}),
    );

    // --- Service calendar lookups.
    let instants: Vec<DateTime<Utc>> = year.iter().map(|r| r.started_at).collect();
    let (ours, base) = side_by_side(
        N as u64,
        N as u64,
        budget,
        || instants.iter().filter(|t| calendar.is_open(**t)).count(),
        || {
            instants
                .iter()
                .filter(|t| calendar.is_open_direct(**t))
                .count()
        },
    );
    let agree = instants
        .iter()
        .all(|t| calendar.is_open(*t) == calendar.is_open_direct(*t));
    line(
        "calls.calendar_is_open",
        None,
        1.0 / ours,
        "lookups/s",
        "naive conversion to local time per lookup (ServiceCalendar::is_open_direct)",
        Some(base / ours),
        json!({"lookups": N, "span_days": 365, "agrees_with_baseline": agree}),
    );
}
