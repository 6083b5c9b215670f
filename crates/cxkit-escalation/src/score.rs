//! What a sentiment scorer produces ([`Score`]) and the trait every scorer,
//! built-in or the caller's own, implements ([`SentimentScorer`]).
//!
//! A score is a number in [-1, 1] with a label, or *no signal*: a message
//! that says nothing about mood (an order number, bare punctuation, an empty
//! string). No signal is not neutral: the policy neither counts it nor lets
//! it break a run of negative messages (RB1).

use crate::error::EscalationError;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The class of a score (情绪).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Label {
    /// The customer is unhappy.
    Negative,
    /// Neither.
    Neutral,
    /// The customer is happy.
    Positive,
    /// Nothing in the message to judge mood by.
    NoSignal,
}

impl Label {
    /// The snake_case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Negative => "negative",
            Label::Neutral => "neutral",
            Label::Positive => "positive",
            Label::NoSignal => "no_signal",
        }
    }

    /// VADER's convention, used where a scorer gives a bare number:
    /// ≥ 0.05 positive, ≤ −0.05 negative, neutral between.
    pub fn from_value(score: f64) -> Label {
        Label::from_value_with_band(score, DEFAULT_NEUTRAL_BAND)
    }

    /// Labels `score` with a neutral band of half-width `band`.
    pub fn from_value_with_band(score: f64, band: f64) -> Label {
        if score >= band {
            Label::Positive
        } else if score <= -band {
            Label::Negative
        } else {
            Label::Neutral
        }
    }
}

/// The half-width of the neutral band for bare numbers (VADER's ±0.05).
pub const DEFAULT_NEUTRAL_BAND: f64 = 0.05;

/// The sentiment of one message and which scorer produced it.
///
/// JSON: `{"scorer": "zh", "label": "negative", "score": -0.62}`;
/// no signal is `{"scorer": "en", "label": "no_signal", "score": null}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Score {
    /// `"zh"`, `"en"` or the name of a caller's scorer.
    pub scorer: Arc<str>,
    /// The class.
    pub label: Label,
    /// The value in [-1, 1]; `None` exactly when the label is `no_signal`.
    pub score: Option<f64>,
}

impl Score {
    /// A scored message.
    pub fn scored(scorer: Arc<str>, score: f64, label: Label) -> Score {
        Score {
            scorer,
            label,
            score: Some(score),
        }
    }

    /// A message with no signal.
    pub fn no_signal(scorer: Arc<str>) -> Score {
        Score {
            scorer,
            label: Label::NoSignal,
            score: None,
        }
    }

    /// The value if the message was scored.
    pub fn value(&self) -> Option<f64> {
        self.score
    }

    /// Checks the invariants a policy relies on: a finite value in [-1, 1],
    /// present exactly when the label is not `no_signal`. The error names
    /// the scorer.
    pub fn validate(&self) -> Result<(), EscalationError> {
        let fail = |message: String| EscalationError::Scorer {
            scorer: self.scorer.to_string(),
            message,
        };
        match (self.label, self.score) {
            (Label::NoSignal, None) => Ok(()),
            (Label::NoSignal, Some(v)) => Err(fail(format!(
                "label no_signal must come without a score, got {v}"
            ))),
            (l, None) => Err(fail(format!("label {} needs a score", l.as_str()))),
            (_, Some(v)) if v.is_nan() => Err(fail("score is NaN".into())),
            (_, Some(v)) if !(-1.0..=1.0).contains(&v) => {
                Err(fail(format!("score {v} is outside [-1, 1]")))
            }
            (_, Some(_)) => Ok(()),
        }
    }
}

/// A pre-computed score as a caller hands it in (`observe_score`): the
/// label may be left out and is then derived from the value with VADER's
/// ±0.05 band; a missing value means no signal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScoreInput {
    /// Name of the scorer that produced it.
    pub scorer: String,
    /// The value in [-1, 1], or `null` for no signal.
    #[serde(default)]
    pub score: Option<f64>,
    /// The class; derived from the value when absent.
    #[serde(default)]
    pub label: Option<Label>,
}

impl ScoreInput {
    /// Converts to a validated [`Score`]; errors name the scorer.
    pub fn into_score(self) -> Result<Score, EscalationError> {
        let label = match (self.label, self.score) {
            (Some(l), _) => l,
            (None, None) => Label::NoSignal,
            (None, Some(v)) => Label::from_value(v),
        };
        let s = Score {
            scorer: Arc::from(self.scorer),
            label,
            score: self.score,
        };
        s.validate()?;
        Ok(s)
    }
}

/// A scorer failed (a caller's model raised, a service timed out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScorerFailure(pub String);

/// Turns text into a [`Score`]. Callers plug in their own (a Rust trait
/// object here; bindings wrap a callable). Implementations must be
/// thread-safe: one scorer serves every conversation.
pub trait SentimentScorer: Send + Sync {
    /// The name reported in [`Score::scorer`] and in errors.
    fn name(&self) -> &str;

    /// Scores one customer message.
    fn score(&self, text: &str) -> Result<Score, ScorerFailure>;
}

/// Runs `scorer` and validates its answer; any failure becomes
/// [`EscalationError::Scorer`] naming the scorer.
pub fn checked_score(scorer: &dyn SentimentScorer, text: &str) -> Result<Score, EscalationError> {
    let s = scorer.score(text).map_err(|f| EscalationError::Scorer {
        scorer: scorer.name().to_owned(),
        message: f.0,
    })?;
    s.validate().map_err(|e| match e {
        EscalationError::Scorer { message, .. } => EscalationError::Scorer {
            scorer: scorer.name().to_owned(),
            message,
        },
        other => other,
    })?;
    Ok(s)
}
