//! The extension's settings, decided in one place: which host, client id and secret a
//! connection uses, where a secret may go, what Save writes and removes, and what pages may
//! see. The service worker reads `chrome.storage` into a [`Stored`], asks one of the functions
//! below, and writes what a [`StoragePlan`] says; it decides nothing itself.
//!
//! The rules (issue 11, item 1):
//! - Policy values win over the user's, the user's over the dev copy's defaults.
//! - The administrator's secret (policy `clientSecret`) goes only to the policy's host, or to
//!   the default region (US) when the policy names none; a form asking for another host is
//!   refused. It is never stored.
//! - A user's secret is stored with the origin it was entered for (`secretOrigin`) and used
//!   only there; for another host it must be typed again. A secret stored without its origin
//!   (written by an older version, which also stored the administrator's) is never used and is
//!   removed.
//!
//! What it reads (the worker's `sw-storage.js` names every key):
//! ```text
//! local   { settings: {region, baseUrl, privateIntelUrl, clientId, remember}, secret, secretOrigin,
//!           askInspect, enrich, sightings, auditNote }
//! session { secret, secretOrigin, token: {binding, state} }
//! managed { region, baseUrl, clientId, clientSecret, locked }      (enterprise policy, read-only)
//! dev     the text of dev-config.json { baseUrl, privateIntelUrl, clientId, clientSecret }   (dev copy only)
//! ```
//! The private intelligence URL (casebooks) always comes with the host it belongs to: the
//! region's own, or the one given beside the same custom base URL (the policy's beside the
//! policy's host), so a token never goes to a casebook host chosen by someone else.
//! Stored values are read leniently: a value of the wrong type counts as absent.

use crate::auth::Token;
use crate::config::{self, Region};
use crate::error::{Error, Result};
use serde::Serialize;
use serde_json::{Map, Value};

/// The storage areas as read, and the dev defaults.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stored {
    pub local: Value,
    pub session: Value,
    pub managed: Value,
    pub dev: Option<Dev>,
    /// Keys of storage.local whose sealed value the worker opened (issue 21.7): the others of
    /// [`SEALED_LOCAL`] were stored in plain text by an older version and are re-written sealed.
    pub opened: Vec<String>,
    /// Keys of storage.local whose sealed value could not be opened (the key in IndexedDB is
    /// gone): handed over as absent, with a notice to enter the secret or sign in again.
    pub unreadable: Vec<String>,
}

/// The values of storage.local that are sealed (issue 21.7): the user's client secret
/// ("remember on this device") and the "Stay signed in" sign-in with its refresh token. Any
/// context of the extension can read storage.local, its content scripts on arbitrary pages
/// too; the worker encrypts these keys (AES-GCM, a non-extractable key in the extension
/// origin's IndexedDB, `sw-seal.js`) before writing them and decrypts them before handing
/// storage to the core. A plan names them in `local.seal` (see [`StoragePlan`]).
pub const SEALED_LOCAL: &[&str] = &["secret", "signin"];

const LOST_SECRET: &str = "The client secret saved on this device can no longer be decrypted: the extension's key is gone (for example, the browser's site data was cleared). Open the extension options and enter the client secret again.";
const LOST_SIGNIN: &str = "Signed out: the sign-in kept on this device can no longer be decrypted: the extension's key is gone (for example, the browser's site data was cleared). Sign in again.";

/// `dev-config.json`, present only in the dev copy `cargo xtask demo` builds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dev {
    pub base_url: String,
    pub private_intel_url: String,
    pub client_id: String,
    pub client_secret: String,
}

impl Dev {
    /// The file's text; `None` unless it is a JSON object.
    pub fn parse(text: &str) -> Option<Dev> {
        let v: Value = serde_json::from_str(text).ok()?;
        v.is_object().then(|| Dev {
            base_url: text_of(&v, "baseUrl").to_string(),
            private_intel_url: text_of(&v, "privateIntelUrl").to_string(),
            client_id: text_of(&v, "clientId").to_string(),
            client_secret: text_of(&v, "clientSecret").to_string(),
        })
    }
}

