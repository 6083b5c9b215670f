//! The callers' side of the simulated day: inbound calls from arrival to
//! the moment an agent answers (or the call ends without one), and the
//! day's tally of outcomes and SMS as `CallCenter::apply` reported them.
//!
//! A call arrives on a hotline (`call.arrived`, `call.ivr_entered`). Inside
//! service hours (the calendar of `crates/cxkit/config/calls.json`: Mon–Fri
//! 09:00–18:00) the caller picks a skill group in the IVR (`call.ivr_left`,
//! `call.queued`) — or hangs up there — and waits. Every second the
//! dispatcher offers the oldest waiting call of each group to an idle
//! agent of that group (`call.offered`, which rings the agent too); how
//! the ring ends is drawn at that moment: answered after a few seconds, a
//! ring timeout (back to the front of its queue with `call.ring_ended`, or
//! dropped by the system), or the caller hanging up while it rings (quick
//! or not). A waiting caller gives up after a personal patience
//! (`call.caller_hung_up` → queue abandon); nobody waits more than
//! [`MAX_QUEUE_WAIT_SECS`] (`call.queue_timeout`). Outside service hours the
//! IVR plays a closing message and ends the call, except on the VIP line,
//! which is still routed to the VIP group (an answered call is then
//! `agent_answered`, not `outside_service_hours`).
//!
//! Once answered, the call belongs to the agent's side ([`super::sim`]).

use super::sim::{Plan, Sim};
use cxkit::agents::Status;
use cxkit::call_rules::{CallEvent, Direction, Outcome, SkipReason, SmsAction};
use cxkit::core::{CallId, SkillGroupId};
use cxkit::{CallCenter, Config, EndedCall, ServiceCalendar};
use rand::RngExt;
use std::collections::{BTreeMap, HashMap, VecDeque};

/// The main service number.
pub(crate) const MAIN_HOTLINE: &str = "4008001234";
/// The VIP line, routed to the `vip` group even outside service hours.
pub(crate) const VIP_HOTLINE: &str = "4008005678";
/// The number outbound calls show to the customer.
pub(crate) const OUTBOUND_CLI: &str = "4008001234";
/// The queues' maximum wait (the ACD ends the call with `call.queue_timeout`).
pub(crate) const MAX_QUEUE_WAIT_SECS: i64 = 180;
/// Seconds a call rings before the ring times out.
const RING_TIMEOUT_SECS: i64 = 20;

/// A skill group's queue and the agents who serve it.
pub(crate) struct Queue {
    pub(crate) id: SkillGroupId,
    /// Positions of the agents who take this group's calls (call seat, not a supervisor).
    agents: Vec<usize>,
    /// IVR menu weight: how many of the calls choose this group.
    weight: u32,
    /// Waiting calls, oldest first.
    waiting: VecDeque<CallId>,
}

/// A call not yet answered.
struct Caller {
    group: usize,
    /// When the caller gives up waiting.
    patience_at: i64,
    /// When the queue's maximum wait runs out.
    timeout_at: i64,
    /// The agent whose ring just timed out (not offered the same call again at once).
    missed_by: Option<usize>,
}

/// Something that happens to a call at a given second.
enum Timer {
    /// The caller chose a group in the IVR.
    LeaveIvr { call: CallId, group: usize },
    /// The caller hung up in the IVR.
    HangUpInIvr { call: CallId },
    /// Outside service hours: the closing message ends and the IVR hangs up.
    ClosedMessageEnds { call: CallId },
    /// The ringing agent answers.
    Answer { call: CallId, agent: usize },
    /// The ring times out: back to the queue, or the system drops the call.
    RingTimeout {
        call: CallId,
        agent: usize,
        requeue: bool,
    },
    /// The caller hangs up while it rings.
    HangUpRinging { call: CallId, agent: usize },
}

/// The callers' side: queues, calls not yet answered, timers.
pub(crate) struct Callers {
    pub(crate) queues: Vec<Queue>,
    calendar: ServiceCalendar,
    live: HashMap<CallId, Caller>,
    /// (second, sequence) → what happens; the sequence keeps same-second order stable.
    timers: BTreeMap<(i64, u64), Timer>,
    seq: u64,
}

