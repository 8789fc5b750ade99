//! The recording fake [`Transport`] with a fake clock that the client suites share
//! (`client_fake.rs`, `client_signin.rs`, `client_intel.rs`): it records every request, answers
//! from a script, and yields once inside every `send` so that joined callers really interleave
//! (without the yield each call would run to its end before the next one starts, and the
//! sharing policies could not be observed). No server, no sleeps, no threads.
#![allow(dead_code)] // each suite uses its own part

use securex_respond::http::{HttpRequest, HttpResponse, Transport, TransportError};
use securex_respond::oauth::SessionState;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// The fake clock's start: 2027-01-15T08:00:00Z.
pub const T0: f64 = 1_800_000_000_000.0;
pub const API: &str = "https://visibility.amp.cisco.com";

pub type Answer = Result<HttpResponse, TransportError>;
/// How the fake answers the `n`-th request.
pub type Script = Box<dyn Fn(&HttpRequest, usize) -> Answer>;

pub struct Fake {
    pub clock: Cell<f64>,
    pub sent: RefCell<Vec<HttpRequest>>,
    /// Each sign-in change the client reported ([`Transport::session_changed`]), with how many
    /// requests had been sent then.
    pub changes: RefCell<Vec<(usize, SessionState)>>,
    pub answer: Script,
}

impl Fake {
    pub fn new(answer: impl Fn(&HttpRequest, usize) -> Answer + 'static) -> Fake {
        Fake { clock: Cell::new(T0), sent: RefCell::new(Vec::new()), changes: RefCell::default(), answer: Box::new(answer) }
    }
    /// Paths (and queries) of the requests sent, in order; other hosts keep their whole URL.
    pub fn paths(&self) -> Vec<String> {
        self.sent.borrow().iter().map(|r| r.url.strip_prefix(API).unwrap_or(&r.url).to_string()).collect()
    }
    /// How many requests went to a URL containing `route`.
    pub fn count(&self, route: &str) -> usize {
        self.paths().iter().filter(|p| p.contains(route)).count()
    }
    /// The bodies of the requests to URLs ending in `route`.
    pub fn bodies(&self, route: &str) -> Vec<String> {
        self.sent.borrow().iter().filter(|r| r.url.ends_with(route)).map(|r| r.body.clone().unwrap_or_default()).collect()
    }
}

impl Transport for Fake {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let n = self.sent.borrow().len();
        self.sent.borrow_mut().push(request.clone());
        YieldOnce(false).await;
        (self.answer)(&request, n)
    }
    fn now_ms(&self) -> f64 {
        self.clock.get()
    }
    fn session_changed(&self, state: &SessionState) {
        self.changes.borrow_mut().push((self.sent.borrow().len(), state.clone()));
    }
}

struct YieldOnce(bool);
impl Future for YieldOnce {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

/// A JSON answer.
pub fn json(status: u16, body: &str) -> Answer {
    Ok(HttpResponse { status, headers: vec![("Content-Type".into(), "application/json".into())], body: body.into() })
}
