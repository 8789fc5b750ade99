//! The few date computations the answers need, by hand (no date crate in the wasm): reading
//! CTIM timestamps (RFC 3339) to order sightings, and writing UTC times for casebooks and
//! audit notes.

use crate::view::errors::ErrorText;
use sxr_codec::date::civil_from_days;
pub(crate) use sxr_codec::date::days_from_civil;

/// Milliseconds since the epoch of an RFC 3339 timestamp as CTIM writes them
/// (`2021-04-14T09:51:58.405Z`, `2021-04-14T09:51:58+02:00`, a space instead of `T`, no
/// seconds fraction); `None` for anything else.
pub fn parse_ms(s: &str) -> Option<i64> {
    let s = s.trim();
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let t = s.get(r)?;
        (!t.is_empty() && t.bytes().all(|c| c.is_ascii_digit())).then(|| t.parse().ok()).flatten()
    };
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (y, mo, d, h, mi, se) = (num(0..4)?, num(5..7)?, num(8..10)?, num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 60 {
        return None;
    }
    let mut i = 19;
    let mut frac_ms = 0;
    if b.get(i) == Some(&b'.') {
        let start = i + 1;
        i = start;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return None;
        }
        let digits = &s[start..i.min(start + 3)];
        frac_ms = digits.parse::<i64>().ok()? * 10_i64.pow(3 - digits.len() as u32);
    }
    let offset_min = match &s[i..] {
        "Z" | "z" => 0,
        rest if rest.len() == 6 && matches!(rest.as_bytes()[0], b'+' | b'-') && rest.as_bytes()[3] == b':' => {
            let sign = if rest.starts_with('-') { -1 } else { 1 };
            sign * (num(i + 1..i + 3)? * 60 + num(i + 4..i + 6)?)
        }
        _ => return None,
    };
    let secs = days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + se - offset_min * 60;
    Some(secs * 1000 + frac_ms)
}

/// `2026-11-29T05:53:42.000Z`: what CTIM's `timestamp` takes.
pub fn iso_utc(ms: f64) -> String {
    sxr_codec::date::iso_utc(if ms.is_finite() { ms as i64 } else { 0 })
}

/// `2026-11-29 05:53 UTC`: what people read (audit notes, last-seen times).
pub fn readable_utc(ms: i64) -> String {
    let iso = iso_utc(ms as f64);
    format!("{} {} UTC", &iso[..10], &iso[11..16])
}

/// `1 Jan 2525`: a date as people read it (UTC), in the locale of the moment.
pub fn readable_date(ms: i64) -> String {
    let (y, m, d) = civil_from_days(ms.div_euclid(86_400_000));
    ErrorText::Date { y, m: m as u32, d: d as u32 }.into()
}

/// `2 hours ago`, `in 3 days`, `just now`: how far `ms` is from `now_ms`, when it is within a
/// week (`None` beyond: a date reads better then).
pub fn relative(ms: i64, now_ms: i64) -> Option<String> {
    let diff = ms - now_ms;
    let abs = diff.unsigned_abs();
    const MIN: u64 = 60_000;
    const HOUR: u64 = 60 * MIN;
    const DAY: u64 = 24 * HOUR;
    if abs >= 7 * DAY {
        return None;
    }
    if abs < MIN {
        return Some(ErrorText::JustNow.into());
    }
    let (n, unit) = if abs < HOUR {
        (abs / MIN, 0)
    } else if abs < 2 * DAY {
        (abs / HOUR, 1)
    } else {
        (abs / DAY, 2)
    };
    Some(ErrorText::Relative { n, unit, ago: diff < 0 }.into())
}

/// A verdict's end as people read it: `until 1 Jan 2525`, `expires in 2 hours`,
/// `expired 3 days ago`, `expired 3 Jan 2024`; the text as given when it is no timestamp.
pub fn until_label(end: &str, now_ms: i64) -> String {
    let Some(ms) = parse_ms(end) else { return ErrorText::Until { when: end.trim().to_string() }.into() };
    match (ms > now_ms, relative(ms, now_ms)) {
        (true, Some(r)) => ErrorText::Expires { when: r },
        (true, None) => ErrorText::Until { when: readable_date(ms) },
        (false, Some(r)) => ErrorText::Expired { when: r },
        (false, None) => ErrorText::Expired { when: readable_date(ms) },
    }
    .into()
}

