//! The standalone call objects (SMS1, CM3, QA1): `CallRules`,
//! `SmsTriggers`, `ServiceCalendar`, `Trend` and `qa_export_csv`.

use crate::convert::{arg, build, to_py};
use crate::errors::{guarded, py_result};
use crate::shared::Shared;
use chrono::NaiveDate;
use cxkit::call_rules::{CalendarConfig, CallRecord};
use cxkit::core::Timestamp;
use pyo3::prelude::*;

/// SMS1 classification, SMS triggers, trend and QA export under one
/// configuration, without a call center.
#[pyclass(frozen, module = "cxkit._cxkit", name = "CallRules")]
pub(crate) struct CallRules {
    inner: Shared<cxkit::calls::CallRules>,
}

#[pymethods]
impl CallRules {
    /// The rules of `config` (dict, path or `None`; its `calls` section).
    #[new]
    #[pyo3(signature = (config=None))]
    fn new(py: Python<'_>, config: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        guarded(py, || {
            Ok(CallRules {
                inner: build(py, config, cxkit::calls::CallRules::new)?,
            })
        })
    }

    /// SMS1: the outcome of an ended call record (`None` for outbound).
    fn classify(&self, py: Python<'_>, record: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let r: CallRecord = arg(py, record, "record")?;
            let v = self.inner.with(py, move |c| c.classify(&r))?;
            to_py(py, &v)
        })
    }

    /// SMS1: the SMS a call record triggers.
    fn sms_for(&self, py: Python<'_>, record: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let r: CallRecord = arg(py, record, "record")?;
            let v = self.inner.with(py, move |c| c.sms_for(&r))?;
            to_py(py, &v)
        })
    }

    /// `{"record", "outcome", "sms"}` for a record built by a CDR backend.
    fn ended_call(&self, py: Python<'_>, record: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let r: CallRecord = arg(py, record, "record")?;
            let v = self.inner.with(py, move |c| c.ended_call(&r))?;
            to_py(py, &v)
        })
    }

    /// CM3: the trend table of tenant day `date` over `records`.
    fn trend(
        &self,
        py: Python<'_>,
        records: &Bound<'_, PyAny>,
        date: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let rs: Vec<CallRecord> = arg(py, records, "records")?;
            let d: NaiveDate = arg(py, date, "date")?;
            let v = self.inner.with(py, move |c| c.trend(&rs, d))?;
            to_py(py, &v)
        })
    }

    /// CM3: the mergeable partial aggregate of `records` for `date`.
    fn aggregate(
        &self,
        py: Python<'_>,
        records: &Bound<'_, PyAny>,
        date: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let rs: Vec<CallRecord> = arg(py, records, "records")?;
            let d: NaiveDate = arg(py, date, "date")?;
            let v = self.inner.with(py, move |c| c.aggregate(&rs, d))?;
            to_py(py, &v)
        })
    }

    /// QA1: the CSV export with the outcome column filled; `mask` hides the
    /// middle digits of phone numbers.
    #[pyo3(signature = (records, mask=true))]
    fn qa_export_csv(
        &self,
        py: Python<'_>,
        records: &Bound<'_, PyAny>,
        mask: bool,
    ) -> PyResult<String> {
        guarded(py, || {
            let rs: Vec<CallRecord> = arg(py, records, "records")?;
            self.inner.with(py, move |c| c.qa_export_csv(&rs, mask))
        })
    }
}

/// SMS1 triggers on their own.
#[pyclass(frozen, module = "cxkit._cxkit", name = "SmsTriggers")]
pub(crate) struct SmsTriggers {
    inner: Shared<cxkit::calls::SmsTriggers>,
}

#[pymethods]
impl SmsTriggers {
    /// The triggers of `config` (dict, path or `None`; its `calls` section).
    #[new]
    #[pyo3(signature = (config=None))]
    fn new(py: Python<'_>, config: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        guarded(py, || {
            Ok(SmsTriggers {
                inner: build(py, config, cxkit::calls::SmsTriggers::new)?,
            })
        })
    }

    /// The SMS actions for an ended call record, and the rules skipped.
    fn triggers_for(&self, py: Python<'_>, record: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let r: CallRecord = arg(py, record, "record")?;
            let v = self.inner.with(py, move |s| s.triggers_for(&r))?;
            to_py(py, &v)
        })
    }
}

/// The service calendar: when the hotline is staffed.
#[pyclass(frozen, module = "cxkit._cxkit", name = "ServiceCalendar")]
pub(crate) struct ServiceCalendar {
    inner: Shared<cxkit::calls::ServiceCalendar>,
}

#[pymethods]
impl ServiceCalendar {
    /// A calendar from its own section (`{"time_zone", "weekly", ...}`;
    /// `time_zone` required).
    #[new]
    fn new(py: Python<'_>, calendar: &Bound<'_, PyAny>) -> PyResult<Self> {
        guarded(py, || {
            let c: CalendarConfig = arg(py, calendar, "calendar")?;
            let cal = py_result(py, cxkit::calls::ServiceCalendar::new(&c))?;
            Ok(ServiceCalendar {
                inner: Shared::new(cal),
            })
        })
    }

