//! Bench area `thresholds`: the workplace monitor view (WM1, WM2).
//!
//! Figures (one JSON line each, both sides measured in this run):
//! - `monitor_view`: 100k agents × 4 metrics, tenant-wide, from a dense
//!   value table, against a naive evaluator that looks settings, thresholds,
//!   catalog and values up per cell in string-keyed hash maps.
//! - `monitor_view_from_json_values`: the same, but starting from the
//!   JSON-shaped `{agent: {metric: value}}` maps (validation included),
//!   against the same naive evaluator.
//! - `monitor_view_org_filtered`: a small subtree, a large subtree and the
//!   whole tenant, against a naive filter that scans every agent and walks
//!   its unit's parents.

use crate::report::{line, side_by_side};
use cxkit_core::{AgentProfile, OrgUnit, OrgUnitId, Role, ServiceKind, TenantConfig};
use cxkit_thresholds::{Direction, MonitorConfig, Values, Viewer, WorkplaceMonitor};
use serde_json::json;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Duration;

const AGENTS: usize = 100_000;
const REGIONS: usize = 10;
const TEAMS_PER_REGION: usize = 100;

/// SplitMix64: deterministic, dependency-free test data.
struct Mix(u64);
impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

struct Fixture {
    monitor: WorkplaceMonitor,
    values: Values,
}

fn fixture() -> Fixture {
    let mut rng = Mix(7);
    let mut org = vec![OrgUnit {
        id: "hq".into(),
        name: String::new(),
        parent: None,
    }];
    for r in 0..REGIONS {
        org.push(OrgUnit {
            id: format!("r{r}").into(),
            name: String::new(),
            parent: Some("hq".into()),
        });
        for t in 0..TEAMS_PER_REGION {
            org.push(OrgUnit {
                id: format!("r{r}-t{t}").into(),
                name: String::new(),
                parent: Some(format!("r{r}").into()),
            });
        }
    }
    // Agents in random teams, so the roster is not already in org order.
    let agents: Vec<AgentProfile> = (0..AGENTS)
        .map(|i| AgentProfile {
            id: format!("a{i}").into(),
            name: format!("Agent {i}"),
            role: if i % 10 == 0 {
                Role::TeamLead
            } else {
                Role::Agent
            },
            kind: if i % 2 == 0 {
                ServiceKind::Call
            } else {
                ServiceKind::Online
            },
            org_unit: Some(
                format!("r{}-t{}", rng.below(REGIONS), rng.below(TEAMS_PER_REGION)).into(),
            ),
            skill_groups: vec![],
            extension: None,
        })
        .collect();
    let tenant = TenantConfig {
        org,
        agents,
        ..TenantConfig::default()
    }
    .validate()
    .expect("bench tenant is valid");
    let monitor = WorkplaceMonitor::new(Arc::new(tenant), &MonitorConfig::default())
        .expect("default config is valid");
    let keys: Vec<String> = monitor.metrics().iter().map(|d| d.key.clone()).collect();
    let mut values = Values::new();
    for a in &monitor.tenant().config.agents {
        let per: BTreeMap<String, Option<f64>> = keys
            .iter()
            .map(|k| (k.clone(), Some(rng.below(200) as f64)))
            .collect();
        values.insert(a.id.clone(), per);
    }
    Fixture { monitor, values }
}

/// The naive evaluator: the same rules with every lookup by string.
struct Naive {
    agents: Vec<AgentProfile>,
    parent: HashMap<String, Option<String>>,
    display: HashMap<(String, String), Vec<String>>,
    thresholds: HashMap<String, (f64, Option<f64>, Direction)>,
    kind_of: HashMap<String, String>,
    values: HashMap<String, HashMap<String, f64>>,
}

struct NaiveRow {
    agent: String,
    cells: Vec<(String, Option<f64>, u8)>,
}

impl Naive {
    fn new(f: &Fixture) -> Self {
        let m = &f.monitor;
        let t = m.tenant();
        let settings = m.display_settings();
        let mut display = HashMap::new();
        for role in ["agent", "team_lead"] {
            display.insert(
                (role.to_owned(), "call".to_owned()),
                settings.defaults.call.clone(),
            );
            display.insert(
                (role.to_owned(), "online".to_owned()),
                settings.defaults.online.clone(),
            );
        }
        Naive {
            agents: t.config.agents.clone(),
            parent: t
                .org
                .units()
                .iter()
                .map(|u| (u.id.to_string(), u.parent.as_ref().map(|p| p.to_string())))
                .collect(),
            display,
            thresholds: m
                .thresholds()
                .into_iter()
                .map(|s| {
                    (
                        s.metric,
                        (
                            s.warning,
                            s.critical,
                            s.direction.unwrap_or(Direction::HigherIsWorse),
                        ),
                    )
                })
                .collect(),
            kind_of: m
                .metrics()
                .iter()
                .map(|d| (d.key.clone(), d.kind.as_str().to_owned()))
                .collect(),
            values: f
                .values
                .iter()
                .map(|(a, per)| {
                    (
                        a.to_string(),
                        per.iter()
                            .filter_map(|(k, v)| Some((k.clone(), (*v)?)))
                            .collect(),
                    )
                })
                .collect(),
        }
    }

