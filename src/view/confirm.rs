//! The single confirmation of a response action and what its trigger shows after (the bulk
//! confirmation of the scan panel is `scan::run`'s, which names every target and the cost).

use super::cards::rated;
use super::respond::{self, ErrorIn, ErrorView, VerdictsIn};
use super::{Label, Locale, ModuleErrorIn, ObservableIn, Text};
use serde::{Deserialize, Serialize};

/// The action as the view holds it (`Action`: only what the words need).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ActionIn {
    pub title: String,
    pub module: String,
    pub observable: Option<ObservableIn>,
}

/// The confirmation under the row: the question (the action, its module and its target), the
/// two buttons, and the status line while it runs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS), ts(optional_fields))]
pub struct ConfirmView {
    pub text: String,
    pub run: &'static str,
    pub cancel: &'static str,
    pub keys: &'static str,
    pub running: String,
}

/// `verdicts`: the view's verdicts answer once it arrived; an action on an observable rated Clean
/// or Common says so (its card folded it under "more").
pub fn confirm(a: &ActionIn, verdicts: Option<&[VerdictsIn]>, l: Locale) -> ConfirmView {
    let question =
        Text::Confirm { title: a.title.clone(), module: a.module.clone(), target: a.observable.as_ref().map(|o| (o.kind.clone(), o.value.clone())) }.say(l);
    let rated = a.observable.as_ref().zip(verdicts).and_then(|(o, v)| rated(o, v));
    ConfirmView {
        text: match rated {
            Some(r) => Text::ConfirmRated { question, verdict: r.verdict, modules: r.modules }.say(l),
            None => question,
        },
        run: Label::runAction.say(l),
        cancel: Label::cancel.say(l),
        keys: Label::escCancels.say(l),
        running: Text::Running { title: a.title.clone() }.say(l),
    }
}

/// Whether the audit note reached the chosen casebook (`auditNote` of a result or an error).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct AuditNoteIn {
    pub error: Option<ErrorIn>,
    pub casebook: Option<String>,
    pub text: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS), ts(optional_fields))]
pub struct AuditView {
    pub failed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    pub text: String,
}

fn audit(note: &Option<AuditNoteIn>, l: Locale) -> Option<AuditView> {
    let note = note.as_ref()?;
    Some(match &note.error {
        Some(e) => {
            let v = respond::error(e, l);
            AuditView { failed: true, code: Some(v.code), text: Text::AuditFailed { message: v.message }.say(l) }
        }
        None => AuditView {
            failed: false,
            code: None,
            text: Text::AuditAdded { casebook: note.casebook.clone().unwrap_or_default(), text: note.text.clone().unwrap_or_default() }.say(l),
        },
    })
}

/// A trigger's answer (`TriggerResult`: only what the words need).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ResultIn {
    pub succeeded: bool,
    pub errors: Vec<ModuleErrorIn>,
    pub audit_note: Option<AuditNoteIn>,
}

/// What shows under the row after the trigger answered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS), ts(optional_fields))]
pub struct ResultView {
    pub succeeded: bool,
    pub line: String,
    /// The module's own lines (as it said them).
    pub errors: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audit: Option<AuditView>,
}

pub fn result(a: &ActionIn, r: &ResultIn, l: Locale) -> ResultView {
    let (title, module) = (a.title.clone(), a.module.clone());
    ResultView {
        succeeded: r.succeeded,
        line: if r.succeeded { Text::Succeeded { title, module }.say(l) } else { Text::Failed { title, module }.say(l) },
        errors: r.errors.iter().map(|e| e.message.clone().filter(|m| !m.is_empty()).or_else(|| e.code.clone()).unwrap_or_default()).collect(),
        audit: audit(&r.audit_note, l),
    }
}

/// A trigger that failed (or whose fate is unknown): its error box and the audit line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS), ts(optional_fields))]
pub struct FailureView {
    pub error: ErrorView,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audit: Option<AuditView>,
}

/// The audit note a failed trigger's error carries (read apart from the error's own fields).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AuditOf {
    pub audit_note: Option<AuditNoteIn>,
}

