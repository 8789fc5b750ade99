//! Per-analyst sign-in: the authorization code grant with PKCE S256 (contract §2,
//! "Authorization code grant"). Sans-IO like the rest of the core: this module builds the
//! authorize URL, checks the URL the browser came back to, builds the code exchange, refresh
//! and revocation requests, and reads their answers. The [`crate::client::Client`] drives them
//! (`TokenSource::SignIn`); JavaScript only runs the browser's flow
//! (`identity.launchWebAuthFlow`) and hands over random bytes from `crypto.getRandomValues`.
//!
//! As checked against upstream (contract §2c):
//! - Two kinds of auth-code client: **public** (no password: `client_id` in the form, PKCE
//!   S256) and **confidential**, XDR's default (HTTP Basic `client_id:password` on the code
//!   exchange and on every refresh, PKCE as well). [`Session::with_password`] makes the second.
//! - A person's token carries the scopes requested ∩ held by the person ∩ held by the client:
//!   every scope a feature uses is requested ([`SIGN_IN_SCOPES`], a policy may narrow it), and
//!   the granted `scope` says which features work.
//! - Who is signed in comes from `GET /iroh/profile/whoami` ([`parse_whoami`], read leniently:
//!   hyphenated IROH keys at the top level or under `user`), once per sign-in; the token is
//!   never decoded. Without a usable name the UI says "signed in".
//! - Refresh-token rotation: the newest refresh token an answer carries is kept (the old one
//!   keeps working for a grace period upstream, so a late answer for it is not an error).
//! - Error bodies: `invalid_grant` is looked for in the usual OAuth2 body; a 400 or 401 from a
//!   refresh without a readable body is treated the same (signed out), never retried.
//! - Sign-out: there is no revocation endpoint; the person's grant to the client is removed
//!   with `DELETE /iroh/oauth2/app-grant/{client-id}` and their Bearer. Best effort: the tokens
//!   are forgotten locally whatever it answers.

use crate::auth::{self, Token};
use crate::error::{Error, ErrorKind, Result};
use crate::http::{HttpRequest, HttpResponse, Method};
use crate::view::errors::ErrorText;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;

/// The scopes a sign-in asks for: every feature's. A person's token carries only what was
/// requested (∩ what the person and the client hold, contract §2c), so a scope left out here
/// is a feature switched off: find (`inspect:read`), respond (`response`), verdicts, pivots and
/// sightings (`enrich:read`), casebooks and audit notes (`casebook`).
pub const SIGN_IN_SCOPES: [&str; 4] = ["inspect:read", "response", "enrich:read", "casebook"];

/// The scope string to request: [`SIGN_IN_SCOPES`], or the policy's list (`signInScopes`) when
/// it gives one. A policy lists what the organisation lets its people grant; a scope that is
/// not a plain token (spaces, control characters, over 64 characters) is refused.
pub fn requested_scopes(policy: &[String]) -> Result<String> {
    if policy.is_empty() {
        return Ok(SIGN_IN_SCOPES.join(" "));
    }
    let mut out: Vec<&str> = Vec::new();
    for s in policy.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        if s.len() > 64 || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(Error::setup(ErrorText::BadSignInScope { scope: crate::config::truncate_for_message(s, 40) }));
        }
        if !out.contains(&s) {
            out.push(s);
        }
    }
    if out.is_empty() {
        return Ok(SIGN_IN_SCOPES.join(" "));
    }
    Ok(out.join(" "))
}

/// How many random bytes [`begin`] takes: 32 for the verifier (43 characters, RFC 7636's
/// minimum length and 256 bits), 16 for `state`.
pub const RANDOM_BYTES: usize = 48;

/// A sign-in in progress: what the browser is sent to, and what checking its return and
/// exchanging the code need. Kept by the worker until the flow ends; never given to a page.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pending {
    pub authorize_url: String,
    pub redirect_uri: String,
    pub client_id: String,
    pub state: String,
    pub verifier: String,
}

impl std::fmt::Debug for Pending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pending").field("authorize_url", &self.authorize_url).field("verifier", &"[redacted]").finish()
    }
}

/// Starts a sign-in against `base_url` (checked) for the auth-code client `client_id`,
/// coming back to `redirect_uri` (what `identity.getRedirectURL()` gives: an https URL).
pub fn begin(base_url: &str, client_id: &str, redirect_uri: &str, random: &[u8]) -> Result<Pending> {
    begin_with_scopes(base_url, client_id, redirect_uri, random, &SIGN_IN_SCOPES.join(" "))
}

