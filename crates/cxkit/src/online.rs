//! The online (chat) side of [`CallCenter`] (OS1–OS4): the chat board of
//! `cxkit-online`, fed by the same event stream as the agent board and the
//! call tracker (types in the `chat.` namespace), and kept in step with the
//! call state of `both` agents.
//!
//! **Call state of `both` agents (OS1).** The online board does not watch
//! calls; the call center tells it. Before an agent event, the agents it
//! can move are noted (the actor, a named target, and the actor's consult
//! and listen partners); after it, each of them that is a `both` agent is
//! reported as on a call or not (answering, outbound or consulting on the
//! agent board). With `online.call_blocks_chats` an agent on a call takes no
//! new chats and is counted `busy.on_call`.

use crate::call_center::{Applied, CallCenter};
use crate::error::{Error, Result};
use cxkit_agents::{AgentEvent, Category};
use cxkit_core::{AgentId, Scope, ServiceKind, Tenant, Timestamp};
use cxkit_online::{AgentChat, ChatEvent, OnlineAgentMetrics, OnlineConfig, OnlineError, OnlineWallboard};
use std::sync::Arc;

/// The online board of a call center and what the call-state sync needs.
#[derive(Debug, Clone)]
pub(crate) struct OnlineSide {
    pub(crate) board: cxkit_online::Board,
    /// Whether the roster has any `both` agent (else the sync is skipped).
    pub(crate) has_both: bool,
}

impl OnlineSide {
    pub(crate) fn new(tenant: Arc<Tenant>, config: &OnlineConfig) -> Result<Self> {
        let has_both = tenant.config.agents.iter().any(|a| a.kind == ServiceKind::Both);
        Ok(OnlineSide {
            board: cxkit_online::Board::new(tenant, config)?,
            has_both,
        })
    }
}

/// Agents an agent event may move (at most the actor, a target and three
/// partners of the actor).
#[derive(Debug, Default)]
pub(crate) struct Touched {
    agents: Vec<AgentId>,
}

impl Touched {
    pub(crate) fn add(&mut self, a: Option<&AgentId>) {
        if let Some(a) = a
            && !self.agents.contains(a)
        {
            self.agents.push(a.clone());
        }
    }
}

impl CallCenter {
    /// The online (chat) board (read-only).
    pub fn online(&self) -> &cxkit_online::Board {
        &self.online.board
    }

    pub(crate) fn apply_chat(&mut self, e: &ChatEvent) -> Result<Applied> {
        Ok(Applied {
            status: match self.online.board.apply(e)? {
                cxkit_online::ApplyStatus::Applied => cxkit_agents::ApplyStatus::Applied,
                cxkit_online::ApplyStatus::Duplicate => cxkit_agents::ApplyStatus::Duplicate,
            },
            ended_call: None,
        })
    }

    /// The agents an agent event may move, noted before it is applied.
    pub(crate) fn call_state_touched(&self, e: &AgentEvent) -> Touched {
        let mut t = Touched::default();
        if !self.online.has_both {
            return t;
        }
        let Some(actor) = e.actor() else { return t };
        t.add(Some(actor));
        match e {
            AgentEvent::ConsultStart { target, .. } | AgentEvent::ListenStart { target, .. } => t.add(Some(target)),
            _ => {}
        }
        if let Ok(s) = self.board.agent_state(actor.as_str()) {
            t.add(s.consult_with.as_ref());
            t.add(s.listening_to.as_ref());
            t.add(s.monitored_by.as_ref());
        }
        t
    }

    /// Reports the call state of every touched `both` agent to the online board.
    pub(crate) fn sync_call_state(&mut self, t: &Touched) {
        for a in t.agents.iter() {
            let Ok(i) = self.tenant.agent_position(a) else { continue };
            if self.tenant.config.agents[i as usize].kind != ServiceKind::Both {
                continue;
            }
            let on_call = self.board.agent_state(a.as_str()).is_ok_and(|s| {
                matches!(s.state, Category::Answering | Category::Outbound | Category::Consulting)
            });
            self.online.board.set_on_call_at(i as usize, on_call);
        }
    }

