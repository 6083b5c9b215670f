//! Conformance ops of the online area (OS1–OS4). Chat events go through
//! `call_center.apply` like every other event.
//!
//! | op | args | result |
//! |----|------|--------|
//! | `call_center.online_wallboard` | `{"scope", "now"}` | `OnlineWallboard` |
//! | `call_center.online_metrics` | `{"agent", "now"}` | `OnlineAgentMetrics` |
//! | `call_center.agent_chats` | `{"agent", "now"}` | `[AgentChat]` |
//! | `call_center.bot_handoff` | `{"message", "instance"}` (with the vector's `escalation` and `templates` objects) | `Handoff` |

use crate::Harness;
use cxkit::{CallCenter, Error};
use cxkit_core::{AgentId, Scope, Timestamp};
use serde::de::DeserializeOwned;
use serde_json::Value;

fn arg<T: DeserializeOwned>(args: &Value, name: &str) -> Result<T, Error> {
    serde_json::from_value(args.get(name).cloned().unwrap_or(Value::Null))
        .map_err(|e| Error::invalid_input(name, format!("malformed `{name}`: {e}")))
}

fn out<T: serde::Serialize>(v: T) -> Result<Value, Error> {
    serde_json::to_value(v).map_err(|e| Error::Internal { message: e.to_string() })
}

fn center(h: &mut Harness) -> Result<&mut CallCenter, Error> {
    h.object("call_center", CallCenter::new)
}

pub fn dispatch(h: &mut Harness, op: &str, args: &Value) -> Option<Result<Value, Error>> {
    let r = match op {
        "call_center.online_wallboard" => (|| {
            let s: Scope = arg(args, "scope")?;
            let now: Timestamp = arg(args, "now")?;
            out(center(h)?.online_wallboard(&s, now)?)
        })(),
        "call_center.online_metrics" => (|| {
            let a: AgentId = arg(args, "agent")?;
            let now: Timestamp = arg(args, "now")?;
            out(center(h)?.online_metrics(&a, now)?)
        })(),
        "call_center.agent_chats" => (|| {
            let a: AgentId = arg(args, "agent")?;
            let now: Timestamp = arg(args, "now")?;
            out(center(h)?.agent_chats(&a, now)?)
        })(),
        "call_center.bot_handoff" => (|| {
            let message: cxkit::escalation_rules::CustomerMessage = arg(args, "message")?;
            let instance: String = arg(args, "instance")?;
            h.object("escalation", |c| cxkit::Escalation::new(&c.escalation))?;
            h.object("templates", cxkit::Templates::new)?;
            center(h)?;
            // Three objects of the harness at once: take two out and put them back.
            let mut esc = h.objects.remove("escalation").expect("created above");
            let tm = h.objects.remove("templates").expect("created above");
            let r = (|| {
                let esc = esc.downcast_mut::<cxkit::Escalation>().expect("escalation object");
                let tm = tm.downcast_ref::<cxkit::Templates>().expect("templates object");
                out(center(h)?.bot_handoff(esc, tm, &message, &instance)?)
            })();
            h.objects.insert("escalation", esc);
            h.objects.insert("templates", tm);
            r
        })(),
        _ => return None,
    };
    Some(r)
}
