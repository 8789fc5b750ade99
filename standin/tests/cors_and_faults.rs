//! CORS policy and fault injection over real HTTP (and a raw socket where ureq is too polite).

mod common;
use common::*;
use serde_json::json;
use std::collections::HashMap;
use std::io::{Read, Write};
use std::time::{Duration, Instant};

fn preflight(origin: &str) -> Resp {
    send(
        "OPTIONS",
        "/iroh/iroh-inspect/inspect",
        &[("Origin", origin), ("Access-Control-Request-Method", "POST"), ("Access-Control-Request-Headers", "authorization,content-type")],
        None,
    )
    .unwrap()
}

#[test]
fn cors_preflight_allowed_vs_disallowed() {
    let port = base().rsplit(':').next().unwrap();
    let allowed = format!("http://127.0.0.1:{port}");
    let r = preflight(&allowed);
    assert_eq!(r.status, 204);
    assert_eq!(r.header("access-control-allow-origin"), Some(allowed.as_str()));
    assert_eq!(r.header("access-control-allow-methods"), Some("GET, POST, PATCH, DELETE, OPTIONS"));
    assert_eq!(r.header("access-control-allow-headers"), Some("Authorization, Content-Type, Accept"));
    assert_eq!(r.header("access-control-max-age"), Some("600"));
    assert_eq!(r.header("vary"), Some("Origin"));

    let ext = "chrome-extension://abcdefghijklmnopabcdefghijklmnop";
    assert_eq!(preflight(ext).header("access-control-allow-origin"), Some(ext));

    for bad in [format!("http://localhost:{port}"), "https://evil.example".to_string(), "http://127.0.0.1.evil.example:80".into()] {
        let r = preflight(&bad);
        assert!(r.headers.keys().all(|k| !k.starts_with("access-control-")), "{bad}: {:?}", r.headers);
    }

    // Actual responses, including errors.
    let r = send("POST", "/iroh/iroh-inspect/inspect", &[("Origin", &allowed)], Some("{}")).unwrap();
    assert_eq!(r.status, 401);
    assert_eq!(r.header("access-control-allow-origin"), Some(allowed.as_str()));
    let exposed = r.header("access-control-expose-headers").unwrap();
    for h in ["Retry-After", "X-RateLimit-Org-Limit", "X-RateLimit-Org-Remaining", "X-RateLimit-Group-Limit", "X-RateLimit-Group-Remaining", "X-Total-Hits"] {
        assert!(exposed.split(", ").any(|x| x == h), "{h} exposed: {exposed}");
    }
    let r = send("POST", "/iroh/iroh-inspect/inspect", &[("Origin", "http://localhost:1")], Some("{}")).unwrap();
    assert_eq!(r.status, 401);
    assert!(r.header("access-control-allow-origin").is_none());
    // Control routes too.
    let r = send("GET", "/__standin/events?client_id=none", &[("Origin", &allowed), CONTROL], None).unwrap();
    assert_eq!(r.header("access-control-allow-origin"), Some(allowed.as_str()));
}

