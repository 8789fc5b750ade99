//! One table per rule of `settings/`. Each row is a storage snapshot (as the worker reads
//! it) and what the decision must be. The e2e suite (`tests/e2e/extension.test.mjs`) runs the
//! same rules through the real extension.

use super::*;
use serde_json::{json, Value};

const US: &str = "https://visibility.amp.cisco.com";
const EU: &str = "https://visibility.eu.amp.cisco.com";
const STANDIN: &str = "http://127.0.0.1:4000";
const DEV: &str = r#"{"baseUrl":"http://127.0.0.1:4000","clientId":"demo-client","clientSecret":"demo-secret"}"#;

/// A precedence row: name, storage, (region, base URL, client id, secret, from).
type HostRow<'a> = (&'a str, Value, (&'a str, &'a str, &'a str, &'a str, SecretFrom));
/// A secret row: name, storage, form, (secret, from, refusal).
type SecretRow<'a> = (&'a str, Value, Option<Value>, (&'a str, SecretFrom, &'a str));
/// An area plan's keys: (set, removed).
type Keys<'a> = (Vec<&'a str>, Vec<&'a str>);

fn st(v: Value) -> Stored {
    Stored::from_input(StoredIn::from_value(&v))
}

/// (host region, host base URL, client id, secret, where the secret is from, refusal or "").
fn decided(s: &Stored, form: Option<Value>) -> (&'static str, String, String, String, SecretFrom, String) {
    let c = decide(s, form.map(|f| SettingsForm::from_value(&f)).as_ref());
    (c.host.region, c.host.base_url, c.client_id, c.client_secret, c.secret_from, c.refused.map(String::from).unwrap_or_default())
}

fn user(region: &str, base_url: &str, id: &str) -> Value {
    json!({ "region": region, "baseUrl": base_url, "clientId": id, "remember": "device" })
}

