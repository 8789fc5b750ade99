//! Where the client talks to: the three Threat Response regions or a checked custom base URL.

use crate::error::{Error, Result};

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
            other => Err(Error::bad_input(format!(
                "Unknown region \"{}\". Use \"us\", \"eu\" or \"apjc\" (the region where the API client was created), or give a baseUrl.",
                truncate_for_message(other, 40)
            ))),
        }
    }

    pub fn base_url(self) -> &'static str {
        match self {
            Region::Us => "https://visibility.amp.cisco.com",
            Region::Eu => "https://visibility.eu.amp.cisco.com",
            Region::Apjc => "https://visibility.apjc.amp.cisco.com",
        }
    }
}

/// Checks a custom base URL: `https://host[:port]`, or `http://` only for a loopback host
/// (the local stand-in). No path, query, fragment or user info. Returns it without a
/// trailing slash.
pub fn check_base_url(raw: &str) -> Result<String> {
    let s = raw.trim();
    let bad = |why: &str| {
        Error::bad_input(format!(
            "The base URL \"{}\" is not usable: {why}. Give it as https://host[:port] (for example https://visibility.amp.cisco.com), or pick a region instead.",
            truncate_for_message(s, 80)
        ))
    };
    let (scheme, rest) = match s.split_once("://") {
        Some((sch, rest)) => (sch.to_ascii_lowercase(), rest),
        None => return Err(bad("it has no https:// scheme")),
    };
    let authority = rest.strip_suffix('/').unwrap_or(rest);
    if authority.is_empty() {
        return Err(bad("it has no host"));
    }
    if authority.contains(['/', '?', '#', '@', ' ', '\\']) || authority.chars().any(|c| c.is_control()) {
        return Err(bad("only scheme, host and port are allowed (no path, query, user or spaces)"));
    }
    let host = host_of_authority(authority).ok_or_else(|| bad("its port is not a number"))?;
    if host.is_empty() {
        return Err(bad("it has no host"));
    }
    let loopback = is_loopback_host(&host);
    match scheme.as_str() {
        "https" => {}
        "http" if loopback => {}
        "http" => return Err(bad("plain http is only allowed for 127.0.0.1 or localhost; use https")),
        _ => return Err(bad("the scheme must be https")),
    }
    Ok(format!("{scheme}://{}", authority.to_ascii_lowercase()))
}

fn host_of_authority(authority: &str) -> Option<String> {
    if let Some(rest) = authority.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        if !after.is_empty() {
            let port = after.strip_prefix(':')?;
            port.parse::<u16>().ok()?;
        }
        return Some(format!("[{}]", host.to_ascii_lowercase()));
    }
    match authority.rsplit_once(':') {
        Some((host, port)) => {
            port.parse::<u16>().ok()?;
            Some(host.to_ascii_lowercase())
        }
        None => Some(authority.to_ascii_lowercase()),
    }
}

fn is_loopback_host(host: &str) -> bool {
    host == "localhost" || host == "[::1]" || host.starts_with("127.") && host.split('.').count() == 4
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
}
