//! The codecs shared by the core (`securex-respond`), the stand-in and xtask, written once:
//! [`base64`] (RFC 4648, standard and URL-safe), [`percent`] (RFC 3986 percent-coding, with
//! the form variant's `+`), [`sha256`] (FIPS 180-4) and [`hex`]. No dependencies, no I/O, no
//! panics on any input; the bottom floor of the workspace (it names nothing above it).

pub mod base64;
pub mod percent;
mod sha256;

pub use sha256::sha256;

/// Lower-case hexadecimal of `bytes` (digests in logs and reports).
pub fn hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 15)] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn hex_is_lower_case_two_digits_per_byte() {
        assert_eq!(super::hex(&[0, 1, 0xab, 0xff]), "0001abff");
        assert_eq!(super::hex(&[]), "");
    }
}