    /// WM2 ← OS3: writes the eight online metrics of every online and
    /// `both` agent at `now` into a monitor value table (the boards win over
    /// caller-supplied values) — those a view with `access` can show; the
    /// others are never read. `buffer` is scratch space kept by the caller.
    pub(crate) fn fill_online_metrics(
        &self,
        rules: &cxkit_thresholds::WorkplaceMonitor,
        access: &cxkit_thresholds::Access,
        table: &mut cxkit_thresholds::ValueTable,
        now: Timestamp,
        buffer: &mut Vec<f64>,
    ) -> Result<()> {
        let ids = cxkit_online::views::METRIC_KEYS
            .map(|k| rules.catalog().id(k).filter(|&id| rules.shows(access, id)));
        if ids.iter().all(Option::is_none) {
            return Ok(());
        }
        let roster = &rules.tenant().config.agents;
        let board = &self.online.board;
        let same = |i: usize| roster.get(i).map(|a| &a.id) == self.tenant.config.agents.get(i).map(|a| &a.id);
        if rules.tenant().config.id == self.tenant.config.id
            && roster.len() == board.len()
            && same(0)
            && same(roster.len().saturating_sub(1))
        {
            // Built from the same configuration: the same roster order. One
            // pass over the agents computes the shown metrics into roster-
            // order columns, each then gathered into the table (see
            // `ValueTable::set_column`); no allocation once `buffer` has
            // grown. Call-only agents get values too (offline on this board):
            // their online cells are never read, as they have no online row.
            let n = board.len();
            let wanted = ids.iter().flatten().count();
            buffer.resize(wanted * n, f64::NAN);
            let mut chunks = buffer.chunks_mut(n.max(1));
            let columns = ids.map(|id| id.and_then(|_| chunks.next()));
            board.metric_columns(now, columns);
            for (id, column) in ids.iter().flatten().zip(buffer.chunks(n.max(1))) {
                table.set_column(*id, column)?;
            }
            return Ok(());
        }
        for (pos, agent) in roster.iter().enumerate() {
            if !agent.kind.is_online() {
                continue;
            }
            let Ok(i) = board.resolve(agent.id.as_str()) else { continue };
            let m = board.metrics_at(i as usize, now);
            for (v, id) in m.values().into_iter().zip(ids) {
                if let Some(id) = id {
                    table.set(pos as u32, id, v)?;
                }
            }
        }
        Ok(())
    }

    /// OS4: the online wallboard of a scope at `now`.
    pub fn online_wallboard(&self, scope: &Scope, now: Timestamp) -> Result<OnlineWallboard> {
        Ok(self.online.board.wallboard(scope, now)?)
    }

    /// OS3: one agent's eight online metrics for the tenant day of `now`.
    pub fn online_metrics(&self, agent: &AgentId, now: Timestamp) -> Result<OnlineAgentMetrics> {
        Ok(self.online.board.metrics(agent.as_str(), now)?)
    }

    /// The agent's own open chats (the device API of an online agent).
    pub fn agent_chats(&self, agent: &AgentId, now: Timestamp) -> Result<Vec<AgentChat>> {
        Ok(self.online.board.agent_chats(agent.as_str(), now)?)
    }

    /// The online board as JSON (see `cxkit_online::BoardSnapshot`); the
    /// complete [`CallCenter::snapshot`] holds it too, under `online`.
    pub fn online_snapshot(&self) -> serde_json::Value {
        serde_json::to_value(self.online.board.snapshot()).unwrap_or(serde_json::Value::Null)
    }

    /// Replaces the online board with one restored from
    /// [`CallCenter::online_snapshot`]. On error nothing changed. The call
    /// state of `both` agents is taken from this call center's agent board.
    pub fn restore_online(&mut self, snapshot: serde_json::Value) -> Result<()> {
        let snap: cxkit_online::BoardSnapshot = crate::decode::from_value("snapshot", &snapshot)?;
        self.restore_online_board(&snap)
    }

    /// The online half of [`CallCenter::restore_online`] and of the
    /// complete snapshot's restore.
    pub(crate) fn restore_online_board(&mut self, snap: &cxkit_online::BoardSnapshot) -> Result<()> {
        let mut board = cxkit_online::Board::restore(self.tenant.clone(), self.online.board.config(), snap)?;
        for (i, p) in self.tenant.config.agents.iter().enumerate() {
            if p.kind == ServiceKind::Both {
                let on_call = self.board.agent_state(p.id.as_str()).is_ok_and(|s| {
                    matches!(s.state, Category::Answering | Category::Outbound | Category::Consulting)
                });
                board.set_on_call_at(i, on_call);
            }
        }
        self.online.board = board;
        Ok(())
    }
}

