//! What a span is, exactly: an IPv4 dotted quad or a domain with valid labels and a real TLD
//! ([`classify_host`]), a strict RFC 4291 IPv6, a MAC in its three written forms, and the rule that tells a
//! label glued before an address (`C2:2001:db8::1`) from its first group.

use super::classes::{is, HOST};
use super::tld::is_tld;

#[derive(PartialEq, Eq, Clone, Copy)]
pub(super) enum HostKind {
    Ip,
    Domain,
}

/// Classify a host span (no surrounding dots): IPv4 dotted quad, or a domain with valid labels and a real TLD.
pub(super) fn classify_host(h: &[u8]) -> Option<HostKind> {
    if h.is_empty() || h.len() > 253 {
        return None;
    }
    let mut labels = 0usize;
    let mut all_numeric = true;
    let mut numeric_ok = true;
    let mut last_start = 0usize;
    let mut start = 0usize;
    let mut i = 0usize;
    while i <= h.len() {
        if i == h.len() || h[i] == b'.' {
            let l = &h[start..i];
            if l.is_empty() || l.len() > 63 {
                return None;
            }
            labels += 1;
            if l.iter().all(|c| c.is_ascii_digit()) {
                if l.len() > 3 || (l.len() == 3 && l > b"255".as_slice()) {
                    numeric_ok = false;
                }
            } else {
                all_numeric = false;
                if l[0] == b'-' || l[l.len() - 1] == b'-' {
                    return None;
                }
            }
            last_start = start;
            start = i + 1;
        } else if !is(h[i], HOST) || h[i] == b'.' {
            return None;
        }
        i += 1;
    }
    if all_numeric {
        return if labels == 4 && numeric_ok { Some(HostKind::Ip) } else { None };
    }
    if labels < 2 {
        return None;
    }
    let tld = &h[last_start..];
    let tld_ok = if tld.len() > 4 && tld[..4].eq_ignore_ascii_case(b"xn--") { is_tld(tld) } else { tld.iter().all(|c| c.is_ascii_alphabetic()) && is_tld(tld) };
    if tld_ok {
        Some(HostKind::Domain)
    } else {
        None
    }
}

pub(super) fn hex_group(s: &[u8], i: usize) -> usize {
    let mut j = i;
    while j < s.len() && j - i < 5 && s[j].is_ascii_hexdigit() {
        j += 1;
    }
    j - i
}

pub(super) fn is_ipv4(s: &[u8]) -> bool {
    classify_host(s) == Some(HostKind::Ip)
}

/// Strict RFC 4291 text form (with optional embedded IPv4 tail). Compressed forms need ≥ 2 explicit groups.
pub(super) fn is_ipv6(s: &[u8]) -> bool {
    if s.len() < 3 || s.len() > 45 {
        return false;
    }
    let mut i = 0usize;
    let mut groups = 0usize;
    let mut double = false;
    if s.starts_with(b"::") {
        double = true;
        i = 2;
    } else if s[0] == b':' {
        return false;
    }
    while i < s.len() {
        let g = hex_group(s, i);
        if g == 0 || g > 4 {
            return false;
        }
        if i + g < s.len() && s[i + g] == b'.' {
            // IPv4 tail must end the address
            if !is_ipv4(&s[i..]) {
                return false;
            }
            groups += 2;
            break;
        }
        groups += 1;
        i += g;
        if i == s.len() {
            break;
        }
        if s[i] != b':' {
            return false;
        }
        if i + 1 < s.len() && s[i + 1] == b':' {
            if double {
                return false;
            }
            double = true;
            i += 2;
            if i == s.len() {
                break;
            }
        } else {
            i += 1;
            if i == s.len() {
                return false;
            }
        }
    }
    if double {
        (2..=7).contains(&groups)
    } else {
        groups == 8
    }
}

pub(super) fn is_mac(s: &[u8]) -> bool {
    if s.len() == 17 {
        let sep = s[2];
        if sep != b':' && sep != b'-' {
            return false;
        }
        return (0..6).all(|k| s[k * 3].is_ascii_hexdigit() && s[k * 3 + 1].is_ascii_hexdigit()) && (0..5).all(|k| s[k * 3 + 2] == sep);
    }
    if s.len() == 14 {
        return (0..3).all(|k| (0..4).all(|j| s[k * 5 + j].is_ascii_hexdigit())) && s[4] == b'.' && s[9] == b'.';
    }
    false
}

/// `label:addr` where `addr` is a MAC or (`ipv6`) an IPv6 address: is `label` a label (`C2`, `DA`) rather than the first
/// group? Only if it has a letter, and either its letters are in another case than the address's (addresses are
/// written in one case), or the address is an IPv6 with a group of 3 or 4 digits and the label is at most two
/// characters (real first groups are 4 digits, `2001` `fe80` `2a02`, or digits only, NAT64's `64:ff9b::`; a hex
/// dump `aa:bb:cc:…` has only 2-digit groups and stays what it was).
pub(super) fn label_glued(label: &[u8], addr: &[u8], ipv6: bool) -> bool {
    if !label.iter().any(u8::is_ascii_alphabetic) {
        return false;
    }
    let upper = |s: &[u8]| s.iter().any(u8::is_ascii_uppercase);
    let lower = |s: &[u8]| s.iter().any(u8::is_ascii_lowercase);
    if (upper(label) && lower(addr)) || (lower(label) && upper(addr)) {
        return true;
    }
    ipv6 && label.len() <= 2 && addr.split(|&c| c == b':').any(|g| g.len() >= 3 && !g.contains(&b'.'))
}

pub(super) fn mac_value(v: &mut Vec<u8>, s: &[u8]) {
    let mut k = 0usize;
    for &c in s {
        if c.is_ascii_hexdigit() {
            if k > 0 && k.is_multiple_of(2) {
                v.push(b':');
            }
            v.push(c.to_ascii_lowercase());
            k += 1;
        }
    }
}
