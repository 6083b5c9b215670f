//! CM3 trend (趋势): one tenant day, cut into intervals of 15, 30 or 60
//! minutes, with inbound and outbound figures per interval.
//!
//! A [`Trend`] holds *partial aggregates* — counts and sums, never averages —
//! so two trends of the same day built from disjoint record sets merge into
//! exactly the trend of their union (`merge(a, b) == aggregate(a ∪ b)`);
//! averages are computed only in the [`TrendTable`] view.
//!
//! The day is the tenant's calendar day in the tenant's zone; its intervals
//! are counted in real elapsed time from the first instant of the day, so a
//! 23-hour DST day has 46 half-hour intervals and a 25-hour day 50 (their
//! local labels show the jump or the repeated hour). A call counts in the
//! interval in which it *started* (arrived or was dialed), once it has ended.

use crate::error::CallError;
use crate::outcome::Outcome;
use crate::record::{CallRecord, Direction};
use chrono::{NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use cxkit_core::Timestamp;
use cxkit_core::time::start_of_day;
use serde::{Deserialize, Serialize};

/// Inbound sums of one interval.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
#[serde(deny_unknown_fields)]
pub struct InboundSums {
    /// Inbound calls offered (every ended inbound call that started here).
    pub offered: u64,
    /// `agent_answered`.
    pub answered: u64,
    /// `rang_not_answered`.
    pub rang_not_answered: u64,
    /// `caller_quick_hang_up`.
    pub caller_quick_hang_up: u64,
    /// `ivr_abandon`.
    pub ivr_abandon: u64,
    /// `queue_abandon`.
    pub queue_abandon: u64,
    /// `queue_timeout`.
    pub queue_timeout: u64,
    /// `outside_service_hours`.
    pub outside_service_hours: u64,
    /// CM3 "abandoned" (FD2): calls that reached a queue or an agent and
    /// that the caller ended before anyone answered — `queue_abandon`,
    /// `caller_quick_hang_up`, and `rang_not_answered` ended by the caller.
    pub abandoned: u64,
    /// Calls that entered a queue (the denominator of average wait).
    pub waited: u64,
    /// Total queue wait, milliseconds.
    pub wait_ms: i64,
    /// Answered calls (the denominator of average talk).
    pub talked: u64,
    /// Total talk (incl. hold), milliseconds.
    pub talk_ms: i64,
}

/// Outbound sums of one interval.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
#[serde(deny_unknown_fields)]
pub struct OutboundSums {
    /// Outbound calls dialed.
    pub attempts: u64,
    /// Outbound calls the customer picked up.
    pub connected: u64,
    /// Total talk of connected calls, milliseconds.
    pub talk_ms: i64,
}

/// The sums of one interval.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
#[serde(deny_unknown_fields)]
pub struct Bucket {
    /// Inbound.
    pub inbound: InboundSums,
    /// Outbound.
    pub outbound: OutboundSums,
}

/// CM3 "abandoned" (FD2): the caller ended an unanswered call after it
/// reached a queue or an agent.
#[inline]
pub fn is_abandoned(r: &CallRecord, outcome: Option<Outcome>) -> bool {
    match outcome {
        Some(Outcome::QueueAbandon | Outcome::CallerQuickHangUp) => true,
        Some(Outcome::RangNotAnswered) => r.end_reason == crate::record::EndReason::CallerHungUp,
        _ => false,
    }
}

impl Bucket {
    #[inline]
    fn add(&mut self, r: &CallRecord, outcome: Option<Outcome>) {
        match r.direction {
            Direction::Inbound => {
                let b = &mut self.inbound;
                b.offered += 1;
                match outcome {
                    Some(Outcome::AgentAnswered) => b.answered += 1,
                    Some(Outcome::RangNotAnswered) => b.rang_not_answered += 1,
                    Some(Outcome::CallerQuickHangUp) => b.caller_quick_hang_up += 1,
                    Some(Outcome::IvrAbandon) => b.ivr_abandon += 1,
                    Some(Outcome::QueueAbandon) => b.queue_abandon += 1,
                    Some(Outcome::QueueTimeout) => b.queue_timeout += 1,
                    Some(Outcome::OutsideServiceHours) => b.outside_service_hours += 1,
                    None => {}
                }
                if is_abandoned(r, outcome) {
                    b.abandoned += 1;
                }
                if let Some(w) = r.wait_ms() {
                    b.waited += 1;
                    b.wait_ms += w;
                }
                if outcome == Some(Outcome::AgentAnswered)
                    && let Some(t) = r.talk_ms()
                {
                    b.talked += 1;
                    b.talk_ms += t;
                }
            }
            Direction::Outbound => {
                let b = &mut self.outbound;
                b.attempts += 1;
                if let Some(t) = r.talk_ms() {
                    b.connected += 1;
                    b.talk_ms += t;
                }
            }
        }
    }

    fn merge(&mut self, o: &Bucket) {
        let (a, b) = (&mut self.inbound, &o.inbound);
        a.offered += b.offered;
        a.answered += b.answered;
        a.rang_not_answered += b.rang_not_answered;
        a.caller_quick_hang_up += b.caller_quick_hang_up;
        a.ivr_abandon += b.ivr_abandon;
        a.queue_abandon += b.queue_abandon;
        a.queue_timeout += b.queue_timeout;
        a.outside_service_hours += b.outside_service_hours;
        a.abandoned += b.abandoned;
        a.waited += b.waited;
        a.wait_ms += b.wait_ms;
        a.talked += b.talked;
        a.talk_ms += b.talk_ms;
        let (a, b) = (&mut self.outbound, &o.outbound);
        a.attempts += b.attempts;
        a.connected += b.connected;
        a.talk_ms += b.talk_ms;
    }
}

/// The partial aggregate of one tenant day (mergeable).
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(rename = "TrendPartial")]
#[serde(deny_unknown_fields)]
pub struct Trend {
    /// The tenant's local date.
    pub date: NaiveDate,
    /// The tenant's zone.
    #[schemars(with = "String")]
    pub time_zone: Tz,
    /// Interval length: 15, 30 or 60.
    pub interval_minutes: u32,
    /// One bucket per interval of the day, in time order.
    pub buckets: Vec<Bucket>,
    /// Records given that did not start on this day (ignored, but counted).
    #[serde(default)]
    pub outside_day: u64,
    #[serde(skip)]
    bounds: Option<(i64, i64)>,
}

