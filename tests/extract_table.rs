//! Data-driven table: every row of docs/extraction.md and every refang form, each wrapped in varied contexts.
use securex_respond::extract::{extract, extract_all, extract_all_without_ext_rule, Found};
use std::collections::BTreeSet;

/// (input, expected (type, value) set, expected `defanged` flag of every item)
type Row = (&'static str, &'static [(&'static str, &'static str)], bool);
const ROWS: &[Row] = &[
    // --- docs/extraction.md table ---
    ("version 1.2.3.4.5 released", &[], false),
    ("CIDR 10.0.0.0/24 blocked", &[], false),
    ("dropped app.exe then invoice.zip and setup.py, see README.md", &[], false),
    ("C2 at hxxps[:]//evil[.]com/gate.php", &[("url", "https://evil.com/gate.php"), ("domain", "evil.com")], true),
    ("visit evil[dot]com or evil(.)org or evil{.}net", &[("domain", "evil.com"), ("domain", "evil.org"), ("domain", "evil.net")], true),
    ("mail user[at]evil[.]com or user(at)evil.com", &[("email", "user@evil.com")], true),
    ("times 12:34:56 and 08:00:00 UTC", &[], false),
    ("markdown (https://evil.com/a) and https://evil.com/b.", &[("url", "https://evil.com/a"), ("url", "https://evil.com/b"), ("domain", "evil.com")], false),
    // --- every refang form ---
    ("evil[.]com", &[("domain", "evil.com")], true),
    ("evil(.)com", &[("domain", "evil.com")], true),
    ("evil{.}com", &[("domain", "evil.com")], true),
    ("evil[dot]com", &[("domain", "evil.com")], true),
    ("evil(dot)com", &[("domain", "evil.com")], true),
    ("evil[DOT]com", &[("domain", "evil.com")], true),
    ("evil . com", &[("domain", "evil.com")], true),
    ("evil [.] com", &[("domain", "evil.com")], true),
    ("evil\\.com", &[("domain", "evil.com")], true),
    ("hxxp[:]//evil.com/x", &[("url", "http://evil.com/x"), ("domain", "evil.com")], true),
    ("hxxp[://]evil.com/x", &[("url", "http://evil.com/x"), ("domain", "evil.com")], true),
    ("hxxps[://]evil.com/x", &[("url", "https://evil.com/x"), ("domain", "evil.com")], true),
    ("http://evil.com[/]x", &[("url", "http://evil.com/x"), ("domain", "evil.com")], true),
    ("hXXp://evil.com/", &[("url", "http://evil.com/"), ("domain", "evil.com")], true),
    ("hXXps://evil.com/", &[("url", "https://evil.com/"), ("domain", "evil.com")], true),
    ("hxxps://evil.com/", &[("url", "https://evil.com/"), ("domain", "evil.com")], true),
    ("user[@]evil.com", &[("email", "user@evil.com")], true),
    ("user[at]evil.com", &[("email", "user@evil.com")], true),
    ("user(at)evil.com", &[("email", "user@evil.com")], true),
    ("user [at] evil [dot] com", &[("email", "user@evil.com")], true),
    ("1.2.3[.4", &[("ip", "1.2.3.4")], true),
    ("1.2.3.]4", &[("ip", "1.2.3.4")], true),
    ("1[.]2[.]3[.]4", &[("ip", "1.2.3.4")], true),
    ("162.222.214[.]48", &[("ip", "162.222.214.48")], true),
    // --- plain forms and decisions ---
    ("1.2.3.4", &[("ip", "1.2.3.4")], false),
    ("1.2.3.4:8080", &[("ip", "1.2.3.4")], false),
    ("evil.com/gate.php", &[("domain", "evil.com")], false),
    ("evil.com.notatld", &[], false),
    ("Sub.Evil.Com", &[("domain", "sub.evil.com")], false),
    ("SUB.EVIL.COM", &[("domain", "sub.evil.com")], false),
    // ESET detection names: an upper-case TLD after lower-case letters is not a host (documented rule).
    ("MSIL/Pterodo.CA and Agent.AD", &[], false),
    ("http://user:pw@evil.com:8080/p?q=1#f", &[("url", "http://user:pw@evil.com:8080/p?q=1#f"), ("domain", "evil.com")], false),
    ("http://1.2.3.4/x", &[("url", "http://1.2.3.4/x"), ("ip", "1.2.3.4")], false),
    ("http://[2001:db8::1]:8080/x", &[("url", "http://[2001:db8::1]:8080/x"), ("ipv6", "2001:db8::1")], false),
    ("2001:db8::1", &[("ipv6", "2001:db8::1")], false),
    ("2001:0db8:0000:0000:0000:ff00:0042:8329", &[("ipv6", "2001:0db8:0000:0000:0000:ff00:0042:8329")], false),
    ("::ffff:192.0.2.1", &[("ipv6", "::ffff:192.0.2.1")], false),
    ("00:11:22:AA:BB:CC", &[("mac_address", "00:11:22:aa:bb:cc")], false),
    ("00-11-22-aa-bb-cc", &[("mac_address", "00:11:22:aa:bb:cc")], false),
    ("0011.22aa.bbcc", &[("mac_address", "00:11:22:aa:bb:cc")], false),
    ("d41d8cd98f00b204e9800998ecf8427e", &[("md5", "d41d8cd98f00b204e9800998ecf8427e")], false),
    ("DA39A3EE5E6B4B0D3255BFEF95601890AFD80709", &[("sha1", "da39a3ee5e6b4b0d3255bfef95601890afd80709")], false),
    (
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        &[("sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")],
        false,
    ),
    ("d41d8cd98f00b204e9800998ecf8427e.exe", &[("md5", "d41d8cd98f00b204e9800998ecf8427e")], false),
    ("evil[.]zip", &[("domain", "evil.zip")], true),
    ("www.setup.py", &[("domain", "www.setup.py")], false),
    ("https://evil.zip/a", &[("url", "https://evil.zip/a"), ("domain", "evil.zip")], false),
    ("Win32/Sednit.AF", &[], false),
    ("C:\\Windows\\Microsoft.NET\\Framework", &[], false),
    ("xyz.onion", &[("domain", "xyz.onion")], false),
    ("rev.opentransfer.com.59.247.18.71.in-addr.arpa", &[("domain", "rev.opentransfer.com.59.247.18.71.in-addr.arpa")], false),
    ("mailto:user@evil.com", &[("email", "user@evil.com")], false),
    ("the end . Next", &[], false),
    ("[...] and (.) and [.]", &[], false),
    // --- issue 24.1: IPv6 and MACs next to punctuation or a label ---
    ("..2001:db8::1", &[("ipv6", "2001:db8::1")], false),
    ("ping!@2001:db8::1", &[("ipv6", "2001:db8::1")], false),
    ("user@[IPv6:2001:db8::1]", &[("ipv6", "2001:db8::1")], false),
    ("ipv6:2001:db8::1", &[("ipv6", "2001:db8::1")], false),
    ("IPv6:2001:DB8::1", &[("ipv6", "2001:db8::1")], false),
    ("C2:2001:db8::1", &[("ipv6", "2001:db8::1")], false),
    ("c2:2001:db8::1", &[("ipv6", "2001:db8::1")], false),
    ("C2:2001:0db8:0000:0000:0000:ff00:0042:8329", &[("ipv6", "2001:0db8:0000:0000:0000:ff00:0042:8329")], false),
    ("64:ff9b::192.0.2.1", &[("ipv6", "64:ff9b::192.0.2.1")], false),
    ("fe80::1:2", &[("ipv6", "fe80::1:2")], false),
    ("MAC:00:1A:2B:3C:4D:5E", &[("mac_address", "00:1a:2b:3c:4d:5e")], false),
    ("mac:00-1a-2b-3c-4d-5e", &[("mac_address", "00:1a:2b:3c:4d:5e")], false),
    ("HWaddr 00:1A:2B:3C:4D:5E", &[("mac_address", "00:1a:2b:3c:4d:5e")], false),
    ("DA:00:1a:2b:3c:4d:5e", &[("mac_address", "00:1a:2b:3c:4d:5e")], false),
    // a hex dump stays no address: 2-digit groups, one case
    ("de:ad:be:ef:00:11:22", &[], false),
    ("[[http://evil.com/a|Evil]]", &[("url", "http://evil.com/a"), ("domain", "evil.com")], false),
    // --- issue 24.2: hashes inside URLs, besides the URL ---
    (
        "https://www.virustotal.com/gui/file/e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855/detection",
        &[
            ("url", "https://www.virustotal.com/gui/file/e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855/detection"),
            ("domain", "www.virustotal.com"),
            ("sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ],
        false,
    ),
    (
        "https://sandbox.example.com/report?hash=D41D8CD98F00B204E9800998ECF8427E&tab=net",
        &[
            ("url", "https://sandbox.example.com/report?hash=D41D8CD98F00B204E9800998ECF8427E&tab=net"),
            ("domain", "sandbox.example.com"),
            ("md5", "d41d8cd98f00b204e9800998ecf8427e"),
        ],
        false,
    ),
    (
        "hxxps://bazaar.abuse[.]ch/sample/da39a3ee5e6b4b0d3255bfef95601890afd80709/",
        &[
            ("url", "https://bazaar.abuse.ch/sample/da39a3ee5e6b4b0d3255bfef95601890afd80709/"),
            ("domain", "bazaar.abuse.ch"),
            ("sha1", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        ],
        true,
    ),
    // not 32/40/64 hex digits, or all decimal: no hash
    (
        "https://evil.com/d41d8cd98f00b204e9800998ecf8427e0/12345678901234567890123456789012",
        &[("url", "https://evil.com/d41d8cd98f00b204e9800998ecf8427e0/12345678901234567890123456789012"), ("domain", "evil.com")],
        false,
    ),
    // --- issue 24.3: hosts never shortened, nothing glued ---
    ("_jabber._tcp.example.com", &[("domain", "_jabber._tcp.example.com")], false),
    ("_dmarc.example.com", &[("domain", "_dmarc.example.com")], false),
    ("in italics _evil.com_ here", &[("domain", "evil.com")], false),
    ("bar.COM", &[("domain", "bar.com")], false),
    ("Bar.Com and BAR.COM", &[("domain", "bar.com")], false),
    ("-----foo@bar.com", &[("email", "foo@bar.com")], false),
    ("https://example.com?", &[("url", "https://example.com"), ("domain", "example.com")], false),
    ("https://example.com/a?", &[("url", "https://example.com/a"), ("domain", "example.com")], false),
    ("++http://evil.com/a++", &[("url", "http://evil.com/a"), ("domain", "evil.com")], false),
    ("+++http://evil.com/a.+++", &[("url", "http://evil.com/a"), ("domain", "evil.com")], false),
    ("**http://evil.com/a**", &[("url", "http://evil.com/a"), ("domain", "evil.com")], false),
    ("__http://evil.com/a__", &[("url", "http://evil.com/a"), ("domain", "evil.com")], false),
    ("__http://evil.com__", &[("url", "http://evil.com"), ("domain", "evil.com")], false),
    ("~~http://evil.com/a~~", &[("url", "http://evil.com/a"), ("domain", "evil.com")], false),
    ("[[http://evil.com/a]]", &[("url", "http://evil.com/a"), ("domain", "evil.com")], false),
    ("http://evil.com/a++b", &[("url", "http://evil.com/a++b"), ("domain", "evil.com")], false),
    // --- issue 24.4: borderline conventions (docs/extraction.md, "Conventions") ---
    ("018.12.15.14", &[("ip", "18.12.15.14")], false),
    ("192.168.001.010", &[("ip", "192.168.1.10")], false),
    ("0177.0.0.1", &[], false),
    ("http://010.8.8.8/x", &[("url", "http://010.8.8.8/x"), ("ip", "10.8.8.8")], false),
    ("tcp://1.2.3.4:4444", &[("ip", "1.2.3.4")], false),
    ("udp://evil.com:53", &[("domain", "evil.com")], false),
    ("h**p://evil.com/a", &[("url", "http://evil.com/a"), ("domain", "evil.com")], true),
    ("h**ps://evil.com/a", &[("url", "https://evil.com/a"), ("domain", "evil.com")], true),
    ("hxxps://evil.com/a", &[("url", "https://evil.com/a"), ("domain", "evil.com")], true),
    ("fxp://evil.com/a", &[("url", "ftp://evil.com/a"), ("domain", "evil.com")], true),
    ("evil[ . ]com", &[("domain", "evil.com")], true),
    ("evil( . )com", &[("domain", "evil.com")], true),
    ("evil[ dot ]com", &[("domain", "evil.com")], true),
    ("user[ at ]evil.com", &[("email", "user@evil.com")], true),
    ("user @ evil.com", &[("domain", "evil.com")], false),
    ("evil dot com", &[], false),
    ("evil.com/gate.php", &[("domain", "evil.com")], false),
];

const CONTEXTS: &[(&str, &str)] = &[
    ("", ""),
    ("x ", " y"),
    ("\t", "\n"),
    ("\n", "."),
    ("(", ")"),
    ("\"", "\""),
    ("'", "',"),
    ("<td>", "</td>"),
    ("<p>see: ", "; </p>"),
    ("« ", " »"),
    ("\u{200f}", "\u{200f}"),
];

/// Test-side refang used to check that offsets slice back to the source span.
fn refang(s: &str) -> String {
    let mut t = s.to_string();
    for (a, b) in [
        (" [.] ", "."),
        ("[ . ]", "."),
        ("( . )", "."),
        ("[ dot ]", "."),
        ("[ at ]", "@"),
        ("[.]", "."),
        ("(.)", "."),
        ("{.}", "."),
        ("[dot]", "."),
        ("(dot)", "."),
        ("[DOT]", "."),
        (" [dot] ", "."),
        (" . ", "."),
        ("\\.", "."),
        ("[://]", "://"),
        ("[:]", ":"),
        ("[/]", "/"),
        ("[@]", "@"),
        (" [at] ", "@"),
        ("[at]", "@"),
        ("(at)", "@"),
        ("[.", "."),
        (".]", "."),
    ] {
        t = t.replace(a, b);
    }
    let l = t.to_ascii_lowercase();
    l.replace("hxxp", "http").replace("h**p", "http").replace("fxp", "ftp")
}

fn set(found: &[Found]) -> BTreeSet<(String, String)> {
    found.iter().map(|f| (f.kind.to_string(), f.value.clone())).collect()
}

#[test]
fn table_in_every_context() {
    let mut cases = 0;
    for (input, expected, defanged) in ROWS {
        let want: BTreeSet<(String, String)> = expected.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        for (pre, post) in CONTEXTS {
            let text = format!("{pre}{input}{post}");
            let got = extract(&text);
            assert_eq!(set(&got), want, "input {text:?}: {got:#?}");
            for f in extract_all(&text) {
                let span = &text[f.start..f.end];
                assert_eq!(f.defanged, *defanged && span != refang(span), "{text:?} {f:?}");
                if f.kind == "mac_address" {
                    let hex = |x: &str| x.chars().filter(|c| c.is_ascii_hexdigit()).collect::<String>().to_lowercase();
                    assert_eq!(hex(span), hex(&f.value));
                } else if f.kind == "ip" {
                    // zero-padded octets are written without their leading zeros
                    let oct = |x: &str| {
                        x.split('.')
                            .map(|o| o.trim_start_matches('0').to_string())
                            .map(|o| if o.is_empty() { "0".into() } else { o })
                            .collect::<Vec<_>>()
                            .join(".")
                    };
                    assert_eq!(oct(&refang(span)), f.value, "{text:?} {f:?}");
                } else if f.kind != "url" {
                    assert_eq!(refang(span), f.value.to_ascii_lowercase(), "{text:?} {f:?}");
                } else {
                    assert!(refang(span).ends_with(&f.value.to_ascii_lowercase()[f.value.find("://").unwrap()..]), "{text:?} {f:?}");
                }
            }
            cases += 1;
        }
    }
    assert_eq!(cases, ROWS.len() * CONTEXTS.len());
}

#[test]
fn dedup_keeps_first_and_order() {
    let t = "b.com a.com b.com 1.2.3.4 a.com";
    let d = extract(t);
    assert_eq!(d.iter().map(|f| f.value.as_str()).collect::<Vec<_>>(), ["b.com", "a.com", "1.2.3.4"]);
    assert_eq!(d[0].start, 0);
    assert_eq!(extract_all(t).len(), 5);
}

fn data(path: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/data/{path}", env!("CARGO_MANIFEST_DIR"))).expect("tests/data")
}

/// The ioc-fanger pair: the fanged text is what refanging the defanged one gives, so the observables match.
#[test]
fn ioc_fanger_pair_matches() {
    let d = set(&extract(&data("ioc-fanger/sample_text_defanged.txt")));
    let f = set(&extract(&data("ioc-fanger/sample_text_fanged.txt")));
    let only_d: Vec<_> = d.difference(&f).collect();
    let only_f: Vec<_> = f.difference(&d).collect();
    assert!(only_d.is_empty() && only_f.is_empty(), "only defanged: {only_d:?}\nonly fanged: {only_f:?}");
    assert!(d.len() > 500, "{}", d.len());
    // Every item found in the defanged text that is not a hash came from a defanged span.
    for x in extract_all(&data("ioc-fanger/sample_text_defanged.txt")) {
        if !matches!(x.kind, "md5" | "sha1" | "sha256") {
            assert!(x.defanged, "{x:?}");
        }
    }
}

/// The file-extension rule measured on the ESET corpus: the names it suppresses are never confirmed as hosts
/// elsewhere in the corpus (as a URL host or in defanged form).
#[test]
fn ext_rule_tradeoff() {
    let text = data("eset-malware-ioc/write-ups.adoc");
    let with = set(&extract(&text));
    let all_without = extract_all_without_ext_rule(&text);
    let without = set(&all_without);
    let suppressed: Vec<_> = without.difference(&with).collect();
    assert!(with.is_subset(&without));
    let confirmed: BTreeSet<String> =
        extract_all(&text).into_iter().filter(|f| f.kind == "domain" && (f.defanged || text[..f.start].ends_with("//"))).map(|f| f.value).collect();
    let lost: Vec<_> = suppressed.iter().filter(|(_, v)| confirmed.contains(v)).collect();
    assert!(lost.is_empty(), "suppressed names that are hosts elsewhere: {lost:?}");
    eprintln!("ext rule: {} names suppressed, 0 confirmed hosts lost; {} unique observables kept", suppressed.len(), with.len());
    assert!(suppressed.len() > 100, "{}", suppressed.len());
}

/// (input, every item of `extract` in order: (type, value, unwrappedFrom)). Examples written from each gateway's
/// documented format (docs/extraction.md, "Rewritten links").
type Unwrap = (&'static str, &'static [(&'static str, &'static str, Option<&'static str>)]);
const UNWRAP: &[Unwrap] = &[
    // Microsoft Defender Safe Links: the target percent-encoded in `url=`.
    (
        "https://eur02.safelinks.protection.outlook.com/?url=https%3A%2F%2Fevil.com%2Finvoice%3Fid%3D7&data=05%7C01%7Cx%40corp.example&sdata=abc%3D&reserved=0",
        &[
            ("url", "https://evil.com/invoice?id=7", Some("safe-links")),
            ("domain", "evil.com", Some("safe-links")),
            (
                "url",
                "https://eur02.safelinks.protection.outlook.com/?url=https%3A%2F%2Fevil.com%2Finvoice%3Fid%3D7&data=05%7C01%7Cx%40corp.example&sdata=abc%3D&reserved=0",
                None,
            ),
            ("domain", "eur02.safelinks.protection.outlook.com", None),
        ],
    ),
    // Proofpoint v1: percent-encoded `u=`.
    (
        "https://urldefense.proofpoint.com/v1/url?u=http%3A%2F%2Fevil.com%2Fa&k=abc%3D%0A&r=x",
        &[
            ("url", "http://evil.com/a", Some("proofpoint-v1")),
            ("domain", "evil.com", Some("proofpoint-v1")),
            ("url", "https://urldefense.proofpoint.com/v1/url?u=http%3A%2F%2Fevil.com%2Fa&k=abc%3D%0A&r=x", None),
            ("domain", "urldefense.proofpoint.com", None),
        ],
    ),
    // Proofpoint v2: percent-encoded, then `%` → `-` and `/` → `_` (a real `-` is `-2D`, a real `_` is `-5F`).
    (
        "https://urldefense.proofpoint.com/v2/url?u=https-3A__my-2Devil.com_dl_a-5Fb.php-3Fid-3D7-26k-3D1&d=DwMFaQ&c=euGZstcaTDllvimEN8b7jXrwqOf-v5A_CdpgnVfiiMM&r=abc&m=def&s=ghi&e=",
        &[
            ("url", "https://my-evil.com/dl/a_b.php?id=7&k=1", Some("proofpoint-v2")),
            ("domain", "my-evil.com", Some("proofpoint-v2")),
            (
                "url",
                "https://urldefense.proofpoint.com/v2/url?u=https-3A__my-2Devil.com_dl_a-5Fb.php-3Fid-3D7-26k-3D1&d=DwMFaQ&c=euGZstcaTDllvimEN8b7jXrwqOf-v5A_CdpgnVfiiMM&r=abc&m=def&s=ghi&e=",
                None,
            ),
            ("domain", "urldefense.proofpoint.com", None),
        ],
    ),
    // Proofpoint v3: `*` stands for one character, `**A` for a run of two (`**B` three, …); the characters, in
    // order, are the base64url text after `__;` (`Jg` is `&`, `Pz0mJg` is `?=&&`).
    (
        "https://urldefense.com/v3/__https://evil.com/login.php?user=a*b__;Jg!!ABCDEF!ghijKL$",
        &[
            ("url", "https://evil.com/login.php?user=a&b", Some("proofpoint-v3")),
            ("domain", "evil.com", Some("proofpoint-v3")),
            ("url", "https://urldefense.com/v3/__https://evil.com/login.php?user=a*b__;Jg!!ABCDEF!ghijKL$", None),
            ("domain", "urldefense.com", None),
        ],
    ),
    (
        "https://urldefense.com/v3/__https://evil.com/a*b*c**Ad__;Pz0mJg!!ABCDEF$",
        &[
            ("url", "https://evil.com/a?b=c&&d", Some("proofpoint-v3")),
            ("domain", "evil.com", Some("proofpoint-v3")),
            ("url", "https://urldefense.com/v3/__https://evil.com/a*b*c**Ad__;Pz0mJg!!ABCDEF$", None),
            ("domain", "urldefense.com", None),
        ],
    ),
    // Mimecast: only the host is recoverable.
    (
        "https://protect-eu.mimecast.com/s/AbCdEfGhIjK1?domain=evil.com",
        &[
            ("domain", "evil.com", Some("mimecast")),
            ("url", "https://protect-eu.mimecast.com/s/AbCdEfGhIjK1?domain=evil.com", None),
            ("domain", "protect-eu.mimecast.com", None),
        ],
    ),
    // Cisco Secure Email: `/<token>/<percent-encoded target>`.
    (
        "https://secure-web.cisco.com/1AbC-dEf_GhI2jK/https%3A%2F%2Fevil.com%2Fpayload.bin",
        &[
            ("url", "https://evil.com/payload.bin", Some("cisco-secure-email")),
            ("domain", "evil.com", Some("cisco-secure-email")),
            ("url", "https://secure-web.cisco.com/1AbC-dEf_GhI2jK/https%3A%2F%2Fevil.com%2Fpayload.bin", None),
            ("domain", "secure-web.cisco.com", None),
        ],
    ),
    // Google's redirector, encoded or not.
    (
        "https://www.google.com/url?q=https://evil.com/a&sa=D&source=editors",
        &[
            ("url", "https://evil.com/a", Some("google-redirect")),
            ("domain", "evil.com", Some("google-redirect")),
            ("url", "https://www.google.com/url?q=https://evil.com/a&sa=D&source=editors", None),
            ("domain", "www.google.com", None),
        ],
    ),
    (
        "https://www.google.co.uk/url?sa=t&url=http%3A%2F%2F203.0.113.9%2Fx",
        &[
            ("url", "http://203.0.113.9/x", Some("google-redirect")),
            ("ip", "203.0.113.9", Some("google-redirect")),
            ("url", "https://www.google.co.uk/url?sa=t&url=http%3A%2F%2F203.0.113.9%2Fx", None),
            ("domain", "www.google.co.uk", None),
        ],
    ),
    // A Safe Link to a VirusTotal report: the hash comes out too.
    (
        "https://nam12.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.virustotal.com%2Fgui%2Ffile%2Fd41d8cd98f00b204e9800998ecf8427e&data=x",
        &[
            ("url", "https://www.virustotal.com/gui/file/d41d8cd98f00b204e9800998ecf8427e", Some("safe-links")),
            ("domain", "www.virustotal.com", Some("safe-links")),
            ("md5", "d41d8cd98f00b204e9800998ecf8427e", Some("safe-links")),
            ("url", "https://nam12.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.virustotal.com%2Fgui%2Ffile%2Fd41d8cd98f00b204e9800998ecf8427e&data=x", None),
            ("domain", "nam12.safelinks.protection.outlook.com", None),
        ],
    ),
    // Nested: Safe Links around Proofpoint v2 around Google: innermost target first.
    (
        "https://eur02.safelinks.protection.outlook.com/?url=https%3A%2F%2Furldefense.proofpoint.com%2Fv2%2Furl%3Fu%3Dhttps-3A__www.google.com_url-3Fq-3Dhttps-253A-252F-252Fevil.com-252Fa%26d%3DDw&data=1",
        &[
            ("url", "https://evil.com/a", Some("google-redirect")),
            ("domain", "evil.com", Some("google-redirect")),
            ("url", "https://www.google.com/url?q=https%3A%2F%2Fevil.com%2Fa", Some("proofpoint-v2")),
            ("domain", "www.google.com", Some("proofpoint-v2")),
            ("url", "https://urldefense.proofpoint.com/v2/url?u=https-3A__www.google.com_url-3Fq-3Dhttps-253A-252F-252Fevil.com-252Fa&d=Dw", Some("safe-links")),
            ("domain", "urldefense.proofpoint.com", Some("safe-links")),
            (
                "url",
                "https://eur02.safelinks.protection.outlook.com/?url=https%3A%2F%2Furldefense.proofpoint.com%2Fv2%2Furl%3Fu%3Dhttps-3A__www.google.com_url-3Fq-3Dhttps-253A-252F-252Fevil.com-252Fa%26d%3DDw&data=1",
                None,
            ),
            ("domain", "eur02.safelinks.protection.outlook.com", None),
        ],
    ),
    // Undecodable wrappers stay plain URLs: no `url=`, a v3 link short of replacement characters, a Mimecast
    // link without `domain=`, a redirect to something that is not a URL.
    (
        "https://eur02.safelinks.protection.outlook.com/?data=05",
        &[("url", "https://eur02.safelinks.protection.outlook.com/?data=05", None), ("domain", "eur02.safelinks.protection.outlook.com", None)],
    ),
    (
        "https://urldefense.com/v3/__https://evil.com/a*b__;!!ABCDEF$",
        &[("url", "https://urldefense.com/v3/__https://evil.com/a*b__;!!ABCDEF$", None), ("domain", "urldefense.com", None)],
    ),
    (
        "https://protect-us.mimecast.com/s/AbCd?x=1",
        &[("url", "https://protect-us.mimecast.com/s/AbCd?x=1", None), ("domain", "protect-us.mimecast.com", None)],
    ),
    (
        "https://www.google.com/url?q=javascript:alert(1)",
        &[("url", "https://www.google.com/url?q=javascript:alert(1)", None), ("domain", "www.google.com", None)],
    ),
];

#[test]
fn gateways_unwrapped_target_first() {
    for (input, want) in UNWRAP {
        for (pre, post) in [("", ""), ("Link: <", ">"), ("see ", ". Thanks"), ("(", ")")] {
            let text = format!("{pre}{input}{post}");
            let got = extract(&text);
            let got3: Vec<(&str, &str, Option<&str>)> = got.iter().map(|f| (f.kind, f.value.as_str(), f.unwrapped_from.map(|g| g.as_str()))).collect();
            assert_eq!(got3, want.to_vec(), "{text:?}");
            // An unwrapped item's span is the wrapper's (the outermost URL written in the text).
            let wrapper = got.iter().find(|f| f.kind == "url" && f.unwrapped_from.is_none()).unwrap();
            for f in got.iter().filter(|f| f.unwrapped_from.is_some()) {
                assert_eq!((f.start, f.end), (wrapper.start, wrapper.end), "{text:?} {f:?}");
            }
        }
    }
}

/// Nesting stops after three levels: a fourth wrapper's target is not decoded (it stays the third's target URL).
#[test]
fn unwrapping_is_bounded() {
    fn google(u: &str) -> String {
        let enc: String = u.bytes().map(|c| if c.is_ascii_alphanumeric() || c == b'.' { (c as char).to_string() } else { format!("%{c:02X}") }).collect();
        format!("https://www.google.com/url?q={enc}")
    }
    let mut u = "https://evil.com/a".to_string();
    for _ in 0..4 {
        u = google(&u);
    }
    let got = extract(&u);
    let unwrapped: Vec<_> = got.iter().filter(|f| f.unwrapped_from.is_some() && f.kind == "url").collect();
    assert_eq!(unwrapped.len(), 3, "{got:#?}");
    assert!(!got.iter().any(|f| f.value == "https://evil.com/a"), "{got:#?}");
}

/// The JavaScript shape: `unwrappedFrom` only on unwrapped items.
#[test]
fn unwrapped_from_serialises_as_camel_case_and_only_when_set() {
    let got = extract("https://www.google.com/url?q=https%3A%2F%2Fevil.com%2F");
    let json = serde_json::to_string(&got).unwrap();
    assert!(json.contains(r#""value":"https://evil.com/","start":0"#), "{json}");
    assert_eq!(json.matches(r#""unwrappedFrom":"google-redirect""#).count(), 2, "{json}");
    assert_eq!(json.matches("unwrappedFrom").count(), 2, "{json}");
}

/// Regression: a hash in a wrapper's path must not hide the wrapper's host from the unwrapping.
#[test]
fn wrapper_with_a_hash_in_its_path_is_unwrapped() {
    let got = extract("https://www.google.com/url?q=https://evil.com/x&h=d41d8cd98f00b204e9800998ecf8427e");
    assert!(got.iter().any(|f| f.value == "https://evil.com/x" && f.unwrapped_from.is_some_and(|g| g == "google-redirect")), "{got:#?}");
    assert!(got.iter().any(|f| f.kind == "md5" && f.unwrapped_from.is_none()), "{got:#?}");
}
