//! The client's casebook, sightings and Investigate calls (issue 15; contract §4 and §4b),
//! beside the respond flow of `client/mod.rs`: same token, same single replay after a 401, same
//! redaction and error set. Casebooks live on the region's private intelligence host
//! (`private.intel[.eu|.apjc].amp.cisco.com`), or the one given for a custom base URL.
//!
//! Costs, in API calls (plus a token exchange when none is cached): `casebooks` 1,
//! `create_casebook` 1 (the note goes in the create body), `add_to_casebook` 2 (the casebook
//! read, then only the observables it lacks: CTIA's add concatenates), or 3 with a note, `casebook` 1, `note_action` 1, `sightings` 1, `observe`
//! (verdicts and sightings together) 1,
//! `investigate_url` 0.

use crate::api::intel::{self as api, Casebook, NewCasebook, Outcome};
use crate::api::observe::{self, Sightings};
use crate::api::Observable;
use crate::client::{Client, Endpoint};
use crate::config::{self, Region};
use crate::error::{Error, Result};
use crate::http::{HttpResponse, Method, Transport};
use crate::investigate::{self, InvestigateLink, Target};
use crate::view::errors::{ErrorText, UrlField};

/// What one observe call says: each observable's verdicts and its sightings.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Observed {
    pub verdicts: crate::api::enrich::Verdicts,
    pub sightings: Sightings,
}

pub use crate::auth::CASEBOOK_SCOPES;

/// A private intelligence base URL, checked like a base URL (`https://host[:port]`, plain
/// http only on loopback), without a trailing slash.
pub fn check_private_intel_url(url: &str) -> Result<String> {
    config::check_url_field(url, UrlField::PrivateIntel)
}

impl Endpoint {
    /// Sets the private intelligence base URL ([`check_private_intel_url`]). Without one, a
    /// region's base URL keeps its region's host.
    pub fn with_private_intel_url(mut self, url: Option<&str>) -> Result<Endpoint> {
        if let Some(u) = url.filter(|u| !u.trim().is_empty()) {
            self.private_intel_url = Some(check_private_intel_url(u)?);
        }
        Ok(self)
    }

    /// The private intelligence base URL, or the setup error that says how to give one.
    pub fn private_intel(&self) -> Result<&str> {
        self.private_intel_url.as_deref().ok_or_else(|| {
            Error::setup(ErrorText::NoIntelUrl {
                host: config::host_for_message(&self.base_url).to_string(),
                example: Region::Us.private_intel_url().to_string(),
            })
        })
    }
}

/// What an audit note says about the action: its title, module and observable.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionRef {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub module: String,
    #[serde(default)]
    pub observable: Option<Observable>,
}

/// What `trigger` resolved to (`{ status, succeeded, errors }`) or rejected with (an error
/// with `code` and maybe `outcomeUnknown`), as the pages hand it back for the audit note (the
/// `ActionOutcome` of the `.d.ts`). Read leniently: a field of another type counts as absent.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OutcomeIn {
    #[serde(default, deserialize_with = "crate::typed::lenient")]
    pub code: Option<String>,
    #[serde(default, deserialize_with = "crate::typed::lenient")]
    pub outcome_unknown: Option<bool>,
    #[serde(default, deserialize_with = "crate::typed::lenient")]
    pub succeeded: Option<bool>,
    #[serde(default, deserialize_with = "crate::typed::lenient")]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "crate::typed::items")]
    pub errors: Vec<OutcomeError>,
}

/// One module error of a trigger's answer (only its message is read).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OutcomeError {
    #[serde(default, deserialize_with = "crate::typed::lenient")]
    pub message: Option<String>,
}

impl OutcomeIn {
    /// The outcome as sent (anything but an object: nothing known).
    pub fn from_value(v: &serde_json::Value) -> OutcomeIn {
        crate::typed::from_value(v)
    }
}

impl Outcome {
    /// How a trigger ended.
    pub fn from_input(v: &OutcomeIn) -> Outcome {
        if let Some(code) = &v.code {
            return if v.outcome_unknown == Some(true) { Outcome::Unknown } else { Outcome::NotRun(code.clone()) };
        }
        match (v.succeeded, &v.status) {
            (Some(true), _) => Outcome::Succeeded,
            (None, Some(s)) if s == "success" => Outcome::Succeeded,
            (_, Some(s)) => Outcome::Failed(s.clone(), v.errors.first().and_then(|e| e.message.clone())),
            _ => Outcome::Unknown,
        }
    }
}

impl<T: Transport> Client<T> {
    /// One casebook route: the answer, or the error it means for casebooks (a deleted
    /// casebook, a missing `casebook` scope), redacted.
    async fn intel(&self, method: Method, path: &str, body: Option<String>, id: Option<&str>) -> Result<HttpResponse> {
        let run = async {
            let base = self.endpoint().private_intel()?.to_string();
            let resp = self.call_at(method, &base, path, body).await?;
            let granted = self.token_snapshot().map(|t| t.scopes).unwrap_or_default();
            if let Some(e) = api::casebook_error_for(&resp, id, &granted) {
                return Err(e);
            }
            self.classified(resp, &base).map_err(api::scope_error)
        };
        run.await.map_err(|e| self.redact(e))
    }

    fn with_link(&self, mut c: Casebook) -> Casebook {
        if let Ok(InvestigateLink { url: Some(u), .. }) = investigate::link(&self.endpoint().base_url, Target::Casebook(&c.id)) {
            c.investigate_url = u;
        }
        c
    }

