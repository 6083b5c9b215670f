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
    has_both: bool,
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
    agents: [Option<AgentId>; 5],
}

impl Touched {
    fn add(&mut self, a: Option<&AgentId>) {
        if let Some(a) = a
            && !self.agents.iter().flatten().any(|x| x == a)
            && let Some(slot) = self.agents.iter_mut().find(|s| s.is_none())
        {
            *slot = Some(a.clone());
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
        for a in t.agents.iter().flatten() {
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
    /// caller-supplied values).
    pub(crate) fn fill_online_metrics(
        &self,
        rules: &cxkit_thresholds::WorkplaceMonitor,
        table: &mut cxkit_thresholds::ValueTable,
        now: Timestamp,
    ) -> Result<()> {
        let ids = cxkit_online::views::METRIC_KEYS.map(|k| rules.catalog().id(k));
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
            // Built from the same configuration: the same roster order, one
            // pass over the agents, no allocation (a 100k-agent view is
            // dominated by fresh memory otherwise).
            let mut result = Ok(());
            board.for_each_metric_values(now, |pos, values| {
                if result.is_err() || !roster[pos].kind.is_online() {
                    return;
                }
                for (v, id) in values.into_iter().zip(ids) {
                    if let Some(id) = id
                        && let Err(e) = table.set(pos as u32, id, v)
                    {
                        result = Err(e);
                    }
                }
            });
            result?;
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

    /// The online board as JSON (see `cxkit_online::BoardSnapshot`);
    /// [`CallCenter::snapshot`] holds the agent board.
    pub fn online_snapshot(&self) -> serde_json::Value {
        serde_json::to_value(self.online.board.snapshot()).unwrap_or(serde_json::Value::Null)
    }

    /// Replaces the online board with one restored from
    /// [`CallCenter::online_snapshot`]. On error nothing changed. The call
    /// state of `both` agents is taken from this call center's agent board.
    pub fn restore_online(&mut self, snapshot: serde_json::Value) -> Result<()> {
        let snap: cxkit_online::BoardSnapshot = serde_json::from_value(snapshot)
            .map_err(|e| Error::invalid_input("snapshot", format!("malformed online snapshot: {e}")))?;
        let mut board = cxkit_online::Board::restore(self.tenant.clone(), self.online.board.config(), &snap)?;
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
            OnlineError::Config { field, .. } => Error::Config { field, message },
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
            r#"{"type":"call_offered","agent":"b1","call":"c1","at":"2026-03-02T01:00:10Z"}"#,
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
            r#"{"type":"answer","agent":"b1","at":"2026-03-02T01:00:13Z"}"#,
            r#"{"type":"consult_start","agent":"b1","target":"b2","at":"2026-03-02T01:00:14Z"}"#,
        ] {
            apply(&mut c, t).unwrap();
        }
        assert_eq!(c.online_wallboard(&cxkit_core::Scope::Tenant, now).unwrap().busy.on_call, 2);
        for t in [
            r#"{"type":"consult_ended","agent":"b1","at":"2026-03-02T01:00:15Z"}"#,
            r#"{"type":"call_ended","agent":"b1","at":"2026-03-02T01:00:16Z"}"#,
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
}
