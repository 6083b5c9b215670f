//! TK1 security properties, checked on random books: a customer view never
//! contains an internal reply's text nor a ticket of another customer;
//! turning a channel's reply view off never reveals more; an internal note
//! never changes anything a customer sees. Plus a model-based check of the
//! replies a customer sees against a plain reference list.
#![allow(clippy::unwrap_used, missing_docs)]

use chrono::{DateTime, Duration, Utc};
use cxkit_core::{AgentId, Channel, CustomerId, Role, RolePermissions, Timestamp};
use cxkit_tickets::{NewTicket, TicketBook, TicketStatus, TicketsConfig, Visibility};
use proptest::prelude::*;
use serde_json::Value;

const CUSTOMERS: [&str; 4] = ["c-0", "c-1", "c-2", "c-3"];
const ROLES: [&str; 3] = ["agent", "team_lead", "guest"];

#[derive(Debug, Clone)]
enum Op {
    Create {
        customer: usize,
        channel: usize,
    },
    Reply {
        ticket: usize,
        public: bool,
        role: usize,
    },
    Status {
        ticket: usize,
        to: usize,
        role: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        1 => (0..CUSTOMERS.len(), 0..Channel::ALL.len()).prop_map(|(customer, channel)| Op::Create { customer, channel }),
        4 => (0..64usize, any::<bool>(), 0..ROLES.len()).prop_map(|(ticket, public, role)| Op::Reply { ticket, public, role }),
        1 => (0..64usize, 0..TicketStatus::ALL.len(), 0..ROLES.len()).prop_map(|(ticket, to, role)| Op::Status { ticket, to, role }),
    ]
}

