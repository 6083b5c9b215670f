//! [`Templates`]: leave-a-message templates (留言模板, TM1) on the device —
//! what a channel instance offers, the customer's pick, and validation of
//! the filled-in form.
//!
//! A checked `cxkit_templates::Template` keeps its spec private and
//! serializes as that spec, so it crosses the boundary as the remote
//! re-declaration of the spec (`Template`, `TemplateField`), converted
//! through serde (one generic conversion, `via_serde`). Form values are
//! typed ([`FieldValue`]: text or choices); `validate_json` takes any JSON
//! for forms whose values come from elsewhere.

use crate::config::Config;
use crate::error::CxError;
use crate::guard::guard;
use crate::via_serde;
use cxkit::core::{Channel, TemplateId};
use cxkit::template_rules::config::{FieldKindName, FieldSpec, TemplateSpec};
use cxkit::template_rules::{ChannelInstance, OfferSource};
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::Arc;

/// One channel instance: a channel kind plus which one
/// (`{channel: WECHAT_OFFICIAL_ACCOUNT, id: "gh_sales"}`).
#[uniffi::remote(Record)]
pub struct ChannelInstance {
    /// The channel kind.
    pub channel: Channel,
    /// The instance id.
    pub id: String,
}

/// Kind of a template field.
#[uniffi::remote(Enum)]
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
    /// A calendar date.
    Date,
    /// Exactly one of `options`.
    SingleChoice,
    /// Any subset of `options`.
    MultiChoice,
}

/// A template field (Kotlin/Swift `TemplateField`).
pub type TemplateField = FieldSpec;

/// One field of a template, as the form renders it.
#[uniffi::remote(Record)]
pub struct TemplateField {
    /// The submission key.
    pub key: String,
    /// Display label.
    #[uniffi(default)]
    pub label: String,
    /// Kind of value.
    pub kind: FieldKindName,
    /// Options of choice kinds, in display order (empty otherwise).
    #[uniffi(default)]
    pub options: Vec<String>,
    /// Whether a value must be given.
    #[uniffi(default)]
    pub required: bool,
    /// Maximum length in characters of a string value.
    #[uniffi(default)]
    pub max_length: Option<u32>,
}

/// A leave-a-message template (Kotlin/Swift `Template`).
pub type Template = TemplateSpec;

/// A leave-a-message template: id, name and fields in order.
#[uniffi::remote(Record)]
pub struct Template {
    /// The template id.
    pub id: TemplateId,
    /// Display name.
    #[uniffi(default)]
    pub name: String,
    /// Whether it may be offered.
    #[uniffi(default = true)]
    pub enabled: bool,
    /// The fields in order.
    pub fields: Vec<TemplateField>,
}

/// Where an offered template comes from.
#[uniffi::remote(Enum)]
pub enum OfferSource {
    /// Bound to the channel instance.
    Bound,
    /// The tenant default (nothing enabled is bound).
    Default,
}

/// What the customer is offered on a channel instance (TM1).
#[derive(Debug, Clone, PartialEq, Serialize, uniffi::Enum)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Offer {
    /// The one template to use.
    Single {
        /// Bound or the tenant default.
        source: OfferSource,
        /// The template.
        template: Template,
    },
    /// The customer picks one of these, in this order.
    Choice {
        /// The enabled bound templates.
        templates: Vec<Template>,
    },
}

/// One value of a filled-in form (JSON: a string or an array of strings).
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
pub enum FieldValue {
    /// A text, phone, e-mail, number, date or single-choice value.
    Text {
        /// The value as typed.
        value: String,
    },
    /// The picked options of a multi-choice field.
    Choices {
        /// The options, in the order picked.
        values: Vec<String>,
    },
}

impl Serialize for FieldValue {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            FieldValue::Text { value } => value.serialize(s),
            FieldValue::Choices { values } => values.serialize(s),
        }
    }
}

/// A validated leave-a-message, ready to store.
#[derive(Debug, Clone, PartialEq, Serialize, uniffi::Record)]
pub struct Submission {
    /// The template it was filled in with.
    pub template: TemplateId,
    /// Where it was left.
    pub channel_instance: ChannelInstance,
    /// The given values, strings trimmed, empty ones dropped.
    pub values: HashMap<String, FieldValue>,
}

fn values_to_json(values: HashMap<String, FieldValue>) -> Value {
    Value::Object(
        values
            .into_iter()
            .map(|(k, v)| {
                let v = match v {
                    FieldValue::Text { value } => Value::String(value),
                    FieldValue::Choices { values } => {
                        Value::Array(values.into_iter().map(Value::String).collect())
                    }
                };
                (k, v)
            })
            .collect::<Map<String, Value>>(),
    )
}

