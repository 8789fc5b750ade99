//! Who is calling, and may they (contract §2): the token route family (`POST /iroh/oauth2/token`,
//! client credentials over HTTP Basic), the JWT-shaped access tokens it issues, the bearer check
//! of every other API route, and scopes with their hierarchy (a 403 `missing_scope`, §6).

use crate::config::ClientConfig;
use crate::faults::EchoShape;
use crate::reply::Reply;
use crate::server::{Answer, App, Call, Credentials, PathMatch, Route};
use crate::util;
use axum::http::{header, HeaderMap};
use serde_json::json;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use sxr_codec::base64;

pub(crate) const ROUTES: &[Route] = &[Route {
    key: "token",
    method: "POST",
    path: PathMatch::Exact("/iroh/oauth2/token"),
    credentials: Credentials::ClientSecret,
    scope: None,
    echo: EchoShape::ErrorOnly,
    handler: token,
}];

/// An issued access token, looked up on every API request (tokens are not verifiable).
pub(crate) struct TokenInfo {
    pub(crate) client_id: String,
    /// What the token grants: the client's scopes (client credentials) or what consent granted
    /// (a person's sign-in: requested ∩ client's ∩ the person's, contract §2c).
    pub(crate) scopes: Vec<String>,
    pub(crate) expires: Instant,
    pub(crate) revoked: bool,
}

/// What the authentication step found out about the caller.
pub(crate) enum Caller {
    /// Valid credentials / token.
    Ok(ClientConfig),
    /// Attributed to a known client but rejected (wrong secret, expired or revoked token).
    Rejected(String, Reply),
    /// Unattributed and rejected.
    Anonymous(Reply),
}

/// The caller of an API route, by its bearer token.
pub(crate) fn bearer_caller(app: &App, headers: &HeaderMap) -> Caller {
    let auth = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or("");
    let token = match auth.split_once(' ') {
        Some((scheme, t)) if scheme.eq_ignore_ascii_case("bearer") && !t.trim().is_empty() => t.trim(),
        _ => return Caller::Anonymous(Reply::err(401, "invalid_request", "No JWT found in HTTP Authorization header")),
    };
    let inner = app.lock();
    match inner.tokens.get(token) {
        None => Caller::Anonymous(Reply::err(401, "invalid_jwt", "The JWT could not be decoded or is not known, request another access token")),
        Some(t) => {
            if t.revoked {
                Caller::Rejected(t.client_id.clone(), Reply::err(401, "invalid_jwt", "This JWT has been revoked, request another access token"))
            } else if Instant::now() >= t.expires {
                let ago = Instant::now().duration_since(t.expires).as_secs();
                Caller::Rejected(
                    t.client_id.clone(),
                    Reply::err(401, "invalid_jwt", &format!("This JWT has expired since {ago}s, request another access token")),
                )
            } else {
                match inner.clients.get(&t.client_id) {
                    Some(c) => {
                        // The route and casebook checks read `scopes`: the token's, not the client's.
                        let mut cfg = c.cfg.clone();
                        cfg.scopes = t.scopes.clone();
                        Caller::Ok(cfg)
                    }
                    None => Caller::Anonymous(Reply::err(401, "invalid_jwt", "Unknown client, request another access token")),
                }
            }
        }
    }
}

/// The caller of the token route, by its Basic credentials: attributed to the client id as sent
/// if that client exists, accepted if the secret (a confidential auth-code client's `password`)
/// matches too. A public client has no password: Basic is refused (contract §2c) [inferred].
pub(crate) fn basic_caller(app: &App, headers: &HeaderMap) -> Caller {
    let bad = || Reply::err(401, "invalid_client", "Client authentication failed: check the client id and client password");
    let auth = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or("");
    let Some((scheme, b64)) = auth.split_once(' ') else {
        return Caller::Anonymous(Reply::err(401, "invalid_client", "Client authentication failed: no HTTP Basic credentials"));
    };
    if !scheme.eq_ignore_ascii_case("basic") {
        return Caller::Anonymous(Reply::err(401, "invalid_client", "Client authentication failed: no HTTP Basic credentials"));
    }
    let Some(decoded) = sxr_codec::base64::decode(b64.trim().as_bytes()).ok().and_then(|b| String::from_utf8(b).ok()) else {
        return Caller::Anonymous(bad());
    };
    let Some((id, secret)) = decoded.split_once(':') else {
        return Caller::Anonymous(bad());
    };
    let inner = app.lock();
    match inner.clients.get(id) {
        None => Caller::Anonymous(bad()),
        Some(c) if c.cfg.signin.is_public() => Caller::Rejected(
            id.to_string(),
            Reply::err(401, "invalid_client", "Client authentication failed: a public client has no password; send client_id in the form"),
        ),
        Some(c) if c.cfg.secret() == secret => Caller::Ok(c.cfg.clone()),
        Some(_) => Caller::Rejected(id.to_string(), bad()),
    }
}