impl Stored {
    /// From `{ local, session, managed, dev, opened?, unreadable? }`, `dev` being the text of
    /// dev-config.json or null; the values of `local` named in `opened` are the JSON text of
    /// what the worker unsealed (text that is not JSON counts as absent).
    pub fn from_value(v: &Value) -> Stored {
        let opened = strings(v, "opened");
        let mut local = field(v, "local").clone();
        if let Some(l) = local.as_object_mut() {
            for k in &opened {
                if let Some(slot) = l.get_mut(k) {
                    *slot = slot.as_str().and_then(|t| serde_json::from_str(t).ok()).unwrap_or(Value::Null);
                }
            }
        }
        Stored {
            local,
            session: field(v, "session").clone(),
            managed: field(v, "managed").clone(),
            dev: v.get("dev").and_then(Value::as_str).and_then(Dev::parse),
            opened,
            unreadable: strings(v, "unreadable"),
        }
    }

    /// A sealed value of storage.local that could not be opened (counted as absent).
    fn lost(&self, key: &str) -> bool {
        self.unreadable.iter().any(|k| k == key)
    }

    /// The user's settings object, when one was saved.
    fn user_settings(&self) -> Option<&Value> {
        Some(field(&self.local, "settings")).filter(|s| truthy(s))
    }

    /// The user's secret and the origin it was entered for: storage.local's when it holds one
    /// with its origin, else storage.session's. A secret without its origin does not count.
    fn user_secret(&self) -> (&str, &str) {
        let (secret, origin, _) = self.user_secret_bound();
        (secret, origin)
    }

    /// [`Self::user_secret`] and the private intelligence origin it was entered with ("" for
    /// none: a region's own, or no custom one), issue 21.8.
    fn user_secret_bound(&self) -> (&str, &str, &str) {
        let with_origin = |area: &Value| !text_of(area, "secret").is_empty() && !text_of(area, "secretOrigin").is_empty();
        let saved = if with_origin(&self.local) { &self.local } else { &self.session };
        let secret = if with_origin(saved) { text_of(saved, "secret") } else { "" };
        (secret, text_of(saved, "secretOrigin"), text_of(saved, "secretIntel"))
    }

    fn locked(&self) -> bool {
        field(&self.managed, "locked") == &Value::Bool(true)
    }

    fn enrich(&self) -> bool {
        field(&self.local, "enrich") != &Value::Bool(false)
    }

    /// "Show sightings": on unless turned off.
    fn sightings(&self) -> bool {
        field(&self.local, "sightings") != &Value::Bool(false)
    }

    /// "Append an audit note to the chosen casebook": off unless turned on.
    fn audit_note(&self) -> bool {
        field(&self.local, "auditNote") == &Value::Bool(true)
    }
}

fn strings(v: &Value, key: &str) -> Vec<String> {
    field(v, key).as_array().map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_string)).collect()).unwrap_or_default()
}

fn field<'a>(v: &'a Value, key: &str) -> &'a Value {
    v.get(key).unwrap_or(&Value::Null)
}

/// A string value, or "" for anything else.
fn text_of<'a>(v: &'a Value, key: &str) -> &'a str {
    field(v, key).as_str().unwrap_or("")
}

/// JavaScript's truthiness, which the stored formats were written with.
fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}

/// A region (by its exact id) or a base URL as given; the base URL wins when both are set.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Host {
    /// A region id, or "" with a base URL (or with nothing: the default region).
    region: &'static str,
    base_url: String,
    /// Beside a base URL only: its private intelligence URL as given ("" when none).
    private_intel_url: String,
}

impl Host {
    /// What a form, the user's settings or the policy choose: a trimmed base URL, else a known
    /// region id, else the default region.
    fn chosen_by(v: &Value) -> Host {
        let base_url = text_of(v, "baseUrl").trim();
        if !base_url.is_empty() {
            return Host { region: "", base_url: base_url.to_string(), private_intel_url: text_of(v, "privateIntelUrl").trim().to_string() };
        }
        Host { region: Region::from_id(text_of(v, "region")).unwrap_or(Region::ALL[0]).id(), base_url: String::new(), private_intel_url: String::new() }
    }

    /// The dev copy's base URL and private intelligence URL as given; none: the default region.
    fn of_dev(d: &Dev) -> Host {
        Host::chosen_by(&serde_json::json!({ "baseUrl": d.base_url, "privateIntelUrl": d.private_intel_url }))
    }

