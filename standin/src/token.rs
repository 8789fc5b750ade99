//! The token route, `POST /iroh/oauth2/token` (contract §2): the `client_credentials` grant (the
//! caller is already authenticated by its Basic credentials, `crate::auth`) here; the
//! `authorization_code` and `refresh_token` grants of a person's sign-in in `crate::signin`.

use crate::auth::new_token;
use crate::faults::EchoShape;
use crate::reply::Reply;
use crate::signin;
use crate::state::{Answer, Call, Credentials, PathMatch, Route, TokenInfo};
use crate::util;
use axum::http::header;
use serde_json::json;
use std::time::Duration;

pub(crate) const ROUTES: &[Route] = &[Route {
    key: "token",
    method: "POST",
    path: PathMatch::Exact("/iroh/oauth2/token"),
    credentials: Credentials::ClientSecret,
    scope: None,
    echo: EchoShape::ErrorOnly,
    handler: token,
}];

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
        Some(g @ ("authorization_code" | "refresh_token")) => return signin::token_grant(call, g, &form),
        Some(_) => return Reply::err(400, "unsupported_grant_type", "The grant_type is not supported for this client").into(),
    }
    let mut inner = app.lock();
    let tok = new_token(&client.client_id, &client.scopes, client.token_lifetime_secs, inner.clock.unix(&client.client_id));
    let expires = inner.now(&client.client_id) + Duration::from_secs(client.token_lifetime_secs);
    inner.tokens.insert(tok.clone(), TokenInfo { client_id: client.client_id.clone(), scopes: client.scopes.clone(), expires, revoked: false });
    drop(inner);
    Reply::json(200, &json!({"access_token": tok, "token_type": "bearer", "expires_in": client.token_lifetime_secs, "scope": client.scopes.join(" ")}))
        .header("Cache-Control", "no-store")
        .into()
}
