//! The default scorer: picks the Chinese or the English scorer per message
//! by script. The choice is visible in [`Score::scorer`] (`"zh"` / `"en"`).
//!
//! Han ratio = Han characters / (Han characters + Latin letters). A Han
//! character carries about a word, a Latin letter a fifth of one, so a
//! ratio of 0.25 already means Chinese dominates the words of the message
//! ("APP一直闪退" is Chinese, "order 123 退款 please" is English).

use crate::chinese::ChineseScorer;
use crate::english::EnglishScorer;
use crate::score::{Score, ScorerFailure, SentimentScorer};
use crate::signal;
use std::sync::Arc;

/// Default minimum Han ratio for the Chinese scorer.
pub const DEFAULT_MIN_HAN_RATIO: f64 = 0.25;

/// Whether `c` is a Han (CJK ideograph) character.
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x4e00..=0x9fff | 0x3400..=0x4dbf | 0xf900..=0xfaff | 0x20000..=0x2ebef | 0x30000..=0x3134f)
}

/// Han characters / (Han characters + Latin letters); 0 when neither.
pub fn han_ratio(text: &str) -> f64 {
    let (mut han, mut latin) = (0u32, 0u32);
    for c in text.chars() {
        if is_han(c) {
            han += 1;
        } else if c.is_alphabetic() && (c.is_ascii() || ('\u{c0}'..='\u{24f}').contains(&c)) {
            latin += 1;
        }
    }
    if han + latin == 0 {
        0.0
    } else {
        f64::from(han) / f64::from(han + latin)
    }
}

/// Han characters and ASCII words of `text` (no allocation).
fn counts(text: &str) -> (usize, usize) {
    let (mut n_han, mut n_words, mut in_word) = (0usize, 0usize, false);
    for c in text.chars() {
        if c.is_ascii_alphabetic() {
            n_words += usize::from(!in_word);
            in_word = true;
        } else {
            n_han += usize::from(is_han(c));
            in_word = in_word && c == '\'';
        }
    }
    (n_han, n_words)
}

/// The Han part and the Latin part of a mixed message: each keeps its own
/// characters (and the punctuation and digits around them); the rest of
/// the other script becomes a space. Returns (han chars, Latin words).
fn parts(text: &str) -> (String, String, usize, usize) {
    let mut han = String::with_capacity(text.len());
    let mut latin = String::with_capacity(text.len());
    let (mut n_han, mut n_words) = (0usize, 0usize);
    let mut in_word = false;
    for c in text.chars() {
        if is_han(c) {
            n_han += 1;
            han.push(c);
            if !latin.ends_with(' ') {
                latin.push(' ');
            }
            in_word = false;
        } else if c.is_ascii_alphabetic() {
            if !in_word {
                n_words += 1;
            }
            in_word = true;
            latin.push(c);
            if !han.ends_with(' ') {
                han.push(' ');
            }
        } else {
            in_word = in_word && c == '\'';
            // CJK punctuation goes with the Han part, ASCII with both.
            if c.is_ascii() {
                latin.push(c);
                han.push(c);
            } else {
                han.push(c);
            }
        }
    }
    (han, latin, n_han, n_words)
}

/// The built-in scorer for Chinese and English; name `"builtin"`, each score
/// names the language scorer that produced it. A message with at least two
/// Han characters *and* two Latin words is scored in both parts (Chinese
/// scorer on the whole text, English scorer on the Latin part, or the other
/// way round when English dominates); the two scores are averaged by the
/// parts' share of words (a Han character counts 2/3 of a word) and the
/// score names both scorers, dominant first (`"zh+en"`, `"en+zh"`).
#[derive(Debug, Clone)]
pub struct BuiltinScorer {
    zh: ChineseScorer,
    en: EnglishScorer,
    min_han_ratio: f64,
    names: [Arc<str>; 2],
}

impl Default for BuiltinScorer {
    fn default() -> Self {
        BuiltinScorer::new(DEFAULT_MIN_HAN_RATIO)
    }
}

impl BuiltinScorer {
    /// A scorer that uses Chinese from `min_han_ratio` on.
    pub fn new(min_han_ratio: f64) -> Self {
        BuiltinScorer {
            zh: ChineseScorer::default(),
            en: EnglishScorer::default(),
            min_han_ratio,
            names: [Arc::from("zh+en"), Arc::from("en+zh")],
        }
    }

    /// Scores `text` with the scorer its script calls for (both for mixed
    /// text); never fails.
    pub fn score_text(&self, text: &str) -> Score {
        let text = crate::capped(text);
        let r = han_ratio(text);
        let zh_first = r > 0.0 && r >= self.min_han_ratio;
        let c = signal::clean(text);
        let single = |c: &signal::Cleaned<'_>| {
            if zh_first {
                self.zh.score_cleaned(c)
            } else {
                self.en.score_cleaned(c)
            }
        };
        if !c.judgeable {
            return single(&c);
        }
        if signal::emoji_only_score(&c).is_some() {
            return single(&c);
        }
        let (n_han, n_words) = counts(&c.text);
        if n_han < 2 || n_words < 2 {
            return single(&c);
        }
        let (han, latin, _, _) = parts(&c.text);
        // Mixed: the dominant scorer reads the whole text, the other its part.
        let w_zh = n_han as f64 * 2.0 / 3.0;
        let w_en = n_words as f64;
        let (s_zh, s_en) = if zh_first {
            (
                self.zh.probs(&c.text, c.emoji).score(),
                self.en.probs(&latin, 0.0).score(),
            )
        } else {
            (
                self.zh.probs(&han, 0.0).score(),
                self.en.probs(&c.text, c.emoji).score(),
            )
        };
        let s = ((w_zh * s_zh + w_en * s_en) / (w_zh + w_en)).clamp(-1.0, 1.0);
        let name = self.names[usize::from(!zh_first)].clone();
        Score::scored(name, s, crate::model::label(s))
    }
}

impl SentimentScorer for BuiltinScorer {
    fn name(&self) -> &str {
        "builtin"
    }
    fn score(&self, text: &str) -> Result<Score, ScorerFailure> {
        Ok(self.score_text(text))
    }
}
