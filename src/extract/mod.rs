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
//! Two linear passes, no regular expressions, no backtracking:
//!
//! 1. **Refang** (`refang.rs`): one left-to-right pass over the bytes that stops only on trigger bytes
//!    (`[ ( { \ h H .`) and rewrites every marker of `docs/extraction.md` into its plain form: `[.]` `(.)` `{.}`
//!    `[dot]` `(dot)` `{dot}` ` . ` `\.` and lone brackets `1.2.3[.4` / `1.2.3.]4` → `.`; `[:]` → `:`;
//!    `[://]` → `://`; `[/]` → `/`; `[@]` `(@)` `[at]` `(at)` `{at}` → `@`; `hxxp`/`hXXp` → `http`, `hxxps` →
//!    `https` (never downgraded). Dot and at markers need a letter or digit on both sides (one space on either
//!    side of a bracketed marker is absorbed: `evil [.] com`), so prose brackets are left alone; `hxxp` must be
//!    followed by `:` or `[`; ` . ` needs a lower-case letter or digit after it (`end . Next` is prose). Each rewrite is recorded as an edit (source range ↔ normalised range); text
//!    without markers is not copied. Offsets are mapped back by binary search over the edits, and an item is
//!    `defanged` when an edit falls inside its span.
//! 2. **Scan** (`scan.rs`): a hand-written scanner over the normalised bytes using a 256-entry class table.
//!    It splits the text into maximal *word runs* of `[A-Za-z0-9._@:+%-]` (every other byte, including
//!    non-ASCII, ends a run). A run ending in a known scheme (`http`, `https`, `ftp`, `ftps`, `sftp`) followed
//!    by `//` starts a URL: authority (optional userinfo, host = real-TLD domain, IPv4 or `[IPv6]`, optional
//!    port), then path/query/fragment over printable ASCII minus `"<>\^`{|}[]'`, then trailing `.,;:!?*` and
//!    unbalanced `)` are trimmed. The URL and its host are both emitted; scanning resumes after the URL.
//!    Other runs are split at `@` into e-mails (local part = the `[A-Za-z0-9._%+-]` suffix before `@`, so words
//!    before a space, `:` or `/` are never glued in; domain must have a real TLD), then maximal `[0-9A-Fa-f:.]`
//!    sub-runs with ≥ 2 colons are tried as MAC (`aa:bb:..`) or strict RFC 4291 IPv6 (8 groups, or `::` with
//!    ≥ 2 explicit groups, so `12:34:56` is no address), then the remainder is split at `@ : + %` into host
//!    tokens `[A-Za-z0-9._-]`. A token is split at empty labels (`..`) and trimmed of `.-_`; a piece that is
//!    exactly four decimal labels ≤ 255 is an IPv4 (so `1.2.3.4.5` is no IP), a piece of ≥ 2 valid labels whose
//!    last label is an IANA TLD is a domain, the *whole* piece or nothing (a host is never truncated to a parent
//!    domain: `evil.com.notatld` yields nothing); otherwise its alphanumeric runs of 32/40/64 hex digits (not
//!    all decimal) are hashes. MACs also in `aa-bb-cc-dd-ee-ff` and `aabb.ccdd.eeff` forms.
//!
//! **Linearity.** Every byte is visited by the run splitter once and by each sub-scan of its run a bounded
//! number of times: the e-mail pass looks back from each `@` only to the previous `@` (or the end of the previous
//! e-mail) and forward only to the next `@`; a URL's authority scan stops at the first byte that is not an
//! authority byte (`/` included), so the next `://` can only lie beyond it; the main loop resumes after a URL;
//! token splitting is `memchr`-driven and never restarts a match at an inner dot (a 1 MB dotted run is one
//! token, rejected once as longer than 253 bytes). Refanging advances past every marker it rewrites. The
//! scanner counts work units ([`work_units`]), and `tests/extract_linear.rs` checks that they grow
//! proportionally on 1×/4×/16× adversarial inputs.
//!
//! # Decisions
//! * **Never invent a scheme**: a bare `evil.com/gate.php` yields the domain only. Only URLs with a scheme
//!   (including refanged `hxxp`) are `url` observables.
//! * **CIDR**: `10.0.0.0/24` is skipped entirely — no bare `10.0.0.0` claiming to be a host, and CTIM has no
//!   network type. (An IPv4 followed by `/` and a digit is not emitted outside a URL.)
//! * **TLDs**: the IANA root zone (npm `tlds`, see `tlds.txt` header; refreshed by `cargo xtask update-tlds`),
//!   plus `onion`. Stored as one sorted newline-separated string searched by binary search (no init, ~10 KB).
//! * **File-extension rule**: when the TLD is one of `app ax cab md mk mov one pm ps pub py rs sh so zip`
//!   (file extensions that are also TLDs), a bare name is a domain only with host context: it starts with
//!   `www.`, or it was defanged (`evil[.]zip`), or a `/` path follows it (and it is not itself a path segment).
//!   URL hosts and e-mail domains always count. Measured on the ESET write-ups corpus with `cargo xtask bench`
//!   (see the module test `ext_rule_tradeoff` in `tests/extract_table.rs` and the bench output): the rule
//!   removes the file names (`setup.py`, `README.md`, `Dead.Cells.Incl.All.DLC.zip`, `*.so`, `*.ps`…) and on
//!   that corpus loses no `.pl` host, because Polish hosts there appear in URLs or defanged.
//! * **Normalisation**: domains, URL schemes and hosts, e-mail domains, hashes, IPv6 and MACs are lowercased;
//!   MACs are written `aa:bb:cc:dd:ee:ff`; URL paths and e-mail local parts keep their case.
//! * Values are always ASCII; offsets always lie on ASCII bytes of the source, so `&text[start..end]` is valid.

