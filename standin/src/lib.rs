//! Local stand-in for the Cisco SecureX Threat Response / XDR "IROH" cloud, written from the API
//! contract (`docs/threat-response-api.md`), independently of the client core.
//!
//! * [`spawn`] starts a server on its own thread and returns its base URL once it is listening.
//! * [`serve`] runs the server on an existing tokio listener.
//!
//! Imitated routes: `POST /iroh/oauth2/token`, `GET|POST /iroh/oauth2/authorize`,
//! `DELETE /iroh/oauth2/app-grant/{client-id}`, `GET /iroh/profile/whoami`, `POST /iroh/iroh-inspect/inspect`,
//! `POST /iroh/iroh-response/respond/observables`, `POST /iroh/iroh-response/respond/trigger/{mid}/{aid}`,
//! `POST /iroh/iroh-enrich/deliberate/observables`, `POST /iroh/iroh-enrich/refer/observables`,
//! `POST /iroh/iroh-enrich/observe/observables`, the private intelligence casebook routes
//! (`POST /ctia/casebook`, `GET /ctia/casebook/search`, `GET|PATCH|DELETE /ctia/casebook/{id}`,
//! `POST /ctia/casebook/{id}/observables|texts|bundle`), `GET /clouds.json`. Each behaviour
//! names its source in the contract (§2c: what upstream source code shows) or says [inferred]. Test control lives under `/__standin/` (see [`control`]).
//!
//! Rooms, by floor (a file uses only lower floors: no import circle):
//! * Floor 0: [`util`], `reply` (the buffered answer), [`config`], `clock` (the stand-in's time,
//!   which tests move), [`events`] (the event log), [`faults`] (fault kinds and injection).
//! * Floor 1: `state`: the route types (`Route`, `Call`, `Answer`, `Caller`) and everything
//!   remembered between requests, behind one lock.
//! * Floor 2: one file per API family, each with its `ROUTES`: [`auth`] (tokens, caller checks,
//!   scopes), [`signin`], `token` (the token route), [`inspect`], [`respond`], [`enrich`],
//!   [`observe`] (sightings), [`intel`] (casebooks); [`modules`] holds what the module-backed
//!   families share; `cors`; [`control`] (the `/__standin/*` API).
//! * Top: [`server`]: the one list of API routes and the path every request takes.

pub mod auth;
mod clock;
pub mod config;
pub mod control;
mod cors;
pub mod enrich;
pub mod events;
pub mod faults;
pub mod inspect;
pub mod intel;
pub mod modules;
pub mod observe;
mod reply;
pub mod respond;
pub mod server;
pub mod signin;
mod state;
mod token;
pub mod util;

pub use config::{ActionConfig, ClientConfig, Config, ModuleConfig, ModuleError};
pub use server::serve;

/// A running stand-in. Dropping it leaves the server running until the process exits.
#[derive(Clone, Debug)]
pub struct Handle {
    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub url: String,
    pub port: u16,
}

/// Bind 127.0.0.1:`config.port` (0 = any free port), start the server on a new thread with its own
/// tokio runtime, and return as soon as the socket is listening. Panics if the port cannot be bound.
pub fn spawn(config: Config) -> Handle {
    let listener = std::net::TcpListener::bind(("127.0.0.1", config.port)).expect("standin: bind 127.0.0.1");
    listener.set_nonblocking(true).expect("standin: set_nonblocking");
    let port = listener.local_addr().expect("standin: local_addr").port();
    std::thread::Builder::new()
        .name(format!("standin-{port}"))
        .spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("standin: tokio runtime");
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).expect("standin: tokio listener");
                serve(config, listener).await;
            });
        })
        .expect("standin: thread");
    Handle { url: format!("http://127.0.0.1:{port}"), port }
}
