//! [`Escalation`]: bot-to-human escalation (机器人转人工, RB1) — scores each
//! customer message (the built-in Chinese/English scorer, or one written in
//! Kotlin/Swift through the [`SentimentScorer`] callback interface) and
//! decides when the bot hands the conversation to a human.
//!
//! `Score` holds an `Arc<str>`, which uniffi cannot carry, so it and the
//! [`Decision`] that embeds it are owned mirrors; the other types are
//! remote re-declarations.

use crate::config::Config;
use crate::error::CxError;
use crate::guard::{guard, lock};
use crate::types::Timestamp;
use cxkit::core::{Channel, ConversationId};
use cxkit::escalation_rules::tracker::{Ended, NotEligibleWhy};
use cxkit::escalation_rules::{CustomerMessage, Label, Reason, Route, ScoreInput, ScorerFailure};
use serde::Serialize;
use std::sync::{Arc, Mutex};

/// The sentiment of one message.
#[uniffi::remote(Enum)]
pub enum Label {
    /// Negative.
    Negative,
    /// Neutral.
    Neutral,
    /// Positive.
    Positive,
    /// The scorer found nothing to go on (no score).
    NoSignal,
}

/// A score as a caller gives it: the label defaults from the value
/// (±0.05 neutral band); no value and no label means no signal.
#[uniffi::remote(Record)]
pub struct ScoreInput {
    /// Who scored.
    pub scorer: String,
    /// The value in [-1, 1].
    #[uniffi(default)]
    pub score: Option<f64>,
    /// The label, if the scorer has its own.
    #[uniffi(default)]
    pub label: Option<Label>,
}

/// One customer message in a conversation served by the bot.
#[uniffi::remote(Record)]
pub struct CustomerMessage {
    /// The conversation (会话).
    pub conversation: ConversationId,
    /// The channel it arrived on.
    pub channel: Channel,
    /// What the customer wrote.
    #[uniffi(default)]
    pub text: String,
    /// When it was sent.
    pub at: Timestamp,
}

/// Why a message is not handled by the policy.
#[uniffi::remote(Enum)]
pub enum NotEligibleWhy {
    /// RB1 covers only desktop_web, mobile_web and app.
    ChannelNotSupported,
    /// The tenant switched escalation off for this channel.
    ChannelSwitchedOff,
}

/// Where an escalated conversation goes.
#[uniffi::remote(Enum)]
pub enum Route {
    /// To a human agent's queue.
    HumanAgent,
    /// Nobody is available: invite the customer to leave a message (留言).
    LeaveMessage,
}

/// One condition that caused an escalation, with the evidence.
#[uniffi::remote(Enum)]
pub enum Reason {
    /// N negative messages in a row.
    ConsecutiveNegative {
        /// Length of the run.
        count: u32,
        /// The run's scores, oldest first.
        scores: Vec<f64>,
    },
    /// The window mean fell below the threshold.
    WindowMean {
        /// The mean.
        mean: f64,
        /// The configured threshold.
        threshold: f64,
        /// The window's scores, oldest first.
        scores: Vec<f64>,
    },
    /// Negative for at least T seconds.
    NegativeDuration {
        /// Seconds since the first message of the negative run.
        seconds: i64,
        /// The configured T.
        threshold_seconds: u64,
        /// Time of the first message of the run.
        since: Timestamp,
    },
    /// The customer asked for a human (转人工).
    HumanRequested {
        /// The configured phrase that matched.
        phrase: String,
    },
}

/// What [`Escalation::end`] reports.
#[uniffi::remote(Record)]
pub struct Ended {
    /// The conversation.
    pub conversation: ConversationId,
    /// Whether it had been escalated.
    pub escalated: bool,
}

/// A checked score.
#[derive(Debug, Clone, PartialEq, Serialize, uniffi::Record)]
pub struct Score {
    /// Who scored.
    pub scorer: String,
    /// The label.
    pub label: Label,
    /// The value in [-1, 1]; `null` exactly when the label is `NO_SIGNAL`.
    pub score: Option<f64>,
}