impl Callers {
    /// Queues in configuration order, each with the agents who serve it.
    pub(crate) fn new(config: &Config, center: &CallCenter, plans: &[Plan]) -> Self {
        let calendar =
            ServiceCalendar::from_config(config).expect("the embedded calls calendar is valid");
        let tenant = center.tenant();
        let queues = tenant
            .config
            .skill_groups
            .iter()
            .map(|g| Queue {
                id: g.id.clone(),
                agents: tenant
                    .config
                    .agents
                    .iter()
                    .enumerate()
                    .filter(|(i, a)| {
                        plans[*i].call_agent
                            && !plans[*i].supervisor
                            && a.skill_groups.contains(&g.id)
                    })
                    .map(|(i, _)| i)
                    .collect(),
                weight: match g.id.as_str() {
                    "sales" => 25,
                    "care" => 35,
                    "billing" => 10,
                    "tech" => 20,
                    _ => 5,
                },
                waiting: VecDeque::new(),
            })
            .collect();
        Callers {
            queues,
            calendar,
            live: HashMap::new(),
            timers: BTreeMap::new(),
            seq: 0,
        }
    }

    fn schedule(&mut self, at: i64, timer: Timer) {
        self.seq += 1;
        self.timers.insert((at, self.seq), timer);
    }

    fn group_named(&self, id: &str) -> Option<usize> {
        self.queues.iter().position(|q| q.id.as_str() == id)
    }
}

/// Inbound arrivals per second at `secs` after 08:30: a base load with a
/// morning and an afternoon peak.
fn arrivals_per_sec(secs: i64) -> f64 {
    let h = 8.5 + secs as f64 / 3600.0;
    let peak = |c: f64, w: f64| (-((h - c) / w).powi(2)).exp();
    0.18 + 0.85 * peak(10.0, 0.9) + 0.50 * peak(15.0, 1.3)
}

/// A Poisson draw (Knuth; the means here are below 1).
fn poisson(rng: &mut impl RngExt, mean: f64) -> u32 {
    let limit = (-mean).exp();
    let mut k = 0;
    let mut p: f64 = rng.random();
    while p > limit {
        k += 1;
        p *= rng.random::<f64>();
    }
    k
}

impl Sim {
    /// One second of the callers' side: due timers, queue patience and
    /// timeouts, new arrivals, then the dispatcher.
    pub(crate) fn callers_step(&mut self, now: i64) {
        while let Some(entry) = self.callers.timers.first_entry() {
            if entry.key().0 > now {
                break;
            }
            let timer = entry.remove();
            self.fire(now, timer);
        }
        self.queue_patience(now);
        let at = self.at(now);
        let open = self.callers.calendar.is_open(at).unwrap_or(false);
        // Fewer people call when the hotline is closed.
        let rate = arrivals_per_sec(now) * if open { 1.0 } else { 0.3 };
        for _ in 0..poisson(&mut self.rng, rate) {
            self.arrive(now, open);
        }
        self.dispatch(now);
    }

    /// The customer's number: mostly mobiles, some landlines, a few withheld
    /// or garbled (the SMS rules skip those).
    fn caller_number(&mut self) -> String {
        const MOBILE: [&str; 8] = ["38", "39", "50", "58", "77", "86", "88", "99"];
        let u: f64 = self.rng.random();
        if u < 0.02 {
            "anonymous".into()
        } else if u < 0.03 {
            String::new()
        } else if u < 0.035 {
            "0086-21-5555-0000-123".into() // 18 digits: invalid
        } else if u < 0.12 {
            format!("021{:08}", self.rng.random_range(0..100_000_000u32))
        } else {
            let p = MOBILE[self.rng.random_range(0..MOBILE.len())];
            format!("1{p}{:08}", self.rng.random_range(0..100_000_000u32))
        }
    }

    fn arrive(&mut self, now: i64, open: bool) {
        let at = self.at(now);
        let call = self.call_id("in");
        let vip = self.rng.random_bool(0.06);
        let hotline = if vip { VIP_HOTLINE } else { MAIN_HOTLINE };
        let caller = self.caller_number();
        if !self.call(CallEvent::Arrived {
            call: call.clone(),
            at,
            event_id: None,
            hotline: Some(hotline.into()),
            caller,
            callee: hotline.into(),
            direction: Direction::Inbound,
        }) {
            return;
        }
        self.stats.inbound_arrived += 1;
        self.call(CallEvent::IvrEntered {
            call: call.clone(),
            at,
            event_id: None,
        });
        let vip_group = self.callers.group_named("vip");
        let routed_anyway = vip && vip_group.is_some();
        if !open && !routed_anyway {
            if self.rng.random_bool(0.3) {
                let t = now + self.rng.random_range(3..8);
                self.callers.schedule(t, Timer::HangUpInIvr { call });
            } else {
                let t = now + self.rng.random_range(8..20);
                self.callers.schedule(t, Timer::ClosedMessageEnds { call });
            }
            return;
        }
        if self.rng.random_bool(0.03) {
            let t = now + self.rng.random_range(3..20);
            self.callers.schedule(t, Timer::HangUpInIvr { call });
            return;
        }
        let group = match vip_group {
            Some(g) if vip => g,
            _ => self.menu_choice(),
        };
        let t = now + self.rng.random_range(6..25);
        self.callers.schedule(t, Timer::LeaveIvr { call, group });
    }

