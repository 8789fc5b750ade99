//! RFC 3492 Punycode encoder (the `xn--` A-label of a U-label) and decoder (the Unicode form the respond
//! view shows beside an A-label), written out here rather than pulled in with a
//! crate: the `idna` crate brings the whole UTS #46 mapping and normalisation tables (tens of KB of wasm) for what
//! this engine needs, which is only the encoder over code points it has already mapped and lower-cased.
//! Labels are at most 63 characters, so the quadratic loop of the RFC costs at most 63 × 63 steps; every
//! addition is checked and an overflow refuses the label (it cannot happen below 63 characters).

const BASE: u32 = 36;
const TMIN: u32 = 1;
const TMAX: u32 = 26;
const SKEW: u32 = 38;
const DAMP: u32 = 700;
const INITIAL_BIAS: u32 = 72;
const INITIAL_N: u32 = 128;

fn adapt(mut delta: u32, numpoints: u32, first: bool) -> u32 {
    delta /= if first { DAMP } else { 2 };
    delta += delta / numpoints;
    let mut k = 0;
    while delta > ((BASE - TMIN) * TMAX) / 2 {
        delta /= BASE - TMIN;
        k += BASE;
    }
    k + (BASE - TMIN + 1) * delta / (delta + SKEW)
}

fn digit(d: u32) -> u8 {
    if d < 26 {
        b'a' + d as u8
    } else {
        b'0' + (d - 26) as u8
    }
}

