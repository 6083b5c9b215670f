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

use cxkit_core::{Scope, SkillGroupId, Timestamp};

/// A call lifecycle event; every type is in the `call.` namespace
/// (`call.arrived`, `call.queued`, …). (Skeleton: the owning issue fills it in.)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum CallEvent {
    /// Placeholder.
    #[serde(rename = "call.arrived")]
    Arrived {
        /// The call.
        call: cxkit_core::CallId,
        /// When.
        at: Timestamp,
    },
}

/// CM1 items 1–2: the calls in the system now.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveCalls {
    /// CM1 (1): inbound calls currently in the system, with where they are.
    pub inbound: InboundNow,
    /// CM1 (2): calls waiting per skill group, in configuration order.
    pub waiting: Vec<GroupWaiting>,
}

/// Inbound calls in the system, split by stage; `total` is the sum.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboundNow {
    /// All inbound calls in the system.
    pub total: u64,
    /// In the IVR.
    pub ivr: u64,
    /// Waiting in a skill-group queue.
    pub queued: u64,
    /// Ringing at an agent.
    pub ringing: u64,
    /// Connected to an agent (talking or on hold).
    pub talking: u64,
}

/// Calls waiting in one skill group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupWaiting {
    /// The group.
    pub skill_group: SkillGroupId,
    /// How many calls wait in it.
    pub waiting: u64,
    /// When the longest-waiting call entered the queue.
    pub oldest_queued_at: Option<Timestamp>,
}

impl CallTracker {
    /// The live call figures for a scope. (Skeleton.)
    pub fn live(&self, scope: &Scope) -> Result<LiveCalls, CallError> {
        let _ = scope;
        Ok(LiveCalls::default())
    }
}
