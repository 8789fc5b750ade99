//! One-time confirmations of a trigger (ARCHITECTURE.md invariant 5). The extension's worker
//! issues a nonce when the respond view's confirm button is pressed, bound to that action's
//! url and valid two minutes; a trigger message must present it, and the first try uses it up,
//! right or wrong. The worker keeps them in `storage.session` as `{ <nonce>: { url, until } }`
//! (so that a worker restart between confirm and trigger does not lose one), serialises the
//! reads and writes, and makes the random nonces; the rules are here.

use crate::error::{Error, Result};
use crate::view::errors::ErrorText;
use serde_json::{json, Map, Value};

/// How long a confirmation stays valid.
pub const CONFIRM_TTL_MS: f64 = 120_000.0;

/// The confirmations still valid at `now`; expired and malformed entries are dropped.
fn live(stored: &Value, now: f64) -> Map<String, Value> {
    let mut left = stored.as_object().cloned().unwrap_or_default();
    left.retain(|_, c| c.get("until").and_then(Value::as_f64).is_some_and(|until| until > now) && c.get("url").is_some_and(Value::is_string));
    left
}

/// An action, or its url, as the view sends it.
fn action_url(action: &Value) -> Option<&str> {
    action.as_str().or_else(|| action.get("url").and_then(Value::as_str)).filter(|u| !u.is_empty())
}

/// Records `nonce` for the action; returns the confirmations to store.
pub fn issue(stored: &Value, action: &Value, nonce: &str, now: f64) -> Result<Map<String, Value>> {
    let url = action_url(action).ok_or_else(|| Error::bad_input(ErrorText::NothingToConfirm))?;
    let mut confirms = live(stored, now);
    confirms.insert(nonce.to_string(), json!({ "url": url, "until": now + CONFIRM_TTL_MS }));
    Ok(confirms)
}

/// Uses up `nonce`. Ok when it was issued for this action and is still valid. Returns the
/// confirmations to store either way: a nonce presented once is gone.
pub fn redeem(stored: &Value, nonce: &Value, action: &Value, now: f64) -> (Map<String, Value>, Result<()>) {
    let mut confirms = live(stored, now);
    let issued = nonce.as_str().and_then(|n| confirms.remove(n));
    let ok = issued.is_some_and(|c| c.get("url").and_then(Value::as_str) == action_url(action));
    let verdict = if ok { Ok(()) } else { Err(Error::bad_input(ErrorText::NotConfirmed)) };
    (confirms, verdict)
}

/// Records one nonce per action of a bulk run in one go (issue 21.5: a 4,000-row run rewrote
/// the whole map once per row and could not start in time). `nonces[i]` is bound to `actions[i]`.
pub fn issue_all(stored: &Value, actions: &[Value], nonces: &[String], now: f64) -> Result<Map<String, Value>> {
    if actions.is_empty() || actions.len() != nonces.len() {
        return Err(Error::bad_input(ErrorText::ConfirmMismatch));
    }
    let mut confirms = live(stored, now);
    for (a, n) in actions.iter().zip(nonces) {
        let url = action_url(a).ok_or_else(|| Error::bad_input(ErrorText::ConfirmNoUrl))?;
        confirms.insert(n.clone(), json!({ "url": url, "until": now + CONFIRM_TTL_MS }));
    }
    Ok(confirms)
}

