//! The shapes the decisions hand over: what pages may see ([`Public`], never a secret), the
//! options of `new Client(...)` and the worker's client plan, and the sign-in's parts of them.

use super::endpoint::EndpointCheck;
use super::precedence::SecretFrom;
use crate::auth::Token;
use serde::Serialize;

/// What pages may know about the settings: never the secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Public {
    /// The region id in effect, or "" with a base URL.
    pub region: &'static str,
    pub base_url: String,
    pub client_id: String,
    pub has_secret: bool,
    pub secret_from: SecretFrom,
    /// The host the user's saved secret was entered for ("" when none).
    pub secret_for: String,
    /// Where the user's secret is kept: "device" (storage.local) or "session".
    pub remember: &'static str,
    /// The settings the policy sets.
    pub managed: Vec<&'static str>,
    /// The policy locks every setting.
    pub locked: bool,
    /// Where the settings come from: "user", "dev-config" or "none".
    pub source: &'static str,
    pub ask_inspect: bool,
    /// "Show verdicts and pivots": on unless turned off.
    pub enrich: bool,
    /// "Show sightings" (one more call per respond): on unless turned off.
    pub sightings: bool,
    /// "Append an audit note to the chosen casebook after each confirmed action": off unless on.
    pub audit_note: bool,
    /// "Language": "en" or "ja" as chosen in the options; "" follows the browser's UI language.
    pub language: &'static str,
    /// The private intelligence URL given beside a custom base URL ("" for a region).
    pub private_intel_url: String,
    /// Casebooks can be reached: a region, or a custom base URL with its private intelligence URL.
    pub casebooks: bool,
    /// The checked base URL calls go to (as given when it is not usable).
    pub effective_base_url: String,
    /// Its host and port, for "connected to" lines.
    pub host: String,
    /// A client can be made: a client id, a secret allowed for this host, a usable base URL.
    pub configured: bool,
    /// What the options page may not change: any of "host", "clientId", "clientSecret",
    /// "remember", "save".
    pub read_only: Vec<&'static str>,
    /// What the options page says about the policy ("" when there is none).
    pub policy_notice: String,
    /// The placeholder of the options page's secret field: where the secret in use comes from.
    pub secret_hint: String,
    /// The policy's extra reference hosts (`reference_hosts.rs`); omitted when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reference_hosts: Vec<String>,
    /// A saved secret or sign-in that could not be decrypted (issue 21.7): what to do ("" when none).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub storage_notice: String,
    /// Sign-in mode only: `authMode`, who is signed in (`signin.rs`); nothing in shared mode.
    #[serde(flatten)]
    pub sign_in: Option<SignInPublic>,
}

/// Options for `new Client(...)`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientOptions {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    /// Beside a custom base URL: where casebooks are (a region brings its own).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_intel_url: Option<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub client_id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub client_secret: String,
    /// Sign-in mode: the auth-code client id and the saved refresh token (`signin.rs`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sign_in: Option<SignInOptions>,
    /// The token saved for these settings, to skip an exchange after a worker restart.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<Token>,
}

/// The worker's client for the stored settings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClientPlan {
    pub options: ClientOptions,
    /// Changes when any of region, base URL, client id or secret changes: a new client then.
    pub key: String,
    /// What a saved token is bound to (region, base URL, client id); saved with it.
    pub binding: String,
    /// For casebook calls beside a custom base URL: the private-intel host, whose permission the
    /// worker checks too (a revoked one is then named, not a network error). See [`intel_host`].
    #[serde(rename = "intelHost", skip_serializing_if = "Option::is_none")]
    pub intel_host: Option<EndpointCheck>,
    /// The sign-in generation this client was made in (`signin.rs`): its later writes of tokens
    /// are dropped once a sign-out or a new sign-in started another one.
    pub generation: u64,
}

/// The two ways to connect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AuthMode {
    SignIn,
    Shared,
}

/// `signIn` of the client options: `new Client({ …, signIn })`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SignInOptions {
    pub client_id: String,
    /// A confidential client's password (for its own host only, as decided for the shared
    /// mode's secret); absent for a public client.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    /// The policy's `signInScopes`, when it narrows what a sign-in requests.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
}

/// What pages see of the sign-in (flattened into [`Public`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SignInPublic {
    pub auth_mode: AuthMode,
    /// Signed in (a refresh token is saved for these settings).
    pub signed_in: bool,
    /// Who, as the token answer said ("" when it did not, or when signed out).
    pub user: String,
    /// The refresh token is kept on this device (storage.local) rather than for this session.
    pub stay_signed_in: bool,
    /// What the granted scopes of the saved token allow, and why not (empty before a token).
    pub features: Vec<crate::auth::Feature>,
}
