//! The cxkit configuration: one JSON (or TOML) document with a section per
//! area. Every section is optional: one left out is that section of
//! [`Config::empty`] (not of [`Config::example`]; `docs/configuration.md`
//! tables both). Unknown keys are an error (a typo must not be silently
//! ignored).
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
    serde_json::from_str(text).map_err(|e| Error::config(name, format!("embedded example: {e}")))
}

impl Config {
    /// The example configuration embedded in cxkit: the example call center
    /// of the README's main job (a few hundred agents, six skill groups, a
    /// three-level org tree, a service calendar, two SMS rules, templates,
    /// chat routes). What every binding loads when given no configuration;
    /// `docs/configuration.md` tables each section against [`Config::empty`].
    pub fn example() -> Result<Self> {
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

    /// The empty configuration: what a document with no sections (`{}`)
    /// loads to, and what each section of your own document is when you
    /// leave it out — tenant `default` in `Asia/Shanghai` with no roster,
    /// no skill groups and no org tree, no service calendar (always open),
    /// no SMS rules, the one built-in template, … (the table in
    /// `docs/configuration.md`). The same as `Config::default()`.
    pub fn empty() -> Self {
        Config::default()
    }

    /// The example configuration under its old name.
    #[deprecated(since = "0.1.1", note = "use `Config::example()` (or `Config::empty()` for no example data)")]
    pub fn embedded_default() -> Result<Self> {
        Self::example()
    }

    /// FD4: a tenant `id` in `time_zone` with no roster, no skill groups and
    /// the default rules, that learns every agent and queue a feed names
    /// and logs members in on their calls (`roster.learn`,
    /// `roster.login_on_call`) — what `cxkit replay` uses without `--config`.
    pub fn learning_feed(id: &str, time_zone: &str) -> Self {
        let mut c = Config::empty();
        c.tenant.id = id.into();
        c.tenant.time_zone = time_zone.into();
        c.tenant.skill_groups.clear();
        c.tenant.agents.clear();
        c.roster.learn = true;
        c.roster.login_on_call = true;
        c
    }

    /// Parses a JSON document. A `CONFIG_ERROR` names the dotted path of
    /// the bad value (`tenant.agents[3].org_unit`) and carries its line and
    /// column (in the message and in `line`/`column`); a key given twice in
    /// any object is an error, and so is a syntax error (a trailing comma),
    /// at the path reached so far.
    pub fn from_json_str(text: &str) -> Result<Self> {
        // First the grammar (each key once), then the shape: both read the
        // text itself, so every error has serde_json's line and column.
        json_text::<crate::decode::UniqueValue>(text)?;
        json_text(text)
    }

    /// Parses a configuration given as a JSON value (what the bindings make
    /// of a dict or a JS object); a `CONFIG_ERROR` names the dotted path.
    pub fn from_json_value(value: serde_json::Value) -> Result<Self> {
        crate::decode::from_value("", &value).map_err(Error::into_config)
    }

    /// Parses a TOML document of the same shape; a `CONFIG_ERROR` names the
    /// dotted path and the line and column, as [`Config::from_json_str`].
    /// A syntax error names the table and key it is in
    /// (`tenant.agents[1].role`).
    pub fn from_toml_str(text: &str) -> Result<Self> {
        let de = toml::Deserializer::parse(text).map_err(|e| {
            let at = e.span().map_or(0, |s| s.start);
            toml_error(text, &toml_path_at(text, at), e.message(), e.span())
        })?;
        serde_path_to_error::deserialize(de).map_err(|e| {
            let inner = e.inner();
            toml_error(text, &e.path().to_string(), inner.message(), inner.span())
        })
    }

    /// Reads a `.json` or `.toml` file. Errors are those of
    /// [`Config::from_json_str`] / [`Config::from_toml_str`] with the file
    /// named in the message; a file that cannot be read, or that ends in
    /// neither, is a `CONFIG_ERROR` naming the file (`field` empty: no
    /// value of it was reached).
    pub fn from_path(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let parse: fn(&str) -> Result<Self> = match path.extension().and_then(|e| e.to_str()) {
            Some("toml") => Self::from_toml_str,
            Some("json") => Self::from_json_str,
            _ => {
                return Err(Error::config(
                    "",
                    format!("configuration {} must end in .json or .toml", path.display()),
                ));
            }
        };
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::config("", format!("cannot read configuration {}: {e}", path.display()))
        })?;
        parse(&text).map_err(|e| match e {
            Error::Config { field, message, line, column } => Error::Config {
                field,
                message: format!("{}: {message}", path.display()),
                line,
                column,
            },
            other => other,
        })
    }

    /// Validates the tenant section and returns the shared tenant.
    pub fn tenant(&self) -> Result<Arc<Tenant>> {
        Ok(Arc::new(self.tenant.clone().validate()?))
    }
}

