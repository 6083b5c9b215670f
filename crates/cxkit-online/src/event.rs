//! Online (chat) events (OS2): every `type` is in the `chat.` namespace and
//! carries its time `at` and an optional `event_id` (a repeated id is a
//! duplicate and changes nothing). Chat lifecycle events name their `chat`;
//! the agent's online status events name their `agent`.
//!
//! ```json
//! {"type": "chat.queued", "chat": "ch-1", "at": "2026-03-02T01:00:00Z", "skill_group": "care", "channel": "desktop_web", "from_bot": true}
//! {"type": "chat.assigned", "chat": "ch-1", "at": "…", "agent": "o1"}
//! {"type": "chat.transferred", "chat": "ch-1", "at": "…", "to": {"skill_group": "sales"}}
//! {"type": "chat.rated", "chat": "ch-1", "at": "…", "satisfied": true, "score": 5}
//! {"type": "chat.agent_status", "agent": "o1", "at": "…", "status": "meal"}
//! ```

use cxkit_core::{AgentId, Channel, ConversationId, SkillGroupId, Timestamp};
use serde::{Deserialize, Serialize};

/// Where a chat transfer goes: `{"agent": "o2"}` or `{"skill_group": "sales"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(rename = "ChatTransferTarget")]
#[serde(rename_all = "snake_case")]
pub enum TransferTarget {
    /// Straight to an agent, who must accept chats (the chat is theirs at once).
    Agent(AgentId),
    /// Back to a queue: the chat waits in that skill group.
    SkillGroup(SkillGroupId),
}

/// Who closed a chat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClosedBy {
    /// The customer left.
    Customer,
    /// The agent ended it.
    Agent,
    /// The customer was idle too long.
    IdleTimeout,
    /// The platform ended it.
    System,
}

/// The status an agent logs in with (default `online`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LoginStatus {
    /// Accepting chats.
    #[default]
    Online,
    /// Logged in, not accepting.
    Busy,
}

/// One online event. Deserialization: `event_de.rs` (the strict one-pass
/// reader every stream shares).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(tag = "type")]
pub enum ChatEvent {
    /// A customer's chat enters a skill group's queue.
    #[serde(rename = "chat.queued")]
    Queued {
        /// The chat.
        chat: ConversationId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
        /// The queue.
        skill_group: SkillGroupId,
        /// The channel the customer writes from.
        channel: Channel,
        /// The channel instance (official account, mini program, …).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        instance: Option<String>,
        /// Whether the bot handed the chat over (RB1/OS5).
        #[serde(default)]
        from_bot: bool,
    },
    /// The chat is assigned to an agent: from its queue, or directly (a new chat; then `channel` is required).
    #[serde(rename = "chat.assigned")]
    Assigned {
        /// The chat.
        chat: ConversationId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
        /// The agent (must accept chats: online, a free slot, no blocking call).
        agent: AgentId,
        /// Direct assignment of a new chat: its channel.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        channel: Option<Channel>,
        /// Direct assignment of a new chat: its channel instance.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        instance: Option<String>,
        /// Direct assignment of a new chat: the skill group it counts for.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        skill_group: Option<SkillGroupId>,
        /// Direct assignment of a new chat: whether the bot handed it over.
        #[serde(default)]
        from_bot: bool,
    },
    /// The customer wrote.
    #[serde(rename = "chat.customer_message")]
    CustomerMessage {
        /// The chat.
        chat: ConversationId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
    },
    /// The chat's agent wrote.
    #[serde(rename = "chat.agent_message")]
    AgentMessage {
        /// The chat.
        chat: ConversationId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
        /// The writing agent, if the source names it (must be the chat's agent).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        agent: Option<AgentId>,
    },
    /// The chat moves to another agent or back to a queue.
    #[serde(rename = "chat.transferred")]
    Transferred {
        /// The chat.
        chat: ConversationId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
        /// Where to.
        to: TransferTarget,
    },
    /// The chat ended.
    #[serde(rename = "chat.closed")]
    Closed {
        /// The chat.
        chat: ConversationId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
        /// Who ended it.
        by: ClosedBy,
    },
    /// The customer rated the chat (once; open, or closed within the rating window).
    #[serde(rename = "chat.rated")]
    Rated {
        /// The chat.
        chat: ConversationId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
        /// Satisfied or not.
        satisfied: bool,
        /// An optional score (finite, not negative).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        score: Option<f64>,
    },
    /// OS1: the agent logs in to the online service.
    #[serde(rename = "chat.agent_login")]
    AgentLogin {
        /// The agent.
        agent: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
        /// Starting status (default `online`).
        #[serde(default)]
        status: LoginStatus,
    },
    /// OS1: the agent changes its online status.
    #[serde(rename = "chat.agent_status")]
    AgentStatus {
        /// The agent.
        agent: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
        /// The new status (not `offline`: use `chat.agent_logout`).
        status: crate::status::OnlineStatus,
    },
    /// OS1: the agent logs out of the online service (with no open chats).
    #[serde(rename = "chat.agent_logout")]
    AgentLogout {
        /// The agent.
        agent: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
    },
}