/// `POST /iroh/oauth2/token`: a form with `grant_type=client_credentials` (the caller is already
/// authenticated by its Basic credentials).
fn token(call: &Call) -> Answer {
    let (app, client) = (call.app, call.client);
    let ct = call.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if !ct.to_ascii_lowercase().starts_with("application/x-www-form-urlencoded") {
        return Reply::err(400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded").into();
    }
    let form = util::parse_query(&String::from_utf8_lossy(call.body));
    match form.iter().find(|(k, _)| k == "grant_type").map(|(_, v)| v.as_str()) {
        None => return Reply::err(400, "invalid_request", "Missing parameter: grant_type").into(),
        Some("client_credentials") if client.signin.is_public() => {
            return Reply::err(400, "unauthorized_client", "A public client cannot use client credentials").into()
        }
        Some("client_credentials") => {}
        Some(g @ ("authorization_code" | "refresh_token")) => return crate::signin::token_grant(call, g, &form),
        Some(_) => return Reply::err(400, "unsupported_grant_type", "The grant_type is not supported for this client").into(),
    }
    let tok = new_token(&client.client_id, &client.scopes, client.token_lifetime_secs);
    app.lock().tokens.insert(
        tok.clone(),
        TokenInfo {
            client_id: client.client_id.clone(),
            scopes: client.scopes.clone(),
            expires: Instant::now() + Duration::from_secs(client.token_lifetime_secs),
            revoked: false,
        },
    );
    Reply::json(200, &json!({"access_token": tok, "token_type": "bearer", "expires_in": client.token_lifetime_secs, "scope": client.scopes.join(" ")}))
        .header("Cache-Control", "no-store")
        .into()
}

/// A unique access token shaped like the real ones: an RS256 JWT of about 900 characters
/// (header, IROH-style claims, a 256-byte signature), so clients meet realistic lengths
/// (longer than any cut a client makes for display). Not verifiable: the stand-in looks
/// tokens up.
pub fn new_token(client_id: &str, scopes: &[String], lifetime_secs: u64) -> String {
    let n = util::next_counter();
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let claims = json!({
        "https://schemas.cisco.com/iroh/identity/claims/user/id": format!("user-{client_id}"),
        "https://schemas.cisco.com/iroh/identity/claims/user/scopes": scopes,
        "https://schemas.cisco.com/iroh/identity/claims/user/name": "Stand-in API client",
        "https://schemas.cisco.com/iroh/identity/claims/org/id": "org-standin",
        "https://schemas.cisco.com/iroh/identity/claims/oauth/client/id": client_id,
        "https://schemas.cisco.com/iroh/identity/claims/oauth/kind": "client-credentials",
        "https://schemas.cisco.com/iroh/identity/claims/version": "v1.6.2-standin",
        "jti": format!("{}-{n}", util::uuid()),
        "iss": "IROH Auth",
        "iat": now,
        "nbf": now,
        "exp": now + lifetime_secs,
        "sub": format!("user-{client_id}"),
    });
    let header = base64::encode_url(br#"{"alg":"RS256","kid":"iroh-auth-standin","typ":"JWT"}"#);
    let payload = base64::encode_url(claims.to_string().as_bytes());
    let mut sig = Vec::with_capacity(256);
    let mut x = util::mix(util::start_nanos() ^ n.rotate_left(23));
    while sig.len() < 256 {
        x = util::mix(x);
        sig.extend_from_slice(&x.to_le_bytes());
    }
    format!("{header}.{payload}.{}", base64::encode_url(&sig))
}

/// Does a granted scope cover a route scope? `P` covers `R[:x]` if R == P or R starts with `P/`;
/// `P:x` covers only `R:x` under the same rule.
pub fn scope_covers(granted: &str, required: &str) -> bool {
    let (rp, rs) = match required.split_once(':') {
        Some((p, s)) => (p, Some(s)),
        None => (required, None),
    };
    let (gp, gs) = match granted.split_once(':') {
        Some((p, s)) => (p, Some(s)),
        None => (granted, None),
    };
    if gs.is_some() && gs != rs {
        return false;
    }
    rp == gp || rp.starts_with(&format!("{gp}/"))
}

/// The route scope this client lacks, if it lacks it.
pub(crate) fn missing_scope(client: &ClientConfig, required: Option<&'static str>) -> Option<&'static str> {
    required.filter(|r| !client.scopes.iter().any(|g| scope_covers(g, r)))
}

/// The 403 `missing_scope` answer naming the one route scope that is missing.
pub(crate) fn missing_scope_reply(client: &ClientConfig, required: &str) -> Reply {
    Reply::json(
        403,
        &json!({
            "missing-scopes": [required],
            "required-scopes": [required],
            "scopes": client.scopes,
            "user-id": format!("user-{}", client.client_id),
            "org-id": "org-standin",
            "trace_id": format!("ctx-{}", util::uuid()),
            "error": "missing_scope",
            "error_description": "You do not have the required credentials to access this route.",
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unique_and_jwt_shaped() {
        let t = new_token("client-1", &["response".into()], 600);
        assert_ne!(t, new_token("client-1", &["response".into()], 600));
        assert!(t.len() > 700 && t.starts_with("eyJ") && t.split('.').count() == 3, "{} {t}", t.len());
    }
}
