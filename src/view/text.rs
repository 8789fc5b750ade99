//! The catalogue: every sentence, label and plural the pages show, keyed by an id, in one place.
//! Two parts:
//! - [`Label`]: fixed words (button texts, headings, titles), one table row each;
//! - [`Text`]: sentences with parameters (counts, names, messages), plurals decided here.
//!
//! A locale is a [`Locale`] and one function per part (`label_en`, `text_en`); adding one is
//! adding those two tables (the compiler lists every id a new table misses).

use serde::{Deserialize, Serialize};

/// The languages the catalogue has. Adding one: a variant, a `label_xx` and a `text_xx` table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    En,
}

impl Locale {
    /// The locale for a BCP 47 tag ("en-GB", "ja"): the first one the catalogue has, else English.
    pub fn pick(tags: &[&str]) -> Locale {
        let _ = tags; // English only for now: every tag falls back to it
        Locale::En
    }
}

macro_rules! labels {
    ($($id:ident = $en:expr,)*) => {
        /// A fixed word or phrase of a page. The id is the key the pages read (`labels().<id>`).
        #[allow(non_camel_case_types)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
        pub enum Label { $($id,)* }

        impl Label {
            /// Every label, in table order.
            pub const ALL: &'static [Label] = &[$(Label::$id,)*];
            /// The key pages use.
            pub fn key(self) -> &'static str {
                match self { $(Label::$id => stringify!($id),)* }
            }
        }

        fn label_en(l: Label) -> &'static str {
            match l { $(Label::$id => $en,)* }
        }
    };
}

