//! What one character is, for phase 0 ([`super::unicode`]) and the scanner: its class (label character, odd dot,
//! odd at sign, zero-width, other), the lower-case table of the scripts with case ([`LOWER`], without std's 12 KB of
//! tables), the script tests the zero-width and glued-word rules use, and UTF-8 decoding that never panics.

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Class {
    /// A label character: ASCII `[A-Za-z0-9-]`, fullwidth ASCII letters and digits, and other letters, digits and
    /// combining marks.
    Label,
    Dot,
    At,
    /// Zero-width / invisible format characters.
    Zw,
    Other,
}

/// Combining marks of the BMP (general category M, Unicode 14) that `char::is_alphanumeric` does not already
/// accept, as merged ranges (gaps made only of alphanumeric characters are merged; variation selectors and the
/// marks of historic scripts beyond the BMP left out). Generated with Python's `unicodedata` filtered through Rust's
/// `char::is_alphanumeric`.
pub(super) const MARKS: &[(u16, u16)] = &[
    (0x0300, 0x0362),
    (0x0483, 0x0489),
    (0x0591, 0x05af),
    (0x0658, 0x0658),
    (0x06df, 0x06e0),
    (0x06ea, 0x06ec),
    (0x0740, 0x074a),
    (0x07eb, 0x07f3),
    (0x07fd, 0x07fd),
    (0x0818, 0x082d),
    (0x0859, 0x085b),
    (0x0898, 0x08e1),
    (0x08ea, 0x0954),
    (0x09bc, 0x09bc),
    (0x09cd, 0x09cd),
    (0x09fe, 0x09fe),
    (0x0a3c, 0x0a3c),
    (0x0a4d, 0x0a4d),
    (0x0abc, 0x0abc),
    (0x0acd, 0x0acd),
    (0x0afd, 0x0aff),
    (0x0b3c, 0x0b3c),
    (0x0b4d, 0x0b4d),
    (0x0b55, 0x0b55),
    (0x0bcd, 0x0bcd),
    (0x0c3c, 0x0c3c),
    (0x0c4d, 0x0c4d),
    (0x0cbc, 0x0cbc),
    (0x0ccd, 0x0ccd),
    (0x0d3b, 0x0d3c),
    (0x0d4d, 0x0d4d),
    (0x0dca, 0x0dca),
    (0x0e47, 0x0e4e),
    (0x0eba, 0x0eba),
    (0x0ec8, 0x0ecc),
    (0x0f18, 0x0f19),
    (0x0f35, 0x0f35),
    (0x0f37, 0x0f37),
    (0x0f39, 0x0f39),
    (0x0f3e, 0x0f3f),
    (0x0f84, 0x0f84),
    (0x0f86, 0x0f87),
    (0x0fc6, 0x0fc6),
    (0x1037, 0x103a),
    (0x135d, 0x135f),
    (0x1714, 0x1715),
    (0x1734, 0x1734),
    (0x17b4, 0x17d3),
    (0x17dd, 0x17dd),
    (0x180b, 0x180d),
    (0x180f, 0x180f),
    (0x1939, 0x193b),
    (0x1a60, 0x1a7c),
    (0x1a7f, 0x1a7f),
    (0x1ab0, 0x1acb),
    (0x1b34, 0x1b44),
    (0x1b6b, 0x1b73),
    (0x1baa, 0x1bf3),
    (0x1c37, 0x1c37),
    (0x1cd0, 0x1cd2),
    (0x1cd4, 0x1cf9),
    (0x1dc0, 0x1dff),
    (0x20d0, 0x20f0),
    (0x2cef, 0x2cf1),
    (0x2d7f, 0x2d7f),
    (0x302a, 0x302f),
    (0x3099, 0x309a),
    (0xa66f, 0xa672),
    (0xa67c, 0xa67d),
    (0xa6f0, 0xa6f1),
    (0xa806, 0xa806),
    (0xa82c, 0xa82c),
    (0xa8c4, 0xa8c4),
    (0xa8e0, 0xa8f1),
    (0xa92b, 0xa92d),
    (0xa953, 0xa953),
    (0xa9b3, 0xa9c0),
    (0xaabf, 0xaac1),
    (0xaaf6, 0xaaf6),
    (0xabec, 0xabed),
    (0xfe20, 0xfe2f),
];

