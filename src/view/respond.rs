//! The respond view (www/respond-view.js, respond-intel.js, the extension's window): the
//! findings' rows and chips, error boxes and their detail line, enrichment failures and module
//! notes, verdicts and sightings (a module's actions and the folds are `cards.rs`'s).

use super::{Label, Locale, ModuleErrorIn, ObservableIn, Part, Text};
use serde::{Deserialize, Serialize};

/// An error as a page holds it: the core's serialised error, or the bridge's "no answer".
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ErrorIn {
    pub code: Option<String>,
    pub message: Option<String>,
    pub missing_scopes: Vec<String>,
    pub retry_after: Option<u64>,
    pub trace_id: Option<String>,
    pub outcome_unknown: bool,
    pub setup: bool,
    pub sign_in: bool,
    /// Set by the extension's message bridge: the worker did not answer (`cause`: why, if said).
    pub no_answer: bool,
    pub cause: Option<String>,
    /// The message the bridge sent (`view→sw:trigger`: the trigger may have gone out).
    pub sent: Option<String>,
}

/// What an error box shows: the message (what to do), one detail line, and the flags the
/// extension's window offers buttons for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS), ts(optional_fields))]
pub struct ErrorView {
    /// For scripts and tests (`data-code`), not for people.
    pub code: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    pub outcome_unknown: bool,
    pub setup: bool,
    pub sign_in: bool,
}

/// How many casebooks the "Add to casebook" picker lists (the latest; the search box finds others).
pub const CASEBOOK_PICK_LIMIT: u32 = 10;

/// The message bridge's message that sends a trigger: no answer to it means it may have run.
pub const TRIGGER_MESSAGE: &str = "view→sw:trigger";

pub fn error(e: &ErrorIn, l: Locale) -> ErrorView {
    let mut message = if e.no_answer {
        Text::NoAnswer { cause: e.cause.clone().filter(|c| !c.is_empty()) }.say(l)
    } else {
        e.message.clone().filter(|m| !m.is_empty()).unwrap_or_else(|| e.code.clone().unwrap_or_else(|| "error".into()))
    };
    let unknown_fate = e.no_answer && e.sent.as_deref() == Some(TRIGGER_MESSAGE);
    if unknown_fate {
        message = Text::MayHaveRun { message }.say(l);
    }
    let mut detail = Vec::new();
    if !e.missing_scopes.is_empty() {
        detail.push(Text::MissingScopes { scopes: e.missing_scopes.clone() }.say(l));
    }
    if let Some(seconds) = e.retry_after {
        detail.push(Text::RetryIn { seconds }.say(l));
    }
    if let Some(trace) = e.trace_id.clone().filter(|t| !t.is_empty()) {
        detail.push(Text::TraceId { trace }.say(l));
    }
    ErrorView {
        code: e.code.clone().filter(|c| !c.is_empty()).unwrap_or_else(|| "error".into()),
        message,
        detail: (!detail.is_empty()).then(|| detail.join(" · ")),
        outcome_unknown: e.outcome_unknown || unknown_fate,
        setup: e.setup,
        sign_in: e.sign_in,
    }
}

/// An observable of the findings (`FoundObservable`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FoundIn {
    #[serde(rename = "type")]
    pub kind: String,
    pub value: String,
    pub defanged: bool,
    pub reference: bool,
    pub unwrapped_from: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS), ts(optional_fields))]
pub struct Chip {
    pub class: &'static str,
    pub title: &'static str,
    pub text: String,
}

/// One row of the observables list: ticked unless it is a reference host (context, ticked only
/// by the user), and its chips.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS), ts(optional_fields))]
pub struct FoundRow {
    pub checked: bool,
    pub reference: bool,
    pub chips: Vec<Chip>,
}

pub fn found_rows(found: &[FoundIn], l: Locale) -> Vec<FoundRow> {
    found
        .iter()
        .map(|o| {
            let mut chips = Vec::new();
            if o.defanged {
                chips.push(Chip { class: "sxr-chip sxr-defanged", title: Label::defangedTitle.say(l), text: Label::defanged.say(l).into() });
            }
            if let Some(from) = o.unwrapped_from.clone() {
                chips.push(Chip { class: "sxr-chip sxr-unwrapped", title: Label::unwrappedTitle.say(l), text: Text::UnwrappedFrom { from }.say(l) });
            }
            if o.reference {
                chips.push(Chip { class: "sxr-chip sxr-reference", title: Label::referenceTitle.say(l), text: Label::referenceHost.say(l).into() });
            }
            FoundRow { checked: !o.reference, reference: o.reference, chips }
        })
        .collect()
}

