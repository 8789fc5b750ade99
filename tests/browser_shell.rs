//! The JS boundary of the exports the shells call instead of deciding (`src/wasm/shell.rs`), in
//! headless Chromium: shapes of the returned objects, errors as `Error`s carrying the core's
//! fields, the Inspect callback of `findings`. The decisions themselves are tested natively
//! (`src/find.rs`, `src/settings/tests.rs`). Needs no server.
#![cfg(target_arch = "wasm32")]

mod wasm_common;

use js_sys::{Array, Function, JsString, Object, Promise};
use securex_respond::wasm::extension::*;
use securex_respond::wasm::shell::*;
use securex_respond::wasm::JsClient;
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use wasm_common::{back, get, js, ok};

wasm_bindgen_test_configure!(run_in_browser);

fn keys(v: &JsValue) -> Vec<String> {
    Object::keys(v.unchecked_ref::<Object>()).iter().filter_map(|k| k.as_string()).collect()
}

fn function(body: &str) -> JsValue {
    Function::new_no_args(body).into()
}

async fn rejected(p: Promise) -> JsValue {
    JsFuture::from(p).await.expect_err("should reject")
}

/// A thrown core error: an `Error` whose own fields are the core's serialisation.
fn core_error(e: &JsValue) -> Value {
    assert!(e.is_instance_of::<js_sys::Error>(), "an Error object");
    let mut fields = back(&Object::assign(&Object::new(), e.unchecked_ref::<Object>()).into());
    fields.as_object_mut().unwrap().remove("name");
    fields["message"] = json!(get(e, "message").as_string().unwrap());
    fields
}

