//! Bench area `agents`: the live agent board (CM1 aggregation).
//!
//! For 1k, 10k and 100k agents on a synthetic tenant (8 skill groups, a
//! company → 10 departments → 10 teams org tree) it measures, each against a
//! baseline run side by side in the same process:
//! - typed in-memory events/s on one core, against keeping the wallboard
//!   live by recounting it from every agent's state after each event;
//! - JSON-decoded events/s, against the typed path;
//! - wallboard read time per scope (tenant, skill group, org unit), against
//!   the recount; the 100k line also gives the ratio to the 1k read;
//! - bytes of live state per agent, against the 256-byte budget.

use crate::report::line;
use cxkit_agents::{AgentEvent, AgentsConfig, Board};
use cxkit_core::{
    AgentProfile, OrgUnit, Role, Scope, ServiceKind, SkillGroup, Tenant, TenantConfig,
};
use serde_json::json;
use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn tenant(n: usize) -> Arc<Tenant> {
    let mut org = vec![OrgUnit {
        id: "co".into(),
        name: "Company".into(),
        parent: None,
    }];
    for d in 0..10 {
        org.push(OrgUnit {
            id: format!("d{d}").into(),
            name: String::new(),
            parent: Some("co".into()),
        });
        for t in 0..10 {
            org.push(OrgUnit {
                id: format!("d{d}-t{t}").into(),
                name: String::new(),
                parent: Some(format!("d{d}").into()),
            });
        }
    }
    let agents = (0..n)
        .map(|i| AgentProfile {
            id: format!("a{i}").into(),
            name: String::new(),
            role: if i % 50 == 0 {
                Role::TeamLead
            } else {
                Role::Agent
            },
            kind: ServiceKind::Call,
            org_unit: Some(format!("d{}-t{}", i % 10, (i / 10) % 10).into()),
            skill_groups: if i % 3 == 0 {
                vec![
                    format!("g{}", i % 8).into(),
                    format!("g{}", (i + 3) % 8).into(),
                ]
            } else {
                vec![format!("g{}", i % 8).into()]
            },
            extension: Some(format!("{}", 100_000 + i).into()),
        })
        .collect();
    let c = TenantConfig {
        skill_groups: (0..8)
            .map(|g| SkillGroup {
                id: format!("g{g}").into(),
                name: String::new(),
            })
            .collect(),
        org,
        agents,
        ..TenantConfig::default()
    };
    Arc::new(c.validate().expect("synthetic tenant"))
}

/// A valid stream: every agent runs the same 14-event cycle (login, an
/// inbound call with hold, ACW finished early, a break, an outbound call,
/// logout), interleaved across agents step by step.
fn events(n: usize) -> Vec<AgentEvent> {
    let base = chrono::DateTime::parse_from_rfc3339("2026-03-28T01:00:00Z")
        .expect("time")
        .with_timezone(&chrono::Utc);
    let mut v = Vec::with_capacity(n * 14);
    for step in 0..14i64 {
        let at = base + chrono::Duration::seconds(step * 10);
        for i in 0..n {
            let a = format!("a{i}");
            let e = match step {
                0 => json!({"type": "login", "agent": a, "at": at}),
                1 => json!({"type": "call_offered", "agent": a, "at": at, "call": format!("c{i}")}),
                2 => json!({"type": "answer", "agent": a, "at": at}),
                3 => json!({"type": "hold", "agent": a, "at": at}),
                4 => json!({"type": "resume", "agent": a, "at": at}),
                5 => json!({"type": "call_ended", "agent": a, "at": at}),
                6 => json!({"type": "acw_complete", "agent": a, "at": at}),
                7 => json!({"type": "set_status", "agent": a, "at": at, "status": "break"}),
                8 => json!({"type": "set_status", "agent": a, "at": at, "status": "idle"}),
                9 => {
                    json!({"type": "dial", "agent": a, "at": at, "call": format!("o{i}"), "number": "+8613800138000"})
                }
                10 => json!({"type": "outbound_connected", "agent": a, "at": at}),
                11 => json!({"type": "call_ended", "agent": a, "at": at}),
                12 => json!({"type": "acw_complete", "agent": a, "at": at}),
                _ => json!({"type": "logout", "agent": a, "at": at}),
            };
            v.push(serde_json::from_value(e).expect("bench event"));
        }
    }
    v
}

/// The same stream built directly with the board's interned ids, with each
/// event's pre-resolved handle (what a switch adapter does once per agent).
fn resolved_events(board: &Board, n: usize) -> Vec<(u32, AgentEvent)> {
    let base = chrono::DateTime::parse_from_rfc3339("2026-03-28T01:00:00Z")
        .expect("time")
        .with_timezone(&chrono::Utc);
    let mut v = Vec::with_capacity(n * 14);
    for step in 0..14i64 {
        let at = base + chrono::Duration::seconds(step * 10);
        for i in 0..n as u32 {
            let agent = board.agent_id(i).expect("handle").clone();
            let event_id = None;
            let e = match step {
                0 => AgentEvent::Login {
                    agent,
                    at,
                    event_id,
                    extension: None,
                    status: Default::default(),
                },
                1 => AgentEvent::CallOffered {
                    agent,
                    at,
                    event_id,
                    call: format!("c{i}").into(),
                    direction: Default::default(),
                },
                2 => AgentEvent::Answer {
                    agent,
                    at,
                    event_id,
                },
                3 => AgentEvent::Hold {
                    agent,
                    at,
                    event_id,
                },
                4 => AgentEvent::Resume {
                    agent,
                    at,
                    event_id,
                },
                5 | 11 => AgentEvent::CallEnded {
                    agent,
                    at,
                    event_id,
                    ended_by: None,
                },
                6 | 12 => AgentEvent::AcwComplete {
                    agent,
                    at,
                    event_id,
                },
                7 => AgentEvent::SetStatus {
                    agent,
                    at,
                    event_id,
                    status: cxkit_agents::ChosenStatus::Break,
                },
                8 => AgentEvent::SetStatus {
                    agent,
                    at,
                    event_id,
                    status: cxkit_agents::ChosenStatus::Idle,
                },
                9 => AgentEvent::Dial {
                    agent,
                    at,
                    event_id,
                    call: format!("o{i}").into(),
                    number: "+8613800138000".into(),
                },
                10 => AgentEvent::OutboundConnected {
                    agent,
                    at,
                    event_id,
                },
                _ => AgentEvent::Logout {
                    agent,
                    at,
                    event_id,
                },
            };
            v.push((i, e));
        }
    }
    v
}

