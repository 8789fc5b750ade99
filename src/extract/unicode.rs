//! Phase 0: the non-ASCII characters of real pages, rewritten before the refang pass so that everything after it
//! (refang, scan) stays ASCII-only. One left-to-right pass that jumps from one non-ASCII run to the next
//! ([`next_non_ascii`]: ASCII text costs one vector test per 64 bytes) and records every rewrite as an [`Edit`]
//! (source range ↔ normalised range, the same piecewise map as the refang pass; `mod.rs` maps offsets back through
//! both). When nothing is rewritten nothing is copied.
//!
//! Rewrites (see the module doc of `extract` for the decisions):
//! * **Zero-width characters** (U+200B ZWSP, U+200C ZWNJ, U+200D ZWJ, U+2060 WJ, U+FEFF ZWNBSP, soft hyphen
//!   U+00AD: the characters UTS #46 ignores or maps to nothing) between two indicator characters (printable ASCII,
//!   label characters, odd dots or at signs) are removed, unless they separate an ASCII letter from a letter of
//!   another script than Latin, where they are word separators (Thai and Japanese pages put ZWSP between words).
//!   Bidirectional marks (U+200E/U+200F) are not in the set: editors put them exactly at script boundaries. ZWJ/ZWNJ are kept inside a label after a virama or between Arabic
//!   letters (IDNA 2008 CONTEXTJ). Anywhere else they stay and end a word, as before.
//! * **Odd dots** (U+3002 `。`, U+FF0E `．`, U+FF61 `｡`, U+FE52 `﹒`, U+2024 `․`) become `.` when a label character
//!   precedes them and the *chain* after them (labels joined by dots of any kind) reaches a terminal label: a TLD
//!   or a 1–3 digit IPv4 label. `example.com。谢谢` keeps the sentence's full stop.
//! * **Odd at signs** (U+FF20 `＠`, U+FE6B `﹫`) become `@` between a local-part character and a label character.
//! * **Unicode labels** (a maximal run of letters, digits and combining marks, with ASCII `[A-Za-z0-9-]`) that
//!   touch a dot and whose chain reaches a TLD at or after them become their A-label: fullwidth ASCII mapped to
//!   ASCII, lower-cased (`LOWER`: the scripts with case), Punycode (`punycode.rs`) with the `xn--` prefix. Prose words are
//!   never converted (no dot, or no TLD after them). A label never mixes ASCII letters with a script written
//!   without spaces (`访问example.com` → `example.com`); when such a neighbour is glued to a converted label a space
//!   is written between them.
//!
//! Zero-width removals, odd dots and odd at signs count as defang markers (`Found::defanged`); label conversions
//! do not.
//!
//! **Linearity.** Each non-ASCII character is decoded a bounded number of times: a label is walked once by its
//! unit and once by the chain walk that decides it; a chain is walked once and its decision memoised for every
//! element inside it (`memo_end`, `memo_ok`); back-extension over ASCII stops after 64 bytes; look-backs over
//! zero-width characters stop after 4. Work units are counted in `work`.

use super::punycode;
use super::refang::Edit;
use super::simd::next_non_ascii;
use super::tld::is_tld;
use std::borrow::Cow;

