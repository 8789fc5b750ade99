//! The authorization code grant over real HTTP (contract §2, "Authorization code grant"): the
//! login page and its consent, redirects with `code`/`state` or `error`, the code exchange with
//! PKCE (the RFC 7636 appendix B pair, so the check is not the stand-in's own arithmetic),
//! refresh with and without rotation, expiry, `invalid_grant` cases, revocation, and the event
//! log naming the user whose token a trigger carried.

mod common;
use common::*;
use serde_json::{json, Value};

const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
const REDIRECT: &str = "https://kbfnbcaeplbcioakkpcpgfkobkghlhen.chromiumapp.org/";
const FORM: (&str, &str) = ("Content-Type", "application/x-www-form-urlencoded");

fn enc(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

/// A public auth-code client (no secret) for `REDIRECT`; `extra` merged in.
fn signin_client(extra: Value) -> String {
    let mut cfg = json!({ "grants": ["auth-code"], "redirects": [REDIRECT], "public": true });
    if let Value::Object(m) = extra {
        for (k, v) in m {
            cfg[k] = v;
        }
    }
    new_client(ALL, cfg).0
}

fn no_redirects() -> ureq::Agent {
    ureq::AgentBuilder::new().redirects(0).build()
}

fn authorize_query(id: &str, state: &str) -> String {
    format!(
        "response_type=code&client_id={id}&redirect_uri={}&scope={}&state={state}&code_challenge={CHALLENGE}&code_challenge_method=S256",
        enc(REDIRECT),
        enc("inspect:read response")
    )
}

/// Submits the login form; returns the `Location` it redirects to (or the page's body).
fn login(id: &str, state: &str, user: &str, password: &str, decision: &str) -> Result<String, String> {
    let body = format!("{}&username={user}&password={password}&decision={decision}", authorize_query(id, state));
    let r = send_with(&no_redirects(), "POST", "/iroh/oauth2/authorize", &[FORM], Some(&body)).unwrap();
    match r.status {
        302 => Ok(r.header("location").unwrap().to_string()),
        _ => Err(format!("{} {}", r.status, r.body)),
    }
}

fn param(url: &str, key: &str) -> Option<String> {
    url.split_once('?')?.1.split('&').find_map(|p| p.strip_prefix(&format!("{key}=")).map(str::to_string))
}

fn code_for(id: &str, user: &str) -> String {
    let loc = login(id, "st8", user, &format!("{user}-password"), "allow").unwrap();
    assert!(loc.starts_with(REDIRECT), "{loc}");
    assert_eq!(param(&loc, "state").as_deref(), Some("st8"));
    param(&loc, "code").unwrap()
}

fn token_form(body: &str) -> Resp {
    send("POST", "/iroh/oauth2/token", &[FORM, ("Accept", "application/json")], Some(body)).unwrap()
}

fn exchange(id: &str, code: &str, verifier: &str) -> Resp {
    token_form(&format!("grant_type=authorization_code&code={code}&redirect_uri={}&client_id={id}&code_verifier={verifier}", enc(REDIRECT)))
}

fn refresh(id: &str, rt: &str) -> Resp {
    token_form(&format!("grant_type=refresh_token&refresh_token={rt}&client_id={id}"))
}

fn signed_in(id: &str, user: &str) -> Value {
    let r = exchange(id, &code_for(id, user), VERIFIER);
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()
}

const TRIGGER: &str = "/respond/trigger/b56d3882-37d8-4c0c-af22-a5ef0cf53bd3/umbrella-block?observable_type=domain&observable_value=evil.example";

#[test]
fn the_login_page_consent_and_the_redirects() {
    let id = signin_client(json!({}));
    let r = send_with(&no_redirects(), "GET", &format!("/iroh/oauth2/authorize?{}", authorize_query(&id, "s1")), &[], None).unwrap();
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    assert!(r.body.contains("name=\"username\"") && r.body.contains("value=\"s1\"") && r.body.contains("id=\"allow\""), "{}", r.body);
    // A wrong password shows the page again; no redirect.
    let e = login(&id, "s1", "alice", "nope", "allow").unwrap_err();
    assert!(e.starts_with("200") && e.contains("Wrong user name or password"), "{e}");
    // Deny: back with error and state.
    let loc = login(&id, "s1", "alice", "", "deny").unwrap();
    assert!(loc.starts_with(REDIRECT));
    assert_eq!((param(&loc, "error").as_deref(), param(&loc, "state").as_deref()), (Some("access_denied"), Some("s1")));
    assert_eq!(param(&loc, "code"), None);
    // Allow: a code and the state.
    assert!(code_for(&id, "alice").starts_with("ac-"));
    // An unregistered redirect URL or an unknown client: an error page, never a redirect.
    let q = authorize_query(&id, "s1").replace(&enc(REDIRECT), &enc("https://evil.example/cb"));
    let r = send_with(&no_redirects(), "GET", &format!("/iroh/oauth2/authorize?{q}"), &[], None).unwrap();
    assert_eq!((r.status, r.header("location")), (400, None));
    let r = send_with(&no_redirects(), "GET", &format!("/iroh/oauth2/authorize?{}", authorize_query("client-nobody", "s")), &[], None).unwrap();
    assert_eq!((r.status, r.header("location")), (400, None));
    // A public client without PKCE, or a client without the grant: back with an error.
    let q = authorize_query(&id, "s2").replace(&format!("&code_challenge={CHALLENGE}&code_challenge_method=S256"), "");
    let r = send_with(&no_redirects(), "GET", &format!("/iroh/oauth2/authorize?{q}"), &[], None).unwrap();
    assert_eq!(param(r.header("location").unwrap(), "error").as_deref(), Some("invalid_request"));
    let (plain, _) = new_client(ALL, json!({ "redirects": [REDIRECT] }));
    let r = send_with(&no_redirects(), "GET", &format!("/iroh/oauth2/authorize?{}", authorize_query(&plain, "s3")), &[], None).unwrap();
    assert_eq!(param(r.header("location").unwrap(), "error").as_deref(), Some("unauthorized_client"));
    // Any extension id matches the chromiumapp.org wildcard.
    let wild = signin_client(json!({ "redirects": ["https://*.chromiumapp.org/"] }));
    assert!(code_for(&wild, "bob").starts_with("ac-"));
}

#[test]
fn the_code_exchange_checks_pkce_redirect_and_single_use() {
    let id = signin_client(json!({}));
    let r = exchange(&id, &code_for(&id, "alice"), "wrong-verifier-wrong-verifier-wrong-verifier");
    assert_eq!((r.status, r.json()["error"].clone()), (400, json!("invalid_grant")));
    assert!(r.json()["error_description"].as_str().unwrap().contains("PKCE"));
    let code = code_for(&id, "alice");
    let r = token_form(&format!(
        "grant_type=authorization_code&code={code}&redirect_uri={}&client_id={id}&code_verifier={VERIFIER}",
        enc("https://other.chromiumapp.org/")
    ));
    assert_eq!(r.json()["error"], "invalid_grant", "another redirect_uri");
    let code = code_for(&id, "alice");
    let ok = exchange(&id, &code, VERIFIER);
    assert_eq!(ok.status, 200, "{}", ok.body);
    let v = ok.json();
    assert_eq!((v["token_type"].as_str(), v["expires_in"].as_u64()), (Some("bearer"), Some(600)));
    assert!(v["refresh_token"].as_str().unwrap().starts_with("rt-"));
    assert_eq!(v["user"], json!({ "id": "user-alice", "name": "Alice Analyst", "email": "alice@example.com" }));
    // Used twice: refused, and what it produced is revoked.
    assert_eq!(exchange(&id, &code, VERIFIER).json()["error"], "invalid_grant");
    assert_eq!(api(v["access_token"].as_str().unwrap(), "/iroh/iroh-inspect/inspect", json!({"content": "x"})).unwrap().status, 401);
    // Another client cannot use the code; a public client cannot use client credentials.
    let other = signin_client(json!({}));
    assert_eq!(exchange(&other, &code_for(&id, "alice"), VERIFIER).json()["error"], "invalid_grant");
    let r = token_form(&format!("grant_type=client_credentials&client_id={id}"));
    assert_eq!(r.json()["error"], "unauthorized_client");
}

#[test]
fn a_client_with_a_secret_exchanges_with_basic() {
    let (id, secret) = new_client(ALL, json!({ "grants": ["auth-code"], "redirects": [REDIRECT] }));
    let code = code_for(&id, "bob");
    let body = format!("grant_type=authorization_code&code={code}&redirect_uri={}&code_verifier={VERIFIER}", enc(REDIRECT));
    let b = basic(&id, &secret);
    let r = send("POST", "/iroh/oauth2/token", &[FORM, ("Authorization", b.as_str())], Some(&body)).unwrap();
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["user"]["name"], "Bob Responder");
    // Without its secret (client_id in the form only): refused as a client, not as a grant.
    let r = exchange(&id, &code_for(&id, "bob"), VERIFIER);
    assert_eq!((r.status, r.json()["error"].clone()), (401, json!("invalid_client")));
}

