//! Bench area `online`: the chat engine (OS1–OS4).
//!
//! On a synthetic tenant of online agents (8 skill groups, a company → 10
//! departments → 10 teams org tree) it measures, against baselines run side
//! by side in the same process:
//! - typed chat events/s on one core at 10k agents, against recomputing the
//!   agent's eight metrics from its chat history after each event (what a
//!   backend without an incremental engine does);
//! - the online wallboard read per scope at 1k, 10k and 100k agents, against
//!   recounting the leaf rows from every agent; the 100k line gives the ratio
//!   to the 1k read (flat means ≤ 2×);
//! - the WM2 monitor view of 100k agents × 4 metrics through the facade's
//!   `CallCenter::call_monitor_view`, with the online metrics computed live
//!   from the online board, against the same view from a value table the
//!   caller prepared (the old way: the backend computes and passes them).

use crate::report::line;
use cxkit_core::{AgentId, AgentProfile, Channel, ConversationId, OrgUnit, Role, Scope, ServiceKind, SkillGroup, Tenant, TenantConfig, Timestamp};
use cxkit_online::{Board, ChatEvent, ClosedBy, LoginStatus, OnlineConfig, reference};
use serde_json::json;
use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn tenant(n: usize, both: bool) -> Arc<Tenant> {
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
            role: if i % 50 == 0 { Role::TeamLead } else { Role::Agent },
            kind: if both && i % 4 == 0 { ServiceKind::Both } else { ServiceKind::Online },
            org_unit: Some(format!("d{}-t{}", i % 10, (i / 10) % 10).into()),
            skill_groups: if i % 3 == 0 {
                vec![format!("g{}", i % 8).into(), format!("g{}", (i + 3) % 8).into()]
            } else {
                vec![format!("g{}", i % 8).into()]
            },
            extension: None,
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

const CHATS_PER_AGENT: usize = 4;
const STEPS: i64 = 9;

/// A valid stream with the roster's own ids: every agent logs in, then
/// serves `CHATS_PER_AGENT` rounds of one chat each (queued, assigned,
/// customer, reply, a customer burst of two, reply, closed, rated),
/// interleaved across agents step by step; then logs out. Each event comes
/// with the index of the agent it concerns (for the baseline).
fn events(t: &Tenant) -> Vec<(usize, ChatEvent)> {
    let n = t.config.agents.len();
    let base: Timestamp = "2026-03-28T01:00:00Z".parse().expect("time");
    let mut v = Vec::with_capacity(n * (CHATS_PER_AGENT * STEPS as usize + 2));
    for (i, a) in t.config.agents.iter().enumerate() {
        v.push((i, ChatEvent::AgentLogin { agent: a.id.clone(), at: base, event_id: None, status: LoginStatus::Online }));
    }
    for round in 0..CHATS_PER_AGENT {
        for step in 0..STEPS {
            let at = base + chrono::Duration::seconds(1 + (round as i64 * STEPS + step) * 7);
            for (i, a) in t.config.agents.iter().enumerate() {
                let chat = ConversationId::new(format!("ch{i}-{round}"));
                let event_id = None;
                let e = match step {
                    0 => ChatEvent::Queued {
                        chat,
                        at,
                        event_id,
                        skill_group: a.skill_groups[0].clone(),
                        channel: Channel::DesktopWeb,
                        instance: None,
                        from_bot: i % 2 == 0,
                    },
                    1 => ChatEvent::Assigned {
                        chat,
                        at,
                        event_id,
                        agent: a.id.clone(),
                        channel: None,
                        instance: None,
                        skill_group: None,
                        from_bot: false,
                    },
                    2 | 4 | 5 => ChatEvent::CustomerMessage { chat, at, event_id },
                    3 | 6 => ChatEvent::AgentMessage { chat, at, event_id, agent: None },
                    7 => ChatEvent::Closed { chat, at, event_id, by: ClosedBy::Agent },
                    _ => ChatEvent::Rated { chat, at, event_id, satisfied: i % 5 != 0, score: Some(4.0) },
                };
                v.push((i, e));
            }
        }
    }
    let end = base + chrono::Duration::seconds(1 + CHATS_PER_AGENT as i64 * STEPS * 7);
    for (i, a) in t.config.agents.iter().enumerate() {
        v.push((i, ChatEvent::AgentLogout { agent: a.id.clone(), at: end, event_id: None }));
    }
    v
}

fn best_per_event(pristine: &Board, n_events: usize, budget: Duration, mut f: impl FnMut(&mut Board)) -> f64 {
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
    let config = OnlineConfig::default();
    let mut read_1k: Vec<f64> = Vec::new();
    // `ONLINE_BENCH_MONITOR_ONLY=1` runs the 100k monitor view lines only.
    let monitor_only = std::env::var_os("ONLINE_BENCH_MONITOR_ONLY").is_some();
    let sizes: &[usize] = if monitor_only { &[100_000] } else { &[1_000, 10_000, 100_000] };
    for &n in sizes {
        let t = tenant(n, true);
        let pristine = Board::new(t.clone(), &config).expect("board");
        let evs = events(&t);
        // `ONLINE_BENCH_SKIP_APPLY=1` skips the (long) apply figure.
        if n == 10_000 && !monitor_only && std::env::var_os("ONLINE_BENCH_SKIP_APPLY").is_none() {
            let typed = best_per_event(&pristine, evs.len(), budget, |b| {
                for (_, e) in &evs {
                    black_box(b.apply(e).expect("valid bench event"));
                }
            });
            // Baseline: apply, then recompute the concerned agent's eight
            // metrics from its own chat history (sampled: the first `k` events).
            let k = evs.len().min(200_000);
            let agents: Vec<AgentId> = t.config.agents.iter().map(|a| a.id.clone()).collect();
            let recompute = best_per_event(&pristine, k, budget, |b| {
                let mut history: Vec<Vec<ChatEvent>> = vec![Vec::new(); n];
                for (i, e) in &evs[..k] {
                    black_box(b.apply(e).expect("valid bench event"));
                    history[*i].push(e.clone());
                    black_box(reference::metrics(&t, &config, &history[*i], &agents[*i], false, e.at()));
                }
            });
            line(
                "online.apply_typed",
                Some(n),
                1.0 / typed,
                "events/s",
                "same events, the agent's metrics recomputed from its chat history after each event",
                Some(recompute / typed),
                json!({"events": evs.len(), "baseline_events": k}),
            );
        }
        // Wallboard reads on a busy board (in the middle of the chat rounds).
        let mut mid = pristine.clone();
        let half = n + n * (STEPS as usize * CHATS_PER_AGENT) / 2 + n * 2;
        for (_, e) in &evs[..half.min(evs.len())] {
            mid.apply(e).expect("valid bench event");
        }
        let now: Timestamp = "2026-03-28T01:02:00Z".parse().expect("time");
        let scopes = [
            ("tenant", Scope::Tenant),
            ("skill_group", Scope::SkillGroup { id: "g3".into() }),
            ("org_unit", Scope::OrgUnit { id: "d4".into() }),
        ];
        if n == 100_000 {
            monitor_view(&t, &evs[..half.min(evs.len())], now, budget, "online.monitor_view_live.with_both_agents");
            let only = tenant(n, false);
            monitor_view(&only, &events(&only)[..half.min(evs.len())], now, budget, "online.monitor_view_live");
        }
        if monitor_only {
            continue;
        }
        for (k, (name, scope)) in scopes.iter().enumerate() {
            let ours = read_time(budget / 3, || mid.wallboard(scope, now).expect("scope").logged_in);
            let base = crate::report::best_secs_per_op(1, budget / 3, || mid.recount_rows().0[0][0]);
            let mut extra = json!({"chats_in_progress": mid.wallboard(scope, now).expect("scope").chats_in_progress});
            if n == 1_000 {
                read_1k.push(ours);
            } else if let Some(r) = read_1k.get(k) {
                extra["vs_1k_read"] = json!((ours / r * 1000.0).round() / 1000.0);
            }
            line(
                &format!("online.wallboard_read.{name}"),
                Some(n),
                ours * 1e9,
                "ns/read",
                "leaf rows recounted from all agents",
                Some(base / ours),
                extra,
            );
        }
    }
}

/// WM2 with live online metrics, 100k agents × 4 metrics.
fn monitor_view(t: &Tenant, evs: &[(usize, ChatEvent)], now: Timestamp, budget: Duration, name: &str) {
    use cxkit_thresholds::{Values, Viewer};
    let config = cxkit::Config {
        tenant: t.config.clone(),
        ..cxkit::Config::default()
    };
    let mut center = cxkit::CallCenter::new(&config).expect("call center");
    for (_, e) in evs {
        center.apply(&cxkit::Event::Chat(e.clone())).expect("valid bench event");
    }
    let monitor = cxkit::Monitor::new(&config).expect("monitor");
    let admin = Viewer::new(Role::OnlineAdmin);
    let none = Values::new();
    let view = center.call_monitor_view(&monitor, &admin, None, now, &none).expect("view");
    let cells: usize = view.rows().iter().map(|r| r.cells().len()).sum();
    let rows = view.rows().len();
    drop(view);
    // Baseline: the caller computed the same values and hands them over as a table.
    let mut values = Values::new();
    for a in &t.config.agents {
        let m = center.online_metrics(&a.id, now).expect("metrics");
        let per = cxkit_online::views::METRIC_KEYS.iter().map(|k| ((*k).to_owned(), m.value(k))).collect();
        values.insert(a.id.clone(), per);
    }
    let table = monitor.rules().values(&values).expect("values");
    // For context (not the ratio): the whole old way per refresh — the
    // caller reads every agent's metrics, builds the JSON-shaped map, and
    // the monitor validates it into a table and evaluates the view.
    let by_caller = crate::report::best_secs_per_op(1, budget / 3, || {
        let mut values = Values::new();
        for a in &t.config.agents {
            let m = center.online_metrics(&a.id, now).expect("metrics");
            let per = cxkit_online::views::METRIC_KEYS.iter().map(|k| ((*k).to_owned(), m.value(k))).collect();
            values.insert(a.id.clone(), per);
        }
        monitor.view(&admin, None, &values).map(|v| v.flagged_cells())
    });
    let (o, b) = crate::report::side_by_side(
        1,
        1,
        budget,
        || center.call_monitor_view(&monitor, &admin, None, now, &none).map(|v| v.flagged_cells()),
        || monitor.view_table(&admin, None, &table).map(|v| v.flagged_cells()),
    );
    line(
        name,
        Some(t.config.agents.len()),
        o * 1e3,
        "ms",
        "the same view from a value table the caller prepared (no live metrics)",
        Some(b / o),
        json!({"rows": rows, "cells": cells, "baseline_ms": b * 1e3, "target_ms": 5,
               "caller_prepares_ms": by_caller * 1e3,
               "both_agents": t.config.agents.iter().filter(|a| a.kind == ServiceKind::Both).count()}),
    );
}
