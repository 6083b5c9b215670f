//! Errors of the shared vocabulary: configuration problems and unknown ids.

use thiserror::Error;

/// An error raised while building or querying core structures.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum CoreError {
    /// A configuration value is invalid; `field` is a dotted path to it.
    #[error("invalid configuration at `{field}`: {message}")]
    Config {
        /// Dotted path of the offending field, e.g. `org.units[3].parent`.
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// An id does not name anything known.
    #[error("unknown {kind} `{id}`")]
    UnknownEntity {
        /// What kind of thing was looked up (`agent`, `org_unit`, …).
        kind: &'static str,
        /// The id that was not found.
        id: String,
    },
}

impl CoreError {
    /// Shorthand for a [`CoreError::Config`].
    pub fn config(field: impl Into<String>, message: impl Into<String>) -> Self {
        CoreError::Config {
            field: field.into(),
            message: message.into(),
        }
    }
    /// Shorthand for a [`CoreError::UnknownEntity`].
    pub fn unknown(kind: &'static str, id: impl Into<String>) -> Self {
        CoreError::UnknownEntity {
            kind,
            id: id.into(),
        }
    }
}
