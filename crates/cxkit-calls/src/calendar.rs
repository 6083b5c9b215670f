//! The service calendar (服务时间): when the tenant's hotline is staffed.
//!
//! SMS1 classifies a call that *arrived* outside the calendar as
//! `outside_service_hours`. The calendar is a chrono-tz zone, weekly opening
//! ranges (several per day; a range marked `overnight` runs past midnight into
//! the next day and belongs to the day it starts on), holidays (closed all
//! day) and extra working days that fall on a weekend (调休, make-up working
//! days) with their own hours.
//!
//! **Semantics (DST-safe):** the calendar is open at an instant iff the
//! tenant's *wall-clock* time at that instant falls in a range of that local
//! day (or in the after-midnight tail of the previous day's overnight range).
//! So in a DST gap a range that starts at a skipped time opens when the clock
//! jumps (no instant has the skipped wall-clock times), and in a DST overlap
//! the repeated wall-clock hour is open (or closed) both times it occurs.
//!
//! **Speed:** a lookup must not convert time zones. The open intervals of each
//! UTC day are computed once, in chunks of 256 days, on first use (a
//! `OnceLock` per chunk, shared by clones), so [`ServiceCalendar::is_open`] is
//! a division, an atomic load and a scan of one or two intervals.

use crate::error::CallError;
use chrono::{
    DateTime, Datelike, NaiveDate, NaiveDateTime, Offset, TimeZone, Timelike, Utc, Weekday,
};
use chrono_tz::Tz;
use cxkit_core::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, OnceLock};

/// One opening range of a day, `"09:00"`–`"18:00"` local wall-clock time.
///
/// `end` may be `"24:00"`. With `overnight: true` the range ends on the next
/// day (`"22:00"`–`"02:00"`), and `end` must not be after `start`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OpeningRange {
    /// Opening time, `HH:MM`.
    pub start: String,
    /// Closing time, `HH:MM` (exclusive; `24:00` allowed).
    pub end: String,
    /// The range runs past midnight into the next day.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub overnight: bool,
}

impl OpeningRange {
    /// A same-day range.
    pub fn new(start: &str, end: &str) -> Self {
        OpeningRange {
            start: start.to_owned(),
            end: end.to_owned(),
            overnight: false,
        }
    }
}

/// Opening ranges per weekday (Monday first).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct WeeklyHours {
    /// Monday.
    pub mon: Vec<OpeningRange>,
    /// Tuesday.
    pub tue: Vec<OpeningRange>,
    /// Wednesday.
    pub wed: Vec<OpeningRange>,
    /// Thursday.
    pub thu: Vec<OpeningRange>,
    /// Friday.
    pub fri: Vec<OpeningRange>,
    /// Saturday.
    pub sat: Vec<OpeningRange>,
    /// Sunday.
    pub sun: Vec<OpeningRange>,
}

/// A weekend day that is a working day (调休), with its hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtraWorkingDay {
    /// The local date.
    pub date: NaiveDate,
    /// Its opening ranges (non-empty).
    pub hours: Vec<OpeningRange>,
}

/// The service calendar configuration (`calls.service_calendar`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct CalendarConfig {
    /// IANA zone; absent means the tenant's zone (a standalone calendar needs it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// Regular weekly hours.
    pub weekly: WeeklyHours,
    /// Local dates closed all day (public holidays).
    pub holidays: Vec<NaiveDate>,
    /// Local dates open with their own hours, overriding the weekly hours.
    pub extra_working_days: Vec<ExtraWorkingDay>,
}

const DAY: i64 = 86_400;
const CHUNK_DAYS: i64 = 256;
/// UTC days cached: 1970-01-01 up to about 2200; outside, lookups convert directly.
const CHUNKS: usize = 330;
/// `next_open` looks this many days ahead before giving up.
pub const NEXT_OPEN_HORIZON_DAYS: i64 = 800;
/// Days from 0001-01-01 (CE day 1) to 1970-01-01.
const UNIX_EPOCH_CE_DAYS: i32 = 719_163;

/// Ranges in seconds of the local day; an overnight end is past 86 400.
type Ranges = Vec<(u32, u32)>;

