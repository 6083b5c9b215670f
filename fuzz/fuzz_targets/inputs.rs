//! The other inputs a binding decodes — scopes, customer messages, call
//! records, ticket viewers — never panic, and a decoded record goes through
//! the call rules (outcome, SMS, trend) without a panic either.
#![no_main]
use cxkit::calls::CallRules;
use cxkit::call_rules::CallRecord;
use cxkit::core::Scope;
use cxkit::escalation_rules::CustomerMessage;
use cxkit::{CallCenter, Config};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn world() -> &'static (CallRules, CallCenter) {
    static W: OnceLock<(CallRules, CallCenter)> = OnceLock::new();
    W.get_or_init(|| {
        let c = Config::example().expect("embedded config");
        (CallRules::new(&c).expect("rules"), CallCenter::new(&c).expect("center"))
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (rules, center) = world();
    if let Ok(scope) = cxkit::decode::from_json_str::<Scope>("scope", text) {
        let _ = center.wallboard(&scope);
    }
    let _ = cxkit::decode::from_json_str::<CustomerMessage>("message", text);
    if let Ok(record) = cxkit::decode::from_json_str::<CallRecord>("record", text) {
        let _ = rules.classify(&record);
        let _ = rules.sms_for(&record);
        if let Ok(date) = "2026-03-02".parse() {
            let _ = rules.trend(std::slice::from_ref(&record), date);
        }
        let _ = cxkit::qa_export_csv(std::slice::from_ref(&record), true);
    }
    let _ = cxkit::decode::value_from_json_str("value", text);
});
