//! Conformance ops of this area. (Skeleton: the owning issue fills it in.)

use crate::Harness;
use cxkit::Error;
use serde_json::Value;

pub fn dispatch(_h: &mut Harness, _op: &str, _args: &Value) -> Option<Result<Value, Error>> {
    None
}
