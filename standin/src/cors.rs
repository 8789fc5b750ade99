//! CORS (contract §7): which origins may read answers, the preflight's grant, and the headers
//! every answer to an allowed origin carries. API routes allow the configured origins and every
//! extension origin; control routes (`/__standin/*`) only the configured ones, so that a
//! preflight for the control header is never granted to an extension or another site.

use crate::config::Config;
use axum::http::{header, HeaderMap, HeaderValue};

/// The origin to echo on an API route, if this Origin may read responses.
pub(crate) fn api_origin(config: &Config, origin: Option<&str>) -> Option<String> {
    let o = origin?;
    if !config.cors_enabled {
        return None;
    }
    if o.starts_with("chrome-extension://") || o.starts_with("moz-extension://") {
        return Some(o.to_string());
    }
    configured_origin(config, o)
}

/// The origin to echo on a control route (`/__standin/*`): only the configured allow-list
/// (the test pages on 127.0.0.1), never the blanket extension origins.
pub(crate) fn control_origin(config: &Config, origin: Option<&str>) -> Option<String> {
    let o = origin?;
    if !config.cors_enabled {
        return None;
    }
    configured_origin(config, o)
}

/// An entry ending in `:*` matches its origin with any port, or without one.
fn configured_origin(config: &Config, o: &str) -> Option<String> {
    for a in &config.allowed_origins {
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

/// A preflight's grant for an allowed origin (nothing for any other): the API's request headers,
/// or on a control route the control header.
pub(crate) fn preflight_headers(h: &mut HeaderMap, allowed: Option<&str>, is_control: bool) {
    if let Some(o) = allowed.and_then(|o| HeaderValue::from_str(o).ok()) {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, o);
        h.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("GET, POST, PATCH, DELETE, OPTIONS"));
        let headers = if is_control { "Content-Type, X-Standin-Control" } else { "Authorization, Content-Type, Accept" };
        h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static(headers));
        h.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
        h.insert(header::VARY, HeaderValue::from_static("Origin"));
    }
}

/// Headers a page's `fetch` may read (CORS safelists only a few): the rate limits of both
/// limiters (contract §2c), CTIA's paging headers and a create's `Location` (§4b). CTIA's own
/// list names `Retry-After`, the rate-limit and the paging headers (contract §7).
const EXPOSED: &str = "Retry-After, X-RateLimit-Org-Limit, X-RateLimit-Org-Remaining, X-RateLimit-Group-Limit, \
X-RateLimit-Group-Remaining, X-Total-Hits, X-Next, X-Previous, X-Sort, Location";

/// What every other answer to an allowed origin carries; the rate-limit headers are exposed so
/// that a page can read them.
pub(crate) fn answer_headers(h: &mut HeaderMap, allowed: Option<&str>) {
    if let Some(o) = allowed.and_then(|o| HeaderValue::from_str(o).ok()) {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, o);
        h.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static(EXPOSED));
        h.insert(header::VARY, HeaderValue::from_static("Origin"));
    }
}
