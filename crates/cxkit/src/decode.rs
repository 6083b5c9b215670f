//! Decoding inputs with the path of the offending value in the error.
//!
//! Every input a facade function or a binding decodes — events, call
//! records, customer messages, scopes, viewers, submissions — goes through
//! [`from_value`] or [`from_json_str`]: the value is decoded as usual (no
//! cost on success); if that fails it is decoded once more under
//! `serde_path_to_error`, and the error is `INVALID_INPUT` whose `field` is
//! the argument followed by the path of the bad value (`event.at`,
//! `records[2].ended_at`, `scope.kind`). Errors serde raises for the object
//! as a whole — a missing, unknown or duplicate field — name that field too.

use crate::error::{Error, Result};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::fmt::Display;

/// Decodes `T` from a JSON value; `what` names the argument in errors.
pub fn from_value<T: DeserializeOwned>(what: &str, v: &Value) -> Result<T> {
    match T::deserialize(v) {
        Ok(t) => Ok(t),
        Err(_) => {
            let mut track = serde_path_to_error::Track::new();
            match T::deserialize(serde_path_to_error::Deserializer::new(v, &mut track)) {
                Ok(t) => Ok(t),
                Err(e) => Err(path_error(what, &track.path().to_string(), &e)),
            }
        }
    }
}

/// Decodes `T` from JSON text (the whole text: trailing characters are an
/// error); `what` names the argument in errors, which also carry serde's
/// line and column.
pub fn from_json_str<'a, T: Deserialize<'a>>(what: &str, text: &'a str) -> Result<T> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| path_error(what, &e.path().to_string(), e.inner()))?;
    de.end().map_err(|e| path_error(what, ".", &e))?;
    Ok(value)
}

/// Parses JSON text into a `serde_json::Value`, refusing a key given twice
/// in any object (serde_json's own `Value` keeps the last one silently: an
/// ambiguous document means different things to different readers).
pub fn value_from_json_str(what: &str, text: &str) -> Result<Value> {
    from_json_str::<UniqueValue>(what, text).map(|v| v.0)
}

/// A JSON value whose objects have each key once.
pub(crate) struct UniqueValue(pub(crate) Value);

