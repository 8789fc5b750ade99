//! Reference hosts (issue 25, item 8): hosts an analyst's text names because they are where
//! indicators are looked up, reported or rewritten, not because they are the threat. A link to
//! a sandbox report, a search, a mail gateway's rewritten link or the vendor's own console
//! yields that host as an observable; blocking it would break the analyst's own tools.
//!
//! Such observables are shown as context ("reference host"): never preselected, their actions
//! behind a second click in the respond view, and never picked by the scan's "Select all shown".
//!
//! The list: [`DEFAULT`] below, extended (never shortened) by the enterprise policy's
//! `referenceHosts` (extension/managed_schema.json). A host matches when it equals a listed host
//! or is a subdomain of one (`www.virustotal.com` matches `virustotal.com`; `notvirustotal.com`
//! does not). A domain observable is its host; a URL's host is the part after `scheme://` (no
//! user, no port). E-mail addresses, IPs and hashes are never reference hosts.

use serde::Deserialize;
use serde_json::Value;

/// The documented default list (docs/user-guide.md, "Reference hosts"). Lower case, no leading `*.`: a listed
/// host covers its subdomains.
pub const DEFAULT: &[&str] = &[
    // Sandboxes and reputation lookups
    "virustotal.com",
    "any.run",
    "hybrid-analysis.com",
    "joesandbox.com",
    "urlscan.io",
    "talosintelligence.com",
    "threatgrid.com",
    "shodan.io",
    "abuse.ch",
    "otx.alienvault.com",
    // Search engines
    "google.com",
    "bing.com",
    "duckduckgo.com",
    "search.yahoo.com",
    "yandex.com",
    "baidu.com",
    // Mail gateways (rewritten links)
    "safelinks.protection.outlook.com",
    "urldefense.com",
    "urldefense.proofpoint.com",
    "mimecast.com",
    "secure-web.cisco.com",
    // The vendor's own consoles (Threat Response / SecureX / XDR, Secure Endpoint, Umbrella)
    "amp.cisco.com",
    "security.cisco.com",
    "umbrella.cisco.com",
    "dashboard.umbrella.com",
];

/// A listed host as the list keeps it: trimmed, lower case, without a leading `*.` or a
/// trailing dot; `None` when it is no host name (empty, spaces, a scheme or a path).
pub fn normalise(entry: &str) -> Option<String> {
    let h = entry.trim().trim_start_matches("*.").trim_end_matches('.').to_ascii_lowercase();
    let ok = !h.is_empty() && !h.starts_with('.') && h.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    ok.then_some(h)
}

/// What the managed policy (`storage.managed`) says of reference hosts: `referenceHosts`, an
/// array of host names (its items that are not texts skipped; not an array: none).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReferencePolicy {
    #[serde(default, deserialize_with = "crate::typed::strings")]
    pub reference_hosts: Vec<String>,
}

impl ReferencePolicy {
    /// The managed policy as stored (anything but an object: no policy).
    pub fn from_value(managed: &Value) -> ReferencePolicy {
        crate::typed::from_value(managed)
    }
}

/// The policy's extra hosts, normalised; anything else in it is ignored.
pub fn from_policy(policy: &ReferencePolicy) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for h in policy.reference_hosts.iter().filter_map(|h| normalise(h)) {
        if !out.contains(&h) {
            out.push(h);
        }
    }
    out
}

/// Whether `host` is a listed host or a subdomain of one (the default list and `extra`).
pub fn is_reference_host(host: &str, extra: &[String]) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let covers =
        |listed: &str| host == listed || (host.len() > listed.len() && host.ends_with(listed) && host.as_bytes()[host.len() - listed.len() - 1] == b'.');
    DEFAULT.iter().any(|l| covers(l)) || extra.iter().any(|l| covers(l))
}

/// The host of a URL value (`https://user@www.virustotal.com:443/gui/…` → `www.virustotal.com`).
pub fn url_host(url: &str) -> Option<&str> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#', '\\']).next()?;
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if host.starts_with('[') {
        return None; // an IPv6 literal: never a reference host
    }
    let host = host.split(':').next()?;
    (!host.is_empty()).then_some(host)
}