labels! {
    // ----- the respond view (www/respond-view.js) -----
    listActions = "List response actions",
    jumpToActions = "Jump to actions",
    observablesHeading = "Observables",
    actionsHeading = "Response actions",
    finding = "Finding observables…",
    askingActions = "Asking the modules for response actions…",
    noActions = "No module offers a response action for these observables.",
    defanged = "defanged",
    defangedTitle = "written defanged in the source",
    unwrappedTitle = "decoded out of a rewritten link",
    referenceHost = "reference host",
    referenceTitle = "a sandbox, search engine, mail gateway or console: context, not a threat; not ticked",
    verdictPending = "verdict…",
    verdictPendingTitle = "asking the enrichment modules",
    sightingsPending = "sightings…",
    sightingsPendingTitle = "asking where it was seen",
    showPivots = "Show pivots",
    enrichScope = "Verdicts and pivots need the enrich:read scope (sightings too). Add it to the API client in Threat Response / XDR to see them here; responding works without it.",
    verdictsTitle = "Show each module\u{2019}s verdict",
    noVerdictTitle = "No module has a verdict for this observable",
    noVerdict = "No module has a verdict for this observable.",
    pivotsGeneral = "Pivots: ",
    pivotInert = " (not a https link; not opened)",
    run = "Run…",
    runAction = "Run action",
    cancel = "Cancel",
    escCancels = " Esc cancels",
    // ----- the respond view's cards, one per observable (src/view/cards.rs) -----
    unicodeFormTitle = "The Unicode form of this internationalised name; modules act on the xn-- form beside it",
    generalActions = "Actions for no single observable",
    // ----- its casebook, Investigate and sightings parts (www/respond-intel.js) -----
    investigateAll = "Investigate all in XDR",
    investigate = "Investigate",
    saveToCasebookFirst = "Save them to a casebook first",
    tooLongForLink = "Too long for an Investigate link.",
    noSighting = "No module reported a sighting in your environment",
    showWhereSeen = "Show where it was seen",
    noHostNamed = "No host or account named.",
    casebookToggle = "Add to casebook…",
    casebookTitle = "Casebook title",
    casebookTitleLabel = "Title ",
    casebookPageUrl = " Add this page\u{2019}s address to the description",
    casebookSearch = "Search casebooks (whole words)",
    casebookSearchLabel = "Search casebooks by whole words",
    casebookNotePlaceholder = "Note (optional)",
    casebookNote = "Note",
    casebookCreate = "Create casebook",
    casebookAdd = "Add to casebook",
    casebookNew = " New casebook",
    casebookExisting = " Existing casebook",
    casebookLoading = "Loading casebooks…",
    casebookNone = "No casebook found.",
    casebookCreating = "Creating the casebook…",
    casebookAdding = "Adding to the casebook…",
    casebookOpen = "Open in XDR",
    casebookChoose = "Choose a casebook from the list, or create a new one.",
    // ----- the extension's respond window (extension/view.js, scan-popup.js) -----
    outcomeUnknown = "Outcome unknown: the action may or may not have run. Check the module before running it again.",
    openOptions = "Open the extension options",
    signInAgain = "Sign in again",
    notSetUp = "not set up",
    notSignedIn = "not signed in",
    scanThisPage = "Scan this page",
    // ----- the options page (extension/options.js, options-intel.js) -----
    legendShared = "API client (client credentials)",
    legendSignIn = "OAuth client for signing in (auth-code client id)",
    secretShared = "Client secret",
    secretSignIn = "Client password (confidential clients only)",
    rememberShared = "Remember the secret",
    rememberSignIn = "Remember the password",
    signInFirst = "Sign in with your Cisco XDR account",
    notSignedInLine = "Not signed in.",
    signingIn = "Signing in…",
    signedIn = "Signed in.",
    signedOut = "Signed out.",
    saved = "Saved.",
    testing = "Testing…",
    scopeGranted = "granted",
    scopeMissing = "missing",
    // ----- the scan panel (extension/scan.js) -----
    nextTitle = "Scroll the page to the next occurrence",
    next = "Next \u{2193}",
    pivots = "Pivots",
    scanDefangedTitle = "Written defanged on the page",
    notVisible = "not visible",
    notVisibleTitle = "The page hides every occurrence with its style (transparent, tiny, clipped or off-screen): not selected by Select all shown",
    scanReferenceTitle = "A sandbox, search engine, mail gateway or console: context, not selected by Select all shown",
    noPivots = "No pivots.",
    noHighlights = "This browser has no CSS Custom Highlight API: nothing is highlighted on the page, and everything found is listed here.",
    bulkAsking = "Asking which actions the selected observables offer\u{2026}",
    bulkNone = "No response action is offered for the selected observables.",
    bulkChoose = "Choose the actions to run:",
    review = "Review\u{2026}",
    confirmAndRun = "Confirm and run",
    stop = "Stop",
    continueRun = "Continue with the rows not run\u{2026}",
    preparing = "Preparing the confirmation\u{2026}",
    bulkAuditChoose = "Audit notes are on: choose the casebook each row\u{2019}s note goes to.",
    bulkAuditNone = "No casebook chosen: no audit note will be written for this run.",
    // ----- the portal element and the demo page (www/) -----
    respond = "Respond",
    close = "Close",
    inspectTitle = "Also send the text to Threat Response Inspect (otherwise only the observables you act on leave the page)",
    alsoInspect = " also ask Inspect",
    couldNotStart = "Could not start.",
    missingProvider = "No token provider and no proxy: add the proxy attribute with base-url set to your portal's forwarding path (recommended), or set the element's tokenProvider property to an async function returning { accessToken, expiresIn } from your back end.",
}

/// Which enrichment call a line is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Part {
    Verdicts,
    Sightings,
    Pivots,
    /// The actions offered for a bulk respond (the scan panel).
    Actions,
}

