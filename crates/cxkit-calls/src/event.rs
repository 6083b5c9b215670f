//! Call lifecycle events: every `type` is in the `call.` namespace, every
//! event names its `call`, carries its time `at` and an optional `event_id`
//! (a repeated id is reported as a duplicate and changes nothing).
//!
//! ```json
//! {"type": "call.arrived", "call": "c-1", "at": "2026-03-02T01:00:00Z",
//!  "hotline": "4008001234", "caller": "13812345678", "callee": "4008001234"}
//! {"type": "call.queued", "call": "c-1", "at": "…", "skill_group": "sales"}
//! {"type": "call.transferred", "call": "c-1", "at": "…", "to": {"agent": "a-2"}}
//! ```

use crate::record::Direction;
use cxkit_core::{AgentId, CallId, SkillGroupId, Timestamp};
use serde::{Deserialize, Serialize};

/// Where a transfer goes: `{"agent": "a-2"}` or `{"skill_group": "sales"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransferTarget {
    /// A confirmed transfer to an agent: the call stays connected (CM2).
    Agent(AgentId),
    /// A blind transfer to a skill group: the call queues there.
    SkillGroup(SkillGroupId),
}

/// A call lifecycle event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", deny_unknown_fields)]
pub enum CallEvent {
    /// An inbound call reached the platform (it is in the IVR stage until
    /// it is queued or offered to an agent).
    #[serde(rename = "call.arrived")]
    Arrived {
        /// The call.
        call: CallId,
        /// When.
        #[serde(deserialize_with = "cxkit_core::time::serde_fast::timestamp")]
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
        /// The service number dialed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        hotline: Option<String>,
        /// The customer's number (may be withheld: empty or `anonymous`).
        #[serde(default)]
        caller: String,
        /// The called number.
        #[serde(default)]
        callee: String,
        /// Must be `inbound` (outbound calls start with `call.outbound_dialed`).
        #[serde(default)]
        direction: Direction,
    },
    /// The call entered the IVR (语音导航).
    #[serde(rename = "call.ivr_entered")]
    IvrEntered {
        /// The call.
        call: CallId,
        /// When.
        #[serde(deserialize_with = "cxkit_core::time::serde_fast::timestamp")]
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
    },
    /// The call left the IVR (still before any skill group).
    #[serde(rename = "call.ivr_left")]
    IvrLeft {
        /// The call.
        call: CallId,
        /// When.
        #[serde(deserialize_with = "cxkit_core::time::serde_fast::timestamp")]
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
    },
    /// The call joined a skill-group queue.
    #[serde(rename = "call.queued")]
    Queued {
        /// The call.
        call: CallId,
        /// When.
        #[serde(deserialize_with = "cxkit_core::time::serde_fast::timestamp")]
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
        /// The queue.
        skill_group: SkillGroupId,
    },
    /// The call is ringing at an agent.
    #[serde(rename = "call.offered")]
    Offered {
        /// The call.
        call: CallId,
        /// When.
        #[serde(deserialize_with = "cxkit_core::time::serde_fast::timestamp")]
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
        /// The agent whose phone rings.
        agent: AgentId,
    },
    /// The agent did not answer; the call goes back where it was offered from.
    #[serde(rename = "call.ring_ended")]
    RingEnded {
        /// The call.
        call: CallId,
        /// When.
        #[serde(deserialize_with = "cxkit_core::time::serde_fast::timestamp")]
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
    },
    /// The ringing agent answered.
    #[serde(rename = "call.answered")]
    Answered {
        /// The call.
        call: CallId,
        /// When.
        #[serde(deserialize_with = "cxkit_core::time::serde_fast::timestamp")]
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
        /// The agent (must be the one ringing).
        agent: AgentId,
    },
    /// The agent put the customer on hold.
    #[serde(rename = "call.held")]
    Held {
        /// The call.
        call: CallId,
        /// When.
        #[serde(deserialize_with = "cxkit_core::time::serde_fast::timestamp")]
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
    },
    /// The hold ended.
    #[serde(rename = "call.resumed")]
    Resumed {
        /// The call.
        call: CallId,
        /// When.
        #[serde(deserialize_with = "cxkit_core::time::serde_fast::timestamp")]
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
    },
    /// The connected call was transferred to an agent or a skill group.
    #[serde(rename = "call.transferred")]
    Transferred {
        /// The call.
        call: CallId,
        /// When.
        #[serde(deserialize_with = "cxkit_core::time::serde_fast::timestamp")]
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
        /// Where to.
        to: TransferTarget,
    },
    /// The queue's maximum wait ran out; the call ends.
    #[serde(rename = "call.queue_timeout")]
    QueueTimeout {
        /// The call.
        call: CallId,
        /// When.
        #[serde(deserialize_with = "cxkit_core::time::serde_fast::timestamp")]
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
    },
    /// The caller hung up; the call ends.
    #[serde(rename = "call.caller_hung_up")]
    CallerHungUp {
        /// The call.
        call: CallId,
        /// When.
        #[serde(deserialize_with = "cxkit_core::time::serde_fast::timestamp")]
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
    },
    /// The system (or the agent) ended the call.
    #[serde(rename = "call.system_ended")]
    SystemEnded {
        /// The call.
        call: CallId,
        /// When.
        #[serde(deserialize_with = "cxkit_core::time::serde_fast::timestamp")]
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
    },
    /// An agent dialed a customer (外呼).
    #[serde(rename = "call.outbound_dialed")]
    OutboundDialed {
        /// The call.
        call: CallId,
        /// When.
        #[serde(deserialize_with = "cxkit_core::time::serde_fast::timestamp")]
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
        /// The dialing agent.
        agent: AgentId,
        /// The number shown to the customer.
        #[serde(default)]
        caller: String,
        /// The customer's number.
        callee: String,
    },
    /// The customer picked up.
    #[serde(rename = "call.outbound_connected")]
    OutboundConnected {
        /// The call.
        call: CallId,
        /// When.
        #[serde(deserialize_with = "cxkit_core::time::serde_fast::timestamp")]
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
    },
    /// The outbound call ended.
    #[serde(rename = "call.outbound_ended")]
    OutboundEnded {
        /// The call.
        call: CallId,
        /// When.
        #[serde(deserialize_with = "cxkit_core::time::serde_fast::timestamp")]
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
    },
}

