//! Sightings "in my environment" (contract §4 and §4b): `POST /iroh/iroh-enrich/observe/observables`,
//! read for its sighting documents only. Per asked observable: how many sightings, first and
//! last seen, the targets (machines, accounts) that saw it, the resolutions and the modules
//! that reported it; module errors kept as they came.
//!
//! "In your environment" means what CTIM says (contract §2c): only sightings with
//! `internal: true` (the organisation's own endpoint, firewall, proxy, SIEM) count toward the
//! badge; the others (`internal` false or missing: a threat-intel module's "Reported to …")
//! are third-party reports, counted apart ([`ExternalReports`]). A sighting is about the
//! observables in its `observables`; one named only in its `relations` (a domain an IP
//! resolved to) was not itself seen. Targets that share an observable are one machine (an IP
//! from one module, a host name with that IP from another).
//!
//! Read leniently: every sighting field but the document itself is optional here (real answers
//! leave out `end_time`, `targets`, `resolution`), a module with nothing to say sends
//! `"data": {}`, and observables are matched on the normalised key ([`super::matching`]).

use super::matching::Asked;
use super::time::{latest_first, parse_ms, readable_utc};
use super::{parse_body, ModuleError, Observable};
use crate::error::Result;
use crate::http::HttpResponse;
use crate::view::errors::ErrorText;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A machine or account where an observable was seen (CTIM sighting target), merged across
/// sightings: its first and last time seen are the earliest and latest any sighting gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Target {
    /// CTIM target type, e.g. `endpoint`, `network.device`, `email.recipient`.
    #[serde(rename = "type")]
    pub kind: String,
    /// What to call it: its first hostname, else IP, MAC address, user, or first value.
    /// (Targets without observables are dropped: they cannot be named or told apart.)
    pub name: String,
    pub observables: Vec<Observable>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub os: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_seen: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_seen: Option<String>,
    /// `last_seen` as people read it (`2026-11-28 14:03 UTC`); absent when unreadable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_seen_text: Option<String>,
}

/// One sighting document, condensed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Sighting {
    /// The module that reported it.
    pub module: String,
    pub count: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_seen: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_seen: Option<String>,
    /// `detected`, `blocked`, `allowed`, `contained`, or whatever the module says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolution: Option<String>,
    /// The product that saw it, as the document names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<String>,
    /// How many targets it names.
    pub targets: usize,
}

/// Everything seen about one asked observable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ObservableSightings {
    #[serde(rename = "type")]
    pub kind: String,
    pub value: String,
    pub seen: bool,
    /// Sum of the sightings' counts.
    pub count: u64,
    /// Distinct targets.
    pub hosts: usize,
    /// The badge: "Seen on 3 of your hosts", "Seen 2 times in your environment", "Not seen in your environment".
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_seen: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_seen: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_seen_text: Option<String>,
    /// Distinct resolutions, in order of first appearance.
    pub resolutions: Vec<String>,
    /// Modules that reported a sighting, in order of first appearance.
    pub modules: Vec<String>,
    /// Last seen first.
    pub targets: Vec<Target>,
    /// Last seen first (the organisation's own sightings only).
    pub sightings: Vec<Sighting>,
    /// Third-party reports about it (sightings with `internal` false or missing), never in the
    /// badge's count.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external: Option<ExternalReports>,
}

/// Sightings that came from outside the organisation (threat-intel modules' reports).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExternalReports {
    /// Who reported it (the document's `source`, else its module), in order of first appearance.
    pub sources: Vec<String>,
    /// Sum of the reports' counts.
    pub reports: u64,
    /// "Reported by 1 external source, 57 reports".
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sightings {
    /// One entry per observable asked, in the order asked.
    pub observables: Vec<ObservableSightings>,
    pub errors: Vec<ModuleError>,
}

/// Read by hand from `serde_json::Value` rather than through derived models: every field is
/// optional and of any type here, and hand reading keeps the wasm small (a derive per document
/// kind cost 47 KB).
#[derive(Deserialize)]
struct Envelope {
    #[serde(default)]
    data: Vec<Value>,
    #[serde(default)]
    errors: Vec<ModuleError>,
}