    /// The private intelligence URL to give `new Client` beside a base URL (a region brings
    /// its own): checked, or `None` when none was given.
    fn private_intel(&self) -> Result<Option<String>> {
        if self.base_url.is_empty() || self.private_intel_url.is_empty() {
            return Ok(None);
        }
        crate::intel::check_private_intel_url(&self.private_intel_url).map(Some)
    }

    /// The origin of the custom private intelligence URL beside a base URL ("" for none): a
    /// saved secret is bound to it as to the base URL, since the token it gets goes there too.
    fn intel_origin(&self) -> String {
        match self.private_intel() {
            Ok(Some(u)) => config::origin_of_base_url(&u),
            Ok(None) => String::new(),
            // Unusable: compared as written (the URL's own check says what is wrong with it).
            Err(_) => self.private_intel_url.trim_end_matches('/').to_string(),
        }
    }

    /// Casebooks can be reached: a region, or a base URL with a usable private intelligence URL.
    fn casebooks(&self) -> bool {
        self.base_url.is_empty() || self.private_intel().is_ok_and(|u| u.is_some())
    }

    /// The checked base URL calls go to.
    fn endpoint(&self) -> Result<String> {
        if self.base_url.is_empty() {
            Ok(Region::from_id(self.region).unwrap_or(Region::ALL[0]).base_url().to_string())
        } else {
            config::check_base_url(&self.base_url)
        }
    }

    /// The origin a secret is bound to; "" when the base URL is not usable.
    fn origin(&self) -> String {
        self.endpoint().map(|b| config::origin_of_base_url(&b)).unwrap_or_default()
    }
}

/// "host[:port]" of an origin, for messages.
fn host_name(origin: &str) -> &str {
    match origin.split_once("://") {
        Some((_, host)) if !host.is_empty() => host,
        _ => "another host",
    }
}

/// Where the secret in use comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SecretFrom {
    #[serde(rename = "")]
    Unset,
    /// The administrator's policy (never stored).
    Policy,
    /// Typed in the options form just now.
    Form,
    /// The user's saved secret, for this origin.
    Saved,
    /// The dev copy's demo secret, for the dev host.
    Dev,
}

/// THE decision of which host, client id and secret a connection uses.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Connection {
    host: Host,
    origin: String,
    client_id: String,
    client_secret: String,
    secret_from: SecretFrom,
    /// Why no secret is sent (then `client_secret` is empty).
    refused: Option<String>,
}

