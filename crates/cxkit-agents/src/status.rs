//! The agent states of CM1 (4)–(11) plus `offline`, and the small enums that
//! travel in events (starting status, chosen status, consult mode, …).
//!
//! [`Status`] is the *leaf* state: every logged-in agent is in exactly one of
//! its 19 counted variants, and each variant belongs to exactly one CM1
//! [`Category`]. The wallboard counts leaves and sums them into categories,
//! which is why "splits add up to their totals" holds by construction.

use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// The leaf state of one agent (CM1 items 4–11, plus offline).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum Status {
    /// CM1 (4) idle (空闲): ready for a call.
    Idle = 0,
    /// CM1 (5) busy (忙碌): logged in, not taking queue calls.
    Busy,
    /// CM1 (6) after-call work (后处理), only ever entered automatically (TB2).
    AfterCallWork,
    /// CM1 (7) answering — an inbound call rings at the agent.
    AnsweringRinging,
    /// CM1 (7) answering — talking on an inbound call.
    AnsweringTalking,
    /// CM1 (7) answering — inbound call on hold.
    AnsweringOnHold,
    /// CM1 (8) outbound — dialing.
    OutboundDialing,
    /// CM1 (8) outbound — talking on an outbound call.
    OutboundTalking,
    /// CM1 (8) outbound — outbound call on hold.
    OutboundOnHold,
    /// CM1 (9) consulting — a consult rings at this (consulted) agent.
    ConsultingRinging,
    /// CM1 (9) consulting — three-way with the consulting agent and customer.
    ConsultingThreeWay,
    /// CM1 (9) consulting — transfer consult (customer on hold).
    ConsultingTransferConsult,
    /// CM1 (10) supervising — listening to an agent (监听).
    SupervisingListening,
    /// CM1 (10) supervising — barged into the call (强插).
    SupervisingBarging,
    /// CM1 (11) non-service: break (小休).
    Break,
    /// CM1 (11) non-service: activity (活动).
    Activity,
    /// CM1 (11) non-service: training (培训).
    Training,
    /// CM1 (11) non-service: meal (就餐).
    Meal,
    /// CM1 (11) non-service: meeting (会议).
    Meeting,
    /// Not logged in to the call center; counted nowhere.
    #[default]
    Offline,
}

/// Number of counted leaves (every variant but [`Status::Offline`]).
pub const COUNTED: usize = 19;

/// The CM1 category of a leaf state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Not logged in.
    Offline,
    /// CM1 (4).
    Idle,
    /// CM1 (5).
    Busy,
    /// CM1 (6).
    AfterCallWork,
    /// CM1 (7).
    Answering,
    /// CM1 (8).
    Outbound,
    /// CM1 (9).
    Consulting,
    /// CM1 (10).
    Supervising,
    /// CM1 (11).
    NonService,
}

impl Category {
    /// The snake_case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Offline => "offline",
            Category::Idle => "idle",
            Category::Busy => "busy",
            Category::AfterCallWork => "after_call_work",
            Category::Answering => "answering",
            Category::Outbound => "outbound",
            Category::Consulting => "consulting",
            Category::Supervising => "supervising",
            Category::NonService => "non_service",
        }
    }
}

impl Status {
    /// Every counted leaf, in counter order.
    pub const COUNTED_ALL: [Status; COUNTED] = [
        Status::Idle,
        Status::Busy,
        Status::AfterCallWork,
        Status::AnsweringRinging,
        Status::AnsweringTalking,
        Status::AnsweringOnHold,
        Status::OutboundDialing,
        Status::OutboundTalking,
        Status::OutboundOnHold,
        Status::ConsultingRinging,
        Status::ConsultingThreeWay,
        Status::ConsultingTransferConsult,
        Status::SupervisingListening,
        Status::SupervisingBarging,
        Status::Break,
        Status::Activity,
        Status::Training,
        Status::Meal,
        Status::Meeting,
    ];

