//! The server: shared state, the one list of API routes (`api_routes`), and what every request
//! goes through. A request is a CORS preflight (`cors.rs`), a control request
//! ([`crate::control`]), `GET /clouds.json`, or an API request, which runs:
//! caller ([`crate::auth`]) → event ([`crate::events`]) → rate limit → armed fault
//! ([`crate::faults`]) → scope → the route's handler.
//!
//! Adding an API family (casebook, sightings, …): a file with its handlers and a `ROUTES` table
//! of `Route`s, listed in `api_routes`. The event log, fault injection (by route key),
//! caller checks, scopes and CORS then apply to it with no other change.

use crate::auth::{self, Caller, TokenInfo};
use crate::config::{ClientConfig, Config, ModuleConfig};
use crate::events::{self, Event};
use crate::faults::{self, EchoShape, Echoed, FaultEntry};
use crate::reply::Reply;
use crate::{control, cors, enrich, inspect, intel, observe, respond, signin};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum::response::Response;
use axum::Router;
use serde_json::json;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Every API route the stand-in imitates, family by family: the one place routes are registered.
/// Matched in this order; the keys, in this order, are what `POST /__standin/faults` accepts.
pub(crate) fn api_routes() -> impl Iterator<Item = &'static Route> {
    [auth::ROUTES, signin::ROUTES, inspect::ROUTES, respond::ROUTES, enrich::ROUTES, observe::ROUTES, intel::ROUTES].into_iter().flatten()
}

/// One imitated API route.
pub(crate) struct Route {
    /// The name the event log and fault injection use (`token`, `trigger`, …).
    pub(crate) key: &'static str,
    pub(crate) method: &'static str,
    pub(crate) path: PathMatch,
    pub(crate) credentials: Credentials,
    /// The route scope a client's granted scopes must cover (contract §2, Scopes).
    pub(crate) scope: Option<&'static str>,
    /// What an `echo` fault with status 200 imitates.
    pub(crate) echo: EchoShape,
    pub(crate) handler: fn(&Call) -> Answer,
}

/// How a route matches the request path (the path as received, not decoded).
pub(crate) enum PathMatch {
    Exact(&'static str),
    /// The path starts with this; the handler reads the rest (path parameters).
    Prefix(&'static str),
    /// The path starts with the first and ends with the second (a parameter between them).
    Around(&'static str, &'static str),
}

/// How a route's caller proves who it is.
#[derive(Clone, Copy)]
pub(crate) enum Credentials {
    /// HTTP Basic client id and secret (the token route).
    ClientSecret,
    /// A bearer access token the stand-in issued.
    Bearer,
    /// The authorize page: the client named by `client_id` in the query or form (`signin.rs`).
    Browser,
}

/// What a handler gets: an authenticated, rate-limited, scope-checked request.
pub(crate) struct Call<'a> {
    pub(crate) app: &'a App,
    pub(crate) client: &'a ClientConfig,
    pub(crate) path: &'a str,
    pub(crate) query: &'a str,
    pub(crate) headers: &'a HeaderMap,
    pub(crate) body: &'a [u8],
}

/// A handler's answer, and whether it carried out a trigger.
pub(crate) struct Answer {
    pub(crate) reply: Reply,
    pub(crate) executed: bool,
}

impl From<Reply> for Answer {
    fn from(reply: Reply) -> Answer {
        Answer { reply, executed: false }
    }
}

fn route_of(method: &Method, path: &str) -> Option<&'static Route> {
    api_routes().find(|r| {
        r.method == method.as_str()
            && match r.path {
                PathMatch::Exact(p) => path == p,
                PathMatch::Prefix(p) => path.starts_with(p),
                PathMatch::Around(p, s) => path.len() > p.len() + s.len() && path.starts_with(p) && path.ends_with(s),
            }
    })
}

/// One API client's configuration and what the stand-in tracks for it.
pub(crate) struct ClientState {
    pub(crate) cfg: ClientConfig,
    /// Requests attributed to it, token exchanges included (the rate limit counts these).
    pub(crate) requests: u64,
    pub(crate) faults: Vec<FaultEntry>,
}

pub(crate) struct Inner {
    pub(crate) clients: HashMap<String, ClientState>,
    pub(crate) tokens: HashMap<String, TokenInfo>,
    pub(crate) modules: Vec<ModuleConfig>,
    pub(crate) events: Vec<Event>,
    pub(crate) seq: u64,
    /// Casebooks (private intelligence, `crate::intel`).
    pub(crate) casebooks: intel::Store,
    /// Sign-ins: codes, refresh tokens, users added, who holds which access token.
    pub(crate) signin: signin::Store,
}

/// The server's state: the start configuration, and what changed since (behind one lock).
pub(crate) struct App {
    pub(crate) config: Config,
    inner: Mutex<Inner>,
}

