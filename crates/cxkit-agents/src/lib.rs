#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

use serde::{Deserialize, Serialize};

/// The `agents` section of the cxkit configuration.
/// (Skeleton: the owning issue fills it in.)
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AgentsConfig {}

use cxkit_core::Tenant;
use std::sync::Arc;

/// The live board of every agent's state with its incremental counters.
/// (Skeleton: the owning issue fills it in.)
#[derive(Debug, Clone)]
pub struct Board {
    tenant: Arc<Tenant>,
}

/// An error of the agent engine. (Skeleton.)
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum AgentError {
    /// Placeholder.
    #[error("{0}")]
    Core(#[from] cxkit_core::CoreError),
}

impl Board {
    /// A board of the tenant's roster, everyone offline.
    pub fn new(tenant: Arc<Tenant>, config: &AgentsConfig) -> Result<Self, AgentError> {
        let _ = config;
        Ok(Board { tenant })
    }
    /// The tenant this board serves.
    pub fn tenant(&self) -> &Tenant {
        &self.tenant
    }
}
