//! The original URL behind a mail or web gateway's rewrite (`docs/extraction.md`, "Rewritten links"): given a
//! URL the scanner found, say whether it is a known wrapper and decode what it wraps. No network, no state; the
//! decoded target is never longer than the wrapper (percent-decoding shrinks, Proofpoint's substitutions take
//! their characters from the wrapper's own text), so decoding and re-scanning it is linear in the wrapper, and the
//! scanner nests at most [`MAX_DEPTH`] levels.
//!
//! Formats (as the vendors document them, examples in `tests/extract_table.rs`):
//! * **Microsoft Defender Safe Links**: `https://<region>.safelinks.protection.outlook.com/?url=<percent-encoded
//!   target>&data=…` (also `*.safelinks.protection.office365.us`).
//! * **Proofpoint URL Defense v1**: `https://urldefense.proofpoint.com/v1/url?u=<percent-encoded target>&k=…`.
//! * **Proofpoint URL Defense v2**: `https://urldefense.proofpoint.com/v2/url?u=<target>&d=…`, where the target
//!   was percent-encoded and then `%` written `-` and `/` written `_`.
//! * **Proofpoint URL Defense v3**: `https://urldefense.com/v3/__<target>__;<base64url>!!<token>$`: the target
//!   is written as is except that some characters are replaced by `*` (one character) or `**X` (a run of 2, 3, …
//!   characters, `X` from `A–Z a–z 0–9 - _` giving the length); the replaced characters, in order, are the
//!   base64url (UTF-8) text between `__;` and the first `!`.
//! * **Mimecast**: `https://protect-<region>.mimecast.com/s/<token>?domain=<host>`: the rest of the target stays
//!   on Mimecast's servers, so only the host is recovered.
//! * **Cisco Secure Email**: `https://secure-web.cisco.com/<token>/<percent-encoded target>`.
//! * **Google's redirector**: `https://www.google.<tld>/url?q=<percent-encoded target>` (or `url=`).

/// How deep wrappers are unwrapped (a Safe Link around a Proofpoint link around a redirect: 3).
pub const MAX_DEPTH: u8 = 3;

/// The longest wrapper decoded (bytes from the scheme to the URL's end). Gateways' links are a few hundred bytes
/// (a Safe Link around a long tracking URL stays under 4 KB); a longer "wrapper" is pasted junk or built to
/// hurt, and stays a plain URL, so decoding costs at most a constant per wrapper on top of the scan.
pub const MAX_WRAPPER: usize = 16 * 1024;

/// The gateway a target was unwrapped from; serialised as [`Gateway::as_str`]. One byte, so [`super::Found`]
/// stays 64 bytes (a `&'static str` made it 80 and cost ~15 % of the native speed in page faults).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gateway {
    SafeLinks,
    ProofpointV1,
    ProofpointV2,
    ProofpointV3,
    Mimecast,
    Cisco,
    Google,
}

impl serde::Serialize for Gateway {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl PartialEq<&str> for Gateway {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Gateway {
    /// The identifier in `unwrappedFrom`.
    pub fn as_str(self) -> &'static str {
        match self {
            Gateway::SafeLinks => "safe-links",
            Gateway::ProofpointV1 => "proofpoint-v1",
            Gateway::ProofpointV2 => "proofpoint-v2",
            Gateway::ProofpointV3 => "proofpoint-v3",
            Gateway::Mimecast => "mimecast",
            Gateway::Cisco => "cisco-secure-email",
            Gateway::Google => "google-redirect",
        }
    }
}

/// What a wrapper holds: a whole URL, or (Mimecast) only a host.
pub enum Target {
    Url(Vec<u8>),
    Host(Vec<u8>),
}

/// `host` (lower-cased) and the rest of the URL after the host and port (`/path?query#fragment`, as written).
/// `None` when the URL is no wrapper this module knows, or its target cannot be decoded.
pub fn unwrap(host: &[u8], rest: &[u8]) -> Option<(Gateway, Target)> {
    let (path, query) = split_query(rest);
    if ends_with_label(host, b"safelinks.protection.outlook.com") || ends_with_label(host, b"safelinks.protection.office365.us") {
        return Some((Gateway::SafeLinks, Target::Url(percent_decode(param(query, b"url")?))));
    }
    if host == b"urldefense.proofpoint.com" {
        if path == b"/v2/url" {
            let u: Vec<u8> = param(query, b"u")?
                .iter()
                .map(|&c| match c {
                    b'-' => b'%',
                    b'_' => b'/',
                    c => c,
                })
                .collect();
            return Some((Gateway::ProofpointV2, Target::Url(percent_decode(&u))));
        }
        if path == b"/v1/url" {
            return Some((Gateway::ProofpointV1, Target::Url(percent_decode(param(query, b"u")?))));
        }
        return None;
    }
    if host == b"urldefense.com" {
        return v3(rest).map(|t| (Gateway::ProofpointV3, Target::Url(t)));
    }
    if host == b"mimecast.com" || ends_with_label(host, b"mimecast.com") {
        if !path.starts_with(b"/s/") {
            return None;
        }
        return Some((Gateway::Mimecast, Target::Host(percent_decode(param(query, b"domain")?))));
    }
    if host == b"secure-web.cisco.com" {
        // `/<token>/<target>`: the target may itself hold `?` and `#` when it was not encoded.
        let p = rest.strip_prefix(b"/")?;
        let slash = memchr::memchr(b'/', p)?;
        if slash == 0 {
            return None;
        }
        return Some((Gateway::Cisco, Target::Url(percent_decode(&p[slash + 1..]))));
    }
    if is_google(host) && path == b"/url" {
        let q = param(query, b"q").or_else(|| param(query, b"url"))?;
        return Some((Gateway::Google, Target::Url(percent_decode(q))));
    }
    None
}

/// `host` is `suffix` or ends with `.suffix`.
fn ends_with_label(host: &[u8], suffix: &[u8]) -> bool {
    host.len() > suffix.len() && host.ends_with(suffix) && host[host.len() - suffix.len() - 1] == b'.'
}

/// `google.<tld>`, `www.google.<tld>`, `google.co.<cc>`, `www.google.com.<cc>`.
fn is_google(host: &[u8]) -> bool {
    let h = host.strip_prefix(b"www.").unwrap_or(host);
    let Some(t) = h.strip_prefix(b"google.") else { return false };
    let t = t.strip_prefix(b"co.").or_else(|| t.strip_prefix(b"com.")).unwrap_or(t);
    !t.is_empty() && t.len() <= 3 && t.iter().all(u8::is_ascii_lowercase)
}

/// (path, query) of `/path?query#fragment`.
fn split_query(rest: &[u8]) -> (&[u8], &[u8]) {
    let rest = match memchr::memchr(b'#', rest) {
        Some(h) => &rest[..h],
        None => rest,
    };
    match memchr::memchr(b'?', rest) {
        Some(q) => (&rest[..q], &rest[q + 1..]),
        None => (rest, &[]),
    }
}

/// The raw value of the first `name=` parameter of a query (`&`-separated; names compared without case).
fn param<'q>(query: &'q [u8], name: &[u8]) -> Option<&'q [u8]> {
    query.split(|&c| c == b'&').find_map(|kv| {
        let eq = memchr::memchr(b'=', kv)?;
        kv[..eq].eq_ignore_ascii_case(name).then(|| &kv[eq + 1..]).filter(|v| !v.is_empty())
    })
}

