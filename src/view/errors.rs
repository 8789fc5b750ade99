//! The catalogue's third part: the error messages the core builds (`crate::Error::message`) and
//! the other sentences the core writes for people outside the view models (region names, the
//! API budget line, the settings' hints and notices). English here, Japanese in `ja.rs`
//! (`error_ja`, a `match` without a wildcard arm: a message added without its Japanese does not
//! build).
//!
//! Apart from [`super::Text`] because nothing asks for these by id: the core says them where the
//! error happens, in the locale of the moment ([`super::text::current`]), so they need no serde
//! code in the wasm. `String::from(ErrorText)` is that rendering (`Error::new(kind, ErrorText::…)`).
//!
//! Every message names the next step. Parameters are kept as the server or the caller wrote
//! them (hosts, statuses, scopes, trace ids): already redacted and cut where they come in.

/// A message of the core, with its parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorText {
    // ----- durations and answer bodies (parts of other sentences) -----
    /// `s` seconds as a person reads them ("60 minutes (3557 seconds)").
    Duration {
        seconds: u64,
    },
    /// What kind of body an answer had (`api::describe_body`).
    BodyEmpty,
    BodyHtml,
    BodyUnexpectedJson,
    BodyNotJson,
    // ----- the failure classification (src/api/mod.rs) -----
    RateLimitedRetry {
        limit: Option<u64>,
        wait: String,
    },
    RateLimitedWait,
    TokenRejectedTwice,
    ScopeRefusedGeneric,
    ScopeMissing {
        scopes: Vec<String>,
    },
    AccessRefused {
        detail: Option<String>,
    },
    InvalidRequest {
        status: u16,
        detail: Option<String>,
    },
    ServerError {
        status: u16,
        trace: Option<String>,
    },
    NotFound {
        detail: Option<String>,
    },
    NotAnApiAnswer {
        host: String,
        status: u16,
        body: String,
    },
    UnreadableAnswer {
        what: String,
        body: String,
    },
    /// The organisation's API budget (`RateBudget::line`).
    BudgetLeft {
        left: u64,
        limit: Option<u64>,
    },
    // ----- observables -----
    NoObservables,
    TooManyObservables {
        n: u64,
        max: u64,
    },
    EmptyObservable,
    ObservablesNotJson,
    NothingToLookAt,
    NothingToInspect,
    InspectTooLong {
        kb: u64,
        max_kb: u64,
    },
    NothingToInvestigate,
    // ----- the client: endpoint, transport, tokens (src/client/) -----
    RegionAndBaseUrl,
    NoRegion,
    ProxyNoRegion,
    ProxyNeedsBaseUrl,
    BadTimeout,
    PortalSessionEnded {
        host: String,
    },
    TimedOut {
        host: String,
        wait: String,
    },
    NoCompleteAnswer {
        host: String,
        detail: String,
        proxy: bool,
    },
    AnswerTooLarge {
        host: String,
        declared_mb: Option<u64>,
        max_mb: u64,
    },
    Redirected {
        host: String,
        status: Option<u16>,
    },
    ProxyHoldsNoToken,
    ProviderEmpty,
    ProviderMalformed,
    ProviderFailed {
        detail: Option<String>,
    },
    ClientRejected {
        host: String,
        status: u16,
    },
    NoIntelUrl {
        host: String,
        example: String,
    },
    // ----- a trigger's unknown fate (Error::into_outcome_unknown and its reasons) -----
    OutcomeUnknown {
        reason: String,
    },
    UnknownNoAnswerWithin {
        wait: String,
    },
    UnknownConnectionFailed,
    UnknownServerError {
        status: u16,
        trace: Option<String>,
    },
    UnknownUnreadable,
    UnknownRedirect,
    AlreadyTriggering,
    // ----- credentials and tokens (src/auth.rs) -----
    CredentialsMissing,
    CredentialsInvalid,
    NotAToken,
    EmptyToken,
    NotBearer {
        kind: Option<String>,
    },
    // ----- sign-in (src/oauth.rs, src/client/signin.rs) -----
    BadSignInScope {
        scope: String,
    },
    SignInNeedsClientId,
    SignInNeedsClientIdShort,
    NoRedirectUrl,
    NoRandom,
    SignInWrongRedirect,
    SignInUnexpectedAddress,
    SignInBadState,
    SignInDeclined {
        detail: Option<String>,
    },
    SignInErrorAnswer {
        error: String,
        detail: Option<String>,
    },
    SignInNoCode,
    SignInClientRefused {
        host: String,
        status: u16,
    },
    SignInCodeRefused,
    SignInRefused {
        status: u16,
    },
    SignedOutExpired,
    OAuthClientInvalid,
    NotSignedInClient,
    NotASignInClient,
    SignInOtherClient,
    // ----- regions, base URLs and proxy URLs (src/config.rs) -----
    RegionName {
        id: String,
    },
    UnknownRegion {
        region: String,
    },
    BadBaseUrl {
        which: UrlField,
        url: String,
        why: UrlFlaw,
    },
    BadProxyUrl {
        intel: bool,
        url: String,
        why: UrlFlaw,
    },
    // ----- response actions and confirmations -----
    BadTriggerUrl {
        url: String,
        why: TriggerFlaw,
    },
    #[cfg(feature = "extension")]
    NothingToConfirm,
    #[cfg(feature = "extension")]
    NotConfirmed,
    #[cfg(feature = "extension")]
    ConfirmMismatch,
    #[cfg(feature = "extension")]
    ConfirmNoUrl,
    #[cfg(feature = "extension")]
    NotConfirmedBulk,
    #[cfg(feature = "extension")]
    BulkRunGoing,
    #[cfg(feature = "extension")]
    NothingToRun,
    // ----- casebooks (src/api/intel.rs) -----
    NotACasebookId {
        id: String,
    },
    BadSearchLimit {
        max: u64,
    },
    /// `field`: "title", "description" or "note".
    CasebookTextTooLong {
        field: &'static str,
        chars: u64,
        max: u64,
    },
    CasebookNeedsTitle,
    BadTlp {
        tlps: String,
    },
    NoCasebookId,
    CasebookScopeMissing,
    CasebookReadOnly {
        refused: String,
    },
    CasebookNotFound {
        id: String,
    },
    // ----- the extension's settings (src/settings/) -----
    #[cfg(feature = "extension")]
    NotSetUp,
    #[cfg(feature = "extension")]
    NotSetUpSignIn,
    #[cfg(feature = "extension")]
    NotSignedIn,
    #[cfg(feature = "extension")]
    LostSecret,
    #[cfg(feature = "extension")]
    LostSignIn,
    #[cfg(feature = "extension")]
    EnrichOff,
    #[cfg(feature = "extension")]
    SightingsOff,
    #[cfg(feature = "extension")]
    EnterToTest {
        id: bool,
        secret: bool,
    },
    #[cfg(feature = "extension")]
    SharedClientMode,
    #[cfg(feature = "extension")]
    SettingsLocked,
    #[cfg(feature = "extension")]
    ModeLocked {
        sign_in: bool,
    },
    #[cfg(feature = "extension")]
    AllowHost {
        host: String,
        or_region: bool,
    },
    #[cfg(feature = "extension")]
    PermissionMissing {
        host: String,
    },
    #[cfg(feature = "extension")]
    PermissionNotice {
        host: String,
    },
    /// A secret not sent to this host; `password`: said of a sign-in's OAuth client password.
    #[cfg(feature = "extension")]
    SecretPolicyOnly {
        host: String,
        in_policy: bool,
        other: String,
        password: bool,
    },
    #[cfg(feature = "extension")]
    SecretOtherIntel {
        intel: Option<String>,
        other: Option<String>,
        password: bool,
    },
    #[cfg(feature = "extension")]
    SecretOtherHost {
        saved: String,
        other: String,
        password: bool,
    },
    #[cfg(feature = "extension")]
    PolicyManaged,
    #[cfg(feature = "extension")]
    PolicySetBy {
        fields: String,
        default_region: Option<String>,
    },
    #[cfg(feature = "extension")]
    HintSaved {
        host: String,
    },
    #[cfg(feature = "extension")]
    HintEnterAgain {
        host: String,
    },
    #[cfg(feature = "extension")]
    HintPublicClient,
    #[cfg(feature = "extension")]
    HintLost,
    #[cfg(feature = "extension")]
    HintPolicy,
    #[cfg(feature = "extension")]
    HintDev,
    // ----- the extension's worker -----
    #[cfg(feature = "extension")]
    SetUpPageNotOpened {
        cause: String,
    },
    // ----- what the respond flow says beside the errors -----
    CasebookScopesMissing {
        scopes: Vec<String>,
    },
    ProviderNoAnswer {
        wait: String,
    },
    AmbiguousAction {
        title: String,
    },
    NoObservablesFound,
    SelectionCut {
        chars: u64,
    },
    /// A feature the granted scopes turn off (`auth::features`): `feature` is its id
    /// ("find", "respond", "enrich").
    FeatureOff {
        feature: &'static str,
        scope: String,
    },
    CasebooksReadOnly,
    CasebooksOff,
    // ----- verdicts -----
    /// A CTIM disposition's name (1 Clean, 2 Malicious, 3 Suspicious, 4 Common, else Unknown).
    Disposition {
        n: u8,
    },
    #[cfg(feature = "extension")]
    NoVerdictYet,
    /// Why a URL rated Unknown is worth a look: its domain's verdict.
    DomainRated {
        domain: String,
        verdict: String,
    },
    #[cfg(feature = "extension")]
    NotVisibleOnPage,
    // ----- a bulk run from the scan panel (src/scan/run.rs) -----
    /// `n` targets of one observable type (`kind`: "domain", "ip", …; another: targets).
    #[cfg(feature = "extension")]
    CountTargets {
        kind: String,
        n: u64,
    },
    #[cfg(feature = "extension")]
    RunHeading {
        actions: u64,
        targets: String,
    },
    #[cfg(feature = "extension")]
    RunCostLeft {
        calls: u64,
        left: u64,
        limit: Option<u64>,
    },
    #[cfg(feature = "extension")]
    RunCost {
        calls: u64,
        per_hour: u64,
    },
    #[cfg(feature = "extension")]
    RunOverLeft {
        calls: u64,
        left: u64,
    },
    #[cfg(feature = "extension")]
    RunOverHour {
        calls: u64,
        per_hour: u64,
    },
    #[cfg(feature = "extension")]
    AuditCost {
        notes: u64,
        all: u64,
    },
    #[cfg(feature = "extension")]
    AuditOverLeft {
        all: u64,
        left: u64,
    },
    #[cfg(feature = "extension")]
    ApartLabel {
        title: String,
        target: String,
        rating: String,
    },
    #[cfg(feature = "extension")]
    ApartNote {
        rated: u64,
        unseen: u64,
    },
    #[cfg(feature = "extension")]
    RowDone,
    #[cfg(feature = "extension")]
    TriggerFailed,
    #[cfg(feature = "extension")]
    ModuleAnswered {
        status: String,
    },
    #[cfg(feature = "extension")]
    RecoveredUnknown,
    #[cfg(feature = "extension")]
    RunCounts {
        ok: u64,
        failed: u64,
        unknown: u64,
    },
    #[cfg(feature = "extension")]
    RunningAnnounce {
        n: u64,
    },
    #[cfg(feature = "extension")]
    RunningSummary {
        sent: u64,
        total: u64,
        counts: String,
    },
    #[cfg(feature = "extension")]
    RunDone {
        counts: String,
    },
    #[cfg(feature = "extension")]
    StoppedRateLimit {
        counts: String,
        pending: u64,
        wait: u64,
        message: String,
    },
    #[cfg(feature = "extension")]
    StoppedRateLimitAnnounce {
        counts: String,
        pending: u64,
        can_continue: bool,
    },
    #[cfg(feature = "extension")]
    StoppedUser {
        counts: String,
        pending: u64,
    },
    #[cfg(feature = "extension")]
    StoppedConnection {
        counts: String,
        pending: u64,
    },
    #[cfg(feature = "extension")]
    NotRunRateLimit,
    #[cfg(feature = "extension")]
    NotRunStopped,
    #[cfg(feature = "extension")]
    NotRunConnection,
    #[cfg(feature = "extension")]
    RowWaiting,
    #[cfg(feature = "extension")]
    RowSending,
    #[cfg(feature = "extension")]
    RowSucceeded,
    #[cfg(feature = "extension")]
    RowFailed {
        message: String,
    },
    #[cfg(feature = "extension")]
    RowUnknown {
        message: String,
    },
    // ----- the scan (src/scan/mod.rs) and sightings (src/api/observe.rs) -----
    #[cfg(feature = "extension")]
    PageTooLong {
        limit: u64,
        scanned: u64,
        left_out: Option<u64>,
    },
    #[cfg(feature = "extension")]
    FramesSkipped {
        n: u64,
        list: String,
    },
    #[cfg(feature = "extension")]
    NoAddress,
    #[cfg(feature = "extension")]
    VerdictsCapped {
        first: u64,
        total: u64,
        cap: u64,
        rest: u64,
        calls: u64,
        left: Option<u64>,
    },
    #[cfg(feature = "extension")]
    AskOtherVerdicts {
        rest: u64,
        calls: u64,
    },
    NotSeen,
    SeenTimes {
        n: u64,
    },
    SeenOnHosts {
        hosts: u64,
    },
    ReportedBy {
        sources: u64,
        reports: u64,
    },
    // ----- times as people read them (src/api/time.rs) -----
    JustNow,
    /// `n` units (0 minutes, 1 hours, 2 days) before (`ago`) or after now.
    Relative {
        n: u64,
        unit: u8,
        ago: bool,
    },
    /// A date (UTC): year, month 1–12, day.
    Date {
        y: i64,
        m: u32,
        d: u32,
    },
    Until {
        when: String,
    },
    Expires {
        when: String,
    },
    Expired {
        when: String,
    },
    // ----- names for what the answer did not name -----
    UnnamedModule,
    UntitledCasebook,
    ModuleErrorWord,
    /// A casebook's line in the picker: its title and how many observables it holds.
    CasebookLine {
        title: String,
        n: u64,
    },
    LinkTooLong {
        length: u64,
        max: u64,
    },
    #[cfg(feature = "extension")]
    NoObservableNamed {
        module: Option<String>,
    },
    /// The new casebook form's title for a page without one, and its description.
    DraftTitle {
        date: String,
        time: String,
    },
    DraftDescription {
        url: String,
    },
}

