//! Local observable extraction: find CTIM observables (`ip`, `ipv6`, `domain`, `url`, `email`, `md5`, `sha1`,
//! `sha256`, `mac_address`) in free text, plain or defanged, offline and in linear time.
//!
//! # API
//! * [`extract_all`]: every occurrence, in text order, byte offsets into the input.
//! * [`extract`]: deduplicated by `(type, value)`, first occurrence kept, order kept (the UI list).
//! * [`to_utf16_offsets`]: convert byte offsets to UTF-16 code units (what JavaScript strings index by).
//!
//! Each [`Found`] carries the normalised (refanged) value, the span of the *source* text it came from, and
//! whether that span contained a defang marker.
//!
//! # Design
//! Three linear passes, no regular expressions, no backtracking:
//!
//! 0. **Non-ASCII** (`unicode.rs`, real pages): jumps from one non-ASCII run to the next (one vector test per
//!    64 ASCII bytes, `simd::next_non_ascii`) and rewrites, recording each rewrite as an edit like the refang
//!    pass: Unicode labels of a host → A-labels (see *IDN* below); odd dots (`。` U+3002, `．` U+FF0E, `｡` U+FF61,
//!    `﹒` U+FE52, `․` U+2024) → `.` and odd at signs (`＠` U+FF20, `﹫` U+FE6B) → `@` where a host continues
//!    across them (the labels after the dot reach a TLD or an IPv4 label: `example.com。谢谢` keeps its full stop);
//!    zero-width characters (U+200B/C/D, U+2060, U+FEFF, soft hyphen U+00AD) removed when inserted into an
//!    indicator (both neighbours indicator characters, and not an ASCII letter against another script, where
//!    Thai or Japanese pages put them between words); fullwidth ASCII → ASCII. Prose is never rewritten, and when
//!    nothing is rewritten nothing is copied. Everything after this pass sees ASCII indicators only. (`refang.rs`): one left-to-right pass over the bytes, 16 at a time in SIMD (SSE2 / wasm simd128;
//!    8 at a time in SWAR in builds without them; no table lookup per byte), that stops only on trigger bytes (`[ ( { \`, a `.` after a space or before `]`, an `x`/`X` after
//!    `h`/`H`: `hxxp` is recognised at its first `x`; dots inside hosts and `x` inside words cost nothing) and
//!    rewrites every marker of `docs/extraction.md` into its plain form: `[.]` `(.)` `{.}`
//!    `[dot]` `(dot)` `{dot}` ` . ` `\.` and lone brackets `1.2.3[.4` / `1.2.3.]4` → `.`; `[:]` → `:`;
//!    `[://]` → `://`; `[/]` → `/`; `[@]` `(@)` `[at]` `(at)` `{at}` → `@` (bracketed markers also with a space
//!    inside: `[ . ]`, `[ at ]`); `hxxp`/`hXXp`/`h**p` → `http`, `hxxps`/`h**ps` → `https` (never downgraded),
//!    `fxp`/`fxps` → `ftp`/`ftps` (recognised at the `x` or `*` after `h`/`f`). Dot and at markers need a letter or digit on both sides (one space on either
//!    side of a bracketed marker is absorbed: `evil [.] com`), so prose brackets are left alone; `hxxp` must be
//!    followed by `:` or `[`; ` . ` needs a lower-case letter or digit after it (`end . Next` is prose). Each rewrite is recorded as an edit (source range ↔ normalised range); text
//!    without markers is not copied. Offsets are mapped back by a galloping search over the edits from the
//!    previous item's position (items come nearly sorted: O(1) each), and an item is `defanged` when an edit falls
//!    inside its span.
//! 2. **Scan** (`scanner.rs`): a hand-written scanner over the normalised bytes using a 256-entry class table.
//!    It splits the text into maximal *word runs* of `[A-Za-z0-9._@:+%-]` (every other byte, including
//!    non-ASCII, ends a run). With SIMD (SSE2 on x86_64, simd128 on wasm32) it classifies 64 bytes at a time into
//!    bit masks (word bytes; `.`, `@`, `:`, `+%`); runs of ≥ 17 bytes are found by shifts, and one addition
//!    `word + marks` carries each mark up its run onto the byte that ends it, so the ends of runs worth examining
//!    are the bits of one word and a run's class bits come from the masks; builds without SIMD keep a
//!    branch-free byte loop that ORs the class bits of the run. Only a run that has `.`,
//!    `@` or `:` or is ≥ 17 bytes long is examined, and its class union lets the sub-scans below skip the passes
//!    it cannot need (no `@` → no e-mail pass, no `:` → no IPv6/MAC pass, no `..` search without a dot). A run ending in a known scheme (`http`, `https`, `ftp`, `ftps`, `sftp`) followed
//!    by `//` starts a URL: authority (optional userinfo, host = real-TLD domain, IPv4 or `[IPv6]`, optional
//!    port), then path/query/fragment over printable ASCII minus `"<>\^`{|}[]'`, then trailing `.,;:!?*` and
//!    unbalanced `)` are trimmed (also a lone `?` after the host), and as many `+ _ ~` as glue the scheme to
//!    markup before it (`++http://…++`). The URL and its host are both emitted, then the hashes in its path
//!    (32/40/64 hex digits between non-alphanumerics, inside the URL's span), then, when the URL is a gateway's
//!    rewritten link (`unwrap.rs`: Safe Links, Proofpoint v1–v3, Mimecast, Cisco Secure Email, Google's
//!    redirector), the target decoded out of it, scanned by a scanner of its own one level deeper (≤ 3 levels,
//!    wrappers ≤ 16 KB) and emitted over the wrapper's span with the gateway; scanning resumes after the URL.
//!    Other runs are split at `@` into e-mails (local part = the `[A-Za-z0-9._%+-]` suffix before `@`, so words
//!    before a space, `:` or `/` are never glued in; domain must have a real TLD), then maximal `[0-9A-Fa-f:.]`
//!    sub-runs with ≥ 2 colons (leading dots dropped) are tried as MAC (`aa:bb:..`) or strict RFC 4291 IPv6 (8
//!    groups, or `::` with ≥ 2 explicit groups, so `12:34:56` is no address), a label glued by a colon left out
//!    (`ipv6:…`, `MAC:…`, `C2:2001:db8::1`: `addr::label_glued`), then the remainder is split at `@ : + %` into host
//!    tokens `[A-Za-z0-9._-]`. A token is split at empty labels (`..`) and trimmed of `.-_` (a leading `_` only
//!    when one ends it too: `_jabber._tcp.example.com` keeps it, Markdown `_evil.com_` does not); a piece that is
//!    exactly four decimal labels ≤ 255 is an IPv4 (so `1.2.3.4.5` is no IP; zero-padded octets lose their zeros
//!    in the value), a piece of ≥ 2 valid labels whose
//!    last label is an IANA TLD is a domain, the *whole* piece or nothing (a host is never truncated to a parent
//!    domain: `evil.com.notatld` yields nothing); otherwise its alphanumeric runs of 32/40/64 hex digits (not
//!    all decimal) are hashes. MACs also in `aa-bb-cc-dd-ee-ff` and `aabb.ccdd.eeff` forms.
//!
//! **Offsets.** Scanner offsets are mapped back through the refang edits, then through the phase-0 edits, to the
//! source: a span starts and ends on character boundaries and covers the whole indicator as written, zero-width
//! characters and odd dots inside it included (one at its edge is left out), so the page scan can map it to DOM
//! ranges. An item is `defanged` when a refang edit or a phase-0 defang edit (odd dot or at sign, removed
//! zero-width character) falls inside its span; A-label conversion and fullwidth mapping are not defanging.
//!
//! **Linearity.** Every byte is visited by the run splitter once and by each sub-scan of its run a bounded
//! number of times: the e-mail pass looks back from each `@` only to the previous `@` (or the end of the previous
//! e-mail) and forward only to the next `@`; a URL's authority scan stops at the first byte that is not an
//! authority byte (`/` included), so the next `://` can only lie beyond it; the main loop resumes after a URL;
//! token splitting is `memchr`-driven and never restarts a match at an inner dot (a 1 MB dotted run is one
//! token, rejected once as longer than 253 bytes). Refanging advances past every marker it rewrites. Phase 0
//! decodes each non-ASCII character a bounded number of times: a label is walked by its own unit and by the one
//! chain walk that decides it (a chain's decision is memoised for every element inside it), prose words are never
//! walked as chains, look-backs are bounded (64 ASCII bytes, 4 zero-width characters). The scanner and phase 0
//! count work units ([`work_units`]), and `tests/extract_linear.rs` checks that they grow proportionally on
//! 1×/4×/16× adversarial inputs (phase-0 ones included: odd-dot chains, Unicode label chains, zero-width runs,
//! Cyrillic, CJK and Thai prose).
//!
//! # Decisions
//! * **IDN: the value is the A-label** (`bücher.de` → `xn--bcher-kva.de`, `пример.рф` → `xn--e1afmkfd.xn--p1ai`),
//!   for domains, URL hosts and e-mail domains. The contract's observable vocabulary (CTIM `domain`, `url`,
//!   `email`) carries DNS names: every example value in it is ASCII, modules act on what resolvers, proxies and
//!   blocklists see, which is the A-label, and the value travels in a trigger URL's query string
//!   (`observable_value=`), where an A-label needs no encoding and no module has to normalise Unicode. It is also
//!   what the browser itself uses: the WHATWG URL parser serialises hosts as A-labels (`new URL(...).hostname`),
//!   and the tests take their expected values from it. Both spellings on one page become one observable; the
//!   Unicode form stays visible as the source span (`text.slice(start, end)`). Mapping (UTS #46 in spirit,
//!   non-transitional like the browsers: `ß`, `ς` kept): fullwidth ASCII → ASCII, lower case by a compact table of
//!   the scripts with case (`chars::LOWER`, checked against `char::to_lowercase`, whose 12 KB of tables the
//!   wasm module does not carry), ignored characters removed, ZWJ/ZWNJ kept after a virama or between Arabic
//!   letters (CONTEXTJ), Punycode (`punycode.rs`, RFC 3492, tested on the RFC's samples; the `idna` crate would
//!   add its UTS #46 and normalisation tables for the same result). Not done: NFC normalisation (decomposed text,
//!   rare on the web, gives another A-label), the IDNA 2008 validity rules (bidi, disallowed code points: a
//!   label is letters, digits and combining marks), internationalised e-mail local parts (the domain part alone
//!   is found), non-ASCII URL paths (the URL ends where they start). A label mixing ASCII letters with a script
//!   written without spaces is split there (`访问example.com` → `example.com`); a homograph mixing Latin and
//!   Cyrillic (`pаypal.com` → `xn--pypal-4ve.com`) is one label, as the browser reads it.
//! * **Never invent a scheme**: a bare `evil.com/gate.php` yields the domain only. Only URLs with a scheme
//!   (including refanged `hxxp`) are `url` observables.
//! * **CIDR**: `10.0.0.0/24` is skipped entirely — no bare `10.0.0.0` claiming to be a host, and CTIM has no
//!   network type. (An IPv4 followed by `/` and a digit is not emitted outside a URL.)
//! * **TLDs**: the IANA root zone (npm `tlds`, see `tlds.txt` header; refreshed by `cargo xtask update-tlds`),
//!   plus `onion`. Regrouped at compile time (`const fn`) into fixed-width records per label length, searched by
//!   binary search with one `memcmp` per step (no init, ~8 KB).
//! * **No allocation per occurrence** during the scan: values are appended to one arena; `extract_all` builds a
//!   `String` per item at the end, `extract` only for the values it keeps.
//! * **Dedup** (`extract`): an open-addressing set of span indices hashed FxHash-style over the arena bytes
//!   (8 at a time), not a `HashSet` of `(&str, &str)` with SipHash: ~7 % of the wasm time before, and smaller code.
//! * **SIMD** lives in `simd.rs` alone (`le64`, the refang trigger search, the scanner's 64-byte masks, SWAR
//!   lower-casing, the UTF-16 length count): every `cfg(target_arch/feature)` of the engine is there, except the
//!   scanner's choice between its two run splitters; `refang.rs` and `scanner.rs` depend on it, not on each other's
//!   helpers. The shipped wasm is built with `+simd128` (`.cargo/config.toml`, `wasm-opt --enable-simd`): +19 %
//!   in Node over the scalar module measured side by side (`bench/compare.mjs`), ~0.3 KB gzip. Chromium, Firefox,
//!   Node ≥ 16.4 run it; Safari < 16.4 cannot load it. Native uses SSE2 (part of x86_64): ~+25 %.
//! * **opt-level `z`** (the shipped wasm profile) inlines little: hot loops index slices directly and load 8 bytes
//!   with `simd::le64` rather than through iterator adapters or `copy_from_slice`, which stay calls at `z`.
//! * **File-extension rule**: when the TLD is one of `app ax cab md mk mov one pm ps pub py rs sh so zip`
//!   (file extensions that are also TLDs), a bare name is a domain only with host context: it starts with
//!   `www.`, or it was defanged (`evil[.]zip`), or a `/` path follows it (and it is not itself a path segment).
//!   URL hosts and e-mail domains always count. Measured on the ESET write-ups corpus with `cargo xtask bench`
//!   (see the module test `ext_rule_tradeoff` in `tests/extract_table.rs` and the bench output): the rule
//!   removes the file names (`setup.py`, `README.md`, `Dead.Cells.Incl.All.DLC.zip`, `*.so`, `*.ps`…) and on
//!   that corpus loses no `.pl` host, because Polish hosts there appear in URLs or defanged.
//! * **Normalisation**: domains, URL schemes and hosts, e-mail domains, hashes, IPv6 and MACs are lowercased;
//!   MACs are written `aa:bb:cc:dd:ee:ff`; URL paths and e-mail local parts keep their case.
//! * Values are always ASCII; offsets lie on character boundaries of the source, so `&text[start..end]` is valid.

