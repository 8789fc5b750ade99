//! The JS side of sign-in (issue 16): the client's sign-in methods (`beginSignIn`,
//! `completeSignIn`, `signOut`, `signInState`) and the storage plans (`signInPlan`,
//! `planSession`). Conversions only: the flow is `crate::oauth`, where things are
//! stored is `crate::settings` (`signin.rs`). The worker runs `identity.launchWebAuthFlow`
//! and nothing else.

use super::{promise, to_js, to_js_error, JsClient};
use crate::error::Error;
use crate::oauth::Pending;
use crate::settings;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const SIGNIN_TYPES: &str = r#"
/** Sign-in mode's client options: `new Client({ region | baseUrl, signIn })`. */
export interface SignInOptions {
  clientId: string;
  /** A confidential OAuth client's password (XDR's default kind): sent with HTTP Basic on the code exchange and every refresh. Leave out for a public client. */
  clientSecret?: string;
  /** The scopes to request instead of every feature's (inspect:read response enrich:read casebook). */
  scopes?: string[];
  refreshToken?: string; user?: string;
}
/** A sign-in in progress: open `authorizeUrl` in identity.launchWebAuthFlow; keep the rest in the worker. */
export interface PendingSignIn { authorizeUrl: string; redirectUri: string; clientId: string; state: string; verifier: string; }
/** Who signed in (as the token answer says; "" when it does not) and the granted scopes. */
export interface SignedIn { user: string; scopes: string[]; }
/** What the worker persists of a sign-in (through planSession). Never give it to a page. */
export interface SignInState { refreshToken?: string; user?: string; signedIn: boolean; }
"#;

/// A JS value as JSON; anything JSON cannot hold counts as null.
fn json(v: &JsValue) -> serde_json::Value {
    serde_wasm_bindgen::from_value(v.clone()).unwrap_or(serde_json::Value::Null)
}

#[wasm_bindgen(js_class = Client)]
impl JsClient {
    /// Starts a sign-in: `randomBytes` are 48 bytes from crypto.getRandomValues, `redirectUri`
    /// is identity.getRedirectURL().
    #[wasm_bindgen(js_name = beginSignIn, unchecked_return_type = "PendingSignIn")]
    pub fn begin_sign_in(&self, redirect_uri: &str, random_bytes: &[u8]) -> Result<JsValue, JsValue> {
        self.inner.begin_sign_in(redirect_uri, random_bytes).and_then(|p| to_js(&p)).map_err(to_js_error)
    }

    /// Checks the URL launchWebAuthFlow resolved with, and exchanges the code.
    #[wasm_bindgen(js_name = completeSignIn, unchecked_return_type = "Promise<SignedIn>")]
    pub fn complete_sign_in(&self, #[wasm_bindgen(unchecked_param_type = "PendingSignIn")] pending: JsValue, returned_url: String) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move {
            let pending: Pending =
                serde_wasm_bindgen::from_value(pending).map_err(|_| Error::bad_input("completeSignIn() takes the object beginSignIn() returned."))?;
            inner.complete_sign_in(&pending, &returned_url).await
        })
    }

    /// Forgets both tokens and asks the server to revoke them (best effort: rejects with the
    /// revocation's failure, the tokens are forgotten either way).
    #[wasm_bindgen(js_name = signOut, unchecked_return_type = "Promise<null>")]
    pub fn sign_out(&self) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move { inner.sign_out().await })
    }

    /// Who the token belongs to (`GET /iroh/profile/whoami`, read leniently): a display name,
    /// or `null` when the server names nobody usable. 1 call.
    #[wasm_bindgen(js_name = whoami, unchecked_return_type = "Promise<string | null>")]
    pub fn whoami(&self) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move { inner.whoami().await })
    }

    /// The sign-in to persist (newest refresh token, who); `undefined` for other clients.
    #[wasm_bindgen(js_name = signInState, unchecked_return_type = "SignInState | undefined")]
    pub fn sign_in_state(&self) -> JsValue {
        self.inner.session_state().and_then(|s| to_js(&s).ok()).unwrap_or(JsValue::UNDEFINED)
    }
}

/// `signInPlan(stored)`: the client to start a sign-in with (sign-in mode; throws why not).
#[wasm_bindgen(js_name = signInPlan, unchecked_return_type = "ClientPlan")]
pub fn sign_in_plan(#[wasm_bindgen(unchecked_param_type = "StoredSettings")] stored: JsValue) -> Result<JsValue, JsValue> {
    settings::sign_in_plan(&settings::Stored::from_input(settings::StoredIn::from_value(&json(&stored)))).and_then(|p| to_js(&p)).map_err(to_js_error)
}

/// `planSession(stored, client.signInState(), stay?, generation?)`: where the sign-in goes
/// (`stay`: "Stay signed in on this device" when just chosen); signed out: everything removed.
/// `generation`: the client's (`ClientPlan.generation`): nothing is written once it is old.
#[wasm_bindgen(js_name = planSession, unchecked_return_type = "StoragePlan")]
pub fn plan_session(
    #[wasm_bindgen(unchecked_param_type = "StoredSettings")] stored: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SignInState | undefined")] state: JsValue,
    #[wasm_bindgen(unchecked_param_type = "boolean | undefined")] stay: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number | undefined")] generation: JsValue,
) -> Result<JsValue, JsValue> {
    let s = settings::Stored::from_input(settings::StoredIn::from_value(&json(&stored)));
    settings::signin_plan_session_in(&s, &json(&state), stay.as_bool(), generation.as_f64().map(|g| g as u64)).and_then(|p| to_js(&p)).map_err(to_js_error)
}
