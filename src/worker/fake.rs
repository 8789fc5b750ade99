//! The test host: in-memory storage areas (shared by clones, so a "worker stop" is dropping a
//! `Worker` and making a new one over the same host), a controllable clock, gates that hold any
//! host call or HTTP request until opened (for interleavings), injected storage failures, a log
//! of calls, and the real stand-in over HTTP (ureq) behind the transport.

use super::host::{Area, Host, HostError, HostResult, Icon};
use crate::http::{HttpRequest, HttpResponse, Transport, TransportError};
use crate::native::UreqTransport;
use serde_json::{json, Map, Value};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

#[derive(Default)]
struct Gate {
    /// Calls let through before the gate holds them.
    pass: usize,
    open: bool,
    waiting: usize,
    wakers: Vec<Waker>,
}

const STOPPED: &str = "\u{0}stopped";

#[derive(Default)]
pub struct Inner {
    areas: RefCell<HashMap<&'static str, Map<String, Value>>>,
    pub clock: Cell<f64>,
    pub calls: RefCell<Vec<String>>,
    gates: RefCell<HashMap<String, Gate>>,
    /// Calls (by log line prefix) that fail, e.g. "set session".
    failing: RefCell<Vec<String>>,
    pub denied: RefCell<Vec<String>>,
    pub badge: RefCell<String>,
    pub icon: RefCell<Option<Icon>>,
    pub warnings: RefCell<Vec<String>>,
    /// Who the auth flow signs in as ("" : the window is closed).
    pub user: RefCell<String>,
    /// The sealing key's byte (0: the key is gone).
    key: Cell<u8>,
    seq: Cell<u64>,
    /// Host calls left before every call hangs (a worker stop); `None`: no stop.
    stop_in: Cell<Option<usize>>,
    pub page_results: RefCell<HashMap<String, Value>>,
    /// Answers of page functions by name, one per call, before `page_results`.
    pub page_queue: RefCell<HashMap<String, std::collections::VecDeque<Value>>>,
    /// Every page function called, with its arguments.
    pub page_args: RefCell<Vec<(String, Vec<Value>)>>,
}

#[derive(Clone, Default)]
pub struct FakeHost(pub Rc<Inner>);

/// Waits at the gate named by the first matching prefix of `line`, when one is closed.
struct GateWait {
    inner: Rc<Inner>,
    name: Option<String>,
    counted: bool,
}

impl Future for GateWait {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let Some(name) = self.name.clone() else { return Poll::Ready(()) };
        let inner = self.inner.clone();
        let mut gates = inner.gates.borrow_mut();
        let g = gates.entry(name).or_default();
        if g.open {
            if self.counted {
                g.waiting -= 1;
            }
            return Poll::Ready(());
        }
        if !self.counted {
            g.waiting += 1;
            self.counted = true;
        }
        g.wakers.push(cx.waker().clone());
        Poll::Pending
    }
}

impl FakeHost {
    pub fn new() -> Self {
        let h = FakeHost::default();
        h.0.clock.set(1_800_000_000_000.0);
        h.0.key.set(7);
        *h.0.user.borrow_mut() = "alice".into();
        h
    }

    fn log(&self, line: String) -> GateWait {
        let mut name = self.0.gates.borrow().keys().find(|k| line.starts_with(k.as_str())).cloned();
        if let Some(n) = &name {
            if let Some(g) = self.0.gates.borrow_mut().get_mut(n).filter(|g| g.pass > 0) {
                g.pass -= 1;
                name = None;
            }
        }
        if let Some(n) = self.0.stop_in.get() {
            if n == 0 {
                name = Some(STOPPED.into());
                self.0.gates.borrow_mut().entry(STOPPED.into()).or_default();
            } else {
                self.0.stop_in.set(Some(n - 1));
            }
        }
        self.0.calls.borrow_mut().push(line);
        GateWait { inner: self.0.clone(), name, counted: false }
    }

    fn fails(&self, line: &str) -> bool {
        self.0.failing.borrow().iter().any(|f| line.starts_with(f.as_str()))
    }