    /// Position in the counter array; `None` for offline.
    #[inline]
    pub fn slot(self) -> Option<usize> {
        let i = self as usize;
        (i < COUNTED).then_some(i)
    }

    /// The CM1 category.
    pub fn category(self) -> Category {
        use Status::*;
        match self {
            Idle => Category::Idle,
            Busy => Category::Busy,
            AfterCallWork => Category::AfterCallWork,
            AnsweringRinging | AnsweringTalking | AnsweringOnHold => Category::Answering,
            OutboundDialing | OutboundTalking | OutboundOnHold => Category::Outbound,
            ConsultingRinging | ConsultingThreeWay | ConsultingTransferConsult => Category::Consulting,
            SupervisingListening | SupervisingBarging => Category::Supervising,
            Break | Activity | Training | Meal | Meeting => Category::NonService,
            Offline => Category::Offline,
        }
    }

    /// The split inside the category (`ringing`, `talking`, `meal`, …), if any.
    pub fn detail(self) -> Option<&'static str> {
        use Status::*;
        Some(match self {
            AnsweringRinging | ConsultingRinging => "ringing",
            AnsweringTalking | OutboundTalking => "talking",
            AnsweringOnHold | OutboundOnHold => "on_hold",
            OutboundDialing => "dialing",
            ConsultingThreeWay => "three_way",
            ConsultingTransferConsult => "transfer_consult",
            SupervisingListening => "listening",
            SupervisingBarging => "barging",
            Break => "break",
            Activity => "activity",
            Training => "training",
            Meal => "meal",
            Meeting => "meeting",
            Idle | Busy | AfterCallWork | Offline => return None,
        })
    }

    /// `category` or `category.detail`, the name errors report
    /// (`idle`, `answering.talking`, `non_service.meal`).
    pub fn name(self) -> &'static str {
        use Status::*;
        match self {
            Idle => "idle",
            Busy => "busy",
            AfterCallWork => "after_call_work",
            AnsweringRinging => "answering.ringing",
            AnsweringTalking => "answering.talking",
            AnsweringOnHold => "answering.on_hold",
            OutboundDialing => "outbound.dialing",
            OutboundTalking => "outbound.talking",
            OutboundOnHold => "outbound.on_hold",
            ConsultingRinging => "consulting.ringing",
            ConsultingThreeWay => "consulting.three_way",
            ConsultingTransferConsult => "consulting.transfer_consult",
            SupervisingListening => "supervising.listening",
            SupervisingBarging => "supervising.barging",
            Break => "non_service.break",
            Activity => "non_service.activity",
            Training => "non_service.training",
            Meal => "non_service.meal",
            Meeting => "non_service.meeting",
            Offline => "offline",
        }
    }

    /// Whether the agent is on a customer call of their own (answering or outbound).
    #[inline]
    pub fn on_own_call(self) -> bool {
        matches!(self.category(), Category::Answering | Category::Outbound)
    }

    /// Whether the agent is talking to a customer (CM4: only these can be listened to).
    #[inline]
    pub fn is_talking(self) -> bool {
        matches!(self, Status::AnsweringTalking | Status::OutboundTalking)
    }

    /// Whether this is a resting state a call can start from and an agent
    /// can return to (idle, busy, non-service).
    #[inline]
    pub fn is_resting(self) -> bool {
        matches!(self.category(), Category::Idle | Category::Busy | Category::NonService)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The status chosen at login (TB1: login and the starting status are one step).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StartStatus {
    /// Start idle, ready for calls.
    #[default]
    Idle,
    /// Start busy.
    Busy,
}

impl From<StartStatus> for Status {
    fn from(s: StartStatus) -> Status {
        match s {
            StartStatus::Idle => Status::Idle,
            StartStatus::Busy => Status::Busy,
        }
    }
}

/// A status an agent may choose by hand (TB2: after-call work is never one).
///
/// JSON: `"idle"`, `"busy"`, `"break"`, `"activity"`, `"training"`, `"meal"`,
/// `"meeting"`. `"after_call_work"` is refused with a message citing TB2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChosenStatus {
    /// Idle.
    Idle,
    /// Busy.
    Busy,
    /// Break (小休).
    Break,
    /// Activity (活动).
    Activity,
    /// Training (培训).
    Training,
    /// Meal (就餐).
    Meal,
    /// Meeting (会议).
    Meeting,
}

