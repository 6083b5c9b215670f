//! The JSON schema of the shapes cxkit exchanges (events, scopes, the
//! configuration, the results of the facade's calls), derived from the Rust
//! types with `schemars`, and what is generated from it: the Python
//! `TypedDict`s of `cxkit.types` and the TypeScript declarations of the Node
//! package (`bindings/node/types.d.ts`).
//!
//! One schema document holds both directions. What a caller *gives* (events,
//! scopes, a configuration, a call record) is described as serde reads it
//! (keys with a default are optional, timestamps may be `datetime`/`Date`);
//! what cxkit *returns* as serde writes it (every key it always writes is
//! required, timestamps are RFC 3339 strings). A type used both ways whose
//! two descriptions differ appears twice: the input under its own name
//! (`Config`, `CallRecord`, `LoginEvent`) and the output with `Out`
//! appended (`ConfigOut`, `CallRecordOut`).
//!
//! `cargo run -p cxkit-schema` writes the schema and the generated files;
//! `cargo run -p cxkit-schema -- --check` (run by the test scripts, and the
//! test `generated_files_are_fresh`) fails when one of them is stale.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod ir;
pub mod python;
pub mod typescript;
pub mod validate;

use schemars::generate::{SchemaGenerator, SchemaSettings};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// A name the bindings use for a schema type, and its `$defs` entry.
pub type Defs = BTreeMap<String, Value>;

/// Suffix of the output description of a type whose input description differs.
pub const OUT: &str = "Out";

/// Adds every input root (deserialize contract) to `g`.
fn inputs(g: &mut SchemaGenerator) {
    g.subschema_for::<cxkit::Event>();
    g.subschema_for::<cxkit::core::Scope>();
    g.subschema_for::<cxkit::Config>();
    g.subschema_for::<cxkit::call_rules::CallRecord>();
    g.subschema_for::<cxkit::call_rules::CalendarConfig>();
    g.subschema_for::<cxkit::escalation_rules::CustomerMessage>();
    g.subschema_for::<cxkit::escalation_rules::ScoreInput>();
    g.subschema_for::<cxkit::thresholds::Viewer>();
    g.subschema_for::<cxkit::thresholds::DisplayEntry>();
    g.subschema_for::<cxkit::thresholds::ThresholdChange>();
    g.subschema_for::<cxkit::ticket_rules::NewTicket>();
    g.subschema_for::<cxkit::template_rules::ChannelInstance>();
}

/// Adds every output root (serialize contract) to `g`.
fn outputs(g: &mut SchemaGenerator) {
    use cxkit::{agents, call_rules, escalation_rules, online_rules, template_rules, thresholds, ticket_rules};
    g.subschema_for::<cxkit::Config>();
    g.subschema_for::<cxkit::Applied>();
    g.subschema_for::<cxkit::BatchResult>();
    g.subschema_for::<cxkit::Wallboard>();
    g.subschema_for::<call_rules::LiveCalls>();
    g.subschema_for::<agents::ListeningList>();
    g.subschema_for::<agents::BigScreen>();
    g.subschema_for::<agents::AgentStateView>();
    g.subschema_for::<agents::ToolbarView>();
    g.subschema_for::<agents::AgentStats>();
    g.subschema_for::<online_rules::OnlineWallboard>();
    g.subschema_for::<online_rules::OnlineAgentMetrics>();
    g.subschema_for::<online_rules::AgentChat>();
    g.subschema_for::<cxkit::Handoff>();
    g.subschema_for::<call_rules::TrendTable>();
    g.subschema_for::<call_rules::Trend>();
    g.subschema_for::<cxkit::EndedCall>();
    g.subschema_for::<call_rules::SmsDecision>();
    g.subschema_for::<call_rules::Outcome>();
    g.subschema_for::<cxkit::FeedBatch>();
    g.subschema_for::<cxkit::FeedOutput>();
    g.subschema_for::<escalation_rules::Score>();
    g.subschema_for::<escalation_rules::Decision>();
    g.subschema_for::<escalation_rules::tracker::Ended>();
    g.subschema_for::<ticket_rules::TicketSummary>();
    g.subschema_for::<ticket_rules::MessageRecord>();
    g.subschema_for::<ticket_rules::CustomerTicketDetail<'static>>();
    g.subschema_for::<ticket_rules::AgentTicketView<'static>>();
    g.subschema_for::<template_rules::Offer<'static>>();
    g.subschema_for::<template_rules::Template>();
    g.subschema_for::<cxkit::templates::Submission>();
    g.subschema_for::<thresholds::DisplayConfig>();
    g.subschema_for::<thresholds::ThresholdSpec>();
    g.subschema_for::<thresholds::MetricDef>();
}

fn definitions(settings: SchemaSettings, roots: fn(&mut SchemaGenerator)) -> Defs {
    let mut g = settings.into_generator();
    roots(&mut g);
    g.take_definitions(true).into_iter().collect()
}

