//! Asterisk `queue_log` (FD3): pipe-delimited file lines
//! `epoch|callid|queuename|agent|event|data1|data2…` and rows of the
//! realtime `queue_log` table (`time`, `callid`, `queuename`, `agent`,
//! `event`, `data` or `data1`..`data5`), translated to cxkit events.
//!
//! The translator is pure and streaming: it holds the live calls (forgotten
//! when they end), the agents it has seen, and the ids of the last
//! [`DEFAULT_ENDED_CAPACITY`] ended calls (a later record for one is
//! [`FeedError::CallEnded`]); queue exits are held 2 s for an overflow to
//! another queue (call [`QueueLogTranslator::finish`] at the end of the
//! input). The field layouts by Asterisk version, the
//! table from every event to what it becomes, and the inferences (queue_log
//! logs no ring start) are in `docs/feeds.md`, section "FD3 — Asterisk
//! queue_log".
//!
//! ```
//! use cxkit_feeds::queue_log::QueueLogTranslator;
//! let mut t = QueueLogTranslator::new(cxkit_core::Tz::America__Los_Angeles);
//! let mut out = Vec::new();
//! t.translate_line(1, "1546015415|1546015415.757927|201|NONE|ENTERQUEUE||+13238679471|1", &mut out).unwrap();
//! t.translate_line(2, "1546015425|1546015415.757927|201|Paty Marin|CONNECT|10|1546015415.757936|9", &mut out).unwrap();
//! // call.queued; login (first time the member is named); call.offered 9 s before; call.answered
//! assert_eq!(out.len(), 4);
//! ```

use crate::state::{Checked, Emit, End, MAX_DURATION, RecordId, State, before, fnv, supported};
use crate::{FeedError, FeedEvent, Source};
use chrono::{DateTime, NaiveDateTime, TimeDelta, TimeZone, Utc};
use cxkit_agents::ChosenStatus;
use cxkit_calls::ExitReason;
use cxkit_core::{Timestamp, Tz};
use std::io::BufRead;

pub use crate::state::{DEFAULT_LIVE_CAPACITY, pause_status};

/// How many ended call ids a translator keeps by default, to report a late
/// record for one of them as [`FeedError::CallEnded`].
pub const DEFAULT_ENDED_CAPACITY: usize = 10_000;

/// The most data fields a record may have (Asterisk writes at most 6:
/// `ATTENDEDTRANSFER|LINK|chan1|chan2|holdtime|calltime|origposition`).
pub const MAX_DATA_FIELDS: usize = 10;

/// One row of the realtime `queue_log` table, filled by the caller from its
/// database. `data` holds `data1`..`data5` in order (trailing empty columns
/// may be left in or out), or the one `data` column of Asterisk 1.4/1.6
/// realtime (its `|`s are split like a file line's: see
/// [`QueueLogRow::with_data_column`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueueLogRow {
    /// `time`: an epoch (`1546015415`, fractions allowed), a text datetime in
    /// the translator's zone (`2012-07-03 15:27:23.896208`), or a datetime
    /// with an offset (`2012-07-03 15:27:23+00`, RFC 3339).
    pub time: String,
    /// `callid`: the caller channel's uniqueid, or `NONE`.
    pub callid: String,
    /// `queuename`, or `NONE`.
    pub queuename: String,
    /// `agent`: the member name as Asterisk logs it, or `NONE`.
    pub agent: String,
    /// `event`.
    pub event: String,
    /// `data1`..`data5` (each may itself hold `|`).
    pub data: Vec<String>,
}

impl QueueLogRow {
    /// A row of the old one-`data`-column table: `data` is split at `|`.
    pub fn with_data_column(
        time: impl Into<String>,
        callid: impl Into<String>,
        queuename: impl Into<String>,
        agent: impl Into<String>,
        event: impl Into<String>,
        data: &str,
    ) -> Self {
        QueueLogRow {
            time: time.into(),
            callid: callid.into(),
            queuename: queuename.into(),
            agent: agent.into(),
            event: event.into(),
            data: if data.is_empty() {
                Vec::new()
            } else {
                vec![data.to_owned()]
            },
        }
    }
}

