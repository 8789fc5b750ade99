//! Redaction of the client secret and access tokens from everything a server sends back.
//!
//! A server (or a proxy, or a module behind it) may echo what it received: the token, the
//! `Authorization` header, the secret. The client removes them from every answer body before
//! it is parsed, so no message and no returned object (actions, module errors, verdicts,
//! pivots, trace ids) can carry them, and before anything is cut to length.
//!
//! What is found, for each secret `s` (the client secret, every token this client held, and
//! the Basic credentials `base64(id:secret)` in standard and URL-safe alphabets):
//! * `s` as is, JSON-escaped (`\"`, `\\`, `\/`, control characters), percent-encoded (upper
//!   or lower hex, `+` for space, and twice: a query inside a query);
//! * inside JSON string literals, after decoding every escape (`\u0041` and friends);
//! * any fragment of at least [`MIN_FRAGMENT`] bytes of those forms: a secret cut by a
//!   server's own length limit, or split across two fields, still goes.
//!
//! Each maximal run of matched bytes becomes `[redacted]`. Secrets shorter than 4 bytes are
//! not looked for (they would match ordinary text). Linear in the text: one pass with a
//! 12-byte window looked up in an open-addressing table (hand-written, like the extraction
//! engine's span set: small code, no SipHash), plus one substring search per short form.

use std::borrow::Cow;

/// Shortest fragment of a secret that is redacted on its own. Random secrets and tokens do
/// not share 12-byte runs with ordinary text; shorter runs would.
pub const MIN_FRAGMENT: usize = 12;

const REPLACEMENT: &str = "[redacted]";

/// The forms of a set of secrets, ready to search text for.
#[derive(Default)]
pub struct Redactor {
    /// Whole forms shorter than `MIN_FRAGMENT` (found by substring search).
    short: Vec<String>,
    /// Every `MIN_FRAGMENT`-byte window of every longer form, as `window_key`s with the top
    /// bit set (0 = empty slot); the length is a power of two, at most half full.
    grams: Vec<u128>,
}

impl Redactor {
    /// `secrets`: raw values (client secret, tokens); `basic`: the client id and secret whose
    /// Basic credentials are looked for too.
    pub fn new(secrets: &[&str], basic: Option<(&str, &str)>) -> Redactor {
        let mut forms: Vec<String> = Vec::new();
        let add = |s: &str, forms: &mut Vec<String>| {
            if s.len() < 4 {
                return;
            }
            let once = percent(s, true, false);
            let twice = percent(&once, true, false);
            for f in [s.to_string(), json_escaped(s, false), json_escaped(s, true), once, percent(s, false, false), percent(s, true, true), twice] {
                if !forms.contains(&f) {
                    forms.push(f);
                }
            }
        };
        for s in secrets {
            add(s, &mut forms);
        }
        if let Some((id, secret)) = basic {
            let b = base64(format!("{id}:{secret}").as_bytes());
            let url = b.trim_end_matches('=').replace('+', "-").replace('/', "_");
            add(&b, &mut forms);
            add(&url, &mut forms);
        }
        let mut r = Redactor::default();
        let windows: usize = forms.iter().map(|f| f.len().saturating_sub(MIN_FRAGMENT - 1)).sum();
        if windows > 0 {
            r.grams = vec![0; (windows * 2).next_power_of_two()];
        }
        for f in forms {
            if f.len() < MIN_FRAGMENT {
                r.short.push(f);
            } else {
                for w in f.as_bytes().windows(MIN_FRAGMENT) {
                    r.insert(window_key(w));
                }
            }
        }
        r
    }

    pub fn is_empty(&self) -> bool {
        self.short.is_empty() && self.grams.is_empty()
    }

    fn slot(&self, key: u128) -> usize {
        let x = (key as u64) ^ ((key >> 64) as u64).rotate_left(29);
        ((x ^ (x >> 31)).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 7) as usize & (self.grams.len() - 1)
    }

    fn insert(&mut self, key: u128) {
        let mut i = self.slot(key);
        while self.grams[i] != 0 && self.grams[i] != key {
            i = (i + 1) & (self.grams.len() - 1);
        }
        self.grams[i] = key;
    }

    fn contains(&self, key: u128) -> bool {
        let mut i = self.slot(key);
        loop {
            match self.grams[i] {
                0 => return false,
                k if k == key => return true,
                _ => i = (i + 1) & (self.grams.len() - 1),
            }
        }
    }

