//! [`CallCenter`]: the live call center of one tenant (agent board + call
//! tracker fed by one event stream), for completeness next to the device
//! API. It is a server-side object: events and the large supervisor views
//! (wallboard, listening list, big screen, trend, ended calls) cross the
//! boundary as JSON in the shape of the Rust types (`docs/agents.md`,
//! `docs/calls.md`), so they follow the area crates without a mirror type
//! per view; one agent's toolbar is a typed Record as on the device.

use crate::config::Config;
use crate::error::CxError;
use crate::guard::{guard, lock};
use crate::to_json;
use crate::types::Timestamp;

use cxkit::agents::{
    AgentEvent, ApplyStatus, ChosenStatus, ConsultMode, Direction, EndedBy, StartStatus, ToolbarView,
};
use cxkit::core::{AgentId, Scope};
use cxkit::core::{CallId, ExtensionId};
use std::sync::{Arc, Mutex};

/// Whether an event changed the board or was a duplicate.
#[uniffi::remote(Enum)]
pub enum ApplyStatus {
    /// The event was applied.
    Applied,
    /// An event with the same id was already applied; nothing changed.
    Duplicate,
}

/// Direction of a call at an agent.
#[uniffi::remote(Enum)]
pub enum Direction {
    /// An inbound call.
    Inbound,
    /// An outbound call.
    Outbound,
}

/// How a consultation proceeds.
#[uniffi::remote(Enum)]
pub enum ConsultMode {
    /// Three-way conversation.
    ThreeWay,
    /// Consult, then transfer.
    Transfer,
}

/// Who ended a call (on the agent's `CallEnded`).
#[uniffi::remote(Enum)]
pub enum EndedBy {
    /// The customer hung up.
    Customer,
    /// The agent hung up (or rejected the ring).
    Agent,
    /// The platform ended it (ring timeout, transfer, network).
    System,
}

