//! Typed identifiers.
//!
//! Every id is a string newtype that serializes as a bare JSON string, so the
//! wire shape stays `"a-17"` in every language while Rust code can never pass
//! an agent id where a skill-group id is expected.

use serde::{Deserialize, Serialize};
use std::borrow::Borrow;
use std::fmt;
use std::sync::Arc;

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(transparent)]
        pub struct $name(Arc<str>);

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_str(IdVisitor).map(Self)
            }
        }

        /// A bare JSON string in the schema (inlined: every id is `string`).
        impl schemars::JsonSchema for $name {
            fn inline_schema() -> bool {
                true
            }
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({"type": "string"})
            }
        }

        impl $name {
            /// Wraps a string as this id.
            pub fn new(id: impl AsRef<str>) -> Self {
                Self(Arc::from(id.as_ref()))
            }
            /// The id as a string slice.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), &*self.0)
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self::new(s)
            }
        }
        impl From<String> for $name {
            fn from(s: String) -> Self {
                Self(Arc::from(s))
            }
        }
        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }
        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

/// Reads an id straight into its `Arc<str>` (one allocation; serde's own
/// `Arc<str>` goes through a `String` and a `Box<str>` first). Accepts what
/// serde's `String` accepts, with the same "expected a string" wording.
struct IdVisitor;

impl serde::de::Visitor<'_> for IdVisitor {
    type Value = Arc<str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Arc<str>, E> {
        Ok(Arc::from(v))
    }

    fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Arc<str>, E> {
        std::str::from_utf8(v)
            .map(Arc::from)
            .map_err(|_| E::invalid_value(serde::de::Unexpected::Bytes(v), &self))
    }
}

string_id!(
    /// A tenant: one customer company using the platform.
    TenantId
);
string_id!(
    /// A human customer-service agent (客服).
    AgentId
);
string_id!(
    /// A skill group, i.e. an ACD queue (技能组).
    SkillGroupId
);
string_id!(
    /// A unit of the tenant's org structure (组织架构).
    OrgUnitId
);
string_id!(
    /// A call account / extension an agent logs in with.
    ExtensionId
);
string_id!(
    /// One call, inbound or outbound.
    CallId
);
string_id!(
    /// An end customer of the tenant.
    CustomerId
);
string_id!(
    /// A ticket in the ticket center (工单).
    TicketId
);
string_id!(
    /// A leave-a-message template (留言模板).
    TemplateId
);
string_id!(
    /// A chat conversation served by the bot or an agent.
    ConversationId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_serialize_as_bare_strings() {
        let id = AgentId::new("a-17");
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"a-17\"");
        let back: AgentId = serde_json::from_str("\"a-17\"").unwrap();
        assert_eq!(back, id);
        assert_eq!(format!("{id}"), "a-17");
        assert_eq!(format!("{id:?}"), "AgentId(\"a-17\")");
    }

    #[test]
    fn ids_read_whatever_a_string_reads_with_the_same_errors() {
        for text in [
            r#""a-17""#,
            r#""坐席\u0031""#,
            "5",
            "null",
            "[]",
            r#"{"a": 1}"#,
            r#""unterminated"#,
        ] {
            let id = serde_json::from_str::<AgentId>(text).map(|a| a.as_str().to_owned());
            let string = serde_json::from_str::<String>(text);
            assert_eq!(
                id.map_err(|e| e.to_string()),
                string.map_err(|e| e.to_string()),
                "{text}"
            );
        }
        let from_value = AgentId::deserialize(serde_json::json!("a-1")).unwrap();
        assert_eq!(from_value.as_str(), "a-1");
    }
}
