//! The extension's worker (`crate::worker`) for the service worker: `new WorkerCore(host)` with
//! `extension/sw-host.js`'s object of `chrome.*` primitives, and `handle(msg)`. Conversions only:
//! every flow is in `crate::worker`; this file is the real [`Host`] over that object.

use super::fetch::FetchTransport;
use super::to_js;
use crate::worker::{Area, Host, HostError, HostResult, Icon, PageText, Worker};
use js_sys::{Array, Function, JsString, Promise, Reflect, Uint8Array};
use serde_json::{Map, Value};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, spawn_local, JsFuture};

#[wasm_bindgen(typescript_custom_section)]
const WORKER_TYPES: &str = r#"
/** The browser primitives the worker core asks for (extension/sw-host.js): no decisions. */
export interface WorkerHost {
  get(area: "local" | "session" | "managed", keys: string[] | null): Promise<Record<string, unknown>>;
  set(area: "local" | "session", items: Record<string, unknown>): Promise<void>;
  remove(area: "local" | "session", keys: string[]): Promise<void>;
  seal(name: string, value: unknown): Promise<{ iv: string; ct: string }>;
  open(name: string, envelope: { iv: string; ct: string }): Promise<string>;
  hostAllowed(permission: string): Promise<boolean>;
  runInTab(tabId: number, func: string, args: unknown[]): Promise<unknown>;
  insertCss(tabId: number, css: string, allFrames: boolean): Promise<void>;
  removeCss(tabId: number, css: string): Promise<void>;
  openWindow(path: string, width: number, height: number): Promise<number | undefined>;
  activateTab(tabId: number): Promise<unknown>;
  openTab(path: string): Promise<unknown>;
  redirectUrl(): string;
  webAuthFlow(url: string): Promise<string>;
  setBadge(text: string): void;
  setIcon(name: string, title: string): void;
  random(n: number): Uint8Array;
  fileText(path: string): Promise<string | null>;
  versionName(): string;
  warn(line: string): void;
}
/** What `handle` resolves to: the page's answer. */
export type Handled = { ok: true; value: unknown } | { ok: false; error: SecureXRespondError };
"#;

/// The real host: `extension/sw-host.js`'s object.
pub struct JsHost(JsValue);

fn method(o: &JsValue, name: &str) -> Result<Function, HostError> {
    Reflect::get(o, &JsValue::from_str(name)).ok().and_then(|f| f.dyn_into::<Function>().ok()).ok_or_else(|| HostError(format!("the host has no {name}()")))
}

fn message(e: JsValue) -> HostError {
    let m = Reflect::get(&e, &JsValue::from_str("message")).ok().and_then(|m| m.as_string());
    HostError(m.or_else(|| e.as_string()).unwrap_or_else(|| "failed".into()))
}

fn json(v: &JsValue) -> Value {
    if v.is_undefined() {
        return Value::Null;
    }
    if let Some(s) = v.as_string() {
        // A page's JSON text (readStyles) stays text: no second escaping round trip.
        return Value::String(s);
    }
    js_sys::JSON::stringify(v).ok().and_then(|s| s.as_string()).and_then(|s| serde_json::from_str(&s).ok()).unwrap_or(Value::Null)
}

fn js(v: &Value) -> JsValue {
    to_js(v).unwrap_or(JsValue::NULL)
}

impl JsHost {
    fn call(&self, name: &str, args: &[JsValue]) -> Result<JsValue, HostError> {
        let f = method(&self.0, name)?;
        let a = Array::new();
        for x in args {
            a.push(x);
        }
        f.apply(&self.0, &a).map_err(message)
    }

    async fn wait(&self, name: &str, args: &[JsValue]) -> Result<JsValue, HostError> {
        let p = self.call(name, args)?;
        JsFuture::from(Promise::resolve(&p)).await.map_err(message)
    }
}

impl Host for JsHost {
    type Transport = FetchTransport;

