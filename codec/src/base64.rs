//! Base64 (RFC 4648): [`encode`] is §4 (standard alphabet, padded: HTTP Basic credentials),
//! [`encode_url`] is §5 without padding (PKCE, JWT segments). [`decode`] accepts either
//! alphabet, with or without padding, since gateways and clients write both.

const STANDARD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_SAFE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Why a text is no base64.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// A byte outside both alphabets (or `=` before the end), at this offset.
    InvalidByte(usize),
    /// A length no encoder writes (one character left over after the last group of four).
    InvalidLength,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::InvalidByte(at) => write!(f, "not base64: unexpected character at offset {at}; use A-Z, a-z, 0-9, +/ or -_, and = only at the end"),
            DecodeError::InvalidLength => write!(f, "not base64: the length leaves one character over; the text is cut or has a character too many"),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Standard alphabet with `=` padding (RFC 4648 §4).
pub fn encode(input: &[u8]) -> String {
    encode_with(input, STANDARD, true)
}

/// URL-safe alphabet without padding (RFC 4648 §5; RFC 7636 appendix A).
pub fn encode_url(input: &[u8]) -> String {
    encode_with(input, URL_SAFE, false)
}

fn encode_with(input: &[u8], table: &[u8; 64], pad: bool) -> String {
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(table[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else if pad {
                out.push('=');
            }
        }
    }
    out
}

/// Decodes either alphabet (`+/` or `-_`, even mixed), padded or not. Up to two `=` may end
/// the text; anything else outside the alphabets is an error.
pub fn decode(input: &[u8]) -> Result<Vec<u8>, DecodeError> {
    let mut end = input.len();
    while end > 0 && input.len() - end < 2 && input[end - 1] == b'=' {
        end -= 1;
    }
    let body = &input[..end];
    let mut out = Vec::with_capacity(body.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for (at, &c) in body.iter().enumerate() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return Err(DecodeError::InvalidByte(at)),
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if body.len() % 4 == 1 {
        return Err(DecodeError::InvalidLength);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4648 §10.
    const VECTORS: [(&str, &str); 7] =
        [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")];

    #[test]
    fn rfc4648_vectors_encode_and_decode() {
        for (plain, enc) in VECTORS {
            assert_eq!(encode(plain.as_bytes()), enc);
            assert_eq!(encode_url(plain.as_bytes()), enc.trim_end_matches('='));
            assert_eq!(decode(enc.as_bytes()).unwrap(), plain.as_bytes(), "{enc}");
            assert_eq!(decode(enc.trim_end_matches('=').as_bytes()).unwrap(), plain.as_bytes(), "{enc} unpadded");
        }
    }

    #[test]
    fn the_two_alphabets_differ_only_in_62_and_63() {
        let bytes = [0xfb, 0xff, 0xbf];
        assert_eq!(encode(&bytes), "+/+/");
        assert_eq!(encode_url(&bytes), "-_-_");
        assert_eq!(decode(b"+/-_").unwrap(), [0xfb, 0xff, 0xbf]);
        // RFC 7636 appendix B: the S256 challenge of the example verifier.
        assert_eq!(decode(b"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM").unwrap().len(), 32);
    }

    #[test]
    fn every_length_and_byte_round_trips() {
        let all: Vec<u8> = (0..=255u8).chain((0..=255u8).rev()).collect();
        for n in 0..all.len() {
            let b = &all[..n];
            assert_eq!(decode(encode(b).as_bytes()).unwrap(), b);
            assert_eq!(decode(encode_url(b).as_bytes()).unwrap(), b);
            assert_eq!(encode(b).len() % 4, 0);
            assert!(!encode_url(b).contains(['=', '+', '/']));
        }
    }

    #[test]
    fn invalid_input_is_an_error_not_a_panic() {
        assert_eq!(decode(b"Zm9v!"), Err(DecodeError::InvalidByte(4)));
        assert_eq!(decode(b"Zm=9v"), Err(DecodeError::InvalidByte(2)));
        assert_eq!(decode(b"Zm9v Yg"), Err(DecodeError::InvalidByte(4)));
        assert_eq!(decode(b"Zg==="), Err(DecodeError::InvalidByte(2)));
        assert_eq!(decode(b"Zm9vY"), Err(DecodeError::InvalidLength));
        assert_eq!(decode("é".as_bytes()), Err(DecodeError::InvalidByte(0)));
        assert!(decode(b"=").is_ok_and(|v| v.is_empty()));
        assert!(DecodeError::InvalidLength.to_string().contains("cut"));
        for n in 0..64 {
            let junk: Vec<u8> = (0..n).map(|i| (i * 37 % 256) as u8).collect();
            let _ = decode(&junk);
        }
    }
}
