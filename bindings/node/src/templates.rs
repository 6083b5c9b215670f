//! [`NativeTemplates`]: leave-a-message templates (TM1) — what a channel
//! instance offers, the customer's pick, and validation of a submission.

use crate::config::NativeConfig;
use crate::{Guarded, emit, guard, parse};
use cxkit::core::TemplateId;
use cxkit::template_rules::ChannelInstance;
use cxkit::templates::Templates;
use napi_derive::napi;

/// `Templates` (TM1).
#[napi]
pub struct NativeTemplates {
    pub(crate) inner: Guarded<Templates>,
}

#[napi]
impl NativeTemplates {
    /// The templates of `config` (its `templates` section, checked whole).
    #[napi(constructor)]
    pub fn new(config: &NativeConfig) -> napi::Result<Self> {
        guard(|| {
            Ok(NativeTemplates {
                inner: Guarded::new(Templates::new(&config.inner)?),
            })
        })
    }

    /// What `channel_instance` offers the customer.
    #[napi]
    pub fn offer(&self, channel_instance: String) -> napi::Result<String> {
        self.inner.with(|t| {
            let ci: ChannelInstance = parse("channel_instance", &channel_instance)?;
            emit(&t.offer(&ci)?)
        })
    }

    /// The customer picks `template_id` on `channel_instance`.
    #[napi]
    pub fn select(&self, channel_instance: String, template_id: String) -> napi::Result<String> {
        self.inner.with(|t| {
            let ci: ChannelInstance = parse("channel_instance", &channel_instance)?;
            let id: TemplateId = parse("template_id", &template_id)?;
            emit(t.select(&ci, &id)?)
        })
    }

    /// Validates a submission against a template (`null` when valid).
    #[napi]
    pub fn validate(&self, template_id: String, submission: String) -> napi::Result<String> {
        self.inner.with(|t| {
            let id: TemplateId = parse("template_id", &template_id)?;
            let submission: serde_json::Value = parse("submission", &submission)?;
            emit(&t.validate(&id, &submission)?)
        })
    }

    /// Selects, validates and normalises a submission.
    #[napi]
    pub fn submit(
        &self,
        channel_instance: String,
        template_id: String,
        submission: String,
    ) -> napi::Result<String> {
        self.inner.with(|t| {
            let ci: ChannelInstance = parse("channel_instance", &channel_instance)?;
            let id: TemplateId = parse("template_id", &template_id)?;
            let submission: serde_json::Value = parse("submission", &submission)?;
            emit(&t.submit(&ci, &id, &submission)?)
        })
    }
}
