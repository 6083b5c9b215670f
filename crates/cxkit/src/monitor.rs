//! The workplace monitor (职场管理, WM1–WM5): the facade over
//! `cxkit-thresholds`.
//!
//! [`Monitor`] is built from a [`Config`] (the `tenant` and `monitor`
//! sections) and holds the tenant's display settings and thresholds. Its
//! methods take and return the JSON shapes of `docs/monitor.md`:
//!
//! - `view(viewer, org_unit, values)` → the all-agents monitor view;
//! - `set_display(viewer, changes)` / `set_thresholds(viewer, changes)` →
//!   the new settings (all or nothing);
//! - `display_settings()`, `thresholds()`, `catalog()` → the current ones.
//!
//! [`CallCenter::call_monitor_view`] evaluates the same view with the call
//! metrics computed live from the agent board (`Board::agent_stats`).
//!
//! Every error of the rules crate maps onto one facade family here.

use crate::call_center::CallCenter;
use crate::config::Config;
use crate::error::{Error, FieldError, Result};
use cxkit_core::{OrgUnitId, Tenant, Timestamp};
use cxkit_thresholds::{
    Access, DisplayConfig, DisplayEntry, MetricDef, MetricKind, MonitorConfig, MonitorError,
    MonitorView, ThresholdChange, ThresholdSpec, ValueTable, Values, Viewer, WorkplaceMonitor,
};
use std::sync::{Arc, Mutex, Weak};

/// The workplace monitor of one tenant.
#[derive(Debug)]
pub struct Monitor {
    rules: WorkplaceMonitor,
    /// What live views keep between calls (`CallCenter::call_monitor_view`).
    scratch: Scratch,
}

/// A clone has the same settings and a scratch space of its own.
impl Clone for Monitor {
    fn clone(&self) -> Self {
        Monitor {
            rules: self.rules.clone(),
            scratch: Scratch::default(),
        }
    }
}

impl Monitor {
    /// The monitor of `config`'s tenant with its `monitor` section.
    pub fn new(config: &Config) -> Result<Self> {
        Monitor::with_tenant(config.tenant()?, &config.monitor)
    }

    /// The monitor of an already validated tenant.
    pub fn with_tenant(tenant: Arc<Tenant>, config: &MonitorConfig) -> Result<Self> {
        Ok(Monitor {
            rules: WorkplaceMonitor::new(tenant, config)?,
            scratch: Scratch::default(),
        })
    }

    /// The rules object, for typed access (value tables, rows, levels).
    pub fn rules(&self) -> &WorkplaceMonitor {
        &self.rules
    }

    /// The all-agents view of `viewer` (WM1, WM2, WM5), optionally filtered
    /// to `org_unit` and its descendants, from values
    /// `{agent_id: {metric_key: number | null}}`.
    pub fn view(
        &self,
        viewer: &Viewer,
        org_unit: Option<&OrgUnitId>,
        values: &Values,
    ) -> Result<MonitorView<'_>> {
        Ok(self.rules.view_values(viewer, org_unit, values)?)
    }

    /// [`Monitor::view`] from a prepared dense [`ValueTable`] (no parsing,
    /// no hashing: the fast path for live dashboards).
    pub fn view_table(
        &self,
        viewer: &Viewer,
        org_unit: Option<&OrgUnitId>,
        values: &ValueTable,
    ) -> Result<MonitorView<'_>> {
        Ok(self.rules.view(viewer, org_unit, values)?)
    }

    /// Replaces the display lists named by `changes` (WM3), all or nothing;
    /// returns the resulting settings.
    pub fn set_display(
        &mut self,
        viewer: &Viewer,
        changes: &[DisplayEntry],
    ) -> Result<DisplayConfig> {
        self.rules.set_display(viewer, changes)?;
        Ok(self.rules.display_settings())
    }

    /// Sets or removes thresholds (WM4), all or nothing; returns them all.
    pub fn set_thresholds(
        &mut self,
        viewer: &Viewer,
        changes: &[ThresholdChange],
    ) -> Result<Vec<ThresholdSpec>> {
        self.rules.set_thresholds(viewer, changes)?;
        Ok(self.rules.thresholds())
    }

    /// The current display settings.
    pub fn display_settings(&self) -> DisplayConfig {
        self.rules.display_settings()
    }

    /// The current thresholds, in catalog order, directions resolved.
    pub fn thresholds(&self) -> Vec<ThresholdSpec> {
        self.rules.thresholds()
    }

    /// The metric catalog: built-ins, then the tenant's custom metrics.
    pub fn catalog(&self) -> &[MetricDef] {
        self.rules.metrics()
    }
}

