//! The fast path for events as JSON text (the form every binding hands over).
//!
//! `serde_json::from_str::<Event>` has to buffer each event in a
//! `serde_json::Value` to see its `type` before it knows which stream's event
//! to build; that buffering is most of the cost of an event from Python or
//! JavaScript. This module reads one flat JSON object in a single pass
//! instead: a small scanner finds each member's key and the extent of its
//! value, `type` picks the stream, and the stream's own `Deserialize` then
//! reads the members: a string without escapes as its contents (read the
//! way serde_json reads a string token), anything else through `serde_json`
//! itself (so numbers, escapes and nested values mean exactly what they mean
//! to serde_json).
//!
//! It is a fast path, never a second definition: whenever the scanner meets
//! something outside its small grammar (an escaped key, more than
//! [`MAX_MEMBERS`] members, anything that is not an object) or the event does
//! not decode, it gives up and the caller falls back to serde's path, which
//! then produces the canonical result or error. So a success here is always
//! the value serde's path would have produced (a property test checks it on
//! random and mutated events).
//!
//! The same member reader serves events given field by field
//! ([`Event::from_fields`](crate::Event::from_fields), e.g. a row of a
//! columnar batch): each field is a string's contents or JSON text.

use crate::call_center::{Event, Stream, stream_of};
use cxkit_agents::AgentEvent;
use cxkit_calls::CallEvent;
use serde::Deserialize as _;
use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeSeed, MapAccess, Visitor};

/// The most members an object may have on the fast path (an event has at
/// most eight fields; the rest is room for extra keys a producer adds).
pub(crate) const MAX_MEMBERS: usize = 16;

/// One event, if it is a flat-enough object that decodes; `None` means "ask
/// serde" (which may succeed or fail).
pub(crate) fn event(text: &str) -> Option<Event> {
    let mut scan = Scan::new(text);
    let mut members = Members::default();
    scan.ws();
    scan.object(&mut members)?;
    scan.ws();
    if !scan.at_end() {
        return None;
    }
    members.to_event()
}

/// A JSON array of events, if every element is a flat-enough object that
/// decodes; `None` means "ask serde" for the whole batch.
pub(crate) fn events(text: &str) -> Option<Vec<Event>> {
    let mut scan = Scan::new(text);
    scan.ws();
    scan.eat(b'[')?;
    scan.ws();
    // A typical event object is 60-120 bytes: reserve for that, so a big
    // batch does not grow (and copy) its vector a dozen times.
    let mut out = Vec::with_capacity(text.len() / 64 + 1);
    let mut members = Members::default();
    if scan.eat(b']').is_none() {
        loop {
            scan.object(&mut members)?;
            out.push(members.to_event()?);
            scan.ws();
            match scan.next()? {
                b',' => scan.ws(),
                b']' => break,
                _ => return None,
            }
        }
    }
    scan.ws();
    scan.at_end().then_some(out)
}

/// A byte scanner over JSON text. Every position it stops at is an ASCII
/// delimiter, so its slices are always on `char` boundaries.
struct Scan<'a> {
    text: &'a str,
    bytes: &'a [u8],
    i: usize,
}

impl<'a> Scan<'a> {
    fn new(text: &'a str) -> Self {
        Scan {
            text,
            bytes: text.as_bytes(),
            i: 0,
        }
    }

