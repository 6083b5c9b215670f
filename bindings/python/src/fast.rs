//! The fast path from Python values to the facade's events (#17 item 8).
//!
//! The canonical path reads an event dict through its JSON shape
//! (`convert::to_value` builds a `serde_json::Value`, then
//! `Event::from_value`). This one hands the dict's members straight to the
//! facade's field reader, `Event::from_fields`: a `str` as its UTF-8
//! contents, any other value as the JSON text of its `convert::to_value`
//! form. A row of `apply_rows` goes the same way, cell by cell, without a
//! dict; an `at` cell given as seconds since the epoch becomes the RFC 3339
//! text the canonical path writes for it.
//!
//! A key that is one of the facade's event keys in Python's interned form
//! (every key written as a literal, every keyword argument) is recognised by
//! identity. A `str` value is read in place (`PyUnicode_AsUTF8AndSize`,
//! stable ABI 3.10). Values other than `at` are remembered by contents in
//! the thread's [`Cache`], and so is every event decoded: an event whose
//! members other than `at` are the same contents as one decoded before (its
//! [`Shape`]) is that event with its own `at` (`Event::set_at`), read as the
//! decoder reads it. The ids and statuses a contact center meets all day
//! repeat, so most events are decoded once per shape, not once each.
//!
//! It is a fast path, never a second definition: it only ever produces a
//! success. Whenever anything on it does not work out (a value that does not
//! convert, a key that is not a `str`, an event that does not decode), it
//! returns `None` and the caller runs the canonical path, which produces the
//! canonical event or the canonical error (field path, message, and state
//! left as it was). `Event::from_fields` decodes exactly as the JSON object
//! of the same members would, so a success here is the canonical path's
//! success; `tests/test_fast_path.py` checks that for every event type, for
//! rows, and for bad input.

use crate::convert;
use chrono::{Datelike, Timelike};
use cxkit::call_center::{Event, EventField};
use cxkit::core::hash::FxHasher;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::Value;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The most members an event may have on this path (an event has at most
/// eight fields); a bigger object takes the canonical path.
const MAX_FIELDS: usize = 16;

/// How many distinct value strings a batch remembers.
const MAX_REMEMBERED: usize = 4096;

/// The longest value string a batch remembers (ids and names are short; a
/// long text is not worth keeping).
const MAX_REMEMBERED_LEN: usize = 256;

/// One value, held while its event decodes.
enum Held {
    /// A `str` (its UTF-8 read in place, `PyUnicode_AsUTF8AndSize`).
    Str(Py<PyString>),
    /// A `str` this batch met before: its contents in the cache.
    Remembered(usize),
    /// A string made here (a datetime's `isoformat()`, an epoch's RFC 3339).
    Text(String),
    /// An epoch's RFC 3339 text, written in place (ASCII).
    Stamp([u8; STAMP_MAX], u8),
    /// An epoch `at` cell (seconds, nanoseconds), written as its RFC 3339
    /// text only if the event is decoded ([`Scratch::stamps`]).
    Epoch(i64, u32),
    /// Any other value, as the JSON text of its canonical form.
    Json(String),
}

/// A member's key.
enum Key {
    /// One of the facade's event keys, recognised by identity (its index
    /// in [`known_keys`] and its name).
    Known(u16, &'static str),
    /// Any other `str` key.
    Str(Py<PyString>),
    /// The name of a row's column (by index).
    Column(usize),
}

/// The facade's event keys as interned Python strings, the most common first.
fn known_keys(py: Python<'_>) -> &'static [(Py<PyString>, &'static str)] {
    static KEYS: PyOnceLock<Vec<(Py<PyString>, &'static str)>> = PyOnceLock::new();
    KEYS.get_or_init(py, || {
        let mut names: Vec<&'static str> = vec!["type", "agent", "at", "status", "call", "event_id"];
        for keys in [
            cxkit::agents::AgentEvent::KEYS,
            cxkit::call_rules::CallEvent::KEYS,
            cxkit::online_rules::ChatEvent::KEYS,
        ] {
            for k in keys {
                if !names.contains(k) {
                    names.push(k);
                }
            }
        }
        names
            .into_iter()
            .map(|n| (PyString::intern(py, n).unbind(), n))
            .collect()
    })
}

/// Hashes an object address (already unique; spread it over the bits).
#[derive(Default)]
struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(29);
    }
}

/// What the fast path remembers between events: value strings by contents
/// and decoded events by shape. Nothing in it refers to a Python object, so
/// it is sound across calls: a shape names contents, not objects, and
/// decoding does not depend on the call center (`Event::from_fields` is a
/// function of the fields alone). One per thread ([`CACHE`]), bounded
/// ([`MAX_REMEMBERED`], [`MAX_SHAPES`]) and emptied when full, so the ids
/// and statuses a service meets all day are read once.
#[derive(Default)]
struct Cache {
    /// Value strings met before, by contents → index in `texts`.
    interned: HashMap<Box<str>, usize, BuildHasherDefault<FxHasher>>,
    texts: Vec<Box<str>>,
    /// Events decoded before, by their shape ([`Shape`]).
    decoded: HashMap<Shape, Event, BuildHasherDefault<AddressHasher>>,
    /// The members buffer of a read, kept empty between reads (its
    /// capacity saves an allocation per event).
    held: Vec<(Key, Held)>,
}

thread_local! {
    /// This thread's cache, taken by a [`Scratch`] while it reads and put
    /// back when it is dropped (a re-entrant read, from Python code a
    /// conversion runs, finds it taken and starts an empty one).
    static CACHE: std::cell::RefCell<Cache> = std::cell::RefCell::new(Cache::default());
}

/// The buffers of one read (an event, a batch) and the thread's cache.
pub(crate) struct Scratch<'py> {
    keys: &'static [(Py<PyString>, &'static str)],
    py: Python<'py>,
    held: Vec<(Key, Held)>,
    cache: Cache,
    /// Which of a row's columns is `at` ([`Scratch::rows`]).
    at_column: Option<usize>,
}

