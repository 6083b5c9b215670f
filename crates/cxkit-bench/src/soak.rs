//! `soak`: memory stays flat however long a center runs (#18).
//!
//! A `CallCenter` of 10 000 agents with auto-ACW on is fed 10 M events of
//! the combined stream, generated on the fly (nothing is stored): every
//! agent logs in once, then takes call after call (`call.arrived`,
//! `call.queued`, agent `call_offered`/`answer`, `call.offered`,
//! `call.answered`, `call.caller_hung_up`, agent `call_ended` → ACW), each
//! event with an id (so the dedup windows fill), the next call arriving
//! after the ACW time, which the agent's next event settles. Run twice:
//! without any `tick` (ACW deadlines are then only ever deleted lazily —
//! the case that used to grow without end) and with a tick every 1 000
//! events. Prints the resident set size after 1 M and after 10 M events,
//! bytes per agent, and the ACW queue length; `ratio` is RSS(1 M) / RSS(10 M)
//! (1.0 = flat; the target is ≥ 0.95).

use crate::report::line;
use cxkit::core::{AgentProfile, Role, ServiceKind, SkillGroup, TenantConfig};
use cxkit::{CallCenter, Config, Event};
use serde_json::json;

const AGENTS: usize = 10_000;

fn config() -> Config {
    let agents = (0..AGENTS)
        .map(|i| AgentProfile {
            id: format!("a{i}").into(),
            name: String::new(),
            role: Role::Agent,
            kind: ServiceKind::Call,
            org_unit: None,
            skill_groups: vec!["sales".into()],
            extension: Some(format!("8{i:05}").into()),
        })
        .collect();
    let mut c = Config::example().expect("embedded config");
    c.tenant = TenantConfig {
        skill_groups: vec![SkillGroup {
            id: "sales".into(),
            name: String::new(),
        }],
        org: Vec::new(),
        agents,
        ..TenantConfig::default()
    };
    // The embedded online routes name the example tenant's groups.
    c.online = Default::default();
    c.agents.acw.enabled = true;
    c.agents.acw.seconds = 30;
    c
}

/// The resident set size of this process in bytes (Linux; 0 elsewhere).
fn rss_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1).and_then(|p| p.parse::<u64>().ok()))
        .map_or(0, |pages| pages * 4096)
}

/// The `n`-th event of the endless stream (one step of one agent's cycle).
fn nth_event(n: u64, ticks: bool) -> Event {
    let t0 = 1_774_659_600_000i64; // 2026-03-28T01:00:00Z
    if ticks && n % 1000 == 999 {
        let at = t0 + (n / 1000) as i64 * 4000; // the stream runs at 4 ms per event
        let text = format!(r#"{{"type":"tick","at":"{}","event_id":"t{n}"}}"#, ms(at));
        return Event::from_json_str(&text).expect("tick");
    }
    let agent = (n % AGENTS as u64) as usize;
    let round = n / AGENTS as u64;
    // Round 0 logs everyone in; then an 8-step call cycle per agent.
    let step = if round == 0 { None } else { Some((round - 1) % 8) };
    let cycle = round.saturating_sub(1) / 8;
    // 40 s per round: a whole cycle takes 320 s, ACW (30 s) is long over
    // by the next call, and settled by the agent's own next event.
    let at = ms(t0 + round as i64 * 40_000 + agent as i64);
    let a = format!("a{agent}");
    let call = format!("c{agent}-{cycle}");
    let id = format!("e{n}");
    let text = match step {
        None => format!(r#"{{"type":"login","agent":"{a}","at":"{at}","event_id":"{id}"}}"#),
        Some(0) => format!(
            r#"{{"type":"call.arrived","call":"{call}","at":"{at}","caller":"13800138000","callee":"4008001234","event_id":"{id}"}}"#
        ),
        Some(1) => format!(r#"{{"type":"call.queued","call":"{call}","at":"{at}","skill_group":"sales","event_id":"{id}"}}"#),
        Some(2) => format!(r#"{{"type":"call.offered","call":"{call}","at":"{at}","agent":"{a}","event_id":"{id}"}}"#),
        Some(3) => format!(r#"{{"type":"call_offered","agent":"{a}","at":"{at}","call":"{call}","event_id":"{id}"}}"#),
        Some(4) => format!(r#"{{"type":"call.answered","call":"{call}","at":"{at}","agent":"{a}","event_id":"{id}"}}"#),
        Some(5) => format!(r#"{{"type":"answer","agent":"{a}","at":"{at}","event_id":"{id}"}}"#),
        Some(6) => format!(r#"{{"type":"call.caller_hung_up","call":"{call}","at":"{at}","event_id":"{id}"}}"#),
        _ => format!(r#"{{"type":"call_ended","agent":"{a}","at":"{at}","event_id":"{id}"}}"#),
    };
    Event::from_json_str(&text).expect("soak event")
}

fn ms(t: i64) -> String {
    chrono::DateTime::from_timestamp_millis(t)
        .expect("instant")
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub fn run() {
    for ticks in [false, true] {
        let mut center = CallCenter::new(&config()).expect("soak center");
        let mut refused = 0u64;
        let mut rss_1m = 0;
        for n in 0..10_000_000u64 {
            if center.apply(&nth_event(n, ticks)).is_err() {
                refused += 1;
            }
            if n == 999_999 {
                rss_1m = rss_bytes();
            }
        }
        let rss_10m = rss_bytes();
        let label = if ticks { "soak.with_ticks" } else { "soak.without_ticks" };
        line(
            label,
            Some(AGENTS),
            rss_10m as f64 / AGENTS as f64,
            "bytes/agent (process RSS after 10M events)",
            "RSS after 1M events",
            Some(rss_1m as f64 / rss_10m.max(1) as f64),
            json!({
                "rss_1m": rss_1m,
                "rss_10m": rss_10m,
                "acw_queue": center.board().acw_queue_len(),
                "refused": refused,
            }),
        );
    }
}
