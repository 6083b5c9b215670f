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

/// How many kinds of event the random streams mix.
const KINDS: u8 = 33;

/// One event of a random mixed stream (many are refused; both runs refuse
/// the same ones).
fn event(kind: u8, agent: u8, call: u8, at: i64, id: Option<u8>) -> Event {
    let a = format!("a{}", agent % 3);
    let c = format!("c{}", call % 4);
    let at = chrono::DateTime::from_timestamp(1_774_659_600 + at, 0).unwrap().to_rfc3339();
    let chat = format!("ch{}", call % 3);
    let b = format!("a{}", (agent + 1) % 3);
    let mut v = match kind % KINDS {
        24 => serde_json::json!({"type": "call.transferred", "call": c, "to": {"agent": b}}),
        25 => serde_json::json!({"type": "consult_ended", "agent": a}),
        26 => serde_json::json!({"type": "call.queue_left", "call": c, "reason": "key", "destination": "voicemail"}),
        27 => serde_json::json!({"type": "call.transferred", "call": c, "to": {"external": "+8613800138000"}}),
        28 => serde_json::json!({"type": "call.outbound_dialed", "call": c, "agent": a, "callee": "13800138000"}),
        29 => serde_json::json!({"type": "call.outbound_connected", "call": c}),
        30 => serde_json::json!({"type": "call.outbound_ended", "call": c}),
        31 => serde_json::json!({"type": "call.ring_ended", "call": c, "agent": a}),
        32 => serde_json::json!({"type": "consult_answered", "agent": a}),
        0 => serde_json::json!({"type": "login", "agent": a}),
        1 => serde_json::json!({"type": "set_status", "agent": a, "status": "busy"}),
        2 => serde_json::json!({"type": "call.system_ended", "call": c}),
        3 => serde_json::json!({"type": "consult_start", "agent": a, "target": b, "mode": "transfer"}),
        4 => serde_json::json!({"type": "transfer_confirmed", "agent": a}),
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
        steps in proptest::collection::vec((0u8..KINDS, 0u8..3, 0u8..4, 0i64..20, proptest::option::weighted(0.3, 0u8..8)), 1..150),
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

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// FD1: after every accepted event of a random mixed stream, the agents
    /// the tracker has on each call are exactly those the board shows on
    /// it; a refused event changes nothing at all (snapshot and views).
    #[test]
    fn one_stream_invariant_holds_and_refusals_change_nothing(
        steps in proptest::collection::vec((0u8..KINDS, 0u8..3, 0u8..4, 0i64..20, proptest::option::weighted(0.2, 0u8..8)), 1..200),
    ) {
        let cfg = config();
        let mut c = CallCenter::new(&cfg).unwrap();
        let mut t = 0;
        let mut accepted = 0;
        for (k, a, call, dt, id) in steps {
            t += dt;
            let e = event(k, a, call, t, id);
            let before = views(&c, t);
            match c.apply(&e) {
                Ok(_) => accepted += 1,
                Err(err) => {
                    prop_assert_ne!(err.code(), "INTERNAL");
                    prop_assert_eq!(&views(&c, t), &before, "refused {:?} changed state", e);
                }
            }
            if let Err(m) = c.check_one_stream() {
                prop_assert!(false, "FD1 broken after {:?}: {}", e, m);
            }
        }
        let _ = accepted;
    }
}

#[test]
fn a_newer_snapshot_format_is_refused_by_name() {
    let cfg = config();
    let mut snap = CallCenter::new(&cfg).unwrap().snapshot();
    snap["version"] = (cxkit::call_center::SNAPSHOT_VERSION + 1).into();
    let e = CallCenter::restore(&cfg, snap).unwrap_err();
    assert_eq!(e.code(), "INVALID_INPUT");
    let want = format!("format {} is newer", cxkit::call_center::SNAPSHOT_VERSION + 1);
    assert!(e.message().contains(&want), "{}", e.message());
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
