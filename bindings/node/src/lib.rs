//! cxkit for Node.js: the native half of the npm package `cxkit`.
//!
//! This crate is deliberately thin. Every facade method takes and returns
//! serde types, so the binding speaks **JSON text** across the boundary: the
//! JavaScript wrapper (`index.js`) encodes arguments with `JSON.stringify`
//! (which also turns a `Date` into an RFC 3339 string through `toJSON`), this
//! crate decodes them with the very serde impls the Rust facade uses, calls
//! the facade, and returns the result's JSON. One generic conversion
//! ([`parse`] / [`emit`]) serves every method, so the JSON shape seen from
//! Node is the Rust shape by construction, and no rule lives here.
//!
//! Errors: a facade [`cxkit::Error`] leaves as a JS `Error` whose message is
//! [`ERROR_MARKER`] followed by `Error::to_json()`; the wrapper turns it into
//! a `CxkitError` with the stable `code` and the structured details as
//! properties. Every entry point runs inside [`guard`], which catches a Rust
//! panic (the workspace keeps `panic = "unwind"`) and reports it as
//! `INTERNAL` instead of aborting the Node process.

use napi::Status;
use napi_derive::napi;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::panic::{AssertUnwindSafe, catch_unwind};
use cxkit::SelfCheck;
use std::sync::{Arc, Mutex, MutexGuard};

/// The addon's allocator. A batch allocates one event per element and frees
/// them all after applying; glibc's allocator hands big freed blocks back to
/// the kernel and faults them in again on the next batch, mimalloc keeps
/// them. Measured: `node.apply_many` about 10% faster (docs/bindings-node.md).
/// Only this shared library's own allocations use it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod call_center;
mod calls;
mod config;
mod decode;
mod escalation;
mod feeds;
mod monitor;
mod task;
mod templates;
mod tickets;

pub use call_center::NativeCallCenter;
pub use calls::{NativeCallRules, NativeServiceCalendar, NativeSmsTriggers, NativeTrend};
pub use config::NativeConfig;
pub use escalation::{JsScorer, NativeEscalation};
pub use feeds::NativeFeed;
pub use monitor::NativeMonitor;
pub use task::JsonTask;
pub use templates::NativeTemplates;
pub use tickets::NativeTickets;

/// Prefix of the message of every error this crate throws; the JS wrapper
/// recognises it and parses the JSON that follows (`{code, message, details}`).
pub const ERROR_MARKER: &str = "\u{1}cxkit-error:";

/// Converts a facade error into the JS error the wrapper understands.
pub(crate) fn to_napi(e: &cxkit::Error) -> napi::Error {
    napi::Error::new(
        Status::GenericFailure,
        format!("{ERROR_MARKER}{}", e.to_json()),
    )
}

/// Runs `f`, turning a facade error or a caught panic into a JS error.
///
/// `AssertUnwindSafe` is sound here because every piece of shared state a
/// closure can touch sits behind a `Mutex`: a panic poisons it, and the next
/// [`lock`] serves the object again only after it passed its
/// `cxkit::SelfCheck` (the facade validates before it mutates, so a panic
/// leaves it as it was), so nobody observes a half-updated object.
pub(crate) fn guard<T>(f: impl FnOnce() -> cxkit::Result<T>) -> napi::Result<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(to_napi(&e)),
        Err(payload) => Err(to_napi(&cxkit::Error::from_panic(payload.as_ref()))),
    }
}

/// A facade object shared between JS calls and thread-pool tasks.
///
/// A panic while it is locked poisons the mutex; the next call checks the
/// object (`cxkit::SelfCheck`) and goes on if it is consistent, or reports
/// `INTERNAL` instead of reading half-updated state.
pub(crate) struct Guarded<T>(Arc<Mutex<T>>);

impl<T: SelfCheck> Guarded<T> {
    /// Wraps a freshly built facade object.
    pub(crate) fn new(value: T) -> Self {
        Guarded(Arc::new(Mutex::new(value)))
    }

