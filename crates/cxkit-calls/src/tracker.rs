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
use cxkit_core::hash::{FxHashMap, FxHashSet, id_key as event_key};
use std::collections::VecDeque;
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

/// What an accepted call event does to an agent (FD1): the facade carries
/// these out on the agent board, in order, before the plan is committed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgentEffect {
    /// The call starts ringing at `agent`.
    Ring {
        /// The agent.
        agent: AgentId,
    },
    /// `agent`'s ring ends unanswered; `missed` counts it as the agent's
    /// ring-no-answer (not when the caller hung up, another agent answered
    /// or the call left the queue).
    RingEnd {
        /// The agent.
        agent: AgentId,
        /// A ring-no-answer of the agent's.
        missed: bool,
    },
    /// `agent` answers the call ringing at them.
    Answer {
        /// The agent.
        agent: AgentId,
    },
    /// The call's agent puts the customer on hold.
    Hold {
        /// The agent.
        agent: AgentId,
    },
    /// The hold ends.
    Resume {
        /// The agent.
        agent: AgentId,
    },
    /// `agent`'s own call is over (a connected call → ACW; a dial that never
    /// connected → back to the prior status).
    Leave {
        /// The agent.
        agent: AgentId,
    },
    /// `agent` dials out.
    Dial {
        /// The agent.
        agent: AgentId,
        /// The dialed number (TB4 applies).
        number: String,
    },
    /// The dialed customer picked up.
    Connect {
        /// The agent.
        agent: AgentId,
    },
    /// The call passes from `from` (→ ACW) to `to` (→ talking, CM2).
    HandOver {
        /// The agent leaving the call.
        from: AgentId,
        /// The agent taking it.
        to: AgentId,
    },
}

/// An event checked against the tracker and not yet committed: what it
/// will change ([`CallTracker::commit`]) and what it does to agents
/// ([`Plan::effects`]). Planning changes nothing.
#[derive(Debug, Clone)]
pub struct Plan {
    call: CallId,
    at: Timestamp,
    event_key: Option<u64>,
    next: Option<Next>,
    /// Boxed: a plan moves through every event's path, an ended call is
    /// one event in several (#13, FD5: a smaller plan to move).
    ended: Option<Box<EndedRecord>>,
    effects: Vec<AgentEffect>,
}

impl Plan {
    /// What the event does to agents, in order (empty for a duplicate).
    pub fn effects(&self) -> &[AgentEffect] {
        &self.effects
    }

    /// A duplicate event id: committing changes nothing.
    pub fn is_duplicate(&self) -> bool {
        self.next.is_none()
    }

    /// The call the plan is about.
    pub fn call(&self) -> &CallId {
        &self.call
    }

    /// The call that ends if the plan is committed.
    pub fn ended(&self) -> Option<&EndedRecord> {
        self.ended.as_deref()
    }
}

/// A call in progress. Its parties never change once it starts, so they
/// are shared: the tracker plans on a copy of the call for every event, and
/// one shared pointer is cheaper to copy and drop than three (#13, FD5).
/// Serialized as [`LiveCallWire`], the snapshot's flat shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "LiveCallWire", into = "LiveCallWire")]
struct LiveCall {
    direction: Direction,
    stage: Stage,
    held: bool,
    /// Where a ring without answer returns to.
    offered_from: Stage,
    parties: Arc<Parties>,
    started_at: Timestamp,
    queued_at: Option<Timestamp>,
    /// Entry into the queue the call is in now (CM1 (2) oldest wait).
    queue_entered_at: Option<Timestamp>,
    skill_group: Option<SkillGroupId>,
    rang_at: Option<Timestamp>,
    answered_at: Option<Timestamp>,
    /// The connected agent (talking), or the agent rung last (ringing).
    agent: Option<AgentId>,
    stage_entered_at: Timestamp,
    last_at: Timestamp,
    /// Every agent whose phone rings for the call now (FD2 ring-all).
    ringing: Vec<AgentId>,
    /// The agent consulted on the call (consult_start … consult_ended).
    consulted: Option<AgentId>,
}

