//! The online (chat) device API of [`CallCenter`] as typed records (OS1–OS3,
//! #14 item 6): an online agent's app shows its own status, load and
//! metrics ([`OnlineAgentMetrics`]) and its open chats ([`AgentChat`]), as
//! the phone toolbar is typed on the device. The supervisor views (online
//! wallboard, monitor) stay JSON, like the call side's (`call_center.rs`).

use crate::call_center::CallCenter;
use crate::error::CxError;
use crate::guard::{guard, lock};
use crate::types::Timestamp;
use cxkit::core::{AgentId, Channel, ConversationId};
use cxkit::online_rules::{AgentChat, Leaf, OnlineAgentMetrics, OnlineStatus};

/// The online status an agent chooses (OS1).
#[uniffi::remote(Enum)]
pub enum OnlineStatus {
    /// Not logged in to the online service.
    Offline,
    /// Accepts new chats up to the agent's maximum.
    Online,
    /// Logged in, takes no new chats, keeps its current ones.
    Busy,
    /// Non-service: break (小休).
    Break,
    /// Non-service: meal (就餐).
    Meal,
    /// Non-service: training (培训).
    Training,
    /// Non-service: meeting (会议).
    Meeting,
    /// Non-service: activity (活动).
    Activity,
}

/// The leaf a logged-in agent is counted in (OS1, OS4).
#[uniffi::remote(Enum)]
pub enum Leaf {
    /// `online` with a free slot.
    Accepting,
    /// `online` at its maximum of concurrent chats.
    Full,
    /// `busy` by choice.
    Busy,
    /// `online`, but a `both` agent on a call with `call_blocks_chats`.
    OnCall,
    /// Non-service: break.
    Break,
    /// Non-service: activity.
    Activity,
    /// Non-service: training.
    Training,
    /// Non-service: meal.
    Meal,
    /// Non-service: meeting.
    Meeting,
}

/// The eight online metrics of one agent (OS3) for the tenant day of `now`.
#[uniffi::remote(Record)]
pub struct OnlineAgentMetrics {
    /// The agent.
    pub agent: AgentId,
    /// The chosen online status.
    pub status: OnlineStatus,
    /// The leaf it is counted in (`null` when offline).
    pub leaf: Option<Leaf>,
    /// Since when the chosen status holds.
    pub status_since: Option<Timestamp>,
    /// The agent's maximum of concurrent chats.
    pub max_chats: u32,
    /// `current_chats`: open chats assigned to the agent.
    pub current_chats: u32,
    /// `queued_chats`: chats waiting in the skill groups the agent serves.
    pub queued_chats: u32,
    /// `chats_served_today`: chats closed today in which the agent wrote.
    pub chats_served_today: u32,
    /// `avg_first_response_seconds` over the chats assigned to it today (null: none yet).
    pub avg_first_response_seconds: Option<f64>,
    /// `avg_response_seconds` over its replies today (null: none yet).
    pub avg_response_seconds: Option<f64>,
    /// `unanswered_chats`: its open chats whose customer waits longer than the limit.
    pub unanswered_chats: u32,
    /// `online_satisfaction_rate`: satisfied / rated today, percent (null: none rated).
    pub satisfaction_rate: Option<f64>,
    /// `online_status_duration`: seconds in the chosen status (null when offline).
    pub status_duration_seconds: Option<f64>,
}

/// One open chat of an agent (the agent's own chat list).
#[uniffi::remote(Record)]
pub struct AgentChat {
    /// The chat.
    pub chat: ConversationId,
    /// Its channel.
    pub channel: Channel,
    /// Its channel instance.
    pub instance: Option<String>,
    /// Whether the bot handed it over.
    pub from_bot: bool,
    /// When the agent got it.
    pub assigned_at: Option<Timestamp>,
    /// Seconds the customer has been waiting for a reply (null: not waiting).
    pub customer_waiting_seconds: Option<f64>,
    /// Whether that wait is past `unanswered_after_seconds`.
    pub unanswered: bool,
}

#[uniffi::export]
impl CallCenter {
    /// OS3: one agent's online status, load and eight metrics for the
    /// tenant day containing `now`, typed as on the device
    /// (`online_metrics_json` is the same value as JSON).
    pub fn online_metrics(
        &self,
        agent: AgentId,
        now: Timestamp,
    ) -> Result<OnlineAgentMetrics, CxError> {
        guard(|| lock(&self.inner, "call center")?.online_metrics(&agent, now))
    }

    /// The agent's own open chats at `now`, oldest assignment first, typed
    /// as on the device (`agent_chats_json` is the same list as JSON).
    pub fn agent_chats(&self, agent: AgentId, now: Timestamp) -> Result<Vec<AgentChat>, CxError> {
        guard(|| lock(&self.inner, "call center")?.agent_chats(&agent, now))
    }
}
