//! Phase 1: one left-to-right pass that rewrites defang markers into their plain form and records every
//! rewrite as an [`Edit`] (a piecewise map between the normalised text and the source). When the text has no
//! markers nothing is copied.

use super::simd::{refang_candidates, REFANG_SHIFT, REFANG_STEP};
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

/// Bytes at which a marker can be recognised. `hxxp` is recognised at its first `x` (much rarer than `h`).
const fn trigger_table() -> [u8; 256] {
    let mut t = [0u8; 256];
    t[b'[' as usize] = 1;
    t[b'(' as usize] = 1;
    t[b'{' as usize] = 1;
    t[b'\\' as usize] = 1;
    t[b'x' as usize] = 1;
    t[b'X' as usize] = 1;
    t[b'*' as usize] = 1;
    t[b'.' as usize] = 1;
    t
}
static TRIGGER: [u8; 256] = trigger_table();

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

/// `tok` at `inner` (one space allowed before and after it) and then `close`: the index after `close`.
fn bracketed(b: &[u8], inner: usize, tok: &[u8], close: u8) -> Option<usize> {
    let k = if b.get(inner) == Some(&b' ') { inner + 1 } else { inner };
    if !ci_eq(b, k, tok) {
        return None;
    }
    let k = k + tok.len();
    let k = if b.get(k) == Some(&b' ') { k + 1 } else { k };
    (b.get(k) == Some(&close)).then_some(k + 1)
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
            // [.] (.) {.} [dot] (dot) {dot}, [at] (at) {at} [@] (@), each also with one space inside on either
            // side (`[ . ]`, `[ at ]`).
            for (tok, repl) in [(&b"."[..], &b"."[..]), (b"dot", b"."), (b"at", b"@"), (b"@", b"@")] {
                if let Some(z) = bracketed(b, inner, tok, close) {
                    let (a, z) = with_context(b, i, z)?;
                    return Some((a, z, repl));
                }
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
        b'x' | b'X' | b'*' => {
            // hxxp / hXXp / h**p / hxxps / h**ps → http / https (never downgrade https), fxp / fxps → ftp / ftps,
            // seen at the first `x` or `*`.
            if i == 0 || !matches!(b[i - 1], b'h' | b'H' | b'f' | b'F') {
                return None;
            }
            let i = i - 1;
            if alnum_before(b, i) {
                return None;
            }
            let (end, repl): (usize, &'static [u8]) = if matches!(b[i], b'f' | b'F') {
                if !ci_eq(b, i + 1, b"xp") {
                    return None;
                }
                if ci_eq(b, i + 3, b"s") {
                    (i + 4, b"ftps")
                } else {
                    (i + 3, b"ftp")
                }
            } else {
                if !(ci_eq(b, i + 1, b"xx") || b.get(i + 1..i + 3) == Some(b"**")) || !ci_eq(b, i + 3, b"p") {
                    return None;
                }
                if ci_eq(b, i + 4, b"s") {
                    (i + 5, b"https")
                } else {
                    (i + 4, b"http")
                }
            };
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

/// Cheap necessary conditions for `marker` at a trigger byte, checked inline: most dots are inside hosts and most
/// `x` are inside words, and neither starts a marker.
#[inline(always)]
fn may_mark(b: &[u8], i: usize) -> bool {
    match b[i] {
        b'.' => b.get(i + 1) == Some(&b']') || (i >= 2 && b[i - 1] == b' '),
        b'x' | b'X' | b'*' => i > 0 && matches!(b[i - 1], b'h' | b'H' | b'f' | b'F'),
        _ => true,
    }
}

struct Out {
    out: Vec<u8>,
    edits: Vec<Edit>,
    copied: usize,
}

impl Out {
    /// Try a marker at trigger byte `i`; returns where scanning resumes when one was rewritten.
    #[inline(always)]
    fn at(&mut self, b: &[u8], i: usize) -> Option<usize> {
        if TRIGGER[b[i] as usize] == 0 || !may_mark(b, i) {
            return None;
        }
        self.rewrite(b, i)
    }

    #[inline(never)]
    fn rewrite(&mut self, b: &[u8], i: usize) -> Option<usize> {
        match marker(b, i) {
            Some((a, z, repl)) if a >= self.copied => {
                if self.out.capacity() == 0 {
                    self.out.reserve(b.len());
                }
                self.out.extend_from_slice(&b[self.copied..a]);
                let os = self.out.len();
                self.out.extend_from_slice(repl);
                self.edits.push(Edit { out_start: os, out_end: self.out.len(), in_start: a, in_end: z });
                self.copied = z;
                Some(z)
            }
            _ => None,
        }
    }
}

#[inline(never)]
pub fn refang(b: &[u8]) -> Refanged<'_> {
    let n = b.len();
    let mut o = Out { out: Vec::new(), edits: Vec::new(), copied: 0 };
    let mut i = 0usize;
    if n > 0 {
        i = o.at(b, 0).unwrap_or(1);
    }
    // REFANG_STEP bytes at a time (with the windows one byte before and after); each candidate is visited in order
    // (positions before `i`, inside a marker just rewritten, are skipped).
    // Written `+ 1 <=` on purpose: the same expression as the end of the window `refang_candidates` slices, so the
    // bounds check folds into the loop test (`i + REFANG_STEP < n` costs ~5 instructions per step, measured).
    #[allow(clippy::int_plus_one)]
    while i >= 1 && i + REFANG_STEP + 1 <= n {
        let base = i;
        let mut m = refang_candidates(b, i);
        while m != 0 {
            let p = base + (m.trailing_zeros() >> REFANG_SHIFT) as usize;
            m &= m - 1;
            if p >= i {
                if let Some(z) = o.at(b, p) {
                    i = z;
                }
            }
        }
        i = i.max(base + REFANG_STEP);
    }
    while i < n {
        match o.at(b, i) {
            Some(z) => i = z,
            None => i += 1,
        }
    }
    let Out { mut out, edits, copied } = o;
    if edits.is_empty() {
        return Refanged { text: Cow::Borrowed(b), edits };
    }
    out.extend_from_slice(&b[copied..]);
    Refanged { text: Cow::Owned(out), edits }
}

/// `edits.partition_point(pred)` found by galloping from `hint` (the previous answer): O(log distance), so a
/// nearly sorted sequence of queries costs O(1) each.
fn gallop(edits: &[Edit], hint: usize, pred: impl Fn(&Edit) -> bool) -> usize {
    let n = edits.len();
    let h = hint.min(n);
    if h < n && pred(&edits[h]) {
        let mut lo = h + 1;
        let mut step = 1usize;
        loop {
            let hi = (lo + step).min(n);
            if hi == n || !pred(&edits[hi]) {
                return lo + edits[lo..hi].partition_point(&pred);
            }
            lo = hi + 1;
            step *= 2;
        }
    } else {
        let mut hi = h;
        let mut step = 1usize;
        loop {
            if hi == 0 {
                return 0;
            }
            let lo = hi.saturating_sub(step);
            if pred(&edits[lo]) {
                return lo + 1 + edits[lo + 1..hi].partition_point(&pred);
            }
            hi = lo;
            step *= 2;
        }
    }
}

/// Map normalised spans back to the source (start, exclusive end, whether an edit lies inside), for a nearly
/// sorted stream of spans.
pub struct Mapper<'a> {
    edits: &'a [Edit],
    hs: usize,
    he: usize,
    ht: usize,
}

impl<'a> Mapper<'a> {
    pub fn new(edits: &'a [Edit]) -> Self {
        Mapper { edits, hs: 0, he: 0, ht: 0 }
    }

    pub fn start(&mut self, p: usize) -> usize {
        let edits = self.edits;
        let k = gallop(edits, self.hs, |x| x.out_end <= p);
        self.hs = k;
        if k < edits.len() && edits[k].out_start <= p {
            return edits[k].in_start;
        }
        if k == 0 {
            p
        } else {
            p - edits[k - 1].out_end + edits[k - 1].in_end
        }
    }

    pub fn end(&mut self, p: usize) -> usize {
        let edits = self.edits;
        let k = gallop(edits, self.he, |x| x.out_end < p);
        self.he = k;
        if k < edits.len() && edits[k].out_start < p {
            return edits[k].in_end;
        }
        if k == 0 {
            p
        } else {
            p - edits[k - 1].out_end + edits[k - 1].in_end
        }
    }

    pub fn touched(&mut self, s: usize, e: usize) -> bool {
        let k = gallop(self.edits, self.ht, |x| x.out_end <= s);
        self.ht = k;
        k < self.edits.len() && self.edits[k].out_start < e
    }
}

/// Normalised `s..e` mapped to the input (binary search; for occasional lookups outside the nearly sorted stream
/// that [`Mapper`] serves).
pub fn map_span(edits: &[Edit], s: usize, e: usize) -> (usize, usize) {
    let k = edits.partition_point(|x| x.out_end <= s);
    let s0 = if k < edits.len() && edits[k].out_start <= s {
        edits[k].in_start
    } else if k == 0 {
        s
    } else {
        s - edits[k - 1].out_end + edits[k - 1].in_end
    };
    let k = edits.partition_point(|x| x.out_end < e);
    let e0 = if k < edits.len() && edits[k].out_start < e {
        edits[k].in_end
    } else if k == 0 {
        e
    } else {
        e - edits[k - 1].out_end + edits[k - 1].in_end
    };
    (s0, e0)
}

/// Does any rewrite fall inside normalised `s..e`?
pub fn touched(edits: &[Edit], s: usize, e: usize) -> bool {
    let k = edits.partition_point(|x| x.out_end <= s);
    k < edits.len() && edits[k].out_start < e
}
