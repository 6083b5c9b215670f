//! The [`Board`]: every online agent's state and load, every open (and
//! recently closed) chat, the per-agent figures of the tenant day, and the
//! O(1) counters behind the OS4 wallboard.
//!
//! Agent ids are interned to dense indexes once; each agent has the list of
//! counter rows it contributes to (tenant, each of its skill groups, its org
//! unit and every ancestor), exactly as the call board (`cxkit-agents`) does.
//! Chats live in a slab indexed by a hash of their id. Every handler
//! validates first and mutates after, so an event that returns an error
//! leaves the board exactly as it was.
//!
//! The call state of a `both` agent is not an online event: whoever feeds
//! the call board (the facade's `CallCenter`) reports it with
//! [`Board::set_on_call`], and with `call_blocks_chats` an agent on a call
//! is counted `busy.on_call` and takes no new chats.

use crate::config::OnlineConfig;
use crate::error::OnlineError;
use crate::event::{ChatEvent, ClosedBy, LoginStatus, Subject, TransferTarget};
use crate::status::{LEAVES, Leaf, OnlineStatus};
use cxkit_core::hash::FxHashMap;
use cxkit_core::{AgentId, Channel, ConversationId, Scope, Tenant, Timestamp};
use serde::{Deserialize, Serialize};
use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap};
use std::sync::Arc;

/// "No agent / no group" in an index link.
pub(crate) const NONE: u32 = u32::MAX;
/// "Never" for a millisecond instant.
pub(crate) const NEVER: i64 = i64::MIN;
/// Size of the duplicate window of each chat and each agent (the last N event ids).
pub const DUPLICATE_WINDOW: usize = 8;

/// Today's chat totals, by position in a totals row.
pub(crate) const OFFERED: usize = 0;
pub(crate) const SERVED: usize = 1;
pub(crate) const ABANDONED: usize = 2;
pub(crate) const TRANSFERRED: usize = 3;

/// Whether an event changed the board or was a duplicate of one already applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ApplyStatus {
    /// The event was applied.
    Applied,
    /// An event with the same id was already applied to its chat or agent; nothing changed.
    Duplicate,
}

/// The last [`DUPLICATE_WINDOW`] event-id keys of one subject (a ring).
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

/// A stable 53-bit key of an event id (FNV-1a); never 0.
pub(crate) fn event_key(id: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h & ((1u64 << 53) - 1)) | 1
}

/// One agent's figures of one tenant day (milliseconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub(crate) struct DayStats {
    pub(crate) day_start: i64,
    pub(crate) day_end: i64,
    pub(crate) served: u32,
    pub(crate) fr_n: u32,
    pub(crate) fr_ms: i64,
    pub(crate) resp_n: u32,
    pub(crate) resp_ms: i64,
    pub(crate) rated: u32,
    pub(crate) satisfied: u32,
}

impl DayStats {
    pub(crate) fn empty() -> Self {
        DayStats {
            day_start: NEVER,
            day_end: NEVER,
            ..DayStats::default()
        }
    }
}

/// One agent's live online state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AgentSlot {
    pub(crate) status: OnlineStatus,
    /// A `both` agent's call state, as reported by [`Board::set_on_call`].
    pub(crate) on_call: bool,
    pub(crate) since: i64,
    pub(crate) last_at: i64,
    /// Open chats assigned to the agent (chat slab indexes).
    pub(crate) chats: Vec<u32>,
    /// The customer's wait start of each chat in `chats` (same order;
    /// `NEVER`: not waiting), so reading `unanswered_chats` touches no chat.
    pub(crate) waits: Vec<i64>,
    pub(crate) stats: DayStats,
}

impl Default for AgentSlot {
    fn default() -> Self {
        AgentSlot {
            status: OnlineStatus::Offline,
            on_call: false,
            since: NEVER,
            last_at: NEVER,
            chats: Vec::new(),
            waits: Vec::new(),
            stats: DayStats::empty(),
        }
    }
}

/// Where a chat is in its lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChatState {
    /// Waiting in a skill group's queue.
    Queued,
    /// With an agent.
    Assigned,
    /// Over (kept for the rating window).
    Closed,
}

impl ChatState {
    /// The snake_case name.
    pub fn name(self) -> &'static str {
        match self {
            ChatState::Queued => "queued",
            ChatState::Assigned => "assigned",
            ChatState::Closed => "closed",
        }
    }
}

/// The agents who wrote in a chat: one inline (the common case, no
/// allocation), the rest in a vector.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Participants {
    first: Option<u32>,
    rest: Vec<u32>,
}

