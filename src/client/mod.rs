//! Drives a [`Transport`]: token exchange and cache, the API calls, classification of
//! failures, and the retry policy — one token refresh and one replay after a 401, nothing
//! else. Triggers are never retried after a timeout, a network error or a 5xx.

pub mod intel;
mod respond;
mod signin;

use crate::api::classify;
use crate::auth::{self, Credentials, Token};
use crate::config::{self, host_for_message, Region};
use crate::error::{Error, ErrorKind, Result};
pub use crate::find::{merge_found, Found};
use crate::http::{HttpRequest, HttpResponse, Method, Transport, TransportError};
use crate::redact::Redactor;
use crate::view::errors::ErrorText;
use futures_util::lock::Mutex;
use serde::Serialize;
use std::cell::RefCell;
use std::collections::HashSet;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

/// A token handed over by the embedding application (a portal's own back end exchanges
/// the client credentials; the page never holds the secret).
#[derive(Clone, PartialEq)]
pub struct ProvidedToken {
    pub access_token: String,
    pub expires_in_secs: f64,
}

pub type LocalFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// Why a token provider gave no token, as the host converted it (the client decides what
/// error that is and redacts the text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProviderFailure {
    /// It threw or its promise rejected: the error's `code` and `message`, when it had them.
    Failed { code: Option<String>, message: Option<String> },
    /// It resolved to something other than `{ accessToken, expiresIn }`.
    Malformed,
}

/// Supplies tokens when the client holds no credentials.
pub trait TokenProvider {
    fn provide(&self) -> LocalFuture<'_, std::result::Result<ProvidedToken, ProviderFailure>>;
}

/// Where tokens come from.
pub enum TokenSource {
    /// Client id + secret (extension service worker, native tools). Never for web pages.
    Credentials(Credentials),
    /// An application callback (portal embeds).
    Provider(Box<dyn TokenProvider>),
    /// A person signed in (authorization code + PKCE, `crate::oauth`): refreshed with their
    /// refresh token, no secret at all. Sign-in, sign-out and the state to persist are in
    /// `oauth.rs`.
    SignIn(crate::oauth::Session),
    /// Proxy mode (portal embeds, issue 26): the portal's own back end checks its session,
    /// adds the bearer token and forwards. No token in this client at all: requests carry no
    /// `Authorization`, and a 401 means the portal's session ended (nothing to refresh here).
    Proxy,
}

/// Where and how to connect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub base_url: String,
    pub timeout_ms: u32,
    /// Private intelligence (casebooks): the region's, or given for a custom base URL
    /// (`crate::intel`, `Endpoint::with_private_intel_url`); `None` when unknown.
    pub private_intel_url: Option<String>,
}

impl Endpoint {
    /// Exactly one of `region` / `base_url`; `timeout_ms` defaults to 20 s (1 s … 5 min).
    pub fn new(region: Option<&str>, base_url: Option<&str>, timeout_ms: Option<f64>) -> Result<Endpoint> {
        let base_url = match (region.filter(|r| !r.trim().is_empty()), base_url.filter(|b| !b.trim().is_empty())) {
            (Some(_), Some(_)) => {
                return Err(Error::bad_input(ErrorText::RegionAndBaseUrl));
            }
            (Some(r), None) => Region::parse(r)?.base_url().to_string(),
            (None, Some(b)) => config::check_base_url(b)?,
            (None, None) => return Err(Error::bad_input(ErrorText::NoRegion)),
        };
        let timeout_ms = timeout(timeout_ms)?;
        let private_intel_url = Region::of_base_url(&base_url).map(|r| r.private_intel_url().to_string());
        Ok(Endpoint { base_url, timeout_ms, private_intel_url })
    }

