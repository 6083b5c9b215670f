//! Unit tests of the OS1–OS4 rules, one definition or error at a time.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;
use cxkit_core::Scope;
use cxkit_online::{Leaf, OnlineError, OnlineStatus};
use serde_json::json;

#[test]
fn os1_login_status_and_logout() {
    let mut b = board();
    login(&mut b, 0, "o1");
    let m = b.metrics("o1", at(30)).unwrap();
    assert_eq!(
        (m.status, m.leaf),
        (OnlineStatus::Online, Some(Leaf::Accepting))
    );
    assert_eq!(m.status_duration_seconds, Some(30.0));
    apply(
        &mut b,
        40,
        json!({"type": "chat.agent_status", "agent": "o1", "status": "meal"}),
    );
    let m = b.metrics("o1", at(100)).unwrap();
    assert_eq!(
        (m.status, m.status_duration_seconds),
        (OnlineStatus::Meal, Some(60.0))
    );
    // Choosing the status one already holds keeps its start.
    apply(
        &mut b,
        50,
        json!({"type": "chat.agent_status", "agent": "o1", "status": "meal"}),
    );
    assert_eq!(
        b.metrics("o1", at(100)).unwrap().status_duration_seconds,
        Some(60.0)
    );
    apply(
        &mut b,
        60,
        json!({"type": "chat.agent_logout", "agent": "o1"}),
    );
    let m = b.metrics("o1", at(100)).unwrap();
    assert_eq!(
        (m.status, m.leaf, m.status_duration_seconds),
        (OnlineStatus::Offline, None, None)
    );
}

