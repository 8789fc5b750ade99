//! Extraction on real pages (issue 14, item 6): internationalised domain names written in Unicode, non-ASCII dots
//! and at signs, zero-width characters inside indicators, logs as in `<pre>` text, table text. Every row lists each
//! expected item with the exact source text its offsets must cover (zero-width characters and odd dots included),
//! and is checked in every context below, with byte offsets and with the UTF-16 offsets the page scan maps back to
//! DOM ranges.
//!
//! The A-labels expected here were taken from the WHATWG URL parser (`new URL("http://" + host).hostname` in
//! Node 20, UTS #46 non-transitional), an implementation independent of this engine's Punycode encoder.
use securex_respond::extract::{extract, extract_all, to_utf16_offsets, Found};
use std::collections::BTreeSet;

/// (kind, value, source span, defanged)
type Item = (&'static str, &'static str, &'static str, bool);

const IDN: &[(&str, &[Item])] = &[
    ("bücher.de", &[("domain", "xn--bcher-kva.de", "bücher.de", false)]),
    ("ПРИМЕР.РФ", &[("domain", "xn--e1afmkfd.xn--p1ai", "ПРИМЕР.РФ", false)]),
    ("сайт.рф", &[("domain", "xn--80aswg.xn--p1ai", "сайт.рф", false)]),
    ("例子.中国", &[("domain", "xn--fsqu00a.xn--fiqs8s", "例子.中国", false)]),
    ("例え.jp", &[("domain", "xn--r8jz45g.jp", "例え.jp", false)]),
    ("münchen.de", &[("domain", "xn--mnchen-3ya.de", "münchen.de", false)]),
    ("straße.de", &[("domain", "xn--strae-oqa.de", "straße.de", false)]),
    ("เว็บไซต์.ไทย", &[("domain", "xn--c3cun5c2g0at8b.xn--o3cw4h", "เว็บไซต์.ไทย", false)]),
    ("हिन्दी.भारत", &[("domain", "xn--j2bd4cyah0f.xn--h2brj9c", "हिन्दी.भारत", false)]),
    ("مثال.مصر", &[("domain", "xn--mgbh0fb.xn--wgbh1c", "مثال.مصر", false)]),
    ("δοκιμή.gr", &[("domain", "xn--jxalpdlp.gr", "δοκιμή.gr", false)]),
    ("σόλος.gr", &[("domain", "xn--wxaijb9b.gr", "σόλος.gr", false)]),
    ("İstanbul.tr", &[("domain", "xn--istanbul-o0e.tr", "İstanbul.tr", false)]),
    ("파이썬.한국", &[("domain", "xn--zz4bt7en0m.xn--3e0b707e", "파이썬.한국", false)]),
    ("ñandú.com.ar", &[("domain", "xn--and-6ma2c.com.ar", "ñandú.com.ar", false)]),
    ("онлайн.онлайн", &[("domain", "xn--80asehdb.xn--80asehdb", "онлайн.онлайн", false)]),
    // homograph: Cyrillic а inside a Latin name is one label, as the browser reads it
    ("pаypal.com", &[("domain", "xn--pypal-4ve.com", "pаypal.com", false)]),
    // ZWNJ between Arabic letters and ZWJ after a virama are part of the label (IDNA 2008 CONTEXTJ)
    ("فارسی\u{200c}ها.ir", &[("domain", "xn--mgba3ai1evb73er19l.ir", "فارسی\u{200c}ها.ir", false)]),
    ("क्\u{200d}ष.in", &[("domain", "xn--11b2ezcw70k.in", "क्\u{200d}ष.in", false)]),
    (
        "https://пример.рф/path?q=1",
        &[("url", "https://xn--e1afmkfd.xn--p1ai/path?q=1", "https://пример.рф/path?q=1", false), ("domain", "xn--e1afmkfd.xn--p1ai", "пример.рф", false)],
    ),
    ("admin@пример.рф", &[("email", "admin@xn--e1afmkfd.xn--p1ai", "admin@пример.рф", false)]),
    ("пример[.]рф", &[("domain", "xn--e1afmkfd.xn--p1ai", "пример[.]рф", true)]),
    ("hxxps://bücher[.]de/x", &[("url", "https://xn--bcher-kva.de/x", "hxxps://bücher[.]de/x", true), ("domain", "xn--bcher-kva.de", "bücher[.]de", true)]),
    ("网站：例子.中国。", &[("domain", "xn--fsqu00a.xn--fiqs8s", "例子.中国", false)]),
    // prose is never converted
    ("Привет, мир. Как дела? Файл документ.zip", &[]),
    ("`deutsch-tibetisches_wörterbuch_installer_windows.zip`", &[]),
    // regression (fuzz): a label glued to `_` is no IDN, and no domain starts inside a word (`cher_x.com`)
    ("a_bücher。com", &[]),
    ("a_bücher.com and x_пример.рф", &[]),
    ("bücher_x.com", &[]),
    ("访问 example.com。谢谢", &[("domain", "example.com", "example.com", false)]),
    ("访问example.com。谢谢。", &[("domain", "example.com", "example.com", false)]),
    ("evil.com.谢谢", &[("domain", "evil.com", "evil.com", false)]),
    ("结果。Next step", &[]),
];

const DOTS: &[(&str, &[Item])] = &[
    ("evil。com", &[("domain", "evil.com", "evil。com", true)]),
    ("evil．com", &[("domain", "evil.com", "evil．com", true)]),
    ("evil｡com", &[("domain", "evil.com", "evil｡com", true)]),
    ("evil﹒com", &[("domain", "evil.com", "evil﹒com", true)]),
    ("evil․com", &[("domain", "evil.com", "evil․com", true)]),
    ("sub。evil。co。uk", &[("domain", "sub.evil.co.uk", "sub。evil。co。uk", true)]),
    ("1。2。3。4", &[("ip", "1.2.3.4", "1。2。3。4", true)]),
    ("185.220.101｡4", &[("ip", "185.220.101.4", "185.220.101｡4", true)]),
    ("ｅｖｉｌ．ｃｏｍ", &[("domain", "evil.com", "ｅｖｉｌ．ｃｏｍ", true)]),
    ("日本語。ｊｐ", &[("domain", "xn--wgv71a119e.jp", "日本語。ｊｐ", true)]),
    ("例子。中国", &[("domain", "xn--fsqu00a.xn--fiqs8s", "例子。中国", true)]),
    ("hxxp://evil。com/gate.php", &[("url", "http://evil.com/gate.php", "hxxp://evil。com/gate.php", true), ("domain", "evil.com", "evil。com", true)]),
    ("user@evil。com", &[("email", "user@evil.com", "user@evil。com", true)]),
    ("user＠evil.com", &[("email", "user@evil.com", "user＠evil.com", true)]),
    ("user﹫evil。com", &[("email", "user@evil.com", "user﹫evil。com", true)]),
    // odd dots of prose stay prose
    ("例子。中国。", &[("domain", "xn--fsqu00a.xn--fiqs8s", "例子。中国", true)]),
    ("结束。谢谢。", &[]),
    ("版本1。2。3", &[]),
];

const ZERO_WIDTH: &[(&str, &[Item])] = &[
    ("evil\u{200b}.com", &[("domain", "evil.com", "evil\u{200b}.com", true)]),
    ("evil.\u{200b}com", &[("domain", "evil.com", "evil.\u{200b}com", true)]),
    ("ev\u{200c}il.c\u{200d}om", &[("domain", "evil.com", "ev\u{200c}il.c\u{200d}om", true)]),
    ("1.2.3\u{2060}.4", &[("ip", "1.2.3.4", "1.2.3\u{2060}.4", true)]),
    ("evil\u{feff}[.]com", &[("domain", "evil.com", "evil\u{feff}[.]com", true)]),
    ("user\u{200b}@evil.com", &[("email", "user@evil.com", "user\u{200b}@evil.com", true)]),
    ("\u{feff}evil.com", &[("domain", "evil.com", "evil.com", false)]),
    ("evil.com\u{200b}", &[("domain", "evil.com", "evil.com", false)]),
    (
        "https://\u{200b}evil.com/\u{200b}path/\u{ad}file.php",
        &[("url", "https://evil.com/path/file.php", "https://\u{200b}evil.com/\u{200b}path/\u{ad}file.php", true), ("domain", "evil.com", "evil.com", false)],
    ),
    ("d41d8cd98f00b204\u{ad}e9800998ecf8427e", &[("md5", "d41d8cd98f00b204e9800998ecf8427e", "d41d8cd98f00b204\u{ad}e9800998ecf8427e", true)]),
    (
        "e3b0c44298fc1c14\u{200b}9afbf4c8996fb924\u{200b}27ae41e4649b934c\u{200b}a495991b7852b855",
        &[(
            "sha256",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "e3b0c44298fc1c14\u{200b}9afbf4c8996fb924\u{200b}27ae41e4649b934c\u{200b}a495991b7852b855",
            true,
        )],
    ),
    ("2001:db8\u{200b}::1", &[("ipv6", "2001:db8::1", "2001:db8\u{200b}::1", true)]),
    ("bü\u{200b}cher.de", &[("domain", "xn--bcher-kva.de", "bü\u{200b}cher.de", true)]),
    ("при\u{ad}мер.рф", &[("domain", "xn--e1afmkfd.xn--p1ai", "при\u{ad}мер.рф", true)]),
    (
        "e\u{200b}v\u{200b}i\u{200b}l\u{200b}.\u{200b}c\u{200b}o\u{200b}m",
        &[("domain", "evil.com", "e\u{200b}v\u{200b}i\u{200b}l\u{200b}.\u{200b}c\u{200b}o\u{200b}m", true)],
    ),
    // ZWSP as a word separator next to a script written without spaces, or to another script than Latin
    ("ภาษา\u{200b}ไทย\u{200b}example.com\u{200b}คือ", &[("domain", "example.com", "example.com", false)]),
    ("كلمة\u{200b}evil.com", &[("domain", "evil.com", "evil.com", false)]),
    // bidirectional marks are not removed: they stand where scripts change
    ("\u{200f}evil.com\u{200e}", &[("domain", "evil.com", "evil.com", false)]),
];

const LOGS: &[(&str, &[Item])] = &[
    (
        "192.0.2.10 - - [10/Oct/2023:13:55:36 -0700] \"GET /gate.php HTTP/1.1\" 200 2326 \"http://c2.evil.net/start.html\" \"Mozilla/5.0 (Windows NT 10.0; Win64; x64)\"",
        &[
            ("ip", "192.0.2.10", "192.0.2.10", false),
            ("url", "http://c2.evil.net/start.html", "http://c2.evil.net/start.html", false),
            ("domain", "c2.evil.net", "c2.evil.net", false),
        ],
    ),
    (
        "Oct 11 22:14:15 fw01 kernel: DROP IN=eth0 OUT= SRC=203.0.113.5 DST=198.51.100.7 LEN=60 PROTO=TCP SPT=51234 DPT=443",
        &[("ip", "203.0.113.5", "203.0.113.5", false), ("ip", "198.51.100.7", "198.51.100.7", false)],
    ),
    (
        "{\"ts\":\"2023-10-11T22:14:15.123Z\",\"src_ip\":\"203.0.113.5\",\"query\":\"bad.evil.net\",\"mac\":\"00:11:22:aa:bb:cc\"}",
        &[
            ("ip", "203.0.113.5", "203.0.113.5", false),
            ("domain", "bad.evil.net", "bad.evil.net", false),
            ("mac_address", "00:11:22:aa:bb:cc", "00:11:22:aa:bb:cc", false),
        ],
    ),
    (
        "CEF:0|Vendor|Product|1.0|100|Blocked|5|src=10.0.0.1 dst=2001:db8::1 dhost=evil.net request=https://evil.net/x.exe",
        &[
            ("ip", "10.0.0.1", "10.0.0.1", false),
            ("ipv6", "2001:db8::1", "2001:db8::1", false),
            ("domain", "evil.net", "evil.net", false),
            ("url", "https://evil.net/x.exe", "https://evil.net/x.exe", false),
        ],
    ),
    (
        "2023-10-11 22:14:15.123 DNS query for c2.evil.org from 10.1.2.3:53211 (A) -> 198.51.100.20\n2023-10-11 22:14:16.001 blocked",
        &[
            ("domain", "c2.evil.org", "c2.evil.org", false),
            ("ip", "10.1.2.3", "10.1.2.3", false),
            ("ip", "198.51.100.20", "198.51.100.20", false),
        ],
    ),
    (
        "1697062455.123\tCx1\t10.0.0.5\t49152\t203.0.113.9\t53\tudp\tdns\tevil.net\t-",
        &[
            ("ip", "10.0.0.5", "10.0.0.5", false),
            ("ip", "203.0.113.9", "203.0.113.9", false),
            ("domain", "evil.net", "evil.net", false),
        ],
    ),
    (
        "[2023-10-11 22:14:15] WARN  [evil.com] sha1=da39a3ee5e6b4b0d3255bfef95601890afd80709 user=admin@evil.com",
        &[
            ("domain", "evil.com", "evil.com", false),
            ("sha1", "da39a3ee5e6b4b0d3255bfef95601890afd80709", "da39a3ee5e6b4b0d3255bfef95601890afd80709", false),
            ("email", "admin@evil.com", "admin@evil.com", false),
        ],
    ),
];

const TABLES: &[(&str, &[Item])] = &[
    (
        "Indicator\tType\nevil[.]com\tdomain\n185.220.101[.]4\tip\nhxxp://evil[.]com/a\turl",
        &[
            ("domain", "evil.com", "evil[.]com", true),
            ("ip", "185.220.101.4", "185.220.101[.]4", true),
            ("url", "http://evil.com/a", "hxxp://evil[.]com/a", true),
        ],
    ),
    (
        "| evil[.]com | 1.2.3[.]4 | d41d8cd98f00b204e9800998ecf8427e |",
        &[
            ("domain", "evil.com", "evil[.]com", true),
            ("ip", "1.2.3.4", "1.2.3[.]4", true),
            ("md5", "d41d8cd98f00b204e9800998ecf8427e", "d41d8cd98f00b204e9800998ecf8427e", false),
        ],
    ),
    (
        "|evil.com|1.2.3.4|admin@evil.com|",
        &[("domain", "evil.com", "evil.com", false), ("ip", "1.2.3.4", "1.2.3.4", false), ("email", "admin@evil.com", "admin@evil.com", false)],
    ),
    (
        "Domain\nevil.com\nIP\n1.2.3.4\nE-mail\nadmin@evil.com",
        &[("domain", "evil.com", "evil.com", false), ("ip", "1.2.3.4", "1.2.3.4", false), ("email", "admin@evil.com", "admin@evil.com", false)],
    ),
    (
        "evil.com,1.2.3.4,\"http://evil.com/a,b\",00:11:22:33:44:55",
        &[
            ("domain", "evil.com", "evil.com", false),
            ("ip", "1.2.3.4", "1.2.3.4", false),
            ("url", "http://evil.com/a,b", "http://evil.com/a,b", false),
            ("mac_address", "00:11:22:33:44:55", "00:11:22:33:44:55", false),
        ],
    ),
    (
        "| `evil[.]com` | `1[.]2[.]3[.]4` |\n|---|---|\n| `пример[.]рф` | `evil。org` |",
        &[
            ("domain", "evil.com", "evil[.]com", true),
            ("ip", "1.2.3.4", "1[.]2[.]3[.]4", true),
            ("domain", "xn--e1afmkfd.xn--p1ai", "пример[.]рф", true),
            ("domain", "evil.org", "evil。org", true),
        ],
    ),
    (
        "域名\t例子.中国\nIP\t１。２。３。４\n邮箱\tuser＠evil。com",
        &[
            ("domain", "xn--fsqu00a.xn--fiqs8s", "例子.中国", false),
            ("ip", "1.2.3.4", "１。２。３。４", true),
            ("email", "user@evil.com", "user＠evil。com", true),
        ],
    ),
];

/// Wrappers a page puts around an indicator (cell borders, quotes, CJK punctuation, spaces of all widths).
const CONTEXTS: &[(&str, &str)] = &[
    ("", ""),
    ("x ", " y"),
    ("\t", "\n"),
    ("<td>", "</td>"),
    ("| ", " |"),
    ("« ", " »"),
    ("“", "”"),
    ("\u{a0}", "\u{a0}"),
    ("\u{3000}", "\u{3000}"),
    ("「", "」"),
    ("（", "）"),
    ("：", "，"),
    ("。", "。"),
    ("\u{200b}", "\u{200b}"),
    ("\u{200f}", "\u{200f}"),
    ("见 ", " 。"),
];

fn check_rows(name: &str, rows: &[(&str, &[Item])]) -> usize {
    let mut cases = 0;
    for (input, items) in rows {
        let want: BTreeSet<(String, String)> = items.iter().map(|i| (i.0.to_string(), i.1.to_string())).collect();
        for (pre, post) in CONTEXTS {
            let text = format!("{pre}{input}{post}");
            let all = extract_all(&text);
            let got: BTreeSet<(String, String)> = all.iter().map(|f| (f.kind.to_string(), f.value.clone())).collect();
            assert_eq!(got, want, "{name}: {text:?}\n{all:#?}");
            // Each expected item, with the exact source text its offsets cover and its defanged flag.
            for (kind, value, span, defanged) in items.iter() {
                let f = all.iter().find(|f| f.kind == *kind && f.value == *value).unwrap();
                assert_eq!(&text[f.start..f.end], *span, "{name}: {text:?} {f:?}");
                assert_eq!(f.defanged, *defanged, "{name}: {text:?} {f:?}");
            }
            // The UTF-16 offsets (what the page scan maps to DOM ranges) cover the same text.
            let u16: Vec<u16> = text.encode_utf16().collect();
            let mut conv = all.clone();
            to_utf16_offsets(&text, &mut conv);
            for (a, b) in all.iter().zip(&conv) {
                assert_eq!(String::from_utf16(&u16[b.start..b.end]).unwrap(), &text[a.start..a.end], "{text:?} {a:?}");
            }
            // `extract` keeps one of each.
            let d: Vec<Found> = extract(&text);
            assert_eq!(d.len(), want.len(), "{text:?}");
            cases += 1;
        }
    }
    assert_eq!(cases, rows.len() * CONTEXTS.len());
    cases
}

#[test]
fn idn_unicode_domains_become_a_labels() {
    check_rows("idn", IDN);
}

#[test]
fn odd_dots_and_at_signs() {
    check_rows("dots", DOTS);
}

#[test]
fn zero_width_characters_inside_indicators() {
    check_rows("zero-width", ZERO_WIDTH);
}

#[test]
fn logs_as_in_pre_text() {
    check_rows("logs", LOGS);
}

#[test]
fn table_text() {
    check_rows("tables", TABLES);
}

/// The same host written as a U-label and as an A-label on one page is one observable.
#[test]
fn unicode_and_punycode_forms_deduplicate() {
    let t = "bücher.de, xn--bcher-kva.de and BÜCHER.DE";
    let d = extract(t);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!((d[0].value.as_str(), &t[d[0].start..d[0].end]), ("xn--bcher-kva.de", "bücher.de"));
    assert_eq!(extract_all(t).len(), 3);
}

/// A CJK label glued to ASCII letters is split from them; when it is converted, the ASCII neighbour stays outside.
#[test]
fn glued_cjk_text() {
    let rows: &[(&str, &[(&str, &str)])] = &[
        ("谢谢evil。com谢谢", &[("domain", "evil.com")]),
        ("请访问example.com获取", &[("domain", "example.com")]),
        ("abc例子.中国", &[("domain", "xn--fsqu00a.xn--fiqs8s")]),
        ("例子.中国abc", &[("domain", "xn--fsqu00a.xn--fiqs8s")]),
    ];
    for (t, want) in rows {
        let got: Vec<(&str, String)> = extract(t).into_iter().map(|f| (f.kind, f.value)).collect();
        let want: Vec<(&str, String)> = want.iter().map(|(k, v)| (*k, v.to_string())).collect();
        assert_eq!(got, want, "{t:?}");
    }
    let t = "abc例子.中国";
    let f = &extract_all(t)[0];
    assert_eq!(&t[f.start..f.end], "例子.中国");
}
