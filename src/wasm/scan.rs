//! JS binding of the page scan and the bulk run (`crate::scan`): conversions only. The exports
//! that depend on the time (`scanRunView`) read the clock here, so the shells
//! never do clock arithmetic.

use super::{to_js, to_js_error};
use crate::error::Error;
use crate::scan::{self, run};
use js_sys::Uint32Array;
use serde::Deserialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const SCAN_TYPES: &str = r#"
/** One observable on a scanned page; `occurrences` index the flat `ranges` (5 numbers each). */
export interface PageObservable { type: string; value: string; defanged: boolean; occurrences: number[]; /** A reference host (default list): context, not picked by "Select all shown". */ reference?: true; /** No occurrence visible on the page (hidden by its style). */ notVisible?: true; }
/** A scanned page: `ranges` = [observable, startNode, startOffset, endNode, endOffset] per occurrence, in page order. */
export interface ScannedPage { observables: PageObservable[]; ranges: Uint32Array; nodes: number; scanned: number; notices: string[]; types: string[]; }
export interface ScanClass { name: string; label: string; }
export interface ScanGroup { title: string; label: string; actions: Action[]; targets: string[]; }
export interface ScanConfirmation { heading: string; lines: string[]; cost: string; calls: number; refused?: string;
  /** What "Confirm and run" runs. */ groups: ScanGroup[];
  /** Rows rated Clean or Common, named apart; `ticked` only when their url was in `include`. */ apart: { url: string; label: string; rating: "Clean" | "Common"; ticked: boolean }[]; apartNote: string; }
export interface ScanRun { id: string; state: "running" | "stopped" | "done"; rows: object[]; continueAt?: number; stopMessage: string; connection: string; stopRequested: boolean; stoppedBy: "rate-limit" | "user" | "connection"; }
export interface ScanRunView { summary: string; /** For the panel's live region: changes only at the start, the end, and when a stopped run can continue. */ announce: string; rows: { title: string; target: string; state: "pending" | "running" | "succeeded" | "failed" | "outcome-unknown"; label: string }[]; canContinue: boolean; running: boolean; canStop: boolean; }
"#;

fn value(v: JsValue, what: &str) -> Result<Value, JsValue> {
    serde_wasm_bindgen::from_value(v).map_err(|_| to_js_error(Error::bad_input(format!("{what}: not the shape the core returned."))))
}

fn out<T: serde::Serialize>(v: &T) -> Result<JsValue, JsValue> {
    to_js(v).map_err(to_js_error)
}

fn run_from(v: JsValue) -> Result<run::Run, JsValue> {
    run::Run::deserialize(&value(v, "scan run")?).map_err(|_| to_js_error(Error::bad_input("scan run: not the shape the core returned.")))
}

fn groups_from(v: JsValue) -> Result<Vec<run::Group>, JsValue> {
    let v = value(v, "scan groups")?;
    Ok(v.as_array().into_iter().flatten().map(crate::typed::from_value::<run::Group>).collect())
}

/// Highlight classes by index (0 = no verdict yet): `::highlight(sxr-<name>)` and the legend.
#[wasm_bindgen(js_name = scanClasses, unchecked_return_type = "ScanClass[]")]
pub fn scan_classes() -> Result<JsValue, JsValue> {
    let list: Vec<Value> = scan::CLASSES.iter().enumerate().map(|(i, (n, _))| serde_json::json!({ "name": n, "label": scan::class_label(i) })).collect();
    out(&list)
}

/// A verdicts answer → `[index, class, index, class, …]` for the page's observables it names.
#[wasm_bindgen(js_name = scanColours)]
pub fn scan_colours(
    #[wasm_bindgen(unchecked_param_type = "PageObservable[]")] observables: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Verdicts")] verdicts: JsValue,
) -> Result<Uint32Array, JsValue> {
    let obs = value(observables, "observables")?;
    let page: Vec<(String, String)> = obs
        .as_array()
        .into_iter()
        .flatten()
        .map(|o| (o.get("type").and_then(Value::as_str).unwrap_or("").into(), o.get("value").and_then(Value::as_str).unwrap_or("").into()))
        .collect();
    let flat: Vec<u32> = scan::colours(&page, &value(verdicts, "verdicts")?).into_iter().flat_map(|(i, c)| [i, c as u32]).collect();
    Ok(Uint32Array::from(&flat[..]))
}

/// The panel's filters: indices of observables of `type` ("" any) whose class is `class` (-1 any).
#[wasm_bindgen(js_name = scanFilter)]
pub fn scan_filter(#[wasm_bindgen(unchecked_param_type = "string[]")] types: JsValue, classes: &[u8], kind: &str, class: i32) -> Result<Uint32Array, JsValue> {
    let types: Vec<String> = serde_wasm_bindgen::from_value(types).unwrap_or_default();
    let refs: Vec<&str> = types.iter().map(String::as_str).collect();
    let class = u8::try_from(class).ok();
    Ok(Uint32Array::from(&scan::filter(&refs, classes, kind, class)[..]))
}

/// The selected observables' actions grouped by action ("Block this domain — 7 domains").
#[wasm_bindgen(js_name = scanPlan, unchecked_return_type = "ScanGroup[]")]
pub fn scan_plan(#[wasm_bindgen(unchecked_param_type = "Action[]")] actions: JsValue) -> Result<JsValue, JsValue> {
    let v = value(actions, "actions")?;
    out(&run::plan(v.as_array().map(Vec::as_slice).unwrap_or(&[])))
}

