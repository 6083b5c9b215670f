//! The bot-to-human policy of RB1 (机器人转人工): [`Tracker`] follows each
//! conversation the bot serves, message by message, and decides when to
//! hand it to a human agent.
//!
//! Any of these escalates: N negative messages in a row; the mean of the
//! last K scored messages below a threshold (only once K messages are
//! scored); a negative run lasting T seconds of conversation time; an
//! explicit request for a human. A *no signal* message neither breaks nor
//! extends a negative run and is not part of the window. A conversation
//! escalates at most once; afterwards its messages get `already_with_human`.
//! Memory per conversation is max(K, N) scores; conversations leave the
//! tracker on [`Tracker::end`] (a small tombstone remains so that a late
//! message is refused) and on [`Tracker::evict_idle`].

use crate::config::Policy;
use crate::error::EscalationError;
use crate::score::{Label, Score};
use cxkit_core::{Channel, ConversationId, Timestamp};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, VecDeque};

/// One customer message in a conversation served by the bot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomerMessage {
    /// The conversation (会话).
    pub conversation: ConversationId,
    /// The channel it arrived on.
    pub channel: Channel,
    /// What the customer wrote (may be empty when only a score is given).
    #[serde(default)]
    pub text: String,
    /// When it was sent.
    pub at: Timestamp,
}

/// Why a message is not handled by the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NotEligibleWhy {
    /// RB1 covers only desktop_web, mobile_web and app.
    ChannelNotSupported,
    /// The tenant switched escalation off for this channel.
    ChannelSwitchedOff,
}

/// Where an escalated conversation goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    /// To a human agent's queue.
    HumanAgent,
    /// No agent is available: invite the customer to leave a message (留言).
    LeaveMessage,
}

/// One condition that caused an escalation, with the evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// N negative messages in a row.
    ConsecutiveNegative {
        /// Length of the run (= N).
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
        /// The words that made the request ("转人工", "get me a
        /// representative", or a configured phrase), lower-cased.
        phrase: String,
    },
}

/// The policy's answer to one message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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
        /// `human_agent`, or `leave_message` when nobody is available.
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

impl Decision {
    /// Whether this decision escalates.
    pub fn is_escalate(&self) -> bool {
        matches!(self, Decision::Escalate { .. })
    }
}

/// What [`Tracker::end`] reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Ended {
    /// The conversation.
    pub conversation: ConversationId,
    /// Whether it had been escalated.
    pub escalated: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Bot,
    Escalated,
    Ended,
}

#[derive(Debug, Clone)]
struct Conversation {
    phase: Phase,
    /// Last max(K, N) scored values, oldest first.
    recent: VecDeque<f64>,
    run: u32,
    run_since: Option<Timestamp>,
    last_at: Timestamp,
}

/// Follows conversations and decides escalation (RB1).
#[derive(Debug, Clone)]
pub struct Tracker {
    policy: Policy,
    conversations: HashMap<ConversationId, Conversation>,
}

impl Tracker {
    /// A tracker applying `policy`.
    pub fn new(policy: Policy) -> Self {
        Tracker {
            policy,
            conversations: HashMap::new(),
        }
    }

    /// The policy.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Number of conversations held (tombstones of ended ones included).
    pub fn len(&self) -> usize {
        self.conversations.len()
    }

    /// Whether no conversation is held.
    pub fn is_empty(&self) -> bool {
        self.conversations.is_empty()
    }

    /// The eligibility answer for a message's channel, if not eligible.
    pub fn not_eligible(&self, msg: &CustomerMessage) -> Option<Decision> {
        let why = match self.policy.config.channels.switch(msg.channel) {
            Some(true) => return None,
            Some(false) => NotEligibleWhy::ChannelSwitchedOff,
            None => NotEligibleWhy::ChannelNotSupported,
        };
        Some(Decision::NotEligible {
            conversation: msg.conversation.clone(),
            channel: msg.channel,
            why,
        })
    }

    /// Checks that a message may be taken; `Ok(Some(_))` is an answer that
    /// needs no score (not eligible, already with a human).
    pub fn precheck(&self, msg: &CustomerMessage) -> Result<Option<Decision>, EscalationError> {
        if let Some(d) = self.not_eligible(msg) {
            return Ok(Some(d));
        }
        match self.conversations.get(msg.conversation.as_str()) {
            None => Ok(None),
            Some(c) if c.phase == Phase::Ended => Err(EscalationError::ConversationEnded {
                conversation: msg.conversation.clone(),
                event: "observe",
            }),
            Some(c) if msg.at < c.last_at => Err(EscalationError::OutOfOrder {
                conversation: msg.conversation.clone(),
                last: c.last_at,
                got: msg.at,
            }),
            Some(c) if c.phase == Phase::Escalated => Ok(Some(Decision::AlreadyWithHuman {
                conversation: msg.conversation.clone(),
            })),
            Some(_) => Ok(None),
        }
    }

    /// Takes one scored customer message. The score must be valid (see
    /// [`Score::validate`]); an error leaves the tracker unchanged.
    pub fn observe(
        &mut self,
        msg: &CustomerMessage,
        score: Score,
        human_available: bool,
    ) -> Result<Decision, EscalationError> {
        self.observe_with(msg, human_available, |_| Ok(score))
    }

