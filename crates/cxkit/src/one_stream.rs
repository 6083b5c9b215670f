//! FD1 — one event per happening. A call event (`call.*`) is checked by
//! the call tracker, which lists what it does to agents
//! ([`cxkit_calls::AgentEffect`]); the board carries those out as one
//! transaction; only then is the tracker's plan committed. Agent events
//! that change who is on a call (consult, confirmed transfer,
//! force-disconnect) are planned on the tracker first in the same way. The
//! agent-side spellings of call happenings are refused (see
//! `docs/feeds.md`). FD4 — the learning roster — lives here too.

use crate::call_center::{Applied, CallCenter};
use crate::error::{Error, Result};
use cxkit_agents::{AgentEvent, ApplyStatus, CallOp};
use cxkit_calls::{AgentEffect, CallEvent, TrackStatus, TransferTarget};
use cxkit_core::{AgentId, AgentProfile, OrgUnitId, Role, ServiceKind, SkillGroup, SkillGroupId};
use serde::{Deserialize, Serialize};

/// The `roster` section (FD4): whether the roster learns agents and skill
/// groups a feed names that no config lists, with which defaults, and
/// whether a call event naming a logged-out agent logs them in first (for
/// PBXs whose members never log in, such as Asterisk static members).
///
/// ```json
/// {"learn": true, "login_on_call": true, "role": "agent", "kind": "call", "org_unit": null}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct RosterConfig {
    /// Learn agents and skill groups as the feed names them (default off:
    /// an unknown name is `NOT_FOUND`).
    pub learn: bool,
    /// A call event naming a logged-out agent logs them in (idle) at that
    /// instant first (default off: `INVALID_TRANSITION`).
    pub login_on_call: bool,
    /// Role of a learned agent.
    pub role: Role,
    /// Kind of a learned agent.
    pub kind: ServiceKind,
    /// Org unit of a learned agent (none by default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org_unit: Option<OrgUnitId>,
}

impl Default for RosterConfig {
    fn default() -> Self {
        RosterConfig {
            learn: false,
            login_on_call: false,
            role: Role::Agent,
            kind: ServiceKind::Call,
            org_unit: None,
        }
    }
}

/// The agent-side spelling of a call happening, and what replaces it (FD1).
fn retired(e: &AgentEvent) -> Option<&'static str> {
    Some(match e {
        AgentEvent::CallOffered { .. } => "call.offered",
        AgentEvent::Answer { .. } => "call.answered",
        AgentEvent::Hold { .. } => "call.held",
        AgentEvent::Resume { .. } => "call.resumed",
        AgentEvent::CallEnded { .. } => "call.caller_hung_up`, `call.system_ended`, `call.ring_ended` or `call.outbound_ended",
        AgentEvent::Dial { .. } => "call.outbound_dialed",
        AgentEvent::OutboundConnected { .. } => "call.outbound_connected",
        _ => return None,
    })
}

impl CallCenter {
    /// Applies one call event to the tracker and the agents it moves (FD1).
    pub(crate) fn apply_call(&mut self, event: &CallEvent) -> Result<Applied> {
        if (self.roster.learn || self.roster.login_on_call) && self.may_change_roster(event) {
            // Rare: work on a copy so that a refused event changes nothing.
            let (agent, group) = name_refs(event);
            // A learned agent serves the skill group the call is in.
            let serves = self.calls.skill_group_of(event.call()).or(group).cloned();
            let agents: Vec<(AgentId, Option<SkillGroupId>)> = agent.map(|a| (a.clone(), serves)).into_iter().collect();
            let groups: Vec<SkillGroupId> = group.cloned().into_iter().collect();
            let mut next = self.clone();
            next.learn(&agents, &groups, event.at())?;
            let r = next.apply_call_now(event)?;
            *self = next;
            return Ok(r);
        }
        self.apply_call_now(event)
    }

