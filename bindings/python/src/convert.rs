//! Python values ↔ the JSON shape of the facade's serde types.
//!
//! Input goes Python → [`serde_json::Value`] → the facade type, so a Python
//! dict is read exactly like the same JSON in Rust (same field names, same
//! errors). On the way in, `datetime` values must be timezone-aware (a naive
//! one is `InvalidInput`: a wall-clock time without a zone is ambiguous) and
//! become RFC 3339 strings; `date` values become ISO dates. Output goes
//! straight from the serde type to Python with `pythonize` (plain dicts,
//! lists, str, int, float, bool, None).

use cxkit::{Config, Error};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Number, Value};

static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATE: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// How deep a value may nest before it is refused (guards against cycles).
const MAX_DEPTH: usize = 64;

fn invalid(field: &str, message: impl Into<String>) -> Error {
    Error::invalid_input(field, message)
}

/// Where a value sits in an argument (`event.at`, `records[2].caller`).
/// Rendered only when an error names it: building the path string for
/// every key would cost more than the conversion itself.
#[derive(Clone, Copy)]
enum Path<'a> {
    Root(&'a str),
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl Path<'_> {
    fn render(&self) -> String {
        match self {
            Path::Root(r) => (*r).to_owned(),
            Path::Key(p, k) => {
                let p = p.render();
                if p.is_empty() {
                    (*k).to_owned()
                } else {
                    format!("{p}.{k}")
                }
            }
            Path::Index(p, i) => format!("{}[{i}]", p.render()),
        }
    }
}

/// A `str` argument that Rust must hold as UTF-8. A Python string that has
/// no UTF-8 form (a lone surrogate such as `"\ud800"`) is `InvalidInput`
/// naming `text`, not Python's `UnicodeEncodeError` (#18).
pub(crate) struct Text(pub(crate) String);

impl FromPyObject<'_, '_> for Text {
    type Error = PyErr;

    fn extract(obj: pyo3::Borrowed<'_, '_, PyAny>) -> PyResult<Self> {
        let s = obj.cast::<PyString>()?;
        s.to_cow().map(|c| Text(c.into_owned())).map_err(|e| {
            crate::errors::to_py_err(
                obj.py(),
                &invalid("text", format!("not valid Unicode text (a lone surrogate?): {e}")),
            )
        })
    }
}

/// Converts a Python value to JSON; `field` names it in errors.
pub(crate) fn to_value(obj: &Bound<'_, PyAny>, field: &str) -> Result<Value, Error> {
    to_value_at(obj, &Path::Root(field), 0)
}

fn to_value_at(obj: &Bound<'_, PyAny>, path: &Path<'_>, depth: usize) -> Result<Value, Error> {
    let err = |message: String| invalid(&path.render(), message);
    if depth > MAX_DEPTH {
        return Err(err("value nests too deeply (a cycle?)".to_owned()));
    }
    let py = obj.py();
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(s) = obj.cast::<PyString>() {
        let s = s
            .to_cow()
            .map_err(|e| err(format!("invalid string: {e}")))?;
        return Ok(Value::String(s.into_owned()));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut map = Map::with_capacity(d.len());
        for (k, v) in d.iter() {
            let key = k
                .cast::<PyString>()
                .map_err(|_| err("dict keys must be strings".to_owned()))?;
            let key = key.to_cow().map_err(|e| err(format!("invalid key: {e}")))?;
            let value = to_value_at(&v, &Path::Key(path, &key), depth + 1)?;
            map.insert(key.into_owned(), value);
        }
        return Ok(Value::Object(map));
    }
    // bool before int: Python's bool is an int subclass.
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::Number(i.into()));
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Ok(Value::Number(u.into()));
        }
        return Err(err("integer out of range".to_owned()));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        let v = f.value();
        return Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| err(format!("{v} is not a finite number")));
    }
    if let Ok(l) = obj.cast::<PyList>() {
        return l
            .iter()
            .enumerate()
            .map(|(i, v)| to_value_at(&v, &Path::Index(path, i), depth + 1))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array);
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        return t
            .iter()
            .enumerate()
            .map(|(i, v)| to_value_at(&v, &Path::Index(path, i), depth + 1))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array);
    }
    let py_err = |e: PyErr| err(e.to_string());
    let datetime = DATETIME
        .import(py, "datetime", "datetime")
        .map_err(py_err)?;
    if obj.is_instance(datetime).map_err(py_err)? {
        if obj.call_method0("utcoffset").map_err(py_err)?.is_none() {
            return Err(err(
                "naive datetime: give a timezone-aware datetime (tzinfo set) or an RFC 3339 string"
                    .to_owned(),
            ));
        }
        let s: String = obj
            .call_method0("isoformat")
            .and_then(|s| s.extract())
            .map_err(py_err)?;
        return Ok(Value::String(s));
    }
    let date = DATE.import(py, "datetime", "date").map_err(py_err)?;
    if obj.is_instance(date).map_err(py_err)? {
        let s: String = obj
            .call_method0("isoformat")
            .and_then(|s| s.extract())
            .map_err(py_err)?;
        return Ok(Value::String(s));
    }
    let type_name = obj
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".to_owned());
    Err(err(format!(
        "unsupported type `{type_name}` (expected dict, list, str, int, float, bool, None or datetime)"
    )))
}

