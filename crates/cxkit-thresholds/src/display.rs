//! Per-role display settings (自定义设置, WM2, WM3): which metrics, at most
//! four, a role's rows show on the all-agents monitor.
//!
//! Settings are keyed by **(role, kind)**: a role has one list of call
//! metrics (used for its agents' call rows) and one list of online metrics
//! (for their online rows). So a role whose agents serve both kinds, or an
//! agent of kind `both`, shows two rows of up to four cells each, and a list
//! can never mix kinds. A (role, kind) without its own list uses the
//! tenant's default list of that kind, which keeps custom roles useful
//! without setup.
//!
//! [`DisplaySettings::apply`] validates a whole change before touching
//! anything: every problem is reported and, on error, the settings are
//! exactly as before.

use crate::catalog::{Catalog, MetricId, MetricKind};
use crate::error::{MonitorError, Problem};
use cxkit_core::Role;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// At most this many metrics per role list (WM2: "at most 4 per role").
pub const MAX_DISPLAYED: usize = 4;

/// A list of metric keys per kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KindLists {
    /// Call metric keys, in display order.
    pub call: Vec<String>,
    /// Online metric keys, in display order.
    pub online: Vec<String>,
}

/// The display list of one (role, kind).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DisplayEntry {
    /// The role whose agents' rows use this list.
    pub role: Role,
    /// The kind of the rows (and of every metric in the list).
    pub kind: MetricKind,
    /// Metric keys in display order; at most [`MAX_DISPLAYED`], no repeats,
    /// all of `kind`. An empty list shows no metric.
    pub metrics: Vec<String>,
}

/// The display settings as configured / reported: defaults per kind and the
/// per-(role, kind) overrides, sorted by role then kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct DisplayConfig {
    /// The lists used by a (role, kind) without its own.
    pub defaults: KindLists,
    /// Per-(role, kind) lists.
    pub roles: Vec<DisplayEntry>,
}

impl Default for DisplayConfig {
    fn default() -> Self {
        let s = |v: &[&str]| v.iter().map(|k| (*k).to_owned()).collect();
        DisplayConfig {
            defaults: KindLists {
                call: s(&[
                    "call_status_duration",
                    "calls_answered_today",
                    "ring_no_answer_today",
                    "avg_acw_seconds",
                ]),
                online: s(&[
                    "online_status_duration",
                    "current_chats",
                    "avg_first_response_seconds",
                    "online_satisfaction_rate",
                ]),
            },
            roles: Vec::new(),
        }
    }
}

/// Validated display settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplaySettings {
    defaults: [Vec<MetricId>; 2],
    roles: BTreeMap<(Role, MetricKind), Vec<MetricId>>,
}

/// Checks one list: length, known keys, kind, repeats. Problems are pushed
/// with fields under `field` (`<field>[i]`).
fn check_list(
    catalog: &Catalog,
    kind: MetricKind,
    keys: &[String],
    field: &str,
    problems: &mut Vec<Problem>,
) -> Vec<MetricId> {
    let mut ids = Vec::with_capacity(keys.len().min(MAX_DISPLAYED));
    if keys.len() > MAX_DISPLAYED {
        problems.push(Problem::new(
            field,
            "too_many_metrics",
            format!(
                "{} metrics chosen; at most {MAX_DISPLAYED} per role list",
                keys.len()
            ),
        ));
    }
    let mut seen = HashSet::new();
    for (i, key) in keys.iter().enumerate() {
        let f = format!("{field}[{i}]");
        match catalog.id(key) {
            None => problems.push(Problem::new(
                f,
                "unknown_metric",
                format!("unknown metric `{key}`"),
            )),
            Some(id) => {
                let def = catalog.def(id);
                if def.kind != kind {
                    problems.push(Problem::new(
                        f,
                        "wrong_kind",
                        format!(
                            "`{key}` is a {} metric; this list is for {kind} rows",
                            def.kind
                        ),
                    ));
                } else if !seen.insert(id) {
                    problems.push(Problem::new(
                        f,
                        "duplicate_metric",
                        format!("`{key}` is chosen twice"),
                    ));
                } else {
                    ids.push(id);
                }
            }
        }
    }
    ids
}

fn check_entries(
    catalog: &Catalog,
    entries: &[DisplayEntry],
    field: &str,
    problems: &mut Vec<Problem>,
) -> Vec<((Role, MetricKind), Vec<MetricId>)> {
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(entries.len());
    for (i, e) in entries.iter().enumerate() {
        if !seen.insert((&e.role, e.kind)) {
            problems.push(Problem::new(
                format!("{field}[{i}]"),
                "duplicate_entry",
                format!("the {} list of role `{}` is given twice", e.kind, e.role),
            ));
        }
        let ids = check_list(
            catalog,
            e.kind,
            &e.metrics,
            &format!("{field}[{i}].metrics"),
            problems,
        );
        out.push(((e.role.clone(), e.kind), ids));
    }
    out
}

impl DisplaySettings {
    /// Validates a configured [`DisplayConfig`]; the error names the first
    /// bad field under `monitor.display` and lists every problem.
    pub fn new(catalog: &Catalog, config: &DisplayConfig) -> Result<Self, MonitorError> {
        let mut problems = Vec::new();
        let call = check_list(
            catalog,
            MetricKind::Call,
            &config.defaults.call,
            "defaults.call",
            &mut problems,
        );
        let online = check_list(
            catalog,
            MetricKind::Online,
            &config.defaults.online,
            "defaults.online",
            &mut problems,
        );
        let roles = check_entries(catalog, &config.roles, "roles", &mut problems);
        if !problems.is_empty() {
            return Err(MonitorError::config_from("monitor.display.", problems));
        }
        Ok(DisplaySettings {
            defaults: [call, online],
            roles: roles.into_iter().collect(),
        })
    }

