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
    /// FD4: what the roster may learn from the feed.
    pub(crate) roster: crate::one_stream::RosterConfig,
}

/// One event of the combined stream: an agent event or a call event.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Event {
    /// An agent state event (`login`, `answer`, `listen_start`, …).
    Agent(AgentEvent),
    /// A call lifecycle event (`call.arrived`, `call.queued`, …).
    Call(CallEvent),
    /// An online (chat) event (`chat.queued`, `chat.agent_login`, …; OS2).
    Chat(cxkit_online::ChatEvent),
}

/// Decoding an event with any serde deserializer (a Python dict through
/// pythonize, a `serde_json::Value`, …): the same grammar as every other
/// path — an object, each key once, only the keys its `type` allows — and
/// the same result; the error's message names the path of the bad value.
impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        use serde::de::{Error as _, MapAccess, Visitor};
        struct Members;
        impl<'de> Visitor<'de> for Members {
            type Value = serde_json::Map<String, serde_json::Value>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an event object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Self::Value, A::Error> {
                let mut out = serde_json::Map::new();
                while let Some(k) = map.next_key::<String>()? {
                    if out.contains_key(&k) {
                        return Err(A::Error::custom(format_args!("duplicate field `{k}`")));
                    }
                    // Nested objects too (`to`): each key once at any depth.
                    let crate::decode::UniqueValue(v) = map.next_value()?;
                    out.insert(k, v);
                }
                Ok(out)
            }
        }
        let members = d.deserialize_map(Members)?;
        Event::from_value(&serde_json::Value::Object(members)).map_err(|e| D::Error::custom(e.message()))
    }
}

impl Event {
    /// When the event happened.
    pub fn at(&self) -> Timestamp {
        match self {
            Event::Agent(e) => e.at(),
            Event::Call(e) => e.at(),
            Event::Chat(e) => e.at(),
        }
    }

    /// The same event at another instant. Decoding is field by field and
    /// `at` is read on its own (`need(at)` after
    /// [`cxkit_core::time::parse_supported`]), so an event decoded from
    /// fields that differ from another's only in `at` is that event with
    /// its time set: what a binding uses to decode a batch of events of one
    /// shape once (`bindings/python/src/fast.rs`). Like every event built
    /// in Rust, the instant is checked when the event is applied.
    pub fn set_at(&mut self, at: Timestamp) {
        match self {
            Event::Agent(e) => e.set_at(at),
            Event::Call(e) => e.set_at(at),
            Event::Chat(e) => e.set_at(at),
        }
    }
}

/// The stream an event belongs to, by its `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stream {
    /// `call.*`: the call tracker's.
    Call,
    /// `chat.*`: the online board's.
    Chat,
    /// Every other type (and none): the agent board's.
    Agent,
}

/// The `call.` namespace is the call tracker's, `chat.` the online
/// board's, every other type (and none) an agent event.
pub(crate) fn stream_of(ty: Option<&str>) -> Stream {
    match ty {
        Some(t) if t.starts_with("call.") => Stream::Call,
        Some(t) if t.starts_with("chat.") => Stream::Chat,
        _ => Stream::Agent,
    }
}

impl Event {
    /// Parses one event from JSON text. A plain event object is read in one
    /// pass (`src/event_json.rs`); anything else by serde_json, the first
    /// pass reading only `type`, the second the right stream's event. Both
    /// accept exactly the same texts (see `docs/ARCHITECTURE.md`); an error
    /// is `INVALID_INPUT` naming the path of the bad value (`event.at`).
    pub fn from_json_str(text: &str) -> Result<Self> {
        if let Some(event) = crate::event_json::event(text) {
            return Ok(event);
        }
        Self::from_json_str_slow(text, "event")
    }

