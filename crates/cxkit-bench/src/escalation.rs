//! Bench area `escalation` (RB1): the English scorer against the
//! `vader_sentiment` crate (speed, and 3-class accuracy on the held-out
//! English chat set), the Chinese scorer on 25-character messages against
//! the scorer before #15 (snownlp naive Bayes + cues, `escalation_legacy`),
//! and the policy (`Tracker::observe` on pre-scored messages) against a
//! reference policy that recomputes every rule from the full history of the
//! conversation.

use crate::report::{line, side_by_side};
use chrono::{Duration as Dur, TimeZone, Utc};
use cxkit_core::{Channel, ConversationId};
use cxkit_escalation::{
    ChineseScorer, CustomerMessage, EnglishScorer, EscalationConfig, Label, Score, Tracker,
};
use serde_json::json;
use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

const EN_SET: &str = include_str!("../../../tests/escalation/en_heldout.tsv");
const ZH_SET: &str = include_str!("../../../tests/escalation/zh_heldout.tsv");

/// `(label, text)` of a held-out set (4 columns: label, industry, kind, text).
fn labelled(set: &str) -> Vec<(Label, &str)> {
    set.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let mut c = l.split('\t');
            let label = match c.next()? {
                "negative" => Label::Negative,
                "positive" => Label::Positive,
                "no_signal" => Label::NoSignal,
                _ => Label::Neutral,
            };
            Some((label, c.nth(2)?))
        })
        .collect()
}

fn english() {
    let set = labelled(EN_SET);
    let ours = EnglishScorer::default();
    let theirs = vader_sentiment::SentimentIntensityAnalyzer::new();
    let their_label = |t: &str| {
        let c = theirs
            .polarity_scores(t)
            .get("compound")
            .copied()
            .unwrap_or(0.0);
        Label::from_value(c)
    };
    // 3-class accuracy on the messages whose gold label is one of the three.
    let three: Vec<&(Label, &str)> = set.iter().filter(|(l, _)| *l != Label::NoSignal).collect();
    let n = three.len() as f64;
    let acc_ours = three
        .iter()
        .filter(|(l, t)| ours.score_text(t).label == *l)
        .count() as f64
        / n;
    let acc_theirs = three.iter().filter(|(l, t)| their_label(t) == *l).count() as f64 / n;
    let texts: Vec<&str> = set.iter().map(|(_, t)| *t).collect();
    let (o, b) = side_by_side(
        texts.len() as u64,
        texts.len() as u64,
        Duration::from_secs(4),
        || {
            texts
                .iter()
                .map(|t| ours.score_text(t).score.unwrap_or(0.0))
                .sum::<f64>()
        },
        || {
            texts
                .iter()
                .map(|t| {
                    theirs
                        .polarity_scores(t)
                        .get("compound")
                        .copied()
                        .unwrap_or(0.0)
                })
                .sum::<f64>()
        },
    );
    line(
        "escalation_score_en",
        None,
        1.0 / o,
        "messages/s",
        "vader_sentiment 0.1.1 crate, same messages",
        Some(b / o),
        json!({"accuracy": acc_ours, "baseline_accuracy": acc_theirs, "messages": texts.len()}),
    );
}

fn chinese_bench() {
    // 25-character messages cut from the held-out Chinese set.
    let all: Vec<char> = labelled(ZH_SET)
        .iter()
        .flat_map(|(_, t)| t.chars())
        .collect();
    let msgs: Vec<String> = all.chunks_exact(25).map(|c| c.iter().collect()).collect();
    let ours = ChineseScorer::default();
    let (o, b) = side_by_side(
        msgs.len() as u64,
        msgs.len() as u64,
        Duration::from_secs(4),
        || {
            msgs.iter()
                .map(|t| ours.score_text(t).score.unwrap_or(0.0))
                .sum::<f64>()
        },
        || {
            msgs.iter()
                .map(|t| crate::escalation_legacy::zh_score(t).unwrap_or(0.0))
                .sum::<f64>()
        },
    );
    line(
        "escalation_score_zh_25_chars",
        None,
        1.0 / o,
        "messages/s",
        "Chinese scorer before #15 (snownlp naive Bayes + cues), same messages",
        Some(b / o),
        json!({"messages": msgs.len(), "chars_per_message": 25}),
    );
}

