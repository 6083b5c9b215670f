//! FD3 in the facade: a feed's text in, the call center's state changed —
//! what a service tailing a queue_log or reading an AMI socket calls, and
//! what the bindings expose (they stay thin: the translators live in
//! `cxkit-feeds`, the rules here).

use crate::call_center::{BatchResult, CallCenter, Event};
use cxkit_core::Timestamp;
use cxkit_feeds::{Feed, FeedError, Pushed};
use serde::Serialize;

/// A feed record that could not be read or translated (skipped).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeedProblem {
    /// The record's number (the line it starts on, counted over the feed).
    pub record: u64,
    /// `MALFORMED`, `UNKNOWN_EVENT`, `CALL_ENDED`, `OUT_OF_ORDER`.
    pub code: &'static str,
    /// What is wrong, naming the field.
    pub message: String,
}

impl From<&FeedError> for FeedProblem {
    fn from(e: &FeedError) -> Self {
        FeedProblem {
            record: e.record(),
            code: e.code(),
            message: e.to_string(),
        }
    }
}

/// What one chunk of feed text did: the records it completed, those
/// skipped, and the batch result of their events (refused events by index,
/// the calls they ended).
///
/// JSON: `{"records": 12, "skipped": [{"record", "code", "message"}], "batch": {…BatchResult}}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeedBatch {
    /// Records the chunk completed.
    pub records: u64,
    /// Records that could not be read or translated.
    pub skipped: Vec<FeedProblem>,
    /// The events' batch result.
    pub batch: BatchResult,
}

impl CallCenter {
    /// Feeds a chunk of `feed`'s text (any size; a line split between
    /// chunks waits for the rest) and applies the events it completes.
    /// `now` stands for the time of AMI frames without a `Timestamp:`
    /// header. Bad records are skipped and listed; each event is atomic.
    pub fn apply_feed(&mut self, feed: &mut Feed, chunk: &str, now: Option<Timestamp>) -> FeedBatch {
        let p = feed.push(chunk, now);
        self.apply_pushed(p)
    }

    /// Ends `feed`'s input: its last line and open frame are read and applied.
    pub fn finish_feed(&mut self, feed: &mut Feed, now: Option<Timestamp>) -> FeedBatch {
        let p = feed.finish(now);
        self.apply_pushed(p)
    }

    fn apply_pushed(&mut self, p: Pushed) -> FeedBatch {
        let events: Vec<Event> = p.events.into_iter().map(Event::from).collect();
        FeedBatch {
            records: p.records,
            skipped: p.errors.iter().map(FeedProblem::from).collect(),
            batch: self.apply_many(&events),
        }
    }
}
