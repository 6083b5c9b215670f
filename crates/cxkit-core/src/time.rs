//! Time helpers: instants are UTC, calendar days are the tenant's.
//!
//! CM3: "today" is the tenant's calendar day in the tenant's time zone. A
//! local day is not always 24 hours (DST), and a local midnight may not exist
//! or may exist twice; [`day_bounds`] returns the first instant of the day and
//! of the next day, so "today so far" is `start <= t < now`.

use chrono::{DateTime, Duration, FixedOffset, LocalResult, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// An instant. JSON: RFC 3339 (`"2026-03-28T09:00:00Z"`; any offset is
/// accepted on input and converted to UTC).
pub type Timestamp = DateTime<Utc>;

/// The first instant cxkit accepts, 1900-01-01T00:00:00Z, in Unix milliseconds.
pub const MIN_SUPPORTED_MS: i64 = -2_208_988_800_000;
/// The last instant cxkit accepts, 9999-12-31T23:59:59.999Z, in Unix milliseconds.
pub const MAX_SUPPORTED_MS: i64 = 253_402_300_799_999;
/// The first supported calendar date.
pub const MIN_SUPPORTED_DATE: NaiveDate = NaiveDate::from_ymd_opt(1900, 1, 1).expect("valid date");
/// The last supported calendar date.
pub const MAX_SUPPORTED_DATE: NaiveDate = NaiveDate::from_ymd_opt(9999, 12, 31).expect("valid date");
/// The supported range as text, for error messages and docs.
pub const SUPPORTED_RANGE: &str = "1900-01-01T00:00:00Z ..= 9999-12-31T23:59:59.999Z";

/// Whether `at` lies in the supported range (years 1900–9999 UTC, see
/// `docs/decisions.md`): every instant that enters cxkit — an event's `at`, a
/// record's times, a `now` argument — is checked against it, so local-time
/// arithmetic in any tenant zone can never leave chrono's range.
pub fn is_supported(at: Timestamp) -> bool {
    let ms = at.timestamp_millis();
    // Sub-millisecond digits past the last supported millisecond are still
    // inside that millisecond.
    (MIN_SUPPORTED_MS..=MAX_SUPPORTED_MS).contains(&ms)
}

/// `Ok(at)` in the supported range; otherwise the error text that names it.
pub fn check_supported(at: Timestamp) -> Result<Timestamp, String> {
    if is_supported(at) {
        Ok(at)
    } else {
        Err(out_of_range_message(&at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)))
    }
}

/// The message for an instant outside the supported range.
pub fn out_of_range_message(shown: &str) -> String {
    format!("{shown} is outside the supported time range {SUPPORTED_RANGE}")
}

/// `at` clamped into the supported range: what the pure helpers below work
/// on, so that even an unchecked instant from a Rust caller cannot make a
/// local-time conversion panic.
pub fn clamp_supported(at: Timestamp) -> Timestamp {
    let ms = at.timestamp_millis();
    if ms < MIN_SUPPORTED_MS {
        DateTime::from_timestamp_millis(MIN_SUPPORTED_MS).unwrap_or(at)
    } else if ms > MAX_SUPPORTED_MS {
        DateTime::from_timestamp_millis(MAX_SUPPORTED_MS).unwrap_or(at)
    } else {
        at
    }
}

/// The tenant's local date and time at `at` (clamped to the supported range).
pub fn local_datetime(at: Timestamp, tz: Tz) -> chrono::NaiveDateTime {
    clamp_supported(at).with_timezone(&tz).naive_local()
}

/// The tenant's calendar date at `at` (clamped to the supported range).
pub fn local_date(at: Timestamp, tz: Tz) -> NaiveDate {
    local_datetime(at, tz).date()
}

/// The first instant of a local date in `tz`. If local midnight is skipped by
/// a DST change, the day starts at the first local time that exists.
pub fn start_of_day(date: NaiveDate, tz: Tz) -> Timestamp {
    // Dates are clamped to the supported years like instants are, so the
    // zone arithmetic below stays far inside chrono's range.
    let date = date.clamp(MIN_SUPPORTED_DATE, MAX_SUPPORTED_DATE);
    let mut t = date.and_time(NaiveTime::MIN);
    // A DST gap is at most a few hours; step in minutes until a time exists.
    for _ in 0..(24 * 60) {
        match tz.from_local_datetime(&t) {
            LocalResult::Single(x) => return x.with_timezone(&Utc),
            LocalResult::Ambiguous(a, b) => return a.min(b).with_timezone(&Utc),
            LocalResult::None => t += Duration::minutes(1),
        }
    }
    // Unreachable for real zones; fall back to treating the date as UTC.
    Utc.from_utc_datetime(&date.and_time(NaiveTime::MIN))
}

