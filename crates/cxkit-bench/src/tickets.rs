//! Bench area `tickets`: the customer view of a ticket with 1,000 replies
//! (half of them internal notes), against the naive design STYLE.md warns
//! about — one mixed reply list with an `internal` flag, filtered and cloned
//! per view.

use crate::report::{line, side_by_side};
use chrono::{DateTime, Duration, Utc};
use cxkit_core::{AgentId, Channel, CustomerId, Role, RolePermissions};
use cxkit_tickets::{NewTicket, TicketBook, TicketsConfig, Visibility};
use serde::Serialize;
use serde_json::json;
use std::hint::black_box;
use std::time::Duration as StdDuration;

#[derive(Clone, Serialize)]
struct NaiveReply {
    author: String,
    text: String,
    at: DateTime<Utc>,
    #[serde(skip)]
    internal: bool,
}

/// Runs the area.
pub fn run() {
    const REPLIES: usize = 1_000;
    let t0 = DateTime::from_timestamp(1_774_688_400, 0).expect("valid epoch");
    let mut book = TicketBook::new(TicketsConfig::default(), RolePermissions::default());
    book.create_ticket(NewTicket {
        id: Some("tk-1".into()),
        customer: "c-1".into(),
        channel: Channel::DesktopWeb,
        title: "bench".into(),
        content: "bench".into(),
        at: t0,
    })
    .expect("create");
    let agent = AgentId::new("a-1");
    let mut naive = Vec::with_capacity(REPLIES);
    for i in 0..REPLIES {
        let internal = i % 2 == 1;
        let vis = if internal {
            Visibility::Internal
        } else {
            Visibility::Public
        };
        let text =
            format!("reply number {i}: we are looking into your request and will update you soon");
        let at = t0 + Duration::seconds(i as i64 + 1);
        book.add_reply("tk-1", &agent, &Role::Agent, vis, &text, at)
            .expect("reply");
        naive.push(NaiveReply {
            author: "a-1".into(),
            text,
            at,
            internal,
        });
    }
    let customer = CustomerId::new("c-1");
    let budget = StdDuration::from_millis(1500);

    let (ours, base) = side_by_side(
        1,
        1,
        budget,
        || {
            black_box(
                book.ticket_detail(&customer, Channel::DesktopWeb, "tk-1")
                    .map(|d| d.replies.map(<[_]>::len)),
            )
        },
        || {
            black_box(
                naive
                    .iter()
                    .filter(|r| !r.internal)
                    .cloned()
                    .collect::<Vec<_>>()
                    .len(),
            )
        },
    );
    line(
        "tickets.customer_view_1000_replies",
        None,
        ours * 1e6,
        "us",
        "naive_mixed_list_filter_by_flag_and_clone",
        Some(base / ours),
        json!({"replies": REPLIES, "visible": REPLIES / 2, "baseline_us": (base * 1e9).round() / 1e3}),
    );

    let (ours, base) = side_by_side(
        1,
        1,
        budget,
        || {
            let d = book
                .ticket_detail(&customer, Channel::DesktopWeb, "tk-1")
                .expect("detail");
            black_box(serde_json::to_string(&d).map(|s| s.len()))
        },
        || {
            let v: Vec<NaiveReply> = naive.iter().filter(|r| !r.internal).cloned().collect();
            black_box(serde_json::to_string(&v).map(|s| s.len()))
        },
    );
    line(
        "tickets.customer_view_1000_replies_to_json",
        None,
        ours * 1e6,
        "us",
        "naive_filter_clone_then_serialize",
        Some(base / ours),
        json!({"replies": REPLIES, "baseline_us": (base * 1e9).round() / 1e3}),
    );
}
