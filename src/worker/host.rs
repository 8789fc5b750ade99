//! What the extension's worker asks of the browser, as one trait: the worker's flows
//! (`super::Worker`) know no browser. The real host is the wasm layer over a small JS object of
//! `chrome.*` primitives; the test host (`super::fake`) keeps everything in memory.

use crate::http::Transport;
use serde_json::{Map, Value};

/// A storage area of the extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Area {
    /// storage.local: every context of the extension can read it (sealed values for secrets).
    Local,
    /// storage.session: extension contexts only, gone when the browser closes.
    Session,
    /// storage.managed: the enterprise policy, read-only.
    Managed,
}

impl Area {
    pub fn name(self) -> &'static str {
        match self {
            Area::Local => "local",
            Area::Session => "session",
            Area::Managed => "managed",
        }
    }
}

/// Why a host call failed, in the browser's words (never holding a secret: the host is given
/// none to echo but sealed values, whose plain text never reaches an error).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostError(pub String);

impl std::fmt::Display for HostError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

pub type HostResult<T> = Result<T, HostError>;

/// The toolbar button's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Icon {
    /// Connected, idle.
    On,
    /// A call is running.
    Busy,
    /// Not connected (not set up, signed out).
    Off,
}

impl Icon {
    /// The PNGs' base name (`icons/<name>-16.png`, drawn by xtask from `extension/icons/*.svg`).
    pub fn name(self) -> &'static str {
        match self {
            Icon::On => "icon",
            Icon::Busy => "icon-busy",
            Icon::Off => "icon-off",
        }
    }
}

/// Everything the worker asks of the browser. Primitives only: no decisions. Single-threaded
/// (an MV3 worker, or a test's executor): no `Send`.
#[allow(async_fn_in_trait)]
pub trait Host {
    /// How the worker's clients reach the API: fetch in the browser, ureq in native tests.
    type Transport: Transport;

    /// The values of `keys` in `area` (absent keys left out); `None`: every key.
    async fn get(&self, area: Area, keys: Option<&[&str]>) -> HostResult<Map<String, Value>>;
    async fn set(&self, area: Area, items: Map<String, Value>) -> HostResult<()>;
    async fn remove(&self, area: Area, keys: &[String]) -> HostResult<()>;

    /// `value` sealed for storage.local under `name` (AES-GCM under the non-extractable key; the
    /// name is the additional data): the envelope to store.
    async fn seal(&self, name: &str, value: &Value) -> HostResult<Value>;
    /// The JSON text sealed in `envelope` under `name`; fails when it cannot be opened.
    async fn open(&self, name: &str, envelope: &Value) -> HostResult<String>;
    /// Whether `envelope` is a sealed value as [`Host::seal`] makes them.
    fn is_sealed(&self, envelope: &Value) -> bool {
        envelope.as_object().is_some_and(|o| o.len() == 2 && o.get("iv").is_some_and(Value::is_string) && o.get("ct").is_some_and(Value::is_string))
    }

    /// Whether the browser lets the extension reach `permission` (`scheme://host/*`).
    async fn host_allowed(&self, permission: &str) -> bool;

    /// Runs the page function `func` (one of scan-page.js's, by name) in `tab` with `args`; its result.
    async fn run_in_tab(&self, tab: i64, func: &str, args: Vec<Value>) -> HostResult<Value>;
    /// The page's text as `collectPage(limit, inView)` answers it: `text` and the node table
    /// apart (a page of megabytes crosses as two strings), the rest in `info`; `None` when the
    /// page answered nothing. The wasm host reads the two strings without a JSON round trip.
    async fn collect_page(&self, tab: i64, limit: u32, in_view: bool) -> HostResult<Option<PageText>> {
        let mut v = self.run_in_tab(tab, "collectPage", vec![limit.into(), in_view.into()]).await?;
        let Some(o) = v.as_object_mut() else { return Ok(None) };
        let mut take = |k: &str| match o.remove(k) {
            Some(Value::String(s)) => s,
            _ => String::new(),
        };
        let (text, nodes) = (take("text"), take("nodes"));
        Ok(Some(PageText { text, nodes, info: v }))
    }
    /// The rules into the tab's frames (`all_frames`), or its top frame only.
    async fn insert_css(&self, tab: i64, css: &str, all_frames: bool) -> HostResult<()>;
    async fn remove_css(&self, tab: i64, css: &str) -> HostResult<()>;
    /// Opens `path` (an extension page with its query) in a popup window; the window's id.
    async fn open_window(&self, path: &str, width: u32, height: u32) -> HostResult<Option<i64>>;
    async fn activate_tab(&self, tab: i64) -> HostResult<()>;
    /// Opens `path` (an extension page) in a new tab.
    async fn open_tab(&self, path: &str) -> HostResult<()>;

    /// The redirect URL of the browser's auth flow (identity.getRedirectURL()).
    fn redirect_url(&self) -> String;
    /// identity.launchWebAuthFlow (interactive): the URL the browser came back to.
    async fn web_auth_flow(&self, url: &str) -> HostResult<String>;

    fn set_badge(&self, text: &str);
    fn set_icon(&self, icon: Icon, title: &str);

    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> f64;
    /// Date.getTimezoneOffset(): minutes from local time to UTC.
    fn timezone_offset_min(&self) -> f64 {
        0.0
    }
    /// `n` bytes from the platform's cryptographic generator.
    fn random_bytes(&self, n: usize) -> Vec<u8>;
    /// The text of an extension file (`scan-page.css`, `dev-config.json`), or `None`.
    async fn extension_file(&self, path: &str) -> Option<String>;
    /// The manifest's `version_name` ("" when none).
    fn version_name(&self) -> String;
    /// A client's transport.
    fn transport(&self) -> Self::Transport;
    /// The browser's language (a BCP 47 tag, "" when unknown): the worker's words follow it.
    fn language(&self) -> String {
        String::new()
    }
    /// A line for the console: never a secret or a token (the worker passes error messages only).
    fn warn(&self, line: &str);
}

/// A page's text from the collector (`extension/scan-page.js` `collectPage`).
#[derive(Debug, Clone, Default)]
pub struct PageText {
    /// The text nodes back to back (`"\n"` at block boundaries).
    pub text: String,
    /// The node table (`crate::scan::decode_nodes`).
    pub nodes: String,
    /// The rest of the answer: `truncated`, `leftOut`, `skippedFrames`, `url`, `title`,
    /// `highlights` (whether the page has the CSS Custom Highlight API), `walkMs`, `joinMs`.
    pub info: Value,
}

/// A random UUID (v4) from the host's generator: nonces, ids.
pub fn uuid<H: Host>(host: &H) -> String {
    let mut b = host.random_bytes(16);
    b.resize(16, 0);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}
