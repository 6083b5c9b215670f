//! Agent events: what a toolbar, the switch or a supervisor's console
//! reports. One internally tagged JSON shape:
//! `{"type": "login", "agent": "a1", "at": "2026-03-28T09:00:00Z", "event_id"?: "e1", …}`.
//!
//! Every event carries `at` and an optional `event_id` (for duplicate
//! suppression). No type starts with `call.`: that namespace belongs to the
//! call tracker in the combined stream of the facade.

use crate::status::{ChosenStatus, ConsultMode, Direction, StartStatus};
use cxkit_core::{AgentId, CallId, ExtensionId, Timestamp};
use serde::{Deserialize, Serialize};

/// One agent event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    CallEnded {
        /// The agent.
        agent: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
    },
    /// The agent dials out from the keypad (TB4 validates `number`).
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

impl AgentEvent {
    /// When the event happened.
    pub fn at(&self) -> Timestamp {
        use AgentEvent::*;
        match self {
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
            | Tick { at, .. } => *at,
        }
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
