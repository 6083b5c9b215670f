//! The FFI edge: every exported entry point runs inside [`guard`], which
//! turns a facade error into [`CxError`] and a panic into
//! `CxError::Internal` (STYLE.md: panics never cross an FFI boundary;
//! uniffi needs `panic = "unwind"`, which every workspace profile keeps).

use crate::error::CxError;
use std::panic::{AssertUnwindSafe, catch_unwind};
use cxkit::SelfCheck;
use std::sync::{Mutex, MutexGuard};

/// Runs `f`, mapping its error into [`CxError`] and a panic into
/// `CxError::Internal`.
pub fn guard<T>(f: impl FnOnce() -> cxkit::Result<T>) -> Result<T, CxError> {
    // AssertUnwindSafe: state touched by a panicking `f` lives behind a
    // Mutex that the panic poisons, and `lock` serves poisoned state only
    // after its self-check.
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result.map_err(CxError::from),
        Err(payload) => Err(cxkit::Error::from_panic(payload.as_ref()).into()),
    }
}

/// Locks the state of an exported object. A mutex poisoned by an earlier
/// panic may hold a half-updated object: it is served again only if it
/// passes its `cxkit::SelfCheck` (the facade validates before it mutates,
/// so a panic normally leaves it as it was), and refused with `Internal`
/// otherwise.
pub(crate) fn lock<'a, T: SelfCheck>(m: &'a Mutex<T>, what: &str) -> cxkit::Result<MutexGuard<'a, T>> {
    cxkit::self_check::lock_checked(m).map_err(|why| cxkit::Error::Internal {
        message: format!("{what} is unusable after an earlier internal error ({why})"),
    })
}
