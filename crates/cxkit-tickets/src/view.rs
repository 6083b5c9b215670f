//! What each viewer sees of a ticket.
//!
//! Customer views ([`MessageRecord`], [`CustomerTicketDetail`]) are built
//! only from [`Ticket::public_replies`]; their reply field has the type
//! `&[PublicReply]`, which cannot hold an internal note. Agent views
//! ([`AgentTicketView`]) show everything, each entry marked with its
//! [`Visibility`].

use crate::status::TicketStatus;
use crate::ticket::{PublicReply, StatusChange, Ticket, Visibility};
use cxkit_core::{AgentId, Channel, CustomerId, TicketId, Timestamp};
use serde::Serialize;

/// One line of the customer's message records (留言记录).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
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
    /// Last change the customer can see (never moved by an internal note).
    pub last_update: Timestamp,
}

impl MessageRecord {
    pub(crate) fn of(t: &Ticket) -> Self {
        MessageRecord {
            ticket: t.id.clone(),
            title: t.title.clone(),
            channel: t.channel,
            status: t.status,
            created_at: t.created_at,
            last_update: t.customer_updated_at,
        }
    }
}

/// One step of the progress a customer sees: the status and when (who
/// changed it is internal).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ProgressStep {
    /// The status entered.
    pub status: TicketStatus,
    /// When.
    pub at: Timestamp,
}

/// The customer's view of one ticket: progress and details (TK1).
///
/// `replies` is the visible-to-all replies in order when the reply view is
/// on for the viewing channel, and `null` when it is off — "off" means list,
/// status and progress only. Everything else is the same either way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct CustomerTicketDetail<'a> {
    /// The ticket.
    pub ticket: &'a TicketId,
    /// Its title.
    pub title: &'a str,
    /// The customer's own message.
    pub content: &'a str,
    /// The channel it was created on.
    pub channel: Channel,
    /// Current status.
    pub status: TicketStatus,
    /// Creation time.
    pub created_at: Timestamp,
    /// Last change the customer can see.
    pub last_update: Timestamp,
    /// Status history, oldest first (处理进度).
    pub progress: Vec<ProgressStep>,
    /// Visible-to-all replies in order, or `None` where the channel's reply
    /// view is off.
    pub replies: Option<&'a [PublicReply]>,
}

impl<'a> CustomerTicketDetail<'a> {
    pub(crate) fn of(t: &'a Ticket, show_replies: bool) -> Self {
        CustomerTicketDetail {
            ticket: &t.id,
            title: &t.title,
            content: &t.content,
            channel: t.channel,
            status: t.status,
            created_at: t.created_at,
            last_update: t.customer_updated_at,
            progress: t
                .history
                .iter()
                .map(|h| ProgressStep {
                    status: h.status,
                    at: h.at,
                })
                .collect(),
            replies: show_replies.then(|| t.public_replies()),
        }
    }
}

/// A ticket's headline, as agents see it (also the result of agent actions).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct TicketSummary {
    /// The ticket.
    pub ticket: TicketId,
    /// Who created it.
    pub customer: CustomerId,
    /// Where it came from.
    pub channel: Channel,
    /// Current status.
    pub status: TicketStatus,
    /// Creation time.
    pub created_at: Timestamp,
    /// Last change of any kind.
    pub updated_at: Timestamp,
    /// Number of visible-to-all replies.
    pub public_replies: usize,
    /// Number of internal notes.
    pub internal_notes: usize,
}

impl TicketSummary {
    /// The headline of `t`.
    pub fn of(t: &Ticket) -> Self {
        TicketSummary {
            ticket: t.id.clone(),
            customer: t.customer.clone(),
            channel: t.channel,
            status: t.status,
            created_at: t.created_at,
            updated_at: t.updated_at,
            public_replies: t.public_replies().len(),
            internal_notes: t.internal_notes().len(),
        }
    }
}

/// One reply in the agent timeline, marked public or internal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct AgentEntry<'a> {
    /// `public` (visible to all) or `internal`.
    pub visibility: Visibility,
    /// The agent who wrote it.
    pub author: &'a AgentId,
    /// The text.
    pub text: &'a str,
    /// When.
    pub at: Timestamp,
}

/// Everything about a ticket, for agents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct AgentTicketView<'a> {
    /// The headline.
    #[serde(flatten)]
    pub summary: TicketSummary,
    /// Title.
    pub title: &'a str,
    /// The customer's message.
    pub content: &'a str,
    /// Last change the customer can see.
    pub customer_last_update: Timestamp,
    /// Status history with who changed it.
    pub history: &'a [StatusChange],
    /// Every reply in the order written, internal notes marked as such.
    pub entries: Vec<AgentEntry<'a>>,
}

impl<'a> AgentTicketView<'a> {
    pub(crate) fn of(t: &'a Ticket) -> Self {
        AgentTicketView {
            summary: TicketSummary::of(t),
            title: &t.title,
            content: &t.content,
            customer_last_update: t.customer_updated_at,
            history: &t.history,
            entries: t
                .timeline()
                .map(|(visibility, author, text, at)| AgentEntry {
                    visibility,
                    author,
                    text,
                    at,
                })
                .collect(),
        }
    }
}