/// The non-blank lines of a queue_log text with their 1-based line numbers
/// (blank lines are skipped but counted; a trailing `\r` is removed).
pub fn lines(input: &str) -> impl Iterator<Item = (u64, &str)> {
    input
        .split('\n')
        .enumerate()
        .map(|(i, l)| (i as u64 + 1, l.strip_suffix('\r').unwrap_or(l)))
        .filter(|(_, l)| !l.trim().is_empty())
}

/// Reads queue_log lines from a `BufRead` (a file, a pipe, a tail): each
/// item is `(line number, line)` for a non-blank line, or the I/O error.
pub struct LineReader<R> {
    inner: R,
    line: u64,
    buf: String,
}

impl<R: BufRead> LineReader<R> {
    /// A reader over `inner`, numbering lines from 1.
    pub fn new(inner: R) -> Self {
        LineReader {
            inner,
            line: 0,
            buf: String::new(),
        }
    }
}

impl<R: BufRead> Iterator for LineReader<R> {
    type Item = std::io::Result<(u64, String)>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            self.buf.clear();
            match self.inner.read_line(&mut self.buf) {
                Ok(0) => return None,
                Ok(_) => {
                    self.line += 1;
                    let l = self.buf.trim_end_matches(['\n', '\r']);
                    if !l.trim().is_empty() {
                        return Some(Ok((self.line, l.to_owned())));
                    }
                }
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

/// The queue_log events, as Asterisk spells them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Did,
    EnterQueue,
    RingNoAnswer,
    RingCanceled,
    Connect,
    CompleteCaller,
    CompleteAgent,
    Abandon,
    ExitWithKey,
    ExitWithTimeout,
    ExitEmpty,
    Transfer,
    BlindTransfer,
    AttendedTransfer,
    AgentDump,
    SysCompat,
    AddMember,
    RemoveMember,
    Pause,
    Unpause,
    PauseAll,
    UnpauseAll,
    AgentLogin,
    AgentCallbackLogin,
    AgentLogoff,
    AgentCallbackLogoff,
    Ignored,
}

/// Every event the translator knows, with its kind (the ignored ones are
/// listed in `docs/feeds.md` with the reason).
const EVENTS: &[(&str, Kind)] = &[
    ("DID", Kind::Did),
    ("ENTERQUEUE", Kind::EnterQueue),
    ("RINGNOANSWER", Kind::RingNoAnswer),
    ("RINGCANCELED", Kind::RingCanceled),
    ("CONNECT", Kind::Connect),
    ("COMPLETECALLER", Kind::CompleteCaller),
    ("COMPLETEAGENT", Kind::CompleteAgent),
    ("ABANDON", Kind::Abandon),
    ("EXITWITHKEY", Kind::ExitWithKey),
    ("EXITWITHTIMEOUT", Kind::ExitWithTimeout),
    ("EXITEMPTY", Kind::ExitEmpty),
    ("TRANSFER", Kind::Transfer),
    ("BLINDTRANSFER", Kind::BlindTransfer),
    ("ATTENDEDTRANSFER", Kind::AttendedTransfer),
    ("AGENTDUMP", Kind::AgentDump),
    ("SYSCOMPAT", Kind::SysCompat),
    ("ADDMEMBER", Kind::AddMember),
    ("REMOVEMEMBER", Kind::RemoveMember),
    ("PAUSE", Kind::Pause),
    ("UNPAUSE", Kind::Unpause),
    ("PAUSEALL", Kind::PauseAll),
    ("UNPAUSEALL", Kind::UnpauseAll),
    ("AGENTLOGIN", Kind::AgentLogin),
    ("AGENTCALLBACKLOGIN", Kind::AgentCallbackLogin),
    ("AGENTLOGOFF", Kind::AgentLogoff),
    ("AGENTCALLBACKLOGOFF", Kind::AgentCallbackLogoff),
    ("CONFIGRELOAD", Kind::Ignored),
    ("QUEUESTART", Kind::Ignored),
    ("PENALTY", Kind::Ignored),
];

/// The names of every event the translator accepts (the ignored ones too).
pub fn known_events() -> impl Iterator<Item = &'static str> {
    EVENTS.iter().map(|(n, _)| *n)
}