impl Drop for Scratch<'_> {
    fn drop(&mut self) {
        let mut cache = std::mem::take(&mut self.cache);
        self.held.clear();
        cache.held = std::mem::take(&mut self.held);
        // At thread exit the cache may be gone already: then it is dropped.
        let _ = CACHE.try_with(|c| {
            if let Ok(mut slot) = c.try_borrow_mut() {
                *slot = cache;
            }
        });
    }
}

/// How many shapes a batch remembers.
const MAX_SHAPES: usize = 4096;

/// The most members besides `at` a remembered shape has.
const SHAPE_MEMBERS: usize = 8;

/// An event's members other than `at`, each a key (a known key's index, or
/// a row's column with the top bit set) and a remembered value string (its
/// index in the batch's cache), in order, and where `at` was.
///
/// Two events of one batch with the same shape have the same members, the
/// same key for the same value string, except for `at`: a remembered string
/// is the very object met before, kept alive by the cache, and a `str` does
/// not change. The facade decodes field by field and reads `at` on its own
/// (`cxkit::Event::set_at`), so the second decodes to the first with its own
/// `at`, read as the decoder reads it (`cxkit_core::time::parse_supported`,
/// or, for an epoch cell, the instant whose RFC 3339 text the decoder would
/// be given). The first is decoded on the path below; a shape is remembered
/// only after it decoded.
#[derive(Clone, Copy)]
struct Shape {
    /// Each member as `key << 32 | value`.
    members: [u64; SHAPE_MEMBERS],
    len: u8,
    /// The index of `at` among all members.
    at: u8,
    /// A digest of the above, for the hash map.
    digest: u64,
}

impl PartialEq for Shape {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len
            && self.at == other.at
            && self.members[..usize::from(self.len)] == other.members[..usize::from(other.len)]
    }
}

impl Eq for Shape {}

impl std::hash::Hash for Shape {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_usize(self.digest as usize);
    }
}

/// What a member is to its event's shape.
enum Member {
    /// The `at` member, at this index of `held`.
    At(usize),
    /// A remembered value string (its index in the cache).
    Value(usize),
    /// A row's `None` cell (left out of the event).
    Absent,
    /// Anything else: the event has no shape.
    Other,
}

/// A shape being read, member by member; `None` once the event cannot have
/// one (a value that is not a remembered string, no `at`, too many members).
struct ShapeReader {
    shape: Option<Shape>,
    has_at: bool,
}

impl ShapeReader {
    fn new() -> Self {
        ShapeReader {
            shape: Some(Shape {
                members: [0; SHAPE_MEMBERS],
                len: 0,
                at: 0,
                digest: 0xcbf2_9ce4_8422_2325,
            }),
            has_at: false,
        }
    }

