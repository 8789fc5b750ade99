//! Confirmation and the audited trigger (ARCHITECTURE.md invariant 5). The view's confirm step
//! gets a one-time nonce bound to the action (`crate::confirm` decides; the confirmations live
//! in storage.session so a worker stop between the two messages loses none); the trigger must
//! present it, and is sent once. Then, with audit notes on and a casebook chosen, the note of how
//! it ended goes to that casebook; neither the note nor a storage failure after the trigger
//! changes the trigger's own outcome.

use super::{error_value, store, Handled, Host, Purpose, Worker};
use crate::api::intel::Outcome;
use crate::confirm::{ActionTarget, Confirms};
use crate::error::{Error, Result};
use crate::intel::{ActionRef, OutcomeIn};
use serde_json::{json, Value};

/// The url of an action as the pages send it (the action or its url).
pub fn action_url(action: &ActionTarget) -> Result<String> {
    // English on purpose: the pages always send the action the core listed (a developer's bug).
    action.url().map(str::to_string).ok_or_else(|| Error::bad_input("trigger() takes an action returned by actions() (an object with its url)."))
}

impl<H: Host> Worker<H> {
    /// Runs `f(confirms)` → (what to store, result) alone, and stores the confirmations.
    async fn with_confirms<R>(&self, f: impl FnOnce(Confirms) -> (Result<Confirms>, R)) -> Result<R> {
        let _g = self.confirm_lock.lock().await;
        let stored = crate::confirm::stored(&store::session_value(&self.host, store::CONFIRMS).await?);
        let (confirms, r) = f(stored);
        store::set_session(&self.host, store::CONFIRMS, super::to_value(&confirms?)?).await?;
        Ok(r)
    }

    pub(super) async fn confirm(&self, action: &ActionTarget) -> Result<Value> {
        let nonce = super::host::uuid(&self.host);
        let now = self.host.now_ms();
        self.with_confirms(|c| (crate::confirm::issue(c, action, &nonce, now), ())).await?;
        Ok(json!({ "nonce": nonce }))
    }

    /// A bulk run's confirmations, one per row, in one write.
    pub(super) async fn confirm_all(&self, urls: &[ActionTarget]) -> Result<Value> {
        let nonces: Vec<String> = urls.iter().map(|_| super::host::uuid(&self.host)).collect();
        let now = self.host.now_ms();
        self.with_confirms(|c| (crate::confirm::issue_all(c, urls, &nonces, now), ())).await?;
        Ok(json!({ "nonces": nonces }))
    }

    /// Uses up every row's confirmation, all or nothing (before a run starts).
    pub(super) async fn redeem_all(&self, nonces: &[Option<String>], urls: &[ActionTarget]) -> Result<()> {
        let now = self.host.now_ms();
        self.with_confirms(|c| {
            let (left, verdict) = crate::confirm::redeem_all(c, nonces, urls, now);
            (Ok(left), verdict)
        })
        .await?
    }

    /// The nonce is used up (right or wrong) and stored before anything is sent.
    async fn confirmed_trigger(&self, action: &ActionTarget, nonce: Option<&str>) -> Result<Value> {
        let now = self.host.now_ms();
        self.with_confirms(|c| {
            let (left, verdict) = crate::confirm::redeem(c, nonce, action, now);
            (Ok(left), verdict)
        })
        .await??;
        self.send_trigger(action).await
    }

    /// Sends one trigger; the core refuses a second of the same action while the first is in flight.
    pub(super) async fn send_trigger(&self, action: &ActionTarget) -> Result<Value> {
        let url = action_url(action)?;
        self.call(Purpose::Plain, super::api!(|c| c.trigger(&url).await?)).await
    }

    pub(super) async fn audited_trigger(&self, action: &ActionTarget, nonce: Option<&str>, casebook: Option<&str>) -> Handled {
        let r = self.confirmed_trigger(action, nonce).await;
        let outcome = match &r {
            Ok(v) => v.clone(),
            Err(e) => error_value(e),
        };
        let note = match casebook {
            Some(id) if !id.is_empty() => self.audit_note(id, action, &outcome).await,
            _ => None,
        };
        let reply = match (r, note) {
            (Ok(mut v), Some(n)) => {
                if let Some(o) = v.as_object_mut() {
                    o.insert("auditNote".into(), n);
                }
                Ok(v)
            }
            (Ok(v), None) => Ok(v),
            (Err(e), n) => {
                let mut v = error_value(&e);
                if let (Some(o), Some(n)) = (v.as_object_mut(), n) {
                    o.insert("auditNote".into(), n);
                }
                Err(v)
            }
        };
        Handled { reply, run_loop: false }
    }

    /// The note of how a trigger ended, appended to `casebook` when audit notes are on:
    /// `{ casebook, text }`, or `{ error }`; `None` when they are off.
    pub(super) async fn audit_note(&self, casebook: &str, action: &ActionTarget, outcome: &Value) -> Option<Value> {
        let on = self.current_settings().await.ok()?.get("auditNote").and_then(Value::as_bool) == Some(true);
        if !on {
            return None;
        }
        let what = ActionRef { title: action.title.clone(), module: action.module.clone(), observable: action.observable.clone() };
        let how = Outcome::from_input(&OutcomeIn::from_value(outcome));
        let id = casebook.to_string();
        let r = self.call(Purpose::Casebooks, super::api!(|c| c.note_action(&id, &what, &how, None).await?)).await;
        Some(match r {
            Ok(book) => {
                let last = book.get("texts").and_then(Value::as_array).and_then(|t| t.last()).and_then(|t| t.get("text")).cloned();
                json!({ "casebook": book.get("title").cloned().unwrap_or(Value::Null), "text": last.unwrap_or_else(|| json!("")) })
            }
            Err(e) => json!({ "error": error_value(&e) }),
        })
    }
}
