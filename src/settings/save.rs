//! Save in the options page and the display preferences: what each writes and removes.

use super::plan::{keep_secret, StoragePlan};
use super::precedence::{decide, Host, SecretFrom};
use super::signin;
use super::stored::{field, text_of, Stored};
use crate::config;
use crate::error::{Error, Result};
use crate::view::errors::ErrorText;
use serde_json::Value;

pub(super) fn check_form_base_url(form: &Value) -> Result<()> {
    let base_url = text_of(form, "baseUrl").trim();
    if !base_url.is_empty() {
        config::check_base_url(base_url)?;
        Host::chosen_by(form).private_intel()?;
    }
    Ok(())
}

/// Save in the options page. Only a secret the user typed (or kept for the same host) is
/// stored, with the origin it was entered for; the administrator's secret never is. Any
/// token is dropped (it may belong to the old settings).
pub fn plan_save(s: &Stored, form: &Value) -> Result<StoragePlan> {
    if s.locked() {
        return Err(Error::bad_input(ErrorText::SettingsLocked));
    }
    check_form_base_url(form)?;
    if let Some(plan) = signin::plan_save(s, form)? {
        return Ok(plan);
    }
    let c = decide(s, Some(form));
    if let Some(r) = c.refused {
        return Err(Error::setup(r));
    }
    let remember = if text_of(form, "remember") == "session" { "session" } else { "device" };
    let host = Host::chosen_by(form);
    let base_url = if host.base_url.is_empty() { String::new() } else { host.endpoint()? };
    let mut plan = StoragePlan::default();
    let mut settings = serde_json::json!({ "region": host.region, "baseUrl": base_url, "clientId": text_of(form, "clientId").trim(), "remember": remember });
    if let Some(intel) = host.private_intel()? {
        settings["privateIntelUrl"] = Value::String(intel);
    }
    plan.local.set.insert("settings".into(), settings);
    let kept = matches!(c.secret_from, SecretFrom::Form | SecretFrom::Saved);
    keep_secret(&mut plan, remember == "device", kept.then_some(&c));
    plan.session.remove(&["token"]);
    signin::saved_as_shared(s, &mut plan);
    Ok(plan)
}

/// Display preferences, saved at once and never locked by policy: `{ enrich?, askInspect?,
/// sightings?, auditNote? }` (booleans) and `language?` (a locale's tag; "" or another string:
/// the browser's language, stored as "").
pub fn plan_prefs(prefs: &Value) -> StoragePlan {
    let mut plan = StoragePlan::default();
    for key in ["enrich", "askInspect", "sightings", "auditNote"] {
        if let Some(b) = field(prefs, key).as_bool() {
            plan.local.set.insert(key.into(), Value::Bool(b));
        }
    }
    if field(prefs, "language").is_string() {
        plan.local.set.insert("language".into(), Value::String(super::stored::language_choice(field(prefs, "language")).into()));
    }
    plan
}
