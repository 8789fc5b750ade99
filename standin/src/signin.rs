//! A person signs in (contract §2, "Authorization code grant", and §2c): `GET /iroh/oauth2/authorize`
//! (a small login page for the configured test users, with a consent step), which redirects with
//! `code` and `state` (or `error`); the `authorization_code` and `refresh_token` grants of the
//! token route, with PKCE (`S256`, `plain`) checked; `GET /iroh/profile/whoami` (who holds a
//! token); `DELETE /iroh/oauth2/app-grant/{client-id}` (a person removes their grant to a
//! client); and the user each access token was issued to, for the event log.
//!
//! Behaviour and where it comes from:
//! - Two kinds of auth-code client (contract §2c: Cisco's code-grant example, the IROH OAuth demo,
//!   the XDR `oauth2-client-model` page): `client_type: "confidential"` (the default there and
//!   here) has a password and must send HTTP Basic `client_id:password` on the code exchange and
//!   on every refresh (a missing or wrong Basic: 401 `invalid_client`, body [inferred]); PKCE is
//!   accepted too. `client_type: "public"` has no password, names itself with `client_id` in the
//!   form and must send a PKCE challenge (S256; `plain` is accepted because the server metadata
//!   lists it). The older control field `public: true` still means a public client.
//! - Scopes of a person's token = requested ∩ the client's ∩ the person's (contract §2c, XDR
//!   `openid-connect` page); a scope is "had" when a held scope covers it (§2 hierarchy)
//!   [inferred]. A person lacking a requested scope is refused at consent (`error=access_denied`,
//!   the `error_description` naming the scopes: [inferred]) unless the client was created with
//!   `allow_partial_scopes: true`. No `scope` parameter asks for all the client's scopes [inferred].
//! - The token answer carries only `access_token, refresh_token, token_type, expires_in, scope`
//!   (contract §2c); who signed in comes from `GET /iroh/profile/whoami`.
//! - Refresh tokens rotate (contract §2c, XDR `client-checklist`): every refresh hands out a new
//!   one; the previous one keeps working for `refresh_grace_secs` (default 30 s [inferred]) and
//!   gets `invalid_grant` after that. `refresh_rotation: false` turns rotation off (a test device).
//! - Revocation: `DELETE /iroh/oauth2/app-grant/{client-id}` with the person's Bearer (contract
//!   §2c: IROH demo `device-flow-demo.sh`, Cisco's ServiceNow guide) removes that person's grant to
//!   that client: every refresh and access token of it stops working; 204 with an empty body
//!   [status inferred: "2xx"]. There is no `POST /iroh/oauth2/revoke` upstream, so none here.
//!
//! Stand-in choices (test devices, not claims about Cisco): redirect URLs must match a
//! registered one exactly, `https://*.chromiumapp.org/` and `https://*.extensions.allizom.org/`
//! match any extension id; codes live 60 s and are single use (reusing one revokes what it
//! produced). Every expiry and the grace read the stand-in's clock (`crate::clock`), which a
//! test moves instead of sleeping.

use crate::auth::{base64url, new_token, scope_covers};
use crate::config::{ClientConfig, User};
use crate::faults::EchoShape;
use crate::reply::Reply;
use crate::state::{Answer, App, Call, Caller, Code, Credentials, Inner, PathMatch, Refresh, Route, TokenInfo};
use crate::util;
use axum::http::{header, HeaderMap};
use serde::Deserialize;
use serde_json::json;
use std::time::Duration;

pub(crate) const ROUTES: &[Route] = &[
    Route {
        key: "authorize",
        method: "GET",
        path: PathMatch::Exact("/iroh/oauth2/authorize"),
        credentials: Credentials::Browser,
        scope: None,
        echo: EchoShape::ErrorOnly,
        handler: authorize_page,
    },
    Route {
        key: "authorize",
        method: "POST",
        path: PathMatch::Exact("/iroh/oauth2/authorize"),
        credentials: Credentials::Browser,
        scope: None,
        echo: EchoShape::ErrorOnly,
        handler: authorize_submit,
    },
    Route {
        key: "app_grant_revoke",
        method: "DELETE",
        path: PathMatch::Prefix(APP_GRANT),
        credentials: Credentials::Bearer,
        scope: None,
        echo: EchoShape::ErrorOnly,
        handler: app_grant_revoke,
    },
    Route {
        key: "whoami",
        method: "GET",
        path: PathMatch::Exact("/iroh/profile/whoami"),
        credentials: Credentials::Bearer,
        scope: None,
        echo: EchoShape::ErrorOnly,
        handler: whoami,
    },
];

