//! Property-based fuzzing of every parser of untrusted input: token, inspect, actions,
//! trigger, enrich answers (verdicts, pivots, sightings), casebooks, the three error envelopes,
//! Retry-After, action URLs, base URLs, casebook ids, timestamps, matching keys.
//! Properties: no panic on any input; failures stay inside the closed error set; a token or
//! secret inside a hostile body never reaches a message; redaction leaves no 12-byte run of a
//! secret in any form it knows. `PROPTEST_CASES` sets the count
//! (256 in the default test run; `cargo xtask fuzz` runs far more).

use crate::api::{self, enrich, inspect, intel, matching, observe, response, time, Observable};
use crate::auth;
use crate::config;
use crate::http::HttpResponse;
use proptest::prelude::*;

/// JSON-shaped noise: fragments of the real envelopes glued at random, so the fuzzer reaches
/// deep into the serde models instead of failing at the first byte.
fn jsonish() -> impl Strategy<Value = String> {
    let frag = prop_oneof![
        Just("{".to_string()),
        Just("}".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just(",".to_string()),
        Just(":".to_string()),
        Just("\"data\"".to_string()),
        Just("\"errors\"".to_string()),
        Just("\"type\"".to_string()),
        Just("\"value\"".to_string()),
        Just("\"url\"".to_string()),
        Just("\"id\"".to_string()),
        Just("\"title\"".to_string()),
        Just("\"status\"".to_string()),
        Just("\"success\"".to_string()),
        Just("\"access_token\"".to_string()),
        Just("\"expires_in\"".to_string()),
        Just("\"scope\"".to_string()),
        Just("\"verdicts\"".to_string()),
        Just("\"docs\"".to_string()),
        Just("\"disposition\"".to_string()),
        Just("\"observable\"".to_string()),
        Just("\"missing-scopes\"".to_string()),
        Just("\"trace_id\"".to_string()),
        Just("\"sightings\"".to_string()),
        Just("\"targets\"".to_string()),
        Just("\"observables\"".to_string()),
        Just("\"observed_time\"".to_string()),
        Just("\"start_time\"".to_string()),
        Just("\"2026-11-29T05:53:42.5Z\"".to_string()),
        Just("\"count\"".to_string()),
        Just("\"relations\"".to_string()),
        Just("\"texts\"".to_string()),
        Just("\"https://x/ctia/casebook/casebook-1\"".to_string()),
        Just("\"error_description\"".to_string()),
        Just("\"/respond/trigger/a/b?x=1\"".to_string()),
        Just("600".to_string()),
        Just("-1".to_string()),
        Just("1e999".to_string()),
        Just("null".to_string()),
        Just("true".to_string()),
        Just("\"\\u0000\\ud800\"".to_string()),
        "\"[^\"\\\\]{0,12}\"".prop_map(|s| s),
        any::<u8>().prop_map(|n| n.to_string()),
    ];
    proptest::collection::vec(frag, 0..40).prop_map(|v| v.concat())
}

fn body() -> impl Strategy<Value = String> {
    prop_oneof![jsonish(), any::<String>(), "(?s).{0,64}"]
}

fn resp(status: u16, body: String, headers: Vec<(String, String)>) -> HttpResponse {
    HttpResponse { status, headers, body }
}

const SECRET: &str = "FUZZ-SECRET-TOKEN-1234567890";

proptest! {
    #[test]
    fn success_parsers_never_panic(b in body(), status in 200u16..300) {
        let r = resp(status, b, vec![]);
        let asked = [Observable { kind: "domain".into(), value: "a.com".into() }];
        let _ = auth::parse_token(&r, 0.0);
        let _ = inspect::parse(&r);
        let _ = response::parse_actions(&r);
        let _ = response::parse_trigger(&r);
        let _ = enrich::parse_verdicts(&r, &asked);
        let _ = enrich::parse_pivots(&r, &asked);
        if let Ok(s) = observe::parse_sightings(&r, &asked) {
            prop_assert_eq!(s.observables.len(), 1);
            prop_assert_eq!(s.observables[0].hosts, s.observables[0].targets.len());
        }
        for c in intel::parse_casebook(&r).into_iter().chain(intel::parse_casebooks(&r).unwrap_or_default()) {
            // Whatever the answer, an id the client puts in a path is a plain segment.
            prop_assert!(c.id.starts_with("casebook-") && c.id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        }
    }

    #[test]
    fn casebook_ids_times_and_keys_never_panic(u in "(?s).{0,80}", t in "[0-9T:.Z+ -]{0,32}", kind in "[a-z_0-9]{0,12}") {
        if let Ok(id) = intel::casebook_id(&u) {
            prop_assert!(id.starts_with("casebook-") && !id.contains(['/', '?', '#', '%', '.']));
        }
        let _ = time::parse_ms(&t);
        let _ = time::parse_ms(&u);
        let _ = matching::key(&kind, &u);
        let _ = matching::key("ipv6", &t);
        let _ = matching::key("url", &u);
        let _ = crate::investigate::link("https://visibility.amp.cisco.com", crate::investigate::Target::Text(&u));
    }

    #[test]
    fn error_classification_is_total_and_quiet(b in body(), status in 100u16..600, retry in "(?s).{0,40}", limit in "(?s).{0,12}") {
        let leaky = format!("{b}{SECRET}");
        let r = resp(status, leaky, vec![("Retry-After".into(), retry), ("X-Ratelimit-Org-Limit".into(), limit)]);
        let e = api::classify(&r, 1.7e12, "host").redact(&crate::redact::Redactor::new(&[SECRET], None));
        prop_assert!(crate::ErrorKind::ALL.contains(&e.kind));
        prop_assert!(!e.message.contains(SECRET));
        prop_assert!(!e.message.is_empty());
    }

    #[test]
    fn token_bodies_never_leak_into_messages(b in jsonish()) {
        let body = b.replace("\"access_token\"", &format!("\"access_token\":\"{SECRET}\",\"x\""));
        if let Err(e) = auth::parse_token(&resp(200, body, vec![]), 0.0) {
            prop_assert!(!e.message.contains(SECRET));
        }
    }

    #[test]
    fn redaction_leaves_no_run_of_a_secret_in_any_form(
        prefix in "(?s).{0,30}",
        suffix in "(?s).{0,30}",
        secret in "[ -~é]{12,60}",
        form in 0usize..6,
        from in 0usize..60,
    ) {
        let r = crate::redact::Redactor::new(&[&secret], Some(("client-1", &secret)));
        let json = serde_json::to_string(&secret).unwrap();
        let pct: String = secret.bytes().map(|b| if b.is_ascii_alphanumeric() || b"-._~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }).collect();
        let n = secret.chars().count();
        let (shown, text) = match form {
            0 => (secret.clone(), secret.clone()),
            1 => (json[1..json.len() - 1].to_string(), json[1..json.len() - 1].to_string()),
            2 => (pct.clone(), pct),
            3 => { let b = sxr_codec::base64::encode(format!("client-1:{secret}").as_bytes()); (b.clone(), b) }
            4 => { let cut: String = secret.chars().skip(from % (n - 11)).collect(); (cut.clone(), cut) } // cut by a server, 12 chars at least
            _ => (secret.clone(), secret.encode_utf16().map(|u| format!("\\u{u:04x}")).collect()), // \u-escaped in a JSON string
        };
        let run = |hay: &str| shown.as_bytes().windows(crate::redact::MIN_FRAGMENT).find(|w| hay.as_bytes().windows(crate::redact::MIN_FRAGMENT).any(|t| t == *w)).map(|w| String::from_utf8_lossy(w).into_owned());
        // As plain text (forms 0-4), and inside a JSON answer whose string is decoded afterwards.
        if form < 5 {
            let plain = r.clean(&format!("{prefix}{text}{suffix}")).into_owned();
            prop_assert!(run(&plain).is_none(), "form {} leaks {:?} in {:?}", form, run(&plain), plain);
        }
        let literal = if form < 5 { serde_json::to_string(&format!("{prefix}{text}{suffix}")).unwrap() } else { format!("\"{text}\"") };
        let body = format!("{{\"error_description\":{literal},\"n\":1}}");
        let cleaned = r.clean_body(&body);
        let v: serde_json::Value = serde_json::from_str(&cleaned).expect("still JSON");
        let decoded = v["error_description"].as_str().unwrap_or_default().to_string();
        prop_assert!(run(&decoded).is_none(), "form {} leaks {:?} in {:?}", form, run(&decoded), decoded);
        prop_assert_eq!(&v["n"], 1);
    }

    #[test]
    fn retry_after_never_panics(v in "(?s).{0,64}", now in any::<f64>()) {
        let _ = api::retry_after_seconds(&v, now);
    }

    #[test]
    fn url_checks_never_panic(u in "(?s).{0,80}", p in "/respond/trigger/[a-z0-9%./-]{0,20}(\\?[ -~]{0,30})?") {
        let _ = response::check_trigger_url(&u);
        let _ = response::check_trigger_url(&p);
        let _ = config::check_base_url(&u);
        let _ = config::Region::parse(&u);
        let _ = enrich::is_safe_link(&u);
        let _ = response::percent_decode(&u);
        if response::check_trigger_url(&u).is_ok() {
            prop_assert!(u.starts_with("/respond/trigger/") && !u.contains(char::is_whitespace));
        }
    }
}
