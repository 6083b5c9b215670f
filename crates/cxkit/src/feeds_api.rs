//! FD3 in the facade: a feed's text in, the call center's state changed —
//! what a service tailing a queue_log or reading an AMI socket calls, and
//! what the bindings expose (they stay thin: the translators live in
//! `cxkit-feeds`, the rules here).

use crate::call_center::{BatchResult, CallCenter, Event};
use cxkit_core::Timestamp;
use cxkit_feeds::{Feed, FeedError, Pushed};
use serde::Serialize;

/// A feed record that could not be read or translated (skipped).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct FeedProblem {
    /// The record's number (the line it starts on, counted over the feed).
    pub record: u64,
    /// `MALFORMED`, `UNKNOWN_EVENT`, `CALL_ENDED`, `OUT_OF_ORDER`.
    #[schemars(extend("enum" = ["MALFORMED", "UNKNOWN_EVENT", "CALL_ENDED", "OUT_OF_ORDER"]))]
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
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
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

/// What a chunk of feed text translates to, without a call center: the
/// events (in the JSON shape `CallCenter::apply` reads) and the records
/// skipped.
///
/// JSON: `{"records": 3, "events": [{"type": "call.queued", …}], "skipped": [{"record", "code", "message"}]}`.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct FeedOutput {
    /// Records completed.
    pub records: u64,
    /// The events, in order.
    pub events: Vec<Event>,
    /// Records that could not be read or translated.
    pub skipped: Vec<FeedProblem>,
}

impl From<Pushed> for FeedOutput {
    fn from(p: Pushed) -> Self {
        FeedOutput {
            records: p.records,
            skipped: p.errors.iter().map(FeedProblem::from).collect(),
            events: p.events.into_iter().map(Event::from).collect(),
        }
    }
}

/// A feed of the source named `source` (`asterisk-queue-log`,
/// `asterisk-ami`, `freeswitch`, `connect`); `time_zone` (IANA, default
/// UTC) is the zone of queue_log database rows' text times. Errors:
/// `INVALID_INPUT` naming `source` or `time_zone`.
pub fn open_feed(source: &str, time_zone: Option<&str>) -> crate::Result<Feed> {
    let s = cxkit_feeds::Source::parse(source).map_err(|e| crate::Error::invalid_input("source", e.to_string()))?;
    let tz = match time_zone {
        None => cxkit_core::Tz::UTC,
        Some(z) => z
            .parse()
            .map_err(|_| crate::Error::invalid_input("time_zone", format!("unknown time zone `{z}`")))?,
    };
    Ok(Feed::new(s, tz))
}

/// Translates a chunk of `feed`'s text (see [`CallCenter::apply_feed`]).
pub fn translate(feed: &mut Feed, chunk: &str, now: Option<Timestamp>) -> FeedOutput {
    feed.push(chunk, now).into()
}

/// Ends `feed`'s input (see [`CallCenter::finish_feed`]).
pub fn finish(feed: &mut Feed, now: Option<Timestamp>) -> FeedOutput {
    feed.finish(now).into()
}

/// A feed has no derived state to check: after a panic a binding caught
/// in one of its calls, the feed's lock serves it again (the text not yet
/// read and the translator's call state are plain data; the events of the
/// chunk that panicked are lost with its result).
impl crate::SelfCheck for Feed {}