/// Which URL field a base-URL message is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UrlField {
    BaseUrl,
    PrivateIntel,
}

/// Why a base URL or proxy URL is not usable (`config::check_base_url`, `check_proxy_base_url`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UrlFlaw {
    NoScheme,
    NoHost,
    OnlySchemeHostPort,
    PlainHttp,
    NotHttps,
    PercentEscape,
    PortNotNumber,
    NoClosingBracket,
    OnlyPortAfterIpv6,
    BadIpv6,
    BadHostChars,
    PathNeedsOrigin,
    DotSegment,
    BadPathChars,
    OtherOrigin { page: String },
}

/// Why an action's url cannot be triggered (`api::response::check_trigger_url`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TriggerFlaw {
    NotTriggerPath,
    Fragment,
    ObservableTwice,
    Spaces,
    NotModuleAndAction,
    BadIdChars,
}

#[cfg(feature = "extension")]
impl ErrorText {
    /// A refusal about the API client secret said of a sign-in's OAuth client password instead
    /// (`password: true`); other messages unchanged.
    pub fn for_password(mut self, yes: bool) -> ErrorText {
        use ErrorText::*;
        if let SecretPolicyOnly { password, .. } | SecretOtherIntel { password, .. } | SecretOtherHost { password, .. } = &mut self {
            *password = yes;
        }
        self
    }
}

fn opt(o: &Option<String>, f: impl Fn(&str) -> String) -> String {
    o.as_deref().map(f).unwrap_or_default()
}

