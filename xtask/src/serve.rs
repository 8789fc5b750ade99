//! A small static server for `www/` (the demo and portal pages) on 127.0.0.1, plus the demo
//! back end a real portal copies: `POST /demo/token` exchanges the demo API client's
//! credentials with Threat Response server-side, so the page only ever holds a token.
//!
//! Test hook: `POST /demo/tenants` `{client_id, client_secret}` (JSON, from a test harness:
//! refused when the request carries an `Origin`, i.e. comes from a page) registers another
//! stand-in API client; `POST /demo/token?tenant=<client_id>` then exchanges that client's
//! credentials. The secret stays in this process; pages only ever see tokens.
//!
//! Proxy mode (`proxy.rs`, the reference proxy a portal copies): `POST /demo/login[?tenant=<id>]`
//! signs the page in to the demo portal (an `HttpOnly`, `SameSite=Strict` session cookie acting
//! with the demo API client or that tenant), `POST /demo/logout` ends it, and
//! `/securex/iroh/*`, `/securex/ctia/*` forward the element's calls with the session's token to
//! [`DemoBackend::proxy_upstream`] (in the tests a stand-in with CORS off).
//!
//! CSP test hook: an `.html` page asked with `?csp=proxy|token|no-wasm` is served with the
//! Content-Security-Policy [`csp`] gives (docs/admin-guide.md, "Content-Security-Policy").
//!
//! Test hook: [`start`] can also serves another folder under a path prefix (the test runs'
//! `/npm-app/`: a portal app a test builds with Vite from the npm package,
//! tests/e2e/npm-package.test.mjs), same origin as the back end's routes, same rules.
//!
//! Only for pages of this server on this machine:
//! - every request must name this server as `Host: 127.0.0.1:<port>` or `localhost:<port>`
//!   ([`host_allowed`]): a page on another site whose name was re-pointed at 127.0.0.1 (DNS
//!   rebinding) sends its own name and gets 403;
//! - `POST /demo/token` answers only same-origin requests ([`same_origin`]: `Sec-Fetch-Site`
//!   and `Origin`, when present, must say this origin), so a page on another site cannot get a
//!   token from it;
//! - a static path is percent-decoded and built from normal path components only
//!   ([`static_path`]): `..`, `.`, a root, a drive or prefix (`C:`), a backslash or NUL gets 400.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread;
use sxr_codec::percent::{self, Plus};

#[derive(Clone)]
pub struct DemoBackend {
    pub standin_url: String,
    /// The Threat Response the proxy forwards to (`/iroh/*` and `/ctia/*` alike).
    pub proxy_upstream: String,
    pub client_id: String,
    pub client_secret: String,
}

pub struct Server {
    pub url: String,
    pub port: u16,
}

/// Serves `root` on 127.0.0.1:`port` (0 = any) in background threads; `mount = (prefix, dir)`
/// also serves `dir` under `prefix` (`/name`, no trailing slash): `GET <prefix>/a/b` is
/// `dir/a/b`, with the same path rules as `root`. The folder need not exist yet.
pub fn start(root: &Path, port: u16, backend: DemoBackend, mount: Option<(String, PathBuf)>) -> Result<Server, String> {
    let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|e| format!("bind 127.0.0.1:{port}: {e}"))?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    let root = Arc::new(root.to_path_buf());
    let backend = Arc::new(Shared { demo: backend, tenants: Mutex::new(HashMap::new()), sessions: Default::default(), tokens: Default::default(), mount });
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            let backend = backend.clone();
            thread::spawn(move || {
                let _ = handle(stream, &root, &backend);
            });
        }
    });
    Ok(Server { url: format!("http://127.0.0.1:{port}"), port })
}

/// The demo back end plus the tenants a test harness registered (client id → secret).
struct Shared {
    demo: DemoBackend,
    tenants: Mutex<HashMap<String, String>>,
    sessions: crate::proxy::DemoSessions,
    tokens: crate::proxy::Tokens,
    /// A folder served under a path prefix ([`start`]).
    mount: Option<(String, PathBuf)>,
}