const APP_GRANT: &str = "/iroh/oauth2/app-grant/";

fn users(app: &App) -> Vec<User> {
    let added = app.lock().signin.users.clone();
    let mut all: Vec<User> = app.config.users.iter().filter(|u| !added.iter().any(|a| a.username == u.username)).cloned().collect();
    all.extend(added);
    all
}

fn find_user(app: &App, username: &str) -> Option<User> {
    users(app).into_iter().find(|u| u.username == username)
}

/// The person an API request's bearer token was issued to, if it came from a sign-in.
pub(crate) fn user_of(app: &App, headers: &HeaderMap) -> Option<String> {
    let auth = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok())?;
    let (scheme, token) = auth.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return None;
    }
    app.lock().signin.access.get(token.trim()).map(|(u, _)| u.clone())
}

/// The token and revoke routes' caller when it sends no Basic credentials: a public client
/// named by `client_id` in the form. `None`: not such a request (Basic authentication applies).
pub(crate) fn public_caller(app: &App, headers: &HeaderMap, body: &[u8]) -> Option<Caller> {
    if headers.contains_key(header::AUTHORIZATION) {
        return None;
    }
    let form = util::parse_query(&String::from_utf8_lossy(body));
    let id = form.iter().find(|(k, _)| k == "client_id").map(|(_, v)| v.clone())?;
    let inner = app.lock();
    match inner.clients.get(&id) {
        Some(c) if c.cfg.signin.is_public() => Some(Caller::Ok(c.cfg.clone())),
        Some(_) => Some(Caller::Rejected(
            id,
            Reply::err(401, "invalid_client", "Client authentication failed: a confidential client must send HTTP Basic client_id:password"),
        )),
        None => Some(Caller::Anonymous(Reply::err(401, "invalid_client", "Client authentication failed: unknown client_id"))),
    }
}

/// The authorize route's caller: the client named by `client_id` (query, or the login form).
/// An unknown client gets an error page, never a redirect.
pub(crate) fn browser_caller(app: &App, query: &str, body: &[u8]) -> Caller {
    let mut params = util::parse_query(query);
    params.extend(util::parse_query(&String::from_utf8_lossy(body)));
    let id = params.iter().find(|(k, _)| k == "client_id").map(|(_, v)| v.clone()).unwrap_or_default();
    match app.lock().clients.get(&id) {
        Some(c) => Caller::Ok(c.cfg.clone()),
        None => Caller::Anonymous(page(400, "Unknown client", "<p>This sign-in link names no known OAuth client (client_id). Nothing was sent back.</p>")),
    }
}

fn redirect_allowed(c: &ClientConfig, uri: &str) -> bool {
    c.signin.redirects.iter().any(|r| {
        r == uri
            || ["https://*.chromiumapp.org/", "https://*.extensions.allizom.org/"].iter().any(|w| {
                r == w && {
                    let suffix = &w["https://*".len()..];
                    uri.strip_prefix("https://")
                        .and_then(|h| h.strip_suffix(suffix))
                        .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
                }
            })
    })
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

fn page(status: u16, title: &str, body: &str) -> Reply {
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{t} — Cisco XDR sign-in (stand-in)</title></head>\
         <body style=\"font-family:sans-serif;max-width:30em;margin:2em auto\"><h1>{t}</h1>{body}</body></html>",
        t = escape(title)
    );
    Reply::raw(status, Some("text/html;charset=utf-8"), html)
        .header("Cache-Control", "no-store")
        .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
}

