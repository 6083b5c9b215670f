//! FD3: the FreeSWITCH mod_callcenter adapter on the documentation sample
//! and the hand-made fixtures in `tests/feeds/freeswitch/`.
#![allow(clippy::unwrap_used, missing_docs)]

use cxkit_calls::{CallTracker, CallsConfig, EndReason, Outcome};
use cxkit_core::{Tenant, TenantConfig};
use cxkit_feeds::freeswitch::{FreeswitchTranslator, FsEvent, read_json, read_plain};
use cxkit_feeds::{FeedError, FeedEvent};
use std::path::PathBuf;

fn fixture(name: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/feeds/freeswitch")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn records(name: &str) -> Vec<Result<(u64, FsEvent), FeedError>> {
    let text = fixture(name);
    if name.ends_with(".json") {
        read_json(&text).collect()
    } else {
        read_plain(&text).collect()
    }
}

/// Every record through one translator: the events, and one JSON line per
/// event or error (what the snapshots pin).
fn run(name: &str) -> (Vec<FeedEvent>, String) {
    let (events, lines, live) = run_open(name);
    assert_eq!(live, 0, "{name}: every call ended");
    (events, lines)
}

/// [`run`], and how many calls are still live at the end.
fn run_open(name: &str) -> (Vec<FeedEvent>, String, usize) {
    let mut t = FreeswitchTranslator::new();
    let mut all = Vec::new();
    let mut lines = String::new();
    for r in records(name) {
        let mut out = Vec::new();
        let res = r.and_then(|(n, ev)| t.push(n, &ev, &mut out).map(|()| n));
        match res {
            Ok(_) => {
                for e in &out {
                    lines.push_str(&serde_json::to_string(e).unwrap());
                    lines.push('\n');
                }
            }
            Err(e) => {
                lines.push_str(
                    &serde_json::json!({"record": e.record(), "error": e.code(), "message": e.to_string()}).to_string(),
                );
                lines.push('\n');
            }
        }
        all.extend(out);
    }
    (all, lines, t.live_calls())
}

#[test]
fn golden_docs_examples_as_printed() {
    // The documentation prints no Event-Date-Timestamp: every example the
    // translator reads is refused, naming the header; members-count is ignored.
    let (events, lines) = run("docs-examples.txt");
    assert!(events.is_empty());
    assert_eq!(
        lines.lines().count(),
        9,
        "ten examples, members-count ignored"
    );
    assert!(lines.lines().all(|l| l.contains("Event-Date-Timestamp")));
    insta::assert_snapshot!("fs_docs_examples", lines);
}

#[test]
fn golden_docs_examples_timed() {
    // The examples name three different sessions: the one offered at
    // agent-offering never ends in them.
    let (_, lines, live) = run_open("docs-examples-timed.txt");
    assert_eq!(live, 1);
    insta::assert_snapshot!("fs_docs_examples_timed", lines);
}

#[test]
fn golden_ringall_answered() {
    let (_, lines) = run("ringall-answered.txt");
    insta::assert_snapshot!("fs_ringall_answered", lines);
}

#[test]
fn golden_abandon_ringing() {
    let (_, lines) = run("abandon-ringing.txt");
    insta::assert_snapshot!("fs_abandon_ringing", lines);
}

#[test]
fn golden_break_out_key() {
    let (_, lines) = run("break-out-key.txt");
    insta::assert_snapshot!("fs_break_out_key", lines);
}

#[test]
fn golden_json_session() {
    let (_, lines) = run("session.json");
    insta::assert_snapshot!("fs_session_json", lines);
}

fn tenant() -> Tenant {
    let agents: Vec<_> = [
        ("1001@default", "sales@default"),
        ("1002@default", "sales@default"),
        ("1003@default", "sales@default"),
        ("2001@default", "support@default"),
        ("2002@default", "support@default"),
        ("3001@default", "vip@default"),
    ]
    .iter()
    .map(|(a, g)| serde_json::json!({"id": a, "kind": "call", "skill_groups": [g]}))
    .collect();
    let c: TenantConfig = serde_json::from_value(serde_json::json!({
        "id": "t1", "time_zone": "Asia/Shanghai",
        "skill_groups": [{"id": "sales@default"}, {"id": "support@default"}, {"id": "vip@default"}],
        "org": [{"id": "hq"}],
        "agents": agents
    }))
    .unwrap();
    c.validate().unwrap()
}

