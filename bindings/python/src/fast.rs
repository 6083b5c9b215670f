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
//! Strings cost the most (under the stable ABI of Python 3.9 a `str`'s UTF-8
//! has to be encoded into a new `bytes` object), so the path avoids them
//! where it can: a key that is one of the facade's event keys in Python's
//! interned form (every key written as a literal, every keyword argument) is
//! recognised by identity, and within a batch a value string object met
//! before (`"set_status"`, `"idle"`) is read once. Identity is sound: each
//! remembered object is kept alive by the batch's cache, so its address
//! cannot be reused by another object while it is remembered.
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
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::Value;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The most members an event may have on this path (an event has at most
/// eight fields); a bigger object takes the canonical path.
const MAX_FIELDS: usize = 16;

/// How many distinct value strings a batch remembers.
const MAX_REMEMBERED: usize = 4096;

/// One value, held while its event decodes.
enum Held<'py> {
    /// A `str`, as the UTF-8 bytes Python encoded it to.
    Utf8(Bound<'py, PyBytes>),
    /// A `str` this batch met before: its contents in the cache.
    Remembered(usize),
    /// A string made here (a datetime's `isoformat()`, an epoch's RFC 3339).
    Text(String),
    /// An epoch's RFC 3339 text, written in place (ASCII).
    Stamp([u8; STAMP_MAX], u8),
    /// Any other value, as the JSON text of its canonical form.
    Json(String),
}

/// A member's key.
enum Key<'py> {
    /// One of the facade's event keys, recognised by identity.
    Known(&'static str),
    /// Any other `str` key, as its UTF-8.
    Utf8(Bound<'py, PyBytes>),
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

/// Buffers and the string cache of one batch (or of one event).
pub(crate) struct Scratch<'py> {
    keys: &'static [(Py<PyString>, &'static str)],
    held: Vec<(Key<'py>, Held<'py>)>,
    /// Value strings met before, by object address → index in `texts`.
    seen: HashMap<usize, usize, BuildHasherDefault<AddressHasher>>,
    /// The remembered objects, kept alive so their addresses stay theirs.
    objects: Vec<Bound<'py, PyString>>,
    texts: Vec<Box<str>>,
    /// How many value strings may still be remembered.
    room: usize,
}

impl<'py> Scratch<'py> {
    /// For a batch: value strings are remembered.
    pub(crate) fn batch(py: Python<'py>) -> Self {
        Scratch::with_room(py, MAX_REMEMBERED)
    }

    /// For one event: nothing is remembered (it would not be met again).
    pub(crate) fn single(py: Python<'py>) -> Self {
        Scratch::with_room(py, 0)
    }

    fn with_room(py: Python<'py>, room: usize) -> Self {
        Scratch {
            keys: known_keys(py),
            held: Vec::with_capacity(MAX_FIELDS),
            seen: HashMap::default(),
            objects: Vec::new(),
            texts: Vec::new(),
            room,
        }
    }

