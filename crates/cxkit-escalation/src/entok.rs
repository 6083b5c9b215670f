//! One tokenisation pass for the English scorer (RB1 refinements, speed).
//!
//! A message is lower-cased once into a reused buffer and cut once into
//! VADER's tokens (whitespace-separated, punctuation stripped) and the
//! rules' words (runs of ASCII letters and apostrophes). Each token is
//! looked up once in the English word table ([`crate::english::Entry`]:
//! valence, booster, negation, and for the words a rule names an id and
//! flags), so the VADER compound, the how-to, sarcasm and complaint-question
//! rules and the human-request pre-filter read the same tokens, and the
//! rules match phrases as sequences of word ids. The buffers live in a
//! thread-local [`Scratch`]: scoring a message allocates nothing.
//!
//! The results are bit-identical to the straightforward implementation kept
//! as a test reference (`en_reference.rs`, property test in `tests.rs`).

use crate::english::{
    BOOSTER_PHRASES, C_INCR, CS_PHRASES, Entry, N_SCALAR, SPECIAL_CASES, denormalize,
    emoji_description, is_upper, normalize, strip_punc, tables,
};
use crate::fasthash::FxHashMap;
use crate::model::Dense;
use std::cell::RefCell;

/// First word of a how-to question ([`crate::rules::EN_HOWTO_START`]).
pub(crate) const F_HOWTO_START: u16 = 1;
/// Praise opener of the sarcasm rule ([`crate::rules::EN_PRAISE_OPENERS`]).
pub(crate) const F_PRAISE: u16 = 1 << 1;
/// so / such / really / very (the sarcasm rule's intensifiers).
pub(crate) const F_INTENS: u16 = 1 << 2;
/// A human word or a verb that requests one ([`crate::intent`]).
pub(crate) const F_TRIGGER: u16 = 1 << 3;
/// First word of a customer-service phrase ([`CS_PHRASES`]).
const H_CS: u16 = 1 << 4;
/// First word of a how-to frame.
const H_FRAME: u16 = 1 << 5;
/// First word of a complaint marker of the how-to rule.
const H_COMPLAINT: u16 = 1 << 6;
/// First word of a complaint-question marker.
const H_COMPLAINT_Q: u16 = 1 << 7;
/// First word of a bad-event marker of the sarcasm rule.
const H_BAD_EVENT: u16 = 1 << 8;
/// First word of a stated-fault phrase ([`crate::rules::EN_FAULT`]).
const H_FAULT: u16 = 1 << 9;
/// A status word of the stated-fault rule ([`crate::rules::EN_STATUS`]).
const F_STATUS: u16 = 1 << 10;
/// First word of a phrase that makes a clause ask or suppose
/// ([`crate::rules::EN_FAULT_ASKS`]).
const H_ASKS: u16 = 1 << 11;
/// A unit of time ([`crate::rules::EN_TIME_UNITS`]).
const F_UNIT: u16 = 1 << 14;
/// First word of one of VADER's special idioms ([`SPECIAL_CASES`]).
const H_SPECIAL: u16 = 1 << 12;
/// First word of a multi-word dampener ([`BOOSTER_PHRASES`]).
const H_BOOSTP: u16 = 1 << 13;

/// The rules' phrase lists as sequences of word ids.
pub(crate) struct Phrases {
    cs: Vec<(Vec<u16>, f64)>,
    frames: Vec<Vec<u16>>,
    complaint: Vec<Vec<u16>>,
    complaint_q: Vec<Vec<u16>>,
    bad_event: Vec<Vec<u16>>,
    special: Vec<(Vec<u16>, f64)>,
    booster_phrases: Vec<(Vec<u16>, f64)>,
    fault: Vec<Vec<u16>>,
    asks: Vec<Vec<u16>>,
    but: u16,
    /// Ids of the words VADER's rules compare tokens with.
    w: RuleWords,
}

