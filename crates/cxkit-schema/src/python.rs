//! `bindings/python/python/cxkit/types.py`: every schema type as a
//! `TypedDict` (optional keys in a `total=False` base class, so the module
//! imports on Python 3.9 without `typing_extensions`), a `Literal` or an
//! alias.

use crate::ir::{self, Decl, Field, Ty};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
    "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
];

fn is_ident(k: &str) -> bool {
    let mut c = k.chars();
    c.next().is_some_and(|f| f.is_ascii_alphabetic() || f == '_')
        && c.all(|x| x.is_ascii_alphanumeric() || x == '_')
        && !KEYWORDS.contains(&k)
}

fn lit(v: &Value) -> String {
    match v {
        Value::String(s) => format!("{s:?}"),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Null => "None".into(),
        other => other.to_string(),
    }
}

fn render(t: &Ty) -> String {
    match t {
        Ty::Str => "str".into(),
        Ty::Int => "int".into(),
        Ty::Float => "float".into(),
        Ty::Bool => "bool".into(),
        Ty::Null => "None".into(),
        Ty::Any => "Any".into(),
        Ty::Time => "Time".into(),
        Ty::Date => "Date".into(),
        Ty::Lit(vs) => format!("Literal[{}]", vs.iter().map(lit).collect::<Vec<_>>().join(", ")),
        Ty::List(t) => format!("List[{}]", render(t)),
        Ty::Map(t) => format!("Dict[str, {}]", render(t)),
        Ty::Ref(n) => n.clone(),
        Ty::Union(ts) => match ts.split_last() {
            Some((Ty::Null, rest)) if rest.len() == 1 => format!("Optional[{}]", render(&rest[0])),
            Some((Ty::Null, rest)) => {
                format!(
                    "Optional[Union[{}]]",
                    rest.iter().map(render).collect::<Vec<_>>().join(", ")
                )
            }
            _ => format!("Union[{}]", ts.iter().map(render).collect::<Vec<_>>().join(", ")),
        },
    }
}

/// A doc comment as `#:` lines (first paragraph only: the schema keeps the rest).
fn comment(out: &mut String, indent: &str, doc: &Option<String>) {
    if let Some(d) = doc {
        let para = d.split("\n\n").next().unwrap_or_default();
        for line in para.lines() {
            let _ = writeln!(out, "{indent}#: {}", line.trim_end());
        }
    }
}

fn docstring(out: &mut String, indent: &str, doc: &Option<String>) {
    if let Some(d) = doc {
        let para = d
            .split("\n\n")
            .next()
            .unwrap_or_default()
            .replace('\\', "\\\\")
            .replace("\"\"\"", "'''");
        let lines: Vec<&str> = para.lines().collect();
        if lines.len() == 1 {
            let _ = writeln!(out, "{indent}\"\"\"{}\"\"\"", lines[0].trim_end());
        } else {
            let _ = writeln!(out, "{indent}\"\"\"{}", lines[0].trim_end());
            for l in &lines[1..] {
                let _ = writeln!(out, "{indent}{}", l.trim_end());
            }
            let _ = writeln!(out, "{indent}\"\"\"");
        }
    }
}

fn class(out: &mut String, name: &str, base: &str, fields: &[&Field], doc: &Option<String>) {
    let _ = writeln!(out, "\n\nclass {name}({base}):");
    docstring(out, "    ", doc);
    if fields.is_empty() && doc.is_none() {
        let _ = writeln!(out, "    pass");
    }
    for f in fields {
        comment(out, "    ", &f.doc);
        let _ = writeln!(out, "    {}: {}", f.key, render(&f.ty));
    }
}

/// An object whose keys are all identifiers: a class (its optional keys in
/// a `total=False` base).
fn object_class(out: &mut String, name: &str, doc: &Option<String>, fields: &[Field]) {
    let req: Vec<&Field> = fields.iter().filter(|f| f.required).collect();
    let opt: Vec<&Field> = fields.iter().filter(|f| !f.required).collect();
    if opt.is_empty() {
        class(out, name, "TypedDict", &req, doc);
    } else if req.is_empty() {
        class(out, name, "TypedDict, total=False", &opt, doc);
    } else {
        let base = format!("_{name}Optional");
        class(out, &base, "TypedDict, total=False", &opt, &None);
        class(out, name, &base, &req, doc);
    }
}