    fn apply_call_now(&mut self, event: &CallEvent) -> Result<Applied> {
        let plan = self.calls.plan(event)?;
        if plan.is_duplicate() {
            return Ok(Applied {
                status: ApplyStatus::Duplicate,
                ended_call: None,
            });
        }
        let mut ops: Vec<(u32, CallOp)> = Vec::with_capacity(plan.effects().len());
        for fx in plan.effects() {
            let h = |a: &AgentId| self.board.resolve(a.as_str());
            ops.push(match fx {
                AgentEffect::Ring { agent } => (h(agent)?, CallOp::Ring),
                AgentEffect::RingEnd { agent, missed } => (h(agent)?, CallOp::RingEnd { missed: *missed }),
                AgentEffect::Answer { agent } => (h(agent)?, CallOp::Answer),
                AgentEffect::Hold { agent } => (h(agent)?, CallOp::Hold),
                AgentEffect::Resume { agent } => (h(agent)?, CallOp::Resume),
                AgentEffect::Leave { agent } => (h(agent)?, CallOp::Leave),
                AgentEffect::Dial { agent, number } => (h(agent)?, CallOp::Dial { number: number.clone() }),
                AgentEffect::Connect { agent } => (h(agent)?, CallOp::Connect),
                AgentEffect::HandOver { from, to } => (h(to)?, CallOp::TakeOver { from: h(from)? }),
            });
        }
        let touched = self.call_ops_touched(&ops);
        self.board
            .apply_call_ops(plan.call(), event.at(), event.type_name(), &ops)?;
        let t = self.calls.commit(plan);
        self.sync_call_state(&touched);
        Ok(Applied {
            status: match t.status {
                TrackStatus::Applied => ApplyStatus::Applied,
                TrackStatus::Duplicate => ApplyStatus::Duplicate,
            },
            ended_call: t.ended.map(crate::calls::EndedCall::from),
        })
    }

    /// Applies one agent event; those that change who is on a call update
    /// the tracker in the same step (FD1).
    pub(crate) fn apply_agent(&mut self, e: &AgentEvent) -> Result<Applied> {
        if let Some(instead) = retired(e) {
            return Err(Error::invalid_input(
                "event.type",
                format!(
                    "`{}` is a call happening and is said with `{instead}` (FD1: one event per happening; see docs/feeds.md)",
                    e.type_name()
                ),
            ));
        }
        if self.roster.learn
            && let Some(a) = e.actor()
            && self.tenant.agent_position(a).is_err()
        {
            // Learned only: the agent event itself says what the agent does.
            let mut next = self.clone();
            next.learn_names(&[(a.clone(), None)], &[])?;
            let r = next.apply_agent_now(e)?;
            *self = next;
            return Ok(r);
        }
        self.apply_agent_now(e)
    }

    fn apply_agent_now(&mut self, e: &AgentEvent) -> Result<Applied> {
        let at = e.at();
        let handle = |c: &CallCenter, a: &AgentId| c.board.resolve(a.as_str()).ok();
        let plan = match e {
            AgentEvent::ConsultStart { agent, target, .. } => match handle(self, agent).and_then(|i| self.board.call_of(i)) {
                Some(call) => Some(self.calls.plan_consult(&call.clone(), target, at)?),
                None => None,
            },
            AgentEvent::ConsultEnded { agent, .. } => {
                let owner = handle(self, agent).and_then(|i| self.board.consulted_by(i).or(Some(i)));
                match owner.and_then(|o| self.board.call_of(o)) {
                    Some(call) if owner.and_then(|o| self.board.consult_peer(o)).is_some() => {
                        Some(self.calls.plan_consult_end(&call.clone(), at)?)
                    }
                    _ => None,
                }
            }
            AgentEvent::TransferConfirmed { agent, .. } => {
                let i = handle(self, agent);
                let peer = i.and_then(|i| self.board.consult_peer(i));
                match (i.and_then(|i| self.board.call_of(i)), peer.and_then(|p| self.board.agent_id(p))) {
                    (Some(call), Some(to)) => {
                        Some(self.calls.plan_hand_over(&call.clone(), &to.clone(), at, "transfer_confirmed")?)
                    }
                    _ => None,
                }
            }
            AgentEvent::ForceDisconnect { supervisor: agent, .. } => {
                let target = handle(self, agent).and_then(|i| self.board.listening_to(i));
                match target.and_then(|t| self.board.call_of(t)) {
                    Some(call) => Some(self.calls.plan_hand_over(&call.clone(), agent, at, "force_disconnect")?),
                    None => None,
                }
            }
            _ => None,
        };
        let touched = self.call_state_touched(e);
        let status = self.board.apply(e)?;
        if status == ApplyStatus::Applied
            && let Some(p) = plan
        {
            self.calls.commit(p);
        }
        self.sync_call_state(&touched);
        Ok(Applied {
            status,
            ended_call: None,
        })
    }

