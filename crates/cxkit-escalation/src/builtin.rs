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

/// The built-in scorer for Chinese and English; name `"builtin"`, each score
/// names the language scorer that produced it.
#[derive(Debug, Clone)]
pub struct BuiltinScorer {
    zh: ChineseScorer,
    en: EnglishScorer,
    min_han_ratio: f64,
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
        }
    }

    /// Scores `text` with the scorer its script calls for; never fails.
    pub fn score_text(&self, text: &str) -> Score {
        let r = han_ratio(text);
        if r > 0.0 && r >= self.min_han_ratio {
            self.zh.score_text(text)
        } else {
            self.en.score_text(text)
        }
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
