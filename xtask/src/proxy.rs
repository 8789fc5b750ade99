//! The reference proxy for portals (proxy mode, issue 26): what a portal's back end does so that
//! the page holds no token and needs no CORS grant from Threat Response. The demo server mounts it
//! under [`PREFIX`] (`serve.rs`); a real portal copies the same steps into its own back end:
//!
//! 1. only the portal's own pages: `Sec-Fetch-Site` and `Origin`, when present, say the portal's
//!    origin (and the session cookie is `SameSite=Strict`), so another site cannot drive it;
//! 2. the session check hook ([`Sessions`]): which API client the signed-in person acts with, or
//!    401 (the element then says "the portal's session ended, sign in to the portal again");
//! 3. a fixed allow-list of methods and paths ([`route`]): exactly the calls the element makes,
//!    nothing else of Threat Response is reachable; a query only where the element sends one;
//! 4. a request body of at most [`MAX_BODY`] bytes, with a `Content-Length`;
//! 5. the client-credentials exchange, server-side, cached until a minute before it expires
//!    ([`Tokens`]); one new exchange and one replay when Threat Response answers 401;
//! 6. the answer passed back with only its type and the organisation's rate-limit headers
//!    ([`PASSED_BACK`]); a redirect is never followed (502). No cookie, `Origin` or other header
//!    of the page reaches Threat Response.
//!
//! The element still applies all its own rules to what comes back (trigger path checks, answer
//! caps, redaction, no redirects).

use securex_respond::http::{HttpRequest, HttpResponse, Method, Transport, TransportError};
use securex_respond::native::UreqTransport;
use std::collections::HashMap;
use std::sync::Mutex;

/// Where the proxy is mounted on the portal's origin: the element's `base-url`.
pub const PREFIX: &str = "/securex";

/// The largest request body forwarded (Inspect takes at most 64 KB of text; casebook notes less).
pub const MAX_BODY: usize = 256 * 1024;

/// Response headers passed back to the page: the body's type and the organisation's rate limit.
pub const PASSED_BACK: [&str; 6] =
    ["Content-Type", "Retry-After", "X-RateLimit-Org-Limit", "X-RateLimit-Org-Remaining", "X-RateLimit-Group-Limit", "X-RateLimit-Group-Remaining"];

/// Which Threat Response host a route goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Host {
    /// The region's platform (`https://visibility…amp.cisco.com`): `/iroh/*`.
    Iroh,
    /// The region's private intelligence (`https://private.intel…amp.cisco.com`): `/ctia/*`.
    Ctia,
}

/// The allow-list: the host for `method path?query` when the element makes such a call, or why
/// not. `path` is the raw path after [`PREFIX`]; it is matched as written (no decoding), and the
/// ids in it may only hold letters, digits, `-`, `_`, `.` and `~` (so no `%2e%2e`, no `/`).
pub fn route(method: &str, path: &str, query: Option<&str>) -> Result<Host, &'static str> {
    const POSTS: [&str; 5] = [
        "/iroh/iroh-inspect/inspect",
        "/iroh/iroh-enrich/deliberate/observables",
        "/iroh/iroh-enrich/observe/observables",
        "/iroh/iroh-enrich/refer/observables",
        "/iroh/iroh-response/respond/observables",
    ];
    let id = |s: &str| {
        !s.is_empty()
            && s.len() <= 200
            && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~'))
            && s.bytes().any(|b| b != b'.')
    };
    let casebook_id = |s: &str| {
        s.strip_prefix("casebook-").is_some_and(|u| !u.is_empty() && u.len() <= 200 && u.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
    };
    if query.is_some_and(|q| q.bytes().any(|b| b <= b' ' || b == b'#' || b >= 0x7f)) {
        return Err("the query has characters a URL query cannot have");
    }
    let no_query = |host: Host| if query.is_some() { Err("this route takes no query") } else { Ok(host) };
    let segments: Vec<&str> = path.strip_prefix('/').map(|p| p.split('/').collect()).unwrap_or_default();
    match (method, segments.as_slice()) {
        ("POST", _) if POSTS.contains(&path) => no_query(Host::Iroh),
        ("POST", ["iroh", "iroh-response", "respond", "trigger", module, action]) if id(module) && id(action) => Ok(Host::Iroh),
        ("GET", ["iroh", "profile", "whoami"]) => no_query(Host::Iroh),
        ("GET", ["ctia", "casebook", "search"]) => Ok(Host::Ctia),
        ("POST", ["ctia", "casebook"]) => no_query(Host::Ctia),
        ("GET", ["ctia", "casebook", cb]) if casebook_id(cb) => no_query(Host::Ctia),
        ("POST", ["ctia", "casebook", cb, "observables" | "texts"]) if casebook_id(cb) => no_query(Host::Ctia),
        _ => Err("not a call this proxy forwards"),
    }
}

