//! Plain HTTP request/response values and the one I/O seam of the core: [`Transport`].
//!
//! The core builds [`HttpRequest`]s and interprets [`HttpResponse`]s; it never touches a
//! socket. The browser implementation (fetch via gloo-net) lives in `wasm/`, the native one
//! (ureq, for tests and benchmarks) in `native.rs`.

/// HTTP method. Threat Response's APIs used here are all POST; GET serves discovery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: Method,
    /// Absolute URL, already final: transports must not re-encode it.
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
    pub timeout_ms: u32,
}

impl HttpRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HttpResponse {
    pub status: u16,
    /// Header names are compared case-insensitively.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Largest answer body a transport reads: the biggest real answers (a respond/observables
/// listing for 200 observables) are far below this; anything larger is a misrouted or hostile
/// endpoint.
pub const MAX_RESPONSE_BYTES: usize = 4 << 20;

/// Why a request got no usable HTTP answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportError {
    /// The request's timeout elapsed (before or during the body).
    Timeout,
    /// No answer: refused, reset, DNS, CORS refusal, connection dropped mid-body.
    /// The text is the platform's description, without URL credentials.
    Network(String),
    /// The body is larger than [`MAX_RESPONSE_BYTES`]: refused on its `Content-Length`
    /// (`declared`) before reading, or cancelled as soon as the bytes read passed the cap.
    TooLarge { status: u16, declared: Option<u64> },
    /// A redirect, which transports never follow. `status` when the platform shows it (fetch
    /// with `redirect: "manual"` does not).
    Redirect { status: Option<u16> },
}

/// The only I/O the core performs. Implementations must honour `timeout_ms` for the whole
/// exchange (headers and body), must not retry on their own, must not follow redirects
/// (return the 3xx answer, or [`TransportError::Redirect`]), and must keep the body bounded
/// while reading it: refuse a `Content-Length` above [`MAX_RESPONSE_BYTES`] before reading,
/// and stop reading (cancelling the body) once more than that has arrived.
#[allow(async_fn_in_trait)] // wasm is single-threaded; no Send bound wanted
pub trait Transport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError>;
    /// Milliseconds since the Unix epoch (token expiry, HTTP-date Retry-After).
    fn now_ms(&self) -> f64;
    /// The sign-in changed in the middle of a call: a refresh rotated the refresh token, or a
    /// refused refresh ended the sign-in. The host persists `state` now, not once the call
    /// ends: a host stopped mid-call (an MV3 service worker) would otherwise wake up with a
    /// refresh token the server has rotated out, and be signed out.
    fn session_changed(&self, _state: &crate::session::SessionState) {}
}
