//! The catalogue: every sentence, label and plural the pages show, keyed by an id, in one place.
//! Two parts:
//! - [`Label`]: fixed words (button texts, headings, titles), one table row each;
//! - [`Text`]: sentences with parameters (counts, names, messages), plurals decided here.
//!
//! A locale is a [`Locale`] and one function per part (`label_en`, `text_en` here; the Japanese
//! `label_ja`, `text_ja` in `ja.rs`); adding one is adding those two tables. They are `match`es
//! without a wildcard arm, so the compiler lists every id a table misses: a label or sentence
//! added without its Japanese does not build.

use serde::{Deserialize, Serialize};

/// The languages the catalogue has. Adding one: a variant, its tag in [`Locale::ALL`], a
/// `label_xx` and a `text_xx` table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    En,
    Ja,
}

impl Locale {
    /// Every locale with its BCP 47 primary language subtag.
    pub const ALL: [(Locale, &'static str); 2] = [(Locale::En, "en"), (Locale::Ja, "ja")];

    /// The locale's BCP 47 tag (the pages' `lang` attribute).
    pub fn tag(self) -> &'static str {
        Locale::ALL.iter().find(|(l, _)| *l == self).map_or("en", |(_, t)| t)
    }

    /// The locale of one BCP 47 tag by its primary language subtag, case-insensitive ("ja-JP",
    /// "JA", "ja_JP" as some systems write it); `None`: the catalogue does not have it.
    pub fn of(tag: &str) -> Option<Locale> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or("");
        Locale::ALL.iter().find(|(_, t)| t.eq_ignore_ascii_case(primary)).map(|(l, _)| *l)
    }

    /// The locale for the browser's languages in order of preference ("ja-JP", "en-GB"): the
    /// first one the catalogue has, else English.
    pub fn pick(tags: &[&str]) -> Locale {
        tags.iter().find_map(|t| Locale::of(t)).unwrap_or_default()
    }

    /// The page's locale: the options' "Language" choice (`"en"`, `"ja"`; empty or unknown:
    /// the browser's) wins over the browser's UI languages.
    pub fn choose(choice: &str, ui: &[&str]) -> Locale {
        Locale::of(choice).unwrap_or_else(|| Locale::pick(ui))
    }

    /// `n` as this locale writes numbers in sentences (both group thousands with a comma).
    pub fn number(self, n: u64) -> String {
        match self {
            Locale::En | Locale::Ja => sxr_codec::text::group_thousands(n),
        }
    }
}

thread_local! {
    /// The locale of the moment, for what the core says outside a view model (error messages,
    /// region names, the settings' hints: `errors.rs`). The one piece of global state in the
    /// core, on purpose: a message is built deep in a call, far from any page, and threading a
    /// locale through every call would put it in every signature. Each wasm instance (a page,
    /// the extension's worker, a portal) is single-threaded and sets it where it learns its
    /// language (`setLocale` in `src/wasm/view.rs`, the worker's `language`); native code and
    /// tests that never set it speak English.
    static CURRENT: std::cell::Cell<Locale> = const { std::cell::Cell::new(Locale::En) };
}

/// The locale of the moment (English until [`set_current`]).
pub fn current() -> Locale {
    CURRENT.with(|c| c.get())
}