impl CallEvent {
    /// The call the event is about.
    pub fn call(&self) -> &CallId {
        self.parts().0
    }

    /// When it happened.
    pub fn at(&self) -> Timestamp {
        *self.parts().1
    }

    /// Its idempotency key, if any.
    pub fn event_id(&self) -> Option<&str> {
        self.parts().2.as_deref()
    }

    fn parts(&self) -> (&CallId, &Timestamp, &Option<String>) {
        use CallEvent::*;
        match self {
            Arrived {
                call, at, event_id, ..
            }
            | IvrEntered { call, at, event_id }
            | IvrLeft { call, at, event_id }
            | Queued {
                call, at, event_id, ..
            }
            | Offered {
                call, at, event_id, ..
            }
            | RingEnded { call, at, event_id }
            | Answered {
                call, at, event_id, ..
            }
            | Held { call, at, event_id }
            | Resumed { call, at, event_id }
            | Transferred {
                call, at, event_id, ..
            }
            | QueueTimeout { call, at, event_id }
            | CallerHungUp { call, at, event_id }
            | SystemEnded { call, at, event_id }
            | OutboundDialed {
                call, at, event_id, ..
            }
            | OutboundConnected { call, at, event_id }
            | OutboundEnded { call, at, event_id } => (call, at, event_id),
        }
    }

    /// The `type` tag (`call.arrived`, …).
    pub fn type_name(&self) -> &'static str {
        use CallEvent::*;
        match self {
            Arrived { .. } => "call.arrived",
            IvrEntered { .. } => "call.ivr_entered",
            IvrLeft { .. } => "call.ivr_left",
            Queued { .. } => "call.queued",
            Offered { .. } => "call.offered",
            RingEnded { .. } => "call.ring_ended",
            Answered { .. } => "call.answered",
            Held { .. } => "call.held",
            Resumed { .. } => "call.resumed",
            Transferred { .. } => "call.transferred",
            QueueTimeout { .. } => "call.queue_timeout",
            CallerHungUp { .. } => "call.caller_hung_up",
            SystemEnded { .. } => "call.system_ended",
            OutboundDialed { .. } => "call.outbound_dialed",
            OutboundConnected { .. } => "call.outbound_connected",
            OutboundEnded { .. } => "call.outbound_ended",
        }
    }
}