fn values_from_json(values: Map<String, Value>) -> cxkit::Result<HashMap<String, FieldValue>> {
    values
        .into_iter()
        .map(|(k, v)| {
            let fv = match v {
                Value::String(value) => FieldValue::Text { value },
                Value::Array(items) => FieldValue::Choices {
                    values: items
                        .into_iter()
                        .map(|i| match i {
                            Value::String(s) => Ok(s),
                            other => Err(other),
                        })
                        .collect::<Result<_, _>>()
                        .map_err(|other| cxkit::Error::Internal {
                            message: format!(
                                "normalized value of `{k}` holds a non-string: {other}"
                            ),
                        })?,
                },
                other => {
                    return Err(cxkit::Error::Internal {
                        message: format!(
                            "normalized value of `{k}` is neither text nor choices: {other}"
                        ),
                    });
                }
            };
            Ok((k, fv))
        })
        .collect()
}

/// The tenant's templates and channel bindings (TM1).
#[derive(Debug, uniffi::Object)]
pub struct Templates {
    pub(crate) inner: cxkit::templates::Templates,
}

impl Templates {
    fn submit_value(
        &self,
        channel_instance: ChannelInstance,
        template_id: TemplateId,
        submission: &Value,
    ) -> cxkit::Result<Submission> {
        let s = self
            .inner
            .submit(&channel_instance, &template_id, submission)?;
        Ok(Submission {
            template: s.template,
            channel_instance: s.channel_instance,
            values: values_from_json(s.values)?,
        })
    }
}

#[uniffi::export]
impl Templates {
    /// Checks the `templates` section of `config` (CONFIG_ERROR names the field).
    #[uniffi::constructor]
    pub fn new(config: Arc<Config>) -> Result<Arc<Self>, CxError> {
        guard(|| {
            Ok(Arc::new(Templates {
                inner: cxkit::templates::Templates::new(&config.inner)?,
            }))
        })
    }

    /// The one template to use on `channel_instance`, or the ordered list
    /// the customer picks from.
    pub fn offer(&self, channel_instance: ChannelInstance) -> Result<Offer, CxError> {
        guard(|| {
            Ok(match self.inner.offer(&channel_instance)? {
                cxkit::template_rules::Offer::Single { source, template } => Offer::Single {
                    source,
                    template: via_serde(template)?,
                },
                cxkit::template_rules::Offer::Choice { templates } => Offer::Choice {
                    templates: templates
                        .into_iter()
                        .map(via_serde)
                        .collect::<cxkit::Result<_>>()?,
                },
            })
        })
    }

    /// The customer's pick; refused (INVALID_INPUT, field `template_id`)
    /// unless offered on `channel_instance`.
    pub fn select(
        &self,
        channel_instance: ChannelInstance,
        template_id: TemplateId,
    ) -> Result<Template, CxError> {
        guard(|| via_serde(self.inner.select(&channel_instance, &template_id)?))
    }

    /// Validates a filled-in form against template `template_id`; every
    /// field problem at once (`CxException.Validation.errors`).
    pub fn validate(
        &self,
        template_id: TemplateId,
        values: HashMap<String, FieldValue>,
    ) -> Result<(), CxError> {
        guard(|| self.inner.validate(&template_id, &values_to_json(values)))
    }

    /// [`Templates::validate`] for a submission given as JSON (any shape;
    /// a non-object is INVALID_INPUT, field `submission`).
    pub fn validate_json(
        &self,
        template_id: TemplateId,
        submission: String,
    ) -> Result<(), CxError> {
        guard(|| {
            let v: Value = serde_json::from_str(&submission).map_err(|e| {
                cxkit::Error::invalid_input("submission", format!("malformed JSON: {e}"))
            })?;
            self.inner.validate(&template_id, &v)
        })
    }

    /// `select` then `validate`: the stored form of a leave-a-message.
    pub fn submit(
        &self,
        channel_instance: ChannelInstance,
        template_id: TemplateId,
        values: HashMap<String, FieldValue>,
    ) -> Result<Submission, CxError> {
        guard(|| self.submit_value(channel_instance, template_id, &values_to_json(values)))
    }

    /// [`Templates::submit`] for a submission given as JSON.
    pub fn submit_json(
        &self,
        channel_instance: ChannelInstance,
        template_id: TemplateId,
        submission: String,
    ) -> Result<Submission, CxError> {
        guard(|| {
            let v: Value = serde_json::from_str(&submission).map_err(|e| {
                cxkit::Error::invalid_input("submission", format!("malformed JSON: {e}"))
            })?;
            self.submit_value(channel_instance, template_id, &v)
        })
    }
}