    /// The next member: `key_id` its key.
    fn member(&mut self, key_id: u16, m: Member) {
        let Some(shape) = self.shape.as_mut() else {
            return;
        };
        let value = match m {
            Member::At(i) => match u8::try_from(i) {
                Ok(i) if !self.has_at => {
                    shape.at = i;
                    self.has_at = true;
                    return;
                }
                _ => None,
            },
            Member::Value(v) => u32::try_from(v).ok().filter(|v| *v != u32::MAX),
            Member::Absent => Some(u32::MAX),
            Member::Other => None,
        };
        let (Some(v), Some(slot)) = (value, shape.members.get_mut(usize::from(shape.len))) else {
            self.shape = None;
            return;
        };
        let member = u64::from(key_id) << 32 | u64::from(v);
        *slot = member;
        shape.len += 1;
        shape.digest = (shape.digest ^ member)
            .wrapping_mul(0x0100_0000_01b3)
            .rotate_left(23);
    }

    fn done(self) -> Option<Shape> {
        self.shape.filter(|_| self.has_at)
    }
}

impl<'py> Scratch<'py> {
    /// For one event or a batch of events.
    pub(crate) fn new(py: Python<'py>) -> Self {
        let mut cache = CACHE
            .try_with(|c| c.try_borrow_mut().map(|mut c| std::mem::take(&mut *c)).ok())
            .ok()
            .flatten()
            .unwrap_or_default();
        if cache.texts.len() >= MAX_REMEMBERED || cache.decoded.len() >= MAX_SHAPES {
            cache = Cache::default();
        }
        let mut held = std::mem::take(&mut cache.held);
        held.clear();
        held.reserve(MAX_FIELDS);
        Scratch {
            keys: known_keys(py),
            py,
            held,
            cache,
            at_column: None,
        }
    }

    /// For a batch of rows with these columns.
    pub(crate) fn rows(py: Python<'py>, columns: &[String]) -> Self {
        let mut s = Scratch::new(py);
        s.at_column = columns.iter().position(|c| c == "at");
        s
    }

    fn key(&self, k: &Bound<'py, PyAny>) -> Option<Key> {
        // An exact `str` by its type pointer (no flags lookup); a subclass
        // through the ordinary check.
        let s = k.cast_exact::<PyString>().or_else(|_| k.cast::<PyString>()).ok()?;
        let p = s.as_ptr();
        for (i, (known, name)) in self.keys.iter().enumerate() {
            if known.as_ptr() == p {
                return Some(Key::Known(u16::try_from(i).ok()?, name));
            }
        }
        Some(Key::Str(s.clone().unbind()))
    }

    /// A value string (`remember`: whether it is worth remembering).
    fn string(&mut self, s: &Bound<'py, PyString>, remember: bool) -> Option<Held> {
        // A lone surrogate fails here: the canonical path names it.
        let text = s.to_str().ok()?;
        if remember {
            let c = &mut self.cache;
            if let Some(&i) = c.interned.get(text) {
                return Some(Held::Remembered(i));
            }
            if c.texts.len() < MAX_REMEMBERED && text.len() <= MAX_REMEMBERED_LEN {
                let i = c.texts.len();
                c.texts.push(text.into());
                c.interned.insert(text.into(), i);
                return Some(Held::Remembered(i));
            }
        }
        Some(Held::Str(s.clone().unbind()))
    }

    /// Any value, held as the canonical path reads it.
    fn value(&mut self, v: &Bound<'py, PyAny>, remember: bool) -> Option<Held> {
        if let Ok(s) = v.cast_exact::<PyString>().or_else(|_| v.cast::<PyString>()) {
            return self.string(s, remember);
        }
        match convert::to_value(v, "").ok()? {
            Value::String(s) => Some(Held::Text(s)),
            other => Some(Held::Json(other.to_string())),
        }
    }

    fn text<'s>(&'s self, h: &'s Held) -> Option<&'s str> {
        match h {
            Held::Str(s) => s.bind(self.py).to_str().ok(),
            Held::Remembered(i) => self.cache.texts.get(*i).map(|t| &**t),
            Held::Text(s) | Held::Json(s) => Some(s),
            Held::Stamp(buf, len) => std::str::from_utf8(buf.get(..usize::from(*len))?).ok(),
            // Written by `stamps` before any decode.
            Held::Epoch(..) => None,
        }
    }

    /// Decodes what `held` holds (`columns` names a row's cells); `None` =
    /// ask the canonical path.
    fn decode(&self, columns: &[String]) -> Option<Event> {
        let n = self.held.len();
        if n > MAX_FIELDS {
            return None;
        }
        let mut fields = [("", EventField::Str("")); MAX_FIELDS];
        for (slot, (k, v)) in fields.iter_mut().zip(&self.held) {
            let key = match k {
                Key::Known(_, name) => name,
                Key::Str(s) => s.bind(self.py).to_str().ok()?,
                Key::Column(i) => columns.get(*i)?.as_str(),
            };
            let value = match v {
                Held::Json(s) => EventField::Json(s),
                other => EventField::Str(self.text(other)?),
            };
            *slot = (key, value);
        }
        Event::from_fields(&fields[..n]).ok()
    }

