//! The metric catalog (监控指标): every metric a monitor row can show.
//!
//! The built-in catalog holds the online (chat) and call metrics of the spec
//! (§1, "Metric catalog"); a tenant adds its own with the same attributes.
//! Keys are global, not per kind, because one agent who serves both kinds
//! has one set of values: so the two metrics that exist for both kinds carry
//! the kind in their key (`online_status_duration` / `call_status_duration`,
//! `online_satisfaction_rate` / `call_satisfaction_rate`).
//!
//! Each metric gets a dense [`MetricId`] (its catalog position) so the hot
//! view loop indexes arrays instead of hashing strings.

use crate::error::{MonitorError, Problem};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;

/// Which kind of agent a metric describes (WM4: thresholds are set
/// separately for online and call metrics).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MetricKind {
    /// Call-center metric (呼叫).
    Call,
    /// Online (chat) metric (在线).
    Online,
}

impl MetricKind {
    /// Both kinds, call first (the order rows of one agent appear in).
    pub const ALL: [MetricKind; 2] = [MetricKind::Call, MetricKind::Online];

    /// The stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            MetricKind::Call => "call",
            MetricKind::Online => "online",
        }
    }

    pub(crate) fn index(self) -> usize {
        match self {
            MetricKind::Call => 0,
            MetricKind::Online => 1,
        }
    }
}

impl fmt::Display for MetricKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The unit a metric's value is expressed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A number of things (chats, calls).
    Count,
    /// A duration in seconds.
    Seconds,
    /// A rate on a 0–100 scale (`92.5` means 92.5 %).
    Percent,
}

/// Which side of a threshold is bad (WM4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(rename = "MetricDirection")]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// A value above the threshold is bad (queue wait, ACW time).
    HigherIsWorse,
    /// A value below the threshold is bad (satisfaction, calls answered).
    LowerIsWorse,
}

/// One metric of the catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MetricDef {
    /// Stable snake_case key, unique across kinds (`avg_talk_seconds`).
    pub key: String,
    /// Online or call.
    pub kind: MetricKind,
    /// Unit of the value.
    pub unit: Unit,
    /// The natural direction, the default of a threshold on this metric.
    pub direction: Direction,
    /// Display name.
    #[serde(default)]
    pub name: String,
}

/// A metric's position in its [`Catalog`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MetricId(pub(crate) u16);

impl MetricId {
    /// The catalog position.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// The built-in metrics: (key, kind, unit, direction, name).
const BUILTIN: [(&str, MetricKind, Unit, Direction, &str); 16] = {
    use Direction::*;
    use MetricKind::*;
    use Unit::*;
    [
        (
            "online_status_duration",
            Online,
            Seconds,
            HigherIsWorse,
            "Time in current status",
        ),
        (
            "current_chats",
            Online,
            Count,
            HigherIsWorse,
            "Current chats",
        ),
        (
            "queued_chats",
            Online,
            Count,
            HigherIsWorse,
            "Chats queued for the agent",
        ),
        (
            "chats_served_today",
            Online,
            Count,
            LowerIsWorse,
            "Chats served today",
        ),
        (
            "avg_first_response_seconds",
            Online,
            Seconds,
            HigherIsWorse,
            "Average first response",
        ),
        (
            "avg_response_seconds",
            Online,
            Seconds,
            HigherIsWorse,
            "Average response",
        ),
        (
            "unanswered_chats",
            Online,
            Count,
            HigherIsWorse,
            "Unanswered chats",
        ),
        (
            "online_satisfaction_rate",
            Online,
            Percent,
            LowerIsWorse,
            "Chat satisfaction",
        ),
        (
            "call_status_duration",
            Call,
            Seconds,
            HigherIsWorse,
            "Time in current status",
        ),
        (
            "calls_answered_today",
            Call,
            Count,
            LowerIsWorse,
            "Calls answered today",
        ),
        (
            "avg_talk_seconds",
            Call,
            Seconds,
            HigherIsWorse,
            "Average talk time",
        ),
        (
            "avg_acw_seconds",
            Call,
            Seconds,
            HigherIsWorse,
            "Average after-call work",
        ),
        (
            "ring_no_answer_today",
            Call,
            Count,
            HigherIsWorse,
            "Rang, not answered today",
        ),
        (
            "busy_seconds_today",
            Call,
            Seconds,
            HigherIsWorse,
            "Busy time today",
        ),
        (
            "outbound_calls_today",
            Call,
            Count,
            LowerIsWorse,
            "Outbound calls today",
        ),
        (
            "call_satisfaction_rate",
            Call,
            Percent,
            LowerIsWorse,
            "Call satisfaction",
        ),
    ]
};

/// Longest metric key accepted.
pub const MAX_KEY_LEN: usize = 64;

/// The built-in metrics plus the tenant's custom ones, indexed by key.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalog {
    metrics: Vec<MetricDef>,
    index: HashMap<String, MetricId>,
}

