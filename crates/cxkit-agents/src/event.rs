//! Agent events: what a toolbar, the switch or a supervisor's console
//! reports. One internally tagged JSON shape:
//! `{"type": "login", "agent": "a1", "at": "2026-03-28T09:00:00Z", "event_id"?: "e1", …}`.
//!
//! Every event carries `at` and an optional `event_id` (for duplicate
//! suppression). No type starts with `call.`: that namespace belongs to the
//! call tracker in the combined stream of the facade.

use crate::status::{ChosenStatus, ConsultMode, Direction, EndedBy, StartStatus};
use cxkit_core::{AgentId, CallId, ExtensionId, Timestamp};
use serde::{Deserialize, Serialize};

/// One agent event.
///
/// Deserialization is hand-routed through a flat field struct (the private
/// `flat` module): serde's derived internally tagged enums buffer every event
/// into an intermediate tree before picking the variant, which cost more than
/// the state transition itself. The JSON shape is unchanged.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum AgentEvent {
    /// TB1: log in to the call center with a starting status. `extension` is
    /// required for dynamic binding, optional (and must match) for one-to-one.
    Login {
        /// The agent.
        agent: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
        /// The extension picked at login (dynamic binding).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        extension: Option<ExtensionId>,
        /// Starting status, idle or busy (default idle).
        #[serde(default)]
        status: StartStatus,
    },
    /// Log out; releases the extension.
    Logout {
        /// The agent.
        agent: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
    },
    /// Switch status by hand (idle, busy, or a non-service reason; never ACW — TB2).
    SetStatus {
        /// The agent.
        agent: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
        /// The chosen status.
        status: ChosenStatus,
    },
    /// An inbound call rings at the agent (TB3 popup rule applies).
    #[schemars(skip)] // FD1: the facade refuses it (a `call.*` event says it), so no schema offers it.
    CallOffered {
        /// The agent.
        agent: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
        /// The call.
        call: CallId,
        /// Always `inbound` (outbound calls start with `dial`).
        #[serde(default)]
        direction: Direction,
    },
    /// The agent answers the ringing call.
    #[schemars(skip)] // FD1: the facade refuses it (a `call.*` event says it), so no schema offers it.
    Answer {
        /// The agent.
        agent: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
    },
    /// The agent puts the customer on hold.
    #[schemars(skip)] // FD1: the facade refuses it (a `call.*` event says it), so no schema offers it.
    Hold {
        /// The agent.
        agent: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
    },
    /// The agent takes the customer off hold.
    #[schemars(skip)] // FD1: the facade refuses it (a `call.*` event says it), so no schema offers it.
    Resume {
        /// The agent.
        agent: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
    },
    /// The agent's call ended (either side hung up, or a ring/dial gave up).
    #[schemars(skip)] // FD1: the facade refuses it (a `call.*` event says it), so no schema offers it.
    CallEnded {
        /// The agent.
        agent: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
        /// Who ended it, if the switch says: a ring ended by the customer
        /// is not counted as the agent's ring-no-answer.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ended_by: Option<EndedBy>,
    },
    /// The agent dials out from the keypad (TB4 validates `number`).
    #[schemars(skip)] // FD1: the facade refuses it (a `call.*` event says it), so no schema offers it.
    Dial {
        /// The agent.
        agent: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
        /// The outbound call.
        call: CallId,
        /// The dial string.
        number: String,
    },
    /// The dialed party picked up.
    #[schemars(skip)] // FD1: the facade refuses it (a `call.*` event says it), so no schema offers it.
    OutboundConnected {
        /// The agent.
        agent: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
    },
    /// The agent on a call consults `target` (three-way or transfer consult).
    ConsultStart {
        /// The consulting agent (on a call).
        agent: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
        /// The consulted agent (must be idle).
        target: AgentId,
        /// Three-way or transfer consult.
        #[serde(default)]
        mode: ConsultMode,
    },
    /// The consulted agent picks up.
    ConsultAnswered {
        /// The consulted agent.
        agent: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
    },
    /// The consult ends without a transfer (sent by either side).
    ConsultEnded {
        /// The consulting or the consulted agent.
        agent: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
    },
    /// CM2: the consulting agent hands the call to the consulted agent.
    TransferConfirmed {
        /// The transferring (consulting) agent.
        agent: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
    },
    /// CM4: a supervisor starts listening to a talking agent.
    ListenStart {
        /// The supervisor (needs `call_listen`).
        supervisor: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
        /// The agent listened to.
        target: AgentId,
    },
    /// CM4: the listening supervisor barges in (three-way (barge)).
    Barge {
        /// The listening supervisor.
        supervisor: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
    },
    /// CM2/CM4: the listening supervisor takes the call over; the agent leaves it.
    ForceDisconnect {
        /// The listening supervisor.
        supervisor: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
    },
    /// The supervisor stops listening or barging.
    ListenEnd {
        /// The supervisor.
        supervisor: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
    },
    /// TB2: the agent finishes after-call work early (popup collapsed or not).
    AcwComplete {
        /// The agent.
        agent: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
    },
    /// TB3: the toolbar popup collapses, by the agent's hand or automatically.
    PopupCollapse {
        /// The agent.
        agent: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
        /// Whether the agent collapsed it by hand.
        by_hand: bool,
    },
    /// TB3: the agent expands the popup (clears "collapsed by hand").
    PopupExpand {
        /// The agent.
        agent: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
    },
    /// TB2: time passes; every ACW whose configured time is up ends.
    Tick {
        /// Now.
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
    },
}

