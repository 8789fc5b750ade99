//! Inspect (contract §3): `POST /iroh/iroh-inspect/inspect` with `{"content": text}` → a bare
//! array of observables.

use super::{dedup_observables, parse_body, Observable};
use crate::error::{Error, Result};
use crate::http::HttpResponse;
use crate::view::errors::ErrorText;

/// Largest selection sent to Inspect. The service documents no limit; 64 KiB keeps a call
/// fast and well inside any gateway limit. Local extraction has no such cap.
pub const MAX_INSPECT_BYTES: usize = 64 * 1024;

pub(crate) fn body(text: &str) -> Result<String> {
    if text.trim().is_empty() {
        return Err(Error::bad_input(ErrorText::NothingToInspect));
    }
    if text.len() > MAX_INSPECT_BYTES {
        return Err(Error::bad_input(ErrorText::InspectTooLong { kb: text.len().div_ceil(1024) as u64, max_kb: (MAX_INSPECT_BYTES / 1024) as u64 }));
    }
    Ok(serde_json::json!({ "content": text }).to_string())
}

pub(crate) fn parse(resp: &HttpResponse) -> Result<Vec<Observable>> {
    let list: Vec<Observable> = parse_body(resp, "Inspect")?;
    Ok(dedup_observables(list))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f4_inspect_outputs() {
        let body = r#"[{"type": "domain", "value": "ilo.brenz.pl"},{"type": "email", "value": "no-reply@internetbadguys.com"},{"value":"8fda14f91e27afec5c1b1f71d708775c9b6e2af31e8331bbf26751bc0583dc7e","type":"sha256", "extra": 1},{"type": "domain", "value": "ilo.brenz.pl"}]"#;
        let got = parse(&HttpResponse { status: 200, headers: vec![], body: body.into() }).unwrap();
        let kinds: Vec<_> = got.iter().map(|o| o.kind.as_str()).collect();
        assert_eq!(kinds, ["domain", "email", "sha256"]);
    }

    #[test]
    fn body_shape_and_limits() {
        assert_eq!(body("a \"b\"").unwrap(), r#"{"content":"a \"b\""}"#);
        assert_eq!(body(" \n\t").unwrap_err().kind, crate::ErrorKind::BadInput);
        assert_eq!(body(&"x".repeat(MAX_INSPECT_BYTES + 1)).unwrap_err().kind, crate::ErrorKind::BadInput);
    }

    #[test]
    fn enveloped_or_wrong_shapes_are_bad_response() {
        for b in [r#"{"data": []}"#, "[1,2]", r#"[{"type":"ip"}]"#, ""] {
            let e = parse(&HttpResponse { status: 200, headers: vec![], body: b.into() }).unwrap_err();
            assert_eq!(e.kind, crate::ErrorKind::BadResponse, "{b}");
        }
    }
}
