//! Casebooks (contract §4b): the private intelligence service (CTIA) of the region, reached
//! with the same bearer token. Request paths and bodies, the casebook model read leniently
//! (ids as full URLs, missing optional fields, extra fields), and the audit note text.
//!
//! Routes: `GET /ctia/casebook/search`, `POST /ctia/casebook`, `GET /ctia/casebook/{id}`,
//! `POST /ctia/casebook/{id}/observables`, `POST /ctia/casebook/{id}/texts`.

use super::time::{iso_utc, parse_ms, readable_utc};
use super::{check_observables, parse_body, Observable};
use crate::config::truncate_for_message;
use crate::error::{Error, ErrorKind, Result};
use crate::http::HttpResponse;
use crate::view::errors::ErrorText;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// Most characters of a casebook title (CTIM's short strings).
pub const MAX_TITLE_CHARS: usize = 1024;
/// Most characters of a description or a note (CTIM's long strings).
pub const MAX_TEXT_CHARS: usize = 5000;
/// Casebooks listed by a search when the caller gives no limit, and the most it may ask.
pub const DEFAULT_SEARCH_LIMIT: u32 = 20;
pub const MAX_SEARCH_LIMIT: u32 = 100;
/// The TLP values CTIM accepts.
pub const TLPS: [&str; 4] = ["white", "green", "amber", "red"];
/// The `type` of the texts this client writes (notes and audit notes).
pub const NOTE_TYPE: &str = "note";

/// A text kept in a casebook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CasebookText {
    #[serde(rename = "type", default)]
    pub kind: String,
    #[serde(default)]
    pub text: String,
}

/// A casebook as the client shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Casebook {
    /// The path id, `casebook-<uuid>`: the last segment of the id the service gives (a full URL).
    pub id: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub short_description: Option<String>,
    pub observables: Vec<Observable>,
    pub texts: Vec<CasebookText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tlp: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// "Casebook title · 3 observables · 2026-11-29 05:53 UTC": one line for a picker.
    pub label: String,
    /// The Investigate page of this casebook (`…/investigate?spid=<uuid>`), filled in by the client.
    pub investigate_url: String,
}

/// What `createCasebook` takes.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewCasebook {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub observables: Vec<Observable>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub tlp: Option<String>,
}

/// The path id of a casebook from what a caller or the service gives: a full URL
/// (`https://private.intel…/ctia/casebook/casebook-<uuid>`), `casebook-<uuid>`, or the bare
/// uuid. Only letters, digits, `-` and `_`, so nothing can add a path segment or a query.
pub fn casebook_id(raw: &str) -> Result<String> {
    let bad = || Error::bad_input(ErrorText::NotACasebookId { id: truncate_for_message(raw.trim(), 80) });
    let s = raw.trim();
    let s = s.split(['?', '#']).next().unwrap_or("").trim_end_matches('/');
    let last = s.rsplit('/').next().unwrap_or("");
    if last.is_empty() || last.len() > 200 || !last.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        return Err(bad());
    }
    if s.contains('/') && !s.contains("/ctia/casebook/") {
        return Err(bad());
    }
    Ok(if last.starts_with("casebook-") { last.to_string() } else { format!("casebook-{last}") })
}

/// The uuid the Investigate page takes as `spid`: the id without `casebook-`.
pub fn spid(id: &str) -> &str {
    id.strip_prefix("casebook-").unwrap_or(id)
}