    fn one(&self, resp: &HttpResponse) -> Result<Casebook> {
        api::parse_casebook(resp).map(|c| self.with_link(c)).map_err(|e| self.redact(e))
    }

    /// Casebooks matching `query` (all when none), newest first: 1 call.
    pub async fn casebooks(&self, query: Option<&str>, limit: Option<f64>) -> Result<Vec<Casebook>> {
        let path = api::search_path(query, limit).map_err(|e| self.redact(e))?;
        let resp = self.intel(Method::Get, &path, None, None).await?;
        let list = api::parse_casebooks(&resp).map_err(|e| self.redact(e))?;
        Ok(list.into_iter().map(|c| self.with_link(c)).collect())
    }

    /// A new casebook with these observables (and the note as its first text): 1 call.
    pub async fn create_casebook(&self, new: &NewCasebook) -> Result<Casebook> {
        let body = api::create_body(new, self.transport().now_ms()).map_err(|e| self.redact(e))?;
        let resp = self.intel(Method::Post, "/ctia/casebook", Some(body), None).await?;
        self.one(&resp)
    }

    /// One casebook: 1 call.
    pub async fn casebook(&self, id: &str) -> Result<Casebook> {
        let id = api::casebook_id(id).map_err(|e| self.redact(e))?;
        let resp = self.intel(Method::Get, &format!("/ctia/casebook/{id}"), None, Some(&id)).await?;
        self.one(&resp)
    }

    /// Adds the observables the casebook does not hold yet, then the note if there is one.
    /// CTIA's `add` concatenates (contract §2c), so the casebook is read first and only the
    /// missing ones are sent: 2 calls (the read and the add; the add is skipped when nothing is
    /// missing), 1 more with a note. The casebook as it is after the last call.
    pub async fn add_to_casebook(&self, id: &str, observables: &[Observable], note: Option<&str>) -> Result<Casebook> {
        let id = api::casebook_id(id).map_err(|e| self.redact(e))?;
        api::add_observables_body(observables).map_err(|e| self.redact(e))?;
        let note = api::add_note_body(note).map_err(|e| self.redact(e))?;
        let mut book = self.casebook(&id).await?;
        let missing = api::missing_observables(&book.observables, observables);
        if !missing.is_empty() {
            let obs = api::add_observables_body(&missing).map_err(|e| self.redact(e))?;
            let resp = self.intel(Method::Post, &format!("/ctia/casebook/{id}/observables"), Some(obs), Some(&id)).await?;
            book = self.one(&resp)?;
        }
        match note {
            None => Ok(book),
            Some(texts) => {
                let resp = self.intel(Method::Post, &format!("/ctia/casebook/{id}/texts"), Some(texts), Some(&id)).await?;
                self.one(&resp)
            }
        }
    }

    /// Appends the audit note of a confirmed action ("<actor> ran <action> (<module>) on
    /// <observable>: <result> at <time>"): 1 call. `actor` defaults to the person signed in (as
    /// whoami named them), else the API client's id.
    pub async fn note_action(&self, id: &str, action: &ActionRef, outcome: &Outcome, actor: Option<&str>) -> Result<Casebook> {
        let person = self.session_state().and_then(|s| s.user).filter(|u| !u.trim().is_empty());
        let actor = actor
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_string)
            .or(person)
            .or(self.client_id().map(str::to_string))
            .unwrap_or_else(|| "A portal user".into());
        let note = api::audit_note(&actor, &action.title, &action.module, action.observable.as_ref(), outcome, self.transport().now_ms());
        let id = api::casebook_id(id).map_err(|e| self.redact(e))?;
        let body = api::add_note_body(Some(&note)).map_err(|e| self.redact(e))?.unwrap_or_default();
        let resp = self.intel(Method::Post, &format!("/ctia/casebook/{id}/texts"), Some(body), Some(&id)).await?;
        self.one(&resp)
    }

    /// Sightings in the organisation per observable (needs `enrich:read`): 1 call.
    pub async fn sightings(&self, observables: &[Observable]) -> Result<Sightings> {
        let run = async {
            let body = crate::api::observables_body(observables)?;
            let resp = self.call("/iroh/iroh-enrich/observe/observables", Some(body)).await?;
            observe::parse_sightings(&resp, observables)
        };
        run.await.map_err(|e| self.redact(e))
    }

    /// Verdicts **and** sightings from one `observe/observables` call (contract §2c: an observe
    /// answer carries the verdicts and judgements as well as the sightings, so the respond view
    /// needs no separate `deliberate` when it shows sightings). Needs `enrich:read`: 1 call.
    pub async fn observe(&self, observables: &[Observable]) -> Result<Observed> {
        let run = async {
            let body = crate::api::observables_body(observables)?;
            let resp = self.call("/iroh/iroh-enrich/observe/observables", Some(body)).await?;
            let mut verdicts = crate::api::enrich::parse_verdicts(&resp, observables)?;
            // The same end dates as people read them, and a URL's domain hint, as `verdicts`.
            crate::api::enrich::annotate(&mut verdicts, self.transport().now_ms() as i64);
            Ok(Observed { verdicts, sightings: observe::parse_sightings(&resp, observables)? })
        };
        run.await.map_err(|e| self.redact(e))
    }

    /// The Investigate link for a text, observables or a casebook: no call.
    pub fn investigate_url(&self, target: Target<'_>) -> Result<InvestigateLink> {
        investigate::link(&self.endpoint().base_url, target).map_err(|e| self.redact(e))
    }
}