    /// Proxy mode: the portal's path that forwards to Threat Response (`/iroh/*`), and the one
    /// for casebooks (`/ctia/*`), by default the same ([`config::check_proxy_base_url`]: on
    /// `page_origin` when known). A region cannot be a proxy.
    pub fn proxy(
        region: Option<&str>,
        base_url: Option<&str>,
        private_intel_url: Option<&str>,
        timeout_ms: Option<f64>,
        page_origin: Option<&str>,
    ) -> Result<Endpoint> {
        if region.is_some_and(|r| !r.trim().is_empty()) {
            return Err(Error::bad_input(ErrorText::ProxyNoRegion));
        }
        let base_url = match base_url.filter(|b| !b.trim().is_empty()) {
            Some(b) => config::check_proxy_base_url(b, page_origin)?,
            None => return Err(Error::bad_input(ErrorText::ProxyNeedsBaseUrl)),
        };
        let private_intel_url = match private_intel_url.filter(|b| !b.trim().is_empty()) {
            Some(u) => config::check_proxy_url(u, page_origin, true)?,
            None => base_url.clone(),
        };
        Ok(Endpoint { base_url, timeout_ms: timeout(timeout_ms)?, private_intel_url: Some(private_intel_url) })
    }
}

/// `timeoutMs`: 20 s by default, 1 s … 5 min.
fn timeout(timeout_ms: Option<f64>) -> Result<u32> {
    match timeout_ms {
        None => Ok(config::DEFAULT_TIMEOUT_MS),
        Some(t) if t.is_finite() && (1000.0..=300_000.0).contains(&t) => Ok(t as u32),
        Some(_) => Err(Error::bad_input(ErrorText::BadTimeout)),
    }
}

/// Where observables come from: the local engine (default: instant, offline, no API call),
/// the Inspect API, or both (union, deduplicated).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindMode {
    Local,
    Inspect,
    Both,
}

/// What a connection test learned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionInfo {
    pub base_url: String,
    /// Scopes the token grants (empty when a token provider does not say).
    pub scopes: Vec<String>,
    /// Of `inspect:read`, `response`: the ones not granted.
    pub missing_scopes: Vec<String>,
    /// Whether `enrich:read` (verdicts, pivots, sightings) is granted.
    pub enrich: bool,
    /// Whether `casebook` or `private-intel` (casebooks) is granted.
    pub casebook: bool,
    /// What each feature can do with the granted scopes, and why not ([`auth::features`]).
    pub features: Vec<auth::Feature>,
    /// Sign-in mode: who the token belongs to (`GET /iroh/profile/whoami`); "" when the
    /// server names nobody usable. Absent in the other modes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// The organisation's remaining API calls this hour, as the last answer said.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget: Option<crate::api::RateBudget>,
}

/// Largest answer accepted (the transports bound the body while reading it).
pub use crate::http::MAX_RESPONSE_BYTES;

struct Cached {
    token: Token,
    lifetime_ms: f64,
}

pub struct Client<T: Transport> {
    transport: T,
    endpoint: Endpoint,
    source: TokenSource,
    cache: RefCell<Option<Cached>>,
    /// Serialises token exchanges: concurrent calls share one exchange.
    exchange: Mutex<()>,
    /// Exchanges completed so far, and the error of the last one if it failed: callers that
    /// waited behind a failed exchange get its error instead of each trying again.
    attempts: std::cell::Cell<u64>,
    last_failure: RefCell<Option<Error>>,
    /// Action urls being triggered right now: a second trigger of the same action while the
    /// first is in flight is refused (a double click must not act twice).
    in_flight: RefCell<HashSet<String>>,
    /// The last tokens this client held (a refused one included): answers are redacted of them.
    seen_tokens: RefCell<Vec<String>>,
    /// Built from the secret and `seen_tokens` when first needed after they changed.
    redactor: RefCell<Option<Rc<Redactor>>>,
    /// The organisation's calls left this hour, from the newest answer that said.
    budget: std::cell::Cell<Option<crate::api::RateBudget>>,
    /// The hourly limit the newest answer stated (a 429 states none).
    known_limit: std::cell::Cell<Option<u64>>,
}

/// How many past tokens are still looked for in answers.
const REMEMBERED_TOKENS: usize = 4;

impl<T: Transport> Client<T> {
    pub fn new(transport: T, endpoint: Endpoint, source: TokenSource) -> Self {
        // A refresh token restored from storage is redacted from the first answer on, not only
        // after the first refresh (issue 21.8).
        let restored = match &source {
            TokenSource::SignIn(s) => s.refresh_token(),
            _ => None,
        };
        let c = Client {
            transport,
            endpoint,
            source,
            cache: RefCell::new(None),
            exchange: Mutex::new(()),
            attempts: std::cell::Cell::new(0),
            last_failure: RefCell::new(None),
            in_flight: RefCell::new(HashSet::new()),
            seen_tokens: RefCell::new(Vec::new()),
            redactor: RefCell::new(None),
            budget: std::cell::Cell::new(None),
            known_limit: std::cell::Cell::new(None),
        };
        if let Some(r) = restored {
            c.remember_token(&r);
        }
        c
    }

