//! Model-based property tests (OS1–OS4): random event sequences, valid and
//! invalid, checked after every event against the reference recount from the
//! chat history (`cxkit_online::reference`) and the board's own invariants.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;
use cxkit_core::{AgentId, Scope};
use cxkit_online::{ApplyStatus, Board, ChatEvent, reference};
use proptest::prelude::*;

const AGENTS: [&str; 5] = ["o1", "o2", "o3", "b1", "c1"];
const GROUPS: [&str; 2] = ["care", "sales"];
const STATUSES: [&str; 8] = [
    "online", "busy", "break", "meal", "training", "meeting", "activity", "online",
];

#[derive(Debug, Clone)]
enum Op {
    Event(ChatEvent),
    OnCall(bool),
}

fn op(kind: u8, a: usize, chat: &str, x: usize, s: i64, id: Option<u8>) -> Op {
    use serde_json::json;
    let agent = AGENTS[a % AGENTS.len()];
    let group = GROUPS[x % 2];
    let mut v = match kind % 16 {
        0 | 1 => {
            json!({"type": "chat.agent_login", "agent": agent, "status": if x.is_multiple_of(4) { "busy" } else { "online" }})
        }
        2 => {
            json!({"type": "chat.agent_status", "agent": agent, "status": if x.is_multiple_of(17) { "offline" } else { STATUSES[x % 8] }})
        }
        3 => json!({"type": "chat.agent_logout", "agent": agent}),
        4 | 5 => {
            json!({"type": "chat.queued", "chat": chat, "skill_group": group, "channel": "app", "from_bot": x.is_multiple_of(2)})
        }
        6 if x.is_multiple_of(3) => {
            json!({"type": "chat.assigned", "chat": chat, "agent": agent, "channel": "wecom", "skill_group": group})
        }
        6 | 7 => json!({"type": "chat.assigned", "chat": chat, "agent": agent}),
        8 | 9 => json!({"type": "chat.customer_message", "chat": chat}),
        10 | 11 => json!({"type": "chat.agent_message", "chat": chat}),
        12 if x.is_multiple_of(2) => {
            json!({"type": "chat.transferred", "chat": chat, "to": {"agent": agent}})
        }
        12 => {
            json!({"type": "chat.transferred", "chat": chat, "to": {"skill_group": GROUPS[a % 2]}})
        }
        13 => json!({"type": "chat.closed", "chat": chat, "by": "customer"}),
        14 => {
            json!({"type": "chat.rated", "chat": chat, "satisfied": !x.is_multiple_of(3), "score": if x.is_multiple_of(11) { -1.0 } else { 4.0 }})
        }
        _ => return Op::OnCall(x.is_multiple_of(2)),
    };
    if let Some(id) = id {
        v["event_id"] = format!("e{id}").into();
    }
    Op::Event(ev(s, v))
}

fn ops() -> impl Strategy<Value = Vec<Op>> {
    prop::collection::vec(
        (
            0u8..16,
            0usize..5,
            0usize..60,
            0i64..120,
            prop::option::weighted(0.2, 0u8..6),
            0u8..90,
        ),
        1..120,
    )
    .prop_map(|raw| {
        let mut s = 0i64;
        // Chat slots 0-2 move to a fresh id after each close (so closed
        // chats do not soak up the sequence); slot 3 keeps its id, which
        // comes back once the rating window forgets the closed chat.
        let mut generation = [0u32; 3];
        raw.into_iter()
            .map(|(k, a, x, step, id, back)| {
                // Mostly small steps; now and then past the tenant's midnight, or back in time.
                let at = match back {
                    0 => s - 100,
                    1 => s + 6 * 3600,
                    _ => s + step,
                };
                s = s.max(at);
                let slot = x % 4;
                let chat = if slot == 3 {
                    "c9".to_owned()
                } else {
                    format!("c{slot}g{}", generation[slot])
                };
                let op = op(k, a, &chat, x, at, id);
                // A rating may follow the close: advance the slot a little later.
                if slot < 3 && k % 16 == 14 {
                    generation[slot] += 1;
                }
                op
            })
            .collect()
    })
}

fn scopes() -> Vec<Scope> {
    vec![
        Scope::Tenant,
        Scope::SkillGroup { id: "care".into() },
        Scope::SkillGroup { id: "sales".into() },
        Scope::OrgUnit { id: "hq".into() },
        Scope::OrgUnit {
            id: "team-a".into(),
        },
        Scope::OrgUnit {
            id: "team-b".into(),
        },
    ]
}

