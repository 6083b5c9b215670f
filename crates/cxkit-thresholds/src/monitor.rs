//! The all-agents monitor (全部客服监控, WM1, WM2): the rules put together.
//!
//! [`WorkplaceMonitor`] owns the catalog, the display settings and the
//! thresholds of one tenant, and evaluates views. Rows are per (agent, kind):
//! a call agent has a call row, an online agent an online row, an agent of
//! kind `both` one of each (call first) — each with its role's list of that
//! kind, so a row never holds more than four cells nor mixes kinds.
//!
//! Speed (the bench asks for 100k agents × 4 metrics in ≤ 5 ms): the roster
//! is sorted once by the pre-order number of each agent's org unit, so the
//! agents of a unit and all its descendants are one contiguous slice found by
//! two binary searches, and a filtered view costs time proportional to the
//! subtree, not the tenant. Settings are resolved per role (few) into
//! fixed-size id lists whenever they change; values live in a dense
//! [`ValueTable`]; thresholds are an array by metric id. The hot loop
//! therefore allocates once (the row vector) and never hashes.

use crate::MonitorConfig;
use crate::access::{self, Access, Viewer};
use crate::catalog::{Catalog, MetricDef, MetricId, MetricKind};
use crate::display::{DisplayConfig, DisplayEntry, DisplaySettings, MAX_DISPLAYED};
use crate::error::MonitorError;
use crate::threshold::{Level, ThresholdChange, ThresholdSpec, ThresholdTable};
use crate::values::{ValueTable, Values};
use cxkit_core::{AgentProfile, OrgUnitId, Role, Tenant};
use serde::ser::{SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};
use std::collections::HashMap;
use std::sync::Arc;

/// A role's list of one kind, resolved to ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ResolvedList {
    ids: [MetricId; MAX_DISPLAYED],
    len: u8,
}

impl ResolvedList {
    fn new(ids: &[MetricId]) -> Self {
        let mut out = ResolvedList {
            ids: [MetricId(0); MAX_DISPLAYED],
            len: 0,
        };
        // Settings are validated to hold ≤ MAX_DISPLAYED ids; `zip` keeps
        // this total even if that ever changed.
        for (slot, &id) in out.ids.iter_mut().zip(ids) {
            *slot = id;
            out.len += 1;
        }
        out
    }
    fn ids(&self) -> &[MetricId] {
        &self.ids[..self.len as usize]
    }
}

/// One roster agent in view order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Slot {
    /// Roster position.
    pos: u32,
    /// Index into `WorkplaceMonitor::roles`.
    role: u32,
    call: bool,
    online: bool,
}

/// The workplace monitor of one tenant.
#[derive(Debug, Clone)]
pub struct WorkplaceMonitor {
    tenant: Arc<Tenant>,
    catalog: Catalog,
    display: DisplaySettings,
    thresholds: ThresholdTable,
    /// Agents sorted by (pre-order number of their unit, roster position);
    /// agents without a unit last.
    order: Vec<Slot>,
    /// `order[i]`'s unit pre-order number (`u32::MAX` without a unit).
    order_key: Vec<u32>,
    /// Roster position → index in `order` (the value table's row order).
    rank: Arc<[u32]>,
    /// The distinct roles of the roster.
    roles: Vec<Role>,
    /// Per role index: the call list and the online list.
    lists: Vec<[ResolvedList; 2]>,
    /// Per kind: whether any roster agent has rows of that kind.
    kinds: [bool; 2],
}

