//! The core against the running stand-in over real HTTP: the happy path and each error
//! class, with the stand-in's event log as the witness of what reached the server.
#![cfg(not(target_arch = "wasm32"))]

use securex_respond::auth::Credentials;
use securex_respond::native::UreqTransport;
use securex_respond::{Client, Endpoint, ErrorKind, Observable, TokenSource};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

mod shared_clock;
use shared_clock::shared_clock;

fn standin() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| standin::spawn(standin::Config::default()).url)
}

fn control(path: &str, body: Value) {
    ureq::post(&format!("{}/__standin/{path}", standin()))
        .set("X-Standin-Control", "1")
        .send_json(body)
        .unwrap_or_else(|e| panic!("stand-in control {path}: {e}"));
}

/// A fresh API client on the stand-in, unique per test so tests can run in parallel.
struct Tenant {
    id: String,
    secret: String,
}

fn tenant(scopes: &[&str], extra: Value) -> Tenant {
    static N: AtomicU32 = AtomicU32::new(0);
    let id = format!("client-test-{}-{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst));
    let secret = format!("S3CRET-{id}-do-not-leak");
    let mut body = json!({ "client_id": id, "client_secret": secret, "scopes": scopes });
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    control("clients", body);
    Tenant { id, secret }
}

const ALL: &[&str] = &["inspect:read", "response", "enrich:read"];

impl Tenant {
    fn client(&self, timeout_ms: Option<f64>) -> Client<UreqTransport> {
        let endpoint = Endpoint::new(None, Some(standin()), timeout_ms).unwrap();
        Client::new(UreqTransport::default(), endpoint, TokenSource::Credentials(Credentials::new(&self.id, &self.secret).unwrap()))
    }
    fn fault(&self, route: &str, times: Option<u32>, fault: Value) {
        control("faults", json!({ "client_id": self.id, "route": route, "times": times, "fault": fault }));
    }
    fn events(&self) -> Vec<Value> {
        let url = format!("{}/__standin/events?client_id={}", standin(), self.id);
        ureq::get(&url).set("X-Standin-Control", "1").call().unwrap().into_json().unwrap()
    }
    fn count(&self, route: &str) -> usize {
        self.events().iter().filter(|e| e["route"] == route).count()
    }
    /// Body bytes the stand-in handed to the socket for the last `stream` fault, once that
    /// body ended or the client hung up.
    fn streamed(&self) -> u64 {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let e = self.events().into_iter().rev().find(|e| e["fault"] == "stream").expect("a stream event");
            if let Some(n) = e["body_bytes_sent"].as_u64() {
                return n;
            }
            assert!(std::time::Instant::now() < deadline, "the client never hung up: {e}");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
}

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    pollster::block_on(f)
}

const REPORT: &str = "C2 at evil.com and 203.0.113.7, dropper b1380fd95bc5c0729738dcda2696aa0a7c6ee97a93d992931ce717a0df523967";

#[test]
fn happy_path_one_token_exchange_and_one_trigger() {
    let t = tenant(ALL, json!({}));
    let c = t.client(None);
    let obs = block_on(c.inspect(REPORT)).unwrap();
    let kinds: Vec<&str> = obs.iter().map(|o| o.kind.as_str()).collect();
    assert!(kinds.contains(&"domain") && kinds.contains(&"ip") && kinds.contains(&"sha256"), "{obs:?}");
    let acts = block_on(c.actions(&obs)).unwrap();
    assert!(acts.errors.iter().any(|e| e.module.as_deref() == Some("Broken Relay")), "per-module error kept: {:?}", acts.errors);
    let block = acts.actions.iter().find(|a| a.module == "Umbrella" && a.title.contains("Block")).expect("an Umbrella block action");
    assert!(acts.actions.iter().any(|a| a.url.contains("workflow_id=")), "orchestration workflow listed");
    assert!(acts.actions.iter().any(|a| a.url.contains("list=")), "Secure Endpoint list action listed");
    let r = block_on(c.trigger(&block.url)).unwrap();
    assert_eq!(r.status, "success");
    assert_eq!(t.count("token"), 1, "one exchange serves inspect, actions and trigger");
    let triggers: Vec<Value> = t.events().into_iter().filter(|e| e["route"] == "trigger").collect();
    assert_eq!(triggers.len(), 1);
    assert_eq!(triggers[0]["path_and_query"], format!("/iroh/iroh-response{}", block.url), "url used verbatim");
    assert_eq!(triggers[0]["executed"], true);
}

#[test]
fn token_cached_across_calls_and_refreshed_once_after_401() {
    let t = tenant(ALL, json!({}));
    let c = t.client(None);
    for _ in 0..3 {
        block_on(c.inspect("evil.com")).unwrap();
    }
    assert_eq!(t.count("token"), 1);
    control("tokens/revoke", json!({ "client_id": t.id }));
    block_on(c.inspect("evil.com")).unwrap();
    assert_eq!(t.count("token"), 2, "a 401 costs exactly one new exchange");
    let statuses: Vec<Value> = t.events().iter().filter(|e| e["route"] == "inspect").map(|e| e["status"].clone()).collect();
    assert_eq!(statuses, vec![json!(200), json!(200), json!(200), json!(401), json!(200)]);
}

#[test]
fn short_lived_token_is_renewed_before_expiry() {
    // The default 600 s token: the core renews it 30 s early (a fifth of the lifetime, at most
    // 30 s). Both clocks move together, the stand-in's (this client's) and the core's.
    let t = tenant(ALL, json!({}));
    let (transport, clock) = shared_clock(standin(), &t.id);
    let endpoint = Endpoint::new(None, Some(standin()), None).unwrap();
    let c = Client::new(transport, endpoint, TokenSource::Credentials(Credentials::new(&t.id, &t.secret).unwrap()));
    block_on(c.inspect("evil.com")).unwrap();
    clock.advance(560.0);
    block_on(c.inspect("evil.com")).unwrap();
    assert_eq!(t.count("token"), 1, "40 s left: still fresh");
    clock.advance(15.0);
    block_on(c.inspect("evil.com")).unwrap();
    assert_eq!(t.count("token"), 2, "25 s left: renewed");
    let inspect_401 = t.events().iter().filter(|e| e["route"] == "inspect" && e["status"] == 401).count();
    assert_eq!(inspect_401, 0, "renewed proactively, not after a refusal");
}

#[test]
fn second_401_is_invalid_credentials() {
    let t = tenant(ALL, json!({}));
    t.fault("inspect", None, json!({ "kind": "status", "status": 401, "body": "{\"error\":\"invalid_jwt\",\"error_description\":\"expired\"}" }));
    let e = block_on(t.client(None).inspect("evil.com")).unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidCredentials, "{e}");
    assert_eq!((t.count("token"), t.count("inspect")), (2, 2), "one refresh, one replay, no loop");
}

