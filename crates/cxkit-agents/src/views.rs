//! Read-side views of the board: the CM1 wallboard (items 3–11), the CM4
//! listening list, the BS1 big screen, one agent's state, its toolbar and
//! its daily figures. All are plain serde values with one JSON shape.

use crate::board::{Board, NEVER, NONE, ts};
use crate::error::AgentError;
use crate::status::{COUNTED, Category, Monitor, Popup, Status};
use cxkit_core::{AgentId, CallId, ExtensionId, Scope, Timestamp};
use serde::{Deserialize, Serialize};

/// CM1 (7): answering agents, split.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AnsweringSplit {
    /// Sum of the splits.
    pub total: u32,
    /// Inbound call ringing.
    pub ringing: u32,
    /// Talking.
    pub talking: u32,
    /// On hold.
    pub on_hold: u32,
}

/// CM1 (8): outbound agents, split.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OutboundSplit {
    /// Sum of the splits.
    pub total: u32,
    /// Dialing.
    pub dialing: u32,
    /// Talking.
    pub talking: u32,
    /// On hold.
    pub on_hold: u32,
}

/// CM1 (9): agents being consulted, split.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ConsultingSplit {
    /// Sum of the splits.
    pub total: u32,
    /// The consult rings.
    pub ringing: u32,
    /// Three-way.
    pub three_way: u32,
    /// Transfer consult.
    pub transfer_consult: u32,
}

/// CM1 (10): supervisors, split.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SupervisingSplit {
    /// Sum of the splits.
    pub total: u32,
    /// Listening.
    pub listening: u32,
    /// Barged in.
    pub barging: u32,
}

/// CM1 (11): non-service agents, split by reason.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct NonServiceSplit {
    /// Sum of the splits.
    pub total: u32,
    /// Break.
    #[serde(rename = "break")]
    pub break_: u32,
    /// Activity.
    pub activity: u32,
    /// Training.
    pub training: u32,
    /// Meal.
    pub meal: u32,
    /// Meeting.
    pub meeting: u32,
}

/// CM1 items 3–11 for one scope: every figure with its splits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AgentWallboard {
    /// CM1 (3): every logged-in agent; the sum of items 4–11.
    pub online: u32,
    /// CM1 (4).
    pub idle: u32,
    /// CM1 (5).
    pub busy: u32,
    /// CM1 (6).
    pub after_call_work: u32,
    /// CM1 (7).
    pub answering: AnsweringSplit,
    /// CM1 (8).
    pub outbound: OutboundSplit,
    /// CM1 (9).
    pub consulting: ConsultingSplit,
    /// CM1 (10).
    pub supervising: SupervisingSplit,
    /// CM1 (11).
    pub non_service: NonServiceSplit,
}

impl AgentWallboard {
    /// Builds the view from a counter row (indexed by [`Status`] leaf).
    pub fn from_counts(c: &[u32; COUNTED]) -> Self {
        let g = |s: Status| c[s as usize];
        use Status as S;
        let answering = AnsweringSplit {
            ringing: g(S::AnsweringRinging),
            talking: g(S::AnsweringTalking),
            on_hold: g(S::AnsweringOnHold),
            total: g(S::AnsweringRinging) + g(S::AnsweringTalking) + g(S::AnsweringOnHold),
        };
        let outbound = OutboundSplit {
            dialing: g(S::OutboundDialing),
            talking: g(S::OutboundTalking),
            on_hold: g(S::OutboundOnHold),
            total: g(S::OutboundDialing) + g(S::OutboundTalking) + g(S::OutboundOnHold),
        };
        let consulting = ConsultingSplit {
            ringing: g(S::ConsultingRinging),
            three_way: g(S::ConsultingThreeWay),
            transfer_consult: g(S::ConsultingTransferConsult),
            total: g(S::ConsultingRinging) + g(S::ConsultingThreeWay) + g(S::ConsultingTransferConsult),
        };
        let supervising = SupervisingSplit {
            listening: g(S::SupervisingListening),
            barging: g(S::SupervisingBarging),
            total: g(S::SupervisingListening) + g(S::SupervisingBarging),
        };
        let non_service = NonServiceSplit {
            break_: g(S::Break),
            activity: g(S::Activity),
            training: g(S::Training),
            meal: g(S::Meal),
            meeting: g(S::Meeting),
            total: g(S::Break) + g(S::Activity) + g(S::Training) + g(S::Meal) + g(S::Meeting),
        };
        AgentWallboard {
            online: c.iter().sum(),
            idle: g(S::Idle),
            busy: g(S::Busy),
            after_call_work: g(S::AfterCallWork),
            answering,
            outbound,
            consulting,
            supervising,
            non_service,
        }
    }

