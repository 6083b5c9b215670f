//! The learned part of both scorers (RB1): a three-class logistic
//! regression per language (negative / neutral / positive, neutral the
//! reference class with logit 0, so two weight sets) over sparse
//! n-gram features plus a few dense features from the lexicon and the rules
//! ([`Dense`]). Their outputs are the calibrated probabilities
//! P(negative | text) and P(positive | text); the score is
//! P(positive) − P(negative) and the label bands ([`BAND`]) are the same in
//! both languages. Trained by `tools/escalation-train` on the training split
//! only (see the `train` module, built with the `train` feature).
//!
//! Features: Chinese — character unigrams and bigrams
//! ([`crate::zh_features`]); English — lower-cased word unigrams and
//! bigrams (digits → `0`), hashed to 64 bits. Each sparse feature counts once
//! and has the value 1/√max(n, 8) (n = distinct features of the message), so
//! a long message does not get a larger logit just for being long.
//!
//! File format (`data/zh_model.bin`, `data/en_model.bin`): magic `CXLR1`,
//! number of dense features (u8), dense weights for *negative* then
//! *positive* (f32 LE each), the two biases (f32), the weight step (f32),
//! entry count (varint), then per entry the key delta (varint) and the two
//! quantised weights (i8, i8).

/// First bytes of a model file.
pub const MAGIC: &[u8; 5] = b"CXLR1";

/// Label band of the built-in scorers: a score ≤ −BAND is negative, ≥ BAND
/// positive, neutral between — in both languages. The score is
/// P(positive) − P(negative), so −0.4 means "negative is at least 0.4 more
/// likely than positive". Chosen on out-of-fold predictions of the training
/// split (`tools/escalation-train -- --cv`), see `docs/escalation.md`.
pub const BAND: f64 = 0.4;

/// The label of a built-in score (bands of [`BAND`]).
pub fn label(score: f64) -> crate::score::Label {
    crate::score::Label::from_value_with_band(score, BAND)
}

/// Number of dense features.
pub const N_DENSE: usize = 7;

/// Sparse features have the value 1/√max(n, MIN_NORM): a two-character
/// message does not get the weight of its few n-grams multiplied up.
pub const MIN_NORM: usize = 8;

/// The value of each sparse feature of a message with `n` distinct keys.
pub fn feature_value(n: usize) -> f64 {
    1.0 / (n.max(MIN_NORM) as f64).sqrt()
}

/// The dense features of one message, computed by the language scorer.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Dense {
    /// Lexicon valence after the rules, in [-1, 1] (VADER compound for
    /// English, normalised cue sum for Chinese; mood emoji included).
    pub lexicon: f64,
    /// 1 when the how-to rule fired ([`crate::rules`]).
    pub howto: f64,
    /// 1 when the sarcasm rule fired.
    pub sarcasm: f64,
    /// 1 when the message is a question (ends with ? / 吗 / 呢 …).
    pub question: f64,
    /// 1 when the message asks for a human ([`crate::intent`], built-in
    /// lists).
    pub request: f64,
    /// 1 when it mentions a human but does not ask for one (negated,
    /// declined, unrelated).
    pub declined: f64,
    /// 1 for a short message (≤ 3 English words, ≤ 4 Han characters).
    pub short: f64,
}

impl Dense {
    /// As an array, in file order.
    pub fn to_array(self) -> [f64; N_DENSE] {
        [
            self.lexicon,
            self.howto,
            self.sarcasm,
            self.question,
            self.request,
            self.declined,
            self.short,
        ]
    }
}

/// A decoded model.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelTable {
    /// Dense weights of the negative-vs-rest regression.
    pub dense_neg: [f32; N_DENSE],
    /// Dense weights of the positive-vs-rest regression.
    pub dense_pos: [f32; N_DENSE],
    /// Bias of the negative regression.
    pub bias_neg: f32,
    /// Bias of the positive regression.
    pub bias_pos: f32,
    /// Weight step (weights are `i8 * step`).
    pub step: f32,
    /// Keys, strictly increasing, with the two quantised weights.
    pub entries: Vec<(u64, i8, i8)>,
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

