//! Native transport over ureq, for integration tests, benchmarks and command-line tools.

use crate::http::{HttpRequest, HttpResponse, Method, Transport, TransportError, MAX_RESPONSE_BYTES};
use std::io::Read;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Blocking HTTP under an `async fn`: fine for tests driven by a simple executor. Never
/// follows redirects; bodies are bounded while read (see [`Transport`]).
pub struct UreqTransport {
    agent: ureq::Agent,
}

impl Default for UreqTransport {
    fn default() -> Self {
        UreqTransport { agent: ureq::AgentBuilder::new().redirects(0).build() }
    }
}

impl Transport for UreqTransport {
    async fn send(&self, req: HttpRequest) -> Result<HttpResponse, TransportError> {
        let mut r = self.agent.request(req.method.as_str(), &req.url).timeout(Duration::from_millis(u64::from(req.timeout_ms)));
        for (k, v) in &req.headers {
            r = r.set(k, v);
        }
        let sent = match (&req.body, req.method) {
            (Some(b), _) => r.send_string(b),
            (None, Method::Post) => r.send_bytes(&[]),
            (None, Method::Get | Method::Delete) => r.call(),
        };
        let resp = match sent {
            Ok(resp) | Err(ureq::Error::Status(_, resp)) => resp,
            Err(ureq::Error::Transport(t)) => return Err(map_transport(&t.to_string())),
        };
        let status = resp.status();
        let headers = resp.headers_names().into_iter().filter_map(|n| resp.header(&n).map(|v| (n.clone(), v.to_string()))).collect();
        // Bounded while read: a declared length over the cap is refused unread, and at most
        // one byte more than the cap is ever read. Dropping the reader closes the connection.
        let declared = resp.header("content-length").and_then(|v| v.trim().parse::<u64>().ok());
        if declared.is_some_and(|n| n > MAX_RESPONSE_BYTES as u64) {
            return Err(TransportError::TooLarge { status, declared });
        }
        let mut body = Vec::with_capacity(declared.map_or(0, |n| n as usize));
        resp.into_reader().take(MAX_RESPONSE_BYTES as u64 + 1).read_to_end(&mut body).map_err(|e| map_transport(&e.to_string()))?;
        if body.len() > MAX_RESPONSE_BYTES {
            return Err(TransportError::TooLarge { status, declared: None });
        }
        let body = String::from_utf8(body).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        Ok(HttpResponse { status, headers, body })
    }

    fn now_ms(&self) -> f64 {
        SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs_f64() * 1000.0).unwrap_or(0.0)
    }
}

fn map_transport(detail: &str) -> TransportError {
    let d = detail.to_ascii_lowercase();
    if d.contains("timed out") || d.contains("timeout") || d.contains("would block") {
        TransportError::Timeout
    } else {
        TransportError::Network(detail.to_string())
    }
}
