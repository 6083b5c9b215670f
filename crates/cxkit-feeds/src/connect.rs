//! Amazon Connect agent event stream records (FD3).
//!
//! One record per Kinesis record: a JSON object with `EventType`
//! (`STATE_CHANGE`, `HEART_BEAT`, `LOGIN`, `LOGOUT`), `EventTimestamp`,
//! `AgentARN` and the agent's `PreviousAgentSnapshot` /
//! `CurrentAgentSnapshot` (status, configuration, contacts). The translator
//! ([`ConnectTranslator`]) compares each VOICE contact of the two snapshots
//! with what it already said about that contact and emits the call events
//! that take the call from there to its current state, and the agent's
//! status changes. [`RecordReader`] reads records from a file (one object
//! per line, or objects spanning lines). The mapping, the inferences and
//! the id scheme are in `docs/feeds.md` (section "FD3 — Amazon Connect").

use crate::freeswitch::{Bounded, JsonTexts};
use crate::{FeedError, FeedEvent, event_id};
use cxkit_agents::{AgentEvent, ChosenStatus, StartStatus};
use cxkit_calls::CallEvent;
use cxkit_core::{AgentId, CallId, SkillGroupId, Timestamp};
use serde_json::Value;
use std::collections::HashMap;
use std::io::BufRead;

/// The source name in event ids (`connect:<key>#<k>`).
pub const SOURCE: &str = "connect";

/// Where the cxkit agent id comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AgentIdFrom {
    /// The last path segment of `AgentARN` (the Connect user id: stable,
    /// in every record). The default.
    #[default]
    Arn,
    /// `Configuration.Username` of the current (or previous) snapshot: the
    /// login name, readable, but renamable and absent from some records.
    Username,
}

/// How the translator maps what Connect says onto cxkit.
#[derive(Debug, Clone, PartialEq)]
pub struct ConnectOptions {
    /// Where the agent id comes from.
    pub agent_id: AgentIdFrom,
    /// Custom agent status names (compared without regard to case) and the
    /// cxkit status each means. `Available` is always idle and `Offline`
    /// always a logout.
    pub statuses: Vec<(String, ChosenStatus)>,
    /// The status of a custom status name not in `statuses`.
    pub unknown_status: ChosenStatus,
    /// The `callee` of `call.outbound_dialed`: the agent event stream does
    /// not carry the customer's number (default empty).
    pub outbound_callee: String,
    /// Ended contacts remembered (to report late records as ended).
    pub ended_memory: usize,
    /// Recent records remembered (a record read twice gives the same ids).
    pub record_memory: usize,
    /// Contacts back in their queue (missed or rejected, not yet offered
    /// again) kept; the oldest is forgotten beyond this.
    pub waiting_memory: usize,
}

impl Default for ConnectOptions {
    fn default() -> Self {
        use ChosenStatus as S;
        ConnectOptions {
            agent_id: AgentIdFrom::Arn,
            statuses: [
                ("Break", S::Break),
                ("Lunch", S::Meal),
                ("Meal", S::Meal),
                ("Training", S::Training),
                ("Meeting", S::Meeting),
                ("Activity", S::Activity),
                ("Busy", S::Busy),
            ]
            .into_iter()
            .map(|(n, s)| (n.to_owned(), s))
            .collect(),
            unknown_status: S::Busy,
            outbound_callee: String::new(),
            ended_memory: 4096,
            record_memory: 1024,
            waiting_memory: 4096,
        }
    }
}

fn malformed(record: u64, field: impl Into<String>, message: impl Into<String>) -> FeedError {
    FeedError::Malformed {
        record,
        field: field.into(),
        message: message.into(),
    }
}

/// Reads agent event stream records from a stream: one JSON object per
/// line (as a Kinesis consumer writes them), or objects spanning lines
/// (joined until they parse); blank lines and `#` comment lines are
/// skipped. The record number is the line number where the object starts.
pub struct RecordReader<R> {
    inner: JsonTexts<R>,
}

impl<R: BufRead> RecordReader<R> {
    /// A reader over `input`.
    pub fn new(input: R) -> Self {
        RecordReader {
            inner: JsonTexts::new(input, &[]),
        }
    }
}

