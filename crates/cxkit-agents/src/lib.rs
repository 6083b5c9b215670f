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

/// An agent event. (Skeleton: the owning issue fills it in; the JSON shape is
/// `{"type": "login", "agent": …, "at": …, "event_id"?: …, …}`.)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum AgentEvent {
    /// Placeholder.
    Logout {
        /// The agent.
        agent: cxkit_core::AgentId,
        /// When.
        at: cxkit_core::Timestamp,
    },
}

/// Whether an event changed the board or was a duplicate of one already applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplyStatus {
    /// The event was applied.
    Applied,
    /// An event with the same id was already applied; nothing changed.
    Duplicate,
}

impl Board {
    /// Applies one event. (Skeleton.)
    pub fn apply(&mut self, event: &AgentEvent) -> Result<ApplyStatus, AgentError> {
        let _ = event;
        Ok(ApplyStatus::Applied)
    }
}

/// The agent part of the wallboard. (Skeleton: the owning issue replaces it.)
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentWallboardPlaceholder {}