#[derive(Debug)]
struct Chunk {
    /// `starts[i]..starts[i+1]` indexes `intervals` for day `i` of the chunk.
    starts: Vec<usize>,
    /// Open intervals, UTC seconds, half-open, sorted and merged per day.
    intervals: Vec<(i64, i64)>,
}

#[derive(Debug)]
struct Rules {
    tz: Tz,
    weekly: [Ranges; 7],
    holidays: BTreeSet<NaiveDate>,
    extra: BTreeMap<NaiveDate, Ranges>,
    /// No range at all: never open (skips the search in `next_open`).
    never_open: bool,
}

/// A validated, compiled service calendar. Cheap to clone (shared cache).
#[derive(Debug, Clone)]
pub struct ServiceCalendar {
    rules: Arc<Rules>,
    chunks: Arc<Vec<OnceLock<Chunk>>>,
}

fn parse_hhmm(s: &str, field: &str) -> Result<u32, CallError> {
    let bad = || {
        CallError::config(
            field,
            format!("`{s}` is not a time of day `HH:MM` (00:00–24:00)"),
        )
    };
    let (h, m) = s.split_once(':').ok_or_else(bad)?;
    if h.len() != 2 || m.len() != 2 {
        return Err(bad());
    }
    let h: u32 = h.parse().map_err(|_| bad())?;
    let m: u32 = m.parse().map_err(|_| bad())?;
    if m >= 60 || h > 24 || (h == 24 && m != 0) {
        return Err(bad());
    }
    Ok((h * 60 + m) * 60)
}

fn compile_ranges(ranges: &[OpeningRange], field: &str) -> Result<Ranges, CallError> {
    let mut out = Vec::with_capacity(ranges.len());
    for (i, r) in ranges.iter().enumerate() {
        let start = parse_hhmm(&r.start, &format!("{field}[{i}].start"))?;
        let end = parse_hhmm(&r.end, &format!("{field}[{i}].end"))?;
        if start >= DAY as u32 {
            return Err(CallError::config(
                format!("{field}[{i}].start"),
                "a range cannot start at 24:00",
            ));
        }
        if r.overnight {
            if end > start {
                return Err(CallError::config(
                    format!("{field}[{i}].end"),
                    format!(
                        "overnight range {}–{} must end at or before its start time on the next day",
                        r.start, r.end
                    ),
                ));
            }
            out.push((start, end + DAY as u32));
        } else {
            if end <= start {
                return Err(CallError::config(
                    format!("{field}[{i}].end"),
                    format!(
                        "range {}–{} ends before it starts on the same day (mark it `overnight` if it runs past midnight)",
                        r.start, r.end
                    ),
                ));
            }
            out.push((start, end));
        }
    }
    out.sort_unstable();
    Ok(out)
}

fn date_of_local_day(day: i64) -> Option<NaiveDate> {
    let d = i32::try_from(day).ok()?.checked_add(UNIX_EPOCH_CE_DAYS)?;
    NaiveDate::from_num_days_from_ce_opt(d)
}

impl Rules {
    fn day_ranges(&self, date: NaiveDate) -> &[(u32, u32)] {
        if self.holidays.contains(&date) {
            return &[];
        }
        if let Some(r) = self.extra.get(&date) {
            return r;
        }
        let i = date.weekday().num_days_from_monday() as usize;
        self.weekly.get(i).map_or(&[], |r| r.as_slice())
    }

    fn offset_at(&self, t: i64) -> i64 {
        match DateTime::from_timestamp(t, 0) {
            Some(d) => i64::from(
                self.tz
                    .offset_from_utc_datetime(&d.naive_utc())
                    .fix()
                    .local_minus_utc(),
            ),
            None => 0,
        }
    }

    /// Wall-clock membership: the definition every fast path must agree with.
    fn open_at_local(&self, local: NaiveDateTime) -> bool {
        let date = local.date();
        let t = local.num_seconds_from_midnight();
        if self.day_ranges(date).iter().any(|&(s, e)| s <= t && t < e) {
            return true;
        }
        let Some(prev) = date.pred_opt() else {
            return false;
        };
        let t = t + DAY as u32;
        self.day_ranges(prev).iter().any(|&(s, e)| s <= t && t < e)
    }

