//! `cxkit.CallCenter`: the live call center (agent board + call tracker)
//! fed by one event stream, its views, batch paths that release the GIL,
//! and pickling through the facade's snapshot.

use crate::convert::{self, arg, json, to_py};
use cxkit::error::rebase;
use crate::errors::{guarded, py_result};
use crate::fast::Scratch;
use crate::shared::Shared;
use cxkit::agents::ApplyStatus;
use cxkit::call_center::{BatchResult, Event};
use cxkit::core::{AgentId, Scope, Timestamp};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};
use serde_json::{Map, Value};

/// The live call center of one tenant.
#[pyclass(frozen, module = "cxkit._cxkit", name = "CallCenter")]
pub(crate) struct CallCenter {
    inner: Shared<cxkit::CallCenter>,
    /// The configuration it was built from, kept for pickling (the facade's
    /// `restore` needs the configuration next to the snapshot).
    config: Value,
}

/// One event from a Python value (a dict): on the fast path
/// ([`crate::fast`]) when it decodes there, otherwise through its JSON shape
/// into the facade's event reader, which gives the canonical result or error
/// (naming `event` and the path in it).
fn event_from_py(obj: &Bound<'_, PyAny>) -> Result<Event, cxkit::Error> {
    match Scratch::new(obj.py()).event(obj) {
        Some(e) => Ok(e),
        None => event_from_py_canonical(obj),
    }
}

/// The canonical reading of one event: Python → `serde_json::Value` →
/// `Event::from_value`.
pub(crate) fn event_from_py_canonical(obj: &Bound<'_, PyAny>) -> Result<Event, cxkit::Error> {
    Event::from_value(&convert::to_value(obj, "event")?)
}

/// The canonical reading of event `i` of a batch (errors name `events[i]`).
pub(crate) fn batch_event_canonical(obj: &Bound<'_, PyAny>, i: usize) -> Result<Event, cxkit::Error> {
    convert::to_value(obj, "")
        .and_then(|v| Event::from_value(&v))
        .map_err(|err| rebase(err, &format!("events[{i}]")))
}

/// The event given either as one dict or as keyword arguments
/// (`type="login", agent="a-1", at=...`).
fn event_arg(
    event: Option<&Bound<'_, PyAny>>,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> Result<Event, cxkit::Error> {
    match (event, kwargs) {
        (Some(e), None) => event_from_py(e),
        (None, Some(k)) => event_from_py(k.as_any()),
        (Some(_), Some(_)) => Err(cxkit::Error::invalid_input(
            "event",
            "give the event either as a dict or as keyword arguments, not both",
        )),
        (None, None) => Err(cxkit::Error::invalid_input("event", "no event given")),
    }
}

/// The scope argument: a dict (`{"kind": "tenant"}`, `{"kind":
/// "skill_group", "id"}`, `{"kind": "org_unit", "id"}`) or `None` for the
/// whole tenant.
fn scope_arg(py: Python<'_>, scope: Option<&Bound<'_, PyAny>>) -> PyResult<Scope> {
    Ok(convert::opt_arg(py, scope, "scope")?.unwrap_or(Scope::Tenant))
}

impl CallCenter {
    fn make(py: Python<'_>, config: cxkit::Config, snapshot: Option<Value>) -> PyResult<Self> {
        let cc = py_result(
            py,
            py.detach(|| match snapshot {
                None => cxkit::CallCenter::new(&config),
                Some(s) => cxkit::CallCenter::restore(&config, s),
            }),
        )?;
        let config = py_result(py, json(&config))?;
        Ok(CallCenter {
            inner: Shared::new(cc),
            config,
        })
    }

    /// Runs a batch through the facade's `apply_many` (each event atomic, a
    /// refused event reported with its index, the rest still applied).
    fn run_batch(&self, py: Python<'_>, events: Vec<Event>) -> PyResult<Py<PyAny>> {
        let r = self.inner.with(py, move |cc| Ok(cc.apply_many(&events)))?;
        batch_to_py(py, &r)
    }
}