/// The one confirmation for the chosen groups: every action and target, and the cost against
/// what the organisation has left this hour (`client.budget()`, when known); `auditNotes`: each
/// row's audit note counted too.
#[wasm_bindgen(js_name = scanConfirmation, unchecked_return_type = "ScanConfirmation")]
pub fn scan_confirmation(
    #[wasm_bindgen(unchecked_param_type = "ScanGroup[]")] groups: JsValue,
    #[wasm_bindgen(unchecked_param_type = "PageObservable[] | undefined")] observables: JsValue,
    classes: Option<Vec<u8>>,
    #[wasm_bindgen(unchecked_param_type = "string[] | undefined")] include: JsValue,
    #[wasm_bindgen(unchecked_param_type = "RateBudget | undefined | null")] budget: JsValue,
    audit_notes: Option<bool>,
) -> Result<JsValue, JsValue> {
    let observables: Value = serde_wasm_bindgen::from_value(observables).unwrap_or(Value::Null);
    let page = pairs(&observables);
    let classes = classes.unwrap_or_default();
    let include: Vec<String> = serde_wasm_bindgen::from_value(include).unwrap_or_default();
    let b: Value = serde_wasm_bindgen::from_value(budget).unwrap_or_default();
    let budget =
        b.get("remaining").and_then(Value::as_u64).map(|remaining| crate::api::RateBudget { remaining, limit: b.get("limit").and_then(Value::as_u64) });
    let c = run::confirmation_rated(&groups_from(groups)?, &page, &classes, &not_visible(&observables), &include, budget);
    out(&if audit_notes == Some(true) { run::with_audit_notes(c, budget) } else { c })
}

/// "Select all shown": the shown indices that are not reference hosts (the default list and the
/// policy's `referenceHosts`).
#[wasm_bindgen(js_name = scanSelectShown)]
pub fn scan_select_shown(
    #[wasm_bindgen(unchecked_param_type = "PageObservable[]")] observables: JsValue,
    shown: &[u32],
    #[wasm_bindgen(unchecked_param_type = "string[] | undefined")] reference_hosts: JsValue,
) -> Uint32Array {
    let extra: Vec<String> = serde_wasm_bindgen::from_value(reference_hosts).unwrap_or_default();
    let observables: Value = serde_wasm_bindgen::from_value(observables).unwrap_or(Value::Null);
    Uint32Array::from(&scan::select_shown(&pairs(&observables), &not_visible(&observables), shown, &extra)[..])
}

/// Each observable's `notVisible` flag (absent: false).
fn not_visible(observables: &Value) -> Vec<bool> {
    observables.as_array().into_iter().flatten().map(|o| o.get("notVisible").and_then(Value::as_bool).unwrap_or(false)).collect()
}

/// `(type, value)` of each observable of a page (anything unreadable: nothing).
fn pairs(v: &Value) -> Vec<(String, String)> {
    v.as_array()
        .into_iter()
        .flatten()
        .map(|o| {
            let s = |k: &str| o.get(k).and_then(Value::as_str).unwrap_or("").to_string();
            (s("type"), s("value"))
        })
        .collect()
}

/// The scan's verdict requests (`crate::scan::enrich_plan`): without the click, the first
/// `ENRICH_CAP` observables; on it, the rest; the note and button for the rest with its cost.
#[wasm_bindgen(js_name = scanEnrichPlan, unchecked_return_type = "{ batches: [number, number][]; rest: number; restCalls: number; note: string; button: string }")]
pub fn scan_enrich_plan(
    total: u32,
    clicked: bool,
    #[wasm_bindgen(unchecked_param_type = "RateBudget | undefined | null")] budget: JsValue,
) -> Result<JsValue, JsValue> {
    let b: Value = serde_wasm_bindgen::from_value(budget).unwrap_or_default();
    let budget =
        b.get("remaining").and_then(Value::as_u64).map(|remaining| crate::api::RateBudget { remaining, limit: b.get("limit").and_then(Value::as_u64) });
    out(&scan::enrich_plan(total as usize, clicked, budget))
}

/// A new run of the confirmed groups; throws while `current` still runs.
#[wasm_bindgen(js_name = scanRunStart, unchecked_return_type = "ScanRun")]
pub fn scan_run_start(
    #[wasm_bindgen(unchecked_param_type = "ScanRun | undefined")] current: JsValue,
    id: &str,
    #[wasm_bindgen(unchecked_param_type = "ScanGroup[]")] groups: JsValue,
    connection: Option<String>,
) -> Result<JsValue, JsValue> {
    let current = if current.is_undefined() || current.is_null() { None } else { Some(run_from(current)?) };
    let r = run::start_bound(current.as_ref(), id, &groups_from(groups)?, connection.as_deref().unwrap_or("")).map_err(to_js_error)?;
    out(&r)
}

/// The rows a 429 left unsent, as groups for a new confirmation.
#[wasm_bindgen(js_name = scanRunRemaining, unchecked_return_type = "ScanGroup[]")]
pub fn scan_run_remaining(#[wasm_bindgen(unchecked_param_type = "ScanRun")] r: JsValue) -> Result<JsValue, JsValue> {
    out(&run::remaining(&run_from(r)?))
}

/// What the panel shows for a run now.
#[wasm_bindgen(js_name = scanRunView, unchecked_return_type = "ScanRunView")]
pub fn scan_run_view(#[wasm_bindgen(unchecked_param_type = "ScanRun")] r: JsValue) -> Result<JsValue, JsValue> {
    out(&run::view(&run_from(r)?, js_sys::Date::now()))
}
