//! Glue tests: every exported object gives, through its mirror types, the
//! very JSON the facade gives for the same calls (the mirrors lose nothing
//! and convert nothing wrongly), and errors keep their code. The rules
//! themselves are tested in the area crates.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::*;
use cxkit::core::Channel;
use proptest::prelude::*;
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;

fn ts(s: i64) -> Timestamp {
    chrono::DateTime::from_timestamp(1_774_688_400 + s, 0).expect("valid time")
}

fn js<T: Serialize>(v: &T) -> Value {
    serde_json::to_value(v).expect("serializable")
}

/// Same JSON on success, same code on error.
fn same<A: Serialize, B: Serialize>(mine: Result<A, CxError>, facade: cxkit::Result<B>) {
    match (mine, facade) {
        (Ok(a), Ok(b)) => assert_eq!(js(&a), js(&b)),
        (Err(a), Err(b)) => {
            assert_eq!(a.code(), b.code());
            assert_eq!(CxError::from(b), a);
        }
        (a, b) => panic!(
            "binding {:?} vs facade {:?}",
            a.map(|v| js(&v)),
            b.map(|v| js(&v))
        ),
    }
}

fn config(v: Value) -> Arc<Config> {
    Config::from_json(v.to_string()).expect("config loads")
}

#[test]
fn tickets_mirrors_match_the_facade_json() {
    let cfg = json!({"tenant": {"agents": [{"id": "a-1", "role": "agent"}, {"id": "s-1", "role": "senior_agent"}],
        "role_permissions": {"agent": ["ticket_reply"], "senior_agent": ["ticket_reply", "ticket_close"]}},
        "tickets": {}});
    let c = config(cfg);
    let mine = Tickets::new(c.clone()).unwrap();
    let mut facade = cxkit::tickets::Tickets::new(&c.inner).unwrap();
    let new = cxkit::ticket_rules::NewTicket {
        id: None,
        customer: "c-1".into(),
        channel: Channel::DesktopWeb,
        title: "Refund".into(),
        content: "broken".into(),
        at: ts(0),
    };
    same(mine.create_ticket(new.clone()), facade.create_ticket(new));
    let (tk, a, s) = (
        cxkit::core::TicketId::from("tk-1"),
        cxkit::core::AgentId::from("a-1"),
        cxkit::core::AgentId::from("s-1"),
    );
    use cxkit::ticket_rules::{TicketStatus, Visibility};
    same(
        mine.add_reply(
            tk.clone(),
            a.clone(),
            Visibility::Public,
            "on it".into(),
            ts(60),
        ),
        facade.add_reply(&tk, &a, Visibility::Public, "on it", ts(60)),
    );
    same(
        mine.add_reply(
            tk.clone(),
            a.clone(),
            Visibility::Internal,
            "customer is angry".into(),
            ts(70),
        ),
        facade.add_reply(&tk, &a, Visibility::Internal, "customer is angry", ts(70)),
    );
    same(
        mine.close(tk.clone(), a.clone(), ts(80)),
        facade.close(&tk, &a, ts(80)),
    );
    same(
        mine.set_status(tk.clone(), s.clone(), TicketStatus::Resolved, ts(90)),
        facade.set_status(&tk, &s, TicketStatus::Resolved, ts(90)),
    );
    let customer = cxkit::core::CustomerId::from("c-1");
    for ch in [Channel::DesktopWeb, Channel::App] {
        same(
            mine.message_records(customer.clone(), ch),
            Ok::<_, cxkit::Error>(facade.message_records(&customer, ch)),
        );
        same(
            mine.ticket_detail(customer.clone(), ch, tk.clone()),
            facade.ticket_detail(&customer, ch, &tk),
        );
    }
    let detail = mine
        .ticket_detail(customer.clone(), Channel::DesktopWeb, tk.clone())
        .unwrap();
    assert_eq!(
        detail.replies.as_ref().map(Vec::len),
        Some(1),
        "the internal note never reaches the customer"
    );
    same(
        mine.ticket_detail("c-2".into(), Channel::DesktopWeb, tk.clone()),
        facade.ticket_detail(&"c-2".into(), Channel::DesktopWeb, &tk),
    );
    same(
        mine.agent_view(tk.clone(), s.clone()),
        facade.agent_view(&tk, &s),
    );
}