fn kind_of(event: &str) -> Option<Kind> {
    use Kind as K;
    Some(match event {
        "DID" => K::Did,
        "ENTERQUEUE" => K::EnterQueue,
        "RINGNOANSWER" => K::RingNoAnswer,
        "RINGCANCELED" => K::RingCanceled,
        "CONNECT" => K::Connect,
        "COMPLETECALLER" => K::CompleteCaller,
        "COMPLETEAGENT" => K::CompleteAgent,
        "ABANDON" => K::Abandon,
        "EXITWITHKEY" => K::ExitWithKey,
        "EXITWITHTIMEOUT" => K::ExitWithTimeout,
        "EXITEMPTY" => K::ExitEmpty,
        "TRANSFER" => K::Transfer,
        "BLINDTRANSFER" => K::BlindTransfer,
        "ATTENDEDTRANSFER" => K::AttendedTransfer,
        "AGENTDUMP" => K::AgentDump,
        "SYSCOMPAT" => K::SysCompat,
        "ADDMEMBER" => K::AddMember,
        "REMOVEMEMBER" => K::RemoveMember,
        "PAUSE" => K::Pause,
        "UNPAUSE" => K::Unpause,
        "PAUSEALL" => K::PauseAll,
        "UNPAUSEALL" => K::UnpauseAll,
        "AGENTLOGIN" => K::AgentLogin,
        "AGENTCALLBACKLOGIN" => K::AgentCallbackLogin,
        "AGENTLOGOFF" => K::AgentLogoff,
        "AGENTCALLBACKLOGOFF" => K::AgentCallbackLogoff,
        "CONFIGRELOAD" | "QUEUESTART" | "PENALTY" => K::Ignored,
        _ => return None,
    })
}

/// One record, borrowed from a line or a row.
struct Rec<'a> {
    record: u64,
    key: &'a str,
    time: &'a str,
    row: bool,
    callid: &'a str,
    queue: &'a str,
    agent: &'a str,
    event: &'a str,
    data: [&'a str; MAX_DATA_FIELDS],
    n: usize,
}

impl<'a> Rec<'a> {
    fn d(&self, i: usize) -> Option<&'a str> {
        (i < self.n).then(|| self.data[i])
    }
}

fn bad(record: u64, field: impl Into<String>, message: impl Into<String>) -> FeedError {
    FeedError::Malformed {
        record,
        field: field.into(),
        message: message.into(),
    }
}

const DATA_NAMES: [&str; MAX_DATA_FIELDS] = [
    "data1", "data2", "data3", "data4", "data5", "data6", "data7", "data8", "data9", "data10",
];

/// What a record says, parsed and checked before anything changes.
enum Act<'a> {
    Nothing,
    Did(&'a str),
    Enter {
        caller: &'a str,
    },
    /// A ring that ended unanswered (`ms` of ring before `t`): RINGNOANSWER,
    /// AGENTDUMP and SYSCOMPAT (no ring time: 0).
    RingMissed {
        ms: i64,
    },
    RingCanceled {
        ms: i64,
    },
    Connect {
        hold: Option<i64>,
        ring: Option<i64>,
    },
    /// A call end: how, and what the line says of its past.
    End {
        how: End,
        wait: Option<i64>,
        talk: Option<(i64, i64)>,
    },
    AddMember,
    RemoveMember,
    Pause(ChosenStatus),
    Login,
    Logoff,
}

/// The Asterisk queue_log translator. See the module docs.
pub struct QueueLogTranslator {
    zone: Tz,
    state: State,
}

/// The `|`-separated fields of `text`, as `text.split('|')` gives them
/// (an empty text is one empty field, a trailing `|` ends with an empty
/// one), found byte by byte: `|` is ASCII, so every cut is at a character
/// boundary, and the char searcher's one-byte compare per match is saved
/// (the replay's hottest loop, #13).
fn bar_fields(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let s = rest?;
        match s.bytes().position(|b| b == b'|') {
            Some(i) => {
                rest = s.get(i + 1..);
                s.get(..i)
            }
            None => {
                rest = None;
                Some(s)
            }
        }
    })
}

