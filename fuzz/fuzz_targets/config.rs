//! Configuration from JSON or TOML text never panics, and a configuration
//! that loads builds every facade object (or says why not) without a panic.
#![no_main]
use cxkit::{CallCenter, Config, Escalation, Monitor, Templates, Tickets};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for c in [Config::from_json_str(text), Config::from_toml_str(text)].into_iter().flatten() {
        let _ = CallCenter::new(&c);
        let _ = Monitor::new(&c);
        let _ = Templates::new(&c);
        let _ = Tickets::new(&c);
        let _ = Escalation::new(&c.escalation);
    }
});
