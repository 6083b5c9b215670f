//! Decoding events from JSON text.
//!
//! Single events and arrays go through the facade's one-pass readers
//! (`Event::from_json_str`, `Event::many_from_json_str`), which give exactly
//! serde's events. Errors carry serde's message for the facade's `Event`
//! (`malformed events[3]: …`), the same text the Python package reports.

use crate::parse;
use cxkit::agents::AgentEvent;
use cxkit::call_center::Event;

/// Decodes one event (`arg` names it in errors).
pub(crate) fn event(arg: &str, json: &str) -> cxkit::Result<Event> {
    match Event::from_json_str(json) {
        Ok(e) => Ok(e),
        // The error path only: serde's own message for the facade's `Event`.
        Err(_) => parse(arg, json),
    }
}

/// Decodes a JSON array of events; the first malformed one fails the whole
/// batch (`INVALID_INPUT` naming `events[i]`), before anything is applied.
pub(crate) fn events(json: &str) -> cxkit::Result<Vec<Event>> {
    Event::many_from_json_str(json).map_err(|e| match e.index {
        None => cxkit::Error::invalid_input("events", format!("malformed events: {}", e.error)),
        Some(i) => {
            let arg = format!("events[{i}]");
            let message = format!("malformed {arg}: {}", e.error);
            cxkit::Error::invalid_input(arg, message)
        }
    })
}

/// How one column of a columnar batch travels from JavaScript.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum ColumnKind {
    /// Strings joined with U+001F (the cheapest thing V8 can hand over).
    Joined,
    /// A JSON array, one value per row (`null` = field absent in that row).
    Json,
    /// One JSON value for every row.
    Const,
}

/// One column's name and how it travels.
#[derive(Debug, Clone, serde::Deserialize)]
pub(crate) struct ColumnSpec {
    /// The event field this column fills.
    name: String,
    /// How its payload is encoded.
    kind: ColumnKind,
}

/// A decoded column.
enum Column<'a> {
    Joined(Vec<&'a str>),
    Json(Vec<serde_json::Value>),
    Const(serde_json::Value),
}

/// The separator of `Joined` columns (ASCII unit separator).
pub(crate) const UNIT_SEPARATOR: char = '\u{1f}';

/// Decodes a columnar batch: `rows` events whose fields come from columns
/// (`specs[i]` describes `payloads[i]`). Each row decodes exactly like the
/// JSON object `{name: value, …}` would (same fast path, same fallback).
pub(crate) fn columns(rows: usize, specs: &str, payloads: &[String]) -> cxkit::Result<Vec<Event>> {
    let specs: Vec<ColumnSpec> = parse("columns", specs)?;
    if specs.len() != payloads.len() {
        return Err(cxkit::Error::invalid_input(
            "columns",
            "one payload per column is required",
        ));
    }
    let mut cols = Vec::with_capacity(specs.len());
    for (spec, payload) in specs.iter().zip(payloads) {
        let field = format!("columns.{}", spec.name);
        let col = match spec.kind {
            ColumnKind::Joined => {
                let v: Vec<&str> = if rows == 0 {
                    Vec::new()
                } else {
                    payload.split(UNIT_SEPARATOR).collect()
                };
                Column::Joined(v)
            }
            ColumnKind::Json => Column::Json(parse(&field, payload)?),
            ColumnKind::Const => Column::Const(parse(&field, payload)?),
        };
        let len = match &col {
            Column::Joined(v) => v.len(),
            Column::Json(v) => v.len(),
            Column::Const(_) => rows,
        };
        if len != rows {
            return Err(cxkit::Error::invalid_input(
                field,
                format!(
                    "column `{}` has {len} values for {rows} events (a string containing U+001F?)",
                    spec.name
                ),
            ));
        }
        cols.push((spec.name.as_str(), col));
    }
    (0..rows)
        .map(|i| {
            let row = Row { cols: &cols, i };
            if let Ok(e) = AgentEvent::deserialize(row.clone()) {
                return Ok(Event::Agent(e));
            }
            Event::deserialize(row).map_err(|e| {
                cxkit::Error::invalid_input(
                    format!("events[{i}]"),
                    format!("malformed event {i}: {e}"),
                )
            })
        })
        .collect()
}

use serde::Deserialize as _;
use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, Visitor};

/// Row `i` of a columnar batch, seen by serde as a map `{name: value}`.
#[derive(Clone)]
struct Row<'c, 'a> {
    cols: &'c [(&'a str, Column<'a>)],
    i: usize,
}

impl<'de, 'c: 'de, 'a: 'de> de::Deserializer<'de> for Row<'c, 'a> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_map(RowMap {
            row: self,
            next: 0,
            value: None,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// The map access over one row: skips `null` cells of JSON columns.
struct RowMap<'c, 'a> {
    row: Row<'c, 'a>,
    next: usize,
    value: Option<Cell<'c>>,
}

/// One cell, ready to be deserialized.
enum Cell<'c> {
    Str(&'c str),
    Json(&'c serde_json::Value),
}

impl<'de, 'c: 'de, 'a: 'de> MapAccess<'de> for RowMap<'c, 'a> {
    type Error = serde_json::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        while let Some((name, col)) = self.row.cols.get(self.next) {
            self.next += 1;
            let cell = match col {
                Column::Joined(v) => v.get(self.row.i).map(|s| Cell::Str(s)),
                Column::Json(v) => v.get(self.row.i).filter(|x| !x.is_null()).map(Cell::Json),
                Column::Const(x) => (!x.is_null()).then_some(Cell::Json(x)),
            };
            if let Some(cell) = cell {
                self.value = Some(cell);
                return seed
                    .deserialize(BorrowedStrDeserializer::<serde_json::Error>::new(name))
                    .map(Some);
            }
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        match self.value.take() {
            Some(Cell::Str(s)) => seed.deserialize(StrCell(s)),
            Some(Cell::Json(v)) => seed.deserialize(v.into_deserializer()),
            None => Err(de::Error::custom("value requested before its key")),
        }
    }
}

/// A string cell: a JSON string value to serde (so an `Option` field reads
/// it as `Some`, an enum as its variant name), like serde_json's string.
struct StrCell<'a>(&'a str);

impl<'de> de::Deserializer<'de> for StrCell<'de> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_borrowed_str(self.0)
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
        visitor.visit_enum(BorrowedStrDeserializer::<serde_json::Error>::new(self.0))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple
        tuple_struct map struct identifier ignored_any
    }
}
