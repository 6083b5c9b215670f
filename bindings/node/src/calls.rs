//! The call rules without a call center (SMS1, CM3, QA1): [`NativeCallRules`]
//! (classify, SMS, trend, QA export), [`NativeSmsTriggers`],
//! [`NativeServiceCalendar`], [`NativeTrend`] and [`qa_export_csv`]. Work over
//! many records also has an `…Async` form that runs on the libuv pool.

use crate::config::NativeConfig;
use crate::task::JsonTask;
use crate::{Guarded, emit, guard, lock, parse};
use chrono::NaiveDate;
use cxkit::call_rules::{CalendarConfig, CallRecord};
use cxkit::calls::{CallRules, ServiceCalendar, SmsTriggers, Trend};
use cxkit::core::Timestamp;
use napi::bindgen_prelude::AsyncTask;
use napi_derive::napi;
use std::sync::Arc;

/// `CallRules`: classification, SMS triggers, trend and QA export under one
/// configuration. Immutable, so async work shares it without a lock.
#[napi]
pub struct NativeCallRules {
    inner: Arc<CallRules>,
}

#[napi]
impl NativeCallRules {
    /// The rules of `config` (`calls` section; calendar zone defaults to the tenant's).
    #[napi(constructor)]
    pub fn new(config: &NativeConfig) -> napi::Result<Self> {
        guard(|| {
            Ok(NativeCallRules {
                inner: Arc::new(CallRules::new(&config.inner)?),
            })
        })
    }

    /// SMS1: the outcome of an ended call record (`null` for outbound).
    #[napi]
    pub fn classify(&self, record: String) -> napi::Result<String> {
        guard(|| {
            emit(
                &self
                    .inner
                    .classify(&parse::<CallRecord>("record", &record)?)?,
            )
        })
    }

    /// SMS1: the SMS the record triggers.
    #[napi]
    pub fn sms_for(&self, record: String) -> napi::Result<String> {
        guard(|| {
            emit(
                &self
                    .inner
                    .sms_for(&parse::<CallRecord>("record", &record)?)?,
            )
        })
    }

    /// The `EndedCall` (record, outcome, SMS) for a record.
    #[napi]
    pub fn ended_call(&self, record: String) -> napi::Result<String> {
        guard(|| {
            emit(
                &self
                    .inner
                    .ended_call(&parse::<CallRecord>("record", &record)?)?,
            )
        })
    }

    /// CM3: the trend table of tenant day `date` (`"YYYY-MM-DD"`) over records.
    #[napi]
    pub fn trend(&self, records: String, date: String) -> napi::Result<String> {
        guard(|| trend(&self.inner, &records, &date))
    }

    /// `trend` on the libuv thread pool.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn trend_async(&self, records: String, date: String) -> AsyncTask<JsonTask> {
        let rules = Arc::clone(&self.inner);
        AsyncTask::new(JsonTask::new(move || trend(&rules, &records, &date)))
    }

    /// CM3: the mergeable partial aggregate of records for tenant day `date`.
    #[napi]
    pub fn aggregate(&self, records: String, date: String) -> napi::Result<String> {
        guard(|| {
            let records: Vec<CallRecord> = parse("records", &records)?;
            let date: NaiveDate = parse("date", &date)?;
            emit(&self.inner.aggregate(&records, date)?)
        })
    }

    /// QA1: the CSV export (outcome column filled), as a JSON string.
    #[napi]
    pub fn qa_export_csv(&self, records: String, mask: String) -> napi::Result<String> {
        guard(|| qa(&self.inner, &records, &mask))
    }

    /// `qa_export_csv` on the libuv thread pool.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn qa_export_csv_async(&self, records: String, mask: String) -> AsyncTask<JsonTask> {
        let rules = Arc::clone(&self.inner);
        AsyncTask::new(JsonTask::new(move || qa(&rules, &records, &mask)))
    }
}

fn trend(rules: &CallRules, records: &str, date: &str) -> cxkit::Result<String> {
    let records: Vec<CallRecord> = parse("records", records)?;
    let date: NaiveDate = parse("date", date)?;
    emit(&rules.trend(&records, date)?)
}

fn qa(rules: &CallRules, records: &str, mask: &str) -> cxkit::Result<String> {
    let records: Vec<CallRecord> = parse("records", records)?;
    let mask: bool = parse("mask", mask)?;
    emit(&rules.qa_export_csv(&records, mask)?)
}

