//! HTTP layer: IROH routes, CORS, per-client fault injection, the event log and the control API.
//!
//! # Control API (all JSON)
//! Every control request (reads included) must carry `X-Standin-Control: 1` and a loopback
//! `Host` (127.0.0.1, localhost, [::1]); otherwise `403`. The custom header makes a browser send
//! a CORS preflight first, and control preflights are granted only to the configured
//! `allowed_origins` (not to extension origins, not to any other site), so a web page cannot
//! reset the stand-in, arm faults or read the event log. Non-browser callers just add the header.
//! * `POST /__standin/clients` `{client_id, client_secret, scopes:[..], token_lifetime_secs?, rate_limit_after?, retry_after?}`
//!   → create or replace a client; clears its faults, tokens, request count and events. `200 {}`.
//! * `POST /__standin/faults` `{client_id, route, times?, fault}`; `route` is one of
//!   `token inspect respond_observables trigger deliberate refer`; `times` absent = every request.
//!   Faults queue per client in order; the first one whose route matches is used and `times` decrements.
//!   `fault` kinds:
//!   - `{"kind":"status","status":500,"body":"..","content_type":"application/json","headers":{"Retry-After":"5"}}`
//!   - `{"kind":"delay","ms":N}` — the request is processed normally (a trigger IS executed and logged
//!     as executed before the delay starts), then the answer is held back for N ms.
//!   - `{"kind":"drop"}` — close the TCP connection without sending a single byte. Implemented by
//!     unwinding the connection task (`std::panic::resume_unwind`, which skips the panic hook, so
//!     nothing is printed): axum/hyper then drop the socket.
//!   - `{"kind":"truncate"}` — the normal answer is computed (a trigger is executed), then its headers
//!     are sent with the full `Content-Length`, only the first half of the body follows and the
//!     connection is aborted (a body stream that errors).
//!   - `{"kind":"body","body":"<raw>","status":200,"content_type":"application/json"}`
//!   - `{"kind":"huge","bytes":10485760}` — 200 with a JSON array of that many bytes.
//!   - `{"kind":"stream","bytes":N?,"content_length":N?}` — 200 whose JSON-array body is streamed
//!     in 64 KiB chunks as fast as the client reads: `bytes` in all, or without `bytes` endlessly
//!     (until the client goes away; 4 GiB at most). No `Content-Length` unless `content_length`
//!     is given (it may lie). When the body ends or the client hangs up, the event's
//!     `body_bytes_sent` says how much was handed to the socket.
//!   - `{"kind":"redirect","status":307,"location":"/iroh/..."}` — a redirect (default 307) with
//!     that `Location` and an empty body.
//!   - `{"kind":"echo","status":500}` — a careless server echoing what it received: the request's
//!     `Authorization` header, the bearer token and the client's secret go into every text field
//!     of the answer, as is, percent-encoded, and `\u`-escaped, the token also as `trace_id`.
//!     Any status but 200 (default 500) gives an error envelope (`400`: a validation map);
//!     `200` gives the route's success shape with the echo in every string and in a module
//!     error (`token`: no token, just the error fields).
//!
//!   Every kind accepts `"after_execute": bool`: whether a trigger is carried out before the fault
//!   answer. Default true for `delay` and `truncate`, false for the others.
//! * `POST /__standin/tokens/revoke` `{client_id}` → all current tokens of that client stop working.
//! * `POST /__standin/modules` `{module: ModuleConfig, client_id?}` → add or replace (by instance id) a
//!   response module; with `client_id` it is visible to that client only.
//! * `GET /__standin/events[?client_id=X]` → array of events (see [`Event`]).
//! * `POST /__standin/reset` → back to the start configuration (clients, modules; no tokens, faults, events).
//!
//! Event attribution: the token route uses the client id of the Basic credentials (if that client
//! exists, even with a wrong secret); API routes use the client owning the bearer token, also when the
//! token is expired or revoked. Unknown/missing tokens are logged with `client_id: null`.

use crate::config::{ClientConfig, Config, ModuleConfig};
use crate::modules::{self, Observable};
use crate::util;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method};
use axum::response::Response;
use axum::Router;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const JSON_CT: &str = "application/json;charset=utf-8";

