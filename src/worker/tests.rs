//! The worker's flows with the fake host and the real stand-in over HTTP: every API call the
//! worker makes reaches the stand-in, whose event log witnesses what was sent.

use super::fake::{poll_once, FakeHost};
use super::host::Area;
use super::*;
use serde_json::{json, Value};
use std::pin::pin;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

fn standin() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| standin::spawn(standin::Config::default()).url)
}

fn control(path: &str, body: Value) {
    ureq::post(&format!("{}/__standin/{path}", standin())).set("X-Standin-Control", "1").send_json(body).unwrap();
}

fn events(id: &str) -> Vec<Value> {
    ureq::get(&format!("{}/__standin/events?client_id={id}", standin())).set("X-Standin-Control", "1").call().unwrap().into_json().unwrap()
}

fn routes(id: &str) -> Vec<String> {
    events(id).iter().map(|e| e["route"].as_str().unwrap_or("").to_string()).collect()
}

fn count(id: &str, route: &str) -> usize {
    routes(id).iter().filter(|r| *r == route).count()
}

fn unique(kind: &str) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    format!("client-worker-{kind}-{}-{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst))
}

const FULL: &[&str] = &["inspect:read", "response", "enrich:read", "casebook"];

/// A shared API client on the stand-in; its id and secret.
fn tenant() -> (String, String) {
    let id = unique("shared");
    let secret = format!("S3CRET-{id}-never-shown");
    control("clients", json!({ "client_id": id, "client_secret": secret, "scopes": FULL }));
    (id, secret)
}

/// A public auth-code client on the stand-in.
fn auth_code_client() -> String {
    let id = unique("signin");
    control(
        "clients",
        json!({ "client_id": id, "client_secret": "", "scopes": FULL, "grants": ["auth-code"], "redirects": ["https://*.chromiumapp.org/"], "public": true }),
    );
    id
}

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    pollster::block_on(f)
}

fn send(w: &Worker<FakeHost>, msg: Value) -> Result<Value, Value> {
    block_on(w.handle_value(&msg)).expect("a message of the worker").reply
}

fn ok(w: &Worker<FakeHost>, msg: Value) -> Value {
    send(w, msg.clone()).unwrap_or_else(|e| panic!("{msg}: {e}"))
}

/// A worker set up in the shared mode with the tenant's client, secret for this session.
fn shared(host: &FakeHost, id: &str, secret: &str) -> Worker<FakeHost> {
    let w = Worker::new(host.clone());
    let form = json!({ "authMode": "shared", "baseUrl": standin(), "privateIntelUrl": standin(), "clientId": id, "clientSecret": secret, "remember": "session" });
    let s = ok(&w, json!({ "type": "options→sw:save", "settings": form }));
    assert_eq!(s["hasSecret"], true, "{s}");
    w
}

fn signed_in(host: &FakeHost, id: &str) -> Worker<FakeHost> {
    let w = Worker::new(host.clone());
    let form = json!({ "authMode": "signin", "baseUrl": standin(), "privateIntelUrl": standin(), "clientId": id });
    let s = ok(&w, json!({ "type": "options→sw:signin", "settings": form }));
    assert_eq!(s["signedIn"], true, "{s}");
    w
}

fn evil() -> Value {
    json!([{ "type": "domain", "value": "evil.com" }])
}

/// The Umbrella block action for evil.com.
fn block_action(w: &Worker<FakeHost>) -> Value {
    let acts = ok(w, json!({ "type": "view→sw:actions", "observables": evil() }));
    acts["actions"].as_array().unwrap().iter().find(|a| a["module"] == "Umbrella" && a["title"] == "Block this domain").cloned().expect("the Umbrella block")
}

fn tokens_left(host: &FakeHost) -> bool {
    ["token", "signin"].iter().any(|k| host.area(Area::Session).contains_key(*k) || host.area(Area::Local).contains_key(*k))
}

#[test]
fn settings_save_load_and_the_secret_never_reaches_a_page() {
    let (id, secret) = tenant();
    let host = FakeHost::new();
    let w = shared(&host, &id, &secret);
    let s = ok(&w, json!({ "type": "options→sw:load" }));
    assert!(!s.to_string().contains(&secret), "{s}");
    assert_eq!(s["clientId"], id.as_str());
    let status = ok(&w, json!({ "type": "view→sw:status" }));
    assert!(status["menu"].is_object() && !status.to_string().contains(&secret));
    // Prefs: saved at once, in storage.local.
    let s = ok(&w, json!({ "type": "options→sw:prefs", "prefs": { "enrich": false } }));
    assert_eq!(s["enrich"], false);
    let e = send(&w, json!({ "type": "view→sw:verdicts", "observables": evil() })).unwrap_err();
    assert!(e["message"].as_str().unwrap().contains("turned off"), "{e}");
    assert_eq!(count(&id, "verdicts") + count(&id, "deliberate"), 0, "refused before anything was sent");
    // Test connection with the form, on a client of its own.
    let info = ok(&w, json!({ "type": "options→sw:test", "settings": { "baseUrl": standin(), "clientId": id, "clientSecret": secret } }));
    assert!(info["scopes"].as_array().unwrap().iter().any(|s| s == "response"), "{info}");
    // A bad message says what it takes.
    let e = send(&w, json!({ "type": "options→sw:stay", "stay": "yes" })).unwrap_err();
    assert_eq!(e["code"], "bad-input");
    assert!(block_on(w.handle_value(&json!({ "type": "evil→sw:nope" }))).is_none());
}

