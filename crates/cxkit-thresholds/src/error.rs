//! The error of the workplace-monitor rules.
//!
//! Each variant maps onto one family of the facade's `cxkit::Error`
//! (the `From` impl lives in `cxkit::monitor`).

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// One problem of a settings change (WM3, WM4), in the shape of the facade's
/// `FieldError`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// Dotted path of the offending field (`changes[0].metrics[4]`).
    pub field: String,
    /// Stable machine code: `too_many_metrics`, `unknown_metric`,
    /// `wrong_kind`, `duplicate_metric`, `duplicate_entry`, `not_finite`,
    /// `critical_not_beyond_warning`, `out_of_range`.
    pub code: String,
    /// Human-readable explanation.
    pub message: String,
}

impl Problem {
    pub(crate) fn new(field: impl Into<String>, code: &str, message: impl Into<String>) -> Self {
        Problem {
            field: field.into(),
            code: code.to_owned(),
            message: message.into(),
        }
    }
}

/// An error of the workplace monitor. An operation that fails changed nothing.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum MonitorError {
    /// A settings change was rejected; every problem is listed.
    #[error("{}", summary(.0))]
    Validation(Vec<Problem>),
    /// The viewer may not use the monitor, or not this part of it (WM5).
    #[error("{message}")]
    PermissionDenied {
        /// The viewer's role.
        role: String,
        /// What was needed (`workplace_monitor`, `flagship_edition`,
        /// `call_metrics`, `online_metrics`, `org_unit:<id>`).
        permission: String,
        /// Human-readable explanation.
        message: String,
    },
    /// An id names nothing known (an org unit, an agent, a metric).
    #[error("unknown {kind} `{id}`")]
    UnknownEntity {
        /// `org_unit`, `agent` or `metric`.
        kind: &'static str,
        /// The id.
        id: String,
    },
    /// A value is malformed (NaN or infinite).
    #[error("{message}")]
    InvalidInput {
        /// Which value, e.g. `values.a-1.avg_talk_seconds`.
        field: String,
        /// Human-readable explanation.
        message: String,
    },
    /// The `monitor` configuration section is invalid.
    #[error("invalid configuration at `{field}`: {message}")]
    Config {
        /// Dotted path of the offending field, e.g. `monitor.display.roles[0].metrics[4]`.
        field: String,
        /// What is wrong with it.
        message: String,
    },
}

fn summary(problems: &[Problem]) -> String {
    let parts: Vec<String> = problems
        .iter()
        .map(|p| format!("{}: {}", p.field, p.message))
        .collect();
    format!("invalid monitor settings: {}", parts.join("; "))
}

impl MonitorError {
    /// A configuration error built from the first problem of a list, its
    /// field prefixed with `prefix`.
    pub(crate) fn config_from(prefix: &str, problems: Vec<Problem>) -> Self {
        let all: Vec<String> = problems
            .iter()
            .map(|p| format!("{}{}: {}", prefix, p.field, p.message))
            .collect();
        let field = problems
            .first()
            .map(|p| format!("{prefix}{}", p.field))
            .unwrap_or_else(|| prefix.trim_end_matches('.').to_owned());
        MonitorError::Config {
            field,
            message: all.join("; "),
        }
    }
}