impl Shared {
    /// The credentials of the demo client, or of a registered tenant.
    fn credentials(&self, client_id: Option<&str>) -> Option<(String, String)> {
        match client_id {
            None => Some((self.demo.client_id.clone(), self.demo.client_secret.clone())),
            Some(id) if id == self.demo.client_id => Some((self.demo.client_id.clone(), self.demo.client_secret.clone())),
            Some(id) => self.tenants.lock().unwrap_or_else(|p| p.into_inner()).get(id).cloned().map(|s| (id.to_string(), s)),
        }
    }
}

/// The Content-Security-Policy of a test page (`?csp=`): exactly what docs/admin-guide.md documents per mode
/// (`connect-src` of token-provider mode names the stand-in, where a real portal names the
/// region's two hosts), and proxy mode's without `'wasm-unsafe-eval'`.
pub fn csp(mode: &str, standin_url: &str) -> Option<String> {
    let (script, connect) = match mode {
        "proxy" => ("'self' 'wasm-unsafe-eval'", "'self'".to_string()),
        "token" => ("'self' 'wasm-unsafe-eval'", format!("'self' {standin_url}")),
        "no-wasm" => ("'self'", "'self'".to_string()),
        _ => return None,
    };
    Some(format!(
        "default-src 'none'; script-src {script}; connect-src {connect}; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ))
}

fn handle(stream: TcpStream, root: &Path, backend: &Shared) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let mut content_length = 0usize;
    let mut json_body = false;
    let (mut origin, mut fetch_site, mut hosts) = (None::<String>, None::<String>, Vec::<String>::new());
    let (mut cookie, mut declared_length, mut chunked) = (None::<String>, None::<usize>, false);
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h == "\r\n" || h == "\n" {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            let v = v.trim();
            if k.eq_ignore_ascii_case("content-length") {
                content_length = v.parse().unwrap_or(0);
                declared_length = Some(v.parse().unwrap_or(usize::MAX));
            } else if k.eq_ignore_ascii_case("transfer-encoding") {
                chunked = true;
            } else if k.eq_ignore_ascii_case("cookie") {
                cookie = Some(cookie.map_or(v.to_string(), |c| format!("{c}; {v}")));
            } else if k.eq_ignore_ascii_case("origin") {
                origin = Some(v.to_string());
            } else if k.eq_ignore_ascii_case("sec-fetch-site") {
                fetch_site = Some(v.to_string());
            } else if k.eq_ignore_ascii_case("host") {
                hosts.push(v.to_string());
            } else if k.eq_ignore_ascii_case("content-type") {
                json_body = v.to_ascii_lowercase().starts_with("application/json");
            }
        }
    }
    // The proxy refuses a body above its limit without keeping it (drained, so that the client
    // reads the 413 instead of a reset connection).
    let too_big = path_of(target).starts_with(crate::proxy::PREFIX) && content_length > crate::proxy::MAX_BODY;
    let mut body = vec![0; if too_big { 0 } else { content_length.min(1 << 20) }];
    if too_big {
        std::io::copy(&mut (&mut reader).take(content_length.min(1 << 20) as u64), &mut std::io::sink())?;
    } else {
        reader.read_exact(&mut body)?;
    }
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut out = stream;
    let error = |out: &mut TcpStream, status: u16, msg: &str| {
        let body = serde_json::json!({ "error": msg }).to_string();
        respond(out, status, "application/json", body.as_bytes())
    };
    let port = out.local_addr()?.port();
    let host = match hosts.as_slice() {
        [h] if host_allowed(h, port) => h.to_ascii_lowercase(),
        _ => return error(&mut out, 403, &format!("this demo server answers only Host: 127.0.0.1:{port} or localhost:{port}")),
    };
    if let Some(rest) = path.strip_prefix(crate::proxy::PREFIX).filter(|r| r.starts_with('/')) {
        let exchange = |client_id: &str| {
            let (id, secret) = backend.credentials(Some(client_id)).ok_or((401, "the session's API client is unknown".to_string()))?;
            exchange_token(&backend.demo.proxy_upstream, &id, &secret)
        };
        let upstream = crate::proxy::Upstream { iroh: backend.demo.proxy_upstream.clone(), ctia: backend.demo.proxy_upstream.clone() };
        let req = crate::proxy::Incoming {
            method,
            path: rest,
            query: target.split_once('?').map(|(_, q)| q),
            cookie: cookie.as_deref(),
            same_origin: same_origin(origin.as_deref(), fetch_site.as_deref(), &host),
            content_length: declared_length,
            chunked,
            body: &body,
        };
        let answer = crate::proxy::forward(&req, &backend.sessions, &backend.tokens, &exchange, &upstream);
        let ctype = answer.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case("content-type")).map_or("application/json".to_string(), |(_, v)| v.clone());
        let extra: Vec<(String, String)> = answer.headers.into_iter().filter(|(k, _)| !k.eq_ignore_ascii_case("content-type")).collect();
        return respond_with(&mut out, answer.status, &ctype, &extra, &answer.body);
    }
    match (method, path) {
        ("POST", "/demo/login") => {
            if !same_origin(origin.as_deref(), fetch_site.as_deref(), &host) {
                return error(&mut out, 403, "the demo portal's sign-in answers only this server's own pages (same origin)");
            }
            let tenant = query.split('&').find_map(|kv| kv.strip_prefix("tenant=")).map(|t| percent::decode(t, Plus::Space));
            let Some((id, _)) = backend.credentials(tenant.as_deref()) else {
                return error(&mut out, 404, "unknown tenant (register it with POST /demo/tenants first)");
            };
            let set = backend.sessions.login(&id);
            respond_with(&mut out, 200, "application/json", &[("Set-Cookie".into(), set)], b"{\"signedIn\":true}")
        }
        ("POST", "/demo/logout") => {
            if !same_origin(origin.as_deref(), fetch_site.as_deref(), &host) {
                return error(&mut out, 403, "the demo portal's sign-out answers only this server's own pages (same origin)");
            }
            let set = backend.sessions.logout(cookie.as_deref());
            respond_with(&mut out, 200, "application/json", &[("Set-Cookie".into(), set)], b"{}")
        }
        ("GET", "/demo-config.json") => {
            let cfg = serde_json::json!({ "baseUrl": backend.demo.standin_url, "privateIntelUrl": backend.demo.standin_url }).to_string();
            respond(&mut out, 200, "application/json", cfg.as_bytes())
        }
        ("POST", "/demo/token") => {
            if !same_origin(origin.as_deref(), fetch_site.as_deref(), &host) {
                return error(&mut out, 403, "the demo token endpoint answers only this server's own pages (same origin)");
            }
            let tenant = query.split('&').find_map(|kv| kv.strip_prefix("tenant=")).map(|t| percent::decode(t, Plus::Space));
            let Some((id, secret)) = backend.credentials(tenant.as_deref()) else {
                return error(&mut out, 404, "unknown tenant (register it with POST /demo/tenants first)");
            };
            match exchange(&backend.demo.standin_url, &id, &secret) {
                Ok(json) => respond(&mut out, 200, "application/json", json.as_bytes()),
                Err((status, msg)) => error(&mut out, status, &msg),
            }
        }
        ("POST", "/demo/tenants") => {
            if origin.is_some() || !json_body {
                return error(&mut out, 403, "tenant registration is for test harnesses (JSON, no Origin), not for pages");
            }
            let v: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
            match (v["client_id"].as_str(), v["client_secret"].as_str()) {
                (Some(id), Some(secret)) if !id.is_empty() && !secret.is_empty() => {
                    backend.tenants.lock().unwrap_or_else(|p| p.into_inner()).insert(id.into(), secret.into());
                    respond(&mut out, 200, "application/json", b"{}")
                }
                _ => error(&mut out, 400, "expected {client_id, client_secret}"),
            }
        }
        ("GET", _) => match backend
            .mount
            .as_ref()
            .and_then(|(prefix, dir)| Some((dir, path.strip_prefix(prefix.as_str()).filter(|r| r.starts_with('/'))?)))
            .map_or_else(|| static_path(root, path), |(dir, rest)| static_path(dir, rest))
        {
            None => respond(&mut out, 400, "text/plain", b"bad path"),
            Some(file) => match std::fs::read(&file) {
                Ok(bytes) if file.is_file() => {
                    let policy = query.split('&').find_map(|kv| kv.strip_prefix("csp=")).and_then(|m| csp(m, &backend.demo.standin_url));
                    let headers: Vec<(String, String)> = policy
                        .filter(|_| content_type(&file).starts_with("text/html"))
                        .map(|p| ("Content-Security-Policy".to_string(), p))
                        .into_iter()
                        .collect();
                    respond_with(&mut out, 200, content_type(&file), &headers, &bytes)
                }
                _ => respond(&mut out, 404, "text/plain", b"not found"),
            },
        },
        _ => respond(&mut out, 405, "text/plain", b"method not allowed"),
    }
}