/// One logged request.
#[derive(Clone, Debug, Serialize)]
pub struct Event {
    pub seq: u64,
    /// token | inspect | respond_observables | trigger | deliberate | refer | unknown
    pub route: String,
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    /// Exactly as received on the request line (not re-encoded).
    pub path_and_query: String,
    pub client_id: Option<String>,
    /// Status sent; null when the connection was dropped.
    pub status: Option<u16>,
    pub origin: Option<String>,
    /// True for a trigger that the module carried out.
    pub executed: bool,
    /// Kind of injected fault, if any.
    pub fault: Option<String>,
    /// `stream` fault only: body bytes handed to the socket, set once the body ended or the
    /// client went away (null until then).
    pub body_bytes_sent: Option<u64>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Fault {
    Status {
        status: u16,
        #[serde(default)]
        body: String,
        #[serde(default)]
        content_type: Option<String>,
        #[serde(default)]
        headers: BTreeMap<String, String>,
        #[serde(default)]
        after_execute: Option<bool>,
    },
    Delay {
        ms: u64,
        #[serde(default)]
        after_execute: Option<bool>,
    },
    Drop {
        #[serde(default)]
        after_execute: Option<bool>,
    },
    Truncate {
        #[serde(default)]
        after_execute: Option<bool>,
    },
    Body {
        body: String,
        #[serde(default = "ok200")]
        status: u16,
        #[serde(default)]
        content_type: Option<String>,
        #[serde(default)]
        after_execute: Option<bool>,
    },
    Huge {
        #[serde(default = "ten_mib")]
        bytes: usize,
        #[serde(default)]
        after_execute: Option<bool>,
    },
    Stream {
        #[serde(default)]
        bytes: Option<u64>,
        #[serde(default)]
        content_length: Option<u64>,
        #[serde(default)]
        after_execute: Option<bool>,
    },
    Redirect {
        #[serde(default = "temporary_redirect")]
        status: u16,
        location: String,
        #[serde(default)]
        after_execute: Option<bool>,
    },
    Echo {
        #[serde(default = "server_error")]
        status: u16,
        #[serde(default)]
        after_execute: Option<bool>,
    },
}

fn server_error() -> u16 {
    500
}

fn temporary_redirect() -> u16 {
    307
}

fn ok200() -> u16 {
    200
}
fn ten_mib() -> usize {
    10 * 1024 * 1024
}

impl Fault {
    fn name(&self) -> &'static str {
        match self {
            Fault::Status { .. } => "status",
            Fault::Delay { .. } => "delay",
            Fault::Drop { .. } => "drop",
            Fault::Truncate { .. } => "truncate",
            Fault::Body { .. } => "body",
            Fault::Huge { .. } => "huge",
            Fault::Stream { .. } => "stream",
            Fault::Redirect { .. } => "redirect",
            Fault::Echo { .. } => "echo",
        }
    }
    /// Whether the real handler runs (and a trigger executes) before the fault is applied.
    fn runs_handler(&self) -> bool {
        match self {
            Fault::Delay { after_execute, .. } | Fault::Truncate { after_execute } => after_execute.unwrap_or(true),
            Fault::Status { after_execute, .. }
            | Fault::Drop { after_execute }
            | Fault::Body { after_execute, .. }
            | Fault::Huge { after_execute, .. }
            | Fault::Stream { after_execute, .. }
            | Fault::Redirect { after_execute, .. }
            | Fault::Echo { after_execute, .. } => after_execute.unwrap_or(false),
        }
    }
}

struct FaultEntry {
    route: String,
    times: Option<u32>,
    fault: Fault,
}

struct ClientState {
    cfg: ClientConfig,
    requests: u64,
    faults: Vec<FaultEntry>,
}

struct TokenInfo {
    client_id: String,
    expires: Instant,
    revoked: bool,
}

struct Inner {
    clients: HashMap<String, ClientState>,
    tokens: HashMap<String, TokenInfo>,
    modules: Vec<ModuleConfig>,
    events: Vec<Event>,
    seq: u64,
}

struct App {
    config: Config,
    inner: Mutex<Inner>,
}

impl App {
    fn fresh_inner(config: &Config) -> Inner {
        Inner {
            clients: config
                .clients
                .iter()
                .map(|c| (c.client_id.clone(), ClientState { cfg: c.clone(), requests: 0, faults: vec![] }))
                .collect(),
            tokens: HashMap::new(),
            modules: config.modules.clone(),
            events: vec![],
            seq: 0,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The origin to echo, if this Origin may read responses.
    fn cors_origin(&self, origin: Option<&str>) -> Option<String> {
        let o = origin?;
        if !self.config.cors_enabled {
            return None;
        }
        if o.starts_with("chrome-extension://") || o.starts_with("moz-extension://") {
            return Some(o.to_string());
        }
        self.configured_origin(o)
    }

    /// The origin to echo on a control route (`/__standin/*`): only the configured allow-list
    /// (the test pages on 127.0.0.1), never the blanket extension origins.
    fn control_cors_origin(&self, origin: Option<&str>) -> Option<String> {
        let o = origin?;
        if !self.config.cors_enabled {
            return None;
        }
        self.configured_origin(o)
    }

    fn configured_origin(&self, o: &str) -> Option<String> {
        for a in &self.config.allowed_origins {
            if a == o {
                return Some(o.to_string());
            }
            if let Some(prefix) = a.strip_suffix(":*") {
                if o == prefix {
                    return Some(o.to_string());
                }
                if let Some(port) = o.strip_prefix(prefix).and_then(|r| r.strip_prefix(':')) {
                    if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) {
                        return Some(o.to_string());
                    }
                }
            }
        }
        None
    }
}

/// Serve until the process ends.
pub async fn serve(config: Config, listener: tokio::net::TcpListener) {
    let app = Arc::new(App { inner: Mutex::new(App::fresh_inner(&config)), config });
    let router = Router::new().fallback(handle).with_state(app);
    axum::serve(listener, router).await.expect("standin: serve");
}

// ---------- reply helpers ----------

/// A fully buffered answer (turned into a hyper response at the end).
struct Reply {
    status: u16,
    content_type: Option<String>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn json(status: u16, v: &Value) -> Reply {
        Reply { status, content_type: Some(JSON_CT.into()), headers: vec![], body: serde_json::to_vec(v).unwrap() }
    }
    fn raw(status: u16, content_type: Option<&str>, body: impl Into<Vec<u8>>) -> Reply {
        Reply { status, content_type: content_type.map(String::from), headers: vec![], body: body.into() }
    }
    fn header(mut self, k: &str, v: &str) -> Reply {
        self.headers.push((k.into(), v.into()));
        self
    }
    fn err(status: u16, error: &str, description: &str) -> Reply {
        Reply::json(status, &json!({"error": error, "error_description": description}))
    }
    fn not_found_html() -> Reply {
        Reply::raw(
            404,
            Some("text/html;charset=utf-8"),
            "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n</body>\r\n</html>\r\n",
        )
    }
    fn into_response(self) -> Response {
        let mut b = Response::builder().status(self.status);
        if let Some(ct) = &self.content_type {
            b = b.header(header::CONTENT_TYPE, ct.as_str());
        }
        for (k, v) in &self.headers {
            if let (Ok(k), Ok(v)) = (HeaderName::from_bytes(k.as_bytes()), HeaderValue::from_str(v)) {
                b = b.header(k, v);
            }
        }
        b.body(Body::from(self.body)).unwrap_or_else(|_| Response::new(Body::empty()))
    }
}

fn add_common_headers(h: &mut HeaderMap, cors: Option<&str>) {
    h.insert("x-ratelimit-org-limit", HeaderValue::from_static("8000"));
    if let Some(o) = cors.and_then(|o| HeaderValue::from_str(o).ok()) {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, o);
        h.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static("Retry-After, X-Ratelimit-Org-Limit"));
        h.insert(header::VARY, HeaderValue::from_static("Origin"));
    }
}

