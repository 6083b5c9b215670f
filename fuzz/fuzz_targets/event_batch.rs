//! A JSON array of events: `Event::many_from_json_str` (one pass when it can)
//! and serde's `Vec<Event>` accept the same texts and give the same events.
#![no_main]
use cxkit::Event;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let ours = Event::many_from_json_str(text);
    let serde = serde_json::from_str::<Vec<Event>>(text);
    match (&ours, &serde) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "{text:?}"),
        (Err(e), Err(_)) => assert_eq!(e.code(), "INVALID_INPUT"),
        _ => panic!("the two paths disagree on {text:?}: fast {ours:?}, serde {serde:?}"),
    }
});
