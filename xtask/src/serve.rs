//! A small static server for `www/` (the demo and portal pages) on 127.0.0.1, plus the demo
//! back end a real portal copies: `POST /demo/token` exchanges the demo API client's
//! credentials with Threat Response server-side, so the page only ever holds a token.
//!
//! Test hook: `POST /demo/tenants` `{client_id, client_secret}` (JSON, from a test harness:
//! refused when the request carries an `Origin`, i.e. comes from a page) registers another
//! stand-in API client; `POST /demo/token?tenant=<client_id>` then exchanges that client's
//! credentials. The secret stays in this process; pages only ever see tokens.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread;

#[derive(Clone)]
pub struct DemoBackend {
    pub standin_url: String,
    pub client_id: String,
    pub client_secret: String,
}

pub struct Server {
    pub url: String,
    pub port: u16,
}

/// Serves `root` on 127.0.0.1:`port` (0 = any) in background threads.
pub fn start(root: &Path, port: u16, backend: DemoBackend) -> Result<Server, String> {
    let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|e| format!("bind 127.0.0.1:{port}: {e}"))?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    let root = Arc::new(root.to_path_buf());
    let backend = Arc::new(Shared { demo: backend, tenants: Mutex::new(HashMap::new()) });
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
}

fn handle(stream: TcpStream, root: &Path, backend: &Shared) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let mut content_length = 0usize;
    let (mut origin, mut json_body) = (false, false);
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h == "\r\n" || h == "\n" {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                content_length = v.trim().parse().unwrap_or(0);
            } else if k.eq_ignore_ascii_case("origin") {
                origin = true;
            } else if k.eq_ignore_ascii_case("content-type") {
                json_body = v.trim().to_ascii_lowercase().starts_with("application/json");
            }
        }
    }
    let mut body = vec![0; content_length.min(1 << 20)];
    reader.read_exact(&mut body)?;
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut out = stream;
    let error = |out: &mut TcpStream, status: u16, msg: &str| {
        let body = serde_json::json!({ "error": msg }).to_string();
        respond(out, status, "application/json", body.as_bytes())
    };
    match (method, path) {
        ("GET", "/demo-config.json") => {
            let cfg = serde_json::json!({ "baseUrl": backend.demo.standin_url }).to_string();
            respond(&mut out, 200, "application/json", cfg.as_bytes())
        }
        ("POST", "/demo/token") => {
            let tenant = query.split('&').find_map(|kv| kv.strip_prefix("tenant=")).map(percent_decode);
            let creds = match tenant {
                None => Some((backend.demo.client_id.clone(), backend.demo.client_secret.clone())),
                Some(id) => {
                    let secret = backend.tenants.lock().unwrap_or_else(|p| p.into_inner()).get(&id).cloned();
                    secret.map(|s| (id, s))
                }
            };
            let Some((id, secret)) = creds else {
                return error(&mut out, 404, "unknown tenant (register it with POST /demo/tenants first)");
            };
            match exchange(&backend.demo.standin_url, &id, &secret) {
                Ok(json) => respond(&mut out, 200, "application/json", json.as_bytes()),
                Err((status, msg)) => error(&mut out, status, &msg),
            }
        }
        ("POST", "/demo/tenants") => {
            if origin || !json_body {
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
        ("GET", _) => match resolve(root, path) {
            Some(file) => match std::fs::read(&file) {
                Ok(bytes) => respond(&mut out, 200, content_type(&file), &bytes),
                Err(_) => respond(&mut out, 404, "text/plain", b"not found"),
            },
            None => respond(&mut out, 404, "text/plain", b"not found"),
        },
        _ => respond(&mut out, 405, "text/plain", b"method not allowed"),
    }
}

/// The server-side exchange, done by the core itself over its native transport: Basic auth
/// with the demo client; only `{ accessToken, expiresIn }` goes back to the page.
fn exchange(standin_url: &str, client_id: &str, client_secret: &str) -> Result<String, (u16, String)> {
    use securex_respond::{auth::Credentials, native::UreqTransport, Client, Endpoint, TokenSource};
    let fail = |e: securex_respond::Error| (502, e.message);
    let endpoint = Endpoint::new(None, Some(standin_url), None).map_err(fail)?;
    let creds = Credentials::new(client_id, client_secret).map_err(fail)?;
    let client = Client::new(UreqTransport::default(), endpoint, TokenSource::Credentials(creds));
    pollster::block_on(client.check_connection()).map_err(fail)?;
    let token = client.token_snapshot().ok_or((502, "no token".to_string()))?;
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as f64).unwrap_or(0.0);
    let expires_in = ((token.expires_at_ms - now) / 1000.0).floor().max(1.0);
    Ok(serde_json::json!({ "accessToken": token.access_token, "expiresIn": expires_in }).to_string())
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
        match (b[i], b.get(i + 1).copied().and_then(hex), b.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(h), Some(l)) => {
                out.push(h * 16 + l);
                i += 3;
            }
            (b'+', ..) => {
                out.push(b' ');
                i += 1;
            }
            (c, ..) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn resolve(root: &Path, path: &str) -> Option<PathBuf> {
    if path.split('/').any(|seg| seg == ".." || seg.contains('\\')) {
        return None;
    }
    let mut p = root.join(path.trim_start_matches('/'));
    if p.is_dir() {
        p = p.join("index.html");
    }
    p.is_file().then_some(p)
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
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Error",
    };
    write!(
        out,
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    out.write_all(body)?;
    out.flush()
}
