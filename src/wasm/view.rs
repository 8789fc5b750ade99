//! The pages' words (`crate::view`): the labels, `say` for one sentence, and the view models
//! of the respond view, the confirmation, the options page and the scan panel. Conversions only.

use super::to_js;
use crate::view::{self, cards, confirm, options, respond, scan, Locale, Part, Text};
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

/// The view models' types, generated from the structs in `crate::view` (`view::types` test).
#[wasm_bindgen(typescript_custom_section)]
const VIEW_TYPES: &str = include_str!("view.d.ts");

/// The page's locale: set once per page by `setLocale`, before its first words (English until
/// then). The core's locale of the moment (`view::text::current`), so the errors its calls build
/// in this page speak the page's language too.
fn locale() -> Locale {
    view::text::current()
}

/// The page's language, once, before its first words: the options' choice (`"en"`, `"ja"`;
/// empty: the browser's) over the browser's UI languages (`chrome.i18n.getUILanguage()`,
/// `navigator.languages`, a `lang` attribute). Returns the tag chosen, for `<html lang>`.
#[wasm_bindgen(js_name = setLocale)]
pub fn set_locale(choice: Option<String>, #[wasm_bindgen(unchecked_param_type = "readonly string[]")] ui: JsValue) -> String {
    let ui: Vec<String> = serde_wasm_bindgen::from_value(ui).unwrap_or_default();
    let l = Locale::choose(choice.as_deref().unwrap_or(""), &ui.iter().map(String::as_str).collect::<Vec<_>>());
    view::text::set_current(l);
    l.tag().to_string()
}

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
    out(&view::labels(locale()))
}

/// One sentence of the catalogue: `{ id, ...params }` (an unknown id is a bad-input error).
#[wasm_bindgen(js_name = say)]
pub fn say(#[wasm_bindgen(unchecked_param_type = "{ id: string; [param: string]: unknown }")] text: JsValue) -> Result<String, JsValue> {
    let t: Text = serde_wasm_bindgen::from_value(text)
        .map_err(|e| super::to_js_error(crate::error::Error::bad_input(format!("No such sentence in the catalogue ({e}): check its id and parameters."))))?;
    Ok(t.say(locale()))
}

#[wasm_bindgen(js_name = viewError, unchecked_return_type = "ErrorView")]
pub fn view_error(e: JsValue) -> Result<JsValue, JsValue> {
    out(&respond::error(&error_in(e), locale()))
}

#[wasm_bindgen(js_name = viewFound, unchecked_return_type = "FoundRow[]")]
pub fn view_found(#[wasm_bindgen(unchecked_param_type = "FoundObservable[]")] found: JsValue) -> Result<JsValue, JsValue> {
    let found: Vec<respond::FoundIn> = list(found);
    out(&respond::found_rows(&found, locale()))
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
    out(&respond::enrich_failure(part(what), &error_in(e), locale()))
}

#[wasm_bindgen(js_name = viewModuleNotes, unchecked_return_type = "Note[]")]
pub fn view_module_notes(what: &str, #[wasm_bindgen(unchecked_param_type = "ModuleError[] | undefined")] errors: JsValue) -> Result<JsValue, JsValue> {
    let errors: Vec<view::ModuleErrorIn> = list(errors);
    out(&respond::module_notes(part(what), &errors, locale()))
}

#[wasm_bindgen(js_name = viewVerdict, unchecked_return_type = "VerdictView")]
pub fn view_verdict(o: JsValue) -> Result<JsValue, JsValue> {
    out(&respond::verdict(&from(o), locale()))
}

#[wasm_bindgen(js_name = viewSightings, unchecked_return_type = "SightingsView")]
pub fn view_sightings(o: JsValue) -> Result<JsValue, JsValue> {
    out(&respond::sightings(&from(o), locale()))
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
    out(&cards::cards(&found, modules.as_deref(), verdicts.as_deref(), locale()))
}

