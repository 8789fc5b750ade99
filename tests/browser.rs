//! The JS boundary in headless Chromium: the real wasm client fetching the real stand-in over
//! HTTP (cross-origin, so CORS preflights are part of every call). Shapes of returned
//! objects, JS errors and their codes, the token kept across calls.
//! Run by `cargo xtask test` (it starts the stand-in and sets STANDIN_URL at build time).
#![cfg(target_arch = "wasm32")]

mod wasm_common;

use js_sys::{Array, Promise, Reflect};
use securex_respond::wasm::JsClient;
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use wasm_common::{control, err, events, get, ok, standin, tenant};

wasm_bindgen_test_configure!(run_in_browser);

const ALL: &[&str] = &["inspect:read", "response", "enrich:read"];

fn options(v: Value) -> JsValue {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap()
}
use serde::Serialize;

fn client(id: &str, secret: &str, timeout_ms: Option<u32>) -> JsClient {
    let mut o = json!({ "baseUrl": standin(), "clientId": id, "clientSecret": secret });
    if let Some(t) = timeout_ms {
        o["timeoutMs"] = json!(t);
    }
    JsClient::new(options(o)).unwrap()
}

fn code(e: &JsValue) -> String {
    get(e, "code").as_string().unwrap()
}

#[wasm_bindgen_test]
async fn respond_flow_returns_plain_camel_case_objects_and_uses_one_token() {
    let (id, secret) = tenant("flow", ALL, json!({})).await;
    let c = client(&id, &secret, None);
    let obs = ok(c.inspect(JsValue::from_str("C2 evil.com at 203.0.113.7"))).await;
    assert!(Array::is_array(&obs));
    let first = Array::from(&obs).get(0);
    assert!(get(&first, "type").is_string() && get(&first, "value").is_string());
    let acts = ok(c.actions(obs)).await;
    let actions = Array::from(&get(&acts, "actions"));
    let umbrella = actions.iter().find(|a| get(a, "module").as_string().as_deref() == Some("Umbrella")).expect("Umbrella action");
    assert!(get(&umbrella, "moduleInstanceId").is_string());
    assert!(Array::is_array(&get(&umbrella, "categories")));
    assert_eq!(get(&get(&umbrella, "observable"), "type").as_string().as_deref(), Some("domain"));
    assert!(Array::from(&get(&acts, "modules")).length() >= 2);
    assert!(Array::from(&get(&acts, "errors")).length() >= 1, "per-module errors kept");
    let result = ok(c.trigger(umbrella.clone())).await;
    assert_eq!(get(&result, "status").as_string().as_deref(), Some("success"));
    let ev = events(&id).await;
    assert_eq!(ev.iter().filter(|e| e["route"] == "token").count(), 1);
    let triggers: Vec<&Value> = ev.iter().filter(|e| e["route"] == "trigger").collect();
    assert_eq!(triggers.len(), 1);
    assert_eq!(triggers[0]["path_and_query"], format!("/iroh/iroh-response{}", get(&umbrella, "url").as_string().unwrap()));
    let origin = triggers[0]["origin"].as_str().unwrap_or("");
    assert!(origin.starts_with("http://127.0.0.1:"), "a cross-origin call from the test page: {origin}");
}

#[wasm_bindgen_test]
async fn errors_carry_code_and_details_and_never_the_secret() {
    let (id, secret) = tenant("errors", &["response"], json!({ "rate_limit_after": 3, "retry_after": "42" })).await;
    let bad = client(&id, "not-the-secret-123", None);
    let e = err(bad.inspect(JsValue::from_str("evil.com"))).await;
    assert_eq!(code(&e), "invalid-credentials");
    assert_eq!(get(&e, "status").as_f64(), Some(401.0));

    let c = client(&id, &secret, None);
    let e = err(c.inspect(JsValue::from_str("evil.com"))).await;
    assert_eq!(code(&e), "missing-scope");
    let missing = Array::from(&get(&e, "missingScopes"));
    assert_eq!(missing.get(0).as_string().as_deref(), Some("inspect:read"));
    let msg = get(&e, "message").as_string().unwrap();
    assert!(msg.contains("inspect:read") && !msg.contains(&secret));

    // Requests so far: bad token exchange (1), token (2), inspect (3); the next is limited.
    let e = err(c.inspect(JsValue::from_str("evil.com"))).await;
    assert_eq!(code(&e), "rate-limited");
    assert_eq!(get(&e, "retryAfter").as_f64(), Some(42.0), "Retry-After is exposed to CORS callers");

    let e = err(c.inspect(JsValue::from_f64(42.0))).await;
    assert_eq!(code(&e), "bad-input");
    let e = err(c.trigger(JsValue::from_str("https://evil.example/x"))).await;
    assert_eq!(code(&e), "bad-input");
    let e = JsClient::new(options(json!({ "region": "mars", "clientId": "a", "clientSecret": "b" }))).err().unwrap();
    assert_eq!(code(&e), "bad-input");
    let e = JsClient::new(JsValue::from_str("nope")).err().unwrap();
    assert_eq!(code(&e), "bad-input");
}