impl QueueLogTranslator {
    /// A translator; `zone` is the PBX's zone, used for a database row whose
    /// `time` is a text datetime without offset (file epochs are UTC).
    pub fn new(zone: Tz) -> Self {
        Self::with_ended_capacity(zone, DEFAULT_ENDED_CAPACITY)
    }

    /// A translator keeping at most `cap` ended call ids (at least 1).
    pub fn with_ended_capacity(zone: Tz, cap: usize) -> Self {
        QueueLogTranslator {
            zone,
            state: State::new(cap),
        }
    }

    /// The same translator keeping at most `cap` live calls (at least 1;
    /// default [`DEFAULT_LIVE_CAPACITY`]): past it, the call first seen
    /// longest ago is forgotten and its id treated as ended.
    pub fn with_live_capacity(mut self, cap: usize) -> Self {
        self.state.set_live_cap(cap);
        self
    }

    /// How many calls are live (started or announced by a DID, not ended).
    pub fn live_calls(&self) -> usize {
        self.state.calls.len()
    }

    /// Translates one file line (`record` is its 1-based line number).
    /// On error nothing is pushed and nothing changes.
    pub fn translate_line(
        &mut self,
        record: u64,
        line: &str,
        out: &mut Vec<FeedEvent>,
    ) -> Result<(), FeedError> {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut it = bar_fields(line);
        let names = ["epoch", "callid", "queuename", "agent", "event"];
        let mut head = [""; 5];
        for (i, slot) in head.iter_mut().enumerate() {
            *slot = it.next().ok_or_else(|| {
                bad(
                    record,
                    names[i],
                    format!(
                        "the line has {i} field(s); a queue_log line has at least 5 (epoch|callid|queuename|agent|event)"
                    ),
                )
            })?;
        }
        let mut data = [""; MAX_DATA_FIELDS];
        let mut n = 0;
        for f in it {
            if n == MAX_DATA_FIELDS {
                return Err(bad(
                    record,
                    "data11",
                    format!(
                        "more than {MAX_DATA_FIELDS} data fields; no queue_log event has so many"
                    ),
                ));
            }
            data[n] = f;
            n += 1;
        }
        let rec = Rec {
            record,
            key: line,
            time: head[0],
            row: false,
            callid: head[1],
            queue: head[2],
            agent: head[3],
            event: head[4],
            data,
            n,
        };
        self.translate(&rec, out)
    }

    /// Translates one database row (`record`: its 1-based index in the
    /// caller's result set). On error nothing is pushed and nothing changes.
    pub fn translate_row(
        &mut self,
        record: u64,
        row: &QueueLogRow,
        out: &mut Vec<FeedEvent>,
    ) -> Result<(), FeedError> {
        let mut data = [""; MAX_DATA_FIELDS];
        let mut n = 0;
        for col in &row.data {
            for f in bar_fields(col) {
                if n == MAX_DATA_FIELDS {
                    return Err(bad(
                        record,
                        "data",
                        format!("more than {MAX_DATA_FIELDS} data fields"),
                    ));
                }
                data[n] = f;
                n += 1;
            }
        }
        while n > 0 && data[n - 1].is_empty() {
            n -= 1;
        }
        let mut key = format!(
            "{}|{}|{}|{}|{}",
            row.time, row.callid, row.queuename, row.agent, row.event
        );
        for d in &data[..n] {
            key.push('|');
            key.push_str(d);
        }
        let rec = Rec {
            record,
            key: &key,
            time: &row.time,
            row: true,
            callid: &row.callid,
            queue: &row.queuename,
            agent: &row.agent,
            event: &row.event,
            data,
            n,
        };
        self.translate(&rec, out)
    }

