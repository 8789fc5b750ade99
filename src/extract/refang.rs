//! Phase 1: one left-to-right pass that rewrites defang markers into their plain form and records every
//! rewrite as an [`Edit`] (a piecewise map between the normalised text and the source). When the text has no
//! markers nothing is copied.

use std::borrow::Cow;

/// One rewrite: source bytes `in_start..in_end` became normalised bytes `out_start..out_end`.
#[derive(Debug, Clone, Copy)]
pub struct Edit {
    pub out_start: usize,
    pub out_end: usize,
    pub in_start: usize,
    pub in_end: usize,
}

pub struct Refanged<'a> {
    pub text: Cow<'a, [u8]>,
    pub edits: Vec<Edit>,
}

const fn trigger_table() -> [bool; 256] {
    let mut t = [false; 256];
    t[b'[' as usize] = true;
    t[b'(' as usize] = true;
    t[b'{' as usize] = true;
    t[b'\\' as usize] = true;
    t[b'h' as usize] = true;
    t[b'H' as usize] = true;
    t[b'.' as usize] = true;
    t
}
static TRIGGER: [bool; 256] = trigger_table();

#[inline]
fn alnum(b: &[u8], i: usize) -> bool {
    i < b.len() && b[i].is_ascii_alphanumeric()
}

#[inline]
fn alnum_before(b: &[u8], i: usize) -> bool {
    i > 0 && b[i - 1].is_ascii_alphanumeric()
}

/// Given a bracketed marker at `i..z`, allow one space on each side (`evil [.] com`) when a label character
/// lies beyond it. Returns the widened range if both sides touch a label character.
fn with_context(b: &[u8], i: usize, z: usize) -> Option<(usize, usize)> {
    let a = if alnum_before(b, i) {
        i
    } else if i >= 2 && b[i - 1] == b' ' && b[i - 2].is_ascii_alphanumeric() {
        i - 1
    } else {
        return None;
    };
    let z = if alnum(b, z) {
        z
    } else if z + 1 < b.len() && b[z] == b' ' && b[z + 1].is_ascii_alphanumeric() {
        z + 1
    } else {
        return None;
    };
    Some((a, z))
}

fn ci_eq(b: &[u8], i: usize, pat: &[u8]) -> bool {
    b.len() >= i + pat.len() && b[i..i + pat.len()].eq_ignore_ascii_case(pat)
}

