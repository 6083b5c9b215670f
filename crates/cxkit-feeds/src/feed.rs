//! One interface over every source, for the `cxkit replay` command and the
//! bindings: a [`Translator`] of any [`Source`], the [`Record`]s a text
//! stream holds ([`records`] over a reader, [`Feed::push`] over chunks as
//! they arrive from a socket or a tailed file), and a [`Feed`] that does
//! both — text in, events out — keeping partial lines and frames between
//! chunks. Every record is numbered by the line it starts on.

use crate::ami::{AmiFrame, AmiTranslator, FrameSplitter};
use crate::connect::ConnectTranslator;
use crate::freeswitch::{FreeswitchTranslator, FsEvent};
use crate::queue_log::QueueLogTranslator;
use crate::{FeedError, FeedEvent, Source};
use cxkit_core::Tz;
use cxkit_core::Timestamp;
use std::io::BufRead;

/// One source record.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    /// A queue_log line.
    Line(String),
    /// An AMI frame.
    Ami(AmiFrame),
    /// A FreeSWITCH event (plain or JSON).
    Freeswitch(FsEvent),
    /// An Amazon Connect agent event stream record.
    Connect(serde_json::Value),
}

/// The translator of one source.
pub enum Translator {
    /// Asterisk queue_log.
    QueueLog(QueueLogTranslator),
    /// Asterisk AMI.
    Ami(AmiTranslator),
    /// FreeSWITCH mod_callcenter.
    Freeswitch(FreeswitchTranslator),
    /// Amazon Connect.
    Connect(ConnectTranslator),
}

impl Translator {
    /// The translator of `source` with its defaults; `zone` is the PBX's
    /// zone (queue_log database rows with text times).
    pub fn new(source: Source, zone: Tz) -> Self {
        match source {
            Source::AsteriskQueueLog => Translator::QueueLog(QueueLogTranslator::new(zone)),
            Source::AsteriskAmi => Translator::Ami(AmiTranslator::new()),
            Source::Freeswitch => Translator::Freeswitch(FreeswitchTranslator::new()),
            Source::Connect => Translator::Connect(ConnectTranslator::new()),
        }
    }

    /// Translates one record (numbered `n`) into `out`; `now` is the time
    /// of an AMI frame without a `Timestamp:` header (its receipt). A
    /// record of another source is `Malformed`. On error nothing is
    /// appended and nothing changes.
    pub fn translate(
        &mut self,
        n: u64,
        record: &Record,
        now: Option<Timestamp>,
        out: &mut Vec<FeedEvent>,
    ) -> Result<(), FeedError> {
        match (self, record) {
            (Translator::QueueLog(t), Record::Line(l)) => t.translate_line(n, l, out),
            (Translator::Ami(t), Record::Ami(f)) => t.translate_frame(n, f, now, out),
            (Translator::Freeswitch(t), Record::Freeswitch(e)) => t.push(n, e, out),
            (Translator::Connect(t), Record::Connect(v)) => t.push(n, v, out),
            (t, _) => Err(FeedError::Malformed {
                record: n,
                field: "record".into(),
                message: format!("not a record of `{}`", t.source().as_str()),
            }),
        }
    }

    /// The end of the input: what the translator still holds (a queue_log
    /// exit held to tell an overflow from an end) goes out.
    pub fn finish(&mut self, out: &mut Vec<FeedEvent>) {
        if let Translator::QueueLog(t) = self {
            t.finish(out);
        }
    }

    /// The source it translates.
    pub fn source(&self) -> Source {
        match self {
            Translator::QueueLog(_) => Source::AsteriskQueueLog,
            Translator::Ami(_) => Source::AsteriskAmi,
            Translator::Freeswitch(_) => Source::Freeswitch,
            Translator::Connect(_) => Source::Connect,
        }
    }
}

/// Cuts a stream of lines into the records of one source.
enum Assembler {
    /// queue_log: each non-blank line.
    Lines,
    /// AMI frames.
    Ami(FrameSplitter),
    /// FreeSWITCH before its first event says which format it uses.
    FsUnknown,
    /// FreeSWITCH plain events: `Header: value` lines, a blank line ends one.
    FsPlain {
        lines: Vec<String>,
        first: u64,
        /// Bytes of an event body still to pass over.
        body: usize,
    },
    /// JSON objects (FreeSWITCH `event json`, Connect records), one per
    /// line or spread over several.
    Json {
        text: String,
        first: u64,
        freeswitch: bool,
    },
}

