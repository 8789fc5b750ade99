//! The extension's exports (built with the `extension` feature only, not in the portal's
//! package): the regions and the endpoint check (`regions`, `checkEndpoint`), the settings
//! (`resolveSettings`, `clientPlan`, `planSave`, `planPrefs`, `isDevBuild`), and the
//! one-time confirmations of a trigger (`confirmIssue`, `confirmRedeem`). Conversions only:
//! every decision is in `crate::settings` and `crate::confirm`.

use super::{to_js, to_js_error};
use crate::confirm::{ActionTarget, Confirms};
use crate::error::Error;
use crate::settings::{self, Stored};
use js_sys::{Object, Reflect};
use serde_json::Value;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const EXTENSION_TYPES: &str = r#"
export interface RegionEntry { id: "us" | "eu" | "apjc"; name: string; baseUrl: string; label: string; }

/** A checked region or base URL; a custom one comes with the host permission to request. */
export interface EndpointCheck { baseUrl: string; origin: string; host: string; permission: string; permissionDenied: { code: "bad-input"; message: string; setup: true }; permissionMissing: { code: "bad-input"; message: string; setup: true }; permissionNotice: string; /** A region's private-intelligence host permission, asked for with the region's. */ intelPermission?: string; }

/** The extension's storage as its worker read it; `dev` is the text of dev-config.json (dev copy only). */
export interface StoredSettings { local: object; session: object; managed: object; dev?: string | null; /** keys of `local` whose sealed value was opened (their value is its JSON text); those that could not be (left out of `local`) */ opened?: string[]; unreadable?: string[]; }

/** What the options page sends for Save and Test connection. */
export interface SettingsForm { region?: string; baseUrl?: string; privateIntelUrl?: string; clientId?: string; clientSecret?: string; remember?: "device" | "session"; }

/** What pages may know about the settings: never the secret. */
export interface PublicSettings {
  region: string; baseUrl: string; clientId: string; hasSecret: boolean;
  secretFrom: "" | "policy" | "form" | "saved" | "dev"; secretFor: string; remember: "device" | "session";
  managed: string[]; locked: boolean; source: "user" | "dev-config" | "none"; askInspect: boolean; enrich: boolean;
  /** "Show sightings" (on by default) and "append an audit note to the chosen casebook" (off by default). */
  sightings: boolean; auditNote: boolean;
  /** "Language" in the options: "en", "ja", or "" (the browser's UI language). */
  language: "" | "en" | "ja";
  /** Beside a custom base URL: its private intelligence URL as given; `casebooks`: casebooks can be reached. */
  privateIntelUrl: string; casebooks: boolean;
  effectiveBaseUrl: string; host: string; configured: boolean;
  /** Fields the options page may not change: "host" | "clientId" | "clientSecret" | "remember" | "save". */
  readOnly: string[]; policyNotice: string; secretHint: string;
  /** The policy's extra reference hosts (absent when none). */
  referenceHosts?: string[];
  /** A saved secret or sign-in that can no longer be decrypted: what to do (absent when none). */
  storageNotice?: string;
}

/** Writes for one storage area: keys to set, keys to remove (disjoint). */
export interface AreaPlan { set: Record<string, unknown>; remove: string[]; /** keys of `set` to seal before writing (sw-seal.js) */ seal?: string[]; }
export interface StoragePlan { local: AreaPlan; session: AreaPlan; }

export interface ResolvedSettings { public: PublicSettings; cleanup: StoragePlan; }

/** The worker's client: options for `new Client`, the key that changes with them, the binding of a saved token. */
export interface ClientPlan { options: ClientOptions; key: string; binding: string; intelHost?: EndpointCheck; /** the sign-in generation the client is made in: pass it with its writes */ generation: number; }

/** One-time trigger confirmations as the worker stores them: nonce → { url, until }. */
export type Confirms = Record<string, { url: string; until: number }>;
/** `ok`: the nonce was issued for this action and still valid; `confirms`: what to store (the nonce is used up either way). */
export interface Redeemed { confirms: Confirms; ok: boolean; refused?: SecureXRespondError; }
"#;

/// A JS value as JSON; anything JSON cannot hold counts as null.
fn json(v: &JsValue) -> Value {
    serde_wasm_bindgen::from_value(v.clone()).unwrap_or(Value::Null)
}

fn stored(v: &JsValue) -> Stored {
    Stored::from_input(settings::StoredIn::from_value(&json(v)))
}

fn out<T: serde::Serialize>(r: Result<T, Error>) -> Result<JsValue, JsValue> {
    r.and_then(|v| to_js(&v)).map_err(to_js_error)
}

/// `regions()`: the regions a picker offers, the default first.
#[wasm_bindgen(js_name = regions, unchecked_return_type = "RegionEntry[]")]
pub fn regions_js() -> JsValue {
    to_js(&settings::regions()).unwrap_or(JsValue::NULL)
}

/// `checkEndpoint({ region | baseUrl })`: throws `bad-input` when `new Client` would refuse it.
#[wasm_bindgen(js_name = checkEndpoint, unchecked_return_type = "EndpointCheck")]
pub fn check_endpoint(#[wasm_bindgen(unchecked_param_type = "{ region?: string; baseUrl?: string }")] endpoint: JsValue) -> Result<JsValue, JsValue> {
    out(settings::check_endpoint(&json(&endpoint)))
}