/// Append the Punycode encoding of `input` (code points, already mapped) to `out`, without the `xn--` prefix.
/// Returns false on overflow (never for a label of ≤ 63 characters).
pub fn encode(input: &[u32], out: &mut Vec<u8>) -> bool {
    let mut basic = 0u32;
    for &c in input {
        if c < 0x80 {
            out.push(c as u8);
            basic += 1;
        }
    }
    if basic > 0 {
        out.push(b'-');
    }
    let total = input.len() as u32;
    let (mut n, mut delta, mut bias, mut h) = (INITIAL_N, 0u32, INITIAL_BIAS, basic);
    while h < total {
        let m = match input.iter().copied().filter(|&c| c >= n).min() {
            Some(m) => m,
            None => return false,
        };
        delta = match (m - n).checked_mul(h + 1).and_then(|d| d.checked_add(delta)) {
            Some(d) => d,
            None => return false,
        };
        n = m;
        for &c in input {
            if c < n {
                delta = match delta.checked_add(1) {
                    Some(d) => d,
                    None => return false,
                };
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        TMIN
                    } else if k >= bias + TMAX {
                        TMAX
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    out.push(digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                out.push(digit(q));
                bias = adapt(delta, h + 1, h == basic);
                delta = 0;
                h += 1;
            }
        }
        delta += 1;
        n += 1;
    }
    true
}

fn digit_value(b: u8) -> Option<u32> {
    match b {
        b'a'..=b'z' => Some(u32::from(b - b'a')),
        b'A'..=b'Z' => Some(u32::from(b - b'A')),
        b'0'..=b'9' => Some(u32::from(b - b'0') + 26),
        _ => None,
    }
}

/// The code points a Punycode string (without the `xn--` prefix) encodes; `None` when it is not
/// valid Punycode (a non-ASCII or non-digit byte, an overflow, a code point out of range). At most
/// 63 bytes are accepted (a DNS label), so the insertion loop stays small.
pub fn decode(input: &[u8]) -> Option<Vec<u32>> {
    if input.len() > 63 || !input.is_ascii() {
        return None;
    }
    let (mut out, rest): (Vec<u32>, &[u8]) = match input.iter().rposition(|&b| b == b'-') {
        Some(d) => (input[..d].iter().map(|&b| u32::from(b)).collect(), &input[d + 1..]),
        None => (Vec::new(), input),
    };
    let (mut n, mut i, mut bias) = (INITIAL_N, 0u32, INITIAL_BIAS);
    let mut p = 0;
    while p < rest.len() {
        let old = i;
        let mut w = 1u32;
        let mut k = BASE;
        loop {
            let d = digit_value(*rest.get(p)?)?;
            p += 1;
            i = i.checked_add(d.checked_mul(w)?)?;
            let t = if k <= bias {
                TMIN
            } else if k >= bias + TMAX {
                TMAX
            } else {
                k - bias
            };
            if d < t {
                break;
            }
            w = w.checked_mul(BASE - t)?;
            k += BASE;
        }
        let len = out.len() as u32 + 1;
        bias = adapt(i - old, len, old == 0);
        n = n.checked_add(i / len)?;
        i %= len;
        if char::from_u32(n).is_none() || n < INITIAL_N {
            return None;
        }
        out.insert(i as usize, n);
        i += 1;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::{decode, encode};

    fn enc(s: &str) -> String {
        let cps: Vec<u32> = s.chars().map(|c| c as u32).collect();
        let mut out = Vec::new();
        assert!(encode(&cps, &mut out));
        String::from_utf8(out).unwrap()
    }

    /// RFC 3492 section 7.1 sample strings (those without upper-case flags, which the RFC marks optional).
    #[test]
    fn rfc3492_samples() {
        let cases: &[(&str, &str)] = &[
            // (A) Arabic (Egyptian)
            ("\u{644}\u{64A}\u{647}\u{645}\u{627}\u{628}\u{62A}\u{643}\u{644}\u{645}\u{648}\u{634}\u{639}\u{631}\u{628}\u{64A}\u{61F}", "egbpdaj6bu4bxfgehfvwxn"),
            // (B) Chinese (simplified)
            ("\u{4ED6}\u{4EEC}\u{4E3A}\u{4EC0}\u{4E48}\u{4E0D}\u{8BF4}\u{4E2D}\u{6587}", "ihqwcrb4cv8a8dqg056pqjye"),
            // (E) Hebrew
            ("\u{5DC}\u{5DE}\u{5D4}\u{5D4}\u{5DD}\u{5E4}\u{5E9}\u{5D5}\u{5D8}\u{5DC}\u{5D0}\u{5DE}\u{5D3}\u{5D1}\u{5E8}\u{5D9}\u{5DD}\u{5E2}\u{5D1}\u{5E8}\u{5D9}\u{5EA}", "4dbcagdahymbxekheh6e0a7fei0b"),
            // (I) Russian (lower-cased)
            ("\u{43F}\u{43E}\u{447}\u{435}\u{43C}\u{443}\u{436}\u{435}\u{43E}\u{43D}\u{438}\u{43D}\u{435}\u{433}\u{43E}\u{432}\u{43E}\u{440}\u{44F}\u{442}\u{43F}\u{43E}\u{440}\u{443}\u{441}\u{441}\u{43A}\u{438}", "b1abfaaepdrnnbgefbadotcwatmq2g4l"),
            // (L) 3<nen>B<gumi><kinpachi><sensei>
            ("3\u{5E74}B\u{7D44}\u{91D1}\u{516B}\u{5148}\u{751F}", "3B-ww4c5e180e575a65lsy2b"),
            // (S) -> $1.00 <-
            ("-> $1.00 <-", "-> $1.00 <--"),
        ];
        for (input, want) in cases {
            assert_eq!(enc(input), *want, "{input:?}");
            let back: String = decode(want.as_bytes()).unwrap().into_iter().filter_map(char::from_u32).collect();
            assert_eq!(back, *input, "decode {want:?}");
        }
    }

    #[test]
    fn well_known_labels() {
        assert_eq!(enc("bücher"), "bcher-kva");
        assert_eq!(enc("пример"), "e1afmkfd");
        assert_eq!(enc("рф"), "p1ai");
        assert_eq!(enc("中国"), "fiqs8s");
        assert_eq!(enc("münchen"), "mnchen-3ya");
        assert_eq!(enc(""), "");
    }

    #[test]
    fn what_is_not_punycode_does_not_decode() {
        for bad in ["a-\u{e9}", "99999999999", "abc-!", &"a".repeat(64), "b-9zzzzzzzzzzzzzzzzzzzzzzzzz"] {
            assert_eq!(decode(bad.as_bytes()), None, "{bad:?}");
        }
        assert_eq!(decode(b""), Some(vec![]));
    }
}
