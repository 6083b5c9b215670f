//! QA1: the call quality-inspection export (质检导出) as CSV.
//!
//! Caller and callee are phone numbers, never names (a record holds only
//! numbers, and no roster lookup is done here). Optional masking hides the
//! middle digits: see [`mask_number`]. Columns, in this stable order:
//!
//! `call_id, direction, hotline, caller, callee, agent, skill_group,
//! started_at, answered_at, ended_at, ended_in, end_reason, outcome,
//! wait_secs, talk_secs`
//!
//! Times are RFC 3339 UTC with `Z`; durations are seconds with up to three
//! decimals; an absent value is an empty cell.

use crate::error::CallError;
use crate::outcome::Outcome;
use crate::record::{CallRecord, Direction};
use chrono::SecondsFormat;
use cxkit_core::Timestamp;

/// The header row, in order.
pub const COLUMNS: [&str; 15] = [
    "call_id",
    "direction",
    "hotline",
    "caller",
    "callee",
    "agent",
    "skill_group",
    "started_at",
    "answered_at",
    "ended_at",
    "ended_in",
    "end_reason",
    "outcome",
    "wait_secs",
    "talk_secs",
];

/// Masks the middle digits of a phone number.
///
/// Only digits are counted and masked (a leading `+` and separators stay).
/// With 8 or more digits the first 3 and the last 4 stay visible
/// (`13812345678` → `138****5678`); with 3 to 7 digits only the last 2 stay;
/// with fewer than 3 all digits are masked.
pub fn mask_number(number: &str) -> String {
    let n = number.chars().filter(char::is_ascii_digit).count();
    let (keep_head, keep_tail) = if n >= 8 {
        (3, 4)
    } else if n >= 3 {
        (0, 2)
    } else {
        (0, 0)
    };
    let mut i = 0;
    number
        .chars()
        .map(|c| {
            if !c.is_ascii_digit() {
                return c;
            }
            let keep = i < keep_head || i >= n - keep_tail;
            i += 1;
            if keep { c } else { '*' }
        })
        .collect()
}

fn ts(t: Option<Timestamp>) -> String {
    t.map(|t| t.to_rfc3339_opts(SecondsFormat::AutoSi, true))
        .unwrap_or_default()
}

fn secs(ms: Option<i64>) -> String {
    ms.map(|ms| {
        let s = format!("{:.3}", ms as f64 / 1000.0);
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    })
    .unwrap_or_default()
}

/// Writes the CSV of `rows` (each record with its outcome; outbound `None`).
/// With `mask`, caller and callee go through [`mask_number`]. Records are
/// validated first; an inconsistent one fails the whole export.
pub fn export_csv<'a>(
    rows: impl IntoIterator<Item = (&'a CallRecord, Option<Outcome>)>,
    mask: bool,
) -> Result<String, CallError> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let io = |e: csv::Error| CallError::invalid_input("records", format!("CSV: {e}"));
    w.write_record(COLUMNS).map_err(io)?;
    for (r, outcome) in rows {
        r.validate()?;
        let num = |s: &str| if mask { mask_number(s) } else { s.to_owned() };
        let direction = match r.direction {
            Direction::Inbound => "inbound",
            Direction::Outbound => "outbound",
        };
        let end_reason = serde_json::to_value(r.end_reason)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let talk = if r.ended_in == crate::record::Stage::Talking || r.answered_at.is_some() {
            r.talk_ms()
        } else {
            None
        };
        w.write_record([
            r.call.as_str().to_owned(),
            direction.to_owned(),
            r.hotline.clone().unwrap_or_default(),
            num(&r.caller),
            num(&r.callee),
            r.agent
                .as_ref()
                .map(|a| a.as_str().to_owned())
                .unwrap_or_default(),
            r.skill_group
                .as_ref()
                .map(|g| g.as_str().to_owned())
                .unwrap_or_default(),
            ts(Some(r.started_at)),
            ts(r.answered_at),
            ts(Some(r.ended_at)),
            r.ended_in.as_str().to_owned(),
            end_reason,
            outcome.map(|o| o.as_str().to_owned()).unwrap_or_default(),
            secs(r.wait_ms()),
            secs(talk),
        ])
        .map_err(io)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| CallError::invalid_input("records", format!("CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| CallError::invalid_input("records", format!("CSV: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qa1_masking_rule() {
        assert_eq!(mask_number("13812345678"), "138****5678");
        assert_eq!(mask_number("+86 138 1234 5678"), "+86 1** **** 5678");
        assert_eq!(mask_number("95555"), "***55");
        assert_eq!(mask_number("12"), "**");
        assert_eq!(mask_number(""), "");
    }
}
