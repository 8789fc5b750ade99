//! Sign-in (issue 16) with the core against the running stand-in over real HTTP: the test plays
//! the browser (opens the authorize URL the core built, submits the login form, hands the
//! redirect back), so the core's PKCE challenge is checked by the stand-in's own SHA-256, and
//! the stand-in's event log witnesses refreshes, revocations and whose token each call carried.
#![cfg(not(target_arch = "wasm32"))]

use securex_respond::native::UreqTransport;
use securex_respond::oauth::Session;
use securex_respond::{Client, Endpoint, ErrorKind, Observable, TokenSource};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

mod shared_clock;
use shared_clock::{shared_clock, SharedClock, Shifted};

const REDIRECT: &str = "https://kbfnbcaeplbcioakkpcpgfkobkghlhen.chromiumapp.org/";

fn standin() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| standin::spawn(standin::Config::default()).url)
}

fn control(path: &str, body: Value) -> Value {
    ureq::post(&format!("{}/__standin/{path}", standin())).set("X-Standin-Control", "1").send_json(body).unwrap().into_json().unwrap()
}

fn events(id: &str) -> Vec<Value> {
    ureq::get(&format!("{}/__standin/events?client_id={id}", standin())).set("X-Standin-Control", "1").call().unwrap().into_json().unwrap()
}

fn count(id: &str, route: &str) -> usize {
    events(id).iter().filter(|e| e["route"] == route).count()
}

/// A public auth-code client on the stand-in, unique per test.
fn auth_code_client(extra: Value) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    let id = format!("client-signin-core-{}-{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst));
    let mut body = json!({ "client_id": id, "client_secret": "", "scopes": ["inspect:read", "response", "enrich:read"],
                           "grants": ["auth-code"], "redirects": ["https://*.chromiumapp.org/"], "public": true });
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    control("clients", body);
    id
}

fn client(id: &str) -> Client<UreqTransport> {
    let endpoint = Endpoint::new(None, Some(standin()), None).unwrap();
    Client::new(UreqTransport::default(), endpoint, TokenSource::SignIn(Session::new(id, None, None).unwrap()))
}