/// Escapes the characters CTIA's search reads as query syntax (a Lucene query string
/// [guess, contract §4b]): what the analyst types is searched as text.
fn query_text(q: &str) -> String {
    let mut out = String::with_capacity(q.len());
    for word in q.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            if "+-=&|><!(){}[]^\"~*?:\\/".contains(c) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
pub(crate) use sxr_codec::percent::encode as encode_component;

/// `GET /ctia/casebook/search`: `query=*` lists all; the newest first.
pub fn search_path(query: Option<&str>, limit: Option<f64>) -> Result<String> {
    let limit = match limit {
        None => DEFAULT_SEARCH_LIMIT,
        Some(l) if l.is_finite() && l >= 1.0 && l <= f64::from(MAX_SEARCH_LIMIT) => l as u32,
        Some(_) => return Err(Error::bad_input(ErrorText::BadSearchLimit { max: MAX_SEARCH_LIMIT as u64 })),
    };
    let q = query.map(query_text).filter(|q| !q.is_empty()).unwrap_or_else(|| "*".into());
    Ok(format!("/ctia/casebook/search?query={}&limit={limit}&sort_by=timestamp&sort_order=desc", encode_component(&q)))
}

fn check_text(what: &'static str, text: &str, max: usize) -> Result<()> {
    if text.chars().count() > max {
        return Err(Error::bad_input(ErrorText::CasebookTextTooLong { field: what, chars: text.chars().count() as u64, max: max as u64 }));
    }
    Ok(())
}

fn texts(note: Option<&str>) -> Result<Vec<Value>> {
    match note.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => {
            check_text("note", n, MAX_TEXT_CHARS)?;
            Ok(vec![json!({ "type": NOTE_TYPE, "text": n })])
        }
        None => Ok(Vec::new()),
    }
}

/// `POST /ctia/casebook`: the create body. `now_ms` becomes its `timestamp`.
pub fn create_body(new: &NewCasebook, now_ms: f64) -> Result<String> {
    let title = new.title.trim();
    if title.is_empty() {
        return Err(Error::bad_input(ErrorText::CasebookNeedsTitle));
    }
    check_text("title", title, MAX_TITLE_CHARS)?;
    check_observables(&new.observables)?;
    let mut body = json!({
        "type": "casebook",
        "title": title,
        "observables": super::dedup_observables(new.observables.clone()),
        "timestamp": iso_utc(now_ms),
    });
    if let Some(d) = new.description.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        check_text("description", d, MAX_TEXT_CHARS)?;
        body["description"] = json!(d);
    }
    let texts = texts(new.note.as_deref())?;
    if !texts.is_empty() {
        body["texts"] = json!(texts);
    }
    if let Some(t) = new.tlp.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let t = t.to_ascii_lowercase();
        if !TLPS.contains(&t.as_str()) {
            return Err(Error::bad_input(ErrorText::BadTlp { tlps: TLPS.join(", ") }));
        }
        body["tlp"] = json!(t);
    }
    Ok(body.to_string())
}

/// `POST /ctia/casebook/{id}/observables` with `operation: add`.
/// The observables not yet in a casebook (compared on the normalised key, as answers are
/// matched): CTIA's `add` concatenates (contract §2c), so adding one already there would store
/// it twice. Each kept once, in the order given.
pub fn missing_observables(current: &[Observable], wanted: &[Observable]) -> Vec<Observable> {
    let mut seen: Vec<(String, String)> = current.iter().map(|o| super::matching::key(&o.kind, &o.value)).collect();
    let mut out = Vec::new();
    for o in wanted {
        let k = super::matching::key(&o.kind, &o.value);
        if !seen.contains(&k) {
            seen.push(k);
            out.push(o.clone());
        }
    }
    out
}

pub fn add_observables_body(observables: &[Observable]) -> Result<String> {
    check_observables(observables)?;
    Ok(json!({ "operation": "add", "observables": super::dedup_observables(observables.to_vec()) }).to_string())
}

/// `POST /ctia/casebook/{id}/texts` with `operation: add`; `None` when there is nothing to add.
pub fn add_note_body(note: Option<&str>) -> Result<Option<String>> {
    let texts = texts(note)?;
    Ok((!texts.is_empty()).then(|| json!({ "operation": "add", "texts": texts }).to_string()))
}

