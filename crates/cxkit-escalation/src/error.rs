//! The error of this crate: every variant names what a caller can fix. The
//! facade (`cxkit::escalation`) maps each variant to one family of the public
//! `cxkit::Error` (CONFIG_ERROR, INVALID_TRANSITION, SCORER_ERROR,
//! OUT_OF_ORDER). An operation that returns an error has changed nothing.

use cxkit_core::{ConversationId, Timestamp};
use thiserror::Error;

/// What went wrong in a scorer or the escalation policy (RB1).
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum EscalationError {
    /// The policy configuration is invalid; `field` is the dotted path
    /// inside the `escalation` section.
    #[error("escalation.{field}: {message}")]
    Config {
        /// Field path, e.g. `window_size`.
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// A message arrived for a conversation that has already ended.
    #[error("conversation `{conversation}` has ended; it takes no more messages")]
    ConversationEnded {
        /// The conversation.
        conversation: ConversationId,
        /// What was attempted (`observe`, `end`).
        event: &'static str,
    },
    /// A scorer failed or returned a value that is not a score.
    #[error("scorer `{scorer}`: {message}")]
    Scorer {
        /// Name of the scorer.
        scorer: String,
        /// What was wrong.
        message: String,
    },
    /// A message is older than the last one seen in its conversation.
    #[error("conversation `{conversation}`: message at {got} is older than the last one at {last}")]
    OutOfOrder {
        /// The conversation.
        conversation: ConversationId,
        /// Time of the last accepted message.
        last: Timestamp,
        /// Time of the refused message.
        got: Timestamp,
    },
}

impl EscalationError {
    /// Shorthand for [`EscalationError::Config`].
    pub fn config(field: impl Into<String>, message: impl Into<String>) -> Self {
        EscalationError::Config {
            field: field.into(),
            message: message.into(),
        }
    }
}
