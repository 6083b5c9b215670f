//! One simulated day of a call center on the embedded default configuration
//! (300 agents, 6 skill groups, a three-level org tree), seeded so every
//! run prints the same day.
//!
//! - [`sim`] owns the clock and the agents: logins, breaks, meals, outbound
//!   dials, consults and transfers, supervisors listening, barging and
//!   taking over calls — every agent-only change an `AgentEvent` through
//!   `CallCenter::apply`; outbound calls, holds and hang-ups are `call.*`
//!   events (FD1).
//! - [`calls`] owns the callers: calls arrive on the hotlines, go through
//!   the IVR, queue in a skill group, ring at an idle agent and are
//!   answered, or end without an agent (IVR abandon, queue abandon, queue
//!   timeout, quick hang-up, rang not answered, outside service hours).
//!   Every step of a call is one `call.*` event in the same stream (FD1):
//!   `call.offered` rings the agent it names, `call.answered` puts them
//!   talking, the call's end puts them in ACW — no agent-side copy.
//! - [`print`] turns the day into text: the hourly CM1 wallboard, then the
//!   CM3 trend, the SMS1 outcomes and SMS, the BS1 big screen and the CM4
//!   listening list.
//! - [`monitor`] prints the workplace monitor (WM1–WM5) for a call admin at
//!   the end of the day; [`bots`] runs scripted bot conversations through
//!   the RB1 escalation policy; [`chats`] runs the online (chat) side of
//!   the day on the same call center (OS1–OS5): the hourly online
//!   wallboard, bot handoffs and the online admin's monitor view.
//!
//! [`run`] returns the whole report as a string (no wall-clock figures in
//! it), which is what `tests/day.rs` snapshots.

pub mod bots;
pub mod calls;
pub mod chats;
pub mod monitor;
pub mod print;
pub mod sim;
pub mod views;

/// The seed of the README's day.
pub const SEED: u64 = 7;

/// Appends one formatted line to a `String` (writing to a `String` cannot fail).
macro_rules! say {
    ($out:expr) => {{
        $out.push('\n');
    }};
    ($out:expr, $($arg:tt)*) => {{
        use std::fmt::Write as _;
        let _ = writeln!($out, $($arg)*);
    }};
}
pub(crate) use say;

/// What [`run`] produced.
#[derive(Debug, Clone)]
pub struct DayReport {
    /// Everything the program prints, deterministic for a seed.
    pub text: String,
    /// Events applied.
    pub applied: u64,
    /// Events the simulation considered valid that `CallCenter::apply` refused.
    pub refused: u64,
}

/// Simulates the day for `seed` and returns the report.
pub fn run(seed: u64) -> DayReport {
    let mut sim = sim::Sim::new(seed);
    let mut text = String::new();
    say!(
        text,
        "cxkit {} — tenant {}: one simulated day ({} agents, {} skill groups)",
        cxkit::VERSION,
        sim.center.tenant().config.id,
        sim.center.tenant().config.agents.len(),
        sim.center.tenant().config.skill_groups.len()
    );
    sim.run(&mut text);
    print::day_summary(&sim, &mut text);
    monitor::print_monitor(&sim, &mut text);
    bots::run_conversations(&mut text);
    chats::run_online_day(&mut sim, seed, &mut text);
    print::refusals(&sim, &mut text);
    DayReport {
        text,
        applied: sim.applied,
        refused: sim.refused,
    }
}