fn url_flaw_en(w: &UrlFlaw) -> String {
    use UrlFlaw::*;
    match w {
        NoScheme => "it has no https:// scheme".into(),
        NoHost => "it has no host".into(),
        OnlySchemeHostPort => "only scheme, host and port are allowed (no path, query, user or spaces)".into(),
        PlainHttp => "plain http is only allowed for a loopback address (127.0.0.1 to 127.255.255.255, [::1] or localhost); use https".into(),
        NotHttps => "the scheme must be https".into(),
        PercentEscape => "its host has a percent escape (%); write the host name plainly".into(),
        PortNotNumber => "its port is not a number".into(),
        NoClosingBracket => "its IPv6 address has no closing ]".into(),
        OnlyPortAfterIpv6 => "only a :port may follow an IPv6 address".into(),
        BadIpv6 => "its IPv6 address is not valid".into(),
        BadHostChars => "its host has characters a host name cannot have".into(),
        PathNeedsOrigin => "a path alone needs the page's origin, and this page has none".into(),
        DotSegment => "its path has an empty, \".\" or \"..\" segment".into(),
        BadPathChars => "its path may only have letters, digits, -, _, . and ~ between the slashes (no query, fragment, percent escape or spaces)".into(),
        OtherOrigin { page } => format!(
            "it is not on this page's origin ({page}); the portal's back end forwards the calls, and the browser sends the portal's session cookie only to the portal's own origin"
        ),
    }
}

fn trigger_flaw_en(w: TriggerFlaw) -> &'static str {
    use TriggerFlaw::*;
    match w {
        NotTriggerPath => "is not a /respond/trigger/ path",
        Fragment => "has a fragment",
        ObservableTwice => "names its observable more than once",
        Spaces => "contains spaces or control characters",
        NotModuleAndAction => "does not name exactly a module instance and an action",
        BadIdChars => "has a module instance or action id with characters real ids do not have",
    }
}