/// [`begin`], asking for `scopes` (space-separated, see [`requested_scopes`]).
pub fn begin_with_scopes(base_url: &str, client_id: &str, redirect_uri: &str, random: &[u8], scopes: &str) -> Result<Pending> {
    let client_id = client_id.trim();
    if client_id.is_empty() || client_id.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(Error::setup(ErrorText::SignInNeedsClientId));
    }
    if !redirect_uri.starts_with("https://") || redirect_uri.len() <= "https://".len() || redirect_uri.contains(['?', '#']) {
        return Err(Error::bad_input(ErrorText::NoRedirectUrl));
    }
    if random.len() < RANDOM_BYTES || random.iter().all(|&b| b == random[0]) {
        return Err(Error::bad_input(ErrorText::NoRandom));
    }
    let verifier = base64url(&random[..32]);
    let state = base64url(&random[32..RANDOM_BYTES]);
    let authorize_url = format!(
        "{base_url}/iroh/oauth2/authorize?response_type=code&client_id={}&redirect_uri={}&scope={}&state={state}&code_challenge={}&code_challenge_method=S256",
        form_encode(client_id),
        form_encode(redirect_uri),
        form_encode(scopes),
        pkce_challenge(&verifier),
    );
    Ok(Pending { authorize_url, redirect_uri: redirect_uri.to_string(), client_id: client_id.to_string(), state, verifier })
}

/// The authorization code in the URL the browser came back to, after checking that it is our
/// redirect URL and carries our `state`. An `error` parameter becomes a clear message.
pub fn finish(pending: &Pending, returned: &str) -> Result<String> {
    let failed = |m: ErrorText| Error { sign_in: true, ..Error::new(ErrorKind::SignedOut, m) };
    let Some(rest) = returned.strip_prefix(pending.redirect_uri.as_str()) else {
        return Err(failed(ErrorText::SignInWrongRedirect));
    };
    let rest = rest.split('#').next().unwrap_or("");
    let query = match rest.strip_prefix('?') {
        Some(q) => q,
        None if rest.is_empty() => "",
        None => return Err(failed(ErrorText::SignInUnexpectedAddress)),
    };
    let mut state = None;
    let (mut code, mut error, mut description) = (None, None, None);
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let v = crate::api::response::percent_decode(v);
        match k {
            "state" => state = Some(v),
            "code" => code = Some(v),
            "error" => error = Some(v),
            "error_description" => description = Some(v),
            _ => {}
        }
    }
    if state.as_deref() != Some(pending.state.as_str()) {
        return Err(failed(ErrorText::SignInBadState));
    }
    if let Some(e) = error {
        let detail = description.filter(|d| !d.trim().is_empty()).map(|d| crate::config::truncate_for_message(&d, 200));
        return Err(failed(match e.as_str() {
            "access_denied" => ErrorText::SignInDeclined { detail },
            other => ErrorText::SignInErrorAnswer { error: crate::config::truncate_for_message(other, 60), detail },
        }));
    }
    match code.filter(|c| !c.is_empty()) {
        Some(c) => Ok(c),
        None => Err(failed(ErrorText::SignInNoCode)),
    }
}

/// How the client proves itself at the token endpoint (contract §2c): a public client names
/// itself with `client_id` in the form; a confidential one sends HTTP Basic
/// `client_id:password` (and no `client_id` in the form, as Cisco's own example does).
#[derive(Clone, Copy)]
pub(crate) struct ClientAuth<'a> {
    pub client_id: &'a str,
    pub password: Option<&'a str>,
}

fn token_form(base_url: &str, auth: ClientAuth<'_>, form: &[(&str, &str)], timeout_ms: u32) -> HttpRequest {
    let mut pairs: Vec<(&str, &str)> = form.to_vec();
    let mut headers =
        vec![("Content-Type".to_string(), "application/x-www-form-urlencoded".to_string()), ("Accept".to_string(), "application/json".to_string())];
    match auth.password {
        Some(p) => headers.push(("Authorization".into(), format!("Basic {}", sxr_codec::base64::encode(format!("{}:{p}", auth.client_id).as_bytes())))),
        None => pairs.push(("client_id", auth.client_id)),
    }
    let body = pairs.iter().map(|(k, v)| format!("{k}={}", form_encode(v))).collect::<Vec<_>>().join("&");
    HttpRequest { method: Method::Post, url: format!("{base_url}/iroh/oauth2/token"), headers, body: Some(body), timeout_ms }
}