/// The server-side exchange, done by the core itself over its native transport: Basic auth
/// with the demo client; only `{ accessToken, expiresIn }` goes back to the page.
fn exchange(standin_url: &str, client_id: &str, client_secret: &str) -> Result<String, (u16, String)> {
    let (token, expires_in) = exchange_token(standin_url, client_id, client_secret)?;
    Ok(serde_json::json!({ "accessToken": token, "expiresIn": expires_in }).to_string())
}

/// A client-credentials exchange by the core: the token and its lifetime in seconds.
fn exchange_token(standin_url: &str, client_id: &str, client_secret: &str) -> Result<(String, f64), (u16, String)> {
    use securex_respond::{auth::Credentials, native::UreqTransport, Client, Endpoint, TokenSource};
    let fail = |e: securex_respond::Error| (502, e.message);
    let endpoint = Endpoint::new(None, Some(standin_url), None).map_err(fail)?;
    let creds = Credentials::new(client_id, client_secret).map_err(fail)?;
    let client = Client::new(UreqTransport::default(), endpoint, TokenSource::Credentials(creds));
    pollster::block_on(client.check_connection()).map_err(fail)?;
    let token = client.token_snapshot().ok_or((502, "no token".to_string()))?;
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as f64).unwrap_or(0.0);
    let expires_in = ((token.expires_at_ms - now) / 1000.0).floor().max(1.0);
    Ok((token.access_token, expires_in))
}