/// A trimmed non-empty string field, or nothing for any other JSON value. Casebooks are read by
/// hand from `serde_json::Value` (every field optional and of any type): smaller wasm than a
/// derived model.
fn string(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

/// `None` for a document that has no usable id (it could be neither opened nor added to).
fn casebook_of(v: Value) -> Option<Casebook> {
    v.as_object()?;
    let id = casebook_id(&string(&v, "id")?).ok()?;
    let observables = super::observe::observables(v.get("observables"));
    let timestamp = string(&v, "modified").or_else(|| string(&v, "timestamp")).or_else(|| string(&v, "created"));
    let title = string(&v, "title").unwrap_or_else(|| ErrorText::UntitledCasebook.into());
    let mut label: String = ErrorText::CasebookLine { title: truncate_for_message(&title, 80), n: observables.len() as u64 }.into();
    if let Some(t) = timestamp.as_deref().and_then(parse_ms) {
        label.push_str(&format!(" · {}", readable_utc(t)));
    }
    // Search lists colleagues' casebooks too (contract §2c): whose, and how shareable.
    if let Some(o) = string(&v, "owner") {
        label.push_str(&format!(" · {}", truncate_for_message(&o, 60)));
    }
    if let Some(t) = string(&v, "tlp") {
        label.push_str(&format!(" · TLP:{}", truncate_for_message(&t, 12).to_ascii_uppercase()));
    }
    let texts = v
        .get("texts")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter().filter_map(|t| Some(CasebookText { kind: t.get("type")?.as_str()?.to_string(), text: t.get("text")?.as_str()?.to_string() })).collect()
        })
        .unwrap_or_default();
    Some(Casebook {
        id,
        title,
        description: string(&v, "description"),
        short_description: string(&v, "short_description"),
        observables,
        texts,
        tlp: string(&v, "tlp"),
        timestamp,
        owner: string(&v, "owner"),
        label,
        investigate_url: String::new(),
    })
}

/// One casebook (create, get, observables and texts operations).
pub fn parse_casebook(resp: &HttpResponse) -> Result<Casebook> {
    let v: Value = parse_body(resp, "casebook")?;
    casebook_of(v).ok_or_else(|| Error::new(ErrorKind::BadResponse, ErrorText::NoCasebookId).with_status(resp.status))
}

/// A search answer: a JSON array; entries without an id are left out; newest first (the
/// service is asked to sort, and this holds whatever it did).
pub fn parse_casebooks(resp: &HttpResponse) -> Result<Vec<Casebook>> {
    let list: Vec<Value> = parse_body(resp, "casebook search")?;
    let mut out: Vec<Casebook> = list.into_iter().filter_map(casebook_of).collect();
    super::time::latest_first(&mut out, |c| c.timestamp.as_deref());
    Ok(out)
}

/// A casebook route's failure, said for casebooks (contract §2c, CTIA's own answers):
/// - an unknown or deleted casebook: `GET /ctia/casebook/{id}` answers 404 with an **empty**
///   body, its sub-routes 404 `{"error":"casebook not found"}`: "not found, maybe deleted";
/// - CTIA's 403 is not IROH's `missing_scope` but `{"error":"missing_capability",
///   "capabilities":"create-casebook",…}`: `missing-scope` naming `casebook`, and for a write
///   refused to a read-only token (`casebook:read`), saying that reading works and writing not.
pub fn casebook_error(resp: &HttpResponse, id: Option<&str>) -> Option<Error> {
    casebook_error_for(resp, id, &[])
}

/// [`casebook_error`], knowing the token's granted scopes: a write refused to a token that can
/// read casebooks (`casebook:read`, `private-intel:read`) says reading works and writing not;
/// otherwise the scope to add is named.
pub fn casebook_error_for(resp: &HttpResponse, id: Option<&str>, granted: &[String]) -> Option<Error> {
    let body: Option<Value> = serde_json::from_str(&resp.body).ok();
    let capability = body.as_ref().filter(|v| v.get("error").and_then(Value::as_str) == Some("missing_capability")).map(|v| {
        let c = v.get("capabilities");
        c.and_then(Value::as_str)
            .map(str::to_string)
            .or_else(|| c.and_then(Value::as_array).and_then(|a| a.first()).and_then(Value::as_str).map(str::to_string))
            .unwrap_or_default()
    });
    if let (403, Some(cap)) = (resp.status, capability) {
        let reading = cap.starts_with("read-") || cap.starts_with("search-") || cap.starts_with("list-");
        let can_read = ["casebook:read", "private-intel:read"].iter().any(|s| crate::auth::missing_scopes(granted, &[s]).is_empty());
        let mut e = Error::new(
            ErrorKind::MissingScope,
            if reading || !can_read { ErrorText::CasebookScopeMissing } else { ErrorText::CasebookReadOnly { refused: truncate_for_message(&cap, 40) } },
        )
        .with_status(403);
        e.missing_scopes = vec!["casebook".into()];
        e.setup = true;
        return Some(e);
    }
    let empty = resp.body.trim().is_empty();
    match resp.status {
        404 if id.is_some() && (empty || body.as_ref().is_some_and(|v| v.is_object())) => {
            Some(Error::bad_input(ErrorText::CasebookNotFound { id: id.unwrap_or_default().to_string() }).with_status(404))
        }
        _ => None,
    }
}