/// Plays the browser: the login page at the core's authorize URL, then the form; returns where
/// the stand-in redirected.
fn browser_login(authorize_url: &str, user: &str) -> String {
    let agent = ureq::AgentBuilder::new().redirects(0).build();
    let page = agent.get(authorize_url).call().unwrap().into_string().unwrap();
    assert!(page.contains("name=\"username\""), "{page}");
    let query = authorize_url.split_once('?').unwrap().1;
    let form = format!("{query}&username={user}&password={user}-password&decision=allow");
    let r = match agent.post(&format!("{}/iroh/oauth2/authorize", standin())).set("Content-Type", "application/x-www-form-urlencoded").send_string(&form) {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(r.status(), 302);
    r.header("location").unwrap().to_string()
}

fn signed_in(id: &str, user: &str) -> Client<UreqTransport> {
    let c = client(id);
    let p = c.begin_sign_in(REDIRECT, &random()).unwrap();
    let back = browser_login(&p.authorize_url, user);
    let who = pollster::block_on(c.complete_sign_in(&p, &back)).unwrap();
    assert!(who.user.starts_with(if user == "alice" { "Alice Analyst" } else { "Bob Responder" }), "{}", who.user);
    c
}

/// Signed in, with the clock the core shares with the stand-in (for this client).
fn signed_in_with_clock(id: &str, user: &str) -> (Client<Shifted>, SharedClock) {
    let (transport, clock) = shared_clock(standin(), id);
    let c = Client::new(transport, Endpoint::new(None, Some(standin()), None).unwrap(), TokenSource::SignIn(Session::new(id, None, None).unwrap()));
    let p = c.begin_sign_in(REDIRECT, &random()).unwrap();
    let back = browser_login(&p.authorize_url, user);
    pollster::block_on(c.complete_sign_in(&p, &back)).unwrap();
    (c, clock)
}

fn random() -> Vec<u8> {
    let seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64;
    (0..48u64).map(|i| (seed.rotate_left(i as u32 % 64) ^ (i * 0x9e37_79b9)) as u8).collect()
}

fn obs() -> Vec<Observable> {
    vec![Observable { kind: "domain".into(), value: "evil.com".into() }]
}

#[test]
fn signed_in_calls_and_a_trigger_carry_the_person() {
    let id = auth_code_client(json!({}));
    let c = signed_in(&id, "alice");
    let actions = pollster::block_on(c.actions(&obs())).unwrap();
    let block = actions.actions.iter().find(|a| a.title == "Block this domain").expect("Umbrella's block action");
    let r = pollster::block_on(c.trigger(&block.url)).unwrap();
    assert!(r.succeeded);
    let ev = events(&id);
    let trig: Vec<&Value> = ev.iter().filter(|e| e["route"] == "trigger").collect();
    assert_eq!((trig.len(), trig[0]["user"].as_str(), trig[0]["executed"].as_bool()), (1, Some("alice"), Some(true)));
    assert_eq!(count(&id, "token"), 1, "the code exchange only");
    let info = pollster::block_on(c.check_connection()).unwrap();
    assert!(info.missing_scopes.is_empty() && info.enrich);
}

#[test]
fn refresh_after_expiry_keeps_the_rotated_token_and_a_revoked_one_signs_out() {
    let id = auth_code_client(json!({}));
    let (c, clock) = signed_in_with_clock(&id, "bob");
    let first = c.session_state().unwrap().refresh_token.unwrap();
    clock.advance(600.0);
    pollster::block_on(c.actions(&obs())).unwrap();
    let second = c.session_state().unwrap().refresh_token.unwrap();
    assert_ne!(first, second, "rotated");
    clock.advance(600.0);
    pollster::block_on(c.actions(&obs())).unwrap();
    assert_eq!(count(&id, "token"), 3, "the exchange and two refreshes, each with the newest token (a stale one would revoke the sign-in)");
    assert!(events(&id).iter().filter(|e| e["route"] == "respond_observables").all(|e| e["user"] == "bob"));
    // Revoked at the server: the next call's refresh is refused once, then nothing more is sent.
    control("signin/revoke", json!({ "client_id": id }));
    clock.advance(600.0);
    let e = pollster::block_on(c.actions(&obs())).unwrap_err();
    assert_eq!((e.kind, e.sign_in), (ErrorKind::SignedOut, true));
    assert!(!c.session_state().unwrap().signed_in);
    let n = events(&id).len();
    assert_eq!(pollster::block_on(c.actions(&obs())).unwrap_err().kind, ErrorKind::SignedOut);
    assert_eq!(events(&id).len(), n, "signed out: no request");
}

#[test]
fn a_401_refreshes_once_and_replays_once() {
    let id = auth_code_client(json!({}));
    let c = signed_in(&id, "alice");
    control(
        "faults",
        json!({ "client_id": id, "route": "respond_observables", "times": 1, "fault": { "kind": "status", "status": 401, "body": "{\"error\":\"invalid_jwt\"}" } }),
    );
    pollster::block_on(c.actions(&obs())).unwrap();
    assert_eq!(count(&id, "token"), 2, "one refresh");
    assert_eq!(count(&id, "respond_observables"), 2, "one replay");
}

#[test]
fn sign_out_removes_the_app_grant_at_the_stand_in() {
    let id = auth_code_client(json!({}));
    let c = signed_in(&id, "alice");
    let refresh = c.session_state().unwrap().refresh_token.unwrap();
    pollster::block_on(c.sign_out()).unwrap();
    // No revocation endpoint exists upstream: the person's grant is removed (contract §2c).
    assert_eq!((count(&id, "app_grant_revoke"), count(&id, "revoke")), (1, 0));
    let other = Client::new(
        UreqTransport::default(),
        Endpoint::new(None, Some(standin()), None).unwrap(),
        TokenSource::SignIn(Session::new(&id, Some(refresh), None).unwrap()),
    );
    assert_eq!(pollster::block_on(other.actions(&obs())).unwrap_err().kind, ErrorKind::SignedOut, "the revoked refresh token is refused");
}

/// XDR's default kind of client (contract §2c): confidential, HTTP Basic with its password on
/// the code exchange and every refresh. Without the password the stand-in refuses it, as
/// upstream does (401 invalid_client).
#[test]
fn a_confidential_client_signs_in_with_basic_and_is_refused_without_it() {
    let id = auth_code_client(json!({ "public": false, "client_type": "confidential", "password": "conf-pw-0123456789" }));
    let endpoint = || Endpoint::new(None, Some(standin()), None).unwrap();
    let conf = |pw: Option<&str>| Session::new(&id, None, None).unwrap().with_password(pw.map(str::to_string)).unwrap();
    let c = Client::new(UreqTransport::default(), endpoint(), TokenSource::SignIn(conf(Some("conf-pw-0123456789"))));
    let p = c.begin_sign_in(REDIRECT, &random()).unwrap();
    let back = browser_login(&p.authorize_url, "alice");
    let who = pollster::block_on(c.complete_sign_in(&p, &back)).unwrap();
    assert!(who.user.starts_with("Alice Analyst"), "whoami names the person: {}", who.user);
    pollster::block_on(c.actions(&obs())).unwrap();
    // As a public client (no password): refused at the exchange, with what to check.
    let public = Client::new(UreqTransport::default(), endpoint(), TokenSource::SignIn(conf(None)));
    let p = public.begin_sign_in(REDIRECT, &random()).unwrap();
    let back = browser_login(&p.authorize_url, "alice");
    let e = pollster::block_on(public.complete_sign_in(&p, &back)).unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidCredentials, "{}", e.message);
}

/// A person's token carries the scopes requested ∩ held by the client (∩ the person's): the
/// features the rest would need are off, with the reason.
#[test]
fn the_granted_scopes_switch_features_off() {
    let id = auth_code_client(json!({ "scopes": ["inspect:read", "response"] }));
    let c = signed_in(&id, "alice");
    let info = pollster::block_on(c.check_connection()).unwrap();
    assert_eq!(info.scopes, ["inspect:read", "response"]);
    let off: Vec<&str> = info.features.iter().filter(|f| !f.on).map(|f| f.id).collect();
    assert_eq!(off, ["enrich", "casebooks"]);
    assert!(info.user.as_deref().is_some_and(|u| u.starts_with("Alice Analyst")));
    assert_eq!(count(&id, "whoami"), 2, "once at sign-in, once for Test connection");
}