/// The time of every variant, borrowed as the event is (shared or mutable).
macro_rules! agent_at {
    ($e:expr) => {{
        use AgentEvent::*;
        match $e {
            Login { at, .. }
            | Logout { at, .. }
            | SetStatus { at, .. }
            | CallOffered { at, .. }
            | Answer { at, .. }
            | Hold { at, .. }
            | Resume { at, .. }
            | CallEnded { at, .. }
            | Dial { at, .. }
            | OutboundConnected { at, .. }
            | ConsultStart { at, .. }
            | ConsultAnswered { at, .. }
            | ConsultEnded { at, .. }
            | TransferConfirmed { at, .. }
            | ListenStart { at, .. }
            | Barge { at, .. }
            | ForceDisconnect { at, .. }
            | ListenEnd { at, .. }
            | AcwComplete { at, .. }
            | PopupCollapse { at, .. }
            | PopupExpand { at, .. }
            | Tick { at, .. } => at,
        }
    }};
}

impl AgentEvent {
    /// When the event happened.
    pub fn at(&self) -> Timestamp {
        *agent_at!(self)
    }

    /// The same event at another instant (a binding decoding many events
    /// that differ only in `at` copies one and sets its time).
    pub fn set_at(&mut self, at: Timestamp) {
        *agent_at!(self) = at;
    }

    /// The idempotency key, if any.
    pub fn event_id(&self) -> Option<&str> {
        use AgentEvent::*;
        match self {
            Login { event_id, .. }
            | Logout { event_id, .. }
            | SetStatus { event_id, .. }
            | CallOffered { event_id, .. }
            | Answer { event_id, .. }
            | Hold { event_id, .. }
            | Resume { event_id, .. }
            | CallEnded { event_id, .. }
            | Dial { event_id, .. }
            | OutboundConnected { event_id, .. }
            | ConsultStart { event_id, .. }
            | ConsultAnswered { event_id, .. }
            | ConsultEnded { event_id, .. }
            | TransferConfirmed { event_id, .. }
            | ListenStart { event_id, .. }
            | Barge { event_id, .. }
            | ForceDisconnect { event_id, .. }
            | ListenEnd { event_id, .. }
            | AcwComplete { event_id, .. }
            | PopupCollapse { event_id, .. }
            | PopupExpand { event_id, .. }
            | Tick { event_id, .. } => event_id.as_deref(),
        }
    }

