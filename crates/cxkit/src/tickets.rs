//! [`Tickets`]: the ticket center of one tenant (TK1, TK2) — the customer's
//! message records and ticket detail, agent replies (visible to all or
//! internal), status changes and the close permission.
//!
//! Agent-side calls name the acting agent; their role comes from the
//! tenant roster, and the tenant's role permissions decide what the role
//! may do (`ticket_reply`, `ticket_close`). Customer-side calls name the
//! customer and the channel they view from; another customer's ticket is
//! reported as not found, exactly like a nonexistent id.

use crate::config::Config;
use crate::error::{Error, Result};
use cxkit_core::{AgentId, Channel, CustomerId, Role, Tenant, TicketId, Timestamp};
use cxkit_tickets::error::permission_name;
use cxkit_tickets::{
    AgentTicketView, CustomerTicketDetail, MessageRecord, NewTicket, TicketBook, TicketError,
    TicketStatus, TicketSummary, Visibility,
};
use std::sync::Arc;

/// The ticket center of one tenant.
#[derive(Debug, Clone)]
pub struct Tickets {
    tenant: Arc<Tenant>,
    book: TicketBook,
}

impl Tickets {
    /// An empty ticket center for `config` (tenant + `tickets` section).
    pub fn new(config: &Config) -> Result<Self> {
        let tenant = config.tenant()?;
        let book = TicketBook::new(
            config.tickets.clone(),
            tenant.config.role_permissions.clone(),
        );
        Ok(Tickets { tenant, book })
    }

    /// The underlying store (read-only).
    pub fn book(&self) -> &TicketBook {
        &self.book
    }

    fn role_of(&self, agent: &AgentId) -> Result<Role> {
        Ok(self.tenant.agent(agent)?.role.clone())
    }

    /// A customer creates a ticket (status `new`).
    pub fn create_ticket(&mut self, ticket: NewTicket) -> Result<TicketSummary> {
        Ok(TicketSummary::of(self.book.create_ticket(ticket)?))
    }

    /// `agent` replies to `ticket`, visible to all or internal (needs
    /// `ticket_reply`). The first visible-to-all reply opens a `new` ticket.
    pub fn add_reply(
        &mut self,
        ticket: &TicketId,
        agent: &AgentId,
        visibility: Visibility,
        text: &str,
        at: Timestamp,
    ) -> Result<TicketSummary> {
        let role = self.role_of(agent)?;
        Ok(TicketSummary::of(self.book.add_reply(
            ticket.as_str(),
            agent,
            &role,
            visibility,
            text,
            at,
        )?))
    }

    /// `agent` moves `ticket` to `status` (closing needs `ticket_close`,
    /// anything else `ticket_reply`).
    pub fn set_status(
        &mut self,
        ticket: &TicketId,
        agent: &AgentId,
        status: TicketStatus,
        at: Timestamp,
    ) -> Result<TicketSummary> {
        let role = self.role_of(agent)?;
        Ok(TicketSummary::of(self.book.set_status(
            ticket.as_str(),
            agent,
            &role,
            status,
            at,
        )?))
    }

    /// `agent` closes `ticket` (TK2: needs `ticket_close`).
    pub fn close(
        &mut self,
        ticket: &TicketId,
        agent: &AgentId,
        at: Timestamp,
    ) -> Result<TicketSummary> {
        self.set_status(ticket, agent, TicketStatus::Closed, at)
    }

    /// The customer's message records (留言记录), latest update first.
    pub fn message_records(&self, customer: &CustomerId, channel: Channel) -> Vec<MessageRecord> {
        self.book.message_records(customer, channel)
    }

    /// One of the customer's tickets as seen from `channel` (TK1).
    pub fn ticket_detail(
        &self,
        customer: &CustomerId,
        channel: Channel,
        ticket: &TicketId,
    ) -> Result<CustomerTicketDetail<'_>> {
        Ok(self
            .book
            .ticket_detail(customer, channel, ticket.as_str())?)
    }

    /// Everything about a ticket for a roster agent, internal notes marked.
    pub fn agent_view(&self, ticket: &TicketId, agent: &AgentId) -> Result<AgentTicketView<'_>> {
        self.role_of(agent)?;
        Ok(self.book.agent_view(ticket.as_str())?)
    }
}

impl From<TicketError> for Error {
    fn from(e: TicketError) -> Self {
        let message = e.to_string();
        match e {
            TicketError::NotFound { id } => Error::UnknownEntity {
                kind: "ticket".into(),
                id,
                message,
            },
            TicketError::Duplicate { id } => Error::Conflict {
                resource: format!("ticket {id}"),
                holder: String::new(),
                message,
            },
            TicketError::PermissionDenied {
                role, permission, ..
            } => Error::PermissionDenied {
                role: role.as_str().to_owned(),
                permission: permission_name(permission).to_owned(),
                message,
            },
            TicketError::InvalidTransition {
                ticket,
                from,
                event,
            } => Error::InvalidTransition {
                subject: ticket,
                state: from.as_str().to_owned(),
                event,
                message,
            },
            TicketError::OutOfOrder { ticket, last, got } => Error::OutOfOrder {
                subject: ticket,
                last: last.to_rfc3339(),
                got: got.to_rfc3339(),
                message,
            },
            TicketError::InvalidInput { field, .. } => Error::InvalidInput {
                field: field.to_owned(),
                message,
            },
            #[allow(unreachable_patterns)]
            _ => Error::Internal { message },
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn tickets() -> Tickets {
        let c = Config::from_json_str(
            r#"{"tenant": {"agents": [{"id": "a-1", "role": "agent"}, {"id": "lead", "role": "team_lead"}]}}"#,
        )
        .unwrap();
        Tickets::new(&c).unwrap()
    }

    fn at(min: i64) -> Timestamp {
        chrono::DateTime::from_timestamp(1_774_688_400 + min * 60, 0).unwrap()
    }

    #[test]
    fn tk2_errors_map_to_stable_codes() {
        let mut t = tickets();
        let new: NewTicket = serde_json::from_value(serde_json::json!({
            "id": "tk-1", "customer": "c-1", "channel": "desktop_web", "title": "x", "at": at(0)
        }))
        .unwrap();
        t.create_ticket(new.clone()).unwrap();
        let id = TicketId::new("tk-1");
        let e = t.close(&id, &"a-1".into(), at(1)).unwrap_err();
        assert_eq!(e.code(), "PERMISSION_DENIED");
        assert_eq!(
            e.details(),
            serde_json::json!({"role": "agent", "permission": "ticket_close"})
        );
        assert_eq!(
            t.close(&id, &"ghost".into(), at(1)).unwrap_err().code(),
            "UNKNOWN_ENTITY"
        );
        t.close(&id, &"lead".into(), at(1)).unwrap();
        let e = t.close(&id, &"lead".into(), at(2)).unwrap_err();
        assert_eq!(e.code(), "INVALID_TRANSITION");
        assert_eq!(e.details()["state"], "closed");
        assert_eq!(t.create_ticket(new).unwrap_err().code(), "CONFLICT");
        let e = t
            .ticket_detail(&"c-2".into(), Channel::DesktopWeb, &id)
            .unwrap_err();
        assert_eq!(e.to_json()["message"], "ticket `tk-1` not found");
    }
}
