//! The extension's service worker as Rust state machines (issue 22): every flow the worker runs
//! (settings, sign-in and sign-out with the session generation, confirm and the audited
//! trigger, casebooks and sightings, the bulk run with Stop and recovery) is driven by
//! [`Worker::handle`] over a [`Host`] (what the browser offers: storage, permissions, windows,
//! the auth flow, badge, clock, randomness, transport). The wasm layer gives it the real host;
//! native tests give it `fake::FakeHost` and the stand-in over HTTP.
//!
//! Rooms: `host.rs` (the trait), `messages.rs` (the one message enum, and what is generated from
//! it), `store.rs` (the storage keys), `trigger.rs` (confirm, trigger, audit notes), `signin.rs`
//! (save, sign-in, sign-out, stay), `bulk.rs` (the bulk run and the scan store's bound),
//! `scan.rs` (the page scan's passes, its rescan, and the panel's paint, go-to and clear).
//! `onboard.rs` (the first run: the onboarding page on install, the sample).

pub mod bulk;
pub mod host;
mod latch;
pub mod messages;
mod onboard;
pub mod scan;
mod signin;
pub mod store;
mod trigger;

#[cfg(all(test, not(target_arch = "wasm32")))]
pub mod fake;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod scan_tests;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

pub use host::{Area, Host, HostError, HostResult, Icon, PageText};
pub use messages::Message;

use crate::auth::Credentials;
use crate::client::{Client, Endpoint, TokenSource};
use crate::confirm::ActionTarget;
use crate::error::{Error, Result};
use crate::http::{HttpRequest, HttpResponse, Transport, TransportError};
use crate::oauth::{Session, SessionState};
use crate::settings::{self, ClientOptions, ClientPlan, Prefs, SettingsForm, Stored};
use crate::view::text::{self, Locale, Text};
use futures_util::future::{select, Either, LocalBoxFuture};
use futures_util::lock::Mutex;
use serde::Serialize;
use serde_json::{json, Value};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::future::Future;
use std::pin::pin;
use std::rc::Rc;
use std::task::{Poll, Waker};

/// A client's transport as the worker hands it out: it refuses to send once the sign-in it was
/// made for is over here (a sign-out or a new sign-in ends the worker's epoch: no call of an
/// older client goes out afterwards, a refresh among them), and keeps a sign-in change to be saved.
pub struct Guarded<T> {
    inner: T,
    own: Option<u64>,
    epoch: Rc<Cell<u64>>,
    changed: Rc<Changed>,
    locale: Locale,
}

/// A sign-in change a call reported (a refresh rotated the refresh token, or ended the
/// sign-in), waiting to be saved while the call still runs.
#[derive(Default)]
pub struct Changed {
    state: RefCell<Option<SessionState>>,
    waker: RefCell<Option<Waker>>,
}

impl Changed {
    /// Resolves with the next change.
    fn next(&self) -> impl Future<Output = SessionState> + '_ {
        futures_util::future::poll_fn(move |cx| match self.state.borrow_mut().take() {
            Some(s) => Poll::Ready(s),
            None => {
                *self.waker.borrow_mut() = Some(cx.waker().clone());
                Poll::Pending
            }
        })
    }
}

impl<T: Transport> Transport for Guarded<T> {
    async fn send(&self, request: HttpRequest) -> std::result::Result<HttpResponse, TransportError> {
        if self.own.is_some_and(|e| e != self.epoch.get()) {
            return Err(TransportError::Network(Text::CallEnded {}.say(self.locale)));
        }
        self.inner.send(request).await
    }
    fn now_ms(&self) -> f64 {
        self.inner.now_ms()
    }
    fn session_changed(&self, state: &SessionState) {
        *self.changed.state.borrow_mut() = Some(state.clone());
        if let Some(w) = self.changed.waker.borrow_mut().take() {
            w.wake();
        }
        self.inner.session_changed(state);
    }
}

impl<T> Guarded<T> {
    /// A transport bound to no sign-in (a client of its own: the JS API's `new Client`). One
    /// transport type for every client keeps one copy of the client's code in the wasm.
    pub fn plain(inner: T) -> Self {
        Guarded { inner, own: None, epoch: Rc::new(Cell::new(0)), changed: Rc::new(Changed::default()), locale: Locale::default() }
    }
}

pub type WorkerClient<H> = Client<Guarded<<H as Host>::Transport>>;

