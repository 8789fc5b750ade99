//! The clients the worker makes: for its own calls (seeded with the saved token), for Test
//! connection, for a sign-in, and the casebook host's permission.

use super::endpoint::check_endpoint;
use super::precedence::{decide, not_set_up, Connection};
use super::save::{check_form_base_url, plan_save};
use super::shapes::{AuthMode, ClientOptions, ClientPlan};
use super::signin;
use super::stored::{field, text_of, SettingsForm, Stored};
use crate::config::Region;
use crate::error::{Error, Result};
use crate::view::errors::ErrorText;

/// The private-intel host of `plan`, for a casebook call: the custom one, or the region's (its
/// permission is in the manifest, but Firefox users can revoke it); none beside a custom base
/// URL without one.
pub fn intel_host(plan: &mut ClientPlan) {
    let custom = plan.options.private_intel_url.as_deref().map(str::trim).unwrap_or("");
    let url = match plan.options.region.and_then(Region::from_id) {
        Some(r) if custom.is_empty() => r.private_intel_url(),
        _ => custom,
    };
    plan.intel_host = if url.is_empty() { None } else { check_endpoint(&serde_json::json!({ "baseUrl": url })).ok() };
}

pub(super) fn client_options(c: &Connection) -> Result<ClientOptions> {
    if let Some(r) = &c.refused {
        return Err(Error::setup(r.clone()));
    }
    if c.client_id.is_empty() || c.client_secret.is_empty() {
        return Err(not_set_up());
    }
    let base = c.host.endpoint()?;
    Ok(ClientOptions {
        region: c.host.base_url.is_empty().then_some(c.host.region).map(|r| Region::from_id(r).unwrap_or(Region::ALL[0]).id()),
        base_url: (!c.host.base_url.is_empty()).then_some(base),
        private_intel_url: c.host.private_intel()?,
        client_id: c.client_id.clone(),
        client_secret: c.client_secret.clone(),
        token: None,
        sign_in: None,
    })
}

/// The client for the worker's own calls, seeded with the token saved for the same binding.
/// `enrich`: for verdicts and pivots, refused while the user has turned them off.
pub fn client_plan(s: &Stored, enrich: bool) -> Result<ClientPlan> {
    client_plan_for(s, enrich, false)
}

/// [`client_plan`], and `sightings`: for sightings, refused while the user has turned them
/// (or verdicts and pivots) off.
pub fn client_plan_for(s: &Stored, enrich: bool, sightings: bool) -> Result<ClientPlan> {
    if enrich && !s.enrich() {
        return Err(Error::bad_input(ErrorText::EnrichOff));
    }
    if sightings && !(s.sightings() && s.enrich()) {
        return Err(Error::bad_input(ErrorText::SightingsOff));
    }
    if signin::mode(s) == AuthMode::SignIn {
        return signin::client_plan(s, false);
    }
    let c = decide(s, None);
    if c.refused.is_none() && c.client_secret.is_empty() && s.lost("secret") {
        return Err(Error::setup(ErrorText::LostSecret));
    }
    let mut options = client_options(&c)?;
    let id = [options.region.unwrap_or(""), options.base_url.as_deref().unwrap_or(""), &options.client_id];
    let binding = serde_json::to_string(&id).unwrap_or_default();
    let intel = options.private_intel_url.as_deref().unwrap_or("");
    let key = serde_json::to_string(&[id[0], id[1], id[2], &options.client_secret, intel]).unwrap_or_default();
    let token = field(&s.session, "token");
    if text_of(token, "binding") == binding {
        options.token = serde_json::from_value(field(token, "state").clone()).ok();
    }
    Ok(ClientPlan { options, key, binding, intel_host: None, generation: signin::generation(s) })
}

/// Test connection in the options page: the client for what the form says (for nothing but
/// the policy's settings when they are locked).
pub fn plan_test(s: &Stored, form: Option<&SettingsForm>) -> Result<ClientOptions> {
    let empty = SettingsForm::default();
    let form = if s.locked() { None } else { Some(form.unwrap_or(&empty)) };
    if let Some(f) = form {
        check_form_base_url(f)?;
    }
    let c = decide(s, form);
    if c.refused.is_none() && (c.client_id.is_empty() || c.client_secret.is_empty()) {
        // Said on the options page itself: the fix is in the fields above, not "open the options".
        return Err(Error::setup(ErrorText::EnterToTest { id: c.client_id.is_empty(), secret: c.client_secret.is_empty() }));
    }
    client_options(&c)
}

/// Save would leave a sign-in behind (another host or client id, or the shared mode): the
/// client of that sign-in, so the worker removes its grant on the server *before* the save
/// forgets its tokens (issue 21.8). `None` when the sign-in stays or there is none.
pub fn sign_in_to_end(s: &Stored, form: &SettingsForm) -> Option<ClientPlan> {
    if signin::mode(s) != AuthMode::SignIn {
        return None;
    }
    let current = signin::client_plan(s, false).ok()?;
    let plan = plan_save(s, form).ok()?;
    let mut next = s.clone();
    if let (Some(local), Some(settings)) = (next.local.as_object_mut(), plan.local.set.get("settings")) {
        local.insert("settings".into(), settings.clone());
    }
    let stays = signin::mode(&next) == AuthMode::SignIn && signin::client_plan(&next, true).is_ok_and(|p| p.binding == current.binding);
    (!stays).then_some(current)
}

/// The client for starting a sign-in (sign-in mode; no refresh token needed).
pub fn sign_in_plan(s: &Stored) -> Result<ClientPlan> {
    if signin::mode(s) != AuthMode::SignIn {
        return Err(Error::bad_input(ErrorText::SharedClientMode));
    }
    signin::client_plan(s, true)
}
