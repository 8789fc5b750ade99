//! The options page (extension/options.js): the words of each way to connect, the sign-in
//! lines, and after Test connection the scope table with its advice.

use super::{Label, Locale, Text};
use serde::{Deserialize, Serialize};

/// The scopes the table lists, in order: the two required ones, then the optional ones.
pub const SCOPES: [&str; 4] = ["inspect:read", "response", "enrich:read", "casebook"];

/// The fields' words for the chosen way to connect (a shared API client, or signing in).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS), ts(optional_fields))]
pub struct ModeView {
    pub legend: &'static str,
    pub secret: &'static str,
    pub remember: &'static str,
}

pub fn mode(sign_in: bool, l: Locale) -> ModeView {
    if sign_in {
        ModeView { legend: Label::legendSignIn.say(l), secret: Label::secretSignIn.say(l), remember: Label::rememberSignIn.say(l) }
    } else {
        ModeView { legend: Label::legendShared.say(l), secret: Label::secretShared.say(l), remember: Label::rememberShared.say(l) }
    }
}

/// The sign-in part of the public settings.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SignInIn {
    pub signed_in: bool,
    pub user: Option<String>,
    pub revoke_error: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS), ts(optional_fields))]
pub struct SignInView {
    pub status: String,
    pub button: &'static str,
    /// After Sign out: what happened (the server may not have been told).
    pub signed_out: String,
}

pub fn sign_in(s: &SignInIn, l: Locale) -> SignInView {
    SignInView {
        status: if s.signed_in { Text::SignedInAs { user: s.user.clone() }.say(l) } else { Label::notSignedInLine.say(l).into() },
        button: if s.signed_in { Label::signInAgain.say(l) } else { Label::signInFirst.say(l) },
        signed_out: match s.revoke_error.clone().filter(|e| !e.is_empty()) {
            Some(error) => Text::SignedOutNotTold { error }.say(l),
            None => Label::signedOut.say(l).into(),
        },
    }
}

/// Test connection's answer (`ConnectionInfo`: only what the table needs).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ConnectionIn {
    pub base_url: String,
    pub scopes: Vec<String>,
    pub missing_scopes: Vec<String>,
    pub enrich: bool,
    pub casebook: bool,
    pub features: Vec<FeatureIn>,
    pub user: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct FeatureIn {
    pub id: String,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS), ts(optional_fields))]
pub struct ScopeRow {
    pub scope: &'static str,
    /// "granted" | "missing" (for scripts and styles)
    #[cfg_attr(all(test, not(target_arch = "wasm32")), ts(type = "\"granted\" | \"missing\""))]
    pub state: &'static str,
    pub said: &'static str,
    pub why: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS), ts(optional_fields))]
pub struct FeatureLimit {
    pub id: String,
    pub reason: String,
}

/// The result of Test connection: the head line (connected, and which required scopes to add),
/// one row per scope, the granted scopes as the server said, and what the scopes switch off.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS), ts(optional_fields))]
pub struct ConnectionView {
    /// Nothing required is missing.
    pub ok: bool,
    pub head: String,
    pub rows: Vec<ScopeRow>,
    pub granted: String,
    pub limits: Vec<FeatureLimit>,
}

pub fn connection(info: &ConnectionIn, l: Locale) -> ConnectionView {
    let missing =
        |scope: &str| info.missing_scopes.iter().any(|m| m == scope) || (scope == "enrich:read" && !info.enrich) || (scope == "casebook" && !info.casebook);
    // Absent outside sign-in mode; "" when the server names nobody.
    let user = info.user.clone().map(Some);
    let required = &info.missing_scopes; // the core names only the required ones there
    ConnectionView {
        ok: required.is_empty(),
        head: if required.is_empty() {
            Text::ConnectedOk { base_url: info.base_url.clone(), user }.say(l)
        } else {
            Text::ConnectedLacks { base_url: info.base_url.clone(), scopes: required.clone(), user }.say(l)
        },
        rows: SCOPES
            .iter()
            .map(|&scope| {
                let gone = missing(scope);
                ScopeRow {
                    scope,
                    state: if gone { "missing" } else { "granted" },
                    said: if gone { Label::scopeMissing.say(l) } else { Label::scopeGranted.say(l) },
                    why: Text::ScopeWhy { scope: scope.into() }.say(l),
                }
            })
            .collect(),
        granted: Text::GrantedScopes { scopes: info.scopes.clone() }.say(l),
        limits: info.features.iter().filter(|f| !f.reason.is_empty()).map(|f| FeatureLimit { id: f.id.clone(), reason: f.reason.clone() }).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const EN: Locale = Locale::En;

    #[test]
    fn the_scope_table_marks_what_is_missing_and_advises_what_to_add() {
        let info: ConnectionIn = serde_json::from_value(json!({
            "baseUrl": "https://visibility.amp.cisco.com", "scopes": ["inspect:read"], "missingScopes": ["response"],
            "enrich": false, "casebook": true, "features": [{ "id": "enrich", "on": false, "reason": "Needs enrich:read." }, { "id": "respond", "on": true, "reason": "" }],
        }))
        .unwrap();
        let v = connection(&info, EN);
        assert!(!v.ok);
        assert_eq!(
            v.head,
            "Connected to https://visibility.amp.cisco.com, but the API client lacks: response. Add this scope to the API client in Threat Response / XDR."
        );
        let states: Vec<_> = v.rows.iter().map(|r| (r.scope, r.state)).collect();
        assert_eq!(states, [("inspect:read", "granted"), ("response", "missing"), ("enrich:read", "missing"), ("casebook", "granted")]);
        assert_eq!(v.rows[2].why, "optional: verdicts, pivots and sightings");
        assert_eq!(v.granted, "Granted scopes: inspect:read");
        assert_eq!(v.limits, [FeatureLimit { id: "enrich".into(), reason: "Needs enrich:read.".into() }]);
    }

    #[test]
    fn a_complete_client_is_ok_and_names_the_signed_in_user() {
        let info: ConnectionIn =
            serde_json::from_value(json!({ "baseUrl": "https://x", "scopes": [], "missingScopes": [], "enrich": true, "casebook": true, "user": "" })).unwrap();
        let v = connection(&info, EN);
        assert!(v.ok && v.rows.iter().all(|r| r.state == "granted"));
        assert_eq!(v.head, "Connected to https://x. The API client has the scopes it needs. Signed in as you (the server did not say the name).");
        assert_eq!(v.granted, "Granted scopes: (none)");
    }

    #[test]
    fn sign_in_lines_follow_the_state() {
        let s = |v| sign_in(&serde_json::from_value(v).unwrap(), EN);
        assert_eq!(s(json!({ "signedIn": true, "user": "ana" })).status, "Signed in as ana.");
        assert_eq!(s(json!({ "signedIn": true, "user": "ana" })).button, "Sign in again");
        assert_eq!(s(json!({})).status, "Not signed in.");
        assert_eq!(s(json!({})).signed_out, "Signed out.");
        assert_eq!(s(json!({ "revokeError": "offline" })).signed_out, "Signed out here; the server could not be told: offline");
        assert_eq!(mode(true, EN).secret, "Client password (confidential clients only)");
        assert_eq!(mode(false, EN).legend, "API client (client credentials)");
    }
}