/// Reads every event of a batch before any is applied: an unreadable event
/// raises `InvalidInput` (with `index`) and nothing is applied, exactly as
/// the Rust API, whose batch is typed, cannot receive it.
fn read_batch<'py>(
    py: Python<'py>,
    items: &Bound<'py, PyAny>,
    mut read: impl FnMut(&Bound<'py, PyAny>, usize) -> Result<Event, cxkit::Error>,
) -> PyResult<Vec<Event>> {
    // A list's length saves growing (and copying) the vector; an iterator
    // without one starts empty.
    let mut events = Vec::with_capacity(items.len().unwrap_or(0));
    for (i, item) in items.try_iter()?.enumerate() {
        match read(&item?, i) {
            Ok(e) => events.push(e),
            Err(e) => {
                let err = crate::errors::to_py_err(py, &e);
                err.value(py).setattr("index", i)?;
                return Err(err);
            }
        }
    }
    Ok(events)
}

/// What `__reduce__` returns: `(CallCenter.restore, (config, snapshot))`.
type Reduced = (Py<PyAny>, (Py<PyAny>, Py<PyAny>));

/// What `apply` returns. The common answer (`{"status": ...}` without an
/// ended call) is built directly, the same dict `to_py` would build; the
/// rest goes through `to_py`.
fn applied_to_py(py: Python<'_>, applied: &cxkit::Applied) -> PyResult<Py<PyAny>> {
    if applied.ended_call.is_some() {
        return to_py(py, applied);
    }
    let status = match applied.status {
        ApplyStatus::Applied => pyo3::intern!(py, "applied"),
        ApplyStatus::Duplicate => pyo3::intern!(py, "duplicate"),
    };
    let d = PyDict::new(py);
    d.set_item(pyo3::intern!(py, "status"), status)?;
    Ok(d.into_any().unbind())
}

fn batch_to_py(py: Python<'_>, r: &BatchResult) -> PyResult<Py<PyAny>> {
    to_py(py, r)
}

