//! The [`Board`]: every agent's live state, the O(1) incremental counters
//! behind the CM1 wallboard, and the rules of TB1–TB5, CM2 and CM4.
//!
//! Agent ids are interned to dense indexes once (an Fx hash map); each agent
//! has a precomputed list of the counter rows it contributes to (tenant, each
//! of its skill groups, its org unit and every ancestor). A state change
//! moves one unit from the old leaf to the new leaf in each of those rows, so
//! applying an event costs O(1 + groups + org depth) and reading a wallboard
//! is O(1). Every handler validates first and mutates after, so an event that
//! returns an error leaves the board exactly as it was.

use crate::config::{AcwReturn, AgentsConfig, MAX_ACW_SECONDS};
use crate::error::AgentError;
use crate::event::AgentEvent;
use crate::fxhash::{FxMap, event_key};
use crate::status::{COUNTED, ConsultMode, Direction, EndedBy, Monitor, Popup, Status};
use crate::toolbar::validate_dial;
use cxkit_core::{AgentId, CallId, ExtensionId, Permission, Scope, Tenant, Timestamp};
use serde::{Deserialize, Serialize};
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::Arc;

/// "No agent" in an index link.
pub(crate) const NONE: u32 = u32::MAX;
/// "Never" for a millisecond instant.
pub(crate) const NEVER: i64 = i64::MIN;
/// Size of the per-agent duplicate window (the last N event ids).
pub const DUPLICATE_WINDOW: usize = 8;

/// What a call event does to one agent (FD1), carried out by
/// [`Board::apply_call_ops`]; each op is the agent-side effect the call
/// tracker listed for the event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallOp {
    /// The call rings at the agent (idle or busy).
    Ring,
    /// The agent's ring ends; `missed` counts a ring-no-answer.
    RingEnd {
        /// A ring-no-answer of the agent's.
        missed: bool,
    },
    /// The ringing agent answers.
    Answer,
    /// Hold.
    Hold,
    /// Resume.
    Resume,
    /// The agent's own call is over (ACW after a connected call).
    Leave,
    /// The agent dials out (TB4 checks the number).
    Dial {
        /// The dialed number.
        number: String,
    },
    /// The dialed customer picked up.
    Connect,
    /// The agent takes the call over from agent `from` (CM2): the consulted
    /// agent of a confirmed transfer, or an idle or busy agent.
    TakeOver {
        /// The handle of the agent leaving the call.
        from: u32,
    },
}

/// Whether an event changed the board or was a duplicate of one already applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ApplyStatus {
    /// The event was applied.
    Applied,
    /// An event with the same id was already applied; nothing changed.
    Duplicate,
}

/// The last [`DUPLICATE_WINDOW`] event-id keys of one agent (a ring).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub(crate) struct Seen {
    pub(crate) keys: [u64; DUPLICATE_WINDOW],
    pub(crate) next: u8,
}

impl Seen {
    #[inline]
    fn contains(&self, k: u64) -> bool {
        self.keys.contains(&k)
    }
    #[inline]
    fn push(&mut self, k: u64) {
        let n = usize::from(self.next) % DUPLICATE_WINDOW;
        self.keys[n] = k;
        self.next = ((n + 1) % DUPLICATE_WINDOW) as u8;
    }
}

/// Per-agent figures of one tenant calendar day (milliseconds internally).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub(crate) struct DayStats {
    pub(crate) day_start: i64,
    pub(crate) day_end: i64,
    pub(crate) answered: u32,
    pub(crate) ring_no_answer: u32,
    pub(crate) outbound: u32,
    pub(crate) talk_count: u32,
    pub(crate) acw_count: u32,
    pub(crate) busy_ms: u64,
    pub(crate) talk_ms: u64,
    pub(crate) acw_ms: u64,
}

/// One agent's live state. Links to other agents are dense indexes
/// ([`NONE`] when absent); the snapshot turns them back into ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Slot {
    pub(crate) status: Status,
    /// The resting status held before the current call, consult or listen;
    /// where TB2 `return_to: previous` goes back to.
    pub(crate) prior: Status,
    pub(crate) popup: Popup,
    pub(crate) monitor: Monitor,
    pub(crate) consult_mode: ConsultMode,
    /// The supervisor listening to this agent.
    pub(crate) monitored_by: u32,
    /// Consult partner (for the consulting and the consulted agent), or the
    /// agent a supervisor listens to.
    pub(crate) peer: u32,
    pub(crate) call: Option<CallId>,
    pub(crate) extension: Option<ExtensionId>,
    pub(crate) since: i64,
    pub(crate) last_at: i64,
    pub(crate) acw_until: i64,
    pub(crate) talk_start: i64,
    pub(crate) stats: DayStats,
    pub(crate) seen: Seen,
}

impl Default for Slot {
    fn default() -> Self {
        Slot {
            status: Status::Offline,
            prior: Status::Idle,
            popup: Popup::Expanded,
            monitor: Monitor::None,
            consult_mode: ConsultMode::ThreeWay,
            monitored_by: NONE,
            peer: NONE,
            call: None,
            extension: None,
            since: NEVER,
            last_at: NEVER,
            acw_until: NEVER,
            talk_start: NEVER,
            stats: DayStats {
                day_start: NEVER,
                day_end: NEVER,
                ..DayStats::default()
            },
            seen: Seen::default(),
        }
    }
}

