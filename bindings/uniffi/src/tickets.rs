//! [`Tickets`]: the ticket center (工单中心, TK1, TK2). The device side is
//! the customer's: create a ticket, the message records (留言记录), one
//! ticket's detail with only the visible-to-all replies. The agent-side
//! calls (reply, status, close, agent view) are exposed too, for agent apps
//! and for the conformance vectors that build the state the customer sees.
//!
//! Views borrowing from the book (`CustomerTicketDetail<'a>`,
//! `AgentTicketView<'a>`) and types with private fields (`PublicReply`) or
//! `usize` counters (`TicketSummary`) cross as owned mirror Records built
//! field by field; the rest are remote re-declarations.

use crate::config::Config;
use crate::error::CxError;
use crate::guard::{guard, lock};
use crate::types::Timestamp;
use cxkit::core::{AgentId, Channel, CustomerId, TicketId};
use cxkit::ticket_rules::{
    MessageRecord, NewTicket, ProgressStep, StatusChange, TicketStatus, Visibility,
};
use serde::Serialize;
use std::sync::{Arc, Mutex};

/// Status of a ticket (处理进度).
#[uniffi::remote(Enum)]
pub enum TicketStatus {
    /// Created, nobody has answered yet.
    New,
    /// Being handled.
    Open,
    /// Waiting for the customer or a third party.
    Pending,
    /// Solved, may still reopen.
    Resolved,
    /// Closed (TK2: needs the `ticket_close` permission).
    Closed,
}

/// Who may read a reply: everyone (visible to all) or agents only.
#[uniffi::remote(Enum)]
pub enum Visibility {
    /// Visible to all, the customer included.
    Public,
    /// An internal note: agents only.
    Internal,
}

/// A customer creates a ticket.
#[uniffi::remote(Record)]
pub struct NewTicket {
    /// The id to use; `null` to let the book assign `tk-<n>`.
    #[uniffi(default)]
    pub id: Option<TicketId>,
    /// The customer who creates it.
    pub customer: CustomerId,
    /// The channel it comes from.
    pub channel: Channel,
    /// A short title (must not be blank).
    pub title: String,
    /// The customer's message.
    #[uniffi(default)]
    pub content: String,
    /// When it was created.
    pub at: Timestamp,
}

/// One line of the customer's message records (留言记录).
#[uniffi::remote(Record)]
pub struct MessageRecord {
    /// The ticket.
    pub ticket: TicketId,
    /// Its title.
    pub title: String,
    /// The channel it was created on.
    pub channel: Channel,
    /// Current status.
    pub status: TicketStatus,
    /// Creation time.
    pub created_at: Timestamp,
    /// Last change the customer can see.
    pub last_update: Timestamp,
}

/// One step of a ticket's progress.
#[uniffi::remote(Record)]
pub struct ProgressStep {
    /// The status reached.
    pub status: TicketStatus,
    /// When.
    pub at: Timestamp,
}

/// One status change with its author.
#[uniffi::remote(Record)]
pub struct StatusChange {
    /// The status reached.
    pub status: TicketStatus,
    /// When.
    pub at: Timestamp,
    /// The agent who changed it (`null` for the creation).
    pub by: Option<AgentId>,
}

/// A visible-to-all reply, as the customer sees it.
#[derive(Debug, Clone, PartialEq, Serialize, uniffi::Record)]
pub struct PublicReply {
    /// The agent who wrote it.
    pub author: AgentId,
    /// The reply text.
    pub text: String,
    /// When it was written.
    pub at: Timestamp,
}