/// An object with a key that is no identifier (`break`): the functional
/// form (types quoted, so that order does not matter at run time).
fn object_functional(out: &mut String, name: &str, doc: &Option<String>, fields: &[Field]) {
    let req: Vec<&Field> = fields.iter().filter(|f| f.required).collect();
    let opt: Vec<&Field> = fields.iter().filter(|f| !f.required).collect();
    let dict = |fs: &[&Field]| {
        fs.iter()
            .map(|f| format!("\n    {:?}: {:?},", f.key, render(&f.ty)))
            .collect::<String>()
    };
    out.push('\n');
    comment(out, "", doc);
    match (req.is_empty(), opt.is_empty()) {
        (_, true) => {
            let _ = writeln!(out, "{name} = TypedDict(\"{name}\", {{{}\n}})", dict(&req));
        }
        (true, false) => {
            let _ = writeln!(out, "{name} = TypedDict(\"{name}\", {{{}\n}}, total=False)", dict(&opt));
        }
        (false, false) => {
            let _ = writeln!(
                out,
                "_{name}Optional = TypedDict(\"_{name}Optional\", {{{}\n}}, total=False)",
                dict(&opt)
            );
            let _ = writeln!(
                out,
                "_{name}Required = TypedDict(\"_{name}Required\", {{{}\n}})",
                dict(&req)
            );
            let _ = writeln!(out, "\n\nclass {name}(_{name}Required, _{name}Optional):");
            docstring(out, "    ", doc);
            if doc.is_none() {
                let _ = writeln!(out, "    pass");
            }
        }
    }
}

/// The module text.
pub fn generate(doc: &Value) -> String {
    let decls = ir::read(doc);
    let mut out = String::from(
        "\"\"\"The JSON shapes cxkit exchanges, as Python types: every event, scope,\n\
         configuration section and result, a ``TypedDict`` (keys that may be\n\
         absent are optional) or a ``Literal``.\n\
         \n\
         GENERATED by ``cargo run -p cxkit-schema`` from ``schema/cxkit.schema.json``,\n\
         itself generated from the Rust types: do not edit. A type a caller gives\n\
         (``Event``, ``Scope``, ``Config``, ``CallRecord``) has its keys with a\n\
         default optional and takes timestamps as :data:`Time`; a type cxkit returns\n\
         has every key it always writes required, timestamps as strings. Where\n\
         the two differ the returned one ends in ``Out`` (``ConfigOut``).\n\
         \"\"\"\n\
         \n\
         from __future__ import annotations\n\
         \n\
         import datetime\n\
         from typing import Any, Dict, List, Optional, Union\n\
         \n\
         from typing import Literal, TypedDict\n\
         \n\
         #: A timestamp a caller gives: an aware ``datetime`` or an RFC 3339 string.\n\
         Time = Union[str, datetime.datetime]\n\
         #: A date a caller gives: a ``date`` or ``\"YYYY-MM-DD\"``.\n\
         Date = Union[str, datetime.date]\n",
    );
    // Classes first (their annotations are lazy), then the assignments
    // (aliases, functional TypedDicts), each after the ones it names.
    let mut assigns: BTreeMap<String, (BTreeSet<String>, String)> = BTreeMap::new();
    let mut all: Vec<String> = vec!["Time".into(), "Date".into()];
    for d in &decls {
        all.push(d.name().to_owned());
        match d {
            Decl::Object { name, doc, fields } if fields.iter().all(|f| is_ident(&f.key)) => {
                object_class(&mut out, name, doc, fields);
            }
            Decl::Object { name, doc, fields } => {
                let mut text = String::new();
                object_functional(&mut text, name, doc, fields);
                assigns.insert(name.clone(), (BTreeSet::new(), text));
            }
            Decl::Alias { name, doc, ty } => {
                let mut deps = BTreeSet::new();
                ir::refs(ty, &mut deps);
                let mut text = String::from("\n");
                comment(&mut text, "", doc);
                // A Literal of several values is written as a Union of
                // one-value Literals: the same type to a checker, and a
                // `typing.Union` at run time as mypy.stubtest expects of
                // an alias mypy reads as a union.
                let rendered = match ty {
                    Ty::Lit(vs) if vs.len() > 1 => format!(
                        "Union[{}]",
                        vs.iter()
                            .map(|v| format!("Literal[{}]", lit(v)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    _ => render(ty),
                };
                let _ = writeln!(text, "{name} = {rendered}");
                assigns.insert(name.clone(), (deps, text));
            }
        }
    }
    out.push('\n');
    let mut done: BTreeSet<String> = BTreeSet::new();
    while done.len() < assigns.len() {
        let ready: Vec<String> = assigns
            .iter()
            .filter(|(n, (deps, _))| {
                !done.contains(*n) && deps.iter().all(|d| !assigns.contains_key(d) || done.contains(d))
            })
            .map(|(n, _)| n.clone())
            .collect();
        assert!(
            !ready.is_empty(),
            "the aliases of the schema refer to each other in a cycle"
        );
        for n in ready {
            out.push_str(&assigns[&n].1);
            done.insert(n);
        }
    }
    all.sort();
    out.push_str("\n__all__ = [\n");
    for n in all {
        let _ = writeln!(out, "    {n:?},");
    }
    out.push_str("]\n");
    out
}
