//! One event as JSON text: the fast reader (`Event::from_json_str`) and
//! serde's path (`serde_json::from_str::<Event>`) accept exactly the same
//! texts and give the same event; an accepted event round-trips.
#![no_main]
use cxkit::Event;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let ours = Event::from_json_str(text);
    let serde = serde_json::from_str::<Event>(text);
    match (&ours, &serde) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "{text:?}"),
        (Err(e), Err(_)) => assert_eq!(e.code(), "INVALID_INPUT"),
        _ => panic!("the two paths disagree on {text:?}: fast {ours:?}, serde {serde:?}"),
    }
    if let Ok(e) = ours {
        let back = serde_json::to_string(&e).expect("an event serializes");
        assert_eq!(Event::from_json_str(&back).expect("its own JSON reads back"), e, "{back}");
    }
});
