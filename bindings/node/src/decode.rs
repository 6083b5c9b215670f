//! Decoding events from JSON text.
//!
//! Single events and arrays go through the facade's readers
//! (`Event::from_json_str`, `Event::many_from_json_str`, `Event::from_fields`),
//! one grammar for every path. Errors name the path of the bad value
//! (`events[3].at`), as in every other language.

use crate::parse;
use cxkit::error::rebase;
use cxkit::call_center::{Event, EventField};
use serde_json::value::RawValue;

/// Decodes one event (errors name `event` and the path in it).
pub(crate) fn event(json: &str) -> cxkit::Result<Event> {
    Event::from_json_str(json)
}

/// Decodes a JSON array of events; the first malformed one fails the whole
/// batch (`INVALID_INPUT` naming `events[i]` and the path in it), before
/// anything is applied.
pub(crate) fn events(json: &str) -> cxkit::Result<Vec<Event>> {
    Event::many_from_json_str(json)
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

/// A decoded column: cells borrowed from the payloads.
enum Column<'a> {
    /// String contents, one per row.
    Joined(Vec<&'a str>),
    /// JSON text, one per row (`null` = the field is absent in that row).
    Json(Vec<&'a RawValue>),
    /// One JSON text for every row.
    Const(&'a RawValue),
}

/// The separator of `Joined` columns (ASCII unit separator).
pub(crate) const UNIT_SEPARATOR: char = '\u{1f}';

/// Decodes a columnar batch: `rows` events whose fields come from columns
/// (`specs[i]` describes `payloads[i]`). Each row is `Event::from_fields`
/// of its cells, so it decodes exactly like the JSON object
/// `{name: value, …}` would; the first row that does not decode fails the
/// batch (`INVALID_INPUT` naming `events[i]`) before anything is applied.
pub(crate) fn columns(rows: usize, specs: &str, payloads: &[String]) -> cxkit::Result<Vec<Event>> {
    let specs: Vec<ColumnSpec> = parse("columns", specs)?;
    if specs.len() != payloads.len() {
        return Err(cxkit::Error::invalid_input(
            "columns",
            "one payload per column is required",
        ));
    }
    Event::check_columns(&specs.iter().map(|s| s.name.as_str()).collect::<Vec<_>>())?;
    let mut cols = Vec::with_capacity(specs.len());
    for (spec, payload) in specs.iter().zip(payloads) {
        let field = format!("columns.{}", spec.name);
        let malformed = |e: serde_json::Error| {
            cxkit::Error::invalid_input(field.clone(), format!("malformed {field}: {e}"))
        };
        let col = match spec.kind {
            ColumnKind::Joined => Column::Joined(if rows == 0 {
                Vec::new()
            } else {
                payload.split(UNIT_SEPARATOR).collect()
            }),
            ColumnKind::Json => Column::Json(serde_json::from_str(payload).map_err(malformed)?),
            ColumnKind::Const => Column::Const(serde_json::from_str(payload).map_err(malformed)?),
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
    let mut fields: Vec<(&str, EventField<'_>)> = Vec::with_capacity(cols.len());
    let mut events = Vec::with_capacity(rows);
    for i in 0..rows {
        fields.clear();
        for (name, col) in &cols {
            let cell = match col {
                Column::Joined(v) => v.get(i).map(|s| EventField::Str(s)),
                Column::Json(v) => v.get(i).map(|r| EventField::Json(r.get())),
                Column::Const(r) => Some(EventField::Json(r.get())),
            };
            match cell {
                // `null` = the field is absent in this row.
                Some(EventField::Json(t)) if t.trim() == "null" => {}
                None => {}
                Some(cell) => fields.push((name, cell)),
            }
        }
        let event = Event::from_fields(&fields).map_err(|e| rebase(e, &format!("events[{i}]")))?;
        events.push(event);
    }
    Ok(events)
}