    /// Like [`Tracker::observe`], but scores the text only when the policy
    /// needs a score (not for ineligible channels or escalated
    /// conversations). The score is validated; an error from `score_text`
    /// or an invalid score leaves the tracker unchanged.
    pub fn observe_with(
        &mut self,
        msg: &CustomerMessage,
        human_available: bool,
        score_text: impl FnOnce(&str) -> Result<Score, EscalationError>,
    ) -> Result<Decision, EscalationError> {
        if let Some(d) = self.not_eligible(msg) {
            return Ok(d);
        }
        let memory = self.policy.memory;
        let cfg = &self.policy.config;
        // One lookup on the hot path; a new conversation is inserted only
        // after its first score is known to be valid.
        let c = match self.conversations.get_mut(msg.conversation.as_str()) {
            Some(c) if c.phase == Phase::Ended => {
                return Err(EscalationError::ConversationEnded {
                    conversation: msg.conversation.clone(),
                    event: "observe",
                });
            }
            Some(c) if msg.at < c.last_at => {
                return Err(EscalationError::OutOfOrder {
                    conversation: msg.conversation.clone(),
                    last: c.last_at,
                    got: msg.at,
                });
            }
            Some(c) if c.phase == Phase::Escalated => {
                c.last_at = msg.at;
                return Ok(Decision::AlreadyWithHuman {
                    conversation: msg.conversation.clone(),
                });
            }
            Some(c) => {
                let score = score_text(&msg.text)?;
                score.validate()?;
                (c, score)
            }
            None => {
                let score = score_text(&msg.text)?;
                score.validate()?;
                let c = self
                    .conversations
                    .entry(msg.conversation.clone())
                    .or_insert_with(|| Conversation {
                        phase: Phase::Bot,
                        recent: VecDeque::with_capacity(memory),
                        run: 0,
                        run_since: None,
                        last_at: msg.at,
                    });
                (c, score)
            }
        };
        let (c, score) = c;
        let phrase = self.policy.intent.detect(&msg.text);
        c.last_at = msg.at;
        if let Some(v) = score.value() {
            if c.recent.len() == memory {
                c.recent.pop_front();
            }
            c.recent.push_back(v);
            if score.label == Label::Negative {
                c.run = c.run.saturating_add(1);
                c.run_since.get_or_insert(msg.at);
            } else {
                c.run = 0;
                c.run_since = None;
            }
        }

        let mut reasons = Vec::new();
        let scored_negative = score.label == Label::Negative;
        if let Some(n) = cfg.consecutive_negative
            && scored_negative
            && c.run >= n
        {
            let k = n as usize;
            reasons.push(Reason::ConsecutiveNegative {
                count: n,
                scores: c
                    .recent
                    .iter()
                    .skip(c.recent.len().saturating_sub(k))
                    .copied()
                    .collect(),
            });
        }
        if let Some(threshold) = cfg.window_mean_below
            && score.value().is_some()
        {
            let k = cfg.window_size as usize;
            if c.recent.len() >= k {
                let window = c.recent.iter().skip(c.recent.len() - k);
                let mean = window.clone().sum::<f64>() / k as f64;
                if mean < threshold {
                    reasons.push(Reason::WindowMean {
                        mean,
                        threshold,
                        scores: window.copied().collect(),
                    });
                }
            }
        }
        if let (Some(t), Some(since)) = (cfg.negative_seconds, c.run_since)
            && scored_negative
        {
            let seconds = (msg.at - since).num_seconds();
            if seconds >= 0 && seconds as u64 >= t {
                reasons.push(Reason::NegativeDuration {
                    seconds,
                    threshold_seconds: t,
                    since,
                });
            }
        }
        if let Some(phrase) = phrase {
            reasons.push(Reason::HumanRequested { phrase });
        }
        if reasons.is_empty() {
            return Ok(Decision::Continue {
                conversation: msg.conversation.clone(),
                score,
            });
        }
        // Escalated: the scores are no longer needed.
        c.phase = Phase::Escalated;
        c.recent = VecDeque::new();
        Ok(Decision::Escalate {
            conversation: msg.conversation.clone(),
            score,
            reasons,
            human_available,
            route: if human_available {
                Route::HumanAgent
            } else {
                Route::LeaveMessage
            },
        })
    }

    /// Ends a conversation (the customer left, the session closed). A small
    /// tombstone remains until [`Tracker::evict_idle`] so that a late
    /// message is refused. Ending twice is an error.
    pub fn end(
        &mut self,
        conversation: &ConversationId,
        at: Timestamp,
    ) -> Result<Ended, EscalationError> {
        match self.conversations.get_mut(conversation.as_str()) {
            Some(c) if c.phase == Phase::Ended => Err(EscalationError::ConversationEnded {
                conversation: conversation.clone(),
                event: "end",
            }),
            Some(c) if at < c.last_at => Err(EscalationError::OutOfOrder {
                conversation: conversation.clone(),
                last: c.last_at,
                got: at,
            }),
            Some(c) => {
                let escalated = c.phase == Phase::Escalated;
                *c = Conversation {
                    phase: Phase::Ended,
                    recent: VecDeque::new(),
                    run: 0,
                    run_since: None,
                    last_at: at,
                };
                Ok(Ended {
                    conversation: conversation.clone(),
                    escalated,
                })
            }
            None => {
                self.conversations.insert(
                    conversation.clone(),
                    Conversation {
                        phase: Phase::Ended,
                        recent: VecDeque::new(),
                        run: 0,
                        run_since: None,
                        last_at: at,
                    },
                );
                Ok(Ended {
                    conversation: conversation.clone(),
                    escalated: false,
                })
            }
        }
    }

    /// Forgets every conversation (ended or not) whose last message or end
    /// is at least the idle timeout before `now`; returns their ids, sorted.
    pub fn evict_idle(&mut self, now: Timestamp) -> Vec<ConversationId> {
        let timeout = i64::try_from(self.policy.config.idle_timeout_seconds).unwrap_or(i64::MAX);
        let mut evicted = Vec::new();
        self.conversations.retain(|id, c| {
            let idle = (now - c.last_at).num_seconds() >= timeout;
            if idle {
                evicted.push(id.clone());
            }
            !idle
        });
        evicted.sort();
        evicted
    }
}