/// The live board of every agent's state with its incremental counters.
#[derive(Debug, Clone)]
pub struct Board {
    pub(crate) tenant: Arc<Tenant>,
    pub(crate) config: AgentsConfig,
    pub(crate) index: FxMap<AgentId, u32>,
    /// Counter rows of agent `i`: `scope_idx[scope_off[i]..scope_off[i + 1]]`.
    pub(crate) scope_idx: Vec<u32>,
    pub(crate) scope_off: Vec<u32>,
    pub(crate) can_listen: Vec<bool>,
    pub(crate) fixed_owner: FxMap<ExtensionId, u32>,
    pub(crate) slots: Vec<Slot>,
    /// One row per scope: 0 = tenant, then skill groups, then org units.
    pub(crate) counts: Vec<[u32; COUNTED]>,
    /// Extensions held by logged-in agents (TB1).
    pub(crate) held: FxMap<ExtensionId, u32>,
    /// ACW deadlines (lazy deletion: stale entries are skipped when popped).
    pub(crate) acw_heap: BinaryHeap<Reverse<(i64, u32)>>,
    pub(crate) last_tick: i64,
    pub(crate) tick_seen: Seen,
    /// Cached bounds of the tenant day last looked up (a cache, not state).
    pub(crate) day_cache: (i64, i64),
}

#[inline]
pub(crate) fn ms(t: Timestamp) -> i64 {
    t.timestamp_millis()
}

/// Milliseconds back to a timestamp (`None` for [`NEVER`]).
pub(crate) fn ts(ms: i64) -> Option<Timestamp> {
    if ms == NEVER {
        None
    } else {
        chrono::DateTime::from_timestamp_millis(ms)
    }
}

fn rfc(ms: i64) -> String {
    ts(ms)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
        .unwrap_or_else(|| "never".into())
}

impl Board {
    /// A board of the tenant's roster, everyone offline. Errors: an invalid
    /// `agents` section (ACW longer than a day).
    pub fn new(tenant: Arc<Tenant>, config: &AgentsConfig) -> Result<Self, AgentError> {
        if config.acw.seconds > MAX_ACW_SECONDS {
            return Err(AgentError::Config {
                field: "agents.acw.seconds".into(),
                message: format!("{} s is longer than one day ({MAX_ACW_SECONDS} s)", config.acw.seconds),
            });
        }
        let roster = &tenant.config.agents;
        let groups = tenant.config.skill_groups.len() as u32;
        let mut index = FxMap::default();
        index.reserve(roster.len());
        let mut scope_idx = Vec::new();
        let mut scope_off = Vec::with_capacity(roster.len() + 1);
        let mut can_listen = Vec::with_capacity(roster.len());
        let mut fixed_owner = FxMap::default();
        for (i, a) in roster.iter().enumerate() {
            index.insert(a.id.clone(), i as u32);
            scope_off.push(scope_idx.len() as u32);
            scope_idx.push(0);
            for g in &a.skill_groups {
                let p = tenant.skill_group_position(g)?;
                let row = 1 + p;
                if !scope_idx[scope_off[i] as usize..].contains(&row) {
                    scope_idx.push(row);
                }
            }
            if let Some(u) = &a.org_unit {
                let p = tenant.org.position(u)?;
                scope_idx.extend(tenant.org.ancestors_and_self(p).map(|q| 1 + groups + q));
            }
            can_listen.push(tenant.config.role_permissions.allows(&a.role, Permission::CallListen));
            if let Some(x) = &a.extension {
                fixed_owner.insert(x.clone(), i as u32);
            }
        }
        scope_off.push(scope_idx.len() as u32);
        let rows = 1 + groups as usize + tenant.org.len();
        let mut held = FxMap::default();
        held.reserve(roster.len());
        Ok(Board {
            config: config.clone(),
            index,
            scope_idx,
            scope_off,
            can_listen,
            fixed_owner,
            slots: vec![Slot::default(); roster.len()],
            counts: vec![[0; COUNTED]; rows],
            held,
            acw_heap: BinaryHeap::with_capacity(roster.len()),
            last_tick: NEVER,
            tick_seen: Seen::default(),
            day_cache: (NEVER, NEVER),
            tenant,
        })
    }

    /// The tenant this board serves.
    pub fn tenant(&self) -> &Tenant {
        &self.tenant
    }

    /// The configuration this board applies.
    pub fn config(&self) -> &AgentsConfig {
        &self.config
    }

    /// The dense index of an agent (stable for the board's lifetime): resolve
    /// once, then use [`Board::apply_resolved`] to skip the lookup.
    pub fn resolve(&self, agent: &str) -> Result<u32, AgentError> {
        self.index
            .get(agent)
            .copied()
            .ok_or_else(|| cxkit_core::CoreError::unknown("agent", agent).into())
    }

    /// The roster's own id of a handle. An adapter that builds events with
    /// these ids makes [`Board::apply_resolved`]'s identity check a pointer
    /// comparison (`Arc` equality short-circuits on the same allocation).
    pub fn agent_id(&self, handle: u32) -> Option<&AgentId> {
        self.tenant.config.agents.get(handle as usize).map(|p| &p.id)
    }

    pub(crate) fn id(&self, i: usize) -> &AgentId {
        &self.tenant.config.agents[i].id
    }

    fn bad(&self, i: usize, event: &'static str, reason: impl Into<String>) -> AgentError {
        AgentError::InvalidTransition {
            agent: self.id(i).to_string(),
            state: self.slots[i].status.name(),
            event,
            reason: reason.into(),
        }
    }

    /// The counter row of a scope.
    pub(crate) fn scope_row(&self, scope: &Scope) -> Result<usize, AgentError> {
        let groups = self.tenant.config.skill_groups.len();
        Ok(match scope {
            Scope::Tenant => 0,
            Scope::SkillGroup { id } => 1 + self.tenant.skill_group_position(id)? as usize,
            Scope::OrgUnit { id } => 1 + groups + self.tenant.org.position(id)? as usize,
        })
    }

    /// Whether agent `i` belongs to the counter row `row`.
    pub(crate) fn in_row(&self, i: usize, row: usize) -> bool {
        let (a, b) = (self.scope_off[i] as usize, self.scope_off[i + 1] as usize);
        self.scope_idx[a..b].contains(&(row as u32))
    }

