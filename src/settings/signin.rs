//! How the extension connects (issue 16): "Sign in with your Cisco XDR account" (`signin`, the
//! recommended mode: each analyst signs in with the auth-code OAuth client's id, no secret in
//! the browser) or "Shared API client" (`shared`, client id + secret as before). The policy can
//! force the mode (`authMode`) and preset the client id and region; `locked` works as for the
//! other settings.
//!
//! What sign-in stores (`crate::worker::store` names every key):
//! ```text
//! local   settings.authMode          "signin" | "shared" (absent: shared when anything else is set up)
//! session signin {binding, refreshToken, user}   by default: gone when the browser closes
//! local   signin {binding, refreshToken, user}   with "Stay signed in on this device"
//! session token {binding, state}     the access token, as in shared mode (its binding names the mode)
//! ```
//! A refresh token saved for other settings (another host or client id) is never used, and is
//! removed.
//!
//! **Generations** (issue 21.2): every sign-in and every sign-out starts a new generation
//! (`signinGeneration` in storage.local). A client is made in one ([`ClientPlan::generation`]);
//! what it writes afterwards (its access token, a rotated refresh token, a refused refresh that
//! means "signed out") is dropped when the stored generation has moved on. So a call still
//! running at sign-out cannot write its session back, and an old client's refused refresh
//! cannot wipe a sign-in that completed meanwhile.
//!
//! A **confidential** OAuth client (XDR's default kind, contract §2c) also needs its password:
//! typed in the options or set by the policy (`clientSecret`), it is stored and bound to its
//! host exactly like the shared mode's secret (`secret` + `secretOrigin`), and sent only in
//! HTTP Basic to the token endpoint of that host. Without one, the client is public. The policy
//! may narrow the requested scopes (`signInScopes`, a list).

use super::{field, text_of, truthy, AreaPlan, AuthMode, ClientOptions, ClientPlan, Public, SignInOptions, SignInPublic, StoragePlan, Stored};
use crate::config::Region;
use crate::error::{Error, ErrorKind, Result};
use crate::session::SessionState;
use crate::view::errors::ErrorText;
use serde_json::{json, Value};

impl AuthMode {
    fn parse(v: &Value) -> Option<AuthMode> {
        v.as_str().and_then(AuthMode::of)
    }

    fn of(v: &str) -> Option<AuthMode> {
        match v {
            "signin" => Some(AuthMode::SignIn),
            "shared" => Some(AuthMode::Shared),
            _ => None,
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            AuthMode::SignIn => "signin",
            AuthMode::Shared => "shared",
        }
    }
}

const SIGNIN_KEY: &str = "signin";
/// The sign-in generation: one more at every sign-in and every sign-out.
const GENERATION_KEY: &str = "signinGeneration";

/// The generation in effect (0 before the first sign-in or sign-out).
pub fn generation(s: &Stored) -> u64 {
    field(&s.local, GENERATION_KEY).as_u64().unwrap_or(0)
}

/// A write from a client of generation `g`: still current?
fn current(s: &Stored, g: Option<u64>) -> bool {
    g.is_none_or(|g| g == generation(s))
}

fn next_generation(s: &Stored, plan: &mut StoragePlan) {
    plan.local.set.insert(GENERATION_KEY.into(), Value::from(generation(s) + 1));
}
/// The last "Stay signed in on this device" choice, so signing in again keeps it.
const STAY_KEY: &str = "staySignedIn";

fn stays(s: &Stored) -> bool {
    field(&s.local, STAY_KEY) == &Value::Bool(true)
}

/// The mode in effect: the policy's, else the user's choice, else `shared` when the extension
/// was set up before this choice existed (or is the dev copy), else `signin`.
pub fn mode(s: &Stored) -> AuthMode {
    if let Some(m) = AuthMode::parse(field(&s.managed, "authMode")) {
        return m;
    }
    let user = s.user_settings();
    if let Some(m) = user.and_then(|u| AuthMode::parse(field(u, "authMode"))) {
        return m;
    }
    if user.is_some() || s.dev.is_some() || truthy(field(&s.managed, "clientSecret")) {
        AuthMode::Shared
    } else {
        AuthMode::SignIn
    }
}

