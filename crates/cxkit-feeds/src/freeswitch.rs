//! FreeSWITCH `mod_callcenter`: `callcenter::info` events (FD3).
//!
//! Two readers turn the event socket's output into [`FsEvent`]s — the plain
//! format ([`PlainReader`]: `Header: value` lines, values URL-encoded, a blank
//! line ends an event, as sent after `event plain CUSTOM callcenter::info`)
//! and the JSON format ([`JsonReader`]: one JSON object per event, as sent
//! after `event json …`) — and one translator ([`FreeswitchTranslator`])
//! turns each event into cxkit events, keyed on `CC-Action`. The mapping,
//! the inferences and the id scheme are in `docs/feeds.md` (section
//! "FD3 — FreeSWITCH mod_callcenter").

use crate::{FeedError, FeedEvent, event_id};
use cxkit_agents::{AgentEvent, ChosenStatus, StartStatus};
use cxkit_calls::{CallEvent, ExitReason};
use cxkit_core::{AgentId, CallId, SkillGroupId, Timestamp};
use std::collections::{HashMap, VecDeque};
use std::io::BufRead;

/// The source name in event ids (`freeswitch:<key>#<k>`).
pub const SOURCE: &str = "freeswitch";

/// How many ended calls the translator remembers by default, to report a
/// late record about one of them as [`FeedError::CallEnded`].
pub const DEFAULT_ENDED_MEMORY: usize = 4096;

/// How many recent records the translator remembers by default, so that a
/// record read twice gives the same events (same ids) the second time.
pub const DEFAULT_RECORD_MEMORY: usize = 1024;

/// One FreeSWITCH event: its headers in order, values decoded.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FsEvent {
    headers: Vec<(String, String)>,
}

impl FsEvent {
    /// An event from `(name, value)` pairs (values already decoded).
    pub fn from_pairs<I, K, V>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        FsEvent {
            headers: pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        }
    }

    /// The first value of a header (names compare exactly, as FreeSWITCH
    /// writes them).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every header, in order.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    fn nonempty(&self, name: &str) -> Option<&str> {
        self.get(name).map(str::trim).filter(|v| !v.is_empty())
    }
}

fn malformed(record: u64, field: &str, message: impl Into<String>) -> FeedError {
    FeedError::Malformed {
        record,
        field: field.to_owned(),
        message: message.into(),
    }
}

/// Decodes FreeSWITCH's URL encoding of a header value (`%20` → space;
/// `+` stays `+`, as `switch_url_encode` never writes it for a space).
pub fn url_decode(record: u64, field: &str, value: &str) -> Result<String, FeedError> {
    if !value.contains('%') {
        return Ok(value.to_owned());
    }
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok());
            match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                Some(b) => {
                    out.push(b);
                    i += 3;
                }
                None => {
                    return Err(malformed(
                        record,
                        field,
                        format!(
                            "bad URL encoding at byte {i} of `{value}` (`%` must be followed by two hex digits)"
                        ),
                    ));
                }
            }
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out)
        .map_err(|_| malformed(record, field, format!("`{value}` does not decode to UTF-8")))
}

/// Parses one plain-format frame (its lines, without the blank line that
/// ends it). `record` is the line number of its first line. Returns `None`
/// for an event-socket envelope or reply (`Content-Type:` and no
/// `Event-Name:`), which is not an event.
pub fn parse_plain_frame<'a>(
    record: u64,
    lines: impl IntoIterator<Item = &'a str>,
) -> Result<Option<FsEvent>, FeedError> {
    let mut headers = Vec::new();
    for (n, line) in lines.into_iter().enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let Some((name, value)) = line.split_once(':') else {
            return Err(malformed(
                record + n as u64,
                "header",
                format!("line `{line}` is not `Header: value`"),
            ));
        };
        let name = name.trim();
        if name.is_empty() {
            return Err(malformed(
                record + n as u64,
                "header",
                format!("line `{line}` has no header name"),
            ));
        }
        let value = value.strip_prefix(' ').unwrap_or(value).trim_end();
        headers.push((name.to_owned(), url_decode(record + n as u64, name, value)?));
    }
    let ev = FsEvent { headers };
    if ev.get("Event-Name").is_none() && ev.get("Content-Type").is_some() {
        return Ok(None);
    }
    Ok(Some(ev))
}

/// Reads plain-format events from a stream: frames of `Header: value` lines
/// ended by a blank line; each event's record number is the line number of
/// its first header. Event-socket envelopes (`Content-Length`/`Content-Type`
/// frames) and command replies are skipped, and so are lines starting with
/// `#` (comments, as in the fixtures; FreeSWITCH never writes one) and the
/// body of an event that has one (its own `Content-Length` bytes after its
/// blank line, as a `BACKGROUND_JOB` carries).
pub struct PlainReader<R> {
    input: R,
    line_no: u64,
    done: bool,
    buf: String,
    /// Bytes of an event body still to pass over.
    body: usize,
}

impl<R: BufRead> PlainReader<R> {
    /// A reader over `input`.
    pub fn new(input: R) -> Self {
        PlainReader {
            input,
            line_no: 0,
            done: false,
            buf: String::new(),
            body: 0,
        }
    }
}

/// Reads plain-format events from a string (see [`PlainReader`]).
pub fn read_plain(text: &str) -> PlainReader<&[u8]> {
    PlainReader::new(text.as_bytes())
}