    /// Whether every split sums to its total and the categories to `online`.
    pub fn is_consistent(&self) -> bool {
        let a = &self.answering;
        let o = &self.outbound;
        let c = &self.consulting;
        let s = &self.supervising;
        let n = &self.non_service;
        a.total == a.ringing + a.talking + a.on_hold
            && o.total == o.dialing + o.talking + o.on_hold
            && c.total == c.ringing + c.three_way + c.transfer_consult
            && s.total == s.listening + s.barging
            && n.total == n.break_ + n.activity + n.training + n.meal + n.meeting
            && self.online
                == self.idle + self.busy + self.after_call_work + a.total + o.total + c.total + s.total + n.total
    }
}

/// Whether a supervisor may listen to an agent of the listening list (CM4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Listenability {
    /// Talking and not monitored.
    Listenable,
    /// "talking (monitored)": another supervisor already listens.
    Monitored,
    /// "three-way (barge)": a supervisor barged in.
    Barged,
    /// Not talking (idle, ringing, on hold, …).
    NotTalking,
}

/// One row of the CM4 listening list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ListeningEntry {
    /// The agent.
    pub agent: AgentId,
    /// Display name.
    pub name: String,
    /// CM1 category.
    pub state: Category,
    /// Split inside the category.
    pub detail: Option<String>,
    /// Display label: `talking`, `talking (monitored)`, `three-way (barge)`, …
    pub label: String,
    /// Whether a supervisor may listen now.
    pub listenability: Listenability,
    /// The supervisor listening or barged in, if any.
    pub supervisor: Option<AgentId>,
}

/// The CM4 agent listening list of a scope: logged-in call agents, roster order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ListeningList {
    /// Number of rows.
    pub total: u32,
    /// How many can be listened to now.
    pub listenable: u32,
    /// The rows.
    pub agents: Vec<ListeningEntry>,
}

/// One bar of the BS1 big-screen chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Bar {
    /// Stable key (`idle`, `consulting`, …).
    pub key: String,
    /// Display label.
    pub label: String,
    /// Agents in that state.
    pub value: u32,
}

/// BS1: the big screen's agent work-status chart and header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct BigScreen {
    /// `online N / supervising M`.
    pub header: String,
    /// N.
    pub online: u32,
    /// M: agents listening or barging.
    pub supervising: u32,
    /// Bars: idle, busy, after-call work, answering, outbound, consulting, supervising, non-service.
    pub bars: Vec<Bar>,
}

impl BigScreen {
    /// Builds the screen from a wallboard.
    pub fn from_wallboard(w: &AgentWallboard) -> Self {
        let bar = |key: &str, label: &str, value: u32| Bar {
            key: key.into(),
            label: label.into(),
            value,
        };
        BigScreen {
            header: format!("online {} / supervising {}", w.online, w.supervising.total),
            online: w.online,
            supervising: w.supervising.total,
            bars: vec![
                bar("idle", "Idle", w.idle),
                bar("busy", "Busy", w.busy),
                bar("after_call_work", "After-call work", w.after_call_work),
                bar("answering", "Answering", w.answering.total),
                bar("outbound", "Outbound", w.outbound.total),
                bar("consulting", "Consulting", w.consulting.total),
                bar("supervising", "Supervising", w.supervising.total),
                bar("non_service", "Non-service", w.non_service.total),
            ],
        }
    }
}

