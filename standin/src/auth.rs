//! Who is calling, and may they (contract §2): the caller checks (HTTP Basic client credentials
//! for the token route, `crate::token`; the bearer check of every other API route), the
//! JWT-shaped access tokens the stand-in issues, and scopes with their hierarchy (a 403
//! `missing_scope`, §6).

use crate::config::ClientConfig;
use crate::reply::Reply;
use crate::state::{App, Caller};
use crate::util;
use axum::http::{header, HeaderMap};
use serde_json::json;
use std::time::Duration;

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
            } else if inner.now(&t.client_id) >= t.expires {
                let ago = inner.now(&t.client_id).duration_since(t.expires).as_secs();
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
    let Some(decoded) = util::base64_decode(b64).and_then(|b| String::from_utf8(b).ok()) else {
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

/// A unique access token shaped like the real ones: an RS256 JWT of about 900 characters
/// (header, IROH-style claims, a 256-byte signature), so clients meet realistic lengths
/// (longer than any cut a client makes for display). Not verifiable: the stand-in looks
/// tokens up.
/// `now` is the stand-in's Unix time for this client (`crate::clock`).
pub fn new_token(client_id: &str, scopes: &[String], lifetime_secs: u64, now: Duration) -> String {
    let n = util::next_counter();
    let now = now.as_secs();
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
    let header = base64url(br#"{"alg":"RS256","kid":"iroh-auth-standin","typ":"JWT"}"#);
    let payload = base64url(claims.to_string().as_bytes());
    let mut sig = Vec::with_capacity(256);
    let mut x = util::mix(util::start_nanos() ^ n.rotate_left(23));
    while sig.len() < 256 {
        x = util::mix(x);
        sig.extend_from_slice(&x.to_le_bytes());
    }
    format!("{header}.{payload}.{}", base64url(&sig))
}

/// Base64url without padding (JWT segments).
pub fn base64url(input: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for c in input.chunks(3) {
        let n = (c[0] as u32) << 16 | (*c.get(1).unwrap_or(&0) as u32) << 8 | *c.get(2).unwrap_or(&0) as u32;
        for i in 0..=c.len() {
            out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
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
        let now = Duration::from_secs(1_700_000_000);
        let t = new_token("client-1", &["response".into()], 600, now);
        assert_ne!(t, new_token("client-1", &["response".into()], 600, now));
        assert!(t.len() > 700 && t.starts_with("eyJ") && t.split('.').count() == 3, "{} {t}", t.len());
        assert_eq!(base64url(b"foob"), "Zm9vYg");
    }
}
