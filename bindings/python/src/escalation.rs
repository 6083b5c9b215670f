//! `cxkit.Escalation`: bot-to-human escalation (RB1) — sentiment scoring
//! and the hand-over decision — with the built-in scorer or any Python
//! callable `str -> float | None`.

use crate::convert::{arg, json, to_py};
use crate::errors::{guarded, py_result};
use crate::shared::Shared;
use cxkit::core::{ConversationId, Timestamp};
use cxkit::escalation::Escalation as FacadeEscalation;
use cxkit::escalation_rules::{
    CustomerMessage, EscalationError, Score, ScoreInput, ScorerFailure, SentimentScorer,
};
use pyo3::prelude::*;

/// A Python callable used as the sentiment scorer: `text -> float | None`
/// (a value in [-1, 1], or `None` for "no signal").
///
/// The facade validates what it returns (range, NaN) and reports any
/// failure as `SCORER_ERROR` naming the scorer; an exception raised by the
/// callable becomes that failure, with the exception's type and message.
struct PyScorer {
    name: String,
    callable: Py<PyAny>,
}

impl SentimentScorer for PyScorer {
    fn name(&self) -> &str {
        &self.name
    }

    fn score(&self, text: &str) -> Result<Score, ScorerFailure> {
        // Called with the object's lock held and the GIL released (see
        // `shared`), so re-attaching here cannot deadlock.
        let value: Result<Option<f64>, String> = Python::attach(|py| {
            let out = self
                .callable
                .call1(py, (text,))
                .map_err(|e| format!("the scorer raised {}", describe(py, &e)))?;
            let out = out.bind(py);
            if out.is_none() {
                return Ok(None);
            }
            if out.is_instance_of::<pyo3::types::PyBool>() {
                return Err(
                    "the scorer returned a bool; return a float in [-1, 1] or None".to_owned(),
                );
            }
            out.extract::<f64>().map(Some).map_err(|_| {
                let ty = out
                    .get_type()
                    .name()
                    .map(|n| n.to_string())
                    .unwrap_or_default();
                format!("the scorer returned `{ty}`; return a float in [-1, 1] or None")
            })
        });
        let score = value.map_err(ScorerFailure)?;
        ScoreInput {
            scorer: self.name.clone(),
            score,
            label: None,
        }
        .into_score()
        .map_err(|e| match e {
            // The facade prefixes the scorer's name itself.
            EscalationError::Scorer { message, .. } => ScorerFailure(message),
            other => ScorerFailure(other.to_string()),
        })
    }
}

fn describe(py: Python<'_>, e: &PyErr) -> String {
    let ty = e
        .get_type(py)
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "an exception".to_owned());
    format!("{ty}: {}", e.value(py))
}

/// The escalation policy of one tenant with its scorer.
#[pyclass(frozen, module = "cxkit._cxkit", name = "Escalation")]
pub(crate) struct Escalation {
    pub(crate) inner: Shared<FacadeEscalation>,
}

#[pymethods]
impl Escalation {
    /// The escalation of `config` (whole configuration: dict, path or
    /// `None`; its `escalation` section applies). `scorer` is an optional
    /// callable `str -> float | None` replacing the built-in Chinese/English
    /// scorer; `scorer_name` names it in scores and errors (default: the
    /// callable's `__name__`).
    #[new]
    #[pyo3(signature = (config=None, *, scorer=None, scorer_name=None))]
    fn new(
        py: Python<'_>,
        config: Option<&Bound<'_, PyAny>>,
        scorer: Option<&Bound<'_, PyAny>>,
        scorer_name: Option<String>,
    ) -> PyResult<Self> {
        guarded(py, || {
            let c = py_result(py, crate::convert::load_config(py, config))?;
            let esc = match scorer.filter(|s| !s.is_none()) {
                None => py_result(py, FacadeEscalation::new(&c.escalation))?,
                Some(s) => {
                    if !s.is_callable() {
                        return Err(crate::errors::to_py_err(
                            py,
                            &cxkit::Error::invalid_input(
                                "scorer",
                                "the scorer must be callable: str -> float | None",
                            ),
                        ));
                    }
                    let name = scorer_name
                        .or_else(|| {
                            s.getattr("__name__")
                                .and_then(|n| n.extract::<String>())
                                .ok()
                        })
                        .unwrap_or_else(|| "custom".to_owned());
                    let scorer = PyScorer {
                        name,
                        callable: s.clone().unbind(),
                    };
                    py_result(
                        py,
                        FacadeEscalation::with_scorer(&c.escalation, Box::new(scorer)),
                    )?
                }
            };
            Ok(Escalation {
                inner: Shared::new(esc),
            })
        })
    }

    /// Scores one text with this object's scorer:
    /// `{"scorer", "label", "score"}`.
    fn score(&self, py: Python<'_>, text: crate::convert::Text) -> PyResult<Py<PyAny>> {
        let text = text.0;
        guarded(py, || {
            let v = self.inner.with(py, move |e| e.score(&text))?;
            to_py(py, &v)
        })
    }

    /// Scores a customer message (`{"conversation", "channel", "text",
    /// "at"}`) and decides whether to hand it to a human.
    #[pyo3(signature = (message, human_available=true))]
    fn observe(
        &self,
        py: Python<'_>,
        message: &Bound<'_, PyAny>,
        human_available: bool,
    ) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let m: CustomerMessage = arg(py, message, "message")?;
            let v = self
                .inner
                .with(py, move |e| json(&e.observe(&m, human_available)?))?;
            to_py(py, &v)
        })
    }

    /// Decides on a message scored by the caller: `score` is
    /// `{"scorer", "score": float | None, "label"?}`.
    #[pyo3(signature = (message, score, human_available=true))]
    fn observe_score(
        &self,
        py: Python<'_>,
        message: &Bound<'_, PyAny>,
        score: &Bound<'_, PyAny>,
        human_available: bool,
    ) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let m: CustomerMessage = arg(py, message, "message")?;
            let s: ScoreInput = arg(py, score, "score")?;
            let v = self.inner.with(py, move |e| {
                json(&e.observe_score(&m, s, human_available)?)
            })?;
            to_py(py, &v)
        })
    }

    /// Ends a conversation.
    fn end(
        &self,
        py: Python<'_>,
        conversation: &Bound<'_, PyAny>,
        at: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let c: ConversationId = arg(py, conversation, "conversation")?;
            let at: Timestamp = arg(py, at, "at")?;
            let v = self.inner.with(py, move |e| json(&e.end(&c, at)?))?;
            to_py(py, &v)
        })
    }

    /// Forgets conversations idle for the configured timeout; returns their ids.
    fn evict_idle(&self, py: Python<'_>, now: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let now: Timestamp = arg(py, now, "now")?;
            let v = self.inner.with(py, move |e| e.evict_idle(now))?;
            to_py(py, &v)
        })
    }

    /// Number of conversations held.
    fn conversations(&self, py: Python<'_>) -> PyResult<usize> {
        guarded(py, || self.inner.with(py, |e| Ok(e.conversations())))
    }
}