    /// Translates a whole text (then [`QueueLogTranslator::finish`]): the
    /// events, and the errors of the lines that were skipped (each names
    /// its line).
    pub fn translate_str(&mut self, input: &str) -> (Vec<FeedEvent>, Vec<FeedError>) {
        let mut out = Vec::new();
        let mut errors = Vec::new();
        for (n, l) in lines(input) {
            if let Err(e) = self.translate_line(n, l, &mut out) {
                errors.push(e);
            }
        }
        self.finish(&mut out);
        (out, errors)
    }

    /// A queue exit (EXITWITHTIMEOUT, EXITEMPTY, EXITWITHKEY) is held until
    /// a record 2 s later shows the call did not enter another queue (an
    /// overflow by dialplan); its events are then pushed before that
    /// record's. At the end of the input, `finish` pushes the exits still
    /// held.
    pub fn finish(&mut self, out: &mut Vec<FeedEvent>) {
        self.state.flush_exits(None, None, out);
    }

    /// Pushes the exits held since before `now` − 2 s (for a tail that sees
    /// no new line for a while: `now` is the wall clock).
    pub fn flush_before(&mut self, now: Timestamp, out: &mut Vec<FeedEvent>) {
        self.state.flush_exits(Some(now), None, out);
    }

    fn parse_time(&self, rec: &Rec<'_>) -> Result<Timestamp, FeedError> {
        let field = if rec.row { "time" } else { "epoch" };
        let t = self.parse_time_any(rec, field)?;
        supported(t).map_err(|m| bad(rec.record, field, m))
    }

