//! Token-provider mode (the portal path) in headless Chromium: the JS `Client` with a
//! `tokenProvider` callback against the real stand-in. The provider is a JS function counting
//! its calls; it gets its token the way a portal back end would (client credentials at the
//! token endpoint), here fetched by the test itself.
//! Run by `cargo xtask test` (it starts the stand-in and sets STANDIN_URL at build time).
#![cfg(target_arch = "wasm32")]

mod wasm_common;

use gloo_net::http::Request;
use js_sys::{Function, Object, Promise, Reflect};
use securex_respond::wasm::JsClient;
use serde::Serialize;
use serde_json::{json, Value};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use wasm_bindgen_test::*;
use wasm_common::{control, events, get, ok, standin};

wasm_bindgen_test_configure!(run_in_browser);

async fn tenant(name: &str) -> (String, String) {
    wasm_common::tenant(&format!("provider-{name}"), &["inspect:read", "response"], json!({})).await
}

/// What a portal back end does: client credentials → `{ accessToken, expiresIn }`.
async fn exchange(id: &str, secret: &str) -> Result<JsValue, JsValue> {
    let basic = Reflect::get(&js_sys::global(), &"btoa".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .and_then(|f| f.call1(&JsValue::NULL, &format!("{id}:{secret}").into()).ok())
        .and_then(|v| v.as_string())
        .ok_or_else(|| JsValue::from_str("btoa"))?;
    let r = Request::post(&format!("{}/iroh/oauth2/token", standin()))
        .header("Authorization", &format!("Basic {basic}"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("grant_type=client_credentials")
        .map_err(|e| JsValue::from_str(&e.to_string()))?
        .send()
        .await
        .map_err(|e| JsValue::from_str(&e.to_string()))?;
    let body: Value = r.json().await.map_err(|e| JsValue::from_str(&e.to_string()))?;
    Ok(to_js(&json!({ "accessToken": body["access_token"], "expiresIn": body["expires_in"] })))
}

fn to_js(v: &Value) -> JsValue {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap()
}

/// A JS function `() => Promise<{accessToken, expiresIn}>` and its call counter.
fn counting_provider(id: &str, secret: &str) -> (Function, Rc<Cell<u32>>) {
    let calls = Rc::new(Cell::new(0));
    let (id, secret, counter) = (id.to_string(), secret.to_string(), calls.clone());
    let f = Closure::<dyn FnMut() -> Promise>::new(move || {
        counter.set(counter.get() + 1);
        let (id, secret) = (id.clone(), secret.clone());
        future_to_promise(async move { exchange(&id, &secret).await })
    });
    (f.into_js_value().unchecked_into(), calls)
}

/// A provider that always returns this promise factory's result.
fn provider(f: impl Fn() -> Promise + 'static) -> Function {
    Closure::<dyn Fn() -> Promise>::new(f).into_js_value().unchecked_into()
}

fn client_with(provider: &Function) -> JsClient {
    let options = to_js(&json!({ "baseUrl": standin() }));
    Reflect::set(&options, &"tokenProvider".into(), provider).unwrap();
    JsClient::new(options).unwrap()
}

async fn rejected(p: Promise) -> JsValue {
    match JsFuture::from(p).await {
        Ok(v) => panic!("expected a rejection, got {v:?}"),
        Err(e) => e,
    }
}

fn domain(value: &str) -> JsValue {
    to_js(&json!([{ "type": "domain", "value": value }]))
}

#[wasm_bindgen_test]
async fn provider_is_called_once_for_several_calls_and_once_more_after_a_401() {
    let (id, secret) = tenant("once").await;
    let (f, calls) = counting_provider(&id, &secret);
    let client = client_with(&f);

    // Concurrent first calls share one provider call.
    let (a, b) =
        futures_util::future::join(JsFuture::from(client.actions(domain("evil.com"))), JsFuture::from(client.inspect("evil.com 203.0.113.7".into()))).await;
    assert!(a.is_ok() && b.is_ok());
    ok(client.actions(domain("example.org"))).await;
    ok(client.check_connection()).await;
    assert_eq!(calls.get(), 1, "one provider call for four API calls");

    control("tokens/revoke", json!({ "client_id": id })).await;
    let actions = ok(client.actions(domain("evil.com"))).await;
    assert!(js_sys::Array::from(&get(&actions, "actions")).length() > 0);
    assert_eq!(calls.get(), 2, "asked again once after the 401");
    ok(client.actions(domain("evil.com"))).await;
    assert_eq!(calls.get(), 2, "the fresh token is reused");

    let evs = events(&id).await;
    let api: Vec<_> = evs.iter().filter(|e| e["route"] != "token").map(|e| e["status"].as_u64().unwrap_or(0)).collect();
    assert_eq!(api.iter().filter(|s| **s == 401).count(), 1, "{api:?}");
    assert_eq!(evs.iter().filter(|e| e["route"] == "token").count(), 2);
}

#[wasm_bindgen_test]
async fn a_provider_that_keeps_returning_a_refused_token_is_asked_only_once_more() {
    let (id, secret) = tenant("stale").await;
    let token = exchange(&id, &secret).await.unwrap();
    control("tokens/revoke", json!({ "client_id": id })).await;
    let calls = Rc::new(Cell::new(0));
    let counter = calls.clone();
    let f = provider(move || {
        counter.set(counter.get() + 1);
        Promise::resolve(&token)
    });
    let e = rejected(client_with(&f).actions(domain("evil.com"))).await;
    assert_eq!(get(&e, "code"), "invalid-credentials");
    assert_eq!(calls.get(), 2, "no loop: one call, one more after the 401");
}

#[wasm_bindgen_test]
async fn a_rejecting_provider_yields_an_error_with_a_code() {
    // A rejection carrying one of our codes keeps it.
    let f = provider(|| {
        let e = js_sys::Error::new("portal token endpoint down");
        Reflect::set(&e, &"code".into(), &"network".into()).unwrap();
        Promise::reject(&e)
    });
    let e = rejected(client_with(&f).actions(domain("evil.com"))).await;
    assert!(e.is_instance_of::<js_sys::Error>());
    assert_eq!(get(&e, "name"), "SecureXRespondError");
    assert_eq!(get(&e, "code"), "network");
    let msg = get(&e, "message").as_string().unwrap();
    assert!(msg.contains("token provider failed: portal token endpoint down"), "{msg}");

    // Any other rejection is invalid-credentials.
    let f = provider(|| Promise::reject(&js_sys::Error::new("session expired").into()));
    let e = rejected(client_with(&f).trigger("/respond/trigger/x/y?observable_type=domain&observable_value=evil.com".into())).await;
    assert_eq!(get(&e, "code"), "invalid-credentials");

    // A malformed answer is bad-input, and says what is expected.
    let f = provider(|| Promise::resolve(&JsValue::from(Object::new())));
    let e = rejected(client_with(&f).check_connection()).await;
    assert_eq!(get(&e, "code"), "bad-input");
    assert!(get(&e, "message").as_string().unwrap().contains("accessToken"));
}

#[wasm_bindgen_test]
async fn regression_provider_error_is_redacted_before_it_is_cut() {
    let (id, secret) = tenant("redact").await;
    let token = exchange(&id, &secret).await.unwrap();
    let access = get(&token, "accessToken").as_string().unwrap();
    assert!(access.len() > 700, "a real JWT's length, longer than the 200-character cut");
    let calls = Rc::new(Cell::new(0));
    let counter = calls.clone();
    let echoed = access.clone();
    let f = provider(move || {
        counter.set(counter.get() + 1);
        if counter.get() == 1 {
            Promise::resolve(&token)
        } else {
            // A portal back end that quotes the token it could not refresh.
            Promise::reject(&js_sys::Error::new(&format!("refresh failed for token {echoed} (Authorization: Bearer {echoed})")).into())
        }
    });
    let client = client_with(&f);
    ok(client.actions(domain("evil.com"))).await;
    control("tokens/revoke", json!({ "client_id": id })).await;
    let e = rejected(client.actions(domain("evil.com"))).await;
    assert_eq!(calls.get(), 2);
    assert_eq!(get(&e, "code"), "invalid-credentials");
    let msg = get(&e, "message").as_string().unwrap();
    assert!(msg.starts_with("The token provider failed: refresh failed for token [redacted]"), "{msg}");
    let run = access.as_bytes().windows(12).find(|w| msg.as_bytes().windows(12).any(|t| t == *w));
    assert!(run.is_none(), "leaks {:?}: {msg}", run.map(String::from_utf8_lossy));
}

#[wasm_bindgen_test]
async fn regression_a_provider_that_never_answers_times_out_and_frees_the_token_exchange() {
    let (id, secret) = tenant("never").await;
    let calls = Rc::new(Cell::new(0));
    let counter = calls.clone();
    let f = provider(move || {
        counter.set(counter.get() + 1);
        if counter.get() == 1 {
            // Never settles (before the fix: the call, and every call queued behind it, waited for good).
            return Promise::new(&mut |_, _| {});
        }
        let (id, secret) = (id.clone(), secret.clone());
        wasm_bindgen_futures::future_to_promise(async move { exchange(&id, &secret).await })
    });
    let options = to_js(&json!({ "baseUrl": standin(), "timeoutMs": 1000 }));
    Reflect::set(&options, &"tokenProvider".into(), &f).unwrap();
    let c = JsClient::new(options).unwrap();
    let e = rejected(c.actions(domain("evil.com"))).await;
    assert_eq!(get(&e, "code"), "timeout");
    let msg = get(&e, "message").as_string().unwrap();
    assert!(msg.contains("token provider failed: it did not answer within 1 second"), "{msg}");
    // The exchange is free again: the next call asks the provider once more and works.
    let r = ok(c.actions(domain("evil.com"))).await;
    assert!(get(&r, "actions").is_object());
    assert_eq!(calls.get(), 2);
}
