//! The workplace monitor (职场管理, WM1–WM5) at the end of the day, as the
//! tenant's call admin sees it: `CallCenter::call_monitor_view` computes
//! the call metrics live from the agent board, the thresholds of
//! `crates/cxkit/config/monitor.json` flag the cells. One row per agent
//! would be 250+ lines, so only the flagged agents are printed (`!`
//! warning, `!!` critical), then the totals.

use super::say;
use super::sim::{DAY_SECS, Sim};
use cxkit::Monitor;
use cxkit::core::Role;
use cxkit::thresholds::{Level, Unit, Values, Viewer};

/// How many flagged agents are printed at most.
const SHOWN: usize = 20;

/// A short column label for a metric key.
fn label(key: &str) -> &str {
    match key {
        "call_status_duration" => "in status",
        "calls_answered_today" => "answered",
        "ring_no_answer_today" => "missed rings",
        "avg_acw_seconds" => "avg acw",
        "avg_talk_seconds" => "avg talk",
        "busy_seconds_today" => "busy",
        "outbound_calls_today" => "outbound",
        other => other,
    }
}

/// `h:mm:ss` of a duration in seconds.
fn hms(secs: f64) -> String {
    let s = secs.max(0.0).round() as u64;
    format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// Prints the call admin's monitor view at the end of the day.
pub(crate) fn print_monitor(sim: &Sim, out: &mut String) {
    let monitor = Monitor::new(&sim.config).expect("the embedded monitor section is valid");
    let tenant = sim.center.tenant();
    let admin = tenant
        .config
        .agents
        .iter()
        .find(|a| a.role == Role::CallAdmin);
    let viewer = Viewer::new(Role::CallAdmin);
    let now = sim.at(DAY_SECS);
    say!(out);
    say!(
        out,
        "Workplace monitor (WM1–WM5) at {} for the call admin{}, whole tenant",
        now.with_timezone(&tenant.tz).format("%H:%M"),
        admin
            .map(|a| format!(" {} ({})", a.name, a.id))
            .unwrap_or_default()
    );
    let defaults = monitor.display_settings().defaults.call;
    let thresholds: Vec<String> = monitor
        .thresholds()
        .into_iter()
        .filter(|t| defaults.contains(&t.metric))
        .map(|t| {
            let crit = t
                .critical
                .map(|c| format!(", critical past {c}"))
                .unwrap_or_default();
            format!("{} warning past {}{crit}", t.metric, t.warning)
        })
        .collect();
    say!(out, "  call columns: {}", defaults.join(", "));
    say!(out, "  thresholds on them: {}", thresholds.join("; "));
    let view = match sim
        .center
        .call_monitor_view(&monitor, &viewer, None, now, &Values::new())
    {
        Ok(v) => v,
        Err(e) => {
            say!(out, "  refused: {e}");
            return;
        }
    };
    let catalog = monitor.rules().catalog();
    let flagged: Vec<_> = view
        .rows()
        .iter()
        .filter(|r| r.cells().iter().any(|c| c.level().is_flagged()))
        .collect();
    say!(out, "  flagged agents (! warning, !! critical):");
    for row in flagged.iter().take(SHOWN) {
        let Some(agent) = view.agent(row) else {
            continue;
        };
        let cells: Vec<String> = row
            .cells()
            .iter()
            .map(|c| {
                let key = view.metric_key(c);
                let unit = catalog.def(c.metric()).unit;
                let value = match (c.value(), unit) {
                    (None, _) => "-".to_owned(),
                    (Some(v), Unit::Seconds) if key == "call_status_duration" => hms(v),
                    (Some(v), Unit::Seconds) => format!("{v:.0} s"),
                    (Some(v), Unit::Percent) => format!("{v:.1} %"),
                    (Some(v), Unit::Count) => format!("{v:.0}"),
                };
                let mark = match c.level() {
                    Level::Normal => "",
                    Level::Warning => " !",
                    Level::Critical => " !!",
                };
                format!("{} {value}{mark}", label(key))
            })
            .collect();
        say!(
            out,
            "    {:<7} {:<14} {:<13} {}",
            agent.id,
            agent.name,
            agent.org_unit.as_ref().map(|u| u.as_str()).unwrap_or("-"),
            cells.join(" | ")
        );
    }
    if flagged.len() > SHOWN {
        say!(out, "    … {} more", flagged.len() - SHOWN);
    }
    say!(
        out,
        "  totals: {} agents shown, {} flagged, {} flagged cells ({} critical)",
        view.agents(),
        view.flagged_agents(),
        view.flagged_cells(),
        view.critical_cells()
    );
}