/// Reads records from a string (see [`RecordReader`]).
pub fn read_records(text: &str) -> RecordReader<&[u8]> {
    RecordReader::new(text.as_bytes())
}

impl<R: BufRead> Iterator for RecordReader<R> {
    type Item = Result<(u64, Value), FeedError>;

    fn next(&mut self) -> Option<Self::Item> {
        let (first, text) = match self.inner.next()? {
            Ok(x) => x,
            Err(e) => return Some(Err(e)),
        };
        Some(parse_record(first, &text).map(|v| (first, v)))
    }
}

/// Parses one record's text (a JSON object).
pub fn parse_record(record: u64, text: &str) -> Result<Value, FeedError> {
    let v: Value =
        serde_json::from_str(text).map_err(|e| malformed(record, "$", format!("not JSON: {e}")))?;
    if !v.is_object() {
        return Err(malformed(record, "$", "a record is a JSON object"));
    }
    Ok(v)
}

/// A contact's state in the agent event stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Incoming,
    Pending,
    Connecting,
    Connected,
    OnHold,
    Missed,
    Error,
    Ended,
    Rejected,
    Paused,
}

impl State {
    fn parse(s: &str) -> Option<State> {
        Some(match s {
            "INCOMING" => State::Incoming,
            "PENDING" => State::Pending,
            "CONNECTING" => State::Connecting,
            "CONNECTED" => State::Connected,
            "CONNECTED_ONHOLD" => State::OnHold,
            "MISSED" => State::Missed,
            "ERROR" => State::Error,
            "ENDED" => State::Ended,
            "REJECTED" => State::Rejected,
            "PAUSED" => State::Paused,
            _ => return None,
        })
    }

    fn offering(self) -> bool {
        matches!(self, State::Incoming | State::Pending | State::Connecting)
    }

    fn connected(self) -> bool {
        matches!(self, State::Connected | State::OnHold | State::Paused)
    }
}

/// One VOICE contact of a snapshot.
#[derive(Debug, Clone)]
struct Contact {
    id: String,
    state: State,
    outbound: bool,
    queue: Option<String>,
    queue_at: Option<Timestamp>,
    state_at: Option<Timestamp>,
    connected_at: Option<Timestamp>,
}

fn str_at<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn time_at(record: u64, v: &Value, key: &str, path: &str) -> Result<Option<Timestamp>, FeedError> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => {
            let t = cxkit_core::time::parse_timestamp(s.trim()).map_err(|e| {
                malformed(
                    record,
                    format!("{path}.{key}"),
                    format!("`{s}` is not an ISO 8601 time: {e}"),
                )
            })?;
            cxkit_core::time::check_supported(t)
                .map(Some)
                .map_err(|m| malformed(record, format!("{path}.{key}"), m))
        }
        Some(other) => Err(malformed(
            record,
            format!("{path}.{key}"),
            format!("expected an ISO 8601 string, found {other}"),
        )),
    }
}

/// The VOICE contacts of a snapshot (`CHAT`, `TASK` and other channels are
/// left out: cxkit tracks calls).
fn contacts(record: u64, snap: Option<&Value>, path: &str) -> Result<Vec<Contact>, FeedError> {
    let Some(list) = snap.and_then(|s| s.get("Contacts")) else {
        return Ok(Vec::new());
    };
    let list = match list {
        Value::Null => return Ok(Vec::new()),
        Value::Array(a) => a,
        other => {
            return Err(malformed(
                record,
                format!("{path}.Contacts"),
                format!("expected an array, found {other}"),
            ));
        }
    };
    let mut out = Vec::new();
    for (i, c) in list.iter().enumerate() {
        let p = format!("{path}.Contacts[{i}]");
        if !c.is_object() {
            return Err(malformed(record, p, "a contact is an object"));
        }
        let channel = str_at(c, "Channel")
            .ok_or_else(|| malformed(record, format!("{p}.Channel"), "missing"))?;
        let id = str_at(c, "ContactId")
            .ok_or_else(|| malformed(record, format!("{p}.ContactId"), "missing"))?;
        if channel != "VOICE" {
            continue;
        }
        let raw =
            str_at(c, "State").ok_or_else(|| malformed(record, format!("{p}.State"), "missing"))?;
        let state = State::parse(raw).ok_or_else(|| {
            malformed(
                record,
                format!("{p}.State"),
                format!("unknown state `{raw}`; expected INCOMING, PENDING, CONNECTING, CONNECTED, CONNECTED_ONHOLD, MISSED, ERROR, ENDED, REJECTED or PAUSED"),
            )
        })?;
        let method = str_at(c, "InitiationMethod");
        let queue = c.get("Queue").filter(|q| q.is_object());
        let queue_arn = queue.and_then(|q| str_at(q, "ARN")).unwrap_or("");
        // An agent's own queue (".../queue/agent/…") has no name and is no
        // skill group: the contact rings the agent directly.
        let queue_name = queue
            .and_then(|q| str_at(q, "Name"))
            .filter(|_| !queue_arn.contains("/queue/agent/"))
            .map(str::to_owned);
        out.push(Contact {
            id: id.to_owned(),
            state,
            outbound: method == Some("OUTBOUND"),
            queue: queue_name,
            queue_at: time_at(record, c, "QueueTimestamp", &p)?,
            state_at: time_at(record, c, "StateStartTimestamp", &p)?,
            connected_at: time_at(record, c, "ConnectedToAgentTimestamp", &p)?,
        });
    }
    Ok(out)
}