/// Reads a Python value as the facade type `T` (through its JSON shape);
/// `field` names the argument in errors.
pub(crate) fn from_py<T: DeserializeOwned>(
    obj: &Bound<'_, PyAny>,
    field: &str,
) -> Result<T, Error> {
    let v = to_value(obj, field)?;
    from_value(v, field)
}

/// Reads a JSON value as the facade type `T`; a mismatch is `InvalidInput`
/// naming `field` and the path in it (`record.ended_at`), with serde's
/// explanation.
pub(crate) fn from_value<T: DeserializeOwned>(v: Value, field: &str) -> Result<T, Error> {
    cxkit::decode::from_value(field, &v)
}

/// Converts a facade value to plain Python values.
pub(crate) fn to_py<T: Serialize + ?Sized>(py: Python<'_>, value: &T) -> PyResult<Py<PyAny>> {
    pythonize::pythonize(py, value)
        .map(Bound::unbind)
        .map_err(|e| {
            crate::errors::to_py_err(
                py,
                &Error::Internal {
                    message: format!("result conversion: {e}"),
                },
            )
        })
}

/// A configuration from a dict, a `.json`/`.toml` path (str or `os.PathLike`)
/// or `None` (the example, `Config::example()`). A dict the conversion
/// refuses (a key that is not a string) is `CONFIG_ERROR` at its path.
pub(crate) fn load_config(py: Python<'_>, obj: Option<&Bound<'_, PyAny>>) -> Result<Config, Error> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Config::example();
    };
    if obj.is_instance_of::<PyDict>() {
        return Config::from_json_value(to_value(obj, "").map_err(Error::into_config)?);
    }
    let fspath = py
        .import("os")
        .and_then(|os| os.getattr("fspath"))
        .and_then(|f| f.call1((obj,)))
        .and_then(|p| p.extract::<std::path::PathBuf>());
    match fspath {
        Ok(path) => Config::from_path(path),
        Err(_) => Err(Error::config(
            "",
            "config must be a dict, a path to a .json/.toml file, or None for the example",
        )),
    }
}

/// Reads a Python number of seconds since the Unix epoch as an RFC 3339 UTC
/// string (the compact batch rows carry `at` this way).
pub(crate) fn epoch_to_rfc3339(
    obj: &Bound<'_, PyAny>,
    field: &str,
) -> Result<Option<Value>, Error> {
    if obj.is_instance_of::<PyBool>() {
        return Ok(None);
    }
    let (secs, nanos) = if obj.is_instance_of::<PyInt>() {
        (
            obj.extract::<i64>()
                .map_err(|e| invalid(field, e.to_string()))?,
            0,
        )
    } else if let Ok(f) = obj.cast::<PyFloat>() {
        epoch_float_parts(f.value()).map_err(|m| invalid(field, m))?
    } else {
        return Ok(None);
    };
    let t = chrono::DateTime::<chrono::Utc>::from_timestamp(secs, nanos).ok_or_else(|| {
        invalid(
            field,
            format!("{secs} seconds since the epoch is out of range"),
        )
    })?;
    Ok(Some(Value::String(
        t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
    )))
}

/// Seconds since the Unix epoch as a float → (seconds, nanoseconds),
/// rounded to microseconds (shared by the canonical and the fast path of
/// `apply_rows`); `Err` with the message for a value that is no usable time.
pub(crate) fn epoch_float_parts(v: f64) -> Result<(i64, u32), String> {
    // ±1e14 s is ±3 million years: beyond chrono's range anyway.
    if !v.is_finite() || v.abs() > 1e14 {
        return Err(format!("{v} is not a usable number of seconds since the epoch"));
    }
    let secs = v.floor();
    // Round to microseconds: a float cannot carry more, and this keeps
    // 0.1-style fractions from printing as 0.099999999.
    let micros = ((v - secs) * 1e6).round() as u32;
    Ok((secs as i64, micros.min(999_999) * 1000))
}

/// A required argument as the facade type `T`.
pub(crate) fn arg<T: DeserializeOwned>(
    py: Python<'_>,
    obj: &Bound<'_, PyAny>,
    name: &str,
) -> PyResult<T> {
    crate::errors::py_result(py, from_py(obj, name))
}

/// An optional argument (`None` = absent) as the facade type `T`.
pub(crate) fn opt_arg<T: DeserializeOwned>(
    py: Python<'_>,
    obj: Option<&Bound<'_, PyAny>>,
    name: &str,
) -> PyResult<Option<T>> {
    match obj {
        None => Ok(None),
        Some(o) if o.is_none() => Ok(None),
        Some(o) => arg(py, o, name).map(Some),
    }
}

/// A facade result as JSON, computed under the object's lock: results that
/// borrow from the object (views) must be serialized before it is released.
pub(crate) fn json<T: Serialize + ?Sized>(value: &T) -> Result<Value, Error> {
    serde_json::to_value(value).map_err(|e| Error::Internal {
        message: format!("result conversion: {e}"),
    })
}

/// Builds a facade object from a `config` argument (dict, path or `None`),
/// with the GIL released while it is built.
pub(crate) fn build<S: Send + cxkit::SelfCheck>(
    py: Python<'_>,
    config: Option<&Bound<'_, PyAny>>,
    make: impl FnOnce(&Config) -> Result<S, Error> + Send,
) -> PyResult<crate::shared::Shared<S>> {
    let c = crate::errors::py_result(py, load_config(py, config))?;
    let s = crate::errors::py_result(py, py.detach(|| make(&c)))?;
    Ok(crate::shared::Shared::new(s))
}