    /// Plain text (a message, a header, a decoded string).
    pub fn clean<'a>(&self, text: &'a str) -> Cow<'a, str> {
        if self.is_empty() || text.len() < 4 {
            return Cow::Borrowed(text);
        }
        let b = text.as_bytes();
        // One flag per byte, made only once something matched.
        let mut marked: Vec<bool> = Vec::new();
        let mut mark = |s: usize, e: usize| {
            if marked.is_empty() {
                marked = vec![false; b.len()];
            }
            marked[s..e].iter_mut().for_each(|m| *m = true);
        };
        for f in &self.short {
            for (i, _) in text.match_indices(f.as_str()) {
                mark(i, i + f.len());
            }
        }
        if b.len() >= MIN_FRAGMENT && !self.grams.is_empty() {
            // The window's key rolls one byte at a time.
            const LOW: u128 = (1 << (8 * MIN_FRAGMENT)) - 1;
            let mut key = window_key(&b[..MIN_FRAGMENT]);
            for i in 0..=b.len() - MIN_FRAGMENT {
                if i > 0 {
                    key = ((key & LOW) >> 8) | (u128::from(b[i + MIN_FRAGMENT - 1]) << (8 * (MIN_FRAGMENT - 1))) | 1 << 127;
                }
                if self.contains(key) {
                    mark(i, i + MIN_FRAGMENT);
                }
            }
        }
        if marked.is_empty() {
            return Cow::Borrowed(text);
        }
        // Each run of marked bytes, widened to character boundaries, becomes one replacement.
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        let mut i = 0;
        while i < b.len() {
            if !marked[i] {
                i += 1;
                continue;
            }
            let mut s = i;
            while i < b.len() && marked[i] {
                i += 1;
            }
            while !text.is_char_boundary(s) {
                s -= 1;
            }
            while !text.is_char_boundary(i) {
                i += 1;
            }
            out.push_str(&text[at..s.max(at)]);
            out.push_str(REPLACEMENT);
            at = i;
        }
        out.push_str(&text[at..]);
        Cow::Owned(out)
    }

    /// An answer body: every JSON string literal with escapes is decoded, cleaned and
    /// re-encoded, then the whole text is cleaned as plain text (which also covers bodies
    /// that are not JSON).
    pub fn clean_body<'a>(&self, body: &'a str) -> Cow<'a, str> {
        if self.is_empty() {
            return Cow::Borrowed(body);
        }
        let unescaped = self.clean_escaped_literals(body);
        match self.clean(&unescaped) {
            Cow::Borrowed(_) => unescaped,
            Cow::Owned(s) => Cow::Owned(s),
        }
    }

    fn clean_escaped_literals<'a>(&self, body: &'a str) -> Cow<'a, str> {
        let b = body.as_bytes();
        let mut out: Option<String> = None;
        let mut copied = 0;
        let mut i = 0;
        while let Some(q) = memchr::memchr(b'"', &b[i..]) {
            let start = i + q;
            let mut j = start + 1;
            let mut escaped = false;
            while j < b.len() && b[j] != b'"' {
                if b[j] == b'\\' {
                    escaped = true;
                    j += 1;
                }
                j += 1;
            }
            if j >= b.len() {
                break;
            }
            let literal = &body[start..=j];
            if escaped {
                if let Ok(decoded) = serde_json::from_str::<String>(literal) {
                    if let Cow::Owned(clean) = self.clean(&decoded) {
                        let o = out.get_or_insert_with(|| String::with_capacity(body.len()));
                        o.push_str(&body[copied..start]);
                        o.push_str(&serde_json::to_string(&clean).unwrap_or_else(|_| format!("\"{REPLACEMENT}\"")));
                        copied = j + 1;
                    }
                }
            }
            i = j + 1;
        }
        match out {
            Some(mut o) => {
                o.push_str(&body[copied..]);
                Cow::Owned(o)
            }
            None => Cow::Borrowed(body),
        }
    }
}

/// The 12 bytes of a window as one number, top bit set so that no key is 0 (an empty slot).
fn window_key(w: &[u8]) -> u128 {
    let mut k = 1u128 << 127;
    for (i, b) in w[..MIN_FRAGMENT].iter().enumerate() {
        k |= u128::from(*b) << (8 * i);
    }
    k
}

/// The body of a JSON string for `s`, as serde_json writes it; `slash` also escapes `/`.
fn json_escaped(s: &str, slash: bool) -> String {
    let q = serde_json::to_string(s).unwrap_or_default();
    let inner = q.get(1..q.len().saturating_sub(1)).unwrap_or("").to_string();
    if slash {
        inner.replace('/', "\\/")
    } else {
        inner
    }
}

