//! The README's main job: one simulated day of a call center on the
//! embedded default configuration (300 agents, 6 skill groups, a
//! three-level org tree), seeded so every run prints the same day.
//!
//! [`Sim`] advances a clock in 5-second steps from 08:30 to 20:30 tenant
//! time. At each step it emits a `tick` and, for every agent, maybe one
//! event chosen from that agent's current state (logins, inbound calls
//! offered/answered/held/ended, outbound dials, consults and transfers,
//! supervisors listening, barging and force-disconnecting, breaks, meals,
//! meetings, logouts). Every event goes through [`CallCenter::apply`] as a
//! `cxkit::call_center::Event`, in time order, so call-lifecycle events can
//! later be woven into the same stream. Every simulated hour it prints the
//! CM1 wallboard (tenant and per skill group); at the end the BS1 big screen
//! and the CM4 listening list.

use chrono::{DateTime, Duration, TimeZone, Utc};
use cxkit::agents::{AgentEvent, ChosenStatus, ConsultMode, StartStatus, Status};
use cxkit::call_center::Event;
use cxkit::core::{AgentId, Permission, Scope};
use cxkit::{CallCenter, Config};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::HashMap;

const STEP_SECS: i64 = 5;

/// Per-agent plan of the day.
struct Plan {
    id: AgentId,
    call_agent: bool,
    supervisor: bool,
    dynamic_extension: Option<String>,
    login_at: i64,
    logout_at: i64,
    meal_at: i64,
    /// When a non-service period ends.
    back_at: i64,
    meal_taken: bool,
}

/// One simulated day.
struct Sim {
    center: CallCenter,
    rng: ChaCha8Rng,
    start: DateTime<Utc>,
    plans: Vec<Plan>,
    /// Consulting agent → (consulted agent, mode).
    consults: HashMap<usize, (usize, ConsultMode)>,
    /// Supervisor → agent listened to.
    listens: HashMap<usize, usize>,
    next_call: u64,
    applied: u64,
    refused: Vec<String>,
}

