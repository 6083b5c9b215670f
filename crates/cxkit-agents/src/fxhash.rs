//! Hashing for the hot agent-id → dense-index lookup (the shared Fx hasher:
//! SipHash would cost more than the whole state transition, and a tenant's
//! own roster is no HashDoS vector) and the event-id key of the duplicate
//! window.

/// A `HashMap` with the shared Fx hasher of `cxkit-core`.
pub(crate) type FxMap<K, V> = cxkit_core::hash::FxHashMap<K, V>;

/// A stable 53-bit key of an event id (FNV-1a), kept in the duplicate
/// window. 53 bits so the snapshot survives JavaScript numbers; never 0.
pub(crate) fn event_key(id: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h & ((1u64 << 53) - 1)) | 1
}
