//! Where the client talks to: the three Threat Response regions or a checked custom base URL.

use crate::error::{Error, Result};
use crate::view::errors::{ErrorText, UrlField, UrlFlaw};

/// The three public regions of the IROH platform (contract §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    Us,
    Eu,
    Apjc,
}

impl Region {
    pub fn parse(s: &str) -> Result<Region> {
        match s.trim().to_ascii_lowercase().as_str() {
            "us" | "nam" | "na" => Ok(Region::Us),
            "eu" => Ok(Region::Eu),
            "apjc" => Ok(Region::Apjc),
            other => Err(Error::bad_input(ErrorText::UnknownRegion { region: truncate_for_message(other, 40) })),
        }
    }

    pub fn base_url(self) -> &'static str {
        match self {
            Region::Us => "https://visibility.amp.cisco.com",
            Region::Eu => "https://visibility.eu.amp.cisco.com",
            Region::Apjc => "https://visibility.apjc.amp.cisco.com",
        }
    }

    /// The region's private intelligence host (casebooks, contract §1 and §4b).
    pub fn private_intel_url(self) -> &'static str {
        match self {
            Region::Us => "https://private.intel.amp.cisco.com",
            Region::Eu => "https://private.intel.eu.amp.cisco.com",
            Region::Apjc => "https://private.intel.apjc.amp.cisco.com",
        }
    }

    /// The region whose platform host a checked base URL is (`https://visibility….amp.cisco.com`,
    /// with or without `:443`), if any.
    pub fn of_base_url(base: &str) -> Option<Region> {
        let base = base.strip_suffix(":443").unwrap_or(base);
        Region::ALL.into_iter().find(|r| r.base_url() == base)
    }

    /// Every region, in the order a region picker lists them; the first is the default.
    pub const ALL: [Region; 3] = [Region::Us, Region::Eu, Region::Apjc];

    /// The id settings store and `new Client({ region })` takes.
    pub fn id(self) -> &'static str {
        match self {
            Region::Us => "us",
            Region::Eu => "eu",
            Region::Apjc => "apjc",
        }
    }

    /// The name a region picker shows, in the locale of the moment.
    pub fn name(self) -> String {
        ErrorText::RegionName { id: self.id().to_string() }.into()
    }

    /// Exactly one of the ids (no aliases, no case folding): what stored settings may name.
    pub fn from_id(id: &str) -> Option<Region> {
        Region::ALL.into_iter().find(|r| r.id() == id)
    }
}

/// Scheme, host and port (when one is written) of a checked base URL.
pub fn split_base_url(base: &str) -> (&str, &str, Option<u16>) {
    let (scheme, authority) = base.split_once("://").unwrap_or(("", base));
    let host_end = authority.rfind(']').map_or(0, |i| i + 1);
    match authority[host_end..].rfind(':') {
        Some(i) => (scheme, &authority[..host_end + i], authority[host_end + i + 1..].parse().ok()),
        None => (scheme, authority, None),
    }
}

/// The web origin of a checked base URL (what `new URL(base).origin` gives): the default port
/// (443 for https, 80 for http) dropped.
pub fn origin_of_base_url(base: &str) -> String {
    match split_base_url(base) {
        (scheme, host, Some(p)) if p != if scheme == "https" { 443 } else { 80 } => format!("{scheme}://{host}:{p}"),
        (scheme, host, _) => format!("{scheme}://{host}"),
    }
}

/// Checks a custom base URL: `https://host[:port]`, or `http://` only for a loopback host
/// (the local stand-in). No path, query, fragment or user info. Returns it without a
/// trailing slash.
pub fn check_base_url(raw: &str) -> Result<String> {
    check_url_field(raw, UrlField::BaseUrl)
}