    /// Runs `f` on the object under the lock, inside [`guard`].
    pub(crate) fn with<R>(&self, f: impl FnOnce(&mut T) -> cxkit::Result<R>) -> napi::Result<R> {
        let shared = &self.0;
        guard(|| f(&mut *lock(shared)?))
    }

    /// Runs `f` under the lock without waiting: a call that re-enters the
    /// same object (a JS scorer calling back into its own `Escalation`) is
    /// refused with `CONFLICT` instead of deadlocking the JS thread.
    pub(crate) fn with_exclusive<R>(
        &self,
        f: impl FnOnce(&mut T) -> cxkit::Result<R>,
    ) -> napi::Result<R> {
        let shared = &self.0;
        guard(|| {
            let mut held = match shared.try_lock() {
                Ok(held) => held,
                Err(std::sync::TryLockError::WouldBlock) => {
                    return Err(cxkit::Error::Conflict {
                        resource: "this object".to_owned(),
                        holder: "a call in progress".to_owned(),
                        message: "re-entrant call: this object is in the middle of another call \
                                  (e.g. its scorer called back into it)"
                            .to_owned(),
                    });
                }
                Err(std::sync::TryLockError::Poisoned(p)) => cxkit::self_check::recover(shared, p).map_err(unusable)?,
            };
            f(&mut held)
        })
    }

    /// The shared handle, for work moved onto the thread pool.
    pub(crate) fn handle(&self) -> Arc<Mutex<T>> {
        Arc::clone(&self.0)
    }
}

/// Locks a shared object. One whose lock a panic poisoned is served again
/// if it passes its self-check, refused (`INTERNAL`) otherwise.
pub(crate) fn lock<T: SelfCheck>(shared: &Mutex<T>) -> cxkit::Result<MutexGuard<'_, T>> {
    cxkit::self_check::lock_checked(shared).map_err(unusable)
}

/// The error for an object that failed its self-check after a panic.
fn unusable(why: String) -> cxkit::Error {
    cxkit::Error::Internal {
        message: format!("this object is unusable after an earlier internal error ({why}); build a new one"),
    }
}

/// Decodes one argument from its JSON text; a malformed value is
/// `INVALID_INPUT` naming the argument.
pub(crate) fn parse<T: DeserializeOwned>(arg: &str, json: &str) -> cxkit::Result<T> {
    cxkit::decode::from_json_str(arg, json)
}

/// Encodes a result as JSON text.
pub(crate) fn emit<T: Serialize + ?Sized>(value: &T) -> cxkit::Result<String> {
    serde_json::to_string(value).map_err(|e| cxkit::Error::Internal {
        message: format!("result does not encode as JSON: {e}"),
    })
}

/// The version of the Rust crates this addon was built from (the workspace
/// version, which `package.json` must carry too).
#[napi]
pub fn version() -> String {
    cxkit::VERSION.to_owned()
}

/// Every stable error code, in the facade's order.
#[napi]
pub fn error_codes() -> Vec<String> {
    cxkit::Error::CODES
        .iter()
        .map(|c| (*c).to_owned())
        .collect()
}

/// Panics inside the guard with `message`: the test hook proving that a Rust
/// panic reaches JavaScript as a `CxkitError` with code `INTERNAL` and the
/// process survives. Not part of the public JS API.
#[napi]
pub fn debug_panic(message: String) -> napi::Result<()> {
    guard(|| -> cxkit::Result<()> { panic!("{message}") })
}

/// Decodes a JSON array of events without applying them and returns how many
/// there were: the bench hook that splits a batch's time into decoding and
/// applying. Not part of the public JS API.
#[napi]
pub fn debug_decode_events(events: String) -> napi::Result<u32> {
    guard(|| {
        let events = decode::events(&events)?;
        Ok(u32::try_from(events.len()).unwrap_or(u32::MAX))
    })
}
