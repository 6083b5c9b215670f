//! SMS1: the seven outcomes of an ended inbound call, and the classifier.
//!
//! Precedence (first rule that applies wins; "the stage it ended in decides"):
//!
//! 1. ended `talking` (an agent answered, possibly after transfers) → `agent_answered`,
//!    even if it arrived outside service hours (someone did serve it);
//! 2. arrived while the service calendar is closed → `outside_service_hours`;
//! 3. ended in the IVR (before reaching a skill group) → `ivr_abandon`;
//! 4. ended in a queue: `queue_timeout` when the queue's maximum wait ran out
//!    or the system dropped it (`call.system_ended`), `queue_abandon` when the
//!    caller hung up; a queue exit (`call.queue_left`, FD2) by
//!    `calls.queue_exit_outcomes` (default: key → `queue_abandon`, no agents
//!    and overflow → `queue_timeout`);
//! 5. ended ringing at an agent: `caller_quick_hang_up` when the caller hung
//!    up at most `quick_hang_up_secs` after *that* ring started (inclusive:
//!    exactly 5 s is quick), otherwise `rang_not_answered`.

use crate::calendar::ServiceCalendar;
use crate::error::CallError;
use crate::record::{CallRecord, Direction, EndReason, Stage};
use chrono::TimeDelta;
use serde::{Deserialize, Serialize};

/// The outcome of an ended inbound call (SMS1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// An agent answered (坐席接听).
    AgentAnswered,
    /// An agent's phone rang and nobody answered (振铃未接).
    RangNotAnswered,
    /// The caller hung up within the quick-hang-up threshold of ring start (速挂).
    CallerQuickHangUp,
    /// The caller hung up before reaching a skill group (IVR 放弃).
    IvrAbandon,
    /// The caller hung up while waiting in a queue (排队放弃).
    QueueAbandon,
    /// The queue's maximum wait ran out (排队超时).
    QueueTimeout,
    /// The call arrived outside the service calendar (非服务时间).
    OutsideServiceHours,
}

impl Outcome {
    /// All seven, in documentation order.
    pub const ALL: [Outcome; 7] = [
        Outcome::AgentAnswered,
        Outcome::RangNotAnswered,
        Outcome::CallerQuickHangUp,
        Outcome::IvrAbandon,
        Outcome::QueueAbandon,
        Outcome::QueueTimeout,
        Outcome::OutsideServiceHours,
    ];

    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::AgentAnswered => "agent_answered",
            Outcome::RangNotAnswered => "rang_not_answered",
            Outcome::CallerQuickHangUp => "caller_quick_hang_up",
            Outcome::IvrAbandon => "ivr_abandon",
            Outcome::QueueAbandon => "queue_abandon",
            Outcome::QueueTimeout => "queue_timeout",
            Outcome::OutsideServiceHours => "outside_service_hours",
        }
    }

    /// Position in [`Outcome::ALL`].
    #[inline]
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Classifies ended calls: the service calendar plus the quick-hang-up threshold.
#[derive(Debug, Clone)]
pub struct Classifier {
    calendar: Option<ServiceCalendar>,
    quick_hang_up: TimeDelta,
    exits: crate::QueueExitOutcomes,
}

impl Classifier {
    /// A classifier; `calendar: None` means always in service hours.
    pub fn new(calendar: Option<ServiceCalendar>, quick_hang_up_secs: u32) -> Self {
        Classifier {
            calendar,
            quick_hang_up: TimeDelta::seconds(i64::from(quick_hang_up_secs)),
            exits: crate::QueueExitOutcomes::default(),
        }
    }

    /// The same classifier with other queue-exit outcomes (FD2,
    /// `calls.queue_exit_outcomes`; validated by the config).
    pub fn with_queue_exits(mut self, exits: crate::QueueExitOutcomes) -> Self {
        self.exits = exits;
        self
    }

    /// The service calendar, if one is configured.
    pub fn calendar(&self) -> Option<&ServiceCalendar> {
        self.calendar.as_ref()
    }

    /// The outcome of a record: `None` for an outbound call (SMS1 covers
    /// inbound calls only). An inconsistent record is an error.
    pub fn classify(&self, record: &CallRecord) -> Result<Option<Outcome>, CallError> {
        record.validate()?;
        Ok(self.classify_valid(record))
    }

    /// [`Classifier::classify`] for a record already known to be consistent.
    #[inline]
    pub fn classify_valid(&self, r: &CallRecord) -> Option<Outcome> {
        if r.direction == Direction::Outbound {
            return None;
        }
        if r.ended_in == Stage::Talking {
            return Some(Outcome::AgentAnswered);
        }
        if let Some(c) = &self.calendar
            && !c.is_open(r.started_at)
        {
            return Some(Outcome::OutsideServiceHours);
        }
        Some(match (r.ended_in, r.end_reason) {
            (Stage::Ivr, _) => Outcome::IvrAbandon,
            (Stage::Queue, EndReason::CallerHungUp) => Outcome::QueueAbandon,
            (Stage::Queue, EndReason::QueueLeftKey) => self.exits.key,
            (Stage::Queue, EndReason::QueueLeftNoAgents) => self.exits.no_agents,
            (Stage::Queue, EndReason::QueueLeftOverflow) => self.exits.overflow,
            (Stage::Queue, _) => Outcome::QueueTimeout,
            (Stage::Ringing, EndReason::CallerHungUp)
                if r.ended_at - r.final_stage_start() <= self.quick_hang_up =>
            {
                Outcome::CallerQuickHangUp
            }
            (Stage::Ringing, _) => Outcome::RangNotAnswered,
            (Stage::Talking, _) => Outcome::AgentAnswered,
        })
    }
}
