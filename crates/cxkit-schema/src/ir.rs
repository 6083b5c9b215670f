//! The schema read into a small tree of declarations that the Python and
//! TypeScript writers both render: named objects (a `TypedDict`, an
//! `interface`) and aliases (unions, literals, lists).
//!
//! The reader knows exactly the JSON-schema subset `schemars` emits for the
//! cxkit types (`validate.rs` checks the same subset); any other keyword
//! stops generation with a message rather than being guessed at.

use crate::pascal;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// A type expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    /// A string.
    Str,
    /// An integer.
    Int,
    /// Any number.
    Float,
    /// `true` / `false`.
    Bool,
    /// `null`.
    Null,
    /// Any JSON value.
    Any,
    /// An RFC 3339 timestamp given by a caller (a `datetime` / `Date` or a string).
    Time,
    /// A date given by a caller (`date` or `"YYYY-MM-DD"`).
    Date,
    /// One of these literal values.
    Lit(Vec<Value>),
    /// A list.
    List(Box<Ty>),
    /// An object of any keys, each value of this type.
    Map(Box<Ty>),
    /// A declared type, by name.
    Ref(String),
    /// One of these.
    Union(Vec<Ty>),
}

/// A key of an object.
#[derive(Debug, Clone)]
pub struct Field {
    /// The JSON key.
    pub key: String,
    /// Its type.
    pub ty: Ty,
    /// Whether the key is always present.
    pub required: bool,
    /// Its doc comment.
    pub doc: Option<String>,
}

/// A declaration.
#[derive(Debug, Clone)]
pub enum Decl {
    /// A fixed-keys object.
    Object {
        /// Its name.
        name: String,
        /// Its doc comment.
        doc: Option<String>,
        /// Its keys, in schema order.
        fields: Vec<Field>,
    },
    /// A name for a type expression.
    Alias {
        /// Its name.
        name: String,
        /// Its doc comment.
        doc: Option<String>,
        /// The type.
        ty: Ty,
    },
}

impl Decl {
    /// The declared name.
    pub fn name(&self) -> &str {
        match self {
            Decl::Object { name, .. } | Decl::Alias { name, .. } => name,
        }
    }
}

/// The keywords that carry no type information here.
const IGNORED: &[&str] = &[
    "description",
    "title",
    "default",
    "minimum",
    "maximum",
    "format",
    "uniqueItems",
    "x-cxkit-direction",
    "$schema",
];

struct Reader<'a> {
    input: bool,
    decls: &'a mut Vec<Decl>,
    names: &'a mut BTreeSet<String>,
}

fn doc(s: &Value) -> Option<String> {
    s.get("description")
        .and_then(Value::as_str)
        .map(|d| d.trim().to_owned())
}

impl Reader<'_> {
    fn claim(&mut self, name: &str) -> String {
        assert!(
            self.names.insert(name.to_owned()),
            "the generated name `{name}` is taken twice"
        );
        name.to_owned()
    }

    /// The type of `s`; `hint` names an object declared on the way.
    fn ty(&mut self, s: &Value, hint: &str) -> Ty {
        let m = match s {
            Value::Bool(true) => return Ty::Any,
            Value::Object(m) => m,
            other => panic!("unsupported schema `{other}` at {hint}"),
        };
        for k in m.keys() {
            assert!(
                IGNORED.contains(&k.as_str())
                    || [
                        "$ref",
                        "const",
                        "enum",
                        "oneOf",
                        "anyOf",
                        "type",
                        "items",
                        "properties",
                        "required",
                        "additionalProperties"
                    ]
                    .contains(&k.as_str()),
                "unsupported schema keyword `{k}` at {hint}"
            );
        }
        if let Some(r) = m.get("$ref").and_then(Value::as_str) {
            let name = r
                .strip_prefix("#/$defs/")
                .unwrap_or_else(|| panic!("unsupported $ref {r}"));
            return Ty::Ref(name.to_owned());
        }
        if let Some(c) = m.get("const") {
            return Ty::Lit(vec![c.clone()]);
        }
        if let Some(Value::Array(e)) = m.get("enum") {
            let lit = Ty::Lit(e.iter().filter(|v| !v.is_null()).cloned().collect());
            return if e.iter().any(Value::is_null) {
                union(vec![lit, Ty::Null])
            } else {
                lit
            };
        }
        if let Some(Value::Array(vs)) = m.get("oneOf").or_else(|| m.get("anyOf")) {
            let tys = vs
                .iter()
                .enumerate()
                .map(|(i, v)| self.ty(v, &variant_name(hint, v, i)))
                .collect();
            return union(tys);
        }
        match m.get("type") {
            None => Ty::Any,
            Some(Value::Array(ts)) => {
                let tys = ts
                    .iter()
                    .map(|t| {
                        let mut one = m.clone();
                        one.insert("type".into(), t.clone());
                        self.ty(&Value::Object(one), hint)
                    })
                    .collect();
                union(tys)
            }
            Some(Value::String(t)) => match t.as_str() {
                "string" => match (m.get("format").and_then(Value::as_str), self.input) {
                    (Some("date-time"), true) => Ty::Time,
                    (Some("date"), true) => Ty::Date,
                    _ => Ty::Str,
                },
                "integer" => Ty::Int,
                "number" => Ty::Float,
                "boolean" => Ty::Bool,
                "null" => Ty::Null,
                "array" => Ty::List(Box::new(match m.get("items") {
                    Some(items) => self.ty(items, &format!("{hint}Item")),
                    None => Ty::Any,
                })),
                "object" => {
                    if m.contains_key("properties") {
                        self.object(hint, m);
                        Ty::Ref(hint.to_owned())
                    } else {
                        match m.get("additionalProperties") {
                            None | Some(Value::Bool(true)) => Ty::Map(Box::new(Ty::Any)),
                            Some(ap) => Ty::Map(Box::new(self.ty(ap, &format!("{hint}Value")))),
                        }
                    }
                }
                other => panic!("unsupported type `{other}` at {hint}"),
            },
            Some(other) => panic!("unsupported type `{other}` at {hint}"),
        }
    }

    /// Declares the object `name` of schema `m`.
    fn object(&mut self, name: &str, m: &Map<String, Value>) {
        let name = self.claim(name);
        let required: BTreeSet<&str> = m
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut fields = Vec::new();
        let props = m
            .get("properties")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        // The tag first (`type`, `kind`, …), then the keys in schema order.
        let mut keys: Vec<&String> = props.keys().collect();
        keys.sort_by_key(|k| props[*k].get("const").is_none());
        for key in keys {
            let p = &props[key];
            let ty = self.ty(p, &format!("{name}{}", pascal(key)));
            fields.push(Field {
                key: key.clone(),
                ty,
                required: required.contains(key.as_str()),
                doc: doc(p),
            });
        }
        self.decls.push(Decl::Object {
            name,
            doc: doc(&Value::Object(m.clone())),
            fields,
        });
    }
}