    fn parse_time_any(&self, rec: &Rec<'_>, field: &str) -> Result<Timestamp, FeedError> {
        let s = rec.time.trim();
        if let Ok(secs) = s.parse::<i64>() {
            return DateTime::from_timestamp(secs, 0)
                .ok_or_else(|| bad(rec.record, field, format!("epoch `{s}` is out of range")));
        }
        if !rec.row {
            return Err(bad(
                rec.record,
                field,
                format!("`{s}` is not a Unix epoch (whole seconds)"),
            ));
        }
        if let Ok(f) = s.parse::<f64>()
            && f.is_finite()
        {
            let micros = (f * 1e6).round() as i64;
            return DateTime::from_timestamp_micros(micros)
                .ok_or_else(|| bad(rec.record, field, format!("epoch `{s}` is out of range")));
        }
        if let Ok(t) = DateTime::parse_from_rfc3339(s) {
            return Ok(t.with_timezone(&Utc));
        }
        for f in ["%Y-%m-%d %H:%M:%S%.f%#z", "%Y-%m-%dT%H:%M:%S%.f%#z"] {
            if let Ok(t) = DateTime::parse_from_str(s, f) {
                return Ok(t.with_timezone(&Utc));
            }
        }
        for f in ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f"] {
            if let Ok(naive) = NaiveDateTime::parse_from_str(s, f) {
                return self
                    .zone
                    .from_local_datetime(&naive)
                    .earliest()
                    .map(|t| t.with_timezone(&Utc))
                    .ok_or_else(|| {
                        bad(
                            rec.record,
                            field,
                            format!(
                                "`{s}` does not exist in {} (a clock change skips it)",
                                self.zone
                            ),
                        )
                    });
            }
        }
        Err(bad(
            rec.record,
            field,
            format!("`{s}` is neither an epoch nor a datetime like `2012-07-03 15:27:23.896208`"),
        ))
    }

    fn num(rec: &Rec<'_>, i: usize, what: &str) -> Result<Option<i64>, FeedError> {
        match rec.d(i).map(str::trim) {
            None | Some("") => Ok(None),
            Some(s) => s
                .parse::<i64>()
                .ok()
                .filter(|v| (0..=MAX_DURATION).contains(v))
                .map(Some)
                .ok_or_else(|| {
                    bad(
                        rec.record,
                        DATA_NAMES[i],
                        format!("{what} `{s}` is not a whole number from 0 to {MAX_DURATION}"),
                    )
                }),
        }
    }

    fn need(rec: &Rec<'_>, i: usize, what: &str) -> Result<i64, FeedError> {
        Self::num(rec, i, what)?.ok_or_else(|| {
            bad(
                rec.record,
                DATA_NAMES[i],
                format!("{} needs {what} in {}", rec.event, DATA_NAMES[i]),
            )
        })
    }

    /// Parses what the record says (no state is read or changed).
    fn act<'a>(rec: &Rec<'a>, kind: Kind) -> Result<Act<'a>, FeedError> {
        use Kind as K;
        Ok(match kind {
            K::Ignored => Act::Nothing,
            K::Did => Act::Did(rec.d(0).unwrap_or("")),
            K::EnterQueue => Act::Enter {
                caller: rec.d(1).unwrap_or(""),
            },
            K::RingNoAnswer => Act::RingMissed {
                ms: Self::num(rec, 0, "ring time (ms)")?.unwrap_or(0),
            },
            K::AgentDump | K::SysCompat => Act::RingMissed { ms: 0 },
            K::RingCanceled => Act::RingCanceled {
                ms: Self::num(rec, 0, "ring time (ms)")?.unwrap_or(0),
            },
            K::Connect => Act::Connect {
                hold: Some(Self::need(rec, 0, "the hold time (s)")?),
                ring: Self::num(rec, 2, "the ring time (s)")?,
            },
            K::CompleteCaller | K::CompleteAgent => Act::End {
                how: if kind == K::CompleteCaller {
                    End::CallerHungUp
                } else {
                    End::SystemEnded
                },
                wait: None,
                talk: Some((
                    Self::need(rec, 0, "the hold time (s)")?,
                    Self::need(rec, 1, "the call time (s)")?,
                )),
            },
            K::Abandon => Act::End {
                how: End::CallerHungUp,
                wait: Self::num(rec, 2, "the wait time (s)")?,
                talk: None,
            },
            K::ExitWithKey => {
                let key = rec.d(0).filter(|k| !k.is_empty()).ok_or_else(|| {
                    bad(
                        rec.record,
                        "data1",
                        "EXITWITHKEY needs the key pressed in data1",
                    )
                })?;
                Act::End {
                    how: End::Left(ExitReason::Key, Some(key.to_owned())),
                    wait: Self::num(rec, 3, "the wait time (s)")?,
                    talk: None,
                }
            }
            K::ExitWithTimeout => Act::End {
                how: End::Timeout,
                wait: Self::num(rec, 2, "the wait time (s)")?,
                talk: None,
            },
            K::ExitEmpty => Act::End {
                how: End::Left(ExitReason::NoAgents, None),
                wait: Self::num(rec, 2, "the wait time (s)")?,
                talk: None,
            },
            K::Transfer | K::BlindTransfer => {
                let exten = rec.d(0).unwrap_or("");
                if exten.is_empty() {
                    return Err(bad(
                        rec.record,
                        "data1",
                        format!("{} needs the extension in data1", rec.event),
                    ));
                }
                let dest = match rec.d(1) {
                    Some(c) if !c.is_empty() => format!("{exten}@{c}"),
                    _ => exten.to_owned(),
                };
                Act::End {
                    how: End::Transfer(dest),
                    wait: None,
                    talk: Some((
                        Self::need(rec, 2, "the hold time (s)")?,
                        Self::need(rec, 3, "the call time (s)")?,
                    )),
                }
            }
            K::AttendedTransfer => {
                // BRIDGE|id|hold|call|pos, APP|app|hold|call|pos, LINK|ch1|ch2|hold|call|pos
                if rec.n < 5 {
                    return Err(bad(
                        rec.record,
                        DATA_NAMES[rec.n.min(MAX_DATA_FIELDS - 1)],
                        "ATTENDEDTRANSFER needs kind|target…|holdtime|calltime|origposition (at least 5 data fields)",
                    ));
                }
                let h = rec.n - 3;
                let dest = rec.data[..h].join("|");
                Act::End {
                    how: End::Transfer(dest),
                    wait: None,
                    talk: Some((
                        Self::need(rec, h, "the hold time (s)")?,
                        Self::need(rec, h + 1, "the call time (s)")?,
                    )),
                }
            }
            K::AddMember => Act::AddMember,
            K::RemoveMember => Act::RemoveMember,
            K::Pause | K::PauseAll => Act::Pause(pause_status(rec.d(0).unwrap_or(""))),
            K::Unpause | K::UnpauseAll => Act::Pause(ChosenStatus::Idle),
            K::AgentLogin | K::AgentCallbackLogin => Act::Login,
            K::AgentLogoff | K::AgentCallbackLogoff => Act::Logoff,
        })
    }

    fn translate(&mut self, rec: &Rec<'_>, out: &mut Vec<FeedEvent>) -> Result<(), FeedError> {
        let kind = kind_of(rec.event).ok_or_else(|| FeedError::UnknownEvent {
            record: rec.record,
            event: rec.event.to_owned(),
        })?;
        let t = self.parse_time(rec)?;
        let act = Self::act(rec, kind)?;
        if matches!(act, Act::Nothing) {
            return Ok(());
        }
        let agent = match rec.agent {
            "" | "NONE" => None,
            a => Some(a),
        };
        let is_call = matches!(
            act,
            Act::Did(_)
                | Act::Enter { .. }
                | Act::RingMissed { .. }
                | Act::RingCanceled { .. }
                | Act::Connect { .. }
                | Act::End { .. }
        );
        let needs_agent = !matches!(act, Act::Did(_) | Act::Enter { .. } | Act::End { .. });
        if needs_agent && agent.is_none() {
            return Err(bad(
                rec.record,
                "agent",
                format!("{} names no member (agent is `{}`)", rec.event, rec.agent),
            ));
        }
        if is_call && matches!(rec.callid, "" | "NONE") {
            return Err(bad(
                rec.record,
                "callid",
                format!("{} is about a call but names none", rec.event),
            ));
        }
        let call = is_call.then_some(rec.callid);
        let hash = fnv(rec.key);
        if let Checked::Repeat(evs) = self.state.check(rec.record, call, agent, t, hash)? {
            out.extend(evs.iter().cloned());
            return Ok(());
        }
        if let (Act::Enter { .. }, Some(a)) = (&act, self.state.connected(rec.callid)) {
            return Err(bad(
                rec.record,
                "event",
                format!(
                    "ENTERQUEUE for call `{}`, which is talking with `{a}`",
                    rec.callid
                ),
            ));
        }
        // A call end that must rebuild the answer needs the member.
        if let Act::End { talk: Some(_), .. } = act
            && agent.is_none()
            && self.state.connected(rec.callid).is_none()
        {
            return Err(bad(
                rec.record,
                "agent",
                format!(
                    "{} for a call with no connected member names no member",
                    rec.event
                ),
            ));
        }
        // Everything is checked: emit and commit (nothing below fails).
        if is_call && self.state.has_exit(rec.callid) && !matches!(act, Act::Enter { .. }) {
            // The call left its queue (its end is held for an overflow):
            // anything but a new ENTERQUEUE is for an ended call.
            return Err(FeedError::CallEnded {
                record: rec.record,
                call: rec.callid.to_owned(),
            });
        }
        let id = RecordId {
            source: Source::AsteriskQueueLog,
            t,
            key: rec.key,
            hash,
            call,
            agent,
        };
        self.state.record(id, out, |st, em| {
            if is_call {
                call_record(st, rec, t, agent, act, em);
            } else if let Some(a) = agent {
                agent_record(st, rec, t, a, act, em);
            }
        });
        Ok(())
    }
}

