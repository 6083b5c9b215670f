#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod call_center;
pub mod calls;
pub mod config;
pub mod decode;
pub mod error;
pub mod escalation;
mod event_json;
pub mod monitor;
pub mod self_check;
pub mod online;
pub mod one_stream;
pub mod feeds_api;
pub mod templates;
pub mod tickets;

pub use call_center::{Applied, BatchEnded, BatchResult, CallCenter, Event, EventField, Wallboard};
pub use calls::{CallRules, EndedCall, ServiceCalendar, SmsTriggers, Trend, qa_export_csv};
pub use config::Config;
pub use error::{Error, FieldError, Result};
pub use escalation::Escalation;
pub use monitor::Monitor;
pub use self_check::SelfCheck;
pub use online::Handoff;
pub use one_stream::RosterConfig;
pub use feeds_api::{FeedBatch, FeedOutput, FeedProblem};
pub use templates::Templates;
pub use tickets::Tickets;

/// The shared vocabulary (ids, roles, channels, org tree, scopes).
pub use cxkit_core as core;
/// The agent engine.
pub use cxkit_agents as agents;
/// Call rules.
pub use cxkit_calls as call_rules;
/// Workplace-monitor rules.
pub use cxkit_thresholds as thresholds;
/// Ticket rules.
pub use cxkit_tickets as ticket_rules;
/// Template rules.
pub use cxkit_templates as template_rules;
/// Sentiment scorers and escalation policy.
pub use cxkit_escalation as escalation_rules;
/// The online (chat) engine.
pub use cxkit_online as online_rules;
/// FD3: the feed translators (Asterisk queue_log and AMI, FreeSWITCH, Amazon Connect).
pub use cxkit_feeds as feeds;

/// The crate version, shared by every binding package.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The Rust blocks of the top-level README and of every `docs/*.md`,
/// compiled and run as doctests (`tests/docs.rs` fails when a doc is missing
/// from this list).
#[cfg(doctest)]
// `no-run`, `config=SECTION`: the words of the docs' own block runners
// (scripts/doc_snippets.py, tests/docs.rs) on non-Rust blocks.
#[allow(rustdoc::invalid_codeblock_attributes)]
pub mod repository_docs {
    macro_rules! docs {
        ($($name:ident = $path:literal,)*) => { $( #[doc = include_str!($path)] pub struct $name; )* };
    }
    docs! {
    Readme = "../../../README.md",
    Architecture = "../../../docs/ARCHITECTURE.md",
    Agents = "../../../docs/agents.md",
    BindingsMobile = "../../../docs/bindings-mobile.md",
    BindingsNode = "../../../docs/bindings-node.md",
    BindingsPython = "../../../docs/bindings-python.md",
    Calls = "../../../docs/calls.md",
    Configuration = "../../../docs/configuration.md",
    Decisions = "../../../docs/decisions.md",
    Escalation = "../../../docs/escalation.md",
    Features = "../../../docs/features.md",
    Feeds = "../../../docs/feeds.md",
    Hardening = "../../../docs/hardening.md",
    Monitor = "../../../docs/monitor.md",
    Online = "../../../docs/online.md",
    Packaging = "../../../docs/packaging.md",
    Templates = "../../../docs/templates.md",
    Tickets = "../../../docs/tickets.md",
    Vectors = "../../../docs/vectors.md",
    }
}