/// `resolveSettings(stored)`: the settings in effect and what to clean up; never throws.
#[wasm_bindgen(js_name = resolveSettings, unchecked_return_type = "ResolvedSettings")]
pub fn resolve_settings(#[wasm_bindgen(unchecked_param_type = "StoredSettings")] stored_settings: JsValue) -> Result<JsValue, JsValue> {
    out(Ok(settings::resolve(&stored(&stored_settings))))
}

/// `clientPlan(stored, { enrich?, sightings?, casebooks? })`: the worker's client, or the reason
/// there is none; for casebooks, with the private-intel host to check (`intelHost`: the custom
/// one, or the region's).
#[wasm_bindgen(js_name = clientPlan, unchecked_return_type = "ClientPlan")]
pub fn client_plan(
    #[wasm_bindgen(unchecked_param_type = "StoredSettings")] stored_settings: JsValue,
    #[wasm_bindgen(unchecked_param_type = "{ enrich?: boolean; sightings?: boolean; casebooks?: boolean } | undefined")] purpose: JsValue,
) -> Result<JsValue, JsValue> {
    let purpose = json(&purpose);
    let flag = |k: &str| purpose.get(k).and_then(Value::as_bool).unwrap_or(false);
    let plan = settings::client_plan_for(&stored(&stored_settings), flag("enrich"), flag("sightings")).map(|mut p| {
        if flag("casebooks") {
            settings::intel_host(&mut p);
        }
        p
    });
    out(plan)
}

/// `planSave(stored, form)`: what Save writes and removes; throws `bad-input` with the reason.
#[wasm_bindgen(js_name = planSave, unchecked_return_type = "StoragePlan")]
pub fn plan_save(
    #[wasm_bindgen(unchecked_param_type = "StoredSettings")] stored_settings: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SettingsForm")] form: JsValue,
) -> Result<JsValue, JsValue> {
    out(settings::plan_save(&stored(&stored_settings), &settings::SettingsForm::from_value(&json(&form))))
}

/// `planPrefs({ enrich?, askInspect?, sightings?, auditNote? })`: the display preferences to write.
#[wasm_bindgen(js_name = planPrefs, unchecked_return_type = "StoragePlan")]
pub fn plan_prefs(
    #[wasm_bindgen(unchecked_param_type = "{ enrich?: boolean; askInspect?: boolean; sightings?: boolean; auditNote?: boolean; language?: string }")]
    prefs: JsValue,
) -> Result<JsValue, JsValue> {
    out(Ok(settings::plan_prefs(&settings::Prefs::from_value(&json(&prefs)))))
}

/// `isDevBuild(manifest.version_name)`: only the dev copy reads dev-config.json.
#[wasm_bindgen(js_name = isDevBuild)]
pub fn is_dev_build(version_name: JsValue) -> bool {
    settings::is_dev_build(&version_name.as_string().unwrap_or_default())
}

/// `confirmIssue(confirms, action, nonce)`: the confirmations to store with `nonce` bound to the
/// action (an action or its url) for two minutes; throws `bad-input` without an action.
#[wasm_bindgen(js_name = confirmIssue, unchecked_return_type = "Confirms")]
pub fn confirm_issue(
    #[wasm_bindgen(unchecked_param_type = "Confirms | undefined")] confirms: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Action | string")] action: JsValue,
    nonce: &str,
) -> Result<JsValue, JsValue> {
    let (confirms, action) = (crate::confirm::stored(&json(&confirms)), ActionTarget::from_value(&json(&action)));
    out(crate::confirm::issue(confirms, &action, nonce, js_sys::Date::now()))
}

/// `confirmRedeem(confirms, nonce, action)`: whether the trigger was confirmed, and what to store.
#[wasm_bindgen(js_name = confirmRedeem, unchecked_return_type = "Redeemed")]
pub fn confirm_redeem(
    #[wasm_bindgen(unchecked_param_type = "Confirms | undefined")] confirms: JsValue,
    nonce: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Action | string")] action: JsValue,
) -> Result<JsValue, JsValue> {
    let (confirms, action) = (crate::confirm::stored(&json(&confirms)), ActionTarget::from_value(&json(&action)));
    let (left, verdict) = crate::confirm::redeem(confirms, nonce.as_string().as_deref(), &action, js_sys::Date::now());
    redeemed(left, verdict)
}

/// `{ confirms, ok, refused? }` for the worker.
fn redeemed(left: Confirms, verdict: Result<(), Error>) -> Result<JsValue, JsValue> {
    let o = Object::new();
    let set = |k: &str, v: &JsValue| Reflect::set(&o, &JsValue::from_str(k), v).map(drop);
    set("confirms", &to_js(&left).map_err(to_js_error)?)?;
    set("ok", &JsValue::from_bool(verdict.is_ok()))?;
    if let Err(e) = verdict {
        set("refused", &to_js_error(e))?;
    }
    Ok(o.into())
}
