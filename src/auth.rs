//! OAuth2 client-credentials exchange, the token value the client caches, and scope logic.
//!
//! Contract §2: `POST {base}/iroh/oauth2/token`, HTTP Basic with the client id and secret,
//! form body `grant_type=client_credentials`; the answer carries `expires_in` (600 s) and the
//! space-separated granted `scope`. No refresh token: a new exchange replaces an old token.

use crate::error::{Error, ErrorKind, Result};
use crate::http::{HttpRequest, HttpResponse, Method};
use crate::view::errors::ErrorText;
use serde::{Deserialize, Serialize};

/// Client id and secret of a Threat Response API client. `Debug` never shows the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub client_id: String,
    pub client_secret: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials").field("client_id", &self.client_id).field("client_secret", &"[redacted]").finish()
    }
}

impl Credentials {
    pub fn new(client_id: &str, client_secret: &str) -> Result<Self> {
        let client_id = client_id.trim();
        let client_secret = client_secret.trim();
        if client_id.is_empty() || client_secret.is_empty() {
            return Err(Error::bad_input(ErrorText::CredentialsMissing));
        }
        if client_id.contains(':') || client_id.chars().chain(client_secret.chars()).any(|c| c.is_control()) {
            return Err(Error::bad_input(ErrorText::CredentialsInvalid));
        }
        Ok(Credentials { client_id: client_id.to_string(), client_secret: client_secret.to_string() })
    }
}

/// A bearer token with its absolute expiry, as cached (and as exported to `storage.session`).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Token {
    pub access_token: String,
    /// Milliseconds since the Unix epoch when the server's `expires_in` runs out.
    pub expires_at_ms: f64,
    /// Granted scopes (empty when unknown, e.g. from a token provider).
    #[serde(default)]
    pub scopes: Vec<String>,
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Token").field("access_token", &"[redacted]").field("expires_at_ms", &self.expires_at_ms).field("scopes", &self.scopes).finish()
    }
}

impl Token {
    /// Usable now? Stops `min(30 s, lifetime / 5)` early so a call never carries a token
    /// that expires in flight; `lifetime_ms` is the token's original lifetime.
    pub fn is_fresh(&self, now_ms: f64, lifetime_ms: f64) -> bool {
        let margin = (lifetime_ms / 5.0).clamp(0.0, 30_000.0);
        now_ms + margin < self.expires_at_ms
    }
}

/// Either scope lets a client use casebooks (contract §4b).
pub const CASEBOOK_SCOPES: [&str; 2] = ["casebook", "private-intel"];

pub(crate) fn token_request(base: &str, creds: &Credentials, timeout_ms: u32) -> HttpRequest {
    let basic = sxr_codec::base64::encode(format!("{}:{}", creds.client_id, creds.client_secret).as_bytes());
    HttpRequest {
        method: Method::Post,
        url: format!("{base}/iroh/oauth2/token"),
        headers: vec![
            ("Authorization".into(), format!("Basic {basic}")),
            ("Content-Type".into(), "application/x-www-form-urlencoded".into()),
            ("Accept".into(), "application/json".into()),
        ],
        body: Some("grant_type=client_credentials".into()),
        timeout_ms,
    }
}

#[derive(Deserialize)]
struct TokenBody {
    access_token: String,
    #[serde(default)]
    token_type: Option<String>,
    expires_in: f64,
    #[serde(default)]
    scope: Option<String>,
}

/// Interprets a 2xx answer of the token endpoint. Never quotes the body (it holds the token).
pub(crate) fn parse_token(resp: &HttpResponse, now_ms: f64) -> Result<(Token, f64)> {
    let body: TokenBody = crate::api::from_json(&resp.body).ok_or_else(|| Error::new(ErrorKind::BadResponse, ErrorText::NotAToken).with_status(resp.status))?;
    if body.access_token.is_empty() || body.expires_in.is_nan() || body.expires_in <= 0.0 {
        return Err(Error::new(ErrorKind::BadResponse, ErrorText::EmptyToken).with_status(resp.status));
    }
    if let Some(t) = &body.token_type {
        if !t.eq_ignore_ascii_case("bearer") {
            // Quoted only when short and plain, so it is never cut (the client redacts the
            // whole message afterwards; a cut secret would be harder to recognise).
            let plain = t.len() <= 20 && t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            return Err(Error::new(ErrorKind::BadResponse, ErrorText::NotBearer { kind: plain.then(|| t.to_string()) }));
        }
    }
    let lifetime_ms = body.expires_in.min(86_400.0) * 1000.0;
    let scopes = body.scope.as_deref().map(split_scopes).unwrap_or_default();
    Ok((Token { access_token: body.access_token, expires_at_ms: now_ms + lifetime_ms, scopes }, lifetime_ms))
}

