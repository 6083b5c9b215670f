//! The call side of [`crate::CallCenter`] — call tracker, outcomes, SMS
//! triggers, today's trend (SMS1, CM1 1–2, CM3) — and the standalone call
//! objects bindings wrap without a call center: [`CallRules`] (classify,
//! SMS, trend, QA export), [`SmsTriggers`], [`ServiceCalendar`], [`Trend`]
//! and [`qa_export_csv`] (QA1). Every function takes and returns serde types
//! and fails with [`crate::Error`].

use crate::call_center::CallCenter;
use crate::config::Config;
use crate::error::{Error, FieldError, Result};
use chrono::NaiveDate;
use cxkit_calls::{
    CallPolicy, CallRecord, LiveCalls, Outcome, SmsDecision, TrendTable,
};
use cxkit_core::{Scope, Timestamp};
use serde::{Deserialize, Serialize};

pub use cxkit_calls::{CalendarConfig, CallsConfig};

/// A call that ended: its record, its SMS1 outcome (`null` for outbound)
/// and the SMS it triggers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct EndedCall {
    /// The call record.
    pub record: CallRecord,
    /// SMS1 outcome; `None` for an outbound call.
    pub outcome: Option<Outcome>,
    /// The SMS actions (and matching rules skipped, with the reason).
    pub sms: SmsDecision,
}

impl From<cxkit_calls::EndedRecord> for EndedCall {
    fn from(e: cxkit_calls::EndedRecord) -> Self {
        EndedCall {
            record: e.record,
            outcome: e.outcome,
            sms: e.sms,
        }
    }
}

impl CallCenter {
    /// CM1 items 1–2 for a scope (the call part of the wallboard). Tenant
    /// and org-unit scope see all calls and every skill group (queues belong
    /// to no org unit); a skill-group scope sees that group only.
    pub fn live_calls(&self, scope: &Scope) -> Result<LiveCalls> {
        Ok(self.calls.live(scope)?)
    }

    /// CM3: today's trend so far — the tenant day (tenant zone) containing
    /// `now`, the intervals started at or before `now`.
    pub fn trend_today(&self, now: Timestamp) -> Result<TrendTable> {
        Ok(self.calls.trend_today(now)?)
    }

    /// CM3 for a whole kept tenant day — today or one of the
    /// `calls.trend_days - 1` days before it (a multi-day feed, a late
    /// call) — or `None` if no call that started that day ended while it
    /// was kept.
    pub fn trend_of_day(&self, date: chrono::NaiveDate) -> Option<TrendTable> {
        self.calls.trend_of_day(date)
    }

    /// The tenant days with a kept trend, oldest first.
    pub fn trend_days(&self) -> Vec<chrono::NaiveDate> {
        self.calls.trend_days()
    }

    /// The ended calls kept for the current tenant day (calls that started on
    /// it), oldest first; at most `calls.max_ended_calls` (default 10 000),
    /// dropping the oldest. Dropped calls still count in the trend.
    pub fn ended_calls(&self) -> Vec<EndedCall> {
        self.calls
            .ended_calls()
            .cloned()
            .map(EndedCall::from)
            .collect()
    }
}

/// SMS1 and friends without a call center: classification, SMS triggers,
/// trend aggregation and QA export under one configuration.
#[derive(Debug, Clone)]
pub struct CallRules {
    policy: CallPolicy,
    tz: cxkit_core::Tz,
}

impl CallRules {
    /// Rules from a whole configuration (`calls` section; the calendar's zone
    /// defaults to the tenant's).
    pub fn new(config: &Config) -> Result<Self> {
        let tz = cxkit_core::tenant::parse_time_zone(&config.tenant.time_zone, "tenant.time_zone")?;
        Ok(CallRules {
            policy: config.calls.compile(Some(tz))?,
            tz,
        })
    }

    /// SMS1: the outcome of an ended call (`None` for outbound). An
    /// inconsistent record is a `VALIDATION_ERROR` naming each field.
    pub fn classify(&self, record: &CallRecord) -> Result<Option<Outcome>> {
        Ok(self.policy.classifier.classify(record)?)
    }

    /// SMS1: the SMS the record triggers.
    pub fn sms_for(&self, record: &CallRecord) -> Result<SmsDecision> {
        let outcome = self.classify(record)?;
        Ok(self.policy.sms.triggers_for(record, outcome))
    }

