//! The target-specific word-at-a-time helpers of the extraction engine, in one place: SSE2 on x86_64 (always
//! present), simd128 on wasm32 when the module is built with it (the shipped one is), SWAR on 8-byte words
//! everywhere else. `refang.rs` and `scanner.rs` call these and hold no `cfg` of their own except the scanner's two
//! run splitters (the SIMD one is built on [`masks64`]).
//!
//! * [`le64`]: 8 bytes as a little-endian word (one load even at opt-level `z`).
//! * [`refang_candidates`]: where a defang marker can start among the next [`REFANG_STEP`] bytes (refang pass).
//! * [`masks64`] / [`Masks`]: word-byte and `. @ : + %` bit masks of 64 bytes (scanner's run splitter).
//! * [`lower8`]: ASCII lower-casing of an 8-byte word (values).
//! * [`utf16_len`]: UTF-16 length of UTF-8 bytes (offset conversion).

/// 8 bytes (little-endian) of a slice of length ≥ 8; written byte by byte so that it compiles to one load even at
/// opt-level `z` (no `copy_from_slice` call).
#[inline(always)]
pub fn le64(c: &[u8]) -> u64 {
    u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]])
}

#[cfg(not(any(target_arch = "x86_64", all(target_arch = "wasm32", target_feature = "simd128"))))]
const LO: u64 = 0x0101_0101_0101_0101;
#[cfg(not(any(target_arch = "x86_64", all(target_arch = "wasm32", target_feature = "simd128"))))]
const HI: u64 = 0x8080_8080_8080_8080;

/// High bit of a byte set where a byte of `t` is zero. May also flag a byte just above a true zero (borrow), never
/// below one: the lowest flag is always exact, the others are re-checked against `refang::TRIGGER`.
#[cfg(not(any(target_arch = "x86_64", all(target_arch = "wasm32", target_feature = "simd128"))))]
#[inline(always)]
fn zeros(t: u64) -> u64 {
    t.wrapping_sub(LO) & !t & HI
}

/// Candidate marker positions among the 8 little-endian bytes `w`, given the same window shifted one byte back
/// (`prev`) and forward (`next`), in SWAR. With bit 0x20 forced on, the triggers fold into five values: `(`, `{`
/// (`[` `{`), `|` (`\\`), `.`, `x` (`x` `X`), plus `*`; a dot counts only after a space or before `]`, an `x` or
/// `*` only after `h`/`H`/`f`/`F` (the only places `refang::marker` accepts them), so dots inside hosts and `x` inside words cost nothing. The
/// extra bytes this admits (`|`, 0x08, 0x0e, borrow artefacts) are rejected by the exact check in `refang::Out::at`.
#[cfg(not(any(target_arch = "x86_64", all(target_arch = "wasm32", target_feature = "simd128"))))]
#[inline(always)]
fn candidates(prev: u64, w: u64, next: u64) -> u64 {
    let y = w | (LO * 0x20);
    zeros(y ^ (LO * b'(' as u64))
        | zeros(y ^ (LO * b'{' as u64))
        | zeros(y ^ (LO * b'|' as u64))
        | zeros(y ^ (LO * b'.' as u64)) & (zeros(prev ^ (LO * b' ' as u64)) | zeros(next ^ (LO * b']' as u64)))
        | (zeros(y ^ (LO * b'x' as u64)) | zeros(w ^ (LO * b'*' as u64)))
            & (zeros((prev | (LO * 0x20)) ^ (LO * b'h' as u64)) | zeros((prev | (LO * 0x20)) ^ (LO * b'f' as u64)))
}

/// Bytes per step of the trigger search, and the shift from a candidate mask's trailing zeros to a byte index.
#[cfg(not(any(target_arch = "x86_64", all(target_arch = "wasm32", target_feature = "simd128"))))]
pub const REFANG_STEP: usize = 8;
#[cfg(not(any(target_arch = "x86_64", all(target_arch = "wasm32", target_feature = "simd128"))))]
pub const REFANG_SHIFT: u32 = 3;
#[cfg(any(target_arch = "x86_64", all(target_arch = "wasm32", target_feature = "simd128")))]
pub const REFANG_STEP: usize = 16;
#[cfg(any(target_arch = "x86_64", all(target_arch = "wasm32", target_feature = "simd128")))]
pub const REFANG_SHIFT: u32 = 0;

