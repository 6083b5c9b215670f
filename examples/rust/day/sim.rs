//! The clock and the agents of the simulated day.
//!
//! [`Sim`] runs from 08:30 to 20:30 tenant time (Asia/Shanghai) in
//! one-second steps. The callers' side (arrivals, IVR, queues, rings; see
//! [`super::calls`]) moves every second because a quick hang-up is a matter
//! of seconds; every agent decides what to do next every five seconds,
//! from its current state: log in or out, take a break or a meal, dial out,
//! hold or end a call, consult a colleague and transfer, supervisors listen,
//! barge and take over. Every change goes through `CallCenter::apply` as one
//! event of the combined stream, in time order; an agent action on a call
//! (answer, hold, transfer, hang-up) is followed by the matching `call.*`
//! event at the same instant, so the call tracker and the agent board
//! always tell the same story.

use super::calls::{Callers, DayStats, OUTBOUND_CLI};
use super::print;
use chrono::{DateTime, Duration, TimeZone, Utc};
use cxkit::agents::{AgentEvent, Category, ChosenStatus, ConsultMode, StartStatus, Status};
use cxkit::call_center::Event;
use cxkit::call_rules::CallEvent;
use cxkit::core::{AgentId, CallId, Permission};
use cxkit::{CallCenter, Config};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::HashMap;

/// How often agents decide (seconds).
pub(crate) const AGENT_STEP_SECS: i64 = 5;
/// Length of the simulated day (08:30–20:30).
pub(crate) const DAY_SECS: i64 = 12 * 3600;
/// How many refused events are kept word for word.
const REFUSALS_KEPT: usize = 10;

/// One agent's plan of the day.
pub(crate) struct Plan {
    pub(crate) id: AgentId,
    /// Has a call-center seat (`kind` call or both).
    pub(crate) call_agent: bool,
    /// May listen (`Permission::CallListen`); supervisors take no queue calls.
    pub(crate) supervisor: bool,
    dynamic_extension: Option<String>,
    login_at: i64,
    pub(crate) logout_at: i64,
    pub(crate) meal_at: i64,
    /// When a non-service period ends (0 = not logged in yet, -1 = logged in once).
    back_at: i64,
    pub(crate) meal_taken: bool,
    /// Probability that a ring at this agent times out unanswered: most
    /// agents almost never miss a call, a few are often away from the phone.
    pub(crate) ring_miss: f64,
}

/// One simulated day.
pub struct Sim {
    /// The call center every event goes through.
    pub(crate) center: CallCenter,
    /// The configuration it was built from (the monitor and bots use it too).
    pub(crate) config: Config,
    pub(crate) rng: ChaCha8Rng,
    pub(crate) start: DateTime<Utc>,
    pub(crate) plans: Vec<Plan>,
    /// Consulting agent → (consulted agent, mode).
    consults: HashMap<usize, (usize, ConsultMode)>,
    /// The callers' side: calls in the IVR, in queues, ringing.
    pub(crate) callers: Callers,
    /// Outcomes and SMS of every ended call, as `apply` reported them.
    pub(crate) stats: DayStats,
    next_call: u64,
    pub(crate) applied: u64,
    pub(crate) refused: u64,
    pub(crate) refusals: Vec<String>,
}

impl Sim {
    /// A day on the embedded default configuration, seeded.
    pub fn new(seed: u64) -> Self {
        let config = Config::example().expect("the embedded default config is valid");
        let center = CallCenter::new(&config).expect("the embedded config builds a call center");
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        // 08:30 in Shanghai = 00:30 UTC, Monday 2026-03-30 (a working day).
        let start = Utc
            .with_ymd_and_hms(2026, 3, 30, 0, 30, 0)
            .single()
            .expect("a valid, unambiguous UTC instant");
        let tenant = center.tenant();
        let perms = &tenant.config.role_permissions;
        let mut plans = Vec::new();
        for (i, a) in tenant.config.agents.iter().enumerate() {
            let shift_late = rng.random_bool(0.3);
            let login_at = rng.random_range(0..1800) + if shift_late { 3 * 3600 } else { 0 };
            let len = rng.random_range(8 * 3600..9 * 3600);
            let ring_miss = match rng.random_range(0..100) {
                0..=1 => 0.10,
                2..=7 => 0.03,
                _ => 0.004,
            };
            plans.push(Plan {
                id: a.id.clone(),
                call_agent: a.kind.is_call(),
                supervisor: perms.allows(&a.role, Permission::CallListen),
                dynamic_extension: a.extension.is_none().then(|| format!("{}", 6000 + i)),
                login_at,
                logout_at: login_at + len,
                meal_at: rng.random_range(3 * 3600..5 * 3600),
                back_at: 0,
                meal_taken: false,
                ring_miss,
            });
        }
        let callers = Callers::new(&config, &center, &plans);
        Sim {
            center,
            config,
            rng,
            start,
            plans,
            consults: HashMap::new(),
            callers,
            stats: DayStats::default(),
            next_call: 0,
            applied: 0,
            refused: 0,
            refusals: Vec::new(),
        }
    }