    /// An [`EndedCall`] for a record built by a CDR backend.
    pub fn ended_call(&self, record: &CallRecord) -> Result<EndedCall> {
        let outcome = self.classify(record)?;
        let sms = self.policy.sms.triggers_for(record, outcome);
        Ok(EndedCall {
            record: record.clone(),
            outcome,
            sms,
        })
    }

    /// CM3: the trend table of tenant day `date` over `records` (records that
    /// did not start that day are counted in `outside_day` of the partial only).
    pub fn trend(&self, records: &[CallRecord], date: NaiveDate) -> Result<TrendTable> {
        Ok(self.aggregate(records, date)?.table(None))
    }

    /// CM3: the mergeable partial aggregate of `records` for tenant day `date`.
    pub fn aggregate(&self, records: &[CallRecord], date: NaiveDate) -> Result<cxkit_calls::Trend> {
        let mut t = cxkit_calls::Trend::new(date, self.tz, self.policy.interval_minutes)?;
        for (i, r) in records.iter().enumerate() {
            let o = self
                .policy
                .classifier
                .classify(r)
                .map_err(|e| at_index(e, i))?;
            t.add(r, o);
        }
        Ok(t)
    }

    /// QA1: the CSV export with the outcome column filled.
    pub fn qa_export_csv(&self, records: &[CallRecord], mask: bool) -> Result<String> {
        let mut rows = Vec::with_capacity(records.len());
        for (i, r) in records.iter().enumerate() {
            rows.push((
                r,
                self.policy
                    .classifier
                    .classify(r)
                    .map_err(|e| at_index(e, i))?,
            ));
        }
        Ok(cxkit_calls::qa::export_csv(rows, mask)?)
    }
}

fn at_index(e: cxkit_calls::CallError, i: usize) -> Error {
    match e {
        cxkit_calls::CallError::InvalidRecord { problems } => {
            let problems = problems
                .into_iter()
                .map(|mut p| {
                    p.field = format!("records[{i}].{}", p.field);
                    p
                })
                .collect();
            cxkit_calls::CallError::InvalidRecord { problems }.into()
        }
        other => other.into(),
    }
}

/// SMS1 triggers on their own: `triggers_for(record)`.
#[derive(Debug, Clone)]
pub struct SmsTriggers {
    rules: CallRules,
}

impl SmsTriggers {
    /// The triggers of a configuration (rules, calendar and threshold from `calls`).
    pub fn new(config: &Config) -> Result<Self> {
        Ok(SmsTriggers {
            rules: CallRules::new(config)?,
        })
    }

    /// The SMS actions for an ended call: at most one per rule, to the
    /// caller's number; a withheld or invalid number is listed in `skipped`.
    pub fn triggers_for(&self, record: &CallRecord) -> Result<SmsDecision> {
        self.rules.sms_for(record)
    }
}

/// The service calendar on its own (`is_open`, `next_open`).
#[derive(Debug, Clone)]
pub struct ServiceCalendar {
    inner: cxkit_calls::ServiceCalendar,
}

impl ServiceCalendar {
    /// A calendar from its own config; `time_zone` is required here.
    pub fn new(config: &CalendarConfig) -> Result<Self> {
        Ok(ServiceCalendar {
            inner: cxkit_calls::ServiceCalendar::new(config, None)?,
        })
    }

    /// The calendar of a configuration (`calls.service_calendar`, zone
    /// defaulting to the tenant's). Without one the hotline is always open.
    pub fn from_config(config: &Config) -> Result<Self> {
        let tz = cxkit_core::tenant::parse_time_zone(&config.tenant.time_zone, "tenant.time_zone")?;
        let cal = match &config.calls.service_calendar {
            Some(c) => c.clone(),
            None => {
                let all_day = vec![cxkit_calls::OpeningRange::new("00:00", "24:00")];
                let w = cxkit_calls::WeeklyHours {
                    mon: all_day.clone(),
                    tue: all_day.clone(),
                    wed: all_day.clone(),
                    thu: all_day.clone(),
                    fri: all_day.clone(),
                    sat: all_day.clone(),
                    sun: all_day,
                };
                CalendarConfig {
                    weekly: w,
                    ..CalendarConfig::default()
                }
            }
        };
        let inner = cxkit_calls::ServiceCalendar::new(&cal, Some(tz)).map_err(|e| match e {
            cxkit_calls::CallError::Config { field, message } => {
                Error::config(format!("calls.{field}"), message)
            }
            other => other.into(),
        })?;
        Ok(ServiceCalendar { inner })
    }