impl WorkplaceMonitor {
    /// Builds the monitor of `tenant` from the `monitor` configuration
    /// section. Errors are `Config` errors naming the field.
    pub fn new(tenant: Arc<Tenant>, config: &MonitorConfig) -> Result<Self, MonitorError> {
        let catalog = Catalog::from_config(&config.custom_metrics)?;
        let display = DisplaySettings::new(&catalog, &config.display)?;
        let thresholds = ThresholdTable::new(&catalog, &config.thresholds)?;
        let mut roles: Vec<Role> = Vec::new();
        let mut role_index: HashMap<&Role, u32> = HashMap::new();
        let mut keyed: Vec<(u32, Slot)> = Vec::with_capacity(tenant.config.agents.len());
        for (pos, a) in tenant.config.agents.iter().enumerate() {
            let role = *role_index.entry(&a.role).or_insert_with(|| {
                roles.push(a.role.clone());
                roles.len() as u32 - 1
            });
            let key = a
                .org_unit
                .as_ref()
                .and_then(|u| tenant.org.position(u).ok())
                .map_or(u32::MAX, |p| tenant.org.preorder(p));
            keyed.push((
                key,
                Slot {
                    pos: pos as u32,
                    role,
                    call: a.kind.is_call(),
                    online: a.kind.is_online(),
                },
            ));
        }
        // Stable: agents of one unit keep roster order.
        keyed.sort_by_key(|(k, _)| *k);
        let (order_key, order): (Vec<u32>, Vec<Slot>) = keyed.into_iter().unzip();
        let kinds = [order.iter().any(|s| s.call), order.iter().any(|s| s.online)];
        let mut rank = vec![0u32; order.len()];
        for (i, s) in order.iter().enumerate() {
            if let Some(r) = rank.get_mut(s.pos as usize) {
                *r = i as u32;
            }
        }
        let mut m = WorkplaceMonitor {
            rank: rank.into(),
            tenant,
            catalog,
            display,
            thresholds,
            order,
            order_key,
            roles,
            lists: Vec::new(),
            kinds,
        };
        m.resolve_lists();
        Ok(m)
    }

    fn resolve_lists(&mut self) {
        self.lists = self
            .roles
            .iter()
            .map(|r| MetricKind::ALL.map(|k| ResolvedList::new(self.display.list(r, k))))
            .collect();
    }

    /// The tenant.
    pub fn tenant(&self) -> &Tenant {
        &self.tenant
    }

    /// The metric catalog.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// Whether any agent of the roster has rows of `kind` (serves calls,
    /// resp. chats), without a pass over the roster.
    pub fn has_agents_of(&self, kind: MetricKind) -> bool {
        self.kinds[kind.index()]
    }

    /// The catalog's metrics, built-ins first.
    pub fn metrics(&self) -> &[MetricDef] {
        self.catalog.metrics()
    }

    /// The display settings in their JSON shape.
    pub fn display_settings(&self) -> DisplayConfig {
        self.display.to_config(&self.catalog)
    }

    /// The thresholds in their JSON shape.
    pub fn thresholds(&self) -> Vec<ThresholdSpec> {
        self.thresholds.to_specs(&self.catalog)
    }

    /// The threshold table.
    pub fn threshold_table(&self) -> &ThresholdTable {
        &self.thresholds
    }

    /// Checks WM5 for `viewer`.
    pub fn access(&self, viewer: &Viewer) -> Result<Access, MonitorError> {
        access::check(&self.tenant, viewer)
    }

    /// Changes display lists (WM3) as `viewer`: the viewer must have access
    /// and see each changed kind; the whole change is validated first and
    /// applied all or nothing.
    pub fn set_display(
        &mut self,
        viewer: &Viewer,
        changes: &[DisplayEntry],
    ) -> Result<(), MonitorError> {
        let a = self.access(viewer)?;
        for c in changes {
            access::check_kind(viewer, &a, c.kind)?;
        }
        self.display.apply(&self.catalog, changes)?;
        self.resolve_lists();
        Ok(())
    }

    /// Changes thresholds (WM4) as `viewer`, all or nothing; a call admin
    /// may change call metrics only, an online admin online metrics only.
    pub fn set_thresholds(
        &mut self,
        viewer: &Viewer,
        changes: &[ThresholdChange],
    ) -> Result<(), MonitorError> {
        let a = self.access(viewer)?;
        for c in changes {
            if let Some(id) = self.catalog.id(&c.metric) {
                access::check_kind(viewer, &a, self.catalog.def(id).kind)?;
            }
        }
        self.thresholds.apply(&self.catalog, changes)
    }

    /// An empty value table for this tenant and catalog.
    pub fn value_table(&self) -> ValueTable {
        ValueTable::new(self.catalog.len(), self.rank.clone())
    }

    /// Validates [`Values`] into a [`ValueTable`].
    pub fn values(&self, values: &Values) -> Result<ValueTable, MonitorError> {
        let mut t = self.value_table();
        t.merge(&self.tenant, &self.catalog, values)?;
        Ok(t)
    }