    /// The instant `secs` after 08:30.
    pub(crate) fn at(&self, secs: i64) -> DateTime<Utc> {
        self.start + Duration::seconds(secs)
    }

    /// Runs the day, appending the wallboard at every full hour (09:00–20:00) to `out`.
    pub fn run(&mut self, out: &mut String) {
        for now in 0..=DAY_SECS {
            if now % AGENT_STEP_SECS == 0 {
                let at = self.at(now);
                self.agent(AgentEvent::Tick { at, event_id: None });
            }
            self.callers_step(now);
            if now % AGENT_STEP_SECS == 0 {
                self.agents_step(now);
            }
            // On the hour, tenant time (the day starts at 08:30).
            if (now + 1800) % 3600 == 0 {
                print::hour(self, now, out);
            }
        }
    }

    /// Applies one event; a refusal is counted (and the first few kept).
    fn apply(&mut self, event: Event) -> Option<cxkit::Applied> {
        match self.center.apply(&event) {
            Ok(a) => {
                self.applied += 1;
                Some(a)
            }
            Err(err) => {
                self.refused += 1;
                if self.refusals.len() < REFUSALS_KEPT {
                    self.refusals.push(format!(
                        "{}: {}",
                        serde_json::to_string(&event).unwrap_or_default(),
                        err
                    ));
                }
                None
            }
        }
    }

    /// Applies an agent event; `true` if applied.
    pub(crate) fn agent(&mut self, e: AgentEvent) -> bool {
        self.apply(Event::from(e)).is_some()
    }

    /// Applies a call event, recording the outcome and SMS of a call it ends;
    /// `true` if applied.
    pub(crate) fn call(&mut self, e: CallEvent) -> bool {
        match self.apply(Event::from(e)) {
            Some(a) => {
                if let Some(ended) = &a.ended_call {
                    self.stats.record(ended);
                }
                true
            }
            None => false,
        }
    }

    pub(crate) fn status(&self, i: usize) -> Status {
        self.center
            .board()
            .status_of(self.plans[i].id.as_str())
            .unwrap_or(Status::Offline)
    }

    /// The call an agent is on, as the board knows it.
    fn call_of(&self, i: usize) -> Option<CallId> {
        self.center
            .board()
            .agent_state(self.plans[i].id.as_str())
            .ok()
            .and_then(|v| v.call)
    }

    pub(crate) fn call_id(&mut self, prefix: &str) -> CallId {
        self.next_call += 1;
        format!("{prefix}-{:05}", self.next_call).into()
    }

    fn random_agent_in(&mut self, want: impl Fn(Status) -> bool, not: usize) -> Option<usize> {
        for _ in 0..24 {
            let j = self.rng.random_range(0..self.plans.len());
            if j != not && self.plans[j].call_agent && want(self.status(j)) {
                return Some(j);
            }
        }
        None
    }

