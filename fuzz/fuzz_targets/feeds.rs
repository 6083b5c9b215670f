//! FD3: any bytes as the text of each source's feed, cut into chunks at
//! input-chosen places, through a learning call center: nothing panics,
//! every skipped record names its record, and after every chunk the board
//! and the call tracker agree (FD1).
#![no_main]
use cxkit::feeds::{Feed, Source};
use cxkit::{CallCenter, Config, SelfCheck};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn pristine() -> &'static CallCenter {
    static C: OnceLock<CallCenter> = OnceLock::new();
    C.get_or_init(|| CallCenter::new(&Config::learning_feed("fuzz", "UTC")).expect("fuzz center"))
}

fuzz_target!(|data: &[u8]| {
    let Some((&head, body)) = data.split_first() else { return };
    let source = Source::ALL[usize::from(head) % Source::ALL.len()];
    let text = String::from_utf8_lossy(body);
    let mut center = pristine().clone();
    let mut feed = Feed::new(source, cxkit::core::Tz::UTC);
    let now = chrono::DateTime::from_timestamp(1_774_659_600, 0);
    // Chunks of 1..=64 bytes, at char boundaries, sizes from the input.
    let mut rest: &str = &text;
    let mut k = 0usize;
    while !rest.is_empty() {
        let mut n = (usize::from(body.get(k).copied().unwrap_or(7)) % 64 + 1).min(rest.len());
        while !rest.is_char_boundary(n) {
            n += 1;
        }
        let (chunk, tail) = rest.split_at(n);
        rest = tail;
        k += 1;
        let b = center.apply_feed(&mut feed, chunk, now);
        assert!(b.skipped.iter().all(|s| !s.message.is_empty()));
        if let Err(why) = center.check_one_stream() {
            panic!("{}: {why}", source.as_str());
        }
    }
    center.finish_feed(&mut feed, now);
    if let Err(why) = center.check_one_stream() {
        panic!("{}: {why}", source.as_str());
    }
    if let Err(why) = center.self_check() {
        panic!("{}: {why}", source.as_str());
    }
});
