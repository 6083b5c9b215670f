//! [`Config`]: a loaded, parsed cxkit configuration (every section; missing
//! sections take their embedded defaults). Objects are created from it.

use crate::error::CxError;
use crate::guard::guard;
use std::sync::Arc;

/// A cxkit configuration (`Config.embeddedDefault()`, `Config.fromJson(…)`).
#[derive(Debug, uniffi::Object)]
pub struct Config {
    pub(crate) inner: cxkit::Config,
}

/// What a loaded configuration holds (the `config.load` vector op).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TenantSummary {
    /// The tenant id.
    pub tenant: String,
    /// How many org units the org tree has.
    pub org_units: u64,
    /// How many agents the roster has.
    pub agents: u64,
}

#[uniffi::export]
impl Config {
    /// The embedded default configuration (the README's example call center).
    #[uniffi::constructor]
    pub fn embedded_default() -> Result<Arc<Self>, CxError> {
        guard(|| {
            Ok(Arc::new(Config {
                inner: cxkit::Config::embedded_default()?,
            }))
        })
    }

    /// Parses a JSON configuration document (CONFIG_ERROR names the field).
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>, CxError> {
        guard(|| {
            // Through a JSON value, exactly as the Rust conformance harness
            // loads a vector's config, so errors match across languages.
            let value: serde_json::Value = serde_json::from_str(&json)
                .map_err(|e| cxkit::Error::config("", format!("malformed JSON: {e}")))?;
            Ok(Arc::new(Config {
                inner: cxkit::Config::from_json_value(value)?,
            }))
        })
    }

    /// Parses a TOML configuration document of the same shape.
    #[uniffi::constructor]
    pub fn from_toml(toml: String) -> Result<Arc<Self>, CxError> {
        guard(|| {
            Ok(Arc::new(Config {
                inner: cxkit::Config::from_toml_str(&toml)?,
            }))
        })
    }

    /// Validates the tenant section and summarises it.
    pub fn summary(&self) -> Result<TenantSummary, CxError> {
        guard(|| {
            let t = self.inner.tenant()?;
            Ok(TenantSummary {
                tenant: t.config.id.as_str().to_owned(),
                org_units: t.org.len() as u64,
                agents: t.config.agents.len() as u64,
            })
        })
    }

    /// The configuration as one JSON document (defaults filled in).
    pub fn to_json(&self) -> Result<String, CxError> {
        guard(|| Ok(serde_json::to_string(&self.inner)?))
    }
}