fn redirect_to(uri: &str, params: &[(&str, &str)]) -> Reply {
    let q: Vec<String> = params.iter().map(|(k, v)| format!("{k}={}", util::percent_encode(v))).collect();
    let sep = if uri.contains('?') { '&' } else { '?' };
    Reply::raw(302, None, Vec::new()).header("Location", &format!("{uri}{sep}{}", q.join("&"))).header("Cache-Control", "no-store")
}

/// The authorize request's parameters, checked. `Err` is the answer: an error page when the
/// client or redirect URL cannot be trusted, else a redirect carrying `error`.
struct Authorize {
    redirect_uri: String,
    state: Option<String>,
    challenge: Option<(String, String)>,
    all: Vec<(String, String)>,
}

fn check_authorize(call: &Call) -> Result<Authorize, Reply> {
    let mut all = util::parse_query(call.query);
    all.extend(util::parse_query(&String::from_utf8_lossy(call.body)));
    let get = |k: &str| all.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let redirect_uri = get("redirect_uri").unwrap_or_default();
    if !redirect_allowed(call.client, &redirect_uri) {
        return Err(page(
            400,
            "Redirect URL not registered",
            "<p>The redirect_uri of this sign-in is not registered for this OAuth client. Nothing was sent back.</p>",
        ));
    }
    let state = get("state");
    let fail = |error: &str, description: &str| {
        let mut p = vec![("error", error), ("error_description", description)];
        if let Some(s) = &state {
            p.push(("state", s.as_str()));
        }
        redirect_to(&redirect_uri, &p)
    };
    if !call.client.signin.grants.iter().any(|g| g == "auth-code") {
        return Err(fail("unauthorized_client", "This client may not use the authorization code grant"));
    }
    if get("response_type").as_deref() != Some("code") {
        return Err(fail("unsupported_response_type", "response_type must be code"));
    }
    let challenge = match (get("code_challenge"), get("code_challenge_method").unwrap_or_else(|| "plain".into())) {
        (None, _) if call.client.signin.is_public() => return Err(fail("invalid_request", "A public client must send a PKCE code_challenge")),
        (None, _) => None,
        (Some(c), m) if m == "S256" || m == "plain" => Some((c, m)),
        (Some(_), _) => return Err(fail("invalid_request", "code_challenge_method must be S256 or plain")),
    };
    Ok(Authorize { redirect_uri, state, challenge, all })
}

fn login_form(a: &Authorize, message: &str) -> Reply {
    let hidden: String = a
        .all
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "username" | "password" | "decision"))
        .map(|(k, v)| format!("<input type=\"hidden\" name=\"{}\" value=\"{}\">", escape(k), escape(v)))
        .collect();
    let note = if message.is_empty() { String::new() } else { format!("<p id=\"message\" role=\"alert\">{}</p>", escape(message)) };
    page(
        200,
        "Sign in",
        &format!(
            "<p>Sign in to Cisco XDR (stand-in) to let <strong>{}</strong> act for you with the scopes: <code>{}</code>.</p>{note}\
             <form method=\"post\" action=\"/iroh/oauth2/authorize\">{hidden}\
             <p><label>User name <input id=\"username\" name=\"username\" autocomplete=\"username\"></label></p>\
             <p><label>Password <input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\"></label></p>\
             <p><button id=\"allow\" name=\"decision\" value=\"allow\">Sign in and allow</button> \
             <button id=\"deny\" name=\"decision\" value=\"deny\">Deny</button></p></form>",
            escape(&a.all.iter().find(|(k, _)| k == "client_id").map(|(_, v)| v.clone()).unwrap_or_default()),
            escape(&a.all.iter().find(|(k, _)| k == "scope").map(|(_, v)| v.clone()).unwrap_or_default()),
        ),
    )
}

/// `GET /iroh/oauth2/authorize`: the login page (or an error).
fn authorize_page(call: &Call) -> Answer {
    match check_authorize(call) {
        Ok(a) => login_form(&a, "").into(),
        Err(r) => r.into(),
    }
}