#[test]
fn bad_secret_is_invalid_credentials_without_the_secret() {
    let t = tenant(ALL, json!({}));
    let endpoint = Endpoint::new(None, Some(standin()), None).unwrap();
    let wrong = "WRONG-secret-value-1234";
    let c = Client::new(UreqTransport::default(), endpoint, TokenSource::Credentials(Credentials::new(&t.id, wrong).unwrap()));
    let e = block_on(c.inspect("evil.com")).unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidCredentials);
    assert_eq!(e.status, Some(401));
    assert!(e.message.contains("region"), "{e}");
    assert!(!format!("{e:?}").contains(wrong));
}

#[test]
fn missing_scope_is_named() {
    let t = tenant(&["response"], json!({}));
    let e = block_on(t.client(None).inspect("evil.com")).unwrap_err();
    assert_eq!(e.kind, ErrorKind::MissingScope);
    assert_eq!(e.missing_scopes, vec!["inspect:read"]);
    assert!(e.message.contains("inspect:read"));
    let info = block_on(t.client(None).check_connection()).unwrap();
    assert_eq!(info.missing_scopes, vec!["inspect:read"]);
    assert!(!info.enrich);
}

#[test]
fn rate_limit_in_seconds_and_http_date() {
    let t = tenant(ALL, json!({ "rate_limit_after": 2, "retry_after": "42" }));
    let c = t.client(None);
    block_on(c.inspect("evil.com")).unwrap(); // token + inspect = 2 requests
                                              // Successful answers state the budget (contract §2c: X-RateLimit-Org-Limit / -Remaining).
    assert_eq!(c.budget(), Some(securex_respond::api::RateBudget { limit: Some(2), remaining: 0 }));
    let e = block_on(c.inspect("evil.com")).unwrap_err();
    // The limiter's 429 carries no rate headers: the limit is the one the answers before it stated.
    assert_eq!((e.kind, e.retry_after, e.rate_limit), (ErrorKind::RateLimited, Some(42), Some(2)));
    assert_eq!(c.budget(), None, "unknown after a 429 until an answer states it again");
    assert!(e.message.contains("42 seconds"), "{e}");
    assert_eq!(t.count("inspect"), 2, "no silent retry loop");

    let t = tenant(ALL, json!({}));
    let when = std::time::SystemTime::now() + std::time::Duration::from_secs(120);
    t.fault("inspect", Some(1), json!({ "kind": "status", "status": 429, "headers": { "Retry-After": httpdate::fmt_http_date(when) } }));
    let e = block_on(t.client(None).inspect("evil.com")).unwrap_err();
    assert_eq!(e.kind, ErrorKind::RateLimited);
    let s = e.retry_after.unwrap();
    assert!((100..=121).contains(&s), "{s}");
}