/// One agent's live state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AgentStateView {
    /// The agent.
    pub agent: AgentId,
    /// CM1 category (`offline` when logged out).
    pub state: Category,
    /// Split inside the category.
    pub detail: Option<String>,
    /// Display label (`talking (monitored)`, `three-way (barge)`, …).
    pub label: String,
    /// Since when (millisecond precision); `null` if never logged in.
    pub since: Option<Timestamp>,
    /// The customer call the agent is on.
    pub call: Option<CallId>,
    /// Monitor mark (CM4).
    pub monitor: Monitor,
    /// Who listens to this agent.
    pub monitored_by: Option<AgentId>,
    /// For a supervisor: the agent listened to.
    pub listening_to: Option<AgentId>,
    /// Consult partner (consulting or consulted agent).
    pub consult_with: Option<AgentId>,
    /// The extension held.
    pub extension: Option<ExtensionId>,
    /// Toolbar popup (TB3).
    pub popup: Popup,
    /// When ACW ends by time (TB2).
    pub acw_until: Option<Timestamp>,
}

/// How an agent's extension is bound (TB1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Binding {
    /// A fixed extension.
    OneToOne,
    /// Picked at login.
    Dynamic,
}

/// One agent's phone toolbar (TB1–TB4) as the UI draws it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ToolbarView {
    /// The agent.
    pub agent: AgentId,
    /// Binding mode.
    pub binding: Binding,
    /// The fixed extension (one-to-one) or the one held now.
    pub extension: Option<ExtensionId>,
    /// Whether logged in.
    pub logged_in: bool,
    /// CM1 category.
    pub state: Category,
    /// Split inside the category.
    pub detail: Option<String>,
    /// Display label.
    pub label: String,
    /// Popup state (TB3).
    pub popup: Popup,
    /// Whether the popup shows now.
    pub popup_expanded: bool,
    /// When ACW ends by time (TB2).
    pub acw_until: Option<Timestamp>,
    /// Event types the toolbar offers now (`dial`, `acw_complete`, …).
    pub actions: Vec<String>,
}

/// One agent's figures of the tenant day (the workplace monitor's call metrics).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AgentStats {
    /// The agent.
    pub agent: AgentId,
    /// Current leaf state.
    pub state: Category,
    /// Split inside the category.
    pub detail: Option<String>,
    /// Since when.
    pub status_since: Option<Timestamp>,
    /// Seconds in the current state at `now`.
    pub status_seconds: f64,
    /// Inbound calls answered today (transfers and takeovers received count).
    pub calls_answered: u32,
    /// Inbound calls that rang at the agent and ended unanswered.
    pub ring_no_answer: u32,
    /// Seconds busy today, up to `now`.
    pub busy_seconds: f64,
    /// Outbound calls dialed today.
    pub outbound_calls: u32,
    /// Talk seconds of calls ended today (hold included).
    pub talk_seconds: f64,
    /// Calls ended today after talking.
    pub talk_count: u32,
    /// Mean talk seconds, if any call.
    pub average_talk_seconds: Option<f64>,
    /// ACW seconds of ACW periods ended today.
    pub acw_seconds: f64,
    /// ACW periods ended today.
    pub acw_count: u32,
    /// Mean ACW seconds, if any.
    pub average_acw_seconds: Option<f64>,
}

fn label(s: Status, m: Monitor) -> String {
    use Status as S;
    let base = match s {
        S::Offline => "offline",
        S::Idle => "idle",
        S::Busy => "busy",
        S::AfterCallWork => "after-call work",
        S::AnsweringRinging => "ringing",
        S::AnsweringTalking | S::OutboundTalking => "talking",
        S::AnsweringOnHold | S::OutboundOnHold => "on hold",
        S::OutboundDialing => "dialing",
        S::ConsultingRinging => "consult ringing",
        S::ConsultingThreeWay => "three-way",
        S::ConsultingTransferConsult => "transfer consult",
        S::SupervisingListening => "listening",
        S::SupervisingBarging => "barging",
        S::Break => "break",
        S::Activity => "activity",
        S::Training => "training",
        S::Meal => "meal",
        S::Meeting => "meeting",
    };
    match m {
        Monitor::None => base.to_owned(),
        Monitor::Monitored => format!("{base} (monitored)"),
        Monitor::Barged => "three-way (barge)".to_owned(),
    }
}

