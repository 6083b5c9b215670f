//! What the Asterisk translators (queue_log and AMI) remember between
//! records, and the event-making steps they share: the live calls (who
//! rings, who is connected), the members (logged in, queues, status, calls),
//! and the bounded list of ended calls. Every inferred instant is clamped
//! after the last event of its call and of its agent, so that order holds.
//!
//! The callers check a record completely (see [`State::check`]) before they
//! call any step: the steps cannot fail, so an error never leaves half a
//! record applied.

use crate::{FeedError, FeedEvent, Source, event_id};
use chrono::{DateTime, TimeDelta, Utc};
use cxkit_agents::{AgentEvent, ChosenStatus, StartStatus};
use cxkit_calls::{CallEvent, ExitReason, TransferTarget};
use cxkit_core::{AgentId, CallId, SkillGroupId, Timestamp};
use hashbrown::hash_map::EntryRef;
use hashbrown::{HashMap, HashSet};
use std::collections::VecDeque;
use std::hash::{BuildHasherDefault, Hasher};

/// A small fast hasher for the id maps (FxHash's mixing: the ids come from
/// the PBX, a translator is not a server facing hostile keys).
#[derive(Default, Clone, Copy)]
pub(crate) struct Fx(u64);

impl Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
        self.0 = h;
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;
type FxSet<K> = HashSet<K, BuildHasherDefault<Fx>>;

/// A 64-bit hash of a record key (its identity for repeats; also printed
/// in AMI keys, so it must stay stable): Fx mixing, 8 bytes at a time, seeded
/// with the length.
pub(crate) fn fnv(s: &str) -> u64 {
    let mut h = Fx(s.len() as u64);
    h.write(s.as_bytes());
    h.finish()
}

/// The cxkit status a pause reason picks (case-insensitive, by keyword):
/// lunch/meal/dinner/food/eat → meal; break/rest/coffee/toilet/bathroom/
/// restroom/smoke → break; train/coach → training; meeting/briefing →
/// meeting; activity/project/admin/back office/email → activity; anything
/// else (the empty reason and `Auto-Pause` included) → busy.
pub fn pause_status(reason: &str) -> ChosenStatus {
    let r = reason.to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| r.contains(w));
    if has(&["lunch", "meal", "dinner", "food", "eat"]) {
        ChosenStatus::Meal
    } else if has(&["break", "rest", "coffee", "toilet", "bathroom", "smoke"]) {
        ChosenStatus::Break
    } else if has(&["train", "coach"]) {
        ChosenStatus::Training
    } else if has(&["meeting", "briefing"]) {
        ChosenStatus::Meeting
    } else if has(&[
        "activity",
        "project",
        "admin",
        "backoffice",
        "back office",
        "email",
    ]) {
        ChosenStatus::Activity
    } else {
        ChosenStatus::Busy
    }
}

/// The most a duration field may say (seconds or milliseconds): beyond it
/// a record is malformed (and time arithmetic stays far inside chrono's range).
pub(crate) const MAX_DURATION: i64 = 1_000_000_000;

/// `t − d`, never before the first instant cxkit accepts (1900).
pub(crate) fn before(t: Timestamp, d: TimeDelta) -> Timestamp {
    let min = DateTime::from_timestamp_millis(cxkit_core::time::MIN_SUPPORTED_MS)
        .unwrap_or(DateTime::<Utc>::MIN_UTC);
    t.checked_sub_signed(d).map_or(min, |x| x.max(min))
}

/// `Err(message)` unless `t` is in the range cxkit accepts.
pub(crate) fn supported(t: Timestamp) -> Result<Timestamp, String> {
    cxkit_core::time::check_supported(t)
}

/// How long a queue exit waits for the same call to enter another queue
/// (`Queue()` after `Queue()` in the dialplan: an overflow, not an end).
pub(crate) const EXIT_GRACE_SECS: i64 = 2;

/// A queue exit not yet sent: it becomes the call's end unless the call
/// enters a queue again within [`EXIT_GRACE_SECS`].
pub(crate) struct PendingExit {
    at: Timestamp,
    how: End,
    source: Source,
    key: String,
}

/// How a call ends.
pub(crate) enum End {
    CallerHungUp,
    SystemEnded,
    Left(ExitReason, Option<String>),
    Timeout,
    Transfer(String),
}

