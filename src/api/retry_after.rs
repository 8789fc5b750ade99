//! The `Retry-After` header of a 429 (contract §6, rate limits): delay-seconds, or an HTTP-date
//! in the IMF-fixdate form, parsed here rather than by a crate (a whole date library for one
//! header cost wasm size).

/// Seconds to wait, from a `Retry-After` value: `120`, `120s`, `1.5` (rounded up), or an
/// IMF-fixdate read against `now_ms` (milliseconds since the Unix epoch; a date already past
/// gives 0). Anything else gives `None`.
pub(crate) fn retry_after_seconds(value: &str, now_ms: f64) -> Option<u64> {
    let v = value.trim();
    let digits = v.strip_suffix('s').unwrap_or(v).trim();
    if let Ok(n) = digits.parse::<u64>() {
        return Some(n);
    }
    if let Some(f) = decimal(digits) {
        if f.is_finite() && f >= 0.0 {
            return Some(f.ceil() as u64);
        }
    }
    let when_ms = imf_fixdate_seconds(v)? as f64 * 1000.0;
    Some(((when_ms - now_ms) / 1000.0).ceil().max(0.0) as u64)
}

/// A decimal number in the syntax `str::parse::<f64>` takes (sign, digits with an optional point,
/// exponent; not `inf`/`nan`, which the caller would refuse anyway), read without the standard
/// library's float parser, whose tables cost the wasm module 14 KB. Exactly its value when the
/// digits (at most 19 kept) fit in 53 bits and the power of ten is at most 22 (every delay a server
/// sends); beyond that within an ulp or so, which rounding up to whole seconds does not see.
pub(crate) fn decimal(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let negative = b.first() == Some(&b'-');
    let (mut m, mut e10, mut digits, mut kept, mut exact) = (0u64, 0i64, 0usize, 0usize, true);
    let mut point = false;
    while i < b.len() {
        match b[i] {
            b'0'..=b'9' => {
                digits += 1;
                let d = u64::from(b[i] - b'0');
                if kept < 19 && (m > 0 || d > 0) {
                    m = m * 10 + d;
                    kept += 1;
                    e10 -= i64::from(point);
                } else if m > 0 || d > 0 {
                    exact &= d == 0;
                    e10 += i64::from(!point);
                } else {
                    e10 -= i64::from(point);
                }
            }
            b'.' if !point => point = true,
            _ => break,
        }
        i += 1;
    }
    if digits == 0 {
        return None;
    }
    if i < b.len() {
        if !matches!(b[i], b'e' | b'E') {
            return None;
        }
        i += 1;
        let sign = if matches!(b.get(i), Some(b'-')) { -1 } else { 1 };
        i += usize::from(matches!(b.get(i), Some(b'+' | b'-')));
        let exp = &b[i.min(b.len())..];
        if exp.is_empty() || !exp.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let x = exp.iter().fold(0i64, |x, d| (x * 10 + i64::from(d - b'0')).min(1 << 20));
        e10 += sign * x;
    }
    let v = if m == 0 {
        0.0
    } else if exact && m < 1 << 53 && (-22..=22).contains(&e10) {
        // One correctly rounded operation on two exact values: the float nearest to the text.
        let p = (0..e10.unsigned_abs()).fold(1.0f64, |p, _| p * 10.0);
        if e10 < 0 {
            m as f64 / p
        } else {
            m as f64 * p
        }
    } else {
        let v = m as f64 * 10f64.powi(e10.clamp(-400, 400) as i32);
        // Below the normal range `powi` gives 0 where the text is still a positive subnormal
        // (1e-320): kept positive, so that it still rounds up to a second.
        let log10 = kept as i64 - 1 + e10;
        if v == 0.0 && (log10 > -324 || (log10 == -324 && m as f64 / 10f64.powi(kept as i32 - 1) > 2.470_328_229_206_232_7)) {
            f64::from_bits(1)
        } else {
            v
        }
    };
    Some(if negative { -v } else { v })
}

