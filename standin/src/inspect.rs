//! The Inspect API family (contract §3): `POST /iroh/iroh-inspect/inspect` with `{"content": text}`
//! answers the observables in the text, found by a simple regex imitation of IROH Inspect: ip,
//! email, url (+ its host), domain, md5/sha1/sha256. No refanging (real Inspect's behaviour on
//! `hxxp`/`[.]` is unknown).

use crate::faults::EchoShape;
use crate::reply::Reply;
use crate::state::{Answer, Call, Credentials, PathMatch, Route};
use regex::Regex;
use serde_json::{json, Value};
use std::sync::OnceLock;

pub(crate) const ROUTES: &[Route] = &[Route {
    key: "inspect",
    method: "POST",
    path: PathMatch::Exact("/iroh/iroh-inspect/inspect"),
    credentials: Credentials::Bearer,
    scope: Some("inspect:read"),
    echo: EchoShape::Observables,
    handler: inspect,
}];

/// The body must be exactly `{"content": string}`; refusals are IROH's validation maps.
fn inspect(call: &Call) -> Answer {
    let Ok(v) = serde_json::from_slice::<Value>(call.body) else {
        return Reply::err(400, "invalid_request", "Malformed JSON in request body").into();
    };
    let Some(obj) = v.as_object() else {
        return Reply::json(400, &json!({"errors": "expected a JSON object {\"content\": string}"})).into();
    };
    let content = match obj.get("content") {
        None => return Reply::json(400, &json!({"content": "missing-required-key"})).into(),
        Some(Value::String(s)) => s,
        Some(_) => return Reply::json(400, &json!({"errors": {"content": "(not (instance? java.lang.String))"}})).into(),
    };
    let extra: serde_json::Map<String, Value> = obj.keys().filter(|k| *k != "content").map(|k| (k.clone(), json!("disallowed-key"))).collect();
    if !extra.is_empty() {
        return Reply::json(400, &json!({ "errors": extra })).into();
    }
    let out: Vec<Value> = extract(content).into_iter().map(|(t, v)| json!({"type": t, "value": v})).collect();
    Reply::json(200, &Value::Array(out)).into()
}

const TLDS: &str = "com|net|org|io|info|biz|ru|cn|de|uk|pl|fr|nl|ro|cz|kr|jp|br|in|me|co|us|eu|xyz|top|online|site|club|app|dev";

struct Res {
    url: Regex,
    email: Regex,
    ip: Regex,
    domain: Regex,
    hash: Regex,
}

fn res() -> &'static Res {
    static R: OnceLock<Res> = OnceLock::new();
    R.get_or_init(|| {
        let octet = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
        Res {
            url: Regex::new(r#"(?i)\bhttps?://[^\s<>"'`(){}\[\]]+"#).unwrap(),
            email: Regex::new(r"[A-Za-z0-9._%+\-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}\b").unwrap(),
            ip: Regex::new(&format!(r"\b{octet}\.{octet}\.{octet}\.{octet}\b")).unwrap(),
            domain: Regex::new(&format!(r"(?i)\b(?:[a-z0-9](?:[a-z0-9\-]{{0,61}}[a-z0-9])?\.)+(?:{TLDS})\b")).unwrap(),
            hash: Regex::new(r"\b(?:[0-9A-Fa-f]{64}|[0-9A-Fa-f]{40}|[0-9A-Fa-f]{32})\b").unwrap(),
        }
    })
}