    /// Every agent decides what to do next.
    fn agents_step(&mut self, now: i64) {
        let at = self.at(now);
        for i in 0..self.plans.len() {
            if !self.plans[i].call_agent {
                continue;
            }
            let agent = self.plans[i].id.clone();
            let st = self.status(i);
            let r: f64 = self.rng.random();
            use Status as S;
            match st {
                S::Offline => {
                    let p = &self.plans[i];
                    if now >= p.login_at && now < p.logout_at && p.back_at == 0 {
                        let status = if self.rng.random_bool(0.8) {
                            StartStatus::Idle
                        } else {
                            StartStatus::Busy
                        };
                        let extension = p.dynamic_extension.clone().map(Into::into);
                        self.plans[i].back_at = -1; // logged in once
                        self.agent(AgentEvent::Login {
                            agent,
                            at,
                            event_id: None,
                            extension,
                            status,
                        });
                    }
                }
                S::Idle | S::Busy if now >= self.plans[i].logout_at => {
                    self.agent(AgentEvent::Logout {
                        agent,
                        at,
                        event_id: None,
                    });
                }
                S::Idle | S::Busy if !self.plans[i].meal_taken && now >= self.plans[i].meal_at => {
                    self.plans[i].meal_taken = true;
                    self.plans[i].back_at = now + 1800;
                    self.agent(AgentEvent::SetStatus {
                        agent,
                        at,
                        event_id: None,
                        status: ChosenStatus::Meal,
                    });
                }
                S::Idle if self.plans[i].supervisor => {
                    // Supervisors take no queue calls; they listen now and then.
                    if r > 0.05 {
                        continue;
                    }
                    if let Some(t) = self.random_agent_in(|s| s.is_talking(), i)
                        && self
                            .center
                            .board()
                            .agent_state(self.plans[t].id.as_str())
                            .is_ok_and(|v| v.monitored_by.is_none())
                    {
                        let target = self.plans[t].id.clone();
                        self.agent(AgentEvent::ListenStart {
                            supervisor: agent,
                            at,
                            event_id: None,
                            target,
                        });
                    }
                }
                S::Idle => {
                    // Queue calls reach idle agents through the dispatcher
                    // (`calls.rs`); here an idle agent may dial out or step away.
                    if r < 0.0015 {
                        let number =
                            format!("+86138{:08}", self.rng.random_range(0..100_000_000u32));
                        self.dial(i, now, number);
                    } else if r < 0.0022 {
                        let (status, mins) = match self.rng.random_range(0..10) {
                            0..=5 => (ChosenStatus::Break, 10),
                            6 => (ChosenStatus::Activity, 20),
                            7 => (ChosenStatus::Training, 45),
                            8 => (ChosenStatus::Meeting, 30),
                            _ => (ChosenStatus::Busy, 5),
                        };
                        self.plans[i].back_at = now + mins * 60;
                        self.agent(AgentEvent::SetStatus {
                            agent,
                            at,
                            event_id: None,
                            status,
                        });
                    }
                }
                S::Busy => {
                    if r < 0.01 {
                        let number =
                            format!("0{:010}", self.rng.random_range(0..10_000_000_000u64));
                        self.dial(i, now, number);
                    } else if now >= self.plans[i].back_at {
                        self.agent(AgentEvent::SetStatus {
                            agent,
                            at,
                            event_id: None,
                            status: ChosenStatus::Idle,
                        });
                    }
                }
                S::Break | S::Activity | S::Training | S::Meal | S::Meeting => {
                    if now >= self.plans[i].back_at {
                        self.agent(AgentEvent::SetStatus {
                            agent,
                            at,
                            event_id: None,
                            status: ChosenStatus::Idle,
                        });
                    }
                }
                S::AfterCallWork => {
                    if r < 0.04 {
                        self.agent(AgentEvent::AcwComplete {
                            agent,
                            at,
                            event_id: None,
                        });
                    }
                }
                // The ring's fate was drawn when the call was offered (calls.rs).
                S::AnsweringRinging => {}
                S::OutboundDialing => {
                    let call = self.call_of(i);
                    if r < 0.3 {
                        if let Some(call) = call {
                            self.call(CallEvent::OutboundConnected {
                                call,
                                at,
                                event_id: None,
                            });
                        }
                    } else if r < 0.38 {
                        // Nobody picked up.
                        if let Some(call) = call {
                            self.call(CallEvent::OutboundEnded {
                                call,
                                at,
                                event_id: None,
                            });
                        }
                    }
                }
                S::AnsweringTalking
                | S::OutboundTalking
                | S::AnsweringOnHold
                | S::OutboundOnHold => {
                    self.on_call(i, st, now, r);
                }
                S::ConsultingRinging => {
                    if r < 0.5 {
                        self.agent(AgentEvent::ConsultAnswered {
                            agent,
                            at,
                            event_id: None,
                        });
                    }
                }
                S::ConsultingThreeWay | S::ConsultingTransferConsult => {}
                S::SupervisingListening | S::SupervisingBarging => self.supervise(i, st, now, r),
            }
        }
    }

