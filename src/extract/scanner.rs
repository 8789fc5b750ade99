//! Phase 2: a hand-written single-pass scanner over the normalised bytes. See the module documentation of
//! `extract` for the grammar and the invariants that keep it linear.

use super::addr::{classify_host, is_ipv6, is_mac, label_glued, mac_value, HostKind};
use super::classes::*;
use super::refang::{map_span, touched, Edit};
use super::simd::{le64, lower8};
#[cfg(any(target_arch = "x86_64", all(target_arch = "wasm32", target_feature = "simd128")))]
use super::simd::{masks64, Masks};
use super::unwrap::{unwrap, Gateway, Target, MAX_DEPTH, MAX_WRAPPER};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Ip,
    Ipv6,
    Domain,
    Url,
    Email,
    Md5,
    Sha1,
    Sha256,
    Mac,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Ip => "ip",
            Kind::Ipv6 => "ipv6",
            Kind::Domain => "domain",
            Kind::Url => "url",
            Kind::Email => "email",
            Kind::Md5 => "md5",
            Kind::Sha1 => "sha1",
            Kind::Sha256 => "sha256",
            Kind::Mac => "mac_address",
        }
    }
}

/// One finding in normalised coordinates; its value is `arena[v0..v1]` of the scanner.
#[derive(Clone, Copy)]
pub struct Item {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    pub v0: usize,
    pub v1: usize,
    /// The gateway whose rewritten link this was decoded from (the item's span is the wrapper's).
    pub via: Option<Gateway>,
    /// Wrappers around it (0: written in the text).
    pub depth: u8,
}

/// File extensions that are also TLDs: such a "domain" needs host context (see module docs).
const EXT_TLDS: &[&[u8]] =
    &[b"app", b"ax", b"cab", b"data", b"dot", b"md", b"mk", b"mov", b"one", b"pid", b"pm", b"ps", b"pub", b"py", b"rs", b"sh", b"so", b"zip"];

pub fn is_ext_tld(label: &[u8]) -> bool {
    EXT_TLDS.iter().any(|t| t.eq_ignore_ascii_case(label))
}

pub struct Scanner<'a> {
    b: &'a [u8],
    edits: &'a [Edit],
    /// Odd dots rewritten by phase 0, in phase-0 output coordinates (a defanged name for the file-extension rule).
    pre_marks: &'a [Edit],
    pub items: Vec<Item>,
    /// Every value, back to back (ASCII bytes): no allocation per finding.
    pub arena: Vec<u8>,
    pub work: u64,
    /// When false, ext-TLD names need context (the default). Tests and the bench flip it to measure the rule.
    pub ext_rule: bool,
    /// Wrappers around the text scanned: 0 for the input, n for a target decoded out of n rewritten links.
    depth: u8,
}

/// Append ASCII bytes (every scanned span is ASCII: the class table admits no byte ≥ 0x80), lower-casing them
/// 8 at a time (SWAR) when asked.
#[inline]
fn push_ascii(v: &mut Vec<u8>, s: &[u8], lower: bool) {
    if !lower {
        v.extend_from_slice(s);
        return;
    }
    let v0 = v.len();
    v.extend_from_slice(s);
    let d = &mut v[v0..];
    let n = d.len();
    let mut i = 0usize;
    while i + 8 <= n {
        if let Some(x) = lower8(le64(&d[i..i + 8])) {
            let y = x.to_le_bytes();
            let c = &mut d[i..i + 8];
            c[0] = y[0];
            c[1] = y[1];
            c[2] = y[2];
            c[3] = y[3];
            c[4] = y[4];
            c[5] = y[5];
            c[6] = y[6];
            c[7] = y[7];
        } else {
            d[i..i + 8].make_ascii_lowercase();
        }
        i += 8;
    }
    while i < n {
        d[i] = d[i].to_ascii_lowercase();
        i += 1;
    }
}

/// A MAC or IPv6 address, exactly `s`.
fn addr_kind(s: &[u8]) -> Option<Kind> {
    if is_mac(s) {
        Some(Kind::Mac)
    } else if is_ipv6(s) {
        Some(Kind::Ipv6)
    } else {
        None
    }
}

