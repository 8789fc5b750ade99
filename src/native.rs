//! Native transport over ureq, for integration tests, benchmarks and command-line tools.

use crate::http::{HttpRequest, HttpResponse, Method, Transport, TransportError};
use std::io::Read;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Blocking HTTP under an `async fn`: fine for tests driven by a simple executor.
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
        let mut r = self
            .agent
            .request(req.method.as_str(), &req.url)
            .timeout(Duration::from_millis(u64::from(req.timeout_ms)));
        for (k, v) in &req.headers {
            r = r.set(k, v);
        }
        let sent = match (&req.body, req.method) {
            (Some(b), _) => r.send_string(b),
            (None, Method::Post) => r.send_bytes(&[]),
            (None, Method::Get) => r.call(),
        };
        let resp = match sent {
            Ok(resp) | Err(ureq::Error::Status(_, resp)) => resp,
            Err(ureq::Error::Transport(t)) => return Err(map_transport(&t.to_string())),
        };
        let status = resp.status();
        let headers = resp
            .headers_names()
            .into_iter()
            .filter_map(|n| resp.header(&n).map(|v| (n.clone(), v.to_string())))
            .collect();
        let mut body = String::new();
        resp.into_reader()
            .take(64 * 1024 * 1024)
            .read_to_string(&mut body)
            .map_err(|e| map_transport(&e.to_string()))?;
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