/// A 403 from a casebook route, said for casebooks (the generic message names the scopes of
/// the respond flow).
pub fn scope_error(mut e: Error) -> Error {
    if e.kind == ErrorKind::MissingScope {
        if e.missing_scopes.is_empty() {
            e.missing_scopes = vec!["casebook".into()];
        }
        e.message = ErrorText::CasebookScopesMissing { scopes: e.missing_scopes.clone() }.into();
    }
    e
}

/// What the "new casebook" form starts with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Draft {
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// The new casebook's title is the page's title and the date (`Phishing wave — 2026-11-29`, or
/// `Casebook 2026-11-29 05:53` for a page without a title); the page's URL goes into the
/// description only when the user ticked it (`include_url`), and only an `http(s)` one.
/// `offset_min` is the browser's `Date.getTimezoneOffset()`, so the date is the user's.
pub fn draft(page_title: &str, page_url: &str, include_url: bool, now_ms: f64, offset_min: f64) -> Draft {
    let offset = if offset_min.is_finite() && offset_min.abs() <= 24.0 * 60.0 { offset_min } else { 0.0 };
    let local = iso_utc(now_ms - offset * 60_000.0);
    let title = page_title.split_whitespace().collect::<Vec<_>>().join(" ");
    let title = if title.is_empty() {
        ErrorText::DraftTitle { date: local[..10].to_string(), time: local[11..16].to_string() }.into()
    } else {
        format!("{} — {}", truncate_for_message(&title, 200), &local[..10])
    };
    let url = page_url.trim();
    let web = url.get(..7).is_some_and(|p| p.eq_ignore_ascii_case("http://")) || url.get(..8).is_some_and(|p| p.eq_ignore_ascii_case("https://"));
    let description =
        (include_url && web && !url.chars().any(char::is_control)).then(|| ErrorText::DraftDescription { url: truncate_for_message(url, 2000) }.into());
    Draft { title, description }
}

/// How a confirmed action ended, for its audit note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The module said `success`.
    Succeeded,
    /// The module answered with another status; its first error message, if any.
    Failed(String, Option<String>),
    /// Sent, but no readable answer: it may or may not have run.
    Unknown,
    /// Refused before it ran (rate limit, credentials, …): the error code.
    NotRun(String),
}

