//! Sign-in mode (authorization code + PKCE, `src/oauth.rs`) against a recording fake
//! [`Transport`] with a fake clock, in the style of `client_fake.rs`: the exact requests of a
//! sign-in, refresh before expiry and after a 401 (one refresh, one replay, never a loop), the
//! newest refresh token kept, `invalid_grant` as signed out, sign-out's grant removal, who is
//! signed in (whoami), public and confidential clients, and what is refused before any request.

mod fake;

use fake::{json, Answer, Fake, T0};
use futures_util::future::join_all;
use securex_respond::auth::Token;
use securex_respond::http::{HttpRequest, Method};
use securex_respond::oauth::{pkce_challenge, Session, SessionState};
use securex_respond::{Client, Endpoint, ErrorKind, Observable, TokenSource};
use std::cell::{Cell, RefCell};

const REDIRECT: &str = "https://kbfnbcaeplbcioakkpcpgfkobkghlhen.chromiumapp.org/";
const CLIENT: &str = "client-signin-0001";

fn form(body: &str, key: &str) -> Option<String> {
    body.split('&').find_map(|p| p.strip_prefix(&format!("{key}=")).map(str::to_string))
}

/// A server: codes exchange once; refresh tokens rotate (`rt-<n>`) when `rotate`; whoami names
/// Alice; the app-grant removal answers 204; other API routes answer `api(request)`. Token
/// answers carry no person (contract §2c: only the tokens, their type, lifetime and scope).
fn server(rotate: bool, lifetime: u32, api: impl Fn(&HttpRequest) -> Answer + 'static) -> Fake {
    Fake {
        clock: Cell::new(T0),
        sent: RefCell::new(Vec::new()),
        changes: RefCell::default(),
        answer: Box::new(move |r, n| {
            if r.url.ends_with("/iroh/oauth2/token") {
                let body = r.body.clone().unwrap_or_default();
                let refresh = if rotate || form(&body, "grant_type").as_deref() == Some("authorization_code") {
                    format!(r#","refresh_token":"rt-{n}-{}""#, "r".repeat(30))
                } else {
                    String::new()
                };
                json(
                    200,
                    &format!(
                        r#"{{"access_token":"at-{n}-{}","token_type":"bearer","expires_in":{lifetime},"scope":"inspect:read response enrich:read"{refresh}}}"#,
                        "a".repeat(30)
                    ),
                )
            } else if r.url.ends_with("/iroh/profile/whoami") {
                json(200, r#"{"user":{"user-id":"u-1","user-name":"Alice Analyst","user-email":"alice@example.com"},"org":{"name":"ACME"}}"#)
            } else if r.url.contains("/iroh/oauth2/app-grant/") {
                json(204, "")
            } else {
                api(r)
            }
        }),
    }
}

fn client(fake: Fake, refresh: Option<&str>) -> Client<Fake> {
    let endpoint = Endpoint::new(Some("us"), None, None).unwrap();
    Client::new(fake, endpoint, TokenSource::SignIn(Session::new(CLIENT, refresh.map(str::to_string), None).unwrap()))
}

fn random() -> Vec<u8> {
    (0..48u8).map(|i| i.wrapping_mul(91).wrapping_add(7)).collect()
}

fn obs() -> Vec<Observable> {
    vec![Observable { kind: "domain".into(), value: "evil.example".into() }]
}

fn bearer(r: &HttpRequest) -> String {
    r.header("Authorization").unwrap_or_default().to_string()
}

/// Signs in through the fake: the browser "comes back" with code `c0de` and our state.
fn signed_in(fake: Fake) -> Client<Fake> {
    let c = client(fake, None);
    let p = c.begin_sign_in(REDIRECT, &random()).unwrap();
    pollster::block_on(c.complete_sign_in(&p, &format!("{REDIRECT}?code=c0de&state={}", p.state))).unwrap();
    c
}

#[test]
fn a_sign_in_sends_one_code_exchange_with_the_verifier_and_no_secret() {
    let c = client(server(true, 600, |_| json(200, r#"{"data":[]}"#)), None);
    let p = c.begin_sign_in(REDIRECT, &random()).unwrap();
    assert!(p.authorize_url.starts_with("https://visibility.amp.cisco.com/iroh/oauth2/authorize?response_type=code&client_id=client-signin-0001&"));
    assert!(p.authorize_url.contains(&format!("code_challenge={}&code_challenge_method=S256", pkce_challenge(&p.verifier))));
    assert!(c.transport().sent.borrow().is_empty(), "starting makes no request");
    let who = pollster::block_on(c.complete_sign_in(&p, &format!("{REDIRECT}?code=c0de&state={}", p.state))).unwrap();
    assert_eq!(who.user, "Alice Analyst <alice@example.com>", "from whoami, asked once");
    let sent = c.transport().sent.borrow().clone();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].header("authorization"), None, "a public client sends no secret");
    assert_eq!((sent[1].method, sent[1].url.as_str()), (Method::Get, "https://visibility.amp.cisco.com/iroh/profile/whoami"));
    assert!(bearer(&sent[1]).starts_with("Bearer at-0-"));
    assert_eq!(who.scopes, ["inspect:read", "response", "enrich:read"], "the granted scope, as the answer said");
    let body = sent[0].body.clone().unwrap();
    assert_eq!(form(&body, "grant_type").as_deref(), Some("authorization_code"));
    assert_eq!(form(&body, "code").as_deref(), Some("c0de"));
    assert_eq!(form(&body, "code_verifier").as_deref(), Some(p.verifier.as_str()));
    assert_eq!(form(&body, "client_id").as_deref(), Some(CLIENT));
    assert_eq!(form(&body, "redirect_uri").as_deref(), Some("https%3A%2F%2Fkbfnbcaeplbcioakkpcpgfkobkghlhen.chromiumapp.org%2F"));
    // The access token serves the calls; the state to persist has the refresh token and the person.
    pollster::block_on(c.actions(&obs())).unwrap();
    assert!(bearer(&c.transport().sent.borrow()[2]).starts_with("Bearer at-0-"));
    let st = c.session_state().unwrap();
    assert!(st.signed_in && st.refresh_token.as_deref().unwrap().starts_with("rt-0-"));
    assert_eq!(st.user.as_deref(), Some("Alice Analyst <alice@example.com>"));
    assert!(!format!("{st:?}").contains("rt-0-"), "Debug never shows the refresh token");
}

#[test]
fn a_wrong_state_or_an_error_return_sends_nothing() {
    let c = client(server(true, 600, |_| json(200, "{}")), None);
    let p = c.begin_sign_in(REDIRECT, &random()).unwrap();
    for returned in [
        format!("{REDIRECT}?code=c0de&state=forged"),
        format!("{REDIRECT}?error=access_denied&state={}", p.state),
        format!("https://attacker.example/?code=c0de&state={}", p.state),
    ] {
        let e = pollster::block_on(c.complete_sign_in(&p, &returned)).unwrap_err();
        assert_eq!(e.kind, ErrorKind::SignedOut, "{returned}");
        assert!(e.sign_in);
    }
    assert!(c.transport().sent.borrow().is_empty());
    assert!(!c.session_state().unwrap().signed_in);
    // And a call without a sign-in is refused without a request, saying to sign in.
    let e = pollster::block_on(c.actions(&obs())).unwrap_err();
    assert_eq!((e.kind, e.sign_in), (ErrorKind::SignedOut, true));
    assert!(c.transport().sent.borrow().is_empty());
}

#[test]
fn a_refused_code_exchange_is_signed_out_with_the_reason() {
    let fake = Fake {
        clock: Cell::new(T0),
        sent: RefCell::new(Vec::new()),
        changes: RefCell::default(),
        answer: Box::new(|_, _| json(400, r#"{"error":"invalid_grant","error_description":"PKCE verification failed"}"#)),
    };
    let c = client(fake, None);
    let p = c.begin_sign_in(REDIRECT, &random()).unwrap();
    let e = pollster::block_on(c.complete_sign_in(&p, &format!("{REDIRECT}?code=c0de&state={}", p.state))).unwrap_err();
    assert_eq!((e.kind, e.status), (ErrorKind::SignedOut, Some(400)));
    assert!(e.message.contains("PKCE"), "{}", e.message);
    assert_eq!(c.transport().paths(), ["/iroh/oauth2/token"]);
}

#[test]
fn refresh_before_expiry_uses_the_newest_refresh_token() {
    let c = signed_in(server(true, 600, |_| json(200, r#"{"data":[]}"#)));
    pollster::block_on(c.actions(&obs())).unwrap();
    c.transport().clock.set(T0 + 571_000.0); // inside the 30 s margin of a 600 s token
    pollster::block_on(c.actions(&obs())).unwrap();
    c.transport().clock.set(T0 + 1_142_000.0);
    pollster::block_on(c.actions(&obs())).unwrap();
    let tokens = c.transport().bodies("/iroh/oauth2/token");
    assert_eq!(tokens.len(), 3, "the exchange, then one refresh per expiry");
    // Rotation: each refresh carries the refresh token the previous answer gave.
    assert!(form(&tokens[1], "refresh_token").unwrap().starts_with("rt-0-"));
    // (The n-th request's answer carries rt-n: exchange 0, whoami 1, call 2, refresh 3, …)
    assert!(form(&tokens[2], "refresh_token").unwrap().starts_with("rt-3-"), "{}", tokens[2]);
    assert_eq!(form(&tokens[2], "grant_type").as_deref(), Some("refresh_token"));
    assert!(c.session_state().unwrap().refresh_token.unwrap().starts_with("rt-5-"));
}

#[test]
fn a_rotated_refresh_token_is_reported_when_the_refresh_happens_before_the_call_goes_on() {
    let c = signed_in(server(true, 600, |_| json(200, r#"{"data":[]}"#)));
    assert!(c.transport().changes.borrow().is_empty(), "the sign-in itself is the host's to save (completeSignIn)");
    pollster::block_on(c.actions(&obs())).unwrap();
    assert!(c.transport().changes.borrow().is_empty(), "a call with a fresh token changes nothing");
    c.transport().clock.set(T0 + 571_000.0);
    pollster::block_on(c.actions(&obs())).unwrap();
    let changes = c.transport().changes.borrow().clone();
    assert_eq!(changes.len(), 1, "one refresh, one report");
    let (sent, state) = &changes[0];
    // Reported once the refresh answered (exchange, whoami, call, refresh: 4 sent), before the
    // call it was made for was sent (the 5th).
    assert_eq!(*sent, 4, "{:?}", c.transport().paths());
    assert_eq!(c.transport().paths()[3], "/iroh/oauth2/token");
    assert!(state.signed_in && state.refresh_token.as_deref().unwrap().starts_with("rt-3-"));
    assert_eq!(Some(state), c.session_state().as_ref());
}

#[test]
fn without_rotation_the_old_refresh_token_is_kept() {
    let c = signed_in(server(false, 600, |_| json(200, r#"{"data":[]}"#)));
    c.transport().clock.set(T0 + 600_000.0);
    pollster::block_on(c.actions(&obs())).unwrap();
    c.transport().clock.set(T0 + 1_200_000.0);
    pollster::block_on(c.actions(&obs())).unwrap();
    let tokens = c.transport().bodies("/iroh/oauth2/token");
    assert!(form(&tokens[2], "refresh_token").unwrap().starts_with("rt-0-"));
    assert!(c.session_state().unwrap().refresh_token.unwrap().starts_with("rt-0-"));
}

#[test]
fn a_401_costs_one_refresh_and_one_replay_and_a_second_401_is_an_error() {
    let c = signed_in(server(true, 600, |_| json(401, r#"{"error":"invalid_jwt"}"#)));
    let e = pollster::block_on(c.actions(&obs())).unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidCredentials);
    assert_eq!(
        c.transport().paths(),
        [
            "/iroh/oauth2/token",
            "/iroh/profile/whoami",
            "/iroh/iroh-response/respond/observables",
            "/iroh/oauth2/token",
            "/iroh/iroh-response/respond/observables"
        ]
    );
    let sent = c.transport().sent.borrow();
    assert_ne!(bearer(&sent[2]), bearer(&sent[4]), "the replay carries the refreshed token");
}

#[test]
fn concurrent_calls_after_expiry_share_one_refresh() {
    let c = signed_in(server(true, 600, |_| json(200, r#"{"data":[]}"#)));
    c.transport().clock.set(T0 + 700_000.0);
    let o = obs();
    let all = pollster::block_on(join_all((0..4).map(|_| c.actions(&o))));
    assert!(all.iter().all(|r| r.is_ok()));
    assert_eq!(c.transport().bodies("/iroh/oauth2/token").len(), 2);
}

#[test]
fn invalid_grant_on_refresh_is_signed_out_and_never_retried() {
    let fake = Fake {
        clock: Cell::new(T0),
        sent: RefCell::new(Vec::new()),
        changes: RefCell::default(),
        answer: Box::new(|r, _| {
            if r.url.ends_with("/token") {
                json(400, r#"{"error":"invalid_grant","error_description":"The refresh token was revoked"}"#)
            } else {
                json(401, "{}")
            }
        }),
    };
    let c = client(fake, Some("rt-revoked-000000000000000000"));
    // A worker restart: the saved access token seeds the cache.
    c.seed_token(Token { access_token: "at-saved-0000000000000000000".into(), expires_at_ms: T0 + 300_000.0, scopes: vec![] });
    let e = pollster::block_on(c.actions(&obs())).unwrap_err();
    assert_eq!((e.kind, e.sign_in, e.kind.code()), (ErrorKind::SignedOut, true, "signed-out"));
    assert!(e.message.contains("Sign in again"));
    assert_eq!(c.transport().paths(), ["/iroh/iroh-response/respond/observables", "/iroh/oauth2/token"], "one refresh, no replay, no loop");
    assert_eq!(c.session_state().unwrap(), SessionState::default());
    assert_eq!(*c.transport().changes.borrow(), [(2, SessionState::default())], "the end of the sign-in is reported as it happens");
    let e2 = pollster::block_on(c.actions(&obs())).unwrap_err();
    assert_eq!(e2.kind, ErrorKind::SignedOut);
    assert_eq!((e2.message.as_str(), e2.sign_in), (e.message.as_str(), true), "every later call says what the first one said");
    assert_eq!(c.transport().sent.borrow().len(), 2, "signed out: the next call sends nothing");
}

#[test]
fn a_restored_session_refreshes_only_when_its_access_token_runs_out() {
    let c = client(server(true, 600, |_| json(200, r#"{"data":[]}"#)), Some("rt-saved-11111111111111111111"));
    c.seed_token(Token { access_token: "at-saved-0000000000000000000".into(), expires_at_ms: T0 + 300_000.0, scopes: vec![] });
    pollster::block_on(c.actions(&obs())).unwrap();
    assert_eq!(c.transport().paths(), ["/iroh/iroh-response/respond/observables"]);
    c.transport().clock.set(T0 + 299_000.0);
    pollster::block_on(c.actions(&obs())).unwrap();
    let tokens = c.transport().bodies("/iroh/oauth2/token");
    assert_eq!(tokens.len(), 1);
    assert_eq!(form(&tokens[0], "refresh_token").as_deref(), Some("rt-saved-11111111111111111111"));
}

#[test]
fn sign_out_removes_the_app_grant_with_the_person_s_bearer_and_forgets_both_tokens() {
    let c = signed_in(server(true, 600, |_| json(200, r#"{"data":[]}"#)));
    let before = c.transport().sent.borrow().len();
    pollster::block_on(c.sign_out()).unwrap();
    let sent = c.transport().sent.borrow()[before..].to_vec();
    assert_eq!(sent.len(), 1, "one call: no revocation endpoint exists (contract §2c)");
    assert_eq!((sent[0].method, sent[0].url.as_str()), (Method::Delete, "https://visibility.amp.cisco.com/iroh/oauth2/app-grant/client-signin-0001"));
    assert!(bearer(&sent[0]).starts_with("Bearer at-0-"));
    assert_eq!(c.transport().count("/iroh/oauth2/revoke"), 0);
    assert_eq!(c.session_state().unwrap(), SessionState::default());
    assert!(c.token_snapshot().is_none());
    let n = c.transport().sent.borrow().len();
    assert_eq!(pollster::block_on(c.actions(&obs())).unwrap_err().kind, ErrorKind::SignedOut);
    assert_eq!(c.transport().sent.borrow().len(), n);
}

#[test]
fn tokens_and_codes_echoed_by_a_server_are_redacted() {
    let c = signed_in(server(true, 600, |r| {
        let echoed = r.header("authorization").unwrap_or_default().to_string();
        json(500, &format!(r#"{{"error":"boom","error_description":"saw {echoed}"}}"#))
    }));
    let refresh = c.session_state().unwrap().refresh_token.unwrap();
    let e = pollster::block_on(c.actions(&obs())).unwrap_err();
    assert!(!e.message.contains("at-0-"), "{}", e.message);
    // A refresh answer echoing the refresh token and the code.
    let fake = Fake {
        clock: Cell::new(T0),
        sent: RefCell::new(Vec::new()),
        changes: RefCell::default(),
        answer: Box::new(|r, _| {
            let body = r.body.clone().unwrap_or_default();
            json(503, &format!(r#"{{"error_description":"bad {body}"}}"#))
        }),
    };
    let c2 = client(fake, Some(&refresh));
    let e = pollster::block_on(c2.actions(&obs())).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Server);
    assert!(!e.message.contains("rt-0-"), "{}", e.message);
}

#[test]
fn sign_out_without_a_fresh_token_refreshes_once_for_the_bearer_and_a_refused_removal_still_forgets() {
    // Restored from storage: a refresh token, no access token.
    let c = client(server(true, 600, |_| json(200, "{}")), Some("rt-saved-11111111111111111111"));
    pollster::block_on(c.sign_out()).unwrap();
    assert_eq!(c.transport().paths(), ["/iroh/oauth2/token", "/iroh/oauth2/app-grant/client-signin-0001"]);
    // The server refuses the removal: reported, and the tokens are gone here all the same.
    let fake = server(true, 600, |_| json(200, "{}"));
    let refusing = Fake {
        answer: Box::new(move |r, n| if r.url.contains("app-grant") { json(503, r#"{"error":"unavailable"}"#) } else { (fake.answer)(r, n) }),
        ..Fake::new(|_, _| json(200, "{}"))
    };
    let c = signed_in(refusing);
    let e = pollster::block_on(c.sign_out()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Server);
    assert_eq!(c.session_state().unwrap(), SessionState::default());
    assert!(c.token_snapshot().is_none());
    // Never signed in: nothing to remove, nothing sent.
    let c = client(server(true, 600, |_| json(200, "{}")), None);
    pollster::block_on(c.sign_out()).unwrap();
    assert!(c.transport().sent.borrow().is_empty());
}

/// A confidential client (XDR's default kind): its password goes in HTTP Basic on the code
/// exchange and on every refresh, never in a form or a URL, and is redacted from answers.
#[test]
fn a_confidential_client_sends_basic_on_the_exchange_and_every_refresh() {
    const PASSWORD: &str = "conf-PASSWORD-9f8e7d6c5b4a";
    let basic = "Basic Y2xpZW50LXNpZ25pbi0wMDAxOmNvbmYtUEFTU1dPUkQtOWY4ZTdkNmM1YjRh".to_string(); // base64 of client-signin-0001:conf-PASSWORD-9f8e7d6c5b4a
    let fake = server(true, 60, |r| json(500, &format!(r#"{{"error":"boom","error_description":"echo {}"}}"#, r.body.clone().unwrap_or_default())));
    let echo = Fake {
        answer: Box::new(move |r, n| {
            if r.url.ends_with("/token") && r.header("authorization").is_none() {
                json(401, r#"{"error":"invalid_client"}"#)
            } else {
                (fake.answer)(r, n)
            }
        }),
        ..Fake::new(|_, _| json(200, "{}"))
    };
    let endpoint = Endpoint::new(Some("us"), None, None).unwrap();
    let session = Session::new(CLIENT, None, None).unwrap().with_password(Some(format!(" {PASSWORD} "))).unwrap();
    let c = Client::new(echo, endpoint, TokenSource::SignIn(session));
    let p = c.begin_sign_in(REDIRECT, &random()).unwrap();
    pollster::block_on(c.complete_sign_in(&p, &format!("{REDIRECT}?code=c0de&state={}", p.state))).unwrap();
    c.transport().clock.set(T0 + 120_000.0); // expired: the next call refreshes
    let e = pollster::block_on(c.actions(&obs())).unwrap_err();
    assert!(!e.message.contains(PASSWORD), "{}", e.message);
    let sent = c.transport().sent.borrow().clone();
    let tokens: Vec<_> = sent.iter().filter(|r| r.url.ends_with("/iroh/oauth2/token")).collect();
    assert_eq!(tokens.len(), 2, "the exchange and one refresh");
    for t in &tokens {
        assert_eq!(t.header("authorization"), Some(basic.as_str()));
        let body = t.body.clone().unwrap();
        assert!(!body.contains(PASSWORD) && form(&body, "client_id").is_none(), "{body}");
    }
    assert!(form(&tokens[0].body.clone().unwrap(), "code_verifier").is_some(), "PKCE as well");
    assert!(sent.iter().all(|r| !r.url.contains(PASSWORD)));
    assert!(Session::new(CLIENT, None, None).unwrap().with_password(Some("bad\u{0}".into())).is_err());
}

#[test]
fn the_requested_scopes_are_every_feature_s_or_the_policy_s() {
    let c = client(server(true, 600, |_| json(200, "{}")), None);
    let p = c.begin_sign_in(REDIRECT, &random()).unwrap();
    assert!(p.authorize_url.contains("&scope=inspect%3Aread%20response%20enrich%3Aread%20casebook&"), "{}", p.authorize_url);
    let endpoint = Endpoint::new(Some("us"), None, None).unwrap();
    let narrowed = Session::new(CLIENT, None, None).unwrap().with_scopes(&["inspect:read".into(), "response".into()]).unwrap();
    let c = Client::new(server(true, 600, |_| json(200, "{}")), endpoint, TokenSource::SignIn(narrowed));
    assert!(c.begin_sign_in(REDIRECT, &random()).unwrap().authorize_url.contains("&scope=inspect%3Aread%20response&"));
}

/// Test connection when signed in proves the sign-in works: whoami is asked with the token
/// (one call), and the features the granted scopes allow are listed with the reason.
#[test]
fn test_connection_signed_in_asks_whoami_and_lists_the_features() {
    let c = signed_in(server(true, 600, |_| json(200, "{}")));
    let before = c.transport().sent.borrow().len();
    let info = pollster::block_on(c.check_connection()).unwrap();
    assert_eq!(c.transport().paths()[before..], ["/iroh/profile/whoami"]);
    assert_eq!(info.user.as_deref(), Some("Alice Analyst <alice@example.com>"));
    let casebooks = info.features.iter().find(|f| f.id == "casebooks").unwrap();
    assert!(!casebooks.on && casebooks.reason.contains("casebook scope"), "{casebooks:?}");
    // A signed-out client says so: no request, the sign-in hint.
    let c = client(server(true, 600, |_| json(200, "{}")), None);
    let e = pollster::block_on(c.check_connection()).unwrap_err();
    assert_eq!((e.kind, e.sign_in), (ErrorKind::SignedOut, true));
    assert!(c.transport().sent.borrow().is_empty());
}

/// Audit notes name the person who signed in (whoami), not the OAuth client's id.
#[test]
fn audit_notes_name_the_person_signed_in() {
    use securex_respond::api::intel::Outcome;
    use securex_respond::intel::ActionRef;
    let c = signed_in(server(true, 600, |_| json(200, r#"{"id":"casebook-00000000-0000-4000-8000-000000000001","title":"t","observables":[],"texts":[]}"#)));
    let action = ActionRef { title: "Block this domain".into(), module: "Umbrella".into(), observable: None };
    pollster::block_on(c.note_action("casebook-00000000-0000-4000-8000-000000000001", &action, &Outcome::Succeeded, None)).unwrap();
    let body = c.transport().bodies("/texts").pop().unwrap();
    assert!(body.contains("Alice Analyst <alice@example.com> ran Block this domain (Umbrella)"), "{body}");
    assert!(!body.contains(CLIENT), "{body}");
}

/// Issue 21.8: a refresh token restored from storage is redacted from the very first answer,
/// before any refresh made the client see it.
#[test]
fn a_restored_refresh_token_is_redacted_from_the_first_answer() {
    const SAVED: &str = "rt-restored-7777777777777777777777";
    let echo = Fake::new(|_, _| json(500, &format!(r#"{{"error":"boom","error_description":"the server saw {SAVED}"}}"#)));
    let c = client(echo, Some(SAVED));
    c.seed_token(Token { access_token: "at-seeded-000000000000000000000".into(), expires_at_ms: T0 + 600_000.0, scopes: vec![] });
    let e = pollster::block_on(c.actions(&obs())).unwrap_err();
    assert_eq!(c.transport().count("/iroh/oauth2/token"), 0, "no refresh happened");
    assert!(!e.message.contains(SAVED), "{}", e.message);
}
