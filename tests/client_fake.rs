//! The client's policies against a recording fake [`Transport`] with a fake clock: no server,
//! no sleeps, no threads. Each test scripts the answers, drives the client (concurrent calls
//! are joined futures on one thread, as in the browser), and asserts the exact requests sent.
//!
//! `core_standin.rs` is the conformance suite against the stand-in over real HTTP; this file
//! pins the policies themselves: token cache and expiry margin, one shared exchange, a failed
//! exchange shared, one refresh and one replay after a 401, a trigger never retried, the
//! in-flight policy, redaction.

mod fake;

use fake::{json, Answer, Fake, T0};
use futures_util::future::join_all;
use securex_respond::auth::Credentials;
use securex_respond::http::{HttpRequest, TransportError};
use securex_respond::{Client, Endpoint, ErrorKind, Observable, TokenSource};

const SECRET: &str = "fake-secret-9f8e7d6c5b4a";
const TRIGGER: &str = "/respond/trigger/8a1b2c3d-0000-4000-8000-000000000001/umbrella-block-domain?observable_type=domain&observable_value=evil.example";

fn token_answer(n: usize, expires_in: u32) -> Answer {
    json(
        200,
        &format!(
            r#"{{"access_token":"tok-{n}-{}","token_type":"bearer","expires_in":{expires_in},"scope":"inspect:read response enrich:read"}}"#,
            "x".repeat(40)
        ),
    )
}

const ACTIONS_OK: &str = r#"{"data":[]}"#;
const TRIGGER_OK: &str = r#"{"data":{"status":"success"}}"#;

/// Token endpoint: fresh tokens of `expires_in` seconds; every other route: `api(request)`.
fn standard(expires_in: u32, api: impl Fn(&HttpRequest) -> Answer + 'static) -> Fake {
    Fake::new(move |r, n| if r.url.ends_with("/iroh/oauth2/token") { token_answer(n, expires_in) } else { api(r) })
}

fn client(fake: Fake) -> Client<Fake> {
    let endpoint = Endpoint::new(Some("us"), None, None).unwrap();
    Client::new(fake, endpoint, TokenSource::Credentials(Credentials::new("client-fake", SECRET).unwrap()))
}

fn obs() -> Vec<Observable> {
    vec![Observable { kind: "domain".into(), value: "evil.example".into() }]
}

fn bearer(r: &HttpRequest) -> String {
    r.header("Authorization").unwrap_or_default().to_string()
}

#[test]
fn token_is_reused_until_thirty_seconds_before_a_ten_minute_expiry() {
    let c = client(standard(600, |_| json(200, ACTIONS_OK)));
    let run = |c: &Client<Fake>| pollster::block_on(c.actions(&obs())).unwrap();
    run(&c);
    c.transport().clock.set(T0 + 569_000.0);
    run(&c);
    assert_eq!(c.transport().count("/oauth2/token"), 1, "still 31 s left: the cached token serves");
    c.transport().clock.set(T0 + 571_000.0);
    run(&c);
    assert_eq!(c.transport().count("/oauth2/token"), 2, "29 s left: inside the margin, a new exchange");
    let sent = c.transport().sent.borrow();
    assert_ne!(bearer(&sent[4]), bearer(&sent[1]), "the call after the refresh carries the new token");
}

#[test]
fn short_lived_token_margin_is_a_fifth_of_its_lifetime() {
    let c = client(standard(50, |_| json(200, ACTIONS_OK)));
    pollster::block_on(c.actions(&obs())).unwrap();
    c.transport().clock.set(T0 + 39_000.0);
    pollster::block_on(c.actions(&obs())).unwrap();
    assert_eq!(c.transport().count("/oauth2/token"), 1, "11 s left of 50: more than the 10 s margin");
    c.transport().clock.set(T0 + 41_000.0);
    pollster::block_on(c.actions(&obs())).unwrap();
    assert_eq!(c.transport().count("/oauth2/token"), 2);
}

#[test]
fn concurrent_calls_share_one_token_exchange() {
    let c = client(standard(600, |_| json(200, ACTIONS_OK)));
    let o = obs();
    let results = pollster::block_on(join_all((0..3).map(|_| c.actions(&o))));
    assert!(results.iter().all(|r| r.is_ok()));
    let paths = c.transport().paths();
    assert_eq!(paths[0], "/iroh/oauth2/token");
    assert_eq!(c.transport().count("/oauth2/token"), 1, "{paths:?}");
    assert_eq!(c.transport().count("/respond/observables"), 3);
}