mod refang;
mod scan;
mod tld;

use std::collections::HashSet;

pub use scan::is_ext_tld;

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
}

fn run(text: &str, ext_rule: bool) -> (Vec<Found>, u64) {
    let r = refang::refang(text);
    let mut sc = scan::Scanner::new(&r.text, &r.edits);
    sc.ext_rule = ext_rule;
    sc.run();
    let work = sc.work + text.len() as u64;
    let edits = &r.edits;
    let mut out: Vec<Found> = sc
        .items
        .into_iter()
        .map(|it| {
            let (start, end) = if edits.is_empty() {
                (it.start, it.end)
            } else {
                (refang::map_start(edits, it.start), refang::map_end(edits, it.end))
            };
            Found {
                kind: it.kind.as_str(),
                value: it.value,
                start,
                end,
                defanged: refang::touched(edits, it.start, it.end),
            }
        })
        .collect();
    // Items are produced almost in order (a URL's host follows the URL); a stable sort on nearly sorted input is
    // linear.
    out.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
    (out, work)
}

/// Every occurrence, in text order, with byte offsets.
pub fn extract_all(text: &str) -> Vec<Found> {
    run(text, true).0
}

/// Deduplicated by `(type, value)`: first occurrence kept, order kept.
pub fn extract(text: &str) -> Vec<Found> {
    dedup(extract_all(text))
}

/// Keep the first occurrence of each `(type, value)`.
pub fn dedup(all: Vec<Found>) -> Vec<Found> {
    let mut seen: HashSet<(&'static str, String)> = HashSet::with_capacity(all.len());
    all.into_iter().filter(|f| seen.insert((f.kind, f.value.clone()))).collect()
}

/// Convert byte offsets to UTF-16 code unit offsets, in place. Offsets beyond the text are clamped to its end;
/// an offset inside a multi-byte character maps to that character's start. Never panics.
pub fn to_utf16_offsets(text: &str, found: &mut [Found]) {
    let mut offs: Vec<usize> = Vec::with_capacity(found.len() * 2);
    for f in found.iter() {
        offs.push(f.start);
        offs.push(f.end);
    }
    offs.sort_unstable();
    offs.dedup();
    // One sweep over the characters, recording the UTF-16 position of each requested byte offset.
    let mut mapped: Vec<usize> = Vec::with_capacity(offs.len());
    let mut u16pos = 0usize;
    let mut k = 0usize;
    for (bi, ch) in text.char_indices() {
        while k < offs.len() && offs[k] < bi + ch.len_utf8() {
            // offs[k] is in [previous char end, this char end): at or inside this char → this char's start.
            mapped.push(u16pos);
            k += 1;
        }
        if k == offs.len() {
            break;
        }
        u16pos += ch.len_utf16();
    }
    while mapped.len() < offs.len() {
        mapped.push(u16pos);
    }
    let conv = |x: usize| -> usize {
        match offs.binary_search(&x) {
            Ok(i) => mapped[i],
            Err(_) => u16pos,
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
    run(text, true).1
}

/// [`extract_all`] without the file-extension rule: exposed so tests and the bench can measure the rule.
#[doc(hidden)]
pub fn extract_all_without_ext_rule(text: &str) -> Vec<Found> {
    run(text, false).0
}
