//! #18 complete snapshots: a center restored from a snapshot taken at any
//! point of a stream, then fed the rest of the stream, ends exactly where
//! an uninterrupted run ends — agents, calls in progress, the dedup window,
//! ended calls and the trend included.

#![allow(clippy::unwrap_used)]

use cxkit::core::Scope;
use cxkit::{CallCenter, Config, Event};
use proptest::prelude::*;

fn config() -> Config {
    Config::from_json_str(
        r#"{
        "tenant": {"id": "t1", "time_zone": "Asia/Shanghai",
            "skill_groups": [{"id": "sales"}, {"id": "care"}],
            "agents": [
                {"id": "a0", "skill_groups": ["sales"], "extension": "8000"},
                {"id": "a1", "skill_groups": ["sales", "care"], "extension": "8001"},
                {"id": "a2", "kind": "both", "skill_groups": ["care"], "extension": "8002"}]},
        "agents": {"acw": {"enabled": true, "seconds": 10}}
    }"#,
    )
    .unwrap()
}

/// One event of a random mixed stream (many are refused; both runs refuse
/// the same ones).
fn event(kind: u8, agent: u8, call: u8, at: i64, id: Option<u8>) -> Event {
    let a = format!("a{}", agent % 3);
    let c = format!("c{}", call % 4);
    let at = chrono::DateTime::from_timestamp(1_774_659_600 + at, 0).unwrap().to_rfc3339();
    let chat = format!("ch{}", call % 3);
    let mut v = match kind % 24 {
        0 => serde_json::json!({"type": "login", "agent": a}),
        1 => serde_json::json!({"type": "set_status", "agent": a, "status": "busy"}),
        2 => serde_json::json!({"type": "call_offered", "agent": a, "call": c}),
        3 => serde_json::json!({"type": "answer", "agent": a}),
        4 => serde_json::json!({"type": "call_ended", "agent": a}),
        5 => serde_json::json!({"type": "acw_complete", "agent": a}),
        6 => serde_json::json!({"type": "tick"}),
        7 => serde_json::json!({"type": "call.arrived", "call": c, "caller": "13800138000", "callee": "4008001234"}),
        8 => serde_json::json!({"type": "call.queued", "call": c, "skill_group": if call.is_multiple_of(2) { "sales" } else { "care" }}),
        9 => serde_json::json!({"type": "call.offered", "call": c, "agent": a}),
        10 => serde_json::json!({"type": "call.answered", "call": c, "agent": a}),
        11 => serde_json::json!({"type": "call.held", "call": c}),
        12 => serde_json::json!({"type": "call.resumed", "call": c}),
        13 => serde_json::json!({"type": "call.caller_hung_up", "call": c}),
        14 => serde_json::json!({"type": "call.ring_ended", "call": c}),
        15 => serde_json::json!({"type": "logout", "agent": a}),
        16 => serde_json::json!({"type": "call.queue_timeout", "call": c}),
        17 => serde_json::json!({"type": "chat.agent_login", "agent": "a2"}),
        18 => serde_json::json!({"type": "chat.queued", "chat": chat, "skill_group": "care", "channel": "desktop_web"}),
        19 => serde_json::json!({"type": "chat.assigned", "chat": chat, "agent": "a2"}),
        20 => serde_json::json!({"type": "chat.customer_message", "chat": chat}),
        21 => serde_json::json!({"type": "chat.agent_message", "chat": chat}),
        22 => serde_json::json!({"type": "chat.closed", "chat": chat, "by": "customer"}),
        _ => serde_json::json!({"type": "chat.rated", "chat": chat, "satisfied": call.is_multiple_of(2)}),
    };
    v["at"] = at.into();
    if let Some(id) = id {
        v["event_id"] = format!("e{id}").into();
    }
    Event::from_value(&v).unwrap()
}

fn views(c: &CallCenter, now: i64) -> serde_json::Value {
    let now = chrono::DateTime::from_timestamp(1_774_659_600 + now, 0).unwrap();
    serde_json::json!({
        "snapshot": c.snapshot(),
        "wallboard": c.wallboard(&Scope::Tenant).unwrap(),
        "online": c.online_wallboard(&Scope::Tenant, now).unwrap(),
        "ended": c.ended_calls(),
        "trend": c.trend_today(now).unwrap(),
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn restore_then_replay_equals_an_uninterrupted_run(
        steps in proptest::collection::vec((0u8..24, 0u8..3, 0u8..4, 0i64..20, proptest::option::weighted(0.3, 0u8..8)), 1..150),
        cut in 0usize..150,
    ) {
        let cfg = config();
        let mut t = 0;
        let events: Vec<Event> = steps
            .into_iter()
            .map(|(k, a, c, dt, id)| { t += dt; event(k, a, c, t, id) })
            .collect();
        let cut = cut % (events.len() + 1);
        let mut whole = CallCenter::new(&cfg).unwrap();
        let whole_results: Vec<_> = events.iter().map(|e| whole.apply(e).map_err(|e| e.code())).collect();

        let mut first = CallCenter::new(&cfg).unwrap();
        let mut results: Vec<_> = events[..cut].iter().map(|e| first.apply(e).map_err(|e| e.code())).collect();
        let snap = serde_json::to_string(&first.snapshot()).unwrap();
        let mut second = CallCenter::restore(&cfg, serde_json::from_str(&snap).unwrap()).unwrap();
        prop_assert_eq!(views(&second, t), views(&first, t), "restore changed the state");
        results.extend(events[cut..].iter().map(|e| second.apply(e).map_err(|e| e.code())));

        prop_assert_eq!(results, whole_results);
        prop_assert_eq!(views(&second, t), views(&whole, t));
    }
}

#[test]
fn a_newer_snapshot_format_is_refused_by_name() {
    let cfg = config();
    let mut snap = CallCenter::new(&cfg).unwrap().snapshot();
    snap["version"] = 3.into();
    let e = CallCenter::restore(&cfg, snap).unwrap_err();
    assert_eq!(e.code(), "INVALID_INPUT");
    assert!(e.message().contains("format 3 is newer"), "{}", e.message());
}

#[test]
fn a_format_1_snapshot_restores_the_board() {
    let cfg = config();
    let mut c = CallCenter::new(&cfg).unwrap();
    c.apply(&event(0, 1, 0, 0, None)).unwrap();
    let v1 = c.snapshot()["agents"].clone();
    let r = CallCenter::restore(&cfg, v1).unwrap();
    assert_eq!(r.wallboard(&Scope::Tenant).unwrap(), c.wallboard(&Scope::Tenant).unwrap());
}