impl<R: BufRead> Iterator for PlainReader<R> {
    type Item = Result<(u64, FsEvent), FeedError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let mut frame: Vec<String> = Vec::new();
            let mut first = 0;
            loop {
                self.buf.clear();
                match self.input.read_line(&mut self.buf) {
                    Ok(0) => {
                        self.done = true;
                        break;
                    }
                    Ok(_) => {}
                    Err(e) => {
                        self.done = true;
                        return Some(Err(malformed(
                            self.line_no + 1,
                            "line",
                            format!("cannot read: {e}"),
                        )));
                    }
                }
                self.line_no += 1;
                if self.body > 0 {
                    // The body of the previous event (BACKGROUND_JOB, API…):
                    // not headers.
                    self.body = self.body.saturating_sub(self.buf.len());
                    continue;
                }
                let line = self.buf.trim_end_matches(['\n', '\r']);
                if line.starts_with('#') {
                    // A comment line (fixtures' headers); FreeSWITCH never writes one.
                    continue;
                }
                if line.trim().is_empty() {
                    if frame.is_empty() {
                        continue;
                    }
                    break;
                }
                if frame.is_empty() {
                    first = self.line_no;
                }
                frame.push(line.to_owned());
            }
            if frame.is_empty() {
                continue;
            }
            match parse_plain_frame(first, frame.iter().map(String::as_str)) {
                Ok(Some(ev)) => {
                    // An event with a body says its length in its own
                    // Content-Length; the body follows the blank line.
                    self.body = ev.get("Content-Length").and_then(|n| n.trim().parse().ok()).unwrap_or(0);
                    return Some(Ok((first, ev)));
                }
                Ok(None) => continue,
                Err(e) => return Some(Err(e)),
            }
        }
        None
    }
}

/// The two event-socket formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FsFormat {
    /// `event plain …`: `Header: value` lines.
    Plain,
    /// `event json …`: one JSON object per event.
    Json,
}

/// Which format a capture is in: JSON when its first line that is not
/// blank, a `#` comment or an envelope header (`Content-…:`) starts with
/// `{`; plain otherwise.
pub fn sniff(text: &str) -> FsFormat {
    let first = text.lines().map(str::trim).find(|l| {
        !l.is_empty() && !l.starts_with('#') && !l.starts_with("Content-Length:") && !l.starts_with("Content-Type:")
    });
    match first {
        Some(l) if l.starts_with('{') => FsFormat::Json,
        _ => FsFormat::Plain,
    }
}

/// Reads a capture in either format (see [`sniff`]).
pub fn read_any(text: &str) -> Box<dyn Iterator<Item = Result<(u64, FsEvent), FeedError>> + '_> {
    match sniff(text) {
        FsFormat::Plain => Box::new(read_plain(text)),
        FsFormat::Json => Box::new(read_json(text)),
    }
}

/// Parses one JSON-format event (an object of header → value; FreeSWITCH
/// writes every value as a string, a repeated header as an array).
pub fn parse_json_event(record: u64, text: &str) -> Result<FsEvent, FeedError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| malformed(record, "$", format!("not JSON: {e}")))?;
    let serde_json::Value::Object(map) = value else {
        return Err(malformed(record, "$", "an event is a JSON object"));
    };
    let headers = map
        .into_iter()
        .map(|(k, v)| {
            let v = match v {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            };
            (k, v)
        })
        .collect();
    Ok(FsEvent { headers })
}

/// Reads JSON-format events from a stream: one object per line (an object
/// may span lines: lines are joined until it parses); blank lines, `#`
/// comment lines and event-socket envelope lines (`Content-Length: …`,
/// `Content-Type: …`) are skipped. The record number is the line number
/// where the object starts.
pub struct JsonReader<R> {
    inner: JsonTexts<R>,
}

impl<R: BufRead> JsonReader<R> {
    /// A reader over `input`.
    pub fn new(input: R) -> Self {
        JsonReader {
            inner: JsonTexts::new(input, &["Content-Length:", "Content-Type:"]),
        }
    }
}

/// Reads JSON-format events from a string (see [`JsonReader`]).
pub fn read_json(text: &str) -> JsonReader<&[u8]> {
    JsonReader::new(text.as_bytes())
}

impl<R: BufRead> Iterator for JsonReader<R> {
    type Item = Result<(u64, FsEvent), FeedError>;

    fn next(&mut self) -> Option<Self::Item> {
        let (first, text) = match self.inner.next()? {
            Ok(x) => x,
            Err(e) => return Some(Err(e)),
        };
        Some(parse_json_event(first, &text).map(|ev| (first, ev)))
    }
}

/// The texts of JSON values in a stream, one per line or spanning lines
/// (joined until they parse), with the line number where each starts;
/// blank lines, `#` comments and lines starting with one of `skip` are
/// passed over.
pub(crate) struct JsonTexts<R> {
    input: R,
    line_no: u64,
    done: bool,
    skip: &'static [&'static str],
}

impl<R: BufRead> JsonTexts<R> {
    pub(crate) fn new(input: R, skip: &'static [&'static str]) -> Self {
        JsonTexts {
            input,
            line_no: 0,
            done: false,
            skip,
        }
    }

    fn line(&mut self) -> Option<Result<String, FeedError>> {
        let mut buf = String::new();
        match self.input.read_line(&mut buf) {
            Ok(0) => None,
            Ok(_) => {
                self.line_no += 1;
                Some(Ok(buf))
            }
            Err(e) => Some(Err(malformed(
                self.line_no + 1,
                "line",
                format!("cannot read: {e}"),
            ))),
        }
    }
}

