//! The private intelligence routes (casebooks) and observe/observables (sightings) over real
//! HTTP, checked against contract §4, §4b and §2c (what CTIA's source shows).

mod common;
use common::*;
use serde_json::{json, Value};

const CASEBOOK: &[&str] = &["inspect:read", "response", "enrich:read", "casebook"];

fn call(tok: &str, method: &str, path: &str, body: Option<Value>) -> Resp {
    let auth = format!("Bearer {tok}");
    let b = body.map(|b| b.to_string());
    let mut h = vec![("Authorization", auth.as_str())];
    if b.is_some() {
        h.push(("Content-Type", "application/json"));
    }
    send(method, path, &h, b.as_deref()).unwrap()
}

fn short_id(book: &Value) -> String {
    book["id"].as_str().unwrap().rsplit('/').next().unwrap().to_string()
}

fn create(tok: &str, title: &str, obs: Value, extra: Value) -> Value {
    let mut body = json!({"type": "casebook", "title": title, "observables": obs});
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    let r = call(tok, "POST", "/ctia/casebook", Some(body));
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.header("location"), r.json()["id"].as_str(), "contract §2c: Location names the new casebook");
    r.json()
}

#[test]
fn create_get_and_the_operations() {
    let (id, secret) = new_client(CASEBOOK, json!({}));
    let tok = token(&id, &secret);
    // Contract §4b's create, as Cisco's docs show it.
    let book = create(
        &tok,
        "Casebook July 26, 2018 11:14 AM",
        json!([{"type": "domain", "value": "cisco.com"}]),
        json!({"short_description": "API Case", "description": "Created via the API", "tlp": "amber", "timestamp": "2018-07-26T16:14:40.000Z", "schema_version": "1.0.9"}),
    );
    let full_id = book["id"].as_str().unwrap();
    assert!(full_id.starts_with(&format!("{}/ctia/casebook/casebook-", base())), "{full_id}");
    let sid = short_id(&book);
    assert_eq!(sid.len(), "casebook-".len() + 36);
    assert_eq!((book["schema_version"].clone(), book["client_id"].clone(), book["tlp"].clone()), (json!("1.1.3"), json!(id), json!("amber")));
    assert!(book["owner"].is_string() && book["groups"].is_array());
    assert_eq!(book["timestamp"], "2018-07-26T16:14:40.000Z");
    assert!(book["created"].is_string() && book["modified"].is_string());
    // Nothing is required (CTIM NewCasebook); CTIA fills in type, tlp, timestamp.
    let bare = call(&tok, "POST", "/ctia/casebook", Some(json!({})));
    assert_eq!(bare.status, 201, "{}", bare.body);
    assert_eq!((bare.json()["type"].clone(), bare.json()["tlp"].clone()), (json!("casebook"), json!("amber")));
    assert!(bare.json()["timestamp"].is_string() && bare.json().get("observables").is_none());

    let got = call(&tok, "GET", &format!("/ctia/casebook/{sid}"), None);
    assert_eq!((got.status, got.json()), (200, book.clone()));

    let add = |list: &str, op: &str, items: Value| call(&tok, "POST", &format!("/ctia/casebook/{sid}/{list}"), Some(json!({"operation": op, list: items})));
    let r = add("observables", "add", json!([{"type": "domain", "value": "cisco.com"}, {"type": "ip", "value": "203.0.113.7"}]));
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.json()["observables"],
        json!([{"type": "domain", "value": "cisco.com"}, {"type": "domain", "value": "cisco.com"}, {"type": "ip", "value": "203.0.113.7"}]),
        "contract §2c: add concatenates (CTIA add-colls), so cisco.com is there twice"
    );
    let r = add("observables", "remove", json!([{"type": "domain", "value": "cisco.com"}]));
    assert_eq!(r.json()["observables"], json!([{"type": "ip", "value": "203.0.113.7"}]));
    let r = add("observables", "replace", json!([{"type": "sha256", "value": SHA}]));
    assert_eq!(r.json()["observables"], json!([{"type": "sha256", "value": SHA}]));
    let r = add("texts", "add", json!([{"type": "note", "text": "first"}]));
    let r2 = add("texts", "add", json!([{"type": "note", "text": "second"}]));
    assert_eq!((r.status, r2.json()["texts"].clone()), (200, json!([{"type": "note", "text": "first"}, {"type": "note", "text": "second"}])));

    let r = call(&tok, "PATCH", &format!("/ctia/casebook/{sid}"), Some(json!({"title": "Renamed"})));
    assert_eq!((r.status, r.json()["title"].clone()), (200, json!("Renamed")));

    // The event log names every route.
    let r = call(&tok, "POST", &format!("/ctia/casebook/{sid}/bundle"), Some(json!({"operation": "add", "bundle": {"indicators": [{"id": "i1"}]}})));
    assert_eq!((r.status, r.json()["bundle"]["indicators"].clone()), (200, json!([{"id": "i1"}])));
    // Deleted: 204, then GET answers 404 with an empty body.
    let r = call(&tok, "DELETE", &format!("/ctia/casebook/{sid}"), None);
    assert_eq!((r.status, r.body.as_str()), (204, ""));
    let r = call(&tok, "GET", &format!("/ctia/casebook/{sid}"), None);
    assert_eq!((r.status, r.body.as_str()), (404, ""));
    assert_eq!(call(&tok, "DELETE", &format!("/ctia/casebook/{sid}"), None).status, 404);
    let routes: Vec<String> = events(&id).iter().map(|e| e["route"].as_str().unwrap().to_string()).collect();
    for r in ["casebook_create", "casebook_get", "casebook_observables", "casebook_texts", "casebook_patch", "casebook_bundle", "casebook_delete"] {
        assert!(routes.iter().any(|x| x == r), "{r} in {routes:?}");
    }
}

