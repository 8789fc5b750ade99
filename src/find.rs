//! What the respond flow shows for a text, whoever hosts it (the extension's worker, the
//! portal element, the demo page): the text checked, local extraction merged with what
//! Inspect found by the one rule ([`merge_found`]), and the line the view shows when there is
//! nothing to list. Also the cap on a selection handed to the extension's respond window.
//!
//! None of this needs credentials: local extraction works before anything is set up, so it
//! does not hang off a [`Client`](crate::Client). A host that also asks Inspect passes its
//! answer in; `Client::find` uses the same functions.

use crate::api::Observable;
use crate::error::{Error, Result};
use crate::view::errors::ErrorText;
use serde::Serialize;

/// The UTF-16 code units (what a browser counts as characters) of a selection the extension
/// keeps for its respond window. Local extraction itself has no limit.
pub const SELECTION_MAX: usize = 200_000;

/// What the view shows for a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Findings {
    /// Local results first (text order), then what only Inspect found.
    pub observables: Vec<Found>,
    /// The line the view shows instead of a list, when there is nothing to list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// Refuses a text with nothing to look at (empty, or only white space). Any other text is
/// looked at, binary junk included: it then has no observables.
pub fn check_text(text: &str) -> Result<()> {
    if text.trim().is_empty() {
        return Err(Error::bad_input(ErrorText::NothingToLookAt));
    }
    Ok(())
}

/// The observables of `text` found locally, merged with `inspected` (Inspect's answer for
/// the same text, or nothing).
pub fn findings(text: &str, inspected: Vec<Observable>) -> Result<Findings> {
    findings_with(text, inspected, &[])
}

/// [`findings`] with the policy's extra reference hosts (`reference_hosts::from_policy`).
pub fn findings_with(text: &str, inspected: Vec<Observable>, reference_hosts: &[String]) -> Result<Findings> {
    check_text(text)?;
    let mut observables = merge_found(crate::extract::extract(text), inspected);
    mark_reference(&mut observables, reference_hosts);
    let message = observables.is_empty().then(|| String::from(ErrorText::NoObservablesFound));
    Ok(Findings { observables, message })
}

/// Marks the observables that name a reference host (the default list and `extra`).
pub fn mark_reference(observables: &mut [Found], extra: &[String]) {
    for o in observables {
        o.reference |= crate::reference_hosts::is_reference(&o.kind, &o.value, extra);
    }
}

/// Where to cut a selection of `len` UTF-16 code units (`unit_at(i)` reads one): `None` when
/// it is kept whole, else [`SELECTION_MAX`], one less when that would split a surrogate pair.
pub fn selection_cut(len: usize, unit_at: impl Fn(usize) -> u16) -> Option<usize> {
    if len <= SELECTION_MAX {
        return None;
    }
    let splits_pair = (0xD800..0xDC00).contains(&unit_at(SELECTION_MAX - 1)) && (0xDC00..0xE000).contains(&unit_at(SELECTION_MAX));
    Some(if splits_pair { SELECTION_MAX - 1 } else { SELECTION_MAX })
}

/// What the respond window says about a selection that was cut.
pub fn selection_cut_notice() -> String {
    ErrorText::SelectionCut { chars: SELECTION_MAX as u64 }.into()
}

/// An observable for the respond view, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Found {
    #[serde(rename = "type")]
    pub kind: String,
    pub value: String,
    /// Written defanged in the source (local extraction only knows this).
    pub defanged: bool,
    /// `"local"`, `"inspect"` or `"both"`.
    pub source: &'static str,
    /// A reference host (a sandbox, a search engine, a mail gateway, the vendor's console:
    /// `reference_hosts.rs`): shown as context, never preselected. Only serialised when true.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub reference: bool,
    /// Decoded out of a gateway's rewritten link (local extraction only; `safe-links`, `proofpoint-v2`, …):
    /// listed before the link it came out of.
    #[serde(rename = "unwrappedFrom", skip_serializing_if = "Option::is_none")]
    pub unwrapped_from: Option<&'static str>,
}