/// [`check_base_url`] for one field (the base URL, or the private intelligence URL: the
/// message names it).
pub(crate) fn check_url_field(raw: &str, which: UrlField) -> Result<String> {
    let s = raw.trim();
    base_url_flaw(s).map_err(|why| Error::bad_input(ErrorText::BadBaseUrl { which, url: truncate_for_message(s, 80), why }))
}

fn base_url_flaw(s: &str) -> std::result::Result<String, UrlFlaw> {
    let (scheme, rest) = match s.split_once("://") {
        Some((sch, rest)) => (sch.to_ascii_lowercase(), rest),
        None => return Err(UrlFlaw::NoScheme),
    };
    let authority = rest.strip_suffix('/').unwrap_or(rest);
    if authority.is_empty() {
        return Err(UrlFlaw::NoHost);
    }
    if authority.contains(['/', '?', '#', '@', ' ', '\\']) || authority.chars().any(|c| c.is_control()) {
        return Err(UrlFlaw::OnlySchemeHostPort);
    }
    let host = host_of_authority(authority)?;
    if host.is_empty() {
        return Err(UrlFlaw::NoHost);
    }
    let loopback = is_loopback_host(&host);
    match scheme.as_str() {
        "https" => {}
        "http" if loopback => {}
        "http" => return Err(UrlFlaw::PlainHttp),
        _ => return Err(UrlFlaw::NotHttps),
    }
    Ok(format!("{scheme}://{}", authority.to_ascii_lowercase()))
}

/// Proxy mode (issue 26): the portal's own path that forwards to Threat Response, as
/// `https://host[:port]/prefix` (http only for a loopback host) or as `/prefix` on the page's
/// origin. The path is made of plain segments only (letters, digits, `-`, `_`, `.`, `~`; no
/// `.` or `..`, no empty segment, no percent escape, query or fragment). When the page's
/// origin is known (`page_origin`), the URL must be on it: the browser sends the portal's
/// session cookie only there. Returns it without a trailing slash.
pub fn check_proxy_base_url(raw: &str, page_origin: Option<&str>) -> Result<String> {
    check_proxy_url(raw, page_origin, false)
}

/// [`check_proxy_base_url`]; `intel`: the private intelligence proxy URL (the message names it).
pub(crate) fn check_proxy_url(raw: &str, page_origin: Option<&str>, intel: bool) -> Result<String> {
    let s = raw.trim();
    proxy_url_flaw(s, page_origin).map_err(|why| Error::bad_input(ErrorText::BadProxyUrl { intel, url: truncate_for_message(s, 80), why }))
}

fn proxy_url_flaw(s: &str, page_origin: Option<&str>) -> std::result::Result<String, UrlFlaw> {
    let full = if s.starts_with('/') && !s.starts_with("//") {
        match page_origin {
            Some(o) if o != "null" => format!("{o}{s}"),
            _ => return Err(UrlFlaw::PathNeedsOrigin),
        }
    } else {
        s.to_string()
    };
    let (scheme, rest) = full.split_once("://").ok_or(UrlFlaw::NoScheme)?;
    let (authority, path) = match rest.find(['/', '?', '#']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let origin = base_url_flaw(&format!("{scheme}://{authority}"))?;
    let path = path.strip_suffix('/').unwrap_or(path);
    for seg in path.split('/').skip(1) {
        if seg.is_empty() || seg == "." || seg == ".." {
            return Err(UrlFlaw::DotSegment);
        }
        if !seg.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~')) {
            return Err(UrlFlaw::BadPathChars);
        }
    }
    if let Some(page) = page_origin {
        if !origin_of_base_url(&origin).eq_ignore_ascii_case(page) {
            return Err(UrlFlaw::OtherOrigin { page: truncate_for_message(page, 80) });
        }
    }
    Ok(format!("{origin}{path}"))
}

