//! Persistence of a [`Board`]: a serde snapshot with ids in place of dense
//! indexes (times in ms since the epoch, `null` for "never"), and a restore
//! that validates every record and rebuilds the derived parts (leaf counts,
//! chats in progress, queues, agents' chat lists).

use crate::board::{
    AgentSlot, Board, Chat, ChatState, DUPLICATE_WINDOW, DayStats, NEVER, NONE, Seen,
};
use crate::config::OnlineConfig;
use crate::error::OnlineError;
use crate::event::ClosedBy;
use crate::status::OnlineStatus;
use cxkit_core::{AgentId, Channel, ConversationId, SkillGroupId, Tenant, TenantId};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The persisted form of an online board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoardSnapshot {
    /// The tenant.
    pub tenant: TenantId,
    /// The latest accepted event time.
    pub clock: Option<i64>,
    /// Start of the day of `totals`.
    pub today_start: Option<i64>,
    /// End of the day of `totals`.
    pub today_end: Option<i64>,
    /// Today's totals: the tenant's first, then each skill group's (config order).
    pub totals: Vec<[u32; 4]>,
    /// Agents that ever logged in (or were reported on a call), roster order.
    pub agents: Vec<AgentRecord>,
    /// Chats held (open, and closed within the rating window), by id.
    pub chats: Vec<ChatRecord>,
}

/// A duplicate window: 53-bit event-id keys and the ring position.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeenRecord {
    keys: [u64; DUPLICATE_WINDOW],
    next: u8,
}

impl From<Seen> for SeenRecord {
    fn from(s: Seen) -> Self {
        SeenRecord {
            keys: s.keys,
            next: s.next,
        }
    }
}
impl From<SeenRecord> for Seen {
    fn from(s: SeenRecord) -> Self {
        Seen {
            keys: s.keys,
            next: s.next % DUPLICATE_WINDOW as u8,
        }
    }
}

/// One agent's persisted state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgentRecord {
    agent: AgentId,
    status: OnlineStatus,
    on_call: bool,
    since: Option<i64>,
    last_at: Option<i64>,
    day_start: Option<i64>,
    day_end: Option<i64>,
    served: u32,
    fr_n: u32,
    fr_ms: i64,
    resp_n: u32,
    resp_ms: i64,
    rated: u32,
    satisfied: u32,
    seen: SeenRecord,
}

/// One chat's persisted state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChatRecord {
    chat: ConversationId,
    channel: Channel,
    instance: Option<String>,
    from_bot: bool,
    state: ChatState,
    skill_group: Option<SkillGroupId>,
    agent: Option<AgentId>,
    last_agent: Option<AgentId>,
    queued_at: Option<i64>,
    assigned_at: Option<i64>,
    wait_start: Option<i64>,
    fr_start: Option<i64>,
    responded: bool,
    participants: Vec<AgentId>,
    closed_at: Option<i64>,
    closed_by: Option<ClosedBy>,
    rated: bool,
    last_at: Option<i64>,
    seen: SeenRecord,
}

fn opt(ms: i64) -> Option<i64> {
    (ms != NEVER).then_some(ms)
}

fn never(o: Option<i64>) -> i64 {
    o.unwrap_or(NEVER)
}

fn bad(field: String, message: impl Into<String>) -> OnlineError {
    OnlineError::Config {
        field,
        message: message.into(),
    }
}