fn secs(ms: u64) -> f64 {
    ms as f64 / 1000.0
}

impl Board {
    fn link(&self, j: u32) -> Option<AgentId> {
        (j != NONE).then(|| self.id(j as usize).clone())
    }

    /// CM1 items 3–11 of a scope. O(1).
    pub fn wallboard(&self, scope: &Scope) -> Result<AgentWallboard, AgentError> {
        Ok(AgentWallboard::from_counts(&self.counts[self.scope_row(scope)?]))
    }

    /// The same figures recomputed from every agent's state: the reference
    /// model of the tests and the baseline of the bench. O(agents).
    pub fn wallboard_by_recount(&self, scope: &Scope) -> Result<AgentWallboard, AgentError> {
        let row = self.scope_row(scope)?;
        let mut c = [0u32; COUNTED];
        for (i, s) in self.slots.iter().enumerate() {
            if let Some(k) = s.status.slot()
                && self.in_row(i, row)
            {
                c[k] += 1;
            }
        }
        Ok(AgentWallboard::from_counts(&c))
    }

    /// CM4: the logged-in call agents of a scope with whether each can be listened to.
    pub fn listening_list(&self, scope: &Scope) -> Result<ListeningList, AgentError> {
        let row = self.scope_row(scope)?;
        let mut agents = Vec::new();
        let mut listenable = 0;
        for (i, s) in self.slots.iter().enumerate() {
            let p = &self.tenant.config.agents[i];
            if s.status == Status::Offline || !p.kind.is_call() || !self.in_row(i, row) {
                continue;
            }
            let l = match (s.status.is_talking(), s.monitor) {
                (_, Monitor::Barged) => Listenability::Barged,
                (_, Monitor::Monitored) => Listenability::Monitored,
                (true, Monitor::None) => Listenability::Listenable,
                (false, Monitor::None) => Listenability::NotTalking,
            };
            if l == Listenability::Listenable {
                listenable += 1;
            }
            agents.push(ListeningEntry {
                agent: p.id.clone(),
                name: p.name.clone(),
                state: s.status.category(),
                detail: s.status.detail().map(str::to_owned),
                label: label(s.status, s.monitor),
                listenability: l,
                supervisor: self.link(s.monitored_by),
            });
        }
        Ok(ListeningList {
            total: agents.len() as u32,
            listenable,
            agents,
        })
    }

    /// BS1: the big screen of a scope.
    pub fn big_screen(&self, scope: &Scope) -> Result<BigScreen, AgentError> {
        Ok(BigScreen::from_wallboard(&self.wallboard(scope)?))
    }

    /// One agent's live state.
    pub fn agent_state(&self, agent: &str) -> Result<AgentStateView, AgentError> {
        let i = self.resolve(agent)? as usize;
        let s = &self.slots[i];
        let supervising = s.status.category() == Category::Supervising;
        Ok(AgentStateView {
            agent: self.id(i).clone(),
            state: s.status.category(),
            detail: s.status.detail().map(str::to_owned),
            label: label(s.status, s.monitor),
            since: ts(s.since),
            call: s.call.clone(),
            monitor: s.monitor,
            monitored_by: self.link(s.monitored_by),
            listening_to: if supervising { self.link(s.peer) } else { None },
            consult_with: if supervising { None } else { self.link(s.peer) },
            extension: s.extension.clone(),
            popup: s.popup,
            acw_until: ts(s.acw_until),
        })
    }

