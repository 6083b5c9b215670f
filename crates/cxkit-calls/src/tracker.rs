//! [`CallTracker`]: the live calls of one tenant (CM1 items 1–2), fed by
//! call lifecycle events, turning every ended call into a [`CallRecord`]
//! with its SMS1 outcome and SMS decision, and keeping the current tenant
//! day's ended calls and CM3 trend.
//!
//! Stages of an inbound call: `ivr` (arrived, not yet in a skill group) →
//! `queue` → `ringing` → `talking` (hold is a flag on `talking`). A ring
//! without answer (`call.ring_ended`) sends the call back to the stage it was
//! offered from (its queue — keeping its queue entry time — or the IVR). A
//! ring timeout that ends the call is sent as `call.system_ended` while
//! ringing. An outbound call is `ringing` (dialing) then `talking`.
//!
//! Every event is checked completely before anything changes: an error
//! leaves the tracker exactly as it was.

use crate::CallPolicy;
use crate::error::CallError;
use crate::event::{CallEvent, TransferTarget};
use crate::outcome::Outcome;
use crate::record::{CallRecord, Direction, EndReason, Stage};
use crate::sms::SmsDecision;
use crate::trend::{Trend, TrendTable};
use crate::{CallsConfig, GroupWaiting, InboundNow, LiveCalls};
use chrono::SecondsFormat;
use cxkit_core::{AgentId, CallId, Scope, SkillGroupId, Tenant, Timestamp};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;

/// Whether an event changed anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrackStatus {
    /// The event was applied.
    Applied,
    /// An event with the same `event_id` was already applied; nothing changed.
    Duplicate,
}

/// An ended call: its record, its SMS1 outcome (`None` for outbound) and the SMS it triggers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndedRecord {
    /// The record.
    pub record: CallRecord,
    /// Its outcome.
    pub outcome: Option<Outcome>,
    /// The SMS to send (and the matching rules that could not).
    pub sms: SmsDecision,
}

/// What applying one event did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tracked {
    /// Applied or duplicate.
    pub status: TrackStatus,
    /// The call that ended, if the event ended one.
    pub ended: Option<EndedRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LiveCall {
    direction: Direction,
    stage: Stage,
    held: bool,
    /// Where a ring without answer returns to.
    offered_from: Stage,
    hotline: Option<String>,
    caller: String,
    callee: String,
    started_at: Timestamp,
    queued_at: Option<Timestamp>,
    /// Entry into the queue the call is in now (CM1 (2) oldest wait).
    queue_entered_at: Option<Timestamp>,
    skill_group: Option<SkillGroupId>,
    rang_at: Option<Timestamp>,
    answered_at: Option<Timestamp>,
    agent: Option<AgentId>,
    stage_entered_at: Timestamp,
    last_at: Timestamp,
}

impl LiveCall {
    fn state_name(&self) -> &'static str {
        match (self.direction, self.stage, self.held) {
            (_, Stage::Talking, true) => "held",
            (Direction::Outbound, Stage::Ringing, _) => "dialing",
            (_, s, _) => s.as_str(),
        }
    }

    fn record(&self, call: &CallId, ended_at: Timestamp, end_reason: EndReason) -> CallRecord {
        CallRecord {
            call: call.clone(),
            direction: self.direction,
            hotline: self.hotline.clone(),
            caller: self.caller.clone(),
            callee: self.callee.clone(),
            started_at: self.started_at,
            queued_at: self.queued_at,
            skill_group: self.skill_group.clone(),
            rang_at: self.rang_at,
            answered_at: self.answered_at,
            agent: self.agent.clone(),
            ended_in: self.stage,
            stage_entered_at: Some(self.stage_entered_at),
            end_reason,
            ended_at,
        }
    }
}

enum Next {
    Continue(LiveCall),
    End(LiveCall, EndReason),
}

/// The live tracker of calls in the system, plus the current day's ended calls.
#[derive(Debug, Clone)]
pub struct CallTracker {
    tenant: Arc<Tenant>,
    policy: CallPolicy,
    max_ended: usize,
    dedup_window: usize,
    seen: HashSet<String>,
    seen_order: VecDeque<String>,
    live: HashMap<CallId, LiveCall>,
    today: Option<Trend>,
    ended: VecDeque<EndedRecord>,
    dropped: u64,
}

