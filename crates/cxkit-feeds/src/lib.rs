#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod ami;
pub mod connect;
pub mod error;
pub mod feed;
pub mod freeswitch;
pub mod queue_log;
mod state;

pub use error::FeedError;
pub use feed::{Feed, Pushed, Record, Records, Translator, records};

use cxkit_agents::AgentEvent;
use cxkit_calls::CallEvent;

/// One event a translator produced: an agent event (login, logout, status,
/// …) or a call event (`call.*`). The facade turns it into its `Event`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum FeedEvent {
    /// An agent-only happening (login, logout, pause, …).
    Agent(AgentEvent),
    /// A call happening (FD1: it moves the agents it names too).
    Call(CallEvent),
}

impl From<AgentEvent> for FeedEvent {
    fn from(e: AgentEvent) -> Self {
        FeedEvent::Agent(e)
    }
}

impl From<CallEvent> for FeedEvent {
    fn from(e: CallEvent) -> Self {
        FeedEvent::Call(e)
    }
}

/// The sources a translator exists for (the `--from` of `cxkit replay`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// Asterisk `queue_log` (pipe-delimited lines, or database rows).
    AsteriskQueueLog,
    /// Asterisk Manager Interface frames.
    AsteriskAmi,
    /// FreeSWITCH `mod_callcenter` `callcenter::info` events.
    Freeswitch,
    /// Amazon Connect agent event stream records.
    Connect,
}

impl Source {
    /// Every source.
    pub const ALL: [Source; 4] = [
        Source::AsteriskQueueLog,
        Source::AsteriskAmi,
        Source::Freeswitch,
        Source::Connect,
    ];

    /// Its name (`asterisk-queue-log`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Source::AsteriskQueueLog => "asterisk-queue-log",
            Source::AsteriskAmi => "asterisk-ami",
            Source::Freeswitch => "freeswitch",
            Source::Connect => "connect",
        }
    }

    /// The source of a name; the error lists the names.
    pub fn parse(name: &str) -> Result<Source, FeedError> {
        Source::ALL.into_iter().find(|s| s.as_str() == name).ok_or_else(|| FeedError::UnknownSource {
            name: name.to_owned(),
            known: Source::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "),
        })
    }
}

/// A stable event id for the `k`-th event made from one source record
/// (`source` names the adapter, `key` identifies the record): the same
/// record always gives the same ids, so re-reading it is a duplicate.
pub fn event_id(source: &str, key: &str, k: usize) -> String {
    format!("{source}:{key}#{k}")
}