#[wasm_bindgen_test]
async fn timeout_html_and_server_errors() {
    let (id, secret) = tenant("faults", ALL, json!({})).await;
    let c = client(&id, &secret, Some(1000));
    let fault = |f: Value| control("faults", json!({ "client_id": id, "route": "inspect", "times": 1, "fault": f }));
    fault(json!({ "kind": "delay", "ms": 2500 })).await;
    assert_eq!(code(&err(c.inspect(JsValue::from_str("evil.com"))).await), "timeout");
    fault(json!({ "kind": "status", "status": 404, "body": "<html>nope</html>", "content_type": "text/html" })).await;
    assert_eq!(code(&err(c.inspect(JsValue::from_str("evil.com"))).await), "bad-response");
    fault(json!({ "kind": "status", "status": 500, "body": "{\"error\":\"unknown-exception\",\"trace_id\":\"t-123\"}" })).await;
    let e = err(c.inspect(JsValue::from_str("evil.com"))).await;
    assert_eq!((code(&e), get(&e, "traceId").as_string()), ("server".to_string(), Some("t-123".to_string())));
    // A connection cut mid-body. (A connection closed before any byte is silently retried
    // by Chromium on a reused keep-alive socket: see the stand-in's event log; noted in
    // ARCHITECTURE.md under exactly-once.)
    fault(json!({ "kind": "truncate" })).await;
    assert_eq!(code(&err(c.inspect(JsValue::from_str("evil.com"))).await), "network");
}

#[wasm_bindgen_test]
async fn saved_token_state_spares_an_exchange() {
    let (id, secret) = tenant("state", ALL, json!({})).await;
    let c = client(&id, &secret, None);
    assert!(c.token_state().is_undefined());
    ok(c.inspect(JsValue::from_str("evil.com"))).await;
    let state = c.token_state();
    assert!(get(&state, "accessToken").is_string() && get(&state, "expiresAtMs").as_f64().unwrap() > js_sys::Date::now());
    let o = options(json!({ "baseUrl": standin(), "clientId": id, "clientSecret": secret }));
    Reflect::set(&o, &JsValue::from_str("token"), &state).unwrap();
    let restarted = JsClient::new(o).unwrap();
    ok(restarted.inspect(JsValue::from_str("evil.com"))).await;
    assert_eq!(events(&id).await.iter().filter(|e| e["route"] == "token").count(), 1);
    let info = ok(restarted.check_connection()).await;
    assert_eq!(Array::from(&get(&info, "missingScopes")).length(), 0);
    assert_eq!(get(&info, "enrich"), JsValue::TRUE);
}

#[wasm_bindgen_test]
async fn concurrent_calls_share_one_token_exchange_and_its_failure() {
    let obs = || options(json!([{ "type": "domain", "value": "evil.com" }]));
    let (id, secret) = tenant("share-ok", ALL, json!({})).await;
    let c = client(&id, &secret, None);
    let all = js_sys::Promise::all(&Array::of3(&c.actions(obs()), &c.verdicts(obs()), &c.pivots(obs())));
    JsFuture::from(all).await.unwrap();
    assert_eq!(events(&id).await.iter().filter(|e| e["route"] == "token").count(), 1, "one exchange for three parallel calls");

    let (id, secret) = tenant("share-fail", ALL, json!({})).await;
    control("faults", json!({ "client_id": id, "route": "token", "fault": { "kind": "status", "status": 401, "body": "{\"error\":\"invalid_client\"}" } }))
        .await;
    let c = client(&id, &secret, None);
    let (a, v, p) = (c.actions(obs()), c.verdicts(obs()), c.pivots(obs()));
    for pr in [a, v, p] {
        assert_eq!(code(&err(pr).await), "invalid-credentials");
    }
    assert_eq!(events(&id).await.iter().filter(|e| e["route"] == "token").count(), 1, "callers waiting behind a failed exchange share its error");
}

