//! Events as JSON text, the form every binding hands over.
//!
//! - `events.decode_one`: `Event::from_json_str` (the one-pass reader) per
//!   event, against `serde_json::from_str::<Event>` (serde's path, which
//!   buffers each event in a `Value` to route on `type`);
//! - `events.decode_batch`: `Event::many_from_json_str` on one JSON array,
//!   against `serde_json::from_str::<Vec<Event>>`;
//! - `events.parse_timestamp`: `cxkit_core::time::parse_timestamp` against
//!   chrono's RFC 3339 parser, on the canonical UTC shape JavaScript writes.
//!
//! The stream mixes agent events (a login/answer/hold/…/logout cycle) and
//! call events (arrived, queued, offered, answered, hung up), timestamps with
//! milliseconds as `Date.prototype.toISOString` writes them.

use crate::report::{line, side_by_side};
use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};
use cxkit::Event;
use cxkit_core::time::parse_timestamp;
use serde_json::json;
use std::hint::black_box;
use std::time::Duration;

const EVENTS: usize = 100_000;

fn stream() -> Vec<String> {
    let t0 = DateTime::parse_from_rfc3339("2026-03-02T01:00:00Z")
        .expect("t0")
        .timestamp_millis();
    (0..EVENTS)
        .map(|i| {
            let at = DateTime::from_timestamp_millis(t0 + i as i64 * 37)
                .expect("time")
                .to_rfc3339_opts(SecondsFormat::Millis, true);
            let (a, c) = (format!("a{}", i % 1000), format!("c{}", i / 20));
            let e = match i % 20 {
                0 => json!({"type": "login", "agent": a, "at": at, "status": "idle"}),
                1 => json!({"type": "call.arrived", "call": c, "at": at, "caller": "13812345678", "callee": "4008001234"}),
                2 => json!({"type": "call.queued", "call": c, "at": at, "skill_group": "sales"}),
                3 => json!({"type": "call.offered", "call": c, "at": at, "agent": a}),
                4 => json!({"type": "call_offered", "agent": a, "at": at, "call": c}),
                5 => json!({"type": "answer", "agent": a, "at": at}),
                6 => json!({"type": "call.answered", "call": c, "at": at, "agent": a, "event_id": format!("e{i}")}),
                7 => json!({"type": "hold", "agent": a, "at": at}),
                8 => json!({"type": "resume", "agent": a, "at": at}),
                9 => json!({"type": "call.caller_hung_up", "call": c, "at": at}),
                10 => json!({"type": "call_ended", "agent": a, "at": at}),
                11 => json!({"type": "acw_complete", "agent": a, "at": at}),
                12 => json!({"type": "set_status", "agent": a, "at": at, "status": "break"}),
                13 => json!({"type": "set_status", "agent": a, "at": at, "status": "idle"}),
                14 => json!({"type": "dial", "agent": a, "at": at, "call": format!("o{i}"), "number": "+8613800138000"}),
                15 => json!({"type": "outbound_connected", "agent": a, "at": at}),
                16 => json!({"type": "popup_collapse", "agent": a, "at": at, "by_hand": true}),
                17 => json!({"type": "listen_start", "supervisor": "s1", "target": a, "at": at}),
                18 => json!({"type": "listen_end", "supervisor": "s1", "at": at}),
                _ => json!({"type": "logout", "agent": a, "at": at}),
            };
            e.to_string()
        })
        .collect()
}

pub fn run() {
    let budget = Duration::from_millis(1600);
    let texts = stream();
    let n = texts.len() as u64;
    // Both readers must agree before their speed means anything.
    for t in &texts {
        let ours = Event::from_json_str(t).expect("bench event");
        let serde: Event = serde_json::from_str(t).expect("bench event");
        assert_eq!(ours, serde, "{t}");
    }
    let (ours, base) = side_by_side(
        n,
        n,
        budget,
        || {
            texts
                .iter()
                .map(|t| black_box(Event::from_json_str(t).is_ok()) as usize)
                .sum::<usize>()
        },
        || {
            texts
                .iter()
                .map(|t| black_box(serde_json::from_str::<Event>(t).is_ok()) as usize)
                .sum::<usize>()
        },
    );
    line(
        "events.decode_one",
        None,
        ours * 1e9,
        "ns/event",
        "serde_json::from_str::<Event> (routes on `type` through a Value)",
        Some(base / ours),
        json!({"events": n}),
    );

    let batch = format!("[{}]", texts.join(","));
    let (ours, base) = side_by_side(
        n,
        n,
        budget,
        || {
            Event::many_from_json_str(&batch)
                .map(|v| v.len())
                .unwrap_or(0)
        },
        || {
            serde_json::from_str::<Vec<Event>>(&batch)
                .map(|v| v.len())
                .unwrap_or(0)
        },
    );
    line(
        "events.decode_batch",
        None,
        1.0 / ours,
        "events/s",
        "serde_json::from_str::<Vec<Event>>",
        Some(base / ours),
        json!({"events": n, "bytes_per_event": batch.len() as u64 / n}),
    );

    let stamps: Vec<String> = texts
        .iter()
        .filter_map(|t| {
            serde_json::from_str::<serde_json::Value>(t)
                .ok()?
                .get("at")?
                .as_str()
                .map(str::to_owned)
        })
        .collect();
    let (ours, base) = side_by_side(
        stamps.len() as u64,
        stamps.len() as u64,
        budget / 2,
        || stamps.iter().filter(|s| parse_timestamp(s).is_ok()).count(),
        || {
            stamps
                .iter()
                .filter(|s| {
                    s.parse::<DateTime<FixedOffset>>()
                        .map(|t| t.with_timezone(&Utc))
                        .is_ok()
                })
                .count()
        },
    );
    line(
        "events.parse_timestamp",
        None,
        ours * 1e9,
        "ns/timestamp",
        "chrono's RFC 3339 parser (DateTime<FixedOffset>::from_str)",
        Some(base / ours),
        json!({"shape": "YYYY-MM-DDTHH:MM:SS.mmmZ"}),
    );
}
