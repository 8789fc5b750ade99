//! Long-running fuzz of the extraction engine on stable Rust (proptest; cargo-fuzz needs nightly). Inputs are
//! random concatenations of observable fragments, defang markers, separators and non-ASCII characters (the
//! shapes that reach the engine's deeper paths far more often than random bytes), plus arbitrary strings.
//! Invariants checked on every input:
//! * no panic; every span is non-empty, on char boundaries, inside the text; spans sorted by start;
//! * values are non-empty ASCII, of a CTIM type; domains/hashes/IPv6/MACs lower-case;
//! * a span without a defang marker holds its value (case-insensitively; MACs modulo separators; URLs keep
//!   their path);
//! * `extract` is exactly `dedup(extract_all)`;
//! * UTF-16 offsets equal `encode_utf16().count()` of the prefix;
//! * work units are bounded by a constant per input byte (linear time).
//!
//! `PROPTEST_CASES` sets the cases per property (default 256); `cargo xtask fuzz` runs it with 200 000.
//! Executions are printed (`--nocapture`) as `extract_fuzz: <property> <n> executions`.
use proptest::prelude::*;
use securex_respond::extract::{dedup, extract, extract_all, to_utf16_offsets, work_units, Found};
use std::sync::atomic::{AtomicU64, Ordering};

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(256)
}

const FRAGMENTS: &[&str] = &[
    // gateway rewrites (issue 24): wrappers, their parameters and encodings, to reach the unwrapping paths
    "https://www.google.com/url?q=",
    "https://eu1.safelinks.protection.outlook.com/?url=",
    "https://urldefense.proofpoint.com/v2/url?u=",
    "https-3A__",
    "https://urldefense.com/v3/__",
    "__;",
    "Pz0mJg",
    "!!",
    "*",
    "**A",
    "https://protect-eu.mimecast.com/s/x?domain=",
    "https://secure-web.cisco.com/tok/",
    "%3A%2F%2F",
    "%2F",
    "&",
    "h**p",
    "fxp",
    "a",
    "b",
    "evil",
    "com",
    "org",
    "zip",
    "py",
    "www",
    "xn--p1ai",
    "onion",
    "ru",
    "pl",
    "MD",
    "Agent",
    ".",
    "..",
    "[.]",
    "(.)",
    "{.}",
    "[dot]",
    "(dot)",
    "\\.",
    " . ",
    " [.] ",
    "@",
    "[@]",
    "[at]",
    "(at)",
    " [at] ",
    ":",
    "::",
    "[:]",
    "[://]",
    "[/]",
    "/",
    "//",
    "http",
    "https",
    "hxxp",
    "hXXps",
    "ftp",
    "://",
    "1",
    "10",
    "255",
    "256",
    "0",
    "fe80",
    "ab",
    "ff",
    "-",
    "_",
    "+",
    "%",
    "?",
    "#",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "<",
    ">",
    "\"",
    "'",
    " ",
    "\n",
    "\t",
    "é",
    "😀",
    "\u{200f}",
    "\0",
    ",",
    ";",
    "!",
    "*",
    "~",
    "\\",
    "x",
    "X",
    "h",
    "H",
    "0123456789abcdef",
    "deadbeefdeadbeefdeadbeefdeadbeef",
    "1.2.3.4",
    "10.0.0.0/24",
    "aa:bb:cc:dd:ee:ff",
    "aa-bb-cc-dd-ee-ff",
    "aabb.ccdd.eeff",
    "2001:db8::1",
    "user",
    "README.md",
    "setup.py",
    "Win32/Agent.AD",
    // real pages: zero-width characters, odd dots and at signs, Unicode labels and TLDs, fullwidth forms
    "\u{200b}",
    "\u{200c}",
    "\u{200d}",
    "\u{2060}",
    "\u{feff}",
    "\u{ad}",
    "\u{200e}",
    "。",
    "．",
    "｡",
    "﹒",
    "․",
    "＠",
    "﹫",
    "bücher",
    "пример",
    "ПРИМЕР",
    "рф",
    "中国",
    "例子",
    "访问",
    "онлайн",
    "ไทย",
    "เว็บ",
    "हिन्दी",
    "\u{94d}",
    "ß",
    "İ",
    "ｅｖｉｌ",
    "ｃｏｍ",
    "１",
    "ﾃｽﾄ",
    "①",
    "²",
    "·",
    "«",
    "\u{a0}",
    "\u{301}",
    "\u{fe0f}",
];
const KINDS: &[&str] = &["ip", "ipv6", "domain", "url", "email", "md5", "sha1", "sha256", "mac_address"];

static EXECS: AtomicU64 = AtomicU64::new(0);

fn fragments() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            8 => prop::sample::select(FRAGMENTS).prop_map(str::to_string),
            1 => any::<char>().prop_map(|c| c.to_string()),
        ],
        0..160,
    )
    .prop_map(|v| v.concat())
}

/// Characters phase 0 removes or rewrites as defang markers.
const ODD: &[char] = &['\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}', '\u{ad}', '。', '．', '｡', '﹒', '․', '＠', '﹫'];

fn has_marker(span: &str) -> bool {
    let l = span.to_ascii_lowercase();
    ["[", "]", "(", "{", "\\", " "].iter().any(|m| span.contains(m)) || ["hxx", "h**", "fxp"].iter().any(|m| l.contains(m)) || span.contains(ODD)
}

/// An IPv4 value is the span without the leading zeros of its octets (`010.1.1.1` → `10.1.1.1`).
fn octets(s: &str) -> String {
    s.split('.').map(|o| if o.trim_start_matches('0').is_empty() { "0" } else { o.trim_start_matches('0') }).collect::<Vec<_>>().join(".")
}

