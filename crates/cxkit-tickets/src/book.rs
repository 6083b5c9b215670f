//! [`TicketBook`]: the tenant's tickets in memory, and every rule about who
//! may see or change them (TK1, TK2).
//!
//! Every mutating method checks everything first and changes the ticket
//! last, so a refused action leaves the book exactly as it was.

use crate::config::TicketsConfig;
use crate::error::TicketError;
use crate::status::TicketStatus;
use crate::ticket::{Ticket, Visibility};
use crate::view::{AgentTicketView, CustomerTicketDetail, MessageRecord};
use cxkit_core::{
    AgentId, Channel, CustomerId, Permission, Role, RolePermissions, TicketId, Timestamp,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What a customer submits to create a ticket.
///
/// JSON: `{"id"?: "tk-9", "customer": "c-1", "channel": "desktop_web",
/// "title": "…", "content"?: "…", "at": "2026-03-28T09:00:00Z"}`. Without an
/// `id` the book assigns the next free `tk-<n>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTicket {
    /// The id to use; `None` to let the book assign one.
    #[serde(default)]
    pub id: Option<TicketId>,
    /// The customer who creates it.
    pub customer: CustomerId,
    /// The channel it comes from.
    pub channel: Channel,
    /// A short title (must not be blank).
    pub title: String,
    /// The customer's message.
    #[serde(default)]
    pub content: String,
    /// When it was created.
    pub at: Timestamp,
}

/// The tenant's tickets.
#[derive(Debug, Clone)]
pub struct TicketBook {
    config: TicketsConfig,
    permissions: RolePermissions,
    tickets: Vec<Ticket>,
    index: HashMap<TicketId, usize>,
    by_customer: HashMap<CustomerId, Vec<usize>>,
    next_id: u64,
}

impl TicketBook {
    /// An empty book with the tenant's role permissions (TK2).
    pub fn new(config: TicketsConfig, permissions: RolePermissions) -> Self {
        TicketBook {
            config,
            permissions,
            tickets: Vec::new(),
            index: HashMap::new(),
            by_customer: HashMap::new(),
            next_id: 1,
        }
    }

    /// The configuration.
    pub fn config(&self) -> &TicketsConfig {
        &self.config
    }

    /// Number of tickets.
    pub fn len(&self) -> usize {
        self.tickets.len()
    }

    /// Whether the book is empty.
    pub fn is_empty(&self) -> bool {
        self.tickets.is_empty()
    }

    /// A ticket by id, for agents and tests; customer code uses
    /// [`TicketBook::ticket_detail`].
    pub fn ticket(&self, id: &str) -> Option<&Ticket> {
        self.index.get(id).and_then(|&i| self.tickets.get(i))
    }

    fn position(&self, id: &str) -> Result<usize, TicketError> {
        self.index
            .get(id)
            .copied()
            .ok_or_else(|| TicketError::NotFound { id: id.to_owned() })
    }

    fn require(
        &self,
        role: &Role,
        permission: Permission,
        action: &'static str,
    ) -> Result<(), TicketError> {
        if self.permissions.allows(role, permission) {
            Ok(())
        } else {
            Err(TicketError::PermissionDenied {
                role: role.clone(),
                permission,
                action,
            })
        }
    }

    /// Creates a ticket in status `new` and returns it.
    pub fn create_ticket(&mut self, new: NewTicket) -> Result<&Ticket, TicketError> {
        check_at(new.at)?;
        if new.customer.as_str().trim().is_empty() {
            return Err(TicketError::InvalidInput {
                field: "customer",
                message: "customer id is empty".into(),
            });
        }
        if new.title.trim().is_empty() {
            return Err(TicketError::InvalidInput {
                field: "title",
                message: "title is blank".into(),
            });
        }
        let id = match new.id {
            Some(id) if id.as_str().trim().is_empty() => {
                return Err(TicketError::InvalidInput {
                    field: "id",
                    message: "ticket id is empty".into(),
                });
            }
            Some(id) if self.index.contains_key(id.as_str()) => {
                return Err(TicketError::Duplicate {
                    id: id.as_str().to_owned(),
                });
            }
            Some(id) => id,
            None => self.fresh_id(),
        };
        let pos = self.tickets.len();
        self.tickets.push(Ticket::new(
            id.clone(),
            new.customer.clone(),
            new.channel,
            new.title,
            new.content,
            new.at,
        ));
        self.index.insert(id, pos);
        self.by_customer.entry(new.customer).or_default().push(pos);
        Ok(&self.tickets[pos])
    }

