//! A small static server for `www/` (the demo and portal pages) on 127.0.0.1, plus the demo
//! back end a real portal copies: `POST /demo/token` exchanges the demo API client's
//! credentials with Threat Response server-side, so the page only ever holds a token.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
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
    let backend = Arc::new(backend);
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

fn handle(stream: TcpStream, root: &Path, backend: &DemoBackend) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let mut content_length = 0usize;
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h == "\r\n" || h == "\n" {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                content_length = v.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0; content_length.min(1 << 20)];
    reader.read_exact(&mut body)?;
    let path = target.split('?').next().unwrap_or("/");
    let mut out = stream;
    match (method, path) {
        ("GET", "/demo-config.json") => {
            let cfg = serde_json::json!({ "baseUrl": backend.standin_url }).to_string();
            respond(&mut out, 200, "application/json", cfg.as_bytes())
        }
        ("POST", "/demo/token") => match exchange(backend) {
            Ok(json) => respond(&mut out, 200, "application/json", json.as_bytes()),
            Err((status, msg)) => {
                let body = serde_json::json!({ "error": msg }).to_string();
                respond(&mut out, status, "application/json", body.as_bytes())
            }
        },
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
fn exchange(b: &DemoBackend) -> Result<String, (u16, String)> {
    use securex_respond::{auth::Credentials, native::UreqTransport, Client, Endpoint, TokenSource};
    let fail = |e: securex_respond::Error| (502, e.message);
    let endpoint = Endpoint::new(None, Some(&b.standin_url), None).map_err(fail)?;
    let creds = Credentials::new(&b.client_id, &b.client_secret).map_err(fail)?;
    let client = Client::new(UreqTransport::default(), endpoint, TokenSource::Credentials(creds));
    pollster::block_on(client.check_connection()).map_err(fail)?;
    let token = client.token_snapshot().ok_or((502, "no token".to_string()))?;
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as f64).unwrap_or(0.0);
    let expires_in = ((token.expires_at_ms - now) / 1000.0).floor().max(1.0);
    Ok(serde_json::json!({ "accessToken": token.access_token, "expiresIn": expires_in }).to_string())
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
