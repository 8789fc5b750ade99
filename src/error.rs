//! One error type with a stable, closed set of kinds. Every message says what the user can do.
//!
//! The kinds map one-to-one onto the `code` strings the JS API exposes; they never change
//! meaning, and no message ever contains the client secret or an access token (the client
//! redacts both before an error leaves the core).

use crate::view::errors::ErrorText;
use serde::Serialize;
use std::fmt;

/// The closed set of failure kinds. `code()` is the stable string JS sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")] // = code(); pinned by a test
#[non_exhaustive]
pub enum ErrorKind {
    /// Client id/secret rejected, or a fresh token rejected twice.
    InvalidCredentials,
    /// 403 `missing_scope`: the API client lacks scopes (named in `missing_scopes`).
    MissingScope,
    /// 429: the organisation's shared rate limit; `retry_after` seconds to wait.
    RateLimited,
    /// The request never got an HTTP answer (DNS, refused, reset, CORS refusal in a page).
    Network,
    /// No answer within the configured timeout.
    Timeout,
    /// 5xx from Threat Response or a gateway in front of it.
    Server,
    /// An answer that is not what the contract says (HTML 404, wrong JSON, ...).
    BadResponse,
    /// The caller's input cannot be sent (bad region, empty selection, bad action url, ...).
    BadInput,
    /// Sign-in mode: not signed in, or the sign-in ended (refresh refused, `invalid_grant`,
    /// a refused or forged return from the sign-in page). The fix is to sign in again.
    SignedOut,
}

impl ErrorKind {
    pub const ALL: [ErrorKind; 9] = [
        ErrorKind::InvalidCredentials,
        ErrorKind::MissingScope,
        ErrorKind::RateLimited,
        ErrorKind::Network,
        ErrorKind::Timeout,
        ErrorKind::Server,
        ErrorKind::BadResponse,
        ErrorKind::BadInput,
        ErrorKind::SignedOut,
    ];

    /// The stable code string (`error.code` in JS).
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::InvalidCredentials => "invalid-credentials",
            ErrorKind::MissingScope => "missing-scope",
            ErrorKind::RateLimited => "rate-limited",
            ErrorKind::Network => "network",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Server => "server",
            ErrorKind::BadResponse => "bad-response",
            ErrorKind::BadInput => "bad-input",
            ErrorKind::SignedOut => "signed-out",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A failure with its user-facing message and the detail fields the UI needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Error {
    #[serde(rename = "code")]
    pub kind: ErrorKind,
    pub message: String,
    /// Scopes named by a 403 `missing_scope` body.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing_scopes: Vec<String>,
    /// Seconds to wait before the rate limit clears (429).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
    /// `X-Ratelimit-Org-Limit` when the answer carried it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate_limit: Option<u64>,
    /// HTTP status when there was an answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// `trace_id` from a Threat Response error body, to quote to Cisco support.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace_id: Option<String>,
    /// Set on trigger failures where the action may or may not have run.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub outcome_unknown: bool,
    /// The fix is in the setup, not in the text or a retry: credentials refused, scopes
    /// missing, or the extension's settings (not set up, a secret not sent to this host). The
    /// extension then offers its options page.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub setup: bool,
    /// The fix is to sign in (again): the extension then offers "Sign in again".
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub sign_in: bool,
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            missing_scopes: Vec::new(),
            retry_after: None,
            rate_limit: None,
            status: None,
            trace_id: None,
            outcome_unknown: false,
            setup: matches!(kind, ErrorKind::InvalidCredentials | ErrorKind::MissingScope),
            sign_in: kind == ErrorKind::SignedOut,
        }
    }

    pub fn bad_input(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::BadInput, message)
    }

    /// A `bad-input` whose fix is in the extension's settings (see [`Error::setup`]).
    pub fn setup(message: impl Into<String>) -> Self {
        Error { setup: true, ..Error::bad_input(message) }
    }

    pub fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    /// Marks a trigger failure whose outcome cannot be known. `reason` says what went wrong
    /// in a few words; the generic "try again" advice of the original message is dropped,
    /// because trying again could run the action twice.
    pub(crate) fn into_outcome_unknown(mut self, reason: String) -> Self {
        self.outcome_unknown = true;
        self.message = ErrorText::OutcomeUnknown { reason }.into();
        self
    }

    /// Removes the secrets (every form the redactor knows, fragments included) from each
    /// text field. Defence in depth: answer bodies are already redacted before they are read,
    /// so this catches what came from elsewhere (a platform error text, a token provider).
    pub(crate) fn redact(mut self, r: &crate::redact::Redactor) -> Self {
        if let std::borrow::Cow::Owned(m) = r.clean(&self.message) {
            self.message = m;
        }
        if let Some(std::borrow::Cow::Owned(t)) = self.trace_id.as_deref().map(|t| r.clean(t)) {
            self.trace_id = Some(t);
        }
        for m in &mut self.missing_scopes {
            if let std::borrow::Cow::Owned(c) = r.clean(m) {
                *m = c;
            }
        }
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    /// The JS error's fields are this serialisation, copied as they are (`src/wasm/mod.rs`
    /// `to_js_error`, the extension worker's answer to a page): `code` must be the code string.
    #[test]
    fn serialises_as_the_js_error_fields() {
        for k in ErrorKind::ALL {
            assert_eq!(serde_json::to_value(k).unwrap(), serde_json::json!(k.code()));
        }
        let mut e = Error::new(ErrorKind::RateLimited, "Wait.");
        e.retry_after = Some(37);
        assert_eq!(serde_json::to_value(&e).unwrap(), serde_json::json!({ "code": "rate-limited", "message": "Wait.", "retryAfter": 37 }));
        let e = Error::new(ErrorKind::MissingScope, "Add it.");
        assert_eq!(serde_json::to_value(&e).unwrap(), serde_json::json!({ "code": "missing-scope", "message": "Add it.", "setup": true }));
        let e = Error::setup("Open the options.");
        assert_eq!(serde_json::to_value(&e).unwrap(), serde_json::json!({ "code": "bad-input", "message": "Open the options.", "setup": true }));
        assert!(!Error::bad_input("x").setup && !Error::new(ErrorKind::Server, "x").setup && Error::new(ErrorKind::InvalidCredentials, "x").setup);
    }
}
