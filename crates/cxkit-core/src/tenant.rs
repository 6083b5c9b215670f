//! The tenant: its edition, time zone, skill groups, org tree and roster.
//!
//! [`TenantConfig`] is the `tenant` section of the facade configuration. It
//! is validated as a whole when loaded: every reference (an agent's org unit,
//! skill group) must name something configured.

use crate::access::{Edition, Role, RolePermissions};
use crate::error::CoreError;
use crate::ids::{AgentId, ExtensionId, OrgUnitId, SkillGroupId, TenantId};
use crate::org::{OrgTree, OrgUnit};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// Which kind of service an agent gives: WM5 separates call agents from
/// online (chat) agents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ServiceKind {
    /// Call-center agent only.
    Call,
    /// Online (chat) agent only.
    Online,
    /// Serves both; counted as a call agent and as an online agent.
    Both,
}

impl ServiceKind {
    /// Whether this agent counts as a call agent.
    pub fn is_call(self) -> bool {
        matches!(self, ServiceKind::Call | ServiceKind::Both)
    }
    /// Whether this agent counts as an online agent.
    pub fn is_online(self) -> bool {
        matches!(self, ServiceKind::Online | ServiceKind::Both)
    }
}

/// A skill group (ACD queue).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SkillGroup {
    /// The group's id.
    pub id: SkillGroupId,
    /// Display name.
    #[serde(default)]
    pub name: String,
}

/// One agent account of the tenant's roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AgentProfile {
    /// The agent's id.
    pub id: AgentId,
    /// Display name (never exported where a phone number is due, see QA1).
    #[serde(default)]
    pub name: String,
    /// The agent's role.
    #[serde(default = "default_role")]
    pub role: Role,
    /// Call agent, online agent or both.
    #[serde(default = "default_kind")]
    pub kind: ServiceKind,
    /// The org unit the agent belongs to, if the tenant has an org structure.
    #[serde(default)]
    pub org_unit: Option<OrgUnitId>,
    /// Skill groups the agent serves.
    #[serde(default)]
    pub skill_groups: Vec<SkillGroupId>,
    /// The fixed extension of a one-to-one bound agent (TB1); `None` for an
    /// agent who picks an extension at login (dynamic binding).
    #[serde(default)]
    pub extension: Option<ExtensionId>,
}

fn default_role() -> Role {
    Role::Agent
}
fn default_kind() -> ServiceKind {
    ServiceKind::Call
}

/// The `tenant` section of the configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TenantConfig {
    /// The tenant's id.
    #[serde(default = "default_tenant_id")]
    pub id: TenantId,
    /// The tenant's edition.
    #[serde(default = "default_edition")]
    pub edition: Edition,
    /// IANA time zone of the tenant's calendar day (CM3), e.g. `Asia/Shanghai`.
    #[serde(default = "default_tz")]
    pub time_zone: String,
    /// Skill groups.
    #[serde(default)]
    pub skill_groups: Vec<SkillGroup>,
    /// Org units; empty means the tenant has no org structure.
    #[serde(default)]
    pub org: Vec<OrgUnit>,
    /// Agent roster.
    #[serde(default)]
    pub agents: Vec<AgentProfile>,
    /// Role permissions (settings → agent management → role permissions).
    #[serde(default)]
    pub role_permissions: RolePermissions,
}

fn default_tenant_id() -> TenantId {
    TenantId::new("default")
}
fn default_edition() -> Edition {
    Edition::Flagship
}
fn default_tz() -> String {
    "Asia/Shanghai".to_owned()
}

impl Default for TenantConfig {
    fn default() -> Self {
        TenantConfig {
            id: default_tenant_id(),
            edition: default_edition(),
            time_zone: default_tz(),
            skill_groups: Vec::new(),
            org: Vec::new(),
            agents: Vec::new(),
            role_permissions: RolePermissions::default(),
        }
    }
}

/// A validated tenant: the configuration plus its indexes.
#[derive(Debug, Clone)]
pub struct Tenant {
    /// The configuration it was built from.
    pub config: TenantConfig,
    /// The parsed time zone.
    pub tz: Tz,
    /// The validated org tree.
    pub org: OrgTree,
    agent_index: HashMap<AgentId, u32>,
    group_index: HashMap<SkillGroupId, u32>,
}

