//! Casebooks, sightings and Investigate links (issue 15): the client's policies against a
//! recording fake transport (wire shape, which host, how many calls, the messages for a
//! deleted casebook and a missing scope, redaction), then the whole flow against the
//! stand-in over real HTTP, with its event log and its stored casebooks as the witnesses.
#![cfg(not(target_arch = "wasm32"))]

mod fake;

use fake::{json, Answer, Fake, T0};
use securex_respond::api::intel::{NewCasebook, Outcome};
use securex_respond::auth::Credentials;
use securex_respond::http::HttpRequest;
use securex_respond::intel::{ActionRef, OutcomeIn};
use securex_respond::investigate::Target;
use securex_respond::native::UreqTransport;
use securex_respond::{Client, Endpoint, ErrorKind, Observable, TokenSource};
use serde_json::{json, Value};
use std::cell::{Cell, RefCell};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

const SECRET: &str = "fake-secret-9f8e7d6c5b4a";
const SHA: &str = "b1380fd95bc5c0729738dcda2696aa0a7c6ee97a93d992931ce717a0df523967";
const UUID: &str = "25d3dd3e-661b-4b37-8588-f12685e296aa";

/// The token route answers a token whose scopes are `scopes`; everything else goes to `api`.
fn fake(scopes: &'static str, api: impl Fn(&HttpRequest) -> Answer + 'static) -> Fake {
    Fake {
        clock: Cell::new(T0),
        sent: RefCell::new(Vec::new()),
        changes: RefCell::default(),
        answer: Box::new(move |r, n| {
            if r.url.ends_with("/iroh/oauth2/token") {
                json(200, &format!(r#"{{"access_token":"tok-{n}-{}","token_type":"bearer","expires_in":600,"scope":"{scopes}"}}"#, "x".repeat(40)))
            } else {
                api(r)
            }
        }),
    }
}

fn client_in(region: Option<&str>, base: Option<&str>, intel: Option<&str>, f: Fake) -> Client<Fake> {
    let endpoint = Endpoint::new(region, base, None).unwrap().with_private_intel_url(intel).unwrap();
    Client::new(f, endpoint, TokenSource::Credentials(Credentials::new("client-fake", SECRET).unwrap()))
}

fn o(t: &str, v: &str) -> Observable {
    Observable { kind: t.into(), value: v.into() }
}

/// A casebook as CTIA writes it: the id a full URL, and whatever `extra` adds.
fn book(extra: Value) -> String {
    let mut b = json!({"type": "casebook", "id": format!("https://private.intel.eu.amp.cisco.com:443/ctia/casebook/casebook-{UUID}"),
        "title": "Phishing wave", "observables": [{"type": "domain", "value": "evil.example"}], "texts": [],
        "owner": "user-1", "groups": ["org-1"], "client_id": "client-fake", "schema_version": "1.1.3", "timestamp": "2026-11-29T05:53:42.000Z"});
    for (k, v) in extra.as_object().unwrap() {
        b[k] = v.clone();
    }
    b.to_string()
}

fn sent(c: &Client<Fake>) -> Vec<(String, String, Option<Value>)> {
    c.transport()
        .sent
        .borrow()
        .iter()
        .filter(|r| !r.url.ends_with("/oauth2/token"))
        .map(|r| (r.method.as_str().to_string(), r.url.clone(), r.body.as_deref().map(|b| serde_json::from_str(b).unwrap())))
        .collect()
}

#[test]
fn casebook_calls_go_to_the_regions_private_intelligence_host_with_the_documented_shapes() {
    let c = client_in(Some("eu"), None, None, fake("casebook", |_| json(200, &book(json!({})))));
    let new = NewCasebook {
        title: "Phishing wave".into(),
        description: Some("From https://news.example/a".into()),
        observables: vec![o("domain", "evil.example")],
        note: Some("first look".into()),
        tlp: Some("amber".into()),
    };
    let made = pollster::block_on(c.create_casebook(&new)).unwrap();
    assert_eq!(made.id, format!("casebook-{UUID}"));
    assert_eq!(made.investigate_url, format!("https://visibility.eu.amp.cisco.com/investigate?spid={UUID}"));
    pollster::block_on(c.casebooks(Some("phish kit"), Some(5.0))).unwrap_err(); // the fake answers an object, not an array
    pollster::block_on(c.casebook(&made.id)).unwrap();
    pollster::block_on(c.add_to_casebook(&format!("https://private.intel.eu.amp.cisco.com/ctia/casebook/casebook-{UUID}"), &[o("ip", "203.0.113.7")], None))
        .unwrap();
    // Already in the casebook (the fake's casebook holds evil.example): CTIA's add would store
    // it twice, so only what is missing is sent, and nothing at all when nothing is.
    pollster::block_on(c.add_to_casebook(&made.id, &[o("domain", "EVIL.example"), o("ip", "203.0.113.7")], Some("seen in the proxy log"))).unwrap();
    pollster::block_on(c.add_to_casebook(&made.id, &[o("domain", "evil.example")], None)).unwrap();
    let host = "https://private.intel.eu.amp.cisco.com/ctia/casebook";
    let id = format!("casebook-{UUID}");
    assert_eq!(
        sent(&c),
        [
            (
                "POST".into(),
                host.to_string(),
                Some(
                    json!({"type": "casebook", "title": "Phishing wave", "description": "From https://news.example/a", "observables": [{"type": "domain", "value": "evil.example"}],
                    "texts": [{"type": "note", "text": "first look"}], "tlp": "amber", "timestamp": "2027-01-15T08:00:00.000Z"})
                )
            ),
            ("GET".into(), format!("{host}/search?query=phish%20kit&limit=5&sort_by=timestamp&sort_order=desc"), None),
            ("GET".into(), format!("{host}/{id}"), None),
            ("GET".into(), format!("{host}/{id}"), None),
            ("POST".into(), format!("{host}/{id}/observables"), Some(json!({"operation": "add", "observables": [{"type": "ip", "value": "203.0.113.7"}]}))),
            ("GET".into(), format!("{host}/{id}"), None),
            ("POST".into(), format!("{host}/{id}/observables"), Some(json!({"operation": "add", "observables": [{"type": "ip", "value": "203.0.113.7"}]}))),
            ("POST".into(), format!("{host}/{id}/texts"), Some(json!({"operation": "add", "texts": [{"type": "note", "text": "seen in the proxy log"}]}))),
            ("GET".into(), format!("{host}/{id}"), None),
        ],
        "add: the casebook read, only the missing observables, then texts only when there is a note"
    );
    let get = c.transport().sent.borrow().iter().find(|r| r.method.as_str() == "GET").unwrap().clone();
    assert!(get.header("Authorization").unwrap().starts_with("Bearer tok-0-") && get.header("Content-Type").is_none() && get.body.is_none());
}

#[test]
fn a_custom_base_url_needs_a_private_intelligence_url_and_sends_nothing_without_one() {
    let c = client_in(None, Some("http://127.0.0.1:9"), None, fake("casebook", |_| json(200, "[]")));
    let e = pollster::block_on(c.casebooks(None, None)).unwrap_err();
    assert_eq!((e.kind, e.setup), (ErrorKind::BadInput, true));
    assert!(e.message.contains("privateIntelUrl"), "{}", e.message);
    assert!(c.transport().sent.borrow().is_empty(), "not even a token exchange");
    let c = client_in(None, Some("https://visibility.amp.cisco.com"), None, fake("casebook", |_| json(200, "[]")));
    pollster::block_on(c.casebooks(None, None)).unwrap();
    assert_eq!(
        sent(&c)[0].1,
        "https://private.intel.amp.cisco.com/ctia/casebook/search?query=%2A&limit=20&sort_by=timestamp&sort_order=desc",
        "a region's host as base URL keeps its private intelligence host"
    );
    for bad in ["http://intel.example", "https://intel.example/ctia"] {
        let e = Endpoint::new(Some("us"), None, None).unwrap().with_private_intel_url(Some(bad)).unwrap_err();
        assert!(e.message.starts_with("The private intelligence URL"), "{bad}: {}", e.message);
    }
}

#[test]
fn a_deleted_casebook_and_a_missing_scope_are_said_for_casebooks() {
    let c = client_in(
        Some("us"),
        None,
        None,
        fake("inspect:read response", |r| {
            if r.url.contains("/search") {
                json(
                    403,
                    r#"{"error":"missing_scope","error_description":"You do not have the required credentials to access this route.","missing-scopes":["casebook"],"required-scopes":["casebook"],"scopes":["inspect:read","response"],"trace_id":"ctx-1"}"#,
                )
            } else if r.url.contains("/texts") {
                json(403, r#"{"error":"missing_scope"}"#)
            } else {
                json(404, r#"{"error": "casebook not found"}"#)
            }
        }),
    );
    let e = pollster::block_on(c.casebooks(None, None)).unwrap_err();
    assert_eq!((e.kind, e.missing_scopes.clone()), (ErrorKind::MissingScope, vec!["casebook".to_string()]));
    assert!(e.message.contains("add Casebook (casebook) or Private Intelligence (private-intel)"), "{}", e.message);
    let e = pollster::block_on(c.note_action("casebook-1", &ActionRef::default(), &Outcome::Succeeded, None)).unwrap_err();
    assert_eq!((e.kind, e.missing_scopes.clone()), (ErrorKind::MissingScope, vec!["casebook".to_string()]), "a 403 without the list still names the scope");
    for id in ["casebook-gone", "https://private.intel.amp.cisco.com/ctia/casebook/casebook-gone"] {
        let e = pollster::block_on(c.casebook(id)).unwrap_err();
        assert_eq!((e.kind, e.status), (ErrorKind::BadInput, Some(404)));
        assert!(e.message.contains("casebook-gone was not found") && e.message.contains("deleted"), "{}", e.message);
    }
    let e = pollster::block_on(c.add_to_casebook("casebook-gone", &[o("ip", "1.1.1.1")], Some("never sent"))).unwrap_err();
    assert_eq!(e.status, Some(404));
    assert!(!c.transport().sent.borrow().iter().any(|r| r.url.ends_with("/casebook-gone/texts")), "no note after the observables failed");
    assert_eq!(pollster::block_on(c.casebook("../oauth2")).unwrap_err().kind, ErrorKind::BadInput);
    let check = pollster::block_on(c.check_connection()).unwrap();
    assert!(!check.casebook);
}

#[test]
fn a_401_on_the_private_intelligence_host_costs_one_refresh_and_one_replay() {
    let c =
        client_in(
            Some("us"),
            None,
            None,
            fake("casebook", |r| {
                if r.header("Authorization").unwrap_or("").contains("tok-0-") {
                    json(401, r#"{"error":"invalid_jwt"}"#)
                } else {
                    json(200, "[]")
                }
            }),
        );
    pollster::block_on(c.casebooks(None, None)).unwrap();
    let paths: Vec<String> = c.transport().sent.borrow().iter().map(|r| r.url.split('?').next().unwrap().to_string()).collect();
    assert_eq!(
        paths,
        [
            "https://visibility.amp.cisco.com/iroh/oauth2/token",
            "https://private.intel.amp.cisco.com/ctia/casebook/search",
            "https://visibility.amp.cisco.com/iroh/oauth2/token",
            "https://private.intel.amp.cisco.com/ctia/casebook/search"
        ]
    );
}

#[test]
fn casebooks_echoing_the_secret_and_the_token_are_redacted() {
    let c = client_in(
        Some("us"),
        None,
        None,
        fake("casebook", |r| {
            let token = r.header("Authorization").unwrap_or("").trim_start_matches("Bearer ").to_string();
            json(200, &format!("[{}]", book(json!({"title": format!("t {SECRET}"), "description": token, "texts": [{"type": "note", "text": SECRET}]}))))
        }),
    );
    let list = pollster::block_on(c.casebooks(None, None)).unwrap();
    let shown = serde_json::to_string(&list).unwrap();
    assert!(!shown.contains(SECRET) && !shown.contains("tok-0-"), "{shown}");
    assert_eq!(list[0].title, "t [redacted]");
}

#[test]
fn the_audit_note_says_who_ran_what_on_which_observable_and_how_it_ended() {
    let c = client_in(Some("us"), None, None, fake("casebook", |_| json(200, &book(json!({})))));
    let action = ActionRef { title: "Block domain".into(), module: "Umbrella".into(), observable: Some(o("domain", "evil.example")) };
    for (outcome, actor, want) in [
        (
            json!({"status": "success", "succeeded": true, "errors": []}),
            None,
            "client-fake ran Block domain (Umbrella) on domain evil.example: success at 2027-01-15 08:00 UTC",
        ),
        (
            json!({"status": "failure", "succeeded": false, "errors": [{"message": "Unsupported action."}]}),
            Some("alice@corp.example"),
            "alice@corp.example ran Block domain (Umbrella) on domain evil.example: failure (Unsupported action.) at 2027-01-15 08:00 UTC",
        ),
        (
            json!({"code": "timeout", "message": "…", "outcomeUnknown": true}),
            None,
            "client-fake ran Block domain (Umbrella) on domain evil.example: outcome unknown at 2027-01-15 08:00 UTC",
        ),
        (
            json!({"code": "rate-limited", "message": "…"}),
            None,
            "client-fake ran Block domain (Umbrella) on domain evil.example: not run (rate-limited) at 2027-01-15 08:00 UTC",
        ),
    ] {
        pollster::block_on(c.note_action(&format!("casebook-{UUID}"), &action, &Outcome::from_input(&OutcomeIn::from_value(&outcome)), actor)).unwrap();
        let last = sent(&c).pop().unwrap();
        assert_eq!(last.1, format!("https://private.intel.amp.cisco.com/ctia/casebook/casebook-{UUID}/texts"));
        assert_eq!(last.2.unwrap(), json!({"operation": "add", "texts": [{"type": "note", "text": want}]}));
    }
}

#[test]
fn sightings_and_verdicts_land_on_the_observable_as_asked() {
    let answer = format!(
        r#"{{"data": [{{"module": "Secure Endpoint", "data": {{"sightings": {{"docs": [{{"count": 2, "internal": true, "observables": [{{"type": "sha256", "value": "{SHA}"}}],
            "observed_time": {{"start_time": "2026-11-20T08:00:00Z"}}, "targets": [{{"type": "endpoint", "observables": [{{"type": "hostname", "value": "WS-042"}}]}}]}}]}},
            "verdicts": {{"docs": [{{"type": "verdict", "disposition": 2, "observable": {{"type": "sha256", "value": "{SHA}"}}}}]}}}}}}],
          "errors": [{{"module": "Slow Intel", "code": "module-timeout", "type": "warning", "message": "timeout"}}]}}"#
    );
    let c = client_in(Some("us"), None, None, fake("enrich:read", move |_| json(200, &answer)));
    let asked = [o("sha256", &SHA.to_ascii_uppercase())];
    let s = pollster::block_on(c.sightings(&asked)).unwrap();
    assert_eq!((s.observables[0].value.as_str(), s.observables[0].label.as_str()), (&asked[0].value[..], "Seen on 1 of your hosts"));
    assert_eq!(s.errors[0].code.as_deref(), Some("module-timeout"));
    let v = pollster::block_on(c.verdicts(&asked)).unwrap();
    assert_eq!(v.observables[0].disposition_name, "Malicious", "the verdict for a hash asked in upper case is kept");
    let urls: Vec<String> = sent(&c).into_iter().map(|s| s.1).collect();
    assert_eq!(
        urls,
        ["https://visibility.amp.cisco.com/iroh/iroh-enrich/observe/observables", "https://visibility.amp.cisco.com/iroh/iroh-enrich/deliberate/observables"]
    );
    // One observe call gives both (contract §2c): the same verdict and the same badge.
    let both = pollster::block_on(c.observe(&asked)).unwrap();
    assert_eq!(both.verdicts.observables[0].disposition_name, "Malicious");
    assert_eq!(both.sightings.observables[0].label, "Seen on 1 of your hosts");
    assert_eq!(sent(&c).last().unwrap().1, "https://visibility.amp.cisco.com/iroh/iroh-enrich/observe/observables");
    assert_eq!(sent(&c).len(), 3, "one call for both");
}

