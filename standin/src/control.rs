//! The control API under `/__standin/` that tests (and the demo) use to set the stand-in up and
//! read what it saw. All JSON.
//!
//! Every control request (reads included) must carry `X-Standin-Control: 1` and a loopback
//! `Host` (127.0.0.1, localhost, `[::1]`); otherwise `403`. The custom header makes a browser send
//! a CORS preflight first, and control preflights are granted only to the configured
//! `allowed_origins` (not to extension origins, not to any other site, see `cors.rs`), so
//! a web page cannot reset the stand-in, arm faults or read the event log. Non-browser callers
//! just add the header.
//! * `POST /__standin/clients` `{client_id, client_secret, scopes:[..], token_lifetime_secs?, rate_limit? (requests an hour, default 8000), rate_limit_after? (older name), retry_after? (default: computed)}`
//!   → create or replace a client; clears its faults, tokens, request count, events and clock
//!   offset. `200 {}`.
//!   Auth-code clients add `grants: ["auth-code"]`, `redirects: [..]`, `client_type: "public" |
//!   "confidential"` (absent: public if the older `public: true` is given, else confidential),
//!   `password?` (a confidential client's HTTP Basic password; absent: `client_secret`),
//!   `allow_partial_scopes?` (default false), `refresh_rotation?` (default true),
//!   `refresh_grace_secs?` (default 30), `refresh_lifetime_secs?` (default 14 days): see [`crate::signin`].
//! * `POST /__standin/faults` `{client_id, route, times?, fault}`; `route` is one of
//!   `token inspect respond_observables trigger deliberate refer` (the keys of
//!   `server::api_routes`); `times` absent = every request. The `fault` kinds and how
//!   they queue: [`crate::faults`].
//! * `POST /__standin/tokens/revoke` `{client_id}` → all current tokens of that client stop working.
//! * `POST /__standin/modules` `{module: ModuleConfig, client_id?}` → add or replace (by instance id) a
//!   response module; with `client_id` it is visible to that client only.
//! * `GET /__standin/events[?client_id=X]` → array of events (see [`crate::events::Event`]).
//! * `POST /__standin/reset` → back to the start configuration (clients, modules; no tokens,
//!   faults, events; the clock back to real time).
//! * `POST /__standin/clock/advance` `{seconds, client_id?}` → moves the stand-in's clock forward
//!   (that client's only, or with no `client_id` everyone's): tokens, codes and refresh tokens
//!   expire, a rotated refresh token's grace passes, the rate limit's hour rolls on, without a
//!   test sleeping. Answers like `GET /__standin/clock[?client_id=X]`: `{now_ms, offset_secs}`.
//!   Negative, non-finite or more than ten years: 400; an unknown `client_id`: 404. See
//!   `crate::clock`.
//! * `POST /__standin/casebooks` `{client_id, casebook: {...}}` → seeds a colleague's casebook in
//!   that client's organisation (`owner` default `user-colleague`, `tlp` default `amber`); 200 with
//!   the stored casebook ([`crate::intel::control`]).
//! * `POST /__standin/users`, `POST /__standin/signin/revoke`, `GET /__standin/signin/issued`:
//!   people who can sign in, and the sign-ins' refresh tokens ([`crate::signin::control`]).

use crate::clock::Clock;
use crate::config::{ClientConfig, ModuleConfig};
use crate::events::Event;
use crate::faults::{Fault, FaultEntry};
use crate::reply::Reply;
use crate::state::{App, ClientState};
use crate::{intel, signin, util};
use axum::extract::Request;
use axum::http::{header, HeaderMap, Method};
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;
use std::sync::Arc;

/// The header every control request must carry. A browser sends a custom header cross-site
/// only after a CORS preflight, and control preflights are granted to the configured origins
/// only: a web page elsewhere cannot reset the stand-in, arm faults or read the event log.
pub const CONTROL_HEADER: &str = "x-standin-control";

/// Whether a path belongs to the control API rather than to the imitated cloud.
pub(crate) fn is_control_path(path: &str) -> bool {
    path.starts_with("/__standin/")
}

/// Why a control request is refused, if it is: the control header is missing, or the Host is
/// not a loopback name (a DNS-rebound page is same-origin and could otherwise send the header).
fn refusal(headers: &HeaderMap) -> Option<&'static str> {
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

