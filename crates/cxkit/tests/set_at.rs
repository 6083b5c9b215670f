//! `Event::set_at` is decoding with another `at`: for every event of every
//! conformance vector (every event type), the event decoded from its JSON
//! with `at` set to another instant equals the event decoded from the JSON
//! whose `at` is that instant's text. The Python binding relies on it to
//! decode a shape once (`bindings/python/src/fast.rs`).

use cxkit::Event;
use serde_json::Value;

fn events(v: &Value, out: &mut Vec<Value>) {
    match v {
        Value::Object(m) => {
            if m.get("type").is_some_and(Value::is_string) && m.get("at").is_some_and(Value::is_string) {
                out.push(v.clone());
            }
            for x in m.values() {
                events(x, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| events(x, out)),
        _ => {}
    }
}

#[test]
fn set_at_is_decoding_with_another_at() {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors");
    let mut all = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            events(&v, &mut all);
        }
    }
    let mut types = std::collections::BTreeSet::new();
    let mut checked = 0;
    for ev in &all {
        let Ok(decoded) = Event::from_value(ev) else {
            continue;
        };
        for other in ["2031-07-09T23:59:58.123456789Z", "1999-12-31T00:00:00Z", "2026-03-28T09:00:00.5Z"] {
            let mut moved = ev.clone();
            moved["at"] = Value::String(other.into());
            let want = Event::from_value(&moved).unwrap();
            let mut got = decoded.clone();
            got.set_at(want.at());
            assert_eq!(got, want, "{ev}");
            assert_eq!(got.at(), cxkit::core::time::parse_supported(other).unwrap());
        }
        types.insert(ev["type"].as_str().unwrap().to_owned());
        checked += 1;
    }
    assert!(checked > 100, "{checked}");
    assert!(types.len() >= 40, "{types:?}");
    assert!(types.iter().any(|t| t.starts_with("call.")) && types.iter().any(|t| t.starts_with("chat.")));
}
