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

use super::chars::*;
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
