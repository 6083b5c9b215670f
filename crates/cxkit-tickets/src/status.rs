//! The ticket status machine (TK2).
//!
//! ```text
//! new ──► open ◄──► pending
//!  │       │  ▲       │
//!  │       ▼  │reopen ▼
//!  ├────► resolved ◄──┘
//!  └──────────┴──────────► closed   (from any non-closed status)
//! ```
//!
//! Allowed transitions, exactly:
//! - `new` → `open`, `pending`, `resolved`, `closed`
//! - `open` → `pending`, `resolved`, `closed`
//! - `pending` → `open`, `resolved`, `closed`
//! - `resolved` → `open` (reopen), `closed`
//! - `closed` → nothing: closed is final (a new issue is a new ticket).
//!
//! Nothing goes back to `new`, and setting the status a ticket already has is
//! refused too (a silent no-op would hide a client bug).

use serde::{Deserialize, Serialize};
use std::fmt;

/// Where a ticket stands (工单状态).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TicketStatus {
    /// Just created, nobody has worked on it (新建).
    New,
    /// An agent is working on it (处理中).
    Open,
    /// Waiting for the customer or a third party (等待回复).
    Pending,
    /// The agent considers it solved; may still be reopened (已解决).
    Resolved,
    /// Final (已关闭). Needs `Permission::TicketClose`.
    Closed,
}

impl TicketStatus {
    /// Every status, in machine order.
    pub const ALL: [TicketStatus; 5] = [
        TicketStatus::New,
        TicketStatus::Open,
        TicketStatus::Pending,
        TicketStatus::Resolved,
        TicketStatus::Closed,
    ];

    /// The stable snake_case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            TicketStatus::New => "new",
            TicketStatus::Open => "open",
            TicketStatus::Pending => "pending",
            TicketStatus::Resolved => "resolved",
            TicketStatus::Closed => "closed",
        }
    }

    /// Whether the machine allows `self` → `to` (see the module doc).
    pub fn can_become(self, to: TicketStatus) -> bool {
        use TicketStatus::*;
        matches!(
            (self, to),
            (New, Open | Pending | Resolved | Closed)
                | (Open, Pending | Resolved | Closed)
                | (Pending, Open | Resolved | Closed)
                | (Resolved, Open | Closed)
        )
    }
}

impl fmt::Display for TicketStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use TicketStatus::*;

    #[test]
    fn tk2_transition_table_is_exactly_the_documented_one() {
        let allowed: Vec<(TicketStatus, TicketStatus)> = TicketStatus::ALL
            .iter()
            .flat_map(|&a| TicketStatus::ALL.iter().map(move |&b| (a, b)))
            .filter(|&(a, b)| a.can_become(b))
            .collect();
        assert_eq!(
            allowed,
            vec![
                (New, Open),
                (New, Pending),
                (New, Resolved),
                (New, Closed),
                (Open, Pending),
                (Open, Resolved),
                (Open, Closed),
                (Pending, Open),
                (Pending, Resolved),
                (Pending, Closed),
                (Resolved, Open),
                (Resolved, Closed),
            ]
        );
    }

    #[test]
    fn tk2_closed_is_final_and_nothing_returns_to_new() {
        for s in TicketStatus::ALL {
            assert!(!Closed.can_become(s));
            assert!(!s.can_become(New));
            assert!(!s.can_become(s));
        }
    }
}
