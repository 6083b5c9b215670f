//! Rust side of the uniffi boundary bench: the very calls the Kotlin bench
//! (`kotlin/src/test/kotlin/io/cxkit/BenchTest.kt`) makes through JNA, made
//! here in-process, each next to the bare domain call without the glue.
//! Prints one JSON line per figure (`{"bench", "value", "unit", "baseline",
//! "ratio"}`); `bindings/uniffi/bench.sh` runs it and then the Kotlin bench,
//! which reads these figures as its baselines.
#![allow(clippy::expect_used)]

use cxkit_uniffi::{Config, CxError, Escalation, SentimentScorer, Toolbar};
use serde_json::json;
use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The sentence every scorer bench scores (English, so the built-in scorer
/// takes its English path, as in the Kotlin bench).
const TEXT: &str = "This is the third time I ask, where is my refund?";

fn ts(s: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(1_774_688_400 + s, 0).expect("valid time")
}

/// Best calls/s of `f` (which makes `calls` calls) over about `budget`.
fn calls_per_sec(calls: u64, budget: Duration, mut f: impl FnMut()) -> f64 {
    f();
    let start = Instant::now();
    let mut best = f64::INFINITY;
    let mut rounds = 0;
    while rounds < 5 || start.elapsed() < budget {
        let t = Instant::now();
        f();
        best = best.min(t.elapsed().as_secs_f64());
        rounds += 1;
    }
    calls as f64 / best
}

fn line(bench: &str, value: f64, baseline: &str, base_value: f64) {
    println!(
        "{}",
        json!({"bench": bench, "value": value.round(), "unit": "calls/s", "baseline": baseline,
               "baseline_value": base_value.round(), "ratio": ((value / base_value) * 1000.0).round() / 1000.0})
    );
}

/// A trivial scorer behind the exported callback trait (the Rust twin of
/// the Kotlin bench's scorer).
struct Constant;
impl SentimentScorer for Constant {
    fn name(&self) -> String {
        "constant".into()
    }
    fn score(&self, _text: String) -> Result<cxkit::escalation_rules::ScoreInput, CxError> {
        Ok(cxkit::escalation_rules::ScoreInput {
            scorer: "constant".into(),
            score: Some(-0.4),
            label: None,
        })
    }
}

fn main() {
    let budget = Duration::from_millis(1500);
    let config = Config::example().expect("embedded config");
    let facade_config = cxkit::Config::example().expect("embedded config");
    const CYCLES: i64 = 1000;

    // Toolbar: ring, answer, hang up (auto ACW), finish ACW — 4 calls a cycle.
    let tb = Toolbar::new(config.clone(), "a-1".into(), Some("8001".into())).expect("toolbar");
    tb.login(ts(0), cxkit::agents::StartStatus::Idle, None)
        .expect("login");
    let mut t = 1;
    let glue = calls_per_sec(4 * CYCLES as u64, budget, || {
        for _ in 0..CYCLES {
            black_box(tb.incoming_call(ts(t), "c".into()).expect("ring"));
            black_box(tb.answer(ts(t)).expect("answer"));
            black_box(tb.hang_up(ts(t)).expect("hang up"));
            black_box(tb.finish_acw(ts(t)).expect("finish"));
            t += 1;
        }
    });
    let mut bare_tb =
        cxkit::agents::Toolbar::new("a-1".into(), Some("8001".into()), &facade_config.agents)
            .expect("toolbar");
    bare_tb
        .login(ts(0), cxkit::agents::StartStatus::Idle, None)
        .expect("login");
    let mut t = 1;
    let bare = calls_per_sec(4 * CYCLES as u64, budget, || {
        for _ in 0..CYCLES {
            black_box(bare_tb.incoming_call(ts(t), "c".into()).expect("ring"));
            black_box(bare_tb.answer(ts(t)).expect("answer"));
            black_box(bare_tb.hang_up(ts(t)).expect("hang up"));
            black_box(bare_tb.finish_acw(ts(t)).expect("finish"));
            t += 1;
        }
    });
    line(
        "uniffi_rust_toolbar",
        glue,
        "cxkit_agents::Toolbar without the glue (Mutex, guard)",
        bare,
    );

    // Built-in scorer through Escalation.score.
    let esc = Escalation::new(config.clone()).expect("escalation");
    let glue = calls_per_sec(1000, budget, || {
        for _ in 0..1000 {
            black_box(esc.score(TEXT.into()).expect("score"));
        }
    });
    let bare_esc =
        cxkit::escalation::Escalation::new(&facade_config.escalation).expect("escalation");
    let bare = calls_per_sec(1000, budget, || {
        for _ in 0..1000 {
            black_box(bare_esc.score(TEXT).expect("score"));
        }
    });
    line(
        "uniffi_rust_builtin_score",
        glue,
        "cxkit::escalation::Escalation::score without the glue",
        bare,
    );

    // A scorer behind the exported callback trait (what a Kotlin scorer plugs into).
    let esc = Escalation::with_scorer(config, Arc::new(Constant)).expect("escalation");
    let glue = calls_per_sec(10_000, budget, || {
        for _ in 0..10_000 {
            black_box(esc.score(TEXT.into()).expect("score"));
        }
    });
    line(
        "uniffi_rust_trait_score",
        glue,
        "uniffi_rust_builtin_score (same run)",
        {
            // Re-measure the built-in one for the ratio on the same machine state.
            let e =
                Escalation::new(Config::example().expect("config")).expect("escalation");
            calls_per_sec(1000, budget, || {
                for _ in 0..1000 {
                    black_box(e.score(TEXT.into()).expect("score"));
                }
            })
        },
    );
}
