//! What the worker read: the storage areas, the dev copy's defaults, and lenient readers of
//! stored values (a value of the wrong type counts as absent).

use serde::Deserialize;
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

/// The connection fields of the options form, as its Save, Test connection and Sign in send
/// them (`SettingsForm` in the extension's `.d.ts`); the user's saved `settings` in
/// storage.local and the managed policy carry the same keys. Read leniently: a field of another
/// type counts as "", unknown keys are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SettingsForm {
    #[serde(default, deserialize_with = "crate::typed::lenient")]
    #[cfg_attr(all(test, not(target_arch = "wasm32")), ts(optional, as = "Option<String>"))]
    pub region: String,
    #[serde(default, deserialize_with = "crate::typed::lenient")]
    #[cfg_attr(all(test, not(target_arch = "wasm32")), ts(optional, as = "Option<String>"))]
    pub base_url: String,
    #[serde(default, deserialize_with = "crate::typed::lenient")]
    #[cfg_attr(all(test, not(target_arch = "wasm32")), ts(optional, as = "Option<String>"))]
    pub private_intel_url: String,
    #[serde(default, deserialize_with = "crate::typed::lenient")]
    #[cfg_attr(all(test, not(target_arch = "wasm32")), ts(optional, as = "Option<String>"))]
    pub client_id: String,
    #[serde(default, deserialize_with = "crate::typed::lenient")]
    #[cfg_attr(all(test, not(target_arch = "wasm32")), ts(optional, as = "Option<String>"))]
    pub client_secret: String,
    /// "device" or "session".
    #[serde(default, deserialize_with = "crate::typed::lenient")]
    #[cfg_attr(all(test, not(target_arch = "wasm32")), ts(optional, as = "Option<String>"))]
    pub remember: String,
    /// "signin" or "shared" ("": the mode in effect).
    #[serde(default, deserialize_with = "crate::typed::lenient")]
    #[cfg_attr(all(test, not(target_arch = "wasm32")), ts(optional, as = "Option<String>"))]
    pub auth_mode: String,
}

impl SettingsForm {
    /// The form (or stored settings) as sent; anything but an object is an empty form.
    pub fn from_value(v: &Value) -> SettingsForm {
        crate::typed::from_value(v)
    }
}

/// The display preferences the options page saves at once (`options→sw:prefs`, `planPrefs`):
/// each one given (a boolean; another type counts as not given) is written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct Prefs {
    #[serde(default, deserialize_with = "crate::typed::lenient")]
    pub enrich: Option<bool>,
    #[serde(default, deserialize_with = "crate::typed::lenient")]
    pub ask_inspect: Option<bool>,
    #[serde(default, deserialize_with = "crate::typed::lenient")]
    pub sightings: Option<bool>,
    #[serde(default, deserialize_with = "crate::typed::lenient")]
    pub audit_note: Option<bool>,
    /// A locale's tag; "" or another text: the browser's language.
    #[serde(default, deserialize_with = "crate::typed::lenient")]
    pub language: Option<String>,
}

impl Prefs {
    /// The preferences as sent (anything but an object: none).
    pub fn from_value(v: &Value) -> Prefs {
        crate::typed::from_value(v)
    }
}

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

/// What the worker hands the core of its storage (`StoredSettings` in the extension's
/// `.d.ts`): `{ local, session, managed, dev?, opened?, unreadable? }`, the three areas as
/// `chrome.storage` holds them, `dev` the text of dev-config.json (or null). Read leniently, as
/// every older version stored it: a field of another type counts as absent, unknown keys are
/// ignored. [`StoredIn::from_value`] reads it at the edge; [`Stored::from_input`] decides.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredIn {
    #[serde(default)]
    pub local: Value,
    #[serde(default)]
    pub session: Value,
    #[serde(default)]
    pub managed: Value,
    #[serde(default, deserialize_with = "crate::typed::lenient")]
    pub dev: Option<String>,
    /// Keys of `local` whose sealed value was opened: their value is its JSON text.
    #[serde(default, deserialize_with = "crate::typed::strings")]
    pub opened: Vec<String>,
    #[serde(default, deserialize_with = "crate::typed::strings")]
    pub unreadable: Vec<String>,
}

impl StoredIn {
    /// The storage as sent (anything but an object: nothing stored).
    pub fn from_value(v: &Value) -> StoredIn {
        crate::typed::from_value(v)
    }
}

impl Stored {
    /// From what the worker read, `dev` being the text of dev-config.json; the values of `local`
    /// named in `opened` are the JSON text of what the worker unsealed (text that is not JSON
    /// counts as absent).
    pub fn from_input(i: StoredIn) -> Stored {
        let StoredIn { mut local, session, managed, dev, opened, unreadable } = i;
        if let Some(l) = local.as_object_mut() {
            for k in &opened {
                if let Some(slot) = l.get_mut(k) {
                    *slot = slot.as_str().and_then(|t| serde_json::from_str(t).ok()).unwrap_or(Value::Null);
                }
            }
        }
        Stored { local, session, managed, dev: dev.as_deref().and_then(Dev::parse), opened, unreadable }
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
