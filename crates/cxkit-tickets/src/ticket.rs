//! One ticket and its replies.
//!
//! The difference between a reply the customer may read and one they may
//! not is a *type*: [`PublicReply`] (所有人可见) and [`InternalNote`] (内部回复)
//! live in two separate lists of the [`Ticket`]. The only accessor a customer
//! view can use, [`Ticket::public_replies`], returns `&[PublicReply]`; there is
//! no mixed list with a flag that one code path could forget to filter
//! (the pitfall STYLE.md names).

use crate::status::TicketStatus;
use cxkit_core::{AgentId, Channel, CustomerId, TicketId, Timestamp};
use serde::{Deserialize, Serialize};

/// Who may read a reply, as chosen by the agent when replying.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Visible to all, the customer included (所有人可见).
    Public,
    /// Visible to agents only (内部回复).
    Internal,
}

/// A reply the customer may read.
///
/// JSON: `{"author": "a-1", "text": "…", "at": "2026-03-28T09:00:00Z"}`. The
/// reply's position in the agent timeline is deliberately not serialized:
/// gaps in it would tell the customer how many internal notes exist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct PublicReply {
    author: AgentId,
    text: String,
    at: Timestamp,
    #[serde(skip)]
    seq: u32,
}

impl PublicReply {
    /// The agent who wrote it.
    pub fn author(&self) -> &AgentId {
        &self.author
    }
    /// The reply text.
    pub fn text(&self) -> &str {
        &self.text
    }
    /// When it was written.
    pub fn at(&self) -> Timestamp {
        self.at
    }
}

/// A reply only agents may read. There is no conversion to [`PublicReply`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InternalNote {
    author: AgentId,
    text: String,
    at: Timestamp,
    #[serde(skip)]
    seq: u32,
}

impl InternalNote {
    /// The agent who wrote it.
    pub fn author(&self) -> &AgentId {
        &self.author
    }
    /// The note text.
    pub fn text(&self) -> &str {
        &self.text
    }
    /// When it was written.
    pub fn at(&self) -> Timestamp {
        self.at
    }
}

/// One step of a ticket's status history (处理进度).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct StatusChange {
    /// The status the ticket entered.
    pub status: TicketStatus,
    /// When.
    pub at: Timestamp,
    /// The agent who changed it; `None` for creation by the customer.
    pub by: Option<AgentId>,
}

/// A ticket (工单) created by a customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticket {
    pub(crate) id: TicketId,
    pub(crate) customer: CustomerId,
    pub(crate) channel: Channel,
    pub(crate) title: String,
    pub(crate) content: String,
    pub(crate) status: TicketStatus,
    pub(crate) created_at: Timestamp,
    /// Last change of any kind (agents see this).
    pub(crate) updated_at: Timestamp,
    /// Last change the customer can see: creation, a status change or a
    /// public reply. An internal note must not move the customer's
    /// "last update", or its time would leak that a note was written.
    pub(crate) customer_updated_at: Timestamp,
    pub(crate) history: Vec<StatusChange>,
    public_replies: Vec<PublicReply>,
    internal_notes: Vec<InternalNote>,
}

impl Ticket {
    pub(crate) fn new(
        id: TicketId,
        customer: CustomerId,
        channel: Channel,
        title: String,
        content: String,
        at: Timestamp,
    ) -> Self {
        Ticket {
            id,
            customer,
            channel,
            title,
            content,
            status: TicketStatus::New,
            created_at: at,
            updated_at: at,
            customer_updated_at: at,
            history: vec![StatusChange {
                status: TicketStatus::New,
                at,
                by: None,
            }],
            public_replies: Vec::new(),
            internal_notes: Vec::new(),
        }
    }

    /// The ticket's id.
    pub fn id(&self) -> &TicketId {
        &self.id
    }
    /// The customer who created it.
    pub fn customer(&self) -> &CustomerId {
        &self.customer
    }
    /// The channel it came from.
    pub fn channel(&self) -> Channel {
        self.channel
    }
    /// The customer's title.
    pub fn title(&self) -> &str {
        &self.title
    }
    /// The customer's message (留言内容).
    pub fn content(&self) -> &str {
        &self.content
    }
    /// Current status.
    pub fn status(&self) -> TicketStatus {
        self.status
    }
    /// Creation time.
    pub fn created_at(&self) -> Timestamp {
        self.created_at
    }
    /// Time of the last change of any kind.
    pub fn updated_at(&self) -> Timestamp {
        self.updated_at
    }
    /// Time of the last change the customer can see.
    pub fn customer_updated_at(&self) -> Timestamp {
        self.customer_updated_at
    }
    /// Status history, oldest first; starts with `new` at creation.
    pub fn history(&self) -> &[StatusChange] {
        &self.history
    }
    /// The replies visible to all, in order: the only replies a customer
    /// view may ever be built from.
    pub fn public_replies(&self) -> &[PublicReply] {
        &self.public_replies
    }
    /// The internal notes, in order. Agent views only.
    pub fn internal_notes(&self) -> &[InternalNote] {
        &self.internal_notes
    }

    fn next_seq(&self) -> u32 {
        (self.public_replies.len() + self.internal_notes.len()) as u32
    }

    pub(crate) fn push_reply(
        &mut self,
        visibility: Visibility,
        author: AgentId,
        text: String,
        at: Timestamp,
    ) {
        let seq = self.next_seq();
        match visibility {
            Visibility::Public => {
                self.public_replies.push(PublicReply {
                    author,
                    text,
                    at,
                    seq,
                });
                self.customer_updated_at = at;
            }
            Visibility::Internal => self.internal_notes.push(InternalNote {
                author,
                text,
                at,
                seq,
            }),
        }
        self.updated_at = at;
    }

    pub(crate) fn push_status(&mut self, status: TicketStatus, by: AgentId, at: Timestamp) {
        self.status = status;
        self.history.push(StatusChange {
            status,
            at,
            by: Some(by),
        });
        self.updated_at = at;
        self.customer_updated_at = at;
    }

    /// Public replies and internal notes merged in the order they were
    /// written (agent timeline).
    pub(crate) fn timeline(&self) -> impl Iterator<Item = (Visibility, &AgentId, &str, Timestamp)> {
        let mut p = self.public_replies.iter().peekable();
        let mut n = self.internal_notes.iter().peekable();
        std::iter::from_fn(move || match (p.peek(), n.peek()) {
            (Some(a), Some(b)) if a.seq < b.seq => p
                .next()
                .map(|r| (Visibility::Public, &r.author, r.text.as_str(), r.at)),
            (Some(_), None) => p
                .next()
                .map(|r| (Visibility::Public, &r.author, r.text.as_str(), r.at)),
            (_, Some(_)) => n
                .next()
                .map(|r| (Visibility::Internal, &r.author, r.text.as_str(), r.at)),
            (None, None) => None,
        })
    }
}
