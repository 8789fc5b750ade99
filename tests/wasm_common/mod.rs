//! Shared helpers of the wasm-bindgen-test suites: the stand-in's control API over fetch.
#![allow(dead_code)]

use gloo_net::http::Request;
use js_sys::{Promise, Reflect};
use serde::Serialize;
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The stand-in `cargo xtask test` started (passed at build time).
pub fn standin() -> &'static str {
    option_env!("STANDIN_URL").unwrap_or("http://127.0.0.1:7878")
}

pub async fn control(path: &str, body: Value) {
    let r = Request::post(&format!("{}/__standin/{path}", standin())).header("X-Standin-Control", "1").json(&body).unwrap().send().await.unwrap();
    assert!(r.ok(), "stand-in control {path}: {}", r.status());
}

pub async fn events(client_id: &str) -> Vec<Value> {
    let r = Request::get(&format!("{}/__standin/events?client_id={client_id}", standin())).header("X-Standin-Control", "1").send().await.unwrap();
    r.json().await.unwrap()
}

/// A fresh stand-in API client (id, secret), so tests never see each other's events.
pub async fn tenant(name: &str, scopes: &[&str], extra: Value) -> (String, String) {
    let id = format!("client-wasm-{name}-{}", js_sys::Date::now() as u64);
    let secret = format!("WASM-SECRET-{id}");
    let mut body = json!({ "client_id": id, "client_secret": secret, "scopes": scopes });
    body.as_object_mut().unwrap().extend(extra.as_object().cloned().unwrap_or_default());
    control("clients", body).await;
    (id, secret)
}

/// A JSON value as JS holds it (plain objects, not Maps).
pub fn js(v: Value) -> JsValue {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap()
}

/// A JS value back as JSON.
pub fn back(v: &JsValue) -> Value {
    serde_wasm_bindgen::from_value(v.clone()).unwrap()
}

pub fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

/// What a promise resolves to (a rejection fails the test with its message).
pub async fn ok(p: Promise) -> JsValue {
    JsFuture::from(p).await.unwrap_or_else(|e| panic!("rejected: {:?}", get(&e, "message")))
}

/// What a promise rejects with, which must be an `Error`.
pub async fn err(p: Promise) -> JsValue {
    let e = JsFuture::from(p).await.expect_err("should reject");
    assert!(e.is_instance_of::<js_sys::Error>(), "rejections are Error objects");
    e
}