    fn fresh_id(&mut self) -> TicketId {
        loop {
            let id = TicketId::new(format!("tk-{}", self.next_id));
            self.next_id += 1;
            if !self.index.contains_key(id.as_str()) {
                return id;
            }
        }
    }

    /// An agent replies, visible to all or internal. Needs
    /// `Permission::TicketReply`; refused on a closed ticket. The first
    /// visible-to-all reply on a `new` ticket moves it to `open` (the
    /// customer sees that someone is on it); an internal note changes
    /// nothing the customer can see.
    pub fn add_reply(
        &mut self,
        ticket: &str,
        author: &AgentId,
        role: &Role,
        visibility: Visibility,
        text: &str,
        at: Timestamp,
    ) -> Result<&Ticket, TicketError> {
        let pos = self.position(ticket)?;
        self.require(role, Permission::TicketReply, "reply to")?;
        let t = &self.tickets[pos];
        if t.status == TicketStatus::Closed {
            return Err(TicketError::InvalidTransition {
                ticket: ticket.to_owned(),
                from: t.status,
                event: "add_reply".into(),
            });
        }
        check_order(t, at)?;
        if text.trim().is_empty() {
            return Err(TicketError::InvalidInput {
                field: "text",
                message: "reply text is blank".into(),
            });
        }
        let t = &mut self.tickets[pos];
        if visibility == Visibility::Public && t.status == TicketStatus::New {
            t.push_status(TicketStatus::Open, author.clone(), at);
        }
        t.push_reply(visibility, author.clone(), text.to_owned(), at);
        Ok(&self.tickets[pos])
    }

    /// Moves a ticket to `to`. Closing needs `Permission::TicketClose`
    /// (TK2); every other change needs `Permission::TicketReply`. Without
    /// the permission: `PermissionDenied` and the ticket is unchanged.
    pub fn set_status(
        &mut self,
        ticket: &str,
        actor: &AgentId,
        role: &Role,
        to: TicketStatus,
        at: Timestamp,
    ) -> Result<&Ticket, TicketError> {
        let pos = self.position(ticket)?;
        if to == TicketStatus::Closed {
            self.require(role, Permission::TicketClose, "close")?;
        } else {
            self.require(role, Permission::TicketReply, "change the status of")?;
        }
        let t = &self.tickets[pos];
        if !t.status.can_become(to) {
            return Err(TicketError::InvalidTransition {
                ticket: ticket.to_owned(),
                from: t.status,
                event: if to == TicketStatus::Closed {
                    "close".into()
                } else {
                    format!("set_status to {to}")
                },
            });
        }
        check_order(t, at)?;
        let t = &mut self.tickets[pos];
        t.push_status(to, actor.clone(), at);
        Ok(&self.tickets[pos])
    }

    /// Closes a ticket: [`TicketBook::set_status`] to `closed`. Closing a
    /// closed ticket is an `InvalidTransition`.
    pub fn close(
        &mut self,
        ticket: &str,
        actor: &AgentId,
        role: &Role,
        at: Timestamp,
    ) -> Result<&Ticket, TicketError> {
        self.set_status(ticket, actor, role, TicketStatus::Closed, at)
    }

