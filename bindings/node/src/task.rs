//! [`JsonTask`]: batch work that runs on the libuv thread pool and settles a
//! JS Promise with JSON text, so a long replay never blocks the event loop.

use crate::guard;
use napi::{Env, Task};

/// The work of one task: a closure producing the result's JSON text.
type Work = Box<dyn FnOnce() -> cxkit::Result<String> + Send>;

/// One unit of off-thread work (napi `AsyncTask`), run inside [`guard`] so an
/// error rejects the Promise with a `CxkitError` and a panic with `INTERNAL`.
pub struct JsonTask {
    work: Option<Work>,
}

impl JsonTask {
    /// A task that will run `work` once on the thread pool.
    pub(crate) fn new(work: impl FnOnce() -> cxkit::Result<String> + Send + 'static) -> Self {
        JsonTask {
            work: Some(Box::new(work)),
        }
    }
}

impl Task for JsonTask {
    type Output = String;
    type JsValue = String;

    fn compute(&mut self) -> napi::Result<String> {
        let work = self.work.take();
        guard(move || match work {
            Some(work) => work(),
            None => Err(cxkit::Error::Internal {
                message: "task ran twice".to_owned(),
            }),
        })
    }

    fn resolve(&mut self, _env: Env, output: String) -> napi::Result<String> {
        Ok(output)
    }
}