/// Marker payload for the `drop` fault's unwind.
struct DropConnection;

fn drop_connection() -> ! {
    std::panic::resume_unwind(Box::new(DropConnection))
}

// ---------- routing ----------

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Route {
    Token,
    Inspect,
    RespondObservables,
    Trigger,
    Deliberate,
    Refer,
    Unknown,
}

impl Route {
    fn key(self) -> &'static str {
        match self {
            Route::Token => "token",
            Route::Inspect => "inspect",
            Route::RespondObservables => "respond_observables",
            Route::Trigger => "trigger",
            Route::Deliberate => "deliberate",
            Route::Refer => "refer",
            Route::Unknown => "unknown",
        }
    }
    fn scope(self) -> Option<&'static str> {
        match self {
            Route::Inspect => Some("inspect:read"),
            Route::RespondObservables => Some("response/observables:read"),
            Route::Trigger => Some("response/trigger:write"),
            Route::Deliberate => Some("enrich/observables/deliberate:read"),
            Route::Refer => Some("enrich/observables/refer:read"),
            _ => None,
        }
    }
}

const TRIGGER_PREFIX: &str = "/iroh/iroh-response/respond/trigger/";

fn route_of(method: &Method, path: &str) -> Route {
    if method != Method::POST {
        return Route::Unknown;
    }
    match path {
        "/iroh/oauth2/token" => Route::Token,
        "/iroh/iroh-inspect/inspect" => Route::Inspect,
        "/iroh/iroh-response/respond/observables" => Route::RespondObservables,
        "/iroh/iroh-enrich/deliberate/observables" => Route::Deliberate,
        "/iroh/iroh-enrich/refer/observables" => Route::Refer,
        p if p.starts_with(TRIGGER_PREFIX) => Route::Trigger,
        _ => Route::Unknown,
    }
}

/// Does a granted scope cover a route scope? `P` covers `R[:x]` if R == P or R starts with `P/`;
/// `P:x` covers only `R:x` under the same rule.
pub fn scope_covers(granted: &str, required: &str) -> bool {
    let (rp, rs) = match required.split_once(':') {
        Some((p, s)) => (p, Some(s)),
        None => (required, None),
    };
    let (gp, gs) = match granted.split_once(':') {
        Some((p, s)) => (p, Some(s)),
        None => (granted, None),
    };
    if gs.is_some() && gs != rs {
        return false;
    }
    rp == gp || rp.starts_with(&format!("{gp}/"))
}

/// The header every control request must carry. A browser sends a custom header cross-site
/// only after a CORS preflight, and control preflights are granted to the configured origins
/// only: a web page elsewhere cannot reset the stand-in, arm faults or read the event log.
pub const CONTROL_HEADER: &str = "x-standin-control";

/// Why a control request is refused, if it is: the control header is missing, or the Host is
/// not a loopback name (a DNS-rebound page is same-origin and could otherwise send the header).
fn control_refusal(headers: &HeaderMap) -> Option<&'static str> {
    if headers.get(CONTROL_HEADER).and_then(|v| v.to_str().ok()) != Some("1") {
        return Some("stand-in control routes need the header X-Standin-Control: 1");
    }
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split_once(']').map(|(h, _)| h).unwrap_or(""),
        None => host.rsplit_once(':').map(|(h, _)| h).unwrap_or(host),
    };
    if !matches!(name, "127.0.0.1" | "localhost" | "::1") {
        return Some("stand-in control routes answer only for Host 127.0.0.1, localhost or [::1]");
    }
    None
}