fn tracker() -> CallTracker {
    let config: CallsConfig = serde_json::from_value(serde_json::json!({
        "quick_hang_up_secs": 5,
        "service_calendar": {
            "time_zone": "Asia/Shanghai",
            "weekly": {"mon": [{"start": "09:00", "end": "18:00"}]}
        }
    }))
    .unwrap();
    CallTracker::new(&tenant(), &config).unwrap()
}

/// The call events of a fixture through a tracker: each ended call's
/// outcome and end reason, in end order.
fn outcomes(name: &str) -> Vec<(String, Outcome, EndReason)> {
    let (events, _) = run(name);
    let mut t = tracker();
    let mut ended = Vec::new();
    for e in events {
        if let FeedEvent::Call(c) = e {
            let tr = t
                .apply(&c)
                .unwrap_or_else(|err| panic!("{name}: {c:?}: {err}"));
            if let Some(r) = tr.ended {
                ended.push((
                    r.record.call.to_string(),
                    r.outcome.unwrap(),
                    r.record.end_reason,
                ));
            }
        }
    }
    assert_eq!(t.live_count(), 0);
    ended
}

#[test]
fn sms1_outcomes_of_the_fixtures() {
    assert_eq!(
        outcomes("ringall-answered.txt"),
        vec![(
            "a1f7c0de-0001-4c11-9d3e-5a0000000001".into(),
            Outcome::AgentAnswered,
            EndReason::CallerHungUp
        )]
    );
    assert_eq!(
        outcomes("abandon-ringing.txt"),
        vec![
            (
                "a1f7c0de-0002-4c11-9d3e-5a0000000002".into(),
                Outcome::RangNotAnswered,
                EndReason::CallerHungUp
            ),
            (
                "a1f7c0de-0003-4c11-9d3e-5a0000000003".into(),
                Outcome::QueueTimeout,
                EndReason::QueueTimeout
            ),
        ]
    );
    assert_eq!(
        outcomes("break-out-key.txt"),
        vec![
            (
                "a1f7c0de-0004-4c11-9d3e-5a0000000004".into(),
                Outcome::QueueAbandon,
                EndReason::QueueLeftKey
            ),
            (
                "a1f7c0de-0005-4c11-9d3e-5a0000000005".into(),
                Outcome::QueueAbandon,
                EndReason::QueueLeftKey
            ),
            (
                "a1f7c0de-0006-4c11-9d3e-5a0000000006".into(),
                Outcome::QueueTimeout,
                EndReason::QueueLeftNoAgents
            ),
        ]
    );
    assert_eq!(
        outcomes("session.json"),
        vec![(
            "a1f7c0de-0007-4c11-9d3e-5a0000000007".into(),
            Outcome::AgentAnswered,
            EndReason::SystemEnded
        )]
    );
}

#[test]
fn ringall_rings_three_and_the_cancelled_rings_are_not_misses() {
    let (events, _) = run("ringall-answered.txt");
    let types: Vec<&str> = events
        .iter()
        .filter_map(|e| match e {
            FeedEvent::Call(c) => Some(c.type_name()),
            FeedEvent::Agent(_) => None,
        })
        .collect();
    assert_eq!(
        types,
        [
            "call.queued",
            "call.offered",
            "call.offered",
            "call.offered",
            "call.answered",
            "call.caller_hung_up"
        ]
    );
}

