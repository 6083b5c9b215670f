#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod board;
pub mod config;
pub mod error;
pub mod event;
mod event_de;
pub mod reference;
pub mod snapshot;
pub mod status;
pub mod views;

pub use board::{ApplyStatus, Board, ChatState, DUPLICATE_WINDOW};
pub use config::{ChannelRoute, OnlineConfig};
pub use error::OnlineError;
pub use event::{ChatEvent, ClosedBy, LoginStatus, TransferTarget};
pub use snapshot::BoardSnapshot;
pub use status::{Leaf, OnlineStatus};
pub use views::{
    AgentChat, BusySplit, ChatTotals, GroupWaiting, NonServiceSplit, OnlineAgentMetrics,
    OnlineSplit, OnlineWallboard, Waiting,
};