    /// The IVR menu: a group drawn by weight.
    fn menu_choice(&mut self) -> usize {
        let total: u32 = self.callers.queues.iter().map(|q| q.weight).sum();
        let mut pick = self.rng.random_range(0..total.max(1));
        for (g, q) in self.callers.queues.iter().enumerate() {
            if pick < q.weight {
                return g;
            }
            pick -= q.weight;
        }
        0
    }

    fn fire(&mut self, now: i64, timer: Timer) {
        let at = self.at(now);
        match timer {
            Timer::LeaveIvr { call, group } => {
                self.call(CallEvent::IvrLeft {
                    call: call.clone(),
                    at,
                    event_id: None,
                });
                let skill_group = self.callers.queues[group].id.clone();
                if self.call(CallEvent::Queued {
                    call: call.clone(),
                    at,
                    event_id: None,
                    skill_group,
                    hotline: None,
                    caller: None,
                    callee: None,
                }) {
                    // Patience: exponential, mean 90 s, at least 5 s.
                    let u: f64 = self.rng.random();
                    let patience = 5 + (-90.0 * (1.0 - u).ln()) as i64;
                    self.callers.live.insert(
                        call.clone(),
                        Caller {
                            group,
                            patience_at: now + patience,
                            timeout_at: now + MAX_QUEUE_WAIT_SECS,
                            missed_by: None,
                        },
                    );
                    self.callers.queues[group].waiting.push_back(call);
                }
            }
            Timer::HangUpInIvr { call } => {
                self.call(CallEvent::CallerHungUp {
                    call,
                    at,
                    event_id: None,
                });
            }
            Timer::ClosedMessageEnds { call } => {
                self.call(CallEvent::SystemEnded {
                    call,
                    at,
                    event_id: None,
                });
            }
            Timer::Answer { call, agent } => {
                self.callers.live.remove(&call);
                let id = self.plans[agent].id.clone();
                self.call(CallEvent::Answered {
                    call,
                    at,
                    event_id: None,
                    agent: id,
                });
            }
            Timer::RingTimeout {
                call,
                agent,
                requeue,
            } => {
                let id = self.plans[agent].id.clone();
                let group = self.callers.live.get(&call).map(|c| c.group);
                match group {
                    Some(g) if requeue => {
                        if self.call(CallEvent::RingEnded {
                            call: call.clone(),
                            at,
                            event_id: None,
                            agent: Some(id),
                        }) {
                            // Back at the front of its queue, its place kept.
                            if let Some(c) = self.callers.live.get_mut(&call) {
                                c.missed_by = Some(agent);
                            }
                            self.callers.queues[g].waiting.push_front(call);
                        }
                    }
                    _ => {
                        self.callers.live.remove(&call);
                        self.call(CallEvent::SystemEnded {
                            call,
                            at,
                            event_id: None,
                        });
                    }
                }
            }
            Timer::HangUpRinging { call, agent } => {
                self.callers.live.remove(&call);
                let _ = agent;
                self.call(CallEvent::CallerHungUp {
                    call,
                    at,
                    event_id: None,
                });
            }
        }
    }

    /// Waiting callers who run out of patience hang up; calls past the
    /// queue's maximum wait time out.
    fn queue_patience(&mut self, now: i64) {
        let at = self.at(now);
        for g in 0..self.callers.queues.len() {
            let mut ending = Vec::new();
            let live = &self.callers.live;
            self.callers.queues[g]
                .waiting
                .retain(|call| match live.get(call) {
                    Some(c) if now >= c.timeout_at => {
                        ending.push((call.clone(), true));
                        false
                    }
                    Some(c) if now >= c.patience_at => {
                        ending.push((call.clone(), false));
                        false
                    }
                    Some(_) => true,
                    None => false,
                });
            for (call, timed_out) in ending {
                self.callers.live.remove(&call);
                self.call(if timed_out {
                    CallEvent::QueueTimeout {
                        call,
                        at,
                        event_id: None,
                    }
                } else {
                    CallEvent::CallerHungUp {
                        call,
                        at,
                        event_id: None,
                    }
                });
            }
        }
    }

