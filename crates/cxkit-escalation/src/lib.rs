#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod builtin;
pub mod chinese;
pub mod config;
pub mod dataset;
pub mod english;
pub mod error;
mod fasthash;
pub mod score;
pub mod tracker;
pub mod zh_features;
#[cfg(test)]
mod zh_train;

pub use builtin::BuiltinScorer;
pub use chinese::ChineseScorer;
pub use config::{ChannelSwitches, EscalationConfig, Policy};
pub use english::EnglishScorer;
pub use error::EscalationError;
pub use score::{Label, Score, ScoreInput, ScorerFailure, SentimentScorer, checked_score};
pub use tracker::{CustomerMessage, Decision, Reason, Route, Tracker};
#[cfg(test)]
mod quality;
#[cfg(test)]
mod tests;