/// `POST /iroh/oauth2/authorize`: the login form. Deny → `error=access_denied`; a wrong password
/// → the page again; else a code for this client, redirect URL, challenge and user.
fn authorize_submit(call: &Call) -> Answer {
    let a = match check_authorize(call) {
        Ok(a) => a,
        Err(r) => return r.into(),
    };
    let get = |k: &str| a.all.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
    let with_state = |mut p: Vec<(&'static str, String)>| {
        if let Some(s) = &a.state {
            p.push(("state", s.clone()));
        }
        p
    };
    if get("decision") == "deny" {
        let p = with_state(vec![("error", "access_denied".into()), ("error_description", "The user denied the request".into())]);
        return redirect_to(&a.redirect_uri, &p.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>()).into();
    }
    let user = match find_user(call.app, &get("username")) {
        Some(u) if u.password == get("password") => u,
        _ => return login_form(&a, "Wrong user name or password.").into(),
    };
    let requested = a.all.iter().find(|(k, _)| k == "scope").map(|(_, v)| v.split_whitespace().map(String::from).collect::<Vec<_>>());
    let scopes = match consent_scopes(call.client, &user, requested) {
        Ok(s) => s,
        Err(why) => {
            let p = with_state(vec![("error", "access_denied".into()), ("error_description", why)]);
            return redirect_to(&a.redirect_uri, &p.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>()).into();
        }
    };
    let code = format!("ac-{}", util::uuid());
    let mut inner = call.app.lock();
    let now = inner.now(&call.client.client_id);
    inner.signin.next_family += 1;
    let family = inner.signin.next_family;
    inner.signin.codes.insert(
        code.clone(),
        Code {
            client_id: call.client.client_id.clone(),
            redirect_uri: a.redirect_uri.clone(),
            challenge: a.challenge.clone(),
            username: user.username,
            scopes,
            expires: now + Duration::from_secs(60),
            used: false,
            family,
        },
    );
    drop(inner);
    let p = with_state(vec![("code", code)]);
    redirect_to(&a.redirect_uri, &p.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>()).into()
}

fn holds(held: &[String], scope: &str) -> bool {
    held.iter().any(|h| scope_covers(h, scope))
}

/// The scopes consent grants: requested ∩ the client's ∩ the person's (contract §2c). `Err`: the
/// person lacks a requested scope the client has and the client does not allow partial scopes,
/// or nothing at all can be granted ([inferred] description).
fn consent_scopes(client: &ClientConfig, user: &User, requested: Option<Vec<String>>) -> Result<Vec<String>, String> {
    let requested = requested.unwrap_or_else(|| client.scopes.clone());
    let mut granted = Vec::new();
    let mut lacking = Vec::new();
    for s in requested.iter().filter(|s| holds(&client.scopes, s)) {
        match &user.scopes {
            Some(held) if !holds(held, s) => lacking.push(s.clone()),
            _ if !granted.contains(s) => granted.push(s.clone()),
            _ => {}
        }
    }
    if !lacking.is_empty() && !client.signin.allow_partial_scopes {
        return Err(format!("The user does not have the requested scope(s): {}", lacking.join(" ")));
    }
    if granted.is_empty() {
        return Err("None of the requested scopes can be granted to this user by this client".into());
    }
    Ok(granted)
}

fn invalid_grant(why: &str) -> Answer {
    Reply::err(400, "invalid_grant", why).header("Cache-Control", "no-store").into()
}

/// Revokes every token of a sign-in (a replayed code or refresh token, a revoked refresh token).
fn revoke_family(inner: &mut Inner, family: u64) {
    for r in inner.signin.refresh.values_mut().filter(|r| r.family == family) {
        r.revoked = true;
    }
    let tokens: Vec<String> = inner.signin.access.iter().filter(|(_, (_, f))| *f == family).map(|(t, _)| t.clone()).collect();
    for t in tokens {
        if let Some(info) = inner.tokens.get_mut(&t) {
            info.revoked = true;
        }
    }
}

