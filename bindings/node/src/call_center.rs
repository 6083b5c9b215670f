//! [`NativeCallCenter`]: the live call center of one tenant (agent board and
//! call tracker behind one event stream, CM1–CM4, TB1–TB5, SMS1, CM3). It is
//! shared behind a mutex so a batch (`applyManyAsync`, replaying a day) can
//! run on the libuv thread pool while JavaScript keeps the event loop.

use crate::config::NativeConfig;
use crate::feeds::{NativeFeed, now_arg};
use crate::monitor::NativeMonitor;
use crate::task::JsonTask;
use crate::{Guarded, decode, emit, guard, lock, parse};
use cxkit::CallCenter;
use cxkit::agents::ApplyStatus;
use cxkit::call_center::Event;
use cxkit::core::{AgentId, OrgUnitId, Scope, Timestamp};
use cxkit::thresholds::{Values, Viewer};
use napi::bindgen_prelude::{AsyncTask, External};
use napi_derive::napi;
use std::sync::{Arc, Mutex};

/// `CallCenter`: apply events, read views.
#[napi]
pub struct NativeCallCenter {
    inner: Guarded<CallCenter>,
}

#[napi]
impl NativeCallCenter {
    /// A call center for `config`: every agent offline, no call in the system.
    #[napi(constructor)]
    pub fn new(config: &NativeConfig) -> napi::Result<Self> {
        guard(|| {
            Ok(NativeCallCenter {
                inner: Guarded::new(CallCenter::new(&config.inner)?),
            })
        })
    }

    /// A call center whose agent board is restored from `snapshot` JSON.
    #[napi(factory)]
    pub fn restore(config: &NativeConfig, snapshot: String) -> napi::Result<Self> {
        guard(|| {
            let snapshot: serde_json::Value = parse("snapshot", &snapshot)?;
            Ok(NativeCallCenter {
                inner: Guarded::new(CallCenter::restore(&config.inner, snapshot)?),
            })
        })
    }

    /// Panics inside this object's lock: the test hook proving that a panic
    /// in a call is `INTERNAL` and leaves the object usable and unchanged
    /// (#18). Not part of the public JS API.
    #[napi]
    pub fn debug_panic(&self, message: String) -> napi::Result<()> {
        self.inner.with(|_| -> cxkit::Result<()> { panic!("{message}") })
    }

    /// Applies one event (JSON text) and returns the `Applied` JSON.
    #[napi]
    pub fn apply(&self, event: String) -> napi::Result<String> {
        self.inner.with(|cc| {
            let event: Event = decode::event(&event)?;
            emit(&cc.apply(&event)?)
        })
    }

    /// A handle to this call center for [`call_center_apply`], the per-event
    /// hot path (a free function on an external costs a third of a class
    /// method call in napi 3).
    #[napi(ts_return_type = "ExternalObject<'CallCenter'>")]
    pub fn handle(&self) -> External<Shared> {
        External::new(self.inner.handle())
    }

    /// Applies a JSON array of events in order, each atomically; returns the
    /// `BatchResult` JSON (refused events listed with their index).
    #[napi]
    pub fn apply_many(&self, events: String) -> napi::Result<String> {
        self.inner.with(|cc| {
            let events = decode::events(&events)?;
            emit(&cc.apply_many(&events))
        })
    }

