//! [`Toolbar`]: one agent's phone toolbar (电话工具条) as a device-side view
//! model (TB1–TB4), over `cxkit_agents::Toolbar`, which runs the very rules
//! of the server's agent board on a one-agent roster. Every action returns
//! the new [`ToolbarView`] the UI draws.

use crate::config::Config;
use crate::error::CxError;
use crate::guard::{guard, lock};
use crate::types::Timestamp;
use cxkit::agents::{Binding, Category, ChosenStatus, Popup, StartStatus, ToolbarView};
use cxkit::core::{AgentId, CallId, ExtensionId};
use std::sync::{Arc, Mutex};

/// The status chosen at login (TB1: login and status are one step).
#[uniffi::remote(Enum)]
pub enum StartStatus {
    /// Ready for calls.
    Idle,
    /// Logged in but not taking calls.
    Busy,
}

/// A status the agent may pick by hand (never ACW: TB2).
#[uniffi::remote(Enum)]
pub enum ChosenStatus {
    /// Idle.
    Idle,
    /// Busy.
    Busy,
    /// Break (小休).
    Break,
    /// Activity (活动).
    Activity,
    /// Training (培训).
    Training,
    /// Meal (就餐).
    Meal,
    /// Meeting (会议).
    Meeting,
}

/// The CM1 category of the agent's state.
#[uniffi::remote(Enum)]
pub enum Category {
    /// Not logged in.
    Offline,
    /// CM1 (4).
    Idle,
    /// CM1 (5).
    Busy,
    /// CM1 (6).
    AfterCallWork,
    /// CM1 (7).
    Answering,
    /// CM1 (8).
    Outbound,
    /// CM1 (9).
    Consulting,
    /// CM1 (10).
    Supervising,
    /// CM1 (11).
    NonService,
}

/// How the agent's extension is bound (TB1).
#[uniffi::remote(Enum)]
pub enum Binding {
    /// A fixed extension.
    OneToOne,
    /// Picked at login.
    Dynamic,
}

/// The toolbar popup (TB3).
#[uniffi::remote(Enum)]
pub enum Popup {
    /// Shown.
    Expanded,
    /// Collapsed by the agent's own hand: an incoming call leaves it collapsed.
    CollapsedByHand,
    /// Collapsed automatically: an incoming call expands it.
    CollapsedAuto,
}

/// What the toolbar shows (TB1–TB4).
#[uniffi::remote(Record)]
pub struct ToolbarView {
    /// The agent.
    pub agent: AgentId,
    /// Binding mode.
    pub binding: Binding,
    /// The fixed extension (one-to-one) or the one held now.
    pub extension: Option<ExtensionId>,
    /// Whether logged in.
    pub logged_in: bool,
    /// CM1 category.
    pub state: Category,
    /// Split inside the category.
    pub detail: Option<String>,
    /// Display label.
    pub label: String,
    /// Popup state (TB3).
    pub popup: Popup,
    /// Whether the popup shows now.
    pub popup_expanded: bool,
    /// When ACW ends by time (TB2).
    pub acw_until: Option<Timestamp>,
    /// Event types the toolbar offers now (`dial`, `acw_complete`, …).
    pub actions: Vec<String>,
}

/// TB4: checks a keypad dial string (digits, `*`, `#`, optional leading
/// `+`, 1–32 characters); `INVALID_INPUT` (field `number`) names the problem.
#[uniffi::export]
pub fn validate_dial(number: String) -> Result<(), CxError> {
    guard(|| Ok(cxkit::agents::validate_dial(&number)?))
}

/// One agent's phone toolbar. Every action returns the new view; a refused
/// action throws and leaves the toolbar as it was.
#[derive(Debug, uniffi::Object)]
pub struct Toolbar {
    inner: Mutex<cxkit::agents::Toolbar>,
}

impl Toolbar {
    fn run(
        &self,
        f: impl FnOnce(&mut cxkit::agents::Toolbar) -> Result<ToolbarView, cxkit::agents::AgentError>,
    ) -> Result<ToolbarView, CxError> {
        guard(|| Ok(f(&mut *lock(&self.inner, "toolbar")?)?))
    }
}