/// Where a live contact is, as far as the translator has said.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Stage {
    Ringing(AgentId),
    Talking(AgentId),
    Held(AgentId),
    /// Back in its queue after a miss or a rejection.
    Waiting,
}

#[derive(Debug, Clone)]
struct LiveCall {
    outbound: bool,
    stage: Stage,
    last: Timestamp,
}

#[derive(Debug, Clone)]
struct EndedCall;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Known {
    Unknown,
    LoggedOut,
    In(ChosenStatus),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Out,
    Status(ChosenStatus),
}

#[derive(Debug, Clone)]
struct AgentState {
    last: Timestamp,
    known: Known,
    on_call: Option<String>,
    pending: Option<(String, Target)>,
}

/// The translator from agent event stream records to cxkit events.
///
/// Pure and streaming: [`ConnectTranslator::push`] takes one record and
/// its record number and appends what it means; on error it appends
/// nothing and changes nothing.
#[derive(Debug, Clone)]
pub struct ConnectTranslator {
    opts: ConnectOptions,
    statuses: HashMap<String, ChosenStatus>,
    calls: HashMap<String, LiveCall>,
    agents: HashMap<String, AgentState>,
    ended: Bounded<EndedCall>,
    recent: Bounded<Vec<FeedEvent>>,
}

impl Default for ConnectTranslator {
    fn default() -> Self {
        Self::new()
    }
}

/// Staged output of one record.
struct Work {
    key: String,
    at: Timestamp,
    /// No event of this record may be earlier than this.
    lo: Timestamp,
    out: Vec<FeedEvent>,
}

impl Work {
    fn id(&self) -> Option<String> {
        Some(event_id(SOURCE, &self.key, self.out.len()))
    }

    /// `t` (or the record's time) clamped into `[lo, at]`; raises `lo`.
    fn time(&mut self, t: Option<Timestamp>) -> Timestamp {
        let t = t.unwrap_or(self.at).min(self.at).max(self.lo);
        self.lo = t;
        t
    }
}

impl ConnectTranslator {
    /// A translator with the default options.
    pub fn new() -> Self {
        Self::with_options(ConnectOptions::default())
    }

    /// A translator with `opts`.
    pub fn with_options(opts: ConnectOptions) -> Self {
        let statuses = opts
            .statuses
            .iter()
            .map(|(n, s)| (n.to_lowercase(), *s))
            .collect();
        ConnectTranslator {
            ended: Bounded::new(opts.ended_memory),
            recent: Bounded::new(opts.record_memory),
            statuses,
            opts,
            calls: HashMap::new(),
            agents: HashMap::new(),
        }
    }

    /// How many contacts are live (ringing, talking, or back in a queue).
    pub fn live_calls(&self) -> usize {
        self.calls.len()
    }

    /// How many ended contacts are remembered.
    pub fn remembered_ended(&self) -> usize {
        self.ended.len()
    }

