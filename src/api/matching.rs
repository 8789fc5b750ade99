//! Which asked observable an answer is about. Modules answer with the value as they store it:
//! a hash in lower case, a domain in lower case or with its trailing dot dropped (or added), a
//! MAC address with other separators, an IPv6 address compressed. Verdicts, sightings and
//! pivot links must still land on the observable the analyst asked about, so answers are
//! matched on a key that forgets those differences, never on the raw string.

use super::Observable;

/// Hash types whose hexadecimal value is case-insensitive.
const HEX_TYPES: [&str; 5] = ["md5", "sha1", "sha256", "sha512", "process_hash"];
/// Types whose value is a DNS name (case-insensitive, a trailing dot means the same name).
const NAME_TYPES: [&str; 3] = ["domain", "hostname", "odns_identity"];

/// The matching key of an observable: its type in lower case and its value as a module might
/// have normalised it. Two observables with the same key are the same indicator.
pub fn key(kind: &str, value: &str) -> (String, String) {
    let kind = kind.trim().to_ascii_lowercase();
    let v = value.trim();
    let value = match kind.as_str() {
        k if HEX_TYPES.contains(&k) => v.to_ascii_lowercase(),
        k if NAME_TYPES.contains(&k) => v.trim_end_matches('.').to_ascii_lowercase(),
        "email" => v.trim_end_matches('.').to_ascii_lowercase(),
        "ipv6" => ipv6_key(v).unwrap_or_else(|| v.to_ascii_lowercase()),
        "ip" if v.contains(':') => ipv6_key(v).unwrap_or_else(|| v.to_ascii_lowercase()),
        "mac_address" => mac_key(v).unwrap_or_else(|| v.to_ascii_lowercase()),
        "url" => url_key(v),
        _ => v.to_string(),
    };
    (kind, value)
}

/// The keys of the asked observables, in the order asked: build once per answer.
pub struct Asked {
    keys: Vec<(String, String)>,
}

impl Asked {
    pub fn new(asked: &[Observable]) -> Asked {
        Asked { keys: asked.iter().map(|o| key(&o.kind, &o.value)).collect() }
    }

    /// Every asked observable (index) that `answered` is about: the analyst may have asked
    /// the same indicator written twice.
    pub fn positions<'a>(&'a self, answered: &Observable) -> impl Iterator<Item = usize> + 'a {
        let k = key(&answered.kind, &answered.value);
        self.keys.iter().enumerate().filter(move |(_, a)| **a == k).map(|(i, _)| i)
    }

    /// The value part of each key, for substring search in links (`pivots`).
    pub fn values(&self) -> impl Iterator<Item = (usize, &str)> {
        self.keys.iter().enumerate().map(|(i, (_, v))| (i, v.as_str()))
    }
}

/// `00-1A-2B-3C-4D-5E`, `00:1a:2b:3c:4d:5e` and `001a.2b3c.4d5e` are one MAC address.
fn mac_key(v: &str) -> Option<String> {
    let hex: String = v.chars().filter(|c| !matches!(c, ':' | '-' | '.')).collect();
    (hex.len() == 12 && hex.bytes().all(|b| b.is_ascii_hexdigit())).then(|| hex.to_ascii_lowercase())
}

/// An IPv6 address as its eight groups (`2001:DB8:0::1` = `2001:db8::1`); `None` when it is
/// not one (embedded IPv4 and zone ids are left as written).
fn ipv6_key(v: &str) -> Option<String> {
    let v = v.strip_prefix('[').and_then(|s| s.strip_suffix(']')).unwrap_or(v);
    let group = |g: &str| (1..=4).contains(&g.len()).then(|| u16::from_str_radix(g, 16).ok()).flatten();
    let parse = |part: &str| -> Option<Vec<u16>> {
        if part.is_empty() {
            return Some(Vec::new());
        }
        part.split(':').map(group).collect()
    };
    let groups = match v.split_once("::") {
        Some((head, tail)) => {
            let (h, t) = (parse(head)?, parse(tail)?);
            if h.len() + t.len() > 7 {
                return None;
            }
            let mut g = h;
            g.resize(8 - t.len(), 0);
            g.extend(t);
            g
        }
        None => parse(v).filter(|g| g.len() == 8)?,
    };
    Some(groups.iter().map(|g| format!("{g:x}")).collect::<Vec<_>>().join(":"))
}