#[test]
fn templates_mirrors_match_the_facade_json() {
    let c = config(
        json!({"templates": {"default_template": "general", "templates": [
        {"id": "general", "name": "留言", "fields": [{"key": "message", "label": "Message", "kind": "long_text", "required": true}]},
        {"id": "pre", "name": "售前", "fields": [{"key": "product", "kind": "single_choice", "options": ["phone", "tablet"], "required": true},
                                                {"key": "tags", "kind": "multi_choice", "options": ["urgent", "vip"]},
                                                {"key": "name", "kind": "text", "max_length": 4}]},
        {"id": "post", "name": "售后", "fields": [{"key": "order", "kind": "number", "required": true}]}],
        "channel_instances": [{"channel": "wechat_official_account", "id": "gh", "templates": ["pre", "post"]},
                              {"channel": "wechat_mini_program", "id": "wx", "templates": ["post"]}]}}),
    );
    let mine = Templates::new(c.clone()).unwrap();
    let facade = cxkit::templates::Templates::new(&c.inner).unwrap();
    let gh = cxkit::template_rules::ChannelInstance::new(Channel::WechatOfficialAccount, "gh");
    let wx = cxkit::template_rules::ChannelInstance::new(Channel::WechatMiniProgram, "wx");
    let other = cxkit::template_rules::ChannelInstance::new(Channel::Wecom, "corp");
    let ghost = cxkit::template_rules::ChannelInstance::new(Channel::Wecom, "ghost");
    for ci in [&gh, &wx, &other, &ghost] {
        same(mine.offer(ci.clone()), facade.offer(ci));
    }
    for id in ["pre", "post", "general", "nope"] {
        same(
            mine.select(gh.clone(), id.into()),
            facade.select(&gh, &id.into()),
        );
    }
    let form = HashMap::from([
        (
            "product".to_owned(),
            FieldValue::Text {
                value: " phone ".into(),
            },
        ),
        (
            "tags".to_owned(),
            FieldValue::Choices {
                values: vec!["vip".into()],
            },
        ),
        ("name".to_owned(), FieldValue::Text { value: "".into() }),
    ]);
    let form_json = js(&form);
    assert_eq!(
        form_json,
        json!({"product": " phone ", "tags": ["vip"], "name": ""})
    );
    same(
        mine.submit(gh.clone(), "pre".into(), form.clone()),
        facade.submit(&gh, &"pre".into(), &form_json),
    );
    same(
        mine.validate("pre".into(), form.clone()),
        facade.validate(&"pre".into(), &form_json),
    );
    let bad = HashMap::from([(
        "name".to_owned(),
        FieldValue::Text {
            value: "far too long".into(),
        },
    )]);
    same(
        mine.validate("pre".into(), bad.clone()),
        facade.validate(&"pre".into(), &js(&bad)),
    );
    same(
        mine.validate_json("pre".into(), "\"name=x\"".into()),
        facade.validate(&"pre".into(), &json!("name=x")),
    );
}

#[test]
fn toolbar_errors_are_typed_and_leave_the_view_unchanged() {
    let c = Config::example().unwrap();
    let tb = Toolbar::new(c, "a-1".into(), Some("8001".into())).unwrap();
    tb.login(ts(0), cxkit::agents::StartStatus::Idle, None)
        .unwrap();
    let before = tb.view().unwrap();
    let e = tb.dial(ts(1), "o-1".into(), "12a".into()).unwrap_err();
    assert!(
        matches!(&e, CxError::InvalidInput { field, .. } if field == "number"),
        "{e:?}"
    );
    assert_eq!(tb.view().unwrap(), before);
    let e = tb.answer(ts(2)).unwrap_err();
    assert_eq!(e.code(), "INVALID_TRANSITION");
    assert_eq!(tb.view().unwrap(), before);
}

/// A counter whose derived field must be twice its source.
struct Counter {
    n: u32,
    twice: u32,
}

impl cxkit::SelfCheck for Counter {
    fn self_check(&self) -> Result<(), String> {
        if self.twice == 2 * self.n { Ok(()) } else { Err("twice != 2n".into()) }
    }
}

