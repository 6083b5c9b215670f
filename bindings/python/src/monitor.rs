//! `cxkit.Monitor`: the workplace monitor (WM1–WM5) — the all-agents view
//! per viewer, display settings and warning thresholds.

use crate::convert::{arg, build, json, opt_arg, to_py};
use crate::errors::guarded;
use crate::shared::Shared;
use cxkit::core::OrgUnitId;
use cxkit::thresholds::{DisplayEntry, ThresholdChange, Values, Viewer};
use pyo3::prelude::*;

/// The workplace monitor of one tenant.
#[pyclass(frozen, module = "cxkit._cxkit", name = "Monitor")]
pub(crate) struct Monitor {
    pub(crate) inner: Shared<cxkit::monitor::Monitor>,
}

#[pymethods]
impl Monitor {
    /// The monitor of `config` (dict, `.json`/`.toml` path, or `None` for
    /// the example).
    #[new]
    #[pyo3(signature = (config=None))]
    fn new(py: Python<'_>, config: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        guarded(py, || {
            Ok(Monitor {
                inner: build(py, config, cxkit::monitor::Monitor::new)?,
            })
        })
    }

    /// The all-agents view of `viewer` (`{"role", "org_unit"?, "edition"?}`),
    /// optionally limited to `org_unit` and its descendants, from `values`
    /// `{agent_id: {metric_key: number | None}}` (WM1, WM2, WM5).
    #[pyo3(signature = (viewer, org_unit=None, values=None))]
    fn view(
        &self,
        py: Python<'_>,
        viewer: &Bound<'_, PyAny>,
        org_unit: Option<&Bound<'_, PyAny>>,
        values: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let viewer: Viewer = arg(py, viewer, "viewer")?;
            let unit: Option<OrgUnitId> = opt_arg(py, org_unit, "org_unit")?;
            let values: Values = opt_arg(py, values, "values")?.unwrap_or_default();
            let v = self.inner.with(py, move |m| {
                json(&m.view(&viewer, unit.as_ref(), &values)?)
            })?;
            to_py(py, &v)
        })
    }

    /// Replaces the display lists named by `changes` (WM3), all or nothing;
    /// returns the resulting settings.
    fn set_display(
        &self,
        py: Python<'_>,
        viewer: &Bound<'_, PyAny>,
        changes: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let viewer: Viewer = arg(py, viewer, "viewer")?;
            let changes: Vec<DisplayEntry> = arg(py, changes, "changes")?;
            let v = self
                .inner
                .with(py, move |m| m.set_display(&viewer, &changes))?;
            to_py(py, &v)
        })
    }

    /// Sets (or, with `"threshold": None`, removes) thresholds (WM4), all or
    /// nothing; returns every threshold.
    fn set_thresholds(
        &self,
        py: Python<'_>,
        viewer: &Bound<'_, PyAny>,
        changes: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let viewer: Viewer = arg(py, viewer, "viewer")?;
            let changes: Vec<ThresholdChange> = arg(py, changes, "changes")?;
            let v = self
                .inner
                .with(py, move |m| m.set_thresholds(&viewer, &changes))?;
            to_py(py, &v)
        })
    }

    /// The current display settings.
    fn display_settings(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let v = self.inner.with(py, |m| Ok(m.display_settings()))?;
            to_py(py, &v)
        })
    }

    /// The current thresholds, in catalog order.
    fn thresholds(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let v = self.inner.with(py, |m| Ok(m.thresholds()))?;
            to_py(py, &v)
        })
    }

    /// The metric catalog: built-ins, then the tenant's custom metrics.
    fn catalog(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let v = self.inner.with(py, |m| json(m.catalog()))?;
            to_py(py, &v)
        })
    }
}