/// Encodes a model (format in the module doc).
pub fn encode(t: &ModelTable) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + t.entries.len() * 4);
    out.extend_from_slice(MAGIC);
    out.push(N_DENSE as u8);
    for w in t.dense_neg.iter().chain(t.dense_pos.iter()) {
        out.extend_from_slice(&w.to_le_bytes());
    }
    for f in [t.bias_neg, t.bias_pos, t.step] {
        out.extend_from_slice(&f.to_le_bytes());
    }
    put_varint(&mut out, t.entries.len() as u64);
    let mut prev = 0u64;
    for &(k, a, b) in &t.entries {
        put_varint(&mut out, k - prev);
        out.push(a as u8);
        out.push(b as u8);
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
    if bytes.get(pos).copied() != Some(N_DENSE as u8) {
        return Err("wrong number of dense features");
    }
    pos += 1;
    let f32_at = |pos: &mut usize| -> Result<f32, &'static str> {
        let b = bytes.get(*pos..*pos + 4).ok_or("truncated header")?;
        *pos += 4;
        Ok(f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let mut dense_neg = [0f32; N_DENSE];
    let mut dense_pos = [0f32; N_DENSE];
    for w in dense_neg.iter_mut() {
        *w = f32_at(&mut pos)?;
    }
    for w in dense_pos.iter_mut() {
        *w = f32_at(&mut pos)?;
    }
    let bias_neg = f32_at(&mut pos)?;
    let bias_pos = f32_at(&mut pos)?;
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
        let a = *bytes.get(pos).ok_or("truncated weight")? as i8;
        let b = *bytes.get(pos + 1).ok_or("truncated weight")? as i8;
        pos += 2;
        entries.push((key, a, b));
    }
    if pos != bytes.len() {
        return Err("trailing bytes");
    }
    Ok(ModelTable {
        dense_neg,
        dense_pos,
        bias_neg,
        bias_pos,
        step,
        entries,
    })
}

/// A model ready to score: weights in a hash table.
#[derive(Debug, Clone)]
pub struct Model {
    dense_neg: [f64; N_DENSE],
    dense_pos: [f64; N_DENSE],
    bias_neg: f64,
    bias_pos: f64,
    step: f64,
    weights: crate::wordtab::U64Table<(i8, i8)>,
}

/// The two probabilities a model gives a message.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Probs {
    /// P(negative | text).
    pub neg: f64,
    /// P(positive | text).
    pub pos: f64,
}

impl Probs {
    /// The score: P(positive) − P(negative), in [-1, 1].
    pub fn score(self) -> f64 {
        (self.pos - self.neg).clamp(-1.0, 1.0)
    }
}

/// P(negative), P(positive) of a three-class softmax whose neutral logit
/// is 0.
pub fn softmax(zn: f64, zp: f64) -> (f64, f64) {
    let m = zn.max(zp).max(0.0);
    let (en, ep, e0) = ((zn - m).exp(), (zp - m).exp(), (-m).exp());
    let z = en + ep + e0;
    (en / z, ep / z)
}

impl Model {
    /// From a decoded table.
    pub fn new(t: &ModelTable) -> Model {
        let weights = crate::wordtab::U64Table::new(t.entries.iter().map(|&(k, a, b)| (k, (a, b))));
        Model {
            dense_neg: t.dense_neg.map(f64::from),
            dense_pos: t.dense_pos.map(f64::from),
            bias_neg: f64::from(t.bias_neg),
            bias_pos: f64::from(t.bias_pos),
            step: f64::from(t.step),
            weights,
        }
    }

    /// An empty model (every weight 0): used if an embedded table cannot be
    /// decoded, which a test rules out.
    pub fn empty() -> Model {
        Model {
            dense_neg: [0.0; N_DENSE],
            dense_pos: [0.0; N_DENSE],
            bias_neg: 0.0,
            bias_pos: 0.0,
            step: 0.0,
            weights: crate::wordtab::U64Table::new(std::iter::empty()),
        }
    }

