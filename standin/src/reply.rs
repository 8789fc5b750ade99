//! A buffered answer (status, content type, headers, body) that handlers build and the server
//! turns into a hyper response at the end; the two IROH shapes every route uses (the OAuth-style
//! error envelope, contract §6, and the gateway's HTML 404).

use axum::body::Body;
use axum::http::{header, HeaderName, HeaderValue};
use axum::response::Response;
use serde_json::{json, Value};

/// The content type of every JSON answer, as IROH sends it.
pub(crate) const JSON_CT: &str = "application/json;charset=utf-8";

/// A fully buffered answer (turned into a hyper response at the end).
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) content_type: Option<String>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Reply {
    pub(crate) fn json(status: u16, v: &Value) -> Reply {
        Reply { status, content_type: Some(JSON_CT.into()), headers: vec![], body: serde_json::to_vec(v).unwrap() }
    }
    pub(crate) fn raw(status: u16, content_type: Option<&str>, body: impl Into<Vec<u8>>) -> Reply {
        Reply { status, content_type: content_type.map(String::from), headers: vec![], body: body.into() }
    }
    pub(crate) fn header(mut self, k: &str, v: &str) -> Reply {
        self.headers.push((k.into(), v.into()));
        self
    }
    /// The OAuth-style envelope: `{"error", "error_description"}`.
    pub(crate) fn err(status: u16, error: &str, description: &str) -> Reply {
        Reply::json(status, &json!({"error": error, "error_description": description}))
    }
    /// What the gateway answers for a path no service owns.
    pub(crate) fn not_found_html() -> Reply {
        Reply::raw(
            404,
            Some("text/html;charset=utf-8"),
            "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n</body>\r\n</html>\r\n",
        )
    }
    pub(crate) fn into_response(self) -> Response {
        let mut b = Response::builder().status(self.status);
        if let Some(ct) = &self.content_type {
            b = b.header(header::CONTENT_TYPE, ct.as_str());
        }
        for (k, v) in &self.headers {
            if let (Ok(k), Ok(v)) = (HeaderName::from_bytes(k.as_bytes()), HeaderValue::from_str(v)) {
                b = b.header(k, v);
            }
        }
        b.body(Body::from(self.body)).unwrap_or_else(|_| Response::new(Body::empty()))
    }
}