pub(super) fn in_marks(u: u32) -> bool {
    let i = MARKS.partition_point(|&(_, hi)| (hi as u32) < u);
    i < MARKS.len() && MARKS[i].0 as u32 <= u
}

/// Lower-case mappings of the scripts with case that hosts are written in, as `(first, last, delta, step)`: every
/// `step`-th code point from `first` maps to itself + `delta` (step 2: upper/lower pairs). Latin (Latin-1,
/// Extended-A, the regular parts of Extended-B, Extended Additional, -D), Greek and its extension, Cyrillic and its
/// extension, Armenian, Georgian, Glagolitic, Coptic. `char::to_lowercase` would add its 12 KB of tables to the
/// wasm module; `tests::lower_matches_std` checks this table against it for every code point it covers, and that
/// what it leaves out lies in scripts not listed here.
pub(super) const LOWER: &[(u16, u16, i16, u8)] = &[
    (0x00C0, 0x00D6, 32, 1),
    (0x00D8, 0x00DE, 32, 1),
    (0x0100, 0x012F, 1, 2),
    (0x0132, 0x0137, 1, 2),
    (0x0139, 0x0148, 1, 2),
    (0x014A, 0x0177, 1, 2),
    (0x0178, 0x0178, -121, 1),
    (0x0179, 0x017E, 1, 2),
    (0x01A0, 0x01A5, 1, 2),
    (0x01AF, 0x01AF, 1, 1),
    (0x01C4, 0x01C4, 2, 1),
    (0x01C5, 0x01C5, 1, 1),
    (0x01C7, 0x01C7, 2, 1),
    (0x01C8, 0x01C8, 1, 1),
    (0x01CA, 0x01CA, 2, 1),
    (0x01CB, 0x01DC, 1, 2),
    (0x01DE, 0x01EF, 1, 2),
    (0x01F1, 0x01F1, 2, 1),
    (0x01F2, 0x01F4, 1, 2),
    (0x01F8, 0x021F, 1, 2),
    (0x0222, 0x0233, 1, 2),
    (0x0246, 0x024F, 1, 2),
    (0x0370, 0x0373, 1, 2),
    (0x0376, 0x0376, 1, 1),
    (0x037F, 0x037F, 116, 1),
    (0x0386, 0x0386, 38, 1),
    (0x0388, 0x038A, 37, 1),
    (0x038C, 0x038C, 64, 1),
    (0x038E, 0x038F, 63, 1),
    (0x0391, 0x03A1, 32, 1),
    (0x03A3, 0x03AB, 32, 1),
    (0x03CF, 0x03CF, 8, 1),
    (0x03D8, 0x03EF, 1, 2),
    (0x03F4, 0x03F4, -60, 1),
    (0x03F7, 0x03F7, 1, 1),
    (0x03F9, 0x03F9, -7, 1),
    (0x03FA, 0x03FA, 1, 1),
    (0x03FD, 0x03FF, -130, 1),
    (0x0400, 0x040F, 80, 1),
    (0x0410, 0x042F, 32, 1),
    (0x0460, 0x0481, 1, 2),
    (0x048A, 0x04BF, 1, 2),
    (0x04C0, 0x04C0, 15, 1),
    (0x04C1, 0x04CE, 1, 2),
    (0x04D0, 0x052F, 1, 2),
    (0x0531, 0x0556, 48, 1),
    (0x10A0, 0x10C5, 7264, 1),
    (0x10C7, 0x10C7, 7264, 1),
    (0x10CD, 0x10CD, 7264, 1),
    (0x1C89, 0x1C89, 1, 1),
    (0x1C90, 0x1CBA, -3008, 1),
    (0x1CBD, 0x1CBF, -3008, 1),
    (0x1E00, 0x1E95, 1, 2),
    (0x1E9E, 0x1E9E, -7615, 1),
    (0x1EA0, 0x1EFF, 1, 2),
    (0x1F08, 0x1F0F, -8, 1),
    (0x1F18, 0x1F1D, -8, 1),
    (0x1F28, 0x1F2F, -8, 1),
    (0x1F38, 0x1F3F, -8, 1),
    (0x1F48, 0x1F4D, -8, 1),
    (0x1F59, 0x1F5F, -8, 2),
    (0x1F68, 0x1F6F, -8, 1),
    (0x1F88, 0x1F8F, -8, 1),
    (0x1F98, 0x1F9F, -8, 1),
    (0x1FA8, 0x1FAF, -8, 1),
    (0x1FB8, 0x1FB9, -8, 1),
    (0x1FBA, 0x1FBB, -74, 1),
    (0x1FBC, 0x1FBC, -9, 1),
    (0x1FC8, 0x1FCB, -86, 1),
    (0x1FCC, 0x1FCC, -9, 1),
    (0x1FD8, 0x1FD9, -8, 1),
    (0x1FDA, 0x1FDB, -100, 1),
    (0x1FE8, 0x1FE9, -8, 1),
    (0x1FEA, 0x1FEB, -112, 1),
    (0x1FEC, 0x1FEC, -7, 1),
    (0x1FF8, 0x1FF9, -128, 1),
    (0x1FFA, 0x1FFB, -126, 1),
    (0x1FFC, 0x1FFC, -9, 1),
    (0x2C00, 0x2C2F, 48, 1),
    (0x2C80, 0x2CE3, 1, 2),
    (0x2CEB, 0x2CED, 1, 2),
    (0x2CF2, 0x2CF2, 1, 1),
    (0xA640, 0xA66D, 1, 2),
    (0xA680, 0xA69B, 1, 2),
    (0xA722, 0xA72F, 1, 2),
    (0xA732, 0xA76F, 1, 2),
    (0xA779, 0xA77C, 1, 2),
    (0xA77E, 0xA787, 1, 2),
    (0xA78B, 0xA78B, 1, 1),
    (0xA790, 0xA793, 1, 2),
    (0xA796, 0xA7A9, 1, 2),
];

