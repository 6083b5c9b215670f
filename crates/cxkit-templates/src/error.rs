//! Errors of the template rules and the per-field validation problems.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The machine code of one field problem (TM1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FieldErrorCode {
    /// A required field is missing or blank.
    Required,
    /// Longer than the field's `max_length`.
    TooLong,
    /// Not a phone number.
    BadPhone,
    /// Not an e-mail address.
    BadEmail,
    /// Not a decimal number.
    BadNumber,
    /// Not an existing `YYYY-MM-DD` date.
    BadDate,
    /// Not one of the field's options (or chosen twice).
    BadOption,
    /// The template has no such field.
    UnknownField,
    /// A string where a list is due, or the other way round.
    WrongType,
}

impl FieldErrorCode {
    /// The stable snake_case code.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldErrorCode::Required => "required",
            FieldErrorCode::TooLong => "too_long",
            FieldErrorCode::BadPhone => "bad_phone",
            FieldErrorCode::BadEmail => "bad_email",
            FieldErrorCode::BadNumber => "bad_number",
            FieldErrorCode::BadDate => "bad_date",
            FieldErrorCode::BadOption => "bad_option",
            FieldErrorCode::UnknownField => "unknown_field",
            FieldErrorCode::WrongType => "wrong_type",
        }
    }
}

/// One problem with one field of a submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FieldError {
    /// The field key; `key[i]` for one element of a multi-choice list.
    pub field: String,
    /// What is wrong.
    pub code: FieldErrorCode,
    /// Human-readable explanation.
    pub message: String,
}

/// Why a template operation was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum TemplateError {
    /// The configuration is inconsistent; `field` is a dotted path inside
    /// the `templates` section.
    #[error("invalid templates configuration at `{field}`: {message}")]
    Config {
        /// Dotted path.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// No template has this id.
    #[error("unknown template `{id}`")]
    UnknownTemplate {
        /// The id.
        id: String,
    },
    /// No such channel instance is configured.
    #[error("unknown channel instance `{channel}/{id}`")]
    UnknownChannelInstance {
        /// Channel kind.
        channel: String,
        /// Instance id.
        id: String,
    },
    /// The template exists but is not offered on this channel instance.
    #[error(
        "template `{template}` is not offered on channel instance `{instance}`; offered: {offered}"
    )]
    NotOffered {
        /// The template picked.
        template: String,
        /// `channel/id`.
        instance: String,
        /// The offered ids, comma-separated.
        offered: String,
    },
    /// The submission is not a JSON object.
    #[error("a submission must be a JSON object of field values, got {got}")]
    NotAnObject {
        /// The JSON type given.
        got: &'static str,
    },
    /// The submission failed validation; every problem is listed.
    #[error("{} field(s) invalid: {}", errors.len(), errors.iter().map(|e| format!("{} ({})", e.field, e.code.as_str())).collect::<Vec<_>>().join(", "))]
    Validation {
        /// Every problem, in template field order, then unknown fields.
        errors: Vec<FieldError>,
    },
}