    /// The customer's message records (留言记录): their own tickets only,
    /// from every channel, most recently updated first (ties: newest
    /// created first). The list is the same on every viewing channel; the
    /// channel switch governs replies only. An unknown customer has none.
    pub fn message_records(
        &self,
        customer: &CustomerId,
        _viewing_channel: Channel,
    ) -> Vec<MessageRecord> {
        let Some(positions) = self.by_customer.get(customer) else {
            return Vec::new();
        };
        let mut ts: Vec<(usize, &Ticket)> = positions
            .iter()
            .filter_map(|&i| self.tickets.get(i).map(|t| (i, t)))
            .collect();
        ts.sort_by(|(i, a), (j, b)| {
            b.customer_updated_at
                .cmp(&a.customer_updated_at)
                .then(j.cmp(i))
        });
        ts.into_iter().map(|(_, t)| MessageRecord::of(t)).collect()
    }

    /// One ticket as the customer sees it on `viewing_channel` (TK1): status,
    /// progress, and — where the channel's reply view is on — the
    /// visible-to-all replies in order. A ticket of another customer is
    /// `NotFound`, exactly like a nonexistent id.
    pub fn ticket_detail(
        &self,
        customer: &CustomerId,
        viewing_channel: Channel,
        ticket: &str,
    ) -> Result<CustomerTicketDetail<'_>, TicketError> {
        let t = self
            .ticket(ticket)
            .filter(|t| &t.customer == customer)
            .ok_or_else(|| TicketError::NotFound {
                id: ticket.to_owned(),
            })?;
        Ok(CustomerTicketDetail::of(
            t,
            self.config.replies_visible_on(viewing_channel),
        ))
    }

    /// Everything about a ticket, internal notes marked as such.
    pub fn agent_view(&self, ticket: &str) -> Result<AgentTicketView<'_>, TicketError> {
        let pos = self.position(ticket)?;
        Ok(AgentTicketView::of(&self.tickets[pos]))
    }
}

/// Every instant that enters the book must lie in the supported range.
fn check_at(at: Timestamp) -> Result<(), TicketError> {
    cxkit_core::time::check_supported(at)
        .map(|_| ())
        .map_err(|message| TicketError::InvalidInput { field: "at", message })
}

