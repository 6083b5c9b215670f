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
use std::sync::{Arc, OnceLock};

const VADER_LEXICON: &str = include_str!("../data/vader/vader_lexicon.txt");
const EMOJI_LEXICON: &str = include_str!("../data/vader/emoji_utf8_lexicon.txt");

pub(crate) const B_INCR: f64 = 0.293;
pub(crate) const B_DECR: f64 = -0.293;
pub(crate) const C_INCR: f64 = 0.733;
pub(crate) const N_SCALAR: f64 = -0.74;

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
pub(crate) const BOOSTER_PHRASES: &[(&[&str], f64)] = &[
    (&["just", "enough"], B_DECR),
    (&["kind", "of"], B_DECR),
    (&["sort", "of"], B_DECR),
];

pub(crate) const SPECIAL_CASES: &[(&[&str], f64)] = &[
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

/// Words of VADER's lexicon that carry no mood in customer-service chat:
/// the name of a procedure the customer took ("I disputed a transaction on
/// Nov 3" states a step, like "I booked"; tenth round of #15, an inspected
/// early escalation). The noun "dispute" keeps its valence.
const CS_NO_MOOD: &[&str] = &["disputed"];

/// Customer-service phrases (lower-case tokens): their valence is added to
/// the phrase's last word, before the "but" rule.
pub(crate) const CS_PHRASES: &[(&[&str], f64)] = &[
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

/// What the English tables know about one lower-cased token: its VADER
/// valence, booster value and negation, and for the words the rules name an
/// id and flags ([`crate::entok`]). One look-up per token gives all of it.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Entry {
    /// Lexicon valence (VADER's lexicon plus [`CS_WORDS`]): an index into
    /// [`Tables::values`]; 0: none.
    val: u16,
    /// Booster (+1, value [`B_INCR`]) or dampener (−1, [`B_DECR`]); 0: none.
    boost: i8,
    /// One of VADER's negation words.
    pub negate: bool,
    /// Id of a word that a phrase of the rules names (0: none).
    pub id: u16,
    /// `entok::F_*` bits.
    pub flags: u16,
}

impl Entry {
    /// The lexicon valence, if the word has one (`values`: the table's
    /// distinct valences, [`Tables::values`]).
    #[inline]
    pub(crate) fn valence(&self, values: &[f64]) -> Option<f64> {
        if self.val == 0 {
            return None;
        }
        values.get(usize::from(self.val)).copied()
    }

    /// The booster or dampener value, if the word is one.
    pub(crate) fn booster(&self) -> Option<f64> {
        match self.boost {
            0 => None,
            b if b > 0 => Some(B_INCR),
            _ => Some(B_DECR),
        }
    }
}

pub(crate) struct Tables {
    pub(crate) words: crate::wordtab::WordTable<Entry>,
    /// The distinct lexicon valences (index 0 unused), so that an entry
    /// stays 8 bytes.
    pub(crate) values: Vec<f64>,
    emoji: FxHashMap<char, &'static str>,
    pub(crate) phrases: crate::entok::Phrases,
}

pub(crate) fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| {
        let mut words: FxHashMap<&'static str, Entry> = FxHashMap::default();
        let mut values: Vec<f64> = vec![0.0];
        let mut index: FxHashMap<u64, u16> = FxHashMap::default();
        let mut code = |v: f64| -> u16 {
            *index.entry(v.to_bits()).or_insert_with(|| {
                values.push(v);
                // The lexicon has well under 65 535 distinct valences.
                u16::try_from(values.len() - 1).unwrap_or(u16::MAX)
            })
        };
        for line in VADER_LEXICON.lines() {
            let mut parts = line.split('\t');
            if let (Some(w), Some(v)) = (parts.next(), parts.next())
                && let Ok(v) = v.trim().parse::<f64>()
                && !v.is_nan()
            {
                words.entry(w.trim()).or_default().val = code(v);
            }
        }
        for &w in CS_NO_MOOD {
            if let Some(e) = words.get_mut(w) {
                e.val = 0;
            }
        }
        for &(w, v) in CS_WORDS {
            let c = code(v);
            let e = words.entry(w).or_default();
            if e.val == 0 {
                e.val = c;
            }
        }
        for &w in BOOSTERS_UP {
            words.entry(w).or_default().boost = 1;
        }
        for &w in BOOSTERS_DOWN {
            words.entry(w).or_default().boost = -1;
        }
        for &w in NEGATE {
            words.entry(w).or_default().negate = true;
        }
        let phrases = crate::entok::Phrases::build(&mut words);
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
            words: crate::wordtab::WordTable::new(&words),
            values,
            emoji,
            phrases,
        }
    })
}

