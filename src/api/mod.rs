//! One file per Threat Response API: request builders, response models and envelopes.
//! Shared here: the observable and the request body of every observable-list route, per-module
//! errors, and classification of failed answers (the `Retry-After` parser in `retry_after.rs`).

pub mod enrich;
pub mod inspect;
pub mod intel;
pub mod matching;
pub mod observe;
pub mod response;
pub(crate) mod retry_after;
pub(crate) mod shown;
pub mod time;

use crate::config::truncate_for_message;
use crate::error::{Error, ErrorKind, Result};
use crate::http::HttpResponse;
use crate::view::errors::ErrorText;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

pub(crate) use retry_after::retry_after_seconds;

/// A CTIM observable. `type` is passed through unchanged: the set grows over time.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Observable {
    #[serde(rename = "type")]
    pub kind: String,
    pub value: String,
}

/// Most observables one call may carry (a selection rarely holds more; a page dump might).
pub const MAX_OBSERVABLES: usize = 200;

fn check_observables(observables: &[Observable]) -> Result<()> {
    if observables.is_empty() {
        return Err(Error::bad_input(ErrorText::NoObservables));
    }
    if observables.len() > MAX_OBSERVABLES {
        return Err(Error::bad_input(ErrorText::TooManyObservables { n: observables.len() as u64, max: MAX_OBSERVABLES as u64 }));
    }
    for o in observables {
        if o.kind.trim().is_empty() || o.value.trim().is_empty() {
            return Err(Error::bad_input(ErrorText::EmptyObservable));
        }
    }
    Ok(())
}

/// The request body of every route that takes a list of observables (list actions, verdicts,
/// pivots): the checked list as a JSON array.
pub(crate) fn observables_body(observables: &[Observable]) -> Result<String> {
    check_observables(observables)?;
    serde_json::to_string(observables).map_err(|_| Error::bad_input(ErrorText::ObservablesNotJson))
}

/// Keeps the first of each (type, value), in order.
pub fn dedup_observables(list: Vec<Observable>) -> Vec<Observable> {
    let mut seen = std::collections::HashSet::new();
    list.into_iter().filter(|o| seen.insert((o.kind.clone(), o.value.clone()))).collect()
}

/// A per-module error inside a 200 envelope (contract §5 ErrorMessage). Shown, never dropped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all(serialize = "camelCase"))]
pub struct ModuleError {
    #[serde(default, deserialize_with = "shown::opt_name")]
    pub module: Option<String>,
    #[serde(default)]
    pub module_instance_id: Option<String>,
    #[serde(default)]
    pub module_type_id: Option<String>,
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default, deserialize_with = "shown::opt_text")]
    pub message: Option<String>,
    #[serde(default, rename(deserialize = "type", serialize = "type"))]
    pub kind: Option<String>,
}

/// The three IROH error envelopes, read leniently: OAuth-style (`error`,
/// `error_description`, `trace_id`, `missing-scopes`); a validation map; anything else.
#[derive(Debug, Default, Deserialize)]
struct ErrorBody {
    #[serde(default)]
    error: Option<serde_json::Value>,
    #[serde(default)]
    error_description: Option<String>,
    #[serde(default)]
    trace_id: Option<String>,
    #[serde(default, rename = "missing-scopes")]
    missing_scopes: Option<Vec<String>>,
}

/// What kind of body came back, for messages that help locate the problem.
fn describe_body(resp: &HttpResponse) -> String {
    let b = resp.body.trim_start();
    if b.is_empty() {
        ErrorText::BodyEmpty
    } else if b.starts_with('<') {
        ErrorText::BodyHtml
    } else if serde_json::from_str::<serde_json::Value>(b).is_ok() {
        ErrorText::BodyUnexpectedJson
    } else {
        ErrorText::BodyNotJson
    }
    .into()
}