#[derive(Default)]
pub(crate) struct CallState {
    /// The time of the call's last event.
    pub(crate) last: Option<Timestamp>,
    pub(crate) started: bool,
    pub(crate) hotline: Option<String>,
    /// Agents with an open ring (offered, not ended).
    pub(crate) ringing: Vec<AgentId>,
    /// The connected agent.
    pub(crate) agent: Option<AgentId>,
    /// When the call left its queue without an answer (AMI `QueueCallerLeave`).
    pub(crate) left: Option<Timestamp>,
    /// A queue exit waiting for an overflow (queue_log).
    exit: Option<PendingExit>,
    /// The records translated for this call (key hash → events), so that a
    /// repeated record gives the same events again.
    seen: Vec<(u64, Vec<FeedEvent>)>,
}

pub(crate) struct AgentState {
    /// The time of the agent's last event.
    pub(crate) last: Timestamp,
    pub(crate) logged_in: bool,
    queues: Vec<String>,
    status: ChosenStatus,
    /// A status asked for while on a call, applied when the call ends.
    pending: Option<ChosenStatus>,
    /// Calls the agent is on (connected or ringing).
    calls: Vec<CallId>,
    last_record: Option<(u64, Vec<FeedEvent>)>,
}

/// The state of one translator.
pub(crate) struct State {
    pub(crate) calls: FxMap<CallId, CallState>,
    pub(crate) agents: FxMap<AgentId, AgentState>,
    ended: VecDeque<CallId>,
    ended_set: FxSet<CallId>,
    ended_cap: usize,
    /// Live calls in the order they were first seen, for the live cap.
    order: VecDeque<CallId>,
    /// Calls with a pending exit, oldest first.
    pending: VecDeque<CallId>,
    live_cap: usize,
    scratch: Vec<FeedEvent>,
}

/// How many live calls a translator keeps by default: past it, the call
/// first seen longest ago is forgotten (a call whose end was never logged
/// must not grow the memory with the file).
pub const DEFAULT_LIVE_CAPACITY: usize = 100_000;

/// Who a record is: its source and key (the event ids), the key's hash
/// (repeats), and the call and agent it is about.
pub(crate) struct RecordId<'a> {
    pub(crate) source: Source,
    /// The record's time: pending exits older than the grace are sent first.
    pub(crate) t: Timestamp,
    pub(crate) key: &'a str,
    pub(crate) hash: u64,
    pub(crate) call: Option<&'a str>,
    pub(crate) agent: Option<&'a str>,
}

/// What [`State::check`] found.
pub(crate) enum Checked<'s> {
    /// A new record: translate it.
    New,
    /// A repeat of a record already translated: these are its events.
    Repeat(&'s [FeedEvent]),
}

impl State {
    pub(crate) fn new(cap: usize) -> Self {
        State {
            calls: FxMap::default(),
            agents: FxMap::default(),
            ended: VecDeque::new(),
            ended_set: FxSet::default(),
            ended_cap: cap.max(1),
            order: VecDeque::new(),
            pending: VecDeque::new(),
            live_cap: DEFAULT_LIVE_CAPACITY,
            scratch: Vec::new(),
        }
    }

    /// Entries of the live-call order queue (bounded by the live calls).
    #[cfg(test)]
    pub(crate) fn order_len(&self) -> usize {
        self.order.len()
    }

    pub(crate) fn set_live_cap(&mut self, cap: usize) {
        self.live_cap = cap.max(1);
    }

    /// Forgets the live calls first seen longest ago while there are more
    /// than the cap (never `keep`, the call of the record just translated):
    /// their agents leave them, their ids join the ended ones.
    fn enforce_live_cap(&mut self, keep: Option<&str>) {
        while self.calls.len() > self.live_cap {
            let Some(id) = self.order.pop_front() else {
                break;
            };
            if keep == Some(id.as_str()) {
                self.order.push_back(id);
                continue;
            }
            if let Some(c) = self.calls.remove(id.as_str()) {
                for a in c.agent.iter().chain(c.ringing.iter()) {
                    if let Some(s) = self.agents.get_mut(a.as_str()) {
                        s.calls.retain(|x| *x != id);
                    }
                }
                self.remember_ended(id);
            }
        }
        if self.order.len() > 2 * self.calls.len() + 1024 {
            let calls = &self.calls;
            self.order.retain(|id| calls.contains_key(id.as_str()));
        }
    }

