//! The private intelligence family (contract §4b, §2c): casebooks, stored by CTIA on the region's
//! `private.intel…` host and reached with the same bearer token. Here they share the stand-in's
//! one port, so a client's private intelligence base URL is the stand-in's URL.
//!
//! Routes: `POST /ctia/casebook` (create), `GET /ctia/casebook/search` (`query`, `limit`,
//! `offset`, `sort_by`, `sort_order`; paging in `X-Total-Hits`, `X-Next`, `X-Previous`),
//! `GET /ctia/casebook/{id}`, `POST /ctia/casebook/{id}/observables`, `…/texts` and `…/bundle`
//! (`operation`: `add` | `remove` | `replace`), `PATCH /ctia/casebook/{id}`,
//! `DELETE /ctia/casebook/{id}`.
//!
//! Behaviour and its source (contract §2c, threatgrid/ctia unless said otherwise):
//! - `GET` (and `DELETE`) of an unknown or deleted id: **404 with an empty body** (`routes/crud.clj`,
//!   `not-found`); `PATCH`, `/observables`, `/texts`, `/bundle` on an unknown id: 404
//!   `{"error": "casebook not found"}` (`entity/casebook.clj`).
//! - Scopes (`auth/jwt.clj`): `casebook` or `private-intel` allow everything; `casebook:read` or
//!   `private-intel:read` only read and search. Otherwise 403 `{"message": "Missing capability",
//!   "error": "missing_capability", "capabilities": "<op>-casebook", "owner": "<user>"}`
//!   (`middleware/auth.clj`), `<op>` one of `create`, `search`, `read`, `update`, `delete`.
//! - Visibility (`access_control.clj`): amber, green and white casebooks are read and written by
//!   the whole organisation; red ones only by their owner (others get the 404 of an unknown id
//!   [inferred]). Each stand-in API client stands for an organisation of its own (so parallel
//!   tests do not see each other's casebooks) [stand-in choice]; its colleagues are the people
//!   signed in through it and the casebooks seeded with `POST /__standin/casebooks`.
//! - `operation: "add"` concatenates (`lib/collection.clj` `add-colls`): an observable already
//!   there is stored twice; `remove` drops every equal item; `replace` sets the list.
//! - Create answers **201** with a `Location` header and the stored casebook with `id`, `owner`,
//!   `groups`, `client_id`, `schema_version`, `created`, `modified`, `timestamp` and `tlp`
//!   (default `amber` [inferred: CTIA's default TLP setting]). Nothing is required in a new
//!   casebook (CTIM `NewCasebook`); `type` is set to `casebook`. The `id` is
//!   `http://<the Host the request named>/ctia/casebook/casebook-<uuid>` where CTIA writes
//!   `https://private.intel.amp.cisco.com:443/ctia/casebook/…` [stand-in difference: its own scheme,
//!   host and port, so the id can be fetched back from the stand-in]; its last segment is the
//!   path `{id}`.
//! - Search (Elasticsearch query string): whole tokens, case-insensitive, of `id`, `source`,
//!   `title`, `description`, `short_description` and `observables.value`, all query words
//!   required (AND), never substrings. The stand-in splits on non-alphanumerics, drops Lucene's
//!   backslash escapes, lets a word ending in `*` match a token's prefix, and lists everything
//!   for `*` or no query [inferred details].
//! - A body failing validation gets **400** `{"errors": {"<key>": "<problem>"}}` (keys outside
//!   CTIM's casebook are `disallowed-key`) [shape inferred], checked after the scope and before the
//!   casebook is looked up.
//! - Sorting: `sort_by` `timestamp` | `title` | `created`, `sort_order` `asc` (default) | `desc`;
//!   without `sort_by`, the order of creation. `limit` defaults to 100 (at most 10000). `X-Next` /
//!   `X-Previous` are query strings (`limit=…&offset=…`) present only when there is such a page
//!   [stand-in choices].