    /// Closes a gate: calls whose log line starts with `prefix` wait until [`FakeHost::open`].
    pub fn close(&self, prefix: &str) {
        self.0.gates.borrow_mut().insert(prefix.to_string(), Gate::default());
    }
    /// A gate that lets `n` calls through, then holds the next ones.
    pub fn close_after(&self, prefix: &str, n: usize) {
        self.0.gates.borrow_mut().insert(prefix.to_string(), Gate { pass: n, ..Gate::default() });
    }
    pub fn open(&self, prefix: &str) {
        if let Some(g) = self.0.gates.borrow_mut().get_mut(prefix) {
            g.open = true;
            for w in g.wakers.drain(..) {
                w.wake();
            }
        }
    }
    /// How many calls wait at the gate.
    pub fn waiting(&self, prefix: &str) -> usize {
        self.0.gates.borrow().get(prefix).map_or(0, |g| g.waiting)
    }
    /// The worker "stops" after `n` more host calls: every later call hangs (drop the worker then).
    pub fn stop_after(&self, n: usize) {
        self.0.stop_in.set(Some(n));
    }
    /// After a stop: calls go through again.
    pub fn resume(&self) {
        self.0.stop_in.set(None);
        self.0.gates.borrow_mut().remove(STOPPED);
    }
    /// The next answers of the page function `func`, one per call.
    pub fn page_answers(&self, func: &str, answers: Vec<Value>) {
        self.0.page_queue.borrow_mut().entry(func.to_string()).or_default().extend(answers);
    }
    /// The arguments of each call of the page function `func`.
    pub fn page_args(&self, func: &str) -> Vec<Vec<Value>> {
        self.0.page_args.borrow().iter().filter(|(f, _)| f == func).map(|(_, a)| a.clone()).collect()
    }
    pub fn fail(&self, prefix: &str) {
        self.0.failing.borrow_mut().push(prefix.to_string());
    }
    pub fn heal(&self) {
        self.0.failing.borrow_mut().clear();
    }
    pub fn lose_key(&self) {
        self.0.key.set(0);
    }
    pub fn area(&self, a: Area) -> Map<String, Value> {
        self.0.areas.borrow().get(a.name()).cloned().unwrap_or_default()
    }
    pub fn put(&self, a: Area, k: &str, v: Value) {
        self.0.areas.borrow_mut().entry(a.name()).or_default().insert(k.to_string(), v);
    }
    pub fn calls(&self) -> Vec<String> {
        self.0.calls.borrow().clone()
    }
    /// Every stored value as JSON text (to look for a secret or a token anywhere).
    pub fn dump(&self) -> String {
        serde_json::to_string(&*self.0.areas.borrow()).unwrap()
    }
}

fn xor(b: &[u8], k: u8) -> String {
    b.iter().map(|x| format!("{:02x}", x ^ k)).collect()
}

impl Host for FakeHost {
    type Transport = FakeTransport;