#[uniffi::export]
impl Toolbar {
    /// A logged-out toolbar for `agent` with the `agents` section of
    /// `config` (ACW settings). `extension`: the fixed extension of a
    /// one-to-one bound agent, `null` for dynamic binding (TB1).
    #[uniffi::constructor]
    pub fn new(
        config: Arc<Config>,
        agent: AgentId,
        extension: Option<ExtensionId>,
    ) -> Result<Arc<Self>, CxError> {
        guard(|| {
            let t = cxkit::agents::Toolbar::new(agent, extension, &config.inner.agents)?;
            Ok(Arc::new(Toolbar {
                inner: Mutex::new(t),
            }))
        })
    }

    /// What the toolbar shows now.
    pub fn view(&self) -> Result<ToolbarView, CxError> {
        self.run(|t| t.view())
    }
    /// TB1: log in with a starting status (and the extension picked, for
    /// dynamic binding).
    pub fn login(
        &self,
        at: Timestamp,
        status: StartStatus,
        extension: Option<ExtensionId>,
    ) -> Result<ToolbarView, CxError> {
        self.run(|t| t.login(at, status, extension))
    }
    /// Log out.
    pub fn logout(&self, at: Timestamp) -> Result<ToolbarView, CxError> {
        self.run(|t| t.logout(at))
    }
    /// Switch status by hand (ACW cannot be chosen: TB2).
    pub fn set_status(&self, at: Timestamp, status: ChosenStatus) -> Result<ToolbarView, CxError> {
        self.run(|t| t.set_status(at, status))
    }
    /// An inbound call rings (TB3: a popup collapsed by hand stays collapsed).
    pub fn incoming_call(&self, at: Timestamp, call: CallId) -> Result<ToolbarView, CxError> {
        self.run(|t| t.incoming_call(at, call))
    }
    /// Answer the ringing call.
    pub fn answer(&self, at: Timestamp) -> Result<ToolbarView, CxError> {
        self.run(|t| t.answer(at))
    }
    /// Put the call on hold.
    pub fn hold(&self, at: Timestamp) -> Result<ToolbarView, CxError> {
        self.run(|t| t.hold(at))
    }
    /// Resume the held call.
    pub fn resume(&self, at: Timestamp) -> Result<ToolbarView, CxError> {
        self.run(|t| t.resume(at))
    }
    /// The call ends (TB2: ACW starts automatically when the tenant enabled it).
    pub fn hang_up(&self, at: Timestamp) -> Result<ToolbarView, CxError> {
        self.run(|t| t.hang_up(at))
    }
    /// TB4: dial `number` from the keypad as call `call`.
    pub fn dial(
        &self,
        at: Timestamp,
        call: CallId,
        number: String,
    ) -> Result<ToolbarView, CxError> {
        self.run(|t| t.dial(at, call, &number))
    }
    /// The dialed party picked up.
    pub fn connected(&self, at: Timestamp) -> Result<ToolbarView, CxError> {
        self.run(|t| t.connected(at))
    }
    /// TB2: finish ACW early (also while the popup is collapsed).
    pub fn finish_acw(&self, at: Timestamp) -> Result<ToolbarView, CxError> {
        self.run(|t| t.finish_acw(at))
    }
    /// TB2: time passes; ACW ends when its time is up.
    pub fn tick(&self, at: Timestamp) -> Result<ToolbarView, CxError> {
        self.run(|t| t.tick(at))
    }
    /// TB3: collapse the popup, by hand or automatically.
    pub fn collapse(&self, at: Timestamp, by_hand: bool) -> Result<ToolbarView, CxError> {
        self.run(|t| t.collapse(at, by_hand))
    }
    /// TB3: expand the popup by hand (clears "collapsed by hand").
    pub fn expand(&self, at: Timestamp) -> Result<ToolbarView, CxError> {
        self.run(|t| t.expand(at))
    }
}
