//! Read-side views: one agent's OS3 metrics, the OS4 online wallboard of a
//! scope, and an agent's own chat list. Plain serde values, one JSON shape.

use crate::board::{ABANDONED, Board, ChatState, NEVER, OFFERED, SERVED, TRANSFERRED, ts};
use crate::error::OnlineError;
use crate::status::{LEAVES, Leaf, OnlineStatus};
use cxkit_core::{AgentId, Channel, ConversationId, Scope, SkillGroupId, Timestamp};
use serde::{Deserialize, Serialize};

/// The eight online metrics of one agent (OS3) for the tenant day of `now`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OnlineAgentMetrics {
    /// The agent.
    pub agent: AgentId,
    /// The chosen online status.
    pub status: OnlineStatus,
    /// The leaf it is counted in (`null` when offline).
    pub leaf: Option<Leaf>,
    /// Since when the chosen status holds.
    pub status_since: Option<Timestamp>,
    /// The agent's maximum of concurrent chats.
    pub max_chats: u32,
    /// `current_chats`: open chats assigned to the agent.
    pub current_chats: u32,
    /// `queued_chats`: chats waiting in the skill groups the agent serves.
    pub queued_chats: u32,
    /// `chats_served_today`: chats closed today in which the agent wrote.
    pub chats_served_today: u32,
    /// `avg_first_response_seconds` over the chats assigned to it today (null: none yet).
    pub avg_first_response_seconds: Option<f64>,
    /// `avg_response_seconds` over its replies today (null: none yet).
    pub avg_response_seconds: Option<f64>,
    /// `unanswered_chats`: its open chats whose customer waits longer than the limit.
    pub unanswered_chats: u32,
    /// `online_satisfaction_rate`: satisfied / rated today, percent (null: none rated).
    pub satisfaction_rate: Option<f64>,
    /// `online_status_duration`: seconds in the chosen status (null when offline).
    pub status_duration_seconds: Option<f64>,
}

/// The catalog keys of the eight online metrics, in [`OnlineAgentMetrics::values`] order.
pub const METRIC_KEYS: [&str; 8] = [
    "online_status_duration",
    "current_chats",
    "queued_chats",
    "chats_served_today",
    "avg_first_response_seconds",
    "avg_response_seconds",
    "unanswered_chats",
    "online_satisfaction_rate",
];

impl OnlineAgentMetrics {
    /// The value of a metric by its catalog key (`None`: no such key, or no value).
    pub fn value(&self, key: &str) -> Option<f64> {
        METRIC_KEYS
            .iter()
            .position(|k| *k == key)
            .and_then(|p| self.values()[p])
    }

    /// The eight values in [`METRIC_KEYS`] order.
    pub fn values(&self) -> [Option<f64>; 8] {
        [
            self.status_duration_seconds,
            Some(f64::from(self.current_chats)),
            Some(f64::from(self.queued_chats)),
            Some(f64::from(self.chats_served_today)),
            self.avg_first_response_seconds,
            self.avg_response_seconds,
            Some(f64::from(self.unanswered_chats)),
            self.satisfaction_rate,
        ]
    }
}

/// Seconds of an average over `n` samples summing to `total_ms` (null for none).
pub(crate) fn avg_seconds(total_ms: i64, n: u32) -> Option<f64> {
    (n > 0).then(|| total_ms as f64 / f64::from(n) / 1000.0)
}

/// Percent `part / whole` (null when `whole` is 0).
pub(crate) fn percent(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| f64::from(part) * 100.0 / f64::from(whole))
}

/// OS4: online agents (chosen status `online`), split.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OnlineSplit {
    /// Sum of the splits.
    pub total: u32,
    /// With a free slot.
    pub accepting: u32,
    /// At their maximum ("full").
    pub full: u32,
}

/// OS4: busy agents, split.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct BusySplit {
    /// Sum of the splits.
    pub total: u32,
    /// Busy by choice.
    pub chosen: u32,
    /// `both` agents on a call, with `call_blocks_chats`.
    pub on_call: u32,
}

/// OS4: agents in a non-service status, split.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(rename = "OnlineNonServiceSplit")]
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

/// OS4: the chats waiting in one skill group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(rename = "OnlineGroupWaiting")]
pub struct GroupWaiting {
    /// The group.
    pub skill_group: SkillGroupId,
    /// Chats waiting.
    pub waiting: u32,
    /// Seconds the oldest has waited in this queue (null: none waits).
    pub longest_wait_seconds: Option<f64>,
}

/// OS4: chats waiting, per skill group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Waiting {
    /// Sum over the groups.
    pub total: u32,
    /// The longest wait over the groups (null: none waits).
    pub longest_wait_seconds: Option<f64>,
    /// Per group, in configuration order.
    pub groups: Vec<GroupWaiting>,
}

