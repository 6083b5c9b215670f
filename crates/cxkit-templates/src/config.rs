//! The `templates` section of the configuration, exactly as written in JSON.
//! [`crate::TemplateCatalog::new`] checks it as a whole and builds the typed
//! model; nothing here is trusted before that.

use cxkit_core::{Channel, TemplateId};
use serde::{Deserialize, Serialize};

/// The `templates` section of the cxkit configuration.
///
/// ```json
/// {"default_template": "general",
///  "templates": [{"id": "general", "name": "留言", "fields": [...]}],
///  "channel_instances": [{"channel": "wechat_official_account", "id": "gh_sales",
///                         "templates": ["pre_sales", "after_sales"]}]}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct TemplatesConfig {
    /// The tenant default template; `None` means the first of `templates`.
    pub default_template: Option<TemplateId>,
    /// Every template of the tenant.
    pub templates: Vec<TemplateSpec>,
    /// Every channel instance customers can leave a message on, with its
    /// ordered template bindings (empty: the default applies).
    pub channel_instances: Vec<ChannelBinding>,
}

impl Default for TemplatesConfig {
    /// One built-in default template (`default`: name, phone, email,
    /// message) and no channel instance.
    fn default() -> Self {
        let f = |key: &str, label: &str, kind, required, max_length| FieldSpec {
            key: key.into(),
            label: label.into(),
            kind,
            options: Vec::new(),
            required,
            max_length,
        };
        TemplatesConfig {
            default_template: None,
            templates: vec![TemplateSpec {
                id: TemplateId::new("default"),
                name: "留言".into(),
                enabled: true,
                fields: vec![
                    f("name", "Name", FieldKindName::Text, false, Some(50)),
                    f("phone", "Phone", FieldKindName::Phone, false, None),
                    f("email", "E-mail", FieldKindName::Email, false, None),
                    f(
                        "message",
                        "Message",
                        FieldKindName::LongText,
                        true,
                        Some(2000),
                    ),
                ],
            }],
            channel_instances: Vec::new(),
        }
    }
}

/// One template as configured.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateSpec {
    /// The template's id.
    pub id: TemplateId,
    /// Display name (e.g. 售前咨询).
    #[serde(default)]
    pub name: String,
    /// A disabled template is never offered.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// The fields, in display order.
    pub fields: Vec<FieldSpec>,
}

fn yes() -> bool {
    true
}

/// One field as configured (flat JSON: `options` only for choice kinds).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// The submission key.
    pub key: String,
    /// Display label.
    #[serde(default)]
    pub label: String,
    /// What the value is.
    pub kind: FieldKindName,
    /// The choices of a `single_choice` / `multi_choice` field, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// Whether a value must be given.
    #[serde(default)]
    pub required: bool,
    /// Maximum length in characters (Unicode scalar values) of a string
    /// value; absent means no limit. Not allowed on choice kinds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u32>,
}

/// The kind of a field, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FieldKindName {
    /// One line of text.
    Text,
    /// Multi-line text.
    LongText,
    /// A phone number.
    Phone,
    /// An e-mail address.
    Email,
    /// A decimal number.
    Number,
    /// A calendar date `YYYY-MM-DD`.
    Date,
    /// Exactly one of `options`.
    SingleChoice,
    /// Any subset of `options`.
    MultiChoice,
}

/// One channel instance and the templates bound to it, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChannelBinding {
    /// The channel kind.
    pub channel: Channel,
    /// The instance id (a WeChat account's id, a mini program's appid, …).
    pub id: String,
    /// Bound templates in the order offered.
    #[serde(default)]
    pub templates: Vec<TemplateId>,
}