    /// `apply_many` on the libuv thread pool: decoding and applying happen
    /// off the event loop; the Promise settles with the `BatchResult` JSON.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn apply_many_async(&self, events: String) -> AsyncTask<JsonTask> {
        let shared = self.inner.handle();
        AsyncTask::new(JsonTask::new(move || {
            let events = decode::events(&events)?;
            let mut cc = lock(&shared)?;
            emit(&cc.apply_many(&events))
        }))
    }

    /// The columnar batch: `rows` events whose fields come from columns
    /// (`specs`: JSON `[{name, kind: joined|json|const}]`, one payload each);
    /// each row decodes as the JSON object of its fields would. Returns the
    /// `BatchResult` JSON.
    #[napi]
    pub fn apply_columns(
        &self,
        rows: u32,
        specs: String,
        payloads: Vec<String>,
    ) -> napi::Result<String> {
        self.inner.with(|cc| {
            let events = decode::columns(rows as usize, &specs, &payloads)?;
            emit(&cc.apply_many(&events))
        })
    }

    /// `apply_columns` on the libuv thread pool.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn apply_columns_async(
        &self,
        rows: u32,
        specs: String,
        payloads: Vec<String>,
    ) -> AsyncTask<JsonTask> {
        let shared = self.inner.handle();
        AsyncTask::new(JsonTask::new(move || {
            let events = decode::columns(rows as usize, &specs, &payloads)?;
            let mut cc = lock(&shared)?;
            emit(&cc.apply_many(&events))
        }))
    }

    /// CM1: the real-time view of a scope (JSON `Scope`).
    #[napi]
    pub fn wallboard(&self, scope: String) -> napi::Result<String> {
        self.inner
            .with(|cc| emit(&cc.wallboard(&parse::<Scope>("scope", &scope)?)?))
    }

    /// CM4: the agent listening list of a scope.
    #[napi]
    pub fn listening_list(&self, scope: String) -> napi::Result<String> {
        self.inner
            .with(|cc| emit(&cc.listening_list(&parse::<Scope>("scope", &scope)?)?))
    }

    /// BS1: the big screen of a scope.
    #[napi]
    pub fn big_screen(&self, scope: String) -> napi::Result<String> {
        self.inner
            .with(|cc| emit(&cc.big_screen(&parse::<Scope>("scope", &scope)?)?))
    }

    /// One agent's live state.
    #[napi]
    pub fn agent_state(&self, agent: String) -> napi::Result<String> {
        self.inner
            .with(|cc| emit(&cc.agent_state(&parse::<AgentId>("agent", &agent)?)?))
    }

    /// One agent's phone toolbar (TB1–TB4).
    #[napi]
    pub fn toolbar(&self, agent: String) -> napi::Result<String> {
        self.inner
            .with(|cc| emit(&cc.toolbar(&parse::<AgentId>("agent", &agent)?)?))
    }

    /// One agent's figures of the tenant day containing `now`.
    #[napi]
    pub fn agent_stats(&self, agent: String, now: String) -> napi::Result<String> {
        self.inner.with(|cc| {
            let agent: AgentId = parse("agent", &agent)?;
            let now: Timestamp = parse("now", &now)?;
            emit(&cc.agent_stats(&agent, now)?)
        })
    }

    /// OS4: the online (chat) wallboard of a scope at `now`.
    #[napi]
    pub fn online_wallboard(&self, scope: String, now: String) -> napi::Result<String> {
        self.inner.with(|cc| {
            let scope: Scope = parse("scope", &scope)?;
            let now: Timestamp = parse("now", &now)?;
            emit(&cc.online_wallboard(&scope, now)?)
        })
    }

    /// OS3: one agent's eight online metrics for the tenant day containing `now`.
    #[napi]
    pub fn online_metrics(&self, agent: String, now: String) -> napi::Result<String> {
        self.inner.with(|cc| {
            let agent: AgentId = parse("agent", &agent)?;
            let now: Timestamp = parse("now", &now)?;
            emit(&cc.online_metrics(&agent, now)?)
        })
    }

    /// OS5: scores a bot conversation's customer message (JSON) with
    /// `escalation` and, when it escalates, hands it over in the same call
    /// (`handed_to_queue` or `leave_message` with `templates`' offer on `instance`).
    #[napi]
    pub fn bot_handoff(
        &self,
        env: napi::Env,
        escalation: &crate::escalation::NativeEscalation,
        templates: &crate::templates::NativeTemplates,
        message: String,
        instance: String,
    ) -> napi::Result<String> {
        let _scope = crate::escalation::EnvScope::enter(env);
        let esc = escalation.inner.handle();
        let tm = templates.inner.handle();
        self.inner.with(|cc| {
            let message: cxkit::escalation_rules::CustomerMessage = parse("message", &message)?;
            // A JS scorer calling back into its own Escalation must not deadlock.
            let mut e = esc.try_lock().map_err(|_| {
                cxkit::Error::invalid_input("escalation", "re-entrant call: the escalation object is busy")
            })?;
            let t = lock(&tm)?;
            emit(&cc.bot_handoff(&mut e, &t, &message, &instance)?)
        })
    }

    /// The agent's own open chats at `now` (the device API of an online agent).
    #[napi]
    pub fn agent_chats(&self, agent: String, now: String) -> napi::Result<String> {
        self.inner.with(|cc| {
            let agent: AgentId = parse("agent", &agent)?;
            let now: Timestamp = parse("now", &now)?;
            emit(&cc.agent_chats(&agent, now)?)
        })
    }

    /// WM1, WM2, WM5: the workplace-monitor view with the call metrics
    /// computed live from this board at `now`; other metrics come from
    /// `other_values` (`{agent: {metric: number | null}}`, `null` = none).
    /// `monitor` must be built from the same configuration.
    #[napi]
    pub fn call_monitor_view(
        &self,
        monitor: &NativeMonitor,
        viewer: String,
        org_unit: String,
        now: String,
        other_values: String,
    ) -> napi::Result<String> {
        let monitor = monitor.inner.handle();
        self.inner.with(|cc| {
            let viewer: Viewer = parse("viewer", &viewer)?;
            let unit: Option<OrgUnitId> = parse("org_unit", &org_unit)?;
            let now: Timestamp = parse("now", &now)?;
            let values: Option<Values> = parse("other_values", &other_values)?;
            let m = lock(&monitor)?;
            emit(&cc.call_monitor_view(
                &m,
                &viewer,
                unit.as_ref(),
                now,
                &values.unwrap_or_default(),
            )?)
        })
    }

    /// The agent board as JSON (for `restore`).
    #[napi]
    pub fn snapshot(&self) -> napi::Result<String> {
        self.inner.with(|cc| emit(&cc.snapshot()))
    }

    /// CM1 items 1–2 (calls in the system, waiting per skill group) of a scope.
    #[napi]
    pub fn live_calls(&self, scope: String) -> napi::Result<String> {
        self.inner
            .with(|cc| emit(&cc.live_calls(&parse::<Scope>("scope", &scope)?)?))
    }

    /// CM3: today's trend so far (the tenant day containing `now`).
    #[napi]
    pub fn trend_today(&self, now: String) -> napi::Result<String> {
        self.inner
            .with(|cc| emit(&cc.trend_today(parse::<Timestamp>("now", &now)?)?))
    }

    /// The ended calls kept for the current tenant day, oldest first.
    #[napi]
    pub fn ended_calls(&self) -> napi::Result<String> {
        self.inner.with(|cc| emit(&cc.ended_calls()))
    }

    /// CM3: the trend of tenant day `date` (JSON `"YYYY-MM-DD"`), or `null`
    /// when no call of that day is kept.
    #[napi]
    pub fn trend_of_day(&self, date: String) -> napi::Result<String> {
        self.inner
            .with(|cc| emit(&cc.trend_of_day(parse::<chrono::NaiveDate>("date", &date)?)))
    }

    /// The tenant days with a kept trend, oldest first (JSON array of dates).
    #[napi]
    pub fn trend_days(&self) -> napi::Result<String> {
        self.inner.with(|cc| emit(&cc.trend_days()))
    }

    /// FD3: feeds a chunk of `feed`'s text and applies the events it
    /// completes; `now` (JSON) times AMI frames without `Timestamp:`.
    /// Returns the `FeedBatch` JSON (`records`, `skipped`, `batch`).
    #[napi]
    pub fn apply_feed(&self, feed: &NativeFeed, text: String, now: String) -> napi::Result<String> {
        let feed = feed.inner.handle();
        self.inner.with(|cc| {
            let now = now_arg(&now)?;
            // Lock order: call center, then feed.
            let mut f = lock(&feed)?;
            emit(&cc.apply_feed(&mut f, &text, now))
        })
    }

    /// FD3: ends `feed`'s input and applies what that completes; returns
    /// the `FeedBatch` JSON.
    #[napi]
    pub fn finish_feed(&self, feed: &NativeFeed, now: String) -> napi::Result<String> {
        let feed = feed.inner.handle();
        self.inner.with(|cc| {
            let now = now_arg(&now)?;
            let mut f = lock(&feed)?;
            emit(&cc.finish_feed(&mut f, now))
        })
    }
}

/// The call center behind a [`NativeCallCenter::handle`].
pub type Shared = Arc<Mutex<CallCenter>>;

/// Applies one event (JSON text) to the call center behind `handle` and
/// returns the `Applied` JSON, or `null` for the plain
/// `{"status":"applied"}` (most events; no string to build and parse):
/// `NativeCallCenter::apply` without the cost of a class method call.
#[napi(ts_args_type = "handle: ExternalObject<'CallCenter'>, event: string")]
// Called from JavaScript only (the napi registration is not compiled into
// `cargo test` builds).
#[cfg_attr(test, allow(dead_code))]
pub fn call_center_apply(handle: &External<Shared>, event: String) -> napi::Result<Option<String>> {
    let shared: &Shared = handle;
    guard(|| {
        let event: Event = decode::event(&event)?;
        let applied = lock(shared)?.apply(&event)?;
        if applied.status == ApplyStatus::Applied && applied.ended_call.is_none() {
            return Ok(None);
        }
        emit(&applied).map(Some)
    })
}
