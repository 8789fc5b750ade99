//! The stand-in's state and the types every route file works with: the route table's entries
//! ([`Route`]), what a handler gets and gives ([`Call`], [`Answer`]), who the caller is
//! ([`Caller`]), and everything remembered between requests behind one lock ([`App`],
//! [`Inner`]: clients, tokens, events, sign-ins, casebooks, the clock's offsets).
//!
//! Floor 1: it uses only the floor-0 files (`config`, `clock`, `events`, `faults`, `reply`).
//! The route files (`auth`, `token`, `signin`, `inspect`, …) and `control` depend on it and on
//! each other downwards only; `server.rs` assembles them and nothing depends on it.

use crate::clock::Clock;
use crate::config::{ClientConfig, Config, ModuleConfig, User};
use crate::events::{Event, Recorder};
use crate::faults::{EchoShape, FaultEntry};
use crate::reply::Reply;
use axum::http::HeaderMap;
use serde_json::{Map, Value};
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Instant;

/// One imitated API route.
pub(crate) struct Route {
    /// The name the event log and fault injection use (`token`, `trigger`, …).
    pub(crate) key: &'static str,
    pub(crate) method: &'static str,
    pub(crate) path: PathMatch,
    pub(crate) credentials: Credentials,
    /// The route scope a client's granted scopes must cover (contract §2, Scopes).
    pub(crate) scope: Option<&'static str>,
    /// What an `echo` fault with status 200 imitates.
    pub(crate) echo: EchoShape,
    pub(crate) handler: fn(&Call) -> Answer,
}

/// How a route matches the request path (the path as received, not decoded).
pub(crate) enum PathMatch {
    Exact(&'static str),
    /// The path starts with this; the handler reads the rest (path parameters).
    Prefix(&'static str),
    /// The path starts with the first and ends with the second (a parameter between them).
    Around(&'static str, &'static str),
}

/// How a route's caller proves who it is.
#[derive(Clone, Copy)]
pub(crate) enum Credentials {
    /// HTTP Basic client id and secret (the token route).
    ClientSecret,
    /// A bearer access token the stand-in issued.
    Bearer,
    /// The authorize page: the client named by `client_id` in the query or form (`signin.rs`).
    Browser,
}

/// What a handler gets: an authenticated, rate-limited, scope-checked request.
pub(crate) struct Call<'a> {
    pub(crate) app: &'a App,
    pub(crate) client: &'a ClientConfig,
    pub(crate) path: &'a str,
    pub(crate) query: &'a str,
    pub(crate) headers: &'a HeaderMap,
    pub(crate) body: &'a [u8],
}

/// A handler's answer, and whether it carried out a trigger.
pub(crate) struct Answer {
    pub(crate) reply: Reply,
    pub(crate) executed: bool,
}

impl From<Reply> for Answer {
    fn from(reply: Reply) -> Answer {
        Answer { reply, executed: false }
    }
}

/// One API client's configuration and what the stand-in tracks for it.
pub(crate) struct ClientState {
    pub(crate) cfg: ClientConfig,
    /// When its requests of the last hour were counted, per rate-limit group (IROH `Org`, CTIA
    /// `Group`): ring-turnstile keeps one timed entry per request for an hour (contract §2c).
    pub(crate) counted: [VecDeque<Instant>; 2],
    pub(crate) faults: Vec<FaultEntry>,
}

impl ClientState {
    pub(crate) fn new(cfg: ClientConfig) -> ClientState {
        ClientState { cfg, counted: [VecDeque::new(), VecDeque::new()], faults: vec![] }
    }
}

/// An issued access token, looked up on every API request (tokens are not verifiable).
pub(crate) struct TokenInfo {
    pub(crate) client_id: String,
    /// What the token grants: the client's scopes (client credentials) or what consent granted
    /// (a person's sign-in: requested ∩ client's ∩ the person's, contract §2c).
    pub(crate) scopes: Vec<String>,
    pub(crate) expires: Instant,
    pub(crate) revoked: bool,
}

/// What the authentication step found out about the caller.
pub(crate) enum Caller {
    /// Valid credentials / token.
    Ok(ClientConfig),
    /// Attributed to a known client but rejected (wrong secret, expired or revoked token).
    Rejected(String, Reply),
    /// Unattributed and rejected.
    Anonymous(Reply),
}

/// What changed since the start (behind the one lock).
pub(crate) struct Inner {
    pub(crate) clients: HashMap<String, ClientState>,
    pub(crate) tokens: HashMap<String, TokenInfo>,
    pub(crate) modules: Vec<ModuleConfig>,
    pub(crate) events: Vec<Event>,
    pub(crate) seq: u64,
    /// Casebooks (private intelligence, `crate::intel`).
    pub(crate) casebooks: CasebookStore,
    /// Sign-ins: codes, refresh tokens, users added, who holds which access token.
    pub(crate) signin: SignInStore,
    /// What tests added to real time (`crate::clock`): read for every expiry, grace and rate window.
    pub(crate) clock: Clock,
}

impl Inner {
    /// Now, for timing this client's tokens, codes and requests (`crate::clock`).
    pub(crate) fn now(&self, client_id: &str) -> Instant {
        self.clock.now(client_id)
    }
}

/// The server's state: the start configuration, and what changed since (behind one lock).
pub(crate) struct App {
    pub(crate) config: Config,
    inner: Mutex<Inner>,
}

impl App {
    /// The state at start, and after `POST /__standin/reset`.
    pub(crate) fn fresh_inner(config: &Config) -> Inner {
        Inner {
            clients: config.clients.iter().map(|c| (c.client_id.clone(), ClientState::new(c.clone()))).collect(),
            tokens: HashMap::new(),
            modules: config.modules.clone(),
            events: vec![],
            seq: 0,
            casebooks: CasebookStore::default(),
            signin: SignInStore::default(),
            clock: Clock::default(),
        }
    }