/// Local results first (in text order), then what only Inspect found; one entry per (type, value);
/// reference hosts of the default list marked ([`findings_with`] adds a policy's).
pub fn merge_found(local: Vec<crate::extract::Found>, inspect: Vec<Observable>) -> Vec<Found> {
    let mut out = merge_unmarked(local, inspect);
    mark_reference(&mut out, &[]);
    out
}

fn merge_unmarked(local: Vec<crate::extract::Found>, inspect: Vec<Observable>) -> Vec<Found> {
    let mut out: Vec<Found> = local
        .into_iter()
        .map(|f| Found {
            kind: f.kind.to_string(),
            value: f.value,
            defanged: f.defanged,
            source: "local",
            reference: false,
            unwrapped_from: f.unwrapped_from.map(crate::extract::Gateway::as_str),
        })
        .collect();
    let mut index: std::collections::HashMap<(String, String), usize> = out.iter().enumerate().map(|(i, f)| ((f.kind.clone(), f.value.clone()), i)).collect();
    for o in inspect {
        match index.get(&(o.kind.clone(), o.value.clone())) {
            Some(&i) if out[i].source == "local" => out[i].source = "both",
            Some(_) => {}
            None => {
                index.insert((o.kind.clone(), o.value.clone()), out.len());
                out.push(Found { kind: o.kind, value: o.value, defanged: false, source: "inspect", reference: false, unwrapped_from: None });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(f: &Findings) -> Vec<(&str, &str, bool, &str)> {
        f.observables.iter().map(|o| (o.kind.as_str(), o.value.as_str(), o.defanged, o.source)).collect()
    }

    #[test]
    fn nothing_to_look_at_is_refused_with_its_message() {
        for text in ["", " ", "\n\t\r\n", "\u{a0}\u{2003} "] {
            let e = findings(text, vec![]).unwrap_err();
            assert_eq!(e.kind, crate::ErrorKind::BadInput, "{text:?}");
            assert!(e.message.starts_with("Nothing to look at: the text is empty."), "{}", e.message);
        }
    }

    #[test]
    fn text_without_indicators_says_so() {
        // U+200B is not white space: the text is looked at, and has nothing.
        for text in ["hello world", "\u{200b}", "\u{0}\u{1}\u{fffd}"] {
            let f = findings(text, vec![]).unwrap();
            assert!(f.observables.is_empty(), "{text:?}");
            assert_eq!(f.message.as_deref(), Some("No observables found in this text."));
        }
        let f = findings("evil.com", vec![]).unwrap();
        assert_eq!(f.message, None);
        assert_eq!(
            serde_json::to_value(&f).unwrap(),
            serde_json::json!({ "observables": [{ "type": "domain", "value": "evil.com", "defanged": false, "source": "local" }] })
        );
    }

    /// The merge rule (regression, issue 12): exact values, not lower-cased ones (the
    /// extension's worker once merged `Evil.com` into `evil.com`), sources tagged.
    #[test]
    fn regression_inspect_results_merge_by_exact_value_with_source_tags() {
        let inspected = vec![
            Observable { kind: "domain".into(), value: "evil.com".into() },
            Observable { kind: "domain".into(), value: "EVIL.com".into() },
            Observable { kind: "hostname".into(), value: "srv01".into() },
            Observable { kind: "hostname".into(), value: "srv01".into() },
        ];
        let f = findings("Beacon to evil[.]com", inspected).unwrap();
        assert_eq!(table(&f), [("domain", "evil.com", true, "both"), ("domain", "EVIL.com", false, "inspect"), ("hostname", "srv01", false, "inspect")]);
        let only_inspect = findings("nothing here", vec![Observable { kind: "ip".into(), value: "10.0.0.1".into() }]).unwrap();
        assert_eq!(table(&only_inspect), [("ip", "10.0.0.1", false, "inspect")]);
        assert_eq!(only_inspect.message, None, "Inspect found one: no 'none found' line");
    }

    /// Issue 25, item 8: a VirusTotal link and a mail gateway's rewritten link name their hosts;
    /// those are marked reference hosts (context), the indicators beside them are not.
    #[test]
    fn reference_hosts_are_marked_with_the_policy_s_extra_hosts() {
        let text = "Seen at https://www.virustotal.com/gui/domain/evil.com and in https://nam12.safelinks.protection.outlook.com/?url=x ; also wiki.acme-corp.com and evil.com";
        let f = findings(text, vec![]).unwrap();
        let marked: Vec<(&str, bool)> = f.observables.iter().map(|o| (o.value.as_str(), o.reference)).collect();
        assert!(marked.contains(&("www.virustotal.com", true)), "{marked:?}");
        assert!(marked.contains(&("https://www.virustotal.com/gui/domain/evil.com", true)), "{marked:?}");
        assert!(marked.contains(&("nam12.safelinks.protection.outlook.com", true)), "{marked:?}");
        assert!(marked.contains(&("evil.com", false)), "{marked:?}");
        assert!(marked.contains(&("wiki.acme-corp.com", false)), "{marked:?}");
        let with = findings_with(text, vec![], &["acme-corp.com".to_string()]).unwrap();
        assert!(with.observables.iter().any(|o| o.value == "wiki.acme-corp.com" && o.reference));
        let json = serde_json::to_value(&f).unwrap();
        assert_eq!(json["observables"].as_array().unwrap().iter().filter(|o| o.get("reference") == Some(&serde_json::json!(true))).count(), 4);
    }

    /// Issue 24: the target behind a gateway's rewritten link is listed before the link, marked.
    #[test]
    fn a_rewritten_link_lists_its_target_first() {
        let f = findings("Click https://eur02.safelinks.protection.outlook.com/?url=https%3A%2F%2Fevil.com%2Fa&data=1 now", vec![]).unwrap();
        let j = serde_json::to_value(&f.observables[..2]).unwrap();
        assert_eq!(
            j,
            serde_json::json!([
                { "type": "url", "value": "https://evil.com/a", "defanged": false, "source": "local", "unwrappedFrom": "safe-links" },
                { "type": "domain", "value": "evil.com", "defanged": false, "source": "local", "unwrappedFrom": "safe-links" },
            ])
        );
        assert_eq!(f.observables[2].value, "https://eur02.safelinks.protection.outlook.com/?url=https%3A%2F%2Fevil.com%2Fa&data=1");
        assert_eq!(f.observables[2].unwrapped_from, None);
    }

    #[test]
    fn selections_are_cut_at_the_cap_never_inside_a_surrogate_pair() {
        let ascii = |_| u16::from(b'a');
        assert_eq!(selection_cut(0, ascii), None);
        assert_eq!(selection_cut(SELECTION_MAX, ascii), None);
        assert_eq!(selection_cut(SELECTION_MAX + 1, ascii), Some(SELECTION_MAX));
        assert_eq!(selection_cut(10 * 1024 * 1024, ascii), Some(SELECTION_MAX));
        // "😀" = D83D DE00 straddling the cap: the whole pair goes.
        let pair_at = |start: usize| {
            move |i: usize| {
                if i == start {
                    0xD83D
                } else if i == start + 1 {
                    0xDE00
                } else {
                    u16::from(b'a')
                }
            }
        };
        assert_eq!(selection_cut(SELECTION_MAX + 5, pair_at(SELECTION_MAX - 1)), Some(SELECTION_MAX - 1));
        assert_eq!(selection_cut(SELECTION_MAX + 5, pair_at(SELECTION_MAX - 2)), Some(SELECTION_MAX), "pair ends at the cap");
        assert_eq!(selection_cut(SELECTION_MAX + 5, pair_at(SELECTION_MAX)), Some(SELECTION_MAX), "pair starts at the cap");
        // A lone low surrogate at the cap (not a pair): cut where the cap is.
        let lone = |i: usize| if i == SELECTION_MAX { 0xDE00 } else { u16::from(b'a') };
        assert_eq!(selection_cut(SELECTION_MAX + 1, lone), Some(SELECTION_MAX));
        assert_eq!(selection_cut_notice(), "The selection was long: only its first 200,000 characters are used.");
    }
}
