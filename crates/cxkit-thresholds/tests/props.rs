//! Property tests of the monitor view against tiny reference functions
//! (WM1, WM2, WM3, WM4, WM5).
#![allow(clippy::unwrap_used, missing_docs)]

use cxkit_core::{AgentProfile, OrgUnit, Role, ServiceKind, TenantConfig};
use cxkit_thresholds::{
    Direction, DisplayEntry, Level, MetricKind, MonitorConfig, ThresholdChange, ThresholdLevels,
    ValueTable, Values, Viewer, WorkplaceMonitor,
};
use proptest::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

const ROLES: [&str; 3] = ["agent", "team_lead", "night_shift"];

/// Reference: the documented boundary rule, written independently.
fn reference_level(value: Option<f64>, t: Option<(f64, Option<f64>, Direction)>) -> Level {
    let (Some(v), Some((w, c, d))) = (value, t) else {
        return Level::Normal;
    };
    let worse = |limit: f64| {
        if d == Direction::HigherIsWorse {
            v > limit
        } else {
            v < limit
        }
    };
    if c.is_some_and(worse) {
        Level::Critical
    } else if worse(w) {
        Level::Warning
    } else {
        Level::Normal
    }
}

#[derive(Debug, Clone)]
struct Case {
    parents: Vec<Option<usize>>,
    agents: Vec<(Option<usize>, u8, usize)>, // (unit, kind 0..3, role)
    lists: Vec<(usize, bool, Vec<usize>)>,   // (role, is_call, metric picks)
    thresholds: Vec<(usize, f64, Option<f64>, bool)>,
    values: Vec<Vec<Option<f64>>>,
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec(prop::option::of(0usize..12), 0..12),
        prop::collection::vec((prop::option::of(0usize..12), 0u8..3, 0usize..3), 0..30),
        prop::collection::vec(
            (
                0usize..3,
                any::<bool>(),
                prop::collection::vec(0usize..8, 0..5),
            ),
            0..4,
        ),
        prop::collection::vec(
            (
                0usize..16,
                0f64..100.0,
                prop::option::of(0f64..100.0),
                any::<bool>(),
            ),
            0..10,
        ),
    )
        .prop_flat_map(|(parents, agents, lists, thresholds)| {
            let n = agents.len();
            // values restricted to a small grid so that "exactly at the level" happens.
            let vals = prop::collection::vec(
                prop::collection::vec(
                    prop::option::of((0u8..=20).prop_map(|x| f64::from(x) * 5.0)),
                    16,
                ),
                n,
            );
            (
                Just(parents),
                Just(agents),
                Just(lists),
                Just(thresholds),
                vals,
            )
        })
        .prop_map(|(parents, agents, lists, thresholds, values)| Case {
            parents,
            agents,
            lists,
            thresholds,
            values,
        })
}

struct Built {
    m: WorkplaceMonitor,
    units: Vec<OrgUnit>,
    values: Values,
}