impl PartialEq for Trend {
    fn eq(&self, o: &Self) -> bool {
        // `bounds` is a cache derived from the other fields.
        self.date == o.date
            && self.time_zone == o.time_zone
            && self.interval_minutes == o.interval_minutes
            && self.buckets == o.buckets
            && self.outside_day == o.outside_day
    }
}
impl Eq for Trend {}

/// Allowed interval lengths.
pub const INTERVALS: [u32; 3] = [15, 30, 60];

fn day_bounds_secs(date: NaiveDate, tz: Tz) -> (i64, i64) {
    let next = date.succ_opt().unwrap_or(date);
    (
        start_of_day(date, tz).timestamp(),
        start_of_day(next, tz).timestamp(),
    )
}

impl Trend {
    /// An empty trend for `date` in `tz`; `interval_minutes` must be 15, 30 or 60.
    pub fn new(date: NaiveDate, tz: Tz, interval_minutes: u32) -> Result<Self, CallError> {
        if !INTERVALS.contains(&interval_minutes) {
            return Err(CallError::invalid_input(
                "interval_minutes",
                format!("interval must be 15, 30 or 60 minutes, not {interval_minutes}"),
            ));
        }
        if !(cxkit_core::time::MIN_SUPPORTED_DATE..=cxkit_core::time::MAX_SUPPORTED_DATE).contains(&date) {
            return Err(CallError::invalid_input(
                "date",
                format!("{date} is outside the supported years 1900-9999"),
            ));
        }
        let (s, e) = day_bounds_secs(date, tz);
        let len = i64::from(interval_minutes) * 60;
        let n = usize::try_from((e - s + len - 1) / len).unwrap_or(0);
        Ok(Trend {
            date,
            time_zone: tz,
            interval_minutes,
            buckets: vec![Bucket::default(); n],
            outside_day: 0,
            bounds: Some((s, e)),
        })
    }

    /// The trend of the tenant day containing `at`.
    pub fn for_day_of(at: Timestamp, tz: Tz, interval_minutes: u32) -> Result<Self, CallError> {
        cxkit_core::time::check_supported(at).map_err(|m| CallError::invalid_input("at", m))?;
        Trend::new(cxkit_core::time::local_date(at, tz), tz, interval_minutes)
    }

    fn bounds(&self) -> (i64, i64) {
        self.bounds
            .unwrap_or_else(|| day_bounds_secs(self.date, self.time_zone))
    }

    /// Checks a deserialized trend (bucket count matches the day).
    pub fn validate(mut self) -> Result<Self, CallError> {
        let fresh = Trend::new(self.date, self.time_zone, self.interval_minutes)?;
        if fresh.buckets.len() != self.buckets.len() {
            return Err(CallError::invalid_input(
                "buckets",
                format!(
                    "the day {} has {} intervals of {} minutes, not {}",
                    self.date,
                    fresh.buckets.len(),
                    self.interval_minutes,
                    self.buckets.len()
                ),
            ));
        }
        self.bounds = fresh.bounds;
        Ok(self)
    }