#[test]
fn html_404_empty_502_and_500_with_trace_id() {
    let t = tenant(ALL, json!({}));
    let c = t.client(None);
    t.fault("inspect", Some(1), json!({ "kind": "status", "status": 404, "body": "<html><body>Not Found</body></html>", "content_type": "text/html" }));
    let e = block_on(c.inspect("evil.com")).unwrap_err();
    assert_eq!((e.kind, e.status), (ErrorKind::BadResponse, Some(404)));
    t.fault("inspect", Some(1), json!({ "kind": "status", "status": 502, "body": "" }));
    let e = block_on(c.inspect("evil.com")).unwrap_err();
    assert_eq!((e.kind, e.status), (ErrorKind::Server, Some(502)));
    t.fault(
        "inspect",
        Some(1),
        json!({ "kind": "status", "status": 500, "body": "{\"error\":\"unknown-exception\",\"error_description\":\"logged\",\"trace_id\":\"5755e17e-992f\"}" }),
    );
    let e = block_on(c.inspect("evil.com")).unwrap_err();
    assert_eq!((e.kind, e.trace_id.as_deref()), (ErrorKind::Server, Some("5755e17e-992f")));
    t.fault("respond_observables", Some(1), json!({ "kind": "body", "body": "{\"data\": 5}" }));
    let obs = [Observable { kind: "domain".into(), value: "evil.com".into() }];
    assert_eq!(block_on(c.actions(&obs)).unwrap_err().kind, ErrorKind::BadResponse);
    assert_eq!(t.count("respond_observables"), 1, "unreadable answers are not retried");
}

#[test]
fn timeout_and_dropped_connection() {
    let t = tenant(ALL, json!({}));
    let c = t.client(Some(1000.0));
    t.fault("inspect", Some(1), json!({ "kind": "delay", "ms": 2500 }));
    let e = block_on(c.inspect("evil.com")).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Timeout, "{e}");
    t.fault("inspect", Some(1), json!({ "kind": "drop" }));
    assert_eq!(block_on(c.inspect("evil.com")).unwrap_err().kind, ErrorKind::Network);
    let closed = Endpoint::new(None, Some("http://127.0.0.1:9"), None).unwrap();
    let c = Client::new(UreqTransport::default(), closed, TokenSource::Credentials(Credentials::new("a", "b").unwrap()));
    let e = block_on(c.inspect("evil.com")).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Network);
    assert!(e.message.contains("127.0.0.1:9"), "{e}");
}

