//! The JS API: conversions and bindings only, no decisions. Every export converts its JS
//! arguments, calls the core, and converts the result or the error back.
//!
//! Errors left in English on purpose (not in the catalogue, `src/view/errors.rs`): those for a
//! JavaScript caller that passed a malformed argument to an export ("find() takes the text as
//! a string.", "new Client() takes an options object…", "signIn must be { clientId, … }",
//! "trigger() takes an action returned by actions()…", the portal build's refusal of `signIn`,
//! a result that cannot be converted), here and in `intel.rs`, `scan.rs`, `shell.rs`,
//! `signin.rs`, `signin_options.rs`, `convert.rs` and `view.rs` (`say` with an unknown id).
//! They are for the developer who wires the package (the names are JavaScript's, the same in
//! every language), and the shipped pages never make them: an analyst cannot see one.

mod convert;
mod extract;
pub mod fetch;
pub mod intel;
pub mod shell;
// The extension's exports: not in the portal's build (`--no-default-features`).
#[cfg(feature = "extension")]
pub mod extension;
#[cfg(feature = "extension")]
mod scan;
#[cfg(feature = "extension")]
mod signin;
#[cfg(feature = "extension")]
mod signin_options;
#[cfg(not(feature = "extension"))]
mod signin_options {
    //! The portal's build has no sign-in mode: `signIn` is refused with what to use instead.
    #[derive(serde::Deserialize, Clone)]
    pub(super) struct SignInJs {}
    pub(super) fn source(_: Option<SignInJs>) -> Result<crate::client::TokenSource, crate::error::Error> {
        Err(crate::error::Error::bad_input(
            "Sign-in mode (signIn) is only in the extension's build of this package: in a portal use proxy mode or a tokenProvider.",
        ))
    }
}
pub mod view;
#[cfg(feature = "extension")]
mod worker;

use crate::auth::{Credentials, Token};
use crate::client::{Client, Endpoint, FindMode, LocalFuture, ProvidedToken, ProviderFailure, TokenProvider, TokenSource};
use crate::error::Error;
use crate::Observable;
use convert::{promise, to_js, to_js_error};
use fetch::FetchTransport;
/// The transport of every client in the wasm (the worker core's too: one copy of the client's code).
#[cfg(feature = "extension")]
type JsTransport = crate::worker::Guarded<FetchTransport>;
#[cfg(not(feature = "extension"))]
type JsTransport = FetchTransport;
#[cfg(feature = "extension")]
fn js_transport(t: FetchTransport) -> JsTransport {
    JsTransport::plain(t)
}
#[cfg(not(feature = "extension"))]
fn js_transport(t: FetchTransport) -> JsTransport {
    t
}
use js_sys::{Function, Promise, Reflect};
use serde::Deserialize;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** Observable types are CTIM identifiers ("ip", "domain", "sha256", ...); any string passes through. */
export interface Observable { type: string; value: string; }

export interface FindOptions { /** default true */ local?: boolean; /** default false: also ask the Inspect API */ inspect?: boolean; }

/** An observable for the respond view. `defanged`: written defanged in the source (local only). */
export interface FoundObservable { type: string; value: string; defanged: boolean; source: "local" | "inspect" | "both"; /** A reference host (a sandbox, search engine, mail gateway, the vendor's console): context, never preselected. */ reference?: true; /** decoded out of that gateway's rewritten link (local only; listed before the link) */ unwrappedFrom?: string; }

/** Token as the extension persists it in chrome.storage.session. Never give it to a web page. */
export interface TokenState { accessToken: string; expiresAtMs: number; scopes: string[]; }