/// OS5: what a bot handoff did ([`CallCenter::bot_handoff`]).
///
/// JSON: `{"handoff": "none" | "handed_to_queue" | "leave_message", "decision": {…}, …}`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, schemars::JsonSchema)]
#[serde(tag = "handoff", rename_all = "snake_case")]
pub enum Handoff {
    /// The policy did not escalate (the bot keeps the conversation, it is
    /// already with a human, or the channel is not eligible).
    None {
        /// The policy's decision.
        decision: cxkit_escalation::Decision,
    },
    /// Escalated while an agent of the channel's skill group is `online`
    /// with a free slot: the chat is queued there (`from_bot: true`).
    HandedToQueue {
        /// The policy's decision (`route: human_agent`).
        decision: cxkit_escalation::Decision,
        /// The group serving the channel (instance).
        skill_group: cxkit_core::SkillGroupId,
        /// The chat now waiting in that group (the conversation's id).
        chat: cxkit_core::ConversationId,
    },
    /// Escalated with nobody of the group online with a free slot (or no
    /// group serving the channel): the customer is invited to leave a message.
    LeaveMessage {
        /// The policy's decision (`route: leave_message`).
        decision: cxkit_escalation::Decision,
        /// The group serving the channel, if one is configured.
        skill_group: Option<cxkit_core::SkillGroupId>,
        /// What TM1 offers on the channel instance (`Templates::offer`).
        templates: serde_json::Value,
    },
}

impl CallCenter {
    /// OS5 (RB1 ↔ OS): scores a customer message of a bot conversation and,
    /// when the policy escalates, hands it over in the same call. "A human
    /// is available" means an agent `online` with a free slot in the skill
    /// group that serves the message's channel instance
    /// (`online.channel_routes`). Then the chat is queued for that group
    /// (`handed_to_queue`); otherwise the decision is `leave_message` with
    /// the templates TM1 offers on the channel instance `instance`.
    ///
    /// Everything that could refuse is checked before anything changes: a
    /// conversation already on the online board (`INVALID_TRANSITION`), a
    /// channel instance the templates do not know, a message the policy
    /// refuses.
    pub fn bot_handoff(
        &mut self,
        escalation: &mut crate::Escalation,
        templates: &crate::Templates,
        message: &cxkit_escalation::CustomerMessage,
        instance: &str,
    ) -> Result<Handoff> {
        let board = &self.online.board;
        let chat = &message.conversation;
        if let Some(state) = board.chat_state(chat.as_str()) {
            return Err(Error::InvalidTransition {
                subject: chat.to_string(),
                state: state.name().to_owned(),
                event: "bot_handoff".into(),
                message: format!("conversation `{chat}` is already with the online service ({}): the bot no longer decides", state.name()),
            });
        }
        let group = board.config().route(message.channel, Some(instance)).cloned();
        let available = match &group {
            Some(g) => board.group_has_free_agent(g)?,
            None => false,
        };
        let channel_instance = cxkit_templates::ChannelInstance::new(message.channel, instance);
        let offer = serde_json::to_value(templates.offer(&channel_instance)?)
            .map_err(|e| Error::Internal { message: e.to_string() })?;
        let decision = escalation.observe(message, available)?;
        Ok(match decision {
            cxkit_escalation::Decision::Escalate {
                route: cxkit_escalation::Route::HumanAgent,
                ..
            } => {
                let Some(skill_group) = group else {
                    // `available` is false without a group, so the route is leave_message.
                    return Err(Error::Internal {
                        message: "escalated to a human without a skill group".into(),
                    });
                };
                let queued = ChatEvent::Queued {
                    chat: chat.clone(),
                    at: message.at,
                    event_id: None,
                    skill_group: skill_group.clone(),
                    channel: message.channel,
                    instance: Some(instance.to_owned()),
                    from_bot: true,
                };
                self.online.board.apply(&queued)?;
                Handoff::HandedToQueue {
                    decision,
                    skill_group,
                    chat: chat.clone(),
                }
            }
            cxkit_escalation::Decision::Escalate { .. } => Handoff::LeaveMessage {
                decision,
                skill_group: group,
                templates: offer,
            },
            other => Handoff::None { decision: other },
        })
    }
}