    fn remember_ended(&mut self, id: CallId) {
        if self.ended_set.insert(id.clone()) {
            self.ended.push_back(id);
            if self.ended.len() > self.ended_cap
                && let Some(old) = self.ended.pop_front()
            {
                self.ended_set.remove(&old);
            }
        }
    }

    pub(crate) fn is_ended(&self, call: &str) -> bool {
        self.ended_set.contains(call)
    }

    /// The checks every record passes before anything changes: the call
    /// (if any) has not ended, the record is not older than the call's or
    /// the agent's last event; a repeat is found.
    pub(crate) fn check(
        &self,
        record: u64,
        call: Option<&str>,
        agent: Option<&str>,
        t: Timestamp,
        hash: u64,
    ) -> Result<Checked<'_>, FeedError> {
        if let Some(call) = call {
            // A live call is not among the ended ones (an id is forgotten
            // when its call ends), so only an unknown id is looked up there.
            let live = self.calls.get(call);
            if live.is_none() && self.ended_set.contains(call) {
                return Err(FeedError::CallEnded {
                    record,
                    call: call.to_owned(),
                });
            }
            if let Some(c) = live {
                if let Some((_, evs)) = c.seen.iter().find(|(h, _)| *h == hash) {
                    return Ok(Checked::Repeat(evs));
                }
                if let Some(last) = c.last
                    && t < last
                {
                    return Err(FeedError::OutOfOrder {
                        record,
                        subject: format!("call `{call}`"),
                        last: last.to_rfc3339(),
                        got: t.to_rfc3339(),
                    });
                }
            }
        } else if let Some(a) = agent.and_then(|a| self.agents.get(a))
            && let Some((h, evs)) = &a.last_record
            && *h == hash
        {
            return Ok(Checked::Repeat(evs));
        }
        if let Some(name) = agent
            && let Some(a) = self.agents.get(name)
            && t < a.last
        {
            return Err(FeedError::OutOfOrder {
                record,
                subject: format!("agent `{name}`"),
                last: a.last.to_rfc3339(),
                got: t.to_rfc3339(),
            });
        }
        Ok(Checked::New)
    }

    /// Runs `f` with an emitter for the record `key`, then remembers the
    /// events for repeats (under the call, else under the agent) and
    /// appends them to `out`.
    pub(crate) fn record(
        &mut self,
        id: RecordId<'_>,
        out: &mut Vec<FeedEvent>,
        f: impl FnOnce(&mut State, &mut Emit<'_, '_>),
    ) {
        let RecordId {
            source,
            t,
            key,
            hash,
            call,
            agent,
        } = id;
        let mut ev = std::mem::take(&mut self.scratch);
        ev.clear();
        self.flush_exits(Some(t), call, &mut ev);
        let start = ev.len();
        let mut em = Emit {
            source,
            key,
            start,
            events: &mut ev,
        };
        f(self, &mut em);
        if let Some(c) = call.and_then(|c| self.calls.get_mut(c)) {
            c.seen.push((hash, ev[start..].to_vec()));
        } else if call.is_none()
            && let Some(s) = agent.and_then(|a| self.agents.get_mut(a))
        {
            s.last_record = Some((hash, ev[start..].to_vec()));
        }
        out.append(&mut ev);
        self.scratch = ev;
        if self.calls.len() > self.live_cap {
            self.enforce_live_cap(call);
        }
    }

    /// Holds the call's queue exit (`how` at `at`, from the record `key`)
    /// until a later record shows whether the call enters another queue.
    pub(crate) fn defer_exit(
        &mut self,
        call: &str,
        at: Timestamp,
        how: End,
        source: Source,
        key: &str,
    ) {
        let id = self.cid(call);
        if let Some(c) = self.calls.get_mut(call) {
            c.exit = Some(PendingExit {
                at,
                how,
                source,
                key: key.to_owned(),
            });
            self.pending.push_back(id);
        }
    }

    pub(crate) fn has_exit(&self, call: &str) -> bool {
        self.calls.get(call).is_some_and(|c| c.exit.is_some())
    }

    /// The call entered a queue again: its exit was an overflow, not an end.
    pub(crate) fn cancel_exit(&mut self, call: &str) {
        if let Some(c) = self.calls.get_mut(call) {
            c.exit = None;
        }
        self.pending.retain(|p| p.as_str() != call);
    }

    /// Sends the pending exits older than the grace at `now` (all of them
    /// without `now`), except `keep`'s (the call of the record at hand).
    pub(crate) fn flush_exits(
        &mut self,
        now: Option<Timestamp>,
        keep: Option<&str>,
        events: &mut Vec<FeedEvent>,
    ) {
        let grace = TimeDelta::seconds(EXIT_GRACE_SECS);
        let mut i = 0;
        while i < self.pending.len() {
            let id = self.pending[i].clone();
            let due = self
                .calls
                .get(id.as_str())
                .and_then(|c| c.exit.as_ref())
                .map(|x| x.at);
            match due {
                None => {
                    self.pending.remove(i);
                }
                Some(at) if keep != Some(id.as_str()) && now.is_none_or(|n| at + grace <= n) => {
                    self.pending.remove(i);
                    if let Some(x) = self.calls.get_mut(id.as_str()).and_then(|c| c.exit.take()) {
                        let start = events.len();
                        let mut em = Emit {
                            source: x.source,
                            key: &x.key,
                            start,
                            events: &mut *events,
                        };
                        self.end(id.as_str(), x.at, x.how, &mut em);
                    }
                }
                Some(_) => i += 1,
            }
        }
    }

    /// The id of a known call (a shared copy of the map's key), else a new one.
    fn cid(&self, call: &str) -> CallId {
        self.calls
            .get_key_value(call)
            .map_or_else(|| CallId::new(call), |(k, _)| k.clone())
    }

    /// The id of a known agent (a shared copy of the map's key), else a new one.
    fn aid(&self, a: &str) -> AgentId {
        self.agents
            .get_key_value(a)
            .map_or_else(|| AgentId::new(a), |(k, _)| k.clone())
    }

    fn agent_mut(&mut self, a: &str, t: Timestamp) -> &mut AgentState {
        match self.agents.entry_ref(a) {
            EntryRef::Occupied(e) => e.into_mut(),
            EntryRef::Vacant(e) => e.insert_with_key(AgentId::new(a), Self::new_agent(t)),
        }
    }

    fn call_mut(&mut self, call: &str) -> &mut CallState {
        if !self.calls.contains_key(call) {
            // Ended calls leave their entry behind; drop them once they
            // outnumber the live ones (amortised O(1), memory bounded by
            // the live calls, not by the length of the feed).
            if self.order.len() > 2 * self.calls.len() + 1024 {
                let calls = &self.calls;
                self.order.retain(|id| calls.contains_key(id.as_str()));
            }
            self.order.push_back(CallId::new(call));
        }
        match self.calls.entry_ref(call) {
            EntryRef::Occupied(e) => e.into_mut(),
            EntryRef::Vacant(e) => e.insert_with_key(CallId::new(call), CallState::default()),
        }
    }

    fn new_agent(t: Timestamp) -> AgentState {
        AgentState {
            last: t,
            logged_in: false,
            queues: Vec::new(),
            status: ChosenStatus::Idle,
            pending: None,
            calls: Vec::new(),
            last_record: None,
        }
    }

    /// The earliest instant an inferred event of this call and agent may
    /// have (their last events), so that order holds.
    fn floor(&self, call: &str, agent: Option<&str>) -> Option<Timestamp> {
        let c = self.calls.get(call).and_then(|c| c.last);
        let a = agent.and_then(|a| self.agents.get(a)).map(|a| a.last);
        c.max(a)
    }

    fn touch_call(&mut self, call: &str, at: Timestamp) {
        match self.calls.get_mut(call) {
            Some(c) => c.last = Some(c.last.map_or(at, |l| l.max(at))),
            None => self.call_mut(call).last = Some(at),
        }
    }

    fn touch_agent(&mut self, a: &str, at: Timestamp) {
        let s = self.agent_mut(a, at);
        s.last = s.last.max(at);
    }

    /// Keeps the number the call was dialed on, for its `call.queued`.
    pub(crate) fn note_hotline(&mut self, call: &str, hotline: &str) {
        let c = self.call_mut(call);
        if !c.started && !hotline.is_empty() {
            c.hotline = Some(hotline.to_owned());
        }
    }

    pub(crate) fn started(&self, call: &str) -> bool {
        self.calls.get(call).is_some_and(|c| c.started)
    }

    pub(crate) fn connected(&self, call: &str) -> Option<&AgentId> {
        self.calls.get(call).and_then(|c| c.agent.as_ref())
    }

    pub(crate) fn rings(&self, call: &str, a: &str) -> bool {
        self.calls
            .get(call)
            .is_some_and(|c| c.ringing.iter().any(|r| r.as_str() == a))
    }

    pub(crate) fn logged_in(&self, a: &str) -> bool {
        self.agents.get(a).is_some_and(|s| s.logged_in)
    }

    /// Whether the member is (or will be, after its call) in a status other
    /// than idle.
    pub(crate) fn is_paused(&self, a: &str) -> bool {
        self.agents
            .get(a)
            .is_some_and(|s| s.pending.unwrap_or(s.status) != ChosenStatus::Idle)
    }

    /// A login for `a` at `at` unless it is logged in.
    pub(crate) fn ensure_login(&mut self, a: &str, at: Timestamp, em: &mut Emit<'_, '_>) {
        let s = self.agent_mut(a, at);
        if !s.logged_in {
            s.logged_in = true;
            s.status = ChosenStatus::Idle;
            s.last = s.last.max(at);
            let agent = self.aid(a);
            em.agent(|event_id| AgentEvent::Login {
                agent,
                at,
                event_id,
                extension: None,
                status: StartStatus::Idle,
            });
        }
    }

    /// Starts the call with `call.queued` at `at` (clamped after its last
    /// event) if it is not started; a started call that `requeue`s moves to
    /// `queue` with a `call.queued` at `at`.
    pub(crate) fn queue(
        &mut self,
        call: &str,
        queue: &str,
        at: Timestamp,
        caller: Option<&str>,
        requeue: bool,
        em: &mut Emit<'_, '_>,
    ) {
        let c = self.call_mut(call);
        if c.started && !requeue {
            return;
        }
        let at = c.last.map_or(at, |l| l.max(at));
        c.last = Some(at);
        c.left = None;
        let (hotline, caller) = if c.started {
            (None, None)
        } else {
            (
                c.hotline.clone(),
                caller.filter(|c| !c.is_empty()).map(str::to_owned),
            )
        };
        c.started = true;
        let call = self.cid(call);
        em.call(|event_id| CallEvent::Queued {
            call,
            at,
            event_id,
            skill_group: SkillGroupId::new(queue),
            callee: hotline.clone(),
            hotline,
            caller,
        });
    }

    /// `call.offered` for `a` at `want` (clamped after the call's and the
    /// agent's last events; both are at most the record's time, and so is
    /// `want`), with a login first if needed. The agent then rings.
    pub(crate) fn offer(
        &mut self,
        call: &str,
        a: &str,
        want: Timestamp,
        em: &mut Emit<'_, '_>,
    ) -> Timestamp {
        let at = self.floor(call, Some(a)).map_or(want, |f| f.max(want));
        self.ensure_login(a, at, em);
        let id = self.aid(a);
        let cid = self.cid(call);
        em.call(|event_id| CallEvent::Offered {
            call: cid.clone(),
            at,
            event_id,
            agent: id.clone(),
            hotline: None,
            caller: None,
            callee: None,
        });
        self.touch_call(call, at);
        if let Some(c) = self.calls.get_mut(call)
            && !c.ringing.contains(&id)
        {
            c.ringing.push(id);
        }
        let s = self.agent_mut(a, at);
        s.last = s.last.max(at);
        if !s.calls.contains(&cid) {
            s.calls.push(cid);
        }
        at
    }

    /// `call.ring_ended {agent}` at `at` (a ring-no-answer), after a
    /// `call.offered` at `ring_from` unless `a` already rings.
    pub(crate) fn ring_missed(
        &mut self,
        call: &str,
        a: &str,
        ring_from: Timestamp,
        at: Timestamp,
        em: &mut Emit<'_, '_>,
    ) {
        if !self.rings(call, a) {
            self.offer(call, a, ring_from, em);
        }
        let at = self.floor(call, Some(a)).map_or(at, |f| f.max(at));
        if let Some(c) = self.calls.get_mut(call) {
            c.ringing.retain(|r| r.as_str() != a);
        }
        let (cid, aid) = (self.cid(call), self.aid(a));
        em.call(|event_id| CallEvent::RingEnded {
            call: cid,
            at,
            event_id,
            agent: Some(aid),
        });
        self.touch_call(call, at);
        self.leave_call(call, a, at, em);
    }

    /// `call.answered` by `a` at `at` (clamped like the ring), after a
    /// `call.offered` at `ring_from` unless `a` already rings. The other
    /// rings are withdrawn by the engine (first answer wins).
    pub(crate) fn answer(
        &mut self,
        call: &str,
        a: &str,
        ring_from: Timestamp,
        at: Timestamp,
        em: &mut Emit<'_, '_>,
    ) {
        if !self.rings(call, a) {
            self.offer(call, a, ring_from, em);
        }
        // Not before the last event of any agent whose ring the answer
        // withdraws either (the engine moves them at this instant).
        let mut at = self.floor(call, Some(a)).map_or(at, |f| f.max(at));
        if let Some(c) = self.calls.get(call) {
            for r in &c.ringing {
                if let Some(s) = self.agents.get(r.as_str()) {
                    at = at.max(s.last);
                }
            }
        }
        let id = self.aid(a);
        let cid = self.cid(call);
        em.call(|event_id| CallEvent::Answered {
            call: cid,
            at,
            event_id,
            agent: id.clone(),
        });
        self.touch_call(call, at);
        self.touch_agent(a, at);
        let others: Vec<AgentId> = self
            .calls
            .get_mut(call)
            .map(|c| {
                c.agent = Some(id.clone());
                c.left = None;
                std::mem::take(&mut c.ringing)
                    .into_iter()
                    .filter(|r| r.as_str() != a)
                    .collect()
            })
            .unwrap_or_default();
        for o in others {
            self.leave_call(call, o.as_str(), at, em);
        }
    }

    /// `o` is no longer on `call` (its ring was withdrawn or the call
    /// ended): its deferred status, if any, is applied now.
    fn leave_call(&mut self, call: &str, o: &str, at: Timestamp, em: &mut Emit<'_, '_>) {
        let agent = self.aid(o);
        let s = self.agent_mut(o, at);
        s.calls.retain(|c| c.as_str() != call);
        let at = s.last.max(at);
        s.last = at;
        if s.calls.is_empty()
            && let Some(p) = s.pending.take()
            && p != s.status
            && s.logged_in
        {
            s.status = p;
            em.agent(|event_id| AgentEvent::SetStatus {
                agent,
                at,
                event_id,
                status: p,
            });
        }
    }

    /// Notes that the call left its queue unanswered at `t` (AMI).
    pub(crate) fn mark_left(&mut self, call: &str, t: Timestamp) {
        if let Some(c) = self.calls.get_mut(call) {
            c.left = Some(t);
        }
    }

    pub(crate) fn left_at(&self, call: &str) -> Option<Timestamp> {
        self.calls.get(call).and_then(|c| c.left)
    }

    /// Ends the call at `t` (`how`); its agents leave it; it is forgotten
    /// and its id kept among the ended ones.
    pub(crate) fn end(&mut self, call: &str, t: Timestamp, how: End, em: &mut Emit<'_, '_>) {
        // Never before the call's last event, nor before the last event of
        // an agent on it (an end at an earlier instant than the record's).
        let mut t = self
            .calls
            .get(call)
            .and_then(|c| c.last)
            .map_or(t, |l| l.max(t));
        if let Some(c) = self.calls.get(call) {
            for a in c.agent.iter().chain(c.ringing.iter()) {
                if let Some(s) = self.agents.get(a.as_str()) {
                    t = t.max(s.last);
                }
            }
        }
        let id = self.cid(call);
        let kept = id.clone();
        em.call(|event_id| match how {
            End::CallerHungUp => CallEvent::CallerHungUp {
                call: id,
                at: t,
                event_id,
            },
            End::SystemEnded => CallEvent::SystemEnded {
                call: id,
                at: t,
                event_id,
            },
            End::Timeout => CallEvent::QueueTimeout {
                call: id,
                at: t,
                event_id,
            },
            End::Left(reason, destination) => CallEvent::QueueLeft {
                call: id,
                at: t,
                event_id,
                reason,
                destination,
            },
            End::Transfer(dest) => CallEvent::Transferred {
                call: id,
                at: t,
                event_id,
                to: TransferTarget::External(dest),
            },
        });
        let mut on: Vec<AgentId> = Vec::new();
        if let Some(c) = self.calls.remove(call) {
            on.extend(c.agent);
            on.extend(c.ringing);
        }
        for a in on {
            self.leave_call(call, a.as_str(), t, em);
        }
        self.remember_ended(kept);
    }

    /// A queue membership: logs the member in at its first queue.
    pub(crate) fn add_member(&mut self, a: &str, queue: &str, t: Timestamp, em: &mut Emit<'_, '_>) {
        self.ensure_login(a, t, em);
        let s = self.agent_mut(a, t);
        if !s.queues.iter().any(|q| q == queue) {
            s.queues.push(queue.to_owned());
        }
    }

    /// A membership ends: logs the member out at its last queue.
    pub(crate) fn remove_member(
        &mut self,
        a: &str,
        queue: &str,
        t: Timestamp,
        em: &mut Emit<'_, '_>,
    ) {
        let s = self.agent_mut(a, t);
        s.queues.retain(|q| q != queue);
        if s.queues.is_empty() && s.logged_in {
            s.logged_in = false;
            s.pending = None;
            s.last = s.last.max(t);
            em.agent(|event_id| AgentEvent::Logout {
                agent: AgentId::new(a),
                at: t,
                event_id,
            });
        }
    }

    /// A logoff: out of every queue.
    pub(crate) fn logoff(&mut self, a: &str, t: Timestamp, em: &mut Emit<'_, '_>) {
        let s = self.agent_mut(a, t);
        s.queues.clear();
        s.pending = None;
        if s.logged_in {
            s.logged_in = false;
            s.last = s.last.max(t);
            em.agent(|event_id| AgentEvent::Logout {
                agent: AgentId::new(a),
                at: t,
                event_id,
            });
        }
    }

    /// A status change (pause/unpause): logs the member in if needed; on a
    /// call it waits for the call's end; nothing if the status is already it.
    pub(crate) fn set_status(
        &mut self,
        a: &str,
        status: ChosenStatus,
        t: Timestamp,
        em: &mut Emit<'_, '_>,
    ) {
        self.ensure_login(a, t, em);
        let s = self.agent_mut(a, t);
        if !s.calls.is_empty() {
            s.pending = Some(status);
        } else if s.status != status {
            s.status = status;
            s.pending = None;
            s.last = s.last.max(t);
            em.agent(|event_id| AgentEvent::SetStatus {
                agent: AgentId::new(a),
                at: t,
                event_id,
                status,
            });
        }
    }
}