/// QA1 without a configuration (outcome column empty), as a JSON string.
#[napi]
// Called from JavaScript only (the napi registration is not compiled into
// `cargo test` builds).
#[cfg_attr(test, allow(dead_code))]
pub fn qa_export_csv(records: String, mask: String) -> napi::Result<String> {
    guard(|| {
        let records: Vec<CallRecord> = parse("records", &records)?;
        let mask: bool = parse("mask", &mask)?;
        emit(&cxkit::calls::qa_export_csv(&records, mask)?)
    })
}

/// `SmsTriggers` (SMS1) on their own.
#[napi]
pub struct NativeSmsTriggers {
    inner: SmsTriggers,
}

#[napi]
impl NativeSmsTriggers {
    /// The triggers of `config` (rules, calendar and threshold from `calls`).
    #[napi(constructor)]
    pub fn new(config: &NativeConfig) -> napi::Result<Self> {
        guard(|| {
            Ok(NativeSmsTriggers {
                inner: SmsTriggers::new(&config.inner)?,
            })
        })
    }

    /// The SMS actions for an ended call record.
    #[napi]
    pub fn triggers_for(&self, record: String) -> napi::Result<String> {
        guard(|| {
            emit(
                &self
                    .inner
                    .triggers_for(&parse::<CallRecord>("record", &record)?)?,
            )
        })
    }
}

/// `ServiceCalendar`: when the hotline is staffed (local time, DST-safe).
#[napi]
pub struct NativeServiceCalendar {
    inner: ServiceCalendar,
}

#[napi]
impl NativeServiceCalendar {
    /// The calendar of a whole configuration (`calls.service_calendar`, zone
    /// defaulting to the tenant's; none = always open).
    #[napi(factory)]
    pub fn from_config(config: &NativeConfig) -> napi::Result<Self> {
        guard(|| {
            Ok(NativeServiceCalendar {
                inner: ServiceCalendar::from_config(&config.inner)?,
            })
        })
    }

    /// A calendar from its own JSON config (`time_zone` required).
    #[napi(factory)]
    pub fn from_calendar(calendar: String) -> napi::Result<Self> {
        guard(|| {
            let c: CalendarConfig = parse("calendar", &calendar)?;
            Ok(NativeServiceCalendar {
                inner: ServiceCalendar::new(&c)?,
            })
        })
    }

    /// Whether the hotline is open at `at` (JSON timestamp).
    #[napi]
    pub fn is_open(&self, at: String) -> napi::Result<bool> {
        guard(|| self.inner.is_open(parse::<Timestamp>("at", &at)?))
    }

    /// The first open instant at or after `at` (JSON; `null` if none within 800 days).
    #[napi]
    pub fn next_open(&self, at: String) -> napi::Result<String> {
        guard(|| emit(&self.inner.next_open(parse::<Timestamp>("at", &at)?)?))
    }
}

/// `Trend` (CM3): a mergeable aggregate of one tenant day.
#[napi]
pub struct NativeTrend {
    inner: Guarded<Trend>,
}

#[napi]
impl NativeTrend {
    /// An empty trend of tenant day `date` (JSON `"YYYY-MM-DD"`).
    #[napi(constructor)]
    pub fn new(config: &NativeConfig, date: String) -> napi::Result<Self> {
        guard(|| {
            let date: NaiveDate = parse("date", &date)?;
            Ok(NativeTrend {
                inner: Guarded::new(Trend::new(&config.inner, date)?),
            })
        })
    }

    /// Adds ended call records (all or nothing).
    #[napi]
    pub fn aggregate(&self, records: String) -> napi::Result<()> {
        self.inner
            .with(|t| t.aggregate(&parse::<Vec<CallRecord>>("records", &records)?))
    }

    /// `aggregate` on the libuv thread pool; settles with `null`.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn aggregate_async(&self, records: String) -> AsyncTask<JsonTask> {
        let shared = self.inner.handle();
        AsyncTask::new(JsonTask::new(move || {
            let records: Vec<CallRecord> = parse("records", &records)?;
            lock(&shared)?.aggregate(&records)?;
            emit(&())
        }))
    }

    /// Adds another partial aggregate (JSON of `partial()`) of the same day.
    #[napi]
    pub fn merge(&self, other: String) -> napi::Result<()> {
        self.inner
            .with(|t| t.merge(&parse::<cxkit::call_rules::Trend>("other", &other)?))
    }

    /// The mergeable partial aggregate (sums and counts).
    #[napi]
    pub fn partial(&self) -> napi::Result<String> {
        self.inner.with(|t| emit(t.partial()))
    }

    /// The table view (every interval of the day, with averages).
    #[napi]
    pub fn table(&self) -> napi::Result<String> {
        self.inner.with(|t| emit(&t.table()))
    }
}