fn umbrella_block(c: &Client<UreqTransport>) -> String {
    let obs = [Observable { kind: "domain".into(), value: "evil.com".into() }];
    block_on(c.actions(&obs)).unwrap().actions.into_iter().find(|a| a.module == "Umbrella").unwrap().url
}

#[test]
fn timed_out_trigger_is_outcome_unknown_and_never_replayed() {
    let t = tenant(ALL, json!({}));
    let c = t.client(Some(1000.0));
    let url = umbrella_block(&c);
    t.fault("trigger", Some(1), json!({ "kind": "delay", "ms": 2500, "after_execute": true }));
    let e = block_on(c.trigger(&url)).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Timeout);
    assert!(e.outcome_unknown && e.message.contains("module's console"), "{e}");
    // No wait needed: the stand-in logs a delayed trigger before holding its answer back, and a
    // replay could only have been sent inside the call that just returned.
    let triggers: Vec<Value> = t.events().into_iter().filter(|e| e["route"] == "trigger").collect();
    assert_eq!(triggers.len(), 1, "no replay after a timeout");
    assert_eq!(triggers[0]["executed"], true);

    for fault in [json!({ "kind": "status", "status": 503, "body": "", "after_execute": true }), json!({ "kind": "truncate", "after_execute": true })] {
        let t = tenant(ALL, json!({}));
        let c = t.client(None);
        let url = umbrella_block(&c);
        t.fault("trigger", Some(1), fault.clone());
        let e = block_on(c.trigger(&url)).unwrap_err();
        assert!(e.outcome_unknown, "{fault}: {e}");
        assert_eq!(t.count("trigger"), 1, "{fault}: sent once");
    }
}

#[test]
fn trigger_replayed_once_after_401_only() {
    let t = tenant(ALL, json!({}));
    let c = t.client(None);
    let url = umbrella_block(&c);
    control("tokens/revoke", json!({ "client_id": t.id }));
    assert_eq!(block_on(c.trigger(&url)).unwrap().status, "success");
    let statuses: Vec<Value> = t.events().iter().filter(|e| e["route"] == "trigger").map(|e| e["status"].clone()).collect();
    assert_eq!(statuses, vec![json!(401), json!(200)]);
    let executed = t.events().iter().filter(|e| e["route"] == "trigger" && e["executed"] == true).count();
    assert_eq!(executed, 1);
}

#[test]
fn module_failure_is_a_result_with_the_modules_message() {
    let t = tenant(ALL, json!({}));
    let c = t.client(None);
    let obs = [Observable { kind: "ip".into(), value: "203.0.113.7".into() }];
    let fw = block_on(c.actions(&obs)).unwrap().actions.into_iter().find(|a| a.module == "Secure Firewall").unwrap();
    let r = block_on(c.trigger(&fw.url)).unwrap();
    assert_eq!(r.status, "failure");
    assert!(r.errors[0].message.as_deref().unwrap().contains("object group is full"));
}

#[test]
fn secret_and_token_absent_from_every_error() {
    let t = tenant(ALL, json!({}));
    let c = t.client(Some(1000.0));
    block_on(c.inspect("evil.com")).unwrap();
    let token = c.token_snapshot().unwrap().access_token;
    let faults = [
        json!({ "kind": "status", "status": 500, "body": format!("{{\"error\":\"x\",\"error_description\":\"echo {} {}\",\"trace_id\":\"{}\"}}", t.secret, token, token) }),
        json!({ "kind": "status", "status": 403, "body": format!("{{\"error\":\"missing_scope\",\"error_description\":\"{}\",\"missing-scopes\":[\"{}\"]}}", token, t.secret) }),
        json!({ "kind": "status", "status": 400, "body": format!("{{\"content\":\"{}\"}}", t.secret) }),
        json!({ "kind": "status", "status": 404, "body": format!("<html>{}</html>", token) }),
        json!({ "kind": "body", "body": format!("{{\"leak\":\"{}\"}}", token) }),
        json!({ "kind": "delay", "ms": 1500 }),
        json!({ "kind": "drop" }),
    ];
    for f in faults {
        t.fault("inspect", Some(1), f.clone());
        let e = block_on(c.inspect("evil.com")).unwrap_err();
        let all = format!("{e:?} {e}");
        assert!(!all.contains(&t.secret) && !all.contains(&token), "{f}: {all}");
    }
}

