//! Conformance ops of the calls area (SMS1, CM1 1–2, CM3, QA1); listed with
//! their args and results in `docs/calls.md`.
//!
//! `call_center.apply` is also handled here (it may be claimed first by the
//! agents module; both route to the same `CallCenter::apply`).

use crate::{Harness, arg};
use cxkit::calls::{CallRules, ServiceCalendar};
use cxkit::{CallCenter, Error};
use serde_json::Value;

fn json<T: serde::Serialize>(v: T) -> Result<Value, Error> {
    serde_json::to_value(v).map_err(|e| Error::Internal {
        message: e.to_string(),
    })
}

pub fn dispatch(h: &mut Harness, op: &str, args: &Value) -> Option<Result<Value, Error>> {
    let r = match op {
        "call_center.apply" => (|| {
            let event: cxkit::call_center::Event = arg(args, "event")?;
            json(h.object("call_center", CallCenter::new)?.apply(&event)?)
        })(),
        "call_center.live_calls" => (|| {
            let scope = arg(args, "scope")?;
            json(
                h.object("call_center", CallCenter::new)?
                    .live_calls(&scope)?,
            )
        })(),
        "call_center.trend_today" => (|| {
            let now = arg(args, "now")?;
            json(h.object("call_center", CallCenter::new)?.trend_today(now)?)
        })(),
        "call_center.trend_of_day" => (|| {
            let date: chrono::NaiveDate = arg(args, "date")?;
            json(h.object("call_center", CallCenter::new)?.trend_of_day(date))
        })(),
        "call_center.trend_days" => (|| json(h.object("call_center", CallCenter::new)?.trend_days()))(),
        "call_center.apply_feed" => (|| {
            let source: String = arg(args, "source")?;
            let text: String = arg(args, "text")?;
            let zone: Option<String> = arg(args, "time_zone")?;
            let now: Option<cxkit::core::Timestamp> = arg(args, "now")?;
            let mut feed = cxkit::feeds_api::open_feed(&source, zone.as_deref())?;
            let cc = h.object("call_center", CallCenter::new)?;
            let a = cc.apply_feed(&mut feed, &text, now);
            let b = cc.finish_feed(&mut feed, now);
            json(serde_json::json!([a, b]))
        })(),
        "feeds.translate" => (|| {
            let source: String = arg(args, "source")?;
            let text: String = arg(args, "text")?;
            let zone: Option<String> = arg(args, "time_zone")?;
            let now: Option<cxkit::core::Timestamp> = arg(args, "now")?;
            let mut feed = cxkit::feeds_api::open_feed(&source, zone.as_deref())?;
            let a = cxkit::feeds_api::translate(&mut feed, &text, now);
            let b = cxkit::feeds_api::finish(&mut feed, now);
            json(serde_json::json!([a, b]))
        })(),
        "call_center.ended_calls" => {
            (|| json(h.object("call_center", CallCenter::new)?.ended_calls()))()
        }
        "calls.new" => (|| {
            // Builds the rules from `args.config` (a whole facade config): config-error vectors.
            let config: cxkit::Config = arg(args, "config")?;
            CallRules::new(&config)?;
            json(serde_json::json!({"sms_rules": config.calls.sms_rules.len()}))
        })(),
        "calls.classify" => (|| {
            let record = arg(args, "record")?;
            json(h.object("calls", CallRules::new)?.classify(&record)?)
        })(),
        "calls.sms_for" => (|| {
            let record = arg(args, "record")?;
            json(h.object("calls", CallRules::new)?.sms_for(&record)?)
        })(),
        "calendar.is_open" => (|| {
            let at = arg(args, "at")?;
            json(
                h.object("calendar", ServiceCalendar::from_config)?
                    .is_open(at)?,
            )
        })(),
        "calendar.next_open" => (|| {
            let at = arg(args, "at")?;
            json(
                h.object("calendar", ServiceCalendar::from_config)?
                    .next_open(at)?,
            )
        })(),
        "trend.aggregate" => (|| {
            let records: Vec<_> = arg(args, "records")?;
            let date = arg(args, "date")?;
            json(h.object("trend", CallRules::new)?.trend(&records, date)?)
        })(),
        "qa.export_csv" => (|| {
            let records: Vec<_> = arg(args, "records")?;
            let mask = arg(args, "mask")?;
            json(
                h.object("qa", CallRules::new)?
                    .qa_export_csv(&records, mask)?,
            )
        })(),
        _ => return None,
    };
    Some(r)
}
