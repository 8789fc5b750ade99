//! Results and errors to JS: one JSON serialiser per type, one promise adapter for every
//! export, the core's error serialisation copied onto a JS `Error`. The floor of `wasm/`.

use crate::client::LocalFuture;
use crate::error::{Error, ErrorKind};
use js_sys::Promise;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

/// A result as a plain JS value: serialised to JSON once (the serialiser the core already has
/// for request bodies) and parsed by the engine's `JSON.parse`, which keeps one serialiser per
/// type in the wasm instead of a second one for `serde-wasm-bindgen`.
pub(super) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, Error> {
    serde_json::to_string(value)
        .ok()
        .and_then(|s| parse_json(&s))
        .ok_or_else(|| Error::new(ErrorKind::BadResponse, "A result could not be converted for JavaScript."))
}

#[inline(never)]
fn parse_json(s: &str) -> Option<JsValue> {
    js_sys::JSON::parse(s).ok()
}

pub(super) fn promise<T, F>(fut: F) -> Promise
where
    T: Serialize,
    F: std::future::Future<Output = Result<T, Error>> + 'static,
{
    // One non-generic promise adapter for every export keeps the wasm small.
    settle(Box::pin(async move { fut.await.and_then(|v| to_js(&v)) }))
}

#[inline(never)]
fn settle(fut: LocalFuture<'static, Result<JsValue, Error>>) -> Promise {
    future_to_promise(async move { fut.await.map_err(to_js_error) })
}

/// An `Error` whose `message` says what to do, with the core's serialisation of the error
/// (`code`, and the detail fields that are set) copied onto it as they are: no field is
/// named here, so a field added to `crate::Error` reaches JS without a change.
pub(super) fn to_js_error(e: Error) -> JsValue {
    let err = js_sys::Error::new(&e.message);
    err.set_name("SecureXRespondError");
    if let Ok(fields) = to_js(&e) {
        js_sys::Object::assign(&err, &fields.unchecked_into());
    }
    err.into()
}