use crate::faults::EchoShape;
use crate::reply::Reply;
use crate::state::{Answer, App, Call, Credentials, PathMatch, Route, Stored};
use crate::{signin, util};
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
        key: "casebook_bundle",
        method: "POST",
        path: PathMatch::Around(PREFIX, "/bundle"),
        credentials: Credentials::Bearer,
        scope: None,
        echo: EchoShape::Casebook,
        handler: bundle,
    },
    Route {
        key: "casebook_delete",
        method: "DELETE",
        path: PathMatch::Prefix(PREFIX),
        credentials: Credentials::Bearer,
        scope: None,
        echo: EchoShape::ErrorOnly,
        handler: delete,
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

/// Scopes that allow every casebook operation, and those that allow reading and searching only
/// (contract §2c, CTIA `auth/jwt.clj`).
const WRITE_SCOPES: [&str; 2] = ["casebook", "private-intel"];
const READ_SCOPES: [&str; 2] = ["casebook:read", "private-intel:read"];

impl Stored {
    /// Readable and writable by this caller: same organisation, and not someone else's red one.
    fn visible_to(&self, client_id: &str, owner: &str) -> bool {
        self.client_id == client_id
            && (self.doc.get("tlp").and_then(Value::as_str) != Some("red") || self.doc.get("owner").and_then(Value::as_str) == Some(owner))
    }
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
    "bundle",
    "authorized_users",
    "authorized_groups",
];
const TLPS: [&str; 4] = ["white", "green", "amber", "red"];

/// The caller as a casebook owner: the person a sign-in token was issued to, or the API
/// client's own user (as the token claims name it).
fn owner_of(call: &Call) -> String {
    match signin::user_of(call.app, call.headers) {
        Some(u) => format!("user-{u}"),
        None => format!("user-{}", call.client.client_id),
    }
}

/// `None` if the token's scopes allow `op` (`create`, `search`, `read`, `update`, `delete`), else
/// CTIA's 403 (contract §2c, `middleware/auth.clj`).
fn capability(call: &Call, op: &str) -> Option<Reply> {
    let has = |list: &[&str]| call.client.scopes.iter().any(|s| list.contains(&s.as_str()));
    let ok = has(&WRITE_SCOPES) || (matches!(op, "read" | "search") && has(&READ_SCOPES));
    (!ok).then(|| {
        Reply::json(
            403,
            &json!({"message": "Missing capability", "error": "missing_capability", "capabilities": format!("{op}-casebook"), "owner": owner_of(call)}),
        )
    })
}

fn invalid(errors: Map<String, Value>) -> Reply {
    Reply::json(400, &json!({ "errors": errors }))
}

/// The 404 of the casebook routes that name it (`entity/casebook.clj`).
fn not_found() -> Reply {
    Reply::json(404, &json!({"error": "casebook not found"}))
}

/// The 404 of CTIA's generic read and delete (`routes/crud.clj`): no body at all.
fn not_found_empty() -> Reply {
    Reply::raw(404, None, Vec::new())
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
    let _ = partial; // nothing is required in a new casebook either (CTIM `NewCasebook`)
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
    sxr_codec::date::iso_utc(SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0))
}

/// The base of a casebook's full id: the host the request was sent to.
fn base_of(call: &Call) -> String {
    let host = call.headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1");
    format!("http://{host}")
}

/// Fills in what CTIA adds to a stored casebook (contract §2c); keeps what the body already has
/// where CTIA would keep it (`timestamp`, `tlp`).
fn realize(m: &mut Map<String, Value>, full_id: String, owner: String, client_id: &str) {
    let now = now_iso();
    m.insert("type".into(), json!("casebook"));
    m.insert("id".into(), json!(full_id));
    m.insert("owner".into(), json!(owner));
    m.insert("groups".into(), json!(["org-standin"]));
    m.insert("client_id".into(), json!(client_id));
    m.insert("schema_version".into(), json!("1.1.3"));
    m.insert("created".into(), json!(now));
    m.insert("modified".into(), json!(now));
    m.entry("timestamp").or_insert_with(|| json!(now));
    m.entry("tlp").or_insert_with(|| json!("amber"));
}

fn create(call: &Call) -> Answer {
    if let Some(r) = capability(call, "create") {
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
    let full_id = format!("{}/ctia/casebook/{short_id}", base_of(call));
    realize(&mut m, full_id.clone(), owner_of(call), &call.client.client_id);
    let doc = m.clone();
    call.app.lock().casebooks.books.push(Stored { client_id: call.client.client_id.clone(), short_id, doc });
    Reply::json(201, &Value::Object(m)).header("Location", &full_id).into()
}

/// Lower-cased alphanumeric runs: the whole tokens search matches.
fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty()).map(str::to_lowercase)
}

