//! The built-in English scorer: a port of VADER (Hutto & Gilbert, 2014,
//! `vaderSentiment` 3.3.2) over its own MIT-licensed lexicon and emoji
//! lexicon (`data/vader/`), plus a short customer-service cue list.
//!
//! Rules kept from VADER: per-word valence from the lexicon; negation of the
//! three preceding words (×−0.74); booster and dampener words (±0.293, with
//! distance decay 0.95/0.9); ALL-CAPS emphasis when only some words are
//! capitalised (±0.733); "but" (before ×0.5, after ×1.5); "least"; "no";
//! idioms; `!` (up to 4 × 0.292) and `??` emphasis; emoji replaced by their
//! description; compound = x/√(x²+15); labels at ±0.05.
//!
//! Deliberate differences, each documented in `docs/escalation.md`:
//! - the "but" rule scales every word by its position, where the Python
//!   code finds each value with `list.index` and so misses repeated values;
//! - the compound is not rounded to 4 decimals;
//! - customer-service cues (`refund`, `still not`, `on hold`, …) that VADER's
//!   general-purpose lexicon does not know are added to it;
//! - a message with no letters whose emoticons and emoji carry no valence is
//!   *no signal* rather than a neutral 0.

use crate::fasthash::FxHashMap;
use crate::model::{Dense, Model};
use crate::score::{Score, ScorerFailure, SentimentScorer};
use crate::signal;
use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

const VADER_LEXICON: &str = include_str!("../data/vader/vader_lexicon.txt");
const EMOJI_LEXICON: &str = include_str!("../data/vader/emoji_utf8_lexicon.txt");

const B_INCR: f64 = 0.293;
const B_DECR: f64 = -0.293;
const C_INCR: f64 = 0.733;
const N_SCALAR: f64 = -0.74;

const NEGATE: &[&str] = &[
    "aint",
    "arent",
    "cannot",
    "cant",
    "couldnt",
    "darent",
    "didnt",
    "doesnt",
    "ain't",
    "aren't",
    "can't",
    "couldn't",
    "daren't",
    "didn't",
    "doesn't",
    "dont",
    "hadnt",
    "hasnt",
    "havent",
    "isnt",
    "mightnt",
    "mustnt",
    "neither",
    "don't",
    "hadn't",
    "hasn't",
    "haven't",
    "isn't",
    "mightn't",
    "mustn't",
    "neednt",
    "needn't",
    "never",
    "none",
    "nope",
    "nor",
    "not",
    "nothing",
    "nowhere",
    "oughtnt",
    "shant",
    "shouldnt",
    "uhuh",
    "wasnt",
    "werent",
    "oughtn't",
    "shan't",
    "shouldn't",
    "uh-uh",
    "wasn't",
    "weren't",
    "without",
    "wont",
    "wouldnt",
    "won't",
    "wouldn't",
    "rarely",
    "seldom",
    "despite",
];

const BOOSTERS_UP: &[&str] = &[
    "absolutely",
    "amazingly",
    "awfully",
    "completely",
    "considerable",
    "considerably",
    "decidedly",
    "deeply",
    "effing",
    "enormous",
    "enormously",
    "entirely",
    "especially",
    "exceptional",
    "exceptionally",
    "extreme",
    "extremely",
    "fabulously",
    "flipping",
    "flippin",
    "frackin",
    "fracking",
    "fricking",
    "frickin",
    "frigging",
    "friggin",
    "fully",
    "fuckin",
    "fucking",
    "fuggin",
    "fugging",
    "greatly",
    "hella",
    "highly",
    "hugely",
    "incredible",
    "incredibly",
    "intensely",
    "major",
    "majorly",
    "more",
    "most",
    "particularly",
    "purely",
    "quite",
    "really",
    "remarkably",
    "so",
    "substantially",
    "thoroughly",
    "total",
    "totally",
    "tremendous",
    "tremendously",
    "uber",
    "unbelievably",
    "unusually",
    "utter",
    "utterly",
    "very",
];

const BOOSTERS_DOWN: &[&str] = &[
    "almost",
    "barely",
    "hardly",
    "kinda",
    "kindof",
    "kind-of",
    "less",
    "little",
    "marginal",
    "marginally",
    "occasional",
    "occasionally",
    "partly",
    "scarce",
    "scarcely",
    "slight",
    "slightly",
    "somewhat",
    "sorta",
    "sortof",
    "sort-of",
];

/// Multi-word dampeners of VADER's booster table (only reachable through
/// the idiom n-gram check, as in the original).
const BOOSTER_PHRASES: &[(&[&str], f64)] = &[
    (&["just", "enough"], B_DECR),
    (&["kind", "of"], B_DECR),
    (&["sort", "of"], B_DECR),
];