/// `%XX` → the byte; anything else (a lone `%`, `+`) as it is.
fn percent_decode(s: &[u8]) -> Vec<u8> {
    sxr_codec::percent::decode_bytes(s, sxr_codec::percent::Plus::Keep)
}

/// base64url (padding optional, standard alphabet accepted too).
fn base64_decode(s: &[u8]) -> Option<Vec<u8>> {
    sxr_codec::base64::decode(s).ok()
}

/// Proofpoint v3: `/v3/__<target>__;<base64url>!…`.
fn v3(rest: &[u8]) -> Option<Vec<u8>> {
    let body = rest.strip_prefix(b"/v3/__")?;
    let end = memchr::memmem::find(body, b"__;")?;
    let url = percent_decode(&body[..end]);
    let after = &body[end + 3..];
    let enc = &after[..memchr::memchr(b'!', after).unwrap_or(after.len())];
    let dec = base64_decode(enc)?;
    let dec = std::str::from_utf8(&dec).ok()?;
    let mut chars = dec.chars();
    let mut out = Vec::with_capacity(url.len() + dec.len());
    let mut i = 0usize;
    let mut buf = [0u8; 4];
    while i < url.len() {
        if url[i] != b'*' {
            out.push(url[i]);
            i += 1;
            continue;
        }
        // `**X`: a run whose length `X` gives (A = 2, B = 3, …); a lone `*`: one character.
        let run = if i + 2 < url.len() && url[i + 1] == b'*' { run_length(url[i + 2]) } else { None };
        let (n, skip) = match run {
            Some(n) => (n, 3),
            None => (1, 1),
        };
        for _ in 0..n {
            out.extend_from_slice(chars.next()?.encode_utf8(&mut buf).as_bytes());
        }
        i += skip;
    }
    Some(out)
}

fn run_length(c: u8) -> Option<usize> {
    Some(
        2 + match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        } as usize,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding_keeps_what_is_not_an_escape() {
        assert_eq!(percent_decode(b"a%2Fb%zz%4"), b"a/b%zz%4");
        assert_eq!(percent_decode(b"%"), b"%");
    }

    #[test]
    fn base64url_with_and_without_padding() {
        assert_eq!(base64_decode(b"Pz0mJg").unwrap(), b"?=&&");
        assert_eq!(base64_decode(b"Pz0mJg==").unwrap(), b"?=&&");
        assert!(base64_decode(b"a b").is_none());
    }

    #[test]
    fn v3_runs_and_single_stars() {
        // `?` `=` replaced one by one, then a run of two (`**A`): `&&`.
        let t = v3(b"/v3/__https://evil.com/a*b*c**Ad__;Pz0mJg!!tok$").unwrap();
        assert_eq!(t, b"https://evil.com/a?b=c&&d");
        // Too few replacement characters: undecodable.
        assert!(v3(b"/v3/__https://evil.com/a*b*__;Pw!!tok$").is_none());
    }

    #[test]
    fn google_hosts() {
        for h in ["google.com", "www.google.com", "www.google.co.uk", "google.de", "www.google.com.br"] {
            assert!(is_google(h.as_bytes()), "{h}");
        }
        for h in ["notgoogle.com", "google.evil.com", "www.google.", "google.example"] {
            assert!(!is_google(h.as_bytes()), "{h}");
        }
    }
}