impl Sim {
    fn new(seed: u64) -> Self {
        let config = Config::embedded_default().expect("embedded default config");
        let center = CallCenter::new(&config).expect("valid embedded config");
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        // 08:30 Shanghai = 00:30 UTC.
        let start = Utc
            .with_ymd_and_hms(2026, 3, 30, 0, 30, 0)
            .single()
            .expect("valid start");
        let tenant = center.tenant();
        let perms = &tenant.config.role_permissions;
        let mut plans = Vec::new();
        for (i, a) in tenant.config.agents.iter().enumerate() {
            let shift_late = rng.random_bool(0.3);
            let login_at = rng.random_range(0..1800) + if shift_late { 3 * 3600 } else { 0 };
            let len = rng.random_range(8 * 3600..9 * 3600);
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
            });
        }
        Sim {
            center,
            rng,
            start,
            plans,
            consults: HashMap::new(),
            listens: HashMap::new(),
            next_call: 0,
            applied: 0,
            refused: Vec::new(),
        }
    }

    fn at(&self, secs: i64) -> DateTime<Utc> {
        self.start + Duration::seconds(secs)
    }

    /// Applies one event of the combined stream.
    fn emit(&mut self, e: AgentEvent) {
        let event = Event::from(e);
        match self.center.apply(&event) {
            Ok(_) => self.applied += 1,
            Err(err) => {
                if self.refused.len() < 10 {
                    self.refused.push(format!(
                        "{}: {}",
                        serde_json::to_string(&event).unwrap_or_default(),
                        err
                    ));
                }
            }
        }
    }

    fn status(&self, i: usize) -> Status {
        self.center
            .board()
            .status_of(self.plans[i].id.as_str())
            .unwrap_or(Status::Offline)
    }

    fn call_id(&mut self, prefix: &str) -> cxkit::core::CallId {
        self.next_call += 1;
        format!("{prefix}-{:05}", self.next_call).into()
    }

    /// Inbound load (calls per agent-second) by hour of the day: a morning
    /// and an afternoon peak.
    fn load(secs: i64) -> f64 {
        let h = 8.5 + secs as f64 / 3600.0;
        let peak = |c: f64, w: f64| (-((h - c) / w).powi(2)).exp();
        0.004 + 0.008 * peak(10.0, 1.2) + 0.006 * peak(15.0, 1.5)
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

    fn step(&mut self, now: i64) {
        let at = self.at(now);
        self.emit(AgentEvent::Tick { at, event_id: None });
        let p_call = Self::load(now) * STEP_SECS as f64;
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
                        self.emit(AgentEvent::Login {
                            agent,
                            at,
                            event_id: None,
                            extension,
                            status,
                        });
                    }
                }
                S::Idle | S::Busy if now >= self.plans[i].logout_at => {
                    self.emit(AgentEvent::Logout {
                        agent,
                        at,
                        event_id: None,
                    });
                }
                S::Idle | S::Busy if !self.plans[i].meal_taken && now >= self.plans[i].meal_at => {
                    self.plans[i].meal_taken = true;
                    self.plans[i].back_at = now + 1800;
                    self.emit(AgentEvent::SetStatus {
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
                        self.listens.insert(i, t);
                        let target = self.plans[t].id.clone();
                        self.emit(AgentEvent::ListenStart {
                            supervisor: agent,
                            at,
                            event_id: None,
                            target,
                        });
                    }
                }
                S::Idle => {
                    if r < p_call {
                        let call = self.call_id("in");
                        self.emit(AgentEvent::CallOffered {
                            agent,
                            at,
                            event_id: None,
                            call,
                            direction: Default::default(),
                        });
                    } else if r < p_call + 0.0015 {
                        let call = self.call_id("out");
                        let number = format!("+86138{:08}", self.rng.random_range(0..100_000_000u32));
                        self.emit(AgentEvent::Dial {
                            agent,
                            at,
                            event_id: None,
                            call,
                            number,
                        });
                    } else if r < p_call + 0.0022 {
                        let (status, mins) = match self.rng.random_range(0..10) {
                            0..=5 => (ChosenStatus::Break, 10),
                            6 => (ChosenStatus::Activity, 20),
                            7 => (ChosenStatus::Training, 45),
                            8 => (ChosenStatus::Meeting, 30),
                            _ => (ChosenStatus::Busy, 5),
                        };
                        self.plans[i].back_at = now + mins * 60;
                        self.emit(AgentEvent::SetStatus {
                            agent,
                            at,
                            event_id: None,
                            status,
                        });
                    }
                }
                S::Busy => {
                    if r < 0.01 {
                        let call = self.call_id("out");
                        let number = format!("0{:010}", self.rng.random_range(0..10_000_000_000u64));
                        self.emit(AgentEvent::Dial {
                            agent,
                            at,
                            event_id: None,
                            call,
                            number,
                        });
                    } else if now >= self.plans[i].back_at {
                        self.emit(AgentEvent::SetStatus {
                            agent,
                            at,
                            event_id: None,
                            status: ChosenStatus::Idle,
                        });
                    }
                }
                S::Break | S::Activity | S::Training | S::Meal | S::Meeting => {
                    if now >= self.plans[i].back_at {
                        self.emit(AgentEvent::SetStatus {
                            agent,
                            at,
                            event_id: None,
                            status: ChosenStatus::Idle,
                        });
                    }
                }
                S::AfterCallWork => {
                    if r < 0.04 {
                        self.emit(AgentEvent::AcwComplete {
                            agent,
                            at,
                            event_id: None,
                        });
                    }
                }
                S::AnsweringRinging => {
                    if r < 0.55 {
                        self.emit(AgentEvent::Answer {
                            agent,
                            at,
                            event_id: None,
                        });
                    } else if r < 0.62 {
                        self.emit(AgentEvent::CallEnded {
                            agent,
                            at,
                            event_id: None,
                        });
                    }
                }
                S::OutboundDialing => {
                    if r < 0.3 {
                        self.emit(AgentEvent::OutboundConnected {
                            agent,
                            at,
                            event_id: None,
                        });
                    } else if r < 0.38 {
                        self.emit(AgentEvent::CallEnded {
                            agent,
                            at,
                            event_id: None,
                        });
                    }
                }
                S::AnsweringTalking | S::OutboundTalking | S::AnsweringOnHold | S::OutboundOnHold => {
                    self.on_call(i, st, now, r);
                }
                S::ConsultingRinging => {
                    if r < 0.5 {
                        self.emit(AgentEvent::ConsultAnswered {
                            agent,
                            at,
                            event_id: None,
                        });
                    }
                }
                S::ConsultingThreeWay | S::ConsultingTransferConsult => {}
                S::SupervisingListening | S::SupervisingBarging => {
                    if r < 0.006 {
                        self.listens.remove(&i);
                        self.emit(AgentEvent::ForceDisconnect {
                            supervisor: agent,
                            at,
                            event_id: None,
                        });
                    } else if r < 0.03 && st == S::SupervisingListening {
                        self.emit(AgentEvent::Barge {
                            supervisor: agent,
                            at,
                            event_id: None,
                        });
                    } else if r < 0.045 {
                        self.listens.remove(&i);
                        self.emit(AgentEvent::ListenEnd {
                            supervisor: agent,
                            at,
                            event_id: None,
                        });
                    }
                }
            }
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
            let consulted = matches!(self.status(b).category(), cxkit::agents::Category::Consulting);
            if !consulted {
                self.consults.remove(&i); // ended by the customer hanging up earlier
            } else if answered && mode == ConsultMode::Transfer && r < 0.25 {
                self.consults.remove(&i);
                self.emit(AgentEvent::TransferConfirmed {
                    agent,
                    at,
                    event_id: None,
                });
            } else if (answered && r < 0.06) || r < 0.01 {
                self.consults.remove(&i);
                self.emit(AgentEvent::ConsultEnded {
                    agent,
                    at,
                    event_id: None,
                });
            }
            return;
        }
        let talking = st.is_talking();
        if talking && r < 0.028 {
            self.emit(AgentEvent::CallEnded {
                agent,
                at,
                event_id: None,
            });
        } else if talking && r < 0.036 {
            self.emit(AgentEvent::Hold {
                agent,
                at,
                event_id: None,
            });
        } else if !talking && r < 0.25 {
            self.emit(AgentEvent::Resume {
                agent,
                at,
                event_id: None,
            });
        } else if r > 0.997
            && let Some(b) = self.random_agent_in(|s| s == Status::Idle, i)
        {
            {
                let mode = if self.rng.random_bool(0.6) {
                    ConsultMode::Transfer
                } else {
                    ConsultMode::ThreeWay
                };
                self.consults.insert(i, (b, mode));
                let target = self.plans[b].id.clone();
                self.emit(AgentEvent::ConsultStart {
                    agent,
                    at,
                    event_id: None,
                    target,
                    mode,
                });
            }
        }
    }

    fn print_hour(&self, now: i64) {
        let local = self.at(now).with_timezone(&self.center.tenant().tz);
        let w = self.center.wallboard(&Scope::Tenant).expect("tenant wallboard").agents;
        println!(
            "{}  online {:3} | idle {:3} busy {:3} acw {:3} | answering {:3} (ring {:2} talk {:3} hold {:2}) | outbound {:2} | consulting {:2} | supervising {:2} | non-service {:3} (break {} meal {} meeting {} training {} activity {})",
            local.format("%H:%M"),
            w.online,
            w.idle,
            w.busy,
            w.after_call_work,
            w.answering.total,
            w.answering.ringing,
            w.answering.talking,
            w.answering.on_hold,
            w.outbound.total,
            w.consulting.total,
            w.supervising.total,
            w.non_service.total,
            w.non_service.break_,
            w.non_service.meal,
            w.non_service.meeting,
            w.non_service.training,
            w.non_service.activity,
        );
        for g in &self.center.tenant().config.skill_groups {
            let w = self
                .center
                .wallboard(&Scope::SkillGroup { id: g.id.clone() })
                .expect("group wallboard")
                .agents;
            println!(
                "        {:<18} online {:3} idle {:3} answering {:3} outbound {:2} acw {:2} consulting {:2} non-service {:3}",
                g.name,
                w.online,
                w.idle,
                w.answering.total,
                w.outbound.total,
                w.after_call_work,
                w.consulting.total,
                w.non_service.total
            );
        }
    }

    fn run(&mut self) {
        let end = 12 * 3600;
        let mut now = 0;
        while now <= end {
            self.step(now);
            if now % 3600 == 0 {
                self.print_hour(now);
            }
            now += STEP_SECS;
        }
    }
}

