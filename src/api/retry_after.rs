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
    if let Ok(f) = digits.parse::<f64>() {
        if f.is_finite() && f >= 0.0 {
            return Some(f.ceil() as u64);
        }
    }
    let when_ms = imf_fixdate_seconds(v)? as f64 * 1000.0;
    Some(((when_ms - now_ms) / 1000.0).ceil().max(0.0) as u64)
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