pub(super) fn error_en(t: &ErrorText) -> String {
    use ErrorText::*;
    let g = sxr_codec::text::group_thousands;
    match t {
        Duration { seconds: s } => match *s {
            0..=1 => "1 second".into(),
            2..=119 => format!("{s} seconds"),
            120..=7199 => format!("{} minutes ({s} seconds)", s.div_ceil(60)),
            _ => format!("{} hours ({s} seconds)", s.div_ceil(3600)),
        },
        BodyEmpty => "an empty body".into(),
        BodyHtml => "an HTML page".into(),
        BodyUnexpectedJson => "JSON of an unexpected shape".into(),
        BodyNotJson => "a body that is not JSON".into(),
        RateLimitedRetry { limit, wait } => format!(
            "Your organisation has reached the Threat Response rate limit{} (shared by all its API clients). Try again in {wait}.",
            limit.map(|l| format!(" of {l} requests per hour")).unwrap_or_default()
        ),
        RateLimitedWait => {
            "Your organisation has reached the Threat Response rate limit (shared by all its API clients). Wait a few minutes and try again.".into()
        }
        TokenRejectedTwice => "Threat Response rejected the access token twice, even a fresh one. The API client may have been disabled or deleted: check it in XDR (Administration → API Clients).".into(),
        ScopeRefusedGeneric => "The API client is not allowed to use this part of Threat Response. Edit the API client in XDR and grant the scopes inspect:read and response.".into(),
        ScopeMissing { scopes } => format!(
            "The API client lacks the scope{} {}. Edit the API client in XDR (Administration → API Clients), add {}, and try again.",
            if scopes.len() == 1 { "" } else { "s" },
            scopes.join(", "),
            if scopes.len() == 1 { "it" } else { "them" }
        ),
        AccessRefused { detail } => format!(
            "Threat Response refused access (HTTP 403{}). Check that the API client has the scopes inspect:read and response.",
            opt(detail, |d| format!(": {d}"))
        ),
        InvalidRequest { status, detail } => format!(
            "Threat Response refused the request as invalid (HTTP {status}){}. Check the selected text or observables.",
            opt(detail, |d| format!(": {d}"))
        ),
        ServerError { status, trace } => format!(
            "Threat Response had a server error (HTTP {status}{}). Try again in a moment; if it persists, check the Cisco status page{}.",
            opt(trace, |t| format!(", trace id {t}")),
            if trace.is_some() { " and quote the trace id to Cisco support" } else { "" }
        ),
        NotFound { detail } => format!(
            "Threat Response answered \"not found\" (HTTP 404){}. The module or action may have been removed: reload the list of actions.",
            opt(detail, |d| format!(": {d}"))
        ),
        NotAnApiAnswer { host, status, body } => {
            format!("{host} answered HTTP {status} with {body}, which is not a Threat Response API answer. Check the region or base URL.")
        }
        UnreadableAnswer { what, body } => format!(
            "Threat Response answered the {what} request with {body}, not the documented answer. Try again; if it persists, check the region or base URL."
        ),
        BudgetLeft { left, limit: Some(l) } => {
            format!("Your organisation has {} of {} API calls left this hour (shared by all its users and integrations).", g(*left), g(*l))
        }
        BudgetLeft { left, limit: None } => format!("Your organisation has {} API calls left this hour (shared by all its users and integrations).", g(*left)),
        NoObservables => "No observables selected. Select at least one IP, domain, URL, hash or e-mail.".into(),
        TooManyObservables { n, max } => format!("{n} observables selected; at most {max} can be sent at once. Deselect some or select less text."),
        EmptyObservable => {
            "An observable has an empty type or value. Every observable needs both, e.g. {type: \"domain\", value: \"example.com\"}.".into()
        }
        ObservablesNotJson => "The observables could not be encoded as JSON.".into(),
        NothingToLookAt => "Nothing to look at: the text is empty. Select or paste text that contains an IP, domain, URL, hash or e-mail.".into(),
        NothingToInspect => "Nothing to inspect: the text is empty. Select or paste text that contains an IP, domain, URL, hash or e-mail.".into(),
        InspectTooLong { kb, max_kb } => format!(
            "The text is {kb} KB; Inspect takes at most {max_kb} KB per call. Select a smaller part, or use local extraction, which has no limit."
        ),
        NothingToInvestigate => "Nothing to investigate: select or paste text with at least one observable.".into(),
        RegionAndBaseUrl => "Give either a region or a baseUrl, not both.".into(),
        NoRegion => "No region or baseUrl given. Set region to \"us\", \"eu\" or \"apjc\" (where the API client was created).".into(),
        ProxyNoRegion => "In proxy mode give baseUrl, your portal's own path that forwards to Threat Response (for example /securex), not a region: the region is your back end's business.".into(),
        ProxyNeedsBaseUrl => "Proxy mode needs baseUrl: your portal's own path that forwards to Threat Response (for example /securex).".into(),
        BadTimeout => "timeoutMs must be a number of milliseconds between 1000 and 300000.".into(),
        PortalSessionEnded { host } => format!("The portal's session ended ({host} answered HTTP 401): sign in to the portal again, then retry."),
        TimedOut { host, wait } => {
            format!("{host} did not answer within {wait}. Check your connection and try again; if it keeps happening, raise the timeout.")
        }
        NoCompleteAnswer { host, detail, proxy: true } => format!(
            "No complete answer from {host} ({detail}). Check the network connection, and that the portal's back end forwards this path to Threat Response."
        ),
        NoCompleteAnswer { host, detail, proxy: false } => format!(
            "No complete answer from {host} ({detail}). Check the network connection and the region or base URL. In a web page, Threat Response must also allow the page's origin (CORS), which it does not for most portals: embed in proxy mode instead (the portal's back end forwards the calls; README, \"Embed in your portal\")."
        ),
        AnswerTooLarge { host, declared_mb: Some(n), max_mb } => format!(
            "{host} sent an answer of {n} MB, more than the {max_mb} MB this client accepts; it was not read. Check the region or base URL; if it is right, report it."
        ),
        AnswerTooLarge { host, declared_mb: None, max_mb } => format!(
            "{host} sent an answer larger than the {max_mb} MB this client accepts; reading stopped there. Check the region or base URL; if it is right, report it."
        ),
        Redirected { host, status } => format!(
            "{host} answered with a redirect{}, which this client does not follow: Threat Response does not redirect API calls. Check the region or base URL.",
            status.map(|s| format!(" (HTTP {s})")).unwrap_or_default()
        ),
        ProxyHoldsNoToken => "Proxy mode holds no token: the portal's back end adds it.".into(),
        ProviderEmpty => "The token provider returned no accessToken or no positive expiresIn. It must resolve to { accessToken, expiresIn } from your back end's token exchange.".into(),
        ProviderMalformed => "The token provider must resolve to { accessToken: string, expiresIn: number (seconds) }.".into(),
        ProviderFailed { detail } => format!(
            "The token provider failed{}. Check the portal's token endpoint and its Threat Response API client.",
            opt(detail, |d| format!(": {d}"))
        ),
        ClientRejected { host, status } => format!(
            "{host} rejected the API client ID or secret (HTTP {status}). Check both, and that the client was created in this region: a client works only in its own region."
        ),
        NoIntelUrl { host, example } => format!(
            "No private intelligence URL for the custom base URL {host}: casebooks need one. Give privateIntelUrl (for example {example}), or pick a region."
        ),
        OutcomeUnknown { reason } => format!(
            "Outcome unknown: the action was sent, but {reason}. It may or may not have run: check the module's console before triggering it again."
        ),
        UnknownNoAnswerWithin { wait } => format!("no answer came within {wait}"),
        UnknownConnectionFailed => "the connection failed before the answer arrived".into(),
        UnknownServerError { status, trace } => {
            format!("Threat Response answered with a server error (HTTP {status}{})", opt(trace, |t| format!(", trace id {t}")))
        }
        UnknownUnreadable => "its answer could not be read".into(),
        UnknownRedirect => "the answer was a redirect, which this client does not follow".into(),
        AlreadyTriggering => "Not sent again: this action is already being triggered (from this window or another one). Its result shows where it was started; wait for it before running the action again.".into(),
        CredentialsMissing => "The API client ID and secret are both required. Create an API client in XDR/SecureX (Administration → API Clients) and paste its ID and password.".into(),
        CredentialsInvalid => "The API client ID or secret contains characters that cannot be valid (a colon in the ID, or control characters). Paste them again from XDR/SecureX.".into(),
        NotAToken => "The token endpoint answered, but not with an OAuth2 token. Check that the region or base URL points to Threat Response.".into(),
        EmptyToken => "The token endpoint returned an empty token or no lifetime. Try again; if it persists, report it to Cisco.".into(),
        NotBearer { kind: Some(k) } => format!("The token endpoint returned a token of type \"{k}\" instead of a bearer token."),
        NotBearer { kind: None } => "The token endpoint returned a token that is not a bearer token.".into(),
        BadSignInScope { scope } => format!(
            "The scopes your administrator set for signing in (signInScopes) include one that cannot be a scope: \"{scope}\". Ask them to list scopes such as inspect:read, response, enrich:read, casebook."
        ),
        SignInNeedsClientId => "Sign-in needs the client id of an auth-code OAuth client. Ask your administrator for it (Administration → API Clients in XDR) and enter it in the options.".into(),
        SignInNeedsClientIdShort => "Sign-in needs the client id of an auth-code OAuth client: enter it in the options (or ask your administrator).".into(),
        NoRedirectUrl => "The browser gave no usable redirect URL for the sign-in (an https URL without query is needed).".into(),
        NoRandom => "Sign-in needs 48 random bytes (crypto.getRandomValues).".into(),
        SignInWrongRedirect => "Sign-in did not come back to this extension's redirect URL; nothing was exchanged. Try again.".into(),
        SignInUnexpectedAddress => "Sign-in came back to an unexpected address; nothing was exchanged. Try again.".into(),
        SignInBadState => "Sign-in refused: the answer did not carry the state this sign-in sent (it may come from another sign-in, or be forged). Nothing was exchanged. Sign in again.".into(),
        SignInDeclined { detail } => format!(
            "Not signed in: you (or the sign-in page) declined to give this extension access{}. Sign in again when you are ready.",
            opt(detail, |d| format!(" ({d})"))
        ),
        SignInErrorAnswer { error, detail } => {
            format!("Not signed in: the sign-in page answered \"{error}\"{}. Sign in again when you are ready.", opt(detail, |d| format!(" ({d})")))
        }
        SignInNoCode => "Sign-in came back without an authorization code. Sign in again.".into(),
        SignInClientRefused { host, status } => format!(
            "{host} does not accept this client id for signing in (HTTP {status}). It must be the id of an auth-code OAuth client of this region, with this browser's redirect URL registered; ask your administrator."
        ),
        SignInCodeRefused => "Sign-in refused by the server: the authorization code was not accepted (expired, already used, or the PKCE check failed). Sign in again.".into(),
        SignInRefused { status } => {
            format!("Sign-in refused by the server (HTTP {status}). Sign in again; if it keeps failing, ask your administrator to check the OAuth client.")
        }
        SignedOutExpired => "You have been signed out: the sign-in expired or was revoked. Sign in again.".into(),
        OAuthClientInvalid => "The OAuth client's id or password contains characters that cannot be valid. Paste them again from XDR.".into(),
        NotSignedInClient => "You are not signed in (or the sign-in ended). Sign in with your Cisco XDR account.".into(),
        NotASignInClient => "This client was not made for signing in (it has an API client secret or a token provider).".into(),
        SignInOtherClient => "This sign-in was started for another client id; start it again.".into(),
        RegionName { id } => match id.as_str() {
            "us" => "US",
            "eu" => "EU",
            _ => "Asia Pacific",
        }
        .into(),
        UnknownRegion { region } => {
            format!("Unknown region \"{region}\". Use \"us\", \"eu\" or \"apjc\" (the region where the API client was created), or give a baseUrl.")
        }
        BadBaseUrl { which, url, why } => format!(
            "The {} \"{url}\" is not usable: {}. Give it as https://host[:port] (for example https://visibility.amp.cisco.com), or pick a region instead.",
            if *which == UrlField::PrivateIntel { "private intelligence URL" } else { "base URL" },
            url_flaw_en(why)
        ),
        BadProxyUrl { intel, url, why } => format!(
            "The {} \"{url}\" is not usable: {}. In proxy mode give your portal's own path that forwards to Threat Response, as /securex or https://portal.example.com/securex.",
            if *intel { "private intelligence proxy URL" } else { "proxy URL" },
            url_flaw_en(why)
        ),
        BadTriggerUrl { url, why } => format!(
            "This action cannot be triggered: its url \"{url}\" {}. Reload the list of actions; if it persists, the module is misconfigured.",
            trigger_flaw_en(*why)
        ),
        #[cfg(feature = "extension")]
        NothingToConfirm => "Nothing to confirm: no action.".into(),
        #[cfg(feature = "extension")]
        NotConfirmed => "Not sent: this action was not confirmed in the respond view (or the confirmation was already used). Confirm it again.".into(),
        #[cfg(feature = "extension")]
        ConfirmMismatch => "Nothing to confirm: the actions and their confirmations do not match.".into(),
        #[cfg(feature = "extension")]
        ConfirmNoUrl => "Nothing to confirm: an action without a url.".into(),
        #[cfg(feature = "extension")]
        NotConfirmedBulk => "Not sent: the confirmation does not match the actions (or was already used). Confirm again.".into(),
        #[cfg(feature = "extension")]
        BulkRunGoing => "A bulk run is still going: wait for it to finish (its rows show in the scan panel).".into(),
        #[cfg(feature = "extension")]
        NothingToRun => "Nothing to run: no action was chosen.".into(),
        NotACasebookId { id } => format!("\"{id}\" is not a casebook id. Pick the casebook again from the list, or create a new one."),
        BadSearchLimit { max } => format!("limit must be a number from 1 to {max}."),
        CasebookTextTooLong { field, chars, max } => format!("The {field} is {chars} characters long; a casebook takes at most {max}. Shorten it."),
        CasebookNeedsTitle => "A casebook needs a title.".into(),
        BadTlp { tlps } => format!("tlp must be one of {tlps}."),
        NoCasebookId => "The private intelligence service answered without a casebook id. Check the private intelligence URL; if it is right, report it.".into(),
        CasebookScopeMissing => "The API client lacks the scope casebook needed for casebooks. Edit the API client in XDR (Administration → API Clients) or ask your administrator: add Casebook (casebook) or Private Intelligence (private-intel), and try again.".into(),
        CasebookReadOnly { refused } => format!(
            "This sign-in or API client can read casebooks but not change them (refused: {refused}). Writing needs the casebook scope, not casebook:read; ask your administrator to grant it."
        ),
        CasebookNotFound { id } => format!(
            "The casebook {id} was not found: it may have been deleted, or it belongs to another organisation. Choose another casebook or create a new one."
        ),
        #[cfg(feature = "extension")]
        NotSetUp => "Set up the extension first: open its options and enter your API client id and secret.".into(),
        #[cfg(feature = "extension")]
        NotSetUpSignIn => "Set up the extension first: open its options and sign in with your Cisco XDR account (it needs the client id of your organisation's auth-code OAuth client, which your administrator has).".into(),
        #[cfg(feature = "extension")]
        NotSignedIn => "Not signed in: sign in with your Cisco XDR account (the extension's options, or the button below).".into(),
        #[cfg(feature = "extension")]
        LostSecret => "The client secret saved on this device can no longer be decrypted: the extension's key is gone (for example, the browser's site data was cleared). Open the extension options and enter the client secret again.".into(),
        #[cfg(feature = "extension")]
        LostSignIn => "Signed out: the sign-in kept on this device can no longer be decrypted: the extension's key is gone (for example, the browser's site data was cleared). Sign in again.".into(),
        #[cfg(feature = "extension")]
        EnrichOff => "Verdicts and pivots are turned off in the extension options.".into(),
        #[cfg(feature = "extension")]
        SightingsOff => "Sightings are turned off in the extension options.".into(),
        #[cfg(feature = "extension")]
        EnterToTest { id, secret } => format!(
            "Enter {} above, then press Test connection again.",
            match (id, secret) {
                (true, true) => "the API client's id and its secret (its password in XDR)",
                (true, false) => "the API client's id",
                _ => "the API client's secret (its password in XDR)",
            }
        ),
        #[cfg(feature = "extension")]
        SharedClientMode => "The extension is set to use a shared API client: choose \"Sign in with your Cisco XDR account\" in its options first.".into(),
        #[cfg(feature = "extension")]
        SettingsLocked => "Your administrator has locked these settings.".into(),
        #[cfg(feature = "extension")]
        ModeLocked { sign_in } => format!(
            "Your administrator set how this extension connects ({}); it cannot be changed here.",
            if *sign_in { "sign in with your Cisco XDR account" } else { "a shared API client" }
        ),
        #[cfg(feature = "extension")]
        AllowHost { host, or_region: true } => format!("Allow the extension to reach {host} (the browser asks when you save or test), or choose a region."),
        #[cfg(feature = "extension")]
        AllowHost { host, or_region: false } => {
            format!("Allow the extension to reach {host} (the browser asks when you save or test): without it nothing can be sent to Threat Response.")
        }
        #[cfg(feature = "extension")]
        PermissionMissing { host } => format!(
            "This browser does not allow the extension to reach {host}: the site permission was refused or removed. Open the extension options and press Save or Test connection to allow it."
        ),
        #[cfg(feature = "extension")]
        PermissionNotice { host } => format!("The browser does not allow this extension to reach {host} yet. Save or Test connection asks for it."),
        #[cfg(feature = "extension")]
        SecretPolicyOnly { password: true, .. } | SecretOtherIntel { password: true, .. } | SecretOtherHost { password: true, .. } => {
            error_en(&t.clone().for_password(false)).replace("client secret", "OAuth client password")
        }
        #[cfg(feature = "extension")]
        SecretPolicyOnly { host, in_policy, other, .. } => format!(
            "Not sent: your administrator set the client secret, so it goes only to {host}, {}, never to another host ({other}).{}",
            if *in_policy { "the host in the policy" } else { "the default region, because the policy names no region or base URL" },
            if *in_policy { "" } else { " Ask your administrator to set the region or base URL in the policy." },
        ),
        #[cfg(feature = "extension")]
        SecretOtherIntel { intel, other, .. } => format!(
            "Not sent: the saved client secret was entered with {} and is never used with another private intelligence URL ({}): the token it gets would go there. Enter the client secret again.",
            intel.as_deref().map_or("no private intelligence URL".to_string(), |i| format!("the private intelligence URL {i}")),
            other.as_deref().unwrap_or("none")
        ),
        #[cfg(feature = "extension")]
        SecretOtherHost { saved, other, .. } => {
            format!("Not sent: the saved client secret was entered for {saved} and is never sent to another host ({other}). Enter the client secret for {other}.")
        }
        #[cfg(feature = "extension")]
        PolicyManaged => "Your administrator manages these settings; they cannot be changed here.".into(),
        #[cfg(feature = "extension")]
        PolicySetBy { fields, default_region } => format!(
            "Set by your administrator: {fields}.{}",
            opt(default_region, |r| format!(
                " Their client secret is only sent to the default region ({r}), because the policy names no region or base URL."
            ))
        ),
        #[cfg(feature = "extension")]
        HintSaved { host } => format!("saved for {host} — leave empty to keep it for that host"),
        #[cfg(feature = "extension")]
        HintEnterAgain { host } => format!("enter it again: the saved one is for {host} only"),
        #[cfg(feature = "extension")]
        HintPublicClient => "None: a public client (recommended). Enter the password only for a confidential client.".into(),
        #[cfg(feature = "extension")]
        HintLost => "enter it again: the one saved on this device can no longer be decrypted".into(),
        #[cfg(feature = "extension")]
        HintPolicy => "set by your administrator".into(),
        #[cfg(feature = "extension")]
        HintDev => "the dev configuration's demo secret".into(),
        #[cfg(feature = "extension")]
        SetUpPageNotOpened { cause } => format!("The set-up page did not open ({cause}); open it from the extension's options."),
        CasebookScopesMissing { scopes } => format!(
            "The API client lacks the scope {} needed for casebooks. Edit the API client in XDR (Administration → API Clients), add Casebook (casebook) or Private Intelligence (private-intel), and try again.",
            scopes.join(", ")
        ),
        ProviderNoAnswer { wait } => format!("it did not answer within {wait}"),
        AmbiguousAction { title } => format!(
            "The action \"{title}\" names its observable more than once in its url, so which one it would act on is unclear; it is not offered. Report it to the module's owner."
        ),
        NoObservablesFound => "No observables found in this text.".into(),
        SelectionCut { chars } => format!("The selection was long: only its first {} characters are used.", g(*chars)),
        FeatureOff { feature, scope } => format!(
            "{}: off, the {scope} scope was not granted. Ask your administrator to add it to the OAuth or API client (and to your XDR role).",
            match *feature {
                "find" => "Finding observables with the Inspect API (local extraction still works)",
                "respond" => "Listing and running response actions",
                _ => "Verdicts, pivots and sightings",
            }
        ),
        CasebooksReadOnly => "Casebooks are read-only: the granted casebook:read (or private-intel:read) lists and searches them but cannot create one or add to it. Ask your administrator for the casebook scope.".into(),
        CasebooksOff => "Casebooks are off: the casebook scope was not granted. Ask your administrator to add it to the OAuth or API client (and to your XDR role).".into(),
        Disposition { n } => match n {
            1 => "Clean",
            2 => "Malicious",
            3 => "Suspicious",
            4 => "Common",
            _ => "Unknown",
        }
        .into(),
        #[cfg(feature = "extension")]
        NoVerdictYet => "No verdict yet".into(),
        DomainRated { domain, verdict } => format!("its domain {domain} is {verdict}"),
        #[cfg(feature = "extension")]
        NotVisibleOnPage => "Not visible on the page".into(),
        #[cfg(feature = "extension")]
        CountTargets { kind, n } => {
            let (one, many) = match kind.as_str() {
                "domain" => ("domain", "domains"),
                "ip" | "ipv6" => ("IP address", "IP addresses"),
                "url" => ("URL", "URLs"),
                "email" => ("e-mail address", "e-mail addresses"),
                "md5" | "sha1" | "sha256" => ("file hash", "file hashes"),
                "mac_address" => ("MAC address", "MAC addresses"),
                _ => ("target", "targets"),
            };
            format!("{n} {}", if *n == 1 { one } else { many })
        }
        #[cfg(feature = "extension")]
        RunHeading { actions, targets } => format!("Run {actions} {} on {targets}?", if *actions == 1 { "action" } else { "actions" }),
        #[cfg(feature = "extension")]
        RunCostLeft { calls, left, limit } => format!(
            "This sends {calls} trigger {} to Threat Response, one at a time: {calls} of the {} calls your organisation has left this hour{} (shared by every user and integration of it). A rate limit (429) stops the run; nothing is sent twice.",
            if *calls == 1 { "call" } else { "calls" },
            g(*left),
            limit.map(|l| format!(" of its {}", g(l))).unwrap_or_default()
        ),
        #[cfg(feature = "extension")]
        RunCost { calls, per_hour } => format!(
            "This sends {calls} trigger {} to Threat Response, one at a time: {calls} of the {} calls an hour your organisation shares (every user and integration of it). A rate limit (429) stops the run; nothing is sent twice.",
            if *calls == 1 { "call" } else { "calls" },
            g(*per_hour)
        ),
        #[cfg(feature = "extension")]
        RunOverLeft { calls, left } => {
            format!("{calls} calls are more than the {} your organisation has left this hour: choose fewer, or wait for the hour to turn.", g(*left))
        }
        #[cfg(feature = "extension")]
        RunOverHour { calls, per_hour } => format!("{calls} calls are more than the organisation's whole hourly budget of {}: choose fewer.", g(*per_hour)),
        #[cfg(feature = "extension")]
        AuditCost { notes, all } => {
            format!(" Each row\u{2019}s audit note is one more API call: {notes} more {}, {all} in all.", if *notes == 1 { "call" } else { "calls" })
        }
        #[cfg(feature = "extension")]
        AuditOverLeft { all, left } => format!(
            "{all} calls with the audit notes are more than the {} your organisation has left this hour: choose fewer, or wait for the hour to turn.",
            g(*left)
        ),
        #[cfg(feature = "extension")]
        ApartLabel { title, target, rating } => format!("{title}: {target} ({rating})"),
        #[cfg(feature = "extension")]
        ApartNote { rated, unseen } => {
            let rows = |n: u64| if n == 1 { "this row is" } else { "these rows are" };
            let mut notes = Vec::new();
            if *rated > 0 {
                notes.push(format!("Rated Clean or Common by your enrichment modules: {} not ticked.", rows(*rated)));
            }
            if *unseen > 0 {
                notes.push(format!(
                    "Not visible on the page (the page hides the text with its style: a hostile page can hide indicators among real ones): {} not ticked.",
                    rows(*unseen)
                ));
            }
            format!("{} Tick one only if you mean to act on it.", notes.join(" "))
        }
        #[cfg(feature = "extension")]
        RowDone => "Done".into(),
        #[cfg(feature = "extension")]
        TriggerFailed => "The trigger failed.".into(),
        #[cfg(feature = "extension")]
        ModuleAnswered { status } => format!("The module answered \u{201c}{status}\u{201d}."),
        #[cfg(feature = "extension")]
        RecoveredUnknown => "Outcome unknown: the extension stopped while this action was being sent. Check the module before running it again.".into(),
        #[cfg(feature = "extension")]
        RunCounts { ok, failed, unknown } => format!("{ok} succeeded, {failed} failed, {unknown} outcome unknown"),
        #[cfg(feature = "extension")]
        RunningAnnounce { n } => format!("Running {n} actions, one at a time."),
        #[cfg(feature = "extension")]
        RunningSummary { sent, total, counts } => format!("Running, one at a time: {sent} of {total} sent ({counts})."),
        #[cfg(feature = "extension")]
        RunDone { counts } => format!("Done: {counts}."),
        #[cfg(feature = "extension")]
        StoppedRateLimit { counts, pending, wait, message } => format!(
            "Stopped by the rate limit (429): {counts}; {pending} not run. {} ({message})",
            if *wait == 0 { "You can continue now.".to_string() } else { format!("Continue in {wait} s.") }
        ),
        #[cfg(feature = "extension")]
        StoppedRateLimitAnnounce { counts, pending, can_continue } => format!(
            "Stopped by the rate limit (429): {counts}; {pending} not run.{}",
            if *can_continue { " You can continue now." } else { "" }
        ),
        #[cfg(feature = "extension")]
        StoppedUser { counts, pending } => format!("Stopped: {counts}; {pending} not run."),
        #[cfg(feature = "extension")]
        StoppedConnection { counts, pending } => format!(
            "Stopped: the connection changed since the run was confirmed (another host or client, or a sign-out or sign-in): {counts}; {pending} not run. Confirm them again to run them as you are connected now."
        ),
        #[cfg(feature = "extension")]
        NotRunRateLimit => "Not run (rate limit)".into(),
        #[cfg(feature = "extension")]
        NotRunStopped => "Not run (stopped)".into(),
        #[cfg(feature = "extension")]
        NotRunConnection => "Not run (connection changed)".into(),
        #[cfg(feature = "extension")]
        RowWaiting => "Waiting".into(),
        #[cfg(feature = "extension")]
        RowSending => "Sending…".into(),
        #[cfg(feature = "extension")]
        RowSucceeded => "Succeeded".into(),
        #[cfg(feature = "extension")]
        RowFailed { message } => format!("Failed: {message}"),
        // The core's outcome-unknown messages already say so: said once.
        #[cfg(feature = "extension")]
        RowUnknown { message } => format!("Outcome unknown: {}", message.strip_prefix("Outcome unknown: ").unwrap_or(message)),
        #[cfg(feature = "extension")]
        PageTooLong { limit, scanned, left_out } => format!(
            "This page has more text than a scan reads ({} characters): the first {} characters were scanned{}. Select the rest and use \u{201c}Respond to selection\u{201d} for it.",
            g(*limit),
            g(*scanned),
            left_out.map(|n| format!(" (at least {} more were not)", g(n))).unwrap_or_default()
        ),
        #[cfg(feature = "extension")]
        FramesSkipped { n: 1, list } => format!("1 frame from another site was not scanned: {list}"),
        #[cfg(feature = "extension")]
        FramesSkipped { n, list } => format!("{n} frames from other sites were not scanned: {list}"),
        #[cfg(feature = "extension")]
        NoAddress => "(no address)".into(),
        #[cfg(feature = "extension")]
        VerdictsCapped { first, total, cap, rest, calls, left } => format!(
            "Verdicts were asked for the first {} of the {} observables on this page: a scan asks for at most {} without your click, and every one asked is sent to each of your enrichment modules. The other {} cost {}{}.",
            g(*first),
            g(*total),
            g(*cap),
            g(*rest),
            if *calls == 1 { "1 call".to_string() } else { format!("{calls} calls") },
            left.map(|l| format!(" of the {} your organisation has left this hour", g(l))).unwrap_or_default()
        ),
        #[cfg(feature = "extension")]
        AskOtherVerdicts { rest, calls } => {
            format!("Ask verdicts for the other {} ({})", g(*rest), if *calls == 1 { "1 call".to_string() } else { format!("{calls} calls") })
        }
        NotSeen => "Not seen in your environment".into(),
        SeenTimes { n } => format!("Seen {} in your environment", if *n == 1 { "once".to_string() } else { format!("{n} times") }),
        SeenOnHosts { hosts } => format!("Seen on {hosts} of your hosts"),
        ReportedBy { sources, reports } => format!(
            "Reported by {sources} external source{}, {reports} report{}",
            if *sources == 1 { "" } else { "s" },
            if *reports == 1 { "" } else { "s" }
        ),
        JustNow => "just now".into(),
        Relative { n, unit, ago } => {
            let unit = ["minute", "hour", "day"][(*unit as usize).min(2)];
            let amount = format!("{n} {unit}{}", if *n == 1 { "" } else { "s" });
            if *ago {
                format!("{amount} ago")
            } else {
                format!("in {amount}")
            }
        }
        Date { y, m, d } => {
            const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
            format!("{d} {} {y}", MONTHS[(*m as usize).clamp(1, 12) - 1])
        }
        Until { when } => format!("until {when}"),
        Expires { when } => format!("expires {when}"),
        Expired { when } => format!("expired {when}"),
        UnnamedModule => "Unnamed module".into(),
        UntitledCasebook => "Untitled casebook".into(),
        ModuleErrorWord => "module error".into(),
        CasebookLine { title, n } => format!("{title} · {n} observable{}", if *n == 1 { "" } else { "s" }),
        LinkTooLong { length, max } => format!(
            "This selection is too long for an Investigate link ({length} characters; links stop at {max}). Save it to a casebook and open the casebook in XDR instead."
        ),
        #[cfg(feature = "extension")]
        NoObservableNamed { module: Some(m) } => format!("(no observable named; module {m})"),
        #[cfg(feature = "extension")]
        NoObservableNamed { module: None } => "(no observable named)".into(),
        DraftTitle { date, time } => format!("Casebook {date} {time}"),
        DraftDescription { url } => format!("Observables from {url}"),
    }
}