#[test]
fn a_panic_under_the_lock_leaves_a_consistent_object_usable() {
    let m = std::sync::Mutex::new(Counter { n: 1, twice: 2 });
    let r: Result<(), CxError> = guard(|| {
        let _held = crate::guard::lock(&m, "thing")?;
        panic!("bug while holding the lock");
    });
    assert_eq!(r.unwrap_err().code(), "INTERNAL");
    let again = guard(|| crate::guard::lock(&m, "thing").map(|c| c.n));
    assert_eq!(again.ok(), Some(1));
}

#[test]
fn an_object_that_fails_its_check_after_a_panic_is_refused() {
    let m = std::sync::Mutex::new(Counter { n: 1, twice: 2 });
    let r: Result<(), CxError> = guard(|| {
        let mut held = crate::guard::lock(&m, "thing")?;
        held.n = 5; // half an update, then a panic
        panic!("bug while holding the lock");
    });
    assert_eq!(r.unwrap_err().code(), "INTERNAL");
    let e = guard(|| crate::guard::lock(&m, "thing").map(|_| ())).unwrap_err();
    assert!(e.to_string().contains("unusable") && e.to_string().contains("twice"), "{e}");
}

#[test]
fn a_call_center_survives_a_panic_in_a_call_unchanged() {
    let cc = crate::call_center::CallCenter::new(crate::config::Config::example().unwrap()).unwrap();
    cc.apply_json(r#"{"type": "login", "agent": "ag-001", "at": "2026-03-28T01:00:00Z"}"#.into())
        .unwrap();
    let before = cc.snapshot_json().unwrap();
    assert_eq!(cc.debug_panic("boom".into()).unwrap_err().code(), "INTERNAL");
    assert_eq!(cc.snapshot_json().unwrap(), before);
    cc.apply_json(r#"{"type": "logout", "agent": "ag-001", "at": "2026-03-28T01:01:00Z"}"#.into())
        .unwrap();
}

/// A scorer in Rust behind the exported callback trait, as Kotlin would write it.
struct Fixed(f64);
impl SentimentScorer for Fixed {
    fn name(&self) -> String {
        "fixed".into()
    }
    fn score(&self, _text: String) -> Result<cxkit::escalation_rules::ScoreInput, CxError> {
        Ok(cxkit::escalation_rules::ScoreInput {
            scorer: "fixed".into(),
            score: Some(self.0),
            label: None,
        })
    }
}

#[test]
fn a_callback_scorer_is_checked_like_a_built_in_one() {
    let c = Config::example().unwrap();
    let e = Escalation::with_scorer(c.clone(), Arc::new(Fixed(-0.5))).unwrap();
    let s = e.score("x".into()).unwrap();
    assert_eq!(
        js(&s),
        json!({"scorer": "fixed", "label": "negative", "score": -0.5})
    );
    let bad = Escalation::with_scorer(c, Arc::new(Fixed(f64::NAN))).unwrap();
    let err = bad.score("x".into()).unwrap_err();
    assert!(
        matches!(&err, CxError::Scorer { scorer, .. } if scorer == "fixed"),
        "{err:?}"
    );
}

proptest! {
    /// Model check: the exported Escalation and the facade's, fed the same
    /// random conversation, decide identically (same JSON, same error code).
    #[test]
    fn escalation_glue_matches_the_facade(steps in proptest::collection::vec(
        (0usize..3, prop_oneof![Just(None), (-1.2f64..1.2).prop_map(Some)], any::<bool>(), -5i64..30, 0u8..10), 1..40)) {
        let c = Config::example().unwrap();
        let mine = Escalation::new(c.clone()).unwrap();
        let mut facade = cxkit::escalation::Escalation::new(&c.inner.escalation).unwrap();
        let mut t = 0i64;
        for (conv, score, human, dt, kind) in steps {
            t += dt;
            let conversation = cxkit::core::ConversationId::from(format!("c{conv}"));
            let channel = if kind == 9 { Channel::Wecom } else { Channel::App };
            let text = if kind == 8 { "转人工".to_owned() } else { "hm".to_owned() };
            let msg = cxkit::escalation_rules::CustomerMessage { conversation: conversation.clone(), channel, text, at: ts(t) };
            if kind == 7 {
                same(mine.end(conversation.clone(), ts(t)), facade.end(&conversation, ts(t)));
                continue;
            }
            let input = cxkit::escalation_rules::ScoreInput { scorer: "p".into(), score, label: None };
            same(mine.observe_score(msg.clone(), input.clone(), human), facade.observe_score(&msg, input, human));
        }
        prop_assert_eq!(mine.conversations().unwrap(), facade.conversations() as u64);
    }
}

#[test]
fn kotlin_package_carries_the_workspace_version() {
    let pom = include_str!("../kotlin/pom.xml");
    let after_artifact = pom
        .split("<artifactId>cxkit</artifactId>")
        .nth(1)
        .expect("the cxkit artifact");
    let version = after_artifact
        .split("<version>")
        .nth(1)
        .and_then(|v| v.split("</version>").next());
    assert_eq!(
        version,
        Some(env!("CARGO_PKG_VERSION")),
        "pom.xml version must be the workspace version"
    );
}

#[test]
fn host_instants_past_chronos_range_lift_without_a_panic() {
    use std::time::{Duration, SystemTime};
    let far = SystemTime::UNIX_EPOCH + Duration::from_secs(31_556_889_864_403_199); // Instant.MAX
    assert_eq!(crate::types::lift_instant(far), chrono::DateTime::<chrono::Utc>::MAX_UTC);
    let early = SystemTime::UNIX_EPOCH - Duration::from_secs(31_557_014_167_219_200); // Instant.MIN
    assert_eq!(crate::types::lift_instant(early), chrono::DateTime::<chrono::Utc>::MIN_UTC);
    let t = SystemTime::UNIX_EPOCH - Duration::from_millis(1500);
    assert_eq!(crate::types::lift_instant(t).timestamp_millis(), -1500);
    let cc = crate::call_center::CallCenter::new(crate::config::Config::example().unwrap()).unwrap();
    let e = cc.agent_stats_json("ag-001".into(), crate::types::lift_instant(far)).unwrap_err();
    assert_eq!(e.code(), "INVALID_INPUT");
}

/// #14 item 6: the online device API's typed records carry exactly the
/// facade's values (same JSON as the `…_json` methods), errors included.
#[test]
fn online_device_records_equal_the_facade() {
    use cxkit::online_rules::{Leaf, OnlineStatus};
    let conf = json!({"tenant": {"skill_groups": [{"id": "g1", "name": "Chat"}], "agents": [
        {"id": "o1", "name": "Wang", "role": "agent", "kind": "online", "skill_groups": ["g1"]},
        {"id": "c1", "name": "Li", "role": "agent", "kind": "call", "extension": "8001"}
    ]}});
    let mine = crate::call_center::CallCenter::new(config(conf.clone())).unwrap();
    let mut facade = cxkit::CallCenter::new(&cxkit::Config::from_json_value(conf).unwrap()).unwrap();
    for e in [
        json!({"type": "chat.agent_login", "agent": "o1", "at": "2026-03-28T01:00:00Z"}),
        json!({"type": "chat.assigned", "chat": "ch1", "agent": "o1", "channel": "app", "at": "2026-03-28T01:01:00Z"}),
        json!({"type": "chat.customer_message", "chat": "ch1", "at": "2026-03-28T01:02:00Z"}),
        json!({"type": "chat.queued", "chat": "ch2", "skill_group": "g1", "channel": "desktop_web", "at": "2026-03-28T01:03:00Z"}),
    ] {
        mine.apply_json(e.to_string()).unwrap();
        facade.apply_json(&e.to_string()).unwrap();
    }
    let now = ts(600);
    for agent in ["o1", "c1", "nobody"] {
        let a = cxkit::core::AgentId::from(agent);
        same(mine.online_metrics(a.clone(), now), facade.online_metrics(&a, now));
        same(mine.agent_chats(a.clone(), now), facade.agent_chats(&a, now));
    }
    let o1 = mine.online_metrics("o1".into(), now).unwrap();
    assert_eq!((o1.status, o1.leaf, o1.current_chats, o1.queued_chats), (OnlineStatus::Online, Some(Leaf::Accepting), 1, 1));
    let chats = mine.agent_chats("o1".into(), now).unwrap();
    assert_eq!(chats.len(), 1);
    assert_eq!((chats[0].chat.as_str(), chats[0].channel), ("ch1", Channel::App));
    assert!(chats[0].customer_waiting_seconds.is_some());
}