/// Uses up every presented nonce of a bulk run in one go: Ok only when each was issued for its
/// action and is still valid; all of them are gone either way (all or nothing).
pub fn redeem_all(stored: &Value, nonces: &[Value], actions: &[Value], now: f64) -> (Map<String, Value>, Result<()>) {
    let mut confirms = live(stored, now);
    let mut ok = !actions.is_empty() && nonces.len() == actions.len();
    for (i, n) in nonces.iter().enumerate() {
        let issued = n.as_str().and_then(|n| confirms.remove(n));
        ok &= issued.is_some_and(|c| c.get("url").and_then(Value::as_str) == actions.get(i).and_then(action_url));
    }
    let verdict = if ok { Ok(()) } else { Err(Error::bad_input(ErrorText::NotConfirmedBulk)) };
    (confirms, verdict)
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "/respond/trigger/m1/block?observable_type=domain&observable_value=evil.com";
    const B: &str = "/respond/trigger/m1/unblock?observable_type=domain&observable_value=evil.com";
    const T0: f64 = 1_800_000_000_000.0;

    fn issued(nonce: &str, url: &str) -> Value {
        Value::Object(issue(&Value::Null, &json!(url), nonce, T0).unwrap())
    }

    #[test]
    fn a_confirmation_is_bound_to_its_action_used_once_and_valid_two_minutes() {
        let c = issued("n1", A);
        let rows: Vec<(&str, Value, Value, f64, bool)> = vec![
            ("the confirmed action", json!("n1"), json!({ "url": A, "title": "Block" }), T0 + 1.0, true),
            ("its url alone", json!("n1"), json!(A), T0 + 1.0, true),
            ("just before it expires", json!("n1"), json!(A), T0 + CONFIRM_TTL_MS - 1.0, true),
            ("expired", json!("n1"), json!(A), T0 + CONFIRM_TTL_MS, false),
            ("another action", json!("n1"), json!({ "url": B }), T0 + 1.0, false),
            ("no nonce", Value::Null, json!(A), T0 + 1.0, false),
            ("a made-up nonce", json!("n2"), json!(A), T0 + 1.0, false),
            ("a prototype key", json!("constructor"), json!(A), T0 + 1.0, false),
            ("a nonce that is not a string", json!(["n1"]), json!(A), T0 + 1.0, false),
            ("no action", json!("n1"), Value::Null, T0 + 1.0, false),
        ];
        for (name, nonce, action, now, ok) in rows {
            let (left, verdict) = redeem(&c, &nonce, &action, now);
            assert_eq!(verdict.is_ok(), ok, "{name}");
            if let Err(e) = verdict {
                assert!(e.kind == crate::ErrorKind::BadInput && e.message.contains("not confirmed"), "{name}");
            }
            let used = nonce.as_str() == Some("n1");
            assert_eq!(left.contains_key("n1"), !used && now < T0 + CONFIRM_TTL_MS, "{name}: used up by the first try, right or wrong");
        }
        // Used once: the same nonce again is refused.
        let (left, first) = redeem(&c, &json!("n1"), &json!(A), T0 + 1.0);
        assert!(first.is_ok());
        assert!(redeem(&Value::Object(left), &json!("n1"), &json!(A), T0 + 2.0).1.is_err());
    }

    #[test]
    fn issuing_sweeps_expired_and_malformed_entries() {
        let stored = json!({
            "old": { "url": A, "until": T0 - 1.0 },
            "odd": { "url": 3, "until": T0 + 9e9 },
            "worse": "x",
            "kept": { "url": B, "until": T0 + 5.0 },
        });
        let c = issue(&stored, &json!({ "url": A }), "new", T0).unwrap();
        let mut keys: Vec<&str> = c.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["kept", "new"]);
        assert_eq!(c["new"], json!({ "url": A, "until": T0 + CONFIRM_TTL_MS }));
        for no_action in [Value::Null, json!(""), json!({ "title": "x" }), json!({ "url": 7 })] {
            assert_eq!(issue(&stored, &no_action, "n", T0).unwrap_err().message, "Nothing to confirm: no action.", "{no_action}");
        }
        assert_eq!(issue(&json!("not an object"), &json!(A), "n", T0).unwrap().len(), 1);
    }

    /// Issue 21.5: a bulk run's confirmations are issued and redeemed in one write each, all or
    /// nothing, and a large run is linear (one map, not one rewrite per row).
    #[test]
    fn a_bulk_run_is_confirmed_and_redeemed_in_one_go() {
        let urls: Vec<Value> = (0..4000).map(|i| json!(format!("/respond/trigger/m/a?observable_type=domain&observable_value=d{i}.example"))).collect();
        let nonces: Vec<String> = (0..4000).map(|i| format!("n{i}")).collect();
        let c = Value::Object(issue_all(&Value::Null, &urls, &nonces, T0).unwrap());
        assert_eq!(c.as_object().unwrap().len(), 4000);
        let presented: Vec<Value> = nonces.iter().map(|n| json!(n)).collect();
        let (left, ok) = redeem_all(&c, &presented, &urls, T0 + 1.0);
        assert!(ok.is_ok() && left.is_empty());
        // One wrong pairing refuses the whole run, and every presented nonce is used up.
        let mut swapped = presented.clone();
        swapped.swap(0, 1);
        let (left, ok) = redeem_all(&c, &swapped, &urls, T0 + 1.0);
        assert!(ok.is_err() && left.is_empty());
        assert!(issue_all(&Value::Null, &urls[..2], &nonces[..1], T0).is_err(), "counts must match");
        assert!(redeem_all(&c, &presented[..1], &urls, T0 + 1.0).1.is_err());
    }
}