impl Catalog {
    /// The built-in catalog only.
    pub fn builtin() -> Self {
        let metrics: Vec<MetricDef> = BUILTIN
            .iter()
            .map(|&(key, kind, unit, direction, name)| MetricDef {
                key: key.to_owned(),
                kind,
                unit,
                direction,
                name: name.to_owned(),
            })
            .collect();
        let index = metrics
            .iter()
            .enumerate()
            .map(|(i, m)| (m.key.clone(), MetricId(i as u16)))
            .collect();
        Catalog { metrics, index }
    }

    /// The built-in catalog plus `custom`. Every problem (a key that is not
    /// snake_case, clashes with a built-in or repeats) is reported, with
    /// fields relative to the list (`[2].key`).
    pub fn with_custom(custom: &[MetricDef]) -> Result<Self, Vec<Problem>> {
        let mut cat = Catalog::builtin();
        let mut problems = Vec::new();
        for (i, m) in custom.iter().enumerate() {
            let field = format!("[{i}].key");
            if !is_snake_case_key(&m.key) {
                problems.push(Problem::new(
                    field,
                    "bad_key",
                    format!(
                        "metric key `{}` must be snake_case ([a-z][a-z0-9_]*, at most {MAX_KEY_LEN} characters)",
                        m.key
                    ),
                ));
            } else if cat.index.contains_key(&m.key) {
                problems.push(Problem::new(
                    field,
                    "duplicate_metric",
                    format!("metric key `{}` is already in the catalog", m.key),
                ));
            } else if cat.metrics.len() >= u16::MAX as usize {
                problems.push(Problem::new(
                    field,
                    "too_many_metrics",
                    "the catalog is full",
                ));
            } else {
                cat.index
                    .insert(m.key.clone(), MetricId(cat.metrics.len() as u16));
                cat.metrics.push(m.clone());
            }
        }
        if problems.is_empty() {
            Ok(cat)
        } else {
            Err(problems)
        }
    }

    /// Like [`Catalog::with_custom`], as a configuration error under
    /// `monitor.custom_metrics`.
    pub fn from_config(custom: &[MetricDef]) -> Result<Self, MonitorError> {
        Catalog::with_custom(custom)
            .map_err(|p| MonitorError::config_from("monitor.custom_metrics", p))
    }

    /// The id of a metric key.
    pub fn id(&self, key: &str) -> Option<MetricId> {
        self.index.get(key).copied()
    }

    /// The definition of a metric. Ids come only from this catalog, so the
    /// position exists.
    pub fn def(&self, id: MetricId) -> &MetricDef {
        &self.metrics[id.index()]
    }

    /// Every metric, built-ins first, in catalog order.
    pub fn metrics(&self) -> &[MetricDef] {
        &self.metrics
    }

    /// Number of metrics.
    pub fn len(&self) -> usize {
        self.metrics.len()
    }

    /// Always false: the built-ins are there.
    pub fn is_empty(&self) -> bool {
        self.metrics.is_empty()
    }
}

fn is_snake_case_key(k: &str) -> bool {
    let mut chars = k.chars();
    matches!(chars.next(), Some('a'..='z'))
        && k.len() <= MAX_KEY_LEN
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_'))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalog_covers_the_spec_list() {
        let c = Catalog::builtin();
        let online = c
            .metrics()
            .iter()
            .filter(|m| m.kind == MetricKind::Online)
            .count();
        let call = c
            .metrics()
            .iter()
            .filter(|m| m.kind == MetricKind::Call)
            .count();
        assert_eq!((online, call), (8, 8));
        let sat = c.def(c.id("call_satisfaction_rate").unwrap());
        assert_eq!(
            (sat.unit, sat.direction),
            (Unit::Percent, Direction::LowerIsWorse)
        );
        for m in c.metrics() {
            assert!(is_snake_case_key(&m.key), "{}", m.key);
        }
    }

    #[test]
    fn custom_metrics_extend_and_must_not_clash() {
        let m = |key: &str| MetricDef {
            key: key.into(),
            kind: MetricKind::Call,
            unit: Unit::Count,
            direction: Direction::HigherIsWorse,
            name: String::new(),
        };
        let c = Catalog::with_custom(&[m("callbacks_due")]).unwrap();
        assert_eq!(c.len(), 17);
        assert_eq!(c.def(c.id("callbacks_due").unwrap()).kind, MetricKind::Call);
        let e =
            Catalog::with_custom(&[m("avg_talk_seconds"), m("x1"), m("x1"), m("Bad-Key"), m("")])
                .unwrap_err();
        let codes: Vec<_> = e
            .iter()
            .map(|p| (p.field.as_str(), p.code.as_str()))
            .collect();
        assert_eq!(
            codes,
            [
                ("[0].key", "duplicate_metric"),
                ("[2].key", "duplicate_metric"),
                ("[3].key", "bad_key"),
                ("[4].key", "bad_key")
            ]
        );
    }
}
