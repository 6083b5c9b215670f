//! The scorers and the human-request matcher of cxkit before issue #15,
//! kept verbatim for the side-by-side figures of `escalation-quality`:
//! the snownlp naive-Bayes table (`data/legacy_zh_nb.bin`, the embedded
//! model of that version) + the old cue list for Chinese, VADER + cues with
//! the ±0.05 band for English (`english::compound` is unchanged), the Han
//! ratio choice, and the old phrase list with its negation check.
//! Bench-only: nothing in the product calls this.

use cxkit_core::hash::FxHashMap;
use cxkit_escalation::{Label, builtin, english, zh_features};
use std::sync::OnceLock;

const MODEL: &[u8] = include_bytes!("../data/legacy_zh_nb.bin");

/// The old customer-service cue list.
const CUES: &[(&str, f64)] = &[
    // complaints, chasing, slowness
    ("退款", -1.5),
    ("退钱", -1.5),
    ("投诉", -2.5),
    ("举报", -2.5),
    ("催单", -1.5),
    ("催了", -1.5),
    ("怎么还没", -2.0),
    ("还没到", -1.8),
    ("还没收到", -1.8),
    ("没收到", -1.5),
    ("还没有人", -1.8),
    ("没人回复", -2.0),
    ("没人处理", -2.0),
    ("没人管", -2.0),
    ("没解决", -2.0),
    ("太慢", -2.0),
    ("慢死", -2.5),
    ("等了", -1.0),
    ("到底", -1.0),
    ("赶紧", -1.0),
    ("差评", -2.5),
    ("太差", -2.5),
    ("很差", -2.5),
    ("垃圾", -3.0),
    ("骗", -2.5),
    ("坑", -1.5),
    ("生气", -2.5),
    ("气死", -3.0),
    ("烦死", -2.5),
    ("急死", -2.5),
    ("无语", -2.0),
    ("失望", -2.5),
    ("恶劣", -3.0),
    ("坏了", -1.8),
    ("破损", -2.0),
    ("破洞", -1.5),
    ("碎了", -1.8),
    ("发错", -2.0),
    ("闪退", -1.8),
    ("浪费时间", -2.5),
    ("不值", -2.0),
    ("再也不", -2.5),
    ("听不懂", -1.5),
    ("不更新", -1.2),
    ("扣了", -1.0),
    ("难用", -2.0),
    ("问题", -0.5),
    // thanks, praise, resolution
    ("谢谢", 1.8),
    ("感谢", 2.0),
    ("多谢", 1.8),
    ("辛苦", 1.2),
    ("满意", 2.0),
    ("好评", 2.5),
    ("点赞", 2.0),
    ("点个赞", 2.0),
    ("太好了", 2.5),
    ("太棒", 2.8),
    ("很好", 2.0),
    ("不错", 1.8),
    ("喜欢", 1.8),
    ("开心", 2.0),
    ("解决了", 2.2),
    ("耐心", 1.5),
    ("及时", 1.2),
    ("推荐", 1.5),
    ("给力", 2.0),
    ("好用", 1.5),
    ("很快", 1.5),
    ("真快", 1.5),
    ("值得", 1.5),
    ("没问题", 1.0),
    ("没什么问题", 1.0),
];

const NEGATORS: &[char] = &['不', '没', '别', '未', '无'];

