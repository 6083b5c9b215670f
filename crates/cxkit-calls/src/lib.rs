#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod calendar;
pub mod error;
pub mod event;
pub mod outcome;
pub mod qa;
pub mod record;
pub mod sms;
pub mod tracker;
pub mod trend;

pub use calendar::{CalendarConfig, ExtraWorkingDay, OpeningRange, ServiceCalendar, WeeklyHours};
pub use error::{CallError, FieldProblem};
pub use event::{CallEvent, ExitReason, TransferTarget};
pub use outcome::{Classifier, Outcome};
pub use record::{CallRecord, Direction, EndReason, Stage};
pub use sms::{SkipReason, SmsAction, SmsDecision, SmsRule, SmsSkip, SmsTriggers};
pub use tracker::{AgentEffect, CallTracker, EndedRecord, Plan, TrackStatus, Tracked, TrackerSnapshot};
pub use trend::{Trend, TrendTable};

use chrono_tz::Tz;
use cxkit_core::{SkillGroupId, Timestamp};
use serde::{Deserialize, Serialize};

/// The `calls` section of the cxkit configuration.
///
/// ```json
/// {"quick_hang_up_secs": 5, "trend_interval_minutes": 30,
///  "service_calendar": {"time_zone": "Asia/Shanghai", "weekly": {"mon": [{"start": "09:00", "end": "18:00"}]}},
///  "sms_rules": [{"name": "missed", "outcomes": ["queue_abandon"], "template": "sms-missed"}]}
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct CallsConfig {
    /// SMS1: a caller hang-up at most this many seconds after ring start is
    /// a quick hang-up (inclusive). Default 5.
    pub quick_hang_up_secs: u32,
    /// SMS1: the service calendar; absent means always in service hours.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_calendar: Option<CalendarConfig>,
    /// SMS1: the SMS trigger rules.
    pub sms_rules: Vec<SmsRule>,
    /// CM3: trend interval, 15, 30 or 60 minutes. Default 30.
    pub trend_interval_minutes: u32,
    /// How many ended calls of the current day a tracker keeps. Default 10 000.
    pub max_ended_calls: usize,
    /// How many recent `event_id`s a tracker remembers to drop duplicates. Default 10 000.
    pub dedup_window: usize,
    /// FD2: the SMS1 outcome of a call that left its queue for another
    /// destination (`call.queue_left`), per reason.
    pub queue_exit_outcomes: QueueExitOutcomes,
    /// How many tenant days of trends the tracker keeps (today included) for
    /// multi-day feeds and late calls; at least 1.
    pub trend_days: usize,
}

/// `calls.queue_exit_outcomes` (FD2): the outcome of each queue exit. The
/// default rule is "who ended the wait": the caller's key press is a
/// `queue_abandon`, the queue's own rules (no agents, overflow) a
/// `queue_timeout`. Each may be `queue_abandon`, `queue_timeout` or
/// `rang_not_answered`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct QueueExitOutcomes {
    /// The caller pressed a key (voicemail, callback).
    pub key: Outcome,
    /// No agent logged in or available.
    pub no_agents: Outcome,
    /// The queue's overflow rule.
    pub overflow: Outcome,
}

impl Default for QueueExitOutcomes {
    fn default() -> Self {
        QueueExitOutcomes {
            key: Outcome::QueueAbandon,
            no_agents: Outcome::QueueTimeout,
            overflow: Outcome::QueueTimeout,
        }
    }
}

impl QueueExitOutcomes {
    /// The outcome for one reason.
    pub fn get(&self, reason: ExitReason) -> Outcome {
        match reason {
            ExitReason::Key => self.key,
            ExitReason::NoAgents => self.no_agents,
            ExitReason::Overflow => self.overflow,
        }
    }

    fn validate(&self) -> Result<(), CallError> {
        for r in ExitReason::ALL {
            let o = self.get(r);
            if !matches!(o, Outcome::QueueAbandon | Outcome::QueueTimeout | Outcome::RangNotAnswered) {
                return Err(CallError::config(
                    format!("calls.queue_exit_outcomes.{}", r.as_str()),
                    format!(
                        "a call that leaves its queue can be `queue_abandon`, `queue_timeout` or `rang_not_answered`, not `{}`",
                        o.as_str()
                    ),
                ));
            }
        }
        Ok(())
    }
}

impl Default for CallsConfig {
    fn default() -> Self {
        CallsConfig {
            quick_hang_up_secs: 5,
            service_calendar: None,
            sms_rules: Vec::new(),
            trend_interval_minutes: 30,
            max_ended_calls: 10_000,
            dedup_window: 10_000,
            queue_exit_outcomes: QueueExitOutcomes::default(),
            trend_days: 7,
        }
    }
}

/// The compiled rules of a `calls` config: classifier, SMS triggers, trend interval.
#[derive(Debug, Clone)]
pub struct CallPolicy {
    /// SMS1 outcome classifier (with the service calendar).
    pub classifier: Classifier,
    /// SMS1 triggers.
    pub sms: SmsTriggers,
    /// CM3 interval in minutes.
    pub interval_minutes: u32,
}

impl CallsConfig {
    /// Validates and compiles the section; `default_tz` is the tenant's zone
    /// used when the calendar names none.
    pub fn compile(&self, default_tz: Option<Tz>) -> Result<CallPolicy, CallError> {
        if !trend::INTERVALS.contains(&self.trend_interval_minutes) {
            return Err(CallError::config(
                "calls.trend_interval_minutes",
                format!("must be 15, 30 or 60, not {}", self.trend_interval_minutes),
            ));
        }
        let calendar = match &self.service_calendar {
            Some(c) => Some(ServiceCalendar::new(c, default_tz).map_err(|e| prefix("calls.", e))?),
            None => None,
        };
        let sms = SmsTriggers::new(&self.sms_rules).map_err(|e| prefix("calls.", e))?;
        self.queue_exit_outcomes.validate()?;
        if self.trend_days == 0 || self.trend_days > 366 {
            return Err(CallError::config(
                "calls.trend_days",
                format!("must be 1 to 366, not {}", self.trend_days),
            ));
        }
        Ok(CallPolicy {
            classifier: Classifier::new(calendar, self.quick_hang_up_secs).with_queue_exits(self.queue_exit_outcomes),
            sms,
            interval_minutes: self.trend_interval_minutes,
        })
    }
}

fn prefix(p: &str, e: CallError) -> CallError {
    match e {
        CallError::Config { field, message } => CallError::Config {
            field: format!("{p}{field}"),
            message,
        },
        other => other,
    }
}

/// CM1 items 1–2: the calls in the system now.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LiveCalls {
    /// CM1 (1): inbound calls currently in the system, with where they are.
    pub inbound: InboundNow,
    /// CM1 (2): calls waiting per skill group, in configuration order.
    pub waiting: Vec<GroupWaiting>,
}

/// Inbound calls in the system, split by stage; `total` is the sum.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct InboundNow {
    /// All inbound calls in the system.
    pub total: u64,
    /// In the IVR.
    pub ivr: u64,
    /// Waiting in a skill-group queue.
    pub queued: u64,
    /// Ringing at an agent.
    pub ringing: u64,
    /// Connected to an agent (talking or on hold).
    pub talking: u64,
}

/// Calls waiting in one skill group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct GroupWaiting {
    /// The group.
    pub skill_group: SkillGroupId,
    /// How many calls wait in it.
    pub waiting: u64,
    /// When the longest-waiting call entered the queue.
    pub oldest_queued_at: Option<Timestamp>,
}