    /// An event dict on the fast path; `None` = ask the canonical path.
    pub(crate) fn event(&mut self, obj: &Bound<'py, PyAny>) -> Option<Event> {
        let d = obj.cast_exact::<PyDict>().or_else(|_| obj.cast::<PyDict>()).ok()?;
        if d.len() > MAX_FIELDS {
            return None;
        }
        self.held.clear();
        let mut shape = ShapeReader::new();
        for (k, v) in d.iter() {
            let key = self.key(&k)?;
            // Timestamps are practically never met twice.
            let at = matches!(key, Key::Known(_, "at"));
            let value = self.value(&v, !at)?;
            match (&key, &value) {
                (Key::Known(..), _) if at => shape.member(0, Member::At(self.held.len())),
                (Key::Known(id, _), Held::Remembered(v)) => shape.member(*id, Member::Value(*v)),
                _ => shape.member(0, Member::Other),
            }
            self.held.push((key, value));
        }
        let event = self.decode_shaped(shape, &[]);
        self.held.clear();
        event
    }

    /// The event of a shape met before, with this one's `at`; otherwise
    /// decoded (and its shape remembered).
    fn decode_shaped(&mut self, shape: ShapeReader, columns: &[String]) -> Option<Event> {
        let shape = shape.done();
        if let Some(shape) = &shape
            && let Some(known) = self.cache.decoded.get(shape)
            && let Some(at) = self.at_of(usize::from(shape.at))
        {
            let mut event = known.clone();
            event.set_at(at);
            return Some(event);
        }
        self.stamps()?;
        let event = self.decode(columns)?;
        if let Some(shape) = shape
            && self.cache.decoded.len() < MAX_SHAPES
        {
            self.cache.decoded.insert(shape, event.clone());
        }
        Some(event)
    }

    /// The instant held by member `i` (`at`), read as the decoder reads it;
    /// `None` if it does not read (the decoder then gives the answer).
    fn at_of(&self, i: usize) -> Option<cxkit::core::Timestamp> {
        match &self.held.get(i)?.1 {
            Held::Epoch(secs, nanos) => {
                let t = chrono::DateTime::<chrono::Utc>::from_timestamp(*secs, *nanos)?;
                // What `stamp` would write (years 1000–9999, which hold the
                // supported range), the decoder would read back as `t`, then
                // check the range.
                cxkit::core::time::is_supported(t).then_some(t)
            }
            // A value that is no string never decodes as a time.
            Held::Json(_) => None,
            other => cxkit::core::time::parse_supported(self.text(other)?).ok(),
        }
    }

    /// Writes every epoch cell as its RFC 3339 text (before a decode).
    fn stamps(&mut self) -> Option<()> {
        for (_, h) in &mut self.held {
            if let Held::Epoch(secs, nanos) = *h {
                *h = stamp(secs, nanos)?;
            }
        }
        Some(())
    }

    /// A row of `apply_rows` (cells named by `columns`) on the fast path;
    /// `None` = ask the canonical path.
    pub(crate) fn row(&mut self, row: &Bound<'py, PyAny>, columns: &[String]) -> Option<Event> {
        self.held.clear();
        if columns.len() > MAX_FIELDS {
            return None;
        }
        let mut shape = ShapeReader::new();
        if let Ok(t) = row.cast_exact::<PyTuple>().or_else(|_| row.cast::<PyTuple>()) {
            if t.len() != columns.len() {
                return None;
            }
            for (i, cell) in t.iter().enumerate() {
                self.cell(i, &cell, &mut shape)?;
            }
        } else if let Ok(l) = row.cast::<PyList>() {
            if l.len() != columns.len() {
                return None;
            }
            for (i, cell) in l.iter().enumerate() {
                self.cell(i, &cell, &mut shape)?;
            }
        } else {
            return None;
        }
        let event = self.decode_shaped(shape, columns);
        self.held.clear();
        event
    }