// The messages of the extension's parts (settings, confirmations, the scan and its bulk run, the
// worker) are only in its build (`feature = "extension"`): the portal's wasm carries none of them.
#[cfg(all(test, feature = "extension"))]
mod tests {
    use super::*;
    use crate::view::Locale;

    /// Words in Latin letters a Japanese message may keep: product, API, scope, field and
    /// protocol names, and the values of the examples it quotes. Anything else in ASCII letters
    /// is English left in the Japanese.
    const TECHNICAL: &[&str] = &[
        "Threat",
        "Response",
        "XDR",
        "SecureX",
        "Cisco",
        "Inspect",
        "Investigate",
        "API",
        "Administration",
        "Clients",
        "HTTP",
        "OAuth",
        "OAuth2",
        "PKCE",
        "JSON",
        "HTML",
        "URL",
        "ID",
        "IP",
        "IPv",
        "MAC",
        "CORS",
        "README",
        "Embed",
        "in",
        "your",
        "portal",
        "KB",
        "MB",
        "https",
        "http",
        "localhost",
        "Cookie",
        "Web",
        "bearer",
        "inspect",
        "read",
        "response",
        "enrich",
        "casebook",
        "private",
        "intel",
        "Casebook",
        "Private",
        "Intelligence",
        "signInScopes",
        "accessToken",
        "expiresIn",
        "string",
        "number",
        "baseUrl",
        "region",
        "us",
        "eu",
        "apjc",
        "privateIntelUrl",
        "timeoutMs",
        "limit",
        "tlp",
        "type",
        "domain",
        "value",
        "example",
        "com",
        "securex",
        "crypto",
        "getRandomValues",
        "respond",
        "trigger",
        "visibility",
        "amp",
        "cisco",
        "state",
        "xn",
    ];