/// The worker's client for the stored settings, with what its writes are bound to.
struct Current<H: Host> {
    key: String,
    binding: String,
    generation: u64,
    epoch: u64,
    client: Rc<WorkerClient<H>>,
    changed: Rc<Changed>,
}

impl<H: Host> Clone for Current<H> {
    fn clone(&self) -> Self {
        Current {
            key: self.key.clone(),
            binding: self.binding.clone(),
            generation: self.generation,
            epoch: self.epoch,
            client: self.client.clone(),
            changed: self.changed.clone(),
        }
    }
}

/// What a call needs of the settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Plain,
    /// Verdicts and pivots: refused while the user turned them off.
    Enrich,
    /// Sightings: refused while the user turned them (or verdicts) off.
    Sightings,
    /// Casebooks: the private-intel host's permission checked too.
    Casebooks,
}

/// A handled message: the page's answer (`Err`: the error's fields, `message` saying what to
/// do), and whether the shell should now drive the bulk run ([`Worker::run_loop`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Handled {
    pub reply: std::result::Result<Value, Value>,
    pub run_loop: bool,
}

/// The worker. One per worker start; everything that matters lives in the host's storage.
pub struct Worker<H: Host> {
    host: H,
    current: RefCell<Option<Current<H>>>,
    /// One more at every sign-in and sign-out here: clients of an older epoch send nothing.
    epoch: Rc<Cell<u64>>,
    client_lock: Mutex<()>,
    /// Storage read → core's plan → apply, one at a time: a plan is never made from a state
    /// another plan is about to change (a token write racing a sign-out).
    plan_lock: Mutex<()>,
    confirm_lock: Mutex<()>,
    run_lock: Mutex<()>,
    start_lock: Mutex<()>,
    busy: Cell<u32>,
    /// This worker drives a bulk run's loop.
    looping: Cell<bool>,
    /// Observables each scan has had verdicts asked for without the analyst's click.
    asked_unclicked: RefCell<HashMap<String, usize>>,
    dev: RefCell<Option<Option<String>>>,
    /// Page scans whose panel may ask before they end (`scan.rs`).
    scans: RefCell<HashMap<String, latch::InFlight>>,
    /// The highlight rules, once read.
    scan_css: RefCell<Option<String>>,
    /// The context menu's state, for `view→sw:status` (the shell reports it).
    pub menu: RefCell<Value>,
}

/// An error as a page gets it.
pub fn error_value(e: &Error) -> Value {
    to_value(e).unwrap_or_else(|_| json!({ "code": "bad-input", "message": e.message }))
}

/// A value as JSON, through the text serialiser the core already has for every answer type
/// (`serde_json::to_value` would add a second serialiser per type to the wasm).
fn to_value<T: Serialize>(v: &T) -> Result<Value> {
    parse_value(serde_json::to_string(v).ok())
}

#[inline(never)]
fn parse_value(text: Option<String>) -> Result<Value> {
    // English on purpose, as the malformed-message errors below (`createCasebook takes …`,
    // `investigateUrl() takes …`): the worker's own JSON that does not parse, or a page's message
    // the extension's pages never send so, is a developer's bug, not something an analyst sees.
    text.and_then(|t| serde_json::from_str(&t).ok()).ok_or_else(|| Error::new(crate::ErrorKind::BadResponse, "Could not convert the answer."))
}

/// One API call of a flow: boxed, so that [`Worker::call`] exists once in the wasm.
pub type ApiCall<'a, H> = Box<dyn FnOnce(Rc<WorkerClient<H>>) -> LocalBoxFuture<'a, Result<Value>> + 'a>;

/// `api!(|c| expr)`: an [`ApiCall`] answering `expr` (which may `.await?`) as JSON.
macro_rules! api {
    (|$c:ident| $body:expr) => {
        Box::new(move |$c: std::rc::Rc<_>| -> futures_util::future::LocalBoxFuture<'_, crate::error::Result<serde_json::Value>> {
            Box::pin(async move { $crate::worker::to_json(&$body) })
        })
    };
}
pub(crate) use api;

#[doc(hidden)]
pub fn to_json<T: Serialize>(v: &T) -> Result<Value> {
    to_value(v)
}