#[derive(Default)]
struct Window {
    start_time: Option<String>,
    end_time: Option<String>,
}

struct TargetDoc {
    kind: Option<String>,
    observables: Vec<Observable>,
    observed_time: Window,
    os: Option<String>,
}

/// A non-empty string, or nothing for any other JSON value.
fn text(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str).filter(|s| !s.trim().is_empty()).map(str::to_string)
}

/// A count as a non-negative integer (a float is rounded, anything else is absent).
fn count(v: Option<&Value>) -> Option<u64> {
    let n = v?;
    n.as_u64().or_else(|| n.as_f64().filter(|f| f.is_finite() && *f >= 0.0).map(|f| f.round() as u64))
}

/// `{type, value}` with string values (other keys ignored), or nothing.
pub(crate) fn observable(v: &Value) -> Option<Observable> {
    Some(Observable { kind: v.get("type")?.as_str()?.to_string(), value: v.get("value")?.as_str()?.to_string() })
}

/// A list's readable observables; anything but an array reads as empty.
pub(crate) fn observables(v: Option<&Value>) -> Vec<Observable> {
    v.and_then(Value::as_array).map(|a| a.iter().filter_map(observable).collect()).unwrap_or_default()
}

fn window(v: Option<&Value>) -> Window {
    Window { start_time: text(v.and_then(|w| w.get("start_time"))), end_time: text(v.and_then(|w| w.get("end_time"))) }
}

fn target_doc(v: &Value) -> Option<TargetDoc> {
    v.as_object()?;
    Some(TargetDoc {
        kind: text(v.get("type")),
        observables: observables(v.get("observables")),
        observed_time: window(v.get("observed_time")),
        os: text(v.get("os")),
    })
}

/// The first of these target observable types names a target.
const NAME_TYPES: [&str; 7] = ["hostname", "ip", "ipv6", "mac_address", "user", "email", "amp_computer_guid"];

impl TargetDoc {
    fn into_target(self, fallback: &Window) -> Target {
        let kind = self.kind.unwrap_or_else(|| "target".into());
        let name = target_name(&kind, &self.observables);
        let w = self.observed_time;
        let first_seen = w.start_time.clone().or_else(|| fallback.start_time.clone());
        let last_seen = w.end_time.or(w.start_time).or_else(|| fallback.end_time.clone()).or_else(|| fallback.start_time.clone());
        Target {
            kind,
            name,
            observables: self.observables,
            os: self.os,
            first_seen,
            last_seen_text: last_seen.as_deref().and_then(parse_ms).map(readable_utc),
            last_seen,
        }
    }

    /// A target's observables, normalised (see [`super::matching::key`]).
    fn keys(t: &Target) -> Vec<(String, String)> {
        t.observables.iter().map(|o| super::matching::key(&o.kind, &o.value)).collect()
    }
}

/// What to call a target: its first hostname, else IP, MAC address, user, or first value.
fn target_name(kind: &str, observables: &[Observable]) -> String {
    NAME_TYPES
        .iter()
        .find_map(|t| observables.iter().find(|o| o.kind.eq_ignore_ascii_case(t)))
        .or(observables.first())
        .map(|o| o.value.clone())
        .unwrap_or_else(|| kind.to_string())
}

/// Adds `t` to `targets`, merging every target that shares an observable with it (normalised):
/// one machine seen as `10.0.0.42` by one module and as `WS-042` (with that IP) by another is
/// one host. Merged: the union of observables, the earliest first and latest last seen.
fn add_target(targets: &mut Vec<Target>, t: &Target) {
    let keys = TargetDoc::keys(t);
    let same: Vec<usize> = (0..targets.len()).filter(|&i| TargetDoc::keys(&targets[i]).iter().any(|k| keys.contains(k))).collect();
    let Some((&first, rest)) = same.split_first() else {
        targets.push(t.clone());
        return;
    };
    // Later matches fold into the first (from the end, so indices stay valid), then `t`.
    for &i in rest.iter().rev() {
        let other = targets.remove(i);
        merge_target(&mut targets[first], &other);
    }
    merge_target(&mut targets[first], t);
}