/// Does every word of the query match a whole token of the searchable fields?
fn matches(doc: &Map<String, Value>, query: &str) -> bool {
    let mut hay: Vec<String> = Vec::new();
    for k in ["id", "source", "title", "description", "short_description"] {
        if let Some(s) = doc.get(k).and_then(Value::as_str) {
            hay.extend(tokens(s));
        }
    }
    for item in doc.get("observables").and_then(Value::as_array).into_iter().flatten() {
        if let Some(s) = item.get("value").and_then(Value::as_str) {
            hay.extend(tokens(s));
        }
    }
    let mut terms: Vec<(String, bool)> = Vec::new();
    for word in query.split_whitespace() {
        let mut plain = String::new();
        let mut chars = word.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => plain.extend(chars.next()),
                c => plain.push(c),
            }
        }
        let prefix = plain.ends_with('*');
        let parts: Vec<String> = tokens(&plain).collect();
        let n = parts.len();
        for (i, t) in parts.into_iter().enumerate() {
            terms.push((t, prefix && i + 1 == n));
        }
    }
    terms.iter().all(|(t, prefix)| hay.iter().any(|h| if *prefix { h.starts_with(t.as_str()) } else { h == t }))
}

fn search(call: &Call) -> Answer {
    if let Some(r) = capability(call, "search") {
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
    let owner = owner_of(call);
    let inner = call.app.lock();
    let mut hits: Vec<&Map<String, Value>> = inner
        .casebooks
        .books
        .iter()
        .filter(|b| b.visible_to(&call.client.client_id, &owner))
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

/// Runs `f` on the caller's casebook `id`, answering with it afterwards (`missing` when unknown
/// or not visible to the caller).
fn with_book(call: &Call, id: &str, missing: fn() -> Reply, f: impl FnOnce(&mut Map<String, Value>)) -> Reply {
    let owner = owner_of(call);
    let mut inner = call.app.lock();
    match inner.casebooks.books.iter_mut().find(|b| b.short_id == id && b.visible_to(&call.client.client_id, &owner)) {
        Some(b) => {
            f(&mut b.doc);
            Reply::json(200, &Value::Object(b.doc.clone()))
        }
        None => missing(),
    }
}

/// Stamps `modified` on a changed casebook.
fn touch(doc: &mut Map<String, Value>) {
    doc.insert("modified".into(), json!(now_iso()));
}

fn get(call: &Call) -> Answer {
    if let Some(r) = capability(call, "read") {
        return r.into();
    }
    match id_of(call.path, "") {
        Some(id) => with_book(call, id, not_found_empty, |_| {}).into(),
        None => Reply::not_found_html().into(),
    }
}

/// `DELETE /ctia/casebook/{id}`: 204, or the empty 404 (CTIA `routes/crud.clj`).
fn delete(call: &Call) -> Answer {
    if let Some(r) = capability(call, "delete") {
        return r.into();
    }
    let Some(id) = id_of(call.path, "") else {
        return Reply::not_found_html().into();
    };
    let owner = owner_of(call);
    let mut inner = call.app.lock();
    let before = inner.casebooks.books.len();
    inner.casebooks.books.retain(|b| !(b.short_id == id && b.visible_to(&call.client.client_id, &owner)));
    if inner.casebooks.books.len() < before {
        Reply::raw(204, None, Vec::new()).into()
    } else {
        not_found_empty().into()
    }
}

/// Applies `add` (concatenate, contract §2c), `remove` (drop every equal item) or `replace`.
fn apply(op: Option<&str>, cur: &mut Vec<Value>, items: Vec<Value>) {
    match op {
        Some("add") => cur.extend(items),
        Some("remove") => cur.retain(|c| !items.contains(c)),
        _ => *cur = items,
    }
}

/// Checks `{"operation": "add" | "remove" | "replace", "<list>": …}`: the 400 map of problems.
fn check_operation(m: &Map<String, Value>, list: &str, check: fn(&Value) -> Result<(), String>) -> Map<String, Value> {
    let mut errors = Map::new();
    for k in m.keys().filter(|k| *k != "operation" && *k != list) {
        errors.insert(k.clone(), json!("disallowed-key"));
    }
    match m.get("operation").and_then(Value::as_str) {
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
    errors
}

/// `{"operation": "add" | "remove" | "replace", "<list>": [...]}` applied to the casebook's list.
fn operation(call: &Call, list: &str, check: fn(&Value) -> Result<(), String>) -> Answer {
    if let Some(r) = capability(call, "update") {
        return r.into();
    }
    let Some(id) = id_of(call.path, &format!("/{list}")) else {
        return Reply::not_found_html().into();
    };
    let m = match object(call.body) {
        Ok(m) => m,
        Err(r) => return r.into(),
    };
    let errors = check_operation(&m, list, check);
    if !errors.is_empty() {
        return invalid(errors).into();
    }
    let op = m.get("operation").and_then(Value::as_str);
    let items = m[list].as_array().cloned().unwrap_or_default();
    with_book(call, id, not_found, |doc| {
        let current = doc.entry(list).or_insert_with(|| json!([]));
        let mut cur = current.as_array().cloned().unwrap_or_default();
        apply(op, &mut cur, items);
        *current = Value::Array(cur);
        touch(doc);
    })
    .into()
}

fn observables(call: &Call) -> Answer {
    operation(call, "observables", check_observables)
}

fn texts(call: &Call) -> Answer {
    operation(call, "texts", check_texts)
}

fn check_bundle(v: &Value) -> Result<(), String> {
    let m = v.as_object().ok_or("expected a bundle object")?;
    match m.iter().find(|(k, v)| *k != "type" && *k != "source" && !v.is_array()) {
        Some((k, _)) => Err(format!("{k}: expected a list of entities")),
        None => Ok(()),
    }
}

/// `POST /ctia/casebook/{id}/bundle` `{"operation", "bundle": {"<entities>": [...]}}`: each list of
/// the bundle added to, removed from or replacing the casebook's bundle's list of that name.
fn bundle(call: &Call) -> Answer {
    if let Some(r) = capability(call, "update") {
        return r.into();
    }
    let Some(id) = id_of(call.path, "/bundle") else {
        return Reply::not_found_html().into();
    };
    let m = match object(call.body) {
        Ok(m) => m,
        Err(r) => return r.into(),
    };
    let errors = check_operation(&m, "bundle", check_bundle);
    if !errors.is_empty() {
        return invalid(errors).into();
    }
    let op = m.get("operation").and_then(Value::as_str);
    let given = m["bundle"].as_object().cloned().unwrap_or_default();
    with_book(call, id, not_found, |doc| {
        let b = doc.entry("bundle").or_insert_with(|| json!({"type": "bundle", "source": "casebook"}));
        if let Some(bm) = b.as_object_mut() {
            for (k, v) in given {
                let Value::Array(items) = v else { continue };
                let mut cur = bm.get(&k).and_then(Value::as_array).cloned().unwrap_or_default();
                apply(op, &mut cur, items);
                bm.insert(k, Value::Array(cur));
            }
        }
        touch(doc);
    })
    .into()
}

fn patch(call: &Call) -> Answer {
    if let Some(r) = capability(call, "update") {
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
    with_book(call, id, not_found, |doc| {
        for (k, v) in m {
            doc.insert(k, v);
        }
        touch(doc);
    })
    .into()
}

#[derive(serde::Deserialize)]
struct SeedReq {
    /// The organisation (API client) whose people see it.
    client_id: String,
    /// The casebook as a colleague (or the XDR UI) stored it; what it lacks is filled in.
    casebook: Map<String, Value>,
}

/// `POST /__standin/casebooks` `{client_id, casebook: {...}}` (see `control.rs`): stores a
/// colleague's casebook in that client's organisation. `owner` defaults to `user-colleague`,
/// `client_id` (inside the casebook) to `client-xdr-ui`, `tlp` to `amber`; `id` is made up unless
/// given. Nothing is validated, so old-looking casebooks (no `texts`, no `description`) can be
/// seeded. Answers 200 with the stored casebook.
pub(crate) fn control(app: &App, method: &str, path: &str, host: &str, body: &[u8]) -> Option<Reply> {
    if (method, path) != ("POST", "/__standin/casebooks") {
        return None;
    }
    Some(match serde_json::from_slice::<SeedReq>(body) {
        Ok(r) => {
            let mut m = r.casebook;
            let short_id = match m.get("id").and_then(Value::as_str) {
                Some(id) => id.rsplit('/').next().unwrap_or(id).to_string(),
                None => format!("casebook-{}", util::uuid()),
            };
            let owner = m.get("owner").and_then(Value::as_str).unwrap_or("user-colleague").to_string();
            let made_by = m.get("client_id").and_then(Value::as_str).unwrap_or("client-xdr-ui").to_string();
            realize(&mut m, format!("http://{host}/ctia/casebook/{short_id}"), owner, &made_by);
            let mut inner = app.lock();
            inner.casebooks.books.retain(|b| !(b.short_id == short_id && b.client_id == r.client_id));
            inner.casebooks.books.push(Stored { client_id: r.client_id, short_id, doc: m.clone() });
            Reply::json(200, &Value::Object(m))
        }
        Err(e) => Reply::err(400, "invalid_request", &e.to_string()),
    })
}