#[test]
fn not_found_invalid_bodies_and_other_clients() {
    let (id, secret) = new_client(CASEBOOK, json!({}));
    let tok = token(&id, &secret);
    let book = create(&tok, "mine", json!([{"type": "ip", "value": "1.1.1.1"}]), json!({}));
    let sid = short_id(&book);

    // Contract §2c: the generic read answers 404 with no body at all (CTIA crud.clj) ...
    let r = call(&tok, "GET", "/ctia/casebook/casebook-00000000-0000-4000-8000-000000000000", None);
    assert_eq!((r.status, r.body.as_str(), r.header("content-type")), (404, "", None));
    // ... the casebook routes naming it a JSON error (entity/casebook.clj).
    for (method, path, body) in [
        ("POST", "/ctia/casebook/casebook-gone/bundle".to_string(), Some(json!({"operation": "add", "bundle": {}}))),
        ("POST", "/ctia/casebook/casebook-gone/observables".to_string(), Some(json!({"operation": "add", "observables": []}))),
        ("POST", "/ctia/casebook/casebook-gone/texts".to_string(), Some(json!({"operation": "add", "texts": [{"type": "note", "text": "x"}]}))),
        ("PATCH", "/ctia/casebook/casebook-gone".to_string(), Some(json!({"title": "x"}))),
    ] {
        let r = call(&tok, method, &path, body);
        assert_eq!((r.status, r.json()), (404, json!({"error": "casebook not found"})), "{method} {path}");
    }
    // Another client (its own organisation here) does not see it.
    let (other, other_secret) = new_client(CASEBOOK, json!({}));
    let tok2 = token(&other, &other_secret);
    assert_eq!(call(&tok2, "GET", &format!("/ctia/casebook/{sid}"), None).status, 404);
    assert_eq!(call(&tok2, "GET", "/ctia/casebook/search?query=*", None).json(), json!([]));

    // Invalid bodies: 400 naming the keys (checked before the casebook is looked up).
    for (body, key, problem) in [
        (json!({"type": "incident", "title": "t", "observables": []}), "type", "(not= \"casebook\")"),
        (json!({"type": "casebook", "title": "t", "observables": [], "color": "red"}), "color", "disallowed-key"),
        (json!({"type": "casebook", "title": "t", "observables": [{"type": "ip"}]}), "observables", "item 0: expected {type, value} with non-empty strings"),
        (
            json!({"type": "casebook", "title": "t", "observables": [], "texts": [{"text": "no type"}]}),
            "texts",
            "item 0: expected {type, text} with string values",
        ),
    ] {
        let r = call(&tok, "POST", "/ctia/casebook", Some(body.clone()));
        assert_eq!(r.status, 400, "{body}");
        assert_eq!(r.json()["errors"][key], json!(problem), "{body}: {}", r.body);
    }
    let r = call(&tok, "POST", "/ctia/casebook", Some(json!({"type": "casebook", "title": "t", "observables": [], "tlp": "purple"})));
    assert!(r.json()["errors"]["tlp"].is_string());
    let r = send("POST", "/ctia/casebook", &[("Authorization", &format!("Bearer {tok}")), ("Content-Type", "application/json")], Some("{not json")).unwrap();
    assert_eq!((r.status, r.json()["error"].clone()), (400, json!("invalid_request")));
    for (body, key) in [
        (json!({"operation": "merge", "observables": []}), "operation"),
        (json!({"observables": []}), "operation"),
        (json!({"operation": "add"}), "observables"),
        (json!({"operation": "add", "observables": [], "extra": 1}), "extra"),
    ] {
        let r = call(&tok, "POST", "/ctia/casebook/casebook-gone/observables", Some(body.clone()));
        assert_eq!(r.status, 400, "{body}");
        assert!(r.json()["errors"][key].is_string(), "{body}: {}", r.body);
    }
    // Paths that are no route: the gateway's HTML 404.
    let r = call(&tok, "GET", &format!("/ctia/casebook/{sid}/extra"), None);
    assert_eq!(r.status, 404);
    assert!(r.body.contains("<html>"));
}