    /// The calendar of a whole configuration (`calls.service_calendar`,
    /// zone defaulting to the tenant's; always open without one).
    #[staticmethod]
    #[pyo3(signature = (config=None))]
    fn from_config(py: Python<'_>, config: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        guarded(py, || {
            Ok(ServiceCalendar {
                inner: build(py, config, cxkit::calls::ServiceCalendar::from_config)?,
            })
        })
    }

    /// Whether the hotline is staffed at `at`.
    fn is_open(&self, py: Python<'_>, at: &Bound<'_, PyAny>) -> PyResult<bool> {
        guarded(py, || {
            let at: Timestamp = arg(py, at, "at")?;
            self.inner.with(py, move |c| c.is_open(at))
        })
    }

    /// The first instant at or after `at` when it is open (RFC 3339 str),
    /// or `None` if not within 800 days.
    fn next_open(&self, py: Python<'_>, at: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let at: Timestamp = arg(py, at, "at")?;
            let v = self.inner.with(py, move |c| c.next_open(at))?;
            to_py(py, &v)
        })
    }
}

/// CM3 trend aggregation on its own: aggregate records, merge partials.
#[pyclass(frozen, module = "cxkit._cxkit", name = "Trend")]
pub(crate) struct Trend {
    inner: Shared<cxkit::calls::Trend>,
}

#[pymethods]
impl Trend {
    /// An empty trend of tenant day `date` (ISO date or `datetime.date`)
    /// under `config` (dict, path or `None` for the example): the
    /// configuration first, as everywhere (docs/decisions.md). The old order
    /// `Trend(date, config=None)` still works, with a `DeprecationWarning`.
    #[new]
    #[pyo3(signature = (config=None, date=None))]
    fn new(
        py: Python<'_>,
        config: Option<&Bound<'_, PyAny>>,
        date: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        guarded(py, || {
            let (config, date) = match date {
                Some(d) if !looks_like_date(py, d)? && config.is_some_and(|c| looks_like_date(py, c).unwrap_or(false)) => {
                    deprecated_order(py)?;
                    (Some(d), config)
                }
                Some(d) => (config, Some(d)),
                None if config.is_some_and(|c| looks_like_date(py, c).unwrap_or(false)) => {
                    deprecated_order(py)?;
                    (None, config)
                }
                None => (config, None),
            };
            let Some(date) = date else {
                return Err(pyo3::exceptions::PyTypeError::new_err(
                    "Trend(config, date): missing the tenant day `date`",
                ));
            };
            let d: NaiveDate = arg(py, date, "date")?;
            Ok(Trend {
                inner: build(py, config.filter(|c| !c.is_none()), move |c| cxkit::calls::Trend::new(c, d))?,
            })
        })
    }

    /// Adds ended call records (each classified); on error nothing was added.
    fn aggregate(&self, py: Python<'_>, records: &Bound<'_, PyAny>) -> PyResult<()> {
        guarded(py, || {
            let rs: Vec<CallRecord> = arg(py, records, "records")?;
            self.inner.with(py, move |t| t.aggregate(&rs))
        })
    }

    /// Adds another partial aggregate (from `partial()` of another Trend of
    /// the same day, zone and interval).
    fn merge(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<()> {
        guarded(py, || {
            let o: cxkit::call_rules::Trend = arg(py, other, "other")?;
            self.inner.with(py, move |t| t.merge(&o))
        })
    }

    /// The mergeable partial aggregate (sums and counts).
    fn partial(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let v = self.inner.with(py, |t| Ok(t.partial().clone()))?;
            to_py(py, &v)
        })
    }

    /// The table view (every interval of the day, with averages).
    fn table(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let v = self.inner.with(py, |t| Ok(t.table()))?;
            to_py(py, &v)
        })
    }
}

/// QA1: the CSV export of call records without a configuration (the
/// outcome column empty; `CallRules.qa_export_csv` fills it).
#[pyfunction]
#[pyo3(signature = (records, mask=true))]
pub(crate) fn qa_export_csv(
    py: Python<'_>,
    records: &Bound<'_, PyAny>,
    mask: bool,
) -> PyResult<String> {
    guarded(py, || {
        let rs: Vec<CallRecord> = arg(py, records, "records")?;
        py_result(
            py,
            py.detach(move || cxkit::calls::qa_export_csv(&rs, mask)),
        )
    })
}

/// Whether `obj` is a tenant day rather than a configuration: a
/// `datetime.date` or an ISO `YYYY-MM-DD` string (a configuration is a
/// dict, `None`, or a path ending in `.json`/`.toml`).
fn looks_like_date(py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    if let Ok(s) = obj.cast::<pyo3::types::PyString>() {
        let s = s.to_cow()?;
        return Ok(NaiveDate::parse_from_str(&s, "%Y-%m-%d").is_ok());
    }
    let date = py.import("datetime")?.getattr("date")?;
    obj.is_instance(&date)
}

/// Warns that `Trend(date, config)` is the old argument order.
fn deprecated_order(py: Python<'_>) -> PyResult<()> {
    let warning = py.get_type::<pyo3::exceptions::PyDeprecationWarning>();
    PyErr::warn(
        py,
        &warning,
        c"Trend(date, config) is deprecated: pass the configuration first, Trend(config, date)",
        2,
    )
}
