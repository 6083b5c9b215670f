//! `cxkit.Templates`: leave-a-message templates (TM1) — what a channel
//! instance offers, the customer's pick, and validation of a submission.

use crate::convert::{arg, build, json, to_py};
use crate::errors::guarded;
use crate::shared::Shared;
use cxkit::core::TemplateId;
use cxkit::template_rules::ChannelInstance;
use pyo3::prelude::*;
use serde_json::Value;

/// The tenant's templates and channel bindings.
#[pyclass(frozen, module = "cxkit._cxkit", name = "Templates")]
pub(crate) struct Templates {
    pub(crate) inner: Shared<cxkit::templates::Templates>,
}

#[pymethods]
impl Templates {
    /// The templates of `config` (dict, path, or `None`); the whole
    /// `templates` section is checked here (`ConfigError`).
    #[new]
    #[pyo3(signature = (config=None))]
    fn new(py: Python<'_>, config: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        guarded(py, || {
            Ok(Templates {
                inner: build(py, config, cxkit::templates::Templates::new)?,
            })
        })
    }

    /// What `channel_instance` (`{"channel", "id"}`) offers: `{"kind":
    /// "single", "source", "template"}` or `{"kind": "choice", "templates"}`.
    fn offer(&self, py: Python<'_>, channel_instance: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let ci: ChannelInstance = arg(py, channel_instance, "channel_instance")?;
            let v = self.inner.with(py, move |t| json(&t.offer(&ci)?))?;
            to_py(py, &v)
        })
    }

    /// The customer's pick; refused unless offered on `channel_instance`.
    fn select(
        &self,
        py: Python<'_>,
        channel_instance: &Bound<'_, PyAny>,
        template_id: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let ci: ChannelInstance = arg(py, channel_instance, "channel_instance")?;
            let id: TemplateId = arg(py, template_id, "template_id")?;
            let v = self.inner.with(py, move |t| json(t.select(&ci, &id)?))?;
            to_py(py, &v)
        })
    }

    /// Validates `submission` (a dict of field values) against template
    /// `template_id`; raises `ValidationError` listing every problem.
    fn validate(
        &self,
        py: Python<'_>,
        template_id: &Bound<'_, PyAny>,
        submission: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        guarded(py, || {
            let id: TemplateId = arg(py, template_id, "template_id")?;
            let sub: Value = arg(py, submission, "submission")?;
            self.inner.with(py, move |t| t.validate(&id, &sub))
        })
    }

    /// `select` then `validate`: the stored form of a leave-a-message.
    fn submit(
        &self,
        py: Python<'_>,
        channel_instance: &Bound<'_, PyAny>,
        template_id: &Bound<'_, PyAny>,
        submission: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let ci: ChannelInstance = arg(py, channel_instance, "channel_instance")?;
            let id: TemplateId = arg(py, template_id, "template_id")?;
            let sub: Value = arg(py, submission, "submission")?;
            let v = self.inner.with(py, move |t| t.submit(&ci, &id, &sub))?;
            to_py(py, &v)
        })
    }
}
