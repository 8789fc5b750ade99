//! The settings in effect ([`resolve`]): what pages see, and what stale values to remove or
//! seal again.

use super::plan::{StoragePlan, SECRET_KEYS};
use super::precedence::{decide, host_name, SecretFrom};
use super::shapes::Public;
use super::signin;
use super::stored::{field, text_of, truthy, Stored, SEALED_LOCAL};
use crate::config;
use crate::config::Region;
use crate::view::errors::ErrorText;
use serde::Serialize;
use serde_json::Value;

/// The settings in effect, for the worker and (through `public`) for pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resolved {
    pub public: Public,
    /// Stored values never to be used again (a secret without its origin): removed.
    pub cleanup: StoragePlan,
}

pub fn resolve(s: &Stored) -> Resolved {
    let c = decide(s, None);
    let user = s.user_settings();
    let endpoint = c.host.endpoint();
    let configured = c.refused.is_none() && !c.client_id.is_empty() && !c.client_secret.is_empty() && endpoint.is_ok();
    let effective_base_url = endpoint.unwrap_or_else(|_| c.host.base_url.clone());
    let mut cleanup = StoragePlan::default();
    for (area, plan) in [(&s.local, &mut cleanup.local), (&s.session, &mut cleanup.session)] {
        if truthy(field(area, "secret")) && !truthy(field(area, "secretOrigin")) {
            plan.remove(SECRET_KEYS);
        }
    }
    let managed: Vec<&'static str> = ["region", "baseUrl", "clientId", "clientSecret"].into_iter().filter(|k| !text_of(&s.managed, k).is_empty()).collect();
    let by_policy = |k: &str| s.locked() || managed.contains(&k);
    let read_only = [
        ("host", by_policy("region") || by_policy("baseUrl") || by_policy("clientSecret")),
        ("clientId", by_policy("clientId")),
        ("clientSecret", by_policy("clientSecret")),
        ("remember", by_policy("clientSecret")),
        ("save", s.locked()),
    ]
    .into_iter()
    .filter_map(|(field, fixed)| fixed.then_some(field))
    .collect();
    let policy_notice = if s.locked() {
        ErrorText::PolicyManaged.into()
    } else if managed.is_empty() {
        String::new()
    } else {
        let default = Region::ALL[0];
        let secret_without_host = managed.contains(&"clientSecret") && !managed.contains(&"region") && !managed.contains(&"baseUrl");
        ErrorText::PolicySetBy { fields: managed.join(", "), default_region: secret_without_host.then(|| default.name()) }.into()
    };
    let secret_for = Some(s.user_secret().1).filter(|o| !o.is_empty()).map(|o| host_name(o).to_string()).unwrap_or_default();
    let secret_hint = match c.secret_from {
        SecretFrom::Form | SecretFrom::Unset if s.lost("secret") => ErrorText::HintLost.into(),
        SecretFrom::Policy => ErrorText::HintPolicy.into(),
        SecretFrom::Saved => ErrorText::HintSaved { host: secret_for.clone() }.into(),
        SecretFrom::Dev => ErrorText::HintDev.into(),
        SecretFrom::Form | SecretFrom::Unset if !secret_for.is_empty() => ErrorText::HintEnterAgain { host: secret_for.clone() }.into(),
        SecretFrom::Form | SecretFrom::Unset => String::new(),
    };
    let (private_intel_url, casebooks) = (c.host.private_intel_url.clone(), c.host.casebooks());
    let mut public = Public {
        region: c.host.region,
        host: config::host_for_message(&effective_base_url).to_string(),
        base_url: c.host.base_url,
        client_id: c.client_id,
        has_secret: !c.client_secret.is_empty(),
        secret_from: c.secret_from,
        secret_for,
        remember: if user.map(|u| text_of(u, "remember")) == Some("session") { "session" } else { "device" },
        managed,
        locked: s.locked(),
        source: if user.is_some() {
            "user"
        } else if s.dev.is_some() {
            "dev-config"
        } else {
            "none"
        },
        ask_inspect: field(&s.local, "askInspect") == &Value::Bool(true),
        enrich: s.enrich(),
        sightings: s.sightings(),
        audit_note: s.audit_note(),
        language: s.language(),
        private_intel_url,
        casebooks,
        effective_base_url,
        configured,
        read_only,
        policy_notice,
        secret_hint,
        reference_hosts: crate::reference_hosts::from_policy(&crate::reference_hosts::ReferencePolicy::from_value(&s.managed)),
        storage_notice: if s.lost("secret") && c.secret_from == SecretFrom::Unset { ErrorText::LostSecret.into() } else { String::new() },
        sign_in: None,
    };
    signin::adjust(s, &mut public);
    signin::cleanup(s, &mut cleanup);
    reseal(s, &mut cleanup);
    Resolved { public, cleanup }
}

/// Values of [`SEALED_LOCAL`] an older version stored in plain text (the worker opened no
/// envelope for them): written again, sealed, unless the cleanup removes them anyway.
pub(super) fn reseal(s: &Stored, cleanup: &mut StoragePlan) {
    for key in SEALED_LOCAL {
        let v = field(&s.local, key);
        if truthy(v) && !s.opened.iter().any(|k| k == key) && !cleanup.local.remove.contains(key) {
            cleanup.local.set.insert((*key).to_string(), v.clone());
        }
    }
}
