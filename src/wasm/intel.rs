//! The casebook, sightings and Investigate exports (issue 15): `Client.casebooks`,
//! `createCasebook`, `addToCasebook`, `casebook`, `noteAction`, `sightings`, `investigateUrl`,
//! the `privateIntelUrl` getter, and `casebookDraft`. Conversions only: every decision is in
//! `crate::intel`, `crate::api::intel` and `crate::investigate`.

use super::{observables_from_js, promise, to_js, to_js_error, JsClient};
use crate::api::intel::{self, NewCasebook, Outcome};
use crate::error::Error;
use crate::intel::{ActionRef, OutcomeIn};
use crate::investigate::Target;
use crate::Observable;
use js_sys::{Array, Promise, Reflect};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const INTEL_TYPES: &str = r#"
export interface CasebookText { type: string; text: string; }
/** A casebook. `id` is the path id (`casebook-<uuid>`); `label` is one line for a picker. */
export interface Casebook {
  id: string; title: string; description?: string; shortDescription?: string;
  observables: Observable[]; texts: CasebookText[]; tlp?: string; timestamp?: string; owner?: string;
  label: string; investigateUrl: string;
}
export interface NewCasebook { title: string; description?: string; observables: Observable[]; note?: string; tlp?: "white" | "green" | "amber" | "red"; }
export interface CasebookSearch { /** default 20, at most 100 */ limit?: number; }
export interface CasebookDraft { title: string; description?: string; }

/** A target (machine, account) where an observable was seen, merged across sightings. */
export interface SightingTarget { type: string; name: string; observables: Observable[]; os?: string; firstSeen?: string; lastSeen?: string; lastSeenText?: string; }
export interface Sighting { module: string; count: number; firstSeen?: string; lastSeen?: string; resolution?: string; source?: string; title?: string; severity?: string; confidence?: string; targets: number; }
/** Per observable asked: `label` is the badge ("Seen on 3 of your hosts"); targets and sightings last seen first. */
export interface ObservableSightings {
  type: string; value: string; seen: boolean; count: number; hosts: number; label: string;
  firstSeen?: string; lastSeen?: string; lastSeenText?: string; resolutions: string[]; modules: string[];
  targets: SightingTarget[]; sightings: Sighting[];
  /** Third-party reports (sightings not `internal`): never in the badge; `label` "Reported by 1 external source, 57 reports". */
  external?: { sources: string[]; reports: number; label: string };
}
export interface Sightings { observables: ObservableSightings[]; errors: ModuleError[]; }
/** One observe call: verdicts and sightings of the same observables. */
export interface Observed { verdicts: Verdicts; sightings: Sightings; }

/** `url` absent when a q= link would pass 2,083 characters (`tooLong`): offer a casebook instead. */
export interface InvestigateLink { url?: string; tooLong: boolean; length: number; message?: string; }
export type InvestigateTarget = string | Observable[] | { text: string } | { observables: Observable[] } | { casebook: string };

/** What noteAction() records: an action from actions() (its title, module, observable). */
export interface ActionRef { title: string; module: string; observable?: Observable; }
/** How the action ended: what trigger() resolved to, or the error it rejected with. */
export type ActionOutcome = TriggerResult | SecureXRespondError | { code: string; outcomeUnknown?: boolean };
"#;

fn text(v: &JsValue) -> Option<String> {
    v.as_string()
}

fn field(v: &JsValue, k: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
}

fn id_of(call: &str, v: &JsValue) -> Result<String, Error> {
    text(v).ok_or_else(|| Error::bad_input(format!("{call}() takes the casebook's id (a string).")))
}

fn json_of(v: &JsValue) -> serde_json::Value {
    serde_wasm_bindgen::from_value(v.clone()).unwrap_or(serde_json::Value::Null)
}