pub fn split_scopes(s: &str) -> Vec<String> {
    s.split_whitespace().map(str::to_string).collect()
}

/// Whether a granted scope covers a required one. Scopes are hierarchical (contract §2): a
/// root grants its sub-paths; a `:read` grant covers only `:read` routes below it.
pub fn scope_covers(granted: &str, required: &str) -> bool {
    let (g_path, g_read) = match granted.strip_suffix(":read") {
        Some(p) => (p, true),
        None => (granted, false),
    };
    let (r_path, r_read) = match required.split_once(':') {
        Some((p, access)) => (p, access == "read"),
        None => (required, false),
    };
    if g_read && !r_read {
        return false;
    }
    r_path == g_path || r_path.strip_prefix(g_path).is_some_and(|rest| rest.starts_with('/'))
}

/// The scopes this product needs, in the names the XDR API-client page shows.
pub const REQUIRED_SCOPES: [&str; 2] = ["inspect:read", "response"];
/// Needed only when verdicts and pivots are shown.
pub const ENRICH_SCOPE: &str = "enrich:read";

/// Which of `wanted` the granted set does not cover.
pub fn missing_scopes(granted: &[String], wanted: &[&str]) -> Vec<String> {
    wanted
        .iter()
        .filter(|w| {
            // A wanted root (e.g. `response`) counts as present only if fully granted.
            !granted.iter().any(|g| scope_covers(g, w))
        })
        .map(|w| w.to_string())
        .collect()
}

/// A feature of the product and whether the granted scopes allow it (contract §2c: a
/// person's token carries only the scopes requested ∩ held, so a feature can be off for one
/// analyst and on for another). The view and the options page show `reason` for each one off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Feature {
    /// `find` (the Inspect API), `respond`, `enrich` (verdicts, pivots, sightings), `casebooks`.
    pub id: &'static str,
    pub on: bool,
    /// Casebooks with `casebook:read` / `private-intel:read`: listed and searched, not written.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub read_only: bool,
    /// Why it is off or limited, and what to ask for ("" when fully on).
    pub reason: String,
}