/// Lower-case of `u` by [`LOWER`] (U+0130 `İ` becomes `i` + U+0307, as `char::to_lowercase` and UTS #46 do).
pub(super) fn lower(u: u32, out: &mut Vec<u32>) {
    if u == 0x130 {
        out.push(0x69);
        out.push(0x307);
        return;
    }
    let i = LOWER.partition_point(|&(_, hi, _, _)| (hi as u32) < u);
    if let Some(&(lo, _, d, step)) = LOWER.get(i) {
        if lo as u32 <= u && (u - lo as u32).is_multiple_of(step as u32) {
            out.push((u as i32 + d as i32) as u32);
            return;
        }
    }
    out.push(u);
}

/// `s` in lower case by [`LOWER`] (ASCII as usual): what `str::to_lowercase` gives for the scripts [`LOWER`]
/// covers, without its tables (the pivot links' matching, `api::enrich`, uses it).
pub(crate) fn to_lower(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut buf = Vec::new();
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        buf.clear();
        lower(c as u32, &mut buf);
        out.extend(buf.iter().filter_map(|&u| char::from_u32(u)));
    }
    out
}

/// Fullwidth ASCII letters and digits (UTS #46 maps them to ASCII), lower-cased.
pub(super) fn fullwidth(u: u32) -> Option<u8> {
    match u {
        0xFF10..=0xFF19 => Some(b'0' + (u - 0xFF10) as u8),
        0xFF21..=0xFF3A => Some(b'a' + (u - 0xFF21) as u8),
        0xFF41..=0xFF5A => Some(b'a' + (u - 0xFF41) as u8),
        _ => None,
    }
}

/// Numeric and enclosed forms that are alphanumeric to Rust but never part of a host (superscripts, fractions,
/// Roman numerals, circled and parenthesised numbers and letters).
pub(super) fn excluded(u: u32) -> bool {
    matches!(u, 0xB2 | 0xB3 | 0xB9 | 0xBC..=0xBE | 0x2070..=0x209F | 0x2150..=0x218F | 0x2460..=0x24FF
        | 0x2776..=0x2793 | 0x3192..=0x319F | 0x3220..=0x325F | 0x3280..=0x32BF)
}

/// Label characters of the common scripts, decided without a table lookup (Latin-1 and Extended-A/B, Greek,
/// Cyrillic, Hebrew and Arabic letters, Devanagari, Thai, kana, CJK, Hangul syllables); `tests::classes` checks
/// that [`class_slow`] agrees on every one of them.
#[inline]
pub(super) fn fast_label(u: u32) -> bool {
    matches!(u, 0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x24F | 0x391..=0x3A1 | 0x3A3..=0x3F5 | 0x3F7..=0x3FF | 0x400..=0x481
        | 0x48A..=0x52F | 0x5D0..=0x5EA | 0x620..=0x64A | 0x900..=0x963 | 0x966..=0x96F | 0x971..=0x97F
        | 0xE01..=0xE3A | 0xE40..=0xE4E | 0x3041..=0x3096 | 0x30A1..=0x30FA | 0x4E00..=0x9FFF | 0xAC00..=0xD7A3)
}