export interface ClientOptions {
  /** Proxy mode (recommended for portals): baseUrl (and privateIntelUrl, by default the same) is the portal's own path that forwards to Threat Response ("/securex" or "https://portal.example.com/securex", on the page's origin). No token in the page: requests carry no Authorization and go with the portal's same-origin cookies; the back end checks its session, adds the token, forwards. No tokenProvider, clientId, clientSecret, signIn or token with it. */
  proxy?: boolean;
  /** "us" | "eu" | "apjc": where the API client was created. Exactly one of region / baseUrl. */
  region?: "us" | "eu" | "apjc";
  /** https://host[:port]; http only for 127.0.0.1 / localhost. */
  baseUrl?: string;
  /** Casebooks' private intelligence host, for a custom baseUrl (a region brings its own). */
  privateIntelUrl?: string;
  /** Client-credentials mode: for the extension service worker only, never in a web page. */
  clientId?: string;
  clientSecret?: string;
  /** Token-provider mode (web pages): your back end exchanges the token. Called when a token is needed and once again after a 401. */
  tokenProvider?: () => Promise<{ accessToken: string; expiresIn: number }>;
  /** Per-request timeout, 1000..300000 ms; default 20000. */
  timeoutMs?: number;
  /** A token saved from tokenState(), to skip an exchange after a restart. */
  token?: TokenState;
  /** Sign-in mode (a person signed in with an auth-code client; no secret): see beginSignIn. */
  signIn?: SignInOptions;
  /** Sign-in mode: called, during the call, with what signInState() would now give when a refresh rotated the refresh token or ended the sign-in. Save it then: the server no longer takes the old one. */
  onSignInChange?: (state: SignInState) => void;
}

export interface ModuleError {
  module?: string; moduleInstanceId?: string; moduleTypeId?: string;
  code?: string; message?: string; type?: "fatal" | "warning" | "error" | string;
}

export interface Action {
  id: string; title: string; description: string;
  /** Relative to /iroh/iroh-response; passed back verbatim to trigger(). */
  url: string;
  module: string; moduleInstanceId: string; moduleTypeId?: string;
  /** Empty when the module sends none (e.g. orchestration workflows). */
  categories: string[];
  /** The observable the action acts on (from its url), for the confirmation step. */
  observable?: Observable;
}

/** One module's actions and per-module errors, in order of first appearance. */
export interface ModuleGroup { module: string; moduleInstanceId: string; actions: Action[]; errors: ModuleError[]; }

export interface Actions { actions: Action[]; errors: ModuleError[]; modules: ModuleGroup[]; }

/** `succeeded`: the module said "success" (any other status is not shown as done). */
export interface TriggerResult { status: "success" | "failure" | string; succeeded: boolean; errors: ModuleError[]; }

/** Disposition: 1 Clean, 2 Malicious, 3 Suspicious, 4 Common, 5 Unknown. */
export interface Verdict { module: string; disposition: number; dispositionName: string; startTime?: string; endTime?: string; /** endTime as people read it: "until 1 Jan 2525", "expires in 2 hours". */ valid?: string; }
/** Per observable asked: the worst disposition (Malicious > Suspicious > Clean > Common > Unknown) and each module's verdict. */
export interface ObservableVerdicts { type: string; value: string; disposition: number; dispositionName: string; verdicts: Verdict[]; /** A URL no module knows whose domain is Malicious or Suspicious: "its domain evil.com is Malicious". */ hint?: string; }
export interface Verdicts { observables: ObservableVerdicts[]; errors: ModuleError[]; }
/** A pivot link; render it as a link only when `clickable` (absolute https). */
export interface Pivot { id: string; title: string; description: string; url: string; module: string; categories: string[]; clickable: boolean; observable?: Observable; }
export interface Pivots { pivots: Pivot[]; errors: ModuleError[]; }

/** `enrich`: enrich:read (verdicts, pivots, sightings); `casebook`: casebook or private-intel. */
/** A feature and whether the granted scopes allow it; `reason` says why not (or why read-only). */
export interface Feature { id: "find" | "respond" | "enrich" | "casebooks"; on: boolean; readOnly?: boolean; reason: string; }
/** The organisation's API calls left this hour (X-RateLimit-Org-Remaining of the newest answer). */
export interface RateBudget { limit?: number; remaining: number; }
export interface ConnectionInfo { baseUrl: string; scopes: string[]; missingScopes: string[]; enrich: boolean; casebook: boolean; features: Feature[]; /** sign-in mode: who (whoami; "" when the server names nobody) */ user?: string; budget?: RateBudget; }

export type ErrorCode = "invalid-credentials" | "missing-scope" | "rate-limited" | "network" | "timeout" | "server" | "bad-response" | "bad-input" | "signed-out";