impl Assembler {
    fn new(source: Source) -> Self {
        match source {
            Source::AsteriskQueueLog => Assembler::Lines,
            Source::AsteriskAmi => Assembler::Ami(FrameSplitter::new()),
            Source::Freeswitch => Assembler::FsUnknown,
            Source::Connect => Assembler::Json {
                text: String::new(),
                first: 0,
                freeswitch: false,
            },
        }
    }

    /// Feeds line `n` (without its line end); a record it completes.
    fn line(&mut self, n: u64, line: &str) -> Option<Result<(u64, Record), FeedError>> {
        let line = line.strip_suffix('\r').unwrap_or(line);
        match self {
            // Asterisk never writes a `#` line; fixtures start with `#` comments.
            Assembler::Lines => (!line.trim().is_empty() && !line.starts_with('#')).then(|| Ok((n, Record::Line(line.to_owned())))),
            Assembler::Ami(s) => s.push_line(n, line).map(|r| r.map(|(k, f)| (k, Record::Ami(f)))),
            Assembler::FsUnknown => {
                let t = line.trim_start();
                if t.is_empty() || t.starts_with('#') {
                    return None;
                }
                *self = if t.starts_with('{') {
                    Assembler::Json {
                        text: String::new(),
                        first: 0,
                        freeswitch: true,
                    }
                } else {
                    Assembler::FsPlain {
                        lines: Vec::new(),
                        first: 0,
                        body: 0,
                    }
                };
                self.line(n, line)
            }
            Assembler::FsPlain { lines, first, body } => {
                if *body > 0 {
                    *body = body.saturating_sub(line.len() + 1);
                    return None;
                }
                if line.starts_with('#') {
                    return None;
                }
                if !line.trim().is_empty() {
                    if lines.is_empty() {
                        *first = n;
                    }
                    lines.push(line.to_owned());
                    return None;
                }
                self.finish_plain()
            }
            Assembler::Json { text, first, freeswitch } => {
                let t = line.trim();
                if text.is_empty() {
                    // Between records: blank lines, `#` comments and the
                    // event-socket headers of a `event json` stream.
                    if t.is_empty()
                        || t.starts_with('#')
                        || (*freeswitch && (t.starts_with("Content-Type:") || t.starts_with("Content-Length:")))
                    {
                        return None;
                    }
                    *first = n;
                }
                text.push_str(line);
                text.push('\n');
                match serde_json::from_str::<serde_json::Value>(text) {
                    Err(e) if e.is_eof() => None,
                    r => {
                        let first = *first;
                        let freeswitch = *freeswitch;
                        text.clear();
                        Some(match r {
                            Ok(v) if freeswitch => json_fs_event(first, v).map(|e| (first, Record::Freeswitch(e))),
                            Ok(v) => Ok((first, Record::Connect(v))),
                            Err(e) => Err(FeedError::Malformed {
                                record: first,
                                field: "$".into(),
                                message: format!("not JSON: {e}"),
                            }),
                        })
                    }
                }
            }
        }
    }

    fn finish_plain(&mut self) -> Option<Result<(u64, Record), FeedError>> {
        let Assembler::FsPlain { lines, first, body } = self else {
            return None;
        };
        if lines.is_empty() {
            return None;
        }
        let frame = std::mem::take(lines);
        match crate::freeswitch::parse_plain_frame(*first, frame.iter().map(String::as_str)) {
            Ok(Some(ev)) => {
                *body = ev.get("Content-Length").and_then(|v| v.trim().parse().ok()).unwrap_or(0);
                Some(Ok((*first, Record::Freeswitch(ev))))
            }
            Ok(None) => None,
            Err(e) => Some(Err(e)),
        }
    }

    /// The record still open at the end of the input.
    fn finish(&mut self) -> Option<Result<(u64, Record), FeedError>> {
        match self {
            Assembler::Ami(s) => s.finish().map(|r| r.map(|(k, f)| (k, Record::Ami(f)))),
            Assembler::FsPlain { .. } => self.finish_plain(),
            Assembler::Json { text, first, .. } if !text.trim().is_empty() => {
                let e = FeedError::Malformed {
                    record: *first,
                    field: "$".into(),
                    message: "the input ends inside a JSON record".into(),
                };
                text.clear();
                Some(Err(e))
            }
            _ => None,
        }
    }
}

