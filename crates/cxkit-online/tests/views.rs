//! `insta` snapshots of the OS4 wallboard and the OS3 metrics for a scripted day.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;
use cxkit_core::Scope;
use serde_json::json;

/// 09:00–12:00 at a small chat desk: three agents and a `both` agent, bot
/// handoffs, a transfer mid-wait, an abandon, a rating after close.
fn scripted_day() -> cxkit_online::Board {
    let mut b = board();
    login(&mut b, 0, "o1");
    login(&mut b, 0, "o2");
    login(&mut b, 60, "b1");
    apply(
        &mut b,
        120,
        json!({"type": "chat.agent_login", "agent": "o3", "status": "busy"}),
    );
    // A bot handoff on the web, answered quickly.
    apply(
        &mut b,
        300,
        json!({"type": "chat.queued", "chat": "w1", "skill_group": "care", "channel": "desktop_web", "from_bot": true}),
    );
    customer(&mut b, 300, "w1");
    assign(&mut b, 330, "w1", "o1");
    reply(&mut b, 345, "w1");
    customer(&mut b, 400, "w1");
    customer(&mut b, 405, "w1");
    customer(&mut b, 410, "w1");
    reply(&mut b, 440, "w1");
    close(&mut b, 600, "w1");
    apply(
        &mut b,
        700,
        json!({"type": "chat.rated", "chat": "w1", "satisfied": true, "score": 5}),
    );
    // A sales chat transferred mid-wait from o2 to o3's group.
    apply(
        &mut b,
        900,
        json!({"type": "chat.queued", "chat": "s1", "skill_group": "sales", "channel": "app"}),
    );
    assign(&mut b, 910, "s1", "o2");
    reply(&mut b, 920, "s1");
    customer(&mut b, 960, "s1");
    apply(
        &mut b,
        1000,
        json!({"type": "chat.transferred", "chat": "s1", "to": {"skill_group": "sales"}}),
    );
    apply(
        &mut b,
        1100,
        json!({"type": "chat.agent_status", "agent": "o3", "status": "online"}),
    );
    assign(&mut b, 1200, "s1", "o3");
    reply(&mut b, 1260, "s1");
    close(&mut b, 1500, "s1");
    apply(
        &mut b,
        1600,
        json!({"type": "chat.rated", "chat": "s1", "satisfied": false}),
    );
    // A customer who gives up in the queue, a chat still waiting, two open chats.
    queue(&mut b, 2000, "w2", "care");
    apply(
        &mut b,
        2300,
        json!({"type": "chat.closed", "chat": "w2", "by": "customer"}),
    );
    queue(&mut b, 9000, "w3", "care");
    queue(&mut b, 9500, "w4", "care");
    assign(&mut b, 9600, "w4", "b1");
    customer(&mut b, 9610, "w4");
    apply(
        &mut b,
        9700,
        json!({"type": "chat.assigned", "chat": "wx1", "agent": "o1", "channel": "wecom", "skill_group": "care"}),
    );
    customer(&mut b, 9700, "wx1");
    apply(
        &mut b,
        9800,
        json!({"type": "chat.agent_status", "agent": "o2", "status": "meal"}),
    );
    b
}

#[test]
fn os4_wallboard_of_a_scripted_day() {
    let b = scripted_day();
    let now = at(3 * 3600);
    for (name, scope) in [
        ("tenant", Scope::Tenant),
        ("care", Scope::SkillGroup { id: "care".into() }),
        (
            "team_b",
            Scope::OrgUnit {
                id: "team-b".into(),
            },
        ),
    ] {
        let w = b.wallboard(&scope, now).unwrap();
        assert!(w.is_consistent());
        insta::assert_json_snapshot!(format!("wallboard_{name}"), w);
    }
}

#[test]
fn os3_metrics_of_a_scripted_day() {
    let b = scripted_day();
    let now = at(3 * 3600);
    let rows: Vec<_> = ["o1", "o2", "o3", "b1"]
        .iter()
        .map(|a| b.metrics(a, now).unwrap())
        .collect();
    insta::assert_json_snapshot!("metrics", rows);
    insta::assert_json_snapshot!("o1_chats", b.agent_chats("o1", now).unwrap());
}
