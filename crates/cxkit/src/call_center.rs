//! [`CallCenter`]: the live call center of one tenant — the agent board
//! (cxkit-agents) and the call tracker (cxkit-calls) fed by one event stream.
//!
//! Agent events and call events share one JSON shape (`{"type": …}`); call
//! lifecycle events have types in the `call.` namespace (`call.arrived`,
//! `call.queued`, …), every other type is an agent event.

use crate::config::Config;
use crate::error::{Error, Result};
use cxkit_agents::{AgentEvent, ApplyStatus};
use cxkit_calls::{CallEvent, LiveCalls};
use cxkit_core::{Scope, Tenant};
use serde::{Deserialize, Deserializer, Serialize};
use std::sync::Arc;

/// The live call center of one tenant.
#[derive(Debug, Clone)]
pub struct CallCenter {
    pub(crate) tenant: Arc<Tenant>,
    pub(crate) board: cxkit_agents::Board,
    pub(crate) calls: cxkit_calls::CallTracker,
}

/// One event of the combined stream: an agent event or a call event.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Event {
    /// An agent state event (`login`, `answer`, `listen_start`, …).
    Agent(AgentEvent),
    /// A call lifecycle event (`call.arrived`, `call.queued`, …).
    Call(CallEvent),
}

impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        use serde::de::Error as _;
        let v = serde_json::Value::deserialize(d)?;
        let is_call = v
            .get("type")
            .and_then(|t| t.as_str())
            .is_some_and(|t| t.starts_with("call."));
        if is_call {
            CallEvent::deserialize(v).map(Event::Call).map_err(D::Error::custom)
        } else {
            AgentEvent::deserialize(v).map(Event::Agent).map_err(D::Error::custom)
        }
    }
}

impl From<AgentEvent> for Event {
    fn from(e: AgentEvent) -> Self {
        Event::Agent(e)
    }
}
impl From<CallEvent> for Event {
    fn from(e: CallEvent) -> Self {
        Event::Call(e)
    }
}

/// What applying one event did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Applied {
    /// `applied`, or `duplicate` when an event with the same id was already
    /// applied (nothing changed).
    pub status: ApplyStatus,
    /// For a call event that ended a call: the record, its outcome and the
    /// SMS it triggers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ended_call: Option<crate::calls::EndedCall>,
}

/// The CM1 real-time view of one scope.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Wallboard {
    /// What the view covers.
    pub scope: Scope,
    /// CM1 items 1–2 (from the call tracker).
    pub calls: LiveCalls,
    /// CM1 items 3–11 (from the agent board).
    pub agents: cxkit_agents::AgentWallboardPlaceholder,
}

impl CallCenter {
    /// A call center for `config`, every agent offline and no call in the system.
    pub fn new(config: &Config) -> Result<Self> {
        let tenant = config.tenant()?;
        let board = cxkit_agents::Board::new(tenant.clone(), &config.agents).map_err(Error::from)?;
        let calls = cxkit_calls::CallTracker::new(&tenant, &config.calls).map_err(Error::from)?;
        Ok(CallCenter { tenant, board, calls })
    }

    /// The validated tenant.
    pub fn tenant(&self) -> &Tenant {
        &self.tenant
    }

    /// Applies one event of the combined stream. On error nothing changed.
    pub fn apply(&mut self, event: &Event) -> Result<Applied> {
        match event {
            Event::Agent(e) => Ok(Applied { status: self.board.apply(e)?, ended_call: None }),
            Event::Call(e) => self.apply_call(e),
        }
    }

    /// Parses and applies one JSON event.
    pub fn apply_json(&mut self, event: &str) -> Result<Applied> {
        let e: Event = serde_json::from_str(event)
            .map_err(|e| Error::invalid_input("event", format!("malformed event: {e}")))?;
        self.apply(&e)
    }
}

impl From<cxkit_agents::AgentError> for Error {
    fn from(e: cxkit_agents::AgentError) -> Self {
        match e {
            cxkit_agents::AgentError::Core(c) => c.into(),
            #[allow(unreachable_patterns)]
            other => Error::Internal { message: other.to_string() },
        }
    }
}
