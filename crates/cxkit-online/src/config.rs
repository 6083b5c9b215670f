//! The `online` section of the configuration (OS1, OS3, OS5).
//!
//! ```json
//! {"max_chats": 5, "max_chats_by_role": {"team_lead": 3}, "max_chats_by_agent": {"o1": 8},
//!  "call_blocks_chats": false, "unanswered_after_seconds": 60, "rating_window_seconds": 86400,
//!  "channel_routes": [{"channel": "desktop_web", "skill_group": "care"}]}
//! ```

use crate::error::OnlineError;
use cxkit_core::{AgentId, Channel, Role, SkillGroupId, Tenant};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The largest configurable maximum of concurrent chats.
pub const MAX_CHATS_LIMIT: u32 = 100;

/// Which skill group serves a channel (OS5): a route for one channel
/// instance (`instance` set) wins over the route of the whole channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChannelRoute {
    /// The channel.
    pub channel: Channel,
    /// One channel instance (an official account, a mini program …), or
    /// every instance of the channel when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// The skill group that serves it.
    pub skill_group: SkillGroupId,
}

/// The `online` section of the cxkit configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct OnlineConfig {
    /// OS1: concurrent chats an `online` agent accepts (1..=100, default 5).
    pub max_chats: u32,
    /// OS1: the maximum per role (overrides `max_chats`).
    pub max_chats_by_role: BTreeMap<Role, u32>,
    /// OS1: the maximum per agent (overrides the role's and the default).
    pub max_chats_by_agent: BTreeMap<AgentId, u32>,
    /// OS1: whether a `both` agent on a call takes no new chats (default false).
    pub call_blocks_chats: bool,
    /// OS3: a customer waiting longer than this for a reply makes the chat
    /// "unanswered" (strictly longer; default 60).
    pub unanswered_after_seconds: u32,
    /// OS2: how long after its close a chat still takes a rating, and is
    /// remembered (so a message on it is "closed", not "unknown"); default one day.
    pub rating_window_seconds: u32,
    /// OS5: which skill group serves which channel (instance).
    pub channel_routes: Vec<ChannelRoute>,
}

impl Default for OnlineConfig {
    fn default() -> Self {
        OnlineConfig {
            max_chats: 5,
            max_chats_by_role: BTreeMap::new(),
            max_chats_by_agent: BTreeMap::new(),
            call_blocks_chats: false,
            unanswered_after_seconds: 60,
            rating_window_seconds: 86_400,
            channel_routes: Vec::new(),
        }
    }
}

fn bad(field: impl Into<String>, message: impl Into<String>) -> OnlineError {
    OnlineError::Config {
        field: field.into(),
        message: message.into(),
    }
}

fn check_max(field: String, n: u32) -> Result<(), OnlineError> {
    if n == 0 || n > MAX_CHATS_LIMIT {
        return Err(bad(
            field,
            format!("{n} is not a maximum of concurrent chats (1..={MAX_CHATS_LIMIT})"),
        ));
    }
    Ok(())
}

impl OnlineConfig {
    /// Checks the section against the tenant's roster. Errors name the field.
    pub fn validate(&self, tenant: &Tenant) -> Result<(), OnlineError> {
        check_max("online.max_chats".into(), self.max_chats)?;
        for (role, n) in &self.max_chats_by_role {
            check_max(format!("online.max_chats_by_role.{role}"), *n)?;
        }
        for (agent, n) in &self.max_chats_by_agent {
            let field = format!("online.max_chats_by_agent.{agent}");
            let p = tenant
                .agent(agent)
                .map_err(|_| bad(field.clone(), format!("unknown agent `{agent}`")))?;
            if !p.kind.is_online() {
                return Err(bad(
                    field,
                    format!("agent `{agent}` is a call agent and takes no chats"),
                ));
            }
            check_max(field, *n)?;
        }
        if self.rating_window_seconds == 0 {
            return Err(bad(
                "online.rating_window_seconds",
                "must be at least 1 second",
            ));
        }
        for (i, r) in self.channel_routes.iter().enumerate() {
            if tenant.skill_group_position(&r.skill_group).is_err() {
                return Err(bad(
                    format!("online.channel_routes[{i}].skill_group"),
                    format!("unknown skill group `{}`", r.skill_group),
                ));
            }
            let dup = self.channel_routes[..i]
                .iter()
                .any(|o| o.channel == r.channel && o.instance == r.instance);
            if dup {
                return Err(bad(
                    format!("online.channel_routes[{i}]"),
                    "a second route for the same channel (instance)",
                ));
            }
        }
        Ok(())
    }

    /// The maximum of concurrent chats of an agent: its own, its role's, or the default.
    pub fn max_for(&self, agent: &AgentId, role: &Role) -> u32 {
        self.max_chats_by_agent
            .get(agent)
            .or_else(|| self.max_chats_by_role.get(role))
            .copied()
            .unwrap_or(self.max_chats)
    }

    /// OS5: the skill group serving a channel instance (an instance route
    /// first, then the channel's route).
    pub fn route(&self, channel: Channel, instance: Option<&str>) -> Option<&SkillGroupId> {
        let exact = instance.and_then(|x| {
            self.channel_routes
                .iter()
                .find(|r| r.channel == channel && r.instance.as_deref() == Some(x))
        });
        exact
            .or_else(|| {
                self.channel_routes
                    .iter()
                    .find(|r| r.channel == channel && r.instance.is_none())
            })
            .map(|r| &r.skill_group)
    }
}