/// Turns a non-2xx answer (other than the 401 the client handles) into the closed error set.
/// The organisation's API budget as a successful IROH answer states it (contract §2c: the
/// rate limiter adds `X-RateLimit-Org-Limit` and `X-RateLimit-Org-Remaining` to every answer it
/// lets through; a 429 carries neither).
/// Serialised as `{ limit?, remaining, text }`, `text` being [`RateBudget::line`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateBudget {
    /// Calls an hour (8,000 by default).
    pub limit: Option<u64>,
    /// Calls left in this hour.
    pub remaining: u64,
}

impl serde::Serialize for RateBudget {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("RateBudget", 3)?;
        if let Some(l) = self.limit {
            st.serialize_field("limit", &l)?;
        }
        st.serialize_field("remaining", &self.remaining)?;
        st.serialize_field("text", &self.line())?;
        st.end()
    }
}

impl RateBudget {
    /// From an answer's headers; `None` when it does not say what is left.
    pub fn of(resp: &HttpResponse) -> Option<RateBudget> {
        let num = |h: &str| resp.header(h).and_then(|v| v.trim().parse::<u64>().ok());
        Some(RateBudget { remaining: num("x-ratelimit-org-remaining")?, limit: num("x-ratelimit-org-limit") })
    }

    /// What a person reads where they spend calls.
    pub fn line(&self) -> String {
        ErrorText::BudgetLeft { left: self.remaining, limit: self.limit }.into()
    }
}

pub(crate) fn classify(resp: &HttpResponse, now_ms: f64, host: &str) -> Error {
    let status = resp.status;
    let body: Option<ErrorBody> = from_json(&resp.body);
    let desc = body.as_ref().and_then(|b| b.error_description.as_deref()).map(|d| truncate_for_message(d, 300));
    let trace_id = body.as_ref().and_then(|b| b.trace_id.clone());
    let rate_limit = resp.header("x-ratelimit-org-limit").and_then(|v| v.trim().parse::<u64>().ok());
    let mut err = match status {
        429 => {
            let retry = resp.header("retry-after").and_then(|v| retry_after_seconds(v, now_ms));
            let mut e = Error::new(
                ErrorKind::RateLimited,
                match retry {
                    Some(s) => ErrorText::RateLimitedRetry { limit: rate_limit, wait: human_seconds(s) }.into(),
                    None => String::from(ErrorText::RateLimitedWait),
                },
            );
            e.retry_after = retry;
            e
        }
        401 => Error::new(ErrorKind::InvalidCredentials, ErrorText::TokenRejectedTwice),
        403 => match body.as_ref().and_then(|b| b.missing_scopes.clone()) {
            Some(missing) => {
                let mut e = Error::new(
                    ErrorKind::MissingScope,
                    if missing.is_empty() { ErrorText::ScopeRefusedGeneric } else { ErrorText::ScopeMissing { scopes: missing.clone() } },
                );
                e.missing_scopes = missing;
                e
            }
            None => Error::new(ErrorKind::MissingScope, ErrorText::AccessRefused { detail: desc.clone() }),
        },
        400 | 413 | 422 => Error::new(ErrorKind::BadInput, ErrorText::InvalidRequest { status, detail: validation_detail(resp) }),
        500..=599 => Error::new(ErrorKind::Server, ErrorText::ServerError { status, trace: trace_id.as_deref().map(|t| truncate_for_message(t, 80)) }),
        404 if body.as_ref().is_some_and(|b| b.error.is_some()) => Error::new(ErrorKind::BadResponse, ErrorText::NotFound { detail: desc.clone() }),
        _ => Error::new(ErrorKind::BadResponse, ErrorText::NotAnApiAnswer { host: host.to_string(), status, body: describe_body(resp) }),
    };
    err.status = Some(status);
    err.trace_id = trace_id.map(|t| truncate_for_message(&t, 80));
    err.rate_limit = rate_limit;
    err
}

