//! The browser transport: fetch via gloo-net, with `AbortSignal.timeout` covering headers
//! and body. Works in pages, workers and MV3 service workers (no `window` needed).
//!
//! Redirects are not followed (`redirect: "manual"`: fetch hands back an opaque redirect,
//! reported as [`TransportError::Redirect`]). The body is read as a stream into wasm memory,
//! bounded: a `Content-Length` above [`MAX_RESPONSE_BYTES`] is refused before reading, and the
//! stream is cancelled as soon as more than that has arrived, so a hostile server cannot grow
//! wasm memory (which never shrinks) past the cap.

use crate::http::{HttpRequest, HttpResponse, Method, Transport, TransportError, MAX_RESPONSE_BYTES};
use gloo_net::http::{Method as GMethod, RequestBuilder};
use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, ReadableStream, ReadableStreamDefaultReader, ReferrerPolicy, RequestCache, RequestCredentials, RequestRedirect, ResponseType};

#[derive(Default)]
pub struct FetchTransport {
    /// The host's `onSignInChange` (`ClientOptions`): called with the sign-in to persist when a
    /// call changed it ([`Transport::session_changed`]).
    pub on_sign_in_change: Option<js_sys::Function>,
    /// Proxy mode: send the portal's cookies to its own origin (`credentials: 'same-origin'`),
    /// which is how its back end knows the session. Otherwise none at all.
    pub same_origin_credentials: bool,
}

impl Transport for FetchTransport {
    async fn send(&self, req: HttpRequest) -> Result<HttpResponse, TransportError> {
        let signal = AbortSignal::timeout_with_u32(req.timeout_ms);
        let mut builder = RequestBuilder::new(&req.url)
            .method(match req.method {
                Method::Get => GMethod::GET,
                Method::Post => GMethod::POST,
                Method::Delete => GMethod::DELETE,
            })
            .abort_signal(Some(&signal))
            // No cookies (except the portal's own, to its own proxy), no cache, no referrer: the
            // API authenticates by bearer token only, and the page the analyst reads must not
            // leak to Threat Response.
            .credentials(if self.same_origin_credentials { RequestCredentials::SameOrigin } else { RequestCredentials::Omit })
            .cache(RequestCache::NoStore)
            .referrer_policy(ReferrerPolicy::NoReferrer)
            // Never re-send a request (a trigger above all) to wherever a 3xx points.
            .redirect(RequestRedirect::Manual);
        for (k, v) in &req.headers {
            builder = builder.header(k, v);
        }
        let request = match req.body {
            Some(body) => builder.body(body),
            None => builder.build(),
        }
        .map_err(map_error)?;
        let resp = request.send().await.map_err(map_error)?;
        if resp.type_() == ResponseType::Opaqueredirect {
            return Err(TransportError::Redirect { status: None });
        }
        let status = resp.status();
        let headers: Vec<(String, String)> = resp.headers().entries().collect();
        let declared = headers.iter().find(|(k, _)| k.eq_ignore_ascii_case("content-length")).and_then(|(_, v)| v.trim().parse::<u64>().ok());
        let stream = resp.body();
        if declared.is_some_and(|n| n > MAX_RESPONSE_BYTES as u64) {
            if let Some(s) = &stream {
                let _ = JsFuture::from(s.cancel()).await;
            }
            return Err(TransportError::TooLarge { status, declared });
        }
        let body = match stream {
            Some(s) => read_bounded(&s, declared.map_or(0, |n| n as usize)).await.map_err(|e| match e {
                Read::Failed(e) => e,
                Read::TooLarge => TransportError::TooLarge { status, declared: None },
            })?,
            None => Vec::new(),
        };
        let body = String::from_utf8(body).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        Ok(HttpResponse { status, headers, body })
    }

    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }

    fn session_changed(&self, state: &crate::session::SessionState) {
        if let (Some(f), Ok(v)) = (&self.on_sign_in_change, super::to_js(state)) {
            // What the host does with it is its own affair: a throwing callback fails no call.
            let _ = f.call1(&JsValue::UNDEFINED, &v);
        }
    }
}

enum Read {
    Failed(TransportError),
    TooLarge,
}

/// Reads the body chunk by chunk; cancels the stream (which aborts the download) once it
/// would pass the cap. The buffer never holds more than the cap, and its capacity grows to
/// at most the cap.
async fn read_bounded(stream: &ReadableStream, hint: usize) -> Result<Vec<u8>, Read> {
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut buf: Vec<u8> = Vec::with_capacity(hint.min(MAX_RESPONSE_BYTES));
    loop {
        let step = JsFuture::from(reader.read()).await.map_err(|e| Read::Failed(map_js(&e)))?;
        if Reflect::get(&step, &JsValue::from_str("done")).ok().and_then(|d| d.as_bool()).unwrap_or(true) {
            return Ok(buf);
        }
        let chunk: Uint8Array = match Reflect::get(&step, &JsValue::from_str("value")).ok().and_then(|v| v.dyn_into().ok()) {
            Some(c) => c,
            None => return Err(Read::Failed(TransportError::Network("the answer's body could not be read".into()))),
        };
        let n = chunk.length() as usize;
        let start = buf.len();
        if start + n > MAX_RESPONSE_BYTES {
            let _ = JsFuture::from(reader.cancel()).await;
            return Err(Read::TooLarge);
        }
        if start + n > buf.capacity() {
            let want = (buf.capacity() * 2).max(start + n).clamp(64 * 1024, MAX_RESPONSE_BYTES);
            buf.reserve_exact(want - start);
        }
        buf.resize(start + n, 0);
        chunk.copy_to(&mut buf[start..]);
    }
}

fn map_error(e: gloo_net::Error) -> TransportError {
    match e {
        gloo_net::Error::JsError(js) if js.name == "TimeoutError" || js.name == "AbortError" => TransportError::Timeout,
        gloo_net::Error::JsError(js) => TransportError::Network(js.message),
        other => TransportError::Network(other.to_string()),
    }
}

/// A rejected body read: the timeout's abort, or a connection cut mid-body.
fn map_js(e: &JsValue) -> TransportError {
    let field = |k: &str| Reflect::get(e, &JsValue::from_str(k)).ok().and_then(|v| v.as_string()).unwrap_or_default();
    match field("name").as_str() {
        "TimeoutError" | "AbortError" => TransportError::Timeout,
        _ => TransportError::Network(field("message")),
    }
}