#[test]
fn a_status_chosen_while_ringing_or_talking_waits_for_the_end_of_the_call() {
    let (events, _) = run("abandon-ringing.txt");
    let v: Vec<serde_json::Value> = events
        .iter()
        .map(|e| serde_json::to_value(e).unwrap())
        .collect();
    let ring_end = v
        .iter()
        .position(|e| e["type"] == "call.ring_ended" && e["agent"] == "2002@default")
        .unwrap();
    let brk = v
        .iter()
        .position(|e| e["type"] == "set_status" && e["agent"] == "2002@default")
        .unwrap();
    assert_eq!(
        brk,
        ring_end + 1,
        "On Break is carried out right after the ring ends"
    );
    assert_eq!(v[brk]["status"], "break");
    assert_eq!(
        v[brk]["at"], v[ring_end]["at"],
        "at the ring's end, clamped after it"
    );

    let (events, _) = run("session.json");
    let v: Vec<serde_json::Value> = events
        .iter()
        .map(|e| serde_json::to_value(e).unwrap())
        .collect();
    let end = v
        .iter()
        .position(|e| e["type"] == "call.system_ended")
        .unwrap();
    assert_eq!(v[end + 1]["type"], "set_status");
    assert_eq!(v[end + 1]["status"], "break");
}

#[test]
fn plain_and_json_of_the_same_events_translate_alike() {
    let text = fixture("ringall-answered.txt");
    let json: String = read_plain(&text)
        .map(|r| {
            let (_, ev) = r.unwrap();
            let obj: serde_json::Map<String, serde_json::Value> = ev
                .headers()
                .iter()
                .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                .collect();
            serde_json::Value::Object(obj).to_string() + "\n"
        })
        .collect();
    let translate = |recs: Vec<FsEvent>| {
        let mut t = FreeswitchTranslator::new();
        let mut out = Vec::new();
        for (i, ev) in recs.iter().enumerate() {
            t.push(i as u64 + 1, ev, &mut out).unwrap();
        }
        out
    };
    let a = translate(read_plain(&text).map(|r| r.unwrap().1).collect());
    let b = translate(read_json(&json).map(|r| r.unwrap().1).collect());
    assert!(!a.is_empty());
    assert_eq!(a, b);
}

#[test]
fn reading_every_record_twice_gives_the_same_ids() {
    for name in [
        "ringall-answered.txt",
        "abandon-ringing.txt",
        "break-out-key.txt",
        "session.json",
    ] {
        let mut t = FreeswitchTranslator::new();
        let mut once = Vec::new();
        for r in records(name) {
            let (n, ev) = r.unwrap();
            let mut first = Vec::new();
            t.push(n, &ev, &mut first).unwrap();
            let mut second = Vec::new();
            t.push(n, &ev, &mut second).unwrap();
            assert_eq!(first, second, "{name} record {n}");
            once.extend(first);
        }
        let (straight, _) = run(name);
        assert_eq!(once, straight, "{name}: a repeated record changes nothing");
        let mut ids: Vec<String> = once
            .iter()
            .map(|e| match e {
                FeedEvent::Call(c) => c.event_id().unwrap().to_owned(),
                FeedEvent::Agent(a) => a.event_id().unwrap().to_owned(),
            })
            .collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n, "{name}: ids are unique");
    }
}

// ---- bad input ----------------------------------------------------------

fn ev(pairs: &[(&str, &str)]) -> FsEvent {
    let mut all = vec![
        ("Event-Name", "CUSTOM"),
        ("Event-Subclass", "callcenter::info"),
    ];
    all.extend_from_slice(pairs);
    FsEvent::from_pairs(all.iter().map(|(k, v)| (k.to_string(), v.to_string())))
}

const S: &str = "5e55-1";

fn queue_start(ts: &str) -> FsEvent {
    ev(&[
        ("Event-Date-Timestamp", ts),
        ("CC-Action", "member-queue-start"),
        ("CC-Queue", "sales@default"),
        ("CC-Member-Session-UUID", S),
        ("CC-Member-UUID", "m-1"),
        ("CC-Member-CID-Number", "13800000000"),
    ])
}

fn cancel(ts: &str, reason: &str) -> FsEvent {
    ev(&[
        ("Event-Date-Timestamp", ts),
        ("CC-Action", "member-queue-end"),
        ("CC-Queue", "sales@default"),
        ("CC-Cause", "Cancel"),
        ("CC-Cancel-Reason", reason),
        ("CC-Member-Session-UUID", S),
    ])
}