    /// [`WorkplaceMonitor::values`] into a table kept by the caller: the
    /// table is cleared (or, if another monitor built it, replaced by a
    /// fresh one of this monitor) and `values` merged in. The result equals
    /// `values(values)`; a used table costs only its written columns to
    /// clear instead of a fresh allocation. On error the table is cleared.
    pub fn values_into(&self, values: &Values, table: &mut ValueTable) -> Result<(), MonitorError> {
        if self.owns(table) {
            table.clear();
        } else {
            *table = self.value_table();
        }
        table.merge(&self.tenant, &self.catalog, values)
    }

    /// Whether `table` was built by this monitor (same catalog width and
    /// roster order), so [`WorkplaceMonitor::view`] accepts it.
    pub fn owns(&self, table: &ValueTable) -> bool {
        table.width() == self.catalog.len() && Arc::ptr_eq(table.rank(), &self.rank)
    }

    /// Whether a view with `access` can show `metric`: it is in the list of
    /// a kind the viewer sees, for some role of the roster. A metric for
    /// which this is false is never read by the view, so a live source need
    /// not compute it.
    pub fn shows(&self, access: &Access, metric: MetricId) -> bool {
        self.lists.iter().any(|l| {
            MetricKind::ALL
                .iter()
                .any(|&k| access.sees(k) && l[k.index()].ids().contains(&metric))
        })
    }

    /// The view of `viewer`, optionally filtered to an org unit and its
    /// descendants, from JSON-shaped values.
    pub fn view_values(
        &self,
        viewer: &Viewer,
        org_unit: Option<&OrgUnitId>,
        values: &Values,
    ) -> Result<MonitorView<'_>, MonitorError> {
        let table = self.values(values)?;
        self.view(viewer, org_unit, &table)
    }

    /// The range of `order` covered by a unit (pre-order range).
    fn unit_range(&self, unit_pos: u32) -> std::ops::Range<usize> {
        let org = &self.tenant.org;
        let start = org.preorder(unit_pos);
        let id = &org.unit_at(unit_pos).id;
        let end = org.subtree_range(id).map_or(start + 1, |r| r.end);
        let lo = self.order_key.partition_point(|&k| k < start);
        let hi = self.order_key.partition_point(|&k| k < end);
        lo..hi.max(lo)
    }

    /// The view of `viewer` (WM1, WM2, WM5): one row per visible (agent,
    /// kind), the role's metrics in order, each with its level.
    ///
    /// `org_unit` filters to a unit and its descendants; an unknown unit is
    /// `UnknownEntity` (also in a tenant without an org structure, which
    /// otherwise sees everyone); a unit outside a bound viewer's own unit is
    /// `PermissionDenied`.
    pub fn view(
        &self,
        viewer: &Viewer,
        org_unit: Option<&OrgUnitId>,
        values: &ValueTable,
    ) -> Result<MonitorView<'_>, MonitorError> {
        let access = self.access(viewer)?;
        if !self.owns(values) {
            return Err(MonitorError::InvalidInput {
                field: "values".to_owned(),
                message: "value table was built by another monitor".to_owned(),
            });
        }
        let org = &self.tenant.org;
        let unit = match org_unit {
            None => access.unit,
            Some(u) => {
                let p = org.position(u).map_err(|_| MonitorError::UnknownEntity {
                    kind: "org_unit",
                    id: u.to_string(),
                })?;
                if let Some(own) = access.unit
                    && !org.is_within_pos(p, own)
                {
                    return Err(MonitorError::PermissionDenied {
                        role: viewer.role.to_string(),
                        permission: format!("org_unit:{}", org.unit_at(own).id),
                        message: format!(
                            "a viewer bound to org unit `{}` may not view unit `{u}`",
                            org.unit_at(own).id
                        ),
                    });
                }
                Some(p)
            }
        };
        let range = match unit {
            None => 0..self.order.len(),
            Some(p) => self.unit_range(p),
        };
        Ok(self.evaluate(access, range, values))
    }

    fn evaluate<'a>(
        &'a self,
        access: Access,
        range: std::ops::Range<usize>,
        values: &ValueTable,
    ) -> MonitorView<'a> {
        let start = range.start;
        let slice = self.order.get(range).unwrap_or(&[]);
        // Exact row count (one cheap sequential pass) so the row vector is
        // allocated once and not larger than needed.
        let n_rows = slice
            .iter()
            .map(|s| usize::from(s.call && access.call) + usize::from(s.online && access.online))
            .sum();
        let mut rows = Vec::with_capacity(n_rows);
        // Per role and kind: the list with its thresholds folded in (see
        // `Plan`), so the loop below neither looks a threshold up nor
        // branches on a level.
        let plans: Vec<[Plan; 2]> = self
            .lists
            .iter()
            .map(|l| {
                MetricKind::ALL.map(|k| Plan::new(&l[k.index()], &self.thresholds, access.sees(k)))
            })
            .collect();
        let (mut agents, mut flagged_agents, mut flagged_cells, mut critical_cells) =
            (0u32, 0u32, 0u32, 0u32);
        for (offset, s) in slice.iter().enumerate() {
            let idx = start + offset;
            let Some(role_plans) = plans.get(s.role as usize) else {
                continue;
            };
            let mut shown = false;
            let mut flagged = 0u32;
            for (kind, serves) in [(MetricKind::Call, s.call), (MetricKind::Online, s.online)] {
                let plan = &role_plans[kind.index()];
                if !(serves && plan.visible) {
                    continue;
                }
                shown = true;
                let cells = std::array::from_fn(|k| {
                    if k >= plan.len as usize {
                        return Cell::EMPTY;
                    }
                    let value = values.raw_at(idx, plan.ids[k]);
                    let level = plan.level(k, value);
                    flagged += u32::from(level != Level::Normal);
                    critical_cells += u32::from(level == Level::Critical);
                    Cell {
                        metric: plan.ids[k],
                        level,
                        value,
                    }
                });
                rows.push(Row {
                    agent: s.pos,
                    kind,
                    len: plan.len,
                    cells,
                });
            }
            flagged_cells += flagged;
            agents += u32::from(shown);
            flagged_agents += u32::from(flagged > 0);
        }
        MonitorView {
            monitor: self,
            rows,
            agents,
            flagged_agents,
            flagged_cells,
            critical_cells,
        }
    }
}

