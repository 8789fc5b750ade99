//! The event log: one [`Event`] per API request, read by tests over `GET /__standin/events`
//! (see [`crate::control`]), and the optional one-line-per-request log on stderr.
//!
//! Attribution: the token route uses the client id of the Basic credentials (if that client
//! exists, even with a wrong secret); API routes use the client owning the bearer token, also when
//! the token is expired or revoked. Unknown/missing tokens are logged with `client_id: null`.

use crate::reply::Reply;
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

/// Where events go: the server's state (`crate::state::App`) keeps them. A trait so that this
/// file and the fault injection stay below the state (floor 0) [stand-in structure].
pub(crate) trait Recorder {
    /// Appends the event with the status sent (`None`: the connection was dropped); returns its `seq`.
    fn record(&self, ev: Event, status: Option<u16>) -> u64;
    /// Sets `body_bytes_sent` of a recorded event (a `stream` body ended or was abandoned).
    fn set_body_bytes_sent(&self, seq: u64, sent: u64);
    /// Whether the stderr line is on (the `standin` binary turns it on).
    fn log_requests(&self) -> bool;
}

impl<R: Recorder + ?Sized> Recorder for std::sync::Arc<R> {
    fn record(&self, ev: Event, status: Option<u16>) -> u64 {
        (**self).record(ev, status)
    }
    fn set_body_bytes_sent(&self, seq: u64, sent: u64) {
        (**self).set_body_bytes_sent(seq, sent)
    }
    fn log_requests(&self) -> bool {
        (**self).log_requests()
    }
}

/// Records the event, then hands out the reply.
pub(crate) fn finish(log: &impl Recorder, ev: Event, reply: Reply) -> Response {
    log.record(ev, Some(reply.status));
    reply.into_response()
}

/// The stderr line: method, path and status, never headers, tokens or bodies.
pub(crate) fn log_line(log: &impl Recorder, method: &Method, path: &str, status: Option<u16>) {
    if log.log_requests() {
        match status {
            Some(s) => eprintln!("{method} {path} {s}"),
            None => eprintln!("{method} {path} (connection dropped)"),
        }
    }
}
