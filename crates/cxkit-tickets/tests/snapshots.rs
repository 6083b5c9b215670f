//! insta snapshots of the customer and agent views (TK1, TK2).
#![allow(clippy::unwrap_used, missing_docs)]

use chrono::{DateTime, Utc};
use cxkit_core::{AgentId, Channel, Role, RolePermissions, Timestamp};
use cxkit_tickets::{NewTicket, TicketBook, TicketStatus, TicketsConfig, Visibility};

fn ts(s: &str) -> Timestamp {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn book() -> TicketBook {
    let mut b = TicketBook::new(TicketsConfig::default(), RolePermissions::default());
    b.create_ticket(NewTicket {
        id: Some("tk-100".into()),
        customer: "c-1".into(),
        channel: Channel::DesktopWeb,
        title: "发票没有收到".into(),
        content: "I ordered on 3/20 and have no invoice yet.".into(),
        at: ts("2026-03-28T09:00:00Z"),
    })
    .unwrap();
    b.create_ticket(NewTicket {
        id: Some("tk-101".into()),
        customer: "c-1".into(),
        channel: Channel::WechatOfficialAccount,
        title: "Change address".into(),
        content: String::new(),
        at: ts("2026-03-28T09:05:00Z"),
    })
    .unwrap();
    let a = AgentId::new("a-7");
    b.add_reply(
        "tk-100",
        &a,
        &Role::Agent,
        Visibility::Public,
        "We are checking with finance.",
        ts("2026-03-28T09:10:00Z"),
    )
    .unwrap();
    b.add_reply(
        "tk-100",
        &a,
        &Role::Agent,
        Visibility::Internal,
        "Finance says batch failed; do not promise a date.",
        ts("2026-03-28T09:12:00Z"),
    )
    .unwrap();
    b.add_reply(
        "tk-100",
        &a,
        &Role::Agent,
        Visibility::Public,
        "Your invoice has been re-sent.",
        ts("2026-03-28T09:30:00Z"),
    )
    .unwrap();
    b.set_status(
        "tk-100",
        &a,
        &Role::Agent,
        TicketStatus::Resolved,
        ts("2026-03-28T09:31:00Z"),
    )
    .unwrap();
    b.close(
        "tk-100",
        &AgentId::new("lead-1"),
        &Role::TeamLead,
        ts("2026-03-29T10:00:00Z"),
    )
    .unwrap();
    b
}

#[test]
fn tk1_customer_detail_with_replies_on() {
    let b = book();
    insta::assert_json_snapshot!(
        b.ticket_detail(&"c-1".into(), Channel::DesktopWeb, "tk-100")
            .unwrap()
    );
}

#[test]
fn tk1_customer_detail_with_replies_off() {
    let b = book();
    insta::assert_json_snapshot!(
        b.ticket_detail(&"c-1".into(), Channel::App, "tk-100")
            .unwrap()
    );
}

#[test]
fn tk1_message_records() {
    let b = book();
    insta::assert_json_snapshot!(b.message_records(&"c-1".into(), Channel::DesktopWeb));
}

#[test]
fn tk2_agent_view_marks_internal_notes() {
    let b = book();
    insta::assert_json_snapshot!(b.agent_view("tk-100").unwrap());
}