    /// The organisation's remaining API calls this hour, as the newest answer carrying
    /// `X-RateLimit-Org-Remaining` said (`None` before any did).
    pub fn budget(&self) -> Option<crate::api::RateBudget> {
        self.budget.get()
    }

    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    pub fn transport(&self) -> &T {
        &self.transport
    }

    pub(crate) fn source(&self) -> &TokenSource {
        &self.source
    }

    /// The cached token, for a host that persists it across restarts (extension
    /// `storage.session`). Never give it to a web page.
    pub fn token_snapshot(&self) -> Option<Token> {
        self.cache.borrow().as_ref().map(|c| c.token.clone())
    }

    /// Seeds the cache with a token saved by [`token_snapshot`](Self::token_snapshot).
    /// An expired one is ignored.
    pub fn seed_token(&self, token: Token) {
        let now = self.transport.now_ms();
        let remaining = token.expires_at_ms - now;
        if token.access_token.is_empty() || remaining.is_nan() || remaining <= 0.0 {
            return;
        }
        self.remember_token(&token.access_token);
        *self.cache.borrow_mut() = Some(Cached { token, lifetime_ms: remaining.min(86_400_000.0) });
    }

    /// One authenticated POST with the single refresh-and-replay on 401.
    pub(crate) async fn call(&self, path: &str, body: Option<String>) -> Result<HttpResponse> {
        let resp = self.call_at(Method::Post, &self.endpoint.base_url, path, body).await?;
        self.classified(resp, &self.endpoint.base_url)
    }

    /// One authenticated request to `base` (the platform or the private intelligence host),
    /// with the single refresh-and-replay on 401: the redacted answer, whatever its status.
    pub(crate) async fn call_at(&self, method: Method, base: &str, path: &str, body: Option<String>) -> Result<HttpResponse> {
        if matches!(self.source, TokenSource::Proxy) {
            let resp = self.send(self.api_request(method, base, path, body, None)).await?;
            if resp.status == 401 {
                return Err(Error::new(ErrorKind::SignedOut, ErrorText::PortalSessionEnded { host: host_for_message(base).to_string() }).with_status(401));
            }
            return Ok(self.budgeted(resp));
        }
        let token = self.token(None).await?;
        let resp = self.send(self.api_request(method, base, path, body.clone(), Some(&token.access_token))).await?;
        let resp = if resp.status == 401 {
            let fresh = self.token(Some(&token.access_token)).await?;
            self.send(self.api_request(method, base, path, body, Some(&fresh.access_token))).await?
        } else {
            resp
        };
        Ok(self.budgeted(resp))
    }

    /// Notes the rate budget an answer tells, and redacts it.
    fn budgeted(&self, resp: HttpResponse) -> HttpResponse {
        if let Some(b) = crate::api::RateBudget::of(&resp) {
            self.budget.set(Some(b));
            if b.limit.is_some() {
                self.known_limit.set(b.limit);
            }
        } else if resp.status == 429 {
            // The limiter's 429 carries no rate headers, and what is left after its Retry-After is
            // unknown until the next answer says: nothing is claimed meanwhile.
            self.budget.set(None);
        }
        // Every string read from here on (messages, actions, module errors, verdicts, pivots,
        // casebooks, trace ids) comes from this redacted body, before anything is cut to length.
        self.redacted(resp)
    }

    /// A 2xx answer, or the error it means.
    pub(crate) fn classified(&self, resp: HttpResponse, base: &str) -> Result<HttpResponse> {
        if (200..300).contains(&resp.status) {
            Ok(resp)
        } else {
            let mut e = classify(&resp, self.transport.now_ms(), host_for_message(base));
            if e.kind == ErrorKind::RateLimited && e.rate_limit.is_none() {
                // The 429 does not say the limit; the answers before it did.
                e.rate_limit = self.known_limit.get();
            }
            Err(e)
        }
    }

    /// Who runs actions, for audit notes: the API client's id (a token provider's client is
    /// not known here).
    pub(crate) fn client_id(&self) -> Option<&str> {
        match &self.source {
            TokenSource::Credentials(c) => Some(&c.client_id),
            TokenSource::Provider(_) | TokenSource::Proxy => None,
            TokenSource::SignIn(s) => Some(s.client_id()),
        }
    }