impl Board {
    /// The persisted form of this board.
    pub fn snapshot(&self) -> BoardSnapshot {
        let pristine = AgentSlot::default();
        let agents = self
            .agents
            .iter()
            .enumerate()
            .filter(|&(i, s)| *s != pristine || self.agent_seen[i] != Seen::default())
            .map(|(i, s)| AgentRecord {
                agent: self.id(i).clone(),
                status: s.status,
                on_call: s.on_call,
                since: opt(s.since),
                last_at: opt(s.last_at),
                day_start: opt(s.stats.day_start),
                day_end: opt(s.stats.day_end),
                served: s.stats.served,
                fr_n: s.stats.fr_n,
                fr_ms: s.stats.fr_ms,
                resp_n: s.stats.resp_n,
                resp_ms: s.stats.resp_ms,
                rated: s.stats.rated,
                satisfied: s.stats.satisfied,
                seen: self.agent_seen[i].into(),
            })
            .collect();
        let link = |j: u32| (j != NONE).then(|| self.id(j as usize).clone());
        let group =
            |g: u32| (g != NONE).then(|| self.tenant.config.skill_groups[g as usize].id.clone());
        let mut chats: Vec<ChatRecord> = self
            .chat_index
            .values()
            .map(|&c| {
                let ch = &self.chats[c as usize];
                ChatRecord {
                    chat: ch.id.clone(),
                    channel: ch.channel,
                    instance: ch.instance.clone(),
                    from_bot: ch.from_bot,
                    state: ch.state,
                    skill_group: group(ch.group),
                    agent: link(ch.agent),
                    last_agent: link(ch.last_agent),
                    queued_at: opt(ch.queued_at),
                    assigned_at: opt(ch.assigned_at),
                    wait_start: opt(ch.wait_start),
                    fr_start: opt(ch.fr_start),
                    responded: ch.responded,
                    participants: ch
                        .participants
                        .iter()
                        .map(|p| self.id(p as usize).clone())
                        .collect(),
                    closed_at: opt(ch.closed_at),
                    closed_by: ch.closed_by,
                    rated: ch.rated,
                    last_at: opt(ch.last_at),
                    seen: ch.seen.into(),
                }
            })
            .collect();
        chats.sort_by(|a, b| a.chat.cmp(&b.chat));
        BoardSnapshot {
            tenant: self.tenant.config.id.clone(),
            clock: opt(self.clock),
            today_start: opt(self.today.0),
            today_end: opt(self.today.1),
            totals: self.totals.clone(),
            agents,
            chats,
        }
    }