    /// One of each message, with digits for its parameters (so any letters are the message's own).
    fn every() -> Vec<ErrorText> {
        use ErrorText::*;
        let s = || String::from("0");
        let flaws = [
            UrlFlaw::NoScheme,
            UrlFlaw::NoHost,
            UrlFlaw::OnlySchemeHostPort,
            UrlFlaw::PlainHttp,
            UrlFlaw::NotHttps,
            UrlFlaw::PercentEscape,
            UrlFlaw::PortNotNumber,
            UrlFlaw::NoClosingBracket,
            UrlFlaw::OnlyPortAfterIpv6,
            UrlFlaw::BadIpv6,
            UrlFlaw::BadHostChars,
            UrlFlaw::PathNeedsOrigin,
            UrlFlaw::DotSegment,
            UrlFlaw::BadPathChars,
            UrlFlaw::OtherOrigin { page: s() },
        ];
        let triggers = [
            TriggerFlaw::NotTriggerPath,
            TriggerFlaw::Fragment,
            TriggerFlaw::ObservableTwice,
            TriggerFlaw::Spaces,
            TriggerFlaw::NotModuleAndAction,
            TriggerFlaw::BadIdChars,
        ];
        let mut all = vec![
            Duration { seconds: 1 },
            Duration { seconds: 30 },
            Duration { seconds: 3557 },
            Duration { seconds: 9000 },
            BodyEmpty,
            BodyHtml,
            BodyUnexpectedJson,
            BodyNotJson,
            RateLimitedRetry { limit: Some(8000), wait: s() },
            RateLimitedRetry { limit: None, wait: s() },
            RateLimitedWait,
            TokenRejectedTwice,
            ScopeRefusedGeneric,
            ScopeMissing { scopes: vec![s()] },
            ScopeMissing { scopes: vec![s(), s()] },
            AccessRefused { detail: Some(s()) },
            AccessRefused { detail: None },
            InvalidRequest { status: 400, detail: Some(s()) },
            ServerError { status: 500, trace: Some(s()) },
            ServerError { status: 502, trace: None },
            NotFound { detail: Some(s()) },
            NotAnApiAnswer { host: s(), status: 404, body: s() },
            UnreadableAnswer { what: s(), body: s() },
            BudgetLeft { left: 1, limit: Some(8000) },
            BudgetLeft { left: 1, limit: None },
            NoObservables,
            TooManyObservables { n: 201, max: 200 },
            EmptyObservable,
            ObservablesNotJson,
            NothingToLookAt,
            NothingToInspect,
            InspectTooLong { kb: 65, max_kb: 64 },
            NothingToInvestigate,
            RegionAndBaseUrl,
            NoRegion,
            ProxyNoRegion,
            ProxyNeedsBaseUrl,
            BadTimeout,
            PortalSessionEnded { host: s() },
            TimedOut { host: s(), wait: s() },
            NoCompleteAnswer { host: s(), detail: s(), proxy: true },
            NoCompleteAnswer { host: s(), detail: s(), proxy: false },
            AnswerTooLarge { host: s(), declared_mb: Some(5), max_mb: 4 },
            AnswerTooLarge { host: s(), declared_mb: None, max_mb: 4 },
            Redirected { host: s(), status: Some(302) },
            ProxyHoldsNoToken,
            ProviderEmpty,
            ProviderMalformed,
            ProviderFailed { detail: Some(s()) },
            ClientRejected { host: s(), status: 401 },
            NoIntelUrl { host: s(), example: s() },
            OutcomeUnknown { reason: s() },
            UnknownNoAnswerWithin { wait: s() },
            UnknownConnectionFailed,
            UnknownServerError { status: 503, trace: Some(s()) },
            UnknownUnreadable,
            UnknownRedirect,
            AlreadyTriggering,
            CredentialsMissing,
            CredentialsInvalid,
            NotAToken,
            EmptyToken,
            NotBearer { kind: Some(s()) },
            NotBearer { kind: None },
            BadSignInScope { scope: s() },
            SignInNeedsClientId,
            SignInNeedsClientIdShort,
            NoRedirectUrl,
            NoRandom,
            SignInWrongRedirect,
            SignInUnexpectedAddress,
            SignInBadState,
            SignInDeclined { detail: Some(s()) },
            SignInErrorAnswer { error: s(), detail: None },
            SignInNoCode,
            SignInClientRefused { host: s(), status: 400 },
            SignInCodeRefused,
            SignInRefused { status: 400 },
            SignedOutExpired,
            OAuthClientInvalid,
            NotSignedInClient,
            NotASignInClient,
            SignInOtherClient,
            RegionName { id: "us".into() },
            RegionName { id: "eu".into() },
            RegionName { id: "apjc".into() },
            UnknownRegion { region: s() },
            NothingToConfirm,
            NotConfirmed,
            ConfirmMismatch,
            ConfirmNoUrl,
            NotConfirmedBulk,
            BulkRunGoing,
            NothingToRun,
            NotACasebookId { id: s() },
            BadSearchLimit { max: 100 },
            CasebookTextTooLong { field: "title", chars: 2, max: 1 },
            CasebookTextTooLong { field: "description", chars: 2, max: 1 },
            CasebookTextTooLong { field: "note", chars: 2, max: 1 },
            CasebookNeedsTitle,
            BadTlp { tlps: s() },
            NoCasebookId,
            CasebookScopeMissing,
            CasebookReadOnly { refused: s() },
            CasebookNotFound { id: s() },
            NotSetUp,
            NotSetUpSignIn,
            NotSignedIn,
            LostSecret,
            LostSignIn,
            EnrichOff,
            SightingsOff,
            EnterToTest { id: true, secret: true },
            EnterToTest { id: true, secret: false },
            EnterToTest { id: false, secret: true },
            SharedClientMode,
            SettingsLocked,
            ModeLocked { sign_in: true },
            ModeLocked { sign_in: false },
            AllowHost { host: s(), or_region: true },
            AllowHost { host: s(), or_region: false },
            PermissionMissing { host: s() },
            PermissionNotice { host: s() },
            PolicyManaged,
            PolicySetBy { fields: s(), default_region: Some(s()) },
            HintSaved { host: s() },
            HintEnterAgain { host: s() },
            HintPublicClient,
            HintLost,
            HintPolicy,
            HintDev,
            SetUpPageNotOpened { cause: s() },
            CasebookScopesMissing { scopes: vec![s()] },
            ProviderNoAnswer { wait: s() },
            AmbiguousAction { title: s() },
            NoObservablesFound,
            SelectionCut { chars: 200_000 },
            FeatureOff { feature: "find", scope: s() },
            FeatureOff { feature: "respond", scope: s() },
            FeatureOff { feature: "enrich", scope: s() },
            CasebooksReadOnly,
            CasebooksOff,
            Disposition { n: 1 },
            Disposition { n: 2 },
            Disposition { n: 3 },
            Disposition { n: 4 },
            Disposition { n: 5 },
            NoVerdictYet,
            DomainRated { domain: s(), verdict: s() },
            NotVisibleOnPage,
            CountTargets { kind: "domain".into(), n: 1 },
            CountTargets { kind: "ip".into(), n: 2 },
            CountTargets { kind: "url".into(), n: 2 },
            CountTargets { kind: "email".into(), n: 2 },
            CountTargets { kind: "sha256".into(), n: 2 },
            CountTargets { kind: "mac_address".into(), n: 2 },
            CountTargets { kind: "0".into(), n: 2 },
            RunHeading { actions: 2, targets: s() },
            RunCostLeft { calls: 2, left: 9, limit: Some(8000) },
            RunCost { calls: 1, per_hour: 8000 },
            RunOverLeft { calls: 2, left: 1 },
            RunOverHour { calls: 9000, per_hour: 8000 },
            AuditCost { notes: 2, all: 4 },
            AuditOverLeft { all: 4, left: 1 },
            ApartLabel { title: s(), target: s(), rating: s() },
            ApartNote { rated: 1, unseen: 2 },
            RowDone,
            TriggerFailed,
            ModuleAnswered { status: s() },
            RecoveredUnknown,
            RunCounts { ok: 1, failed: 1, unknown: 1 },
            RunningAnnounce { n: 2 },
            RunningSummary { sent: 1, total: 2, counts: s() },
            RunDone { counts: s() },
            StoppedRateLimit { counts: s(), pending: 1, wait: 0, message: s() },
            StoppedRateLimit { counts: s(), pending: 1, wait: 3, message: s() },
            StoppedRateLimitAnnounce { counts: s(), pending: 1, can_continue: true },
            StoppedUser { counts: s(), pending: 1 },
            StoppedConnection { counts: s(), pending: 1 },
            NotRunRateLimit,
            NotRunStopped,
            NotRunConnection,
            RowWaiting,
            RowSending,
            RowSucceeded,
            RowFailed { message: s() },
            RowUnknown { message: s() },
            PageTooLong { limit: 1, scanned: 1, left_out: Some(2) },
            FramesSkipped { n: 1, list: s() },
            FramesSkipped { n: 2, list: s() },
            NoAddress,
            VerdictsCapped { first: 1, total: 3, cap: 1, rest: 2, calls: 1, left: Some(5) },
            AskOtherVerdicts { rest: 2, calls: 2 },
            NotSeen,
            SeenTimes { n: 1 },
            SeenTimes { n: 2 },
            SeenOnHosts { hosts: 2 },
            ReportedBy { sources: 1, reports: 2 },
            JustNow,
            Relative { n: 1, unit: 0, ago: true },
            Relative { n: 2, unit: 1, ago: false },
            Relative { n: 3, unit: 2, ago: true },
            Date { y: 2525, m: 1, d: 1 },
            Until { when: s() },
            Expires { when: s() },
            Expired { when: s() },
            UnnamedModule,
            UntitledCasebook,
            ModuleErrorWord,
            CasebookLine { title: s(), n: 2 },
            LinkTooLong { length: 9000, max: 8000 },
            NoObservableNamed { module: Some(s()) },
            NoObservableNamed { module: None },
            DraftTitle { date: s(), time: s() },
            DraftDescription { url: s() },
        ];
        for password in [false, true] {
            all.push(SecretPolicyOnly { host: s(), in_policy: true, other: s(), password });
            all.push(SecretPolicyOnly { host: s(), in_policy: false, other: s(), password });
            all.push(SecretOtherIntel { intel: Some(s()), other: None, password });
            all.push(SecretOtherHost { saved: s(), other: s(), password });
        }
        for why in flaws {
            all.push(BadBaseUrl { which: UrlField::BaseUrl, url: s(), why: why.clone() });
            all.push(BadBaseUrl { which: UrlField::PrivateIntel, url: s(), why: why.clone() });
            all.push(BadProxyUrl { intel: true, url: s(), why: why.clone() });
            all.push(BadProxyUrl { intel: false, url: s(), why });
        }
        all.extend(triggers.map(|why| BadTriggerUrl { url: s(), why }));
        all
    }

