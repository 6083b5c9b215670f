//! Hashing for the hot agent-id → dense-index lookup (the shared Fx hasher:
//! SipHash would cost more than the whole state transition, and a tenant's
//! own roster is no HashDoS vector) and the event-id key of the duplicate
//! window.

/// A `HashMap` with the shared Fx hasher of `cxkit-core`.
pub(crate) type FxMap<K, V> = cxkit_core::hash::FxHashMap<K, V>;

/// The event-id key of the duplicate window (see `cxkit_core::hash::event_key`).
pub(crate) use cxkit_core::hash::event_key;
