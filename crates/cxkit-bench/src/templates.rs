//! Bench area `templates`: validating a 20-field leave-a-message submission
//! with the allocation-free scanners of `cxkit-templates`, against a naive
//! validator that copies the submission into a `HashMap<String, String>` and
//! allocates in every check (split/collect, replace, chrono parse, …).

use crate::report::{line, side_by_side};
use cxkit_templates::{Field, FieldKind, Template, TemplateCatalog, TemplatesConfig, validate};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::hint::black_box;
use std::time::Duration;

fn template() -> TemplateCatalog {
    let kinds = [
        json!({"kind": "text", "max_length": 50}),
        json!({"kind": "long_text", "max_length": 2000}),
        json!({"kind": "phone"}),
        json!({"kind": "email"}),
        json!({"kind": "number"}),
        json!({"kind": "date"}),
        json!({"kind": "single_choice", "options": ["refund", "repair", "exchange", "other"]}),
        json!({"kind": "multi_choice", "options": ["urgent", "vip", "repeat", "press"]}),
    ];
    let fields: Vec<Value> = (0..20)
        .map(|i| {
            let mut f = kinds[i % kinds.len()].clone();
            f["key"] = json!(format!("f{i:02}"));
            f["required"] = json!(i % 3 == 0);
            f
        })
        .collect();
    let c: TemplatesConfig =
        serde_json::from_value(json!({"templates": [{"id": "t20", "fields": fields}]}))
            .expect("config");
    TemplateCatalog::new(&c).expect("catalog")
}

fn submission(t: &Template) -> Value {
    let mut m = serde_json::Map::new();
    for f in t.fields() {
        let v = match &f.kind {
            FieldKind::Text => json!("王小明"),
            FieldKind::LongText => {
                json!("The screen cracked two days after delivery; please advise how to return it.")
            }
            FieldKind::Phone => json!("+86 138-0013-8000"),
            FieldKind::Email => json!("first.last+tag@mail.example.com"),
            FieldKind::Number => json!("1234.50"),
            FieldKind::Date => json!("2026-03-28"),
            FieldKind::SingleChoice { .. } => json!("repair"),
            FieldKind::MultiChoice { .. } => json!(["urgent", "vip"]),
        };
        m.insert(f.key.clone(), v);
    }
    Value::Object(m)
}

/// The naive validator: same rules in spirit, written the obvious way.
fn naive_validate(fields: &[Field], submission: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    let Some(obj) = submission.as_object() else {
        return vec!["not an object".into()];
    };
    let mut strings: HashMap<String, String> = HashMap::new();
    let mut lists: HashMap<String, Vec<String>> = HashMap::new();
    for (k, v) in obj {
        match v {
            Value::String(s) => {
                strings.insert(k.clone(), s.trim().to_string());
            }
            Value::Array(a) => {
                lists.insert(
                    k.clone(),
                    a.iter()
                        .filter_map(|x| x.as_str().map(str::to_string))
                        .collect(),
                );
            }
            _ => errors.push(format!("{k}: wrong_type")),
        }
    }
    for f in fields {
        if let FieldKind::MultiChoice { options } = &f.kind {
            let opts: Vec<String> = options.iter().map(|o| o.to_string()).collect();
            for x in lists.get(&f.key).cloned().unwrap_or_default() {
                if !opts.contains(&x) {
                    errors.push(format!("{}: bad_option", f.key));
                }
            }
            continue;
        }
        let Some(s) = strings.get(&f.key).cloned() else {
            if f.required {
                errors.push(format!("{}: required", f.key));
            }
            continue;
        };
        let chars: Vec<char> = s.chars().collect();
        if f.max_length.is_some_and(|m| chars.len() > m as usize) {
            errors.push(format!("{}: too_long", f.key));
        }
        let ok = match &f.kind {
            FieldKind::Phone => {
                let d = s.replace([' ', '-'], "");
                let d = d.strip_prefix('+').unwrap_or(&d).to_string();
                d.chars().all(|c| c.is_ascii_digit()) && (5..=15).contains(&d.len())
            }
            FieldKind::Email => {
                let parts: Vec<&str> = s.split('@').collect();
                parts.len() == 2 && {
                    let labels: Vec<String> = parts[1].split('.').map(str::to_lowercase).collect();
                    !parts[0].is_empty()
                        && labels.len() >= 2
                        && labels.iter().all(|l| !l.is_empty())
                }
            }
            FieldKind::Number => s.parse::<f64>().is_ok_and(f64::is_finite),
            FieldKind::Date => chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d").is_ok(),
            FieldKind::SingleChoice { options } => options
                .iter()
                .map(|o| o.to_string())
                .collect::<Vec<_>>()
                .contains(&s),
            _ => true,
        };
        if !ok {
            errors.push(format!("{}: bad", f.key));
        }
    }
    for k in obj.keys() {
        if !fields
            .iter()
            .map(|f| f.key.clone())
            .collect::<Vec<_>>()
            .contains(k)
        {
            errors.push(format!("{k}: unknown_field"));
        }
    }
    errors
}

/// Runs the area.
pub fn run() {
    let catalog = template();
    let t = catalog.template("t20").expect("template");
    let sub = submission(t);
    assert_eq!(validate(t, &sub), Ok(()), "bench submission must be valid");
    assert!(
        naive_validate(t.fields(), &sub).is_empty(),
        "naive baseline must agree"
    );
    const N: u64 = 1_000;
    let (ours, base) = side_by_side(
        N,
        N,
        Duration::from_millis(1500),
        || {
            for _ in 0..N {
                black_box(validate(black_box(t), black_box(&sub)).is_ok());
            }
        },
        || {
            for _ in 0..N {
                black_box(naive_validate(black_box(t.fields()), black_box(&sub)).len());
            }
        },
    );
    line(
        "templates.validate_20_fields",
        None,
        ours * 1e6,
        "us",
        "naive_hashmap_copy_allocating_checks",
        Some(base / ours),
        json!({"fields": 20, "baseline_us": (base * 1e9).round() / 1e3}),
    );
}