    fn at_end(&self) -> bool {
        self.i == self.bytes.len()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.i).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let c = self.peek()?;
        self.i += 1;
        Some(c)
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        (self.peek() == Some(c)).then(|| self.i += 1)
    }

    /// JSON whitespace.
    fn ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.peek() {
            self.i += 1;
        }
    }

    /// A string's contents after its opening quote, up to the closing
    /// quote; `plain` is false when it holds an escape or a control
    /// character (serde_json must read it then).
    fn string(&mut self) -> Option<(&'a str, bool)> {
        let start = self.i;
        let mut plain = true;
        loop {
            match self.next()? {
                b'"' => return Some((self.text.get(start..self.i - 1)?, plain)),
                b'\\' => {
                    plain = false;
                    self.next()?;
                }
                0..=0x1f => plain = false,
                _ => {}
            }
        }
    }

    /// A key: a plain string (no escapes, no control characters).
    fn key(&mut self) -> Option<&'a str> {
        self.eat(b'"')?;
        match self.string()? {
            (key, true) => Some(key),
            _ => None,
        }
    }

    /// One value: a plain string as its contents, anything else as raw text
    /// for serde_json (only its extent is found here; serde_json validates
    /// it when the value is read).
    fn value(&mut self) -> Option<EventField<'a>> {
        let start = self.i;
        match self.next()? {
            b'"' => {
                if let (contents, true) = self.string()? {
                    return Some(EventField::Str(contents));
                }
            }
            b'{' | b'[' => {
                let mut depth = 1usize;
                while depth > 0 {
                    match self.next()? {
                        b'"' => {
                            self.string()?;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => depth -= 1,
                        _ => {}
                    }
                }
            }
            // A literal or a number: up to the next delimiter.
            _ => {
                while let Some(c) = self.peek() {
                    if matches!(c, b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t') {
                        break;
                    }
                    self.i += 1;
                }
            }
        }
        self.text.get(start..self.i).map(EventField::Json)
    }

    /// Reads one object's members (keys unescaped, values raw) into
    /// `members` (a buffer reused from object to object).
    fn object(&mut self, members: &mut Members<'a>) -> Option<()> {
        self.eat(b'{')?;
        self.ws();
        members.len = 0;
        if self.eat(b'}').is_some() {
            return Some(());
        }
        loop {
            let key = self.key()?;
            self.ws();
            self.eat(b':')?;
            self.ws();
            let value = self.value()?;
            members.push(key, value)?;
            self.ws();
            match self.next()? {
                b',' => self.ws(),
                b'}' => return Some(()),
                _ => return None,
            }
        }
    }
}

/// One field value of an event given field by field
/// ([`Event::from_fields`]); also what the scanner records per member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventField<'a> {
    /// A string value: its contents (unescaped), as a JSON string holding
    /// exactly these characters would give.
    Str(&'a str),
    /// Any JSON value, as JSON text (`"a\\u0031"`, `true`, `{"agent": "a-2"}`).
    Json(&'a str),
}

impl Default for EventField<'_> {
    fn default() -> Self {
        EventField::Json("")
    }
}

impl<'a> EventField<'a> {
    /// `Ok` with a string's contents when the value is one that needs no
    /// unescaping (a `Str`, or a `Json` string literal without escapes or
    /// control characters: `"abc"` → `abc`); `Err` with the JSON text for
    /// serde_json otherwise.
    fn contents(self) -> Result<&'a str, &'a str> {
        match self {
            EventField::Str(s) => Ok(s),
            EventField::Json(text) => {
                let mut scan = Scan::new(text);
                let plain = scan.eat(b'"').and_then(|()| scan.string());
                match plain {
                    Some((contents, true)) if scan.at_end() => Ok(contents),
                    _ => Err(text),
                }
            }
        }
    }
}

/// The members of one object, in document order: key, value.
#[derive(Default)]
struct Members<'a> {
    items: [(&'a str, EventField<'a>); MAX_MEMBERS],
    len: usize,
}

impl<'a> Members<'a> {
    fn push(&mut self, key: &'a str, value: EventField<'a>) -> Option<()> {
        let slot = self.items.get_mut(self.len)?;
        *slot = (key, value);
        self.len += 1;
        Some(())
    }

    fn to_event(&self) -> Option<Event> {
        fields_to_event(&self.items[..self.len])
    }
}