    async fn get(&self, area: Area, keys: Option<&[&str]>) -> HostResult<Map<String, Value>> {
        let line = format!("get {}", area.name());
        self.log(line.clone()).await;
        if self.fails(&line) {
            return Err(HostError("injected read failure".into()));
        }
        let all = self.area(area);
        Ok(match keys {
            None => all,
            Some(ks) => all.into_iter().filter(|(k, _)| ks.contains(&k.as_str())).collect(),
        })
    }
    async fn set(&self, area: Area, items: Map<String, Value>) -> HostResult<()> {
        let mut keys: Vec<&String> = items.keys().collect();
        keys.sort();
        let line = format!("set {} {}", area.name(), keys.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(","));
        self.log(line.clone()).await;
        if self.fails(&line) || area == Area::Managed {
            return Err(HostError("injected write failure".into()));
        }
        self.0.areas.borrow_mut().entry(area.name()).or_default().extend(items);
        Ok(())
    }
    async fn remove(&self, area: Area, keys: &[String]) -> HostResult<()> {
        let line = format!("remove {} {}", area.name(), keys.join(","));
        self.log(line.clone()).await;
        if self.fails(&line) {
            return Err(HostError("injected write failure".into()));
        }
        let mut areas = self.0.areas.borrow_mut();
        let a = areas.entry(area.name()).or_default();
        for k in keys {
            a.remove(k);
        }
        Ok(())
    }
    async fn seal(&self, name: &str, value: &Value) -> HostResult<Value> {
        self.log(format!("seal {name}")).await;
        let k = self.0.key.get().max(1);
        self.0.key.set(k);
        Ok(json!({ "iv": name, "ct": xor(value.to_string().as_bytes(), k) }))
    }
    async fn open(&self, name: &str, envelope: &Value) -> HostResult<String> {
        self.log(format!("open {name}")).await;
        let k = self.0.key.get();
        let ct = envelope["ct"].as_str().unwrap_or("");
        if k == 0 || envelope["iv"] != name {
            return Err(HostError("no sealing key".into()));
        }
        let bytes: Vec<u8> = (0..ct.len() / 2).filter_map(|i| u8::from_str_radix(&ct[2 * i..2 * i + 2], 16).ok()).map(|b| b ^ k).collect();
        String::from_utf8(bytes).map_err(|_| HostError("altered".into()))
    }
    async fn host_allowed(&self, permission: &str) -> bool {
        self.log(format!("permission {permission}")).await;
        !self.0.denied.borrow().iter().any(|d| d == permission)
    }
    async fn run_in_tab(&self, tab: i64, func: &str, args: Vec<Value>) -> HostResult<Value> {
        let line = format!("page {tab} {func}");
        self.log(line.clone()).await;
        if self.fails(&line) {
            return Err(HostError("Cannot access contents of the page".into()));
        }
        self.0.page_args.borrow_mut().push((func.to_string(), args));
        if let Some(v) = self.0.page_queue.borrow_mut().get_mut(func).and_then(|q| q.pop_front()) {
            return Ok(v);
        }
        Ok(self.0.page_results.borrow().get(func).cloned().unwrap_or(Value::Null))
    }
    async fn insert_css(&self, tab: i64, _css: &str, all_frames: bool) -> HostResult<()> {
        let line = format!("insertCSS {tab} {}", if all_frames { "all" } else { "top" });
        self.log(line.clone()).await;
        if self.fails(&line) {
            return Err(HostError("Cannot access a frame".into()));
        }
        Ok(())
    }
    async fn remove_css(&self, tab: i64, _css: &str) -> HostResult<()> {
        self.log(format!("removeCSS {tab}")).await;
        Ok(())
    }
    async fn open_window(&self, path: &str, _w: u32, _h: u32) -> HostResult<Option<i64>> {
        self.log(format!("window {path}")).await;
        Ok(Some(1))
    }
    async fn activate_tab(&self, tab: i64) -> HostResult<()> {
        self.log(format!("activate {tab}")).await;
        Ok(())
    }
    async fn open_tab(&self, path: &str) -> HostResult<()> {
        let line = format!("tab {path}");
        self.log(line.clone()).await;
        if self.fails(&line) {
            return Err(HostError("injected tab failure".into()));
        }
        Ok(())
    }
    fn redirect_url(&self) -> String {
        "https://kbfnbcaeplbcioakkpcpgfkobkghlhen.chromiumapp.org/".into()
    }
    /// Plays the browser: the stand-in's login page at the URL, then its form, as `user`.
    async fn web_auth_flow(&self, url: &str) -> HostResult<String> {
        self.log("authFlow".into()).await;
        let user = self.0.user.borrow().clone();
        if user.is_empty() {
            return Err(HostError("The user did not approve access.".into()));
        }
        let agent = ureq::AgentBuilder::new().redirects(0).build();
        let base = url.split("/iroh/").next().unwrap_or("");
        agent.get(url).call().map_err(|e| HostError(e.to_string()))?;
        let query = url.split_once('?').map(|q| q.1).unwrap_or("");
        let form = format!("{query}&username={user}&password={user}-password&decision=allow");
        let r = match agent.post(&format!("{base}/iroh/oauth2/authorize")).set("Content-Type", "application/x-www-form-urlencoded").send_string(&form) {
            Ok(r) | Err(ureq::Error::Status(_, r)) => r,
            Err(e) => return Err(HostError(e.to_string())),
        };
        r.header("location").map(str::to_string).ok_or_else(|| HostError("no redirect".into()))
    }
    fn set_badge(&self, text: &str) {
        *self.0.badge.borrow_mut() = text.to_string();
    }
    fn set_icon(&self, icon: Icon, _title: &str) {
        *self.0.icon.borrow_mut() = Some(icon);
    }
    fn now_ms(&self) -> f64 {
        self.0.clock.get()
    }
    fn random_bytes(&self, n: usize) -> Vec<u8> {
        let s = self.0.seq.get() + 1;
        self.0.seq.set(s);
        let seed = s.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ u64::from(std::process::id());
        (0..n as u64).map(|i| (seed.rotate_left((i * 7 % 64) as u32) ^ i.wrapping_mul(0x51)) as u8).collect()
    }
    async fn extension_file(&self, path: &str) -> Option<String> {
        self.log(format!("file {path}")).await;
        (path == "scan-page.css").then(|| "::highlight(sxr-found) { background: #7dd3fc80 }".to_string())
    }
    fn version_name(&self) -> String {
        String::new()
    }
    fn transport(&self) -> FakeTransport {
        FakeTransport { host: self.clone(), inner: UreqTransport::default() }
    }
    fn warn(&self, line: &str) {
        self.0.warnings.borrow_mut().push(line.to_string());
    }
}

/// The real HTTP transport, behind the host's gates: each request is logged as
/// `send <METHOD> <path>` (gate it by a prefix of that).
pub struct FakeTransport {
    host: FakeHost,
    inner: UreqTransport,
}

impl Transport for FakeTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let path = request.url.splitn(4, '/').nth(3).unwrap_or("");
        self.host.log(format!("send {} /{path}", request.method.as_str())).await;
        self.inner.send(request).await
    }
    fn now_ms(&self) -> f64 {
        self.inner.now_ms()
    }
}

/// Polls `f` once (tests drive interleavings step by step).
pub fn poll_once<F: Future + ?Sized>(f: Pin<&mut F>) -> Poll<F::Output> {
    f.poll(&mut Context::from_waker(Waker::noop()))
}