    /// Whether a call event names an agent or skill group the roster lacks
    /// (learning) or a logged-out agent (login on call); no allocation.
    fn may_change_roster(&self, e: &CallEvent) -> bool {
        let (agent, group) = name_refs(e);
        let agent_hit = agent.is_some_and(|a| match self.board.resolve(a.as_str()) {
            Err(_) => self.roster.learn,
            Ok(i) => self.roster.login_on_call && self.board.is_offline(i),
        });
        let group_hit = self.roster.learn && group.is_some_and(|g| self.tenant.skill_group_position(g).is_err());
        agent_hit || group_hit
    }

    /// FD4: adds the unknown names to the roster (with the `roster`
    /// defaults; a learned agent serves the skill group of the call that
    /// named it, if any) and logs in, idle, the offline agents a call event
    /// names when `login_on_call` is set.
    fn learn(
        &mut self,
        agents: &[(AgentId, Option<SkillGroupId>)],
        groups: &[SkillGroupId],
        at: cxkit_core::Timestamp,
    ) -> Result<()> {
        self.learn_names(agents, groups)?;
        self.login_offline(agents, at)
    }

    /// FD4: adds the names the roster lacks (when `roster.learn`).
    fn learn_names(&mut self, agents: &[(AgentId, Option<SkillGroupId>)], groups: &[SkillGroupId]) -> Result<()> {
        if self.roster.learn {
            let mut cfg = self.tenant.config.clone();
            let mut changed = false;
            for g in groups.iter().chain(agents.iter().filter_map(|(_, g)| g.as_ref())) {
                if !cfg.skill_groups.iter().any(|s| &s.id == g) {
                    cfg.skill_groups.push(SkillGroup {
                        id: g.clone(),
                        name: g.to_string(),
                    });
                    changed = true;
                }
            }
            for (a, g) in agents {
                if !cfg.agents.iter().any(|p| &p.id == a) {
                    cfg.agents.push(AgentProfile {
                        id: a.clone(),
                        name: a.to_string(),
                        role: self.roster.role.clone(),
                        kind: self.roster.kind,
                        org_unit: self.roster.org_unit.clone(),
                        skill_groups: g.iter().cloned().collect(),
                        // The member's name is the line the PBX rings.
                        extension: Some(cxkit_core::ExtensionId::from(a.as_str())),
                    });
                    changed = true;
                }
            }
            if changed {
                self.adopt_roster(cfg)?;
            }
        }
        Ok(())
    }

    /// FD4: logs in, idle, the logged-out agents a call event names (when
    /// `roster.login_on_call`).
    fn login_offline(&mut self, agents: &[(AgentId, Option<SkillGroupId>)], at: cxkit_core::Timestamp) -> Result<()> {
        if self.roster.login_on_call {
            for (a, _) in agents {
                if let Ok(i) = self.board.resolve(a.as_str())
                    && self.board.is_offline(i)
                {
                    // A dynamically bound agent takes the extension named
                    // like them (the PBX rang that member).
                    let fixed = self.tenant.config.agents.iter().any(|p| &p.id == a && p.extension.is_some());
                    let login = AgentEvent::Login {
                        agent: a.clone(),
                        at,
                        event_id: None,
                        extension: (!fixed).then(|| cxkit_core::ExtensionId::from(a.as_str())),
                        status: cxkit_agents::StartStatus::Idle,
                    };
                    self.board.apply(&login)?;
                }
            }
        }
        Ok(())
    }

