//! Shared helpers of the wasm-bindgen-test suites: the stand-in's control API over fetch.
#![allow(dead_code)]

use gloo_net::http::Request;
use serde_json::{json, Value};

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