impl CallTracker {
    /// A tracker with no call in the system. Validates the `calls` config
    /// (calendar zone defaults to the tenant's).
    pub fn new(tenant: &Tenant, config: &CallsConfig) -> Result<Self, CallError> {
        let policy = config.compile(Some(tenant.tz))?;
        Ok(CallTracker {
            tenant: Arc::new(tenant.clone()),
            policy,
            max_ended: config.max_ended_calls,
            dedup_window: config.dedup_window,
            seen: HashSet::new(),
            seen_order: VecDeque::new(),
            live: HashMap::new(),
            today: None,
            ended: VecDeque::new(),
            dropped: 0,
        })
    }

    /// The compiled rules (classifier, SMS triggers, trend interval).
    pub fn policy(&self) -> &CallPolicy {
        &self.policy
    }

    /// How many calls are in the system (inbound and outbound).
    pub fn live_count(&self) -> usize {
        self.live.len()
    }

    fn agent_known(&self, a: &AgentId) -> Result<(), CallError> {
        self.tenant
            .agent_position(a)
            .map(|_| ())
            .map_err(CallError::from)
    }

    fn group_known(&self, g: &SkillGroupId) -> Result<(), CallError> {
        self.tenant
            .skill_group_position(g)
            .map(|_| ())
            .map_err(CallError::from)
    }

    /// Applies one event. On error nothing changed.
    pub fn apply(&mut self, event: &CallEvent) -> Result<Tracked, CallError> {
        cxkit_core::time::check_supported(event.at()).map_err(|m| CallError::invalid_input("at", m))?;
        if event.event_id().is_some_and(|id| self.seen.contains(id)) {
            return Ok(Tracked {
                status: TrackStatus::Duplicate,
                ended: None,
            });
        }
        let call = event.call();
        let at = event.at();
        let next = match event {
            CallEvent::Arrived {
                hotline,
                caller,
                callee,
                direction,
                ..
            } => {
                if *direction != Direction::Inbound {
                    return Err(CallError::invalid_input(
                        "direction",
                        "`call.arrived` is for inbound calls; an outbound call starts with `call.outbound_dialed`",
                    ));
                }
                self.refuse_if_live(call, event)?;
                Next::Continue(LiveCall {
                    direction: Direction::Inbound,
                    stage: Stage::Ivr,
                    held: false,
                    offered_from: Stage::Ivr,
                    hotline: hotline.clone(),
                    caller: caller.clone(),
                    callee: callee.clone(),
                    started_at: at,
                    queued_at: None,
                    queue_entered_at: None,
                    skill_group: None,
                    rang_at: None,
                    answered_at: None,
                    agent: None,
                    stage_entered_at: at,
                    last_at: at,
                })
            }
            CallEvent::OutboundDialed {
                agent,
                caller,
                callee,
                ..
            } => {
                self.refuse_if_live(call, event)?;
                self.agent_known(agent)?;
                Next::Continue(LiveCall {
                    direction: Direction::Outbound,
                    stage: Stage::Ringing,
                    held: false,
                    offered_from: Stage::Ringing,
                    hotline: None,
                    caller: caller.clone(),
                    callee: callee.clone(),
                    started_at: at,
                    queued_at: None,
                    queue_entered_at: None,
                    skill_group: None,
                    rang_at: Some(at),
                    answered_at: None,
                    agent: Some(agent.clone()),
                    stage_entered_at: at,
                    last_at: at,
                })
            }
            _ => {
                let cur = self.live.get(call).ok_or_else(|| CallError::UnknownCall {
                    call: call.to_string(),
                })?;
                if at < cur.last_at {
                    return Err(CallError::OutOfOrder {
                        call: call.to_string(),
                        last: cur.last_at.to_rfc3339_opts(SecondsFormat::AutoSi, true),
                        got: at.to_rfc3339_opts(SecondsFormat::AutoSi, true),
                    });
                }
                self.transition(cur, event)?
            }
        };
        // Everything is checked; build the ended record before changing state.
        let ended = match &next {
            Next::Continue(_) => None,
            Next::End(c, reason) => {
                let record = c.record(call, at, *reason);
                record.validate()?;
                let outcome = self.policy.classifier.classify_valid(&record);
                let sms = self.policy.sms.triggers_for(&record, outcome);
                Some(EndedRecord {
                    record,
                    outcome,
                    sms,
                })
            }
        };
        match next {
            Next::Continue(mut c) => {
                c.last_at = at;
                self.live.insert(call.clone(), c);
            }
            Next::End(..) => {
                self.live.remove(call);
            }
        }
        if let Some(e) = &ended {
            self.keep_ended(e.clone());
        }
        if let Some(id) = event.event_id() {
            self.remember(id);
        }
        Ok(Tracked {
            status: TrackStatus::Applied,
            ended,
        })
    }