/// What a failed enrichment call shows: the scope advice (once), or a line naming the part.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS), ts(optional_fields))]
pub struct EnrichFailure {
    /// The missing enrich:read scope: one advice line for all parts, not an error per part.
    pub scope: bool,
    pub code: String,
    pub text: String,
}

pub fn enrich_failure(part: Part, e: &ErrorIn, l: Locale) -> EnrichFailure {
    let v = error(e, l);
    if v.code == "missing-scope" {
        return EnrichFailure { scope: true, code: v.code, text: Label::enrichScope.say(l).into() };
    }
    EnrichFailure { scope: false, text: Text::EnrichUnavailable { part, message: v.message }.say(l), code: v.code }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS), ts(optional_fields))]
pub struct Note {
    pub code: String,
    pub text: String,
}

/// Per-module errors and warnings of an enrichment answer (a slow module, a failing one).
pub fn module_notes(part: Part, errors: &[ModuleErrorIn], l: Locale) -> Vec<Note> {
    errors
        .iter()
        .map(|e| Note {
            code: e.code.clone().filter(|c| !c.is_empty()).unwrap_or_else(|| "module-error".into()),
            text: Text::ModuleNote { module: e.module.clone().filter(|m| !m.is_empty()), part, message: e.said(), warning: e.warning() }.say(l),
        })
        .collect()
}

/// A module's group of actions (`ModuleGroup`, only what the cards need: `cards.rs`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ModuleIn {
    pub module: String,
    #[serde(deserialize_with = "super::items")]
    pub errors: Vec<ModuleErrorIn>,
    #[serde(deserialize_with = "super::items")]
    pub actions: Vec<ActionTarget>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ActionTarget {
    pub observable: Option<ObservableIn>,
}

/// One observable's verdicts (`ObservableVerdicts`: only what the badge and the cards' folds need).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct VerdictsIn {
    #[serde(rename = "type")]
    pub kind: String,
    pub value: String,
    /// The worst of the modules' dispositions (CTIM numbers: 1 Clean … 5 Unknown).
    pub disposition: u8,
    #[serde(deserialize_with = "super::items")]
    pub verdicts: Vec<VerdictIn>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VerdictIn {
    pub disposition: u8,
    pub valid: Option<String>,
    pub end_time: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS), ts(optional_fields))]
pub struct VerdictView {
    /// The badge's title.
    pub title: &'static str,
    /// Per verdict, in order: how long it holds (none when the module did not say).
    pub times: Vec<Option<String>>,
    /// The line instead of a list when no module has a verdict.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub empty: Option<&'static str>,
}

pub fn verdict(o: &VerdictsIn, l: Locale) -> VerdictView {
    let said = |s: &Option<String>| s.clone().filter(|x| !x.is_empty());
    VerdictView {
        title: if o.verdicts.is_empty() { Label::noVerdictTitle.say(l) } else { Label::verdictsTitle.say(l) },
        times: o
            .verdicts
            .iter()
            .map(|v| {
                (said(&v.valid).is_some() || said(&v.end_time).is_some())
                    .then(|| Text::VerdictTime { valid: said(&v.valid), end_time: said(&v.end_time) }.say(l))
            })
            .collect(),
        empty: o.verdicts.is_empty().then(|| Label::noVerdict.say(l)),
    }
}

/// One observable's sightings (`ObservableSightings`: only what the details need).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SightingsIn {
    pub count: u64,
    pub modules: Vec<String>,
    pub resolutions: Vec<String>,
    pub last_seen_text: Option<String>,
    #[serde(deserialize_with = "super::items")]
    pub targets: Vec<TargetIn>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TargetIn {
    pub last_seen_text: Option<String>,
    pub os: Option<String>,
    pub observables: Vec<ObservableIn>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS), ts(optional_fields))]
pub struct SightingsView {
    /// "3 sightings: AMP · resolved · last seen …" (none when nothing is known to say).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facts: Option<String>,
    pub targets: Vec<TargetView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS), ts(optional_fields))]
