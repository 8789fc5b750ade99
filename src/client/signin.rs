//! A person's sign-in driven by the [`Client`] (issue 20): begin and complete it, `whoami`,
//! persist the session as it changes, refresh the access token, sign out. The protocol's
//! pieces (authorize URL, returned URL check, token forms, answers) are `oauth.rs`'s.

use crate::auth::Token;
use crate::client::{Client, TokenSource};
use crate::error::{Error, ErrorKind, Result};
use crate::http::{HttpResponse, Method, Transport};
use crate::oauth::{
    app_grant_path, begin_with_scopes, code_request, finish, parse_grant, parse_whoami, refresh_request, refused, signed_out, Grant, Pending, Session,
    SignedIn, Step,
};
use crate::session::SessionState;
use crate::view::errors::ErrorText;

fn not_signed_in() -> Error {
    Error::new(ErrorKind::SignedOut, ErrorText::NotSignedInClient)
}

fn session<T: Transport>(c: &Client<T>) -> Result<&Session> {
    match c.source() {
        TokenSource::SignIn(s) => Ok(s),
        _ => Err(Error::bad_input(ErrorText::NotASignInClient)),
    }
}

impl<T: Transport> Client<T> {
    /// Starts a sign-in for this client's host and auth-code client id (see [`begin`]).
    pub fn begin_sign_in(&self, redirect_uri: &str, random: &[u8]) -> Result<Pending> {
        let s = session(self)?;
        begin_with_scopes(&self.endpoint().base_url, &s.client_id, redirect_uri, random, &s.scopes)
    }

    /// Checks where the browser came back to ([`finish`]) and exchanges the code: the access
    /// token is cached, the refresh token and the person kept in the session. Nothing is sent
    /// when the return is refused (wrong state, an `error`, not our redirect URL).
    pub async fn complete_sign_in(&self, pending: &Pending, returned: &str) -> Result<SignedIn> {
        let run = async {
            let s = session(self)?;
            if pending.client_id != s.client_id {
                return Err(Error::bad_input(ErrorText::SignInOtherClient));
            }
            let code = finish(pending, returned)?;
            self.remember_token(&code);
            let base = self.endpoint().base_url.clone();
            let timeout = self.endpoint().timeout_ms;
            let token = self
                .exchange_with(async {
                    let resp = self.send(code_request(&base, pending, &code, s.password(), timeout)).await?;
                    let g = self.grant(resp, Step::Exchange)?;
                    s.update(&g);
                    if g.refresh_token.is_none() {
                        // Signed in for this token's lifetime only; said by `signedIn: false`.
                        s.end();
                    }
                    Ok((g.token, g.lifetime_ms))
                })
                .await?;
            // Who signed in: asked once per sign-in and kept with the session (best effort: a
            // failed whoami leaves "signed in" without a name, it does not undo the sign-in).
            if let Ok(Some(who)) = self.whoami().await {
                *s.user.borrow_mut() = Some(who);
            }
            Ok(SignedIn { user: s.user.borrow().clone().unwrap_or_default(), scopes: token.scopes })
        };
        run.await.map_err(|e| self.redact(e))
    }

    /// Who the token belongs to, from `GET /iroh/profile/whoami` ([`parse_whoami`]): `None`
    /// when the answer names nobody usable. One API call.
    pub async fn whoami(&self) -> Result<Option<String>> {
        let run = async {
            let base = self.endpoint().base_url.clone();
            let resp = self.call_at(Method::Get, &base, "/iroh/profile/whoami", None).await?;
            let resp = self.classified(resp, &base)?;
            Ok(parse_whoami(&resp.body))
        };
        run.await.map_err(|e| self.redact(e))
    }

    /// Tells the host the sign-in to persist now ([`Transport::session_changed`]).
    fn session_changed(&self) {
        if let Some(state) = self.session_state() {
            self.transport().session_changed(&state);
        }
    }

    /// The sign-in to persist: the newest refresh token and who is signed in.
    pub fn session_state(&self) -> Option<SessionState> {
        let s = session(self).ok()?;
        let refresh_token = s.refresh_token.borrow().clone();
        Some(SessionState { signed_in: refresh_token.is_some(), refresh_token, user: s.user.borrow().clone() })
    }

    /// Signs out: removes the person's grant to this client on the server
    /// (`DELETE /iroh/oauth2/app-grant/{client-id}` with their Bearer: every refresh and access
    /// token of the grant stops working) and forgets both tokens here. The server call is best
    /// effort: its failure is returned, but the tokens are gone locally either way. Without a
    /// fresh access token, one refresh gets the Bearer the removal needs.
    pub async fn sign_out(&self) -> Result<()> {
        let s = session(self)?;
        let run = async {
            let base = self.endpoint().base_url.clone();
            let resp = self.call_at(Method::Delete, &base, &app_grant_path(&s.client_id), None).await?;
            self.classified(resp, &base).map(|_| ())
        };
        let revoked = if s.refresh_token.borrow().is_some() || self.token_snapshot().is_some() { run.await } else { Ok(()) };
        *s.refresh_token.borrow_mut() = None;
        *s.user.borrow_mut() = None;
        self.drop_token();
        revoked.map_err(|e| self.redact(e))
    }

    /// A new access token from the refresh token (called by the client's token cache: before
    /// expiry, and once after a 401). A refused refresh ends the session: no second attempt.
    pub(crate) async fn refresh_session(&self, s: &Session) -> Result<(Token, f64)> {
        let Some(refresh) = s.refresh_token.borrow().clone() else {
            // A call that queued behind the refused refresh says what the first one said.
            return Err(if s.ended.get() { signed_out() } else { not_signed_in() });
        };
        self.remember_token(&refresh);
        let ep = self.endpoint();
        let resp = self.send(refresh_request(&ep.base_url, s.auth(), &refresh, ep.timeout_ms)).await?;
        let g = match self.grant(resp, Step::Refresh) {
            Ok(g) => g,
            Err(e) => {
                if e.kind == ErrorKind::SignedOut {
                    s.end();
                    self.session_changed();
                }
                return Err(e);
            }
        };
        s.update(&g);
        self.session_changed();
        if let Some(r) = &g.refresh_token {
            self.remember_token(r);
        }
        Ok((g.token, g.lifetime_ms))
    }

    fn grant(&self, resp: HttpResponse, step: Step) -> Result<Grant> {
        let host = crate::config::host_for_message(&self.endpoint().base_url).to_string();
        let now = self.transport().now_ms();
        if (200..300).contains(&resp.status) {
            let g = parse_grant(&resp, now)?;
            if let Some(r) = &g.refresh_token {
                self.remember_token(r);
            }
            return Ok(g);
        }
        let resp = self.redacted(resp);
        Err(refused(&resp, step, &host).unwrap_or_else(|| crate::api::classify(&resp, now, &host)))
    }
}