    /// An outbound call (TB4): the agent dials, the switch reports the call.
    fn dial(&mut self, i: usize, now: i64, number: String) {
        let at = self.at(now);
        let call = self.call_id("out");
        let agent = self.plans[i].id.clone();
        if self.call(CallEvent::OutboundDialed {
            call,
            at,
            event_id: None,
            agent,
            caller: OUTBOUND_CLI.into(),
            callee: number,
        }) {
            self.stats.outbound_dialed += 1;
        }
    }

    /// A listening or barging supervisor: stop, barge, or take the call over
    /// (CM2 force-disconnect: the call moves to the supervisor).
    fn supervise(&mut self, i: usize, st: Status, now: i64, r: f64) {
        let at = self.at(now);
        let supervisor = self.plans[i].id.clone();
        if r < 0.006 {
            // FD1: the force-disconnect moves the call to the supervisor on
            // both sides; no separate call event.
            self.agent(AgentEvent::ForceDisconnect {
                supervisor: supervisor.clone(),
                at,
                event_id: None,
            });
        } else if r < 0.03 && st == Status::SupervisingListening {
            self.agent(AgentEvent::Barge {
                supervisor,
                at,
                event_id: None,
            });
        } else if r < 0.045 {
            self.agent(AgentEvent::ListenEnd {
                supervisor,
                at,
                event_id: None,
            });
        }
    }

    /// An agent on their own connected call: consult, transfer, hold, hang up.
    fn on_call(&mut self, i: usize, st: Status, now: i64, r: f64) {
        let at = self.at(now);
        let agent = self.plans[i].id.clone();
        if let Some(&(b, mode)) = self.consults.get(&i) {
            let answered = matches!(
                self.status(b),
                Status::ConsultingThreeWay | Status::ConsultingTransferConsult
            );
            let consulted = self.status(b).category() == Category::Consulting;
            if !consulted {
                self.consults.remove(&i); // ended on the other side
            } else if answered && mode == ConsultMode::Transfer && r < 0.25 {
                self.consults.remove(&i);
                // FD1: the confirmed transfer moves the call on both sides.
                self.agent(AgentEvent::TransferConfirmed {
                    agent,
                    at,
                    event_id: None,
                });
            } else if (answered && r < 0.06) || r < 0.01 {
                self.consults.remove(&i);
                self.agent(AgentEvent::ConsultEnded {
                    agent,
                    at,
                    event_id: None,
                });
            }
            return;
        }
        let talking = st.is_talking();
        let inbound = st.category() == Category::Answering;
        if talking && r < 0.028 {
            let call = self.call_of(i);
            // Who hangs up first: mostly the caller; else the agent (the
            // switch reports that as `call.system_ended`).
            let caller_first = self.rng.random_bool(0.7);
            if let Some(call) = call {
                self.call(match (inbound, caller_first) {
                    (true, true) => CallEvent::CallerHungUp {
                        call,
                        at,
                        event_id: None,
                    },
                    (true, false) => CallEvent::SystemEnded {
                        call,
                        at,
                        event_id: None,
                    },
                    (false, _) => CallEvent::OutboundEnded {
                        call,
                        at,
                        event_id: None,
                    },
                });
            }
        } else if talking && r < 0.036 {
            let call = self.call_of(i);
            if let Some(call) = call {
                self.call(CallEvent::Held {
                    call,
                    at,
                    event_id: None,
                });
            }
        } else if !talking && r < 0.25 {
            let call = self.call_of(i);
            if let Some(call) = call {
                self.call(CallEvent::Resumed {
                    call,
                    at,
                    event_id: None,
                });
            }
        } else if r > 0.997
            && let Some(b) = self.random_agent_in(|s| s == Status::Idle, i)
        {
            let mode = if self.rng.random_bool(0.6) {
                ConsultMode::Transfer
            } else {
                ConsultMode::ThreeWay
            };
            let target = self.plans[b].id.clone();
            if self.agent(AgentEvent::ConsultStart {
                agent,
                at,
                event_id: None,
                target,
                mode,
            }) {
                self.consults.insert(i, (b, mode));
            }
        }
    }
}
