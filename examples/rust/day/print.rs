//! The day as text: the hourly CM1 wallboard (calls in the system and
//! waiting per skill group, then the agents), and after the day the CM3
//! trend folded to hours, the seven SMS1 outcomes, the SMS that would have
//! been sent (numbers masked as in the QA1 export), the BS1 big screen and
//! the CM4 listening list.

use super::calls::MAX_QUEUE_WAIT_SECS;
use super::say;
use super::sim::{DAY_SECS, Sim};
use chrono::Timelike;
use cxkit::call_rules::Outcome;
use cxkit::call_rules::qa::mask_number;
use cxkit::call_rules::trend::{InboundSums, OutboundSums};
use cxkit::core::{Scope, Timestamp};

/// `m:ss` of a duration in seconds.
fn mmss(secs: i64) -> String {
    format!("{}:{:02}", secs / 60, secs % 60)
}

/// Seconds, no decimals, or `-` when there is no call.
fn secs(v: Option<f64>) -> String {
    v.map(|s| format!("{s:.0} s")).unwrap_or_else(|| "-".into())
}

/// The hourly wallboard: CM1 items 1–2 (calls) and 3–11 (agents), tenant
/// and per skill group.
pub(crate) fn hour(sim: &Sim, now: i64, out: &mut String) {
    let at = sim.at(now);
    let tenant = sim.center.tenant();
    let local = at.with_timezone(&tenant.tz);
    let w = sim
        .center
        .wallboard(&Scope::Tenant)
        .expect("the tenant scope always exists");
    let c = &w.calls.inbound;
    let a = &w.agents;
    say!(out);
    say!(
        out,
        "{}  calls in system {:3} (ivr {:2} queued {:3} ringing {:2} talking {:3})",
        local.format("%H:%M"),
        c.total,
        c.ivr,
        c.queued,
        c.ringing,
        c.talking
    );
    say!(
        out,
        "       agents online {:3} | idle {:3} busy {:2} acw {:2} | answering {:3} (ring {:2} talk {:3} hold {:2}) | outbound {:2} | consulting {:2} | supervising {:2} | non-service {:3} (break {} meal {} meeting {} training {} activity {})",
        a.online,
        a.idle,
        a.busy,
        a.after_call_work,
        a.answering.total,
        a.answering.ringing,
        a.answering.talking,
        a.answering.on_hold,
        a.outbound.total,
        a.consulting.total,
        a.supervising.total,
        a.non_service.total,
        a.non_service.break_,
        a.non_service.meal,
        a.non_service.meeting,
        a.non_service.training,
        a.non_service.activity,
    );
    // The call tracker and the agent board are fed by one stream: calls
    // ringing / connected must equal agents ringing / talking or on hold.
    let agents_talking = u64::from(a.answering.talking) + u64::from(a.answering.on_hold);
    if c.ringing != u64::from(a.answering.ringing) || c.talking != agents_talking {
        say!(
            out,
            "       MISMATCH: calls ringing {} talking {} vs agents ringing {} talking or on hold {}",
            c.ringing,
            c.talking,
            a.answering.ringing,
            agents_talking
        );
    }
    for (g, waiting) in tenant.config.skill_groups.iter().zip(&w.calls.waiting) {
        let gw = sim
            .center
            .wallboard(&Scope::SkillGroup { id: g.id.clone() })
            .expect("every configured skill group exists")
            .agents;
        let oldest = waiting
            .oldest_queued_at
            .map(|t| mmss((at - t).num_seconds()))
            .unwrap_or_else(|| "-".into());
        say!(
            out,
            "       {:<18} waiting {:3} oldest {:>5} | online {:3} idle {:3} answering {:3} outbound {:2} acw {:2} consulting {:2} non-service {:3}",
            g.name,
            waiting.waiting,
            oldest,
            gw.online,
            gw.idle,
            gw.answering.total,
            gw.outbound.total,
            gw.after_call_work,
            gw.consulting.total,
            gw.non_service.total
        );
    }
}

