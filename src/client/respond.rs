//! The respond flow's calls on the [`Client`]: the connection test, find (local, Inspect or
//! both), actions, verdicts, pivots and the trigger with its in-flight guard (a second trigger
//! of the same action while the first runs is refused without a request). The token cache, the
//! one replay after a 401 and the classification of failures are `mod.rs`'s.

use super::{Client, ConnectionInfo, FindMode, TokenSource};
use crate::api::enrich::{self, Pivots, Verdicts};
use crate::api::inspect;
use crate::api::response::{self, Actions, TriggerResult};
use crate::api::Observable;
use crate::auth;
use crate::error::{Error, ErrorKind, Result};
use crate::find::{merge_found, Found};
use crate::http::{HttpResponse, Transport};
use crate::view::errors::ErrorText;
use std::cell::RefCell;
use std::collections::HashSet;

impl<T: Transport> Client<T> {
    /// Exchanges a token (or reuses the cached one) and reports granted and missing scopes.
    /// Signed in, it also asks who the token belongs to (`whoami`, one call): that proves the
    /// sign-in works end to end, not only that a token is cached.
    pub async fn check_connection(&self) -> Result<ConnectionInfo> {
        if matches!(self.source, TokenSource::Proxy) {
            // Proves the proxy and the portal's session end to end; the scopes are the back end's.
            self.whoami().await?;
            return Ok(ConnectionInfo {
                base_url: self.endpoint.base_url.clone(),
                scopes: Vec::new(),
                missing_scopes: Vec::new(),
                enrich: false,
                casebook: false,
                features: auth::features(None),
                user: None,
                budget: self.budget(),
            });
        }
        let token = self.token(None).await.map_err(|e| self.redact(e))?;
        let provided = matches!(self.source, TokenSource::Provider(_));
        let user = match self.source {
            TokenSource::SignIn(_) => Some(self.whoami().await?.unwrap_or_default()),
            _ => None,
        };
        let token = self.token_snapshot().unwrap_or(token);
        let unknown = provided && token.scopes.is_empty();
        let missing = if unknown { Vec::new() } else { auth::missing_scopes(&token.scopes, &auth::REQUIRED_SCOPES) };
        let redactor = self.redactor();
        Ok(ConnectionInfo {
            base_url: self.endpoint.base_url.clone(),
            enrich: auth::missing_scopes(&token.scopes, &[auth::ENRICH_SCOPE]).is_empty(),
            casebook: auth::CASEBOOK_SCOPES.iter().any(|s| auth::missing_scopes(&token.scopes, &[s]).is_empty()),
            features: auth::features((!unknown).then_some(token.scopes.as_slice())),
            scopes: token.scopes.iter().map(|s| redactor.clean(s).into_owned()).collect(),
            missing_scopes: missing,
            user,
            budget: self.budget(),
        })
    }

    /// Observables in `text`: locally, via Inspect, or both (see [`FindMode`]). Local mode
    /// makes no request and cannot fail on any text except an empty one.
    pub async fn find(&self, text: &str, mode: FindMode) -> Result<Vec<Found>> {
        crate::find::check_text(text)?;
        let local = match mode {
            FindMode::Inspect => Vec::new(),
            FindMode::Local | FindMode::Both => crate::extract::extract(text),
        };
        let inspected = match mode {
            FindMode::Local => Vec::new(),
            FindMode::Inspect | FindMode::Both => self.inspect(text).await?,
        };
        Ok(merge_found(local, inspected))
    }

    /// Inspect: text → observables, deduplicated, order kept.
    pub async fn inspect(&self, text: &str) -> Result<Vec<Observable>> {
        let run = async {
            let body = inspect::body(text)?;
            let resp = self.call("/iroh/iroh-inspect/inspect", Some(body)).await?;
            inspect::parse(&resp)
        };
        run.await.map_err(|e| self.redact(e))
    }

