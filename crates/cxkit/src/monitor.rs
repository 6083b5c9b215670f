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
    DisplayConfig, DisplayEntry, MetricDef, MonitorConfig, MonitorError, MonitorView,
    ThresholdChange, ThresholdSpec, ValueTable, Values, Viewer, WorkplaceMonitor,
};
use std::sync::Arc;

/// The workplace monitor of one tenant.
#[derive(Debug, Clone)]
pub struct Monitor {
    rules: WorkplaceMonitor,
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

/// The keys of [`call_metrics`], in the same order.
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
        rules.access(viewer)?;
        let mut table = rules.values(other_values)?;
        let ids = BOARD_CALL_METRICS.map(|k| rules.catalog().id(k));
        for (pos, agent) in rules.tenant().config.agents.iter().enumerate() {
            if !agent.kind.is_call() {
                continue;
            }
            let stats = self.board.agent_stats(agent.id.as_str(), now)?;
            for (v, id) in call_metrics(&stats).into_iter().zip(ids) {
                if let Some(id) = id {
                    table.set(pos as u32, id, v)?;
                }
            }
        }
        self.fill_online_metrics(rules, &mut table, now)?;
        monitor.view_table(viewer, org_unit, &table)
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
            MonitorError::Config { field, .. } => Error::Config { field, message },
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
        let c = Config::embedded_default().unwrap();
        assert_eq!(c.monitor, MonitorConfig::default());
        let m = Monitor::new(&c).unwrap();
        assert_eq!(m.catalog().len(), 16);
    }

    #[test]
    fn errors_map_to_families_with_details() {
        let c = Config::embedded_default().unwrap();
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
}
