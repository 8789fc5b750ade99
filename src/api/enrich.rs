//! Enrich (contract §4): verdicts (`deliberate/observables`) and pivot links
//! (`refer/observables`), read leniently: real responses omit `disposition_name` and
//! `end_time`, modules with nothing to say send `"data": {}`, and per-module failures come
//! back in `errors` with HTTP 200.

use super::matching::Asked;
use super::{parse_body, shown, ModuleError, Observable};
use crate::error::Result;
use crate::http::HttpResponse;
use serde::{Deserialize, Serialize};

/// Name of a CTIM disposition number, in the locale of the moment (`view::errors`).
pub fn disposition_name(n: u8) -> String {
    crate::view::ErrorText::Disposition { n }.into()
}

/// How bad a disposition is, for the "worst" badge: Malicious > Suspicious > Clean > Common >
/// Unknown (a module that knows something beats one that does not).
fn severity(n: u8) -> u8 {
    match n {
        2 => 4,
        3 => 3,
        1 => 2,
        4 => 1,
        _ => 0,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Verdict {
    pub module: String,
    pub disposition: u8,
    pub disposition_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
    /// `end_time` as people read it (`until 1 Jan 2525`, `expires in 2 hours`): [`annotate`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid: Option<String>,
}

/// The verdicts about one observable and the worst of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ObservableVerdicts {
    #[serde(rename = "type")]
    pub kind: String,
    pub value: String,
    pub disposition: u8,
    pub disposition_name: String,
    pub verdicts: Vec<Verdict>,
    /// A URL no module knows whose own domain (asked beside it) is Malicious or Suspicious:
    /// "its domain evil.com is Malicious" ([`annotate`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdicts {
    /// One entry per observable asked about, in the order asked (Unknown when no module knows it).
    pub observables: Vec<ObservableVerdicts>,
    pub errors: Vec<ModuleError>,
}

#[derive(Deserialize)]
struct DeliberateEnvelope {
    #[serde(default)]
    data: Vec<ModuleData>,
    #[serde(default)]
    errors: Vec<ModuleError>,
}

#[derive(Deserialize)]
struct ModuleData {
    #[serde(default, deserialize_with = "shown::opt_name")]
    module: Option<String>,
    #[serde(default, rename = "module-type")]
    module_type: Option<String>,
    #[serde(default)]
    data: ModulePayload,
}

#[derive(Deserialize, Default)]
struct ModulePayload {
    #[serde(default)]
    verdicts: Option<Docs>,
}

#[derive(Deserialize)]
struct Docs {
    #[serde(default)]
    docs: Vec<VerdictDoc>,
}

#[derive(Deserialize)]
struct VerdictDoc {
    disposition: u8,
    #[serde(default)]
    disposition_name: Option<String>,
    observable: Observable,
    #[serde(default)]
    valid_time: Option<ValidTime>,
}

#[derive(Deserialize)]
struct ValidTime {
    #[serde(default)]
    start_time: Option<String>,
    #[serde(default)]
    end_time: Option<String>,
}

pub(crate) fn parse_verdicts(resp: &HttpResponse, asked: &[Observable]) -> Result<Verdicts> {
    let env: DeliberateEnvelope = parse_body(resp, "verdicts")?;
    let mut out: Vec<ObservableVerdicts> = asked
        .iter()
        .map(|o| ObservableVerdicts {
            kind: o.kind.clone(),
            value: o.value.clone(),
            disposition: 5,
            disposition_name: "Unknown".into(),
            verdicts: Vec::new(),
            hint: None,
        })
        .collect();
    // Matched on the normalised key: a module answers about the hash in lower case, the
    // domain without its trailing dot, and the verdict still belongs to what was asked.
    let keys = Asked::new(asked);
    for m in env.data {
        let module = m.module.or(m.module_type).unwrap_or_else(|| crate::view::ErrorText::UnnamedModule.into());
        for d in m.data.verdicts.map(|v| v.docs).unwrap_or_default() {
            // A verdict about something not asked matches no position and is not shown.
            let (start_time, end_time) = d.valid_time.map(|t| (t.start_time, t.end_time)).unwrap_or((None, None));
            // The CTIM names (1 to 5) are said in the page's language; another one as the module sent it.
            let name = match d.disposition {
                1..=5 => disposition_name(d.disposition),
                _ => d.disposition_name.filter(|n| !n.trim().is_empty()).unwrap_or_else(|| disposition_name(d.disposition)),
            };
            let verdict = Verdict { module: module.clone(), disposition: d.disposition, disposition_name: name, start_time, end_time, valid: None };
            for i in keys.positions(&d.observable) {
                out[i].verdicts.push(verdict.clone());
            }
        }
    }
    for o in &mut out {
        if let Some(worst) = o.verdicts.iter().map(|v| v.disposition).max_by_key(|d| severity(*d)) {
            o.disposition = worst;
            o.disposition_name = disposition_name(worst);
        }
    }
    Ok(Verdicts { observables: out, errors: env.errors })
}

/// What the view shows beside the verdicts, decided here (issue 25, item 10): each verdict's end
/// as people read it (relative to `now_ms`, the caller's clock), and for a URL no module knows,
/// its own domain's verdict when that domain was asked too and is Malicious or Suspicious.
pub fn annotate(v: &mut Verdicts, now_ms: i64) {
    for o in &mut v.observables {
        for verdict in &mut o.verdicts {
            verdict.valid = verdict.end_time.as_deref().map(|e| super::time::until_label(e, now_ms));
        }
    }
    let hints: Vec<Option<String>> = v
        .observables
        .iter()
        .map(|o| {
            if o.kind != "url" || o.disposition != 5 {
                return None;
            }
            let host = crate::reference_hosts::url_host(&o.value)?.trim_end_matches('.');
            let domain = v
                .observables
                .iter()
                .find(|d| d.kind == "domain" && d.value.trim_end_matches('.').eq_ignore_ascii_case(host) && matches!(d.disposition, 2 | 3))?;
            Some(String::from(crate::view::ErrorText::DomainRated { domain: domain.value.clone(), verdict: domain.disposition_name.clone() }))
        })
        .collect();
    for (o, h) in v.observables.iter_mut().zip(hints) {
        o.hint = h;
    }
}

/// A pivot link (contract §4 Ref). `clickable` only for absolute `https:` URLs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all(serialize = "camelCase"))]
pub struct Pivot {
    #[serde(default)]
    pub id: String,
    #[serde(default, deserialize_with = "shown::name")]
    pub title: String,
    #[serde(default, deserialize_with = "shown::text")]
    pub description: String,
    #[serde(default)]
    pub url: String,
    #[serde(default, deserialize_with = "shown::name")]
    pub module: String,
    #[serde(default, deserialize_with = "shown::names")]
    pub categories: Vec<String>,
    #[serde(default, skip_deserializing)]
    pub clickable: bool,
    /// Which asked observable the link is about (refer answers do not say: read from the
    /// link's id or url, longest value first). Absent when none matches.
    #[serde(default, skip_deserializing)]
    pub observable: Option<Observable>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pivots {
    pub pivots: Vec<Pivot>,
    pub errors: Vec<ModuleError>,
}

#[derive(Deserialize)]
struct ReferEnvelope {
    #[serde(default)]
    data: Vec<Pivot>,
    #[serde(default)]
    errors: Vec<ModuleError>,
}

/// `https://host/...` with a plausible host and nothing that could smuggle another scheme.
pub fn is_safe_link(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("https://") else { return false };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    !host.is_empty()
        && !host.contains('@')
        && host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

use crate::extract::chars::to_lower as lower;

pub(crate) fn parse_pivots(resp: &HttpResponse, asked: &[Observable]) -> Result<Pivots> {
    let env: ReferEnvelope = parse_body(resp, "pivot-links")?;
    // Refer answers do not say which observable a link is about: it is read from the link's
    // id or decoded url, compared in lower case against each asked value and its normalised
    // key (a module may put the hash in lower case or drop a domain's trailing dot), longest
    // first so that `ilo.brenz.pl` wins over `brenz.pl`.
    let keys = Asked::new(asked);
    let mut needles: Vec<(usize, String)> = keys.values().map(|(i, v)| (i, lower(v))).collect();
    needles.extend(asked.iter().enumerate().map(|(i, o)| (i, lower(o.value.trim()))));
    needles.retain(|(_, n)| !n.is_empty());
    // Longest first, then in asked order: an insertion sort, stable like `sort_by_key` (a few
    // hundred needles at most), which keeps a second copy of the standard sort out of the wasm.
    let after = |a: &(usize, String), b: &(usize, String)| a.1.len() < b.1.len() || (a.1.len() == b.1.len() && a.0 > b.0);
    for k in 1..needles.len() {
        let mut j = k;
        while j > 0 && after(&needles[j - 1], &needles[j]) {
            needles.swap(j - 1, j);
            j -= 1;
        }
    }
    let pivots = env
        .data
        .into_iter()
        .map(|mut p| {
            p.clickable = is_safe_link(&p.url);
            let id = lower(&p.id);
            let url = lower(&super::response::percent_decode(&p.url));
            p.observable = needles.iter().find(|(_, n)| id.contains(n.as_str()) || url.contains(n.as_str())).map(|(i, _)| asked[*i].clone());
            p
        })
        .collect();
    Ok(Pivots { pivots, errors: env.errors })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(body: &str) -> HttpResponse {
        HttpResponse { status: 200, headers: vec![], body: body.into() }
    }

    const SHA: &str = "b1380fd95bc5c0729738dcda2696aa0a7c6ee97a93d992931ce717a0df523967";

    #[test]
    fn f11_deliberate_with_module_errors_and_empty_modules() {
        let f11 = format!(
            r#"{{"data": [{{"module": "AMP File Reputation","module_instance_id": "d","module_type_id": "1","data": {{"verdicts": {{"count": 1,"docs": [{{"type": "verdict","disposition": 2,"observable": {{"value": "{SHA}","type": "sha256"}},"disposition_name": "Malicious","valid_time": {{"start_time": "2021-04-14T09:51:58.405Z","end_time": "2525-01-01T00:00:00.000Z"}}}}]}}}}}},
            {{"module": "VirusTotal","module_instance_id": "6","module_type_id": "4","data": {{}}}}],
            "errors": [{{"module_instance_id": "918e","module_type_id": "2c8b","code": "module-timeout","message": "There was a timeout in the 'CTIA Investigate' module","type": "warning","module": "Private Intelligence"}}]}}"#
        );
        let asked = [Observable { kind: "sha256".into(), value: SHA.into() }, Observable { kind: "domain".into(), value: "cisco.com".into() }];
        let v = parse_verdicts(&ok(&f11), &asked).unwrap();
        assert_eq!(v.observables[0].disposition_name, "Malicious");
        assert_eq!(v.observables[0].verdicts[0].module, "AMP File Reputation");
        assert_eq!(v.observables[1].disposition_name, "Unknown");
        assert_eq!(v.errors[0].code.as_deref(), Some("module-timeout"));
    }

    /// Issue 25, item 10: the end time as people read it, and a URL no module knows hinted
    /// with its own domain's verdict (asked beside it).
    #[test]
    fn verdict_ends_are_readable_and_an_unknown_url_names_its_malicious_domain() {
        let body = r#"{"data": [{"module": "Talos", "data": {"verdicts": {"docs": [
            {"type":"verdict","disposition": 2, "observable": {"type":"domain","value":"evil.com"}, "valid_time": {"end_time": "2525-01-01T00:00:00.000Z"}},
            {"type":"verdict","disposition": 3, "observable": {"type":"domain","value":"iffy.net"}, "valid_time": {"end_time": "2026-03-02T12:00:00Z"}},
            {"type":"verdict","disposition": 1, "observable": {"type":"domain","value":"good.org"}}]}}}]}"#;
        let asked: Vec<Observable> = [
            ("url", "https://evil.com/gate.php"),
            ("domain", "evil.com"),
            ("url", "http://user@IFFY.net:8080/x"),
            ("domain", "iffy.net"),
            ("url", "https://good.org/"),
            ("domain", "good.org"),
            ("url", "https://other.com/"),
        ]
        .iter()
        .map(|(k, v)| Observable { kind: (*k).into(), value: (*v).into() })
        .collect();
        let mut v = parse_verdicts(&ok(body), &asked).unwrap();
        annotate(&mut v, crate::api::time::parse_ms("2026-03-02T10:00:00Z").unwrap());
        let hints: Vec<Option<&str>> = v.observables.iter().map(|o| o.hint.as_deref()).collect();
        assert_eq!(hints, [Some("its domain evil.com is Malicious"), None, Some("its domain iffy.net is Suspicious"), None, None, None, None]);
        assert_eq!(v.observables[1].verdicts[0].valid.as_deref(), Some("until 1 Jan 2525"));
        assert_eq!(v.observables[3].verdicts[0].valid.as_deref(), Some("expires in 2 hours"));
        assert_eq!(v.observables[5].verdicts[0].valid, None, "no end time, nothing to say");
        let json = serde_json::to_value(&v.observables[0]).unwrap();
        assert_eq!(json["hint"], "its domain evil.com is Malicious");
        assert!(serde_json::to_value(&v.observables[6]).unwrap().get("hint").is_none());
    }

    #[test]
    fn missing_optional_fields_and_worst_disposition() {
        let body = r#"{"data": [
          {"module": "Talos", "data": {"verdicts": {"docs": [{"type":"verdict","disposition": 1, "observable": {"type":"domain","value":"a.com"}, "valid_time": {}}]}}},
          {"module-type": "SenderBaseInvestigateModule", "data": {"verdicts": {"docs": [{"type":"verdict","disposition": 3, "observable": {"type":"domain","value":"a.com"}}]}}},
          {"module": "Other", "data": {"verdicts": {"docs": [{"type":"verdict","disposition": 5, "observable": {"type":"domain","value":"a.com"}}]}}}]}"#;
        let asked = [Observable { kind: "domain".into(), value: "a.com".into() }];
        let v = parse_verdicts(&ok(body), &asked).unwrap();
        let o = &v.observables[0];
        assert_eq!((o.disposition, o.disposition_name.as_str()), (3, "Suspicious"));
        assert_eq!(o.verdicts[0].disposition_name, "Clean");
        assert_eq!(o.verdicts[0].end_time, None);
        assert_eq!(o.verdicts[1].module, "SenderBaseInvestigateModule");
        assert_eq!(parse_verdicts(&ok(r#"{"data": 3}"#), &asked).unwrap_err().kind, crate::ErrorKind::BadResponse);
    }

    /// Issue 15: a verdict about a hash asked in upper case used to be dropped, because the
    /// module answered in lower case and the lookup compared the raw strings.
    #[test]
    fn regression_verdicts_land_on_the_observable_as_asked() {
        let body = format!(
            r#"{{"data": [{{"module": "AMP File Reputation", "data": {{"verdicts": {{"count": 1, "docs": [{{"type": "verdict", "disposition": 2, "observable": {{"type": "sha256", "value": "{SHA}"}}, "valid_time": {{"start_time": "2021-04-14T09:51:58.405Z"}}}}]}}}}}},
              {{"module": "Umbrella", "data": {{"verdicts": {{"docs": [{{"type": "verdict", "disposition": 3, "observable": {{"type": "domain", "value": "evil.example"}}}}]}}}}}},
              {{"module": "Talos", "data": {{"verdicts": {{"docs": [{{"type": "verdict", "disposition": 1, "observable": {{"type": "DOMAIN", "value": "Good.Example."}}}}]}}}}}}]}}"#
        );
        let asked = [
            Observable { kind: "sha256".into(), value: SHA.to_ascii_uppercase() },
            Observable { kind: "domain".into(), value: "EVIL.example.".into() },
            Observable { kind: "domain".into(), value: "good.example".into() },
        ];
        let v = parse_verdicts(&ok(&body), &asked).unwrap();
        let got: Vec<(&str, &str, usize)> = v.observables.iter().map(|o| (o.value.as_str(), o.disposition_name.as_str(), o.verdicts.len())).collect();
        assert_eq!(got, [(&asked[0].value[..], "Malicious", 1), ("EVIL.example.", "Suspicious", 1), ("good.example", "Clean", 1)]);
    }

    #[test]
    fn pivots_land_on_the_observable_as_asked() {
        let body = format!(
            r#"{{"data": [{{"module": "Talos", "id": "ref-talos-search-sha256-{SHA}", "title": "t", "url": "https://talos.example/lookup?search={SHA}"}},
              {{"module": "Umbrella", "id": "ref-umbrella", "title": "u", "url": "https://umbrella.example/domain/evil.example"}}]}}"#
        );
        let asked =
            [Observable { kind: "sha256".into(), value: SHA.to_ascii_uppercase() }, Observable { kind: "domain".into(), value: "Evil.Example.".into() }];
        let p = parse_pivots(&ok(&body), &asked).unwrap();
        let got: Vec<Option<&str>> = p.pivots.iter().map(|p| p.observable.as_ref().map(|o| o.value.as_str())).collect();
        assert_eq!(got, [Some(&asked[0].value[..]), Some("Evil.Example.")]);
    }

    #[test]
    fn f12_refer_and_link_safety() {
        let f12 = r#"{"data": [{"module": "Talos Intelligence","module_instance_id": "03ce","module_type_id": "2460","id": "ref-talos-search-domain-ilo.brenz.pl","title": "Search for this domain","description": "Lookup this domain on Talos Intelligence","categories": ["Talos Intelligence", "Search"],"url": "https://www.talosintelligence.com/reputation_center/lookup?search=ilo.brenz.pl"},
            {"module": "Evil", "title": "x", "url": "javascript:alert(1)"}, {"module": "Plain", "title": "y", "url": "http://example.com/"}]}"#;
        let asked = [Observable { kind: "domain".into(), value: "brenz.pl".into() }, Observable { kind: "domain".into(), value: "ilo.brenz.pl".into() }];
        let p = parse_pivots(&ok(f12), &asked).unwrap();
        assert_eq!(p.pivots[0].observable.as_ref().map(|o| o.value.as_str()), Some("ilo.brenz.pl"));
        assert!(p.pivots[1].observable.is_none());
        let flags: Vec<bool> = p.pivots.iter().map(|p| p.clickable).collect();
        assert_eq!(flags, [true, false, false]);
        for bad in ["https://", "https://user@evil.com/", "https://a b.com/", "HTTPS://x.com", "https://x.com/\n", "//x.com"] {
            assert!(!is_safe_link(bad), "{bad}");
        }
        assert!(is_safe_link("https://[::1]:8443/x?y#z"));
    }
}
