//! The private intelligence family (contract §4b): casebooks, stored by CTIA on the region's
//! `private.intel…` host and reached with the same bearer token. Here they share the stand-in's
//! one port, so a client's private intelligence base URL is the stand-in's URL.
//!
//! Routes: `POST /ctia/casebook` (create), `GET /ctia/casebook/search` (`query`, `limit`,
//! `offset`, `sort_by`, `sort_order`; paging in `X-Total-Hits`, `X-Next`, `X-Previous`),
//! `GET /ctia/casebook/{id}`, `POST /ctia/casebook/{id}/observables` and `…/texts`
//! (`operation`: `add` | `remove` | `replace`), `PATCH /ctia/casebook/{id}`.
//!
//! What the contract leaves open and the stand-in picks (its choices, not claims about CTIA):
//! - create answers **201**; a body failing validation gets **400** `{"errors": {"<key>": "<problem>"}}`
//!   (keys outside the create body's are `disallowed-key`), checked before the casebook is
//!   looked up; an unknown casebook gets **404** `{"error": "casebook not found"}`.
//! - either `casebook` or `private-intel` grants every route; without both, 403 `missing_scope`
//!   naming `casebook`.
//! - each API client sees only the casebooks it created (each stand-in client stands for an
//!   organisation of its own, so parallel tests do not see each other's casebooks).
//! - `query`: `*` (or none) lists all; otherwise every word, with Lucene's backslash escapes
//!   removed and `*` ignored, must appear (case-insensitively) in the title, description, short
//!   description, an observable's value or an external reference's description.
//! - sorting: `sort_by` `timestamp` | `title` | `created`, `sort_order` `asc` (default) | `desc`;
//!   without `sort_by`, the order of creation. `limit` defaults to 100 (at most 10000).
//! - `X-Next` / `X-Previous` are query strings (`limit=…&offset=…`), present only when there is
//!   a next or previous page.
//! - `add` appends what the casebook does not hold yet; `remove` drops what matches exactly;
//!   `replace` sets the list.

use crate::faults::EchoShape;
use crate::reply::Reply;
use crate::server::{Answer, Call, Credentials, PathMatch, Route};
use crate::{auth, util};
use axum::http::header;
use serde_json::{json, Map, Value};
use std::time::{SystemTime, UNIX_EPOCH};

const PREFIX: &str = "/ctia/casebook/";

pub(crate) const ROUTES: &[Route] = &[
    Route {
        key: "casebook_create",
        method: "POST",
        path: PathMatch::Exact("/ctia/casebook"),
        credentials: Credentials::Bearer,
        scope: None, // casebook or private-intel: checked by `granted`
        echo: EchoShape::Casebook,
        handler: create,
    },
    Route {
        key: "casebook_search",
        method: "GET",
        path: PathMatch::Exact("/ctia/casebook/search"),
        credentials: Credentials::Bearer,
        scope: None,
        echo: EchoShape::Casebooks,
        handler: search,
    },
    Route {
        key: "casebook_observables",
        method: "POST",
        path: PathMatch::Around(PREFIX, "/observables"),
        credentials: Credentials::Bearer,
        scope: None,
        echo: EchoShape::Casebook,
        handler: observables,
    },
    Route {
        key: "casebook_texts",
        method: "POST",
        path: PathMatch::Around(PREFIX, "/texts"),
        credentials: Credentials::Bearer,
        scope: None,
        echo: EchoShape::Casebook,
        handler: texts,
    },
    Route {
        key: "casebook_get",
        method: "GET",
        path: PathMatch::Prefix(PREFIX),
        credentials: Credentials::Bearer,
        scope: None,
        echo: EchoShape::Casebook,
        handler: get,
    },
    Route {
        key: "casebook_patch",
        method: "PATCH",
        path: PathMatch::Prefix(PREFIX),
        credentials: Credentials::Bearer,
        scope: None,
        echo: EchoShape::Casebook,
        handler: patch,
    },
];

/// The scopes that grant casebooks (contract §4b).
const SCOPES: [&str; 2] = ["casebook", "private-intel"];

/// The stored casebooks, in order of creation.
#[derive(Default)]
pub(crate) struct Store {
    books: Vec<Stored>,
}

struct Stored {
    /// The API client that created it (the only one that sees it).
    client_id: String,
    /// `casebook-<uuid>`.
    short_id: String,
    doc: Map<String, Value>,
}

