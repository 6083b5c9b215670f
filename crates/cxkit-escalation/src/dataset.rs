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

/// Label order of a [`Confusion`] table.
pub const LABELS: [Label; 4] = [
    Label::Negative,
    Label::Neutral,
    Label::Positive,
    Label::NoSignal,
];

fn label_index(l: Label) -> usize {
    match l {
        Label::Negative => 0,
        Label::Neutral => 1,
        Label::Positive => 2,
        Label::NoSignal => 3,
    }
}

/// A confusion table: `m[gold][predicted]` in [`LABELS`] order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Confusion {
    /// Counts.
    pub m: [[u32; 4]; 4],
}

impl Confusion {
    /// Scores every item with `label_of` and counts.
    pub fn of(items: &[Item], mut label_of: impl FnMut(&str) -> Label) -> Confusion {
        let mut c = Confusion::default();
        for i in items {
            c.m[label_index(i.label)][label_index(label_of(&i.text))] += 1;
        }
        c
    }

    /// 3-class accuracy: over items whose gold label is negative, neutral or
    /// positive; a no-signal prediction counts as wrong.
    pub fn accuracy3(&self) -> f64 {
        let n: u32 = self.m[..3].iter().flat_map(|r| r.iter()).sum();
        let ok: u32 = (0..3).map(|i| self.m[i][i]).sum();
        f64::from(ok) / f64::from(n.max(1))
    }

    /// Binary accuracy over every item: negative vs not negative (what
    /// escalation acts on).
    pub fn binary(&self) -> f64 {
        let n: u32 = self.m.iter().flat_map(|r| r.iter()).sum();
        let ok: u32 = (0..4)
            .flat_map(|g| (0..4).map(move |p| (g, p)))
            .filter(|&(g, p)| (g == 0) == (p == 0))
            .map(|(g, p)| self.m[g][p])
            .sum();
        f64::from(ok) / f64::from(n.max(1))
    }

    /// No-signal accuracy: of the gold no-signal items, the share predicted
    /// no signal; and of the others, the share *not* predicted no signal.
    pub fn no_signal(&self) -> (f64, f64) {
        let ns: u32 = self.m[3].iter().sum();
        let others: u32 = self.m[..3].iter().map(|r| r[0] + r[1] + r[2]).sum();
        let all_others: u32 = self.m[..3].iter().flat_map(|r| r.iter()).sum();
        (
            f64::from(self.m[3][3]) / f64::from(ns.max(1)),
            f64::from(others) / f64::from(all_others.max(1)),
        )
    }
}

/// How a conversation was decided against its expectation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// As expected (escalated at the expected message, or never).
    Right,
    /// Expected to escalate; escalated later or never.
    Missed,
    /// Escalated where it must not (a continue conversation, or before the
    /// expected message).
    False,
}

/// Compares the first escalating message (if any) with the expectation.
pub fn outcome(expect: Expect, got: Option<usize>) -> Outcome {
    match (expect, got) {
        (Expect::Continue, None) => Outcome::Right,
        (Expect::Continue, Some(_)) => Outcome::False,
        (Expect::EscalateAt(i), Some(j)) if i == j => Outcome::Right,
        (Expect::EscalateAt(i), Some(j)) if j < i => Outcome::False,
        (Expect::EscalateAt(_), _) => Outcome::Missed,
    }
}

/// Replays a conversation through a fresh tracker of `policy` (messages 30 s
/// apart on the app channel, a human online), scoring with `score`;
/// returns the index of the first escalation.
pub fn replay(
    policy: &crate::config::Policy,
    conv: &Conversation,
    mut score: impl FnMut(&str) -> crate::score::Score,
) -> Option<usize> {
    use chrono::{Duration, TimeZone, Utc};
    let mut t = crate::tracker::Tracker::new(policy.clone());
    let t0 = Utc.with_ymd_and_hms(2026, 3, 28, 9, 0, 0).single()?;
    let id = cxkit_core::ConversationId::new(conv.id.clone());
    for (i, text) in conv.messages.iter().enumerate() {
        let msg = crate::tracker::CustomerMessage {
            conversation: id.clone(),
            channel: cxkit_core::Channel::App,
            text: text.clone(),
            at: t0 + Duration::seconds(30 * i as i64),
        };
        let d = t.observe_with(&msg, true, |x| Ok(score(x))).ok()?;
        if d.is_escalate() {
            return Some(i);
        }
    }
    None
}
