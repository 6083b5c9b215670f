//! Asterisk queue_log translator (FD3): golden events for the real sample
//! and the hand-made fixtures, the SMS1 outcomes of the fixtures' calls
//! through a `CallTracker`, errors per bad-input kind, idempotence, and a
//! property test that a refused line changes nothing.
#![allow(clippy::unwrap_used, missing_docs)]

use cxkit_calls::{CallEvent, CallTracker, CallsConfig};
use cxkit_core::{Tenant, TenantConfig, Tz};
use cxkit_feeds::queue_log::{QueueLogRow, QueueLogTranslator, lines};
use cxkit_feeds::{FeedError, FeedEvent};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

const LA: Tz = Tz::America__Los_Angeles;

fn fixture(name: &str) -> String {
    let p = format!(
        "{}/../../tests/feeds/asterisk-queue-log/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

/// The records of a fixture: its lines, without the `#` header lines of
/// the hand-made ones (line numbers stay the file's).
fn records(text: &str) -> Vec<(u64, &str)> {
    lines(text).filter(|(_, l)| !l.starts_with('#')).collect()
}

/// Every line with what it became: its events as JSON lines, or its error.
fn golden(text: &str) -> (String, Vec<FeedEvent>) {
    let mut t = QueueLogTranslator::new(LA);
    let mut s = String::new();
    let mut all = Vec::new();
    for (n, l) in records(text) {
        let mut out = Vec::new();
        writeln!(s, "L{n} {l}").unwrap();
        match t.translate_line(n, l, &mut out) {
            Ok(()) if out.is_empty() => writeln!(s, "    (nothing)").unwrap(),
            Ok(()) => {
                for e in &out {
                    writeln!(s, "    {}", serde_json::to_string(e).unwrap()).unwrap();
                }
            }
            Err(e) => writeln!(s, "    ERROR {}: {e}", e.code()).unwrap(),
        }
        all.extend(out);
    }
    let mut out = Vec::new();
    t.finish(&mut out);
    if !out.is_empty() {
        writeln!(s, "END (finish: the queue exits still held)").unwrap();
        for e in &out {
            writeln!(s, "    {}", serde_json::to_string(e).unwrap()).unwrap();
        }
    }
    all.extend(out);
    (s, all)
}

/// A tenant with every agent and queue the events name, and no calendar.
fn tracker_for(events: &[FeedEvent]) -> CallTracker {
    let mut agents = BTreeSet::new();
    let mut groups = BTreeSet::new();
    for e in events {
        if let FeedEvent::Call(c) = e {
            match c {
                CallEvent::Offered { agent, .. } | CallEvent::Answered { agent, .. } => {
                    agents.insert(agent.to_string());
                }
                CallEvent::Queued { skill_group, .. } => {
                    groups.insert(skill_group.to_string());
                }
                _ => {}
            }
        }
    }
    let tenant: Tenant = serde_json::from_value::<TenantConfig>(serde_json::json!({
        "id": "t1", "time_zone": "America/Los_Angeles",
        "skill_groups": groups.iter().map(|g| serde_json::json!({"id": g})).collect::<Vec<_>>(),
        "org": [{"id": "hq"}],
        "agents": agents.iter().map(|a| serde_json::json!({"id": a, "kind": "call", "skill_groups": groups.iter().collect::<Vec<_>>()})).collect::<Vec<_>>(),
    }))
    .unwrap()
    .validate()
    .unwrap();
    let config: CallsConfig =
        serde_json::from_value(serde_json::json!({"quick_hang_up_secs": 5})).unwrap();
    CallTracker::new(&tenant, &config).unwrap()
}

/// Runs the call events through a tracker; the ended calls' outcomes.
fn outcomes(events: &[FeedEvent]) -> BTreeMap<String, String> {
    let mut t = tracker_for(events);
    let mut ended = BTreeMap::new();
    for e in events {
        if let FeedEvent::Call(c) = e {
            let r = t
                .apply(c)
                .unwrap_or_else(|err| panic!("tracker refused {c:?}: {err}"));
            if let Some(x) = r.ended {
                let o = x.outcome.map(|o| {
                    serde_json::to_value(o)
                        .unwrap()
                        .as_str()
                        .unwrap()
                        .to_owned()
                });
                ended.insert(x.record.call.to_string(), o.unwrap_or_default());
            }
        }
    }
    ended
}

/// Per call and per agent, the events' times never go back (a repeated
/// event id is a duplicate the engine skips: not an event).
fn assert_ordered(events: &[FeedEvent]) {
    let mut calls: HashMap<String, cxkit_core::Timestamp> = HashMap::new();
    let mut agents: HashMap<String, cxkit_core::Timestamp> = HashMap::new();
    let mut ids = BTreeSet::new();
    for e in events {
        let id = serde_json::to_value(e).unwrap()["event_id"]
            .as_str()
            .unwrap()
            .to_owned();
        if !ids.insert(id) {
            continue;
        }
        let (call, agent, at) = match e {
            FeedEvent::Call(c) => {
                let agent = match c {
                    CallEvent::Offered { agent, .. } | CallEvent::Answered { agent, .. } => {
                        Some(agent.to_string())
                    }
                    CallEvent::RingEnded { agent, .. } => agent.as_ref().map(|a| a.to_string()),
                    _ => None,
                };
                (Some(c.call().to_string()), agent, c.at())
            }
            FeedEvent::Agent(a) => {
                let v = serde_json::to_value(a).unwrap();
                (None, v["agent"].as_str().map(str::to_owned), a.at())
            }
        };
        if let Some(c) = call {
            let last = calls.entry(c.clone()).or_insert(at);
            assert!(at >= *last, "call {c} goes back: {e:?}");
            *last = at;
        }
        if let Some(a) = agent {
            let last = agents.entry(a.clone()).or_insert(at);
            assert!(at >= *last, "agent {a} goes back: {e:?}");
            *last = at;
        }
    }
}

#[test]
fn sample_asterisk2slack() {
    let (s, events) = golden(&fixture("asterisk2slack_queue_log"));
    insta::assert_snapshot!("sample_asterisk2slack", s);
    assert_ordered(&events);
    let o = outcomes(&events);
    // The first call is answered by Paty Marin after three 0 ms ring-no-answers;
    // the call whose CONNECT is missing is rebuilt from its COMPLETECALLER.
    assert_eq!(
        o.get("1546015415.757927").map(String::as_str),
        Some("agent_answered")
    );
    assert_eq!(
        o.get("1546023604.760166").map(String::as_str),
        Some("agent_answered")
    );
    assert_eq!(o.len(), 2, "{o:?}");
}

#[test]
fn fixture_ringall_16() {
    let (s, events) = golden(&fixture("ringall-16.queue_log"));
    insta::assert_snapshot!("ringall_16", s);
    assert_ordered(&events);
    let o = outcomes(&events);
    assert_eq!(o["1700000100.11"], "agent_answered");
    assert_eq!(o["1700000400.21"], "agent_answered");
    // The caller hung up 8 s into the ring (quick hang-up threshold 5 s).
    assert_eq!(o["1700000600.31"], "rang_not_answered");
    // Only RINGNOANSWER lines are ring-no-answers: 3 in round 1, none for a cancel.
    let rna = events
        .iter()
        .filter(|e| matches!(e, FeedEvent::Call(CallEvent::RingEnded { .. })))
        .count();
    assert_eq!(rna, 3);
}

#[test]
fn fixture_exits_16() {
    let (s, events) = golden(&fixture("exits-16.queue_log"));
    insta::assert_snapshot!("exits_16", s);
    assert_ordered(&events);
    let o = outcomes(&events);
    assert_eq!(
        o["1700100100.1"], "queue_abandon",
        "EXITWITHKEY: the caller chose to leave"
    );
    assert_eq!(o["1700100200.2"], "queue_timeout");
    assert_eq!(o["1700100300.3"], "agent_answered", "blind transfer out");
    assert_eq!(
        o["1700100500.5"], "agent_answered",
        "attended transfer to voicemail"
    );
    assert_eq!(o["1700100700.7"], "queue_timeout", "EXITEMPTY");
    assert_eq!(
        o["1700101000.8"], "agent_answered",
        "timed out of billing, answered in support"
    );
    assert_eq!(
        o["1700101200.10"], "queue_timeout",
        "the last line's exit, sent by finish"
    );
    assert!(!events.iter().any(|e| matches!(e, FeedEvent::Call(CallEvent::QueueTimeout { call, .. }) if call.as_str() == "1700101000.8")));
}

#[test]
fn fixture_asterisk_14() {
    let (s, events) = golden(&fixture("asterisk14.queue_log"));
    insta::assert_snapshot!("asterisk_14", s);
    assert_ordered(&events);
    let o = outcomes(&events);
    assert_eq!(o["1230000100.1"], "agent_answered");
    assert_eq!(o["1230000400.5"], "queue_abandon");
    assert_eq!(o["1230000500.7"], "queue_timeout");
    assert_eq!(o["1230000600.8"], "agent_answered");
    assert_eq!(o["1230000700.9"], "queue_abandon");
}

fn rows(text: &str) -> Vec<(u64, QueueLogRow)> {
    records(text)
        .into_iter()
        .map(|(n, l)| {
            let c: Vec<&str> = l.split('\t').collect();
            let row = QueueLogRow {
                time: c[0].into(),
                callid: c[1].into(),
                queuename: c[2].into(),
                agent: c[3].into(),
                event: c[4].into(),
                data: c[5..].iter().map(|s| s.to_string()).collect(),
            };
            (n, row)
        })
        .collect()
}

#[test]
fn realtime_rows() {
    let mut t = QueueLogTranslator::new(LA);
    let mut s = String::new();
    let mut all = Vec::new();
    for (n, row) in rows(&fixture("realtime-rows.tsv")) {
        let mut out = Vec::new();
        writeln!(s, "R{n} {row:?}").unwrap();
        match t.translate_row(n, &row, &mut out) {
            Ok(()) => {
                for e in &out {
                    writeln!(s, "    {}", serde_json::to_string(e).unwrap()).unwrap();
                }
            }
            Err(e) => writeln!(s, "    ERROR {}: {e}", e.code()).unwrap(),
        }
        all.extend(out);
    }
    insta::assert_snapshot!("realtime_rows", s);
    assert_ordered(&all);
    let o = outcomes(&all);
    assert_eq!(o["1699981260.4"], "agent_answered");
    assert_eq!(o["1699981500.9"], "queue_abandon");
    // 09:01:00.25 in Los Angeles (PST) is 17:01:00.25Z.
    let q = all.iter().find_map(|e| match e {
        FeedEvent::Call(c @ CallEvent::Queued { .. }) if c.call().as_str() == "1699981260.4" => {
            Some(c.at())
        }
        _ => None,
    });
    assert_eq!(q.unwrap().to_rfc3339(), "2023-11-14T17:01:00.250+00:00");
}

#[test]
fn a_row_and_the_same_line_give_the_same_events_but_their_own_ids() {
    let line = "1700000100|c1|q|NONE|ENTERQUEUE||555|1";
    let row = QueueLogRow {
        time: "1700000100".into(),
        callid: "c1".into(),
        queuename: "q".into(),
        agent: "NONE".into(),
        event: "ENTERQUEUE".into(),
        data: vec!["".into(), "555".into(), "1".into(), "".into(), "".into()],
    };
    let (mut a, mut b) = (Vec::new(), Vec::new());
    QueueLogTranslator::new(LA)
        .translate_line(1, line, &mut a)
        .unwrap();
    QueueLogTranslator::new(LA)
        .translate_row(1, &row, &mut b)
        .unwrap();
    assert_eq!(a, b, "trailing empty data columns do not change the key");
    let old =
        QueueLogRow::with_data_column("1700000100", "c1", "q", "NONE", "ENTERQUEUE", "|555|1");
    let mut c = Vec::new();
    QueueLogTranslator::new(LA)
        .translate_row(1, &old, &mut c)
        .unwrap();
    assert_eq!(a, c, "the 1.4 one-column `data` splits like a line");
}

fn err(lines: &[&str]) -> FeedError {
    let mut t = QueueLogTranslator::new(LA);
    let mut out = Vec::new();
    let (last, before) = lines.split_last().unwrap();
    for (i, l) in before.iter().enumerate() {
        t.translate_line(i as u64 + 1, l, &mut out).unwrap();
    }
    let n = out.len();
    let e = t
        .translate_line(lines.len() as u64, last, &mut out)
        .unwrap_err();
    assert_eq!(out.len(), n, "an error pushes nothing");
    assert_eq!(e.record(), lines.len() as u64);
    e
}

fn malformed_field(e: &FeedError) -> &str {
    match e {
        FeedError::Malformed { field, .. } => field,
        other => panic!("not malformed: {other:?}"),
    }
}

#[test]
fn bad_lines_are_typed_errors_naming_line_and_field() {
    let e = err(&["1700000100|c1|q|NONE"]);
    assert_eq!(malformed_field(&e), "event");
    assert!(e.to_string().contains("4 field(s)"), "{e}");
    let e = err(&["17000001x0|c1|q|NONE|ENTERQUEUE||555|1"]);
    assert_eq!(malformed_field(&e), "epoch");
    assert!(e.to_string().contains("17000001x0"));
    let e = err(&["1700000100|c1|q|NONE|WHATEVER|1"]);
    assert_eq!(
        e,
        FeedError::UnknownEvent {
            record: 1,
            event: "WHATEVER".into()
        }
    );
    let e = err(&[
        "1700000100|c1|q|NONE|ENTERQUEUE||555|1",
        "1700000110|c1|q|a1|CONNECT|ten|c2|3",
    ]);
    assert_eq!(malformed_field(&e), "data1");
    let e = err(&[
        "1700000100|c1|q|NONE|ENTERQUEUE||555|1",
        "1700000110|c1|q|a1|CONNECT",
    ]);
    assert_eq!(malformed_field(&e), "data1");
    assert!(e.to_string().contains("hold time"), "{e}");
    let e = err(&[
        "1700000100|c1|q|NONE|ENTERQUEUE||555|1",
        "1700000110|c1|q|NONE|CONNECT|10|c2|3",
    ]);
    assert_eq!(malformed_field(&e), "agent");
    let e = err(&["1700000100|NONE|q|NONE|ENTERQUEUE||555|1"]);
    assert_eq!(malformed_field(&e), "callid");
    let e = err(&[
        "1700000100|c1|q|NONE|ENTERQUEUE||555|1",
        "1700000110|c1|q|NONE|EXITWITHKEY||1|1|10",
    ]);
    assert_eq!(malformed_field(&e), "data1");
    let e = err(&[
        "1700000100|c1|q|NONE|ENTERQUEUE||555|1",
        "1700000110|c1|q|a1|ATTENDEDTRANSFER|APP|VoiceMail",
    ]);
    assert_eq!(malformed_field(&e), "data3");
    let e = err(&["1700000100|c1|q|NONE|ENTERQUEUE|1|2|3|4|5|6|7|8|9|10|11"]);
    assert_eq!(malformed_field(&e), "data11");
}

#[test]
fn a_record_for_an_ended_call_or_out_of_order_is_refused() {
    let end = [
        "1700000100|c1|q|NONE|ENTERQUEUE||555|1",
        "1700000110|c1|q|NONE|ABANDON|1|1|10",
    ];
    let e = err(&[end[0], end[1], "1700000120|c1|q|a1|RINGNOANSWER|1000"]);
    assert_eq!(
        e,
        FeedError::CallEnded {
            record: 3,
            call: "c1".into()
        }
    );
    let e = err(&[end[0], "1700000090|c1|q|NONE|ABANDON|1|1|10"]);
    assert!(
        matches!(&e, FeedError::OutOfOrder { subject, .. } if subject == "call `c1`"),
        "{e:?}"
    );
    let e = err(&[
        "1700000100|NONE|q|a1|ADDMEMBER|",
        "1700000050|NONE|q|a1|PAUSE|lunch",
    ]);
    assert!(
        matches!(&e, FeedError::OutOfOrder { subject, .. } if subject == "agent `a1`"),
        "{e:?}"
    );
}

#[test]
fn the_ended_call_ids_are_bounded() {
    let mut t = QueueLogTranslator::with_ended_capacity(LA, 2);
    let mut out = Vec::new();
    for (i, c) in ["c1", "c2", "c3"].iter().enumerate() {
        let at = 1_700_000_100 + i as i64 * 10;
        t.translate_line(1, &format!("{at}|{c}|q|NONE|ENTERQUEUE||555|1"), &mut out)
            .unwrap();
        t.translate_line(2, &format!("{}|{c}|q|NONE|ABANDON|1|1|5", at + 5), &mut out)
            .unwrap();
    }
    assert_eq!(t.live_calls(), 0, "ended calls are forgotten");
    // c1 is no longer remembered: a late line for it starts a call again.
    assert!(
        t.translate_line(9, "1700000200|c1|q|NONE|ABANDON|1|1|5", &mut out)
            .is_ok()
    );
    assert!(matches!(
        t.translate_line(10, "1700000200|c3|q|NONE|ABANDON|1|1|5", &mut out),
        Err(FeedError::CallEnded { .. })
    ));
}

#[test]
fn live_calls_are_bounded_too() {
    // Calls whose end is never logged (a lost line, a DID without a queue).
    let mut t = QueueLogTranslator::new(LA).with_live_capacity(2);
    let mut out = Vec::new();
    t.translate_line(1, "1700000100|c1|q|NONE|ENTERQUEUE||555|1", &mut out)
        .unwrap();
    t.translate_line(2, "1700000101|c2|q|NONE|DID|4155550100", &mut out)
        .unwrap();
    t.translate_line(3, "1700000102|c3|q|NONE|ENTERQUEUE||556|1", &mut out)
        .unwrap();
    assert_eq!(t.live_calls(), 2);
    // c1, first seen longest ago, was forgotten: its later lines are refused.
    let e = t
        .translate_line(4, "1700000110|c1|q|NONE|ABANDON|1|1|10", &mut out)
        .unwrap_err();
    assert_eq!(
        e,
        FeedError::CallEnded {
            record: 4,
            call: "c1".into()
        }
    );
    t.translate_line(5, "1700000111|c2|q|NONE|ENTERQUEUE||557|1", &mut out)
        .unwrap();
    t.translate_line(6, "1700000112|c3|q|NONE|ABANDON|1|1|10", &mut out)
        .unwrap();
    assert_eq!(t.live_calls(), 1);
}

#[test]
fn pause_reasons_pick_a_status_and_wait_for_the_call_to_end() {
    let mut t = QueueLogTranslator::new(LA);
    let mut out = Vec::new();
    for (n, l) in [
        "1700000000|NONE|q|a1|ADDMEMBER|",
        "1700000100|c1|q|NONE|ENTERQUEUE||555|1",
        "1700000105|c1|q|a1|CONNECT|5|c2|2",
        "1700000110|NONE|q|a1|PAUSE|Lunch break",
    ]
    .iter()
    .enumerate()
    {
        t.translate_line(n as u64 + 1, l, &mut out).unwrap();
    }
    assert!(
        !out.iter().any(|e| matches!(
            e,
            FeedEvent::Agent(cxkit_agents::AgentEvent::SetStatus { .. })
        )),
        "no status change during the call"
    );
    let mut end = Vec::new();
    t.translate_line(5, "1700000200|c1|q|a1|COMPLETECALLER|5|95|1", &mut end)
        .unwrap();
    let v: Vec<serde_json::Value> = end
        .iter()
        .map(|e| serde_json::to_value(e).unwrap())
        .collect();
    assert_eq!(v[0]["type"], "call.caller_hung_up");
    assert_eq!(v[1]["type"], "set_status");
    assert_eq!(v[1]["status"], "meal");
    assert_eq!(v[1]["at"], v[0]["at"]);
    for (reason, want) in [
        ("", "busy"),
        ("Auto-Pause", "busy"),
        ("coffee", "break"),
        ("Training", "training"),
        ("team meeting", "meeting"),
    ] {
        assert_eq!(
            serde_json::to_value(cxkit_feeds::queue_log::pause_status(reason)).unwrap(),
            want,
            "{reason}"
        );
    }
}

#[test]
fn reading_a_record_twice_gives_the_same_ids() {
    for name in [
        "asterisk2slack_queue_log",
        "ringall-16.queue_log",
        "exits-16.queue_log",
        "asterisk14.queue_log",
    ] {
        let text = fixture(name);
        let mut t = QueueLogTranslator::new(LA);
        for (n, l) in records(&text) {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            let first = t.translate_line(n, l, &mut a);
            let second = t.translate_line(n, l, &mut b);
            // The first reading may also send other calls' held exits first.
            let own = |e: &FeedEvent| {
                serde_json::to_value(e).unwrap()["event_id"]
                    .as_str()
                    .unwrap()
                    .starts_with(&format!("asterisk-queue-log:{l}#"))
            };
            let held = a.iter().take_while(|e| !own(e)).count();
            assert!(
                a[held..].iter().all(own) && b.iter().all(own),
                "{name} L{n}"
            );
            a.drain(..held);
            match (first, second) {
                (Ok(()), Ok(())) => assert_eq!(a, b, "{name} L{n}"),
                // The record ended its call: a repeat is for an ended call.
                (Ok(()), Err(FeedError::CallEnded { .. })) => assert!(
                    a.iter().any(|e| matches!(
                        e,
                        FeedEvent::Call(
                            CallEvent::CallerHungUp { .. }
                                | CallEvent::SystemEnded { .. }
                                | CallEvent::QueueLeft { .. }
                                | CallEvent::QueueTimeout { .. }
                                | CallEvent::Transferred { .. }
                        )
                    )),
                    "{name} L{n}"
                ),
                (Err(x), Err(y)) => {
                    assert_eq!(x, y, "{name} L{n}: a refused record is refused again")
                }
                (x, y) => panic!("{name} L{n}: {x:?} then {y:?}"),
            }
        }
        // A second translator over the same text gives the same ids.
        let ids = |t: &mut QueueLogTranslator| {
            let (ev, _) = t.translate_str(
                &text
                    .lines()
                    .filter(|l| !l.starts_with('#'))
                    .collect::<Vec<_>>()
                    .join("\n"),
            );
            ev.iter()
                .map(|e| {
                    serde_json::to_value(e).unwrap()["event_id"]
                        .as_str()
                        .unwrap()
                        .to_owned()
                })
                .collect::<Vec<_>>()
        };
        let x = ids(&mut QueueLogTranslator::new(LA));
        assert_eq!(x, ids(&mut QueueLogTranslator::new(LA)));
        assert_eq!(
            x.len(),
            x.iter().collect::<BTreeSet<_>>().len(),
            "{name}: ids are unique"
        );
    }
}

/// One random queue_log line over few calls, agents and events.
fn arb_line() -> impl Strategy<Value = String> {
    let events = prop::sample::select(vec![
        "ENTERQUEUE||555|1",
        "RINGNOANSWER|15000",
        "RINGNOANSWER|0",
        "RINGCANCELED|3000",
        "CONNECT|5|x|3",
        "CONNECT|5|x",
        "COMPLETECALLER|5|60|1",
        "COMPLETEAGENT|5|60|1",
        "ABANDON|1|1|9",
        "EXITWITHKEY|5|1|1|9",
        "EXITEMPTY|1|1|2",
        "EXITWITHTIMEOUT|1|1|30",
        "TRANSFER|100|ctx|5|20|1",
        "PAUSE|lunch",
        "UNPAUSE|",
        "ADDMEMBER|",
        "REMOVEMEMBER|",
        "BOGUS|1",
        "CONNECT|x|y|z",
    ]);
    (0i64..400, 0usize..4, 0usize..4, events).prop_map(|(t, c, a, ev)| {
        let agent = ["NONE", "a1", "a2", "a3"][a];
        let call = if ev.starts_with("PAUSE") || ev.starts_with("UNPAUSE") || ev.contains("MEMBER")
        {
            "NONE".to_owned()
        } else {
            format!("c{c}")
        };
        format!("{}|{call}|q|{agent}|{ev}", 1_700_000_000 + t)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// A refused line changes nothing: translating every line gives the same
    /// events as translating only the accepted ones; and the events never
    /// go back in time per call or per agent.
    #[test]
    fn refused_lines_change_nothing(mut ls in prop::collection::vec(arb_line(), 1..40)) {
        ls.sort_by_key(|l| l[..10].to_owned());
        let mut all = QueueLogTranslator::new(LA);
        let mut out_all = Vec::new();
        let mut accepted = Vec::new();
        for (i, l) in ls.iter().enumerate() {
            if all.translate_line(i as u64 + 1, l, &mut out_all).is_ok() {
                accepted.push((i as u64 + 1, l));
            }
        }
        all.finish(&mut out_all);
        let mut only = QueueLogTranslator::new(LA);
        let mut out_only = Vec::new();
        for (n, l) in accepted {
            prop_assert!(only.translate_line(n, l, &mut out_only).is_ok());
        }
        only.finish(&mut out_only);
        prop_assert_eq!(&out_all, &out_only);
        assert_ordered(&out_all);
    }
}

/// The sample's last call read on its own (in the whole sample its lines
/// are older than Paty Marin's previous call, so they are out of order):
/// the CONNECT starts the call from what it says, the first COMPLETEAGENT
/// ends it, and the near-duplicate COMPLETEAGENT lines (another
/// origposition) are for an ended call.
#[test]
fn sample_near_duplicates_on_their_own() {
    let text = fixture("asterisk2slack_queue_log");
    let mut t = QueueLogTranslator::new(LA);
    let mut out = Vec::new();
    let mut results = Vec::new();
    for (n, l) in records(&text)
        .into_iter()
        .filter(|(_, l)| l.contains("1546023970.760296"))
    {
        results.push((n, t.translate_line(n, l, &mut out).map_err(|e| e.code())));
    }
    assert_eq!(
        results,
        vec![
            (16, Ok(())),
            (18, Ok(())),
            (20, Err("CALL_ENDED")),
            (21, Err("CALL_ENDED")),
            (22, Err("CALL_ENDED"))
        ]
    );
    let types: Vec<String> = out
        .iter()
        .map(|e| {
            serde_json::to_value(e).unwrap()["type"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(
        types,
        [
            "call.queued",
            "login",
            "call.offered",
            "call.answered",
            "call.system_ended"
        ]
    );
    // queued at CONNECT − holdtime (6 s), offered at CONNECT − ring time (6 s).
    let at = |i: usize| {
        serde_json::to_value(&out[i]).unwrap()["at"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(at(0), "2018-12-28T19:06:10Z");
    assert_eq!(at(2), "2018-12-28T19:06:10Z");
    assert_eq!(at(3), "2018-12-28T19:06:16Z");
    assert_eq!(outcomes(&out)["1546023970.760296"], "agent_answered");
}

#[test]
fn out_of_range_numbers_and_instants_are_refused_not_panics() {
    let e = err(&[
        "1700000100|c1|q|NONE|ENTERQUEUE||555|1",
        "1700000110|c1|q|a1|CONNECT|99999999999999999|c2|3",
    ]);
    assert_eq!(malformed_field(&e), "data1");
    let e = err(&[
        "1700000100|c1|q|NONE|ENTERQUEUE||555|1",
        "1700000110|c1|q|a1|RINGNOANSWER|9223372036854775807",
    ]);
    assert_eq!(malformed_field(&e), "data1");
    let e = err(&["253402300800|c1|q|NONE|ENTERQUEUE||555|1"]);
    assert_eq!(malformed_field(&e), "epoch");
    assert!(e.to_string().contains("1900"), "{e}");
    let e = err(&["-2208988801|c1|q|NONE|ENTERQUEUE||555|1"]);
    assert_eq!(malformed_field(&e), "epoch");
    // An inferred instant is never before 1900: clamped.
    let mut t = QueueLogTranslator::new(LA);
    let mut out = Vec::new();
    t.translate_line(
        1,
        "-2208988700|c1|q|a1|COMPLETECALLER|1000000|1000000|1",
        &mut out,
    )
    .unwrap();
    assert!(!out.is_empty());
    for e in &out {
        let at = match e {
            FeedEvent::Call(c) => c.at(),
            FeedEvent::Agent(a) => a.at(),
        };
        assert!(cxkit_core::time::is_supported(at), "{e:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Any line: an answer or a typed error, never a panic.
    #[test]
    fn any_line_is_translated_or_refused(
        line in "-?[0-9]{1,21}\\|[a-z0-9.]{0,4}\\|q?\\|(NONE|a1|)\\|(CONNECT|RINGNOANSWER|RINGCANCELED|COMPLETECALLER|ABANDON|ENTERQUEUE|EXITWITHKEY|TRANSFER|ATTENDEDTRANSFER|PAUSE|DID|X)(\\|-?[0-9a-z]{0,21}){0,8}",
        before in prop::collection::vec("17000000[0-9]{2}\\|c[0-2]\\|q\\|a[12]\\|(CONNECT|ENTERQUEUE|RINGCANCELED)\\|[0-9]{1,3}\\|x\\|[0-9]", 0..4),
    ) {
        let mut t = QueueLogTranslator::new(LA);
        let mut out = Vec::new();
        for (i, l) in before.iter().enumerate() {
            let _ = t.translate_line(i as u64 + 1, l, &mut out);
        }
        let n = out.len();
        match t.translate_line(99, &line, &mut out) {
            Ok(()) => {}
            Err(e) => {
                prop_assert_eq!(out.len(), n);
                prop_assert_eq!(e.record(), 99);
            }
        }
        t.finish(&mut out);
    }
}

/// Every event the fixtures produce is a valid cxkit event: its JSON reads
/// back (through the strict decoders) as the same event.
#[test]
fn every_event_reads_back_as_a_cxkit_event() {
    for name in [
        "asterisk2slack_queue_log",
        "ringall-16.queue_log",
        "exits-16.queue_log",
        "asterisk14.queue_log",
    ] {
        let (_, events) = golden(&fixture(name));
        assert!(!events.is_empty());
        for e in events {
            let v = serde_json::to_value(&e).unwrap();
            let back = match &e {
                FeedEvent::Call(_) => FeedEvent::Call(
                    serde_json::from_value(v.clone()).unwrap_or_else(|x| panic!("{v}: {x}")),
                ),
                FeedEvent::Agent(_) => FeedEvent::Agent(
                    serde_json::from_value(v.clone()).unwrap_or_else(|x| panic!("{v}: {x}")),
                ),
            };
            assert_eq!(back, e, "{name}");
        }
    }
}