impl TenantConfig {
    /// Validates the section and builds its indexes.
    pub fn validate(self) -> Result<Tenant, CoreError> {
        let tz: Tz = parse_time_zone(&self.time_zone, "tenant.time_zone")?;
        let org = OrgTree::new(self.org.clone()).map_err(|e| match e {
            CoreError::Config { field, message } => {
                CoreError::config(format!("tenant.{field}"), message)
            }
            other => other,
        })?;
        let mut group_index = HashMap::new();
        for (i, g) in self.skill_groups.iter().enumerate() {
            if group_index.insert(g.id.clone(), i as u32).is_some() {
                return Err(CoreError::config(
                    format!("tenant.skill_groups[{i}].id"),
                    format!("duplicate skill group `{}`", g.id),
                ));
            }
        }
        let mut agent_index = HashMap::new();
        let mut extensions = HashSet::new();
        for (i, a) in self.agents.iter().enumerate() {
            if a.id.as_str().is_empty() {
                return Err(CoreError::config(format!("tenant.agents[{i}].id"), "empty agent id"));
            }
            if agent_index.insert(a.id.clone(), i as u32).is_some() {
                return Err(CoreError::config(
                    format!("tenant.agents[{i}].id"),
                    format!("duplicate agent `{}`", a.id),
                ));
            }
            if let Some(u) = &a.org_unit
                && !org.contains(u) {
                    return Err(CoreError::config(
                        format!("tenant.agents[{i}].org_unit"),
                        format!("agent `{}` is in unknown org unit `{u}`", a.id),
                    ));
                }
            for (j, g) in a.skill_groups.iter().enumerate() {
                if !group_index.contains_key(g) {
                    return Err(CoreError::config(
                        format!("tenant.agents[{i}].skill_groups[{j}]"),
                        format!("agent `{}` serves unknown skill group `{g}`", a.id),
                    ));
                }
            }
            if let Some(x) = &a.extension
                && !extensions.insert(x.clone()) {
                    return Err(CoreError::config(
                        format!("tenant.agents[{i}].extension"),
                        format!("extension `{x}` is bound one-to-one to two agents"),
                    ));
                }
        }
        Ok(Tenant {
            config: self,
            tz,
            org,
            agent_index,
            group_index,
        })
    }
}

impl Tenant {
    /// The roster position of an agent.
    pub fn agent_position<Q: AsRef<str> + ?Sized>(&self, id: &Q) -> Result<u32, CoreError> {
        let id = id.as_ref();
        self.agent_index
            .get(id)
            .copied()
            .ok_or_else(|| CoreError::unknown("agent", id))
    }
    /// The profile of an agent.
    pub fn agent<Q: AsRef<str> + ?Sized>(&self, id: &Q) -> Result<&AgentProfile, CoreError> {
        Ok(&self.config.agents[self.agent_position(id)? as usize])
    }
    /// The position of a skill group.
    pub fn skill_group_position<Q: AsRef<str> + ?Sized>(&self, id: &Q) -> Result<u32, CoreError> {
        let id = id.as_ref();
        self.group_index
            .get(id)
            .copied()
            .ok_or_else(|| CoreError::unknown("skill_group", id))
    }
}

/// Parses an IANA time-zone name; `field` names the config field on error.
pub fn parse_time_zone(name: &str, field: &str) -> Result<Tz, CoreError> {
    name.parse::<Tz>()
        .map_err(|_| CoreError::config(field, format!("unknown time zone `{name}`")))
}

/// What a live view covers: the whole tenant, one skill group, or one org
/// unit with all its descendants (WM1).
///
/// JSON: `{"kind": "tenant"}`, `{"kind": "skill_group", "id": "sg-1"}`,
/// `{"kind": "org_unit", "id": "u-1"}`.
///
/// Decoding is strict (`crate::strict`): an object, each key once, and `id`
/// only where the kind has one (`{"kind": "tenant", "id": "x"}` is an error).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Scope {
    /// Everyone.
    Tenant,
    /// The agents of one skill group.
    SkillGroup {
        /// The group.
        id: SkillGroupId,
    },
    /// The agents of one org unit and its descendants.
    OrgUnit {
        /// The unit.
        id: OrgUnitId,
    },
}