    /// The agent who acts (the supervisor for listen events); `None` for `tick`.
    pub fn actor(&self) -> Option<&AgentId> {
        use AgentEvent::*;
        match self {
            Login { agent, .. }
            | Logout { agent, .. }
            | SetStatus { agent, .. }
            | CallOffered { agent, .. }
            | Answer { agent, .. }
            | Hold { agent, .. }
            | Resume { agent, .. }
            | CallEnded { agent, .. }
            | Dial { agent, .. }
            | OutboundConnected { agent, .. }
            | ConsultStart { agent, .. }
            | ConsultAnswered { agent, .. }
            | ConsultEnded { agent, .. }
            | TransferConfirmed { agent, .. }
            | AcwComplete { agent, .. }
            | PopupCollapse { agent, .. }
            | PopupExpand { agent, .. } => Some(agent),
            ListenStart { supervisor, .. }
            | Barge { supervisor, .. }
            | ForceDisconnect { supervisor, .. }
            | ListenEnd { supervisor, .. } => Some(supervisor),
            Tick { .. } => None,
        }
    }

    /// The JSON `type` of the event.
    pub fn type_name(&self) -> &'static str {
        use AgentEvent::*;
        match self {
            Login { .. } => "login",
            Logout { .. } => "logout",
            SetStatus { .. } => "set_status",
            CallOffered { .. } => "call_offered",
            Answer { .. } => "answer",
            Hold { .. } => "hold",
            Resume { .. } => "resume",
            CallEnded { .. } => "call_ended",
            Dial { .. } => "dial",
            OutboundConnected { .. } => "outbound_connected",
            ConsultStart { .. } => "consult_start",
            ConsultAnswered { .. } => "consult_answered",
            ConsultEnded { .. } => "consult_ended",
            TransferConfirmed { .. } => "transfer_confirmed",
            ListenStart { .. } => "listen_start",
            Barge { .. } => "barge",
            ForceDisconnect { .. } => "force_disconnect",
            ListenEnd { .. } => "listen_end",
            AcwComplete { .. } => "acw_complete",
            PopupCollapse { .. } => "popup_collapse",
            PopupExpand { .. } => "popup_expand",
            Tick { .. } => "tick",
        }
    }

    /// Every event type name, for docs and tests.
    pub const TYPE_NAMES: [&'static str; 22] = [
        "login",
        "logout",
        "set_status",
        "call_offered",
        "answer",
        "hold",
        "resume",
        "call_ended",
        "dial",
        "outbound_connected",
        "consult_start",
        "consult_answered",
        "consult_ended",
        "transfer_confirmed",
        "listen_start",
        "barge",
        "force_disconnect",
        "listen_end",
        "acw_complete",
        "popup_collapse",
        "popup_expand",
        "tick",
    ];
}

impl AgentEvent {
    /// Every key an agent event of some type may have (each type accepts a
    /// subset; see `docs/agents.md`).
    pub const KEYS: &'static [&'static str] = flat::NAMES;
}

impl<'de> Deserialize<'de> for AgentEvent {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        flat::Flat::deserialize(d)?.into_event()
    }
}

/// The single-pass decoder behind `AgentEvent`'s `Deserialize`: every field
/// any event may carry, optional, read once through `cxkit_core::strict`
/// (objects only, each key once, only the keys the `type` allows), then one
/// check per type that the fields it needs are present (with serde's own
/// "missing field" message).
mod flat {
    use super::AgentEvent;
    use crate::status::{ChosenStatus, ConsultMode, Direction, EndedBy, StartStatus};
    use cxkit_core::strict::{FastTimestamp, need};
    use cxkit_core::{AgentId, CallId, ExtensionId, Timestamp};
    use serde::de::{Error, MapAccess};
    use serde::{Deserialize, Deserializer};