#[wasm_bindgen_test]
fn regression_js_client_refuses_plain_http_to_hostile_hosts() {
    // The table of src/config.rs (issue 11, item 3), through `new Client(...)`.
    let hostile = [
        "http://127.x.evil.com",
        "http://127.0.0.evil%2ecom",
        "http://127.0.0.1.evil.com",
        "http://127.0.0.1%2eevil.com",
        "http://%31%32%37.0.0.1",
        "http://127.evil.com.0.1",
        "http://127.0.0.256",
        "http://127.0.0.01",
        "http://127.1",
        "http://0x7f000001",
        "http://2130706433",
        "http://0177.0.0.1",
        "http://127.0.0.1.",
        "http://128.0.0.1",
        "http://localhost.",
        "http://localhost.evil.com",
        "http://evil-localhost",
        "http://[::1].evil.com",
        "http://[::ffff:127.0.0.1]",
        "http://[::1%25lo]:80",
        "https://evil%2ecom",
        "https://visibility.amp.cisco.com%2f.evil.com",
    ];
    for base in hostile {
        let e = JsClient::new(options(json!({ "baseUrl": base, "clientId": "a", "clientSecret": "b" }))).err().unwrap_or_else(|| panic!("{base} was accepted"));
        assert_eq!(code(&e), "bad-input", "{base}");
        assert!(e.is_instance_of::<js_sys::Error>());
    }
    for (base, want) in [
        ("http://127.0.0.1:4000", "http://127.0.0.1:4000"),
        ("http://127.9.8.7", "http://127.9.8.7"),
        ("http://[::1]:9", "http://[::1]:9"),
        ("http://localhost:9", "http://localhost:9"),
    ] {
        let c = JsClient::new(options(json!({ "baseUrl": base, "clientId": "a", "clientSecret": "b" })))
            .unwrap_or_else(|e| panic!("{base}: {:?}", get(&e, "message")));
        assert_eq!(c.base_url(), want);
    }
}

/// Bytes of the wasm module's memory (it grows, never shrinks).
fn wasm_memory_bytes() -> f64 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    memory.buffer().unchecked_into::<js_sys::ArrayBuffer>().byte_length() as f64
}

async fn sleep_ms(ms: i32) {
    let p = Promise::new(&mut |resolve, _| {
        let set_timeout: js_sys::Function = Reflect::get(&js_sys::global(), &"setTimeout".into()).unwrap().unchecked_into();
        set_timeout.call2(&JsValue::NULL, &resolve, &JsValue::from(ms)).unwrap();
    });
    JsFuture::from(p).await.unwrap();
}

/// The last `stream` fault's `body_bytes_sent`, once the browser hung up.
async fn streamed(id: &str) -> f64 {
    for _ in 0..200 {
        let ev = events(id).await;
        if let Some(n) = ev.iter().rev().find(|e| e["fault"] == "stream").and_then(|e| e["body_bytes_sent"].as_f64()) {
            return n;
        }
        sleep_ms(50).await;
    }
    panic!("the browser never hung up on the stream");
}

#[wasm_bindgen_test]
async fn regression_endless_answer_is_bad_response_promptly_with_wasm_memory_bounded() {
    const MB: f64 = 1048576.0;
    let (id, secret) = tenant("bounded", ALL, json!({})).await;
    let c = client(&id, &secret, None); // 20 s timeout
    ok(c.inspect(JsValue::from_str("evil.com"))).await;
    let fault = |f: Value| control("faults", json!({ "client_id": id, "route": "inspect", "times": 1, "fault": f }));
    let before = wasm_memory_bytes();

    // Endless, no Content-Length: cancelled once past 4 MB, long before the timeout.
    fault(json!({ "kind": "stream" })).await;
    let t0 = js_sys::Date::now();
    let e = err(c.inspect(JsValue::from_str("evil.com"))).await;
    let elapsed = js_sys::Date::now() - t0;
    assert_eq!(code(&e), "bad-response", "{:?}", get(&e, "message"));
    assert_eq!(get(&e, "status").as_f64(), Some(200.0));
    assert!(elapsed < 5000.0, "promptly: {elapsed} ms");
    let sent = streamed(&id).await;

    // 48 MB in chunks without a length (read whole into wasm memory before the fix).
    fault(json!({ "kind": "stream", "bytes": 48 * 1048576 })).await;
    assert_eq!(code(&err(c.inspect(JsValue::from_str("evil.com"))).await), "bad-response");
    // 32 MB with its Content-Length: refused on the header.
    fault(json!({ "kind": "huge", "bytes": 32 * 1048576 })).await;
    let e = err(c.inspect(JsValue::from_str("evil.com"))).await;
    assert_eq!(code(&e), "bad-response");
    assert!(get(&e, "message").as_string().unwrap().contains("32 MB"), "{:?}", get(&e, "message"));

    let grown = wasm_memory_bytes() - before;
    web_sys::console::log_1(
        &format!("wasm memory grew by {:.1} MB over three hostile answers; the endless one got {:.1} MB out of the stand-in", grown / MB, sent / MB).into(),
    );
    assert!(grown < 16.0 * MB, "wasm memory grew by {:.1} MB", grown / MB);
    // Nothing stuck: the next call works.
    let found = ok(c.inspect(JsValue::from_str("evil.com"))).await;
    assert!(Array::from(&found).length() > 0);
}