impl From<cxkit::escalation_rules::Score> for Score {
    fn from(s: cxkit::escalation_rules::Score) -> Self {
        Score {
            scorer: s.scorer.to_string(),
            label: s.label,
            score: s.score,
        }
    }
}

/// The policy's answer to one message.
#[derive(Debug, Clone, PartialEq, Serialize, uniffi::Enum)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum Decision {
    /// The bot keeps the conversation.
    Continue {
        /// The conversation.
        conversation: ConversationId,
        /// The message's score.
        score: Score,
    },
    /// Hand the conversation over now.
    Escalate {
        /// The conversation.
        conversation: ConversationId,
        /// The message's score.
        score: Score,
        /// Every condition that holds, in a fixed order.
        reasons: Vec<Reason>,
        /// Whether a human agent is available, as the caller said.
        human_available: bool,
        /// `HUMAN_AGENT`, or `LEAVE_MESSAGE` when nobody is available.
        route: Route,
    },
    /// The conversation was escalated before; the bot no longer decides.
    AlreadyWithHuman {
        /// The conversation.
        conversation: ConversationId,
    },
    /// The channel is not covered by RB1 or its switch is off.
    NotEligible {
        /// The conversation.
        conversation: ConversationId,
        /// The channel of the message.
        channel: Channel,
        /// Why.
        why: NotEligibleWhy,
    },
}

impl From<cxkit::escalation_rules::Decision> for Decision {
    fn from(d: cxkit::escalation_rules::Decision) -> Self {
        use cxkit::escalation_rules::Decision as D;
        match d {
            D::Continue {
                conversation,
                score,
            } => Decision::Continue {
                conversation,
                score: score.into(),
            },
            D::Escalate {
                conversation,
                score,
                reasons,
                human_available,
                route,
            } => Decision::Escalate {
                conversation,
                score: score.into(),
                reasons,
                human_available,
                route,
            },
            D::AlreadyWithHuman { conversation } => Decision::AlreadyWithHuman { conversation },
            D::NotEligible {
                conversation,
                channel,
                why,
            } => Decision::NotEligible {
                conversation,
                channel,
                why,
            },
        }
    }
}

/// A sentiment scorer: implement it in Kotlin/Swift to plug in your own
/// model (RB1 "callers may plug in their own"), or get the built-in ones
/// from [`builtin_scorer`], [`english_scorer`], [`chinese_scorer`].
///
/// `score` returns a value in [-1, 1] (label defaulted from it) or no value
/// for "no signal". Throwing, or returning NaN / an out-of-range value,
/// makes the Escalation call fail with `CxException.Scorer` (nothing changes).
/// Do not call back into the same `Escalation` from inside `score`.
#[uniffi::export(with_foreign)]
pub trait SentimentScorer: Send + Sync {
    /// The scorer's name (reported in scores and errors).
    fn name(&self) -> String;
    /// Scores one message text.
    fn score(&self, text: String) -> Result<ScoreInput, CxError>;
}

/// A Rust scorer of the escalation crate behind the exported trait.
struct RustScorer<S>(S);

impl<S: cxkit::escalation_rules::SentimentScorer> SentimentScorer for RustScorer<S> {
    fn name(&self) -> String {
        self.0.name().to_owned()
    }
    fn score(&self, text: String) -> Result<ScoreInput, CxError> {
        guard(|| {
            let s = cxkit::escalation_rules::checked_score(&self.0, &text)?;
            Ok(ScoreInput {
                scorer: s.scorer.to_string(),
                score: s.score,
                label: Some(s.label),
            })
        })
    }
}

/// The built-in scorer: Chinese or English by the share of Han characters.
#[uniffi::export]
pub fn builtin_scorer(config: Arc<Config>) -> Arc<dyn SentimentScorer> {
    Arc::new(RustScorer(cxkit::escalation_rules::BuiltinScorer::new(
        config.inner.escalation.min_han_ratio,
    )))
}