/// The code exchange, proving the flow is this client's with the PKCE verifier.
pub(crate) fn code_request(base_url: &str, pending: &Pending, code: &str, password: Option<&str>, timeout_ms: u32) -> HttpRequest {
    let auth = ClientAuth { client_id: &pending.client_id, password };
    token_form(
        base_url,
        auth,
        &[("grant_type", "authorization_code"), ("code", code), ("redirect_uri", &pending.redirect_uri), ("code_verifier", &pending.verifier)],
        timeout_ms,
    )
}

pub(crate) fn refresh_request(base_url: &str, auth: ClientAuth<'_>, refresh_token: &str, timeout_ms: u32) -> HttpRequest {
    token_form(base_url, auth, &[("grant_type", "refresh_token"), ("refresh_token", refresh_token)], timeout_ms)
}

/// Sign-out: the person's grant to this client removed (contract §2c: no revocation endpoint
/// exists; `DELETE /iroh/oauth2/app-grant/{client-id}` with the person's Bearer).
pub(crate) fn app_grant_path(client_id: &str) -> String {
    format!("/iroh/oauth2/app-grant/{}", form_encode(client_id))
}

/// Who is signed in, from a `GET /iroh/profile/whoami` answer (contract §2c: hyphenated IROH
/// keys such as `user-name`, `user-email`, shape partly inferred): read leniently, at the top
/// level or under `user`; `None` when nothing usable (the UI then says "signed in").
pub fn parse_whoami(body: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(body).ok()?;
    let text = |o: &serde_json::Value, keys: &[&str]| {
        keys.iter().find_map(|k| o.get(*k).and_then(|v| v.as_str()).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string))
    };
    let scopes = [v.get("user").filter(|u| u.is_object()), Some(&v)];
    let pick = |keys: &[&str]| scopes.iter().flatten().find_map(|o| text(o, keys));
    let name = pick(&["user-name", "name", "full-name", "given-name"]);
    let email = pick(&["user-email", "email"]);
    let who = match (name, email) {
        (Some(n), Some(e)) if n != e => format!("{n} <{e}>"),
        (Some(n), _) => n,
        (None, Some(e)) => e,
        (None, None) => pick(&["user-nick", "nick", "preferred_username", "username"])?,
    };
    Some(crate::config::truncate_for_message(&who, 120).to_string())
}

/// A token answer of this grant: the access token, and what only this grant adds.
#[derive(Clone, PartialEq)]
pub struct Grant {
    pub token: Token,
    pub lifetime_ms: f64,
    pub refresh_token: Option<String>,
    pub user: Option<String>,
}

#[derive(Deserialize, Default)]
struct Extra {
    #[serde(default)]
    refresh_token: Option<serde_json::Value>,
    #[serde(default)]
    user: Option<serde_json::Value>,
    #[serde(default)]
    email: Option<serde_json::Value>,
    #[serde(default)]
    name: Option<serde_json::Value>,
    #[serde(default)]
    preferred_username: Option<serde_json::Value>,
}

/// Reads a 2xx answer of the token endpoint for this grant. The person signed in is read
/// from the answer only (never from the token): a display name, never used to decide.
pub(crate) fn parse_grant(resp: &HttpResponse, now_ms: f64) -> Result<Grant> {
    let (token, lifetime_ms) = auth::parse_token(resp, now_ms)?;
    let extra: Extra = serde_json::from_str(&resp.body).unwrap_or_default();
    let text = |v: &Option<serde_json::Value>| v.as_ref().and_then(|v| v.as_str()).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    let refresh_token = text(&extra.refresh_token);
    let from_user = |k: &str| extra.user.as_ref().and_then(|u| u.get(k)).and_then(|v| v.as_str()).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    let user = match (from_user("name"), from_user("email")) {
        (Some(n), Some(e)) if n != e => Some(format!("{n} <{e}>")),
        (Some(n), _) => Some(n),
        (None, Some(e)) => Some(e),
        (None, None) => text(&extra.email).or_else(|| text(&extra.name)).or_else(|| text(&extra.preferred_username)).or_else(|| from_user("id")),
    };
    let user = user.map(|u| crate::config::truncate_for_message(&u, 120).to_string());
    Ok(Grant { token, lifetime_ms, refresh_token, user })
}

