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
    l.replace("hxxp", "http")
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