/// Keys a create body may carry (contract §4b, plus CTIM's common entity keys).
const CREATE_KEYS: &[&str] = &[
    "type",
    "title",
    "short_description",
    "description",
    "observables",
    "texts",
    "tlp",
    "timestamp",
    "schema_version",
    "external_ids",
    "external_references",
    "source",
    "source_uri",
    "language",
    "revision",
];
const TLPS: [&str; 4] = ["white", "green", "amber", "red"];

fn granted(call: &Call) -> Option<Reply> {
    let ok = SCOPES.iter().any(|s| auth::missing_scope(call.client, Some(s)).is_none());
    (!ok).then(|| auth::missing_scope_reply(call.client, SCOPES[0]))
}

fn invalid(errors: Map<String, Value>) -> Reply {
    Reply::json(400, &json!({ "errors": errors }))
}

fn not_found() -> Reply {
    Reply::json(404, &json!({"error": "casebook not found"}))
}

/// A JSON object body, or the 400 that says it is not one.
fn object(body: &[u8]) -> Result<Map<String, Value>, Reply> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(invalid(Map::from_iter([("body".to_string(), json!("expected a JSON object"))]))),
        Err(_) => Err(Reply::err(400, "invalid_request", "Malformed JSON in request body")),
    }
}

/// A list of `{type, value}` objects with string values, or the problem with it.
fn check_observables(v: &Value) -> Result<(), String> {
    let arr = v.as_array().ok_or("expected an array of observables")?;
    for (i, o) in arr.iter().enumerate() {
        let ok = o.as_object().is_some_and(|m| {
            m.len() == 2
                && m.get("type").and_then(Value::as_str).is_some_and(|t| !t.is_empty())
                && m.get("value").and_then(Value::as_str).is_some_and(|t| !t.is_empty())
        });
        if !ok {
            return Err(format!("item {i}: expected {{type, value}} with non-empty strings"));
        }
    }
    Ok(())
}

/// A list of `{type, text}` objects (both keys required, strings).
fn check_texts(v: &Value) -> Result<(), String> {
    let arr = v.as_array().ok_or("expected an array of texts")?;
    for (i, t) in arr.iter().enumerate() {
        let ok = t.as_object().is_some_and(|m| m.len() == 2 && m.get("type").is_some_and(Value::is_string) && m.get("text").is_some_and(Value::is_string));
        if !ok {
            return Err(format!("item {i}: expected {{type, text}} with string values"));
        }
    }
    Ok(())
}

/// Validates the keys of a create (`partial` false) or PATCH (`partial` true) body.
fn validate(m: &Map<String, Value>, partial: bool) -> Result<(), Reply> {
    let mut errors = Map::new();
    for k in m.keys() {
        if !CREATE_KEYS.contains(&k.as_str()) {
            errors.insert(k.clone(), json!("disallowed-key"));
        }
    }
    for required in ["type", "title", "observables"] {
        if !partial && !m.contains_key(required) {
            errors.insert(required.into(), json!("missing-required-key"));
        }
    }
    let text = |k: &str, errors: &mut Map<String, Value>| {
        if let Some(v) = m.get(k) {
            if v.as_str().is_none_or(|s| s.trim().is_empty()) {
                errors.insert(k.into(), json!("expected a non-empty string"));
            }
        }
    };
    for k in ["title", "short_description", "description", "timestamp", "schema_version", "source", "source_uri", "language"] {
        text(k, &mut errors);
    }
    if let Some(t) = m.get("type") {
        if t != "casebook" {
            errors.insert("type".into(), json!("(not= \"casebook\")"));
        }
    }
    if let Some(t) = m.get("tlp") {
        if !t.as_str().is_some_and(|t| TLPS.contains(&t)) {
            errors.insert("tlp".into(), json!(format!("(not (#{{{}}} ...))", TLPS.map(|t| format!("\"{t}\"")).join(" "))));
        }
    }
    if let Some(Err(e)) = m.get("observables").map(check_observables) {
        errors.insert("observables".into(), json!(e));
    }
    if let Some(Err(e)) = m.get("texts").map(check_texts) {
        errors.insert("texts".into(), json!(e));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(invalid(errors))
    }
}

