//! Percent-coding (RFC 3986 §2.1). One encoder keeps RFC 3986's unreserved characters
//! (`A-Z a-z 0-9 - . _ ~`) and escapes every other byte, which is right for a path segment, a
//! query value and an `application/x-www-form-urlencoded` value alike; [`encode_with`] writes
//! the other spellings a server may echo (lower-case hex, space as `+`), for redaction. The
//! decoder is lenient the way browsers are: what is not a `%XX` escape stays as it is.

/// How `+` reads when decoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plus {
    /// A query string or a form body: `+` is a space.
    Space,
    /// A path segment (or any other part): `+` is `+`.
    Keep,
}

/// Every byte outside the unreserved set as `%XX` (upper-case hex).
pub fn encode(s: &str) -> String {
    encode_with(s, true, false)
}

/// [`encode`] with lower-case hex (`upper: false`) and/or space as `+` (`space_as_plus`).
pub fn encode_with(s: &str, upper: bool, space_as_plus: bool) -> String {
    let hex: &[u8; 16] = if upper { b"0123456789ABCDEF" } else { b"0123456789abcdef" };
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else if space_as_plus && b == b' ' {
            out.push('+');
        } else {
            out.extend(['%', hex[usize::from(b >> 4)] as char, hex[usize::from(b & 15)] as char]);
        }
    }
    out
}

fn hex_digit(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// `%XX` (either case) → the byte; `+` per `plus`; a `%` not followed by two hex digits and
/// every other byte as they are. Never fails.
pub fn decode_bytes(s: &[u8], plus: Plus) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        match (s[i], s.get(i + 1).copied().and_then(hex_digit), s.get(i + 2).copied().and_then(hex_digit)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h << 4) | l);
                i += 3;
            }
            (b'+', ..) if plus == Plus::Space => {
                out.push(b' ');
                i += 1;
            }
            (c, ..) => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// [`decode_bytes`] as text; bytes that are no UTF-8 become U+FFFD.
pub fn decode(s: &str, plus: Plus) -> String {
    String::from_utf8_lossy(&decode_bytes(s.as_bytes(), plus)).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreserved_characters_stay_and_everything_else_is_escaped() {
        assert_eq!(encode("AZaz09-._~"), "AZaz09-._~");
        assert_eq!(encode("http://a.b/c?d=e f"), "http%3A%2F%2Fa.b%2Fc%3Fd%3De%20f");
        assert_eq!(encode("café+&="), "caf%C3%A9%2B%26%3D");
        assert_eq!(encode_with("a b/é", false, true), "a+b%2f%c3%a9");
        assert_eq!(encode_with("a b", true, false), "a%20b");
    }

    #[test]
    fn decoding_undoes_every_spelling() {
        let s = "S3cr3t/\"quoted\" & 100% é+~";
        for (upper, plus) in [(true, false), (false, false), (true, true), (false, true)] {
            assert_eq!(decode(&encode_with(s, upper, plus), Plus::Space), s, "{upper} {plus}");
        }
        assert_eq!(decode(&encode(s), Plus::Keep), s);
        let bytes: Vec<u8> = (0..=255u8).collect();
        let enc: String = bytes.iter().map(|b| format!("%{b:02x}")).collect();
        assert_eq!(decode_bytes(enc.as_bytes(), Plus::Keep), bytes);
    }

    #[test]
    fn plus_is_a_space_only_when_asked() {
        assert_eq!(decode("a+b%2B", Plus::Space), "a b+");
        assert_eq!(decode("a+b%2B", Plus::Keep), "a+b+");
    }

    #[test]
    fn what_is_no_escape_stays_as_it_is() {
        assert_eq!(decode_bytes(b"a%2Fb%zz%4", Plus::Keep), b"a/b%zz%4");
        assert_eq!(decode("%", Plus::Keep), "%");
        assert_eq!(decode("%4", Plus::Keep), "%4");
        assert_eq!(decode("%+1", Plus::Space), "% 1");
        assert_eq!(decode("caf%C3%A9%", Plus::Keep), "café%");
        assert_eq!(decode("%FF", Plus::Keep), "\u{FFFD}");
    }
}