#[test]
fn a_failed_exchange_is_shared_by_the_callers_queued_behind_it() {
    let c = client(Fake::new(|r, _| {
        if r.url.ends_with("/oauth2/token") {
            json(401, r#"{"error":"invalid_client","error_description":"bad credentials"}"#)
        } else {
            json(200, ACTIONS_OK)
        }
    }));
    let o = obs();
    let results = pollster::block_on(join_all((0..3).map(|_| c.actions(&o))));
    for r in &results {
        assert_eq!(r.as_ref().unwrap_err().kind, ErrorKind::InvalidCredentials);
    }
    assert_eq!(c.transport().paths(), ["/iroh/oauth2/token"], "one exchange, its error shared, no API call");
    // The next call (not queued behind that exchange) tries again: a corrected secret can work.
    let _ = pollster::block_on(c.actions(&o));
    assert_eq!(c.transport().count("/oauth2/token"), 2);
}

#[test]
fn a_401_costs_one_refresh_and_one_replay() {
    let c = client(Fake::new(|r, n| {
        if r.url.ends_with("/oauth2/token") {
            token_answer(n, 600)
        } else if bearer(r).contains("tok-0-") {
            json(401, r#"{"error":"invalid_token"}"#)
        } else {
            json(200, ACTIONS_OK)
        }
    }));
    pollster::block_on(c.actions(&obs())).unwrap();
    assert_eq!(
        c.transport().paths(),
        ["/iroh/oauth2/token", "/iroh/iroh-response/respond/observables", "/iroh/oauth2/token", "/iroh/iroh-response/respond/observables"]
    );
}

#[test]
fn a_second_401_is_invalid_credentials_not_a_loop() {
    let c = client(standard(600, |_| json(401, r#"{"error":"invalid_token"}"#)));
    let e = pollster::block_on(c.actions(&obs())).unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidCredentials);
    assert_eq!(c.transport().count("/oauth2/token"), 2);
    assert_eq!(c.transport().count("/respond/observables"), 2);
}

fn trigger_once_with(answer: impl Fn() -> Answer + 'static) -> (Client<Fake>, securex_respond::Error) {
    let c = client(standard(600, move |_| answer()));
    let e = pollster::block_on(c.trigger(TRIGGER)).unwrap_err();
    (c, e)
}

#[test]
fn a_trigger_is_never_retried_after_a_timeout_a_network_error_or_a_5xx() {
    type Case = (&'static str, Box<dyn Fn() -> Answer>);
    let cases: Vec<Case> = vec![
        ("timeout", Box::new(|| Err(TransportError::Timeout))),
        ("network", Box::new(|| Err(TransportError::Network("connection reset".into())))),
        ("502", Box::new(|| json(502, r#"{"error":"bad gateway"}"#))),
        ("200 unreadable", Box::new(|| json(200, "<html>"))),
    ];
    for (name, answer) in cases {
        let (c, e) = trigger_once_with(answer);
        assert_eq!(c.transport().count("/respond/trigger/"), 1, "{name}: exactly one trigger request");
        assert!(e.outcome_unknown, "{name}: the outcome is unknown, not failed: {e:?}");
    }
}

#[test]
fn a_trigger_refused_with_401_is_replayed_once_because_it_did_not_run() {
    let c = client(Fake::new(|r, n| {
        if r.url.ends_with("/oauth2/token") {
            token_answer(n, 600)
        } else if bearer(r).contains("tok-0-") {
            json(401, r#"{"error":"invalid_token"}"#)
        } else {
            json(200, TRIGGER_OK)
        }
    }));
    let result = pollster::block_on(c.trigger(TRIGGER)).unwrap();
    assert_eq!(result.status, "success");
    assert_eq!(c.transport().count("/respond/trigger/"), 2);
    assert!(c.transport().sent.borrow().iter().all(|r| !r.url.contains("%2e") && !r.url.contains("..")));
}

#[test]
fn a_second_trigger_of_the_same_action_while_the_first_runs_is_refused_without_a_request() {
    let c = client(standard(600, |_| json(200, TRIGGER_OK)));
    let both = pollster::block_on(join_all([c.trigger(TRIGGER), c.trigger(TRIGGER)]));
    assert_eq!(c.transport().count("/respond/trigger/"), 1);
    assert!(both[0].is_ok());
    let refused = both[1].as_ref().unwrap_err();
    assert_eq!(refused.kind, ErrorKind::BadInput);
    assert!(refused.message.contains("already being triggered"), "{}", refused.message);
    // Once the first is done, the same action can be sent again (a deliberate second run).
    pollster::block_on(c.trigger(TRIGGER)).unwrap();
    assert_eq!(c.transport().count("/respond/trigger/"), 2);
}

#[test]
fn an_action_is_sendable_again_after_its_trigger_failed() {
    let c = client(standard(600, |_| Err(TransportError::Network("reset".into()))));
    assert!(pollster::block_on(c.trigger(TRIGGER)).is_err());
    assert!(pollster::block_on(c.trigger(TRIGGER)).unwrap_err().outcome_unknown, "not refused as in flight");
    assert_eq!(c.transport().count("/respond/trigger/"), 2);
}

#[test]
fn secret_and_token_echoed_by_the_server_never_reach_the_error() {
    let c = client(Fake::new(|r, n| {
        if r.url.ends_with("/oauth2/token") {
            return token_answer(n, 600);
        }
        let token = bearer(r).trim_start_matches("Bearer ").to_string();
        json(500, &format!(r#"{{"error":"boom {SECRET} {token}","trace_id":"{token}"}}"#))
    }));
    let e = pollster::block_on(c.actions(&obs())).unwrap_err();
    let shown = format!("{} {:?} {:?}", e.message, e.trace_id, e);
    assert!(!shown.contains(SECRET), "{shown}");
    assert!(!shown.contains("tok-0-"), "{shown}");
}

#[test]
fn requests_have_the_documented_wire_shape() {
    let c = client(standard(600, |_| json(200, ACTIONS_OK)));
    pollster::block_on(c.actions(&obs())).unwrap();
    let sent = c.transport().sent.borrow();
    let token = &sent[0];
    assert_eq!(token.method.as_str(), "POST");
    assert_eq!(token.body.as_deref(), Some("grant_type=client_credentials"));
    assert!(token.header("Authorization").unwrap().starts_with("Basic "));
    let api = &sent[1];
    assert_eq!(api.url, "https://visibility.amp.cisco.com/iroh/iroh-response/respond/observables");
    assert_eq!(api.header("Content-Type"), Some("application/json"));
    assert_eq!(api.body.as_deref(), Some(r#"[{"type":"domain","value":"evil.example"}]"#));
    assert_eq!(api.timeout_ms, 20_000);
}

/// A page or the extension's worker set to Japanese (`view::text::set_current`, as `setLocale`
/// and the worker's language do): the client's errors are in Japanese, with the host, status and
/// scopes as they were, and the secret in no message.
#[test]
fn errors_are_said_in_the_locale_of_the_moment() {
    use securex_respond::view::text::{set_current, Locale};
    set_current(Locale::Ja);
    let c = client(Fake::new(|_, _| json(401, r#"{"error":"invalid_client","client_secret":"fake-secret-9f8e7d6c5b4a"}"#)));
    let e = pollster::block_on(c.actions(&obs())).unwrap_err();
    assert_eq!((e.kind, e.status), (ErrorKind::InvalidCredentials, Some(401)));
    assert!(e.message.starts_with("visibility.amp.cisco.com が API クライアントの ID またはシークレットを拒否しました（HTTP 401）。"), "{}", e.message);
    assert!(!e.message.contains(SECRET));
    let c = client(standard(600, |_| json(429, "")));
    let e = pollster::block_on(c.actions(&obs())).unwrap_err();
    assert_eq!(e.kind, ErrorKind::RateLimited);
    assert!(e.message.starts_with("組織の Threat Response のレート制限に達しました"), "{}", e.message);
    let c = client(standard(600, |_| json(502, "")));
    let e = pollster::block_on(c.trigger(TRIGGER)).unwrap_err();
    assert!(
        e.outcome_unknown && e.message.starts_with("結果不明：アクションは送信されましたが、Threat Response がサーバーエラーを返しました（HTTP 502）。"),
        "{}",
        e.message
    );
    set_current(Locale::En);
    let e = pollster::block_on(client(standard(600, |_| json(429, ""))).actions(&obs())).unwrap_err();
    assert!(e.message.starts_with("Your organisation has reached"), "{}", e.message);
}
