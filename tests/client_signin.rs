//! Sign-in mode (authorization code + PKCE, `src/oauth.rs`) against a recording fake
//! [`Transport`] with a fake clock, in the style of `client_fake.rs`: the exact requests of a
//! sign-in, refresh before expiry and after a 401 (one refresh, one replay, never a loop), the
//! newest refresh token kept, `invalid_grant` as signed out, sign-out's revocations, and what
//! is refused before any request.

mod fake;

use fake::{json, Answer, Fake, T0};
use futures_util::future::join_all;
use securex_respond::auth::Token;
use securex_respond::http::HttpRequest;
use securex_respond::oauth::{pkce_challenge, Session, SessionState};
use securex_respond::{Client, Endpoint, ErrorKind, Observable, TokenSource};
use std::cell::{Cell, RefCell};

const REDIRECT: &str = "https://kbfnbcaeplbcioakkpcpgfkobkghlhen.chromiumapp.org/";
const CLIENT: &str = "client-signin-0001";

fn form(body: &str, key: &str) -> Option<String> {
    body.split('&').find_map(|p| p.strip_prefix(&format!("{key}=")).map(str::to_string))
}

/// A server: codes exchange once; refresh tokens rotate (`rt-<n>`) when `rotate`; API routes
/// answer `api(request)`.
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
                        r#"{{"access_token":"at-{n}-{}","token_type":"bearer","expires_in":{lifetime},"scope":"inspect:read response enrich:read"{refresh},"user":{{"name":"Alice Analyst","email":"alice@example.com"}}}}"#,
                        "a".repeat(30)
                    ),
                )
            } else if r.url.ends_with("/iroh/oauth2/revoke") {
                json(200, "")
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
    assert_eq!(who.user, "Alice Analyst <alice@example.com>");
    let sent = c.transport().sent.borrow().clone();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].header("authorization"), None);
    let body = sent[0].body.clone().unwrap();
    assert_eq!(form(&body, "grant_type").as_deref(), Some("authorization_code"));
    assert_eq!(form(&body, "code").as_deref(), Some("c0de"));
    assert_eq!(form(&body, "code_verifier").as_deref(), Some(p.verifier.as_str()));
    assert_eq!(form(&body, "client_id").as_deref(), Some(CLIENT));
    assert_eq!(form(&body, "redirect_uri").as_deref(), Some("https%3A%2F%2Fkbfnbcaeplbcioakkpcpgfkobkghlhen.chromiumapp.org%2F"));
    // The access token serves the calls; the state to persist has the refresh token and the person.
    pollster::block_on(c.actions(&obs())).unwrap();
    assert!(bearer(&c.transport().sent.borrow()[1]).starts_with("Bearer at-0-"));
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
    assert!(form(&tokens[2], "refresh_token").unwrap().starts_with("rt-2-"), "{}", tokens[2]);
    assert_eq!(form(&tokens[2], "grant_type").as_deref(), Some("refresh_token"));
    assert!(c.session_state().unwrap().refresh_token.unwrap().starts_with("rt-4-"));
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
    // Reported once the refresh answered (exchange, call, refresh: 3 sent), before the call it
    // was made for was sent (the 4th).
    assert_eq!(*sent, 3, "{:?}", c.transport().paths());
    assert_eq!(c.transport().paths()[2], "/iroh/oauth2/token");
    assert!(state.signed_in && state.refresh_token.as_deref().unwrap().starts_with("rt-2-"));
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
        ["/iroh/oauth2/token", "/iroh/iroh-response/respond/observables", "/iroh/oauth2/token", "/iroh/iroh-response/respond/observables"]
    );
    let sent = c.transport().sent.borrow();
    assert_ne!(bearer(&sent[1]), bearer(&sent[3]), "the replay carries the refreshed token");
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
    let e = pollster::block_on(c.actions(&obs())).unwrap_err();
    assert_eq!(e.kind, ErrorKind::SignedOut);
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
fn sign_out_revokes_both_tokens_and_forgets_them() {
    let c = signed_in(server(true, 600, |_| json(200, r#"{"data":[]}"#)));
    pollster::block_on(c.sign_out()).unwrap();
    let revokes = c.transport().bodies("/iroh/oauth2/revoke");
    assert_eq!(revokes.len(), 2);
    assert!(form(&revokes[0], "token").unwrap().starts_with("rt-0-") && revokes[0].contains("token_type_hint=refresh_token"));
    assert!(form(&revokes[1], "token").unwrap().starts_with("at-0-") && revokes[1].contains("token_type_hint=access_token"));
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