async fn handle(State(app): State<Arc<App>>, req: Request) -> Response {
    let origin = req.headers().get(header::ORIGIN).and_then(|v| v.to_str().ok()).map(String::from);
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let is_control = path.starts_with("/__standin/");
    let cors = if is_control { app.control_cors_origin(origin.as_deref()) } else { app.cors_origin(origin.as_deref()) };

    if method == Method::OPTIONS {
        let mut r = Response::builder().status(204).body(Body::empty()).unwrap();
        let h = r.headers_mut();
        h.insert("x-ratelimit-org-limit", HeaderValue::from_static("8000"));
        if let Some(o) = cors.as_deref().and_then(|o| HeaderValue::from_str(o).ok()) {
            h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, o);
            h.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("GET, POST, OPTIONS"));
            let allowed = if is_control { "Content-Type, X-Standin-Control" } else { "Authorization, Content-Type, Accept" };
            h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static(allowed));
            h.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
            h.insert(header::VARY, HeaderValue::from_static("Origin"));
        }
        log_line(&app, &method, &path, Some(204));
        return r;
    }

    let mut resp = if is_control {
        match control_refusal(req.headers()) {
            Some(why) => Reply::err(403, "forbidden", why).into_response(),
            None => control(&app, req).await.into_response(),
        }
    } else if method == Method::GET && path == "/clouds.json" {
        Reply::json(
            200,
            &json!({
                "North America": {"iroh-services": "https://visibility.amp.cisco.com/iroh/"},
                "Europe": {"iroh-services": "https://visibility.eu.amp.cisco.com/iroh/"},
                "Asia": {"iroh-services": "https://visibility.apjc.amp.cisco.com/iroh/"},
            }),
        )
        .into_response()
    } else {
        api(&app, req, origin).await
    };
    add_common_headers(resp.headers_mut(), cors.as_deref());
    log_line(&app, &method, &path, Some(resp.status().as_u16()));
    resp
}

fn log_line(app: &App, method: &Method, path: &str, status: Option<u16>) {
    if app.config.log_requests {
        match status {
            Some(s) => eprintln!("{method} {path} {s}"),
            None => eprintln!("{method} {path} (connection dropped)"),
        }
    }
}

/// What the authentication step found out about the caller.
enum Caller {
    /// Valid credentials / token.
    Ok(ClientConfig),
    /// Attributed to a known client but rejected (wrong secret, expired or revoked token).
    Rejected(String, Reply),
    /// Unattributed and rejected.
    Anonymous(Reply),
}

fn bearer_caller(app: &App, headers: &HeaderMap) -> Caller {
    let auth = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or("");
    let token = match auth.split_once(' ') {
        Some((scheme, t)) if scheme.eq_ignore_ascii_case("bearer") && !t.trim().is_empty() => t.trim(),
        _ => return Caller::Anonymous(Reply::err(401, "invalid_request", "No JWT found in HTTP Authorization header")),
    };
    let inner = app.lock();
    match inner.tokens.get(token) {
        None => Caller::Anonymous(Reply::err(401, "invalid_jwt", "The JWT could not be decoded or is not known, request another access token")),
        Some(t) => {
            if t.revoked {
                Caller::Rejected(t.client_id.clone(), Reply::err(401, "invalid_jwt", "This JWT has been revoked, request another access token"))
            } else if Instant::now() >= t.expires {
                let ago = Instant::now().duration_since(t.expires).as_secs();
                Caller::Rejected(
                    t.client_id.clone(),
                    Reply::err(401, "invalid_jwt", &format!("This JWT has expired since {ago}s, request another access token")),
                )
            } else {
                match inner.clients.get(&t.client_id) {
                    Some(c) => Caller::Ok(c.cfg.clone()),
                    None => Caller::Anonymous(Reply::err(401, "invalid_jwt", "Unknown client, request another access token")),
                }
            }
        }
    }
}

/// Basic credentials → (client id as sent, Ok if id and secret match).
fn basic_caller(app: &App, headers: &HeaderMap) -> Caller {
    let bad = || Reply::err(401, "invalid_client", "Client authentication failed: check the client id and client password");
    let auth = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or("");
    let Some((scheme, b64)) = auth.split_once(' ') else {
        return Caller::Anonymous(Reply::err(401, "invalid_client", "Client authentication failed: no HTTP Basic credentials"));
    };
    if !scheme.eq_ignore_ascii_case("basic") {
        return Caller::Anonymous(Reply::err(401, "invalid_client", "Client authentication failed: no HTTP Basic credentials"));
    }
    let Some(decoded) = util::base64_decode(b64).and_then(|b| String::from_utf8(b).ok()) else {
        return Caller::Anonymous(bad());
    };
    let Some((id, secret)) = decoded.split_once(':') else {
        return Caller::Anonymous(bad());
    };
    let inner = app.lock();
    match inner.clients.get(id) {
        None => Caller::Anonymous(bad()),
        Some(c) if c.cfg.client_secret == secret => Caller::Ok(c.cfg.clone()),
        Some(_) => Caller::Rejected(id.to_string(), bad()),
    }
}