#[test]
fn bad_input_is_refused_before_any_request() {
    let t = tenant(ALL, json!({}));
    let c = t.client(None);
    assert_eq!(block_on(c.inspect("   ")).unwrap_err().kind, ErrorKind::BadInput);
    assert_eq!(block_on(c.actions(&[])).unwrap_err().kind, ErrorKind::BadInput);
    assert_eq!(block_on(c.trigger("https://evil.example/respond/trigger/a/b")).unwrap_err().kind, ErrorKind::BadInput);
    assert!(t.events().is_empty(), "nothing was sent");
}

#[test]
fn regression_trigger_urls_with_encoded_dot_segments_or_separators_send_nothing() {
    let t = tenant(ALL, json!({}));
    let c = t.client(None);
    let real = umbrella_block(&c);
    let query = real.split_once('?').map(|(_, q)| q).unwrap();
    let before = t.events().len();
    for path in [
        "%2e%2e/observables",
        ".%2e/observables",
        "%2E%2E/%2E%2E",
        "%2e/umbrella-block",
        "a%2fb/umbrella-block",
        "x%2F..%2F..%2F..%2Foauth2/token",
        "a%5c..%5c/b",
        "a%5C/b",
    ] {
        let url = format!("/respond/trigger/{path}?{query}");
        let e = block_on(c.trigger(&url)).unwrap_err();
        assert_eq!(e.kind, ErrorKind::BadInput, "{url}: {e}");
        assert!(!e.outcome_unknown, "{url}: nothing was sent, so the outcome is known");
    }
    let after = t.events();
    assert_eq!(after.len(), before, "nothing reached the stand-in: {:?}", &after[before..]);
    // The real action still goes out, its query verbatim.
    assert_eq!(block_on(c.trigger(&real)).unwrap().status, "success");
    assert_eq!(t.events().last().unwrap()["path_and_query"], format!("/iroh/iroh-response{real}"));
}

#[test]
fn regression_answers_are_bounded_while_read_and_the_next_call_works() {
    const MB: u64 = 1 << 20;
    let t = tenant(ALL, json!({}));
    let c = t.client(None);
    block_on(c.inspect("evil.com")).unwrap();
    // An endless body without Content-Length: cut once it passes 4 MB, not read on.
    t.fault("inspect", Some(1), json!({ "kind": "stream" }));
    let t0 = std::time::Instant::now();
    let e = block_on(c.inspect("evil.com")).unwrap_err();
    assert_eq!((e.kind, e.status), (ErrorKind::BadResponse, Some(200)), "{e}");
    assert!(e.message.contains("larger than the 4 MB"), "{e}");
    assert!(t0.elapsed() < std::time::Duration::from_secs(5), "promptly, not at the 20 s timeout: {:?}", t0.elapsed());
    let sent = t.streamed();
    assert!(sent < 32 * MB, "the stand-in sent {} MB before the client hung up", sent / MB);
    // A declared Content-Length over the cap: refused before the body is read.
    t.fault("inspect", Some(1), json!({ "kind": "stream", "content_length": 1u64 << 30 }));
    let e = block_on(c.inspect("evil.com")).unwrap_err();
    assert_eq!(e.kind, ErrorKind::BadResponse, "{e}");
    assert!(e.message.contains("1024 MB"), "says the declared size: {e}");
    let sent = t.streamed();
    assert!(sent < 32 * MB, "the stand-in sent {} MB of a body refused by its header", sent / MB);
    // A finite answer just under the cap is still read whole.
    t.fault("respond_observables", Some(1), json!({ "kind": "stream", "bytes": 4 * MB - 2 }));
    let obs = [Observable { kind: "domain".into(), value: "evil.com".into() }];
    assert_eq!(block_on(c.actions(&obs)).unwrap_err().kind, ErrorKind::BadResponse, "read whole, then not valid JSON (no closing ])");
    assert_eq!(t.streamed(), 4 * MB - 2);
    // Nothing stuck: the next calls work, and an endless trigger answer is outcome-unknown
    // without leaving the action marked as in flight.
    assert!(!block_on(c.inspect("evil.com")).unwrap().is_empty());
    let url = umbrella_block(&c);
    t.fault("trigger", Some(1), json!({ "kind": "stream", "after_execute": true }));
    let e = block_on(c.trigger(&url)).unwrap_err();
    assert!(e.outcome_unknown && e.kind == ErrorKind::BadResponse, "{e}");
    assert_eq!(block_on(c.trigger(&url)).unwrap().status, "success");
}