#[test]
fn precedence_policy_over_user_over_dev() {
    use SecretFrom::*;
    let rows: Vec<HostRow> = vec![
        ("nothing stored: the default region, nobody", json!({}), ("us", "", "", "", Unset)),
        ("dev copy only: its host, client and secret", json!({ "dev": DEV }), ("", STANDIN, "demo-client", "demo-secret", Dev)),
        ("dev copy without a base URL: the default region", json!({ "dev": r#"{"clientId":"d","clientSecret":"x"}"# }), ("us", "", "d", "x", Dev)),
        (
            "the user's settings beat the dev defaults, and the dev secret is not theirs",
            json!({ "local": { "settings": user("eu", "", "mine") }, "dev": DEV }),
            ("eu", "", "mine", "", Unset),
        ),
        (
            "the user's saved secret for their host",
            json!({ "local": { "settings": user("eu", "", "mine"), "secret": "s3", "secretOrigin": EU }, "dev": DEV }),
            ("eu", "", "mine", "s3", Saved),
        ),
        (
            "a policy host beats the user's",
            json!({ "local": { "settings": user("", STANDIN, "mine") }, "managed": { "region": "eu" } }),
            ("eu", "", "mine", "", Unset),
        ),
        (
            "a policy base URL beats the user's region",
            json!({ "local": { "settings": user("eu", "", "mine") }, "managed": { "baseUrl": " https://xdr.example.com " } }),
            ("", "https://xdr.example.com", "mine", "", Unset),
        ),
        (
            "the policy's client id beats the user's",
            json!({ "local": { "settings": user("eu", "", "mine") }, "managed": { "clientId": "theirs" } }),
            ("eu", "", "theirs", "", Unset),
        ),
        (
            "the policy's client id beats the dev copy's",
            json!({ "managed": { "clientId": " theirs " }, "dev": DEV }),
            ("", STANDIN, "theirs", "demo-secret", Dev),
        ),
        ("an unknown region id counts as the default region", json!({ "local": { "settings": user("mars", "", "mine") } }), ("us", "", "mine", "", Unset)),
        (
            "a region id is exact (no aliases or case folding in storage)",
            json!({ "local": { "settings": user("EU", "", "mine") } }),
            ("us", "", "mine", "", Unset),
        ),
    ];
    for (name, stored, (region, base, id, secret, from)) in rows {
        let (r, b, i, s, f, refused) = decided(&st(stored), None);
        assert_eq!((r, b.as_str(), i.as_str(), s.as_str(), f, refused.as_str()), (region, base, id, secret, from, ""), "{name}");
    }
}

#[test]
fn the_policy_secret_goes_only_to_the_policys_host() {
    use SecretFrom::*;
    let with_host =
        json!({ "managed": { "region": "eu", "clientId": "adm", "clientSecret": "P" }, "local": { "settings": user("", STANDIN, "mine") }, "dev": DEV });
    let without_host = json!({ "managed": { "clientId": "adm", "clientSecret": "P" }, "local": { "settings": user("", STANDIN, "mine") }, "dev": DEV });
    // The worker's own calls: the policy host (or the default region), never the user's.
    assert_eq!(decided(&st(with_host.clone()), None), ("eu", String::new(), "adm".into(), "P".into(), Policy, String::new()));
    assert_eq!(decided(&st(without_host.clone()), None), ("us", String::new(), "adm".into(), "P".into(), Policy, String::new()));
    let rows: Vec<(&str, &Value, Value, &str)> = vec![
        ("a form for the policy's host", &with_host, json!({ "region": "eu" }), ""),
        ("a form for the default region, no policy host", &without_host, json!({ "region": "us" }), ""),
        ("the default region spelled as its base URL", &without_host, json!({ "baseUrl": "https://VISIBILITY.amp.cisco.com:443/" }), ""),
        (
            "a form for another region",
            &with_host,
            json!({ "region": "us" }),
            "Not sent: your administrator set the client secret, so it goes only to visibility.eu.amp.cisco.com, the host in the policy, never to another host (visibility.amp.cisco.com).",
        ),
        (
            "a form for another host, no policy host",
            &without_host,
            json!({ "baseUrl": STANDIN, "clientSecret": "typed" }),
            "Not sent: your administrator set the client secret, so it goes only to visibility.amp.cisco.com, the default region, because the policy names no region or base URL, never to another host (127.0.0.1:4000). Ask your administrator to set the region or base URL in the policy.",
        ),
    ];
    for (name, stored, form, refused) in rows {
        let (_, _, id, secret, from, got) = decided(&st(stored.clone()), Some(form));
        assert_eq!(got, refused, "{name}");
        let want = if refused.is_empty() { ("P", Policy) } else { ("", Unset) };
        assert_eq!((secret.as_str(), from), want, "{name}");
        assert_eq!(id, "adm", "{name}");
    }
}

#[test]
fn a_user_secret_is_bound_to_the_origin_it_was_entered_for() {
    use SecretFrom::*;
    let saved_for = |origin: &str, settings: Value| json!({ "local": { "settings": settings, "secret": "S", "secretOrigin": origin } });
    let rows: Vec<SecretRow> = vec![
        ("its own host", saved_for(STANDIN, user("", STANDIN, "me")), None, ("S", Saved, "")),
        ("its own host, default port written", saved_for("https://xdr.example.com", user("", "https://xdr.example.com:443", "me")), None, ("S", Saved, "")),
        (
            "stored settings changed to another host behind its back",
            saved_for("http://127.0.0.1:9", user("", STANDIN, "me")),
            None,
            ("", Unset, "Not sent: the saved client secret was entered for 127.0.0.1:9 and is never sent to another host (127.0.0.1:4000). Enter the client secret for 127.0.0.1:4000."),
        ),
        (
            "a form for another region, secret field empty",
            saved_for(US, user("us", "", "me")),
            Some(json!({ "region": "eu", "clientId": "me" })),
            ("", Unset, "Not sent: the saved client secret was entered for visibility.amp.cisco.com and is never sent to another host (visibility.eu.amp.cisco.com). Enter the client secret for visibility.eu.amp.cisco.com."),
        ),
        ("a form for another host with the secret typed again", saved_for(US, user("us", "", "me")), Some(json!({ "region": "eu", "clientSecret": "T" })), ("T", Form, "")),
        ("a form for the same host, field empty: kept", saved_for(US, user("us", "", "me")), Some(json!({ "region": "us" })), ("S", Saved, "")),
        ("a typed secret wins over the saved one", saved_for(US, user("us", "", "me")), Some(json!({ "region": "us", "clientSecret": "T" })), ("T", Form, "")),
        (
            "a session secret counts like a local one",
            json!({ "local": { "settings": user("us", "", "me") }, "session": { "secret": "Z", "secretOrigin": US } }),
            None,
            ("Z", Saved, ""),
        ),
        (
            "storage.local's secret wins over storage.session's",
            json!({ "local": { "settings": user("us", "", "me"), "secret": "L", "secretOrigin": US }, "session": { "secret": "Z", "secretOrigin": US } }),
            None,
            ("L", Saved, ""),
        ),
    ];
    for (name, stored, form, (secret, from, refused)) in rows {
        let (_, _, _, s, f, r) = decided(&st(stored), form);
        assert_eq!((s.as_str(), f, r.as_str()), (secret, from, refused), "{name}");
    }
}

/// Regression (issue 11): an older version stored the administrator's secret without a host.
#[test]
fn regression_a_secret_stored_without_its_origin_is_never_used_and_is_removed() {
    for area in ["local", "session"] {
        let mut v = json!({ "local": { "settings": user("", STANDIN, "me") }, "managed": { "clientId": "adm" } });
        v[area]["secret"] = json!("OLD-POLICY-SECRET");
        let s = st(v);
        let (_, _, _, secret, from, refused) = decided(&s, None);
        assert_eq!((secret.as_str(), from, refused.as_str()), ("", SecretFrom::Unset, ""), "{area}");
        let r = resolve(&s);
        assert!(!r.public.configured);
        let (removed, kept) = if area == "local" { (&r.cleanup.local, &r.cleanup.session) } else { (&r.cleanup.session, &r.cleanup.local) };
        assert_eq!(removed.remove, ["secret", "secretOrigin", "secretIntel"], "{area}");
        assert!(removed.set.is_empty() && kept.remove.is_empty() && kept.set.is_empty(), "{area}");
    }
    let clean = st(json!({ "local": { "settings": user("us", "", "me"), "secret": "\"S\"", "secretOrigin": US }, "opened": ["secret"] }));
    assert_eq!(resolve(&clean).public.secret_from, SecretFrom::Saved, "the opened JSON text is parsed");
    assert_eq!(resolve(&clean).cleanup, StoragePlan::default());
}

#[test]
fn resolved_public_settings_never_hold_the_secret() {
    let rows: Vec<(&str, Value, Value)> = vec![
        (
            "dev copy",
            json!({ "dev": DEV }),
            json!({ "region": "", "baseUrl": STANDIN, "clientId": "demo-client", "hasSecret": true, "secretFrom": "dev", "secretFor": "",
                    "remember": "device", "managed": [], "locked": false, "source": "dev-config", "askInspect": false, "enrich": true, "sightings": true, "auditNote": false, "language": "", "privateIntelUrl": "", "casebooks": false,
                    "effectiveBaseUrl": STANDIN, "host": "127.0.0.1:4000", "configured": true,
                    "readOnly": [], "policyNotice": "", "secretHint": "the dev configuration's demo secret" }),
        ),
        (
            "the user's, session only, inspect asked, enrichment off",
            json!({ "local": { "settings": { "region": "eu", "baseUrl": "", "clientId": "me", "remember": "session" }, "askInspect": true, "enrich": false },
                    "session": { "secret": "S", "secretOrigin": EU } }),
            json!({ "region": "eu", "baseUrl": "", "clientId": "me", "hasSecret": true, "secretFrom": "saved", "secretFor": "visibility.eu.amp.cisco.com",
                    "remember": "session", "managed": [], "locked": false, "source": "user", "askInspect": true, "enrich": false, "sightings": true, "auditNote": false, "language": "", "privateIntelUrl": "", "casebooks": true,
                    "effectiveBaseUrl": EU, "host": "visibility.eu.amp.cisco.com", "configured": true,
                    "readOnly": [], "policyNotice": "", "secretHint": "saved for visibility.eu.amp.cisco.com — leave empty to keep it for that host" }),
        ),
        (
            "policy, locked",
            json!({ "managed": { "baseUrl": STANDIN, "clientId": "adm", "clientSecret": "P", "locked": true, "region": "" } }),
            json!({ "region": "", "baseUrl": STANDIN, "clientId": "adm", "hasSecret": true, "secretFrom": "policy", "secretFor": "",
                    "remember": "device", "managed": ["baseUrl", "clientId", "clientSecret"], "locked": true, "source": "none", "askInspect": false, "enrich": true, "sightings": true, "auditNote": false, "language": "", "privateIntelUrl": "", "casebooks": false,
                    "effectiveBaseUrl": STANDIN, "host": "127.0.0.1:4000", "configured": true,
                    "readOnly": ["host", "clientId", "clientSecret", "remember", "save"],
                    "policyNotice": "Your administrator manages these settings; they cannot be changed here.", "secretHint": "set by your administrator" }),
        ),
        (
            "a secret for another host: not configured, says which host it is for",
            json!({ "local": { "settings": user("", STANDIN, "me"), "secret": "S", "secretOrigin": "http://127.0.0.1:9" } }),
            json!({ "region": "", "baseUrl": STANDIN, "clientId": "me", "hasSecret": false, "secretFrom": "", "secretFor": "127.0.0.1:9",
                    "remember": "device", "managed": [], "locked": false, "source": "user", "askInspect": false, "enrich": true, "sightings": true, "auditNote": false, "language": "", "privateIntelUrl": "", "casebooks": false,
                    "effectiveBaseUrl": STANDIN, "host": "127.0.0.1:4000", "configured": false,
                    "readOnly": [], "policyNotice": "", "secretHint": "enter it again: the saved one is for 127.0.0.1:9 only" }),
        ),
        (
            "an unusable stored base URL: not configured",
            json!({ "local": { "settings": user("", "http://evil.example", "me"), "secret": "S", "secretOrigin": "" } }),
            json!({ "region": "", "baseUrl": "http://evil.example", "clientId": "me", "hasSecret": false, "secretFrom": "", "secretFor": "",
                    "remember": "device", "managed": [], "locked": false, "source": "user", "askInspect": false, "enrich": true, "sightings": true, "auditNote": false, "language": "", "privateIntelUrl": "", "casebooks": false,
                    "effectiveBaseUrl": "http://evil.example", "host": "evil.example", "configured": false,
                    "readOnly": [], "policyNotice": "", "secretHint": "" }),
        ),
    ];
    for (name, stored, want) in rows {
        let got = serde_json::to_value(resolve(&st(stored)).public).unwrap();
        assert_eq!(got, want, "{name}");
        for secret in ["demo-secret", "\"S\"", "\"P\""] {
            assert!(!got.to_string().contains(secret), "{name}: {secret}");
        }
    }
}

/// What the options page may change and what it says, per policy.
#[test]
fn the_policy_fixes_fields_and_says_so() {
    let rows: Vec<(&str, Value, Vec<&str>, &str)> = vec![
        ("no policy", json!({}), vec![], ""),
        (
            "a secret without a host: the host is fixed too",
            json!({ "clientSecret": "P" }),
            vec!["host", "clientSecret", "remember"],
            "Set by your administrator: clientSecret. Their client secret is only sent to the default region (US), because the policy names no region or base URL.",
        ),
        ("a secret with its base URL", json!({ "baseUrl": STANDIN, "clientSecret": "P" }), vec!["host", "clientSecret", "remember"], "Set by your administrator: baseUrl, clientSecret."),
        // Sign-in mode (a bare install): the policy's OAuth client's password is the policy's too.
        ("a region and a client id", json!({ "region": "eu", "clientId": "adm" }), vec!["host", "clientId", "clientSecret"], "Set by your administrator: region, clientId."),
        ("empty strings set nothing", json!({ "region": "", "clientId": "" }), vec![], ""),
        (
            "locked",
            json!({ "locked": true }),
            vec!["host", "clientId", "clientSecret", "remember", "save"],
            "Your administrator manages these settings; they cannot be changed here.",
        ),
    ];
    for (name, managed, read_only, notice) in rows {
        let p = resolve(&st(json!({ "managed": managed }))).public;
        assert_eq!((p.read_only, p.policy_notice.as_str()), (read_only, notice), "{name}");
    }
}

/// Values of the wrong type count as absent (storage is written by older versions, by hand,
/// by policy files).
#[test]
fn stored_values_of_the_wrong_type_count_as_absent() {
    let s = st(json!({
        "local": { "settings": { "region": 3, "baseUrl": ["x"], "clientId": {"a": 1}, "remember": true }, "askInspect": "yes", "enrich": 0, "secret": 42, "secretOrigin": US },
        "managed": { "locked": "true", "clientSecret": 5, "clientId": null, "region": false },
        "dev": "not json",
    }));
    let p = resolve(&s).public;
    assert_eq!((p.region, p.client_id.as_str(), p.remember, p.locked, p.ask_inspect, p.enrich, p.has_secret), ("us", "", "device", false, false, true, false));
    assert!(p.managed.is_empty());
    assert_eq!(p.source, "user");
    assert_eq!(Stored::from_input(StoredIn::from_value(&json!({ "dev": "[1]" }))).dev, None, "dev-config must be an object");
    assert_eq!(
        Stored::from_input(StoredIn::from_value(&json!(null))),
        Stored { local: Value::Null, session: Value::Null, managed: Value::Null, dev: None, opened: vec![], unreadable: vec![] }
    );
}

#[test]
fn client_plan_seeds_the_token_saved_for_the_same_binding_only() {
    let token = json!({ "accessToken": "tok", "expiresAtMs": 1.9e12, "scopes": ["response"] });
    let base = |token_record: Value| {
        st(json!({ "local": { "settings": user("eu", "", "me"), "secret": "S", "secretOrigin": EU }, "session": { "token": token_record } }))
    };
    let plan = client_plan(&base(Value::Null), false).unwrap();
    assert_eq!(serde_json::to_value(&plan.options).unwrap(), json!({ "region": "eu", "clientId": "me", "clientSecret": "S" }));
    assert_eq!(plan.binding, r#"["eu","","me"]"#);
    let rows: Vec<(&str, Value, bool)> = vec![
        ("saved for these settings", json!({ "binding": plan.binding, "state": token }), true),
        ("saved for another client id", json!({ "binding": r#"["eu","","other"]"#, "state": token }), false),
        ("saved for another region", json!({ "binding": r#"["us","","me"]"#, "state": token }), false),
        ("malformed state", json!({ "binding": plan.binding, "state": { "accessToken": 7 } }), false),
        ("no state", json!({ "binding": plan.binding }), false),
    ];
    for (name, record, seeded) in rows {
        let p = client_plan(&base(record), false).unwrap();
        assert_eq!(p.options.token.is_some(), seeded, "{name}");
        assert_eq!((p.key.as_str(), p.binding.as_str()), (plan.key.as_str(), plan.binding.as_str()), "{name}: the token does not change the client");
    }
    // The key changes with the secret (a new client), the binding does not (the token stays).
    let other = st(json!({ "local": { "settings": user("eu", "", "me"), "secret": "S2", "secretOrigin": EU } }));
    let p2 = client_plan(&other, false).unwrap();
    assert_ne!(p2.key, plan.key);
    assert_eq!(p2.binding, plan.binding);
    let custom = st(json!({ "local": { "settings": user("", "HTTP://127.0.0.1:4000/", "me"), "secret": "S", "secretOrigin": STANDIN } }));
    let p3 = client_plan(&custom, false).unwrap();
    assert_eq!(serde_json::to_value(&p3.options).unwrap(), json!({ "baseUrl": "http://127.0.0.1:4000", "clientId": "me", "clientSecret": "S" }));
}

#[test]
fn a_casebook_call_beside_a_custom_base_url_checks_the_private_intel_host_too() {
    let mut settings = user("", "http://127.0.0.1:4000", "me");
    settings["privateIntelUrl"] = json!("http://localhost:4001/");
    let custom = st(json!({ "local": { "settings": settings.clone(), "secret": "S", "secretOrigin": STANDIN, "secretIntel": "http://localhost:4001" } }));
    let mut plan = client_plan(&custom, false).unwrap();
    assert_eq!(plan.intel_host, None, "only casebook calls ask for it");
    intel_host(&mut plan);
    let host = plan.intel_host.expect("a custom private-intel host");
    assert_eq!(host.permission, "http://localhost/*");
    assert!(host.permission_missing.message.contains("reach localhost:4001") && host.permission_missing.setup, "{:?}", host.permission_missing);
    // A region's private-intel host is checked too: its permission is in the manifest, but
    // Firefox users can revoke it.
    let mut region = client_plan(&st(json!({ "local": { "settings": user("eu", "", "me"), "secret": "S", "secretOrigin": EU } })), false).unwrap();
    intel_host(&mut region);
    let host = region.intel_host.expect("the region's private-intel host");
    assert_eq!(host.permission, "https://private.intel.eu.amp.cisco.com/*");
    assert!(
        host.permission_missing.message.starts_with("This browser does not allow the extension to reach private.intel.eu.amp.cisco.com:"),
        "{:?}",
        host.permission_missing
    );
    // Beside a custom base URL without a private-intel URL, there is no host to check.
    let mut bare =
        client_plan(&st(json!({ "local": { "settings": user("", "http://127.0.0.1:4000", "me"), "secret": "S", "secretOrigin": STANDIN } })), false).unwrap();
    intel_host(&mut bare);
    assert_eq!(bare.intel_host, None);
    // Issue 21.8: the saved secret is bound to the private intelligence URL too (the token it
    // gets goes there): another one, or one added later, needs the secret again.
    for other in [json!("http://localhost:4999"), json!(null)] {
        let mut moved = custom.clone();
        moved.local["secretIntel"] = other.clone();
        let e = client_plan(&moved, false).unwrap_err();
        assert!(e.setup && e.message.contains("never used with another private intelligence URL"), "{other}: {}", e.message);
    }
    let saved = plan_save(&st(json!({})), &SettingsForm::from_value(&json!({ "baseUrl": "http://127.0.0.1:4000", "privateIntelUrl": "http://localhost:4001/", "clientId": "me", "clientSecret": "S", "remember": "device" }))).unwrap();
    assert_eq!(saved.local.set["secretIntel"], json!("http://localhost:4001"));
}

#[test]
fn client_plan_refusals_say_what_to_do() {
    let rows: Vec<(&str, Value, bool, (&str, bool))> = vec![
        // A bare install is in sign-in mode, the recommended one (issue 16).
        ("nothing set up", json!({}), false, ("Set up the extension first: open its options and sign in with your Cisco XDR account", true)),
        (
            "nothing set up, shared client chosen",
            json!({ "local": { "settings": { "authMode": "shared" } } }),
            false,
            ("Set up the extension first: open its options and enter your API client id and secret.", true),
        ),
        ("a client id but no secret", json!({ "local": { "settings": user("us", "", "me") } }), false, ("Set up the extension first", true)),
        (
            "a secret for another host",
            json!({ "local": { "settings": user("eu", "", "me"), "secret": "S", "secretOrigin": US } }),
            false,
            ("Not sent: the saved client secret was entered for visibility.amp.cisco.com", true),
        ),
        (
            "an unusable base URL",
            json!({ "local": { "settings": user("", "ftp://x", "me") } , "managed": { "clientSecret": "" }, "dev": DEV }),
            false,
            ("Set up the extension first", true),
        ),
        (
            "verdicts and pivots turned off",
            json!({ "local": { "settings": user("us", "", "me"), "secret": "S", "secretOrigin": US, "enrich": false } }),
            true,
            ("Verdicts and pivots are turned off in the extension options.", false),
        ),
    ];
    for (name, stored, enrich, (message, setup)) in rows {
        let e = client_plan(&st(stored), enrich).unwrap_err();
        assert_eq!(e.kind, crate::ErrorKind::BadInput, "{name}");
        assert!(e.message.starts_with(message), "{name}: {}", e.message);
        assert_eq!(e.setup, setup, "{name}");
    }
    // Enrichment on (the default) and everything else in place: a client.
    assert!(client_plan(&st(json!({ "dev": DEV })), true).is_ok());
    // A policy base URL that is not usable: the base URL's own message.
    let e = client_plan(&st(json!({ "managed": { "baseUrl": "http://evil.example", "clientId": "a", "clientSecret": "P" } })), false).unwrap_err();
    assert!(e.message.contains("plain http is only allowed for a loopback address"), "{}", e.message);
}

fn keys(a: &AreaPlan) -> Keys<'_> {
    (a.set.keys().map(String::as_str).collect(), a.remove.clone())
}

#[test]
fn save_writes_the_settings_and_puts_a_typed_secret_where_the_user_chose() {
    let empty = st(json!({}));
    let rows: Vec<(&str, &Stored, Value, (Keys, Keys))> = vec![
        (
            "on this device",
            &empty,
            json!({ "region": "eu", "clientId": " me ", "clientSecret": "T", "remember": "device" }),
            ((vec!["secret", "secretOrigin", "settings"], vec!["secretIntel"]), (vec![], vec!["secret", "secretOrigin", "secretIntel", "token"])),
        ),
        (
            "for this session only",
            &empty,
            json!({ "region": "eu", "clientId": "me", "clientSecret": "T", "remember": "session" }),
            ((vec!["settings"], vec!["secret", "secretOrigin", "secretIntel"]), (vec!["secret", "secretOrigin"], vec!["secretIntel", "token"])),
        ),
        (
            "no secret typed, none saved: nothing kept anywhere",
            &empty,
            json!({ "region": "eu", "clientId": "me" }),
            ((vec!["settings"], vec!["secret", "secretOrigin", "secretIntel"]), (vec![], vec!["secret", "secretOrigin", "secretIntel", "token"])),
        ),
    ];
    for (name, stored, form, (local, session)) in rows {
        let plan = plan_save(stored, &SettingsForm::from_value(&form)).unwrap();
        assert_eq!((keys(&plan.local), keys(&plan.session)), (local, session), "{name}");
    }
    let plan =
        plan_save(&empty, &SettingsForm::from_value(&json!({ "region": "eu", "baseUrl": "", "clientId": " me ", "clientSecret": "T", "remember": "device" })))
            .unwrap();
    assert_eq!(
        Value::Object(plan.local.set),
        json!({ "settings": { "region": "eu", "baseUrl": "", "clientId": "me", "remember": "device" }, "secret": "T", "secretOrigin": EU })
    );
    let plan = plan_save(
        &empty,
        &SettingsForm::from_value(
            &json!({ "region": "us", "baseUrl": " HTTP://127.0.0.1:4000/ ", "clientId": "me", "clientSecret": "T", "remember": "session" }),
        ),
    )
    .unwrap();
    assert_eq!(
        plan.local.set["settings"],
        json!({ "region": "", "baseUrl": STANDIN, "clientId": "me", "remember": "session" }),
        "the base URL wins, stored as checked"
    );
    assert_eq!(Value::Object(plan.session.set), json!({ "secret": "T", "secretOrigin": STANDIN }));
}

#[test]
fn save_keeps_a_saved_secret_only_for_its_own_host() {
    let saved = st(json!({ "local": { "settings": user("us", "", "me"), "secret": "S", "secretOrigin": US } }));
    // Same host, field left empty, moved to the session: the same secret, in the other area.
    let plan = plan_save(&saved, &SettingsForm::from_value(&json!({ "region": "us", "clientId": "me", "remember": "session" }))).unwrap();
    assert_eq!(Value::Object(plan.session.set), json!({ "secret": "S", "secretOrigin": US }));
    assert_eq!(plan.local.remove, ["secret", "secretOrigin", "secretIntel"]);
    // Another host, field left empty: refused, nothing written.
    let e = plan_save(&saved, &SettingsForm::from_value(&json!({ "region": "eu", "clientId": "me", "remember": "device" }))).unwrap_err();
    assert!(e.setup && e.message.contains("Enter the client secret for visibility.eu.amp.cisco.com"), "{}", e.message);
}

#[test]
fn save_never_stores_the_administrators_or_the_dev_secret() {
    let rows: Vec<(&str, Value, Value)> = vec![
        (
            "policy secret and host",
            json!({ "managed": { "region": "eu", "clientSecret": "P" } }),
            json!({ "region": "eu", "clientId": "me", "remember": "device" }),
        ),
        ("policy secret, no host", json!({ "managed": { "clientSecret": "P" } }), json!({ "region": "us", "clientId": "me", "remember": "device" })),
        (
            "policy secret, saved twice (the user's settings exist now)",
            json!({ "managed": { "clientSecret": "P" }, "local": { "settings": user("us", "", "me") } }),
            json!({ "region": "us", "clientId": "me", "remember": "session" }),
        ),
        ("dev secret", json!({ "dev": DEV }), json!({ "baseUrl": STANDIN, "clientId": "demo-client", "remember": "device" })),
    ];
    for (name, stored, form) in rows {
        let plan = plan_save(&st(stored), &SettingsForm::from_value(&form)).unwrap();
        let written = serde_json::to_string(&plan).unwrap();
        assert!(!written.contains("\"P\"") && !written.contains("demo-secret"), "{name}: {written}");
        assert!(plan.local.remove.contains(&"secret") && plan.session.remove.contains(&"secret"), "{name}: no copy left anywhere");
    }
}

#[test]
fn save_refusals() {
    let locked = st(json!({ "managed": { "locked": true, "clientId": "adm" } }));
    let e = plan_save(&locked, &SettingsForm::from_value(&json!({ "region": "eu", "clientSecret": "T" }))).unwrap_err();
    assert_eq!((e.message.as_str(), e.setup), ("Your administrator has locked these settings.", false));
    for bad in ["http://evil.example", "visibility.amp.cisco.com", "https://host/path", "https://evil%2ecom"] {
        let e = plan_save(&st(json!({})), &SettingsForm::from_value(&json!({ "baseUrl": bad, "clientId": "me", "clientSecret": "T" }))).unwrap_err();
        assert_eq!(e.kind, crate::ErrorKind::BadInput, "{bad}");
        assert!(e.message.starts_with("The base URL"), "{bad}: {}", e.message);
    }
    let e = plan_save(&st(json!({ "managed": { "clientSecret": "P" } })), &SettingsForm::from_value(&json!({ "region": "eu" }))).unwrap_err();
    assert!(e.setup && e.message.contains("administrator set the client secret"), "{}", e.message);
}

#[test]
fn test_connection_uses_the_form_unless_locked() {
    let s = st(json!({ "local": { "settings": user("us", "", "me"), "secret": "S", "secretOrigin": US } }));
    let o = plan_test(&s, Some(&SettingsForm::from_value(&json!({ "region": "", "baseUrl": STANDIN, "clientId": "x", "clientSecret": "T" })))).unwrap();
    assert_eq!(serde_json::to_value(&o).unwrap(), json!({ "baseUrl": STANDIN, "clientId": "x", "clientSecret": "T" }));
    let e = plan_test(&s, Some(&SettingsForm::from_value(&json!({ "baseUrl": STANDIN, "clientId": "x" })))).unwrap_err();
    assert!(e.setup && e.message.contains("entered for visibility.amp.cisco.com and is never sent to another host (127.0.0.1:4000)"), "{}", e.message);
    let e = plan_test(&s, Some(&SettingsForm::from_value(&json!({ "baseUrl": "http://evil.example" })))).unwrap_err();
    assert!(e.message.starts_with("The base URL"), "{}", e.message);
    // No form at all: an empty form (the default region, nobody). Said on the options page
    // itself, so it names the fields above and never says "open its options".
    let e = plan_test(&st(json!({})), None).unwrap_err();
    assert_eq!(e.message, "Enter the API client's id and its secret (its password in XDR) above, then press Test connection again.");
    assert!(!e.message.contains("options"));
    let e = plan_test(&st(json!({})), Some(&SettingsForm::from_value(&json!({ "region": "us", "clientId": "x" })))).unwrap_err();
    assert_eq!(e.message, "Enter the API client's secret (its password in XDR) above, then press Test connection again.");
    // Locked: the policy's settings only; whatever the form says is not even checked.
    let locked = st(json!({ "managed": { "locked": true, "baseUrl": STANDIN, "clientId": "adm", "clientSecret": "P" } }));
    let o = plan_test(&locked, Some(&SettingsForm::from_value(&json!({ "baseUrl": "http://evil.example", "clientSecret": "T" })))).unwrap();
    assert_eq!(serde_json::to_value(&o).unwrap(), json!({ "baseUrl": STANDIN, "clientId": "adm", "clientSecret": "P" }));
}

#[test]
fn display_preferences_take_booleans_only() {
    let rows: Vec<(Value, Value)> = vec![
        (json!({ "enrich": false }), json!({ "enrich": false })),
        (json!({ "enrich": true, "askInspect": false }), json!({ "enrich": true, "askInspect": false })),
        (json!({ "enrich": "false", "askInspect": 1, "secret": "x" }), json!({})),
        (json!(null), json!({})),
        // "Language": a locale's tag the catalogue has, else "" (the browser's); not a string: nothing.
        (json!({ "language": "ja" }), json!({ "language": "ja" })),
        (json!({ "language": "ja-JP" }), json!({ "language": "ja" })),
        (json!({ "language": "" }), json!({ "language": "" })),
        (json!({ "language": "tlh" }), json!({ "language": "" })),
        (json!({ "language": 1 }), json!({})),
    ];
    for (prefs, set) in rows {
        let plan = plan_prefs(&Prefs::from_value(&prefs));
        assert_eq!(Value::Object(plan.local.set), set, "{prefs}");
        assert!(plan.local.remove.is_empty() && plan.session == AreaPlan::default());
    }
}

#[test]
fn only_a_dev_version_name_reads_dev_config() {
    for (name, dev) in [
        ("0.1.0 dev", true),
        ("0.1.0-dev", true),
        ("dev", true),
        ("0.1.0", false),
        ("", false),
        ("0.1.0dev", false),
        ("0.1.0 devel", false),
        ("0.1.0 dev ", false),
        ("my_dev", false),
    ] {
        assert_eq!(is_dev_build(name), dev, "{name:?}");
    }
}

#[test]
fn endpoints_for_the_options_page() {
    // A region's host needs its permission checked too: Firefox users can refuse or revoke it.
    let region = check_endpoint(&json!({ "region": "eu", "baseUrl": "" })).unwrap();
    assert_eq!(
        serde_json::to_value(region).unwrap(),
        json!({ "baseUrl": EU, "origin": EU, "host": "visibility.eu.amp.cisco.com", "permission": "https://visibility.eu.amp.cisco.com/*",
                "permissionDenied": { "code": "bad-input", "setup": true,
                    "message": "Allow the extension to reach visibility.eu.amp.cisco.com (the browser asks when you save or test): without it nothing can be sent to Threat Response." },
                "permissionMissing": { "code": "bad-input", "setup": true,
                    "message": "This browser does not allow the extension to reach visibility.eu.amp.cisco.com: the site permission was refused or removed. Open the extension options and press Save or Test connection to allow it." },
                "permissionNotice": "The browser does not allow this extension to reach visibility.eu.amp.cisco.com yet. Save or Test connection asks for it.",
                "intelPermission": "https://private.intel.eu.amp.cisco.com/*" })
    );
    let custom = check_endpoint(&json!({ "region": "", "baseUrl": " HTTP://127.0.0.1:4000/ " })).unwrap();
    let v = serde_json::to_value(&custom).unwrap();
    assert_eq!(
        (v["baseUrl"].as_str(), v["origin"].as_str(), v["host"].as_str(), v["permission"].as_str()),
        (Some(STANDIN), Some(STANDIN), Some("127.0.0.1:4000"), Some("http://127.0.0.1/*"))
    );
    assert_eq!(
        v["permissionDenied"],
        json!({ "code": "bad-input", "setup": true, "message": "Allow the extension to reach 127.0.0.1:4000 (the browser asks when you save or test), or choose a region." })
    );
    assert!(custom.permission_missing.message.contains("reach 127.0.0.1:4000") && custom.permission_missing.setup);
    assert_eq!(custom.intel_permission, None, "a custom base URL's private-intel URL is checked on its own");
    let v6 = check_endpoint(&json!({ "baseUrl": "https://[::1]:8443" })).unwrap();
    assert_eq!(v6.permission, "https://[::1]/*");
    for (input, says) in [
        (json!({ "region": "eu", "baseUrl": STANDIN }), "not both"),
        (json!({ "region": "mars" }), "Unknown region"),
        (json!({}), "No region or baseUrl given"),
        (json!({ "baseUrl": "http://evil.example" }), "plain http is only allowed"),
    ] {
        let e = check_endpoint(&input).unwrap_err();
        assert!(e.kind == crate::ErrorKind::BadInput && e.message.contains(says), "{input}: {}", e.message);
    }
    let table: Vec<(&str, String)> = regions().into_iter().map(|r| (r.id, r.label)).collect();
    assert_eq!(
        table,
        [
            ("us", "US (visibility.amp.cisco.com)".to_string()),
            ("eu", "EU (visibility.eu.amp.cisco.com)".to_string()),
            ("apjc", "Asia Pacific (visibility.apjc.amp.cisco.com)".to_string())
        ]
    );
}

/// Issue 21.7: the client secret saved on this device and the "Stay signed in" sign-in are
/// sealed in storage.local: every plan that writes them names them in `local.seal`, and only
/// them; storage.session (extension contexts only) is never sealed.
#[test]
fn plans_mark_the_secret_and_the_kept_sign_in_to_be_sealed() {
    let s = st(json!({}));
    let form = json!({ "baseUrl": STANDIN, "clientId": "me", "clientSecret": "S3CRET", "remember": "device" });
    let plan = plan_save(&s, &SettingsForm::from_value(&form)).unwrap();
    assert_eq!(plan.seal(), ["secret"]);
    let v = serde_json::to_value(&plan).unwrap();
    assert_eq!(v["local"]["seal"], json!(["secret"]));
    assert_eq!(v["local"]["set"]["secret"], json!("S3CRET"), "the worker seals it before writing");
    assert!(v["session"].get("seal").is_none());
    // For this browser session only: storage.session, nothing sealed.
    let plan =
        plan_save(&s, &SettingsForm::from_value(&json!({ "baseUrl": STANDIN, "clientId": "me", "clientSecret": "S3CRET", "remember": "session" }))).unwrap();
    assert!(plan.seal().is_empty() && plan.session.set.contains_key("secret"));
    assert!(serde_json::to_value(&plan).unwrap()["local"].get("seal").is_none());
    // Preferences and the origin binding: not secrets, written as they are.
    assert!(plan_prefs(&Prefs::from_value(&json!({ "enrich": false }))).seal().is_empty());
    // "Stay signed in": the sign-in with its refresh token is sealed; for the session it is not.
    let signed = st(json!({ "local": { "settings": { "region": "eu", "clientId": "client-ac", "authMode": "signin" } } }));
    let state = json!({ "refreshToken": "rt-9", "user": "Alice", "signedIn": true });
    let kept = plan_signed_in(&signed, "b", &json!({ "accessToken": "at" }), &state, Some(true)).unwrap();
    assert_eq!(kept.seal(), ["signin"]);
    let v = serde_json::to_value(&kept).unwrap();
    assert_eq!(v["local"]["seal"], json!(["signin"]));
    assert!(!v["local"]["seal"].to_string().contains("signinGeneration") && !v["local"]["seal"].to_string().contains("staySignedIn"));
    assert!(plan_session(&signed, &state, Some(false)).unwrap().seal().is_empty());
    assert!(plan_sign_out(&signed).seal().is_empty());
}

/// Issue 21.7: values an older version stored in plain text are re-written sealed by the
/// cleanup at the next read; values the worker opened are left alone.
#[test]
fn plain_values_of_an_older_version_are_sealed_by_the_cleanup() {
    let v = json!({ "local": { "settings": user("", STANDIN, "me"), "secret": "S", "secretOrigin": "http://127.0.0.1:4000" } });
    let r = resolve(&st(v.clone()));
    assert!(r.public.configured, "a plain value still works");
    assert_eq!(r.cleanup.local.set["secret"], json!("S"));
    assert_eq!(r.cleanup.seal(), ["secret"]);
    let mut opened = v.clone();
    opened["local"]["secret"] = json!("\"S\"");
    opened["opened"] = json!(["secret"]);
    assert_eq!(resolve(&st(opened)).cleanup, StoragePlan::default(), "already sealed");
    // A plain secret without its origin is removed, not re-written.
    let r = resolve(&st(json!({ "local": { "settings": user("", STANDIN, "me"), "secret": "S" } })));
    assert!(r.cleanup.local.set.is_empty() && r.cleanup.local.remove.contains(&"secret"));
    // The sign-in kept on this device, for these settings.
    let b = r#"["signin","","http://127.0.0.1:4000","client-ac"]"#;
    let signin = json!({ "binding": b, "refreshToken": "rt-1", "user": "A" });
    let r = resolve(&st(json!({ "local": { "settings": { "baseUrl": STANDIN, "clientId": "client-ac", "authMode": "signin" }, "signin": signin } })));
    assert_eq!(r.cleanup.local.set["signin"], signin);
    assert_eq!(r.cleanup.seal(), ["signin"]);
}

/// Issue 21.7: a sealed value the worker could not open (its key in IndexedDB is gone) counts
/// as absent: the extension asks for the secret, or a sign-in, again, and says why.
#[test]
fn a_sealed_value_that_cannot_be_opened_is_absent_with_a_notice() {
    let s = st(json!({ "local": { "settings": user("", STANDIN, "me"), "secretOrigin": "http://127.0.0.1:4000" }, "unreadable": ["secret"] }));
    let r = resolve(&s);
    assert!(!r.public.configured && !r.public.has_secret);
    assert!(
        r.public.storage_notice.contains("can no longer be decrypted") && r.public.storage_notice.contains("enter the client secret again"),
        "{}",
        r.public.storage_notice
    );
    assert!(r.public.secret_hint.starts_with("enter it again"));
    assert_eq!(r.cleanup, StoragePlan::default(), "nothing to write: the next save replaces it");
    let e = client_plan(&s, false).unwrap_err();
    assert!(e.setup && e.message.contains("can no longer be decrypted"), "{}", e.message);
    // Typed again: saved (and sealed) as usual; the notice is gone.
    let plan = plan_save(&s, &SettingsForm::from_value(&json!({ "baseUrl": STANDIN, "clientId": "me", "clientSecret": "NEW", "remember": "device" }))).unwrap();
    assert_eq!(plan.seal(), ["secret"]);
    let mut after =
        json!({ "local": { "settings": user("", STANDIN, "me"), "secret": "\"NEW\"", "secretOrigin": "http://127.0.0.1:4000" }, "opened": ["secret"] });
    let p = resolve(&st(after.clone())).public;
    assert!(p.storage_notice.is_empty() && p.configured);
    // Opened text that is not JSON counts as absent.
    after["local"]["secret"] = json!("not json");
    assert!(!resolve(&st(after.clone())).public.configured);
    // The sign-in kept on this device.
    after = json!({ "local": { "settings": { "baseUrl": STANDIN, "clientId": "client-ac", "authMode": "signin" } }, "unreadable": ["signin"] });
    let s = st(after);
    let p = resolve(&s).public;
    assert!(!p.configured && !p.sign_in.as_ref().unwrap().signed_in);
    assert!(p.storage_notice.starts_with("Signed out") && p.storage_notice.contains("Sign in again"), "{}", p.storage_notice);
    let e = client_plan(&s, false).unwrap_err();
    assert_eq!(e.kind, crate::error::ErrorKind::SignedOut);
    assert!(e.message.contains("can no longer be decrypted"));
    assert!(sign_in_plan(&s).is_ok(), "signing in again is possible");
}

/// Issue 22.3: the storage an older version left (a plain secret, keys this version no longer
/// knows, a token saved with its binding, lists of the wrong type) loads through the typed
/// input as before; the options form and the preferences are read the same way (a field of
/// another type counts as absent, unknown keys are ignored); a form the core refuses says why.
#[test]
fn typed_inputs_read_an_older_versions_storage_and_forms_leniently() {
    let older = json!({
        "local": {
            "settings": { "region": "eu", "baseUrl": "", "clientId": "me", "remember": "device", "theme": "dark" },
            "secret": "S", "secretOrigin": EU, "enrich": false, "askInspect": true, "legacyCounter": 3,
        },
        "session": { "token": { "binding": r#"["eu","","me"]"#, "state": { "accessToken": "tok", "expiresAtMs": 1.9e12, "scopes": ["response"] } } },
        "managed": {},
        "dev": null,
        "opened": "secret",
        "unreadable": [7, null],
        "version": 1,
    });
    let s = st(older);
    assert!(s.opened.is_empty() && s.unreadable.is_empty(), "lists of the wrong type count as empty");
    let p = resolve(&s).public;
    assert_eq!((p.region, p.client_id.as_str(), p.configured, p.enrich, p.ask_inspect, p.secret_from), ("eu", "me", true, false, true, SecretFrom::Saved));
    let plan = client_plan(&s, false).unwrap();
    assert_eq!((plan.options.client_secret.as_str(), plan.options.token.is_some()), ("S", true), "the saved token still seeds the client");
    assert_eq!(st(json!(["not", "storage"])), st(json!({})), "anything but an object: nothing stored");

    let form = SettingsForm::from_value(&json!({ "region": ["eu"], "clientId": 7, "clientSecret": "T", "remember": "session", "colour": "red" }));
    assert_eq!(form, SettingsForm { client_secret: "T".into(), remember: "session".into(), ..SettingsForm::default() });
    assert_eq!(SettingsForm::from_value(&json!("eu")), SettingsForm::default());
    let prefs = Prefs::from_value(&json!({ "enrich": "no", "sightings": false, "language": 5, "other": true }));
    assert_eq!(prefs, Prefs { sightings: Some(false), ..Prefs::default() });
    assert_eq!(plan_prefs(&Prefs::from_value(&json!(null))), StoragePlan::default());

    let e = plan_save(&st(json!({})), &SettingsForm::from_value(&json!({ "baseUrl": "ftp://x", "clientId": "me", "clientSecret": "T" }))).unwrap_err();
    assert_eq!(e.kind, crate::ErrorKind::BadInput, "{}", e.message);
    assert!(e.message.contains("https://"), "it says what a base URL looks like: {}", e.message);
}
