//! One agent's phone toolbar (电话工具条) as a standalone view model:
//! login with a starting status (TB1), status switch and automatic ACW with
//! early finish (TB2), the popup rule (TB3) and keypad validation (TB4).
//!
//! [`Toolbar`] runs the very rules of the [`Board`] on a one-agent roster, so
//! a mobile app (the uniffi binding) gets exactly the behaviour of the server
//! without a tenant or a board of its own.

use crate::board::{ApplyStatus, Board};
use crate::config::AgentsConfig;
use crate::error::AgentError;
use crate::event::AgentEvent;
use crate::status::{ChosenStatus, StartStatus};
use crate::views::ToolbarView;
use cxkit_core::{AgentId, AgentProfile, CallId, ExtensionId, Role, ServiceKind, TenantConfig, Timestamp};
use std::sync::Arc;

/// Longest dial string (TB4).
pub const MAX_DIAL_LEN: usize = 32;

/// TB4: a dial string holds digits, `*`, `#` and an optional leading `+`,
/// 1..=32 characters. The error names the offending character and position.
pub fn validate_dial(number: &str) -> Result<(), AgentError> {
    let bad = |message: String| {
        Err(AgentError::InvalidInput {
            field: "number",
            message,
        })
    };
    let n = number.chars().count();
    if n == 0 {
        return bad("the dial string is empty (TB4)".into());
    }
    if n > MAX_DIAL_LEN {
        return bad(format!(
            "the dial string has {n} characters; at most {MAX_DIAL_LEN} are allowed (TB4)"
        ));
    }
    for (pos, c) in number.chars().enumerate() {
        match c {
            '0'..='9' | '*' | '#' => {}
            '+' if pos == 0 => {}
            '+' => {
                return bad(format!(
                    "`+` is allowed only as the first character, found at position {} (TB4)",
                    pos + 1
                ));
            }
            other => {
                return bad(format!(
                    "character `{other}` at position {} is not a digit, `*`, `#` or a leading `+` (TB4)",
                    pos + 1
                ));
            }
        }
    }
    if number == "+" {
        return bad("`+` must be followed by at least one digit, `*` or `#` (TB4)".into());
    }
    Ok(())
}

/// One agent's toolbar, usable without a board.
#[derive(Debug, Clone)]
pub struct Toolbar {
    board: Board,
    agent: AgentId,
}

impl Toolbar {
    /// A logged-out toolbar. `extension` is the fixed extension of a
    /// one-to-one bound agent, `None` for dynamic binding (TB1).
    pub fn new(agent: AgentId, extension: Option<ExtensionId>, config: &AgentsConfig) -> Result<Self, AgentError> {
        let tenant = TenantConfig {
            agents: vec![AgentProfile {
                id: agent.clone(),
                name: String::new(),
                role: Role::Agent,
                kind: ServiceKind::Call,
                org_unit: None,
                skill_groups: Vec::new(),
                extension,
            }],
            ..TenantConfig::default()
        }
        .validate()?;
        Ok(Toolbar {
            board: Board::new(Arc::new(tenant), config)?,
            agent,
        })
    }

    fn run(&mut self, e: AgentEvent) -> Result<ToolbarView, AgentError> {
        let _: ApplyStatus = self.board.apply(&e)?;
        self.view()
    }

    /// What the toolbar shows now.
    pub fn view(&self) -> Result<ToolbarView, AgentError> {
        self.board.toolbar(self.agent.as_str())
    }

    /// TB1: log in with a starting status (and the extension for dynamic binding).
    pub fn login(
        &mut self,
        at: Timestamp,
        status: StartStatus,
        extension: Option<ExtensionId>,
    ) -> Result<ToolbarView, AgentError> {
        self.run(AgentEvent::Login {
            agent: self.agent.clone(),
            at,
            event_id: None,
            extension,
            status,
        })
    }
    /// Log out.
    pub fn logout(&mut self, at: Timestamp) -> Result<ToolbarView, AgentError> {
        self.run(AgentEvent::Logout {
            agent: self.agent.clone(),
            at,
            event_id: None,
        })
    }
    /// Switch status (never ACW: TB2).
    pub fn set_status(&mut self, at: Timestamp, status: ChosenStatus) -> Result<ToolbarView, AgentError> {
        self.run(AgentEvent::SetStatus {
            agent: self.agent.clone(),
            at,
            event_id: None,
            status,
        })
    }
    /// An inbound call rings (TB3 popup rule).
    pub fn incoming_call(&mut self, at: Timestamp, call: CallId) -> Result<ToolbarView, AgentError> {
        self.run(AgentEvent::CallOffered {
            agent: self.agent.clone(),
            at,
            event_id: None,
            call,
            direction: Default::default(),
        })
    }
    /// Answer the ringing call.
    pub fn answer(&mut self, at: Timestamp) -> Result<ToolbarView, AgentError> {
        self.run(AgentEvent::Answer {
            agent: self.agent.clone(),
            at,
            event_id: None,
        })
    }
    /// Hold.
    pub fn hold(&mut self, at: Timestamp) -> Result<ToolbarView, AgentError> {
        self.run(AgentEvent::Hold {
            agent: self.agent.clone(),
            at,
            event_id: None,
        })
    }
    /// Resume.
    pub fn resume(&mut self, at: Timestamp) -> Result<ToolbarView, AgentError> {
        self.run(AgentEvent::Resume {
            agent: self.agent.clone(),
            at,
            event_id: None,
        })
    }
    /// The call ends (TB2: ACW starts automatically when enabled).
    pub fn hang_up(&mut self, at: Timestamp) -> Result<ToolbarView, AgentError> {
        self.run(AgentEvent::CallEnded {
            agent: self.agent.clone(),
            at,
            event_id: None,
            ended_by: None,
        })
    }
    /// TB4: dial from the keypad.
    pub fn dial(&mut self, at: Timestamp, call: CallId, number: &str) -> Result<ToolbarView, AgentError> {
        self.run(AgentEvent::Dial {
            agent: self.agent.clone(),
            at,
            event_id: None,
            call,
            number: number.to_owned(),
        })
    }
    /// The dialed party picked up.
    pub fn connected(&mut self, at: Timestamp) -> Result<ToolbarView, AgentError> {
        self.run(AgentEvent::OutboundConnected {
            agent: self.agent.clone(),
            at,
            event_id: None,
        })
    }
    /// TB2: finish ACW early (works with the popup collapsed too).
    pub fn finish_acw(&mut self, at: Timestamp) -> Result<ToolbarView, AgentError> {
        self.run(AgentEvent::AcwComplete {
            agent: self.agent.clone(),
            at,
            event_id: None,
        })
    }
    /// TB2: time passes; ACW ends when its time is up.
    pub fn tick(&mut self, at: Timestamp) -> Result<ToolbarView, AgentError> {
        self.run(AgentEvent::Tick { at, event_id: None })
    }
    /// TB3: collapse the popup.
    pub fn collapse(&mut self, at: Timestamp, by_hand: bool) -> Result<ToolbarView, AgentError> {
        self.run(AgentEvent::PopupCollapse {
            agent: self.agent.clone(),
            at,
            event_id: None,
            by_hand,
        })
    }
    /// TB3: expand the popup by hand.
    pub fn expand(&mut self, at: Timestamp) -> Result<ToolbarView, AgentError> {
        self.run(AgentEvent::PopupExpand {
            agent: self.agent.clone(),
            at,
            event_id: None,
        })
    }
}
