//! Conformance ops of the agent area (TB1–TB5, CM1 3–11, CM2, CM4, BS1).
//!
//! | op | args | result |
//! |----|------|--------|
//! | `call_center.apply` | `{"event"}` | `Applied` |
//! | `call_center.apply_many` | `{"events": [...]}` | `BatchResult` |
//! | `call_center.wallboard` | `{"scope"}` | `Wallboard` |
//! | `call_center.listening_list` | `{"scope"}` | `ListeningList` |
//! | `call_center.big_screen` | `{"scope"}` | `BigScreen` |
//! | `call_center.agent_state` | `{"agent"}` | `AgentStateView` |
//! | `call_center.toolbar` | `{"agent"}` | `ToolbarView` |
//! | `call_center.agent_stats` | `{"agent", "now"}` | `AgentStats` |
//! | `call_center.snapshot_roundtrip` | `{}` | the restored center's snapshot equals the original: `true` |

use crate::{Harness, arg};
use cxkit::call_center::Event;
use cxkit::{CallCenter, Error};
use cxkit_core::{AgentId, Scope, Timestamp};
use serde_json::Value;

fn out<T: serde::Serialize>(v: T) -> Result<Value, Error> {
    serde_json::to_value(v).map_err(|e| Error::Internal { message: e.to_string() })
}

fn center(h: &mut Harness) -> Result<&mut CallCenter, Error> {
    h.object("call_center", CallCenter::new)
}

pub fn dispatch(h: &mut Harness, op: &str, args: &Value) -> Option<Result<Value, Error>> {
    let r = match op {
        "call_center.apply" => (|| {
            let e = Event::from_value(args.get("event").unwrap_or(&Value::Null))?;
            out(center(h)?.apply(&e)?)
        })(),
        "call_center.apply_many" => (|| {
            let es = args
                .get("events")
                .and_then(Value::as_array)
                .ok_or_else(|| Error::invalid_input("events", "an array of events is required"))?
                .iter()
                .enumerate()
                .map(|(i, e)| Event::from_value(e).map_err(|e| cxkit::error::rebase(e, &format!("events[{i}]"))))
                .collect::<Result<Vec<_>, _>>()?;
            out(center(h)?.apply_many(&es))
        })(),
        "call_center.wallboard" => (|| {
            let s: Scope = arg(args, "scope")?;
            out(center(h)?.wallboard(&s)?)
        })(),
        "call_center.listening_list" => (|| {
            let s: Scope = arg(args, "scope")?;
            out(center(h)?.listening_list(&s)?)
        })(),
        "call_center.big_screen" => (|| {
            let s: Scope = arg(args, "scope")?;
            out(center(h)?.big_screen(&s)?)
        })(),
        "call_center.agent_state" => (|| {
            let a: AgentId = arg(args, "agent")?;
            out(center(h)?.agent_state(&a)?)
        })(),
        "call_center.toolbar" => (|| {
            let a: AgentId = arg(args, "agent")?;
            out(center(h)?.toolbar(&a)?)
        })(),
        "call_center.agent_stats" => (|| {
            let a: AgentId = arg(args, "agent")?;
            let now: Timestamp = arg(args, "now")?;
            out(center(h)?.agent_stats(&a, now)?)
        })(),
        "call_center.snapshot_roundtrip" => (|| {
            let config = h.config.clone();
            let c = center(h)?;
            let snap = c.snapshot();
            let back = CallCenter::restore(&config, snap.clone())?;
            Ok(Value::Bool(back.snapshot() == snap && back.board() == c.board()))
        })(),
        _ => return None,
    };
    Some(r)
}

/// Fills `"expect": "FILL"` placeholders of the agent vectors with the
/// actual results (a maintainer's tool; review the diff before committing).
/// `cargo test -p cxkit --test conformance -- --ignored fill_agent_vectors`
#[test]
#[ignore]
fn fill_agent_vectors() {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors");
    for entry in std::fs::read_dir(&dir).expect("vectors dir").flatten() {
        let path = entry.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !name.starts_with(std::env::var("CXKIT_FILL_PREFIX").as_deref().unwrap_or("agents_")) {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read vector");
        let all = std::env::var("CXKIT_FILL_ALL").is_ok();
        if !all && !text.contains("\"FILL\"") {
            continue;
        }
        let mut v: Value = serde_json::from_str(&text).expect("vector json");
        let config = cxkit::Config::from_json_value(v["config"].clone()).expect("config");
        let mut h = Harness {
            config,
            objects: Default::default(),
        };
        let mut changed = false;
        if let Some(steps) = v["steps"].as_array_mut() {
            for step in steps {
                let op = step["op"].as_str().unwrap_or_default().to_owned();
                let args = step.get("args").cloned().unwrap_or(Value::Object(Default::default()));
                let r = super::dispatch(&mut h, &op, &args).unwrap_or_else(|| panic!("{name}: unknown op {op}"));
                if all && step.get("expect_error").is_some() {
                    match &r {
                        Ok(a) => eprintln!("{name} step: {op} expected an error, got {a}"),
                        Err(e) if Some(e.code()) != step["expect_error"]["code"].as_str() => {
                            eprintln!("{name} step: {op} expected {}, got {}", step["expect_error"], e.to_json())
                        }
                        Err(_) => {}
                    }
                }
                if step.get("expect").and_then(|e| e.as_str()) == Some("FILL")
                    || (all && step.get("expect").is_some() && r.as_ref().is_ok_and(|a| !crate::json_matches(&step["expect"], a)))
                {
                    match r {
                        Ok(actual) => step["expect"] = actual,
                        Err(e) => panic!("{name}: {op} failed while filling: {}", e.to_json()),
                    }
                    changed = true;
                }
            }
        }
        if changed {
            std::fs::write(&path, pretty(&v)).expect("write vector");
        }
    }
}

/// Vector JSON: one step per line, compact inside.
fn pretty(v: &Value) -> String {
    let mut s = String::from("{\n");
    let obj = v.as_object().expect("vector object");
    let n = obj.len();
    for (k, (key, val)) in obj.iter().enumerate() {
        let comma = if k + 1 < n { "," } else { "" };
        if key == "steps" {
            s.push_str("  \"steps\": [\n");
            let steps = val.as_array().expect("steps");
            for (j, st) in steps.iter().enumerate() {
                let c = if j + 1 < steps.len() { "," } else { "" };
                s.push_str(&format!("    {st}{c}\n"));
            }
            s.push_str(&format!("  ]{comma}\n"));
        } else {
            s.push_str(&format!("  \"{key}\": {val}{comma}\n"));
        }
    }
    s.push_str("}\n");
    s
}