    fn within(&self, unit: &str, ancestor: &str) -> bool {
        let mut cur = Some(unit.to_owned());
        while let Some(c) = cur {
            if c == ancestor {
                return true;
            }
            cur = self.parent.get(&c).cloned().flatten();
        }
        false
    }

    fn view(&self, unit: Option<&str>) -> (Vec<NaiveRow>, usize) {
        let mut rows = Vec::new();
        let mut flagged = 0;
        for a in &self.agents {
            if let Some(u) = unit
                && !a
                    .org_unit
                    .as_ref()
                    .is_some_and(|x| self.within(x.as_str(), u))
            {
                continue;
            }
            let kind = if a.kind.is_call() { "call" } else { "online" };
            let Some(list) = self.display.get(&(a.role.to_string(), kind.to_owned())) else {
                continue;
            };
            let mut cells = Vec::new();
            for key in list {
                if self.kind_of.get(key).map(String::as_str) != Some(kind) {
                    continue;
                }
                let v = self
                    .values
                    .get(a.id.as_str())
                    .and_then(|m| m.get(key))
                    .copied();
                let level = match (v, self.thresholds.get(key)) {
                    (Some(v), Some(&(w, c, d))) => {
                        let past = |l: f64| {
                            if d == Direction::HigherIsWorse {
                                v > l
                            } else {
                                v < l
                            }
                        };
                        if c.is_some_and(past) {
                            2
                        } else {
                            u8::from(past(w))
                        }
                    }
                    _ => 0,
                };
                flagged += usize::from(level > 0);
                cells.push((key.clone(), v, level));
            }
            rows.push(NaiveRow {
                agent: a.id.to_string(),
                cells,
            });
        }
        (rows, flagged)
    }
}

pub fn run() {
    let f = fixture();
    let naive = Naive::new(&f);
    let admin = Viewer::new(Role::SuperAdmin);
    let table = f.monitor.values(&f.values).expect("bench values are valid");
    let budget = Duration::from_secs(3);

    // Sanity: both sides agree on what they compute.
    let ours = f.monitor.view(&admin, None, &table).expect("view");
    let (nrows, nflagged) = naive.view(None);
    assert_eq!(ours.rows().len(), nrows.len());
    assert_eq!(ours.flagged_cells() as usize, nflagged);
    assert!(
        nrows
            .iter()
            .all(|r| r.cells.len() == 4 && !r.agent.is_empty())
    );
    let cells: usize = ours.rows().iter().map(|r| r.cells().len()).sum();
    drop(ours);

    let (o, b) = side_by_side(
        1,
        1,
        budget,
        || {
            f.monitor
                .view(&admin, None, &table)
                .map(|v| v.flagged_cells())
        },
        || naive.view(None).1,
    );
    line(
        "monitor_view",
        Some(AGENTS),
        o * 1e3,
        "ms",
        "naive per-cell string hash-map lookups",
        Some(b / o),
        json!({"cells": cells, "baseline_ms": b * 1e3, "target_ms": 5}),
    );

    let (o, b) = side_by_side(
        1,
        1,
        budget,
        || {
            f.monitor
                .view_values(&admin, None, &f.values)
                .map(|v| v.flagged_cells())
        },
        || naive.view(None).1,
    );
    line(
        "monitor_view_from_json_values",
        Some(AGENTS),
        o * 1e3,
        "ms",
        "naive per-cell string hash-map lookups",
        Some(b / o),
        json!({"baseline_ms": b * 1e3, "note": "includes validating the {agent: {metric: value}} maps"}),
    );

    let small: OrgUnitId = "r3-t42".into();
    let large: OrgUnitId = "r3".into();
    let subtree_agents = |u: Option<&OrgUnitId>| {
        f.monitor
            .view(&admin, u, &table)
            .map(|v| v.agents())
            .unwrap_or(0)
    };
    let sizes = [
        ("small_subtree", Some(&small), subtree_agents(Some(&small))),
        ("large_subtree", Some(&large), subtree_agents(Some(&large))),
        ("tenant", None, subtree_agents(None)),
    ];
    for (name, unit, n) in sizes {
        let (o, b) = side_by_side(
            1,
            1,
            budget,
            || f.monitor.view(&admin, unit, &table).map(|v| v.agents()),
            || naive.view(unit.map(OrgUnitId::as_str)).0.len(),
        );
        line(
            "monitor_view_org_filtered",
            Some(AGENTS),
            o * 1e6,
            "us",
            "naive scan of every agent with a parent walk per agent",
            Some(b / o),
            json!({"subtree": name, "subtree_agents": n, "ns_per_agent_shown": o * 1e9 / n.max(1) as f64, "baseline_us": b * 1e6}),
        );
    }
}
