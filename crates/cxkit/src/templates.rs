//! [`Templates`]: the tenant's leave-a-message templates (TM1) — what a
//! channel instance offers, the customer's pick, and validation of what
//! they submit. The whole `templates` section is checked when the object is
//! built: a binding to an unknown template is a `CONFIG_ERROR` at load.

use crate::config::Config;
use crate::error::{Error, FieldError, Result};
use cxkit_core::TemplateId;
use cxkit_templates::{ChannelInstance, Offer, Template, TemplateCatalog, TemplateError};
use serde::Serialize;
use serde_json::{Map, Value};

/// The tenant's templates and channel bindings.
#[derive(Debug, Clone)]
pub struct Templates {
    catalog: TemplateCatalog,
}

/// A validated leave-a-message, ready to store.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Submission {
    /// The template it was filled in with.
    pub template: TemplateId,
    /// Where it was left.
    pub channel_instance: ChannelInstance,
    /// The given values, strings trimmed, empty ones dropped.
    pub values: Map<String, Value>,
}

impl Templates {
    /// Checks the `templates` section and builds the catalog.
    pub fn new(config: &Config) -> Result<Self> {
        Ok(Templates {
            catalog: TemplateCatalog::new(&config.templates)?,
        })
    }

    /// The underlying catalog.
    pub fn catalog(&self) -> &TemplateCatalog {
        &self.catalog
    }

    /// The one template to use on `channel_instance`, or the ordered list
    /// the customer picks from.
    pub fn offer(&self, channel_instance: &ChannelInstance) -> Result<Offer<'_>> {
        Ok(self.catalog.offer(channel_instance)?)
    }

    /// The customer's pick; refused unless offered on `channel_instance`.
    pub fn select(
        &self,
        channel_instance: &ChannelInstance,
        template_id: &TemplateId,
    ) -> Result<&Template> {
        Ok(self
            .catalog
            .select(channel_instance, template_id.as_str())?)
    }

    /// Validates `submission` against template `template_id`; every field
    /// error at once (`VALIDATION_ERROR`).
    pub fn validate(&self, template_id: &TemplateId, submission: &Value) -> Result<()> {
        let t = self.catalog.template(template_id.as_str())?;
        Ok(cxkit_templates::validate(t, submission)?)
    }

    /// `select` then `validate`: the stored form of a leave-a-message.
    pub fn submit(
        &self,
        channel_instance: &ChannelInstance,
        template_id: &TemplateId,
        submission: &Value,
    ) -> Result<Submission> {
        let t = self
            .catalog
            .select(channel_instance, template_id.as_str())?;
        cxkit_templates::validate(t, submission)?;
        Ok(Submission {
            template: t.id().clone(),
            channel_instance: channel_instance.clone(),
            values: cxkit_templates::normalized(t, submission)?,
        })
    }
}

impl From<TemplateError> for Error {
    fn from(e: TemplateError) -> Self {
        let message = e.to_string();
        match e {
            TemplateError::Config { field, .. } => Error::config(format!("templates.{field}"), message),
            TemplateError::UnknownTemplate { id } => Error::UnknownEntity {
                kind: "template".into(),
                id,
                message,
            },
            TemplateError::UnknownChannelInstance { channel, id } => Error::UnknownEntity {
                kind: "channel_instance".into(),
                id: format!("{channel}/{id}"),
                message,
            },
            TemplateError::NotOffered { .. } => Error::InvalidInput {
                field: "template_id".into(),
                message,
            },
            TemplateError::NotAnObject { .. } => Error::InvalidInput {
                field: "submission".into(),
                message,
            },
            TemplateError::Validation { errors } => Error::Validation {
                errors: errors
                    .into_iter()
                    .map(|f| FieldError {
                        field: f.field,
                        code: f.code.as_str().to_owned(),
                        message: f.message,
                    })
                    .collect(),
                message,
            },
            #[allow(unreachable_patterns)]
            _ => Error::Internal { message },
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    #[test]
    fn tm1_config_errors_name_the_section_path() {
        let c = Config::from_json_value(json!({"templates": {
            "templates": [{"id": "a", "fields": [{"key": "k", "kind": "text"}]}],
            "channel_instances": [{"channel": "wecom", "id": "corp", "templates": ["zz"]}]
        }}))
        .unwrap();
        let e = Templates::new(&c).unwrap_err();
        assert_eq!(e.code(), "CONFIG_ERROR");
        assert_eq!(
            e.details(),
            json!({"field": "templates.channel_instances[0].templates[0]", "line": null, "column": null})
        );
    }

    #[test]
    fn tm1_submit_selects_validates_and_normalizes() {
        let c = Config::from_json_value(
            json!({"templates": {"channel_instances": [{"channel": "sdk", "id": "ios"}]}}),
        )
        .unwrap();
        let t = Templates::new(&c).unwrap();
        let ios = ChannelInstance::new(cxkit_core::Channel::Sdk, "ios");
        let s = t
            .submit(
                &ios,
                &"default".into(),
                &json!({"message": "  broken  ", "name": ""}),
            )
            .unwrap();
        assert_eq!(Value::Object(s.values), json!({"message": "broken"}));
        let e = t
            .submit(&ios, &"default".into(), &json!({"phone": "x"}))
            .unwrap_err();
        assert_eq!(e.code(), "VALIDATION_ERROR");
        assert_eq!(e.details()["errors"].as_array().unwrap().len(), 2);
        assert_eq!(
            t.validate(&"default".into(), &json!("text"))
                .unwrap_err()
                .code(),
            "INVALID_INPUT"
        );
    }

    #[test]
    fn tm1_embedded_default_offers_the_default_template_on_web() {
        let t = Templates::new(&Config::example().unwrap()).unwrap();
        let web = ChannelInstance::new(cxkit_core::Channel::DesktopWeb, "default");
        let offer = serde_json::to_value(t.offer(&web).unwrap()).unwrap();
        assert_eq!(offer["source"], "default");
        assert_eq!(offer["template"]["id"], "default");
    }
}