    /// One cell of a row: `None` leaves the field out, an `at` given as
    /// seconds since the epoch (an int or a float, not a bool) becomes its
    /// RFC 3339 text.
    fn cell(&mut self, column: usize, cell: &Bound<'py, PyAny>, shape: &mut ShapeReader) -> Option<()> {
        let key_id = 0x8000 | u16::try_from(column).ok()?;
        if cell.is_none() {
            // Left out: the shape says which cell it was.
            shape.member(key_id, Member::Absent);
            return Some(());
        }
        let at = self.at_column == Some(column);
        let float = if at {
            cell.cast_exact::<PyFloat>().or_else(|_| cell.cast::<PyFloat>()).ok()
        } else {
            None
        };
        let value = if let Some(f) = float {
            let (secs, nanos) = convert::epoch_float_parts(f.value()).ok()?;
            Held::Epoch(secs, nanos)
        } else if at && cell.is_instance_of::<PyInt>() && !cell.is_instance_of::<PyBool>() {
            Held::Epoch(cell.extract::<i64>().ok()?, 0)
        } else {
            self.value(cell, !at)?
        };
        match &value {
            _ if at => shape.member(key_id, Member::At(self.held.len())),
            Held::Remembered(v) => shape.member(key_id, Member::Value(*v)),
            _ => shape.member(key_id, Member::Other),
        }
        self.held.push((Key::Column(column), value));
        Some(())
    }
}

/// The longest RFC 3339 text [`stamp`] writes (`YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ`).
const STAMP_MAX: usize = 30;

/// An instant as chrono's `to_rfc3339_opts(AutoSi, true)` writes it (what
/// the canonical path gives the facade), for years 1000–9999; `None`
/// otherwise (the canonical path then writes and judges it).
fn stamp(secs: i64, nanos: u32) -> Option<Held> {
    let t = chrono::DateTime::<chrono::Utc>::from_timestamp(secs, nanos)?;
    let year = u32::try_from(t.year()).ok().filter(|y| (1000..=9999).contains(y))?;
    let mut buf = [0u8; STAMP_MAX];
    let mut len = 0;
    let mut put = |n: u32, width: u32| {
        let mut d = 10u32.pow(width - 1);
        while d > 0 {
            // `n / d % 10` is a digit: the cast cannot truncate.
            buf[len] = b'0' + (n / d % 10) as u8;
            len += 1;
            d /= 10;
        }
    };
    put(year, 4);
    put(t.month(), 2);
    put(t.day(), 2);
    put(t.hour(), 2);
    put(t.minute(), 2);
    put(t.second(), 2);
    let nanos = t.nanosecond();
    // AutoSi: no fraction, or 3, 6 or 9 digits, whichever is exact.
    let frac = if nanos == 0 {
        None
    } else if nanos % 1_000_000 == 0 {
        Some((nanos / 1_000_000, 3))
    } else if nanos % 1000 == 0 {
        Some((nanos / 1000, 6))
    } else {
        Some((nanos, 9))
    };
    if let Some((f, w)) = frac {
        put(f, w);
    }
    // Now insert the separators: digits were written back to back.
    let digits = len;
    let mut out = [0u8; STAMP_MAX];
    let mut o = 0;
    for (i, &b) in buf[..digits].iter().enumerate() {
        let sep = match i {
            4 | 6 => Some(b'-'),
            8 => Some(b'T'),
            10 | 12 => Some(b':'),
            14 => Some(b'.'),
            _ => None,
        };
        if let Some(s) = sep {
            out[o] = s;
            o += 1;
        }
        out[o] = b;
        o += 1;
    }
    out[o] = b'Z';
    o += 1;
    Some(Held::Stamp(out, u8::try_from(o).ok()?))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn text(secs: i64, nanos: u32) -> Option<String> {
        match stamp(secs, nanos)? {
            Held::Stamp(buf, len) => Some(String::from_utf8(buf[..usize::from(len)].to_vec()).unwrap()),
            _ => None,
        }
    }

    #[test]
    fn stamps_are_what_chrono_writes() {
        let mut secs: i64 = -30_610_224_000; // 1000-01-01
        let nanos = [0, 1, 999, 1000, 500_000, 1_000_000, 120_000_000, 999_999_999, 123_456_000, 100];
        let mut i = 0;
        while secs < 253_402_300_799 {
            let n = nanos[i % nanos.len()];
            let t = chrono::DateTime::<chrono::Utc>::from_timestamp(secs, n).unwrap();
            let want = t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
            assert_eq!(text(secs, n).as_deref(), Some(want.as_str()), "{secs} {n}");
            secs += 7_919_993 + (i as i64 % 86_400);
            i += 1;
        }
        assert!(i > 10_000);
        assert_eq!(text(253_402_300_799, 0).as_deref(), Some("9999-12-31T23:59:59Z"));
        // Outside years 1000–9999 the canonical path writes the text.
        assert!(text(253_402_300_800, 0).is_none());
        assert!(text(-30_610_224_001, 0).is_none());
    }
}