    /// The list shown on `role`'s rows of `kind`: its own, or the default.
    pub fn list(&self, role: &Role, kind: MetricKind) -> &[MetricId] {
        // A tuple key needs an owned Role to look up; roles are few and this
        // runs once per role per settings change, never per agent.
        self.roles
            .get(&(role.clone(), kind))
            .unwrap_or(&self.defaults[kind.index()])
    }

    /// Whether `role` has its own list of `kind`.
    pub fn has_own(&self, role: &Role, kind: MetricKind) -> bool {
        self.roles.contains_key(&(role.clone(), kind))
    }

    /// Validates `changes` as a whole and, only if every entry is valid,
    /// replaces each (role, kind) list it names (WM3). Problems are fields
    /// under `changes` (`changes[1].metrics[4]`).
    pub fn apply(
        &mut self,
        catalog: &Catalog,
        changes: &[DisplayEntry],
    ) -> Result<(), MonitorError> {
        let mut problems = Vec::new();
        let checked = check_entries(catalog, changes, "changes", &mut problems);
        if !problems.is_empty() {
            return Err(MonitorError::Validation(problems));
        }
        self.roles.extend(checked);
        Ok(())
    }

    /// The settings in their JSON shape.
    pub fn to_config(&self, catalog: &Catalog) -> DisplayConfig {
        let keys = |ids: &[MetricId]| ids.iter().map(|&id| catalog.def(id).key.clone()).collect();
        DisplayConfig {
            defaults: KindLists {
                call: keys(&self.defaults[0]),
                online: keys(&self.defaults[1]),
            },
            roles: self
                .roles
                .iter()
                .map(|((role, kind), ids)| DisplayEntry {
                    role: role.clone(),
                    kind: *kind,
                    metrics: keys(ids),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn entry(role: &str, kind: MetricKind, keys: &[&str]) -> DisplayEntry {
        DisplayEntry {
            role: role.into(),
            kind,
            metrics: keys.iter().map(|k| (*k).to_owned()).collect(),
        }
    }

    #[test]
    fn wm2_default_lists_apply_to_roles_without_their_own() {
        let c = Catalog::builtin();
        let s = DisplaySettings::new(&c, &DisplayConfig::default()).unwrap();
        let l = s.list(&Role::Agent, MetricKind::Call);
        assert_eq!(l.len(), 4);
        assert_eq!(c.def(l[0]).key, "call_status_duration");
        assert!(!s.has_own(&Role::Agent, MetricKind::Call));
        assert_eq!(s.to_config(&c), DisplayConfig::default());
    }

    #[test]
    fn wm3_every_problem_is_listed_and_nothing_changes() {
        let c = Catalog::builtin();
        let mut s = DisplaySettings::new(&c, &DisplayConfig::default()).unwrap();
        let before = s.clone();
        let changes = [
            entry("team_lead", MetricKind::Call, &["avg_talk_seconds"]), // valid, but must not apply
            entry(
                "agent",
                MetricKind::Call,
                &[
                    "avg_talk_seconds",
                    "current_chats",
                    "nope",
                    "avg_talk_seconds",
                    "busy_seconds_today",
                ],
            ),
            entry("team_lead", MetricKind::Call, &[]),
        ];
        let Err(MonitorError::Validation(p)) = s.apply(&c, &changes) else {
            panic!("expected a validation error")
        };
        let got: Vec<_> = p
            .iter()
            .map(|p| (p.field.as_str(), p.code.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("changes[1].metrics", "too_many_metrics"),
                ("changes[1].metrics[1]", "wrong_kind"),
                ("changes[1].metrics[2]", "unknown_metric"),
                ("changes[1].metrics[3]", "duplicate_metric"),
                ("changes[2]", "duplicate_entry"),
            ]
        );
        assert_eq!(s, before);
    }

    #[test]
    fn wm3_valid_change_replaces_only_the_named_lists() {
        let c = Catalog::builtin();
        let mut s = DisplaySettings::new(&c, &DisplayConfig::default()).unwrap();
        s.apply(
            &c,
            &[entry(
                "agent",
                MetricKind::Online,
                &["unanswered_chats", "current_chats"],
            )],
        )
        .unwrap();
        let l: Vec<_> = s
            .list(&Role::Agent, MetricKind::Online)
            .iter()
            .map(|&i| c.def(i).key.as_str())
            .collect();
        assert_eq!(l, ["unanswered_chats", "current_chats"]);
        assert_eq!(s.list(&Role::Agent, MetricKind::Call).len(), 4);
        assert_eq!(s.list(&Role::TeamLead, MetricKind::Online).len(), 4);
    }

    #[test]
    fn bad_configured_defaults_are_config_errors() {
        let c = Catalog::builtin();
        let mut cfg = DisplayConfig::default();
        cfg.defaults.online.push("avg_talk_seconds".into());
        let e = DisplaySettings::new(&c, &cfg).unwrap_err();
        assert!(
            matches!(&e, MonitorError::Config { field, .. } if field == "monitor.display.defaults.online"),
            "{e:?}"
        );
    }
}