/// `form` is what the options page sent (Save, Test connection), or `None` for the worker's
/// own calls, whose host comes from the stored settings.
fn decide(s: &Stored, form: Option<&Value>) -> Connection {
    let m = &s.managed;
    let user = s.user_settings();
    let (user_secret, user_origin) = s.user_secret();
    let policy_host = (truthy(field(m, "baseUrl")) || truthy(field(m, "region"))).then(|| Host::chosen_by(m));
    let wanted = match (form, user, &s.dev) {
        (Some(f), _, _) => Host::chosen_by(f),
        (None, Some(u), _) => Host::chosen_by(u),
        (None, None, Some(d)) => Host::of_dev(d),
        (None, None, None) => Host::chosen_by(&Value::Null),
    };
    let policy_secret = text_of(m, "clientSecret");
    let host = match &policy_host {
        Some(h) => h.clone(),
        None if !policy_secret.is_empty() => Host::chosen_by(&Value::Null),
        None => wanted.clone(),
    };
    let origin = host.origin();
    let client_id = if !text_of(m, "clientId").is_empty() {
        text_of(m, "clientId")
    } else if let Some(f) = form {
        text_of(f, "clientId")
    } else if let Some(u) = user {
        text_of(u, "clientId")
    } else {
        s.dev.as_ref().map_or("", |d| d.client_id.as_str())
    };
    let mut out =
        Connection { host, origin, client_id: client_id.trim().to_string(), client_secret: String::new(), secret_from: SecretFrom::Unset, refused: None };
    let typed = form.map_or("", |f| text_of(f, "clientSecret"));
    if !policy_secret.is_empty() {
        let asked = wanted.origin();
        if form.is_some() && asked != out.origin {
            out.refused = Some(format!(
                "Not sent: your administrator set the client secret, so it goes only to {}, {}, never to another host ({}).{}",
                host_name(&out.origin),
                if policy_host.is_some() { "the host in the policy" } else { "the default region, because the policy names no region or base URL" },
                host_name(&asked),
                if policy_host.is_some() { "" } else { " Ask your administrator to set the region or base URL in the policy." },
            ));
        } else {
            out.client_secret = policy_secret.to_string();
            out.secret_from = SecretFrom::Policy;
        }
    } else if !typed.is_empty() {
        out.client_secret = typed.to_string();
        out.secret_from = SecretFrom::Form;
    } else if !user_secret.is_empty() {
        let (_, _, user_intel) = s.user_secret_bound();
        // A policy's private intelligence URL is the administrator's: trusted like its host.
        let intel = out.host.intel_origin();
        if user_origin == out.origin && user_intel != intel && policy_host.is_none() {
            out.refused = Some(format!(
                "Not sent: the saved client secret was entered with {} and is never used with another private intelligence URL ({}): the token it gets would go there. Enter the client secret again.",
                if user_intel.is_empty() { "no private intelligence URL".to_string() } else { format!("the private intelligence URL {}", host_name(user_intel)) },
                if intel.is_empty() { "none".to_string() } else { host_name(&intel).to_string() },
            ));
        } else if user_origin == out.origin {
            out.client_secret = user_secret.to_string();
            out.secret_from = SecretFrom::Saved;
        } else {
            out.refused = Some(format!(
                "Not sent: the saved client secret was entered for {} and is never sent to another host ({}). Enter the client secret for {}.",
                host_name(user_origin),
                host_name(&out.origin),
                host_name(&out.origin),
            ));
        }
    } else if let Some(d) = s.dev.as_ref().filter(|d| user.is_none() && !d.client_secret.is_empty()) {
        if Host::of_dev(d).origin() == out.origin {
            out.client_secret = d.client_secret.clone();
            out.secret_from = SecretFrom::Dev;
        }
    }
    out
}

fn not_set_up() -> Error {
    Error::setup("Set up the extension first: open its options and enter your API client id and secret.")
}

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
    pub sign_in: Option<signin::SignInPublic>,
}

/// The settings in effect, for the worker and (through `public`) for pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resolved {
    pub public: Public,
    /// Stored values never to be used again (a secret without its origin): removed.
    pub cleanup: StoragePlan,
}