fn main() {
    let mut sim = Sim::new(7);
    println!(
        "cxkit {} — tenant {}: one simulated day",
        cxkit::VERSION,
        sim.center.tenant().config.id
    );
    let t0 = std::time::Instant::now();
    sim.run();
    let screen = sim.center.big_screen(&Scope::Tenant).expect("big screen");
    println!("\nBig screen — {}", screen.header);
    for b in &screen.bars {
        println!("  {:<16} {:4} {}", b.label, b.value, "#".repeat(b.value as usize));
    }
    let list = sim.center.listening_list(&Scope::Tenant).expect("listening list");
    println!(
        "\nListening list — {} call agents logged in, {} listenable",
        list.total, list.listenable
    );
    for row in list.agents.iter().take(15) {
        println!(
            "  {:<8} {:<22} {:<22} {:?}{}",
            row.agent,
            row.name,
            row.label,
            row.listenability,
            row.supervisor.as_ref().map(|s| format!(" by {s}")).unwrap_or_default()
        );
    }
    if list.agents.len() > 15 {
        println!("  … {} more", list.agents.len() - 15);
    }
    println!(
        "\n{} events applied, {} refused, in {:.2?}",
        sim.applied,
        sim.refused.len(),
        t0.elapsed()
    );
    for r in &sim.refused {
        println!("  refused: {r}");
    }
}