#[test]
fn a_call_saves_its_token_and_a_new_worker_reuses_it_without_an_exchange() {
    let (id, secret) = tenant();
    let host = FakeHost::new();
    let w = shared(&host, &id, &secret);
    ok(&w, json!({ "type": "view→sw:actions", "observables": evil() }));
    assert_eq!(count(&id, "token"), 1);
    assert!(host.area(Area::Session)["token"]["state"]["accessToken"].is_string());
    assert_eq!(host.0.badge.borrow().as_str(), "", "the busy badge is cleared");
    drop(w); // the worker stops
    let w = Worker::new(host.clone());
    ok(&w, json!({ "type": "view→sw:actions", "observables": evil() }));
    assert_eq!(count(&id, "token"), 1, "the saved token served the new worker");
    assert!(!host.calls().iter().any(|c| c.contains(&secret)));
}

#[test]
fn a_trigger_needs_its_confirmation_and_is_sent_once() {
    let (id, secret) = tenant();
    let host = FakeHost::new();
    let w = shared(&host, &id, &secret);
    let action = block_action(&w);
    let e = send(&w, json!({ "type": "view→sw:trigger", "action": action, "nonce": "made-up" })).unwrap_err();
    assert_eq!(e["code"], "bad-input", "{e}");
    assert_eq!(count(&id, "trigger"), 0);
    let nonce = ok(&w, json!({ "type": "view→sw:confirm", "action": action["url"] }))["nonce"].clone();
    // A worker stop between confirm and trigger loses nothing.
    let w = Worker::new(host.clone());
    let r = ok(&w, json!({ "type": "view→sw:trigger", "action": action, "nonce": nonce }));
    assert_eq!(r["succeeded"], true, "{r}");
    assert!(r.get("auditNote").is_none(), "no casebook chosen");
    let again = send(&w, json!({ "type": "view→sw:trigger", "action": action, "nonce": nonce })).unwrap_err();
    assert_eq!(again["code"], "bad-input", "a nonce is used once: {again}");
    assert_eq!(count(&id, "trigger"), 1);
}

#[test]
fn a_storage_failure_after_a_trigger_never_turns_it_into_a_failure() {
    let (id, secret) = tenant();
    let host = FakeHost::new();
    let w = shared(&host, &id, &secret);
    let action = block_action(&w);
    let nonce = ok(&w, json!({ "type": "view→sw:confirm", "action": action }))["nonce"].clone();
    host.close("send POST /iroh/iroh-response/respond/trigger");
    let msg = json!({ "type": "view→sw:trigger", "action": action, "nonce": nonce });
    let mut fut = pin!(w.handle_value(&msg));
    assert!(poll_once(fut.as_mut()).is_pending());
    assert_eq!(host.waiting("send POST /iroh/iroh-response/respond/trigger"), 1, "{:?}", host.calls());
    host.fail("set session"); // every write from now on fails
    host.fail("remove session");
    host.open("send POST /iroh/iroh-response/respond/trigger");
    let r = block_on(fut).unwrap().reply.expect("the trigger was sent and answered");
    assert_eq!(r["succeeded"], true);
    assert_eq!(count(&id, "trigger"), 1);
    assert!(host.0.warnings.borrow().iter().any(|w| w.contains("saving the token")), "{:?}", host.0.warnings.borrow());
    assert!(!host.0.warnings.borrow().iter().any(|w| w.contains(&secret)));
}

#[test]
fn an_audit_note_goes_to_the_chosen_casebook_when_turned_on() {
    let (id, secret) = tenant();
    let host = FakeHost::new();
    let w = shared(&host, &id, &secret);
    let book = ok(&w, json!({ "type": "view→sw:createCasebook", "casebook": { "title": "Incident 4711", "observables": evil() } }));
    let book_id = book["id"].as_str().unwrap().to_string();
    let action = block_action(&w);
    // Off by default: no note.
    let nonce = ok(&w, json!({ "type": "view→sw:confirm", "action": action }))["nonce"].clone();
    let r = ok(&w, json!({ "type": "view→sw:trigger", "action": action, "nonce": nonce, "casebook": book_id }));
    assert!(r.get("auditNote").is_none());
    assert_eq!(count(&id, "casebook_texts"), 0);
    ok(&w, json!({ "type": "options→sw:prefs", "prefs": { "auditNote": true } }));
    let nonce = ok(&w, json!({ "type": "view→sw:confirm", "action": action }))["nonce"].clone();
    let r = ok(&w, json!({ "type": "view→sw:trigger", "action": action, "nonce": nonce, "casebook": book_id }));
    assert_eq!(r["auditNote"]["casebook"], "Incident 4711", "{r}");
    assert!(r["auditNote"]["text"].as_str().unwrap().contains("Block this domain (Umbrella) on domain evil.com: success"), "{r}");
    let rs = routes(&id);
    assert!(rs.iter().rposition(|r| r == "casebook_texts") > rs.iter().rposition(|r| r == "trigger"), "the note after the trigger");
}