impl App {
    /// The state at start, and after `POST /__standin/reset`.
    pub(crate) fn fresh_inner(config: &Config) -> Inner {
        Inner {
            clients: config.clients.iter().map(|c| (c.client_id.clone(), ClientState { cfg: c.clone(), requests: 0, faults: vec![] })).collect(),
            tokens: HashMap::new(),
            modules: config.modules.clone(),
            events: vec![],
            seq: 0,
            casebooks: intel::Store::default(),
            signin: signin::Store::default(),
        }
    }

    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Serve until the process ends.
pub async fn serve(config: Config, listener: tokio::net::TcpListener) {
    let app = Arc::new(App { inner: Mutex::new(App::fresh_inner(&config)), config });
    let router = Router::new().fallback(handle).with_state(app);
    axum::serve(listener, router).await.expect("standin: serve");
}

/// Headers on every answer but a preflight's: the organisation's rate limit (contract §6) and,
/// for an allowed origin, CORS.
fn add_common_headers(h: &mut HeaderMap, cors: Option<&str>) {
    h.insert("x-ratelimit-org-limit", HeaderValue::from_static("8000"));
    cors::answer_headers(h, cors);
}

async fn handle(State(app): State<Arc<App>>, req: Request) -> Response {
    let origin = req.headers().get(header::ORIGIN).and_then(|v| v.to_str().ok()).map(String::from);
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let is_control = control::is_control_path(&path);
    let cors = if is_control { cors::control_origin(&app.config, origin.as_deref()) } else { cors::api_origin(&app.config, origin.as_deref()) };

    if method == Method::OPTIONS {
        let mut r = Response::builder().status(204).body(Body::empty()).unwrap();
        let h = r.headers_mut();
        h.insert("x-ratelimit-org-limit", HeaderValue::from_static("8000"));
        cors::preflight_headers(h, cors.as_deref(), is_control);
        events::log_line(&app, &method, &path, Some(204));
        return r;
    }

    let mut resp = if is_control {
        control::handle(&app, req).await
    } else if method == Method::GET && path == "/clouds.json" {
        clouds().into_response()
    } else {
        api(&app, req, origin).await
    };
    add_common_headers(resp.headers_mut(), cors.as_deref());
    events::log_line(&app, &method, &path, Some(resp.status().as_u16()));
    resp
}

/// The region discovery document (contract §1).
fn clouds() -> Reply {
    Reply::json(
        200,
        &json!({
            "North America": {"iroh-services": "https://visibility.amp.cisco.com/iroh/"},
            "Europe": {"iroh-services": "https://visibility.eu.amp.cisco.com/iroh/"},
            "Asia": {"iroh-services": "https://visibility.apjc.amp.cisco.com/iroh/"},
        }),
    )
}

async fn api(app: &Arc<App>, req: Request, origin: Option<String>) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let query = req.uri().query().map(String::from);
    let pq = req.uri().path_and_query().map(|p| p.as_str().to_string()).unwrap_or_else(|| path.clone());
    let route = route_of(&method, &path);
    let headers = req.headers().clone();
    let body = axum::body::to_bytes(req.into_body(), 64 * 1024 * 1024).await.unwrap_or_default();

    let caller = match route.map(|r| r.credentials) {
        Some(Credentials::ClientSecret) => signin::public_caller(app, &headers, &body).unwrap_or_else(|| auth::basic_caller(app, &headers)),
        Some(Credentials::Browser) => signin::browser_caller(app, query.as_deref().unwrap_or(""), &body),
        Some(Credentials::Bearer) | None => auth::bearer_caller(app, &headers),
    };
    let mut ev = Event {
        seq: 0,
        route: route.map_or("unknown", |r| r.key).into(),
        method: method.to_string(),
        path: path.clone(),
        query: query.clone(),
        path_and_query: pq,
        client_id: None,
        user: None,
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
            return events::finish(app, ev, reply);
        }
        Caller::Anonymous(reply) => {
            if route.is_none() {
                return events::finish(app, ev, Reply::not_found_html());
            }
            return events::finish(app, ev, reply);
        }
    };
    ev.client_id = Some(client.client_id.clone());
    ev.user = signin::user_of(app, &headers);

    // Rate limit (counts every request attributed to the client, token exchanges included).
    let n = count_request(app, &client.client_id);
    if let Some(limit) = client.rate_limit_after {
        if n > limit as u64 {
            let r = Reply::json(429, &json!({"error": "too_many_requests"})).header("Retry-After", &client.retry_after);
            return events::finish(app, ev, r);
        }
    }
    let Some(route) = route else {
        return events::finish(app, ev, Reply::not_found_html());
    };

    let fault = faults::take(app, &client.client_id, route.key);
    let echo = Echoed {
        shape: route.echo,
        authorization: headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or("").to_string(),
        secret: client.client_secret.clone(),
    };
    if let Some(f) = &fault {
        ev.fault = Some(f.name().into());
        if !f.runs_handler() {
            return faults::apply(app, ev, f.clone(), None, &echo).await;
        }
    }

    let reply = match auth::missing_scope(&client, route.scope) {
        Some(required) => auth::missing_scope_reply(&client, required),
        None => {
            let call = Call { app, client: &client, path: &path, query: query.as_deref().unwrap_or(""), headers: &headers, body: &body };
            let answer = (route.handler)(&call);
            ev.executed = answer.executed;
            answer.reply
        }
    };
    match fault {
        Some(f) => faults::apply(app, ev, f, Some(reply), &echo).await,
        None => events::finish(app, ev, reply),
    }
}

/// Counts a request against the client's rate limit; returns the count so far.
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