impl<'de> Deserialize<'de> for UniqueValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        use serde::de::{Error as _, MapAccess, SeqAccess, Visitor};
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = UniqueValue;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_bool<E>(self, v: bool) -> std::result::Result<UniqueValue, E> {
                Ok(UniqueValue(Value::Bool(v)))
            }
            fn visit_i64<E>(self, v: i64) -> std::result::Result<UniqueValue, E> {
                Ok(UniqueValue(v.into()))
            }
            fn visit_u64<E>(self, v: u64) -> std::result::Result<UniqueValue, E> {
                Ok(UniqueValue(v.into()))
            }
            fn visit_f64<E>(self, v: f64) -> std::result::Result<UniqueValue, E> {
                Ok(UniqueValue(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)))
            }
            fn visit_str<E>(self, v: &str) -> std::result::Result<UniqueValue, E> {
                Ok(UniqueValue(Value::String(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> std::result::Result<UniqueValue, E> {
                Ok(UniqueValue(Value::String(v)))
            }
            fn visit_unit<E>(self) -> std::result::Result<UniqueValue, E> {
                Ok(UniqueValue(Value::Null))
            }
            fn visit_none<E>(self) -> std::result::Result<UniqueValue, E> {
                Ok(UniqueValue(Value::Null))
            }
            fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<UniqueValue, D::Error> {
                UniqueValue::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<UniqueValue, A::Error> {
                let mut out = Vec::new();
                while let Some(UniqueValue(v)) = seq.next_element()? {
                    out.push(v);
                }
                Ok(UniqueValue(Value::Array(out)))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<UniqueValue, A::Error> {
                let mut out = serde_json::Map::new();
                while let Some(k) = map.next_key::<String>()? {
                    if out.contains_key(&k) {
                        return Err(A::Error::custom(format_args!("duplicate field `{k}`")));
                    }
                    let UniqueValue(v) = map.next_value()?;
                    out.insert(k, v);
                }
                Ok(UniqueValue(Value::Object(out)))
            }
        }
        d.deserialize_any(V)
    }
}

/// The `INVALID_INPUT` error for a decode failure at `path` (serde_path_to_error's
/// rendering, `.` for the root) of argument `what`.
pub(crate) fn path_error(what: &str, path: &str, error: &dyn Display) -> Error {
    let message = error.to_string();
    let field = field_path(what, path, &message);
    Error::invalid_input(field.clone(), format!("malformed {field}: {message}"))
}

/// The dotted path an error `message` raised at `path` of argument `what`
/// is about: the path itself, or for a missing, unknown or duplicate field
/// the member it names (serde reports those at the object that holds it).
pub(crate) fn field_path(what: &str, path: &str, message: &str) -> String {
    let mut field = join(what, path);
    // serde reports these at the object that holds the member, not at it.
    for prefix in ["missing field `", "unknown field `", "duplicate field `"] {
        if let Some(rest) = message.strip_prefix(prefix)
            && let Some(name) = rest.split('`').next()
        {
            // serde_path_to_error names an unknown key itself when it saw it.
            if !(field == name || field.ends_with(&format!(".{name}"))) {
                field = join(&field, name);
            }
            break;
        }
    }
    field
}

/// `what` + `path`: `("event", "at")` → `event.at`, `("records", "[2].at")`
/// → `records[2].at`, `("event", ".")` → `event`.
pub(crate) fn join(what: &str, path: &str) -> String {
    // serde_path_to_error renders a position it cannot name (a syntax error
    // before any key) as `?`: that is the argument itself.
    let path = path.trim_start_matches('.');
    let path = path.strip_suffix('?').unwrap_or(path).trim_end_matches('.');
    match (what.is_empty(), path.is_empty()) {
        (_, true) => what.to_owned(),
        (true, false) => path.to_owned(),
        (false, false) if path.starts_with('[') => format!("{what}{path}"),
        (false, false) => format!("{what}.{path}"),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use cxkit_calls::CallRecord;
    use cxkit_core::Scope;
    use serde_json::json;

    fn field(e: Error) -> String {
        match e {
            Error::InvalidInput { field, .. } => field,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn errors_name_the_path_of_the_bad_value() {
        let bad = json!({"kind": "skil_group", "id": "x"});
        assert_eq!(field(from_value::<Scope>("scope", &bad).unwrap_err()), "scope.kind");
        let bad = json!({"kind": "tenant", "id": "x"});
        assert_eq!(field(from_value::<Scope>("scope", &bad).unwrap_err()), "scope.id");
        let records = json!([{"call": "c1", "caller": "1", "callee": "2", "started_at": "2026-03-02T01:00:00Z",
            "ended_in": "ivr", "end_reason": "caller_hung_up", "ended_at": "soon"}]);
        let e = from_value::<Vec<CallRecord>>("records", &records).unwrap_err();
        assert_eq!(field(e), "records[0].ended_at");
        let e = from_json_str::<Vec<CallRecord>>("records", "[{\"call\": 5}]").unwrap_err();
        assert_eq!(field(e.clone()), "records[0].call");
        assert!(e.message().contains("line 1 column"), "{}", e.message());
    }

    #[test]
    fn values_refuse_duplicate_keys_at_any_depth() {
        assert_eq!(value_from_json_str("x", r#"{"a": [1, {"b": 2.5}]}"#).unwrap(), json!({"a": [1, {"b": 2.5}]}));
        let e = value_from_json_str("config", r#"{"a": [1, {"b": 1, "b": 2}]}"#).unwrap_err();
        assert_eq!(field(e), "config.a[1].b");
        assert!(value_from_json_str("x", "[1,]").is_err());
    }

    #[test]
    fn every_input_is_strict_about_its_keys() {
        use cxkit_escalation::CustomerMessage;
        let m = json!({"conversation": "v1", "channel": "app", "text": "hi", "at": "2026-03-02T01:00:00Z", "txet": "x"});
        assert_eq!(field(from_value::<CustomerMessage>("message", &m).unwrap_err()), "message.txet");
        let e = crate::Config::from_json_str(r#"{"tenant": {"agents": [{"id": "a1"}, {"id": "a2", "org_unti": "x"}]}}"#)
            .unwrap_err();
        match e {
            Error::Config { field, message, line, column } => {
                assert_eq!(field, "tenant.agents[1].org_unti");
                assert!(message.contains("line 1 column"), "{message}");
                assert_eq!((line, column), (Some(1), Some(60)));
            }
            other => panic!("{other:?}"),
        }
        let e = crate::Config::from_json_str(r#"{"tenant": {"skill_groups": [{"id": "s", "nmae": "x"}]}}"#).unwrap_err();
        assert_eq!(e.details()["field"], "tenant.skill_groups[0].nmae");
    }

    #[test]
    fn joins_paths() {
        assert_eq!(join("event", "."), "event");
        assert_eq!(join("event", "at"), "event.at");
        assert_eq!(join("records", "[2].at"), "records[2].at");
        assert_eq!(join("", "at"), "at");
        assert_eq!(join("event", "?"), "event");
        assert_eq!(join("events", "[2].?"), "events[2]");
    }
}
