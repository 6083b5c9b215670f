//! [`CallRecord`]: one ended call, as the tracker builds it from lifecycle
//! events or as a backend with only CDRs (话单) builds it directly.
//!
//! The stage timestamps are those of the *first* visit to each stage
//! (`queued_at` = first queue entry, `rang_at` = first ring, `answered_at` =
//! first answer); `stage_entered_at` is when the call entered the stage it
//! ended in (for a call that ended ringing: the start of that last ring, which
//! is what the quick-hang-up threshold of SMS1 is measured from).

use crate::error::{CallError, FieldProblem};
use cxkit_core::{AgentId, CallId, SkillGroupId, Timestamp};
use serde::{Deserialize, Serialize};

/// Inbound (呼入) or outbound (外呼).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(rename = "CallDirection")]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// A customer called the tenant's hotline.
    #[default]
    Inbound,
    /// An agent dialed a customer.
    Outbound,
}

/// Where a call is (or was when it ended).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// In the IVR (语音导航) or otherwise not yet in a skill group.
    Ivr,
    /// Waiting in a skill-group queue.
    Queue,
    /// Ringing at an agent (outbound: dialing the customer).
    Ringing,
    /// Connected to an agent (talking or on hold).
    Talking,
}

impl Stage {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Ivr => "ivr",
            Stage::Queue => "queue",
            Stage::Ringing => "ringing",
            Stage::Talking => "talking",
        }
    }
}

/// What ended a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EndReason {
    /// The caller hung up (`call.caller_hung_up`).
    CallerHungUp,
    /// The queue's maximum wait ran out (`call.queue_timeout`).
    QueueTimeout,
    /// The system ended the call (`call.system_ended`): agent hang-up, ring
    /// timeout without re-queue, IVR end, overflow…
    SystemEnded,
    /// An outbound call ended (`call.outbound_ended`).
    OutboundEnded,
    /// The caller pressed a key to leave the queue (`call.queue_left`, `key`).
    QueueLeftKey,
    /// The queue had no agent for it (`call.queue_left`, `no_agents`).
    QueueLeftNoAgents,
    /// The queue's overflow rule sent it elsewhere (`call.queue_left`, `overflow`).
    QueueLeftOverflow,
    /// An agent transferred it to an outside number (`call.transferred` to `external`).
    TransferredOut,
}

impl EndReason {
    /// A queue exit (`call.queue_left`): the call ended in its queue.
    pub fn is_queue_exit(self) -> bool {
        matches!(
            self,
            EndReason::QueueLeftKey | EndReason::QueueLeftNoAgents | EndReason::QueueLeftOverflow
        )
    }

    /// Its snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            EndReason::CallerHungUp => "caller_hung_up",
            EndReason::QueueTimeout => "queue_timeout",
            EndReason::SystemEnded => "system_ended",
            EndReason::OutboundEnded => "outbound_ended",
            EndReason::QueueLeftKey => "queue_left_key",
            EndReason::QueueLeftNoAgents => "queue_left_no_agents",
            EndReason::QueueLeftOverflow => "queue_left_overflow",
            EndReason::TransferredOut => "transferred_out",
        }
    }
}

/// One ended call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CallRecord {
    /// The call.
    pub call: CallId,
    /// Inbound or outbound.
    #[serde(default)]
    pub direction: Direction,
    /// The hotline (service number) the customer dialed; inbound only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hotline: Option<String>,
    /// Calling number (inbound: the customer).
    pub caller: String,
    /// Called number (inbound: the hotline or extension; outbound: the customer).
    pub callee: String,
    /// Arrival (inbound) or dial (outbound) time.
    pub started_at: Timestamp,
    /// First entry into a skill-group queue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queued_at: Option<Timestamp>,
    /// The skill group the call was last queued in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skill_group: Option<SkillGroupId>,
    /// Start of the first ring at an agent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rang_at: Option<Timestamp>,
    /// First answer by an agent (outbound: when the customer picked up).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered_at: Option<Timestamp>,
    /// The last agent who rang or talked on the call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent: Option<AgentId>,
    /// The stage the call ended in (SMS1: it decides the outcome).
    pub ended_in: Stage,
    /// When the call entered `ended_in`; absent means the first visit
    /// (`started_at`, `queued_at`, `rang_at` or `answered_at`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage_entered_at: Option<Timestamp>,
    /// What ended it.
    pub end_reason: EndReason,
    /// When it ended.
    pub ended_at: Timestamp,
    /// Where the call went when it left (a queue exit's destination, the
    /// outside number of a transfer out), if the source said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
}