pub fn failure(e: &ErrorIn, note: &AuditOf, l: Locale) -> FailureView {
    FailureView { error: respond::error(e, l), audit: audit(&note.audit_note, l) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const EN: Locale = Locale::En;

    fn action(v: serde_json::Value) -> ActionIn {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn the_confirmation_names_the_action_its_module_and_its_target() {
        let a = action(json!({ "title": "Block domain", "module": "Umbrella", "observable": { "type": "domain", "value": "evil.com" }, "url": "/x" }));
        let c = confirm(&a, None, EN);
        assert_eq!(c.text, "Run \u{201c}Block domain\u{201d} from Umbrella on domain \u{201c}evil.com\u{201d}?");
        assert_eq!((c.run, c.cancel, c.running.as_str()), ("Run action", "Cancel", "Running \u{201c}Block domain\u{201d}…"));
        let c = confirm(&action(json!({ "title": "Isolate", "module": "SecureX" })), None, EN);
        assert_eq!(c.text, "Run \u{201c}Isolate\u{201d} from SecureX?");
    }

    #[test]
    fn the_confirmation_of_an_action_on_an_observable_rated_clean_or_common_names_the_verdict() {
        let a = action(json!({ "title": "Block domain", "module": "Umbrella", "observable": { "type": "domain", "value": "cisco.com" } }));
        let v: Vec<VerdictsIn> = serde_json::from_value(json!([
            { "type": "domain", "value": "Cisco.com", "disposition": 1, "verdicts": [{ "disposition": 1 }, { "disposition": 1 }] },
            { "type": "domain", "value": "evil.com", "disposition": 2, "verdicts": [{ "disposition": 2 }] },
            { "type": "domain", "value": "common.com", "disposition": 4, "verdicts": [{ "disposition": 4 }] },
        ]))
        .unwrap();
        assert_eq!(
            confirm(&a, Some(v.as_slice()), EN).text,
            "Run \u{201c}Block domain\u{201d} from Umbrella on domain \u{201c}cisco.com\u{201d}? It is rated Clean by 2 modules: probably not a threat."
        );
        let on = |value: &str| action(json!({ "title": "B", "module": "U", "observable": { "type": "domain", "value": value } }));
        assert!(confirm(&on("common.com"), Some(v.as_slice()), EN).text.ends_with("It is rated Common by 1 module: probably not a threat."));
        assert_eq!(confirm(&on("evil.com"), Some(v.as_slice()), EN).text, "Run \u{201c}B\u{201d} from U on domain \u{201c}evil.com\u{201d}?");
        assert_eq!(
            confirm(&a, None, EN).text,
            confirm(&on("x.com"), Some(v.as_slice()), EN)
                .text
                .replace("B\u{201d} from U on domain \u{201c}x.com", "Block domain\u{201d} from Umbrella on domain \u{201c}cisco.com")
        );
    }

    #[test]
    fn the_result_says_done_or_failed_with_the_module_and_the_audit_note() {
        let a = action(json!({ "title": "Block", "module": "Umbrella" }));
        let r: ResultIn =
            serde_json::from_value(json!({ "succeeded": true, "errors": [], "auditNote": { "casebook": "Case 7", "text": "Blocked evil.com" } })).unwrap();
        let v = result(&a, &r, EN);
        assert_eq!(v.line, "Done: \u{201c}Block\u{201d} succeeded (Umbrella).");
        assert_eq!(v.audit, Some(AuditView { failed: false, code: None, text: "Audit note added to \u{201c}Case 7\u{201d}: Blocked evil.com".into() }));
        let r: ResultIn = serde_json::from_value(json!({ "succeeded": false, "errors": [{ "message": "denied" }, { "code": "x" }] })).unwrap();
        let v = result(&a, &r, EN);
        assert_eq!(
            (v.line.as_str(), v.errors.clone(), v.audit.clone()),
            ("\u{201c}Block\u{201d} failed (Umbrella).", vec!["denied".to_string(), "x".into()], None)
        );
    }

    #[test]
    fn a_failed_trigger_keeps_its_error_and_says_whether_the_note_was_written() {
        let e = json!({ "code": "server", "message": "Outcome unknown: x", "outcomeUnknown": true, "traceId": "t",
            "auditNote": { "error": { "code": "missing-scope", "message": "Add casebook." } } });
        let v = failure(&serde_json::from_value(e.clone()).unwrap(), &serde_json::from_value(e).unwrap(), EN);
        assert!(v.error.outcome_unknown);
        assert_eq!(v.error.detail.as_deref(), Some("Trace id: t"));
        assert_eq!(v.audit, Some(AuditView { failed: true, code: Some("missing-scope".into()), text: "Audit note not written: Add casebook.".into() }));
    }
}
