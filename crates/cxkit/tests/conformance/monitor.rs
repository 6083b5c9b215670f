//! Conformance ops of the workplace monitor (WM1–WM5); see `docs/monitor.md`.
//!
//! - `monitor.view` `{viewer, org_unit?, values?}` → the view JSON
//! - `monitor.set_display` `{viewer, changes}` → the display settings
//! - `monitor.set_thresholds` `{viewer, changes}` → the thresholds
//! - `monitor.display_settings` `{}` → the display settings
//! - `monitor.thresholds` `{}` → the thresholds
//! - `monitor.catalog` `{}` → the metric catalog

use crate::{Harness, arg};
use cxkit::Error;
use cxkit::monitor::Monitor;
use serde_json::Value;

fn opt_arg<T: serde::de::DeserializeOwned>(args: &Value, name: &str) -> Result<Option<T>, Error> {
    match args.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(_) => arg(args, name).map(Some),
    }
}

fn json<T: serde::Serialize>(v: &T) -> Result<Value, Error> {
    serde_json::to_value(v).map_err(|e| Error::Internal {
        message: e.to_string(),
    })
}

pub fn dispatch(h: &mut Harness, op: &str, args: &Value) -> Option<Result<Value, Error>> {
    let method = op.strip_prefix("monitor.")?;
    let known = matches!(
        method,
        "view" | "set_display" | "set_thresholds" | "display_settings" | "thresholds" | "catalog"
    );
    if !known {
        return None;
    }
    Some((|| {
        let m = h.object("monitor", Monitor::new)?;
        match method {
            "view" => {
                let viewer = arg(args, "viewer")?;
                let unit = opt_arg(args, "org_unit")?;
                let values = opt_arg(args, "values")?.unwrap_or_default();
                json(&m.view(&viewer, unit.as_ref(), &values)?)
            }
            "set_display" => {
                json(&m.set_display(&arg(args, "viewer")?, &arg::<Vec<_>>(args, "changes")?)?)
            }
            "set_thresholds" => {
                json(&m.set_thresholds(&arg(args, "viewer")?, &arg::<Vec<_>>(args, "changes")?)?)
            }
            "display_settings" => json(&m.display_settings()),
            "thresholds" => json(&m.thresholds()),
            _ => json(&m.catalog()),
        }
    })())
}
