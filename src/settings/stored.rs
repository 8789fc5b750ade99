//! What the worker read: the storage areas, the dev copy's defaults, and lenient readers of
//! stored values (a value of the wrong type counts as absent).

use serde_json::Value;

/// The storage areas as read, and the dev defaults.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stored {
    pub local: Value,
    pub session: Value,
    pub managed: Value,
    pub dev: Option<Dev>,
    /// Keys of storage.local whose sealed value the worker opened (issue 21.7): the others of
    /// [`SEALED_LOCAL`] were stored in plain text by an older version and are re-written sealed.
    pub opened: Vec<String>,
    /// Keys of storage.local whose sealed value could not be opened (the key in IndexedDB is
    /// gone): handed over as absent, with a notice to enter the secret or sign in again.
    pub unreadable: Vec<String>,
}

/// The values of storage.local that are sealed (issue 21.7): the user's client secret
/// ("remember on this device") and the "Stay signed in" sign-in with its refresh token. Any
/// context of the extension can read storage.local, its content scripts on arbitrary pages
/// too; the worker encrypts these keys (AES-GCM, a non-extractable key in the extension
/// origin's IndexedDB, `sw-seal.js`) before writing them and decrypts them before handing
/// storage to the core. A plan names them in `local.seal` (see [`StoragePlan`]).
pub const SEALED_LOCAL: &[&str] = &["secret", "signin"];

/// `dev-config.json`, present only in the dev copy `cargo xtask demo` builds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dev {
    pub base_url: String,
    pub private_intel_url: String,
    pub client_id: String,
    pub client_secret: String,
}

impl Dev {
    /// The file's text; `None` unless it is a JSON object.
    pub fn parse(text: &str) -> Option<Dev> {
        let v: Value = serde_json::from_str(text).ok()?;
        v.is_object().then(|| Dev {
            base_url: text_of(&v, "baseUrl").to_string(),
            private_intel_url: text_of(&v, "privateIntelUrl").to_string(),
            client_id: text_of(&v, "clientId").to_string(),
            client_secret: text_of(&v, "clientSecret").to_string(),
        })
    }
}

impl Stored {
    /// From `{ local, session, managed, dev, opened?, unreadable? }`, `dev` being the text of
    /// dev-config.json or null; the values of `local` named in `opened` are the JSON text of
    /// what the worker unsealed (text that is not JSON counts as absent).
    pub fn from_value(v: &Value) -> Stored {
        let opened = strings(v, "opened");
        let mut local = field(v, "local").clone();
        if let Some(l) = local.as_object_mut() {
            for k in &opened {
                if let Some(slot) = l.get_mut(k) {
                    *slot = slot.as_str().and_then(|t| serde_json::from_str(t).ok()).unwrap_or(Value::Null);
                }
            }
        }
        Stored {
            local,
            session: field(v, "session").clone(),
            managed: field(v, "managed").clone(),
            dev: v.get("dev").and_then(Value::as_str).and_then(Dev::parse),
            opened,
            unreadable: strings(v, "unreadable"),
        }
    }

    /// A sealed value of storage.local that could not be opened (counted as absent).
    pub(super) fn lost(&self, key: &str) -> bool {
        self.unreadable.iter().any(|k| k == key)
    }

    /// The user's settings object, when one was saved.
    pub(super) fn user_settings(&self) -> Option<&Value> {
        Some(field(&self.local, "settings")).filter(|s| truthy(s))
    }

    /// The user's secret and the origin it was entered for: storage.local's when it holds one
    /// with its origin, else storage.session's. A secret without its origin does not count.
    pub(super) fn user_secret(&self) -> (&str, &str) {
        let (secret, origin, _) = self.user_secret_bound();
        (secret, origin)
    }

    /// [`Self::user_secret`] and the private intelligence origin it was entered with ("" for
    /// none: a region's own, or no custom one), issue 21.8.
    pub(super) fn user_secret_bound(&self) -> (&str, &str, &str) {
        let with_origin = |area: &Value| !text_of(area, "secret").is_empty() && !text_of(area, "secretOrigin").is_empty();
        let saved = if with_origin(&self.local) { &self.local } else { &self.session };
        let secret = if with_origin(saved) { text_of(saved, "secret") } else { "" };
        (secret, text_of(saved, "secretOrigin"), text_of(saved, "secretIntel"))
    }

    pub(super) fn locked(&self) -> bool {
        field(&self.managed, "locked") == &Value::Bool(true)
    }

    pub(super) fn enrich(&self) -> bool {
        field(&self.local, "enrich") != &Value::Bool(false)
    }

    /// "Show sightings": on unless turned off.
    pub(super) fn sightings(&self) -> bool {
        field(&self.local, "sightings") != &Value::Bool(false)
    }

    /// "Append an audit note to the chosen casebook": off unless turned on.
    pub(super) fn audit_note(&self) -> bool {
        field(&self.local, "auditNote") == &Value::Bool(true)
    }

    /// "Language": the tag chosen in the options ("en", "ja"); "" follows the browser's.
    pub(super) fn language(&self) -> &'static str {
        language_choice(field(&self.local, "language"))
    }
}

/// A stored or sent "Language" choice: a locale's tag the catalogue has, else "" (the browser's).
pub fn language_choice(v: &Value) -> &'static str {
    v.as_str().and_then(crate::view::Locale::of).map_or("", crate::view::Locale::tag)
}

pub(super) fn strings(v: &Value, key: &str) -> Vec<String> {
    field(v, key).as_array().map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_string)).collect()).unwrap_or_default()
}

pub(super) fn field<'a>(v: &'a Value, key: &str) -> &'a Value {
    v.get(key).unwrap_or(&Value::Null)
}

/// A string value, or "" for anything else.
pub(super) fn text_of<'a>(v: &'a Value, key: &str) -> &'a str {
    field(v, key).as_str().unwrap_or("")
}

/// JavaScript's truthiness, which the stored formats were written with.
pub(super) fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}