/// Candidates among bytes `i..i + 8` (SWAR, high bit per byte); needs `1 <= i` and `i + 9 <= b.len()`.
#[cfg(not(any(target_arch = "x86_64", all(target_arch = "wasm32", target_feature = "simd128"))))]
#[inline(always)]
pub fn refang_candidates(b: &[u8], i: usize) -> u64 {
    candidates(le64(&b[i - 1..i + 7]), le64(&b[i..i + 8]), le64(&b[i + 1..i + 9]))
}

/// Candidates among bytes `i..i + 16` (SSE2, bit k = byte i + k), the same predicate as [`candidates`] with exact
/// byte compares; needs `1 <= i` and `i + 17 <= b.len()`.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
pub fn refang_candidates(b: &[u8], i: usize) -> u64 {
    use std::arch::x86_64::*;
    let c = &b[i - 1..i + 17];
    // SAFETY: `c` has 18 bytes, so the loads of bytes 0..16, 1..17 and 2..18 are in bounds; SSE2 is part of x86_64.
    unsafe {
        let prev = _mm_loadu_si128(c.as_ptr() as *const __m128i);
        let w = _mm_loadu_si128(c.as_ptr().add(1) as *const __m128i);
        let next = _mm_loadu_si128(c.as_ptr().add(2) as *const __m128i);
        let set = |x: u8| _mm_set1_epi8(x as i8);
        let y = _mm_or_si128(w, set(0x20));
        let eq = |v: __m128i, x: u8| _mm_cmpeq_epi8(v, set(x));
        let open = _mm_or_si128(_mm_or_si128(eq(y, b'('), eq(y, b'{')), eq(y, b'|'));
        let dot = _mm_and_si128(eq(y, b'.'), _mm_or_si128(eq(prev, b' '), eq(next, b']')));
        let p = _mm_or_si128(prev, set(0x20));
        let x = _mm_and_si128(_mm_or_si128(eq(y, b'x'), eq(w, b'*')), _mm_or_si128(eq(p, b'h'), eq(p, b'f')));
        _mm_movemask_epi8(_mm_or_si128(open, _mm_or_si128(dot, x))) as u32 as u16 as u64
    }
}

/// Candidates among bytes `i..i + 16` (simd128, bit k = byte i + k); needs `1 <= i` and `i + 17 <= b.len()`.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline(always)]
pub fn refang_candidates(b: &[u8], i: usize) -> u64 {
    use core::arch::wasm32::*;
    let c = &b[i - 1..i + 17];
    // SAFETY: `c` has 18 bytes, so the loads of bytes 0..16, 1..17 and 2..18 are in bounds (no alignment needed).
    let (prev, w, next) =
        unsafe { (v128_load(c.as_ptr() as *const v128), v128_load(c.as_ptr().add(1) as *const v128), v128_load(c.as_ptr().add(2) as *const v128)) };
    let set = |x: u8| u8x16_splat(x);
    let y = v128_or(w, set(0x20));
    let eq = |v: v128, x: u8| i8x16_eq(v, set(x));
    let open = v128_or(v128_or(eq(y, b'('), eq(y, b'{')), eq(y, b'|'));
    let dot = v128_and(eq(y, b'.'), v128_or(eq(prev, b' '), eq(next, b']')));
    let p = v128_or(prev, set(0x20));
    let x = v128_and(v128_or(eq(y, b'x'), eq(w, b'*')), v128_or(eq(p, b'h'), eq(p, b'f')));
    i8x16_bitmask(v128_or(open, v128_or(dot, x))) as u64
}

/// Bit masks (bit k = byte k) of 64 bytes: word bytes `[A-Za-z0-9._@:+%-]` and, among them, the bytes a run's
/// class union is made of for the sub-scans (`.`, `@`, `:`, `+`/`%`).
#[cfg(any(target_arch = "x86_64", all(target_arch = "wasm32", target_feature = "simd128")))]
#[derive(Clone, Copy)]
pub struct Masks {
    pub w: u64,
    pub dot: u64,
    pub at: u64,
    pub colon: u64,
    pub plus: u64,
}

#[cfg(any(target_arch = "x86_64", all(target_arch = "wasm32", target_feature = "simd128")))]
impl Masks {
    /// Marks: `. @ :` (a run without them and shorter than 17 bytes holds nothing).
    #[inline(always)]
    pub fn marks(&self) -> u64 {
        self.dot | self.at | self.colon
    }
}

