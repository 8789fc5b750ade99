//! Sightings "in my environment" (contract §4, §4b, §2c): `POST /iroh/iroh-enrich/observe/observables`,
//! answered by fixed demo modules in the deliberate envelope (`{"data": [module…], "errors": […]}`).
//! One observe answer carries verdicts and judgements as well as sightings for the same
//! observables (contract §2c), so one call can give both badges:
//!
//! - "Secure Endpoint" reports sightings with targets for the demo's bad indicators (`*.bad`,
//!   `evil.com`, `malware.example.net`) and for the SHA-256 of the contract's fixtures (F4): two
//!   sightings naming the same workstation in two spellings (host name case, MAC separators,
//!   observable order) plus a server, so a client must merge them into two hosts. The second
//!   names `10.0.8.11` only in its `relations`: that IP was not itself seen (contract §2c);
//! - "Umbrella" reports a `blocked` sighting for those domains (its target: a network device and
//!   a user), and an `allowed` one without targets for `cisco.com`;
//! - both are the organisation's own tools: `internal: true` (CTIM `sighting.internal`, contract §2c);
//! - "AbuseIPDB" (a third-party threat-intel relay, contract §2c) reports `203.0.113.7`: one
//!   sighting, `internal: false`, title "Reported to AbuseIPDB", `count` = the number of reports
//!   (57), no targets: a report, not something seen in the environment;
//! - "Private Intelligence" and "Talos" answer with exactly the verdicts `deliberate` gives for the
//!   same observables ([`crate::enrich::verdict_modules`]), Private Intelligence adding a
//!   judgement per verdict; "VirusTotal" answers `"data": {}`, and "Slow Intel" times out (a
//!   `module-timeout` warning in `errors`).
//!
//! Modules answer about the observable **as they store it** (contract §4: hashes and domains
//! in lower case, no trailing dot on a domain), not as it was asked: a client must match the
//! answer to what it asked on a normalised value. Times are fixed, so screenshots and tests are
//! stable.

use crate::config::ModuleError;
use crate::enrich;
use crate::faults::EchoShape;
use crate::modules::{error_json, parse_observables, stored, Observable};
use crate::reply::Reply;
use crate::state::{Answer, Call, Credentials, PathMatch, Route};
use serde_json::{json, Value};

pub(crate) const ROUTES: &[Route] = &[Route {
    key: "observe",
    method: "POST",
    path: PathMatch::Exact("/iroh/iroh-enrich/observe/observables"),
    credentials: Credentials::Bearer,
    scope: Some("enrich/observables/observe:read"),
    echo: EchoShape::Sightings,
    handler: observe,
}];

/// The SHA-256 of the contract's fixtures (F4, F11): "seen" by Secure Endpoint.
pub const SEEN_SHA256: &str = "b1380fd95bc5c0729738dcda2696aa0a7c6ee97a93d992931ce717a0df523967";

/// The IP a third-party threat-intel module has reports about (never seen in the environment).
pub const REPORTED_IP: &str = "203.0.113.7";

const SECURE_ENDPOINT: (&str, &str, &str) = ("Secure Endpoint", "21bb0ed7-937c-4fc7-9338-34e05a8d6916", "03d8591b-8374-5666-8fcc-eaea9188193c");
const UMBRELLA: (&str, &str, &str) = ("Umbrella", "b56d3882-37d8-4c0c-af22-a5ef0cf53bd3", "188d70f7-29d5-5069-9098-d83a3ec8e797");
const ABUSEIPDB: (&str, &str, &str) = ("AbuseIPDB", "7a1d3c5e-9b2f-4e6a-8c0d-1f3e5a7b9c2d", "0c3b5d7f-2e4a-5b6c-9d8e-7f6a5b4c3d2e");
const VIRUSTOTAL: (&str, &str, &str) = ("VirusTotal", "6c224e29-d19d-4fb4-948e-ee9cc0939f34", "4d98e8bb-e143-5966-8a24-c2707e6e6dd3");
const SLOW_INTEL: (&str, &str, &str) = ("Slow Intel", "b37ff2ee-0ca1-4dbc-936d-a35bf7d5e18f", "87563e81-ddc5-5f61-b4f8-dbe71252c922");

fn observe(call: &Call) -> Answer {
    match parse_observables(call.body) {
        Ok(obs) => Reply::json(200, &answer(&obs)).into(),
        Err(r) => r.into(),
    }
}

fn bad_domain(v: &str) -> bool {
    v.ends_with(".bad") || v == "evil.com" || v == "malware.example.net"
}

fn module(m: (&str, &str, &str), data: Value) -> Value {
    json!({"module": m.0, "module_instance_id": m.1, "module_type_id": m.2, "data": data})
}

fn obs(ty: &str, value: &str) -> Value {
    json!({"type": ty, "value": value})
}

fn sightings(docs: Vec<Value>) -> Value {
    if docs.is_empty() {
        json!({})
    } else {
        json!({"sightings": {"count": docs.len(), "docs": docs}})
    }
}