/// The path of a request target, without its query.
fn path_of(target: &str) -> &str {
    target.split_once('?').map_or(target, |(p, _)| p)
}

/// DNS rebinding: a page on `evil.example` whose name now resolves to 127.0.0.1 reaches this
/// port with `Host: evil.example:<port>`. Only this server's own names are answered.
fn host_allowed(host: &str, port: u16) -> bool {
    let host = host.to_ascii_lowercase();
    host == format!("127.0.0.1:{port}") || host == format!("localhost:{port}")
}

/// `POST /demo/token` hands out a token: only to this server's own pages. Browsers mark every
/// request with `Sec-Fetch-Site` and every POST with `Origin`; when present, both must say this
/// very origin (`http://<Host>`). A request with neither comes from a program (curl, a test
/// harness), which could send any header it likes, so the check is not about those.
fn same_origin(origin: Option<&str>, fetch_site: Option<&str>, host: &str) -> bool {
    fetch_site.is_none_or(|s| s.eq_ignore_ascii_case("same-origin")) && origin.is_none_or(|o| o.eq_ignore_ascii_case(&format!("http://{host}")))
}

/// The file under `root` a request path names, or None (400) when the path is not made of
/// normal components only. The path is percent-decoded first (so `%2e%2e` is `..` and `%2f`
/// is `/`), must start with `/`, and every segment must be a single [`Component::Normal`]
/// without `\`, `:` (a Windows drive or stream) or NUL. Empty segments (`//`) are skipped.
/// A directory maps to its `index.html`. Whether the file exists is the caller's business.
///
/// [`Component::Normal`]: std::path::Component::Normal
fn static_path(root: &Path, path: &str) -> Option<PathBuf> {
    use std::path::Component;
    let decoded = String::from_utf8(percent::decode_bytes(path.as_bytes(), Plus::Keep)).ok()?;
    let rest = decoded.strip_prefix('/')?;
    let mut p = root.to_path_buf();
    for seg in rest.split('/').filter(|s| !s.is_empty()) {
        if seg.contains(['\\', ':', '\0']) {
            return None;
        }
        let mut parts = Path::new(seg).components();
        match (parts.next(), parts.next()) {
            (Some(Component::Normal(c)), None) if c == seg => p.push(c),
            _ => return None,
        }
    }
    if p.is_dir() {
        p.push("index.html");
    }
    Some(p)
}