#[test]
fn origin_recorded_and_fault_keeps_cors() {
    let (id, secret) = new_client(ALL, json!({}));
    let tok = token(&id, &secret);
    fault(&id, "inspect", Some(1), json!({"kind": "status", "status": 429, "body": "{}", "content_type": "application/json", "headers": {"Retry-After": "5"}}));
    let origin = "http://127.0.0.1:9999";
    let auth = format!("Bearer {tok}");
    let r = send("POST", "/iroh/iroh-inspect/inspect", &[("Authorization", &auth), ("Origin", origin)], Some(r#"{"content":"a"}"#)).unwrap();
    assert_eq!(r.status, 429);
    assert_eq!(r.header("retry-after"), Some("5"));
    assert_eq!(r.header("access-control-allow-origin"), Some(origin));
    let e = events(&id).last().unwrap().clone();
    assert_eq!(e["origin"], origin);
    assert_eq!(e["fault"], "status");
    assert_eq!(e["status"], 429);
    // times=1: next request is normal.
    let r = api(&tok, "/iroh/iroh-inspect/inspect", json!({"content": "a"})).unwrap();
    assert_eq!(r.status, 200);
}

#[test]
fn fault_status_queue_and_scoping() {
    let (id, secret) = new_client(ALL, json!({}));
    let (other, other_secret) = new_client(ALL, json!({}));
    fault(&id, "token", Some(1), json!({"kind": "status", "status": 502, "body": "<html>Bad Gateway</html>", "content_type": "text/html"}));
    fault(&id, "token", Some(1), json!({"kind": "status", "status": 504}));
    fault(
        &id,
        "token",
        Some(1),
        json!({"kind": "status", "status": 500,
        "body": r#"{"error":"unknown-exception","error_description":"This exception has been logged for further inspection.","trace_id":"5755e17e-992f-4892-b2f6-db59b2bf480c"}"#,
        "content_type": "application/json"}),
    );
    // Other clients are unaffected.
    assert_eq!(token_request(&other, &other_secret).unwrap().status, 200);
    let r = token_request(&id, &secret).unwrap();
    assert_eq!((r.status, r.body.as_str()), (502, "<html>Bad Gateway</html>"));
    let r = token_request(&id, &secret).unwrap();
    assert_eq!((r.status, r.body.as_str()), (504, ""));
    let r = token_request(&id, &secret).unwrap();
    assert_eq!(r.status, 500);
    assert_eq!(r.json()["trace_id"], "5755e17e-992f-4892-b2f6-db59b2bf480c");
    assert_eq!(token_request(&id, &secret).unwrap().status, 200);

    // A 401-once fault on an API route, then normal.
    let tok = token(&id, &secret);
    fault(&id, "respond_observables", Some(1), json!({"kind": "status", "status": 401, "body": r#"{"error":"invalid_jwt","error_description":"expired"}"#}));
    assert_eq!(api(&tok, "/iroh/iroh-response/respond/observables", json!([])).unwrap().status, 401);
    assert_eq!(api(&tok, "/iroh/iroh-response/respond/observables", json!([])).unwrap().status, 200);

    // Without `times`: every request.
    fault(&id, "refer", None, json!({"kind": "body", "body": "{\"data\": [", "status": 200}));
    for _ in 0..3 {
        let r = api(&tok, "/iroh/iroh-enrich/refer/observables", json!([])).unwrap();
        assert_eq!((r.status, r.body.as_str()), (200, "{\"data\": ["));
    }
}

#[test]
fn fault_delay_trigger_is_executed_before_the_wait() {
    let (id, secret) = new_client(ALL, json!({}));
    let tok = token(&id, &secret);
    fault(&id, "trigger", Some(1), json!({"kind": "delay", "ms": 1500}));
    let url = format!("/iroh/iroh-response/respond/trigger/{}/umbrella-block?observable_type=domain&observable_value=evil.com", standin::config::UMBRELLA_ID);
    let short = ureq::AgentBuilder::new().timeout(Duration::from_millis(400)).build();
    let auth = format!("Bearer {tok}");
    let t0 = Instant::now();
    let r = send_with(&short, "POST", &url, &[("Authorization", &auth)], None);
    assert!(r.is_err(), "client timed out");
    assert!(t0.elapsed() < Duration::from_millis(1400));
    let e = events(&id).last().unwrap().clone();
    assert_eq!((e["route"].clone(), e["executed"].clone(), e["fault"].clone()), (json!("trigger"), json!(true), json!("delay")));

    // A patient client gets the normal answer after the delay.
    fault(&id, "inspect", Some(1), json!({"kind": "delay", "ms": 300}));
    let t0 = Instant::now();
    let r = api(&tok, "/iroh/iroh-inspect/inspect", json!({"content": "1.1.1.1"})).unwrap();
    assert!(t0.elapsed() >= Duration::from_millis(300));
    assert_eq!(r.json(), json!([{"type": "ip", "value": "1.1.1.1"}]));
}

#[test]
fn fault_status_on_trigger_is_not_executed() {
    let (id, secret) = new_client(ALL, json!({}));
    let tok = token(&id, &secret);
    fault(&id, "trigger", Some(1), json!({"kind": "status", "status": 500, "body": "{}"}));
    let url = format!("/respond/trigger/{}/umbrella-block?observable_type=domain&observable_value=evil.com", standin::config::UMBRELLA_ID);
    assert_eq!(trigger(&tok, &url).unwrap().status, 500);
    assert_eq!(events(&id).last().unwrap()["executed"], false);
    fault(&id, "trigger", Some(1), json!({"kind": "status", "status": 502, "body": "", "after_execute": true}));
    assert_eq!(trigger(&tok, &url).unwrap().status, 502);
    assert_eq!(events(&id).last().unwrap()["executed"], true);
}

/// Raw HTTP/1.1 exchange; returns everything the server sent before closing.
fn raw_post(path: &str, tok: &str, body: &str) -> (Vec<u8>, Option<std::io::Error>) {
    let addr = base().trim_start_matches("http://");
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {tok}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return (out, None),
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) => return (out, Some(e)),
        }
    }
}

#[test]
fn fault_drop_closes_without_response() {
    let (id, secret) = new_client(ALL, json!({}));
    let tok = token(&id, &secret);
    fault(&id, "inspect", Some(2), json!({"kind": "drop"}));
    let (bytes, err) = raw_post("/iroh/iroh-inspect/inspect", &tok, r#"{"content":"x"}"#);
    assert!(bytes.is_empty(), "no byte sent, got {:?} / {err:?}", String::from_utf8_lossy(&bytes));
    assert!(err.as_ref().map(|e| e.kind() != std::io::ErrorKind::WouldBlock && e.kind() != std::io::ErrorKind::TimedOut).unwrap_or(true));
    assert!(api(&tok, "/iroh/iroh-inspect/inspect", json!({"content": "x"})).is_err(), "ureq sees a transport error");
    // Server still fine afterwards.
    assert_eq!(api(&tok, "/iroh/iroh-inspect/inspect", json!({"content": "x"})).unwrap().status, 200);
    let evs = events(&id);
    let drops: Vec<_> = evs.iter().filter(|e| e["fault"] == "drop").collect();
    assert_eq!(drops.len(), 2);
    assert!(drops.iter().all(|e| e["status"].is_null()));
}

#[test]
fn fault_truncate_gives_short_body() {
    let (id, secret) = new_client(ALL, json!({}));
    let tok = token(&id, &secret);
    fault(&id, "inspect", Some(2), json!({"kind": "truncate"}));
    let (bytes, _) = raw_post("/iroh/iroh-inspect/inspect", &tok, r#"{"content":"evil.com 1.2.3.4 cisco.com"}"#);
    let text = String::from_utf8_lossy(&bytes).to_string();
    let (head, body) = text.split_once("\r\n\r\n").expect("headers were sent");
    assert!(head.starts_with("HTTP/1.1 200"));
    let len: usize =
        head.lines().find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length: ").map(|v| v.trim().parse().unwrap())).expect("content-length");
    assert!(body.len() < len && !body.is_empty(), "body {} of {len}", body.len());
    assert!(api(&tok, "/iroh/iroh-inspect/inspect", json!({"content": "x"})).is_err(), "ureq sees a body error");
    assert_eq!(api(&tok, "/iroh/iroh-inspect/inspect", json!({"content": "x"})).unwrap().status, 200);
}

#[test]
fn fault_truncate_on_trigger_executes() {
    let (id, secret) = new_client(ALL, json!({}));
    let tok = token(&id, &secret);
    fault(&id, "trigger", Some(1), json!({"kind": "truncate"}));
    let url = format!("/respond/trigger/{}/umbrella-block?observable_type=domain&observable_value=evil.com", standin::config::UMBRELLA_ID);
    assert!(trigger(&tok, &url).is_err());
    assert_eq!(events(&id).last().unwrap()["executed"], true);
}

#[test]
fn fault_huge() {
    let (id, secret) = new_client(ALL, json!({}));
    let tok = token(&id, &secret);
    fault(&id, "respond_observables", Some(1), json!({"kind": "huge", "bytes": 3_000_000}));
    let r = api(&tok, "/iroh/iroh-response/respond/observables", json!([])).unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(r.body.len(), 3_000_000);
    assert!(r.json().as_array().unwrap().len() > 1000);
}

#[test]
fn reset_and_client_replacement_clear_state() {
    let (id, secret) = new_client(ALL, json!({}));
    let tok = token(&id, &secret);
    fault(&id, "inspect", None, json!({"kind": "status", "status": 500}));
    // Replacing the client clears faults, tokens and events.
    control("/__standin/clients", json!({"client_id": id, "client_secret": secret, "scopes": ALL}));
    assert!(events(&id).is_empty());
    assert_eq!(api(&tok, "/iroh/iroh-inspect/inspect", json!({"content": "x"})).unwrap().status, 401);
    let tok = token(&id, &secret);
    assert_eq!(api(&tok, "/iroh/iroh-inspect/inspect", json!({"content": "x"})).unwrap().status, 200);
    // Bad control bodies.
    let r = send("POST", "/__standin/faults", &[CONTROL], Some(r#"{"client_id":"x","route":"inspect","fault":{"kind":"nope"}}"#)).unwrap();
    assert_eq!(r.status, 400);
}

#[test]
fn reset_on_a_private_server() {
    let h = standin::spawn(standin::Config::default());
    let post = |p: &str, b: &str| {
        ureq::post(&format!("{}{p}", h.url))
            .set("Content-Type", "application/json")
            .set(CONTROL.0, CONTROL.1)
            .send_string(b)
            .map(|r| r.status())
            .map_err(Box::new)
    };
    assert_eq!(post("/__standin/clients", r#"{"client_id":"c1","client_secret":"s","scopes":[]}"#).unwrap(), 200);
    assert_eq!(post("/__standin/reset", "{}").unwrap(), 200);
    let ev: serde_json::Value = ureq::get(&format!("{}/__standin/events", h.url)).set(CONTROL.0, CONTROL.1).call().unwrap().into_json().unwrap();
    assert_eq!(ev, json!([]));
    let r = ureq::post(&format!("{}/iroh/oauth2/token", h.url))
        .set("Authorization", &basic("c1", "s"))
        .set("Content-Type", "application/x-www-form-urlencoded")
        .send_string("grant_type=client_credentials");
    assert!(matches!(r, Err(ureq::Error::Status(401, _))), "c1 is gone after reset");
    let r = ureq::post(&format!("{}/iroh/oauth2/token", h.url))
        .set("Authorization", &basic("client-demo", "demo-secret-0123456789"))
        .set("Content-Type", "application/x-www-form-urlencoded")
        .send_string("grant_type=client_credentials")
        .unwrap();
    assert_eq!(r.status(), 200);
}

#[test]
fn no_cors_mode() {
    let h = standin::spawn(standin::Config { cors_enabled: false, ..Default::default() });
    let r = ureq::request("OPTIONS", &format!("{}/iroh/iroh-inspect/inspect", h.url)).set("Origin", "chrome-extension://abc").call().unwrap();
    assert!(r.header("access-control-allow-origin").is_none());
}

/// A request to a private stand-in, headers as given (ureq adds Host from the URL unless set).
fn send_at(base: &str, method: &str, path: &str, headers: &[(&str, &str)], body: Option<&str>) -> (u16, HashMap<String, String>, String) {
    let mut req = ureq::request(method, &format!("{base}{path}"));
    for (k, v) in headers {
        req = req.set(k, v);
    }
    let res = match body {
        Some(b) => req.send_string(b),
        None => req.call(),
    };
    let r = match res {
        Ok(r) | Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{method} {path}: {e}"),
    };
    let status = r.status();
    let headers = r.headers_names().into_iter().filter_map(|n| r.header(&n).map(|v| (n.to_ascii_lowercase(), v.to_string()))).collect();
    (status, headers, r.into_string().unwrap_or_default())
}

#[test]
fn control_routes_refuse_requests_without_the_control_header() {
    let h = standin::spawn(standin::Config::default());
    let client = r#"{"client_id":"c-csrf","client_secret":"s","scopes":["response"]}"#;
    let token_status = || {
        send_at(
            &h.url,
            "POST",
            "/iroh/oauth2/token",
            &[("Authorization", &basic("c-csrf", "s")), ("Content-Type", "application/x-www-form-urlencoded")],
            Some("grant_type=client_credentials"),
        )
        .0
    };
    // What a hostile page can send without a preflight: a "simple" POST (text/plain), no custom header.
    for (path, body) in [
        ("/__standin/clients", client),
        ("/__standin/reset", "{}"),
        ("/__standin/faults", r#"{"client_id":"client-demo","route":"token","fault":{"kind":"drop"}}"#),
    ] {
        let (status, headers, text) = send_at(&h.url, "POST", path, &[("Content-Type", "text/plain"), ("Origin", "https://evil.example")], Some(body));
        assert_eq!(status, 403, "{path}: {text}");
        assert!(text.contains("X-Standin-Control"), "the refusal says what is missing: {text}");
        assert!(headers.keys().all(|k| !k.starts_with("access-control-")), "{path}: {headers:?}");
    }
    assert_eq!(token_status(), 401, "the refused request created no client");
    let demo = send_at(
        &h.url,
        "POST",
        "/iroh/oauth2/token",
        &[("Authorization", &basic("client-demo", "demo-secret-0123456789")), ("Content-Type", "application/x-www-form-urlencoded")],
        Some("grant_type=client_credentials"),
    );
    assert_eq!(demo.0, 200, "no fault was armed");
    // Reads too, and a wrong header value.
    assert_eq!(send_at(&h.url, "GET", "/__standin/events", &[], None).0, 403);
    assert_eq!(send_at(&h.url, "GET", "/__standin/events", &[("X-Standin-Control", "yes")], None).0, 403);
    // A DNS-rebound page is same-origin and may send the header, but its Host is not loopback.
    let (status, _, text) = send_at(
        &h.url,
        "POST",
        "/__standin/clients",
        &[CONTROL, ("Host", &format!("evil.example:{}", h.port)), ("Content-Type", "application/json")],
        Some(client),
    );
    assert_eq!(status, 403, "{text}");
    assert_eq!(token_status(), 401);
    // With the header and a loopback Host: accepted.
    for host in [format!("127.0.0.1:{}", h.port), format!("localhost:{}", h.port)] {
        let (status, _, text) = send_at(&h.url, "POST", "/__standin/clients", &[CONTROL, ("Host", &host), ("Content-Type", "application/json")], Some(client));
        assert_eq!(status, 200, "{host}: {text}");
    }
    assert_eq!(token_status(), 200);
    assert_eq!(send_at(&h.url, "GET", "/__standin/events", &[CONTROL], None).0, 200);
}

#[test]
fn control_preflight_is_granted_only_to_configured_origins() {
    let port = base().rsplit(':').next().unwrap();
    let control_preflight = |origin: &str| {
        send(
            "OPTIONS",
            "/__standin/reset",
            &[("Origin", origin), ("Access-Control-Request-Method", "POST"), ("Access-Control-Request-Headers", "content-type,x-standin-control")],
            None,
        )
        .unwrap()
    };
    let allowed = format!("http://127.0.0.1:{port}");
    let r = control_preflight(&allowed);
    assert_eq!(r.header("access-control-allow-origin"), Some(allowed.as_str()));
    assert_eq!(r.header("access-control-allow-headers"), Some("Content-Type, X-Standin-Control"));
    for other in [
        "https://evil.example",
        "chrome-extension://abcdefghijklmnopabcdefghijklmnop",
        "moz-extension://0b9d3c1e-0000-4000-8000-000000000000",
        "http://localhost:1",
        "null",
    ] {
        let r = control_preflight(other);
        assert!(r.headers.keys().all(|k| !k.starts_with("access-control-")), "{other}: {:?}", r.headers);
        let r = send("GET", "/__standin/events?client_id=none", &[("Origin", other), CONTROL], None).unwrap();
        assert!(r.header("access-control-allow-origin").is_none(), "{other} may not read control answers");
    }
    // API routes keep their policy (extension origins allowed) and never allow the control header.
    let ext = "chrome-extension://abcdefghijklmnopabcdefghijklmnop";
    let r = preflight(ext);
    assert_eq!(r.header("access-control-allow-origin"), Some(ext));
    assert!(!r.header("access-control-allow-headers").unwrap_or("").to_ascii_lowercase().contains("x-standin-control"));
}

/// The `stream` event's `body_bytes_sent`, once the body ended or the client went away.
fn bytes_sent(id: &str) -> u64 {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let e = events(id).into_iter().rev().find(|e| e["fault"] == "stream").expect("a stream event");
        if let Some(n) = e["body_bytes_sent"].as_u64() {
            return n;
        }
        assert!(Instant::now() < deadline, "the stream never ended: {e}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn fault_stream_sends_a_finite_or_endless_body_and_counts_it() {
    let (id, secret) = new_client(ALL, json!({}));
    let tok = token(&id, &secret);
    fault(&id, "inspect", Some(1), json!({"kind": "stream", "bytes": 200_000}));
    let r = api(&tok, "/iroh/iroh-inspect/inspect", json!({"content": "x"})).unwrap();
    assert_eq!((r.status, r.body.len(), r.header("content-length")), (200, 200_000, None));
    assert!(r.body.starts_with("[{\"type\":\"domain\""));
    assert_eq!(bytes_sent(&id), 200_000);

    // Endless: read 1 MB, hang up; the stand-in stops soon after.
    fault(&id, "inspect", Some(1), json!({"kind": "stream", "content_length": 1_000_000_000u64}));
    let addr = base().trim_start_matches("http://");
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    let body = r#"{"content":"x"}"#;
    write!(s, "POST /iroh/iroh-inspect/inspect HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {tok}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}", body.len()).unwrap();
    let mut got = vec![0u8; 1 << 20];
    s.read_exact(&mut got).unwrap();
    assert!(String::from_utf8_lossy(&got).contains("content-length: 1000000000"), "the declared length is sent as given");
    drop(s);
    let n = bytes_sent(&id);
    assert!((1 << 20..64 << 20).contains(&n), "{n}");
    assert_eq!(api(&tok, "/iroh/iroh-inspect/inspect", json!({"content": "x"})).unwrap().status, 200, "normal again");
}

#[test]
fn fault_redirect_sends_location_and_does_not_execute() {
    let (id, secret) = new_client(ALL, json!({}));
    let tok = token(&id, &secret);
    let target =
        format!("/iroh/iroh-response/respond/trigger/{}/umbrella-unblock?observable_type=domain&observable_value=evil.com", standin::config::UMBRELLA_ID);
    fault(&id, "trigger", Some(1), json!({"kind": "redirect", "location": target}));
    let url = format!("/respond/trigger/{}/umbrella-block?observable_type=domain&observable_value=evil.com", standin::config::UMBRELLA_ID);
    let no_follow = ureq::AgentBuilder::new().redirects(0).build();
    let r = send_with(&no_follow, "POST", &format!("/iroh/iroh-response{url}"), &[("Authorization", &format!("Bearer {tok}"))], None).unwrap();
    assert_eq!((r.status, r.header("location")), (307, Some(target.as_str())));
    let e = events(&id).last().unwrap().clone();
    assert_eq!((e["fault"].clone(), e["executed"].clone(), e["status"].clone()), (json!("redirect"), json!(false), json!(307)));
}

#[test]
fn fault_echo_puts_header_token_and_secret_into_every_field() {
    let (id, secret) = new_client(ALL, json!({}));
    fault(&id, "token", Some(1), json!({"kind": "echo"}));
    let r = token_request(&id, &secret).unwrap();
    assert_eq!(r.status, 500);
    let v = r.json();
    let basic = basic(&id, &secret);
    for field in ["error", "error_description", "trace_id"] {
        let s = v[field].as_str().unwrap();
        assert!(s.contains(&basic), "{field}: {s}");
    }
    assert!(v["error"].as_str().unwrap().contains(&secret));
    assert!(r.body.contains("\\u"), "one field is \\u-escaped throughout");
    assert!(v["missing-scopes"][0].as_str().unwrap().contains(&secret));

    let tok = token(&id, &secret);
    assert!(tok.len() > 700, "realistic JWT length: {}", tok.len());
    fault(&id, "respond_observables", Some(1), json!({"kind": "echo", "status": 200}));
    let r = api(&tok, "/iroh/iroh-response/respond/observables", json!([{"type": "domain", "value": "evil.com"}])).unwrap();
    assert_eq!(r.status, 200);
    let v = r.json();
    assert!(v["data"][0]["title"].as_str().unwrap().contains(&tok));
    assert!(v["data"][0]["url"].as_str().unwrap().contains(&util_pct(&secret)));
    for field in ["module", "code", "message", "type", "module_instance_id"] {
        let s = v["errors"][0][field].as_str().unwrap();
        assert!(s.contains(&secret), "{field}: {s}");
    }
    fault(&id, "inspect", Some(1), json!({"kind": "echo", "status": 400}));
    let r = api(&tok, "/iroh/iroh-inspect/inspect", json!({"content": "x"})).unwrap();
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["trace_id"], tok.as_str());
    assert!(r.json()["errors"]["content"].as_str().unwrap().contains(&secret));
    assert_eq!(events(&id).iter().filter(|e| e["fault"] == "echo").count(), 3);
}

fn util_pct(s: &str) -> String {
    sxr_codec::percent::encode(s)
}
