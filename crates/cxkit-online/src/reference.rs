//! The OS3/OS4 definitions recomputed from the chat history, the slow and
//! obvious way: every chat's timeline is walked from the start for every
//! question. This is the reference model of the property tests (the
//! incremental [`Board`](crate::Board) must agree with it after every event)
//! and the baseline of the `online` bench. It trusts its input: `history`
//! holds the events the board accepted (not the duplicates), in order.

use crate::config::OnlineConfig;
use crate::event::{ChatEvent, LoginStatus, TransferTarget};
use crate::status::{Leaf, OnlineStatus};
use crate::views::{ChatTotals, OnlineAgentMetrics, avg_seconds, percent};
use cxkit_core::{AgentId, SkillGroupId, Tenant, Timestamp};

#[derive(Debug, Clone, PartialEq)]
enum Step {
    /// The chat enters the system (queued, or assigned directly), for a group or none.
    Enter(Option<SkillGroupId>),
    Queue(SkillGroupId),
    Transfer,
    Assign(AgentId),
    Customer,
    Agent(AgentId),
    Close,
    Rate(AgentId, bool),
}

/// One chat's timeline.
#[derive(Debug, Clone)]
struct Timeline {
    steps: Vec<(i64, Step)>,
}

impl Timeline {
    fn closed(&self) -> bool {
        self.steps.iter().any(|(_, s)| *s == Step::Close)
    }
    fn holder(&self) -> Option<&AgentId> {
        let mut h = None;
        for (_, s) in &self.steps {
            match s {
                Step::Assign(a) => h = Some(a),
                Step::Transfer | Step::Queue(_) | Step::Close => h = None,
                _ => {}
            }
        }
        h
    }
    fn last_holder(&self) -> Option<&AgentId> {
        self.steps.iter().rev().find_map(|(_, s)| match s {
            Step::Assign(a) => Some(a),
            _ => None,
        })
    }
    fn group(&self) -> Option<&SkillGroupId> {
        self.steps.iter().rev().find_map(|(_, s)| match s {
            Step::Queue(g) | Step::Enter(Some(g)) => Some(g),
            _ => None,
        })
    }
    /// Since when the customer waits for a reply at the end of `steps[..k]`.
    fn waiting_before(&self, k: usize) -> Option<i64> {
        let mut w = None;
        for (t, s) in &self.steps[..k] {
            match s {
                Step::Customer if w.is_none() => w = Some(*t),
                Step::Agent(_) | Step::Close => w = None,
                _ => {}
            }
        }
        w
    }
}

/// Every chat's timeline from the history (a chat id used again after its
/// closed chat was forgotten starts a new timeline).
fn timelines(history: &[ChatEvent]) -> Vec<Timeline> {
    let mut out: Vec<Timeline> = Vec::new();
    let mut open: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for e in history {
        let at = e.at().timestamp_millis();
        let chat = match e.subject() {
            crate::event::Subject::Chat(c) => c.as_str().to_owned(),
            crate::event::Subject::Agent(_) => continue,
        };
        let creates = match e {
            ChatEvent::Queued { .. } => true,
            ChatEvent::Assigned { .. } => open.get(&chat).is_none_or(|&k| out[k].closed()),
            _ => false,
        };
        if creates {
            out.push(Timeline { steps: Vec::new() });
            open.insert(chat.clone(), out.len() - 1);
        }
        let Some(&k) = open.get(&chat) else { continue };
        let tl = &mut out[k];
        match e {
            ChatEvent::Queued { skill_group, .. } => {
                tl.steps.push((at, Step::Enter(Some(skill_group.clone()))));
                tl.steps.push((at, Step::Queue(skill_group.clone())));
            }
            ChatEvent::Assigned {
                agent, skill_group, ..
            } => {
                if creates {
                    tl.steps.push((at, Step::Enter(skill_group.clone())));
                }
                tl.steps.push((at, Step::Assign(agent.clone())));
            }
            ChatEvent::CustomerMessage { .. } => tl.steps.push((at, Step::Customer)),
            ChatEvent::AgentMessage { .. } => {
                if let Some(h) = tl.holder().cloned() {
                    tl.steps.push((at, Step::Agent(h)));
                }
            }
            ChatEvent::Transferred { to, .. } => {
                tl.steps.push((at, Step::Transfer));
                match to {
                    TransferTarget::Agent(a) => tl.steps.push((at, Step::Assign(a.clone()))),
                    TransferTarget::SkillGroup(g) => tl.steps.push((at, Step::Queue(g.clone()))),
                }
            }
            ChatEvent::Closed { .. } => tl.steps.push((at, Step::Close)),
            ChatEvent::Rated { satisfied, .. } => {
                if let Some(h) = tl.last_holder().cloned() {
                    tl.steps.push((at, Step::Rate(h, *satisfied)));
                }
            }
            _ => {}
        }
    }
    out
}

