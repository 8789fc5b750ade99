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
pub mod errors;
mod ja;
pub mod onboarding;
pub mod options;
pub mod respond;
pub mod scan;
pub mod text;

pub use errors::ErrorText;
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

// The words of each locale (`say` on a label or a sentence): English in `text.rs`, Japanese in
// `ja.rs`; here, above both, so that neither imports the other.
impl Label {
    pub fn say(self, locale: Locale) -> &'static str {
        match locale {
            Locale::En => text::label_en(self),
            Locale::Ja => ja::label_ja(self),
        }
    }
}

impl Text {
    pub fn say(&self, locale: Locale) -> String {
        match locale {
            Locale::En => text::text_en(self),
            Locale::Ja => ja::text_ja(self),
        }
    }
}

impl ErrorText {
    pub fn say(&self, locale: Locale) -> String {
        match locale {
            Locale::En => errors::error_en(self),
            Locale::Ja => ja::error_ja(self),
        }
    }
}

/// A core message in the locale of the moment ([`text::current`]): what `Error::new(kind,
/// ErrorText::…)` and the other sites that say one to a person take.
impl From<ErrorText> for String {
    fn from(t: ErrorText) -> String {
        t.say(text::current())
    }
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
        self.message
            .clone()
            .filter(|m| !m.is_empty())
            .or_else(|| self.code.clone().filter(|c| !c.is_empty()))
            .unwrap_or_else(|| ErrorText::ModuleErrorWord.into())
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

/// The view models' TypeScript types, generated from the structs above (issue 22, item 3):
/// `src/wasm/view.d.ts`, which `src/wasm/view.rs` puts into the wasm package's `.d.ts`. Only
/// in native tests (`ts-rs` is a dev-dependency): nothing of it reaches the wasm.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod types {
    use super::{cards, confirm, options, respond, scan};
    use ts_rs::{Config, TS};

    fn decl<T: TS>(cfg: &Config) -> String {
        format!("{}export {}\n", T::docs().unwrap_or_default(), T::decl(cfg))
    }

    pub(super) fn dts() -> String {
        let cfg = Config::new();
        let decls = [
            decl::<respond::ErrorView>(&cfg),
            decl::<confirm::ConfirmView>(&cfg),
            decl::<confirm::AuditView>(&cfg),
            decl::<confirm::ResultView>(&cfg),
            decl::<confirm::FailureView>(&cfg),
            decl::<respond::Chip>(&cfg),
            decl::<respond::FoundRow>(&cfg),
            decl::<respond::EnrichFailure>(&cfg),
            decl::<respond::Note>(&cfg),
            decl::<respond::VerdictView>(&cfg),
            decl::<respond::TargetView>(&cfg),
            decl::<respond::SightingsView>(&cfg),
            decl::<options::ModeView>(&cfg),
            decl::<options::SignInView>(&cfg),
            decl::<options::ScopeRow>(&cfg),
            decl::<options::FeatureLimit>(&cfg),
            decl::<options::ConnectionView>(&cfg),
            decl::<scan::ScanSummaryView>(&cfg),
            decl::<cards::Placed>(&cfg),
            decl::<cards::Group>(&cfg),
            decl::<cards::Fold>(&cfg),
            decl::<cards::Card>(&cfg),
            decl::<cards::General>(&cfg),
            decl::<cards::CardsView>(&cfg),
        ];
        format!(
            "// Generated from the view models (src/view/) by `cargo test --lib view::types`: do not edit.\n// Rewrite with SXR_WRITE_GENERATED=1 after changing a view model.\n\n{}",
            decls.join("\n")
        )
    }

    /// The file is what the structs say (rewritten with SXR_WRITE_GENERATED=1).
    #[test]
    fn view_dts_is_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/wasm/view.d.ts");
        let want = dts();
        if std::env::var_os("SXR_WRITE_GENERATED").is_some() {
            std::fs::write(&path, &want).unwrap();
        }
        let got = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(got == want, "{} is stale: run SXR_WRITE_GENERATED=1 cargo test --lib view::types", path.display());
    }

    /// Every view model of the generated file is declared once, and its optional fields are the
    /// ones serde leaves out.
    #[test]
    fn view_dts_declares_each_model_once() {
        let d = dts();
        for name in ["ErrorView", "ConfirmView", "ResultView", "FoundRow", "ConnectionView", "ScanSummaryView"] {
            assert_eq!(d.matches(&format!("export type {name} = ")).count(), 1, "{name}");
        }
        assert!(d.contains("detail?: string"), "ErrorView.detail is left out when None:\n{d}");
        assert!(!d.contains("detail?: string | null"));
    }
}