impl Participants {
    pub(crate) fn is_empty(&self) -> bool {
        self.first.is_none()
    }
    pub(crate) fn contains(&self, a: u32) -> bool {
        self.first == Some(a) || self.rest.contains(&a)
    }
    pub(crate) fn push(&mut self, a: u32) {
        if self.first.is_none() {
            self.first = Some(a);
        } else {
            self.rest.push(a);
        }
    }
    pub(crate) fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.first.into_iter().chain(self.rest.iter().copied())
    }
}

impl FromIterator<u32> for Participants {
    fn from_iter<I: IntoIterator<Item = u32>>(it: I) -> Self {
        let mut p = Participants::default();
        for a in it {
            p.push(a);
        }
        p
    }
}

/// One chat.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Chat {
    pub(crate) id: ConversationId,
    pub(crate) channel: Channel,
    pub(crate) instance: Option<String>,
    pub(crate) from_bot: bool,
    pub(crate) state: ChatState,
    /// The skill group it was last queued in (or directly assigned for).
    pub(crate) group: u32,
    /// The agent who has it now.
    pub(crate) agent: u32,
    /// The agent who had it last (the rating's agent).
    pub(crate) last_agent: u32,
    pub(crate) queued_at: i64,
    pub(crate) assigned_at: i64,
    /// Since when the customer waits for a reply (`NEVER`: not waiting).
    pub(crate) wait_start: i64,
    /// Where the current agent's first-response clock started (`NEVER`:
    /// not yet — no customer message since the assignment).
    pub(crate) fr_start: i64,
    /// Whether the current agent has written since its assignment.
    pub(crate) responded: bool,
    /// Agents who wrote in the chat.
    pub(crate) participants: Participants,
    pub(crate) closed_at: i64,
    pub(crate) closed_by: Option<ClosedBy>,
    pub(crate) rated: bool,
    pub(crate) last_at: i64,
    pub(crate) seen: Seen,
}