impl<R: BufRead> Iterator for JsonTexts<R> {
    type Item = Result<(u64, String), FeedError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        loop {
            let line = match self.line()? {
                Ok(l) => l,
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            };
            let t = line.trim();
            if t.is_empty() || t.starts_with('#') || self.skip.iter().any(|p| t.starts_with(p)) {
                continue;
            }
            let first = self.line_no;
            let mut text = line;
            loop {
                match serde_json::from_str::<serde::de::IgnoredAny>(&text) {
                    Err(e) if e.is_eof() => match self.line() {
                        Some(Ok(more)) => text.push_str(&more),
                        Some(Err(e)) => {
                            self.done = true;
                            return Some(Err(e));
                        }
                        None => {
                            self.done = true;
                            return Some(Err(malformed(
                                first,
                                "$",
                                format!("the value is not closed: {e}"),
                            )));
                        }
                    },
                    _ => return Some(Ok((first, text))),
                }
            }
        }
    }
}

/// A map that keeps at most `cap` entries, forgetting the oldest first.
#[derive(Debug, Clone)]
pub(crate) struct Bounded<V> {
    map: HashMap<String, V>,
    order: VecDeque<String>,
    cap: usize,
}

impl<V> Bounded<V> {
    pub(crate) fn new(cap: usize) -> Self {
        Bounded {
            map: HashMap::new(),
            order: VecDeque::new(),
            cap: cap.max(1),
        }
    }

    pub(crate) fn get(&self, k: &str) -> Option<&V> {
        self.map.get(k)
    }

    pub(crate) fn get_mut(&mut self, k: &str) -> Option<&mut V> {
        self.map.get_mut(k)
    }

    pub(crate) fn insert(&mut self, k: String, v: V) {
        if self.map.insert(k.clone(), v).is_none() {
            self.order.push_back(k);
            while self.order.len() > self.cap {
                if let Some(old) = self.order.pop_front() {
                    self.map.remove(&old);
                }
            }
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.map.len()
    }
}

/// An agent's availability as the translator last said it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Known {
    /// No status event seen yet.
    Unknown,
    LoggedOut,
    In(ChosenStatus),
}

/// What an agent status or state record asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// `agent-status-change` Logged Out.
    Out,
    /// `agent-status-change` Available / Available (On Demand) / On Break.
    Status(ChosenStatus),
    /// `agent-state-change` Idle: no queue calls until `Waiting`.
    IdleState,
    /// `agent-state-change` Waiting.
    WaitingState,
}

#[derive(Debug, Clone)]
struct AgentState {
    last: Timestamp,
    known: Known,
    /// The call the agent rings for or talks on, as far as the feed said.
    on_call: Option<String>,
    /// A status record that came while the agent was on a call: carried out
    /// when the agent's part in the call ends (key of the record, target).
    pending: Option<(String, Target)>,
    /// The agent is busy because of `agent-state-change` Idle.
    idle_hold: bool,
}

#[derive(Debug, Clone)]
struct LiveCall {
    last: Timestamp,
    ringing: Vec<AgentId>,
    /// Agents whose ring was withdrawn because another answered.
    withdrawn: Vec<AgentId>,
    agent: Option<AgentId>,
    /// The call was queued (rings go back to a queue; a queue exit is valid).
    queued: bool,
}

#[derive(Debug, Clone)]
struct EndedCall {
    /// Agents ringing when the call ended, or whose ring an answer
    /// withdrew: their `bridge-agent-fail` may follow.
    ringing: Vec<AgentId>,
    /// The agent talking when the call ended.
    agent: Option<AgentId>,
    /// The call ended on `bridge-agent-end` (`member-queue-end` Terminated
    /// still to come) or the other way round.
    partner: Option<&'static str>,
}

/// Who ended a connected call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ender {
    Caller,
    System,
}

/// The translator from `callcenter::info` events to cxkit events.
///
/// Pure and streaming: [`FreeswitchTranslator::push`] takes one event and
/// its record number and appends what it means; on error it appends nothing
/// and changes nothing. It holds the live calls, the agents it has seen, a
/// bounded memory of ended calls and a bounded memory of recent records.
#[derive(Debug, Clone)]
pub struct FreeswitchTranslator {
    calls: HashMap<String, LiveCall>,
    agents: HashMap<String, AgentState>,
    ended: Bounded<EndedCall>,
    recent: Bounded<Vec<FeedEvent>>,
}

impl Default for FreeswitchTranslator {
    fn default() -> Self {
        Self::new()
    }
}

/// The work on one record: events are staged here and the state changes are
/// applied to a copy of the touched entries, committed only on success.
struct Work<'a> {
    key: &'a str,
    at: Timestamp,
    out: Vec<FeedEvent>,
}

impl Work<'_> {
    fn id(&self) -> Option<String> {
        Some(event_id(SOURCE, self.key, self.out.len()))
    }

    fn call(&mut self, e: CallEvent) {
        self.out.push(FeedEvent::Call(e));
    }

    fn agent(&mut self, e: AgentEvent) {
        self.out.push(FeedEvent::Agent(e));
    }
}

impl FreeswitchTranslator {
    /// A translator with the default memories.
    pub fn new() -> Self {
        Self::with_memory(DEFAULT_ENDED_MEMORY, DEFAULT_RECORD_MEMORY)
    }

    /// A translator remembering `ended` ended calls and `records` recent
    /// records (each at least 1).
    pub fn with_memory(ended: usize, records: usize) -> Self {
        FreeswitchTranslator {
            calls: HashMap::new(),
            agents: HashMap::new(),
            ended: Bounded::new(ended),
            recent: Bounded::new(records),
        }
    }

    /// How many calls are live (queued, ringing or talking).
    pub fn live_calls(&self) -> usize {
        self.calls.len()
    }

    /// How many ended calls are remembered (at most the `ended` memory).
    pub fn remembered_ended(&self) -> usize {
        self.ended.len()
    }