/// Extract observables as (type, value), deduplicated, in order of first appearance.
pub fn extract(text: &str) -> Vec<(String, String)> {
    let r = res();
    // (start, order-within-start, type, value)
    let mut found: Vec<(usize, u8, &'static str, String)> = Vec::new();
    let mut taken: Vec<(usize, usize)> = Vec::new();
    let overlaps = |taken: &Vec<(usize, usize)>, s: usize, e: usize| taken.iter().any(|&(a, b)| s < b && a < e);

    for m in r.url.find_iter(text) {
        let url = m.as_str().trim_end_matches(['.', ',', ';', ':', '!', '?']);
        let (s, e) = (m.start(), m.start() + url.len());
        taken.push((s, e));
        found.push((s, 0, "url", url.to_string()));
        let rest = url.split_once("://").map(|x| x.1).unwrap_or("");
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        let hostport = authority.rsplit('@').next().unwrap_or("");
        let host = hostport.split(':').next().unwrap_or("").trim_end_matches('.');
        if r.ip.find(host).map(|x| x.as_str() == host).unwrap_or(false) {
            found.push((s, 1, "ip", host.to_string()));
        } else if host.contains('.') && !host.starts_with('[') {
            found.push((s, 1, "domain", host.to_lowercase()));
        }
    }
    for m in r.email.find_iter(text) {
        if !overlaps(&taken, m.start(), m.end()) {
            found.push((m.start(), 0, "email", m.as_str().to_string()));
            taken.push((m.start(), m.end()));
        }
    }
    for m in r.ip.find_iter(text) {
        // Skip a.b.c.d that is part of a longer dotted number (e.g. version 1.2.3.4.5).
        let before = text[..m.start()].chars().next_back();
        let after = text[m.end()..].chars().next();
        let dotted = |c: Option<char>, d: Option<char>| c == Some('.') && d.map(|x| x.is_ascii_digit()).unwrap_or(false);
        if dotted(before, text[..m.start().saturating_sub(1)].chars().next_back()) || dotted(after, text[(m.end() + 1).min(text.len())..].chars().next()) {
            continue;
        }
        if !overlaps(&taken, m.start(), m.end()) {
            found.push((m.start(), 0, "ip", m.as_str().to_string()));
            taken.push((m.start(), m.end()));
        }
    }
    for m in r.hash.find_iter(text) {
        if !overlaps(&taken, m.start(), m.end()) {
            let t = match m.as_str().len() {
                64 => "sha256",
                40 => "sha1",
                _ => "md5",
            };
            found.push((m.start(), 0, t, m.as_str().to_lowercase()));
            taken.push((m.start(), m.end()));
        }
    }
    for m in r.domain.find_iter(text) {
        // A domain glued to a preceding '@' or '/' belongs to something else.
        let prev = text[..m.start()].chars().next_back();
        if matches!(prev, Some('@')) {
            continue;
        }
        if !overlaps(&taken, m.start(), m.end()) {
            found.push((m.start(), 0, "domain", m.as_str().to_lowercase()));
        }
    }
    found.sort_by_key(|x| (x.0, x.1));
    let mut out: Vec<(String, String)> = Vec::new();
    for (_, _, t, v) in found {
        if !out.iter().any(|(a, b)| a == t && *b == v) {
            out.push((t.to_string(), v));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::extract;

    fn ex(s: &str) -> Vec<(String, String)> {
        extract(s)
    }
    fn p(t: &str, v: &str) -> (String, String) {
        (t.into(), v.into())
    }

    #[test]
    fn kinds_in_order() {
        let text = "Mail no-reply@internetbadguys.com about ilo.brenz.pl, see https://evil.example.com/x?a=1. \
                    C2 at 10.1.2.3 and http://192.0.2.7:8080/p; hash 8fda14f91e27afec5c1b1f71d708775c9b6e2af31e8331bbf26751bc0583dc7e \
                    md5 d41d8cd98f00b204e9800998ecf8427e sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709 again ilo.brenz.pl";
        assert_eq!(
            ex(text),
            vec![
                p("email", "no-reply@internetbadguys.com"),
                p("domain", "ilo.brenz.pl"),
                p("url", "https://evil.example.com/x?a=1"),
                p("domain", "evil.example.com"),
                p("ip", "10.1.2.3"),
                p("url", "http://192.0.2.7:8080/p"),
                p("ip", "192.0.2.7"),
                p("sha256", "8fda14f91e27afec5c1b1f71d708775c9b6e2af31e8331bbf26751bc0583dc7e"),
                p("md5", "d41d8cd98f00b204e9800998ecf8427e"),
                p("sha1", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
            ]
        );
    }

    #[test]
    fn negatives() {
        assert!(ex("").is_empty());
        assert!(ex("nothing here, version 1.2.3.4.5, file report.exe, 999.1.1.1").is_empty());
        assert_eq!(ex("cisco.com"), vec![p("domain", "cisco.com")]);
        assert_eq!(ex("evil.company x"), vec![]);
        assert!(ex("hxxp://evil[.]com").is_empty());
    }
}
