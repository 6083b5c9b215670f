//! Errors of the online engine. Each variant names the problem; an event
//! that returns an error has changed nothing.

use cxkit_core::CoreError;

/// An error of the online engine.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OnlineError {
    /// Unknown agent, skill group or org unit.
    #[error("{0}")]
    Core(#[from] CoreError),
    /// No chat with this id is known (never seen, or forgotten after the
    /// rating window).
    #[error("unknown chat `{chat}`")]
    UnknownChat {
        /// The chat id.
        chat: String,
    },
    /// The chat is closed: no message, transfer, assignment or (after the
    /// rating window) rating.
    #[error("chat `{chat}` is closed: `{event}` is refused ({reason})")]
    ChatClosed {
        /// The chat id.
        chat: String,
        /// The refused event type.
        event: &'static str,
        /// Why.
        reason: String,
    },
    /// The event is impossible in the chat's or the agent's state.
    #[error("`{subject}` cannot `{event}` while {state}: {reason}")]
    InvalidTransition {
        /// The chat or agent the event was refused for.
        subject: String,
        /// Its state (`queued`, `assigned`, `busy`, `non_service.meal`, …).
        state: String,
        /// The refused event type.
        event: &'static str,
        /// Why.
        reason: String,
    },
    /// The agent already holds its maximum of concurrent chats (OS1 "full").
    #[error("agent `{agent}` cannot take `{event}`: full with {current} of {max} chats (OS1)")]
    AgentFull {
        /// The agent.
        agent: String,
        /// The refused event type.
        event: &'static str,
        /// Its current chats.
        current: u32,
        /// Its maximum.
        max: u32,
    },
    /// A call agent cannot take part in chats.
    #[error("agent `{agent}` (role `{role}`) lacks permission `{permission}`: {reason}")]
    PermissionDenied {
        /// The agent.
        agent: String,
        /// Its role.
        role: String,
        /// The permission needed.
        permission: &'static str,
        /// Why.
        reason: String,
    },
    /// A malformed value (a negative or NaN score, a missing channel, …).
    #[error("invalid `{field}`: {message}")]
    InvalidInput {
        /// Which field.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
    /// The event is older than the last accepted event of its chat or agent.
    #[error("event for `{subject}` at {got} is older than its last accepted event at {last}")]
    OutOfOrder {
        /// The chat or agent.
        subject: String,
        /// RFC 3339 of the last accepted event.
        last: String,
        /// RFC 3339 of the refused event.
        got: String,
    },
    /// A configuration or snapshot value is invalid.
    #[error("invalid configuration at `{field}`: {message}")]
    Config {
        /// Dotted path.
        field: String,
        /// What is wrong.
        message: String,
    },
}