/// [`LiveCall`] as snapshots write and read it (every field flat).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LiveCallWire {
    direction: Direction,
    stage: Stage,
    held: bool,
    /// Where a ring without answer returns to.
    offered_from: Stage,
    hotline: Option<Arc<str>>,
    caller: Arc<str>,
    callee: Arc<str>,
    started_at: Timestamp,
    queued_at: Option<Timestamp>,
    /// Entry into the queue the call is in now (CM1 (2) oldest wait).
    queue_entered_at: Option<Timestamp>,
    skill_group: Option<SkillGroupId>,
    rang_at: Option<Timestamp>,
    answered_at: Option<Timestamp>,
    /// The connected agent (talking), or the agent rung last (ringing).
    agent: Option<AgentId>,
    stage_entered_at: Timestamp,
    last_at: Timestamp,
    /// Every agent whose phone rings for the call now (FD2 ring-all).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    ringing: Vec<AgentId>,
    /// The agent consulted on the call (consult_start … consult_ended).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    consulted: Option<AgentId>,
}

#[derive(Debug, PartialEq, Eq)]
struct Parties {
    hotline: Option<Arc<str>>,
    caller: Arc<str>,
    callee: Arc<str>,
}

impl From<LiveCallWire> for LiveCall {
    fn from(w: LiveCallWire) -> Self {
        LiveCall {
            direction: w.direction,
            stage: w.stage,
            held: w.held,
            offered_from: w.offered_from,
            parties: Arc::new(Parties {
                hotline: w.hotline,
                caller: w.caller,
                callee: w.callee,
            }),
            started_at: w.started_at,
            queued_at: w.queued_at,
            queue_entered_at: w.queue_entered_at,
            skill_group: w.skill_group,
            rang_at: w.rang_at,
            answered_at: w.answered_at,
            agent: w.agent,
            stage_entered_at: w.stage_entered_at,
            last_at: w.last_at,
            ringing: w.ringing,
            consulted: w.consulted,
        }
    }
}

impl From<LiveCall> for LiveCallWire {
    fn from(c: LiveCall) -> Self {
        LiveCallWire {
            direction: c.direction,
            stage: c.stage,
            held: c.held,
            offered_from: c.offered_from,
            hotline: c.parties.hotline.clone(),
            caller: c.parties.caller.clone(),
            callee: c.parties.callee.clone(),
            started_at: c.started_at,
            queued_at: c.queued_at,
            queue_entered_at: c.queue_entered_at,
            skill_group: c.skill_group,
            rang_at: c.rang_at,
            answered_at: c.answered_at,
            agent: c.agent,
            stage_entered_at: c.stage_entered_at,
            last_at: c.last_at,
            ringing: c.ringing,
            consulted: c.consulted,
        }
    }
}

impl LiveCall {
    fn state_name(&self) -> &'static str {
        match (self.direction, self.stage, self.held) {
            (_, Stage::Talking, true) => "held",
            (Direction::Outbound, Stage::Ringing, _) => "dialing",
            (_, s, _) => s.as_str(),
        }
    }

    fn inbound(at: Timestamp, hotline: Option<&str>, caller: &str, callee: &str) -> LiveCall {
        LiveCall {
            direction: Direction::Inbound,
            stage: Stage::Ivr,
            held: false,
            offered_from: Stage::Ivr,
            parties: Arc::new(Parties {
                hotline: hotline.map(Arc::from),
                caller: Arc::from(caller),
                callee: Arc::from(callee),
            }),
            started_at: at,
            queued_at: None,
            queue_entered_at: None,
            skill_group: None,
            rang_at: None,
            answered_at: None,
            agent: None,
            stage_entered_at: at,
            last_at: at,
            ringing: Vec::new(),
            consulted: None,
        }
    }

    fn record(&self, call: &CallId, ended_at: Timestamp, end_reason: EndReason) -> CallRecord {
        CallRecord {
            call: call.clone(),
            direction: self.direction,
            hotline: self.parties.hotline.as_deref().map(str::to_owned),
            caller: self.parties.caller.to_string(),
            callee: self.parties.callee.to_string(),
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
            destination: None,
        }
    }

    /// The agents on the call as the FD1 invariant counts them: ringing,
    /// connected (talking, holding, dialing) and consulted.
    fn agents_on(&self) -> Vec<&AgentId> {
        let mut v: Vec<&AgentId> = self.ringing.iter().collect();
        let connected = match self.direction {
            Direction::Inbound => self.stage == Stage::Talking,
            Direction::Outbound => true,
        };
        if connected && let Some(a) = &self.agent {
            v.push(a);
        }
        if let Some(c) = &self.consulted {
            v.push(c);
        }
        v
    }
}