    fn refuse_if_live(&self, call: &CallId, event: &CallEvent) -> Result<(), CallError> {
        match self.live.get(call) {
            Some(c) => Err(CallError::InvalidTransition {
                call: call.to_string(),
                state: c.state_name().to_owned(),
                event: event.type_name().to_owned(),
            }),
            None => Ok(()),
        }
    }

    fn transition(&self, cur: &LiveCall, event: &CallEvent) -> Result<Next, CallError> {
        let refuse = || CallError::InvalidTransition {
            call: event.call().to_string(),
            state: cur.state_name().to_owned(),
            event: event.type_name().to_owned(),
        };
        let at = event.at();
        let inbound = cur.direction == Direction::Inbound;
        let mut n = cur.clone();
        use CallEvent as E;
        match event {
            E::Arrived { .. } | E::OutboundDialed { .. } => return Err(refuse()),
            E::IvrEntered { .. } | E::IvrLeft { .. } => {
                if !(inbound && cur.stage == Stage::Ivr) {
                    return Err(refuse());
                }
            }
            E::Queued { skill_group, .. } => {
                if !(inbound && matches!(cur.stage, Stage::Ivr | Stage::Queue)) {
                    return Err(refuse());
                }
                self.group_known(skill_group)?;
                n.stage = Stage::Queue;
                n.skill_group = Some(skill_group.clone());
                n.queued_at.get_or_insert(at);
                n.queue_entered_at = Some(at);
                n.stage_entered_at = at;
            }
            E::Offered { agent, .. } => {
                if !(inbound && matches!(cur.stage, Stage::Ivr | Stage::Queue)) {
                    return Err(refuse());
                }
                self.agent_known(agent)?;
                n.offered_from = cur.stage;
                n.stage = Stage::Ringing;
                n.agent = Some(agent.clone());
                n.rang_at.get_or_insert(at);
                n.stage_entered_at = at;
            }
            E::RingEnded { .. } => {
                if !(inbound && cur.stage == Stage::Ringing) {
                    return Err(refuse());
                }
                n.stage = cur.offered_from;
                n.stage_entered_at = match cur.offered_from {
                    // Back in its queue, with its place (entry time) kept.
                    Stage::Queue => cur.queue_entered_at.unwrap_or(at),
                    _ => at,
                };
            }
            E::Answered { agent, .. } => {
                if !(inbound && cur.stage == Stage::Ringing) {
                    return Err(refuse());
                }
                if cur.agent.as_ref() != Some(agent) {
                    return Err(CallError::invalid_input(
                        "agent",
                        format!(
                            "call `{}` is ringing at `{}`, not at `{agent}`",
                            event.call(),
                            cur.agent.as_ref().map(AgentId::as_str).unwrap_or("")
                        ),
                    ));
                }
                n.stage = Stage::Talking;
                n.held = false;
                n.answered_at.get_or_insert(at);
                n.stage_entered_at = at;
            }
            E::Held { .. } => {
                if cur.stage != Stage::Talking || cur.held {
                    return Err(refuse());
                }
                n.held = true;
            }
            E::Resumed { .. } => {
                if cur.stage != Stage::Talking || !cur.held {
                    return Err(refuse());
                }
                n.held = false;
            }
            E::Transferred { to, .. } => {
                if cur.stage != Stage::Talking {
                    return Err(refuse());
                }
                match to {
                    TransferTarget::Agent(a) => {
                        self.agent_known(a)?;
                        n.agent = Some(a.clone());
                        n.held = false;
                        n.stage_entered_at = at;
                    }
                    TransferTarget::SkillGroup(g) => {
                        if !inbound {
                            return Err(refuse());
                        }
                        self.group_known(g)?;
                        n.stage = Stage::Queue;
                        n.held = false;
                        n.skill_group = Some(g.clone());
                        n.queued_at.get_or_insert(at);
                        n.queue_entered_at = Some(at);
                        n.stage_entered_at = at;
                    }
                }
            }
            E::QueueTimeout { .. } => {
                if !(inbound && cur.stage == Stage::Queue) {
                    return Err(refuse());
                }
                return Ok(Next::End(n, EndReason::QueueTimeout));
            }
            E::CallerHungUp { .. } => {
                if !inbound {
                    return Err(refuse());
                }
                return Ok(Next::End(n, EndReason::CallerHungUp));
            }
            E::SystemEnded { .. } => return Ok(Next::End(n, EndReason::SystemEnded)),
            E::OutboundConnected { .. } => {
                if inbound || cur.stage != Stage::Ringing {
                    return Err(refuse());
                }
                n.stage = Stage::Talking;
                n.answered_at = Some(at);
                n.stage_entered_at = at;
            }
            E::OutboundEnded { .. } => {
                if inbound {
                    return Err(refuse());
                }
                return Ok(Next::End(n, EndReason::OutboundEnded));
            }
        }
        Ok(Next::Continue(n))
    }

