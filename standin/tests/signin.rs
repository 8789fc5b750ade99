//! The authorization code grant over real HTTP (contract §2, "Authorization code grant", and
//! §2c): the login page and its consent, redirects with `code`/`state` or `error`, the code
//! exchange with PKCE (the RFC 7636 appendix B pair, so the check is not the stand-in's own
//! arithmetic), public and confidential clients, scopes as granted, whoami, refresh rotation with
//! a grace period, expiry, `invalid_grant` cases, app-grant revocation, and the event log naming
//! the user whose token a trigger carried.

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
    authorize_query_for(id, state, "inspect:read response")
}

fn authorize_query_for(id: &str, state: &str, scope: &str) -> String {
    format!(
        "response_type=code&client_id={id}&redirect_uri={}&scope={}&state={state}&code_challenge={CHALLENGE}&code_challenge_method=S256",
        enc(REDIRECT),
        enc(scope)
    )
}

/// Submits the login form; returns the `Location` it redirects to (or the page's body).
fn login(id: &str, state: &str, user: &str, password: &str, decision: &str) -> Result<String, String> {
    login_for(id, state, user, password, decision, "inspect:read response")
}

fn login_for(id: &str, state: &str, user: &str, password: &str, decision: &str, scope: &str) -> Result<String, String> {
    let body = format!("{}&username={user}&password={password}&decision={decision}", authorize_query_for(id, state, scope));
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

fn whoami(tok: &str) -> Resp {
    send("GET", "/iroh/profile/whoami", &[("Authorization", &format!("Bearer {tok}"))], None).unwrap()
}

fn revoke_grant(tok: &str, client: &str) -> Resp {
    send("DELETE", &format!("/iroh/oauth2/app-grant/{client}"), &[("Authorization", &format!("Bearer {tok}"))], None).unwrap()
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
    // Contract §2c: only these keys; the person comes from whoami.
    let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["access_token", "expires_in", "refresh_token", "scope", "token_type"]);
    assert_eq!(v["scope"], "inspect:read response");
    // Used twice: refused, and what it produced is revoked.
    assert_eq!(exchange(&id, &code, VERIFIER).json()["error"], "invalid_grant");
    assert_eq!(api(v["access_token"].as_str().unwrap(), "/iroh/iroh-inspect/inspect", json!({"content": "x"})).unwrap().status, 401);
    // Another client cannot use the code; a public client cannot use client credentials.
    let other = signin_client(json!({}));
    assert_eq!(exchange(&other, &code_for(&id, "alice"), VERIFIER).json()["error"], "invalid_grant");
    let r = token_form(&format!("grant_type=client_credentials&client_id={id}"));
    assert_eq!(r.json()["error"], "unauthorized_client");
}

/// Stand-in choice (module doc): a code lives 60 s; the stand-in's clock moves instead of a sleep.
#[test]
fn an_authorization_code_expires_after_sixty_seconds() {
    let id = signin_client(json!({}));
    let code = code_for(&id, "alice");
    advance(&id, 59.0);
    assert_eq!(exchange(&id, &code, VERIFIER).status, 200, "59 s old");
    let code = code_for(&id, "alice");
    advance(&id, 60.0);
    let r = exchange(&id, &code, VERIFIER);
    assert_eq!((r.status, r.json()["error_description"].as_str()), (400, Some("The authorization code has expired")));
}

#[test]
fn a_client_with_a_secret_exchanges_with_basic() {
    let (id, secret) = new_client(ALL, json!({ "grants": ["auth-code"], "redirects": [REDIRECT] }));
    let code = code_for(&id, "bob");
    let body = format!("grant_type=authorization_code&code={code}&redirect_uri={}&code_verifier={VERIFIER}", enc(REDIRECT));
    let b = basic(&id, &secret);
    let r = send("POST", "/iroh/oauth2/token", &[FORM, ("Authorization", b.as_str())], Some(&body)).unwrap();
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(whoami(r.json()["access_token"].as_str().unwrap()).json()["user"]["user-name"], "Bob Responder");
    // Without its secret (client_id in the form only): refused as a client, not as a grant.
    let r = exchange(&id, &code_for(&id, "bob"), VERIFIER);
    assert_eq!((r.status, r.json()["error"].clone()), (401, json!("invalid_client")));
}

