//! FD3: the Amazon Connect agent event stream adapter on the documentation
//! samples and the hand-made fixtures in `tests/feeds/connect/`.
#![allow(clippy::unwrap_used, missing_docs)]

use cxkit_agents::ChosenStatus;
use cxkit_calls::{CallTracker, CallsConfig, EndReason, Outcome};
use cxkit_core::{Tenant, TenantConfig};
use cxkit_feeds::connect::{AgentIdFrom, ConnectOptions, ConnectTranslator, read_records};
use cxkit_feeds::{FeedError, FeedEvent};
use serde_json::{Value, json};
use std::path::PathBuf;

fn fixture(name: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/feeds/connect")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn records(name: &str) -> Vec<(u64, Value)> {
    read_records(&fixture(name)).map(|r| r.unwrap()).collect()
}

fn run_with(name: &str, t: &mut ConnectTranslator) -> (Vec<FeedEvent>, String) {
    let mut all = Vec::new();
    let mut lines = String::new();
    for (n, rec) in records(name) {
        let mut out = Vec::new();
        match t.push(n, &rec, &mut out) {
            Ok(()) => {
                for e in &out {
                    lines.push_str(&serde_json::to_string(e).unwrap());
                    lines.push('\n');
                }
            }
            Err(e) => {
                lines.push_str(
                    &json!({"record": e.record(), "error": e.code(), "message": e.to_string()})
                        .to_string(),
                );
                lines.push('\n');
            }
        }
        all.extend(out);
    }
    (all, lines)
}

fn run(name: &str) -> (Vec<FeedEvent>, String) {
    let mut t = ConnectTranslator::new();
    let r = run_with(name, &mut t);
    assert_eq!(t.live_calls(), 0, "{name}: every call ended");
    r
}

#[test]
fn golden_docs_sample_agent_event_stream() {
    // One HEART_BEAT record: nothing happens.
    let (events, lines) = run("docs-sample-agent-event-stream.json");
    assert!(events.is_empty());
    insta::assert_snapshot!("connect_docs_sample", lines);
}

#[test]
fn golden_docs_acw() {
    // A contact first seen in ENDED (its start is before the sample) is
    // not a call cxkit can follow; the agent's status is.
    let (_, lines) = run("docs-acw.json");
    insta::assert_snapshot!("connect_docs_acw", lines);
}

#[test]
fn golden_inbound_acw() {
    let (_, lines) = run("inbound-acw.json");
    insta::assert_snapshot!("connect_inbound_acw", lines);
}

#[test]
fn golden_missed() {
    let (_, lines) = run("missed.json");
    insta::assert_snapshot!("connect_missed", lines);
}

#[test]
fn golden_outbound() {
    let (_, lines) = run("outbound.json");
    insta::assert_snapshot!("connect_outbound", lines);
}

#[test]
fn golden_hold() {
    let (_, lines) = run("hold.json");
    insta::assert_snapshot!("connect_hold", lines);
}

const A1: &str = "4a1f0000-0000-4000-8000-00000000a001";

fn tenant() -> Tenant {
    let agents: Vec<_> = (1..=5)
        .map(|i| json!({"id": format!("4a1f0000-0000-4000-8000-00000000a00{i}"), "kind": "call", "skill_groups": ["sales", "support"]}))
        .collect();
    let c: TenantConfig = serde_json::from_value(json!({
        "id": "t1", "time_zone": "Asia/Shanghai",
        "skill_groups": [{"id": "sales"}, {"id": "support"}],
        "org": [{"id": "hq"}],
        "agents": agents
    }))
    .unwrap();
    c.validate().unwrap()
}

