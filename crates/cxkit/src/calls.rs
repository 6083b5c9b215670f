//! The call side of [`crate::CallCenter`]: call tracker, outcomes, SMS
//! triggers, service calendar, trend and QA export (SMS1, CM1 1–2, CM3, QA1).
//! (Skeleton: the owning issue fills it in.)

use crate::call_center::{Applied, CallCenter};
use crate::error::{Error, Result};
use serde::Serialize;

/// A call that ended: its record, outcome and the SMS it triggers. (Skeleton.)
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EndedCall {}

impl CallCenter {
    /// Applies one call event. (Skeleton.)
    pub(crate) fn apply_call(&mut self, event: &cxkit_calls::CallEvent) -> Result<Applied> {
        let _ = event;
        Err(Error::invalid_input("event", "call events are not implemented yet"))
    }
}

impl From<cxkit_calls::CallError> for Error {
    fn from(e: cxkit_calls::CallError) -> Self {
        match e {
            cxkit_calls::CallError::Core(c) => c.into(),
            #[allow(unreachable_patterns)]
            other => Error::Internal { message: other.to_string() },
        }
    }
}
