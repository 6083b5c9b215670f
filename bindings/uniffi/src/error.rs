//! [`CxError`]: the one error Kotlin and Swift see, one variant per facade
//! error family (`cxkit::Error`), converted in exactly one place
//! (`From<cxkit::Error>`), as application-services does with its `ApiError`.
//!
//! Every variant carries `code` (the stable family code, e.g.
//! `INVALID_TRANSITION`), `reason` (the human message) and `details` (the
//! JSON object of `cxkit::Error::details`, for tooling that handles every
//! family alike), then the family's typed fields (`state`, `field`, …).
//! The human message is called `reason` because the Kotlin exception class
//! uniffi generates already defines `message` (Throwable) and a field of
//! that name would not compile.

use serde::Serialize;

/// One problem with one field of an input (see `CxError::Validation`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, uniffi::Record)]
pub struct FieldError {
    /// Dotted path of the field (`phone`, `fields[2].options`).
    pub field: String,
    /// Stable machine code of the problem (`required`, `too_long`, …).
    pub code: String,
    /// Human-readable explanation.
    pub message: String,
}

/// The error of every cxkit call: Kotlin `CxException.<Variant>`, Swift
/// `CxError.<Variant>`. An operation that throws has changed nothing.
#[derive(Debug, Clone, PartialEq, thiserror::Error, uniffi::Error)]
pub enum CxError {
    /// The event is impossible in the subject's current state.
    #[error("{reason}")]
    InvalidTransition {
        /// `INVALID_TRANSITION`.
        code: String,
        /// Human-readable explanation.
        reason: String,
        /// `{"subject", "state", "event"}` as a JSON object.
        details: String,
        /// Who or what the event was for.
        subject: String,
        /// The subject's current state.
        state: String,
        /// The refused event or action.
        event: String,
    },
    /// An id names nothing known (or nothing the caller may know of).
    #[error("{reason}")]
    UnknownEntity {
        /// `UNKNOWN_ENTITY`.
        code: String,
        /// Human-readable explanation.
        reason: String,
        /// `{"kind", "id"}` as a JSON object.
        details: String,
        /// Kind of thing (`agent`, `ticket`, `template`, …).
        kind: String,
        /// The id.
        id: String,
    },
    /// The caller's role or edition lacks a permission.
    #[error("{reason}")]
    PermissionDenied {
        /// `PERMISSION_DENIED`.
        code: String,
        /// Human-readable explanation.
        reason: String,
        /// `{"role", "permission"}` as a JSON object.
        details: String,
        /// The role that asked.
        role: String,
        /// The permission or module that was needed.
        permission: String,
    },
    /// A configuration is malformed or inconsistent.
    #[error("{reason}")]
    Config {
        /// `CONFIG_ERROR`.
        code: String,
        /// Human-readable explanation.
        reason: String,
        /// `{"field", "line", "column"}` as a JSON object.
        details: String,
        /// Dotted path of the offending value (`tenant.agents[3].org_unit`).
        field: String,
        /// Line of the value when the configuration was JSON or TOML text.
        line: Option<u32>,
        /// Column of the value when the configuration was JSON or TOML text.
        column: Option<u32>,
    },
    /// An input failed validation; every problem is listed.
    #[error("{reason}")]
    Validation {
        /// `VALIDATION_ERROR`.
        code: String,
        /// Human-readable summary.
        reason: String,
        /// `{"errors": [...]}` as a JSON object.
        details: String,
        /// Each field's problem.
        errors: Vec<FieldError>,
    },
    /// A single input value is malformed (a bad dial string, a NaN, …).
    #[error("{reason}")]
    InvalidInput {
        /// `INVALID_INPUT`.
        code: String,
        /// Human-readable explanation.
        reason: String,
        /// `{"field"}` as a JSON object.
        details: String,
        /// Which input or field.
        field: String,
    },
    /// The request conflicts with what someone else holds.
    #[error("{reason}")]
    Conflict {
        /// `CONFLICT`.
        code: String,
        /// Human-readable explanation.
        reason: String,
        /// `{"resource", "holder"}` as a JSON object.
        details: String,
        /// What is contended.
        resource: String,
        /// Who holds it, if known.
        holder: String,
    },
    /// An event is older than the last one accepted for its subject.
    #[error("{reason}")]
    OutOfOrder {
        /// `OUT_OF_ORDER`.
        code: String,
        /// Human-readable explanation.
        reason: String,
        /// `{"subject", "last", "got"}` as a JSON object.
        details: String,
        /// Who the event was for.
        subject: String,
        /// Time of the last accepted event (RFC 3339).
        last: String,
        /// Time of the refused event (RFC 3339).
        got: String,
    },
    /// A sentiment scorer failed or returned an invalid score.
    #[error("{reason}")]
    Scorer {
        /// `SCORER_ERROR`.
        code: String,
        /// Human-readable explanation.
        reason: String,
        /// `{"scorer"}` as a JSON object.
        details: String,
        /// The scorer's name.
        scorer: String,
    },
    /// A bug in cxkit (a caught panic). Please report it.
    #[error("internal error: {reason}")]
    Internal {
        /// `INTERNAL`.
        code: String,
        /// What was caught.
        reason: String,
        /// `{}`.
        details: String,
    },
}

