//! The FFI edge: every exported entry point runs inside [`guard`], which
//! turns a facade error into [`CxError`] and a panic into
//! `CxError::Internal` (STYLE.md: panics never cross an FFI boundary;
//! uniffi needs `panic = "unwind"`, which every workspace profile keeps).

use crate::error::CxError;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Mutex, MutexGuard};

/// Runs `f`, mapping its error into [`CxError`] and a panic into
/// `CxError::Internal`.
pub fn guard<T>(f: impl FnOnce() -> cxkit::Result<T>) -> Result<T, CxError> {
    // AssertUnwindSafe: state touched by a panicking `f` lives behind a
    // Mutex that the panic poisons, and `lock` refuses poisoned state.
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result.map_err(CxError::from),
        Err(payload) => Err(cxkit::Error::from_panic(payload.as_ref()).into()),
    }
}

/// Locks the state of an exported object. A mutex poisoned by an earlier
/// panic means the state may be half-updated, so the object refuses every
/// further call with `Internal` instead of serving it.
pub(crate) fn lock<'a, T>(m: &'a Mutex<T>, what: &str) -> cxkit::Result<MutexGuard<'a, T>> {
    m.lock().map_err(|_| cxkit::Error::Internal {
        message: format!("{what} is unusable after an earlier internal error"),
    })
}