/// Region, base URL and client id a sign-in is for (a refresh token or access token saved for
/// another binding is not used), and the client options without the saved tokens.
fn binding(s: &Stored) -> Result<(String, ClientOptions)> {
    let c = super::decide(s, None);
    let base = c.host.endpoint()?;
    let region = c.host.base_url.is_empty().then_some(c.host.region).map(|r| Region::from_id(r).unwrap_or(Region::ALL[0]).id());
    let base_url = (!c.host.base_url.is_empty()).then_some(base);
    let binding = serde_json::to_string(&["signin", region.unwrap_or(""), base_url.as_deref().unwrap_or(""), &c.client_id]).unwrap_or_default();
    // A policy password that may not go to this host is an error; a saved one for another host
    // is simply not sent (the client is then public).
    if let Some(r) = c.refused.as_ref().filter(|_| truthy(field(&s.managed, "clientSecret"))) {
        return Err(Error::setup(r.clone().for_password(true)));
    }
    let scopes: Vec<String> =
        field(&s.managed, "signInScopes").as_array().map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect()).unwrap_or_default();
    crate::oauth::requested_scopes(&scopes)?;
    let sign_in = Some(SignInOptions {
        client_id: c.client_id,
        client_secret: Some(c.client_secret).filter(|p| !p.is_empty()),
        scopes: Some(scopes).filter(|s| !s.is_empty()),
        refresh_token: None,
        user: None,
    });
    let private_intel_url = c.host.private_intel()?;
    Ok((binding, ClientOptions { region, base_url, private_intel_url, client_id: String::new(), client_secret: String::new(), token: None, sign_in }))
}

/// The saved sign-in for this binding, and where it is ("device" or "session").
fn saved<'a>(s: &'a Stored, binding: &str) -> Option<(&'a Value, &'static str)> {
    let of = |area: &'a Value| Some(field(area, SIGNIN_KEY)).filter(|v| text_of(v, "binding") == binding && !text_of(v, "refreshToken").is_empty());
    of(&s.local).map(|v| (v, "device")).or_else(|| of(&s.session).map(|v| (v, "session")))
}

pub(super) fn public(s: &Stored) -> SignInPublic {
    let m = mode(s);
    let current = binding(s).ok().map(|(b, _)| b);
    let found = current.as_deref().and_then(|b| saved(s, b).map(|(v, at)| (text_of(v, "user").to_string(), at)));
    // The scopes the saved access token was granted (a person's: requested ∩ held).
    let token = field(&s.session, "token");
    let granted: Option<Vec<String>> = (found.is_some() && current.as_deref() == Some(text_of(token, "binding")))
        .then(|| field(field(token, "state"), "scopes").as_array().map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect()))
        .flatten();
    SignInPublic {
        features: granted.map(|g| crate::auth::features(Some(&g))).unwrap_or_default(),
        auth_mode: m,
        signed_in: m == AuthMode::SignIn && found.is_some(),
        user: if m == AuthMode::SignIn { found.as_ref().map(|f| f.0.clone()).unwrap_or_default() } else { String::new() },
        stay_signed_in: found.map_or(stays(s), |f| f.1 == "device"),
    }
}

/// Sign-in mode changes what "configured" means (signed in, no secret) and what the options
/// page may change (`authMode` when the policy sets it or locks everything).
pub(super) fn adjust(s: &Stored, p: &mut Public) {
    if truthy(field(&s.managed, "authMode")) {
        p.read_only.push("authMode");
    }
    if mode(s) == AuthMode::SignIn {
        // The policy names the OAuth client: its password (a confidential one's) is the
        // policy's too, never one a user types.
        if truthy(field(&s.managed, "clientId")) && !p.read_only.contains(&"clientSecret") {
            p.read_only.push("clientSecret");
        }
        p.sign_in = Some(public(s));
        if s.lost(SIGNIN_KEY) && !p.sign_in.as_ref().is_some_and(|i| i.signed_in) {
            p.storage_notice = ErrorText::LostSignIn.into();
        }
        p.configured = p.sign_in.as_ref().is_some_and(|i| i.signed_in) && !p.client_id.is_empty() && binding(s).is_ok();
        // The granted scopes switch features off (contract §2c: requested ∩ held); the view
        // then offers none of their calls and shows each reason.
        let off = |id: &str| p.sign_in.as_ref().is_some_and(|i| i.features.iter().any(|f| f.id == id && !f.on));
        if off("enrich") {
            p.enrich = false;
            p.sightings = false;
        }
        if off("casebooks") {
            p.casebooks = false;
        }
        // The secret fields now mean a confidential client's password (none: a public client).
        if !p.has_secret {
            p.secret_hint = ErrorText::HintPublicClient.into();
        }
    }
}