impl From<cxkit::Error> for CxError {
    fn from(e: cxkit::Error) -> Self {
        use cxkit::Error as E;
        let code = e.code().to_owned();
        let reason = e.message().to_owned();
        let details = e.details().to_string();
        match e {
            E::InvalidTransition {
                subject,
                state,
                event,
                ..
            } => CxError::InvalidTransition {
                code,
                reason,
                details,
                subject,
                state,
                event,
            },
            E::UnknownEntity { kind, id, .. } => CxError::UnknownEntity {
                code,
                reason,
                details,
                kind,
                id,
            },
            E::PermissionDenied {
                role, permission, ..
            } => CxError::PermissionDenied {
                code,
                reason,
                details,
                role,
                permission,
            },
            E::Config {
                field, line, column, ..
            } => CxError::Config {
                code,
                reason,
                details,
                field,
                line,
                column,
            },
            E::Validation { errors, .. } => CxError::Validation {
                code,
                reason,
                details,
                errors: errors
                    .into_iter()
                    .map(|f| FieldError {
                        field: f.field,
                        code: f.code,
                        message: f.message,
                    })
                    .collect(),
            },
            E::InvalidInput { field, .. } => CxError::InvalidInput {
                code,
                reason,
                details,
                field,
            },
            E::Conflict {
                resource, holder, ..
            } => CxError::Conflict {
                code,
                reason,
                details,
                resource,
                holder,
            },
            E::OutOfOrder {
                subject, last, got, ..
            } => CxError::OutOfOrder {
                code,
                reason,
                details,
                subject,
                last,
                got,
            },
            E::Scorer { scorer, .. } => CxError::Scorer {
                code,
                reason,
                details,
                scorer,
            },
            E::Internal { .. } => CxError::Internal {
                code,
                reason,
                details,
            },
            // cxkit::Error is non_exhaustive: a family added later still
            // reaches the host typed, as Internal with its own code.
            #[allow(unreachable_patterns)]
            _ => CxError::Internal {
                code,
                reason,
                details,
            },
        }
    }
}

/// A callback implemented in Kotlin/Swift threw something that is not a
/// `CxError` (e.g. a `RuntimeException` in a custom scorer).
impl From<uniffi::UnexpectedUniFFICallbackError> for CxError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        cxkit::Error::Scorer {
            scorer: "foreign".to_owned(),
            message: e.reason,
        }
        .into()
    }
}

impl CxError {
    /// The stable family code (`INVALID_TRANSITION`, …).
    pub fn code(&self) -> &str {
        match self {
            CxError::InvalidTransition { code, .. }
            | CxError::UnknownEntity { code, .. }
            | CxError::PermissionDenied { code, .. }
            | CxError::Config { code, .. }
            | CxError::Validation { code, .. }
            | CxError::InvalidInput { code, .. }
            | CxError::Conflict { code, .. }
            | CxError::OutOfOrder { code, .. }
            | CxError::Scorer { code, .. }
            | CxError::Internal { code, .. } => code,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_family_keeps_code_and_fields() {
        let samples = [
            cxkit::Error::InvalidTransition {
                subject: "a".into(),
                state: "idle".into(),
                event: "answer".into(),
                message: "m".into(),
            },
            cxkit::Error::UnknownEntity {
                kind: "agent".into(),
                id: "x".into(),
                message: "m".into(),
            },
            cxkit::Error::PermissionDenied {
                role: "agent".into(),
                permission: "p".into(),
                message: "m".into(),
            },
            cxkit::Error::config("f", "m"),
            cxkit::Error::Validation {
                errors: vec![cxkit::FieldError {
                    field: "phone".into(),
                    code: "required".into(),
                    message: "m".into(),
                }],
                message: "m".into(),
            },
            cxkit::Error::invalid_input("f", "m"),
            cxkit::Error::Conflict {
                resource: "r".into(),
                holder: "h".into(),
                message: "m".into(),
            },
            cxkit::Error::OutOfOrder {
                subject: "a".into(),
                last: "l".into(),
                got: "g".into(),
                message: "m".into(),
            },
            cxkit::Error::Scorer {
                scorer: "s".into(),
                message: "m".into(),
            },
            cxkit::Error::Internal {
                message: "m".into(),
            },
        ];
        for e in samples {
            let want_code = e.code();
            let want_details = e.details();
            let x = CxError::from(e);
            assert_eq!(x.code(), want_code);
            let details: serde_json::Value = match &x {
                CxError::InvalidTransition { details, state, .. } => {
                    assert_eq!(state, "idle");
                    serde_json::from_str(details).expect("details is JSON")
                }
                CxError::Validation {
                    details, errors, ..
                } => {
                    assert_eq!(errors[0].code, "required");
                    serde_json::from_str(details).expect("details is JSON")
                }
                CxError::UnknownEntity { details, .. }
                | CxError::PermissionDenied { details, .. }
                | CxError::Config { details, .. }
                | CxError::InvalidInput { details, .. }
                | CxError::Conflict { details, .. }
                | CxError::OutOfOrder { details, .. }
                | CxError::Scorer { details, .. }
                | CxError::Internal { details, .. } => {
                    serde_json::from_str(details).expect("details is JSON")
                }
            };
            assert_eq!(details, want_details);
        }
    }

    #[test]
    fn a_panic_becomes_internal() {
        let e = crate::panic_guard_self_test("boom".into()).expect_err("must fail");
        assert_eq!(e.code(), "INTERNAL");
        assert!(e.to_string().contains("boom"), "{e}");
    }
}
