#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod board;
pub mod config;
pub mod error;
pub mod event;
mod fxhash;
pub mod snapshot;
pub mod status;
pub mod toolbar;
pub mod views;

pub use board::{ApplyStatus, Board, CallOp, DUPLICATE_WINDOW};
pub use config::{AcwConfig, AcwReturn, AgentsConfig};
pub use error::AgentError;
pub use event::AgentEvent;
pub use snapshot::BoardSnapshot;
pub use status::{Category, ChosenStatus, ConsultMode, Direction, EndedBy, Monitor, Popup, StartStatus, Status};
pub use toolbar::{Toolbar, validate_dial};
pub use views::{
    AgentStateView, AgentStats, AgentWallboard, BigScreen, Binding, Listenability, ListeningEntry, ListeningList,
    ToolbarView,
};
