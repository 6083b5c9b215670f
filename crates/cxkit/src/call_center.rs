//! [`CallCenter`]: the live call center of one tenant — the agent board
//! (cxkit-agents) and the call tracker (cxkit-calls) fed by one event stream.
//!
//! Agent events and call events share one JSON shape (`{"type": …}`); call
//! lifecycle events have types in the `call.` namespace (`call.arrived`,
//! `call.queued`, …), every other type is an agent event.

use crate::config::Config;
use crate::error::{Error, Result};
use cxkit_core::Tenant;
use std::sync::Arc;

/// The live call center of one tenant.
#[derive(Debug, Clone)]
pub struct CallCenter {
    pub(crate) tenant: Arc<Tenant>,
    pub(crate) board: cxkit_agents::Board,
    pub(crate) calls: cxkit_calls::CallTracker,
}

impl CallCenter {
    /// A call center for `config`, every agent offline and no call in the system.
    pub fn new(config: &Config) -> Result<Self> {
        let tenant = config.tenant()?;
        let board = cxkit_agents::Board::new(tenant.clone(), &config.agents).map_err(Error::from)?;
        let calls = cxkit_calls::CallTracker::new(&tenant, &config.calls).map_err(Error::from)?;
        Ok(CallCenter { tenant, board, calls })
    }

    /// The validated tenant.
    pub fn tenant(&self) -> &Tenant {
        &self.tenant
    }
}

impl From<cxkit_agents::AgentError> for Error {
    fn from(e: cxkit_agents::AgentError) -> Self {
        match e {
            cxkit_agents::AgentError::Core(c) => c.into(),
            #[allow(unreachable_patterns)]
            other => Error::Internal { message: other.to_string() },
        }
    }
}
