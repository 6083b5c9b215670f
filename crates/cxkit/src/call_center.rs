//! [`CallCenter`]: the live call center of one tenant — the agent board
//! (cxkit-agents) and the call tracker (cxkit-calls) fed by one event stream.
//!
//! Agent events and call events share one JSON shape (`{"type": …}`); call
//! lifecycle events have types in the `call.` namespace (`call.arrived`,
//! `call.queued`, …), every other type is an agent event (TB1–TB5, CM2, CM4).
//! This module owns the agent side: applying agent events, batches,
//! snapshots, and the CM1/CM4/BS1 views.

use crate::config::Config;
use crate::error::{Error, Result};
use cxkit_agents::{
    AgentError, AgentEvent, AgentStateView, AgentStats, AgentWallboard, ApplyStatus, BigScreen, BoardSnapshot,
    ListeningList, ToolbarView,
};
use cxkit_calls::{CallEvent, LiveCalls};
use cxkit_core::{AgentId, Scope, Tenant, Timestamp};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::sync::Arc;

pub use crate::event_json::EventField;

/// The live call center of one tenant.
#[derive(Debug, Clone)]
pub struct CallCenter {
    pub(crate) tenant: Arc<Tenant>,
    pub(crate) board: cxkit_agents::Board,
    pub(crate) calls: cxkit_calls::CallTracker,
    /// The online (chat) side: see `online.rs`.
    pub(crate) online: crate::online::OnlineSide,
}

/// One event of the combined stream: an agent event or a call event.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Event {
    /// An agent state event (`login`, `answer`, `listen_start`, …).
    Agent(AgentEvent),
    /// A call lifecycle event (`call.arrived`, `call.queued`, …).
    Call(CallEvent),
    /// An online (chat) event (`chat.queued`, `chat.agent_login`, …; OS2).
    Chat(cxkit_online::ChatEvent),
}

impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        use serde::de::Error as _;
        let v = serde_json::Value::deserialize(d)?;
        let is_call = v
            .get("type")
            .and_then(|t| t.as_str())
            .is_some_and(|t| t.starts_with("call."));
        let is_chat = v
            .get("type")
            .and_then(|t| t.as_str())
            .is_some_and(|t| t.starts_with("chat."));
        if is_call {
            CallEvent::deserialize(v).map(Event::Call).map_err(D::Error::custom)
        } else if is_chat {
            cxkit_online::ChatEvent::deserialize(v).map(Event::Chat).map_err(D::Error::custom)
        } else {
            AgentEvent::deserialize(v).map(Event::Agent).map_err(D::Error::custom)
        }
    }
}

impl Event {
    /// Parses one event from JSON text. Same result as `serde_json::from_str`,
    /// without building an intermediate `Value`: a plain event object is read
    /// in one pass (`src/event_json.rs`); anything else in two, the first
    /// reading only `type`, the second the right stream's event.
    pub fn from_json_str(text: &str) -> std::result::Result<Self, serde_json::Error> {
        if let Some(event) = crate::event_json::event(text) {
            return Ok(event);
        }
        #[derive(Deserialize)]
        struct Peek<'a> {
            #[serde(borrow, rename = "type")]
            ty: Option<std::borrow::Cow<'a, str>>,
        }
        let peek: Peek<'_> = serde_json::from_str(text)?;
        if peek.ty.as_ref().is_some_and(|t| t.starts_with("call.")) {
            serde_json::from_str(text).map(Event::Call)
        } else if peek.ty.is_some_and(|t| t.starts_with("chat.")) {
            serde_json::from_str(text).map(Event::Chat)
        } else {
            serde_json::from_str(text).map(Event::Agent)
        }
    }

    /// Parses a JSON array of events: the same events as
    /// `serde_json::from_str::<Vec<Event>>`, read in one pass when every
    /// element is a plain event object. On failure the error names the
    /// first element that does not decode, with serde's message for it.
    pub fn many_from_json_str(text: &str) -> std::result::Result<Vec<Self>, EventsJsonError> {
        if let Some(events) = crate::event_json::events(text) {
            return Ok(events);
        }
        let raw: Vec<&serde_json::value::RawValue> =
            serde_json::from_str(text).map_err(|error| EventsJsonError { index: None, error })?;
        let mut out = Vec::with_capacity(raw.len());
        for (i, r) in raw.iter().enumerate() {
            let text = r.get();
            let event = match crate::event_json::event(text) {
                Some(e) => e,
                None => serde_json::from_str(text).map_err(|error| EventsJsonError { index: Some(i), error })?,
            };
            out.push(event);
        }
        Ok(out)
    }

    /// Decodes an event given field by field (a row of a columnar batch, a
    /// form): the same event, or the same error, as the JSON object
    /// `{name: value, …}` of these fields would give, without writing that
    /// object. Plain agent and call events take a one-pass path.
    pub fn from_fields(
        fields: &[(&str, EventField<'_>)],
    ) -> std::result::Result<Self, serde_json::Error> {
        match crate::event_json::fields_to_event(fields) {
            Some(e) => Ok(e),
            None => crate::event_json::fields_via_serde(fields),
        }
    }
}

/// Why a JSON array of events did not decode ([`Event::many_from_json_str`]).
#[derive(Debug)]
pub struct EventsJsonError {
    /// The element that did not decode; `None` when the text is not a JSON
    /// array at all.
    pub index: Option<usize>,
    /// serde's account of the problem (the message of
    /// `serde_json::from_str::<Event>` on that element).
    pub error: serde_json::Error,
}

impl std::fmt::Display for EventsJsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.index {
            Some(i) => write!(f, "event {i}: {}", self.error),
            None => write!(f, "events: {}", self.error),
        }
    }
}

