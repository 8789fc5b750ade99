//! One clock for both sides of a native test against the stand-in: the stand-in's (moved with
//! `POST /__standin/clock/advance`, for one client only, so parallel tests keep their time) and
//! the core's (the `Transport::now_ms` seam, wrapped around the real ureq transport). A test
//! moves them together instead of sleeping for a token to expire.
#![allow(dead_code)]

use securex_respond::http::{HttpRequest, HttpResponse, Transport, TransportError};
use securex_respond::native::UreqTransport;
use securex_respond::oauth::SessionState;
use std::sync::{Arc, Mutex};

/// The real ureq transport, its clock `offset` milliseconds ahead.
pub struct Shifted {
    inner: UreqTransport,
    offset_ms: Arc<Mutex<f64>>,
}

impl Transport for Shifted {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.inner.send(request).await
    }
    fn now_ms(&self) -> f64 {
        self.inner.now_ms() + *self.offset_ms.lock().unwrap()
    }
    fn session_changed(&self, state: &SessionState) {
        self.inner.session_changed(state)
    }
}

/// Moves one stand-in client's time and the core's together.
pub struct SharedClock {
    standin: String,
    client_id: String,
    offset_ms: Arc<Mutex<f64>>,
}

impl SharedClock {
    pub fn advance(&self, seconds: f64) {
        ureq::post(&format!("{}/__standin/clock/advance", self.standin))
            .set("X-Standin-Control", "1")
            .send_json(serde_json::json!({ "client_id": self.client_id, "seconds": seconds }))
            .unwrap_or_else(|e| panic!("stand-in clock: {e}"));
        *self.offset_ms.lock().unwrap() += seconds * 1000.0;
    }
}

/// A transport for a client of `client_id` on the stand-in at `standin`, and the clock it shares with it.
pub fn shared_clock(standin: &str, client_id: &str) -> (Shifted, SharedClock) {
    let offset_ms = Arc::new(Mutex::new(0.0));
    (
        Shifted { inner: UreqTransport::default(), offset_ms: offset_ms.clone() },
        SharedClock { standin: standin.to_string(), client_id: client_id.to_string(), offset_ms },
    )
}
