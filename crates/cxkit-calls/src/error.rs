//! The errors of the call rules. The facade maps each variant onto one
//! family of `cxkit::Error` (see `crates/cxkit/src/calls.rs`).

use serde::{Deserialize, Serialize};

/// One problem with one field of a call record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldProblem {
    /// Field name (`answered_at`, `ended_at`, …).
    pub field: String,
    /// Stable code (`before_start`, `after_end`, `answered_without_ringing`, …).
    pub code: String,
    /// Human-readable explanation.
    pub message: String,
}

/// An error of the call rules. An operation that fails has changed nothing.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CallError {
    /// A shared-vocabulary error (unknown agent or skill group).
    #[error("{0}")]
    Core(#[from] cxkit_core::CoreError),
    /// The `calls` configuration is invalid at `field`.
    #[error("invalid configuration at `{field}`: {message}")]
    Config {
        /// Dotted path, e.g. `sms_rules[1].outcomes`.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// A call record is inconsistent; every problem is listed.
    #[error("invalid call record: {}", .problems.iter().map(|p| format!("{}: {}", p.field, p.message)).collect::<Vec<_>>().join("; "))]
    InvalidRecord {
        /// Each field's problem.
        problems: Vec<FieldProblem>,
    },
    /// A single input is malformed.
    #[error("invalid `{field}`: {message}")]
    InvalidInput {
        /// The input.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// An event names a call that is not in the system.
    #[error("unknown call `{call}`")]
    UnknownCall {
        /// The call id.
        call: String,
    },
    /// The event is impossible in the call's current state.
    #[error("call `{call}` is {state}: `{event}` is not possible")]
    InvalidTransition {
        /// The call id.
        call: String,
        /// Its current stage (`ivr`, `queue`, `ringing`, `talking`, `held`, `dialing`, …).
        state: String,
        /// The refused event type.
        event: String,
    },
    /// The event is older than the last event accepted for the call.
    #[error("event for call `{call}` at {got} is older than the last accepted one at {last}")]
    OutOfOrder {
        /// The call id.
        call: String,
        /// Last accepted event time (RFC 3339).
        last: String,
        /// The refused event time (RFC 3339).
        got: String,
    },
}

impl CallError {
    /// Shorthand for [`CallError::Config`].
    pub fn config(field: impl Into<String>, message: impl Into<String>) -> Self {
        CallError::Config {
            field: field.into(),
            message: message.into(),
        }
    }
    /// Shorthand for [`CallError::InvalidInput`].
    pub fn invalid_input(field: impl Into<String>, message: impl Into<String>) -> Self {
        CallError::InvalidInput {
            field: field.into(),
            message: message.into(),
        }
    }
}