/// A sentence with parameters. `say` in the wasm API takes one as `{ id, ...params }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "id", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum Text {
    // respond view
    UnwrappedFrom { from: String },
    VerdictTime { valid: Option<String>, end_time: Option<String> },
    EnrichUnavailable { part: Part, message: String },
    ModuleNote { module: Option<String>, part: Part, message: String, warning: bool },
    ModuleError { warning: bool, message: String },
    ReferenceFold { value: String },
    Target { kind: String, value: String },
    Confirm { title: String, module: String, target: Option<(String, String)> },
    Running { title: String },
    Succeeded { title: String, module: String },
    Failed { title: String, module: String },
    AuditFailed { message: String },
    AuditAdded { casebook: String, text: String },
    MissingScopes { scopes: Vec<String> },
    RetryIn { seconds: u64 },
    TraceId { trace: String },
    NoAnswer { cause: Option<String> },
    MayHaveRun { message: String },
    // respond view: the cards (src/view/cards.rs)
    MoreActions { n: u64, verdict: String },
    ConfirmRated { question: String, verdict: String, modules: u64 },
    // respond-intel
    InvestigateUnavailable { message: String },
    LastSeen { when: String },
    Sightings { count: u64, facts: String },
    CasebookDone { created: bool, title: String, observables: u64 },
    // extension window
    ConnSignedIn { host: String, user: Option<String> },
    // options
    SignedInAs { user: Option<String> },
    SignedOutNotTold { error: String },
    ConnectedLacks { base_url: String, scopes: Vec<String>, user: Option<Option<String>> },
    ConnectedOk { base_url: String, user: Option<Option<String>> },
    GrantedScopes { scopes: Vec<String> },
    ScopeWhy { scope: String },
    // scan panel
    SelectValue { value: String },
    Occurrences { n: u64 },
    Selected { n: u64 },
    ScanSummary { observables: u64, occurrences: u64, nodes: u64 },
    PageChanged { occurrence: u64, value: String },
    PivotsUnavailable { message: String },
    VerdictsUnavailable { message: String },
    BulkAudit { casebook: String, notes: u64 },
    AuditCounts { written: u64, failed: u64 },
    // demo page
    DemoConnected { base_url: String },
}

impl Label {
    pub fn say(self, locale: Locale) -> &'static str {
        match locale {
            Locale::En => label_en(self),
        }
    }
}

impl Text {
    pub fn say(&self, locale: Locale) -> String {
        match locale {
            Locale::En => text_en(self),
        }
    }
}

/// `n` and the noun in the number that fits it (English: one, other).
fn count_en(n: u64, one: &str, other: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { other })
}

/// " Signed in as …." after a connection line (sign-in mode only: `Some`).
fn who_en(user: &Option<Option<String>>) -> String {
    match user {
        None => String::new(),
        Some(u) => format!(" {}", text_en(&Text::SignedInAs { user: u.clone() })),
    }
}

