//! Conformance ops of leave-a-message templates (TM1); see
//! `docs/templates.md`.
//!
//! `templates.offer {channel_instance}`, `templates.select {channel_instance,
//! template_id}`, `templates.validate {template_id, submission}` (result
//! `null`), `templates.submit {channel_instance, template_id, submission}`.

use crate::{Harness, arg};
use cxkit::Error;
use cxkit::templates::Templates;
use serde_json::Value;

fn json<T: serde::Serialize>(v: T) -> Result<Value, Error> {
    serde_json::to_value(v).map_err(|e| Error::Internal {
        message: e.to_string(),
    })
}

pub fn dispatch(h: &mut Harness, op: &str, args: &Value) -> Option<Result<Value, Error>> {
    let method = op.strip_prefix("templates.")?;
    Some((|| {
        let t = h.object("templates", Templates::new)?;
        let submission = || args.get("submission").cloned().unwrap_or(Value::Null);
        match method {
            "offer" => json(t.offer(&arg(args, "channel_instance")?)?),
            "select" => {
                json(t.select(&arg(args, "channel_instance")?, &arg(args, "template_id")?)?)
            }
            "validate" => json(t.validate(&arg(args, "template_id")?, &submission())?),
            "submit" => json(t.submit(
                &arg(args, "channel_instance")?,
                &arg(args, "template_id")?,
                &submission(),
            )?),
            other => Err(Error::invalid_input(
                "op",
                format!("unknown op `templates.{other}`"),
            )),
        }
    })())
}
