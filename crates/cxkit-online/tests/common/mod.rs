//! Shared fixtures of the online tests: a small tenant and event builders.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use cxkit_core::{Tenant, TenantConfig, Timestamp};
use cxkit_online::{Board, ChatEvent, OnlineConfig};
use std::sync::Arc;

/// hq → team-a, team-b. Skill groups care and sales.
pub const TENANT: &str = r#"{
  "id": "t1", "time_zone": "Asia/Shanghai",
  "skill_groups": [{"id": "care"}, {"id": "sales"}],
  "org": [{"id": "hq"}, {"id": "team-a", "parent": "hq"}, {"id": "team-b", "parent": "hq"}],
  "agents": [
    {"id": "o1", "kind": "online", "org_unit": "team-a", "skill_groups": ["care"]},
    {"id": "o2", "kind": "online", "org_unit": "team-a", "skill_groups": ["care", "sales"]},
    {"id": "o3", "kind": "online", "role": "team_lead", "org_unit": "team-b", "skill_groups": ["sales"]},
    {"id": "b1", "kind": "both", "org_unit": "team-b", "skill_groups": ["care"], "extension": "8001"},
    {"id": "c1", "kind": "call", "org_unit": "team-a", "skill_groups": ["care"], "extension": "8002"}
  ]
}"#;

/// o1 takes 3 chats, team leads 2, everyone else the default 5.
pub const CONFIG: &str =
    r#"{"max_chats_by_agent": {"o1": 3}, "max_chats_by_role": {"team_lead": 2}}"#;

pub fn tenant() -> Arc<Tenant> {
    let c: TenantConfig = serde_json::from_str(TENANT).expect("fixture tenant parses");
    Arc::new(c.validate().expect("fixture tenant validates"))
}

pub fn config() -> OnlineConfig {
    serde_json::from_str(CONFIG).expect("online config parses")
}

pub fn board() -> Board {
    Board::new(tenant(), &config()).expect("board")
}

pub fn board_with(config: &str) -> Board {
    let c: OnlineConfig = serde_json::from_str(config).expect("online config");
    Board::new(tenant(), &c).expect("board")
}

/// 2026-03-02T01:00:00Z (09:00 in Shanghai) plus `s` seconds.
pub fn t(s: i64) -> String {
    (at(s)).to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub fn at(s: i64) -> Timestamp {
    "2026-03-02T01:00:00Z".parse::<Timestamp>().unwrap() + chrono::Duration::milliseconds(s * 1000)
}

/// Seconds from 09:00 to the tenant's next midnight.
pub const MIDNIGHT: i64 = 15 * 3600;

/// An event from JSON with `at` = `t(s)`.
pub fn ev(s: i64, mut v: serde_json::Value) -> ChatEvent {
    v["at"] = t(s).into();
    serde_json::from_value(v).expect("fixture event parses")
}

pub fn apply(b: &mut Board, s: i64, v: serde_json::Value) {
    let e = ev(s, v);
    b.apply(&e).unwrap_or_else(|err| panic!("{e:?}: {err}"));
}

pub fn login(b: &mut Board, s: i64, agent: &str) {
    apply(
        b,
        s,
        serde_json::json!({"type": "chat.agent_login", "agent": agent}),
    );
}

pub fn queue(b: &mut Board, s: i64, chat: &str, group: &str) {
    apply(
        b,
        s,
        serde_json::json!({"type": "chat.queued", "chat": chat, "skill_group": group, "channel": "desktop_web"}),
    );
}

pub fn assign(b: &mut Board, s: i64, chat: &str, agent: &str) {
    apply(
        b,
        s,
        serde_json::json!({"type": "chat.assigned", "chat": chat, "agent": agent}),
    );
}

pub fn customer(b: &mut Board, s: i64, chat: &str) {
    apply(
        b,
        s,
        serde_json::json!({"type": "chat.customer_message", "chat": chat}),
    );
}

pub fn reply(b: &mut Board, s: i64, chat: &str) {
    apply(
        b,
        s,
        serde_json::json!({"type": "chat.agent_message", "chat": chat}),
    );
}

pub fn close(b: &mut Board, s: i64, chat: &str) {
    apply(
        b,
        s,
        serde_json::json!({"type": "chat.closed", "chat": chat, "by": "agent"}),
    );
}