#[test]
fn os1_call_agent_has_no_online_seat() {
    let mut b = board();
    let e = b
        .apply(&ev(0, json!({"type": "chat.agent_login", "agent": "c1"})))
        .unwrap_err();
    assert!(
        matches!(
            e,
            OnlineError::PermissionDenied {
                permission: "online_seat",
                ..
            }
        ),
        "{e}"
    );
    let e = b
        .apply(&ev(
            0,
            json!({"type": "chat.agent_status", "agent": "o1", "status": "offline"}),
        ))
        .unwrap_err();
    assert!(
        matches!(
            e,
            OnlineError::InvalidInput {
                field: "status",
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn os1_full_at_the_per_agent_and_per_role_maximum() {
    let mut b = board();
    login(&mut b, 0, "o1");
    login(&mut b, 0, "o3");
    for k in 0..3 {
        queue(&mut b, 1, &format!("c{k}"), "care");
        assign(&mut b, 2, &format!("c{k}"), "o1");
    }
    let m = b.metrics("o1", at(3)).unwrap();
    assert_eq!(
        (m.current_chats, m.max_chats, m.leaf),
        (3, 3, Some(Leaf::Full))
    );
    queue(&mut b, 4, "c9", "care");
    let before = b.clone();
    let e = b
        .apply(&ev(
            5,
            json!({"type": "chat.assigned", "chat": "c9", "agent": "o1"}),
        ))
        .unwrap_err();
    assert!(
        matches!(
            e,
            OnlineError::AgentFull {
                current: 3,
                max: 3,
                ..
            }
        ),
        "{e}"
    );
    assert_eq!(b, before, "a refused assignment changes nothing");
    // Team leads take 2 (per role).
    assert_eq!(b.metrics("o3", at(5)).unwrap().max_chats, 2);
    // Closing one frees a slot.
    close(&mut b, 6, "c0");
    assert_eq!(b.metrics("o1", at(6)).unwrap().leaf, Some(Leaf::Accepting));
    assign(&mut b, 7, "c9", "o1");
}

#[test]
fn os1_busy_and_non_service_take_no_new_chats_but_keep_theirs() {
    let mut b = board();
    login(&mut b, 0, "o2");
    queue(&mut b, 1, "c1", "care");
    assign(&mut b, 2, "c1", "o2");
    for status in ["busy", "break", "meal", "training", "meeting", "activity"] {
        apply(
            &mut b,
            3,
            json!({"type": "chat.agent_status", "agent": "o2", "status": status}),
        );
        queue(&mut b, 3, &format!("q-{status}"), "care");
        let e = b
            .apply(&ev(
                4,
                json!({"type": "chat.assigned", "chat": format!("q-{status}"), "agent": "o2"}),
            ))
            .unwrap_err();
        assert!(
            matches!(
                &e,
                OnlineError::InvalidTransition {
                    event: "chat.assigned",
                    ..
                }
            ),
            "{e}"
        );
        assert_eq!(
            b.metrics("o2", at(4)).unwrap().current_chats,
            1,
            "{status}: keeps its chat"
        );
        reply(&mut b, 4, "c1");
    }
    // Offline agent.
    let e = b
        .apply(&ev(
            5,
            json!({"type": "chat.assigned", "chat": "q-busy", "agent": "o1"}),
        ))
        .unwrap_err();
    assert!(e.to_string().contains("not logged in"), "{e}");
}

#[test]
fn os1_both_agent_on_a_call_blocks_chats_only_when_the_tenant_says_so() {
    for blocks in [false, true] {
        let mut b = board_with(&format!(r#"{{"call_blocks_chats": {blocks}}}"#));
        login(&mut b, 0, "b1");
        assert!(b.set_on_call("b1", true).unwrap());
        // A non-both agent is left alone.
        assert!(!b.set_on_call("o1", true).unwrap());
        queue(&mut b, 1, "c1", "care");
        let r = b.apply(&ev(
            2,
            json!({"type": "chat.assigned", "chat": "c1", "agent": "b1"}),
        ));
        let w = b.wallboard(&Scope::Tenant, at(2)).unwrap();
        if blocks {
            assert!(r.unwrap_err().to_string().contains("call_blocks_chats"));
            assert_eq!((w.busy.on_call, w.online.total), (1, 0));
        } else {
            r.unwrap();
            assert_eq!((w.busy.on_call, w.online.accepting), (0, 1));
        }
        b.set_on_call("b1", false).unwrap();
        assert_eq!(b.wallboard(&Scope::Tenant, at(2)).unwrap().busy.on_call, 0);
    }
}

#[test]
fn os2_lifecycle_errors_name_the_problem_and_change_nothing() {
    let mut b = board();
    login(&mut b, 0, "o1");
    login(&mut b, 0, "o2");
    queue(&mut b, 1, "c1", "care");
    assign(&mut b, 2, "c1", "o1");
    close(&mut b, 3, "c1");
    let before = b.clone();
    let cases = [
        (
            json!({"type": "chat.customer_message", "chat": "c1"}),
            "closed",
        ),
        (
            json!({"type": "chat.agent_message", "chat": "c1"}),
            "closed",
        ),
        (
            json!({"type": "chat.customer_message", "chat": "nope"}),
            "unknown chat",
        ),
        (
            json!({"type": "chat.rated", "chat": "nope", "satisfied": true}),
            "unknown chat",
        ),
        (
            json!({"type": "chat.rated", "chat": "c1", "satisfied": true, "score": -1.0}),
            "score",
        ),
        (
            json!({"type": "chat.transferred", "chat": "c1", "to": {"agent": "o2"}}),
            "closed",
        ),
        (
            json!({"type": "chat.queued", "chat": "c1", "skill_group": "care", "channel": "app"}),
            "new id",
        ),
        (
            json!({"type": "chat.queued", "chat": "c2", "skill_group": "ghost", "channel": "app"}),
            "ghost",
        ),
        (
            json!({"type": "chat.assigned", "chat": "c3", "agent": "o1"}),
            "channel",
        ),
        (
            json!({"type": "chat.assigned", "chat": "c3", "agent": "nobody", "channel": "app"}),
            "nobody",
        ),
    ];
    for (e, needle) in cases {
        let err = b.apply(&ev(4, e.clone())).unwrap_err();
        assert!(err.to_string().contains(needle), "{e}: {err}");
        assert_eq!(b, before, "{e} changed the board");
    }
    // An event older than the chat's last.
    let err = b
        .apply(&ev(
            2,
            json!({"type": "chat.rated", "chat": "c1", "satisfied": true}),
        ))
        .unwrap_err();
    assert!(matches!(err, OnlineError::OutOfOrder { .. }), "{err}");
    // NaN cannot travel in JSON; a typed event can carry it.
    let nan = cxkit_online::ChatEvent::Rated {
        chat: "c1".into(),
        at: at(5),
        event_id: None,
        satisfied: true,
        score: Some(f64::NAN),
    };
    assert!(matches!(
        b.apply(&nan).unwrap_err(),
        OnlineError::InvalidInput { field: "score", .. }
    ));
    assert_eq!(b, before);
}

#[test]
fn os2_transfer_rules() {
    let mut b = board();
    login(&mut b, 0, "o1");
    login(&mut b, 0, "o2");
    queue(&mut b, 1, "c1", "care");
    assign(&mut b, 2, "c1", "o1");
    let bad = [
        (json!({"to": {"agent": "o1"}}), "already with"),
        (json!({"to": {"agent": "o3"}}), "not logged in"),
        (json!({"to": {"agent": "zz"}}), "unknown agent"),
        (json!({"to": {"skill_group": "zz"}}), "unknown skill_group"),
    ];
    for (mut e, needle) in bad {
        e["type"] = "chat.transferred".into();
        e["chat"] = "c1".into();
        let err = b.apply(&ev(3, e.clone())).unwrap_err();
        assert!(err.to_string().contains(needle), "{e}: {err}");
    }
    apply(
        &mut b,
        3,
        json!({"type": "chat.transferred", "chat": "c1", "to": {"agent": "o2"}}),
    );
    assert_eq!(b.metrics("o1", at(3)).unwrap().current_chats, 0);
    assert_eq!(b.metrics("o2", at(3)).unwrap().current_chats, 1);
    apply(
        &mut b,
        4,
        json!({"type": "chat.transferred", "chat": "c1", "to": {"skill_group": "sales"}}),
    );
    let w = b
        .wallboard(&Scope::SkillGroup { id: "sales".into() }, at(10))
        .unwrap();
    assert_eq!(
        (w.waiting.total, w.waiting.longest_wait_seconds),
        (1, Some(6.0))
    );
    assert_eq!(
        (w.today.offered, w.today.transferred),
        (1, 0),
        "offered to sales by the transfer"
    );
    let t = b.wallboard(&Scope::Tenant, at(10)).unwrap().today;
    assert_eq!((t.offered, t.transferred), (1, 2));
    let err = b
        .apply(&ev(
            5,
            json!({"type": "chat.transferred", "chat": "c1", "to": {"skill_group": "sales"}}),
        ))
        .unwrap_err();
    assert!(err.to_string().contains("already waits"), "{err}");
}

#[test]
fn os2_duplicates_by_event_id_change_nothing() {
    let mut b = board();
    login(&mut b, 0, "o1");
    let e = ev(
        1,
        json!({"type": "chat.queued", "chat": "c1", "skill_group": "care", "channel": "app", "event_id": "x1"}),
    );
    assert_eq!(b.apply(&e).unwrap(), cxkit_online::ApplyStatus::Applied);
    let before = b.clone();
    assert_eq!(b.apply(&e).unwrap(), cxkit_online::ApplyStatus::Duplicate);
    assert_eq!(b, before);
}

#[test]
fn os3_first_response_and_response_with_a_burst_of_three() {
    let mut b = board();
    login(&mut b, 0, "o1");
    queue(&mut b, 0, "c1", "care");
    assign(&mut b, 10, "c1", "o1");
    // No customer message yet: the first-response clock starts at the first one.
    customer(&mut b, 20, "c1");
    customer(&mut b, 25, "c1");
    customer(&mut b, 28, "c1");
    reply(&mut b, 50, "c1");
    let m = b.metrics("o1", at(60)).unwrap();
    assert_eq!(m.avg_first_response_seconds, Some(30.0), "20 → 50");
    assert_eq!(
        m.avg_response_seconds,
        Some(30.0),
        "one wait for the burst of three"
    );
    customer(&mut b, 60, "c1");
    reply(&mut b, 70, "c1");
    reply(&mut b, 75, "c1");
    let m = b.metrics("o1", at(80)).unwrap();
    assert_eq!(
        m.avg_response_seconds,
        Some(20.0),
        "(30 + 10) / 2; a second reply answers no wait"
    );
    assert_eq!(m.avg_first_response_seconds, Some(30.0));
}

#[test]
fn os3_first_response_starts_at_assignment_when_the_customer_already_waits() {
    let mut b = board();
    login(&mut b, 0, "o1");
    queue(&mut b, 0, "c1", "care");
    customer(&mut b, 1, "c1");
    assign(&mut b, 10, "c1", "o1");
    reply(&mut b, 15, "c1");
    let m = b.metrics("o1", at(20)).unwrap();
    assert_eq!(m.avg_first_response_seconds, Some(5.0));
    assert_eq!(
        m.avg_response_seconds,
        Some(5.0),
        "the queue wait is not the agent's"
    );
}

#[test]
fn os3_transfer_mid_wait() {
    let mut b = board();
    login(&mut b, 0, "o1");
    login(&mut b, 0, "o2");
    queue(&mut b, 0, "c1", "care");
    assign(&mut b, 0, "c1", "o1");
    customer(&mut b, 10, "c1");
    apply(
        &mut b,
        40,
        json!({"type": "chat.transferred", "chat": "c1", "to": {"agent": "o2"}}),
    );
    reply(&mut b, 45, "c1");
    let m1 = b.metrics("o1", at(50)).unwrap();
    assert_eq!(
        (m1.avg_first_response_seconds, m1.avg_response_seconds),
        (None, None)
    );
    let m2 = b.metrics("o2", at(50)).unwrap();
    assert_eq!(
        (m2.avg_first_response_seconds, m2.avg_response_seconds),
        (Some(5.0), Some(5.0))
    );
    close(&mut b, 60, "c1");
    assert_eq!(
        b.metrics("o1", at(60)).unwrap().chats_served_today,
        0,
        "o1 never wrote"
    );
    assert_eq!(b.metrics("o2", at(60)).unwrap().chats_served_today, 1);
}

#[test]
fn os3_assigned_before_midnight_closed_after() {
    let mut b = board();
    login(&mut b, 0, "o1");
    queue(&mut b, MIDNIGHT - 60, "c1", "care");
    assign(&mut b, MIDNIGHT - 50, "c1", "o1");
    customer(&mut b, MIDNIGHT - 40, "c1");
    reply(&mut b, MIDNIGHT + 20, "c1");
    close(&mut b, MIDNIGHT + 30, "c1");
    let m = b.metrics("o1", at(MIDNIGHT + 40)).unwrap();
    assert_eq!(m.chats_served_today, 1, "served on the day it closed");
    assert_eq!(
        m.avg_first_response_seconds, None,
        "assigned yesterday: not a chat assigned today"
    );
    assert_eq!(
        m.avg_response_seconds,
        Some(60.0),
        "a reply counts on the day it is sent"
    );
    let w = b.wallboard(&Scope::Tenant, at(MIDNIGHT + 40)).unwrap();
    assert_eq!((w.today.offered, w.today.served), (0, 1));
}

#[test]
fn os3_rating_after_close_and_satisfaction_rate() {
    let mut b = board();
    login(&mut b, 0, "o1");
    for (k, ok) in [(1, true), (2, false), (3, true)] {
        let c = format!("c{k}");
        queue(&mut b, k, &c, "care");
        assign(&mut b, k, &c, "o1");
        reply(&mut b, k + 1, &c);
        close(&mut b, k + 2, &c);
        apply(
            &mut b,
            k + 100,
            json!({"type": "chat.rated", "chat": c, "satisfied": ok, "score": 4}),
        );
    }
    let m = b.metrics("o1", at(200)).unwrap();
    assert!(
        (m.satisfaction_rate.unwrap() - 200.0 / 3.0).abs() < 1e-9,
        "{m:?}"
    );
    let e = b
        .apply(&ev(
            201,
            json!({"type": "chat.rated", "chat": "c1", "satisfied": false}),
        ))
        .unwrap_err();
    assert!(e.to_string().contains("already rated"), "{e}");
    // Past the rating window the chat is forgotten.
    let mut b = board_with(r#"{"rating_window_seconds": 60}"#);
    login(&mut b, 0, "o1");
    queue(&mut b, 0, "c1", "care");
    assign(&mut b, 0, "c1", "o1");
    close(&mut b, 1, "c1");
    login(&mut b, 0, "o2");
    apply(
        &mut b,
        100,
        json!({"type": "chat.agent_status", "agent": "o2", "status": "busy"}),
    );
    let e = b
        .apply(&ev(
            101,
            json!({"type": "chat.rated", "chat": "c1", "satisfied": true}),
        ))
        .unwrap_err();
    assert!(matches!(e, OnlineError::UnknownChat { .. }), "{e}");
    assert_eq!(b.metrics("o1", at(101)).unwrap().satisfaction_rate, None);
}

#[test]
fn os3_unanswered_is_live_and_strictly_past_the_limit() {
    let mut b = board();
    login(&mut b, 0, "o1");
    queue(&mut b, 0, "c1", "care");
    assign(&mut b, 0, "c1", "o1");
    customer(&mut b, 10, "c1");
    assert_eq!(
        b.metrics("o1", at(70)).unwrap().unanswered_chats,
        0,
        "exactly 60 s is not past it"
    );
    assert_eq!(b.metrics("o1", at(71)).unwrap().unanswered_chats, 1);
    let chats = b.agent_chats("o1", at(71)).unwrap();
    assert!(chats[0].unanswered && chats[0].customer_waiting_seconds == Some(61.0));
    reply(&mut b, 72, "c1");
    assert_eq!(b.metrics("o1", at(500)).unwrap().unanswered_chats, 0);
}

#[test]
fn os3_queued_chats_are_those_of_the_agents_groups() {
    let mut b = board();
    queue(&mut b, 0, "c1", "care");
    queue(&mut b, 0, "c2", "sales");
    queue(&mut b, 0, "c3", "sales");
    assert_eq!(b.metrics("o1", at(1)).unwrap().queued_chats, 1);
    assert_eq!(b.metrics("o2", at(1)).unwrap().queued_chats, 3);
    assert_eq!(b.metrics("o3", at(1)).unwrap().queued_chats, 2);
}

#[test]
fn os4_abandoned_in_queue_and_scopes() {
    let mut b = board();
    login(&mut b, 0, "o1");
    login(&mut b, 0, "o3");
    queue(&mut b, 0, "c1", "care");
    queue(&mut b, 5, "c2", "care");
    apply(
        &mut b,
        9,
        json!({"type": "chat.closed", "chat": "c1", "by": "customer"}),
    );
    assign(&mut b, 10, "c2", "o1");
    let w = b.wallboard(&Scope::Tenant, at(20)).unwrap();
    assert_eq!(
        (
            w.today.offered,
            w.today.abandoned_in_queue,
            w.chats_in_progress
        ),
        (2, 1, 1)
    );
    assert_eq!((w.logged_in, w.online.accepting), (2, 2));
    let a = b
        .wallboard(
            &Scope::OrgUnit {
                id: "team-a".into(),
            },
            at(20),
        )
        .unwrap();
    assert_eq!((a.logged_in, a.chats_in_progress), (1, 1));
    let s = b
        .wallboard(&Scope::SkillGroup { id: "sales".into() }, at(20))
        .unwrap();
    assert_eq!((s.logged_in, s.today.offered), (1, 0));
    assert!(w.is_consistent() && a.is_consistent() && s.is_consistent());
    assert!(
        b.wallboard(&Scope::OrgUnit { id: "nope".into() }, at(20))
            .is_err()
    );
}

#[test]
fn config_errors_name_the_field() {
    for (cfg, field) in [
        (r#"{"max_chats": 0}"#, "online.max_chats"),
        (
            r#"{"max_chats_by_agent": {"zz": 2}}"#,
            "online.max_chats_by_agent.zz",
        ),
        (
            r#"{"max_chats_by_agent": {"c1": 2}}"#,
            "online.max_chats_by_agent.c1",
        ),
        (
            r#"{"max_chats_by_role": {"agent": 1000}}"#,
            "online.max_chats_by_role.agent",
        ),
        (
            r#"{"channel_routes": [{"channel": "app", "skill_group": "zz"}]}"#,
            "online.channel_routes[0].skill_group",
        ),
    ] {
        let c: cxkit_online::OnlineConfig = serde_json::from_str(cfg).unwrap();
        let e = cxkit_online::Board::new(tenant(), &c).unwrap_err();
        assert!(
            matches!(&e, OnlineError::Config { field: f, .. } if f == field),
            "{cfg}: {e}"
        );
    }
}

#[test]
fn snapshot_restores_an_equal_board() {
    let mut b = board();
    login(&mut b, 0, "o1");
    login(&mut b, 0, "b1");
    b.set_on_call("b1", true).unwrap();
    queue(&mut b, 0, "c1", "care");
    assign(&mut b, 1, "c1", "o1");
    customer(&mut b, 2, "c1");
    queue(&mut b, 3, "c2", "sales");
    let snap = b.snapshot();
    let json = serde_json::to_string(&snap).unwrap();
    let back: cxkit_online::BoardSnapshot = serde_json::from_str(&json).unwrap();
    let r = cxkit_online::Board::restore(tenant(), &config(), &back).unwrap();
    assert_eq!(r, b);
    assert_eq!(
        r.wallboard(&Scope::Tenant, at(9)).unwrap(),
        b.wallboard(&Scope::Tenant, at(9)).unwrap()
    );
    // A snapshot whose chat sits with an offline agent is refused.
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    v["agents"][0]["status"] = "offline".into();
    let bad: cxkit_online::BoardSnapshot = serde_json::from_value(v).unwrap();
    let e = cxkit_online::Board::restore(tenant(), &config(), &bad).unwrap_err();
    assert!(e.to_string().contains("offline"), "{e}");
}
