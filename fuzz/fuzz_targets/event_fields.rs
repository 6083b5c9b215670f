//! An event given field by field (a row of Node's and Python's columnar
//! batches): `Event::from_fields` gives what the JSON object of the same
//! fields gives, duplicates and all.
#![no_main]
use cxkit::{Event, EventField};
use libfuzzer_sys::fuzz_target;

const KEYS: &[&str] = &[
    "type", "agent", "at", "event_id", "status", "call", "extension", "supervisor", "target", "number",
    "by_hand", "ended_by", "skill_group", "to", "caller", "callee", "direction", "mode", "hotline", "x",
];

fuzz_target!(|data: &[u8]| {
    // Fields separated by 0xFF; in each, byte 0 picks the key (and whether
    // the value is a string's contents or JSON text), the rest is the value.
    let mut fields = Vec::new();
    for chunk in data.split(|b| *b == 0xFF) {
        let Some((&head, rest)) = chunk.split_first() else { continue };
        let Ok(value) = std::str::from_utf8(rest) else { return };
        let key = KEYS[usize::from(head) % KEYS.len()];
        fields.push((key, head >= 128, value));
    }
    // The object text of the same fields; a JSON field must be one value,
    // or it could smuggle members into the object text.
    let mut object = String::from("{");
    for (i, (key, is_json, value)) in fields.iter().enumerate() {
        if *is_json && serde_json::from_str::<serde::de::IgnoredAny>(value).is_err() {
            return;
        }
        if i > 0 {
            object.push(',');
        }
        object.push_str(&serde_json::to_string(key).expect("key"));
        object.push(':');
        if *is_json {
            object.push_str(value);
        } else {
            object.push_str(&serde_json::to_string(value).expect("string"));
        }
    }
    object.push('}');
    let as_fields: Vec<(&str, EventField<'_>)> = fields
        .iter()
        .map(|(k, is_json, v)| (*k, if *is_json { EventField::Json(v) } else { EventField::Str(v) }))
        .collect();
    let ours = Event::from_fields(&as_fields);
    let text = Event::from_json_str(&object);
    match (&ours, &text) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "{object}"),
        (Err(_), Err(_)) => {}
        _ => panic!("fields and object disagree on {object}: fields {ours:?}, object {text:?}"),
    }
});
