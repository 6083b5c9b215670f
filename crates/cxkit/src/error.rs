//! The one public error of cxkit.
//!
//! Every domain crate has its own error enum; each is converted into
//! [`Error`] in exactly one place (a `From` impl in the facade module of that
//! area). The variants are *families* a caller can act on, each with a stable
//! [`Error::code`] that every binding exposes unchanged (Python exception
//! class, Node `err.code`, Kotlin/Swift enum case), and structured fields
//! ([`Error::details`]) so callers never parse messages.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use thiserror::Error as ThisError;

/// One problem with one field of an input (used by [`Error::Validation`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FieldError {
    /// Dotted path of the field (`phone`, `fields[2].options`).
    pub field: String,
    /// Stable machine code of the problem (`required`, `too_long`, `bad_phone`, …).
    pub code: String,
    /// Human-readable explanation.
    pub message: String,
}

/// The error of every cxkit operation.
///
/// An operation that returns an error has changed nothing.
#[derive(Debug, Clone, PartialEq, ThisError)]
#[non_exhaustive]
pub enum Error {
    /// The event is impossible in the subject's current state
    /// (e.g. `answer` while `idle`).
    #[error("{message}")]
    InvalidTransition {
        /// Who or what the event was for (an agent id, a call id, a ticket id).
        subject: String,
        /// The subject's current state.
        state: String,
        /// The event or action that was refused.
        event: String,
        /// Human-readable explanation.
        message: String,
    },
    /// An id names nothing known — or nothing the caller may know of (a
    /// ticket of another customer is reported as unknown, never forbidden).
    #[error("{message}")]
    UnknownEntity {
        /// Kind of thing (`agent`, `call`, `ticket`, `template`, `org_unit`, …).
        kind: String,
        /// The id.
        id: String,
        /// Human-readable explanation.
        message: String,
    },
    /// The caller's role or edition lacks a permission.
    #[error("{message}")]
    PermissionDenied {
        /// The role that asked.
        role: String,
        /// The permission or module that was needed.
        permission: String,
        /// Human-readable explanation.
        message: String,
    },
    /// A configuration is malformed or inconsistent.
    #[error("{message}")]
    Config {
        /// Dotted path of the offending value (`tenant.agents[3].org_unit`);
        /// empty for the document as a whole (a file that cannot be read).
        field: String,
        /// Human-readable explanation (with the line and column, and the
        /// file, when the configuration was read from text).
        message: String,
        /// 1-based line of the offending value when the configuration was
        /// JSON or TOML text; `None` for a value (a dict, a JS object) and
        /// for a rule checked after decoding (an unknown skill group).
        line: Option<u32>,
        /// 1-based column on that line; `None` as for `line`.
        column: Option<u32>,
    },
    /// An input failed validation; every problem is listed at once.
    #[error("{message}")]
    Validation {
        /// Each field's problem.
        errors: Vec<FieldError>,
        /// Human-readable summary.
        message: String,
    },
    /// A single input value is malformed (a bad dial string, a NaN, a
    /// malformed event).
    #[error("{message}")]
    InvalidInput {
        /// Which input or field.
        field: String,
        /// Human-readable explanation.
        message: String,
    },
    /// The request conflicts with what someone else holds (an extension held
    /// by another agent, an agent already monitored by another supervisor).
    #[error("{message}")]
    Conflict {
        /// What is contended (`extension 8001`, `agent a-3`).
        resource: String,
        /// Who holds it, if known.
        holder: String,
        /// Human-readable explanation.
        message: String,
    },
    /// An event is older than the last one accepted for its subject.
    #[error("{message}")]
    OutOfOrder {
        /// Who the event was for.
        subject: String,
        /// Time of the last accepted event (RFC 3339).
        last: String,
        /// Time of the refused event (RFC 3339).
        got: String,
        /// Human-readable explanation.
        message: String,
    },
    /// A sentiment scorer failed or returned an invalid score.
    #[error("{message}")]
    Scorer {
        /// The scorer's name.
        scorer: String,
        /// Human-readable explanation.
        message: String,
    },
    /// A bug in cxkit (a caught panic at an FFI edge). Please report it.
    #[error("internal error: {message}")]
    Internal {
        /// What was caught.
        message: String,
    },
}