/// Orders `v` latest first by the time `at` gives (RFC 3339), keeping the order of equal and
/// unreadable ones (those last). An insertion sort: the lists are short (targets, sightings, a
/// page of casebooks), and the standard library's sorts would add kilobytes of wasm per type.
pub(crate) fn latest_first<T>(v: &mut [T], at: impl Fn(&T) -> Option<&str>) {
    let key = |x: &T| at(x).and_then(parse_ms).unwrap_or(i64::MIN);
    for i in 1..v.len() {
        let k = key(&v[i]);
        let mut j = i;
        while j > 0 && key(&v[j - 1]) < k {
            v.swap(j - 1, j);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 25, item 10: dates as people read them, relative when near.
    #[test]
    fn verdict_ends_read_as_dates_or_relative_times() {
        let now = parse_ms("2026-03-02T10:00:00Z").unwrap();
        assert_eq!(until_label("2525-01-01T00:00:00.000Z", now), "until 1 Jan 2525");
        assert_eq!(until_label("2026-03-02T12:00:00Z", now), "expires in 2 hours");
        assert_eq!(until_label("2026-03-02T10:00:30Z", now), "expires just now");
        assert_eq!(until_label("2026-03-02T09:59:00Z", now), "expired 1 minute ago");
        assert_eq!(until_label("2026-02-27T10:00:00Z", now), "expired 3 days ago");
        assert_eq!(until_label("2024-01-03T08:00:00+02:00", now), "expired 3 Jan 2024");
        assert_eq!(until_label(" soon ", now), "until soon");
        assert_eq!(readable_date(0), "1 Jan 1970");
        assert_eq!(readable_date(parse_ms("2028-02-29T23:59:59Z").unwrap()), "29 Feb 2028");
        assert_eq!(relative(now - 2 * 3_600_000, now).as_deref(), Some("2 hours ago"));
        assert_eq!(relative(now + 47 * 3_600_000, now).as_deref(), Some("in 47 hours"));
        assert_eq!(relative(now + 6 * 86_400_000, now).as_deref(), Some("in 6 days"));
        assert_eq!(relative(now + 7 * 86_400_000, now), None);
    }

    #[test]
    fn ctim_timestamps() {
        assert_eq!(parse_ms("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_ms("2021-04-14T09:51:58.405Z"), Some(1_618_393_918_405));
        assert_eq!(parse_ms("2021-04-14T11:51:58.405+02:00"), Some(1_618_393_918_405));
        assert_eq!(parse_ms("2021-04-14 09:51:58.4Z"), Some(1_618_393_918_400));
        assert_eq!(parse_ms("2021-04-14T09:51:58.405123Z"), Some(1_618_393_918_405));
        assert_eq!(parse_ms("2525-01-01T00:00:00.000Z"), Some(17_514_144_000_000));
        for bad in [
            "",
            "2021-04-14",
            "2021-04-14T09:51:58",
            "2021-13-01T00:00:00Z",
            "2021-04-14T09:51:58.Z",
            "yesterday",
            "2021-04-14T09:51:58+0200",
            "2021-04-14T09:51:58ZZ",
        ] {
            assert_eq!(parse_ms(bad), None, "{bad}");
        }
    }

    #[test]
    fn latest_first_is_stable_with_unreadable_times_last() {
        let mut v = vec![("a", "2026-01-01T00:00:00Z"), ("b", "junk"), ("c", "2026-03-01T00:00:00Z"), ("d", "2026-01-01T00:00:00.000Z"), ("e", "")];
        latest_first(&mut v, |x| Some(x.1));
        assert_eq!(v.iter().map(|x| x.0).collect::<String>(), "cadbe");
    }

    #[test]
    fn utc_strings() {
        assert_eq!(iso_utc(0.0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso_utc(1_618_393_918_405.0), "2021-04-14T09:51:58.405Z");
        assert_eq!(iso_utc(1_835_481_599_000.0), "2028-02-29T23:59:59.000Z");
        assert_eq!(readable_utc(1_618_393_918_405), "2021-04-14 09:51 UTC");
        for ms in [0_i64, 951_782_400_000, 1_709_251_199_999, 4_102_444_800_000] {
            assert_eq!(parse_ms(&iso_utc(ms as f64)), Some(ms));
        }
    }
}
