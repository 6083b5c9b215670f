//! The `agents` section of the configuration: after-call work (TB2).

use serde::{Deserialize, Serialize};

/// Where an agent goes when after-call work ends (TB2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AcwReturn {
    /// Back to idle (the note's rule; default).
    #[default]
    Idle,
    /// Back to the status held before the call (idle, busy or a non-service reason).
    Previous,
}

/// After-call work policy (TB2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct AcwConfig {
    /// Whether ACW starts automatically after a connected call.
    pub enabled: bool,
    /// ACW duration in seconds (0..=86400).
    pub seconds: u32,
    /// Where the agent goes when ACW ends (by time, early finish, or when
    /// ACW is disabled, right after the call).
    pub return_to: AcwReturn,
}

impl Default for AcwConfig {
    fn default() -> Self {
        AcwConfig {
            enabled: true,
            seconds: 30,
            return_to: AcwReturn::Idle,
        }
    }
}

/// The `agents` section of the cxkit configuration.
///
/// JSON: `{"acw": {"enabled": true, "seconds": 30, "return_to": "idle"}}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct AgentsConfig {
    /// After-call work (TB2).
    pub acw: AcwConfig,
}

/// Longest configurable ACW: one day.
pub const MAX_ACW_SECONDS: u32 = 86_400;