fn outcomes(name: &str) -> Vec<(String, Option<Outcome>, EndReason)> {
    let (events, _) = run(name);
    let config: CallsConfig = serde_json::from_value(json!({
        "quick_hang_up_secs": 5,
        "service_calendar": {"time_zone": "Asia/Shanghai", "weekly": {"mon": [{"start": "09:00", "end": "18:00"}]}}
    }))
    .unwrap();
    let mut t = CallTracker::new(&tenant(), &config).unwrap();
    let mut ended = Vec::new();
    for e in events {
        if let FeedEvent::Call(c) = e {
            let tr = t
                .apply(&c)
                .unwrap_or_else(|err| panic!("{name}: {c:?}: {err}"));
            if let Some(r) = tr.ended {
                ended.push((r.record.call.to_string(), r.outcome, r.record.end_reason));
            }
        }
    }
    assert_eq!(t.live_count(), 0);
    ended
}

#[test]
fn sms1_outcomes_of_the_fixtures() {
    use EndReason as R;
    use Outcome as O;
    let c = |i: u32| format!("c0ffee00-000{i}-4000-8000-00000000000{i}");
    assert_eq!(
        outcomes("inbound-acw.json"),
        vec![(c(1), Some(O::AgentAnswered), R::SystemEnded)]
    );
    assert_eq!(
        outcomes("missed.json"),
        vec![
            (c(2), Some(O::AgentAnswered), R::SystemEnded),
            (c(3), Some(O::CallerQuickHangUp), R::CallerHungUp)
        ]
    );
    assert_eq!(
        outcomes("outbound.json"),
        vec![(c(4), None, R::OutboundEnded)]
    );
    assert_eq!(
        outcomes("hold.json"),
        vec![(c(5), Some(O::AgentAnswered), R::SystemEnded)]
    );
}