impl Error {
    /// The stable code of the error family: `INVALID_TRANSITION`,
    /// `UNKNOWN_ENTITY`, `PERMISSION_DENIED`, `CONFIG_ERROR`,
    /// `VALIDATION_ERROR`, `INVALID_INPUT`, `CONFLICT`, `OUT_OF_ORDER`,
    /// `SCORER_ERROR`, `INTERNAL`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidTransition { .. } => "INVALID_TRANSITION",
            Error::UnknownEntity { .. } => "UNKNOWN_ENTITY",
            Error::PermissionDenied { .. } => "PERMISSION_DENIED",
            Error::Config { .. } => "CONFIG_ERROR",
            Error::Validation { .. } => "VALIDATION_ERROR",
            Error::InvalidInput { .. } => "INVALID_INPUT",
            Error::Conflict { .. } => "CONFLICT",
            Error::OutOfOrder { .. } => "OUT_OF_ORDER",
            Error::Scorer { .. } => "SCORER_ERROR",
            Error::Internal { .. } => "INTERNAL",
        }
    }

    /// Every code, for bindings that build one exception class per family.
    pub const CODES: [&'static str; 10] = [
        "INVALID_TRANSITION",
        "UNKNOWN_ENTITY",
        "PERMISSION_DENIED",
        "CONFIG_ERROR",
        "VALIDATION_ERROR",
        "INVALID_INPUT",
        "CONFLICT",
        "OUT_OF_ORDER",
        "SCORER_ERROR",
        "INTERNAL",
    ];

    /// The human-readable message.
    pub fn message(&self) -> &str {
        match self {
            Error::InvalidTransition { message, .. }
            | Error::UnknownEntity { message, .. }
            | Error::PermissionDenied { message, .. }
            | Error::Config { message, .. }
            | Error::Validation { message, .. }
            | Error::InvalidInput { message, .. }
            | Error::Conflict { message, .. }
            | Error::OutOfOrder { message, .. }
            | Error::Scorer { message, .. }
            | Error::Internal { message } => message,
        }
    }

    /// The structured fields of the error (everything but the message), as a
    /// JSON object. Bindings expose these as attributes/properties.
    pub fn details(&self) -> Value {
        match self {
            Error::InvalidTransition {
                subject,
                state,
                event,
                ..
            } => json!({"subject": subject, "state": state, "event": event}),
            Error::UnknownEntity { kind, id, .. } => json!({"kind": kind, "id": id}),
            Error::PermissionDenied {
                role, permission, ..
            } => json!({"role": role, "permission": permission}),
            Error::Config {
                field, line, column, ..
            } => json!({"field": field, "line": line, "column": column}),
            Error::InvalidInput { field, .. } => json!({"field": field}),
            Error::Validation { errors, .. } => json!({"errors": errors}),
            Error::Conflict {
                resource, holder, ..
            } => json!({"resource": resource, "holder": holder}),
            Error::OutOfOrder {
                subject, last, got, ..
            } => json!({"subject": subject, "last": last, "got": got}),
            Error::Scorer { scorer, .. } => json!({"scorer": scorer}),
            Error::Internal { .. } => json!({}),
        }
    }

    /// `{"code": …, "message": …, "details": {…}}` — the shape conformance
    /// vectors and bindings use.
    pub fn to_json(&self) -> Value {
        json!({"code": self.code(), "message": self.message(), "details": self.details()})
    }

    /// The JSON schema of [`Error::to_json`]: `{code, message, details}`
    /// (`details` is an object whose fields depend on the code).
    pub fn json_schema() -> schemars::Schema {
        schemars::json_schema!({
            "description": "An error as JSON (`Error::to_json`): the stable code, the message, and the structured details of the code.",
            "type": "object",
            "properties": {
                "code": {"type": "string", "enum": Error::CODES},
                "message": {"type": "string"},
                "details": {"type": "object", "additionalProperties": true}
            },
            "required": ["code", "message", "details"],
            "additionalProperties": false
        })
    }

    /// Shorthand for [`Error::InvalidInput`].
    pub fn invalid_input(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::InvalidInput {
            field: field.into(),
            message: message.into(),
        }
    }

    /// `at` itself if it lies in the supported time range (years 1900–9999
    /// UTC, `cxkit_core::time::is_supported`), else `INVALID_INPUT` naming
    /// `field`. Every instant a facade function takes goes through it.
    pub fn check_time(field: &str, at: cxkit_core::Timestamp) -> Result<cxkit_core::Timestamp> {
        cxkit_core::time::check_supported(at).map_err(|message| Error::invalid_input(field, message))
    }

    /// Shorthand for [`Error::Config`] without a position in a text.
    pub fn config(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Config {
            field: field.into(),
            message: message.into(),
            line: None,
            column: None,
        }
    }

    /// An `INVALID_INPUT` raised while reading a configuration (a dict key
    /// that is not a string, a malformed value) as `CONFIG_ERROR` at the
    /// same field; every other error as it is.
    pub fn into_config(self) -> Self {
        match self {
            Error::InvalidInput { field, message } => {
                let message = message
                    .strip_prefix("malformed ")
                    .and_then(|m| m.strip_prefix(field.as_str()))
                    .and_then(|m| m.strip_prefix(": "))
                    .map_or_else(|| message.clone(), str::to_owned);
                Error::config(field, message)
            }
            other => other,
        }
    }

    /// Converts a caught panic payload into [`Error::Internal`]; bindings call
    /// this at their FFI edge.
    pub fn from_panic(payload: &(dyn std::any::Any + Send)) -> Self {
        let message = if let Some(s) = payload.downcast_ref::<&str>() {
            (*s).to_owned()
        } else if let Some(s) = payload.downcast_ref::<String>() {
            s.clone()
        } else {
            "panic with a non-string payload".to_owned()
        };
        Error::Internal { message }
    }
}

