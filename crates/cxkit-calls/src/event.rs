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

/// Where a transfer goes: `{"agent": "a-2"}`, `{"skill_group": "sales"}`
/// or `{"external": "+8613800138000"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TransferTarget {
    /// A confirmed transfer to an agent: the call stays connected (CM2).
    Agent(AgentId),
    /// A blind transfer to a skill group: the call queues there.
    SkillGroup(SkillGroupId),
    /// A transfer out to an outside number (FD2): the call leaves the
    /// platform and ends (`transferred_out`).
    External(String),
}

/// Why a call left its queue for another destination (`call.queue_left`, FD2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExitReason {
    /// The caller pressed a key (voicemail, callback; Asterisk EXITWITHKEY).
    Key,
    /// No agent was logged in or available (EXITEMPTY, `leavewhenempty`).
    NoAgents,
    /// The queue's overflow rule sent the call elsewhere.
    Overflow,
}

impl ExitReason {
    /// Every reason, in order.
    pub const ALL: [ExitReason; 3] = [ExitReason::Key, ExitReason::NoAgents, ExitReason::Overflow];

    /// Its JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            ExitReason::Key => "key",
            ExitReason::NoAgents => "no_agents",
            ExitReason::Overflow => "overflow",
        }
    }
}

/// A call lifecycle event.
///
/// Deserialization is hand-routed through a flat field struct (the private
/// `flat` module), like the agent events: one pass, objects only, each key once,
/// only the keys the `type` allows. The JSON shape is the derive's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(tag = "type")]
pub enum CallEvent {
    /// An inbound call reached the platform (it is in the IVR stage until
    /// it is queued or offered to an agent).
    #[serde(rename = "call.arrived")]
    Arrived {
        /// The call.
        call: CallId,
        /// When.
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
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
        /// The queue.
        skill_group: SkillGroupId,
        /// Only when the event starts the call (no `call.arrived`, FD2).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        hotline: Option<String>,
        /// Only when the event starts the call: the customer's number.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        caller: Option<String>,
        /// Only when the event starts the call: the called number.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        callee: Option<String>,
    },
    /// The call is ringing at an agent.
    #[serde(rename = "call.offered")]
    Offered {
        /// The call.
        call: CallId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
        /// The agent whose phone rings (several may ring at once, FD2).
        agent: AgentId,
        /// Only when the event starts the call (a direct call, FD2).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        hotline: Option<String>,
        /// Only when the event starts the call: the customer's number.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        caller: Option<String>,
        /// Only when the event starts the call: the called number.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        callee: Option<String>,
    },
    /// A ring ended without answer: `agent`'s, or every ring without it.
    /// With no ring left the call goes back where it was offered from.
    #[serde(rename = "call.ring_ended")]
    RingEnded {
        /// The call.
        call: CallId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
        /// The agent whose ring ended (all rings when absent).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        agent: Option<AgentId>,
    },
    /// The ringing agent answered.
    #[serde(rename = "call.answered")]
    Answered {
        /// The call.
        call: CallId,
        /// When.
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
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
    },
    /// The call left its queue for another destination (FD2); the call ends.
    #[serde(rename = "call.queue_left")]
    QueueLeft {
        /// The call.
        call: CallId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
        /// Why it left.
        reason: ExitReason,
        /// Where it went (voicemail, callback, a number), if the source says.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        destination: Option<String>,
    },
    /// The caller hung up; the call ends.
    #[serde(rename = "call.caller_hung_up")]
    CallerHungUp {
        /// The call.
        call: CallId,
        /// When.
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
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
    },
}

