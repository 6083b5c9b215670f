//! Errors of the ticket rules. The facade maps each variant onto one family
//! of `cxkit::Error`.

use crate::status::TicketStatus;
use cxkit_core::{Permission, Role, Timestamp};
use thiserror::Error;

/// Why a ticket operation was refused. Nothing changed when one is returned.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum TicketError {
    /// No such ticket — or a ticket of another customer, reported the same
    /// way so that ids cannot be probed (TK1).
    #[error("ticket `{id}` not found")]
    NotFound {
        /// The id asked for.
        id: String,
    },
    /// `create_ticket` with an id that is already taken.
    #[error("ticket `{id}` already exists")]
    Duplicate {
        /// The id.
        id: String,
    },
    /// The actor's role lacks the permission (TK2).
    #[error("role `{role}` may not {action} tickets: it lacks permission `{}`", permission_name(*permission))]
    PermissionDenied {
        /// The actor's role.
        role: Role,
        /// The permission needed.
        permission: Permission,
        /// What was attempted (`close`, `reply to`, `change the status of`).
        action: &'static str,
    },
    /// The status machine refuses the change (see [`crate::status`]).
    #[error("ticket `{ticket}` is {from}: cannot {event}")]
    InvalidTransition {
        /// The ticket.
        ticket: String,
        /// Its current status.
        from: TicketStatus,
        /// What was refused (`close`, `set_status to open`, `add_reply`).
        event: String,
    },
    /// An action timed before the ticket's last change.
    #[error("ticket `{ticket}` last changed at {last}; an action at {got} is out of order")]
    OutOfOrder {
        /// The ticket.
        ticket: String,
        /// Its last change.
        last: Timestamp,
        /// The refused time.
        got: Timestamp,
    },
    /// A malformed input value (empty title, empty reply text, empty id).
    #[error("invalid `{field}`: {message}")]
    InvalidInput {
        /// The input.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
}

/// The snake_case JSON name of a permission.
pub fn permission_name(p: Permission) -> &'static str {
    match p {
        Permission::WorkplaceMonitor => "workplace_monitor",
        Permission::CallMonitor => "call_monitor",
        Permission::CallListen => "call_listen",
        Permission::TicketReply => "ticket_reply",
        Permission::TicketClose => "ticket_close",
        Permission::ManageSettings => "manage_settings",
    }
}