/// The `authorization_code` and `refresh_token` grants of `POST /iroh/oauth2/token` (the caller
/// is authenticated: HTTP Basic, or a public client's `client_id`).
pub(crate) fn token_grant(call: &Call, grant: &str, form: &[(String, String)]) -> Answer {
    let client = call.client;
    let get = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    if !client.signin.grants.iter().any(|g| g == "auth-code") {
        return Reply::err(400, "unauthorized_client", "This client may not use this grant").into();
    }
    let mut inner = call.app.lock();
    let now = inner.now(&client.client_id);
    let (username, scopes, family) = if grant == "authorization_code" {
        let Some(code) = get("code") else { return Reply::err(400, "invalid_request", "Missing parameter: code").into() };
        let Some(c) = inner.signin.codes.get_mut(&code) else { return invalid_grant("Unknown authorization code") };
        if c.client_id != client.client_id {
            return invalid_grant("The authorization code was issued to another client");
        }
        if c.used {
            let family = c.family;
            revoke_family(&mut inner, family);
            return invalid_grant("The authorization code was already used");
        }
        c.used = true;
        if now >= c.expires {
            return invalid_grant("The authorization code has expired");
        }
        if get("redirect_uri").as_deref() != Some(c.redirect_uri.as_str()) {
            return invalid_grant("redirect_uri does not match the authorization request");
        }
        let verified = match (&c.challenge, get("code_verifier")) {
            (None, None) => true,
            (None, Some(_)) | (Some(_), None) => false,
            (Some((challenge, method)), Some(v)) => {
                let computed = if method == "S256" { base64url(&sha256(v.as_bytes())) } else { v };
                &computed == challenge
            }
        };
        if !verified {
            return invalid_grant("PKCE verification failed: the code_verifier does not match the code_challenge");
        }
        (c.username.clone(), c.scopes.clone(), c.family)
    } else {
        let Some(rt) = get("refresh_token") else { return Reply::err(400, "invalid_request", "Missing parameter: refresh_token").into() };
        let grace = Duration::from_secs(client.signin.refresh_grace_secs.unwrap_or(30));
        let Some(r) = inner.signin.refresh.get_mut(&rt) else { return invalid_grant("Unknown refresh token") };
        if r.client_id != client.client_id {
            return invalid_grant("The refresh token was issued to another client");
        }
        if r.revoked {
            return invalid_grant("The refresh token was revoked");
        }
        if now >= r.expires {
            return invalid_grant("The refresh token has expired");
        }
        if r.rotated.is_some_and(|t| now.saturating_duration_since(t) >= grace) {
            return invalid_grant("The refresh token was replaced by a newer one and its grace period has passed");
        }
        if client.signin.refresh_rotation != Some(false) && r.rotated.is_none() {
            r.rotated = Some(now);
        }
        (r.username.clone(), r.scopes.clone(), r.family)
    };
    drop(inner);
    if find_user(call.app, &username).is_none() {
        return invalid_grant("The user no longer exists");
    }
    let rotate = client.signin.refresh_rotation != Some(false);
    let refresh = (grant == "authorization_code" || rotate).then(|| format!("rt-{}-{}", util::uuid(), util::uuid()));
    let mut inner = call.app.lock();
    let now = inner.now(&client.client_id);
    let access = new_token(&client.client_id, &scopes, client.token_lifetime_secs, inner.clock.unix(&client.client_id));
    inner.tokens.insert(
        access.clone(),
        TokenInfo {
            client_id: client.client_id.clone(),
            scopes: scopes.clone(),
            expires: now + Duration::from_secs(client.token_lifetime_secs),
            revoked: false,
        },
    );
    inner.signin.access.insert(access.clone(), (username.clone(), family));
    if let Some(r) = &refresh {
        inner.signin.refresh.insert(
            r.clone(),
            Refresh {
                client_id: client.client_id.clone(),
                username: username.clone(),
                scopes: scopes.clone(),
                expires: now + Duration::from_secs(client.signin.refresh_lifetime_secs.unwrap_or(14 * 86_400)),
                revoked: false,
                rotated: None,
                family,
            },
        );
    }
    drop(inner);
    // Only these keys (contract §2c): the person comes from whoami.
    let mut body = json!({
        "access_token": access,
        "token_type": "bearer",
        "expires_in": client.token_lifetime_secs,
        "scope": scopes.join(" "),
    });
    if let Some(r) = refresh {
        body["refresh_token"] = json!(r);
    }
    Reply::json(200, &body).header("Cache-Control", "no-store").into()
}