/// The OAuth2 `error` of a token-endpoint answer, when it has the usual body.
fn oauth_error(resp: &HttpResponse) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(&resp.body).ok()?;
    v.get("error").and_then(|e| e.as_str()).map(str::to_string)
}

/// Which request of this grant failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    Exchange,
    Refresh,
}

/// A 400/401 answer of the token endpoint in this grant as an error. A refused refresh is
/// "signed out" (the UI offers "Sign in again"); a refused code exchange says why when the
/// server did. `None` for other statuses (common classification).
pub(crate) fn refused(resp: &HttpResponse, step: Step, host: &str) -> Option<Error> {
    if !matches!(resp.status, 400 | 401) {
        return None;
    }
    let code = oauth_error(resp);
    let e = match (step, code.as_deref()) {
        (_, Some("invalid_client" | "unauthorized_client")) => {
            Error::new(ErrorKind::InvalidCredentials, ErrorText::SignInClientRefused { host: host.to_string(), status: resp.status })
        }
        (Step::Refresh, _) => signed_out(),
        (Step::Exchange, Some("invalid_grant")) => Error { sign_in: true, ..Error::new(ErrorKind::SignedOut, ErrorText::SignInCodeRefused) },
        (Step::Exchange, _) => Error { sign_in: true, ..Error::new(ErrorKind::SignedOut, ErrorText::SignInRefused { status: resp.status }) },
    };
    Some(e.with_status(resp.status))
}

/// The signed-in person's side of a [`crate::client::TokenSource::SignIn`] client: the
/// auth-code client id, the newest refresh token and who signed in. Empty until a sign-in
/// completes (or when restored without a refresh token).
pub struct Session {
    pub(crate) client_id: String,
    /// A confidential client's password (HTTP Basic on the exchange and every refresh).
    pub(crate) password: Option<String>,
    /// What a sign-in asks for (space-separated).
    pub(crate) scopes: String,
    pub(crate) refresh_token: RefCell<Option<String>>,
    pub(crate) user: RefCell<Option<String>>,
    /// The sign-in ended here (a refused refresh): later calls say "signed out", as the first did.
    pub(crate) ended: std::cell::Cell<bool>,
}

/// What a refused refresh (and every call after it) says.
pub(crate) fn signed_out() -> Error {
    Error { sign_in: true, ..Error::new(ErrorKind::SignedOut, ErrorText::SignedOutExpired) }
}

impl Session {
    /// `refresh_token` and `user` as saved by [`SessionState`], if any.
    pub fn new(client_id: &str, refresh_token: Option<String>, user: Option<String>) -> Result<Session> {
        let client_id = client_id.trim();
        if client_id.is_empty() {
            return Err(Error::setup(ErrorText::SignInNeedsClientIdShort));
        }
        Ok(Session {
            client_id: client_id.to_string(),
            password: None,
            scopes: SIGN_IN_SCOPES.join(" "),
            refresh_token: RefCell::new(refresh_token.filter(|t| !t.trim().is_empty())),
            user: RefCell::new(user.filter(|u| !u.trim().is_empty())),
            ended: std::cell::Cell::new(false),
        })
    }

    /// A confidential client: its password goes in HTTP Basic on the code exchange and on
    /// every refresh (never in a URL). `None` or blank: a public client.
    pub fn with_password(mut self, password: Option<String>) -> Result<Session> {
        let p = password.map(|p| p.trim().to_string()).filter(|p| !p.is_empty());
        if p.as_deref().is_some_and(|p| p.chars().any(char::is_control)) || self.client_id.contains(':') {
            return Err(Error::setup(ErrorText::OAuthClientInvalid));
        }
        self.password = p;
        Ok(self)
    }

    /// The scopes to request instead of [`SIGN_IN_SCOPES`] (a policy's `signInScopes`).
    pub fn with_scopes(mut self, policy: &[String]) -> Result<Session> {
        self.scopes = requested_scopes(policy)?;
        Ok(self)
    }

    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The refresh token held now (for the redactor: never given to a page).
    pub(crate) fn refresh_token(&self) -> Option<String> {
        self.refresh_token.borrow().clone()
    }

    pub(crate) fn password(&self) -> Option<&str> {
        self.password.as_deref()
    }