impl<'de> Deserialize<'de> for Scope {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use crate::strict::need;
        let f: ScopeFields = crate::strict::deserialize_flat(d)?;
        Ok(match need(f.kind, "kind")? {
            ScopeKind::Tenant => Scope::Tenant,
            ScopeKind::SkillGroup => Scope::SkillGroup { id: SkillGroupId::new(need(f.id, "id")?) },
            ScopeKind::OrgUnit => Scope::OrgUnit { id: OrgUnitId::new(need(f.id, "id")?) },
        })
    }
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
enum ScopeKind {
    Tenant,
    SkillGroup,
    OrgUnit,
}

/// A scope's members as read by `crate::strict` (`id` only where the kind has one).
#[derive(Default)]
struct ScopeFields {
    kind: Option<ScopeKind>,
    id: Option<String>,
}

impl<'de> crate::strict::Flat<'de> for ScopeFields {
    const NAMES: &'static [&'static str] = &["kind", "id"];
    const EXPECTING: &'static str = "a scope object";

    fn read<A: serde::de::MapAccess<'de>>(&mut self, i: usize, map: &mut A) -> Result<(), A::Error> {
        if i == 0 {
            self.kind = Some(map.next_value()?);
        } else {
            self.id = Some(map.next_value()?);
        }
        Ok(())
    }

    fn allowed<E: serde::de::Error>(&self) -> Result<&'static [&'static str], E> {
        Ok(match crate::strict::need(self.kind, "kind")? {
            ScopeKind::Tenant => &["kind"],
            ScopeKind::SkillGroup | ScopeKind::OrgUnit => &["kind", "id"],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> TenantConfig {
        serde_json::from_str(
            r#"{
              "id": "t1", "edition": "flagship", "time_zone": "Asia/Shanghai",
              "skill_groups": [{"id": "sales"}, {"id": "support"}],
              "org": [{"id": "hq"}, {"id": "team-a", "parent": "hq"}],
              "agents": [
                {"id": "a1", "role": "agent", "kind": "call", "org_unit": "team-a", "skill_groups": ["sales"], "extension": "8001"},
                {"id": "a2", "kind": "online"}
              ]
            }"#,
        )
        .unwrap()
    }

    #[test]
    fn valid_config_builds_indexes() {
        let t = cfg().validate().unwrap();
        assert_eq!(t.agent_position("a2").unwrap(), 1);
        assert_eq!(t.agent("a1").unwrap().kind, ServiceKind::Call);
        assert_eq!(t.agent("a2").unwrap().role, Role::Agent);
        assert!(matches!(t.agent("zz"), Err(CoreError::UnknownEntity { kind: "agent", .. })));
        assert_eq!(t.tz, chrono_tz::Asia::Shanghai);
    }

    #[test]
    fn bad_references_name_the_field() {
        let mut c = cfg();
        c.agents[0].org_unit = Some("nowhere".into());
        let e = c.validate().unwrap_err();
        assert!(matches!(&e, CoreError::Config { field, .. } if field == "tenant.agents[0].org_unit"), "{e}");

        let mut c = cfg();
        c.agents[1].skill_groups.push("ghost".into());
        let e = c.validate().unwrap_err();
        assert!(e.to_string().contains("ghost"), "{e}");

        let mut c = cfg();
        c.time_zone = "Mars/Olympus".into();
        let e = c.validate().unwrap_err();
        assert!(matches!(&e, CoreError::Config { field, .. } if field == "tenant.time_zone"), "{e}");

        let mut c = cfg();
        c.agents[1].extension = Some("8001".into());
        assert!(c.validate().unwrap_err().to_string().contains("8001"));
    }

    #[test]
    fn scope_json_shape() {
        let s: Scope = serde_json::from_str(r#"{"kind":"org_unit","id":"u1"}"#).unwrap();
        assert_eq!(s, Scope::OrgUnit { id: "u1".into() });
        assert_eq!(serde_json::to_string(&Scope::Tenant).unwrap(), r#"{"kind":"tenant"}"#);
    }
}
