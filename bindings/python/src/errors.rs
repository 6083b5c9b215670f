//! The error edge: [`cxkit::Error`] → the `cxkit.CxkitError` hierarchy.
//!
//! The exception classes are plain Python classes (`cxkit/__init__.py`, one
//! subclass per stable error code) so they pickle, carry keyword attributes
//! and are easy to stub; this module only builds an instance through
//! `cxkit._errors._from_rust(code, message, details)`. Panics caught at any
//! entry point become `Error::Internal` → `cxkit.InternalError`.

use crate::convert;
use cxkit::Error;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// The Python exception for a facade error.
pub(crate) fn to_py_err(py: Python<'_>, e: &Error) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let details = convert::to_py(py, &e.details())?;
        let inst = py.import("cxkit._errors")?.getattr("_from_rust")?.call1((
            e.code(),
            e.message(),
            details,
        ))?;
        Ok(PyErr::from_value(inst))
    };
    // Building the exception can only fail if the package is broken; say so
    // rather than lose the original error.
    build().unwrap_or_else(|why| {
        PyRuntimeError::new_err(format!(
            "{} ({}); building the exception failed: {why}",
            e.message(),
            e.code()
        ))
    })
}

/// Runs a method body that holds the GIL, turning a panic into
/// `cxkit.InternalError` instead of pyo3's `PanicException`.
pub(crate) fn guarded<T>(py: Python<'_>, f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    catch_unwind(AssertUnwindSafe(f))
        .unwrap_or_else(|payload| Err(to_py_err(py, &Error::from_panic(payload.as_ref()))))
}

/// Shorthand: a facade result into a Python result.
pub(crate) fn py_result<T>(py: Python<'_>, r: Result<T, Error>) -> PyResult<T> {
    r.map_err(|e| to_py_err(py, &e))
}