    async fn get(&self, area: Area, keys: Option<&[&str]>) -> HostResult<Map<String, Value>> {
        let keys = keys.map_or(JsValue::NULL, |k| k.iter().map(|s| JsValue::from_str(s)).collect::<Array>().into());
        let v = self.wait("get", &[area.name().into(), keys]).await?;
        Ok(json(&v).as_object().cloned().unwrap_or_default())
    }
    async fn set(&self, area: Area, items: Map<String, Value>) -> HostResult<()> {
        self.wait("set", &[area.name().into(), js(&Value::Object(items))]).await.map(drop)
    }
    async fn remove(&self, area: Area, keys: &[String]) -> HostResult<()> {
        let keys: Array = keys.iter().map(|s| JsValue::from_str(s)).collect();
        self.wait("remove", &[area.name().into(), keys.into()]).await.map(drop)
    }
    async fn seal(&self, name: &str, value: &Value) -> HostResult<Value> {
        Ok(json(&self.wait("seal", &[name.into(), js(value)]).await?))
    }
    async fn open(&self, name: &str, envelope: &Value) -> HostResult<String> {
        self.wait("open", &[name.into(), js(envelope)]).await?.as_string().ok_or_else(|| HostError("not opened".into()))
    }
    async fn host_allowed(&self, permission: &str) -> bool {
        self.wait("hostAllowed", &[permission.into()]).await.is_ok_and(|v| v.as_bool() == Some(true))
    }
    async fn run_in_tab(&self, tab: i64, func: &str, args: Vec<Value>) -> HostResult<Value> {
        Ok(json(&self.wait("runInTab", &[JsValue::from_f64(tab as f64), func.into(), js(&Value::Array(args))]).await?))
    }
    /// The collector's answer: its two strings read straight (the text encoded by the host
    /// into the core's memory, [`utf8_of`]), the rest as JSON.
    async fn collect_page(&self, tab: i64, limit: u32, in_view: bool) -> HostResult<Option<PageText>> {
        let v = self.wait("runInTab", &[JsValue::from_f64(tab as f64), "collectPage".into(), Array::of2(&limit.into(), &in_view.into()).into()]).await?;
        if !v.is_object() {
            return Ok(None);
        }
        let take = |k: &str| {
            let key = JsValue::from_str(k);
            let got = Reflect::get(&v, &key).ok().and_then(|t| t.dyn_into::<JsString>().ok());
            let _ = Reflect::delete_property(v.unchecked_ref::<js_sys::Object>(), &key);
            got
        };
        let text = take("text").map(|t| utf8_of(&t)).unwrap_or_default();
        let nodes = take("nodes").and_then(|t| t.as_string()).unwrap_or_default();
        Ok(Some(PageText { text, nodes, info: json(&v) }))
    }
    async fn insert_css(&self, tab: i64, css: &str, all_frames: bool) -> HostResult<()> {
        self.wait("insertCss", &[JsValue::from_f64(tab as f64), css.into(), all_frames.into()]).await.map(drop)
    }
    async fn remove_css(&self, tab: i64, css: &str) -> HostResult<()> {
        self.wait("removeCss", &[JsValue::from_f64(tab as f64), css.into()]).await.map(drop)
    }
    async fn open_window(&self, path: &str, width: u32, height: u32) -> HostResult<Option<i64>> {
        Ok(self.wait("openWindow", &[path.into(), width.into(), height.into()]).await?.as_f64().map(|n| n as i64))
    }
    async fn activate_tab(&self, tab: i64) -> HostResult<()> {
        self.wait("activateTab", &[JsValue::from_f64(tab as f64)]).await.map(drop)
    }
    async fn open_tab(&self, path: &str) -> HostResult<()> {
        self.wait("openTab", &[path.into()]).await.map(drop)
    }
    fn redirect_url(&self) -> String {
        self.call("redirectUrl", &[]).ok().and_then(|v| v.as_string()).unwrap_or_default()
    }
    async fn web_auth_flow(&self, url: &str) -> HostResult<String> {
        self.wait("webAuthFlow", &[url.into()]).await?.as_string().ok_or_else(|| HostError("no URL came back".into()))
    }
    fn set_badge(&self, text: &str) {
        let _ = self.call("setBadge", &[text.into()]);
    }
    fn set_icon(&self, icon: Icon, title: &str) {
        let _ = self.call("setIcon", &[icon.name().into(), title.into()]);
    }
    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }
    fn timezone_offset_min(&self) -> f64 {
        js_sys::Date::new_0().get_timezone_offset()
    }
    fn random_bytes(&self, n: usize) -> Vec<u8> {
        self.call("random", &[JsValue::from_f64(n as f64)]).ok().map(|v| Uint8Array::new(&v).to_vec()).unwrap_or_default()
    }
    async fn extension_file(&self, path: &str) -> Option<String> {
        self.wait("fileText", &[path.into()]).await.ok().and_then(|v| v.as_string())
    }
    fn version_name(&self) -> String {
        self.call("versionName", &[]).ok().and_then(|v| v.as_string()).unwrap_or_default()
    }
    fn transport(&self) -> FetchTransport {
        FetchTransport { on_sign_in_change: None, same_origin_credentials: false }
    }
    fn warn(&self, line: &str) {
        let _ = self.call("warn", &[line.into()]);
    }
    fn language(&self) -> String {
        let nav = Reflect::get(&js_sys::global(), &JsValue::from_str("navigator")).unwrap_or(JsValue::UNDEFINED);
        Reflect::get(&nav, &JsValue::from_str("language")).ok().and_then(|l| l.as_string()).unwrap_or_default()
    }
}