mod addr;
pub(crate) mod chars;
mod classes;
mod punycode;
mod refang;
mod scanner;
mod simd;
mod tld;
pub(crate) mod unicode;
mod unwrap;

use std::collections::HashSet;

pub use scanner::is_ext_tld;
pub use unwrap::Gateway;

/// RFC 3492 Punycode of one label (without the `xn--` prefix); `None` on overflow. The TLD list update uses it too.
pub fn punycode(label: &str) -> Option<String> {
    let cps: Vec<u32> = label.chars().map(u32::from).collect();
    let mut out = Vec::with_capacity(label.len() + 8);
    punycode::encode(&cps, &mut out).then(|| String::from_utf8_lossy(&out).into_owned())
}

/// The Unicode form of the DNS name in a `domain`, `url` (its host) or `email` (its domain) value
/// holding an A-label (`xn--bcher-kva.de` → `bücher.de`), for the respond view to show beside
/// the value (which stays the A-label: it is what modules act on). `None` when the value holds no
/// `xn--` label, or when a label does not decode to label characters that encode back to it (so
/// invisible, control or direction characters are never shown in place of the A-label).
pub fn idn_unicode(kind: &str, value: &str) -> Option<String> {
    let (before, host, after) = match kind {
        "domain" | "hostname" => ("", value, ""),
        "email" => {
            let at = value.rfind('@')?;
            (&value[..=at], &value[at + 1..], "")
        }
        "url" => {
            let start = value.find("://")? + 3;
            let rest = &value[start..];
            let auth_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
            let auth = &rest[..auth_end];
            let host_start = auth.rfind('@').map_or(0, |a| a + 1);
            let host_len = auth[host_start..].find(':').unwrap_or(auth.len() - host_start);
            let h0 = start + host_start;
            (&value[..h0], &value[h0..h0 + host_len], &value[h0 + host_len..])
        }
        _ => return None,
    };
    let mut any = false;
    let mut labels = Vec::new();
    for label in host.split('.') {
        let lower = label.to_ascii_lowercase();
        match lower.strip_prefix("xn--") {
            Some(code) => {
                let cps = punycode::decode(code.as_bytes())?;
                let chars: String = cps.iter().filter_map(|&u| char::from_u32(u)).collect();
                let ok = !chars.is_empty()
                    && chars.chars().all(|c| chars::class(c) == chars::Class::Label && !c.is_ascii_uppercase())
                    && punycode(&chars).as_deref() == Some(code);
                if !ok {
                    return None;
                }
                any = true;
                labels.push(chars);
            }
            None => labels.push(label.to_owned()),
        }
    }
    any.then(|| format!("{before}{}{after}", labels.join(".")))
}