/// OS4: today's chat totals (the tenant's day of `now`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ChatTotals {
    /// Chats that entered the queue (or were assigned directly) today.
    pub offered: u32,
    /// Chats closed today in which an agent wrote.
    pub served: u32,
    /// Chats closed today while waiting in a queue.
    pub abandoned_in_queue: u32,
    /// Transfers today (to an agent or a skill group).
    pub transferred: u32,
}

/// OS4: the online wallboard of one scope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OnlineWallboard {
    /// What the view covers.
    pub scope: Scope,
    /// Every logged-in online agent; the sum of `online`, `busy`, `non_service`.
    pub logged_in: u32,
    /// Agents `online` (accepting or full).
    pub online: OnlineSplit,
    /// Agents busy (by choice or on a call).
    pub busy: BusySplit,
    /// Agents in a non-service status.
    pub non_service: NonServiceSplit,
    /// Open chats assigned to the scope's agents.
    pub chats_in_progress: u32,
    /// Chats waiting (the scope's skill group; every group for tenant and org-unit scopes).
    pub waiting: Waiting,
    /// Today's totals (the scope's skill group; the tenant's for tenant and org-unit scopes).
    pub today: ChatTotals,
}

impl OnlineWallboard {
    /// Whether every split adds up to its total.
    pub fn is_consistent(&self) -> bool {
        let n = &self.non_service;
        self.online.total == self.online.accepting + self.online.full
            && self.busy.total == self.busy.chosen + self.busy.on_call
            && n.total == n.break_ + n.activity + n.training + n.meal + n.meeting
            && self.logged_in == self.online.total + self.busy.total + n.total
            && self.waiting.total == self.waiting.groups.iter().map(|g| g.waiting).sum::<u32>()
    }

    fn agents_from(c: &[u32; LEAVES]) -> (u32, OnlineSplit, BusySplit, NonServiceSplit) {
        let g = |l: Leaf| c[l as usize];
        let online = OnlineSplit {
            accepting: g(Leaf::Accepting),
            full: g(Leaf::Full),
            total: g(Leaf::Accepting) + g(Leaf::Full),
        };
        let busy = BusySplit {
            chosen: g(Leaf::Busy),
            on_call: g(Leaf::OnCall),
            total: g(Leaf::Busy) + g(Leaf::OnCall),
        };
        let non_service = NonServiceSplit {
            break_: g(Leaf::Break),
            activity: g(Leaf::Activity),
            training: g(Leaf::Training),
            meal: g(Leaf::Meal),
            meeting: g(Leaf::Meeting),
            total: g(Leaf::Break)
                + g(Leaf::Activity)
                + g(Leaf::Training)
                + g(Leaf::Meal)
                + g(Leaf::Meeting),
        };
        (c.iter().sum(), online, busy, non_service)
    }
}

/// One open chat of an agent (the agent's own chat list).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AgentChat {
    /// The chat.
    pub chat: ConversationId,
    /// Its channel.
    pub channel: Channel,
    /// Its channel instance.
    pub instance: Option<String>,
    /// Whether the bot handed it over.
    pub from_bot: bool,
    /// When the agent got it.
    pub assigned_at: Option<Timestamp>,
    /// Seconds the customer has been waiting for a reply (null: not waiting).
    pub customer_waiting_seconds: Option<f64>,
    /// Whether that wait is past `unanswered_after_seconds`.
    pub unanswered: bool,
}

fn secs(ms: i64) -> f64 {
    ms.max(0) as f64 / 1000.0
}

impl Board {
    /// OS3: one agent's eight metrics for the tenant day of `now`.
    pub fn metrics(&self, agent: &str, now: Timestamp) -> Result<OnlineAgentMetrics, OnlineError> {
        let i = self.resolve(agent)? as usize;
        Ok(self.metrics_at(i, now))
    }

    /// [`Board::metrics`] for a resolved agent index (must be `< len()`).
    pub fn metrics_at(&self, i: usize, now: Timestamp) -> OnlineAgentMetrics {
        let now = now.timestamp_millis();
        let s = &self.agents[i];
        let st = self.stats_at(i, now);
        let online = s.status != OnlineStatus::Offline;
        OnlineAgentMetrics {
            agent: self.id(i).clone(),
            status: s.status,
            leaf: self.leaf(i),
            status_since: if online { ts(s.since) } else { None },
            max_chats: self.max[i],
            current_chats: s.chats.len() as u32,
            queued_chats: self.queued_for(i),
            chats_served_today: st.served,
            avg_first_response_seconds: avg_seconds(st.fr_ms, st.fr_n),
            avg_response_seconds: avg_seconds(st.resp_ms, st.resp_n),
            unanswered_chats: self.unanswered(i, now),
            satisfaction_rate: percent(st.satisfied, st.rated),
            status_duration_seconds: online.then(|| secs(now - s.since)),
        }
    }