/// What each feature can do with these granted scopes. `None` scopes (a token provider that
/// does not say): everything is assumed on, and a call that needs more says so when it fails.
pub fn features(granted: Option<&[String]>) -> Vec<Feature> {
    let has = |s: &str| granted.is_none_or(|g| missing_scopes(g, &[s]).is_empty());
    let off = |id: &'static str, on: bool, scope: &str| Feature {
        id,
        on,
        read_only: false,
        reason: if on { String::new() } else { ErrorText::FeatureOff { feature: id, scope: scope.to_string() }.into() },
    };
    let write = has("casebook") || has("private-intel");
    let read = write || has("casebook:read") || has("private-intel:read");
    let casebooks = Feature {
        id: "casebooks",
        on: read,
        read_only: read && !write,
        reason: match (read, write) {
            (_, true) => String::new(),
            (true, false) => ErrorText::CasebooksReadOnly.into(),
            _ => ErrorText::CasebooksOff.into(),
        },
    };
    vec![
        off("find", has("inspect:read"), "inspect:read"),
        off("respond", has("response"), "response"),
        off("enrich", has(ENRICH_SCOPE), ENRICH_SCOPE),
        casebooks,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_follow_the_granted_scopes() {
        let g = |s: &str| split_scopes(s);
        let on = |f: &[Feature]| f.iter().map(|x| (x.id, x.on, x.read_only)).collect::<Vec<_>>();
        assert_eq!(
            on(&features(Some(&g("inspect:read response enrich:read casebook")))),
            [("find", true, false), ("respond", true, false), ("enrich", true, false), ("casebooks", true, false)]
        );
        let f = features(Some(&g("inspect:read response casebook:read")));
        assert_eq!(on(&f), [("find", true, false), ("respond", true, false), ("enrich", false, false), ("casebooks", true, true)]);
        assert!(f[2].reason.contains("enrich:read") && f[3].reason.contains("read-only"), "{f:?}");
        assert!(f[0].reason.is_empty());
        let f = features(Some(&g("private-intel enrich")));
        assert_eq!(on(&f), [("find", false, false), ("respond", false, false), ("enrich", true, false), ("casebooks", true, false)]);
        assert!(f[1].reason.contains("response"));
        assert!(features(None).iter().all(|f| f.on && !f.read_only), "a token provider that does not say");
    }

    #[test]
    fn token_request_is_the_canonical_form() {
        let c = Credentials::new("client-1", "s3cret").unwrap();
        let r = token_request("https://visibility.amp.cisco.com", &c, 1000);
        assert_eq!(r.method, Method::Post);
        assert_eq!(r.url, "https://visibility.amp.cisco.com/iroh/oauth2/token");
        assert_eq!(r.header("authorization"), Some("Basic Y2xpZW50LTE6czNjcmV0"));
        assert_eq!(r.header("content-type"), Some("application/x-www-form-urlencoded"));
        assert_eq!(r.header("accept"), Some("application/json"));
        assert_eq!(r.body.as_deref(), Some("grant_type=client_credentials"));
        assert!(!r.url.contains("s3cret"));
        assert!(!format!("{c:?}").contains("s3cret"));
    }

    #[test]
    fn parses_contract_fixtures_f1_f2() {
        let f1 = r#"{"access_token":"eyJhbGciOiJSUzI1NiIsInR5cCI6IkpX...","token_type":"bearer","expires_in":600,"scope":"integration private-intel admin profile enrich:read sse registry users casebook inspect:read orbital oauth response ui-settings telemetry:write notification global-intel:read"}"#;
        let (t, life) = parse_token(&HttpResponse { status: 200, headers: vec![], body: f1.into() }, 1000.0).unwrap();
        assert_eq!(t.expires_at_ms, 601_000.0);
        assert_eq!(life, 600_000.0);
        assert!(missing_scopes(&t.scopes, &REQUIRED_SCOPES).is_empty());
        let f2 = r#"{"access_token":"x","token_type":"bearer","expires_in":600,"scope":"response"}"#;
        let (t, _) = parse_token(&HttpResponse { status: 200, headers: vec![], body: f2.into() }, 0.0).unwrap();
        assert_eq!(missing_scopes(&t.scopes, &REQUIRED_SCOPES), vec!["inspect:read"]);
        assert!(!format!("{t:?}").contains("\"x\""));
    }

    #[test]
    fn bad_token_bodies_are_bad_response_without_quoting_them() {
        for body in [
            "<html>",
            "{}",
            r#"{"access_token":"abc-secret-token","expires_in":0}"#,
            r#"{"access_token":"abc-secret-token","expires_in":600,"token_type":"mac"}"#,
        ] {
            let e = parse_token(&HttpResponse { status: 200, headers: vec![], body: body.into() }, 0.0).unwrap_err();
            assert_eq!(e.kind, ErrorKind::BadResponse, "{body}");
            assert!(!e.message.contains("abc-secret-token"));
        }
    }

    #[test]
    fn scope_hierarchy() {
        assert!(scope_covers("response", "response/trigger:write"));
        assert!(scope_covers("response", "response/observables:read"));
        assert!(scope_covers("enrich:read", "enrich/observables/deliberate:read"));
        assert!(!scope_covers("enrich:read", "enrich/observables/deliberate:write"));
        assert!(scope_covers("inspect:read", "inspect:read"));
        assert!(!scope_covers("inspect:read", "inspect"));
        assert!(!scope_covers("resp", "response"));
        assert!(!scope_covers("response:read", "response"));
        assert!(scope_covers("response/observables:read", "response/observables:read"));
    }

    #[test]
    fn freshness_margin_scales_with_lifetime() {
        let t = Token { access_token: "a".into(), expires_at_ms: 600_000.0, scopes: vec![] };
        assert!(t.is_fresh(569_000.0, 600_000.0));
        assert!(!t.is_fresh(571_000.0, 600_000.0));
        let short = Token { access_token: "a".into(), expires_at_ms: 2_000.0, scopes: vec![] };
        assert!(short.is_fresh(1_500.0, 2_000.0));
        assert!(!short.is_fresh(1_700.0, 2_000.0));
    }

    #[test]
    fn credentials_are_checked() {
        assert_eq!(Credentials::new(" ", "x").unwrap_err().kind, ErrorKind::BadInput);
        assert_eq!(Credentials::new("a:b", "x").unwrap_err().kind, ErrorKind::BadInput);
        assert_eq!(Credentials::new("client-1", " s ").unwrap().client_secret, "s");
    }
}
