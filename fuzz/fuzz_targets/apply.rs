//! A stateful run: the bytes are a stream of events (JSON text built from a
//! small vocabulary of agents, calls and times — extreme instants included)
//! applied to a call center built once per process and cloned per input.
//! Nothing panics, every refused event leaves the state exactly as it was,
//! and after every event the center passes its self-check (counters equal
//! a recount) and the FD1 invariant (board and call tracker agree).
#![no_main]
use cxkit::{CallCenter, Config, Event, SelfCheck};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn pristine() -> &'static CallCenter {
    static C: OnceLock<CallCenter> = OnceLock::new();
    C.get_or_init(|| {
        let c = Config::from_json_str(
            r#"{"tenant": {"id": "t1", "time_zone": "America/New_York",
                "skill_groups": [{"id": "sales"}, {"id": "care"}],
                "org": [{"id": "hq"}, {"id": "east", "parent": "hq"}],
                "agents": [
                    {"id": "a0", "skill_groups": ["sales"], "extension": "8000", "org_unit": "east"},
                    {"id": "a1", "skill_groups": ["sales", "care"]},
                    {"id": "s0", "role": "team_lead", "extension": "9000", "org_unit": "hq"}]},
              "agents": {"acw": {"enabled": true, "seconds": 5}}}"#,
        )
        .expect("fuzz config");
        CallCenter::new(&c).expect("fuzz center")
    })
}

const TYPES: &[&str] = &[
    "login", "logout", "set_status", "call_offered", "answer", "hold", "resume", "call_ended", "dial",
    "outbound_connected", "consult_start", "consult_answered", "consult_ended", "transfer_confirmed",
    "listen_start", "barge", "force_disconnect", "listen_end", "acw_complete", "popup_collapse",
    "popup_expand", "tick", "call.arrived", "call.ivr_entered", "call.ivr_left", "call.queued",
    "call.offered", "call.ring_ended", "call.answered", "call.held", "call.resumed", "call.transferred",
    "call.queue_timeout", "call.caller_hung_up", "call.system_ended", "call.outbound_dialed",
    "call.outbound_connected", "call.outbound_ended", "call.queue_left",
];
const AGENTS: &[&str] = &["a0", "a1", "s0", "ghost"];
const EXTRA: &[&str] = &[
    r#""extension":"8001""#, r#""status":"busy""#, r#""status":"meal""#, r#""target":"a1""#,
    r#""target":"a0""#, r#""mode":"transfer""#, r#""number":"10086""#, r#""by_hand":true"#,
    r#""ended_by":"customer""#, r#""skill_group":"sales""#, r#""to":{"agent":"a1"}"#,
    r#""to":{"skill_group":"care"}"#, r#""caller":"13800138000","callee":"4008001234""#,
    r#""direction":"outbound""#, r#""event_id":"e1""#, r#""event_id":"e2""#, r#""stauts":"busy""#,
    r#""reason":"key","destination":"voicemail""#, r#""to":{"external":"+8613800138000"}"#, r#""callee":"10086""#,
];

fuzz_target!(|data: &[u8]| {
    let mut center = pristine().clone();
    let mut t: i64 = 1_774_659_600; // 2026-03-28T01:00:00Z
    for step in data.chunks(4) {
        let &[kind, who, extra, dt] = step else { return };
        let ty = TYPES[usize::from(kind) % TYPES.len()];
        let agent = AGENTS[usize::from(who) % AGENTS.len()];
        let call = format!("c{}", who % 3);
        // Mostly forward; sometimes back in time, across midnight or out of range.
        let at = match dt {
            250 => "+262142-12-31T23:59:59Z".to_owned(),
            251 => "-262143-01-01T00:00:00Z".to_owned(),
            252 => "9999-12-31T23:59:59-05:00".to_owned(),
            253 => "1899-12-31T23:59:59Z".to_owned(),
            254 => {
                t -= 30;
                stamp(t)
            }
            255 => {
                t += 86_400;
                stamp(t)
            }
            d => {
                t += i64::from(d % 40);
                stamp(t)
            }
        };
        let who_key = if ty.starts_with("listen") || ty == "barge" || ty == "force_disconnect" { "supervisor" } else { "agent" };
        let mut text = format!(r#"{{"type":"{ty}","at":"{at}","call":"{call}","{who_key}":"{agent}""#);
        if extra < 200 {
            text.push(',');
            text.push_str(EXTRA[usize::from(extra) % EXTRA.len()]);
        }
        text.push('}');
        // Most texts carry a key their type does not take (refused by the
        // strict reader); the engine is reached by the rest and by the same
        // event without `call` where the type has no such key.
        for candidate in [text.clone(), text.replacen(&format!(r#","call":"{call}""#), "", 1)] {
            let Ok(event) = Event::from_json_str(&candidate) else { continue };
            let before = center.snapshot();
            if center.apply(&event).is_err() {
                assert_eq!(center.snapshot(), before, "refused {candidate} changed the center");
            }
            if let Err(why) = center.self_check() {
                panic!("after {candidate}: {why}");
            }
            // FD1: the board and the call tracker agree after every event.
            if let Err(why) = center.check_one_stream() {
                panic!("after {candidate}: {why}");
            }
        }
    }
    let _ = center.wallboard(&cxkit::core::Scope::Tenant);
    let _ = center.trend_today(chrono_now(t));
});

fn stamp(t: i64) -> String {
    chrono_now(t).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn chrono_now(t: i64) -> cxkit::core::Timestamp {
    chrono::DateTime::from_timestamp(t, 0).unwrap_or_default()
}