    /// Rebuilds a board from a snapshot taken with the same roster. Errors
    /// (CONFIG_ERROR naming the record): another tenant, unknown agents or
    /// skill groups, a chat with an agent who is offline or not an online
    /// agent, more open chats than the agent's maximum, a duplicate chat.
    pub fn restore(
        tenant: Arc<Tenant>,
        config: &OnlineConfig,
        snap: &BoardSnapshot,
    ) -> Result<Board, OnlineError> {
        let mut b = Board::new(tenant, config)?;
        if snap.tenant != b.tenant.config.id {
            return Err(bad(
                "snapshot.tenant".into(),
                format!(
                    "snapshot of tenant `{}`, not `{}`",
                    snap.tenant, b.tenant.config.id
                ),
            ));
        }
        if snap.totals.len() != b.totals.len() {
            return Err(bad(
                "snapshot.totals".into(),
                format!(
                    "{} rows for a tenant with {} skill groups",
                    snap.totals.len(),
                    b.waiting.len()
                ),
            ));
        }
        for (k, r) in snap.agents.iter().enumerate() {
            let i = b.resolve(r.agent.as_str()).map_err(|_| {
                bad(
                    format!("snapshot.agents[{k}]"),
                    format!("unknown agent `{}`", r.agent),
                )
            })? as usize;
            if r.status != OnlineStatus::Offline && !b.tenant.config.agents[i].kind.is_online() {
                return Err(bad(
                    format!("snapshot.agents[{k}]"),
                    format!("`{}` is a call agent", r.agent),
                ));
            }
            b.agents[i] = AgentSlot {
                status: r.status,
                on_call: r.on_call,
                since: never(r.since),
                last_at: never(r.last_at),
                chats: Vec::new(),
                waits: Vec::new(),
                stats: DayStats {
                    day_start: never(r.day_start),
                    day_end: never(r.day_end),
                    served: r.served,
                    fr_n: r.fr_n,
                    fr_ms: r.fr_ms,
                    resp_n: r.resp_n,
                    resp_ms: r.resp_ms,
                    rated: r.rated,
                    satisfied: r.satisfied,
                },
            };
            b.agent_seen[i] = r.seen.into();
        }
        for (k, r) in snap.chats.iter().enumerate() {
            let field = || format!("snapshot.chats[{k}]");
            let agent = |o: &Option<AgentId>| -> Result<u32, OnlineError> {
                match o {
                    None => Ok(NONE),
                    Some(a) => b
                        .resolve(a.as_str())
                        .map_err(|_| bad(field(), format!("unknown agent `{a}`"))),
                }
            };
            let group = match &r.skill_group {
                None => NONE,
                Some(g) => b
                    .tenant
                    .skill_group_position(g)
                    .map_err(|_| bad(field(), format!("unknown skill group `{g}`")))?,
            };
            let a = agent(&r.agent)?;
            let last_agent = agent(&r.last_agent)?;
            let participants = r
                .participants
                .iter()
                .map(|p| agent(&Some(p.clone())))
                .collect::<Result<Vec<_>, _>>()?;
            match r.state {
                ChatState::Queued if group == NONE || a != NONE => {
                    return Err(bad(
                        field(),
                        "a queued chat waits in a skill group, with no agent",
                    ));
                }
                ChatState::Assigned if a == NONE => {
                    return Err(bad(field(), "an assigned chat names its agent"));
                }
                ChatState::Closed if a != NONE || r.closed_at.is_none() => {
                    return Err(bad(field(), "a closed chat has a close time and no agent"));
                }
                _ => {}
            }
            if a != NONE {
                let s = &b.agents[a as usize];
                if s.status == OnlineStatus::Offline {
                    return Err(bad(
                        field(),
                        format!("chat with `{}`, who is offline", b.id(a as usize)),
                    ));
                }
                if s.chats.len() as u32 >= b.max[a as usize] {
                    return Err(bad(
                        field(),
                        format!(
                            "`{}` would hold more than its maximum of {} chats",
                            b.id(a as usize),
                            b.max[a as usize]
                        ),
                    ));
                }
            }
            let c = b.chats.len() as u32;
            if b.chat_index.insert(r.chat.clone(), c).is_some() {
                return Err(bad(field(), format!("chat `{}` appears twice", r.chat)));
            }
            b.chats.push(Chat {
                id: r.chat.clone(),
                channel: r.channel,
                instance: r.instance.clone(),
                from_bot: r.from_bot,
                state: r.state,
                group,
                agent: a,
                last_agent,
                queued_at: never(r.queued_at),
                assigned_at: never(r.assigned_at),
                wait_start: never(r.wait_start),
                fr_start: never(r.fr_start),
                responded: r.responded,
                participants: participants.into_iter().collect(),
                closed_at: never(r.closed_at),
                closed_by: r.closed_by,
                rated: r.rated,
                last_at: never(r.last_at),
                seen: r.seen.into(),
            });
            match r.state {
                ChatState::Queued => {
                    b.waiting[group as usize].insert((never(r.queued_at), c));
                }
                ChatState::Assigned => {
                    let s = &mut b.agents[a as usize];
                    s.chats.push(c);
                    s.waits.push(never(r.wait_start));
                }
                ChatState::Closed => {
                    b.closed.push(std::cmp::Reverse((never(r.closed_at), c)));
                }
            }
        }
        let (counts, prog) = b.recount_rows();
        b.counts = counts;
        b.in_progress = prog;
        b.totals = snap.totals.clone();
        b.today = (never(snap.today_start), never(snap.today_end));
        b.clock = never(snap.clock);
        Ok(b)
    }
}

impl PartialEq for Board {
    /// Equal live state: same tenant, configuration, snapshot and counters.
    fn eq(&self, other: &Self) -> bool {
        self.tenant.config == other.tenant.config
            && self.config == other.config
            && self.counts == other.counts
            && self.in_progress == other.in_progress
            && self.snapshot() == other.snapshot()
    }
}