    /// Open intervals (UTC seconds) of one UTC day, sorted and merged.
    fn utc_day_intervals(&self, day: i64, out: &mut Vec<(i64, i64)>) {
        let first = out.len();
        let (a, b) = (day * DAY, (day + 1) * DAY);
        let mut t = a;
        while t < b {
            let off = self.offset_at(t);
            // Pieces of constant UTC offset; a day is assumed to hold at most
            // one change per direction (true of every real zone).
            let end = if self.offset_at(b - 1) == off {
                b
            } else {
                let (mut lo, mut hi) = (t, b - 1);
                while hi - lo > 1 {
                    let mid = lo + (hi - lo) / 2;
                    if self.offset_at(mid) == off {
                        lo = mid
                    } else {
                        hi = mid
                    }
                }
                hi
            };
            let (l0, l1) = (t + off, end + off);
            let d0 = l0.div_euclid(DAY) - 1;
            let d1 = (l1 - 1).div_euclid(DAY);
            for ld in d0..=d1 {
                let Some(date) = date_of_local_day(ld) else {
                    continue;
                };
                for &(s, e) in self.day_ranges(date) {
                    let x = (ld * DAY + i64::from(s)).max(l0);
                    let y = (ld * DAY + i64::from(e)).min(l1);
                    if x < y {
                        out.push((x - off, y - off));
                    }
                }
            }
            t = end;
        }
        let day_iv = &mut out[first..];
        day_iv.sort_unstable();
        // Merge overlapping or touching intervals in place.
        let mut w = first;
        for r in first..out.len() {
            let iv = out[r];
            if w > first && iv.0 <= out[w - 1].1 {
                out[w - 1].1 = out[w - 1].1.max(iv.1);
            } else {
                out[w] = iv;
                w += 1;
            }
        }
        out.truncate(w);
    }

    fn build_chunk(&self, chunk: i64) -> Chunk {
        let mut starts = Vec::with_capacity(CHUNK_DAYS as usize + 1);
        let mut intervals = Vec::with_capacity(CHUNK_DAYS as usize * 2);
        for i in 0..CHUNK_DAYS {
            starts.push(intervals.len());
            self.utc_day_intervals(chunk * CHUNK_DAYS + i, &mut intervals);
        }
        starts.push(intervals.len());
        Chunk { starts, intervals }
    }
}

impl ServiceCalendar {
    /// Compiles a calendar; `default_tz` is used when the config names no zone.
    /// Errors name the offending field under `service_calendar.`.
    pub fn new(config: &CalendarConfig, default_tz: Option<Tz>) -> Result<Self, CallError> {
        let p = "service_calendar";
        let tz = match (&config.time_zone, default_tz) {
            (Some(name), _) => name.parse::<Tz>().map_err(|_| {
                CallError::config(
                    format!("{p}.time_zone"),
                    format!("unknown time zone `{name}`"),
                )
            })?,
            (None, Some(tz)) => tz,
            (None, None) => {
                return Err(CallError::config(
                    format!("{p}.time_zone"),
                    "a standalone service calendar needs a time zone",
                ));
            }
        };
        let w = &config.weekly;
        let weekly = [
            compile_ranges(&w.mon, &format!("{p}.weekly.mon"))?,
            compile_ranges(&w.tue, &format!("{p}.weekly.tue"))?,
            compile_ranges(&w.wed, &format!("{p}.weekly.wed"))?,
            compile_ranges(&w.thu, &format!("{p}.weekly.thu"))?,
            compile_ranges(&w.fri, &format!("{p}.weekly.fri"))?,
            compile_ranges(&w.sat, &format!("{p}.weekly.sat"))?,
            compile_ranges(&w.sun, &format!("{p}.weekly.sun"))?,
        ];
        let holidays: BTreeSet<NaiveDate> = config.holidays.iter().copied().collect();
        let mut extra = BTreeMap::new();
        for (i, d) in config.extra_working_days.iter().enumerate() {
            let field = format!("{p}.extra_working_days[{i}]");
            if d.hours.is_empty() {
                return Err(CallError::config(
                    format!("{field}.hours"),
                    "an extra working day needs opening hours",
                ));
            }
            if holidays.contains(&d.date) {
                return Err(CallError::config(
                    format!("{field}.date"),
                    format!("{} is also a holiday", d.date),
                ));
            }
            let r = compile_ranges(&d.hours, &format!("{field}.hours"))?;
            if extra.insert(d.date, r).is_some() {
                return Err(CallError::config(
                    format!("{field}.date"),
                    format!("{} is listed twice", d.date),
                ));
            }
        }
        let never_open = weekly.iter().all(Vec::is_empty) && extra.is_empty();
        let rules = Rules {
            tz,
            weekly,
            holidays,
            extra,
            never_open,
        };
        Ok(ServiceCalendar {
            rules: Arc::new(rules),
            chunks: Arc::new((0..CHUNKS).map(|_| OnceLock::new()).collect()),
        })
    }