    /// The cxkit status of a Connect agent status name (`None`: Offline).
    pub fn status_of(&self, name: &str) -> Option<ChosenStatus> {
        if name.eq_ignore_ascii_case("Offline") {
            return None;
        }
        if name.eq_ignore_ascii_case("Available") {
            return Some(ChosenStatus::Idle);
        }
        Some(
            self.statuses
                .get(&name.to_lowercase())
                .copied()
                .unwrap_or(self.opts.unknown_status),
        )
    }

    /// [`ConnectTranslator::push`] on a record's text.
    pub fn push_str(
        &mut self,
        record: u64,
        text: &str,
        out: &mut Vec<FeedEvent>,
    ) -> Result<(), FeedError> {
        let v = parse_record(record, text)?;
        self.push(record, &v, out)
    }

    /// Translates one record (`record` is its 1-based record number) into
    /// `out`. `HEART_BEAT` gives nothing. On error nothing is appended and
    /// nothing changes.
    pub fn push(
        &mut self,
        record: u64,
        rec: &Value,
        out: &mut Vec<FeedEvent>,
    ) -> Result<(), FeedError> {
        if !rec.is_object() {
            return Err(malformed(record, "$", "a record is a JSON object"));
        }
        let kind =
            str_at(rec, "EventType").ok_or_else(|| malformed(record, "EventType", "missing"))?;
        if !matches!(kind, "STATE_CHANGE" | "HEART_BEAT" | "LOGIN" | "LOGOUT") {
            return Err(FeedError::UnknownEvent {
                record,
                event: kind.to_owned(),
            });
        }
        let at = time_at(record, rec, "EventTimestamp", "$")?
            .ok_or_else(|| malformed(record, "EventTimestamp", "missing"))?;
        if kind == "HEART_BEAT" {
            return Ok(());
        }
        let cur = rec.get("CurrentAgentSnapshot").filter(|s| s.is_object());
        let prev = rec.get("PreviousAgentSnapshot").filter(|s| s.is_object());
        let agent = self.agent_of(record, rec, cur, prev)?;
        let key = match str_at(rec, "EventId") {
            Some(id) => format!("{agent}|{id}"),
            None => format!("{agent}|{}|{kind}", at.timestamp_micros()),
        };
        if let Some(prev_out) = self.recent.get(&key) {
            out.extend(prev_out.iter().cloned());
            return Ok(());
        }
        let now = contacts(record, cur, "CurrentAgentSnapshot")?;
        let before = contacts(record, prev, "PreviousAgentSnapshot")?;
        let status = match cur.and_then(|c| c.get("AgentStatus")) {
            Some(s) if s.is_object() => Some(
                str_at(s, "Name")
                    .ok_or_else(|| {
                        malformed(record, "CurrentAgentSnapshot.AgentStatus.Name", "missing")
                    })?
                    .to_owned(),
            ),
            _ => None,
        };
        if kind == "STATE_CHANGE" && cur.is_none() {
            return Err(malformed(
                record,
                "CurrentAgentSnapshot",
                "missing from a STATE_CHANGE",
            ));
        }
        if let Some(s) = self.agents.get(&agent)
            && at < s.last
        {
            return Err(FeedError::OutOfOrder {
                record,
                subject: format!("agent `{agent}`"),
                last: fmt_at(s.last),
                got: fmt_at(at),
            });
        }

        let mut p = Parts {
            agent: agent.clone(),
            me: self.agents.get(&agent).cloned(),
            calls: HashMap::new(),
            ended: HashMap::new(),
            prior_ended: Default::default(),
        };
        let mut w = Work {
            key: key.clone(),
            at,
            // An agent not seen yet puts no bound on the contact's own times.
            lo: p.me.as_ref().map_or(chrono::DateTime::<chrono::Utc>::MIN_UTC, |s| s.last.min(at)),
            out: Vec::new(),
        };
        match kind {
            "LOGIN" => {
                if let Some(s) = status.as_deref().and_then(|n| self.status_of(n)) {
                    p.status(Target::Status(s), &mut w);
                }
            }
            "LOGOUT" => p.status(Target::Out, &mut w),
            _ => {
                let mut ids: Vec<&str> = now.iter().map(|c| c.id.as_str()).collect();
                for c in &before {
                    if !ids.contains(&c.id.as_str()) {
                        ids.push(&c.id);
                    }
                }
                for (i, id) in ids.iter().enumerate() {
                    let cur_c = now.iter().find(|c| c.id == *id);
                    let prev_c = before.iter().find(|c| c.id == *id);
                    p.load(id, self);
                    let field = match now.iter().position(|c| c.id == *id) {
                        Some(k) => format!("CurrentAgentSnapshot.Contacts[{k}]"),
                        None => format!("PreviousAgentSnapshot.Contacts[{i}]"),
                    };
                    p.contact(record, &field, id, prev_c, cur_c, &self.opts, &mut w)?;
                }
                if let Some(name) = status.as_deref() {
                    let target = match self.status_of(name) {
                        None => Target::Out,
                        Some(s) => Target::Status(s),
                    };
                    p.status(target, &mut w);
                }
            }
        }
        // Commit.
        if let Some(me) = p.me {
            self.agents.insert(agent, me);
        }
        for (id, c) in p.calls {
            match c {
                Some(c) => {
                    self.calls.insert(id, c);
                }
                None => {
                    self.calls.remove(&id);
                }
            }
        }
        for (id, e) in p.ended {
            self.ended.insert(id, e);
        }
        self.trim_waiting();
        let made = w.out;
        out.extend(made.iter().cloned());
        self.recent.insert(key, made);
        Ok(())
    }

