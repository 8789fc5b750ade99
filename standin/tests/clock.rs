//! The stand-in's clock control (`POST /__standin/clock/advance`, `GET /__standin/clock`): one
//! client's time moves without touching another's, the whole stand-in's moves everyone's, and
//! bad requests say what to send.

mod common;
use common::*;
use serde_json::{json, Value};

fn clock(client_id: &str) -> Value {
    send("GET", &format!("/__standin/clock?client_id={client_id}"), &[CONTROL], None).unwrap().json()
}

fn advance_raw(body: Value) -> Resp {
    send("POST", "/__standin/clock/advance", &[("Content-Type", "application/json"), CONTROL], Some(&body.to_string())).unwrap()
}

fn now_ms() -> f64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as f64
}

#[test]
fn one_clients_advance_expires_its_tokens_only() {
    let (a, a_secret) = new_client(ALL, json!({}));
    let (b, b_secret) = new_client(ALL, json!({}));
    let (ta, tb) = (token(&a, &a_secret), token(&b, &b_secret));
    let r = advance(&a, 600.0);
    assert_eq!(r["offset_secs"], 600.0);
    let ahead = r["now_ms"].as_f64().unwrap() - now_ms();
    assert!((599_000.0..=601_000.0).contains(&ahead), "{r}");
    assert_eq!(clock(&a)["offset_secs"], 600.0);
    assert_eq!(clock(&b)["offset_secs"], 0.0, "another client's time did not move");
    assert_eq!(api(&ta, "/iroh/iroh-inspect/inspect", json!({"content": "x"})).unwrap().status, 401, "600 s: expired");
    assert_eq!(api(&tb, "/iroh/iroh-inspect/inspect", json!({"content": "x"})).unwrap().status, 200);
    // A new token for the moved client lives its full lifetime from the moved time.
    let ta = token(&a, &a_secret);
    advance(&a, 599.0);
    assert_eq!(api(&ta, "/iroh/iroh-inspect/inspect", json!({"content": "x"})).unwrap().status, 200);
    // Its JWT says so too: `iat` is the moved time (600 s ahead when it was issued).
    let claims: Value = serde_json::from_slice(&standin::util::base64_decode(ta.split('.').nth(1).unwrap()).unwrap()).unwrap();
    let iat_ahead = claims["iat"].as_f64().unwrap() - now_ms() / 1000.0;
    assert!((598.0..=601.0).contains(&iat_ahead), "{claims}");
    assert_eq!(claims["exp"].as_u64().unwrap() - claims["iat"].as_u64().unwrap(), 600);
    // Created again, the client starts at the shared time.
    new_client_with_id(&a, &a_secret);
    assert_eq!(clock(&a)["offset_secs"], 0.0);
}

/// `POST /__standin/clients` again with the same id (what a test does to start over).
fn new_client_with_id(id: &str, secret: &str) {
    control("/__standin/clients", json!({"client_id": id, "client_secret": secret, "scopes": ALL}));
}

#[test]
fn bad_advances_say_what_to_send() {
    let (id, _) = new_client(ALL, json!({}));
    for (body, status, says) in [
        (json!({"client_id": id, "seconds": -1}), 400, "only moves forward"),
        (json!({"client_id": id, "seconds": 1e12}), 400, "at most"),
        (json!({"client_id": id}), 400, "seconds"),
        (json!({"client_id": id, "seconds": "10"}), 400, "seconds"),
        (json!({"client_id": "client-nobody", "seconds": 1}), 404, "POST /__standin/clients"),
    ] {
        let r = advance_raw(body.clone());
        assert_eq!(r.status, status, "{body}: {}", r.body);
        assert!(r.body.contains(says), "{body}: {}", r.body);
    }
    assert_eq!(clock(&id)["offset_secs"], 0.0, "nothing moved");
    let r = send("POST", "/__standin/clock/advance", &[("Content-Type", "application/json")], Some(r#"{"seconds": 1}"#)).unwrap();
    assert_eq!(r.status, 403, "a control route: the header is required");
}

/// Without `client_id` the whole stand-in moves (its own stand-in here: the shared one serves the
/// other tests of this file in parallel), and `POST /__standin/reset` sets it back.
#[test]
fn the_whole_stand_in_moves_and_reset_sets_it_back() {
    let url = standin::spawn(standin::Config::default()).url;
    let call = |method: &str, path: &str, body: Option<Value>| -> Value {
        let r = ureq::request(method, &format!("{url}{path}")).set("X-Standin-Control", "1");
        let r = match body {
            Some(b) => r.send_json(b),
            None => r.call(),
        };
        r.unwrap_or_else(|e| panic!("{path}: {e}")).into_json().unwrap()
    };
    call("POST", "/__standin/clients", Some(json!({"client_id": "c1", "client_secret": "s1", "scopes": ALL})));
    call("POST", "/__standin/clock/advance", Some(json!({"client_id": "c1", "seconds": 5})));
    let r = call("POST", "/__standin/clock/advance", Some(json!({"seconds": 100})));
    assert_eq!(r["offset_secs"], 100.0, "the shared offset: {r}");
    assert_eq!(call("GET", "/__standin/clock?client_id=c1", None)["offset_secs"], 105.0, "shared and own add up");
    assert_eq!(call("GET", "/__standin/clock?client_id=anyone", None)["offset_secs"], 100.0);
    call("POST", "/__standin/reset", Some(json!({})));
    assert_eq!(call("GET", "/__standin/clock?client_id=c1", None)["offset_secs"], 0.0);
}