/// Rewrites every `$ref` to a name in `renamed` (to that name + [`OUT`]).
fn rename_refs(v: &mut Value, renamed: &BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get_mut("$ref")
                && let Some(name) = r.strip_prefix("#/$defs/")
                && renamed.contains(name)
            {
                *r = format!("#/$defs/{name}{OUT}");
            }
            for (_, x) in m.iter_mut() {
                rename_refs(x, renamed);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| rename_refs(x, renamed)),
        _ => {}
    }
}

/// Whether a schema holds a timestamp or a date (which the bindings type
/// differently on the way in and out).
fn has_time(v: &Value) -> bool {
    match v {
        Value::Object(m) => {
            matches!(m.get("format").and_then(Value::as_str), Some("date-time" | "date")) || m.values().any(has_time)
        }
        Value::Array(a) => a.iter().any(has_time),
        _ => false,
    }
}

/// The whole schema document: `$defs` of every type, each marked with the
/// direction it describes (`x-cxkit-direction`: `input`, `output` or
/// `both`).
pub fn schema() -> Value {
    let input = definitions(SchemaSettings::draft2020_12().for_deserialize(), inputs);
    let mut output = definitions(SchemaSettings::draft2020_12().for_serialize(), outputs);
    // Two Rust types of one schema name (schemars numbers them within one
    // generator, not across two): their doc comments differ. Each needs a
    // `#[schemars(rename = …)]` of its own.
    for (name, o) in &output {
        if let Some(i) = input.get(name) {
            assert_eq!(
                i.get("description"),
                o.get("description"),
                "two Rust types are both named `{name}` in the schema: give one a #[schemars(rename)]"
            );
        }
    }
    let numbered: Vec<&String> = input
        .keys()
        .chain(output.keys())
        .filter(|n| n.ends_with(|c: char| c.is_ascii_digit()))
        .collect();
    assert!(
        numbered.is_empty(),
        "schema names numbered by schemars (two Rust types of one name): {numbered:?}"
    );
    // A type is renamed on the output side when its two descriptions differ
    // (after the renames so far) or it holds a timestamp; repeat until no
    // new rename appears (a rename changes the types that refer to it).
    let mut renamed = BTreeSet::new();
    loop {
        let mut out = output.clone();
        out.values_mut().for_each(|v| rename_refs(v, &renamed));
        let more: Vec<String> = out
            .iter()
            .filter(|(name, v)| !renamed.contains(*name) && input.get(*name).is_some_and(|i| i != *v || has_time(i)))
            .map(|(name, _)| name.clone())
            .collect();
        if more.is_empty() {
            output = out;
            break;
        }
        renamed.extend(more);
    }
    let mut defs = Map::new();
    for (name, mut v) in input {
        let both = output.get(&name).is_some_and(|o| *o == v) && !renamed.contains(&name);
        if let Value::Object(m) = &mut v {
            m.insert("x-cxkit-direction".into(), json!(if both { "both" } else { "input" }));
        }
        defs.insert(name, v);
    }
    for (name, mut v) in output {
        let name = if renamed.contains(&name) {
            format!("{name}{OUT}")
        } else {
            name
        };
        if defs.contains_key(&name) {
            continue;
        }
        if let Value::Object(m) = &mut v {
            m.insert("x-cxkit-direction".into(), json!("output"));
        }
        defs.insert(name, v);
    }
    let defs: Map<String, Value> = {
        let mut sorted: Vec<(String, Value)> = defs.into_iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        sorted.into_iter().collect()
    };
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "cxkit",
        "description": "The JSON shapes of cxkit (generated from the Rust types by crates/cxkit-schema; do not edit). `x-cxkit-direction` says whether a type describes what a caller gives (`input`), what cxkit returns (`output`) or both.",
        "x-cxkit-version": cxkit::VERSION,
        "$defs": defs,
    })
}

/// The schema document as the text of `schema/cxkit.schema.json`.
pub fn schema_text() -> String {
    let mut s = serde_json::to_string_pretty(&schema()).unwrap_or_default();
    s.push('\n');
    s
}

/// A generated file: its path from the workspace root and its text.
pub struct Generated {
    /// The path, relative to the workspace root.
    pub path: &'static str,
    /// The whole text.
    pub text: String,
}

/// Every generated file.
pub fn generated() -> Vec<Generated> {
    let doc = schema();
    vec![
        Generated {
            path: "schema/cxkit.schema.json",
            text: schema_text(),
        },
        Generated {
            path: "bindings/python/python/cxkit/types.py",
            text: python::generate(&doc),
        },
        Generated {
            path: "bindings/node/types.d.ts",
            text: typescript::generate(&doc),
        },
    ]
}

/// PascalCase of a snake_case / dotted / kebab name (`call.queue_left` →
/// `CallQueueLeft`).
pub fn pascal(s: &str) -> String {
    s.split(['_', '.', '-', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect::<String>(),
                None => String::new(),
            }
        })
        .collect()
}
