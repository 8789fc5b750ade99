//! One-time confirmations of a trigger (ARCHITECTURE.md invariant 5). The extension's worker
//! issues a nonce when the respond view's confirm button is pressed, bound to that action's
//! url and valid two minutes; a trigger message must present it, and the first try uses it up,
//! right or wrong. The worker keeps them in `storage.session` as `{ <nonce>: { url, until } }`
//! (so that a worker restart between confirm and trigger does not lose one), serialises the
//! reads and writes, and makes the random nonces; the rules are here.

use crate::error::{Error, Result};
use crate::view::errors::ErrorText;
use crate::Observable;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// How long a confirmation stays valid.
pub const CONFIRM_TTL_MS: f64 = 120_000.0;

/// One stored confirmation: the action url it was issued for, valid until `until` (ms).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Confirmation {
    pub url: String,
    pub until: f64,
}

/// The confirmations as the worker stores them in `storage.session`: nonce → confirmation,
/// one JSON object. A list, not a tree: a handful are live at a time (a bulk run's few
/// thousand at most), and the wasm holds no second copy of the tree's code for it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Confirms(Vec<(String, Confirmation)>);

impl Confirms {
    pub fn new() -> Confirms {
        Confirms::default()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, nonce: &str) -> Option<&Confirmation> {
        self.0.iter().find(|(n, _)| n == nonce).map(|(_, c)| c)
    }

    pub fn contains_key(&self, nonce: &str) -> bool {
        self.get(nonce).is_some()
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(n, _)| n.as_str())
    }

    fn insert(&mut self, nonce: String, c: Confirmation) {
        self.remove(&nonce);
        self.0.push((nonce, c));
    }

    fn remove(&mut self, nonce: &str) -> Option<Confirmation> {
        let i = self.0.iter().position(|(n, _)| n == nonce)?;
        Some(self.0.swap_remove(i).1)
    }
}

impl Serialize for Confirms {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(n, c)| (n, c)))
    }
}

/// The stored confirmations as read: anything but an object counts as none, a malformed entry
/// as absent (it is swept at the next write).
pub fn stored(v: &Value) -> Confirms {
    Confirms(v.as_object().into_iter().flatten().filter_map(|(n, c)| Some((n.clone(), crate::typed::from_object(c)?))).collect())
}

/// An action as the pages send it to be confirmed or triggered: the action from `actions()`
/// (`{ url, title, module, observable, … }`, other keys ignored) or its url alone. A field of
/// another type counts as absent; without a url the decisions refuse it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionTarget {
    #[serde(default, deserialize_with = "crate::typed::lenient")]
    pub url: String,
    #[serde(default, deserialize_with = "crate::typed::lenient")]
    pub title: String,
    #[serde(default, deserialize_with = "crate::typed::lenient")]
    pub module: String,
    #[serde(default, deserialize_with = "crate::typed::lenient")]
    pub observable: Option<Observable>,
}

impl ActionTarget {
    /// The action or its url as sent (a text is the url).
    pub fn from_value(v: &Value) -> ActionTarget {
        match v.as_str() {
            Some(url) => ActionTarget { url: url.to_string(), ..ActionTarget::default() },
            None => crate::typed::from_value(v),
        }
    }

    /// Its url, when it has one.
    pub fn url(&self) -> Option<&str> {
        Some(self.url.as_str()).filter(|u| !u.is_empty())
    }
}

/// The confirmations still valid at `now`.
fn live(mut stored: Confirms, now: f64) -> Confirms {
    stored.0.retain(|(_, c)| c.until > now);
    stored
}

/// Records `nonce` for the action; returns the confirmations to store.
pub fn issue(stored: Confirms, action: &ActionTarget, nonce: &str, now: f64) -> Result<Confirms> {
    let url = action.url().ok_or_else(|| Error::bad_input(ErrorText::NothingToConfirm))?;
    let mut confirms = live(stored, now);
    confirms.insert(nonce.to_string(), Confirmation { url: url.to_string(), until: now + CONFIRM_TTL_MS });
    Ok(confirms)
}