/// Sets the locale of the moment (this thread's; a wasm instance has one).
pub fn set_current(l: Locale) {
    CURRENT.with(|c| c.set(l));
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

        pub(super) fn label_en(l: Label) -> &'static str {
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
    // ----- the first-run page (extension/onboarding.js, src/view/onboarding.rs) -----
    onboardTitle = "Set up SecureX Respond",
    onboardIntro = "A few steps: how to connect, where your organisation\u{2019}s Threat Response / XDR is, a connection test, and a try on a sample. Nothing is sent until you save or test.",
    onboardIntroManaged = "Your organisation manages this extension: test the connection, then try it on a sample.",
    onboardAllSet = "Your administrator has set up the connection. Sign in if asked, test it, then try the extension on a sample.",
    onboardModeHeading = "How to connect",
    onboardModeHelp = "Choose how this browser reaches your organisation\u{2019}s Threat Response / XDR.",
    onboardSignIn = "Sign in with your Cisco XDR account (recommended)",
    onboardSignInModeHelp = "You act as yourself: no shared secret sits in this browser, and every action is logged under your name.",
    onboardShared = "Shared API client (client id and secret)",
    onboardSharedHelp = "One API client of your organisation; its secret stays in the extension\u{2019}s background worker.",
    onboardRegionHeading = "Where your organisation\u{2019}s Threat Response / XDR is",
    onboardRegionHelp = "The region of your organisation\u{2019}s account, or the base URL of a private deployment.",
    onboardRegion = "Region",
    onboardCustom = "Custom base URL\u{2026}",
    onboardBaseUrl = "Base URL",
    onboardClientHeading = "Your API client",
    onboardClientHeadingSignIn = "Your organisation\u{2019}s OAuth client",
    onboardClientHelpShared = "The client id and secret of an API client your administrator created in Threat Response / XDR.",
    onboardClientHelpSignIn = "The client id of your organisation\u{2019}s auth-code OAuth client (your administrator has it); its password only for a confidential client.",
    onboardClientId = "Client id",
    onboardSave = "Save",
    onboardSaved = "Saved. Now test the connection.",
    onboardSignInHeading = "Sign in",
    onboardSignInHelp = "The browser opens your organisation\u{2019}s sign-in page; the extension keeps your sign-in in its background worker.",
    onboardTestHeading = "Test the connection",
    onboardTestHelp = "One token request to your organisation\u{2019}s API: it says whether the client has the scopes the extension needs.",
    onboardTest = "Test connection",
    onboardSampleHeading = "Try it on a sample",
    onboardSampleHelp = "Opens the respond view on harmless sample indicators (a documentation address and example.com), as the context menu does for a selection. Nothing runs unless you confirm an action.",
    onboardSample = "Try it on a sample",
    onboardOpened = "The respond view is open in its own window. From now on: select text on any page, right-click, and choose Respond to selection.",
    onboardNeedsSave = "Save the connection first.",
    onboardNeedsSignIn = "Sign in first.",
    onboardNeedsTest = "Test the connection first.",
    onboardOptions = "All options",
    onboardReopen = "Set-up guide",
    // ----- the pages' static words (data-label attributes, filled by www/dom.js `localise`) -----
    optionsLink = "Options",
    textLabel = "Text to look at",
    textPlaceholder = "Paste text with indicators (IPs, domains, URLs, hashes, e-mail addresses)",
    findObservables = "Find observables",
    scanPageTitle = "SecureX Respond: scan",
    scanHeading = "Scan",
    clearTitle = "Remove every highlight this scan drew on the page",
    clearHighlights = "Clear highlights",
    verdictColours = "Verdict colours",
    showVerdictColours = " Show verdict colours on the page",
    coloursWarning = "The page can now read the verdicts: its own scripts see which highlight each of its indicators is in, and its colour. Turn this off on a page you do not trust (a phishing kit, a C2 panel, an indicator feed).",
    typeFilter = "Type ",
    verdictFilter = "Verdict ",
    filterAll = "all",
    selectShown = "Select all shown",
    selectNone = "Select none",
    respondSelected = "Respond to selected",
    bulkRun = "Bulk run",
    colSelected = "Selected",
    colObservable = "Observable",
    colType = "Type",
    colOnPage = "On page",
    colVerdict = "Verdict",
    colGoto = "Go to, pivots",
    optionsPageTitle = "SecureX Respond \u{2014} options",
    noTelemetry = "No telemetry: data goes only to your organisation\u{2019}s Threat Response / XDR, when you act. ",
    privacyPolicy = "Privacy policy",
    howToConnect = "How to connect",
    recommended = " (recommended)",
    signInWhy = "You act as yourself: no shared secret sits in this browser, and every action is logged under your name. It needs only the client id of your organisation\u{2019}s auth-code OAuth client (your administrator has it).",
    sharedClient = " Shared API client (client id and secret)",
    whereClient = "Where your API client lives",
    region = "Region",
    customBaseUrl = "Custom base URL\u{2026}",
    baseUrl = "Base URL",
    privateIntelUrl = "Private intelligence URL",
    privateIntelPlaceholder = "https://private.intel.example.com (casebooks; optional)",
    clientId = "Client id",
    onThisDevice = " on this device",
    thisSessionOnly = " for this browser session only",
    yourSignIn = "Your sign-in",
    staySignedIn = " Stay signed in on this device",
    stayWhy = "Ticked, your sign-in is kept on this computer\u{2019}s disk (in this browser profile) until you sign out, so you stay signed in after closing the browser; anyone using this browser profile acts as you. Unticked, it is kept only until the browser closes, and you sign in again after that.",
    redirectUrl = "Redirect URL of this browser (your administrator registers it with the OAuth client): ",
    signOut = "Sign out",
    respondViewLegend = "Respond view",
    enrichTitle = "Needs the optional enrich:read scope. Saved at once.",
    enrichOption = " Show verdicts and pivots (1 more API call per respond; pivots only when you open them)",
    sightingsTitle = "Needs enrich:read. Saved at once.",
    sightingsOption = " Show sightings in your environment (\u{201c}Seen on N of your hosts\u{201d}, from the same call as the verdicts)",
    auditTitle = "Needs the casebook or private-intel scope. Saved at once.",
    auditOption = " Append an audit note to the chosen casebook after each confirmed action (1 more API call per action)",
    language = "Language",
    languageTitle = "The language of the extension\u{2019}s pages. Saved at once; the pages opened next use it.",
    languageBrowser = "Browser default",
    save = "Save",
    testConnection = "Test connection",
    footShared = "The secret stays in this extension\u{2019}s background worker and storage; web pages never see it. Access tokens are kept for this browser session only.",
    footSignIn = "Your sign-in (and a confidential client\u{2019}s password, if any) stays in this extension\u{2019}s background worker and storage; web pages never see it. Access tokens are kept for this browser session only; every action is taken as you.",
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
    UnwrappedFrom {
        from: String,
    },
    VerdictTime {
        valid: Option<String>,
        end_time: Option<String>,
    },
    EnrichUnavailable {
        part: Part,
        message: String,
    },
    ModuleNote {
        module: Option<String>,
        part: Part,
        message: String,
        warning: bool,
    },
    ModuleError {
        warning: bool,
        message: String,
    },
    ReferenceFold {
        value: String,
    },
    Target {
        kind: String,
        value: String,
    },
    Confirm {
        title: String,
        module: String,
        target: Option<(String, String)>,
    },
    Running {
        title: String,
    },
    Succeeded {
        title: String,
        module: String,
    },
    Failed {
        title: String,
        module: String,
    },
    AuditFailed {
        message: String,
    },
    AuditAdded {
        casebook: String,
        text: String,
    },
    MissingScopes {
        scopes: Vec<String>,
    },
    RetryIn {
        seconds: u64,
    },
    TraceId {
        trace: String,
    },
    NoAnswer {
        cause: Option<String>,
    },
    MayHaveRun {
        message: String,
    },
    // respond view: the cards (src/view/cards.rs)
    MoreActions {
        n: u64,
        verdict: String,
    },
    ConfirmRated {
        question: String,
        verdict: String,
        modules: u64,
    },
    // respond-intel
    InvestigateUnavailable {
        message: String,
    },
    LastSeen {
        when: String,
    },
    Sightings {
        count: u64,
        facts: String,
    },
    CasebookDone {
        created: bool,
        title: String,
        observables: u64,
    },
    // extension window
    ConnSignedIn {
        host: String,
        user: Option<String>,
    },
    // options
    SignedInAs {
        user: Option<String>,
    },
    SignedOutNotTold {
        error: String,
    },
    ConnectedLacks {
        base_url: String,
        scopes: Vec<String>,
        user: Option<Option<String>>,
    },
    ConnectedOk {
        base_url: String,
        user: Option<Option<String>>,
    },
    GrantedScopes {
        scopes: Vec<String>,
    },
    ScopeWhy {
        scope: String,
    },
    // scan panel
    SelectValue {
        value: String,
    },
    Occurrences {
        n: u64,
    },
    Selected {
        n: u64,
    },
    ScanSummary {
        observables: u64,
        occurrences: u64,
        nodes: u64,
    },
    PageChanged {
        occurrence: u64,
        value: String,
    },
    PivotsUnavailable {
        message: String,
    },
    VerdictsUnavailable {
        message: String,
    },
    BulkAudit {
        casebook: String,
        notes: u64,
    },
    AuditCounts {
        written: u64,
        failed: u64,
    },
    // demo page
    DemoConnected {
        base_url: String,
    },
    // ----- the extension's worker (src/worker/, extension/background.js) -----
    // Said by the worker in Rust: not read from JSON (no deserialiser in the wasm), but the
    // menu titles, which background.js asks for through `say`.
    /// The context menu's entries.
    MenuRespond {},
    MenuScan {},
    /// The toolbar button's title: connected, not connected.
    #[serde(skip_deserializing)]
    IconOn {},
    #[serde(skip_deserializing)]
    IconOff {},
    /// A call of a sign-in that ended meanwhile.
    #[serde(skip_deserializing)]
    CallEnded {},
    #[serde(skip_deserializing)]
    WindowNotOpened {
        cause: String,
    },
    #[serde(skip_deserializing)]
    SignInWindowClosed {
        cause: String,
    },
    #[serde(skip_deserializing)]
    StorageFailed {
        cause: String,
    },
    #[serde(skip_deserializing)]
    VerdictsNeedClick {},
    #[serde(skip_deserializing)]
    RunUnreadable {},
    /// "Scan this page" on a page the browser keeps from extensions (`cause`: the browser's words).
    #[serde(skip_deserializing)]
    ScanUnreadable {
        cause: Option<String>,
    },
    #[serde(skip_deserializing)]
    ScanGone {},
    /// A stored scan cut to the storage bound.
    #[serde(skip_deserializing)]
    ScanLeftOut {
        left: u64,
        total: u64,
        megabytes: u64,
    },
}