impl From<ChatEvent> for crate::call_center::Event {
    fn from(e: ChatEvent) -> Self {
        crate::call_center::Event::Chat(e)
    }
}

impl From<OnlineError> for Error {
    fn from(e: OnlineError) -> Self {
        let message = e.to_string();
        match e {
            OnlineError::Core(c) => c.into(),
            OnlineError::UnknownChat { chat } => Error::UnknownEntity {
                kind: "chat".into(),
                id: chat,
                message,
            },
            OnlineError::ChatClosed { chat, event, .. } => Error::InvalidTransition {
                subject: chat,
                state: "closed".into(),
                event: event.to_owned(),
                message,
            },
            OnlineError::InvalidTransition {
                subject, state, event, ..
            } => Error::InvalidTransition {
                subject,
                state,
                event: event.to_owned(),
                message,
            },
            OnlineError::AgentFull { agent, event, .. } => Error::InvalidTransition {
                subject: agent,
                state: "online.full".into(),
                event: event.to_owned(),
                message,
            },
            OnlineError::PermissionDenied { role, permission, .. } => Error::PermissionDenied {
                role,
                permission: permission.to_owned(),
                message,
            },
            OnlineError::InvalidInput { field, .. } => Error::InvalidInput {
                field: field.to_owned(),
                message,
            },
            OnlineError::OutOfOrder { subject, last, got } => Error::OutOfOrder {
                subject,
                last,
                got,
                message,
            },
            OnlineError::Config { field, .. } => Error::config(field, message),
            #[allow(unreachable_patterns)]
            other => Error::Internal {
                message: other.to_string(),
            },
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use crate::{CallCenter, Config, Event};

    fn center(online: serde_json::Value) -> CallCenter {
        let c = Config::from_json_value(serde_json::json!({
            "tenant": {"time_zone": "Asia/Shanghai", "skill_groups": [{"id": "care"}],
                "agents": [{"id": "b1", "kind": "both", "skill_groups": ["care"], "extension": "8001"},
                           {"id": "b2", "kind": "both", "skill_groups": ["care"], "extension": "8002"},
                           {"id": "o1", "kind": "online", "skill_groups": ["care"]}]},
            "online": online,
        }))
        .unwrap();
        CallCenter::new(&c).unwrap()
    }

    fn apply(c: &mut CallCenter, text: &str) -> crate::Result<crate::Applied> {
        c.apply_json(text)
    }

    #[test]
    fn os5_bot_handoff_queues_for_the_channels_group_or_offers_the_templates() {
        use cxkit_core::Channel;
        let c = Config::from_json_value(serde_json::json!({
            "tenant": {"time_zone": "Asia/Shanghai", "skill_groups": [{"id": "care"}, {"id": "sales"}],
                "agents": [{"id": "o1", "kind": "online", "skill_groups": ["care"]}]},
            "online": {"max_chats": 1, "channel_routes": [{"channel": "app", "skill_group": "care"},
                                           {"channel": "desktop_web", "instance": "shop", "skill_group": "sales"}]},
            "escalation": {"consecutive_negative": 1},
            "templates": templates_with_shop(),
        }))
        .unwrap();
        let mut center = CallCenter::new(&c).unwrap();
        let mut esc = crate::Escalation::new(&c.escalation).unwrap();
        let templates = crate::Templates::new(&c).unwrap();
        let msg = |conv: &str, channel: Channel, s: u32| cxkit_escalation::CustomerMessage {
            conversation: conv.into(),
            channel,
            text: "I want a human agent now".into(),
            at: format!("2026-03-02T01:00:{s:02}Z").parse().unwrap(),
        };
        // An instance TM1 does not know is refused before the policy sees the message.
        let e = center.bot_handoff(&mut esc, &templates, &msg("v0", Channel::App, 0), "nope").unwrap_err();
        assert_eq!((e.code(), esc.conversations()), ("UNKNOWN_ENTITY", 0));
        // Nobody logged in: leave a message, with TM1's offer for the instance.
        let h = center.bot_handoff(&mut esc, &templates, &msg("v1", Channel::App, 1), "default").unwrap();
        let v = serde_json::to_value(&h).unwrap();
        assert_eq!((v["handoff"].as_str(), v["skill_group"].as_str()), (Some("leave_message"), Some("care")), "{v}");
        assert_eq!(v["decision"]["route"], "leave_message");
        assert!(v["templates"]["kind"].is_string(), "{v}");
        assert!(center.online().chat_state("v1").is_none());
        // o1 online with a free slot: queued for care in the same call.
        center.apply_json(r#"{"type":"chat.agent_login","agent":"o1","at":"2026-03-02T01:00:02Z"}"#).unwrap();
        let h = center.bot_handoff(&mut esc, &templates, &msg("v2", Channel::App, 3), "default").unwrap();
        assert!(matches!(&h, super::Handoff::HandedToQueue { skill_group, .. } if skill_group.as_str() == "care"), "{h:?}");
        let now = "2026-03-02T01:00:10Z".parse().unwrap();
        let w = c_wall(&center, now);
        assert_eq!((w.waiting.total, w.today.offered), (1, 1));
        // A second message of a handed-over conversation is refused before the policy sees it.
        let e = center.bot_handoff(&mut esc, &templates, &msg("v2", Channel::App, 4), "default").unwrap_err();
        assert_eq!(e.code(), "INVALID_TRANSITION");
        // o1 full: nobody free, leave a message; the instance route picks sales (nobody there).
        center.apply_json(r#"{"type":"chat.assigned","chat":"v2","agent":"o1","at":"2026-03-02T01:00:05Z"}"#).unwrap();
        let h = center.bot_handoff(&mut esc, &templates, &msg("v3", Channel::App, 6), "default").unwrap();
        assert!(matches!(h, super::Handoff::LeaveMessage { .. }), "{h:?}");
        let h = center.bot_handoff(&mut esc, &templates, &msg("v4", Channel::DesktopWeb, 7), "shop").unwrap();
        let v = serde_json::to_value(&h).unwrap();
        assert_eq!((v["handoff"].as_str(), v["skill_group"].as_str()), (Some("leave_message"), Some("sales")), "{v}");
    }

    /// The embedded default templates plus a `desktop_web/shop` instance.
    fn templates_with_shop() -> serde_json::Value {
        let mut t = serde_json::to_value(Config::example().unwrap().templates).unwrap();
        t["channel_instances"].as_array_mut().unwrap().push(serde_json::json!({"channel": "desktop_web", "id": "shop"}));
        t
    }

    fn c_wall(c: &CallCenter, now: cxkit_core::Timestamp) -> cxkit_online::OnlineWallboard {
        c.online_wallboard(&cxkit_core::Scope::Tenant, now).unwrap()
    }

    #[test]
    fn chat_events_share_the_stream_and_json_routes_by_prefix() {
        let mut c = center(serde_json::json!({}));
        let t = r#"{"type":"chat.agent_login","agent":"o1","at":"2026-03-02T01:00:00Z"}"#;
        let e = Event::from_json_str(t).unwrap();
        assert!(matches!(e, Event::Chat(_)));
        assert_eq!(serde_json::from_str::<Event>(t).unwrap(), e);
        assert_eq!(serde_json::from_str::<Event>(&serde_json::to_string(&e).unwrap()).unwrap(), e);
        apply(&mut c, t).unwrap();
        let batch = Event::many_from_json_str(
            r#"[{"type":"chat.queued","chat":"ch1","at":"2026-03-02T01:00:01Z","skill_group":"care","channel":"app"},
                {"type":"chat.assigned","chat":"ch1","at":"2026-03-02T01:00:02Z","agent":"o1"}]"#,
        )
        .unwrap();
        let r = c.apply_many(&batch);
        assert_eq!((r.applied, r.errors.len()), (2, 0));
        let now = "2026-03-02T01:01:00Z".parse().unwrap();
        assert_eq!(c.online_metrics(&"o1".into(), now).unwrap().current_chats, 1);
        // Errors keep the facade's codes.
        let e = apply(&mut c, r#"{"type":"chat.customer_message","chat":"zz","at":"2026-03-02T01:00:03Z"}"#).unwrap_err();
        assert_eq!(e.code(), "UNKNOWN_ENTITY");
        let e = apply(&mut c, r#"{"type":"chat.closed","chat":"ch1","at":"2026-03-02T01:00:00Z","by":"agent"}"#).unwrap_err();
        assert_eq!(e.code(), "OUT_OF_ORDER");
        let e = apply(&mut c, r#"{"type":"chat.closed","chat":"ch1","at":"2026-03-02T01:00:04Z","by":"nobody"}"#).unwrap_err();
        assert_eq!(e.code(), "INVALID_INPUT");
    }

    #[test]
    fn os1_a_both_agent_on_a_call_is_busy_for_chats_when_the_tenant_says_so() {
        let mut c = center(serde_json::json!({"call_blocks_chats": true}));
        for t in [
            r#"{"type":"login","agent":"b1","at":"2026-03-02T01:00:00Z"}"#,
            r#"{"type":"login","agent":"b2","at":"2026-03-02T01:00:00Z"}"#,
            r#"{"type":"chat.agent_login","agent":"b1","at":"2026-03-02T01:00:00Z"}"#,
            r#"{"type":"chat.agent_login","agent":"b2","at":"2026-03-02T01:00:00Z"}"#,
            r#"{"type":"call.offered","agent":"b1","call":"c1","at":"2026-03-02T01:00:10Z"}"#,
        ] {
            apply(&mut c, t).unwrap();
        }
        let now = "2026-03-02T01:00:20Z".parse().unwrap();
        let w = c.online_wallboard(&cxkit_core::Scope::Tenant, now).unwrap();
        assert_eq!((w.busy.on_call, w.online.accepting), (1, 1));
        apply(&mut c, r#"{"type":"chat.queued","chat":"ch1","at":"2026-03-02T01:00:11Z","skill_group":"care","channel":"app"}"#).unwrap();
        let e = apply(&mut c, r#"{"type":"chat.assigned","chat":"ch1","at":"2026-03-02T01:00:12Z","agent":"b1"}"#).unwrap_err();
        assert_eq!((e.code(), e.to_string().contains("call_blocks_chats")), ("INVALID_TRANSITION", true));
        // A consult pulls b2 into the call: on a call too; ending it frees both.
        for t in [
            r#"{"type":"call.answered","call":"c1","agent":"b1","at":"2026-03-02T01:00:13Z"}"#,
            r#"{"type":"consult_start","agent":"b1","target":"b2","at":"2026-03-02T01:00:14Z"}"#,
        ] {
            apply(&mut c, t).unwrap();
        }
        assert_eq!(c.online_wallboard(&cxkit_core::Scope::Tenant, now).unwrap().busy.on_call, 2);
        for t in [
            r#"{"type":"consult_ended","agent":"b1","at":"2026-03-02T01:00:15Z"}"#,
            r#"{"type":"call.system_ended","call":"c1","at":"2026-03-02T01:00:16Z"}"#,
        ] {
            apply(&mut c, t).unwrap();
        }
        let w = c.online_wallboard(&cxkit_core::Scope::Tenant, now).unwrap();
        assert_eq!((w.busy.on_call, w.online.accepting), (0, 2), "ACW is not a call");
        apply(&mut c, r#"{"type":"chat.assigned","chat":"ch1","at":"2026-03-02T01:00:17Z","agent":"b1"}"#).unwrap();
        // The online snapshot round-trips through the facade.
        let snap = c.online_snapshot();
        let before = c.online().clone();
        c.restore_online(snap).unwrap();
        assert_eq!(c.online(), &before);
        assert_eq!(c.restore_online(serde_json::json!({"tenant": 1})).unwrap_err().code(), "INVALID_INPUT");
        assert_eq!(c.online(), &before);
    }

    mod sync {
        //! OS1: after any sequence of agent events, the online board's call
        //! state of every `both` agent equals what the agent board shows.
        use crate::{CallCenter, Config, Event};
        use cxkit_agents::Category;
        use cxkit_online::Leaf;
        use proptest::prelude::*;

        const AGENTS: [&str; 4] = ["b1", "b2", "b3", "s1"];

        fn center() -> CallCenter {
            let c = Config::from_json_value(serde_json::json!({
                "tenant": {"time_zone": "Asia/Shanghai", "skill_groups": [{"id": "care"}],
                    "agents": [
                        {"id": "b1", "kind": "both", "skill_groups": ["care"], "extension": "8001"},
                        {"id": "b2", "kind": "both", "skill_groups": ["care"], "extension": "8002"},
                        {"id": "b3", "kind": "both", "skill_groups": ["care"], "extension": "8003"},
                        {"id": "s1", "kind": "call", "role": "team_lead", "extension": "9001"}]},
                "online": {"call_blocks_chats": true},
                "agents": {"acw": {"enabled": true, "seconds": 20}},
            }))
            .unwrap();
            let mut cc = CallCenter::new(&c).unwrap();
            for a in ["b1", "b2", "b3"] {
                cc.apply_json(&format!(r#"{{"type":"chat.agent_login","agent":"{a}","at":"2026-03-02T01:00:00Z"}}"#))
                    .unwrap();
            }
            for a in AGENTS {
                cc.apply_json(&format!(r#"{{"type":"login","agent":"{a}","at":"2026-03-02T01:00:00Z"}}"#))
                    .unwrap();
            }
            cc
        }

        fn event(kind: u8, a: usize, b: usize, s: i64) -> serde_json::Value {
            let agent = AGENTS[a % 4];
            let other = AGENTS[b % 4];
            let mut v = match kind % 14 {
                0 => serde_json::json!({"type": "login", "agent": agent}),
                1 => serde_json::json!({"type": "call.offered", "agent": agent, "call": format!("c{}", a % 4)}),
                2 => serde_json::json!({"type": "call.answered", "agent": agent, "call": format!("c{}", a % 4)}),
                3 => serde_json::json!({"type": "call.held", "call": format!("c{}", a % 4)}),
                4 => serde_json::json!({"type": if b.is_multiple_of(2) { "call.system_ended" } else { "call.outbound_ended" }, "call": format!("{}{}", if b.is_multiple_of(2) { "c" } else { "o" }, a % 4)}),
                5 => serde_json::json!({"type": "call.outbound_dialed", "agent": agent, "call": format!("o{}", a % 4), "callee": "+861000"}),
                6 => serde_json::json!({"type": "call.outbound_connected", "call": format!("o{}", a % 4)}),
                7 => serde_json::json!({"type": "consult_start", "agent": agent, "target": other, "mode": if b.is_multiple_of(2) { "three_way" } else { "transfer" }}),
                8 => serde_json::json!({"type": "consult_answered", "agent": agent}),
                9 => serde_json::json!({"type": "consult_ended", "agent": agent}),
                10 => serde_json::json!({"type": "transfer_confirmed", "agent": agent}),
                11 => serde_json::json!({"type": "listen_start", "supervisor": agent, "target": other}),
                12 => serde_json::json!({"type": if b.is_multiple_of(2) { "force_disconnect" } else { "barge" }, "supervisor": agent}),
                _ => serde_json::json!({"type": "tick"}),
            };
            v["at"] = (chrono::DateTime::parse_from_rfc3339("2026-03-02T01:00:00Z").unwrap() + chrono::Duration::seconds(s))
                .to_rfc3339()
                .into();
            v
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

            #[test]
            fn both_agents_call_state_follows_the_agent_board(ops in prop::collection::vec((0u8..14, 0usize..4, 0usize..4), 1..80)) {
                let mut cc = center();
                for (k, (kind, a, b)) in ops.into_iter().enumerate() {
                    let e: Event = serde_json::from_value(event(kind, a, b, k as i64 * 3)).unwrap();
                    let _ = cc.apply(&e);
                    let now = "2026-03-02T02:00:00Z".parse().unwrap();
                    for agent in ["b1", "b2", "b3"] {
                        let state = cc.agent_state(&agent.into()).unwrap().state;
                        let on_call = matches!(state, Category::Answering | Category::Outbound | Category::Consulting);
                        let leaf = cc.online_metrics(&agent.into(), now).unwrap().leaf;
                        prop_assert_eq!(leaf == Some(Leaf::OnCall), on_call, "{} in {:?} after event {}", agent, state, k);
                    }
                }
            }
        }
    }
}