impl std::error::Error for EventsJsonError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
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

/// One refused event of a batch.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchError {
    /// Position of the event in the batch.
    pub index: usize,
    /// Why it was refused (it changed nothing).
    pub error: Error,
}

impl Serialize for BatchError {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        serde_json::json!({"index": self.index, "error": self.error.to_json()}).serialize(s)
    }
}

/// The result of [`CallCenter::apply_many`]: every event is applied on its
/// own (atomically); a refused event is reported with its index and the
/// batch goes on.
///
/// JSON: `{"applied": 9, "duplicates": 0, "errors": [{"index": 3, "error": {"code", "message", "details"}}]}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BatchResult {
    /// Events applied.
    pub applied: usize,
    /// Events skipped as duplicates.
    pub duplicates: usize,
    /// Events refused, in order.
    pub errors: Vec<BatchError>,
    /// Per-event results of call events that ended a call (index, result).
    #[serde(skip)]
    pub ended_calls: Vec<(usize, Applied)>,
}

/// The CM1 real-time view of one scope.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Wallboard {
    /// What the view covers.
    pub scope: Scope,
    /// CM1 items 1–2 (from the call tracker).
    pub calls: LiveCalls,
    /// CM1 items 3–11 (from the agent board).
    pub agents: AgentWallboard,
}

impl CallCenter {
    /// A call center for `config`, every agent offline and no call in the system.
    pub fn new(config: &Config) -> Result<Self> {
        let tenant = config.tenant()?;
        let board = cxkit_agents::Board::new(tenant.clone(), &config.agents).map_err(Error::from)?;
        let calls = cxkit_calls::CallTracker::new(&tenant, &config.calls).map_err(Error::from)?;
        let online = crate::online::OnlineSide::new(tenant.clone(), &config.online)?;
        Ok(CallCenter {
            tenant,
            board,
            calls,
            online,
        })
    }

    /// The validated tenant.
    pub fn tenant(&self) -> &Tenant {
        &self.tenant
    }

    /// The agent board (read-only).
    pub fn board(&self) -> &cxkit_agents::Board {
        &self.board
    }

    /// Applies one event of the combined stream. On error nothing changed.
    pub fn apply(&mut self, event: &Event) -> Result<Applied> {
        match event {
            Event::Agent(e) => {
                let touched = self.call_state_touched(e);
                let status = self.board.apply(e)?;
                self.sync_call_state(&touched);
                Ok(Applied {
                    status,
                    ended_call: None,
                })
            }
            Event::Call(e) => self.apply_call(e),
            Event::Chat(e) => self.apply_chat(e),
        }
    }

    /// Parses and applies one JSON event.
    pub fn apply_json(&mut self, event: &str) -> Result<Applied> {
        let e = Event::from_json_str(event)
            .map_err(|e| Error::invalid_input("event", format!("malformed event: {e}")))?;
        self.apply(&e)
    }

    /// Applies events in order, each atomically; a refused event is
    /// reported with its index and the rest still apply (friendlier for
    /// replaying a log than stopping at the first problem).
    pub fn apply_many(&mut self, events: &[Event]) -> BatchResult {
        let mut r = BatchResult {
            applied: 0,
            duplicates: 0,
            errors: Vec::new(),
            ended_calls: Vec::new(),
        };
        for (index, e) in events.iter().enumerate() {
            match self.apply(e) {
                Ok(a) => {
                    match a.status {
                        ApplyStatus::Applied => r.applied += 1,
                        ApplyStatus::Duplicate => r.duplicates += 1,
                    }
                    if a.ended_call.is_some() {
                        r.ended_calls.push((index, a));
                    }
                }
                Err(error) => r.errors.push(BatchError { index, error }),
            }
        }
        r
    }

