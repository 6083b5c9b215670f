//! A small, fast, non-cryptographic hasher (the FxHash multiply-rotate step
//! rustc uses) for hot lookups keyed by the tenant's own ids and by embedded
//! lexicon tables. Those keys are configuration or shipped data, not
//! attacker-chosen, so SipHash's flood resistance buys nothing there and would
//! cost more than the work the lookup serves (a state transition, a token).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FxHash-style hasher state.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.add(u64::from_le_bytes(b));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            // The tail's bytes as a little-endian word (what copying them
            // into a zeroed `[u8; 8]` gives), without a variable-length copy.
            let mut word = 0u64;
            for (i, &b) in rest.iter().enumerate() {
                word |= u64::from(b) << (8 * i);
            }
            // Tag the tail with its length so "a" and "a\0" differ.
            self.add(word ^ ((rest.len() as u64) << 56));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        // The multiply leaves the low bits depending only on the key's low
        // bits (small integer keys have many zero low bits); hashbrown picks
        // buckets from the low bits, so fold the well-mixed high bits down.
        self.0.rotate_left(26)
    }
}

/// A `HashMap` with [`FxHasher`].
pub type FxHashMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// A `HashSet` with [`FxHasher`].
pub type FxHashSet<K> = std::collections::HashSet<K, BuildHasherDefault<FxHasher>>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::Hash;

    fn h(v: impl Hash) -> u64 {
        let mut s = FxHasher::default();
        v.hash(&mut s);
        s.finish()
    }

    /// The tail word is what the copy into a zeroed `[u8; 8]` gave before:
    /// every hash (and every `id_key` kept in snapshots) is unchanged.
    #[test]
    fn tail_word_is_the_zero_padded_copy() {
        fn reference(bytes: &[u8]) -> u64 {
            let mut h = FxHasher::default();
            let mut chunks = bytes.chunks_exact(8);
            for c in &mut chunks {
                let mut b = [0u8; 8];
                b.copy_from_slice(c);
                h.add(u64::from_le_bytes(b));
            }
            let rest = chunks.remainder();
            if !rest.is_empty() {
                let mut b = [0u8; 8];
                b[..rest.len()].copy_from_slice(rest);
                h.add(u64::from_le_bytes(b) ^ ((rest.len() as u64) << 56));
            }
            h.finish()
        }
        let text: Vec<u8> = (0u8..40).map(|i| i.wrapping_mul(37) ^ 0xa5).collect();
        for start in 0..8 {
            for end in start..text.len() {
                let mut h = FxHasher::default();
                h.write(&text[start..end]);
                assert_eq!(h.finish(), reference(&text[start..end]), "{start}..{end}");
            }
        }
        assert_eq!(id_key("call-1"), id_key("call-1"));
    }

    #[test]
    fn distinguishes_tails_and_spreads_low_bits() {
        assert_ne!(h(b"a".as_slice()), h(b"a\0".as_slice()));
        assert_eq!(h("agent-7"), h("agent-7"));
        // Keys that differ only in high bits must not share bucket bits.
        let low: std::collections::HashSet<u64> =
            (0u32..64).map(|i| h((i as u64) << 21) & 0xff).collect();
        assert!(low.len() > 32, "low bits poorly spread: {}", low.len());
    }
}

/// A stable 53-bit key of an event id (FNV-1a): what the duplicate windows
/// keep instead of the id. 53 bits so snapshots survive JavaScript numbers;
/// never 0. Two ids share a key with probability 2^-53 (a false duplicate
/// in a 10 000-id window: about 1 in 10^12 events).
pub fn event_key(id: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h & ((1u64 << 53) - 1)) | 1
}

/// A 53-bit key of an event id, 8 bytes a step (FxHash over the bytes and
/// the length, then mixed): what the call tracker's duplicate window keeps.
/// Never 0; 53 bits so snapshots survive JavaScript numbers.
pub fn id_key(id: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(id.as_bytes());
    h.write_usize(id.len());
    let mut x = h.finish();
    // A final avalanche (splitmix64's) so the kept low bits depend on all.
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^= x >> 31;
    (x & ((1u64 << 53) - 1)) | 1
}

#[cfg(test)]
mod key_tests {
    use super::id_key;

    #[test]
    fn id_keys_fit_53_bits_are_never_zero_and_tell_near_ids_apart() {
        let mut seen = std::collections::HashSet::new();
        for i in 0..200_000u32 {
            let id = format!("asterisk-queue-log:1546015415|1546015415.{i}|201|NONE|ENTERQUEUE||+13238679471|1#0");
            let k = id_key(&id);
            assert!(k != 0 && k < 1 << 53);
            assert!(seen.insert(k), "{id}");
        }
        assert_ne!(id_key("e1"), id_key("e1\0"));
        assert_ne!(id_key(""), id_key("\0"));
    }
}