    /// The response actions the organisation's modules offer for these observables.
    pub async fn actions(&self, observables: &[Observable]) -> Result<Actions> {
        self.post_observables("/iroh/iroh-response/respond/observables", observables, |r| {
            // The body was redacted; what parsing decoded from it (each action's observable,
            // percent-decoded from its url) is redacted again.
            let mut a = response::parse_actions(r)?;
            let redactor = self.redactor();
            let clean = |o: &mut Option<Observable>| {
                if let Some(o) = o {
                    o.kind = redactor.clean(&o.kind).into_owned();
                    o.value = redactor.clean(&o.value).into_owned();
                }
            };
            a.actions.iter_mut().for_each(|x| clean(&mut x.observable));
            a.modules.iter_mut().flat_map(|m| m.actions.iter_mut()).for_each(|x| clean(&mut x.observable));
            Ok(a)
        })
        .await
    }

    /// Verdicts per observable (worst disposition first-class), with per-module errors.
    pub async fn verdicts(&self, observables: &[Observable]) -> Result<Verdicts> {
        let now = self.transport.now_ms() as i64;
        self.post_observables("/iroh/iroh-enrich/deliberate/observables", observables, |r| {
            let mut v = enrich::parse_verdicts(r, observables)?;
            enrich::annotate(&mut v, now);
            Ok(v)
        })
        .await
    }

    /// Pivot links for the observables; only absolute https links are marked clickable.
    pub async fn pivots(&self, observables: &[Observable]) -> Result<Pivots> {
        self.post_observables("/iroh/iroh-enrich/refer/observables", observables, |r| enrich::parse_pivots(r, observables)).await
    }

    /// The shape all observable-list routes share: checked JSON array in, one parsed answer out.
    async fn post_observables<R>(&self, path: &str, observables: &[Observable], parse: impl FnOnce(&HttpResponse) -> Result<R>) -> Result<R> {
        let run = async {
            let body = crate::api::observables_body(observables)?;
            let resp = self.call(path, Some(body)).await?;
            parse(&resp)
        };
        run.await.map_err(|e| self.redact(e))
    }

    /// Triggers an action by its `url`, used verbatim. Never retried, except the single
    /// replay after a 401 (the request was refused before it ran). A timeout, network error,
    /// 5xx or unreadable answer is reported with `outcome_unknown`.
    pub async fn trigger(&self, action_url: &str) -> Result<TriggerResult> {
        if let Err(e) = response::check_trigger_url(action_url) {
            return Err(self.redact(e));
        }
        if !self.in_flight.borrow_mut().insert(action_url.to_string()) {
            return Err(Error::bad_input(ErrorText::AlreadyTriggering));
        }
        // Cleared however this call ends: a result, an error, a panic, or the future dropped.
        let _in_flight = InFlight { set: &self.in_flight, key: action_url };
        let result = async {
            let path = format!("/iroh/iroh-response{action_url}");
            let resp = self.call(&path, None).await.map_err(|e| {
                let reason = match (e.kind, e.status) {
                    (ErrorKind::Timeout, _) => {
                        Some(ErrorText::UnknownNoAnswerWithin { wait: crate::api::human_seconds(u64::from(self.endpoint.timeout_ms / 1000)) })
                    }
                    (ErrorKind::Network, _) => Some(ErrorText::UnknownConnectionFailed),
                    (_, Some(s)) if s >= 500 => Some(ErrorText::UnknownServerError { status: s, trace: e.trace_id.clone() }),
                    (ErrorKind::BadResponse, Some(s)) if (200..300).contains(&s) => Some(ErrorText::UnknownUnreadable),
                    (ErrorKind::BadResponse, s) if s.is_none_or(|s| (300..400).contains(&s)) => Some(ErrorText::UnknownRedirect),
                    _ => None,
                };
                match reason {
                    Some(r) => e.into_outcome_unknown(r.into()),
                    None => e,
                }
            })?;
            response::parse_trigger(&resp).map_err(|e| e.into_outcome_unknown(ErrorText::UnknownUnreadable.into()))
        }
        .await;
        result.map_err(|e| self.redact(e))
    }
}

/// Removes an action from the in-flight set when dropped.
struct InFlight<'a> {
    set: &'a RefCell<HashSet<String>>,
    key: &'a str,
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.set.borrow_mut().remove(self.key);
    }
}
