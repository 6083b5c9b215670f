//! The JSON of every view the facade offers, taken from the simulated day
//! after it ran (calls, then the online day): what `tests/view_shapes.rs`
//! compares with the shape tables of the docs (`<!-- shape: NAME -->`).

use super::chats;
use super::sim::{DAY_SECS, Sim};
use cxkit::core::{AgentId, Role, Scope};
use cxkit::escalation_rules::CustomerMessage;
use cxkit::thresholds::{Values, Viewer};
use cxkit::{Escalation, Event, Monitor, Templates};
use serde_json::{Value, json};

fn js<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).expect("every view serializes")
}

/// `(view name, one JSON value)` pairs; a view taken for several agents or
/// scopes appears once per value, so a field that is only sometimes set
/// (an ACW deadline, a listening supervisor) is seen where the day sets it.
pub fn views_of_the_day(seed: u64) -> Vec<(&'static str, Value)> {
    let mut sim = Sim::new(seed);
    let mut text = String::new();
    sim.run(&mut text);
    chats::run_online_day(&mut sim, seed, &mut text);
    let now = sim.at(DAY_SECS);
    let later = sim.at(DAY_SECS + 60).to_rfc3339();
    let sim_later_epoch = sim.at(DAY_SECS + 90).timestamp();
    let handoff_at = [sim.at(DAY_SECS + 120), sim.at(DAY_SECS + 180)];
    let cc = &mut sim.center;
    let tenant = cc.tenant().clone();
    let mut scopes = vec![Scope::Tenant];
    scopes.extend(
        tenant
            .config
            .skill_groups
            .iter()
            .map(|g| Scope::SkillGroup { id: g.id.clone() }),
    );
    scopes.extend(
        tenant
            .config
            .org
            .iter()
            .map(|u| Scope::OrgUnit { id: u.id.clone() }),
    );
    let agents: Vec<AgentId> = tenant.config.agents.iter().map(|a| a.id.clone()).collect();

    let mut out = Vec::new();
    for scope in &scopes {
        out.push((
            "wallboard",
            js(&cc.wallboard(scope).expect("a configured scope")),
        ));
        out.push((
            "live_calls",
            js(&cc.live_calls(scope).expect("a configured scope")),
        ));
        out.push((
            "listening_list",
            js(&cc.listening_list(scope).expect("a configured scope")),
        ));
        out.push((
            "big_screen",
            js(&cc.big_screen(scope).expect("a configured scope")),
        ));
        out.push((
            "online_wallboard",
            js(&cc.online_wallboard(scope, now).expect("a configured scope")),
        ));
    }
    for a in &agents {
        out.push((
            "agent_state",
            js(&cc.agent_state(a).expect("a roster agent")),
        ));
        out.push(("toolbar", js(&cc.toolbar(a).expect("a roster agent"))));
        out.push((
            "agent_stats",
            js(&cc.agent_stats(a, now).expect("a roster agent")),
        ));
        if let Ok(m) = cc.online_metrics(a, now) {
            out.push(("online_metrics", js(&m)));
        }
        if let Ok(chats) = cc.agent_chats(a, now) {
            out.extend(chats.iter().map(|c| ("agent_chat", js(c))));
        }
    }
    out.push(("trend", js(&cc.trend_today(now).expect("today's trend"))));
    out.extend(cc.ended_calls().iter().map(|c| ("ended_call", js(c))));
    let monitor = Monitor::new(&sim.config).expect("the embedded monitor section is valid");
    for role in [Role::CallAdmin, Role::OnlineAdmin, Role::SuperAdmin] {
        let view = cc.call_monitor_view(&monitor, &Viewer::new(role), None, now, &Values::new());
        out.push((
            "call_monitor_view",
            js(&view.expect("an admin may see the monitor")),
        ));
    }

    // Batch results: an applied event, its duplicate, a refused one, and a
    // call that arrives and is abandoned in the IVR (an ended call).
    let ev = |v: Value| serde_json::from_value::<Event>(v).expect("an event");
    let batch = cc.apply_many(&[
        ev(json!({"type": "tick", "at": later, "event_id": "views-1"})),
        ev(json!({"type": "tick", "at": later, "event_id": "views-1"})),
        ev(json!({"type": "acw_complete", "agent": agents[0].as_str(), "at": later})),
        ev(json!({"type": "call.arrived", "call": "views-c1", "caller": "13800000000", "callee": "4008001234",
                  "direction": "inbound", "at": later})),
        ev(json!({"type": "call.caller_hung_up", "call": "views-c1", "at": later})),
    ]);
    out.push(("batch_result", js(&batch)));
    // A feed chunk (FD3): a line that is no queue_log record, and a call
    // entering the sales queue.
    let mut feed = cxkit::feeds_api::open_feed("asterisk-queue-log", None).expect("a known source");
    let epoch = sim_later_epoch;
    let chunk =
        format!("not a queue_log line\n{epoch}|views-f1|sales|NONE|ENTERQUEUE||13900000000|1\n");
    out.push(("feed_batch", js(&cc.apply_feed(&mut feed, &chunk, None))));
    let applied = cc.apply(&ev(json!({"type": "tick", "at": later})));
    out.push(("applied", js(&applied.expect("a tick applies"))));

    // Bot handoffs (OS5): one with nobody of care free (leave a message),
    // then one the queue takes.
    let mut esc =
        Escalation::new(&sim.config.escalation).expect("the embedded escalation section is valid");
    let templates = Templates::new(&sim.config).expect("the embedded templates section is valid");
    let care_agent = tenant
        .config
        .agents
        .iter()
        .find(|a| {
            a.kind != cxkit::core::ServiceKind::Call
                && a.skill_groups.iter().any(|g| g.as_str() == "care")
        })
        .map(|a| a.id.clone())
        .expect("the embedded roster has chat agents in care");
    for (i, at) in handoff_at.into_iter().enumerate() {
        if i == 1 {
            // Someone of care takes chats again: the second handoff finds a
            // free slot (logged in and online, whatever the day left them in).
            let agent = care_agent.as_str();
            for e in [
                json!({"type": "chat.agent_login", "agent": agent, "at": at.to_rfc3339()}),
                json!({"type": "chat.agent_status", "agent": agent, "status": "online", "at": at.to_rfc3339()}),
            ] {
                let _ = sim
                    .center
                    .apply(&serde_json::from_value::<Event>(e).expect("an event"));
            }
        }
        let m = CustomerMessage {
            conversation: format!("views-bot-{i}").as_str().into(),
            channel: cxkit::core::Channel::DesktopWeb,
            text: "转人工".into(),
            at,
        };
        if let Ok(h) = sim.center.bot_handoff(&mut esc, &templates, &m, "default") {
            out.push(("bot_handoff", js(&h)));
        }
    }
    out
}
