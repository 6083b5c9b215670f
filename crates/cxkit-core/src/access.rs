//! Channels, roles, editions and role permissions.
//!
//! Roles and permissions are the vocabulary of every access rule in cxkit
//! (WM5 for the workplace monitor, TK2 for closing tickets). The admin grants
//! permissions per role; [`RolePermissions`] holds that grant table and ships
//! with a documented default.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// A channel a customer reaches the tenant through (渠道).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// PC desktop website (PC桌面网站).
    DesktopWeb,
    /// Mobile website (移动网站).
    MobileWeb,
    /// The tenant's native app (APP).
    App,
    /// An app embedding the customer-service SDK.
    Sdk,
    /// A WeChat official account (微信公众号).
    WechatOfficialAccount,
    /// A WeChat mini program (微信小程序).
    WechatMiniProgram,
    /// WeCom, i.e. WeChat Work (企业微信).
    Wecom,
    /// The telephone hotline.
    Phone,
    /// E-mail.
    Email,
}

impl Channel {
    /// Every channel, in declaration order.
    pub const ALL: [Channel; 9] = [
        Channel::DesktopWeb,
        Channel::MobileWeb,
        Channel::App,
        Channel::Sdk,
        Channel::WechatOfficialAccount,
        Channel::WechatMiniProgram,
        Channel::Wecom,
        Channel::Phone,
        Channel::Email,
    ];

    /// The stable snake_case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::DesktopWeb => "desktop_web",
            Channel::MobileWeb => "mobile_web",
            Channel::App => "app",
            Channel::Sdk => "sdk",
            Channel::WechatOfficialAccount => "wechat_official_account",
            Channel::WechatMiniProgram => "wechat_mini_program",
            Channel::Wecom => "wecom",
            Channel::Phone => "phone",
            Channel::Email => "email",
        }
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The product edition a tenant subscribes to (版本).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Edition {
    /// Basic edition (基础版).
    Basic,
    /// Professional edition (专业版).
    Professional,
    /// Enterprise edition (企业版).
    Enterprise,
    /// Flagship edition (旗舰版): the only one with workplace monitoring (WM5).
    Flagship,
}

/// A role an account holds. The six built-in roles have fixed names; any
/// other name is a tenant-defined role.
///
/// Serializes as a plain string: `"super_admin"`, `"call_admin"`, or the
/// custom role's own name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(from = "String", into = "String")]
pub enum Role {
    /// Super admin (超管).
    SuperAdmin,
    /// Full-function admin (全功能管理员).
    FullAdmin,
    /// Call-center admin (呼叫管理员).
    CallAdmin,
    /// Online (chat) admin (在线管理员).
    OnlineAdmin,
    /// Team lead / supervisor (班长).
    TeamLead,
    /// Plain agent (客服).
    Agent,
    /// A role the tenant defined, by name.
    Custom(String),
}

impl Role {
    /// The stable name used in JSON.
    pub fn as_str(&self) -> &str {
        match self {
            Role::SuperAdmin => "super_admin",
            Role::FullAdmin => "full_admin",
            Role::CallAdmin => "call_admin",
            Role::OnlineAdmin => "online_admin",
            Role::TeamLead => "team_lead",
            Role::Agent => "agent",
            Role::Custom(name) => name,
        }
    }
}

impl From<String> for Role {
    fn from(s: String) -> Self {
        match s.as_str() {
            "super_admin" => Role::SuperAdmin,
            "full_admin" => Role::FullAdmin,
            "call_admin" => Role::CallAdmin,
            "online_admin" => Role::OnlineAdmin,
            "team_lead" => Role::TeamLead,
            "agent" => Role::Agent,
            _ => Role::Custom(s),
        }
    }
}

impl From<&str> for Role {
    fn from(s: &str) -> Self {
        Role::from(s.to_owned())
    }
}