#[test]
fn triggers_are_attributed_to_the_person_who_signed_in() {
    let id = signin_client(json!({}));
    let alice = signed_in(&id, "alice");
    let bob = signed_in(&id, "bob");
    assert_eq!(trigger(alice["access_token"].as_str().unwrap(), TRIGGER).unwrap().status, 200);
    assert_eq!(trigger(bob["access_token"].as_str().unwrap(), TRIGGER).unwrap().status, 200);
    let evs = events(&id);
    let who: Vec<(&str, bool)> = evs.iter().filter(|e| e["route"] == "trigger").map(|e| (e["user"].as_str().unwrap_or(""), e["executed"] == true)).collect();
    assert_eq!(who, [("alice", true), ("bob", true)]);
    // Client-credentials tokens carry nobody.
    let (cc, secret) = new_client(ALL, json!({}));
    trigger(&token(&cc, &secret), TRIGGER).unwrap();
    assert!(events(&cc).iter().all(|e| e["user"].is_null()));
}

#[test]
fn refresh_rotates_and_a_rotated_out_token_ends_the_sign_in() {
    let id = signin_client(json!({}));
    let first = signed_in(&id, "alice");
    let rt1 = first["refresh_token"].as_str().unwrap();
    let r = refresh(&id, rt1);
    assert_eq!(r.status, 200, "{}", r.body);
    let second = r.json();
    let rt2 = second["refresh_token"].as_str().unwrap();
    assert_ne!(rt1, rt2);
    assert_eq!(second["user"]["id"], "user-alice");
    let at2 = second["access_token"].as_str().unwrap();
    assert_eq!(api(at2, "/iroh/iroh-inspect/inspect", json!({"content": "evil.example"})).unwrap().status, 200);
    // The old one again: replay, so the whole sign-in is revoked.
    let r = refresh(&id, rt1);
    assert_eq!((r.status, r.json()["error"].clone()), (400, json!("invalid_grant")));
    assert_eq!(refresh(&id, rt2).json()["error"], "invalid_grant");
    assert_eq!(api(at2, "/iroh/iroh-inspect/inspect", json!({"content": "evil.example"})).unwrap().status, 401);
    assert_eq!(refresh(&id, "rt-unknown").json()["error"], "invalid_grant");
}