/// One agent event (the `type` of its JSON names the variant); what a
/// toolbar, the switch or a supervisor's console reports. Optional fields
/// default as in JSON, except the enum-typed ones (`status`, `direction`,
/// `mode`), which uniffi proc-macros cannot give a default: pass `IDLE`,
/// `INBOUND`, `THREE_WAY` for the JSON defaults.
#[uniffi::remote(Enum)]
pub enum AgentEvent {
    /// TB1: log in to the call center with a starting status. `extension` is
    /// required for dynamic binding, optional (and must match) for one-to-one.
    Login {
        /// The agent.
        agent: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[uniffi(default)]
        event_id: Option<String>,
        /// The extension picked at login (dynamic binding).
        #[uniffi(default)]
        extension: Option<ExtensionId>,
        /// Starting status, idle or busy (default idle).
        status: StartStatus,
    },
    /// Log out; releases the extension.
    Logout {
        /// The agent.
        agent: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[uniffi(default)]
        event_id: Option<String>,
    },
    /// Switch status by hand (idle, busy, or a non-service reason; never ACW — TB2).
    SetStatus {
        /// The agent.
        agent: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[uniffi(default)]
        event_id: Option<String>,
        /// The chosen status.
        status: ChosenStatus,
    },
    /// An inbound call rings at the agent (TB3 popup rule applies).
    CallOffered {
        /// The agent.
        agent: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[uniffi(default)]
        event_id: Option<String>,
        /// The call.
        call: CallId,
        /// Always `inbound` (outbound calls start with `dial`).
        direction: Direction,
    },
    /// The agent answers the ringing call.
    Answer {
        /// The agent.
        agent: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[uniffi(default)]
        event_id: Option<String>,
    },
    /// The agent puts the customer on hold.
    Hold {
        /// The agent.
        agent: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[uniffi(default)]
        event_id: Option<String>,
    },
    /// The agent takes the customer off hold.
    Resume {
        /// The agent.
        agent: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[uniffi(default)]
        event_id: Option<String>,
    },
    /// The agent's call ended (either side hung up, or a ring/dial gave up).
    CallEnded {
        /// The agent.
        agent: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[uniffi(default)]
        event_id: Option<String>,
        /// Who ended it, if known: a ring ended by the customer is not the
        /// agent's ring-no-answer.
        #[uniffi(default)]
        ended_by: Option<EndedBy>,
    },
    /// The agent dials out from the keypad (TB4 validates `number`).
    Dial {
        /// The agent.
        agent: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[uniffi(default)]
        event_id: Option<String>,
        /// The outbound call.
        call: CallId,
        /// The dial string.
        number: String,
    },
    /// The dialed party picked up.
    OutboundConnected {
        /// The agent.
        agent: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[uniffi(default)]
        event_id: Option<String>,
    },
    /// The agent on a call consults `target` (three-way or transfer consult).
    ConsultStart {
        /// The consulting agent (on a call).
        agent: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[uniffi(default)]
        event_id: Option<String>,
        /// The consulted agent (must be idle).
        target: AgentId,
        /// Three-way or transfer consult.
        mode: ConsultMode,
    },
    /// The consulted agent picks up.
    ConsultAnswered {
        /// The consulted agent.
        agent: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[uniffi(default)]
        event_id: Option<String>,
    },
    /// The consult ends without a transfer (sent by either side).
    ConsultEnded {
        /// The consulting or the consulted agent.
        agent: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[uniffi(default)]
        event_id: Option<String>,
    },
    /// CM2: the consulting agent hands the call to the consulted agent.
    TransferConfirmed {
        /// The transferring (consulting) agent.
        agent: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[uniffi(default)]
        event_id: Option<String>,
    },
    /// CM4: a supervisor starts listening to a talking agent.
    ListenStart {
        /// The supervisor (needs `call_listen`).
        supervisor: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[uniffi(default)]
        event_id: Option<String>,
        /// The agent listened to.
        target: AgentId,
    },
    /// CM4: the listening supervisor barges in (three-way (barge)).
    Barge {
        /// The listening supervisor.
        supervisor: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[uniffi(default)]
        event_id: Option<String>,
    },
    /// CM2/CM4: the listening supervisor takes the call over; the agent leaves it.
    ForceDisconnect {
        /// The listening supervisor.
        supervisor: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[uniffi(default)]
        event_id: Option<String>,
    },
    /// The supervisor stops listening or barging.
    ListenEnd {
        /// The supervisor.
        supervisor: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[uniffi(default)]
        event_id: Option<String>,
    },
    /// TB2: the agent finishes after-call work early (popup collapsed or not).
    AcwComplete {
        /// The agent.
        agent: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[uniffi(default)]
        event_id: Option<String>,
    },
    /// TB3: the toolbar popup collapses, by the agent's hand or automatically.
    PopupCollapse {
        /// The agent.
        agent: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[uniffi(default)]
        event_id: Option<String>,
        /// Whether the agent collapsed it by hand.
        by_hand: bool,
    },
    /// TB3: the agent expands the popup (clears "collapsed by hand").
    PopupExpand {
        /// The agent.
        agent: AgentId,
        /// When.
        at: Timestamp,
        /// Idempotency key.
        #[uniffi(default)]
        event_id: Option<String>,
    },
    /// TB2: time passes; every ACW whose configured time is up ends.
    Tick {
        /// Now.
        at: Timestamp,
        /// Idempotency key.
        #[uniffi(default)]
        event_id: Option<String>,
    },
}

/// What applying one event did.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Applied {
    /// `APPLIED`, or `DUPLICATE` when nothing changed.
    pub status: ApplyStatus,
    /// For a call event that ended a call: the ended call as JSON
    /// (record, outcome, triggered SMS).
    pub ended_call_json: Option<String>,
}

/// The live call center of one tenant.
#[derive(Debug, uniffi::Object)]
pub struct CallCenter {
    pub(crate) inner: Mutex<cxkit::CallCenter>,
}

#[uniffi::export]
impl CallCenter {
    /// A call center for `config`, every agent offline, no call in the system.
    #[uniffi::constructor]
    pub fn new(config: Arc<Config>) -> Result<Arc<Self>, CxError> {
        guard(|| {
            Ok(Arc::new(CallCenter {
                inner: Mutex::new(cxkit::CallCenter::new(&config.inner)?),
            }))
        })
    }

    /// Parses and applies one JSON event of the combined stream
    /// (`{"type": "login", …}`, `{"type": "call.arrived", …}`).
    pub fn apply_json(&self, event: String) -> Result<Applied, CxError> {
        guard(|| {
            let applied = lock(&self.inner, "call center")?.apply_json(&event)?;
            Ok(Applied {
                status: applied.status,
                ended_call_json: applied
                    .ended_call
                    .as_ref()
                    .map(serde_json::to_string)
                    .transpose()?,
            })
        })
    }