impl From<cxkit_core::CoreError> for Error {
    fn from(e: cxkit_core::CoreError) -> Self {
        let message = e.to_string();
        match e {
            cxkit_core::CoreError::Config { field, .. } => Error::config(field, message),
            cxkit_core::CoreError::UnknownEntity { kind, id } => Error::UnknownEntity {
                kind: kind.to_owned(),
                id,
                message,
            },
            // CoreError is non_exhaustive: anything new is a configuration problem.
            #[allow(unreachable_patterns)]
            _ => Error::config("", message),
        }
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::InvalidInput {
            field: String::new(),
            message: format!("malformed JSON input: {e}"),
        }
    }
}

/// `Result` with the facade [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Puts an `INVALID_INPUT` field path under `prefix`: `event.at` →
/// `events[3].at`, `event` → `events[3]` (a batch element's errors name the
/// element). Other errors are returned as they are.
pub fn rebase(e: Error, prefix: &str) -> Error {
    match e {
        Error::InvalidInput { field, message } => {
            let rest = match field.strip_prefix("event") {
                Some(r) if r.is_empty() || r.starts_with('.') || r.starts_with('[') => r.to_owned(),
                _ if field.is_empty() => String::new(),
                _ => format!(".{field}"),
            };
            let new = format!("{prefix}{rest}");
            let message = message.replacen(&format!("malformed {field}"), &format!("malformed {new}"), 1);
            Error::InvalidInput { field: new, message }
        }
        other => other,
    }
}

/// The schema of [`Error::to_json`], named `ErrorJson`.
impl schemars::JsonSchema for Error {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ErrorJson".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        Error::json_schema()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_and_listed() {
        let samples = [
            Error::InvalidTransition {
                subject: "a".into(),
                state: "idle".into(),
                event: "answer".into(),
                message: "m".into(),
            },
            Error::UnknownEntity { kind: "agent".into(), id: "x".into(), message: "m".into() },
            Error::PermissionDenied { role: "agent".into(), permission: "p".into(), message: "m".into() },
            Error::config("f", "m"),
            Error::Validation { errors: vec![], message: "m".into() },
            Error::invalid_input("f", "m"),
            Error::Conflict { resource: "r".into(), holder: "h".into(), message: "m".into() },
            Error::OutOfOrder { subject: "a".into(), last: "l".into(), got: "g".into(), message: "m".into() },
            Error::Scorer { scorer: "s".into(), message: "m".into() },
            Error::Internal { message: "m".into() },
        ];
        let codes: Vec<_> = samples.iter().map(Error::code).collect();
        assert_eq!(codes, Error::CODES);
        for e in &samples {
            assert!(e.details().is_object());
            assert_eq!(e.to_json()["code"], e.code());
        }
    }

    #[test]
    fn core_errors_keep_their_fields() {
        let e: Error = cxkit_core::CoreError::unknown("agent", "a-9").into();
        assert_eq!(e.code(), "UNKNOWN_ENTITY");
        assert_eq!(e.details(), json!({"kind": "agent", "id": "a-9"}));
        assert_eq!(e.message(), "unknown agent `a-9`");
    }

    #[test]
    fn panic_payloads_become_internal() {
        let r = std::panic::catch_unwind(|| panic!("boom {}", 1));
        let e = Error::from_panic(r.unwrap_err().as_ref());
        assert_eq!(e.code(), "INTERNAL");
        assert!(e.to_string().contains("boom 1"));
    }
}
