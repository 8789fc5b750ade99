//! What the pages say: every sentence, label, plural and error line of the respond view, the
//! extension's windows, the options page and the scan panel, as view models (serde structs)
//! the pages only place. The words come from one catalogue ([`text`]) keyed by id with
//! parameters, so a locale is one more table there.
//!
//! One file per screen: [`respond`] (the shared respond view and its casebook / sightings
//! parts; [`cards`]: one card per observable with its actions, and the folds), [`confirm`] (the
//! single confirmation and its result), [`options`] (the scope table
//! and its advice, the sign-in lines), [`scan`] (the scan panel's counts and notices).
//! Inputs are what the pages hold (the core's own answers, passed back); unknown fields are
//! ignored and missing ones default, so a page never makes a view model fail.

pub mod cards;
pub mod confirm;
pub mod options;
pub mod respond;
pub mod scan;
pub mod text;

pub use text::{Label, Locale, Part, Text};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;

/// A list the pages index in step with their own (`rows[i]` for `observables[i]`): an item that
/// does not read is a default item in its place, never a shorter list; not a list is none.
pub fn items<'de, D: Deserializer<'de>, T: DeserializeOwned + Default>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::Array(a) => a.into_iter().map(|v| serde_json::from_value(v).unwrap_or_default()).collect(),
        _ => Vec::new(),
    })
}

/// Every fixed label, keyed by its id (the object `viewLabels()` gives the pages).
pub fn labels(locale: Locale) -> BTreeMap<&'static str, &'static str> {
    Label::ALL.iter().map(|l| (l.key(), l.say(locale))).collect()
}

/// A module's error or warning inside an answer (`ModuleError` of the JS API).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ModuleErrorIn {
    pub module: Option<String>,
    pub code: Option<String>,
    pub message: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

impl ModuleErrorIn {
    /// The module's message, else its code, else "module error".
    fn said(&self) -> String {
        self.message.clone().filter(|m| !m.is_empty()).or_else(|| self.code.clone().filter(|c| !c.is_empty())).unwrap_or_else(|| "module error".into())
    }
    fn warning(&self) -> bool {
        self.kind.as_deref() == Some("warning")
    }
}

/// An observable as the pages hold it (`{ type, value }`, other fields ignored).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct ObservableIn {
    #[serde(rename = "type")]
    pub kind: String,
    pub value: String,
}