/// A role's list of one kind as the view loop needs it: ids, and each
/// threshold turned into "higher is worse" form — a value `v` is past a
/// level `t` iff `sign·v > sign·t` (negation is exact, and NaN compares
/// false either way), with `+∞` for an absent level (values are finite) —
/// so a level costs two compares and no lookup (same result as
/// [`ThresholdTable::level`]).
#[derive(Debug, Clone, Copy)]
struct Plan {
    ids: [MetricId; MAX_DISPLAYED],
    sign: [f64; MAX_DISPLAYED],
    warning: [f64; MAX_DISPLAYED],
    critical: [f64; MAX_DISPLAYED],
    len: u8,
    /// Whether the viewer sees this kind.
    visible: bool,
}

impl Plan {
    fn new(list: &ResolvedList, thresholds: &ThresholdTable, visible: bool) -> Self {
        let mut p = Plan {
            ids: list.ids,
            sign: [1.0; MAX_DISPLAYED],
            warning: [f64::INFINITY; MAX_DISPLAYED],
            critical: [f64::INFINITY; MAX_DISPLAYED],
            len: list.len,
            visible,
        };
        for (k, &id) in list.ids().iter().enumerate() {
            if let Some(t) = thresholds.get(id) {
                let sign = match t.direction {
                    crate::catalog::Direction::HigherIsWorse => 1.0,
                    crate::catalog::Direction::LowerIsWorse => -1.0,
                };
                p.sign[k] = sign;
                p.warning[k] = sign * t.warning;
                p.critical[k] = t.critical.map_or(f64::INFINITY, |c| sign * c);
            }
        }
        p
    }

    /// `Threshold::level` of cell `k`: critical first, then warning.
    #[inline]
    fn level(&self, k: usize, value: f64) -> Level {
        let v = self.sign[k] * value;
        if v > self.critical[k] {
            Level::Critical
        } else if v > self.warning[k] {
            Level::Warning
        } else {
            Level::Normal
        }
    }
}

/// One cell of a row: a metric, its value (missing → `null`) and level.
///
/// Packed to 12 bytes (4-byte aligned) instead of 16: a 100k-agent view
/// writes 100k rows, and the bytes written are most of its time.
#[derive(Debug, Clone, Copy, PartialEq)]
#[repr(C, packed(4))]
pub struct Cell {
    metric: MetricId,
    level: Level,
    /// NaN when missing.
    value: f64,
}

impl Cell {
    const EMPTY: Cell = Cell {
        metric: MetricId(0),
        level: Level::Normal,
        value: f64::NAN,
    };
    /// The metric.
    pub fn metric(&self) -> MetricId {
        self.metric
    }
    /// The value; `None` when missing (never zero).
    pub fn value(&self) -> Option<f64> {
        (!self.value.is_nan()).then_some(self.value)
    }
    /// The level (missing values and metrics without threshold are normal).
    pub fn level(&self) -> Level {
        self.level
    }
}