/// Scheme and host in lower case, the host's trailing dot dropped, and `/` for an empty path:
/// `HTTP://Evil.COM.` = `http://evil.com/`. Path and query keep their case.
fn url_key(v: &str) -> String {
    let Some((scheme, rest)) = v.split_once("://") else { return v.to_string() };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let authority = authority.to_ascii_lowercase();
    let (host, port) = if authority.starts_with('[') {
        authority.find(']').map_or((authority.as_str(), ""), |i| authority.split_at(i + 1))
    } else {
        match authority.rfind(':') {
            Some(i) if authority[i + 1..].bytes().all(|b| b.is_ascii_digit()) => authority.split_at(i),
            _ => (authority.as_str(), ""),
        }
    };
    let authority = format!("{}{port}", host.trim_end_matches('.'));
    let tail = if tail.is_empty() || tail.starts_with(['?', '#']) { format!("/{tail}") } else { tail.to_string() };
    format!("{}://{authority}{tail}", scheme.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: (&str, &str), b: (&str, &str)) -> bool {
        key(a.0, a.1) == key(b.0, b.1)
    }

    #[test]
    fn spellings_a_module_may_normalise_to_are_the_same_indicator() {
        let sha = "B1380FD95BC5C0729738DCDA2696AA0A7C6EE97A93D992931CE717A0DF523967";
        for (a, b) in [
            (("sha256", sha), ("sha256", &sha.to_ascii_lowercase()[..])),
            (("SHA256", sha), ("sha256", &sha.to_ascii_lowercase()[..])),
            (("md5", "D41D8CD98F00B204E9800998ECF8427E"), ("md5", "d41d8cd98f00b204e9800998ecf8427e")),
            (("domain", "Evil.Example.COM."), ("domain", "evil.example.com")),
            (("domain", "evil.example.com"), ("domain", "evil.example.com.")),
            (("hostname", "WS-042.corp."), ("hostname", "ws-042.corp")),
            (("email", "Mallory@Evil.Example"), ("email", "mallory@evil.example")),
            (("ipv6", "2001:DB8:0:0:0:0:0:1"), ("ipv6", "2001:db8::1")),
            (("ipv6", "2001:0db8::0001"), ("ipv6", "2001:db8::1")),
            (("ipv6", "::1"), ("ipv6", "0:0:0:0:0:0:0:1")),
            (("mac_address", "00-1A-2B-3C-4D-5E"), ("mac_address", "00:1a:2b:3c:4d:5e")),
            (("mac_address", "001a.2b3c.4d5e"), ("mac_address", "00:1A:2B:3C:4D:5E")),
            (("url", "HTTP://Evil.Example."), ("url", "http://evil.example/")),
            (("url", "https://EVIL.example:8443?q=1"), ("url", "https://evil.example:8443/?q=1")),
            (("ip", " 203.0.113.7 "), ("ip", "203.0.113.7")),
        ] {
            assert!(same(a, b), "{a:?} = {b:?}");
        }
    }

    #[test]
    fn different_indicators_stay_different() {
        for (a, b) in [
            (("domain", "evil.example"), ("domain", "evil.example.net")),
            (("sha256", "ab"), ("md5", "ab")),
            (("url", "https://evil.example/Path"), ("url", "https://evil.example/path")),
            (("user", "Alice"), ("user", "alice")),
            (("file_name", "A.EXE"), ("file_name", "a.exe")),
            (("ipv6", "2001:db8::1"), ("ipv6", "2001:db8::2")),
            (("ip", "10.0.0.1"), ("ip", "10.0.0.10")),
        ] {
            assert!(!same(a, b), "{a:?} ≠ {b:?}");
        }
        // Not addresses: compared as written, in lower case.
        assert_eq!(key("ipv6", "1:2:3:4:5:6:7:8:9").1, "1:2:3:4:5:6:7:8:9");
        assert_eq!(key("ipv6", "::ffff:1.2.3.4").1, "::ffff:1.2.3.4");
        assert_eq!(key("mac_address", "00:1A").1, "00:1a");
        assert_eq!(key("url", "not a url").1, "not a url");
    }

    #[test]
    fn positions_find_every_spelling_asked() {
        let o = |t: &str, v: &str| Observable { kind: t.into(), value: v.into() };
        let asked = Asked::new(&[o("domain", "Evil.example"), o("ip", "1.2.3.4"), o("domain", "evil.example.")]);
        assert_eq!(asked.positions(&o("domain", "evil.example")).collect::<Vec<_>>(), [0, 2]);
        assert_eq!(asked.positions(&o("ip", "1.2.3.4")).collect::<Vec<_>>(), [1]);
        assert_eq!(asked.positions(&o("domain", "other.example")).count(), 0);
    }
}
