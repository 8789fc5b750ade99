//! The browser transport: fetch via gloo-net, with `AbortSignal.timeout` covering headers
//! and body. Works in pages, workers and MV3 service workers (no `window` needed).

use crate::http::{HttpRequest, HttpResponse, Method, Transport, TransportError};
use gloo_net::http::{Method as GMethod, RequestBuilder};
use web_sys::{AbortSignal, ReferrerPolicy, RequestCache, RequestCredentials};

pub struct FetchTransport;

impl Transport for FetchTransport {
    async fn send(&self, req: HttpRequest) -> Result<HttpResponse, TransportError> {
        let signal = AbortSignal::timeout_with_u32(req.timeout_ms);
        let mut builder = RequestBuilder::new(&req.url)
            .method(match req.method {
                Method::Get => GMethod::GET,
                Method::Post => GMethod::POST,
            })
            .abort_signal(Some(&signal))
            // No cookies, no cache, no referrer: the API authenticates by bearer token only,
            // and the page the analyst reads must not leak to Threat Response.
            .credentials(RequestCredentials::Omit)
            .cache(RequestCache::NoStore)
            .referrer_policy(ReferrerPolicy::NoReferrer);
        for (k, v) in &req.headers {
            builder = builder.header(k, v);
        }
        let request = match req.body {
            Some(body) => builder.body(body),
            None => builder.build(),
        }
        .map_err(map_error)?;
        let resp = request.send().await.map_err(map_error)?;
        let status = resp.status();
        let headers = resp.headers().entries().collect();
        let body = resp.text().await.map_err(map_error)?;
        Ok(HttpResponse { status, headers, body })
    }

    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }
}

fn map_error(e: gloo_net::Error) -> TransportError {
    match e {
        gloo_net::Error::JsError(js) if js.name == "TimeoutError" || js.name == "AbortError" => TransportError::Timeout,
        gloo_net::Error::JsError(js) => TransportError::Network(js.message),
        other => TransportError::Network(other.to_string()),
    }
}
