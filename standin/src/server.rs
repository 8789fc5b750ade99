//! The server: the one list of API routes (`api_routes`) and what every request goes through.
//! The top floor: it assembles the route files and `control`, and nothing depends on it (the
//! state and the route types are in `crate::state`). A request is a CORS preflight
//! (`cors.rs`), a control request ([`crate::control`]), `GET /clouds.json`, or an API request,
//! which runs:
//! caller ([`crate::auth`]) → event ([`crate::events`]) → rate limit → armed fault
//! ([`crate::faults`]) → scope → the route's handler.
//!
//! Adding an API family (casebook, sightings, …): a file with its handlers and a `ROUTES` table
//! of `Route`s, listed in `api_routes`. The event log, fault injection (by route key),
//! caller checks, scopes and CORS then apply to it with no other change.

use crate::auth;
use crate::config::Config;
use crate::events::{self, Event};
use crate::faults::{self, Echoed};
use crate::reply::Reply;
use crate::state::{App, Call, Caller, Credentials, PathMatch, Route};
use crate::{control, cors, enrich, inspect, intel, observe, respond, signin, token};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method};
use axum::response::Response;
use axum::Router;
use serde_json::json;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// Every API route the stand-in imitates, family by family: the one place routes are registered.
/// Matched in this order; the keys, in this order, are what `POST /__standin/faults` accepts.
pub(crate) fn api_routes() -> impl Iterator<Item = &'static Route> {
    [token::ROUTES, signin::ROUTES, inspect::ROUTES, respond::ROUTES, enrich::ROUTES, observe::ROUTES, intel::ROUTES].into_iter().flatten()
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

/// Which limiter counts a route (contract §2c, ring-turnstile): IROH's per organisation
/// (`X-RateLimit-Org-*`), CTIA's per group (`X-RateLimit-Group-*`). The stand-in keys both on
/// the API client (each stand-in client is an organisation of its own) [inferred].
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum LimitGroup {
    Org = 0,
    Group = 1,
}

impl LimitGroup {
    fn of(route: Option<&Route>) -> LimitGroup {
        match route {
            Some(r) if r.key.starts_with("casebook") => LimitGroup::Group,
            _ => LimitGroup::Org,
        }
    }
    fn infix(self) -> &'static str {
        match self {
            LimitGroup::Org => "Org",
            LimitGroup::Group => "Group",
        }
    }
}

/// What the limiter decided for one request.
enum Slot {
    /// Counted: the limit and what is left after this request.
    Counted { limit: u32, remaining: u32 },
    /// Over the limit: seconds until the oldest counted request leaves the hour.
    Limited { retry_after_secs: u64 },
}

const HOUR: Duration = Duration::from_secs(3600);

/// The keys of `api_routes`, in order (what `POST /__standin/faults` accepts).
fn route_keys() -> &'static [&'static str] {
    static KEYS: OnceLock<Vec<&'static str>> = OnceLock::new();
    KEYS.get_or_init(|| api_routes().map(|r| r.key).collect())
}

/// Serve until the process ends.
pub async fn serve(config: Config, listener: tokio::net::TcpListener) {
    let app = Arc::new(App::new(config));
    let router = Router::new().fallback(handle).with_state(app);
    axum::serve(listener, router).await.expect("standin: serve");
}

/// Headers on every answer but a preflight's: for an allowed origin, CORS. (The rate-limit
/// headers are added by [`api`] to the answers of counted requests only.)
fn add_common_headers(h: &mut HeaderMap, cors: Option<&str>) {
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
        cors::preflight_headers(h, cors.as_deref(), is_control);
        events::log_line(&app, &method, &path, Some(204));
        return r;
    }

    let mut resp = if is_control {
        control::handle(&app, req, route_keys()).await
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

    let group = LimitGroup::of(route);
    let client = match caller {
        Caller::Ok(c) => c,
        Caller::Rejected(id, reply) => {
            // Counted (a refused token exchange still costs), but answered without rate headers.
            ev.client_id = Some(id.clone());
            count_request(app, &id, group);
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

    // Rate limit (contract §2c, ring-turnstile): every request attributed to the client counts,
    // token exchanges included; over the limit, 429 `{"error": "Too Many Requests"}` with
    // `Retry-After` and no rate headers; otherwise the handler's answer gets
    // `X-RateLimit-<Org|Group>-Limit` and `-Remaining` (whatever its status).
    let rate_headers = match count_request(app, &client.client_id, group) {
        Slot::Limited { retry_after_secs } => {
            let retry = client.retry_after.clone().unwrap_or_else(|| retry_after_secs.to_string());
            let r = Reply::raw(429, Some("application/json"), &b"{\"error\": \"Too Many Requests\"}"[..]).header("Retry-After", &retry);
            return events::finish(app, ev, r);
        }
        Slot::Counted { limit, remaining } => {
            [(format!("X-RateLimit-{}-Limit", group.infix()), limit.to_string()), (format!("X-RateLimit-{}-Remaining", group.infix()), remaining.to_string())]
        }
    };
    let Some(route) = route else {
        return events::finish(app, ev, Reply::not_found_html());
    };

    let fault = app.lock().clients.get_mut(&client.client_id).and_then(|c| faults::take(&mut c.faults, route.key));
    let echo = Echoed {
        shape: route.echo,
        authorization: headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or("").to_string(),
        secret: client.secret().to_string(),
    };
    if let Some(f) = &fault {
        ev.fault = Some(f.name().into());
        if !f.runs_handler() {
            return faults::apply(app, ev, f.clone(), None, &echo).await;
        }
    }

    let mut reply = match auth::missing_scope(&client, route.scope) {
        Some(required) => auth::missing_scope_reply(&client, required),
        None => {
            let call = Call { app, client: &client, path: &path, query: query.as_deref().unwrap_or(""), headers: &headers, body: &body };
            let answer = (route.handler)(&call);
            ev.executed = answer.executed;
            answer.reply
        }
    };
    for (k, v) in rate_headers {
        reply = reply.header(&k, &v);
    }
    match fault {
        Some(f) => faults::apply(app, ev, f, Some(reply), &echo).await,
        None => events::finish(app, ev, reply),
    }
}

/// Counts a request against the client's limit in `group`, if there is room in the rolling hour
/// (ring-turnstile: entries expire an hour after they were added; a refused request is not added).
/// The hour and the `Retry-After` are the stand-in's clock's (`crate::clock`).
fn count_request(app: &App, client_id: &str, group: LimitGroup) -> Slot {
    let mut inner = app.lock();
    let now = inner.now(client_id);
    let Some(c) = inner.clients.get_mut(client_id) else {
        return Slot::Counted { limit: 0, remaining: 0 };
    };
    let limit = c.cfg.hourly_limit();
    let q = &mut c.counted[group as usize];
    while q.front().is_some_and(|t| now.duration_since(*t) >= HOUR) {
        q.pop_front();
    }
    if q.len() >= limit as usize {
        let wait = q.front().map_or(HOUR, |t| HOUR.saturating_sub(now.duration_since(*t)));
        return Slot::Limited { retry_after_secs: wait.as_millis().div_ceil(1000).max(1) as u64 };
    }
    q.push_back(now);
    Slot::Counted { limit, remaining: limit - q.len() as u32 }
}