/// Contract §2c: `client_type` "confidential" (password, HTTP Basic on the exchange and on every
/// refresh, PKCE accepted) and "public" (no password, `client_id` in the form, PKCE required).
#[test]
fn confidential_and_public_client_types() {
    let (id, _) = new_client(ALL, json!({ "client_type": "confidential", "password": "pw-conf", "grants": ["auth-code"], "redirects": [REDIRECT] }));
    let b = basic(&id, "pw-conf");
    let code = code_for(&id, "alice");
    let body = format!("grant_type=authorization_code&code={code}&redirect_uri={}&code_verifier={VERIFIER}", enc(REDIRECT));
    let r = send("POST", "/iroh/oauth2/token", &[FORM, ("Authorization", b.as_str())], Some(&body)).unwrap();
    assert_eq!(r.status, 200, "{}", r.body);
    let rt = r.json()["refresh_token"].as_str().unwrap().to_string();
    // Refresh without Basic, or with the wrong password: 401 invalid_client with a description.
    let r = refresh(&id, &rt);
    assert_eq!((r.status, r.json()["error"].clone()), (401, json!("invalid_client")));
    assert!(r.json()["error_description"].is_string());
    let wrong = basic(&id, "nope");
    let r =
        send("POST", "/iroh/oauth2/token", &[FORM, ("Authorization", wrong.as_str())], Some(&format!("grant_type=refresh_token&refresh_token={rt}"))).unwrap();
    assert_eq!((r.status, r.json()["error"].clone()), (401, json!("invalid_client")));
    let r = send("POST", "/iroh/oauth2/token", &[FORM, ("Authorization", b.as_str())], Some(&format!("grant_type=refresh_token&refresh_token={rt}"))).unwrap();
    assert_eq!(r.status, 200, "{}", r.body);
    // Without PKCE too (Cisco's example sends none).
    let q = authorize_query(&id, "s").replace(&format!("&code_challenge={CHALLENGE}&code_challenge_method=S256"), "");
    let body = format!("{q}&username=alice&password=alice-password&decision=allow");
    let r = send_with(&no_redirects(), "POST", "/iroh/oauth2/authorize", &[FORM], Some(&body)).unwrap();
    let code = param(r.header("location").unwrap(), "code").unwrap();
    let body = format!("grant_type=authorization_code&code={code}&redirect_uri={}", enc(REDIRECT));
    assert_eq!(send("POST", "/iroh/oauth2/token", &[FORM, ("Authorization", b.as_str())], Some(&body)).unwrap().status, 200);

    // Public, created the new way (no secret at all): client_id in the form; Basic is refused.
    let p = new_public_client(json!({}));
    let v = signed_in(&p, "alice");
    assert_eq!(refresh(&p, v["refresh_token"].as_str().unwrap()).status, 200);
    let r = send("POST", "/iroh/oauth2/token", &[FORM, ("Authorization", basic(&p, "").as_str())], Some("grant_type=client_credentials")).unwrap();
    assert_eq!((r.status, r.json()["error"].clone()), (401, json!("invalid_client")));
    // An unknown client_type is refused by the control API.
    let r = send(
        "POST",
        "/__standin/clients",
        &[("Content-Type", "application/json"), CONTROL],
        Some(&json!({"client_id": "client-odd", "client_type": "secret", "scopes": []}).to_string()),
    )
    .unwrap();
    assert_eq!(r.status, 400);
}

