//! The messages the extension's pages send the worker: one enum, tagged by `type` with the
//! names the pages use (`<from>→sw:<what>`). From this one list come the JS constants
//! (`extension/messages.js`), the TypeScript types (`src/worker/messages.d.ts`, beside this
//! file: the packages carry no `.d.ts`) and the message table in `docs/development.md`; a test fails when they are stale (`SXR_WRITE_GENERATED=1 cargo test
//! --lib worker::messages` rewrites them).

use crate::Observable;
use serde_json::Value;

/// A field of a message read from its JSON (no serde derive: the wasm stays small); `None`:
/// missing or of the wrong type.
trait Field: Sized {
    fn take(v: Option<&Value>) -> Option<Self>;
}

impl Field for String {
    fn take(v: Option<&Value>) -> Option<Self> {
        v?.as_str().map(str::to_string)
    }
}
impl Field for bool {
    fn take(v: Option<&Value>) -> Option<Self> {
        v?.as_bool()
    }
}
impl Field for i64 {
    fn take(v: Option<&Value>) -> Option<Self> {
        let n = v?.as_f64()?;
        (n.fract() == 0.0 && n.abs() < 9e15).then_some(n as i64)
    }
}
impl Field for u8 {
    fn take(v: Option<&Value>) -> Option<Self> {
        u8::try_from(v?.as_u64()?).ok()
    }
}
/// Any JSON (absent: null; the flow says what it needs).
impl Field for Value {
    fn take(v: Option<&Value>) -> Option<Self> {
        Some(v.cloned().unwrap_or(Value::Null))
    }
}
impl Field for Observable {
    fn take(v: Option<&Value>) -> Option<Self> {
        let v = v?;
        Some(Observable { kind: v.get("type")?.as_str()?.to_string(), value: v.get("value")?.as_str()?.to_string() })
    }
}
impl<T: Field> Field for Vec<T> {
    fn take(v: Option<&Value>) -> Option<Self> {
        v?.as_array()?.iter().map(|x| T::take(Some(x))).collect()
    }
}
impl<T: Field> Field for Option<T> {
    fn take(v: Option<&Value>) -> Option<Self> {
        match v {
            None | Some(Value::Null) => Some(None),
            Some(x) => T::take(Some(x)).map(Some),
        }
    }
}

/// One row of the message table: the name, its fields (`?` before a TS type: optional), what it does.
pub struct Spec {
    pub constant: &'static str,
    pub name: &'static str,
    pub fields: &'static [(&'static str, &'static str)],
    pub doc: &'static str,
}