/// Word ids of the words VADER's rules name (a token is the word exactly
/// when its entry carries the id: every word of the table has one entry).
#[derive(Debug, Clone, Copy)]
struct RuleWords {
    no: u16,
    kind: u16,
    of: u16,
    or: u16,
    nor: u16,
    never: u16,
    so: u16,
    this: u16,
    without: u16,
    doubt: u16,
    least: u16,
    at: u16,
    very: u16,
    still: u16,
    since: u16,
    ago: u16,
    later: u16,
    now: u16,
    on: u16,
    for_: u16,
    after: u16,
}

impl Phrases {
    /// Gives every word a phrase names an id and sets the flags of
    /// `words` (the English word table being built).
    pub(crate) fn build(words: &mut FxHashMap<&'static str, Entry>) -> Phrases {
        let mut next: u16 = 1;
        let mut id_of = |words: &mut FxHashMap<&'static str, Entry>, w: &'static str| {
            let e = words.entry(w).or_default();
            if e.id == 0 {
                e.id = next;
                next += 1;
            }
            e.id
        };
        let mut compile =
            |words: &mut FxHashMap<&'static str, Entry>, p: &[&'static str], head: u16| {
                let ids: Vec<u16> = p.iter().map(|w| id_of(words, w)).collect();
                if let Some(first) = p.first() {
                    words.entry(first).or_default().flags |= head;
                }
                ids
            };
        let split = |p: &'static str| -> Vec<&'static str> { p.split(' ').collect() };
        let cs = CS_PHRASES
            .iter()
            .map(|&(p, v)| (compile(words, p, H_CS), v))
            .collect();
        let frames = crate::rules::EN_HOWTO_FRAMES
            .iter()
            .map(|p| compile(words, &split(p), H_FRAME))
            .collect();
        let complaint = crate::rules::EN_COMPLAINT
            .iter()
            .map(|p| compile(words, &split(p), H_COMPLAINT))
            .collect();
        let complaint_q = crate::rules::EN_COMPLAINT_Q
            .iter()
            .map(|p| compile(words, &split(p), H_COMPLAINT_Q))
            .collect();
        let bad_event = crate::rules::EN_BAD_EVENT
            .iter()
            .map(|p| compile(words, &split(p), H_BAD_EVENT))
            .collect();
        let special = SPECIAL_CASES
            .iter()
            .map(|&(p, v)| (compile(words, p, H_SPECIAL), v))
            .collect();
        let booster_phrases = BOOSTER_PHRASES
            .iter()
            .map(|&(p, v)| (compile(words, p, H_BOOSTP), v))
            .collect();
        let fault = crate::rules::EN_FAULT
            .iter()
            .map(|p| compile(words, &split(p), H_FAULT))
            .collect();
        let asks = crate::rules::EN_FAULT_ASKS
            .iter()
            .map(|p| compile(words, &split(p), H_ASKS))
            .collect();
        let but = compile(words, &["but"], 0)[0];
        let mut one = |w: &'static str| compile(words, &[w], 0)[0];
        let w = RuleWords {
            no: one("no"),
            kind: one("kind"),
            of: one("of"),
            or: one("or"),
            nor: one("nor"),
            never: one("never"),
            so: one("so"),
            this: one("this"),
            without: one("without"),
            doubt: one("doubt"),
            least: one("least"),
            at: one("at"),
            very: one("very"),
            still: one("still"),
            since: one("since"),
            ago: one("ago"),
            later: one("later"),
            now: one("now"),
            on: one("on"),
            for_: one("for"),
            after: one("after"),
        };
        let mut flag = |list: &[&'static str], f: u16| {
            for &w in list {
                words.entry(w).or_default().flags |= f;
            }
        };
        flag(crate::rules::EN_HOWTO_START, F_HOWTO_START);
        flag(crate::rules::EN_STATUS, F_STATUS);
        flag(crate::rules::EN_TIME_UNITS, F_UNIT);
        flag(crate::rules::EN_PRAISE_OPENERS, F_PRAISE);
        flag(&["so", "such", "really", "very"], F_INTENS);
        flag(crate::intent::EN_HUMAN, F_TRIGGER);
        flag(crate::intent::EN_TRIGGER_VERBS, F_TRIGGER);
        Phrases {
            cs,
            frames,
            complaint,
            complaint_q,
            bad_event,
            special,
            booster_phrases,
            fault,
            asks,
            but,
            w,
        }
    }
}