    /// Translates one event (`record` is its 1-based record number, as the
    /// reader counts) into `out`. Events that are not `callcenter::info`,
    /// and the `CC-Action`s listed as ignored in `docs/feeds.md`, give
    /// nothing. On error nothing is appended and nothing changes.
    pub fn push(
        &mut self,
        record: u64,
        ev: &FsEvent,
        out: &mut Vec<FeedEvent>,
    ) -> Result<(), FeedError> {
        let Some(name) = ev.get("Event-Name") else {
            return Err(malformed(
                record,
                "Event-Name",
                "the event has no `Event-Name`",
            ));
        };
        if name != "CUSTOM" || ev.get("Event-Subclass").map(str::trim) != Some("callcenter::info") {
            return Ok(());
        }
        let Some(action) = ev.nonempty("CC-Action") else {
            return Err(malformed(
                record,
                "CC-Action",
                "a callcenter::info event has no `CC-Action`",
            ));
        };
        let handled = matches!(
            action,
            "agent-status-change"
                | "agent-state-change"
                | "agent-offering"
                | "bridge-agent-start"
                | "bridge-agent-end"
                | "bridge-agent-fail"
                | "member-queue-start"
                | "member-queue-resume"
                | "member-queue-end"
        );
        if matches!(action, "members-count" | "agent-max-no-answer") {
            return Ok(());
        }
        if !handled {
            return Err(FeedError::UnknownEvent {
                record,
                event: action.to_owned(),
            });
        }
        let at = event_time(record, ev)?;
        let call = match action {
            "agent-status-change" | "agent-state-change" => None,
            _ => Some(call_id(record, ev)?),
        };
        let agent = match action {
            "member-queue-start" | "member-queue-resume" | "member-queue-end" => {
                ev.nonempty("CC-Agent")
            }
            _ => Some(
                ev.nonempty("CC-Agent")
                    .ok_or_else(|| malformed(record, "CC-Agent", "missing"))?,
            ),
        };
        let key = record_key(ev, action, call.unwrap_or(""), agent.unwrap_or(""));
        if let Some(prev) = self.recent.get(&key) {
            out.extend(prev.iter().cloned());
            return Ok(());
        }
        let mut next = self.clone_parts(call, agent);
        let mut w = Work {
            key: &key,
            at,
            out: Vec::new(),
        };
        match action {
            "agent-status-change" => next.status_change(record, ev, agent.unwrap_or(""), &mut w)?,
            "agent-state-change" => next.state_change(record, ev, agent.unwrap_or(""), &mut w)?,
            "member-queue-start" | "member-queue-resume" => {
                next.queue_start(record, ev, call.unwrap_or(""), &mut w)?
            }
            "agent-offering" => {
                next.offering(record, ev, call.unwrap_or(""), agent.unwrap_or(""), &mut w)?
            }
            "bridge-agent-start" => {
                next.bridge_start(record, ev, call.unwrap_or(""), agent.unwrap_or(""), &mut w)?
            }
            "bridge-agent-fail" => {
                next.bridge_fail(record, call.unwrap_or(""), agent.unwrap_or(""), &mut w)?
            }
            "bridge-agent-end" => {
                next.bridge_end(record, ev, call.unwrap_or(""), agent.unwrap_or(""), &mut w)?
            }
            _ => next.queue_end(record, ev, call.unwrap_or(""), &mut w)?,
        }
        self.commit(next);
        let made = w.out;
        out.extend(made.iter().cloned());
        self.recent.insert(key, made);
        Ok(())
    }

    /// Copies of the entries a record may touch: the call, its agents and
    /// the record's agent.
    fn clone_parts(&self, call: Option<&str>, agent: Option<&str>) -> Parts {
        let mut p = Parts {
            call: None,
            call_id: call.map(str::to_owned),
            ended: None,
            was_ended: call.and_then(|c| self.ended.get(c)).cloned(),
            agents: HashMap::new(),
        };
        if let Some(c) = call {
            p.call = self.calls.get(c).cloned();
            p.ended = p.was_ended.clone();
            let mut names: Vec<String> = Vec::new();
            if let Some(lc) = &p.call {
                names.extend(lc.ringing.iter().map(|a| a.to_string()));
                names.extend(lc.agent.iter().map(|a| a.to_string()));
            }
            for n in names {
                if let Some(s) = self.agents.get(&n) {
                    p.agents.insert(n, Some(s.clone()));
                }
            }
        }
        if let Some(a) = agent {
            p.agents.insert(a.to_owned(), self.agents.get(a).cloned());
        }
        p
    }

    fn commit(&mut self, p: Parts) {
        if let Some(c) = p.call_id {
            match p.call {
                Some(lc) => {
                    self.calls.insert(c.clone(), lc);
                }
                None => {
                    self.calls.remove(&c);
                }
            }
            match (p.ended, p.was_ended.is_some()) {
                (Some(e), true) => {
                    if let Some(slot) = self.ended.get_mut(&c) {
                        *slot = e;
                    }
                }
                (Some(e), false) => self.ended.insert(c, e),
                _ => {}
            }
        }
        for (name, s) in p.agents {
            if let Some(s) = s {
                self.agents.insert(name, s);
            }
        }
    }
}

/// The touched part of the translator's state, changed freely while a
/// record is worked on and written back only if it succeeds.
struct Parts {
    call_id: Option<String>,
    call: Option<LiveCall>,
    was_ended: Option<EndedCall>,
    ended: Option<EndedCall>,
    agents: HashMap<String, Option<AgentState>>,
}

fn event_time(record: u64, ev: &FsEvent) -> Result<Timestamp, FeedError> {
    const F: &str = "Event-Date-Timestamp";
    let Some(raw) = ev.nonempty(F) else {
        return Err(malformed(
            record,
            F,
            "missing (microseconds since the epoch)",
        ));
    };
    let micros: i64 = raw.parse().map_err(|_| {
        malformed(
            record,
            F,
            format!("`{raw}` is not a number of microseconds since the epoch"),
        )
    })?;
    let at = chrono::DateTime::from_timestamp_micros(micros)
        .ok_or_else(|| malformed(record, F, format!("`{raw}` is out of range")))?;
    cxkit_core::time::check_supported(at).map_err(|m| malformed(record, F, m))
}