/// `n` and the noun in the number that fits it (English: one, other), thousands grouped.
fn count_en(n: u64, one: &str, other: &str) -> String {
    format!("{} {}", Locale::En.number(n), if n == 1 { one } else { other })
}

/// " Signed in as …." after a connection line (sign-in mode only: `Some`).
fn who_en(user: &Option<Option<String>>) -> String {
    match user {
        None => String::new(),
        Some(u) => format!(" {}", text_en(&Text::SignedInAs { user: u.clone() })),
    }
}

fn num(n: u64) -> String {
    Locale::En.number(n)
}

pub(super) fn text_en(t: &Text) -> String {
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
        RetryIn { seconds } => format!("Retry in {} s", num(*seconds)),
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
        Occurrences { n } => format!("\u{d7}{}", num(*n)),
        Selected { n } => format!("{} selected", num(*n)),
        ScanSummary { observables, occurrences, nodes } => format!(
            "{}, {}, in {}.",
            count_en(*observables, "observable", "observables"),
            count_en(*occurrences, "occurrence", "occurrences"),
            count_en(*nodes, "text node", "text nodes")
        ),
        PageChanged { occurrence, value } => {
            format!("The page changed occurrence {} of {value} since the scan: skipped, not scrolled to.", num(*occurrence))
        }
        PivotsUnavailable { message } => format!("Pivots unavailable: {message}"),
        VerdictsUnavailable { message } => format!("Verdicts unavailable: {message}"),
        BulkAudit { casebook, notes } => format!(
            "Audit notes go to \u{201c}{casebook}\u{201d}: one per row, each one more API call ({} more {}).",
            num(*notes),
            if *notes == 1 { "call" } else { "calls" }
        ),
        AuditCounts { written, failed } => format!("Audit notes: {} written, {} failed.", num(*written), num(*failed)),
        DemoConnected { base_url } => format!("Connected to {base_url} (token via the demo back end; no secret in this page)."),
        // ----- the extension's worker -----
        MenuRespond {} => "Respond to selection".into(),
        MenuScan {} => "Scan this page for indicators".into(),
        IconOn {} => "SecureX Respond: paste text".into(),
        IconOff {} => "SecureX Respond: not connected (open the options)".into(),
        CallEnded {} => "Not sent: you signed out (or signed in again) while this was waiting.".into(),
        WindowNotOpened { cause } => format!("The respond window did not open ({cause})."),
        SignInWindowClosed { cause } => format!("The sign-in window closed before the sign-in ended ({cause}). Sign in again."),
        StorageFailed { cause } => format!("The extension could not use its storage ({cause}). Reload the extension and try again."),
        VerdictsNeedClick {} => "Not sent: a scan asks verdicts for more observables only when you click for them.".into(),
        RunUnreadable {} => "The stored bulk run is unreadable: start it again from the scan panel.".into(),
        ScanUnreadable { cause } => format!(
            "This page cannot be scanned: the browser does not let extensions read it (its own pages, the extension stores, other extensions). Copy the text and paste it into the toolbar popup instead{}",
            cause.as_deref().map_or(".".to_string(), |c| format!(" ({c})"))
        ),
        ScanGone {} => "This scan is no longer available: scan the page again.".into(),
        ScanLeftOut { left, total, megabytes } => format!(
            "{left} of {total} observables were left out: the page found more than the extension can keep for this panel ({megabytes} MB). Scan a smaller part of the page (select it and use \u{201c}Respond to selection\u{201d}) to act on the others."
        ),
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
    fn the_workers_words_are_in_the_catalogue_and_say_what_to_do() {
        let unreadable = |cause: Option<&str>| Text::ScanUnreadable { cause: cause.map(String::from) }.say(Locale::En);
        assert!(unreadable(None).ends_with("paste it into the toolbar popup instead."), "{}", unreadable(None));
        assert!(unreadable(Some("Cannot access")).ends_with("instead (Cannot access)"), "the browser's words kept, once");
        let t: Text = serde_json::from_value(serde_json::json!({ "id": "menuScan" })).unwrap();
        assert_eq!(t.say(Locale::En), "Scan this page for indicators", "background.js reads it through say()");
        let left = Text::ScanLeftOut { left: 3, total: 10, megabytes: 4 }.say(Locale::En);
        assert!(left.starts_with("3 of 10 observables were left out") && left.contains("(4 MB)"), "{left}");
        assert!(left.contains(&format!("\u{201c}{}\u{201d}", Text::MenuRespond {}.say(Locale::En))), "names the menu entry as it reads");
        assert!(Text::StorageFailed { cause: "quota".into() }.say(Locale::En).contains("(quota). Reload the extension"));
    }

    #[test]
    fn who_is_signed_in_is_said_only_in_sign_in_mode() {
        let ok = |user| Text::ConnectedOk { base_url: "https://x".into(), user }.say(Locale::En);
        assert_eq!(ok(None), "Connected to https://x. The API client has the scopes it needs.");
        assert_eq!(ok(Some(Some("ana".into()))), "Connected to https://x. The API client has the scopes it needs. Signed in as ana.");
        assert!(ok(Some(Some(String::new()))).ends_with("Signed in as you (the server did not say the name)."));
    }
}
