//! securex-respond core: act on an indicator wherever you read it.
//!
//! Sans-IO: request building and response interpretation are plain Rust, tested natively.
//! The only I/O seam is [`http::Transport`]; `wasm/` implements it over fetch and exports
//! the JS API, `native` implements it over ureq for tests and tools.
//!
//! Rooms: [`config`] (regions, base URL), [`auth`] (token exchange, scopes), [`api`] (one
//! file per Threat Response API), [`client`] (token cache, retry policy, error
//! classification), [`error`] (the closed error set), [`extract`] (local extraction), [`find`]
//! (what the respond flow shows for a text, no credentials needed), [`settings`] (the
//! extension's settings decisions), [`confirm`] (one-time confirmations of a trigger).

pub mod api;
pub mod auth;
pub mod client;
pub mod config;
pub mod confirm;
pub mod error;
pub mod extract;
pub mod find;
pub mod http;
pub mod intel;
pub mod investigate;
pub mod oauth;
mod redact;
pub mod reference_hosts;
pub mod scan;
pub mod settings;
pub mod view;

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
