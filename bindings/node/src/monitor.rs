//! [`NativeMonitor`]: the workplace monitor (职场管理, WM1–WM5) — the
//! all-agents view with per-role metrics and warning flags, and the settings
//! behind it. Arguments and results are the JSON of `docs/monitor.md`.

use crate::config::NativeConfig;
use crate::{Guarded, emit, guard, parse};
use cxkit::core::OrgUnitId;
use cxkit::monitor::Monitor;
use cxkit::thresholds::{DisplayEntry, ThresholdChange, Values, Viewer};
use napi_derive::napi;

/// `Monitor` (WM1–WM5).
#[napi]
pub struct NativeMonitor {
    pub(crate) inner: Guarded<Monitor>,
}

#[napi]
impl NativeMonitor {
    /// A monitor for `config` (its `tenant` and `monitor` sections).
    #[napi(constructor)]
    pub fn new(config: &NativeConfig) -> napi::Result<Self> {
        guard(|| {
            Ok(NativeMonitor {
                inner: Guarded::new(Monitor::new(&config.inner)?),
            })
        })
    }

    /// The monitor view for `viewer` (JSON), optionally limited to an org unit
    /// and its descendants, over the given metric values (`null` = none).
    #[napi]
    pub fn view(&self, viewer: String, org_unit: String, values: String) -> napi::Result<String> {
        self.inner.with(|m| {
            let viewer: Viewer = parse("viewer", &viewer)?;
            let unit: Option<OrgUnitId> = parse("org_unit", &org_unit)?;
            let values: Option<Values> = parse("values", &values)?;
            emit(&m.view(&viewer, unit.as_ref(), &values.unwrap_or_default())?)
        })
    }

    /// Changes per-role display settings (all or nothing); returns them all.
    #[napi]
    pub fn set_display(&self, viewer: String, changes: String) -> napi::Result<String> {
        self.inner.with(|m| {
            let viewer: Viewer = parse("viewer", &viewer)?;
            let changes: Vec<DisplayEntry> = parse("changes", &changes)?;
            emit(&m.set_display(&viewer, &changes)?)
        })
    }

    /// Changes warning thresholds (all or nothing); returns them all.
    #[napi]
    pub fn set_thresholds(&self, viewer: String, changes: String) -> napi::Result<String> {
        self.inner.with(|m| {
            let viewer: Viewer = parse("viewer", &viewer)?;
            let changes: Vec<ThresholdChange> = parse("changes", &changes)?;
            emit(&m.set_thresholds(&viewer, &changes)?)
        })
    }

    /// The current per-role display settings.
    #[napi]
    pub fn display_settings(&self) -> napi::Result<String> {
        self.inner.with(|m| emit(&m.display_settings()))
    }

    /// The current warning thresholds.
    #[napi]
    pub fn thresholds(&self) -> napi::Result<String> {
        self.inner.with(|m| emit(&m.thresholds()))
    }

    /// The metric catalog (built-in and tenant-defined metrics).
    #[napi]
    pub fn catalog(&self) -> napi::Result<String> {
        self.inner.with(|m| emit(m.catalog()))
    }
}
