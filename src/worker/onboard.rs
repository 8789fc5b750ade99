//! The first run (issue 23.6): on `runtime.onInstalled` the worker opens the onboarding page
//! when the core says so (`crate::view::onboarding::open_on_install`), and the page's last step
//! opens the respond view on the sample through the context menu's own flow ([`Worker::open_view`]).

use super::{Host, Worker};
use crate::error::{Error, Result};
use crate::view::errors::ErrorText;
use crate::view::onboarding::{self, SettingsIn};
use serde_json::{json, Value};

impl<H: Host> Worker<H> {
    /// `runtime.onInstalled` with its `reason`: opens the onboarding page in a tab on a first
    /// install (not in the preconfigured dev copy); `{ opened }`.
    pub async fn installed(&self, reason: &str) -> Result<Value> {
        let settings = SettingsIn::from_value(&self.current_settings().await?);
        let open = onboarding::open_on_install(reason, &settings);
        if open {
            self.host.open_tab(onboarding::PAGE).await.map_err(|e| Error::bad_input(ErrorText::SetUpPageNotOpened { cause: e.to_string() }))?;
        }
        Ok(json!({ "opened": open }))
    }

    /// `onboard→sw:sample`: the respond view on the sample, as the context menu opens it.
    pub(super) async fn sample(&self) -> Result<Value> {
        self.open_view(onboarding::SAMPLE, Value::Null).await
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::super::fake::FakeHost;
    use super::super::host::Area;
    use super::*;
    use std::sync::OnceLock;

    fn standin() -> &'static str {
        static URL: OnceLock<String> = OnceLock::new();
        URL.get_or_init(|| standin::spawn(standin::Config::default()).url)
    }

    fn tenant(tag: &str) -> (String, String) {
        let id = format!("client-onboard-{tag}-{}", std::process::id());
        let secret = format!("S3CRET-{id}");
        ureq::post(&format!("{}/__standin/clients", standin()))
            .set("X-Standin-Control", "1")
            .send_json(json!({ "client_id": id, "client_secret": secret, "scopes": ["inspect:read", "response", "enrich:read"] }))
            .unwrap();
        (id, secret)
    }

    fn send(w: &Worker<FakeHost>, msg: Value) -> std::result::Result<Value, Value> {
        pollster::block_on(w.handle_value(&msg)).expect("a message of the worker").reply
    }

    fn tabs(h: &FakeHost) -> Vec<String> {
        h.calls().into_iter().filter(|c| c.starts_with("tab ")).collect()
    }

    #[test]
    fn a_first_install_opens_the_onboarding_page_once_and_an_update_does_not() {
        let h = FakeHost::new();
        let w = Worker::new(h.clone());
        assert_eq!(pollster::block_on(w.installed("update")).unwrap(), json!({ "opened": false }));
        assert!(tabs(&h).is_empty());
        assert_eq!(pollster::block_on(w.installed("install")).unwrap(), json!({ "opened": true }));
        assert_eq!(tabs(&h), ["tab onboarding.html"]);
        assert_eq!(pollster::block_on(w.installed("chrome_update")).unwrap()["opened"], false);
        assert_eq!(tabs(&h).len(), 1);
    }

    #[test]
    fn a_managed_install_opens_it_too_and_a_tab_that_cannot_open_is_a_clear_error() {
        let h = FakeHost::new();
        h.put(Area::Managed, "baseUrl", json!(standin()));
        h.put(Area::Managed, "clientId", json!("client-x"));
        h.put(Area::Managed, "clientSecret", json!("secret-x"));
        h.put(Area::Managed, "locked", json!(true));
        let w = Worker::new(h.clone());
        assert_eq!(pollster::block_on(w.installed("install")).unwrap()["opened"], true);
        h.fail("tab ");
        let e = pollster::block_on(w.installed("install")).unwrap_err();
        assert!(e.message.contains("open it from the extension's options"), "{}", e.message);
    }

    #[test]
    fn the_sample_opens_the_respond_view_as_the_context_menu_does() {
        let (id, secret) = tenant("sample");
        let h = FakeHost::new();
        let w = Worker::new(h.clone());
        let form = json!({ "authMode": "shared", "baseUrl": standin(), "clientId": id, "clientSecret": secret, "remember": "session" });
        send(&w, json!({ "type": "options→sw:save", "settings": form })).unwrap();
        let opened = send(&w, json!({ "type": "onboard→sw:sample" })).unwrap();
        let view = opened["id"].as_str().unwrap().to_string();
        assert!(h.calls().iter().any(|c| c == &format!("window view.html?id={view}")), "{:?}", h.calls());
        // The respond window reads the sample once, then finds it and lists its actions.
        let sel = send(&w, json!({ "type": "view→sw:selection", "id": view })).unwrap();
        assert_eq!(sel["text"], onboarding::SAMPLE);
        let found = send(&w, json!({ "type": "view→sw:find", "text": sel["text"] })).unwrap();
        let observables: Vec<Value> = found["observables"].as_array().unwrap().iter().map(|o| json!({ "type": o["type"], "value": o["value"] })).collect();
        assert_eq!(observables.len(), 2, "{found}");
        let actions = send(&w, json!({ "type": "view→sw:actions", "observables": observables })).unwrap();
        assert!(!actions["actions"].as_array().unwrap().is_empty(), "the sample has response actions: {actions}");
        assert_eq!(send(&w, json!({ "type": "view→sw:selection", "id": view })).unwrap()["text"], "", "read once");
    }
}