impl ChosenStatus {
    /// Parses the JSON name; `Err` explains why it is not a choosable status.
    pub fn parse(name: &str) -> Result<Self, String> {
        Ok(match name {
            "idle" => ChosenStatus::Idle,
            "busy" => ChosenStatus::Busy,
            "break" => ChosenStatus::Break,
            "activity" => ChosenStatus::Activity,
            "training" => ChosenStatus::Training,
            "meal" => ChosenStatus::Meal,
            "meeting" => ChosenStatus::Meeting,
            "after_call_work" => {
                return Err(
                    "after-call work is never chosen by hand (TB2): it starts automatically when a call ends".into(),
                );
            }
            other => {
                return Err(format!(
                    "unknown status `{other}`; choose one of idle, busy, break, activity, training, meal, meeting"
                ));
            }
        })
    }
}

impl<'de> Deserialize<'de> for ChosenStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        ChosenStatus::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl From<ChosenStatus> for Status {
    fn from(s: ChosenStatus) -> Status {
        match s {
            ChosenStatus::Idle => Status::Idle,
            ChosenStatus::Busy => Status::Busy,
            ChosenStatus::Break => Status::Break,
            ChosenStatus::Activity => Status::Activity,
            ChosenStatus::Training => Status::Training,
            ChosenStatus::Meal => Status::Meal,
            ChosenStatus::Meeting => Status::Meeting,
        }
    }
}

/// How a consult was started (TB5 / CM1 (9)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConsultMode {
    /// Three-way (三方): the customer hears the consult.
    #[default]
    ThreeWay,
    /// Transfer consult (咨询转接): the customer waits; ends in a transfer or back.
    Transfer,
}

/// Direction of a customer call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, schemars::JsonSchema)]
#[schemars(rename = "AgentCallDirection")]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// The customer called in.
    #[default]
    Inbound,
    /// The agent dialed out.
    Outbound,
}

/// Who ended a call, as the switch reports it on the agent's `call_ended`.
/// It matters for a ring that ends unanswered: a caller who hangs up during
/// the ring is not the agent's ring-no-answer; a ring that times out
/// (`system`), that the agent rejects (`agent`) or whose cause is not given
/// is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EndedBy {
    /// The customer hung up.
    Customer,
    /// The agent hung up (or rejected the ring).
    Agent,
    /// The platform ended it (ring timeout, transfer, network).
    System,
}

/// A talking agent's monitor mark (CM4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, schemars::JsonSchema)]
#[schemars(rename = "Monitoring")]
#[serde(rename_all = "snake_case")]
pub enum Monitor {
    /// Nobody listens.
    #[default]
    None,
    /// "talking (monitored)": a supervisor listens.
    Monitored,
    /// "three-way (barge)": a supervisor barged in.
    Barged,
}

/// The toolbar popup (TB3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Popup {
    /// Shown.
    #[default]
    Expanded,
    /// Collapsed by the agent's own hand: an incoming call leaves it collapsed.
    CollapsedByHand,
    /// Collapsed automatically: an incoming call expands it.
    CollapsedAuto,
}

impl Popup {
    /// TB3: the popup after an incoming call rings.
    #[inline]
    pub fn on_incoming_call(self) -> Popup {
        match self {
            Popup::CollapsedByHand => Popup::CollapsedByHand,
            Popup::Expanded | Popup::CollapsedAuto => Popup::Expanded,
        }
    }
}
