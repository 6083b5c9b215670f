//! Errors of the agent engine. Each variant names the problem and maps to
//! one family of the facade error (see `docs/agents.md`). An event that
//! returns an error has changed nothing.

use cxkit_core::CoreError;

/// An error of the agent engine.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AgentError {
    /// Unknown agent, skill group or org unit; a bad configuration.
    #[error("{0}")]
    Core(#[from] CoreError),
    /// The event is impossible in the agent's state.
    #[error("agent `{agent}` cannot `{event}` while {state}: {reason}")]
    InvalidTransition {
        /// The agent the event was refused for.
        agent: String,
        /// That agent's state (`idle`, `answering.talking`, …).
        state: &'static str,
        /// The refused event type.
        event: &'static str,
        /// Why.
        reason: String,
    },
    /// A resource is held by someone else (an extension, a listen).
    #[error("{message}")]
    Conflict {
        /// What is contended (`extension 8001`, `agent a-3`).
        resource: String,
        /// Who holds it.
        holder: String,
        /// Human-readable explanation.
        message: String,
    },
    /// The actor's role lacks a permission (CM4: `call_listen`).
    #[error("agent `{agent}` (role `{role}`) lacks permission `{permission}`: {reason}")]
    PermissionDenied {
        /// The agent who asked.
        agent: String,
        /// Their role.
        role: String,
        /// The permission needed.
        permission: &'static str,
        /// Why it was needed.
        reason: String,
    },
    /// A malformed input value (TB4 dial string, missing extension, …).
    #[error("invalid `{field}`: {message}")]
    InvalidInput {
        /// Which field.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
    /// The event is older than the agent's last accepted event.
    #[error("event for `{subject}` at {got} is older than its last accepted event at {last}")]
    OutOfOrder {
        /// The agent (or `tick`).
        subject: String,
        /// RFC 3339 of the last accepted event.
        last: String,
        /// RFC 3339 of the refused event.
        got: String,
    },
    /// A configuration value is invalid.
    #[error("invalid configuration at `{field}`: {message}")]
    Config {
        /// Dotted path.
        field: String,
        /// What is wrong.
        message: String,
    },
}