/// The lower-cased host of `host[:port]` or `[v6][:port]`, or why it is not usable. Percent
/// escapes are refused outright: a browser decodes them in hosts (`127.0.0.evil%2ecom` is
/// `127.0.0.evil.com`), so what was checked would not be what is fetched.
fn host_of_authority(authority: &str) -> std::result::Result<String, UrlFlaw> {
    if authority.contains('%') {
        return Err(UrlFlaw::PercentEscape);
    }
    let check_port = |port: &str| port.parse::<u16>().map(drop).map_err(|_| UrlFlaw::PortNotNumber);
    if let Some(rest) = authority.strip_prefix('[') {
        let (host, after) = rest.split_once(']').ok_or(UrlFlaw::NoClosingBracket)?;
        if !after.is_empty() {
            check_port(after.strip_prefix(':').ok_or(UrlFlaw::OnlyPortAfterIpv6)?)?;
        }
        if host.len() < 2 || !host.contains(':') || !host.bytes().all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.') {
            return Err(UrlFlaw::BadIpv6);
        }
        return Ok(format!("[{}]", host.to_ascii_lowercase()));
    }
    let host = match authority.rsplit_once(':') {
        Some((host, port)) => {
            check_port(port)?;
            host
        }
        None => authority,
    };
    // Non-ASCII is left to the browser's IDNA mapping: it can only ever reach https here.
    if !host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_') || !c.is_ascii()) {
        return Err(UrlFlaw::BadHostChars);
    }
    Ok(host.to_ascii_lowercase())
}

/// Loopback for plain http: an IPv4 address in 127.0.0.0/8 written as four decimal numbers
/// (0-255, no leading zeros), `[::1]`, or exactly `localhost`. Nothing that merely starts
/// like one, and none of the other spellings a browser would also read as an address
/// (`127.1`, `0x7f000001`, `2130706433`, `0177.0.0.1`).
fn is_loopback_host(host: &str) -> bool {
    if host == "localhost" || host == "[::1]" {
        return true;
    }
    let octet = |p: &str| {
        !p.is_empty()
            && p.len() <= 3
            && p.bytes().all(|b| b.is_ascii_digit())
            && !(p.len() > 1 && p.starts_with('0'))
            && p.parse::<u16>().is_ok_and(|n| n <= 255)
    };
    host.starts_with("127.") && host.split('.').count() == 4 && host.split('.').all(octet)
}

/// The host part of a checked base URL, for messages ("could not reach visibility.eu…").
pub fn host_for_message(base: &str) -> &str {
    base.split_once("://").map(|(_, h)| h).unwrap_or(base)
}

pub(crate) fn truncate_for_message(s: &str, max_chars: usize) -> String {
    if s.chars().count() <= max_chars {
        s.to_string()
    } else {
        s.chars().take(max_chars).collect::<String>() + "…"
    }
}