/// One observable found in the text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Found {
    /// CTIM observable type (`ip`, `ipv6`, `domain`, `url`, `email`, `md5`, `sha1`, `sha256`, `mac_address`).
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Normalised (refanged) value.
    pub value: String,
    /// Start offset in the source (bytes; UTF-16 code units after [`to_utf16_offsets`]).
    pub start: usize,
    /// End offset (exclusive).
    pub end: usize,
    /// Whether the source span contained a defang marker.
    pub defanged: bool,
    /// Decoded out of a mail or web gateway's rewritten link (`safe-links`, `proofpoint-v2`, … see
    /// docs/extraction.md): the gateway of the innermost wrapper around it. Its span is the outermost wrapper's.
    #[serde(rename = "unwrappedFrom", skip_serializing_if = "Option::is_none")]
    pub unwrapped_from: Option<Gateway>,
}

/// One finding before its value is materialised: source span, and its value as a range of `Scan::arena`.
#[derive(Clone, Copy)]
struct Span {
    kind: scanner::Kind,
    start: usize,
    end: usize,
    defanged: bool,
    v0: usize,
    v1: usize,
    via: Option<unwrap::Gateway>,
    depth: u8,
}

struct Scan {
    spans: Vec<Span>,
    /// Every value back to back; a `Span`'s value is `arena[v0..v1]`. No allocation per occurrence.
    arena: String,
    work: u64,
}