/// Best seconds per event of `f` over rounds, each on a fresh clone of `pristine`.
fn best_per_event(
    pristine: &Board,
    n_events: usize,
    budget: Duration,
    mut f: impl FnMut(&mut Board),
) -> f64 {
    let start = Instant::now();
    let mut best = f64::INFINITY;
    let mut rounds = 0;
    while rounds < 3 || (start.elapsed() < budget && rounds < 50) {
        let mut b = pristine.clone();
        let t = Instant::now();
        f(&mut b);
        best = best.min(t.elapsed().as_secs_f64() / n_events as f64);
        black_box(&b);
        rounds += 1;
    }
    best
}

fn read_time(budget: Duration, mut f: impl FnMut() -> u32) -> f64 {
    const OPS: u64 = 1000;
    crate::report::best_secs_per_op(OPS, budget, || {
        let mut x = 0u32;
        for _ in 0..OPS {
            x = x.wrapping_add(black_box(f()));
        }
        x
    })
}

pub fn run() {
    let budget = Duration::from_millis(1500);
    let mut read_1k: Vec<f64> = Vec::new();
    for n in [1_000usize, 10_000, 100_000] {
        let t = tenant(n);
        let pristine = Board::new(t, &AgentsConfig::default()).expect("board");
        let evs = events(n);
        // Typed events/s.
        let typed = best_per_event(&pristine, evs.len(), budget, |b| {
            for e in &evs {
                black_box(b.apply(e).expect("valid bench event"));
            }
        });
        // Baseline: keep the tenant wallboard live by recounting after each
        // event (sampled: the first `k` events, it is O(agents) per event).
        let k = (2_000_000 / n).clamp(20, evs.len());
        let recount = best_per_event(&pristine, k, budget / 2, |b| {
            for e in &evs[..k] {
                black_box(b.apply(e).expect("valid bench event"));
                black_box(
                    b.wallboard_by_recount(&Scope::Tenant)
                        .expect("tenant")
                        .online,
                );
            }
        });
        line(
            "agents.apply_typed",
            Some(n),
            1.0 / typed,
            "events/s",
            "same events, tenant wallboard recounted from all agents after each event",
            Some(recount / typed),
            json!({"events": evs.len()}),
        );
        // Pre-resolved handles with interned ids (the adapter hot path).
        let res = resolved_events(&pristine, n);
        let resolved = best_per_event(&pristine, res.len(), budget, |b| {
            for (h, e) in &res {
                black_box(b.apply_resolved(*h, e).expect("valid bench event"));
            }
        });
        line(
            "agents.apply_resolved",
            Some(n),
            1.0 / resolved,
            "events/s",
            "same events through apply() with the id lookup",
            Some(typed / resolved),
            json!({"events": res.len()}),
        );
        // JSON-decoded events/s.
        let texts: Vec<String> = evs
            .iter()
            .map(|e| serde_json::to_string(e).expect("json"))
            .collect();
        let decoded = best_per_event(&pristine, texts.len(), budget, |b| {
            for s in &texts {
                let e: AgentEvent = serde_json::from_str(s).expect("decode");
                black_box(b.apply(&e).expect("valid bench event"));
            }
        });
        line(
            "agents.apply_json",
            Some(n),
            1.0 / decoded,
            "events/s",
            "typed in-memory apply (same events)",
            Some(typed / decoded),
            json!({}),
        );
        // Wallboard reads on a busy board (after half the stream).
        let mut mid = pristine.clone();
        for e in &evs[..evs.len() / 2] {
            mid.apply(e).expect("valid bench event");
        }
        let scopes = [
            ("tenant", Scope::Tenant),
            ("skill_group", Scope::SkillGroup { id: "g3".into() }),
            ("org_unit", Scope::OrgUnit { id: "d4".into() }),
        ];
        for (k, (name, scope)) in scopes.iter().enumerate() {
            let ours = read_time(budget / 3, || mid.wallboard(scope).expect("scope").online);
            let base = crate::report::best_secs_per_op(1, budget / 3, || {
                mid.wallboard_by_recount(scope).expect("scope").online
            });
            let mut extra = json!({});
            if n == 1_000 {
                read_1k.push(ours);
            } else if let Some(r) = read_1k.get(k) {
                extra = json!({"vs_1k_read": (ours / r * 1000.0).round() / 1000.0});
            }
            line(
                &format!("agents.wallboard_read.{name}"),
                Some(n),
                ours * 1e9,
                "ns/read",
                "wallboard recounted from all agents' states",
                Some(base / ours),
                extra,
            );
        }
    }
    let bytes = Board::bytes_per_agent();
    line(
        "agents.bytes_per_agent",
        None,
        bytes as f64,
        "bytes",
        "budget of 256 bytes per agent",
        Some(256.0 / bytes as f64),
        json!({}),
    );
}
