//! Fault injection: what a test can make one client's next requests on one route meet instead of
//! (or after) the normal answer. Armed with `POST /__standin/faults` (see [`crate::control`]);
//! faults queue per client in order, the first one whose route matches is used, and `times`
//! decrements (absent = every request).
//!
//! `fault` kinds:
//! - `{"kind":"status","status":500,"body":"..","content_type":"application/json","headers":{"Retry-After":"5"}}`
//! - `{"kind":"delay","ms":N}` — the request is processed normally (a trigger IS executed and logged
//!   as executed before the delay starts), then the answer is held back for N ms.
//! - `{"kind":"drop"}` — close the TCP connection without sending a single byte. Implemented by
//!   unwinding the connection task (`std::panic::resume_unwind`, which skips the panic hook, so
//!   nothing is printed): axum/hyper then drop the socket.
//! - `{"kind":"truncate"}` — the normal answer is computed (a trigger is executed), then its headers
//!   are sent with the full `Content-Length`, only the first half of the body follows and the
//!   connection is aborted (a body stream that errors).
//! - `{"kind":"body","body":"<raw>","status":200,"content_type":"application/json"}`
//! - `{"kind":"huge","bytes":10485760}` — 200 with a JSON array of that many bytes.
//! - `{"kind":"stream","bytes":N?,"content_length":N?}` — 200 whose JSON-array body is streamed
//!   in 64 KiB chunks as fast as the client reads: `bytes` in all, or without `bytes` endlessly
//!   (until the client goes away; 4 GiB at most). No `Content-Length` unless `content_length`
//!   is given (it may lie). When the body ends or the client hangs up, the event's
//!   `body_bytes_sent` says how much was handed to the socket.
//! - `{"kind":"redirect","status":307,"location":"/iroh/..."}` — a redirect (default 307) with
//!   that `Location` and an empty body.
//! - `{"kind":"echo","status":500}` — a careless server echoing what it received: the request's
//!   `Authorization` header, the bearer token and the client's secret go into every text field
//!   of the answer, as is, percent-encoded, and `\u`-escaped, the token also as `trace_id`.
//!   Any status but 200 (default 500) gives an error envelope (`400`: a validation map);
//!   `200` gives the route's success shape (`EchoShape`) with the echo in every string and in
//!   a module error (`token`: no token, just the error fields).
//!
//! Every kind accepts `"after_execute": bool`: whether a trigger is carried out before the fault
//! answer. Default true for `delay` and `truncate`, false for the others.

use crate::events::{self, Event, Recorder};
use crate::reply::{Reply, JSON_CT};
use crate::util;
use axum::body::{Body, Bytes};
use axum::http::{header, HeaderName, HeaderValue, Method};
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

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
    pub(crate) fn name(&self) -> &'static str {
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
    pub(crate) fn runs_handler(&self) -> bool {
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

/// An armed fault in a client's queue.
pub(crate) struct FaultEntry {
    /// A route key (see the API families' `ROUTES`).
    pub(crate) route: String,
    /// Requests left to meet it; `None` = every request.
    pub(crate) times: Option<u32>,
    pub(crate) fault: Fault,
}

/// The first fault of a client's queue armed for this route, used up by one if counted.
pub(crate) fn take(queue: &mut Vec<FaultEntry>, route: &str) -> Option<Fault> {
    let i = queue.iter().position(|f| f.route == route)?;
    let fault = queue[i].fault.clone();
    if let Some(t) = queue[i].times.as_mut() {
        *t = t.saturating_sub(1);
        if *t == 0 {
            queue.remove(i);
        }
    }
    Some(fault)
}

/// The success shape an `echo` fault with status 200 imitates: one per kind of route answer.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum EchoShape {
    /// The route has no success shape to imitate (the token route): the error fields only.
    ErrorOnly,
    /// Inspect's array of observables.
    Observables,
    /// respond/observables: actions and module errors.
    Actions,
    /// A trigger's module failure.
    TriggerResult,
    /// deliberate/observables: a module's verdicts.
    Verdicts,
    /// refer/observables: pivot links.
    Links,
    /// observe/observables: a module's sightings, with a target.
    Sightings,
    /// One casebook (create, get, observables and texts operations).
    Casebook,
    /// A casebook search: an array of casebooks.
    Casebooks,
}