/// Stored sign-ins of other settings: removed (they would never be used again).
pub(super) fn cleanup(s: &Stored, plan: &mut StoragePlan) {
    let current = binding(s).map(|(b, _)| b).unwrap_or_default();
    for (area, p) in [(&s.local, &mut plan.local), (&s.session, &mut plan.session)] {
        let v = field(area, SIGNIN_KEY);
        if truthy(v) && (mode(s) == AuthMode::Shared || text_of(v, "binding") != current) {
            p.remove(&[SIGNIN_KEY]);
        }
    }
}

fn not_signed_in() -> Error {
    Error::new(ErrorKind::SignedOut, ErrorText::NotSignedIn)
}

/// The worker's client in sign-in mode: the saved refresh token and access token of these
/// settings. `signed_out_ok`: for starting a sign-in (no refresh token needed).
pub(super) fn client_plan(s: &Stored, signed_out_ok: bool) -> Result<ClientPlan> {
    let (binding, mut options) = binding(s)?;
    let sign_in = options.sign_in.as_mut().expect("set by binding()");
    if sign_in.client_id.is_empty() {
        return Err(Error::setup(ErrorText::NotSetUpSignIn));
    }
    let found = saved(s, &binding);
    match found {
        Some((v, _)) => {
            sign_in.refresh_token = Some(text_of(v, "refreshToken").to_string());
            sign_in.user = Some(text_of(v, "user").to_string()).filter(|u| !u.is_empty());
        }
        None if !signed_out_ok && s.lost(SIGNIN_KEY) => return Err(Error::new(ErrorKind::SignedOut, ErrorText::LostSignIn)),
        None if !signed_out_ok => return Err(not_signed_in()),
        None => {}
    }
    let token = field(&s.session, "token");
    if found.is_some() && text_of(token, "binding") == binding {
        options.token = serde_json::from_value(field(token, "state").clone()).ok();
    }
    let key = serde_json::to_string(&[binding.as_str(), if found.is_some() { "in" } else { "out" }]).unwrap_or_default();
    Ok(ClientPlan { options, key, binding, intel_host: None, generation: generation(s) })
}

/// After a call, a sign-in or a refused refresh: where the client's sign-in goes. `stay`: the
/// user's "Stay signed in on this device" when it was just chosen; `None` keeps the place it
/// has. No refresh token: both places are cleared (signed out), and the access token too.
///
/// `generation`: the generation of the client writing; a write from an older one is dropped
/// (an empty plan). `None`: the worker's own write, always current.
pub fn plan_session(s: &Stored, state: &Value, stay: Option<bool>) -> Result<StoragePlan> {
    plan_session_in(s, state, stay, None)
}

/// [`plan_session`] for a client of `generation`.
pub fn plan_session_in(s: &Stored, state: &Value, stay: Option<bool>, generation: Option<u64>) -> Result<StoragePlan> {
    if !current(s, generation) {
        return Ok(StoragePlan::default());
    }
    let (binding, _) = binding(s)?;
    let state: SessionState = serde_json::from_value(state.clone()).unwrap_or_default();
    let mut plan = StoragePlan::default();
    let Some(refresh) = state.refresh_token.filter(|r| !r.is_empty()) else {
        plan.local.remove(&[SIGNIN_KEY]);
        plan.session.remove(&[SIGNIN_KEY, "token"]);
        return Ok(plan);
    };
    // Where it is now; with none saved (a new sign-in after a refused one), the last choice.
    let on_device = stay.unwrap_or_else(|| saved(s, &binding).map_or(stays(s), |(_, at)| at == "device"));
    if let Some(b) = stay {
        plan.local.set.insert(STAY_KEY.into(), Value::Bool(b));
    }
    let (keep, drop): (&mut AreaPlan, &mut AreaPlan) = if on_device { (&mut plan.local, &mut plan.session) } else { (&mut plan.session, &mut plan.local) };
    keep.set.insert(SIGNIN_KEY.into(), json!({ "binding": binding, "refreshToken": refresh, "user": state.user.unwrap_or_default() }));
    drop.remove(&[SIGNIN_KEY]);
    Ok(plan)
}

