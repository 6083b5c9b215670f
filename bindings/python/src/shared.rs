//! [`Shared`]: a facade object behind a mutex, used from Python threads.
//!
//! Every pyclass is `frozen` and keeps its facade object in a [`Shared`], so
//! `&self` is all a method needs and the object is safe to share between
//! threads. The lock is only ever *waited for* with the GIL released
//! (inside `Python::detach`): a thread holding the lock may need the GIL
//! (a Python scorer callback), so waiting for the lock while holding the GIL
//! could deadlock.
//!
//! A panic inside the facade is caught here and reported as
//! `cxkit.InternalError`. The facade validates before it mutates, so the
//! object is as it was before the call; it is asked to check itself
//! (`cxkit::SelfCheck`) and goes on serving if the check passes. Only an
//! object that fails its check is marked broken, and every later call then
//! raises `InternalError` too (restore a snapshot to go on).

use crate::errors;
use cxkit::{Error, SelfCheck};
use pyo3::prelude::*;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

thread_local! {
    /// Its address identifies the current thread (never 0).
    static THREAD_TOKEN: u8 = const { 0 };
}

fn thread_token() -> usize {
    THREAD_TOKEN.with(|t| std::ptr::from_ref(t) as usize)
}

/// The state of a facade object, and whether a panic left it suspect.
struct Slot<S> {
    state: S,
    broken: Option<String>,
}

/// A facade object shared between Python threads.
pub(crate) struct Shared<S> {
    slot: Mutex<Slot<S>>,
    /// The thread holding the lock (0 when free), so a callback that calls
    /// back into the same object (a scorer calling its own `Escalation`)
    /// gets an error instead of waiting forever on a lock its thread holds.
    holder: AtomicUsize,
}

impl<S: Send + SelfCheck> Shared<S> {
    /// Wraps a facade object.
    pub(crate) fn new(state: S) -> Self {
        Shared {
            slot: Mutex::new(Slot {
                state,
                broken: None,
            }),
            holder: AtomicUsize::new(0),
        }
    }

    /// Runs `f` on the object with the GIL released; facade errors and panics
    /// become Python exceptions.
    pub(crate) fn with<T: Send>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&mut S) -> Result<T, Error> + Send,
    ) -> PyResult<T> {
        py.detach(|| self.run(f))
            .map_err(|e| errors::to_py_err(py, &e))
    }

    /// [`Shared::with`] for a call shorter than releasing and taking back
    /// the GIL (applying one event): when the lock is free it runs at once
    /// with the GIL held; otherwise it waits for the lock with the GIL
    /// released, exactly as `with` does. Never waits while holding the GIL.
    pub(crate) fn with_short<T: Send>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&mut S) -> Result<T, Error> + Send,
    ) -> PyResult<T> {
        let mut slot = match self.slot.try_lock() {
            Ok(slot) => slot,
            Err(std::sync::TryLockError::Poisoned(p)) => p.into_inner(),
            // Held by another thread, or by this one (a re-entrant call,
            // which `with` refuses).
            Err(std::sync::TryLockError::WouldBlock) => return self.with(py, f),
        };
        self.holder.store(thread_token(), Ordering::Release);
        let r = self.run_locked(&mut slot, f);
        self.holder.store(0, Ordering::Release);
        drop(slot);
        r.map_err(|e| errors::to_py_err(py, &e))
    }

    /// Like [`Shared::with`] but keeps the GIL: for calls that may call back
    /// into Python (a custom scorer) and are short.
    pub(crate) fn run<T>(&self, f: impl FnOnce(&mut S) -> Result<T, Error>) -> Result<T, Error> {
        let me = thread_token();
        if self.holder.load(Ordering::Acquire) == me {
            return Err(Error::invalid_input(
                "self",
                "re-entrant call: a callback (e.g. a custom scorer) called back into the object that is calling it",
            ));
        }
        // A poisoned mutex cannot happen (panics are caught in `run_locked`
        // while the guard is alive), but recover the data rather than panic.
        let mut slot = self.slot.lock().unwrap_or_else(|p| p.into_inner());
        self.holder.store(me, Ordering::Release);
        let r = self.run_locked(&mut slot, f);
        self.holder.store(0, Ordering::Release);
        r
    }

    fn run_locked<T>(
        &self,
        slot: &mut Slot<S>,
        f: impl FnOnce(&mut S) -> Result<T, Error>,
    ) -> Result<T, Error> {
        if let Some(why) = &slot.broken {
            return Err(Error::Internal {
                message: format!("this object is unusable after an earlier internal error ({why})"),
            });
        }
        match catch_unwind(AssertUnwindSafe(|| f(&mut slot.state))) {
            Ok(r) => r,
            Err(payload) => {
                let e = Error::from_panic(payload.as_ref());
                if let Err(why) = slot.state.self_check() {
                    slot.broken = Some(format!("{}; self-check: {why}", e.message()));
                }
                Err(e)
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// A counter whose "derived state" (`twice`) must be 2 × `n`.
    #[derive(Debug, PartialEq)]
    struct Counter {
        n: u32,
        twice: u32,
    }

    impl SelfCheck for Counter {
        fn self_check(&self) -> Result<(), String> {
            if self.twice == 2 * self.n { Ok(()) } else { Err("twice != 2n".into()) }
        }
    }

    #[test]
    fn a_panic_is_internal_and_the_object_survives_when_it_checks_out() {
        let s = Shared::new(Counter { n: 1, twice: 2 });
        let e = s
            .run(|_| -> Result<(), Error> { panic!("boom") })
            .unwrap_err();
        assert_eq!(e.code(), "INTERNAL");
        assert!(e.message().contains("boom"));
        // Validate-then-mutate: nothing changed, the object goes on.
        assert_eq!(s.run(|c| Ok(c.n)), Ok(1));
    }

    #[test]
    fn an_object_that_fails_its_check_after_a_panic_is_refused() {
        let s = Shared::new(Counter { n: 1, twice: 2 });
        let e = s
            .run(|c| -> Result<(), Error> {
                c.n = 5; // a bug: half an update, then a panic
                panic!("boom")
            })
            .unwrap_err();
        assert_eq!(e.code(), "INTERNAL");
        let e = s.run(|c| Ok(c.n)).unwrap_err();
        assert_eq!(e.code(), "INTERNAL");
        assert!(e.message().contains("unusable") && e.message().contains("twice"), "{e}");
    }

    #[test]
    fn an_error_does_not_break_the_object() {
        let s = Shared::new(Counter { n: 1, twice: 2 });
        let e = s
            .run(|_| -> Result<(), Error> { Err(Error::invalid_input("x", "bad")) })
            .unwrap_err();
        assert_eq!(e.code(), "INVALID_INPUT");
        assert_eq!(s.run(|c| Ok(c.n)), Ok(1));
    }
}
