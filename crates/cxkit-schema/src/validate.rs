//! A validator of JSON values against the schema, for the subset of JSON
//! Schema that `schemars` emits for the cxkit types (`$ref`, `type`,
//! `const`, `enum`, `oneOf`, `anyOf`, `properties`, `required`,
//! `additionalProperties`, `items`, `minimum`, `format: date-time|date`).
//! Any other keyword is an error, so a schema outgrowing the validator
//! fails the tests instead of passing unchecked.

use serde_json::{Map, Value};

/// Checks `value` against the definition `name` of the schema document
/// `doc`; the error lists every problem with its JSON path.
pub fn validate(doc: &Value, name: &str, value: &Value) -> Result<(), Vec<String>> {
    let mut problems = Vec::new();
    let root = serde_json::json!({"$ref": format!("#/$defs/{name}")});
    check(doc, &root, value, "$", &mut problems);
    if problems.is_empty() { Ok(()) } else { Err(problems) }
}

const ANNOTATIONS: &[&str] = &["description", "title", "default", "x-cxkit-direction", "uniqueItems"];

fn def<'a>(doc: &'a Value, r: &str) -> Option<&'a Value> {
    doc.get("$defs")?.get(r.strip_prefix("#/$defs/")?)
}

fn type_ok(t: &str, v: &Value) -> bool {
    match t {
        "string" => v.is_string(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        _ => false,
    }
}

fn check(doc: &Value, s: &Value, v: &Value, path: &str, out: &mut Vec<String>) {
    let m: &Map<String, Value> = match s {
        Value::Bool(true) => return,
        Value::Object(m) => m,
        other => return out.push(format!("{path}: unsupported schema {other}")),
    };
    for (k, kw) in m {
        match k.as_str() {
            "$ref" => match kw.as_str().and_then(|r| def(doc, r)) {
                Some(d) => check(doc, d, v, path, out),
                None => out.push(format!("{path}: unknown $ref {kw}")),
            },
            "type" => {
                let ok = match kw {
                    Value::String(t) => type_ok(t, v),
                    Value::Array(ts) => ts.iter().filter_map(Value::as_str).any(|t| type_ok(t, v)),
                    _ => false,
                };
                if !ok {
                    out.push(format!("{path}: {v} is not of type {kw}"));
                }
            }
            "const" => {
                if kw != v {
                    out.push(format!("{path}: {v} is not {kw}"));
                }
            }
            "enum" => {
                if !kw.as_array().is_some_and(|e| e.contains(v)) {
                    out.push(format!("{path}: {v} is not one of {kw}"));
                }
            }
            "oneOf" | "anyOf" => {
                let vs = kw.as_array().map(Vec::as_slice).unwrap_or_default();
                let passing = vs
                    .iter()
                    .filter(|x| {
                        let mut p = Vec::new();
                        check(doc, x, v, path, &mut p);
                        p.is_empty()
                    })
                    .count();
                let ok = if k == "oneOf" { passing == 1 } else { passing >= 1 };
                if !ok {
                    // The closest variant's problems say most.
                    let best = vs
                        .iter()
                        .map(|x| {
                            let mut p = Vec::new();
                            check(doc, x, v, path, &mut p);
                            p
                        })
                        .min_by_key(Vec::len)
                        .unwrap_or_default();
                    out.push(format!(
                        "{path}: {passing} of the {} variants of {k} match; closest: {best:?}",
                        vs.len()
                    ));
                }
            }
            "properties" => {
                if let (Some(props), Some(obj)) = (kw.as_object(), v.as_object()) {
                    for (key, ps) in props {
                        if let Some(x) = obj.get(key) {
                            check(doc, ps, x, &format!("{path}.{key}"), out);
                        }
                    }
                }
            }
            "required" => {
                if let Some(obj) = v.as_object() {
                    for key in kw.as_array().into_iter().flatten().filter_map(Value::as_str) {
                        if !obj.contains_key(key) {
                            out.push(format!("{path}: missing key `{key}`"));
                        }
                    }
                }
            }
            "additionalProperties" => {
                if let Some(obj) = v.as_object() {
                    let props = m.get("properties").and_then(Value::as_object);
                    for (key, x) in obj {
                        if props.is_some_and(|p| p.contains_key(key)) {
                            continue;
                        }
                        match kw {
                            Value::Bool(false) => out.push(format!("{path}: unexpected key `{key}`")),
                            Value::Bool(true) => {}
                            s => check(doc, s, x, &format!("{path}.{key}"), out),
                        }
                    }
                }
            }
            "items" => {
                if let Some(a) = v.as_array() {
                    for (i, x) in a.iter().enumerate() {
                        check(doc, kw, x, &format!("{path}[{i}]"), out);
                    }
                }
            }
            "minimum" => {
                if let (Some(min), Some(x)) = (kw.as_f64(), v.as_f64())
                    && x < min
                {
                    out.push(format!("{path}: {x} is below the minimum {min}"));
                }
            }
            "format" => {
                if let Some(s) = v.as_str() {
                    let ok = match kw.as_str() {
                        Some("date-time") => chrono::DateTime::parse_from_rfc3339(s).is_ok(),
                        Some("date") => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok(),
                        _ => true,
                    };
                    if !ok {
                        out.push(format!("{path}: {s:?} is not a {kw}"));
                    }
                }
            }
            a if ANNOTATIONS.contains(&a) => {}
            other => out.push(format!("{path}: the validator does not know the keyword `{other}`")),
        }
    }
}
