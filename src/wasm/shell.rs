//! The exports the shells call instead of deciding for themselves: what the respond view shows
//! for a text (`findings`) and the selection cap (`capSelection`). Conversions only: every
//! decision is in `crate::find`. The extension's own (settings, confirmations) are in
//! `extension.rs`.

use super::{to_js, to_js_error};
use crate::error::Error;
use crate::{find, Observable};
use js_sys::{Function, JsString, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

#[wasm_bindgen(typescript_custom_section)]
const SHELL_TYPES: &str = r#"
/** What the respond view shows for a text: the observables, or the line to show instead of a list. */
export interface Findings { observables: FoundObservable[]; message?: string; }

/** A selection for the extension's respond window: cut to 200,000 characters, with what to say when it was. */
export interface Selection { text: string; notice?: string; }
"#;

fn out<T: serde::Serialize>(r: Result<T, Error>) -> Result<JsValue, JsValue> {
    r.and_then(|v| to_js(&v)).map_err(to_js_error)
}

/// `findings(text, inspect?, referenceHosts?)`: the observables of `text` found locally, merged
/// with what `inspect()` (a function returning a Promise of Inspect's observables) found, if
/// given; reference hosts marked (the default list and the policy's `referenceHosts`).
/// The text is checked before `inspect` is called; what `inspect` throws is thrown as is.
#[wasm_bindgen(js_name = findings, unchecked_return_type = "Promise<Findings>")]
pub fn findings_js(
    text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "() => Promise<Observable[]>")] inspect: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string[]")] reference_hosts: JsValue,
) -> Promise {
    future_to_promise(async move {
        let text = text.as_string().ok_or_else(|| to_js_error(Error::bad_input("findings() takes the text as a string.")))?;
        find::check_text(&text).map_err(to_js_error)?;
        let inspected: Vec<Observable> = match inspect.dyn_into::<Function>() {
            Ok(f) => {
                let answer = JsFuture::from(Promise::resolve(&f.call0(&JsValue::NULL)?)).await?;
                serde_wasm_bindgen::from_value(answer)
                    .map_err(|_| to_js_error(Error::bad_input("findings(): inspect() must resolve to an array of observables { type, value }.")))?
            }
            Err(v) if v.is_undefined() || v.is_null() => Vec::new(),
            Err(_) => return Err(to_js_error(Error::bad_input("findings() takes the text and, to ask Inspect too, a function returning its observables."))),
        };
        let extra: Vec<String> = serde_wasm_bindgen::from_value(reference_hosts).unwrap_or_default();
        out(find::findings_with(&text, inspected, &extra))
    })
}

/// `capSelection(text)`: `{ text, notice? }`, the text cut to what the respond window keeps
/// (read without copying the whole selection into wasm memory). Anything but a string is "".
#[wasm_bindgen(js_name = capSelection, unchecked_return_type = "Selection")]
pub fn cap_selection(text: JsValue) -> JsValue {
    let s: JsString = text.dyn_into().unwrap_or_else(|_| JsString::from(""));
    let o = Object::new();
    let set = |k: &str, v: &JsValue| {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    };
    match find::selection_cut(s.length() as usize, |i| s.char_code_at(i as u32) as u16) {
        None => set("text", &s),
        Some(cut) => {
            set("text", &s.slice(0, cut as u32));
            set("notice", &JsValue::from_str(&find::selection_cut_notice()));
        }
    }
    o.into()
}
