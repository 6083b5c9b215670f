//! Persistence of a [`Board`]: a serde snapshot with agent ids in place of
//! dense indexes, and a restore that validates every link and rebuilds the
//! derived parts (counters, held extensions, ACW deadlines).

use crate::board::{Board, DayStats, NEVER, NONE, Seen, Slot};
use crate::config::AgentsConfig;
use crate::error::AgentError;
use crate::status::{Category, ConsultMode, Monitor, Popup, Status};
use cxkit_core::{AgentId, CallId, ExtensionId, Tenant, TenantId};
use serde::{Deserialize, Serialize};
use std::cmp::Reverse;
use std::sync::Arc;

/// The persisted form of a board. Agents never logged in are omitted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoardSnapshot {
    /// The tenant the board belongs to.
    pub tenant: TenantId,
    /// Last tick (ms since the epoch).
    #[serde(default)]
    pub last_tick: Option<i64>,
    /// Duplicate window of tick events.
    #[serde(default)]
    pub tick_seen: SeenRecord,
    /// Agents that ever logged in, roster order.
    pub agents: Vec<AgentRecord>,
}

/// A duplicate window: 53-bit event-id keys and the ring position.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeenRecord {
    keys: [u64; crate::board::DUPLICATE_WINDOW],
    next: u8,
}

/// One agent's persisted state (times in ms since the epoch).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgentRecord {
    agent: AgentId,
    status: Status,
    prior: Status,
    popup: Popup,
    monitor: Monitor,
    consult_mode: ConsultMode,
    monitored_by: Option<AgentId>,
    peer: Option<AgentId>,
    call: Option<CallId>,
    extension: Option<ExtensionId>,
    since: Option<i64>,
    last_at: Option<i64>,
    acw_until: Option<i64>,
    talk_start: Option<i64>,
    day_start: Option<i64>,
    day_end: Option<i64>,
    answered: u32,
    ring_no_answer: u32,
    outbound: u32,
    talk_count: u32,
    acw_count: u32,
    busy_ms: u64,
    talk_ms: u64,
    acw_ms: u64,
    seen: SeenRecord,
}

fn opt(ms: i64) -> Option<i64> {
    (ms != NEVER).then_some(ms)
}

fn bad(field: String, message: impl Into<String>) -> AgentError {
    AgentError::Config {
        field,
        message: message.into(),
    }
}

impl Board {
    /// The persisted form of this board.
    pub fn snapshot(&self) -> BoardSnapshot {
        let pristine = Slot::default();
        let link = |j: u32| (j != NONE).then(|| self.id(j as usize).clone());
        let agents = self
            .slots
            .iter()
            .enumerate()
            .filter(|(_, s)| **s != pristine)
            .map(|(i, s)| AgentRecord {
                agent: self.id(i).clone(),
                status: s.status,
                prior: s.prior,
                popup: s.popup,
                monitor: s.monitor,
                consult_mode: s.consult_mode,
                monitored_by: link(s.monitored_by),
                peer: link(s.peer),
                call: s.call.clone(),
                extension: s.extension.clone(),
                since: opt(s.since),
                last_at: opt(s.last_at),
                acw_until: opt(s.acw_until),
                talk_start: opt(s.talk_start),
                day_start: opt(s.stats.day_start),
                day_end: opt(s.stats.day_end),
                answered: s.stats.answered,
                ring_no_answer: s.stats.ring_no_answer,
                outbound: s.stats.outbound,
                talk_count: s.stats.talk_count,
                acw_count: s.stats.acw_count,
                busy_ms: s.stats.busy_ms,
                talk_ms: s.stats.talk_ms,
                acw_ms: s.stats.acw_ms,
                seen: SeenRecord {
                    keys: s.seen.keys,
                    next: s.seen.next,
                },
            })
            .collect();
        BoardSnapshot {
            tenant: self.tenant.config.id.clone(),
            last_tick: opt(self.last_tick),
            tick_seen: SeenRecord {
                keys: self.tick_seen.keys,
                next: self.tick_seen.next,
            },
            agents,
        }
    }

