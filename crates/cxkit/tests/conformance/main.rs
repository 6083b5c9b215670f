//! Runs every `tests/vectors/*.json` conformance vector through the Rust
//! facade. The same files are run by the Python, Node and Kotlin bindings;
//! the format is documented in `docs/vectors.md`.
//!
//! Each area owns one module here that maps its ops (`"<object>.<method>"`)
//! to facade calls; this file owns the harness and the comparison rules.

mod agents;
mod calls;
mod escalation;
mod monitor;
mod online;
mod templates;
mod tickets;

use cxkit::{Config, Error};
use serde_json::Value;
use std::any::Any;
use std::collections::HashMap;
use std::path::PathBuf;

/// Argument `name` of a step, decoded as the facade decodes input (errors
/// name the path: `record.ended_at`). Events go through `Event::from_value`,
/// the reader every binding uses.
pub fn arg<T: serde::de::DeserializeOwned>(args: &Value, name: &str) -> Result<T, Error> {
    cxkit::decode::from_value(name, args.get(name).unwrap_or(&Value::Null))
}

/// The objects of one vector, created on first use from its config.
pub struct Harness {
    /// The vector's configuration.
    pub config: Config,
    objects: HashMap<&'static str, Box<dyn Any>>,
}

impl Harness {
    /// The object named `name`, created with `make` on first use.
    pub fn object<T: 'static>(
        &mut self,
        name: &'static str,
        make: impl FnOnce(&Config) -> Result<T, Error>,
    ) -> Result<&mut T, Error> {
        if !self.objects.contains_key(name) {
            let obj = make(&self.config)?;
            self.objects.insert(name, Box::new(obj));
        }
        Ok(self
            .objects
            .get_mut(name)
            .and_then(|b| b.downcast_mut::<T>())
            .expect("object registered under one type"))
    }
}

/// Numbers the directories `config.load_file` writes its files in.
static FILES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Dispatches one op; `None` if no area knows it.
fn dispatch(h: &mut Harness, op: &str, args: &Value) -> Option<Result<Value, Error>> {
    if op == "config.load" {
        // Loads and validates a whole configuration; used by config vectors.
        return Some((|| {
            let c = Config::from_json_value(args["config"].clone())?;
            let t = c.tenant()?;
            Ok(serde_json::json!({
                "tenant": t.config.id, "org_units": t.org.len(), "agents": t.config.agents.len()
            }))
        })());
    }
    if op == "config.load_file" {
        // Writes `text` to a file called `name` in a fresh directory (or
        // nothing when `text` is null) and loads that path, as config.load.
        return Some((|| {
            let name = args["name"].as_str().unwrap_or("config.json");
            let dir = std::env::temp_dir().join(format!(
                "cxkit-vector-{}-{}",
                std::process::id(),
                FILES.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            ));
            std::fs::create_dir_all(&dir).expect("temp dir");
            let path = dir.join(name);
            if let Some(text) = args["text"].as_str() {
                std::fs::write(&path, text).expect("write the vector's file");
            }
            let loaded = Config::from_path(&path);
            let _ = std::fs::remove_dir_all(&dir);
            let t = loaded?.tenant()?;
            Ok(serde_json::json!({
                "tenant": t.config.id, "org_units": t.org.len(), "agents": t.config.agents.len()
            }))
        })());
    }
    agents::dispatch(h, op, args)
        .or_else(|| calls::dispatch(h, op, args))
        .or_else(|| monitor::dispatch(h, op, args))
        .or_else(|| tickets::dispatch(h, op, args))
        .or_else(|| templates::dispatch(h, op, args))
        .or_else(|| escalation::dispatch(h, op, args))
        .or_else(|| online::dispatch(h, op, args))
}

/// `expected` matches `actual`: objects and arrays exactly (same keys, same
/// length), numbers within 1e-9 relative, everything else equal.
pub fn json_matches(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::Number(a), Value::Number(b)) => {
            let (a, b) = (a.as_f64().unwrap_or(f64::NAN), b.as_f64().unwrap_or(f64::NAN));
            a == b || (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| json_matches(x, y))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| json_matches(v, w)))
        }
        _ => expected == actual,
    }
}

/// `expected` (a subset of keys) matches `actual` error details.
fn details_match(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::Object(a), Value::Object(b)) => {
            a.iter().all(|(k, v)| b.get(k).is_some_and(|w| json_matches(v, w)))
        }
        _ => json_matches(expected, actual),
    }
}

fn vector_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

#[test]
fn all_conformance_vectors() {
    let files = vector_files();
    assert!(!files.is_empty(), "no conformance vectors found");
    let mut failures = Vec::new();
    let mut steps_run = 0;
    for file in &files {
        let name = file.file_name().expect("file name").to_string_lossy().into_owned();
        let text = std::fs::read_to_string(file).expect("readable vector");
        let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let config = match Config::from_json_value(v["config"].clone()) {
            Ok(c) => c,
            Err(e) => {
                failures.push(format!("{name}: config does not load: {e}"));
                continue;
            }
        };
        let mut h = Harness { config, objects: HashMap::new() };
        for (i, step) in v["steps"].as_array().expect("steps array").iter().enumerate() {
            let op = step["op"].as_str().expect("op string");
            let args = step.get("args").cloned().unwrap_or(Value::Object(Default::default()));
            let Some(result) = dispatch(&mut h, op, &args) else {
                failures.push(format!("{name} step {i}: unknown op `{op}`"));
                break;
            };
            steps_run += 1;
            match (result, step.get("expect"), step.get("expect_error")) {
                (Ok(actual), Some(expected), None) => {
                    if !json_matches(expected, &actual) {
                        failures.push(format!(
                            "{name} step {i} ({op}):\n  expected {expected}\n  actual   {actual}"
                        ));
                    }
                }
                (Ok(actual), None, Some(err)) => failures.push(format!(
                    "{name} step {i} ({op}): expected error {err}, got {actual}"
                )),
                (Err(e), None, Some(err)) => {
                    let got = e.to_json();
                    if err["code"] != got["code"]
                        || err.get("details").is_some_and(|d| !details_match(d, &got["details"]))
                    {
                        failures.push(format!("{name} step {i} ({op}): expected error {err}, got {got}"));
                    }
                }
                (Err(e), _, _) => failures.push(format!(
                    "{name} step {i} ({op}): unexpected error {}",
                    e.to_json()
                )),
                (Ok(_), _, _) => {
                    failures.push(format!("{name} step {i}: needs exactly one of expect / expect_error"))
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
    eprintln!("{} vector files, {steps_run} steps", files.len());
}