fn problem(field: &str, code: &str, message: String) -> FieldProblem {
    FieldProblem {
        field: field.to_owned(),
        code: code.to_owned(),
        message,
    }
}

impl CallRecord {
    /// The first visit to the stage the call ended in (an outbound call
    /// without `rang_at` started dialing at `started_at`).
    #[inline]
    fn stage_first(&self) -> Option<Timestamp> {
        match self.ended_in {
            Stage::Ivr => Some(self.started_at),
            Stage::Queue => self.queued_at,
            Stage::Ringing => match self.direction {
                Direction::Inbound => self.rang_at,
                Direction::Outbound => self.rang_at.or(Some(self.started_at)),
            },
            Stage::Talking => self.answered_at,
        }
    }

    /// When the call entered the stage it ended in.
    #[inline]
    pub fn final_stage_start(&self) -> Timestamp {
        self.stage_entered_at
            .or_else(|| self.stage_first())
            .unwrap_or(self.started_at)
    }

    /// Milliseconds waited in queue: from the first queue entry to the first
    /// answer (or the end, if never answered). `None` if never queued.
    #[inline]
    pub fn wait_ms(&self) -> Option<i64> {
        let q = self.queued_at?;
        Some((self.answered_at.unwrap_or(self.ended_at) - q).num_milliseconds())
    }

    /// Milliseconds connected (talking and on hold): from the first answer to the end.
    #[inline]
    pub fn talk_ms(&self) -> Option<i64> {
        Some((self.ended_at - self.answered_at?).num_milliseconds())
    }

    /// Cheap consistency check used on hot paths: `true` iff [`CallRecord::validate`] passes.
    #[inline]
    pub fn is_consistent(&self) -> bool {
        let (s, e) = (self.started_at, self.ended_at);
        let within = |t: Option<Timestamp>| t.is_none_or(|t| s <= t && t <= e);
        let stage_first = self.stage_first();
        let direction_ok = match self.direction {
            Direction::Inbound => self.end_reason != EndReason::OutboundEnded,
            Direction::Outbound => {
                matches!(self.ended_in, Stage::Ringing | Stage::Talking)
                    && self.end_reason != EndReason::QueueTimeout
                    && self.queued_at.is_none()
            }
        };
        s <= e
            && cxkit_core::time::is_supported(s)
            && cxkit_core::time::is_supported(e)
            && within(self.queued_at)
            && within(self.rang_at)
            && within(self.answered_at)
            && within(self.stage_entered_at)
            && match (self.answered_at, self.rang_at) {
                (Some(a), Some(r)) => r <= a,
                (Some(_), None) => self.direction == Direction::Outbound,
                _ => true,
            }
            && match (stage_first, self.stage_entered_at) {
                (None, _) => false,
                (Some(f), Some(t)) => f <= t,
                (Some(_), None) => true,
            }
            && (self.end_reason != EndReason::QueueTimeout || self.ended_in == Stage::Queue)
            && (!self.end_reason.is_queue_exit() || self.ended_in == Stage::Queue)
            && (self.end_reason != EndReason::TransferredOut || self.ended_in == Stage::Talking)
            && direction_ok
    }