/** Every rejection is an Error with these fields; `message` says what to do. */
export interface SecureXRespondError extends Error {
  code: ErrorCode;
  missingScopes?: string[];
  retryAfter?: number;
  rateLimit?: number;
  status?: number;
  traceId?: string;
  /** Trigger only: the action may or may not have run; check the module's console. */
  outcomeUnknown?: boolean;
  /** The fix is in the setup (credentials, scopes, the extension's settings), not a retry. */
  setup?: boolean;
  /** Not signed in, or the sign-in ended: offer "Sign in again". */
  signIn?: boolean;
}
"#;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Options {
    region: Option<String>,
    base_url: Option<String>,
    private_intel_url: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
    timeout_ms: Option<f64>,
    token: Option<Token>,
    /// Sign-in mode (`signin.rs`): `{ clientId, refreshToken?, user? }`.
    sign_in: Option<signin_options::SignInJs>,
    /// Proxy mode (`TokenSource::Proxy`).
    proxy: Option<bool>,
}

/// The Threat Response client (see `ClientOptions`).
#[wasm_bindgen(js_name = Client)]
pub struct JsClient {
    inner: Rc<Client<JsTransport>>,
}

#[wasm_bindgen(js_class = Client)]
impl JsClient {
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "ClientOptions")] options: JsValue) -> Result<JsClient, JsValue> {
        build_client(&options).map(|inner| JsClient { inner: Rc::new(inner) }).map_err(to_js_error)
    }

    /// Observables in `text`: local extraction by default (no API call); `{ inspect: true }`
    /// also asks Inspect (union, deduplicated); `{ local: false, inspect: true }` only Inspect.
    #[wasm_bindgen(unchecked_return_type = "Promise<FoundObservable[]>")]
    pub fn find(&self, text: JsValue, #[wasm_bindgen(unchecked_param_type = "FindOptions | undefined")] options: JsValue) -> Promise {
        let inner = self.inner.clone();
        promise(async move {
            let text = text.as_string().ok_or_else(|| Error::bad_input("find() takes the text as a string."))?;
            let get = |k: &str| Reflect::get(&options, &JsValue::from_str(k)).ok().and_then(|v| v.as_bool());
            let (local, inspect) = if options.is_object() { (get("local").unwrap_or(true), get("inspect").unwrap_or(false)) } else { (true, false) };
            let mode = match (local, inspect) {
                (true, false) => FindMode::Local,
                (false, true) => FindMode::Inspect,
                (true, true) => FindMode::Both,
                (false, false) => return Err(Error::bad_input("find() needs local or inspect (or both) enabled.")),
            };
            inner.find(&text, mode).await
        })
    }

    /// Text → observables via the Inspect API (deduplicated, order kept).
    #[wasm_bindgen(unchecked_return_type = "Promise<Observable[]>")]
    pub fn inspect(&self, text: JsValue) -> Promise {
        let inner = self.inner.clone();
        promise(async move {
            let text = text.as_string().ok_or_else(|| Error::bad_input("inspect() takes the text as a string."))?;
            inner.inspect(&text).await
        })
    }

    /// The response actions offered for these observables, with per-module errors.
    #[wasm_bindgen(unchecked_return_type = "Promise<Actions>")]
    pub fn actions(&self, #[wasm_bindgen(unchecked_param_type = "Observable[]")] observables: JsValue) -> Promise {
        let inner = self.inner.clone();
        promise(async move {
            let list = observables_from_js("actions", observables)?;
            inner.actions(&list).await
        })
    }

    /// Triggers one action (an object from `actions()`, or its `url`). Confirm with the user first.
    #[wasm_bindgen(unchecked_return_type = "Promise<TriggerResult>")]
    pub fn trigger(&self, #[wasm_bindgen(unchecked_param_type = "Action | string")] action: JsValue) -> Promise {
        let inner = self.inner.clone();
        promise(async move {
            let url = action_url_from_js(&action)?;
            inner.trigger(&url).await
        })
    }

    /// Verdicts per observable (needs the `enrich:read` scope).
    #[wasm_bindgen(unchecked_return_type = "Promise<Verdicts>")]
    pub fn verdicts(&self, #[wasm_bindgen(unchecked_param_type = "Observable[]")] observables: JsValue) -> Promise {
        let inner = self.inner.clone();
        promise(async move {
            let list = observables_from_js("verdicts", observables)?;
            inner.verdicts(&list).await
        })
    }

    /// Pivot links for the observables (needs the `enrich:read` scope).
    #[wasm_bindgen(unchecked_return_type = "Promise<Pivots>")]
    pub fn pivots(&self, #[wasm_bindgen(unchecked_param_type = "Observable[]")] observables: JsValue) -> Promise {
        let inner = self.inner.clone();
        promise(async move {
            let list = observables_from_js("pivots", observables)?;
            inner.pivots(&list).await
        })
    }

    /// Exchanges (or reuses) a token and reports granted and missing scopes.
    #[wasm_bindgen(js_name = checkConnection, unchecked_return_type = "Promise<ConnectionInfo>")]
    pub fn check_connection(&self) -> Promise {
        let inner = self.inner.clone();
        promise(async move { inner.check_connection().await })
    }

    /// The cached token, for `chrome.storage.session`; `undefined` when none.
    /// The organisation's API calls left this hour, as the newest answer said.
    #[wasm_bindgen(js_name = budget, unchecked_return_type = "RateBudget | undefined")]
    pub fn budget(&self) -> JsValue {
        self.inner.budget().and_then(|b| to_js(&b).ok()).unwrap_or(JsValue::UNDEFINED)
    }

    #[wasm_bindgen(js_name = tokenState, unchecked_return_type = "TokenState | undefined")]
    pub fn token_state(&self) -> JsValue {
        match self.inner.token_snapshot() {
            Some(t) => to_js(&t).unwrap_or(JsValue::UNDEFINED),
            None => JsValue::UNDEFINED,
        }
    }

    /// The checked base URL this client talks to.
    #[wasm_bindgen(getter, js_name = baseUrl)]
    pub fn base_url(&self) -> String {
        self.inner.endpoint().base_url.clone()
    }
}

