//! Asterisk Manager Interface (FD3): a frame reader for the text protocol
//! (`Key: Value` lines, CRLF or LF, a blank line ends a frame, the banner
//! `Asterisk Call Manager/x.y` skipped) and a translator of the queue and
//! member events (Asterisk 12+ names and the older ones) to cxkit events.
//!
//! Call id = the caller channel's `Uniqueid`; member id = `MemberName`
//! (else `Interface` / `Location` / `Name`), the same id the queue_log
//! translator uses. Time = the `Timestamp:` header (`timestampevents=yes`),
//! else the time the caller passes; neither is `MALFORMED` naming
//! `Timestamp`. The table from every event to what it becomes is in
//! `docs/feeds.md`, section "FD3 — Asterisk AMI".
//!
//! ```
//! use cxkit_feeds::ami::{AmiTranslator, frames};
//! let text = "Asterisk Call Manager/5.0.1\r\n\r\nEvent: QueueCallerJoin\r\nTimestamp: 1700000000.5\r\n\
//!             Queue: support\r\nUniqueid: 1700000000.11\r\nCallerIDNum: 4155551234\r\n\r\n";
//! let mut t = AmiTranslator::new();
//! let mut out = Vec::new();
//! for f in frames(text) {
//!     let (n, frame) = f.unwrap();
//!     t.translate_frame(n, &frame, None, &mut out).unwrap();
//! }
//! assert_eq!(out.len(), 1); // call.queued
//! ```

use crate::state::{
    Checked, End, MAX_DURATION, RecordId, State, before, fnv, pause_status, supported,
};
use crate::{FeedError, FeedEvent, Source};
use chrono::{DateTime, TimeDelta};
use cxkit_agents::ChosenStatus;
use cxkit_core::Timestamp;
use std::fmt::Write as _;
use std::io::BufRead;

/// How many ended call ids a translator keeps by default.
pub const DEFAULT_ENDED_CAPACITY: usize = crate::queue_log::DEFAULT_ENDED_CAPACITY;

/// One AMI frame: its headers in order (a key may repeat, e.g. `ChanVariable`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AmiFrame {
    /// `(key, value)` pairs, as read (value without the `": "`).
    pub headers: Vec<(String, String)>,
}

impl AmiFrame {
    /// A frame from `(key, value)` pairs.
    pub fn new<K: Into<String>, V: Into<String>>(
        headers: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        AmiFrame {
            headers: headers
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        }
    }

    /// The first value of `key` (AMI keys are case-insensitive).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }

    fn first_of(&self, keys: &[&str]) -> Option<&str> {
        keys.iter()
            .find_map(|k| self.get(k))
            .map(str::trim)
            .filter(|v| !v.is_empty())
    }
}

/// Splits AMI text into frames, line by line: a blank line ends a frame;
/// the banner line is skipped; a second `Event:` or `Response:` header in a
/// frame starts a new frame (a lost blank line, seen in recorded streams).
/// A frame's record number is the line number of its first line.
#[derive(Default)]
pub struct FrameSplitter {
    cur: AmiFrame,
    start: u64,
    bad: Option<FeedError>,
}

impl FrameSplitter {
    /// A splitter.
    pub fn new() -> Self {
        Self::default()
    }

    fn take(&mut self) -> Option<Result<(u64, AmiFrame), FeedError>> {
        if let Some(e) = self.bad.take() {
            self.cur = AmiFrame::default();
            return Some(Err(e));
        }
        if self.cur.headers.is_empty() {
            return None;
        }
        Some(Ok((self.start, std::mem::take(&mut self.cur))))
    }