/// One of the customer's tickets as seen from a channel (TK1).
#[derive(Debug, Clone, PartialEq, Serialize, uniffi::Record)]
pub struct CustomerTicketDetail {
    /// The ticket.
    pub ticket: TicketId,
    /// Its title.
    pub title: String,
    /// The customer's own message.
    pub content: String,
    /// The channel it was created on.
    pub channel: Channel,
    /// Current status.
    pub status: TicketStatus,
    /// Creation time.
    pub created_at: Timestamp,
    /// Last change the customer can see.
    pub last_update: Timestamp,
    /// Status history, oldest first.
    pub progress: Vec<ProgressStep>,
    /// Visible-to-all replies in order; `null` where the channel's reply
    /// view is off (list, status and progress only).
    pub replies: Option<Vec<PublicReply>>,
}

/// A ticket's headline as agents see it (the result of agent actions).
#[derive(Debug, Clone, PartialEq, Serialize, uniffi::Record)]
pub struct TicketSummary {
    /// The ticket.
    pub ticket: TicketId,
    /// Its customer.
    pub customer: CustomerId,
    /// The channel it was created on.
    pub channel: Channel,
    /// Current status.
    pub status: TicketStatus,
    /// Creation time.
    pub created_at: Timestamp,
    /// Last change of any kind.
    pub updated_at: Timestamp,
    /// Visible-to-all replies.
    pub public_replies: u64,
    /// Internal notes.
    pub internal_notes: u64,
}

/// One entry of the agent timeline.
#[derive(Debug, Clone, PartialEq, Serialize, uniffi::Record)]
pub struct AgentEntry {
    /// Public reply or internal note.
    pub visibility: Visibility,
    /// The agent who wrote it.
    pub author: AgentId,
    /// The text.
    pub text: String,
    /// When.
    pub at: Timestamp,
}

/// Everything about a ticket for an agent, internal notes marked (the
/// summary's fields come first, flat, as in the JSON shape).
#[derive(Debug, Clone, PartialEq, Serialize, uniffi::Record)]
pub struct AgentTicketView {
    /// The ticket.
    pub ticket: TicketId,
    /// Its customer.
    pub customer: CustomerId,
    /// The channel it was created on.
    pub channel: Channel,
    /// Current status.
    pub status: TicketStatus,
    /// Creation time.
    pub created_at: Timestamp,
    /// Last change of any kind.
    pub updated_at: Timestamp,
    /// Visible-to-all replies.
    pub public_replies: u64,
    /// Internal notes.
    pub internal_notes: u64,
    /// Title.
    pub title: String,
    /// The customer's message.
    pub content: String,
    /// Last change the customer can see.
    pub customer_last_update: Timestamp,
    /// Status history.
    pub history: Vec<StatusChange>,
    /// Replies and notes in order.
    pub entries: Vec<AgentEntry>,
}

impl From<cxkit::ticket_rules::TicketSummary> for TicketSummary {
    fn from(s: cxkit::ticket_rules::TicketSummary) -> Self {
        TicketSummary {
            ticket: s.ticket,
            customer: s.customer,
            channel: s.channel,
            status: s.status,
            created_at: s.created_at,
            updated_at: s.updated_at,
            public_replies: s.public_replies as u64,
            internal_notes: s.internal_notes as u64,
        }
    }
}

impl From<cxkit::ticket_rules::CustomerTicketDetail<'_>> for CustomerTicketDetail {
    fn from(d: cxkit::ticket_rules::CustomerTicketDetail<'_>) -> Self {
        CustomerTicketDetail {
            ticket: d.ticket.clone(),
            title: d.title.to_owned(),
            content: d.content.to_owned(),
            channel: d.channel,
            status: d.status,
            created_at: d.created_at,
            last_update: d.last_update,
            progress: d.progress,
            replies: d.replies.map(|rs| {
                rs.iter()
                    .map(|r| PublicReply {
                        author: r.author().clone(),
                        text: r.text().to_owned(),
                        at: r.at(),
                    })
                    .collect()
            }),
        }
    }
}

