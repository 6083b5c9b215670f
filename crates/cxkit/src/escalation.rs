//! Bot-to-human escalation (RB1, 机器人转人工): the [`Escalation`] object
//! every binding wraps. It owns a sentiment scorer (the built-in
//! Chinese/English one, or the caller's) and a [`Tracker`] applying the
//! `escalation` section of the configuration.
//!
//! Errors map onto the facade families: a bad policy → CONFIG_ERROR (field
//! `escalation.<name>`), a message for an ended conversation →
//! INVALID_TRANSITION, a failing or out-of-range scorer → SCORER_ERROR
//! naming the scorer, a message older than the last → OUT_OF_ORDER. After
//! an error nothing has changed.

use crate::error::{Error, Result};
use cxkit_core::{ConversationId, Timestamp};
use cxkit_escalation::tracker::Ended;
use cxkit_escalation::{
    BuiltinScorer, CustomerMessage, Decision, EscalationConfig, EscalationError, Score, ScoreInput,
    SentimentScorer, Tracker, checked_score,
};

pub use cxkit_escalation::{Label, ScorerFailure};

impl From<EscalationError> for Error {
    fn from(e: EscalationError) -> Self {
        let message = e.to_string();
        match e {
            EscalationError::Config { field, .. } => Error::config(format!("escalation.{field}"), message),
            EscalationError::ConversationEnded {
                conversation,
                event,
            } => Error::InvalidTransition {
                subject: conversation.to_string(),
                state: "ended".into(),
                event: event.into(),
                message,
            },
            EscalationError::Scorer { scorer, .. } => Error::Scorer { scorer, message },
            EscalationError::OutOfOrder {
                conversation,
                last,
                got,
            } => Error::OutOfOrder {
                subject: conversation.to_string(),
                last: last.to_rfc3339(),
                got: got.to_rfc3339(),
                message,
            },
            // EscalationError is non_exhaustive.
            #[allow(unreachable_patterns)]
            _ => Error::Internal { message },
        }
    }
}

/// The escalation facade: scores customer messages and decides when the bot
/// hands a conversation to a human (RB1).
pub struct Escalation {
    scorer: Box<dyn SentimentScorer>,
    tracker: Tracker,
}

impl std::fmt::Debug for Escalation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Escalation")
            .field("scorer", &self.scorer.name())
            .field("conversations", &self.tracker.len())
            .finish()
    }
}

impl Escalation {
    /// With the built-in Chinese/English scorer.
    pub fn new(config: &EscalationConfig) -> Result<Self> {
        let policy = config.validate()?;
        Ok(Escalation {
            scorer: Box::new(BuiltinScorer::new(config.min_han_ratio)),
            tracker: Tracker::new(policy),
        })
    }

    /// With the caller's scorer.
    pub fn with_scorer(
        config: &EscalationConfig,
        scorer: Box<dyn SentimentScorer>,
    ) -> Result<Self> {
        let policy = config.validate()?;
        Ok(Escalation {
            scorer,
            tracker: Tracker::new(policy),
        })
    }

    /// From the JSON of an `escalation` section.
    pub fn from_json_str(text: &str) -> Result<Self> {
        // Errors name the path in the section (`escalation.window_size`),
        // with serde_json's line and column in the message.
        let config: EscalationConfig =
            crate::decode::from_json_str("escalation", text).map_err(Error::into_config)?;
        Self::new(&config)
    }

    /// Scores one text with this object's scorer.
    pub fn score(&self, text: &str) -> Result<Score> {
        Ok(checked_score(self.scorer.as_ref(), text)?)
    }

    /// Scores a customer message and decides. `human_available`: whether a
    /// human agent is online to take the conversation now.
    pub fn observe(
        &mut self,
        message: &CustomerMessage,
        human_available: bool,
    ) -> Result<Decision> {
        Error::check_time("message.at", message.at)?;
        let scorer = self.scorer.as_ref();
        Ok(self
            .tracker
            .observe_with(message, human_available, |text| checked_score(scorer, text))?)
    }

    /// Decides on a message the caller has already scored (custom scorers
    /// in bindings). The message text is still read for requests for a
    /// human.
    pub fn observe_score(
        &mut self,
        message: &CustomerMessage,
        score: ScoreInput,
        human_available: bool,
    ) -> Result<Decision> {
        Error::check_time("message.at", message.at)?;
        let score = score.into_score()?;
        Ok(self.tracker.observe(message, score, human_available)?)
    }

    /// Ends a conversation.
    pub fn end(&mut self, conversation: &ConversationId, at: Timestamp) -> Result<Ended> {
        Error::check_time("at", at)?;
        Ok(self.tracker.end(conversation, at)?)
    }

    /// Forgets conversations idle for the configured timeout; returns them.
    pub fn evict_idle(&mut self, now: Timestamp) -> Result<Vec<ConversationId>> {
        Error::check_time("now", now)?;
        Ok(self.tracker.evict_idle(now))
    }

    /// Number of conversations held.
    pub fn conversations(&self) -> usize {
        self.tracker.len()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use cxkit_core::Channel;

    struct Broken;
    impl SentimentScorer for Broken {
        fn name(&self) -> &str {
            "broken"
        }
        fn score(&self, _text: &str) -> std::result::Result<Score, ScorerFailure> {
            Ok(Score::scored("broken".into(), f64::NAN, Label::Negative))
        }
    }

    fn msg(text: &str) -> CustomerMessage {
        CustomerMessage {
            conversation: ConversationId::new("c"),
            channel: Channel::App,
            text: text.into(),
            at: Utc.with_ymd_and_hms(2026, 3, 28, 9, 0, 0).unwrap(),
        }
    }

    #[test]
    fn embedded_default_is_the_documented_default() {
        let c = crate::Config::example().unwrap();
        assert_eq!(c.escalation, EscalationConfig::default());
    }

    #[test]
    fn custom_scorer_errors_name_the_scorer_and_change_nothing() {
        let mut e =
            Escalation::with_scorer(&EscalationConfig::default(), Box::new(Broken)).unwrap();
        let err = e.observe(&msg("hello"), true).unwrap_err();
        assert_eq!(err.code(), "SCORER_ERROR");
        assert_eq!(err.details()["scorer"], "broken");
        assert_eq!(e.conversations(), 0);
    }

    #[test]
    fn config_errors_carry_the_section_path() {
        let err = Escalation::from_json_str(r#"{"window_mean_below": 2}"#).unwrap_err();
        assert_eq!(err.code(), "CONFIG_ERROR");
        assert_eq!(err.details()["field"], "escalation.window_mean_below");
    }
}