/// The call, time and idempotency key of every variant, borrowed as the
/// event is (shared or mutable).
macro_rules! call_parts {
    ($e:expr) => {{
        use CallEvent::*;
        match $e {
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
            | RingEnded {
                call, at, event_id, ..
            }
            | Answered {
                call, at, event_id, ..
            }
            | Held { call, at, event_id }
            | Resumed { call, at, event_id }
            | Transferred {
                call, at, event_id, ..
            }
            | QueueTimeout { call, at, event_id }
            | QueueLeft {
                call, at, event_id, ..
            }
            | CallerHungUp { call, at, event_id }
            | SystemEnded { call, at, event_id }
            | OutboundDialed {
                call, at, event_id, ..
            }
            | OutboundConnected { call, at, event_id }
            | OutboundEnded { call, at, event_id } => (call, at, event_id),
        }
    }};
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

    /// `hotline`, `caller`, `callee` of a `call.queued` or `call.offered`
    /// (given only when it starts the call, FD2); `None` for other types.
    #[allow(clippy::type_complexity)]
    pub fn start_fields(&self) -> Option<(&Option<String>, &Option<String>, &Option<String>)> {
        match self {
            CallEvent::Queued {
                hotline, caller, callee, ..
            }
            | CallEvent::Offered {
                hotline, caller, callee, ..
            } => Some((hotline, caller, callee)),
            _ => None,
        }
    }

    /// Its idempotency key, if any.
    pub fn event_id(&self) -> Option<&str> {
        self.parts().2.as_deref()
    }

    fn parts(&self) -> (&CallId, &Timestamp, &Option<String>) {
        call_parts!(self)
    }

    /// Its time, to change in place ([`CallEvent::set_at`]).
    fn at_mut(&mut self) -> &mut Timestamp {
        call_parts!(self).1
    }

    /// The same event at another instant (a binding decoding many events
    /// that differ only in `at` copies one and sets its time).
    pub fn set_at(&mut self, at: Timestamp) {
        *self.at_mut() = at;
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
            QueueLeft { .. } => "call.queue_left",
            CallerHungUp { .. } => "call.caller_hung_up",
            SystemEnded { .. } => "call.system_ended",
            OutboundDialed { .. } => "call.outbound_dialed",
            OutboundConnected { .. } => "call.outbound_connected",
            OutboundEnded { .. } => "call.outbound_ended",
        }
    }
}

impl CallEvent {
    /// Every key a call event of some type may have (each type accepts a
    /// subset; see `docs/calls.md`).
    pub const KEYS: &'static [&'static str] = flat::NAMES;
}

impl<'de> Deserialize<'de> for CallEvent {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        flat::Flat::deserialize(d)?.into_event()
    }
}

/// The single-pass decoder behind `CallEvent`'s `Deserialize` (see
/// `cxkit_core::strict`).
mod flat {
    use super::{CallEvent, ExitReason, TransferTarget};
    use crate::record::Direction;
    use cxkit_core::strict::{FastTimestamp, need};
    use cxkit_core::{AgentId, CallId, SkillGroupId, Timestamp};
    use serde::de::{Error, MapAccess};
    use serde::{Deserialize, Deserializer};

    #[derive(Deserialize, Clone, Copy)]
    enum Kind {
        #[serde(rename = "call.arrived")]
        Arrived,
        #[serde(rename = "call.ivr_entered")]
        IvrEntered,
        #[serde(rename = "call.ivr_left")]
        IvrLeft,
        #[serde(rename = "call.queued")]
        Queued,
        #[serde(rename = "call.offered")]
        Offered,
        #[serde(rename = "call.ring_ended")]
        RingEnded,
        #[serde(rename = "call.answered")]
        Answered,
        #[serde(rename = "call.held")]
        Held,
        #[serde(rename = "call.resumed")]
        Resumed,
        #[serde(rename = "call.transferred")]
        Transferred,
        #[serde(rename = "call.queue_timeout")]
        QueueTimeout,
        #[serde(rename = "call.queue_left")]
        QueueLeft,
        #[serde(rename = "call.caller_hung_up")]
        CallerHungUp,
        #[serde(rename = "call.system_ended")]
        SystemEnded,
        #[serde(rename = "call.outbound_dialed")]
        OutboundDialed,
        #[serde(rename = "call.outbound_connected")]
        OutboundConnected,
        #[serde(rename = "call.outbound_ended")]
        OutboundEnded,
    }

    /// Every key a call event may have; indexes match the visitor.
    pub(super) const NAMES: &[&str] = &[
        "type",
        "call",
        "at",
        "event_id",
        "hotline",
        "caller",
        "callee",
        "direction",
        "skill_group",
        "agent",
        "to",
        "reason",
        "destination",
    ];