/// Whether the observable `kind`/`value` names a reference host: a domain that is one, or a URL
/// on one.
pub fn is_reference(kind: &str, value: &str, extra: &[String]) -> bool {
    match kind {
        "domain" => is_reference_host(value, extra),
        "url" => url_host(value).is_some_and(|h| is_reference_host(h, extra)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn listed_hosts_and_their_subdomains_match_lookalikes_do_not() {
        for host in [
            "virustotal.com",
            "www.virustotal.com",
            "WWW.VirusTotal.com.",
            "app.any.run",
            "www.hybrid-analysis.com",
            "www.joesandbox.com",
            "urlscan.io",
            "www.google.com",
            "nam12.safelinks.protection.outlook.com",
            "urldefense.com",
            "urldefense.proofpoint.com",
            "protect-us.mimecast.com",
            "secure-web.cisco.com",
            "visibility.amp.cisco.com",
            "console.amp.cisco.com",
            "securex.us.security.cisco.com",
            "xdr.eu.security.cisco.com",
        ] {
            assert!(is_reference_host(host, &[]), "{host}");
        }
        for host in
            ["evil.com", "notvirustotal.com", "virustotal.com.evil.com", "any.run.evil.net", "cisco.com", "outlook.com", "www.cisco.com", "example.com", "run"]
        {
            assert!(!is_reference_host(host, &[]), "{host}");
        }
    }

    #[test]
    fn domains_and_urls_name_reference_hosts_other_types_never() {
        assert!(is_reference("domain", "www.virustotal.com", &[]));
        assert!(is_reference("url", "https://www.virustotal.com/gui/file/44d88612fea8a8f36de82e1278abb02f", &[]));
        assert!(is_reference("url", "https://nam12.safelinks.protection.outlook.com/?url=https%3A%2F%2Fevil.com", &[]));
        assert!(is_reference("url", "http://user@urlscan.io:8443/result/x", &[]));
        assert!(!is_reference("url", "https://evil.com/?ref=virustotal.com", &[]));
        assert!(!is_reference("url", "https://[2001:db8::1]/x", &[]));
        assert!(!is_reference("email", "abuse@google.com", &[]));
        assert!(!is_reference("ip", "8.8.8.8", &[]));
        assert!(!is_reference("sha256", "virustotal.com", &[]));
    }

    #[test]
    fn the_policy_extends_the_list_with_normalised_host_names() {
        let extra = from_policy(&ReferencePolicy::from_value(
            &json!({ "referenceHosts": [" *.Wiki.Corp.example. ", "sandbox.corp.example", "sandbox.corp.example", "", "https://x.example/", 7, "a b"] }),
        ));
        assert_eq!(extra, ["wiki.corp.example", "sandbox.corp.example"]);
        assert!(is_reference("domain", "team.wiki.corp.example", &extra));
        assert!(is_reference("url", "https://sandbox.corp.example/report/1", &extra));
        assert!(!is_reference("domain", "team.wiki.corp.example", &[]), "without the policy: not listed");
        assert!(is_reference("domain", "www.virustotal.com", &extra), "the defaults stay");
        assert_eq!(from_policy(&ReferencePolicy::from_value(&json!({}))), Vec::<String>::new());
        assert_eq!(from_policy(&ReferencePolicy::from_value(&json!({ "referenceHosts": "virustotal.com" }))), Vec::<String>::new(), "not a list: ignored");
    }

    /// The extension's settings carry the policy's list to the respond view (and only then).
    #[cfg(feature = "extension")]
    #[test]
    fn the_policy_list_reaches_the_public_settings() {
        let with = crate::settings::Stored::from_input(crate::settings::StoredIn::from_value(
            &json!({ "local": {}, "session": {}, "managed": { "referenceHosts": ["wiki.acme-corp.com"] } }),
        ));
        let public = serde_json::to_value(crate::settings::resolve(&with).public).unwrap();
        assert_eq!(public["referenceHosts"], json!(["wiki.acme-corp.com"]));
        let without = crate::settings::Stored::from_input(crate::settings::StoredIn::from_value(&json!({ "local": {}, "session": {}, "managed": {} })));
        assert_eq!(serde_json::to_value(crate::settings::resolve(&without).public).unwrap().get("referenceHosts"), None);
    }

    #[test]
    fn the_default_list_is_normalised() {
        for h in DEFAULT {
            assert_eq!(normalise(h).as_deref(), Some(*h));
        }
    }
}
