//! The README's main job: one simulated day of a call center on the
//! embedded default configuration, seeded so every run prints the same day.
//! The simulation lives in `cxkit_examples::day` (see `rust/day/`); this
//! binary prints its report, how long it took, and exits non-zero if any
//! event the simulation considered valid was refused.

use std::process::ExitCode;

fn main() -> ExitCode {
    let t0 = std::time::Instant::now();
    let report = cxkit_examples::day::run(cxkit_examples::day::SEED);
    print!("{}", report.text);
    println!("(simulated in {:.2?})", t0.elapsed());
    if report.refused > 0 {
        eprintln!(
            "error: {} events the simulation considered valid were refused",
            report.refused
        );
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