/// Answers a control request (CORS headers are added by the caller). `route_keys`: the keys of
/// the API routes, in order (`server::api_routes`), which `POST /__standin/faults` accepts.
pub(crate) async fn handle(app: &Arc<App>, req: Request, route_keys: &[&str]) -> Response {
    match refusal(req.headers()) {
        Some(why) => Reply::err(403, "forbidden", why).into_response(),
        None => control(app, req, route_keys).await.into_response(),
    }
}

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
struct AdvanceReq {
    seconds: f64,
    #[serde(default)]
    client_id: Option<String>,
}

#[derive(Deserialize)]
struct ModuleReq {
    module: ModuleConfig,
    #[serde(default)]
    client_id: Option<String>,
}

async fn control(app: &Arc<App>, req: Request, route_keys: &[&str]) -> Reply {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let query = req.uri().query().unwrap_or("").to_string();
    let host = req.headers().get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("127.0.0.1").to_string();
    let body = axum::body::to_bytes(req.into_body(), 16 * 1024 * 1024).await.unwrap_or_default();
    let bad = |e: serde_json::Error| Reply::err(400, "invalid_request", &e.to_string());
    if let Some(r) = signin::control(app, method.as_str(), &path, &query, &body) {
        return r;
    }
    if let Some(r) = intel::control(app, method.as_str(), &path, &host, &body) {
        return r;
    }
    match (method, path.as_str()) {
        (Method::POST, "/__standin/clients") => match serde_json::from_slice::<ClientConfig>(&body) {
            Ok(c) => {
                let mut inner = app.lock();
                let id = c.client_id.clone();
                inner.tokens.retain(|_, t| t.client_id != id);
                inner.events.retain(|e| e.client_id.as_deref() != Some(id.as_str()));
                inner.clock.forget(&id);
                inner.clients.insert(id, ClientState::new(c));
                Reply::json(200, &json!({}))
            }
            Err(e) => bad(e),
        },
        (Method::POST, "/__standin/faults") => match serde_json::from_slice::<FaultReq>(&body) {
            Ok(f) => {
                if !route_keys.contains(&f.route.as_str()) {
                    return Reply::err(400, "invalid_request", &format!("route must be one of {route_keys:?}"));
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
            let list: Vec<&Event> = inner.events.iter().filter(|e| want.is_none() || e.client_id == want).collect();
            Reply::json(200, &serde_json::to_value(list).unwrap())
        }
        (Method::POST, "/__standin/clock/advance") => match serde_json::from_slice::<AdvanceReq>(&body) {
            Ok(r) => {
                let mut inner = app.lock();
                if r.client_id.as_ref().is_some_and(|id| !inner.clients.contains_key(id)) {
                    return Reply::err(
                        404,
                        "not-found",
                        "unknown client_id: create it with POST /__standin/clients first, or leave client_id out to move every client's time",
                    );
                }
                match inner.clock.advance(r.client_id.as_deref(), r.seconds) {
                    Ok(()) => clock_reply(&inner.clock, r.client_id.as_deref().unwrap_or("")),
                    Err(why) => Reply::err(400, "invalid_request", &why),
                }
            }
            Err(e) => Reply::err(400, "invalid_request", &format!("send {{\"seconds\": <a number of seconds>, \"client_id\": \"<optional>\"}}: {e}")),
        },
        (Method::GET, "/__standin/clock") => {
            let want = util::parse_query(&query).into_iter().find(|(k, _)| k == "client_id").map(|(_, v)| v).unwrap_or_default();
            clock_reply(&app.lock().clock, &want)
        }
        (Method::POST, "/__standin/reset") => {
            *app.lock() = App::fresh_inner(&app.config);
            Reply::json(200, &json!({}))
        }
        _ => Reply::not_found_html(),
    }
}

/// The clock as a client sees it: `now_ms` (its Unix time in milliseconds) and `offset_secs`
/// (how far ahead of real time it is).
fn clock_reply(clock: &Clock, client_id: &str) -> Reply {
    Reply::json(200, &json!({ "now_ms": clock.unix(client_id).as_millis() as u64, "offset_secs": clock.offset(client_id).as_secs_f64() }))
}