/// One row: an agent's metrics of one kind.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Row {
    agent: u32,
    kind: MetricKind,
    len: u8,
    cells: [Cell; MAX_DISPLAYED],
}

impl Row {
    /// The agent's roster position.
    pub fn agent_position(&self) -> u32 {
        self.agent
    }
    /// The kind of the row (and of every cell).
    pub fn kind(&self) -> MetricKind {
        self.kind
    }
    /// The cells in display order (≤ 4).
    pub fn cells(&self) -> &[Cell] {
        &self.cells[..self.len as usize]
    }
}

/// A monitor view. Serializes as
/// `{"rows": [{"agent", "name", "role", "org_unit", "kind", "cells": [{"metric", "value", "level"}]}],
///   "agents", "flagged_agents", "flagged_cells", "critical_cells"}`.
#[derive(Debug, Clone)]
pub struct MonitorView<'a> {
    monitor: &'a WorkplaceMonitor,
    rows: Vec<Row>,
    agents: u32,
    flagged_agents: u32,
    flagged_cells: u32,
    critical_cells: u32,
}

impl<'a> MonitorView<'a> {
    /// The rows, in org pre-order, then roster order; call row before online row.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }
    /// Distinct agents shown.
    pub fn agents(&self) -> u32 {
        self.agents
    }
    /// Agents with at least one flagged (warning or critical) cell.
    pub fn flagged_agents(&self) -> u32 {
        self.flagged_agents
    }
    /// Cells at warning or critical level.
    pub fn flagged_cells(&self) -> u32 {
        self.flagged_cells
    }
    /// Cells at critical level.
    pub fn critical_cells(&self) -> u32 {
        self.critical_cells
    }
    /// The profile of a row's agent.
    pub fn agent(&self, row: &Row) -> Option<&'a AgentProfile> {
        self.monitor.tenant.config.agents.get(row.agent as usize)
    }
    /// The key of a cell's metric.
    pub fn metric_key(&self, cell: &Cell) -> &'a str {
        &self.monitor.catalog.def(cell.metric).key
    }
}

struct CellJson<'a>(&'a Catalog, &'a Cell);
impl Serialize for CellJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Cell", 3)?;
        st.serialize_field("metric", &self.0.def(self.1.metric).key)?;
        st.serialize_field("value", &self.1.value())?;
        st.serialize_field("level", &self.1.level)?;
        st.end()
    }
}

struct CellsJson<'a>(&'a Catalog, &'a [Cell]);
impl Serialize for CellsJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.1.len()))?;
        for c in self.1 {
            seq.serialize_element(&CellJson(self.0, c))?;
        }
        seq.end()
    }
}

struct RowJson<'a>(&'a WorkplaceMonitor, &'a Row);
impl Serialize for RowJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (m, row) = (self.0, self.1);
        let profile = m.tenant.config.agents.get(row.agent as usize);
        let mut st = s.serialize_struct("Row", 6)?;
        st.serialize_field("agent", &profile.map(|p| &p.id))?;
        st.serialize_field("name", &profile.map(|p| p.name.as_str()))?;
        st.serialize_field("role", &profile.map(|p| &p.role))?;
        st.serialize_field("org_unit", &profile.and_then(|p| p.org_unit.as_ref()))?;
        st.serialize_field("kind", &row.kind)?;
        st.serialize_field("cells", &CellsJson(&m.catalog, row.cells()))?;
        st.end()
    }
}

struct RowsJson<'a>(&'a WorkplaceMonitor, &'a [Row]);
impl Serialize for RowsJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.1.len()))?;
        for r in self.1 {
            seq.serialize_element(&RowJson(self.0, r))?;
        }
        seq.end()
    }
}

impl Serialize for MonitorView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("MonitorView", 5)?;
        st.serialize_field("rows", &RowsJson(self.monitor, &self.rows))?;
        st.serialize_field("agents", &self.agents)?;
        st.serialize_field("flagged_agents", &self.flagged_agents)?;
        st.serialize_field("flagged_cells", &self.flagged_cells)?;
        st.serialize_field("critical_cells", &self.critical_cells)?;
        st.end()
    }
}
