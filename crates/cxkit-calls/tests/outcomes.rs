//! SMS1 outcome classification, the live tracker (CM1 1–2), trend (CM3) and
//! QA export (QA1), through the public API of `cxkit-calls`.
#![allow(clippy::unwrap_used, missing_docs)]

use chrono::{DateTime, Duration, NaiveDate, Utc};
use cxkit_calls::*;
use cxkit_core::{Scope, Tenant, TenantConfig, Timestamp};
use proptest::prelude::*;

fn ts(s: &str) -> Timestamp {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// Monday 2026-03-02 10:00 Shanghai: inside service hours.
fn open_t0() -> Timestamp {
    ts("2026-03-02T02:00:00Z")
}

fn config() -> CallsConfig {
    serde_json::from_value(serde_json::json!({
        "quick_hang_up_secs": 5,
        "service_calendar": {
            "time_zone": "Asia/Shanghai",
            "weekly": {"mon": [{"start": "09:00", "end": "18:00"}], "tue": [{"start": "09:00", "end": "18:00"}],
                       "wed": [{"start": "09:00", "end": "18:00"}], "thu": [{"start": "09:00", "end": "18:00"}],
                       "fri": [{"start": "09:00", "end": "18:00"}], "sat": [{"start": "09:00", "end": "12:00"}]}
        },
        "sms_rules": [
            {"name": "missed", "outcomes": ["rang_not_answered", "caller_quick_hang_up", "queue_abandon", "queue_timeout"], "template": "sms-missed"},
            {"name": "closed", "outcomes": ["outside_service_hours"], "template": "sms-closed"},
            {"name": "vip_line", "outcomes": ["queue_abandon"], "hotlines": ["4008880000"], "template": "sms-vip"},
            {"name": "off", "outcomes": ["queue_abandon"], "template": "sms-off", "enabled": false}
        ]
    }))
    .unwrap()
}

fn policy() -> CallPolicy {
    config().compile(None).unwrap()
}

fn tenant() -> Tenant {
    let c: TenantConfig = serde_json::from_value(serde_json::json!({
        "id": "t1", "time_zone": "Asia/Shanghai",
        "skill_groups": [{"id": "sales"}, {"id": "support"}],
        "org": [{"id": "hq"}],
        "agents": [
            {"id": "a1", "kind": "call", "skill_groups": ["sales"]},
            {"id": "a2", "kind": "call", "skill_groups": ["support"]}
        ]
    }))
    .unwrap();
    c.validate().unwrap()
}

/// A record builder: inbound, arrived at `t0`, offsets in seconds.
struct R(CallRecord);

impl R {
    fn new(t0: Timestamp) -> Self {
        R(CallRecord {
            call: "c1".into(),
            direction: Direction::Inbound,
            hotline: Some("4008001234".into()),
            caller: "13812345678".into(),
            callee: "4008001234".into(),
            started_at: t0,
            queued_at: None,
            skill_group: None,
            rang_at: None,
            answered_at: None,
            agent: None,
            ended_in: Stage::Ivr,
            stage_entered_at: None,
            end_reason: EndReason::CallerHungUp,
            ended_at: t0,
            destination: None,
        })
    }
    fn at(&self, s: i64) -> Timestamp {
        self.0.started_at + Duration::seconds(s)
    }
    fn queued(mut self, s: i64) -> Self {
        self.0.queued_at = Some(self.at(s));
        self.0.skill_group = Some("sales".into());
        self
    }
    fn rang(mut self, s: i64) -> Self {
        self.0.rang_at = Some(self.at(s));
        self.0.agent = Some("a1".into());
        self
    }
    fn answered(mut self, s: i64) -> Self {
        self.0.answered_at = Some(self.at(s));
        self
    }
    fn end(mut self, stage: Stage, reason: EndReason, s: i64) -> CallRecord {
        self.0.ended_in = stage;
        self.0.end_reason = reason;
        self.0.ended_at = self.at(s);
        self.0
    }
}

fn outcome(r: &CallRecord) -> Outcome {
    policy().classifier.classify(r).unwrap().unwrap()
}

#[test]
fn sms1_agent_answered() {
    let r = R::new(open_t0()).queued(10).rang(20).answered(25).end(
        Stage::Talking,
        EndReason::SystemEnded,
        300,
    );
    assert_eq!(outcome(&r), Outcome::AgentAnswered);
}

#[test]
fn sms1_quick_hang_up_boundary_is_inclusive() {
    let base = R::new(open_t0()).queued(10).rang(20);
    let exactly = R(base.0.clone()).end(Stage::Ringing, EndReason::CallerHungUp, 25);
    assert_eq!(
        outcome(&exactly),
        Outcome::CallerQuickHangUp,
        "exactly 5 s after ring start is quick"
    );
    let mut just_over = exactly.clone();
    just_over.ended_at += Duration::milliseconds(1);
    assert_eq!(
        outcome(&just_over),
        Outcome::RangNotAnswered,
        "5.001 s is not quick"
    );
    let system = R(base.0).end(Stage::Ringing, EndReason::SystemEnded, 22);
    assert_eq!(
        outcome(&system),
        Outcome::RangNotAnswered,
        "only the caller hangs up quickly"
    );
}

#[test]
fn sms1_quick_hang_up_counts_from_the_last_ring() {
    // First ring at 20 s (no answer), back to queue, rings again at 60 s, caller hangs up at 63 s.
    let mut r =
        R::new(open_t0())
            .queued(10)
            .rang(20)
            .end(Stage::Ringing, EndReason::CallerHungUp, 63);
    r.stage_entered_at = Some(r.started_at + Duration::seconds(60));
    assert_eq!(outcome(&r), Outcome::CallerQuickHangUp);
}

#[test]
fn sms1_ring_timeout_then_caller_hangs_up_in_queue_is_queue_abandon() {
    let r = R::new(open_t0())
        .queued(10)
        .rang(20)
        .end(Stage::Queue, EndReason::CallerHungUp, 80);
    assert_eq!(
        outcome(&r),
        Outcome::QueueAbandon,
        "the stage it ended in decides"
    );
}

#[test]
fn sms1_ivr_abandon_queue_abandon_queue_timeout() {
    let r = R::new(open_t0()).end(Stage::Ivr, EndReason::CallerHungUp, 30);
    assert_eq!(outcome(&r), Outcome::IvrAbandon);
    let r = R::new(open_t0())
        .queued(10)
        .end(Stage::Queue, EndReason::CallerHungUp, 70);
    assert_eq!(outcome(&r), Outcome::QueueAbandon);
    let r = R::new(open_t0())
        .queued(10)
        .end(Stage::Queue, EndReason::QueueTimeout, 130);
    assert_eq!(outcome(&r), Outcome::QueueTimeout);
    let r = R::new(open_t0())
        .queued(10)
        .end(Stage::Queue, EndReason::SystemEnded, 130);
    assert_eq!(
        outcome(&r),
        Outcome::QueueTimeout,
        "a system drop from the queue counts as timeout"
    );
}

#[test]
fn sms1_outside_service_hours_by_arrival_time() {
    // Monday 09:00 Shanghai = 01:00Z; one second before opening.
    let before = ts("2026-03-02T00:59:59Z");
    let r = R::new(before)
        .queued(10)
        .end(Stage::Queue, EndReason::CallerHungUp, 70);
    assert_eq!(
        outcome(&r),
        Outcome::OutsideServiceHours,
        "arrived 08:59:59, still queued after opening"
    );
    let r = R::new(ts("2026-03-02T01:00:00Z")).queued(10).end(
        Stage::Queue,
        EndReason::CallerHungUp,
        70,
    );
    assert_eq!(
        outcome(&r),
        Outcome::QueueAbandon,
        "arrived at 09:00:00 exactly: open"
    );
    // Answered outside hours still counts as answered.
    let r = R::new(before).queued(1).rang(2).answered(3).end(
        Stage::Talking,
        EndReason::CallerHungUp,
        90,
    );
    assert_eq!(outcome(&r), Outcome::AgentAnswered);
}

#[test]
fn outbound_has_no_outcome() {
    let mut r =
        R::new(open_t0())
            .rang(0)
            .answered(10)
            .end(Stage::Talking, EndReason::OutboundEnded, 100);
    r.direction = Direction::Outbound;
    assert_eq!(policy().classifier.classify(&r).unwrap(), None);
}

#[test]
fn inconsistent_records_name_the_field() {
    let codes = |r: &CallRecord| match r.validate().unwrap_err() {
        CallError::InvalidRecord { problems } => problems
            .into_iter()
            .map(|p| (p.field, p.code))
            .collect::<Vec<_>>(),
        e => panic!("{e}"),
    };
    let mut r = R::new(open_t0()).end(Stage::Ivr, EndReason::CallerHungUp, 10);
    r.ended_at = r.started_at - Duration::seconds(1);
    assert!(codes(&r).contains(&("ended_at".into(), "before_start".into())));
    let r = R::new(open_t0()).queued(1).rang(2).answered(50).end(
        Stage::Talking,
        EndReason::CallerHungUp,
        40,
    );
    assert!(codes(&r).contains(&("answered_at".into(), "answered_after_end".into())));
    let r =
        R::new(open_t0())
            .queued(1)
            .answered(5)
            .end(Stage::Talking, EndReason::CallerHungUp, 40);
    assert!(codes(&r).contains(&("answered_at".into(), "answered_without_ringing".into())));
    let r = R::new(open_t0()).end(Stage::Queue, EndReason::CallerHungUp, 40);
    assert!(codes(&r).contains(&("ended_in".into(), "stage_never_entered".into())));
    let r = R::new(open_t0()).end(Stage::Ivr, EndReason::QueueTimeout, 40);
    assert!(codes(&r).contains(&("end_reason".into(), "queue_timeout_outside_queue".into())));
    // JSON with an unknown field is refused too.
    let bad = serde_json::from_str::<CallRecord>(
        r#"{"call":"x","caller":"1","callee":"2","started_at":"2026-03-02T02:00:00Z","ended_in":"ivr","end_reason":"caller_hung_up","ended_at":"2026-03-02T02:00:00Z","nmae":"Bob"}"#,
    );
    assert!(bad.is_err());
}

#[test]
fn sms_triggers_one_per_rule_and_skips_withheld_numbers() {
    let p = policy();
    let mut r = R::new(open_t0())
        .queued(10)
        .end(Stage::Queue, EndReason::CallerHungUp, 70);
    let d = p.sms.triggers_for(&r, Some(Outcome::QueueAbandon));
    assert_eq!(
        d.actions
            .iter()
            .map(|a| a.rule.as_str())
            .collect::<Vec<_>>(),
        ["missed"],
        "vip_line filters hotline, off is disabled"
    );
    assert_eq!(d.actions[0].to, "13812345678");
    r.hotline = Some("4008880000".into());
    let d = p.sms.triggers_for(&r, Some(Outcome::QueueAbandon));
    assert_eq!(
        d.actions
            .iter()
            .map(|a| a.rule.as_str())
            .collect::<Vec<_>>(),
        ["missed", "vip_line"]
    );
    r.caller = "anonymous".into();
    let d = p.sms.triggers_for(&r, Some(Outcome::QueueAbandon));
    assert!(d.actions.is_empty());
    assert_eq!(
        d.skipped,
        vec![
            SmsSkip {
                rule: "missed".into(),
                reason: SkipReason::WithheldNumber
            },
            SmsSkip {
                rule: "vip_line".into(),
                reason: SkipReason::WithheldNumber
            },
        ]
    );
    let d = p.sms.triggers_for(&r, Some(Outcome::AgentAnswered));
    assert_eq!(d, SmsDecision::default());
}

#[test]
fn config_errors_name_the_field() {
    let mut c = config();
    c.sms_rules[1].outcomes.clear();
    let e = c.compile(None).unwrap_err();
    assert!(
        matches!(&e, CallError::Config { field, .. } if field == "calls.sms_rules[1].outcomes"),
        "{e}"
    );
    let mut c = config();
    c.trend_interval_minutes = 20;
    assert!(
        matches!(c.compile(None).unwrap_err(), CallError::Config { field, .. } if field == "calls.trend_interval_minutes")
    );
    let mut c = config();
    c.service_calendar.as_mut().unwrap().time_zone = Some("Asia/Shanghia".into());
    assert!(
        matches!(c.compile(None).unwrap_err(), CallError::Config { field, .. } if field == "calls.service_calendar.time_zone")
    );
    assert!(
        serde_json::from_str::<CallsConfig>(r#"{"quick_hangup_secs": 3}"#).is_err(),
        "typo refused"
    );
}

// ---------- tracker ----------

fn ev(v: serde_json::Value) -> CallEvent {
    serde_json::from_value(v).unwrap()
}

fn tracker() -> CallTracker {
    CallTracker::new(&tenant(), &config()).unwrap()
}

#[test]
fn cm1_live_calls_by_stage_and_group() {
    let mut t = tracker();
    let at = |s: i64| (open_t0() + Duration::seconds(s)).to_rfc3339();
    for (i, c) in ["c1", "c2", "c3", "c4"].iter().enumerate() {
        t.apply(&ev(serde_json::json!({"type": "call.arrived", "call": c, "at": at(i as i64), "caller": "13800000000", "callee": "400"}))).unwrap();
    }
    t.apply(&ev(
        serde_json::json!({"type": "call.ivr_entered", "call": "c1", "at": at(5)}),
    ))
    .unwrap();
    t.apply(&ev(serde_json::json!({"type": "call.queued", "call": "c2", "at": at(10), "skill_group": "sales"}))).unwrap();
    t.apply(&ev(serde_json::json!({"type": "call.queued", "call": "c3", "at": at(12), "skill_group": "sales"}))).unwrap();
    t.apply(&ev(serde_json::json!({"type": "call.queued", "call": "c4", "at": at(13), "skill_group": "support"}))).unwrap();
    t.apply(&ev(
        serde_json::json!({"type": "call.offered", "call": "c4", "at": at(14), "agent": "a2"}),
    ))
    .unwrap();
    let live = t.live(&Scope::Tenant).unwrap();
    assert_eq!(
        live.inbound,
        InboundNow {
            total: 4,
            ivr: 1,
            queued: 2,
            ringing: 1,
            talking: 0
        }
    );
    assert_eq!(
        live.waiting[0],
        GroupWaiting {
            skill_group: "sales".into(),
            waiting: 2,
            oldest_queued_at: Some(open_t0() + Duration::seconds(10))
        }
    );
    assert_eq!(live.waiting[1].waiting, 0);
    let sg = t
        .live(&Scope::SkillGroup {
            id: "support".into(),
        })
        .unwrap();
    assert_eq!(
        sg.inbound,
        InboundNow {
            total: 1,
            ivr: 0,
            queued: 0,
            ringing: 1,
            talking: 0
        }
    );
    assert_eq!(sg.waiting.len(), 1);
    assert_eq!(
        t.live(&Scope::OrgUnit { id: "hq".into() }).unwrap(),
        live,
        "queues belong to no org unit"
    );
    assert!(matches!(
        t.live(&Scope::OrgUnit { id: "nope".into() }),
        Err(CallError::Core(_))
    ));
    // Ring without answer: back to its queue, with its place kept.
    t.apply(&ev(
        serde_json::json!({"type": "call.ring_ended", "call": "c4", "at": at(30)}),
    ))
    .unwrap();
    let live = t.live(&Scope::Tenant).unwrap();
    assert_eq!(
        live.waiting[1].oldest_queued_at,
        Some(open_t0() + Duration::seconds(13))
    );
}

#[test]
fn tracker_builds_the_record_and_outcome() {
    let mut t = tracker();
    let at = |s: i64| (open_t0() + Duration::seconds(s)).to_rfc3339();
    let steps = [
        serde_json::json!({"type": "call.arrived", "call": "c1", "at": at(0), "hotline": "4008001234", "caller": "13812345678", "callee": "4008001234"}),
        serde_json::json!({"type": "call.queued", "call": "c1", "at": at(10), "skill_group": "sales"}),
        serde_json::json!({"type": "call.offered", "call": "c1", "at": at(20), "agent": "a1"}),
        serde_json::json!({"type": "call.answered", "call": "c1", "at": at(24), "agent": "a1", "event_id": "e-ans"}),
        serde_json::json!({"type": "call.held", "call": "c1", "at": at(30)}),
        serde_json::json!({"type": "call.resumed", "call": "c1", "at": at(40)}),
        serde_json::json!({"type": "call.transferred", "call": "c1", "at": at(60), "to": {"agent": "a2"}}),
    ];
    for s in steps {
        assert_eq!(t.apply(&ev(s)).unwrap().status, TrackStatus::Applied);
    }
    // Duplicate event id: nothing changes.
    let dup = t.apply(&ev(serde_json::json!({"type": "call.answered", "call": "c1", "at": at(24), "agent": "a1", "event_id": "e-ans"}))).unwrap();
    assert_eq!(dup.status, TrackStatus::Duplicate);
    assert_eq!(t.live(&Scope::Tenant).unwrap().inbound.talking, 1);
    let end = t
        .apply(&ev(
            serde_json::json!({"type": "call.caller_hung_up", "call": "c1", "at": at(100)}),
        ))
        .unwrap();
    let e = end.ended.unwrap();
    assert_eq!(e.outcome, Some(Outcome::AgentAnswered));
    assert_eq!(e.record.agent.as_ref().map(|a| a.as_str()), Some("a2"));
    assert_eq!(e.record.wait_ms(), Some(14_000));
    assert_eq!(e.record.talk_ms(), Some(76_000));
    assert!(e.sms.actions.is_empty());
    assert_eq!(t.live_count(), 0);
    assert_eq!(t.ended_calls().len(), 1);
}

#[test]
fn tracker_errors_leave_state_unchanged() {
    let mut t = tracker();
    let at = |s: i64| (open_t0() + Duration::seconds(s)).to_rfc3339();
    let e = t.apply(&ev(serde_json::json!({"type": "call.held", "call": "ghost", "at": at(0)}))).unwrap_err();
    assert!(matches!(e, CallError::UnknownCall { .. }));
    t.apply(&ev(
        serde_json::json!({"type": "call.arrived", "call": "c1", "at": at(0)}),
    ))
    .unwrap();
    let before = t.live(&Scope::Tenant).unwrap();
    let e = t
        .apply(&ev(
            serde_json::json!({"type": "call.answered", "call": "c1", "at": at(1), "agent": "a1"}),
        ))
        .unwrap_err();
    assert_eq!(
        e,
        CallError::InvalidTransition {
            call: "c1".into(),
            state: "ivr".into(),
            event: "call.answered".into()
        }
    );
    let e = t.apply(&ev(serde_json::json!({"type": "call.queued", "call": "c1", "at": at(1), "skill_group": "nope"}))).unwrap_err();
    assert!(matches!(e, CallError::Core(_)));
    let e = t
        .apply(&ev(
            serde_json::json!({"type": "call.arrived", "call": "c1", "at": at(2)}),
        ))
        .unwrap_err();
    assert!(matches!(e, CallError::InvalidTransition { .. }));
    t.apply(&ev(serde_json::json!({"type": "call.queued", "call": "c1", "at": at(5), "skill_group": "sales"}))).unwrap();
    let e = t
        .apply(&ev(
            serde_json::json!({"type": "call.offered", "call": "c1", "at": at(4), "agent": "a1"}),
        ))
        .unwrap_err();
    assert!(matches!(e, CallError::OutOfOrder { .. }));
    t.apply(&ev(
        serde_json::json!({"type": "call.offered", "call": "c1", "at": at(6), "agent": "a1"}),
    ))
    .unwrap();
    let e = t
        .apply(&ev(
            serde_json::json!({"type": "call.answered", "call": "c1", "at": at(7), "agent": "a2"}),
        ))
        .unwrap_err();
    assert!(matches!(e, CallError::InvalidInput { ref field, .. } if field == "agent"));
    assert_ne!(t.live(&Scope::Tenant).unwrap(), before);
    assert_eq!(
        t.live(&Scope::Tenant).unwrap().inbound.ringing,
        1,
        "the failed answer changed nothing"
    );
    // Ring timeout then the caller hangs up in the queue: queue_abandon.
    t.apply(&ev(
        serde_json::json!({"type": "call.ring_ended", "call": "c1", "at": at(20)}),
    ))
    .unwrap();
    let end = t
        .apply(&ev(
            serde_json::json!({"type": "call.caller_hung_up", "call": "c1", "at": at(40)}),
        ))
        .unwrap();
    assert_eq!(end.ended.unwrap().outcome, Some(Outcome::QueueAbandon));
}

#[test]
fn outbound_lifecycle() {
    let mut t = tracker();
    let at = |s: i64| (open_t0() + Duration::seconds(s)).to_rfc3339();
    t.apply(&ev(serde_json::json!({"type": "call.outbound_dialed", "call": "o1", "at": at(0), "agent": "a1", "caller": "4008001234", "callee": "13900000000"}))).unwrap();
    assert_eq!(
        t.live(&Scope::Tenant).unwrap().inbound.total,
        0,
        "CM1 (1) counts inbound calls only"
    );
    let e = t
        .apply(&ev(
            serde_json::json!({"type": "call.queue_timeout", "call": "o1", "at": at(1)}),
        ))
        .unwrap_err();
    assert!(matches!(e, CallError::InvalidTransition { ref state, .. } if state == "dialing"));
    t.apply(&ev(
        serde_json::json!({"type": "call.outbound_connected", "call": "o1", "at": at(8)}),
    ))
    .unwrap();
    let end = t
        .apply(&ev(
            serde_json::json!({"type": "call.outbound_ended", "call": "o1", "at": at(68)}),
        ))
        .unwrap()
        .ended
        .unwrap();
    assert_eq!(end.outcome, None);
    assert_eq!(end.record.talk_ms(), Some(60_000));
    let tbl = t.trend_today(open_t0() + Duration::hours(1)).unwrap();
    assert_eq!(tbl.totals.outbound.sums.attempts, 1);
    assert_eq!(tbl.totals.outbound.sums.connected, 1);
}

// ---------- trend ----------

#[test]
fn cm3_dst_days_have_46_and_50_half_hours() {
    let ny: chrono_tz::Tz = "America/New_York".parse().unwrap();
    let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    assert_eq!(Trend::new(d(2026, 3, 8), ny, 30).unwrap().buckets.len(), 46);
    assert_eq!(
        Trend::new(d(2026, 11, 1), ny, 30).unwrap().buckets.len(),
        50
    );
    assert_eq!(
        Trend::new(d(2026, 11, 2), ny, 15).unwrap().buckets.len(),
        96
    );
    assert!(Trend::new(d(2026, 11, 2), ny, 20).is_err());
    // Labels show the jump.
    let tbl = Trend::new(d(2026, 3, 8), ny, 60).unwrap().table(None);
    let labels: Vec<_> = tbl
        .intervals
        .iter()
        .take(4)
        .map(|r| r.local_start.clone())
        .collect();
    assert_eq!(labels, ["00:00", "01:00", "03:00", "04:00"]);
}

#[test]
fn cm3_today_so_far_across_midnight() {
    let mut t = tracker();
    // 23:50 Shanghai on Monday (15:50Z), call ends after midnight: belongs to Monday.
    let late = ts("2026-03-02T15:50:00Z");
    let at = |s: i64| (late + Duration::seconds(s)).to_rfc3339();
    t.apply(&ev(serde_json::json!({"type": "call.arrived", "call": "n1", "at": at(0), "caller": "13800000000"}))).unwrap();
    t.apply(&ev(
        serde_json::json!({"type": "call.caller_hung_up", "call": "n1", "at": at(900)}),
    ))
    .unwrap();
    let mon = t.trend_today(late + Duration::seconds(300)).unwrap();
    assert_eq!(mon.intervals.len(), 48);
    assert_eq!(mon.totals.inbound.sums.offered, 1);
    assert_eq!(mon.totals.inbound.sums.outside_service_hours, 1);
    let tue = t.trend_today(late + Duration::seconds(1000)).unwrap();
    assert_eq!(tue.date, NaiveDate::from_ymd_opt(2026, 3, 3).unwrap());
    assert_eq!(
        tue.intervals.len(),
        1,
        "00:06 Tuesday: only the first interval so far"
    );
    assert_eq!(tue.totals.inbound.sums.offered, 0);
}

fn sample_records() -> Vec<CallRecord> {
    let t0 = open_t0();
    let mut v = vec![
        R::new(t0).queued(10).rang(20).answered(25).end(
            Stage::Talking,
            EndReason::SystemEnded,
            185,
        ),
        R::new(t0 + Duration::minutes(5))
            .queued(5)
            .end(Stage::Queue, EndReason::CallerHungUp, 65),
        R::new(t0 + Duration::minutes(40)).queued(3).rang(33).end(
            Stage::Ringing,
            EndReason::CallerHungUp,
            36,
        ),
        R::new(t0 + Duration::minutes(41)).end(Stage::Ivr, EndReason::CallerHungUp, 20),
        R::new(t0 + Duration::minutes(70)).queued(2).end(
            Stage::Queue,
            EndReason::QueueTimeout,
            302,
        ),
        R::new(ts("2026-03-02T12:00:00Z"))
            .queued(2)
            .end(Stage::Queue, EndReason::CallerHungUp, 12),
    ];
    let mut o = R::new(t0 + Duration::minutes(45)).rang(0).answered(12).end(
        Stage::Talking,
        EndReason::OutboundEnded,
        132,
    );
    o.direction = Direction::Outbound;
    o.caller = "4008001234".into();
    o.callee = "+86 139 0000 1111".into();
    v.push(o);
    for (i, r) in v.iter_mut().enumerate() {
        r.call = format!("c{}", i + 1).into();
    }
    v
}

#[test]
fn cm3_trend_table_snapshot() {
    let p = policy();
    let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
    let mut t = Trend::new(NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(), tz, 60).unwrap();
    for r in sample_records() {
        t.add(&r, p.classifier.classify(&r).unwrap());
    }
    let tbl = t.table(None);
    let rows: Vec<_> = tbl
        .intervals
        .iter()
        .filter(|r| r.inbound.sums.offered + r.outbound.sums.attempts > 0)
        .cloned()
        .collect();
    insta::assert_json_snapshot!("trend_table_busy_rows", rows);
    insta::assert_json_snapshot!("trend_table_totals", tbl.totals);
}

#[test]
fn qa1_csv_snapshot() {
    let p = policy();
    let recs = sample_records();
    let rows: Vec<_> = recs
        .iter()
        .map(|r| (r, p.classifier.classify(r).unwrap()))
        .collect();
    let plain = qa::export_csv(rows.clone(), false).unwrap();
    assert!(plain.starts_with("call_id,direction,hotline,caller,callee,agent,skill_group,"));
    insta::assert_snapshot!("qa_csv_plain", plain);
    let masked = qa::export_csv(rows, true).unwrap();
    assert!(!masked.contains("13812345678") && masked.contains("138****5678"));
    insta::assert_snapshot!("qa_csv_masked", masked);
}

// ---------- properties ----------

/// The SMS1 definitions, written once more as plainly as possible.
fn reference_outcome(r: &CallRecord, cal: &ServiceCalendar, quick_secs: i64) -> Option<Outcome> {
    if r.direction == Direction::Outbound {
        return None;
    }
    if r.ended_in == Stage::Talking {
        return Some(Outcome::AgentAnswered);
    }
    if !cal.is_open_direct(r.started_at) {
        return Some(Outcome::OutsideServiceHours);
    }
    Some(match r.ended_in {
        Stage::Ivr => Outcome::IvrAbandon,
        Stage::Queue if r.end_reason == EndReason::CallerHungUp => Outcome::QueueAbandon,
        Stage::Queue => Outcome::QueueTimeout,
        Stage::Ringing => {
            let ring_start = r.stage_entered_at.or(r.rang_at).unwrap();
            let ms = (r.ended_at - ring_start).num_milliseconds();
            if r.end_reason == EndReason::CallerHungUp && ms <= quick_secs * 1000 {
                Outcome::CallerQuickHangUp
            } else {
                Outcome::RangNotAnswered
            }
        }
        Stage::Talking => unreachable!(),
    })
}

/// Well-formed records: a random path through the stages, times increasing.
fn arb_record() -> impl Strategy<Value = CallRecord> {
    (
        0i64..(14 * 86_400),
        0usize..4,
        prop::collection::vec(0i64..20_000, 4),
        0usize..3,
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(start, stage, gaps_ms, reason, outbound, reentered)| {
            let t0 = ts("2026-03-01T00:00:00Z") + Duration::seconds(start);
            let mut t = t0;
            let mut step = |i: usize| {
                t += Duration::milliseconds(gaps_ms[i]);
                t
            };
            let mut r = R::new(t0).0;
            let stage = if outbound { 2 + stage % 2 } else { stage };
            if outbound {
                r.direction = Direction::Outbound;
                r.rang_at = Some(t0);
            }
            if stage >= 1 && !outbound {
                r.queued_at = Some(step(0));
            }
            if stage >= 2 && !outbound {
                r.rang_at = Some(step(1));
            }
            if stage >= 3 {
                r.answered_at = Some(step(2));
            }
            r.ended_in = [Stage::Ivr, Stage::Queue, Stage::Ringing, Stage::Talking][stage];
            if reentered && stage == 2 && !outbound {
                r.stage_entered_at = Some(step(1));
            }
            r.ended_at = step(3);
            r.end_reason = if outbound {
                EndReason::OutboundEnded
            } else {
                match (reason, r.ended_in) {
                    (1, Stage::Queue) => EndReason::QueueTimeout,
                    (2, _) => EndReason::SystemEnded,
                    _ => EndReason::CallerHungUp,
                }
            };
            r
        })
}

proptest! {
    /// SMS1: every well-formed record has exactly one outcome (inbound) and
    /// it agrees with the reference classifier.
    #[test]
    fn every_record_gets_the_reference_outcome(r in arb_record()) {
        let p = policy();
        let cal = p.classifier.calendar().unwrap().clone();
        prop_assert!(r.validate().is_ok(), "{:?}", r.validate());
        let got = p.classifier.classify(&r).unwrap();
        prop_assert_eq!(got.is_some(), r.direction == Direction::Inbound);
        prop_assert_eq!(got, reference_outcome(&r, &cal, 5));
    }

    /// CM3: merge(aggregate(a), aggregate(b)) == aggregate(a ∪ b).
    #[test]
    fn trend_merge_equals_aggregate_of_union(rs in prop::collection::vec(arb_record(), 0..60), split in 0usize..60) {
        let p = policy();
        let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
        let date = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let agg = |rs: &[CallRecord]| {
            let mut t = Trend::new(date, tz, 30).unwrap();
            for r in rs { t.add(r, p.classifier.classify_valid(r)); }
            t
        };
        let k = split.min(rs.len());
        let mut a = agg(&rs[..k]);
        a.merge(&agg(&rs[k..])).unwrap();
        prop_assert_eq!(&a, &agg(&rs));
        // The partial survives JSON.
        let back: Trend = serde_json::from_str(&serde_json::to_string(&a).unwrap()).unwrap();
        prop_assert_eq!(back.validate().unwrap(), a);
    }
}