/// `verdicts`: the verdicts answer's `observables`, once they arrived (the confirmation names a
/// Clean or Common one).
#[wasm_bindgen(js_name = viewConfirm, unchecked_return_type = "ConfirmView")]
pub fn view_confirm(
    #[wasm_bindgen(unchecked_param_type = "Action")] action: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ObservableVerdicts[] | null | undefined")] verdicts: JsValue,
) -> Result<JsValue, JsValue> {
    let verdicts: Option<Vec<respond::VerdictsIn>> = maybe_list(verdicts);
    out(&confirm::confirm(&from(action), verdicts.as_deref(), locale()))
}

#[wasm_bindgen(js_name = viewResult, unchecked_return_type = "ResultView")]
pub fn view_result(
    #[wasm_bindgen(unchecked_param_type = "Action")] action: JsValue,
    #[wasm_bindgen(unchecked_param_type = "TriggerResult")] result: JsValue,
) -> Result<JsValue, JsValue> {
    out(&confirm::result(&from(action), &from(result), locale()))
}

#[wasm_bindgen(js_name = viewFailure, unchecked_return_type = "FailureView")]
pub fn view_failure(e: JsValue) -> Result<JsValue, JsValue> {
    out(&confirm::failure(&error_in(e.clone()), &from(e), locale()))
}

#[wasm_bindgen(js_name = viewMode, unchecked_return_type = "ModeView")]
pub fn view_mode(sign_in: bool) -> Result<JsValue, JsValue> {
    out(&options::mode(sign_in, locale()))
}

#[wasm_bindgen(js_name = viewSignIn, unchecked_return_type = "SignInView")]
pub fn view_sign_in(#[wasm_bindgen(unchecked_param_type = "PublicSettings")] s: JsValue) -> Result<JsValue, JsValue> {
    out(&options::sign_in(&from(s), locale()))
}

#[wasm_bindgen(js_name = viewConnection, unchecked_return_type = "ConnectionView")]
pub fn view_connection(#[wasm_bindgen(unchecked_param_type = "ConnectionInfo")] info: JsValue) -> Result<JsValue, JsValue> {
    out(&options::connection(&from(info), locale()))
}

#[wasm_bindgen(js_name = viewScanSummary, unchecked_return_type = "ScanSummaryView")]
pub fn view_scan_summary(#[wasm_bindgen(unchecked_param_type = "ScannedPage")] s: JsValue) -> Result<JsValue, JsValue> {
    out(&scan::summary(&from(s), locale()))
}

/// How many casebooks the "Add to casebook" picker lists.
#[wasm_bindgen(js_name = casebookPickLimit)]
pub fn casebook_pick_limit() -> u32 {
    respond::CASEBOOK_PICK_LIMIT
}

/// The extension window's header line (host, or who is signed in).
#[wasm_bindgen(js_name = viewConnectionLine)]
pub fn view_connection_line(#[wasm_bindgen(unchecked_param_type = "PublicSettings")] st: JsValue) -> String {
    respond::connection_line(&from(st), locale())
}

#[cfg(feature = "extension")]
#[wasm_bindgen(typescript_custom_section)]
const ONBOARDING_TYPES: &str = r#"
/** The first-run page (extension/onboarding.html): the steps shown, in order, and their words. */
export interface OnboardingView { intro: string; notice: string; mode: "signin" | "shared"; steps: { id: "mode" | "region" | "client" | "signin" | "test" | "sample"; heading: string; help: string; ready: boolean; why: string }[]; fixed: ("mode" | "host" | "clientId" | "clientSecret")[]; save: boolean; remember: "device"; next: "save" | "signin" | "test" | "sample"; testMessage: "options→sw:test" | "options→sw:test-signin"; signInStatus: string; secret: string; signIn: string; }
"#;

/// The first-run page: its steps for the settings in effect, the way to connect picked on the
/// page (`null`: the settings'), and whether Test connection found every required scope.
#[cfg(feature = "extension")]
#[wasm_bindgen(js_name = viewOnboarding, unchecked_return_type = "OnboardingView")]
pub fn view_onboarding(
    #[wasm_bindgen(unchecked_param_type = "PublicSettings")] settings: JsValue,
    chosen: Option<String>,
    tested: bool,
) -> Result<JsValue, JsValue> {
    let settings = view::onboarding::SettingsIn::from_value(&from(settings));
    out(&view::onboarding::onboarding(&settings, chosen.as_deref(), tested, locale()))
}