const SPECIAL_CASES: &[(&[&str], f64)] = &[
    (&["the", "shit"], 3.0),
    (&["the", "bomb"], 3.0),
    (&["bad", "ass"], 1.5),
    (&["bus", "stop"], 0.0),
    (&["yeah", "right"], -2.0),
    (&["kiss", "of", "death"], -1.5),
    (&["to", "die", "for"], 3.0),
    (&["beating", "heart"], 3.5),
];

/// Customer-service words VADER's general lexicon lacks, on its −4…4 scale.
/// Added to the lexicon (so they also take part in negation and boosting).
const CS_WORDS: &[(&str, f64)] = &[
    ("refund", -1.2),
    ("refunds", -1.2),
    ("garbage", -2.0),
    ("nightmare", -2.2),
    ("crashing", -1.5),
    ("crashes", -1.5),
    ("crashed", -1.5),
    ("slow", -1.2),
    ("late", -1.0),
    ("complaint", -1.8),
    ("complain", -1.6),
    ("unresolved", -1.5),
    ("overcharged", -2.0),
];

/// Customer-service phrases (lower-case tokens): their valence is added to
/// the phrase's last word, before the "but" rule.
const CS_PHRASES: &[(&[&str], f64)] = &[
    (&["still", "not"], -1.5),
    (&["still", "no"], -1.5),
    (&["still", "waiting"], -1.8),
    (&["been", "waiting"], -1.2),
    (&["not", "received"], -1.5),
    (&["haven't", "received"], -1.5),
    (&["never", "arrived"], -2.0),
    (&["no", "answer"], -1.2),
    (&["no", "reply"], -1.2),
    (&["no", "response"], -1.2),
    (&["on", "hold"], -1.0),
    (&["fed", "up"], -2.0),
    (&["charged", "me", "twice"], -1.8),
];

struct Tables {
    lexicon: FxHashMap<&'static str, f64>,
    boosters: FxHashMap<&'static str, f64>,
    negate: FxHashMap<&'static str, ()>,
    emoji: FxHashMap<char, &'static str>,
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| {
        let mut lexicon = FxHashMap::default();
        for line in VADER_LEXICON.lines() {
            let mut parts = line.split('\t');
            if let (Some(w), Some(v)) = (parts.next(), parts.next())
                && let Ok(v) = v.trim().parse::<f64>()
            {
                lexicon.insert(w.trim(), v);
            }
        }
        for &(w, v) in CS_WORDS {
            lexicon.entry(w).or_insert(v);
        }
        let mut boosters = FxHashMap::default();
        for &w in BOOSTERS_UP {
            boosters.insert(w, B_INCR);
        }
        for &w in BOOSTERS_DOWN {
            boosters.insert(w, B_DECR);
        }
        let negate = NEGATE.iter().map(|&w| (w, ())).collect();
        let mut emoji = FxHashMap::default();
        for line in EMOJI_LEXICON.lines() {
            let mut parts = line.split('\t');
            if let (Some(e), Some(d)) = (parts.next(), parts.next()) {
                let mut cs = e.chars();
                // Python iterates the text char by char, so only
                // single-code-point entries can ever match.
                if let (Some(c), None) = (cs.next(), cs.next()) {
                    emoji.insert(c, d.trim());
                }
            }
        }
        Tables {
            lexicon,
            boosters,
            negate,
            emoji,
        }
    })
}

struct Token<'a> {
    lower: Cow<'a, str>,
    upper: bool,
    valence: Option<f64>,
}

/// Python's `str.isupper()`: some cased character, none lower-case.
fn is_upper(w: &str) -> bool {
    let mut cased = false;
    for c in w.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_uppercase() {
            cased = true;
        }
    }
    cased
}

/// VADER's `_strip_punc_if_word`: strips ASCII punctuation at both ends
/// unless that leaves ≤ 2 characters (then it was an emoticon).
fn strip_punc(token: &str) -> &str {
    let s = token.trim_matches(|c: char| c.is_ascii_punctuation());
    if s.chars().count() <= 2 { token } else { s }
}

fn lower(w: &str) -> Cow<'_, str> {
    if w.chars().any(char::is_uppercase) {
        Cow::Owned(w.to_lowercase())
    } else {
        Cow::Borrowed(w)
    }
}

/// VADER's compound normalisation x/√(x²+α), α = 15, clamped to [-1, 1].
pub fn normalize(score: f64) -> f64 {
    (score / (score * score + 15.0).sqrt()).clamp(-1.0, 1.0)
}