#[wasm_bindgen_test]
async fn regression_trigger_answered_with_307_is_not_followed() {
    let (id, secret) = tenant("redirect", ALL, json!({})).await;
    let c = client(&id, &secret, None);
    let acts = ok(c.actions(options(json!([{ "type": "domain", "value": "evil.com" }])))).await;
    let block = Array::from(&get(&acts, "actions")).iter().find(|a| get(a, "id").as_string().as_deref() == Some("umbrella-block")).unwrap();
    let url = get(&block, "url").as_string().unwrap();
    let target = format!("/iroh/iroh-response{}", url.replace("umbrella-block", "umbrella-unblock"));
    control("faults", json!({ "client_id": id, "route": "trigger", "times": 1, "fault": { "kind": "redirect", "status": 307, "location": target } })).await;
    let e = err(c.trigger(block.clone())).await;
    assert_eq!(code(&e), "bad-response", "{:?}", get(&e, "message"));
    assert_eq!(get(&e, "outcomeUnknown"), JsValue::TRUE);
    assert!(get(&e, "message").as_string().unwrap().contains("redirect"));
    let triggers: Vec<Value> = events(&id).await.into_iter().filter(|e| e["route"] == "trigger").collect();
    assert_eq!(triggers.len(), 1, "one request, none to the redirect target: {triggers:?}");
    assert_eq!(triggers[0]["fault"], "redirect");
    // The action can be triggered again (nothing left in flight).
    let r = ok(c.trigger(block)).await;
    assert_eq!(get(&r, "status").as_string().as_deref(), Some("success"));
}

/// A 12-character run of any of `secrets` found in `text`.
fn leaked(text: &str, secrets: &[&str]) -> Option<String> {
    secrets
        .iter()
        .find_map(|s| s.as_bytes().windows(12).find(|w| text.as_bytes().windows(12).any(|t| t == *w)).map(|w| String::from_utf8_lossy(w).into_owned()))
}

fn stringify(v: &JsValue) -> String {
    js_sys::JSON::stringify(v).ok().and_then(|s| s.as_string()).unwrap_or_default()
}

#[wasm_bindgen_test]
async fn regression_echoed_token_and_secret_never_reach_js_errors_or_objects() {
    let (id, secret) = tenant("echo", ALL, json!({})).await;
    let c = client(&id, &secret, None);
    let obs = || options(json!([{ "type": "domain", "value": "evil.com" }]));
    let acts = ok(c.actions(obs())).await;
    let block = Array::from(&get(&acts, "actions")).iter().find(|a| get(a, "id").as_string().as_deref() == Some("umbrella-block")).unwrap();
    let token = get(&c.token_state(), "accessToken").as_string().unwrap();
    assert!(token.len() > 700, "the stand-in's tokens have a real JWT's length");
    let basic = {
        let btoa: js_sys::Function = Reflect::get(&js_sys::global(), &"btoa".into()).unwrap().unchecked_into();
        btoa.call1(&JsValue::NULL, &format!("{id}:{secret}").into()).unwrap().as_string().unwrap()
    };
    let secrets = [token.as_str(), secret.as_str(), basic.as_str()];
    let fault =
        |route: &str, status: u16| control("faults", json!({ "client_id": id, "route": route, "times": 1, "fault": { "kind": "echo", "status": status } }));

    // Error fields: the token echoed as trace_id (longer than the 80-character cut), the
    // header and secret in error_description and missing-scopes.
    for (route, status) in [("inspect", 500), ("respond_observables", 403), ("trigger", 404), ("deliberate", 400)] {
        fault(route, status).await;
        let e = match route {
            "inspect" => err(c.inspect(JsValue::from_str("evil.com"))).await,
            "respond_observables" => err(c.actions(obs())).await,
            "trigger" => err(c.trigger(block.clone())).await,
            _ => err(c.verdicts(obs())).await,
        };
        let fields =
            format!("{} {} {} {}", stringify(&get(&e, "message")), stringify(&get(&e, "traceId")), stringify(&get(&e, "missingScopes")), stringify(&e));
        assert_eq!(leaked(&fields, &secrets), None, "{route} {status}: {fields}");
        assert!(fields.contains("[redacted]"), "{route} {status}: {fields}");
    }
    // Returned objects: 200 answers with the echo in every string and in module errors.
    fault("respond_observables", 200).await;
    let a = stringify(&ok(c.actions(obs())).await);
    fault("trigger", 200).await;
    let t = stringify(&ok(c.trigger(block.clone())).await);
    fault("refer", 200).await;
    let p = stringify(&ok(c.pivots(obs())).await);
    for (what, out) in [("actions", a), ("trigger", t), ("pivots", p)] {
        assert_eq!(leaked(&out, &secrets), None, "{what}: {out}");
        assert!(out.contains("[redacted]"), "{what}: {out}");
    }
}
