//! #17 item 3: every configuration error names the dotted path of the
//! offending value, from every source — a JSON value (what the bindings
//! make of a dict or a JS object), JSON text, TOML text, a `.json` file and
//! a `.toml` file — and text sources add the line and column (in the
//! message and in `line`/`column`). Rules checked after decoding (an agent
//! naming an unknown skill group) name the path too, whatever the source.
#![allow(clippy::unwrap_used, missing_docs)]

use cxkit::{CallCenter, Config, Error};
use serde_json::{Value, json};
use std::path::PathBuf;

/// One bad configuration, written as a JSON value and as TOML.
struct Case {
    kind: &'static str,
    value: Value,
    toml: &'static str,
    field: &'static str,
    /// A text the reported line holds, in the JSON text and in the TOML
    /// (`None`: serde reports the object's end, e.g. a missing field).
    json_line_has: Option<&'static str>,
    toml_line_has: Option<&'static str>,
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            kind: "bad enum value",
            value: json!({"tenant": {"agents": [{"id": "a1"}, {"id": "a2", "kind": "robot"}]}}),
            toml: "[[tenant.agents]]\nid = \"a1\"\n\n[[tenant.agents]]\nid = \"a2\"\nkind = \"robot\"\n",
            field: "tenant.agents[1].kind",
            json_line_has: Some("robot"),
            toml_line_has: Some("robot"),
        },
        Case {
            kind: "misspelt outcome",
            value: json!({"calls": {"sms_rules": [{"name": "m", "template": "t", "outcomes": ["rang_not_answered", "queue_abandn"]}]}}),
            toml: "[[calls.sms_rules]]\nname = \"m\"\ntemplate = \"t\"\noutcomes = [\"rang_not_answered\", \"queue_abandn\"]\n",
            field: "calls.sms_rules[0].outcomes[1]",
            json_line_has: Some("queue_abandn"),
            toml_line_has: Some("queue_abandn"),
        },
        Case {
            kind: "unknown key",
            value: json!({"tenant": {"agents": [{"id": "a1"}, {"id": "a2"}, {"id": "a3"}, {"id": "a4", "org_unti": "hq"}]}}),
            toml: "[tenant]\nid = \"t\"\n\n[[tenant.agents]]\nid = \"a1\"\n[[tenant.agents]]\nid = \"a2\"\n[[tenant.agents]]\nid = \"a3\"\n[[tenant.agents]]\nid = \"a4\"\norg_unti = \"hq\"\n",
            field: "tenant.agents[3].org_unti",
            json_line_has: Some("org_unti"),
            toml_line_has: Some("org_unti"),
        },
        Case {
            kind: "unknown section",
            value: json!({"tenant": {}, "calendar": {}}),
            toml: "[tenant]\n\n[calendar]\n",
            field: "calendar",
            json_line_has: Some("calendar"),
            toml_line_has: Some("calendar"),
        },
        Case {
            kind: "wrong type",
            value: json!({"online": {"max_chats_by_agent": {"a1": "three"}}}),
            toml: "[online.max_chats_by_agent]\na1 = \"three\"\n",
            field: "online.max_chats_by_agent.a1",
            json_line_has: Some("three"),
            toml_line_has: Some("three"),
        },
        Case {
            kind: "missing field",
            value: json!({"tenant": {"skill_groups": [{"id": "s1"}, {"name": "no id"}]}}),
            toml: "[[tenant.skill_groups]]\nid = \"s1\"\n\n[[tenant.skill_groups]]\nname = \"no id\"\n",
            field: "tenant.skill_groups[1].id",
            json_line_has: None,
            toml_line_has: Some("[[tenant.skill_groups]]"),
        },
    ]
}

fn parts(e: &Error) -> (&str, &str, Option<u32>, Option<u32>) {
    match e {
        Error::Config { field, message, line, column } => (field, message, *line, *column),
        other => panic!("expected CONFIG_ERROR, got {other:?}"),
    }
}

/// Checks a text source's error: path, structured position, the position
/// in the message, and that the line it names holds `needle`.
fn check_text(e: &Error, text: &str, field: &str, needle: Option<&str>, what: &str) {
    let (f, message, line, column) = parts(e);
    assert_eq!(f, field, "{what}: {message}");
    let (line, column) = (line.unwrap(), column.unwrap());
    assert!(message.contains(&format!("line {line} column {column}")), "{what}: {message}");
    let lines: Vec<&str> = text.lines().collect();
    let at = lines.get(line as usize - 1).unwrap_or_else(|| panic!("{what}: line {line} beyond the text"));
    if let Some(needle) = needle {
        assert!(at.contains(needle), "{what}: line {line} is {at:?}, not the one with {needle:?}");
    }
    assert_eq!(e.details()["field"], field);
    assert_eq!(e.details()["line"], line);
    assert_eq!(e.details()["column"], column);
}