    /// Applies one typed agent event (TB1–TB5, CM2, CM4). On error nothing
    /// changed. Call lifecycle events go through [`CallCenter::apply_json`].
    pub fn apply_agent_event(&self, event: AgentEvent) -> Result<Applied, CxError> {
        guard(|| {
            let applied = lock(&self.inner, "call center")?
                .apply(&cxkit::call_center::Event::Agent(event))?;
            Ok(Applied {
                status: applied.status,
                ended_call_json: applied
                    .ended_call
                    .as_ref()
                    .map(serde_json::to_string)
                    .transpose()?,
            })
        })
    }

    /// Applies a JSON array of events in order, each atomically; refused
    /// events are reported with their index and the rest still apply.
    /// Returns `{"applied", "duplicates", "errors": [{"index", "error"}]}`.
    pub fn apply_many_json(&self, events: String) -> Result<String, CxError> {
        guard(|| {
            let es = cxkit::call_center::Event::many_from_json_str(&events)?;
            to_json(&lock(&self.inner, "call center")?.apply_many(&es))
        })
    }

    /// CM1: the real-time view of a scope, as JSON.
    pub fn wallboard_json(&self, scope: Scope) -> Result<String, CxError> {
        guard(|| to_json(&lock(&self.inner, "call center")?.wallboard(&scope)?))
    }

    /// CM4: the agent listening list of a scope, as JSON.
    pub fn listening_list_json(&self, scope: Scope) -> Result<String, CxError> {
        guard(|| to_json(&lock(&self.inner, "call center")?.listening_list(&scope)?))
    }

    /// BS1: the big screen of a scope, as JSON.
    pub fn big_screen_json(&self, scope: Scope) -> Result<String, CxError> {
        guard(|| to_json(&lock(&self.inner, "call center")?.big_screen(&scope)?))
    }

    /// CM1 items 1–2 (calls in the system, waiting per group), as JSON.
    pub fn live_calls_json(&self, scope: Scope) -> Result<String, CxError> {
        guard(|| to_json(&lock(&self.inner, "call center")?.live_calls(&scope)?))
    }

    /// One agent's live state, as JSON.
    pub fn agent_state_json(&self, agent: AgentId) -> Result<String, CxError> {
        guard(|| to_json(&lock(&self.inner, "call center")?.agent_state(&agent)?))
    }

    /// Panics while holding this object's lock: the test hook proving that a
    /// panic in a call is `CxException.Internal` and leaves the object
    /// usable and unchanged (#18). No rule uses it.
    pub fn debug_panic(&self, message: String) -> Result<(), CxError> {
        guard(|| {
            let _held = lock(&self.inner, "call center")?;
            panic!("{message}")
        })
    }

    /// One agent's figures of the tenant day containing `now`, as JSON.
    pub fn agent_stats_json(&self, agent: AgentId, now: Timestamp) -> Result<String, CxError> {
        guard(|| to_json(&lock(&self.inner, "call center")?.agent_stats(&agent, now)?))
    }

    /// OS4: the online (chat) wallboard of a scope at `now`, as JSON.
    pub fn online_wallboard_json(&self, scope: Scope, now: Timestamp) -> Result<String, CxError> {
        guard(|| to_json(&lock(&self.inner, "call center")?.online_wallboard(&scope, now)?))
    }

    /// OS3: one agent's eight online metrics for the tenant day containing `now`, as JSON.
    pub fn online_metrics_json(&self, agent: AgentId, now: Timestamp) -> Result<String, CxError> {
        guard(|| to_json(&lock(&self.inner, "call center")?.online_metrics(&agent, now)?))
    }

    /// OS5: scores a bot conversation's customer message with `escalation`
    /// and, when it escalates, hands it over in the same call; the result as
    /// JSON (`handed_to_queue`, or `leave_message` with `templates`' offer on `instance`).
    pub fn bot_handoff_json(
        &self,
        escalation: Arc<crate::escalation::Escalation>,
        templates: Arc<crate::templates::Templates>,
        message: cxkit::escalation_rules::CustomerMessage,
        instance: String,
    ) -> Result<String, CxError> {
        guard(|| {
            let mut cc = lock(&self.inner, "call center")?;
            let mut esc = lock(&escalation.inner, "escalation")?;
            to_json(&cc.bot_handoff(&mut esc, &templates.inner, &message, &instance)?)
        })
    }

