#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod access;
pub mod catalog;
pub mod display;
pub mod error;
pub mod monitor;
pub mod threshold;
pub mod values;

pub use access::{Access, Viewer};
pub use catalog::{Catalog, Direction, MetricDef, MetricId, MetricKind, Unit};
pub use display::{DisplayConfig, DisplayEntry, KindLists, MAX_DISPLAYED};
pub use error::{MonitorError, Problem};
pub use monitor::{Cell, MonitorView, Row, WorkplaceMonitor};
pub use threshold::{Level, Threshold, ThresholdChange, ThresholdLevels, ThresholdSpec};
pub use values::{ValueTable, Values};

use serde::{Deserialize, Serialize};

/// The `monitor` section of the cxkit configuration (WM2–WM4): the tenant's
/// custom metrics, the per-role display settings and the thresholds.
///
/// JSON:
/// ```json
/// {"custom_metrics": [{"key": "callbacks_due", "kind": "call", "unit": "count",
///                      "direction": "higher_is_worse", "name": "Callbacks due"}],
///  "display": {"defaults": {"online": ["current_chats"], "call": ["calls_answered_today"]},
///              "roles": [{"role": "team_lead", "kind": "call", "metrics": ["avg_talk_seconds"]}]},
///  "thresholds": [{"metric": "avg_acw_seconds", "warning": 60, "critical": 120}]}
/// ```
///
/// Every field is optional; a missing one takes the value of
/// [`MonitorConfig::default`], which equals the facade's embedded
/// `config/monitor.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct MonitorConfig {
    /// Metrics the tenant adds to the built-in catalog; keys must not clash.
    pub custom_metrics: Vec<MetricDef>,
    /// Which metrics each role's monitor rows show (WM2, WM3).
    pub display: DisplayConfig,
    /// Warning/critical levels per metric (WM4); a metric without one never alerts.
    pub thresholds: Vec<ThresholdSpec>,
}

impl Default for MonitorConfig {
    fn default() -> Self {
        MonitorConfig {
            custom_metrics: Vec::new(),
            display: DisplayConfig::default(),
            thresholds: threshold::default_thresholds(),
        }
    }
}