    fn remember(&mut self, id: &str) {
        if self.dedup_window == 0 {
            return;
        }
        if self.seen.insert(id.to_owned()) {
            self.seen_order.push_back(id.to_owned());
        }
        while self.seen_order.len() > self.dedup_window {
            if let Some(old) = self.seen_order.pop_front() {
                self.seen.remove(&old);
            }
        }
    }

    fn keep_ended(&mut self, e: EndedRecord) {
        let tz = self.tenant.tz;
        let date = cxkit_core::time::local_date(e.record.started_at, tz);
        let roll = self.today.as_ref().is_none_or(|t| date > t.date);
        if roll {
            match Trend::new(date, tz, self.policy.interval_minutes) {
                Ok(t) => self.today = Some(t),
                Err(_) => return,
            }
            self.ended.clear();
            self.dropped = 0;
        }
        let Some(today) = self.today.as_mut() else {
            return;
        };
        if date < today.date {
            // A call that started on an earlier day belongs to that day's trend.
            return;
        }
        today.add(&e.record, e.outcome);
        if self.max_ended == 0 {
            self.dropped += 1;
            return;
        }
        if self.ended.len() >= self.max_ended {
            self.ended.pop_front();
            self.dropped += 1;
        }
        self.ended.push_back(e);
    }

    /// The ended calls kept for the current tenant day (those that started
    /// on it), oldest first, at most `max_ended_calls` (the oldest are dropped first).
    pub fn ended_calls(&self) -> impl ExactSizeIterator<Item = &EndedRecord> {
        self.ended.iter()
    }

    /// How many of the day's ended calls were dropped from [`CallTracker::ended_calls`]
    /// (they still count in the trend).
    pub fn dropped_ended_calls(&self) -> u64 {
        self.dropped
    }

    /// CM3: the trend of the tenant day containing `now`, intervals started
    /// at or before `now` ("today so far").
    pub fn trend_today(&self, now: Timestamp) -> Result<TrendTable, CallError> {
        cxkit_core::time::check_supported(now).map_err(|m| CallError::invalid_input("now", m))?;
        let tz = self.tenant.tz;
        let date = cxkit_core::time::local_date(now, tz);
        match &self.today {
            Some(t) if t.date == date => Ok(t.table(Some(now))),
            _ => Ok(Trend::new(date, tz, self.policy.interval_minutes)?.table(Some(now))),
        }
    }

    /// The partial trend aggregate of the current day (mergeable), if a call ended yet.
    pub fn today(&self) -> Option<&Trend> {
        self.today.as_ref()
    }