/// The span as phase 0 reads it, for the structural check: zero-width characters dropped (ZWJ/ZWNJ kept inside
/// non-Latin words), odd dots and at signs mapped, fullwidth ASCII mapped.
fn mapped(span: &str) -> String {
    span.chars()
        .filter_map(|c| match c {
            '\u{200b}' | '\u{2060}' | '\u{feff}' | '\u{ad}' => None,
            '。' | '．' | '｡' | '﹒' | '․' => Some('.'),
            '＠' | '﹫' => Some('@'),
            '\u{ff10}'..='\u{ff19}' | '\u{ff21}'..='\u{ff3a}' | '\u{ff41}'..='\u{ff5a}' => char::from_u32(c as u32 - 0xfee0),
            c => Some(c),
        })
        .collect()
}

/// A value made from a span with Unicode labels: the same pieces between the same separators, ASCII pieces equal
/// (case aside), every non-ASCII piece an `xn--` A-label (zero-width joiners inside it aside).
fn same_structure(span: &str, value: &str) -> bool {
    let split = |s: &str| -> Vec<String> {
        s.split(['.', '@', '/', ':', '?', '#', '=', '&', ';', '(', ')', '!', '*', '$', ',', '~', '+', '%'])
            .map(|x| x.replace(['\u{200c}', '\u{200d}'], ""))
            .collect()
    };
    let (a, b) = (split(span), split(value));
    a.len() == b.len()
        && a.iter().zip(&b).all(|(x, y)| if x.is_ascii() { x.eq_ignore_ascii_case(y) } else { y.starts_with("xn--") && y.len() > 4 && y.is_ascii() })
}

fn check(text: &str) -> Result<(), TestCaseError> {
    EXECS.fetch_add(1, Ordering::Relaxed);
    let all = extract_all(text);
    let mut prev = 0usize;
    for f in &all {
        prop_assert!(f.start < f.end && f.end <= text.len(), "{f:?} in {text:?}");
        prop_assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
        prop_assert!(f.start >= prev, "not sorted: {f:?} in {text:?}");
        prev = f.start;
        prop_assert!(KINDS.contains(&f.kind));
        prop_assert!(!f.value.is_empty() && f.value.is_ascii(), "{f:?}");
        if matches!(f.kind, "domain" | "md5" | "sha1" | "sha256" | "ipv6" | "mac_address") {
            prop_assert_eq!(f.value.to_ascii_lowercase(), f.value.clone());
        }
        let span = &text[f.start..f.end];
        prop_assert_eq!(f.defanged, has_marker(span) && f.defanged, "defanged flag without a marker: {:?}", f);
        // What a rewritten link wraps is decoded, not written: its span is the wrapper URL's.
        if f.unwrapped_from.is_some() {
            prop_assert!(all.iter().any(|w| w.kind == "url" && w.unwrapped_from.is_none() && (w.start, w.end) == (f.start, f.end)), "{f:?} in {text:?}");
            continue;
        }
        // A removed or rewritten character inside the span makes it defanged (ZWJ/ZWNJ may instead be kept inside a
        // Unicode label).
        if span.contains(['\u{200b}', '\u{2060}', '\u{feff}', '\u{ad}', '。', '．', '｡', '﹒', '․', '＠', '﹫']) {
            prop_assert!(f.defanged, "{f:?} span {span:?}");
        }
        let m = mapped(span);
        if !f.defanged || !has_marker(&m) {
            if !m.is_ascii() {
                prop_assert!(matches!(f.kind, "domain" | "url" | "email"), "{f:?} span {span:?}");
                prop_assert!(same_structure(&m, &f.value), "{f:?} span {span:?}");
                continue;
            }
            match f.kind {
                "mac_address" => {
                    let hex = |s: &str| s.chars().filter(|c| c.is_ascii_hexdigit()).collect::<String>();
                    prop_assert_eq!(hex(&m).to_ascii_lowercase(), hex(&f.value));
                }
                "url" | "email" => prop_assert!(m.eq_ignore_ascii_case(&f.value), "{f:?} span {span:?}"),
                "ip" => prop_assert_eq!(octets(&m), f.value.clone(), "{:?}", f),
                _ => prop_assert_eq!(m.to_ascii_lowercase(), f.value.to_ascii_lowercase(), "{:?}", f),
            }
        }
    }
    let d: Vec<Found> = extract(text);
    prop_assert_eq!(&d, &dedup(all.clone()));
    let mut u = all.clone();
    to_utf16_offsets(text, &mut u);
    for (a, b) in all.iter().zip(&u) {
        prop_assert_eq!(text[..a.start].encode_utf16().count(), b.start);
        prop_assert_eq!(text[..a.end].encode_utf16().count(), b.end);
    }
    let w = work_units(text);
    prop_assert!(w <= 16 * text.len() as u64 + 64, "work {w} for {} bytes: {text:?}", text.len());
    Ok(())
}

fn report(name: &str) {
    eprintln!("extract_fuzz: {name} {} executions", EXECS.load(Ordering::Relaxed));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn fuzz_fragments(text in fragments()) {
        check(&text)?;
    }

    #[test]
    fn fuzz_arbitrary(text in any::<String>()) {
        check(&text)?;
    }

    #[test]
    fn fuzz_repeated_unit(unit in fragments(), k in 1usize..40) {
        // Repetition builds the long runs (dotted, `@`, `://` chains) where super-linear behaviour would show.
        check(&unit.repeat(k))?;
    }
}

#[test]
fn zz_report_executions() {
    // Runs last only when tests run serially; `cargo xtask fuzz` passes --test-threads=1.
    report("total-so-far");
}