#[test]
fn investigate_links_use_the_platform_host_and_cost_nothing() {
    let c = client_in(Some("apjc"), None, None, fake("", |_| unreachable!("no call")));
    let l = c.investigate_url(Target::Observables(&[o("domain", "evil.example"), o("ip", "203.0.113.7")])).unwrap();
    assert_eq!(l.url.as_deref(), Some("https://visibility.apjc.amp.cisco.com/investigate?q=evil.example%0A203.0.113.7"));
    let l = c.investigate_url(Target::Text(&"evil.example ".repeat(200))).unwrap();
    assert!(l.too_long && l.url.is_none());
    assert_eq!(
        c.investigate_url(Target::Casebook(&format!("casebook-{UUID}"))).unwrap().url.unwrap(),
        format!("https://visibility.apjc.amp.cisco.com/investigate?spid={UUID}")
    );
    assert!(c.transport().sent.borrow().is_empty());
}

// ---- against the stand-in ----

fn standin() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| standin::spawn(standin::Config::default()).url)
}

fn control(path: &str, body: Value) {
    ureq::post(&format!("{}/__standin/{path}", standin())).set("X-Standin-Control", "1").send_json(body).unwrap();
}

struct Tenant {
    id: String,
    secret: String,
}

fn tenant(scopes: &[&str]) -> Tenant {
    static N: AtomicU32 = AtomicU32::new(0);
    let id = format!("client-intel-{}-{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst));
    let secret = format!("S3CRET-{id}-do-not-leak");
    control("clients", json!({ "client_id": id, "client_secret": secret, "scopes": scopes }));
    Tenant { id, secret }
}

impl Tenant {
    fn client(&self) -> Client<UreqTransport> {
        let endpoint = Endpoint::new(None, Some(standin()), None).unwrap().with_private_intel_url(Some(standin())).unwrap();
        Client::new(UreqTransport::default(), endpoint, TokenSource::Credentials(Credentials::new(&self.id, &self.secret).unwrap()))
    }
    fn routes(&self) -> Vec<String> {
        let url = format!("{}/__standin/events?client_id={}", standin(), self.id);
        let evs: Vec<Value> = ureq::get(&url).set("X-Standin-Control", "1").call().unwrap().into_json().unwrap();
        evs.iter().map(|e| e["route"].as_str().unwrap().to_string()).filter(|r| r != "token").collect()
    }
    /// The casebook as the stand-in stores it, read over HTTP without the core.
    fn stored(&self, id: &str) -> Value {
        let tok: Value = ureq::post(&format!("{}/iroh/oauth2/token", standin()))
            .set("Authorization", &format!("Basic {}", b64(&format!("{}:{}", self.id, self.secret))))
            .set("Content-Type", "application/x-www-form-urlencoded")
            .send_string("grant_type=client_credentials")
            .unwrap()
            .into_json()
            .unwrap();
        ureq::get(&format!("{}/ctia/casebook/{id}", standin()))
            .set("Authorization", &format!("Bearer {}", tok["access_token"].as_str().unwrap()))
            .call()
            .unwrap()
            .into_json()
            .unwrap()
    }
}

fn b64(s: &str) -> String {
    sxr_codec::base64::encode(s.as_bytes())
}

#[test]
fn standin_create_search_add_note_and_open() {
    let t = tenant(&["inspect:read", "response", "enrich:read", "casebook"]);
    let c = t.client();
    assert!(pollster::block_on(c.check_connection()).unwrap().casebook);
    let first =
        pollster::block_on(c.create_casebook(&NewCasebook { title: "Older".into(), observables: vec![o("ip", "203.0.113.7")], ..Default::default() })).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5)); // a later timestamp
    let made = pollster::block_on(c.create_casebook(&NewCasebook {
        title: "Phishing wave 2026-11-29".into(),
        observables: vec![o("domain", "evil.com"), o("sha256", SHA)],
        note: Some("from the morning report".into()),
        ..Default::default()
    }))
    .unwrap();
    assert!(made.id.starts_with("casebook-") && made.investigate_url.starts_with(&format!("{}/investigate?spid=", standin())));
    let latest: Vec<String> = pollster::block_on(c.casebooks(None, Some(10.0))).unwrap().into_iter().map(|b| b.title).collect();
    assert_eq!(latest, ["Phishing wave 2026-11-29", "Older"], "newest first");
    let found = pollster::block_on(c.casebooks(Some("phishing"), None)).unwrap();
    assert_eq!(found.iter().map(|b| b.id.as_str()).collect::<Vec<_>>(), [made.id.as_str()]);
    let after = pollster::block_on(c.add_to_casebook(&first.id, &[o("domain", "evil.com")], Some("same actor"))).unwrap();
    assert_eq!(after.observables, [o("ip", "203.0.113.7"), o("domain", "evil.com")]);
    assert_eq!(after.texts.len(), 1);
    // The audit note after a trigger, as the extension writes it.
    let acts = pollster::block_on(c.actions(&[o("domain", "evil.com")])).unwrap();
    let a = acts.actions.iter().find(|a| a.module == "Umbrella").unwrap();
    let r = pollster::block_on(c.trigger(&a.url)).unwrap();
    let outcome = Outcome::from_input(&OutcomeIn::from_value(&serde_json::to_value(&r).unwrap()));
    let action = ActionRef { title: a.title.clone(), module: a.module.clone(), observable: a.observable.clone() };
    pollster::block_on(c.note_action(&made.id, &action, &outcome, None)).unwrap();
    let stored = t.stored(&made.id);
    let texts: Vec<&str> = stored["texts"].as_array().unwrap().iter().map(|t| t["text"].as_str().unwrap()).collect();
    assert_eq!(texts[0], "from the morning report");
    assert!(texts[1].starts_with(&format!("{} ran {} (Umbrella) on domain evil.com: success at ", t.id, a.title)), "{texts:?}");
    assert_eq!(
        t.routes(),
        [
            "casebook_create",
            "casebook_create",
            "casebook_search",
            "casebook_search",
            "casebook_get",
            "casebook_observables",
            "casebook_texts",
            "respond_observables",
            "trigger",
            "casebook_texts",
            "casebook_get"
        ]
    );
}