fn build_client(options: &JsValue) -> Result<Client<JsTransport>, Error> {
    if !options.is_object() {
        return Err(Error::bad_input(
            "new Client() takes an options object: { region | baseUrl, clientId, clientSecret } or { region | baseUrl, tokenProvider }.",
        ));
    }
    let provider = Reflect::get(options, &JsValue::from_str("tokenProvider")).unwrap_or(JsValue::UNDEFINED);
    let opts: Options = serde_wasm_bindgen::from_value(options.clone()).map_err(|e| {
        Error::bad_input(format!(
            "The Client options are malformed ({e}). Expected {{ region | baseUrl, clientId, clientSecret, timeoutMs }} with string values."
        ))
    })?;
    if opts.proxy == Some(true) {
        return proxy_client(options, &opts, &provider);
    }
    let endpoint =
        Endpoint::new(opts.region.as_deref(), opts.base_url.as_deref(), opts.timeout_ms)?.with_private_intel_url(opts.private_intel_url.as_deref())?;
    let has_creds = opts.client_id.is_some() || opts.client_secret.is_some();
    let source = match (provider.dyn_into::<Function>(), has_creds) {
        (Ok(_), true) => return Err(Error::bad_input("Give either clientId/clientSecret or a tokenProvider, not both.")),
        (Ok(f), false) => TokenSource::Provider(Box::new(JsTokenProvider(f, endpoint.timeout_ms))),
        (Err(p), _) if !p.is_undefined() && !p.is_null() => {
            return Err(Error::bad_input("tokenProvider must be a function returning a Promise of { accessToken, expiresIn }."))
        }
        (Err(_), false) if opts.sign_in.is_some() => signin_options::source(opts.sign_in.clone())?,
        (Err(_), _) if opts.sign_in.is_some() => return Err(Error::bad_input("Give either clientId/clientSecret or signIn, not both.")),
        (Err(_), _) => TokenSource::Credentials(Credentials::new(opts.client_id.as_deref().unwrap_or(""), opts.client_secret.as_deref().unwrap_or(""))?),
    };
    let on_sign_in_change = match Reflect::get(options, &JsValue::from_str("onSignInChange")).unwrap_or(JsValue::UNDEFINED) {
        v if v.is_undefined() || v.is_null() => None,
        v => Some(v.dyn_into::<Function>().map_err(|_| Error::bad_input("onSignInChange must be a function taking the sign-in to save."))?),
    };
    let client = Client::new(js_transport(FetchTransport { on_sign_in_change, same_origin_credentials: false }), endpoint, source);
    if let Some(t) = opts.token {
        client.seed_token(t);
    }
    Ok(client)
}