fn validation_detail(resp: &HttpResponse) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(&resp.body).ok()?;
    let obj = v.as_object()?;
    if let Some(d) = obj.get("error_description").and_then(|d| d.as_str()) {
        return Some(truncate_for_message(d, 200));
    }
    let map = obj.get("errors").and_then(|e| e.as_object()).unwrap_or(obj);
    let parts: Vec<String> = map.iter().take(5).map(|(k, v)| format!("{} {}", truncate_for_message(k, 40), truncate_for_message(&v.to_string(), 60))).collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

pub(crate) fn human_seconds(s: u64) -> String {
    ErrorText::Duration { seconds: s }.into()
}

/// A JSON text as `T`, or `None`. Parsed into a `Value` first and read from there: one JSON
/// parser for every type instead of one per type (a smaller wasm), and read by reference
/// (`&Value`'s deserializer makes a smaller wasm than moving out of the `Value`).
pub(crate) fn from_json<T: DeserializeOwned>(text: &str) -> Option<T> {
    T::deserialize(&json_value(text)?).ok()
}

#[inline(never)]
pub(crate) fn json_value(text: &str) -> Option<serde_json::Value> {
    serde_json::from_str(text).ok()
}

/// Parses a 2xx body as the contract's shape, or says the answer was unreadable.
pub(crate) fn parse_body<T: DeserializeOwned>(resp: &HttpResponse, what: &str) -> Result<T> {
    from_json(&resp.body).ok_or_else(|| {
        Error::new(ErrorKind::BadResponse, ErrorText::UnreadableAnswer { what: what.to_string(), body: describe_body(resp) }).with_status(resp.status)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
        HttpResponse { status, headers: headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(), body: body.into() }
    }

    /// With the locale of the moment Japanese (a page or worker set to it), the classification
    /// speaks Japanese, and keeps the scopes, the status, the seconds and the trace id.
    #[test]
    fn classified_errors_speak_the_locale_of_the_moment() {
        use crate::view::text::{set_current, Locale};
        set_current(Locale::Ja);
        let e = classify(&resp(401, &[], r#"{"error":"invalid_token"}"#), 0.0, "h");
        assert_eq!(e.kind, ErrorKind::InvalidCredentials);
        assert!(e.message.starts_with("Threat Response が、新しく取得したものも含めて"), "{}", e.message);
        let e = classify(&resp(403, &[], r#"{"missing-scopes": ["inspect:read", "response"], "error": "missing_scope"}"#), 0.0, "h");
        assert_eq!(e.message, "API クライアントにスコープ inspect:read, response がありません。XDR（Administration → API Clients）で API クライアントを編集してスコープを追加し、もう一度お試しください。");
        let e = classify(&resp(429, &[("Retry-After", "3557"), ("X-Ratelimit-Org-Limit", "8000")], ""), 0.0, "h");
        assert_eq!((e.kind, e.retry_after), (ErrorKind::RateLimited, Some(3557)));
        assert!(e.message.contains("1 時間あたり 8,000 リクエスト") && e.message.contains("60 分（3557 秒）後にもう一度お試しください"), "{}", e.message);
        let e = classify(&resp(500, &[], r#"{"error": "unknown-exception", "trace_id": "5755e17e"}"#), 0.0, "h");
        assert!(e.message.contains("HTTP 500、トレース ID 5755e17e") && e.message.contains("Cisco サポート"), "{}", e.message);
        let e = classify(&resp(404, &[], "<html></html>"), 0.0, "host.example");
        assert!(e.message.starts_with("host.example からの応答（HTTP 404）はHTML ページで、"), "{}", e.message);
        set_current(Locale::En);
        let e = classify(&resp(429, &[("Retry-After", "30")], ""), 0.0, "h");
        assert!(e.message.ends_with("Try again in 30 seconds."), "English again: {}", e.message);
    }

    #[test]
    fn f13_missing_scope_names_the_scopes() {
        let body = r#"{"missing-scopes": ["inspect:read"], "required-scopes": ["inspect:read"], "scopes": [], "user-id": "user1", "org-id": "org1", "trace_id": "ctx-43eb882f-75d6-41cf-817a-34bb3dbf71ab", "error": "missing_scope", "error_description": "You do not have the required credentials to access this route."}"#;
        let e = classify(&resp(403, &[], body), 0.0, "h");
        assert_eq!(e.kind, ErrorKind::MissingScope);
        assert_eq!(e.missing_scopes, vec!["inspect:read"]);
        assert!(e.message.contains("inspect:read"));
        assert_eq!(e.trace_id.as_deref(), Some("ctx-43eb882f-75d6-41cf-817a-34bb3dbf71ab"));
    }

    #[test]
    fn f13_server_error_keeps_trace_id() {
        let body = r#"{"error": "unknown-exception", "error_description": "This exception has been logged for further inspection.", "trace_id": "5755e17e-992f-4892-b2f6-db59b2bf480c"}"#;
        let e = classify(&resp(500, &[], body), 0.0, "h");
        assert_eq!(e.kind, ErrorKind::Server);
        assert_eq!(e.status, Some(500));
        assert!(e.message.contains("5755e17e-992f-4892-b2f6-db59b2bf480c"));
    }

    #[test]
    fn gateway_and_html_answers() {
        assert_eq!(classify(&resp(502, &[], ""), 0.0, "h").kind, ErrorKind::Server);
        assert_eq!(classify(&resp(504, &[], "<html>Gateway</html>"), 0.0, "h").kind, ErrorKind::Server);
        let e = classify(&resp(404, &[], "<html><body>Not Found</body></html>"), 0.0, "host.example");
        assert_eq!(e.kind, ErrorKind::BadResponse);
        assert!(e.message.contains("an HTML page") && e.message.contains("host.example"), "{}", e.message);
    }

    #[test]
    fn rate_limit_seconds_and_http_date() {
        let e = classify(&resp(429, &[("Retry-After", "3557"), ("X-Ratelimit-Org-Limit", "8000")], ""), 0.0, "h");
        assert_eq!((e.kind, e.retry_after, e.rate_limit), (ErrorKind::RateLimited, Some(3557), Some(8000)));
        assert!(e.message.contains("60 minutes") && e.message.contains("8000"), "{}", e.message);
        // Sun, 06 Nov 1994 08:49:37 GMT = 784111777 s
        let now = 784_111_777_000.0 - 90_000.0;
        let e = classify(&resp(429, &[("retry-after", "Sun, 06 Nov 1994 08:49:37 GMT")], ""), now, "h");
        assert_eq!(e.retry_after, Some(90));
        let e = classify(&resp(429, &[("retry-after", "soon")], ""), 0.0, "h");
        assert_eq!((e.kind, e.retry_after), (ErrorKind::RateLimited, None));
    }

    #[test]
    fn validation_errors_are_bad_input_with_detail() {
        let e = classify(&resp(400, &[], r#"{"content": "missing-required-key"}"#), 0.0, "h");
        assert_eq!(e.kind, ErrorKind::BadInput);
        assert!(e.message.contains("content") && e.message.contains("missing-required-key"), "{}", e.message);
        let e = classify(&resp(400, &[], r#"{"errors": {"invalid_key": "disallowed-key"}}"#), 0.0, "h");
        assert!(e.message.contains("invalid_key"), "{}", e.message);
    }

    #[test]
    fn observables_are_checked() {
        assert!(observables_body(&[]).is_err());
        let o = Observable { kind: "domain".into(), value: "a.com".into() };
        assert_eq!(observables_body(&[o]).unwrap(), r#"[{"type":"domain","value":"a.com"}]"#);
    }

    #[test]
    fn dedup_keeps_order() {
        let o = |t: &str, v: &str| Observable { kind: t.into(), value: v.into() };
        let got = dedup_observables(vec![o("ip", "1.1.1.1"), o("domain", "a.com"), o("ip", "1.1.1.1"), o("domain", "b.com")]);
        assert_eq!(got, vec![o("ip", "1.1.1.1"), o("domain", "a.com"), o("domain", "b.com")]);
    }
}