    /// The zone of the calendar.
    pub fn time_zone(&self) -> Tz {
        self.rules.tz
    }

    fn cached_day(&self, day: i64) -> Option<&[(i64, i64)]> {
        if day < 0 {
            return None;
        }
        let ci = usize::try_from(day / CHUNK_DAYS).ok()?;
        let cell = self.chunks.get(ci)?;
        let chunk = cell.get_or_init(|| self.rules.build_chunk(day / CHUNK_DAYS));
        let i = usize::try_from(day % CHUNK_DAYS).ok()?;
        let (s, e) = (*chunk.starts.get(i)?, *chunk.starts.get(i + 1)?);
        chunk.intervals.get(s..e)
    }

    /// Whether the hotline is staffed at `at` (wall-clock semantics, see the module doc).
    #[inline]
    pub fn is_open(&self, at: Timestamp) -> bool {
        let s = at.timestamp();
        match self.cached_day(s.div_euclid(DAY)) {
            Some(iv) => iv.iter().any(|&(a, b)| a <= s && s < b),
            None => self.is_open_direct(at),
        }
    }

    /// The same answer as [`ServiceCalendar::is_open`], computed by converting
    /// `at` to local time (no cache). The bench baseline, and the fallback
    /// outside the cached years.
    pub fn is_open_direct(&self, at: Timestamp) -> bool {
        self.rules
            .open_at_local(cxkit_core::time::local_datetime(at, self.rules.tz))
    }

    /// The first instant at or after `at` when the calendar is open (`at`
    /// itself if open now); `None` if it is not open within
    /// [`NEXT_OPEN_HORIZON_DAYS`] days.
    pub fn next_open(&self, at: Timestamp) -> Option<Timestamp> {
        if self.is_open(at) {
            return Some(at);
        }
        if self.rules.never_open {
            return None;
        }
        let s = at.timestamp();
        let day0 = s.div_euclid(DAY);
        let mut scratch = Vec::new();
        for day in day0..=day0 + NEXT_OPEN_HORIZON_DAYS {
            let iv: &[(i64, i64)] = match self.cached_day(day) {
                Some(iv) => iv,
                None => {
                    scratch.clear();
                    self.rules.utc_day_intervals(day, &mut scratch);
                    &scratch
                }
            };
            if let Some(&(a, _)) = iv.iter().find(|&&(_, b)| b > s) {
                // Not open at `at`, so the first interval ending after it starts after it.
                return Utc.timestamp_opt(a.max(s), 0).single();
            }
        }
        None
    }
}