    /// Applies one event. On error nothing changed.
    pub fn apply(&mut self, event: &AgentEvent) -> Result<ApplyStatus, AgentError> {
        check_at(event.at())?;
        match event.actor() {
            None => self.tick(ms(event.at()), event.event_id()),
            Some(actor) => {
                let i = self.resolve(actor.as_str())?;
                self.apply_at(i as usize, event)
            }
        }
    }

    /// [`Board::apply`] with the actor already resolved by [`Board::resolve`]
    /// (the hot path of a switch adapter). `actor` must be the event's actor.
    pub fn apply_resolved(&mut self, actor: u32, event: &AgentEvent) -> Result<ApplyStatus, AgentError> {
        check_at(event.at())?;
        match event.actor() {
            None => self.tick(ms(event.at()), event.event_id()),
            Some(id) => {
                let i = actor as usize;
                if self.tenant.config.agents.get(i).is_none_or(|p| &p.id != id) {
                    return Err(AgentError::InvalidInput {
                        field: "actor",
                        message: format!("handle {actor} does not resolve to agent `{id}`"),
                    });
                }
                self.apply_at(i, event)
            }
        }
    }

    fn apply_at(&mut self, i: usize, event: &AgentEvent) -> Result<ApplyStatus, AgentError> {
        let at = ms(event.at());
        let key = event.event_id().map(event_key);
        if let Some(k) = key
            && self.slots[i].seen.contains(k)
        {
            return Ok(ApplyStatus::Duplicate);
        }
        let s = &self.slots[i];
        if at < s.last_at {
            return Err(AgentError::OutOfOrder {
                subject: self.id(i).to_string(),
                last: rfc(s.last_at),
                got: rfc(at),
            });
        }
        // Time passing for the actor (a new tenant day, an ACW whose time is
        // up) is settled first, and undone if the event itself is refused.
        let settle =
            s.status == Status::AfterCallWork && at >= s.acw_until && !matches!(event, AgentEvent::AcwComplete { .. });
        let roll = at >= s.stats.day_end;
        let saved = if settle || roll { Some(s.clone()) } else { None };
        if roll {
            self.roll_day(i, at);
        }
        if settle {
            let until = self.slots[i].acw_until;
            self.end_acw(i, until);
        }
        match self.dispatch(i, event, at) {
            Ok(()) => {
                let s = &mut self.slots[i];
                s.last_at = at;
                if let Some(k) = key {
                    s.seen.push(k);
                }
                Ok(ApplyStatus::Applied)
            }
            Err(e) => {
                if let Some(saved) = saved {
                    self.restore_slot(i, saved);
                }
                Err(e)
            }
        }
    }

    fn tick(&mut self, at: i64, event_id: Option<&str>) -> Result<ApplyStatus, AgentError> {
        let key = event_id.map(event_key);
        if let Some(k) = key
            && self.tick_seen.contains(k)
        {
            return Ok(ApplyStatus::Duplicate);
        }
        if at < self.last_tick {
            return Err(AgentError::OutOfOrder {
                subject: "tick".into(),
                last: rfc(self.last_tick),
                got: rfc(at),
            });
        }
        while let Some(&Reverse((until, j))) = self.acw_heap.peek() {
            if until > at {
                break;
            }
            self.acw_heap.pop();
            let j = j as usize;
            let s = &self.slots[j];
            if s.status == Status::AfterCallWork && s.acw_until == until {
                if until >= s.stats.day_end {
                    self.roll_day(j, until);
                }
                self.end_acw(j, until);
            }
        }
        self.last_tick = at;
        if let Some(k) = key {
            self.tick_seen.push(k);
        }
        Ok(ApplyStatus::Applied)
    }

    /// Puts agent `i` back as `saved` (an undo), its counters with it.
    fn restore_slot(&mut self, i: usize, saved: Slot) {
        let now = self.slots[i].status;
        self.move_counts(i, now, saved.status);
        self.slots[i] = saved;
    }

    /// Moves agent `i` from leaf `old` to leaf `new` in each of its rows.
    #[inline]
    fn move_counts(&mut self, i: usize, old: Status, new: Status) {
        if old == new {
            return;
        }
        let (a, b) = (self.scope_off[i] as usize, self.scope_off[i + 1] as usize);
        for &row in &self.scope_idx[a..b] {
            let c = &mut self.counts[row as usize];
            if let Some(o) = old.slot() {
                c[o] -= 1;
            }
            if let Some(n) = new.slot() {
                c[n] += 1;
            }
        }
    }

    /// Changes agent `i`'s leaf state at `at`, keeping counters and the
    /// time-in-state figures (busy, ACW) of the day.
    fn set(&mut self, i: usize, new: Status, at: i64) {
        let s = &mut self.slots[i];
        let old = s.status;
        if old == new {
            return;
        }
        match old {
            Status::Busy => s.stats.busy_ms += (at - s.since.max(s.stats.day_start)).max(0) as u64,
            Status::AfterCallWork => {
                s.stats.acw_ms += (at - s.since).max(0) as u64;
                s.stats.acw_count += 1;
            }
            _ => {}
        }
        s.status = new;
        s.since = at;
        self.move_counts(i, old, new);
    }

    /// Starts a new tenant day for agent `i`'s figures.
    fn roll_day(&mut self, i: usize, at: i64) {
        let (start, end) = self.day_of(at);
        let s = &mut self.slots[i];
        s.stats = DayStats {
            day_start: start,
            day_end: end,
            ..DayStats::default()
        };
    }

    /// `[start, end)` of the tenant day containing `at` (cached).
    pub(crate) fn day_of(&mut self, at: i64) -> (i64, i64) {
        let (s, e) = self.day_cache;
        if at >= s && at < e {
            return (s, e);
        }
        let b = day_bounds_ms(at, &self.tenant);
        self.day_cache = b;
        b
    }

    fn return_status(&self, i: usize) -> Status {
        match self.config.acw.return_to {
            AcwReturn::Idle => Status::Idle,
            AcwReturn::Previous => self.slots[i].prior,
        }
    }

