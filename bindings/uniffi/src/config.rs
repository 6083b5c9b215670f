//! [`Config`]: a loaded, parsed cxkit configuration (every section; a
//! missing section is that section of `Config.empty()`). Objects are created from it.

use crate::error::CxError;
use crate::guard::guard;
use std::sync::Arc;

/// A cxkit configuration (`Config.example()`, `Config.empty()`, `Config.fromJson(…)`,
/// `Config.fromToml(…)`, `Config.fromPath(…)`).
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
    /// The example configuration (`Config::example()`): the README's
    /// example call center.
    #[uniffi::constructor]
    pub fn example() -> Result<Arc<Self>, CxError> {
        guard(|| {
            Ok(Arc::new(Config {
                inner: cxkit::Config::example()?,
            }))
        })
    }

    /// The empty configuration (`Config::empty()`): what each section you
    /// leave out of your own configuration is.
    #[uniffi::constructor]
    pub fn empty() -> Arc<Self> {
        Arc::new(Config {
            inner: cxkit::Config::empty(),
        })
    }

    /// Deprecated: the old name of `Config.example()`.
    #[uniffi::constructor]
    pub fn embedded_default() -> Result<Arc<Self>, CxError> {
        Self::example()
    }

    /// Parses a JSON configuration document: a CONFIG_ERROR names the
    /// dotted path of the bad value, and its line and column in the text.
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>, CxError> {
        guard(|| {
            Ok(Arc::new(Config {
                inner: cxkit::Config::from_json_str(&json)?,
            }))
        })
    }

    /// Reads a `.json` or `.toml` configuration file (errors as
    /// `fromJson`/`fromToml`, naming the file).
    #[uniffi::constructor]
    pub fn from_path(path: String) -> Result<Arc<Self>, CxError> {
        guard(|| {
            Ok(Arc::new(Config {
                inner: cxkit::Config::from_path(&path)?,
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