/// A VADER token: its lower-cased text (a span of [`Scratch::lower`] or of
/// [`Scratch::vlow`]) and what the table knows about it.
#[derive(Debug, Clone, Copy)]
struct VTok {
    /// Span of the lower-cased token; for an ASCII text also the stripped
    /// token's span in the text.
    lo: usize,
    hi: usize,
    upper: bool,
    negated: bool,
    e: Entry,
}

/// A rule word: a span of [`Scratch::lower`] and its table entry.
#[derive(Debug, Clone, Copy)]
struct RWord {
    lo: usize,
    hi: usize,
    e: Entry,
}

/// Reused buffers of one thread.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    /// The message, ASCII-lower-cased (same byte offsets as the text).
    lower: String,
    /// Emoji replaced by their description (non-ASCII text only).
    vsrc: String,
    /// Lower-cased VADER tokens of a non-ASCII text.
    vlow: String,
    /// Whether the VADER tokens are spans of `lower` (ASCII text).
    in_lower: bool,
    vtok: Vec<VTok>,
    words: Vec<RWord>,
    sentiments: Vec<f64>,
    keys: Vec<u64>,
    /// Number of `!` and of `?` in the text.
    excl: usize,
    quest: usize,
    /// The union of the flags of the VADER tokens and of the rule words:
    /// a phrase list whose head flag is missing cannot match.
    tflags: u16,
    wflags: u16,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Runs `f` with this thread's scratch buffers (a fresh set if they are in
/// use further up the stack).
pub(crate) fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    SCRATCH.with(|s| match s.try_borrow_mut() {
        Ok(mut g) => {
            let r = f(&mut g);
            // A pasted page must not pin its buffers for ever.
            if g.lower.capacity() > 1 << 16 {
                *g = Scratch::default();
            }
            r
        }
        Err(_) => f(&mut Scratch::default()),
    })
}

/// `str::split_whitespace`, byte by byte for ASCII text.
enum Tokens<'a> {
    Ascii(&'a str, usize),
    Other(std::str::SplitWhitespace<'a>),
}

impl<'a> Tokens<'a> {
    fn new(s: &'a str) -> Self {
        if s.is_ascii() {
            Tokens::Ascii(s, 0)
        } else {
            Tokens::Other(s.split_whitespace())
        }
    }
}

impl<'a> Iterator for Tokens<'a> {
    type Item = &'a str;
    fn next(&mut self) -> Option<&'a str> {
        match self {
            Tokens::Other(it) => it.next(),
            Tokens::Ascii(s, pos) => {
                // `char::is_whitespace` on ASCII: U+0009..U+000D and space.
                let ws = |b: u8| b == b' ' || (9..=13).contains(&b);
                let b = s.as_bytes();
                let mut i = *pos;
                while i < b.len() && ws(b[i]) {
                    i += 1;
                }
                if i == b.len() {
                    *pos = i;
                    return None;
                }
                let lo = i;
                while i < b.len() && !ws(b[i]) {
                    i += 1;
                }
                *pos = i;
                Some(&s[lo..i])
            }
        }
    }
}

/// Whether `w` contains "n't" (VADER's negation test).
fn has_nt(w: &[u8]) -> bool {
    w.contains(&b'\'') && w.windows(3).any(|x| x == b"n't")
}

/// Whether the id sequence `p` occurs in `ws` (as whole words), looking
/// only at words whose flags carry `head`.
fn has_phrase(ws: &[RWord], head: u16, list: &[Vec<u16>]) -> bool {
    ws.iter().enumerate().any(|(i, w)| {
        w.e.flags & head != 0
            && list.iter().any(|p| {
                p.len() <= ws.len() - i && p.iter().zip(&ws[i..]).all(|(id, x)| x.e.id == *id)
            })
    })
}

