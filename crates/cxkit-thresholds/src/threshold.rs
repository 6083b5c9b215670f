//! Warning thresholds (监控警报设置, WM4).
//!
//! A threshold belongs to one metric — and since every metric is either an
//! online or a call metric, online and call thresholds are set separately.
//! It has a warning level, an optional critical level (beyond the note) and a
//! direction, which defaults to the metric's natural direction.
//!
//! **Boundary rule: strictly past.** A value is flagged only when it is
//! *past* the level — `value > level` when higher is worse, `value < level`
//! when lower is worse; a value exactly at the level is normal. The note says
//! a metric that *exceeds* (超过) its warning threshold turns red, and the
//! spec says "past"; reading the level as "the last acceptable value" also
//! lets an admin write the number they tolerate ("3 missed rings are fine").
//!
//! A metric with no threshold never alerts. A critical level must lie
//! strictly beyond the warning level in the threshold's direction (equal
//! would make the warning level unreachable, the other side would invert the
//! meaning); levels must be finite, and a percent metric's levels lie in
//! 0–100.

use crate::catalog::{Catalog, Direction, MetricId, Unit};
use crate::error::{MonitorError, Problem};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// How bad a value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Not past any level (or no threshold, or no value).
    Normal,
    /// Past the warning level (the UI paints it red, WM2).
    Warning,
    /// Past the critical level.
    Critical,
}

impl Level {
    /// Whether the cell is flagged (warning or critical).
    pub fn is_flagged(self) -> bool {
        self != Level::Normal
    }
}

/// Whether `value` is strictly past `level` in `direction` (the boundary
/// rule of this module).
pub fn is_past(direction: Direction, value: f64, level: f64) -> bool {
    match direction {
        Direction::HigherIsWorse => value > level,
        Direction::LowerIsWorse => value < level,
    }
}

/// A validated threshold of one metric.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Threshold {
    /// Warning level.
    pub warning: f64,
    /// Optional critical level, strictly beyond `warning`.
    pub critical: Option<f64>,
    /// Which side is bad.
    pub direction: Direction,
}

impl Threshold {
    /// The level of a value; `NaN` (a missing value) is [`Level::Normal`]
    /// because every comparison with it is false.
    #[inline]
    pub fn level(&self, value: f64) -> Level {
        if self
            .critical
            .is_some_and(|c| is_past(self.direction, value, c))
        {
            Level::Critical
        } else if is_past(self.direction, value, self.warning) {
            Level::Warning
        } else {
            Level::Normal
        }
    }
}

/// The levels of a threshold as given in a change.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ThresholdLevels {
    /// Warning level.
    pub warning: f64,
    /// Critical level, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub critical: Option<f64>,
    /// Direction; defaults to the metric's natural direction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
}

/// One threshold as configured and as reported:
/// `{"metric": "avg_acw_seconds", "warning": 60, "critical": 120, "direction": "higher_is_worse"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ThresholdSpec {
    /// The metric key.
    pub metric: String,
    /// Warning level.
    pub warning: f64,
    /// Critical level, if any.
    #[serde(default)]
    pub critical: Option<f64>,
    /// Direction; on input it defaults to the metric's natural one, on
    /// output it is always given.
    #[serde(default)]
    pub direction: Option<Direction>,
}

/// One change of [`ThresholdTable::apply`]: set a metric's threshold, or
/// remove it with `"threshold": null` (then the metric never alerts).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ThresholdChange {
    /// The metric key.
    pub metric: String,
    /// The new levels, or `null` to remove the threshold.
    pub threshold: Option<ThresholdLevels>,
}

/// The thresholds of every metric, indexed by [`MetricId`].
#[derive(Debug, Clone, PartialEq)]
pub struct ThresholdTable {
    by_metric: Vec<Option<Threshold>>,
}

fn check(
    catalog: &Catalog,
    metric: &str,
    levels: Option<&ThresholdLevels>,
    field: &str,
    problems: &mut Vec<Problem>,
) -> Option<(MetricId, Option<Threshold>)> {
    let Some(id) = catalog.id(metric) else {
        problems.push(Problem::new(
            format!("{field}.metric"),
            "unknown_metric",
            format!("unknown metric `{metric}`"),
        ));
        return None;
    };
    let Some(l) = levels else {
        return Some((id, None));
    };
    let def = catalog.def(id);
    let direction = l.direction.unwrap_or(def.direction);
    let before = problems.len();
    for (name, v) in [("warning", Some(l.warning)), ("critical", l.critical)] {
        let Some(v) = v else { continue };
        if !v.is_finite() {
            problems.push(Problem::new(
                format!("{field}.{name}"),
                "not_finite",
                format!("the {name} level of `{metric}` must be a finite number, got {v}"),
            ));
        } else if def.unit == Unit::Percent && !(0.0..=100.0).contains(&v) {
            problems.push(Problem::new(
                format!("{field}.{name}"),
                "out_of_range",
                format!("`{metric}` is a percentage; the {name} level must lie in 0–100, got {v}"),
            ));
        }
    }
    if problems.len() == before
        && let Some(c) = l.critical
        && !is_past(direction, c, l.warning)
    {
        let side = match direction {
            Direction::HigherIsWorse => "above",
            Direction::LowerIsWorse => "below",
        };
        problems.push(Problem::new(
            format!("{field}.critical"),
            "critical_not_beyond_warning",
            format!(
                "the critical level of `{metric}` ({c}) must lie strictly {side} its warning level ({})",
                l.warning
            ),
        ));
    }
    (problems.len() == before).then_some((
        id,
        Some(Threshold {
            warning: l.warning,
            critical: l.critical,
            direction,
        }),
    ))
}