    /// Whether agent `j` takes a queue call now: idle, not about to log
    /// out, not due for the meal.
    fn takes_calls(&self, j: usize, now: i64) -> bool {
        let p = &self.plans[j];
        now < p.logout_at && (p.meal_taken || now < p.meal_at) && self.status(j) == Status::Idle
    }

    /// Offers each group's oldest waiting call to an idle agent of the group.
    fn dispatch(&mut self, now: i64) {
        let at = self.at(now);
        for g in 0..self.callers.queues.len() {
            while let Some(call) = self.callers.queues[g].waiting.front().cloned() {
                let missed_by = self.callers.live.get(&call).and_then(|c| c.missed_by);
                let n = self.callers.queues[g].agents.len();
                if n == 0 {
                    break;
                }
                // Start at a random member so calls spread over the group.
                let first = self.rng.random_range(0..n);
                let agent = (0..n)
                    .map(|k| self.callers.queues[g].agents[(first + k) % n])
                    .find(|&j| Some(j) != missed_by && self.takes_calls(j, now));
                let Some(agent) = agent else { break };
                self.callers.queues[g].waiting.pop_front();
                let id = self.plans[agent].id.clone();
                if !self.call(CallEvent::Offered {
                    call: call.clone(),
                    at,
                    event_id: None,
                    agent: id.clone(),
                    hotline: None,
                    caller: None,
                    callee: None,
                }) {
                    self.callers.live.remove(&call);
                    continue;
                }
                let _ = id;
                self.draw_ring(now, call, agent);
            }
        }
    }

    /// How this ring ends, drawn when it starts.
    fn draw_ring(&mut self, now: i64, call: CallId, agent: usize) {
        let u: f64 = self.rng.random();
        let miss = self.plans[agent].ring_miss;
        if u < miss {
            let requeue = self.rng.random_bool(0.8);
            self.callers.schedule(
                now + RING_TIMEOUT_SECS,
                Timer::RingTimeout {
                    call,
                    agent,
                    requeue,
                },
            );
        } else if u < miss + 0.006 {
            // Quick (≤ 5 s after the ring started) or not.
            let t = now + self.rng.random_range(1..=12);
            self.callers
                .schedule(t, Timer::HangUpRinging { call, agent });
        } else {
            let t = now + self.rng.random_range(2..=10);
            self.callers.schedule(t, Timer::Answer { call, agent });
        }
    }
}

/// How many SMS actions of each rule are kept word for word.
const FIRST_SMS_PER_RULE: usize = 3;

/// The day's tally of ended calls, from the `ended_call` of each `Applied`.
#[derive(Debug, Default)]
pub(crate) struct DayStats {
    pub(crate) inbound_arrived: u64,
    pub(crate) outbound_dialed: u64,
    pub(crate) inbound_ended: u64,
    pub(crate) outbound_ended: u64,
    /// Per outcome, in `Outcome::ALL` order.
    pub(crate) outcomes: [u64; 7],
    /// SMS actions per rule.
    pub(crate) sms_per_rule: BTreeMap<String, u64>,
    /// Matching rules skipped, per (rule, reason).
    pub(crate) sms_skipped: BTreeMap<(String, &'static str), u64>,
    /// The first few actions of each rule, in order.
    pub(crate) first_sms: BTreeMap<String, Vec<SmsAction>>,
}

impl DayStats {
    pub(crate) fn record(&mut self, ended: &EndedCall) {
        match ended.outcome {
            Some(o) => {
                self.inbound_ended += 1;
                if let Some(n) = self.outcomes.get_mut(o.index()) {
                    *n += 1;
                }
            }
            None => self.outbound_ended += 1,
        }
        for a in &ended.sms.actions {
            *self.sms_per_rule.entry(a.rule.clone()).or_default() += 1;
            let first = self.first_sms.entry(a.rule.clone()).or_default();
            if first.len() < FIRST_SMS_PER_RULE {
                first.push(a.clone());
            }
        }
        for s in &ended.sms.skipped {
            let why = match s.reason {
                SkipReason::WithheldNumber => "withheld_number",
                SkipReason::InvalidNumber => "invalid_number",
            };
            *self.sms_skipped.entry((s.rule.clone(), why)).or_default() += 1;
        }
    }

    /// The count of one outcome.
    pub(crate) fn outcome(&self, o: Outcome) -> u64 {
        self.outcomes.get(o.index()).copied().unwrap_or(0)
    }
}
