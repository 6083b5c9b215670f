//! Conformance ops of the ticket center (TK1, TK2); see `docs/tickets.md`.
//!
//! `tickets.create_ticket {ticket}`, `tickets.add_reply {ticket, agent,
//! visibility, text, at}`, `tickets.set_status {ticket, agent, status, at}`,
//! `tickets.close {ticket, agent, at}`, `tickets.message_records {customer,
//! channel}`, `tickets.ticket_detail {customer, channel, ticket}`,
//! `tickets.agent_view {ticket, agent}`.

use crate::{Harness, arg};
use cxkit::Error;
use cxkit::tickets::Tickets;
use serde_json::Value;

fn json<T: serde::Serialize>(v: T) -> Result<Value, Error> {
    serde_json::to_value(v).map_err(|e| Error::Internal {
        message: e.to_string(),
    })
}

pub fn dispatch(h: &mut Harness, op: &str, args: &Value) -> Option<Result<Value, Error>> {
    let method = op.strip_prefix("tickets.")?;
    Some((|| {
        let t = h.object("tickets", Tickets::new)?;
        match method {
            "create_ticket" => json(t.create_ticket(arg(args, "ticket")?)?),
            "add_reply" => json(t.add_reply(
                &arg(args, "ticket")?,
                &arg(args, "agent")?,
                arg(args, "visibility")?,
                &arg::<String>(args, "text")?,
                arg(args, "at")?,
            )?),
            "set_status" => json(t.set_status(
                &arg(args, "ticket")?,
                &arg(args, "agent")?,
                arg(args, "status")?,
                arg(args, "at")?,
            )?),
            "close" => json(t.close(
                &arg(args, "ticket")?,
                &arg(args, "agent")?,
                arg(args, "at")?,
            )?),
            "message_records" => {
                json(t.message_records(&arg(args, "customer")?, arg(args, "channel")?))
            }
            "ticket_detail" => json(t.ticket_detail(
                &arg(args, "customer")?,
                arg(args, "channel")?,
                &arg(args, "ticket")?,
            )?),
            "agent_view" => json(t.agent_view(&arg(args, "ticket")?, &arg(args, "agent")?)?),
            other => Err(Error::invalid_input(
                "op",
                format!("unknown op `tickets.{other}`"),
            )),
        }
    })())
}
