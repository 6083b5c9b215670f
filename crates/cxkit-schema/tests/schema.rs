//! The schema against what cxkit really reads and writes: every
//! configuration, event and result of the conformance vectors
//! (`tests/vectors/*.json`, whose `expect` is the exact JSON the facade
//! returns) validates against its schema type, and the generated files are
//! the ones the Rust types give.

#![allow(clippy::unwrap_used)]

use cxkit_schema::validate::validate;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// The output type of a name: `NameOut` where the input differs.
fn out(doc: &Value, name: &str) -> String {
    let o = format!("{name}{}", cxkit_schema::OUT);
    if doc["$defs"].get(&o).is_some() {
        o
    } else {
        name.to_owned()
    }
}

/// The schema type of each op's result (`[T]`: a list of T, `T?`: T or null;
/// the feed ops give one result per chunk and one for the finish).
const RESULTS: &[(&str, &str)] = &[
    ("call_center.apply", "Applied"),
    ("call_center.apply_many", "BatchResult"),
    ("call_center.apply_feed", "[FeedBatch]"),
    ("call_center.wallboard", "Wallboard"),
    ("call_center.live_calls", "LiveCalls"),
    ("call_center.listening_list", "ListeningList"),
    ("call_center.big_screen", "BigScreen"),
    ("call_center.agent_state", "AgentStateView"),
    ("call_center.toolbar", "ToolbarView"),
    ("call_center.agent_stats", "AgentStats"),
    ("call_center.online_wallboard", "OnlineWallboard"),
    ("call_center.online_metrics", "OnlineAgentMetrics"),
    ("call_center.agent_chats", "[AgentChat]"),
    ("call_center.bot_handoff", "Handoff"),
    ("call_center.ended_calls", "[EndedCall]"),
    ("call_center.trend_today", "TrendTable"),
    ("call_center.trend_of_day", "TrendTable?"),
    ("feeds.translate", "[FeedOutput]"),
    ("escalation.score", "Score"),
    ("escalation.observe", "Decision"),
    ("escalation.observe_score", "Decision"),
    ("escalation.end", "Ended"),
    ("calls.sms_for", "SmsDecision"),
    ("calls.classify", "Outcome?"),
    ("tickets.create_ticket", "TicketSummary"),
    ("tickets.add_reply", "TicketSummary"),
    ("tickets.set_status", "TicketSummary"),
    ("tickets.close", "TicketSummary"),
    ("tickets.message_records", "[MessageRecord]"),
    ("tickets.ticket_detail", "CustomerTicketDetail"),
    ("tickets.agent_view", "AgentTicketView"),
    ("templates.offer", "Offer"),
    ("templates.select", "TemplateSpec"),
    ("templates.submit", "Submission"),
    ("monitor.display_settings", "DisplayConfig"),
    ("monitor.thresholds", "[ThresholdSpec]"),
];

/// The schema type of an op's argument.
const ARGS: &[(&str, &str, &str)] = &[
    ("call_center.apply", "event", "Event"),
    ("call_center.wallboard", "scope", "Scope"),
    ("call_center.live_calls", "scope", "Scope"),
    ("call_center.listening_list", "scope", "Scope"),
    ("call_center.big_screen", "scope", "Scope"),
    ("call_center.online_wallboard", "scope", "Scope"),
    ("calls.sms_for", "record", "CallRecord"),
    ("calls.classify", "record", "CallRecord"),
    ("escalation.observe", "message", "CustomerMessage"),
    ("tickets.create_ticket", "ticket", "NewTicket"),
    ("templates.offer", "channel_instance", "ChannelInstance"),
];

fn check(doc: &Value, ty: &str, v: &Value, what: &str, failures: &mut Vec<String>) {
    let (ty, v) = if let Some(t) = ty.strip_suffix('?') {
        if v.is_null() {
            return;
        }
        (t, v)
    } else {
        (ty, v)
    };
    if let Some(item) = ty.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
        match v.as_array() {
            Some(a) => a
                .iter()
                .enumerate()
                .for_each(|(i, x)| check(doc, item, x, &format!("{what}[{i}]"), failures)),
            None => failures.push(format!("{what}: not a list")),
        }
        return;
    }
    if let Err(p) = validate(doc, ty, v) {
        failures.push(format!("{what} ({ty}): {p:?}"));
    }
}