/// One hour of the trend (two 30-minute intervals folded).
#[derive(Default)]
struct HourRow {
    inbound: InboundSums,
    outbound: OutboundSums,
}

impl HourRow {
    fn add(&mut self, i: &InboundSums, o: &OutboundSums) {
        let s = &mut self.inbound;
        s.offered += i.offered;
        s.answered += i.answered;
        s.rang_not_answered += i.rang_not_answered;
        s.caller_quick_hang_up += i.caller_quick_hang_up;
        s.ivr_abandon += i.ivr_abandon;
        s.queue_abandon += i.queue_abandon;
        s.queue_timeout += i.queue_timeout;
        s.outside_service_hours += i.outside_service_hours;
        s.abandoned += i.abandoned;
        s.waited += i.waited;
        s.wait_ms += i.wait_ms;
        s.talked += i.talked;
        s.talk_ms += i.talk_ms;
        self.outbound.attempts += o.attempts;
        self.outbound.connected += o.connected;
        self.outbound.talk_ms += o.talk_ms;
    }

    fn line(&self, label: &str, out: &mut String) {
        let i = &self.inbound;
        let o = &self.outbound;
        let avg = |ms: i64, n: u64| (n > 0).then(|| ms as f64 / n as f64 / 1000.0);
        say!(
            out,
            "  {:<6} {:5} {:5} {:4} {:4} {:4} {:4} {:4} {:5} {:5} {:>8} {:>8} | {:5} {:5} {:>8}",
            label,
            i.offered,
            i.answered,
            i.rang_not_answered,
            i.caller_quick_hang_up,
            i.ivr_abandon,
            i.queue_abandon,
            i.queue_timeout,
            i.outside_service_hours,
            i.abandoned,
            secs(avg(i.wait_ms, i.waited)),
            secs(avg(i.talk_ms, i.talked)),
            o.attempts,
            o.connected,
            secs(avg(o.talk_ms, o.connected)),
        );
    }
}