#[test]
fn regression_trigger_answered_with_a_redirect_is_not_followed() {
    let t = tenant(ALL, json!({}));
    let c = t.client(None);
    let url = umbrella_block(&c);
    let target = url.replace("umbrella-block", "umbrella-unblock");
    t.fault("trigger", Some(1), json!({ "kind": "redirect", "status": 307, "location": format!("/iroh/iroh-response{target}") }));
    let e = block_on(c.trigger(&url)).unwrap_err();
    assert_eq!((e.kind, e.status), (ErrorKind::BadResponse, Some(307)), "{e}");
    assert!(e.outcome_unknown && e.message.contains("redirect"), "{e}");
    let triggers: Vec<Value> = t.events().into_iter().filter(|e| e["route"] == "trigger").collect();
    assert_eq!(triggers.len(), 1, "one request, none to the redirect target: {triggers:?}");
    assert!(!triggers[0]["path"].as_str().unwrap().contains("unblock"));
    // Redirects on the other routes are refused the same way.
    t.fault("inspect", Some(1), json!({ "kind": "redirect", "status": 302, "location": "/iroh/iroh-inspect/inspect" }));
    let e = block_on(c.inspect("evil.com")).unwrap_err();
    assert!(e.kind == ErrorKind::BadResponse && e.message.contains("redirect"), "{e}");
    assert_eq!(t.count("inspect"), 1);
}

/// Standard base64 with padding (what a Basic header carries).
fn base64(input: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for c in input.chunks(3) {
        let n = (c[0] as u32) << 16 | (*c.get(1).unwrap_or(&0) as u32) << 8 | *c.get(2).unwrap_or(&0) as u32;
        for i in 0..4 {
            out.push(if i <= c.len() { T[(n >> (18 - 6 * i) & 63) as usize] as char } else { '=' });
        }
    }
    out
}