/// Seconds since the Unix epoch of an HTTP-date in the IMF-fixdate form servers must send
/// (RFC 9110 §5.6.7): `Sun, 06 Nov 1994 08:49:37 GMT`. Other (obsolete) forms give `None`.
fn imf_fixdate_seconds(s: &str) -> Option<i64> {
    let rest = s.split_once(", ")?.1;
    let mut parts = rest.split(' ');
    let (day, month, year, time, zone) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    if zone != "GMT" || parts.next().is_some() || day.len() != 2 || year.len() != 4 {
        return None;
    }
    let num = |t: &str| -> Option<i64> { t.bytes().all(|b| b.is_ascii_digit()).then(|| t.parse().ok()).flatten() };
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let m = MONTHS.iter().position(|x| *x == month)? as i64 + 1;
    let (d, y) = (num(day)?, num(year)?);
    let mut hms = time.split(':');
    let (h, mi, se) = (num(hms.next()?)?, num(hms.next()?)?, num(hms.next()?)?);
    if hms.next().is_some() || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 60 {
        return None;
    }
    Some(super::time::days_from_civil(y, m, d) * 86_400 + h * 3600 + mi * 60 + se)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delay_seconds() {
        assert_eq!(retry_after_seconds("3557", 0.0), Some(3557));
        assert_eq!(retry_after_seconds(" 12s ", 0.0), Some(12));
        assert_eq!(retry_after_seconds("1.5", 0.0), Some(2));
        assert_eq!(retry_after_seconds("soon", 0.0), None);
        assert_eq!(retry_after_seconds("-3", 0.0), None);
    }

    /// [`decimal`] reads what `str::parse::<f64>` reads, to the same value where it is exact,
    /// and refuses what it refuses (`inf` and `nan` aside: refused here, not finite there).
    #[test]
    fn decimal_agrees_with_std() {
        let cases = [
            "0",
            "-0",
            "+0",
            "1.5",
            "-1.5",
            "+2.25",
            ".5",
            "5.",
            "0.000",
            "007.50",
            "1e3",
            "1E+3",
            "2.5e-1",
            "12e0",
            "0.1",
            "0.2",
            "0.30000000000000004",
            "123456789.123456789",
            "9007199254740993",
            "4503599627370496.5",
            "1e22",
            "1e-22",
            "3.0000001",
            "86400",
            "1.0000000000000002",
            "2.9999999999999996",
            "1e400",
            "1e-400",
            "",
            ".",
            "-",
            "+",
            "e5",
            "1e",
            "1e+",
            "1.2.3",
            "1,5",
            "0x10",
            " 1",
            "1 ",
            "1_000",
            "--1",
            "inf",
            "NaN",
            "infinity",
            "1e-5",
            "99999999999999999999",
            "0.99999999999999999",
        ];
        for c in cases {
            let want = c.parse::<f64>().ok().filter(|f| !f.is_nan() && (f.is_finite() || c.bytes().any(|b| b.is_ascii_digit())));
            let got = decimal(c);
            match (want, got) {
                (Some(w), Some(g)) if w.is_finite() => assert!(w == g || ((w - g) / w).abs() < 1e-15, "{c:?}: {w} vs {g}"),
                (Some(w), Some(g)) => assert_eq!(w, g, "{c:?}"),
                (None, None) => {}
                _ if c.eq_ignore_ascii_case("inf") || c.eq_ignore_ascii_case("infinity") => assert_eq!(got, None),
                _ => panic!("{c:?}: std {want:?}, here {got:?}"),
            }
        }
        for c in ["0", "1.5", "0.1", "2.5e-1", "1e22", "1e-22", "3.0000001", "86400", "900719925474.0991"] {
            assert_eq!(decimal(c), c.parse().ok(), "{c:?} must be exact");
        }
        assert_eq!(retry_after_seconds("+1.5", 0.0), Some(2));
        assert_eq!(retry_after_seconds(".5s", 0.0), Some(1));
        assert_eq!(retry_after_seconds("-0", 0.0), Some(0));
        assert_eq!(retry_after_seconds("1e400", 0.0), None);
        assert_eq!(retry_after_seconds("1e30", 0.0), Some(u64::MAX));
        for (c, secs) in [("1e-320", Some(1)), ("3e-324", Some(1)), ("2e-324", Some(0)), ("1e-330", Some(0))] {
            assert_eq!(retry_after_seconds(c, 0.0), secs, "{c}");
            assert_eq!(c.parse::<f64>().ok().map(|f| f.ceil() as u64), secs, "{c} (std)");
        }
    }

    #[test]
    fn http_date_against_now() {
        // Sun, 06 Nov 1994 08:49:37 GMT = 784111777 s
        let date = "Sun, 06 Nov 1994 08:49:37 GMT";
        assert_eq!(retry_after_seconds(date, 784_111_777_000.0 - 90_000.0), Some(90));
        assert_eq!(retry_after_seconds(date, 784_111_777_000.0 - 500.0), Some(1));
        assert_eq!(retry_after_seconds(date, 784_111_777_000.0 + 5_000.0), Some(0));
    }

    #[test]
    fn imf_fixdate_only() {
        assert_eq!(imf_fixdate_seconds("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(imf_fixdate_seconds("Tue, 29 Feb 2028 23:59:59 GMT"), Some(1_835_481_599));
        assert_eq!(imf_fixdate_seconds("Sunday, 06-Nov-94 08:49:37 GMT"), None);
        assert_eq!(imf_fixdate_seconds("Sun Nov  6 08:49:37 1994"), None);
        assert_eq!(imf_fixdate_seconds("Sun, 06 Nov 1994 08:49:37 UTC"), None);
        assert_eq!(imf_fixdate_seconds("Sun, 06 Nov 1994 24:00:00 GMT"), None);
    }

    // httpdate is a native-only dev-dependency.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn agrees_with_the_httpdate_crate() {
        for secs in [0u64, 784_111_777, 951_782_400, 1_835_481_599, 4_102_444_800, 253_402_300_799] {
            let text = httpdate::fmt_http_date(std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs));
            assert_eq!(imf_fixdate_seconds(&text), Some(secs as i64), "{text}");
        }
    }
}
