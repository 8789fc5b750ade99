//! The extension's settings for casebooks and sightings (issue 15), through the public API of
//! `src/settings.rs`: where the private intelligence URL comes from (always with the host it
//! belongs to), what Save stores, the display preferences, and the worker's client refused
//! for sightings while they are off.
#![cfg(not(target_arch = "wasm32"))]

use securex_respond::settings::{client_plan, client_plan_for, plan_prefs, plan_save, plan_test, resolve, Prefs, SettingsForm, Stored, StoredIn};
use serde_json::{json, Value};

const STANDIN: &str = "http://127.0.0.1:4000";
const INTEL: &str = "http://127.0.0.1:4001";

fn st(v: Value) -> Stored {
    Stored::from_input(StoredIn::from_value(&v))
}

/// The user's settings with a secret saved for them: bound to the base URL's origin and, beside
/// a base URL, to the private intelligence URL's (issue 21.8) as Save stores it.
fn user(region: &str, base_url: &str, intel: &str) -> Value {
    let intel_origin = if base_url.is_empty() { String::new() } else { intel.trim_end_matches('/').to_string() };
    json!({ "settings": { "region": region, "baseUrl": base_url, "privateIntelUrl": intel, "clientId": "me", "remember": "device" },
            "secret": "S", "secretOrigin": if base_url.is_empty() { "https://visibility.eu.amp.cisco.com" } else { STANDIN }, "secretIntel": intel_origin })
}

/// (privateIntelUrl given to `new Client`, public `casebooks`, public `privateIntelUrl`).
fn intel_of(s: &Stored) -> (Option<String>, bool, String) {
    let plan = client_plan(s, false).map(|p| serde_json::to_value(p.options).unwrap());
    let public = serde_json::to_value(resolve(s).public).unwrap();
    (
        plan.ok().and_then(|o| o["privateIntelUrl"].as_str().map(String::from)),
        public["casebooks"].as_bool().unwrap(),
        public["privateIntelUrl"].as_str().unwrap().to_string(),
    )
}

