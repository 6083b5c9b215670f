//! Shared fixtures of the agent tests: a small tenant and an event builder.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use cxkit_agents::{AgentEvent, AgentsConfig, Board};
use cxkit_core::{Tenant, TenantConfig};
use std::sync::Arc;

/// hq → sales-dept → team-s1 ; hq → care-dept → team-c1. Two skill groups.
pub const TENANT: &str = r#"{
  "id": "t1", "time_zone": "Asia/Shanghai",
  "skill_groups": [{"id": "sales", "name": "Sales"}, {"id": "care", "name": "Care"}],
  "org": [
    {"id": "hq", "name": "HQ"},
    {"id": "sales-dept", "parent": "hq"}, {"id": "team-s1", "parent": "sales-dept"},
    {"id": "care-dept", "parent": "hq"}, {"id": "team-c1", "parent": "care-dept"}
  ],
  "agents": [
    {"id": "a1", "name": "Ann", "kind": "call", "org_unit": "team-s1", "skill_groups": ["sales"], "extension": "8001"},
    {"id": "a2", "name": "Bo", "kind": "both", "org_unit": "team-s1", "skill_groups": ["sales", "care"], "extension": "8002"},
    {"id": "a3", "name": "Cy", "kind": "call", "org_unit": "team-c1", "skill_groups": ["care"]},
    {"id": "a4", "name": "Di", "kind": "call", "skill_groups": ["care"]},
    {"id": "s1", "name": "Sue", "role": "team_lead", "kind": "call", "org_unit": "hq", "extension": "9001"},
    {"id": "s2", "name": "Sam", "role": "call_admin", "kind": "call", "org_unit": "care-dept", "extension": "9002"},
    {"id": "g1", "name": "Gus", "role": "agent", "kind": "call", "org_unit": "team-c1", "extension": "8009"},
    {"id": "o1", "name": "Olu", "kind": "online", "org_unit": "team-c1"}
  ]
}"#;

pub fn tenant() -> Arc<Tenant> {
    let c: TenantConfig = serde_json::from_str(TENANT).expect("fixture tenant parses");
    Arc::new(c.validate().expect("fixture tenant validates"))
}

pub fn board() -> Board {
    Board::new(tenant(), &AgentsConfig::default()).expect("board")
}

pub fn board_with(config: &str) -> Board {
    let c: AgentsConfig = serde_json::from_str(config).expect("agents config");
    Board::new(tenant(), &c).expect("board")
}

/// `2026-03-28T09:00:00Z` plus `secs`.
pub fn t(secs: i64) -> String {
    let base = chrono::DateTime::parse_from_rfc3339("2026-03-28T09:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    (base + chrono::Duration::seconds(secs)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

pub fn ts(secs: i64) -> cxkit_core::Timestamp {
    chrono::DateTime::parse_from_rfc3339(&t(secs))
        .unwrap()
        .with_timezone(&chrono::Utc)
}

/// Builds an event from JSON.
#[macro_export]
macro_rules! ev {
    ($($j:tt)+) => {
        serde_json::from_value::<cxkit_agents::AgentEvent>(serde_json::json!($($j)+)).expect("event json")
    };
}

pub fn apply(b: &mut Board, e: AgentEvent) {
    b.apply(&e)
        .unwrap_or_else(|err| panic!("{} refused: {err}", e.type_name()));
}

pub fn state(b: &Board, a: &str) -> &'static str {
    b.status_of(a).unwrap().name()
}