pub fn resolve(s: &Stored) -> Resolved {
    let c = decide(s, None);
    let user = s.user_settings();
    let endpoint = c.host.endpoint();
    let configured = c.refused.is_none() && !c.client_id.is_empty() && !c.client_secret.is_empty() && endpoint.is_ok();
    let effective_base_url = endpoint.unwrap_or_else(|_| c.host.base_url.clone());
    let mut cleanup = StoragePlan::default();
    for (area, plan) in [(&s.local, &mut cleanup.local), (&s.session, &mut cleanup.session)] {
        if truthy(field(area, "secret")) && !truthy(field(area, "secretOrigin")) {
            plan.remove(SECRET_KEYS);
        }
    }
    let managed: Vec<&'static str> = ["region", "baseUrl", "clientId", "clientSecret"].into_iter().filter(|k| !text_of(&s.managed, k).is_empty()).collect();
    let by_policy = |k: &str| s.locked() || managed.contains(&k);
    let read_only = [
        ("host", by_policy("region") || by_policy("baseUrl") || by_policy("clientSecret")),
        ("clientId", by_policy("clientId")),
        ("clientSecret", by_policy("clientSecret")),
        ("remember", by_policy("clientSecret")),
        ("save", s.locked()),
    ]
    .into_iter()
    .filter_map(|(field, fixed)| fixed.then_some(field))
    .collect();
    let policy_notice = if s.locked() {
        "Your administrator manages these settings; they cannot be changed here.".to_string()
    } else if managed.is_empty() {
        String::new()
    } else {
        let default = Region::ALL[0];
        let secret_without_host = managed.contains(&"clientSecret") && !managed.contains(&"region") && !managed.contains(&"baseUrl");
        format!(
            "Set by your administrator: {}.{}",
            managed.join(", "),
            if secret_without_host {
                format!(" Their client secret is only sent to the default region ({}), because the policy names no region or base URL.", default.name())
            } else {
                String::new()
            }
        )
    };
    let secret_for = Some(s.user_secret().1).filter(|o| !o.is_empty()).map(|o| host_name(o).to_string()).unwrap_or_default();
    let secret_hint = match c.secret_from {
        SecretFrom::Form | SecretFrom::Unset if s.lost("secret") => "enter it again: the one saved on this device can no longer be decrypted".to_string(),
        SecretFrom::Policy => "set by your administrator".to_string(),
        SecretFrom::Saved => format!("saved for {secret_for} — leave empty to keep it for that host"),
        SecretFrom::Dev => "the dev configuration's demo secret".to_string(),
        SecretFrom::Form | SecretFrom::Unset if !secret_for.is_empty() => format!("enter it again: the saved one is for {secret_for} only"),
        SecretFrom::Form | SecretFrom::Unset => String::new(),
    };
    let (private_intel_url, casebooks) = (c.host.private_intel_url.clone(), c.host.casebooks());
    let mut public = Public {
        region: c.host.region,
        host: config::host_for_message(&effective_base_url).to_string(),
        base_url: c.host.base_url,
        client_id: c.client_id,
        has_secret: !c.client_secret.is_empty(),
        secret_from: c.secret_from,
        secret_for,
        remember: if user.map(|u| text_of(u, "remember")) == Some("session") { "session" } else { "device" },
        managed,
        locked: s.locked(),
        source: if user.is_some() {
            "user"
        } else if s.dev.is_some() {
            "dev-config"
        } else {
            "none"
        },
        ask_inspect: field(&s.local, "askInspect") == &Value::Bool(true),
        enrich: s.enrich(),
        sightings: s.sightings(),
        audit_note: s.audit_note(),
        private_intel_url,
        casebooks,
        effective_base_url,
        configured,
        read_only,
        policy_notice,
        secret_hint,
        reference_hosts: crate::reference_hosts::from_policy(&s.managed),
        storage_notice: if s.lost("secret") && c.secret_from == SecretFrom::Unset { LOST_SECRET.to_string() } else { String::new() },
        sign_in: None,
    };
    signin::adjust(s, &mut public);
    signin::cleanup(s, &mut cleanup);
    reseal(s, &mut cleanup);
    Resolved { public, cleanup }
}