/// Decodes JSON text (the whole text) with the path and position of the
/// first problem in a `CONFIG_ERROR`.
fn json_text<'a, T: Deserialize<'a>>(text: &'a str) -> Result<T> {
    let at = |path: &str, e: &serde_json::Error| {
        let message = e.to_string();
        Error::Config {
            field: crate::decode::field_path("", path, &message),
            message,
            line: position(e.line()),
            column: position(e.column()),
        }
    };
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| at(&e.path().to_string(), e.inner()))?;
    de.end().map_err(|e| at("", &e))?;
    Ok(value)
}

/// A 1-based line or column; `None` for 0 (serde_json's "no position",
/// e.g. the column of the end of an empty text).
fn position(n: usize) -> Option<u32> {
    (n > 0).then(|| u32::try_from(n).unwrap_or(u32::MAX))
}

/// A TOML error at `path` with the line and column of `span` in `text`,
/// worded as serde_json words its errors (`… at line 3 column 7`).
fn toml_error(text: &str, path: &str, message: &str, span: Option<std::ops::Range<usize>>) -> Error {
    let field = crate::decode::field_path("", path, message);
    let Some(span) = span else {
        return Error::config(field, message);
    };
    let before = text.get(..span.start.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Error::Config {
        field,
        message: format!("{message} at line {line} column {column}"),
        line: position(line),
        column: position(column),
    }
}

/// The dotted path of the key a TOML syntax error at byte `at` is in: the
/// last table header before it (`[tenant]`, `[[tenant.agents]]` counted to
/// an index) and the key its line starts with, if any. A syntax error has
/// no value yet, so this is the best the text itself says.
fn toml_path_at(text: &str, at: usize) -> String {
    let before = text.get(..at.min(text.len())).unwrap_or(text);
    let (done, current) = match before.rfind('\n') {
        Some(i) => (&before[..i], &text[i + 1..]),
        None => ("", text),
    };
    let mut table = String::new();
    let mut arrays: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for line in done.lines() {
        let line = line.trim();
        if let Some(name) = line.strip_prefix("[[").and_then(|l| l.split("]]").next()) {
            let name = toml_key(name);
            let n = arrays.entry(name.clone()).and_modify(|n| *n += 1).or_insert(0);
            table = format!("{name}[{n}]");
        } else if let Some(name) = line.strip_prefix('[').and_then(|l| l.split(']').next()) {
            table = toml_key(name);
        }
    }
    let current = current.lines().next().unwrap_or("").trim();
    let key = match current.split_once('=') {
        Some((k, _)) if !current.starts_with('[') && !current.starts_with('#') => toml_key(k),
        _ => String::new(),
    };
    crate::decode::join(&table, &key)
}

/// A TOML (dotted) key as a path: whitespace and quotes dropped.
fn toml_key(key: &str) -> String {
    key.split('.')
        .map(|k| k.trim().trim_matches(|c| c == '"' || c == '\''))
        .collect::<Vec<_>>()
        .join(".")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn embedded_default_loads_and_validates() {
        let c = Config::example().unwrap();
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