    fn agent_of(
        &self,
        record: u64,
        rec: &Value,
        cur: Option<&Value>,
        prev: Option<&Value>,
    ) -> Result<String, FeedError> {
        match self.opts.agent_id {
            AgentIdFrom::Arn => {
                let arn = str_at(rec, "AgentARN")
                    .ok_or_else(|| malformed(record, "AgentARN", "missing"))?;
                let id = arn.rsplit('/').next().unwrap_or(arn).trim();
                if id.is_empty() {
                    return Err(malformed(
                        record,
                        "AgentARN",
                        format!("`{arn}` has no agent id after its last `/`"),
                    ));
                }
                Ok(id.to_owned())
            }
            AgentIdFrom::Username => [cur, prev]
                .into_iter()
                .flatten()
                .find_map(|s| s.get("Configuration").and_then(|c| str_at(c, "Username")))
                .map(str::to_owned)
                .ok_or_else(|| {
                    malformed(
                        record,
                        "CurrentAgentSnapshot.Configuration.Username",
                        "missing",
                    )
                }),
        }
    }

    /// Forgets the oldest contacts back in a queue beyond `waiting_memory`.
    fn trim_waiting(&mut self) {
        let waiting = self
            .calls
            .values()
            .filter(|c| c.stage == Stage::Waiting)
            .count();
        if waiting <= self.opts.waiting_memory.max(1) {
            return;
        }
        let mut w: Vec<(Timestamp, String)> = self
            .calls
            .iter()
            .filter(|(_, c)| c.stage == Stage::Waiting)
            .map(|(id, c)| (c.last, id.clone()))
            .collect();
        w.sort();
        for (_, id) in w
            .into_iter()
            .take(waiting - self.opts.waiting_memory.max(1))
        {
            self.calls.remove(&id);
        }
    }
}

fn fmt_at(t: Timestamp) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

/// The touched part of the state while a record is worked on.
struct Parts {
    agent: String,
    me: Option<AgentState>,
    /// Copies of the live contacts touched (`None`: ended or unknown).
    calls: HashMap<String, Option<LiveCall>>,
    /// Contacts ended by this record.
    ended: HashMap<String, EndedCall>,
    /// Contacts that had ended before this record.
    prior_ended: std::collections::HashSet<String>,
}

impl Parts {
    fn load(&mut self, id: &str, t: &ConnectTranslator) {
        if !self.calls.contains_key(id) {
            self.calls.insert(id.to_owned(), t.calls.get(id).cloned());
        }
        if t.ended.get(id).is_some() {
            self.prior_ended.insert(id.to_owned());
        }
    }

    fn me(&mut self, at: Timestamp) -> &mut AgentState {
        self.me.get_or_insert(AgentState {
            last: at,
            known: Known::Unknown,
            on_call: None,
            pending: None,
        })
    }