/// Sign out: both tokens forgotten, wherever they are, and a new generation: what a client of
/// the old one writes afterwards is dropped.
pub fn plan_sign_out(s: &Stored) -> StoragePlan {
    let mut plan = StoragePlan::default();
    plan.local.remove(&[SIGNIN_KEY]);
    plan.session.remove(&[SIGNIN_KEY, "token"]);
    next_generation(s, &mut plan);
    plan
}

/// A sign-in completed: its access token (bound to `binding`) and its refresh token where
/// [`plan_session`] puts it, in a new generation (an older client's late writes, a refused
/// refresh among them, no longer touch it).
pub fn plan_signed_in(s: &Stored, binding: &str, token: &Value, state: &Value, stay: Option<bool>) -> Result<StoragePlan> {
    let mut plan = plan_session(s, state, stay)?;
    if token.is_object() {
        plan.session.set.insert("token".into(), json!({ "binding": binding, "state": token }));
    }
    next_generation(s, &mut plan);
    Ok(plan)
}

/// A client's access token after a call (`token`: its `tokenState()`, null when it holds
/// none), bound to `binding`; dropped when the client's `generation` is no longer current.
pub fn plan_token(s: &Stored, binding: &str, token: &Value, generation: Option<u64>) -> StoragePlan {
    let mut plan = StoragePlan::default();
    if !current(s, generation) {
        return plan;
    }
    if token.is_object() {
        plan.session.set.insert("token".into(), json!({ "binding": binding, "state": token }));
    } else {
        plan.session.remove(&["token"]);
    }
    plan
}

/// Save in sign-in mode: region or base URL and the auth-code client id; no secret is stored
/// (a shared secret saved before is removed: no secret stays in the browser). `None` when the
/// form is for the shared mode. The policy's `authMode` wins over the form's.
pub(super) fn plan_save(s: &Stored, form: &super::SettingsForm) -> Result<Option<StoragePlan>> {
    let forced = AuthMode::parse(field(&s.managed, "authMode"));
    let wanted = AuthMode::of(&form.auth_mode);
    let m = match (forced, wanted) {
        (Some(f), Some(w)) if f != w => return Err(Error::setup(ErrorText::ModeLocked { sign_in: f == AuthMode::SignIn })),
        (Some(f), _) => f,
        (None, Some(w)) => w,
        (None, None) => return Ok(None),
    };
    if m == AuthMode::Shared {
        return Ok(None);
    }
    let host = super::Host::chosen_by(form);
    let base_url = if host.base_url.is_empty() { String::new() } else { host.endpoint()? };
    let client_id = if text_of(&s.managed, "clientId").is_empty() { form.client_id.trim() } else { text_of(&s.managed, "clientId").trim() };
    // A confidential client's password: decided, bound to its host and kept exactly like the
    // shared mode's secret; none typed or saved for this host: a public client.
    let c = super::decide(s, Some(form));
    if let Some(r) = c.refused.as_ref().filter(|_| truthy(field(&s.managed, "clientSecret"))) {
        return Err(Error::setup(r.clone().for_password(true)));
    }
    // Switching from the shared mode: its API client secret is no OAuth client password.
    let switching = mode(s) != AuthMode::SignIn;
    let remember = if form.remember == "device" { "device" } else { "session" };
    let mut plan = StoragePlan::default();
    plan.local
        .set
        .insert("settings".into(), json!({ "region": host.region, "baseUrl": base_url, "clientId": client_id, "remember": remember, "authMode": "signin" }));
    let kept = match c.secret_from {
        super::SecretFrom::Form => true,
        super::SecretFrom::Saved => !switching,
        _ => false,
    };
    super::keep_secret(&mut plan, remember == "device", kept.then_some(&c));
    plan.session.remove(&["token"]);
    Ok(Some(plan))
}

