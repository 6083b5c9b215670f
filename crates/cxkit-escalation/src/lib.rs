#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod builtin;
pub mod chinese;
pub mod config;
pub mod dataset;
pub mod english;
mod entok;
pub mod error;
mod fasthash;
pub mod intent;
pub mod model;
pub mod rules;
pub mod score;
pub mod signal;
pub mod tracker;
#[cfg(any(test, feature = "train"))]
pub mod train;
mod wordtab;
pub mod zh_features;

/// Scorers and the human-request detector read at most this many bytes of
/// a message (the first 4 KiB, cut at a character boundary): a pasted
/// megabyte is scored on its start, in bounded time, never refused.
pub const MAX_TEXT_BYTES: usize = 4096;

/// `text` cut to [`MAX_TEXT_BYTES`] at a character boundary.
pub fn capped(text: &str) -> &str {
    prefix_at_most(text, MAX_TEXT_BYTES)
}

/// The longest prefix of `text` of at most `max` bytes that ends at a
/// character boundary.
pub(crate) fn prefix_at_most(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

pub use builtin::BuiltinScorer;
pub use chinese::ChineseScorer;
pub use config::{ChannelSwitches, EscalationConfig, Policy};
pub use english::EnglishScorer;
pub use error::EscalationError;
pub use score::{Label, Score, ScoreInput, ScorerFailure, SentimentScorer, checked_score};
pub use tracker::{CustomerMessage, Decision, Reason, Route, Tracker};
#[cfg(test)]
mod en_reference;
#[cfg(test)]
mod quality;
#[cfg(test)]
mod tests;
