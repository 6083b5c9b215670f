//! The single-pass decoder behind `ChatEvent`'s `Deserialize`, the same
//! reader as the agent and call events' (`cxkit_core::strict`): JSON objects
//! only, each key once, only the keys the `type` allows (listed in the
//! error), and the path of a bad value visible to `serde_path_to_error`.

use crate::event::{ChatEvent, ClosedBy, LoginStatus, TransferTarget};
use crate::status::OnlineStatus;
use cxkit_core::strict::{FastTimestamp, need};
use cxkit_core::{AgentId, Channel, ConversationId, SkillGroupId, Timestamp};
use serde::de::{Error, MapAccess};
use serde::{Deserialize, Deserializer};

#[derive(Deserialize, Clone, Copy)]
enum Kind {
    #[serde(rename = "chat.queued")]
    Queued,
    #[serde(rename = "chat.assigned")]
    Assigned,
    #[serde(rename = "chat.customer_message")]
    CustomerMessage,
    #[serde(rename = "chat.agent_message")]
    AgentMessage,
    #[serde(rename = "chat.transferred")]
    Transferred,
    #[serde(rename = "chat.closed")]
    Closed,
    #[serde(rename = "chat.rated")]
    Rated,
    #[serde(rename = "chat.agent_login")]
    AgentLogin,
    #[serde(rename = "chat.agent_status")]
    AgentStatus,
    #[serde(rename = "chat.agent_logout")]
    AgentLogout,
}

/// Every key a chat event may have; indexes match `read`.
pub(crate) const NAMES: &[&str] = &[
    "type", "chat", "at", "event_id", "agent", "skill_group", "channel", "instance", "from_bot", "to", "by",
    "satisfied", "score", "status",
];

impl Kind {
    fn allowed(self) -> &'static [&'static str] {
        use Kind as K;
        match self {
            K::Queued => &["type", "chat", "at", "event_id", "skill_group", "channel", "instance", "from_bot"],
            K::Assigned => &[
                "type", "chat", "at", "event_id", "agent", "channel", "instance", "skill_group", "from_bot",
            ],
            K::CustomerMessage => &["type", "chat", "at", "event_id"],
            K::AgentMessage => &["type", "chat", "at", "event_id", "agent"],
            K::Transferred => &["type", "chat", "at", "event_id", "to"],
            K::Closed => &["type", "chat", "at", "event_id", "by"],
            K::Rated => &["type", "chat", "at", "event_id", "satisfied", "score"],
            K::AgentLogin | K::AgentStatus => &["type", "agent", "at", "event_id", "status"],
            K::AgentLogout => &["type", "agent", "at", "event_id"],
        }
    }
}

#[derive(Default)]
pub(crate) struct Flat {
    kind: Option<Kind>,
    chat: Option<ConversationId>,
    at: Option<Timestamp>,
    event_id: Option<String>,
    agent: Option<AgentId>,
    skill_group: Option<SkillGroupId>,
    channel: Option<Channel>,
    instance: Option<String>,
    from_bot: Option<bool>,
    to: Option<TransferTarget>,
    by: Option<ClosedBy>,
    satisfied: Option<bool>,
    score: Option<f64>,
    /// Kept as text: a login takes `online`/`busy`, a status change any
    /// online status; which one is known only with the type.
    status: Option<String>,
}

impl<'de> cxkit_core::strict::Flat<'de> for Flat {
    const NAMES: &'static [&'static str] = NAMES;
    const EXPECTING: &'static str = "a chat event object";

    fn read<A: MapAccess<'de>>(&mut self, i: usize, map: &mut A) -> Result<(), A::Error> {
        match i {
            0 => self.kind = Some(map.next_value()?),
            1 => self.chat = map.next_value()?,
            2 => self.at = map.next_value::<Option<FastTimestamp>>()?.map(|t| t.0),
            3 => self.event_id = map.next_value()?,
            4 => self.agent = map.next_value()?,
            5 => self.skill_group = map.next_value()?,
            6 => self.channel = map.next_value()?,
            7 => self.instance = map.next_value()?,
            8 => self.from_bot = map.next_value()?,
            9 => self.to = map.next_value()?,
            10 => self.by = map.next_value()?,
            11 => self.satisfied = map.next_value()?,
            12 => self.score = map.next_value()?,
            _ => self.status = map.next_value()?,
        }
        Ok(())
    }

    fn allowed<E: Error>(&self) -> Result<&'static [&'static str], E> {
        need(self.kind, "type").map(Kind::allowed)
    }
}

/// A `status` string as the enum the type needs (serde's own message for
/// an unknown variant).
fn status<T: for<'a> Deserialize<'a>, E: Error>(s: Option<&str>) -> Result<Option<T>, E> {
    match s {
        None => Ok(None),
        Some(s) => T::deserialize(serde::de::value::StrDeserializer::<E>::new(s)).map(Some),
    }
}

impl<'de> Deserialize<'de> for ChatEvent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let f: Flat = cxkit_core::strict::deserialize_flat(d)?;
        into_event(f)
    }
}

fn into_event<E: Error>(f: Flat) -> Result<ChatEvent, E> {
    use ChatEvent as C;
    let kind = need(f.kind, "type")?;
    let at = need(f.at, "at")?;
    let event_id = f.event_id;
    let chat = || need(f.chat.clone(), "chat");
    Ok(match kind {
        Kind::Queued => C::Queued {
            chat: chat()?,
            at,
            event_id,
            skill_group: need(f.skill_group, "skill_group")?,
            channel: need(f.channel, "channel")?,
            instance: f.instance,
            from_bot: f.from_bot.unwrap_or_default(),
        },
        Kind::Assigned => C::Assigned {
            chat: chat()?,
            at,
            event_id,
            agent: need(f.agent, "agent")?,
            channel: f.channel,
            instance: f.instance,
            skill_group: f.skill_group,
            from_bot: f.from_bot.unwrap_or_default(),
        },
        Kind::CustomerMessage => C::CustomerMessage { chat: chat()?, at, event_id },
        Kind::AgentMessage => C::AgentMessage {
            chat: chat()?,
            at,
            event_id,
            agent: f.agent,
        },
        Kind::Transferred => C::Transferred {
            chat: chat()?,
            at,
            event_id,
            to: need(f.to, "to")?,
        },
        Kind::Closed => C::Closed {
            chat: chat()?,
            at,
            event_id,
            by: need(f.by, "by")?,
        },
        Kind::Rated => C::Rated {
            chat: chat()?,
            at,
            event_id,
            satisfied: need(f.satisfied, "satisfied")?,
            score: f.score,
        },
        Kind::AgentLogin => C::AgentLogin {
            agent: need(f.agent, "agent")?,
            at,
            event_id,
            status: status::<LoginStatus, E>(f.status.as_deref())?.unwrap_or_default(),
        },
        Kind::AgentStatus => C::AgentStatus {
            agent: need(f.agent, "agent")?,
            at,
            event_id,
            status: need(status::<OnlineStatus, E>(f.status.as_deref())?, "status")?,
        },
        Kind::AgentLogout => C::AgentLogout {
            agent: need(f.agent, "agent")?,
            at,
            event_id,
        },
    })
}

impl ChatEvent {
    /// Every key a chat event of some type may have (each type accepts a
    /// subset; see `docs/online.md`).
    pub const KEYS: &'static [&'static str] = NAMES;
}
