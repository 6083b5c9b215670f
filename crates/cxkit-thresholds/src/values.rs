//! Metric values of the agents being monitored.
//!
//! The JSON shape is `{agent_id: {metric_key: number | null}}`; a metric that
//! is absent (or `null`) is *missing* and shows as `null`, never as zero — a
//! zero would look like a good or bad value it is not. NaN and ±∞ are
//! rejected (`InvalidInput` naming agent and metric), as are unknown agents
//! and metric keys (a typo must not silently show an empty cell).
//!
//! The view does not read this map: it is converted once into a
//! [`ValueTable`], a dense metrics × agents array, so a view of 100k agents
//! never hashes a string.

use crate::catalog::{Catalog, MetricId};
use crate::error::MonitorError;
use cxkit_core::{AgentId, Tenant};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Values as given: `{agent_id: {metric_key: number | null}}`.
pub type Values = BTreeMap<AgentId, BTreeMap<String, Option<f64>>>;

/// Dense metric values, built by [`crate::WorkplaceMonitor::values`] or
/// [`crate::WorkplaceMonitor::value_table`].
///
/// Layout (why): one column per catalog metric, and inside a column the
/// agents in the monitor's *view order* (org pre-order), not roster order.
/// A view then reads each displayed column front to back — a handful of
/// sequential streams instead of one cache miss per agent, which is what
/// keeps 100k agents within a few milliseconds. A missing value is stored as
/// NaN, which callers can never store (it is rejected on input), so it is
/// free to mean "missing".
///
/// Reuse (why): a table of 100k agents × 16 metrics is 12.8 MB, and a live
/// view that allocates and fills a fresh one each time spends most of its
/// time on fresh memory. [`ValueTable::clear`] makes a used table equal to
/// a fresh one again at the cost of the columns written since (each column
/// remembers whether it was), so a dashboard can keep one table.
#[derive(Debug, Clone)]
pub struct ValueTable {
    width: usize,
    /// Number of agents (rows per column).
    n: usize,
    /// Roster position → view-order index; shared with the monitor that
    /// built the table, which checks it is its own.
    rank: Arc<[u32]>,
    data: Vec<f64>,
    /// Per column: written since the table was made or cleared (a clean
    /// column holds only NaN).
    dirty: Vec<bool>,
    /// View-order index → roster position (`rank` inverted), built by the
    /// first [`ValueTable::set_column`].
    inverse: Vec<u32>,
}

/// Equal values (the write marks are bookkeeping, not content).
impl PartialEq for ValueTable {
    fn eq(&self, other: &Self) -> bool {
        self.width == other.width
            && self.n == other.n
            && self.rank == other.rank
            && self.data == other.data
    }
}

impl ValueTable {
    /// A table with every value missing.
    pub(crate) fn new(width: usize, rank: Arc<[u32]>) -> Self {
        let n = rank.len();
        ValueTable {
            width,
            n,
            rank,
            data: vec![f64::NAN; width * n],
            dirty: vec![false; width],
            inverse: Vec::new(),
        }
    }

    /// Makes every value missing again: afterwards the table equals a fresh
    /// one of its monitor. Costs the columns written since the last clear.
    pub fn clear(&mut self) {
        let n = self.n;
        for (c, dirty) in self.dirty.iter_mut().enumerate() {
            if std::mem::take(dirty)
                && let Some(col) = self.data.get_mut(c * n..(c + 1) * n)
            {
                col.fill(f64::NAN);
            }
        }
    }

    fn mark(&mut self, metric: MetricId) {
        if let Some(d) = self.dirty.get_mut(metric.index()) {
            *d = true;
        }
    }

    pub(crate) fn rank(&self) -> &Arc<[u32]> {
        &self.rank
    }

    fn index(&self, agent_position: u32, metric: MetricId) -> Option<usize> {
        let r = *self.rank.get(agent_position as usize)? as usize;
        (metric.index() < self.width).then(|| metric.index() * self.n + r)
    }