/// The session check hook: the API client (its id) the signed-in person of this request acts
/// with, or `None` when there is no valid session (401). A real portal asks its own sessions here.
pub trait Sessions: Send + Sync {
    fn client_of(&self, cookie_header: Option<&str>) -> Option<String>;
}

/// The demo's sessions: `POST /demo/login` (serve.rs) sets the cookie [`COOKIE`] with a random id.
#[derive(Default)]
pub struct DemoSessions {
    ids: Mutex<HashMap<String, String>>,
}

/// The demo portal's session cookie.
pub const COOKIE: &str = "sxr_portal_session";

impl DemoSessions {
    /// A new session acting with `client_id`; returns its `Set-Cookie` value.
    pub fn login(&self, client_id: &str) -> String {
        let id = random_id();
        self.ids.lock().unwrap_or_else(|p| p.into_inner()).insert(id.clone(), client_id.to_string());
        format!("{COOKIE}={id}; Path=/; HttpOnly; SameSite=Strict")
    }

    /// Ends the request's session; returns the `Set-Cookie` value that clears it.
    pub fn logout(&self, cookie_header: Option<&str>) -> String {
        if let Some(id) = cookie(cookie_header, COOKIE) {
            self.ids.lock().unwrap_or_else(|p| p.into_inner()).remove(id);
        }
        format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0")
    }
}

impl Sessions for DemoSessions {
    fn client_of(&self, cookie_header: Option<&str>) -> Option<String> {
        let id = cookie(cookie_header, COOKIE)?;
        self.ids.lock().unwrap_or_else(|p| p.into_inner()).get(id).cloned()
    }
}

/// The value of cookie `name` in a `Cookie` header.
fn cookie<'a>(header: Option<&'a str>, name: &str) -> Option<&'a str> {
    header?.split(';').find_map(|kv| kv.trim().strip_prefix(name)?.strip_prefix('=')).filter(|v| !v.is_empty())
}

/// 128 random bits, hex (the OS's random source).
fn random_id() -> String {
    use std::io::Read;
    let mut b = [0u8; 16];
    if std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut b)).is_err() {
        use std::hash::{BuildHasher, Hasher};
        for chunk in b.chunks_mut(8) {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0));
            chunk.copy_from_slice(&h.finish().to_le_bytes());
        }
    }
    sxr_codec::hex(&b)
}

/// Cached tokens per API client: reused until a minute before they expire.
#[derive(Default)]
pub struct Tokens {
    cache: Mutex<HashMap<String, (String, f64)>>,
}

/// What the proxy needs to know of an API client: its token exchange.
pub type Exchange<'a> = &'a dyn Fn(&str) -> Result<(String, f64), (u16, String)>;

impl Tokens {
    fn get(&self, client_id: &str, exchange: Exchange, stale: Option<&str>) -> Result<String, (u16, String)> {
        let now = now_ms();
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((t, expires)) = cache.get(client_id) {
            if Some(t.as_str()) != stale && *expires - 60_000.0 > now {
                return Ok(t.clone());
            }
        }
        let (token, expires_in_secs) = exchange(client_id)?;
        cache.insert(client_id.to_string(), (token.clone(), now + expires_in_secs * 1000.0));
        Ok(token)
    }
}

fn now_ms() -> f64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as f64).unwrap_or(0.0)
}

/// One request of the page, as the demo server read it.
pub struct Incoming<'a> {
    pub method: &'a str,
    /// The path after [`PREFIX`].
    pub path: &'a str,
    pub query: Option<&'a str>,
    pub cookie: Option<&'a str>,
    /// `Sec-Fetch-Site` and `Origin` said this server's own origin (or were absent).
    pub same_origin: bool,
    /// `Content-Length`, and whether the request had a `Transfer-Encoding`.
    pub content_length: Option<usize>,
    pub chunked: bool,
    pub body: &'a [u8],
}

