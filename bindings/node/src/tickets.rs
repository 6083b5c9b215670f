//! [`NativeTickets`]: the ticket center of one tenant (TK1, TK2) — customer
//! message records and ticket detail (only what the customer may see),
//! agent replies, status changes and the close permission.

use crate::config::NativeConfig;
use crate::{Guarded, emit, guard, parse};
use cxkit::core::{AgentId, Channel, CustomerId, TicketId, Timestamp};
use cxkit::ticket_rules::{NewTicket, TicketStatus, Visibility};
use cxkit::tickets::Tickets;
use napi_derive::napi;

/// `Tickets` (TK1, TK2).
#[napi]
pub struct NativeTickets {
    inner: Guarded<Tickets>,
}

#[napi]
impl NativeTickets {
    /// The ticket center for `config` (its `tenant` and `tickets` sections).
    #[napi(constructor)]
    pub fn new(config: &NativeConfig) -> napi::Result<Self> {
        guard(|| {
            Ok(NativeTickets {
                inner: Guarded::new(Tickets::new(&config.inner)?),
            })
        })
    }

    /// Opens a ticket; returns its summary.
    #[napi]
    pub fn create_ticket(&self, ticket: String) -> napi::Result<String> {
        self.inner.with(|t| {
            let ticket: NewTicket = parse("ticket", &ticket)?;
            emit(&t.create_ticket(ticket)?)
        })
    }

    /// An agent replies, visible to the customer or internal.
    #[napi]
    pub fn add_reply(
        &self,
        ticket: String,
        agent: String,
        visibility: String,
        text: String,
        at: String,
    ) -> napi::Result<String> {
        self.inner.with(|t| {
            let ticket: TicketId = parse("ticket", &ticket)?;
            let agent: AgentId = parse("agent", &agent)?;
            let visibility: Visibility = parse("visibility", &visibility)?;
            let text: String = parse("text", &text)?;
            let at: Timestamp = parse("at", &at)?;
            emit(&t.add_reply(&ticket, &agent, visibility, &text, at)?)
        })
    }

    /// An agent changes the ticket's status.
    #[napi]
    pub fn set_status(
        &self,
        ticket: String,
        agent: String,
        status: String,
        at: String,
    ) -> napi::Result<String> {
        self.inner.with(|t| {
            let ticket: TicketId = parse("ticket", &ticket)?;
            let agent: AgentId = parse("agent", &agent)?;
            let status: TicketStatus = parse("status", &status)?;
            let at: Timestamp = parse("at", &at)?;
            emit(&t.set_status(&ticket, &agent, status, at)?)
        })
    }

    /// An agent closes the ticket (TK2: needs `ticket_close`).
    #[napi]
    pub fn close(&self, ticket: String, agent: String, at: String) -> napi::Result<String> {
        self.inner.with(|t| {
            let ticket: TicketId = parse("ticket", &ticket)?;
            let agent: AgentId = parse("agent", &agent)?;
            let at: Timestamp = parse("at", &at)?;
            emit(&t.close(&ticket, &agent, at)?)
        })
    }

    /// The customer's message records as seen from `channel` (TK1).
    #[napi]
    pub fn message_records(&self, customer: String, channel: String) -> napi::Result<String> {
        self.inner.with(|t| {
            let customer: CustomerId = parse("customer", &customer)?;
            let channel: Channel = parse("channel", &channel)?;
            emit(&t.message_records(&customer, channel))
        })
    }

    /// One ticket as the customer sees it from `channel` (TK1).
    #[napi]
    pub fn ticket_detail(
        &self,
        customer: String,
        channel: String,
        ticket: String,
    ) -> napi::Result<String> {
        self.inner.with(|t| {
            let customer: CustomerId = parse("customer", &customer)?;
            let channel: Channel = parse("channel", &channel)?;
            let ticket: TicketId = parse("ticket", &ticket)?;
            emit(&t.ticket_detail(&customer, channel, &ticket)?)
        })
    }

    /// One ticket as an agent sees it (internal replies included).
    #[napi]
    pub fn agent_view(&self, ticket: String, agent: String) -> napi::Result<String> {
        self.inner.with(|t| {
            let ticket: TicketId = parse("ticket", &ticket)?;
            let agent: AgentId = parse("agent", &agent)?;
            emit(&t.agent_view(&ticket, &agent)?)
        })
    }
}