#[wasm_bindgen]
extern "C" {
    /// The host's `TextEncoder` (every target of the core has one).
    #[wasm_bindgen(js_name = TextEncoder)]
    type Utf8Encoder;
    #[wasm_bindgen(constructor, js_class = "TextEncoder")]
    fn new() -> Utf8Encoder;
    #[wasm_bindgen(method, js_class = "TextEncoder", js_name = encodeInto)]
    fn encode_into(this: &Utf8Encoder, s: &JsString, dest: &Uint8Array) -> EncodeIntoResult;
    type EncodeIntoResult;
    #[wasm_bindgen(method, getter)]
    fn read(this: &EncodeIntoResult) -> u32;
    #[wasm_bindgen(method, getter)]
    fn written(this: &EncodeIntoResult) -> u32;
}

/// A JS string as UTF-8, encoded by the host straight into the core's memory: for a 5 MB page
/// about a third of `TextEncoder.encode` plus a copy, and of the bindings' string conversion
/// (which copies an ASCII string one character at a time). Lone surrogates become U+FFFD, one
/// UTF-16 unit each, so the page's offsets are kept.
fn utf8_of(s: &JsString) -> String {
    let len = s.length() as usize;
    let encoder = Utf8Encoder::new();
    let mut buf: Vec<u8> = Vec::with_capacity(len);
    let mut read = 0usize;
    while read < len {
        let rest = if read == 0 { s.clone() } else { s.slice(read as u32, len as u32) };
        let spare = buf.capacity() - buf.len();
        // SAFETY: the view covers the vector's spare capacity, and nothing allocates in the
        // core's memory while the host writes into it (the view is dropped before `set_len`).
        let r = {
            let view = unsafe { Uint8Array::view_mut_raw(buf.as_mut_ptr().add(buf.len()), spare) };
            encoder.encode_into(&rest, &view)
        };
        let (units, written) = (r.read() as usize, r.written() as usize);
        // SAFETY: the host wrote `written` bytes (at most `spare`) of UTF-8 there.
        unsafe { buf.set_len(buf.len() + written.min(spare)) };
        read += units;
        if read < len {
            buf.reserve((len - read) * 3);
        }
    }
    String::from_utf8(buf).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The worker core of the extension's service worker.
#[wasm_bindgen(js_name = WorkerCore)]
pub struct JsWorker {
    inner: Rc<Worker<JsHost>>,
}

/// One promise adapter for every export (each `future_to_promise` would inline its future).
#[inline(never)]
fn settle(fut: futures_util::future::LocalBoxFuture<'static, Result<JsValue, JsValue>>) -> Promise {
    future_to_promise(fut)
}

fn drive(w: Rc<Worker<JsHost>>) {
    spawn_local(async move {
        if let Err(e) = w.run_loop().await {
            w.host().warn(&format!("SecureX Respond: bulk run: {}", e.message));
        }
    });
}

#[wasm_bindgen(js_class = WorkerCore)]
impl JsWorker {
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "WorkerHost")] host: JsValue) -> JsWorker {
        JsWorker { inner: Rc::new(Worker::new(JsHost(host))) }
    }

    /// A page's message: `undefined` when it is not one the core handles.
    #[wasm_bindgen(unchecked_return_type = "Promise<Handled | undefined>")]
    pub fn handle(&self, msg: JsValue) -> Promise {
        let w = self.inner.clone();
        settle(Box::pin(async move {
            let Some(h) = w.handle_value(&json(&msg)).await else { return Ok(JsValue::UNDEFINED) };
            if h.run_loop {
                drive(w.clone());
            }
            let out = match h.reply {
                Ok(value) => serde_json::json!({ "ok": true, "value": value }),
                Err(error) => serde_json::json!({ "ok": false, "error": error }),
            };
            Ok(js(&out))
        }))
    }

    /// At worker start: a bulk run a stop cut off goes on (its row in flight "outcome unknown").
    pub fn resume(&self) -> Promise {
        let w = self.inner.clone();
        settle(Box::pin(async move {
            if w.resume_run().await.unwrap_or(false) {
                drive(w.clone());
            }
            Ok(JsValue::UNDEFINED)
        }))
    }

    /// The toolbar icon for the connection (after a storage change).
    #[wasm_bindgen(js_name = toolbarIcon)]
    pub fn toolbar_icon(&self) -> Promise {
        let w = self.inner.clone();
        settle(Box::pin(async move {
            w.toolbar_icon().await;
            Ok(JsValue::UNDEFINED)
        }))
    }

    /// `runtime.onInstalled`: the onboarding page on a first install, as the core decides.
    pub fn installed(&self, reason: String) -> Promise {
        let w = self.inner.clone();
        settle(Box::pin(async move { w.installed(&reason).await.map(|v| js(&v)).map_err(super::to_js_error) }))
    }

    /// The context menu's entries (`contextMenus.create` options) in the worker's language.
    #[wasm_bindgen(unchecked_return_type = "Promise<{ id: string; title: string; contexts: [\"selection\" | \"page\"] }[]>")]
    pub fn menus(&self) -> Promise {
        let w = self.inner.clone();
        settle(Box::pin(async move { w.menus().await.map(|v| js(&v)).map_err(super::to_js_error) }))
    }

    /// The context menu's state, for `view→sw:status`.
    #[wasm_bindgen(js_name = setMenu)]
    pub fn set_menu(&self, menu: JsValue) {
        *self.inner.menu.borrow_mut() = json(&menu);
    }

    /// Hands a selection to a new respond window (cut as the core decides; never in the URL).
    #[wasm_bindgen(js_name = openView, unchecked_return_type = "Promise<{ id: string; windowId?: number }>")]
    pub fn open_view(&self, text: JsValue, page: JsValue) -> Promise {
        let w = self.inner.clone();
        settle(Box::pin(async move {
            let r = w.open_view(&text.as_string().unwrap_or_default(), json(&page)).await;
            r.map(|v| js(&v)).map_err(super::to_js_error)
        }))
    }

    /// Scans the tab and stores the scan without opening its panel (the end-to-end tests and
    /// `cargo xtask bench`; the gesture is `popup→sw:scan`): `{ id, scan, ranges, timings }`.
    #[wasm_bindgen(js_name = scanTab, unchecked_return_type = "Promise<{ id: string; scan: object; ranges: number[]; timings: Record<string, number | boolean | null> }>")]
    pub fn scan_tab(&self, tab: f64) -> Promise {
        let w = self.inner.clone();
        settle(Box::pin(async move {
            let id = crate::worker::host::uuid(w.host());
            let first = crate::worker::scan::Latch::default();
            w.scan_tab(tab as i64, &id, &first).await.map(|v| js(&v)).map_err(super::to_js_error)
        }))
    }

    /// The storage areas as the core reads them (sealed values opened): for the end-to-end tests.
    #[wasm_bindgen(js_name = openedStorage)]
    pub fn opened_storage(&self) -> Promise {
        let w = self.inner.clone();
        settle(Box::pin(async move { w.opened_storage().await.map(|v| js(&v)).map_err(super::to_js_error) }))
    }
}
