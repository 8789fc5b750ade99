//! Casebooks, sightings and Investigate links at the JS boundary in headless Chromium (issue
//! 15): the real wasm client fetching the stand-in's private intelligence and observe routes
//! cross-origin. Shapes of the returned objects, the errors' codes and fields, links.
#![cfg(target_arch = "wasm32")]

mod wasm_common;

use js_sys::Array;
use securex_respond::wasm::JsClient;
use serde_json::{json, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use wasm_common::{back, control, err, events, get, js, ok, standin, tenant};

wasm_bindgen_test_configure!(run_in_browser);

const WITH_CASEBOOK: &[&str] = &["inspect:read", "response", "enrich:read", "casebook"];
const SHA: &str = "b1380fd95bc5c0729738dcda2696aa0a7c6ee97a93d992931ce717a0df523967";

fn client(id: &str, secret: &str) -> JsClient {
    JsClient::new(js(json!({ "baseUrl": standin(), "privateIntelUrl": standin(), "clientId": id, "clientSecret": secret }))).unwrap()
}

/// A client whose secret does not contain its id (the shared helper's does, and the core then
/// redacts the id as a fragment of the secret: right, but not what an audit note shows).
async fn tenant_apart(name: &str) -> (String, String) {
    let id = format!("client-wasm-{name}-{}", js_sys::Date::now() as u64);
    let secret = format!("pw-{}", (js_sys::Math::random() * 1e15) as u64);
    control("clients", json!({ "client_id": id, "client_secret": secret, "scopes": WITH_CASEBOOK })).await;
    (id, secret)
}

#[wasm_bindgen_test]
async fn casebooks_create_search_add_note_and_open() {
    let (id, secret) = tenant_apart("casebook").await;
    let c = client(&id, &secret);
    assert_eq!(c.private_intel_url().as_deref(), Some(standin()));
    assert_eq!(get(&ok(c.check_connection()).await, "casebook"), JsValue::TRUE);
    let made = ok(c.create_casebook(js(json!({
        "title": "Phishing wave", "description": "From https://news.example/a",
        "observables": [{"type": "domain", "value": "evil.com"}, {"type": "ip", "value": "203.0.113.7"}],
        "note": "first look", "tlp": "amber"
    }))))
    .await;
    let book = back(&made);
    let cid = book["id"].as_str().unwrap().to_string();
    assert!(cid.starts_with("casebook-"), "{book}");
    assert_eq!(book["investigateUrl"], format!("{}/investigate?spid={}", standin(), &cid["casebook-".len()..]));
    assert_eq!(book["texts"], json!([{"type": "note", "text": "first look"}]));
    assert_eq!(book["tlp"], "amber");
    assert!(book["label"].as_str().unwrap().starts_with("Phishing wave · 2 observables · "), "{book}");

    let list = ok(c.casebooks(JsValue::UNDEFINED, js(json!({"limit": 5})))).await;
    assert!(Array::is_array(&list));
    assert_eq!(back(&list)[0]["id"], json!(cid));
    assert_eq!(back(&ok(c.casebooks(JsValue::from_str("phishing"), JsValue::UNDEFINED)).await).as_array().unwrap().len(), 1);
    assert_eq!(back(&ok(c.casebooks(JsValue::from_str("ransomware"), JsValue::UNDEFINED)).await), json!([]));

    let after =
        back(&ok(c.add_to_casebook(JsValue::from_str(&cid), js(json!([{"type": "sha256", "value": SHA}])), JsValue::from_str("from the sandbox"))).await);
    assert_eq!(after["observables"].as_array().unwrap().len(), 3);
    assert_eq!(after["texts"][1]["text"], "from the sandbox");

    let action = json!({"title": "Block this domain", "module": "Umbrella", "observable": {"type": "domain", "value": "evil.com"}});
    let noted = back(
        &ok(c.note_action(JsValue::from_str(&cid), js(action.clone()), js(json!({"status": "success", "succeeded": true, "errors": []})), JsValue::UNDEFINED))
            .await,
    );
    let note = noted["texts"][2]["text"].as_str().unwrap();
    assert!(note.starts_with(&format!("{id} ran Block this domain (Umbrella) on domain evil.com: success at ")), "{note}");
    let noted =
        back(&ok(c.note_action(JsValue::from_str(&cid), js(action), js(json!({"code": "timeout", "outcomeUnknown": true})), JsValue::from_str("alice"))).await);
    assert!(noted["texts"][3]["text"].as_str().unwrap().starts_with("alice ran Block this domain (Umbrella) on domain evil.com: outcome unknown at "));

    let again = back(&ok(c.casebook(JsValue::from_str(&format!("{}/ctia/casebook/{cid}", standin())))).await);
    assert_eq!(again["texts"].as_array().unwrap().len(), 4, "an id given as a full URL works");
    let routes: Vec<String> = events(&id).await.iter().map(|e| e["route"].as_str().unwrap().to_string()).filter(|r| r != "token").collect();
    assert_eq!(
        routes,
        [
            "casebook_create",
            "casebook_search",
            "casebook_search",
            "casebook_search",
            "casebook_get", // adding reads the casebook first: CTIA's add concatenates
            "casebook_observables",
            "casebook_texts",
            "casebook_texts",
            "casebook_texts",
            "casebook_get"
        ]
    );
}

#[wasm_bindgen_test]
async fn casebook_errors_carry_their_code_and_fields() {
    let (id, secret) = tenant("casebook-scope", &["inspect:read", "response", "enrich:read"], json!({})).await;
    let c = client(&id, &secret);
    assert_eq!(get(&ok(c.check_connection()).await, "casebook"), JsValue::FALSE);
    let e = err(c.casebooks(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    assert_eq!(get(&e, "code").as_string().as_deref(), Some("missing-scope"));
    assert_eq!(back(&get(&e, "missingScopes")), json!(["casebook"]));
    assert_eq!(get(&e, "setup"), JsValue::TRUE);

    let (id, secret) = tenant("casebook-404", &["private-intel"], json!({})).await;
    let c = client(&id, &secret);
    let e = err(c.add_to_casebook(
        JsValue::from_str("casebook-00000000-0000-4000-8000-000000000000"),
        js(json!([{"type": "ip", "value": "1.1.1.1"}])),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!((get(&e, "code").as_string().as_deref(), get(&e, "status").as_f64()), (Some("bad-input"), Some(404.0)));
    assert!(get(&e, "message").as_string().unwrap().contains("may have been deleted"));
    let e = err(c.create_casebook(js(json!({"title": "t"})))).await;
    assert_eq!(get(&e, "code").as_string().as_deref(), Some("bad-input"), "no observables: refused before sending");
    let e = err(c.casebook(JsValue::from_f64(3.0))).await;
    assert!(get(&e, "message").as_string().unwrap().contains("casebook() takes"));

    // A custom base URL without privateIntelUrl: a setup error, nothing sent.
    let bare = JsClient::new(js(json!({ "baseUrl": standin(), "clientId": id, "clientSecret": secret }))).unwrap();
    assert_eq!(bare.private_intel_url(), None);
    let e = err(bare.casebooks(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    assert_eq!((get(&e, "code").as_string().as_deref(), get(&e, "setup")), (Some("bad-input"), JsValue::TRUE));
    let e = JsClient::new(js(json!({ "region": "eu", "privateIntelUrl": "http://intel.example", "clientId": id, "clientSecret": secret }))).err().unwrap();
    assert!(get(&e, "message").as_string().unwrap().starts_with("The private intelligence URL"));
    let eu = JsClient::new(js(json!({ "region": "eu", "clientId": id, "clientSecret": secret }))).unwrap();
    assert_eq!(eu.private_intel_url().as_deref(), Some("https://private.intel.eu.amp.cisco.com"));
}

#[wasm_bindgen_test]
async fn sightings_badges_targets_and_investigate_links() {
    let (id, secret) = tenant("sightings", WITH_CASEBOOK, json!({})).await;
    let c = client(&id, &secret);
    let s = back(&ok(c.sightings(js(json!([{"type": "sha256", "value": SHA.to_ascii_uppercase()}, {"type": "domain", "value": "cisco.com"}])))).await);
    let hit = &s["observables"][0];
    assert_eq!(
        (hit["value"].as_str().unwrap(), hit["label"].as_str().unwrap(), hit["hosts"].as_u64()),
        (&SHA.to_ascii_uppercase()[..], "Seen on 2 of your hosts", Some(2))
    );
    assert_eq!(hit["targets"][0]["name"], "WS-042");
    assert_eq!(hit["targets"][0]["lastSeenText"], "2026-11-27 14:03 UTC");
    assert_eq!(hit["targets"][0]["observables"][1], json!({"type": "ip", "value": "10.0.0.42"}));
    assert_eq!(s["observables"][1]["label"], "Seen 40 times in your environment");
    assert_eq!(s["errors"][0]["code"], "module-timeout");

    let link = |t: Value| back(&c.investigate_url(js(t)).unwrap());
    assert_eq!(
        link(json!([{"type": "domain", "value": "evil.com"}, {"type": "ip", "value": "203.0.113.7"}]))["url"],
        format!("{}/investigate?q=evil.com%0A203.0.113.7", standin())
    );
    assert_eq!(link(json!("C2 at evil.com"))["url"], format!("{}/investigate?q=C2%20at%20evil.com", standin()));
    assert_eq!(
        link(json!({"casebook": "casebook-25d3dd3e-661b-4b37-8588-f12685e296aa"}))["url"],
        format!("{}/investigate?spid=25d3dd3e-661b-4b37-8588-f12685e296aa", standin())
    );
    let long = link(json!({"text": "evil.com ".repeat(300)}));
    assert_eq!((long["tooLong"].clone(), long.get("url")), (json!(true), None));
    assert!(long["message"].as_str().unwrap().contains("casebook"));
    let e = c.investigate_url(js(json!({"nothing": 1}))).unwrap_err();
    assert_eq!(get(&e, "code").as_string().as_deref(), Some("bad-input"));

    let d = back(
        &securex_respond::wasm::intel::casebook_draft(js(json!({"pageTitle": "Threat report", "pageUrl": "https://news.example/a", "includeUrl": true})))
            .unwrap(),
    );
    assert!(d["title"].as_str().unwrap().starts_with("Threat report — 20"), "{d}");
    assert_eq!(d["description"], "Observables from https://news.example/a");
    let d = back(&securex_respond::wasm::intel::casebook_draft(js(json!({"pageTitle": "Threat report", "pageUrl": "https://news.example/a"}))).unwrap());
    assert!(d.get("description").is_none(), "the URL only when ticked");
}