    /// Feeds line `n` (without its line end); returns a frame it completes.
    pub fn push_line(&mut self, n: u64, line: &str) -> Option<Result<(u64, AmiFrame), FeedError>> {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            return self.take();
        }
        if self.cur.headers.is_empty()
            && self.bad.is_none()
            && line.starts_with("Asterisk Call Manager/")
        {
            return None;
        }
        let Some((k, v)) = line.split_once(':') else {
            if self.bad.is_none() {
                self.bad = Some(FeedError::Malformed {
                    record: if self.cur.headers.is_empty() {
                        n
                    } else {
                        self.start
                    },
                    field: format!("line {n}"),
                    message: format!("`{line}` is not a `Key: Value` header"),
                });
            }
            return None;
        };
        let k = k.trim();
        let v = v.strip_prefix(' ').unwrap_or(v);
        let starts = k.eq_ignore_ascii_case("Event") || k.eq_ignore_ascii_case("Response");
        let done =
            if starts && (self.cur.get("Event").is_some() || self.cur.get("Response").is_some()) {
                self.take()
            } else {
                None
            };
        if self.cur.headers.is_empty() {
            self.start = n;
        }
        self.cur.headers.push((k.to_owned(), v.to_owned()));
        done
    }

    /// The frame still open at the end of the input (one without its blank line).
    pub fn finish(&mut self) -> Option<Result<(u64, AmiFrame), FeedError>> {
        self.take()
    }
}

/// The frames of an AMI text, with their record numbers.
pub fn frames(input: &str) -> impl Iterator<Item = Result<(u64, AmiFrame), FeedError>> + '_ {
    let mut sp = FrameSplitter::new();
    let mut it = input.split('\n').enumerate();
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        for (i, l) in it.by_ref() {
            if let Some(f) = sp.push_line(i as u64 + 1, l) {
                return Some(f);
            }
        }
        done = true;
        sp.finish()
    })
}

/// Reads AMI frames from a `BufRead` (a socket, a recorded session): each
/// item is a frame with its record number, a malformed frame, or the I/O
/// error.
pub struct FrameReader<R> {
    inner: R,
    line: u64,
    buf: String,
    sp: FrameSplitter,
    done: bool,
}

impl<R: BufRead> FrameReader<R> {
    /// A reader over `inner`.
    pub fn new(inner: R) -> Self {
        FrameReader {
            inner,
            line: 0,
            buf: String::new(),
            sp: FrameSplitter::new(),
            done: false,
        }
    }
}

impl<R: BufRead> Iterator for FrameReader<R> {
    type Item = std::io::Result<Result<(u64, AmiFrame), FeedError>>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.buf.clear();
            match self.inner.read_line(&mut self.buf) {
                Ok(0) => {
                    self.done = true;
                    return self.sp.finish().map(Ok);
                }
                Ok(_) => {
                    self.line += 1;
                    let l = self.buf.trim_end_matches('\n');
                    if let Some(f) = self.sp.push_line(self.line, l) {
                        return Some(Ok(f));
                    }
                }
                Err(e) => return Some(Err(e)),
            }
        }
        None
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Join,
    AgentCalled,
    RingNoAnswer,
    Connect,
    Complete,
    Dump,
    Abandon,
    Leave,
    Hangup,
    MemberAdded,
    MemberRemoved,
    MemberPause,
    MemberState,
    Entry,
}

fn kind_of(event: &str) -> Option<Kind> {
    use Kind as K;
    Some(match event {
        "QueueCallerJoin" | "Join" => K::Join,
        "AgentCalled" => K::AgentCalled,
        "AgentRingNoAnswer" => K::RingNoAnswer,
        "AgentConnect" => K::Connect,
        "AgentComplete" => K::Complete,
        "AgentDump" => K::Dump,
        "QueueCallerAbandon" => K::Abandon,
        "QueueCallerLeave" | "Leave" => K::Leave,
        "Hangup" => K::Hangup,
        "QueueMemberAdded" => K::MemberAdded,
        "QueueMemberRemoved" => K::MemberRemoved,
        "QueueMemberPause" | "QueueMemberPaused" => K::MemberPause,
        "QueueMemberStatus" | "QueueMember" => K::MemberState,
        "QueueEntry" => K::Entry,
        _ => return None,
    })
}

/// The events the translator reads (every other event is ignored).
pub const TRANSLATED_EVENTS: &[&str] = &[
    "QueueCallerJoin",
    "Join",
    "AgentCalled",
    "AgentRingNoAnswer",
    "AgentConnect",
    "AgentComplete",
    "AgentDump",
    "QueueCallerAbandon",
    "QueueCallerLeave",
    "Leave",
    "Hangup",
    "QueueMemberAdded",
    "QueueMemberRemoved",
    "QueueMemberPause",
    "QueueMemberPaused",
    "QueueMemberStatus",
    "QueueMember",
    "QueueEntry",
];