/// The class bits the sub-scans test (`SPECIAL DOT AT COLON SPLIT`) of the bytes of `m` selected by `r`.
#[cfg(any(target_arch = "x86_64", all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline(always)]
fn acc(m: &Masks, r: u64) -> u16 {
    (((m.dot & r != 0) as u16) * (DOT | SPECIAL))
        | (((m.at & r != 0) as u16) * (AT | SPECIAL | SPLIT))
        | (((m.colon & r != 0) as u16) * (COLON | SPECIAL | SPLIT))
        | (((m.plus & r != 0) as u16) * SPLIT)
}

const SCHEMES: &[&[u8]] = &[b"https", b"http", b"sftp", b"ftps", b"ftp"];

impl<'a> Scanner<'a> {
    pub fn new(b: &'a [u8], edits: &'a [Edit], pre_marks: &'a [Edit]) -> Self {
        Scanner { b, edits, pre_marks, items: Vec::new(), arena: Vec::new(), work: 0, ext_rule: true, depth: 0 }
    }

    /// Record a finding whose value is what was appended to the arena since `v0`.
    #[inline]
    fn push(&mut self, kind: Kind, start: usize, end: usize, v0: usize) {
        self.items.push(Item { kind, start, end, v0, v1: self.arena.len(), via: None, depth: self.depth });
    }

    /// Record a finding whose value is `b[start..end]`, lower-cased or not.
    #[inline]
    fn push_span(&mut self, kind: Kind, start: usize, end: usize, lower: bool) {
        let v0 = self.arena.len();
        push_ascii(&mut self.arena, &self.b[start..end], lower);
        self.push(kind, start, end, v0);
    }