#[test]
fn sign_in_sign_out_and_stay_with_the_generation() {
    let id = auth_code_client();
    let host = FakeHost::new();
    let w = signed_in(&host, &id);
    assert!(host.area(Area::Session).contains_key("signin"), "session by default");
    let g0 = host.area(Area::Local)["signinGeneration"].as_u64().unwrap();
    ok(&w, json!({ "type": "view→sw:actions", "observables": evil() }));
    let s = ok(&w, json!({ "type": "options→sw:stay", "stay": true }));
    assert_eq!(s["signedIn"], true);
    assert!(host.area(Area::Local)["signin"]["ct"].is_string(), "kept on this device, sealed");
    assert!(!host.area(Area::Session).contains_key("signin"));
    let s = ok(&w, json!({ "type": "options→sw:signout" }));
    assert_eq!(s["signedIn"], false, "{s}");
    assert!(s.get("revokeError").is_none(), "{s}");
    assert!(!tokens_left(&host), "{}", host.dump());
    assert_eq!(host.area(Area::Local)["signinGeneration"].as_u64().unwrap(), g0 + 1);
    assert_eq!(count(&id, "app_grant_revoke"), 1, "the grant was revoked on the server");
    let e = send(&w, json!({ "type": "view→sw:actions", "observables": evil() })).unwrap_err();
    assert_eq!(e["signIn"], true, "{e}");
    // A closed auth window says what to do.
    *host.0.user.borrow_mut() = String::new();
    let e = send(&w, json!({ "type": "view→sw:signin" })).unwrap_err();
    assert!(e["message"].as_str().unwrap().contains("Sign in again"), "{e}");
}

/// Sign-out while a trigger is in flight: the trigger ends as sent, and afterwards no token is
/// left in either area and nothing more reaches the stand-in.
#[test]
fn sign_out_while_a_trigger_is_in_flight() {
    let id = auth_code_client();
    let host = FakeHost::new();
    let w = signed_in(&host, &id);
    let action = block_action(&w);
    let nonce = ok(&w, json!({ "type": "view→sw:confirm", "action": action }))["nonce"].clone();
    let gate = "send POST /iroh/iroh-response/respond/trigger";
    host.close(gate);
    let msg = json!({ "type": "view→sw:trigger", "action": action, "nonce": nonce });
    let mut trig = pin!(w.handle_value(&msg));
    assert!(poll_once(trig.as_mut()).is_pending());
    assert_eq!(host.waiting(gate), 1);
    ok(&w, json!({ "type": "options→sw:signout" }));
    assert!(!tokens_left(&host));
    host.open(gate);
    let r = block_on(trig).unwrap().reply;
    let seen = routes(&id);
    assert!(!tokens_left(&host), "the trigger's client wrote no token back: {}", host.dump());
    // Whatever the trigger's answer, nothing more went out after it.
    let after = send(&w, json!({ "type": "view→sw:actions", "observables": evil() }));
    assert!(after.is_err());
    assert_eq!(routes(&id), seen, "no API call after the sign-out's in-flight trigger ({r:?})");
}

/// Sign-out while a verdicts call gets ready: it is not sent at all.
#[test]
fn sign_out_while_a_verdicts_call_waits() {
    let id = auth_code_client();
    let host = FakeHost::new();
    let w = signed_in(&host, &id);
    ok(&w, json!({ "type": "view→sw:actions", "observables": evil() })); // the access token is cached
    let gate = "permission";
    host.close(gate);
    let msg = json!({ "type": "view→sw:verdicts", "observables": evil() });
    let mut call = pin!(w.handle_value(&msg));
    assert!(poll_once(call.as_mut()).is_pending());
    assert_eq!(host.waiting(gate), 1);
    let signout = block_on(w.handle_value(&json!({ "type": "options→sw:signout" }))).unwrap().reply.unwrap();
    assert_eq!(signout["signedIn"], false);
    host.open(gate);
    let e = block_on(call).unwrap().reply.expect_err("refused: signed out meanwhile");
    assert_eq!(e["code"], "signed-out", "{e}");
    assert_eq!(count(&id, "deliberate"), 0, "the verdicts call never reached the stand-in: {:?}", routes(&id));
    assert!(!tokens_left(&host));
}