/// Secure Endpoint's two sightings of a bad indicator: WS-042 twice (spelled differently) and
/// SRV-DB-01 once; the first without an `end_time`, the second with one.
fn endpoint_sightings(ty: &str, v: &str, n: usize) -> Vec<Value> {
    let o = obs(ty, v);
    vec![
        json!({
            "type": "sighting", "id": format!("transient:sighting-se-{n}-1"), "count": 2, "confidence": "High", "severity": "High",
            "title": "Threat Detected", "source": "Secure Endpoint", "sensor": "endpoint", "internal": true, "resolution": "detected",
            "observed_time": {"start_time": "2026-11-20T08:00:00.000Z"},
            "observables": [o],
            "targets": [{"type": "endpoint", "os": "Windows 10 Enterprise",
                "observed_time": {"start_time": "2026-11-20T08:00:00.000Z"},
                "observables": [{"type": "hostname", "value": "WS-042"}, {"type": "ip", "value": "10.0.0.42"}, {"type": "mac_address", "value": "00:1a:2b:3c:4d:5e"}]}],
        }),
        json!({
            "type": "sighting", "id": format!("transient:sighting-se-{n}-2"), "count": 1, "confidence": "High", "severity": "Critical",
            "title": "Threat Quarantined", "source": "Secure Endpoint", "sensor": "endpoint", "internal": true, "resolution": "contained",
            "observed_time": {"start_time": "2026-11-27T14:02:00.000Z", "end_time": "2026-11-27T14:03:00.000Z"},
            "observables": [o],
            "relations": [{"origin": "Secure Endpoint", "relation": "Connected_To", "source": {"type": "ip", "value": "10.0.8.11"}, "related": o}],
            "targets": [
                {"type": "endpoint", "observed_time": {"start_time": "2026-11-27T14:03:00.000Z"},
                 "observables": [{"type": "mac_address", "value": "00-1A-2B-3C-4D-5E"}, {"type": "hostname", "value": "ws-042"}, {"type": "ip", "value": "10.0.0.42"}]},
                {"type": "endpoint", "os": "Ubuntu 24.04", "observed_time": {"start_time": "2026-11-26T09:30:00.000Z"},
                 "observables": [{"type": "hostname", "value": "SRV-DB-01"}, {"type": "ip", "value": "10.0.8.11"}]}],
        }),
    ]
}

/// The `observe/observables` envelope for these observables.
pub fn answer(observables: &[Observable]) -> Value {
    let (mut se, mut umbrella, mut reports) = (Vec::new(), Vec::new(), Vec::new());
    for (n, (ty, value)) in observables.iter().enumerate() {
        let v = stored(ty, value);
        let bad = (ty == "domain" && bad_domain(&v)) || (ty == "sha256" && v == SEEN_SHA256);
        if bad {
            se.extend(endpoint_sightings(ty, &v, n));
        }
        if ty == "domain" && bad_domain(&v) {
            umbrella.push(json!({
                "type": "sighting", "id": format!("transient:sighting-umbrella-{n}"), "count": 5, "confidence": "High",
                "source": "Umbrella", "sensor": "network.dns", "internal": true, "resolution": "blocked",
                "observed_time": {"start_time": "2026-11-24T17:45:00.000Z", "end_time": "2026-11-25T07:15:00.000Z"},
                "observables": [obs(ty, &v)],
                "targets": [{"type": "network.device", "observed_time": {"start_time": "2026-11-25T07:15:00.000Z"},
                    "observables": [{"type": "ip", "value": "10.0.0.42"}, {"type": "user", "value": "CORP\\alice"}]}],
            }));
        }
        if ty == "domain" && v == "cisco.com" {
            // Seen, allowed, no target named (and no `end_time`, no `title`).
            umbrella.push(json!({"type": "sighting", "id": format!("transient:sighting-umbrella-{n}"), "count": 40, "confidence": "Medium",
                "source": "Umbrella", "internal": true, "resolution": "allowed", "observed_time": {"start_time": "2026-11-28T10:00:00.000Z"},
                "observables": [obs(ty, &v)]}));
        }
        if ty == "ip" && v == REPORTED_IP {
            // A third-party report (contract §2c: the AbuseIPDB relay's shape).
            reports.push(json!({"type": "sighting", "id": format!("transient:sighting-abuseipdb-{n}"), "count": 57, "confidence": "Medium",
                "title": "Reported to AbuseIPDB", "description": "Reported 57 times for web attacks and port scans",
                "source": "AbuseIPDB", "source_uri": format!("https://www.abuseipdb.com/check/{v}"), "internal": false,
                "observed_time": {"start_time": "2026-11-02T00:00:00.000Z", "end_time": "2026-11-29T00:00:00.000Z"},
                "observables": [obs(ty, &v)]}));
        }
    }
    // Deliberate's verdict modules, Private Intelligence adding a judgement per verdict.
    let mut verdicts = enrich::verdict_modules(observables);
    let pi_verdicts = verdicts[0]["data"]["verdicts"]["docs"].as_array().cloned().unwrap_or_default();
    let judgements: Vec<Value> = pi_verdicts
        .iter()
        .enumerate()
        .map(|(n, d)| {
            json!({"type": "judgement", "id": format!("transient:judgement-{n}"), "observable": d["observable"],
                "disposition": d["disposition"], "disposition_name": d["disposition_name"], "priority": 90, "severity": "High",
                "confidence": "High", "source": "Private Intelligence", "valid_time": {"start_time": "2026-11-01T00:00:00.000Z"}})
        })
        .collect();
    if !judgements.is_empty() {
        verdicts[0]["data"]["judgements"] = json!({"count": judgements.len(), "docs": judgements});
    }
    let [pi, talos]: [Value; 2] = verdicts.try_into().unwrap_or_else(|_| unreachable!("two verdict modules"));
    json!({
        "data": [
            module(SECURE_ENDPOINT, sightings(se)),
            module(UMBRELLA, sightings(umbrella)),
            pi,
            talos,
            module(ABUSEIPDB, sightings(reports)),
            module(VIRUSTOTAL, json!({})),
        ],
        "errors": [error_json(SLOW_INTEL.0, SLOW_INTEL.1, SLOW_INTEL.2, &ModuleError {
            code: "module-timeout".into(),
            message: "There was a timeout in the 'Slow Intel' module".into(),
            kind: "warning".into(),
        })],
    })
}