struct Old {
    prior: f64,
    step: f64,
    weights: FxHashMap<u64, i8>,
    cues: FxHashMap<char, Vec<(&'static str, f64)>>,
}

fn old() -> &'static Old {
    static M: OnceLock<Old> = OnceLock::new();
    M.get_or_init(|| {
        let table = zh_features::decode(MODEL).unwrap_or(zh_features::ModelTable {
            prior: 0.0,
            step: 0.0,
            entries: Vec::new(),
        });
        let mut cues: FxHashMap<char, Vec<(&'static str, f64)>> = FxHashMap::default();
        for &(c, v) in CUES {
            if let Some(first) = c.chars().next() {
                cues.entry(first).or_default().push((c, v));
            }
        }
        for list in cues.values_mut() {
            list.sort_by_key(|(c, _)| std::cmp::Reverse(c.len()));
        }
        Old {
            prior: f64::from(table.prior),
            step: f64::from(table.step),
            weights: table.entries.iter().copied().collect(),
            cues,
        }
    })
}

fn cue_sum(text: &str) -> f64 {
    let m = old();
    let mut sum = 0.0;
    let mut prev: Option<char> = None;
    let mut skip_until = 0usize;
    for (pos, c) in text.char_indices() {
        if pos < skip_until {
            prev = Some(c);
            continue;
        }
        if let Some(list) = m.cues.get(&c)
            && let Some(rest) = text.get(pos..)
            && let Some(&(cue, v)) = list.iter().find(|(cue, _)| rest.starts_with(cue))
        {
            let negated = prev.is_some_and(|p| NEGATORS.contains(&p))
                && !cue.starts_with(|ch: char| NEGATORS.contains(&ch));
            sum += if negated { v * -0.74 } else { v };
            skip_until = pos + cue.len();
        }
        prev = Some(c);
    }
    sum
}

/// The old Chinese score, or `None` for no signal.
pub fn zh_score(text: &str) -> Option<f64> {
    if !text.chars().any(char::is_alphabetic) {
        return None;
    }
    let m = old();
    let mut feats: Vec<u64> = Vec::new();
    zh_features::for_each_feature(text, |k| feats.push(k));
    feats.sort_unstable();
    feats.dedup();
    let sum: i64 = feats
        .iter()
        .filter_map(|k| m.weights.get(k))
        .map(|&w| i64::from(w))
        .sum();
    let lo = m.prior + sum as f64 * m.step;
    let evidence = (lo / (feats.len().max(1) as f64).sqrt()).tanh();
    Some(english::normalize(cue_sum(text) + 0.6 * evidence))
}

/// The old English score, or `None` for no signal.
pub fn en_score(text: &str) -> Option<f64> {
    let (c, any) = english::compound(text);
    (any || text.chars().any(char::is_alphabetic)).then_some(c)
}

/// The old built-in scorer: (score or no signal, label).
pub fn builtin(text: &str) -> (Option<f64>, Label) {
    let r = builtin::han_ratio(text);
    if r >= 0.25 {
        let s = zh_score(text);
        (
            s,
            s.map_or(Label::NoSignal, |v| Label::from_value_with_band(v, 0.15)),
        )
    } else {
        let s = en_score(text);
        (s, s.map_or(Label::NoSignal, Label::from_value))
    }
}

/// The old label of a text.
pub fn label(text: &str) -> Label {
    builtin(text).1
}

const PHRASES: &[&str] = &[
    "转人工",
    "人工客服",
    "人工服务",
    "找人工",
    "要人工",
    "接人工",
    "真人客服",
    "talk to a person",
    "talk to a human",
    "speak to a person",
    "speak to a human",
    "speak to someone",
    "human agent",
    "real person",
    "live agent",
    "real agent",
];

/// The old human-request match: a listed phrase not negated right before.
pub fn human_request(text: &str) -> bool {
    const ZH_NEGATIONS: &[&str] = &["不用", "不要", "不需要", "无需", "不想", "别", "不"];
    const EN_NEGATIONS: &[&str] = &["don't", "dont", "not", "no", "never", "without"];
    let lower = text.to_ascii_lowercase();
    for p in PHRASES {
        let mut from = 0;
        while let Some(i) = lower[from..].find(p) {
            let pos = from + i;
            let before = lower[..pos].trim_end();
            let negated = ZH_NEGATIONS.iter().any(|n| before.ends_with(n))
                || before
                    .split(|c: char| !(c.is_ascii_alphanumeric() || c == '\''))
                    .filter(|w| !w.is_empty())
                    .rev()
                    .take(3)
                    .any(|w| EN_NEGATIONS.contains(&w));
            if !negated {
                return true;
            }
            from = pos + p.len();
        }
    }
    false
}
