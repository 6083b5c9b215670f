//! cxkit for Kotlin and Swift: [uniffi](https://mozilla.github.io/uniffi-rs/)
//! proc-macro bindings over the cxkit facade (no UDL).
//!
//! Kotlin package `io.cxkit`, Swift module `CxKit` (see `uniffi.toml`).
//! What lives here is glue only — no rule of the domain: each exported
//! object wraps one facade object behind a `Mutex` (uniffi objects are
//! shared across threads), each method runs inside [`guard`] so that neither
//! a facade error nor a panic escapes untyped, and the values crossing the
//! boundary are uniffi Records/Enums that mirror the domain types.
//!
//! **Mirror types.** The domain crates do not depend on uniffi (they are
//! being written without it, and a later pass may add derives behind an
//! optional `uniffi` feature, as matrix-rust-sdk does). Until then this crate
//! declares the boundary types itself:
//! - `#[uniffi::remote(Enum)]` / `#[uniffi::remote(Record)]` re-declarations
//!   of domain types whose fields are public: no conversion code, and the
//!   compiler checks the re-declaration against the real type;
//! - `uniffi::custom_type!` for the typed string ids (`AgentId` is a
//!   `String` in Kotlin/Swift) and for timestamps (`java.time.Instant`,
//!   `Date`);
//! - plain Records with a `From` conversion where a domain type has private
//!   fields or a shape uniffi cannot express.
//!
//! **Unsafe.** Forbidden here as in the whole workspace: the `extern "C"`
//! glue is expanded from uniffi's macros (external code the lint does not
//! look into), and no hand-written code needs `unsafe`.

#![forbid(unsafe_code)]
// `CxError` carries every family's typed fields by value, as uniffi lowers
// it; its size is noise next to the cost of crossing the FFI boundary.
#![allow(clippy::result_large_err)]

uniffi::setup_scaffolding!("cxkit_uniffi");

mod call_center;
mod config;
mod error;
mod escalation;
mod feeds;
mod guard;
mod online;
mod templates;
mod tickets;
mod toolbar;
mod types;

#[cfg(test)]
mod tests;

pub use call_center::{Applied, CallCenter};
pub use config::{Config, TenantSummary};
pub use error::{CxError, FieldError};
pub use escalation::{
    Decision, Escalation, Score, SentimentScorer, builtin_scorer, chinese_scorer, english_scorer,
};
pub use feeds::Feed;
pub use guard::guard;
pub use templates::{FieldValue, Offer, Submission, Template, TemplateField, Templates};
pub use tickets::{
    AgentEntry, AgentTicketView, CustomerTicketDetail, PublicReply, TicketSummary, Tickets,
};
pub use toolbar::{Toolbar, validate_dial};
pub use types::Timestamp;

/// The cxkit version (the workspace version; every binding package carries it).
#[uniffi::export]
pub fn version() -> String {
    cxkit::VERSION.to_owned()
}

/// The one generic conversion between a domain type and its mirror: both
/// have the same serde shape, so the domain value's JSON is the mirror's.
/// Used where a domain type keeps its fields private but serializes them
/// (templates); a mismatch is a bug here, reported as `Internal`.
pub(crate) fn via_serde<T: serde::Serialize, U: serde::de::DeserializeOwned>(
    value: T,
) -> cxkit::Result<U> {
    serde_json::to_value(value)
        .and_then(serde_json::from_value)
        .map_err(|e| cxkit::Error::Internal {
            message: format!("mirror type out of step with the domain type: {e}"),
        })
}

/// Serializes a facade result for the JSON-returning server-side views.
pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> cxkit::Result<String> {
    serde_json::to_string(value).map_err(|e| cxkit::Error::Internal {
        message: format!("serializing a result: {e}"),
    })
}

/// Panics inside the panic guard with `message`: lets a host test check that
/// a Rust panic arrives as `CxError.Internal`, never as a crash. No rule uses it.
#[uniffi::export]
pub fn panic_guard_self_test(message: String) -> Result<(), CxError> {
    guard(|| -> cxkit::Result<()> { panic!("{message}") })
}
