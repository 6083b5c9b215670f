//! [`TemplateCatalog`]: the tenant's templates and channel bindings, with
//! the offer and selection rules of TM1.
//!
//! Decisions (documented in `docs/templates.md`):
//! - Every channel instance a customer can leave a message on is declared in
//!   `channel_instances`; an undeclared one is an unknown entity, so a typo
//!   in an instance id is never silently served the default template.
//! - Disabled templates are never offered. When every template bound to an
//!   instance is disabled (or none is bound) the tenant default is offered;
//!   the default itself must be enabled (checked at load), so an offer is
//!   never empty.
//! - `phone` and `email` channels cannot bind templates (leave-a-message is
//!   a chat-widget feature); doing so is a configuration error.

use crate::config::TemplatesConfig;
use crate::error::TemplateError;
use crate::model::{ChannelInstance, Template};
use cxkit_core::{Channel, TemplateId};
use serde::Serialize;
use std::collections::HashMap;

/// Where an offered template comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OfferSource {
    /// Bound to the channel instance.
    Bound,
    /// The tenant default (nothing enabled is bound).
    Default,
}

/// What a customer is offered on a channel instance.
///
/// JSON: `{"kind": "single", "source": "bound"|"default", "template": {…}}` or
/// `{"kind": "choice", "templates": [{…}, …]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Offer<'a> {
    /// The one template to use.
    Single {
        /// Bound or default.
        source: OfferSource,
        /// The template.
        template: &'a Template,
    },
    /// The customer picks one of these, in this order.
    Choice {
        /// The enabled bound templates.
        templates: Vec<&'a Template>,
    },
}

impl<'a> Offer<'a> {
    /// The offered templates, in order.
    pub fn templates(&self) -> Vec<&'a Template> {
        match self {
            Offer::Single { template, .. } => vec![*template],
            Offer::Choice { templates } => templates.clone(),
        }
    }
    /// Whether `id` is offered.
    pub fn contains(&self, id: &str) -> bool {
        match self {
            Offer::Single { template, .. } => template.id().as_str() == id,
            Offer::Choice { templates } => templates.iter().any(|t| t.id().as_str() == id),
        }
    }
}

/// The tenant's checked templates and bindings.
#[derive(Debug, Clone)]
pub struct TemplateCatalog {
    templates: Vec<Template>,
    index: HashMap<TemplateId, usize>,
    default: usize,
    bindings: HashMap<ChannelInstance, Vec<usize>>,
}

fn cfg(field: String, message: String) -> TemplateError {
    TemplateError::Config { field, message }
}

impl TemplateCatalog {
    /// Checks the whole section and builds the catalog. Errors name the
    /// dotted path inside the section (`channel_instances[0].templates[1]`).
    pub fn new(config: &TemplatesConfig) -> Result<Self, TemplateError> {
        let mut templates = Vec::with_capacity(config.templates.len());
        let mut index = HashMap::new();
        for (i, spec) in config.templates.iter().enumerate() {
            let path = format!("templates[{i}]");
            let t = Template::from_spec(spec.clone(), &path).map_err(|(f, m)| cfg(f, m))?;
            if index.insert(t.id().clone(), i).is_some() {
                return Err(cfg(
                    format!("{path}.id"),
                    format!("duplicate template `{}`", t.id()),
                ));
            }
            templates.push(t);
        }
        let default = match &config.default_template {
            Some(id) => *index.get(id).ok_or_else(|| {
                cfg(
                    "default_template".into(),
                    format!("unknown template `{id}`"),
                )
            })?,
            None if templates.is_empty() => {
                return Err(cfg(
                    "templates".into(),
                    "at least one template (the default) is needed".into(),
                ));
            }
            None => 0,
        };
        if !templates[default].enabled() {
            return Err(cfg(
                "default_template".into(),
                format!(
                    "the default template `{}` is disabled",
                    templates[default].id()
                ),
            ));
        }
        let mut bindings = HashMap::new();
        for (i, b) in config.channel_instances.iter().enumerate() {
            let path = format!("channel_instances[{i}]");
            if b.id.trim().is_empty() {
                return Err(cfg(
                    format!("{path}.id"),
                    "empty channel instance id".into(),
                ));
            }
            if matches!(b.channel, Channel::Phone | Channel::Email) {
                return Err(cfg(
                    format!("{path}.channel"),
                    format!("channel `{}` has no leave-a-message templates", b.channel),
                ));
            }
            let mut bound = Vec::with_capacity(b.templates.len());
            for (j, id) in b.templates.iter().enumerate() {
                let &pos = index.get(id).ok_or_else(|| {
                    cfg(
                        format!("{path}.templates[{j}]"),
                        format!("unknown template `{id}`"),
                    )
                })?;
                if bound.contains(&pos) {
                    return Err(cfg(
                        format!("{path}.templates[{j}]"),
                        format!("template `{id}` bound twice"),
                    ));
                }
                bound.push(pos);
            }
            let key = ChannelInstance::new(b.channel, b.id.clone());
            if bindings.insert(key, bound).is_some() {
                return Err(cfg(
                    format!("{path}.id"),
                    format!("channel instance `{}/{}` declared twice", b.channel, b.id),
                ));
            }
        }
        Ok(TemplateCatalog {
            templates,
            index,
            default,
            bindings,
        })
    }