/// Uses up `nonce`. Ok when it was issued for this action and is still valid. Returns the
/// confirmations to store either way: a nonce presented once is gone.
pub fn redeem(stored: Confirms, nonce: Option<&str>, action: &ActionTarget, now: f64) -> (Confirms, Result<()>) {
    let mut confirms = live(stored, now);
    let issued = nonce.and_then(|n| confirms.remove(n));
    let ok = issued.is_some_and(|c| Some(c.url.as_str()) == action.url());
    let verdict = if ok { Ok(()) } else { Err(Error::bad_input(ErrorText::NotConfirmed)) };
    (confirms, verdict)
}

/// Records one nonce per action of a bulk run in one go (issue 21.5: a 4,000-row run rewrote
/// the whole map once per row and could not start in time). `nonces[i]` is bound to `actions[i]`.
pub fn issue_all(stored: Confirms, actions: &[ActionTarget], nonces: &[String], now: f64) -> Result<Confirms> {
    if actions.is_empty() || actions.len() != nonces.len() {
        return Err(Error::bad_input(ErrorText::ConfirmMismatch));
    }
    let mut confirms = live(stored, now);
    for (a, n) in actions.iter().zip(nonces) {
        let url = a.url().ok_or_else(|| Error::bad_input(ErrorText::ConfirmNoUrl))?;
        confirms.insert(n.clone(), Confirmation { url: url.to_string(), until: now + CONFIRM_TTL_MS });
    }
    Ok(confirms)
}