    /// serde's path for one event as JSON text; `what` names it in errors.
    pub(crate) fn from_json_str_slow(text: &str, what: &str) -> Result<Self> {
        #[derive(Deserialize)]
        struct Peek<'a> {
            #[serde(borrow, rename = "type")]
            ty: Option<std::borrow::Cow<'a, str>>,
        }
        let peek: Peek<'_> = crate::decode::from_json_str(what, text)?;
        match stream_of(peek.ty.as_deref()) {
            Stream::Call => crate::decode::from_json_str(what, text).map(Event::Call),
            Stream::Chat => crate::decode::from_json_str(what, text).map(Event::Chat),
            Stream::Agent => crate::decode::from_json_str(what, text).map(Event::Agent),
        }
    }

    /// Decodes one event from a JSON value (what a binding builds from a
    /// native object); errors as [`Event::from_json_str`].
    pub fn from_value(value: &serde_json::Value) -> Result<Self> {
        match stream_of(value.get("type").and_then(|t| t.as_str())) {
            Stream::Call => crate::decode::from_value("event", value).map(Event::Call),
            Stream::Chat => crate::decode::from_value("event", value).map(Event::Chat),
            Stream::Agent => crate::decode::from_value("event", value).map(Event::Agent),
        }
    }

    /// Parses a JSON array of events, in one pass when every element is a
    /// plain event object. On failure the error names the first element that
    /// does not decode and the path in it (`events[3].at`).
    pub fn many_from_json_str(text: &str) -> Result<Vec<Self>> {
        if let Some(events) = crate::event_json::events(text) {
            return Ok(events);
        }
        let raw: Vec<&serde_json::value::RawValue> = crate::decode::from_json_str("events", text)?;
        let mut out = Vec::with_capacity(raw.len());
        for (i, r) in raw.iter().enumerate() {
            let text = r.get();
            let event = match crate::event_json::event(text) {
                Some(e) => e,
                None => Self::from_json_str_slow(text, &format!("events[{i}]"))?,
            };
            out.push(event);
        }
        Ok(out)
    }

    /// Checks the column names of a columnar batch (every row an event whose
    /// fields the columns give): each name once, and each a key some event
    /// may have. `INVALID_INPUT` naming `columns` otherwise.
    pub fn check_columns<S: AsRef<str>>(names: &[S]) -> Result<()> {
        for (i, n) in names.iter().enumerate() {
            let n = n.as_ref();
            if names[..i].iter().any(|m| m.as_ref() == n) {
                return Err(Error::invalid_input("columns", format!("column `{n}` is given twice")));
            }
            let streams = [AgentEvent::KEYS, CallEvent::KEYS, cxkit_online::ChatEvent::KEYS];
            if !streams.iter().any(|keys| keys.contains(&n)) {
                let mut known: Vec<&str> = streams.iter().flat_map(|k| k.iter()).copied().collect();
                known.sort_unstable();
                known.dedup();
                return Err(Error::invalid_input(
                    "columns",
                    format!("unknown column `{n}`, expected one of `{}`", known.join("`, `")),
                ));
            }
        }
        Ok(())
    }

    /// Decodes an event given field by field (a row of a columnar batch, a
    /// form): the same event, or the same error, as the JSON object
    /// `{name: value, …}` of these fields would give, without writing that
    /// object. A name given twice is an error, as a key given twice is.
    pub fn from_fields(fields: &[(&str, EventField<'_>)]) -> Result<Self> {
        match crate::event_json::fields_to_event(fields) {
            Some(e) => Ok(e),
            None => crate::event_json::fields_via_serde(fields),
        }
    }
}

impl From<AgentEvent> for Event {
    fn from(e: AgentEvent) -> Self {
        Event::Agent(e)
    }
}
impl From<cxkit_feeds::FeedEvent> for Event {
    fn from(e: cxkit_feeds::FeedEvent) -> Self {
        match e {
            cxkit_feeds::FeedEvent::Agent(a) => Event::Agent(a),
            cxkit_feeds::FeedEvent::Call(c) => Event::Call(c),
        }
    }
}

impl From<CallEvent> for Event {
    fn from(e: CallEvent) -> Self {
        Event::Call(e)
    }
}

/// The snapshot format this cxkit writes (and the newest it reads).
pub const SNAPSHOT_VERSION: u32 = 3;

/// A call center's whole live state:
/// `{"version": 2, "agents": …, "calls": …, "online": …}`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Snapshot {
    version: u32,
    agents: BoardSnapshot,
    calls: cxkit_calls::TrackerSnapshot,
    online: cxkit_online::BoardSnapshot,
}

/// What applying one event did.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
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