    impl Kind {
        fn allowed(self) -> &'static [&'static str] {
            use Kind as K;
            match self {
                K::Arrived => &["type", "call", "at", "event_id", "hotline", "caller", "callee", "direction"],
                K::Queued => &["type", "call", "at", "event_id", "skill_group", "hotline", "caller", "callee"],
                K::Offered => &["type", "call", "at", "event_id", "agent", "hotline", "caller", "callee"],
                K::Answered | K::RingEnded => &["type", "call", "at", "event_id", "agent"],
                K::QueueLeft => &["type", "call", "at", "event_id", "reason", "destination"],
                K::Transferred => &["type", "call", "at", "event_id", "to"],
                K::OutboundDialed => &["type", "call", "at", "event_id", "agent", "caller", "callee"],
                K::IvrEntered
                | K::IvrLeft
                | K::Held
                | K::Resumed
                | K::QueueTimeout
                | K::CallerHungUp
                | K::SystemEnded
                | K::OutboundConnected
                | K::OutboundEnded => &["type", "call", "at", "event_id"],
            }
        }
    }

    #[derive(Default)]
    pub(super) struct Flat {
        kind: Option<Kind>,
        call: Option<CallId>,
        at: Option<Timestamp>,
        event_id: Option<String>,
        hotline: Option<String>,
        caller: Option<String>,
        callee: Option<String>,
        direction: Option<Direction>,
        skill_group: Option<SkillGroupId>,
        agent: Option<AgentId>,
        to: Option<TransferTarget>,
        reason: Option<ExitReason>,
        destination: Option<String>,
    }

    impl<'de> Deserialize<'de> for Flat {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            cxkit_core::strict::deserialize_flat(d)
        }
    }

    impl<'de> cxkit_core::strict::Flat<'de> for Flat {
        const NAMES: &'static [&'static str] = NAMES;
        const EXPECTING: &'static str = "a call event object";

        fn read<A: MapAccess<'de>>(&mut self, i: usize, map: &mut A) -> Result<(), A::Error> {
            match i {
                0 => self.kind = Some(map.next_value()?),
                1 => self.call = map.next_value()?,
                2 => self.at = map.next_value::<Option<FastTimestamp>>()?.map(|t| t.0),
                3 => self.event_id = map.next_value()?,
                4 => self.hotline = map.next_value()?,
                5 => self.caller = map.next_value()?,
                6 => self.callee = map.next_value()?,
                7 => self.direction = map.next_value()?,
                8 => self.skill_group = map.next_value()?,
                9 => self.agent = map.next_value()?,
                10 => self.to = map.next_value()?,
                11 => self.reason = map.next_value()?,
                _ => self.destination = map.next_value()?,
            }
            Ok(())
        }

        fn allowed<E: Error>(&self) -> Result<&'static [&'static str], E> {
            need(self.kind, "type").map(Kind::allowed)
        }
    }

    impl Flat {
        pub(super) fn into_event<E: Error>(self) -> Result<CallEvent, E> {
            use CallEvent as C;
            let kind = self.kind.ok_or_else(|| E::missing_field("type"))?;
            let call = need(self.call, "call")?;
            let at = need(self.at, "at")?;
            let event_id = self.event_id;
            Ok(match kind {
                Kind::Arrived => C::Arrived {
                    call,
                    at,
                    event_id,
                    hotline: self.hotline,
                    caller: self.caller.unwrap_or_default(),
                    callee: self.callee.unwrap_or_default(),
                    direction: self.direction.unwrap_or_default(),
                },
                Kind::IvrEntered => C::IvrEntered { call, at, event_id },
                Kind::IvrLeft => C::IvrLeft { call, at, event_id },
                Kind::Queued => C::Queued {
                    call,
                    at,
                    event_id,
                    skill_group: need(self.skill_group, "skill_group")?,
                    hotline: self.hotline,
                    caller: self.caller,
                    callee: self.callee,
                },
                Kind::Offered => C::Offered {
                    call,
                    at,
                    event_id,
                    agent: need(self.agent, "agent")?,
                    hotline: self.hotline,
                    caller: self.caller,
                    callee: self.callee,
                },
                Kind::RingEnded => C::RingEnded {
                    call,
                    at,
                    event_id,
                    agent: self.agent,
                },
                Kind::Answered => C::Answered {
                    call,
                    at,
                    event_id,
                    agent: need(self.agent, "agent")?,
                },
                Kind::Held => C::Held { call, at, event_id },
                Kind::Resumed => C::Resumed { call, at, event_id },
                Kind::Transferred => C::Transferred {
                    call,
                    at,
                    event_id,
                    to: need(self.to, "to")?,
                },
                Kind::QueueTimeout => C::QueueTimeout { call, at, event_id },
                Kind::QueueLeft => C::QueueLeft {
                    call,
                    at,
                    event_id,
                    reason: need(self.reason, "reason")?,
                    destination: self.destination,
                },
                Kind::CallerHungUp => C::CallerHungUp { call, at, event_id },
                Kind::SystemEnded => C::SystemEnded { call, at, event_id },
                Kind::OutboundDialed => C::OutboundDialed {
                    call,
                    at,
                    event_id,
                    agent: need(self.agent, "agent")?,
                    caller: self.caller.unwrap_or_default(),
                    callee: need(self.callee, "callee")?,
                },
                Kind::OutboundConnected => C::OutboundConnected { call, at, event_id },
                Kind::OutboundEnded => C::OutboundEnded { call, at, event_id },
            })
        }
    }
}