impl From<Role> for String {
    fn from(r: Role) -> Self {
        match r {
            Role::Custom(name) => name,
            other => other.as_str().to_owned(),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A permission an admin can grant to a role (角色权限).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    /// Use the workplace monitor (职场管理). WM5 additionally requires the
    /// flagship edition and one of the four admin roles.
    WorkplaceMonitor,
    /// Use call monitoring (呼叫监控): wallboard and trends.
    CallMonitor,
    /// Listen to, barge in on and force-disconnect agents (呼叫客服监听).
    CallListen,
    /// Reply to tickets.
    TicketReply,
    /// Close tickets (TK2: 工单中心 → 关闭工单).
    TicketClose,
    /// Change tenant settings.
    ManageSettings,
}

/// Which permissions each role holds; configured by the admin
/// (settings → agent management → role permissions).
///
/// A role absent from the table holds no permission at all. The default
/// grants everything to super and full-function admins, call/online admins
/// and team leads the monitoring and ticket permissions of their area, and
/// plain agents ticket replies only (closing is withheld until granted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct RolePermissions(BTreeMap<Role, BTreeSet<Permission>>);

impl Default for RolePermissions {
    fn default() -> Self {
        use Permission::*;
        let all = [
            WorkplaceMonitor,
            CallMonitor,
            CallListen,
            TicketReply,
            TicketClose,
            ManageSettings,
        ];
        let mut m = BTreeMap::new();
        m.insert(Role::SuperAdmin, all.into_iter().collect());
        m.insert(Role::FullAdmin, all.into_iter().collect());
        m.insert(
            Role::CallAdmin,
            [WorkplaceMonitor, CallMonitor, CallListen, TicketReply, TicketClose]
                .into_iter()
                .collect(),
        );
        m.insert(
            Role::OnlineAdmin,
            [WorkplaceMonitor, TicketReply, TicketClose].into_iter().collect(),
        );
        m.insert(
            Role::TeamLead,
            [CallMonitor, CallListen, TicketReply, TicketClose]
                .into_iter()
                .collect(),
        );
        m.insert(Role::Agent, [TicketReply].into_iter().collect());
        RolePermissions(m)
    }
}

impl RolePermissions {
    /// An empty table: no role holds anything.
    pub fn empty() -> Self {
        RolePermissions(BTreeMap::new())
    }
    /// Whether `role` holds `permission`.
    pub fn allows(&self, role: &Role, permission: Permission) -> bool {
        self.0.get(role).is_some_and(|s| s.contains(&permission))
    }
    /// Grants `permission` to `role`.
    pub fn grant(&mut self, role: Role, permission: Permission) {
        self.0.entry(role).or_default().insert(permission);
    }
    /// Withholds `permission` from `role`.
    pub fn revoke(&mut self, role: &Role, permission: Permission) {
        if let Some(s) = self.0.get_mut(role) {
            s.remove(&permission);
        }
    }
    /// The permissions `role` holds, in a stable order.
    pub fn of(&self, role: &Role) -> Vec<Permission> {
        self.0
            .get(role)
            .map(|s| s.iter().copied().collect())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_as_strings() {
        for name in [
            "super_admin",
            "full_admin",
            "call_admin",
            "online_admin",
            "team_lead",
            "agent",
            "quality_inspector",
        ] {
            let r: Role = serde_json::from_str(&format!("\"{name}\"")).unwrap();
            assert_eq!(r.as_str(), name);
            assert_eq!(serde_json::to_string(&r).unwrap(), format!("\"{name}\""));
        }
        assert_eq!(Role::from("quality_inspector"), Role::Custom("quality_inspector".into()));
    }

    #[test]
    fn tk2_close_is_withheld_from_plain_agents_by_default() {
        let p = RolePermissions::default();
        assert!(!p.allows(&Role::Agent, Permission::TicketClose));
        assert!(p.allows(&Role::SuperAdmin, Permission::TicketClose));
        assert!(!p.allows(&Role::Custom("x".into()), Permission::TicketReply));
    }

    #[test]
    fn grant_and_revoke() {
        let mut p = RolePermissions::empty();
        p.grant(Role::Agent, Permission::TicketClose);
        assert!(p.allows(&Role::Agent, Permission::TicketClose));
        p.revoke(&Role::Agent, Permission::TicketClose);
        assert!(!p.allows(&Role::Agent, Permission::TicketClose));
        let json = serde_json::to_string(&RolePermissions::default()).unwrap();
        let back: RolePermissions = serde_json::from_str(&json).unwrap();
        assert_eq!(back, RolePermissions::default());
    }
}
