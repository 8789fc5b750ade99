//! The event log: one [`Event`] per API request, read by tests over `GET /__standin/events`
//! (see [`crate::control`]), and the optional one-line-per-request log on stderr.
//!
//! Attribution: the token route uses the client id of the Basic credentials (if that client
//! exists, even with a wrong secret); API routes use the client owning the bearer token, also when
//! the token is expired or revoked. Unknown/missing tokens are logged with `client_id: null`.

use crate::reply::Reply;
use crate::server::App;
use axum::http::Method;
use axum::response::Response;
use serde::Serialize;

/// One logged request.
#[derive(Clone, Debug, Serialize)]
pub struct Event {
    pub seq: u64,
    /// The route's key (token | inspect | respond_observables | trigger | deliberate | refer, see
    /// each API family's `ROUTES`), or `unknown`.
    pub route: String,
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    /// Exactly as received on the request line (not re-encoded).
    pub path_and_query: String,
    pub client_id: Option<String>,
    /// The person the bearer token was issued to, when it came from a sign-in (`crate::signin`).
    pub user: Option<String>,
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

/// Appends the event with the status sent (`None`: the connection was dropped); returns its `seq`.
pub(crate) fn record(app: &App, mut ev: Event, status: Option<u16>) -> u64 {
    let mut inner = app.lock();
    inner.seq += 1;
    ev.seq = inner.seq;
    ev.status = status;
    inner.events.push(ev);
    inner.seq
}

/// Records the event, then hands out the reply.
pub(crate) fn finish(app: &App, ev: Event, reply: Reply) -> Response {
    record(app, ev, Some(reply.status));
    reply.into_response()
}

/// Sets `body_bytes_sent` of a recorded event (a `stream` body ended or was abandoned).
pub(crate) fn set_body_bytes_sent(app: &App, seq: u64, sent: u64) {
    let mut inner = app.lock();
    if let Some(e) = inner.events.iter_mut().find(|e| e.seq == seq) {
        e.body_bytes_sent = Some(sent);
    }
}

/// The log, or the part of it attributed to one client.
pub(crate) fn list(app: &App, client_id: Option<&str>) -> Vec<Event> {
    let inner = app.lock();
    inner.events.iter().filter(|e| client_id.is_none() || e.client_id.as_deref() == client_id).cloned().collect()
}

/// The stderr line (the `standin` binary turns it on): method, path and status, never headers,
/// tokens or bodies.
pub(crate) fn log_line(app: &App, method: &Method, path: &str, status: Option<u16>) {
    if app.config.log_requests {
        match status {
            Some(s) => eprintln!("{method} {path} {s}"),
            None => eprintln!("{method} {path} (connection dropped)"),
        }
    }
}