/// OS3: the metrics of `agent` at `now` recomputed from `history`.
/// `on_call` is the agent's call state (not part of the chat history).
pub fn metrics(
    tenant: &Tenant,
    config: &OnlineConfig,
    history: &[ChatEvent],
    agent: &AgentId,
    on_call: bool,
    now: Timestamp,
) -> OnlineAgentMetrics {
    let (d0, d1) = cxkit_core::time::day_bounds(now, tenant.tz);
    let (d0, d1) = (d0.timestamp_millis(), d1.timestamp_millis());
    let today = |t: i64| t >= d0 && t < d1;
    let now = now.timestamp_millis();
    let profile = tenant.agent(agent).ok();
    let max = profile.map_or(config.max_chats, |p| config.max_for(agent, &p.role));
    let groups: Vec<SkillGroupId> = profile.map(|p| p.skill_groups.clone()).unwrap_or_default();

    // Status: the last status event of the agent.
    let (mut status, mut since) = (OnlineStatus::Offline, i64::MIN);
    for e in history {
        let to = match e {
            ChatEvent::AgentLogin {
                agent: a, status, ..
            } if a == agent => match status {
                LoginStatus::Online => OnlineStatus::Online,
                LoginStatus::Busy => OnlineStatus::Busy,
            },
            ChatEvent::AgentStatus {
                agent: a, status, ..
            } if a == agent => *status,
            ChatEvent::AgentLogout { agent: a, .. } if a == agent => OnlineStatus::Offline,
            _ => continue,
        };
        if to != status {
            status = to;
            since = e.at().timestamp_millis();
        }
    }

    let tls = timelines(history);
    let mut current = 0u32;
    let mut queued = 0u32;
    let mut served = 0u32;
    let mut unanswered = 0u32;
    let (mut fr_n, mut fr_ms, mut resp_n, mut resp_ms, mut rated, mut satisfied) =
        (0u32, 0i64, 0u32, 0i64, 0u32, 0u32);
    let limit = i64::from(config.unanswered_after_seconds) * 1000;
    for tl in &tls {
        let open = !tl.closed();
        if open && tl.holder() == Some(agent) {
            current += 1;
            if let Some(w) = tl.waiting_before(tl.steps.len())
                && now - w > limit
            {
                unanswered += 1;
            }
        }
        if open && tl.holder().is_none() && tl.group().is_some_and(|g| groups.contains(g)) {
            queued += 1;
        }
        let wrote = tl
            .steps
            .iter()
            .any(|(_, s)| *s == Step::Agent(agent.clone()));
        if wrote && tl.steps.iter().any(|(t, s)| *s == Step::Close && today(*t)) {
            served += 1;
        }
        for (t, s) in &tl.steps {
            if let Step::Rate(a, ok) = s
                && a == agent
                && today(*t)
            {
                rated += 1;
                satisfied += u32::from(*ok);
            }
        }
        // Segments of this agent: [assign, end).
        for (k, (s_at, s)) in tl.steps.iter().enumerate() {
            if *s != Step::Assign(agent.clone()) {
                continue;
            }
            let end = tl.steps[k + 1..]
                .iter()
                .position(|(_, x)| {
                    matches!(
                        x,
                        Step::Transfer | Step::Close | Step::Assign(_) | Step::Queue(_)
                    )
                })
                .map_or(tl.steps.len(), |p| k + 1 + p);
            let waiting_at_start = tl.waiting_before(k).is_some();
            let mut first_customer = None;
            let mut first_done = false;
            for j in k + 1..end {
                let (t, x) = &tl.steps[j];
                match x {
                    Step::Customer if first_customer.is_none() => first_customer = Some(*t),
                    Step::Agent(_) => {
                        if let Some(w) = tl.waiting_before(j)
                            && today(*t)
                        {
                            resp_n += 1;
                            resp_ms += t - w.max(*s_at);
                        }
                        if !first_done {
                            first_done = true;
                            let start = if waiting_at_start {
                                *s_at
                            } else {
                                first_customer.unwrap_or(*s_at)
                            };
                            if today(*t) && today(*s_at) {
                                fr_n += 1;
                                fr_ms += t - start;
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    let online = status != OnlineStatus::Offline;
    let blocked = config.call_blocks_chats && on_call;
    OnlineAgentMetrics {
        agent: agent.clone(),
        status,
        leaf: Leaf::of(status, current, max, blocked),
        status_since: if online {
            chrono::DateTime::from_timestamp_millis(since)
        } else {
            None
        },
        max_chats: max,
        current_chats: current,
        queued_chats: queued,
        chats_served_today: served,
        avg_first_response_seconds: avg_seconds(fr_ms, fr_n),
        avg_response_seconds: avg_seconds(resp_ms, resp_n),
        unanswered_chats: unanswered,
        satisfaction_rate: percent(satisfied, rated),
        status_duration_seconds: online.then(|| (now - since).max(0) as f64 / 1000.0),
    }
}

/// OS4: today's chat totals of the tenant (`group` = `None`) or of one
/// skill group, recomputed from `history`.
pub fn totals(
    tenant: &Tenant,
    history: &[ChatEvent],
    group: Option<&SkillGroupId>,
    now: Timestamp,
) -> ChatTotals {
    let (d0, d1) = cxkit_core::time::day_bounds(now, tenant.tz);
    let (d0, d1) = (d0.timestamp_millis(), d1.timestamp_millis());
    let today = |t: i64| t >= d0 && t < d1;
    let mine = |g: Option<&SkillGroupId>| match group {
        None => true,
        Some(x) => g == Some(x),
    };
    let mut out = ChatTotals::default();
    for tl in timelines(history) {
        let mut g: Option<&SkillGroupId> = None;
        let mut held = false;
        let mut wrote = false;
        let mut after_transfer = false;
        for (t, s) in &tl.steps {
            let day = today(*t);
            match s {
                Step::Enter(e) => {
                    g = e.as_ref();
                    if day && mine(g) {
                        out.offered += 1;
                    }
                }
                Step::Queue(q) => {
                    if after_transfer && day && group == Some(q) {
                        out.offered += 1;
                    }
                    g = Some(q);
                    held = false;
                }
                Step::Transfer => {
                    if day && mine(g) {
                        out.transferred += 1;
                    }
                    held = false;
                }
                Step::Assign(_) => held = true,
                Step::Agent(_) => wrote = true,
                Step::Close => {
                    if day && mine(g) {
                        out.abandoned_in_queue += u32::from(!held);
                        out.served += u32::from(wrote);
                    }
                    held = false;
                }
                Step::Customer | Step::Rate(..) => {}
            }
            after_transfer = *s == Step::Transfer;
        }
    }
    out
}
