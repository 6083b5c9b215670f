//! The one error type of the translators: every error names the record
//! (line number or record index, as the reader counts) and the field.

/// A source record that cannot be translated. Translating it changed nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedError {
    /// The record is malformed: wrong field count, a non-numeric epoch, a
    /// frame without `Event:`, a field that does not parse.
    #[error("record {record}: field `{field}`: {message}")]
    Malformed {
        /// The record (line number, frame number, record index; 1-based).
        record: u64,
        /// The field (a column name, a header, a JSON path).
        field: String,
        /// What is wrong.
        message: String,
    },
    /// An event type the translator does not know.
    #[error("record {record}: unknown event `{event}`")]
    UnknownEvent {
        /// The record.
        record: u64,
        /// The source's event name.
        event: String,
    },
    /// The record is about a call that already ended.
    #[error("record {record}: call `{call}` already ended")]
    CallEnded {
        /// The record.
        record: u64,
        /// The source's call id.
        call: String,
    },
    /// The record is earlier than the last one of the same call or agent.
    #[error("record {record}: {subject} is at {got}, before its last record at {last}")]
    OutOfOrder {
        /// The record.
        record: u64,
        /// The call or agent.
        subject: String,
        /// The last time seen.
        last: String,
        /// This record's time.
        got: String,
    },
    /// `--from` names no source.
    #[error("unknown source `{name}`, expected one of {known}")]
    UnknownSource {
        /// The name given.
        name: String,
        /// The names accepted.
        known: String,
    },
}

impl FeedError {
    /// The record the error is about (0 when it is about no record).
    pub fn record(&self) -> u64 {
        match self {
            FeedError::Malformed { record, .. }
            | FeedError::UnknownEvent { record, .. }
            | FeedError::CallEnded { record, .. }
            | FeedError::OutOfOrder { record, .. } => *record,
            FeedError::UnknownSource { .. } => 0,
        }
    }

    /// A short machine code (`MALFORMED`, `UNKNOWN_EVENT`, …).
    pub fn code(&self) -> &'static str {
        match self {
            FeedError::Malformed { .. } => "MALFORMED",
            FeedError::UnknownEvent { .. } => "UNKNOWN_EVENT",
            FeedError::CallEnded { .. } => "CALL_ENDED",
            FeedError::OutOfOrder { .. } => "OUT_OF_ORDER",
            FeedError::UnknownSource { .. } => "UNKNOWN_SOURCE",
        }
    }
}