/// Uses up every presented nonce of a bulk run in one go: Ok only when each was issued for its
/// action and is still valid; all of them are gone either way (all or nothing). A nonce that is
/// not a text (`None`) matches nothing.
pub fn redeem_all(stored: Confirms, nonces: &[Option<String>], actions: &[ActionTarget], now: f64) -> (Confirms, Result<()>) {
    let mut confirms = live(stored, now);
    let mut ok = !actions.is_empty() && nonces.len() == actions.len();
    for (i, n) in nonces.iter().enumerate() {
        let issued = n.as_deref().and_then(|n| confirms.remove(n));
        ok &= issued.is_some_and(|c| Some(c.url.as_str()) == actions.get(i).and_then(ActionTarget::url));
    }
    let verdict = if ok { Ok(()) } else { Err(Error::bad_input(ErrorText::NotConfirmedBulk)) };
    (confirms, verdict)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const A: &str = "/respond/trigger/m1/block?observable_type=domain&observable_value=evil.com";
    const B: &str = "/respond/trigger/m1/unblock?observable_type=domain&observable_value=evil.com";
    const T0: f64 = 1_800_000_000_000.0;

    fn issued(nonce: &str, url: &str) -> Confirms {
        issue(stored(&Value::Null), &ActionTarget::from_value(&json!(url)), nonce, T0).unwrap()
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
            let (left, verdict) = redeem(c.clone(), nonce.as_str(), &ActionTarget::from_value(&action), now);
            assert_eq!(verdict.is_ok(), ok, "{name}");
            if let Err(e) = verdict {
                assert!(e.kind == crate::ErrorKind::BadInput && e.message.contains("not confirmed"), "{name}");
            }
            let used = nonce.as_str() == Some("n1");
            assert_eq!(left.contains_key("n1"), !used && now < T0 + CONFIRM_TTL_MS, "{name}: used up by the first try, right or wrong");
        }
        // Used once: the same nonce again is refused.
        let (left, first) = redeem(c, Some("n1"), &ActionTarget::from_value(&json!(A)), T0 + 1.0);
        assert!(first.is_ok());
        assert!(redeem(left, Some("n1"), &ActionTarget::from_value(&json!(A)), T0 + 2.0).1.is_err());
    }

    #[test]
    fn issuing_sweeps_expired_and_malformed_entries() {
        let stored = json!({
            "old": { "url": A, "until": T0 - 1.0 },
            "odd": { "url": 3, "until": T0 + 9e9 },
            "worse": "x",
            "kept": { "url": B, "until": T0 + 5.0 },
        });
        let c = issue(super::stored(&stored), &ActionTarget::from_value(&json!({ "url": A })), "new", T0).unwrap();
        let mut keys: Vec<&str> = c.keys().collect();
        keys.sort_unstable();
        assert_eq!(keys, ["kept", "new"]);
        assert_eq!(serde_json::to_value(c.get("new").unwrap()).unwrap(), json!({ "url": A, "until": T0 + CONFIRM_TTL_MS }));
        for no_action in [Value::Null, json!(""), json!({ "title": "x" }), json!({ "url": 7 })] {
            assert_eq!(
                issue(super::stored(&stored), &ActionTarget::from_value(&no_action), "n", T0).unwrap_err().message,
                "Nothing to confirm: no action.",
                "{no_action}"
            );
        }
        assert_eq!(issue(super::stored(&json!("not an object")), &ActionTarget::from_value(&json!(A)), "n", T0).unwrap().len(), 1);
    }

    /// Issue 21.5: a bulk run's confirmations are issued and redeemed in one write each, all or
    /// nothing, and a large run is linear (one map, not one rewrite per row).
    #[test]
    fn a_bulk_run_is_confirmed_and_redeemed_in_one_go() {
        let urls: Vec<ActionTarget> =
            (0..4000).map(|i| ActionTarget::from_value(&json!(format!("/respond/trigger/m/a?observable_type=domain&observable_value=d{i}.example")))).collect();
        let nonces: Vec<String> = (0..4000).map(|i| format!("n{i}")).collect();
        let c = issue_all(Confirms::new(), &urls, &nonces, T0).unwrap();
        assert_eq!(c.len(), 4000);
        let presented: Vec<Option<String>> = nonces.iter().map(|n| Some(n.clone())).collect();
        let (left, ok) = redeem_all(c.clone(), &presented, &urls, T0 + 1.0);
        assert!(ok.is_ok() && left.is_empty());
        // One wrong pairing refuses the whole run, and every presented nonce is used up.
        let mut swapped = presented.clone();
        swapped.swap(0, 1);
        let (left, ok) = redeem_all(c.clone(), &swapped, &urls, T0 + 1.0);
        assert!(ok.is_err() && left.is_empty());
        assert!(issue_all(Confirms::new(), &urls[..2], &nonces[..1], T0).is_err(), "counts must match");
        assert!(redeem_all(c, &presented[..1], &urls, T0 + 1.0).1.is_err());
    }

    /// Issue 22.3: confirmations as an older worker stored them (extra keys, a whole-number
    /// `until`) still load; malformed entries are dropped; the action is read from what the
    /// view sends, other keys ignored, and one without a url is refused saying so.
    #[test]
    fn stored_confirmations_and_actions_are_read_into_typed_values() {
        let older = json!({
            "n-old": { "url": A, "until": 1_800_000_060_000u64, "title": "Block", "v": 1 },
            "n-bad": { "url": A },
            "n-text": "x",
        });
        let c = stored(&older);
        assert_eq!(c.len(), 1);
        assert_eq!(c.get("n-old").unwrap(), &Confirmation { url: A.to_string(), until: 1_800_000_060_000.0 });
        let (left, ok) = redeem(c, Some("n-old"), &ActionTarget::from_value(&json!({ "url": A, "module": "Umbrella", "other": [1] })), T0);
        assert!(ok.is_ok() && left.is_empty());
        let a = ActionTarget::from_value(
            &json!({ "url": A, "title": "Block", "module": "Umbrella", "observable": { "type": "domain", "value": "evil.com" }, "x": 1 }),
        );
        assert_eq!((a.url(), a.title.as_str(), a.observable.as_ref().map(|o| o.value.as_str())), (Some(A), "Block", Some("evil.com")));
        let odd = ActionTarget::from_value(&json!({ "url": A, "title": 7, "observable": "evil.com" }));
        assert_eq!((odd.url(), odd.title.as_str(), odd.observable.is_none()), (Some(A), "", true), "fields of another type count as absent");
        let e = issue(Confirms::new(), &ActionTarget::from_value(&json!([A])), "n", T0).unwrap_err();
        assert_eq!((e.kind, e.message.as_str()), (crate::ErrorKind::BadInput, "Nothing to confirm: no action."));
        assert_eq!(
            serde_json::to_value(issue(Confirms::new(), &ActionTarget::from_value(&json!(A)), "n", T0).unwrap()).unwrap(),
            json!({ "n": { "url": A, "until": T0 + CONFIRM_TTL_MS } }),
            "stored as before: nonce → {{ url, until }}"
        );
    }
}