    /// A request to `base`; with the bearer `token`, except in proxy mode (`None`).
    fn api_request(&self, method: Method, base: &str, path: &str, body: Option<String>, token: Option<&str>) -> HttpRequest {
        let mut headers = vec![("Accept".to_string(), "application/json".to_string())];
        if let Some(token) = token {
            headers.insert(0, ("Authorization".to_string(), format!("Bearer {token}")));
        }
        if body.is_some() {
            headers.push(("Content-Type".to_string(), "application/json".to_string()));
        }
        HttpRequest { method, url: format!("{base}{path}"), headers, body, timeout_ms: self.endpoint.timeout_ms }
    }

    pub(crate) async fn send(&self, req: HttpRequest) -> Result<HttpResponse> {
        let resp = self.transport.send(req).await.map_err(|e| self.transport_error(e))?;
        if (300..400).contains(&resp.status) {
            return Err(self.transport_error(TransportError::Redirect { status: Some(resp.status) }));
        }
        // The transports stop at the cap; this holds for any other transport too.
        if resp.body.len() > MAX_RESPONSE_BYTES {
            return Err(self.transport_error(TransportError::TooLarge { status: resp.status, declared: Some(resp.body.len() as u64) }));
        }
        Ok(resp)
    }

    fn transport_error(&self, e: TransportError) -> Error {
        let host = host_for_message(&self.endpoint.base_url);
        match e {
            TransportError::Timeout => Error::new(
                ErrorKind::Timeout,
                ErrorText::TimedOut { host: host.to_string(), wait: crate::api::human_seconds(u64::from(self.endpoint.timeout_ms / 1000)) },
            ),
            TransportError::Network(detail) => Error::new(
                ErrorKind::Network,
                ErrorText::NoCompleteAnswer {
                    host: host.to_string(),
                    detail: config::truncate_for_message(&self.redactor().clean(&detail), 120),
                    proxy: matches!(self.source, TokenSource::Proxy),
                },
            ),
            TransportError::TooLarge { status, declared } => Error::new(
                ErrorKind::BadResponse,
                ErrorText::AnswerTooLarge {
                    host: host.to_string(),
                    declared_mb: declared.map(|n| n.div_ceil(1 << 20)),
                    max_mb: (MAX_RESPONSE_BYTES >> 20) as u64,
                },
            )
            .with_status(status),
            TransportError::Redirect { status } => {
                let e = Error::new(ErrorKind::BadResponse, ErrorText::Redirected { host: host.to_string(), status });
                match status {
                    Some(s) => e.with_status(s),
                    None => e,
                }
            }
        }
    }

    /// A fresh token: the cached one, or one new exchange shared by concurrent callers.
    /// `stale` is a token the server just refused: it is not handed out again.
    async fn token(&self, stale: Option<&str>) -> Result<Token> {
        let seen = self.attempts.get();
        let _guard = self.exchange.lock().await;
        if self.attempts.get() != seen {
            if let Some(e) = self.last_failure.borrow().clone() {
                return Err(e);
            }
        }
        let now = self.transport.now_ms();
        if let Some(c) = self.cache.borrow().as_ref() {
            let refused = stale.is_some_and(|s| s == c.token.access_token);
            if !refused && c.token.is_fresh(now, c.lifetime_ms) {
                return Ok(c.token.clone());
            }
        }
        *self.cache.borrow_mut() = None;
        let fetched = self.fetch_token().await;
        // Counted when done, so a caller that queued during this exchange sees it change.
        self.attempts.set(self.attempts.get() + 1);
        *self.last_failure.borrow_mut() = fetched.as_ref().err().cloned();
        let (token, lifetime_ms) = fetched?;
        self.remember_token(&token.access_token);
        *self.cache.borrow_mut() = Some(Cached { token: token.clone(), lifetime_ms });
        Ok(token)
    }