    /// One agent's toolbar (TB1–TB4).
    pub fn toolbar(&self, agent: &str) -> Result<ToolbarView, AgentError> {
        use Status as S;
        let i = self.resolve(agent)? as usize;
        let s = &self.slots[i];
        let p = &self.tenant.config.agents[i];
        let mut actions: Vec<&str> = match s.status {
            S::Offline => vec!["login"],
            S::Idle | S::Busy => vec!["set_status", "dial", "logout"],
            S::Break | S::Activity | S::Training | S::Meal | S::Meeting => vec!["set_status", "logout"],
            S::AfterCallWork => vec!["acw_complete", "set_status", "logout"],
            S::AnsweringRinging => vec!["answer"],
            S::OutboundDialing => vec!["call_ended"],
            S::AnsweringTalking | S::OutboundTalking => vec!["hold", "consult_start", "call_ended"],
            S::AnsweringOnHold | S::OutboundOnHold => vec!["resume", "consult_start", "call_ended"],
            S::ConsultingRinging => vec!["consult_answered", "consult_ended"],
            S::ConsultingThreeWay | S::ConsultingTransferConsult => vec!["consult_ended"],
            S::SupervisingListening => vec!["barge", "force_disconnect", "listen_end"],
            S::SupervisingBarging => vec!["force_disconnect", "listen_end"],
        };
        if s.status.on_own_call() && s.peer != NONE {
            actions.retain(|a| *a != "consult_start");
            actions.extend(["transfer_confirmed", "consult_ended"]);
        }
        if matches!(s.status, S::Idle | S::Busy) && self.can_listen[i] {
            actions.push("listen_start");
        }
        if s.status != S::Offline {
            actions.extend(["popup_collapse", "popup_expand"]);
        }
        Ok(ToolbarView {
            agent: p.id.clone(),
            binding: if p.extension.is_some() {
                Binding::OneToOne
            } else {
                Binding::Dynamic
            },
            extension: s.extension.clone().or_else(|| p.extension.clone()),
            logged_in: s.status != S::Offline,
            state: s.status.category(),
            detail: s.status.detail().map(str::to_owned),
            label: label(s.status, s.monitor),
            popup: s.popup,
            popup_expanded: s.status != S::Offline && s.popup == Popup::Expanded,
            acw_until: ts(s.acw_until),
            actions: actions.into_iter().map(str::to_owned).collect(),
        })
    }

    /// The agent's current leaf state.
    pub fn status_of(&self, agent: &str) -> Result<Status, AgentError> {
        Ok(self.slots[self.resolve(agent)? as usize].status)
    }

    /// One agent's figures of the tenant day containing `now` ("today" =
    /// tenant calendar day, `cxkit_core::time::day_bounds`). Figures of an
    /// earlier day read as zero.
    pub fn agent_stats(&self, agent: &str, now: Timestamp) -> Result<AgentStats, AgentError> {
        cxkit_core::time::check_supported(now)
            .map_err(|message| AgentError::InvalidInput { field: "now", message })?;
        let i = self.resolve(agent)? as usize;
        let s = &self.slots[i];
        let now_ms = crate::board::ms(now);
        let (day_start, _) = crate::board::day_bounds_ms(now_ms, &self.tenant);
        let d = if s.stats.day_start == day_start {
            s.stats
        } else {
            crate::board::DayStats::default()
        };
        let mut busy_ms = d.busy_ms;
        if s.status == Status::Busy {
            busy_ms += (now_ms - s.since.max(day_start)).max(0) as u64;
        }
        let avg = |total: u64, n: u32| (n > 0).then(|| secs(total) / f64::from(n));
        Ok(AgentStats {
            agent: self.id(i).clone(),
            state: s.status.category(),
            detail: s.status.detail().map(str::to_owned),
            status_since: ts(s.since),
            status_seconds: if s.since == NEVER {
                0.0
            } else {
                secs((now_ms - s.since).max(0) as u64)
            },
            calls_answered: d.answered,
            ring_no_answer: d.ring_no_answer,
            busy_seconds: secs(busy_ms),
            outbound_calls: d.outbound,
            talk_seconds: secs(d.talk_ms),
            talk_count: d.talk_count,
            average_talk_seconds: avg(d.talk_ms, d.talk_count),
            acw_seconds: secs(d.acw_ms),
            acw_count: d.acw_count,
            average_acw_seconds: avg(d.acw_ms, d.acw_count),
        })
    }
}