    #[derive(Deserialize, Clone, Copy)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        Login,
        Logout,
        SetStatus,
        CallOffered,
        Answer,
        Hold,
        Resume,
        CallEnded,
        Dial,
        OutboundConnected,
        ConsultStart,
        ConsultAnswered,
        ConsultEnded,
        TransferConfirmed,
        ListenStart,
        Barge,
        ForceDisconnect,
        ListenEnd,
        AcwComplete,
        PopupCollapse,
        PopupExpand,
        Tick,
    }

    /// Every key an agent event may have; indexes match the visitor.
    pub(super) const NAMES: &[&str] = &[
        "type", "agent", "supervisor", "at", "event_id", "extension", "status", "call", "direction",
        "number", "target", "mode", "by_hand", "ended_by",
    ];

    impl Kind {
        /// The keys an event of this type accepts.
        fn allowed(self) -> &'static [&'static str] {
            use Kind as K;
            match self {
                K::Login => &["type", "agent", "at", "event_id", "extension", "status"],
                K::SetStatus => &["type", "agent", "at", "event_id", "status"],
                K::CallOffered => &["type", "agent", "at", "event_id", "call", "direction"],
                K::CallEnded => &["type", "agent", "at", "event_id", "ended_by"],
                K::Dial => &["type", "agent", "at", "event_id", "call", "number"],
                K::ConsultStart => &["type", "agent", "at", "event_id", "target", "mode"],
                K::ListenStart => &["type", "supervisor", "at", "event_id", "target"],
                K::Barge | K::ForceDisconnect | K::ListenEnd => &["type", "supervisor", "at", "event_id"],
                K::PopupCollapse => &["type", "agent", "at", "event_id", "by_hand"],
                K::Tick => &["type", "at", "event_id"],
                K::Logout
                | K::Answer
                | K::Hold
                | K::Resume
                | K::OutboundConnected
                | K::ConsultAnswered
                | K::ConsultEnded
                | K::TransferConfirmed
                | K::AcwComplete
                | K::PopupExpand => &["type", "agent", "at", "event_id"],
            }
        }
    }

    #[derive(Default)]
    pub(super) struct Flat {
        kind: Option<Kind>,
        agent: Option<AgentId>,
        supervisor: Option<AgentId>,
        at: Option<Timestamp>,
        event_id: Option<String>,
        extension: Option<ExtensionId>,
        status: Option<ChosenStatus>,
        call: Option<CallId>,
        direction: Option<Direction>,
        number: Option<String>,
        target: Option<AgentId>,
        mode: Option<ConsultMode>,
        by_hand: Option<bool>,
        ended_by: Option<EndedBy>,
    }

    impl<'de> Deserialize<'de> for Flat {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            cxkit_core::strict::deserialize_flat(d)
        }
    }

    impl<'de> cxkit_core::strict::Flat<'de> for Flat {
        const NAMES: &'static [&'static str] = NAMES;
        const EXPECTING: &'static str = "an agent event object";

        fn read<A: MapAccess<'de>>(&mut self, i: usize, map: &mut A) -> Result<(), A::Error> {
            match i {
                0 => self.kind = Some(map.next_value()?),
                1 => self.agent = map.next_value()?,
                2 => self.supervisor = map.next_value()?,
                3 => self.at = map.next_value::<Option<FastTimestamp>>()?.map(|t| t.0),
                4 => self.event_id = map.next_value()?,
                5 => self.extension = map.next_value()?,
                6 => self.status = map.next_value()?,
                7 => self.call = map.next_value()?,
                8 => self.direction = map.next_value()?,
                9 => self.number = map.next_value()?,
                10 => self.target = map.next_value()?,
                11 => self.mode = map.next_value()?,
                12 => self.by_hand = map.next_value()?,
                _ => self.ended_by = map.next_value()?,
            }
            Ok(())
        }

        fn allowed<E: Error>(&self) -> Result<&'static [&'static str], E> {
            need(self.kind, "type").map(Kind::allowed)
        }
    }

    impl Flat {
        pub(super) fn into_event<E: Error>(self) -> Result<AgentEvent, E> {
            use AgentEvent as A;
            let kind = self.kind.ok_or_else(|| E::missing_field("type"))?;
            let at = need(self.at, "at")?;
            let event_id = self.event_id;
            let agent = self.agent;
            let supervisor = self.supervisor;
            Ok(match kind {
                Kind::Tick => A::Tick { at, event_id },
                Kind::Login => A::Login {
                    agent: need(agent, "agent")?,
                    at,
                    event_id,
                    extension: self.extension,
                    status: match self.status {
                        None | Some(ChosenStatus::Idle) => StartStatus::Idle,
                        Some(ChosenStatus::Busy) => StartStatus::Busy,
                        Some(_) => {
                            return Err(E::custom("login `status` must be `idle` or `busy` (TB1)"));
                        }
                    },
                },
                Kind::SetStatus => A::SetStatus {
                    agent: need(agent, "agent")?,
                    at,
                    event_id,
                    status: need(self.status, "status")?,
                },
                Kind::CallOffered => A::CallOffered {
                    agent: need(agent, "agent")?,
                    at,
                    event_id,
                    call: need(self.call, "call")?,
                    direction: self.direction.unwrap_or_default(),
                },
                Kind::Dial => A::Dial {
                    agent: need(agent, "agent")?,
                    at,
                    event_id,
                    call: need(self.call, "call")?,
                    number: need(self.number, "number")?,
                },
                Kind::ConsultStart => A::ConsultStart {
                    agent: need(agent, "agent")?,
                    at,
                    event_id,
                    target: need(self.target, "target")?,
                    mode: self.mode.unwrap_or_default(),
                },
                Kind::ListenStart => A::ListenStart {
                    supervisor: need(supervisor, "supervisor")?,
                    at,
                    event_id,
                    target: need(self.target, "target")?,
                },
                Kind::PopupCollapse => A::PopupCollapse {
                    agent: need(agent, "agent")?,
                    at,
                    event_id,
                    by_hand: need(self.by_hand, "by_hand")?,
                },
                Kind::Barge => A::Barge {
                    supervisor: need(supervisor, "supervisor")?,
                    at,
                    event_id,
                },
                Kind::ForceDisconnect => A::ForceDisconnect {
                    supervisor: need(supervisor, "supervisor")?,
                    at,
                    event_id,
                },
                Kind::ListenEnd => A::ListenEnd {
                    supervisor: need(supervisor, "supervisor")?,
                    at,
                    event_id,
                },
                Kind::Logout => A::Logout {
                    agent: need(agent, "agent")?,
                    at,
                    event_id,
                },
                Kind::Answer => A::Answer {
                    agent: need(agent, "agent")?,
                    at,
                    event_id,
                },
                Kind::Hold => A::Hold {
                    agent: need(agent, "agent")?,
                    at,
                    event_id,
                },
                Kind::Resume => A::Resume {
                    agent: need(agent, "agent")?,
                    at,
                    event_id,
                },
                Kind::CallEnded => A::CallEnded {
                    agent: need(agent, "agent")?,
                    at,
                    event_id,
                    ended_by: self.ended_by,
                },
                Kind::OutboundConnected => A::OutboundConnected {
                    agent: need(agent, "agent")?,
                    at,
                    event_id,
                },
                Kind::ConsultAnswered => A::ConsultAnswered {
                    agent: need(agent, "agent")?,
                    at,
                    event_id,
                },
                Kind::ConsultEnded => A::ConsultEnded {
                    agent: need(agent, "agent")?,
                    at,
                    event_id,
                },
                Kind::TransferConfirmed => A::TransferConfirmed {
                    agent: need(agent, "agent")?,
                    at,
                    event_id,
                },
                Kind::AcwComplete => A::AcwComplete {
                    agent: need(agent, "agent")?,
                    at,
                    event_id,
                },
                Kind::PopupExpand => A::PopupExpand {
                    agent: need(agent, "agent")?,
                    at,
                    event_id,
                },
            })
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod decode_tests {
    use super::AgentEvent;
    use serde_json::json;

    /// The hand-routed decoder accepts exactly the shape the derive writes,
    /// for every event type, with and without optional fields.
    #[test]
    fn every_event_round_trips_through_json() {
        let at = "2026-03-28T09:00:00Z";
        let samples = [
            json!({"type": "login", "agent": "a1", "at": at, "extension": "8001", "status": "busy", "event_id": "e1"}),
            json!({"type": "login", "agent": "a1", "at": at}),
            json!({"type": "logout", "agent": "a1", "at": at}),
            json!({"type": "set_status", "agent": "a1", "at": at, "status": "meal"}),
            json!({"type": "call_offered", "agent": "a1", "at": at, "call": "c1"}),
            json!({"type": "answer", "agent": "a1", "at": at}),
            json!({"type": "hold", "agent": "a1", "at": at}),
            json!({"type": "resume", "agent": "a1", "at": at}),
            json!({"type": "call_ended", "agent": "a1", "at": at}),
            json!({"type": "dial", "agent": "a1", "at": at, "call": "c2", "number": "+8613800138000"}),
            json!({"type": "outbound_connected", "agent": "a1", "at": at}),
            json!({"type": "consult_start", "agent": "a1", "at": at, "target": "a2", "mode": "transfer"}),
            json!({"type": "consult_answered", "agent": "a2", "at": at}),
            json!({"type": "consult_ended", "agent": "a2", "at": at}),
            json!({"type": "transfer_confirmed", "agent": "a1", "at": at}),
            json!({"type": "listen_start", "supervisor": "s1", "at": at, "target": "a1"}),
            json!({"type": "barge", "supervisor": "s1", "at": at}),
            json!({"type": "force_disconnect", "supervisor": "s1", "at": at}),
            json!({"type": "listen_end", "supervisor": "s1", "at": at}),
            json!({"type": "acw_complete", "agent": "a1", "at": at}),
            json!({"type": "popup_collapse", "agent": "a1", "at": at, "by_hand": true}),
            json!({"type": "popup_expand", "agent": "a1", "at": at}),
            json!({"type": "tick", "at": at}),
        ];
        for v in samples {
            let e: AgentEvent = serde_json::from_value(v.clone()).unwrap();
            let back: AgentEvent =
                serde_json::from_value(serde_json::to_value(&e).unwrap()).unwrap();
            assert_eq!(back, e, "{v}");
        }
    }

    #[test]
    fn bad_events_name_the_problem() {
        let err = |v: serde_json::Value| {
            serde_json::from_value::<AgentEvent>(v)
                .unwrap_err()
                .to_string()
        };
        assert!(
            err(json!({"type": "answer", "at": "2026-03-28T09:00:00Z"}))
                .contains("missing field `agent`")
        );
        assert!(err(json!({"type": "answer", "agent": "a1"})).contains("missing field `at`"));
        assert!(
            err(json!({"type": "dial", "agent": "a1", "at": "2026-03-28T09:00:00Z", "call": "c"}))
                .contains("`number`")
        );
        assert!(
            err(json!({"type": "nope", "agent": "a1", "at": "2026-03-28T09:00:00Z"}))
                .contains("unknown variant")
        );
        assert!(err(json!({"type": "login", "agent": "a1", "at": "2026-03-28T09:00:00Z", "status": "meal"})).contains("idle"));
        assert!(
            err(json!({"agent": "a1", "at": "2026-03-28T09:00:00Z"}))
                .contains("missing field `type`")
        );
    }
}