    /// The state at start, serving this configuration.
    pub(crate) fn new(config: Config) -> App {
        App { inner: Mutex::new(App::fresh_inner(&config)), config }
    }

    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Recorder for App {
    fn record(&self, mut ev: Event, status: Option<u16>) -> u64 {
        let mut inner = self.lock();
        inner.seq += 1;
        ev.seq = inner.seq;
        ev.status = status;
        inner.events.push(ev);
        inner.seq
    }

    fn set_body_bytes_sent(&self, seq: u64, sent: u64) {
        let mut inner = self.lock();
        if let Some(e) = inner.events.iter_mut().find(|e| e.seq == seq) {
            e.body_bytes_sent = Some(sent);
        }
    }

    fn log_requests(&self) -> bool {
        self.config.log_requests
    }
}

// What sign-ins leave behind (behaviour in `crate::signin`).

pub(crate) struct Code {
    pub(crate) client_id: String,
    pub(crate) redirect_uri: String,
    pub(crate) challenge: Option<(String, String)>,
    pub(crate) username: String,
    /// What consent granted (requested ∩ client's ∩ person's).
    pub(crate) scopes: Vec<String>,
    pub(crate) expires: Instant,
    pub(crate) used: bool,
    pub(crate) family: u64,
}

pub(crate) struct Refresh {
    pub(crate) client_id: String,
    pub(crate) username: String,
    pub(crate) scopes: Vec<String>,
    pub(crate) expires: Instant,
    pub(crate) revoked: bool,
    /// When a refresh rotated it out; it works until the client's grace has passed.
    pub(crate) rotated: Option<Instant>,
    pub(crate) family: u64,
}

/// What the stand-in remembers of sign-ins (behind the server's one lock).
#[derive(Default)]
pub(crate) struct SignInStore {
    /// Users added over the control API (the configured ones come first).
    pub(crate) users: Vec<User>,
    pub(crate) codes: HashMap<String, Code>,
    pub(crate) refresh: HashMap<String, Refresh>,
    /// Access token → (username, sign-in family).
    pub(crate) access: HashMap<String, (String, u64)>,
    pub(crate) next_family: u64,
}

// The casebooks (behaviour in `crate::intel`).

/// The stored casebooks, in order of creation.
#[derive(Default)]
pub(crate) struct CasebookStore {
    pub(crate) books: Vec<Stored>,
}

pub(crate) struct Stored {
    /// The organisation it belongs to: the API client it was created through (or seeded for).
    pub(crate) client_id: String,
    /// `casebook-<uuid>`.
    pub(crate) short_id: String,
    pub(crate) doc: Map<String, Value>,
}
