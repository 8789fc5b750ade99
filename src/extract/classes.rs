//! The scanner's byte classes: one 256-entry table of bit sets (`ALNUM`, `HOST`, `WORD`, …) built at compile
//! time, and [`is`], the one lookup the scanner and the address classifiers make per byte.

pub(super) const ALNUM: u16 = 1;
pub(super) const HOST: u16 = 2; // alnum - _ .
pub(super) const WORD: u16 = 4; // HOST @ : + %
pub(super) const LOCAL: u16 = 8; // alnum . _ % + -
pub(super) const HEXCD: u16 = 16; // hex digits : .
pub(super) const PATH: u16 = 32; // URL path/query characters
pub(super) const AUTH: u16 = 64; // URL authority characters
pub(super) const SPECIAL: u16 = 128; // . @ :  (a word run without them and shorter than 17 bytes holds nothing)
pub(super) const DOT: u16 = 256;
pub(super) const AT: u16 = 512;
pub(super) const COLON: u16 = 1024;
pub(super) const SPLIT: u16 = 2048; // @ : + %  (word bytes that split host tokens)
pub(super) const ALPHA: u16 = 4096; // letters (a hash must not be all decimal)

const fn classes() -> [u16; 256] {
    let mut t = [0u16; 256];
    let mut c = 0usize;
    while c < 256 {
        let b = c as u8;
        let mut v = 0u16;
        let alnum = b.is_ascii_alphanumeric();
        if alnum {
            v |= ALNUM | HOST | WORD | LOCAL | AUTH;
        }
        if b.is_ascii_hexdigit() {
            v |= HEXCD;
        }
        if b.is_ascii_alphabetic() {
            v |= ALPHA;
        }
        match b {
            b'-' | b'_' | b'.' => v |= HOST | WORD | LOCAL | AUTH,
            b'@' | b':' => v |= WORD | AUTH | SPLIT,
            b'+' | b'%' => v |= WORD | LOCAL | AUTH | SPLIT,
            b'[' | b']' | b'~' => v |= AUTH,
            _ => {}
        }
        if b == b':' || b == b'.' {
            v |= HEXCD | SPECIAL;
        }
        match b {
            b'.' => v |= DOT,
            b'@' => v |= SPECIAL | AT,
            b':' => v |= COLON,
            _ => {}
        }
        if b >= 0x21 && b <= 0x7e {
            match b {
                b'"' | b'<' | b'>' | b'\\' | b'^' | b'`' | b'{' | b'|' | b'}' | b'[' | b']' | b'\'' => {}
                _ => v |= PATH,
            }
        }
        t[c] = v;
        c += 1;
    }
    t
}
pub(super) static CLASS: [u16; 256] = classes();

#[inline(always)]
pub(super) fn is(b: u8, class: u16) -> bool {
    CLASS[b as usize] & class != 0
}