fn build(c: &Case) -> Built {
    let units: Vec<OrgUnit> = c
        .parents
        .iter()
        .enumerate()
        .map(|(i, p)| OrgUnit {
            id: format!("u{i}").into(),
            name: String::new(),
            parent: p.filter(|&p| p < i).map(|p| format!("u{p}").into()),
        })
        .collect();
    let agents: Vec<AgentProfile> = c
        .agents
        .iter()
        .enumerate()
        .map(|(i, (unit, kind, role))| AgentProfile {
            id: format!("a{i}").into(),
            name: String::new(),
            role: Role::from(ROLES[*role]),
            kind: [ServiceKind::Call, ServiceKind::Online, ServiceKind::Both][*kind as usize],
            org_unit: unit
                .filter(|&u| u < units.len())
                .map(|u| format!("u{u}").into()),
            skill_groups: vec![],
            extension: None,
        })
        .collect();
    let tenant = TenantConfig {
        org: units.clone(),
        agents,
        ..TenantConfig::default()
    }
    .validate()
    .unwrap();
    let mut m = WorkplaceMonitor::new(
        Arc::new(tenant),
        &MonitorConfig {
            thresholds: vec![],
            ..MonitorConfig::default()
        },
    )
    .unwrap();
    let keys: Vec<String> = m.metrics().iter().map(|d| d.key.clone()).collect();
    let admin = Viewer::new(Role::SuperAdmin);
    // Valid display lists: picks within the kind's 8 metrics, de-duplicated, ≤ 4.
    let mut seen = HashSet::new();
    let entries: Vec<DisplayEntry> = c
        .lists
        .iter()
        .filter(|(r, call, _)| seen.insert((*r, *call)))
        .map(|(r, call, picks)| {
            let kind = if *call {
                MetricKind::Call
            } else {
                MetricKind::Online
            };
            let of_kind: Vec<&String> = m
                .metrics()
                .iter()
                .filter(|d| d.kind == kind)
                .map(|d| &d.key)
                .collect();
            let mut ms: Vec<String> = Vec::new();
            for p in picks {
                let k = of_kind[*p].clone();
                if !ms.contains(&k) {
                    ms.push(k);
                }
            }
            ms.truncate(4);
            DisplayEntry {
                role: Role::from(ROLES[*r]),
                kind,
                metrics: ms,
            }
        })
        .collect();
    m.set_display(&admin, &entries).unwrap();
    let mut seen = HashSet::new();
    let changes: Vec<ThresholdChange> = c
        .thresholds
        .iter()
        .filter(|(i, ..)| seen.insert(*i))
        .map(|(i, w, crit, flip)| {
            let natural = m.metrics()[*i].direction;
            let direction = if *flip {
                if natural == Direction::HigherIsWorse {
                    Direction::LowerIsWorse
                } else {
                    Direction::HigherIsWorse
                }
            } else {
                natural
            };
            // Keep critical only where it is strictly beyond warning.
            let crit = crit.filter(|c| {
                if direction == Direction::HigherIsWorse {
                    c > w
                } else {
                    c < w
                }
            });
            ThresholdChange {
                metric: keys[*i].clone(),
                threshold: Some(ThresholdLevels {
                    warning: w.round(),
                    critical: crit.map(f64::round).filter(|c| *c != w.round()),
                    direction: Some(direction),
                }),
            }
        })
        .collect();
    m.set_thresholds(&admin, &changes).unwrap();
    let mut values = Values::new();
    for (i, row) in c.values.iter().enumerate() {
        let mut per: BTreeMap<String, Option<f64>> = BTreeMap::new();
        for (j, v) in row.iter().enumerate() {
            if v.is_some() {
                per.insert(keys[j].clone(), *v);
            }
        }
        values.insert(format!("a{i}").into(), per);
    }
    Built { m, units, values }
}

/// Every value of two tables, bit for bit (`PartialEq` on tables cannot
/// see equal missing values: NaN ≠ NaN).
fn cells(m: &WorkplaceMonitor, t: &ValueTable) -> Vec<Option<u64>> {
    let n = m.tenant().config.agents.len() as u32;
    let mut out = Vec::new();
    for d in m.metrics() {
        let id = m.catalog().id(&d.key).unwrap();
        for pos in 0..n {
            out.push(t.get(pos, id).map(f64::to_bits));
        }
    }
    out
}

/// Each view row as (agent position, kind, cells as (metric, value bits, level)).
type RowCells = (u32, MetricKind, Vec<(String, Option<u64>, Level)>);

fn rows_of(m: &WorkplaceMonitor, viewer: &Viewer, t: &ValueTable) -> (Vec<RowCells>, [u32; 4]) {
    let v = m.view(viewer, None, t).unwrap();
    let rows = v
        .rows()
        .iter()
        .map(|r| {
            let cells = r
                .cells()
                .iter()
                .map(|c| {
                    (
                        v.metric_key(c).to_owned(),
                        c.value().map(f64::to_bits),
                        c.level(),
                    )
                })
                .collect();
            (r.agent_position(), r.kind(), cells)
        })
        .collect();
    (
        rows,
        [
            v.agents(),
            v.flagged_agents(),
            v.flagged_cells(),
            v.critical_cells(),
        ],
    )
}