pub fn class(c: char) -> Class {
    let u = c as u32;
    if u < 0x80 {
        return if c.is_ascii_alphanumeric() || c == '-' { Class::Label } else { Class::Other };
    }
    if fast_label(u) {
        return Class::Label;
    }
    class_slow(c)
}

pub(super) fn class_slow(c: char) -> Class {
    let u = c as u32;
    match u {
        0x3002 | 0xFF0E | 0xFF61 | 0xFE52 | 0x2024 => Class::Dot,
        0xFF20 | 0xFE6B => Class::At,
        0xAD | 0x200B..=0x200D | 0x2060 | 0xFEFF => Class::Zw,
        _ if fullwidth(u).is_some() => Class::Label,
        _ if excluded(u) => Class::Other,
        _ if c.is_alphanumeric() || in_marks(u) => Class::Label,
        _ => Class::Other,
    }
}

/// Scripts written without spaces between words: an ASCII letter glued to them is another word.
pub(super) fn glued(c: char) -> bool {
    matches!(c as u32, 0x0E00..=0x0FFF | 0x1000..=0x109F | 0x1100..=0x11FF | 0x1780..=0x17FF | 0x3040..=0x31FF
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF66..=0xFF9F | 0x20000..=0x3FFFF)
}

/// Is the text before byte `s` a letter of a script written with spaces (`ü` in `bücher_x.com`)? Then an ASCII run
/// starting at `s` is the tail of a word, not a name: the scanner finds no domain there (`cher_x.com`). Letters of
/// scripts written without spaces (`访问evil.com`) are other words and do not count.
pub(crate) fn word_letter_before(b: &[u8], s: usize) -> bool {
    if s == 0 || b[s - 1] < 0x80 {
        return false;
    }
    let mut p = s - 1;
    while p > 0 && s - p < 4 && b[p] & 0xC0 == 0x80 {
        p -= 1;
    }
    let (c, _) = decode(&b[..s], p);
    class(c) == Class::Label && !glued(c)
}

/// A non-ASCII label character of another script than Latin.
pub(super) fn non_latin(c: char) -> bool {
    let u = c as u32;
    u >= 0x80
        && !matches!(u, 0xC0..=0x24F | 0x1E00..=0x1EFF | 0x2C60..=0x2C7F | 0xA720..=0xA7FF | 0xAB30..=0xAB6F)
        && fullwidth(u).is_none()
        && class(c) == Class::Label
}

/// A zero-width character between an ASCII letter and a letter of another script separates two words.
pub(super) fn script_break(p: char, n: char) -> bool {
    (p.is_ascii_alphabetic() && non_latin(n)) || (non_latin(p) && n.is_ascii_alphabetic())
}

pub(super) fn arabic(c: char) -> bool {
    matches!(c as u32, 0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFC)
}

/// A character that can be part of an indicator (so a zero-width character between two of them was inserted).
pub(super) fn ind(c: char) -> bool {
    matches!(c as u32, 0x21..=0x7E) || matches!(class(c), Class::Label | Class::Dot | Class::At)
}

/// An ASCII character of a label: letters, digits, hyphen (no underscore: `_` is in no IDN and in file names,
/// `deutsch-tibetisches_wörterbuch.zip`).
#[inline]
pub(super) fn ascii_label(x: u8) -> bool {
    x.is_ascii_alphanumeric() || x == b'-'
}

/// The character at byte `p` (a character boundary) and its length. Never panics: a truncated sequence reads as
/// U+FFFD of length 1.
#[inline]
pub fn decode(b: &[u8], p: usize) -> (char, usize) {
    let c0 = b[p];
    if c0 < 0x80 {
        return (c0 as char, 1);
    }
    let (len, init) = if c0 >= 0xF0 {
        (4, c0 & 0x07)
    } else if c0 >= 0xE0 {
        (3, c0 & 0x0F)
    } else {
        (2, c0 & 0x1F)
    };
    let mut u = init as u32;
    let mut k = 1;
    while k < len {
        match b.get(p + k) {
            Some(&x) => u = (u << 6) | (x & 0x3F) as u32,
            None => return ('\u{FFFD}', 1),
        }
        k += 1;
    }
    (char::from_u32(u).unwrap_or('\u{FFFD}'), len)
}

