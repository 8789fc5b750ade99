#![allow(dead_code)]
//! Shared helpers: one stand-in per test binary, a small HTTP helper over ureq.

use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;
use std::time::Duration;

pub fn base() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| standin::spawn(standin::Config::default()).url)
}

pub struct Resp {
    pub status: u16,
    pub headers: HashMap<String, String>,
    pub body: String,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
    pub fn header(&self, k: &str) -> Option<&str> {
        self.headers.get(&k.to_ascii_lowercase()).map(String::as_str)
    }
}

pub fn agent() -> ureq::Agent {
    ureq::AgentBuilder::new().timeout(Duration::from_secs(20)).build()
}

/// Send a request; Err only on transport errors (connection closed, truncated body, timeout).
pub fn send(method: &str, path: &str, headers: &[(&str, &str)], body: Option<&str>) -> Result<Resp, String> {
    send_with(&agent(), method, path, headers, body)
}

pub fn send_with(agent: &ureq::Agent, method: &str, path: &str, headers: &[(&str, &str)], body: Option<&str>) -> Result<Resp, String> {
    let url = format!("{}{}", base(), path);
    let mut req = agent.request(method, &url);
    for (k, v) in headers {
        req = req.set(k, v);
    }
    let res = match body {
        Some(b) => req.send_string(b),
        None => req.call(),
    };
    let resp = match res {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => return Err(e.to_string()),
    };
    let status = resp.status();
    let mut headers = HashMap::new();
    for name in resp.headers_names() {
        if let Some(v) = resp.header(&name) {
            headers.insert(name.to_ascii_lowercase(), v.to_string());
        }
    }
    let body = resp.into_string().map_err(|e| format!("body: {e}"))?;
    Ok(Resp { status, headers, body })
}

/// The header every control request carries (without it the stand-in answers 403).
pub const CONTROL: (&str, &str) = ("X-Standin-Control", "1");

pub fn control(path: &str, body: Value) -> Value {
    let r = send("POST", path, &[("Content-Type", "application/json"), CONTROL], Some(&body.to_string())).unwrap();
    assert_eq!(r.status, 200, "{path}: {}", r.body);
    r.json()
}

/// Create a fresh client with a unique id; returns (id, secret).
pub fn new_client(scopes: &[&str], extra: Value) -> (String, String) {
    static N: AtomicU32 = AtomicU32::new(0);
    let id = format!("client-test-{}-{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed));
    let secret = format!("secret-{id}");
    let mut body = json!({"client_id": id, "client_secret": secret, "scopes": scopes});
    if let Value::Object(m) = extra {
        for (k, v) in m {
            body[k] = v;
        }
    }
    control("/__standin/clients", body);
    (id, secret)
}

pub fn basic(id: &str, secret: &str) -> String {
    const T: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let b = format!("{id}:{secret}").into_bytes();
    let mut out = String::new();
    for c in b.chunks(3) {
        let n = (c[0] as u32) << 16 | (*c.get(1).unwrap_or(&0) as u32) << 8 | *c.get(2).unwrap_or(&0) as u32;
        for i in 0..4 {
            if i <= c.len() {
                out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    format!("Basic {out}")
}

pub fn token_request(id: &str, secret: &str) -> Result<Resp, String> {
    send(
        "POST",
        "/iroh/oauth2/token",
        &[("Authorization", &basic(id, secret)), ("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")],
        Some("grant_type=client_credentials"),
    )
}

pub fn token(id: &str, secret: &str) -> String {
    let r = token_request(id, secret).unwrap();
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()["access_token"].as_str().unwrap().to_string()
}

pub fn api(tok: &str, path: &str, body: Value) -> Result<Resp, String> {
    let auth = format!("Bearer {tok}");
    send("POST", path, &[("Authorization", &auth), ("Content-Type", "application/json")], Some(&body.to_string()))
}

pub fn trigger(tok: &str, url: &str) -> Result<Resp, String> {
    let auth = format!("Bearer {tok}");
    send("POST", &format!("/iroh/iroh-response{url}"), &[("Authorization", &auth)], None)
}

pub fn events(client_id: &str) -> Vec<Value> {
    let r = send("GET", &format!("/__standin/events?client_id={client_id}"), &[CONTROL], None).unwrap();
    r.json().as_array().unwrap().clone()
}

/// Moves the stand-in's clock forward for one client (its tokens, codes, refresh tokens and rate
/// window), instead of sleeping; returns `{now_ms, offset_secs}`.
pub fn advance(client_id: &str, seconds: f64) -> Value {
    control("/__standin/clock/advance", json!({"client_id": client_id, "seconds": seconds}))
}

pub fn fault(client_id: &str, route: &str, times: Option<u32>, fault: Value) {
    let mut body = json!({"client_id": client_id, "route": route, "fault": fault});
    if let Some(t) = times {
        body["times"] = json!(t);
    }
    control("/__standin/faults", body);
}

pub const ALL: &[&str] = &["inspect:read", "response", "enrich:read"];
pub const SHA: &str = "b1380fd95bc5c0729738dcda2696aa0a7c6ee97a93d992931ce717a0df523967";
