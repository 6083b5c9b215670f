//! `cxkit.Feed` (FD3): a telephony source's text in, cxkit events out —
//! the facade's `cxkit::feeds_api`, nothing more. The translators live in
//! `cxkit-feeds`; `CallCenter.apply_feed` (in `call_center.rs`) applies
//! what a chunk completes.

use crate::convert::{self, to_py};
use crate::errors::{guarded, py_result};
use crate::shared::Shared;
use cxkit::core::Timestamp;
use pyo3::prelude::*;

/// A feed of one telephony source: text in chunks of any size (a line or
/// an AMI frame split between chunks waits for the rest), events out.
#[pyclass(frozen, module = "cxkit._cxkit", name = "Feed")]
pub(crate) struct Feed {
    /// The feed is its own lock: its partial line and the translator's
    /// call state change with every chunk.
    pub(crate) inner: Shared<cxkit::feeds::Feed>,
    source: &'static str,
}

/// The optional `now` argument (an aware `datetime` or an RFC 3339 string):
/// the time of AMI frames without a `Timestamp:` header.
pub(crate) fn now_arg(
    py: Python<'_>,
    now: Option<&Bound<'_, PyAny>>,
) -> PyResult<Option<Timestamp>> {
    convert::opt_arg(py, now, "now")
}

#[pymethods]
impl Feed {
    /// A feed of `source` (`"asterisk-queue-log"`, `"asterisk-ami"`,
    /// `"freeswitch"`, `"connect"`); `time_zone` (IANA, default UTC) is
    /// the zone of queue_log database rows' text times. Raises
    /// `InvalidInput` naming `source` or `time_zone`.
    #[new]
    #[pyo3(signature = (source, time_zone=None))]
    fn new(py: Python<'_>, source: &str, time_zone: Option<&str>) -> PyResult<Self> {
        guarded(py, || {
            let f = py_result(py, cxkit::feeds_api::open_feed(source, time_zone))?;
            Ok(Feed {
                source: f.source().as_str(),
                inner: Shared::new(f),
            })
        })
    }

    /// The source's name.
    #[getter]
    fn source(&self) -> &'static str {
        self.source
    }

    /// Translates a chunk of text without a call center. Returns
    /// `{"records": n, "events": [...], "skipped": [{"record", "code",
    /// "message"}]}`; the events are dicts `CallCenter.apply` reads.
    #[pyo3(signature = (text, now=None))]
    fn push(
        &self,
        py: Python<'_>,
        text: convert::Text,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let now = now_arg(py, now)?;
            let text = text.0;
            let out = self
                .inner
                .with(py, move |f| Ok(cxkit::feeds_api::translate(f, &text, now)))?;
            to_py(py, &out)
        })
    }

    /// Ends the input: the last line without its line end and an open AMI
    /// frame are read, held queue_log exits are flushed. Same result shape
    /// as `push`.
    #[pyo3(signature = (now=None))]
    fn finish(&self, py: Python<'_>, now: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let now = now_arg(py, now)?;
            let out = self
                .inner
                .with(py, move |f| Ok(cxkit::feeds_api::finish(f, now)))?;
            to_py(py, &out)
        })
    }

    fn __repr__(&self) -> String {
        format!("Feed('{}')", self.source)
    }
}
