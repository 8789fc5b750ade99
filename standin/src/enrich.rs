//! The Enrich API family (contract §4): `POST /iroh/iroh-enrich/deliberate/observables` (quick
//! verdicts) and `POST /iroh/iroh-enrich/refer/observables` (pivot links), answered by fixed demo
//! modules: "Private Intelligence" and "Talos" give verdicts, "Slow Intel" always times out, and
//! "Talos Intelligence" offers a search link per observable.

use crate::config::ModuleError;
use crate::faults::EchoShape;
use crate::modules::{error_json, parse_observables, stored, Observable};
use crate::reply::Reply;
use crate::state::{Answer, Call, Credentials, PathMatch, Route};
use crate::util::percent_encode;
use serde_json::{json, Value};

pub(crate) const ROUTES: &[Route] = &[
    Route {
        key: "deliberate",
        method: "POST",
        path: PathMatch::Exact("/iroh/iroh-enrich/deliberate/observables"),
        credentials: Credentials::Bearer,
        scope: Some("enrich/observables/deliberate:read"),
        echo: EchoShape::Verdicts,
        handler: verdicts,
    },
    Route {
        key: "refer",
        method: "POST",
        path: PathMatch::Exact("/iroh/iroh-enrich/refer/observables"),
        credentials: Credentials::Bearer,
        scope: Some("enrich/observables/refer:read"),
        echo: EchoShape::Links,
        handler: links,
    },
];

fn verdicts(call: &Call) -> Answer {
    match parse_observables(call.body) {
        Ok(obs) => Reply::json(200, &deliberate(&obs)).into(),
        Err(r) => r.into(),
    }
}

fn links(call: &Call) -> Answer {
    match parse_observables(call.body) {
        Ok(obs) => Reply::json(200, &refer(&obs)).into(),
        Err(r) => r.into(),
    }
}

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
        // About the observable as the module stores it (lower case, no trailing dot).
        let value = &stored(ty, value);
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

/// The verdict modules' entries ("Private Intelligence", "Talos"): deliberate's whole `data`, and
/// the same entries (verdicts identical) inside observe's answer (contract §2c, §4).
pub(crate) fn verdict_modules(observables: &[Observable]) -> Vec<Value> {
    vec![verdict_module(PRIVATE_INTEL, observables, true), verdict_module(TALOS, observables, false)]
}

/// `deliberate/observables` envelope: "Private Intelligence" (full verdict docs), "Talos" (no
/// `disposition_name`, no `end_time`), and a `module-timeout` warning from "Slow Intel". Both
/// answer about the observable as they store it ([`crate::modules::stored`]).
pub fn deliberate(observables: &[Observable]) -> Value {
    json!({
        "data": verdict_modules(observables),
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