/// Pushes events with ids from the record key.
pub(crate) struct Emit<'k, 'v> {
    source: Source,
    key: &'k str,
    /// Where this record's events start in `events` (ids count from there).
    start: usize,
    pub(crate) events: &'v mut Vec<FeedEvent>,
}

impl Emit<'_, '_> {
    fn next_id(&self) -> Option<String> {
        // `event_id(source, key, k)`, without format!'s machinery.
        let (source, k) = (self.source.as_str(), self.events.len() - self.start);
        let mut id = String::with_capacity(source.len() + self.key.len() + 4);
        id.push_str(source);
        id.push(':');
        id.push_str(self.key);
        id.push('#');
        if k < 10 {
            id.push(char::from(b'0' + k as u8));
        } else {
            id.push_str(&k.to_string());
        }
        debug_assert_eq!(id, event_id(source, self.key, k));
        Some(id)
    }

    pub(crate) fn call(&mut self, f: impl FnOnce(Option<String>) -> CallEvent) {
        let e = f(self.next_id());
        self.events.push(FeedEvent::Call(e));
    }

    pub(crate) fn agent(&mut self, f: impl FnOnce(Option<String>) -> AgentEvent) {
        let e = f(self.next_id());
        self.events.push(FeedEvent::Agent(e));
    }
}