macro_rules! messages {
    ($( $(#[doc = $doc:literal])* $variant:ident $constant:ident = $name:literal { $($field:ident : $ty:ty => $ts:literal),* $(,)? } )*) => {
        /// A page's request, as received (`type` picks the variant).
        #[derive(Debug, Clone)]
        pub enum Message {
            $( $(#[doc = $doc])* $variant { $($field: $ty),* }, )*
        }

        /// The message named `name` from its JSON; `None`: a field is missing or of the wrong type.
        fn build(name: &str, v: &Value) -> Option<Message> {
            match name {
                $( $name => Some(Message::$variant { $($field: Field::take(v.get(camel(stringify!($field)).as_str()))?),* }), )*
                _ => None,
            }
        }

        /// Every message, in the order of the table.
        pub const SPECS: &[Spec] = &[
            $( Spec { constant: stringify!($constant), name: $name, fields: &[$((stringify!($field), $ts)),*], doc: concat!($($doc),*) }, )*
        ];

        impl Message {
            /// The message's name (its `type`).
            pub fn name(&self) -> &'static str {
                match self { $( Message::$variant { .. } => $name, )* }
            }
        }
    };
}

messages! {
    /// The selection handed to this respond window (read once).
    ViewSelection VIEW_SELECTION = "view→sw:selection" { id: String => "string" }
    /// Observables of a text: local, plus Inspect's when asked (the choice is saved).
    ViewFind VIEW_FIND = "view→sw:find" { text: String => "string", inspect: Option<bool> => "?boolean", reference_hosts: Option<Vec<String>> => "?string[]" }
    /// The response actions for observables.
    ViewActions VIEW_ACTIONS = "view→sw:actions" { observables: Vec<Observable> => "Observable[]" }
    /// Verdicts (refused while verdicts are turned off).
    ViewVerdicts VIEW_VERDICTS = "view→sw:verdicts" { observables: Vec<Observable> => "Observable[]" }
    /// Pivots (refused while verdicts are turned off).
    ViewPivots VIEW_PIVOTS = "view→sw:pivots" { observables: Vec<Observable> => "Observable[]" }
    /// The organisation's API calls left this hour, as last seen.
    ViewBudget VIEW_BUDGET = "view→sw:budget" {}
    /// A one-time nonce for the confirmed action (two minutes).
    ViewConfirm VIEW_CONFIRM = "view→sw:confirm" { action: Value => "Action | string" }
    /// The trigger, with its nonce; then the audit note to `casebook` when audit notes are on.
    ViewTrigger VIEW_TRIGGER = "view→sw:trigger" { action: Value => "Action", nonce: Value => "string", casebook: Option<String> => "?string" }
    /// The settings pages may see, and the context menu's state.
    ViewStatus VIEW_STATUS = "view→sw:status" {}
    /// Sign in from the respond view (the stored settings).
    ViewSignin VIEW_SIGNIN = "view→sw:signin" {}
    /// Sightings in your environment.
    ViewSightings VIEW_SIGHTINGS = "view→sw:sightings" { observables: Vec<Observable> => "Observable[]" }
    /// Verdicts and sightings in one call.
    ViewObserve VIEW_OBSERVE = "view→sw:observe" { observables: Vec<Observable> => "Observable[]" }
    /// An Investigate link (no call).
    ViewInvestigate VIEW_INVESTIGATE = "view→sw:investigate" { target: Value => "string | Observable[] | { casebook: string }" }
    /// Casebooks matching a search (the latest ten first).
    ViewCasebooks VIEW_CASEBOOKS = "view→sw:casebooks" { query: Option<String> => "?string" }
    /// A new casebook.
    ViewCreateCasebook VIEW_CREATE_CASEBOOK = "view→sw:createCasebook" { casebook: Value => "NewCasebook" }
    /// Observables (and a note) added to a casebook.
    ViewAddToCasebook VIEW_ADD_TO_CASEBOOK = "view→sw:addToCasebook" { id: String => "string", observables: Vec<Observable> => "Observable[]", note: Option<String> => "?string" }
    /// The new casebook form's title and description.
    ViewDraft VIEW_DRAFT = "view→sw:draft" { page: Option<Value> => "?{ title?: string; url?: string }", include_url: Option<bool> => "?boolean" }
    /// The options' "Language" choice (`{ language: "en" | "ja" | "" }`, "": the browser's), read
    /// by every page before its first words.
    PageLanguage PAGE_LANGUAGE = "page→sw:language" {}
    /// The settings in effect, as pages may see them.
    OptionsLoad OPTIONS_LOAD = "options→sw:load" {}
    /// Save: what the core plans is written (a sign-in left behind is signed out first).
    OptionsSave OPTIONS_SAVE = "options→sw:save" { settings: Value => "SettingsForm" }
    /// Display preferences, saved at once.
    OptionsPrefs OPTIONS_PREFS = "options→sw:prefs" { prefs: Value => "Prefs" }
    /// Test connection with what the form says.
    OptionsTest OPTIONS_TEST = "options→sw:test" { settings: Option<Value> => "?SettingsForm" }
    /// Save the form (when given), then sign in in the browser's auth window.
    OptionsSignin OPTIONS_SIGNIN = "options→sw:signin" { settings: Option<Value> => "?SettingsForm", stay: Option<bool> => "?boolean" }
    /// Sign out: the grant revoked (best effort), both tokens forgotten, a new generation.
    OptionsSignout OPTIONS_SIGNOUT = "options→sw:signout" {}
    /// "Stay signed in on this device" changed.
    OptionsStay OPTIONS_STAY = "options→sw:stay" { stay: bool => "boolean" }
    /// Test connection in sign-in mode.
    OptionsTestSignin OPTIONS_TEST_SIGNIN = "options→sw:test-signin" {}
    /// The respond view on the onboarding page's sample, opened as the context menu opens it.
    OnboardSample ONBOARD_SAMPLE = "onboard→sw:sample" {}
    /// Scan the active tab (from the toolbar popup).
    PopupScan POPUP_SCAN = "popup→sw:scan" { tab_id: i64 => "number" }
    /// A scan's result, once it has ended.
    ScanScan SCAN_SCAN = "scan→sw:scan" { id: String => "string" }
    /// A scan's verdicts: beyond the cap only on the analyst's click.
    ScanVerdicts SCAN_VERDICTS = "scan→sw:verdicts" { id: String => "string", observables: Vec<Observable> => "Observable[]", clicked: Option<bool> => "?boolean" }
    /// Pivots for one observable of a scan.
    ScanPivots SCAN_PIVOTS = "scan→sw:pivots" { observables: Vec<Observable> => "Observable[]" }
    /// The actions for a scan's observables, in batches.
    ScanActions SCAN_ACTIONS = "scan→sw:actions" { observables: Vec<Observable> => "Observable[]" }
    /// The organisation's API calls left this hour, as last seen.
    ScanBudget SCAN_BUDGET = "scan→sw:budget" {}
    /// Repaint the page's highlights (neutral, or by verdict).
    ScanPaint SCAN_PAINT = "scan→sw:paint" { id: String => "string", verdict_colours: Option<bool> => "?boolean", classes: Option<Vec<u8>> => "?number[]" }
    /// Scroll the page to an occurrence.
    ScanGoto SCAN_GOTO = "scan→sw:goto" { id: String => "string", occurrence: Value => "number" }
    /// Remove the page's highlights.
    ScanClear SCAN_CLEAR = "scan→sw:clear" { id: String => "string" }
    /// One confirmation per row of a bulk run.
    ScanRunConfirm SCAN_RUN_CONFIRM = "scan→sw:run-confirm" { urls: Vec<Value> => "string[]" }
    /// Start the confirmed run (one at a time); `casebook`: where its audit notes go.
    ScanRunStart SCAN_RUN_START = "scan→sw:run-start" { groups: Value => "ScanGroup[]", nonces: Vec<Value> => "string[]", casebook: Option<String> => "?string" }
    /// The stored run, with `audit: { casebook, written, failed, lastError? }` when it has a casebook.
    ScanRunState SCAN_RUN_STATE = "scan→sw:run-state" {}
    /// Stop: nothing more is sent after the row in flight.
    ScanRunStop SCAN_RUN_STOP = "scan→sw:run-stop" {}
}

/// A page's message, or why it is not one; `None`: not a message of this worker (no `type` it knows).
pub fn parse(v: &Value) -> Option<Result<Message, crate::Error>> {
    let name = v.get("type")?.as_str()?;
    let spec = SPECS.iter().find(|s| s.name == name)?;
    Some(build(name, v).ok_or_else(|| {
        let fields: Vec<String> =
            spec.fields.iter().map(|(f, t)| format!("{}{}: {}", camel(f), if t.starts_with('?') { "?" } else { "" }, t.trim_start_matches('?'))).collect();
        // English on purpose: the extension's own pages never send a malformed message (a
        // developer's mistake, named in JavaScript's terms), so no analyst reads it.
        crate::Error::bad_input(format!("The message {name} is malformed: it takes {{ {} }}.", fields.join(", ")))
    }))
}

fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in snake.chars() {
        if c == '_' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

const GENERATED: &str = "Generated from src/worker/messages.rs by its test (SXR_WRITE_GENERATED=1 cargo test --lib worker::messages): do not edit.";

/// `extension/messages.js`: the names, for the pages.
pub fn js() -> String {
    let mut s = format!("// {GENERATED}\n/** The worker's messages by name (`type`). */\nexport const MSG = Object.freeze({{\n");
    for m in SPECS {
        s.push_str(&format!("  {}: '{}',\n", m.constant, m.name));
    }
    s.push_str("});\n");
    s
}

/// `src/worker/messages.d.ts`: each message's fields, and the types of the payloads the worker
/// reads into typed structs (`SettingsForm`, `Prefs`, `ScanGroup`), generated from them (ts-rs,
/// a dev-dependency: native tests only).
#[cfg(all(test, not(target_arch = "wasm32")))]
pub fn dts() -> String {
    use ts_rs::TS;
    let cfg = ts_rs::Config::new();
    let typed = [crate::settings::SettingsForm::decl(&cfg), crate::settings::Prefs::decl(&cfg), crate::scan::run::Group::decl(&cfg)].join("\n");
    let mut s = format!("// {GENERATED}\nimport type {{ Observable, Action }} from '../../www/pkg/securex_respond.js';\n{typed}\ntype NewCasebook = Record<string, unknown>;\n\nexport type WorkerMessage =\n");
    for m in SPECS {
        let fields: String = m
            .fields
            .iter()
            .map(|(f, t)| match t.strip_prefix('?') {
                Some(t) => format!(" {}?: {};", camel(f), t),
                None => format!(" {}: {};", camel(f), t),
            })
            .collect();
        s.push_str(&format!("  /** {} */\n  | {{ type: '{}';{} }}\n", m.doc.trim(), m.name, fields));
    }
    s.push_str("  ;\n\nexport declare const MSG: {\n");
    for m in SPECS {
        s.push_str(&format!("  readonly {}: '{}';\n", m.constant, m.name));
    }
    s.push_str("};\n");
    s
}

/// The table of `docs/development.md` (between its `messages:begin` and `messages:end` markers).
pub fn table() -> String {
    let mut s = String::from("| Message | Fields | What the worker does |\n|---|---|---|\n");
    for m in SPECS {
        let fields: Vec<String> = m.fields.iter().map(|(f, t)| format!("`{}{}`", camel(f), if t.starts_with('?') { "?" } else { "" })).collect();
        s.push_str(&format!("| `{}` | {} | {} |\n", m.name, fields.join(", "), m.doc.trim()));
    }
    s
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use serde_json::json;

    const BEGIN: &str = "<!-- messages:begin -->\n";
    const END: &str = "<!-- messages:end -->";

    fn root(p: &str) -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(p)
    }

    /// The generated files are what the enum says (rewritten with SXR_WRITE_GENERATED=1).
    #[test]
    fn generated_files_are_current() {
        let write = std::env::var_os("SXR_WRITE_GENERATED").is_some();
        let readme_path = root("docs/development.md");
        let readme = std::fs::read_to_string(&readme_path).unwrap();
        let (head, rest) = readme.split_once(BEGIN).expect("docs/development.md has the messages:begin marker");
        let (_, tail) = rest.split_once(END).expect("docs/development.md has the messages:end marker");
        let want_readme = format!("{head}{BEGIN}{}{END}{tail}", table());
        let files = [(root("extension/messages.js"), js()), (root("src/worker/messages.d.ts"), dts()), (readme_path, want_readme)];
        for (path, want) in files {
            let got = std::fs::read_to_string(&path).unwrap_or_default();
            if write {
                std::fs::write(&path, &want).unwrap();
            } else {
                assert!(got == want, "{} is stale: run SXR_WRITE_GENERATED=1 cargo test --lib worker::messages", path.display());
            }
        }
    }

    #[test]
    fn names_are_unique_and_parse() {
        let mut names: Vec<&str> = SPECS.iter().map(|s| s.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), SPECS.len());
        let m = parse(&json!({ "type": "view→sw:trigger", "action": { "url": "/x" }, "nonce": "n", "casebook": "c" })).unwrap().unwrap();
        assert!(matches!(&m, Message::ViewTrigger { casebook: Some(c), .. } if c == "c"));
        assert_eq!(m.name(), "view→sw:trigger");
        let m = parse(&json!({ "type": "popup→sw:scan", "tabId": 7 })).unwrap().unwrap();
        assert!(matches!(m, Message::PopupScan { tab_id: 7 }));
        assert!(matches!(parse(&json!({ "type": "view→sw:budget" })), Some(Ok(Message::ViewBudget {}))));
    }

    #[test]
    fn unknown_and_malformed_messages() {
        assert!(parse(&json!({ "type": "view→sw:nope" })).is_none());
        assert!(parse(&json!({ "hello": 1 })).is_none());
        let e = parse(&json!({ "type": "options→sw:stay", "stay": "yes" })).unwrap().unwrap_err();
        assert_eq!(e.kind, crate::ErrorKind::BadInput);
        assert!(e.message.contains("options→sw:stay") && e.message.contains("stay: boolean"), "{}", e.message);
    }
}
