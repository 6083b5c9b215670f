//! Timing and the JSON-line report shared by every bench area.

use serde_json::{Value, json};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Runs `f` (which performs `ops` operations per call) repeatedly for about
/// `budget`, and returns the best observed seconds per operation. Best-of-N
/// is the least noisy estimator on a shared machine.
pub fn best_secs_per_op<R>(ops: u64, budget: Duration, mut f: impl FnMut() -> R) -> f64 {
    black_box(f()); // warm-up
    let start = Instant::now();
    let mut best = f64::INFINITY;
    let mut rounds = 0;
    while rounds < 3 || (start.elapsed() < budget && rounds < 1000) {
        let t = Instant::now();
        black_box(f());
        let dt = t.elapsed().as_secs_f64() / ops.max(1) as f64;
        best = best.min(dt);
        rounds += 1;
    }
    best
}

/// Measures `ours` and `baseline` alternately, so both see the same machine
/// state, and returns (ours, baseline) best seconds per op.
pub fn side_by_side<A, B>(
    ops_ours: u64,
    ops_base: u64,
    budget: Duration,
    mut ours: impl FnMut() -> A,
    mut baseline: impl FnMut() -> B,
) -> (f64, f64) {
    let slice = budget / 4;
    let mut o = f64::INFINITY;
    let mut b = f64::INFINITY;
    for _ in 0..2 {
        o = o.min(best_secs_per_op(ops_ours, slice, &mut ours));
        b = b.min(best_secs_per_op(ops_base, slice, &mut baseline));
    }
    (o, b)
}

/// Prints one JSON line. `value`/`unit` is our figure; `baseline` names what
/// we compared against and `ratio` is how many times better we are (> 1 is
/// better), or `null` where no baseline applies.
pub fn line(
    bench: &str,
    agents: Option<usize>,
    value: f64,
    unit: &str,
    baseline: &str,
    ratio: Option<f64>,
    extra: Value,
) {
    let mut v = json!({
        "bench": bench,
        "value": round(value),
        "unit": unit,
        "baseline": baseline,
        "ratio": ratio.map(round),
    });
    if let Some(n) = agents {
        v["agents"] = json!(n);
    }
    if let (Value::Object(m), Value::Object(e)) = (&mut v, extra) {
        m.extend(e);
    }
    println!("{v}");
}

fn round(x: f64) -> f64 {
    if x.abs() >= 100.0 {
        x.round()
    } else {
        (x * 1000.0).round() / 1000.0
    }
}