/// The [`Masks`] of the 64 bytes `c`.
/// SSE2 on x86_64 (always present), simd128 on wasm32 when the module is built with it (builds without either
/// keep the byte-at-a-time splitter). Bytes ≥ 0x80 are negative as `i8`, so the signed range tests reject them.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
pub fn masks64(c: &[u8]) -> Masks {
    use std::arch::x86_64::*;
    let c = &c[..64];
    let mut m = Masks { w: 0, dot: 0, at: 0, colon: 0, plus: 0 };
    let mut k = 0usize;
    while k < 4 {
        // SAFETY: `c` has 64 bytes, so bytes 16k..16k + 16 are in bounds; SSE2 is part of x86_64.
        let (w, dot, at, colon, plus) = unsafe {
            let v = _mm_loadu_si128(c.as_ptr().add(16 * k) as *const __m128i);
            let set = |x: u8| _mm_set1_epi8(x as i8);
            let y = _mm_or_si128(v, set(0x20));
            let letter = _mm_and_si128(_mm_cmpgt_epi8(y, set(0x60)), _mm_cmplt_epi8(y, set(0x7b)));
            let digit = _mm_and_si128(_mm_cmpgt_epi8(v, set(0x2f)), _mm_cmplt_epi8(v, set(0x3b))); // 0-9 :
            let dot = _mm_cmpeq_epi8(v, set(b'.'));
            let at = _mm_cmpeq_epi8(v, set(b'@'));
            let colon = _mm_cmpeq_epi8(v, set(b':'));
            let plus = _mm_or_si128(_mm_cmpeq_epi8(v, set(b'+')), _mm_cmpeq_epi8(v, set(b'%')));
            let other = _mm_or_si128(_mm_cmpeq_epi8(v, set(b'-')), _mm_cmpeq_epi8(v, set(b'_')));
            let word = _mm_or_si128(_mm_or_si128(letter, digit), _mm_or_si128(_mm_or_si128(dot, at), _mm_or_si128(plus, other)));
            let mm = |x: __m128i| _mm_movemask_epi8(x) as u32 as u16 as u64;
            (mm(word), mm(dot), mm(at), mm(colon), mm(plus))
        };
        m.w |= w << (16 * k);
        m.dot |= dot << (16 * k);
        m.at |= at << (16 * k);
        m.colon |= colon << (16 * k);
        m.plus |= plus << (16 * k);
        k += 1;
    }
    m
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline(always)]
pub fn masks64(c: &[u8]) -> Masks {
    use core::arch::wasm32::*;
    let c = &c[..64];
    let mut m = Masks { w: 0, dot: 0, at: 0, colon: 0, plus: 0 };
    let mut k = 0usize;
    while k < 4 {
        // SAFETY: `c` has 64 bytes, so bytes 16k..16k + 16 are in bounds (v128_load needs no alignment).
        let v = unsafe { v128_load(c.as_ptr().add(16 * k) as *const v128) };
        let set = |x: u8| u8x16_splat(x);
        let y = v128_or(v, set(0x20));
        let letter = v128_and(i8x16_gt(y, set(0x60)), i8x16_lt(y, set(0x7b)));
        let digit = v128_and(i8x16_gt(v, set(0x2f)), i8x16_lt(v, set(0x3b))); // 0-9 :
        let dot = i8x16_eq(v, set(b'.'));
        let at = i8x16_eq(v, set(b'@'));
        let colon = i8x16_eq(v, set(b':'));
        let plus = v128_or(i8x16_eq(v, set(b'+')), i8x16_eq(v, set(b'%')));
        let other = v128_or(i8x16_eq(v, set(b'-')), i8x16_eq(v, set(b'_')));
        let word = v128_or(v128_or(letter, digit), v128_or(v128_or(dot, at), v128_or(plus, other)));
        m.w |= (i8x16_bitmask(word) as u64) << (16 * k);
        m.dot |= (i8x16_bitmask(dot) as u64) << (16 * k);
        m.at |= (i8x16_bitmask(at) as u64) << (16 * k);
        m.colon |= (i8x16_bitmask(colon) as u64) << (16 * k);
        m.plus |= (i8x16_bitmask(plus) as u64) << (16 * k);
        k += 1;
    }
    m
}

const LO8: u64 = 0x0101_0101_0101_0101;
const HI8: u64 = 0x8080_8080_8080_8080;