    /// The agent's own open chats at `now` (its online device view), as a JSON array.
    pub fn agent_chats_json(&self, agent: AgentId, now: Timestamp) -> Result<String, CxError> {
        guard(|| to_json(&lock(&self.inner, "call center")?.agent_chats(&agent, now)?))
    }

    /// CM3: today's trend so far, as JSON.
    pub fn trend_today_json(&self, now: Timestamp) -> Result<String, CxError> {
        guard(|| to_json(&lock(&self.inner, "call center")?.trend_today(now)?))
    }

    /// The ended calls kept for the current tenant day, as a JSON array.
    pub fn ended_calls_json(&self) -> Result<String, CxError> {
        guard(|| to_json(&lock(&self.inner, "call center")?.ended_calls()))
    }

    /// CM3: the trend of tenant day `date` (`"YYYY-MM-DD"`) as JSON, or
    /// `null` when no call of that day is kept.
    pub fn trend_of_day_json(&self, date: String) -> Result<Option<String>, CxError> {
        guard(|| {
            let date: chrono::NaiveDate = cxkit::decode::from_value("date", &serde_json::Value::String(date))?;
            lock(&self.inner, "call center")?.trend_of_day(date).as_ref().map(to_json).transpose()
        })
    }

    /// The tenant days with a kept trend, oldest first (`"YYYY-MM-DD"`).
    pub fn trend_days(&self) -> Result<Vec<String>, CxError> {
        guard(|| {
            Ok(lock(&self.inner, "call center")?
                .trend_days()
                .iter()
                .map(|d| d.to_string())
                .collect())
        })
    }

    /// FD3: feeds a chunk of `feed`'s text and applies the events it
    /// completes; `now` times AMI frames without a `Timestamp:` header.
    /// Bad records are skipped and listed. JSON `{"records", "skipped",
    /// "batch": {"applied", "duplicates", "errors", "ended_calls"}}`.
    #[uniffi::method(default(now = None))]
    pub fn apply_feed_json(
        &self,
        feed: Arc<crate::feeds::Feed>,
        text: String,
        now: Option<Timestamp>,
    ) -> Result<String, CxError> {
        guard(|| {
            // Lock order: call center, then feed.
            let mut cc = lock(&self.inner, "call center")?;
            let mut f = lock(&feed.inner, "feed")?;
            to_json(&cc.apply_feed(&mut f, &text, now))
        })
    }

    /// FD3: ends `feed`'s input and applies what that completes; same JSON
    /// as [`CallCenter::apply_feed_json`].
    #[uniffi::method(default(now = None))]
    pub fn finish_feed_json(&self, feed: Arc<crate::feeds::Feed>, now: Option<Timestamp>) -> Result<String, CxError> {
        guard(|| {
            let mut cc = lock(&self.inner, "call center")?;
            let mut f = lock(&feed.inner, "feed")?;
            to_json(&cc.finish_feed(&mut f, now))
        })
    }

    /// One agent's phone toolbar (TB1–TB4), typed as on the device.
    pub fn toolbar(&self, agent: AgentId) -> Result<ToolbarView, CxError> {
        guard(|| lock(&self.inner, "call center")?.toolbar(&agent))
    }

    /// The agent board as a JSON snapshot (restore with [`CallCenter::restore`]).
    pub fn snapshot_json(&self) -> Result<String, CxError> {
        guard(|| to_json(&lock(&self.inner, "call center")?.snapshot()))
    }

    /// A call center whose agent board is restored from [`CallCenter::snapshot_json`].
    #[uniffi::constructor]
    pub fn restore(config: Arc<Config>, snapshot: String) -> Result<Arc<Self>, CxError> {
        guard(|| {
            let v: serde_json::Value = serde_json::from_str(&snapshot).map_err(|e| {
                cxkit::Error::invalid_input("snapshot", format!("malformed snapshot: {e}"))
            })?;
            Ok(Arc::new(CallCenter {
                inner: Mutex::new(cxkit::CallCenter::restore(&config.inner, v)?),
            }))
        })
    }
}