fn file(name: &str, text: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("config-errors-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn serde_errors_name_the_path_from_every_source() {
    for (i, c) in cases().iter().enumerate() {
        // A value: the path, no position.
        let e = Config::from_json_value(c.value.clone()).unwrap_err();
        let (field, message, line, column) = parts(&e);
        assert_eq!(field, c.field, "{} (value): {message}", c.kind);
        assert_eq!((line, column), (None, None), "{}", c.kind);
        assert_eq!(e.code(), "CONFIG_ERROR");

        let text = serde_json::to_string_pretty(&c.value).unwrap();
        let e = Config::from_json_str(&text).unwrap_err();
        check_text(&e, &text, c.field, c.json_line_has, &format!("{} (JSON text)", c.kind));

        let e = Config::from_toml_str(c.toml).unwrap_err();
        check_text(&e, c.toml, c.field, c.toml_line_has, &format!("{} (TOML text)", c.kind));

        for (name, text, needle) in [
            (format!("c{i}.json"), text.as_str(), c.json_line_has),
            (format!("c{i}.toml"), c.toml, c.toml_line_has),
        ] {
            let path = file(&name, text);
            let e = Config::from_path(&path).unwrap_err();
            check_text(&e, text, c.field, needle, &format!("{} ({name})", c.kind));
            assert!(e.message().starts_with(&format!("{}: ", path.display())), "{}", e.message());
        }
    }
}

#[test]
fn syntax_errors_have_a_path_and_a_position() {
    // JSON: a trailing comma, at the object it is in.
    let text = "{\n  \"tenant\": {\n    \"id\": \"t\",\n  },\n  \"calls\": {}\n}\n";
    let e = Config::from_json_str(text).unwrap_err();
    check_text(&e, text, "tenant", Some("}"), "trailing comma");
    assert!(e.message().contains("trailing comma"), "{}", e.message());
    // A key given twice.
    let text = "{\"tenant\": {\"agents\": [{\"id\": \"a\", \"id\": \"b\"}]}}";
    let e = Config::from_json_str(text).unwrap_err();
    check_text(&e, text, "tenant.agents[0].id", None, "duplicate JSON key");
    assert!(e.message().contains("duplicate field `id`"), "{}", e.message());
    // TOML: the key whose value is broken, inside the array table it is in.
    let text = "[tenant]\nid = \"t\"\n\n[[tenant.agents]]\nid = \"a1\"\n\n[[tenant.agents]]\nid = \"a2\"\nrole = agent\n";
    let e = Config::from_toml_str(text).unwrap_err();
    check_text(&e, text, "tenant.agents[1].role", Some("role = agent"), "TOML syntax");
    let e = Config::from_toml_str("[tenant]\nid = \"a\"\nid = \"b\"\n").unwrap_err();
    check_text(&e, "[tenant]\nid = \"a\"\nid = \"b\"\n", "tenant.id", Some("\"b\""), "TOML duplicate key");
    // The same through files.
    let path = file("trailing.json", "{\"calls\": {\"trend_days\": 3,}}");
    let e = Config::from_path(&path).unwrap_err();
    assert_eq!(parts(&e).0, "calls");
    assert_eq!((parts(&e).2, parts(&e).3), (Some(1), Some(28)));
    let path = file("broken.toml", "[calls]\ntrend_days = = 3\n");
    let e = Config::from_path(&path).unwrap_err();
    assert_eq!((parts(&e).0, parts(&e).2), ("calls.trend_days", Some(2)));
}

#[test]
fn a_file_that_cannot_be_read_names_the_file() {
    let missing = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("no-such-dir/centre.toml");
    let e = Config::from_path(&missing).unwrap_err();
    let (field, message, line, _) = parts(&e);
    assert_eq!((field, line), ("", None));
    assert!(message.contains(&missing.display().to_string()), "{message}");
    assert!(message.starts_with("cannot read configuration"), "{message}");
    let e = Config::from_path(file("centre.yaml", "tenant: {}\n")).unwrap_err();
    assert!(parts(&e).1.contains("must end in .json or .toml"), "{e}");
}

#[test]
fn rules_checked_after_decoding_name_the_path_whatever_the_source() {
    // Agent a3 serves an unknown skill group; the second rule has no outcome.
    let value = json!({"tenant": {"skill_groups": [{"id": "care"}],
        "agents": [{"id": "a1", "skill_groups": ["care"]}, {"id": "a2"}, {"id": "a3", "skill_groups": ["care", "sales"]}]}});
    let toml = "[[tenant.skill_groups]]\nid = \"care\"\n\n[[tenant.agents]]\nid = \"a1\"\nskill_groups = [\"care\"]\n\
                [[tenant.agents]]\nid = \"a2\"\n[[tenant.agents]]\nid = \"a3\"\nskill_groups = [\"care\", \"sales\"]\n";
    let json_text = value.to_string();
    let configs = [
        Config::from_json_value(value.clone()).unwrap(),
        Config::from_json_str(&json_text).unwrap(),
        Config::from_toml_str(toml).unwrap(),
        Config::from_path(file("roster.json", &json_text)).unwrap(),
        Config::from_path(file("roster.toml", toml)).unwrap(),
    ];
    for c in &configs {
        let e = CallCenter::new(c).err().unwrap();
        assert_eq!(parts(&e).0, "tenant.agents[2].skill_groups[1]", "{e}");
        assert!(e.message().contains("unknown skill group `sales`"), "{e}");
        assert_eq!(c.tenant().unwrap_err().details()["field"], "tenant.agents[2].skill_groups[1]");
    }
    // Every section names its own path.
    let bad = [
        (json!({"tenant": {"agents": [{"id": "a"}, {"id": "a"}]}}), "tenant.agents[1].id"),
        (json!({"tenant": {"org": [{"id": "hq"}, {"id": "t1", "parent": "nowhere"}]}}), "tenant.org[1].parent"),
        (json!({"calls": {"sms_rules": [{"name": "a", "template": "t", "outcomes": ["queue_abandon"]},
                                        {"name": "b", "template": "t", "outcomes": []}]}}), "calls.sms_rules[1].outcomes"),
        (json!({"calls": {"service_calendar": {"weekly": {"tue": [{"start": "10:00", "end": "09:00"}]}}}}),
         "calls.service_calendar.weekly.tue[0].end"),
        (json!({"agents": {"acw": {"seconds": 100_000}}}), "agents.acw.seconds"),
        (json!({"online": {"max_chats": 0}}), "online.max_chats"),
        (json!({"templates": {"default_template": "nope"}}), "templates.default_template"),
    ];
    for (value, field) in bad {
        let c = Config::from_json_value(value).unwrap();
        let e = CallCenter::new(&c).err().or_else(|| cxkit::Templates::new(&c).err()).unwrap();
        assert_eq!(e.code(), "CONFIG_ERROR");
        assert_eq!(parts(&e).0, field, "{e}");
    }
    let e = cxkit::Escalation::new(&Config::from_json_value(json!({"escalation": {"window_size": 0}})).unwrap().escalation)
        .err()
        .unwrap();
    assert_eq!(parts(&e).0, "escalation.window_size");
}

#[test]
fn a_dict_key_that_is_not_a_string_is_a_config_error_at_its_path() {
    // What a binding reports when its dict → JSON conversion fails.
    let e = Error::invalid_input("tenant.agents[0]", "malformed tenant.agents[0]: dict keys must be strings").into_config();
    assert_eq!(e.code(), "CONFIG_ERROR");
    assert_eq!(parts(&e).0, "tenant.agents[0]");
    assert_eq!(parts(&e).1, "dict keys must be strings");
}

#[test]
fn example_and_empty_are_what_they_say() {
    let example = Config::example().unwrap();
    assert_eq!(Config::empty(), Config::from_json_str("{}").unwrap());
    assert_eq!(Config::empty(), Config::from_toml_str("").unwrap());
    assert_eq!(example.tenant.id.as_str(), "acme-connect");
    assert!(example.calls.service_calendar.is_some());
    assert!(Config::empty().calls.service_calendar.is_none());
    #[allow(deprecated)]
    let old = Config::embedded_default().unwrap();
    assert_eq!(old, example);
    // A section left out is the empty one, not the example's.
    let c = Config::from_json_value(json!({"tenant": {"id": "mine"}})).unwrap();
    assert_eq!(c.calls, Config::empty().calls);
    assert_ne!(c.calls, example.calls);
}