async fn api(app: &Arc<App>, req: Request, origin: Option<String>) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let query = req.uri().query().map(String::from);
    let pq = req.uri().path_and_query().map(|p| p.as_str().to_string()).unwrap_or_else(|| path.clone());
    let route = route_of(&method, &path);
    let headers = req.headers().clone();
    let body = axum::body::to_bytes(req.into_body(), 64 * 1024 * 1024).await.unwrap_or_default();

    let caller = match route {
        Route::Token => basic_caller(app, &headers),
        _ => bearer_caller(app, &headers),
    };
    let mut ev = Event {
        seq: 0,
        route: route.key().into(),
        method: method.to_string(),
        path: path.clone(),
        query: query.clone(),
        path_and_query: pq,
        client_id: None,
        status: None,
        origin,
        executed: false,
        fault: None,
        body_bytes_sent: None,
    };

    let client = match caller {
        Caller::Ok(c) => c,
        Caller::Rejected(id, reply) => {
            ev.client_id = Some(id.clone());
            count_request(app, &id);
            return finish(app, ev, reply);
        }
        Caller::Anonymous(reply) => {
            if route == Route::Unknown {
                return finish(app, ev, Reply::not_found_html());
            }
            return finish(app, ev, reply);
        }
    };
    ev.client_id = Some(client.client_id.clone());

    // Rate limit (counts every request attributed to the client, token exchanges included).
    let n = count_request(app, &client.client_id);
    if let Some(limit) = client.rate_limit_after {
        if n > limit as u64 {
            let r = Reply::json(429, &json!({"error": "too_many_requests"})).header("Retry-After", &client.retry_after);
            return finish(app, ev, r);
        }
    }
    if route == Route::Unknown {
        return finish(app, ev, Reply::not_found_html());
    }

    let fault = take_fault(app, &client.client_id, route.key());
    let echo = Echoed {
        route,
        authorization: headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or("").to_string(),
        secret: client.client_secret.clone(),
    };
    if let Some(f) = &fault {
        ev.fault = Some(f.name().into());
        if !f.runs_handler() {
            return apply_fault(app, ev, f.clone(), None, &echo).await;
        }
    }

    // Scope check.
    let reply = if let Some(required) = route.scope().filter(|r| !client.scopes.iter().any(|g| scope_covers(g, r))) {
        Reply::json(
            403,
            &json!({
                "missing-scopes": [required],
                "required-scopes": [required],
                "scopes": client.scopes,
                "user-id": format!("user-{}", client.client_id),
                "org-id": "org-standin",
                "trace_id": format!("ctx-{}", util::uuid()),
                "error": "missing_scope",
                "error_description": "You do not have the required credentials to access this route.",
            }),
        )
    } else {
        let (reply, executed) = run_route(app, route, &client, &path, query.as_deref().unwrap_or(""), &headers, &body);
        ev.executed = executed;
        reply
    };
    match fault {
        Some(f) => apply_fault(app, ev, f, Some(reply), &echo).await,
        None => finish(app, ev, reply),
    }
}

fn count_request(app: &App, client_id: &str) -> u64 {
    let mut inner = app.lock();
    match inner.clients.get_mut(client_id) {
        Some(c) => {
            c.requests += 1;
            c.requests
        }
        None => 0,
    }
}

fn take_fault(app: &App, client_id: &str, route: &str) -> Option<Fault> {
    let mut inner = app.lock();
    let c = inner.clients.get_mut(client_id)?;
    let i = c.faults.iter().position(|f| f.route == route)?;
    let fault = c.faults[i].fault.clone();
    if let Some(t) = c.faults[i].times.as_mut() {
        *t = t.saturating_sub(1);
        if *t == 0 {
            c.faults.remove(i);
        }
    }
    Some(fault)
}

fn record(app: &App, mut ev: Event, status: Option<u16>) -> u64 {
    let mut inner = app.lock();
    inner.seq += 1;
    ev.seq = inner.seq;
    ev.status = status;
    inner.events.push(ev);
    inner.seq
}

/// Counts the bytes a `stream` body hands out; when hyper drops the body (it ended, or the
/// client went away) the count goes into the event.
struct StreamTally {
    app: Arc<App>,
    seq: u64,
    sent: u64,
}

impl Drop for StreamTally {
    fn drop(&mut self) {
        let mut inner = self.app.lock();
        if let Some(e) = inner.events.iter_mut().find(|e| e.seq == self.seq) {
            e.body_bytes_sent = Some(self.sent);
        }
    }
}

fn finish(app: &App, ev: Event, reply: Reply) -> Response {
    record(app, ev, Some(reply.status));
    reply.into_response()
}

/// What an `echo` fault puts back into the answer.
struct Echoed {
    route: Route,
    authorization: String,
    secret: String,
}

impl Echoed {
    fn token(&self) -> &str {
        match self.authorization.split_once(' ') {
            Some((scheme, t)) if scheme.eq_ignore_ascii_case("bearer") => t.trim(),
            _ => "",
        }
    }

    /// The echo in plain text: header, token and secret, as is and percent-encoded.
    fn text(&self) -> String {
        format!(
            "echo Authorization: {}; token: {}; secret: {}; url-encoded: {} {}",
            self.authorization,
            self.token(),
            self.secret,
            util::percent_encode(&self.authorization),
            util::percent_encode(&self.secret)
        )
    }