    /// Split the text into maximal word runs and hand every run that can hold an observable (it has `.`, `@` or
    /// `:`, or is ≥ 17 bytes long) to `run_end`. Works on 64-byte windows: `masks64` gives the word bytes `w` and
    /// the `. @ :` bytes (SIMD where available), runs of ≥ 17 word bytes are found by shifting, and one addition
    /// `w + marks` carries each mark up its run onto the non-word byte that ends it, so the ends of the runs worth
    /// examining come out as the bits of one word, without a branch per byte; a run's class bits come from the
    /// masks too. Prose is never looked at byte by byte.
    #[cfg(any(target_arch = "x86_64", all(target_arch = "wasm32", target_feature = "simd128")))]
    #[inline(never)]
    pub fn run(&mut self) {
        let b = self.b;
        let n = b.len();
        let mut i = 0usize; // window start
        let mut rs = 0usize; // start of the word run reaching the window start (`i` when there is none)
        let mut hot = false; // that run already has a mark (`. @ :` or ≥ 17 bytes inside an earlier window)
        let mut racc = 0u16; // and its class bits so far
        'window: while i <= n {
            let m = if i + 64 <= n {
                masks64(&b[i..i + 64])
            } else {
                // Tail (and one empty window at `n` when the text is a multiple of 64 bytes): zero padding is
                // non-word, so the last run ends at `n` like any other.
                let mut pad = [0u8; 64];
                pad[..n - i].copy_from_slice(&b[i..]);
                masks64(&pad)
            };
            let w = m.w;
            // Bit k of `long`: bytes k..k + 17 are all word bytes.
            let mut long = w & (w >> 1);
            long &= long >> 2;
            long &= long >> 4;
            long &= long >> 8;
            long &= long >> 1;
            let first = w.trailing_ones() as usize;
            let cin = (hot || i - rs + first >= 17) as u64;
            let (sum, c1) = w.overflowing_add(m.marks() | long);
            let (sum, c2) = sum.overflowing_add(cin);
            let mut ends = sum & !w;
            while ends != 0 {
                let p = ends.trailing_zeros() as usize;
                ends &= ends - 1;
                let below = !w & ((1u64 << p) - 1);
                let (s, acc) = if below == 0 {
                    (rs, racc | acc(&m, (1u64 << p) - 1))
                } else {
                    let k = 64 - below.leading_zeros() as usize; // run start in the window
                    (i + k, acc(&m, ((1u64 << p) - 1) & (u64::MAX << k)))
                };
                if let Some(next) = self.run_end(s, i + p, acc) {
                    // A URL went past the run: start afresh after it.
                    i = next;
                    rs = next;
                    hot = false;
                    racc = 0;
                    continue 'window;
                }
            }
            if w == u64::MAX {
                racc |= acc(&m, u64::MAX);
            } else {
                let top = w.leading_ones() as usize;
                rs = i + 64 - top;
                racc = if top == 0 { 0 } else { acc(&m, u64::MAX << (64 - top)) };
            }
            hot = c1 | c2;
            i += 64;
        }
        self.work += n as u64;
    }

    /// The splitter for builds without SIMD: one table lookup per byte and no data-dependent branch except at the
    /// end of a run that can hold an observable (it has `.`, `@` or `:`, or is ≥ 17 bytes).
    #[cfg(not(any(target_arch = "x86_64", all(target_arch = "wasm32", target_feature = "simd128"))))]
    #[inline(never)]
    pub fn run(&mut self) {
        let b = self.b;
        let n = b.len();
        let mut i = 0usize;
        let mut s = 0usize; // start of the current word run
        let mut acc = 0u16; // union of the classes of the run
        while i < n {
            let c = CLASS[b[i] as usize];
            let w = c & WORD != 0;
            let hit = (acc & SPECIAL != 0) | (i - s >= 17);
            if !w & hit {
                if let Some(next) = self.run_end(s, i, acc) {
                    i = next;
                    s = next;
                    acc = 0;
                    continue;
                }
            }
            let m = 0u16.wrapping_sub(w as u16);
            acc = (acc | c) & m;
            s = if w { s } else { i + 1 };
            i += 1;
        }
        if s < n && ((acc & SPECIAL != 0) | (n - s >= 17)) {
            self.run_end(s, n, acc);
        }
        self.work += n as u64;
    }

    /// A maximal word run `s..e` (classes `acc`) that may hold an observable. Returns where to resume when a
    /// URL extends beyond the run.
    #[inline(never)]
    fn run_end(&mut self, s: usize, e: usize, acc: u16) -> Option<usize> {
        let b = self.b;
        let n = b.len();
        if acc & COLON != 0 && b[e - 1] == b':' && e + 1 < n && b[e] == b'/' && b[e + 1] == b'/' {
            let colon = e - 1;
            let scheme = SCHEMES.iter().find(|sc| colon >= s + sc.len() && b[colon - sc.len()..colon].eq_ignore_ascii_case(sc));
            if let Some(sc) = scheme {
                let ss = colon - sc.len();
                self.word(s, ss, acc);
                return self.url(ss, colon);
            }
        }
        self.word(s, e, acc);
        None
    }

    /// A URL whose scheme starts at `ss` and whose `://` starts at `colon`. Returns its end.
    fn url(&mut self, ss: usize, colon: usize) -> Option<usize> {
        let b = self.b;
        let n = b.len();
        let auth = colon + 3;
        let mut a = auth;
        while a < n && is(b[a], AUTH) {
            a += 1;
        }
        self.work += (a - auth) as u64;
        let host_start = match memchr::memrchr(b'@', &b[auth..a]) {
            Some(k) => auth + k + 1,
            None => auth,
        };
        let (hs, he, kind, mut end);
        if host_start < a && b[host_start] == b'[' {
            let close = memchr::memchr(b']', &b[host_start..a])? + host_start;
            if !is_ipv6(&b[host_start + 1..close]) {
                return None;
            }
            hs = host_start + 1;
            he = close;
            kind = Kind::Ipv6;
            end = close + 1;
        } else {
            let mut h = host_start;
            while h < a && is(b[h], HOST) {
                h += 1;
            }
            // A host ends before trailing dots and markup glued to it (`__http://evil.com__`).
            let mut t = h;
            while t > host_start && matches!(b[t - 1], b'.' | b'_' | b'-') {
                t -= 1;
            }
            let hk = classify_host(&b[host_start..t])?;
            hs = host_start;
            he = t;
            kind = if hk == HostKind::Ip { Kind::Ip } else { Kind::Domain };
            end = t;
        }
        // port
        if end + 1 < n && b[end] == b':' && b[end + 1].is_ascii_digit() {
            end += 1;
            while end < n && b[end].is_ascii_digit() {
                end += 1;
            }
        }
        // path, query, fragment
        let rest0 = end;
        let mut path = None;
        if end < n && matches!(b[end], b'/' | b'?' | b'#') {
            let p0 = end;
            while end < n && is(b[end], PATH) {
                end += 1;
            }
            self.work += (end - p0) as u64;
            // Trailing punctuation and unbalanced closing brackets are prose, not URL.
            let mut opens = 0i64;
            let mut closes = 0i64;
            for &c in &b[p0..end] {
                if c == b'(' {
                    opens += 1;
                } else if c == b')' {
                    closes += 1;
                }
            }
            // Markup glued around the URL (AsciiDoc `++…++`, Markdown `__…__`, `~~…~~`): as many of the marks
            // before the scheme come off its end.
            let mark = if ss > 0 && matches!(b[ss - 1], b'+' | b'_' | b'~') { b[ss - 1] } else { 0 };
            let mut marks = 0usize;
            while mark != 0 && marks < 3 && ss > marks && b[ss - 1 - marks] == mark {
                marks += 1;
            }
            // A lone `?` after the host is trimmed like one after a path (`https://example.com?`).
            while end > p0 {
                let c = b[end - 1];
                if matches!(c, b'.' | b',' | b';' | b':' | b'!' | b'?' | b'*') {
                    end -= 1;
                } else if c == b')' && closes > opens {
                    closes -= 1;
                    end -= 1;
                } else if marks > 0 && c == mark && end > p0 + 1 {
                    marks -= 1;
                    end -= 1;
                } else {
                    break;
                }
            }
            path = Some(p0);
        }
        let v0 = self.arena.len();
        let v = &mut self.arena;
        push_ascii(v, &b[ss..colon], true);
        v.extend_from_slice(b"://");
        push_ascii(v, &b[auth..hs], false);
        push_ascii(v, &b[hs..he], true);
        push_ascii(v, &b[he..end], false);
        self.push(Kind::Url, ss, end, v0);
        let hv0 = self.arena.len();
        if kind == Kind::Ip {
            self.push_ipv4(hs, he);
        } else {
            self.push_span(kind, hs, he, true);
        }
        let hv1 = self.arena.len();
        if let Some(p0) = path {
            self.path_hashes(p0, end);
            if self.depth < MAX_DEPTH && kind == Kind::Domain && end - ss <= MAX_WRAPPER {
                self.unwrap(ss, end, hv0..hv1, rest0);
            }
        }
        Some(end)
    }

    /// Hashes in a URL's path, query or fragment (`/gui/file/<sha256>/detection`, `?hash=<md5>`): maximal
    /// alphanumeric runs of 32, 40 or 64 hex digits, not all decimal, reported inside the URL's span.
    fn path_hashes(&mut self, p0: usize, end: usize) {
        let b = self.b;
        self.work += (end - p0) as u64;
        if end - p0 < 32 {
            return;
        }
        let mut p = p0;
        while p < end {
            while p < end && !is(b[p], ALNUM) {
                p += 1;
            }
            let h0 = p;
            let (mut all, mut any) = (u16::MAX, 0u16);
            while p < end && is(b[p], ALNUM) {
                let c = CLASS[b[p] as usize];
                all &= c;
                any |= c;
                p += 1;
            }
            let kind = match p - h0 {
                32 => Kind::Md5,
                40 => Kind::Sha1,
                64 => Kind::Sha256,
                _ => continue,
            };
            if all & HEXCD != 0 && any & ALPHA != 0 {
                self.push_span(kind, h0, p, true);
            }
        }
    }

    /// A URL `ss..end` whose host value is `arena[host]` and whose path starts at `rest`: when it is a gateway's
    /// rewritten link, the target it wraps (its URL, host and hashes, or only a host) as items of their own over
    /// the wrapper's span, marked with the gateway. The target is scanned by a scanner of its own, one level
    /// deeper; it is never longer than the wrapper, the wrapper is at most [`MAX_WRAPPER`] bytes, and nesting
    /// stops at [`MAX_DEPTH`].
    fn unwrap(&mut self, ss: usize, end: usize, host: std::ops::Range<usize>, rest: usize) {
        let Some((gw, target)) = unwrap(&self.arena[host], &self.b[rest..end]) else { return };
        self.work += (end - ss) as u64;
        let t = match target {
            Target::Host(h) => {
                if classify_host(&h) == Some(HostKind::Domain) {
                    let v0 = self.arena.len();
                    push_ascii(&mut self.arena, &h, true);
                    self.items.push(Item { kind: Kind::Domain, start: ss, end, v0, v1: self.arena.len(), via: Some(gw), depth: self.depth + 1 });
                }
                return;
            }
            Target::Url(t) => t,
        };
        let Some(colon) = memchr::memchr(b':', &t) else { return };
        if !t[colon..].starts_with(b"://") || !SCHEMES.iter().any(|sc| sc.eq_ignore_ascii_case(&t[..colon])) {
            return;
        }
        let mut sub = Scanner::new(&t, &[], &[]);
        sub.ext_rule = self.ext_rule;
        sub.depth = self.depth + 1;
        if sub.url(0, colon).is_none() {
            return;
        }
        self.work += sub.work;
        for it in &sub.items {
            let v0 = self.arena.len();
            self.arena.extend_from_slice(&sub.arena[it.v0..it.v1]);
            self.items.push(Item { kind: it.kind, start: ss, end, v0, v1: self.arena.len(), via: it.via.or(Some(gw)), depth: it.depth });
        }
    }

    /// An IPv4 address `b[s..e]`, its value without the leading zeros of zero-padded octets (`018.012.1.1` →
    /// `18.12.1.1`, decimal as written: see docs/extraction.md).
    fn push_ipv4(&mut self, s: usize, e: usize) {
        let b = self.b;
        let v0 = self.arena.len();
        let mut lead = true;
        for k in s..e {
            let c = b[k];
            if c == b'.' {
                lead = true;
            } else if lead && c == b'0' && k + 1 < e && b[k + 1] != b'.' {
                continue;
            } else {
                lead = false;
            }
            self.arena.push(c);
        }
        self.push(Kind::Ip, s, e, v0);
    }

    /// A run of WORD bytes (alnum . - _ @ : + %): e-mails first, then the rest.
    fn word(&mut self, s: usize, e: usize, acc: u16) {
        if s >= e {
            return;
        }
        if acc & AT == 0 {
            self.rest(s, e, acc);
            return;
        }
        let b = self.b;
        let mut consumed = s;
        let mut seg_start = s;
        let mut at_iter = memchr::memchr_iter(b'@', &b[s..e]).map(|k| s + k).peekable();
        while let Some(a) = at_iter.next() {
            let seg_end = at_iter.peek().copied().unwrap_or(e);
            let lo = consumed.max(seg_start);
            let mut l = a;
            while l > lo && is(b[l - 1], LOCAL) {
                l -= 1;
            }
            // Dots and dashes before a local part are punctuation (`-----foo@bar.com`, a ruler line).
            while l < a && matches!(b[l], b'.' | b'-') {
                l += 1;
            }
            let mut d = a + 1;
            while d < seg_end && is(b[d], HOST) {
                d += 1;
            }
            self.work += (a - l + d - a) as u64;
            while d > a + 1 && matches!(b[d - 1], b'.' | b'-' | b'_') {
                d -= 1;
            }
            let local_ok = l < a && a - l <= 64 && b[a - 1] != b'.';
            if local_ok && classify_host(&b[a + 1..d]) == Some(HostKind::Domain) {
                self.rest(consumed, l, acc);
                let v0 = self.arena.len();
                push_ascii(&mut self.arena, &b[l..a], false);
                self.arena.push(b'@');
                push_ascii(&mut self.arena, &b[a + 1..d], true);
                self.push(Kind::Email, l, d, v0);
                consumed = d;
            }
            seg_start = a + 1;
        }
        self.rest(consumed, e, acc);
    }

    /// Part of a word run without e-mails: IPv6 and colon MACs, then host-like tokens.
    fn rest(&mut self, s: usize, e: usize, acc: u16) {
        if s >= e {
            return;
        }
        let b = self.b;
        if acc & COLON == 0 || !b[s..e].contains(&b':') {
            self.hosts(s, e, acc);
            return;
        }
        let mut last = s;
        let mut p = s;
        while p < e {
            if !is(b[p], HEXCD) {
                p += 1;
                continue;
            }
            let q0 = p;
            while p < e && is(b[p], HEXCD) {
                p += 1;
            }
            let q = p;
            self.work += (q - q0) as u64;
            let mut cs = q0;
            let mut ce = q;
            // Right boundary: not glued to a letter.
            if ce < e && is(b[ce], ALNUM) {
                continue;
            }
            // Dots before it are punctuation (`..2001:db8::1`).
            while cs < ce && b[cs] == b'.' {
                cs += 1;
            }
            // Left boundary: a run glued to a letter is a label and its colon (`ipv6:…`, `[IPv6:…]`, `MAC:…`,
            // `ip:fe80::1`): the address starts after the first colon, when that colon is a single one.
            if cs > s && is(b[cs - 1], ALNUM) {
                match memchr::memchr(b':', &b[cs..ce]) {
                    Some(k) if cs + k + 1 < ce && b[cs + k + 1] != b':' => cs += k + 1,
                    _ => continue,
                }
            }
            while ce > cs && b[ce - 1] == b'.' {
                ce -= 1;
            }
            if ce > cs + 1 && b[ce - 1] == b':' && b[ce - 2] != b':' {
                ce -= 1;
            }
            if memchr::memchr_iter(b':', &b[cs..ce]).take(2).count() < 2 {
                continue;
            }
            let mut kind = addr_kind(&b[cs..ce]);
            // A hex label glued by a colon (`C2:2001:db8::1`, `DA:00:1a:2b:3c:4d:5e`): the address after it, when
            // the label reads as one (see `label_glued`).
            if let Some(k) = memchr::memchr(b':', &b[cs..ce]) {
                let after = cs + k + 1;
                if k > 0 && after < ce && b[after] != b':' {
                    if let Some(k2) = addr_kind(&b[after..ce]) {
                        if label_glued(&b[cs..cs + k], &b[after..ce], k2 == Kind::Ipv6) {
                            cs = after;
                            kind = Some(k2);
                        }
                    }
                }
            }
            let Some(kind) = kind else { continue };
            let span = &b[cs..ce];
            self.hosts(last, cs, acc);
            if kind == Kind::Mac {
                let v0 = self.arena.len();
                mac_value(&mut self.arena, span);
                self.push(kind, cs, ce, v0);
            } else {
                self.push_span(kind, cs, ce, true);
            }
            last = ce;
        }
        self.hosts(last, e, acc);
    }

    /// Split on non-host bytes (`@ : + %`) into tokens of [alnum . - _].
    fn hosts(&mut self, s: usize, e: usize, acc: u16) {
        if acc & SPLIT == 0 {
            // The run is one token (all its bytes are host bytes).
            if s < e {
                self.token(s, e, acc);
            }
            return;
        }
        let b = self.b;
        let mut p = s;
        while p < e {
            while p < e && !is(b[p], HOST) {
                p += 1;
            }
            let t0 = p;
            while p < e && is(b[p], HOST) {
                p += 1;
            }
            if p > t0 {
                self.token(t0, p, acc);
            }
        }
    }

    /// A token of [alnum . - _]: split at empty labels (`..`), then classify each piece.
    fn token(&mut self, s: usize, e: usize, acc: u16) {
        let b = self.b;
        self.work += (e - s) as u64;
        if acc & DOT == 0 {
            self.piece(s, e, false);
            return;
        }
        let mut p = s;
        while p < e {
            while p < e && b[p] == b'.' {
                p += 1;
            }
            let q0 = p;
            while p < e && !(b[p] == b'.' && p + 1 < e && b[p + 1] == b'.') {
                p += 1;
            }
            self.piece(q0, p, true);
        }
    }

    fn piece(&mut self, s0: usize, e0: usize, maybe_dot: bool) {
        let b = self.b;
        let mut s = s0;
        let mut e = e0;
        let mut underscores = false;
        while e > s && matches!(b[e - 1], b'.' | b'-' | b'_') {
            underscores |= b[e - 1] == b'_';
            e -= 1;
        }
        // A leading `_` belongs to the name (`_jabber._tcp.example.com`, `_dmarc.example.com`: a host is never
        // shortened) unless the name is wrapped in underscores (Markdown `_evil.com_`).
        while s < e && (matches!(b[s], b'.' | b'-') || (underscores && b[s] == b'_')) {
            s += 1;
        }
        if s >= e {
            return;
        }
        let t = &b[s..e];
        let has_dot = maybe_dot && t.contains(&b'.');
        if has_dot {
            if is_mac(t) {
                let v0 = self.arena.len();
                mac_value(&mut self.arena, t);
                self.push(Kind::Mac, s, e, v0);
                return;
            }
            match classify_host(t) {
                Some(HostKind::Ip) => {
                    // CIDR `10.0.0.0/24` is a network, not a host: skipped (documented).
                    let cidr = e + 1 < b.len() && b[e] == b'/' && b[e + 1].is_ascii_digit();
                    // `1.2.3.4.5`: the trailing `.5` was trimmed only if it was a lone dot.
                    if !cidr {
                        self.push_ipv4(s, e);
                    }
                    return;
                }
                Some(HostKind::Domain) if self.domain_allowed(s, e, t) && !super::chars::word_letter_before(b, s) => {
                    self.push_span(Kind::Domain, s, e, true);
                    return;
                }
                _ => {}
            }
        } else if t.len() == 17 && is_mac(t) {
            let v0 = self.arena.len();
            mac_value(&mut self.arena, t);
            self.push(Kind::Mac, s, e, v0);
            return;
        }
        // Hashes: maximal alphanumeric runs of 32/40/64 hex digits (not all decimal).
        if e - s < 32 {
            return;
        }
        let mut p = s;
        while p < e {
            while p < e && !is(b[p], ALNUM) {
                p += 1;
            }
            let h0 = p;
            // One pass: every byte a hex digit (AND of classes), at least one letter (OR of classes).
            let (mut all, mut any) = (u16::MAX, 0u16);
            while p < e {
                let c = CLASS[b[p] as usize];
                if c & ALNUM == 0 {
                    break;
                }
                all &= c;
                any |= c;
                p += 1;
            }
            let kind = match p - h0 {
                32 => Kind::Md5,
                40 => Kind::Sha1,
                64 => Kind::Sha256,
                _ => continue,
            };
            // The ASCII part of an A-label (`xn--<run>-…`) is a name, never a hash.
            let alabel = h0 >= s + 4 && b[h0 - 1] == b'-' && b[h0 - 4..h0].eq_ignore_ascii_case(b"xn--");
            if all & HEXCD != 0 && any & ALPHA != 0 && !alabel {
                self.push_span(kind, h0, p, true);
            }
        }
    }

    /// The file-extension rule for bare domains whose TLD is a common file extension.
    fn domain_allowed(&self, s: usize, e: usize, t: &[u8]) -> bool {
        if !self.ext_rule {
            return true;
        }
        // A defanged name always counts; the (binary-search) edit lookup is only needed when the rule says no.
        self.domain_allowed_plain(s, e, t) || touched(self.edits, s, e) || self.pre_touched(s, e)
    }

    /// Does an odd dot rewritten by phase 0 fall inside normalised `s..e`?
    fn pre_touched(&self, s: usize, e: usize) -> bool {
        if self.pre_marks.is_empty() {
            return false;
        }
        let (s0, e0) = map_span(self.edits, s, e);
        touched(self.pre_marks, s0, e0)
    }

    fn domain_allowed_plain(&self, s: usize, e: usize, t: &[u8]) -> bool {
        let b = self.b;
        // A path segment (`/x/name.tld`, `%TEMP%\name.tld`, `Win32/Sednit.AF`) is not a host; `//host` and
        // UNC `\\host` are.
        let in_path = s > 0 && matches!(b[s - 1], b'/' | b'\\') && !(s > 1 && b[s - 2] == b[s - 1]);
        if in_path {
            return false;
        }
        let last_dot = memchr::memrchr(b'.', t).unwrap_or(0);
        let tld = &t[last_dot + 1..];
        // Detection names (`Agent.AD`, `Pterodo.CA`): an upper-case TLD after a capitalised family name. An
        // all-lower-case label before it is a host written with a shouting TLD (`bar.COM`), and an A-label is
        // no family name (phase 0 writes `BÜCHER.DE` as `xn--bcher-kva.DE`).
        let before = &t[..last_dot];
        let family = &before[memchr::memrchr(b'.', before).map_or(0, |d| d + 1)..];
        if tld.iter().all(|c| c.is_ascii_uppercase())
            && family.first().is_some_and(u8::is_ascii_uppercase)
            && family.iter().any(u8::is_ascii_lowercase)
            && !(family.len() > 4 && family[..4].eq_ignore_ascii_case(b"xn--"))
        {
            return false;
        }
        if !is_ext_tld(tld) {
            return true;
        }
        t.len() > 4 && t[..4].eq_ignore_ascii_case(b"www.") || (e < b.len() && b[e] == b'/')
    }
}