/// Values of [`SEALED_LOCAL`] an older version stored in plain text (the worker opened no
/// envelope for them): written again, sealed, unless the cleanup removes them anyway.
fn reseal(s: &Stored, cleanup: &mut StoragePlan) {
    for key in SEALED_LOCAL {
        let v = field(&s.local, key);
        if truthy(v) && !s.opened.iter().any(|k| k == key) && !cleanup.local.remove.contains(key) {
            cleanup.local.set.insert((*key).to_string(), v.clone());
        }
    }
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
    pub sign_in: Option<signin::SignInOptions>,
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

/// The private-intel host of `plan`, for a casebook call: the custom one, or the region's (its
/// permission is in the manifest, but Firefox users can revoke it); none beside a custom base
/// URL without one.
pub fn intel_host(plan: &mut ClientPlan) {
    let custom = plan.options.private_intel_url.as_deref().map(str::trim).unwrap_or("");
    let url = match plan.options.region.and_then(Region::from_id) {
        Some(r) if custom.is_empty() => r.private_intel_url(),
        _ => custom,
    };
    plan.intel_host = if url.is_empty() { None } else { check_endpoint(&serde_json::json!({ "baseUrl": url })).ok() };
}

fn client_options(c: &Connection) -> Result<ClientOptions> {
    if let Some(r) = &c.refused {
        return Err(Error::setup(r.clone()));
    }
    if c.client_id.is_empty() || c.client_secret.is_empty() {
        return Err(not_set_up());
    }
    let base = c.host.endpoint()?;
    Ok(ClientOptions {
        region: c.host.base_url.is_empty().then_some(c.host.region).map(|r| Region::from_id(r).unwrap_or(Region::ALL[0]).id()),
        base_url: (!c.host.base_url.is_empty()).then_some(base),
        private_intel_url: c.host.private_intel()?,
        client_id: c.client_id.clone(),
        client_secret: c.client_secret.clone(),
        token: None,
        sign_in: None,
    })
}

/// The client for the worker's own calls, seeded with the token saved for the same binding.
/// `enrich`: for verdicts and pivots, refused while the user has turned them off.
pub fn client_plan(s: &Stored, enrich: bool) -> Result<ClientPlan> {
    client_plan_for(s, enrich, false)
}

/// [`client_plan`], and `sightings`: for sightings, refused while the user has turned them
/// (or verdicts and pivots) off.
pub fn client_plan_for(s: &Stored, enrich: bool, sightings: bool) -> Result<ClientPlan> {
    if enrich && !s.enrich() {
        return Err(Error::bad_input("Verdicts and pivots are turned off in the extension options."));
    }
    if sightings && !(s.sightings() && s.enrich()) {
        return Err(Error::bad_input("Sightings are turned off in the extension options."));
    }
    if signin::mode(s) == signin::AuthMode::SignIn {
        return signin::client_plan(s, false);
    }
    let c = decide(s, None);
    if c.refused.is_none() && c.client_secret.is_empty() && s.lost("secret") {
        return Err(Error::setup(LOST_SECRET));
    }
    let mut options = client_options(&c)?;
    let id = [options.region.unwrap_or(""), options.base_url.as_deref().unwrap_or(""), &options.client_id];
    let binding = serde_json::to_string(&id).unwrap_or_default();
    let intel = options.private_intel_url.as_deref().unwrap_or("");
    let key = serde_json::to_string(&[id[0], id[1], id[2], &options.client_secret, intel]).unwrap_or_default();
    let token = field(&s.session, "token");
    if text_of(token, "binding") == binding {
        options.token = serde_json::from_value(field(token, "state").clone()).ok();
    }
    Ok(ClientPlan { options, key, binding, intel_host: None, generation: signin::generation(s) })
}

/// What to write to and remove from each area. Within an area the keys set and removed are
/// disjoint, so the order of the writes does not matter.
///
/// Serialized with `local.seal`: the keys of `local.set` the worker must seal before writing
/// ([`SEALED_LOCAL`]; omitted when none). Computed here, when the plan crosses to the worker,
/// so no plan can write one of them in plain text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoragePlan {
    pub local: AreaPlan,
    pub session: AreaPlan,
}

impl StoragePlan {
    /// The keys of `local.set` to be sealed.
    pub fn seal(&self) -> Vec<&'static str> {
        SEALED_LOCAL.iter().copied().filter(|k| self.local.set.contains_key(*k)).collect()
    }
}

impl Serialize for StoragePlan {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> std::result::Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Area<'a> {
            set: &'a Map<String, Value>,
            remove: &'a [&'static str],
            #[serde(skip_serializing_if = "Vec::is_empty")]
            seal: Vec<&'static str>,
        }
        #[derive(Serialize)]
        struct Plan<'a> {
            local: Area<'a>,
            session: Area<'a>,
        }
        Plan {
            local: Area { set: &self.local.set, remove: &self.local.remove, seal: self.seal() },
            session: Area { set: &self.session.set, remove: &self.session.remove, seal: Vec::new() },
        }
        .serialize(ser)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AreaPlan {
    pub set: Map<String, Value>,
    pub remove: Vec<&'static str>,
}