    fn status(&mut self, target: Target, w: &mut Work) {
        let at = w.at;
        let key = w.key.clone();
        let me = self.me(at);
        me.last = me.last.max(at);
        if me.on_call.is_some() {
            me.pending = Some((key, target));
            return;
        }
        self.apply(target, &key, w);
    }

    fn apply(&mut self, target: Target, key: &str, w: &mut Work) {
        let agent = AgentId::new(&self.agent);
        let at = w.time(None);
        let own = key == w.key;
        let mut k = if own { w.out.len() } else { 0 };
        let mut id = || {
            let i = Some(event_id(SOURCE, key, k));
            k += 1;
            i
        };
        let me = self.me(at);
        let mut evs = Vec::new();
        match target {
            Target::Out => {
                if matches!(me.known, Known::In(_)) {
                    evs.push(AgentEvent::Logout {
                        agent: agent.clone(),
                        at,
                        event_id: id(),
                    });
                }
                me.known = Known::LoggedOut;
            }
            Target::Status(s) => match me.known {
                Known::In(cur) => {
                    if cur != s {
                        evs.push(AgentEvent::SetStatus {
                            agent: agent.clone(),
                            at,
                            event_id: id(),
                            status: s,
                        });
                        me.known = Known::In(s);
                    }
                }
                Known::Unknown | Known::LoggedOut => {
                    evs.push(AgentEvent::Login {
                        agent: agent.clone(),
                        at,
                        event_id: id(),
                        extension: None,
                        status: if s == ChosenStatus::Idle {
                            StartStatus::Idle
                        } else {
                            StartStatus::Busy
                        },
                    });
                    if !matches!(s, ChosenStatus::Idle | ChosenStatus::Busy) {
                        evs.push(AgentEvent::SetStatus {
                            agent: agent.clone(),
                            at,
                            event_id: id(),
                            status: s,
                        });
                    }
                    me.known = Known::In(s);
                }
            },
        }
        w.out.extend(evs.into_iter().map(FeedEvent::Agent));
    }

    /// The agent's part in `call` is over: carry out a held status.
    fn release(&mut self, w: &mut Work) {
        let at = w.at;
        let me = self.me(at);
        me.on_call = None;
        if let Some((key, target)) = me.pending.take() {
            self.apply(target, &key, w);
        }
    }

    /// An agent offered a call is logged in: if no record said so, an
    /// inferred login (idle) comes first.
    /// `t` is the time of the ring that needs the login.
    fn ensure_in(&mut self, w: &mut Work, t: Option<Timestamp>) {
        let at = w.at;
        if self.me(at).known == Known::Unknown || self.me(at).known == Known::LoggedOut {
            let t = w.time(t);
            let id = w.id();
            w.out.push(FeedEvent::Agent(AgentEvent::Login {
                agent: AgentId::new(&self.agent),
                at: t,
                event_id: id,
                extension: None,
                status: StartStatus::Idle,
            }));
            self.me(at).known = Known::In(ChosenStatus::Idle);
        }
    }

    fn push_call(w: &mut Work, e: CallEvent) {
        w.out.push(FeedEvent::Call(e));
    }

