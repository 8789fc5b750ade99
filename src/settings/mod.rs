//! The extension's settings, decided in one place: which host, client id and secret a
//! connection uses, where a secret may go, what Save writes and removes, and what pages may
//! see. The service worker reads `chrome.storage` into a [`Stored`], asks one of the functions
//! below, and writes what a [`StoragePlan`] says; it decides nothing itself.
//!
//! The rules (issue 11, item 1):
//! - Policy values win over the user's, the user's over the dev copy's defaults.
//! - The administrator's secret (policy `clientSecret`) goes only to the policy's host, or to
//!   the default region (US) when the policy names none; a form asking for another host is
//!   refused. It is never stored.
//! - A user's secret is stored with the origin it was entered for (`secretOrigin`) and used
//!   only there; for another host it must be typed again. A secret stored without its origin
//!   (written by an older version, which also stored the administrator's) is never used and is
//!   removed.
//!
//! What it reads (`crate::worker::store` names every key):
//! ```text
//! local   { settings: {region, baseUrl, privateIntelUrl, clientId, remember}, secret, secretOrigin,
//!           askInspect, enrich, sightings, auditNote }
//! session { secret, secretOrigin, token: {binding, state} }
//! managed { region, baseUrl, clientId, clientSecret, locked }      (enterprise policy, read-only)
//! dev     the text of dev-config.json { baseUrl, privateIntelUrl, clientId, clientSecret }   (dev copy only)
//! ```
//! The private intelligence URL (casebooks) always comes with the host it belongs to: the
//! region's own, or the one given beside the same custom base URL (the policy's beside the
//! policy's host), so a token never goes to a casebook host chosen by someone else.
//! Stored values are read leniently: a value of the wrong type counts as absent.
//!
//! One file per job: `stored.rs` (what was read), `precedence.rs` (which host, client id and
//! secret; where a secret may go), `shapes.rs` (what pages and `new Client` receive),
//! `resolve.rs` (the settings in effect), `client_plan.rs` (the worker's clients), `plan.rs`
//! (what a decision writes), `save.rs` (Save and preferences), `endpoint.rs` (region and base
//! URL checks), `signin.rs` (the sign-in's storage). The public names are re-exported here.

mod client_plan;
mod endpoint;
mod plan;
mod precedence;
mod resolve;
mod save;
mod shapes;
mod signin;
mod stored;

pub use client_plan::{client_plan, client_plan_for, intel_host, plan_test, sign_in_plan, sign_in_to_end};
pub use endpoint::{check_endpoint, is_dev_build, regions, EndpointCheck, RegionEntry};
pub use plan::{AreaPlan, StoragePlan};
pub use precedence::SecretFrom;
pub use resolve::{resolve, Resolved};
pub use save::{plan_prefs, plan_save};
pub use shapes::{AuthMode, ClientOptions, ClientPlan, Public, SignInOptions, SignInPublic};
pub use signin::{mode as auth_mode, plan_session, plan_session_in as signin_plan_session_in, plan_sign_out, plan_signed_in, plan_token};
pub use stored::{language_choice, Dev, Prefs, SettingsForm, Stored, StoredIn, SEALED_LOCAL};
// What `signin.rs` names through `super::`.
use plan::keep_secret;
use precedence::{decide, Host};
use stored::{field, text_of, truthy};

#[cfg(test)]
mod tests;