/// `[start, end)` of the tenant day containing `at`, as UTC instants.
pub fn day_bounds(at: Timestamp, tz: Tz) -> (Timestamp, Timestamp) {
    let d = local_date(at, tz);
    let next = d.succ_opt().unwrap_or(d);
    (start_of_day(d, tz), start_of_day(next, tz))
}

/// Parses an RFC 3339 timestamp exactly as chrono's `DateTime<Utc>` (and so
/// every `Timestamp` field) does: same accepted strings, same instant, same
/// error. The canonical UTC shape `YYYY-MM-DDTHH:MM:SS[.f…]Z` (or `+00:00`),
/// which is what `Date.prototype.toISOString`, Python's `isoformat` in UTC
/// and chrono itself write, is read by a direct digit parser; anything else
/// (other offsets, lower-case `t`, a space, leap seconds, more than nine
/// fraction digits, errors) goes through chrono's own parser.
pub fn parse_timestamp(s: &str) -> Result<Timestamp, chrono::ParseError> {
    match parse_canonical_utc(s) {
        Some(t) => Ok(t),
        None => s
            .parse::<DateTime<FixedOffset>>()
            .map(|t| t.with_timezone(&Utc)),
    }
}

/// The canonical UTC shape only; `None` for anything else.
fn parse_canonical_utc(s: &str) -> Option<Timestamp> {
    let b = s.as_bytes();
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let digit = |i: usize| -> Option<u32> {
        let d = b[i].wrapping_sub(b'0');
        (d < 10).then_some(u32::from(d))
    };
    let two = |i: usize| -> Option<u32> { Some(digit(i)? * 10 + digit(i + 1)?) };
    let year = two(0)? * 100 + two(2)?;
    let (month, day) = (two(5)?, two(8)?);
    let (hour, minute, second) = (two(11)?, two(14)?, two(17)?);
    if second >= 60 {
        return None; // a leap second: chrono's rules
    }
    let mut i = 19;
    let mut nanos = 0u32;
    if b[i] == b'.' {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            if i - start >= 9 {
                return None;
            }
            nanos = nanos * 10 + u32::from(b[i] - b'0');
            i += 1;
        }
        let n = i - start;
        if n == 0 {
            return None;
        }
        nanos *= 10u32.pow(9 - n as u32);
    }
    match &b[i..] {
        b"Z" | b"+00:00" => {}
        _ => return None,
    }
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    Some(
        date.and_hms_nano_opt(hour, minute, second, nanos)?
            .and_utc(),
    )
}

/// A timestamp field's text read as every event and record reads it:
/// [`parse_timestamp`], then the supported range ([`is_supported`]); the
/// error is the text a decoding error carries.
pub fn parse_supported(s: &str) -> Result<Timestamp, String> {
    let t = parse_timestamp(s).map_err(|e| e.to_string())?;
    if is_supported(t) {
        Ok(t)
    } else {
        Err(out_of_range_message(s))
    }
}

/// Serde helpers that read `Timestamp` fields through [`parse_timestamp`]:
/// the same accepted input, value and error text as chrono's own
/// `Deserialize`, faster on the canonical UTC shape, and an instant outside
/// the supported range ([`is_supported`]) refused with a message naming it. Use as
/// `#[serde(deserialize_with = "cxkit_core::time::serde_fast::timestamp")]`,
/// or `…::option` with `#[serde(default)]` for an `Option<Timestamp>`.
pub mod serde_fast {
    use super::Timestamp;
    use serde::de::{self, Deserialize, Deserializer, Visitor};
    use std::fmt;

    struct Rfc3339;