    #[allow(clippy::too_many_arguments)]
    fn contact(
        &mut self,
        record: u64,
        field: &str,
        id: &str,
        prev: Option<&Contact>,
        cur: Option<&Contact>,
        opts: &ConnectOptions,
        w: &mut Work,
    ) -> Result<(), FeedError> {
        let me = AgentId::new(&self.agent);
        let state = cur.map(|c| c.state);
        let live = self.calls.get(id).cloned().flatten();
        let was_ended = live.is_none() && self.prior_ended.contains(id);
        let cid = CallId::new(id);
        let Some(mut call) = live else {
            if self.ended.contains_key(id) || was_ended {
                // An ended contact stays in the snapshots while its ACW lasts.
                return match state {
                    None | Some(State::Ended | State::Missed | State::Rejected | State::Error) => {
                        Ok(())
                    }
                    Some(_) => Err(FeedError::CallEnded {
                        record,
                        call: id.to_owned(),
                    }),
                };
            }
            // A contact the translator has not seen.
            let Some(c) = cur.filter(|c| c.state.offering() || c.state.connected()) else {
                return Ok(());
            };
            let ring_at = prev
                .filter(|p| p.state.offering())
                .and_then(|p| p.state_at)
                .or(if c.state.offering() {
                    c.state_at
                } else {
                    c.connected_at.or(c.state_at)
                });
            self.ensure_in(w, ring_at);
            if c.outbound {
                let t = w.time(ring_at);
                let eid = w.id();
                Self::push_call(
                    w,
                    CallEvent::OutboundDialed {
                        call: cid.clone(),
                        at: t,
                        event_id: eid,
                        agent: me.clone(),
                        caller: String::new(),
                        callee: opts.outbound_callee.clone(),
                    },
                );
            } else {
                // The ring's time first (clamped after the agent's last
                // event); the queue entry is the call's own past: at
                // QueueTimestamp, not after the ring, not clamped to the agent.
                let ring = w.time(ring_at);
                if let Some(q) = &c.queue {
                    let t = c.queue_at.map_or(ring, |q| q.min(ring));
                    let eid = w.id();
                    Self::push_call(
                        w,
                        CallEvent::Queued {
                            call: cid.clone(),
                            at: t,
                            event_id: eid,
                            skill_group: SkillGroupId::new(q),
                            hotline: None,
                            caller: Some(String::new()),
                            callee: None,
                        },
                    );
                }
                let eid = w.id();
                Self::push_call(
                    w,
                    CallEvent::Offered {
                        call: cid.clone(),
                        at: ring,
                        event_id: eid,
                        agent: me.clone(),
                        hotline: None,
                        caller: if c.queue.is_some() { None } else { Some(String::new()) },
                        callee: None,
                    },
                );
            }
            let call = LiveCall {
                outbound: c.outbound,
                stage: Stage::Ringing(me.clone()),
                last: w.lo,
            };
            self.me(w.at).on_call = Some(id.to_owned());
            return self.advance(record, field, id, call, c, w);
        };
        // A live contact.
        if call.last > w.at {
            return Err(FeedError::OutOfOrder {
                record,
                subject: format!("call `{id}`"),
                last: fmt_at(call.last),
                got: fmt_at(w.at),
            });
        }
        w.lo = w.lo.max(call.last);
        let mine = match &call.stage {
            Stage::Ringing(a) | Stage::Talking(a) | Stage::Held(a) => *a == me,
            Stage::Waiting => false,
        };
        match (&call.stage, cur) {
            (Stage::Waiting, Some(c)) if c.state.offering() || c.state.connected() => {
                // Offered again (after a miss or a rejection elsewhere).
                self.ensure_in(w, c.state_at);
                let t = w.time(c.state_at);
                let eid = w.id();
                Self::push_call(
                    w,
                    CallEvent::Offered {
                        call: cid,
                        at: t,
                        event_id: eid,
                        agent: me.clone(),
                        hotline: None,
                        caller: None,
                        callee: None,
                    },
                );
                call.stage = Stage::Ringing(me.clone());
                self.me(w.at).on_call = Some(id.to_owned());
                self.advance(record, field, id, call, c, w)
            }
            (Stage::Waiting, _) => Ok(()),
            _ if !mine => {
                if cur.is_some_and(|c| c.state.offering() || c.state.connected()) {
                    let other = match &call.stage {
                        Stage::Ringing(a) | Stage::Talking(a) | Stage::Held(a) => a.to_string(),
                        Stage::Waiting => String::new(),
                    };
                    return Err(malformed(
                        record,
                        format!("{field}.ContactId"),
                        format!("contact `{id}` is with agent `{other}`"),
                    ));
                }
                Ok(())
            }
            (_, Some(c)) => self.advance(record, field, id, call, c, w),
            (_, None) => {
                // Gone from the agent's snapshot without a final state.
                let gone = Contact {
                    id: id.to_owned(),
                    state: match call.stage {
                        Stage::Ringing(_) => State::Missed,
                        _ => State::Ended,
                    },
                    outbound: call.outbound,
                    queue: None,
                    queue_at: None,
                    state_at: None,
                    connected_at: None,
                };
                self.advance(record, field, id, call, &gone, w)
            }
        }
    }