    /// The runs of ASCII letters in `s` that are not technical tokens.
    fn english_left(s: &str) -> Vec<String> {
        s.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| !w.is_empty() && !TECHNICAL.contains(w)).map(str::to_string).collect()
    }

    #[test]
    fn every_message_has_japanese_with_no_english_left() {
        let mut wrong = Vec::new();
        for t in every() {
            let (en, ja) = (t.say(Locale::En), t.say(Locale::Ja));
            assert!(!en.trim().is_empty() && !ja.trim().is_empty(), "{t:?}");
            assert_ne!(en, ja, "{t:?}: the Japanese is the English");
            assert!(!ja.is_ascii(), "{t:?}: no Japanese in {ja}");
            let left = english_left(&ja);
            if !left.is_empty() {
                wrong.push(format!("{t:?}: English left in the Japanese {left:?}: {ja}"));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn a_sign_in_password_refusal_names_the_password_in_both_languages() {
        let t = ErrorText::SecretOtherHost { saved: "a.example".into(), other: "b.example".into(), password: false };
        assert!(t.clone().say(Locale::En).contains("client secret"));
        let p = t.for_password(true);
        assert!(p.say(Locale::En).contains("OAuth client password") && !p.say(Locale::En).contains("client secret"), "{}", p.say(Locale::En));
        assert!(p.say(Locale::Ja).contains("OAuth クライアントパスワード") && !p.say(Locale::Ja).contains("シークレット"), "{}", p.say(Locale::Ja));
    }

    #[test]
    fn the_locale_of_the_moment_is_english_until_set_and_says_the_messages() {
        use crate::view::text::{current, set_current};
        assert_eq!(current(), Locale::En);
        assert_eq!(String::from(ErrorText::NoObservables), ErrorText::NoObservables.say(Locale::En));
        set_current(Locale::Ja);
        assert_eq!(String::from(ErrorText::NoObservables), ErrorText::NoObservables.say(Locale::Ja));
        let other = std::thread::spawn(|| String::from(ErrorText::NoObservables)).join().unwrap();
        assert_eq!(other, ErrorText::NoObservables.say(Locale::En), "each thread (each wasm instance) has its own");
        set_current(Locale::En);
    }
}