fn brute_descendants(units: &[OrgUnit], root: &str) -> HashSet<String> {
    units
        .iter()
        .filter(|u| {
            let mut cur = Some(u.id.clone());
            while let Some(c) = cur {
                if c.as_str() == root {
                    return true;
                }
                cur = units
                    .iter()
                    .find(|x| x.id == c)
                    .and_then(|x| x.parent.clone());
            }
            false
        })
        .map(|u| u.id.to_string())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// WM2/WM4: ≤ 4 cells, each flagged iff past its threshold per the
    /// reference rule; the counts add up.
    #[test]
    fn cells_match_the_reference_rule(c in case()) {
        let b = build(&c);
        let table = b.m.values(&b.values).unwrap();
        let view = b.m.view(&Viewer::new(Role::SuperAdmin), None, &table).unwrap();
        let specs: BTreeMap<String, (f64, Option<f64>, Direction)> = b.m.thresholds().into_iter()
            .map(|s| (s.metric, (s.warning, s.critical, s.direction.unwrap()))).collect();
        let (mut flagged, mut critical) = (0, 0);
        let mut flagged_agents = HashSet::new();
        for row in view.rows() {
            prop_assert!(row.cells().len() <= 4);
            let agent = view.agent(row).unwrap();
            for cell in row.cells() {
                let key = view.metric_key(cell);
                let def = b.m.metrics().iter().find(|d| d.key == key).unwrap();
                prop_assert_eq!(def.kind, row.kind());
                let given = b.values.get(&agent.id).and_then(|m| m.get(key)).copied().flatten();
                prop_assert_eq!(cell.value(), given);
                let expected = reference_level(given, specs.get(key).copied());
                prop_assert_eq!(cell.level(), expected, "{} {:?}", key, given);
                if expected != Level::Normal { flagged += 1; flagged_agents.insert(agent.id.clone()); }
                if expected == Level::Critical { critical += 1; }
            }
        }
        prop_assert_eq!(view.flagged_cells(), flagged);
        prop_assert_eq!(view.critical_cells(), critical);
        prop_assert_eq!(view.flagged_agents() as usize, flagged_agents.len());
        // Every roster agent appears (super admin, no filter), once per kind served.
        let expected_rows: usize = c.agents.iter().map(|(_, k, _)| if *k == 2 { 2 } else { 1 }).sum();
        prop_assert_eq!(view.rows().len(), expected_rows);
    }

    /// WM5: a call admin's view never holds an online agent row or an online
    /// metric; an online admin's never a call one.
    #[test]
    fn admins_see_only_their_kind(c in case()) {
        let b = build(&c);
        let table = b.m.values(&b.values).unwrap();
        for (role, kind) in [(Role::CallAdmin, MetricKind::Call), (Role::OnlineAdmin, MetricKind::Online)] {
            let view = b.m.view(&Viewer::new(role), None, &table).unwrap();
            for row in view.rows() {
                prop_assert_eq!(row.kind(), kind);
                let agent = view.agent(row).unwrap();
                let serves = if kind == MetricKind::Call { agent.kind.is_call() } else { agent.kind.is_online() };
                prop_assert!(serves);
                for cell in row.cells() {
                    let key = view.metric_key(cell);
                    prop_assert_eq!(b.m.metrics().iter().find(|d| d.key == key).unwrap().kind, kind);
                }
            }
        }
    }

    /// WM1: filtering by a unit shows exactly the agents whose unit is in the
    /// brute-force descendant set.
    #[test]
    fn unit_filter_equals_brute_force_descendants(c in case()) {
        let b = build(&c);
        let table = b.m.values(&b.values).unwrap();
        let admin = Viewer::new(Role::FullAdmin);
        for u in &b.units {
            let set = brute_descendants(&b.units, u.id.as_str());
            let view = b.m.view(&admin, Some(&u.id), &table).unwrap();
            let mut got: Vec<String> = view.rows().iter().map(|r| view.agent(r).unwrap().id.to_string()).collect();
            got.dedup();
            let mut want: Vec<String> = b.m.tenant().config.agents.iter()
                .filter(|a| a.org_unit.as_ref().is_some_and(|x| set.contains(x.as_str())))
                .map(|a| a.id.to_string()).collect();
            let mut got_sorted = got.clone();
            got_sorted.sort();
            want.sort();
            prop_assert_eq!(got_sorted, want);
            prop_assert_eq!(got.len(), view.agents() as usize);
        }
    }

    /// WM3/WM4: a rejected change leaves the settings equal.
    #[test]
    fn rejected_changes_leave_settings_equal(c in case(), extra in prop::collection::vec(0usize..16, 0..3), bad in 0u8..4) {
        let mut b = build(&c);
        let before = (b.m.display_settings(), b.m.thresholds());
        let keys: Vec<String> = b.m.metrics().iter().map(|d| d.key.clone()).collect();
        let admin = Viewer::new(Role::SuperAdmin);
        let mut metrics: Vec<String> = extra.iter().map(|i| keys[*i].clone()).collect();
        match bad {
            0 => metrics.extend(["a", "b", "c", "d", "e"].map(String::from)),
            1 => metrics.push("not_a_metric".into()),
            2 => metrics.push("current_chats".into()),           // online metric in a call list
            _ => metrics = vec!["avg_talk_seconds".into(); 2],   // duplicate
        }
        let r = b.m.set_display(&admin, &[DisplayEntry { role: Role::Agent, kind: MetricKind::Call, metrics }]);
        prop_assert!(r.is_err());
        let r = b.m.set_thresholds(&admin, &[
            ThresholdChange { metric: keys[extra.first().copied().unwrap_or(0)].clone(), threshold: None },
            ThresholdChange { metric: "avg_acw_seconds".into(), threshold: Some(ThresholdLevels { warning: 10.0, critical: Some(5.0), direction: None }) },
        ]);
        prop_assert!(r.is_err());
        prop_assert!(b.m.set_display(&Viewer::new(Role::Agent), &[]).is_err());
        prop_assert_eq!((b.m.display_settings(), b.m.thresholds()), before);
    }

    /// A kept table cleared and refilled (`values_into`) equals a fresh one;
    /// `set_column` equals setting the column cell by cell, and the view of
    /// such a table equals the view of the fresh one; a refused column
    /// changes nothing.
    #[test]
    fn reused_tables_and_columns_equal_fresh_ones(
        c in case(),
        keep in prop::collection::vec(any::<bool>(), 30),
        col in 0usize..16,
        column in prop::collection::vec(prop::option::of((0u8..=20).prop_map(|x| f64::from(x) * 5.0)), 30),
    ) {
        let b = build(&c);
        let n = c.agents.len();
        let mut second = b.values.clone();
        second.retain(|a, _| keep[a.as_str()[1..].parse::<usize>().unwrap()]);
        let mut kept = b.m.values(&b.values).unwrap();
        b.m.values_into(&second, &mut kept).unwrap();
        let fresh = b.m.values(&second).unwrap();
        prop_assert_eq!(cells(&b.m, &kept), cells(&b.m, &fresh));
        // A column in roster order (NaN: missing) against cell-by-cell sets.
        let id = b.m.catalog().id(&b.m.metrics()[col].key).unwrap();
        let dense: Vec<f64> = column[..n].iter().map(|v| v.unwrap_or(f64::NAN)).collect();
        kept.set_column(id, &dense).unwrap();
        let mut by_cell = fresh.clone();
        for (pos, v) in column[..n].iter().enumerate() {
            by_cell.set(pos as u32, id, *v).unwrap();
        }
        prop_assert_eq!(cells(&b.m, &kept), cells(&b.m, &by_cell));
        for role in [Role::SuperAdmin, Role::CallAdmin, Role::OnlineAdmin] {
            let viewer = Viewer::new(role);
            prop_assert_eq!(rows_of(&b.m, &viewer, &kept), rows_of(&b.m, &viewer, &by_cell));
        }
        // Refused columns: wrong length, an infinite value.
        let before = cells(&b.m, &kept);
        prop_assert!(kept.set_column(id, &dense[..n.saturating_sub(1)]).is_err() || n == 0);
        if n > 0 {
            let mut bad = dense.clone();
            bad[n - 1] = f64::INFINITY;
            prop_assert!(kept.set_column(id, &bad).is_err());
        }
        prop_assert_eq!(cells(&b.m, &kept), before);
        // Cleared again: every value missing, as a fresh table.
        kept.clear();
        prop_assert_eq!(cells(&b.m, &kept), cells(&b.m, &b.m.value_table()));
    }

    /// `shows` is true exactly for the metrics some view of that viewer shows
    /// a cell of, given every value (it may also be true for a metric whose
    /// rows are filtered away, never false for a shown one).
    #[test]
    fn shows_covers_every_shown_metric(c in case()) {
        let b = build(&c);
        let table = b.m.values(&b.values).unwrap();
        for role in [Role::SuperAdmin, Role::CallAdmin, Role::OnlineAdmin] {
            let viewer = Viewer::new(role);
            let access = b.m.access(&viewer).unwrap();
            let v = b.m.view(&viewer, None, &table).unwrap();
            for r in v.rows() {
                for cell in r.cells() {
                    prop_assert!(b.m.shows(&access, cell.metric()), "{}", v.metric_key(cell));
                }
            }
            for d in b.m.metrics() {
                let id = b.m.catalog().id(&d.key).unwrap();
                if !access.sees(d.kind) {
                    prop_assert!(!b.m.shows(&access, id), "{} shown to {:?}", d.key, access);
                }
            }
        }
    }
}
