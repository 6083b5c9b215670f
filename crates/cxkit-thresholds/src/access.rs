//! Who may use the workplace monitor and what they see (WM5).
//!
//! Only the flagship edition has the module, and only super admins,
//! full-function admins, call admins and online admins may use it. Call
//! admins see call agents and call metrics only, online admins online agents
//! and online metrics only, the other two both. Anyone else gets
//! `PermissionDenied` — never an empty or partial view.
//!
//! Decisions where the spec is silent:
//! - The role must *also* hold [`Permission::WorkplaceMonitor`] in the
//!   tenant's role permissions (granted to the four roles by default), so an
//!   admin can withdraw the module from, say, online admins; it can never be
//!   granted to a fifth role.
//! - The edition is the tenant's; a viewer may carry the edition of its
//!   session, and then that one must be flagship too.
//! - A viewer bound to an org unit (`org_unit`) sees that unit and its
//!   descendants only: its unfiltered view is its unit, and filtering by a
//!   unit outside it is `PermissionDenied` (not an empty view).

use crate::catalog::MetricKind;
use crate::error::MonitorError;
use cxkit_core::{Edition, OrgUnitId, Permission, Role, Tenant};
use serde::{Deserialize, Serialize};

/// Who is looking: `{"role": "call_admin", "org_unit": "sh", "edition": "flagship"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Viewer {
    /// The viewer's role.
    pub role: Role,
    /// The org unit the viewer is bound to; `None` for a tenant-wide viewer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_unit: Option<OrgUnitId>,
    /// The edition of the viewer's session; `None` means the tenant's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edition: Option<Edition>,
}

impl Viewer {
    /// A tenant-wide viewer with `role`.
    pub fn new(role: impl Into<Role>) -> Self {
        Viewer {
            role: role.into(),
            org_unit: None,
            edition: None,
        }
    }

    /// The same viewer bound to `unit`.
    pub fn in_unit(mut self, unit: impl Into<OrgUnitId>) -> Self {
        self.org_unit = Some(unit.into());
        self
    }
}

/// What a permitted viewer may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Access {
    /// Call agents and call metrics.
    pub call: bool,
    /// Online agents and online metrics.
    pub online: bool,
    /// Position of the viewer's own org unit, if bound to one.
    pub unit: Option<u32>,
}

impl Access {
    /// Whether metrics/rows of `kind` are visible.
    pub fn sees(&self, kind: MetricKind) -> bool {
        match kind {
            MetricKind::Call => self.call,
            MetricKind::Online => self.online,
        }
    }
}

fn denied(viewer: &Viewer, permission: &str, message: String) -> MonitorError {
    MonitorError::PermissionDenied {
        role: viewer.role.to_string(),
        permission: permission.to_owned(),
        message,
    }
}

/// Checks WM5 for `viewer` in `tenant`.
pub fn check(tenant: &Tenant, viewer: &Viewer) -> Result<Access, MonitorError> {
    let edition = tenant.config.edition;
    if edition != Edition::Flagship || viewer.edition.is_some_and(|e| e != Edition::Flagship) {
        return Err(denied(
            viewer,
            "flagship_edition",
            "workplace monitoring is available in the flagship edition only".to_owned(),
        ));
    }
    let (call, online) = match viewer.role {
        Role::SuperAdmin | Role::FullAdmin => (true, true),
        Role::CallAdmin => (true, false),
        Role::OnlineAdmin => (false, true),
        _ => {
            return Err(denied(
                viewer,
                "workplace_monitor",
                format!(
                    "role `{}` may not use workplace monitoring (super, full-function, call and online admins only)",
                    viewer.role
                ),
            ));
        }
    };
    if !tenant
        .config
        .role_permissions
        .allows(&viewer.role, Permission::WorkplaceMonitor)
    {
        return Err(denied(
            viewer,
            "workplace_monitor",
            format!(
                "role `{}` does not hold the workplace_monitor permission",
                viewer.role
            ),
        ));
    }
    let unit = match &viewer.org_unit {
        None => None,
        Some(u) => Some(
            tenant
                .org
                .position(u)
                .map_err(|_| MonitorError::UnknownEntity {
                    kind: "org_unit",
                    id: u.to_string(),
                })?,
        ),
    };
    Ok(Access { call, online, unit })
}

/// Checks that `viewer` may change settings of `kind` (call admins call
/// metrics only, online admins online metrics only).
pub fn check_kind(viewer: &Viewer, access: &Access, kind: MetricKind) -> Result<(), MonitorError> {
    if access.sees(kind) {
        Ok(())
    } else {
        Err(denied(
            viewer,
            &format!("{kind}_metrics"),
            format!(
                "role `{}` may not see or change {kind} metrics",
                viewer.role
            ),
        ))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use cxkit_core::TenantConfig;

    fn tenant(edition: Edition) -> Tenant {
        TenantConfig {
            edition,
            org: vec![cxkit_core::OrgUnit {
                id: "hq".into(),
                name: String::new(),
                parent: None,
            }],
            ..TenantConfig::default()
        }
        .validate()
        .unwrap()
    }

    #[test]
    fn wm5_only_four_admin_roles_on_flagship() {
        let t = tenant(Edition::Flagship);
        let a = check(&t, &Viewer::new(Role::CallAdmin)).unwrap();
        assert!(a.call && !a.online);
        let a = check(&t, &Viewer::new(Role::OnlineAdmin)).unwrap();
        assert!(!a.call && a.online);
        for r in [Role::SuperAdmin, Role::FullAdmin] {
            let a = check(&t, &Viewer::new(r)).unwrap();
            assert!(a.call && a.online);
        }
        for r in [Role::TeamLead, Role::Agent, Role::Custom("qa".into())] {
            let e = check(&t, &Viewer::new(r)).unwrap_err();
            assert!(
                matches!(e, MonitorError::PermissionDenied { ref permission, .. } if permission == "workplace_monitor")
            );
        }
        for ed in [Edition::Basic, Edition::Professional, Edition::Enterprise] {
            let e = check(&tenant(ed), &Viewer::new(Role::SuperAdmin)).unwrap_err();
            assert!(
                matches!(e, MonitorError::PermissionDenied { ref permission, .. } if permission == "flagship_edition")
            );
            let mut v = Viewer::new(Role::SuperAdmin);
            v.edition = Some(ed);
            assert!(check(&t, &v).is_err());
        }
    }

    #[test]
    fn wm5_withdrawn_permission_and_unknown_own_unit() {
        let mut cfg = TenantConfig::default();
        cfg.role_permissions
            .revoke(&Role::OnlineAdmin, Permission::WorkplaceMonitor);
        let t = cfg.validate().unwrap();
        assert!(check(&t, &Viewer::new(Role::OnlineAdmin)).is_err());
        let e = check(&t, &Viewer::new(Role::SuperAdmin).in_unit("ghost")).unwrap_err();
        assert!(matches!(
            e,
            MonitorError::UnknownEntity {
                kind: "org_unit",
                ..
            }
        ));
        let t = tenant(Edition::Flagship);
        assert_eq!(
            check(&t, &Viewer::new(Role::SuperAdmin).in_unit("hq"))
                .unwrap()
                .unit,
            Some(0)
        );
    }
}