    /// Rebuilds a board from a snapshot taken with the same roster. Errors
    /// (CONFIG_ERROR naming the record): another tenant, unknown agents,
    /// inconsistent links (a listen or consult recorded on one side only),
    /// an extension held twice.
    pub fn restore(tenant: Arc<Tenant>, config: &AgentsConfig, snap: &BoardSnapshot) -> Result<Board, AgentError> {
        let mut b = Board::new(tenant, config)?;
        if snap.tenant != b.tenant.config.id {
            return Err(bad(
                "snapshot.tenant".into(),
                format!("snapshot of tenant `{}`, not `{}`", snap.tenant, b.tenant.config.id),
            ));
        }
        let never = |o: Option<i64>| o.unwrap_or(NEVER);
        for (k, r) in snap.agents.iter().enumerate() {
            let field = || format!("snapshot.agents[{k}]");
            let i = b
                .resolve(r.agent.as_str())
                .map_err(|_| bad(field(), format!("unknown agent `{}`", r.agent)))? as usize;
            let link = |o: &Option<AgentId>| -> Result<u32, AgentError> {
                match o {
                    None => Ok(NONE),
                    Some(id) => b
                        .resolve(id.as_str())
                        .map_err(|_| bad(field(), format!("unknown linked agent `{id}`"))),
                }
            };
            let slot = Slot {
                status: r.status,
                prior: r.prior,
                popup: r.popup,
                monitor: r.monitor,
                consult_mode: r.consult_mode,
                monitored_by: link(&r.monitored_by)?,
                peer: link(&r.peer)?,
                call: r.call.clone(),
                extension: r.extension.clone(),
                since: never(r.since),
                last_at: never(r.last_at),
                acw_until: never(r.acw_until),
                talk_start: never(r.talk_start),
                stats: DayStats {
                    day_start: never(r.day_start),
                    day_end: never(r.day_end),
                    answered: r.answered,
                    ring_no_answer: r.ring_no_answer,
                    outbound: r.outbound,
                    talk_count: r.talk_count,
                    acw_count: r.acw_count,
                    busy_ms: r.busy_ms,
                    talk_ms: r.talk_ms,
                    acw_ms: r.acw_ms,
                },
                seen: Seen {
                    keys: r.seen.keys,
                    next: r.seen.next % crate::board::DUPLICATE_WINDOW as u8,
                },
            };
            b.slots[i] = slot;
        }
        // Links must agree on both sides.
        for i in 0..b.slots.len() {
            let s = &b.slots[i];
            let field = || format!("snapshot agent `{}`", b.id(i));
            if (s.monitored_by != NONE) != (s.monitor != Monitor::None) {
                return Err(bad(field(), "monitor mark without a supervisor (or the reverse)"));
            }
            if s.monitored_by != NONE {
                let sup = &b.slots[s.monitored_by as usize];
                if sup.peer as usize != i || sup.status.category() != Category::Supervising || !s.status.on_own_call() {
                    return Err(bad(field(), "monitored by a supervisor who is not listening to it"));
                }
            }
            if s.status.category() == Category::Supervising {
                if s.peer == NONE || b.slots[s.peer as usize].monitored_by as usize != i {
                    return Err(bad(field(), "supervising an agent who is not monitored by it"));
                }
            } else if s.peer != NONE {
                let p = &b.slots[s.peer as usize];
                let ok = p.peer as usize == i
                    && (s.status.category() == Category::Consulting) != (p.status.category() == Category::Consulting)
                    && (s.status.on_own_call() || p.status.on_own_call());
                if !ok {
                    return Err(bad(field(), "consult partner does not link back"));
                }
            } else if s.status.category() == Category::Consulting {
                return Err(bad(field(), "consulting without a consulting agent"));
            }
            if (s.status == Status::Offline) != s.extension.is_none() {
                return Err(bad(field(), "an extension is held exactly while logged in"));
            }
        }
        for i in 0..b.slots.len() {
            if let Some(x) = b.slots[i].extension.clone()
                && let Some(h) = b.held.insert(x.clone(), i as u32)
            {
                return Err(bad(
                    format!("snapshot agent `{}`", b.id(i)),
                    format!("extension `{x}` also held by `{}`", b.id(h as usize)),
                ));
            }
            if b.slots[i].status == Status::AfterCallWork {
                b.acw_heap.push(Reverse((b.slots[i].acw_until, i as u32)));
            }
        }
        b.counts = b.recount_rows();
        b.last_tick = never(snap.last_tick);
        b.tick_seen = Seen {
            keys: snap.tick_seen.keys,
            next: snap.tick_seen.next % crate::board::DUPLICATE_WINDOW as u8,
        };
        Ok(b)
    }
}

impl PartialEq for Board {
    /// Equal live state: same tenant, configuration, agents and counters.
    fn eq(&self, other: &Self) -> bool {
        self.tenant.config == other.tenant.config
            && self.config == other.config
            && self.slots == other.slots
            && self.counts == other.counts
            && self.last_tick == other.last_tick
            && self.tick_seen == other.tick_seen
            && self.held == other.held
    }
}

impl Serialize for Board {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.snapshot().serialize(s)
    }
}