/// Percent-encoding of every byte outside RFC 3986's unreserved set; `form`: space as `+`.
fn percent(s: &str, upper: bool, form: bool) -> String {
    sxr_codec::percent::encode_with(s, upper, form)
}

/// Standard base64 (RFC 4648 with padding): HTTP Basic credentials.
fn base64(input: &[u8]) -> String {
    sxr_codec::base64::encode(input)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "S3cr3t/\"quoted\" & 100% é-0123456789";
    const TOKEN: &str = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJjbGllbnQtMSIsImV4cCI6MTcwMDAwMDAwMH0.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmU";

    fn r() -> Redactor {
        Redactor::new(&[SECRET, TOKEN], Some(("client-1", SECRET)))
    }

    fn leaks(text: &str) -> bool {
        let forms =
            [SECRET.to_string(), TOKEN.to_string(), json_escaped(SECRET, false), percent(SECRET, true, false), base64(format!("client-1:{SECRET}").as_bytes())];
        forms.iter().any(|f| f.as_bytes().windows(MIN_FRAGMENT).any(|w| text.as_bytes().windows(MIN_FRAGMENT).any(|t| t == w)))
    }

    #[test]
    fn regression_every_form_and_fragment_is_redacted() {
        let r = r();
        let basic = base64(format!("client-1:{SECRET}").as_bytes());
        let basic_url = basic.trim_end_matches('=').replace('+', "-").replace('/', "_");
        let cases = [
            format!("echo {SECRET} end"),
            format!("Authorization: Bearer {TOKEN}"),
            format!("Authorization: Basic {basic}"),
            format!("basic-url {basic_url}"),
            format!("json {}", json_escaped(SECRET, false)),
            format!("json-slash {}", json_escaped(SECRET, true)),
            format!("url {}", percent(SECRET, true, false)),
            format!("url-lower {}", percent(SECRET, false, false)),
            format!("form {}", percent(SECRET, true, true)),
            format!("cut at 80: {}", &TOKEN[..80]),
            format!("tail: {}", &TOKEN[TOKEN.len() - 40..]),
            format!("{}…", &SECRET[..20]),
            format!("{TOKEN}{TOKEN}"),
        ];
        for c in &cases {
            let out = r.clean(c);
            assert!(!leaks(&out), "{c} → {out}");
            assert!(out.contains("[redacted]"), "{c} → {out}");
        }
        assert_eq!(r.clean("echo xx"), "echo xx");
        assert_eq!(r.clean(&format!("a {TOKEN} b {SECRET} c")), "a [redacted] b [redacted] c");
        // Text around a secret is kept; a run of two secrets is one replacement.
        assert_eq!(r.clean(&format!("[{TOKEN}{SECRET}]")), "[[redacted]]");
    }

    #[test]
    fn regression_json_escapes_of_any_kind_are_decoded_before_matching() {
        let r = r();
        let all_escaped: String = SECRET.chars().map(|c| format!("\\u{:04x}", c as u32)).collect();
        let body = format!(
            r#"{{"error":"{all_escaped}","error_description":{},"trace_id":"{TOKEN}","n":1}}"#,
            serde_json::to_string(&format!("x {SECRET} y")).unwrap()
        );
        let out = r.clean_body(&body);
        let v: serde_json::Value = serde_json::from_str(&out).expect("still JSON");
        for field in ["error", "error_description", "trace_id"] {
            let s = v[field].as_str().unwrap();
            assert!(!leaks(s) && !s.contains(SECRET), "{field}: {s}");
        }
        assert_eq!(v["error_description"], "x [redacted] y");
        assert_eq!(v["n"], 1);
        // Bodies without secrets are returned as they are.
        assert!(matches!(r.clean_body(r#"{"a":"b\"c","d":[1,2]}"#), Cow::Borrowed(_)));
        assert!(matches!(Redactor::new(&[], None).clean_body(&body), Cow::Borrowed(_)));
    }

    #[test]
    fn short_secrets_match_whole_and_tiny_ones_not_at_all() {
        let r = Redactor::new(&["abcd1234", "xyz"], None);
        assert_eq!(r.clean("k=abcd1234;"), "k=[redacted];");
        assert_eq!(r.clean("abcd123"), "abcd123");
        assert_eq!(r.clean("xyz"), "xyz");
        assert_eq!(r.clean("é abcd1234 é"), "é [redacted] é");
    }
}