    fn end_acw(&mut self, i: usize, at: i64) {
        let to = self.return_status(i);
        self.slots[i].acw_until = NEVER;
        self.set(i, to, at);
    }

    /// TB2: the agent's connected call is over: ACW if enabled, else straight back.
    fn after_call(&mut self, i: usize, at: i64) {
        if self.config.acw.enabled {
            let until = at + i64::from(self.config.acw.seconds) * 1000;
            self.slots[i].acw_until = until;
            self.push_acw_deadline(until, i);
            self.set(i, Status::AfterCallWork, at);
        } else {
            let to = self.return_status(i);
            self.set(i, to, at);
        }
    }

    /// Queues an ACW deadline for `tick`. Deadlines are deleted lazily (an
    /// ACW that ends early, or is settled by the agent's own next event,
    /// leaves its entry behind), so without ticks the heap would grow with
    /// every call; when it holds twice the roster, the stale entries are
    /// dropped. Only an agent in ACW has a live entry, so the heap never
    /// exceeds 2 × agents + 16 entries, and the rebuild is amortised O(1).
    fn push_acw_deadline(&mut self, until: i64, i: usize) {
        if self.acw_heap.len() >= 2 * self.slots.len() + 16 {
            let slots = &self.slots;
            self.acw_heap.retain(|&Reverse((u, j))| {
                let s = &slots[j as usize];
                s.status == Status::AfterCallWork && s.acw_until == u
            });
        }
        self.acw_heap.push(Reverse((until, i as u32)));
    }

    /// Entries in the ACW deadline queue (bounded by 2 × agents + 16).
    pub fn acw_queue_len(&self) -> usize {
        self.acw_heap.len()
    }

    /// Roll another agent's day if `at` is past it (their figures change too).
    fn touch(&mut self, j: usize, at: i64) {
        if at >= self.slots[j].stats.day_end {
            self.roll_day(j, at);
        }
    }

    /// Ends the listen on agent `t` (its supervisor returns to their prior status).
    fn release_listener(&mut self, t: usize, at: i64) {
        let sup = self.slots[t].monitored_by;
        if sup == NONE {
            return;
        }
        let sup = sup as usize;
        self.slots[t].monitored_by = NONE;
        self.slots[t].monitor = Monitor::None;
        self.touch(sup, at);
        self.slots[sup].peer = NONE;
        let back = self.slots[sup].prior;
        self.set(sup, back, at);
    }

    /// Ends the consult of the consulting agent `a` (the consulted agent returns).
    fn release_consult(&mut self, a: usize, at: i64) {
        let b = self.slots[a].peer;
        if b == NONE {
            return;
        }
        let b = b as usize;
        self.slots[a].peer = NONE;
        self.touch(b, at);
        self.slots[b].peer = NONE;
        let back = self.slots[b].prior;
        self.set(b, back, at);
    }

    /// CM2: agent `i` takes over a call another agent left (a confirmed
    /// transfer, or a supervisor's force-disconnect) and becomes an answering
    /// agent for an inbound call or an outbound agent for an outbound one.
    fn take_over_call(&mut self, i: usize, call: Option<CallId>, inbound: bool, at: i64) {
        let s = &mut self.slots[i];
        s.peer = NONE;
        s.call = call;
        s.talk_start = at;
        if inbound {
            s.stats.answered += 1;
        }
        let new = if inbound {
            Status::AnsweringTalking
        } else {
            Status::OutboundTalking
        };
        self.set(i, new, at);
    }

    /// Agent `i` leaves its own call: talk figures, listener and consult end.
    fn leave_call(&mut self, i: usize, at: i64, connected: bool) {
        self.release_listener(i, at);
        self.release_consult(i, at);
        let s = &mut self.slots[i];
        s.call = None;
        if connected {
            s.stats.talk_ms += (at - s.talk_start).max(0) as u64;
            s.stats.talk_count += 1;
        }
        s.talk_start = NEVER;
    }