/// Where the member id is read from, in order: `MemberName` (12+, and
/// 1.6+ member events), `AgentName` (old AgentCalled), `Name` (QueueMember
/// replies), then the interface headers.
const MEMBER: &[&str] = &[
    "MemberName",
    "AgentName",
    "Name",
    "Interface",
    "AgentCalled",
    "Location",
];

fn bad(record: u64, field: &str, message: impl Into<String>) -> FeedError {
    FeedError::Malformed {
        record,
        field: field.to_owned(),
        message: message.into(),
    }
}

/// The Asterisk AMI translator. See the module docs.
pub struct AmiTranslator {
    state: State,
}

impl Default for AmiTranslator {
    fn default() -> Self {
        Self::new()
    }
}

impl AmiTranslator {
    /// A translator.
    pub fn new() -> Self {
        Self::with_ended_capacity(DEFAULT_ENDED_CAPACITY)
    }

    /// A translator keeping at most `cap` ended call ids (at least 1).
    pub fn with_ended_capacity(cap: usize) -> Self {
        AmiTranslator {
            state: State::new(cap),
        }
    }

    /// The same translator keeping at most `cap` live calls (see
    /// [`crate::queue_log::QueueLogTranslator::with_live_capacity`]).
    pub fn with_live_capacity(mut self, cap: usize) -> Self {
        self.state.set_live_cap(cap);
        self
    }

    /// How many calls are live.
    pub fn live_calls(&self) -> usize {
        self.state.calls.len()
    }

    /// Translates a whole text; `clock(record)` gives the time of a frame
    /// without a `Timestamp:` header. The events, and the errors of the
    /// frames that were skipped.
    pub fn translate_str(
        &mut self,
        input: &str,
        mut clock: impl FnMut(u64) -> Option<Timestamp>,
    ) -> (Vec<FeedEvent>, Vec<FeedError>) {
        let mut out = Vec::new();
        let mut errors = Vec::new();
        for f in frames(input) {
            match f {
                Ok((n, frame)) => {
                    if let Err(e) = self.translate_frame(n, &frame, clock(n), &mut out) {
                        errors.push(e);
                    }
                }
                Err(e) => errors.push(e),
            }
        }
        (out, errors)
    }

