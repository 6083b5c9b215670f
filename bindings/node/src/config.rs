//! [`NativeConfig`]: a loaded and parsed facade [`cxkit::Config`], built from
//! JSON text (a JS object), a `.json`/`.toml` file path, the example or the
//! empty configuration. Objects (`CallCenter`, `Monitor`, …) are constructed from it.

use crate::{emit, guard, parse};
use napi_derive::napi;

/// A parsed configuration (`Config` in Rust).
#[napi]
pub struct NativeConfig {
    pub(crate) inner: cxkit::Config,
}

#[napi]
impl NativeConfig {
    /// The example configuration (`Config::example()`): the example call
    /// center every object loads when given no configuration.
    #[napi(factory)]
    pub fn example() -> napi::Result<Self> {
        guard(|| {
            Ok(NativeConfig {
                inner: cxkit::Config::example()?,
            })
        })
    }

    /// The empty configuration (`Config::empty()`): what each section you
    /// leave out of your own configuration is.
    #[napi(factory)]
    pub fn empty() -> napi::Result<Self> {
        guard(|| {
            Ok(NativeConfig {
                inner: cxkit::Config::empty(),
            })
        })
    }

    /// Parses a configuration from JSON text. Goes through a JSON value, as
    /// the Rust conformance harness does, so errors carry the same details.
    #[napi(factory)]
    pub fn from_json(json: String) -> napi::Result<Self> {
        guard(|| {
            let value: serde_json::Value = parse("config", &json)?;
            Ok(NativeConfig {
                inner: cxkit::Config::from_json_value(value)?,
            })
        })
    }

    /// Reads a `.json` or `.toml` configuration file.
    #[napi(factory)]
    pub fn from_path(path: String) -> napi::Result<Self> {
        guard(|| {
            Ok(NativeConfig {
                inner: cxkit::Config::from_path(&path)?,
            })
        })
    }

    /// The whole configuration as JSON text (every default filled in).
    #[napi]
    pub fn to_json(&self) -> napi::Result<String> {
        guard(|| emit(&self.inner))
    }

    /// Validates the tenant section and returns
    /// `{"tenant", "org_units", "agents"}` (the `config.load` vector op).
    #[napi]
    pub fn validate(&self) -> napi::Result<String> {
        guard(|| {
            let t = self.inner.tenant()?;
            emit(&serde_json::json!({
                "tenant": t.config.id, "org_units": t.org.len(), "agents": t.config.agents.len()
            }))
        })
    }
}
