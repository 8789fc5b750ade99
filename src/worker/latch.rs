//! Waiting for a page scan (floor 1 of the worker: no worker types): [`InFlight`], a scan a
//! panel may ask for before it has ended, and [`Latch`], "the first pass is drawn".

use crate::error::Error;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::task::{Poll, Waker};

/// A scan whose panel may ask for it before it has ended: its waiters, or why it failed (told
/// to the first panel request, then forgotten).
pub enum InFlight {
    Running(Vec<Waker>),
    Failed(Error),
}

/// Set once, awaited by any number: "the first pass is drawn (or the scan has failed)".
#[derive(Default)]
pub struct Latch {
    set: Cell<bool>,
    wakers: RefCell<Vec<Waker>>,
}

impl Latch {
    pub fn fire(&self) {
        self.set.set(true);
        for w in self.wakers.borrow_mut().drain(..) {
            w.wake();
        }
    }
    pub fn wait(&self) -> impl Future<Output = ()> + '_ {
        futures_util::future::poll_fn(move |cx| {
            if self.set.get() {
                Poll::Ready(())
            } else {
                self.wakers.borrow_mut().push(cx.waker().clone());
                Poll::Pending
            }
        })
    }
}