    async fn fetch_token(&self) -> Result<(Token, f64)> {
        Ok(match &self.source {
            TokenSource::Credentials(creds) => self.exchange_credentials(creds).await?,
            TokenSource::SignIn(session) => self.refresh_session(session).await?,
            TokenSource::Proxy => return Err(Error::bad_input(ErrorText::ProxyHoldsNoToken)),
            TokenSource::Provider(p) => {
                let t = p.provide().await.map_err(|f| self.provider_error(f))?;
                if t.access_token.trim().is_empty() || t.expires_in_secs.is_nan() || t.expires_in_secs <= 0.0 {
                    return Err(Error::bad_input(ErrorText::ProviderEmpty));
                }
                let lifetime = t.expires_in_secs.min(86_400.0) * 1000.0;
                let now = self.transport.now_ms();
                (Token { access_token: t.access_token, expires_at_ms: now + lifetime, scopes: Vec::new() }, lifetime)
            }
        })
    }

    async fn exchange_credentials(&self, creds: &Credentials) -> Result<(Token, f64)> {
        let req = auth::token_request(&self.endpoint.base_url, creds, self.endpoint.timeout_ms);
        let resp = self.send(req).await?;
        let now = self.transport.now_ms();
        match resp.status {
            200..=299 => auth::parse_token(&resp, now),
            400 | 401 => Err(Error::new(
                ErrorKind::InvalidCredentials,
                ErrorText::ClientRejected { host: host_for_message(&self.endpoint.base_url).to_string(), status: resp.status },
            )
            .with_status(resp.status)),
            _ => Err(classify(&self.redacted(resp), now, host_for_message(&self.endpoint.base_url))),
        }
    }

    /// A token provider's failure as an error: its own code when it is one of ours, else
    /// `invalid-credentials`; its message redacted, then cut.
    fn provider_error(&self, f: ProviderFailure) -> Error {
        match f {
            ProviderFailure::Malformed => Error::bad_input(ErrorText::ProviderMalformed),
            ProviderFailure::Failed { code, message } => Error::new(
                ErrorKind::ALL.into_iter().find(|k| Some(k.code()) == code.as_deref()).unwrap_or(ErrorKind::InvalidCredentials),
                ErrorText::ProviderFailed { detail: message.map(|m| config::truncate_for_message(&self.redactor().clean(&m), 200)) },
            ),
        }
    }

    /// Runs `f` (a sign-in's code exchange) as the one token exchange of the moment, and
    /// caches the token it yields.
    pub(crate) async fn exchange_with<F: Future<Output = Result<(Token, f64)>>>(&self, f: F) -> Result<Token> {
        let _guard = self.exchange.lock().await;
        *self.cache.borrow_mut() = None;
        let (token, lifetime_ms) = f.await?;
        self.remember_token(&token.access_token);
        *self.cache.borrow_mut() = Some(Cached { token: token.clone(), lifetime_ms });
        Ok(token)
    }

    /// Forgets the cached token (sign-out).
    pub(crate) fn drop_token(&self) {
        *self.cache.borrow_mut() = None;
    }

    pub(crate) fn remember_token(&self, token: &str) {
        let mut seen = self.seen_tokens.borrow_mut();
        if seen.iter().any(|t| t == token) {
            return;
        }
        if seen.len() == REMEMBERED_TOKENS {
            seen.remove(0);
        }
        seen.push(token.to_string());
        *self.redactor.borrow_mut() = None;
    }

    /// What answers are redacted of: the client secret, its Basic credentials, and the
    /// tokens this client held.
    fn redactor(&self) -> Rc<Redactor> {
        if let Some(r) = self.redactor.borrow().as_ref() {
            return r.clone();
        }
        let seen = self.seen_tokens.borrow();
        let mut secrets: Vec<&str> = seen.iter().map(String::as_str).collect();
        let basic = match &self.source {
            TokenSource::Credentials(c) => {
                secrets.push(&c.client_secret);
                Some((c.client_id.as_str(), c.client_secret.as_str()))
            }
            TokenSource::SignIn(s) => s.password().map(|p| {
                secrets.push(p);
                (s.client_id(), p)
            }),
            TokenSource::Provider(_) | TokenSource::Proxy => None,
        };
        let r = Rc::new(Redactor::new(&secrets, basic));
        *self.redactor.borrow_mut() = Some(r.clone());
        r
    }

    pub(crate) fn redacted(&self, mut resp: HttpResponse) -> HttpResponse {
        if let std::borrow::Cow::Owned(clean) = self.redactor().clean_body(&resp.body) {
            resp.body = clean;
        }
        resp
    }