    /// A template by id.
    pub fn template(&self, id: &str) -> Result<&Template, TemplateError> {
        self.index
            .get(id)
            .and_then(|&i| self.templates.get(i))
            .ok_or_else(|| TemplateError::UnknownTemplate { id: id.to_owned() })
    }

    /// The tenant default template.
    pub fn default_template(&self) -> &Template {
        &self.templates[self.default]
    }

    /// Every template, in configuration order.
    pub fn templates(&self) -> &[Template] {
        &self.templates
    }

    /// What a customer on `instance` is offered (TM1).
    pub fn offer(&self, instance: &ChannelInstance) -> Result<Offer<'_>, TemplateError> {
        let bound =
            self.bindings
                .get(instance)
                .ok_or_else(|| TemplateError::UnknownChannelInstance {
                    channel: instance.channel.as_str().to_owned(),
                    id: instance.id.clone(),
                })?;
        let mut enabled: Vec<&Template> = bound
            .iter()
            .filter_map(|&i| self.templates.get(i))
            .filter(|t| t.enabled())
            .collect();
        Ok(match enabled.len() {
            0 => Offer::Single {
                source: OfferSource::Default,
                template: self.default_template(),
            },
            1 => Offer::Single {
                source: OfferSource::Bound,
                template: enabled.remove(0),
            },
            _ => Offer::Choice { templates: enabled },
        })
    }

    /// The customer picks `template` on `instance`; refused unless it is
    /// offered there (an unknown id is `UnknownTemplate`, a known one not
    /// offered is `NotOffered`).
    pub fn select(
        &self,
        instance: &ChannelInstance,
        template: &str,
    ) -> Result<&Template, TemplateError> {
        let offer = self.offer(instance)?;
        let t = self.template(template)?;
        if offer.contains(template) {
            Ok(t)
        } else {
            Err(TemplateError::NotOffered {
                template: template.to_owned(),
                instance: instance.to_string(),
                offered: offer
                    .templates()
                    .iter()
                    .map(|t| t.id().as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn config(json: &str) -> TemplatesConfig {
        serde_json::from_str(json).unwrap()
    }

    const BASE: &str = r#"{
      "default_template": "general",
      "templates": [
        {"id": "general", "fields": [{"key": "msg", "kind": "long_text", "required": true}]},
        {"id": "pre_sales", "fields": [{"key": "msg", "kind": "text"}]},
        {"id": "after_sales", "fields": [{"key": "order", "kind": "number"}]},
        {"id": "old", "enabled": false, "fields": [{"key": "x", "kind": "text"}]}
      ],
      "channel_instances": [
        {"channel": "wechat_official_account", "id": "gh_shop", "templates": ["pre_sales", "after_sales"]},
        {"channel": "wechat_mini_program", "id": "wx_app", "templates": ["after_sales"]},
        {"channel": "wecom", "id": "corp", "templates": ["old"]},
        {"channel": "sdk", "id": "ios"}
      ]
    }"#;

    fn ids(o: &Offer<'_>) -> Vec<String> {
        o.templates().iter().map(|t| t.id().to_string()).collect()
    }

    #[test]
    fn tm1_offer_is_single_choice_or_default() {
        let c = TemplateCatalog::new(&config(BASE)).unwrap();
        let shop = ChannelInstance::new(Channel::WechatOfficialAccount, "gh_shop");
        assert!(matches!(c.offer(&shop).unwrap(), Offer::Choice { .. }));
        assert_eq!(ids(&c.offer(&shop).unwrap()), ["pre_sales", "after_sales"]);
        let app = ChannelInstance::new(Channel::WechatMiniProgram, "wx_app");
        assert!(matches!(
            c.offer(&app).unwrap(),
            Offer::Single {
                source: OfferSource::Bound,
                ..
            }
        ));
        for none in [
            ChannelInstance::new(Channel::Sdk, "ios"),
            ChannelInstance::new(Channel::Wecom, "corp"),
        ] {
            let o = c.offer(&none).unwrap();
            assert!(
                matches!(
                    o,
                    Offer::Single {
                        source: OfferSource::Default,
                        ..
                    }
                ),
                "{none}"
            );
            assert_eq!(ids(&o), ["general"]);
        }
        let e = c
            .offer(&ChannelInstance::new(Channel::Wecom, "other"))
            .unwrap_err();
        assert!(
            matches!(e, TemplateError::UnknownChannelInstance { .. }),
            "{e}"
        );
    }

    #[test]
    fn tm1_select_refuses_templates_outside_the_offer() {
        let c = TemplateCatalog::new(&config(BASE)).unwrap();
        let shop = ChannelInstance::new(Channel::WechatOfficialAccount, "gh_shop");
        assert_eq!(
            c.select(&shop, "after_sales").unwrap().id().as_str(),
            "after_sales"
        );
        assert!(matches!(
            c.select(&shop, "general"),
            Err(TemplateError::NotOffered { .. })
        ));
        assert!(matches!(
            c.select(&shop, "ghost"),
            Err(TemplateError::UnknownTemplate { .. })
        ));
        let corp = ChannelInstance::new(Channel::Wecom, "corp");
        assert!(
            matches!(
                c.select(&corp, "old"),
                Err(TemplateError::NotOffered { .. })
            ),
            "disabled is never offered"
        );
    }

    fn config_error(json: &str) -> String {
        match TemplateCatalog::new(&config(json)) {
            Err(TemplateError::Config { field, .. }) => field,
            other => panic!("expected a config error, got {other:?}"),
        }
    }

    #[test]
    fn tm1_bad_configurations_name_the_field() {
        let t = r#"{"id": "a", "fields": [{"key": "k", "kind": "text"}]}"#;
        assert_eq!(
            config_error(&format!(
                r#"{{"templates": [{t}], "channel_instances": [{{"channel": "wecom", "id": "c", "templates": ["a", "ghost"]}}]}}"#
            )),
            "channel_instances[0].templates[1]"
        );
        assert_eq!(
            config_error(&format!(
                r#"{{"templates": [{t}], "default_template": "zz"}}"#
            )),
            "default_template"
        );
        assert_eq!(config_error(r#"{"templates": []}"#), "templates");
        assert_eq!(
            config_error(
                r#"{"templates": [{"id": "a", "enabled": false, "fields": [{"key": "k", "kind": "text"}]}]}"#
            ),
            "default_template"
        );
        assert_eq!(
            config_error(&format!(r#"{{"templates": [{t}, {t}]}}"#)),
            "templates[1].id"
        );
        assert_eq!(
            config_error(
                r#"{"templates": [{"id": "a", "fields": [{"key": "k", "kind": "single_choice"}]}]}"#
            ),
            "templates[0].fields[0].options"
        );
        assert_eq!(
            config_error(
                r#"{"templates": [{"id": "a", "fields": [{"key": "k", "kind": "text", "options": ["x"]}]}]}"#
            ),
            "templates[0].fields[0].options"
        );
        assert_eq!(
            config_error(
                r#"{"templates": [{"id": "a", "fields": [{"key": "k", "kind": "text"}, {"key": "k", "kind": "date"}]}]}"#
            ),
            "templates[0].fields[1].key"
        );
        assert_eq!(
            config_error(
                r#"{"templates": [{"id": "a", "fields": [{"key": "k", "kind": "text", "max_length": 0}]}]}"#
            ),
            "templates[0].fields[0].max_length"
        );
        assert_eq!(
            config_error(r#"{"templates": [{"id": "a", "fields": []}]}"#),
            "templates[0].fields"
        );
        assert_eq!(
            config_error(&format!(
                r#"{{"templates": [{t}], "channel_instances": [{{"channel": "phone", "id": "p"}}]}}"#
            )),
            "channel_instances[0].channel"
        );
        assert_eq!(
            config_error(&format!(
                r#"{{"templates": [{t}], "channel_instances": [{{"channel": "sdk", "id": "p"}}, {{"channel": "sdk", "id": "p"}}]}}"#
            )),
            "channel_instances[1].id"
        );
    }

    #[test]
    fn the_builtin_default_loads() {
        let c = TemplateCatalog::new(&TemplatesConfig::default()).unwrap();
        assert_eq!(c.default_template().id().as_str(), "default");
    }
}