/// The marker starting at `i` (the trigger byte), as (source start, source end, replacement).
fn marker(b: &[u8], i: usize) -> Option<(usize, usize, &'static [u8])> {
    let c = b[i];
    match c {
        b'[' | b'(' | b'{' => {
            let close = match c {
                b'[' => b']',
                b'(' => b')',
                _ => b'}',
            };
            let inner = i + 1;
            // [.] (.) {.}
            if b.len() > inner + 1 && b[inner] == b'.' && b[inner + 1] == close {
                let (a, z) = with_context(b, i, inner + 2)?;
                return Some((a, z, b"."));
            }
            // [dot] (dot) {dot}
            if ci_eq(b, inner, b"dot") && b.get(inner + 3) == Some(&close) {
                let (a, z) = with_context(b, i, inner + 4)?;
                return Some((a, z, b"."));
            }
            // [at] (at) {at} [@] (@)
            if ci_eq(b, inner, b"at") && b.get(inner + 2) == Some(&close) {
                let (a, z) = with_context(b, i, inner + 3)?;
                return Some((a, z, b"@"));
            }
            if b.get(inner) == Some(&b'@') && b.get(inner + 1) == Some(&close) {
                let (a, z) = with_context(b, i, inner + 2)?;
                return Some((a, z, b"@"));
            }
            if c == b'[' {
                if b.get(inner..inner + 4) == Some(b"://]") {
                    return Some((i, i + 5, b"://"));
                }
                if b.get(inner..inner + 2) == Some(b":]") {
                    return Some((i, i + 3, b":"));
                }
                if b.get(inner..inner + 2) == Some(b"/]") {
                    return Some((i, i + 3, b"/"));
                }
                // Lone leading bracket: `1.2.3[.4`
                if b.get(inner) == Some(&b'.') && alnum_before(b, i) && alnum(b, inner + 1) {
                    return Some((i, i + 2, b"."));
                }
            }
            None
        }
        b'\\' => {
            if b.get(i + 1) == Some(&b'.') && alnum_before(b, i) && alnum(b, i + 2) {
                Some((i, i + 2, b"."))
            } else {
                None
            }
        }
        b'h' | b'H' => {
            // hxxp / hXXp / hxxps → http / https (never downgrade https)
            if alnum_before(b, i) || !ci_eq(b, i + 1, b"xx") || !ci_eq(b, i + 3, b"p") {
                return None;
            }
            let (end, repl): (usize, &'static [u8]) =
                if ci_eq(b, i + 4, b"s") { (i + 5, b"https") } else { (i + 4, b"http") };
            match b.get(end) {
                Some(b':') | Some(b'[') => Some((i, end, repl)),
                _ => None,
            }
        }
        b'.' => {
            // ` . ` inside a host; a capital after it is a new sentence (`the end . Next`), not a label.
            if i >= 2
                && b[i - 1] == b' '
                && b[i - 2].is_ascii_alphanumeric()
                && b.get(i + 1) == Some(&b' ')
                && b.get(i + 2).is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            {
                return Some((i - 1, i + 2, b"."));
            }
            // Lone trailing bracket: `1.2.3.]4`
            if b.get(i + 1) == Some(&b']') && alnum_before(b, i) && alnum(b, i + 2) {
                return Some((i, i + 2, b"."));
            }
            None
        }
        _ => None,
    }
}

pub fn refang(text: &str) -> Refanged<'_> {
    let b = text.as_bytes();
    let n = b.len();
    let mut out: Vec<u8> = Vec::new();
    let mut edits: Vec<Edit> = Vec::new();
    let mut copied = 0usize;
    let mut i = 0usize;
    while i < n {
        if !TRIGGER[b[i] as usize] {
            i += 1;
            continue;
        }
        match marker(b, i) {
            Some((a, z, repl)) if a >= copied => {
                if out.capacity() == 0 {
                    out.reserve(n);
                }
                out.extend_from_slice(&b[copied..a]);
                let os = out.len();
                out.extend_from_slice(repl);
                edits.push(Edit { out_start: os, out_end: out.len(), in_start: a, in_end: z });
                copied = z;
                i = z;
            }
            _ => i += 1,
        }
    }
    if edits.is_empty() {
        return Refanged { text: Cow::Borrowed(b), edits };
    }
    out.extend_from_slice(&b[copied..]);
    Refanged { text: Cow::Owned(out), edits }
}

/// Map a start offset in the normalised text back to the source.
pub fn map_start(edits: &[Edit], p: usize) -> usize {
    let k = edits.partition_point(|x| x.out_end <= p);
    if k < edits.len() && edits[k].out_start <= p {
        return edits[k].in_start;
    }
    if k == 0 {
        p
    } else {
        p - edits[k - 1].out_end + edits[k - 1].in_end
    }
}

/// Map an (exclusive) end offset in the normalised text back to the source.
pub fn map_end(edits: &[Edit], p: usize) -> usize {
    let k = edits.partition_point(|x| x.out_end < p);
    if k < edits.len() && edits[k].out_start < p {
        return edits[k].in_end;
    }
    if k == 0 {
        p
    } else {
        p - edits[k - 1].out_end + edits[k - 1].in_end
    }
}

/// Does any rewrite fall inside normalised `s..e`?
pub fn touched(edits: &[Edit], s: usize, e: usize) -> bool {
    let k = edits.partition_point(|x| x.out_end <= s);
    k < edits.len() && edits[k].out_start < e
}
