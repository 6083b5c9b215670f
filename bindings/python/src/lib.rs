//! The Python binding of cxkit: the extension module `cxkit._cxkit`, wrapped
//! by the pure-Python package `cxkit` (maturin mixed layout, abi3 ≥ 3.10).
//!
//! The binding is deliberately thin: every facade method takes and returns
//! serde types, so one generic conversion ([`convert`]) serves every method
//! and no domain rule lives here. What the binding owns is the FFI edge:
//! errors become the `cxkit.CxkitError` hierarchy ([`errors`]), panics are
//! caught before they reach pyo3 (they surface as `cxkit.InternalError`),
//! the GIL is released around Rust work, and each object is a `frozen`
//! pyclass holding its facade object behind a mutex ([`shared`]), so it can
//! be shared between threads.

mod call_center;
mod calls;
mod convert;
mod errors;
mod escalation;
mod fast;
mod feeds;
mod monitor;
mod shared;
mod templates;
mod tickets;

use pyo3::prelude::*;

/// The package version: the Cargo workspace version, shared by every binding.
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Loads and validates a whole configuration (a dict, a `.json`/`.toml`
/// path, or `None` for the example) and returns it as a dict, every
/// section filled in. Raises `ConfigError` naming the bad field.
#[pyfunction]
#[pyo3(signature = (config=None))]
fn load_config(py: Python<'_>, config: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
    errors::guarded(py, || {
        let c = convert::load_config(py, config).map_err(|e| errors::to_py_err(py, &e))?;
        c.tenant().map_err(|e| errors::to_py_err(py, &e))?;
        convert::to_py(py, &c)
    })
}

/// The example configuration (`Config::example()` in Rust): the example
/// call center every object loads when given no configuration, as a dict
/// with every section filled in.
#[pyfunction]
fn example_config(py: Python<'_>) -> PyResult<Py<PyAny>> {
    errors::guarded(py, || {
        let c = cxkit::Config::example().map_err(|e| errors::to_py_err(py, &e))?;
        convert::to_py(py, &c)
    })
}

/// The empty configuration (`Config::empty()` in Rust): what every section
/// of your own configuration is when you leave it out, as a dict.
#[pyfunction]
fn empty_config(py: Python<'_>) -> PyResult<Py<PyAny>> {
    errors::guarded(py, || convert::to_py(py, &cxkit::Config::empty()))
}

/// Panics inside the FFI guard. Exists only so the test suite can show that a
/// Rust panic surfaces as `cxkit.InternalError`, never `PanicException`.
#[pyfunction]
fn _debug_panic(py: Python<'_>, message: String) -> PyResult<()> {
    let probe = shared::Shared::new(());
    probe.with(py, move |()| -> cxkit::Result<()> { panic!("{message}") })
}

/// The extension module `cxkit._cxkit`.
#[pymodule]
fn _cxkit(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", VERSION)?;
    m.add("FACADE_VERSION", cxkit::VERSION)?;
    m.add("ERROR_CODES", cxkit::Error::CODES.to_vec())?;
    m.add_function(wrap_pyfunction!(load_config, m)?)?;
    m.add_function(wrap_pyfunction!(example_config, m)?)?;
    m.add_function(wrap_pyfunction!(empty_config, m)?)?;
    m.add_function(wrap_pyfunction!(_debug_panic, m)?)?;
    m.add_class::<call_center::CallCenter>()?;
    m.add_class::<monitor::Monitor>()?;
    m.add_class::<templates::Templates>()?;
    m.add_class::<tickets::Tickets>()?;
    m.add_class::<escalation::Escalation>()?;
    m.add_class::<calls::CallRules>()?;
    m.add_class::<calls::SmsTriggers>()?;
    m.add_class::<calls::ServiceCalendar>()?;
    m.add_class::<calls::Trend>()?;
    m.add_class::<feeds::Feed>()?;
    m.add_function(wrap_pyfunction!(calls::qa_export_csv, m)?)?;
    Ok(())
}
