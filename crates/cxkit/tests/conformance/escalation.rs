//! Conformance ops of the escalation area (RB1): `escalation.observe`,
//! `escalation.observe_score`, `escalation.end`, `escalation.evict_idle`,
//! `escalation.score`. Args and results are listed in `docs/escalation.md`.

use crate::{Harness, arg};
use cxkit::Error;
use cxkit::escalation::Escalation;
use serde_json::Value;

fn human_available(args: &Value) -> bool {
    args.get("human_available")
        .and_then(Value::as_bool)
        .unwrap_or(true)
}

pub fn dispatch(h: &mut Harness, op: &str, args: &Value) -> Option<Result<Value, Error>> {
    let method = op.strip_prefix("escalation.")?;
    let result = (|| -> Result<Value, Error> {
        let esc = h.object("escalation", |c| Escalation::new(&c.escalation))?;
        Ok(match method {
            "observe" => {
                serde_json::to_value(esc.observe(&arg(args, "message")?, human_available(args))?)?
            }
            "observe_score" => serde_json::to_value(esc.observe_score(
                &arg(args, "message")?,
                arg(args, "score")?,
                human_available(args),
            )?)?,
            "end" => serde_json::to_value(esc.end(&arg(args, "conversation")?, arg(args, "at")?)?)?,
            "evict_idle" => serde_json::to_value(esc.evict_idle(arg(args, "now")?)?)?,
            "score" => serde_json::to_value(esc.score(&arg::<String>(args, "text")?)?)?,
            other => {
                return Err(Error::invalid_input(
                    "op",
                    format!("unknown escalation op `{other}`"),
                ));
            }
        })
    })();
    Some(result)
}
