//! The `tickets` section of the configuration: which channels show ticket
//! replies to customers (TK1).

use cxkit_core::Channel;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The `tickets` section of the cxkit configuration.
///
/// JSON: `{"customer_reply_view": {"desktop_web": true, "app": true}}`.
/// A channel absent from the map takes the default: on for `desktop_web`
/// (the channel of the release note), off for every other channel.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct TicketsConfig {
    /// Per-channel switch of the customer reply view (查看工单回复功能开启设置).
    /// Off means the customer sees list, status and progress, never replies.
    pub customer_reply_view: BTreeMap<Channel, bool>,
}

impl TicketsConfig {
    /// Whether customers on `channel` see the visible-to-all replies.
    pub fn replies_visible_on(&self, channel: Channel) -> bool {
        self.customer_reply_view
            .get(&channel)
            .copied()
            .unwrap_or(channel == Channel::DesktopWeb)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn tk1_desktop_web_is_on_by_default_others_off() {
        let c = TicketsConfig::default();
        assert!(c.replies_visible_on(Channel::DesktopWeb));
        for ch in Channel::ALL
            .into_iter()
            .filter(|c| *c != Channel::DesktopWeb)
        {
            assert!(!c.replies_visible_on(ch), "{ch}");
        }
    }

    #[test]
    fn tk1_overrides_merge_with_the_default() {
        let c: TicketsConfig =
            serde_json::from_str(r#"{"customer_reply_view": {"app": true}}"#).unwrap();
        assert!(c.replies_visible_on(Channel::App));
        assert!(c.replies_visible_on(Channel::DesktopWeb));
        let c: TicketsConfig =
            serde_json::from_str(r#"{"customer_reply_view": {"desktop_web": false}}"#).unwrap();
        assert!(!c.replies_visible_on(Channel::DesktopWeb));
        assert!(serde_json::from_str::<TicketsConfig>(r#"{"reply_view": {}}"#).is_err());
        assert!(
            serde_json::from_str::<TicketsConfig>(r#"{"customer_reply_view": {"fax": true}}"#)
                .is_err()
        );
    }
}