/// A client for `options` over `transport` (what `new Client(options)` makes in the browser).
pub fn make_client<T: Transport>(transport: T, o: &ClientOptions) -> Result<Client<T>> {
    let endpoint = Endpoint::new(o.region, o.base_url.as_deref(), None)?.with_private_intel_url(o.private_intel_url.as_deref())?;
    let source = match &o.sign_in {
        Some(s) => TokenSource::SignIn(
            Session::new(&s.client_id, s.refresh_token.clone(), s.user.clone())?
                .with_password(s.client_secret.clone())?
                .with_scopes(&s.scopes.clone().unwrap_or_default())?,
        ),
        None => TokenSource::Credentials(Credentials::new(&o.client_id, &o.client_secret)?),
    };
    let client = Client::new(transport, endpoint, source);
    if let Some(t) = &o.token {
        client.seed_token(t.clone());
    }
    Ok(client)
}

/// The context menu's ids (the respond entry on a selection, the scan entry on a page).
pub const MENU_RESPOND: &str = "respond-selection";
pub const MENU_SCAN: &str = "scan-page";

impl<H: Host> Worker<H> {
    pub fn new(host: H) -> Self {
        // The language of the worker's words and of the core's messages (`text::current`): the
        // browser's, then the options' "Language" choice once a page has asked for it (every page
        // does at load) or the options saved it.
        text::set_current(Locale::pick(&[host.language().as_str()]));
        Worker {
            host,
            scans: RefCell::new(HashMap::new()),
            scan_css: RefCell::new(None),
            current: RefCell::new(None),
            epoch: Rc::new(Cell::new(0)),
            client_lock: Mutex::new(()),
            plan_lock: Mutex::new(()),
            confirm_lock: Mutex::new(()),
            run_lock: Mutex::new(()),
            start_lock: Mutex::new(()),
            busy: Cell::new(0),
            looping: Cell::new(false),
            asked_unclicked: RefCell::new(HashMap::new()),
            dev: RefCell::new(None),
            menu: RefCell::new(json!({ "created": 0, "lastError": null })),
        }
    }

    pub fn host(&self) -> &H {
        &self.host
    }

    /// One of the worker's own sentences (`crate::view::text`), in its language.
    pub fn say(&self, t: &Text) -> String {
        t.say(text::current())
    }

    /// A page's message (JSON as sent). `None`: not one of this worker's messages.
    pub async fn handle_value(&self, msg: &Value) -> Option<Handled> {
        match messages::parse(msg)? {
            Ok(m) => self.handle(m).await,
            Err(e) => Some(Handled { reply: Err(error_value(&e)), run_loop: false }),
        }
    }