/// The name of the `i`th variant `v` of a union declared as `parent`:
/// a tagged variant after its tag (`login` of `AgentEvent` → `LoginEvent`,
/// `skill_group` of `Scope` → `ScopeSkillGroup`), a one-key object after
/// its key (`TransferTargetAgent`), otherwise the parent and the position.
fn variant_name(parent: &str, v: &Value, i: usize) -> String {
    let (base, out) = match parent.strip_suffix(crate::OUT) {
        Some(b) => (b, crate::OUT),
        None => (parent, ""),
    };
    let props = v.get("properties").and_then(Value::as_object);
    let tag = props.and_then(|p| p.values().find_map(|s| s.get("const").and_then(Value::as_str)));
    if let Some(tag) = tag {
        return match base.strip_suffix("Event") {
            Some(_) => format!("{}Event{out}", pascal(tag)),
            None => format!("{base}{}{out}", pascal(tag)),
        };
    }
    if let Some(p) = props
        && p.len() == 1
        && let Some(k) = p.keys().next()
    {
        return format!("{base}{}{out}", pascal(k));
    }
    format!("{base}{i}{out}")
}

/// A union, flattened, without repeats, its literals merged into one.
pub fn union(tys: Vec<Ty>) -> Ty {
    let mut out: Vec<Ty> = Vec::new();
    let mut lits: Vec<Value> = Vec::new();
    let push = |t: Ty, out: &mut Vec<Ty>, lits: &mut Vec<Value>| match t {
        Ty::Lit(vs) => {
            for v in vs {
                if !lits.contains(&v) {
                    lits.push(v);
                }
            }
        }
        t if !out.contains(&t) => out.push(t),
        _ => {}
    };
    for t in tys {
        match t {
            Ty::Union(inner) => inner.into_iter().for_each(|t| push(t, &mut out, &mut lits)),
            t => push(t, &mut out, &mut lits),
        }
    }
    if !lits.is_empty() {
        // A literal next to its own base type adds nothing.
        if !(out.contains(&Ty::Str) && lits.iter().all(Value::is_string)) {
            out.insert(0, Ty::Lit(lits));
        }
    }
    // `null` last, so a writer can render `Optional[…]` / `… | null`.
    if let Some(i) = out.iter().position(|t| *t == Ty::Null) {
        let n = out.remove(i);
        out.push(n);
    }
    if out.len() == 1 { out.remove(0) } else { Ty::Union(out) }
}

/// Every declaration of the schema document, in `$defs` order (the objects
/// a definition declares inline right before it).
pub fn read(document: &Value) -> Vec<Decl> {
    let defs = document
        .get("$defs")
        .and_then(Value::as_object)
        .expect("a schema document with $defs");
    let mut decls = Vec::new();
    let mut names: BTreeSet<String> = defs.keys().cloned().collect();
    for (name, s) in defs {
        let input = s.get("x-cxkit-direction").and_then(Value::as_str) == Some("input");
        let mut r = Reader {
            input,
            decls: &mut decls,
            names: &mut names,
        };
        let m = s.as_object().expect("a definition is an object");
        if m.get("type").and_then(Value::as_str) == Some("object") && m.contains_key("properties") {
            // Its name is already claimed (every $defs name is).
            r.names.remove(name);
            r.object(name, m);
        } else {
            // A union's variants are named after the definition.
            let ty = r.ty(s, name);
            decls.push(Decl::Alias {
                name: name.clone(),
                doc: doc(s),
                ty,
            });
        }
    }
    decls
}

/// The names a type refers to.
pub fn refs(t: &Ty, out: &mut BTreeSet<String>) {
    match t {
        Ty::Ref(n) => {
            out.insert(n.clone());
        }
        Ty::List(t) | Ty::Map(t) => refs(t, out),
        Ty::Union(ts) => ts.iter().for_each(|t| refs(t, out)),
        _ => {}
    }
}