/// The VADER compound score of `text` and whether any word or emoticon
/// carried valence.
pub fn compound(text: &str) -> (f64, bool) {
    let t = tables();
    // Emoji → " description", as VADER does, only when there can be any.
    let replaced: Cow<'_, str> = if text.is_ascii() {
        Cow::Borrowed(text)
    } else {
        let mut out = String::with_capacity(text.len() + 16);
        let mut prev_space = true;
        for c in text.chars() {
            if let Some(d) = t.emoji.get(&c) {
                if !prev_space {
                    out.push(' ');
                }
                out.push_str(d);
                prev_space = false;
            } else {
                out.push(c);
                prev_space = c == ' ';
            }
        }
        Cow::Owned(out)
    };
    let toks: Vec<Token<'_>> = replaced
        .split_whitespace()
        .map(|raw| {
            let w = strip_punc(raw);
            let lower = lower(w);
            let valence = t.lexicon.get(lower.as_ref()).copied();
            Token {
                upper: is_upper(w),
                lower,
                valence,
            }
        })
        .collect();
    if toks.is_empty() {
        return (0.0, false);
    }
    let n = toks.len();
    let allcaps = toks.iter().filter(|t| t.upper).count();
    let cap_diff = allcaps > 0 && allcaps < n;
    let lw = |i: usize| toks[i].lower.as_ref();
    let negated =
        |w: &str| t.negate.contains_key(w) || w.as_bytes().windows(3).any(|x| x == b"n't");
    let seq_is = |start: usize, phrase: &[&str]| {
        start + phrase.len() <= n && phrase.iter().enumerate().all(|(k, p)| lw(start + k) == *p)
    };

    let mut sentiments = vec![0.0f64; n];
    let mut any_valence = false;
    for i in 0..n {
        let item = lw(i);
        if t.boosters.contains_key(item) {
            continue;
        }
        if i + 1 < n && item == "kind" && lw(i + 1) == "of" {
            continue;
        }
        let Some(base) = toks[i].valence else {
            continue;
        };
        any_valence = true;
        let mut valence = base;
        if item == "no" && i + 1 < n && toks[i + 1].valence.is_some() {
            valence = 0.0;
        }
        if (i > 0 && lw(i - 1) == "no")
            || (i > 1 && lw(i - 2) == "no")
            || (i > 2 && lw(i - 3) == "no" && matches!(lw(i - 1), "or" | "nor"))
        {
            valence = base * N_SCALAR;
        }
        if toks[i].upper && cap_diff {
            valence += if valence > 0.0 { C_INCR } else { -C_INCR };
        }
        for start_i in 0..3usize {
            if i > start_i && toks[i - start_i - 1].valence.is_none() {
                let prev = &toks[i - start_i - 1];
                let mut s = 0.0;
                if let Some(&b) = t.boosters.get(prev.lower.as_ref()) {
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
                        if negated(lw(i - 1)) {
                            valence *= N_SCALAR;
                        }
                    }
                    1 => {
                        if lw(i - 2) == "never" && matches!(lw(i - 1), "so" | "this") {
                            valence *= 1.25;
                        } else if lw(i - 2) == "without" && lw(i - 1) == "doubt" {
                        } else if negated(lw(i - 2)) {
                            valence *= N_SCALAR;
                        }
                    }
                    _ => {
                        if (lw(i - 3) == "never" && matches!(lw(i - 2), "so" | "this"))
                            || matches!(lw(i - 1), "so" | "this")
                        {
                            valence *= 1.25;
                        } else if lw(i - 3) == "without"
                            && (lw(i - 2) == "doubt" || lw(i - 1) == "doubt")
                        {
                        } else if negated(lw(i - 3)) {
                            valence *= N_SCALAR;
                        }
                        // VADER's _special_idioms_check (i ≥ 3 here).
                        let before: [(usize, usize); 5] =
                            [(i - 1, 2), (i - 2, 3), (i - 2, 2), (i - 3, 3), (i - 3, 2)];
                        for (start, len) in before {
                            if let Some(&(_, v)) = SPECIAL_CASES
                                .iter()
                                .find(|(p, _)| p.len() == len && seq_is(start, p))
                            {
                                valence = v;
                                break;
                            }
                        }
                        for len in [2usize, 3] {
                            if n > i + len - 1
                                && let Some(&(_, v)) = SPECIAL_CASES
                                    .iter()
                                    .find(|(p, _)| p.len() == len && seq_is(i, p))
                            {
                                valence = v;
                            }
                        }
                        for (start, len) in [(i - 3, 3usize), (i - 3, 2), (i - 2, 2)] {
                            if let Some(&(_, b)) = BOOSTER_PHRASES
                                .iter()
                                .find(|(p, _)| p.len() == len && seq_is(start, p))
                            {
                                valence += b;
                            }
                        }
                    }
                }
            }
        }
        // VADER's _least_check.
        if i > 1 && toks[i - 1].valence.is_none() && lw(i - 1) == "least" {
            if lw(i - 2) != "at" && lw(i - 2) != "very" {
                valence *= N_SCALAR;
            }
        } else if i > 0 && toks[i - 1].valence.is_none() && lw(i - 1) == "least" {
            valence *= N_SCALAR;
        }
        sentiments[i] = valence;
    }
    // Customer-service phrases.
    for start in 0..n {
        for &(p, v) in CS_PHRASES {
            if seq_is(start, p) {
                sentiments[start + p.len() - 1] += v;
                any_valence = true;
            }
        }
    }
    // "but": the clause after it dominates.
    if let Some(bi) = toks.iter().position(|t| t.lower == "but") {
        for (si, s) in sentiments.iter_mut().enumerate() {
            if si < bi {
                *s *= 0.5;
            } else if si > bi {
                *s *= 1.5;
            }
        }
    }
    let mut sum: f64 = sentiments.iter().sum();
    let ep = text.matches('!').count().min(4) as f64 * 0.292;
    let qm = match text.matches('?').count() {
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

/// The valence of one lower-cased word or emoticon in the lexicon (VADER's
/// plus the customer-service words).
pub fn lexicon_valence(word: &str) -> Option<f64> {
    tables().lexicon.get(word).copied()
}

/// Inverse of [`normalize`] (for adding emoji valence to a compound).
fn denormalize(c: f64) -> f64 {
    let c = c.clamp(-0.9999, 0.9999);
    c * 15f64.sqrt() / (1.0 - c * c).sqrt()
}

/// The dense features of a cleaned English message (`emoji`: mood emoji
/// valence taken out by [`signal::clean`]).
pub fn dense(text: &str, emoji: f64) -> Dense {
    let (c, _) = compound(text);
    let lower = text.to_ascii_lowercase();
    let ws = crate::rules::words(&lower);
    let howto = crate::rules::en_howto_words(&lower, &ws);
    let sarcasm = crate::rules::en_sarcasm_words(&lower, &ws);
    let mut x = denormalize(c) + emoji;
    if howto && x < 0.0 {
        x *= crate::rules::HOWTO_DAMP;
    }
    if sarcasm {
        x = -x.abs() - 1.0;
    }
    if crate::rules::en_complaint_question_words(&lower, &ws) {
        x += crate::rules::COMPLAINT_QUESTION;
    }
    let (request, declined) = crate::intent::dense_flags_words(text, &ws);
    Dense {
        lexicon: normalize(x),
        howto: f64::from(u8::from(howto)),
        sarcasm: f64::from(u8::from(sarcasm)),
        question: f64::from(u8::from(crate::rules::is_question(text))),
        request: f64::from(u8::from(request)),
        declined: f64::from(u8::from(declined)),
        short: f64::from(u8::from(text.split_whitespace().count() <= 3)),
    }
}

const MODEL: &[u8] = include_bytes!("../data/en_model.bin");

fn model() -> &'static Model {
    static M: OnceLock<Model> = OnceLock::new();
    M.get_or_init(|| {
        crate::model::decode(MODEL).map_or_else(|_| Model::empty(), |t| Model::new(&t))
    })
}