fn call_record(
    st: &mut State,
    rec: &Rec<'_>,
    t: Timestamp,
    agent: Option<&str>,
    act: Act<'_>,
    em: &mut Emit<'_, '_>,
) {
    let secs = TimeDelta::seconds;
    let (call, queue) = (rec.callid, rec.queue);
    let a = agent.unwrap_or_default();
    match act {
        Act::Did(did) => st.note_hotline(call, did),
        Act::Enter { caller } => {
            // A second ENTERQUEUE (another `Queue()` in the dialplan, also
            // right after an exit: an overflow) moves the call.
            st.cancel_exit(call);
            let requeue = st.started(call);
            st.queue(call, queue, t, Some(caller), requeue, em);
        }
        Act::RingMissed { ms } => {
            let from = before(t, TimeDelta::milliseconds(ms));
            st.queue(call, queue, from, None, false, em);
            st.ring_missed(call, a, from, t, em);
        }
        // Never a miss: before the answer the ring is shown, and withdrawn
        // by the answer or the end that follows (FD2); after it, nothing.
        Act::RingCanceled { ms } if st.connected(call).is_none() && !st.rings(call, a) => {
            let from = before(t, TimeDelta::milliseconds(ms));
            st.queue(call, queue, from, None, false, em);
            st.offer(call, a, from, em);
        }
        Act::Connect { hold, ring } => {
            st.queue(
                call,
                queue,
                before(t, secs(hold.unwrap_or(0))),
                None,
                false,
                em,
            );
            st.answer(call, a, before(t, secs(ring.unwrap_or(0))), t, em);
        }
        Act::End { how, wait, talk } => {
            if let (None, Some((hold, calltime))) = (st.connected(call), talk) {
                // The CONNECT is missing: rebuild it from the line.
                let ans = before(t, secs(calltime));
                st.queue(call, queue, before(ans, secs(hold)), None, false, em);
                st.answer(call, a, ans, ans, em);
            } else {
                st.queue(
                    call,
                    queue,
                    before(t, secs(wait.unwrap_or(0))),
                    None,
                    false,
                    em,
                );
            }
            match how {
                // A queue exit may be an overflow to another queue: held.
                End::Timeout | End::Left(..) => {
                    st.defer_exit(call, t, how, Source::AsteriskQueueLog, rec.key)
                }
                how => st.end(call, t, how, em),
            }
        }
        _ => {}
    }
}