impl Scan {
    fn value(&self, s: &Span) -> &str {
        self.arena.get(s.v0..s.v1).unwrap_or("")
    }

    fn found(&self, s: &Span) -> Found {
        Found { kind: s.kind.as_str(), value: self.value(s).to_string(), start: s.start, end: s.end, defanged: s.defanged, unwrapped_from: s.via }
    }
}

fn run(text: &str, ext_rule: bool) -> Scan {
    let u = unicode::normalise(text);
    let r = refang::refang(&u.text);
    let mut sc = scanner::Scanner::new(&r.text, &r.edits, &u.dots);
    sc.ext_rule = ext_rule;
    sc.run();
    let work = sc.work + text.len() as u64 + u.work;
    // Scanner offsets → refang input (phase-0 output) → source, each through its own edits (the phase-0 pass over
    // the spans only when phase 0 rewrote something, so the common loop stays as small as it was).
    let mut map = refang::Mapper::new(&r.edits);
    let plain = r.edits.is_empty();
    let mut spans: Vec<Span> = sc
        .items
        .iter()
        .map(|it| {
            let (start, end, defanged) = if plain { (it.start, it.end, false) } else { (map.start(it.start), map.end(it.end), map.touched(it.start, it.end)) };
            Span { kind: it.kind, start, end, defanged, v0: it.v0, v1: it.v1, via: it.via, depth: it.depth }
        })
        .collect();
    if !u.edits.is_empty() {
        map_phase0(&mut spans, &u);
    }
    // Items are produced almost in order (a URL's host follows the URL); a stable sort on nearly sorted input is
    // linear. What a rewritten link wraps shares the link's span and comes before it, the innermost target first
    // (the respond view lists the target above the wrapper).
    spans.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end), std::cmp::Reverse(f.depth)));
    // The arena holds ASCII only (every value is built from class-checked bytes), so this never fails.
    let arena = String::from_utf8(sc.arena).unwrap_or_default();
    Scan { spans, arena, work }
}

