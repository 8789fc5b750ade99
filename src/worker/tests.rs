//! The worker's flows with the fake host and the real stand-in over HTTP: every API call the
//! worker makes reaches the stand-in, whose event log witnesses what was sent.

use super::bulk::{bound_scan, SCAN_STORE_CAP};
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
    let form =
        json!({ "authMode": "shared", "baseUrl": standin(), "privateIntelUrl": standin(), "clientId": id, "clientSecret": secret, "remember": "session" });
    let s = ok(&w, json!({ "type": "options→sw:save", "settings": form }));
    assert_eq!(s["hasSecret"], true, "{s}");
    w
}

/// A tenant of the stand-in, a fake host and a worker set up with the tenant's shared secret.
fn connected() -> (String, String, FakeHost, Worker<FakeHost>) {
    let (id, secret) = tenant();
    let host = FakeHost::new();
    let w = shared(&host, &id, &secret);
    (id, secret, host, w)
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
    let (id, secret, _, w) = connected();
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
    let (id, secret, host, w) = connected();
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
    let (id, _, host, w) = connected();
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
    let (id, secret, host, w) = connected();
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
    let (id, _, _, w) = connected();
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

/// A refresh that rotates the refresh token in the middle of a call is saved at once: a worker
/// stopped before the call ends wakes up with the new one.
#[test]
fn a_refresh_mid_call_is_saved_before_the_call_ends() {
    let id = auth_code_client();
    let host = FakeHost::new();
    let w = signed_in(&host, &id);
    let old = host.area(Area::Session)["signin"]["refreshToken"].as_str().unwrap().to_string();
    let fault = json!({ "kind": "status", "status": 401, "body": "{\"error\":\"invalid_jwt\"}" });
    control("faults", json!({ "client_id": id, "route": "respond_observables", "times": 1, "fault": fault }));
    let gate = "send POST /iroh/iroh-response/respond/observables";
    host.close_after(gate, 1); // the first try (401) goes; the replay waits
    let msg = json!({ "type": "view→sw:actions", "observables": evil() });
    let mut call = pin!(w.handle_value(&msg));
    assert!(poll_once(call.as_mut()).is_pending());
    assert_eq!(host.waiting(gate), 1, "{:?}", host.calls());
    let now = host.area(Area::Session)["signin"]["refreshToken"].as_str().unwrap().to_string();
    assert_ne!(now, old, "the rotated refresh token is stored while the call still waits");
    host.open(gate);
    assert!(block_on(call).unwrap().reply.is_ok());
}

// ---------- the bulk run ----------

const DOMAINS: [&str; 3] = ["evil.com", "bad.example", "c2.test"];

/// The confirmation's groups for the Umbrella block of each domain, as the panel gets them.
fn groups(w: &Worker<FakeHost>) -> Value {
    let obs: Vec<Value> = DOMAINS.iter().map(|d| json!({ "type": "domain", "value": d })).collect();
    let acts = ok(w, json!({ "type": "scan→sw:actions", "observables": obs }));
    let blocks: Vec<Value> =
        acts["actions"].as_array().unwrap().iter().filter(|a| a["module"] == "Umbrella" && a["title"] == "Block this domain").cloned().collect();
    assert_eq!(blocks.len(), DOMAINS.len(), "{acts}");
    serde_json::to_value(crate::scan::run::plan(&blocks)).unwrap()
}

fn urls(groups: &Value) -> Vec<Value> {
    groups.as_array().unwrap().iter().flat_map(|g| g["actions"].as_array().unwrap().iter().map(|a| a["url"].clone())).collect()
}

fn start_msg(w: &Worker<FakeHost>, groups: &Value, casebook: Option<&str>) -> Value {
    let nonces = ok(w, json!({ "type": "scan→sw:run-confirm", "urls": urls(groups) }))["nonces"].clone();
    json!({ "type": "scan→sw:run-start", "groups": groups, "nonces": nonces, "casebook": casebook })
}

fn stored_run(host: &FakeHost) -> Value {
    host.area(Area::Session)[store::RUN].clone()
}

fn states(host: &FakeHost) -> Vec<String> {
    stored_run(host)["rows"].as_array().unwrap().iter().map(|r| r["state"].as_str().unwrap().to_string()).collect()
}

/// Triggers the stand-in saw per action url.
fn triggered(id: &str, groups: &Value) -> Vec<usize> {
    let ev = events(id);
    urls(groups)
        .iter()
        .map(|u| ev.iter().filter(|e| e["route"] == "trigger" && e["path_and_query"].as_str().unwrap().ends_with(u.as_str().unwrap())).count())
        .collect()
}

#[test]
fn a_bulk_run_sends_each_row_once_and_notes_each_in_the_casebook() {
    let (id, _, host, w) = connected();
    ok(&w, json!({ "type": "options→sw:prefs", "prefs": { "auditNote": true } }));
    let book =
        ok(&w, json!({ "type": "view→sw:createCasebook", "casebook": { "title": "Bulk 1", "observables": evil() } }))["id"].as_str().unwrap().to_string();
    let g = groups(&w);
    let handled = block_on(w.handle_value(&start_msg(&w, &g, Some(&book)))).unwrap();
    assert!(handled.run_loop, "the shell drives the loop");
    assert_eq!(handled.reply.unwrap()["state"], "running");
    block_on(w.run_loop()).unwrap();
    assert_eq!(states(&host), vec!["succeeded"; 3]);
    assert_eq!(triggered(&id, &g), vec![1, 1, 1]);
    assert_eq!(count(&id, "casebook_texts"), 3, "one audit note per row");
    assert_eq!(host.area(Area::Session)[bulk::AUDIT]["written"], 3);
    // The panel reads the counts with the run.
    let state = ok(&w, json!({ "type": "scan→sw:run-state" }));
    assert_eq!((state["audit"]["written"].clone(), state["audit"]["failed"].clone()), (json!(3), json!(0)), "{state}");
    assert_eq!(state["audit"]["casebook"], book.as_str());
    // The confirmations are used up: the same start again is refused, nothing sent.
    let again = json!({ "type": "scan→sw:run-start", "groups": g, "nonces": vec!["x"; 3] });
    assert!(send(&w, again).is_err());
    assert_eq!(triggered(&id, &g), vec![1, 1, 1]);
}

/// A run started without a casebook answers no audit counts (an earlier run's are not its own).
#[test]
fn a_run_without_a_casebook_has_no_audit_counts() {
    let (id, _, _, w) = connected();
    ok(&w, json!({ "type": "options→sw:prefs", "prefs": { "auditNote": true } }));
    let g = groups(&w);
    assert!(block_on(w.handle_value(&start_msg(&w, &g, None))).unwrap().reply.is_ok());
    block_on(w.run_loop()).unwrap();
    let state = ok(&w, json!({ "type": "scan→sw:run-state" }));
    assert_eq!(state["state"], "done", "{state}");
    assert!(state.get("audit").is_none(), "{state}");
    assert_eq!(count(&id, "casebook_texts"), 0);
}

/// Two run-starts at once: one run, each url triggered exactly once.
#[test]
fn two_run_starts_at_once_trigger_each_url_once() {
    let (id, _, host, w) = connected();
    let g = groups(&w);
    let (a, b) = (start_msg(&w, &g, None), start_msg(&w, &g, None));
    host.close("get session");
    let mut fa = pin!(w.handle_value(&a));
    let mut fb = pin!(w.handle_value(&b));
    assert!(poll_once(fa.as_mut()).is_pending() && poll_once(fb.as_mut()).is_pending());
    host.open("get session");
    let (ra, rb) = block_on(futures_util::future::join(fa, fb));
    let (ra, rb) = (ra.unwrap(), rb.unwrap());
    assert!(ra.reply.is_ok() != rb.reply.is_ok(), "exactly one start: {:?} {:?}", ra.reply, rb.reply);
    assert_eq!(u8::from(ra.run_loop) + u8::from(rb.run_loop), 1, "one loop");
    let loser = if ra.reply.is_ok() { rb.reply } else { ra.reply };
    assert!(loser.unwrap_err()["message"].as_str().unwrap().contains("still going"));
    // Both loops driven (as a careless shell might): still once each.
    block_on(futures_util::future::join(w.run_loop(), w.run_loop())).0.unwrap();
    assert_eq!(triggered(&id, &g), vec![1, 1, 1]);
    assert_eq!(states(&host), vec!["succeeded"; 3]);
}

#[test]
fn stop_lets_only_the_row_in_flight_finish() {
    let (id, _, host, w) = connected();
    let g = groups(&w);
    ok(&w, start_msg(&w, &g, None));
    let gate = "send POST /iroh/iroh-response/respond/trigger";
    host.close(gate);
    let mut run = pin!(w.run_loop());
    assert!(poll_once(run.as_mut()).is_pending());
    assert_eq!(host.waiting(gate), 1);
    let stopped = ok(&w, json!({ "type": "scan→sw:run-stop" }));
    assert_eq!(stopped["stopRequested"], true, "{stopped}");
    host.open(gate);
    block_on(run).unwrap();
    assert_eq!(triggered(&id, &g).iter().sum::<usize>(), 1, "only the row in flight");
    assert_eq!(states(&host), vec!["succeeded", "pending", "pending"]);
    assert_eq!(stored_run(&host)["state"], "stopped");
}

#[test]
fn a_sign_out_mid_run_stops_it_before_the_next_row() {
    let id = auth_code_client();
    let host = FakeHost::new();
    let w = signed_in(&host, &id);
    let g = groups(&w);
    ok(&w, start_msg(&w, &g, None));
    let gate = "send POST /iroh/iroh-response/respond/trigger";
    host.close(gate);
    let mut run = pin!(w.run_loop());
    assert!(poll_once(run.as_mut()).is_pending());
    ok(&w, json!({ "type": "options→sw:signout" }));
    host.open(gate);
    block_on(run).unwrap();
    assert_eq!(triggered(&id, &g).iter().sum::<usize>(), 1, "nothing after the row in flight");
    assert_eq!(stored_run(&host)["state"], "stopped");
    assert_eq!(stored_run(&host)["stoppedBy"], "connection");
    assert!(!tokens_left(&host));
}

/// A worker stop between any two host calls of a run (every point, in turn): no url is
/// triggered twice, and the run always ends with every row settled (a row cut off mid-send is
/// "outcome unknown", never sent again).
#[test]
fn a_worker_stop_at_any_point_of_a_run_never_sends_a_row_twice() {
    let (id, secret) = tenant();
    // The calls an uninterrupted run makes.
    let whole = {
        let host = FakeHost::new();
        let w = shared(&host, &id, &secret);
        let g = groups(&w);
        ok(&w, start_msg(&w, &g, None));
        let before = host.calls().len();
        block_on(w.run_loop()).unwrap();
        host.calls().len() - before
    };
    assert!(whole > 10, "{whole}");
    let mut unknown_rows = 0;
    for stop_at in 0..whole {
        let (id, secret) = tenant();
        let host = FakeHost::new();
        let w = shared(&host, &id, &secret);
        let g = groups(&w);
        ok(&w, start_msg(&w, &g, None));
        host.stop_after(stop_at);
        {
            let mut run = pin!(w.run_loop());
            assert!(poll_once(run.as_mut()).is_pending(), "stopped at call {stop_at}");
        } // the worker stops: its loop is dropped mid-step
        drop(w);
        host.resume();
        let w = Worker::new(host.clone());
        if block_on(w.resume_run()).unwrap() {
            block_on(w.run_loop()).unwrap();
        }
        let sent = triggered(&id, &g);
        assert!(sent.iter().all(|n| *n <= 1), "stop at {stop_at}: {sent:?}");
        let st = states(&host);
        for (s, n) in st.iter().zip(&sent) {
            match (s.as_str(), n) {
                ("succeeded", 1) | ("outcome-unknown", _) => {}
                other => panic!("stop at {stop_at}: row {other:?} in {st:?}"),
            }
        }
        assert_eq!(stored_run(&host)["state"], "done", "stop at {stop_at}");
        unknown_rows += st.iter().filter(|s| *s == "outcome-unknown").count();
    }
    // Some stop points cut a row mid-send (3 rows: at least one point each), others between rows.
    assert!((DOMAINS.len()..whole).contains(&unknown_rows), "{unknown_rows} of {whole}");
}

#[test]
fn a_stored_scan_is_bounded_with_a_notice() {
    let obs: Vec<Value> = (0..2000).map(|i| json!({ "type": "domain", "value": format!("host-{i:05}.example"), "occurrences": [i] })).collect();
    let scan = json!({ "tabId": 1, "url": "https://x.test/", "observables": obs, "notices": [] });
    let cap = 50_000;
    let b = bound_scan(scan.clone(), cap, crate::view::text::Locale::En);
    assert!(serde_json::to_vec(&b).unwrap().len() <= cap);
    let kept = b["observables"].as_array().unwrap().len();
    assert!(kept > 100 && kept < 2000, "{kept}");
    assert_eq!(b["observables"][0]["value"], "host-00000.example", "page order kept");
    assert_eq!(b["leftOut"], 2000 - kept);
    assert!(b["notices"][0].as_str().unwrap().starts_with(&format!("{} of 2000 observables were left out", 2000 - kept)));
    assert_eq!(bound_scan(scan.clone(), usize::MAX, crate::view::text::Locale::En), scan, "a scan under the cap is kept as it is");
    // Stored through the worker: older scans removed, the bound applied.
    let host = FakeHost::new();
    let w = Worker::new(host.clone());
    block_on(w.put_scan("a", json!({ "observables": [] }))).unwrap();
    block_on(w.put_scan("b", scan)).unwrap();
    let session = host.area(Area::Session);
    assert!(!session.contains_key("scan:a") && session.contains_key("scan:b"));
    assert!(serde_json::to_vec(&session["scan:b"]).unwrap().len() <= SCAN_STORE_CAP);
}

#[test]
fn the_language_chosen_in_the_options_is_what_pages_read_before_their_first_words() {
    let w = Worker::new(FakeHost::new());
    // Nothing chosen: "" (each page follows the browser's UI language).
    assert_eq!(ok(&w, json!({ "type": "page→sw:language" })), json!({ "language": "" }));
    let s = ok(&w, json!({ "type": "options→sw:prefs", "prefs": { "language": "ja" } }));
    assert_eq!(s["language"], "ja", "{s}");
    assert_eq!(ok(&w, json!({ "type": "page→sw:language" })), json!({ "language": "ja" }));
    // The worker's own words follow the choice too, from the first page that asked.
    assert_eq!(w.say(&Text::ScanGone {}), Text::ScanGone {}.say(Locale::Ja));
    // Back to the browser's; a value not in the catalogue counts as that too.
    ok(&w, json!({ "type": "options→sw:prefs", "prefs": { "language": "tlh" } }));
    assert_eq!(ok(&w, json!({ "type": "page→sw:language" })), json!({ "language": "" }));
    assert_eq!(ok(&w, json!({ "type": "options→sw:load" }))["language"], "");
    assert_eq!(w.say(&Text::ScanGone {}), Text::ScanGone {}.say(Locale::En), "the fake browser's language");
}

#[test]
fn the_menu_entries_take_the_chosen_language_before_any_page_asks() {
    let w = Worker::new(FakeHost::new());
    let titles = |w: &Worker<FakeHost>| {
        let m = block_on(w.menus()).unwrap();
        m.as_array().unwrap().iter().map(|e| (e["id"].as_str().unwrap().to_string(), e["title"].as_str().unwrap().to_string())).collect::<Vec<_>>()
    };
    assert_eq!(
        titles(&w),
        vec![(super::MENU_RESPOND.to_string(), Text::MenuRespond {}.say(Locale::En)), (super::MENU_SCAN.to_string(), Text::MenuScan {}.say(Locale::En))]
    );
    ok(&w, json!({ "type": "options→sw:prefs", "prefs": { "language": "ja" } }));
    // A fresh worker (the browser restarted): no page has asked yet, the stored choice is read.
    let again = Worker::new(w.host().clone());
    assert_eq!(titles(&again)[0].1, Text::MenuRespond {}.say(Locale::Ja));
    assert_eq!(titles(&again)[1].1, Text::MenuScan {}.say(Locale::Ja));
}

/// Issue 22.3: the dispatch reads each payload into its typed input once. Confirmations an
/// older worker stored still count (unknown keys ignored, a whole-number `until`), malformed
/// ones are swept at the next write; a malformed payload is refused as bad input saying what
/// to send, and nothing is triggered.
#[test]
fn typed_inputs_keep_older_confirmations_and_refuse_malformed_payloads() {
    const A: &str = "/respond/trigger/m1/block?observable_type=domain&observable_value=evil.com";
    let host = FakeHost::new();
    let w = Worker::new(host.clone());
    let until = host.now_ms() as u64 + 60_000;
    host.put(
        Area::Session,
        store::CONFIRMS,
        json!({ "older": { "url": A, "until": until, "title": "Block" }, "odd": { "url": 3, "until": until }, "worse": "x" }),
    );
    let nonce = ok(&w, json!({ "type": "view→sw:confirm", "action": { "url": A, "title": "Block", "extra": [1] } }))["nonce"].as_str().unwrap().to_string();
    let stored = host.area(Area::Session)[store::CONFIRMS].clone();
    let mut keys: Vec<&str> = stored.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    let mut want = vec!["older", nonce.as_str()];
    want.sort_unstable();
    assert_eq!(keys, want, "{stored}");
    assert_eq!(stored["older"]["url"], A);
    assert_eq!(stored["older"]["until"].as_f64(), Some(until as f64));

    let e = send(&w, json!({ "type": "view→sw:confirm", "action": { "url": 7 } })).unwrap_err();
    assert_eq!((e["code"].as_str(), e["message"].as_str()), (Some("bad-input"), Some("Nothing to confirm: no action.")));
    let e = send(&w, json!({ "type": "view→sw:trigger", "action": ["not", "an action"], "nonce": nonce })).unwrap_err();
    assert_eq!(e["code"], "bad-input");
    assert!(e["message"].as_str().unwrap().contains("Confirm it again"), "{e}");
    let e = send(&w, json!({ "type": "scan→sw:run-confirm", "urls": [{ "title": "no url" }] })).unwrap_err();
    assert_eq!(e["message"], "Nothing to confirm: an action without a url.");
    let e = send(&w, json!({ "type": "scan→sw:run-start", "groups": "x", "nonces": [] })).unwrap_err();
    assert_eq!((e["code"].as_str(), e["message"].as_str()), (Some("bad-input"), Some("run-start takes the groups of the confirmation.")));
    assert!(!host.calls().iter().any(|c| c.starts_with("send ")), "nothing sent: {:?}", host.calls());
}