    /// Whether the hotline is staffed at `at` (local wall-clock time; DST-safe).
    pub fn is_open(&self, at: Timestamp) -> Result<bool> {
        Ok(self.inner.is_open(Error::check_time("at", at)?))
    }

    /// The first instant at or after `at` when it is open (`at` if open now);
    /// `None` if not within 800 days.
    pub fn next_open(&self, at: Timestamp) -> Result<Option<Timestamp>> {
        Ok(self.inner.next_open(Error::check_time("at", at)?))
    }
}

/// CM3 trend aggregation on its own: aggregate records, merge partials.
#[derive(Debug, Clone)]
pub struct Trend {
    rules: CallRules,
    partial: cxkit_calls::Trend,
}

impl Trend {
    /// An empty trend of tenant day `date` under a configuration.
    pub fn new(config: &Config, date: NaiveDate) -> Result<Self> {
        let rules = CallRules::new(config)?;
        let partial = cxkit_calls::Trend::new(date, rules.tz, rules.policy.interval_minutes)?;
        Ok(Trend { rules, partial })
    }

    /// Adds ended calls (each classified). On error nothing was added.
    pub fn aggregate(&mut self, records: &[CallRecord]) -> Result<()> {
        let part = self.rules.aggregate(records, self.partial.date)?;
        self.partial.merge(&part)?;
        Ok(())
    }

    /// Adds another partial aggregate of the same day, zone and interval
    /// (e.g. from another process); `merge(a, b) == aggregate(a ∪ b)`.
    pub fn merge(&mut self, other: &cxkit_calls::Trend) -> Result<()> {
        let other = other.clone().validate()?;
        Ok(self.partial.merge(&other)?)
    }

    /// The mergeable partial aggregate (sums and counts).
    pub fn partial(&self) -> &cxkit_calls::Trend {
        &self.partial
    }

    /// The table view (every interval of the day, with averages).
    pub fn table(&self) -> TrendTable {
        self.partial.table(None)
    }
}

/// QA1: the CSV export of call records (caller and callee as numbers; with
/// `mask`, middle digits hidden — keep the first 3 and last 4 of 8+ digits).
/// The `outcome` column is empty here because it needs the tenant's service
/// calendar; [`CallRules::qa_export_csv`] fills it.
pub fn qa_export_csv(records: &[CallRecord], mask: bool) -> Result<String> {
    Ok(cxkit_calls::qa::export_csv(
        records.iter().map(|r| (r, None)),
        mask,
    )?)
}