fn agent_record(
    st: &mut State,
    rec: &Rec<'_>,
    t: Timestamp,
    a: &str,
    act: Act<'_>,
    em: &mut Emit<'_, '_>,
) {
    match act {
        Act::AddMember => st.add_member(a, rec.queue, t, em),
        Act::RemoveMember => st.remove_member(a, rec.queue, t, em),
        Act::Login => st.ensure_login(a, t, em),
        Act::Logoff => st.logoff(a, t, em),
        Act::Pause(status) => st.set_status(a, status, t, em),
        _ => {}
    }
}

#[cfg(test)]
mod memory_tests {
    use super::*;

    /// `bar_fields` is `split('|')`, edge cases included.
    #[test]
    fn bar_fields_split_as_split_does() {
        for text in [
            "",
            "|",
            "||",
            "a",
            "a|",
            "|a",
            "a|b",
            "1|c-1|q|Local/8001@x|CONNECT|5|1|2",
            "ü|é|",
            "中文|字段||",
            "a|b|c|d|e|f|g|h|i|j|k|l|m|n",
        ] {
            let want: Vec<&str> = text.split('|').collect();
            let got: Vec<&str> = bar_fields(text).collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    /// The memory of a long feed is bounded by the calls in progress: the
    /// order queue of live calls does not keep the ended ones (it grew by one
    /// entry per call before).
    #[test]
    fn a_long_feed_of_ended_calls_keeps_no_trace_of_each() {
        let mut t = QueueLogTranslator::new(Tz::UTC);
        let mut out = Vec::new();
        for i in 0..20_000u64 {
            let at = 1_700_000_000 + i * 100;
            let call = format!("{at}.{i}");
            for (k, line) in [
                format!("{at}|{call}|q|NONE|ENTERQUEUE||555{i}|1"),
                format!("{}|{call}|q|SIP/1|CONNECT|5|{call}.2|3", at + 5),
                format!("{}|{call}|q|SIP/1|COMPLETECALLER|5|60|1", at + 65),
            ]
            .iter()
            .enumerate()
            {
                t.translate_line(i * 3 + k as u64 + 1, line, &mut out)
                    .unwrap();
                out.clear();
            }
        }
        assert_eq!(t.live_calls(), 0);
        assert!(
            t.state.order_len() <= 1024 + 1,
            "order queue holds {} entries",
            t.state.order_len()
        );
    }
}