    /// The eight metric values of every agent at `now`, in roster order and
    /// [`METRIC_KEYS`] order, without building
    /// views (one pass over the agents).
    pub fn for_each_metric_values(&self, now: Timestamp, mut f: impl FnMut(usize, [Option<f64>; 8])) {
        let now = now.timestamp_millis();
        let queued: Vec<u32> = self.waiting.iter().map(|w| w.len() as u32).collect();
        for (i, s) in self.agents.iter().enumerate() {
            let st = self.stats_at(i, now);
            let online = s.status != OnlineStatus::Offline;
            let q: u32 = self.groups_of(i).iter().map(|&g| queued[g as usize]).sum();
            f(
                i,
                [
                    online.then(|| secs(now - s.since)),
                    Some(f64::from(s.chats.len() as u32)),
                    Some(f64::from(q)),
                    Some(f64::from(st.served)),
                    avg_seconds(st.fr_ms, st.fr_n),
                    avg_seconds(st.resp_ms, st.resp_n),
                    Some(f64::from(self.unanswered(i, now))),
                    percent(st.satisfied, st.rated),
                ],
            );
        }
    }

    /// The monitor's fast path: writes the metrics of every agent at `now`
    /// into `columns` (in [`METRIC_KEYS`] order;
    /// `None`: not wanted, not computed), each indexed by roster position,
    /// NaN where [`Board::for_each_metric_values`] gives `None` — the same
    /// values, bit for bit. A column shorter than the roster gets the
    /// agents that fit.
    ///
    /// Why columns: the agents are read once, front to back, and each
    /// value lands in a sequential stream; a view that shows four of the
    /// eight metrics does not pay for the others (the unanswered count
    /// reads each agent's wait list, the queued count its skill groups).
    pub fn metric_columns(&self, now: Timestamp, mut columns: [Option<&mut [f64]>; 8]) {
        let now = now.timestamp_millis();
        let queued: Vec<u32> = if columns[2].is_some() {
            self.waiting.iter().map(|w| w.len() as u32).collect()
        } else {
            Vec::new()
        };
        let nan = |v: Option<f64>| v.unwrap_or(f64::NAN);
        let day = columns[3].is_some() || columns[4].is_some() || columns[5].is_some() || columns[7].is_some();
        for (i, s) in self.agents.iter().enumerate() {
            let st = if day { self.stats_at(i, now) } else { crate::board::DayStats::empty() };
            let put = |c: &mut Option<&mut [f64]>, v: f64| {
                if let Some(x) = c.as_deref_mut().and_then(|c| c.get_mut(i)) {
                    *x = v;
                }
            };
            let [status, current, queue, served, first, resp, unanswered, rate] = &mut columns;
            if status.is_some() {
                let online = s.status != OnlineStatus::Offline;
                put(status, nan(online.then(|| secs(now - s.since))));
            }
            put(current, f64::from(s.chats.len() as u32));
            if queue.is_some() {
                put(queue, f64::from(self.groups_of(i).iter().map(|&g| queued[g as usize]).sum::<u32>()));
            }
            put(served, f64::from(st.served));
            if first.is_some() {
                put(first, nan(avg_seconds(st.fr_ms, st.fr_n)));
            }
            if resp.is_some() {
                put(resp, nan(avg_seconds(st.resp_ms, st.resp_n)));
            }
            if unanswered.is_some() {
                put(unanswered, f64::from(self.unanswered(i, now)));
            }
            if rate.is_some() {
                put(rate, nan(percent(st.satisfied, st.rated)));
            }
        }
    }

    fn stats_at(&self, i: usize, now: i64) -> crate::board::DayStats {
        let s = &self.agents[i].stats;
        if now >= s.day_start && now < s.day_end {
            *s
        } else {
            crate::board::DayStats::empty()
        }
    }

    fn queued_for(&self, i: usize) -> u32 {
        self.groups_of(i).iter().map(|&g| self.waiting[g as usize].len() as u32).sum()
    }

    fn unanswered(&self, i: usize, now: i64) -> u32 {
        let limit = i64::from(self.config.unanswered_after_seconds) * 1000;
        self.agents[i].waits.iter().filter(|&&w| w != NEVER && now - w > limit).count() as u32
    }