#[pymethods]
impl CallCenter {
    /// A call center for `config` (a dict, a `.json`/`.toml` path, or
    /// `None` for the example, `cxkit.example_config()`), every agent offline and no call in
    /// the system.
    #[new]
    #[pyo3(signature = (config=None))]
    fn new(py: Python<'_>, config: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        guarded(py, || {
            let c = py_result(py, convert::load_config(py, config))?;
            CallCenter::make(py, c, None)
        })
    }

    /// A call center for the configuration in a `.json` or `.toml` file.
    #[staticmethod]
    fn from_path(py: Python<'_>, path: std::path::PathBuf) -> PyResult<Self> {
        guarded(py, || {
            let c = py_result(py, cxkit::Config::from_path(&path))?;
            CallCenter::make(py, c, None)
        })
    }

    /// A call center for `config` whose agent board is restored from
    /// `snapshot()` (the call tracker starts empty, as in the facade).
    #[staticmethod]
    fn restore(
        py: Python<'_>,
        config: Option<&Bound<'_, PyAny>>,
        snapshot: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        guarded(py, || {
            let c = py_result(py, convert::load_config(py, config))?;
            let s: Value = arg(py, snapshot, "snapshot")?;
            CallCenter::make(py, c, Some(s))
        })
    }

    /// The agent board as a JSON-shaped dict (restore with `restore`).
    fn snapshot(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let v = self.inner.with(py, |cc| Ok(cc.snapshot()))?;
            to_py(py, &v)
        })
    }

    /// Pickle / copy support: the configuration and the board snapshot.
    fn __reduce__(slf: &Bound<'_, Self>) -> PyResult<Reduced> {
        let py = slf.py();
        guarded(py, || {
            let this = slf.get();
            let snap = this.inner.with(py, |cc| Ok(cc.snapshot()))?;
            let restore = slf.get_type().getattr("restore")?.unbind();
            Ok((restore, (to_py(py, &this.config)?, to_py(py, &snap)?)))
        })
    }

    /// Applies one event (a dict, or keyword arguments) and returns what it
    /// did: `{"status": "applied"|"duplicate", "ended_call"?: {...}}`.
    /// On error nothing changed.
    #[pyo3(signature = (event=None, **kwargs))]
    fn apply(
        &self,
        py: Python<'_>,
        event: Option<&Bound<'_, PyAny>>,
        kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let e = py_result(py, event_arg(event, kwargs))?;
            let applied = self.inner.with_short(py, move |cc| cc.apply(&e))?;
            applied_to_py(py, &applied)
        })
    }

    /// Parses and applies one JSON event (a str).
    fn apply_json(&self, py: Python<'_>, event: convert::Text) -> PyResult<Py<PyAny>> {
        let event = event.0;
        guarded(py, || {
            let applied = self.inner.with(py, move |cc| cc.apply_json(&event))?;
            to_py(py, &applied)
        })
    }

    /// Applies events (dicts) in order with the GIL released: each event on
    /// its own, a refused one reported with its index while the rest still
    /// apply. Every event is read first: an unreadable one raises
    /// `InvalidInput` (with `.index`) and nothing is applied. Returns `{"applied": n, "duplicates": n, "errors": [{"index",
    /// "error": {"code", "message", "details"}}]}`.
    fn apply_many(&self, py: Python<'_>, events: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            // The field path is built only on error (`events[i].at`).
            let mut scratch = Scratch::new(py);
            let events = read_batch(py, events, |e, i| match scratch.event(e) {
                Some(event) => Ok(event),
                None => batch_event_canonical(e, i),
            })?;
            self.run_batch(py, events)
        })
    }

    /// The compact fast path of `apply_many`: events as tuples (or lists)
    /// whose cells are named by `columns` (default `("type", "agent",
    /// "at")`). A `None` cell is left out; the `at` cell may be seconds
    /// since the Unix epoch (int or float), an RFC 3339 string or an aware
    /// datetime. Same result as `apply_many`.
    #[pyo3(signature = (rows, columns=None))]
    fn apply_rows(
        &self,
        py: Python<'_>,
        rows: &Bound<'_, PyAny>,
        columns: Option<Vec<String>>,
    ) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let columns = columns
                .unwrap_or_else(|| vec!["type".to_owned(), "agent".to_owned(), "at".to_owned()]);
            Event::check_columns(&columns).map_err(|e| crate::errors::to_py_err(py, &e))?;
            let mut scratch = Scratch::rows(py, &columns);
            let events = read_batch(py, rows, |row, i| match scratch.row(row, &columns) {
                Some(event) => Ok(event),
                None => row_event(row, &columns, i),
            })?;
            self.run_batch(py, events)
        })
    }

    /// CM1: the real-time view of `scope` (default: the whole tenant).
    #[pyo3(signature = (scope=None))]
    fn wallboard(&self, py: Python<'_>, scope: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let s = scope_arg(py, scope)?;
            let v = self.inner.with(py, move |cc| json(&cc.wallboard(&s)?))?;
            to_py(py, &v)
        })
    }

    /// CM1 items 1–2 for `scope`: the calls part of the wallboard.
    #[pyo3(signature = (scope=None))]
    fn live_calls(&self, py: Python<'_>, scope: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let s = scope_arg(py, scope)?;
            let v = self.inner.with(py, move |cc| json(&cc.live_calls(&s)?))?;
            to_py(py, &v)
        })
    }

    /// CM4: the agent listening list of `scope`.
    #[pyo3(signature = (scope=None))]
    fn listening_list(
        &self,
        py: Python<'_>,
        scope: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let s = scope_arg(py, scope)?;
            let v = self
                .inner
                .with(py, move |cc| json(&cc.listening_list(&s)?))?;
            to_py(py, &v)
        })
    }

    /// BS1: the big screen of `scope`.
    #[pyo3(signature = (scope=None))]
    fn big_screen(&self, py: Python<'_>, scope: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let s = scope_arg(py, scope)?;
            let v = self.inner.with(py, move |cc| json(&cc.big_screen(&s)?))?;
            to_py(py, &v)
        })
    }

    /// One agent's live state.
    fn agent_state(&self, py: Python<'_>, agent: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let a: AgentId = arg(py, agent, "agent")?;
            let v = self.inner.with(py, move |cc| json(&cc.agent_state(&a)?))?;
            to_py(py, &v)
        })
    }

    /// One agent's phone toolbar (TB1–TB4).
    fn toolbar(&self, py: Python<'_>, agent: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let a: AgentId = arg(py, agent, "agent")?;
            let v = self.inner.with(py, move |cc| json(&cc.toolbar(&a)?))?;
            to_py(py, &v)
        })
    }

    /// One agent's figures of the tenant day containing `now`.
    fn agent_stats(
        &self,
        py: Python<'_>,
        agent: &Bound<'_, PyAny>,
        now: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let a: AgentId = arg(py, agent, "agent")?;
            let now: Timestamp = arg(py, now, "now")?;
            let v = self
                .inner
                .with(py, move |cc| json(&cc.agent_stats(&a, now)?))?;
            to_py(py, &v)
        })
    }

    /// OS4: the online (chat) wallboard of `scope` (default: the whole tenant) at `now`.
    #[pyo3(signature = (now, scope=None))]
    fn online_wallboard(
        &self,
        py: Python<'_>,
        now: &Bound<'_, PyAny>,
        scope: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let s = scope_arg(py, scope)?;
            let now: Timestamp = arg(py, now, "now")?;
            let v = self.inner.with(py, move |cc| json(&cc.online_wallboard(&s, now)?))?;
            to_py(py, &v)
        })
    }

    /// OS3: one agent's eight online metrics for the tenant day containing `now`.
    fn online_metrics(
        &self,
        py: Python<'_>,
        agent: &Bound<'_, PyAny>,
        now: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let a: AgentId = arg(py, agent, "agent")?;
            let now: Timestamp = arg(py, now, "now")?;
            let v = self.inner.with(py, move |cc| json(&cc.online_metrics(&a, now)?))?;
            to_py(py, &v)
        })
    }

    /// OS5: scores a bot conversation's customer message with `escalation`
    /// and, when it escalates, hands it over in the same call: queued for the
    /// skill group serving the channel instance if an agent there is online
    /// with a free slot (`handed_to_queue`), else `leave_message` with what
    /// `templates` offers on `instance`.
    fn bot_handoff(
        &self,
        py: Python<'_>,
        escalation: &Bound<'_, crate::escalation::Escalation>,
        templates: &Bound<'_, crate::templates::Templates>,
        message: &Bound<'_, PyAny>,
        instance: &str,
    ) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let m: cxkit::escalation_rules::CustomerMessage = arg(py, message, "message")?;
            let instance = instance.to_owned();
            let e = &escalation.get().inner;
            let t = &templates.get().inner;
            // Lock order: call center, then escalation, then templates.
            let v = self.inner.with(py, move |cc| {
                e.run(|esc| t.run(|tm| json(&cc.bot_handoff(esc, tm, &m, &instance)?)))
            })?;
            to_py(py, &v)
        })
    }

    /// The agent's own open chats at `now` (the device API of an online agent).
    fn agent_chats(
        &self,
        py: Python<'_>,
        agent: &Bound<'_, PyAny>,
        now: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let a: AgentId = arg(py, agent, "agent")?;
            let now: Timestamp = arg(py, now, "now")?;
            let v = self.inner.with(py, move |cc| json(&cc.agent_chats(&a, now)?))?;
            to_py(py, &v)
        })
    }

    /// The workplace-monitor view (WM1, WM2, WM5) with the seven call
    /// metrics computed live from this board at `now`; every other metric
    /// comes from `other_values` (`{agent_id: {metric_key: number | None}}`).
    /// `monitor` must be built from the same configuration.
    #[pyo3(signature = (monitor, viewer, now, org_unit=None, other_values=None))]
    fn call_monitor_view(
        &self,
        py: Python<'_>,
        monitor: &Bound<'_, crate::monitor::Monitor>,
        viewer: &Bound<'_, PyAny>,
        now: &Bound<'_, PyAny>,
        org_unit: Option<&Bound<'_, PyAny>>,
        other_values: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let viewer: cxkit::thresholds::Viewer = arg(py, viewer, "viewer")?;
            let now: Timestamp = arg(py, now, "now")?;
            let unit: Option<cxkit::core::OrgUnitId> = convert::opt_arg(py, org_unit, "org_unit")?;
            let values: cxkit::thresholds::Values =
                convert::opt_arg(py, other_values, "other_values")?.unwrap_or_default();
            let m = &monitor.get().inner;
            // Lock order is always call center, then monitor (the only
            // method holding both), so two threads cannot deadlock here.
            let v = self.inner.with(py, move |cc| {
                m.run(|mon| {
                    json(&cc.call_monitor_view(mon, &viewer, unit.as_ref(), now, &values)?)
                })
            })?;
            to_py(py, &v)
        })
    }

    /// CM3: today's trend so far (the tenant day containing `now`).
    fn trend_today(&self, py: Python<'_>, now: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let now: Timestamp = arg(py, now, "now")?;
            let v = self.inner.with(py, move |cc| json(&cc.trend_today(now)?))?;
            to_py(py, &v)
        })
    }

    /// CM3: the trend of one tenant day (a `datetime.date` or an ISO date
    /// string), or `None` when no call of that day is kept.
    fn trend_of_day(&self, py: Python<'_>, date: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let date: chrono::NaiveDate = arg(py, date, "date")?;
            let v = self.inner.with(py, move |cc| json(&cc.trend_of_day(date)))?;
            to_py(py, &v)
        })
    }

    /// The tenant days with a kept trend, oldest first (ISO date strings).
    fn trend_days(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let v = self.inner.with(py, |cc| Ok(cc.trend_days()))?;
            to_py(py, &v)
        })
    }

    /// FD3: feeds a chunk of `feed`'s text (any size; a line split between
    /// chunks waits for the rest) and applies the events it completes, with
    /// the GIL released. `now` (aware `datetime` or RFC 3339) stands for
    /// the time of AMI frames without a `Timestamp:` header. Bad records
    /// are skipped and listed, each event is atomic. Returns `{"records":
    /// n, "skipped": [{"record", "code", "message"}], "batch": {"applied",
    /// "duplicates", "errors", "ended_calls"}}`.
    #[pyo3(signature = (feed, text, now=None))]
    fn apply_feed(
        &self,
        py: Python<'_>,
        feed: &Bound<'_, crate::feeds::Feed>,
        text: convert::Text,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let now = crate::feeds::now_arg(py, now)?;
            let text = text.0;
            let f = &feed.get().inner;
            // Lock order: call center, then feed (the only methods holding both).
            let v = self.inner.with(py, move |cc| {
                f.run(|feed| json(&cc.apply_feed(feed, &text, now)))
            })?;
            to_py(py, &v)
        })
    }

    /// FD3: ends `feed`'s input (its last line, an open AMI frame, held
    /// queue_log exits) and applies what that completes; same result as
    /// `apply_feed`.
    #[pyo3(signature = (feed, now=None))]
    fn finish_feed(
        &self,
        py: Python<'_>,
        feed: &Bound<'_, crate::feeds::Feed>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let now = crate::feeds::now_arg(py, now)?;
            let f = &feed.get().inner;
            let v = self
                .inner
                .with(py, move |cc| f.run(|feed| json(&cc.finish_feed(feed, now))))?;
            to_py(py, &v)
        })
    }

    /// Panics inside this object's lock. Exists only so the test suite can
    /// show that a panic in a call is `InternalError` and leaves the object
    /// usable and unchanged (#18); no rule uses it.
    fn _debug_panic(&self, py: Python<'_>, message: String) -> PyResult<()> {
        guarded(py, || self.inner.with(py, move |_| -> cxkit::Result<()> { panic!("{message}") }))
    }

    /// The ended calls kept for the current tenant day, oldest first.
    fn ended_calls(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let v = self.inner.with(py, |cc| Ok(cc.ended_calls()))?;
            to_py(py, &v)
        })
    }
}