/// The text after phase 0, its rewrites, and the rewrites that count as defang markers.
pub struct Normalised<'a> {
    pub text: Cow<'a, [u8]>,
    pub edits: Vec<Edit>,
    /// The subset of `edits` that are defang markers (odd dots and at signs, zero-width characters).
    pub marks: Vec<Edit>,
    /// The odd dots among `marks`: a name with one is defanged for the file-extension rule.
    pub dots: Vec<Edit>,
    pub work: u64,
}

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
const MARKS: &[(u16, u16)] = &[
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

fn in_marks(u: u32) -> bool {
    let i = MARKS.partition_point(|&(_, hi)| (hi as u32) < u);
    i < MARKS.len() && MARKS[i].0 as u32 <= u
}

/// Lower-case mappings of the scripts with case that hosts are written in, as `(first, last, delta, step)`: every
/// `step`-th code point from `first` maps to itself + `delta` (step 2: upper/lower pairs). Latin (Latin-1,
/// Extended-A, the regular parts of Extended-B, Extended Additional, -D), Greek and its extension, Cyrillic and its
/// extension, Armenian, Georgian, Glagolitic, Coptic. `char::to_lowercase` would add its 12 KB of tables to the
/// wasm module; `tests::lower_matches_std` checks this table against it for every code point it covers, and that
/// what it leaves out lies in scripts not listed here.
const LOWER: &[(u16, u16, i16, u8)] = &[
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
fn lower(u: u32, out: &mut Vec<u32>) {
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
fn fullwidth(u: u32) -> Option<u8> {
    match u {
        0xFF10..=0xFF19 => Some(b'0' + (u - 0xFF10) as u8),
        0xFF21..=0xFF3A => Some(b'a' + (u - 0xFF21) as u8),
        0xFF41..=0xFF5A => Some(b'a' + (u - 0xFF41) as u8),
        _ => None,
    }
}

/// Numeric and enclosed forms that are alphanumeric to Rust but never part of a host (superscripts, fractions,
/// Roman numerals, circled and parenthesised numbers and letters).
fn excluded(u: u32) -> bool {
    matches!(u, 0xB2 | 0xB3 | 0xB9 | 0xBC..=0xBE | 0x2070..=0x209F | 0x2150..=0x218F | 0x2460..=0x24FF
        | 0x2776..=0x2793 | 0x3192..=0x319F | 0x3220..=0x325F | 0x3280..=0x32BF)
}

/// Label characters of the common scripts, decided without a table lookup (Latin-1 and Extended-A/B, Greek,
/// Cyrillic, Hebrew and Arabic letters, Devanagari, Thai, kana, CJK, Hangul syllables); `tests::classes` checks
/// that [`class_slow`] agrees on every one of them.
#[inline]
fn fast_label(u: u32) -> bool {
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

fn class_slow(c: char) -> Class {
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
fn glued(c: char) -> bool {
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
fn non_latin(c: char) -> bool {
    let u = c as u32;
    u >= 0x80
        && !matches!(u, 0xC0..=0x24F | 0x1E00..=0x1EFF | 0x2C60..=0x2C7F | 0xA720..=0xA7FF | 0xAB30..=0xAB6F)
        && fullwidth(u).is_none()
        && class(c) == Class::Label
}

/// A zero-width character between an ASCII letter and a letter of another script separates two words.
fn script_break(p: char, n: char) -> bool {
    (p.is_ascii_alphabetic() && non_latin(n)) || (non_latin(p) && n.is_ascii_alphabetic())
}

fn arabic(c: char) -> bool {
    matches!(c as u32, 0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFC)
}

/// A character that can be part of an indicator (so a zero-width character between two of them was inserted).
fn ind(c: char) -> bool {
    matches!(c as u32, 0x21..=0x7E) || matches!(class(c), Class::Label | Class::Dot | Class::At)
}

/// An ASCII character of a label: letters, digits, hyphen (no underscore: `_` is in no IDN and in file names,
/// `deutsch-tibetisches_wörterbuch.zip`).
#[inline]
fn ascii_label(x: u8) -> bool {
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
fn decode_before(b: &[u8], p: usize) -> Option<(char, usize)> {
    if p == 0 || p > b.len() {
        return None;
    }
    let mut s = p - 1;
    while s > 0 && p - s < 4 && b[s] & 0xC0 == 0x80 {
        s -= 1;
    }
    Some((decode(b, s).0, p - s))
}

fn char_at(b: &[u8], p: usize) -> Option<char> {
    (p < b.len()).then(|| decode(b, p).0)
}

/// The character before `p`, looking back over at most 4 zero-width characters.
fn before_zw(b: &[u8], mut p: usize) -> Option<char> {
    for _ in 0..5 {
        let (c, l) = decode_before(b, p)?;
        if class(c) != Class::Zw {
            return Some(c);
        }
        p -= l;
    }
    None
}

/// Is a zero-width run `z0..z1` inserted into an indicator (both neighbours indicator characters, no script
/// change that makes it a word separator)?
fn removable(b: &[u8], z0: usize, z1: usize) -> bool {
    match (decode_before(b, z0), char_at(b, z1)) {
        (Some((p, _)), Some(n)) => ind(p) && ind(n) && !script_break(p, n),
        _ => false,
    }
}

/// A lone ZWNJ/ZWJ that belongs to the label (IDNA 2008 CONTEXTJ): after a virama-like mark of an Indic script,
/// or between Arabic-script letters.
fn joiner_kept(b: &[u8], z0: usize, z1: usize) -> bool {
    if z1 - z0 != 3 || !matches!(decode(b, z0).0, '\u{200C}' | '\u{200D}') {
        return false;
    }
    match (decode_before(b, z0), char_at(b, z1)) {
        (Some((p, _)), Some(n)) => ((0x0900..=0x0DFF).contains(&(p as u32)) && in_marks(p as u32)) || (arabic(p) && arabic(n)),
        _ => false,
    }
}

/// Script state of a label being walked: it may hold ASCII letters or characters of a script written without
/// spaces, not both.
#[derive(Default, Clone, Copy)]
struct Script {
    letters: bool,
    glued: bool,
}

impl Script {
    fn fits(&mut self, c: char) -> bool {
        if c.is_ascii_alphabetic() {
            if self.glued {
                return false;
            }
            self.letters = true;
        } else if glued(c) {
            if self.letters {
                return false;
            }
            self.glued = true;
        }
        true
    }
}

#[derive(Clone, Copy)]
struct Lab {
    end: usize,
    /// Characters kept (zero-width characters removed from it not counted).
    chars: usize,
    /// Holds a non-ASCII label character (so it needs converting).
    non_ascii: bool,
    /// Holds a zero-width run to remove.
    zw: bool,
}

const MAX_LABEL: usize = 63;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Terminal {
    Tld,
    Number,
    No,
}

struct State<'a> {
    b: &'a [u8],
    out: Vec<u8>,
    edits: Vec<Edit>,
    marks: Vec<Edit>,
    dots: Vec<Edit>,
    copied: usize,
    /// The last chain walked ends at `memo_end`; its dots before `memo_ok` and its labels before `memo_tld` are
    /// accepted.
    memo_end: usize,
    memo_ok: usize,
    memo_tld: usize,
    work: u64,
    cps: Vec<u32>,
    alabel: Vec<u8>,
}

impl<'a> State<'a> {
    fn edit(&mut self, a: usize, z: usize, repl: &[u8], defang: bool) {
        if a < self.copied {
            return;
        }
        let b = self.b;
        if self.out.capacity() == 0 {
            self.out.reserve(b.len() + 64);
        }
        self.out.extend_from_slice(&b[self.copied..a]);
        let os = self.out.len();
        self.out.extend_from_slice(repl);
        let e = Edit { out_start: os, out_end: self.out.len(), in_start: a, in_end: z };
        self.edits.push(e);
        if defang {
            self.marks.push(e);
        }
        if repl == b"." {
            self.dots.push(e);
        }
        self.copied = z;
    }

    /// The end of the zero-width run starting at `p`.
    fn zw_end(&mut self, p: usize) -> usize {
        let b = self.b;
        let mut q = p;
        while q < b.len() && b[q] >= 0x80 {
            let (c, l) = decode(b, q);
            if class(c) != Class::Zw {
                break;
            }
            q += l;
        }
        self.work += (q - p) as u64;
        q
    }

    /// Walk the label starting at `s` (a label character): label characters, zero-width runs inside it (removed
    /// or, for kept joiners, part of it), no script change between ASCII letters and a glued script.
    fn label(&mut self, s: usize) -> Lab {
        let b = self.b;
        let mut lab = Lab { end: s, chars: 0, non_ascii: false, zw: false };
        let mut script = Script::default();
        let mut p = s;
        while p < b.len() {
            let x = b[p];
            if x < 0x80 {
                if !ascii_label(x) || !script.fits(x as char) {
                    break;
                }
                lab.chars += 1;
                p += 1;
                continue;
            }
            let (c, l) = decode(b, p);
            match class(c) {
                Class::Label => {
                    if !script.fits(c) {
                        break;
                    }
                    lab.non_ascii = true;
                    lab.chars += 1;
                    p += l;
                }
                Class::Zw if p > s => {
                    let z1 = self.zw_end(p);
                    let next = match char_at(b, z1) {
                        Some(n) if class(n) == Class::Label => n,
                        _ => break,
                    };
                    if !script.clone().fits(next) {
                        break;
                    }
                    if joiner_kept(b, p, z1) {
                        lab.non_ascii = true;
                        lab.chars += 1;
                    } else if removable(b, p, z1) {
                        lab.zw = true;
                    } else {
                        break;
                    }
                    p = z1;
                }
                _ => break,
            }
        }
        lab.end = p;
        self.work += (p - s) as u64;
        lab
    }

    /// Length of a dot at `p` (ASCII `.`, an odd dot, or a bracketed / spaced / escaped defang dot), with a
    /// removable zero-width run on either side.
    fn dot_len(&mut self, p: usize) -> Option<usize> {
        let b = self.b;
        let n = b.len();
        let mut q = p;
        if q < n && b[q] >= 0x80 && class(decode(b, q).0) == Class::Zw {
            let z1 = self.zw_end(q);
            if !removable(b, q, z1) {
                return None;
            }
            q = z1;
        }
        if q >= n {
            return None;
        }
        let bracket = |q: usize| -> Option<usize> {
            let close = match b.get(q)? {
                b'[' => b']',
                b'(' => b')',
                b'{' => b'}',
                _ => return None,
            };
            if b.get(q + 1) == Some(&b'.') && b.get(q + 2) == Some(&close) {
                Some(3)
            } else if b.len() >= q + 5 && b[q + 1..q + 4].eq_ignore_ascii_case(b"dot") && b[q + 4] == close {
                Some(5)
            } else {
                None
            }
        };
        let k = match b[q] {
            b'.' => 1,
            b'[' | b'(' | b'{' => {
                let k = bracket(q)?;
                k + (b.get(q + k) == Some(&b' ')) as usize
            }
            b'\\' if b.get(q + 1) == Some(&b'.') => 2,
            b' ' => {
                if b.get(q + 1) == Some(&b'.') && b.get(q + 2) == Some(&b' ') {
                    3
                } else {
                    let k = bracket(q + 1)?;
                    1 + k + (b.get(q + 1 + k) == Some(&b' ')) as usize
                }
            }
            x if x >= 0x80 => {
                let (c, l) = decode(b, q);
                if class(c) != Class::Dot {
                    return None;
                }
                l
            }
            _ => return None,
        };
        q += k;
        if q < n && b[q] >= 0x80 && class(decode(b, q).0) == Class::Zw {
            let z1 = self.zw_end(q);
            if removable(b, q, z1) {
                q = z1;
            }
        }
        Some(q - p)
    }

    /// Does a dot (any kind) end right before `q`?
    fn dot_before(&self, q: usize) -> bool {
        let b = self.b;
        let mut e = q;
        for _ in 0..4 {
            match decode_before(b, e) {
                Some((c, l)) if class(c) == Class::Zw => e -= l,
                _ => break,
            }
        }
        if e == 0 {
            return false;
        }
        match b[e - 1] {
            b'.' => true,
            x if x >= 0x80 => decode_before(b, e).is_some_and(|(c, _)| class(c) == Class::Dot),
            x => {
                let e = if x == b' ' { e - 1 } else { e };
                if x == b' ' && e >= 2 && b[e - 1] == b'.' && b[e - 2] == b' ' {
                    return true;
                }
                let t = &b[e.saturating_sub(5)..e];
                let ends = |s: &[u8]| t.len() >= s.len() && t[t.len() - s.len()..].eq_ignore_ascii_case(s);
                ends(b"[.]") || ends(b"(.)") || ends(b"{.}") || ends(b"[dot]") || ends(b"(dot)") || ends(b"{dot}")
            }
        }
    }

    /// Map the label `s..e` into `self.cps` (lower-cased code points, zero-width characters dropped except kept
    /// joiners). False when it has more than 63 characters.
    fn map_label(&mut self, s: usize, e: usize) -> bool {
        let b = self.b;
        self.cps.clear();
        let mut p = s;
        while p < e {
            let (c, l) = decode(b, p);
            let u = c as u32;
            if u < 0x80 {
                self.cps.push(c.to_ascii_lowercase() as u32);
            } else if let Some(a) = fullwidth(u) {
                self.cps.push(a as u32);
            } else if class(c) == Class::Zw {
                let z1 = self.zw_end(p).min(e);
                if joiner_kept(b, p, z1) {
                    self.cps.push(u);
                }
                p = z1;
                continue;
            } else {
                lower(u, &mut self.cps);
            }
            if self.cps.len() > MAX_LABEL {
                return false;
            }
            p += l;
        }
        self.work += (e - s) as u64;
        true
    }

    /// The A-label of `s..e` in `self.alabel` (`xn--` + Punycode, or plain lower-case ASCII). False when the label
    /// is too long or not encodable.
    fn make_alabel(&mut self, s: usize, e: usize) -> bool {
        if !self.map_label(s, e) {
            return false;
        }
        self.alabel.clear();
        if self.cps.iter().all(|&c| c < 0x80) {
            self.alabel.extend(self.cps.iter().map(|&c| c as u8));
        } else {
            self.alabel.extend_from_slice(b"xn--");
            if !punycode::encode(&self.cps, &mut self.alabel) {
                return false;
            }
        }
        self.work += self.alabel.len() as u64;
        !self.alabel.is_empty() && self.alabel.len() <= MAX_LABEL
    }

    /// A terminal label: a TLD (its A-label in the root zone list) or 1–3 ASCII digits (an IPv4 label).
    fn terminal(&mut self, s: usize, e: usize) -> Terminal {
        if !self.make_alabel(s, e) {
            return Terminal::No;
        }
        let a = &self.alabel;
        if a.len() <= 3 && a.iter().all(u8::is_ascii_digit) {
            Terminal::Number
        } else if (a.starts_with(b"xn--") || a.iter().all(u8::is_ascii_alphabetic)) && is_tld(a) {
            Terminal::Tld
        } else {
            Terminal::No
        }
    }

    /// Walk the chain from `q` (a label start or a dot): labels joined by dots. Returns its end, the end of its last
    /// terminal label and the end of its last TLD (0 when none; the first label counts only when a dot touches it).
    fn chain(&mut self, q: usize) -> (usize, usize, usize) {
        let mut pos = q;
        let mut after_dot = match self.dot_len(pos) {
            Some(k) if self.b[pos] >= 0x80 && self.title_case(pos + k) => return (pos, 0, 0),
            Some(k) => {
                pos += k;
                true
            }
            None => self.dot_before(q),
        };
        let (mut ok, mut tld) = (0, 0);
        loop {
            if !char_at(self.b, pos).is_some_and(|c| class(c) == Class::Label) {
                break;
            }
            let lab = self.label(pos);
            if lab.end == pos || lab.chars > MAX_LABEL {
                break;
            }
            let mut next = self.dot_len(lab.end);
            if let Some(k) = next {
                // A full stop of CJK text before a capitalised word (`结果。Next`) ends a sentence, like ` . ` before
                // a capital in the refang pass.
                if self.b[lab.end] >= 0x80 && self.title_case(lab.end + k) {
                    next = None;
                }
            }
            if after_dot || next.is_some() {
                match self.terminal(pos, lab.end) {
                    Terminal::Tld => (ok, tld) = (lab.end, lab.end),
                    Terminal::Number => ok = lab.end,
                    Terminal::No => {}
                }
            }
            match next {
                Some(k) => {
                    pos = lab.end + k;
                    after_dot = true;
                }
                None => {
                    pos = lab.end;
                    break;
                }
            }
        }
        (pos, ok, tld)
    }

    /// An ASCII capital followed by a lower-case letter at `p` (a capitalised word).
    fn title_case(&self, p: usize) -> bool {
        let b = self.b;
        p + 1 < b.len() && b[p].is_ascii_uppercase() && b[p + 1].is_ascii_lowercase()
    }

    /// Is the element at `q` (a label start or an odd dot) followed, in its chain, by a terminal label (a label at
    /// `q` may be that terminal itself)? Sets `memo_tld` too: a Unicode label needs a TLD (it is never part of an
    /// IPv4 address).
    fn chain_ok(&mut self, q: usize) -> bool {
        if q >= self.memo_end {
            let (end, ok, tld) = self.chain(q);
            self.memo_end = end.max(q + 1);
            self.memo_ok = ok;
            self.memo_tld = tld;
        }
        q < self.memo_ok
    }

    /// Start of the label whose first non-ASCII character (or inner zero-width run) is at `p`: back over ASCII label
    /// bytes (not ASCII letters before a glued script), at most 64 bytes, never before `copied`. `None` when the
    /// label is longer than that.
    fn back_extend(&self, p: usize, anchor: char) -> Option<usize> {
        let b = self.b;
        let g = glued(anchor);
        let floor = self.copied.max(p.saturating_sub(64));
        let mut s = p;
        while s > floor && ascii_label(b[s - 1]) && !(g && b[s - 1].is_ascii_alphabetic()) {
            s -= 1;
        }
        if s == p.saturating_sub(64) && s > self.copied && ascii_label(b[s - 1]) {
            return None;
        }
        Some(s)
    }

    /// The last byte of the normalised text before source position `s`.
    fn out_before(&self, s: usize) -> Option<u8> {
        if s == self.copied && !self.edits.is_empty() {
            self.out.last().copied()
        } else if s > 0 {
            Some(self.b[s - 1])
        } else {
            None
        }
    }

    /// The label starting at `s` that reaches past `p`: converted to its A-label when its chain allows, else only
    /// its inner zero-width runs removed. When `s` is `None` (back-extension found a label longer than 63
    /// characters) the label through `from` (a label character at or after `p`) is skipped. Returns where to resume
    /// (a character boundary past `p`), or `None` when the label from `s` stops before reaching past `p`.
    fn unit(&mut self, s: Option<usize>, p: usize, from: usize) -> Option<usize> {
        let b = self.b;
        let s = match s {
            Some(s) => s,
            None => {
                let lab = self.label(from);
                return (lab.end > p).then_some(lab.end);
            }
        };
        let lab = self.label(s);
        if lab.end <= p {
            return None;
        }
        // A Unicode label needs a TLD after it; fullwidth ASCII (`１。２。３。４`) any terminal.
        // Only a label a dot touches can be converted (a prose word is walked once, never as a chain).
        // A label glued to `_` is no IDN (`_` is in no host name; `a_bücher.com` is a file or an identifier).
        let convert = lab.non_ascii
            && self.out_before(s) != Some(b'_')
            && lab.chars <= MAX_LABEL
            && (self.dot_before(s) || self.dot_len(lab.end).is_some())
            && self.chain_ok(s)
            && {
                let tld = s < self.memo_tld;
                self.make_alabel(s, lab.end) && (tld || !self.alabel.starts_with(b"xn--"))
            };
        if convert && !self.alabel.starts_with(b"xn--") {
            // Fullwidth ASCII only: one edit per character (the label's ASCII characters stay outside every edit,
            // so an item ending inside the label, `2001:db8::1` in `2001:db8::1-ｅｖｉｌ`, keeps its own end).
            let mut q = s;
            while q < lab.end {
                if b[q] < 0x80 {
                    q += 1;
                    continue;
                }
                let (c, l) = decode(b, q);
                if class(c) == Class::Zw {
                    let z1 = self.zw_end(q).min(lab.end);
                    self.edit(q, z1, b"", true);
                    q = z1;
                    continue;
                }
                let a = (c as u32).wrapping_sub(0xFEE0);
                if fullwidth(c as u32).is_some() {
                    self.edit(q, q + l, &[a as u8], false);
                }
                q += l;
            }
            return Some(lab.end);
        }
        if convert {
            let mut repl = std::mem::take(&mut self.alabel);
            if self.out_before(s).is_some_and(ascii_label) {
                repl.insert(0, b' ');
            }
            if lab.end < b.len() && ascii_label(b[lab.end]) {
                repl.push(b' ');
            }
            self.edit(s, lab.end, &repl, lab.zw);
            repl.clear();
            self.alabel = repl;
            return Some(lab.end);
        }
        if lab.zw {
            let mut q = s;
            while q < lab.end {
                // Zero-width characters start with 0xC2 (U+00AD), 0xE2 (U+200x, U+2060) or 0xEF (U+FEFF).
                if matches!(b[q], 0xC2 | 0xE2 | 0xEF) {
                    let (c, l) = decode(b, q);
                    if class(c) == Class::Zw {
                        let z1 = self.zw_end(q).min(lab.end);
                        // Between two non-ASCII characters the run changes nothing the scanner reads: left alone.
                        let ascii_side = b[q - 1] < 0x80 || (z1 < b.len() && b[z1] < 0x80);
                        if ascii_side && !joiner_kept(b, q, z1) {
                            self.edit(q, z1, b"", true);
                        }
                        q = z1;
                        continue;
                    }
                    q += l;
                } else {
                    q += 1;
                }
            }
        }
        Some(lab.end)
    }

    /// One non-ASCII character at `p` (and whatever unit it starts). Returns where to resume, past `p`.
    fn at(&mut self, p: usize) -> usize {
        let b = self.b;
        let (c, l) = decode(b, p);
        self.work += l as u64;
        match class(c) {
            Class::Label => {
                let s = self.back_extend(p, c);
                self.unit(s, p, p).unwrap_or(p + l)
            }
            Class::Zw => {
                let z1 = self.zw_end(p);
                let prev = decode_before(b, p).map(|x| x.0);
                let next = char_at(b, z1);
                if let (Some(pc), Some(nc)) = (prev, next) {
                    if pc.is_ascii() && class(pc) == Class::Label && class(nc) == Class::Label && removable(b, p, z1) {
                        let s = self.back_extend(p, nc);
                        if let Some(e) = self.unit(s, p, z1) {
                            return e;
                        }
                    }
                }
                if removable(b, p, z1) {
                    self.edit(p, z1, b"", true);
                }
                z1
            }
            Class::Dot => {
                let label_before = before_zw(b, p).is_some_and(|c| class(c) == Class::Label);
                if label_before && self.chain_ok(p) {
                    self.edit(p, p + l, b".", true);
                }
                p + l
            }
            Class::At => {
                let local = before_zw(b, p).is_some_and(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c));
                let domain = char_at(b, p + l).is_some_and(|c| class(c) == Class::Label);
                if local && domain {
                    self.edit(p, p + l, b"@", true);
                }
                p + l
            }
            Class::Other => p + l,
        }
    }
}

/// Phase 0 over `text`: see the module documentation.
pub fn normalise(text: &str) -> Normalised<'_> {
    let b = text.as_bytes();
    let n = b.len();
    let mut st = State {
        b,
        out: Vec::new(),
        edits: Vec::new(),
        marks: Vec::new(),
        dots: Vec::new(),
        copied: 0,
        memo_end: 0,
        memo_ok: 0,
        memo_tld: 0,
        work: 0,
        cps: Vec::new(),
        alabel: Vec::new(),
    };
    let mut i = 0usize;
    loop {
        i = next_non_ascii(b, i);
        if i >= n {
            break;
        }
        while i < n && b[i] >= 0x80 {
            i = st.at(i);
        }
    }
    let State { mut out, edits, marks, dots, copied, work, .. } = st;
    if edits.is_empty() {
        return Normalised { text: Cow::Borrowed(b), edits, marks, dots, work };
    }
    out.extend_from_slice(&b[copied..]);
    Normalised { text: Cow::Owned(out), edits, marks, dots, work }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        String::from_utf8(normalise(s).text.into_owned()).unwrap()
    }

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

    #[test]
    fn rewrites() {
        assert_eq!(norm("bücher.de"), "xn--bcher-kva.de");
        assert_eq!(norm("ПРИМЕР.РФ"), "xn--e1afmkfd.xn--p1ai");
        assert_eq!(norm("例子。中国"), "xn--fsqu00a.xn--fiqs8s");
        assert_eq!(norm("evil。com"), "evil.com");
        assert_eq!(norm("ｅｖｉｌ．ｃｏｍ"), "evil.com");
        assert_eq!(norm("ev\u{200B}il.c\u{AD}om"), "evil.com");
        assert_eq!(norm("访问example.com。谢谢"), "访问example.com。谢谢");
        assert_eq!(norm("访问例子.中国"), "xn--fsqu00azj3b7ri.xn--fiqs8s");
        assert_eq!(norm("abc例子.中国"), "abc xn--fsqu00a.xn--fiqs8s");
        assert_eq!(norm("Привет, мир. Как дела"), "Привет, мир. Как дела");
        assert_eq!(norm("user＠evil.com"), "user@evil.com");
        assert_eq!(norm("1。2。3。4"), "1.2.3.4");
        assert_eq!(norm("пример[.]рф"), "xn--e1afmkfd[.]xn--p1ai");
    }
}