/// `DELETE /iroh/oauth2/app-grant/{client-id}` with the person's Bearer (contract §2c): every
/// sign-in of that person with that client ends (refresh and access tokens). 204, empty body
/// [status inferred]; nothing to remove (or a client-credentials token, which has no person)
/// answers the same [inferred].
fn app_grant_revoke(call: &Call) -> Answer {
    let target = call.path.strip_prefix(APP_GRANT).unwrap_or("");
    let target = util::percent_decode(target, false);
    if let Some(user) = user_of(call.app, call.headers) {
        let mut inner = call.app.lock();
        let families: Vec<u64> = inner.signin.refresh.values().filter(|r| r.client_id == target && r.username == user).map(|r| r.family).collect();
        let mut families = families;
        families.extend(
            inner.signin.access.iter().filter(|(t, (u, _))| *u == user && inner.tokens.get(*t).is_some_and(|i| i.client_id == target)).map(|(_, (_, f))| *f),
        );
        families.sort_unstable();
        families.dedup();
        for f in families {
            revoke_family(&mut inner, f);
        }
    }
    Reply::raw(204, None, Vec::new()).header("Cache-Control", "no-store").into()
}

/// `GET /iroh/profile/whoami` (contract §2c: Cisco's examples, the SDK's `ProfileAPI.whoami`).
/// The shape is [inferred] from IROH's hyphenated keys: `{"user": {"user-id", "user-name",
/// "user-email", "user-nick", "role"}, "org": {"id", "name"}}`. A client-credentials token
/// answers for the API client's own user (no `user-email`).
fn whoami(call: &Call) -> Answer {
    let org = json!({"id": "org-standin", "name": "Stand-in Organisation"});
    let user = match user_of(call.app, call.headers).and_then(|u| find_user(call.app, &u)) {
        Some(u) => json!({
            "user-id": format!("user-{}", u.username),
            "user-name": u.name,
            "user-email": u.email,
            "user-nick": u.username,
            "role": u.role.unwrap_or_else(|| "admin".into()),
        }),
        None => json!({
            "user-id": format!("user-{}", call.client.client_id),
            "user-name": "Stand-in API client",
            "user-nick": call.client.client_id,
            "role": "integration",
        }),
    };
    Reply::json(200, &json!({ "user": user, "org": org })).into()
}

#[derive(Deserialize)]
struct RevokeReq {
    client_id: String,
    #[serde(default)]
    username: Option<String>,
}

/// The control routes of this flow (see `control.rs`): `POST /__standin/users` `{username,
/// password, name, email, scopes? (absent: every scope), role? (default "admin")}` (add or replace a
/// user), `POST /__standin/signin/revoke` `{client_id, username?}` (revoke the refresh tokens of
/// that client, or of one user, and their access tokens), and `GET
/// /__standin/signin/issued?client_id=X` (the codes and refresh tokens issued to a client, so a
/// test can look for them where they must not be).
pub(crate) fn control(app: &App, method: &str, path: &str, query: &str, body: &[u8]) -> Option<Reply> {
    let bad = |e: serde_json::Error| Reply::err(400, "invalid_request", &e.to_string());
    Some(match (method, path) {
        ("POST", "/__standin/users") => match serde_json::from_slice::<User>(body) {
            Ok(u) => {
                let mut inner = app.lock();
                inner.signin.users.retain(|x| x.username != u.username);
                inner.signin.users.push(u);
                Reply::json(200, &json!({}))
            }
            Err(e) => bad(e),
        },
        ("POST", "/__standin/signin/revoke") => match serde_json::from_slice::<RevokeReq>(body) {
            Ok(r) => {
                let mut inner = app.lock();
                let families: Vec<u64> = inner
                    .signin
                    .refresh
                    .values()
                    .filter(|x| x.client_id == r.client_id && r.username.as_ref().is_none_or(|u| &x.username == u) && !x.revoked)
                    .map(|x| x.family)
                    .collect();
                for f in &families {
                    revoke_family(&mut inner, *f);
                }
                Reply::json(200, &json!({ "revoked": families.len() }))
            }
            Err(e) => bad(e),
        },
        ("GET", "/__standin/signin/issued") => {
            let id = util::parse_query(query).into_iter().find(|(k, _)| k == "client_id").map(|(_, v)| v).unwrap_or_default();
            let inner = app.lock();
            let codes: Vec<&String> = inner.signin.codes.iter().filter(|(_, c)| c.client_id == id).map(|(k, _)| k).collect();
            let refresh: Vec<&String> = inner.signin.refresh.iter().filter(|(_, r)| r.client_id == id).map(|(k, _)| k).collect();
            Reply::json(200, &json!({ "codes": codes, "refreshTokens": refresh }))
        }
        _ => return None,
    })
}

