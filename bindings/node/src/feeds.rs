//! [`NativeFeed`] (FD3): a telephony source's text in, cxkit events out —
//! the facade's `cxkit::feeds_api`, nothing more (the translators live in
//! `cxkit-feeds`). `NativeCallCenter::apply_feed` applies what a chunk
//! completes. The text crosses as a plain string (it is the payload, not a
//! value to decode); `now` and the names as JSON, like every argument.

use crate::{Guarded, emit, guard, parse};
use cxkit::core::Timestamp;
use napi_derive::napi;

/// `Feed`: one source's text in chunks of any size.
#[napi]
pub struct NativeFeed {
    pub(crate) inner: Guarded<cxkit::feeds::Feed>,
}

/// The optional `now` argument (JSON: `null` or an RFC 3339 string).
pub(crate) fn now_arg(now: &str) -> cxkit::Result<Option<Timestamp>> {
    parse("now", now)
}

#[napi]
impl NativeFeed {
    /// A feed of `source` (JSON string: `asterisk-queue-log`,
    /// `asterisk-ami`, `freeswitch`, `connect`); `time_zone` (JSON: `null`
    /// or an IANA name) is the zone of queue_log rows' text times.
    #[napi(constructor)]
    pub fn new(source: String, time_zone: String) -> napi::Result<Self> {
        guard(|| {
            let source: String = parse("source", &source)?;
            let zone: Option<String> = parse("time_zone", &time_zone)?;
            Ok(NativeFeed {
                inner: Guarded::new(cxkit::feeds_api::open_feed(&source, zone.as_deref())?),
            })
        })
    }

    /// The source's name.
    #[napi]
    pub fn source(&self) -> napi::Result<String> {
        self.inner.with(|f| Ok(f.source().as_str().to_owned()))
    }

    /// Translates a chunk; returns the `FeedOutput` JSON (`records`,
    /// `events`, `skipped`).
    #[napi]
    pub fn push(&self, text: String, now: String) -> napi::Result<String> {
        self.inner.with(|f| {
            let now = now_arg(&now)?;
            emit(&cxkit::feeds_api::translate(f, &text, now))
        })
    }

    /// Ends the input (last line, open frame, held queue_log exits);
    /// returns the `FeedOutput` JSON.
    #[napi]
    pub fn finish(&self, now: String) -> napi::Result<String> {
        self.inner.with(|f| {
            let now = now_arg(&now)?;
            emit(&cxkit::feeds_api::finish(f, now))
        })
    }
}
