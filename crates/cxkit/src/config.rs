//! The cxkit configuration: one JSON (or TOML) document with a section per
//! area. Every section is optional and defaults to the embedded default of
//! that section; unknown top-level keys are an error (a typo must not be
//! silently ignored).
//!
//! ```json
//! {"tenant": {...}, "agents": {...}, "calls": {...}, "monitor": {...},
//!  "tickets": {...}, "templates": {...}, "escalation": {...}, "online": {...}}
//! ```

use crate::error::{Error, Result};
use cxkit_core::{Tenant, TenantConfig};
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::Arc;

/// The whole configuration of one tenant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Tenant, roster, skill groups, org tree, role permissions.
    #[serde(default)]
    pub tenant: TenantConfig,
    /// Agent engine: ACW, duplicate window, … (TB1–TB5, CM1–CM4).
    #[serde(default)]
    pub agents: cxkit_agents::AgentsConfig,
    /// Calls: outcome thresholds, service calendar, SMS rules, trend interval.
    #[serde(default)]
    pub calls: cxkit_calls::CallsConfig,
    /// Workplace monitor: custom metrics, per-role display, thresholds (WM).
    #[serde(default)]
    pub monitor: cxkit_thresholds::MonitorConfig,
    /// Tickets: per-channel customer view switch (TK1).
    #[serde(default)]
    pub tickets: cxkit_tickets::TicketsConfig,
    /// Leave-a-message templates and channel bindings (TM1).
    #[serde(default)]
    pub templates: cxkit_templates::TemplatesConfig,
    /// Bot escalation policy and channel switches (RB1).
    #[serde(default)]
    pub escalation: cxkit_escalation::EscalationConfig,
    /// Online (chat) engine: maximum chats, call blocking, unanswered
    /// limit, rating window, channel → skill group routes (OS1–OS5).
    #[serde(default)]
    pub online: cxkit_online::OnlineConfig,
    /// FD4: whether the roster learns agents and skill groups from the
    /// feed, and logs in agents a call names (default: neither).
    #[serde(default)]
    pub roster: crate::one_stream::RosterConfig,
}

const DEFAULT_TENANT: &str = include_str!("../config/tenant.json");
const DEFAULT_AGENTS: &str = include_str!("../config/agents.json");
const DEFAULT_CALLS: &str = include_str!("../config/calls.json");
const DEFAULT_MONITOR: &str = include_str!("../config/monitor.json");
const DEFAULT_TICKETS: &str = include_str!("../config/tickets.json");
const DEFAULT_TEMPLATES: &str = include_str!("../config/templates.json");
const DEFAULT_ESCALATION: &str = include_str!("../config/escalation.json");
const DEFAULT_ONLINE: &str = include_str!("../config/online.json");

fn section<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| Error::config(name, format!("embedded default: {e}")))
}

impl Config {
    /// The embedded default configuration: the example call center of the
    /// README's main job (a few hundred agents, several skill groups, a
    /// three-level org tree) with the documented default of every rule.
    pub fn embedded_default() -> Result<Self> {
        Ok(Config {
            tenant: section("tenant", DEFAULT_TENANT)?,
            agents: section("agents", DEFAULT_AGENTS)?,
            calls: section("calls", DEFAULT_CALLS)?,
            monitor: section("monitor", DEFAULT_MONITOR)?,
            tickets: section("tickets", DEFAULT_TICKETS)?,
            templates: section("templates", DEFAULT_TEMPLATES)?,
            escalation: section("escalation", DEFAULT_ESCALATION)?,
            online: section("online", DEFAULT_ONLINE)?,
            roster: crate::one_stream::RosterConfig::default(),
        })
    }

    /// FD4: a tenant `id` in `time_zone` with no roster, no skill groups and
    /// the default rules, that learns every agent and queue a feed names
    /// and logs members in on their calls (`roster.learn`,
    /// `roster.login_on_call`) — what `cxkit replay` uses without `--config`.
    pub fn learning_feed(id: &str, time_zone: &str) -> Self {
        let mut c = Config::default();
        c.tenant.id = id.into();
        c.tenant.time_zone = time_zone.into();
        c.tenant.skill_groups.clear();
        c.tenant.agents.clear();
        c.roster.learn = true;
        c.roster.login_on_call = true;
        c
    }

    /// Parses a JSON document. Errors name the dotted path of the bad value
    /// (`tenant.agents[3].org_unit`), and the line and column in the text;
    /// a key given twice in any object is an error.
    pub fn from_json_str(text: &str) -> Result<Self> {
        // First the grammar (each key once), then the shape: both read the
        // text itself, so serde_json's line and column are in the message.
        crate::decode::value_from_json_str("", text).map_err(to_config)?;
        crate::decode::from_json_str("", text).map_err(to_config)
    }

    /// Parses a configuration given as a JSON value; errors name the path.
    pub fn from_json_value(value: serde_json::Value) -> Result<Self> {
        crate::decode::from_value("", &value).map_err(to_config)
    }

    /// Parses a TOML document of the same shape; errors name the path, and
    /// TOML's own account of the line and column.
    pub fn from_toml_str(text: &str) -> Result<Self> {
        let de = toml::Deserializer::parse(text).map_err(|e| Error::config("", e.to_string()))?;
        serde_path_to_error::deserialize(de)
            .map_err(|e| to_config(crate::decode::path_error("", &e.path().to_string(), e.inner())))
    }

    /// Reads a `.json` or `.toml` file.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::config("", format!("cannot read configuration {}: {e}", path.display()))
        })?;
        match path.extension().and_then(|e| e.to_str()) {
            Some("toml") => Self::from_toml_str(&text),
            Some("json") => Self::from_json_str(&text),
            _ => Err(Error::config(
                "",
                format!("configuration {} must end in .json or .toml", path.display()),
            )),
        }
    }

    /// Validates the tenant section and returns the shared tenant.
    pub fn tenant(&self) -> Result<Arc<Tenant>> {
        Ok(Arc::new(self.tenant.clone().validate()?))
    }
}

/// A decode error as `CONFIG_ERROR` at the same path.
fn to_config(e: Error) -> Error {
    match e {
        Error::InvalidInput { field, message } => {
            let message = message
                .strip_prefix("malformed ")
                .and_then(|m| m.strip_prefix(field.as_str()))
                .and_then(|m| m.strip_prefix(": "))
                .map_or_else(|| message.clone(), str::to_owned);
            Error::Config { field, message }
        }
        other => other,
    }
}


#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn embedded_default_loads_and_validates() {
        let c = Config::embedded_default().unwrap();
        c.tenant().unwrap();
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(Config::from_json_str(&json).unwrap(), c);
    }

    #[test]
    fn unknown_section_is_a_config_error() {
        let e = Config::from_json_str(r#"{"tenantt": {}}"#).unwrap_err();
        assert_eq!(e.code(), "CONFIG_ERROR");
        assert!(e.to_string().contains("tenantt"), "{e}");
    }

    #[test]
    fn toml_has_the_same_shape() {
        let c = Config::from_toml_str("[tenant]\nid = \"t9\"\ntime_zone = \"Europe/Berlin\"\n").unwrap();
        assert_eq!(c.tenant.id.as_str(), "t9");
        assert_eq!(c.tenant().unwrap().tz, chrono_tz_berlin());
    }

    fn chrono_tz_berlin() -> cxkit_core::Tz {
        "Europe/Berlin".parse().unwrap()
    }
}