/// `2026-11-29T05:53:42.000Z` for now.
fn now_iso() -> String {
    let ms = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0);
    let (secs, milli) = (ms.div_euclid(1000), ms.rem_euclid(1000));
    let (z, rem) = (secs.div_euclid(86_400) + 719_468, secs.rem_euclid(86_400));
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{milli:03}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// The base of a casebook's full id: the host the request was sent to.
fn base_of(call: &Call) -> String {
    let host = call.headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1");
    format!("http://{host}")
}

fn create(call: &Call) -> Answer {
    if let Some(r) = granted(call) {
        return r.into();
    }
    let mut m = match object(call.body) {
        Ok(m) => m,
        Err(r) => return r.into(),
    };
    if let Err(r) = validate(&m, false) {
        return r.into();
    }
    let short_id = format!("casebook-{}", util::uuid());
    m.insert("id".into(), json!(format!("{}/ctia/casebook/{short_id}", base_of(call))));
    m.insert("owner".into(), json!(format!("user-{}", call.client.client_id)));
    m.insert("groups".into(), json!(["org-standin"]));
    m.insert("client_id".into(), json!(call.client.client_id));
    m.insert("schema_version".into(), json!("1.1.3"));
    m.entry("timestamp").or_insert_with(|| json!(now_iso()));
    m.entry("texts").or_insert_with(|| json!([]));
    let doc = m.clone();
    call.app.lock().casebooks.books.push(Stored { client_id: call.client.client_id.clone(), short_id, doc });
    Reply::json(201, &Value::Object(m)).into()
}

/// Does every word of the query appear in the casebook's searchable text?
fn matches(doc: &Map<String, Value>, query: &str) -> bool {
    let mut hay = String::new();
    for k in ["title", "description", "short_description"] {
        if let Some(s) = doc.get(k).and_then(Value::as_str) {
            hay.push_str(s);
            hay.push('\n');
        }
    }
    for (list, key) in [("observables", "value"), ("external_references", "description")] {
        for item in doc.get(list).and_then(Value::as_array).into_iter().flatten() {
            if let Some(s) = item.get(key).and_then(Value::as_str) {
                hay.push_str(s);
                hay.push('\n');
            }
        }
    }
    let hay = hay.to_lowercase();
    let mut words = Vec::new();
    let mut word = String::new();
    let mut chars = query.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => word.extend(chars.next()),
            '*' => {}
            c if c.is_whitespace() => words.push(std::mem::take(&mut word)),
            c => word.push(c),
        }
    }
    words.push(word);
    words.iter().filter(|w| !w.is_empty()).all(|w| hay.contains(&w.to_lowercase()))
}

fn search(call: &Call) -> Answer {
    if let Some(r) = granted(call) {
        return r.into();
    }
    let q = util::parse_query(call.query);
    let get = |k: &str| q.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let mut errors = Map::new();
    let number = |k: &str, default: u64, max: u64, errors: &mut Map<String, Value>| match get(k) {
        None => default,
        Some(v) => match v.parse::<u64>() {
            Ok(n) if n <= max => n,
            _ => {
                errors.insert(k.into(), json!(format!("expected a whole number up to {max}")));
                default
            }
        },
    };
    let limit = number("limit", 100, 10_000, &mut errors);
    let offset = number("offset", 0, u64::MAX, &mut errors);
    let desc = match get("sort_order") {
        None | Some("asc") => false,
        Some("desc") => true,
        Some(_) => {
            errors.insert("sort_order".into(), json!("(not (#{\"asc\" \"desc\"} ...))"));
            false
        }
    };
    if !errors.is_empty() {
        return invalid(errors).into();
    }
    let query = get("query").unwrap_or("*").trim();
    let inner = call.app.lock();
    let mut hits: Vec<&Map<String, Value>> = inner
        .casebooks
        .books
        .iter()
        .filter(|b| b.client_id == call.client.client_id)
        .map(|b| &b.doc)
        .filter(|d| query.is_empty() || query == "*" || matches(d, query))
        .collect();
    if let Some(by @ ("timestamp" | "title" | "created")) = get("sort_by") {
        let key = if by == "created" { "timestamp" } else { by };
        hits.sort_by(|a, b| a.get(key).and_then(Value::as_str).unwrap_or("").cmp(b.get(key).and_then(Value::as_str).unwrap_or("")));
    }
    if desc {
        hits.reverse();
    }
    let total = hits.len() as u64;
    let page: Vec<Value> = hits.into_iter().skip(offset as usize).take(limit as usize).map(|d| Value::Object(d.clone())).collect();
    let mut r = Reply::json(200, &Value::Array(page)).header("X-Total-Hits", &total.to_string());
    if offset.saturating_add(limit) < total {
        r = r.header("X-Next", &format!("limit={limit}&offset={}", offset + limit));
    }
    if offset > 0 && limit > 0 {
        r = r.header("X-Previous", &format!("limit={limit}&offset={}", offset.saturating_sub(limit)));
    }
    r.into()
}

