//! The labelled customer-service chat sets of `tests/escalation/` (RB1):
//! messages with a mood label and scripted conversations with the expected
//! decision. See `tests/escalation/RUBRIC.md`.
//!
//! The split is enforced by type: training and tuning code takes a
//! [`TrainSet`], which [`TrainSet::load`] builds from the train files only
//! (`*_train.tsv`, the legacy `zh.tsv`/`en.tsv`, `conversations_train.txt`).
//! The held-out files are opened by [`HeldOutSet::load`] alone, which the
//! trainer never calls (a test checks its source).

use crate::score::Label;
use std::path::Path;

/// The language of a labelled set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    /// Chinese.
    Zh,
    /// English.
    En,
}

impl Lang {
    /// `"zh"` / `"en"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
}

/// One labelled message.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Mood label (no_signal included).
    pub label: Label,
    /// `ecom`, `delivery`, `telecom`, `bank`, `travel`, `software`.
    pub industry: String,
    /// Failure kind the message represents (`plain`, `factual`, `howto`, …).
    pub kind: String,
    /// The message.
    pub text: String,
}

impl Item {
    /// Whether the message asks for a human (kind `request`).
    pub fn is_request(&self) -> bool {
        self.kind == "request"
    }
}

/// The expected outcome of a scripted conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// Escalates at this (0-based) message.
    EscalateAt(usize),
    /// Never escalates.
    Continue,
}

/// A scripted bot conversation.
#[derive(Debug, Clone, PartialEq)]
pub struct Conversation {
    /// Its id (`h-zh-ecom-1`).
    pub id: String,
    /// What the policy must decide.
    pub expect: Expect,
    /// The customer's messages, 30 s apart.
    pub messages: Vec<String>,
}

/// A problem in a data file: which file, which line, what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError(pub String);

impl std::fmt::Display for DataError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DataError {}

fn parse_label(s: &str) -> Option<Label> {
    Some(match s {
        "negative" => Label::Negative,
        "neutral" => Label::Neutral,
        "positive" => Label::Positive,
        "no_signal" => Label::NoSignal,
        _ => return None,
    })
}

/// Parses a labelled file: `label<TAB>industry<TAB>kind<TAB>text`, or the
/// legacy `label<TAB>text`. `name` is used in errors.
pub fn parse_items(name: &str, text: &str) -> Result<Vec<Item>, DataError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let err = |m: &str| DataError(format!("{name}:{}: {m}", i + 1));
        let cols: Vec<&str> = line.split('\t').collect();
        let (label, industry, kind, msg) = match cols.as_slice() {
            [l, t] => (*l, "ecom", "plain", *t),
            [l, ind, k, t] => (*l, *ind, *k, *t),
            _ => return Err(err("expected 2 or 4 tab-separated columns")),
        };
        let label = parse_label(label).ok_or_else(|| err("unknown label"))?;
        out.push(Item {
            label,
            industry: industry.to_owned(),
            kind: kind.to_owned(),
            text: msg.to_owned(),
        });
    }
    Ok(out)
}

/// Parses a conversations file (format in `conversations_heldout.txt`).
pub fn parse_conversations(name: &str, text: &str) -> Result<Vec<Conversation>, DataError> {
    let mut out: Vec<Conversation> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let err = |m: &str| DataError(format!("{name}:{}: {m}", i + 1));
        if let Some(head) = line.strip_prefix("== ") {
            let (id, expect) = head
                .split_once('\t')
                .ok_or_else(|| err("expected `== id<TAB>expect`"))?;
            let expect = if expect == "continue" {
                Expect::Continue
            } else if let Some(n) = expect.strip_prefix("escalate@") {
                Expect::EscalateAt(n.parse().map_err(|_| err("bad index"))?)
            } else {
                return Err(err("expect is `continue` or `escalate@<i>`"));
            };
            out.push(Conversation {
                id: id.to_owned(),
                expect,
                messages: Vec::new(),
            });
        } else {
            out.last_mut()
                .ok_or_else(|| err("message before the first `==` line"))?
                .messages
                .push(line.to_owned());
        }
    }
    for c in &out {
        if let Expect::EscalateAt(i) = c.expect
            && i >= c.messages.len()
        {
            return Err(DataError(format!(
                "{name}: conversation {} escalates at {i} but has {} messages",
                c.id,
                c.messages.len()
            )));
        }
    }
    Ok(out)
}

fn read(dir: &Path, file: &str) -> Result<String, DataError> {
    std::fs::read_to_string(dir.join(file))
        .map_err(|e| DataError(format!("{}: {e}", dir.join(file).display())))
}

/// Messages of one language and the conversations of a split.
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    /// Chinese messages.
    pub zh: Vec<Item>,
    /// English messages.
    pub en: Vec<Item>,
    /// Scripted conversations (both languages).
    pub conversations: Vec<Conversation>,
}

impl Split {
    /// The messages of `lang`.
    pub fn items(&self, lang: Lang) -> &[Item] {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// The training split: the only data training, calibration and tuning see.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainSet(pub Split);

/// Files of the training split (relative to `tests/escalation/`).
pub const TRAIN_FILES: [&str; 5] = [
    "zh_train.tsv",
    "zh.tsv",
    "en_train.tsv",
    "en.tsv",
    "conversations_train.txt",
];

impl TrainSet {
    /// Loads the train files from `dir` (`tests/escalation/`).
    pub fn load(dir: &Path) -> Result<TrainSet, DataError> {
        let [zt, zl, et, el, conv] = TRAIN_FILES;
        let mut zh = parse_items(zt, &read(dir, zt)?)?;
        zh.extend(parse_items(zl, &read(dir, zl)?)?);
        let mut en = parse_items(et, &read(dir, et)?)?;
        en.extend(parse_items(el, &read(dir, el)?)?);
        let conversations = parse_conversations(conv, &read(dir, conv)?)?;
        Ok(TrainSet(Split {
            zh,
            en,
            conversations,
        }))
    }
}

/// The held-out split: measured, never fitted or tuned on.
#[derive(Debug, Clone, PartialEq)]
pub struct HeldOutSet(pub Split);

impl HeldOutSet {
    /// Loads the held-out files from `dir` (`tests/escalation/`).
    pub fn load(dir: &Path) -> Result<HeldOutSet, DataError> {
        Self::from_texts(
            &read(dir, "zh_heldout.tsv")?,
            &read(dir, "en_heldout.tsv")?,
            &read(dir, "conversations_heldout.txt")?,
        )
    }

    /// From the three files' contents (the bench embeds them).
    pub fn from_texts(zh: &str, en: &str, conversations: &str) -> Result<HeldOutSet, DataError> {
        Ok(HeldOutSet(Split {
            zh: parse_items("zh_heldout.tsv", zh)?,
            en: parse_items("en_heldout.tsv", en)?,
            conversations: parse_conversations("conversations_heldout.txt", conversations)?,
        }))
    }
}
