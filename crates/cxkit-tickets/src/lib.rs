#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod book;
pub mod config;
pub mod error;
pub mod status;
pub mod ticket;
pub mod view;

pub use book::{NewTicket, TicketBook};
pub use config::TicketsConfig;
pub use error::TicketError;
pub use status::TicketStatus;
pub use ticket::{InternalNote, PublicReply, StatusChange, Ticket, Visibility};
pub use view::{
    AgentEntry, AgentTicketView, CustomerTicketDetail, MessageRecord, ProgressStep, TicketSummary,
};