    pub(crate) fn redact(&self, e: Error) -> Error {
        e.redact(&self.redactor())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Observable;
    use futures_util::FutureExt;
    use std::cell::Cell;

    /// Answers every request at once, or never while `hang` is set.
    struct Scripted {
        hang: Cell<bool>,
    }

    impl Transport for Scripted {
        async fn send(&self, req: HttpRequest) -> std::result::Result<HttpResponse, TransportError> {
            if self.hang.get() {
                std::future::pending::<()>().await;
            }
            let body = if req.url.ends_with("/iroh/oauth2/token") {
                r#"{"access_token":"tok-0123456789","token_type":"bearer","expires_in":600,"scope":"inspect:read response"}"#
            } else {
                r#"{"data":{"status":"success"}}"#
            };
            Ok(HttpResponse { status: 200, headers: vec![], body: body.into() })
        }
        fn now_ms(&self) -> f64 {
            1_000.0
        }
    }

    #[test]
    fn regression_a_dropped_call_leaves_no_trigger_mark_and_no_token_lock() {
        let endpoint = Endpoint::new(None, Some("https://visibility.amp.cisco.com"), None).unwrap();
        let c = Client::new(Scripted { hang: Cell::new(true) }, endpoint, TokenSource::Credentials(Credentials::new("id", "secret").unwrap()));
        let url = "/respond/trigger/mid/aid?observable_type=domain&observable_value=a.com";
        // Dropped while the token exchange holds the lock (and the action is marked in flight).
        assert!(c.trigger(url).now_or_never().is_none(), "pending in the token exchange");
        c.transport().hang.set(false);
        assert!(pollster::block_on(c.check_connection()).is_ok(), "the token lock was released");
        // Dropped while the trigger itself is in flight.
        c.transport().hang.set(true);
        assert!(c.trigger(url).now_or_never().is_none(), "pending in the trigger, not refused as a double trigger");
        c.transport().hang.set(false);
        assert_eq!(pollster::block_on(c.trigger(url)).map(|r| r.status).map_err(|e| e.message), Ok("success".to_string()));
    }

    /// Records every request and answers each with the next scripted (status, body).
    struct Proxied {
        sent: RefCell<Vec<HttpRequest>>,
        answers: RefCell<Vec<(u16, &'static str)>>,
    }

    impl Transport for Proxied {
        async fn send(&self, req: HttpRequest) -> std::result::Result<HttpResponse, TransportError> {
            self.sent.borrow_mut().push(req);
            let (status, body) = self.answers.borrow_mut().remove(0);
            let headers = vec![("X-RateLimit-Org-Limit".into(), "8000".into()), ("X-RateLimit-Org-Remaining".into(), "7990".into())];
            Ok(HttpResponse { status, headers, body: body.into() })
        }
        fn now_ms(&self) -> f64 {
            1_000.0
        }
    }

    fn proxied(answers: Vec<(u16, &'static str)>) -> Client<Proxied> {
        let endpoint = Endpoint::proxy(None, Some("/securex"), None, None, Some("https://portal.example.com")).unwrap();
        Client::new(Proxied { sent: RefCell::new(Vec::new()), answers: RefCell::new(answers) }, endpoint, TokenSource::Proxy)
    }

    #[test]
    fn proxy_mode_sends_no_token_and_a_401_is_the_portal_session() {
        let obs = [Observable { kind: "domain".into(), value: "evil.com".into() }];
        let c = proxied(vec![(200, r#"{"data":[]}"#), (401, r#"{"error":"no session"}"#)]);
        assert_eq!(c.endpoint().private_intel_url.as_deref(), Some("https://portal.example.com/securex"), "casebooks go through the same proxy");
        assert!(pollster::block_on(c.actions(&obs)).is_ok());
        assert_eq!(c.budget().map(|b| b.remaining), Some(7990), "the org's rate-limit headers the proxy passes back");
        let e = pollster::block_on(c.verdicts(&obs)).unwrap_err();
        assert_eq!((e.kind, e.status, e.sign_in), (ErrorKind::SignedOut, Some(401), true));
        assert!(e.message.contains("portal's session ended") && e.message.contains("sign in to the portal again"), "{}", e.message);
        let sent = c.transport().sent.borrow();
        let urls: Vec<&str> = sent.iter().map(|r| r.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://portal.example.com/securex/iroh/iroh-response/respond/observables",
                "https://portal.example.com/securex/iroh/iroh-enrich/deliberate/observables"
            ],
            "no token exchange, no replay after the 401"
        );
        assert!(sent.iter().all(|r| r.headers.iter().all(|(k, _)| !k.eq_ignore_ascii_case("authorization"))), "no Authorization header");
    }

    #[test]
    fn proxy_mode_keeps_every_rule_for_the_answers() {
        // A trigger path that decodes to `..` is refused before anything is sent.
        let c = proxied(vec![]);
        let e = pollster::block_on(c.trigger("/respond/trigger/%2e%2e/aid?observable_type=domain&observable_value=a.com")).unwrap_err();
        assert_eq!(e.kind, ErrorKind::BadInput);
        assert!(c.transport().sent.borrow().is_empty());
        // A redirect from the proxy is not followed; a trigger's outcome is then unknown.
        let c = proxied(vec![(302, "")]);
        let e = pollster::block_on(c.trigger("/respond/trigger/mid/aid?observable_type=domain&observable_value=a.com")).unwrap_err();
        assert!(e.outcome_unknown && e.message.contains("redirect"), "{}", e.message);
        // check_connection asks whoami through the proxy (no token, scopes unknown: every feature on).
        let c = proxied(vec![(200, r#"{"user":{"name":"Jo"}}"#)]);
        let info = pollster::block_on(c.check_connection()).unwrap();
        assert!(info.scopes.is_empty() && info.missing_scopes.is_empty() && info.features.iter().all(|f| f.on), "{info:?}");
        assert_eq!(c.transport().sent.borrow()[0].url, "https://portal.example.com/securex/iroh/profile/whoami");
        // A network failure names the proxy, not CORS.
        let e = c.transport_error(TransportError::Network("Failed to fetch".into()));
        assert!(e.message.contains("portal's back end forwards") && !e.message.contains("CORS"), "{}", e.message);
        let direct = Client::new(
            Scripted { hang: Cell::new(false) },
            Endpoint::new(Some("us"), None, None).unwrap(),
            TokenSource::Credentials(Credentials::new("id", "secret").unwrap()),
        );
        let e = direct.transport_error(TransportError::Network("Failed to fetch".into()));
        assert!(e.message.contains("(CORS)") && e.message.contains("proxy mode"), "{}", e.message);
    }

    #[test]
    fn proxy_endpoint_rules() {
        let page = Some("https://portal.example.com");
        let e = Endpoint::proxy(Some("eu"), Some("/securex"), None, None, page).unwrap_err();
        assert!(e.message.contains("not a region"), "{}", e.message);
        let e = Endpoint::proxy(None, None, None, None, page).unwrap_err();
        assert!(e.message.contains("needs baseUrl"), "{}", e.message);
        let e = Endpoint::proxy(None, Some("/securex"), Some("https://private.intel.amp.cisco.com"), None, page).unwrap_err();
        assert!(e.message.contains("private intelligence proxy URL") && e.message.contains("not on this page's origin"), "{}", e.message);
        let ep = Endpoint::proxy(None, Some("/securex"), Some("/intel"), Some(5000.0), page).unwrap();
        assert_eq!(
            (ep.base_url.as_str(), ep.private_intel_url.as_deref(), ep.timeout_ms),
            ("https://portal.example.com/securex", Some("https://portal.example.com/intel"), 5000)
        );
        assert!(Endpoint::proxy(None, Some("/securex"), None, Some(10.0), page).is_err());
    }

    #[test]
    fn merge_keeps_local_order_then_inspect_only_finds() {
        let local = crate::extract::extract("C2 hxxps[:]//evil[.]com/x and 203.0.113.7");
        let inspect = vec![Observable { kind: "ip".into(), value: "203.0.113.7".into() }, Observable { kind: "hostname".into(), value: "srv01".into() }];
        let merged = merge_found(local, inspect);
        let got: Vec<(&str, &str, bool, &str)> = merged.iter().map(|f| (f.kind.as_str(), f.value.as_str(), f.defanged, f.source)).collect();
        assert_eq!(
            got,
            [
                ("url", "https://evil.com/x", true, "local"),
                ("domain", "evil.com", true, "local"),
                ("ip", "203.0.113.7", false, "both"),
                ("hostname", "srv01", false, "inspect"),
            ]
        );
    }
}