/// The call id: `CC-Member-Session-UUID` (the caller's channel), or
/// `CC-Member-UUID` when an old module leaves the session out.
fn call_id(record: u64, ev: &FsEvent) -> Result<&str, FeedError> {
    ev.nonempty("CC-Member-Session-UUID")
        .or_else(|| ev.nonempty("CC-Member-UUID"))
        .ok_or_else(|| {
            malformed(
                record,
                "CC-Member-Session-UUID",
                "missing (and no `CC-Member-UUID`)",
            )
        })
}

/// The key that identifies a record in event ids:
/// `Event-Date-Timestamp|CC-Action|call|agent`, plus `|Event-Sequence`
/// when the event has one.
fn record_key(ev: &FsEvent, action: &str, call: &str, agent: &str) -> String {
    let ts = ev.nonempty("Event-Date-Timestamp").unwrap_or("");
    match ev.nonempty("Event-Sequence") {
        Some(seq) => format!("{ts}|{action}|{call}|{agent}|{seq}"),
        None => format!("{ts}|{action}|{call}|{agent}"),
    }
}

fn fmt_at(t: Timestamp) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

fn parse_status(record: u64, ev: &FsEvent) -> Result<Target, FeedError> {
    const F: &str = "CC-Agent-Status";
    let raw = ev
        .nonempty(F)
        .ok_or_else(|| malformed(record, F, "missing"))?;
    Ok(match raw {
        "Logged Out" => Target::Out,
        "Available" | "Available (On Demand)" => Target::Status(ChosenStatus::Idle),
        "On Break" => Target::Status(ChosenStatus::Break),
        other => {
            return Err(malformed(
                record,
                F,
                format!(
                    "unknown status `{other}`; expected Logged Out, Available, Available (On Demand) or On Break"
                ),
            ));
        }
    })
}

impl Parts {
    fn agent_mut(&mut self, name: &str, at: Timestamp) -> &mut AgentState {
        let slot = self.agents.entry(name.to_owned()).or_insert(None);
        slot.get_or_insert_with(|| AgentState {
            last: at,
            known: Known::Unknown,
            on_call: None,
            pending: None,
            idle_hold: false,
        })
    }

    fn check_agent_order(&self, record: u64, name: &str, at: Timestamp) -> Result<(), FeedError> {
        if let Some(Some(s)) = self.agents.get(name)
            && at < s.last
        {
            return Err(FeedError::OutOfOrder {
                record,
                subject: format!("agent `{name}`"),
                last: fmt_at(s.last),
                got: fmt_at(at),
            });
        }
        Ok(())
    }

    fn check_call_order(&self, record: u64, call: &str, at: Timestamp) -> Result<(), FeedError> {
        if let Some(c) = &self.call
            && at < c.last
        {
            return Err(FeedError::OutOfOrder {
                record,
                subject: format!("call `{call}`"),
                last: fmt_at(c.last),
                got: fmt_at(at),
            });
        }
        Ok(())
    }

    /// Applies a status target for `name` now, emitting what it needs.
    fn apply_target(&mut self, name: &str, target: Target, key: &str, w: &mut Work<'_>) {
        let agent = AgentId::new(name);
        let st = self.agent_mut(name, w.at);
        // A held status carried out now is clamped after the agent's last
        // event (threads of the switch may stamp events out of order).
        let at = w.at.max(st.last);
        let known = st.known;
        let mut emitted: Vec<AgentEvent> = Vec::new();
        let id = |k: usize| Some(event_id(SOURCE, key, k));
        let base = w.out.len();
        let mut k = if key == w.key { base } else { 0 };
        let mut next_id = || {
            let i = id(k);
            k += 1;
            i
        };
        match target {
            Target::Out => {
                if matches!(known, Known::In(_)) {
                    emitted.push(AgentEvent::Logout {
                        agent: agent.clone(),
                        at,
                        event_id: next_id(),
                    });
                }
                st.known = Known::LoggedOut;
                st.idle_hold = false;
            }
            Target::Status(s) => match known {
                Known::Unknown | Known::LoggedOut => {
                    let start = if s == ChosenStatus::Idle {
                        StartStatus::Idle
                    } else {
                        StartStatus::Busy
                    };
                    emitted.push(AgentEvent::Login {
                        agent: agent.clone(),
                        at,
                        event_id: next_id(),
                        extension: None,
                        status: start,
                    });
                    if !matches!(s, ChosenStatus::Idle | ChosenStatus::Busy) {
                        emitted.push(AgentEvent::SetStatus {
                            agent: agent.clone(),
                            at,
                            event_id: next_id(),
                            status: s,
                        });
                    }
                    st.known = Known::In(s);
                    st.idle_hold = false;
                }
                Known::In(cur) => {
                    if cur != s {
                        emitted.push(AgentEvent::SetStatus {
                            agent: agent.clone(),
                            at,
                            event_id: next_id(),
                            status: s,
                        });
                        st.known = Known::In(s);
                    }
                    st.idle_hold = false;
                }
            },
            Target::IdleState => {
                if known == Known::In(ChosenStatus::Idle) {
                    emitted.push(AgentEvent::SetStatus {
                        agent: agent.clone(),
                        at,
                        event_id: next_id(),
                        status: ChosenStatus::Busy,
                    });
                    st.known = Known::In(ChosenStatus::Busy);
                    st.idle_hold = true;
                }
            }
            Target::WaitingState => {
                if st.idle_hold && known == Known::In(ChosenStatus::Busy) {
                    emitted.push(AgentEvent::SetStatus {
                        agent: agent.clone(),
                        at,
                        event_id: next_id(),
                        status: ChosenStatus::Idle,
                    });
                    st.known = Known::In(ChosenStatus::Idle);
                }
                st.idle_hold = false;
            }
        }
        st.last = at;
        for e in emitted {
            w.agent(e);
        }
    }