/// Proxy mode: the endpoint on the page's own origin (`location.origin` of the page or worker),
/// no token source of any kind, and the portal's same-origin cookies on every request.
fn proxy_client(options: &JsValue, opts: &Options, provider: &JsValue) -> Result<Client<JsTransport>, Error> {
    let given = |k: &str| Reflect::get(options, &JsValue::from_str(k)).is_ok_and(|v| !v.is_undefined() && !v.is_null());
    let extra: Vec<&str> = ["tokenProvider", "clientId", "clientSecret", "signIn", "token", "onSignInChange"].into_iter().filter(|k| given(k)).collect();
    if !extra.is_empty() || !provider.is_undefined() && !provider.is_null() {
        return Err(Error::bad_input(format!(
            "In proxy mode the portal's back end adds the token: give no {} (remove proxy to use a token provider instead).",
            extra.join(", ")
        )));
    }
    let location = Reflect::get(&js_sys::global(), &JsValue::from_str("location")).unwrap_or(JsValue::UNDEFINED);
    let page_origin = Reflect::get(&location, &JsValue::from_str("origin")).ok().and_then(|o| o.as_string());
    let endpoint =
        Endpoint::proxy(opts.region.as_deref(), opts.base_url.as_deref(), opts.private_intel_url.as_deref(), opts.timeout_ms, page_origin.as_deref())?;
    Ok(Client::new(js_transport(FetchTransport { on_sign_in_change: None, same_origin_credentials: true }), endpoint, TokenSource::Proxy))
}

/// The portal's token callback, and the client's timeout: a provider that never settles would
/// otherwise hold the token exchange (and every call queued behind it) for good.
struct JsTokenProvider(Function, u32);

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ProvidedJs {
    access_token: String,
    expires_in: f64,
}

impl TokenProvider for JsTokenProvider {
    fn provide(&self) -> LocalFuture<'_, Result<ProvidedToken, ProviderFailure>> {
        Box::pin(async move {
            let returned = self.0.call0(&JsValue::NULL).map_err(provider_failure)?;
            let raced = Promise::race(&js_sys::Array::of2(&Promise::resolve(&returned), &provider_deadline(self.1)));
            let value = JsFuture::from(raced).await.map_err(provider_failure)?;
            let t: ProvidedJs = serde_wasm_bindgen::from_value(value).map_err(|_| ProviderFailure::Malformed)?;
            Ok(ProvidedToken { access_token: t.access_token, expires_in_secs: t.expires_in })
        })
    }
}

/// A promise rejected after `ms` with a `timeout` failure (the global's setTimeout: window or worker).
fn provider_deadline(ms: u32) -> Promise {
    Promise::new(&mut |_, reject| {
        let failure = js_sys::Object::new();
        let message = String::from(crate::view::ErrorText::ProviderNoAnswer { wait: crate::api::human_seconds(u64::from(ms / 1000)) });
        let _ = Reflect::set(&failure, &"code".into(), &"timeout".into());
        let _ = Reflect::set(&failure, &"message".into(), &message.into());
        let fire = Closure::once_into_js(move || reject.call1(&JsValue::NULL, &failure));
        let set_timeout = Reflect::get(&js_sys::global(), &"setTimeout".into()).ok().and_then(|f| f.dyn_into::<Function>().ok());
        if let Some(set_timeout) = set_timeout {
            let _ = set_timeout.call2(&JsValue::NULL, &fire, &JsValue::from(ms));
        }
    })
}

/// What a provider threw: its `code` and `message` (or the thrown string), at most 4096
/// UTF-16 units of each copied into wasm memory.
fn provider_failure(e: JsValue) -> ProviderFailure {
    let text = |v: JsValue| v.dyn_into::<js_sys::JsString>().ok().map(|s| String::from(if s.length() > 4096 { s.slice(0, 4096) } else { s }));
    let field = |k: &str| Reflect::get(&e, &JsValue::from_str(k)).ok().and_then(text);
    let message = field("message").or_else(|| text(e.clone()));
    ProviderFailure::Failed { code: field("code"), message }
}

/// The observables argument of `call` (`actions`, `verdicts`, `pivots`); a refusal names that call.
fn observables_from_js(call: &str, v: JsValue) -> Result<Vec<Observable>, Error> {
    serde_wasm_bindgen::from_value(v)
        .map_err(|_| Error::bad_input(format!("{call}() takes an array of observables: [{{ type: \"domain\", value: \"example.com\" }}, ...].")))
}

fn action_url_from_js(v: &JsValue) -> Result<String, Error> {
    if let Some(s) = v.as_string() {
        return Ok(s);
    }
    if v.is_object() {
        if let Some(u) = Reflect::get(v, &JsValue::from_str("url")).ok().and_then(|u| u.as_string()) {
            return Ok(u);
        }
    }
    Err(Error::bad_input("trigger() takes an action returned by actions() (an object with its url)."))
}