impl AreaPlan {
    fn remove(&mut self, keys: &[&'static str]) {
        for k in keys {
            if !self.remove.contains(k) {
                self.remove.push(k);
            }
        }
    }
}

const SECRET_KEYS: &[&str] = &["secret", "secretOrigin", "secretIntel"];

fn check_form_base_url(form: &Value) -> Result<()> {
    let base_url = text_of(form, "baseUrl").trim();
    if !base_url.is_empty() {
        config::check_base_url(base_url)?;
        Host::chosen_by(form).private_intel()?;
    }
    Ok(())
}

/// Save in the options page. Only a secret the user typed (or kept for the same host) is
/// stored, with the origin it was entered for; the administrator's secret never is. Any
/// token is dropped (it may belong to the old settings).
pub fn plan_save(s: &Stored, form: &Value) -> Result<StoragePlan> {
    if s.locked() {
        return Err(Error::bad_input("Your administrator has locked these settings."));
    }
    check_form_base_url(form)?;
    if let Some(plan) = signin::plan_save(s, form)? {
        return Ok(plan);
    }
    let c = decide(s, Some(form));
    if let Some(r) = c.refused {
        return Err(Error::setup(r));
    }
    let remember = if text_of(form, "remember") == "session" { "session" } else { "device" };
    let host = Host::chosen_by(form);
    let base_url = if host.base_url.is_empty() { String::new() } else { host.endpoint()? };
    let mut plan = StoragePlan::default();
    let mut settings = serde_json::json!({ "region": host.region, "baseUrl": base_url, "clientId": text_of(form, "clientId").trim(), "remember": remember });
    if let Some(intel) = host.private_intel()? {
        settings["privateIntelUrl"] = Value::String(intel);
    }
    plan.local.set.insert("settings".into(), settings);
    let kept = matches!(c.secret_from, SecretFrom::Form | SecretFrom::Saved);
    keep_secret(&mut plan, remember == "device", kept.then_some(&c));
    plan.session.remove(&["token"]);
    signin::saved_as_shared(s, &mut plan);
    Ok(plan)
}

/// Where Save puts the user's secret: in the area `remember` chose (`on_device`: storage.local),
/// bound to its host's origin and its custom private intelligence origin, and removed from the
/// other area; `None`: no secret kept anywhere.
fn keep_secret(plan: &mut StoragePlan, on_device: bool, secret: Option<&Connection>) {
    let (keep, drop) = if on_device { (&mut plan.local, &mut plan.session) } else { (&mut plan.session, &mut plan.local) };
    drop.remove(SECRET_KEYS);
    let Some(c) = secret else {
        keep.remove(SECRET_KEYS);
        return;
    };
    keep.set.insert("secret".into(), Value::String(c.client_secret.clone()));
    keep.set.insert("secretOrigin".into(), Value::String(c.origin.clone()));
    let intel = c.host.intel_origin();
    if intel.is_empty() {
        keep.remove(&["secretIntel"]);
    } else {
        keep.set.insert("secretIntel".into(), Value::String(intel));
    }
}

/// Test connection in the options page: the client for what the form says (for nothing but
/// the policy's settings when they are locked).
pub fn plan_test(s: &Stored, form: Option<&Value>) -> Result<ClientOptions> {
    let empty = Value::Object(Map::new());
    let form = if s.locked() { None } else { Some(form.filter(|f| truthy(f)).unwrap_or(&empty)) };
    if let Some(f) = form {
        check_form_base_url(f)?;
    }
    let c = decide(s, form);
    if c.refused.is_none() && (c.client_id.is_empty() || c.client_secret.is_empty()) {
        // Said on the options page itself: the fix is in the fields above, not "open the options".
        let what = match (c.client_id.is_empty(), c.client_secret.is_empty()) {
            (true, true) => "the API client's id and its secret (its password in XDR)",
            (true, false) => "the API client's id",
            _ => "the API client's secret (its password in XDR)",
        };
        return Err(Error::setup(format!("Enter {what} above, then press Test connection again.")));
    }
    client_options(&c)
}

/// Display preferences, saved at once and never locked by policy: `{ enrich?, askInspect? }`,
/// booleans only.
pub fn plan_prefs(prefs: &Value) -> StoragePlan {
    let mut plan = StoragePlan::default();
    for key in ["enrich", "askInspect", "sightings", "auditNote"] {
        if let Some(b) = field(prefs, key).as_bool() {
            plan.local.set.insert(key.into(), Value::Bool(b));
        }
    }
    plan
}

/// The dev copy says so in its manifest (`version_name` "<version> dev"); only it reads
/// dev-config.json.
pub fn is_dev_build(version_name: &str) -> bool {
    let Some(before) = version_name.strip_suffix("dev") else { return false };
    !before.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
}

/// What the options page offers and asks for a region or a base URL: the checked base URL, the
/// host permission its calls need, and what to say when the browser does not grant it.
///
/// Every host needs its permission checked, a region's too: the manifest lists the regions in
/// `host_permissions`, but Firefox lets the user refuse or revoke them (and Chrome/Edge let the
/// user withhold site access). The options page asks for the permission on Save / Test
/// connection; the worker checks it before a call and throws `permission_missing` instead of
/// letting the call fail as a network error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EndpointCheck {
    pub base_url: String,
    pub origin: String,
    pub host: String,
    /// The host permission (`scheme://host/*`) for `permissions.contains` / `request`.
    pub permission: String,
    /// The error to show when the user declines the permission.
    pub permission_denied: Error,
    /// The error the worker (and so the respond view) shows when the permission is not granted.
    pub permission_missing: Error,
    /// What the options page says while the permission is not granted.
    pub permission_notice: String,
    /// A region's private-intelligence host permission (casebooks, sightings), asked for with
    /// the region's own: Firefox users can refuse or revoke it too. None beside a custom base
    /// URL, whose private-intelligence URL is checked on its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intel_permission: Option<String>,
}

