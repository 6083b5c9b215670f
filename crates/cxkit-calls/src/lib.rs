#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

use serde::{Deserialize, Serialize};

/// The `calls` section of the cxkit configuration.
/// (Skeleton: the owning issue fills it in.)
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CallsConfig {}

use cxkit_core::Tenant;

/// The live tracker of calls in the system. (Skeleton: the owning issue fills it in.)
#[derive(Debug, Clone, Default)]
pub struct CallTracker {}

/// An error of the call rules. (Skeleton.)
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CallError {
    /// Placeholder.
    #[error("{0}")]
    Core(#[from] cxkit_core::CoreError),
}

impl CallTracker {
    /// A tracker with no call in the system.
    pub fn new(tenant: &Tenant, config: &CallsConfig) -> Result<Self, CallError> {
        let _ = (tenant, config);
        Ok(CallTracker {})
    }
}
