//! Linearity without wall-clock assertions: the scanner's work counter (bytes visited by every pass) must grow
//! proportionally on 1×/4×/16× adversarial inputs. Timing is left to `cargo xtask bench`.
use securex_respond::extract::{extract_all, work_units};

/// Adversarial generators: one unit of each (repeated `k` times to scale).
pub const UNITS: &[(&str, &str)] = &[
    ("dotted labels", "a."),
    ("dotted digits", "1."),
    ("at-dot run", "@."),
    ("at run", "a@"),
    ("local@domain chain", "a.b@c.com@"),
    ("bracket dots", "[.]"),
    ("defanged labels", "a[.]"),
    ("lone brackets", "1[.1.]"),
    ("hex colon", "0:"),
    ("double colon", "a::"),
    ("scheme chain", "http://"),
    ("url no spaces", "http://a.com/x?"),
    ("emails glued", "x@x.com"),
    ("hxxp chain", "hxxp[:]//a[.]com"),
    ("spaced dots", "a . "),
    ("hash-like", "0123456789abcdef"),
    // hashes inside URLs and rewritten links (issue 24): one URL the length of the input, decoded up to 3 levels
    ("hashes in a url path", "http://a.com/0123456789abcdef0123456789abcdef/"),
    ("hash-like url query", "http://a.com/?h=0123456789abcdef&"),
    // one wrapper the length of the input: longer than `MAX_WRAPPER`, a plain URL
    ("redirect chain", "https://www.google.com/url?q="),
    ("encoded redirect chain", "https://www.google.com/url?q=https%3A%2F%2Fwww.google.com%2Furl%3Fq%3D"),
    ("safe links chain", "https://eu1.safelinks.protection.outlook.com/?url="),
    ("proofpoint v2 chain", "https://urldefense.proofpoint.com/v2/url?u=https-3A__urldefense.proofpoint.com_v2_url-3Fu-3D"),
    ("proofpoint v3 stars", "https://urldefense.com/v3/__https://a.com/**A*__;"),
    ("proofpoint v3 runs", "https://urldefense.com/v3/__https://a.com/a__;Pz0mJgPz0mJg!!"),
    ("cisco chain", "https://secure-web.cisco.com/t/"),
    // many wrappers, each decoded: nested four deep (three decoded), and one of each gateway
    (
        "nested wrappers",
        "https://www.google.com/url?q=https://www.google.com/url?q=https://www.google.com/url?q=https://www.google.com/url?q=https://a.com/0123456789abcdef0123456789abcdef \n",
    ),
    ("safe links", "https://eu1.safelinks.protection.outlook.com/?url=https%3A%2F%2Fa.com%2F0123456789abcdef0123456789abcdef&data=1 "),
    ("proofpoint v2", "https://urldefense.proofpoint.com/v2/url?u=https-3A__a.com_x-3Fa-3D1-26b-3D2&d=D "),
    ("proofpoint v3", "https://urldefense.com/v3/__https://a.com/**Aa*b*c__;Pz0mJg!!A$ "),
    ("cisco", "https://secure-web.cisco.com/t/https%3A%2F%2Fa.com%2Fx "),
    ("mimecast", "https://protect-eu.mimecast.com/s/x?domain=a.com&b=1 "),
    ("spaced brackets", "a[ . ]"),
    ("star defang", "h**p://a.com "),
    // real pages (phase 0): chains of odd dots and Unicode labels, zero-width runs, long non-ASCII words
    ("odd-dot labels", "a。"),
    ("odd-dot digits", "1｡"),
    ("unicode labels", "ü."),
    ("cyrillic chain", "пример."),
    ("cjk chain", "例子。"),
    ("unicode tld chain", "a.рф"),
    ("fullwidth chain", "ｅ．"),
    ("zero-width in word", "a\u{200b}"),
    ("zero-width run", "\u{200b}"),
    ("soft hyphens", "ab\u{ad}."),
    ("zero-width + dot", "a\u{200b}.\u{feff}"),
    ("cyrillic prose", "слово "),
    ("cyrillic word", "слово"),
    ("cjk prose", "谢谢你的帮助，"),
    ("thai zwsp prose", "ภาษา\u{200b}ไทย\u{200b}"),
    ("joiners", "क्\u{200d}"),
    ("odd at", "a＠"),
    ("mixed glue", "a例。"),
];

#[test]
fn work_grows_linearly() {
    let base = 16 * 1024;
    for (name, unit) in UNITS {
        let reps = base / unit.len() + 1;
        let w: Vec<f64> = [1usize, 4, 16].iter().map(|k| work_units(&unit.repeat(reps * k)) as f64 / (unit.len() * reps * k) as f64).collect();
        // Work per input byte stays flat (within 10 %), and bounded by a small constant.
        assert!(w[2] <= w[0] * 1.1 + 0.01 && w[1] <= w[0] * 1.1 + 0.01, "{name}: work/byte {w:?}");
        assert!(w[2] < 12.0, "{name}: work/byte {w:?}");
        // and the extraction itself completes (release builds do 16 MB of these in well under a second)
        let _ = extract_all(&unit.repeat(reps));
    }
}