/// Default per-request timeout.
pub const DEFAULT_TIMEOUT_MS: u32 = 20_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_map_to_visibility_hosts() {
        assert_eq!(Region::parse("us").unwrap().base_url(), "https://visibility.amp.cisco.com");
        assert_eq!(Region::parse("EU").unwrap().base_url(), "https://visibility.eu.amp.cisco.com");
        assert_eq!(Region::parse(" apjc ").unwrap().base_url(), "https://visibility.apjc.amp.cisco.com");
        let e = Region::parse("mars").unwrap_err();
        assert_eq!(e.kind, crate::ErrorKind::BadInput);
        assert!(e.message.contains("\"us\", \"eu\" or \"apjc\""), "{}", e.message);
    }

    #[test]
    fn private_intel_hosts_follow_the_region() {
        let table: Vec<_> = Region::ALL.iter().map(|r| (r.id(), r.private_intel_url())).collect();
        assert_eq!(
            table,
            [
                ("us", "https://private.intel.amp.cisco.com"),
                ("eu", "https://private.intel.eu.amp.cisco.com"),
                ("apjc", "https://private.intel.apjc.amp.cisco.com"),
            ]
        );
        assert_eq!(Region::of_base_url("https://visibility.eu.amp.cisco.com"), Some(Region::Eu));
        assert_eq!(Region::of_base_url("https://visibility.apjc.amp.cisco.com:443"), Some(Region::Apjc));
        assert_eq!(Region::of_base_url("https://visibility.amp.cisco.com:8443"), None);
        assert_eq!(Region::of_base_url("http://127.0.0.1:4000"), None);
    }

    #[test]
    fn region_ids_names_and_origins() {
        let names: Vec<_> = Region::ALL.iter().map(|r| r.name()).collect();
        let table: Vec<_> = Region::ALL.iter().zip(&names).map(|(r, n)| (r.id(), n.as_str(), r.base_url())).collect();
        assert_eq!(
            table,
            [
                ("us", "US", "https://visibility.amp.cisco.com"),
                ("eu", "EU", "https://visibility.eu.amp.cisco.com"),
                ("apjc", "Asia Pacific", "https://visibility.apjc.amp.cisco.com"),
            ]
        );
        for r in Region::ALL {
            assert_eq!(Region::from_id(r.id()), Some(r));
            assert_eq!(Region::parse(r.id()).ok(), Some(r));
        }
        for not_an_id in ["", "US", " eu", "nam", "mars", "constructor"] {
            assert_eq!(Region::from_id(not_an_id), None, "{not_an_id:?}");
        }
        for (base, origin) in [
            ("https://visibility.amp.cisco.com", "https://visibility.amp.cisco.com"),
            ("https://example.com:443", "https://example.com"),
            ("https://example.com:8443", "https://example.com:8443"),
            ("http://127.0.0.1:80", "http://127.0.0.1"),
            ("http://127.0.0.1:4430", "http://127.0.0.1:4430"),
            ("http://localhost:443", "http://localhost:443"),
            ("http://[::1]:80", "http://[::1]"),
            ("http://[::1]:0080", "http://[::1]"),
            ("https://example.com:08443", "https://example.com:8443"),
        ] {
            assert_eq!(origin_of_base_url(&check_base_url(base).unwrap()), origin, "{base}");
        }
    }

    #[test]
    fn base_url_rules() {
        let ok = [
            ("https://visibility.amp.cisco.com/", "https://visibility.amp.cisco.com"),
            ("https://Example.COM:8443", "https://example.com:8443"),
            ("http://127.0.0.1:4000", "http://127.0.0.1:4000"),
            ("http://localhost:9", "http://localhost:9"),
            ("http://[::1]:80/", "http://[::1]:80"),
        ];
        for (input, want) in ok {
            assert_eq!(check_base_url(input).unwrap(), want, "{input}");
        }
        let bad = [
            "visibility.amp.cisco.com",
            "http://visibility.amp.cisco.com",
            "ftp://127.0.0.1",
            "https://",
            "https://host/iroh",
            "https://user:pw@host",
            "https://host?x=1",
            "https://host:port",
            "http://127.0.0.1.evil.com",
            "javascript://alert(1)",
        ];
        for input in bad {
            let e = check_base_url(input).unwrap_err();
            assert_eq!(e.kind, crate::ErrorKind::BadInput, "{input}");
        }
    }

    #[test]
    fn proxy_base_url_rules() {
        let page = Some("https://portal.example.com");
        let ok = [
            ("/securex", page, "https://portal.example.com/securex"),
            ("/securex/", page, "https://portal.example.com/securex"),
            ("/api/v1/threat-response", page, "https://portal.example.com/api/v1/threat-response"),
            ("https://portal.example.com/securex", page, "https://portal.example.com/securex"),
            ("https://Portal.Example.com:443/securex", page, "https://portal.example.com:443/securex"),
            ("https://portal.example.com", page, "https://portal.example.com"),
            ("http://127.0.0.1:8080/securex", Some("http://127.0.0.1:8080"), "http://127.0.0.1:8080/securex"),
            ("https://portal.example.com/securex", None, "https://portal.example.com/securex"),
        ];
        for (input, origin, want) in ok {
            assert_eq!(check_proxy_base_url(input, origin).map_err(|e| e.message), Ok(want.to_string()), "{input}");
        }
        let bad = [
            ("/securex", None, "page's origin"),
            ("/securex", Some("null"), "page's origin"),
            ("//evil.example/securex", page, "scheme"),
            ("https://evil.example/securex", page, "not on this page's origin"),
            ("https://portal.example.com:8443/securex", page, "not on this page's origin"),
            ("http://portal.example.com/securex", Some("http://portal.example.com"), "plain http"),
            ("/securex/../iroh", page, "\"..\""),
            ("/securex/./x", page, "\"..\""),
            ("/securex//x", page, "empty"),
            ("/secure%78", page, "percent"),
            ("/securex?x=1", page, "query"),
            ("/securex#x", page, "query"),
            ("/secu rex", page, "spaces"),
            ("/securex\\x", page, "letters"),
            ("https://user@portal.example.com/securex", page, "user"),
            ("securex", page, "scheme"),
        ];
        for (input, origin, why) in bad {
            let e = check_proxy_base_url(input, origin).unwrap_err();
            assert_eq!(e.kind, crate::ErrorKind::BadInput, "{input}");
            assert!(e.message.contains(why) && e.message.contains("proxy"), "{input}: {}", e.message);
        }
    }

    /// Hosts that must not get plain http (issue 11, item 3), and https hosts with percent
    /// escapes. `tests/browser.rs` runs the same table through the JS API.
    const HOSTILE_HTTP_BASE_URLS: &[&str] = &[
        "http://127.x.evil.com",
        "http://127.0.0.evil%2ecom",
        "http://127.0.0.1.evil.com",
        "http://127.0.0.1%2eevil.com",
        "http://%31%32%37.0.0.1",
        "http://127.evil.com.0.1",
        "http://127.0.0.256",
        "http://127.0.0.01",
        "http://127.1",
        "http://0x7f000001",
        "http://2130706433",
        "http://0177.0.0.1",
        "http://127.0.0.1.",
        "http://128.0.0.1",
        "http://10.0.0.1",
        "http://localhost.",
        "http://localhost.evil.com",
        "http://evil-localhost",
        "http://localhost%00",
        "http://[::1].evil.com",
        "http://[::ffff:127.0.0.1]",
        "http://[::1%25lo]:80",
        "http://[0:0:0:0:0:0:0:2]",
        "http://[0:0:0:0:0:0:0:1]",
        "https://[::1:zz]",
        "https://evil%2ecom",
        "https://visibility.amp.cisco.com%2f.evil.com",
        "https://a!b.com",
    ];

    #[test]
    fn regression_plain_http_only_for_real_loopback_hosts() {
        for input in HOSTILE_HTTP_BASE_URLS {
            match check_base_url(input) {
                Ok(u) => panic!("{input} was accepted as {u}"),
                Err(e) => assert_eq!(e.kind, crate::ErrorKind::BadInput, "{input}"),
            }
        }
        let ok = [
            ("http://127.0.0.1:4000", "http://127.0.0.1:4000"),
            ("http://127.1.2.3:9", "http://127.1.2.3:9"),
            ("http://127.255.255.255", "http://127.255.255.255"),
            ("http://LOCALHOST:9", "http://localhost:9"),
            ("http://[::1]", "http://[::1]"),
            ("https://visibility.eu.amp.cisco.com", "https://visibility.eu.amp.cisco.com"),
            ("https://xdr-gw_1.example.com:443", "https://xdr-gw_1.example.com:443"),
        ];
        for (input, want) in ok {
            assert_eq!(check_base_url(input).map_err(|e| e.message), Ok(want.to_string()), "{input}");
        }
        let e = check_base_url("http://127.0.0.evil%2ecom").unwrap_err();
        assert!(e.message.contains("percent"), "says why: {}", e.message);
    }
}