#[test]
fn every_vector_config_event_and_result_matches_the_schema() {
    let doc = cxkit_schema::schema();
    let mut failures = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut files: Vec<_> = std::fs::read_dir(root().join("tests/vectors"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() > 40, "the vectors are missing");
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let config_fails = name.contains("config_error") || name.contains("config_errors");
        if let Some(c) = v.get("config")
            && !config_fails
        {
            check(&doc, "Config", c, &format!("{name} config"), &mut failures);
        }
        for (i, step) in v["steps"].as_array().unwrap().iter().enumerate() {
            let op = step["op"].as_str().unwrap();
            let what = format!("{name} step {i} {op}");
            let refused = step.get("expect_error").is_some();
            if !refused {
                for (o, arg, ty) in ARGS {
                    if *o == op
                        && let Some(a) = step["args"].get(*arg)
                        && !a.is_null()
                    {
                        check(&doc, ty, a, &format!("{what} args.{arg}"), &mut failures);
                    }
                }
            }
            if let (Some(expect), Some((_, ty))) = (step.get("expect"), RESULTS.iter().find(|(o, _)| *o == op)) {
                let base = ty.trim_start_matches('[').trim_end_matches([']', '?']);
                let ty = ty.replace(base, &out(&doc, base));
                check(&doc, &ty, expect, &what, &mut failures);
                *seen.entry(op.to_owned()).or_default() += 1;
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} results do not match the schema:\n{}",
        failures.len(),
        failures.join("\n")
    );
    for op in [
        "call_center.apply",
        "call_center.wallboard",
        "call_center.agent_state",
        "call_center.ended_calls",
        "call_center.apply_many",
        "call_center.trend_today",
    ] {
        assert!(seen.contains_key(op), "no vector result of {op} was checked: {seen:?}");
    }
}

#[test]
fn the_validator_refuses_what_the_schema_refuses() {
    let doc = cxkit_schema::schema();
    let ok = json!({"type": "login", "agent": "a1", "at": "2026-03-02T09:00:00Z"});
    validate(&doc, "Event", &ok).unwrap();
    for bad in [
        json!({"type": "logni", "agent": "a1", "at": "2026-03-02T09:00:00Z"}),
        json!({"type": "login", "at": "2026-03-02T09:00:00Z"}),
        json!({"type": "login", "agent": 7, "at": "2026-03-02T09:00:00Z"}),
        json!({"type": "login", "agent": "a1", "at": "yesterday"}),
        // FD1: a call happening is said with a `call.*` event only.
        json!({"type": "answer", "agent": "a1", "at": "2026-03-02T09:00:00Z"}),
    ] {
        assert!(validate(&doc, "Event", &bad).is_err(), "{bad}");
    }
    assert!(validate(&doc, "Scope", &json!({"kind": "skil_group", "id": "x"})).is_err());
    validate(&doc, "Scope", &json!({"kind": "skill_group", "id": "x"})).unwrap();
}

/// Real outputs straight from the facade (not through the vectors): the
/// example and the empty configurations read back, and a small day's views.
#[test]
fn facade_outputs_match_the_schema() {
    use cxkit::core::Scope;
    let doc = cxkit_schema::schema();
    let empty = cxkit::Config::empty();
    validate(&doc, &out(&doc, "Config"), &serde_json::to_value(&empty).unwrap()).unwrap();
    let config = cxkit::Config::example().unwrap();
    validate(&doc, &out(&doc, "Config"), &serde_json::to_value(&config).unwrap()).unwrap();
    let mut cc = cxkit::CallCenter::new(&config).unwrap();
    let agent = config.tenant.agents[0].id.clone();
    let events = [
        json!({"type": "login", "agent": agent, "at": "2026-03-02T01:00:00Z"}),
        json!({"type": "call.arrived", "call": "c1", "at": "2026-03-02T01:00:01Z", "caller": "13800138000"}),
        json!({"type": "call.offered", "call": "c1", "agent": agent, "at": "2026-03-02T01:00:02Z"}),
        json!({"type": "call.answered", "call": "c1", "agent": agent, "at": "2026-03-02T01:00:05Z"}),
        json!({"type": "call.caller_hung_up", "call": "c1", "at": "2026-03-02T01:02:05Z"}),
        json!({"type": "nope", "at": "2026-03-02T01:02:06Z"}),
    ];
    for e in &events[..5] {
        validate(&doc, "Event", e).unwrap();
    }
    let parsed: Vec<cxkit::Event> = events.iter().filter_map(|e| cxkit::Event::from_value(e).ok()).collect();
    assert_eq!(parsed.len(), 5);
    let batch = cc.apply_many(&parsed);
    assert_eq!(batch.ended_calls.len(), 1);
    validate(&doc, "BatchResult", &serde_json::to_value(&batch).unwrap()).unwrap();
    let tenant = Scope::Tenant;
    let views = [
        (
            "Wallboard",
            serde_json::to_value(cc.wallboard(&tenant).unwrap()).unwrap(),
        ),
        (
            "LiveCalls",
            serde_json::to_value(cc.live_calls(&tenant).unwrap()).unwrap(),
        ),
        (
            "ListeningList",
            serde_json::to_value(cc.listening_list(&tenant).unwrap()).unwrap(),
        ),
        (
            "BigScreen",
            serde_json::to_value(cc.big_screen(&tenant).unwrap()).unwrap(),
        ),
        (
            "AgentStateView",
            serde_json::to_value(cc.agent_state(&agent).unwrap()).unwrap(),
        ),
        (
            "ToolbarView",
            serde_json::to_value(cc.toolbar(&agent).unwrap()).unwrap(),
        ),
    ];
    for (ty, v) in views {
        validate(&doc, ty, &v).unwrap_or_else(|p| panic!("{ty}: {p:?}"));
    }
    let now = "2026-03-02T02:00:00Z".parse().unwrap();
    validate(
        &doc,
        "AgentStats",
        &serde_json::to_value(cc.agent_stats(&agent, now).unwrap()).unwrap(),
    )
    .unwrap();
    validate(
        &doc,
        "TrendTable",
        &serde_json::to_value(cc.trend_today(now).unwrap()).unwrap(),
    )
    .unwrap();
    for e in cc.ended_calls() {
        validate(&doc, "EndedCall", &serde_json::to_value(&e).unwrap()).unwrap();
    }
    // A refused event's error in a batch.
    let bad = cc.apply_many(&[cxkit::Event::from_value(
        &json!({"type": "logout", "agent": "ghost", "at": "2026-03-02T03:00:00Z"}),
    )
    .unwrap()]);
    assert_eq!(bad.errors.len(), 1);
    validate(&doc, "BatchResult", &serde_json::to_value(&bad).unwrap()).unwrap();
}

#[test]
fn generated_files_are_fresh() {
    for g in cxkit_schema::generated() {
        let now = std::fs::read_to_string(root().join(g.path)).unwrap_or_default();
        assert!(
            now == g.text,
            "{} is stale: run `cargo run -p cxkit-schema` and commit it",
            g.path
        );
    }
}
