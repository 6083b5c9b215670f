//! FD3 through the facade: feed text in chunks of any size gives the same
//! result as the whole text; re-reading a feed changes nothing; every
//! fixture of every source replays with the FD1 invariant intact.

#![allow(clippy::unwrap_used)]

use cxkit::feeds::{Feed, Source};
use cxkit::{CallCenter, Config};
use proptest::prelude::*;

fn fixture(path: &str) -> String {
    std::fs::read_to_string(format!("{}/../../tests/feeds/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

const FIXTURES: &[(Source, &str)] = &[
    (Source::AsteriskQueueLog, "asterisk-queue-log/asterisk2slack_queue_log"),
    (Source::AsteriskQueueLog, "asterisk-queue-log/ringall-16.queue_log"),
    (Source::AsteriskQueueLog, "asterisk-queue-log/exits-16.queue_log"),
    (Source::AsteriskQueueLog, "asterisk-queue-log/asterisk14.queue_log"),
    (Source::AsteriskAmi, "asterisk-ami/queue-16.ami"),
    (Source::Freeswitch, "freeswitch/ringall-answered.txt"),
    (Source::Freeswitch, "freeswitch/abandon-ringing.txt"),
    (Source::Freeswitch, "freeswitch/session.json"),
    (Source::Connect, "connect/inbound-acw.json"),
    (Source::Connect, "connect/missed.json"),
    (Source::Connect, "connect/hold.json"),
];

/// A tenant that learns its roster from the feed (as `cxkit replay` does).
fn learning() -> Config {
    Config::learning_feed("feeds", "America/Los_Angeles")
}

/// Replays `text` in chunks cut at `cuts` (byte offsets, any order);
/// returns the JSON of every batch's ended calls and the final snapshot.
fn replay(source: Source, text: &str, cuts: &[usize]) -> (Vec<serde_json::Value>, serde_json::Value, u64) {
    let mut center = CallCenter::new(&learning()).unwrap();
    let mut feed = Feed::new(source, center.tenant().tz);
    let mut at: Vec<usize> = cuts.iter().map(|c| c % (text.len() + 1)).filter(|c| text.is_char_boundary(*c)).collect();
    at.push(0);
    at.push(text.len());
    at.sort_unstable();
    at.dedup();
    let mut ended = Vec::new();
    let mut records = 0;
    for w in at.windows(2) {
        let b = center.apply_feed(&mut feed, &text[w[0]..w[1]], None);
        records += b.records;
        ended.extend(b.batch.ended_calls.iter().map(|e| serde_json::to_value(&e.call).unwrap()));
        center.check_one_stream().unwrap();
    }
    let b = center.finish_feed(&mut feed, None);
    records += b.records;
    ended.extend(b.batch.ended_calls.iter().map(|e| serde_json::to_value(&e.call).unwrap()));
    (ended, center.snapshot(), records)
}

#[test]
fn every_fixture_replays_with_the_one_stream_invariant() {
    for (source, path) in FIXTURES {
        let (ended, _, records) = replay(*source, &fixture(path), &[]);
        assert!(records > 0, "{path}: no record read");
        assert!(!ended.is_empty(), "{path}: no call ended");
    }
}

#[test]
fn rereading_a_feed_changes_nothing() {
    for (source, path) in FIXTURES {
        let text = fixture(path);
        let mut center = CallCenter::new(&learning()).unwrap();
        let zone = center.tenant().tz;
        let mut first = Feed::new(*source, zone);
        center.apply_feed(&mut first, &text, None);
        center.finish_feed(&mut first, None);
        let once = center.snapshot();
        // The same text again, read by a fresh translator (a restart).
        let mut again = Feed::new(*source, zone);
        let a = center.apply_feed(&mut again, &text, None);
        let b = center.finish_feed(&mut again, None);
        assert!(a.batch.ended_calls.is_empty() && b.batch.ended_calls.is_empty(), "{path}: a call ended twice");
        assert_eq!(center.snapshot(), once, "{path}: re-reading changed the state");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// A feed cut into chunks anywhere (mid-line, mid-frame) gives what the
    /// whole text gives.
    #[test]
    fn chunks_of_any_size_give_what_the_whole_text_gives(k in 0usize..12, cuts in proptest::collection::vec(0usize..100_000, 0..40)) {
        let (source, path) = FIXTURES[k % FIXTURES.len()];
        let text = fixture(path);
        let whole = replay(source, &text, &[]);
        let cut = replay(source, &text, &cuts);
        prop_assert_eq!(cut, whole, "{}", path);
    }
}