/// "<actor> ran <action> (<module>) on <type> <value>: <result> at <time>".
///
/// English in every locale, on purpose: the note is a record written into the organisation's
/// casebook, read there by colleagues and tools whatever language this browser speaks (the
/// line the analyst reads about it, `Text::AuditAdded`, is in the catalogue).
pub fn audit_note(actor: &str, action: &str, module: &str, observable: Option<&Observable>, outcome: &Outcome, now_ms: f64) -> String {
    let cut = |s: &str, n| truncate_for_message(s.trim(), n);
    let on = observable.map(|o| format!("{} {}", cut(&o.kind, 40), cut(&o.value, 300))).unwrap_or_else(|| "no observable".into());
    let result = match outcome {
        Outcome::Succeeded => "success".to_string(),
        Outcome::Failed(status, None) => cut(status, 40),
        Outcome::Failed(status, Some(why)) => format!("{} ({})", cut(status, 40), cut(why, 300)),
        Outcome::Unknown => "outcome unknown".to_string(),
        Outcome::NotRun(code) => format!("not run ({})", cut(code, 40)),
    };
    format!("{} ran {} ({}) on {on}: {result} at {}", cut(actor, 120), cut(action, 200), cut(module, 120), readable_utc(now_ms as i64))
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

    const T: f64 = 1_764_395_622_000.0; // 2025-11-29T05:53:42Z

    #[test]
    fn ids_as_urls_short_ids_and_bare_uuids() {
        let uuid = "25d3dd3e-661b-4b37-8588-f12685e296aa";
        for raw in [
            format!("https://private.intel.amp.cisco.com:443/ctia/casebook/casebook-{uuid}"),
            format!("http://127.0.0.1:4000/ctia/casebook/casebook-{uuid}/"),
            format!("casebook-{uuid}"),
            format!(" {uuid} "),
        ] {
            assert_eq!(casebook_id(&raw).map_err(|e| e.message), Ok(format!("casebook-{uuid}")), "{raw}");
        }
        assert_eq!(spid(&format!("casebook-{uuid}")), uuid);
        for bad in ["", "/", "casebook-../x", "casebook-a%2fb", "casebook a", "https://evil.example/other/casebook-1", "é", "casebook-1/../../x"] {
            assert!(casebook_id(bad).is_err(), "{bad}");
        }
        assert_eq!(casebook_id("casebook-1?x=1").unwrap(), "casebook-1", "a query is not part of the id");
    }

    #[test]
    fn create_body_is_the_contracts() {
        let new = NewCasebook {
            title: "  Phishing wave ".into(),
            description: Some("From https://news.example/a".into()),
            observables: vec![o("domain", "evil.example"), o("ip", "203.0.113.7"), o("domain", "evil.example")],
            note: Some("first look".into()),
            tlp: Some("Amber".into()),
        };
        let v: Value = serde_json::from_str(&create_body(&new, T).unwrap()).unwrap();
        assert_eq!(
            v,
            json!({"type": "casebook", "title": "Phishing wave", "description": "From https://news.example/a",
                   "observables": [{"type": "domain", "value": "evil.example"}, {"type": "ip", "value": "203.0.113.7"}],
                   "texts": [{"type": "note", "text": "first look"}], "tlp": "amber", "timestamp": "2025-11-29T05:53:42.000Z"})
        );
        let bare: Value = serde_json::from_str(
            &create_body(&NewCasebook { title: "t".into(), observables: vec![o("ip", "1.1.1.1")], note: Some("  ".into()), ..Default::default() }, T).unwrap(),
        )
        .unwrap();
        assert_eq!(bare.as_object().unwrap().keys().collect::<Vec<_>>(), ["observables", "timestamp", "title", "type"]);
        for bad in [
            NewCasebook { title: " ".into(), observables: vec![o("ip", "1.1.1.1")], ..Default::default() },
            NewCasebook { title: "t".into(), ..Default::default() },
            NewCasebook { title: "t".into(), observables: vec![o("ip", "1.1.1.1")], tlp: Some("purple".into()), ..Default::default() },
            NewCasebook { title: "x".repeat(MAX_TITLE_CHARS + 1), observables: vec![o("ip", "1.1.1.1")], ..Default::default() },
        ] {
            assert_eq!(create_body(&bad, T).unwrap_err().kind, ErrorKind::BadInput, "{bad:?}");
        }
    }

    #[test]
    fn operation_bodies_and_search_path() {
        assert_eq!(add_observables_body(&[o("ip", "1.1.1.1")]).unwrap(), r#"{"observables":[{"type":"ip","value":"1.1.1.1"}],"operation":"add"}"#);
        assert_eq!(add_note_body(Some(" ran it ")).unwrap().unwrap(), r#"{"operation":"add","texts":[{"text":"ran it","type":"note"}]}"#);
        assert_eq!(add_note_body(None).unwrap(), None);
        assert_eq!(add_note_body(Some("")).unwrap(), None);
        assert_eq!(search_path(None, None).unwrap(), "/ctia/casebook/search?query=%2A&limit=20&sort_by=timestamp&sort_order=desc");
        assert_eq!(search_path(Some("  "), Some(5.0)).unwrap(), "/ctia/casebook/search?query=%2A&limit=5&sort_by=timestamp&sort_order=desc");
        assert_eq!(
            search_path(Some("evil.example  phish-kit"), None).unwrap(),
            "/ctia/casebook/search?query=evil.example%20phish%5C-kit&limit=20&sort_by=timestamp&sort_order=desc"
        );
        assert_eq!(
            search_path(Some("a:b (c) \"d\""), None).unwrap(),
            format!("/ctia/casebook/search?query={}&limit=20&sort_by=timestamp&sort_order=desc", encode_component(r#"a\:b \(c\) \"d\""#))
        );
        for bad in [0.0, 101.0, f64::NAN, -1.0] {
            assert!(search_path(None, Some(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn casebooks_read_leniently() {
        // Contract §4b's create answer: id as a full URL, extra fields.
        let full = r#"{"type": "casebook", "title": "Casebook July 26, 2018 11:14 AM", "short_description": "API Case", "description": "Created via the API",
            "observables": [{"type": "domain", "value": "cisco.com"}], "tlp": "amber", "timestamp": "2018-07-26T16:14:40.000Z", "schema_version": "1.1.3",
            "id": "https://private.intel.amp.cisco.com:443/ctia/casebook/casebook-25d3dd3e-661b-4b37-8588-f12685e296aa", "client_id": "client-1", "groups": ["org-1"], "owner": "user-1"}"#;
        let c = parse_casebook(&ok(full)).unwrap();
        assert_eq!(c.id, "casebook-25d3dd3e-661b-4b37-8588-f12685e296aa");
        assert_eq!((c.title.as_str(), c.owner.as_deref(), c.tlp.as_deref()), ("Casebook July 26, 2018 11:14 AM", Some("user-1"), Some("amber")));
        assert_eq!(
            c.label, "Casebook July 26, 2018 11:14 AM · 1 observable · 2018-07-26 16:14 UTC · user-1 · TLP:AMBER",
            "owner and TLP: search lists colleagues' casebooks"
        );
        // Only an id: everything else missing or of another type.
        let c = parse_casebook(&ok(r#"{"id": "casebook-1", "title": 7, "observables": {"type": "ip"}, "texts": [{"type": "note", "text": "x"}, 3]}"#)).unwrap();
        assert_eq!((c.title.as_str(), c.observables.len(), c.texts.len(), c.label.as_str()), ("Untitled casebook", 0, 1, "Untitled casebook · 0 observables"));
        assert_eq!(parse_casebook(&ok(r#"{"title": "no id"}"#)).unwrap_err().kind, ErrorKind::BadResponse);
        assert_eq!(parse_casebook(&ok("[]")).unwrap_err().kind, ErrorKind::BadResponse);
        // A search: entries without an id dropped, newest first whatever the service's order.
        let list = r#"[{"id": "casebook-old", "title": "old", "timestamp": "2026-01-01T00:00:00Z"},
                       {"title": "no id"}, "junk",
                       {"id": "https://x/ctia/casebook/casebook-new", "title": "new", "timestamp": "2026-11-01T00:00:00.000Z"},
                       {"id": "casebook-undated", "title": "undated"}]"#;
        let ids: Vec<String> = parse_casebooks(&ok(list)).unwrap().into_iter().map(|c| c.id).collect();
        assert_eq!(ids, ["casebook-new", "casebook-old", "casebook-undated"]);
        assert_eq!(parse_casebooks(&ok("[]")).unwrap().len(), 0);
        assert_eq!(parse_casebooks(&ok(r#"{"data": []}"#)).unwrap_err().kind, ErrorKind::BadResponse);
    }

    #[test]
    fn deleted_casebooks_and_missing_scopes_are_said_for_casebooks() {
        let r = HttpResponse { status: 404, headers: vec![], body: r#"{"error": "casebook not found"}"#.into() };
        let e = casebook_error(&r, Some("casebook-1")).unwrap();
        assert_eq!((e.kind, e.status), (ErrorKind::BadInput, Some(404)));
        assert!(e.message.contains("casebook-1 was not found") && e.message.contains("deleted"), "{}", e.message);
        let html = HttpResponse { status: 404, headers: vec![], body: "<html>nginx</html>".into() };
        assert!(casebook_error(&html, Some("casebook-1")).is_none(), "an HTML 404 is a wrong URL, classified as usual");
        let mut e = Error::new(ErrorKind::MissingScope, "generic");
        e.missing_scopes = vec!["private-intel".into()];
        let e = scope_error(e);
        assert!(e.message.contains("lacks the scope private-intel") && e.message.contains("add Casebook (casebook)"), "{}", e.message);
        assert_eq!(scope_error(Error::new(ErrorKind::MissingScope, "x")).missing_scopes, ["casebook"]);
        assert_eq!(scope_error(Error::new(ErrorKind::Server, "x")).message, "x");
    }

    #[test]
    fn drafts_take_the_page_title_and_the_url_only_when_ticked() {
        let d = draft("  Threat   report:\nwave 3 ", "https://news.example/a?b=1", false, T, 0.0);
        assert_eq!(d, Draft { title: "Threat report: wave 3 — 2025-11-29".into(), description: None });
        let d = draft("Report", "https://news.example/a?b=1", true, T, 0.0);
        assert_eq!(d.description.as_deref(), Some("Observables from https://news.example/a?b=1"));
        assert_eq!(draft("", "", true, T, 0.0), Draft { title: "Casebook 2025-11-29 05:53".into(), description: None });
        assert_eq!(draft("Report", "chrome-extension://abc/view.html", true, T, 0.0).description, None, "not a web page");
        assert_eq!(draft("Report", "", false, T, 420.0).title, "Report — 2025-11-28", "the user's date (UTC-7)");
        assert_eq!(draft("Report", "", false, T, -600.0).title, "Report — 2025-11-29");
        assert_eq!(draft("Report", "", false, T, f64::NAN).title, "Report — 2025-11-29");
    }

    #[test]
    fn audit_notes() {
        let d = o("domain", "evil.example");
        let cases = [
            (Outcome::Succeeded, "client-1 ran Block domain (Umbrella) on domain evil.example: success at 2025-11-29 05:53 UTC"),
            (
                Outcome::Failed("failure".into(), Some("Unsupported action.".into())),
                "client-1 ran Block domain (Umbrella) on domain evil.example: failure (Unsupported action.) at 2025-11-29 05:53 UTC",
            ),
            (Outcome::Unknown, "client-1 ran Block domain (Umbrella) on domain evil.example: outcome unknown at 2025-11-29 05:53 UTC"),
            (
                Outcome::NotRun("rate-limited".into()),
                "client-1 ran Block domain (Umbrella) on domain evil.example: not run (rate-limited) at 2025-11-29 05:53 UTC",
            ),
        ];
        for (outcome, want) in cases {
            assert_eq!(audit_note("client-1", "Block domain", "Umbrella", Some(&d), &outcome, T), want);
        }
        assert!(audit_note("a", "b", "c", None, &Outcome::Succeeded, T).contains("on no observable: success"));
    }

    /// CTIA's own answers (contract §2c): an empty-bodied 404 for a deleted casebook, the
    /// `missing_capability` 403, and `add` concatenating.
    #[test]
    fn ctia_answers_are_said_for_casebooks() {
        let gone = HttpResponse { status: 404, headers: vec![], body: String::new() };
        let e = casebook_error(&gone, Some("casebook-1")).unwrap();
        assert!(e.message.contains("casebook-1 was not found") && e.message.contains("deleted"), "{}", e.message);
        assert!(casebook_error(&gone, None).is_none(), "a search route's 404 is a wrong URL");
        let cap = |c: &str| HttpResponse {
            status: 403,
            headers: vec![],
            body: format!(r#"{{"message":"Missing capability","error":"missing_capability","capabilities":"{c}","owner":"alice@example.com"}}"#),
        };
        let read_only = vec!["inspect:read".to_string(), "casebook:read".into()];
        let e = casebook_error_for(&cap("create-casebook"), None, &read_only).unwrap();
        assert_eq!((e.kind, e.missing_scopes.clone(), e.status), (ErrorKind::MissingScope, vec!["casebook".to_string()], Some(403)));
        assert!(e.message.contains("can read casebooks but not change them") && e.message.contains("create-casebook"), "{}", e.message);
        // No casebook scope at all: the scope to add, for a write as for a read.
        for c in ["create-casebook", "search-casebook"] {
            let e = casebook_error_for(&cap(c), None, &["inspect:read".to_string()]).unwrap();
            assert!(e.message.contains("lacks the scope casebook") && !e.message.contains("alice"), "{}", e.message);
        }
        let o = |t: &str, v: &str| Observable { kind: t.into(), value: v.into() };
        let current = [o("domain", "evil.example"), o("ip", "10.0.0.1")];
        let wanted = [o("domain", "EVIL.example."), o("sha256", "AB"), o("sha256", "ab"), o("ip", "10.0.0.2")];
        assert_eq!(missing_observables(&current, &wanted), [o("sha256", "AB"), o("ip", "10.0.0.2")]);
    }
}