impl ThresholdTable {
    /// Validates configured thresholds; the error names the first bad field
    /// under `monitor.thresholds` and lists every problem.
    pub fn new(catalog: &Catalog, specs: &[ThresholdSpec]) -> Result<Self, MonitorError> {
        let changes: Vec<ThresholdChange> = specs
            .iter()
            .map(|s| ThresholdChange {
                metric: s.metric.clone(),
                threshold: Some(ThresholdLevels {
                    warning: s.warning,
                    critical: s.critical,
                    direction: s.direction,
                }),
            })
            .collect();
        let mut t = ThresholdTable {
            by_metric: vec![None; catalog.len()],
        };
        t.apply_at(catalog, &changes, "")
            .map_err(|p| MonitorError::config_from("monitor.thresholds", p))?;
        Ok(t)
    }

    /// Validates `changes` as a whole and applies them only if all are valid
    /// (fields `changes[i].warning`, …).
    pub fn apply(
        &mut self,
        catalog: &Catalog,
        changes: &[ThresholdChange],
    ) -> Result<(), MonitorError> {
        self.apply_at(catalog, changes, "changes")
            .map_err(MonitorError::Validation)
    }

    fn apply_at(
        &mut self,
        catalog: &Catalog,
        changes: &[ThresholdChange],
        prefix: &str,
    ) -> Result<(), Vec<Problem>> {
        let mut problems = Vec::new();
        let mut seen = HashSet::new();
        let mut ok = Vec::with_capacity(changes.len());
        for (i, c) in changes.iter().enumerate() {
            let field = format!("{prefix}[{i}]");
            if !seen.insert(c.metric.as_str()) {
                problems.push(Problem::new(
                    format!("{field}.metric"),
                    "duplicate_metric",
                    format!("`{}` is changed twice", c.metric),
                ));
                continue;
            }
            if let Some(x) = check(
                catalog,
                &c.metric,
                c.threshold.as_ref(),
                &field,
                &mut problems,
            ) {
                ok.push(x);
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        if self.by_metric.len() < catalog.len() {
            self.by_metric.resize(catalog.len(), None);
        }
        for (id, t) in ok {
            self.by_metric[id.index()] = t;
        }
        Ok(())
    }

    /// The threshold of a metric, if any.
    #[inline]
    pub fn get(&self, id: MetricId) -> Option<&Threshold> {
        self.by_metric.get(id.index()).and_then(Option::as_ref)
    }

    /// The level of `value` on metric `id`; no threshold → normal.
    #[inline]
    pub fn level(&self, id: MetricId, value: f64) -> Level {
        self.get(id).map_or(Level::Normal, |t| t.level(value))
    }

    /// Every threshold in catalog order, directions resolved.
    pub fn to_specs(&self, catalog: &Catalog) -> Vec<ThresholdSpec> {
        self.by_metric
            .iter()
            .enumerate()
            .filter_map(|(i, t)| {
                let t = t.as_ref()?;
                Some(ThresholdSpec {
                    metric: catalog.metrics().get(i)?.key.clone(),
                    warning: t.warning,
                    critical: t.critical,
                    direction: Some(t.direction),
                })
            })
            .collect()
    }
}

/// The documented default thresholds (also in `config/monitor.json`).
pub fn default_thresholds() -> Vec<ThresholdSpec> {
    let t = |metric: &str, warning: f64, critical: Option<f64>| ThresholdSpec {
        metric: metric.to_owned(),
        warning,
        critical,
        direction: None,
    };
    vec![
        t("queued_chats", 3.0, Some(6.0)),
        t("avg_first_response_seconds", 30.0, Some(60.0)),
        t("avg_response_seconds", 60.0, Some(120.0)),
        t("unanswered_chats", 0.0, Some(3.0)),
        t("online_satisfaction_rate", 90.0, Some(80.0)),
        t("avg_talk_seconds", 300.0, Some(600.0)),
        t("avg_acw_seconds", 60.0, Some(120.0)),
        t("ring_no_answer_today", 2.0, Some(5.0)),
        t("call_satisfaction_rate", 90.0, Some(80.0)),
    ]
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn set(
        metric: &str,
        warning: f64,
        critical: Option<f64>,
        direction: Option<Direction>,
    ) -> ThresholdChange {
        ThresholdChange {
            metric: metric.into(),
            threshold: Some(ThresholdLevels {
                warning,
                critical,
                direction,
            }),
        }
    }

    #[test]
    fn wm4_a_value_at_the_level_is_not_flagged() {
        let up = Threshold {
            warning: 60.0,
            critical: Some(120.0),
            direction: Direction::HigherIsWorse,
        };
        assert_eq!(up.level(60.0), Level::Normal);
        assert_eq!(up.level(60.5), Level::Warning);
        assert_eq!(up.level(120.0), Level::Warning);
        assert_eq!(up.level(120.1), Level::Critical);
        assert_eq!(up.level(f64::NAN), Level::Normal);
        let down = Threshold {
            warning: 90.0,
            critical: Some(80.0),
            direction: Direction::LowerIsWorse,
        };
        assert_eq!(down.level(90.0), Level::Normal);
        assert_eq!(down.level(89.9), Level::Warning);
        assert_eq!(down.level(80.0), Level::Warning);
        assert_eq!(down.level(79.0), Level::Critical);
        assert_eq!(down.level(100.0), Level::Normal);
    }

    #[test]
    fn wm4_no_threshold_never_alerts_and_direction_defaults_to_natural() {
        let c = Catalog::builtin();
        let mut t = ThresholdTable::new(&c, &[]).unwrap();
        let sat = c.id("call_satisfaction_rate").unwrap();
        assert_eq!(t.level(sat, 0.0), Level::Normal);
        t.apply(&c, &[set("call_satisfaction_rate", 90.0, None, None)])
            .unwrap();
        assert_eq!(t.get(sat).unwrap().direction, Direction::LowerIsWorse);
        assert_eq!(t.level(sat, 50.0), Level::Warning);
        // An explicit direction overrides the natural one.
        t.apply(
            &c,
            &[set(
                "call_satisfaction_rate",
                90.0,
                None,
                Some(Direction::HigherIsWorse),
            )],
        )
        .unwrap();
        assert_eq!(t.level(sat, 50.0), Level::Normal);
        // null removes it.
        t.apply(
            &c,
            &[ThresholdChange {
                metric: "call_satisfaction_rate".into(),
                threshold: None,
            }],
        )
        .unwrap();
        assert!(t.get(sat).is_none());
        assert!(t.to_specs(&c).is_empty());
    }

    #[test]
    fn wm4_bad_levels_are_rejected_together_and_nothing_changes() {
        let c = Catalog::builtin();
        let mut t = ThresholdTable::new(&c, &default_thresholds()).unwrap();
        let before = t.clone();
        let e = t
            .apply(
                &c,
                &[
                    set("avg_talk_seconds", 100.0, Some(200.0), None), // valid, must not apply
                    set("avg_acw_seconds", 60.0, Some(30.0), None),
                    set("call_satisfaction_rate", 90.0, Some(95.0), None),
                    set("busy_seconds_today", f64::NAN, None, None),
                    set("current_chats", 1.0, Some(f64::INFINITY), None),
                    set("online_satisfaction_rate", 120.0, None, None),
                    set("ghost", 1.0, None, None),
                    set("avg_talk_seconds", 1.0, None, None),
                    set("queued_chats", 3.0, Some(3.0), None),
                ],
            )
            .unwrap_err();
        let MonitorError::Validation(p) = e else {
            panic!("{e:?}")
        };
        let got: Vec<_> = p
            .iter()
            .map(|p| (p.field.as_str(), p.code.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("changes[1].critical", "critical_not_beyond_warning"),
                ("changes[2].critical", "critical_not_beyond_warning"),
                ("changes[3].warning", "not_finite"),
                ("changes[4].critical", "not_finite"),
                ("changes[5].warning", "out_of_range"),
                ("changes[6].metric", "unknown_metric"),
                ("changes[7].metric", "duplicate_metric"),
                ("changes[8].critical", "critical_not_beyond_warning"),
            ]
        );
        assert_eq!(t, before);
    }

    #[test]
    fn configured_thresholds_errors_name_the_field() {
        let c = Catalog::builtin();
        let e = ThresholdTable::new(
            &c,
            &[ThresholdSpec {
                metric: "avg_acw_seconds".into(),
                warning: 60.0,
                critical: Some(10.0),
                direction: None,
            }],
        )
        .unwrap_err();
        assert!(
            matches!(&e, MonitorError::Config { field, .. } if field == "monitor.thresholds[0].critical"),
            "{e:?}"
        );
    }
}