pub struct TargetView {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seen: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub os: Option<String>,
    pub observables: String,
}

pub fn sightings(o: &SightingsIn, l: Locale) -> SightingsView {
    let last = |s: &Option<String>| s.clone().filter(|x| !x.is_empty()).map(|when| Text::LastSeen { when }.say(l));
    let facts: Vec<String> = [o.modules.join(", "), o.resolutions.join(", "), last(&o.last_seen_text).map(|s| s.trim_start().to_owned()).unwrap_or_default()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    SightingsView {
        facts: (!facts.is_empty()).then(|| Text::Sightings { count: o.count, facts: facts.join(" · ") }.say(l)),
        targets: o
            .targets
            .iter()
            .map(|t| TargetView {
                seen: last(&t.last_seen_text),
                os: t.os.clone().filter(|x| !x.is_empty()).map(|os| format!(" · {os}")),
                observables: t.observables.iter().map(|x| Text::Target { kind: x.kind.clone(), value: x.value.clone() }.say(l)).collect::<Vec<_>>().join(" · "),
            })
            .collect(),
    }
}

/// The extension window's header: where calls go, and who is signed in (sign-in mode).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StatusIn {
    pub configured: bool,
    pub host: String,
    pub auth_mode: String,
    pub signed_in: bool,
    pub user: Option<String>,
}