    /// A status or state record: carried out now, or held while the agent
    /// is on a call.
    fn status_record(
        &mut self,
        record: u64,
        name: &str,
        target: Target,
        w: &mut Work<'_>,
    ) -> Result<(), FeedError> {
        self.check_agent_order(record, name, w.at)?;
        let key = w.key.to_owned();
        let at = w.at;
        let st = self.agent_mut(name, at);
        if st.on_call.is_some() {
            st.pending = Some((key, target));
            st.last = at;
            return Ok(());
        }
        self.apply_target(name, target, &key, w);
        Ok(())
    }

    /// The agent's part in the call is over: forget the call and carry out
    /// a held status record (at this record's time, its own ids).
    fn release(&mut self, name: &str, w: &mut Work<'_>) {
        let at = w.at;
        let st = self.agent_mut(name, at);
        st.on_call = None;
        st.last = st.last.max(at);
        if let Some((key, target)) = st.pending.take() {
            self.apply_target(name, target, &key, w);
        }
    }

    /// Emits an inferred login (idle) for an agent no status record named:
    /// `mod_callcenter` offers calls only to available agents.
    fn ensure_known(&mut self, name: &str, w: &mut Work<'_>) {
        let at = w.at;
        let st = self.agent_mut(name, at);
        if st.known == Known::Unknown {
            st.known = Known::In(ChosenStatus::Idle);
            let id = w.id();
            w.agent(AgentEvent::Login {
                agent: AgentId::new(name),
                at,
                event_id: id,
                extension: None,
                status: StartStatus::Idle,
            });
        }
    }

    fn status_change(
        &mut self,
        record: u64,
        ev: &FsEvent,
        name: &str,
        w: &mut Work<'_>,
    ) -> Result<(), FeedError> {
        let target = parse_status(record, ev)?;
        self.status_record(record, name, target, w)
    }

    fn state_change(
        &mut self,
        record: u64,
        ev: &FsEvent,
        name: &str,
        w: &mut Work<'_>,
    ) -> Result<(), FeedError> {
        const F: &str = "CC-Agent-State";
        let raw = ev
            .nonempty(F)
            .ok_or_else(|| malformed(record, F, "missing"))?;
        match raw {
            "Idle" => self.status_record(record, name, Target::IdleState, w),
            "Waiting" => self.status_record(record, name, Target::WaitingState, w),
            // Said by agent-offering / bridge-agent-start (see docs/feeds.md).
            "Receiving" | "In a queue call" | "Reserved" => Ok(()),
            other => Err(malformed(
                record,
                F,
                format!(
                    "unknown state `{other}`; expected Waiting, Receiving, In a queue call, Idle or Reserved"
                ),
            )),
        }
    }

    fn ended_error(&self, record: u64, call: &str) -> FeedError {
        FeedError::CallEnded {
            record,
            call: call.to_owned(),
        }
    }

    fn queue_start(
        &mut self,
        record: u64,
        ev: &FsEvent,
        call: &str,
        w: &mut Work<'_>,
    ) -> Result<(), FeedError> {
        let queue = ev
            .nonempty("CC-Queue")
            .ok_or_else(|| malformed(record, "CC-Queue", "missing"))?;
        if self.was_ended.is_some() {
            return Err(self.ended_error(record, call));
        }
        self.check_call_order(record, call, w.at)?;
        let id = w.id();
        let at = w.at;
        match &mut self.call {
            Some(c) => {
                c.last = at;
                c.queued = true;
                w.call(CallEvent::Queued {
                    call: CallId::new(call),
                    at,
                    event_id: id,
                    skill_group: SkillGroupId::new(queue),
                    hotline: None,
                    caller: None,
                    callee: None,
                });
            }
            None => {
                self.call = Some(LiveCall {
                    last: at,
                    ringing: Vec::new(),
                    withdrawn: Vec::new(),
                    agent: None,
                    queued: true,
                });
                w.call(CallEvent::Queued {
                    call: CallId::new(call),
                    at,
                    event_id: id,
                    skill_group: SkillGroupId::new(queue),
                    hotline: None,
                    caller: Some(
                        ev.get("CC-Member-CID-Number")
                            .unwrap_or("")
                            .trim()
                            .to_owned(),
                    ),
                    callee: ev.nonempty("Caller-Destination-Number").map(str::to_owned),
                });
            }
        }
        Ok(())
    }

    /// `call.offered` for `agent` (starting the call if it is new).
    fn offer(&mut self, ev: &FsEvent, call: &str, agent: &str, w: &mut Work<'_>) {
        self.ensure_known(agent, w);
        let at = w.at;
        let caller = || ev.get("CC-Member-CID-Number").unwrap_or("").trim().to_owned();
        let callee = || ev.nonempty("Caller-Destination-Number").map(str::to_owned);
        let mut starts = self.call.is_none();
        if starts && let Some(q) = ev.nonempty("CC-Queue") {
            // Inferred: the call waited in CC-Queue (its member-queue-start
            // was not seen); it enters it at this instant.
            let id = w.id();
            w.call(CallEvent::Queued {
                call: CallId::new(call),
                at,
                event_id: id,
                skill_group: SkillGroupId::new(q),
                hotline: None,
                caller: Some(caller()),
                callee: callee(),
            });
            self.call = Some(LiveCall {
                last: at,
                ringing: Vec::new(),
                withdrawn: Vec::new(),
                agent: None,
                queued: true,
            });
            starts = false;
        }
        let id = w.id();
        let c = self.call.get_or_insert_with(|| LiveCall {
            last: at,
            ringing: Vec::new(),
            withdrawn: Vec::new(),
            agent: None,
            queued: false,
        });
        c.last = at;
        let a = AgentId::new(agent);
        c.withdrawn.retain(|x| x != &a);
        c.ringing.push(a.clone());
        w.call(CallEvent::Offered {
            call: CallId::new(call),
            at,
            event_id: id,
            agent: a,
            hotline: None,
            caller: starts.then(caller),
            callee: if starts { callee() } else { None },
        });
        let st = self.agent_mut(agent, at);
        st.on_call = Some(call.to_owned());
        st.last = at;
    }

