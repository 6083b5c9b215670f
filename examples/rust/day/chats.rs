//! The online (chat) side of the day (OS1–OS5) on the same `CallCenter`:
//! the tenant's online agents and its `both` agents of the care group log in
//! to the online service at 09:00; chats arrive every few minutes from the
//! web, the app and WeCom — some assigned directly to an online agent, some
//! queued in `care` and taken from the queue, a few handed over by the bot
//! (`CallCenter::bot_handoff`); customers write in bursts, agents reply,
//! some chats are transferred, most are rated after they close. Every step
//! is a `chat.*` event through `CallCenter::apply`. The hourly online
//! wallboard (OS4) is printed, then the online admin's monitor view (WM2)
//! with the online metrics computed by the engine (OS3) and flagged by the
//! thresholds of `crates/cxkit/config/monitor.json`.

use super::say;
use super::sim::Sim;
use cxkit::Event;
use cxkit::core::{AgentId, Channel, Role, Scope, ServiceKind};
use cxkit::escalation_rules::CustomerMessage;
use cxkit::online_rules::{ChatEvent, ClosedBy, Leaf, LoginStatus, TransferTarget};
use cxkit::thresholds::{Level, Values, Viewer};
use cxkit::{Escalation, Handoff, Monitor, Templates};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

/// Seconds after the sim's 08:30 start: the online service runs 09:00–18:00.
const OPEN: i64 = 30 * 60;
const CLOSE: i64 = 9 * 3600 + 30 * 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Arrive,
    Customer,
    Reply,
    Transfer,
    Close,
    Rate,
    /// A queued customer gives up if nobody took the chat yet.
    GiveUp,
}

struct Online<'a> {
    sim: &'a mut Sim,
    rng: ChaCha8Rng,
    agents: Vec<AgentId>,
    queue: VecDeque<usize>,
    /// Chats the bot handed to the care queue (ids outside `chat-NNNN`).
    bot_queue: VecDeque<String>,
    plan: BinaryHeap<Reverse<(i64, usize, Step)>>,
    refused: Vec<String>,
    applied: u64,
    chats: usize,
}