    pub(crate) fn auth(&self) -> ClientAuth<'_> {
        ClientAuth { client_id: &self.client_id, password: self.password.as_deref() }
    }

    pub(crate) fn update(&self, g: &Grant) {
        // Rotation is open in the contract: keep the newest refresh token, the old one otherwise.
        if let Some(r) = &g.refresh_token {
            *self.refresh_token.borrow_mut() = Some(r.clone());
        }
        if g.user.is_some() {
            *self.user.borrow_mut() = g.user.clone();
        }
    }

    pub(crate) fn end(&self) {
        *self.refresh_token.borrow_mut() = None;
        self.ended.set(true);
    }
}

pub use crate::session::SessionState;

/// What a completed sign-in shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SignedIn {
    /// Who signed in, as the token answer says ("" when it does not).
    pub user: String,
    pub scopes: Vec<String>,
}

/// `application/x-www-form-urlencoded` value encoding (unreserved characters kept, everything else
/// percent-encoded): the same encoder the casebook query strings use.
pub use sxr_codec::percent::encode as form_encode;

/// Base64url without padding (RFC 7636 appendix A).
pub use sxr_codec::base64::encode_url as base64url;

/// SHA-256 (FIPS 180-4), for the S256 challenge.
pub use sxr_codec::sha256;