/// What an `echo` fault puts back into the answer.
pub(crate) struct Echoed {
    pub(crate) shape: EchoShape,
    pub(crate) authorization: String,
    pub(crate) secret: String,
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
        let module_error =
            format!(r#"{{"module":{x},"module_instance_id":{x},"module_type_id":{x},"code":{e},"message":{x},"type":{x}}}"#, x = j(&x), e = escaped);
        if status != 200 || self.shape == EchoShape::ErrorOnly {
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
        match self.shape {
            EchoShape::Observables => format!(r#"[{{"type":"domain","value":{x}}},{{"type":"email","value":{e}}}]"#, x = j(&x), e = escaped),
            EchoShape::Actions => format!(
                r#"{{"data":[{{"id":{x},"title":{x},"description":{e},"url":{u},"module":{x},"module_instance_id":{x},"module_type_id":{x},"categories":[{x},{e}]}}],"errors":[{m}]}}"#,
                x = j(&x),
                e = escaped,
                u = j(&format!("/respond/trigger/echo/echo?observable_type=domain&observable_value={url_value}")),
                m = module_error
            ),
            EchoShape::TriggerResult => format!(r#"{{"data":{{"status":"failure"}},"errors":[{module_error}]}}"#),
            EchoShape::Verdicts => format!(
                r#"{{"data":[{{"module":{x},"data":{{"verdicts":{{"docs":[{{"type":"verdict","disposition":2,"disposition_name":{e},"observable":{{"type":"domain","value":"evil.com"}},"valid_time":{{"start_time":{x},"end_time":{x}}}}}]}}}}}}],"errors":[{m}]}}"#,
                x = j(&x),
                e = escaped,
                m = module_error
            ),
            EchoShape::Sightings => format!(
                r#"{{"data":[{{"module":{x},"data":{{"sightings":{{"docs":[{{"type":"sighting","count":1,"resolution":{e},"source":{x},"observables":[{{"type":"domain","value":"evil.com"}}],"observed_time":{{"start_time":{x}}},"targets":[{{"type":{x},"observables":[{{"type":"hostname","value":{x}}},{{"type":"user","value":{e}}}]}}]}}]}}}}}}],"errors":[{m}]}}"#,
                x = j(&x),
                e = escaped,
                m = module_error
            ),
            EchoShape::Casebook | EchoShape::Casebooks => {
                let book = format!(
                    r#"{{"type":"casebook","id":"https://private.intel.amp.cisco.com/ctia/casebook/casebook-echo","title":{x},"description":{e},"owner":{x},"observables":[{{"type":"domain","value":{x}}}],"texts":[{{"type":"note","text":{e}}}]}}"#,
                    x = j(&x),
                    e = escaped
                );
                if self.shape == EchoShape::Casebooks {
                    format!("[{book}]")
                } else {
                    book
                }
            }
            // ErrorOnly answered above.
            EchoShape::Links | EchoShape::ErrorOnly => format!(
                r#"{{"data":[{{"id":{x},"title":{x},"description":{e},"url":{u},"module":{x},"categories":[{x}]}}],"errors":[{m}]}}"#,
                x = j(&x),
                e = escaped,
                u = j(&format!("https://example.com/search?q={url_value}")),
                m = module_error
            ),
        }
    }
}

/// Answers with the fault instead of (`normal` = None) or on top of the route's own answer, and
/// records the event.
pub(crate) async fn apply<R: Recorder + Send + Sync + 'static>(app: &Arc<R>, ev: Event, fault: Fault, normal: Option<Reply>, echo: &Echoed) -> Response {
    match fault {
        Fault::Echo { status, .. } => events::finish(app, ev, Reply::raw(status, Some(JSON_CT), echo.body(status))),
        Fault::Status { status, body, content_type, headers, .. } => {
            let mut r = Reply::raw(status, content_type.as_deref(), body);
            r.headers = headers.into_iter().collect();
            events::finish(app, ev, r)
        }
        Fault::Body { body, status, content_type, .. } => events::finish(app, ev, Reply::raw(status, Some(content_type.as_deref().unwrap_or(JSON_CT)), body)),
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
            events::finish(app, ev, Reply::raw(200, Some(JSON_CT), s))
        }
        Fault::Redirect { status, location, .. } => events::finish(app, ev, Reply::raw(status, None, Vec::new()).header("Location", &location)),
        Fault::Stream { bytes, content_length, .. } => {
            let seq = app.record(ev, Some(200));
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
            app.record(ev, Some(reply.status));
            tokio::time::sleep(Duration::from_millis(ms)).await;
            reply.into_response()
        }
        Fault::Drop { .. } => {
            events::log_line(app, &ev.method.parse().unwrap_or(Method::POST), &ev.path, None);
            app.record(ev, None);
            drop_connection()
        }
        Fault::Truncate { .. } => {
            let reply = normal.unwrap_or_else(|| Reply::json(200, &json!({"data": []})));
            app.record(ev, Some(reply.status));
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

/// Counts the bytes a `stream` body hands out; when hyper drops the body (it ended, or the
/// client went away) the count goes into the event.
struct StreamTally<R: Recorder> {
    app: Arc<R>,
    seq: u64,
    sent: u64,
}

impl<R: Recorder> Drop for StreamTally<R> {
    fn drop(&mut self) {
        self.app.set_body_bytes_sent(self.seq, self.sent);
    }
}

/// Marker payload for the `drop` fault's unwind.
struct DropConnection;

fn drop_connection() -> ! {
    std::panic::resume_unwind(Box::new(DropConnection))
}