    /// CM1: the real-time view of a scope (calls 1–2, agents 3–11).
    pub fn wallboard(&self, scope: &Scope) -> Result<Wallboard> {
        Ok(Wallboard {
            scope: scope.clone(),
            calls: self.calls.live(scope)?,
            agents: self.board.wallboard(scope)?,
        })
    }

    /// CM4: the agent listening list of a scope.
    pub fn listening_list(&self, scope: &Scope) -> Result<ListeningList> {
        Ok(self.board.listening_list(scope)?)
    }

    /// BS1: the big screen of a scope.
    pub fn big_screen(&self, scope: &Scope) -> Result<BigScreen> {
        Ok(self.board.big_screen(scope)?)
    }

    /// One agent's live state.
    pub fn agent_state(&self, agent: &AgentId) -> Result<AgentStateView> {
        Ok(self.board.agent_state(agent.as_str())?)
    }

    /// One agent's phone toolbar (TB1–TB4).
    pub fn toolbar(&self, agent: &AgentId) -> Result<ToolbarView> {
        Ok(self.board.toolbar(agent.as_str())?)
    }

    /// One agent's figures of the tenant day containing `now`.
    pub fn agent_stats(&self, agent: &AgentId, now: Timestamp) -> Result<AgentStats> {
        Ok(self.board.agent_stats(agent.as_str(), now)?)
    }

    /// The agent board as JSON (see `cxkit_agents::BoardSnapshot`).
    pub fn snapshot(&self) -> serde_json::Value {
        serde_json::to_value(self.board.snapshot()).unwrap_or(serde_json::Value::Null)
    }

    /// A call center for `config` whose agent board is restored from
    /// [`CallCenter::snapshot`]; the call tracker starts empty.
    pub fn restore(config: &Config, snapshot: serde_json::Value) -> Result<Self> {
        let snap: BoardSnapshot = serde_json::from_value(snapshot)
            .map_err(|e| Error::invalid_input("snapshot", format!("malformed snapshot: {e}")))?;
        let mut c = CallCenter::new(config)?;
        c.board = cxkit_agents::Board::restore(c.tenant.clone(), &config.agents, &snap)?;
        Ok(c)
    }
}

impl From<AgentError> for Error {
    fn from(e: AgentError) -> Self {
        let message = e.to_string();
        match e {
            AgentError::Core(c) => c.into(),
            AgentError::InvalidTransition {
                agent, state, event, ..
            } => Error::InvalidTransition {
                subject: agent,
                state: state.to_owned(),
                event: event.to_owned(),
                message,
            },
            AgentError::Conflict {
                resource,
                holder,
                message,
            } => Error::Conflict {
                resource,
                holder,
                message,
            },
            AgentError::PermissionDenied { role, permission, .. } => Error::PermissionDenied {
                role,
                permission: permission.to_owned(),
                message,
            },
            AgentError::InvalidInput { field, .. } => Error::InvalidInput {
                field: field.to_owned(),
                message,
            },
            AgentError::OutOfOrder { subject, last, got } => Error::OutOfOrder {
                subject,
                last,
                got,
                message,
            },
            AgentError::Config { field, .. } => Error::Config { field, message },
            #[allow(unreachable_patterns)]
            other => Error::Internal {
                message: other.to_string(),
            },
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod event_json_tests {
    use super::Event;

    #[test]
    fn from_json_str_agrees_with_serde_for_both_streams_and_errors() {
        for text in [
            r#"{"type":"login","agent":"a1","at":"2026-03-28T09:00:00Z","status":"busy"}"#,
            r#"{"agent":"a1","at":"2026-03-28T09:00:00Z","type":"answer"}"#,
            r#"{"type":"call.arrived","call":"c1","at":"2026-03-28T09:00:00Z","caller":"13800138000"}"#,
        ] {
            let fast = Event::from_json_str(text).unwrap();
            let slow: Event = serde_json::from_str(text).unwrap();
            assert_eq!(fast, slow, "{text}");
        }
        for bad in [r#"{"type":"answer"}"#, r#"{"type":"call.nope","at":"x"}"#, "{not json", "[]"] {
            assert!(Event::from_json_str(bad).is_err(), "{bad}");
            assert!(serde_json::from_str::<Event>(bad).is_err(), "{bad}");
        }
    }
}
