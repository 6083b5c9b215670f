//! Test-only reference of the English scorer's features: the straightforward
//! implementation of VADER's compound and of the dense features as it was
//! before the shared tokenisation pass (`crate::entok`), kept verbatim (only
//! the table look-ups go through accessors). A property test checks that
//! the fast path gives bit-identical results.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::english::{
    BOOSTER_PHRASES, C_INCR, CS_PHRASES, N_SCALAR, SPECIAL_CASES, booster, denormalize,
    emoji_description, is_negate_word, is_upper, lexicon_valence, normalize, strip_punc,
};
use crate::model::Dense;
use std::borrow::Cow;

struct Token<'a> {
    lower: Cow<'a, str>,
    upper: bool,
    valence: Option<f64>,
}

fn lower(w: &str) -> Cow<'_, str> {
    if w.chars().any(char::is_uppercase) {
        Cow::Owned(w.to_lowercase())
    } else {
        Cow::Borrowed(w)
    }
}

/// The VADER compound score of `text` and whether any word or emoticon
/// carried valence.
pub fn compound(text: &str) -> (f64, bool) {
    // Emoji → " description", as VADER does, only when there can be any.
    let replaced: Cow<'_, str> = if text.is_ascii() {
        Cow::Borrowed(text)
    } else {
        let mut out = String::with_capacity(text.len() + 16);
        let mut prev_space = true;
        for c in text.chars() {
            if let Some(d) = emoji_description(c) {
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
            let valence = lexicon_valence(lower.as_ref());
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
    let negated = |w: &str| is_negate_word(w) || w.as_bytes().windows(3).any(|x| x == b"n't");
    let seq_is = |start: usize, phrase: &[&str]| {
        start + phrase.len() <= n && phrase.iter().enumerate().all(|(k, p)| lw(start + k) == *p)
    };

    let mut sentiments = vec![0.0f64; n];
    let mut any_valence = false;
    for i in 0..n {
        let item = lw(i);
        if booster(item).is_some() {
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
                if let Some(b) = booster(prev.lower.as_ref()) {
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
    if sarcasm || crate::rules::praise_against_mood(c, emoji) {
        x = -x.abs() - 1.0;
    }
    if crate::rules::en_stated_fault(&lower) {
        x = x.min(0.0) + crate::rules::STATED_FAULT;
    }
    if crate::rules::en_complaint_question_words(&lower, &ws) {
        x = x.min(0.0) + crate::rules::COMPLAINT_QUESTION;
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
