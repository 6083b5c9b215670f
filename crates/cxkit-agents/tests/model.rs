//! Model-based property tests (CM1): random event sequences, valid and
//! invalid, against the reference recount of every agent's state.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;
use cxkit_agents::{AgentEvent, Board, Status};
use cxkit_core::Scope;
use proptest::prelude::*;

const AGENTS: [&str; 8] = ["a1", "a2", "a3", "a4", "s1", "s2", "g1", "o1"];
const STATUSES: [&str; 7] = ["idle", "busy", "break", "activity", "training", "meal", "meeting"];

fn event(kind: u8, a: usize, b: usize, x: usize, at: i64, id: Option<u8>) -> AgentEvent {
    let agent = AGENTS[a % AGENTS.len()];
    let other = AGENTS[b % AGENTS.len()];
    let mut v = match kind % 22 {
        0 => {
            serde_json::json!({"type": "login", "agent": agent, "status": if x.is_multiple_of(2) { "idle" } else { "busy" },
                                "extension": if x.is_multiple_of(3) { serde_json::Value::Null } else { format!("70{}", x % 4).into() }})
        }
        1 => serde_json::json!({"type": "logout", "agent": agent}),
        2 => serde_json::json!({"type": "set_status", "agent": agent, "status": STATUSES[x % STATUSES.len()]}),
        3 | 4 => serde_json::json!({"type": "call_offered", "agent": agent, "call": format!("c{x}")}),
        5 => serde_json::json!({"type": "answer", "agent": agent}),
        6 => serde_json::json!({"type": "hold", "agent": agent}),
        7 => serde_json::json!({"type": "resume", "agent": agent}),
        8 => {
            let by = [serde_json::Value::Null, "customer".into(), "agent".into(), "system".into()];
            serde_json::json!({"type": "call_ended", "agent": agent, "ended_by": by[x % by.len()]})
        }
        9 => {
            serde_json::json!({"type": "dial", "agent": agent, "call": format!("o{x}"), "number": if x.is_multiple_of(5) { "12a" } else { "+8610086" }})
        }
        10 => serde_json::json!({"type": "outbound_connected", "agent": agent}),
        11 => {
            serde_json::json!({"type": "consult_start", "agent": agent, "target": other, "mode": if x.is_multiple_of(2) { "three_way" } else { "transfer" }})
        }
        12 => serde_json::json!({"type": "consult_answered", "agent": agent}),
        13 => serde_json::json!({"type": "consult_ended", "agent": agent}),
        14 => serde_json::json!({"type": "transfer_confirmed", "agent": agent}),
        15 => serde_json::json!({"type": "listen_start", "supervisor": agent, "target": other}),
        16 => serde_json::json!({"type": "barge", "supervisor": agent}),
        17 => serde_json::json!({"type": "force_disconnect", "supervisor": agent}),
        18 => serde_json::json!({"type": "listen_end", "supervisor": agent}),
        19 => serde_json::json!({"type": "acw_complete", "agent": agent}),
        20 => serde_json::json!({"type": "popup_collapse", "agent": agent, "by_hand": x.is_multiple_of(2)}),
        _ => serde_json::json!({"type": "tick"}),
    };
    v["at"] = t(at).into();
    if let Some(id) = id {
        v["event_id"] = format!("e{id}").into();
    }
    serde_json::from_value(v).expect("generated event parses")
}

fn scopes() -> Vec<Scope> {
    let mut s = vec![
        Scope::Tenant,
        Scope::SkillGroup { id: "sales".into() },
        Scope::SkillGroup { id: "care".into() },
    ];
    for u in ["hq", "sales-dept", "team-s1", "care-dept", "team-c1"] {
        s.push(Scope::OrgUnit { id: u.into() });
    }
    s
}

fn check(b: &Board) -> Result<(), TestCaseError> {
    prop_assert_eq!(b.counter_rows(), &b.recount_rows()[..]);
    // Bounded memory (#18): stale ACW deadlines never pile up past the bound.
    prop_assert!(b.acw_queue_len() <= 2 * b.len() + 16, "ACW queue {}", b.acw_queue_len());
    let online = b.statuses().filter(|(_, s)| *s != Status::Offline).count() as u32;
    for sc in scopes() {
        let w = b.wallboard(&sc).unwrap();
        prop_assert!(w.is_consistent(), "{:?}: {:?}", sc, w);
        prop_assert_eq!(w, b.wallboard_by_recount(&sc).unwrap());
        if sc == Scope::Tenant {
            prop_assert_eq!(w.online, online);
        }
        let l = b.listening_list(&sc).unwrap();
        prop_assert_eq!(l.total as usize, l.agents.len());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_sequences_keep_every_invariant(
        steps in proptest::collection::vec(
            (0u8..60, 0usize..8, 0usize..8, 0usize..12, 0i64..40, proptest::option::weighted(0.2, 0u8..6), 0u8..10),
            1..120)
    ) {
        let mut b = board();
        let mut now = 0i64;
        for (k, (kind, a, o, x, dt, id, back)) in steps.into_iter().enumerate() {
            // Mostly forward in time; now and then a late (out-of-order) event.
            let at = if back == 0 { now - 5 } else { now += dt; now };
            // Bias towards the call-flow events so deep states are reached.
            let kind = if kind >= 22 { [3, 5, 8, 11, 12, 14, 15, 16, 17, 9, 10, 6, 7, 13, 18, 19, 21, 0, 0, 0, 2, 4, 5, 15, 12, 14, 17, 11, 3, 5, 0, 0, 15, 16, 8, 10, 3, 5][usize::from(kind - 22) % 38] } else { kind };
            let e = event(kind, a, o, x, at, id);
            let before = b.clone();
            match b.apply(&e) {
                Ok(_) => {}
                Err(_) => prop_assert!(b == before, "refused {:?} changed the board", e),
            }
            check(&b)?;
            if k % 10 == 9 {
                let snap = b.snapshot();
                let json = serde_json::to_string(&snap).unwrap();
                let back: cxkit_agents::BoardSnapshot = serde_json::from_str(&json).unwrap();
                let r = Board::restore(tenant(), b.config(), &back).unwrap();
                prop_assert!(r == b, "restore differs");
            }
        }
    }

    #[test]
    fn replaying_the_same_events_gives_the_same_board(
        steps in proptest::collection::vec((0u8..22, 0usize..8, 0usize..8, 0usize..12, 0i64..30), 1..80)
    ) {
        let events: Vec<AgentEvent> = steps.iter().scan(0i64, |now, &(k, a, o, x, dt)| {
            *now += dt;
            Some(event(k, a, o, x, *now, None))
        }).collect();
        let mut b1 = board();
        let mut b2 = board();
        for e in &events {
            let r1 = b1.apply(e).is_ok();
            let r2 = b2.apply(e).is_ok();
            prop_assert_eq!(r1, r2);
        }
        prop_assert!(b1 == b2);
    }
}
