//! The Chinese model's shared vocabulary: character normalisation, the
//! uni+bigram feature keys, the seeded train/held-out split and the binary
//! format of the embedded model (`data/zh_model.bin`).
//!
//! This file has no dependencies on purpose: the crate compiles it as a
//! module and `tools/escalation-train` compiles the very same file with
//! `#[path]`, so training and inference can never disagree on a feature key,
//! on which corpus lines are held out, or on the byte layout of the model.

/// Seed of the train/held-out split ("cxkitZH" in ASCII).
pub const SPLIT_SEED: u64 = 0x0063_786b_6974_5a48;

/// One line in this many is held out (never trained on): 10 %.
pub const HELD_OUT_ONE_IN: u64 = 10;

/// Quantisation step of a feature weight, in nats (weights are `i8 * STEP`).
pub const STEP: f32 = 0.0625;

/// First bytes of the model file; the last byte is the format version.
pub const MAGIC: &[u8; 5] = b"CXZH1";

/// SplitMix64 finaliser: a fixed, well-mixed 64-bit hash step.
pub fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Whether a corpus line is in the held-out split. The split hashes the
/// line's text (not its position) so that the many duplicate lines of the
/// corpus always fall on the same side and never leak into the test set.
pub fn is_held_out(line: &str) -> bool {
    // FNV-1a over the bytes, seeded, then mixed.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ SPLIT_SEED;
    for b in line.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    splitmix64(h).is_multiple_of(HELD_OUT_ONE_IN)
}

/// Normalises one character for the model: full-width ASCII forms become
/// ASCII, ASCII letters lower-case, every digit `0`; whitespace and control
/// characters are dropped (`None`) and break bigrams.
pub fn normalize_char(c: char) -> Option<char> {
    let c = match c as u32 {
        0xff01..=0xff5e => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    };
    if c.is_whitespace() || c.is_control() {
        None
    } else if c.is_ascii_digit() {
        Some('0')
    } else {
        Some(c.to_ascii_lowercase())
    }
}

/// Key of a unigram: the code point shifted left by 21 bits (a bigram whose
/// second character is NUL, which normalisation never produces).
pub fn unigram_key(c: char) -> u64 {
    (c as u64) << 21
}

/// Key of a bigram: 21 bits per code point.
pub fn bigram_key(a: char, b: char) -> u64 {
    ((a as u64) << 21) | (b as u64)
}

/// Calls `f` with every unigram and bigram key of `text`, in text order
/// (repeats included; callers that want presence features deduplicate).
pub fn for_each_feature(text: &str, mut f: impl FnMut(u64)) {
    let mut prev: Option<char> = None;
    for raw in text.chars() {
        match normalize_char(raw) {
            Some(c) => {
                f(unigram_key(c));
                if let Some(p) = prev {
                    f(bigram_key(p, c));
                }
                prev = Some(c);
            }
            None => prev = None,
        }
    }
}

/// A decoded model: prior log-odds and sorted `(key, quantised weight)` pairs.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelTable {
    /// ln(P(positive) / P(negative)) of the training set.
    pub prior: f32,
    /// Weight step in nats.
    pub step: f32,
    /// Feature keys, strictly increasing, with their quantised log-odds.
    pub entries: Vec<(u64, i8)>,
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn get_varint(bytes: &[u8], pos: &mut usize) -> Option<u64> {
    let mut v: u64 = 0;
    let mut shift = 0;
    loop {
        let b = *bytes.get(*pos)?;
        *pos += 1;
        if shift > 63 {
            return None;
        }
        v |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Some(v);
        }
        shift += 7;
    }
}

/// Encodes a model: `MAGIC`, prior (f32 LE), step (f32 LE), entry count
/// (varint), then per entry the key delta from the previous key (varint) and
/// the weight (one byte, two's complement). Sorted keys make deltas small.
pub fn encode(table: &ModelTable) -> Vec<u8> {
    let mut out = Vec::with_capacity(16 + table.entries.len() * 3);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&table.prior.to_le_bytes());
    out.extend_from_slice(&table.step.to_le_bytes());
    put_varint(&mut out, table.entries.len() as u64);
    let mut prev = 0u64;
    for &(k, w) in &table.entries {
        put_varint(&mut out, k - prev);
        out.push(w as u8);
        prev = k;
    }
    out
}

/// Decodes [`encode`]'s output; `Err` names what is wrong.
pub fn decode(bytes: &[u8]) -> Result<ModelTable, &'static str> {
    if bytes.get(..MAGIC.len()) != Some(&MAGIC[..]) {
        return Err("bad magic");
    }
    let mut pos = MAGIC.len();
    let f32_at = |pos: &mut usize| -> Result<f32, &'static str> {
        let b = bytes.get(*pos..*pos + 4).ok_or("truncated header")?;
        *pos += 4;
        Ok(f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let prior = f32_at(&mut pos)?;
    let step = f32_at(&mut pos)?;
    let n = get_varint(bytes, &mut pos).ok_or("truncated count")?;
    let mut entries = Vec::with_capacity(n.min(1 << 22) as usize);
    let mut key = 0u64;
    for _ in 0..n {
        let d = get_varint(bytes, &mut pos).ok_or("truncated key")?;
        if d == 0 && !entries.is_empty() {
            return Err("keys not strictly increasing");
        }
        key = key.checked_add(d).ok_or("key overflow")?;
        let w = *bytes.get(pos).ok_or("truncated weight")? as i8;
        pos += 1;
        entries.push((key, w));
    }
    if pos != bytes.len() {
        return Err("trailing bytes");
    }
    Ok(ModelTable {
        prior,
        step,
        entries,
    })
}
