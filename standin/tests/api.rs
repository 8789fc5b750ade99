//! IROH route behaviour over real HTTP.

mod common;
use common::*;
use serde_json::{json, Value};

#[test]
fn token_happy_path_and_errors() {
    let (id, secret) = new_client(&["inspect:read", "response"], json!({}));
    let r = token_request(&id, &secret).unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/json;charset=utf-8"));
    assert_eq!(r.header("x-ratelimit-org-limit"), Some("8000"));
    let v = r.json();
    assert_eq!(v["token_type"], "bearer");
    assert_eq!(v["expires_in"], 600);
    assert_eq!(v["scope"], "inspect:read response");
    assert!(v.get("refresh_token").is_none());
    let t2 = token(&id, &secret);
    assert_ne!(v["access_token"].as_str().unwrap(), t2, "tokens are unique");

    let r = token_request(&id, "wrong").unwrap();
    assert_eq!(r.status, 401);
    assert_eq!(r.json()["error"], "invalid_client");
    assert!(!r.body.contains("wrong"));
    let r = token_request("client-nobody", "x").unwrap();
    assert_eq!(r.status, 401);
    let r = send("POST", "/iroh/oauth2/token", &[("Content-Type", "application/x-www-form-urlencoded")], Some("grant_type=client_credentials")).unwrap();
    assert_eq!(r.status, 401);
    assert_eq!(r.json()["error"], "invalid_client");

    let b = basic(&id, &secret);
    let form = [("Authorization", b.as_str()), ("Content-Type", "application/x-www-form-urlencoded")];
    let r = send("POST", "/iroh/oauth2/token", &form, Some("")).unwrap();
    assert_eq!((r.status, r.json()["error"].clone()), (400, json!("invalid_request")));
    let r = send("POST", "/iroh/oauth2/token", &form, Some("grant_type=password")).unwrap();
    assert_eq!((r.status, r.json()["error"].clone()), (400, json!("unsupported_grant_type")));

    // Event log: every token request attributed to the client, no secrets anywhere.
    let evs = events(&id);
    assert_eq!(evs.iter().map(|e| e["status"].as_u64().unwrap()).collect::<Vec<_>>(), vec![200, 200, 401, 400, 400]);
    let all = send("GET", "/__standin/events", &[CONTROL], None).unwrap().body;
    assert!(!all.contains(&secret) && !all.contains(&t2) && !all.contains("Basic "));
}

#[test]
fn missing_and_bad_bearer() {
    let r = api("", "/iroh/iroh-inspect/inspect", json!({"content": "x"})).unwrap();
    assert_eq!(r.status, 401);
    assert_eq!(r.json(), json!({"error": "invalid_request", "error_description": "No JWT found in HTTP Authorization header"}));
    let r = send("POST", "/iroh/iroh-inspect/inspect", &[], Some("{}")).unwrap();
    assert_eq!(r.status, 401);
    let r = api("not-a-token", "/iroh/iroh-response/respond/observables", json!([])).unwrap();
    assert_eq!(r.status, 401);
    assert_eq!(r.json()["error"], "invalid_jwt");
}

#[test]
fn scope_403_body() {
    let (id, secret) = new_client(&["response"], json!({}));
    let tok = token(&id, &secret);
    let r = api(&tok, "/iroh/iroh-inspect/inspect", json!({"content": "cisco.com"})).unwrap();
    assert_eq!(r.status, 403);
    let v = r.json();
    assert_eq!(v["error"], "missing_scope");
    assert_eq!(v["error_description"], "You do not have the required credentials to access this route.");
    assert_eq!(v["missing-scopes"], json!(["inspect:read"]));
    assert_eq!(v["required-scopes"], json!(["inspect:read"]));
    assert_eq!(v["scopes"], json!(["response"]));
    assert!(v["user-id"].is_string() && v["org-id"].is_string());
    assert!(v["trace_id"].as_str().unwrap().starts_with("ctx-"));
    // `response` covers list and trigger; not enrich.
    assert_eq!(api(&tok, "/iroh/iroh-response/respond/observables", json!([])).unwrap().status, 200);
    let r = api(&tok, "/iroh/iroh-enrich/deliberate/observables", json!([])).unwrap();
    assert_eq!(r.status, 403);
    assert_eq!(r.json()["required-scopes"], json!(["enrich/observables/deliberate:read"]));

    // A :read grant does not cover a :write route.
    let (id, secret) = new_client(&["response:read"], json!({}));
    let tok = token(&id, &secret);
    assert_eq!(api(&tok, "/iroh/iroh-response/respond/observables", json!([])).unwrap().status, 200);
    let r = trigger(&tok, &format!("/respond/trigger/{}/umbrella-block?observable_type=domain&observable_value=a.com", standin::config::UMBRELLA_ID)).unwrap();
    assert_eq!(r.status, 403);
    assert_eq!(r.json()["missing-scopes"], json!(["response/trigger:write"]));
    assert!(!events(&id).last().unwrap()["executed"].as_bool().unwrap());
}

