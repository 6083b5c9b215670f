//! `cargo run --release -p cxkit-bench -- <area>…` — prints one JSON object
//! per line: `{"bench", "agents"?, "value", "unit", "baseline", "ratio"}`.
//! `ratio` is cxkit's speed over the named baseline's, both measured in this
//! same run (machines here are noisy; absolute figures alone mean little).
//! Areas: agents, events, calls, thresholds, tickets, templates, escalation, online, feeds, all;
//! `soak` (memory over 10 M events, about a minute) and `feeds-memory` (peak
//! memory of a 10 M line queue_log replay against 10 k lines) run only when named;
//! `escalation-quality` (not in `all`) prints the RB1 held-out quality report.

mod report;

mod agents;
mod calls;
mod escalation;
mod escalation_legacy;
mod escalation_quality;
mod events;
mod feeds;
mod online;
mod soak;
mod templates;
mod thresholds;
mod tickets;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let areas: Vec<&str> = if args.is_empty() || args.iter().any(|a| a == "all") {
        vec!["agents", "events", "calls", "thresholds", "tickets", "templates", "escalation", "online", "feeds"]
    } else {
        args.iter().map(String::as_str).collect()
    };
    for area in areas {
        match area {
            "agents" => agents::run(),
            "events" => events::run(),
            "calls" => calls::run(),
            "thresholds" => thresholds::run(),
            "tickets" => tickets::run(),
            "templates" => templates::run(),
            "escalation" => escalation::run(),
            "online" => online::run(),
            "feeds" => feeds::run(),
            "soak" => soak::run(),
            "feeds-memory" => feeds::memory(),
            "feeds-memory-child" => {
                let n = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
                feeds::memory_child(n);
                return;
            }
            "escalation-quality" => escalation_quality::run(),
            // For profilers: only the replay of `feeds`, `n` times, no baseline.
            "feeds-replay-only" => {
                let n = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(3);
                feeds::replay_only(n);
                return;
            }
            other => {
                eprintln!(
                    "unknown bench area `{other}` (agents, events, calls, thresholds, tickets, templates, escalation, online, feeds, escalation-quality, soak, all)"
                );
                std::process::exit(2);
            }
        }
    }
}