    fn dispatch(&mut self, i: usize, e: &AgentEvent, at: i64) -> Result<(), AgentError> {
        use AgentEvent as E;
        use Status as S;
        let name = e.type_name();
        let st = self.slots[i].status;
        match e {
            E::Login { extension, status, .. } => {
                if st != S::Offline {
                    return Err(self.bad(i, name, "the agent is already logged in"));
                }
                let profile = &self.tenant.config.agents[i];
                if !profile.kind.is_call() {
                    return Err(AgentError::PermissionDenied {
                        agent: profile.id.to_string(),
                        role: profile.role.to_string(),
                        permission: "call_center_seat",
                        reason: "an online (chat) agent has no call-center seat".into(),
                    });
                }
                let ext = match (&profile.extension, extension) {
                    (Some(f), None) => f.clone(),
                    (Some(f), Some(x)) if f == x => f.clone(),
                    (Some(f), Some(x)) => {
                        return Err(AgentError::InvalidInput {
                            field: "extension",
                            message: format!(
                                "agent `{}` is bound one-to-one to extension `{f}`, not `{x}` (TB1)",
                                profile.id
                            ),
                        });
                    }
                    (None, None) => {
                        return Err(AgentError::InvalidInput {
                            field: "extension",
                            message: format!(
                                "agent `{}` uses dynamic binding and must pick an extension at login (TB1)",
                                profile.id
                            ),
                        });
                    }
                    (None, Some(x)) => {
                        if x.as_str().is_empty() {
                            return Err(AgentError::InvalidInput {
                                field: "extension",
                                message: "the extension is empty".into(),
                            });
                        }
                        if let Some(&o) = self.fixed_owner.get(x) {
                            let owner = self.id(o as usize);
                            return Err(AgentError::Conflict {
                                resource: format!("extension {x}"),
                                holder: owner.to_string(),
                                message: format!("extension `{x}` is bound one-to-one to agent `{owner}` (TB1)"),
                            });
                        }
                        x.clone()
                    }
                };
                if let Some(&h) = self.held.get(&ext)
                    && h as usize != i
                {
                    let holder = self.id(h as usize);
                    return Err(AgentError::Conflict {
                        resource: format!("extension {ext}"),
                        holder: holder.to_string(),
                        message: format!("extension `{ext}` is held by agent `{holder}` (TB1)"),
                    });
                }
                self.held.insert(ext.clone(), i as u32);
                let s = &mut self.slots[i];
                s.extension = Some(ext);
                s.popup = Popup::Expanded;
                s.prior = (*status).into();
                self.set(i, (*status).into(), at);
            }
            E::Logout { .. } => {
                if !(st.is_resting() || st == S::AfterCallWork) {
                    return Err(self.bad(i, name, "finish the call, consult or listen first"));
                }
                if let Some(x) = self.slots[i].extension.take() {
                    self.held.remove(&x);
                }
                self.slots[i].acw_until = NEVER;
                self.set(i, S::Offline, at);
            }
            E::SetStatus { status, .. } => {
                if !(st.is_resting() || st == S::AfterCallWork) {
                    return Err(self.bad(
                        i,
                        name,
                        "the status can be changed only when not on a call, consult or listen",
                    ));
                }
                self.slots[i].acw_until = NEVER;
                self.slots[i].prior = (*status).into();
                self.set(i, (*status).into(), at);
            }
            E::CallOffered { call, direction, .. } => {
                if *direction != Direction::Inbound {
                    return Err(AgentError::InvalidInput {
                        field: "direction",
                        message: "call_offered is for inbound calls; an outbound call starts with `dial`".into(),
                    });
                }
                if !matches!(st, S::Idle | S::Busy) {
                    return Err(self.bad(i, name, "a call can ring only at an idle or busy agent"));
                }
                let s = &mut self.slots[i];
                s.prior = st;
                s.call = Some(call.clone());
                s.popup = s.popup.on_incoming_call();
                self.set(i, S::AnsweringRinging, at);
            }
            E::Answer { .. } => {
                if st != S::AnsweringRinging {
                    return Err(self.bad(i, name, "no call is ringing"));
                }
                let s = &mut self.slots[i];
                s.talk_start = at;
                s.stats.answered += 1;
                self.set(i, S::AnsweringTalking, at);
            }
            E::Hold { .. } => {
                let to = match st {
                    S::AnsweringTalking => S::AnsweringOnHold,
                    S::OutboundTalking => S::OutboundOnHold,
                    _ => return Err(self.bad(i, name, "only a talking agent can hold")),
                };
                self.set(i, to, at);
            }
            E::Resume { .. } => {
                let to = match st {
                    S::AnsweringOnHold => S::AnsweringTalking,
                    S::OutboundOnHold => S::OutboundTalking,
                    _ => return Err(self.bad(i, name, "no call is on hold")),
                };
                self.set(i, to, at);
            }
            E::CallEnded { ended_by, .. } => match st {
                S::AnsweringRinging | S::OutboundDialing => {
                    // A customer hanging up during the ring is not the agent's miss.
                    if st == S::AnsweringRinging && *ended_by != Some(EndedBy::Customer) {
                        self.slots[i].stats.ring_no_answer += 1;
                    }
                    self.leave_call(i, at, false);
                    let back = self.slots[i].prior;
                    self.set(i, back, at);
                }
                S::AnsweringTalking | S::AnsweringOnHold | S::OutboundTalking | S::OutboundOnHold => {
                    self.leave_call(i, at, true);
                    self.after_call(i, at);
                }
                _ => return Err(self.bad(i, name, "the agent has no call of their own")),
            },
            E::Dial { call, number, .. } => {
                validate_dial(number)?;
                if !matches!(st, S::Idle | S::Busy) {
                    return Err(self.bad(i, name, "dialing out needs an idle or busy agent"));
                }
                let s = &mut self.slots[i];
                s.prior = st;
                s.call = Some(call.clone());
                s.stats.outbound += 1;
                self.set(i, S::OutboundDialing, at);
            }
            E::OutboundConnected { .. } => {
                if st != S::OutboundDialing {
                    return Err(self.bad(i, name, "the agent is not dialing"));
                }
                self.slots[i].talk_start = at;
                self.set(i, S::OutboundTalking, at);
            }
            E::ConsultStart { target, mode, .. } => {
                if !matches!(
                    st,
                    S::AnsweringTalking | S::AnsweringOnHold | S::OutboundTalking | S::OutboundOnHold
                ) {
                    return Err(self.bad(i, name, "only an agent on a connected call can consult"));
                }
                if self.slots[i].peer != NONE {
                    let other = self.id(self.slots[i].peer as usize).to_string();
                    return Err(self.bad(i, name, format!("a consult with `{other}` is already in progress")));
                }
                let t = self.resolve(target.as_str())? as usize;
                if t == i {
                    return Err(AgentError::InvalidInput {
                        field: "target",
                        message: "an agent cannot consult themselves".into(),
                    });
                }
                let ts_ = &self.slots[t];
                let expired = ts_.status == S::AfterCallWork && at >= ts_.acw_until;
                let effective = if expired { self.return_status(t) } else { ts_.status };
                if effective != S::Idle {
                    return Err(AgentError::InvalidTransition {
                        agent: target.to_string(),
                        state: effective.name(),
                        event: name,
                        reason: "only an idle agent can be consulted".into(),
                    });
                }
                self.touch(t, at);
                if expired {
                    let until = self.slots[t].acw_until;
                    self.end_acw(t, until);
                }
                let b = &mut self.slots[t];
                b.prior = S::Idle;
                b.peer = i as u32;
                b.consult_mode = *mode;
                b.popup = b.popup.on_incoming_call();
                self.set(t, S::ConsultingRinging, at);
                self.slots[i].peer = t as u32;
            }
            E::ConsultAnswered { .. } => {
                if st != S::ConsultingRinging {
                    return Err(self.bad(i, name, "no consult is ringing"));
                }
                let to = match self.slots[i].consult_mode {
                    ConsultMode::ThreeWay => S::ConsultingThreeWay,
                    ConsultMode::Transfer => S::ConsultingTransferConsult,
                };
                self.set(i, to, at);
            }
            E::ConsultEnded { .. } => {
                let peer = self.slots[i].peer;
                if st.category() == crate::status::Category::Consulting {
                    let a = peer as usize;
                    self.touch(a, at);
                    self.release_consult(a, at);
                } else if st.on_own_call() && peer != NONE {
                    self.release_consult(i, at);
                } else {
                    return Err(self.bad(i, name, "no consult is in progress"));
                }
            }
            E::TransferConfirmed { .. } => {
                let peer = self.slots[i].peer;
                if !st.on_own_call() || peer == NONE {
                    return Err(self.bad(i, name, "no consult is in progress to transfer to"));
                }
                let b = peer as usize;
                if !matches!(
                    self.slots[b].status,
                    S::ConsultingThreeWay | S::ConsultingTransferConsult
                ) {
                    return Err(self.bad(
                        i,
                        name,
                        format!("the consulted agent `{}` has not answered yet", self.id(b)),
                    ));
                }
                let inbound = st.category() == crate::status::Category::Answering;
                let call = self.slots[i].call.clone();
                // Detach B first so the transferring agent's exit does not send B back.
                self.slots[i].peer = NONE;
                self.leave_call(i, at, true);
                self.after_call(i, at);
                self.touch(b, at);
                self.take_over_call(b, call, inbound, at);
            }
            E::ListenStart { target, .. } => {
                if !self.can_listen[i] {
                    let p = &self.tenant.config.agents[i];
                    return Err(AgentError::PermissionDenied {
                        agent: p.id.to_string(),
                        role: p.role.to_string(),
                        permission: "call_listen",
                        reason: "listening to agents needs the `call_listen` role permission (CM4)".into(),
                    });
                }
                if !matches!(st, S::Idle | S::Busy) {
                    return Err(self.bad(i, name, "a supervisor starts listening from idle or busy"));
                }
                let t = self.resolve(target.as_str())? as usize;
                if t == i {
                    return Err(AgentError::InvalidInput {
                        field: "target",
                        message: "a supervisor cannot listen to themselves".into(),
                    });
                }
                let tgt = &self.slots[t];
                if !tgt.status.is_talking() {
                    return Err(AgentError::InvalidTransition {
                        agent: target.to_string(),
                        state: tgt.status.name(),
                        event: name,
                        reason: "only an agent who is talking can be listened to (CM4)".into(),
                    });
                }
                if tgt.monitored_by != NONE {
                    let l = self.id(tgt.monitored_by as usize);
                    return Err(AgentError::Conflict {
                        resource: format!("agent {target}"),
                        holder: l.to_string(),
                        message: format!("agent `{target}` is already monitored by `{l}` (CM4)"),
                    });
                }
                self.touch(t, at);
                let tg = &mut self.slots[t];
                tg.monitored_by = i as u32;
                tg.monitor = Monitor::Monitored;
                let s = &mut self.slots[i];
                s.prior = st;
                s.peer = t as u32;
                self.set(i, S::SupervisingListening, at);
            }
            E::Barge { .. } => {
                if st != S::SupervisingListening {
                    return Err(self.bad(i, name, "barging needs an active listen by this supervisor (CM4)"));
                }
                let t = self.slots[i].peer as usize;
                self.touch(t, at);
                self.slots[t].monitor = Monitor::Barged;
                self.set(i, S::SupervisingBarging, at);
            }
            E::ForceDisconnect { .. } => {
                if !matches!(st, S::SupervisingListening | S::SupervisingBarging) {
                    return Err(self.bad(
                        i,
                        name,
                        "force-disconnect needs an active listen by this supervisor (CM4)",
                    ));
                }
                let t = self.slots[i].peer as usize;
                self.touch(t, at);
                let inbound = self.slots[t].status.category() == crate::status::Category::Answering;
                let call = self.slots[t].call.clone();
                // The supervisor stays on the call: detach before the agent leaves it.
                self.slots[t].monitored_by = NONE;
                self.slots[t].monitor = Monitor::None;
                self.leave_call(t, at, true);
                self.after_call(t, at);
                self.take_over_call(i, call, inbound, at);
            }
            E::ListenEnd { .. } => {
                if !matches!(st, S::SupervisingListening | S::SupervisingBarging) {
                    return Err(self.bad(i, name, "the supervisor is not listening"));
                }
                let t = self.slots[i].peer as usize;
                self.touch(t, at);
                self.release_listener(t, at);
            }
            E::AcwComplete { .. } => {
                if st != S::AfterCallWork {
                    return Err(self.bad(i, name, "the agent is not in after-call work"));
                }
                let end = at.min(self.slots[i].acw_until);
                self.end_acw(i, end);
            }
            E::PopupCollapse { by_hand, .. } => {
                if st == S::Offline {
                    return Err(self.bad(i, name, "the toolbar is not open"));
                }
                let s = &mut self.slots[i];
                if *by_hand {
                    s.popup = Popup::CollapsedByHand;
                } else if s.popup == Popup::Expanded {
                    s.popup = Popup::CollapsedAuto;
                }
            }
            E::PopupExpand { .. } => {
                if st == S::Offline {
                    return Err(self.bad(i, name, "the toolbar is not open"));
                }
                self.slots[i].popup = Popup::Expanded;
            }
            E::Tick { .. } => {}
        }
        Ok(())
    }