#[test]
fn scope_rules() {
    use standin::auth::scope_covers as c;
    assert!(c("response", "response/trigger:write"));
    assert!(c("response", "response/observables:read"));
    assert!(c("enrich:read", "enrich/observables/refer:read"));
    assert!(!c("enrich:read", "enrich/observables/refer:write"));
    assert!(c("inspect:read", "inspect:read"));
    assert!(!c("inspect", "inspector:read"));
    assert!(!c("response:read", "response/trigger:write"));
}

#[test]
fn inspect_each_type_and_errors() {
    let (id, secret) = new_client(ALL, json!({}));
    let tok = token(&id, &secret);
    let content = format!(
        "From no-reply@internetbadguys.com: visit ilo.brenz.pl or https://evil.example.com/login?u=1, \
         C2 10.0.0.1, md5 d41d8cd98f00b204e9800998ecf8427e sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709 sha256 {SHA}; ilo.brenz.pl again"
    );
    let r = api(&tok, "/iroh/iroh-inspect/inspect", json!({ "content": content })).unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(
        r.json(),
        json!([
            {"type": "email", "value": "no-reply@internetbadguys.com"},
            {"type": "domain", "value": "ilo.brenz.pl"},
            {"type": "url", "value": "https://evil.example.com/login?u=1"},
            {"type": "domain", "value": "evil.example.com"},
            {"type": "ip", "value": "10.0.0.1"},
            {"type": "md5", "value": "d41d8cd98f00b204e9800998ecf8427e"},
            {"type": "sha1", "value": "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
            {"type": "sha256", "value": SHA},
        ])
    );
    assert_eq!(api(&tok, "/iroh/iroh-inspect/inspect", json!({"content": "nothing"})).unwrap().json(), json!([]));
    let r = api(&tok, "/iroh/iroh-inspect/inspect", json!({})).unwrap();
    assert_eq!((r.status, r.json()), (400, json!({"content": "missing-required-key"})));
    let r = api(&tok, "/iroh/iroh-inspect/inspect", json!({"content": "a", "extra": 1})).unwrap();
    assert_eq!((r.status, r.json()), (400, json!({"errors": {"extra": "disallowed-key"}})));
    let auth = format!("Bearer {tok}");
    let r = send("POST", "/iroh/iroh-inspect/inspect", &[("Authorization", &auth)], Some("content=x")).unwrap();
    assert_eq!(r.status, 400);
}

fn respond(tok: &str, obs: Value) -> Value {
    let r = api(tok, "/iroh/iroh-response/respond/observables", obs).unwrap();
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()
}

fn broken_relay_error() -> Value {
    json!({"module_instance_id": standin::config::BROKEN_RELAY_ID, "module_type_id": "6f5e4d3c-2b1a-5098-8765-4321fedcba98",
           "code": "module-timeout", "message": "There was a timeout in the 'Broken Relay' module", "type": "warning", "module": "Broken Relay"})
}

#[test]
fn respond_observables_shapes() {
    let (id, secret) = new_client(ALL, json!({}));
    let tok = token(&id, &secret);

    let v = respond(&tok, json!([{"type": "domain", "value": "cisco.com"}]));
    let data = v["data"].as_array().unwrap();
    assert_eq!(data.len(), 3);
    assert_eq!(
        data[0],
        json!({"id": "umbrella-block", "title": "Block this domain", "description": "Block this domain using Umbrella Enforcement API",
               "url": "/respond/trigger/b56d3882-37d8-4c0c-af22-a5ef0cf53bd3/umbrella-block?observable_type=domain&observable_value=cisco.com",
               "module": "Umbrella", "module_instance_id": "b56d3882-37d8-4c0c-af22-a5ef0cf53bd3",
               "module_type_id": "188d70f7-29d5-5069-9098-d83a3ec8e797", "categories": ["Umbrella", "Block"]})
    );
    assert_eq!(data[1]["id"], "umbrella-unblock");
    let wf = &data[2];
    assert_eq!(wf["id"], standin::config::WORKFLOW_ACTION_ID);
    assert!(wf.get("categories").is_none(), "workflow actions carry no categories");
    assert!(wf["description"].as_str().unwrap().contains('\n'));
    assert_eq!(
        wf["url"],
        "/respond/trigger/11f567f2-ad5e-4374-8708-a8fcc7861f6c/01LW1BI3UFB920QAxog7wA2LfHINvRM6XdX?observable_type=domain&observable_value=cisco.com&workflow_id=01LW1BI3UFB920QAxog7wA2LfHINvRM6XdX"
    );
    assert_eq!(v["errors"], json!([broken_relay_error()]));

    let v = respond(&tok, json!([{"type": "sha256", "value": SHA}]));
    let data = v["data"].as_array().unwrap();
    assert_eq!(data.len(), 2);
    assert_eq!(data[0]["url"], format!("/respond/trigger/21bb0ed7-937c-4fc7-9338-34e05a8d6916/amp-add-sha256-scd?list=783198f5-cb0d-44c0-b50e-8a58f7e6be67&observable_type=sha256&observable_value={SHA}"));
    assert_eq!(data[0]["categories"], json!(["Simple Custom Detections"]));

    let v = respond(&tok, json!([{"type": "ip", "value": "192.0.2.1"}]));
    let ids: Vec<&str> = v["data"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec![standin::config::WORKFLOW_ACTION_ID, "fw-block-ip"]);
    assert_eq!(v["errors"][0]["code"], "module-timeout");

    // url values are percent-encoded.
    let v = respond(&tok, json!([{"type": "url", "value": "http://a.example.com/p?q=1&r=a b"}]));
    assert!(v["data"][0]["url"].as_str().unwrap().contains("observable_value=http%3A%2F%2Fa.example.com%2Fp%3Fq%3D1%26r%3Da%20b&"));

    // Types no module handles: only the Broken Relay error remains.
    let v = respond(&tok, json!([{"type": "user_agent", "value": "curl"}]));
    assert_eq!(v, json!({"data": [], "errors": [broken_relay_error()]}));

    for bad in [json!({"type": "ip"}), json!([{"type": "ip"}]), json!([1])] {
        assert_eq!(api(&tok, "/iroh/iroh-response/respond/observables", bad).unwrap().status, 400);
    }
}

#[test]
fn trigger_success_failure_and_event_log() {
    let (id, secret) = new_client(ALL, json!({}));
    let tok = token(&id, &secret);
    let v = respond(&tok, json!([{"type": "url", "value": "http://evil.example.com/a b?x=1"}]));
    let url = v["data"][0]["url"].as_str().unwrap().to_string();
    let r = trigger(&tok, &url).unwrap();
    assert_eq!((r.status, r.json()), (200, json!({"data": {"status": "success"}})));

    let evs: Vec<Value> = events(&id).into_iter().filter(|e| e["route"] == "trigger").collect();
    assert_eq!(evs.len(), 1, "recorded once");
    assert_eq!(evs[0]["path_and_query"], format!("/iroh/iroh-response{url}"));
    assert_eq!(evs[0]["executed"], true);
    assert_eq!(evs[0]["method"], "POST");
    assert_eq!(evs[0]["client_id"], id.as_str());

    // Firewall: 200 with failure.
    let r = trigger(&tok, &format!("/respond/trigger/{}/fw-block-ip?observable_type=ip&observable_value=192.0.2.1", standin::config::FIREWALL_ID)).unwrap();
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(v["data"], json!({"status": "failure"}));
    assert_eq!(v["errors"][0]["code"], "object-group-full");
    assert_eq!(v["errors"][0]["type"], "fatal");
    assert_eq!(v["errors"][0]["module"], "Secure Firewall");
    assert_eq!(v["errors"][0]["message"], "Firewall rejected the request: the block object group is full");
    assert_eq!(events(&id).last().unwrap()["executed"], false);

    // Unknown instance / action → 404 JSON; missing query → 400; missing extra param → 400.
    let r = trigger(&tok, "/respond/trigger/00000000-0000-0000-0000-000000000000/x?observable_type=ip&observable_value=1.1.1.1").unwrap();
    assert_eq!((r.status, r.json()["error"].clone()), (404, json!("not-found")));
    let r = trigger(&tok, &format!("/respond/trigger/{}/nope?observable_type=ip&observable_value=1.1.1.1", standin::config::UMBRELLA_ID)).unwrap();
    assert_eq!(r.status, 404);
    let r = trigger(&tok, &format!("/respond/trigger/{}/umbrella-block", standin::config::UMBRELLA_ID)).unwrap();
    assert_eq!(r.status, 400);
    let r = trigger(
        &tok,
        &format!("/respond/trigger/{}/{}?observable_type=ip&observable_value=1.1.1.1", standin::config::ORCHESTRATION_ID, standin::config::WORKFLOW_ACTION_ID),
    )
    .unwrap();
    assert_eq!((r.status, r.json()), (400, json!({"errors": {"workflow_id": "missing-required-key"}})));
    let executed = events(&id).iter().filter(|e| e["executed"] == true).count();
    assert_eq!(executed, 1);
}

#[test]
fn token_lifetime_expiry() {
    let (id, secret) = new_client(ALL, json!({"token_lifetime_secs": 1}));
    let r = token_request(&id, &secret).unwrap();
    assert_eq!(r.json()["expires_in"], 1);
    let tok = r.json()["access_token"].as_str().unwrap().to_string();
    assert_eq!(api(&tok, "/iroh/iroh-inspect/inspect", json!({"content": "x"})).unwrap().status, 200);
    // The stand-in's clock, not a sleep: half the lifetime is not enough, all of it is.
    advance(&id, 0.5);
    assert_eq!(api(&tok, "/iroh/iroh-inspect/inspect", json!({"content": "x"})).unwrap().status, 200);
    advance(&id, 0.5);
    let r = api(&tok, "/iroh/iroh-inspect/inspect", json!({"content": "x"})).unwrap();
    assert_eq!((r.status, r.json()["error"].clone()), (401, json!("invalid_jwt")));
    assert!(r.json()["error_description"].as_str().unwrap().contains("expired"), "{}", r.body);
    assert_eq!(events(&id).last().unwrap()["status"], 401);
}

#[test]
fn revoke() {
    let (id, secret) = new_client(ALL, json!({}));
    let t1 = token(&id, &secret);
    let t2 = token(&id, &secret);
    control("/__standin/tokens/revoke", json!({"client_id": id}));
    for t in [&t1, &t2] {
        assert_eq!(api(t, "/iroh/iroh-inspect/inspect", json!({"content": "x"})).unwrap().status, 401);
    }
    let t3 = token(&id, &secret);
    assert_eq!(api(&t3, "/iroh/iroh-inspect/inspect", json!({"content": "x"})).unwrap().status, 200);
}

#[test]
fn rate_limit_after_n() {
    let (id, secret) = new_client(ALL, json!({"rate_limit_after": 3, "retry_after": "7"}));
    let tok = token(&id, &secret); // 1
    for _ in 0..2 {
        assert_eq!(api(&tok, "/iroh/iroh-inspect/inspect", json!({"content": "x"})).unwrap().status, 200);
    }
    for _ in 0..2 {
        let r = api(&tok, "/iroh/iroh-inspect/inspect", json!({"content": "x"})).unwrap();
        assert_eq!(r.status, 429);
        assert_eq!(r.header("retry-after"), Some("7"));
        r.json();
    }
    let r = token_request(&id, &secret).unwrap();
    assert_eq!(r.status, 429, "token exchanges are limited too");

    let date = httpdate_str();
    let (id, secret) = new_client(ALL, json!({"rate_limit_after": 0, "retry_after": date}));
    let r = token_request(&id, &secret).unwrap();
    assert_eq!(r.status, 429);
    assert_eq!(r.header("retry-after"), Some(date.as_str()));
}

/// Contract §2c (ring-turnstile): the 429 body is the 30 bytes `{"error": "Too Many Requests"}`
/// with `Retry-After` and no rate headers; a counted answer carries the limit and what is left,
/// counting down per organisation (IROH `Org`, CTIA `Group`, separately).
#[test]
fn rate_limit_headers_count_down_and_the_429_body() {
    let (id, secret) = new_client(&["inspect:read", "response", "enrich:read", "casebook"], json!({"rate_limit": 4}));
    let r = token_request(&id, &secret).unwrap();
    assert_eq!((r.header("x-ratelimit-org-limit"), r.header("x-ratelimit-org-remaining")), (Some("4"), Some("3")));
    let tok = r.json()["access_token"].as_str().unwrap().to_string();
    let r = api(&tok, "/iroh/iroh-inspect/inspect", json!({"content": "x"})).unwrap();
    assert_eq!((r.header("x-ratelimit-org-limit"), r.header("x-ratelimit-org-remaining")), (Some("4"), Some("2")));
    // An error answer of a counted request carries them too (the middleware wraps the handler).
    let r = api(&tok, "/iroh/iroh-inspect/inspect", json!({"nope": 1})).unwrap();
    assert_eq!((r.status, r.header("x-ratelimit-org-remaining")), (400, Some("1")));
    // CTIA counts apart, with its own header names.
    let auth = format!("Bearer {tok}");
    let r = send("GET", "/ctia/casebook/search?query=*", &[("Authorization", &auth)], None).unwrap();
    assert_eq!((r.status, r.header("x-ratelimit-group-limit"), r.header("x-ratelimit-group-remaining")), (200, Some("4"), Some("3")));
    assert!(r.header("x-ratelimit-org-limit").is_none());
    assert_eq!(api(&tok, "/iroh/iroh-inspect/inspect", json!({"content": "x"})).unwrap().header("x-ratelimit-org-remaining"), Some("0"));
    let r = api(&tok, "/iroh/iroh-inspect/inspect", json!({"content": "x"})).unwrap();
    assert_eq!((r.status, r.body.as_str(), r.body.len()), (429, r#"{"error": "Too Many Requests"}"#, 30));
    assert_eq!(r.header("content-type"), Some("application/json"));
    let retry: u64 = r.header("retry-after").unwrap().parse().unwrap();
    assert!((3590..=3600).contains(&retry), "seconds until the oldest request leaves the hour: {retry}");
    assert!(r.headers.keys().all(|k| !k.starts_with("x-ratelimit")), "{:?}", r.headers);
    // Default: 8000 an hour.
    let (id, secret) = new_client(ALL, json!({}));
    let r = token_request(&id, &secret).unwrap();
    assert_eq!((r.header("x-ratelimit-org-limit"), r.header("x-ratelimit-org-remaining")), (Some("8000"), Some("7999")));
    // Unauthenticated answers are not counted and carry none.
    let r = api("no-such-token", "/iroh/iroh-inspect/inspect", json!({"content": "x"})).unwrap();
    assert_eq!((r.status, r.header("x-ratelimit-org-limit")), (401, None));
}

/// The rolling hour (contract §2c, ring-turnstile) on the stand-in's clock: a client over its
/// limit is let in again once `Retry-After` has passed, and not a second earlier.
#[test]
fn the_rate_limit_hour_rolls_on_with_the_clock() {
    let (id, secret) = new_client(ALL, json!({"rate_limit": 2, "token_lifetime_secs": 86400}));
    let tok = token(&id, &secret);
    advance(&id, 100.0);
    assert_eq!(api(&tok, "/iroh/iroh-inspect/inspect", json!({"content": "x"})).unwrap().status, 200);
    advance(&id, 500.0);
    let r = api(&tok, "/iroh/iroh-inspect/inspect", json!({"content": "x"})).unwrap();
    assert_eq!(r.status, 429, "{}", r.body);
    let retry: f64 = r.header("retry-after").unwrap().parse().unwrap();
    assert!((2990.0..=3000.0).contains(&retry), "the token exchange leaves the hour 3000 s from now: {retry}");
    advance(&id, retry - 5.0);
    assert_eq!(api(&tok, "/iroh/iroh-inspect/inspect", json!({"content": "x"})).unwrap().status, 429, "not yet");
    advance(&id, 5.0);
    let r = api(&tok, "/iroh/iroh-inspect/inspect", json!({"content": "x"})).unwrap();
    assert_eq!((r.status, r.header("x-ratelimit-org-remaining")), (200, Some("0")), "the exchange left the hour; the first inspect is still in it");
}

fn httpdate_str() -> String {
    "Wed, 21 Oct 2037 07:28:00 GMT".to_string()
}

#[test]
fn modules_via_control_api_are_client_scoped() {
    let (id, secret) = new_client(ALL, json!({}));
    let (other, other_secret) = new_client(ALL, json!({}));
    control(
        "/__standin/modules",
        json!({"client_id": id, "module": {
            "name": "<img src=x onerror=alert(1)>", "instance_id": "11111111-2222-4333-8444-555555555555", "type_id": "t",
            "types": ["domain"],
            "actions": [{"id": "xss", "title": "<script>alert(1)</script>", "description": "d", "categories": ["<b>"]}]
        }}),
    );
    let tok = token(&id, &secret);
    let v = respond(&tok, json!([{"type": "domain", "value": "x.com"}]));
    let last = v["data"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["title"], "<script>alert(1)</script>");
    let r = trigger(&tok, last["url"].as_str().unwrap()).unwrap();
    assert_eq!(r.json(), json!({"data": {"status": "success"}}));

    let tok2 = token(&other, &other_secret);
    let v = respond(&tok2, json!([{"type": "domain", "value": "x.com"}]));
    assert!(!v.to_string().contains("<script>"));
}

#[test]
fn enrich_deliberate_and_refer() {
    let (id, secret) = new_client(ALL, json!({}));
    let tok = token(&id, &secret);
    let obs = json!([{"type": "domain", "value": "evil.com"}, {"type": "domain", "value": "cisco.com"}, {"type": "ip", "value": "192.0.2.1"}]);
    let r = api(&tok, "/iroh/iroh-enrich/deliberate/observables", obs.clone()).unwrap();
    assert_eq!(r.status, 200);
    let v = r.json();
    let pi = &v["data"][0];
    assert_eq!(pi["module"], "Private Intelligence");
    assert_eq!(pi["data"]["verdicts"]["count"], 2);
    let d0 = &pi["data"]["verdicts"]["docs"][0];
    assert_eq!((d0["disposition"].clone(), d0["disposition_name"].clone()), (json!(2), json!("Malicious")));
    assert!(d0["valid_time"]["end_time"].is_string());
    let talos = &v["data"][1];
    let t0 = &talos["data"]["verdicts"]["docs"][0];
    assert!(t0.get("disposition_name").is_none() && t0["valid_time"].get("end_time").is_none());
    assert_eq!(v["errors"][0]["module"], "Slow Intel");
    assert_eq!(v["errors"][0]["code"], "module-timeout");
    let r = api(&tok, "/iroh/iroh-enrich/deliberate/observables", json!([{"type": "ip", "value": "192.0.2.1"}])).unwrap();
    assert_eq!(r.json()["data"][0]["data"], json!({}));

    let r = api(&tok, "/iroh/iroh-enrich/refer/observables", obs).unwrap();
    let v = r.json();
    let refs = v["data"].as_array().unwrap();
    assert_eq!(refs.len(), 3);
    assert_eq!(refs[0]["url"], "https://talosintelligence.com/reputation_center/lookup?search=evil.com");
    assert_eq!(refs[0]["categories"], json!(["Talos Intelligence", "Search"]));
}

#[test]
fn clouds_and_unknown_route() {
    let r = send("GET", "/clouds.json", &[], None).unwrap();
    assert_eq!(r.json()["North America"]["iroh-services"], "https://visibility.amp.cisco.com/iroh/");
    let r = send("POST", "/respond/trigger/x/y", &[], Some("")).unwrap();
    assert_eq!(r.status, 404);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    assert!(r.body.contains("<html>"));
}