    /// OS4: the online wallboard of a scope at `now`. O(skill groups), not
    /// O(agents): every figure is a maintained counter.
    pub fn wallboard(&self, scope: &Scope, now: Timestamp) -> Result<OnlineWallboard, OnlineError> {
        let row = self.scope_row(scope)?;
        let (logged_in, online, busy, non_service) =
            OnlineWallboard::agents_from(&self.counts[row]);
        let now_ms = now.timestamp_millis();
        let (groups, totals_row): (Vec<u32>, usize) = match scope {
            Scope::SkillGroup { id } => {
                let g = self.tenant.skill_group_position(id)?;
                (vec![g], 1 + g as usize)
            }
            _ => ((0..self.waiting.len() as u32).collect(), 0),
        };
        let mut w = Waiting {
            total: 0,
            longest_wait_seconds: None,
            groups: Vec::with_capacity(groups.len()),
        };
        for g in groups {
            let set = &self.waiting[g as usize];
            let longest = set.first().map(|&(q, _)| secs(now_ms - q));
            w.total += set.len() as u32;
            w.longest_wait_seconds = match (w.longest_wait_seconds, longest) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            };
            w.groups.push(GroupWaiting {
                skill_group: self.tenant.config.skill_groups[g as usize].id.clone(),
                waiting: set.len() as u32,
                longest_wait_seconds: longest,
            });
        }
        let t = if now_ms >= self.today.0 && now_ms < self.today.1 {
            self.totals[totals_row]
        } else {
            [0; 4]
        };
        Ok(OnlineWallboard {
            scope: scope.clone(),
            logged_in,
            online,
            busy,
            non_service,
            chats_in_progress: self.in_progress[row],
            waiting: w,
            today: ChatTotals {
                offered: t[OFFERED],
                served: t[SERVED],
                abandoned_in_queue: t[ABANDONED],
                transferred: t[TRANSFERRED],
            },
        })
    }

    /// The agent's own open chats, oldest assignment first (the device API).
    pub fn agent_chats(&self, agent: &str, now: Timestamp) -> Result<Vec<AgentChat>, OnlineError> {
        let i = self.resolve(agent)? as usize;
        let now = now.timestamp_millis();
        let limit = i64::from(self.config.unanswered_after_seconds) * 1000;
        let mut out: Vec<AgentChat> = self.agents[i]
            .chats
            .iter()
            .map(|&c| {
                let ch = &self.chats[c as usize];
                let waiting = (ch.wait_start != NEVER).then(|| secs(now - ch.wait_start));
                AgentChat {
                    chat: ch.id.clone(),
                    channel: ch.channel,
                    instance: ch.instance.clone(),
                    from_bot: ch.from_bot,
                    assigned_at: ts(ch.assigned_at),
                    customer_waiting_seconds: waiting,
                    unanswered: ch.wait_start != NEVER && now - ch.wait_start > limit,
                }
            })
            .collect();
        out.sort_by(|a, b| {
            a.assigned_at
                .cmp(&b.assigned_at)
                .then_with(|| a.chat.cmp(&b.chat))
        });
        Ok(out)
    }

    /// The waiting chats of every skill group recomputed from the chat slab
    /// (reference for the tests): (group, count, oldest queue entry in ms).
    pub fn waiting_by_recount(&self) -> Vec<(u32, Option<i64>)> {
        let mut out = vec![(0u32, None::<i64>); self.waiting.len()];
        for c in self.chat_index.values() {
            let ch = &self.chats[*c as usize];
            if ch.state == ChatState::Queued {
                let e = &mut out[ch.group as usize];
                e.0 += 1;
                e.1 = Some(e.1.map_or(ch.queued_at, |o: i64| o.min(ch.queued_at)));
            }
        }
        out
    }

    /// Where a chat is (`None`: not on the board, or forgotten after the rating window).
    pub fn chat_state(&self, chat: &str) -> Option<ChatState> {
        self.chat_index.get(chat).map(|&c| self.chats[c as usize].state)
    }

    /// OS5: whether a skill group has an agent `online` with a free slot
    /// right now (accepting: logged in, not full, not blocked by a call).
    pub fn group_has_free_agent(&self, group: &SkillGroupId) -> Result<bool, OnlineError> {
        let row = 1 + self.tenant.skill_group_position(group)? as usize;
        Ok(self.counts[row][Leaf::Accepting as usize] > 0)
    }

    /// OS5: agents of a skill group logged in and `online` (accepting or full).
    pub fn group_online_agents(&self, group: &SkillGroupId) -> Result<u32, OnlineError> {
        let row = 1 + self.tenant.skill_group_position(group)? as usize;
        let c = &self.counts[row];
        Ok(c[Leaf::Accepting as usize] + c[Leaf::Full as usize])
    }
}