/// The character ending at byte `p`, and its length.
pub(super) fn decode_before(b: &[u8], p: usize) -> Option<(char, usize)> {
    if p == 0 || p > b.len() {
        return None;
    }
    let mut s = p - 1;
    while s > 0 && p - s < 4 && b[s] & 0xC0 == 0x80 {
        s -= 1;
    }
    Some((decode(b, s).0, p - s))
}

pub(super) fn char_at(b: &[u8], p: usize) -> Option<char> {
    (p < b.len()).then(|| decode(b, p).0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_path_agrees() {
        let mut n = 0;
        for u in 0x80..0x10000u32 {
            if fast_label(u) {
                assert_eq!(class_slow(char::from_u32(u).unwrap()), Class::Label, "{u:#x}");
                n += 1;
            }
        }
        assert!(n > 30000, "{n}");
    }

    #[test]
    fn classes() {
        for c in ['a', 'Z', '0', '-', 'ü', 'п', '中', 'テ', 'ก', '\u{0301}', '\u{094D}', '\u{0E48}', 'ｅ', '５'] {
            assert_eq!(class(c), Class::Label, "{c:?}");
        }
        for c in ['。', '．', '｡', '﹒', '․'] {
            assert_eq!(class(c), Class::Dot, "{c:?}");
        }
        for c in ['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{AD}'] {
            assert_eq!(class(c), Class::Zw, "{c:?}");
        }
        for c in [' ', '.', '_', '\u{200E}', '\u{200F}', '«', '“', '—', '\u{A0}', '²', '½', '①', 'Ⓐ', '😀', '・', '，', '\u{FE0F}', '।'] {
            assert_eq!(class(c), Class::Other, "{c:?}");
        }
    }

    /// [`LOWER`] agrees with `char::to_lowercase` wherever it maps, and what it leaves out is outside the scripts it
    /// lists (Latin, Greek, Cyrillic, Armenian, Georgian, Glagolitic, Coptic): rare historic letters of Latin
    /// Extended-B/-C/-D, Cherokee, scripts beyond the BMP, and fullwidth Latin (mapped by `fullwidth` first).
    /// [`to_lower`] is `str::to_lowercase` on ASCII and on the scripts [`LOWER`] covers.
    #[test]
    fn to_lower_matches_std_on_covered_scripts() {
        for s in ["Evil.EXAMPLE/Path?Q=1", "BÜCHER.de", "ΑΘΗΝΑ", "МОСКВА.рф", "İstanbul", "ЁЖ Ärger Ω", ""] {
            assert_eq!(to_lower(s), s.to_lowercase(), "{s}");
        }
        // Outside those scripts the text is kept as it is (the pivots' matching compares both sides the same way).
        assert_eq!(to_lower("\u{10400}"), "\u{10400}");
    }

    #[test]
    fn lower_matches_std() {
        let mut left_out = Vec::new();
        for u in 0x80..=0x10FFFFu32 {
            let Some(c) = char::from_u32(u) else { continue };
            let want: Vec<u32> = c.to_lowercase().map(|c| c as u32).collect();
            let mut got = Vec::new();
            lower(u, &mut got);
            if got == want {
                continue;
            }
            assert_eq!(got, vec![u], "{u:#x}: wrong mapping");
            left_out.push(u);
        }
        let allowed = |u: u32| {
            matches!(u, 0x0180..=0x024F | 0x1E9E | 0x2126 | 0x212A | 0x212B | 0x2132 | 0x2160..=0x216F | 0x2183
                | 0x24B6..=0x24CF | 0x2C60..=0x2C7F | 0xA77D | 0xA78D | 0xA7AA..=0xA7FF | 0x13A0..=0x13F5 | 0x1F00..=0x1FFF
                | 0xFF21..=0xFF3A | 0x10000..)
        };
        let bad: Vec<String> = left_out.iter().filter(|&&u| !allowed(u)).map(|u| format!("{u:#x}")).collect();
        assert!(bad.is_empty(), "upper-case letters left out: {bad:?}");
        let bmp = left_out.iter().filter(|&&u| u < 0x10000).count();
        assert!(bmp < 300, "{bmp} BMP upper-case letters left out");
    }
}