fn new_public_client(extra: Value) -> String {
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let id = format!("client-public-{}-{}", std::process::id(), N.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
    let mut body = json!({ "client_id": id, "client_type": "public", "scopes": ["inspect:read", "response", "enrich:read", "casebook"],
                           "grants": ["auth-code"], "redirects": [REDIRECT] });
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    control("/__standin/clients", body);
    id
}

/// Contract §2c: a person's token carries requested ∩ client's ∩ the person's scopes; a person
/// lacking a requested scope is refused at consent unless the client allows partial scopes.
#[test]
fn scopes_as_granted() {
    control(
        "/__standin/users",
        json!({ "username": "dora", "password": "pw-dora", "name": "Dora Reader", "email": "dora@example.com", "scopes": ["inspect:read", "enrich:read", "casebook:read"] }),
    );
    let id = new_public_client(json!({}));
    let grant = |user: &str, pw: &str, scope: &str, id: &str| -> Result<Value, String> {
        let loc = login_for(id, "sc", user, pw, "allow", scope)?;
        match param(&loc, "code") {
            Some(code) => Ok(exchange(id, &code, VERIFIER).json()),
            None => Err(util_decode(&loc)),
        }
    };
    // Requested ∩ client's: a scope the client lacks is dropped; alice holds everything.
    let v = grant("alice", "alice-password", "inspect:read casebook orbital", &id).unwrap();
    assert_eq!(v["scope"], "inspect:read casebook");
    // The token enforces it: no response scope, so respond/observables is 403.
    let tok = v["access_token"].as_str().unwrap();
    let r = api(tok, "/iroh/iroh-response/respond/observables", json!([])).unwrap();
    assert_eq!((r.status, r.json()["error"].clone()), (403, json!("missing_scope")));
    assert_eq!(api(tok, "/iroh/iroh-inspect/inspect", json!({"content": "x"})).unwrap().status, 200);
    // Dora lacks response and casebook: refused at consent, naming what she lacks.
    let e = grant("dora", "pw-dora", "inspect:read response casebook", &id).unwrap_err();
    assert!(e.contains("error=access_denied") && e.contains("response casebook") && e.contains("state=sc"), "{e}");
    // She may have what she holds (casebook:read is covered by nothing less than itself).
    let v = grant("dora", "pw-dora", "inspect:read casebook:read", &id).unwrap();
    assert_eq!(v["scope"], "inspect:read casebook:read");
    // With allow_partial_scopes, the intersection instead of a refusal.
    let partial = new_public_client(json!({ "allow_partial_scopes": true }));
    let v = grant("dora", "pw-dora", "inspect:read response enrich:read casebook", &partial).unwrap();
    assert_eq!(v["scope"], "inspect:read enrich:read");
    // The refresh keeps the granted scopes.
    let r = refresh(&partial, v["refresh_token"].as_str().unwrap());
    assert_eq!(r.json()["scope"], "inspect:read enrich:read");
}

/// The redirect URL with `%20`/`+` read as spaces and `%3A` as `:` (enough for the assertions).
fn util_decode(s: &str) -> String {
    s.replace("%20", " ").replace('+', " ").replace("%3A", ":")
}

/// Contract §2c: `GET /iroh/profile/whoami` with any valid Bearer; hyphenated IROH keys.
#[test]
fn whoami_names_the_person_or_the_api_client() {
    let id = signin_client(json!({}));
    let v = signed_in(&id, "alice");
    let r = whoami(v["access_token"].as_str().unwrap());
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.json(),
        json!({ "user": { "user-id": "user-alice", "user-name": "Alice Analyst", "user-email": "alice@example.com", "user-nick": "alice", "role": "admin" },
                "org": { "id": "org-standin", "name": "Stand-in Organisation" } })
    );
    assert_eq!(r.header("x-ratelimit-org-limit"), Some("8000"));
    let (cc, secret) = new_client(&["inspect:read"], json!({}));
    let w = whoami(&token(&cc, &secret)).json();
    assert_eq!((w["user"]["user-id"].as_str(), w["org"]["id"].as_str()), (Some(format!("user-{cc}").as_str()), Some("org-standin")));
    assert_eq!(send("GET", "/iroh/profile/whoami", &[], None).unwrap().status, 401);
    assert!(events(&id).iter().any(|e| e["route"] == "whoami" && e["user"] == "alice"));
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

/// Contract §2c: every refresh returns a new refresh token; the previous one keeps working for the
/// grace period, then gets `invalid_grant`.
#[test]
fn refresh_rotates_with_a_grace_period() {
    let id = signin_client(json!({ "refresh_grace_secs": 1 }));
    let first = signed_in(&id, "alice");
    let rt1 = first["refresh_token"].as_str().unwrap();
    let r = refresh(&id, rt1);
    assert_eq!(r.status, 200, "{}", r.body);
    let second = r.json();
    let rt2 = second["refresh_token"].as_str().unwrap();
    assert_ne!(rt1, rt2);
    let at2 = second["access_token"].as_str().unwrap();
    assert_eq!(api(at2, "/iroh/iroh-inspect/inspect", json!({"content": "evil.example"})).unwrap().status, 200);
    // The old one again, within the grace: still works (and hands out yet another).
    let r = refresh(&id, rt1);
    assert_eq!(r.status, 200, "{}", r.body);
    assert_ne!(r.json()["refresh_token"], second["refresh_token"]);
    advance(&id, 1.0);
    let r = refresh(&id, rt1);
    assert_eq!((r.status, r.json()["error"].clone()), (400, json!("invalid_grant")));
    // The newest still works, and so do the access tokens.
    assert_eq!(refresh(&id, rt2).status, 200);
    assert_eq!(api(at2, "/iroh/iroh-inspect/inspect", json!({"content": "evil.example"})).unwrap().status, 200);
    assert_eq!(refresh(&id, "rt-unknown").json()["error"], "invalid_grant");
}

#[test]
fn the_default_grace_is_thirty_seconds_and_revocation_ends_it_at_once() {
    let id = signin_client(json!({}));
    let v = signed_in(&id, "alice");
    let rt1 = v["refresh_token"].as_str().unwrap();
    let next = refresh(&id, rt1).json();
    assert_eq!(refresh(&id, rt1).status, 200, "within 30 s");
    assert_eq!(revoke_grant(next["access_token"].as_str().unwrap(), &id).status, 204);
    assert_eq!(refresh(&id, rt1).json()["error"], "invalid_grant");
    // Another sign-in: 29 s after its rotation the old token still works, at 30 s it does not.
    let rt = signed_in(&id, "bob")["refresh_token"].as_str().unwrap().to_string();
    assert_eq!(refresh(&id, &rt).status, 200);
    advance(&id, 29.0);
    assert_eq!(refresh(&id, &rt).status, 200, "29 s after the rotation");
    advance(&id, 1.0);
    let r = refresh(&id, &rt);
    assert_eq!(
        (r.json()["error"].as_str(), r.json()["error_description"].as_str()),
        (Some("invalid_grant"), Some("The refresh token was replaced by a newer one and its grace period has passed"))
    );
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
    advance(&id, 1.0);
    let r = api(v["access_token"].as_str().unwrap(), "/iroh/iroh-inspect/inspect", json!({"content": "x"})).unwrap();
    assert_eq!(r.status, 401);
    let r = refresh(&id, v["refresh_token"].as_str().unwrap());
    assert_eq!(r.status, 200, "{}", r.body);
    let fresh = r.json()["refresh_token"].as_str().unwrap().to_string();
    advance(&id, 1.5);
    assert_eq!(refresh(&id, &fresh).status, 200, "1.5 s of its 2");
    let newest = refresh(&id, &fresh).json()["refresh_token"].as_str().unwrap().to_string();
    advance(&id, 2.0);
    let r = refresh(&id, &newest);
    assert_eq!((r.json()["error"].as_str(), r.json()["error_description"].as_str()), (Some("invalid_grant"), Some("The refresh token has expired")));
}

/// Contract §2c: no `POST /iroh/oauth2/revoke`; `DELETE /iroh/oauth2/app-grant/{client-id}` with
/// the person's Bearer ends that person's grant to that client (every token of it), 204.
#[test]
fn app_grant_revocation_and_control() {
    let id = signin_client(json!({}));
    let v = signed_in(&id, "alice");
    let older = signed_in(&id, "alice");
    let bob = signed_in(&id, "bob");
    let (at, rt) = (v["access_token"].as_str().unwrap(), v["refresh_token"].as_str().unwrap());
    let r = send("POST", "/iroh/oauth2/revoke", &[FORM], Some(&format!("token={rt}&client_id={id}"))).unwrap();
    assert_eq!(r.status, 404, "no such route upstream");
    let r = revoke_grant(at, &id);
    assert_eq!((r.status, r.body.as_str()), (204, ""));
    assert_eq!(refresh(&id, rt).json()["error"], "invalid_grant");
    assert_eq!(refresh(&id, older["refresh_token"].as_str().unwrap()).json()["error"], "invalid_grant", "every sign-in of that person");
    assert_eq!(api(at, "/iroh/iroh-inspect/inspect", json!({"content": "x"})).unwrap().status, 401, "its access tokens go with it");
    assert_eq!(api(older["access_token"].as_str().unwrap(), "/iroh/iroh-inspect/inspect", json!({"content": "x"})).unwrap().status, 401);
    assert_eq!(refresh(&id, bob["refresh_token"].as_str().unwrap()).status, 200, "not another person's");
    assert_eq!(revoke_grant(at, &id).status, 401, "the revoked token itself no longer authenticates");
    let routes: Vec<String> = events(&id).iter().map(|e| e["route"].as_str().unwrap_or("").to_string()).collect();
    assert!(routes.iter().any(|r| r == "app_grant_revoke"), "{routes:?}");
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
    assert_eq!(whoami(r.json()["access_token"].as_str().unwrap()).json()["user"]["user-name"], "Carol");
}

#[test]
fn the_demo_configuration_has_a_sign_in_client_and_two_people() {
    let id = "client-demo-signin";
    let v = signed_in(id, "alice");
    assert_eq!(whoami(v["access_token"].as_str().unwrap()).json()["user"]["user-name"], "Alice Analyst");
    let b = signed_in(id, "bob");
    assert_eq!(whoami(b["access_token"].as_str().unwrap()).json()["user"]["user-email"], "bob@example.com");
    let r = token_form(&format!("grant_type=client_credentials&client_id={id}"));
    assert_eq!(r.json()["error"], "unauthorized_client", "a public client has no client credentials");
}