    /// The two logits for deduplicated feature keys and dense features.
    pub fn logits(&self, keys: &[u64], dense: Dense) -> (f64, f64) {
        let (mut sn, mut sp) = (0i64, 0i64);
        for k in keys {
            if let Some((a, b)) = self.weights.get(*k) {
                sn += i64::from(a);
                sp += i64::from(b);
            }
        }
        let scale = self.step * feature_value(keys.len());
        let d = dense.to_array();
        let mut ln = self.bias_neg + sn as f64 * scale;
        let mut lp = self.bias_pos + sp as f64 * scale;
        for ((x, wn), wp) in d.iter().zip(&self.dense_neg).zip(&self.dense_pos) {
            ln += wn * x;
            lp += wp * x;
        }
        (ln, lp)
    }

    /// The calibrated probabilities.
    pub fn probs(&self, keys: &[u64], dense: Dense) -> Probs {
        let (ln, lp) = self.logits(keys, dense);
        let (neg, pos) = softmax(ln, lp);
        Probs { neg, pos }
    }
}

/// Chinese feature keys of `text`, deduplicated (character uni+bigrams).
pub fn zh_keys(text: &str, out: &mut Vec<u64>) {
    out.clear();
    crate::zh_features::for_each_feature(text, |k| out.push(k));
    out.sort_unstable();
    out.dedup();
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn fnv_byte(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(FNV_PRIME)
}

/// English feature keys of `text`, deduplicated: lower-cased ASCII words
/// (letters, digits → `0`, inner apostrophes dropped) as unigrams and
/// bigrams, FNV-1a hashed; a sentence boundary (. ! ?) breaks bigrams.
pub fn en_keys(text: &str, out: &mut Vec<u64>) {
    en_keys_unordered(text, out);
    out.sort_unstable();
}

/// [`en_keys`] in order of appearance (each key once): what scoring needs,
/// since [`Model::logits`] sums integer weights and counts the keys, so the
/// order cannot change a score.
pub fn en_keys_unordered(text: &str, out: &mut Vec<u64>) {
    out.clear();
    let mut prev: Option<u64> = None;
    let mut cur: u64 = FNV_OFFSET;
    let mut in_word = false;
    let mut last_digit = false;
    // Short messages: a linear check keeps each key once; long ones are
    // sorted and deduplicated at the end instead.
    // A 64-bit filter of the keys seen skips most linear checks.
    let mut seen = 0u64;
    let mut push = |out: &mut Vec<u64>, k: u64| {
        let bit = 1u64 << (k >> 58);
        if out.len() >= 64 || seen & bit == 0 || !out.contains(&k) {
            out.push(k);
        }
        seen |= bit;
    };
    let mut end_word = |cur: &mut u64, prev: &mut Option<u64>, out: &mut Vec<u64>| {
        let uni = crate::zh_features::splitmix64(*cur) | 1;
        push(out, uni);
        if let Some(p) = *prev {
            push(
                out,
                crate::zh_features::splitmix64(p.rotate_left(17) ^ *cur) & !1,
            );
        }
        *prev = Some(*cur);
        *cur = FNV_OFFSET;
    };
    for b in text.bytes() {
        let c = b.to_ascii_lowercase();
        if c.is_ascii_lowercase() {
            cur = fnv_byte(cur, c);
            in_word = true;
            last_digit = false;
        } else if c.is_ascii_digit() {
            if !last_digit {
                cur = fnv_byte(cur, b'0');
            }
            in_word = true;
            last_digit = true;
        } else if c == b'\'' && in_word {
            // "don't" → "dont"
        } else {
            if in_word {
                end_word(&mut cur, &mut prev, out);
                in_word = false;
                last_digit = false;
            }
            if matches!(c, b'.' | b'!' | b'?' | b';') || c >= 0x80 {
                prev = None;
            }
        }
    }
    if in_word {
        end_word(&mut cur, &mut prev, out);
    }
    if out.len() > 64 {
        out.sort_unstable();
        out.dedup();
    }
}
