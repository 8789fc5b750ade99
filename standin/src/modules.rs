//! Response and enrichment module behaviour: listing actions, triggering, verdicts and refer links.

use crate::config::{ModuleConfig, ModuleError};
use crate::util::percent_encode;
use serde_json::{json, Map, Value};

pub type Observable = (String, String);

fn module_supports(m: &ModuleConfig, ty: &str) -> bool {
    m.types.is_empty() || m.types.iter().any(|t| t == "*" || t == ty)
}

pub fn visible(m: &ModuleConfig, client: Option<&str>) -> bool {
    match &m.client_id {
        None => true,
        Some(c) => Some(c.as_str()) == client,
    }
}

pub fn error_json(m_name: &str, instance: &str, type_id: &str, e: &ModuleError) -> Value {
    json!({
        "module_instance_id": instance,
        "module_type_id": type_id,
        "code": e.code,
        "message": e.message,
        "type": e.kind,
        "module": m_name,
    })
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

// ---- enrichment (fixed demo modules) ----

const PRIVATE_INTEL: (&str, &str, &str) = ("Private Intelligence", "918e8244-a50b-4fc7-b700-87d38575825b", "2c8b4134-c521-5be5-aaf8-af06e5e27cbb");
const TALOS: (&str, &str, &str) = ("Talos", "03ce55b5-225d-48ae-9654-c120654de377", "2460c99b-2f01-523b-a65d-30a3c6603245");
const SLOW_INTEL: (&str, &str, &str) = ("Slow Intel", "b37ff2ee-0ca1-4dbc-936d-a35bf7d5e18f", "87563e81-ddc5-5f61-b4f8-dbe71252c922");

/// Demo verdict rules: `*.bad`, `evil.com`, `malware.example.net` → 2 Malicious; `cisco.com` → 1 Clean.
pub fn disposition(value: &str) -> Option<(u8, &'static str)> {
    let v = value.to_ascii_lowercase();
    if v.ends_with(".bad") || v == "evil.com" || v == "malware.example.net" {
        Some((2, "Malicious"))
    } else if v == "cisco.com" {
        Some((1, "Clean"))
    } else {
        None
    }
}

fn verdict_module(m: (&str, &str, &str), observables: &[Observable], full: bool) -> Value {
    let mut docs = Vec::new();
    for (ty, value) in observables {
        if let Some((d, name)) = disposition(value) {
            let mut doc = json!({
                "type": "verdict",
                "disposition": d,
                "observable": {"type": ty, "value": value},
                "valid_time": {"start_time": "2021-04-14T09:51:58.405Z"},
            });
            if full {
                doc["disposition_name"] = json!(name);
                doc["valid_time"]["end_time"] = json!("2525-01-01T00:00:00.000Z");
            }
            docs.push(doc);
        }
    }
    let data = if docs.is_empty() { json!({}) } else { json!({"verdicts": {"count": docs.len(), "docs": docs}}) };
    json!({"module": m.0, "module_instance_id": m.1, "module_type_id": m.2, "data": data})
}

/// `deliberate/observables` envelope: "Private Intelligence" (full verdict docs), "Talos" (no
/// `disposition_name`, no `end_time`), and a `module-timeout` warning from "Slow Intel".
pub fn deliberate(observables: &[Observable]) -> Value {
    json!({
        "data": [verdict_module(PRIVATE_INTEL, observables, true), verdict_module(TALOS, observables, false)],
        "errors": [error_json(SLOW_INTEL.0, SLOW_INTEL.1, SLOW_INTEL.2, &ModuleError {
            code: "module-timeout".into(),
            message: "There was a timeout in the 'Slow Intel' module".into(),
            kind: "warning".into(),
        })],
    })
}

/// `refer/observables` envelope: one Talos search link per observable of a searchable type.
pub fn refer(observables: &[Observable]) -> Value {
    let mut data = Vec::new();
    for (ty, value) in observables {
        if !matches!(ty.as_str(), "ip" | "ipv6" | "domain" | "url" | "sha256" | "sha1" | "md5" | "email") {
            continue;
        }
        data.push(json!({
            "module": "Talos Intelligence",
            "module_instance_id": TALOS.1,
            "module_type_id": TALOS.2,
            "id": format!("ref-talos-search-{ty}-{value}"),
            "title": format!("Search for this {ty}"),
            "description": format!("Lookup this {ty} on Talos Intelligence"),
            "categories": ["Talos Intelligence", "Search"],
            "url": format!("https://talosintelligence.com/reputation_center/lookup?search={}", percent_encode(value)),
        }));
    }
    json!({ "data": data })
}