    /// Translates one frame (`record`: its number as the reader counts);
    /// `now` is its time when it has no `Timestamp:` header. `Response:`
    /// and `Action:` frames and events not in [`TRANSLATED_EVENTS`] give
    /// nothing. On error nothing is pushed and nothing changes.
    pub fn translate_frame(
        &mut self,
        record: u64,
        frame: &AmiFrame,
        now: Option<Timestamp>,
        out: &mut Vec<FeedEvent>,
    ) -> Result<(), FeedError> {
        let Some(event) = frame.get("Event").map(str::trim) else {
            if frame.get("Response").is_some() || frame.get("Action").is_some() {
                return Ok(());
            }
            return Err(bad(
                record,
                "Event",
                "the frame has no `Event:` (nor `Response:` or `Action:`) header",
            ));
        };
        let Some(kind) = kind_of(event) else {
            return Ok(());
        };
        let t = match frame.get("Timestamp").map(str::trim) {
            Some(s) => s
                .parse::<f64>()
                .ok()
                .filter(|f| f.is_finite())
                .and_then(|f| DateTime::from_timestamp_micros((f * 1e6).round() as i64))
                .ok_or_else(|| bad(record, "Timestamp", format!("`{s}` is not an epoch in seconds")))
                .and_then(|t| supported(t).map_err(|m| bad(record, "Timestamp", m)))?,
            None => now
                .ok_or_else(|| {
                    bad(
                        record,
                        "Timestamp",
                        "the frame has no `Timestamp:` header (timestampevents=yes) and no time was given",
                    )
                })
                .and_then(|t| supported(t).map_err(|m| bad(record, "Timestamp", m)))?,
        };
        let member = frame.first_of(MEMBER);
        let queue = frame.first_of(&["Queue"]);
        let call = frame.first_of(&["Uniqueid", "UniqueID"]);
        use Kind as K;
        let is_call = !matches!(
            kind,
            K::MemberAdded | K::MemberRemoved | K::MemberPause | K::MemberState
        );
        if is_call && call.is_none() {
            if kind == K::Hangup {
                return Ok(());
            }
            return Err(bad(
                record,
                "Uniqueid",
                format!("{event} names no caller channel (`Uniqueid`)"),
            ));
        }
        let needs_member = !matches!(kind, K::Join | K::Abandon | K::Leave | K::Hangup | K::Entry);
        if needs_member && member.is_none() {
            return Err(bad(
                record,
                "MemberName",
                format!("{event} names no member (`MemberName` or `Interface`)"),
            ));
        }
        let needs_queue = !matches!(kind, K::Leave | K::Hangup | K::MemberPause | K::MemberState);
        if needs_queue && queue.is_none() {
            return Err(bad(record, "Queue", format!("{event} names no `Queue`")));
        }
        let num = |key: &str| -> Result<Option<i64>, FeedError> {
            match frame.get(key).map(str::trim) {
                None | Some("") => Ok(None),
                Some(s) => s
                    .parse::<i64>()
                    .ok()
                    .filter(|v| (0..=MAX_DURATION).contains(v))
                    .map(Some)
                    .ok_or_else(|| {
                        bad(
                            record,
                            key,
                            format!("`{s}` is not a whole number from 0 to {MAX_DURATION}"),
                        )
                    }),
            }
        };
        let paused = match frame.get("Paused").map(str::trim) {
            None | Some("") => None,
            Some("1") | Some("true") | Some("yes") => Some(true),
            Some("0") | Some("false") | Some("no") => Some(false),
            Some(s) => return Err(bad(record, "Paused", format!("`{s}` is not 0 or 1"))),
        };
        let reason = frame
            .first_of(&["PausedReason", "Reason"])
            .filter(|r| *r != "<nil>")
            .unwrap_or("");
        let hold = num("HoldTime")?;
        let talk = num("TalkTime")?;
        let ring = num("RingTime")?;
        let device = num("Status")?;
        let wait = num("Wait")?;
        if kind == K::Complete && talk.is_none() {
            return Err(bad(record, "TalkTime", "AgentComplete needs `TalkTime`"));
        }
        let cid = call.unwrap_or_default();
        // Calls that are over or unknown: what trails them is no error.
        if matches!(kind, K::Leave | K::Hangup)
            && (self.state.is_ended(cid) || !self.state.calls.contains_key(cid))
        {
            return Ok(());
        }
        // A state report of a waiting caller only matters for a call not
        // seen (for a live call it gives nothing; for an ended one it is stale).
        if kind == K::Entry && self.state.is_ended(cid) {
            return Ok(());
        }
        if kind == K::Hangup && (self.state.connected(cid).is_some() || !self.state.started(cid)) {
            return Ok(());
        }

        let mut key = String::with_capacity(64);
        let _ = write!(
            key,
            "{event}|{}|{}|{}|{:016x}",
            t.timestamp_micros(),
            call.unwrap_or("-"),
            member.unwrap_or("-"),
            fnv(&frame
                .headers
                .iter()
                .map(|(k, v)| format!("{k}:{v}\n"))
                .collect::<String>())
        );
        let hash = fnv(&key);
        let call_key = is_call.then_some(cid);
        if let Checked::Repeat(evs) = self.state.check(record, call_key, member, t, hash)? {
            out.extend(evs.iter().cloned());
            return Ok(());
        }
        if kind == K::Complete && member.is_none() && self.state.connected(cid).is_none() {
            return Err(bad(
                record,
                "MemberName",
                "AgentComplete for a call with no connected member names none",
            ));
        }
        let q = queue.unwrap_or_default();
        let m = member.unwrap_or_default();
        let secs = TimeDelta::seconds;
        let id = RecordId {
            source: Source::AsteriskAmi,
            t,
            key: &key,
            hash,
            call: call_key,
            agent: member,
        };
        self.state.record(id, out, |st, em| match kind {
            K::Join => {
                let requeue = st.started(cid);
                st.queue(
                    cid,
                    q,
                    t,
                    frame.first_of(&["CallerIDNum", "CallerID"]),
                    requeue,
                    em,
                );
            }
            K::Entry => {
                // A caller waiting since before the stream: queued `Wait` s ago.
                let at = before(t, secs(wait.unwrap_or(0)));
                st.queue(
                    cid,
                    q,
                    at,
                    frame.first_of(&["CallerIDNum", "CallerID"]),
                    false,
                    em,
                );
            }
            K::AgentCalled => {
                st.queue(cid, q, t, None, false, em);
                if !st.rings(cid, m) {
                    st.offer(cid, m, t, em);
                }
            }
            K::RingNoAnswer => {
                // RingTime: ms (the value app_queue also logs to queue_log).
                let from = before(t, TimeDelta::milliseconds(ring.unwrap_or(0)));
                st.queue(cid, q, from, None, false, em);
                st.ring_missed(cid, m, from, t, em);
            }
            K::Dump => {
                st.queue(cid, q, t, None, false, em);
                st.ring_missed(cid, m, t, t, em);
            }
            K::Connect => {
                st.queue(cid, q, before(t, secs(hold.unwrap_or(0))), None, false, em);
                st.answer(cid, m, before(t, secs(ring.unwrap_or(0))), t, em);
            }
            K::Complete => {
                if st.connected(cid).is_none() {
                    let ans = before(t, secs(talk.unwrap_or(0)));
                    st.queue(
                        cid,
                        q,
                        before(ans, secs(hold.unwrap_or(0))),
                        None,
                        false,
                        em,
                    );
                    st.answer(cid, m, ans, ans, em);
                }
                let how = match frame.get("Reason").map(str::trim) {
                    Some(r) if r.eq_ignore_ascii_case("caller") => End::CallerHungUp,
                    Some(r) if r.eq_ignore_ascii_case("transfer") => {
                        End::Transfer("unknown".to_owned())
                    }
                    _ => End::SystemEnded,
                };
                st.end(cid, t, how, em);
            }
            K::Abandon => {
                st.queue(cid, q, before(t, secs(hold.unwrap_or(0))), None, false, em);
                st.end(cid, t, End::CallerHungUp, em);
            }
            K::Leave => {
                if st.connected(cid).is_none() {
                    st.mark_left(cid, t);
                }
            }
            K::Hangup => {
                // Still queued: the caller hung up (no QueueCallerAbandon seen);
                // left the queue unanswered earlier: the queue's rule ended
                // the wait (AMI does not say which: timeout, empty, key).
                match st.left_at(cid) {
                    Some(left) => st.end(cid, left, End::Timeout, em),
                    None => st.end(cid, t, End::CallerHungUp, em),
                }
            }
            K::MemberAdded => {
                st.add_member(m, q, t, em);
                if paused == Some(true) {
                    st.set_status(m, pause_status(reason), t, em);
                }
            }
            K::MemberRemoved => st.remove_member(m, q, t, em),
            K::MemberPause => {
                let status = if paused == Some(true) {
                    pause_status(reason)
                } else {
                    ChosenStatus::Idle
                };
                st.set_status(m, status, t, em);
            }
            K::MemberState => {
                // A state report: logs in a member not yet seen (unless its
                // device is invalid or unavailable) and reconciles the pause.
                let unreachable = matches!(device, Some(4) | Some(5));
                if !st.logged_in(m) && unreachable {
                    return;
                }
                if let Some(q) = queue {
                    st.add_member(m, q, t, em);
                } else {
                    st.ensure_login(m, t, em);
                }
                match paused {
                    Some(true) if !st.is_paused(m) => st.set_status(m, pause_status(reason), t, em),
                    Some(false) if st.is_paused(m) => st.set_status(m, ChosenStatus::Idle, t, em),
                    _ => {}
                }
            }
        });
        Ok(())
    }
}