fn percent(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() || b"-._~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

/// Which of the secret's forms has a run of 12 bytes or more in `text`.
fn leaked(text: &str, secrets: &[String]) -> Option<String> {
    let mut forms = Vec::new();
    for s in secrets {
        let json = serde_json::to_string(s).unwrap();
        forms.extend([s.clone(), percent(s), json[1..json.len() - 1].to_string()]);
    }
    for f in forms {
        if let Some(w) = f.as_bytes().windows(12).find(|w| text.as_bytes().windows(12).any(|t| t == *w)) {
            return Some(String::from_utf8_lossy(w).into_owned());
        }
    }
    None
}

#[test]
fn regression_echoed_secret_token_and_basic_header_are_redacted_on_every_route() {
    // A secret with characters that JSON and percent-encoding change.
    let secret = format!("Xq9/\"p@ss\" & 100% é+{}-Zt7w2Lk0Vb", std::process::id());
    let t = tenant(ALL, json!({}));
    control("clients", json!({ "client_id": t.id, "client_secret": secret, "scopes": ALL }));
    let endpoint = Endpoint::new(None, Some(standin()), None).unwrap();
    let c = Client::new(UreqTransport::default(), endpoint, TokenSource::Credentials(Credentials::new(&t.id, &secret).unwrap()));
    let obs = [Observable { kind: "domain".into(), value: "evil.com".into() }];
    let url = umbrella_block(&c);
    let mut secrets = vec![secret.clone(), base64(format!("{}:{secret}", t.id).as_bytes())];
    let mut table = Vec::new();
    for route in ["token", "inspect", "respond_observables", "trigger", "deliberate", "refer"] {
        for status in [500, 403, 400, 404, 200] {
            if route == "token" {
                control("tokens/revoke", json!({ "client_id": t.id })); // the next call exchanges a token
            }
            t.fault(route, Some(1), json!({ "kind": "echo", "status": status }));
            let got = block_on(async {
                match route {
                    "token" | "inspect" => c.inspect("evil.com").await.map(|v| serde_json::to_string(&v).unwrap()),
                    "respond_observables" => c.actions(&obs).await.map(|v| serde_json::to_string(&v).unwrap()),
                    "trigger" => c.trigger(&url).await.map(|v| serde_json::to_string(&v).unwrap()),
                    "deliberate" => c.verdicts(&obs).await.map(|v| serde_json::to_string(&v).unwrap()),
                    _ => c.pivots(&obs).await.map(|v| serde_json::to_string(&v).unwrap()),
                }
            });
            let seen = t.events().into_iter().rev().find(|e| e["route"] == route).map(|e| e["fault"] == "echo");
            assert_eq!(seen, Some(true), "{route} {status}: the echo fault answered");
            if let Some(tok) = c.token_snapshot() {
                if !secrets.contains(&tok.access_token) {
                    secrets.push(tok.access_token);
                }
            }
            // What JS would see: the returned object, or the error's fields and message.
            let out = match &got {
                Ok(json) => json.clone(),
                Err(e) => format!("{} {}", serde_json::to_string(e).unwrap(), e),
            };
            table.push(format!("{route} {status}: {}", out.chars().take(160).collect::<String>()));
            if let Some(w) = leaked(&out, &secrets) {
                panic!("{route} echo {status} leaks \"{w}\": {out}");
            }
            // Everything but a 400 or 200 from the token route (whose messages quote nothing) shows the echo.
            if !(route == "token" && (status == 400 || status == 200)) {
                assert!(out.contains("[redacted]"), "{route} {status}: the echo reached the output, redacted: {out}");
            }
        }
    }
    println!("{}", table.join("\n"));
}

#[test]
fn verdicts_and_pivots_from_the_enrich_modules() {
    let t = tenant(ALL, json!({}));
    let c = t.client(None);
    let obs = [
        Observable { kind: "domain".into(), value: "evil.com".into() },
        Observable { kind: "domain".into(), value: "cisco.com".into() },
        Observable { kind: "ip".into(), value: "198.51.100.9".into() },
    ];
    let v = block_on(c.verdicts(&obs)).unwrap();
    let worst: Vec<&str> = v.observables.iter().map(|o| o.disposition_name.as_str()).collect();
    assert_eq!(worst, ["Malicious", "Clean", "Unknown"]);
    assert!(v.errors.iter().any(|e| e.code.as_deref() == Some("module-timeout")), "slow module reported: {:?}", v.errors);
    let p = block_on(c.pivots(&obs)).unwrap();
    assert!(p.pivots.iter().any(|p| p.clickable && p.observable.as_ref() == Some(&obs[0])), "{:?}", p.pivots);
    assert_eq!(t.count("token"), 1);

    let no_enrich = tenant(&["inspect:read", "response"], json!({}));
    let e = block_on(no_enrich.client(None).verdicts(&obs)).unwrap_err();
    assert_eq!(e.kind, ErrorKind::MissingScope);
    assert!(e.missing_scopes.iter().any(|s| s.starts_with("enrich")), "{:?}", e.missing_scopes);
}