fn content_type(p: &Path) -> &'static str {
    match p.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "ts" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn respond(out: &mut TcpStream, status: u16, ctype: &str, body: &[u8]) -> std::io::Result<()> {
    respond_with(out, status, ctype, &[], body)
}

fn respond_with(out: &mut TcpStream, status: u16, ctype: &str, extra: &[(String, String)], body: &[u8]) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        201 => "Created",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        411 => "Length Required",
        413 => "Content Too Large",
        429 => "Too Many Requests",
        502 => "Bad Gateway",
        504 => "Gateway Timeout",
        _ => "Error",
    };
    let mut head = String::new();
    for (k, v) in extra {
        // Values come from this server or from Threat Response's answer: no line breaks.
        if !k.contains(['\r', '\n']) && !v.contains(['\r', '\n']) {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
    }
    write!(
        out,
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n{head}Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    out.write_all(body)?;
    out.flush()
}

/// The demo server on port 0, driven with raw HTTP/1.1 requests (a browser or curl would fix
/// up the Host header and the path for us), against a real stand-in for `/demo/token`.
#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A served root `<tmp>/www` with a few files, next to `<tmp>/secret.txt` that must never
    /// be served; removed when the test ends.
    struct Fixture {
        port: u16,
        dir: PathBuf,
    }

    impl Drop for Fixture {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }

    impl Fixture {
        fn start() -> Fixture {
            Fixture::start_with(false)
        }

        /// With `mounted`, `<tmp>/app/dist` (holding `index.html`, `assets/app.js`) is served under `/npm-app`.
        fn start_with(mounted: bool) -> Fixture {
            static N: AtomicUsize = AtomicUsize::new(0);
            let n = N.fetch_add(1, Ordering::Relaxed);
            let dir = std::env::temp_dir().join(format!("sxr-serve-test-{}-{n}", std::process::id()));
            let www = dir.join("www");
            std::fs::create_dir_all(www.join("pkg")).unwrap();
            std::fs::write(www.join("index.html"), "<!doctype html><title>demo</title>").unwrap();
            std::fs::write(www.join("respond-view.js"), "export const view = 1;").unwrap();
            std::fs::write(www.join("pkg/core.js"), "export default 2;").unwrap();
            std::fs::write(dir.join("secret.txt"), "OUTSIDE-THE-ROOT").unwrap();
            let standin = standin::spawn(standin::Config::default());
            let backend = DemoBackend {
                standin_url: standin.url.clone(),
                proxy_upstream: standin.url,
                client_id: crate::ctx::DEMO_CLIENT_ID.into(),
                client_secret: crate::ctx::DEMO_CLIENT_SECRET.into(),
            };
            let mount = mounted.then(|| {
                let app = dir.join("app/dist");
                std::fs::create_dir_all(app.join("assets")).unwrap();
                std::fs::write(app.join("index.html"), "<!doctype html><title>built app</title>").unwrap();
                std::fs::write(app.join("assets/app.js"), "export const built = 3;").unwrap();
                ("/npm-app".to_string(), app)
            });
            let server = start(&www, 0, backend, mount).unwrap();
            Fixture { port: server.port, dir }
        }

        /// Sends `head` (request line + headers, `{port}` replaced, without the final blank
        /// line) and a body, exactly as written; returns (status, body).
        fn raw(&self, head: &str, body: &str) -> (u16, String) {
            let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
            let head = head.replace("{port}", &self.port.to_string());
            write!(s, "{head}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len()).unwrap();
            let mut answer = String::new();
            s.read_to_string(&mut answer).unwrap();
            let status = answer.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
            let body = answer.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
            (status, body)
        }

        fn get(&self, path: &str) -> (u16, String) {
            self.raw(&format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{{port}}"), "")
        }
    }

    #[test]
    fn answers_only_its_own_host_names() {
        let f = Fixture::start();
        assert_eq!(f.raw("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}", "").0, 200);
        assert_eq!(f.raw("GET / HTTP/1.1\r\nHost: localhost:{port}", "").0, 200);
        assert_eq!(f.raw("GET / HTTP/1.1\r\nHost: LOCALHOST:{port}", "").0, 200, "host names are case-insensitive");
        for bad in [
            "GET / HTTP/1.1\r\nHost: evil.example:{port}",
            "GET / HTTP/1.1\r\nHost: evil.example",
            "GET /demo-config.json HTTP/1.1\r\nHost: rebind.evil.example:{port}",
            "GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}.evil.example",
            "GET / HTTP/1.1\r\nHost: 127.0.0.1",
            "GET / HTTP/1.1\r\nHost: 127.0.0.1:1",
            "GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nHost: evil.example:{port}",
            "GET / HTTP/1.1\r\nX-No-Host: 1",
            "POST /demo/token HTTP/1.1\r\nHost: evil.example:{port}\r\nOrigin: http://evil.example:{port}\r\nSec-Fetch-Site: same-origin",
        ] {
            let (status, body) = f.raw(bad, "");
            assert_eq!(status, 403, "{bad:?} → {status} {body}");
            assert!(!body.contains("accessToken") && !body.contains("<title>"), "{bad:?} → {body}");
        }
    }

    #[test]
    fn a_mounted_folder_is_served_under_its_prefix_with_the_same_rules() {
        let f = Fixture::start_with(true);
        let get = |path: &str| f.raw(&format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{{port}}"), "");
        assert!(get("/npm-app/").1.contains("built app"));
        assert!(get("/npm-app/index.html?csp=proxy").1.contains("built app"));
        assert_eq!(get("/npm-app/assets/app.js").1, "export const built = 3;");
        assert!(get("/").1.contains("<title>demo</title>"), "the root is still www");
        assert_eq!(get("/npm-appx/index.html").0, 404, "only the prefix as a whole path segment");
        assert_eq!(get("/npm-app/respond-view.js").0, 404, "the root's files are not under the mount");
        for bad in ["/npm-app/../www/index.html", "/npm-app/%2e%2e/dist/index.html", "/npm-app/..%2F..%2Fsecret.txt"] {
            let (status, body) = get(bad);
            assert!(status == 400 || status == 404, "{bad} → {status} {body}");
            assert!(!body.contains("OUTSIDE"), "{bad} → {body}");
        }
        let html = f.raw_full("GET /npm-app/index.html?csp=proxy HTTP/1.1\r\nHost: 127.0.0.1:{port}", "");
        assert!(html.contains("Content-Security-Policy: default-src 'none'; script-src 'self' 'wasm-unsafe-eval'"), "{html}");
    }

    #[test]
    fn demo_token_only_for_same_origin_pages() {
        let f = Fixture::start();
        // This server's own page (what Chromium sends for the portal's fetch), and a program without browser headers.
        for ok in [
            "POST /demo/token HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\nSec-Fetch-Site: same-origin",
            "POST /demo/token HTTP/1.1\r\nHost: localhost:{port}\r\nOrigin: http://localhost:{port}\r\nSec-Fetch-Site: same-origin",
            "POST /demo/token HTTP/1.1\r\nHost: 127.0.0.1:{port}",
        ] {
            let (status, body) = f.raw(ok, "");
            assert_eq!(status, 200, "{ok:?} → {body}");
            assert!(body.contains("accessToken"), "{body}");
        }
        for bad in [
            "POST /demo/token HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://evil.example\r\nSec-Fetch-Site: cross-site",
            "POST /demo/token HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://evil.example",
            "POST /demo/token HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nSec-Fetch-Site: cross-site",
            "POST /demo/token HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nSec-Fetch-Site: same-site\r\nOrigin: http://127.0.0.1:8081",
            "POST /demo/token HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://localhost:{port}\r\nSec-Fetch-Site: same-site",
            "POST /demo/token HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: null",
            "POST /demo/token HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nSec-Fetch-Site: none",
            "POST /demo/token?tenant=client-demo HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://evil.example\r\nSec-Fetch-Site: cross-site",
        ] {
            let (status, body) = f.raw(bad, "");
            assert_eq!(status, 403, "{bad:?} → {status} {body}");
            assert!(!body.contains("accessToken"), "{bad:?} → {body}");
        }
    }

    /// The answer's head (status line and headers) and body.
    fn split(answer: &str) -> (&str, &str) {
        answer.split_once("\r\n\r\n").unwrap_or((answer, ""))
    }

    impl Fixture {
        fn raw_full(&self, head: &str, body: &str) -> String {
            let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
            let head = head.replace("{port}", &self.port.to_string());
            write!(s, "{head}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len()).unwrap();
            let mut answer = String::new();
            s.read_to_string(&mut answer).unwrap();
            answer
        }
    }

    #[test]
    fn the_proxy_needs_a_session_forwards_only_its_routes_and_passes_the_rate_limit_back() {
        let f = Fixture::start();
        let page = "Host: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\nSec-Fetch-Site: same-origin";
        let obs = r#"[{"type":"domain","value":"evil.com"}]"#;
        // No session yet: 401, nothing forwarded.
        let (status, body) = f.raw(&format!("POST /securex/iroh/iroh-response/respond/observables HTTP/1.1\r\n{page}\r\nContent-Type: application/json"), obs);
        assert_eq!(status, 401, "{body}");
        // Sign in to the demo portal: an HttpOnly, SameSite=Strict cookie.
        let login = f.raw_full(&format!("POST /demo/login HTTP/1.1\r\n{page}"), "");
        let cookie_line = login.lines().find(|l| l.starts_with("Set-Cookie: ")).expect("a session cookie");
        assert!(cookie_line.contains("HttpOnly") && cookie_line.contains("SameSite=Strict"), "{cookie_line}");
        let cookie = cookie_line["Set-Cookie: ".len()..].split(';').next().unwrap().to_string();
        let with = format!("{page}\r\nCookie: {cookie}");
        let answer = f.raw_full(&format!("POST /securex/iroh/iroh-response/respond/observables HTTP/1.1\r\n{with}\r\nContent-Type: application/json"), obs);
        let (head, body) = split(&answer);
        assert!(head.starts_with("HTTP/1.1 200"), "{answer}");
        assert!(body.contains("\"data\""), "{body}");
        assert!(head.contains("X-RateLimit-Org-Remaining:") || head.contains("x-ratelimit-org-remaining:"), "the org's rate limit is passed back: {head}");
        assert!(!head.to_ascii_lowercase().contains("authorization") && !body.contains("Bearer"), "{answer}");
        let whoami = f.raw(&format!("GET /securex/iroh/profile/whoami HTTP/1.1\r\n{with}"), "");
        assert_eq!(whoami.0, 200, "{}", whoami.1);
        // Not on the allow-list, even with a session: 404 without forwarding.
        for target in [
            "POST /securex/iroh/oauth2/token",
            "GET /securex/iroh/iroh-inspect/inspect",
            "POST /securex/iroh/iroh-response/respond/trigger/%2e%2e/x",
            "GET /securex/ctia/incident/search",
        ] {
            let (status, body) = f.raw(&format!("{target} HTTP/1.1\r\n{with}"), "");
            assert_eq!(status, 404, "{target}: {body}");
        }
        // Another site, even with the cookie: 403.
        let (status, _) = f.raw(&format!("GET /securex/iroh/profile/whoami HTTP/1.1\r\nHost: 127.0.0.1:{{port}}\r\nOrigin: http://evil.example\r\nSec-Fetch-Site: cross-site\r\nCookie: {cookie}"), "");
        assert_eq!(status, 403);
        // A body above the limit is refused unread.
        let big = format!("[{}]", vec![r#"{"type":"domain","value":"a.com"}"#; 9000].join(","));
        let (status, _) = f.raw(&format!("POST /securex/iroh/iroh-response/respond/observables HTTP/1.1\r\n{with}\r\nContent-Type: application/json"), &big);
        assert_eq!(status, 413);
        // Signed out: 401 again.
        f.raw(&format!("POST /demo/logout HTTP/1.1\r\n{with}"), "");
        let (status, _) = f.raw(&format!("GET /securex/iroh/profile/whoami HTTP/1.1\r\n{with}"), "");
        assert_eq!(status, 401);
    }

    #[test]
    fn csp_test_pages() {
        let f = Fixture::start();
        let page = f.raw_full("GET /index.html?csp=proxy HTTP/1.1\r\nHost: 127.0.0.1:{port}", "");
        assert!(page.contains("Content-Security-Policy: default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self';"), "{page}");
        let page = f.raw_full("GET /index.html?csp=no-wasm HTTP/1.1\r\nHost: 127.0.0.1:{port}", "");
        assert!(page.contains("script-src 'self';"), "{page}");
        let page = f.raw_full("GET /index.html HTTP/1.1\r\nHost: 127.0.0.1:{port}", "");
        assert!(!page.contains("Content-Security-Policy"), "{page}");
    }

    #[test]
    fn static_paths_are_percent_decoded() {
        let f = Fixture::start();
        assert_eq!(f.get("/").0, 200);
        assert_eq!(f.get("/respond-view.js"), (200, "export const view = 1;".into()));
        assert_eq!(f.get("/pkg/core.js"), (200, "export default 2;".into()));
        assert_eq!(f.get("//pkg//core.js").0, 200, "empty segments are skipped");
        assert_eq!(f.get("/respond%2Dview.js").0, 200, "the path is percent-decoded");
        assert_eq!(f.get("/pkg%2Fcore.js").0, 200, "an encoded slash separates segments");
        assert_eq!(f.get("/missing.js").0, 404);
    }

    /// Every path that is not made of normal components is refused (400), encoded or not, and
    /// nothing outside the root is served.
    #[test]
    fn static_paths_outside_normal_components_are_refused() {
        let f = Fixture::start();
        let cargo = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
        for bad in [
            "/../secret.txt",
            "/../Cargo.toml",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/.%2e/secret.txt",
            "/%2e%2e%2fsecret.txt",
            "/pkg/../../secret.txt",
            "/pkg/%2e%2e/%2e%2e/secret.txt",
            "/..%5csecret.txt",
            "/..\\secret.txt",
            "/./index.html",
            "/%2e/index.html",
            "/C:/Windows/win.ini",
            "/c%3a/secret.txt",
            "/index.html%00.js",
            "/%ff%fe",
            "secret.txt",
            "*",
            "http://127.0.0.1/../secret.txt",
        ] {
            let (status, body) = f.get(bad);
            assert_eq!(status, 400, "{bad:?} → {status} {body}");
            assert!(!body.contains("OUTSIDE-THE-ROOT") && !body.contains(&cargo[..40]), "{bad:?} served a file outside the root");
        }
        assert!(f.dir.join("secret.txt").is_file(), "the file the traversals aim at exists");
    }
}
