//! Save in the options page and the display preferences: what each writes and removes.

use super::plan::{keep_secret, StoragePlan};
use super::precedence::{decide, Host, SecretFrom};
use super::signin;
use super::stored::{Prefs, SettingsForm, Stored};
use crate::config;
use crate::error::{Error, Result};
use crate::view::errors::ErrorText;
use serde_json::Value;

pub(super) fn check_form_base_url(form: &SettingsForm) -> Result<()> {
    let base_url = form.base_url.trim();
    if !base_url.is_empty() {
        config::check_base_url(base_url)?;
        Host::chosen_by(form).private_intel()?;
    }
    Ok(())
}

/// Save in the options page. Only a secret the user typed (or kept for the same host) is
/// stored, with the origin it was entered for; the administrator's secret never is. Any
/// token is dropped (it may belong to the old settings).
pub fn plan_save(s: &Stored, form: &SettingsForm) -> Result<StoragePlan> {
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
    let remember = if form.remember == "session" { "session" } else { "device" };
    let host = Host::chosen_by(form);
    let base_url = if host.base_url.is_empty() { String::new() } else { host.endpoint()? };
    let mut plan = StoragePlan::default();
    let mut settings = serde_json::json!({ "region": host.region, "baseUrl": base_url, "clientId": form.client_id.trim(), "remember": remember });
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
pub fn plan_prefs(prefs: &Prefs) -> StoragePlan {
    let mut plan = StoragePlan::default();
    for (key, on) in [("enrich", prefs.enrich), ("askInspect", prefs.ask_inspect), ("sightings", prefs.sightings), ("auditNote", prefs.audit_note)] {
        if let Some(b) = on {
            plan.local.set.insert(key.into(), Value::Bool(b));
        }
    }
    if let Some(l) = &prefs.language {
        plan.local.set.insert("language".into(), Value::String(crate::view::Locale::of(l).map_or("", crate::view::Locale::tag).into()));
    }
    plan
}