    fn offering(
        &mut self,
        record: u64,
        ev: &FsEvent,
        call: &str,
        agent: &str,
        w: &mut Work<'_>,
    ) -> Result<(), FeedError> {
        if self.was_ended.is_some() {
            return Err(self.ended_error(record, call));
        }
        self.check_call_order(record, call, w.at)?;
        self.check_agent_order(record, agent, w.at)?;
        if let Some(c) = &self.call
            && c.ringing.iter().any(|a| a.as_str() == agent)
        {
            return Err(malformed(
                record,
                "CC-Agent",
                format!("call `{call}` is already ringing at `{agent}`"),
            ));
        }
        self.offer(ev, call, agent, w);
        Ok(())
    }

    fn bridge_start(
        &mut self,
        record: u64,
        ev: &FsEvent,
        call: &str,
        agent: &str,
        w: &mut Work<'_>,
    ) -> Result<(), FeedError> {
        if self.was_ended.is_some() {
            return Err(self.ended_error(record, call));
        }
        self.check_call_order(record, call, w.at)?;
        self.check_agent_order(record, agent, w.at)?;
        if let Some(c) = &self.call
            && let Some(cur) = &c.agent
        {
            return Err(malformed(
                record,
                "CC-Agent",
                format!("call `{call}` is already connected to `{cur}`"),
            ));
        }
        let ringing = self
            .call
            .as_ref()
            .is_some_and(|c| c.ringing.iter().any(|a| a.as_str() == agent));
        if !ringing {
            // Inferred: the ring this answer ends (agent-offering missed).
            self.offer(ev, call, agent, w);
        }
        let at = w.at;
        let id = w.id();
        let a = AgentId::new(agent);
        let mut others = Vec::new();
        if let Some(c) = &mut self.call {
            others = c.ringing.iter().filter(|x| **x != a).cloned().collect();
            c.withdrawn.extend(others.iter().cloned());
            c.ringing.clear();
            c.agent = Some(a.clone());
            c.last = at;
        }
        w.call(CallEvent::Answered {
            call: CallId::new(call),
            at,
            event_id: id,
            agent: a,
        });
        let st = self.agent_mut(agent, at);
        st.last = at;
        for o in others {
            self.release(o.as_str(), w);
        }
        Ok(())
    }

    fn bridge_fail(
        &mut self,
        record: u64,
        call: &str,
        agent: &str,
        w: &mut Work<'_>,
    ) -> Result<(), FeedError> {
        let a = AgentId::new(agent);
        if let Some(e) = &mut self.ended {
            // The rings withdrawn when the call ended fail afterwards.
            if let Some(k) = e.ringing.iter().position(|x| *x == a) {
                e.ringing.remove(k);
                return Ok(());
            }
            return Err(self.ended_error(record, call));
        }
        let Some(c) = &self.call else {
            // A call the feed never saw start: nothing to end.
            return Ok(());
        };
        if !c.ringing.contains(&a) {
            // Withdrawn by another agent's answer (ring-all), or never rang.
            if let Some(c) = &mut self.call {
                c.withdrawn.retain(|x| *x != a);
            }
            return Ok(());
        }
        self.check_call_order(record, call, w.at)?;
        self.check_agent_order(record, agent, w.at)?;
        let at = w.at;
        let id = w.id();
        if let Some(c) = &mut self.call {
            c.ringing.retain(|x| *x != a);
            c.last = at;
        }
        w.call(CallEvent::RingEnded {
            call: CallId::new(call),
            at,
            event_id: id,
            agent: Some(a),
        });
        self.release(agent, w);
        Ok(())
    }

    /// Ends the live call with `ev` at the work's time; `partner` is the
    /// record still expected for it.
    fn end_call(
        &mut self,
        call: &str,
        e: CallEvent,
        partner: Option<&'static str>,
        w: &mut Work<'_>,
    ) {
        let Some(c) = self.call.take() else {
            return;
        };
        w.call(e);
        for a in c.ringing.iter().chain(c.agent.iter()) {
            let still = self
                .agents
                .get(a.as_str())
                .and_then(|s| s.as_ref())
                .is_some_and(|s| s.on_call.as_deref() == Some(call));
            if still {
                self.release(a.as_str(), w);
            }
        }
        // The rings still open and those withdrawn by an answer: their
        // bridge-agent-fail may come after the end.
        let mut ringing = c.ringing.clone();
        ringing.extend(c.withdrawn.iter().cloned());
        self.ended = Some(EndedCall {
            ringing,
            agent: c.agent.clone(),
            partner,
        });
    }

    fn ender(ev: &FsEvent, call: &str, default_channel_is_member: bool) -> Ender {
        if ev.get("CC-Agent-Bridged").map(str::trim) == Some("false") {
            return Ender::Caller;
        }
        let Some(disp) = ev.nonempty("variable_sip_hangup_disposition") else {
            return Ender::System;
        };
        let member_channel = match ev.nonempty("Unique-ID") {
            Some(u) => u == call,
            None => default_channel_is_member,
        };
        let received = disp.starts_with("recv_");
        let sent = disp.starts_with("send_");
        match (member_channel, received, sent) {
            (true, true, _) | (false, _, true) => Ender::Caller,
            _ => Ender::System,
        }
    }