#[derive(Debug, Clone)]
enum Next {
    Continue(LiveCall),
    End(LiveCall, EndReason, Option<String>),
}

/// The live tracker of calls in the system, plus the recent days' ended calls and trends.
#[derive(Debug, Clone)]
pub struct CallTracker {
    tenant: Arc<Tenant>,
    policy: CallPolicy,
    max_ended: usize,
    dedup_window: usize,
    trend_days: usize,
    /// The dedup window: the 53-bit keys of the last event ids
    /// (`cxkit_core::hash::event_key`), as a set and in arrival order.
    seen: FxHashSet<u64>,
    seen_order: VecDeque<u64>,
    live: FxHashMap<CallId, LiveCall>,
    today: Option<Trend>,
    /// Earlier days' trends, oldest first (at most `trend_days - 1`).
    past: VecDeque<Trend>,
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
            trend_days: config.trend_days.max(1),
            seen: FxHashSet::default(),
            seen_order: VecDeque::new(),
            live: FxHashMap::default(),
            today: None,
            past: VecDeque::new(),
            ended: VecDeque::new(),
            dropped: 0,
        })
    }

    /// The same tracker over another roster (FD4: the roster learned an
    /// agent or a skill group). Every name it holds stays valid.
    pub fn with_tenant(&self, tenant: &Tenant) -> Self {
        let mut t = self.clone();
        t.tenant = Arc::new(tenant.clone());
        t
    }

    /// The compiled rules (classifier, SMS triggers, trend interval).
    pub fn policy(&self) -> &CallPolicy {
        &self.policy
    }

    /// How many calls are in the system (inbound and outbound).
    pub fn live_count(&self) -> usize {
        self.live.len()
    }

    /// Whether the call is in the system.
    pub fn is_live(&self, call: &CallId) -> bool {
        self.live.contains_key(call)
    }

    /// FD1: every live call with the agents on it (ringing, connected,
    /// consulted), sorted by call id.
    pub fn agents_on_calls(&self) -> Vec<(&CallId, Vec<&AgentId>)> {
        let mut v: Vec<(&CallId, Vec<&AgentId>)> = self.live.iter().map(|(k, c)| (k, c.agents_on())).collect();
        v.sort_by(|a, b| a.0.cmp(b.0));
        v
    }

    /// The skill group a live call is in (or was last queued in).
    pub fn skill_group_of(&self, call: &CallId) -> Option<&SkillGroupId> {
        self.live.get(call)?.skill_group.as_ref()
    }

    /// The connected agent of a live call (talking or holding; the dialing
    /// agent of an outbound call).
    pub fn connected_agent(&self, call: &CallId) -> Option<&AgentId> {
        let c = self.live.get(call)?;
        match (c.direction, c.stage) {
            (Direction::Inbound, Stage::Talking) | (Direction::Outbound, _) => c.agent.as_ref(),
            _ => None,
        }
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

    /// Applies one event. On error nothing changed. (The facade uses
    /// [`CallTracker::plan`] and [`CallTracker::commit`] to carry the
    /// event's [`AgentEffect`]s out on the board in between.)
    pub fn apply(&mut self, event: &CallEvent) -> Result<Tracked, CallError> {
        let plan = self.plan(event)?;
        Ok(self.commit(plan))
    }

    /// Checks one event completely and says what it would do; changes nothing.
    pub fn plan(&self, event: &CallEvent) -> Result<Plan, CallError> {
        cxkit_core::time::check_supported(event.at()).map_err(|m| CallError::invalid_input("at", m))?;
        let call = event.call();
        let at = event.at();
        let key = event.event_id().map(event_key);
        if key.is_some_and(|k| self.seen.contains(&k)) {
            return Ok(Plan {
                call: call.clone(),
                at,
                event_key: None,
                next: None,
                ended: None,
                effects: Vec::new(),
            });
        }
        let mut effects = Vec::new();
        let next = match (event, self.live.get(call)) {
            (
                CallEvent::Arrived {
                    hotline,
                    caller,
                    callee,
                    direction,
                    ..
                },
                None,
            ) => {
                if *direction != Direction::Inbound {
                    return Err(CallError::invalid_input(
                        "direction",
                        "`call.arrived` is for inbound calls; an outbound call starts with `call.outbound_dialed`",
                    ));
                }
                Next::Continue(LiveCall::inbound(at, hotline.as_deref(), caller, callee))
            }
            (
                CallEvent::OutboundDialed {
                    agent,
                    caller,
                    callee,
                    ..
                },
                None,
            ) => {
                self.agent_known(agent)?;
                effects.push(AgentEffect::Dial {
                    agent: agent.clone(),
                    number: callee.clone(),
                });
                Next::Continue(LiveCall {
                    direction: Direction::Outbound,
                    stage: Stage::Ringing,
                    held: false,
                    offered_from: Stage::Ringing,
                    parties: Arc::new(Parties {
                        hotline: None,
                        caller: Arc::from(caller.as_str()),
                        callee: Arc::from(callee.as_str()),
                    }),
                    started_at: at,
                    queued_at: None,
                    queue_entered_at: None,
                    skill_group: None,
                    rang_at: Some(at),
                    answered_at: None,
                    agent: Some(agent.clone()),
                    stage_entered_at: at,
                    last_at: at,
                    ringing: Vec::new(),
                    consulted: None,
                })
            }
            // FD2: a call that enters a queue or rings an agent with no
            // `call.arrived` starts there.
            (e, None) => match e.start_fields() {
                Some((hotline, caller, callee)) => {
                    let fresh = LiveCall::inbound(
                        at,
                        hotline.as_deref(),
                        caller.as_deref().unwrap_or_default(),
                        callee.as_deref().unwrap_or_default(),
                    );
                    self.transition(&fresh, event, &mut effects)?
                }
                None => {
                    return Err(CallError::UnknownCall {
                        call: call.to_string(),
                    });
                }
            },
            (_, Some(cur)) => {
                if at < cur.last_at {
                    return Err(CallError::OutOfOrder {
                        call: call.to_string(),
                        last: cur.last_at.to_rfc3339_opts(SecondsFormat::AutoSi, true),
                        got: at.to_rfc3339_opts(SecondsFormat::AutoSi, true),
                    });
                }
                if let Some((hotline, caller, callee)) = event.start_fields() {
                    for (name, v) in [("hotline", hotline), ("caller", caller), ("callee", callee)] {
                        if v.is_some() {
                            return Err(CallError::invalid_input(
                                name,
                                format!(
                                    "`{name}` is given only when `{}` starts the call; call `{call}` is already in the system",
                                    event.type_name()
                                ),
                            ));
                        }
                    }
                }
                self.transition(cur, event, &mut effects)?
            }
        };
        self.finish_plan(call, at, key, next, effects)
    }

    fn finish_plan(
        &self,
        call: &CallId,
        at: Timestamp,
        event_key: Option<u64>,
        next: Next,
        effects: Vec<AgentEffect>,
    ) -> Result<Plan, CallError> {
        let ended = match &next {
            Next::Continue(_) => None,
            Next::End(c, reason, destination) => {
                let mut record = c.record(call, at, *reason);
                record.destination = destination.clone();
                record.validate()?;
                let outcome = self.policy.classifier.classify_valid(&record);
                let sms = self.policy.sms.triggers_for(&record, outcome);
                Some(Box::new(EndedRecord {
                    record,
                    outcome,
                    sms,
                }))
            }
        };
        Ok(Plan {
            call: call.clone(),
            at,
            event_key,
            next: Some(next),
            ended,
            effects,
        })
    }

    /// Carries out a plan made by [`CallTracker::plan`] (or one of the
    /// agent-side plans) on this tracker, unchanged since. Cannot fail.
    pub fn commit(&mut self, plan: Plan) -> Tracked {
        let Some(next) = plan.next else {
            return Tracked {
                status: TrackStatus::Duplicate,
                ended: None,
            };
        };
        match next {
            Next::Continue(mut c) => {
                c.last_at = plan.at;
                match self.live.get_mut(&plan.call) {
                    Some(slot) => *slot = c,
                    None => {
                        self.live.insert(plan.call, c);
                    }
                }
            }
            Next::End(..) => {
                self.live.remove(&plan.call);
            }
        }
        if let Some(e) = &plan.ended {
            self.keep_ended(EndedRecord::clone(e));
        }
        if let Some(k) = plan.event_key {
            self.remember_key(k);
        }
        Tracked {
            status: TrackStatus::Applied,
            ended: plan.ended.map(|e| *e),
        }
    }

    /// An agent-side change of who is on a call (FD1): checks the call is
    /// live, in order, and connected; `f` edits a copy of it.
    fn plan_agent_side(
        &self,
        call: &CallId,
        at: Timestamp,
        event: &'static str,
        f: impl FnOnce(&mut LiveCall) -> Result<(), String>,
    ) -> Result<Plan, CallError> {
        cxkit_core::time::check_supported(at).map_err(|m| CallError::invalid_input("at", m))?;
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
        let connected = cur.stage == Stage::Talking;
        if !connected {
            return Err(CallError::InvalidTransition {
                call: call.to_string(),
                state: cur.state_name().to_owned(),
                event: event.to_owned(),
            });
        }
        let mut n = cur.clone();
        f(&mut n).map_err(|m| CallError::invalid_input("agent", m))?;
        self.finish_plan(call, at, None, Next::Continue(n), Vec::new())
    }

    /// `consult_start`: `agent` is consulted on the connected call (FD1).
    pub fn plan_consult(&self, call: &CallId, agent: &AgentId, at: Timestamp) -> Result<Plan, CallError> {
        self.agent_known(agent)?;
        self.plan_agent_side(call, at, "consult_start", |n| {
            if let Some(c) = &n.consulted {
                return Err(format!("agent `{c}` is already consulted on call `{call}`"));
            }
            n.consulted = Some(agent.clone());
            Ok(())
        })
    }

    /// `consult_ended`: the consulted agent leaves the call.
    pub fn plan_consult_end(&self, call: &CallId, at: Timestamp) -> Result<Plan, CallError> {
        self.plan_agent_side(call, at, "consult_ended", |n| {
            n.consulted = None;
            Ok(())
        })
    }

    /// `transfer_confirmed` (to the consulted agent) and `force_disconnect`
    /// (to the supervisor): `to` becomes the call's agent (CM2).
    pub fn plan_hand_over(
        &self,
        call: &CallId,
        to: &AgentId,
        at: Timestamp,
        event: &'static str,
    ) -> Result<Plan, CallError> {
        self.agent_known(to)?;
        self.plan_agent_side(call, at, event, |n| {
            if n.consulted.as_ref() == Some(to) || event == "force_disconnect" {
                n.consulted = None;
            }
            n.agent = Some(to.clone());
            n.held = false;
            Ok(())
        })
    }

    fn transition(&self, cur: &LiveCall, event: &CallEvent, fx: &mut Vec<AgentEffect>) -> Result<Next, CallError> {
        let refuse = || CallError::InvalidTransition {
            call: event.call().to_string(),
            state: cur.state_name().to_owned(),
            event: event.type_name().to_owned(),
        };
        let at = event.at();
        let inbound = cur.direction == Direction::Inbound;
        let mut n = cur.clone();
        // Rings that end because the call moves on (answered elsewhere, the
        // caller left, the call ended): not the agents' misses unless `missed`.
        let withdraw = |n: &mut LiveCall, fx: &mut Vec<AgentEffect>, missed: bool| {
            for a in n.ringing.drain(..) {
                fx.push(AgentEffect::RingEnd { agent: a, missed });
            }
        };
        let leave = |n: &LiveCall, fx: &mut Vec<AgentEffect>| {
            let connected = match n.direction {
                Direction::Inbound => n.stage == Stage::Talking,
                Direction::Outbound => true,
            };
            if connected && let Some(a) = &n.agent {
                fx.push(AgentEffect::Leave { agent: a.clone() });
            }
        };
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
                if !(inbound && matches!(cur.stage, Stage::Ivr | Stage::Queue | Stage::Ringing)) {
                    return Err(refuse());
                }
                self.agent_known(agent)?;
                if cur.ringing.contains(agent) {
                    return Err(CallError::invalid_input(
                        "agent",
                        format!("call `{}` is already ringing at `{agent}`", event.call()),
                    ));
                }
                if cur.stage != Stage::Ringing {
                    n.offered_from = cur.stage;
                    n.stage = Stage::Ringing;
                    n.stage_entered_at = at;
                }
                n.ringing.push(agent.clone());
                n.agent = Some(agent.clone());
                n.rang_at.get_or_insert(at);
                fx.push(AgentEffect::Ring { agent: agent.clone() });
            }
            E::RingEnded { agent, .. } => {
                if !(inbound && cur.stage == Stage::Ringing) {
                    return Err(refuse());
                }
                match agent {
                    Some(a) => {
                        let Some(k) = n.ringing.iter().position(|r| r == a) else {
                            return Err(CallError::invalid_input(
                                "agent",
                                format!(
                                    "call `{}` is not ringing at `{a}` (ringing at: {})",
                                    event.call(),
                                    names(&cur.ringing)
                                ),
                            ));
                        };
                        n.ringing.remove(k);
                        fx.push(AgentEffect::RingEnd {
                            agent: a.clone(),
                            missed: true,
                        });
                        if let Some(last) = n.ringing.last() {
                            n.agent = Some(last.clone());
                        }
                    }
                    None => withdraw(&mut n, fx, true),
                }
                if n.ringing.is_empty() {
                    n.stage = cur.offered_from;
                    n.stage_entered_at = match cur.offered_from {
                        // Back in its queue, with its place (entry time) kept.
                        Stage::Queue => cur.queue_entered_at.unwrap_or(at),
                        _ => at,
                    };
                }
            }
            E::Answered { agent, .. } => {
                if !(inbound && cur.stage == Stage::Ringing) {
                    return Err(refuse());
                }
                if !cur.ringing.contains(agent) {
                    return Err(CallError::invalid_input(
                        "agent",
                        format!(
                            "call `{}` is ringing at {}, not at `{agent}`",
                            event.call(),
                            names(&cur.ringing)
                        ),
                    ));
                }
                n.ringing.retain(|r| r != agent);
                withdraw(&mut n, fx, false);
                fx.push(AgentEffect::Answer { agent: agent.clone() });
                n.stage = Stage::Talking;
                n.held = false;
                n.agent = Some(agent.clone());
                n.answered_at.get_or_insert(at);
                n.stage_entered_at = at;
            }
            E::Held { .. } => {
                if cur.stage != Stage::Talking || cur.held {
                    return Err(refuse());
                }
                n.held = true;
                if let Some(a) = &cur.agent {
                    fx.push(AgentEffect::Hold { agent: a.clone() });
                }
            }
            E::Resumed { .. } => {
                if cur.stage != Stage::Talking || !cur.held {
                    return Err(refuse());
                }
                n.held = false;
                if let Some(a) = &cur.agent {
                    fx.push(AgentEffect::Resume { agent: a.clone() });
                }
            }
            E::Transferred { to, .. } => {
                if cur.stage != Stage::Talking {
                    return Err(refuse());
                }
                match to {
                    TransferTarget::Agent(a) => {
                        self.agent_known(a)?;
                        if cur.agent.as_ref() == Some(a) {
                            return Err(CallError::invalid_input(
                                "to.agent",
                                format!("call `{}` is already with `{a}`", event.call()),
                            ));
                        }
                        if let Some(from) = &cur.agent {
                            fx.push(AgentEffect::HandOver {
                                from: from.clone(),
                                to: a.clone(),
                            });
                        }
                        if n.consulted.as_ref() == Some(a) {
                            n.consulted = None;
                        }
                        n.agent = Some(a.clone());
                        n.held = false;
                        n.stage_entered_at = at;
                    }
                    TransferTarget::SkillGroup(g) => {
                        if !inbound {
                            return Err(refuse());
                        }
                        self.group_known(g)?;
                        leave(cur, fx);
                        n.consulted = None;
                        n.stage = Stage::Queue;
                        n.held = false;
                        n.skill_group = Some(g.clone());
                        n.queued_at.get_or_insert(at);
                        n.queue_entered_at = Some(at);
                        n.stage_entered_at = at;
                    }
                    TransferTarget::External(number) => {
                        if number.trim().is_empty() {
                            return Err(CallError::invalid_input(
                                "to.external",
                                "a transfer out needs the outside number",
                            ));
                        }
                        leave(cur, fx);
                        n.consulted = None;
                        return Ok(Next::End(n, EndReason::TransferredOut, Some(number.clone())));
                    }
                }
            }
            E::QueueTimeout { .. } | E::QueueLeft { .. } => {
                let ringing_from_queue = cur.stage == Stage::Ringing && cur.offered_from == Stage::Queue;
                if !(inbound && (cur.stage == Stage::Queue || ringing_from_queue)) {
                    return Err(refuse());
                }
                if ringing_from_queue {
                    // The call leaves from its queue: the rings are withdrawn.
                    withdraw(&mut n, fx, false);
                    n.stage = Stage::Queue;
                    n.stage_entered_at = cur.queue_entered_at.unwrap_or(cur.stage_entered_at);
                }
                let (reason, destination) = match event {
                    E::QueueLeft {
                        reason, destination, ..
                    } => (
                        match reason {
                            crate::ExitReason::Key => EndReason::QueueLeftKey,
                            crate::ExitReason::NoAgents => EndReason::QueueLeftNoAgents,
                            crate::ExitReason::Overflow => EndReason::QueueLeftOverflow,
                        },
                        destination.clone(),
                    ),
                    _ => (EndReason::QueueTimeout, None),
                };
                return Ok(Next::End(n, reason, destination));
            }
            E::CallerHungUp { .. } => {
                if !inbound {
                    return Err(refuse());
                }
                leave(cur, fx);
                withdraw(&mut n, fx, false);
                n.consulted = None;
                return Ok(Next::End(n, EndReason::CallerHungUp, None));
            }
            E::SystemEnded { .. } => {
                leave(cur, fx);
                // A ring timeout that ends the call is the agents' miss.
                withdraw(&mut n, fx, true);
                n.consulted = None;
                return Ok(Next::End(n, EndReason::SystemEnded, None));
            }
            E::OutboundConnected { .. } => {
                if inbound || cur.stage != Stage::Ringing {
                    return Err(refuse());
                }
                if let Some(a) = &cur.agent {
                    fx.push(AgentEffect::Connect { agent: a.clone() });
                }
                n.stage = Stage::Talking;
                n.answered_at = Some(at);
                n.stage_entered_at = at;
            }
            E::OutboundEnded { .. } => {
                if inbound {
                    return Err(refuse());
                }
                leave(cur, fx);
                n.consulted = None;
                return Ok(Next::End(n, EndReason::OutboundEnded, None));
            }
        }
        Ok(Next::Continue(n))
    }

    fn remember(&mut self, id: &str) {
        self.remember_key(event_key(id));
    }

    fn remember_key(&mut self, k: u64) {
        if self.dedup_window == 0 {
            return;
        }
        if self.seen.insert(k) {
            self.seen_order.push_back(k);
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
            let Ok(fresh) = Trend::new(date, tz, self.policy.interval_minutes) else {
                return;
            };
            if let Some(old) = self.today.replace(fresh) {
                self.past.push_back(old);
            }
            // Keep `trend_days` days, today included.
            let first = date - chrono::Days::new(self.trend_days as u64 - 1);
            while self.past.front().is_some_and(|t| t.date < first) {
                self.past.pop_front();
            }
            self.ended.clear();
            self.dropped = 0;
        }
        let Some(today) = self.today.as_mut() else {
            return;
        };
        if date < today.date {
            // A call that started on an earlier day counts in that day's
            // trend, if the day is still kept (`calls.trend_days`).
            let first = today.date - chrono::Days::new(self.trend_days as u64 - 1);
            if date < first {
                return;
            }
            let k = self.past.partition_point(|t| t.date < date);
            if self.past.get(k).is_none_or(|t| t.date != date) {
                let Ok(t) = Trend::new(date, tz, self.policy.interval_minutes) else {
                    return;
                };
                self.past.insert(k, t);
            }
            if let Some(t) = self.past.get_mut(k) {
                t.add(&e.record, e.outcome);
            }
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

    /// The whole-day trend of a kept tenant day (today or one of the
    /// `calls.trend_days - 1` before it), or `None` if no call of that day
    /// ended while it was kept.
    pub fn trend_of_day(&self, date: chrono::NaiveDate) -> Option<TrendTable> {
        self.today
            .iter()
            .chain(self.past.iter())
            .find(|t| t.date == date)
            .map(|t| t.table(None))
    }

    /// The tenant days with a kept trend, oldest first.
    pub fn trend_days(&self) -> Vec<chrono::NaiveDate> {
        self.past.iter().chain(self.today.iter()).map(|t| t.date).collect()
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
    /// Event ids of the dedup window, oldest first (format 2; read only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    seen: Vec<String>,
    /// Keys of the dedup window's event ids, oldest first (format 3).
    #[serde(default)]
    seen_keys: Vec<u64>,
    today: Option<Trend>,
    /// Earlier kept days' trends, oldest first (format 3; absent before).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    past: Vec<Trend>,
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
            seen: Vec::new(),
            seen_keys: self.seen_order.iter().copied().collect(),
            today: self.today.clone(),
            past: self.past.iter().cloned().collect(),
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
        for k in &snap.seen_keys {
            t.remember_key(*k);
        }
        t.today = match &snap.today {
            Some(trend) => Some(trend.clone().validate()?),
            None => None,
        };
        for (i, p) in snap.past.iter().enumerate() {
            let p = p.clone().validate()?;
            if t.past.back().is_some_and(|q: &Trend| q.date >= p.date)
                || t.today.as_ref().is_some_and(|q| q.date <= p.date)
            {
                return Err(CallError::invalid_input(
                    format!("snapshot.calls.past[{i}]"),
                    "past trends must be of distinct days, oldest first, before today",
                ));
            }
            t.past.push_back(p);
        }
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



fn names(agents: &[AgentId]) -> String {
    if agents.is_empty() {
        return "no agent".into();
    }
    agents.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ")
}
