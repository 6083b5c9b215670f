#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod catalog;
pub mod config;
pub mod error;
pub mod model;
pub mod validate;

pub use catalog::{Offer, OfferSource, TemplateCatalog};
pub use config::{ChannelBinding, FieldKindName, FieldSpec, TemplateSpec, TemplatesConfig};
pub use error::{FieldError, FieldErrorCode, TemplateError};
pub use model::{ChannelInstance, Field, FieldKind, Template};
pub use validate::{normalized, validate};