impl From<cxkit_calls::CallError> for Error {
    fn from(e: cxkit_calls::CallError) -> Self {
        use cxkit_calls::CallError as C;
        let message = e.to_string();
        match e {
            C::Core(c) => c.into(),
            C::Config { field, .. } => Error::config(field, message),
            C::InvalidRecord { problems } => Error::Validation {
                errors: problems
                    .into_iter()
                    .map(|p| FieldError {
                        field: p.field,
                        code: p.code,
                        message: p.message,
                    })
                    .collect(),
                message,
            },
            C::InvalidInput { field, .. } => Error::InvalidInput { field, message },
            C::UnknownCall { call } => Error::UnknownEntity {
                kind: "call".into(),
                id: call,
                message,
            },
            C::InvalidTransition { call, state, event } => Error::InvalidTransition {
                subject: call,
                state,
                event,
                message,
            },
            C::OutOfOrder { call, last, got } => Error::OutOfOrder {
                subject: call,
                last,
                got,
                message,
            },
            #[allow(unreachable_patterns)]
            other => Error::Internal {
                message: other.to_string(),
            },
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn config() -> Config {
        Config::from_json_value(json!({
            "tenant": {"id": "t1", "time_zone": "Asia/Shanghai", "skill_groups": [{"id": "sales"}],
                       "agents": [{"id": "a1", "kind": "call", "skill_groups": ["sales"]}]},
            "calls": {"sms_rules": [{"name": "missed", "outcomes": ["queue_abandon"], "template": "sms-missed"}]}
        }))
        .unwrap()
    }

    #[test]
    fn sms1_bad_record_is_a_validation_error_naming_fields() {
        let rules = CallRules::new(&config()).unwrap();
        let r: CallRecord = serde_json::from_value(json!({
            "call": "c1", "caller": "13812345678", "callee": "400", "started_at": "2026-03-02T02:00:00Z",
            "ended_in": "talking", "answered_at": "2026-03-02T02:00:10Z", "end_reason": "caller_hung_up",
            "ended_at": "2026-03-02T02:00:05Z"
        }))
        .unwrap();
        let e = rules.classify(&r).unwrap_err();
        assert_eq!(e.code(), "VALIDATION_ERROR");
        let fields: Vec<_> = e.details()["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["field"].as_str().unwrap().to_owned())
            .collect();
        assert!(fields.contains(&"answered_at".to_owned()), "{fields:?}");
    }

    #[test]
    fn call_center_routes_call_events_and_keeps_the_day() {
        let mut cc = CallCenter::new(&config()).unwrap();
        let ev = |v: serde_json::Value| cc_event(v);
        cc.apply(&ev(json!({"type": "call.arrived", "call": "c1", "at": "2026-03-02T02:00:00Z", "caller": "13812345678"}))).unwrap();
        cc.apply(&ev(json!({"type": "call.queued", "call": "c1", "at": "2026-03-02T02:00:05Z", "skill_group": "sales"}))).unwrap();
        assert_eq!(cc.live_calls(&Scope::Tenant).unwrap().waiting[0].waiting, 1);
        let a = cc
            .apply(&ev(
                json!({"type": "call.caller_hung_up", "call": "c1", "at": "2026-03-02T02:01:00Z"}),
            ))
            .unwrap();
        let ended = a.ended_call.unwrap();
        assert_eq!(ended.outcome, Some(Outcome::QueueAbandon));
        assert_eq!(ended.sms.actions.len(), 1);
        assert_eq!(cc.ended_calls().len(), 1);
        let now: Timestamp = "2026-03-02T02:30:00Z".parse().unwrap();
        assert_eq!(
            cc.trend_today(now)
                .unwrap()
                .totals
                .inbound
                .sums
                .queue_abandon,
            1
        );
        let e = cc
            .apply(&ev(
                json!({"type": "call.held", "call": "c1", "at": "2026-03-02T02:02:00Z"}),
            ))
            .unwrap_err();
        assert_eq!(e.code(), "UNKNOWN_ENTITY");
    }

    fn cc_event(v: serde_json::Value) -> crate::call_center::Event {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn no_calendar_means_always_open() {
        let cal = ServiceCalendar::from_config(&config()).unwrap();
        assert!(cal.is_open("2026-03-08T20:00:00Z".parse().unwrap()).unwrap());
        let e = ServiceCalendar::new(&CalendarConfig::default()).unwrap_err();
        assert_eq!(e.details()["field"], "service_calendar.time_zone");
    }

    #[test]
    fn standalone_trend_merges_partials() {
        let c = config();
        let date = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let r: CallRecord = serde_json::from_value(json!({
            "call": "c1", "caller": "1", "callee": "2", "started_at": "2026-03-02T02:00:00Z",
            "ended_in": "ivr", "end_reason": "caller_hung_up", "ended_at": "2026-03-02T02:00:05Z"
        }))
        .unwrap();
        let mut a = Trend::new(&c, date).unwrap();
        a.aggregate(std::slice::from_ref(&r)).unwrap();
        let mut b = Trend::new(&c, date).unwrap();
        b.merge(a.partial()).unwrap();
        b.merge(a.partial()).unwrap();
        assert_eq!(b.table().totals.inbound.sums.ivr_abandon, 2);
        let other = Trend::new(&c, date.succ_opt().unwrap()).unwrap();
        assert_eq!(
            b.merge(other.partial()).unwrap_err().code(),
            "INVALID_INPUT"
        );
        let csv = qa_export_csv(&[r], true).unwrap();
        assert!(
            csv.lines()
                .nth(1)
                .unwrap()
                .contains(",ivr,caller_hung_up,,"),
            "{csv}"
        );
    }
}