    /// Checks that the times and stages are consistent (SMS1: a record whose
    /// times are inconsistent is rejected). Every problem is reported at once.
    pub fn validate(&self) -> Result<(), CallError> {
        if self.is_consistent() {
            return Ok(());
        }
        let mut p = Vec::new();
        let (s, e) = (self.started_at, self.ended_at);
        for (field, t) in [("started_at", s), ("ended_at", e)] {
            if let Err(message) = cxkit_core::time::check_supported(t) {
                p.push(problem(field, "out_of_range", message));
            }
        }
        if e < s {
            p.push(problem(
                "ended_at",
                "before_start",
                format!("the call ends ({e}) before it starts ({s})"),
            ));
        }
        for (field, t) in [
            ("queued_at", self.queued_at),
            ("rang_at", self.rang_at),
            ("answered_at", self.answered_at),
            ("stage_entered_at", self.stage_entered_at),
        ] {
            let Some(t) = t else { continue };
            if t < s {
                p.push(problem(
                    field,
                    "before_start",
                    format!("{field} {t} is before the call started ({s})"),
                ));
            }
            if t > e {
                let code = if field == "answered_at" {
                    "answered_after_end"
                } else {
                    "after_end"
                };
                p.push(problem(
                    field,
                    code,
                    format!("{field} {t} is after the call ended ({e})"),
                ));
            }
        }
        match (self.answered_at, self.rang_at) {
            (Some(a), Some(r)) if a < r => p.push(problem(
                "answered_at",
                "answered_before_ringing",
                format!("answered at {a} before the first ring at {r}"),
            )),
            (Some(_), None) if self.direction == Direction::Inbound => p.push(problem(
                "answered_at",
                "answered_without_ringing",
                "an inbound call was answered but never rang at an agent".to_owned(),
            )),
            _ => {}
        }
        let name = match self.ended_in {
            Stage::Ivr => "started_at",
            Stage::Queue => "queued_at",
            Stage::Ringing => "rang_at",
            Stage::Talking => "answered_at",
        };
        let first = self.stage_first();
        match (first, self.stage_entered_at) {
            (None, _) => p.push(problem(
                "ended_in",
                "stage_never_entered",
                format!(
                    "the call ended in `{}` but has no `{name}`",
                    self.ended_in.as_str()
                ),
            )),
            (Some(f), Some(t)) if t < f => p.push(problem(
                "stage_entered_at",
                "before_first_visit",
                format!(
                    "stage_entered_at {t} is before the first `{}` at {f}",
                    self.ended_in.as_str()
                ),
            )),
            _ => {}
        }
        if self.end_reason == EndReason::QueueTimeout && self.ended_in != Stage::Queue {
            p.push(problem(
                "end_reason",
                "queue_timeout_outside_queue",
                "a queue timeout ends a call in the queue".to_owned(),
            ));
        }
        if self.end_reason.is_queue_exit() && self.ended_in != Stage::Queue {
            p.push(problem(
                "end_reason",
                "queue_exit_outside_queue",
                format!("`{}` ends a call in the queue", self.end_reason.as_str()),
            ));
        }
        if self.end_reason == EndReason::TransferredOut && self.ended_in != Stage::Talking {
            p.push(problem(
                "end_reason",
                "transfer_out_unconnected",
                "a transfer out ends a connected call (`ended_in: talking`)".to_owned(),
            ));
        }
        match self.direction {
            Direction::Inbound if self.end_reason == EndReason::OutboundEnded => p.push(problem(
                "end_reason",
                "wrong_direction",
                "`outbound_ended` ends outbound calls only".to_owned(),
            )),
            Direction::Outbound => {
                if !matches!(self.ended_in, Stage::Ringing | Stage::Talking) {
                    p.push(problem(
                        "ended_in",
                        "wrong_direction",
                        "an outbound call ends ringing (dialing) or talking".to_owned(),
                    ));
                }
                if self.queued_at.is_some() {
                    p.push(problem(
                        "queued_at",
                        "wrong_direction",
                        "an outbound call is never queued".to_owned(),
                    ));
                }
                if self.end_reason == EndReason::QueueTimeout {
                    p.push(problem(
                        "end_reason",
                        "wrong_direction",
                        "an outbound call has no queue timeout".to_owned(),
                    ));
                }
            }
            Direction::Inbound => {}
        }
        if p.is_empty() {
            // is_consistent and the detailed checks disagree: report rather than accept.
            p.push(problem(
                "call",
                "inconsistent",
                "inconsistent call record".to_owned(),
            ));
        }
        Err(CallError::InvalidRecord { problems: p })
    }
}
