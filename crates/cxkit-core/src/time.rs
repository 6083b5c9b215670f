//! Time helpers: instants are UTC, calendar days are the tenant's.
//!
//! CM3: "today" is the tenant's calendar day in the tenant's time zone. A
//! local day is not always 24 hours (DST), and a local midnight may not exist
//! or may exist twice; [`day_bounds`] returns the first instant of the day and
//! of the next day, so "today so far" is `start <= t < now`.

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// An instant. JSON: RFC 3339 (`"2026-03-28T09:00:00Z"`; any offset is
/// accepted on input and converted to UTC).
pub type Timestamp = DateTime<Utc>;

/// The tenant's calendar date at `at`.
pub fn local_date(at: Timestamp, tz: Tz) -> NaiveDate {
    at.with_timezone(&tz).date_naive()
}

/// The first instant of a local date in `tz`. If local midnight is skipped by
/// a DST change, the day starts at the first local time that exists.
pub fn start_of_day(date: NaiveDate, tz: Tz) -> Timestamp {
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
}