/// The `{id}` of `/ctia/casebook/{id}[/suffix]`, if it is one path segment.
fn id_of<'a>(path: &'a str, suffix: &str) -> Option<&'a str> {
    let id = path.strip_prefix(PREFIX)?.strip_suffix(suffix)?;
    (!id.is_empty() && !id.contains('/')).then_some(id)
}

/// Runs `f` on the caller's casebook `id`, answering with it afterwards (404 when unknown).
fn with_book(call: &Call, id: &str, f: impl FnOnce(&mut Map<String, Value>)) -> Reply {
    let mut inner = call.app.lock();
    match inner.casebooks.books.iter_mut().find(|b| b.short_id == id && b.client_id == call.client.client_id) {
        Some(b) => {
            f(&mut b.doc);
            Reply::json(200, &Value::Object(b.doc.clone()))
        }
        None => not_found(),
    }
}

fn get(call: &Call) -> Answer {
    if let Some(r) = granted(call) {
        return r.into();
    }
    match id_of(call.path, "") {
        Some(id) => with_book(call, id, |_| {}).into(),
        None => Reply::not_found_html().into(),
    }
}

/// `{"operation": "add" | "remove" | "replace", "<list>": [...]}` applied to the casebook's list.
fn operation(call: &Call, list: &str, check: fn(&Value) -> Result<(), String>) -> Answer {
    if let Some(r) = granted(call) {
        return r.into();
    }
    let Some(id) = id_of(call.path, &format!("/{list}")) else {
        return Reply::not_found_html().into();
    };
    let m = match object(call.body) {
        Ok(m) => m,
        Err(r) => return r.into(),
    };
    let mut errors = Map::new();
    for k in m.keys().filter(|k| *k != "operation" && *k != list) {
        errors.insert(k.clone(), json!("disallowed-key"));
    }
    let op = m.get("operation").and_then(Value::as_str);
    match op {
        Some("add" | "remove" | "replace") => {}
        Some(_) => {
            errors.insert("operation".into(), json!("(not (#{\"add\" \"remove\" \"replace\"} ...))"));
        }
        None => {
            errors.insert("operation".into(), json!("missing-required-key"));
        }
    }
    match m.get(list).map(check) {
        None => {
            errors.insert(list.into(), json!("missing-required-key"));
        }
        Some(Err(e)) => {
            errors.insert(list.into(), json!(e));
        }
        Some(Ok(())) => {}
    }
    if !errors.is_empty() {
        return invalid(errors).into();
    }
    let items = m[list].as_array().cloned().unwrap_or_default();
    with_book(call, id, |doc| {
        let current = doc.entry(list).or_insert_with(|| json!([]));
        let mut cur = current.as_array().cloned().unwrap_or_default();
        match op {
            Some("add") => {
                for i in items {
                    if !cur.contains(&i) {
                        cur.push(i);
                    }
                }
            }
            Some("remove") => cur.retain(|c| !items.contains(c)),
            _ => cur = items,
        }
        *current = Value::Array(cur);
    })
    .into()
}

fn observables(call: &Call) -> Answer {
    operation(call, "observables", check_observables)
}

fn texts(call: &Call) -> Answer {
    operation(call, "texts", check_texts)
}

fn patch(call: &Call) -> Answer {
    if let Some(r) = granted(call) {
        return r.into();
    }
    let Some(id) = id_of(call.path, "") else {
        return Reply::not_found_html().into();
    };
    let m = match object(call.body) {
        Ok(m) => m,
        Err(r) => return r.into(),
    };
    if let Err(r) = validate(&m, true) {
        return r.into();
    }
    with_book(call, id, |doc| {
        for (k, v) in m {
            doc.insert(k, v);
        }
    })
    .into()
}