#[wasm_bindgen(js_class = Client)]
impl JsClient {
    /// Casebooks matching `query` (all when none), newest first (`{ limit }`, default 20). 1 call.
    #[wasm_bindgen(unchecked_return_type = "Promise<Casebook[]>")]
    pub fn casebooks(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | undefined")] query: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CasebookSearch | undefined")] options: JsValue,
    ) -> Promise {
        let inner = self.inner.clone();
        promise(async move {
            let query = if query.is_undefined() || query.is_null() {
                None
            } else {
                Some(text(&query).ok_or_else(|| Error::bad_input("casebooks() takes the search text as a string."))?)
            };
            let limit = if options.is_object() { field(&options, "limit").as_f64() } else { None };
            inner.casebooks(query.as_deref(), limit).await
        })
    }

    /// A new casebook with these observables (the note as its first text). 1 call.
    #[wasm_bindgen(js_name = createCasebook, unchecked_return_type = "Promise<Casebook>")]
    pub fn create_casebook(&self, #[wasm_bindgen(unchecked_param_type = "NewCasebook")] casebook: JsValue) -> Promise {
        let inner = self.inner.clone();
        promise(async move {
            // Read field by field (a derived reader for this one object cost more wasm).
            let bad = || Error::bad_input("createCasebook() takes { title, description?, observables: [{ type, value }], note?, tlp? } with string values.");
            if !casebook.is_object() {
                return Err(bad());
            }
            let optional = |k: &str| {
                let v = field(&casebook, k);
                if v.is_undefined() || v.is_null() {
                    Ok(None)
                } else {
                    text(&v).map(Some).ok_or_else(bad)
                }
            };
            let new = NewCasebook {
                title: text(&field(&casebook, "title")).ok_or_else(bad)?,
                description: optional("description")?,
                note: optional("note")?,
                tlp: optional("tlp")?,
                observables: observables_from_js("createCasebook", field(&casebook, "observables"))?,
            };
            inner.create_casebook(&new).await
        })
    }

    /// Adds observables to a casebook, then the note if given. 1 call, 2 with a note.
    #[wasm_bindgen(js_name = addToCasebook, unchecked_return_type = "Promise<Casebook>")]
    pub fn add_to_casebook(
        &self,
        id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Observable[]")] observables: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string | undefined")] note: JsValue,
    ) -> Promise {
        let inner = self.inner.clone();
        promise(async move {
            let id = id_of("addToCasebook", &id)?;
            let list = observables_from_js("addToCasebook", observables)?;
            inner.add_to_casebook(&id, &list, text(&note).as_deref()).await
        })
    }

    /// One casebook. 1 call.
    #[wasm_bindgen(unchecked_return_type = "Promise<Casebook>")]
    pub fn casebook(&self, id: JsValue) -> Promise {
        let inner = self.inner.clone();
        promise(async move {
            let id = id_of("casebook", &id)?;
            inner.casebook(&id).await
        })
    }

    /// Appends the audit note of a confirmed action to a casebook:
    /// "<actor> ran <action> (<module>) on <observable>: <result> at <time>". 1 call.
    #[wasm_bindgen(js_name = noteAction, unchecked_return_type = "Promise<Casebook>")]
    pub fn note_action(
        &self,
        id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ActionRef")] action: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ActionOutcome")] outcome: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string | undefined")] actor: JsValue,
    ) -> Promise {
        let inner = self.inner.clone();
        promise(async move {
            let id = id_of("noteAction", &id)?;
            let action = ActionRef {
                title: text(&field(&action, "title")).unwrap_or_default(),
                module: text(&field(&action, "module")).unwrap_or_default(),
                observable: serde_wasm_bindgen::from_value::<Observable>(field(&action, "observable")).ok(),
            };
            let outcome = Outcome::from_input(&OutcomeIn::from_value(&json_of(&outcome)));
            inner.note_action(&id, &action, &outcome, text(&actor).as_deref()).await
        })
    }

    /// Sightings in the organisation per observable (needs `enrich:read`). 1 call.
    #[wasm_bindgen(unchecked_return_type = "Promise<Sightings>")]
    pub fn sightings(&self, #[wasm_bindgen(unchecked_param_type = "Observable[]")] observables: JsValue) -> Promise {
        let inner = self.inner.clone();
        promise(async move {
            let list = observables_from_js("sightings", observables)?;
            inner.sightings(&list).await
        })
    }

    /// Verdicts and sightings from one observe call (needs `enrich:read`). 1 call.
    #[wasm_bindgen(unchecked_return_type = "Promise<Observed>")]
    pub fn observe(&self, #[wasm_bindgen(unchecked_param_type = "Observable[]")] observables: JsValue) -> Promise {
        let inner = self.inner.clone();
        promise(async move {
            let list = observables_from_js("observe", observables)?;
            inner.observe(&list).await
        })
    }

    /// The Investigate link for a text, observables or a casebook. No call.
    #[wasm_bindgen(js_name = investigateUrl, unchecked_return_type = "InvestigateLink")]
    pub fn investigate_url(&self, #[wasm_bindgen(unchecked_param_type = "InvestigateTarget")] target: JsValue) -> Result<JsValue, JsValue> {
        let run = || -> Result<JsValue, Error> {
            let bad = || Error::bad_input("investigateUrl() takes a text, an array of observables, or { casebook: id }.");
            let link = if let Some(t) = text(&target) {
                self.inner.investigate_url(Target::Text(&t))
            } else if Array::is_array(&target) || field(&target, "observables").is_object() {
                let list = if Array::is_array(&target) { target.clone() } else { field(&target, "observables") };
                let list = observables_from_js("investigateUrl", list)?;
                self.inner.investigate_url(Target::Observables(&list))
            } else if let Some(t) = text(&field(&target, "text")) {
                self.inner.investigate_url(Target::Text(&t))
            } else if let Some(id) = text(&field(&target, "casebook")) {
                self.inner.investigate_url(Target::Casebook(&id))
            } else {
                return Err(bad());
            }?;
            to_js(&link)
        };
        run().map_err(to_js_error)
    }

    /// The private intelligence base URL casebooks go to (`undefined` when unknown).
    #[wasm_bindgen(getter, js_name = privateIntelUrl)]
    pub fn private_intel_url(&self) -> Option<String> {
        self.inner.endpoint().private_intel_url.clone()
    }
}

/// `casebookDraft({ pageTitle, pageUrl, includeUrl })`: the "new casebook" form's title (the
/// page's title and today's date) and description (the page's URL, only when `includeUrl`).
#[wasm_bindgen(js_name = casebookDraft, unchecked_return_type = "CasebookDraft")]
pub fn casebook_draft(
    #[wasm_bindgen(unchecked_param_type = "{ pageTitle?: string; pageUrl?: string; includeUrl?: boolean }")] page: JsValue,
) -> Result<JsValue, JsValue> {
    let now = js_sys::Date::new_0();
    let d = intel::draft(
        &text(&field(&page, "pageTitle")).unwrap_or_default(),
        &text(&field(&page, "pageUrl")).unwrap_or_default(),
        field(&page, "includeUrl").as_bool() == Some(true),
        now.get_time(),
        now.get_timezone_offset(),
    );
    to_js(&d).map_err(to_js_error)
}