impl Online<'_> {
    fn apply(&mut self, e: ChatEvent) -> bool {
        match self.sim.center.apply(&Event::Chat(e.clone())) {
            Ok(_) => {
                self.applied += 1;
                true
            }
            Err(err) => {
                self.refused.push(format!("{} {}: {err}", e.type_name(), e.at()));
                false
            }
        }
    }

    fn chat(i: usize) -> String {
        format!("chat-{i:04}")
    }

    /// An agent `online` with a free slot, if any (the least loaded first).
    fn free_agent(&self, at: i64, care_only: bool) -> Option<AgentId> {
        let now = self.sim.at(at);
        let tenant = self.sim.center.tenant();
        self.agents
            .iter()
            .filter(|a| !care_only || tenant.agent(a).is_ok_and(|p| p.kind == ServiceKind::Both))
            .filter_map(|a| self.sim.center.online_metrics(a, now).ok())
            .filter(|m| m.leaf == Some(Leaf::Accepting))
            .min_by_key(|m| (m.current_chats, m.agent.clone()))
            .map(|m| m.agent)
    }

    fn step(&mut self, at: i64, i: usize, step: Step) {
        let t = self.sim.at(at);
        let chat = Self::chat(i).as_str().into();
        match step {
            Step::Arrive => {
                let channel = [Channel::DesktopWeb, Channel::App, Channel::Wecom][self.rng.random_range(0..3usize)];
                if self.rng.random_bool(0.5) {
                    let Some(agent) = self.free_agent(at, false) else {
                        return;
                    };
                    let e = ChatEvent::Assigned {
                        chat,
                        at: t,
                        event_id: None,
                        agent,
                        channel: Some(channel),
                        instance: None,
                        skill_group: None,
                        from_bot: false,
                    };
                    if self.apply(e) {
                        self.plan.push(Reverse((at + 1, i, Step::Customer)));
                    }
                } else {
                    let e = ChatEvent::Queued {
                        chat,
                        at: t,
                        event_id: None,
                        skill_group: "care".into(),
                        channel,
                        instance: None,
                        from_bot: false,
                    };
                    if self.apply(e) {
                        self.queue.push_back(i);
                        self.plan.push(Reverse((at + 2, i, Step::Customer)));
                        self.plan.push(Reverse((at + self.rng.random_range(30..240i64), i, Step::GiveUp)));
                    }
                }
            }
            Step::Customer => {
                // A burst of one to three messages (a third of the time
                // another follows 4 s later), then the agent's reply.
                if self.sim.center.online().chat_state(&Self::chat(i)) == Some(cxkit::online_rules::ChatState::Closed) {
                    return;
                }
                self.apply(ChatEvent::CustomerMessage {
                    chat,
                    at: t,
                    event_id: None,
                });
                if self.rng.random_bool(0.33) {
                    self.plan.push(Reverse((at + 4, i, Step::Customer)));
                } else {
                    let wait = self.rng.random_range(5..80i64);
                    self.plan.push(Reverse((at + wait, i, Step::Reply)));
                }
            }
            Step::GiveUp => {
                if self.sim.center.online().chat_state(&Self::chat(i)) == Some(cxkit::online_rules::ChatState::Queued) {
                    self.apply(ChatEvent::Closed {
                        chat,
                        at: t,
                        event_id: None,
                        by: ClosedBy::Customer,
                    });
                }
            }
            Step::Reply => {
                let id = Self::chat(i);
                let state = self.sim.center.online().chat_state(&id);
                if state == Some(cxkit::online_rules::ChatState::Closed) {
                    return;
                }
                if state != Some(cxkit::online_rules::ChatState::Assigned) {
                    // Still queued: try again shortly.
                    self.plan.push(Reverse((at + 20, i, Step::Reply)));
                    return;
                }
                self.apply(ChatEvent::AgentMessage {
                    chat,
                    at: t,
                    event_id: None,
                    agent: None,
                });
                let next = match self.rng.random_range(0..10u32) {
                    0 => Step::Transfer,
                    1..=4 => Step::Customer,
                    _ => Step::Close,
                };
                self.plan.push(Reverse((at + self.rng.random_range(30..240i64), i, next)));
            }
            Step::Transfer => {
                if self.sim.center.online().chat_state(&Self::chat(i)) != Some(cxkit::online_rules::ChatState::Assigned) {
                    return;
                }
                let to = match self.free_agent(at, false) {
                    Some(a) if self.rng.random_bool(0.5) => TransferTarget::Agent(a),
                    _ => TransferTarget::SkillGroup("care".into()),
                };
                let back_to_queue = matches!(to, TransferTarget::SkillGroup(_));
                // A transfer to the agent who has it is refused by the rules: pick again later.
                let holder_is_target = matches!(&to, TransferTarget::Agent(a)
                    if self.sim.center.agent_chats(a, t).is_ok_and(|l| l.iter().any(|c| c.chat.as_str() == Self::chat(i))));
                if holder_is_target {
                    self.plan.push(Reverse((at + 30, i, Step::Close)));
                    return;
                }
                if self.apply(ChatEvent::Transferred {
                    chat,
                    at: t,
                    event_id: None,
                    to,
                }) {
                    if back_to_queue {
                        self.queue.push_back(i);
                    }
                    self.plan.push(Reverse((at + 10, i, Step::Customer)));
                }
            }
            Step::Close => {
                let id = Self::chat(i);
                match self.sim.center.online().chat_state(&id) {
                    Some(cxkit::online_rules::ChatState::Assigned) => {}
                    Some(cxkit::online_rules::ChatState::Queued) => {
                        self.plan.push(Reverse((at + 20, i, Step::Close)));
                        return;
                    }
                    _ => return,
                }
                let by = if self.rng.random_bool(0.6) { ClosedBy::Customer } else { ClosedBy::Agent };
                if self.apply(ChatEvent::Closed {
                    chat,
                    at: t,
                    event_id: None,
                    by,
                }) && self.rng.random_bool(0.7)
                {
                    self.plan.push(Reverse((at + 60, i, Step::Rate)));
                }
            }
            Step::Rate => {
                let satisfied = self.rng.random_bool(0.85);
                self.apply(ChatEvent::Rated {
                    chat,
                    at: t,
                    event_id: None,
                    satisfied,
                    score: Some(if satisfied { 5.0 } else { 2.0 }),
                });
            }
        }
    }

    /// Queued chats go to a free `both` agent of care, oldest first.
    fn drain_queue(&mut self, at: i64) {
        while let Some(&i) = self.queue.front() {
            let id = Self::chat(i);
            if self.sim.center.online().chat_state(&id) != Some(cxkit::online_rules::ChatState::Queued) {
                self.queue.pop_front();
                continue;
            }
            let Some(agent) = self.free_agent(at, true) else {
                return;
            };
            self.queue.pop_front();
            self.apply(ChatEvent::Assigned {
                chat: id.as_str().into(),
                at: self.sim.at(at),
                event_id: None,
                agent,
                channel: None,
                instance: None,
                skill_group: None,
                from_bot: false,
            });
        }
    }
}