/// `bad` fails with `check`, appends nothing, and the translator then
/// behaves exactly as one that never saw it.
fn refused(before: &[FsEvent], bad: &FsEvent, after: &[FsEvent], check: impl Fn(&FeedError)) {
    let mut t = FreeswitchTranslator::new();
    let mut clean = FreeswitchTranslator::new();
    let mut out = Vec::new();
    let mut clean_out = Vec::new();
    for (i, e) in before.iter().enumerate() {
        t.push(i as u64 + 1, e, &mut out).unwrap();
        clean.push(i as u64 + 1, e, &mut clean_out).unwrap();
    }
    let n = out.len();
    let err = t.push(99, bad, &mut out).unwrap_err();
    assert_eq!(err.record(), 99);
    check(&err);
    assert_eq!(out.len(), n, "nothing appended on error");
    for (i, e) in after.iter().enumerate() {
        t.push(100 + i as u64, e, &mut out).unwrap();
        clean.push(100 + i as u64, e, &mut clean_out).unwrap();
    }
    assert_eq!(out, clean_out, "state unchanged by the refused record");
}

fn field_is(err: &FeedError, want: &str) -> bool {
    matches!(err, FeedError::Malformed { field, .. } if field == want)
}

#[test]
fn missing_or_non_numeric_time_names_event_date_timestamp() {
    let mut bad = queue_start("x");
    refused(&[], &bad, &[queue_start("1772416800000000")], |e| {
        assert!(field_is(e, "Event-Date-Timestamp"), "{e}");
        assert!(e.to_string().contains("`x` is not a number"), "{e}");
    });
    bad = ev(&[
        ("CC-Action", "member-queue-start"),
        ("CC-Queue", "q"),
        ("CC-Member-Session-UUID", S),
    ]);
    refused(&[], &bad, &[], |e| {
        assert!(field_is(e, "Event-Date-Timestamp"), "{e}")
    });
}

#[test]
fn a_frame_without_event_name_or_action_is_malformed() {
    let no_name = FsEvent::from_pairs([("CC-Action", "member-queue-start")]);
    refused(&[], &no_name, &[], |e| {
        assert!(field_is(e, "Event-Name"), "{e}")
    });
    let no_action = ev(&[("Event-Date-Timestamp", "1")]);
    refused(&[], &no_action, &[], |e| {
        assert!(field_is(e, "CC-Action"), "{e}")
    });
}

#[test]
fn unknown_action_status_state_cause_and_reason_are_refused() {
    let unknown = ev(&[
        ("Event-Date-Timestamp", "1"),
        ("CC-Action", "agent-teleported"),
    ]);
    refused(&[], &unknown, &[], |e| {
        assert_eq!(
            e,
            &FeedError::UnknownEvent {
                record: 99,
                event: "agent-teleported".into()
            }
        )
    });
    let status = ev(&[
        ("Event-Date-Timestamp", "1"),
        ("CC-Action", "agent-status-change"),
        ("CC-Agent", "a"),
        ("CC-Agent-Status", "Sleeping"),
    ]);
    refused(&[], &status, &[], |e| {
        assert!(field_is(e, "CC-Agent-Status"), "{e}")
    });
    let state = ev(&[
        ("Event-Date-Timestamp", "1"),
        ("CC-Action", "agent-state-change"),
        ("CC-Agent", "a"),
        ("CC-Agent-State", "Dreaming"),
    ]);
    refused(&[], &state, &[], |e| {
        assert!(field_is(e, "CC-Agent-State"), "{e}")
    });
    let start = queue_start("1772416800000000");
    refused(
        std::slice::from_ref(&start),
        &cancel("1772416810000000", "BORED"),
        &[cancel("1772416810000000", "TIMEOUT")],
        |e| assert!(field_is(e, "CC-Cancel-Reason"), "{e}"),
    );
    let no_cause = ev(&[
        ("Event-Date-Timestamp", "1772416810000000"),
        ("CC-Action", "member-queue-end"),
        ("CC-Member-Session-UUID", S),
    ]);
    refused(std::slice::from_ref(&start), &no_cause, &[], |e| {
        assert!(field_is(e, "CC-Cause"), "{e}")
    });
}

