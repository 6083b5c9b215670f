//! One test (or more) per rule, citing the spec IDs (TB1–TB5, CM1, CM2, CM4, BS1).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;
use cxkit_agents::{AgentError, ApplyStatus, Board, Listenability, Popup, Status, validate_dial};
use cxkit_core::Scope;

fn login(b: &mut Board, a: &str, at: i64) {
    apply(b, ev!({"type": "login", "agent": a, "at": t(at)}));
}
fn login_dyn(b: &mut Board, a: &str, ext: &str, at: i64) {
    apply(b, ev!({"type": "login", "agent": a, "at": t(at), "extension": ext}));
}
fn talking(b: &mut Board, a: &str, call: &str, at: i64) {
    apply(b, ev!({"type": "call_offered", "agent": a, "at": t(at), "call": call}));
    apply(b, ev!({"type": "answer", "agent": a, "at": t(at + 2)}));
}
fn expect_err(b: &mut Board, e: cxkit_agents::AgentEvent) -> AgentError {
    let before = b.clone();
    let err = b.apply(&e).expect_err("event must be refused");
    assert!(*b == before, "a refused event changed the board: {err}");
    err
}

#[test]
fn tb1_login_and_starting_status_are_one_step() {
    let mut b = board();
    apply(
        &mut b,
        ev!({"type": "login", "agent": "a1", "at": t(0), "status": "busy"}),
    );
    assert_eq!(state(&b, "a1"), "busy");
    login(&mut b, "a2", 1);
    assert_eq!(state(&b, "a2"), "idle");
    let w = b.wallboard(&Scope::Tenant).unwrap();
    assert_eq!((w.online, w.idle, w.busy), (2, 1, 1));
    let e = expect_err(&mut b, ev!({"type": "login", "agent": "a1", "at": t(2)}));
    assert!(
        matches!(
            e,
            AgentError::InvalidTransition {
                state: "busy",
                event: "login",
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn tb1_one_to_one_binding_uses_the_fixed_extension() {
    let mut b = board();
    let e = expect_err(
        &mut b,
        ev!({"type": "login", "agent": "a1", "at": t(0), "extension": "7777"}),
    );
    assert!(
        matches!(&e, AgentError::InvalidInput { field: "extension", message } if message.contains("8001")),
        "{e}"
    );
    apply(
        &mut b,
        ev!({"type": "login", "agent": "a1", "at": t(0), "extension": "8001"}),
    );
    assert_eq!(b.agent_state("a1").unwrap().extension.unwrap().as_str(), "8001");
}

#[test]
fn tb1_dynamic_binding_one_extension_one_agent() {
    let mut b = board();
    let e = expect_err(&mut b, ev!({"type": "login", "agent": "a3", "at": t(0)}));
    assert!(matches!(e, AgentError::InvalidInput { field: "extension", .. }), "{e}");
    login_dyn(&mut b, "a3", "7001", 0);
    let e = expect_err(
        &mut b,
        ev!({"type": "login", "agent": "a4", "at": t(1), "extension": "7001"}),
    );
    assert!(
        matches!(&e, AgentError::Conflict { holder, .. } if holder == "a3"),
        "{e}"
    );
    // A fixed extension is reserved for its owner even while the owner is offline.
    let e = expect_err(
        &mut b,
        ev!({"type": "login", "agent": "a4", "at": t(1), "extension": "8001"}),
    );
    assert!(
        matches!(&e, AgentError::Conflict { holder, .. } if holder == "a1"),
        "{e}"
    );
    apply(&mut b, ev!({"type": "logout", "agent": "a3", "at": t(2)}));
    login_dyn(&mut b, "a4", "7001", 3);
    assert_eq!(b.toolbar("a4").unwrap().extension.unwrap().as_str(), "7001");
}

#[test]
fn tb1_online_only_agents_have_no_call_seat() {
    let mut b = board();
    let e = expect_err(
        &mut b,
        ev!({"type": "login", "agent": "o1", "at": t(0), "extension": "7002"}),
    );
    assert!(matches!(e, AgentError::PermissionDenied { .. }), "{e}");
}

#[test]
fn tb2_acw_is_never_chosen_by_hand() {
    let err = serde_json::from_value::<cxkit_agents::AgentEvent>(
        serde_json::json!({"type": "set_status", "agent": "a1", "at": t(0), "status": "after_call_work"}),
    )
    .unwrap_err();
    assert!(err.to_string().contains("TB2"), "{err}");
}

#[test]
fn tb2_acw_starts_after_a_call_and_ends_by_tick() {
    let mut b = board();
    login(&mut b, "a1", 0);
    talking(&mut b, "a1", "c1", 10);
    apply(&mut b, ev!({"type": "call_ended", "agent": "a1", "at": t(100)}));
    assert_eq!(state(&b, "a1"), "after_call_work");
    assert_eq!(b.agent_state("a1").unwrap().acw_until, Some(ts(130)));
    apply(&mut b, ev!({"type": "tick", "at": t(129)}));
    assert_eq!(state(&b, "a1"), "after_call_work");
    apply(&mut b, ev!({"type": "tick", "at": t(131)}));
    assert_eq!(state(&b, "a1"), "idle");
    let st = b.agent_stats("a1", ts(200)).unwrap();
    assert_eq!((st.acw_count, st.acw_seconds), (1, 30.0));
    assert_eq!(
        st.status_since,
        Some(ts(130)),
        "ACW ends at its deadline, not at the tick"
    );
    assert_eq!((st.talk_count, st.talk_seconds, st.calls_answered), (1, 88.0, 1));
}

#[test]
fn tb2_return_to_previous_status_is_configurable() {
    let mut b = board_with(r#"{"acw": {"enabled": true, "seconds": 20, "return_to": "previous"}}"#);
    apply(
        &mut b,
        ev!({"type": "login", "agent": "a1", "at": t(0), "status": "busy"}),
    );
    apply(
        &mut b,
        ev!({"type": "dial", "agent": "a1", "at": t(5), "call": "o1", "number": "+8613800138000"}),
    );
    apply(&mut b, ev!({"type": "outbound_connected", "agent": "a1", "at": t(9)}));
    apply(&mut b, ev!({"type": "call_ended", "agent": "a1", "at": t(60)}));
    apply(&mut b, ev!({"type": "tick", "at": t(80)}));
    assert_eq!(state(&b, "a1"), "busy");
}

#[test]
fn tb2_early_finish_also_while_popup_collapsed() {
    let mut b = board();
    login(&mut b, "a1", 0);
    talking(&mut b, "a1", "c1", 1);
    apply(
        &mut b,
        ev!({"type": "popup_collapse", "agent": "a1", "at": t(4), "by_hand": true}),
    );
    apply(&mut b, ev!({"type": "call_ended", "agent": "a1", "at": t(10)}));
    apply(&mut b, ev!({"type": "acw_complete", "agent": "a1", "at": t(15)}));
    assert_eq!(state(&b, "a1"), "idle");
    assert_eq!(b.agent_state("a1").unwrap().popup, Popup::CollapsedByHand);
    assert_eq!(b.agent_stats("a1", ts(20)).unwrap().acw_seconds, 5.0);
    let e = expect_err(&mut b, ev!({"type": "acw_complete", "agent": "a1", "at": t(16)}));
    assert!(matches!(e, AgentError::InvalidTransition { state: "idle", .. }), "{e}");
}

#[test]
fn tb2_expired_acw_is_settled_by_the_agents_next_event() {
    let mut b = board();
    login(&mut b, "a1", 0);
    talking(&mut b, "a1", "c1", 1);
    apply(&mut b, ev!({"type": "call_ended", "agent": "a1", "at": t(10)}));
    // No tick came, but the ACW time (30 s) is up: the next call may ring.
    apply(
        &mut b,
        ev!({"type": "call_offered", "agent": "a1", "at": t(50), "call": "c2"}),
    );
    assert_eq!(state(&b, "a1"), "answering.ringing");
    // …and a refused event does not settle it.
    let mut b2 = board();
    login(&mut b2, "a1", 0);
    talking(&mut b2, "a1", "c1", 1);
    apply(&mut b2, ev!({"type": "call_ended", "agent": "a1", "at": t(10)}));
    expect_err(&mut b2, ev!({"type": "answer", "agent": "a1", "at": t(50)}));
    assert_eq!(state(&b2, "a1"), "after_call_work");
}

#[test]
fn tb2_acw_disabled_goes_straight_back() {
    let mut b = board_with(r#"{"acw": {"enabled": false}}"#);
    login(&mut b, "a1", 0);
    talking(&mut b, "a1", "c1", 1);
    apply(&mut b, ev!({"type": "call_ended", "agent": "a1", "at": t(10)}));
    assert_eq!(state(&b, "a1"), "idle");
}

#[test]
fn tb3_popup_collapsed_by_hand_stays_collapsed_on_a_call() {
    let mut b = board();
    login(&mut b, "a1", 0);
    login(&mut b, "a2", 0);
    apply(
        &mut b,
        ev!({"type": "popup_collapse", "agent": "a1", "at": t(1), "by_hand": true}),
    );
    apply(
        &mut b,
        ev!({"type": "popup_collapse", "agent": "a2", "at": t(1), "by_hand": false}),
    );
    apply(
        &mut b,
        ev!({"type": "call_offered", "agent": "a1", "at": t(2), "call": "c1"}),
    );
    apply(
        &mut b,
        ev!({"type": "call_offered", "agent": "a2", "at": t(2), "call": "c2"}),
    );
    assert_eq!(b.agent_state("a1").unwrap().popup, Popup::CollapsedByHand);
    assert_eq!(b.agent_state("a2").unwrap().popup, Popup::Expanded);
    assert!(!b.toolbar("a1").unwrap().popup_expanded);
    // Expanding by hand clears it: the next call expands again.
    apply(&mut b, ev!({"type": "popup_expand", "agent": "a1", "at": t(3)}));
    apply(
        &mut b,
        ev!({"type": "popup_collapse", "agent": "a1", "at": t(4), "by_hand": false}),
    );
    apply(&mut b, ev!({"type": "call_ended", "agent": "a1", "at": t(5)}));
    apply(
        &mut b,
        ev!({"type": "call_offered", "agent": "a1", "at": t(6), "call": "c3"}),
    );
    assert_eq!(b.agent_state("a1").unwrap().popup, Popup::Expanded);
}

#[test]
fn tb4_dial_string_rules() {
    for ok in ["1", "+861380013", "*86#", "#", "12345678901234567890123456789012"] {
        validate_dial(ok).unwrap_or_else(|e| panic!("{ok}: {e}"));
    }
    for (bad, needle) in [
        ("", "empty"),
        ("+", "followed"),
        ("12+3", "first character"),
        ("12a3", "`a` at position 3"),
        ("123456789012345678901234567890123", "33 characters"),
        ("1 2", "position 2"),
    ] {
        let e = validate_dial(bad).expect_err(bad);
        assert!(e.to_string().contains(needle), "{bad}: {e}");
    }
    let mut b = board();
    login(&mut b, "a1", 0);
    let e = expect_err(
        &mut b,
        ev!({"type": "dial", "agent": "a1", "at": t(1), "call": "o1", "number": "555-1234"}),
    );
    assert!(matches!(e, AgentError::InvalidInput { field: "number", .. }), "{e}");
}

#[test]
fn tb5_ringing_talking_hold_resume() {
    let mut b = board();
    login(&mut b, "a1", 0);
    apply(
        &mut b,
        ev!({"type": "call_offered", "agent": "a1", "at": t(1), "call": "c1"}),
    );
    assert_eq!(state(&b, "a1"), "answering.ringing");
    apply(&mut b, ev!({"type": "answer", "agent": "a1", "at": t(2)}));
    apply(&mut b, ev!({"type": "hold", "agent": "a1", "at": t(3)}));
    assert_eq!(state(&b, "a1"), "answering.on_hold");
    let e = expect_err(&mut b, ev!({"type": "hold", "agent": "a1", "at": t(4)}));
    assert!(matches!(
        e,
        AgentError::InvalidTransition {
            state: "answering.on_hold",
            event: "hold",
            ..
        }
    ));
    apply(&mut b, ev!({"type": "resume", "agent": "a1", "at": t(5)}));
    assert_eq!(state(&b, "a1"), "answering.talking");
    // A ring that ends unanswered: back, no ACW, counted.
    login(&mut b, "a2", 0);
    apply(
        &mut b,
        ev!({"type": "call_offered", "agent": "a2", "at": t(1), "call": "c2"}),
    );
    apply(&mut b, ev!({"type": "call_ended", "agent": "a2", "at": t(9)}));
    assert_eq!(state(&b, "a2"), "idle");
    assert_eq!(b.agent_stats("a2", ts(10)).unwrap().ring_no_answer, 1);
    // WM2 (ring-no-answer today): who ended the ring decides whether it was
    // the agent's miss: a customer hanging up during the ring is not; a
    // rejection or a timeout is.
    for (n, (by, counted)) in [("customer", 1), ("agent", 2), ("system", 3)].into_iter().enumerate() {
        let at = 20 + 10 * n as i64;
        apply(
            &mut b,
            ev!({"type": "call_offered", "agent": "a2", "at": t(at), "call": format!("r{n}")}),
        );
        apply(&mut b, ev!({"type": "call_ended", "agent": "a2", "at": t(at + 5), "ended_by": by}));
        assert_eq!(state(&b, "a2"), "idle", "{by}");
        assert_eq!(b.agent_stats("a2", ts(at + 6)).unwrap().ring_no_answer, counted, "{by}");
    }
}

#[test]
fn cm1_counts_roll_up_to_skill_groups_and_org_ancestors() {
    let mut b = board();
    login(&mut b, "a1", 0);
    login(&mut b, "a2", 0);
    login_dyn(&mut b, "a3", "7003", 0);
    talking(&mut b, "a2", "c1", 1);
    apply(
        &mut b,
        ev!({"type": "set_status", "agent": "a3", "at": t(5), "status": "meal"}),
    );
    let g = |s: Scope| b.wallboard(&s).unwrap();
    let sales = g(Scope::SkillGroup { id: "sales".into() });
    assert_eq!((sales.online, sales.idle, sales.answering.talking), (2, 1, 1));
    let care = g(Scope::SkillGroup { id: "care".into() });
    assert_eq!((care.online, care.answering.total, care.non_service.meal), (2, 1, 1));
    let hq = g(Scope::OrgUnit { id: "hq".into() });
    assert_eq!(hq.online, 3);
    assert_eq!(
        g(Scope::OrgUnit {
            id: "sales-dept".into()
        })
        .online,
        2
    );
    assert_eq!(g(Scope::OrgUnit { id: "care-dept".into() }).non_service.total, 1);
    let w = g(Scope::Tenant);
    assert!(w.is_consistent());
    assert_eq!(w, b.wallboard_by_recount(&Scope::Tenant).unwrap());
    assert!(matches!(
        b.wallboard(&Scope::OrgUnit { id: "nowhere".into() }),
        Err(AgentError::Core(_))
    ));
}

#[test]
fn cm2_transfer_confirmed_inbound_and_outbound() {
    for (direction, expected) in [("inbound", "answering.talking"), ("outbound", "outbound.talking")] {
        let mut b = board();
        login(&mut b, "a1", 0);
        login(&mut b, "a2", 0);
        if direction == "inbound" {
            talking(&mut b, "a1", "c1", 1);
        } else {
            apply(
                &mut b,
                ev!({"type": "dial", "agent": "a1", "at": t(1), "call": "c1", "number": "10086"}),
            );
            apply(&mut b, ev!({"type": "outbound_connected", "agent": "a1", "at": t(3)}));
        }
        apply(
            &mut b,
            ev!({"type": "consult_start", "agent": "a1", "at": t(10), "target": "a2", "mode": "transfer"}),
        );
        assert_eq!(state(&b, "a2"), "consulting.ringing");
        let e = expect_err(&mut b, ev!({"type": "transfer_confirmed", "agent": "a1", "at": t(11)}));
        assert!(e.to_string().contains("not answered"), "{e}");
        apply(&mut b, ev!({"type": "consult_answered", "agent": "a2", "at": t(12)}));
        assert_eq!(state(&b, "a2"), "consulting.transfer_consult");
        apply(&mut b, ev!({"type": "transfer_confirmed", "agent": "a1", "at": t(20)}));
        assert_eq!(state(&b, "a2"), expected);
        assert_eq!(b.agent_state("a2").unwrap().call.unwrap().as_str(), "c1");
        assert_eq!(state(&b, "a1"), "after_call_work");
        assert!(b.wallboard(&Scope::Tenant).unwrap().is_consistent());
    }
}

#[test]
fn cm2_consult_three_way_and_end() {
    let mut b = board();
    login(&mut b, "a1", 0);
    login(&mut b, "a2", 0);
    talking(&mut b, "a1", "c1", 1);
    let e = expect_err(
        &mut b,
        ev!({"type": "consult_start", "agent": "a1", "at": t(5), "target": "a3"}),
    );
    assert!(
        matches!(e, AgentError::InvalidTransition { state: "offline", .. }),
        "{e}"
    );
    apply(
        &mut b,
        ev!({"type": "consult_start", "agent": "a1", "at": t(5), "target": "a2", "mode": "three_way"}),
    );
    apply(&mut b, ev!({"type": "consult_answered", "agent": "a2", "at": t(6)}));
    let w = b.wallboard(&Scope::Tenant).unwrap();
    assert_eq!(
        (w.consulting.total, w.consulting.three_way, w.answering.talking),
        (1, 1, 1)
    );
    apply(&mut b, ev!({"type": "consult_ended", "agent": "a2", "at": t(30)}));
    assert_eq!(state(&b, "a2"), "idle");
    assert_eq!(state(&b, "a1"), "answering.talking");
    // The customer hangs up during a consult: the consulted agent is released.
    apply(
        &mut b,
        ev!({"type": "consult_start", "agent": "a1", "at": t(31), "target": "a2"}),
    );
    apply(&mut b, ev!({"type": "call_ended", "agent": "a1", "at": t(32)}));
    assert_eq!(state(&b, "a2"), "idle");
}

#[test]
fn cm4_only_a_talking_agent_can_be_listened_to_once() {
    let mut b = board();
    login(&mut b, "a1", 0);
    login(&mut b, "s1", 0);
    login(&mut b, "s2", 0);
    let e = expect_err(
        &mut b,
        ev!({"type": "listen_start", "supervisor": "s1", "at": t(1), "target": "a1"}),
    );
    assert!(
        matches!(
            e,
            AgentError::InvalidTransition {
                state: "idle",
                event: "listen_start",
                ..
            }
        ),
        "{e}"
    );
    talking(&mut b, "a1", "c1", 2);
    apply(
        &mut b,
        ev!({"type": "listen_start", "supervisor": "s1", "at": t(5), "target": "a1"}),
    );
    let e = expect_err(
        &mut b,
        ev!({"type": "listen_start", "supervisor": "s2", "at": t(6), "target": "a1"}),
    );
    assert!(
        matches!(&e, AgentError::Conflict { holder, .. } if holder == "s1"),
        "{e}"
    );
    let l = b.listening_list(&Scope::Tenant).unwrap();
    let row = l.agents.iter().find(|r| r.agent.as_str() == "a1").unwrap();
    assert_eq!(
        (row.listenability, row.label.as_str()),
        (Listenability::Monitored, "talking (monitored)")
    );
    let e = expect_err(&mut b, ev!({"type": "barge", "supervisor": "s2", "at": t(7)}));
    assert!(e.to_string().contains("CM4"), "{e}");
    apply(&mut b, ev!({"type": "barge", "supervisor": "s1", "at": t(8)}));
    let l = b.listening_list(&Scope::Tenant).unwrap();
    let row = l.agents.iter().find(|r| r.agent.as_str() == "a1").unwrap();
    assert_eq!(
        (row.listenability, row.label.as_str()),
        (Listenability::Barged, "three-way (barge)")
    );
    let bs = b.big_screen(&Scope::Tenant).unwrap();
    assert_eq!(bs.header, "online 3 / supervising 1");
    apply(&mut b, ev!({"type": "listen_end", "supervisor": "s1", "at": t(9)}));
    assert_eq!(state(&b, "s1"), "idle");
    assert_eq!(b.agent_state("a1").unwrap().monitor, cxkit_agents::Monitor::None);
}

#[test]
fn cm4_listening_needs_the_call_listen_permission() {
    let mut b = board();
    login(&mut b, "a1", 0);
    login(&mut b, "g1", 0);
    talking(&mut b, "a1", "c1", 1);
    let e = expect_err(
        &mut b,
        ev!({"type": "listen_start", "supervisor": "g1", "at": t(5), "target": "a1"}),
    );
    assert!(
        matches!(&e, AgentError::PermissionDenied { permission: "call_listen", role, .. } if role == "agent"),
        "{e}"
    );
}

#[test]
fn cm2_force_disconnect_hands_the_call_to_the_supervisor() {
    let mut b = board();
    login(&mut b, "a1", 0);
    apply(
        &mut b,
        ev!({"type": "login", "agent": "s1", "at": t(0), "status": "busy"}),
    );
    talking(&mut b, "a1", "c1", 1);
    let e = expect_err(
        &mut b,
        ev!({"type": "force_disconnect", "supervisor": "s1", "at": t(4)}),
    );
    assert!(matches!(e, AgentError::InvalidTransition { state: "busy", .. }), "{e}");
    apply(
        &mut b,
        ev!({"type": "listen_start", "supervisor": "s1", "at": t(5), "target": "a1"}),
    );
    apply(
        &mut b,
        ev!({"type": "force_disconnect", "supervisor": "s1", "at": t(9)}),
    );
    assert_eq!(state(&b, "s1"), "answering.talking");
    assert_eq!(b.agent_state("s1").unwrap().call.unwrap().as_str(), "c1");
    assert_eq!(state(&b, "a1"), "after_call_work");
    // The supervisor's own call ends like any other: ACW, then back to their prior status.
    apply(&mut b, ev!({"type": "call_ended", "agent": "s1", "at": t(60)}));
    assert_eq!(state(&b, "s1"), "after_call_work");
}

#[test]
fn errors_unknown_agent_out_of_order_and_duplicates() {
    let mut b = board();
    let e = expect_err(&mut b, ev!({"type": "login", "agent": "ghost", "at": t(0)}));
    assert!(
        matches!(
            e,
            AgentError::Core(cxkit_core::CoreError::UnknownEntity { kind: "agent", .. })
        ),
        "{e}"
    );
    apply(
        &mut b,
        ev!({"type": "login", "agent": "a1", "at": t(10), "event_id": "e1"}),
    );
    let e = expect_err(
        &mut b,
        ev!({"type": "set_status", "agent": "a1", "at": t(5), "status": "busy"}),
    );
    assert!(matches!(e, AgentError::OutOfOrder { .. }), "{e}");
    let before = b.clone();
    let r = b
        .apply(&ev!({"type": "login", "agent": "a1", "at": t(10), "event_id": "e1"}))
        .unwrap();
    assert_eq!(r, ApplyStatus::Duplicate);
    assert!(b == before);
    // The window keeps the last 8 ids per agent.
    for k in 0..8 {
        let s = if k % 2 == 0 { "busy" } else { "idle" };
        apply(
            &mut b,
            ev!({"type": "set_status", "agent": "a1", "at": t(20 + k), "status": s, "event_id": format!("x{k}")}),
        );
    }
    let r = b
        .apply(&ev!({"type": "set_status", "agent": "a1", "at": t(40), "status": "meal", "event_id": "e1"}))
        .unwrap();
    assert_eq!(r, ApplyStatus::Applied, "e1 fell out of the window");
}

#[test]
fn stats_reset_when_the_tenant_day_changes() {
    let mut b = board();
    login(&mut b, "a1", 0); // 17:00 Shanghai
    talking(&mut b, "a1", "c1", 10);
    apply(&mut b, ev!({"type": "call_ended", "agent": "a1", "at": t(70)}));
    apply(&mut b, ev!({"type": "acw_complete", "agent": "a1", "at": t(80)}));
    apply(
        &mut b,
        ev!({"type": "set_status", "agent": "a1", "at": t(100), "status": "busy"}),
    );
    let st = b.agent_stats("a1", ts(400)).unwrap();
    assert_eq!((st.calls_answered, st.busy_seconds), (1, 300.0));
    // 16:00Z is midnight in Shanghai: busy time is clipped to the new day.
    let next = 7 * 3600 + 600; // 16:10Z
    let st = b.agent_stats("a1", ts(next)).unwrap();
    assert_eq!((st.calls_answered, st.busy_seconds), (0, 600.0));
    apply(
        &mut b,
        ev!({"type": "set_status", "agent": "a1", "at": t(next), "status": "idle"}),
    );
    let st = b.agent_stats("a1", ts(next + 5)).unwrap();
    assert_eq!((st.calls_answered, st.busy_seconds, st.talk_count), (0, 600.0, 0));
}

#[test]
fn snapshot_restores_an_equal_board() {
    let mut b = board();
    login(&mut b, "a1", 0);
    login(&mut b, "a2", 0);
    login(&mut b, "s1", 0);
    login_dyn(&mut b, "a3", "7003", 0);
    talking(&mut b, "a1", "c1", 1);
    apply(
        &mut b,
        ev!({"type": "consult_start", "agent": "a1", "at": t(5), "target": "a2", "event_id": "k"}),
    );
    apply(
        &mut b,
        ev!({"type": "listen_start", "supervisor": "s1", "at": t(6), "target": "a1"}),
    );
    let json = serde_json::to_string(&b).unwrap();
    let snap: cxkit_agents::BoardSnapshot = serde_json::from_str(&json).unwrap();
    let r = Board::restore(tenant(), &Default::default(), &snap).unwrap();
    assert!(r == b);
    assert_eq!(r.counter_rows(), b.counter_rows());
    // A snapshot with a one-sided link is refused.
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    for a in v["agents"].as_array_mut().unwrap() {
        if a["agent"] == "s1" {
            a["peer"] = serde_json::Value::Null;
        }
    }
    let snap: cxkit_agents::BoardSnapshot = serde_json::from_value(v).unwrap();
    assert!(matches!(
        Board::restore(tenant(), &Default::default(), &snap),
        Err(AgentError::Config { .. })
    ));
}

#[test]
fn standalone_toolbar_runs_the_same_rules() {
    let mut tb = cxkit_agents::Toolbar::new("me".into(), None, &Default::default()).unwrap();
    assert!(
        tb.login(ts(0), cxkit_agents::StartStatus::Busy, None).is_err(),
        "dynamic binding needs an extension"
    );
    let v = tb
        .login(ts(0), cxkit_agents::StartStatus::Busy, Some("6001".into()))
        .unwrap();
    assert_eq!((v.logged_in, v.label.as_str()), (true, "busy"));
    tb.collapse(ts(1), true).unwrap();
    let v = tb.incoming_call(ts(2), "c1".into()).unwrap();
    assert!(!v.popup_expanded);
    tb.answer(ts(3)).unwrap();
    let v = tb.hang_up(ts(30)).unwrap();
    assert!(v.actions.contains(&"acw_complete".to_owned()));
    let v = tb.finish_acw(ts(31)).unwrap();
    assert_eq!(v.label, "idle");
    assert!(tb.dial(ts(32), "o1".into(), "12#a").is_err());
    assert_eq!(Status::Idle.name(), "idle");
}