impl Scratch {
    /// Lower-cases and tokenises `text` (one pass for VADER and the rules).
    pub(crate) fn tokenize(&mut self, text: &str) {
        let t = tables();
        let Scratch {
            lower,
            vsrc,
            vlow,
            in_lower,
            vtok,
            words,
            keys,
            ..
        } = self;
        lower.clear();
        lower.push_str(text);
        lower.make_ascii_lowercase();
        let (mut tflags, mut wflags) = (0u16, 0u16);
        vtok.clear();
        words.clear();
        *in_lower = text.is_ascii();
        let src: &str = if *in_lower {
            text
        } else {
            // Emoji → " description", as VADER does.
            vsrc.clear();
            vlow.clear();
            let mut prev_space = true;
            for c in text.chars() {
                if let Some(d) = emoji_description(c) {
                    if !prev_space {
                        vsrc.push(' ');
                    }
                    vsrc.push_str(d);
                    prev_space = false;
                } else {
                    vsrc.push(c);
                    prev_space = c == ' ';
                }
            }
            vsrc.as_str()
        };
        let base = src.as_ptr() as usize;
        for raw in Tokens::new(src) {
            if *in_lower {
                // ASCII: strip, case and apostrophe in one pass.
                let rb = raw.as_bytes();
                let (mut a, mut z) = (0, rb.len());
                while a < z && rb[a].is_ascii_punctuation() {
                    a += 1;
                }
                while z > a && rb[z - 1].is_ascii_punctuation() {
                    z -= 1;
                }
                if z - a <= 2 {
                    (a, z) = (0, rb.len());
                }
                let (mut up, mut low, mut apos) = (false, false, false);
                for &c in &rb[a..z] {
                    up |= c.is_ascii_uppercase();
                    low |= c.is_ascii_lowercase();
                    apos |= c == b'\'';
                }
                let lo = raw.as_ptr() as usize - base + a;
                let hi = lo + (z - a);
                let lw = &lower[lo..hi];
                let e = t.words.get_in(lower, lo, hi).unwrap_or_default();
                tflags |= e.flags;
                vtok.push(VTok {
                    lo,
                    hi,
                    upper: up && !low,
                    negated: e.negate || (apos && has_nt(lw.as_bytes())),
                    e,
                });
                continue;
            }
            let w = strip_punc(raw);
            let (lo, hi) = {
                let lo = vlow.len();
                if w.is_ascii() {
                    vlow.push_str(w);
                    vlow[lo..].make_ascii_lowercase();
                } else if w.chars().any(char::is_uppercase) {
                    vlow.push_str(&w.to_lowercase());
                } else {
                    vlow.push_str(w);
                }
                (lo, vlow.len())
            };
            let lw = &vlow[lo..hi];
            let e = t.words.get(lw).unwrap_or_default();
            tflags |= e.flags;
            vtok.push(VTok {
                lo,
                hi,
                upper: is_upper(w),
                negated: e.negate || has_nt(lw.as_bytes()),
                e,
            });
        }
        // The rules' words (runs of ASCII letters and apostrophes) and the
        // model's keys ([`crate::model::en_keys_unordered`], which reads
        // the text ASCII-lower-cased: exactly `lower`), in one pass.
        let b = lower.as_bytes();
        keys.clear();
        let mut kst = crate::model::EnKeys::default();
        let mut j = 0;
        let mut start: Option<usize> = None;
        let mut word = |lo: usize, hi: usize, j: &mut usize| {
            // Same text as a VADER token: reuse its look-up.
            let mut e = None;
            if *in_lower {
                while *j < vtok.len() && vtok[*j].hi <= lo {
                    *j += 1;
                }
                if let Some(v) = vtok.get(*j)
                    && (v.lo, v.hi) == (lo, hi)
                {
                    e = Some(v.e);
                }
            }
            let e = e.unwrap_or_else(|| t.words.get_in(lower, lo, hi).unwrap_or_default());
            wflags |= e.flags;
            words.push(RWord { lo, hi, e });
        };
        let (mut excl, mut quest) = (0usize, 0usize);
        for (i, &c) in b.iter().enumerate() {
            excl += usize::from(c == b'!');
            quest += usize::from(c == b'?');
            // `lower` has no ASCII capital: a letter is a lower-case one.
            let in_word = c.is_ascii_lowercase() || c == b'\'';
            match (start, in_word) {
                (None, true) => start = Some(i),
                (Some(lo), false) => {
                    word(lo, i, &mut j);
                    start = None;
                }
                _ => {}
            }
            kst.byte(c, keys);
        }
        if let Some(lo) = start {
            word(lo, b.len(), &mut j);
        }
        kst.finish(keys);
        self.excl = excl;
        self.quest = quest;
        self.tflags = tflags;
        self.wflags = wflags;
    }

