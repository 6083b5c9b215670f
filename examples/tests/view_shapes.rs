//! Every view's documented shape is its real shape (#17 item 6): the key
//! paths of the JSON each view returns over the simulated day
//! (`day::views::views_of_the_day`) are exactly the first column of the doc
//! table marked `<!-- shape: NAME -->` in docs/*.md.
//!
//! A table row is `| `path` | type | meaning |`: `a.b` a key inside `a`,
//! `a[]` the items of array `a`, `a.*` keys below `a` documented elsewhere
//! (not compared); a type cell `same as `X`` (a path of the same table) or
//! `same as shape `NAME`` (another table) gives the row the fields of X.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use cxkit_examples::day;
use serde_json::Value;

/// Dotted key paths of a value: `a`, `a.b`, `a[].c` (an array's items
/// share one path).
fn paths(v: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                out.insert(p.clone());
                paths(x, &p, out);
            }
        }
        Value::Array(items) => {
            for x in items {
                paths(x, &format!("{prefix}[]"), out);
            }
        }
        _ => {}
    }
}

struct Table {
    doc: String,
    /// (path, type cell)
    rows: Vec<(String, String)>,
}

fn shape_tables() -> BTreeMap<String, Table> {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs");
    let mut tables = BTreeMap::new();
    let mut files: Vec<_> = std::fs::read_dir(&docs)
        .expect("the docs directory is readable")
        .map(|e| e.expect("the docs directory is readable").path())
        .collect();
    files.sort();
    for path in files
        .iter()
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
    {
        let text = std::fs::read_to_string(path).expect("a doc file is readable");
        let doc = path
            .file_name()
            .expect("file names are UTF-8")
            .to_string_lossy()
            .into_owned();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let Some(name) = line
                .trim()
                .strip_prefix("<!-- shape: ")
                .and_then(|r| r.strip_suffix(" -->"))
            else {
                continue;
            };
            let rows = lines[i + 1..]
                .iter()
                .skip_while(|l| l.trim().is_empty())
                .take_while(|l| l.starts_with('|'))
                .skip(2) // header and rule
                .map(|l| {
                    let cells: Vec<&str> = l.split('|').map(str::trim).collect();
                    (cells[1].trim_matches('`').to_owned(), cells[2].to_owned())
                })
                .collect::<Vec<_>>();
            assert!(
                !rows.is_empty(),
                "{doc}:{}: shape {name} has no table under it",
                i + 1
            );
            let old = tables.insert(
                name.to_owned(),
                Table {
                    doc: doc.clone(),
                    rows,
                },
            );
            assert!(
                old.is_none(),
                "shape {name} is documented twice ({doc} and {})",
                old.expect("checked just above").doc
            );
        }
    }
    tables
}

/// The documented paths of a table, `same as` rows expanded; `.*` rows
/// give the prefixes not compared. Paths taken from another shape (`same as
/// shape`) are checked there: here a view need not have every one of them.
fn documented(name: &str, tables: &BTreeMap<String, Table>, depth: usize) -> Documented {
    assert!(depth < 8, "`same as` loops through shape {name}");
    let table = tables
        .get(name)
        .unwrap_or_else(|| panic!("no doc has a table marked <!-- shape: {name} -->"));
    let mut d = Documented::default();
    for (path, ty) in &table.rows {
        if let Some(prefix) = path.strip_suffix(".*") {
            d.opaque.insert(prefix.to_owned());
            continue;
        }
        if !path.ends_with("[]") {
            d.keys.insert(path.clone());
        }
        let Some(target) = ty.strip_prefix("same as ") else {
            continue;
        };
        let sub = if let Some(other) = target.strip_prefix("shape ") {
            let mut sub = documented(other.trim_matches('`'), tables, depth + 1);
            sub.optional
                .extend(sub.keys.iter().chain(&sub.opaque).cloned());
            sub
        } else {
            let target = target.trim_matches('`');
            let below = |p: &String| {
                p.strip_prefix(target)
                    .and_then(|r| r.strip_prefix('.'))
                    .map(str::to_owned)
            };
            let rows: Vec<String> = table.rows.iter().filter_map(|(p, _)| below(p)).collect();
            Documented {
                keys: rows
                    .iter()
                    .filter(|p| !p.ends_with(".*"))
                    .cloned()
                    .collect(),
                opaque: rows
                    .iter()
                    .filter_map(|p| p.strip_suffix(".*").map(str::to_owned))
                    .collect(),
                optional: BTreeSet::new(),
            }
        };
        let under = |set: BTreeSet<String>| {
            set.into_iter()
                .map(|k| format!("{path}.{k}"))
                .collect::<Vec<_>>()
        };
        d.keys.extend(under(sub.keys));
        d.opaque.extend(under(sub.opaque));
        d.optional.extend(under(sub.optional));
    }
    d
}

#[derive(Default)]
struct Documented {
    keys: BTreeSet<String>,
    opaque: BTreeSet<String>,
    optional: BTreeSet<String>,
}

#[test]
fn every_view_has_the_shape_its_doc_table_gives() {
    let tables = shape_tables();
    let mut seen: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (name, v) in day::views::views_of_the_day(day::SEED) {
        paths(&v, "", seen.entry(name).or_default());
    }
    let mut problems = Vec::new();
    for (name, real) in &seen {
        let Documented {
            keys: doc,
            opaque,
            optional,
        } = documented(name, &tables, 0);
        let hidden = |p: &String| {
            opaque
                .iter()
                .any(|o| p == o || p.starts_with(&format!("{o}.")))
        };
        let doc_name = &tables[*name].doc;
        for p in real.iter().filter(|p| !hidden(p) && !doc.contains(*p)) {
            problems.push(format!(
                "{doc_name} shape {name}: `{p}` is in the view but not in the table"
            ));
        }
        for p in doc
            .iter()
            .filter(|p| !real.contains(*p) && !optional.contains(*p))
        {
            problems.push(format!(
                "{doc_name} shape {name}: `{p}` is in the table but the day's views never have it"
            ));
        }
        for o in opaque
            .iter()
            .filter(|o| !real.contains(*o) && !optional.contains(*o))
        {
            problems.push(format!(
                "{doc_name} shape {name}: `{o}.*` names a field the view never has"
            ));
        }
    }
    // Tables that only serve `same as shape` references need no view.
    let referenced: BTreeSet<String> = tables
        .values()
        .flat_map(|t| {
            t.rows.iter().filter_map(|(_, ty)| {
                ty.strip_prefix("same as shape ")
                    .map(|n| n.trim_matches('`').to_owned())
            })
        })
        .collect();
    for (name, t) in &tables {
        if !seen.contains_key(name.as_str()) && !referenced.contains(name) {
            problems.push(format!("{}: shape {name} is no view the test takes", t.doc));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(seen.len() >= 15, "only {} views taken", seen.len());
}