/// The built-in English scorer (VADER over its own lexicon and a logistic
/// model over words, see [`crate::model`]); name `"en"`.
#[derive(Debug, Clone)]
pub struct EnglishScorer {
    name: Arc<str>,
}

impl Default for EnglishScorer {
    fn default() -> Self {
        EnglishScorer {
            name: Arc::from("en"),
        }
    }
}

impl EnglishScorer {
    /// P(negative) and P(positive) of a cleaned message.
    pub fn probs(&self, cleaned: &str, emoji: f64) -> crate::model::Probs {
        let mut keys = Vec::with_capacity(32);
        crate::model::en_keys(cleaned, &mut keys);
        model().probs(&keys, dense(cleaned, emoji))
    }

    /// Scores `text`; never fails. A message with nothing judgeable
    /// ([`signal::clean`]) is no signal.
    pub fn score_text(&self, text: &str) -> Score {
        self.score_cleaned(&signal::clean(crate::capped(text)))
    }

    /// Scores a message already cleaned by [`signal::clean`].
    pub fn score_cleaned(&self, c: &signal::Cleaned<'_>) -> Score {
        if !c.judgeable {
            return Score::no_signal(self.name.clone());
        }
        let s = signal::emoji_only_score(c).unwrap_or_else(|| self.probs(&c.text, c.emoji).score());
        Score::scored(self.name.clone(), s, crate::model::label(s))
    }
}

impl SentimentScorer for EnglishScorer {
    fn name(&self) -> &str {
        &self.name
    }
    fn score(&self, text: &str) -> Result<Score, ScorerFailure> {
        Ok(self.score_text(text))
    }
}