/// A shared-mode save (settings without `authMode` mean shared) drops any sign-in: it belongs
/// to the other mode.
pub(super) fn saved_as_shared(s: &Stored, plan: &mut StoragePlan) {
    for (area, p) in [(&s.local, &mut plan.local), (&s.session, &mut plan.session)] {
        if truthy(field(area, SIGNIN_KEY)) {
            p.remove(&[SIGNIN_KEY]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::{client_plan, plan_save, resolve, sign_in_plan, SettingsForm, StoredIn};

    fn stored(v: Value) -> Stored {
        Stored::from_input(StoredIn::from_value(&v))
    }

    const EU_BINDING: &str = r#"["signin","eu","","client-ac"]"#;

    fn signed_in_eu(area: &str) -> Value {
        let mut v = json!({ "local": { "settings": { "region": "eu", "clientId": "client-ac", "authMode": "signin" } }, "session": {} });
        v[area]["signin"] = json!({ "binding": EU_BINDING, "refreshToken": "rt-1", "user": "Alice" });
        v
    }

    #[test]
    fn the_mode_is_the_policy_s_then_the_user_s_then_shared_for_older_setups_then_sign_in() {
        let table = [
            ("bare install", json!({}), AuthMode::SignIn),
            ("set up before the choice existed", json!({ "local": { "settings": { "region": "us", "clientId": "c" } } }), AuthMode::Shared),
            ("dev copy", json!({ "dev": r#"{"baseUrl":"http://127.0.0.1:1","clientId":"d","clientSecret":"s"}"# }), AuthMode::Shared),
            ("a policy secret", json!({ "managed": { "clientId": "c", "clientSecret": "s" } }), AuthMode::Shared),
            ("the user chose", json!({ "local": { "settings": { "authMode": "signin" } } }), AuthMode::SignIn),
            ("policy forces sign-in", json!({ "managed": { "authMode": "signin" }, "local": { "settings": { "authMode": "shared" } } }), AuthMode::SignIn),
            ("policy forces shared", json!({ "managed": { "authMode": "shared" } }), AuthMode::Shared),
            ("junk is ignored", json!({ "managed": { "authMode": 3 }, "local": { "settings": { "authMode": "both" } } }), AuthMode::Shared),
        ];
        for (name, v, want) in table {
            assert_eq!(mode(&stored(v)), want, "{name}");
        }
    }

    #[test]
    fn saving_sign_in_stores_no_secret_and_drops_a_shared_one() {
        let s = stored(
            json!({ "local": { "settings": { "region": "us", "clientId": "c" }, "secret": "S", "secretOrigin": "https://visibility.amp.cisco.com" }, "session": { "signin": { "binding": "x" } } }),
        );
        // A public client (no password typed): the shared mode's secret is dropped, on any host.
        for region in ["eu", "us"] {
            let plan = plan_save(&s, &SettingsForm::from_value(&json!({ "authMode": "signin", "region": region, "clientId": " client-ac " }))).unwrap();
            assert_eq!(
                plan.local.set["settings"],
                json!({ "region": region, "baseUrl": "", "clientId": "client-ac", "remember": "session", "authMode": "signin" })
            );
            assert!(!plan.local.set.contains_key("secret") && !plan.session.set.contains_key("secret"), "{region}");
            assert!(plan.local.remove.contains(&"secret"), "{region}");
        }
        // A confidential client: its password is kept like the shared secret, bound to its host.
        let plan =
            plan_save(&s, &SettingsForm::from_value(&json!({ "authMode": "signin", "region": "eu", "clientId": " client-ac ", "clientSecret": "typed" })))
                .unwrap();
        assert_eq!(plan.session.set["secret"], json!("typed"));
        assert_eq!(plan.session.set["secretOrigin"], json!("https://visibility.eu.amp.cisco.com"));
        let conf = stored(
            json!({ "local": { "settings": { "region": "eu", "clientId": "client-ac", "authMode": "signin" } }, "session": { "secret": "typed", "secretOrigin": "https://visibility.eu.amp.cisco.com" } }),
        );
        let opts = sign_in_plan(&conf).unwrap().options;
        assert_eq!(opts.sign_in.as_ref().unwrap().client_secret.as_deref(), Some("typed"));
        // … and never sent to another host: public there.
        let mut moved = conf.clone();
        moved.local["settings"]["region"] = json!("us");
        assert_eq!(sign_in_plan(&moved).unwrap().options.sign_in.unwrap().client_secret, None);
        // The policy narrows the scopes asked for.
        let narrowed =
            stored(json!({ "managed": { "authMode": "signin", "clientId": "client-adm", "region": "eu", "signInScopes": ["inspect:read", "response"] } }));
        assert_eq!(sign_in_plan(&narrowed).unwrap().options.sign_in.unwrap().scopes, Some(vec!["inspect:read".to_string(), "response".to_string()]));
        let plan = plan_save(&s, &SettingsForm::from_value(&json!({ "authMode": "signin", "region": "eu", "clientId": " client-ac " }))).unwrap();
        assert!(plan.local.remove.contains(&"secret") && plan.session.remove.contains(&"secret") && plan.session.remove.contains(&"token"));
        // A shared save forgets a sign-in; its settings (no authMode) mean shared.
        let plan = plan_save(&s, &SettingsForm::from_value(&json!({ "authMode": "shared", "region": "us", "clientId": "c", "clientSecret": "S2" }))).unwrap();
        assert_eq!(plan.local.set["settings"].get("authMode"), None);
        assert_eq!(mode(&stored(json!({ "local": { "settings": plan.local.set["settings"] } }))), AuthMode::Shared);
        assert!(!plan.local.remove.contains(&"signin") && plan.session.remove.contains(&"signin"), "where there is one");
        // The policy's mode wins; locked refuses everything.
        let forced = stored(json!({ "managed": { "authMode": "shared" } }));
        let e = plan_save(&forced, &SettingsForm::from_value(&json!({ "authMode": "signin", "clientId": "x" }))).unwrap_err();
        assert!(e.setup && e.message.contains("administrator"), "{}", e.message);
        let forced = stored(json!({ "managed": { "authMode": "signin", "clientId": "client-adm", "region": "eu" } }));
        let plan = plan_save(&forced, &SettingsForm::from_value(&json!({ "region": "eu", "clientId": "mine" }))).unwrap();
        assert_eq!(plan.local.set["settings"]["clientId"], json!("client-adm"));
        assert!(plan_save(&stored(json!({ "managed": { "locked": true } })), &SettingsForm::from_value(&json!({ "authMode": "signin" }))).is_err());
    }

    #[test]
    fn the_client_plan_uses_the_sign_in_of_these_settings_only() {
        let s = stored(json!({ "local": { "settings": { "region": "eu", "clientId": "client-ac", "authMode": "signin" } } }));
        let e = client_plan(&s, false).unwrap_err();
        assert_eq!((e.kind, e.sign_in), (ErrorKind::SignedOut, true));
        let start = sign_in_plan(&s).unwrap();
        assert_eq!(serde_json::to_value(&start.options).unwrap(), json!({ "region": "eu", "signIn": { "clientId": "client-ac" } }));
        let mut v = signed_in_eu("session");
        v["session"]["token"] = json!({ "binding": EU_BINDING, "state": { "accessToken": "at", "expiresAtMs": 1.0, "scopes": [] } });
        let plan = client_plan(&stored(v), false).unwrap();
        assert_eq!(
            serde_json::to_value(&plan.options).unwrap(),
            json!({ "region": "eu", "signIn": { "clientId": "client-ac", "refreshToken": "rt-1", "user": "Alice" }, "token": { "accessToken": "at", "expiresAtMs": 1.0, "scopes": [] } })
        );
        assert_ne!(plan.key, start.key, "signing in makes a new client");
        // Saved for another client id: not used, and cleaned up.
        let mut v = signed_in_eu("local");
        v["local"]["settings"]["clientId"] = json!("client-other");
        let s = stored(v);
        assert_eq!(client_plan(&s, false).unwrap_err().kind, ErrorKind::SignedOut);
        assert!(resolve(&s).cleanup.local.remove.contains(&"signin"));
        // No client id: the options say what to enter.
        let s = stored(json!({ "local": { "settings": { "authMode": "signin" } } }));
        let e = sign_in_plan(&s).unwrap_err();
        assert!(e.setup && e.message.starts_with("Set up the extension first") && e.message.contains("client id"));
        assert!(sign_in_plan(&stored(json!({ "dev": r#"{"clientId":"d","clientSecret":"s"}"# }))).is_err(), "shared mode");
    }

    #[test]
    fn where_the_refresh_token_goes() {
        let s = stored(signed_in_eu("session"));
        let state = json!({ "refreshToken": "rt-2", "user": "Alice", "signedIn": true });
        let plan = plan_session(&s, &state, None).unwrap();
        assert_eq!(plan.session.set["signin"], json!({ "binding": EU_BINDING, "refreshToken": "rt-2", "user": "Alice" }), "stays where it was");
        assert_eq!(plan.local.remove, ["signin"]);
        let plan = plan_session(&s, &state, Some(true)).unwrap();
        assert_eq!(plan.local.set["signin"]["refreshToken"], json!("rt-2"), "stay signed in on this device");
        assert_eq!(plan.session.remove, ["signin"]);
        let plan = plan_session(&stored(signed_in_eu("local")), &state, None).unwrap();
        assert!(plan.local.set.contains_key("signin"));
        // The choice is remembered: signing in again after a refused refresh keeps it.
        assert_eq!(plan_session(&s, &state, Some(true)).unwrap().local.set["staySignedIn"], json!(true));
        let mut again = signed_in_eu("session");
        again["session"] = json!({});
        again["local"]["staySignedIn"] = json!(true);
        assert!(plan_session(&stored(again.clone()), &state, None).unwrap().local.set.contains_key("signin"));
        assert!(resolve(&stored(again)).public.sign_in.unwrap().stay_signed_in);
        for gone in [json!({ "signedIn": false }), json!(null)] {
            let plan = plan_session(&s, &gone, None).unwrap();
            assert!(plan.local.set.is_empty() && plan.session.set.is_empty());
            assert_eq!((plan.local.remove.clone(), plan.session.remove.clone()), (vec!["signin"], vec!["signin", "token"]));
        }
        let out = plan_sign_out(&s);
        assert_eq!((out.local.remove.clone(), out.session.remove.clone()), (vec!["signin"], vec!["signin", "token"]));
        assert_eq!(out.local.set["signinGeneration"], json!(1));
    }

    #[test]
    fn pages_see_who_is_signed_in_and_never_the_token() {
        let p = resolve(&stored(signed_in_eu("local"))).public;
        let i = p.sign_in.clone().unwrap();
        assert_eq!((i.auth_mode, i.signed_in, i.user.as_str(), i.stay_signed_in), (AuthMode::SignIn, true, "Alice", true));
        assert!(p.configured && !p.has_secret);
        let text = serde_json::to_string(&p).unwrap();
        assert!(!text.contains("rt-1"));
        assert!(text.contains(r#""authMode":"signin","signedIn":true,"user":"Alice","staySignedIn":true"#), "{text}");
        let p = resolve(&stored(json!({ "local": { "settings": { "region": "eu", "clientId": "client-ac", "authMode": "signin" } } }))).public;
        assert!(!p.configured && !p.sign_in.unwrap().signed_in);
        // Shared mode: pages see the settings exactly as before (no sign-in fields).
        let shared = serde_json::to_value(resolve(&stored(json!({ "local": { "settings": { "region": "eu", "clientId": "c" } } }))).public).unwrap();
        assert!(shared.get("authMode").is_none() && shared.get("signedIn").is_none());
        let p = resolve(&stored(json!({ "managed": { "authMode": "signin" } }))).public;
        assert!(p.read_only.contains(&"authMode"));
        assert!(!resolve(&stored(json!({}))).public.read_only.contains(&"authMode"));
        assert_eq!(resolve(&stored(json!({}))).public.sign_in.map(|i| i.auth_mode), Some(AuthMode::SignIn), "a bare install: sign-in, the recommended mode");
    }

    /// The features the saved token's granted scopes do not allow are off for the view, each
    /// with its reason (a person's token: requested ∩ held).
    #[test]
    fn granted_scopes_switch_the_view_s_features_off() {
        let mut v = signed_in_eu("session");
        v["session"]["token"] =
            json!({ "binding": EU_BINDING, "state": { "accessToken": "at", "expiresAtMs": 1.0, "scopes": ["inspect:read", "response", "casebook:read"] } });
        let p = resolve(&stored(v.clone())).public;
        assert!(!p.enrich && !p.sightings, "no enrich:read: no verdicts, pivots or sightings");
        assert!(p.casebooks, "casebook:read: casebooks readable");
        let f = p.sign_in.unwrap().features;
        assert!(f.iter().any(|x| x.id == "enrich" && !x.on && x.reason.contains("enrich:read")));
        assert!(f.iter().any(|x| x.id == "casebooks" && x.read_only));
        v["session"]["token"]["state"]["scopes"] = json!(["inspect:read", "response", "enrich:read", "casebook"]);
        let p = resolve(&stored(v)).public;
        assert!(p.enrich && p.casebooks && p.sign_in.unwrap().features.iter().all(|f| f.reason.is_empty()));
    }

    /// Issue 21.2: a write from a client made before a sign-out (or before a new sign-in) is
    /// dropped: a call in flight at sign-out cannot put its tokens back, and an old client's
    /// refused refresh cannot sign out a person who signed in again meanwhile.
    #[test]
    fn writes_from_an_older_generation_are_dropped() {
        let s = stored(signed_in_eu("session"));
        let made_in = client_plan(&s, false).unwrap().generation;
        assert_eq!(made_in, 0);
        // Signed out: the generation moves on.
        let out = plan_sign_out(&s);
        let mut after = signed_in_eu("session");
        after["session"] = json!({});
        after["local"]["signinGeneration"] = out.local.set["signinGeneration"].clone();
        let after = stored(after);
        let rotated = json!({ "refreshToken": "rt-late", "user": "Alice", "signedIn": true });
        assert_eq!(plan_session_in(&after, &rotated, None, Some(made_in)).unwrap(), StoragePlan::default(), "the late rotated token is not written back");
        let token = json!({ "accessToken": "at-late", "expiresAtMs": 1.0, "scopes": [] });
        assert_eq!(plan_token(&after, EU_BINDING, &token, Some(made_in)), StoragePlan::default(), "nor the late access token");
        // The current generation writes as before; the worker's own writes (None) always do.
        assert!(plan_token(&after, EU_BINDING, &token, Some(1)).session.set.contains_key("token"));
        assert!(plan_session_in(&after, &rotated, None, None).unwrap().session.set.contains_key("signin"));
        // A new sign-in: a new generation; the old client's refused refresh (signed out) is dropped.
        let signed = plan_signed_in(&s, EU_BINDING, &token, &json!({ "refreshToken": "rt-new", "user": "Alice", "signedIn": true }), None).unwrap();
        assert_eq!(signed.local.set["signinGeneration"], json!(1));
        assert_eq!(signed.session.set["token"]["state"]["accessToken"], json!("at-late"));
        let mut now = signed_in_eu("session");
        now["local"]["signinGeneration"] = json!(1);
        let refused = plan_session_in(&stored(now), &json!({ "signedIn": false }), None, Some(made_in)).unwrap();
        assert_eq!(refused, StoragePlan::default(), "still signed in");
    }

    /// Issue 21.8: saving another host or client id (or the shared mode) while signed in hands
    /// the worker the old sign-in's client, to remove its grant before the tokens are forgotten.
    #[test]
    fn a_save_that_leaves_a_sign_in_behind_names_it_to_end_first() {
        use crate::settings::sign_in_to_end;
        let s = stored(signed_in_eu("session"));
        let same = json!({ "authMode": "signin", "region": "eu", "clientId": "client-ac" });
        assert!(sign_in_to_end(&s, &SettingsForm::from_value(&same)).is_none(), "nothing changes: the sign-in stays");
        for other in [
            json!({ "authMode": "signin", "region": "us", "clientId": "client-ac" }),
            json!({ "authMode": "signin", "region": "eu", "clientId": "client-other" }),
            json!({ "authMode": "shared", "region": "eu", "clientId": "c", "clientSecret": "S" }),
        ] {
            let old = sign_in_to_end(&s, &SettingsForm::from_value(&other)).unwrap_or_else(|| panic!("{other}"));
            assert_eq!(old.options.sign_in.as_ref().unwrap().refresh_token.as_deref(), Some("rt-1"), "{other}");
            assert_eq!(old.binding, EU_BINDING);
        }
        let signed_out = stored(json!({ "local": { "settings": { "region": "eu", "clientId": "client-ac", "authMode": "signin" } } }));
        assert!(
            sign_in_to_end(&signed_out, &SettingsForm::from_value(&json!({ "authMode": "signin", "region": "us", "clientId": "x" }))).is_none(),
            "nothing to end"
        );
    }
}
