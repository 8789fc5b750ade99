//! The pages' words (`crate::view`): the labels, `say` for one sentence, and the view models
//! of the respond view, the confirmation, the options page and the scan panel. Conversions only.

use super::to_js;
use crate::view::{self, cards, confirm, options, respond, scan, Locale, Part, Text};
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const VIEW_TYPES: &str = r#"
/** An error box: the message says what to do; `detail` is the one line under it. */
export interface ErrorView { code: string; message: string; detail?: string; outcomeUnknown: boolean; setup: boolean; signIn: boolean; }
export interface ConfirmView { text: string; run: string; cancel: string; keys: string; running: string; }
export interface AuditView { failed: boolean; code?: string; text: string; }
export interface ResultView { succeeded: boolean; line: string; errors: string[]; audit?: AuditView; }
export interface FailureView { error: ErrorView; audit?: AuditView; }
export interface FoundRow { checked: boolean; reference: boolean; chips: { class: string; title: string; text: string }[]; }
export interface EnrichFailure { scope: boolean; code: string; text: string; }
export interface VerdictView { title: string; times: (string | null)[]; empty?: string; }
export interface SightingsView { facts?: string; targets: { seen?: string; os?: string; observables: string }[]; }
export interface CardsGroup { module: string; errors: string[]; actions: { m: number; a: number; target?: string }[]; }
/** One card per observable (`cards[i]` for `observables[i]`); `m`, `a` index `modules[m].actions[a]`. */
export interface CardsView { cards: { row: FoundRow; unicode?: string; unicodeTitle?: string; modules: CardsGroup[]; fold?: { why: "reference" | "verdict"; summary: string } }[]; general?: { heading: string; modules: CardsGroup[] }; empty?: string; }
export interface ModeView { legend: string; secret: string; remember: string; }
export interface SignInView { status: string; button: string; signedOut: string; }
export interface ConnectionView { ok: boolean; head: string; rows: { scope: string; state: "granted" | "missing"; said: string; why: string }[]; granted: string; limits: { id: string; reason: string }[]; }
export interface ScanSummaryView { page: string; summary: string; notices: string[]; firstRows: number; moreRows: number; }
"#;

const LOCALE: Locale = Locale::En;

fn from<T: DeserializeOwned + Default>(v: JsValue) -> T {
    serde_wasm_bindgen::from_value(v).unwrap_or_default()
}

/// An error as a page caught it: the core's or the bridge's object, or a thrown string.
fn error_in(e: JsValue) -> respond::ErrorIn {
    match e.as_string() {
        Some(message) => respond::ErrorIn { message: Some(message), ..Default::default() },
        None => from(e),
    }
}

/// A list the page indexes in step with its own: an item that does not read keeps its place.
fn list<T: DeserializeOwned + Default>(v: JsValue) -> Vec<T> {
    let items: Vec<serde_json::Value> = serde_wasm_bindgen::from_value(v).unwrap_or_default();
    items.into_iter().map(|v| serde_json::from_value(v).unwrap_or_default()).collect()
}

fn out<T: serde::Serialize>(v: &T) -> Result<JsValue, JsValue> {
    to_js(v).map_err(super::to_js_error)
}

/// Every fixed label of every page, by id.
#[wasm_bindgen(js_name = viewLabels, unchecked_return_type = "Record<string, string>")]
pub fn view_labels() -> Result<JsValue, JsValue> {
    out(&view::labels(LOCALE))
}

/// One sentence of the catalogue: `{ id, ...params }` (an unknown id is a bad-input error).
#[wasm_bindgen(js_name = say)]
pub fn say(#[wasm_bindgen(unchecked_param_type = "{ id: string; [param: string]: unknown }")] text: JsValue) -> Result<String, JsValue> {
    let t: Text = serde_wasm_bindgen::from_value(text)
        .map_err(|e| super::to_js_error(crate::error::Error::bad_input(format!("No such sentence in the catalogue ({e}): check its id and parameters."))))?;
    Ok(t.say(LOCALE))
}

#[wasm_bindgen(js_name = viewError, unchecked_return_type = "ErrorView")]
pub fn view_error(e: JsValue) -> Result<JsValue, JsValue> {
    out(&respond::error(&error_in(e), LOCALE))
}

#[wasm_bindgen(js_name = viewFound, unchecked_return_type = "FoundRow[]")]
pub fn view_found(#[wasm_bindgen(unchecked_param_type = "FoundObservable[]")] found: JsValue) -> Result<JsValue, JsValue> {
    let found: Vec<respond::FoundIn> = list(found);
    out(&respond::found_rows(&found, LOCALE))
}

fn part(p: &str) -> Part {
    match p {
        "sightings" => Part::Sightings,
        "pivots" => Part::Pivots,
        "actions" => Part::Actions,
        _ => Part::Verdicts,
    }
}

#[wasm_bindgen(js_name = viewEnrichFailure, unchecked_return_type = "EnrichFailure")]
pub fn view_enrich_failure(
    #[wasm_bindgen(unchecked_param_type = "\"verdicts\" | \"sightings\" | \"pivots\"")] what: &str,
    e: JsValue,
) -> Result<JsValue, JsValue> {
    out(&respond::enrich_failure(part(what), &error_in(e), LOCALE))
}

