//! Shared boundary types: the typed ids (a `String` in Kotlin/Swift, a
//! distinct typealias each), timestamps (`java.time.Instant` / `Date`),
//! roles (their JSON string), and the remote re-declarations of the core
//! enums (`Channel`, `Scope`). See the crate doc for why these are mirrors.

use chrono::{DateTime, Utc};
use cxkit::core::{
    AgentId, CallId, Channel, ConversationId, CustomerId, ExtensionId, OrgUnitId, Role, Scope,
    SkillGroupId, TemplateId, TenantId, TicketId,
};
use std::time::SystemTime;

/// A point in time (UTC); `java.time.Instant` in Kotlin, `Date` in Swift.
pub type Timestamp = DateTime<Utc>;

uniffi::custom_type!(Timestamp, SystemTime, {
    remote,
    lower: |t| SystemTime::from(t),
    try_lift: |t| Ok(lift_instant(t)),
});

/// A host instant as a `Timestamp`. chrono's own `From<SystemTime>` panics
/// past its range (Java's `Instant.MAX` is year 1 000 000 000); such an
/// instant saturates to chrono's bound instead, which lies far outside the
/// supported range, so the facade refuses it as `InvalidInput` naming the
/// argument (#18) rather than a panic surfacing as a Kotlin/Swift crash.
pub(crate) fn lift_instant(t: SystemTime) -> Timestamp {
    let (secs, nanos, negative) = match t.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(d) => (d.as_secs(), d.subsec_nanos(), false),
        Err(e) => (e.duration().as_secs(), e.duration().subsec_nanos(), true),
    };
    let secs = i64::try_from(secs).ok().map(|s| if negative { -s } else { s });
    let at = match (secs, negative, nanos) {
        (Some(s), false, n) => DateTime::from_timestamp(s, n),
        (Some(s), true, 0) => DateTime::from_timestamp(s, 0),
        (Some(s), true, n) => DateTime::from_timestamp(s - 1, 1_000_000_000 - n),
        (None, _, _) => None,
    };
    at.unwrap_or(if negative { DateTime::<Utc>::MIN_UTC } else { DateTime::<Utc>::MAX_UTC })
}

macro_rules! string_ids {
    ($($id:ident),* $(,)?) => {$(
        uniffi::custom_type!($id, String, {
            remote,
            lower: |id| id.as_str().to_owned(),
            try_lift: |s| Ok($id::from(s)),
        });
    )*};
}
string_ids!(
    TenantId,
    AgentId,
    SkillGroupId,
    OrgUnitId,
    ExtensionId,
    CallId,
    CustomerId,
    TicketId,
    TemplateId,
    ConversationId
);

uniffi::custom_type!(Role, String, {
    remote,
    lower: |r| String::from(r),
    try_lift: |s| Ok(Role::from(s)),
});

/// A channel a customer reaches the tenant through (渠道).
#[uniffi::remote(Enum)]
pub enum Channel {
    /// PC desktop website (PC桌面网站).
    DesktopWeb,
    /// Mobile website (移动网站).
    MobileWeb,
    /// The tenant's native app.
    App,
    /// An app embedding the customer-service SDK.
    Sdk,
    /// A WeChat official account (微信公众号).
    WechatOfficialAccount,
    /// A WeChat mini program (微信小程序).
    WechatMiniProgram,
    /// WeCom (企业微信).
    Wecom,
    /// The telephone hotline.
    Phone,
    /// E-mail.
    Email,
}

/// Which agents a view covers.
#[uniffi::remote(Enum)]
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