    /// Takes a live contact of this agent from its stage to `c.state`.
    fn advance(
        &mut self,
        _record: u64,
        _field: &str,
        id: &str,
        mut call: LiveCall,
        c: &Contact,
        w: &mut Work,
    ) -> Result<(), FeedError> {
        let me = AgentId::new(&self.agent);
        let cid = CallId::new(id);
        let out_bound = call.outbound;
        loop {
            match (&call.stage, c.state) {
                (Stage::Ringing(_), s) if s.offering() => break,
                (Stage::Ringing(_), s) if s.connected() => {
                    let t = w.time(c.connected_at.or(c.state_at));
                    let eid = w.id();
                    Self::push_call(
                        w,
                        if out_bound {
                            CallEvent::OutboundConnected {
                                call: cid.clone(),
                                at: t,
                                event_id: eid,
                            }
                        } else {
                            CallEvent::Answered {
                                call: cid.clone(),
                                at: t,
                                event_id: eid,
                                agent: me.clone(),
                            }
                        },
                    );
                    call.stage = Stage::Talking(me.clone());
                }
                (Stage::Ringing(_), State::Ended) if !out_bound => {
                    // Ended while ringing: the caller left.
                    let t = w.time(c.state_at);
                    let eid = w.id();
                    Self::push_call(
                        w,
                        CallEvent::CallerHungUp {
                            call: cid.clone(),
                            at: t,
                            event_id: eid,
                        },
                    );
                    {
                        self.ended_now(id, w);
                        return Ok(());
                    }
                }
                (Stage::Ringing(_), _) if out_bound => {
                    // The customer did not pick up (missed, rejected, error, ended).
                    let t = w.time(c.state_at);
                    let eid = w.id();
                    Self::push_call(
                        w,
                        CallEvent::OutboundEnded {
                            call: cid.clone(),
                            at: t,
                            event_id: eid,
                        },
                    );
                    {
                        self.ended_now(id, w);
                        return Ok(());
                    }
                }
                (Stage::Ringing(_), _) => {
                    // MISSED, REJECTED, ERROR: the ring ends; Connect routes
                    // the contact again from its queue.
                    let t = w.time(c.state_at);
                    let eid = w.id();
                    Self::push_call(
                        w,
                        CallEvent::RingEnded {
                            call: cid.clone(),
                            at: t,
                            event_id: eid,
                            agent: Some(me.clone()),
                        },
                    );
                    call.stage = Stage::Waiting;
                    call.last = w.lo;
                    self.calls.insert(id.to_owned(), Some(call));
                    self.release(w);
                    return Ok(());
                }
                (Stage::Talking(_), State::Connected | State::Paused)
                | (Stage::Held(_), State::OnHold) => break,
                (Stage::Talking(_), State::OnHold) => {
                    let t = w.time(c.state_at);
                    let eid = w.id();
                    Self::push_call(
                        w,
                        CallEvent::Held {
                            call: cid.clone(),
                            at: t,
                            event_id: eid,
                        },
                    );
                    call.stage = Stage::Held(me.clone());
                }
                (Stage::Held(_), State::Connected | State::Paused) => {
                    let t = w.time(c.state_at);
                    let eid = w.id();
                    Self::push_call(
                        w,
                        CallEvent::Resumed {
                            call: cid.clone(),
                            at: t,
                            event_id: eid,
                        },
                    );
                    call.stage = Stage::Talking(me.clone());
                }
                (Stage::Talking(_) | Stage::Held(_), _) => {
                    // ENDED (the agent starts ACW), or a connected contact
                    // that went missing / errored: the call ends.
                    let t = w.time(c.state_at);
                    let eid = w.id();
                    Self::push_call(
                        w,
                        if out_bound {
                            CallEvent::OutboundEnded {
                                call: cid.clone(),
                                at: t,
                                event_id: eid,
                            }
                        } else {
                            CallEvent::SystemEnded {
                                call: cid.clone(),
                                at: t,
                                event_id: eid,
                            }
                        },
                    );
                    {
                        self.ended_now(id, w);
                        return Ok(());
                    }
                }
                (Stage::Waiting, _) => break,
            }
        }
        call.last = w.lo;
        self.calls.insert(id.to_owned(), Some(call));
        Ok(())
    }

    fn ended_now(&mut self, id: &str, w: &mut Work) {
        self.calls.insert(id.to_owned(), None);
        self.ended.insert(id.to_owned(), EndedCall);
        self.release(w);
    }
}