#[wasm_bindgen(js_name = viewModuleNotes, unchecked_return_type = "{ code: string; text: string }[]")]
pub fn view_module_notes(what: &str, #[wasm_bindgen(unchecked_param_type = "ModuleError[] | undefined")] errors: JsValue) -> Result<JsValue, JsValue> {
    let errors: Vec<view::ModuleErrorIn> = list(errors);
    out(&respond::module_notes(part(what), &errors, LOCALE))
}

#[wasm_bindgen(js_name = viewVerdict, unchecked_return_type = "VerdictView")]
pub fn view_verdict(o: JsValue) -> Result<JsValue, JsValue> {
    out(&respond::verdict(&from(o), LOCALE))
}

#[wasm_bindgen(js_name = viewSightings, unchecked_return_type = "SightingsView")]
pub fn view_sightings(o: JsValue) -> Result<JsValue, JsValue> {
    out(&respond::sightings(&from(o), LOCALE))
}

/// A list that may not be there yet (null or undefined: none).
fn maybe_list<T: DeserializeOwned + Default>(v: JsValue) -> Option<Vec<T>> {
    (!v.is_null() && !v.is_undefined()).then(|| list(v))
}

/// The respond view's cards: the actions answer's `modules` once listed, the verdicts answer's
/// `observables` once they arrived (else null).
#[wasm_bindgen(js_name = viewCards, unchecked_return_type = "CardsView")]
pub fn view_cards(
    #[wasm_bindgen(unchecked_param_type = "FoundObservable[]")] found: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ModuleGroup[] | null | undefined")] modules: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ObservableVerdicts[] | null | undefined")] verdicts: JsValue,
) -> Result<JsValue, JsValue> {
    let found: Vec<respond::FoundIn> = list(found);
    let (modules, verdicts) = (maybe_list(modules), maybe_list(verdicts));
    out(&cards::cards(&found, modules.as_deref(), verdicts.as_deref(), LOCALE))
}

/// `verdicts`: the verdicts answer's `observables`, once they arrived (the confirmation names a
/// Clean or Common one).
#[wasm_bindgen(js_name = viewConfirm, unchecked_return_type = "ConfirmView")]
pub fn view_confirm(
    #[wasm_bindgen(unchecked_param_type = "Action")] action: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ObservableVerdicts[] | null | undefined")] verdicts: JsValue,
) -> Result<JsValue, JsValue> {
    let verdicts: Option<Vec<respond::VerdictsIn>> = maybe_list(verdicts);
    out(&confirm::confirm(&from(action), verdicts.as_deref(), LOCALE))
}

#[wasm_bindgen(js_name = viewResult, unchecked_return_type = "ResultView")]
pub fn view_result(
    #[wasm_bindgen(unchecked_param_type = "Action")] action: JsValue,
    #[wasm_bindgen(unchecked_param_type = "TriggerResult")] result: JsValue,
) -> Result<JsValue, JsValue> {
    out(&confirm::result(&from(action), &from(result), LOCALE))
}

#[wasm_bindgen(js_name = viewFailure, unchecked_return_type = "FailureView")]
pub fn view_failure(e: JsValue) -> Result<JsValue, JsValue> {
    out(&confirm::failure(&error_in(e.clone()), &from(e), LOCALE))
}

#[wasm_bindgen(js_name = viewMode, unchecked_return_type = "ModeView")]
pub fn view_mode(sign_in: bool) -> Result<JsValue, JsValue> {
    out(&options::mode(sign_in, LOCALE))
}

#[wasm_bindgen(js_name = viewSignIn, unchecked_return_type = "SignInView")]
pub fn view_sign_in(#[wasm_bindgen(unchecked_param_type = "PublicSettings")] s: JsValue) -> Result<JsValue, JsValue> {
    out(&options::sign_in(&from(s), LOCALE))
}

#[wasm_bindgen(js_name = viewConnection, unchecked_return_type = "ConnectionView")]
pub fn view_connection(#[wasm_bindgen(unchecked_param_type = "ConnectionInfo")] info: JsValue) -> Result<JsValue, JsValue> {
    out(&options::connection(&from(info), LOCALE))
}

#[wasm_bindgen(js_name = viewScanSummary, unchecked_return_type = "ScanSummaryView")]
pub fn view_scan_summary(#[wasm_bindgen(unchecked_param_type = "ScannedPage")] s: JsValue) -> Result<JsValue, JsValue> {
    out(&scan::summary(&from(s), LOCALE))
}

/// How many casebooks the "Add to casebook" picker lists.
#[wasm_bindgen(js_name = casebookPickLimit)]
pub fn casebook_pick_limit() -> u32 {
    respond::CASEBOOK_PICK_LIMIT
}

/// The extension window's header line (host, or who is signed in).
#[wasm_bindgen(js_name = viewConnectionLine)]
pub fn view_connection_line(#[wasm_bindgen(unchecked_param_type = "PublicSettings")] st: JsValue) -> String {
    respond::connection_line(&from(st), LOCALE)
}