    /// FD1: carries out what one call event does to agents, in order, as
    /// one transaction: if any step is refused, every agent touched is put
    /// back exactly as it was (counters included) and the error names the
    /// agent and the call event (`event`, e.g. `call.answered`).
    pub fn apply_call_ops(
        &mut self,
        call: &CallId,
        at: Timestamp,
        event: &'static str,
        ops: &[(u32, CallOp)],
    ) -> Result<(), AgentError> {
        check_at(at)?;
        let at = ms(at);
        let rename = |e: AgentError| match e {
            AgentError::InvalidTransition {
                agent, state, reason, ..
            } => AgentError::InvalidTransition {
                agent,
                state,
                event,
                reason,
            },
            other => other,
        };
        // The common case, one op on one agent: every handler checks before
        // it changes anything, so only the time settled first (a new day,
        // an ACW that is over or cut short by a ring) may need undoing.
        if let [(i, op)] = ops
            && !matches!(op, CallOp::TakeOver { .. })
            && (*i as usize) < self.slots.len()
        {
            let i = *i as usize;
            let s = &self.slots[i];
            let touched = at >= s.stats.day_end || s.status == Status::AfterCallWork;
            let saved = touched.then(|| s.clone());
            return match self.call_op(i, call, at, event, op) {
                Ok(()) => Ok(()),
                Err(e) => {
                    if let Some(s) = saved {
                        self.restore_slot(i, s);
                    }
                    Err(rename(e))
                }
            };
        }
        let mut saved: Vec<(usize, Slot)> = Vec::new();
        for (i, op) in ops {
            let mut around = vec![*i as usize];
            if let CallOp::TakeOver { from } = op {
                around.push(*from as usize);
            }
            for j in around {
                if j >= self.slots.len() {
                    return Err(AgentError::InvalidInput {
                        field: "agent",
                        message: format!("no agent at handle {j}"),
                    });
                }
                let s = &self.slots[j];
                for k in [j, s.peer as usize, s.monitored_by as usize] {
                    if k < self.slots.len() && !saved.iter().any(|(m, _)| *m == k) {
                        saved.push((k, self.slots[k].clone()));
                        let p = self.slots[k].peer as usize;
                        if p < self.slots.len() && !saved.iter().any(|(m, _)| *m == p) {
                            saved.push((p, self.slots[p].clone()));
                        }
                    }
                }
            }
        }
        let mut result = Ok(());
        for (i, op) in ops {
            if let Err(e) = self.call_op(*i as usize, call, at, event, op) {
                result = Err(e);
                break;
            }
        }
        if let Err(e) = result {
            for (i, s) in saved.into_iter().rev() {
                self.restore_slot(i, s);
            }
            return Err(rename(e));
        }
        Ok(())
    }

