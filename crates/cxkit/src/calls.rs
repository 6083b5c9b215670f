//! The call side of [`crate::CallCenter`]: call tracker, outcomes, SMS
//! triggers, service calendar, trend and QA export (SMS1, CM1 1–2, CM3, QA1).
//! (Skeleton: the owning issue fills it in.)

use crate::error::Error;

impl From<cxkit_calls::CallError> for Error {
    fn from(e: cxkit_calls::CallError) -> Self {
        match e {
            cxkit_calls::CallError::Core(c) => c.into(),
            #[allow(unreachable_patterns)]
            other => Error::Internal { message: other.to_string() },
        }
    }
}
