//! The `escalation` configuration section (RB1) and its validated form,
//! [`Policy`]. Every condition can be switched off with `null`; every number
//! is checked when the policy is built, and an error names the field.
//!
//! ```json
//! {"channels": {"desktop_web": true, "mobile_web": true, "app": true},
//!  "consecutive_negative": 3, "window_size": 5, "window_mean_below": null,
//!  "negative_seconds": 120, "human_request_phrases": [],
//!  "human_request_negations": [], "human_request_exclusions": [],
//!  "idle_timeout_seconds": 1800, "min_han_ratio": 0.25}
//! ```

use crate::builtin::DEFAULT_MIN_HAN_RATIO;
use crate::error::EscalationError;
use cxkit_core::Channel;
use serde::{Deserialize, Serialize};

/// The per-channel switches of RB1: only these three channels are served by
/// the bot with automatic escalation (PC桌面网站 / 移动网站 / APP).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ChannelSwitches {
    /// PC desktop website.
    pub desktop_web: bool,
    /// Mobile website.
    pub mobile_web: bool,
    /// Native app.
    pub app: bool,
}

impl Default for ChannelSwitches {
    fn default() -> Self {
        ChannelSwitches {
            desktop_web: true,
            mobile_web: true,
            app: true,
        }
    }
}

impl ChannelSwitches {
    /// `Some(on)` for the three switchable channels, `None` for every other
    /// channel (not eligible at all).
    pub fn switch(&self, channel: Channel) -> Option<bool> {
        match channel {
            Channel::DesktopWeb => Some(self.desktop_web),
            Channel::MobileWeb => Some(self.mobile_web),
            Channel::App => Some(self.app),
            _ => None,
        }
    }
}

/// The `escalation` section of the cxkit configuration (RB1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct EscalationConfig {
    /// Which of the three eligible channels have automatic escalation on.
    pub channels: ChannelSwitches,
    /// Escalate after this many negative messages in a row (N); `null` off.
    pub consecutive_negative: Option<u32>,
    /// How many of the last scored messages the mean covers (K ≥ 1); also
    /// bounds the memory kept per conversation.
    pub window_size: u32,
    /// Escalate when the mean of the last K scored messages is below this
    /// (in [-1, 1]); `null` off (the default: docs/escalation.md, ninth
    /// round). Needs K scored messages first.
    pub window_mean_below: Option<f64>,
    /// Escalate when the customer has been negative for at least this many
    /// seconds of conversation time (T); `null` off.
    pub negative_seconds: Option<u64>,
    /// More phrases that request a human, on top of the built-in detector
    /// ([`crate::intent`]); a negation before one still cancels it.
    pub human_request_phrases: Vec<String>,
    /// More negations / declines that cancel a request after them in the
    /// same clause (on top of 不要/不用/don't/no need …).
    pub human_request_negations: Vec<String>,
    /// More unrelated compounds: a human word inside one is not a request
    /// (on top of 人工费/人工智能/travel agent/human error …).
    pub human_request_exclusions: Vec<String>,
    /// A conversation without messages for this long is forgotten by
    /// `evict_idle`.
    pub idle_timeout_seconds: u64,
    /// Minimum Han ratio for the Chinese scorer (in [0, 1]).
    pub min_han_ratio: f64,
}

impl Default for EscalationConfig {
    fn default() -> Self {
        EscalationConfig {
            channels: ChannelSwitches::default(),
            consecutive_negative: Some(3),
            window_size: 5,
            window_mean_below: None,
            negative_seconds: Some(120),
            human_request_phrases: Vec::new(),
            human_request_negations: Vec::new(),
            human_request_exclusions: Vec::new(),
            idle_timeout_seconds: 1800,
            min_han_ratio: DEFAULT_MIN_HAN_RATIO,
        }
    }
}

/// A validated [`EscalationConfig`], ready for a [`crate::Tracker`].
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// The configuration it was built from.
    pub config: EscalationConfig,
    /// The human-request detector with the configured extensions.
    pub(crate) intent: crate::intent::HumanIntent,
    /// Scores kept per conversation: max(K, N).
    pub(crate) memory: usize,
}

impl EscalationConfig {
    /// Checks every field; the error names the first bad one.
    pub fn validate(&self) -> Result<Policy, EscalationError> {
        if self.window_size == 0 {
            return Err(EscalationError::config("window_size", "must be at least 1"));
        }
        if self.window_size > 1000 {
            return Err(EscalationError::config(
                "window_size",
                "must be at most 1000",
            ));
        }
        if let Some(n) = self.consecutive_negative
            && !(1..=1000).contains(&n)
        {
            return Err(EscalationError::config(
                "consecutive_negative",
                "must be between 1 and 1000, or null to switch the rule off",
            ));
        }
        if let Some(t) = self.window_mean_below
            && !(-1.0..=1.0).contains(&t)
        {
            return Err(EscalationError::config(
                "window_mean_below",
                format!("{t} is outside [-1, 1]"),
            ));
        }
        if self.negative_seconds == Some(0) {
            return Err(EscalationError::config(
                "negative_seconds",
                "must be at least 1, or null to switch the rule off",
            ));
        }
        if self.idle_timeout_seconds == 0 {
            return Err(EscalationError::config(
                "idle_timeout_seconds",
                "must be at least 1",
            ));
        }
        if !(0.0..=1.0).contains(&self.min_han_ratio) {
            return Err(EscalationError::config(
                "min_han_ratio",
                format!("{} is outside [0, 1]", self.min_han_ratio),
            ));
        }
        for (field, list) in [
            ("human_request_phrases", &self.human_request_phrases),
            ("human_request_negations", &self.human_request_negations),
            ("human_request_exclusions", &self.human_request_exclusions),
        ] {
            for (i, p) in list.iter().enumerate() {
                if p.trim().is_empty() {
                    return Err(EscalationError::config(
                        format!("{field}[{i}]"),
                        "must not be empty",
                    ));
                }
            }
        }
        let memory =
            (self.window_size as usize).max(self.consecutive_negative.unwrap_or(0) as usize);
        Ok(Policy {
            config: self.clone(),
            intent: crate::intent::HumanIntent::new(
                &self.human_request_phrases,
                &self.human_request_negations,
                &self.human_request_exclusions,
            ),
            memory,
        })
    }
}