    /// The answer body, written by hand so that one field is `\u`-escaped throughout.
    fn body(&self, status: u16) -> String {
        let x = self.text();
        let j = |s: &str| serde_json::to_string(s).unwrap();
        let escaped: String = format!("{}|{}", self.secret, self.authorization).encode_utf16().map(|u| format!("\\u{u:04x}")).collect();
        let escaped = format!("\"{escaped}\"");
        let trace = if self.token().is_empty() { self.authorization.clone() } else { self.token().to_string() };
        let module_error = format!(
            r#"{{"module":{x},"module_instance_id":{x},"module_type_id":{x},"code":{e},"message":{x},"type":{x}}}"#,
            x = j(&x),
            e = escaped
        );
        if status != 200 || self.route == Route::Token {
            if status == 400 {
                return format!(r#"{{"errors":{{"content":{x},{x}:{e}}},"trace_id":{t}}}"#, x = j(&x), e = escaped, t = j(&trace));
            }
            return format!(
                r#"{{"error":{e},"error_description":{x},"trace_id":{t},"missing-scopes":[{x},{e}],"required-scopes":[{x}]}}"#,
                x = j(&x),
                e = escaped,
                t = j(&trace)
            );
        }
        let url_value = util::percent_encode(&x);
        match self.route {
            Route::Inspect => format!(r#"[{{"type":"domain","value":{x}}},{{"type":"email","value":{e}}}]"#, x = j(&x), e = escaped),
            Route::RespondObservables => format!(
                r#"{{"data":[{{"id":{x},"title":{x},"description":{e},"url":{u},"module":{x},"module_instance_id":{x},"module_type_id":{x},"categories":[{x},{e}]}}],"errors":[{m}]}}"#,
                x = j(&x),
                e = escaped,
                u = j(&format!("/respond/trigger/echo/echo?observable_type=domain&observable_value={url_value}")),
                m = module_error
            ),
            Route::Trigger => format!(r#"{{"data":{{"status":"failure"}},"errors":[{module_error}]}}"#),
            Route::Deliberate => format!(
                r#"{{"data":[{{"module":{x},"data":{{"verdicts":{{"docs":[{{"type":"verdict","disposition":2,"disposition_name":{e},"observable":{{"type":"domain","value":"evil.com"}},"valid_time":{{"start_time":{x},"end_time":{x}}}}}]}}}}}}],"errors":[{m}]}}"#,
                x = j(&x),
                e = escaped,
                m = module_error
            ),
            _ => format!(
                r#"{{"data":[{{"id":{x},"title":{x},"description":{e},"url":{u},"module":{x},"categories":[{x}]}}],"errors":[{m}]}}"#,
                x = j(&x),
                e = escaped,
                u = j(&format!("https://example.com/search?q={url_value}")),
                m = module_error
            ),
        }
    }
}

async fn apply_fault(app: &Arc<App>, ev: Event, fault: Fault, normal: Option<Reply>, echo: &Echoed) -> Response {
    match fault {
        Fault::Echo { status, .. } => finish(app, ev, Reply::raw(status, Some(JSON_CT), echo.body(status))),
        Fault::Status { status, body, content_type, headers, .. } => {
            let mut r = Reply::raw(status, content_type.as_deref(), body);
            r.headers = headers.into_iter().collect();
            finish(app, ev, r)
        }
        Fault::Body { body, status, content_type, .. } => {
            finish(app, ev, Reply::raw(status, Some(content_type.as_deref().unwrap_or(JSON_CT)), body))
        }
        Fault::Huge { bytes, .. } => {
            let item = r#"{"type":"domain","value":"padding.example.com"}"#;
            let mut s = String::with_capacity(bytes);
            s.push('[');
            while s.len() + item.len() + 2 < bytes {
                if s.len() > 1 {
                    s.push(',');
                }
                s.push_str(item);
            }
            while s.len() + 1 < bytes {
                s.push(' ');
            }
            s.push(']');
            finish(app, ev, Reply::raw(200, Some(JSON_CT), s))
        }
        Fault::Redirect { status, location, .. } => finish(app, ev, Reply::raw(status, None, Vec::new()).header("Location", &location)),
        Fault::Stream { bytes, content_length, .. } => {
            let seq = record(app, ev, Some(200));
            const CHUNK: usize = 64 * 1024;
            let item = r#"{"type":"domain","value":"padding.example.com"},"#;
            let mut first = String::with_capacity(CHUNK);
            first.push('[');
            while first.len() + item.len() <= CHUNK {
                first.push_str(item);
            }
            let chunk = Bytes::from(first[1..].to_string() + &" ".repeat(CHUNK - (first.len() - 1)));
            let first = Bytes::from(first.clone() + &" ".repeat(CHUNK - first.len()));
            let total = bytes.unwrap_or(4 << 30);
            let tally = StreamTally { app: app.clone(), seq, sent: 0 };
            let stream = futures_util::stream::unfold(tally, move |mut tally| {
                let piece = if tally.sent == 0 { first.clone() } else { chunk.clone() };
                async move {
                    let left = total.saturating_sub(tally.sent);
                    if left == 0 {
                        return None;
                    }
                    let piece = piece.slice(..piece.len().min(left as usize));
                    tally.sent += piece.len() as u64;
                    Some((Ok::<Bytes, std::io::Error>(piece), tally))
                }
            });
            let mut r = Response::builder().status(200).header(header::CONTENT_TYPE, JSON_CT);
            if let Some(n) = content_length {
                r = r.header(header::CONTENT_LENGTH, n.to_string());
            }
            r.body(Body::from_stream(stream)).unwrap()
        }
        Fault::Delay { ms, .. } => {
            let reply = normal.unwrap_or_else(|| Reply::json(200, &json!({})));
            // Logged (and a trigger executed) before the wait: a client that times out still sees it recorded.
            record(app, ev, Some(reply.status));
            tokio::time::sleep(Duration::from_millis(ms)).await;
            reply.into_response()
        }
        Fault::Drop { .. } => {
            log_line(app, &ev.method.parse().unwrap_or(Method::POST), &ev.path, None);
            record(app, ev, None);
            drop_connection()
        }
        Fault::Truncate { .. } => {
            let reply = normal.unwrap_or_else(|| Reply::json(200, &json!({"data": []})));
            record(app, ev, Some(reply.status));
            let full = reply.body.len().max(2);
            let mut body = reply.body.clone();
            if body.len() < 2 {
                body = b"{}".to_vec();
            }
            let half = Bytes::from(body[..full / 2].to_vec());
            let stream = futures_util::stream::unfold(0u8, move |step| {
                let half = half.clone();
                async move {
                    match step {
                        0 => Some((Ok::<Bytes, std::io::Error>(half), 1)),
                        1 => {
                            tokio::time::sleep(Duration::from_millis(50)).await;
                            Some((Err(std::io::Error::other("standin: truncated on purpose")), 2))
                        }
                        _ => None,
                    }
                }
            });
            let mut r = Response::builder()
                .status(reply.status)
                .header(header::CONTENT_TYPE, reply.content_type.as_deref().unwrap_or(JSON_CT))
                .header(header::CONTENT_LENGTH, full.to_string())
                .body(Body::from_stream(stream))
                .unwrap();
            for (k, v) in &reply.headers {
                if let (Ok(k), Ok(v)) = (HeaderName::from_bytes(k.as_bytes()), HeaderValue::from_str(v)) {
                    r.headers_mut().insert(k, v);
                }
            }
            r
        }
    }
}

// ---------- route handlers ----------

fn parse_observables(body: &[u8]) -> Result<Vec<Observable>, Reply> {
    let v: Value = serde_json::from_slice(body)
        .map_err(|_| Reply::err(400, "invalid_request", "Malformed JSON in request body"))?;
    let arr = v
        .as_array()
        .ok_or_else(|| Reply::json(400, &json!({"errors": "expected a JSON array of observables"})))?;
    let mut out = Vec::new();
    for (i, o) in arr.iter().enumerate() {
        let t = o.get("type").and_then(Value::as_str);
        let val = o.get("value").and_then(Value::as_str);
        match (o.as_object(), t, val) {
            (Some(_), Some(t), Some(val)) => out.push((t.to_string(), val.to_string())),
            _ => {
                return Err(Reply::json(
                    400,
                    &json!({"errors": {i.to_string(): "expected an object with string keys type and value"}}),
                ))
            }
        }
    }
    Ok(out)
}

/// Returns the reply and whether a trigger was executed.
fn run_route(app: &App, route: Route, client: &ClientConfig, path: &str, query: &str, headers: &HeaderMap, body: &[u8]) -> (Reply, bool) {
    match route {
        Route::Token => (token(app, client, headers, body), false),
        Route::Inspect => (inspect(body), false),
        Route::RespondObservables => match parse_observables(body) {
            Ok(obs) => {
                let modules = app.lock().modules.clone();
                (Reply::json(200, &modules::respond(&modules, Some(&client.client_id), &obs)), false)
            }
            Err(r) => (r, false),
        },
        Route::Deliberate => match parse_observables(body) {
            Ok(obs) => (Reply::json(200, &modules::deliberate(&obs)), false),
            Err(r) => (r, false),
        },
        Route::Refer => match parse_observables(body) {
            Ok(obs) => (Reply::json(200, &modules::refer(&obs)), false),
            Err(r) => (r, false),
        },
        Route::Trigger => trigger(app, client, path, query),
        Route::Unknown => (Reply::not_found_html(), false),
    }
}

fn token(app: &App, client: &ClientConfig, headers: &HeaderMap, body: &[u8]) -> Reply {
    let ct = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if !ct.to_ascii_lowercase().starts_with("application/x-www-form-urlencoded") {
        return Reply::err(400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded");
    }
    let form = util::parse_query(&String::from_utf8_lossy(body));
    match form.iter().find(|(k, _)| k == "grant_type").map(|(_, v)| v.as_str()) {
        None => return Reply::err(400, "invalid_request", "Missing parameter: grant_type"),
        Some("client_credentials") => {}
        Some(_) => return Reply::err(400, "unsupported_grant_type", "The grant_type is not supported for this client"),
    }
    let tok = util::new_token(&client.client_id, &client.scopes, client.token_lifetime_secs);
    app.lock().tokens.insert(
        tok.clone(),
        TokenInfo {
            client_id: client.client_id.clone(),
            expires: Instant::now() + Duration::from_secs(client.token_lifetime_secs),
            revoked: false,
        },
    );
    Reply::json(
        200,
        &json!({"access_token": tok, "token_type": "bearer", "expires_in": client.token_lifetime_secs, "scope": client.scopes.join(" ")}),
    )
    .header("Cache-Control", "no-store")
}

fn inspect(body: &[u8]) -> Reply {
    let Ok(v) = serde_json::from_slice::<Value>(body) else {
        return Reply::err(400, "invalid_request", "Malformed JSON in request body");
    };
    let Some(obj) = v.as_object() else {
        return Reply::json(400, &json!({"errors": "expected a JSON object {\"content\": string}"}));
    };
    let content = match obj.get("content") {
        None => return Reply::json(400, &json!({"content": "missing-required-key"})),
        Some(Value::String(s)) => s,
        Some(_) => return Reply::json(400, &json!({"errors": {"content": "(not (instance? java.lang.String))"}})),
    };
    let extra: serde_json::Map<String, Value> =
        obj.keys().filter(|k| *k != "content").map(|k| (k.clone(), json!("disallowed-key"))).collect();
    if !extra.is_empty() {
        return Reply::json(400, &json!({ "errors": extra }));
    }
    let out: Vec<Value> = crate::inspect::extract(content).into_iter().map(|(t, v)| json!({"type": t, "value": v})).collect();
    Reply::json(200, &Value::Array(out))
}

fn trigger(app: &App, client: &ClientConfig, path: &str, query: &str) -> (Reply, bool) {
    let rest = &path[TRIGGER_PREFIX.len()..];
    let parts: Vec<&str> = rest.split('/').collect();
    let not_found = |what: &str| Reply::err(404, "not-found", what);
    if parts.len() != 2 || parts.iter().any(|p| p.is_empty()) {
        return (not_found("Expected /respond/trigger/{module-instance-id}/{action-id}"), false);
    }
    let mid = util::percent_decode(parts[0], false);
    let aid = util::percent_decode(parts[1], false);
    let module = {
        let inner = app.lock();
        inner.modules.iter().find(|m| m.instance_id == mid && modules::visible(m, Some(&client.client_id))).cloned()
    };
    let Some(module) = module else {
        return (not_found(&format!("No module instance with id {mid}")), false);
    };
    let Some(action) = module.actions.iter().find(|a| a.id == aid) else {
        return (not_found(&format!("Module instance {mid} has no action {aid}")), false);
    };
    let q = util::parse_query(query);
    let get = |k: &str| q.iter().find(|(a, _)| a == k).map(|(_, v)| v.clone());
    let mut missing = serde_json::Map::new();
    for k in ["observable_type", "observable_value"] {
        if get(k).map(|v| v.is_empty()).unwrap_or(true) {
            missing.insert(k.into(), json!("missing-required-key"));
        }
    }
    for (k, v) in &action.params {
        match get(k) {
            None => {
                missing.insert(k.clone(), json!("missing-required-key"));
            }
            Some(got) if &got != v => {
                missing.insert(k.clone(), json!(format!("unexpected value (expected {v})")));
            }
            _ => {}
        }
    }
    if !missing.is_empty() {
        return (Reply::json(400, &json!({ "errors": missing })), false);
    }
    match &module.trigger_error {
        Some(e) => (
            Reply::json(
                200,
                &json!({"data": {"status": "failure"}, "errors": [modules::error_json(&module.name, &module.instance_id, &module.type_id, e)]}),
            ),
            false,
        ),
        None => (Reply::json(200, &json!({"data": {"status": "success"}})), true),
    }
}

// ---------- control API ----------

#[derive(Deserialize)]
struct FaultReq {
    client_id: String,
    route: String,
    #[serde(default)]
    times: Option<u32>,
    fault: Fault,
}

#[derive(Deserialize)]
struct ClientIdReq {
    client_id: String,
}

#[derive(Deserialize)]
struct ModuleReq {
    module: ModuleConfig,
    #[serde(default)]
    client_id: Option<String>,
}

async fn control(app: &Arc<App>, req: Request) -> Reply {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let query = req.uri().query().unwrap_or("").to_string();
    let body = axum::body::to_bytes(req.into_body(), 16 * 1024 * 1024).await.unwrap_or_default();
    let bad = |e: serde_json::Error| Reply::err(400, "invalid_request", &e.to_string());
    match (method, path.as_str()) {
        (Method::POST, "/__standin/clients") => match serde_json::from_slice::<ClientConfig>(&body) {
            Ok(c) => {
                let mut inner = app.lock();
                let id = c.client_id.clone();
                inner.tokens.retain(|_, t| t.client_id != id);
                inner.events.retain(|e| e.client_id.as_deref() != Some(id.as_str()));
                inner.clients.insert(id, ClientState { cfg: c, requests: 0, faults: vec![] });
                Reply::json(200, &json!({}))
            }
            Err(e) => bad(e),
        },
        (Method::POST, "/__standin/faults") => match serde_json::from_slice::<FaultReq>(&body) {
            Ok(f) => {
                const ROUTES: [&str; 6] = ["token", "inspect", "respond_observables", "trigger", "deliberate", "refer"];
                if !ROUTES.contains(&f.route.as_str()) {
                    return Reply::err(400, "invalid_request", &format!("route must be one of {ROUTES:?}"));
                }
                if f.times == Some(0) {
                    return Reply::json(200, &json!({}));
                }
                let mut inner = app.lock();
                match inner.clients.get_mut(&f.client_id) {
                    Some(c) => {
                        c.faults.push(FaultEntry { route: f.route, times: f.times, fault: f.fault });
                        Reply::json(200, &json!({}))
                    }
                    None => Reply::err(404, "not-found", "unknown client_id"),
                }
            }
            Err(e) => bad(e),
        },
        (Method::POST, "/__standin/tokens/revoke") => match serde_json::from_slice::<ClientIdReq>(&body) {
            Ok(r) => {
                let mut inner = app.lock();
                let mut n = 0;
                for t in inner.tokens.values_mut().filter(|t| t.client_id == r.client_id) {
                    t.revoked = true;
                    n += 1;
                }
                Reply::json(200, &json!({ "revoked": n }))
            }
            Err(e) => bad(e),
        },
        (Method::POST, "/__standin/modules") => match serde_json::from_slice::<ModuleReq>(&body) {
            Ok(mut r) => {
                if r.client_id.is_some() {
                    r.module.client_id = r.client_id;
                }
                let mut inner = app.lock();
                let id = r.module.instance_id.clone();
                let owner = r.module.client_id.clone();
                inner.modules.retain(|m| !(m.instance_id == id && m.client_id == owner));
                inner.modules.push(r.module);
                Reply::json(200, &json!({}))
            }
            Err(e) => bad(e),
        },
        (Method::GET, "/__standin/events") => {
            let want = util::parse_query(&query).into_iter().find(|(k, _)| k == "client_id").map(|(_, v)| v);
            let inner = app.lock();
            let evs: Vec<&Event> =
                inner.events.iter().filter(|e| want.is_none() || e.client_id.as_deref() == want.as_deref()).collect();
            Reply::json(200, &serde_json::to_value(evs).unwrap())
        }
        (Method::POST, "/__standin/reset") => {
            *app.lock() = App::fresh_inner(&app.config);
            Reply::json(200, &json!({}))
        }
        _ => Reply::not_found_html(),
    }
}