    /// Adds one ended call with its outcome (`None` for outbound).
    #[inline]
    pub fn add(&mut self, record: &CallRecord, outcome: Option<Outcome>) {
        let (s, e) = self.bounds();
        let t = record.started_at.timestamp();
        if t < s || t >= e {
            self.outside_day += 1;
            return;
        }
        let i = ((t - s) / (i64::from(self.interval_minutes) * 60)) as usize;
        match self.buckets.get_mut(i) {
            Some(b) => b.add(record, outcome),
            None => self.outside_day += 1,
        }
    }

    /// Adds another partial aggregate of the same day, zone and interval.
    pub fn merge(&mut self, other: &Trend) -> Result<(), CallError> {
        if self.date != other.date
            || self.time_zone != other.time_zone
            || self.interval_minutes != other.interval_minutes
        {
            return Err(CallError::invalid_input(
                "other",
                format!(
                    "cannot merge the trend of {} {} /{} min with {} {} /{} min",
                    other.date,
                    other.time_zone,
                    other.interval_minutes,
                    self.date,
                    self.time_zone,
                    self.interval_minutes
                ),
            ));
        }
        if self.buckets.len() != other.buckets.len() {
            return Err(CallError::invalid_input(
                "other.buckets",
                "bucket counts differ",
            ));
        }
        for (a, b) in self.buckets.iter_mut().zip(&other.buckets) {
            a.merge(b);
        }
        self.outside_day += other.outside_day;
        Ok(())
    }

    /// The table view: every interval (or, with `now`, the intervals started
    /// at or before `now` — "today so far"), with averages and a totals row.
    pub fn table(&self, now: Option<Timestamp>) -> TrendTable {
        let (s, _) = self.bounds();
        let len = i64::from(self.interval_minutes) * 60;
        let mut totals = Bucket::default();
        let mut intervals = Vec::with_capacity(self.buckets.len());
        for (i, b) in self.buckets.iter().enumerate() {
            let start = s + i as i64 * len;
            if now.is_some_and(|n| n.timestamp() < start) {
                break;
            }
            totals.merge(b);
            let at = Utc.timestamp_opt(start, 0).single().unwrap_or_default();
            intervals.push(IntervalRow {
                start: at,
                local_start: at
                    .with_timezone(&self.time_zone)
                    .format("%H:%M")
                    .to_string(),
                inbound: InboundRow::of(&b.inbound),
                outbound: OutboundRow::of(&b.outbound),
            });
        }
        TrendTable {
            date: self.date,
            time_zone: self.time_zone,
            interval_minutes: self.interval_minutes,
            intervals,
            totals: TotalsRow {
                inbound: InboundRow::of(&totals.inbound),
                outbound: OutboundRow::of(&totals.outbound),
            },
        }
    }
}

fn avg_secs(sum_ms: i64, n: u64) -> Option<f64> {
    (n > 0).then(|| sum_ms as f64 / n as f64 / 1000.0)
}

/// Inbound figures of one interval, sums plus averages (seconds; `null` with no call).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct InboundRow {
    /// The sums.
    #[serde(flatten)]
    pub sums: InboundSums,
    /// Average queue wait, seconds.
    pub avg_wait_secs: Option<f64>,
    /// Average talk, seconds.
    pub avg_talk_secs: Option<f64>,
}

impl InboundRow {
    fn of(s: &InboundSums) -> Self {
        InboundRow {
            sums: *s,
            avg_wait_secs: avg_secs(s.wait_ms, s.waited),
            avg_talk_secs: avg_secs(s.talk_ms, s.talked),
        }
    }
}

/// Outbound figures of one interval.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct OutboundRow {
    /// The sums.
    #[serde(flatten)]
    pub sums: OutboundSums,
    /// Average talk of connected calls, seconds.
    pub avg_talk_secs: Option<f64>,
}

impl OutboundRow {
    fn of(s: &OutboundSums) -> Self {
        OutboundRow {
            sums: *s,
            avg_talk_secs: avg_secs(s.talk_ms, s.connected),
        }
    }
}

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct IntervalRow {
    /// First instant of the interval.
    pub start: Timestamp,
    /// Its local wall-clock time, `HH:MM`.
    pub local_start: String,
    /// Inbound figures.
    pub inbound: InboundRow,
    /// Outbound figures.
    pub outbound: OutboundRow,
}

/// The totals of the table's rows.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct TotalsRow {
    /// Inbound figures.
    pub inbound: InboundRow,
    /// Outbound figures.
    pub outbound: OutboundRow,
}

/// CM3: the trend table of one tenant day.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct TrendTable {
    /// The tenant's local date.
    pub date: NaiveDate,
    /// The tenant's zone.
    #[schemars(with = "String")]
    pub time_zone: Tz,
    /// Interval length in minutes.
    pub interval_minutes: u32,
    /// The rows.
    pub intervals: Vec<IntervalRow>,
    /// Sum of the rows.
    pub totals: TotalsRow,
}
