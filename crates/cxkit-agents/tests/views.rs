//! insta snapshots of the views (CM1 wallboard, CM4 listening list, BS1
//! big screen) after scripted scenarios: transfer, consult, barge,
//! force-disconnect, ACW expiry, dynamic binding.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;
use cxkit_agents::Board;
use cxkit_core::Scope;

fn run(b: &mut Board, script: &[serde_json::Value]) {
    for (k, e) in script.iter().enumerate() {
        let e: cxkit_agents::AgentEvent =
            serde_json::from_value(e.clone()).unwrap_or_else(|err| panic!("step {k}: {err}"));
        b.apply(&e)
            .unwrap_or_else(|err| panic!("step {k} ({}): {err}", e.type_name()));
    }
}

fn views(b: &Board) -> serde_json::Value {
    serde_json::json!({
        "wallboard": b.wallboard(&Scope::Tenant).unwrap(),
        "care": b.wallboard(&Scope::SkillGroup { id: "care".into() }).unwrap(),
        "listening_list": b.listening_list(&Scope::Tenant).unwrap(),
        "big_screen": b.big_screen(&Scope::Tenant).unwrap(),
    })
}

fn base() -> Board {
    let mut b = board();
    run(
        &mut b,
        &[
            serde_json::json!({"type": "login", "agent": "a1", "at": t(0)}),
            serde_json::json!({"type": "login", "agent": "a2", "at": t(0)}),
            serde_json::json!({"type": "login", "agent": "a3", "at": t(0), "extension": "7003", "status": "busy"}),
            serde_json::json!({"type": "login", "agent": "s1", "at": t(0)}),
            serde_json::json!({"type": "call_offered", "agent": "a1", "at": t(10), "call": "c1"}),
            serde_json::json!({"type": "answer", "agent": "a1", "at": t(12)}),
        ],
    );
    b
}

#[test]
fn transfer() {
    let mut b = base();
    run(
        &mut b,
        &[
            serde_json::json!({"type": "consult_start", "agent": "a1", "at": t(20), "target": "a2", "mode": "transfer"}),
            serde_json::json!({"type": "consult_answered", "agent": "a2", "at": t(22)}),
        ],
    );
    insta::assert_json_snapshot!("transfer_consulting", views(&b));
    run(
        &mut b,
        &[serde_json::json!({"type": "transfer_confirmed", "agent": "a1", "at": t(40)})],
    );
    insta::assert_json_snapshot!("transfer_confirmed", views(&b));
}

#[test]
fn consult_three_way() {
    let mut b = base();
    run(
        &mut b,
        &[
            serde_json::json!({"type": "consult_start", "agent": "a1", "at": t(20), "target": "a2", "mode": "three_way"}),
            serde_json::json!({"type": "consult_answered", "agent": "a2", "at": t(22)}),
        ],
    );
    insta::assert_json_snapshot!("consult_three_way", views(&b));
}

#[test]
fn barge() {
    let mut b = base();
    run(
        &mut b,
        &[
            serde_json::json!({"type": "listen_start", "supervisor": "s1", "at": t(20), "target": "a1"}),
            serde_json::json!({"type": "barge", "supervisor": "s1", "at": t(25)}),
        ],
    );
    insta::assert_json_snapshot!("barge", views(&b));
}

#[test]
fn force_disconnect() {
    let mut b = base();
    run(
        &mut b,
        &[
            serde_json::json!({"type": "listen_start", "supervisor": "s1", "at": t(20), "target": "a1"}),
            serde_json::json!({"type": "force_disconnect", "supervisor": "s1", "at": t(25)}),
        ],
    );
    insta::assert_json_snapshot!("force_disconnect", views(&b));
    insta::assert_json_snapshot!("force_disconnect_supervisor_state", b.agent_state("s1").unwrap());
}

#[test]
fn acw_expiry() {
    let mut b = base();
    run(
        &mut b,
        &[
            serde_json::json!({"type": "call_ended", "agent": "a1", "at": t(60)}),
            serde_json::json!({"type": "tick", "at": t(70)}),
        ],
    );
    insta::assert_json_snapshot!("acw_running", views(&b));
    run(&mut b, &[serde_json::json!({"type": "tick", "at": t(90)})]);
    insta::assert_json_snapshot!("acw_expired", views(&b));
    insta::assert_json_snapshot!("acw_expired_stats", b.agent_stats("a1", ts(100)).unwrap());
}

#[test]
fn dynamic_binding() {
    let mut b = board();
    run(
        &mut b,
        &[serde_json::json!({"type": "login", "agent": "a3", "at": t(0), "extension": "7003"})],
    );
    let e = b
        .apply(&ev!({"type": "login", "agent": "a4", "at": t(1), "extension": "7003"}))
        .unwrap_err();
    insta::assert_snapshot!("dynamic_binding_conflict", e.to_string());
    run(
        &mut b,
        &[serde_json::json!({"type": "login", "agent": "a4", "at": t(1), "extension": "7004", "status": "busy"})],
    );
    insta::assert_json_snapshot!("dynamic_binding", views(&b));
    insta::assert_json_snapshot!("dynamic_binding_toolbar", b.toolbar("a3").unwrap());
}