fn json_fs_event(n: u64, v: serde_json::Value) -> Result<FsEvent, FeedError> {
    crate::freeswitch::parse_json_event(n, &v.to_string())
}

/// The records of a text stream of `source`, numbered by the line each
/// starts on. Reading stops at the end of the input (or at a read error,
/// reported as a `Malformed` record).
pub fn records<R: BufRead>(source: Source, input: R) -> Records<R> {
    Records {
        input,
        asm: Assembler::new(source),
        line_no: 0,
        buf: String::new(),
        done: false,
    }
}

/// See [`records`].
pub struct Records<R> {
    input: R,
    asm: Assembler,
    line_no: u64,
    buf: String,
    done: bool,
}

impl<R: BufRead> Iterator for Records<R> {
    type Item = Result<(u64, Record), FeedError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.buf.clear();
            match self.input.read_line(&mut self.buf) {
                Ok(0) => {
                    self.done = true;
                    return self.asm.finish();
                }
                Ok(_) => {
                    self.line_no += 1;
                    let line = self.buf.strip_suffix('\n').unwrap_or(&self.buf);
                    if let Some(r) = self.asm.line(self.line_no, line) {
                        return Some(r);
                    }
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(FeedError::Malformed {
                        record: self.line_no + 1,
                        field: "line".into(),
                        message: format!("cannot read: {e}"),
                    }));
                }
            }
        }
        None
    }
}

/// Text in, events out: a translator and the record assembly of its
/// source, fed chunks of text as they arrive (a line may be split between
/// chunks). What a service tailing a queue_log or reading an AMI socket
/// uses.
pub struct Feed {
    translator: Translator,
    asm: Assembler,
    partial: String,
    line_no: u64,
}

/// What one [`Feed::push`] produced.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Pushed {
    /// Records completed by the chunk.
    pub records: u64,
    /// The events, in order.
    pub events: Vec<FeedEvent>,
    /// The records that could not be read or translated (skipped).
    pub errors: Vec<FeedError>,
}

impl Feed {
    /// A feed of `source`; `zone` as for [`Translator::new`].
    pub fn new(source: Source, zone: Tz) -> Self {
        Feed {
            translator: Translator::new(source, zone),
            asm: Assembler::new(source),
            partial: String::new(),
            line_no: 0,
        }
    }

    /// The source.
    pub fn source(&self) -> Source {
        self.translator.source()
    }

    /// Feeds a chunk of text. `now` stands for the time of AMI frames
    /// that carry no `Timestamp:` header. A line not yet ended waits for
    /// the next chunk (or [`Feed::finish`]).
    pub fn push(&mut self, chunk: &str, now: Option<Timestamp>) -> Pushed {
        let mut out = Pushed::default();
        let mut rest = chunk;
        while let Some(k) = rest.find('\n') {
            let (head, tail) = rest.split_at(k);
            rest = &tail[1..];
            self.line_no += 1;
            let line = if self.partial.is_empty() {
                std::borrow::Cow::Borrowed(head)
            } else {
                let mut l = std::mem::take(&mut self.partial);
                l.push_str(head);
                std::borrow::Cow::Owned(l)
            };
            if let Some(r) = self.asm.line(self.line_no, &line) {
                self.take(r, now, &mut out);
            }
        }
        self.partial.push_str(rest);
        out
    }

    /// Ends the input: the last line without its line end, and a frame
    /// without its blank line, are read.
    pub fn finish(&mut self, now: Option<Timestamp>) -> Pushed {
        let mut out = Pushed::default();
        if !self.partial.is_empty() {
            self.line_no += 1;
            let line = std::mem::take(&mut self.partial);
            if let Some(r) = self.asm.line(self.line_no, &line) {
                self.take(r, now, &mut out);
            }
        }
        if let Some(r) = self.asm.finish() {
            self.take(r, now, &mut out);
        }
        self.translator.finish(&mut out.events);
        out
    }

    fn take(&mut self, r: Result<(u64, Record), FeedError>, now: Option<Timestamp>, out: &mut Pushed) {
        out.records += 1;
        match r {
            Ok((n, rec)) => {
                if let Err(e) = self.translator.translate(n, &rec, now, &mut out.events) {
                    out.errors.push(e);
                }
            }
            Err(e) => out.errors.push(e),
        }
    }
}