fn t0() -> Timestamp {
    DateTime::parse_from_rfc3339("2026-03-28T09:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn config() -> TicketsConfig {
    // desktop_web on (default), app on, mobile_web explicitly off, rest default off.
    serde_json::from_str(r#"{"customer_reply_view": {"app": true, "mobile_web": false}}"#).unwrap()
}

/// Runs the ops; returns the book and the reference list of accepted
/// replies (ticket id, public?, text).
fn build(ops: &[Op]) -> (TicketBook, Vec<(String, bool, String)>) {
    let mut b = TicketBook::new(config(), RolePermissions::default());
    let mut ids: Vec<String> = Vec::new();
    let mut model = Vec::new();
    for (n, op) in ops.iter().enumerate() {
        let at = t0() + Duration::minutes(n as i64);
        match *op {
            Op::Create { customer, channel } => {
                let t = b
                    .create_ticket(NewTicket {
                        id: None,
                        customer: CUSTOMERS[customer].into(),
                        channel: Channel::ALL[channel],
                        title: format!("title {n}"),
                        content: format!("content {n}"),
                        at,
                    })
                    .unwrap();
                ids.push(t.id().as_str().to_owned());
            }
            Op::Reply {
                ticket,
                public,
                role,
            } if !ids.is_empty() => {
                let id = &ids[ticket % ids.len()];
                let (vis, text) = if public {
                    (Visibility::Public, format!("public-{n}"))
                } else {
                    (Visibility::Internal, format!("INTERNAL-{n}"))
                };
                let r = b.add_reply(
                    id,
                    &AgentId::new("a-1"),
                    &Role::from(ROLES[role]),
                    vis,
                    &text,
                    at,
                );
                if r.is_ok() {
                    model.push((id.clone(), public, text));
                }
            }
            Op::Status { ticket, to, role } if !ids.is_empty() => {
                let id = &ids[ticket % ids.len()];
                let _ = b.set_status(
                    id,
                    &AgentId::new("a-1"),
                    &Role::from(ROLES[role]),
                    TicketStatus::ALL[to],
                    at,
                );
            }
            _ => {}
        }
    }
    (b, model)
}

/// Every customer view of the book on `channel`, as JSON.
fn customer_views(b: &TicketBook, customer: &CustomerId, channel: Channel) -> Vec<Value> {
    let mut out = vec![serde_json::to_value(b.message_records(customer, channel)).unwrap()];
    for n in 1..=(b.len() + 1) {
        let id = format!("tk-{n}");
        out.push(match b.ticket_detail(customer, channel, &id) {
            Ok(d) => serde_json::to_value(d).unwrap(),
            Err(e) => Value::String(e.to_string()),
        });
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn tk1_customer_views_never_leak_internal_text_or_foreign_tickets(ops in prop::collection::vec(op(), 1..60)) {
        let (b, _) = build(&ops);
        for c in CUSTOMERS {
            let customer = CustomerId::new(c);
            for ch in Channel::ALL {
                for v in customer_views(&b, &customer, ch) {
                    let s = v.to_string();
                    prop_assert!(!s.contains("INTERNAL"), "{s}");
                }
                for r in b.message_records(&customer, ch) {
                    prop_assert_eq!(b.ticket(r.ticket.as_str()).unwrap().customer(), &customer);
                }
                for n in 1..=b.len() {
                    let id = format!("tk-{n}");
                    let owner = b.ticket(&id).unwrap().customer() == &customer;
                    let got = b.ticket_detail(&customer, ch, &id);
                    prop_assert_eq!(got.is_ok(), owner);
                    if let Err(e) = got {
                        prop_assert_eq!(e.to_string(), format!("ticket `{id}` not found"));
                    }
                }
            }
        }
    }

    #[test]
    fn tk1_customer_sees_exactly_the_public_replies_of_the_reference_model(ops in prop::collection::vec(op(), 1..60)) {
        let (b, model) = build(&ops);
        for n in 1..=b.len() {
            let id = format!("tk-{n}");
            let t = b.ticket(&id).unwrap();
            let d = b.ticket_detail(t.customer(), Channel::DesktopWeb, &id).unwrap();
            let seen: Vec<&str> = d.replies.unwrap().iter().map(|r| r.text()).collect();
            let expected: Vec<&str> = model.iter().filter(|(tid, public, _)| *tid == id && *public).map(|(_, _, s)| s.as_str()).collect();
            prop_assert_eq!(seen, expected);
            let all: Vec<&str> = b.agent_view(&id).unwrap().entries.iter().map(|e| e.text).collect();
            let expected_all: Vec<&str> = model.iter().filter(|(tid, _, _)| *tid == id).map(|(_, _, s)| s.as_str()).collect();
            prop_assert_eq!(all, expected_all);
        }
    }

    #[test]
    fn tk1_turning_a_channel_off_never_reveals_more(ops in prop::collection::vec(op(), 1..60)) {
        let (b, _) = build(&ops);
        for c in CUSTOMERS {
            let customer = CustomerId::new(c);
            let on = customer_views(&b, &customer, Channel::DesktopWeb);
            let off = customer_views(&b, &customer, Channel::MobileWeb);
            for (mut on, off) in on.into_iter().zip(off) {
                // Off = on with the replies withheld, nothing else different.
                if let Some(r) = on.get_mut("replies") {
                    *r = Value::Null;
                }
                prop_assert_eq!(on, off);
            }
        }
    }

    #[test]
    fn tk1_an_internal_note_changes_nothing_a_customer_sees(ops in prop::collection::vec(op(), 1..60), pick in 0..64usize) {
        let (b, _) = build(&ops);
        prop_assume!(!b.is_empty());
        let id = format!("tk-{}", pick % b.len() + 1);
        let mut after = b.clone();
        let at = t0() + Duration::minutes(ops.len() as i64 + 1);
        let r = after.add_reply(&id, &AgentId::new("a-1"), &Role::Agent, Visibility::Internal, "INTERNAL late", at);
        prop_assume!(r.is_ok());
        for c in CUSTOMERS {
            let customer = CustomerId::new(c);
            for ch in [Channel::DesktopWeb, Channel::MobileWeb] {
                prop_assert_eq!(customer_views(&b, &customer, ch), customer_views(&after, &customer, ch));
            }
        }
    }
}