#[test]
fn without_rotation_the_same_refresh_token_keeps_working() {
    let id = signin_client(json!({ "refresh_rotation": false }));
    let v = signed_in(&id, "alice");
    let rt = v["refresh_token"].as_str().unwrap();
    for _ in 0..2 {
        let r = refresh(&id, rt);
        assert_eq!(r.status, 200, "{}", r.body);
        assert!(r.json().get("refresh_token").is_none());
    }
}

#[test]
fn short_lived_tokens_expire_and_refresh_tokens_expire_too() {
    let id = signin_client(json!({ "token_lifetime_secs": 1, "refresh_lifetime_secs": 2 }));
    let v = signed_in(&id, "alice");
    assert_eq!(v["expires_in"], 1);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let r = api(v["access_token"].as_str().unwrap(), "/iroh/iroh-inspect/inspect", json!({"content": "x"})).unwrap();
    assert_eq!(r.status, 401);
    let r = refresh(&id, v["refresh_token"].as_str().unwrap());
    assert_eq!(r.status, 200, "{}", r.body);
    std::thread::sleep(std::time::Duration::from_millis(2100));
    assert_eq!(refresh(&id, r.json()["refresh_token"].as_str().unwrap()).json()["error"], "invalid_grant");
}

#[test]
fn revocation_route_and_control() {
    let id = signin_client(json!({}));
    let v = signed_in(&id, "alice");
    let (at, rt) = (v["access_token"].as_str().unwrap(), v["refresh_token"].as_str().unwrap());
    let r = send("POST", "/iroh/oauth2/revoke", &[FORM], Some(&format!("token={rt}&token_type_hint=refresh_token&client_id={id}"))).unwrap();
    assert_eq!((r.status, r.body.as_str()), (200, "{}"));
    assert_eq!(refresh(&id, rt).json()["error"], "invalid_grant");
    assert_eq!(api(at, "/iroh/iroh-inspect/inspect", json!({"content": "x"})).unwrap().status, 401, "its access tokens go with it");
    let r = send("POST", "/iroh/oauth2/revoke", &[FORM], Some(&format!("token=whatever&client_id={id}"))).unwrap();
    assert_eq!(r.status, 200, "unknown tokens too (RFC 7009)");
    // The control route revokes one user's sign-ins; the issued list names codes and refresh tokens.
    let a = signed_in(&id, "alice");
    let b = signed_in(&id, "bob");
    assert_eq!(control("/__standin/signin/revoke", json!({ "client_id": id, "username": "alice" }))["revoked"], 1);
    assert_eq!(refresh(&id, a["refresh_token"].as_str().unwrap()).json()["error"], "invalid_grant");
    assert_eq!(refresh(&id, b["refresh_token"].as_str().unwrap()).status, 200);
    let issued = send("GET", &format!("/__standin/signin/issued?client_id={id}"), &[CONTROL], None).unwrap().json();
    assert!(issued["refreshTokens"].as_array().unwrap().iter().any(|t| t == &a["refresh_token"]));
    assert!(!issued["codes"].as_array().unwrap().is_empty());
    // Users added over the control API can sign in.
    control("/__standin/users", json!({ "username": "carol", "password": "pw-carol", "name": "Carol", "email": "carol@example.com" }));
    let loc = login(&id, "s", "carol", "pw-carol", "allow").unwrap();
    let r = exchange(&id, &param(&loc, "code").unwrap(), VERIFIER);
    assert_eq!(r.json()["user"]["name"], "Carol");
}

#[test]
fn the_demo_configuration_has_a_sign_in_client_and_two_people() {
    let id = "client-demo-signin";
    let v = signed_in(id, "alice");
    assert_eq!(v["user"]["name"], "Alice Analyst");
    assert_eq!(signed_in(id, "bob")["user"]["email"], "bob@example.com");
    let r = token_form(&format!("grant_type=client_credentials&client_id={id}"));
    assert_eq!(r.json()["error"], "unauthorized_client", "a public client has no client credentials");
}