    /// Time passing for agent `i` before a call op: order, day, expired ACW.
    fn begin_op(&mut self, i: usize, at: i64) -> Result<(), AgentError> {
        let s = &self.slots[i];
        if at < s.last_at {
            return Err(AgentError::OutOfOrder {
                subject: self.id(i).to_string(),
                last: rfc(s.last_at),
                got: rfc(at),
            });
        }
        let settle = s.status == Status::AfterCallWork && at >= s.acw_until;
        if at >= s.stats.day_end {
            self.roll_day(i, at);
        }
        if settle {
            let until = self.slots[i].acw_until;
            self.end_acw(i, until);
        }
        Ok(())
    }

    fn call_op(&mut self, i: usize, call: &CallId, at: i64, event: &'static str, op: &CallOp) -> Result<(), AgentError> {
        use Status as S;
        self.begin_op(i, at)?;
        let agent = self.id(i).clone();
        let st = self.slots[i].status;
        let on_this = self.slots[i].call.as_ref() == Some(call);
        let not_on = |b: &Self| {
            let reason = match &b.slots[i].call {
                Some(c) => format!("the agent is on call `{c}`, not `{call}`"),
                None if st == S::Offline => "the agent is offline".to_owned(),
                None => format!("the agent is not on call `{call}`"),
            };
            AgentError::InvalidTransition {
                agent: agent.to_string(),
                state: st.name(),
                event,
                reason,
            }
        };
        let at_ts = ts(at).unwrap_or_default();
        let e = match op {
            CallOp::Ring => {
                if st == S::Offline {
                    return Err(AgentError::InvalidTransition {
                        agent: agent.to_string(),
                        state: st.name(),
                        event,
                        reason: "a call can ring only at a logged-in agent who is idle or busy (FD1)".into(),
                    });
                }
                if st == S::AfterCallWork {
                    // The switch rang an agent still in ACW (a queue with no
                    // wrap-up time): the switch decides who rings, so the ACW
                    // ends here, early (FD1 decision; TB2's timer is ours).
                    self.end_acw(i, at);
                }
                AgentEvent::CallOffered {
                    agent,
                    at: at_ts,
                    event_id: None,
                    call: call.clone(),
                    direction: Direction::Inbound,
                }
            }
            CallOp::Dial { number } => AgentEvent::Dial {
                agent,
                at: at_ts,
                event_id: None,
                call: call.clone(),
                number: number.clone(),
            },
            CallOp::TakeOver { from } => {
                let f = *from as usize;
                self.begin_op(f, at)?;
                let fs = self.slots[f].status;
                if self.slots[f].call.as_ref() != Some(call) || !fs.on_own_call() {
                    return Err(AgentError::InvalidTransition {
                        agent: self.id(f).to_string(),
                        state: fs.name(),
                        event,
                        reason: format!("the agent is not connected to call `{call}`"),
                    });
                }
                if self.slots[f].peer == i as u32
                    && matches!(st, S::ConsultingThreeWay | S::ConsultingTransferConsult)
                {
                    // The consulted agent takes the call: a confirmed transfer.
                    let e = AgentEvent::TransferConfirmed {
                        agent: self.id(f).clone(),
                        at: at_ts,
                        event_id: None,
                    };
                    self.dispatch(f, &e, at)?;
                } else {
                    if !matches!(st, S::Idle | S::Busy) {
                        return Err(AgentError::InvalidTransition {
                            agent: agent.to_string(),
                            state: st.name(),
                            event,
                            reason: "a transferred call goes to an idle or busy agent, or to the agent consulted on it"
                                .into(),
                        });
                    }
                    let inbound = fs.category() == crate::status::Category::Answering;
                    self.slots[i].prior = st;
                    self.slots[i].popup = self.slots[i].popup.on_incoming_call();
                    self.leave_call(f, at, true);
                    self.after_call(f, at);
                    self.take_over_call(i, Some(call.clone()), inbound, at);
                }
                self.slots[f].last_at = at;
                self.slots[i].last_at = at;
                return Ok(());
            }
            _ if !on_this => return Err(not_on(self)),
            CallOp::RingEnd { missed } => {
                if st != S::AnsweringRinging {
                    return Err(self.bad(i, event, "no call is ringing at the agent"));
                }
                AgentEvent::CallEnded {
                    agent,
                    at: at_ts,
                    event_id: None,
                    ended_by: Some(if *missed { EndedBy::System } else { EndedBy::Customer }),
                }
            }
            CallOp::Answer => AgentEvent::Answer {
                agent,
                at: at_ts,
                event_id: None,
            },
            CallOp::Hold => AgentEvent::Hold {
                agent,
                at: at_ts,
                event_id: None,
            },
            CallOp::Resume => AgentEvent::Resume {
                agent,
                at: at_ts,
                event_id: None,
            },
            CallOp::Connect => AgentEvent::OutboundConnected {
                agent,
                at: at_ts,
                event_id: None,
            },
            CallOp::Leave => {
                if st == S::AnsweringRinging {
                    return Err(self.bad(i, event, "the call is still ringing at the agent"));
                }
                AgentEvent::CallEnded {
                    agent,
                    at: at_ts,
                    event_id: None,
                    ended_by: None,
                }
            }
        };
        self.dispatch(i, &e, at)?;
        self.slots[i].last_at = at;
        Ok(())
    }

