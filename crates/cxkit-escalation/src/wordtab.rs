//! A read-only word → value table for the English scorer's hot path. Words
//! are stored inline with their length in the top byte: up to 7 bytes in
//! one `u64`, up to 15 bytes in two, so a look-up is one multiply-hash, a
//! short linear probe in a compact array and one or two integer compares,
//! with no pointer to chase. Longer words go to an ordinary map.

use crate::fasthash::FxHashMap;

#[derive(Debug, Clone)]
struct Open<K, V> {
    shift: u32,
    mask: usize,
    /// The keys alone, so that a probe reads only them (most look-ups of
    /// the model's n-grams miss); the values in a parallel array.
    keys: Vec<K>,
    vals: Vec<V>,
}

/// A packed key; the zero key marks an empty slot (a real key has its
/// length, ≥ 1, in the top byte).
trait Key: Copy + PartialEq {
    const EMPTY: Self;
    fn hash(self) -> u64;
}

impl Key for u64 {
    const EMPTY: Self = 0;
    fn hash(self) -> u64 {
        self.wrapping_mul(0x9e37_79b9_7f4a_7c15)
    }
}

impl Key for [u64; 2] {
    const EMPTY: Self = [0; 2];
    fn hash(self) -> u64 {
        (self[0].wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ self[1]).wrapping_mul(0xc2b2_ae3d_27d4_eb4f)
    }
}

impl<K: Key, V: Copy + Default> Open<K, V> {
    fn new(entries: &[(K, V)]) -> Self {
        // Load factor at most 3/4.
        let cap = (entries.len() * 4 / 3 + 1).next_power_of_two().max(16);
        let mut t = Open {
            shift: 64 - cap.trailing_zeros(),
            mask: cap - 1,
            keys: vec![K::EMPTY; cap],
            vals: vec![V::default(); cap],
        };
        for &(k, v) in entries {
            let mut i = (k.hash() >> t.shift) as usize;
            while t.keys[i] != K::EMPTY {
                i = (i + 1) & t.mask;
            }
            t.keys[i] = k;
            t.vals[i] = v;
        }
        t
    }

    #[inline]
    fn get(&self, k: K) -> Option<V> {
        let mut i = (k.hash() >> self.shift) as usize;
        loop {
            let sk = self.keys[i];
            if sk == k {
                return self.vals.get(i).copied();
            }
            if sk == K::EMPTY {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }
}

/// A read-only `u64` → value table (open addressing, multiply-hash), for
/// the model weights: one probe sequence in one compact array.
#[derive(Debug, Clone)]
pub(crate) struct U64Table<V: Copy> {
    open: Open<u64, V>,
    /// The value of key 0 (0 marks an empty slot in `open`).
    zero: Option<V>,
}

impl<V: Copy + Default> U64Table<V> {
    /// Builds the table (every key once).
    pub(crate) fn new(entries: impl Iterator<Item = (u64, V)>) -> Self {
        let mut zero = None;
        let mut rest = Vec::new();
        for (k, v) in entries {
            if k == 0 {
                zero = Some(v);
            } else {
                rest.push((k, v));
            }
        }
        U64Table {
            open: Open::new(&rest),
            zero,
        }
    }

    /// The value of `k`.
    #[inline]
    pub(crate) fn get(&self, k: u64) -> Option<V> {
        if k == 0 {
            return self.zero;
        }
        self.open.get(k)
    }
}

/// See the module doc.
#[derive(Debug, Clone)]
pub(crate) struct WordTable<V: Copy> {
    short: Open<u64, V>,
    mid: Open<[u64; 2], V>,
    long: FxHashMap<&'static str, V>,
}

/// Bytes `b` (at most 8) as a little-endian `u64`, zero-padded.
#[inline]
fn le(b: &[u8]) -> u64 {
    let mut a = [0u8; 8];
    a[..b.len()].copy_from_slice(b);
    u64::from_le_bytes(a)
}

#[inline]
fn short_key(b: &[u8]) -> u64 {
    le(b) | (b.len() as u64) << 56
}

#[inline]
fn mid_key(b: &[u8]) -> [u64; 2] {
    let (lo, hi) = b.split_at(8);
    [le(lo), le(hi) | (b.len() as u64) << 56]
}

impl<V: Copy + Default> WordTable<V> {
    /// Builds the table from a map (every key once).
    pub(crate) fn new(map: &FxHashMap<&'static str, V>) -> Self {
        let mut short = Vec::new();
        let mut mid = Vec::new();
        let mut long = FxHashMap::default();
        for (&k, &v) in map {
            let b = k.as_bytes();
            match b.len() {
                1..=7 => short.push((short_key(b), v)),
                8..=15 => mid.push((mid_key(b), v)),
                _ => {
                    long.insert(k, v);
                }
            }
        }
        WordTable {
            short: Open::new(&short),
            mid: Open::new(&mid),
            long,
        }
    }

    /// The value of the word `buf[lo..hi]` (a whole UTF-8 string), reading
    /// the key with fixed-size loads where `buf` has room after the word.
    #[inline]
    pub(crate) fn get_in(&self, buf: &str, lo: usize, hi: usize) -> Option<V> {
        let b = buf.as_bytes();
        let load = |at: usize| {
            let mut a = [0u8; 8];
            a.copy_from_slice(&b[at..at + 8]);
            u64::from_le_bytes(a)
        };
        let mask = |n: usize| if n == 0 { 0 } else { u64::MAX >> (64 - 8 * n) };
        let len = hi - lo;
        match len {
            1..=7 if lo + 8 <= b.len() => self.short.get(load(lo) & mask(len) | (len as u64) << 56),
            8..=15 if lo + 16 <= b.len() => self
                .mid
                .get([load(lo), load(lo + 8) & mask(len - 8) | (len as u64) << 56]),
            _ => self.get(&buf[lo..hi]),
        }
    }

    /// The value of `w`, if it is in the table.
    #[inline]
    pub(crate) fn get(&self, w: &str) -> Option<V> {
        let b = w.as_bytes();
        match b.len() {
            1..=7 => self.short.get(short_key(b)),
            8..=15 => self.mid.get(mid_key(b)),
            _ => self.long.get(w).copied(),
        }
    }
}
