//! [`NativeEscalation`]: bot-to-human escalation (RB1, 机器人转人工) with the
//! built-in Chinese/English scorer or a **JavaScript function** as the
//! scorer, plugged into the facade's `Escalation::with_scorer` hook.
//!
//! A JS function can only be called on the JS thread, during a JS call. The
//! native methods that may score (`observe`, `score`) record the current
//! `Env` in a thread-local for the duration of the call ([`EnvScope`]);
//! [`JsScorer`] reads it, so a scorer reached any other way (another thread,
//! after the call) fails with a `SCORER_ERROR` instead of touching V8 unsafely.

use crate::config::NativeConfig;
use crate::{Guarded, emit, guard, parse};
use cxkit::core::{ConversationId, Timestamp};
use cxkit::escalation::Escalation;
use cxkit::escalation_rules::{CustomerMessage, Score, ScoreInput, ScorerFailure, SentimentScorer};
use napi::Env;
use napi::bindgen_prelude::FunctionRef;
use napi_derive::napi;
use std::cell::Cell;

thread_local! {
    /// The `Env` of the JS call in progress on this thread, if any.
    static CURRENT_ENV: Cell<Option<Env>> = const { Cell::new(None) };
}

/// Makes `env` current for the lifetime of the value (restoring the previous one).
pub(crate) struct EnvScope(Option<Env>);

impl EnvScope {
    pub(crate) fn enter(env: Env) -> Self {
        EnvScope(CURRENT_ENV.with(|c| c.replace(Some(env))))
    }
}

impl Drop for EnvScope {
    fn drop(&mut self) {
        CURRENT_ENV.with(|c| c.set(self.0));
    }
}

/// A caller's scorer written in JavaScript: `(text) => number | null`
/// (a value in [-1, 1], or `null` for "no signal"). The facade validates the
/// value (NaN or out of range is `SCORER_ERROR` naming the scorer).
pub struct JsScorer {
    name: String,
    func: FunctionRef<String, Option<f64>>,
}

impl SentimentScorer for JsScorer {
    fn name(&self) -> &str {
        &self.name
    }

    fn score(&self, text: &str) -> Result<Score, ScorerFailure> {
        let Some(env) = CURRENT_ENV.with(Cell::get) else {
            return Err(ScorerFailure(
                "a JavaScript scorer can only run during a call from JavaScript".into(),
            ));
        };
        let value = self
            .func
            .borrow_back(&env)
            .and_then(|f| f.call(text.to_owned()))
            .map_err(|e| ScorerFailure(format!("the scorer threw: {}", e.reason)))?;
        ScoreInput {
            scorer: self.name.clone(),
            score: value,
            label: None,
        }
        .into_score()
        .map_err(|e| ScorerFailure(e.to_string()))
    }
}

/// `Escalation` (RB1).
#[napi]
pub struct NativeEscalation {
    pub(crate) inner: Guarded<Escalation>,
}

#[napi]
impl NativeEscalation {
    /// An escalation tracker for `config` (its `escalation` section), scoring
    /// with the built-in scorer, or with `scorer` (named `scorer_name`) if given.
    #[napi(constructor)]
    pub fn new(
        config: &NativeConfig,
        scorer_name: Option<String>,
        scorer: Option<FunctionRef<String, Option<f64>>>,
    ) -> napi::Result<Self> {
        guard(|| {
            let esc = match scorer {
                Some(func) => {
                    let name = scorer_name.unwrap_or_else(|| "custom".to_owned());
                    Escalation::with_scorer(
                        &config.inner.escalation,
                        Box::new(JsScorer { name, func }),
                    )?
                }
                None => Escalation::new(&config.inner.escalation)?,
            };
            Ok(NativeEscalation {
                inner: Guarded::new(esc),
            })
        })
    }

    /// Scores a customer message and decides (`human_available`: whether a
    /// human agent could take the conversation now).
    #[napi]
    pub fn observe(
        &self,
        env: Env,
        message: String,
        human_available: bool,
    ) -> napi::Result<String> {
        let _scope = EnvScope::enter(env);
        self.inner.with_exclusive(|e| {
            let message: CustomerMessage = parse("message", &message)?;
            emit(&e.observe(&message, human_available)?)
        })
    }

    /// Decides on a message the caller already scored (`score`: `{scorer, score, label?}`).
    #[napi]
    pub fn observe_score(
        &self,
        message: String,
        score: String,
        human_available: bool,
    ) -> napi::Result<String> {
        self.inner.with_exclusive(|e| {
            let message: CustomerMessage = parse("message", &message)?;
            let score: ScoreInput = parse("score", &score)?;
            emit(&e.observe_score(&message, score, human_available)?)
        })
    }

    /// Ends a conversation.
    #[napi]
    pub fn end(&self, conversation: String, at: String) -> napi::Result<String> {
        self.inner.with_exclusive(|e| {
            let conversation: ConversationId = parse("conversation", &conversation)?;
            let at: Timestamp = parse("at", &at)?;
            emit(&e.end(&conversation, at)?)
        })
    }

    /// Forgets conversations idle for the configured timeout; returns their ids.
    #[napi]
    pub fn evict_idle(&self, now: String) -> napi::Result<String> {
        self.inner
            .with_exclusive(|e| emit(&e.evict_idle(parse::<Timestamp>("now", &now)?)?))
    }

    /// Scores one text (JSON string) with this object's scorer.
    #[napi]
    pub fn score(&self, env: Env, text: String) -> napi::Result<String> {
        let _scope = EnvScope::enter(env);
        self.inner
            .with_exclusive(|e| emit(&e.score(&parse::<String>("text", &text)?)?))
    }

    /// Number of conversations held.
    #[napi]
    pub fn conversations(&self) -> napi::Result<u32> {
        self.inner
            .with_exclusive(|e| Ok(u32::try_from(e.conversations()).unwrap_or(u32::MAX)))
    }
}