/// The call metrics the board computes, by key, from one agent's stats of
/// the tenant day containing `now`. `None` = missing (no call yet, not
/// logged in).
fn call_metrics(s: &cxkit_agents::AgentStats) -> [Option<f64>; 7] {
    [
        s.status_since.map(|_| s.status_seconds),
        Some(f64::from(s.calls_answered)),
        Some(f64::from(s.ring_no_answer)),
        Some(s.busy_seconds),
        Some(f64::from(s.outbound_calls)),
        s.average_talk_seconds,
        s.average_acw_seconds,
    ]
}

/// The keys of the call metrics a board row carries, in the order the
/// monitor computes them.
pub const BOARD_CALL_METRICS: [&str; 7] = [
    "call_status_duration",
    "calls_answered_today",
    "ring_no_answer_today",
    "busy_seconds_today",
    "outbound_calls_today",
    "avg_talk_seconds",
    "avg_acw_seconds",
];

impl CallCenter {
    /// The workplace-monitor view (WM1, WM2, WM5) with the call metrics
    /// computed live from the agent board at `now`: status duration, calls
    /// answered, ring-no-answer count, busy seconds and outbound calls of
    /// the tenant day, average talk and ACW seconds; and the eight online
    /// metrics (OS3) of every online and `both` agent from the online board
    /// (`online.rs`). Everything else — `call_satisfaction_rate` and custom
    /// metrics — comes from `other_values` (`{agent_id: {metric_key: number
    /// | null}}`); for the board metrics the boards win over `other_values`.
    ///
    /// `monitor` holds the display settings and thresholds; it must be
    /// built from the same configuration (its roster is looked up by id).
    ///
    /// Speed: the value table is the monitor's own, kept between views and
    /// cleared (only the columns written last time) instead of allocated;
    /// only the board metrics the viewer's view can show are computed (an
    /// online admin's view reads no call stats). Every view is computed
    /// afresh from the boards: nothing of a previous view is reused but
    /// memory.
    pub fn call_monitor_view<'m>(
        &self,
        monitor: &'m Monitor,
        viewer: &Viewer,
        org_unit: Option<&OrgUnitId>,
        now: Timestamp,
        other_values: &Values,
    ) -> Result<MonitorView<'m>> {
        let rules = monitor.rules();
        // Access first: a refused viewer must not cost a board scan.
        let access = rules.access(viewer)?;
        let mut scratch = monitor.scratch.take();
        let view = self
            .fill_monitor_table(monitor, &access, now, other_values, &mut scratch)
            .and_then(|table| monitor.view_table(viewer, org_unit, table));
        monitor.scratch.give_back(scratch);
        view
    }

    /// The value table of [`CallCenter::call_monitor_view`], in `scratch`.
    fn fill_monitor_table<'s>(
        &self,
        monitor: &Monitor,
        access: &Access,
        now: Timestamp,
        other_values: &Values,
        scratch: &'s mut ScratchState,
    ) -> Result<&'s ValueTable> {
        let rules = monitor.rules();
        let ScratchState {
            table,
            same_roster_as,
            columns,
        } = scratch;
        let table = table.get_or_insert_with(|| rules.value_table());
        rules.values_into(other_values, table)?;
        let ids = BOARD_CALL_METRICS.map(|k| rules.catalog().id(k));
        let shown = ids.map(|id| id.filter(|&id| rules.shows(access, id)));
        let roster = &rules.tenant().config.agents;
        if shown.iter().all(Option::is_none)
            && same_roster(same_roster_as, rules.tenant(), &self.tenant)
        {
            // No call metric can show, and every call agent of the monitor's
            // roster is on the board: the loop below could only fail on an
            // unsupported `now`, which `agent_stats` checks first.
            if rules.has_agents_of(MetricKind::Call) {
                cxkit_core::time::check_supported(now).map_err(|message| {
                    cxkit_agents::AgentError::InvalidInput {
                        field: "now",
                        message,
                    }
                })?;
            }
        } else {
            for (pos, agent) in roster.iter().enumerate() {
                if !agent.kind.is_call() {
                    continue;
                }
                let stats = self.board.agent_stats(agent.id.as_str(), now)?;
                for (v, id) in call_metrics(&stats).into_iter().zip(shown) {
                    if let Some(id) = id {
                        table.set(pos as u32, id, v)?;
                    }
                }
            }
        }
        self.fill_online_metrics(rules, access, table, now, columns)?;
        Ok(table)
    }
}