    fn end_event(call: &str, at: Timestamp, id: Option<String>, who: Ender) -> CallEvent {
        match who {
            Ender::Caller => CallEvent::CallerHungUp {
                call: CallId::new(call),
                at,
                event_id: id,
            },
            Ender::System => CallEvent::SystemEnded {
                call: CallId::new(call),
                at,
                event_id: id,
            },
        }
    }

    fn bridge_end(
        &mut self,
        record: u64,
        ev: &FsEvent,
        call: &str,
        agent: &str,
        w: &mut Work<'_>,
    ) -> Result<(), FeedError> {
        let a = AgentId::new(agent);
        if let Some(e) = &mut self.ended {
            if e.partner == Some("bridge-agent-end") && e.agent.as_ref() == Some(&a) {
                e.partner = None;
                return Ok(());
            }
            return Err(self.ended_error(record, call));
        }
        let connected = self
            .call
            .as_ref()
            .is_some_and(|c| c.agent.as_ref() == Some(&a));
        if !connected {
            // Not connected in the feed (a call never seen start, or an
            // agent that did not answer): nothing to end.
            return Ok(());
        }
        self.check_call_order(record, call, w.at)?;
        self.check_agent_order(record, agent, w.at)?;
        let id = w.id();
        let e = Self::end_event(call, w.at, id, Self::ender(ev, call, false));
        self.end_call(call, e, Some("member-queue-end"), w);
        Ok(())
    }

    fn queue_end(
        &mut self,
        record: u64,
        ev: &FsEvent,
        call: &str,
        w: &mut Work<'_>,
    ) -> Result<(), FeedError> {
        const F: &str = "CC-Cause";
        let cause = ev
            .nonempty(F)
            .ok_or_else(|| malformed(record, F, "missing (Terminated or Cancel)"))?;
        let terminated = match cause {
            "Terminated" => true,
            "Cancel" => false,
            other => {
                return Err(malformed(
                    record,
                    F,
                    format!("unknown cause `{other}`; expected Terminated or Cancel"),
                ));
            }
        };
        let reason = if terminated {
            None
        } else {
            let raw = ev
                .nonempty("CC-Cancel-Reason")
                .or_else(|| ev.nonempty("CC-Cause-Reason"))
                .ok_or_else(|| {
                    malformed(record, "CC-Cancel-Reason", "missing for CC-Cause Cancel")
                })?;
            Some(match raw {
                "TIMEOUT" | "NO_AGENT_TIMEOUT" | "EXIT_WITH_KEY" | "BREAK_OUT" | "NONE" => raw,
                other => {
                    return Err(malformed(
                        record,
                        "CC-Cancel-Reason",
                        format!(
                            "unknown reason `{other}`; expected NONE, TIMEOUT, NO_AGENT_TIMEOUT, BREAK_OUT or EXIT_WITH_KEY"
                        ),
                    ));
                }
            })
        };
        if let Some(e) = &mut self.ended {
            if terminated && e.partner == Some("member-queue-end") {
                e.partner = None;
                return Ok(());
            }
            return Err(self.ended_error(record, call));
        }
        let Some(c) = &self.call else {
            // A call the feed never saw start.
            return Ok(());
        };
        let talking = c.agent.clone();
        let queued = c.queued;
        self.check_call_order(record, call, w.at)?;
        let at = w.at;
        let id = w.id();
        let cid = CallId::new(call);
        let e = match (reason, &talking) {
            (None, Some(_)) => {
                let e = Self::end_event(call, at, id, Self::ender(ev, call, true));
                self.end_call(call, e, Some("bridge-agent-end"), w);
                return Ok(());
            }
            // Terminated for a call the feed never saw connected.
            (None, None) => CallEvent::SystemEnded {
                call: cid,
                at,
                event_id: id,
            },
            (Some(_), Some(a)) => {
                return Err(malformed(
                    record,
                    F,
                    format!("Cancel for call `{call}`, which is connected to `{a}`"),
                ));
            }
            // A call never seen in a queue (no CC-Queue anywhere) cannot
            // leave one: the wait ended, by the caller or by the switch.
            (Some("BREAK_OUT" | "NONE"), None) if !queued => CallEvent::CallerHungUp {
                call: cid,
                at,
                event_id: id,
            },
            (Some(_), None) if !queued => CallEvent::SystemEnded {
                call: cid,
                at,
                event_id: id,
            },
            (Some("TIMEOUT"), None) => CallEvent::QueueTimeout {
                call: cid,
                at,
                event_id: id,
            },
            (Some("NO_AGENT_TIMEOUT"), None) => CallEvent::QueueLeft {
                call: cid,
                at,
                event_id: id,
                reason: ExitReason::NoAgents,
                destination: None,
            },
            (Some("EXIT_WITH_KEY"), None) => CallEvent::QueueLeft {
                call: cid,
                at,
                event_id: id,
                reason: ExitReason::Key,
                destination: None,
            },
            (Some("BREAK_OUT"), None) if ev.nonempty("variable_cc_exit_key").is_some() => {
                CallEvent::QueueLeft {
                    call: cid,
                    at,
                    event_id: id,
                    reason: ExitReason::Key,
                    destination: None,
                }
            }
            (Some(_), None) => CallEvent::CallerHungUp {
                call: cid,
                at,
                event_id: id,
            },
        };
        self.end_call(call, e, None, w);
        Ok(())
    }
}
