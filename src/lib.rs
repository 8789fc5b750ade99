//! securex-respond core: act on an indicator wherever you read it.
//!
//! Sans-IO: request building and response interpretation are plain Rust, tested natively.
//! The only I/O seam is [`http::Transport`]; `wasm/` implements it over fetch and exports
//! the JS API, `native` implements it over ureq for tests and tools.
//!
//! Rooms, roughly floor first (no file names a file that names it back, directly or around a
//! circle: `cargo xtask lint` checks): the `sxr-codec` crate (base64, percent-coding,
//! SHA-256); [`error`], [`http`] and [`session`] (what a sign-in persists); [`config`]
//! (regions, base URL), [`auth`] (token exchange, scopes), [`api`] (one file per Threat
//! Response API), [`oauth`] (the sign-in protocol), [`extract`] (local extraction),
//! [`reference_hosts`], [`find`] (what the respond flow shows for a text, no credentials
//! needed), [`scan`] (the page scan); [`client`] (token cache, retry policy, error
//! classification; `client/respond.rs` the respond flow's calls, `client/intel.rs` the
//! casebook, sightings and Investigate calls, `client/signin.rs` the sign-in it drives);
//! [`settings`] (the extension's settings decisions, one file per job), [`confirm`] (one-time
//! confirmations of a trigger); `wasm/` on top.

pub mod api;
pub mod auth;
pub mod client;
pub mod config;
#[cfg(feature = "extension")]
pub mod confirm;
pub mod error;
pub mod extract;
pub mod find;
pub mod http;
pub mod investigate;
pub mod oauth;
mod redact;
pub mod reference_hosts;
// The extension's rooms (cargo feature `extension`, on by default): the portal's wasm is built
// without them (`cargo xtask build`, `--no-default-features`).
#[cfg(feature = "extension")]
pub mod scan;
pub mod session;
#[cfg(feature = "extension")]
pub mod settings;
pub mod typed;
pub mod view;
/// The extension's service worker flows over a `Host` trait (issue 22).
#[cfg(feature = "extension")]
pub mod worker;

/// The client's casebook, sightings and Investigate calls (`client/intel.rs`), at its old path.
pub use client::intel;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod fuzz;

#[cfg(not(target_arch = "wasm32"))]
pub mod native;

/// The JS API (wasm-bindgen exports) and the fetch transport.
#[cfg(target_arch = "wasm32")]
pub mod wasm;
#[cfg(target_arch = "wasm32")]
pub use wasm::fetch::FetchTransport;

pub use api::response::{Action, Actions, TriggerResult};
pub use api::{ModuleError, Observable};
pub use client::{Client, ConnectionInfo, Endpoint, FindMode, Found, ProvidedToken, ProviderFailure, TokenProvider, TokenSource};
pub use error::{Error, ErrorKind, Result};