fn wallboard_line(sim: &Sim, at: i64, out: &mut String) {
    let now = sim.at(at);
    let tz = sim.center.tenant().tz;
    let Ok(w) = sim.center.online_wallboard(&Scope::Tenant, now) else {
        return;
    };
    let longest = w.waiting.longest_wait_seconds.map_or("-".to_owned(), |s| format!("{s:.0} s"));
    say!(
        out,
        "  {}  logged in {:>2} | online {:>2} (full {:>2}) busy {:>2} non-service {:>2} | chats {:>3} | waiting {:>2} (longest {longest}) | today offered {:>3} served {:>3} abandoned {:>2} transferred {:>2}",
        now.with_timezone(&tz).format("%H:%M"),
        w.logged_in,
        w.online.total,
        w.online.full,
        w.busy.total,
        w.non_service.total,
        w.chats_in_progress,
        w.waiting.total,
        w.today.offered,
        w.today.served,
        w.today.abandoned_in_queue,
        w.today.transferred
    );
}

/// A bot conversation on the web whose customer asks for a human, handed over through OS5.
fn bot_handoff(o: &mut Online<'_>, esc: &mut Escalation, templates: &Templates, id: &str, s: i64) -> String {
    {
        let m = CustomerMessage {
            conversation: id.into(),
            channel: Channel::DesktopWeb,
            text: "转人工".into(),
            at: o.sim.at(s),
        };
        let line = match o.sim.center.bot_handoff(esc, templates, &m, "default") {
            Ok(Handoff::HandedToQueue { skill_group, chat, .. }) => {
                o.bot_queue.push_back(chat.to_string());
                format!("handed to the {skill_group} queue as chat {chat}")
            }
            Ok(Handoff::LeaveMessage { skill_group, templates, .. }) => format!(
                "nobody free in {}: leave a message ({} template offer)",
                skill_group.map_or("-".to_owned(), |g| g.to_string()),
                templates["kind"].as_str().unwrap_or("?")
            ),
            Ok(Handoff::None { .. }) => "the bot keeps it".to_owned(),
            Err(e) => format!("refused: {e}"),
        };
        format!(
            "  bot handoff {id} at {}: {line}",
            o.sim.at(s).with_timezone(&o.sim.center.tenant().tz).format("%H:%M")
        )
    }
}