/// `x` (8 ASCII bytes, every high bit clear) with `A-Z` lower-cased, in SWAR: per byte, ≥ 'A' sets the high bit of
/// x + (0x80 - 'A'), > 'Z' that of x + (0x80 - 'Z' - 1); no carry crosses bytes because every byte is < 0x80.
/// Returns `None` when a byte is not ASCII.
#[inline(always)]
pub fn lower8(x: u64) -> Option<u64> {
    if x & HI8 != 0 {
        return None;
    }
    let up = (x + LO8 * (0x80 - b'A' as u64)) & !(x + LO8 * (0x80 - b'Z' as u64 - 1)) & HI8;
    Some(x | (up >> 2))
}

/// UTF-16 length of UTF-8 bytes that start on a character boundary (a trailing partial character counts its
/// lead byte), 8 bytes at a time: the byte count minus continuation bytes plus one per 4-byte sequence (a
/// surrogate pair).
pub fn utf16_len(b: &[u8]) -> usize {
    let mut n = b.len();
    let mut i = 0usize;
    while i + 8 <= b.len() {
        let x = le64(&b[i..i + 8]);
        i += 8;
        if x & HI8 == 0 {
            continue;
        }
        let cont = (x & !(x << 1) & HI8).count_ones() as usize;
        let four = (x & (x << 1) & (x << 2) & (x << 3) & HI8).count_ones() as usize;
        n = n + four - cont;
    }
    for &c in &b[i..] {
        if c & 0xc0 == 0x80 {
            n -= 1;
        } else if c >= 0xf0 {
            n += 1;
        }
    }
    n
}

/// Index of the first byte ≥ 0x80 in `b[from..]`, or `b.len()`: the non-ASCII pass (`unicode.rs`) jumps from one
/// non-ASCII run to the next with this, so ASCII text costs one vector test per 64 bytes.
#[cfg(target_arch = "x86_64")]
pub fn next_non_ascii(b: &[u8], from: usize) -> usize {
    use std::arch::x86_64::*;
    let n = b.len();
    let mut i = from;
    while i + 64 <= n {
        let c = &b[i..i + 64];
        // SAFETY: `c` has 64 bytes, so the four 16-byte loads are in bounds; SSE2 is part of x86_64.
        let any = unsafe {
            let p = c.as_ptr() as *const __m128i;
            let v =
                _mm_or_si128(_mm_or_si128(_mm_loadu_si128(p), _mm_loadu_si128(p.add(1))), _mm_or_si128(_mm_loadu_si128(p.add(2)), _mm_loadu_si128(p.add(3))));
            _mm_movemask_epi8(v)
        };
        if any != 0 {
            break;
        }
        i += 64;
    }
    while i + 16 <= n {
        // SAFETY: bytes i..i + 16 are in bounds; SSE2 is part of x86_64.
        let m = unsafe { _mm_movemask_epi8(_mm_loadu_si128(b[i..i + 16].as_ptr() as *const __m128i)) } as u32;
        if m != 0 {
            return i + m.trailing_zeros() as usize;
        }
        i += 16;
    }
    while i < n && b[i] < 0x80 {
        i += 1;
    }
    i.min(n)
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub fn next_non_ascii(b: &[u8], from: usize) -> usize {
    use core::arch::wasm32::*;
    let n = b.len();
    let mut i = from;
    while i + 64 <= n {
        let p = b[i..i + 64].as_ptr() as *const v128;
        // SAFETY: the four 16-byte loads lie in `b[i..i + 64]` (v128_load needs no alignment).
        let v = unsafe { v128_or(v128_or(v128_load(p), v128_load(p.add(1))), v128_or(v128_load(p.add(2)), v128_load(p.add(3)))) };
        if u8x16_bitmask(v) != 0 {
            break;
        }
        i += 64;
    }
    while i + 16 <= n {
        let c = &b[i..i + 16];
        // SAFETY: `c` has 16 bytes (v128_load needs no alignment).
        let m = u8x16_bitmask(unsafe { v128_load(c.as_ptr() as *const v128) });
        if m != 0 {
            return i + m.trailing_zeros() as usize;
        }
        i += 16;
    }
    while i < n && b[i] < 0x80 {
        i += 1;
    }
    i.min(n)
}

#[cfg(not(any(target_arch = "x86_64", all(target_arch = "wasm32", target_feature = "simd128"))))]
pub fn next_non_ascii(b: &[u8], from: usize) -> usize {
    let n = b.len();
    let mut i = from;
    while i + 8 <= n {
        let x = le64(&b[i..i + 8]) & HI8;
        if x != 0 {
            return i + (x.trailing_zeros() >> 3) as usize;
        }
        i += 8;
    }
    while i < n && b[i] < 0x80 {
        i += 1;
    }
    i.min(n)
}