#[test]
fn a_record_without_a_member_id_or_agent_is_malformed() {
    let no_call = ev(&[
        ("Event-Date-Timestamp", "1"),
        ("CC-Action", "member-queue-start"),
        ("CC-Queue", "q"),
    ]);
    refused(&[], &no_call, &[], |e| {
        assert!(field_is(e, "CC-Member-Session-UUID"), "{e}")
    });
    let no_agent = ev(&[
        ("Event-Date-Timestamp", "1"),
        ("CC-Action", "agent-offering"),
        ("CC-Member-Session-UUID", S),
    ]);
    refused(&[], &no_agent, &[], |e| {
        assert!(field_is(e, "CC-Agent"), "{e}")
    });
}

#[test]
fn a_record_for_an_ended_call_is_call_ended() {
    let start = queue_start("1772416800000000");
    let end = cancel("1772416810000000", "TIMEOUT");
    let late = ev(&[
        ("Event-Date-Timestamp", "1772416820000000"),
        ("CC-Action", "agent-offering"),
        ("CC-Agent", "1001@default"),
        ("CC-Member-Session-UUID", S),
    ]);
    refused(&[start, end], &late, &[], |e| {
        assert_eq!(
            e,
            &FeedError::CallEnded {
                record: 99,
                call: S.into()
            }
        )
    });
}

#[test]
fn a_record_earlier_than_its_calls_last_is_out_of_order() {
    let start = queue_start("1772416800000000");
    let early = cancel("1772416799000000", "TIMEOUT");
    refused(
        std::slice::from_ref(&start),
        &early,
        &[cancel("1772416801000000", "TIMEOUT")],
        |e| {
            assert!(
                matches!(e, FeedError::OutOfOrder { subject, .. } if subject.contains(S)),
                "{e}"
            )
        },
    );
    let login = ev(&[
        ("Event-Date-Timestamp", "1772416800000000"),
        ("CC-Action", "agent-status-change"),
        ("CC-Agent", "a"),
        ("CC-Agent-Status", "Available"),
    ]);
    let early_break = ev(&[
        ("Event-Date-Timestamp", "1772416700000000"),
        ("CC-Action", "agent-status-change"),
        ("CC-Agent", "a"),
        ("CC-Agent-Status", "On Break"),
    ]);
    refused(&[login], &early_break, &[], |e| {
        assert!(
            matches!(e, FeedError::OutOfOrder { subject, .. } if subject.contains("agent `a`")),
            "{e}"
        )
    });
}

#[test]
fn readers_report_bad_frames_with_their_line() {
    let text =
        "# comment\nEvent-Name: CUSTOM\nno colon here\n\nEvent-Name: CUSTOM\nCC-Agent: 1%2\n\n";
    let got: Vec<_> = read_plain(text).collect();
    assert_eq!(got.len(), 2);
    match &got[0] {
        Err(FeedError::Malformed { record, field, .. }) => {
            assert_eq!((*record, field.as_str()), (3, "header"));
        }
        other => panic!("{other:?}"),
    }
    match &got[1] {
        Err(FeedError::Malformed { record, field, .. }) => {
            assert_eq!((*record, field.as_str()), (6, "CC-Agent"));
        }
        other => panic!("{other:?}"),
    }
    let json = "Content-Type: text/event-json\n\n{\"Event-Name\": \"CUSTOM\"}\n[1, 2]\n{\"a\":\n\"b\"}\n{\"open\": \n";
    let got: Vec<_> = read_json(json).collect();
    assert_eq!(got.len(), 4);
    assert_eq!(got[0].as_ref().unwrap().0, 3);
    assert!(matches!(&got[1], Err(FeedError::Malformed { record: 4, field, .. }) if field == "$"));
    assert_eq!(
        got[2].as_ref().unwrap().0,
        5,
        "an object spanning lines keeps its first line"
    );
    assert_eq!(got[2].as_ref().unwrap().1.get("a"), Some("b"));
    assert!(matches!(
        &got[3],
        Err(FeedError::Malformed { record: 7, .. })
    ));
}