/// The built-in English scorer.
#[uniffi::export]
pub fn english_scorer() -> Arc<dyn SentimentScorer> {
    Arc::new(RustScorer(cxkit::escalation_rules::EnglishScorer::default()))
}

/// The built-in Chinese scorer.
#[uniffi::export]
pub fn chinese_scorer() -> Arc<dyn SentimentScorer> {
    Arc::new(RustScorer(cxkit::escalation_rules::ChineseScorer::default()))
}

/// The exported scorer seen as the escalation crate's trait.
struct Bridged {
    name: String,
    inner: Arc<dyn SentimentScorer>,
}

impl cxkit::escalation_rules::SentimentScorer for Bridged {
    fn name(&self) -> &str {
        &self.name
    }
    fn score(&self, text: &str) -> Result<cxkit::escalation_rules::Score, ScorerFailure> {
        let input = self
            .inner
            .score(text.to_owned())
            .map_err(|e| ScorerFailure(e.to_string()))?;
        input.into_score().map_err(|e| ScorerFailure(e.to_string()))
    }
}

/// Scores customer messages and decides when the bot hands over (RB1).
#[derive(Debug, uniffi::Object)]
pub struct Escalation {
    pub(crate) inner: Mutex<cxkit::escalation::Escalation>,
}

#[uniffi::export]
impl Escalation {
    /// With the built-in Chinese/English scorer and the `escalation`
    /// section of `config` (CONFIG_ERROR names a bad policy field).
    #[uniffi::constructor]
    pub fn new(config: Arc<Config>) -> Result<Arc<Self>, CxError> {
        guard(|| {
            let e = cxkit::escalation::Escalation::new(&config.inner.escalation)?;
            Ok(Arc::new(Escalation {
                inner: Mutex::new(e),
            }))
        })
    }

    /// With the caller's scorer (e.g. one implemented in Kotlin/Swift).
    #[uniffi::constructor]
    pub fn with_scorer(
        config: Arc<Config>,
        scorer: Arc<dyn SentimentScorer>,
    ) -> Result<Arc<Self>, CxError> {
        guard(|| {
            let bridged = Bridged {
                name: scorer.name(),
                inner: scorer,
            };
            let e = cxkit::escalation::Escalation::with_scorer(
                &config.inner.escalation,
                Box::new(bridged),
            )?;
            Ok(Arc::new(Escalation {
                inner: Mutex::new(e),
            }))
        })
    }

    /// Scores one text with this object's scorer.
    pub fn score(&self, text: String) -> Result<Score, CxError> {
        guard(|| Ok(lock(&self.inner, "escalation")?.score(&text)?.into()))
    }

    /// Scores a customer message and decides. `human_available`: whether a
    /// human agent is online to take the conversation now.
    pub fn observe(
        &self,
        message: CustomerMessage,
        human_available: bool,
    ) -> Result<Decision, CxError> {
        guard(|| {
            Ok(lock(&self.inner, "escalation")?
                .observe(&message, human_available)?
                .into())
        })
    }

    /// Decides on a message the caller has already scored.
    pub fn observe_score(
        &self,
        message: CustomerMessage,
        score: ScoreInput,
        human_available: bool,
    ) -> Result<Decision, CxError> {
        guard(|| {
            Ok(lock(&self.inner, "escalation")?
                .observe_score(&message, score, human_available)?
                .into())
        })
    }

    /// Ends a conversation.
    pub fn end(&self, conversation: ConversationId, at: Timestamp) -> Result<Ended, CxError> {
        guard(|| lock(&self.inner, "escalation")?.end(&conversation, at))
    }

    /// Forgets conversations idle for the configured timeout; returns them.
    pub fn evict_idle(&self, now: Timestamp) -> Result<Vec<ConversationId>, CxError> {
        guard(|| lock(&self.inner, "escalation")?.evict_idle(now))
    }

    /// Number of conversations held.
    pub fn conversations(&self) -> Result<u64, CxError> {
        guard(|| Ok(lock(&self.inner, "escalation")?.conversations() as u64))
    }
}
