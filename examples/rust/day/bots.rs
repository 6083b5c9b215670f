//! Scripted bot conversations through the RB1 escalation policy
//! (机器人转人工, `cxkit::Escalation` with the embedded `escalation`
//! section and the built-in Chinese/English scorer): one escalates on
//! consecutive negative messages, one on an explicit request for a human
//! (转人工), one stays calm, and one escalates when no human is online, so
//! the customer is invited to leave a message. Each message's score and
//! the decision are printed.

use super::say;
use chrono::{DateTime, Duration, TimeZone, Utc};
use cxkit::Escalation;
use cxkit::core::{Channel, ConversationId, Tz};
use cxkit::escalation_rules::{CustomerMessage, Decision, Reason, Route, Score};

/// One scripted conversation.
struct Script {
    id: &'static str,
    channel: Channel,
    what: &'static str,
    /// Whether a human agent is online to take it.
    human_available: bool,
    /// Local start time (Asia/Shanghai) as (hour, minute).
    starts: (u32, u32),
    /// (seconds after the start, text).
    messages: &'static [(i64, &'static str)],
}

const SCRIPTS: [Script; 4] = [
    Script {
        id: "chat-zh-angry",
        channel: Channel::App,
        what: "Chinese, the mood stays negative",
        human_available: true,
        starts: (10, 12),
        messages: &[
            (0, "你好，我上周买的耳机怎么还没到？"),
            (25, "已经等了八天了，物流一直不更新，太慢了"),
            (50, "你们这服务真是垃圾，气死我了"),
            (70, "到底什么时候能到？"),
        ],
    },
    Script {
        id: "chat-zh-human",
        channel: Channel::MobileWeb,
        what: "Chinese, asks for a human",
        human_available: true,
        starts: (11, 3),
        messages: &[
            (0, "你好，我想改一下收货地址"),
            (20, "订单号 88231974"),
            (45, "转人工"),
        ],
    },
    Script {
        id: "chat-en-calm",
        channel: Channel::DesktopWeb,
        what: "English, stays calm",
        human_available: true,
        starts: (14, 30),
        messages: &[
            (0, "Hi, can I change the delivery address of my order?"),
            (30, "It's 88231974"),
            (55, "Great, that works. Thank you so much!"),
        ],
    },
    Script {
        id: "chat-en-late",
        channel: Channel::App,
        what: "English, late evening, nobody online",
        human_available: false,
        starts: (22, 40),
        messages: &[
            (0, "You charged me twice for the same order"),
            (40, "This is ridiculous, I'm still waiting for the refund"),
            (90, "Terrible service, I'm fed up"),
            (120, "Hello??"),
        ],
    },
];

fn score_text(s: &Score) -> String {
    match s.value() {
        Some(v) => format!("{:<3} {:<9} {v:+.2}", s.scorer, s.label.as_str()),
        None => format!("{:<3} {:<9} {:>5}", s.scorer, s.label.as_str(), "-"),
    }
}

fn reason_text(r: &Reason) -> String {
    let list = |v: &[f64]| {
        v.iter()
            .map(|x| format!("{x:+.2}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match r {
        Reason::ConsecutiveNegative { count, scores } => {
            format!("{count} negative in a row ({})", list(scores))
        }
        Reason::WindowMean {
            mean,
            threshold,
            scores,
        } => format!(
            "mean {mean:+.2} below {threshold:+.2} over ({})",
            list(scores)
        ),
        Reason::NegativeDuration {
            seconds,
            threshold_seconds,
            ..
        } => format!("negative for {seconds} s (limit {threshold_seconds} s)"),
        Reason::HumanRequested { phrase } => format!("asked for a human (\"{phrase}\")"),
    }
}

fn decision_text(d: &Decision) -> (Option<&Score>, String) {
    match d {
        Decision::Continue { score, .. } => (Some(score), "continue".into()),
        Decision::Escalate {
            score,
            reasons,
            route,
            ..
        } => {
            let route = match route {
                Route::HumanAgent => "to a human agent",
                Route::LeaveMessage => "no human online: leave a message",
            };
            let why: Vec<String> = reasons.iter().map(reason_text).collect();
            (
                Some(score),
                format!("ESCALATE {route} — {}", why.join("; ")),
            )
        }
        Decision::AlreadyWithHuman { .. } => (None, "already with a human (not scored)".into()),
        Decision::NotEligible { why, .. } => (None, format!("not eligible ({why:?})")),
    }
}

/// The simulated day (2026-03-30) at local `h:m` in the tenant zone.
fn local_start(tz: Tz, (h, m): (u32, u32)) -> Option<DateTime<Utc>> {
    tz.with_ymd_and_hms(2026, 3, 30, h, m, 0)
        .single()
        .map(|t| t.with_timezone(&Utc))
}

/// Runs the scripts and prints every message's score and decision.
pub(crate) fn run_conversations(out: &mut String) {
    let config = cxkit::Config::example().expect("the embedded default config is valid");
    let tz = config.tenant().expect("the embedded tenant is valid").tz;
    let mut bot =
        Escalation::new(&config.escalation).expect("the embedded escalation section is valid");
    say!(out);
    say!(
        out,
        "Bot conversations (RB1) — built-in zh/en scorer, default policy"
    );
    for s in &SCRIPTS {
        let Some(start) = local_start(tz, s.starts) else {
            continue;
        };
        say!(
            out,
            "  {} ({}, {:02}:{:02}) — {}; human online: {}",
            s.id,
            serde_json::to_value(s.channel)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            s.starts.0,
            s.starts.1,
            s.what,
            if s.human_available { "yes" } else { "no" }
        );
        for (offset, text) in s.messages {
            let message = CustomerMessage {
                conversation: ConversationId::new(s.id),
                channel: s.channel,
                text: (*text).into(),
                at: start + Duration::seconds(*offset),
            };
            match bot.observe(&message, s.human_available) {
                Ok(d) => {
                    let (score, what) = decision_text(&d);
                    let score = score
                        .map(score_text)
                        .unwrap_or_else(|| format!("{:19}", ""));
                    say!(out, "    +{:>3}s  {score}  {what}", offset);
                    say!(out, "           \"{text}\"");
                }
                Err(e) => say!(out, "    +{:>3}s  refused: {e}  \"{text}\"", offset),
            }
        }
    }
}