    /// Whether the tokens from `start` on are the id sequence `phrase`.
    fn seq_is(&self, start: usize, phrase: &[u16]) -> bool {
        start + phrase.len() <= self.vtok.len()
            && phrase
                .iter()
                .zip(&self.vtok[start..])
                .all(|(id, t)| t.e.id == *id)
    }

    /// VADER's compound over the tokens of [`Scratch::tokenize`],
    /// and whether any word or emoticon carried valence.
    pub(crate) fn compound(&mut self) -> (f64, bool) {
        let n = self.vtok.len();
        if n == 0 {
            return (0.0, false);
        }
        let allcaps = self.vtok.iter().filter(|t| t.upper).count();
        let cap_diff = allcaps > 0 && allcaps < n;
        let mut sentiments = std::mem::take(&mut self.sentiments);
        sentiments.clear();
        sentiments.resize(n, 0.0);
        let toks = &self.vtok;
        let rw = tables().phrases.w;
        // Whether token `i` is the word with id `id`.
        let is = |i: usize, id: u16| toks[i].e.id == id;
        let ph = &tables().phrases;
        let vals = tables().values.as_slice();
        let mut any_valence = false;
        for i in 0..n {
            let Some(base) = toks[i].e.valence(vals) else {
                continue;
            };
            if toks[i].e.booster().is_some() {
                continue;
            }
            if i + 1 < n && is(i, rw.kind) && is(i + 1, rw.of) {
                continue;
            }
            any_valence = true;
            let mut valence = base;
            if is(i, rw.no) && i + 1 < n && toks[i + 1].e.valence(vals).is_some() {
                valence = 0.0;
            }
            if (i > 0 && is(i - 1, rw.no))
                || (i > 1 && is(i - 2, rw.no))
                || (i > 2 && is(i - 3, rw.no) && (is(i - 1, rw.or) || is(i - 1, rw.nor)))
            {
                valence = base * N_SCALAR;
            }
            if toks[i].upper && cap_diff {
                valence += if valence > 0.0 { C_INCR } else { -C_INCR };
            }
            for start_i in 0..3usize {
                if i > start_i && toks[i - start_i - 1].e.valence(vals).is_none() {
                    let prev = &toks[i - start_i - 1];
                    let mut s = 0.0;
                    if let Some(b) = prev.e.booster() {
                        s = if valence < 0.0 { -b } else { b };
                        if prev.upper && cap_diff {
                            s += if valence > 0.0 { C_INCR } else { -C_INCR };
                        }
                    }
                    if start_i == 1 {
                        s *= 0.95;
                    } else if start_i == 2 {
                        s *= 0.9;
                    }
                    valence += s;
                    // VADER's _negation_check.
                    match start_i {
                        0 => {
                            if toks[i - 1].negated {
                                valence *= N_SCALAR;
                            }
                        }
                        1 => {
                            if is(i - 2, rw.never) && (is(i - 1, rw.so) || is(i - 1, rw.this)) {
                                valence *= 1.25;
                            } else if is(i - 2, rw.without) && is(i - 1, rw.doubt) {
                            } else if toks[i - 2].negated {
                                valence *= N_SCALAR;
                            }
                        }
                        _ => {
                            if (is(i - 3, rw.never) && (is(i - 2, rw.so) || is(i - 2, rw.this)))
                                || is(i - 1, rw.so)
                                || is(i - 1, rw.this)
                            {
                                valence *= 1.25;
                            } else if is(i - 3, rw.without)
                                && (is(i - 2, rw.doubt) || is(i - 1, rw.doubt))
                            {
                            } else if toks[i - 3].negated {
                                valence *= N_SCALAR;
                            }
                            // VADER's _special_idioms_check (i ≥ 3 here).
                            let before: [(usize, usize); 5] =
                                [(i - 1, 2), (i - 2, 3), (i - 2, 2), (i - 3, 3), (i - 3, 2)];
                            for (start, len) in before {
                                if toks[start].e.flags & H_SPECIAL == 0 {
                                    continue;
                                }
                                if let Some(&(_, v)) = ph
                                    .special
                                    .iter()
                                    .find(|(p, _)| p.len() == len && self.seq_is(start, p))
                                {
                                    valence = v;
                                    break;
                                }
                            }
                            for len in [2usize, 3] {
                                if n > i + len - 1
                                    && toks[i].e.flags & H_SPECIAL != 0
                                    && let Some(&(_, v)) = ph
                                        .special
                                        .iter()
                                        .find(|(p, _)| p.len() == len && self.seq_is(i, p))
                                {
                                    valence = v;
                                }
                            }
                            for (start, len) in [(i - 3, 3usize), (i - 3, 2), (i - 2, 2)] {
                                if toks[start].e.flags & H_BOOSTP == 0 {
                                    continue;
                                }
                                if let Some(&(_, b)) = ph
                                    .booster_phrases
                                    .iter()
                                    .find(|(p, _)| p.len() == len && self.seq_is(start, p))
                                {
                                    valence += b;
                                }
                            }
                        }
                    }
                }
            }
            // VADER's _least_check.
            if i > 1 && toks[i - 1].e.valence(vals).is_none() && is(i - 1, rw.least) {
                if !is(i - 2, rw.at) && !is(i - 2, rw.very) {
                    valence *= N_SCALAR;
                }
            } else if i > 0 && toks[i - 1].e.valence(vals).is_none() && is(i - 1, rw.least) {
                valence *= N_SCALAR;
            }
            sentiments[i] = valence;
        }
        // Customer-service phrases, matched as id sequences.
        let cs_n = if self.tflags & H_CS != 0 { n } else { 0 };
        for start in 0..cs_n {
            if toks[start].e.flags & H_CS == 0 {
                continue;
            }
            for (p, v) in &ph.cs {
                if start + p.len() <= n && p.iter().zip(&toks[start..]).all(|(id, t)| t.e.id == *id)
                {
                    sentiments[start + p.len() - 1] += v;
                    any_valence = true;
                }
            }
        }
        // "but": the clause after it dominates.
        if let Some(bi) = toks.iter().position(|t| t.e.id == ph.but) {
            for (si, s) in sentiments.iter_mut().enumerate() {
                if si < bi {
                    *s *= 0.5;
                } else if si > bi {
                    *s *= 1.5;
                }
            }
        }
        let mut sum: f64 = sentiments.iter().sum();
        self.sentiments = sentiments;
        let ep = self.excl.min(4) as f64 * 0.292;
        let qm = match self.quest {
            0 | 1 => 0.0,
            q @ 2..=3 => q as f64 * 0.18,
            _ => 0.96,
        };
        if sum > 0.0 {
            sum += ep + qm;
        } else if sum < 0.0 {
            sum -= ep + qm;
        }
        (normalize(sum), any_valence)
    }

