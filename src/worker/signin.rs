//! Save, sign-in, sign-out and "Stay signed in" (issue 16), with the session generation: every
//! sign-in and sign-out starts a new one (`crate::settings` decides what is written), the
//! worker's clients of an older one can no longer send (`super::Guarded`) nor write tokens (the
//! core drops the write), and the plan is made and applied under one lock, so a call ending
//! during a sign-out cannot put its tokens back.

use super::{to_value, Host, Purpose, Worker};
use crate::error::{Error, Result};
use crate::settings;
use serde_json::{json, Value};

impl<H: Host> Worker<H> {
    /// Ends the current sign-in here at once (its clients send nothing more); storage follows.
    fn end_generation(&self) {
        self.epoch.set(self.epoch.get() + 1);
        self.forget();
    }

    /// Save in the options page. A sign-in the new settings leave behind (another host or client
    /// id) has its grant removed on the server first, best effort; then its tokens go.
    pub(super) async fn save(&self, form: &settings::SettingsForm) -> Result<Value> {
        let old = settings::sign_in_to_end(&self.stored().await?, form);
        if let Some(old) = old {
            self.end_generation();
            if let Err(e) = self.revoke(&old.options).await {
                self.host.warn(&format!("SecureX Respond: removing the old sign-in: {}", e.message));
            }
            self.plan(|s| Ok(settings::plan_sign_out(s))).await?;
        }
        self.plan(|s| settings::plan_save(s, form)).await?;
        self.forget();
        self.current_settings().await
    }

    async fn revoke(&self, options: &settings::ClientOptions) -> Result<()> {
        self.loose_client(options)?.sign_out().await
    }

    /// Saves the form first when one is given, then the browser's auth window; the tokens are
    /// stored in a new generation.
    pub(super) async fn sign_in(&self, form: Option<&settings::SettingsForm>, stay: Option<bool>) -> Result<Value> {
        if let Some(f) = form {
            self.save(f).await?;
        }
        self.forget();
        let plan = settings::sign_in_plan(&self.stored().await?)?;
        let client = self.loose_client(&plan.options)?;
        let random = self.host.random_bytes(48);
        let pending = client.begin_sign_in(&self.host.redirect_url(), &random)?;
        let returned = self
            .host
            .web_auth_flow(&pending.authorize_url)
            .await
            .map_err(|e| Error::bad_input(self.say(&crate::view::text::Text::SignInWindowClosed { cause: e.0 })))?;
        client.complete_sign_in(&pending, &returned).await?;
        let token = client.token_snapshot().map(|t| to_value(&t)).transpose()?.unwrap_or(Value::Null);
        let state = client.session_state().map(|s| to_value(&s)).transpose()?.unwrap_or(Value::Null);
        self.end_generation();
        self.plan(|s| settings::plan_signed_in(s, &plan.binding, &token, &state, stay)).await?;
        self.forget();
        self.toolbar_icon().await;
        self.current_settings().await
    }

    /// Sign out: the old generation ends here first (no call of it goes out any more), the server
    /// is asked to revoke the grant (best effort), and both tokens are forgotten whatever it
    /// answers. The settings, with `revokeError` when the revocation failed.
    pub(super) async fn sign_out(&self) -> Result<Value> {
        let plan = {
            let _p = self.plan_lock.lock().await;
            self.client_plan(Purpose::Plain).await
        };
        self.end_generation();
        let revoke_error = match plan {
            Ok(p) => self.revoke(&p.options).await.err().map(|e| e.message),
            Err(_) => None, // not signed in (or no usable settings): nothing to revoke
        };
        self.plan(|s| Ok(settings::plan_sign_out(s))).await?;
        self.forget();
        self.toolbar_icon().await;
        let mut v = self.current_settings().await?;
        if let (Some(o), Some(e)) = (v.as_object_mut(), revoke_error) {
            o.insert("revokeError".into(), json!(e));
        }
        Ok(v)
    }

    /// "Stay signed in on this device" changed: the refresh token moves as the core plans.
    pub(super) async fn set_stay(&self, stay: bool) -> Result<Value> {
        let c = self.client(Purpose::Plain).await?;
        let state = c.client.session_state().map(|s| to_value(&s)).transpose()?.unwrap_or(Value::Null);
        self.plan(|s| settings::plan_session(s, &state, Some(stay))).await?;
        self.current_settings().await
    }
}
