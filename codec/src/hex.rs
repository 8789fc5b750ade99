//! Lower-case hexadecimal, for digests in logs and reports.

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