/// What goes back to the page.
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

fn refuse(status: u16, message: &str) -> Answer {
    Answer {
        status,
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: serde_json::json!({ "error": "proxy_refused", "error_description": message }).to_string().into_bytes(),
    }
}

/// Where the proxy forwards to.
pub struct Upstream {
    /// `/iroh/*`: the region's platform.
    pub iroh: String,
    /// `/ctia/*`: the region's private intelligence.
    pub ctia: String,
}

/// Steps 1–6 of the module's doc for one request.
pub fn forward(req: &Incoming, sessions: &dyn Sessions, tokens: &Tokens, exchange: Exchange, upstream: &Upstream) -> Answer {
    if !req.same_origin {
        return refuse(403, "the proxy answers only the portal's own pages (same origin)");
    }
    let Some(client_id) = sessions.client_of(req.cookie) else {
        return refuse(401, "no portal session: sign in to the portal");
    };
    let host = match route(req.method, req.path, req.query) {
        Ok(h) => h,
        Err(why) => return refuse(404, why),
    };
    if req.chunked {
        return refuse(411, "send the body with a Content-Length");
    }
    if req.content_length.unwrap_or(0) > MAX_BODY {
        return refuse(413, &format!("the request body is larger than {} KB", MAX_BODY / 1024));
    }
    let body = match (req.method, std::str::from_utf8(req.body)) {
        ("GET", _) => None,
        (_, Ok(b)) => Some(b.to_string()),
        (_, Err(_)) => return refuse(400, "the request body is not UTF-8 JSON"),
    };
    let base = match host {
        Host::Iroh => &upstream.iroh,
        Host::Ctia => &upstream.ctia,
    };
    let url = format!("{base}{}{}", req.path, req.query.map(|q| format!("?{q}")).unwrap_or_default());
    let send = |token: &str| {
        let mut headers = vec![("Authorization".to_string(), format!("Bearer {token}")), ("Accept".to_string(), "application/json".to_string())];
        if body.is_some() {
            headers.push(("Content-Type".to_string(), "application/json".to_string()));
        }
        let method = if req.method == "GET" { Method::Get } else { Method::Post };
        pollster::block_on(UreqTransport::default().send(HttpRequest { method, url: url.clone(), headers, body: body.clone(), timeout_ms: 30_000 }))
    };
    let token = match tokens.get(&client_id, exchange, None) {
        Ok(t) => t,
        Err((status, message)) => return refuse(status, &message),
    };
    let mut answer = send(&token);
    if matches!(answer, Ok(HttpResponse { status: 401, .. })) {
        match tokens.get(&client_id, exchange, Some(&token)) {
            Ok(fresh) => answer = send(&fresh),
            Err((status, message)) => return refuse(status, &message),
        }
    }
    match answer {
        Ok(r) if r.status == 401 => refuse(502, "Threat Response refused the portal's API client (HTTP 401 after a new token)"),
        Ok(r) if (300..400).contains(&r.status) => refuse(502, "Threat Response answered with a redirect, which the proxy does not follow"),
        Ok(r) => Answer {
            status: r.status,
            headers: r.headers.into_iter().filter(|(k, _)| PASSED_BACK.iter().any(|p| p.eq_ignore_ascii_case(k))).collect(),
            body: r.body.into_bytes(),
        },
        Err(TransportError::Timeout) => refuse(504, "Threat Response did not answer in time"),
        Err(TransportError::Redirect { .. }) => refuse(502, "Threat Response answered with a redirect, which the proxy does not follow"),
        Err(TransportError::TooLarge { .. }) => refuse(502, "Threat Response's answer was larger than the proxy passes on"),
        Err(TransportError::Network(_)) => refuse(502, "Threat Response could not be reached"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_allow_list_is_exactly_the_elements_calls() {
        let ok = [
            ("POST", "/iroh/iroh-inspect/inspect", None, Host::Iroh),
            ("POST", "/iroh/iroh-enrich/deliberate/observables", None, Host::Iroh),
            ("POST", "/iroh/iroh-enrich/observe/observables", None, Host::Iroh),
            ("POST", "/iroh/iroh-enrich/refer/observables", None, Host::Iroh),
            ("POST", "/iroh/iroh-response/respond/observables", None, Host::Iroh),
            ("POST", "/iroh/iroh-response/respond/trigger/umbrella-1/umbrella-block", Some("observable_type=domain&observable_value=evil.com"), Host::Iroh),
            ("GET", "/iroh/profile/whoami", None, Host::Iroh),
            ("GET", "/ctia/casebook/search", Some("query=%2A&limit=10"), Host::Ctia),
            ("POST", "/ctia/casebook", None, Host::Ctia),
            ("GET", "/ctia/casebook/casebook-0a1b-2c", None, Host::Ctia),
            ("POST", "/ctia/casebook/casebook-0a1b/observables", None, Host::Ctia),
            ("POST", "/ctia/casebook/casebook-0a1b/texts", None, Host::Ctia),
        ];
        for (m, p, q, host) in ok {
            assert_eq!(route(m, p, q), Ok(host), "{m} {p}");
        }
        let bad = [
            ("GET", "/iroh/iroh-inspect/inspect", None),
            ("POST", "/iroh/oauth2/token", None),
            ("DELETE", "/iroh/oauth2/app-grant/client-x", None),
            ("POST", "/iroh/iroh-response/respond/trigger/%2e%2e/x", None),
            ("POST", "/iroh/iroh-response/respond/trigger/../../oauth2", None),
            ("POST", "/iroh/iroh-response/respond/trigger/m/a/extra", None),
            ("POST", "/iroh/iroh-response/respond/trigger/m", None),
            ("POST", "/iroh/iroh-response/respond/trigger/../a", None),
            ("POST", "/iroh/iroh-enrich/deliberate/observables/", None),
            ("POST", "/iroh/iroh-enrich/deliberate/observables", Some("x=1")),
            ("POST", "/iroh/iroh-enrich/refer/observables/../../../iroh-admin", None),
            ("POST", "/iroh/iroh%2Dinspect/inspect", None),
            ("GET", "/iroh/profile/whoami", Some("a=b")),
            ("GET", "/ctia/casebook/search", Some("q=a b")),
            ("GET", "/ctia/casebook/search", Some("q=a#b")),
            ("GET", "/ctia/incident/search", None),
            ("DELETE", "/ctia/casebook/casebook-1", None),
            ("POST", "/ctia/casebook/casebook-1/bundle", None),
            ("GET", "/ctia/casebook/..%2f..%2fincident", None),
            ("GET", "/ctia/casebook/other-1", None),
            ("GET", "/", None),
            ("GET", "", None),
        ];
        for (m, p, q) in bad {
            assert!(route(m, p, q).is_err(), "{m} {p} {q:?} was allowed");
        }
    }

    #[test]
    fn demo_sessions_by_cookie() {
        let s = DemoSessions::default();
        let set = s.login("client-a");
        assert!(set.contains("HttpOnly") && set.contains("SameSite=Strict"), "{set}");
        let value = set.split(';').next().unwrap();
        let id = value.split_once('=').unwrap().1;
        assert_eq!(id.len(), 32);
        assert_eq!(s.client_of(Some(&format!("theme=dark; {value}"))), Some("client-a".into()));
        assert_eq!(s.client_of(Some("sxr_portal_session=guess")), None);
        assert_eq!(s.client_of(Some(&format!("x{value}"))), None);
        assert_eq!(s.client_of(None), None);
        assert_ne!(s.login("client-a"), set, "each login its own id");
        s.logout(Some(value));
        assert_eq!(s.client_of(Some(value)), None);
    }

    #[test]
    fn tokens_are_cached_and_a_refused_one_is_exchanged_again() {
        let n = std::cell::Cell::new(0);
        let exchange = |_: &str| {
            n.set(n.get() + 1);
            Ok((format!("tok-{}", n.get()), 600.0))
        };
        let t = Tokens::default();
        assert_eq!(t.get("a", &exchange, None).unwrap(), "tok-1");
        assert_eq!(t.get("a", &exchange, None).unwrap(), "tok-1");
        assert_eq!(t.get("a", &exchange, Some("tok-1")).unwrap(), "tok-2");
        assert_eq!(t.get("b", &exchange, None).unwrap(), "tok-3");
        let short = |_: &str| Ok(("short".to_string(), 30.0));
        t.get("c", &short, None).unwrap();
        assert_eq!(t.get("c", &exchange, None).unwrap(), "tok-4", "a token within a minute of expiry is not reused");
    }
}
