//! OS1: the online status an agent chooses ([`OnlineStatus`]) and the leaf
//! it is counted in ([`Leaf`]).
//!
//! The chosen status is what the agent (or the chat server) sets. The leaf
//! adds what follows from the live load: an `online` agent at its maximum is
//! `full`, and a `both` agent on a call is `busy.on_call` when the tenant
//! sets `call_blocks_chats`. Every logged-in agent is in exactly one leaf,
//! so the wallboard's splits add up by construction.

use serde::{Deserialize, Serialize};

/// The online status an agent chooses (OS1).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum OnlineStatus {
    /// Not logged in to the online service.
    #[default]
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

impl OnlineStatus {
    /// The snake_case name (also in errors: `non_service.meal`).
    pub fn name(self) -> &'static str {
        match self {
            OnlineStatus::Offline => "offline",
            OnlineStatus::Online => "online",
            OnlineStatus::Busy => "busy",
            OnlineStatus::Break => "non_service.break",
            OnlineStatus::Meal => "non_service.meal",
            OnlineStatus::Training => "non_service.training",
            OnlineStatus::Meeting => "non_service.meeting",
            OnlineStatus::Activity => "non_service.activity",
        }
    }
}

/// Number of counted leaves.
pub const LEAVES: usize = 9;

/// The leaf a logged-in agent is counted in (OS1, OS4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum Leaf {
    /// `online` with a free slot.
    Accepting = 0,
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

impl Leaf {
    /// The leaf of a chosen status with the live load; `None` when offline.
    /// A call blocks before "full" is looked at: the agent is busy for chats.
    #[inline]
    pub fn of(status: OnlineStatus, current: u32, max: u32, call_blocked: bool) -> Option<Leaf> {
        Some(match status {
            OnlineStatus::Offline => return None,
            OnlineStatus::Online if call_blocked => Leaf::OnCall,
            OnlineStatus::Online if current >= max => Leaf::Full,
            OnlineStatus::Online => Leaf::Accepting,
            OnlineStatus::Busy => Leaf::Busy,
            OnlineStatus::Break => Leaf::Break,
            OnlineStatus::Meal => Leaf::Meal,
            OnlineStatus::Training => Leaf::Training,
            OnlineStatus::Meeting => Leaf::Meeting,
            OnlineStatus::Activity => Leaf::Activity,
        })
    }

    /// The state name shown in views and errors (`online`, `online.full`,
    /// `busy`, `busy.on_call`, `non_service.meal`).
    pub fn name(self) -> &'static str {
        match self {
            Leaf::Accepting => "online",
            Leaf::Full => "online.full",
            Leaf::Busy => "busy",
            Leaf::OnCall => "busy.on_call",
            Leaf::Break => "non_service.break",
            Leaf::Activity => "non_service.activity",
            Leaf::Training => "non_service.training",
            Leaf::Meal => "non_service.meal",
            Leaf::Meeting => "non_service.meeting",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os1_leaf_follows_status_load_and_call() {
        use OnlineStatus as S;
        assert_eq!(Leaf::of(S::Offline, 0, 5, false), None);
        assert_eq!(Leaf::of(S::Online, 4, 5, false), Some(Leaf::Accepting));
        assert_eq!(Leaf::of(S::Online, 5, 5, false), Some(Leaf::Full));
        assert_eq!(Leaf::of(S::Online, 5, 5, true), Some(Leaf::OnCall));
        assert_eq!(Leaf::of(S::Busy, 5, 5, true), Some(Leaf::Busy));
        assert_eq!(Leaf::of(S::Meal, 0, 5, false), Some(Leaf::Meal));
    }
}
