//! Investigate links (contract §4b): open a text, some observables or a casebook on the
//! region's Investigate page. No API call: a link the analyst opens in a new tab.
//!
//! `{host}/investigate?q=<text>` opens an unsaved investigation of the observables in the text;
//! `{host}/investigate?spid=<uuid>` opens a casebook. Cisco recommends going through a
//! casebook once a `q=` link would pass 2,083 characters, so a longer link is not made: the
//! answer says so, and the caller offers to create a casebook (only with the user's consent).

use crate::api::intel::{casebook_id, encode_component, spid};
use crate::api::Observable;
use crate::error::{Error, Result};
use crate::view::errors::ErrorText;
use serde::Serialize;

/// The longest `q=` link made (Cisco's figure: older browsers' URL limit).
pub const MAX_LINK_CHARS: usize = 2083;

/// What to open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target<'a> {
    Text(&'a str),
    Observables(&'a [Observable]),
    /// A casebook id (full URL, `casebook-<uuid>` or the uuid).
    Casebook(&'a str),
}

/// A link to the Investigate page, or why there is none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InvestigateLink {
    /// The link to open in a new tab; absent when it would be too long.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The `q=` link would pass [`MAX_LINK_CHARS`]: offer to save the observables to a
    /// casebook and open that instead.
    pub too_long: bool,
    /// Characters of the `q=` link (made or not).
    pub length: usize,
    /// What to tell the user when there is no link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// The Investigate host for a checked base URL: the region's platform host (the UI hosts of
/// XDR may not serve the route, contract §4b), or the custom base URL itself.
pub fn link(base_url: &str, target: Target<'_>) -> Result<InvestigateLink> {
    let q = match target {
        Target::Casebook(id) => {
            let url = format!("{base_url}/investigate?spid={}", encode_component(spid(&casebook_id(id)?)));
            return Ok(InvestigateLink { length: url.chars().count(), url: Some(url), too_long: false, message: None });
        }
        Target::Text(t) => t.trim().to_string(),
        // One value a line: the page finds the observables in the text as Inspect would.
        Target::Observables(list) => list.iter().map(|o| o.value.trim()).filter(|v| !v.is_empty()).collect::<Vec<_>>().join("\n"),
    };
    if q.is_empty() {
        return Err(Error::bad_input(ErrorText::NothingToInvestigate));
    }
    let url = format!("{base_url}/investigate?q={}", encode_component(&q));
    let length = url.chars().count();
    if length > MAX_LINK_CHARS {
        return Ok(InvestigateLink {
            url: None,
            too_long: true,
            length,
            message: Some(ErrorText::LinkTooLong { length: length as u64, max: MAX_LINK_CHARS as u64 }.into()),
        });
    }
    Ok(InvestigateLink { url: Some(url), too_long: false, length, message: None })
}

#[cfg(test)]
mod tests {
    use super::*;

    const EU: &str = "https://visibility.eu.amp.cisco.com";

    fn o(t: &str, v: &str) -> Observable {
        Observable { kind: t.into(), value: v.into() }
    }

    #[test]
    fn text_observables_and_casebook_links() {
        let l = link(EU, Target::Text(" C2 at evil.example/x?a=1&b=2 ")).unwrap();
        assert_eq!(l.url.as_deref(), Some("https://visibility.eu.amp.cisco.com/investigate?q=C2%20at%20evil.example%2Fx%3Fa%3D1%26b%3D2"));
        assert!(!l.too_long);
        let l = link(EU, Target::Observables(&[o("domain", "evil.example"), o("ip", "203.0.113.7"), o("sha256", " ")])).unwrap();
        assert_eq!(l.url.as_deref(), Some("https://visibility.eu.amp.cisco.com/investigate?q=evil.example%0A203.0.113.7"));
        let l = link(
            "http://127.0.0.1:4000",
            Target::Casebook("https://private.intel.eu.amp.cisco.com:443/ctia/casebook/casebook-25d3dd3e-661b-4b37-8588-f12685e296aa"),
        )
        .unwrap();
        assert_eq!(l.url.as_deref(), Some("http://127.0.0.1:4000/investigate?spid=25d3dd3e-661b-4b37-8588-f12685e296aa"));
        assert_eq!(link(EU, Target::Text("  ")).unwrap_err().kind, crate::ErrorKind::BadInput);
        assert_eq!(link(EU, Target::Observables(&[])).unwrap_err().kind, crate::ErrorKind::BadInput);
        assert_eq!(link(EU, Target::Casebook("../x")).unwrap_err().kind, crate::ErrorKind::BadInput);
    }

    #[test]
    fn links_stop_at_2083_characters() {
        let prefix = format!("{EU}/investigate?q=").len();
        let fits = "a".repeat(MAX_LINK_CHARS - prefix);
        let l = link(EU, Target::Text(&fits)).unwrap();
        assert_eq!((l.length, l.too_long, l.url.as_ref().map(|u| u.len())), (MAX_LINK_CHARS, false, Some(MAX_LINK_CHARS)));
        let l = link(EU, Target::Text(&format!("{fits}a"))).unwrap();
        assert_eq!((l.length, l.too_long, l.url.is_none()), (MAX_LINK_CHARS + 1, true, true));
        assert!(l.message.unwrap().contains("casebook"));
        // Encoding counts: 700 spaces are 2,100 characters once encoded.
        assert!(link(EU, Target::Text(&format!("a{}b", " ".repeat(700)))).unwrap().too_long);
    }
}
