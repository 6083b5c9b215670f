//! #17 item 4: the table of `docs/configuration.md` that sets the example
//! configuration against the empty one must be true — one row per section
//! of `Config`, and in each row exactly the keys where the two differ.
#![allow(clippy::unwrap_used, missing_docs)]

use cxkit::Config;
use serde_json::Value;
use std::collections::BTreeSet;

/// `(section, keys that differ)` for each row of the marked table.
fn table() -> Vec<(String, BTreeSet<String>)> {
    let doc = include_str!("../../../docs/configuration.md");
    let start = doc.find("<!-- defaults-table:start -->").expect("table start marker");
    let end = doc.find("<!-- defaults-table:end -->").expect("table end marker");
    let ticks = |cell: &str| -> BTreeSet<String> {
        cell.split('`').skip(1).step_by(2).map(str::to_owned).collect()
    };
    doc[start..end]
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            let section = ticks(cells[1]).into_iter().next().unwrap();
            (section, ticks(cells[2]))
        })
        .collect()
}

/// The keys of `a` and `b` (objects) whose values differ, or are present in one only.
fn differing(a: &Value, b: &Value) -> BTreeSet<String> {
    let (a, b) = (a.as_object().unwrap(), b.as_object().unwrap());
    a.keys().chain(b.keys()).filter(|k| a.get(*k) != b.get(*k)).cloned().collect()
}

#[test]
fn the_defaults_table_lists_every_section_and_every_difference() {
    let example = serde_json::to_value(Config::example().unwrap()).unwrap();
    let empty = serde_json::to_value(Config::empty()).unwrap();
    let rows = table();
    let listed: Vec<&str> = rows.iter().map(|(s, _)| s.as_str()).collect();
    let sections: Vec<&str> = empty.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        listed.iter().copied().collect::<BTreeSet<_>>(),
        sections.iter().copied().collect::<BTreeSet<_>>(),
        "docs/configuration.md must list each section of Config once"
    );
    assert_eq!(listed.len(), sections.len(), "a section listed twice");
    for (section, keys) in &rows {
        let actual = differing(&example[section.as_str()], &empty[section.as_str()]);
        assert_eq!(keys, &actual, "section `{section}`: the keys where the example and the empty configuration differ");
    }
}

#[test]
fn a_section_left_out_is_the_empty_section() {
    // Each section given alone: every other section is the empty one's.
    let example = serde_json::to_value(Config::example().unwrap()).unwrap();
    let empty = serde_json::to_value(Config::empty()).unwrap();
    for (section, value) in example.as_object().unwrap() {
        let one = Config::from_json_value(serde_json::json!({ section.as_str(): value })).unwrap();
        let one = serde_json::to_value(one).unwrap();
        for other in empty.as_object().unwrap().keys().filter(|k| *k != section) {
            assert_eq!(one[other], empty[other], "`{other}` when only `{section}` is given");
        }
        assert_eq!(one[section], *value);
    }
}