#[test]
fn the_private_intelligence_url_comes_with_its_host() {
    type Row<'a> = (&'a str, Value, (Option<&'a str>, bool, &'a str));
    let rows: Vec<Row> = vec![
        ("a region brings its own (none given to the client)", json!({ "local": user("eu", "", "") }), (None, true, "")),
        ("a region ignores one stored beside it", json!({ "local": user("eu", "", "https://evil.example") }), (None, true, "")),
        ("a custom base URL with its own", json!({ "local": user("", STANDIN, INTEL) }), (Some(INTEL), true, INTEL)),
        (
            "a custom base URL with a trailing slash, checked",
            json!({ "local": user("", STANDIN, "http://127.0.0.1:4001/") }),
            (Some(INTEL), true, "http://127.0.0.1:4001/"),
        ),
        ("a custom base URL without one: no casebooks", json!({ "local": user("", STANDIN, "") }), (None, false, "")),
        (
            "the dev copy's",
            json!({ "dev": format!(r#"{{"baseUrl":"{STANDIN}","privateIntelUrl":"{INTEL}","clientId":"d","clientSecret":"x"}}"#) }),
            (Some(INTEL), true, INTEL),
        ),
        (
            "a policy host: the user's private intelligence URL is not used with it",
            json!({ "local": user("", STANDIN, "https://user-chosen.example"), "managed": { "baseUrl": STANDIN } }),
            (None, false, ""),
        ),
        (
            "a policy host with the policy's private intelligence URL",
            json!({ "local": user("", STANDIN, "https://user-chosen.example"), "managed": { "baseUrl": STANDIN, "privateIntelUrl": INTEL } }),
            (Some(INTEL), true, INTEL),
        ),
    ];
    for (name, stored, (client, casebooks, public)) in rows {
        let got = intel_of(&st(stored));
        assert_eq!((got.0.as_deref(), got.1, got.2.as_str()), (client, casebooks, public), "{name}");
    }
    // An unusable stored one: no client rather than a token sent somewhere unchecked.
    let bad = st(json!({ "local": user("", STANDIN, "http://evil.example") }));
    let e = client_plan(&bad, false).unwrap_err();
    assert!(e.message.starts_with("The private intelligence URL"), "{}", e.message);
    assert!(!serde_json::to_value(resolve(&bad).public).unwrap()["casebooks"].as_bool().unwrap());
}

#[test]
fn a_new_private_intelligence_url_makes_a_new_client_but_keeps_the_token() {
    let a = client_plan(&st(json!({ "local": user("", STANDIN, INTEL) })), false).unwrap();
    let b = client_plan(&st(json!({ "local": user("", STANDIN, "http://127.0.0.1:4002") })), false).unwrap();
    assert_ne!(a.key, b.key, "a new client for the new casebook host");
    assert_eq!(a.binding, b.binding, "the token belongs to the platform host and client, not to the casebook host");
}

#[test]
fn save_stores_the_private_intelligence_url_only_beside_a_base_url() {
    let empty = st(json!({}));
    let form = |region: &str, base: &str, intel: &str| json!({ "region": region, "baseUrl": base, "privateIntelUrl": intel, "clientId": "me", "clientSecret": "T", "remember": "device" });
    let plan = serde_json::to_value(plan_save(&empty, &SettingsForm::from_value(&form("", STANDIN, "http://127.0.0.1:4001/"))).unwrap()).unwrap();
    assert_eq!(plan["local"]["set"]["settings"]["privateIntelUrl"], INTEL);
    let plan = serde_json::to_value(plan_save(&empty, &SettingsForm::from_value(&form("eu", "", INTEL))).unwrap()).unwrap();
    assert!(plan["local"]["set"]["settings"].get("privateIntelUrl").is_none(), "a region has its own");
    let plan = serde_json::to_value(plan_save(&empty, &SettingsForm::from_value(&form("", STANDIN, ""))).unwrap()).unwrap();
    assert!(plan["local"]["set"]["settings"].get("privateIntelUrl").is_none());
    for bad in ["http://intel.example", "https://intel.example/ctia", "ftp://x"] {
        let e = plan_save(&empty, &SettingsForm::from_value(&form("", STANDIN, bad))).unwrap_err();
        assert!(e.message.starts_with("The private intelligence URL"), "{bad}: {}", e.message);
        assert!(plan_test(&empty, Some(&SettingsForm::from_value(&form("", STANDIN, bad)))).is_err(), "{bad}: Test connection refuses it too");
    }
    let tested = serde_json::to_value(plan_test(&empty, Some(&SettingsForm::from_value(&form("", STANDIN, INTEL)))).unwrap()).unwrap();
    assert_eq!(tested["privateIntelUrl"], INTEL);
}

#[test]
fn sightings_and_audit_notes_are_display_preferences() {
    let plan = serde_json::to_value(plan_prefs(&Prefs::from_value(&json!({ "sightings": false, "auditNote": true, "other": true, "enrich": "no" })))).unwrap();
    assert_eq!(plan["local"]["set"], json!({ "sightings": false, "auditNote": true }), "booleans only, known keys only");
    let public = |local: Value| serde_json::to_value(resolve(&st(json!({ "local": local }))).public).unwrap();
    let p = public(user("eu", "", ""));
    assert_eq!((p["sightings"].clone(), p["auditNote"].clone()), (json!(true), json!(false)), "sightings on, audit notes off by default");
    let mut local = user("eu", "", "");
    local["sightings"] = json!(false);
    local["auditNote"] = json!(true);
    let p = public(local.clone());
    assert_eq!((p["sightings"].clone(), p["auditNote"].clone()), (json!(false), json!(true)));
    // The worker's client for sightings: refused while sightings (or all enrichment) are off.
    let s = st(json!({ "local": local.clone() }));
    assert!(client_plan_for(&s, true, true).unwrap_err().message.contains("Sightings are turned off"));
    assert!(client_plan_for(&s, true, false).is_ok(), "verdicts and pivots still work");
    local["sightings"] = json!(true);
    local["enrich"] = json!(false);
    assert!(client_plan_for(&st(json!({ "local": local })), true, true).is_err(), "no sightings without enrichment");
    assert!(client_plan_for(&st(json!({ "local": user("eu", "", "") })), true, true).is_ok());
}