/// Routes on `type` as `Event`'s `Deserialize` does (`call.` prefix → call
/// event, anything else → agent event) and decodes the fields; `None` if
/// they do not decode on this path.
pub(crate) fn fields_to_event(fields: &[(&str, EventField<'_>)]) -> Option<Event> {
    let stream = match fields.iter().find(|(k, _)| *k == "type") {
        Some(&(_, ty)) => match ty.contents() {
            Ok(t) => stream_of(Some(t)),
            // A `type` with an escape could still spell `call.`: let serde decide.
            Err(json) if json.starts_with('"') => return None,
            Err(_) => Stream::Agent,
        },
        None => Stream::Agent,
    };
    let de = MembersDe { items: fields };
    match stream {
        Stream::Call => CallEvent::deserialize(de).ok().map(Event::Call),
        Stream::Chat => cxkit_online::ChatEvent::deserialize(de).ok().map(Event::Chat),
        Stream::Agent => AgentEvent::deserialize(de).ok().map(Event::Agent),
    }
}

/// serde's path for fields: the JSON object `{name: value, …}` built as a
/// `serde_json::Value` and decoded as `Event` (which is what decoding JSON
/// text does too); gives the canonical result or error.
pub(crate) fn fields_via_serde(fields: &[(&str, EventField<'_>)]) -> crate::Result<Event> {
    let mut object = serde_json::Map::with_capacity(fields.len());
    for &(key, value) in fields {
        let field = crate::decode::join("event", key);
        if object.contains_key(key) {
            return Err(crate::Error::invalid_input(
                field.clone(),
                format!("malformed {field}: duplicate field `{key}`"),
            ));
        }
        let value = match value {
            EventField::Str(s) => serde_json::Value::String(s.to_owned()),
            EventField::Json(text) => crate::decode::from_json_str(&field, text)?,
        };
        object.insert(key.to_owned(), value);
    }
    Event::from_value(&serde_json::Value::Object(object))
}

/// The members as a serde map: keys as borrowed strings, plain strings as
/// their contents, every other value read by serde_json from its JSON text
/// (which must be consumed entirely).
#[derive(Clone, Copy)]
struct MembersDe<'m, 'a> {
    items: &'m [(&'a str, EventField<'a>)],
}

impl<'de> de::Deserializer<'de> for MembersDe<'_, 'de> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_map(MembersAccess {
            items: self.items.iter(),
            value: None,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

struct MembersAccess<'m, 'a> {
    items: std::slice::Iter<'m, (&'a str, EventField<'a>)>,
    value: Option<EventField<'a>>,
}

impl<'de> MapAccess<'de> for MembersAccess<'_, 'de> {
    type Error = serde_json::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        match self.items.next() {
            Some(&(key, value)) => {
                self.value = Some(value);
                seed.deserialize(BorrowedStrDeserializer::new(key))
                    .map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        let value = self.value.take().ok_or_else(|| {
            <serde_json::Error as de::Error>::custom("value requested before its key")
        })?;
        match value.contents() {
            Ok(s) => seed.deserialize(PlainStr(s)),
            Err(json) => {
                let mut de = serde_json::Deserializer::from_str(json);
                let value = seed.deserialize(&mut de)?;
                de.end()?;
                Ok(value)
            }
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// A string's contents, deserialized exactly as serde_json deserializes a
/// JSON string token holding them: the same visitor calls for the requests
/// serde_json answers from a string, an "invalid type" error for the ones it
/// refuses (numbers, booleans, unit, sequences, maps, structs).
struct PlainStr<'a>(&'a str);

impl PlainStr<'_> {
    fn refuse<'de, V: Visitor<'de>>(&self, visitor: &V) -> serde_json::Error {
        de::Error::invalid_type(de::Unexpected::Str(self.0), visitor)
    }
}

macro_rules! refuse {
    ($($method:ident)*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
            Err(self.refuse(&visitor))
        })*
    };
}

impl<'de> de::Deserializer<'de> for PlainStr<'de> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_borrowed_str(self.0)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_borrowed_bytes(self.0.as_bytes())
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_borrowed_bytes(self.0.as_bytes())
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_enum(BorrowedStrDeserializer::new(self.0))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        Err(self.refuse(&visitor))
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        Err(self.refuse(&visitor))
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        Err(self.refuse(&visitor))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        Err(self.refuse(&visitor))
    }

    refuse! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
        deserialize_u128 deserialize_f32 deserialize_f64 deserialize_unit deserialize_seq
        deserialize_map
    }

    serde::forward_to_deserialize_any! { char str string identifier }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn serde_path(text: &str) -> Result<Event, String> {
        serde_json::from_str::<Event>(text).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_both_streams_like_serde() {
        for text in [
            r#"{"type":"login","agent":"a1","at":"2026-03-28T09:00:00Z","status":"busy"}"#,
            r#" { "agent" : "a1" , "at":"2026-03-28T09:00:00.125+08:00", "type":"answer" } "#,
            r#"{"type":"call.arrived","call":"c1","at":"2026-03-28T09:00:00Z","caller":"138\u0030"}"#,
            r#"{"type":"call.transferred","call":"c1","at":"2026-03-28T09:00:00Z","to":{"agent":"a-2"}}"#,
            r#"{"type":"popup_collapse","agent":"a1","at":"2026-03-28T09:00:00Z","by_hand":true,"event_id":null}"#,
        ] {
            assert_eq!(event(text).unwrap(), serde_path(text).unwrap(), "{text}");
        }
    }

    /// Found by the `event_text` fuzz target: serde's path kept the last of
    /// a key given twice inside `to` (a `serde_json::Value` member), while
    /// the fast path refused it. Each key once, at any depth, on both.
    #[test]
    fn a_key_twice_in_a_nested_object_is_refused_by_both_paths() {
        let text = r#"{"type": "call.transferred", "call": "c1", "at": "2026-03-02T02:03:00Z", "to": {"agent":  "x", "agent": "a2"}}"#;
        let serde = serde_path(text).unwrap_err();
        assert!(serde.contains("duplicate field `agent`"), "{serde}");
        assert_eq!(Event::from_json_str(text).unwrap_err().code(), "INVALID_INPUT");
        let once = r#"{"type": "call.transferred", "call": "c1", "at": "2026-03-02T02:03:00Z", "to": {"agent": "a2"}}"#;
        assert_eq!(Event::from_json_str(once).unwrap(), serde_path(once).unwrap());
    }

    #[test]
    fn gives_up_on_what_serde_must_judge() {
        for text in [
            r#"{"type":"answer"}"#,             // missing field
            r#"{"type":"call.nope","at":"x"}"#, // unknown type
            r#"{"type":"answer","agent":"a1","at":"2026-03-28T09:00:00Z"} x"#, // trailing text
            r#"{"type":"answer","agent":"a1","agent":"a2","at":"2026-03-28T09:00:00Z"}"#, // duplicate
            r#"{"type":"answer","agent":"a1","at":"2026-03-28T09:00:00Z","extra":[1,{"x":"]"}]}"#, // unknown key
            r#"{"type":"login","agent":"a1","at":"2026-03-28T09:00:00Z","stauts":"busy"}"#, // misspelt key
            r#"{"type":"answer","agent":"a1","at":"2026-03-28T09:00:00Z","number":"1"}"#, // key of another type
            r#"{"ty\u0070e":"answer","agent":"a1","at":"2026-03-28T09:00:00Z"}"#, // escaped key
            r#"{"type":"answer","agent":"a1","at":"2026-03-28T09:00:00Z",}"#,     // trailing comma
            r#"{"type":"answer","agent":01,"at":"2026-03-28T09:00:00Z"}"#,        // bad number
            r#"{"type":"answer","agent":"a1","at":"2026-03-28T09:00:00Z""#,       // unterminated
            "[]",
            "",
        ] {
            assert!(event(text).is_none(), "{text}");
        }
    }

    #[test]
    fn batches_read_like_serde_or_give_up() {
        let text = r#"[{"type":"login","agent":"a1","at":"2026-03-28T09:00:00Z"},
            {"type":"call.arrived","call":"c1","at":"2026-03-28T09:00:00Z"}]"#;
        let slow: Vec<Event> = serde_json::from_str(text).unwrap();
        assert_eq!(events(text).unwrap(), slow);
        assert_eq!(events(" [ ] ").unwrap(), Vec::<Event>::new());
        assert!(events(r#"[{"type":"answer"}]"#).is_none());
        assert!(events(r#"[{"type":"tick","at":"2026-03-28T09:00:00Z"}"#).is_none());
        assert!(events(r#"[{"type":"tick","at":"2026-03-28T09:00:00Z"}] ]"#).is_none());
        assert!(events(r#"[{"type":"tick","at":"2026-03-28T09:00:00Z"},]"#).is_none());
        assert!(events("{}").is_none());
    }

    /// One sample of every event type (from the conformance vectors), and a
    /// few with optional fields.
    const SAMPLES: &[&str] = &[
        r#"{"agent": "a2", "at": "2026-03-28T09:02:50Z", "type": "acw_complete"}"#,
        r#"{"agent": "a1", "at": "2026-03-28T09:00:07Z", "type": "answer"}"#,
        r#"{"at": "2026-03-28T09:00:05Z", "supervisor": "s1", "type": "barge"}"#,
        r#"{"type": "call.answered", "call": "c1", "at": "2026-03-02T02:01:22Z", "agent": "a1", "event_id": "e-1"}"#,
        r#"{"type": "call.arrived", "call": "c1", "at": "2026-03-02T02:00:00Z", "hotline": "4008001234", "caller": "13812345678", "callee": "4008001234"}"#,
        r#"{"type": "call.caller_hung_up", "call": "c1", "at": "2026-03-02T02:05:22Z"}"#,
        r#"{"type": "call.held", "call": "c1", "at": "2026-03-02T02:02:00Z"}"#,
        r#"{"type": "call.ivr_entered", "call": "c1", "at": "2026-03-02T02:00:01Z"}"#,
        r#"{"type": "call.ivr_left", "call": "c1", "at": "2026-03-02T02:00:15Z"}"#,
        r#"{"type": "call.offered", "call": "c1", "at": "2026-03-02T02:01:00Z", "agent": "a1"}"#,
        r#"{"type": "call.outbound_dialed", "call": "o2", "at": "2026-03-02T02:31:00Z", "agent": "a1", "caller": "4008001234", "callee": "13900001111"}"#,
        r#"{"type": "call.outbound_ended", "call": "o2", "at": "2026-03-02T02:31:30Z"}"#,
        r#"{"type": "call.queue_timeout", "call": "c1", "at": "2026-03-02T02:00:14Z"}"#,
        r#"{"type": "call.queued", "call": "c1", "at": "2026-03-02T02:00:20Z", "skill_group": "sales"}"#,
        r#"{"type": "call.resumed", "call": "c1", "at": "2026-03-02T02:02:30Z"}"#,
        r#"{"type": "call.ring_ended", "call": "c1", "at": "2026-03-02T02:01:15Z"}"#,
        r#"{"type": "call.system_ended", "call": "c1", "at": "2026-03-02T02:00:30Z"}"#,
        r#"{"type": "call.transferred", "call": "c1", "at": "2026-03-02T02:03:00Z", "to": {"agent": "a2"}}"#,
        r#"{"agent": "a1", "at": "2026-03-28T09:01:30Z", "type": "call_ended", "ended_by": "customer"}"#,
        r#"{"agent": "a1", "at": "2026-03-28T09:00:05Z", "call": "c1", "type": "call_offered", "direction": "outbound"}"#,
        r#"{"agent": "a2", "at": "2026-03-28T09:00:22Z", "type": "consult_answered"}"#,
        r#"{"agent": "a1", "at": "2026-03-28T09:01:00Z", "type": "consult_ended"}"#,
        r#"{"agent": "a1", "at": "2026-03-28T09:00:20Z", "mode": "three_way", "target": "a2", "type": "consult_start"}"#,
        r#"{"agent": "a1", "at": "2026-03-28T09:00:05Z", "call": "o1", "number": "10086", "type": "dial"}"#,
        r#"{"at": "2026-03-28T09:00:07Z", "supervisor": "s2", "type": "force_disconnect"}"#,
        r#"{"agent": "a2", "at": "2026-03-28T09:00:11Z", "type": "hold"}"#,
        r#"{"at": "2026-03-28T09:00:01Z", "supervisor": "s1", "target": "a1", "type": "listen_start"}"#,
        r#"{"agent": "a1", "at": "2026-03-28T09:00:00Z", "type": "login", "extension": "8001", "status": "busy", "event_id": "k-1"}"#,
        r#"{"agent": "ghost", "at": "2026-03-28T09:00:13Z", "type": "logout"}"#,
        r#"{"agent": "a1", "at": "2026-03-28T09:00:09.5Z", "type": "outbound_connected"}"#,
        r#"{"agent": "a2", "at": "2026-03-28T09:01:46Z", "by_hand": true, "type": "popup_collapse"}"#,
        r#"{"agent": "a1", "at": "2026-03-28T09:00:03+08:00", "type": "popup_expand"}"#,
        r#"{"agent": "a1", "at": "2026-03-28T09:00:01Z", "status": "break", "type": "set_status"}"#,
        r#"{"at": "2026-03-28T09:02:01Z", "type": "tick"}"#,
        r#"{"agent": "a1", "at": "2026-03-28T09:00:23Z", "type": "transfer_confirmed"}"#,
    ];

    #[test]
    fn every_sample_takes_the_fast_path() {
        for text in SAMPLES {
            let fast = event(text).unwrap_or_else(|| panic!("not on the fast path: {text}"));
            assert_eq!(fast, serde_path(text).unwrap(), "{text}");
        }
        let batch = format!("[{}]", SAMPLES.join(",\n"));
        let slow: Vec<Event> = serde_json::from_str(&batch).unwrap();
        assert_eq!(events(&batch).unwrap(), slow);
    }

    /// Bytes that matter to a JSON scanner, and a few that do not.
    const INTERESTING: &[u8] = b"\"\\{}[],: \t0-1.eEacnultrfZT+";

    proptest::proptest! {
        /// The fast path never disagrees with serde: on any mutation of a
        /// valid event (a byte replaced, removed or inserted) it either gives
        /// up or returns exactly serde's event.
        #[test]
        fn fast_path_success_is_serdes_success(
            sample in 0..SAMPLES.len(),
            edits in proptest::collection::vec((0u8..3, proptest::num::usize::ANY, proptest::sample::select(INTERESTING)), 0..3),
        ) {
            let mut bytes = SAMPLES[sample].as_bytes().to_vec();
            for (kind, at, byte) in edits {
                let at = at % (bytes.len() + 1);
                match kind {
                    0 if at < bytes.len() => bytes[at] = byte,
                    1 if at < bytes.len() => { bytes.remove(at); }
                    _ => bytes.insert(at, byte),
                }
            }
            let text = String::from_utf8(bytes).unwrap();
            if let Some(fast) = event(&text) {
                proptest::prop_assert_eq!(Ok(fast), serde_path(&text), "{}", text);
            }
            let batch = format!("[{text},{}]", SAMPLES[(sample + 1) % SAMPLES.len()]);
            if let Some(fast) = events(&batch) {
                let slow = serde_json::from_str::<Vec<Event>>(&batch).map_err(|e| e.to_string());
                proptest::prop_assert_eq!(Ok(fast), slow, "{}", batch);
            }
        }
    }

    /// A JSON object's members as fields: strings as their contents, the
    /// rest as JSON text.
    fn as_fields(
        object: &serde_json::Map<String, serde_json::Value>,
    ) -> Vec<(String, String, bool)> {
        object
            .iter()
            .map(|(k, v)| match v {
                serde_json::Value::String(s) => (k.clone(), s.clone(), true),
                other => (k.clone(), other.to_string(), false),
            })
            .collect()
    }

    #[test]
    fn fields_decode_like_the_object_they_make() {
        let mut texts: Vec<String> = SAMPLES.iter().map(|s| (*s).to_owned()).collect();
        texts.push(
            r#"{"type": "login", "agent": "a\"1\u0007", "at": "2026-03-28T09:00:00Z"}"#.to_owned(),
        );
        texts.push(
            r#"{"type": "call.queued", "call": "c1", "at": "2026-03-28T09:00:00Z"}"#.to_owned(),
        );
        texts.push(r#"{"type": "answer", "at": "2026-03-28T09:00:00Z"}"#.to_owned()); // missing agent
        texts.push(
            r#"{"type": "call.queued", "call": "c1", "at": "nope", "skill_group": "s"}"#.to_owned(),
        );
        texts.push(
            r#"{"type": "set_status", "agent": "a1", "at": "2026-03-28T09:00:00Z", "status": 7}"#
                .to_owned(),
        );
        for text in &texts {
            let object: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(text).unwrap();
            let owned = as_fields(&object);
            let serde = serde_json::from_value::<Event>(serde_json::Value::Object(object.clone()))
                .map_err(|e| e.to_string());
            // Strings given as their contents, then as JSON string literals.
            let literals: Vec<String> = owned
                .iter()
                .map(|(_, v, is_str)| {
                    if *is_str {
                        serde_json::Value::String(v.clone()).to_string()
                    } else {
                        v.clone()
                    }
                })
                .collect();
            for strings_as_contents in [true, false] {
                let fields: Vec<(&str, EventField<'_>)> = owned
                    .iter()
                    .zip(&literals)
                    .map(|((k, v, is_str), literal)| {
                        let field = if *is_str && strings_as_contents {
                            EventField::Str(v)
                        } else {
                            EventField::Json(literal)
                        };
                        (k.as_str(), field)
                    })
                    .collect();
                let ours = Event::from_fields(&fields).map_err(|e| e.to_string());
                assert_eq!(
                    ours, serde,
                    "{text} (strings as contents: {strings_as_contents})"
                );
            }
        }
        // A field that is not JSON is an error, not a panic.
        assert!(Event::from_fields(&[("type", EventField::Json("{"))]).is_err());
    }

    #[test]
    fn only_plain_string_literals_are_read_as_contents() {
        assert_eq!(EventField::Str("a\"b").contents(), Ok("a\"b"));
        assert_eq!(EventField::Json(r#""abc""#).contents(), Ok("abc"));
        assert_eq!(EventField::Json(r#""""#).contents(), Ok(""));
        for json in [r#""a\u0031""#, "\"a\tb\"", r#""a" "#, r#""a"b""#, r#"""#, "7", "null", r#"["a"]"#] {
            assert_eq!(EventField::Json(json).contents(), Err(json), "{json:?}");
        }
    }

}