/// A weekday's name as used in [`WeeklyHours`] (`mon` … `sun`).
pub fn weekday_key(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono::Duration;
    use proptest::prelude::*;

    fn ts(s: &str) -> Timestamp {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn shanghai() -> ServiceCalendar {
        let cfg: CalendarConfig = serde_json::from_value(serde_json::json!({
            "time_zone": "Asia/Shanghai",
            "weekly": {
                "mon": [{"start": "09:00", "end": "18:00"}], "tue": [{"start": "09:00", "end": "18:00"}],
                "wed": [{"start": "09:00", "end": "18:00"}], "thu": [{"start": "09:00", "end": "18:00"}],
                "fri": [{"start": "09:00", "end": "18:00"}], "sat": [{"start": "09:00", "end": "12:00"}]
            },
            "holidays": ["2026-02-17"],
            "extra_working_days": [{"date": "2026-02-15", "hours": [{"start": "10:00", "end": "16:00"}]}]
        }))
        .unwrap();
        ServiceCalendar::new(&cfg, None).unwrap()
    }

    #[test]
    fn sms1_weekly_hours_boundaries() {
        let c = shanghai();
        // Monday 2026-03-02, 09:00 Shanghai = 01:00Z.
        assert!(
            !c.is_open(ts("2026-03-02T00:59:59Z")),
            "one second before opening"
        );
        assert!(
            c.is_open(ts("2026-03-02T01:00:00Z")),
            "opening is inclusive"
        );
        assert!(c.is_open(ts("2026-03-02T09:59:59Z")));
        assert!(
            !c.is_open(ts("2026-03-02T10:00:00Z")),
            "closing is exclusive"
        );
        // Saturday 09:00–12:00, Sunday closed.
        assert!(c.is_open(ts("2026-03-07T03:59:00Z")));
        assert!(!c.is_open(ts("2026-03-07T04:00:00Z")));
        assert!(!c.is_open(ts("2026-03-08T03:00:00Z")));
    }

    #[test]
    fn holidays_and_make_up_days() {
        let c = shanghai();
        // Tuesday 2026-02-17 is a holiday.
        assert!(!c.is_open(ts("2026-02-17T03:00:00Z")));
        // Sunday 2026-02-15 is a make-up working day 10:00–16:00.
        assert!(!c.is_open(ts("2026-02-15T01:30:00Z")));
        assert!(c.is_open(ts("2026-02-15T02:00:00Z")));
        assert!(!c.is_open(ts("2026-02-15T08:00:00Z")));
    }

    #[test]
    fn next_open_skips_weekend_and_holiday() {
        let c = shanghai();
        // Friday 2026-03-06 18:30 local → Saturday 09:00 local.
        assert_eq!(
            c.next_open(ts("2026-03-06T10:30:00Z")),
            Some(ts("2026-03-07T01:00:00Z"))
        );
        // Open now → now.
        assert_eq!(
            c.next_open(ts("2026-03-06T02:00:00Z")),
            Some(ts("2026-03-06T02:00:00Z"))
        );
        // Monday 2026-02-16 evening → Wednesday (Tuesday is a holiday).
        assert_eq!(
            c.next_open(ts("2026-02-16T12:00:00Z")),
            Some(ts("2026-02-18T01:00:00Z"))
        );
        let never = ServiceCalendar::new(&CalendarConfig::default(), Some(chrono_tz::UTC)).unwrap();
        assert_eq!(never.next_open(ts("2026-02-16T12:00:00Z")), None);
    }

    #[test]
    fn overnight_range_belongs_to_its_start_day() {
        let cfg = CalendarConfig {
            time_zone: Some("UTC".into()),
            weekly: WeeklyHours {
                fri: vec![OpeningRange {
                    start: "22:00".into(),
                    end: "02:00".into(),
                    overnight: true,
                }],
                ..Default::default()
            },
            ..Default::default()
        };
        let c = ServiceCalendar::new(&cfg, None).unwrap();
        assert!(c.is_open(ts("2026-03-06T23:00:00Z")));
        assert!(
            c.is_open(ts("2026-03-07T01:59:59Z")),
            "Saturday tail of Friday's range"
        );
        assert!(!c.is_open(ts("2026-03-07T02:00:00Z")));
        assert!(
            !c.is_open(ts("2026-03-05T23:00:00Z")),
            "Thursday has no range"
        );
    }

    #[test]
    fn bad_ranges_and_zones_are_config_errors() {
        let mut cfg = CalendarConfig {
            time_zone: Some("Mars/Olympus".into()),
            ..Default::default()
        };
        let e = ServiceCalendar::new(&cfg, None).unwrap_err();
        assert!(
            matches!(&e, CallError::Config { field, .. } if field == "service_calendar.time_zone"),
            "{e}"
        );
        cfg.time_zone = Some("UTC".into());
        cfg.weekly.tue = vec![
            OpeningRange::new("09:00", "18:00"),
            OpeningRange::new("18:00", "17:00"),
        ];
        let e = ServiceCalendar::new(&cfg, None).unwrap_err();
        assert!(
            matches!(&e, CallError::Config { field, .. } if field == "service_calendar.weekly.tue[1].end"),
            "{e}"
        );
        cfg.weekly.tue = vec![OpeningRange::new("9:00", "18:00")];
        let e = ServiceCalendar::new(&cfg, None).unwrap_err();
        assert!(
            matches!(&e, CallError::Config { field, .. } if field == "service_calendar.weekly.tue[0].start"),
            "{e}"
        );
        cfg.weekly.tue = vec![];
        cfg.extra_working_days = vec![ExtraWorkingDay {
            date: NaiveDate::from_ymd_opt(2026, 1, 3).unwrap(),
            hours: vec![],
        }];
        let e = ServiceCalendar::new(&cfg, None).unwrap_err();
        assert!(
            matches!(&e, CallError::Config { field, .. } if field == "service_calendar.extra_working_days[0].hours"),
            "{e}"
        );
        let e = ServiceCalendar::new(&CalendarConfig::default(), None).unwrap_err();
        assert!(
            matches!(&e, CallError::Config { field, .. } if field == "service_calendar.time_zone"),
            "{e}"
        );
    }

    #[test]
    fn dst_gap_opens_when_the_clock_jumps_and_overlap_repeats() {
        // New York 2026-03-08: 02:00 → 03:00. A Sunday range 02:30–04:00.
        let mut cfg = CalendarConfig {
            time_zone: Some("America/New_York".into()),
            ..Default::default()
        };
        cfg.weekly.sun = vec![OpeningRange::new("02:30", "04:00")];
        let c = ServiceCalendar::new(&cfg, None).unwrap();
        assert!(!c.is_open(ts("2026-03-08T06:59:59Z")), "01:59:59 EST");
        assert!(
            c.is_open(ts("2026-03-08T07:00:00Z")),
            "03:00 EDT: the jump lands inside the range"
        );
        assert!(!c.is_open(ts("2026-03-08T08:00:00Z")), "04:00 EDT");
        assert_eq!(
            c.next_open(ts("2026-03-08T05:00:00Z")),
            Some(ts("2026-03-08T07:00:00Z"))
        );
        // 2026-11-01: 01:00–02:00 happens twice; a range 01:00–01:30 is open both times.
        cfg.weekly.sun = vec![OpeningRange::new("01:00", "01:30")];
        let c = ServiceCalendar::new(&cfg, None).unwrap();
        assert!(c.is_open(ts("2026-11-01T05:15:00Z")), "01:15 EDT");
        assert!(!c.is_open(ts("2026-11-01T05:45:00Z")), "01:45 EDT");
        assert!(c.is_open(ts("2026-11-01T06:15:00Z")), "01:15 EST");
        assert!(!c.is_open(ts("2026-11-01T06:45:00Z")), "01:45 EST");
    }

    /// A brute-force reference: local wall-clock time, minute by minute.
    fn reference_open(cfg: &CalendarConfig, tz: Tz, at: Timestamp) -> bool {
        fn mins(s: &str) -> u32 {
            let (h, m) = s.split_once(':').unwrap();
            h.parse::<u32>().unwrap() * 60 + m.parse::<u32>().unwrap()
        }
        let ranges_of = |d: NaiveDate| -> Vec<(u32, u32)> {
            if cfg.holidays.contains(&d) {
                return vec![];
            }
            let rs = if let Some(x) = cfg.extra_working_days.iter().find(|x| x.date == d) {
                &x.hours
            } else {
                let w = &cfg.weekly;
                match d.weekday() {
                    Weekday::Mon => &w.mon,
                    Weekday::Tue => &w.tue,
                    Weekday::Wed => &w.wed,
                    Weekday::Thu => &w.thu,
                    Weekday::Fri => &w.fri,
                    Weekday::Sat => &w.sat,
                    Weekday::Sun => &w.sun,
                }
            };
            rs.iter()
                .map(|r| {
                    (
                        mins(&r.start),
                        mins(&r.end) + if r.overnight { 1440 } else { 0 },
                    )
                })
                .collect()
        };
        let l = at.with_timezone(&tz).naive_local();
        let m = l.hour() * 60 + l.minute();
        ranges_of(l.date()).iter().any(|&(s, e)| s <= m && m < e)
            || ranges_of(l.date().pred_opt().unwrap())
                .iter()
                .any(|&(s, e)| s <= m + 1440 && m + 1440 < e)
    }

    fn arb_range() -> impl Strategy<Value = OpeningRange> {
        (0u32..48, 1u32..48, any::<bool>()).prop_map(|(s, len, overnight)| {
            let hm = |x: u32| format!("{:02}:{:02}", x / 2, (x % 2) * 30);
            if overnight {
                // Ends on the next day at or before its start.
                let end = (s + len) % 48;
                let end = if end > s { s } else { end };
                OpeningRange {
                    start: hm(s),
                    end: hm(end),
                    overnight: true,
                }
            } else {
                let e = (s + len).min(48);
                let e = if e <= s { s + 1 } else { e };
                OpeningRange {
                    start: hm(s),
                    end: hm(e.min(48)),
                    overnight: false,
                }
            }
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
        /// SMS1: the cached calendar agrees with a minute-by-minute wall-clock
        /// reference over a random week in a random zone (DST zones included).
        #[test]
        fn is_open_agrees_with_brute_force(
            zone in prop::sample::select(vec!["Asia/Shanghai", "America/New_York", "Europe/London",
                "Australia/Lord_Howe", "America/Santiago", "Asia/Kolkata", "Pacific/Apia", "UTC"]),
            days in prop::collection::vec(prop::collection::vec(arb_range(), 0..3), 7),
            start_day in 0i64..(365 * 3),
            holiday_off in 0i64..7,
            extra_off in 0i64..7,
        ) {
            let tz: Tz = zone.parse().unwrap();
            let base = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + Duration::days(start_day);
            let mut cfg = CalendarConfig { time_zone: Some(zone.into()), ..Default::default() };
            let w = &mut cfg.weekly;
            for (i, d) in days.into_iter().enumerate() {
                match i { 0 => w.mon = d, 1 => w.tue = d, 2 => w.wed = d, 3 => w.thu = d, 4 => w.fri = d, 5 => w.sat = d, _ => w.sun = d }
            }
            cfg.holidays = vec![base + Duration::days(holiday_off)];
            if extra_off != holiday_off {
                cfg.extra_working_days = vec![ExtraWorkingDay { date: base + Duration::days(extra_off), hours: vec![OpeningRange::new("07:30", "11:00")] }];
            }
            let cal = ServiceCalendar::new(&cfg, None).unwrap();
            let t0 = Utc.from_utc_datetime(&base.and_hms_opt(0, 0, 0).unwrap());
            let mut prev_open_from: Option<Timestamp> = None;
            for m in 0..(8 * 24 * 60) {
                let at = t0 + Duration::minutes(m);
                let want = reference_open(&cfg, tz, at);
                prop_assert_eq!(cal.is_open(at), want, "zone {} at {}", zone, at);
                prop_assert_eq!(cal.is_open_direct(at), want);
                if m % 97 == 0 {
                    // next_open returns an open instant no later than the first open minute.
                    if let Some(n) = cal.next_open(at) {
                        prop_assert!(n >= at && cal.is_open(n));
                    }
                }
                if want && prev_open_from.is_none() { prev_open_from = Some(at); }
            }
            if let Some(first) = prev_open_from {
                let n = cal.next_open(t0).unwrap();
                prop_assert!(n <= first, "next_open {} after first open minute {}", n, first);
            }
        }
    }
}