/// The online board of one tenant.
#[derive(Debug, Clone)]
pub struct Board {
    pub(crate) tenant: Arc<Tenant>,
    pub(crate) config: OnlineConfig,
    pub(crate) index: FxHashMap<AgentId, u32>,
    /// Counter rows of agent `i`: `scope_idx[scope_off[i]..scope_off[i + 1]]`.
    pub(crate) scope_idx: Vec<u32>,
    pub(crate) scope_off: Vec<u32>,
    /// Skill groups of agent `i`: `group_idx[group_off[i]..group_off[i + 1]]`.
    pub(crate) group_idx: Vec<u32>,
    pub(crate) group_off: Vec<u32>,
    pub(crate) max: Vec<u32>,
    pub(crate) agents: Vec<AgentSlot>,
    /// The recent event ids of agent `i` (duplicate window). Beside
    /// `agents`, not in it: only agent events read it, while the monitor's
    /// pass over every agent reads `agents` — 72 bytes less per agent there.
    pub(crate) agent_seen: Vec<Seen>,
    /// Leaf counts per agent row: 0 = tenant, then skill groups, then org units.
    pub(crate) counts: Vec<[u32; LEAVES]>,
    /// Chats in progress (assigned) per agent row.
    pub(crate) in_progress: Vec<u32>,
    pub(crate) chats: Vec<Chat>,
    pub(crate) free: Vec<u32>,
    pub(crate) chat_index: FxHashMap<ConversationId, u32>,
    /// Waiting chats per skill group, oldest first: (queued at, chat).
    pub(crate) waiting: Vec<BTreeSet<(i64, u32)>>,
    /// Today's totals per queue row: 0 = tenant, then skill groups.
    pub(crate) totals: Vec<[u32; 4]>,
    /// `[start, end)` of the tenant day the totals are for.
    pub(crate) today: (i64, i64),
    /// Closed chats by close time (forgotten after the rating window).
    pub(crate) closed: BinaryHeap<Reverse<(i64, u32)>>,
    /// Skill group id → position (the tenant's own index uses SipHash).
    pub(crate) group_index: FxHashMap<cxkit_core::SkillGroupId, u32>,
    /// The latest accepted event time.
    pub(crate) clock: i64,
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

pub(crate) fn rfc(ms: i64) -> String {
    ts(ms)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
        .unwrap_or_else(|| "never".into())
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

impl Board {
    /// A board of the tenant's roster, everyone offline, no chat. Errors: an
    /// invalid `online` section (named by its field).
    pub fn new(tenant: Arc<Tenant>, config: &OnlineConfig) -> Result<Self, OnlineError> {
        config.validate(&tenant)?;
        let roster = &tenant.config.agents;
        let groups = tenant.config.skill_groups.len() as u32;
        let mut index = FxHashMap::default();
        index.reserve(roster.len());
        let (mut scope_idx, mut scope_off) = (Vec::new(), Vec::with_capacity(roster.len() + 1));
        let (mut group_idx, mut group_off) = (Vec::new(), Vec::with_capacity(roster.len() + 1));
        let mut max = Vec::with_capacity(roster.len());
        for (i, a) in roster.iter().enumerate() {
            index.insert(a.id.clone(), i as u32);
            scope_off.push(scope_idx.len() as u32);
            group_off.push(group_idx.len() as u32);
            scope_idx.push(0);
            for g in &a.skill_groups {
                let p = tenant.skill_group_position(g)?;
                if !group_idx[group_off[i] as usize..].contains(&p) {
                    group_idx.push(p);
                    scope_idx.push(1 + p);
                }
            }
            if let Some(u) = &a.org_unit {
                let p = tenant.org.position(u)?;
                scope_idx.extend(tenant.org.ancestors_and_self(p).map(|q| 1 + groups + q));
            }
            max.push(config.max_for(&a.id, &a.role));
        }
        scope_off.push(scope_idx.len() as u32);
        group_off.push(group_idx.len() as u32);
        let rows = 1 + groups as usize + tenant.org.len();
        Ok(Board {
            config: config.clone(),
            index,
            scope_idx,
            scope_off,
            group_idx,
            group_off,
            max,
            agents: vec![AgentSlot::default(); roster.len()],
            agent_seen: vec![Seen::default(); roster.len()],
            counts: vec![[0; LEAVES]; rows],
            in_progress: vec![0; rows],
            chats: Vec::new(),
            free: Vec::new(),
            chat_index: FxHashMap::default(),
            waiting: vec![BTreeSet::new(); groups as usize],
            totals: vec![[0; 4]; 1 + groups as usize],
            today: (NEVER, NEVER),
            closed: BinaryHeap::new(),
            group_index: tenant
                .config
                .skill_groups
                .iter()
                .enumerate()
                .map(|(g, x)| (x.id.clone(), g as u32))
                .collect(),
            clock: NEVER,
            day_cache: (NEVER, NEVER),
            tenant,
        })
    }

    /// The tenant this board serves.
    pub fn tenant(&self) -> &Tenant {
        &self.tenant
    }

    /// The configuration this board applies.
    pub fn config(&self) -> &OnlineConfig {
        &self.config
    }

    /// Number of agents on the roster.
    pub fn len(&self) -> usize {
        self.agents.len()
    }

    /// Whether the roster is empty.
    pub fn is_empty(&self) -> bool {
        self.agents.is_empty()
    }

    /// Chats the board holds (open, and closed within the rating window).
    pub fn chat_count(&self) -> usize {
        self.chat_index.len()
    }

    /// The dense index of an agent (stable for the board's lifetime).
    pub fn resolve(&self, agent: &str) -> Result<u32, OnlineError> {
        self.index
            .get(agent)
            .copied()
            .ok_or_else(|| cxkit_core::CoreError::unknown("agent", agent).into())
    }

    pub(crate) fn id(&self, i: usize) -> &AgentId {
        &self.tenant.config.agents[i].id
    }

    /// The counter row of a scope (agent rows: tenant, groups, org units).
    pub(crate) fn scope_row(&self, scope: &Scope) -> Result<usize, OnlineError> {
        let groups = self.tenant.config.skill_groups.len();
        Ok(match scope {
            Scope::Tenant => 0,
            Scope::SkillGroup { id } => 1 + self.tenant.skill_group_position(id)? as usize,
            Scope::OrgUnit { id } => 1 + groups + self.tenant.org.position(id)? as usize,
        })
    }

    pub(crate) fn rows_of(&self, i: usize) -> &[u32] {
        &self.scope_idx[self.scope_off[i] as usize..self.scope_off[i + 1] as usize]
    }

    pub(crate) fn groups_of(&self, i: usize) -> &[u32] {
        &self.group_idx[self.group_off[i] as usize..self.group_off[i + 1] as usize]
    }

    /// Whether agent `i` blocks chats because of a call (OS1 tenant setting).
    #[inline]
    pub(crate) fn call_blocked(&self, i: usize) -> bool {
        self.config.call_blocks_chats && self.agents[i].on_call
    }

    /// The leaf agent `i` is counted in (`None` when offline).
    #[inline]
    pub(crate) fn leaf(&self, i: usize) -> Option<Leaf> {
        let s = &self.agents[i];
        Leaf::of(
            s.status,
            s.chats.len() as u32,
            self.max[i],
            self.call_blocked(i),
        )
    }

    /// Moves agent `i`'s unit from the leaf it had (`before`) to its leaf now.
    fn releaf(&mut self, i: usize, before: Option<Leaf>) {
        let after = self.leaf(i);
        if before == after {
            return;
        }
        let (a, b) = (self.scope_off[i] as usize, self.scope_off[i + 1] as usize);
        for k in a..b {
            let r = self.scope_idx[k] as usize;
            if let Some(l) = before {
                self.counts[r][l as usize] -= 1;
            }
            if let Some(l) = after {
                self.counts[r][l as usize] += 1;
            }
        }
    }

    fn move_in_progress(&mut self, i: usize, up: bool) {
        let (a, b) = (self.scope_off[i] as usize, self.scope_off[i + 1] as usize);
        for k in a..b {
            let r = self.scope_idx[k] as usize;
            if up {
                self.in_progress[r] += 1;
            } else {
                self.in_progress[r] -= 1;
            }
        }
    }

    /// OS1: reports a `both` agent's call state (on a customer call or not).
    /// With `call_blocks_chats` an agent on a call is `busy.on_call` and takes
    /// no new chats; it keeps its current ones. Not an event: the call board
    /// owns the call state and its order. Returns whether anything changed;
    /// an agent that is not `both` is left alone.
    pub fn set_on_call(&mut self, agent: &str, on_call: bool) -> Result<bool, OnlineError> {
        let i = self.resolve(agent)? as usize;
        Ok(self.set_on_call_at(i, on_call))
    }

    /// [`Board::set_on_call`] for a resolved agent index.
    pub fn set_on_call_at(&mut self, i: usize, on_call: bool) -> bool {
        if self.tenant.config.agents[i].kind != cxkit_core::ServiceKind::Both
            || self.agents[i].on_call == on_call
        {
            return false;
        }
        let before = self.leaf(i);
        self.agents[i].on_call = on_call;
        self.releaf(i, before);
        true
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

    /// Brings agent `i`'s figures to the day of `at`; false when `at` is in
    /// an earlier day than the figures (its contribution belongs to a day
    /// that is over, and is dropped).
    fn touch(&mut self, i: usize, at: i64) -> bool {
        let st = self.agents[i].stats;
        if at >= st.day_end {
            let (start, end) = self.day_of(at);
            self.agents[i].stats = DayStats {
                day_start: start,
                day_end: end,
                ..DayStats::default()
            };
            return true;
        }
        at >= st.day_start
    }

    /// Counts one of today's totals for the tenant (if `tenant`) and a group.
    fn count(&mut self, k: usize, group: u32, at: i64, tenant: bool) {
        if at >= self.today.1 {
            self.today = self.day_of(at);
            for r in &mut self.totals {
                *r = [0; 4];
            }
        }
        if at < self.today.0 {
            return;
        }
        if tenant {
            self.totals[0][k] += 1;
        }
        if group != NONE {
            self.totals[1 + group as usize][k] += 1;
        }
    }

    /// Applies one event. On error nothing changed.
    pub fn apply(&mut self, event: &ChatEvent) -> Result<ApplyStatus, OnlineError> {
        let at = ms(event.at());
        let key = event.event_id().map(event_key);
        match event.subject() {
            Subject::Agent(agent) => {
                let i = self.resolve(agent.as_str())? as usize;
                let s = &self.agents[i];
                if let Some(k) = key
                    && self.agent_seen[i].contains(k)
                {
                    return Ok(ApplyStatus::Duplicate);
                }
                if at < s.last_at {
                    return Err(OnlineError::OutOfOrder {
                        subject: agent.to_string(),
                        last: rfc(s.last_at),
                        got: rfc(at),
                    });
                }
                self.agent_event(i, event, at)?;
                self.agents[i].last_at = at;
                if let Some(k) = key {
                    self.agent_seen[i].push(k);
                }
            }
            Subject::Chat(chat) => {
                let found = self.chat_index.get(chat).copied();
                if let Some(c) = found {
                    let ch = &self.chats[c as usize];
                    if let Some(k) = key
                        && ch.seen.contains(k)
                    {
                        return Ok(ApplyStatus::Duplicate);
                    }
                    if at < ch.last_at {
                        return Err(OnlineError::OutOfOrder {
                            subject: chat.to_string(),
                            last: rfc(ch.last_at),
                            got: rfc(at),
                        });
                    }
                }
                let c = self.chat_event(found, chat, event, at)? as usize;
                let ch = &mut self.chats[c];
                ch.last_at = at;
                if let Some(k) = key {
                    ch.seen.push(k);
                }
            }
        }
        if at > self.clock {
            self.clock = at;
            self.forget_closed();
        }
        Ok(ApplyStatus::Applied)
    }

    /// Forgets chats closed longer ago than the rating window.
    fn forget_closed(&mut self) {
        let window = i64::from(self.config.rating_window_seconds) * 1000;
        // A closed chat stays closed until forgotten here, so no entry of the
        // heap is ever stale.
        while let Some(&Reverse((closed_at, c))) = self.closed.peek() {
            if closed_at.saturating_add(window) > self.clock {
                break;
            }
            self.closed.pop();
            let id = self.chats[c as usize].id.clone();
            self.chat_index.remove(&id);
            self.chats[c as usize].participants = Participants::default();
            self.free.push(c);
        }
    }

    fn bad_agent(&self, i: usize, event: &'static str, reason: impl Into<String>) -> OnlineError {
        OnlineError::InvalidTransition {
            subject: self.id(i).to_string(),
            state: self.leaf(i).map_or("offline", Leaf::name).to_owned(),
            event,
            reason: reason.into(),
        }
    }

    fn bad_chat(&self, c: usize, event: &'static str, reason: impl Into<String>) -> OnlineError {
        let ch = &self.chats[c];
        OnlineError::InvalidTransition {
            subject: ch.id.to_string(),
            state: ch.state.name().to_owned(),
            event,
            reason: reason.into(),
        }
    }

    fn closed_error(
        &self,
        c: usize,
        event: &'static str,
        reason: impl Into<String>,
    ) -> OnlineError {
        OnlineError::ChatClosed {
            chat: self.chats[c].id.to_string(),
            event,
            reason: reason.into(),
        }
    }

    /// Checks that agent `i` accepts a new chat (OS1, OS2).
    fn check_accepts(&self, i: usize, event: &'static str) -> Result<(), OnlineError> {
        let p = &self.tenant.config.agents[i];
        if !p.kind.is_online() {
            return Err(OnlineError::PermissionDenied {
                agent: p.id.to_string(),
                role: p.role.to_string(),
                permission: "online_seat",
                reason: "a call agent takes no chats".into(),
            });
        }
        let s = &self.agents[i];
        match s.status {
            OnlineStatus::Online => {}
            OnlineStatus::Offline => {
                return Err(self.bad_agent(
                    i,
                    event,
                    "the agent is not logged in to the online service",
                ));
            }
            _ => {
                return Err(self.bad_agent(
                    i,
                    event,
                    "the agent takes no new chats in this status (OS1)",
                ));
            }
        }
        if self.call_blocked(i) {
            return Err(self.bad_agent(
                i,
                event,
                "the agent is on a call and the tenant sets call_blocks_chats (OS1)",
            ));
        }
        let current = s.chats.len() as u32;
        if current >= self.max[i] {
            return Err(OnlineError::AgentFull {
                agent: p.id.to_string(),
                event,
                current,
                max: self.max[i],
            });
        }
        Ok(())
    }

    fn agent_event(&mut self, i: usize, e: &ChatEvent, at: i64) -> Result<(), OnlineError> {
        let name = e.type_name();
        let st = self.agents[i].status;
        let to = match e {
            ChatEvent::AgentLogin { status, .. } => {
                let p = &self.tenant.config.agents[i];
                if !p.kind.is_online() {
                    return Err(OnlineError::PermissionDenied {
                        agent: p.id.to_string(),
                        role: p.role.to_string(),
                        permission: "online_seat",
                        reason: "a call agent has no online (chat) seat".into(),
                    });
                }
                if st != OnlineStatus::Offline {
                    return Err(self.bad_agent(i, name, "the agent is already logged in"));
                }
                match status {
                    LoginStatus::Online => OnlineStatus::Online,
                    LoginStatus::Busy => OnlineStatus::Busy,
                }
            }
            ChatEvent::AgentStatus { status, .. } => {
                if *status == OnlineStatus::Offline {
                    return Err(OnlineError::InvalidInput {
                        field: "status",
                        message: "`offline` is not a status to choose: send chat.agent_logout"
                            .into(),
                    });
                }
                if st == OnlineStatus::Offline {
                    return Err(self.bad_agent(i, name, "log in to the online service first"));
                }
                *status
            }
            ChatEvent::AgentLogout { .. } => {
                if st == OnlineStatus::Offline {
                    return Err(self.bad_agent(i, name, "the agent is not logged in"));
                }
                let n = self.agents[i].chats.len();
                if n > 0 {
                    return Err(self.bad_agent(
                        i,
                        name,
                        format!("the agent has {n} open chats: transfer or close them first"),
                    ));
                }
                OnlineStatus::Offline
            }
            _ => {
                return Err(OnlineError::InvalidInput {
                    field: "type",
                    message: format!("`{name}` is not an agent status event"),
                });
            }
        };
        self.touch(i, at);
        let before = self.leaf(i);
        let s = &mut self.agents[i];
        if s.status != to {
            s.status = to;
            s.since = at;
        }
        self.releaf(i, before);
        Ok(())
    }

    fn group_pos(&self, g: &cxkit_core::SkillGroupId) -> Result<u32, OnlineError> {
        self.group_index
            .get(g)
            .copied()
            .ok_or_else(|| cxkit_core::CoreError::unknown("skill_group", g.as_str()).into())
    }

    /// Validates then applies a chat event; returns the chat's slab index.
    fn chat_event(
        &mut self,
        found: Option<u32>,
        chat: &ConversationId,
        e: &ChatEvent,
        at: i64,
    ) -> Result<u32, OnlineError> {
        let name = e.type_name();
        let existing = || -> Result<usize, OnlineError> {
            found
                .map(|c| c as usize)
                .ok_or_else(|| OnlineError::UnknownChat {
                    chat: chat.to_string(),
                })
        };
        match e {
            ChatEvent::Queued {
                skill_group,
                channel,
                instance,
                from_bot,
                ..
            } => {
                let g = self.group_pos(skill_group)?;
                if let Some(c) = found {
                    return Err(self.already(c as usize, name));
                }
                let c = self.create(chat, *channel, instance.clone(), *from_bot, g, at);
                self.enqueue(c, g, at);
                self.count(OFFERED, g, at, true);
                Ok(c)
            }
            ChatEvent::Assigned {
                agent,
                channel,
                instance,
                skill_group,
                from_bot,
                ..
            } => {
                let i = self.resolve(agent.as_str())? as usize;
                let direct_fields =
                    channel.is_some() || instance.is_some() || skill_group.is_some() || *from_bot;
                let c = match found {
                    None => {
                        let Some(ch) = channel else {
                            return Err(OnlineError::InvalidInput {
                                field: "channel",
                                message: format!(
                                    "chat `{chat}` is new: a direct assignment names its channel"
                                ),
                            });
                        };
                        let g = match skill_group {
                            Some(g) => self.group_pos(g)?,
                            None => NONE,
                        };
                        self.check_accepts(i, name)?;
                        let c = self.create(chat, *ch, instance.clone(), *from_bot, g, at);
                        self.count(OFFERED, g, at, true);
                        c
                    }
                    Some(c) => {
                        let cu = c as usize;
                        match self.chats[cu].state {
                            ChatState::Closed => {
                                return Err(self.closed_error(cu, name, "it cannot be assigned"));
                            }
                            ChatState::Assigned => {
                                let holder = self.id(self.chats[cu].agent as usize);
                                return Err(self.bad_chat(
                                    cu,
                                    name,
                                    format!("it is with `{holder}`; moving it is chat.transferred"),
                                ));
                            }
                            ChatState::Queued => {}
                        }
                        if direct_fields {
                            return Err(OnlineError::InvalidInput {
                                field: "channel",
                                message: format!(
                                    "chat `{chat}` is queued: channel, instance, skill_group and from_bot are given only when a new chat is assigned directly"
                                ),
                            });
                        }
                        self.check_accepts(i, name)?;
                        self.dequeue(cu);
                        c
                    }
                };
                self.assign(c as usize, i, at);
                Ok(c)
            }
            ChatEvent::CustomerMessage { .. } => {
                let c = existing()?;
                if self.chats[c].state == ChatState::Closed {
                    return Err(self.closed_error(c, name, "the customer starts a new chat"));
                }
                let ch = &mut self.chats[c];
                if ch.wait_start == NEVER {
                    ch.wait_start = at;
                }
                if ch.state == ChatState::Assigned && !ch.responded && ch.fr_start == NEVER {
                    ch.fr_start = at;
                }
                self.sync_wait(c);
                Ok(c as u32)
            }
            ChatEvent::AgentMessage { agent, .. } => {
                let c = existing()?;
                let ch = &self.chats[c];
                match ch.state {
                    ChatState::Closed => {
                        return Err(self.closed_error(c, name, "no more messages"));
                    }
                    ChatState::Queued => {
                        return Err(self.bad_chat(c, name, "no agent has the chat"));
                    }
                    ChatState::Assigned => {}
                }
                let a = ch.agent as usize;
                if let Some(w) = agent
                    && w != self.id(a)
                {
                    return Err(OnlineError::InvalidInput {
                        field: "agent",
                        message: format!("chat `{chat}` is with `{}`, not `{w}`", self.id(a)),
                    });
                }
                self.agent_writes(c, a, at);
                self.sync_wait(c);
                Ok(c as u32)
            }
            ChatEvent::Transferred { to, .. } => {
                let c = existing()?;
                let state = self.chats[c].state;
                if state == ChatState::Closed {
                    return Err(self.closed_error(c, name, "it cannot be transferred"));
                }
                match to {
                    TransferTarget::Agent(b) => {
                        let j = self.resolve(b.as_str())? as usize;
                        if state == ChatState::Queued {
                            return Err(self.bad_chat(
                                c,
                                name,
                                "a queued chat goes to an agent with chat.assigned",
                            ));
                        }
                        if self.chats[c].agent as usize == j {
                            return Err(OnlineError::InvalidInput {
                                field: "to",
                                message: format!("chat `{chat}` is already with `{b}`"),
                            });
                        }
                        self.check_accepts(j, name)?;
                        let old_group = self.chats[c].group;
                        self.count(TRANSFERRED, old_group, at, true);
                        self.unassign(c, at);
                        self.assign(c, j, at);
                    }
                    TransferTarget::SkillGroup(g) => {
                        let g = self.group_pos(g)?;
                        let ch = &self.chats[c];
                        if state == ChatState::Queued && ch.group == g {
                            return Err(OnlineError::InvalidInput {
                                field: "to",
                                message: format!(
                                    "chat `{chat}` already waits in `{}`",
                                    self.tenant.config.skill_groups[g as usize].id
                                ),
                            });
                        }
                        let old_group = ch.group;
                        self.count(TRANSFERRED, old_group, at, true);
                        if state == ChatState::Assigned {
                            self.unassign(c, at);
                        } else {
                            self.dequeue(c);
                        }
                        self.chats[c].group = g;
                        self.enqueue(c as u32, g, at);
                        self.count(OFFERED, g, at, false);
                    }
                }
                Ok(c as u32)
            }
            ChatEvent::Closed { by, .. } => {
                let c = existing()?;
                match self.chats[c].state {
                    ChatState::Closed => {
                        return Err(self.closed_error(c, name, "it is already closed"));
                    }
                    ChatState::Queued => {
                        self.dequeue(c);
                        let g = self.chats[c].group;
                        self.count(ABANDONED, g, at, true);
                    }
                    ChatState::Assigned => self.unassign(c, at),
                }
                if !self.chats[c].participants.is_empty() {
                    let g = self.chats[c].group;
                    self.count(SERVED, g, at, true);
                    let parts = std::mem::take(&mut self.chats[c].participants);
                    for p in parts.iter() {
                        if self.touch(p as usize, at) {
                            self.agents[p as usize].stats.served += 1;
                        }
                    }
                    self.chats[c].participants = parts;
                }
                let ch = &mut self.chats[c];
                ch.state = ChatState::Closed;
                ch.closed_at = at;
                ch.closed_by = Some(*by);
                ch.wait_start = NEVER;
                self.closed.push(Reverse((at, c as u32)));
                Ok(c as u32)
            }
            ChatEvent::Rated {
                satisfied, score, ..
            } => {
                let c = existing()?;
                if let Some(s) = score
                    && !(s.is_finite() && *s >= 0.0)
                {
                    return Err(OnlineError::InvalidInput {
                        field: "score",
                        message: format!("{s} is not a score (a finite number, not negative)"),
                    });
                }
                let ch = &self.chats[c];
                if ch.rated {
                    return Err(self.bad_chat(c, name, "the chat is already rated"));
                }
                if ch.last_agent == NONE {
                    return Err(self.bad_chat(c, name, "no agent has served the chat"));
                }
                let window = i64::from(self.config.rating_window_seconds) * 1000;
                if ch.state == ChatState::Closed && at - ch.closed_at > window {
                    return Err(self.closed_error(
                        c,
                        name,
                        format!(
                            "the rating window of {} s after the close is over",
                            self.config.rating_window_seconds
                        ),
                    ));
                }
                let a = ch.last_agent as usize;
                self.chats[c].rated = true;
                if self.touch(a, at) {
                    let st = &mut self.agents[a].stats;
                    st.rated += 1;
                    st.satisfied += u32::from(*satisfied);
                }
                Ok(c as u32)
            }
            _ => Err(OnlineError::InvalidInput {
                field: "type",
                message: format!("`{name}` is not a chat lifecycle event"),
            }),
        }
    }

    fn already(&self, c: usize, event: &'static str) -> OnlineError {
        match self.chats[c].state {
            ChatState::Closed => self.closed_error(c, event, "a new chat needs a new id"),
            _ => self.bad_chat(
                c,
                event,
                "the chat is already in the system; moving it is chat.transferred",
            ),
        }
    }

    fn create(
        &mut self,
        id: &ConversationId,
        channel: Channel,
        instance: Option<String>,
        from_bot: bool,
        group: u32,
        at: i64,
    ) -> u32 {
        let chat = Chat {
            id: id.clone(),
            channel,
            instance,
            from_bot,
            state: ChatState::Queued,
            group,
            agent: NONE,
            last_agent: NONE,
            queued_at: at,
            assigned_at: NEVER,
            wait_start: NEVER,
            fr_start: NEVER,
            responded: false,
            participants: Participants::default(),
            closed_at: NEVER,
            closed_by: None,
            rated: false,
            last_at: at,
            seen: Seen::default(),
        };
        let c = match self.free.pop() {
            Some(c) => {
                self.chats[c as usize] = chat;
                c
            }
            None => {
                self.chats.push(chat);
                (self.chats.len() - 1) as u32
            }
        };
        self.chat_index.insert(id.clone(), c);
        c
    }

    fn enqueue(&mut self, c: u32, g: u32, at: i64) {
        let ch = &mut self.chats[c as usize];
        ch.state = ChatState::Queued;
        ch.queued_at = at;
        ch.agent = NONE;
        self.waiting[g as usize].insert((at, c));
    }

    fn dequeue(&mut self, c: usize) {
        let ch = &self.chats[c];
        if ch.group != NONE {
            self.waiting[ch.group as usize].remove(&(ch.queued_at, c as u32));
        }
    }

    /// Chat `c` goes to agent `i` (validated) at `at`.
    fn assign(&mut self, c: usize, i: usize, at: i64) {
        self.touch(i, at);
        let before = self.leaf(i);
        let ch = &mut self.chats[c];
        ch.state = ChatState::Assigned;
        ch.agent = i as u32;
        ch.last_agent = i as u32;
        ch.assigned_at = at;
        ch.responded = false;
        ch.fr_start = if ch.wait_start != NEVER { at } else { NEVER };
        let wait = self.chats[c].wait_start;
        self.agents[i].chats.push(c as u32);
        self.agents[i].waits.push(wait);
        self.move_in_progress(i, true);
        self.releaf(i, before);
    }

    /// Chat `c` leaves its agent.
    fn unassign(&mut self, c: usize, _at: i64) {
        let i = self.chats[c].agent as usize;
        let before = self.leaf(i);
        let s = &mut self.agents[i];
        if let Some(p) = s.chats.iter().position(|&x| x as usize == c) {
            s.chats.swap_remove(p);
            s.waits.swap_remove(p);
        }
        self.move_in_progress(i, false);
        self.releaf(i, before);
        self.chats[c].agent = NONE;
    }

    /// Copies chat `c`'s wait start into its agent's list.
    fn sync_wait(&mut self, c: usize) {
        let ch = &self.chats[c];
        if ch.state != ChatState::Assigned {
            return;
        }
        let (i, w) = (ch.agent as usize, ch.wait_start);
        let s = &mut self.agents[i];
        if let Some(p) = s.chats.iter().position(|&x| x as usize == c) {
            s.waits[p] = w;
        }
    }

    /// Agent `a` (the chat's) writes in chat `c` at `at` (OS3 response clocks).
    fn agent_writes(&mut self, c: usize, a: usize, at: i64) {
        let today = self.touch(a, at);
        let day_start = self.agents[a].stats.day_start;
        let ch = &mut self.chats[c];
        let mut resp = None;
        let mut first = None;
        if ch.wait_start != NEVER {
            resp = Some(at - ch.wait_start.max(ch.assigned_at));
            ch.wait_start = NEVER;
        }
        if !ch.responded {
            let start = if ch.fr_start != NEVER {
                ch.fr_start
            } else {
                ch.assigned_at
            };
            if ch.assigned_at >= day_start {
                first = Some(at - start);
            }
            ch.responded = true;
        }
        if !ch.participants.contains(a as u32) {
            ch.participants.push(a as u32);
        }
        if today {
            let st = &mut self.agents[a].stats;
            if let Some(r) = resp {
                st.resp_n += 1;
                st.resp_ms += r;
            }
            if let Some(f) = first {
                st.fr_n += 1;
                st.fr_ms += f;
            }
        }
    }

    /// Reference model of the leaf counters: recomputed from every agent's
    /// state (what the incremental rows must always equal).
    pub fn recount_rows(&self) -> (Vec<[u32; LEAVES]>, Vec<u32>) {
        let mut rows = vec![[0; LEAVES]; self.counts.len()];
        let mut prog = vec![0; self.counts.len()];
        for i in 0..self.agents.len() {
            let l = self.leaf(i);
            for &r in self.rows_of(i) {
                if let Some(l) = l {
                    rows[r as usize][l as usize] += 1;
                }
                prog[r as usize] += self.agents[i].chats.len() as u32;
            }
        }
        (rows, prog)
    }

    /// The incremental leaf rows and chats-in-progress rows.
    pub fn counter_rows(&self) -> (&[[u32; LEAVES]], &[u32]) {
        (&self.counts, &self.in_progress)
    }

    /// Every agent's leaf (`None` = offline) and current chats, roster order.
    pub fn leaves(&self) -> impl Iterator<Item = (&AgentId, Option<Leaf>, u32, u32)> + '_ {
        (0..self.agents.len()).map(|i| {
            (
                self.id(i),
                self.leaf(i),
                self.agents[i].chats.len() as u32,
                self.max[i],
            )
        })
    }
}