/// What [`CallCenter::call_monitor_view`] keeps between views.
#[derive(Debug, Default)]
struct ScratchState {
    /// The value table, cleared before each use.
    table: Option<ValueTable>,
    /// The tenant of the last call center whose roster was found equal (by
    /// ids, in order) to the monitor's. A `Weak` keeps the allocation, so
    /// a pointer match can never be a different tenant at a reused address;
    /// a call center's tenant never changes in place.
    same_roster_as: Option<Weak<Tenant>>,
    /// The online metrics in roster order, before they go into the table.
    columns: Vec<f64>,
}

/// Whether `theirs` has the roster of `ours` (same ids, same order); a yes
/// is kept in `known` for `theirs`.
fn same_roster(known: &mut Option<Weak<Tenant>>, ours: &Tenant, theirs: &Arc<Tenant>) -> bool {
    if known
        .as_ref()
        .is_some_and(|w| std::ptr::eq(w.as_ptr(), Arc::as_ptr(theirs)))
    {
        return true;
    }
    let (a, b) = (&ours.config.agents, &theirs.config.agents);
    let same = a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.id == y.id);
    if same {
        *known = Some(Arc::downgrade(theirs));
    }
    same
}

/// The monitor's scratch space: taken by a view and given back, so views
/// from several threads never wait for each other (a second concurrent
/// view just starts from an empty one).
#[derive(Debug, Default)]
struct Scratch(Mutex<ScratchState>);

impl Scratch {
    fn take(&self) -> ScratchState {
        match self.0.lock() {
            Ok(mut g) => std::mem::take(&mut *g),
            Err(p) => std::mem::take(&mut *p.into_inner()),
        }
    }

    fn give_back(&self, s: ScratchState) {
        if let Ok(mut g) = self.0.lock() {
            *g = s;
        }
    }
}