/// Map spans from phase-0 output coordinates to the source, and mark those with a phase-0 defang edit inside.
/// Binary searches (phase 0 rewrites little: a page's IDNs, odd dots, zero-width characters), so the galloping
/// [`refang::Mapper`] keeps its one call site and stays inlined in the common loop.
#[inline(never)]
fn map_phase0(spans: &mut [Span], u: &unicode::Normalised<'_>) {
    for s in spans.iter_mut() {
        s.defanged |= refang::touched(&u.marks, s.start, s.end);
        (s.start, s.end) = refang::map_span(&u.edits, s.start, s.end);
    }
}

/// Every occurrence, in text order, with byte offsets.
pub fn extract_all(text: &str) -> Vec<Found> {
    let sc = run(text, true);
    sc.spans.iter().map(|s| sc.found(s)).collect()
}

/// Deduplicated by `(type, value)`: first occurrence kept, order kept. Only the kept values are allocated.
pub fn extract(text: &str) -> Vec<Found> {
    let sc = run(text, true);
    let mut seen = SpanSet::new(sc.spans.len());
    let mut out = Vec::new();
    for s in &sc.spans {
        if seen.insert(&sc, s) {
            out.push(sc.found(s));
        }
    }
    out
}

/// Open-addressing set of kept spans keyed by `(kind, value)`, hashing the arena bytes 8 at a time (FxHash-style
/// multiply-rotate): no SipHash, no key allocation. Slots hold `index + 1` into `kept`.
struct SpanSet {
    slots: Vec<u32>,
    kept: Vec<Span>,
    mask: usize,
}