    /// CM1 items 1–2 for a scope. Tenant and org-unit scope see every call
    /// and every skill group (queues belong to no org unit); a skill-group
    /// scope sees only the calls queued, ringing or talking for that group.
    pub fn live(&self, scope: &Scope) -> Result<LiveCalls, CallError> {
        let only: Option<&SkillGroupId> = match scope {
            Scope::Tenant => None,
            Scope::OrgUnit { id } => {
                self.tenant.org.position(id)?;
                None
            }
            Scope::SkillGroup { id } => {
                self.group_known(id)?;
                Some(id)
            }
        };
        let groups: Vec<&SkillGroupId> = match only {
            Some(g) => vec![g],
            None => self
                .tenant
                .config
                .skill_groups
                .iter()
                .map(|g| &g.id)
                .collect(),
        };
        let mut waiting: Vec<GroupWaiting> = groups
            .iter()
            .map(|g| GroupWaiting {
                skill_group: (*g).clone(),
                waiting: 0,
                oldest_queued_at: None,
            })
            .collect();
        let mut inbound = InboundNow::default();
        for c in self.live.values() {
            if c.direction != Direction::Inbound {
                continue;
            }
            if let Some(g) = only
                && c.skill_group.as_ref() != Some(g)
            {
                continue;
            }
            inbound.total += 1;
            match c.stage {
                Stage::Ivr => inbound.ivr += 1,
                Stage::Queue => {
                    inbound.queued += 1;
                    if let Some(w) = waiting
                        .iter_mut()
                        .find(|w| Some(&w.skill_group) == c.skill_group.as_ref())
                    {
                        w.waiting += 1;
                        let t = c.queue_entered_at.unwrap_or(c.stage_entered_at);
                        w.oldest_queued_at = Some(w.oldest_queued_at.map_or(t, |o| o.min(t)));
                    }
                }
                Stage::Ringing => inbound.ringing += 1,
                Stage::Talking => inbound.talking += 1,
            }
        }
        Ok(LiveCalls { inbound, waiting })
    }
}/// Everything a [`CallTracker`] holds, as plain data: the calls in
/// progress, the dedup window, the day's ended calls and trend. Part of the
/// facade's versioned snapshot; restored by [`CallTracker::restore`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrackerSnapshot {
    tenant: cxkit_core::TenantId,
    /// Calls in progress, sorted by call id.
    live: Vec<(CallId, LiveCall)>,
    /// Event ids of the dedup window, oldest first.
    seen: Vec<String>,
    today: Option<Trend>,
    ended: Vec<EndedRecord>,
    dropped: u64,
}

impl CallTracker {
    /// The tracker as plain data (see [`TrackerSnapshot`]).
    pub fn snapshot(&self) -> TrackerSnapshot {
        let mut live: Vec<(CallId, LiveCall)> = self.live.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        live.sort_by(|a, b| a.0.cmp(&b.0));
        TrackerSnapshot {
            tenant: self.tenant.config.id.clone(),
            live,
            seen: self.seen_order.iter().cloned().collect(),
            today: self.today.clone(),
            ended: self.ended.iter().cloned().collect(),
            dropped: self.dropped,
        }
    }

    /// A tracker for `tenant` and `config` holding what `snap` recorded.
    /// Errors (`InvalidInput` naming the record): another tenant, a live
    /// call naming an agent or skill group the roster does not have, a
    /// trend of another shape.
    pub fn restore(tenant: &Tenant, config: &CallsConfig, snap: &TrackerSnapshot) -> Result<Self, CallError> {
        let mut t = CallTracker::new(tenant, config)?;
        if snap.tenant != tenant.config.id {
            return Err(CallError::invalid_input(
                "snapshot.calls.tenant",
                format!("snapshot of tenant `{}`, not `{}`", snap.tenant, tenant.config.id),
            ));
        }
        for (i, (call, c)) in snap.live.iter().enumerate() {
            let bad = |m: String| CallError::invalid_input(format!("snapshot.calls.live[{i}]"), m);
            if let Some(a) = &c.agent {
                t.agent_known(a).map_err(|e| bad(e.to_string()))?;
            }
            if let Some(g) = &c.skill_group {
                t.group_known(g).map_err(|e| bad(e.to_string()))?;
            }
            if t.live.insert(call.clone(), c.clone()).is_some() {
                return Err(bad(format!("call `{call}` is recorded twice")));
            }
        }
        for id in &snap.seen {
            t.remember(id);
        }
        t.today = match &snap.today {
            Some(trend) => Some(trend.clone().validate()?),
            None => None,
        };
        t.ended = snap.ended.iter().cloned().collect();
        t.dropped = snap.dropped;
        Ok(t)
    }
}

impl PartialEq for CallTracker {
    /// Equal live state: same tenant, rules, calls, dedup window and day.
    fn eq(&self, other: &Self) -> bool {
        self.tenant.config == other.tenant.config
            && self.max_ended == other.max_ended
            && self.dedup_window == other.dedup_window
            && self.snapshot() == other.snapshot()
    }
}