fn types(events: &[FeedEvent]) -> Vec<String> {
    events
        .iter()
        .map(|e| {
            serde_json::to_value(e).unwrap()["type"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

#[test]
fn acw_is_the_engines_and_the_contact_clearing_says_nothing() {
    let (events, _) = run("inbound-acw.json");
    assert_eq!(
        types(&events),
        [
            "login",
            "call.queued",
            "call.offered",
            "call.answered",
            "call.system_ended",
            "logout"
        ]
    );
    let v: Vec<Value> = events
        .iter()
        .map(|e| serde_json::to_value(e).unwrap())
        .collect();
    assert_eq!(
        v[1]["at"], "2026-03-02T02:02:30Z",
        "queued at QueueTimestamp"
    );
    assert_eq!(
        v[2]["at"], "2026-03-02T02:02:40Z",
        "rang at the CONNECTING StateStartTimestamp"
    );
    assert_eq!(
        v[4]["at"], "2026-03-02T02:07:46Z",
        "ended when the contact ENDED (ACW starts)"
    );
}

#[test]
fn hold_resume_and_statuses() {
    let (events, _) = run("hold.json");
    assert_eq!(
        types(&events),
        [
            "login",
            "call.queued",
            "call.offered",
            "call.answered",
            "call.held",
            "call.resumed",
            "call.system_ended",
            "set_status",
            "set_status",
            "set_status",
            "logout"
        ]
    );
    let st: Vec<Value> = events
        .iter()
        .map(|e| serde_json::to_value(e).unwrap())
        .filter(|e| e["type"] == "set_status")
        .map(|e| e["status"].clone())
        .collect();
    assert_eq!(
        st,
        [json!("meal"), json!("busy"), json!("idle")],
        "Lunch → meal; Coaching (unknown) → busy"
    );
}

#[test]
fn custom_status_map_and_username_ids() {
    let opts = ConnectOptions {
        agent_id: AgentIdFrom::Username,
        statuses: vec![("coaching".into(), ChosenStatus::Training)],
        unknown_status: ChosenStatus::Break,
        ..ConnectOptions::default()
    };
    let mut t = ConnectTranslator::with_options(opts);
    let (events, _) = run_with("hold.json", &mut t);
    let v: Vec<Value> = events
        .iter()
        .map(|e| serde_json::to_value(e).unwrap())
        .collect();
    assert!(
        v.iter()
            .filter(|e| e.get("agent").is_some())
            .all(|e| e["agent"] == "wangfang")
    );
    let st: Vec<Value> = v
        .iter()
        .filter(|e| e["type"] == "set_status")
        .map(|e| e["status"].clone())
        .collect();
    assert_eq!(st, [json!("break"), json!("training"), json!("idle")]);
}

#[test]
fn reading_every_record_twice_gives_the_same_ids() {
    for name in [
        "inbound-acw.json",
        "missed.json",
        "outbound.json",
        "hold.json",
    ] {
        let mut t = ConnectTranslator::new();
        let mut once = Vec::new();
        for (n, rec) in records(name) {
            let mut a = Vec::new();
            t.push(n, &rec, &mut a).unwrap();
            let mut b = Vec::new();
            t.push(n, &rec, &mut b).unwrap();
            assert_eq!(a, b, "{name} record {n}");
            once.extend(a);
        }
        assert_eq!(once, run(name).0);
    }
}

// ---- bad input ----------------------------------------------------------

fn rec(kind: &str, at: &str, status: &str, contacts: Value) -> Value {
    json!({
        "AgentARN": format!("arn:aws:connect:us-east-1:1:instance/i/agent/{A1}"),
        "EventId": format!("{kind}-{at}"),
        "EventType": kind,
        "EventTimestamp": at,
        "CurrentAgentSnapshot": {"AgentStatus": {"Name": status}, "Contacts": contacts},
        "PreviousAgentSnapshot": {"AgentStatus": {"Name": status}, "Contacts": []}
    })
}

fn voice(id: &str, state: &str, at: &str) -> Value {
    json!({"Channel": "VOICE", "ContactId": id, "InitiationMethod": "INBOUND", "Queue": {"Name": "sales"},
           "State": state, "StateStartTimestamp": at})
}

fn refused(before: &[Value], bad: &Value, after: &[Value], check: impl Fn(&FeedError)) {
    let mut t = ConnectTranslator::new();
    let mut clean = ConnectTranslator::new();
    let (mut out, mut clean_out) = (Vec::new(), Vec::new());
    for (i, r) in before.iter().enumerate() {
        t.push(i as u64 + 1, r, &mut out).unwrap();
        clean.push(i as u64 + 1, r, &mut clean_out).unwrap();
    }
    let n = out.len();
    let err = t.push(99, bad, &mut out).unwrap_err();
    assert_eq!(err.record(), 99);
    check(&err);
    assert_eq!(out.len(), n);
    for (i, r) in after.iter().enumerate() {
        t.push(100 + i as u64, r, &mut out).unwrap();
        clean.push(100 + i as u64, r, &mut clean_out).unwrap();
    }
    assert_eq!(out, clean_out, "state unchanged by the refused record");
}

fn field(err: &FeedError) -> &str {
    match err {
        FeedError::Malformed { field, .. } => field,
        _ => "",
    }
}

#[test]
fn missing_or_bad_fields_are_named_with_their_path() {
    let ok = rec(
        "STATE_CHANGE",
        "2026-03-02T02:00:00Z",
        "Available",
        json!([]),
    );
    let mut bad = ok.clone();
    bad["EventTimestamp"] = json!("yesterday");
    refused(&[], &bad, std::slice::from_ref(&ok), |e| {
        assert_eq!(field(e), "$.EventTimestamp", "{e}")
    });
    let mut bad = ok.clone();
    bad.as_object_mut().unwrap().remove("EventType");
    refused(&[], &bad, &[], |e| assert_eq!(field(e), "EventType", "{e}"));
    let mut bad = ok.clone();
    bad.as_object_mut().unwrap().remove("AgentARN");
    refused(&[], &bad, &[], |e| assert_eq!(field(e), "AgentARN", "{e}"));
    let bad = rec(
        "STATE_CHANGE",
        "2026-03-02T02:00:00Z",
        "Available",
        json!([voice("c1", "RINGING", "2026-03-02T02:00:00Z")]),
    );
    refused(&[], &bad, &[], |e| {
        assert_eq!(field(e), "CurrentAgentSnapshot.Contacts[0].State", "{e}")
    });
    let bad = rec(
        "STATE_CHANGE",
        "2026-03-02T02:00:00Z",
        "Available",
        json!([{"Channel": "VOICE", "State": "CONNECTING"}]),
    );
    refused(&[], &bad, &[], |e| {
        assert_eq!(
            field(e),
            "CurrentAgentSnapshot.Contacts[0].ContactId",
            "{e}"
        )
    });
    let bad = rec(
        "STATE_CHANGE",
        "2026-03-02T02:00:00Z",
        "Available",
        json!([voice("c1", "CONNECTING", "soon")]),
    );
    refused(&[], &bad, &[], |e| {
        assert_eq!(
            field(e),
            "CurrentAgentSnapshot.Contacts[0].StateStartTimestamp",
            "{e}"
        )
    });
    let mut bad = ok.clone();
    bad.as_object_mut().unwrap().remove("CurrentAgentSnapshot");
    refused(&[], &bad, &[], |e| {
        assert_eq!(field(e), "CurrentAgentSnapshot", "{e}")
    });
}

#[test]
fn unknown_event_type_is_refused() {
    let bad = rec("TELEPORT", "2026-03-02T02:00:00Z", "Available", json!([]));
    refused(&[], &bad, &[], |e| {
        assert_eq!(
            e,
            &FeedError::UnknownEvent {
                record: 99,
                event: "TELEPORT".into()
            }
        )
    });
}

#[test]
fn a_contact_that_ended_cannot_ring_again() {
    let t = |s: u32| format!("2026-03-02T02:00:{s:02}Z");
    let ring = rec(
        "STATE_CHANGE",
        &t(1),
        "Available",
        json!([voice("c1", "CONNECTING", &t(1))]),
    );
    let end = rec(
        "STATE_CHANGE",
        &t(3),
        "Available",
        json!([voice("c1", "ENDED", &t(3))]),
    );
    let acw = rec(
        "STATE_CHANGE",
        &t(5),
        "Available",
        json!([voice("c1", "ENDED", &t(3))]),
    );
    let again = rec(
        "STATE_CHANGE",
        &t(7),
        "Available",
        json!([voice("c1", "CONNECTED", &t(7))]),
    );
    refused(&[ring, end, acw], &again, &[], |e| {
        assert_eq!(
            e,
            &FeedError::CallEnded {
                record: 99,
                call: "c1".into()
            }
        )
    });
}

#[test]
fn a_record_earlier_than_the_agents_last_is_out_of_order() {
    let late = rec(
        "STATE_CHANGE",
        "2026-03-02T02:00:10Z",
        "Available",
        json!([]),
    );
    let early = rec("STATE_CHANGE", "2026-03-02T02:00:05Z", "Break", json!([]));
    refused(&[late], &early, &[], |e| {
        assert!(matches!(e, FeedError::OutOfOrder { .. }), "{e}")
    });
}

#[test]
fn reader_reports_bad_json_with_its_line() {
    let text = "# c\n{\"a\": 1}\n\n[1]\n{\"b\":\n 2}\nnot json\n";
    let got: Vec<_> = read_records(text).collect();
    assert_eq!(got.len(), 4);
    assert_eq!(got[0].as_ref().unwrap().0, 2);
    assert!(matches!(
        &got[1],
        Err(FeedError::Malformed { record: 4, .. })
    ));
    assert_eq!(got[2].as_ref().unwrap().0, 5);
    assert!(matches!(
        &got[3],
        Err(FeedError::Malformed { record: 7, .. })
    ));
}

#[test]
fn chat_and_task_contacts_are_ignored() {
    let mut t = ConnectTranslator::new();
    let mut out = Vec::new();
    let r = rec(
        "STATE_CHANGE",
        "2026-03-02T02:00:00Z",
        "Available",
        json!([{"Channel": "CHAT", "ContactId": "x", "State": "CONNECTING"}, {"Channel": "TASK", "ContactId": "y", "State": "PAUSED"}]),
    );
    t.push(1, &r, &mut out).unwrap();
    assert_eq!(types(&out), ["login"]);
    assert_eq!(t.live_calls(), 0);
}

#[test]
fn times_come_from_the_contact_and_are_clamped_into_order() {
    let mut t = ConnectTranslator::new();
    let mut out = Vec::new();
    t.push(1, &rec("STATE_CHANGE", "2026-03-02T02:01:40Z", "Available", json!([])), &mut out)
        .unwrap();
    // Queued before the agent came in, ringing "before" the agent's last
    // record (clock skew), seen at 02:01:50.
    let mut c = voice("c9", "CONNECTING", "2026-03-02T02:01:30Z");
    c["QueueTimestamp"] = json!("2026-03-02T02:00:50Z");
    t.push(2, &rec("STATE_CHANGE", "2026-03-02T02:01:50Z", "Available", json!([c])), &mut out)
        .unwrap();
    let v: Vec<Value> = out.iter().map(|e| serde_json::to_value(e).unwrap()).collect();
    assert_eq!(v[1]["type"], "call.queued");
    assert_eq!(v[1]["at"], "2026-03-02T02:00:50Z", "the queue entry keeps its own time");
    assert_eq!(v[2]["type"], "call.offered");
    assert_eq!(v[2]["at"], "2026-03-02T02:01:40Z", "the ring is clamped after the agent's last event");
}

// ---- lost records ---------------------------------------------------------

use proptest::prelude::*;

fn lossy(name: &str, keep: &[bool]) -> Result<(), TestCaseError> {
    let config: CallsConfig = serde_json::from_value(json!({"quick_hang_up_secs": 5})).unwrap();
    let mut tr = CallTracker::new(&tenant(), &config).unwrap();
    let mut t = ConnectTranslator::new();
    for ((n, rec), k) in records(name).iter().zip(keep.iter().cycle()) {
        if !k {
            continue;
        }
        let mut out = Vec::new();
        if let Err(e) = t.push(*n, rec, &mut out) {
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
    prop_assert_eq!(tr.live_count(), t.live_calls(), "{}", name);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Whatever records a consumer lost, the call events are a stream the
    /// tracker accepts, and the two agree on the live calls.
    #[test]
    fn lost_records_still_give_a_valid_call_stream(keep in proptest::collection::vec(proptest::bool::weighted(0.75), 1..32)) {
        for name in ["inbound-acw.json", "missed.json", "outbound.json", "hold.json"] {
            lossy(name, &keep)?;
        }
    }
}

#[test]
fn golden_streams_snapshots_each_on_its_own() {
    // Real (redacted) Streams snapshots, each rewritten as one record: the
    // contacts' real states and times, translated on a fresh translator.
    let mut lines = String::new();
    for (n, rec) in records("streams-snapshots.json") {
        let mut t = ConnectTranslator::new();
        let mut out = Vec::new();
        match t.push(n, &rec, &mut out) {
            Ok(()) => {
                for e in &out {
                    lines.push_str(&serde_json::to_string(e).unwrap());
                    lines.push('\n');
                }
            }
            Err(e) => {
                lines.push_str(&json!({"record": n, "error": e.code(), "message": e.to_string()}).to_string());
                lines.push('\n');
            }
        }
    }
    assert!(lines.contains("call.outbound_dialed"));
    assert!(!lines.contains("2de777aa"), "the chat contact is ignored");
    assert!(!lines.contains("bcd20512"), "the task contact is ignored");
    insta::assert_snapshot!("connect_streams_snapshots", lines);
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
    for name in ["inbound-acw.json", "missed.json", "outbound.json", "hold.json"] {
        assert_time_order(name, &run(name).0);
    }
}