impl SpanSet {
    fn new(n: usize) -> Self {
        let cap = (n * 2).next_power_of_two().max(16);
        SpanSet { slots: vec![0; cap], kept: Vec::new(), mask: cap - 1 }
    }

    fn hash(kind: scanner::Kind, v: &[u8]) -> u64 {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut h = (kind as u64) ^ ((v.len() as u64) << 8);
        let n = v.len();
        let mut i = 0usize;
        while i + 8 <= n {
            let w = simd::le64(&v[i..i + 8]);
            h = (h.rotate_left(5) ^ w).wrapping_mul(K);
            i += 8;
        }
        let mut t = 0u64;
        while i < n {
            t = (t << 8) | v[i] as u64;
            i += 1;
        }
        h = (h.rotate_left(5) ^ t).wrapping_mul(K);
        h ^ (h >> 29)
    }

    /// True when `(s.kind, value)` was not in the set (it is now).
    fn insert(&mut self, sc: &Scan, s: &Span) -> bool {
        let v = sc.value(s).as_bytes();
        let mut k = Self::hash(s.kind, v) as usize & self.mask;
        loop {
            let slot = self.slots[k];
            if slot == 0 {
                self.kept.push(*s);
                self.slots[k] = self.kept.len() as u32;
                return true;
            }
            let o = &self.kept[slot as usize - 1];
            if o.kind == s.kind && sc.value(o).as_bytes() == v {
                return false;
            }
            k = (k + 1) & self.mask;
        }
    }
}

/// Keep the first occurrence of each `(type, value)`.
pub fn dedup(all: Vec<Found>) -> Vec<Found> {
    let keep: Vec<bool> = {
        let mut seen: HashSet<(&'static str, &str)> = HashSet::with_capacity(all.len());
        all.iter().map(|f| seen.insert((f.kind, f.value.as_str()))).collect()
    };
    all.into_iter().zip(keep).filter_map(|(f, k)| k.then_some(f)).collect()
}

/// Convert byte offsets to UTF-16 code unit offsets, in place. Offsets beyond the text are clamped to its end;
/// an offset inside a multi-byte character maps to that character's start. Never panics.
pub fn to_utf16_offsets(text: &str, found: &mut [Found]) {
    let b = text.as_bytes();
    let mut offs: Vec<usize> = Vec::with_capacity(found.len() * 2);
    for f in found.iter() {
        offs.push(f.start);
        offs.push(f.end);
    }
    offs.sort_unstable();
    offs.dedup();
    // One sweep, counting UTF-16 units between consecutive requested offsets 8 bytes at a time: a UTF-16
    // position is the byte position minus continuation bytes plus one per 4-byte sequence (a surrogate pair).
    let mut mapped: Vec<usize> = Vec::with_capacity(offs.len());
    let mut pos = 0usize;
    let mut u16pos = 0usize;
    for &o in &offs {
        let mut t = o.min(b.len());
        // Inside a multi-byte character: that character's start.
        while t > pos && t < b.len() && (b[t] & 0xc0) == 0x80 {
            t -= 1;
        }
        if t > pos {
            u16pos += simd::utf16_len(&b[pos..t]);
            pos = t;
        }
        mapped.push(u16pos);
    }
    let total = u16pos + simd::utf16_len(&b[pos..]);
    let conv = |x: usize| -> usize {
        if x >= b.len() {
            return total;
        }
        match offs.binary_search(&x) {
            Ok(i) => mapped[i],
            Err(_) => total,
        }
    };
    for f in found.iter_mut() {
        f.start = conv(f.start);
        f.end = conv(f.end);
    }
}

/// Work units counted by the scanner for `text` (bytes visited by every pass). Exposed for the linearity test.
#[doc(hidden)]
pub fn work_units(text: &str) -> u64 {
    run(text, true).work
}

/// [`extract_all`] without the file-extension rule: exposed so tests and the bench can measure the rule.
#[doc(hidden)]
pub fn extract_all_without_ext_rule(text: &str) -> Vec<Found> {
    let sc = run(text, false);
    sc.spans.iter().map(|s| sc.found(s)).collect()
}