#[test]
fn standin_deleted_casebook_missing_scope_and_sightings() {
    let t = tenant(&["inspect:read", "response", "enrich:read"]);
    let c = t.client();
    assert!(!pollster::block_on(c.check_connection()).unwrap().casebook);
    let e = pollster::block_on(c.casebooks(None, None)).unwrap_err();
    assert_eq!((e.kind, e.missing_scopes.clone()), (ErrorKind::MissingScope, vec!["casebook".to_string()]));
    let t2 = tenant(&["private-intel", "enrich:read"]);
    let c2 = t2.client();
    assert!(pollster::block_on(c2.check_connection()).unwrap().casebook, "private-intel grants casebooks");
    let e = pollster::block_on(c2.add_to_casebook("casebook-00000000-0000-4000-8000-000000000000", &[o("ip", "1.1.1.1")], Some("x"))).unwrap_err();
    assert_eq!((e.kind, e.status), (ErrorKind::BadInput, Some(404)));
    assert!(e.message.contains("not found") && e.message.contains("deleted"), "{}", e.message);
    // Sightings: a hash asked in upper case and a domain with a trailing dot still get theirs.
    let s =
        pollster::block_on(c.sightings(&[o("sha256", &SHA.to_ascii_uppercase()), o("domain", "Evil.com."), o("domain", "cisco.com"), o("ip", "192.0.2.1")]))
            .unwrap();
    let got: Vec<(&str, u64, usize, &str)> = s.observables.iter().map(|x| (x.value.as_str(), x.count, x.hosts, x.label.as_str())).collect();
    assert_eq!(
        got,
        [
            (&SHA.to_ascii_uppercase()[..], 3, 2, "Seen on 2 of your hosts"),
            // The firewall's target 10.0.0.42 (with CORP\alice) is WS-042, whose IP it is: one host.
            ("Evil.com.", 8, 2, "Seen on 2 of your hosts"),
            ("cisco.com", 40, 0, "Seen 40 times in your environment"),
            ("192.0.2.1", 0, 0, "Not seen in your environment"),
        ]
    );
    let ws = &s.observables[0].targets[0];
    assert_eq!((ws.name.as_str(), ws.last_seen.as_deref(), ws.os.as_deref()), ("WS-042", Some("2026-11-27T14:03:00.000Z"), Some("Windows 10 Enterprise")));
    assert_eq!(s.observables[1].resolutions, ["detected", "contained", "blocked"]);
    assert_eq!(s.errors[0].code.as_deref(), Some("module-timeout"));
    let v = pollster::block_on(c.verdicts(&[o("domain", "EVIL.COM.")])).unwrap();
    assert_eq!(v.observables[0].disposition_name, "Malicious", "the stand-in answers evil.com; the verdict lands on EVIL.COM.");
}