/// The S256 code challenge of a verifier: base64url(SHA-256(ASCII(verifier))).
pub fn pkce_challenge(verifier: &str) -> String {
    base64url(&sha256(verifier.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkce_challenge_matches_rfc7636_appendix_b() {
        assert_eq!(pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        // The verifier of appendix B is base64url of these 32 octets.
        let octets = [
            116u8, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
        ];
        assert_eq!(base64url(&octets), "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    }

    fn random() -> Vec<u8> {
        (0..48u8).map(|i| i.wrapping_mul(37).wrapping_add(11)).collect()
    }

    const REDIRECT: &str = "https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/";

    #[test]
    fn authorize_url_carries_state_and_the_s256_challenge_of_the_verifier() {
        let p = begin("https://visibility.amp.cisco.com", " client-abc ", REDIRECT, &random()).unwrap();
        assert_eq!(p.verifier.len(), 43);
        assert_eq!(p.state.len(), 22);
        assert_eq!(p.client_id, "client-abc");
        assert_eq!(
            p.authorize_url,
            format!(
                "https://visibility.amp.cisco.com/iroh/oauth2/authorize?response_type=code&client_id=client-abc&redirect_uri=https%3A%2F%2Fabcdefghijklmnopabcdefghijklmnop.chromiumapp.org%2F&scope=inspect%3Aread%20response%20enrich%3Aread%20casebook&state={}&code_challenge={}&code_challenge_method=S256",
                p.state,
                pkce_challenge(&p.verifier)
            )
        );
        assert!(!p.authorize_url.contains(&p.verifier), "the verifier never leaves the worker before the exchange");
        assert!(!format!("{p:?}").contains(&p.verifier));
    }

    #[test]
    fn begin_refuses_what_cannot_work() {
        assert_eq!(begin("https://h", "", REDIRECT, &random()).unwrap_err().kind, ErrorKind::BadInput);
        assert!(begin("https://h", "", REDIRECT, &random()).unwrap_err().setup);
        assert!(begin("https://h", "c", "http://x/", &random()).is_err());
        assert!(begin("https://h", "c", "https://x/?a=1", &random()).is_err());
        assert!(begin("https://h", "c", REDIRECT, &random()[..47]).is_err());
        assert!(begin("https://h", "c", REDIRECT, &[0u8; 48]).is_err(), "all-equal bytes are no randomness");
    }

    #[test]
    fn the_returned_url_is_checked_for_our_redirect_and_state() {
        let p = begin("https://h", "c", REDIRECT, &random()).unwrap();
        let ok = format!("{REDIRECT}?code=abc%2Fdef&state={}", p.state);
        assert_eq!(finish(&p, &ok).unwrap(), "abc/def");
        let with_fragment = format!("{REDIRECT}?state={}&code=xyz#frag", p.state);
        assert_eq!(finish(&p, &with_fragment).unwrap(), "xyz");
        for bad in [
            format!("{REDIRECT}?code=abc&state=other"),
            format!("{REDIRECT}?code=abc"),
            format!("https://evil.example/?code=abc&state={}", p.state),
            format!("{REDIRECT}?state={}", p.state),
            format!("{}x?code=abc&state={}", REDIRECT, p.state),
        ] {
            let e = finish(&p, &bad).unwrap_err();
            assert_eq!(e.kind, ErrorKind::SignedOut, "{bad}");
            assert!(e.sign_in, "{bad}");
        }
        let wrong_state = finish(&p, &format!("{REDIRECT}?code=abc&state=other")).unwrap_err();
        assert!(wrong_state.message.contains("state"), "{}", wrong_state.message);
        let denied = finish(&p, &format!("{REDIRECT}?error=access_denied&error_description=User+said+no&state={}", p.state)).unwrap_err();
        assert!(denied.message.contains("declined") && denied.message.contains("User said no"), "{}", denied.message);
        // An error answer with a wrong state is refused for the state, not shown as the server's word.
        let forged = finish(&p, &format!("{REDIRECT}?error=server_error&state=nope")).unwrap_err();
        assert!(forged.message.contains("state"));
    }

    fn answer(status: u16, body: &str) -> HttpResponse {
        HttpResponse { status, headers: vec![], body: body.into() }
    }

    #[test]
    fn requests_have_the_grant_forms() {
        let p = begin("https://h", "client-abc", REDIRECT, &random()).unwrap();
        let r = code_request("https://h", &p, "c0de/+", None, 5000);
        assert_eq!(r.url, "https://h/iroh/oauth2/token");
        assert_eq!(r.header("content-type"), Some("application/x-www-form-urlencoded"));
        assert_eq!(r.header("authorization"), None, "a public client sends no secret");
        assert_eq!(
            r.body.as_deref().unwrap(),
            format!(
                "grant_type=authorization_code&code=c0de%2F%2B&redirect_uri=https%3A%2F%2Fabcdefghijklmnopabcdefghijklmnop.chromiumapp.org%2F&code_verifier={}&client_id=client-abc",
                p.verifier
            )
        );
        let public = ClientAuth { client_id: "client-abc", password: None };
        let r = refresh_request("https://h", public, "rt 1", 5000);
        assert_eq!(r.body.as_deref(), Some("grant_type=refresh_token&refresh_token=rt%201&client_id=client-abc"));
        assert_eq!(r.header("authorization"), None);
        // A confidential client (XDR's default): HTTP Basic on the exchange and on every refresh,
        // PKCE still sent, and no client_id in the form.
        let r = code_request("https://h", &p, "c0de", Some("pa:ss"), 5000);
        assert_eq!(r.header("authorization"), Some("Basic Y2xpZW50LWFiYzpwYTpzcw=="), "base64 of client-abc:pa:ss");
        assert!(r.body.as_deref().unwrap().contains("code_verifier=") && !r.body.as_deref().unwrap().contains("client_id"));
        let r = refresh_request("https://h", ClientAuth { client_id: "client-abc", password: Some("pa:ss") }, "rt", 5000);
        assert_eq!(r.header("authorization"), Some("Basic Y2xpZW50LWFiYzpwYTpzcw=="));
        assert_eq!(r.body.as_deref(), Some("grant_type=refresh_token&refresh_token=rt"));
        assert_eq!(app_grant_path("client-abc"), "/iroh/oauth2/app-grant/client-abc");
    }

    #[test]
    fn every_feature_s_scope_is_requested_and_a_policy_can_narrow_it() {
        assert_eq!(requested_scopes(&[]).unwrap(), "inspect:read response enrich:read casebook");
        let p = begin("https://h", "c", REDIRECT, &random()).unwrap();
        assert!(p.authorize_url.contains("&scope=inspect%3Aread%20response%20enrich%3Aread%20casebook&"), "{}", p.authorize_url);
        let narrowed = vec!["inspect:read".to_string(), " response ".into(), "response".into()];
        assert_eq!(requested_scopes(&narrowed).unwrap(), "inspect:read response");
        assert!(requested_scopes(&["a b".to_string()]).unwrap_err().setup);
        assert_eq!(requested_scopes(&["  ".to_string()]).unwrap(), "inspect:read response enrich:read casebook", "nothing usable: all");
    }

    #[test]
    fn whoami_is_read_leniently() {
        for (body, want) in [
            (
                r#"{"user":{"user-name":"Alice Analyst","user-email":"alice@example.com","user-id":"u-1"},"org":{"name":"ACME"}}"#,
                Some("Alice Analyst <alice@example.com>"),
            ),
            (r#"{"user-name":"Bob","user-email":"Bob"}"#, Some("Bob")),
            (r#"{"user-email":"carol@example.com","org-name":"ACME"}"#, Some("carol@example.com")),
            (r#"{"user":{"user-nick":"dave"}}"#, Some("dave")),
            (r#"{"name":"Eve","email":"eve@example.com"}"#, Some("Eve <eve@example.com>")),
            (r#"{"user":{"user-id":"u-1"},"org":{"name":"ACME"}}"#, None),
            (r#"{"user-name":"  "}"#, None),
            ("not json", None),
            ("[]", None),
        ] {
            assert_eq!(parse_whoami(body).as_deref(), want, "{body}");
        }
    }

    #[test]
    fn grant_answers_are_read_leniently() {
        let g = parse_grant(
            &answer(200, r#"{"access_token":"a","token_type":"bearer","expires_in":600,"scope":"response","refresh_token":"r1","user":{"name":"Alice Analyst","email":"alice@example.com"}}"#),
            0.0,
        )
        .unwrap();
        assert_eq!((g.refresh_token.as_deref(), g.user.as_deref()), (Some("r1"), Some("Alice Analyst <alice@example.com>")));
        let g = parse_grant(&answer(200, r#"{"access_token":"a","expires_in":600,"email":"bob@example.com","refresh_token":7}"#), 0.0).unwrap();
        assert_eq!((g.refresh_token, g.user.as_deref()), (None, Some("bob@example.com")));
        let g = parse_grant(&answer(200, r#"{"access_token":"a","expires_in":600}"#), 0.0).unwrap();
        assert_eq!((g.refresh_token, g.user), (None, None));
        assert_eq!(parse_grant(&answer(200, "{}"), 0.0).err().map(|e| e.kind), Some(ErrorKind::BadResponse));
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            /// Whatever the browser comes back with (untrusted: the sign-in page chose it), no
            /// panic, and a code only with our state on our redirect URL.
            #[test]
            fn returned_urls_never_panic_and_need_our_state(tail in "(?s).{0,200}", state in "[A-Za-z0-9_%-]{0,30}") {
                let p = begin("https://h", "c", REDIRECT, &random()).unwrap();
                for returned in [format!("{REDIRECT}{tail}"), format!("{REDIRECT}?state={state}&{tail}"), tail.clone()] {
                    if let Ok(code) = finish(&p, &returned) {
                        prop_assert!(returned.starts_with(REDIRECT) && returned.contains(&format!("state={}", p.state)), "{returned}");
                        prop_assert!(!code.is_empty());
                    }
                }
            }

            /// Token answers of this grant: never a panic, never the refresh token in a message.
            #[test]
            fn grant_answers_never_panic_or_leak(body in "(?s).{0,300}", status in 100u16..600) {
                let leaky = format!(r#"{{"refresh_token":"rt-SECRET-0123456789","error":"x","error_description":"{body}"}}"#);
                for b in [body.clone(), leaky] {
                    let r = answer(status, &b);
                    if let Err(e) = parse_grant(&r, 0.0) {
                        prop_assert!(!e.message.contains("rt-SECRET"));
                    }
                    if let Some(e) = refused(&r, Step::Refresh, "h") {
                        prop_assert!(!e.message.contains("rt-SECRET") && e.status == Some(status));
                    }
                }
            }
        }
    }

    #[test]
    fn refusals_are_classified() {
        let invalid_grant = answer(400, r#"{"error":"invalid_grant","error_description":"expired"}"#);
        let e = refused(&invalid_grant, Step::Refresh, "h").unwrap();
        assert_eq!((e.kind, e.sign_in, e.status), (ErrorKind::SignedOut, true, Some(400)));
        assert!(e.message.contains("Sign in again"));
        assert_eq!(refused(&answer(401, "<html>"), Step::Refresh, "h").unwrap().kind, ErrorKind::SignedOut);
        let e = refused(&invalid_grant, Step::Exchange, "h").unwrap();
        assert!(e.message.contains("PKCE"), "{}", e.message);
        assert_eq!(refused(&answer(401, r#"{"error":"invalid_client"}"#), Step::Refresh, "h").unwrap().kind, ErrorKind::InvalidCredentials);
        assert!(refused(&answer(500, "{}"), Step::Refresh, "h").is_none());
        assert!(refused(&answer(429, "{}"), Step::Exchange, "h").is_none());
    }
}