/// Reference policy: keeps every score and recomputes each rule from the
/// whole history at every message.
fn reference_policy(
    cfg: &EscalationConfig,
    history: &mut Vec<(i64, f64)>,
    at: i64,
    v: f64,
) -> bool {
    history.push((at, v));
    let neg = |x: f64| Label::from_value(x) == Label::Negative;
    let run: Vec<&(i64, f64)> = history.iter().rev().take_while(|(_, x)| neg(*x)).collect();
    let n_hit = cfg
        .consecutive_negative
        .is_some_and(|n| run.len() >= n as usize);
    let k = cfg.window_size as usize;
    let w_hit = cfg.window_mean_below.is_some_and(|th| {
        history.len() >= k
            && history[history.len() - k..]
                .iter()
                .map(|x| x.1)
                .sum::<f64>()
                / (k as f64)
                < th
    });
    let t_hit = cfg
        .negative_seconds
        .is_some_and(|t| run.last().is_some_and(|first| (at - first.0) as u64 >= t));
    n_hit || w_hit || t_hit
}

fn policy() {
    let cfg = EscalationConfig::default();
    let Ok(policy) = cfg.validate() else {
        return;
    };
    const CONVS: usize = 1000;
    const PER: usize = 40;
    let ids: Vec<ConversationId> = (0..CONVS)
        .map(|i| ConversationId::new(format!("conv-{i}")))
        .collect();
    let t0 = Utc
        .with_ymd_and_hms(2026, 3, 28, 9, 0, 0)
        .single()
        .unwrap_or_default();
    // Mostly calm customers: a negative now and then, never three in a row.
    let pattern = [0.3, -0.2, 0.1, 0.0, -0.4, 0.5, 0.2, -0.1];
    let name: Arc<str> = Arc::from("bench");
    let scores: Vec<Score> = pattern
        .iter()
        .map(|&v| Score::scored(name.clone(), v, Label::from_value(v)))
        .collect();
    let mut msgs = Vec::with_capacity(CONVS * PER);
    for m in 0..PER {
        for (c, id) in ids.iter().enumerate() {
            msgs.push((
                CustomerMessage {
                    conversation: id.clone(),
                    channel: Channel::App,
                    text: String::new(),
                    at: t0 + Dur::seconds((m * 20) as i64),
                },
                (m + c) % pattern.len(),
            ));
        }
    }
    let total = msgs.len() as u64;
    let (o, b) = side_by_side(
        total,
        total,
        Duration::from_secs(4),
        || {
            let mut t = Tracker::new(policy.clone());
            let mut esc = 0u32;
            for (m, s) in &msgs {
                if let Ok(d) = t.observe(m, scores[*s].clone(), true) {
                    esc += u32::from(d.is_escalate());
                }
            }
            black_box(esc)
        },
        || {
            let mut hist: std::collections::HashMap<ConversationId, Vec<(i64, f64)>> =
                Default::default();
            let mut esc = 0u32;
            for (m, s) in &msgs {
                let h = hist.entry(m.conversation.clone()).or_default();
                esc += u32::from(reference_policy(&cfg, h, m.at.timestamp(), pattern[*s]));
            }
            black_box(esc)
        },
    );
    line(
        "escalation_policy_observe_score",
        None,
        1.0 / o,
        "messages/s",
        "reference policy recomputing every rule from the full history",
        Some(b / o),
        json!({"conversations": CONVS, "messages": total}),
    );
}

/// Runs the escalation benches.
pub fn run() {
    english();
    chinese_bench();
    policy();
}