/// SHA-256 (FIPS 180-4), for the S256 PKCE check.
pub fn sha256(msg: &[u8]) -> [u8; 32] {
    let k: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
        0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
        0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
        0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ];
    let mut state = [0x6a09e667u32, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    let bit_len = (msg.len() as u64) * 8;
    let mut padded = msg.to_vec();
    padded.push(0x80);
    padded.resize((padded.len() + 8).div_ceil(64) * 64, 0);
    let n = padded.len();
    padded[n - 8..].copy_from_slice(&bit_len.to_be_bytes());
    for chunk in padded.chunks(64) {
        let mut w = [0u32; 64];
        for t in 0..64 {
            w[t] = if t < 16 {
                u32::from_be_bytes(chunk[4 * t..4 * t + 4].try_into().unwrap())
            } else {
                let s0 = w[t - 15].rotate_right(7) ^ w[t - 15].rotate_right(18) ^ (w[t - 15] >> 3);
                let s1 = w[t - 2].rotate_right(17) ^ w[t - 2].rotate_right(19) ^ (w[t - 2] >> 10);
                w[t - 16].wrapping_add(s0).wrapping_add(w[t - 7]).wrapping_add(s1)
            };
        }
        let mut v = state;
        for t in 0..64 {
            let big1 = v[4].rotate_right(6) ^ v[4].rotate_right(11) ^ v[4].rotate_right(25);
            let t1 = v[7].wrapping_add(big1).wrapping_add((v[4] & v[5]) ^ (!v[4] & v[6])).wrapping_add(k[t]).wrapping_add(w[t]);
            let big0 = v[0].rotate_right(2) ^ v[0].rotate_right(13) ^ v[0].rotate_right(22);
            let t2 = big0.wrapping_add((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));
            v.rotate_right(1);
            v[0] = t1.wrapping_add(t2);
            v[4] = v[4].wrapping_add(t1);
        }
        for (s, x) in state.iter_mut().zip(v) {
            *s = s.wrapping_add(x);
        }
    }
    let mut out = [0u8; 32];
    for (i, s) in state.iter().enumerate() {
        out[4 * i..4 * i + 4].copy_from_slice(&s.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_and_the_rfc7636_s256_example() {
        let hex = |b: [u8; 32]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
        assert_eq!(hex(sha256(b"abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(hex(sha256(b"")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        // Padding edges (values from Python's hashlib).
        for (len, want) in [
            (55, "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072"),
            (56, "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e"),
            (63, "75220b47218278e656f2013bb8f0c455a25eaf01e86c64924e9d48d89776d6f2"),
            (64, "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c"),
            (65, "9537c5fdf120482f7d58d25e9ed583f52c02b4e304ea814db1633ad565aed7e9"),
            (119, "000b48d4edf0fa7bee3c6236ecd2785baa5db4eeb8bb54341b029e0d9fa5fb0c"),
            (120, "13f05a0b594787f5ecd315edc96141bd3243203d1b7d4f0836f37308b276ba98"),
        ] {
            assert_eq!(hex(sha256(&vec![b'x'; len])), want, "{len}");
        }
        assert_eq!(
            hex(sha256(b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
        assert_eq!(base64url(&sha256(b"dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }
}