#[test]
fn envelopes_replies_and_other_events_are_not_records() {
    let text = "Content-Type: auth/request\n\nContent-Type: command/reply\nReply-Text: +OK accepted\n\n\
                Content-Length: 40\nContent-Type: text/event-plain\n\n\
                Event-Name: HEARTBEAT\nEvent-Date-Timestamp: 1\n\n\
                Event-Name: CUSTOM\nEvent-Subclass: sofia%3A%3Aregister\nEvent-Date-Timestamp: 1\n\n\
                Event-Name: BACKGROUND_JOB\nContent-Length: 41\n\n+OK 7f4de4bc-17d7-11dd-b7a0-db4edd065621\n\n";
    let recs: Vec<_> = read_plain(text).map(|r| r.unwrap()).collect();
    assert_eq!(recs.len(), 3, "the envelope, the replies and the job's body are skipped");
    let mut t = FreeswitchTranslator::new();
    let mut out = Vec::new();
    for (n, e) in &recs {
        t.push(*n, e, &mut out).unwrap();
    }
    assert!(out.is_empty(), "HEARTBEAT, BACKGROUND_JOB and other subclasses are ignored");
}

#[test]
fn memory_is_bounded() {
    let mut t = FreeswitchTranslator::with_memory(3, 5);
    let mut out = Vec::new();
    let base: i64 = 1_772_416_800_000_000;
    for i in 0..50i64 {
        let s = format!("call-{i}");
        let ts = (base + i * 1_000_000).to_string();
        let ts2 = (base + i * 1_000_000 + 500_000).to_string();
        let start = ev(&[
            ("Event-Date-Timestamp", &ts),
            ("CC-Action", "member-queue-start"),
            ("CC-Queue", "q"),
            ("CC-Member-Session-UUID", &s),
        ]);
        let end = ev(&[
            ("Event-Date-Timestamp", &ts2),
            ("CC-Action", "member-queue-end"),
            ("CC-Cause", "Cancel"),
            ("CC-Cancel-Reason", "BREAK_OUT"),
            ("CC-Member-Session-UUID", &s),
        ]);
        t.push(1, &start, &mut out).unwrap();
        t.push(2, &end, &mut out).unwrap();
        assert!(t.remembered_ended() <= 3);
    }
    assert_eq!(t.live_calls(), 0);
    assert_eq!(out.len(), 100);
}

// ---- lost records ---------------------------------------------------------

use proptest::prelude::*;

/// Feeds the kept records; every call event produced must be accepted by a
/// tracker holding the whole roster (the translator's output is a valid
/// stream even when the feed lost records), and every error is typed.
fn lossy(name: &str, keep: &[bool]) -> Result<(), TestCaseError> {
    let recs: Vec<(u64, FsEvent)> = records(name).into_iter().map(|r| r.unwrap()).collect();
    let mut t = FreeswitchTranslator::new();
    let mut tr = tracker();
    for ((n, ev), k) in recs.iter().zip(keep.iter().cycle()) {
        if !k {
            continue;
        }
        let mut out = Vec::new();
        if let Err(e) = t.push(*n, ev, &mut out) {
            prop_assert!(out.is_empty());
            prop_assert_eq!(e.record(), *n);
            continue;
        }
        for e in out {
            if let FeedEvent::Call(c) = e {
                let r = tr.apply(&c);
                prop_assert!(r.is_ok(), "{}: record {}: {:?}: {:?}", name, n, c, r);
            }
        }
    }
    prop_assert_eq!(tr.live_count(), t.live_calls(), "{}: the tracker and the translator agree on live calls", name);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn lost_records_still_give_a_valid_call_stream(keep in proptest::collection::vec(proptest::bool::weighted(0.8), 1..64)) {
        for name in ["ringall-answered.txt", "abandon-ringing.txt", "break-out-key.txt", "session.json"] {
            lossy(name, &keep)?;
        }
    }
}