/// The emoji lexicon's description of `c` (VADER replaces the emoji by it).
pub(crate) fn emoji_description(c: char) -> Option<&'static str> {
    tables().emoji.get(&c).copied()
}

/// The booster (or dampener) value of a lower-cased word.
#[cfg(test)]
pub(crate) fn booster(w: &str) -> Option<f64> {
    tables().words.get(w).and_then(|e| e.booster())
}

/// Whether `w` is one of VADER's negation words (the "n't" test aside).
#[cfg(test)]
pub(crate) fn is_negate_word(w: &str) -> bool {
    tables().words.get(w).is_some_and(|e| e.negate)
}

/// Python's `str.isupper()`: some cased character, none lower-case.
#[inline]
pub(crate) fn is_upper(w: &str) -> bool {
    if w.is_ascii() {
        let b = w.as_bytes();
        return b.iter().any(u8::is_ascii_uppercase) && !b.iter().any(u8::is_ascii_lowercase);
    }
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
#[inline]
pub(crate) fn strip_punc(token: &str) -> &str {
    let b = token.as_bytes();
    let (mut lo, mut hi) = (0, b.len());
    while lo < hi && b[lo].is_ascii_punctuation() {
        lo += 1;
    }
    while hi > lo && b[hi - 1].is_ascii_punctuation() {
        hi -= 1;
    }
    // ASCII punctuation bytes never sit inside a multi-byte character.
    let s = &token[lo..hi];
    let short = if s.is_ascii() {
        s.len() <= 2
    } else {
        s.chars().count() <= 2
    };
    if short { token } else { s }
}

/// VADER's compound normalisation x/√(x²+α), α = 15, clamped to [-1, 1].
pub fn normalize(score: f64) -> f64 {
    (score / (score * score + 15.0).sqrt()).clamp(-1.0, 1.0)
}

/// The VADER compound score of `text` and whether any word or emoticon
/// carried valence (one tokenisation pass, the private `entok` module).
pub fn compound(text: &str) -> (f64, bool) {
    crate::entok::with_scratch(|s| {
        s.tokenize(text);
        s.compound()
    })
}

/// The valence of one lower-cased word or emoticon in the lexicon (VADER's
/// plus the customer-service words).
pub fn lexicon_valence(word: &str) -> Option<f64> {
    {
        let t = tables();
        t.words.get(word).and_then(|e| e.valence(&t.values))
    }
}

/// Inverse of [`normalize`] (for adding emoji valence to a compound).
pub(crate) fn denormalize(c: f64) -> f64 {
    let c = c.clamp(-0.9999, 0.9999);
    c * 15f64.sqrt() / (1.0 - c * c).sqrt()
}

/// The dense features of a cleaned English message (`emoji`: mood emoji
/// valence taken out by [`signal::clean`]).
pub fn dense(text: &str, emoji: f64) -> Dense {
    crate::entok::with_scratch(|s| {
        s.tokenize(text);
        s.dense(text, emoji)
    })
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
        crate::entok::with_scratch(|s| {
            s.tokenize(cleaned);
            let d = s.dense(cleaned, emoji);
            let keys = s.keys();
            model().probs(keys, d)
        })
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
