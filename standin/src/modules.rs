//! What the module-backed API families (respond, enrich) share: the observable list a request
//! body carries, refused as IROH refuses it, and a module's entry in an answer's `errors`
//! (contract §5, ErrorMessage).

use crate::config::ModuleError;
use crate::reply::Reply;
use serde_json::{json, Value};

/// `(type, value)`.
pub type Observable = (String, String);

/// A request body that must be a JSON array of `{type, value}` objects (contract §4, §5.1); the
/// refusal is IROH's: a 400 OAuth-style envelope for bad JSON, a validation map otherwise.
pub(crate) fn parse_observables(body: &[u8]) -> Result<Vec<Observable>, Reply> {
    let v: Value = serde_json::from_slice(body).map_err(|_| Reply::err(400, "invalid_request", "Malformed JSON in request body"))?;
    let arr = v.as_array().ok_or_else(|| Reply::json(400, &json!({"errors": "expected a JSON array of observables"})))?;
    let mut out = Vec::new();
    for (i, o) in arr.iter().enumerate() {
        let t = o.get("type").and_then(Value::as_str);
        let val = o.get("value").and_then(Value::as_str);
        match (o.as_object(), t, val) {
            (Some(_), Some(t), Some(val)) => out.push((t.to_string(), val.to_string())),
            _ => return Err(Reply::json(400, &json!({"errors": {i.to_string(): "expected an object with string keys type and value"}}))),
        }
    }
    Ok(out)
}

pub fn error_json(m_name: &str, instance: &str, type_id: &str, e: &ModuleError) -> Value {
    json!({
        "module_instance_id": instance,
        "module_type_id": type_id,
        "code": e.code,
        "message": e.message,
        "type": e.kind,
        "module": m_name,
    })
}

/// The value as a module stores it: hashes, domains and e-mail addresses in lower case, a
/// domain's trailing dot dropped (contract §4).
pub fn stored(ty: &str, value: &str) -> String {
    match ty {
        "domain" | "hostname" | "email" => value.trim_end_matches('.').to_ascii_lowercase(),
        "md5" | "sha1" | "sha256" => value.to_ascii_lowercase(),
        _ => value.to_string(),
    }
}