    impl Visitor<'_> for Rfc3339 {
        type Value = Timestamp;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            // chrono's wording, so errors read the same.
            f.write_str("an RFC 3339 formatted date and time string")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Timestamp, E> {
            super::parse_supported(v).map_err(E::custom)
        }
    }

    /// A `Timestamp` field.
    pub fn timestamp<'de, D: Deserializer<'de>>(d: D) -> Result<Timestamp, D::Error> {
        d.deserialize_str(Rfc3339)
    }

    struct Wrapped(Timestamp);

    impl<'de> Deserialize<'de> for Wrapped {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            timestamp(d).map(Wrapped)
        }
    }

    /// An `Option<Timestamp>` field (`null` = `None`; pair with `#[serde(default)]`).
    pub fn option<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
        Ok(Option::<Wrapped>::deserialize(d)?.map(|w| w.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn cm3_day_in_tenant_zone() {
        // 23:30 UTC on the 27th is already the 28th in Shanghai.
        let (s, e) = day_bounds(ts("2026-03-27T23:30:00Z"), chrono_tz::Asia::Shanghai);
        assert_eq!(s, ts("2026-03-27T16:00:00Z"));
        assert_eq!(e, ts("2026-03-28T16:00:00Z"));
    }

    #[test]
    fn dst_days_are_23_and_25_hours() {
        let ny = chrono_tz::America::New_York;
        let (s, e) = day_bounds(ts("2026-03-08T12:00:00Z"), ny);
        assert_eq!(e - s, Duration::hours(23));
        let (s, e) = day_bounds(ts("2026-11-01T12:00:00Z"), ny);
        assert_eq!(e - s, Duration::hours(25));
    }

    #[test]
    fn skipped_midnight_starts_at_first_existing_time() {
        // America/Santiago skipped 2022-09-11 00:00 → 01:00.
        let tz = chrono_tz::America::Santiago;
        let d = NaiveDate::from_ymd_opt(2022, 9, 11).unwrap();
        let s = start_of_day(d, tz);
        assert_eq!(s.with_timezone(&tz).date_naive(), d);
        assert_eq!(s, ts("2022-09-11T04:00:00Z"));
    }

    #[test]
    fn fast_timestamps_agree_with_chrono() {
        for s in [
            "2026-03-02T01:00:00Z",
            "2026-03-02T01:00:00.5Z",
            "2026-03-02T01:00:00.123Z",
            "2026-03-02T01:00:00.123456789Z",
            "2026-03-02T01:00:00.1234567891Z",
            "2026-03-02T01:00:00+00:00",
            "2026-03-02T01:00:00+08:00",
            "2026-03-02t01:00:00z",
            "2026-03-02 01:00:00Z",
            "2024-02-29T23:59:59Z",
            "2016-12-31T23:59:60Z",
            "2026-02-29T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-03-02T24:00:00Z",
            "2026-03-02T01:00:00.Z",
            "2026-03-02T01:00:00",
            "2026-03-02T01:00:00Z ",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z",
            "２026-03-02T01:00:00Z",
            "",
        ] {
            let chrono = s
                .parse::<DateTime<FixedOffset>>()
                .map(|t| t.with_timezone(&Utc));
            assert_eq!(parse_timestamp(s), chrono, "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn fast_timestamps_agree_with_chrono_everywhere(
            secs in -62_000_000_000i64..253_000_000_000i64,
            nanos in 0u32..1_000_000_000,
            digits in 0usize..=10,
            offset in proptest::sample::select(vec!["Z", "+00:00", "+08:00", "-00:00", "z"]),
            junk in proptest::option::of((0usize..32, proptest::num::u8::ANY)),
        ) {
            let t = DateTime::from_timestamp(secs, nanos).unwrap();
            let mut s = t.format("%Y-%m-%dT%H:%M:%S").to_string();
            if digits > 0 {
                let frac = format!("{nanos:09}0");
                s.push('.');
                s.push_str(&frac[..digits]);
            }
            s.push_str(offset);
            if let Some((at, byte)) = junk {
                let mut bytes = s.into_bytes();
                let at = at % bytes.len();
                bytes[at] = byte;
                s = String::from_utf8_lossy(&bytes).into_owned();
            }
            let chrono = s.parse::<DateTime<FixedOffset>>().map(|t| t.with_timezone(&Utc));
            proptest::prop_assert_eq!(parse_timestamp(&s), chrono, "{:?}", s);
        }
    }

    #[test]
    fn serde_fast_reads_like_chrono() {
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct Fast {
            #[serde(deserialize_with = "serde_fast::timestamp")]
            at: Timestamp,
            #[serde(default, deserialize_with = "serde_fast::option")]
            until: Option<Timestamp>,
        }
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct Chrono {
            at: Timestamp,
            until: Option<Timestamp>,
        }
        for text in [
            r#"{"at": "2026-03-02T01:00:00Z"}"#,
            r#"{"at": "2026-03-02T01:00:00.25Z", "until": null}"#,
            r#"{"at": "2026-03-02T09:00:00+08:00", "until": "2026-03-02T01:00:00Z"}"#,
            r#"{"at": "yesterday"}"#,
            r#"{"at": 5}"#,
            r#"{"until": "2026-03-02T01:00:00Z"}"#,
            r#"{"at": "2026-03-02T01:00:00Z", "until": 7}"#,
        ] {
            let fast = serde_json::from_str::<Fast>(text).map_err(|e| e.to_string());
            let chrono = serde_json::from_str::<Chrono>(text).map_err(|e| e.to_string());
            match (fast, chrono) {
                (Ok(f), Ok(c)) => assert_eq!((f.at, f.until), (c.at, c.until), "{text}"),
                (Err(f), Err(c)) => assert_eq!(f, c, "{text}"),
                (f, c) => panic!("{text}: {f:?} vs {c:?}"),
            }
        }
    }
}