/// The schema of its serialized form: `{"index", "error": Error::to_json()}`.
impl schemars::JsonSchema for BatchError {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "BatchError".into()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let error = g.subschema_for::<Error>();
        schemars::json_schema!({
            "type": "object",
            "properties": {
                "index": g.subschema_for::<usize>(),
                "error": error
            },
            "required": ["index", "error"],
            "additionalProperties": false
        })
    }
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
/// JSON: `{"applied": 9, "duplicates": 0, "errors": [{"index": 3, "error": {"code", "message", "details"}}],
/// "ended_calls": [{"index": 7, "record": {…}, "outcome": "queue_abandon", "sms": {…}}]}`.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct BatchResult {
    /// Events applied.
    pub applied: usize,
    /// Events skipped as duplicates.
    pub duplicates: usize,
    /// Events refused, in order.
    pub errors: Vec<BatchError>,
    /// The calls the batch ended, in order, each with the index of the
    /// event that ended it (record, SMS1 outcome, SMS).
    pub ended_calls: Vec<BatchEnded>,
}

/// A call a batch ended: the index of the event and the ended call.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct BatchEnded {
    /// The index of the event (in the batch) that ended the call.
    pub index: usize,
    /// The ended call.
    #[serde(flatten)]
    pub call: crate::calls::EndedCall,
}

/// The CM1 real-time view of one scope.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
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
            roster: config.roster.clone(),
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
    /// An instant outside the supported range is `INVALID_INPUT` naming
    /// `event.at`, as when the event is decoded from JSON.
    pub fn apply(&mut self, event: &Event) -> Result<Applied> {
        Error::check_time("event.at", event.at())?;
        match event {
            Event::Agent(e) => self.apply_agent(e),
            Event::Call(e) => self.apply_call(e),
            Event::Chat(e) => self.apply_chat(e),
        }
    }

    /// Parses and applies one JSON event.
    pub fn apply_json(&mut self, event: &str) -> Result<Applied> {
        let e = Event::from_json_str(event)?;
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
                    if let Some(call) = a.ended_call {
                        r.ended_calls.push(BatchEnded { index, call });
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
        let snap = Snapshot {
            version: SNAPSHOT_VERSION,
            agents: self.board.snapshot(),
            calls: self.calls.snapshot(),
            online: self.online.board.snapshot(),
        };
        serde_json::to_value(snap).unwrap_or(serde_json::Value::Null)
    }

    /// A call center for `config` restored from [`CallCenter::snapshot`]:
    /// the agent board, the calls in progress and the online (chat) board,
    /// so that replaying the
    /// events after the snapshot gives what an uninterrupted run gives.
    /// A snapshot of a newer format is refused naming its version; one of
    /// format 1 (the agent board alone, before calls were kept) restores the
    /// board with no call in progress.
    pub fn restore(config: &Config, snapshot: serde_json::Value) -> Result<Self> {
        let version = snapshot.get("version").map(|v| v.as_u64().unwrap_or(u64::MAX));
        let mut c = CallCenter::new(config)?;
        match version {
            None => {
                let board: BoardSnapshot = crate::decode::from_value("snapshot", &snapshot)?;
                c.board = cxkit_agents::Board::restore(c.tenant.clone(), &config.agents, &board)?;
            }
            Some(v) if v <= u64::from(SNAPSHOT_VERSION) => {
                let snap: Snapshot = crate::decode::from_value("snapshot", &snapshot)?;
                c.board = cxkit_agents::Board::restore(c.tenant.clone(), &config.agents, &snap.agents)?;
                c.calls = cxkit_calls::CallTracker::restore(&c.tenant, &config.calls, &snap.calls)?;
                c.restore_online_board(&snap.online)?;
                // FD1: the board and the tracker must agree (a format-2
                // snapshot taken while agent-side call events still fed the
                // board alone can hold agents on calls the tracker lacks).
                if let Err(m) = c.check_one_stream() {
                    return Err(Error::invalid_input(
                        "snapshot",
                        format!("the agents and calls of this snapshot disagree (FD1): {m}; take it with no call in progress to upgrade"),
                    ));
                }
            }
            Some(_) => {
                return Err(Error::invalid_input(
                    "snapshot.version",
                    format!(
                        "snapshot format {} is newer than this cxkit {} reads (format {SNAPSHOT_VERSION}); upgrade cxkit",
                        snapshot.get("version").map(ToString::to_string).unwrap_or_default(),
                        crate::VERSION,
                    ),
                ));
            }
        }
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
            AgentError::Config { field, .. } => Error::config(field, message),
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