    fn key(&self, k: &Bound<'py, PyAny>) -> Option<Key<'py>> {
        let s = k.cast::<PyString>().ok()?;
        let p = s.as_ptr();
        for (known, name) in self.keys {
            if known.as_ptr() == p {
                return Some(Key::Known(name));
            }
        }
        s.encode_utf8().ok().map(Key::Utf8)
    }

    /// A value string (`remember`: whether it is worth remembering).
    fn string(&mut self, s: &Bound<'py, PyString>, remember: bool) -> Option<Held<'py>> {
        // Only an object referenced from elsewhere too (a literal, an
        // interned or shared string: more than its container's reference
        // and ours) can recur; a string of its own (a timestamp, a value
        // from `json.loads`) is neither looked up nor remembered. A
        // remembered one has the cache's reference as well, so it always
        // counts as shared.
        // (`get_refcnt` is deprecated in favour of the unsafe
        // `ffi::Py_REFCNT`; this crate has no unsafe code. The count only
        // steers the cache, never what an event decodes to.)
        #[allow(deprecated)]
        let shared = remember && s.get_refcnt() > 2;
        let address = s.as_ptr() as usize;
        if shared && let Some(&i) = self.seen.get(&address) {
            return Some(Held::Remembered(i));
        }
        // A lone surrogate fails here: the canonical path names it.
        let bytes = s.encode_utf8().ok()?;
        if shared && self.room > 0 {
            self.room -= 1;
            let text: Box<str> = std::str::from_utf8(bytes.as_bytes()).ok()?.into();
            let i = self.texts.len();
            self.texts.push(text);
            self.objects.push(s.clone());
            self.seen.insert(address, i);
            return Some(Held::Remembered(i));
        }
        Some(Held::Utf8(bytes))
    }

    /// Any value, held as the canonical path reads it.
    fn value(&mut self, v: &Bound<'py, PyAny>, remember: bool) -> Option<Held<'py>> {
        if let Ok(s) = v.cast::<PyString>() {
            return self.string(s, remember);
        }
        match convert::to_value(v, "").ok()? {
            Value::String(s) => Some(Held::Text(s)),
            other => Some(Held::Json(other.to_string())),
        }
    }

    fn text<'s>(&'s self, h: &'s Held<'py>) -> Option<&'s str> {
        match h {
            Held::Utf8(b) => std::str::from_utf8(b.as_bytes()).ok(),
            Held::Remembered(i) => self.texts.get(*i).map(|t| &**t),
            Held::Text(s) | Held::Json(s) => Some(s),
            Held::Stamp(buf, len) => std::str::from_utf8(buf.get(..usize::from(*len))?).ok(),
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
                Key::Known(name) => name,
                Key::Utf8(b) => std::str::from_utf8(b.as_bytes()).ok()?,
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
        let d = obj.cast::<PyDict>().ok()?;
        if d.len() > MAX_FIELDS {
            return None;
        }
        self.held.clear();
        for (k, v) in d.iter() {
            let key = self.key(&k)?;
            // Timestamps are practically never met twice.
            let remember = !matches!(key, Key::Known("at"));
            let value = self.value(&v, remember)?;
            self.held.push((key, value));
        }
        let event = self.decode(&[]);
        self.held.clear();
        event
    }

    /// A row of `apply_rows` (cells named by `columns`) on the fast path;
    /// `None` = ask the canonical path.
    pub(crate) fn row(&mut self, row: &Bound<'py, PyAny>, columns: &[String]) -> Option<Event> {
        self.held.clear();
        if columns.len() > MAX_FIELDS {
            return None;
        }
        if let Ok(t) = row.cast::<PyTuple>() {
            if t.len() != columns.len() {
                return None;
            }
            for (i, (name, cell)) in columns.iter().zip(t.iter()).enumerate() {
                self.cell(i, name, &cell)?;
            }
        } else if let Ok(l) = row.cast::<PyList>() {
            if l.len() != columns.len() {
                return None;
            }
            for (i, (name, cell)) in columns.iter().zip(l.iter()).enumerate() {
                self.cell(i, name, &cell)?;
            }
        } else {
            return None;
        }
        let event = self.decode(columns);
        self.held.clear();
        event
    }

    /// One cell of a row: `None` leaves the field out, an `at` given as
    /// seconds since the epoch (an int or a float, not a bool) becomes its
    /// RFC 3339 text.
    fn cell(&mut self, column: usize, name: &str, cell: &Bound<'py, PyAny>) -> Option<()> {
        if cell.is_none() {
            return Some(());
        }
        let at = name == "at";
        let value = if at && cell.is_instance_of::<PyFloat>() {
            let v = cell.cast::<PyFloat>().ok()?.value();
            let (secs, nanos) = convert::epoch_float_parts(v).ok()?;
            stamp(secs, nanos)?
        } else if at && cell.is_instance_of::<PyInt>() && !cell.is_instance_of::<PyBool>() {
            stamp(cell.extract::<i64>().ok()?, 0)?
        } else {
            self.value(cell, !at)?
        };
        self.held.push((Key::Column(column), value));
        Some(())
    }
}

/// The longest RFC 3339 text [`stamp`] writes (`YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ`).
const STAMP_MAX: usize = 30;

/// An instant as chrono's `to_rfc3339_opts(AutoSi, true)` writes it (what
/// the canonical path gives the facade), for years 1000–9999; `None`
/// otherwise (the canonical path then writes and judges it).
fn stamp<'py>(secs: i64, nanos: u32) -> Option<Held<'py>> {
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