/// What an event is about: one chat or one agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject<'a> {
    /// A chat lifecycle event.
    Chat(&'a ConversationId),
    /// An agent status event.
    Agent(&'a AgentId),
}

/// The time of every variant, borrowed as the event is (shared or mutable).
macro_rules! chat_at {
    ($e:expr) => {{
        use ChatEvent::*;
        match $e {
            Queued { at, .. }
            | Assigned { at, .. }
            | CustomerMessage { at, .. }
            | AgentMessage { at, .. }
            | Transferred { at, .. }
            | Closed { at, .. }
            | Rated { at, .. }
            | AgentLogin { at, .. }
            | AgentStatus { at, .. }
            | AgentLogout { at, .. } => at,
        }
    }};
}

impl ChatEvent {
    /// When it happened.
    pub fn at(&self) -> Timestamp {
        *chat_at!(self)
    }

    /// The same event at another instant (a binding decoding many events
    /// that differ only in `at` copies one and sets its time).
    pub fn set_at(&mut self, at: Timestamp) {
        *chat_at!(self) = at;
    }

    /// Its idempotency key, if any.
    pub fn event_id(&self) -> Option<&str> {
        use ChatEvent::*;
        match self {
            Queued { event_id, .. }
            | Assigned { event_id, .. }
            | CustomerMessage { event_id, .. }
            | AgentMessage { event_id, .. }
            | Transferred { event_id, .. }
            | Closed { event_id, .. }
            | Rated { event_id, .. }
            | AgentLogin { event_id, .. }
            | AgentStatus { event_id, .. }
            | AgentLogout { event_id, .. } => event_id.as_deref(),
        }
    }

    /// The chat or agent the event is about (its ordering and duplicate subject).
    pub fn subject(&self) -> Subject<'_> {
        use ChatEvent::*;
        match self {
            Queued { chat, .. }
            | Assigned { chat, .. }
            | CustomerMessage { chat, .. }
            | AgentMessage { chat, .. }
            | Transferred { chat, .. }
            | Closed { chat, .. }
            | Rated { chat, .. } => Subject::Chat(chat),
            AgentLogin { agent, .. } | AgentStatus { agent, .. } | AgentLogout { agent, .. } => {
                Subject::Agent(agent)
            }
        }
    }

    /// The `type` tag (`chat.queued`, …).
    pub fn type_name(&self) -> &'static str {
        use ChatEvent::*;
        match self {
            Queued { .. } => "chat.queued",
            Assigned { .. } => "chat.assigned",
            CustomerMessage { .. } => "chat.customer_message",
            AgentMessage { .. } => "chat.agent_message",
            Transferred { .. } => "chat.transferred",
            Closed { .. } => "chat.closed",
            Rated { .. } => "chat.rated",
            AgentLogin { .. } => "chat.agent_login",
            AgentStatus { .. } => "chat.agent_status",
            AgentLogout { .. } => "chat.agent_logout",
        }
    }

    /// Every event type name, for docs and tests.
    pub const TYPE_NAMES: [&'static str; 10] = [
        "chat.queued",
        "chat.assigned",
        "chat.customer_message",
        "chat.agent_message",
        "chat.transferred",
        "chat.closed",
        "chat.rated",
        "chat.agent_login",
        "chat.agent_status",
        "chat.agent_logout",
    ];
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn os2_json_shape_round_trips_and_refuses_unknown_fields() {
        let text = r#"{"type":"chat.queued","chat":"ch-1","at":"2026-03-02T01:00:00Z","skill_group":"care","channel":"desktop_web","from_bot":true}"#;
        let e: ChatEvent = serde_json::from_str(text).unwrap();
        assert_eq!(e.type_name(), "chat.queued");
        assert_eq!(
            serde_json::from_str::<ChatEvent>(&serde_json::to_string(&e).unwrap()).unwrap(),
            e
        );
        let bad = r#"{"type":"chat.closed","chat":"ch-1","at":"2026-03-02T01:00:00Z","by":"agent","extra":1}"#;
        assert!(
            serde_json::from_str::<ChatEvent>(bad)
                .unwrap_err()
                .to_string()
                .contains("extra")
        );
        let t: ChatEvent = serde_json::from_str(
            r#"{"type":"chat.transferred","chat":"c","at":"2026-03-02T01:00:00Z","to":{"agent":"o2"}}"#,
        )
        .unwrap();
        assert!(matches!(
            t,
            ChatEvent::Transferred {
                to: TransferTarget::Agent(_),
                ..
            }
        ));
        for n in ChatEvent::TYPE_NAMES {
            assert!(n.starts_with("chat."), "{n}");
        }
    }
}