/// `{ region, baseUrl }` as `new Client` takes them (exactly one).
pub fn check_endpoint(v: &Value) -> Result<EndpointCheck> {
    let base_url_given = !text_of(v, "baseUrl").trim().is_empty();
    let region = Some(text_of(v, "region")).filter(|r| !r.is_empty());
    let base = crate::client::Endpoint::new(region, Some(text_of(v, "baseUrl")), None)?.base_url;
    let host = config::host_for_message(&base).to_string();
    let permission = host_permission(&base);
    let permission_denied = if base_url_given {
        Error::setup(format!("Allow the extension to reach {host} (the browser asks when you save or test), or choose a region."))
    } else {
        Error::setup(format!(
            "Allow the extension to reach {host} (the browser asks when you save or test): without it nothing can be sent to Threat Response."
        ))
    };
    Ok(EndpointCheck {
        origin: config::origin_of_base_url(&base),
        permission_denied,
        permission_missing: Error::setup(format!(
            "This browser does not allow the extension to reach {host}: the site permission was refused or removed. Open the extension options and press Save or Test connection to allow it."
        )),
        permission_notice: format!("The browser does not allow this extension to reach {host} yet. Save or Test connection asks for it."),
        permission,
        host,
        base_url: base,
        intel_permission: region.filter(|_| !base_url_given).and_then(Region::from_id).map(|r| host_permission(r.private_intel_url())),
    })
}

/// The host permission (`scheme://host/*`) of a base URL, for `permissions.contains` / `request`.
fn host_permission(base: &str) -> String {
    let (scheme, hostname, _) = config::split_base_url(base);
    format!("{scheme}://{hostname}/*")
}

/// A region picker's entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RegionEntry {
    pub id: &'static str,
    pub name: &'static str,
    pub base_url: &'static str,
    /// "US (visibility.amp.cisco.com)".
    pub label: String,
}

pub fn regions() -> Vec<RegionEntry> {
    Region::ALL
        .into_iter()
        .map(|r| RegionEntry {
            id: r.id(),
            name: r.name(),
            base_url: r.base_url(),
            label: format!("{} ({})", r.name(), config::host_for_message(r.base_url())),
        })
        .collect()
}

mod signin;
pub use signin::{
    mode as auth_mode, plan_session, plan_session_in as signin_plan_session_in, plan_sign_out, plan_signed_in, plan_token, AuthMode, SignInOptions,
    SignInPublic,
};

/// The client for starting a sign-in (sign-in mode; no refresh token needed).
/// Save would leave a sign-in behind (another host or client id, or the shared mode): the
/// client of that sign-in, so the worker removes its grant on the server *before* the save
/// forgets its tokens (issue 21.8). `None` when the sign-in stays or there is none.
pub fn sign_in_to_end(s: &Stored, form: &Value) -> Option<ClientPlan> {
    if signin::mode(s) != signin::AuthMode::SignIn {
        return None;
    }
    let current = signin::client_plan(s, false).ok()?;
    let plan = plan_save(s, form).ok()?;
    let mut next = s.clone();
    if let (Some(local), Some(settings)) = (next.local.as_object_mut(), plan.local.set.get("settings")) {
        local.insert("settings".into(), settings.clone());
    }
    let stays = signin::mode(&next) == signin::AuthMode::SignIn && signin::client_plan(&next, true).is_ok_and(|p| p.binding == current.binding);
    (!stays).then_some(current)
}

pub fn sign_in_plan(s: &Stored) -> Result<ClientPlan> {
    if signin::mode(s) != signin::AuthMode::SignIn {
        return Err(Error::bad_input("The extension is set to use a shared API client: choose \"Sign in with your Cisco XDR account\" in its options first."));
    }
    signin::client_plan(s, true)
}

#[cfg(test)]
mod tests;
