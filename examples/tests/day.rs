//! The README's main job as a test: the whole report of the simulated day
//! for the fixed seed is an insta snapshot, so any change in the rules it
//! exercises (CM1 wallboard, CM3 trend, SMS1 outcomes and SMS, WM monitor
//! flags, RB1 escalation decisions) shows up in review as a diff of
//! `snapshots/day__call_center_day.snap`.

use cxkit_examples::day;

#[test]
fn readme_day_snapshot_and_no_refusals() {
    let report = day::run(day::SEED);
    assert_eq!(report.refused, 0, "events refused:\n{}", report.text);
    assert!(
        report
            .text
            .contains("(equal to the outcomes `apply` reported call by call)"),
        "the CM3 trend totals disagree with the SMS1 outcomes reported per call"
    );
    assert!(!report.text.contains("MISMATCH"), "{}", report.text);
    assert!(report.text.contains("; refused: 0"), "online events refused:\n{}", report.text);
    insta::assert_snapshot!("call_center_day", report.text);
}

/// Other seeds take other paths through the agent and call state machines
/// (transfers during holds, take-overs of outbound calls, rings timing out
/// at the front of a queue); every event they emit must still be accepted,
/// and the trend must still agree with the per-call outcomes.
#[test]
fn other_seeds_are_consistent_too() {
    for seed in [1, 2] {
        let report = day::run(seed);
        assert_eq!(report.refused, 0, "seed {seed}:\n{}", report.text);
        assert!(
            report
                .text
                .contains("(equal to the outcomes `apply` reported call by call)"),
            "seed {seed}: trend and outcomes disagree"
        );
        assert!(
            !report.text.contains("MISMATCH"),
            "seed {seed}:\n{}",
            report.text
        );
        assert!(
            report.text.contains("online events applied:") && report.text.contains("; refused: 0"),
            "seed {seed}: online events refused:\n{}",
            report.text
        );
        assert!(
            report.applied > 100_000,
            "seed {seed}: only {} events",
            report.applied
        );
    }
}
