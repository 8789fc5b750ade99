//! Small helpers: query parsing, unique ids (the codecs are `sxr-codec`'s).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};
use sxr_codec::percent::{self, Plus};

/// Parse `a=b&c=d` into decoded pairs, in order.
pub fn parse_query(q: &str) -> Vec<(String, String)> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent::decode(k, Plus::Space), percent::decode(v, Plus::Space))
        })
        .collect()
}

/// Nanoseconds since the Unix epoch when first asked: what makes ids differ between runs.
pub(crate) fn start_nanos() -> u64 {
    static START: OnceLock<u64> = OnceLock::new();
    *START.get_or_init(|| SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(0))
}

static COUNTER: AtomicU64 = AtomicU64::new(1);

/// A number never handed out before in this process.
pub(crate) fn next_counter() -> u64 {
    COUNTER.fetch_add(1, Ordering::Relaxed)
}

pub(crate) fn mix(mut x: u64) -> u64 {
    // splitmix64 finaliser: spreads counter + start time over all bits.
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// A uuid-shaped unique id (version-4 layout, not cryptographically random).
pub fn uuid() -> String {
    let n = next_counter();
    let a = mix(start_nanos() ^ n.rotate_left(17));
    let b = mix(a ^ n);
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        (a >> 32) as u32,
        (a >> 16) as u16,
        (a as u16) & 0x0fff,
        ((b >> 48) as u16 & 0x3fff) | 0x8000,
        b & 0xffff_ffff_ffff
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_split_and_decoded_in_order() {
        assert_eq!(parse_query("a=b+c&&d=%41%zz&e"), [("a".into(), "b c".into()), ("d".into(), "A%zz".into()), ("e".into(), String::new())]);
        assert_ne!(uuid(), uuid());
    }
}