    /// The how-to rule ([`crate::rules::en_howto`]) on the tokens.
    fn howto(&self) -> bool {
        let t = self.lower.trim();
        // Trimming removes only white space.
        let q = self.quest > 0;
        let starts = || {
            crate::rules::EN_HOWTO_STARTS
                .iter()
                .any(|f| t.starts_with(f))
        };
        if !q && !starts() {
            return false;
        }
        let ph = &tables().phrases;
        let ws = &self.words;
        let frame = || {
            ws.first().is_some_and(|w| w.e.flags & F_HOWTO_START != 0)
                || self.wflags & H_FRAME != 0 && has_phrase(ws, H_FRAME, &ph.frames)
        };
        let complaint = self.excl > 0
            || self.wflags & H_COMPLAINT != 0 && has_phrase(ws, H_COMPLAINT, &ph.complaint);
        !complaint && (q && frame() || starts())
    }

    /// The sarcasm rule ([`crate::rules::en_sarcasm`]) on the tokens.
    fn sarcasm(&self) -> bool {
        let vals = tables().values.as_slice();
        let ws = &self.words;
        if ws.first().is_none_or(|w| w.e.flags & F_PRAISE == 0)
            && !ws.iter().take(6).any(|w| w.e.flags & F_INTENS != 0)
        {
            return false;
        }
        let lower = self.lower.as_str();
        // Cheap reject: no praise opener or intensifier among the first words.
        let lead = lower.get(..lower.len().min(48)).unwrap_or(lower);
        let first = lead
            .split(|c: char| !c.is_ascii_alphabetic())
            .find(|w| !w.is_empty())
            .unwrap_or("");
        if !crate::rules::EN_PRAISE_OPENERS.contains(&first)
            && ![" so ", " such ", " really ", " very "]
                .iter()
                .any(|w| lead.contains(w))
        {
            return false;
        }
        let (mut head, mut tail) = crate::rules::split_first_clause(lower);
        if tail.is_empty()
            && let Some((i, _)) = head.match_indices(' ').nth(3)
        {
            tail = &head[i..];
            head = &head[..i];
        }
        // The head starts the text and the tail ends it, and a non-word
        // character separates them: their words are runs of `ws`.
        let head_words = ws.iter().take_while(|w| w.hi <= head.len()).count();
        let hw = &ws[..head_words];
        let short_head = hw.len() <= 6;
        let opener = hw.first().is_some_and(|w| w.e.flags & F_PRAISE != 0)
            || hw.iter().any(|w| w.e.flags & F_INTENS != 0)
                && hw
                    .iter()
                    .any(|w| w.e.valence(vals).is_some_and(|v| v > 1.0));
        if !(opener && short_head) {
            return false;
        }
        if head.contains("for nothing")
            || tail.contains("for nothing")
            || crate::rules::praise_as_usual(lower)
        {
            return true;
        }
        if self.wflags & H_BAD_EVENT == 0 {
            return false;
        }
        let tail_start = lower.len() - tail.len();
        let tail_from = ws.iter().take_while(|w| w.lo < tail_start).count();
        has_phrase(&ws[tail_from..], H_BAD_EVENT, &tables().phrases.bad_event)
    }