    /// Dispatches one message.
    pub async fn handle(&self, msg: Message) -> Option<Handled> {
        use Message as M;
        let mut run_loop = false;
        let flow: LocalBoxFuture<'_, Result<Value>> = match msg {
            M::ViewSelection { id } => Box::pin(async move { store::take_selection(&self.host, &id).await }),
            M::ViewFind { text, inspect, reference_hosts } => Box::pin(async move { self.find(&text, inspect, &reference_hosts.unwrap_or_default()).await }),
            M::ViewActions { observables } => Box::pin(self.call(Purpose::Plain, api!(|c| c.actions(&observables).await?))),
            M::ViewVerdicts { observables } => Box::pin(self.call(Purpose::Enrich, api!(|c| c.verdicts(&observables).await?))),
            M::ViewPivots { observables } | M::ScanPivots { observables } => Box::pin(self.call(Purpose::Enrich, api!(|c| c.pivots(&observables).await?))),
            M::ViewBudget {} | M::ScanBudget {} => Box::pin(self.call(Purpose::Plain, api!(|c| c.budget()))),
            M::ViewConfirm { action } => Box::pin(async move { self.confirm(&ActionTarget::from_value(&action)).await }),
            M::ViewTrigger { action, nonce, casebook } => {
                return Some(self.audited_trigger(&ActionTarget::from_value(&action), nonce.as_str(), casebook.as_deref()).await)
            }
            M::ViewStatus {} => Box::pin(self.status()),
            M::ViewSignin {} => Box::pin(self.sign_in(None, None)),
            M::ViewSightings { observables } => Box::pin(self.call(Purpose::Sightings, api!(|c| c.sightings(&observables).await?))),
            M::ViewObserve { observables } => Box::pin(self.call(Purpose::Sightings, api!(|c| c.observe(&observables).await?))),
            M::ViewInvestigate { target } => Box::pin(self.call(Purpose::Plain, api!(|c| investigate(&c, &target)?))),
            M::ViewCasebooks { query } => Box::pin(self.call(Purpose::Casebooks, api!(|c| c.casebooks(query.as_deref(), Some(10.0)).await?))),
            M::ViewCreateCasebook { casebook } => match serde_json::from_value::<crate::api::intel::NewCasebook>(casebook) {
                Ok(new) => Box::pin(self.call(Purpose::Casebooks, api!(|c| c.create_casebook(&new).await?))),
                Err(e) => Box::pin(std::future::ready(Err(Error::bad_input(format!(
                    "createCasebook takes {{ title, description?, observables?, note?, tlp? }} ({e})."
                ))))),
            },
            M::ViewAddToCasebook { id, observables, note } => {
                Box::pin(self.call(Purpose::Casebooks, api!(|c| c.add_to_casebook(&id, &observables, note.as_deref()).await?)))
            }
            M::ViewDraft { page, include_url } => {
                let page = page.unwrap_or(Value::Null);
                let text = |k: &str| page.get(k).and_then(Value::as_str).unwrap_or("").to_string();
                let d = crate::api::intel::draft(&text("title"), &text("url"), include_url == Some(true), self.host.now_ms(), self.host.timezone_offset_min());
                Box::pin(std::future::ready(to_value(&d)))
            }
            M::PageLanguage {} => Box::pin(async move { Ok(json!({ "language": self.follow_language().await? })) }),
            M::OptionsLoad {} => Box::pin(self.current_settings()),
            M::OptionsSave { settings } => Box::pin(async move { self.save(&SettingsForm::from_value(&settings)).await }),
            M::OptionsPrefs { prefs } => Box::pin(async move { self.save_prefs(&Prefs::from_value(&prefs)).await }),
            M::OptionsTest { settings } => Box::pin(async move { self.test_connection(settings.as_ref().map(SettingsForm::from_value).as_ref()).await }),
            M::OptionsSignin { settings, stay } => Box::pin(async move { self.sign_in(settings.as_ref().map(SettingsForm::from_value).as_ref(), stay).await }),
            M::OptionsSignout {} => Box::pin(self.sign_out()),
            M::OptionsStay { stay } => Box::pin(self.set_stay(stay)),
            M::OptionsTestSignin {} => Box::pin(self.call(Purpose::Plain, api!(|c| c.check_connection().await?))),
            M::OnboardSample {} => Box::pin(self.sample()),
            M::ScanVerdicts { id, observables, clicked } => Box::pin(async move { self.scan_verdicts(&id, observables, clicked == Some(true)).await }),
            M::ScanActions { observables } => Box::pin(async move { self.batched_actions(&observables).await }),
            M::ScanRunConfirm { urls } => Box::pin(async move { self.confirm_all(&urls.iter().map(ActionTarget::from_value).collect::<Vec<_>>()).await }),
            M::ScanRunStart { groups, nonces, casebook } => {
                let nonces: Vec<Option<String>> = nonces.iter().map(|n| n.as_str().map(str::to_string)).collect();
                let r = match Self::run_groups(&groups) {
                    Ok(groups) => self.start_run(groups, &nonces, casebook).await,
                    Err(e) => Err(e),
                };
                run_loop = r.is_ok() && !self.looping.replace(true);
                Box::pin(std::future::ready(r))
            }
            M::ScanRunState {} => Box::pin(self.run_state()),
            M::ScanRunStop {} => Box::pin(self.stop_run()),
            M::PopupScan { tab_id } => Box::pin(self.open_scan(tab_id)),
            M::ScanScan { id } => Box::pin(async move { self.scan_of(&id).await }),
            M::ScanPaint { id, verdict_colours, classes } => {
                Box::pin(async move { self.scan_paint(&id, verdict_colours == Some(true), &classes.unwrap_or_default()).await })
            }
            M::ScanGoto { id, occurrence } => Box::pin(async move { self.scan_goto(&id, occurrence).await }),
            M::ScanClear { id } => Box::pin(async move { self.scan_clear(&id).await }),
        };
        let r = flow.await;
        Some(Handled { reply: r.map_err(|e| error_value(&e)), run_loop })
    }

    /// The context menu or the shortcut: the selection, cut as the core decides, goes to
    /// storage.session under a random id (never into the URL) with its page; the respond window
    /// opens and reads it once.
    pub async fn open_view(&self, text: &str, page: Value) -> Result<Value> {
        let units: Vec<u16> = text.encode_utf16().collect();
        let mut selection = match crate::find::selection_cut(units.len(), |i| units[i]) {
            None => json!({ "text": text }),
            Some(cut) => json!({ "text": String::from_utf16_lossy(&units[..cut]), "notice": crate::find::selection_cut_notice() }),
        };
        if !page.is_null() {
            selection["page"] = page;
        }
        let id = host::uuid(&self.host);
        store::put_selection(&self.host, &id, selection).await?;
        let win = self
            .host
            .open_window(&format!("view.html?id={id}"), 560, 720)
            .await
            .map_err(|e| Error::bad_input(self.say(&Text::WindowNotOpened { cause: e.0 })))?;
        Ok(json!({ "id": id, "windowId": win }))
    }

    /// The storage areas as the core reads them, sealed values opened (end-to-end tests).
    pub async fn opened_storage(&self) -> Result<Value> {
        store::read_opened(&self.host, None).await
    }

    // ---------- settings ----------

    /// dev-config.json's text: only the dev copy has the file (and says so in its manifest).
    async fn dev_text(&self) -> Option<String> {
        if let Some(d) = self.dev.borrow().clone() {
            return d;
        }
        let d = if settings::is_dev_build(&self.host.version_name()) { self.host.extension_file("dev-config.json").await } else { None };
        *self.dev.borrow_mut() = Some(d.clone());
        d
    }

    async fn stored(&self) -> Result<Stored> {
        let dev = self.dev_text().await;
        store::read_settings(&self.host, dev).await
    }

    /// Reads the storage, lets the core plan, applies the plan: one at a time.
    async fn plan<F: FnOnce(&Stored) -> Result<settings::StoragePlan>>(&self, f: F) -> Result<()> {
        let _g = self.plan_lock.lock().await;
        let s = self.stored().await?;
        let p = f(&s)?;
        store::apply(&self.host, &p).await
    }

    /// The settings in effect, as pages may see them (never the secret); removes what is never used again.
    pub async fn current_settings(&self) -> Result<Value> {
        let r = {
            let _g = self.plan_lock.lock().await;
            let r = settings::resolve(&self.stored().await?);
            store::apply(&self.host, &r.cleanup).await?;
            r
        };
        to_value(&r.public)
    }

    async fn status(&self) -> Result<Value> {
        let mut v = self.current_settings().await?;
        if let Some(o) = v.as_object_mut() {
            o.insert("menu".into(), self.menu.borrow().clone());
        }
        Ok(v)
    }

    async fn save_prefs(&self, prefs: &Prefs) -> Result<Value> {
        self.plan(|_| Ok(settings::plan_prefs(prefs))).await?;
        self.current_settings().await
    }

    async fn find(&self, text: &str, inspect: Option<bool>, reference_hosts: &[String]) -> Result<Value> {
        crate::find::check_text(text)?;
        if let Some(b) = inspect {
            self.plan(|_| Ok(settings::plan_prefs(&Prefs { ask_inspect: Some(b), ..Prefs::default() }))).await?;
        }
        let inspected = if inspect == Some(true) {
            let owned = text.to_string();
            let found = self.call(Purpose::Plain, api!(|c| c.inspect(&owned).await?)).await?;
            serde_json::from_value(found).unwrap_or_default()
        } else {
            Vec::new()
        };
        to_value(&crate::find::findings_with(text, inspected, reference_hosts)?)
    }

    // ---------- the client ----------

    /// Throws the core's `permissionMissing` error when the host may not be reached.
    async fn require_host(&self, options: &ClientOptions) -> Result<()> {
        let check = settings::check_endpoint(&json!({ "region": options.region.unwrap_or(""), "baseUrl": options.base_url.clone().unwrap_or_default() }))?;
        self.require_allowed(&check).await
    }

    async fn require_allowed(&self, check: &settings::EndpointCheck) -> Result<()> {
        if self.host.host_allowed(&check.permission).await {
            Ok(())
        } else {
            Err(check.permission_missing.clone())
        }
    }

    async fn client_plan(&self, purpose: Purpose) -> Result<ClientPlan> {
        let s = self.stored().await?;
        let mut plan = settings::client_plan_for(&s, purpose == Purpose::Enrich || purpose == Purpose::Sightings, purpose == Purpose::Sightings)?;
        if purpose == Purpose::Casebooks {
            settings::intel_host(&mut plan);
        }
        Ok(plan)
    }

    /// The client for the stored settings: one at a time, so concurrent calls share it (and its
    /// in-flight trigger guard).
    async fn client(&self, purpose: Purpose) -> Result<Current<H>> {
        let _g = self.client_lock.lock().await;
        let epoch = self.epoch.get();
        let plan = {
            let _p = self.plan_lock.lock().await;
            self.client_plan(purpose).await?
        };
        self.require_host(&plan.options).await?;
        if let Some(intel) = &plan.intel_host {
            self.require_allowed(intel).await?;
        }
        if self.epoch.get() != epoch {
            // Signed out (or in again) while this call got ready: what it read is over.
            return Err(Error::new(crate::ErrorKind::SignedOut, self.say(&Text::CallEnded {})));
        }
        if let Some(c) = self.current.borrow().as_ref().filter(|c| c.key == plan.key && c.generation == plan.generation && c.epoch == epoch) {
            return Ok(c.clone());
        }
        let changed = Rc::new(Changed::default());
        let transport =
            Guarded { inner: self.host.transport(), own: Some(epoch), epoch: self.epoch.clone(), changed: changed.clone(), locale: text::current() };
        let client = Rc::new(make_client(transport, &plan.options)?);
        let c = Current { key: plan.key, binding: plan.binding, generation: plan.generation, epoch, client, changed };
        *self.current.borrow_mut() = Some(c.clone());
        Ok(c)
    }

    /// A client of its own (Test connection, sign-in, revocation): not bound to a generation.
    fn loose_client(&self, options: &ClientOptions) -> Result<WorkerClient<H>> {
        let transport =
            Guarded { inner: self.host.transport(), own: None, epoch: self.epoch.clone(), changed: Rc::new(Changed::default()), locale: text::current() };
        make_client(transport, options)
    }

    /// After Save: the next call makes a new client.
    fn forget(&self) {
        *self.current.borrow_mut() = None;
    }

    fn busy(&self, delta: i32) {
        let n = (self.busy.get() as i32 + delta).max(0) as u32;
        self.busy.set(n);
        self.host.set_badge(if n > 0 { "…" } else { "" });
    }

    /// The connection in effect now (client key and sign-in generation), for a bulk run to be
    /// bound to; "" when there is none.
    pub async fn connection(&self) -> String {
        let _p = self.plan_lock.lock().await;
        match self.client_plan(Purpose::Plain).await {
            Ok(p) => serde_json::to_string(&(p.key, p.generation)).unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    /// The worker's words follow the options' "Language" choice (read from storage), else the
    /// browser's; the choice as stored ("" for the browser's).
    async fn follow_language(&self) -> Result<&'static str> {
        let choice = store::language(&self.host).await?;
        text::set_current(Locale::choose(choice, &[self.host.language().as_str()]));
        Ok(choice)
    }

    /// The context menu's entries, in the language the options chose (read first: at install, at
    /// the browser's start and when the choice changes, before any page has asked).
    pub async fn menus(&self) -> Result<Value> {
        self.follow_language().await?;
        Ok(json!([
            { "id": MENU_RESPOND, "title": self.say(&Text::MenuRespond {}), "contexts": ["selection"] },
            { "id": MENU_SCAN, "title": self.say(&Text::MenuScan {}), "contexts": ["page"] },
        ]))
    }

    /// The toolbar: busy while a call runs, grey when not connected.
    pub async fn toolbar_icon(&self) {
        let icon = if self.busy.get() > 0 {
            Icon::Busy
        } else if self.connection().await.is_empty() {
            Icon::Off
        } else {
            Icon::On
        };
        let title = self.say(&if icon == Icon::Off { Text::IconOff {} } else { Text::IconOn {} });
        self.host.set_icon(icon, &title);
    }

    /// Runs `f` on the client and saves its tokens afterwards; a storage failure then is logged,
    /// never turned into a failure of the call (a sent trigger stays sent).
    pub async fn call<'a>(&'a self, purpose: Purpose, f: ApiCall<'a, H>) -> Result<Value> {
        self.busy(1);
        let r = async {
            let c = self.client(purpose).await?;
            // A sign-in change during the call is saved as it happens, not when the call ends:
            // a worker stopped mid-call would wake up with a refresh token the server rotated out.
            let mut call = f(c.client.clone());
            let out = loop {
                match select(call.as_mut(), pin!(c.changed.next())).await {
                    Either::Left((out, _)) => break out,
                    Either::Right((state, _)) => {
                        if let Err(e) = self.save_session(&c, &state).await {
                            self.host.warn(&format!("SecureX Respond: saving the sign-in: {}", e.message));
                        }
                    }
                }
            };
            if let Err(e) = self.save_tokens(&c).await {
                self.host.warn(&format!("SecureX Respond: saving the token: {}", e.message));
            }
            out
        }
        .await;
        self.busy(-1);
        self.toolbar_icon().await;
        r
    }

    /// The client's access token and sign-in, unless its generation is over (the core drops the write).
    async fn save_tokens(&self, c: &Current<H>) -> Result<()> {
        let token = c.client.token_snapshot().map(|t| to_value(&t)).transpose()?.unwrap_or(Value::Null);
        self.plan(|s| Ok(settings::plan_token(s, &c.binding, &token, Some(c.generation)))).await?;
        c.changed.state.borrow_mut().take();
        match c.client.session_state() {
            Some(state) => self.save_session(c, &state).await,
            None => Ok(()),
        }
    }

    /// Where the client's sign-in goes now, unless its generation is over.
    async fn save_session(&self, c: &Current<H>, state: &SessionState) -> Result<()> {
        let state = to_value(state)?;
        self.plan(|s| settings::signin_plan_session_in(s, &state, None, Some(c.generation))).await
    }

    /// Test connection with what the options form says, on a client of its own.
    async fn test_connection(&self, form: Option<&SettingsForm>) -> Result<Value> {
        self.busy(1);
        let r = async {
            let options = settings::plan_test(&self.stored().await?, form)?;
            self.require_host(&options).await?;
            to_value(&self.loose_client(&options)?.check_connection().await?)
        }
        .await;
        self.busy(-1);
        r
    }

    async fn batched_actions(&self, observables: &[crate::Observable]) -> Result<Value> {
        let mut actions = Vec::new();
        let mut errors = Vec::new();
        for (a, b) in crate::scan::batches(observables.len()) {
            let batch = observables[a as usize..b as usize].to_vec();
            let mut r = self.call(Purpose::Plain, api!(|c| c.actions(&batch).await?)).await?;
            let mut take = |k: &str| r.get_mut(k).and_then(Value::as_array_mut).map(std::mem::take).unwrap_or_default();
            actions.extend(take("actions"));
            errors.extend(take("errors"));
        }
        Ok(json!({ "actions": actions, "errors": errors }))
    }

    async fn scan_verdicts(&self, id: &str, observables: Vec<crate::Observable>, clicked: bool) -> Result<Value> {
        let asked = self.asked_unclicked.borrow().get(id).copied().unwrap_or(0);
        if !crate::scan::enrich_allowed(asked, observables.len(), clicked) {
            return Err(Error::bad_input(self.say(&Text::VerdictsNeedClick {})));
        }
        if !clicked {
            self.asked_unclicked.borrow_mut().insert(id.to_string(), asked + observables.len());
        }
        self.call(Purpose::Enrich, api!(|c| c.verdicts(&observables).await?)).await
    }
}

fn investigate<T: Transport>(c: &Client<T>, target: &Value) -> Result<Value> {
    use crate::investigate::Target;
    let bad = || Error::bad_input("investigateUrl() takes a text, an array of observables, or { casebook: id }.");
    let list = |v: &Value| serde_json::from_value::<Vec<crate::Observable>>(v.clone()).map_err(|_| bad());
    let link = if let Some(t) = target.as_str() {
        c.investigate_url(Target::Text(t))
    } else if target.is_array() {
        c.investigate_url(Target::Observables(&list(target)?))
    } else if let Some(o) = target.get("observables") {
        c.investigate_url(Target::Observables(&list(o)?))
    } else if let Some(t) = target.get("text").and_then(Value::as_str) {
        c.investigate_url(Target::Text(t))
    } else if let Some(id) = target.get("casebook").and_then(Value::as_str) {
        c.investigate_url(Target::Casebook(id))
    } else {
        return Err(bad());
    }?;
    to_value(&link)
}