    /// Rebuilds every part over a grown roster, keeping all live state.
    fn adopt_roster(&mut self, cfg: cxkit_core::TenantConfig) -> Result<()> {
        let tenant = std::sync::Arc::new(cfg.validate()?);
        let board = cxkit_agents::Board::restore(tenant.clone(), self.board.config(), &self.board.snapshot())?;
        let calls = self.calls.with_tenant(&tenant);
        let mut online_snap = self.online.board.snapshot();
        // Learned skill groups are appended: their (empty) rows go last.
        online_snap.totals.resize(1 + tenant.config.skill_groups.len(), [0; 4]);
        let online_config = self.online.board.config().clone();
        self.tenant = tenant.clone();
        self.board = board;
        self.calls = calls;
        self.online = crate::online::OnlineSide::new(tenant, &online_config)?;
        self.restore_online_board(&online_snap)?;
        Ok(())
    }

    fn call_ops_touched(&self, ops: &[(u32, CallOp)]) -> crate::online::Touched {
        let mut t = crate::online::Touched::default();
        if !self.online.has_both {
            return t;
        }
        for (i, op) in ops {
            for h in [Some(*i), if let CallOp::TakeOver { from } = op { Some(*from) } else { None }]
                .into_iter()
                .flatten()
            {
                t.add(self.board.agent_id(h));
                t.add(self.board.consult_peer(h).and_then(|p| self.board.agent_id(p)));
            }
        }
        t
    }

    /// FD1's invariant, checked from both sides: the agents the tracker has
    /// on each call are exactly the agents the board shows ringing,
    /// talking, holding, dialing or consulting on it. `Err` describes the
    /// first disagreement. (Tests and snapshot restore use it.)
    pub fn check_one_stream(&self) -> std::result::Result<(), String> {
        let mut tracker: Vec<(String, String)> = Vec::new();
        for (call, agents) in self.calls.agents_on_calls() {
            for a in agents {
                tracker.push((call.to_string(), a.to_string()));
            }
        }
        let mut board: Vec<(String, String)> = self
            .board
            .agents_on_calls()
            .into_iter()
            .map(|(a, c)| (c.to_string(), a.to_string()))
            .collect();
        tracker.sort();
        board.sort();
        if tracker == board {
            return Ok(());
        }
        let only = |x: &[(String, String)], y: &[(String, String)]| -> Vec<String> {
            x.iter()
                .filter(|p| !y.contains(p))
                .map(|(c, a)| format!("agent `{a}` on call `{c}`"))
                .collect()
        };
        Err(format!(
            "tracker only: [{}]; board only: [{}]",
            only(&tracker, &board).join(", "),
            only(&board, &tracker).join(", ")
        ))
    }
}

/// The agent and the skill group a call event names (without copying).
fn name_refs(e: &CallEvent) -> (Option<&AgentId>, Option<&SkillGroupId>) {
    match e {
        CallEvent::Offered { agent, .. } | CallEvent::Answered { agent, .. } | CallEvent::OutboundDialed { agent, .. } => {
            (Some(agent), None)
        }
        CallEvent::RingEnded { agent, .. } => (agent.as_ref(), None),
        CallEvent::Queued { skill_group, .. } => (None, Some(skill_group)),
        CallEvent::Transferred {
            to: TransferTarget::Agent(a),
            ..
        } => (Some(a), None),
        CallEvent::Transferred {
            to: TransferTarget::SkillGroup(g),
            ..
        } => (None, Some(g)),
        _ => (None, None),
    }
}
