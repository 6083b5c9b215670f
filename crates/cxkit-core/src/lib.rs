#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod access;
pub mod error;
pub mod hash;
pub mod ids;
pub mod org;
pub mod strict;
pub mod tenant;
pub mod time;

pub use access::{Channel, Edition, Permission, Role, RolePermissions};
pub use error::CoreError;
pub use ids::{
    AgentId, CallId, ConversationId, CustomerId, ExtensionId, OrgUnitId, SkillGroupId, TemplateId,
    TenantId, TicketId,
};
pub use org::{OrgTree, OrgUnit};
pub use tenant::{AgentProfile, Scope, ServiceKind, SkillGroup, Tenant, TenantConfig};
pub use time::Timestamp;
pub use chrono_tz::Tz;