/// Runs the online day and prints its hourly wallboard and the monitor view.
pub(crate) fn run_online_day(sim: &mut Sim, seed: u64, out: &mut String) {
    let tenant = sim.center.tenant().clone();
    let agents: Vec<AgentId> = tenant
        .config
        .agents
        .iter()
        .filter(|a| {
            a.kind == ServiceKind::Online
                || (a.kind == ServiceKind::Both && a.skill_groups.iter().any(|g| g.as_str() == "care"))
        })
        .map(|a| a.id.clone())
        .collect();
    say!(out);
    say!(
        out,
        "Online service (OS1–OS5): {} chat agents (online, and `both` agents of care), 09:00–18:00",
        agents.len()
    );
    let seed = 0x0c_a7 ^ seed;
    let (Ok(mut esc), Ok(templates)) = (Escalation::new(&sim.config.escalation), Templates::new(&sim.config)) else {
        return;
    };
    let mut handoffs = Vec::new();
    let mut o = Online {
        sim,
        rng: ChaCha8Rng::seed_from_u64(seed),
        agents,
        queue: VecDeque::new(),
        bot_queue: VecDeque::new(),
        plan: BinaryHeap::new(),
        refused: Vec::new(),
        applied: 0,
        chats: 0,
    };
    for a in o.agents.clone() {
        let at = o.sim.at(OPEN);
        o.apply(ChatEvent::AgentLogin {
            agent: a,
            at,
            event_id: None,
            status: LoginStatus::Online,
        });
    }
    let mut next_chat = OPEN + 60;
    let mut handoffs_done = false;
    for at in OPEN..=CLOSE {
        // The hourly wallboard, read before this second's events.
        if (at - OPEN) % 3600 == 0 {
            wallboard_line(o.sim, at, out);
        }
        if at == next_chat && at < CLOSE - 1800 {
            let i = o.chats;
            o.chats += 1;
            o.plan.push(Reverse((at, i, Step::Arrive)));
            next_chat += o.rng.random_range(20..150i64);
        }
        // The care desk picks up queued chats every two minutes.
        if at % 120 == 0 {
            o.drain_queue(at);
        }
        while let Some(&Reverse((t, i, step))) = o.plan.peek() {
            if t > at {
                break;
            }
            o.plan.pop();
            o.step(t, i, step);
        }
        if !handoffs_done && at == OPEN + 2 * 3600 {
            handoffs_done = true;
            // The non-service statuses: two agents take a meal, one a training.
            for (k, status) in [(0, "meal"), (1, "meal"), (2, "training")] {
                if let Some(a) = o.agents.get(k).cloned() {
                    let e = serde_json::json!({"type": "chat.agent_status", "agent": a, "at": o.sim.at(at), "status": status});
                    if let Ok(e) = serde_json::from_value::<ChatEvent>(e) {
                        o.apply(e);
                    }
                }
            }
        }
        if at == OPEN + 3 * 3600 {
            handoffs.push(bot_handoff(&mut o, &mut esc, &templates, "bot-1", at));
        }
        if at % 30 == 0
            && let Some(id) = o.bot_queue.front().cloned()
            && let Some(agent) = o.free_agent(at, true)
        {
            o.bot_queue.pop_front();
            let t = o.sim.at(at);
            o.apply(ChatEvent::Assigned {
                chat: id.as_str().into(),
                at: t,
                event_id: None,
                agent,
                channel: None,
                instance: None,
                skill_group: None,
                from_bot: false,
            });
        }
    }
    print_online_monitor(o.sim, CLOSE, out);
    // Closing time: everyone goes busy (keeps their chats, takes no new ones).
    for a in o.agents.clone() {
        let at = o.sim.at(CLOSE);
        o.apply(ChatEvent::AgentStatus {
            agent: a,
            at,
            event_id: None,
            status: cxkit::online_rules::OnlineStatus::Busy,
        });
    }
    handoffs.push(bot_handoff(&mut o, &mut esc, &templates, "bot-2", CLOSE + 600));
    for h in &handoffs {
        say!(out, "{h}");
    }
    say!(
        out,
        "  online events applied: {}; refused: {}",
        o.applied,
        o.refused.len()
    );
    for r in o.refused.iter().take(5) {
        say!(out, "    refused: {r}");
    }
}

/// WM2 for the online admin: the online metrics come from the engine.
fn print_online_monitor(sim: &Sim, at: i64, out: &mut String) {
    let Ok(monitor) = Monitor::new(&sim.config) else { return };
    let now = sim.at(at);
    let view = match sim
        .center
        .call_monitor_view(&monitor, &Viewer::new(Role::OnlineAdmin), None, now, &Values::new())
    {
        Ok(v) => v,
        Err(e) => {
            say!(out, "  monitor refused: {e}");
            return;
        }
    };
    say!(
        out,
        "  workplace monitor for the online admin at {} (columns: {}):",
        now.with_timezone(&sim.center.tenant().tz).format("%H:%M"),
        monitor.display_settings().defaults.online.join(", ")
    );
    let flagged: Vec<_> = view
        .rows()
        .iter()
        .filter(|r| r.cells().iter().any(|c| c.level().is_flagged()))
        .collect();
    for row in flagged.iter().take(12) {
        let Some(agent) = view.agent(row) else { continue };
        let cells: Vec<String> = row
            .cells()
            .iter()
            .map(|c| {
                let key = view.metric_key(c);
                let v = match c.value() {
                    None => "-".to_owned(),
                    Some(v) if key == "online_status_duration" => {
                        let s = v.round() as u64;
                        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
                    }
                    Some(v) if key == "online_satisfaction_rate" => format!("{v:.1} %"),
                    Some(v) if key.ends_with("_seconds") => format!("{v:.0} s"),
                    Some(v) => format!("{v:.0}"),
                };
                let mark = match c.level() {
                    Level::Normal => "",
                    Level::Warning => " !",
                    Level::Critical => " !!",
                };
                format!("{key} {v}{mark}")
            })
            .collect();
        say!(out, "    {:<7} {:<14} {}", agent.id, agent.name, cells.join(" | "));
    }
    if flagged.len() > 12 {
        say!(out, "    … {} more", flagged.len() - 12);
    }
    say!(
        out,
        "  totals: {} agents shown, {} flagged, {} flagged cells ({} critical)",
        view.agents(),
        view.flagged_agents(),
        view.flagged_cells(),
        view.critical_cells()
    );
}