fn check(b: &Board, history: &[ChatEvent], on_call: bool, now: i64) -> Result<(), TestCaseError> {
    let (rows, prog) = b.recount_rows();
    let (c, p) = b.counter_rows();
    prop_assert_eq!(c, &rows[..]);
    prop_assert_eq!(p, &prog[..]);
    let now_t = at(now);
    let tenant = b.tenant();
    let mut logged_in = 0;
    for (id, leaf, current, max) in b.leaves() {
        let m = b.metrics(id.as_str(), now_t).unwrap();
        // Every logged-in online agent is in exactly one leaf; offline in none.
        prop_assert_eq!(
            leaf.is_some(),
            m.status != cxkit_online::OnlineStatus::Offline,
            "{}",
            id
        );
        logged_in += u32::from(leaf.is_some());
        prop_assert!(current <= max, "{} holds {} of {}", id, current, max);
        let r = reference::metrics(
            tenant,
            b.config(),
            history,
            &AgentId::new(id.as_str()),
            on_call && id.as_str() == "b1",
            now_t,
        );
        prop_assert_eq!(&m, &r, "agent {}", id);
    }
    // The monitor's bulk path gives the same values as the per-agent view.
    let ids: Vec<String> = b.leaves().map(|(id, ..)| id.to_string()).collect();
    let mut seen = 0;
    b.for_each_metric_values(now_t, |i, v| {
        assert_eq!(v, b.metrics(&ids[i], now_t).unwrap().values(), "{}", ids[i]);
        seen += 1;
    });
    prop_assert_eq!(seen, ids.len());
    // The column path: the same values (NaN for none), bit for bit, for any
    // choice of wanted metrics; an unwanted column is left untouched.
    let n = ids.len();
    for mask in [0xffu8, 0b1011_0001, 0b0100_0110, 0b0000_1000] {
        let mut buf = vec![vec![-1.0f64; n]; 8];
        let columns: [Option<&mut [f64]>; 8] = {
            let mut it = buf.iter_mut().enumerate();
            std::array::from_fn(|_| {
                it.next()
                    .and_then(|(k, c)| (mask >> k & 1 == 1).then_some(c.as_mut_slice()))
            })
        };
        b.metric_columns(now_t, columns);
        b.for_each_metric_values(now_t, |i, v| {
            for k in 0..8 {
                let want = if mask >> k & 1 == 1 {
                    v[k].unwrap_or(f64::NAN)
                } else {
                    -1.0
                };
                assert_eq!(
                    buf[k][i].to_bits(),
                    want.to_bits(),
                    "{} metric {}",
                    ids[i],
                    k
                );
            }
        });
    }
    for sc in scopes() {
        let w = b.wallboard(&sc, now_t).unwrap();
        prop_assert!(w.is_consistent(), "{:?}", w);
        let group = match &sc {
            Scope::SkillGroup { id } => Some(id),
            _ => None,
        };
        prop_assert_eq!(
            w.today,
            reference::totals(tenant, history, group, now_t),
            "{:?}",
            sc
        );
        if sc == Scope::Tenant {
            prop_assert_eq!(w.logged_in, logged_in);
        }
    }
    let waiting = b.wallboard(&Scope::Tenant, now_t).unwrap().waiting;
    for (g, (n, _)) in waiting.groups.iter().zip(b.waiting_by_recount()) {
        prop_assert_eq!(g.waiting, n);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn incremental_equals_recount_after_every_event(ops in ops()) {
        let mut b = board_with(r#"{"max_chats": 2, "max_chats_by_agent": {"o1": 1}, "call_blocks_chats": true, "rating_window_seconds": 900}"#);
        let mut history = Vec::new();
        let mut on_call = false;
        let mut now = 0i64;
        for op in &ops {
            match op {
                Op::OnCall(v) => {
                    b.set_on_call("b1", *v).unwrap();
                    on_call = *v;
                }
                Op::Event(e) => {
                    let before = b.clone();
                    match b.apply(e) {
                        Ok(ApplyStatus::Applied) => history.push(e.clone()),
                        Ok(ApplyStatus::Duplicate) => prop_assert_eq!(&b, &before, "a duplicate changed the board"),
                        Err(err) => prop_assert_eq!(&b, &before, "refused {:?} ({}) changed the board", e, err),
                    }
                    now = now.max((e.at() - at(0)).num_seconds());
                }
            }
            check(&b, &history, on_call, now + 30)?;
        }
        // Snapshot → restore gives an equal board and equal views.
        let snap: cxkit_online::BoardSnapshot = serde_json::from_str(&serde_json::to_string(&b.snapshot()).unwrap()).unwrap();
        let r = Board::restore(b.tenant().clone().into(), b.config(), &snap).unwrap();
        prop_assert_eq!(&r, &b);
        for sc in scopes() {
            prop_assert_eq!(r.wallboard(&sc, at(now)).unwrap(), b.wallboard(&sc, at(now)).unwrap());
        }
        for a in AGENTS {
            prop_assert_eq!(r.metrics(a, at(now)).unwrap(), b.metrics(a, at(now)).unwrap());
        }
    }
}