/// One compact row as an event, the canonical way (through a JSON object).
pub(crate) fn row_event(row: &Bound<'_, PyAny>, columns: &[String], i: usize) -> Result<Event, cxkit::Error> {
    let field = || format!("rows[{i}]");
    let cells: Vec<Bound<'_, PyAny>> = if let Ok(t) = row.cast::<PyTuple>() {
        t.iter().collect()
    } else if let Ok(l) = row.cast::<PyList>() {
        l.iter().collect()
    } else {
        return Err(cxkit::Error::invalid_input(
            field(),
            "a row must be a tuple or a list",
        ));
    };
    let len = cells.len();
    if len != columns.len() {
        return Err(cxkit::Error::invalid_input(
            field(),
            format!("row has {len} cells, columns name {}", columns.len()),
        ));
    }
    let mut map = Map::with_capacity(columns.len());
    for (name, c) in columns.iter().zip(cells) {
        if c.is_none() {
            continue;
        }
        let epoch = if name == "at" {
            convert::epoch_to_rfc3339(&c, &format!("rows[{i}].at"))?
        } else {
            None
        };
        let value = match epoch {
            Some(v) => v,
            None => convert::to_value(&c, name).map_err(|e| rebase(e, &field()))?,
        };
        map.insert(name.clone(), value);
    }
    Event::from_value(&Value::Object(map)).map_err(|e| rebase(e, &field()))
}

