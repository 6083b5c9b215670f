//! [`SelfCheck`]: what a binding asks an object after it caught a panic
//! inside one of its calls.
//!
//! Every operation validates before it mutates, so an error — and a panic
//! raised while validating — leaves the object as it was. A binding that
//! catches a panic therefore does not throw the object away: it asks the
//! object whether its derived state still agrees with its source of truth
//! (the board's incremental counters with a recount, …) and goes on serving
//! it if so; only an object that fails the check is refused from then on.

use crate::{CallCenter, Escalation, Monitor, Templates, Tickets};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Locks `m` for a binding. A lock that a panic poisoned is recovered when
/// the object passes its [`SelfCheck`] (the poison is cleared); otherwise
/// `Err` says what disagrees, and the lock stays poisoned.
pub fn lock_checked<T: SelfCheck>(m: &Mutex<T>) -> Result<MutexGuard<'_, T>, String> {
    m.lock().or_else(|p| recover(m, p))
}

/// The guard of a poisoned lock of `m`, if the object passes its check.
pub fn recover<'a, T: SelfCheck>(
    m: &'a Mutex<T>,
    poisoned: PoisonError<MutexGuard<'a, T>>,
) -> Result<MutexGuard<'a, T>, String> {
    let g = poisoned.into_inner();
    g.self_check()?;
    m.clear_poison();
    Ok(g)
}

/// An object that can check its own consistency.
pub trait SelfCheck {
    /// `Err` with what disagrees; the default has no derived state to check.
    fn self_check(&self) -> Result<(), String> {
        Ok(())
    }
}

impl SelfCheck for CallCenter {
    fn self_check(&self) -> Result<(), String> {
        let board = self.board();
        if board.counter_rows() != &board.recount_rows()[..] {
            return Err("the wallboard counters disagree with a recount of the agents".into());
        }
        Ok(())
    }
}

impl SelfCheck for () {}
impl SelfCheck for Monitor {}
impl SelfCheck for Tickets {}
impl SelfCheck for Templates {}
impl SelfCheck for Escalation {}
impl SelfCheck for crate::calls::CallRules {}
impl SelfCheck for crate::calls::ServiceCalendar {}
impl SelfCheck for crate::calls::SmsTriggers {}
impl SelfCheck for crate::calls::Trend {}
impl SelfCheck for cxkit_agents::Toolbar {
    fn self_check(&self) -> Result<(), String> {
        // A toolbar is a one-agent board; its view is derived from that board.
        self.view().map(|_| ()).map_err(|e| e.to_string())
    }
}