    /// The stated-fault rule ([`crate::rules::en_stated_fault`]) on the
    /// rule words: looked for only when a head word of its phrases or a
    /// status word occurs. A clause is a run of words with no clause-ending
    /// character between them.
    pub(crate) fn stated_fault(&self) -> bool {
        if self.wflags & (H_FAULT | F_STATUS) == 0 {
            return false;
        }
        let ws = &self.words;
        let ph = &tables().phrases;
        let rw = ph.w;
        let lower = self.lower.as_str();
        let elapsed = ws.iter().enumerate().any(|(i, w)| {
            w.e.id == rw.since
                || w.e.id == rw.ago
                || w.e.flags & F_UNIT != 0
                    && (ws
                        .get(i + 1)
                        .is_some_and(|n| n.e.id == rw.later || n.e.id == rw.now || n.e.id == rw.on)
                        || ws[i.saturating_sub(2)..i]
                            .iter()
                            .any(|p| p.e.id == rw.for_ || p.e.id == rw.after))
        });
        let mut start = 0;
        while start < ws.len() {
            let mut end = start + 1;
            while end < ws.len()
                && !lower[ws[end - 1].hi..ws[end].lo]
                    .chars()
                    .any(crate::rules::is_clause_end)
            {
                end += 1;
            }
            let gap_end = ws.get(end).map_or(lower.len(), |w| w.lo);
            let term = lower[ws[end - 1].hi..gap_end]
                .chars()
                .find(|&c| crate::rules::is_clause_end(c));
            let c = &ws[start..end];
            let asks = self.wflags & H_ASKS != 0 && has_phrase(c, H_ASKS, &ph.asks)
                || term == Some('?') && c[0].e.flags & F_HOWTO_START != 0;
            if !asks {
                let still = c.iter().enumerate().any(|(i, w)| {
                    w.e.id == rw.still
                        && c[i + 1..].iter().take(3).any(|x| x.e.flags & F_STATUS != 0)
                });
                let status = || c.iter().any(|w| w.e.flags & F_STATUS != 0);
                if self.wflags & H_FAULT != 0 && has_phrase(c, H_FAULT, &ph.fault)
                    || still
                    || elapsed && status()
                {
                    return true;
                }
            }
            start = end;
        }
        // A claim needs a status verb: looked for only when one occurs.
        self.wflags & F_STATUS != 0 && crate::rules::en_claim_contradicted(lower)
    }