impl From<MonitorError> for Error {
    fn from(e: MonitorError) -> Self {
        let message = e.to_string();
        match e {
            MonitorError::Validation(problems) => Error::Validation {
                errors: problems
                    .into_iter()
                    .map(|p| FieldError {
                        field: p.field,
                        code: p.code,
                        message: p.message,
                    })
                    .collect(),
                message,
            },
            MonitorError::PermissionDenied {
                role,
                permission,
                message,
            } => Error::PermissionDenied {
                role,
                permission,
                message,
            },
            MonitorError::UnknownEntity { kind, id } => Error::UnknownEntity {
                kind: kind.to_owned(),
                id,
                message,
            },
            MonitorError::InvalidInput { field, message } => Error::InvalidInput { field, message },
            MonitorError::Config { field, .. } => Error::config(field, message),
            #[allow(unreachable_patterns)]
            _ => Error::Internal { message },
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    #[test]
    fn embedded_default_equals_the_rules_default() {
        let c = Config::example().unwrap();
        assert_eq!(c.monitor, MonitorConfig::default());
        let m = Monitor::new(&c).unwrap();
        assert_eq!(m.catalog().len(), 16);
    }

    #[test]
    fn errors_map_to_families_with_details() {
        let c = Config::example().unwrap();
        let mut m = Monitor::new(&c).unwrap();
        let admin = Viewer::new(cxkit_core::Role::SuperAdmin);
        let changes: Vec<DisplayEntry> = serde_json::from_value(json!([
            {"role": "agent", "kind": "call", "metrics": ["avg_talk_seconds", "current_chats"]}
        ]))
        .unwrap();
        let e = m.set_display(&admin, &changes).unwrap_err();
        assert_eq!(e.code(), "VALIDATION_ERROR");
        assert_eq!(e.details()["errors"][0]["field"], "changes[0].metrics[1]");
        assert_eq!(e.details()["errors"][0]["code"], "wrong_kind");
        let e = m
            .view(&Viewer::new(cxkit_core::Role::Agent), None, &Values::new())
            .unwrap_err();
        assert_eq!(e.code(), "PERMISSION_DENIED");
        assert_eq!(
            e.details(),
            json!({"role": "agent", "permission": "workplace_monitor"})
        );
        let e = m
            .view(&admin, Some(&"nowhere".into()), &Values::new())
            .unwrap_err();
        assert_eq!(e.details(), json!({"kind": "org_unit", "id": "nowhere"}));
        let bad: Config = Config::from_json_value(
            json!({"monitor": {"thresholds": [{"metric": "x", "warning": 1}]}}),
        )
        .unwrap();
        let e = Monitor::new(&bad).unwrap_err();
        assert_eq!(e.code(), "CONFIG_ERROR");
        assert_eq!(e.details()["field"], "monitor.thresholds[0].metric");
    }

    #[test]
    fn wm2_call_metrics_come_live_from_the_board() {
        let c = Config::from_json_value(json!({
            "tenant": {"agents": [
                {"id": "c1", "name": "Li", "role": "agent", "kind": "call", "extension": "8001"},
                {"id": "c2", "name": "Wu", "role": "agent", "kind": "call"},
                {"id": "o1", "name": "Wang", "role": "agent", "kind": "online"}
            ]},
            "monitor": {"display": {"defaults": {
                "call": ["call_status_duration", "calls_answered_today", "avg_talk_seconds", "call_satisfaction_rate"],
                "online": ["current_chats"]
            }}}
        }))
        .unwrap();
        let mut center = CallCenter::new(&c).unwrap();
        let monitor = Monitor::new(&c).unwrap();
        for e in [
            json!({"type": "login", "agent": "c1", "at": "2026-03-28T01:00:00Z"}),
            json!({"type": "call.offered", "agent": "c1", "at": "2026-03-28T01:01:00Z", "call": "k1"}),
            json!({"type": "call.answered", "agent": "c1", "at": "2026-03-28T01:01:10Z", "call": "k1"}),
            json!({"type": "call.system_ended", "at": "2026-03-28T01:08:10Z", "call": "k1"}),
            json!({"type": "chat.agent_login", "agent": "o1", "at": "2026-03-28T01:00:00Z"}),
            json!({"type": "chat.assigned", "chat": "ch1", "agent": "o1", "channel": "app", "at": "2026-03-28T01:02:00Z"}),
        ] {
            center.apply_json(&e.to_string()).unwrap();
        }
        let now: Timestamp = "2026-03-28T01:20:00Z".parse().unwrap();
        let other: Values = serde_json::from_value(json!({
            "c1": {"call_satisfaction_rate": 75, "calls_answered_today": 99},
            "o1": {"current_chats": 2}
        }))
        .unwrap();
        let admin = Viewer::new(cxkit_core::Role::SuperAdmin);
        let v = serde_json::to_value(
            center
                .call_monitor_view(&monitor, &admin, None, now, &other)
                .unwrap(),
        )
        .unwrap();
        let c1 = &v["rows"][0]["cells"];
        assert_eq!(v["rows"][0]["agent"], "c1");
        assert!(c1[0]["value"].as_f64().unwrap() > 0.0, "{c1}");
        // The board wins over a caller-supplied value of a board metric.
        assert_eq!(
            c1[1],
            json!({"metric": "calls_answered_today", "value": 1.0, "level": "normal"})
        );
        // 7 minutes of talk: past the default 300 s warning, not the 600 s critical.
        assert_eq!(
            c1[2],
            json!({"metric": "avg_talk_seconds", "value": 420.0, "level": "warning"})
        );
        assert_eq!(
            c1[3],
            json!({"metric": "call_satisfaction_rate", "value": 75.0, "level": "critical"})
        );
        // c2 never logged in: no status duration, zero calls, no average.
        let c2 = &v["rows"][1]["cells"];
        assert_eq!(c2[0]["value"], Value::Null);
        assert_eq!(c2[1]["value"], 0.0);
        assert_eq!(c2[2]["value"], Value::Null);
        // OS3 → WM2: the online board wins over the caller's `current_chats: 2`.
        assert_eq!(v["rows"][2]["cells"][0]["value"], 1.0);
        let e = center
            .call_monitor_view(
                &monitor,
                &Viewer::new(cxkit_core::Role::TeamLead),
                None,
                now,
                &other,
            )
            .unwrap_err();
        assert_eq!(e.code(), "PERMISSION_DENIED");
    }

    /// The monitor keeps its value table between live views: a second view
    /// after the boards moved (and without the first view's caller values)
    /// must equal the view of a monitor that never made one, whatever the
    /// viewers in between.
    #[test]
    fn live_views_never_show_a_previous_view() {
        let c = Config::from_json_value(json!({
            "tenant": {"skill_groups": [{"id": "g1", "name": "Chat"}], "agents": [
                {"id": "c1", "name": "Li", "role": "agent", "kind": "call", "extension": "8001"},
                {"id": "o1", "name": "Wang", "role": "agent", "kind": "online", "skill_groups": ["g1"]},
                {"id": "b1", "name": "Zhao", "role": "agent", "kind": "both", "skill_groups": ["g1"]}
            ]},
            "monitor": {"display": {"defaults": {
                "call": ["calls_answered_today", "call_satisfaction_rate"],
                "online": ["current_chats", "online_status_duration", "queued_chats"]
            }}}
        }))
        .unwrap();
        let mut center = CallCenter::new(&c).unwrap();
        let monitor = Monitor::new(&c).unwrap();
        let apply = |center: &mut CallCenter, events: &[Value]| {
            for e in events {
                center.apply_json(&e.to_string()).unwrap();
            }
        };
        apply(
            &mut center,
            &[
                json!({"type": "login", "agent": "c1", "at": "2026-03-28T01:00:00Z"}),
                json!({"type": "chat.agent_login", "agent": "o1", "at": "2026-03-28T01:00:00Z"}),
            ],
        );
        let admin = Viewer::new(cxkit_core::Role::SuperAdmin);
        let online_admin = Viewer::new(cxkit_core::Role::OnlineAdmin);
        let call_admin = Viewer::new(cxkit_core::Role::CallAdmin);
        let first: Values = serde_json::from_value(json!({
            "c1": {"call_satisfaction_rate": 75},
            "b1": {"call_satisfaction_rate": 95, "current_chats": 7}
        }))
        .unwrap();
        let t1: Timestamp = "2026-03-28T01:05:00Z".parse().unwrap();
        let v1 = serde_json::to_value(
            center
                .call_monitor_view(&monitor, &admin, None, t1, &first)
                .unwrap(),
        )
        .unwrap();
        assert_eq!(v1["rows"][0]["cells"][1]["value"], 75.0);
        assert_eq!(
            v1["rows"][1]["cells"][0]["value"], 0.0,
            "o1 has no chat yet: {v1}"
        );
        apply(
            &mut center,
            &[
                json!({"type": "call.offered", "agent": "c1", "at": "2026-03-28T01:06:00Z", "call": "k1"}),
                json!({"type": "call.answered", "agent": "c1", "at": "2026-03-28T01:06:10Z", "call": "k1"}),
                json!({"type": "call.system_ended", "at": "2026-03-28T01:07:10Z", "call": "k1"}),
                json!({"type": "chat.assigned", "chat": "ch1", "agent": "o1", "channel": "app", "at": "2026-03-28T01:08:00Z"}),
                json!({"type": "chat.queued", "chat": "ch2", "skill_group": "g1", "channel": "app", "at": "2026-03-28T01:09:00Z"}),
            ],
        );
        let t2: Timestamp = "2026-03-28T01:10:00Z".parse().unwrap();
        let none = Values::new();
        let fresh = |viewer: &Viewer, values: &Values| {
            let m = Monitor::new(&c).unwrap();
            serde_json::to_value(
                center
                    .call_monitor_view(&m, viewer, None, t2, values)
                    .unwrap(),
            )
            .unwrap()
        };
        // Viewers that see fewer metrics in between, then everything again.
        for viewer in [&online_admin, &call_admin, &admin, &online_admin, &admin] {
            let got = serde_json::to_value(
                center
                    .call_monitor_view(&monitor, viewer, None, t2, &none)
                    .unwrap(),
            )
            .unwrap();
            assert_eq!(got, fresh(viewer, &none), "{viewer:?}");
        }
        let v2 = serde_json::to_value(
            center
                .call_monitor_view(&monitor, &admin, None, t2, &none)
                .unwrap(),
        )
        .unwrap();
        // The first view's caller values are gone, the boards' new state is in.
        assert_eq!(v2["rows"][0]["cells"][0]["value"], 1.0, "{v2}");
        assert_eq!(v2["rows"][0]["cells"][1]["value"], Value::Null, "{v2}");
        assert_eq!(v2["rows"][1]["cells"][0]["value"], 1.0, "{v2}");
        assert_eq!(v2["rows"][1]["cells"][1]["value"], 600.0, "{v2}");
        assert_eq!(
            v2["rows"][1]["cells"][2]["value"], 1.0,
            "ch2 waits in g1: {v2}"
        );
        // b1's call row and online row: no caller values left either.
        assert_eq!(v2["rows"][2]["cells"][1]["value"], Value::Null, "{v2}");
        assert_eq!(v2["rows"][3]["cells"][0]["value"], 0.0, "{v2}");
        // A clone starts with a scratch space of its own, same views.
        let clone = monitor.clone();
        let got = serde_json::to_value(
            center
                .call_monitor_view(&clone, &admin, None, t2, &first)
                .unwrap(),
        )
        .unwrap();
        assert_eq!(got, fresh(&admin, &first));
        let got = serde_json::to_value(
            center
                .call_monitor_view(&monitor, &admin, None, t2, &first)
                .unwrap(),
        )
        .unwrap();
        assert_eq!(got, fresh(&admin, &first));
    }

    /// An online admin's view computes no call stats, yet fails exactly as
    /// the full computation would: a call agent the call center does not
    /// know, an instant outside the supported range.
    #[test]
    fn skipped_call_stats_keep_their_errors() {
        let c = Config::from_json_value(json!({"tenant": {"agents": [
            {"id": "c1", "name": "Li", "role": "agent", "kind": "call"},
            {"id": "o1", "name": "Wang", "role": "agent", "kind": "online"}
        ]}}))
        .unwrap();
        let other = Config::from_json_value(json!({"tenant": {"agents": [
            {"id": "c9", "name": "Li", "role": "agent", "kind": "call"},
            {"id": "o1", "name": "Wang", "role": "agent", "kind": "online"}
        ]}}))
        .unwrap();
        let center = CallCenter::new(&c).unwrap();
        let stranger = CallCenter::new(&other).unwrap();
        let monitor = Monitor::new(&c).unwrap();
        let online_admin = Viewer::new(cxkit_core::Role::OnlineAdmin);
        let admin = Viewer::new(cxkit_core::Role::SuperAdmin);
        let now: Timestamp = "2026-03-28T01:10:00Z".parse().unwrap();
        let none = Values::new();
        for _ in 0..2 {
            assert!(
                center
                    .call_monitor_view(&monitor, &online_admin, None, now, &none)
                    .is_ok()
            );
            let e = stranger
                .call_monitor_view(&monitor, &online_admin, None, now, &none)
                .unwrap_err();
            let full = stranger
                .call_monitor_view(&monitor, &admin, None, now, &none)
                .unwrap_err();
            assert_eq!(e.code(), "UNKNOWN_ENTITY");
            assert_eq!((e.code(), e.details()), (full.code(), full.details()));
        }
        let old: Timestamp = "1850-01-01T00:00:00Z".parse().unwrap();
        let e = center
            .call_monitor_view(&monitor, &online_admin, None, old, &none)
            .unwrap_err();
        let full = center
            .call_monitor_view(&monitor, &admin, None, old, &none)
            .unwrap_err();
        assert_eq!(e.code(), "INVALID_INPUT");
        assert_eq!(
            (e.code(), e.details(), e.message()),
            (full.code(), full.details(), full.message())
        );
    }
}
