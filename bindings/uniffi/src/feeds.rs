//! [`Feed`] (FD3): a telephony source's text in, cxkit events out — the
//! facade's `cxkit::feeds_api`, nothing more (the translators live in
//! `cxkit-feeds`). `CallCenter::apply_feed_json` applies what a chunk
//! completes. Results cross as JSON in the shape of the Rust types
//! (`docs/feeds.md`), like the call center's other server-side views.

use crate::error::CxError;
use crate::guard::{guard, lock};
use crate::to_json;
use crate::types::Timestamp;
use std::sync::{Arc, Mutex};

/// A feed of one telephony source: text in chunks of any size (a line or an
/// AMI frame split between chunks waits for the rest), events out. The feed
/// is its own lock: its partial line and the translator's call state change
/// with every chunk.
#[derive(uniffi::Object)]
pub struct Feed {
    pub(crate) inner: Mutex<cxkit::feeds::Feed>,
}

impl std::fmt::Debug for Feed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Feed").finish_non_exhaustive()
    }
}

#[uniffi::export]
impl Feed {
    /// A feed of `source` (`asterisk-queue-log`, `asterisk-ami`,
    /// `freeswitch`, `connect`); `time_zone` (IANA, default UTC) is the zone
    /// of queue_log database rows' text times. `InvalidInput` naming
    /// `source` or `time_zone`.
    #[uniffi::constructor(default(time_zone = None))]
    pub fn new(source: String, time_zone: Option<String>) -> Result<Arc<Self>, CxError> {
        guard(|| {
            Ok(Arc::new(Feed {
                inner: Mutex::new(cxkit::feeds_api::open_feed(&source, time_zone.as_deref())?),
            }))
        })
    }

    /// The source's name.
    pub fn source(&self) -> Result<String, CxError> {
        guard(|| Ok(lock(&self.inner, "feed")?.source().as_str().to_owned()))
    }

    /// Translates a chunk without a call center; `now` times AMI frames
    /// without a `Timestamp:` header. JSON `{"records", "events",
    /// "skipped": [{"record", "code", "message"}]}`.
    #[uniffi::method(default(now = None))]
    pub fn push_json(&self, text: String, now: Option<Timestamp>) -> Result<String, CxError> {
        guard(|| {
            let mut f = lock(&self.inner, "feed")?;
            to_json(&cxkit::feeds_api::translate(&mut f, &text, now))
        })
    }

    /// Ends the input (the last line, an open frame, held queue_log exits);
    /// same JSON as [`Feed::push_json`].
    #[uniffi::method(default(now = None))]
    pub fn finish_json(&self, now: Option<Timestamp>) -> Result<String, CxError> {
        guard(|| {
            let mut f = lock(&self.inner, "feed")?;
            to_json(&cxkit::feeds_api::finish(&mut f, now))
        })
    }
}