#[test]
fn search_query_sorting_and_paging() {
    let (id, secret) = new_client(CASEBOOK, json!({}));
    let tok = token(&id, &secret);
    create(&tok, "Phish-kit wave", json!([{"type": "domain", "value": "evil.com"}]), json!({"timestamp": "2026-11-01T00:00:00.000Z"}));
    create(&tok, "Ransomware", json!([{"type": "sha256", "value": SHA}]), json!({"timestamp": "2026-11-03T00:00:00.000Z", "description": "seen on WS-042"}));
    create(&tok, "Older phishing", json!([]), json!({"timestamp": "2026-10-01T00:00:00.000Z"}));
    let titles = |path: &str| -> Vec<String> {
        let r = call(&tok, "GET", path, None);
        assert_eq!(r.status, 200, "{path}: {}", r.body);
        r.json().as_array().unwrap().iter().map(|b| b["title"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(titles("/ctia/casebook/search?query=*"), ["Phish-kit wave", "Ransomware", "Older phishing"], "creation order without sort_by");
    assert_eq!(titles("/ctia/casebook/search"), ["Phish-kit wave", "Ransomware", "Older phishing"], "no query lists all");
    assert_eq!(titles("/ctia/casebook/search?query=%2A&sort_by=timestamp&sort_order=desc"), ["Ransomware", "Phish-kit wave", "Older phishing"]);
    assert_eq!(titles("/ctia/casebook/search?query=*&sort_by=title&sort_order=asc"), ["Older phishing", "Phish-kit wave", "Ransomware"]);
    // Contract §2c: whole tokens, case-insensitive, of title, description or an observable's
    // value, never substrings; Lucene escapes removed; a trailing `*` is a prefix.
    assert_eq!(titles("/ctia/casebook/search?query=PHISH"), ["Phish-kit wave"]);
    assert_eq!(titles("/ctia/casebook/search?query=phish*"), ["Phish-kit wave", "Older phishing"]);
    assert_eq!(titles("/ctia/casebook/search?query=phish%5C-kit"), ["Phish-kit wave"]);
    assert_eq!(titles("/ctia/casebook/search?query=ws-042"), ["Ransomware"]);
    assert_eq!(titles(&format!("/ctia/casebook/search?query={}", &SHA[..20])), Vec::<String>::new());
    assert_eq!(titles(&format!("/ctia/casebook/search?query={SHA}")), ["Ransomware"]);
    assert_eq!(titles("/ctia/casebook/search?query=ware"), Vec::<String>::new());
    assert_eq!(titles("/ctia/casebook/search?query=evil.com%20wave"), ["Phish-kit wave"]);
    assert_eq!(titles("/ctia/casebook/search?query=evil.com%20ransomware"), Vec::<String>::new());
    // Paging headers.
    let r = call(&tok, "GET", "/ctia/casebook/search?query=*&limit=1&offset=1", None);
    assert_eq!(r.json().as_array().unwrap().len(), 1);
    assert_eq!((r.header("x-total-hits"), r.header("x-next"), r.header("x-previous")), (Some("3"), Some("limit=1&offset=2"), Some("limit=1&offset=0")));
    let r = call(&tok, "GET", "/ctia/casebook/search?query=*", None);
    assert_eq!((r.header("x-next"), r.header("x-previous")), (None, None));
    for bad in ["limit=x", "limit=10001", "sort_order=up"] {
        assert_eq!(call(&tok, "GET", &format!("/ctia/casebook/search?query=*&{bad}"), None).status, 400, "{bad}");
    }
}

/// Contract §2c (CTIA auth/jwt.clj, middleware/auth.clj): `casebook` / `private-intel` read and
/// write, the `:read` ones read and search only; otherwise 403 `missing_capability` naming the
/// operation.
#[test]
fn casebook_scopes() {
    for (scopes, write, read) in [
        (&["private-intel"][..], true, true),
        (&["casebook"][..], true, true),
        (&["casebook:read"][..], false, true),
        (&["private-intel:read"][..], false, true),
        (&["inspect:read", "response", "enrich:read"][..], false, false),
    ] {
        let (id, secret) = new_client(scopes, json!({}));
        let tok = token(&id, &secret);
        let r = call(&tok, "POST", "/ctia/casebook", Some(json!({"type": "casebook", "title": "t", "observables": []})));
        let s = call(&tok, "GET", "/ctia/casebook/search?query=*", None);
        let g = call(&tok, "GET", "/ctia/casebook/casebook-unknown", None);
        let p = call(&tok, "PATCH", "/ctia/casebook/casebook-unknown", Some(json!({"title": "x"})));
        assert_eq!((r.status == 201, s.status == 200, g.status == 404, p.status == 404), (write, read, read, write), "{scopes:?}");
        if !write {
            assert_eq!(
                r.json(),
                json!({"message": "Missing capability", "error": "missing_capability", "capabilities": "create-casebook", "owner": format!("user-{id}")}),
                "{scopes:?}"
            );
            assert_eq!((p.status, p.json()["capabilities"].clone()), (403, json!("update-casebook")));
        }
        if !read {
            assert_eq!((s.status, s.json()["capabilities"].clone()), (403, json!("search-casebook")));
            assert_eq!((g.status, g.json()["capabilities"].clone()), (403, json!("read-casebook")));
        }
    }
    // No token at all: 401 as everywhere.
    let r = send("GET", "/ctia/casebook/search?query=*", &[], None).unwrap();
    assert_eq!(r.status, 401);
}

/// Contract §2c (CTIA access_control.clj): colleagues' amber and green casebooks appear in search
/// with their owner and TLP, red ones only to their owner.
#[test]
fn colleagues_casebooks_in_search() {
    let (id, secret) = new_client(CASEBOOK, json!({}));
    let tok = token(&id, &secret);
    let seed = |book: Value| control("/__standin/casebooks", json!({"client_id": id, "casebook": book}));
    let shared = seed(json!({"title": "Shared phishing case", "observables": [{"type": "domain", "value": "evil.com"}]}));
    assert_eq!((shared["owner"].clone(), shared["tlp"].clone()), (json!("user-colleague"), json!("amber")));
    seed(json!({"title": "Old UI case", "owner": "user-bob", "tlp": "green"}));
    seed(json!({"title": "Secret phishing case", "owner": "user-bob", "tlp": "red"}));
    let mine = create(&tok, "My red phishing case", json!([]), json!({"tlp": "red"}));
    assert_eq!(mine["owner"], format!("user-{id}"));
    let r = call(&tok, "GET", "/ctia/casebook/search?query=phishing", None);
    let got: Vec<(String, String, String)> = r
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["title"].as_str().unwrap().into(), b["owner"].as_str().unwrap().into(), b["tlp"].as_str().unwrap().into()))
        .collect();
    assert_eq!(
        got,
        [("Shared phishing case".into(), "user-colleague".into(), "amber".into()), ("My red phishing case".into(), format!("user-{id}"), "red".into())]
    );
    assert_eq!(r.header("x-total-hits"), Some("2"));
    // A colleague's amber casebook can be read and written.
    let sid = short_id(&shared);
    assert_eq!(call(&tok, "GET", &format!("/ctia/casebook/{sid}"), None).status, 200);
    assert_eq!(call(&tok, "PATCH", &format!("/ctia/casebook/{sid}"), Some(json!({"description": "mine too"}))).status, 200);
    assert_eq!(call(&tok, "GET", "/ctia/casebook/search?query=*", None).json().as_array().unwrap().len(), 3);
    // Another organisation sees none of it.
    let (other, other_secret) = new_client(CASEBOOK, json!({}));
    assert_eq!(call(&token(&other, &other_secret), "GET", "/ctia/casebook/search?query=*", None).json(), json!([]));
}

#[test]
fn casebook_faults_and_events() {
    let (id, secret) = new_client(CASEBOOK, json!({}));
    let tok = token(&id, &secret);
    let book = create(&tok, "faulty", json!([]), json!({}));
    let sid = short_id(&book);
    fault(&id, "casebook_texts", Some(1), json!({"kind": "status", "status": 503, "body": ""}));
    let texts = |t: &str| call(&tok, "POST", &format!("/ctia/casebook/{sid}/texts"), Some(json!({"operation": "add", "texts": [{"type": "note", "text": t}]})));
    assert_eq!(
        call(&tok, "POST", &format!("/ctia/casebook/{sid}/observables"), Some(json!({"operation": "add", "observables": []}))).status,
        200,
        "only the texts route is armed"
    );
    assert_eq!(texts("lost").status, 503);
    assert_eq!(texts("kept").json()["texts"], json!([{"type": "note", "text": "kept"}]), "a status fault does not run the handler");
    fault(&id, "casebook_search", None, json!({"kind": "echo", "status": 200}));
    let r = call(&tok, "GET", "/ctia/casebook/search?query=*", None);
    assert_eq!(r.status, 200);
    assert!(r.json()[0]["title"].as_str().unwrap().contains(&secret), "the echo fault puts the secret in a casebook");
    let evs = events(&id);
    let tail: Vec<(String, u64, Option<String>)> =
        evs.iter().skip(2).map(|e| (e["route"].as_str().unwrap().to_string(), e["status"].as_u64().unwrap(), e["fault"].as_str().map(String::from))).collect();
    assert_eq!(
        tail,
        [
            ("casebook_observables".to_string(), 200, None),
            ("casebook_texts".to_string(), 503, Some("status".to_string())),
            ("casebook_texts".to_string(), 200, None),
            ("casebook_search".to_string(), 200, Some("echo".to_string())),
        ]
    );
}

#[test]
fn observe_sightings_targets_and_stored_spelling() {
    let (id, secret) = new_client(ALL, json!({}));
    let tok = token(&id, &secret);
    let asked = json!([{"type": "sha256", "value": SHA.to_ascii_uppercase()}, {"type": "domain", "value": "Evil.COM."}, {"type": "domain", "value": "cisco.com"}, {"type": "ip", "value": "192.0.2.1"}]);
    let r = api(&tok, "/iroh/iroh-enrich/observe/observables", asked).unwrap();
    assert_eq!(r.status, 200);
    let v = r.json();
    let modules: Vec<&str> = v["data"].as_array().unwrap().iter().map(|m| m["module"].as_str().unwrap()).collect();
    assert_eq!(modules, ["Secure Endpoint", "Umbrella", "Private Intelligence", "Talos", "AbuseIPDB", "VirusTotal"]);
    let se = v["data"][0]["data"]["sightings"]["docs"].as_array().unwrap();
    assert_eq!(se.len(), 4, "two per bad indicator");
    // Answered as the module stores it: lower case, no trailing dot.
    assert_eq!(se[0]["observables"], json!([{"type": "sha256", "value": SHA}]));
    assert_eq!(se[2]["observables"], json!([{"type": "domain", "value": "evil.com"}]));
    assert_eq!(se[0]["targets"][0]["observables"][0], json!({"type": "hostname", "value": "WS-042"}));
    assert_eq!(se[1]["targets"][0]["observables"][1], json!({"type": "hostname", "value": "ws-042"}));
    assert!(se[0]["observed_time"].get("end_time").is_none() && se[1]["observed_time"]["end_time"].is_string());
    let umbrella = v["data"][1]["data"]["sightings"]["docs"].as_array().unwrap();
    let res: Vec<(&str, u64)> = umbrella.iter().map(|d| (d["resolution"].as_str().unwrap(), d["count"].as_u64().unwrap())).collect();
    assert_eq!(res, [("blocked", 5), ("allowed", 40)]);
    assert!(umbrella[1].get("targets").is_none());
    assert!(v["data"][2]["data"]["judgements"]["docs"].is_array() && v["data"][2]["data"].get("sightings").is_none());
    assert_eq!(v["data"][5]["data"], json!({}));
    assert_eq!(v["errors"][0]["code"], "module-timeout");
    let r = api(&tok, "/iroh/iroh-enrich/observe/observables", json!([{"type": "ip", "value": "192.0.2.1"}])).unwrap();
    assert!(r.json()["data"].as_array().unwrap().iter().all(|m| m["data"] == json!({})), "nothing seen: every module answers {{}}");
    // 400 for a body that is not an array of observables; scope: enrich:read covers observe.
    assert_eq!(api(&tok, "/iroh/iroh-enrich/observe/observables", json!({"type": "ip"})).unwrap().status, 400);
    let (rid, rsecret) = new_client(&["response"], json!({}));
    let r = api(&token(&rid, &rsecret), "/iroh/iroh-enrich/observe/observables", json!([])).unwrap();
    assert_eq!((r.status, r.json()["missing-scopes"].clone()), (403, json!(["enrich/observables/observe:read"])));
    fault(&id, "observe", Some(1), json!({"kind": "echo", "status": 200}));
    let r = api(&tok, "/iroh/iroh-enrich/observe/observables", json!([])).unwrap();
    assert!(r.json()["data"][0]["data"]["sightings"]["docs"][0]["targets"][0]["observables"][0]["value"].as_str().unwrap().contains(&secret));
    assert_eq!(events(&id).last().unwrap()["route"], "observe");
}

#[test]
fn deliberate_answers_in_the_stored_spelling() {
    let (id, secret) = new_client(ALL, json!({}));
    let tok = token(&id, &secret);
    let r = api(&tok, "/iroh/iroh-enrich/deliberate/observables", json!([{"type": "domain", "value": "EVIL.com."}])).unwrap();
    assert_eq!(r.json()["data"][0]["data"]["verdicts"]["docs"][0]["observable"], json!({"type": "domain", "value": "evil.com"}));
}

/// Contract §2c: every sighting says whether it is `internal` (the organisation's own tools) or a
/// third-party report (AbuseIPDB: `internal: false`, "Reported to AbuseIPDB", `count` = reports);
/// an observable named only in `relations` is not in `observables`; and one observe answer
/// carries exactly deliberate's verdicts for the same observables.
#[test]
fn observe_internal_reports_relations_and_deliberates_verdicts() {
    let (id, secret) = new_client(ALL, json!({}));
    let tok = token(&id, &secret);
    let asked = json!([{"type": "domain", "value": "Evil.com"}, {"type": "ip", "value": "203.0.113.7"}, {"type": "domain", "value": "cisco.com"}, {"type": "sha256", "value": SHA}]);
    let v = api(&tok, "/iroh/iroh-enrich/observe/observables", asked.clone()).unwrap().json();
    let docs = |kind: &str| -> Vec<Value> {
        v["data"].as_array().unwrap().iter().flat_map(|m| m["data"][kind]["docs"].as_array().cloned().unwrap_or_default()).collect::<Vec<_>>()
    };
    let sightings = docs("sightings");
    assert!(sightings.iter().all(|s| s["internal"].is_boolean()), "every sighting says internal");
    let external: Vec<&Value> = sightings.iter().filter(|s| s["internal"] == false).collect();
    assert_eq!(external.len(), 1);
    assert_eq!(
        (external[0]["title"].as_str(), external[0]["count"].as_u64(), external[0]["source"].as_str()),
        (Some("Reported to AbuseIPDB"), Some(57), Some("AbuseIPDB"))
    );
    assert_eq!(external[0]["observables"], json!([{"type": "ip", "value": "203.0.113.7"}]));
    assert!(external[0].get("targets").is_none());
    // 10.0.8.11 is named in a relation only: never in a sighting's observables.
    let related = sightings.iter().any(|s| s["relations"].as_array().is_some_and(|r| r.iter().any(|x| x["source"]["value"] == "10.0.8.11")));
    assert!(related);
    assert!(sightings.iter().all(|s| s["observables"].as_array().unwrap().iter().all(|o| o["value"] != "10.0.8.11")));
    // Verdicts identical to deliberate's, judgements beside them.
    let d = api(&tok, "/iroh/iroh-enrich/deliberate/observables", asked).unwrap().json();
    let deliberate: Vec<Value> =
        d["data"].as_array().unwrap().iter().flat_map(|m| m["data"]["verdicts"]["docs"].as_array().cloned().unwrap_or_default()).collect();
    assert!(!deliberate.is_empty());
    assert_eq!(docs("verdicts"), deliberate);
    let judged: Vec<Value> = docs("judgements").iter().map(|j| j["observable"].clone()).collect();
    assert_eq!(judged, [json!({"type": "domain", "value": "evil.com"}), json!({"type": "domain", "value": "cisco.com"})]);
}