fn merge_target(x: &mut Target, t: &Target) {
    let mut known = TargetDoc::keys(x);
    for o in &t.observables {
        let k = super::matching::key(&o.kind, &o.value);
        if !known.contains(&k) {
            known.push(k);
            x.observables.push(o.clone());
        }
    }
    x.name = target_name(&x.kind, &x.observables);
    x.first_seen = pick(x.first_seen.take(), t.first_seen.clone(), false);
    x.last_seen = pick(x.last_seen.take(), t.last_seen.clone(), true);
    x.last_seen_text = x.last_seen.as_deref().and_then(parse_ms).map(readable_utc);
    x.os = x.os.take().or_else(|| t.os.clone());
}

/// Which of two optional timestamps is earlier (`later` false) or later; unreadable ones lose.
fn pick(a: Option<String>, b: Option<String>, later: bool) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => match (parse_ms(&a), parse_ms(&b)) {
            (Some(x), Some(y)) => Some(if (y > x) == later { b } else { a }),
            (None, Some(_)) => Some(b),
            _ => Some(a),
        },
        (a, b) => a.or(b),
    }
}

pub fn parse_sightings(resp: &HttpResponse, asked: &[Observable]) -> Result<Sightings> {
    let env: Envelope = parse_body(resp, "sightings")?;
    let keys = Asked::new(asked);
    let mut out: Vec<ObservableSightings> = asked
        .iter()
        .map(|o| ObservableSightings {
            kind: o.kind.clone(),
            value: o.value.clone(),
            seen: false,
            count: 0,
            hosts: 0,
            label: String::new(),
            first_seen: None,
            last_seen: None,
            last_seen_text: None,
            resolutions: Vec::new(),
            modules: Vec::new(),
            targets: Vec::new(),
            sightings: Vec::new(),
            external: None,
        })
        .collect();
    for m in env.data {
        let module = text(m.get("module")).or_else(|| text(m.get("module-type"))).unwrap_or_else(|| ErrorText::UnnamedModule.into());
        for doc in m.pointer("/data/sightings/docs").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default() {
            // A document that is not an object is skipped, not the whole answer.
            if !doc.is_object() {
                continue;
            }
            let named = observables(doc.get("observables"));
            // About which asked observables: those in its `observables` (one named only in a
            // relation was not itself seen); a document naming none at all is about the one
            // observable asked, if only one was.
            let mut about: Vec<usize> = Vec::new();
            for i in named.iter().flat_map(|o| keys.positions(o).collect::<Vec<_>>()) {
                if !about.contains(&i) {
                    about.push(i);
                }
            }
            let names_nothing = named.is_empty() && doc.get("relations").and_then(Value::as_array).is_none_or(|r| r.is_empty());
            if about.is_empty() && names_nothing && asked.len() == 1 {
                about.push(0);
            }
            if about.is_empty() {
                continue; // about something not asked: not shown
            }
            let window = window(doc.get("observed_time"));
            if doc.get("internal") != Some(&Value::Bool(true)) {
                // A third-party report (CTIM's `internal` defaults to false): counted apart.
                let source = text(doc.get("source")).unwrap_or_else(|| module.clone());
                let reports = count(doc.get("count")).unwrap_or(1);
                for &i in &about {
                    let ext = out[i].external.get_or_insert_with(|| ExternalReports { sources: Vec::new(), reports: 0, label: String::new() });
                    ext.reports = ext.reports.saturating_add(reports);
                    if !ext.sources.contains(&source) {
                        ext.sources.push(source.clone());
                    }
                }
                continue;
            }
            // A target without observables cannot be named or told apart from another one.
            let targets: Vec<Target> = doc
                .get("targets")
                .and_then(Value::as_array)
                .map(|ts| ts.iter().filter_map(target_doc).filter(|t| !t.observables.is_empty()).map(|t| t.into_target(&window)).collect())
                .unwrap_or_default();
            let sighting = Sighting {
                module: module.clone(),
                count: count(doc.get("count")).unwrap_or(1),
                first_seen: window.start_time.clone(),
                last_seen: window.end_time.clone().or_else(|| window.start_time.clone()),
                resolution: text(doc.get("resolution")),
                source: text(doc.get("source")),
                title: text(doc.get("title")),
                severity: text(doc.get("severity")),
                confidence: text(doc.get("confidence")),
                targets: targets.len(),
            };
            for i in about {
                let o = &mut out[i];
                o.count = o.count.saturating_add(sighting.count);
                o.first_seen = pick(o.first_seen.take(), sighting.first_seen.clone(), false);
                o.last_seen = pick(o.last_seen.take(), sighting.last_seen.clone(), true);
                if let Some(r) = &sighting.resolution {
                    if !o.resolutions.contains(r) {
                        o.resolutions.push(r.clone());
                    }
                }
                if !o.modules.contains(&module) {
                    o.modules.push(module.clone());
                }
                for t in &targets {
                    add_target(&mut o.targets, t);
                }
                o.sightings.push(sighting.clone());
            }
        }
    }
    for o in &mut out {
        latest_first(&mut o.targets, |t| t.last_seen.as_deref());
        latest_first(&mut o.sightings, |s| s.last_seen.as_deref());
        o.hosts = o.targets.len();
        o.seen = !o.sightings.is_empty();
        o.last_seen_text = o.last_seen.as_deref().and_then(parse_ms).map(readable_utc);
        o.label = match (o.hosts, o.count) {
            (0, 0) if !o.seen => ErrorText::NotSeen,
            (0, n) => ErrorText::SeenTimes { n },
            (h, _) => ErrorText::SeenOnHosts { hosts: h as u64 },
        }
        .into();
        if let Some(ext) = &mut o.external {
            let n = ext.sources.len();
            ext.label = ErrorText::ReportedBy { sources: n as u64, reports: ext.reports }.into();
        }
    }
    Ok(Sightings { observables: out, errors: env.errors })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(body: &str) -> HttpResponse {
        HttpResponse { status: 200, headers: vec![], body: body.into() }
    }

    fn o(t: &str, v: &str) -> Observable {
        Observable { kind: t.into(), value: v.into() }
    }

    const SHA: &str = "b1380fd95bc5c0729738dcda2696aa0a7c6ee97a93d992931ce717a0df523967";

    /// The shape of a real observe answer (contract §4 and §11: sightings with targets,
    /// judgements and verdicts beside them, a module with nothing, a module error).
    fn capture() -> String {
        format!(
            r#"{{"data": [
              {{"module": "AMP for Endpoints", "module_instance_id": "21bb", "module_type_id": "03d8",
                "data": {{"sightings": {{"count": 2, "docs": [
                  {{"type": "sighting", "id": "transient:s1", "count": 1, "confidence": "High", "severity": "High",
                    "observed_time": {{"start_time": "2026-11-20T08:00:00.000Z"}},
                    "observables": [{{"type": "sha256", "value": "{SHA}"}}], "resolution": "blocked", "source": "AMP for Endpoints",
                    "title": "Threat Quarantined", "internal": true, "sensor": "endpoint",
                    "targets": [{{"type": "endpoint", "os": "Windows 10", "observed_time": {{"start_time": "2026-11-20T08:00:00.000Z"}},
                      "observables": [{{"type": "hostname", "value": "WS-042"}}, {{"type": "ip", "value": "10.0.0.42"}}, {{"type": "mac_address", "value": "00:1a:2b:3c:4d:5e"}}]}}]}},
                  {{"type": "sighting", "id": "transient:s2", "count": 3, "confidence": "High", "internal": true,
                    "observed_time": {{"start_time": "2026-11-25T10:00:00.000Z", "end_time": "2026-11-25T10:05:00.000Z"}},
                    "observables": [{{"type": "sha256", "value": "{SHA}"}}], "resolution": "detected",
                    "targets": [{{"type": "endpoint", "observed_time": {{"start_time": "2026-11-25T10:05:00.000Z"}},
                      "observables": [{{"type": "ip", "value": "10.0.0.42"}}, {{"type": "hostname", "value": "ws-042"}}, {{"type": "mac_address", "value": "00-1A-2B-3C-4D-5E"}}]}},
                      {{"type": "endpoint", "observables": [{{"type": "user", "value": "CORP\\alice"}}]}}]}}]}},
                  "judgements": {{"count": 1, "docs": [{{"type": "judgement", "disposition": 2}}]}}}}}},
              {{"module": "VirusTotal", "module_instance_id": "6c22", "module_type_id": "4d98", "data": {{}}}}],
             "errors": [{{"module": "Umbrella", "module_instance_id": "918e", "module_type_id": "2c8b", "code": "module-timeout", "type": "warning", "message": "There was a timeout in the 'Umbrella' module"}}]}}"#
        )
    }

    #[test]
    fn sightings_targets_times_and_module_errors() {
        let asked = [o("sha256", &SHA.to_ascii_uppercase()), o("domain", "quiet.example")];
        let s = parse_sightings(&ok(&capture()), &asked).unwrap();
        let hit = &s.observables[0];
        assert_eq!(hit.value, SHA.to_ascii_uppercase(), "lands on the observable as asked");
        assert_eq!((hit.seen, hit.count, hit.hosts, hit.label.as_str()), (true, 4, 2, "Seen on 2 of your hosts"));
        assert_eq!(hit.first_seen.as_deref(), Some("2026-11-20T08:00:00.000Z"));
        assert_eq!(hit.last_seen.as_deref(), Some("2026-11-25T10:05:00.000Z"));
        assert_eq!(hit.last_seen_text.as_deref(), Some("2026-11-25 10:05 UTC"));
        assert_eq!(hit.resolutions, ["blocked", "detected"]);
        assert_eq!(hit.modules, ["AMP for Endpoints"]);
        // WS-042 written two ways (host case, MAC separators, order) is one host; its last
        // seen is the later sighting's, the user's target falls back to its sighting's window.
        let t: Vec<(&str, &str, Option<&str>, Option<&str>)> =
            hit.targets.iter().map(|t| (t.kind.as_str(), t.name.as_str(), t.last_seen.as_deref(), t.os.as_deref())).collect();
        assert_eq!(
            t,
            [("endpoint", "WS-042", Some("2026-11-25T10:05:00.000Z"), Some("Windows 10")), ("endpoint", "CORP\\alice", Some("2026-11-25T10:05:00.000Z"), None)]
        );
        assert_eq!(hit.targets[0].first_seen.as_deref(), Some("2026-11-20T08:00:00.000Z"));
        assert_eq!(hit.sightings[0].resolution.as_deref(), Some("detected"), "latest first");
        assert_eq!((hit.sightings[1].source.as_deref(), hit.sightings[1].targets), (Some("AMP for Endpoints"), 1));
        let quiet = &s.observables[1];
        assert_eq!((quiet.seen, quiet.count, quiet.hosts, quiet.label.as_str()), (false, 0, 0, "Not seen in your environment"));
        assert_eq!(s.errors[0].code.as_deref(), Some("module-timeout"));
        let js = serde_json::to_value(&s).unwrap();
        assert_eq!(js["observables"][0]["targets"][0]["lastSeenText"], "2026-11-25 10:05 UTC");
        assert_eq!(js["observables"][0]["targets"][0]["observables"][2]["type"], "mac_address");
    }

    #[test]
    fn lenient_payload_variants() {
        let asked = [o("domain", "evil.example")];
        for (body, count, hosts, label) in [
            // Only the document: no observables (one asked), no count, no times, no targets.
            (
                r#"{"data": [{"module": "Umbrella", "data": {"sightings": {"docs": [{"type": "sighting", "internal": true}]}}}]}"#,
                1,
                0,
                "Seen once in your environment",
            ),
            // The domain answered with a trailing dot and in upper case; a float count; extra fields.
            (
                r#"{"data": [{"module": "Umbrella", "extra": 1, "data": {"sightings": {"docs": [{"count": 2.0, "internal": true, "observables": [{"type": "domain", "value": "EVIL.example."}], "new_field": {"x": 1}}]}}}]}"#,
                2,
                0,
                "Seen 2 times in your environment",
            ),
            // Named only in a relation: not itself seen (contract §2c).
            (
                r#"{"data": [{"module": "M", "data": {"sightings": {"docs": [{"count": 1, "internal": true, "observables": [{"type": "ip", "value": "10.0.0.1"}], "relations": [{"origin": "M", "relation": "Connected_To", "source": {"type": "ip", "value": "10.0.0.1"}, "related": {"type": "domain", "value": "evil.example"}}], "targets": [{"type": "endpoint", "observables": [{"type": "ip", "value": "10.0.0.1"}]}]}]}}}]}"#,
                0,
                0,
                "Not seen in your environment",
            ),
            // No `internal` (CTIM's default is false): a report, not a sighting here.
            (
                r#"{"data": [{"module": "Umbrella", "data": {"sightings": {"docs": [{"type": "sighting", "count": 4}]}}}]}"#,
                0,
                0,
                "Not seen in your environment",
            ),
            // Unreadable pieces are dropped, not the answer: a target of the wrong shape, a
            // document that is a string, a count that is text, targets that are not a list.
            (
                r#"{"data": [{"module": "M", "data": {"sightings": {"docs": ["odd", {"count": "many", "internal": true, "targets": "none"}, {"count": 1, "internal": true, "targets": [{"observables": "x"}, 7, {"type": "endpoint", "observables": []}]}]}}}]}"#,
                2,
                0,
                "Seen 2 times in your environment",
            ),
            // Modules with nothing to say; no errors key; no data key.
            (
                r#"{"data": [{"module": "VirusTotal", "data": {}}, {"module": "Talos", "data": {"sightings": {"count": 0, "docs": []}}}]}"#,
                0,
                0,
                "Not seen in your environment",
            ),
            ("{}", 0, 0, "Not seen in your environment"),
        ] {
            let s = parse_sightings(&ok(body), &asked).unwrap_or_else(|e| panic!("{body}: {}", e.message));
            let got = &s.observables[0];
            assert_eq!((got.count, got.hosts, got.label.as_str()), (count, hosts, label), "{body}");
        }
        // With two asked, a document naming nobody is not guessed at.
        let two = [o("domain", "evil.example"), o("ip", "1.2.3.4")];
        let s = parse_sightings(&ok(r#"{"data": [{"module": "M", "data": {"sightings": {"docs": [{"count": 1}]}}}]}"#), &two).unwrap();
        assert!(s.observables.iter().all(|o| !o.seen));
        // A target without a name-like observable is called by its first value.
        let s = parse_sightings(&ok(r#"{"data": [{"module": "M", "data": {"sightings": {"docs": [{"internal": true, "targets": [{"type": "network.device", "observables": [{"type": "serial_number", "value": "FTX123"}]}, {"observables": [{"type": "user", "value": "bob"}]}]}]}}}]}"#), &asked).unwrap();
        let names: Vec<&str> = s.observables[0].targets.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["FTX123", "bob"]);
        assert_eq!(s.observables[0].targets[1].kind, "target", "a target without a type");
        assert_eq!(parse_sightings(&ok(r#"{"data": {"module": 3}}"#), &asked).unwrap_err().kind, crate::ErrorKind::BadResponse);
    }

    /// Contract §2c: a threat-intel module's sightings (`internal` false) are reports by others,
    /// never "seen on your hosts"; they are counted apart, with who reported them.
    #[test]
    fn third_party_reports_are_counted_apart_from_the_environment() {
        let body = r#"{"data": [
          {"module": "AbuseIPDB", "data": {"sightings": {"docs": [
            {"internal": false, "count": 57, "source": "AbuseIPDB", "title": "Reported to AbuseIPDB", "observables": [{"type": "ip", "value": "198.51.100.7"}],
             "targets": [{"type": "endpoint", "observables": [{"type": "ip", "value": "203.0.113.9"}]}]}]}}},
          {"module": "Talos Intel", "data": {"sightings": {"docs": [{"count": 2, "observables": [{"type": "ip", "value": "198.51.100.7"}]}]}}},
          {"module": "Secure Endpoint", "data": {"sightings": {"docs": [
            {"internal": true, "count": 1, "observables": [{"type": "ip", "value": "198.51.100.8"}],
             "targets": [{"type": "endpoint", "observables": [{"type": "hostname", "value": "WS-1"}]}]}]}}}]}"#;
        let s = parse_sightings(&ok(body), &[o("ip", "198.51.100.7"), o("ip", "198.51.100.8")]).unwrap();
        let reported = &s.observables[0];
        assert_eq!((reported.seen, reported.hosts, reported.count, reported.label.as_str()), (false, 0, 0, "Not seen in your environment"));
        let ext = reported.external.as_ref().unwrap();
        assert_eq!(
            (ext.sources.clone(), ext.reports, ext.label.as_str()),
            (vec!["AbuseIPDB".to_string(), "Talos Intel".into()], 59, "Reported by 2 external sources, 59 reports")
        );
        assert!(reported.targets.is_empty() && reported.modules.is_empty(), "a report's targets are not your hosts");
        let seen = &s.observables[1];
        assert_eq!((seen.label.as_str(), seen.external.is_none()), ("Seen on 1 of your hosts", true));
        let js = serde_json::to_value(&s).unwrap();
        assert_eq!(js["observables"][0]["external"]["label"], "Reported by 2 external sources, 59 reports");
        assert!(js["observables"][1].get("external").is_none());
    }

    /// Issue 25 item 9: one machine seen as `10.0.0.42` by one module and as host `WS-042`
    /// (whose IP is 10.0.0.42) by another is one host, named by its host name; a third target
    /// sharing the first one's MAC joins them too.
    #[test]
    fn targets_that_share_an_observable_are_one_host() {
        let body = r#"{"data": [
          {"module": "Firewall", "data": {"sightings": {"docs": [{"internal": true, "observables": [{"type": "domain", "value": "evil.example"}],
             "targets": [{"type": "endpoint", "observed_time": {"start_time": "2026-11-20T08:00:00.000Z"}, "observables": [{"type": "ip", "value": "10.0.0.42"}]},
                         {"type": "endpoint", "observables": [{"type": "mac_address", "value": "00:1a:2b:3c:4d:5e"}]}]}]}}},
          {"module": "Secure Endpoint", "data": {"sightings": {"docs": [{"internal": true, "observables": [{"type": "domain", "value": "evil.example"}],
             "targets": [{"type": "endpoint", "os": "Windows 11", "observed_time": {"start_time": "2026-11-22T09:00:00.000Z"},
               "observables": [{"type": "hostname", "value": "WS-042"}, {"type": "ip", "value": "10.0.0.42"}, {"type": "mac_address", "value": "00-1A-2B-3C-4D-5E"}]}]}]}}}]}"#;
        let s = parse_sightings(&ok(body), &[o("domain", "evil.example")]).unwrap();
        let hit = &s.observables[0];
        assert_eq!((hit.hosts, hit.label.as_str()), (1, "Seen on 1 of your hosts"), "{:?}", hit.targets);
        let t = &hit.targets[0];
        assert_eq!((t.name.as_str(), t.os.as_deref()), ("WS-042", Some("Windows 11")));
        assert_eq!(t.first_seen.as_deref(), Some("2026-11-20T08:00:00.000Z"));
        assert_eq!(t.last_seen.as_deref(), Some("2026-11-22T09:00:00.000Z"));
        assert_eq!(t.observables.len(), 3, "the union, each once: {:?}", t.observables);
    }
}