#[test]
fn a_ring_all_loser_failing_after_the_call_ended_is_not_an_error() {
    let recs: Vec<(u64, FsEvent)> = records("ringall-answered.txt").into_iter().map(|r| r.unwrap()).collect();
    // Move 1003's bridge-agent-fail after the end of the call (its thread was slow).
    let is_late = |ev: &FsEvent| {
        ev.get("CC-Action") == Some("bridge-agent-fail") && ev.get("CC-Agent") == Some("1003@default")
    };
    let late = recs.iter().find(|(_, e)| is_late(e)).unwrap().clone();
    let mut order: Vec<(u64, FsEvent)> = recs.iter().filter(|(_, e)| !is_late(e)).cloned().collect();
    order.push(late);
    let mut t = FreeswitchTranslator::new();
    let mut out = Vec::new();
    for (n, e) in &order {
        t.push(*n, e, &mut out).unwrap();
    }
    assert_eq!(out, run("ringall-answered.txt").0);
}

#[test]
fn terminated_before_bridge_end_ends_the_call_once() {
    let recs: Vec<(u64, FsEvent)> = records("ringall-answered.txt").into_iter().map(|r| r.unwrap()).collect();
    let pos = |a: &str| recs.iter().position(|(_, e)| e.get("CC-Action") == Some(a)).unwrap();
    let (end, term) = (pos("bridge-agent-end"), pos("member-queue-end"));
    let mut order = recs.clone();
    order.swap(end, term);
    // Same instant for both, so that the order check holds.
    let mut t = FreeswitchTranslator::new();
    let mut out = Vec::new();
    for (n, e) in &order {
        t.push(*n, e, &mut out).unwrap();
    }
    let ends: Vec<&str> = out
        .iter()
        .filter_map(|e| match e {
            FeedEvent::Call(c) if matches!(c.type_name(), "call.caller_hung_up" | "call.system_ended") => {
                Some(c.type_name())
            }
            _ => None,
        })
        .collect();
    // member-queue-end describes the caller's channel (recv_bye there):
    // the caller hung up, as bridge-agent-end's send_bye on the agent's says.
    assert_eq!(ends, ["call.caller_hung_up"]);
    assert_eq!(t.live_calls(), 0);
}

#[test]
fn the_format_of_a_capture_is_sniffed() {
    use cxkit_feeds::freeswitch::{FsFormat, read_any, sniff};
    assert_eq!(sniff(&fixture("session.json")), FsFormat::Json);
    assert_eq!(sniff(&fixture("ringall-answered.txt")), FsFormat::Plain);
    assert_eq!(sniff("Content-Type: text/event-json\n\n{\"Event-Name\": \"CUSTOM\"}\n"), FsFormat::Json);
    for name in ["session.json", "ringall-answered.txt"] {
        let a: Vec<_> = read_any(&fixture(name)).map(|r| r.unwrap()).collect();
        let b: Vec<_> = records(name).into_iter().map(|r| r.unwrap()).collect();
        assert_eq!(a, b);
    }
}

/// Per call and per agent, the events are in time order (the engine
/// refuses an event earlier than the last of its call or agent).
fn assert_time_order(name: &str, events: &[FeedEvent]) {
    let mut last: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for e in events {
        let v = serde_json::to_value(e).unwrap();
        let at = v["at"].as_str().unwrap().to_owned();
        let at_t = chrono::DateTime::parse_from_rfc3339(&at).unwrap();
        for key in ["call", "agent"] {
            if let Some(id) = v.get(key).and_then(|x| x.as_str()) {
                let k = format!("{key}:{id}");
                if let Some(prev) = last.get(&k) {
                    let prev_t = chrono::DateTime::parse_from_rfc3339(prev).unwrap();
                    assert!(prev_t <= at_t, "{name}: {k} goes back from {prev} to {at}");
                }
                last.insert(k, at.clone());
            }
        }
    }
}

#[test]
fn events_are_in_time_order_per_call_and_per_agent() {
    for name in ["ringall-answered.txt", "abandon-ringing.txt", "break-out-key.txt", "session.json"] {
        assert_time_order(name, &run(name).0);
    }
}
