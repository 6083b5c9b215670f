//! The checked template model: typed field kinds, and the channel instance
//! a template list is bound to.

use crate::config::{FieldKindName, FieldSpec, TemplateSpec};
use cxkit_core::{Channel, TemplateId};
use serde::{Deserialize, Serialize};
use std::fmt;

/// One channel instance: a channel kind plus which one (which WeChat
/// official account, which mini program, …).
///
/// JSON: `{"channel": "wechat_official_account", "id": "gh_sales"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChannelInstance {
    /// The channel kind.
    pub channel: Channel,
    /// The instance id.
    pub id: String,
}

impl ChannelInstance {
    /// A channel instance.
    pub fn new(channel: Channel, id: impl Into<String>) -> Self {
        ChannelInstance {
            channel,
            id: id.into(),
        }
    }
}

impl fmt::Display for ChannelInstance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.channel, self.id)
    }
}

/// What a field's value is, with the options of choice kinds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    /// One line of text.
    Text,
    /// Multi-line text.
    LongText,
    /// A phone number (see [`crate::validate::is_phone`]).
    Phone,
    /// An e-mail address (see [`crate::validate::is_email`]).
    Email,
    /// A decimal number (see [`crate::validate::is_number`]).
    Number,
    /// A calendar date (see [`crate::validate::is_date`]).
    Date,
    /// Exactly one of the options.
    SingleChoice {
        /// The options, in display order.
        options: Vec<String>,
    },
    /// Any subset of the options, each at most once.
    MultiChoice {
        /// The options, in display order.
        options: Vec<String>,
    },
}

/// One checked field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The submission key.
    pub key: String,
    /// Display label.
    pub label: String,
    /// Kind (and options).
    pub kind: FieldKind,
    /// Whether a value must be given.
    pub required: bool,
    /// Maximum length in characters of a string value.
    pub max_length: Option<u32>,
}

/// A checked leave-a-message template (留言模板). Serializes in the same
/// flat shape as its configuration, so clients can render the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub(crate) spec: TemplateSpec,
    pub(crate) fields: Vec<Field>,
}

impl Template {
    /// The template's id.
    pub fn id(&self) -> &TemplateId {
        &self.spec.id
    }
    /// Display name.
    pub fn name(&self) -> &str {
        &self.spec.name
    }
    /// Whether it may be offered.
    pub fn enabled(&self) -> bool {
        self.spec.enabled
    }
    /// The fields in order.
    pub fn fields(&self) -> &[Field] {
        &self.fields
    }

    /// Checks one template spec; `path` is its dotted config path.
    pub(crate) fn from_spec(spec: TemplateSpec, path: &str) -> Result<Self, (String, String)> {
        if spec.id.as_str().trim().is_empty() {
            return Err((format!("{path}.id"), "empty template id".into()));
        }
        if spec.fields.is_empty() {
            return Err((
                format!("{path}.fields"),
                format!("template `{}` has no fields", spec.id),
            ));
        }
        let mut fields: Vec<Field> = Vec::with_capacity(spec.fields.len());
        for (i, f) in spec.fields.iter().enumerate() {
            let fp = format!("{path}.fields[{i}]");
            fields.push(check_field(f, &fp)?);
            if fields[..i].iter().any(|g| g.key == f.key) {
                return Err((
                    format!("{fp}.key"),
                    format!("duplicate field key `{}`", f.key),
                ));
            }
        }
        Ok(Template { spec, fields })
    }
}

fn check_field(f: &FieldSpec, path: &str) -> Result<Field, (String, String)> {
    if f.key.trim().is_empty() {
        return Err((format!("{path}.key"), "empty field key".into()));
    }
    let choice = matches!(
        f.kind,
        FieldKindName::SingleChoice | FieldKindName::MultiChoice
    );
    if choice {
        if f.options.is_empty() {
            return Err((
                format!("{path}.options"),
                format!("choice field `{}` has no options", f.key),
            ));
        }
        for (j, o) in f.options.iter().enumerate() {
            if o.trim().is_empty() {
                return Err((format!("{path}.options[{j}]"), "blank option".into()));
            }
            if f.options[..j].contains(o) {
                return Err((
                    format!("{path}.options[{j}]"),
                    format!("duplicate option `{o}`"),
                ));
            }
        }
        if f.max_length.is_some() {
            return Err((
                format!("{path}.max_length"),
                "max_length does not apply to choice fields".into(),
            ));
        }
    } else if !f.options.is_empty() {
        return Err((
            format!("{path}.options"),
            format!(
                "options only apply to choice fields, `{}` is not one",
                f.key
            ),
        ));
    }
    if f.max_length == Some(0) {
        return Err((
            format!("{path}.max_length"),
            "max_length must be at least 1".into(),
        ));
    }
    let kind = match f.kind {
        FieldKindName::Text => FieldKind::Text,
        FieldKindName::LongText => FieldKind::LongText,
        FieldKindName::Phone => FieldKind::Phone,
        FieldKindName::Email => FieldKind::Email,
        FieldKindName::Number => FieldKind::Number,
        FieldKindName::Date => FieldKind::Date,
        FieldKindName::SingleChoice => FieldKind::SingleChoice {
            options: f.options.clone(),
        },
        FieldKindName::MultiChoice => FieldKind::MultiChoice {
            options: f.options.clone(),
        },
    };
    Ok(Field {
        key: f.key.clone(),
        label: f.label.clone(),
        kind,
        required: f.required,
        max_length: f.max_length,
    })
}

/// The schema of its serialized form: the spec's.
impl schemars::JsonSchema for Template {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        <TemplateSpec as schemars::JsonSchema>::schema_name()
    }
    fn schema_id() -> std::borrow::Cow<'static, str> {
        <TemplateSpec as schemars::JsonSchema>::schema_id()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <TemplateSpec as schemars::JsonSchema>::json_schema(g)
    }
}

impl Serialize for Template {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.spec.serialize(s)
    }
}