pub fn connection_line(st: &StatusIn, l: Locale) -> String {
    if st.auth_mode == "signin" {
        return if st.signed_in { Text::ConnSignedIn { host: st.host.clone(), user: st.user.clone() }.say(l) } else { Label::notSignedIn.say(l).into() };
    }
    if st.configured {
        st.host.clone()
    } else {
        Label::notSetUp.say(l).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const EN: Locale = Locale::En;

    fn err(v: serde_json::Value) -> ErrorIn {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn each_error_kind_gets_its_detail_line() {
        let v = error(&err(json!({ "code": "missing-scope", "message": "Add it.", "missingScopes": ["response", "inspect:read"], "setup": true })), EN);
        assert_eq!(
            (v.code.as_str(), v.message.as_str(), v.detail.as_deref(), v.setup),
            ("missing-scope", "Add it.", Some("Missing scopes: response, inspect:read"), true)
        );
        let v = error(&err(json!({ "code": "rate-limited", "message": "Wait.", "retryAfter": 37 })), EN);
        assert_eq!(v.detail.as_deref(), Some("Retry in 37 s"));
        let v = error(&err(json!({ "code": "server", "message": "Down.", "traceId": "t-1", "retryAfter": 0 })), EN);
        assert_eq!(v.detail.as_deref(), Some("Retry in 0 s · Trace id: t-1"));
        let v = error(&err(json!({ "code": "network", "message": "Offline." })), EN);
        assert_eq!(v.detail, None);
        let v = error(&err(json!({ "code": "signed-out", "message": "Sign in.", "signIn": true })), EN);
        assert!(v.sign_in && !v.setup);
        // Not the core's error (a thrown string's wrapper): never an empty box.
        let v = error(&err(json!({})), EN);
        assert_eq!((v.code.as_str(), v.message.as_str()), ("error", "error"));
    }

    #[test]
    fn a_worker_that_does_not_answer_a_trigger_leaves_its_outcome_unknown() {
        let v = error(&err(json!({ "code": "network", "noAnswer": true, "cause": "port closed", "sent": "view→sw:actions" })), EN);
        assert_eq!(v.message, "The extension's background worker did not answer (port closed). Try again.");
        assert!(!v.outcome_unknown);
        let v = error(&err(json!({ "code": "network", "noAnswer": true, "sent": TRIGGER_MESSAGE })), EN);
        assert!(v.outcome_unknown);
        assert_eq!(
            v.message,
            "The extension's background worker did not answer. Try again. The action may or may not have run: check the module before running it again."
        );
    }

    #[test]
    fn a_missing_scope_is_one_advice_line_any_other_failure_names_its_part() {
        let f = enrich_failure(Part::Sightings, &err(json!({ "code": "missing-scope", "message": "x" })), EN);
        assert!(f.scope && f.text.contains("enrich:read"));
        let f = enrich_failure(Part::Pivots, &err(json!({ "code": "timeout", "message": "Too slow." })), EN);
        assert_eq!((f.scope, f.code.as_str(), f.text.as_str()), (false, "timeout", "Pivots unavailable: Too slow."));
        let f = enrich_failure(Part::Verdicts, &err(json!({ "message": "Boom." })), EN);
        assert_eq!((f.code.as_str(), f.text.as_str()), ("error", "Verdicts unavailable: Boom."));
    }

    #[test]
    fn module_notes_name_the_module_or_the_part() {
        let errs: Vec<ModuleErrorIn> = serde_json::from_value(json!([
            { "module": "AMP", "code": "timeout", "message": "slow", "type": "warning" },
            { "code": "boom" },
            {},
        ]))
        .unwrap();
        let notes = module_notes(Part::Sightings, &errs, EN);
        assert_eq!(notes[0], Note { code: "timeout".into(), text: "AMP (sightings): slow (warning)".into() });
        assert_eq!(notes[1], Note { code: "boom".into(), text: "A sightings module (sightings): boom".into() });
        assert_eq!(notes[2], Note { code: "module-error".into(), text: "A sightings module (sightings): module error".into() });
        assert_eq!(module_notes(Part::Pivots, &errs[1..2], EN)[0].text, "A pivot module: boom");
        let bulk = module_notes(Part::Actions, &errs, EN);
        assert_eq!(bulk.iter().map(|n| n.text.as_str()).collect::<Vec<_>>(), ["AMP: slow", "A module: boom", "A module: module error"]);
    }

    #[test]
    fn findings_rows_tick_all_but_reference_hosts_and_carry_their_chips() {
        let found: Vec<FoundIn> = serde_json::from_value(json!([
            { "type": "domain", "value": "evil.com", "defanged": true },
            { "type": "url", "value": "https://x", "unwrappedFrom": "safelinks" },
            { "type": "domain", "value": "virustotal.com", "reference": true },
        ]))
        .unwrap();
        let rows = found_rows(&found, EN);
        assert_eq!(rows.iter().map(|r| r.checked).collect::<Vec<_>>(), [true, true, false]);
        assert_eq!(rows[0].chips[0].text, "defanged");
        assert_eq!(rows[1].chips[0].text, "unwrapped from safelinks");
        assert_eq!(rows[2].chips[0].text, "reference host");
    }

    #[test]
    fn verdicts_and_sightings_lines() {
        let o: VerdictsIn = serde_json::from_value(json!({ "verdicts": [{ "valid": "for 3 days" }, { "endTime": "2026-01-01" }, {}] })).unwrap();
        let v = verdict(&o, EN);
        assert_eq!(v.times, [Some("for 3 days".into()), Some("until 2026-01-01".into()), None]);
        assert_eq!(v.empty, None);
        let v = verdict(&VerdictsIn::default(), EN);
        assert_eq!(v.empty, Some("No module has a verdict for this observable."));
        let s: SightingsIn = serde_json::from_value(json!({
            "count": 1, "modules": ["AMP"], "resolutions": [], "lastSeenText": "2 h ago",
            "targets": [{ "os": "Windows", "observables": [{ "type": "ip", "value": "10.0.0.1" }, { "type": "hostname", "value": "pc" }] }],
        }))
        .unwrap();
        let v = sightings(&s, EN);
        assert_eq!(v.facts.as_deref(), Some("1 sighting: AMP · last seen 2 h ago"));
        assert_eq!(v.targets[0], TargetView { seen: None, os: Some(" · Windows".into()), observables: "ip 10.0.0.1 · hostname pc".into() });
        assert_eq!(sightings(&SightingsIn::default(), EN).facts, None);
    }

    #[test]
    fn the_windows_header_names_the_host_and_the_signed_in_user() {
        let line = |v| connection_line(&serde_json::from_value(v).unwrap(), EN);
        assert_eq!(line(json!({ "configured": true, "host": "h.example", "authMode": "shared" })), "h.example");
        assert_eq!(line(json!({ "configured": false, "host": "" })), "not set up");
        assert_eq!(line(json!({ "configured": true, "host": "h", "authMode": "signin", "signedIn": true, "user": "ana" })), "h · ana");
        assert_eq!(line(json!({ "configured": true, "host": "h", "authMode": "signin" })), "not signed in");
    }
}
