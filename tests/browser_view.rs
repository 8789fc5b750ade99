//! The JS boundary of the pages' words (`src/wasm/view.rs`), in headless Chromium: what the
//! pages pass is JS as they hold it (an `Error` whose `message` is not enumerable, the bridge's
//! error, plain objects), and what comes back is the core's view model. The words themselves
//! are tested natively (`src/view/`). Needs no server.
#![cfg(target_arch = "wasm32")]

mod wasm_common;

use js_sys::{Object, Reflect};
use securex_respond::wasm::view::*;
use serde_json::{json, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use wasm_common::{back, js};

wasm_bindgen_test_configure!(run_in_browser);

/// `Object.assign(new Error(message), fields)`, as the bridge and the wasm layer make errors.
fn error(message: &str, fields: Value) -> JsValue {
    let e = js_sys::Error::new(message);
    Object::assign(&e, &js(fields).into());
    e.into()
}

#[wasm_bindgen_test]
fn an_error_object_keeps_its_message_and_gets_its_detail_line() {
    let v = back(&view_error(error("Wait a minute.", json!({ "code": "rate-limited", "retryAfter": 37 }))).unwrap());
    assert_eq!(v["code"], "rate-limited");
    assert_eq!(v["message"], "Wait a minute.", "the non-enumerable message of an Error is read");
    assert_eq!(v["detail"], "Retry in 37 s");
}

#[wasm_bindgen_test]
fn the_bridges_no_answer_to_a_trigger_is_worded_by_the_core_with_its_fate_unknown() {
    let v = back(&view_error(error("", json!({ "code": "network", "noAnswer": true, "cause": "closed", "sent": "view→sw:trigger" }))).unwrap());
    assert_eq!(v["outcomeUnknown"], true);
    assert_eq!(
        v["message"],
        "The extension's background worker did not answer (closed). Try again. The action may or may not have run: check the module before running it again."
    );
}

#[wasm_bindgen_test]
fn an_error_from_the_core_itself_round_trips() {
    let e = say(js(json!({ "id": "noSuchSentence" }))).unwrap_err();
    assert_eq!(Reflect::get(&e, &"code".into()).unwrap(), "bad-input");
    let v = back(&view_error(e).unwrap());
    assert_eq!(v["code"], "bad-input");
    assert!(v["message"].as_str().unwrap().contains("No such sentence"), "{v}");
    // Not an object at all (a thrown string): still a box, never a failure.
    let v = back(&view_error(JsValue::from_str("boom")).unwrap());
    assert_eq!((v["code"].as_str(), v["message"].as_str()), (Some("error"), Some("boom")));
}

#[wasm_bindgen_test]
fn labels_sentences_and_view_models_reach_js() {
    let labels = back(&view_labels().unwrap());
    assert_eq!(labels["listActions"], "List response actions");
    assert_eq!(say(js(json!({ "id": "selected", "n": 3 }))).unwrap(), "3 selected");
    assert_eq!(
        say(js(json!({ "id": "scanSummary", "observables": 1, "occurrences": 2, "nodes": 1 }))).unwrap(),
        "1 observable, 2 occurrences, in 1 text node."
    );
    let action = js(json!({ "title": "Block", "module": "Umbrella", "observable": { "type": "domain", "value": "evil.com" }, "url": "/x", "categories": [] }));
    assert_eq!(
        back(&view_confirm(action.clone(), JsValue::NULL).unwrap())["text"],
        "Run \u{201c}Block\u{201d} from Umbrella on domain \u{201c}evil.com\u{201d}?"
    );
    let failed = error(
        "Outcome unknown: HTTP 502.",
        json!({ "code": "server", "outcomeUnknown": true, "auditNote": { "error": { "code": "timeout", "message": "Slow." } } }),
    );
    let v = back(&view_failure(failed).unwrap());
    assert_eq!((v["error"]["message"].clone(), v["audit"]["text"].clone()), (json!("Outcome unknown: HTTP 502."), json!("Audit note not written: Slow.")));
    // One odd item in a list the page indexes in step: the others keep their places.
    let rows = back(&view_found(js(json!([{ "type": "domain", "value": "a.com" }, 7, { "type": "domain", "value": "b.com", "reference": true }]))).unwrap());
    assert_eq!(rows.as_array().unwrap().iter().map(|r| r["checked"].clone()).collect::<Vec<_>>(), [json!(true), json!(true), json!(false)]);
    let r = back(&view_result(action, js(json!({ "succeeded": true, "errors": [], "status": "success" }))).unwrap());
    assert_eq!(r["line"], "Done: \u{201c}Block\u{201d} succeeded (Umbrella).");
}

#[wasm_bindgen_test]
fn the_pages_locale_is_set_once_and_every_word_follows_it() {
    let ui = js(json!(["ja-JP", "en-US"]));
    assert_eq!(set_locale(Some(String::new()), ui.clone()), "ja", "no choice in the options: the browser's");
    let labels = back(&view_labels().unwrap());
    let said = say(js(json!({ "id": "selected", "n": 1200 }))).unwrap();
    // Back to English before asserting: the other tests of this page read English.
    assert_eq!(set_locale(Some("en".into()), ui), "en", "the options' choice wins");
    assert_eq!(labels["cancel"], "キャンセル");
    assert_eq!(said, "1,200 件選択");
    assert_eq!(set_locale(None, JsValue::UNDEFINED), "en", "nothing known: English");
    assert_eq!(say(js(json!({ "id": "selected", "n": 1200 }))).unwrap(), "1,200 selected");
}