impl From<cxkit::ticket_rules::AgentTicketView<'_>> for AgentTicketView {
    fn from(v: cxkit::ticket_rules::AgentTicketView<'_>) -> Self {
        let s = TicketSummary::from(v.summary);
        AgentTicketView {
            ticket: s.ticket,
            customer: s.customer,
            channel: s.channel,
            status: s.status,
            created_at: s.created_at,
            updated_at: s.updated_at,
            public_replies: s.public_replies,
            internal_notes: s.internal_notes,
            title: v.title.to_owned(),
            content: v.content.to_owned(),
            customer_last_update: v.customer_last_update,
            history: v.history.to_vec(),
            entries: v
                .entries
                .into_iter()
                .map(|e| AgentEntry {
                    visibility: e.visibility,
                    author: e.author.clone(),
                    text: e.text.to_owned(),
                    at: e.at,
                })
                .collect(),
        }
    }
}

/// The ticket center of one tenant.
#[derive(Debug, uniffi::Object)]
pub struct Tickets {
    inner: Mutex<cxkit::tickets::Tickets>,
}

#[uniffi::export]
impl Tickets {
    /// An empty ticket center for `config` (tenant + `tickets` section).
    #[uniffi::constructor]
    pub fn new(config: Arc<Config>) -> Result<Arc<Self>, CxError> {
        guard(|| {
            Ok(Arc::new(Tickets {
                inner: Mutex::new(cxkit::tickets::Tickets::new(&config.inner)?),
            }))
        })
    }

    /// A customer creates a ticket (status `NEW`).
    pub fn create_ticket(&self, ticket: NewTicket) -> Result<TicketSummary, CxError> {
        guard(|| Ok(lock(&self.inner, "tickets")?.create_ticket(ticket)?.into()))
    }

    /// `agent` replies, visible to all or internal (needs `ticket_reply`).
    pub fn add_reply(
        &self,
        ticket: TicketId,
        agent: AgentId,
        visibility: Visibility,
        text: String,
        at: Timestamp,
    ) -> Result<TicketSummary, CxError> {
        guard(|| {
            Ok(lock(&self.inner, "tickets")?
                .add_reply(&ticket, &agent, visibility, &text, at)?
                .into())
        })
    }

    /// `agent` moves the ticket to `status` (closing needs `ticket_close`).
    pub fn set_status(
        &self,
        ticket: TicketId,
        agent: AgentId,
        status: TicketStatus,
        at: Timestamp,
    ) -> Result<TicketSummary, CxError> {
        guard(|| {
            Ok(lock(&self.inner, "tickets")?
                .set_status(&ticket, &agent, status, at)?
                .into())
        })
    }

    /// `agent` closes the ticket (TK2: PERMISSION_DENIED without `ticket_close`).
    pub fn close(
        &self,
        ticket: TicketId,
        agent: AgentId,
        at: Timestamp,
    ) -> Result<TicketSummary, CxError> {
        guard(|| {
            Ok(lock(&self.inner, "tickets")?
                .close(&ticket, &agent, at)?
                .into())
        })
    }

    /// The customer's message records seen from `channel`, latest update first.
    pub fn message_records(
        &self,
        customer: CustomerId,
        channel: Channel,
    ) -> Result<Vec<MessageRecord>, CxError> {
        guard(|| Ok(lock(&self.inner, "tickets")?.message_records(&customer, channel)))
    }

    /// One of the customer's tickets as seen from `channel` (TK1); another
    /// customer's ticket is UNKNOWN_ENTITY, like a nonexistent one.
    pub fn ticket_detail(
        &self,
        customer: CustomerId,
        channel: Channel,
        ticket: TicketId,
    ) -> Result<CustomerTicketDetail, CxError> {
        guard(|| {
            Ok(lock(&self.inner, "tickets")?
                .ticket_detail(&customer, channel, &ticket)?
                .into())
        })
    }

    /// Everything about a ticket for a roster agent, internal notes marked.
    pub fn agent_view(&self, ticket: TicketId, agent: AgentId) -> Result<AgentTicketView, CxError> {
        guard(|| {
            Ok(lock(&self.inner, "tickets")?
                .agent_view(&ticket, &agent)?
                .into())
        })
    }
}