/// Everything printed after the day: live calls left, trend, outcomes,
/// SMS, big screen, listening list.
pub(crate) fn day_summary(sim: &Sim, out: &mut String) {
    let end: Timestamp = sim.at(DAY_SECS);
    let tz = sim.center.tenant().tz;
    let live = sim
        .center
        .live_calls(&Scope::Tenant)
        .expect("the tenant scope always exists");
    say!(out);
    say!(
        out,
        "End of day {}: {} inbound calls arrived, {} outbound dialed; {} inbound calls still in the system.",
        end.with_timezone(&tz).format("%Y-%m-%d %H:%M %Z"),
        sim.stats.inbound_arrived,
        sim.stats.outbound_dialed,
        live.inbound.total
    );

    // CM3, folded from 30-minute intervals to hours.
    let trend = sim
        .center
        .trend_today(end)
        .expect("today's trend of a valid tenant day");
    say!(out);
    say!(
        out,
        "Trend (CM3) by hour, {} {} — calls counted in the interval they started, once ended",
        trend.date,
        trend.time_zone
    );
    say!(
        out,
        "  {:<6} {:>5} {:>5} {:>4} {:>4} {:>4} {:>4} {:>4} {:>5} {:>5} {:>8} {:>8} | {:>5} {:>5} {:>8}",
        "hour",
        "in",
        "ans",
        "rna",
        "qhu",
        "ivr",
        "qab",
        "qto",
        "closd",
        "aband",
        "avg wait",
        "avg talk",
        "out",
        "conn",
        "avg talk"
    );
    let mut hours: Vec<(u32, HourRow)> = Vec::new();
    for row in &trend.intervals {
        let h = row.start.with_timezone(&tz).hour();
        if hours.last().is_none_or(|(last, _)| *last != h) {
            hours.push((h, HourRow::default()));
        }
        if let Some((_, acc)) = hours.last_mut() {
            acc.add(&row.inbound.sums, &row.outbound.sums);
        }
    }
    for (h, row) in &hours {
        if row.inbound.offered + row.outbound.attempts > 0 {
            row.line(&format!("{h:02}:00"), out);
        }
    }
    let mut total = HourRow::default();
    total.add(&trend.totals.inbound.sums, &trend.totals.outbound.sums);
    total.line("total", out);
    say!(
        out,
        "  (rna rang not answered, qhu quick hang-up, ivr IVR abandon, qab queue abandon, qto queue timeout after {} s, closd outside service hours, aband abandoned: qab + qhu + rna the caller ended, CM3)",
        MAX_QUEUE_WAIT_SECS
    );

    // SMS1: the seven outcomes.
    let t = &trend.totals.inbound.sums;
    let from_trend = [
        t.answered,
        t.rang_not_answered,
        t.caller_quick_hang_up,
        t.ivr_abandon,
        t.queue_abandon,
        t.queue_timeout,
        t.outside_service_hours,
    ];
    say!(out);
    say!(
        out,
        "Outcomes (SMS1) of the {} ended inbound calls",
        t.offered
    );
    for (o, n) in Outcome::ALL.iter().zip(from_trend) {
        let pct = if t.offered > 0 {
            100.0 * n as f64 / t.offered as f64
        } else {
            0.0
        };
        say!(out, "  {:<22} {:6}  {:5.1} %", o.as_str(), n, pct);
    }
    let reported: Vec<u64> = Outcome::ALL.iter().map(|o| sim.stats.outcome(*o)).collect();
    if reported == from_trend && sim.stats.inbound_ended == t.offered {
        say!(
            out,
            "  (equal to the outcomes `apply` reported call by call)"
        );
    } else {
        say!(
            out,
            "  MISMATCH: `apply` reported {:?} over {} calls",
            reported,
            sim.stats.inbound_ended
        );
    }

    // SMS1: the SMS that would have been sent.
    say!(out);
    let sent: u64 = sim.stats.sms_per_rule.values().sum();
    say!(out, "SMS (SMS1): {sent} would have been sent");
    for (rule, n) in &sim.stats.sms_per_rule {
        say!(out, "  {rule:<14} {n:6}");
    }
    for ((rule, why), n) in &sim.stats.sms_skipped {
        say!(out, "  {rule:<14} {n:6} skipped ({why})");
    }
    for (rule, actions) in &sim.stats.first_sms {
        say!(out, "  first {} of {rule} (numbers masked):", actions.len());
        for a in actions {
            say!(
                out,
                "    {} to {:<13} call {} ({})",
                a.template,
                mask_number(&a.to),
                a.call,
                a.outcome.as_str()
            );
        }
    }

    // BS1 and CM4 at the end of the day.
    let screen = sim
        .center
        .big_screen(&Scope::Tenant)
        .expect("tenant big screen");
    say!(out);
    say!(out, "Big screen (BS1) — {}", screen.header);
    for b in &screen.bars {
        say!(
            out,
            "  {:<16} {:4} {}",
            b.label,
            b.value,
            "#".repeat(b.value as usize)
        );
    }
    let list = sim
        .center
        .listening_list(&Scope::Tenant)
        .expect("tenant listening list");
    say!(out);
    say!(
        out,
        "Listening list (CM4) — {} call agents logged in, {} listenable",
        list.total,
        list.listenable
    );
    for row in list.agents.iter().take(10) {
        say!(
            out,
            "  {:<8} {:<22} {:<22} {}{}",
            row.agent,
            row.name,
            row.label,
            serde_json::to_value(row.listenability)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            row.supervisor
                .as_ref()
                .map(|s| format!(" by {s}"))
                .unwrap_or_default()
        );
    }
    if list.agents.len() > 10 {
        say!(out, "  … {} more", list.agents.len() - 10);
    }
}

/// The closing line: events applied and every refusal (there should be none).
pub(crate) fn refusals(sim: &Sim, out: &mut String) {
    say!(out);
    say!(
        out,
        "{} events applied, {} refused",
        sim.applied,
        sim.refused
    );
    for r in &sim.refusals {
        say!(out, "  refused: {r}");
    }
    if sim.refused > sim.refusals.len() as u64 {
        say!(
            out,
            "  … {} more refusals",
            sim.refused - sim.refusals.len() as u64
        );
    }
}