#[wasm_bindgen_test]
async fn findings_local_merged_and_the_line_to_show() {
    let f = ok(findings_js("Beacon to evil[.]com".into(), JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    assert_eq!(back(&f), json!({ "observables": [{ "type": "domain", "value": "evil.com", "defanged": true, "source": "local" }] }));
    let none = ok(findings_js("nothing here".into(), JsValue::NULL, JsValue::UNDEFINED)).await;
    assert_eq!(back(&none), json!({ "observables": [], "message": "No observables found in this text." }));
    let inspect = function("globalThis.__asked = (globalThis.__asked || 0) + 1; return Promise.resolve([{ type: 'domain', value: 'evil.com' }, { type: 'hostname', value: 'srv01' }]);");
    let both = ok(findings_js("evil[.]com".into(), inspect.clone(), JsValue::UNDEFINED)).await;
    let sources: Vec<Value> = back(&get(&both, "observables")).as_array().unwrap().iter().map(|o| json!([o["value"], o["source"]])).collect();
    assert_eq!(sources, [json!(["evil.com", "both"]), json!(["srv01", "inspect"])]);
    // Nothing to look at: refused before Inspect is asked.
    let e = rejected(findings_js(" \n".into(), inspect.clone(), JsValue::UNDEFINED)).await;
    assert_eq!(
        core_error(&e),
        json!({ "code": "bad-input", "message": "Nothing to look at: the text is empty. Select or paste text that contains an IP, domain, URL, hash or e-mail." })
    );
    assert_eq!(get(&js_sys::global(), "__asked"), JsValue::from_f64(1.0), "inspect() asked once, not for the empty text");
    // What inspect() throws (a core error from client.inspect) is thrown as is.
    let failing = function("return Promise.reject(Object.assign(new Error('Inspect is down'), { code: 'server', status: 503 }));");
    let e = rejected(findings_js("evil.com".into(), failing, JsValue::UNDEFINED)).await;
    assert_eq!((get(&e, "code"), get(&e, "status"), get(&e, "message")), ("server".into(), JsValue::from_f64(503.0), "Inspect is down".into()));
    let e = rejected(findings_js(JsValue::from_f64(3.0), JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    assert_eq!(get(&e, "code"), "bad-input");
    let e = rejected(findings_js("evil.com".into(), JsValue::from_str("inspect"), JsValue::UNDEFINED)).await;
    assert_eq!(get(&e, "code"), "bad-input");
}

#[wasm_bindgen_test]
fn selections_are_cut_in_utf16_units_and_say_so() {
    let short = cap_selection("evil.com".into());
    assert_eq!(back(&short), json!({ "text": "evil.com" }));
    assert_eq!(back(&cap_selection(JsValue::UNDEFINED)), json!({ "text": "" }));
    let long = cap_selection("a".repeat(200_001).into());
    assert_eq!(get(&long, "text").unchecked_into::<JsString>().length(), 200_000);
    assert_eq!(get(&long, "notice"), "The selection was long: only its first 200,000 characters are used.");
    // An emoji (two UTF-16 units) across the cap goes whole.
    let pair = cap_selection(format!("{}😀b", "a".repeat(199_999)).into());
    assert_eq!(get(&pair, "text").unchecked_into::<JsString>().length(), 199_999);
}

#[wasm_bindgen_test]
fn regions_and_endpoints() {
    let r = regions_js();
    assert!(Array::is_array(&r));
    assert_eq!(
        back(&Array::from(&r).get(0)),
        json!({ "id": "us", "name": "US", "baseUrl": "https://visibility.amp.cisco.com", "label": "US (visibility.amp.cisco.com)" })
    );
    let custom = check_endpoint(js(json!({ "region": "", "baseUrl": "http://127.0.0.1:4000/" }))).unwrap();
    assert_eq!(get(&custom, "permission"), "http://127.0.0.1/*");
    assert_eq!(get(&get(&custom, "permissionDenied"), "code"), "bad-input");
    let region = check_endpoint(js(json!({ "region": "eu" }))).unwrap();
    // A region's host permission is checked too (Firefox users can refuse or revoke it).
    assert_eq!(keys(&region), ["baseUrl", "origin", "host", "permission", "permissionDenied", "permissionMissing", "permissionNotice", "intelPermission"]);
    assert_eq!(get(&region, "permission"), "https://visibility.eu.amp.cisco.com/*");
    // And the region's private-intel host, asked for with it (casebooks go there).
    assert_eq!(get(&region, "intelPermission"), "https://private.intel.eu.amp.cisco.com/*");
    assert!(get(&custom, "intelPermission").is_undefined(), "a custom base URL's private-intel URL is checked on its own");
    assert_eq!(get(&get(&region, "permissionMissing"), "setup"), true);
    let e = check_endpoint(js(json!({ "baseUrl": "http://evil.example" }))).unwrap_err();
    assert_eq!(get(&e, "code"), "bad-input");
    assert!(get(&e, "message").as_string().unwrap().contains("plain http"));
}

#[wasm_bindgen_test]
fn settings_round_trip_through_js_objects() {
    let stored = json!({
        "local": { "settings": { "region": "", "baseUrl": "http://127.0.0.1:4000", "clientId": "me", "remember": "device" }, "secret": "S3CRET", "secretOrigin": "http://127.0.0.1:4000" },
        "session": {},
        "managed": {},
        "dev": null,
    });
    let r = resolve_settings(js(stored.clone())).unwrap();
    let public = get(&r, "public");
    assert_eq!((get(&public, "configured"), get(&public, "secretFrom"), get(&public, "host")), (JsValue::TRUE, "saved".into(), "127.0.0.1:4000".into()));
    assert!(!back(&public).to_string().contains("S3CRET"), "pages never get the secret");
    // The plan's options make a client as they are.
    let plan = client_plan(js(stored.clone()), JsValue::UNDEFINED).unwrap();
    let c = JsClient::new(get(&plan, "options")).unwrap();
    assert_eq!(c.base_url(), "http://127.0.0.1:4000");
    // Refusals are Errors with the core's fields, `setup` included.
    let e = client_plan(js(json!({ "local": { "settings": { "authMode": "shared" } }, "session": {}, "managed": {} })), JsValue::UNDEFINED).unwrap_err();
    assert_eq!(
        core_error(&e),
        json!({ "code": "bad-input", "setup": true, "message": "Set up the extension first: open its options and enter your API client id and secret." })
    );
    // A bare install is in sign-in mode (issue 16): not signed in is its own error, with `signIn`.
    let e = client_plan(
        js(json!({ "local": { "settings": { "authMode": "signin", "clientId": "client-ac" } }, "session": {}, "managed": {} })),
        JsValue::UNDEFINED,
    )
    .unwrap_err();
    assert_eq!((get(&e, "code"), get(&e, "signIn")), ("signed-out".into(), JsValue::TRUE));
    let save = plan_save(js(stored), js(json!({ "region": "eu", "clientId": "me", "clientSecret": "T", "remember": "session" }))).unwrap();
    assert_eq!(back(&get(&get(&save, "session"), "set")), json!({ "secret": "T", "secretOrigin": "https://visibility.eu.amp.cisco.com" }));
    assert_eq!(back(&get(&get(&save, "session"), "remove")), json!(["secretIntel", "token"]));
    assert_eq!(
        back(&plan_prefs(js(json!({ "enrich": false }))).unwrap()),
        json!({ "local": { "set": { "enrich": false }, "remove": [] }, "session": { "set": {}, "remove": [] } })
    );
    assert!(is_dev_build("0.1.0 dev".into()) && !is_dev_build("0.1.0".into()) && !is_dev_build(JsValue::UNDEFINED));
}

#[wasm_bindgen_test]
fn confirmations_through_js_objects() {
    let url = "/respond/trigger/m1/block?observable_type=domain&observable_value=evil.com";
    let c = confirm_issue(JsValue::UNDEFINED, js(json!({ "url": url, "title": "Block" })), "n1").unwrap();
    let entry = get(&c, "n1");
    assert_eq!(get(&entry, "url"), url);
    let until = get(&entry, "until").as_f64().unwrap();
    let now = js_sys::Date::now();
    assert!(until > now + 110_000.0 && until <= now + 120_000.0, "two minutes from now: {until} vs {now}");
    let r = confirm_redeem(c, "n1".into(), url.into()).unwrap();
    assert_eq!((get(&r, "ok"), keys(&get(&r, "confirms")).len(), get(&r, "refused")), (JsValue::TRUE, 0, JsValue::UNDEFINED));
    let again = confirm_redeem(get(&r, "confirms"), "n1".into(), url.into()).unwrap();
    assert_eq!(get(&again, "ok"), JsValue::FALSE);
    let refused = core_error(&get(&again, "refused"));
    assert_eq!(refused["code"], "bad-input");
    assert!(refused["message"].as_str().unwrap().contains("not confirmed"));
    let e = confirm_issue(JsValue::UNDEFINED, JsValue::UNDEFINED, "n").unwrap_err();
    assert_eq!(get(&e, "message"), "Nothing to confirm: no action.");
}
