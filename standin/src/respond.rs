//! The Response API family (contract §5): `POST /iroh/iroh-response/respond/observables` lists
//! the actions the configured response modules offer for some observables (§5.1), and
//! `POST /iroh/iroh-response/respond/trigger/{mid}/{aid}` runs one (§5.3). A module may be
//! visible to one client only, fail to list (an ErrorMessage instead of its actions), or fail
//! to trigger (a 200 `failure`).

use crate::config::ModuleConfig;
use crate::faults::EchoShape;
use crate::modules::{error_json, parse_observables, Observable};
use crate::reply::Reply;
use crate::state::{Answer, Call, Credentials, PathMatch, Route};
use crate::util::{self, percent_encode};
use serde_json::{json, Map, Value};

const TRIGGER_PREFIX: &str = "/iroh/iroh-response/respond/trigger/";

pub(crate) const ROUTES: &[Route] = &[
    Route {
        key: "respond_observables",
        method: "POST",
        path: PathMatch::Exact("/iroh/iroh-response/respond/observables"),
        credentials: Credentials::Bearer,
        scope: Some("response/observables:read"),
        echo: EchoShape::Actions,
        handler: list_actions,
    },
    Route {
        key: "trigger",
        method: "POST",
        path: PathMatch::Prefix(TRIGGER_PREFIX),
        credentials: Credentials::Bearer,
        scope: Some("response/trigger:write"),
        echo: EchoShape::TriggerResult,
        handler: trigger,
    },
];

fn list_actions(call: &Call) -> Answer {
    match parse_observables(call.body) {
        Ok(obs) => {
            let modules = call.app.lock().modules.clone();
            Reply::json(200, &respond(&modules, Some(&call.client.client_id), &obs)).into()
        }
        Err(r) => r.into(),
    }
}

/// Executed (and logged as executed) only when the module is visible, has the action, the
/// query carries the observable and every parameter of the action's url, and the module is not
/// configured to fail.
fn trigger(call: &Call) -> Answer {
    let (app, client) = (call.app, call.client);
    let rest = &call.path[TRIGGER_PREFIX.len()..];
    let parts: Vec<&str> = rest.split('/').collect();
    let not_found = |what: &str| Reply::err(404, "not-found", what);
    if parts.len() != 2 || parts.iter().any(|p| p.is_empty()) {
        return not_found("Expected /respond/trigger/{module-instance-id}/{action-id}").into();
    }
    let mid = util::percent_decode(parts[0], false);
    let aid = util::percent_decode(parts[1], false);
    let module = {
        let inner = app.lock();
        inner.modules.iter().find(|m| m.instance_id == mid && visible(m, Some(&client.client_id))).cloned()
    };
    let Some(module) = module else {
        return not_found(&format!("No module instance with id {mid}")).into();
    };
    let Some(action) = module.actions.iter().find(|a| a.id == aid) else {
        return not_found(&format!("Module instance {mid} has no action {aid}")).into();
    };
    let q = util::parse_query(call.query);
    let get = |k: &str| q.iter().find(|(a, _)| a == k).map(|(_, v)| v.clone());
    let mut missing = serde_json::Map::new();
    for k in ["observable_type", "observable_value"] {
        if get(k).map(|v| v.is_empty()).unwrap_or(true) {
            missing.insert(k.into(), json!("missing-required-key"));
        }
    }
    for (k, v) in &action.params {
        match get(k) {
            None => {
                missing.insert(k.clone(), json!("missing-required-key"));
            }
            Some(got) if &got != v => {
                missing.insert(k.clone(), json!(format!("unexpected value (expected {v})")));
            }
            _ => {}
        }
    }
    if !missing.is_empty() {
        return Reply::json(400, &json!({ "errors": missing })).into();
    }
    match &module.trigger_error {
        Some(e) => {
            Reply::json(200, &json!({"data": {"status": "failure"}, "errors": [error_json(&module.name, &module.instance_id, &module.type_id, e)]})).into()
        }
        None => Answer { reply: Reply::json(200, &json!({"data": {"status": "success"}})), executed: true },
    }
}

fn module_supports(m: &ModuleConfig, ty: &str) -> bool {
    m.types.is_empty() || m.types.iter().any(|t| t == "*" || t == ty)
}

/// A module configured with a `client_id` is seen by that client only.
pub fn visible(m: &ModuleConfig, client: Option<&str>) -> bool {
    match &m.client_id {
        None => true,
        Some(c) => Some(c.as_str()) == client,
    }
}

/// The action `url`, relative to `/iroh/iroh-response`, with query parameters in alphabetical
/// order (as in the real F6 sample: `list` before `observable_type`, `workflow_id` last).
pub fn action_url(instance: &str, action_id: &str, ty: &str, value: &str, extra: &std::collections::BTreeMap<String, String>) -> String {
    let mut params: Vec<(String, String)> = extra.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    params.push(("observable_type".into(), ty.into()));
    params.push(("observable_value".into(), value.into()));
    params.sort();
    let q: Vec<String> = params.iter().map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v))).collect();
    format!("/respond/trigger/{}/{}?{}", percent_encode(instance), percent_encode(action_id), q.join("&"))
}

/// `respond/observables` envelope.
pub fn respond(modules: &[ModuleConfig], client: Option<&str>, observables: &[Observable]) -> Value {
    let mut data = Vec::new();
    let mut errors = Vec::new();
    for m in modules.iter().filter(|m| visible(m, client)) {
        if let Some(e) = &m.respond_error {
            errors.push(error_json(&m.name, &m.instance_id, &m.type_id, e));
            continue;
        }
        for (ty, value) in observables {
            if !module_supports(m, ty) {
                continue;
            }
            for a in &m.actions {
                let mut o = Map::new();
                o.insert("id".into(), json!(a.id));
                o.insert("title".into(), json!(a.title));
                o.insert("description".into(), json!(a.description));
                o.insert("url".into(), json!(action_url(&m.instance_id, &a.id, ty, value, &a.params)));
                o.insert("module".into(), json!(m.name));
                o.insert("module_instance_id".into(), json!(m.instance_id));
                o.insert("module_type_id".into(), json!(m.type_id));
                if let Some(c) = &a.categories {
                    o.insert("categories".into(), json!(c));
                }
                data.push(Value::Object(o));
            }
        }
    }
    let mut env = json!({ "data": data });
    if !errors.is_empty() {
        env["errors"] = json!(errors);
    }
    env
}