fn check_order(t: &Ticket, at: Timestamp) -> Result<(), TicketError> {
    check_at(at)?;
    if at < t.updated_at {
        return Err(TicketError::OutOfOrder {
            ticket: t.id.as_str().to_owned(),
            last: t.updated_at,
            got: at,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use chrono::{DateTime, Utc};

    fn ts(min: u32) -> Timestamp {
        DateTime::parse_from_rfc3339(&format!("2026-03-28T09:{min:02}:00Z"))
            .unwrap()
            .with_timezone(&Utc)
    }
    fn agent() -> (AgentId, Role) {
        (AgentId::new("a-1"), Role::Agent)
    }
    fn lead() -> (AgentId, Role) {
        (AgentId::new("lead-1"), Role::TeamLead)
    }
    fn book() -> TicketBook {
        let mut b = TicketBook::new(TicketsConfig::default(), RolePermissions::default());
        for (id, customer, channel) in [
            ("tk-a", "c-1", Channel::DesktopWeb),
            ("tk-b", "c-2", Channel::DesktopWeb),
            ("tk-c", "c-1", Channel::WechatOfficialAccount),
        ] {
            b.create_ticket(NewTicket {
                id: Some(id.into()),
                customer: customer.into(),
                channel,
                title: format!("title of {id}"),
                content: "help".into(),
                at: ts(0),
            })
            .unwrap();
        }
        b
    }

    #[test]
    fn tk1_customer_sees_public_replies_in_order_and_never_internal_ones() {
        let mut b = book();
        let (a, r) = agent();
        b.add_reply("tk-a", &a, &r, Visibility::Public, "first public", ts(1))
            .unwrap();
        b.add_reply("tk-a", &a, &r, Visibility::Internal, "SECRET note", ts(2))
            .unwrap();
        b.add_reply("tk-a", &a, &r, Visibility::Public, "second public", ts(3))
            .unwrap();
        let d = b
            .ticket_detail(&"c-1".into(), Channel::DesktopWeb, "tk-a")
            .unwrap();
        let texts: Vec<&str> = d.replies.unwrap().iter().map(|r| r.text()).collect();
        assert_eq!(texts, ["first public", "second public"]);
        let json = serde_json::to_string(&d).unwrap();
        assert!(!json.contains("SECRET"), "{json}");
        // Agents see all three, the note marked internal, in writing order.
        let v = b.agent_view("tk-a").unwrap();
        let entries: Vec<(Visibility, &str)> =
            v.entries.iter().map(|e| (e.visibility, e.text)).collect();
        assert_eq!(
            entries,
            [
                (Visibility::Public, "first public"),
                (Visibility::Internal, "SECRET note"),
                (Visibility::Public, "second public")
            ]
        );
    }

    #[test]
    fn tk1_ticket_of_another_customer_is_indistinguishable_from_a_missing_one() {
        let b = book();
        let other = b
            .ticket_detail(&"c-1".into(), Channel::DesktopWeb, "tk-b")
            .unwrap_err();
        let missing = b
            .ticket_detail(&"c-1".into(), Channel::DesktopWeb, "tk-zz")
            .unwrap_err();
        assert_eq!(other, TicketError::NotFound { id: "tk-b".into() });
        assert_eq!(other.to_string(), "ticket `tk-b` not found");
        assert_eq!(missing.to_string(), "ticket `tk-zz` not found");
    }

    #[test]
    fn tk1_message_records_list_only_own_tickets_latest_first() {
        let mut b = book();
        let (a, r) = agent();
        b.add_reply("tk-a", &a, &r, Visibility::Public, "hi", ts(5))
            .unwrap();
        let recs = b.message_records(&"c-1".into(), Channel::DesktopWeb);
        let ids: Vec<&str> = recs.iter().map(|r| r.ticket.as_str()).collect();
        assert_eq!(ids, ["tk-a", "tk-c"]);
        assert_eq!(recs[0].status, TicketStatus::Open);
        assert_eq!(recs[0].last_update, ts(5));
        assert!(
            b.message_records(&"nobody".into(), Channel::DesktopWeb)
                .is_empty()
        );
    }

    #[test]
    fn tk1_internal_note_does_not_move_the_customer_last_update() {
        let mut b = book();
        let (a, r) = agent();
        b.add_reply("tk-a", &a, &r, Visibility::Internal, "note", ts(7))
            .unwrap();
        let t = b.ticket("tk-a").unwrap();
        assert_eq!(t.updated_at(), ts(7));
        assert_eq!(t.customer_updated_at(), ts(0));
        assert_eq!(
            t.status(),
            TicketStatus::New,
            "an internal note does not open the ticket"
        );
        assert_eq!(
            b.message_records(&"c-1".into(), Channel::DesktopWeb)[0]
                .ticket
                .as_str(),
            "tk-c"
        );
    }

    #[test]
    fn tk1_channel_off_shows_status_and_progress_but_no_replies() {
        let mut b = book();
        let (a, r) = agent();
        b.add_reply("tk-a", &a, &r, Visibility::Public, "public", ts(1))
            .unwrap();
        let on = b
            .ticket_detail(&"c-1".into(), Channel::DesktopWeb, "tk-a")
            .unwrap();
        let off = b
            .ticket_detail(&"c-1".into(), Channel::MobileWeb, "tk-a")
            .unwrap();
        assert_eq!(off.replies, None);
        assert_eq!(on.replies.map(<[_]>::len), Some(1));
        assert_eq!(off.status, on.status);
        assert_eq!(off.progress, on.progress);
        assert_eq!(
            serde_json::to_value(&off).unwrap()["replies"],
            serde_json::Value::Null
        );
    }

    #[test]
    fn tk2_close_needs_the_permission_and_leaves_the_ticket_unchanged_without_it() {
        let mut b = book();
        let (a, r) = agent();
        let before = b.ticket("tk-a").unwrap().clone();
        let e = b.close("tk-a", &a, &r, ts(1)).unwrap_err();
        assert!(
            matches!(
                e,
                TicketError::PermissionDenied {
                    permission: Permission::TicketClose,
                    ..
                }
            ),
            "{e}"
        );
        assert_eq!(b.ticket("tk-a").unwrap(), &before);

        let (l, lr) = lead();
        assert_eq!(
            b.close("tk-a", &l, &lr, ts(1)).unwrap().status(),
            TicketStatus::Closed
        );
        let e = b.close("tk-a", &l, &lr, ts(2)).unwrap_err();
        assert!(
            matches!(
                e,
                TicketError::InvalidTransition {
                    from: TicketStatus::Closed,
                    ..
                }
            ),
            "{e}"
        );
    }

    #[test]
    fn tk2_granting_close_to_agents_lets_them_close() {
        let mut perms = RolePermissions::default();
        perms.grant(Role::Agent, Permission::TicketClose);
        let mut b = TicketBook::new(TicketsConfig::default(), perms);
        b.create_ticket(NewTicket {
            id: None,
            customer: "c".into(),
            channel: Channel::App,
            title: "t".into(),
            content: String::new(),
            at: ts(0),
        })
        .unwrap();
        let (a, r) = agent();
        assert_eq!(
            b.close("tk-1", &a, &r, ts(1)).unwrap().status(),
            TicketStatus::Closed
        );
    }

    #[test]
    fn tk2_reopen_from_resolved_and_refusals_change_nothing() {
        let mut b = book();
        let (a, r) = agent();
        b.set_status("tk-a", &a, &r, TicketStatus::Resolved, ts(1))
            .unwrap();
        b.set_status("tk-a", &a, &r, TicketStatus::Open, ts(2))
            .unwrap();
        let before = b.ticket("tk-a").unwrap().clone();
        assert!(matches!(
            b.set_status("tk-a", &a, &r, TicketStatus::New, ts(3)),
            Err(TicketError::InvalidTransition { .. })
        ));
        assert!(matches!(
            b.set_status("tk-a", &a, &r, TicketStatus::Pending, ts(1)),
            Err(TicketError::OutOfOrder { .. })
        ));
        assert!(matches!(
            b.add_reply("tk-a", &a, &r, Visibility::Public, "   ", ts(3)),
            Err(TicketError::InvalidInput { field: "text", .. })
        ));
        assert!(matches!(
            b.add_reply(
                "tk-a",
                &a,
                &Role::Custom("guest".into()),
                Visibility::Public,
                "x",
                ts(3)
            ),
            Err(TicketError::PermissionDenied {
                permission: Permission::TicketReply,
                ..
            })
        ));
        assert_eq!(b.ticket("tk-a").unwrap(), &before);
        let statuses: Vec<TicketStatus> = before.history().iter().map(|h| h.status).collect();
        assert_eq!(
            statuses,
            [
                TicketStatus::New,
                TicketStatus::Resolved,
                TicketStatus::Open
            ]
        );
    }

    #[test]
    fn replies_to_a_closed_ticket_are_refused() {
        let mut b = book();
        let (l, lr) = lead();
        b.close("tk-a", &l, &lr, ts(1)).unwrap();
        assert!(matches!(
            b.add_reply("tk-a", &l, &lr, Visibility::Internal, "late", ts(2)),
            Err(TicketError::InvalidTransition { .. })
        ));
    }

    #[test]
    fn create_refuses_duplicates_and_blank_titles_and_assigns_free_ids() {
        let mut b = book();
        let new = |id: Option<&str>, title: &str| NewTicket {
            id: id.map(TicketId::new),
            customer: "c-9".into(),
            channel: Channel::Sdk,
            title: title.into(),
            content: String::new(),
            at: ts(0),
        };
        assert_eq!(
            b.create_ticket(new(Some("tk-a"), "x")).unwrap_err(),
            TicketError::Duplicate { id: "tk-a".into() }
        );
        assert!(matches!(
            b.create_ticket(new(None, " ")),
            Err(TicketError::InvalidInput { field: "title", .. })
        ));
        assert_eq!(b.len(), 3);
        b.create_ticket(new(Some("tk-1"), "x")).unwrap();
        assert_eq!(
            b.create_ticket(new(None, "y")).unwrap().id().as_str(),
            "tk-2"
        );
    }
}