fn text_en(t: &Text) -> String {
    use Text::*;
    match t {
        UnwrappedFrom { from } => format!("unwrapped from {from}"),
        VerdictTime { valid: Some(v), .. } => v.clone(),
        VerdictTime { valid: None, end_time } => format!("until {}", end_time.as_deref().unwrap_or("")),
        EnrichUnavailable { part, message } => {
            let what = match part {
                Part::Verdicts => "Verdicts",
                Part::Sightings => "Sightings",
                Part::Pivots | Part::Actions => "Pivots",
            };
            format!("{what} unavailable: {message}")
        }
        ModuleNote { module, part: Part::Actions, message, .. } => format!("{}: {message}", module.as_deref().unwrap_or("A module")),
        ModuleNote { module, part, message, warning } => {
            let who = match (module, part) {
                (Some(m), _) => m.as_str(),
                (None, Part::Verdicts) => "A verdict module",
                (None, Part::Sightings) => "A sightings module",
                (None, Part::Pivots | Part::Actions) => "A pivot module",
            };
            let what = if *part == Part::Sightings { " (sightings)" } else { "" };
            format!("{who}{what}: {message}{}", if *warning { " (warning)" } else { "" })
        }
        ModuleError { warning, message } => format!("{}: {message}", if *warning { "Warning" } else { "Error" }),
        ReferenceFold { value } => format!("Show actions for this reference host ({value})"),
        Target { kind, value } => format!("{kind} {value}"),
        Confirm { title, module, target } => match target {
            Some((kind, value)) => format!("Run \u{201c}{title}\u{201d} from {module} on {kind} \u{201c}{value}\u{201d}?"),
            None => format!("Run \u{201c}{title}\u{201d} from {module}?"),
        },
        Running { title } => format!("Running \u{201c}{title}\u{201d}…"),
        Succeeded { title, module } => format!("Done: \u{201c}{title}\u{201d} succeeded ({module})."),
        Failed { title, module } => format!("\u{201c}{title}\u{201d} failed ({module})."),
        AuditFailed { message } => format!("Audit note not written: {message}"),
        AuditAdded { casebook, text } => format!("Audit note added to \u{201c}{casebook}\u{201d}: {text}"),
        MissingScopes { scopes } => format!("Missing scopes: {}", scopes.join(", ")),
        RetryIn { seconds } => format!("Retry in {seconds} s"),
        TraceId { trace } => format!("Trace id: {trace}"),
        NoAnswer { cause: Some(c) } => format!("The extension's background worker did not answer ({c}). Try again."),
        NoAnswer { cause: None } => "The extension's background worker did not answer. Try again.".into(),
        MayHaveRun { message } => format!("{message} The action may or may not have run: check the module before running it again."),
        MoreActions { n, verdict } => format!("More: {} on an observable rated {verdict}", count_en(*n, "action", "actions")),
        ConfirmRated { question, verdict, modules } => {
            format!("{question} It is rated {verdict} by {}: probably not a threat.", count_en(*modules, "module", "modules"))
        }
        InvestigateUnavailable { message } => format!("Investigate links unavailable: {message}"),
        LastSeen { when } => format!(" last seen {when}"),
        Sightings { count, facts } => format!("{}: {facts}", count_en(*count, "sighting", "sightings")),
        CasebookDone { created, title, observables } => {
            format!("{} \u{201c}{title}\u{201d} ({}). ", if *created { "Created" } else { "Added to" }, count_en(*observables, "observable", "observables"))
        }
        ConnSignedIn { host, user } => format!("{host} · {}", user.as_deref().filter(|u| !u.is_empty()).unwrap_or("signed in")),
        SignedInAs { user } => {
            format!("Signed in as {}.", user.as_deref().filter(|u| !u.is_empty()).unwrap_or("you (the server did not say the name)"))
        }
        SignedOutNotTold { error } => format!("Signed out here; the server could not be told: {error}"),
        ConnectedLacks { base_url, scopes, user } => format!(
            "Connected to {base_url}, but the API client lacks: {}. Add {} to the API client in Threat Response / XDR.{}",
            scopes.join(", "),
            if scopes.len() > 1 { "these scopes" } else { "this scope" },
            who_en(user)
        ),
        ConnectedOk { base_url, user } => format!("Connected to {base_url}. The API client has the scopes it needs.{}", who_en(user)),
        GrantedScopes { scopes } if scopes.is_empty() => "Granted scopes: (none)".into(),
        GrantedScopes { scopes } => format!("Granted scopes: {}", scopes.join(" ")),
        ScopeWhy { scope } => match scope.as_str() {
            "inspect:read" => "find observables with the Inspect API",
            "response" => "list and run response actions",
            "enrich:read" => "optional: verdicts, pivots and sightings",
            "casebook" => "optional: casebooks and audit notes (casebook or private-intel)",
            _ => "",
        }
        .into(),
        SelectValue { value } => format!("select {value}"),
        Occurrences { n } => format!("\u{d7}{n}"),
        Selected { n } => format!("{n} selected"),
        ScanSummary { observables, occurrences, nodes } => format!(
            "{}, {}, in {}.",
            count_en(*observables, "observable", "observables"),
            count_en(*occurrences, "occurrence", "occurrences"),
            count_en(*nodes, "text node", "text nodes")
        ),
        PageChanged { occurrence, value } => {
            format!("The page changed occurrence {occurrence} of {value} since the scan: skipped, not scrolled to.")
        }
        PivotsUnavailable { message } => format!("Pivots unavailable: {message}"),
        VerdictsUnavailable { message } => format!("Verdicts unavailable: {message}"),
        BulkAudit { casebook, notes } => format!(
            "Audit notes go to \u{201c}{casebook}\u{201d}: one per row, each one more API call ({notes} more {}).",
            if *notes == 1 { "call" } else { "calls" }
        ),
        AuditCounts { written, failed } => format!("Audit notes: {written} written, {failed} failed."),
        DemoConnected { base_url } => format!("Connected to {base_url} (token via the demo back end; no secret in this page)."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_has_a_distinct_key_and_words() {
        let mut keys: Vec<_> = Label::ALL.iter().map(|l| l.key()).collect();
        assert!(Label::ALL.iter().all(|l| !l.say(Locale::En).trim().is_empty()));
        keys.sort_unstable();
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n, "a label key is used twice");
    }

    #[test]
    fn plurals_follow_the_count() {
        let s = |o, c, n| Text::ScanSummary { observables: o, occurrences: c, nodes: n }.say(Locale::En);
        assert_eq!(s(1, 1, 1), "1 observable, 1 occurrence, in 1 text node.");
        assert_eq!(s(2, 5, 3), "2 observables, 5 occurrences, in 3 text nodes.");
        assert_eq!(s(0, 0, 0), "0 observables, 0 occurrences, in 0 text nodes.");
        let done = |n| Text::CasebookDone { created: true, title: "T".into(), observables: n }.say(Locale::En);
        assert_eq!(done(1), "Created \u{201c}T\u{201d} (1 observable). ");
        assert_eq!(done(2), "Created \u{201c}T\u{201d} (2 observables). ");
        assert_eq!(Text::Sightings { count: 1, facts: "AMP".into() }.say(Locale::En), "1 sighting: AMP");
        assert_eq!(Text::Sightings { count: 3, facts: "AMP".into() }.say(Locale::En), "3 sightings: AMP");
        let lacks =
            |s: &[&str]| Text::ConnectedLacks { base_url: "https://x".into(), scopes: s.iter().map(|x| x.to_string()).collect(), user: None }.say(Locale::En);
        assert!(lacks(&["response"]).contains("lacks: response. Add this scope "), "{}", lacks(&["response"]));
        assert!(lacks(&["response", "inspect:read"]).contains("lacks: response, inspect:read. Add these scopes "));
    }

    #[test]
    fn texts_come_from_their_json_form_as_the_pages_send_them() {
        let t: Text = serde_json::from_value(serde_json::json!({ "id": "selected", "n": 3 })).unwrap();
        assert_eq!(t.say(Locale::En), "3 selected");
        let t: Text = serde_json::from_value(serde_json::json!({ "id": "pageChanged", "occurrence": 2, "value": "evil.com" })).unwrap();
        assert_eq!(t.say(Locale::En), "The page changed occurrence 2 of evil.com since the scan: skipped, not scrolled to.");
        let t: Text = serde_json::from_value(serde_json::json!({ "id": "connSignedIn", "host": "h", "user": "" })).unwrap();
        assert_eq!(t.say(Locale::En), "h · signed in", "an empty name is no name");
        assert!(serde_json::from_value::<Text>(serde_json::json!({ "id": "noSuchText" })).is_err());
        let t: Text = serde_json::from_value(serde_json::json!({ "id": "auditCounts", "written": 3, "failed": 1 })).unwrap();
        assert_eq!(t.say(Locale::En), "Audit notes: 3 written, 1 failed.");
        let t: Text = serde_json::from_value(serde_json::json!({ "id": "bulkAudit", "casebook": "Bulk 1", "notes": 1 })).unwrap();
        assert_eq!(t.say(Locale::En), "Audit notes go to \u{201c}Bulk 1\u{201d}: one per row, each one more API call (1 more call).");
    }

    #[test]
    fn who_is_signed_in_is_said_only_in_sign_in_mode() {
        let ok = |user| Text::ConnectedOk { base_url: "https://x".into(), user }.say(Locale::En);
        assert_eq!(ok(None), "Connected to https://x. The API client has the scopes it needs.");
        assert_eq!(ok(Some(Some("ana".into()))), "Connected to https://x. The API client has the scopes it needs. Signed in as ana.");
        assert!(ok(Some(Some(String::new()))).ends_with("Signed in as you (the server did not say the name)."));
    }
}