    /// Sets the values of `values` (a `null` clears one). Everything is
    /// validated first; on error nothing changed.
    pub fn merge(
        &mut self,
        tenant: &Tenant,
        catalog: &Catalog,
        values: &Values,
    ) -> Result<(), MonitorError> {
        let mut updates = Vec::new();
        for (agent, metrics) in values {
            let pos = tenant
                .agent_position(agent)
                .map_err(|_| MonitorError::UnknownEntity {
                    kind: "agent",
                    id: agent.to_string(),
                })?;
            for (key, v) in metrics {
                let id = catalog.id(key).ok_or_else(|| MonitorError::UnknownEntity {
                    kind: "metric",
                    id: key.clone(),
                })?;
                let v = match v {
                    None => f64::NAN,
                    Some(v) if v.is_finite() => *v,
                    Some(v) => {
                        return Err(MonitorError::InvalidInput {
                            field: format!("values.{agent}.{key}"),
                            message: format!(
                                "value of `{key}` for agent `{agent}` must be a finite number, got {v}"
                            ),
                        });
                    }
                };
                let i = self
                    .index(pos, id)
                    .ok_or_else(|| MonitorError::InvalidInput {
                        field: "values".to_owned(),
                        message: "value table was built for another monitor".to_owned(),
                    })?;
                updates.push((i, id, v));
            }
        }
        for (i, id, v) in updates {
            if let Some(slot) = self.data.get_mut(i) {
                *slot = v;
            }
            self.mark(id);
        }
        Ok(())
    }

    /// Sets one value by roster position; `None` clears it. NaN/∞ are refused.
    pub fn set(
        &mut self,
        agent_position: u32,
        metric: MetricId,
        value: Option<f64>,
    ) -> Result<(), MonitorError> {
        let v = match value {
            None => f64::NAN,
            Some(v) if v.is_finite() => v,
            Some(v) => {
                return Err(MonitorError::InvalidInput {
                    field: format!("values[{agent_position}]"),
                    message: format!("metric values must be finite numbers, got {v}"),
                });
            }
        };
        match self
            .index(agent_position, metric)
            .and_then(|i| self.data.get_mut(i))
        {
            Some(slot) => {
                *slot = v;
                self.mark(metric);
                Ok(())
            }
            None => Err(MonitorError::UnknownEntity {
                kind: "agent",
                id: agent_position.to_string(),
            }),
        }
    }

    /// Sets every agent's value of `metric` from `values`, indexed by
    /// roster position, NaN meaning missing (the dense form of `None`):
    /// the fast path for a live source that computes a metric for the whole
    /// roster at once. `values` must hold one value per agent; ±∞ is
    /// refused. On error nothing changed.
    ///
    /// Why a column: the source has its agents in roster order, the table
    /// in view order. Writing agent by agent scatters each value onto a
    /// cache line of its own, across every written column at once (2 ms
    /// of a 100k × 4 view); one column at a time is a sequential write
    /// and a gather from a source small enough to stay in the core's cache.
    pub fn set_column(&mut self, metric: MetricId, values: &[f64]) -> Result<(), MonitorError> {
        let n = self.n;
        if metric.index() >= self.width {
            return Err(MonitorError::UnknownEntity {
                kind: "metric",
                id: metric.index().to_string(),
            });
        }
        if values.len() != n {
            return Err(MonitorError::InvalidInput {
                field: "values".to_owned(),
                message: format!(
                    "a column needs one value per agent: {n}, got {}",
                    values.len()
                ),
            });
        }
        if let Some(pos) = values.iter().position(|v| v.is_infinite()) {
            return Err(MonitorError::InvalidInput {
                field: format!("values[{pos}]"),
                message: format!("metric values must be finite numbers, got {}", values[pos]),
            });
        }
        if self.inverse.len() != n {
            let mut inverse = vec![0u32; n];
            for (pos, &r) in self.rank.iter().enumerate() {
                if let Some(x) = inverse.get_mut(r as usize) {
                    *x = pos as u32;
                }
            }
            self.inverse = inverse;
        }
        let start = metric.index() * n;
        if let Some(dst) = self.data.get_mut(start..start + n) {
            for (d, &pos) in dst.iter_mut().zip(&self.inverse) {
                *d = values.get(pos as usize).copied().unwrap_or(f64::NAN);
            }
        }
        self.mark(metric);
        Ok(())
    }

    /// The value of one agent (roster position) and metric; `None` if missing.
    pub fn get(&self, agent_position: u32, metric: MetricId) -> Option<f64> {
        let v = self
            .index(agent_position, metric)
            .and_then(|i| self.data.get(i))
            .copied()?;
        (!v.is_nan()).then_some(v)
    }

    /// The raw cell by view-order index: NaN when missing (or out of range).
    #[inline]
    pub(crate) fn raw_at(&self, order_index: usize, metric: MetricId) -> f64 {
        self.data
            .get(metric.index() * self.n + order_index)
            .copied()
            .unwrap_or(f64::NAN)
    }

    /// Number of metric columns.
    pub fn width(&self) -> usize {
        self.width
    }
}
