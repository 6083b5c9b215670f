//! `cxkit.Tickets`: the ticket center (TK1, TK2) — customers' message
//! records and ticket detail, agent replies (public or internal), status
//! changes and the close permission.

use crate::convert::{arg, build, json, to_py};
use crate::errors::guarded;
use crate::shared::Shared;
use cxkit::core::{AgentId, Channel, CustomerId, TicketId, Timestamp};
use cxkit::ticket_rules::{NewTicket, TicketStatus, Visibility};
use pyo3::prelude::*;

/// The ticket center of one tenant.
#[pyclass(frozen, module = "cxkit._cxkit", name = "Tickets")]
pub(crate) struct Tickets {
    inner: Shared<cxkit::tickets::Tickets>,
}

#[pymethods]
impl Tickets {
    /// An empty ticket center for `config` (dict, path, or `None`).
    #[new]
    #[pyo3(signature = (config=None))]
    fn new(py: Python<'_>, config: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        guarded(py, || {
            Ok(Tickets {
                inner: build(py, config, cxkit::tickets::Tickets::new)?,
            })
        })
    }

    /// A customer creates a ticket (`{"id"?, "customer", "channel", "title",
    /// "at", ...}`); returns its summary (status `new`).
    fn create_ticket(&self, py: Python<'_>, ticket: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let t: NewTicket = arg(py, ticket, "ticket")?;
            let v = self.inner.with(py, move |b| b.create_ticket(t))?;
            to_py(py, &v)
        })
    }

    /// `agent` replies to `ticket` with `visibility` `"public"` or
    /// `"internal"` (needs `ticket_reply`).
    fn add_reply(
        &self,
        py: Python<'_>,
        ticket: &Bound<'_, PyAny>,
        agent: &Bound<'_, PyAny>,
        visibility: &Bound<'_, PyAny>,
        text: &str,
        at: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let id: TicketId = arg(py, ticket, "ticket")?;
            let agent: AgentId = arg(py, agent, "agent")?;
            let vis: Visibility = arg(py, visibility, "visibility")?;
            let at: Timestamp = arg(py, at, "at")?;
            let text = text.to_owned();
            let v = self
                .inner
                .with(py, move |b| b.add_reply(&id, &agent, vis, &text, at))?;
            to_py(py, &v)
        })
    }

    /// `agent` moves `ticket` to `status` (closing needs `ticket_close`).
    fn set_status(
        &self,
        py: Python<'_>,
        ticket: &Bound<'_, PyAny>,
        agent: &Bound<'_, PyAny>,
        status: &Bound<'_, PyAny>,
        at: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let id: TicketId = arg(py, ticket, "ticket")?;
            let agent: AgentId = arg(py, agent, "agent")?;
            let status: TicketStatus = arg(py, status, "status")?;
            let at: Timestamp = arg(py, at, "at")?;
            let v = self
                .inner
                .with(py, move |b| b.set_status(&id, &agent, status, at))?;
            to_py(py, &v)
        })
    }

    /// `agent` closes `ticket` (TK2: needs `ticket_close`).
    fn close(
        &self,
        py: Python<'_>,
        ticket: &Bound<'_, PyAny>,
        agent: &Bound<'_, PyAny>,
        at: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let id: TicketId = arg(py, ticket, "ticket")?;
            let agent: AgentId = arg(py, agent, "agent")?;
            let at: Timestamp = arg(py, at, "at")?;
            let v = self.inner.with(py, move |b| b.close(&id, &agent, at))?;
            to_py(py, &v)
        })
    }

    /// The customer's message records, latest update first.
    fn message_records(
        &self,
        py: Python<'_>,
        customer: &Bound<'_, PyAny>,
        channel: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let customer: CustomerId = arg(py, customer, "customer")?;
            let channel: Channel = arg(py, channel, "channel")?;
            let v = self
                .inner
                .with(py, move |b| Ok(b.message_records(&customer, channel)))?;
            to_py(py, &v)
        })
    }

    /// One of the customer's tickets as seen from `channel` (TK1); another
    /// customer's ticket is `UnknownEntity`, like a nonexistent one.
    fn ticket_detail(
        &self,
        py: Python<'_>,
        customer: &Bound<'_, PyAny>,
        channel: &Bound<'_, PyAny>,
        ticket: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let customer: CustomerId = arg(py, customer, "customer")?;
            let channel: Channel = arg(py, channel, "channel")?;
            let id: TicketId = arg(py, ticket, "ticket")?;
            let v = self.inner.with(py, move |b| {
                json(&b.ticket_detail(&customer, channel, &id)?)
            })?;
            to_py(py, &v)
        })
    }

    /// Everything about a ticket for a roster agent, internal notes marked.
    fn agent_view(
        &self,
        py: Python<'_>,
        ticket: &Bound<'_, PyAny>,
        agent: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        guarded(py, || {
            let id: TicketId = arg(py, ticket, "ticket")?;
            let agent: AgentId = arg(py, agent, "agent")?;
            let v = self
                .inner
                .with(py, move |b| json(&b.agent_view(&id, &agent)?))?;
            to_py(py, &v)
        })
    }
}
