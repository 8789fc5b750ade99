//! The `signIn` part of `new Client({ …, signIn })`: read from JS, made into the client's
//! token source (the sign-in itself is `crate::oauth` and `crate::client`).

use crate::client::TokenSource;
use crate::error::Error;
use crate::oauth::Session;
use serde::Deserialize;

#[derive(Deserialize, Clone)]
#[serde(rename_all = "camelCase")]
pub(super) struct SignInJs {
    client_id: String,
    #[serde(default)]
    client_secret: Option<String>,
    #[serde(default)]
    scopes: Option<Vec<String>>,
    refresh_token: Option<String>,
    user: Option<String>,
}

pub(super) fn source(o: Option<SignInJs>) -> Result<TokenSource, Error> {
    let o = o.ok_or_else(|| Error::bad_input("signIn must be { clientId, clientSecret?, scopes?, refreshToken?, user? }."))?;
    let session = Session::new(&o.client_id, o.refresh_token, o.user)?.with_password(o.client_secret)?.with_scopes(&o.scopes.unwrap_or_default())?;
    Ok(TokenSource::SignIn(session))
}