    /// FD1: every agent the board has on a call — ringing, talking, holding
    /// or dialing on their own call, or consulted on another agent's —
    /// with that call, in roster order.
    pub fn agents_on_calls(&self) -> Vec<(&AgentId, &CallId)> {
        let mut v = Vec::new();
        for (i, s) in self.slots.iter().enumerate() {
            let call = match s.status.category() {
                crate::status::Category::Answering | crate::status::Category::Outbound => s.call.as_ref(),
                crate::status::Category::Consulting => self.slots.get(s.peer as usize).and_then(|p| p.call.as_ref()),
                _ => None,
            };
            if let Some(c) = call {
                v.push((self.id(i), c));
            }
        }
        v
    }

    /// The call an agent is on (their own call), if any.
    pub fn call_of(&self, agent: u32) -> Option<&CallId> {
        let s = self.slots.get(agent as usize)?;
        if s.status.on_own_call() { s.call.as_ref() } else { None }
    }

    /// The agent consulted by `agent` (their consult peer), if any.
    pub fn consult_peer(&self, agent: u32) -> Option<u32> {
        let s = self.slots.get(agent as usize)?;
        (s.peer != NONE && s.status.on_own_call()).then_some(s.peer)
    }

    /// The agent a supervisor listens to or barges in on, if any.
    pub fn listening_to(&self, agent: u32) -> Option<u32> {
        let s = self.slots.get(agent as usize)?;
        (s.peer != NONE && s.status.category() == crate::status::Category::Supervising).then_some(s.peer)
    }

    /// The agent consulting `agent` (for a consulted agent), if any.
    pub fn consulted_by(&self, agent: u32) -> Option<u32> {
        let s = self.slots.get(agent as usize)?;
        (s.peer != NONE && s.status.category() == crate::status::Category::Consulting).then_some(s.peer)
    }

    /// Whether an agent is logged out.
    pub fn is_offline(&self, agent: u32) -> bool {
        self.slots.get(agent as usize).is_none_or(|s| s.status == Status::Offline)
    }

    /// Reference model: the counter rows recomputed from every agent's state
    /// (what the incremental counters must always equal; also the bench baseline).
    pub fn recount_rows(&self) -> Vec<[u32; COUNTED]> {
        let mut rows = vec![[0; COUNTED]; self.counts.len()];
        for (i, s) in self.slots.iter().enumerate() {
            if let Some(k) = s.status.slot() {
                let (a, b) = (self.scope_off[i] as usize, self.scope_off[i + 1] as usize);
                for &r in &self.scope_idx[a..b] {
                    rows[r as usize][k] += 1;
                }
            }
        }
        rows
    }

    /// The incremental counter rows (tenant, skill groups, org units).
    pub fn counter_rows(&self) -> &[[u32; COUNTED]] {
        &self.counts
    }

    /// Number of agents on the roster.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Whether the roster is empty.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Leaf state of every agent, in roster order (for reference checks).
    pub fn statuses(&self) -> impl Iterator<Item = (&AgentId, Status)> + '_ {
        self.slots.iter().enumerate().map(|(i, s)| (self.id(i), s.status))
    }

    /// Bytes of live state per agent (the slot; the roster and scope index are static).
    pub const fn bytes_per_agent() -> usize {
        std::mem::size_of::<Slot>()
    }
}

/// An instant that enters the board (`at`, `now`) must lie in the supported
/// range (`cxkit_core::time::is_supported`); checked before anything else.
pub(crate) fn check_at(at: Timestamp) -> Result<(), AgentError> {
    cxkit_core::time::check_supported(at)
        .map(|_| ())
        .map_err(|message| AgentError::InvalidInput { field: "at", message })
}

/// `[start, end)` of the tenant day containing `at`, in milliseconds.
pub(crate) fn day_bounds_ms(at: i64, tenant: &Tenant) -> (i64, i64) {
    match ts(at) {
        Some(t) => {
            let (s, e) = cxkit_core::time::day_bounds(t, tenant.tz);
            (ms(s), ms(e))
        }
        None => (NEVER, NEVER),
    }
}