    /// The complaint-question rule on the tokens.
    fn complaint_question(&self) -> bool {
        self.quest > 0
            && self.wflags & H_COMPLAINT_Q != 0
            && has_phrase(&self.words, H_COMPLAINT_Q, &tables().phrases.complaint_q)
    }

    /// The dense features of [`crate::english::dense`] over the tokens of
    /// [`Scratch::tokenize`]`(text)`.
    pub(crate) fn dense(&mut self, text: &str, emoji: f64) -> Dense {
        let (c, _) = self.compound();
        let howto = self.howto();
        let sarcasm = self.sarcasm();
        let mut x = denormalize(c) + emoji;
        if howto && x < 0.0 {
            x *= crate::rules::HOWTO_DAMP;
        }
        if sarcasm || crate::rules::praise_against_mood(c, emoji) {
            x = -x.abs() - 1.0;
        }
        if self.stated_fault() {
            // A fault stated as a fact (a discrepancy, a stalled status):
            // its polite words do not make it less of a complaint.
            x = x.min(0.0) + crate::rules::STATED_FAULT;
        }
        if self.complaint_question() {
            // A rhetorical question denies its positive words ("does
            // anyone care?"): they do not count.
            x = x.min(0.0) + crate::rules::COMPLAINT_QUESTION;
        }
        let trigger = self.wflags & F_TRIGGER != 0;
        let (request, declined) = crate::intent::dense_flags_pre(
            text,
            trigger,
            self.in_lower.then_some(self.lower.as_str()),
        );
        let short = if self.in_lower {
            self.vtok.len() <= 3
        } else {
            text.split_whitespace().take(4).count() <= 3
        };
        Dense {
            lexicon: normalize(x),
            howto: f64::from(u8::from(howto)),
            sarcasm: f64::from(u8::from(sarcasm)),
            question: f64::from(u8::from(crate::rules::is_question(text))),
            request: f64::from(u8::from(request)),
            declined: f64::from(u8::from(declined)),
            short: f64::from(u8::from(short)),
        }
    }

    /// The model's feature keys ([`crate::model::en_keys_unordered`]) of
    /// the text of the last [`Scratch::tokenize`], computed by it.
    pub(crate) fn keys(&self) -> &[u64] {
        &self.keys
    }
}
