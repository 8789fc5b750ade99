//! Response (contract §5): list actions for observables, and trigger one by its `url`.

use super::{parse_body, shown, ModuleError, Observable};
use crate::config::truncate_for_message;
use crate::error::{Error, Result};
use crate::http::HttpResponse;
use crate::view::errors::{ErrorText, TriggerFlaw};
use serde::{Deserialize, Serialize};

/// A response action offered by a module (contract §5.1). Unknown fields are ignored;
/// `categories` and `module_type_id` may be absent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all(serialize = "camelCase"))]
pub struct Action {
    pub id: String,
    #[serde(deserialize_with = "shown::name")]
    pub title: String,
    #[serde(default, deserialize_with = "shown::text")]
    pub description: String,
    pub url: String,
    #[serde(default, deserialize_with = "shown::name")]
    pub module: String,
    #[serde(default)]
    pub module_instance_id: String,
    #[serde(default)]
    pub module_type_id: Option<String>,
    #[serde(default, deserialize_with = "shown::names")]
    pub categories: Vec<String>,
    /// The observable this action acts on, read from its url's `observable_type` and
    /// `observable_value` (for the confirmation step). Not sent by the server.
    #[serde(default, skip_deserializing)]
    pub observable: Option<Observable>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Actions {
    pub actions: Vec<Action>,
    /// Modules that failed for this request; the others' actions are still listed.
    pub errors: Vec<ModuleError>,
    /// The same actions and errors grouped by module instance, in order of first appearance.
    pub modules: Vec<ModuleGroup>,
}

/// One module's actions and errors, for display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ModuleGroup {
    pub module: String,
    pub module_instance_id: String,
    pub actions: Vec<Action>,
    pub errors: Vec<ModuleError>,
}

fn group(actions: &[Action], errors: &[ModuleError]) -> Vec<ModuleGroup> {
    fn slot(groups: &mut Vec<ModuleGroup>, module: &str, id: &str) -> usize {
        let key = |g: &ModuleGroup| if g.module_instance_id.is_empty() { g.module.clone() } else { g.module_instance_id.clone() };
        let want = if id.is_empty() { module } else { id };
        groups.iter().position(|g| key(g) == want).unwrap_or_else(|| {
            groups.push(ModuleGroup { module: module.to_string(), module_instance_id: id.to_string(), actions: vec![], errors: vec![] });
            groups.len() - 1
        })
    }
    let mut groups = Vec::new();
    for a in actions {
        let i = slot(&mut groups, &a.module, &a.module_instance_id);
        groups[i].actions.push(a.clone());
    }
    for e in errors {
        let unnamed = String::from(ErrorText::UnnamedModule);
        let i = slot(&mut groups, e.module.as_deref().unwrap_or(&unnamed), e.module_instance_id.as_deref().unwrap_or(""));
        groups[i].errors.push(e.clone());
    }
    groups
}

/// An action url naming `observable_type` or `observable_value` more than once: which one the
/// module acts on depends on the server's query parser, so the confirmation could name one
/// observable while the module acts on another. Such an action is never offered.
fn ambiguous(url: &str) -> bool {
    let Some((_, query)) = url.split_once('?') else { return false };
    let keys: Vec<&str> = query.split('&').map(|p| p.split_once('=').map_or(p, |(k, _)| k)).collect();
    ["observable_type", "observable_value"].iter().any(|k| keys.iter().filter(|x| **x == *k).count() > 1)
}

/// `observable_type` / `observable_value` from an action url's query, percent-decoded.
fn observable_of(url: &str) -> Option<Observable> {
    let query = url.split_once('?')?.1;
    let (mut kind, mut value) = (None, None);
    for pair in query.split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        match k {
            "observable_type" => kind = Some(percent_decode(v)),
            "observable_value" => value = Some(percent_decode(v)),
            _ => {}
        }
    }
    Some(Observable { kind: kind?, value: value? })
}

/// A query value: `+` is a space, `%XX` the byte, anything else as it is.
pub(crate) fn percent_decode(s: &str) -> String {
    sxr_codec::percent::decode(s, sxr_codec::percent::Plus::Space)
}

#[derive(Deserialize)]
struct ActionsEnvelope {
    #[serde(default)]
    data: Vec<Action>,
    #[serde(default)]
    errors: Vec<ModuleError>,
}

pub(crate) fn parse_actions(resp: &HttpResponse) -> Result<Actions> {
    let env: ActionsEnvelope = parse_body(resp, "list-actions")?;
    let mut errors = env.errors;
    let mut actions = Vec::with_capacity(env.data.len());
    for mut a in env.data {
        if ambiguous(&a.url) {
            // A module error, not an action: never offered for confirmation.
            errors.push(ModuleError {
                module: Some(a.module.clone()).filter(|m| !m.is_empty()),
                module_instance_id: Some(a.module_instance_id.clone()).filter(|m| !m.is_empty()),
                module_type_id: a.module_type_id.clone(),
                code: Some("ambiguous-action".into()),
                message: Some(ErrorText::AmbiguousAction { title: truncate_for_message(&a.title, 80) }.into()),
                kind: Some("error".into()),
            });
            continue;
        }
        a.observable = observable_of(&a.url);
        actions.push(a);
    }
    let modules = group(&actions, &errors);
    Ok(Actions { actions, errors, modules })
}

/// What the trigger route answered: the module's own success or failure (both HTTP 200).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TriggerResult {
    /// `"success"` or `"failure"` (passed through if a module invents another word).
    pub status: String,
    /// The module said `"success"`: what the view shows as done (any other word is not).
    pub succeeded: bool,
    pub errors: Vec<ModuleError>,
}

#[derive(Deserialize)]
struct TriggerEnvelope {
    data: TriggerData,
    #[serde(default)]
    errors: Vec<ModuleError>,
}

#[derive(Deserialize)]
struct TriggerData {
    status: String,
}

/// Checks an action's `url` before it is POSTed verbatim under `/iroh/iroh-response`.
/// It must be a trigger path: that keeps a hostile or broken action list from steering the
/// authenticated POST anywhere else on the host. It is never rebuilt or re-encoded.
pub(crate) fn check_trigger_url(url: &str) -> Result<()> {
    let bad = |why: TriggerFlaw| Error::bad_input(ErrorText::BadTriggerUrl { url: truncate_for_message(url, 120), why });
    let path = url.split(['?', '#']).next().unwrap_or("");
    let rest = path.strip_prefix("/respond/trigger/").ok_or_else(|| bad(TriggerFlaw::NotTriggerPath))?;
    if url.contains('#') {
        return Err(bad(TriggerFlaw::Fragment));
    }
    if ambiguous(url) {
        return Err(bad(TriggerFlaw::ObservableTwice));
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control() || c == '\\') {
        return Err(bad(TriggerFlaw::Spaces));
    }
    let segments: Vec<&str> = rest.split('/').collect();
    if segments.len() != 2 || segments.iter().any(|s| s.is_empty()) {
        return Err(bad(TriggerFlaw::NotModuleAndAction));
    }
    if !segments.iter().all(|s| is_id_segment(s)) {
        return Err(bad(TriggerFlaw::BadIdChars));
    }
    Ok(())
}

/// A module instance id or action id as real ones are written (contract §5.3 and the
/// fixtures: uuids, `amp-add-sha256-scd`, SXO workflow ids): after percent-decoding, only
/// letters, digits, `-`, `_`, `.` and `~`, and not only dots. Checked decoded because fetch
/// and ureq treat `%2e%2e` and `.%2e` as `..`; a malformed or decoded `/`, `\`, `%`, space or
/// non-ASCII byte is refused too. The query is not a path and stays as it is.
fn is_id_segment(raw: &str) -> bool {
    let b = raw.as_bytes();
    let hex = |c: u8| (c as char).to_digit(16);
    let mut decoded = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            match (b.get(i + 1).copied().and_then(hex), b.get(i + 2).copied().and_then(hex)) {
                (Some(h), Some(l)) => decoded.push((h * 16 + l) as u8),
                _ => return false,
            }
            i += 3;
        } else {
            decoded.push(b[i]);
            i += 1;
        }
    }
    decoded.iter().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b'~')) && decoded.iter().any(|c| *c != b'.')
}

pub(crate) fn parse_trigger(resp: &HttpResponse) -> Result<TriggerResult> {
    let env: TriggerEnvelope = parse_body(resp, "trigger")?;
    let succeeded = env.data.status == "success";
    Ok(TriggerResult { status: env.data.status, succeeded, errors: env.errors })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(body: &str) -> HttpResponse {
        HttpResponse { status: 200, headers: vec![], body: body.into() }
    }

    const F6: &str = r#"{"data": [{"module": "AMP for Endpoints","module_instance_id": "21bb0ed7-937c-4fc7-9338-34e05a8d6916","module_type_id": "03d8591b-8374-5666-8fcc-eaea9188193c","id": "amp-add-sha256-scd","title": "Add SHA256 to custom detections File Block-list","description": "Add SHA256 to simple custom detection list File Block-list","url": "/respond/trigger/21bb0ed7-937c-4fc7-9338-34e05a8d6916/amp-add-sha256-scd?list=783198f5-cb0d-44c0-b50e-8a58f7e6be67&observable_type=sha256&observable_value=b1380fd95bc5c0729738dcda2696aa0a7c6ee97a93d992931ce717a0df523967","categories": ["Simple Custom Detections"]},{"module": "XDR Orchestration","module_instance_id": "11f567f2-ad5e-4374-8708-a8fcc7861f6c","module_type_id": "b1600a94-3c89-50b5-8f93-f601acaf9b39","id": "01LW1BI3UFB920QAxog7wA2LfHINvRM6XdX","title": "Take Orbital Forensic Snapshot","description": "[Executes an Orbital forensic snapshot]\n…","url": "/respond/trigger/11f567f2-ad5e-4374-8708-a8fcc7861f6c/01LW1BI3UFB920QAxog7wA2LfHINvRM6XdX?observable_type=sha256&observable_value=b1380fd95bc5c0729738dcda2696aa0a7c6ee97a93d992931ce717a0df523967&workflow_id=01LW1BI3UFB920QAxog7wA2LfHINvRM6XdX"}]}"#;

    #[test]
    fn f6_actions_with_and_without_categories() {
        let a = parse_actions(&ok(F6)).unwrap();
        assert_eq!(a.actions.len(), 2);
        assert_eq!(a.actions[0].categories, vec!["Simple Custom Detections"]);
        assert!(a.actions[1].categories.is_empty());
        assert!(a.actions[1].url.ends_with("workflow_id=01LW1BI3UFB920QAxog7wA2LfHINvRM6XdX"));
        for act in &a.actions {
            check_trigger_url(&act.url).unwrap();
        }
        assert_eq!(a.actions[0].observable.as_ref().map(|o| o.kind.as_str()), Some("sha256"));
        assert_eq!(a.modules.len(), 2);
        assert_eq!(a.modules[1].module, "XDR Orchestration");
        let js = serde_json::to_value(&a.actions[0]).unwrap();
        assert_eq!(js["moduleInstanceId"], "21bb0ed7-937c-4fc7-9338-34e05a8d6916");
    }

    #[test]
    fn f5_umbrella_and_f11_module_errors_kept() {
        let f5 = r#"{"data": [{"module": "Umbrella","module_instance_id": "b56d3882-37d8-4c0c-af22-a5ef0cf53bd3","module_type_id": "188d70f7-29d5-5069-9098-d83a3ec8e797","id": "block","title": "Block this domain","description": "Block this domain using Umbrella Enforcement API","url": "/respond/trigger/b56d3882-37d8-4c0c-af22-a5ef0cf53bd3/block?observable_type=domain&observable_value=cisco.com"}], "errors": [{"module_instance_id": "918e8244","module_type_id": "2c8b4134","code": "module-timeout","message": "There was a timeout in the 'CTIA Investigate' module","type": "warning","module": "Private Intelligence"}]}"#;
        let a = parse_actions(&ok(f5)).unwrap();
        assert_eq!(a.actions[0].id, "block");
        assert_eq!(a.errors[0].code.as_deref(), Some("module-timeout"));
        assert_eq!(a.errors[0].module.as_deref(), Some("Private Intelligence"));
        let names: Vec<_> = a.modules.iter().map(|m| (m.module.as_str(), m.actions.len(), m.errors.len())).collect();
        assert_eq!(names, [("Umbrella", 1, 0), ("Private Intelligence", 0, 1)]);
        assert_eq!(parse_actions(&ok(r#"{"data": []}"#)).unwrap().actions.len(), 0);
        assert_eq!(parse_actions(&ok("{}")).unwrap().actions.len(), 0);
    }

    #[test]
    fn f8_f10_trigger_results() {
        let s = parse_trigger(&ok(r#"{"data": {"status": "success"}}"#)).unwrap();
        assert_eq!((s.status.as_str(), s.succeeded, s.errors.len()), ("success", true, 0));
        let odd = parse_trigger(&ok(r#"{"data": {"status": "queued"}}"#)).unwrap();
        assert_eq!((odd.status.as_str(), odd.succeeded), ("queued", false), "only \"success\" is shown as done");
        let f = parse_trigger(&ok(r#"{"data": {"status": "failure"}, "errors": [{"code": "invalid request", "message": "Invalid request to Microsoft Defender for Endpoint. Unsupported action.", "type": "fatal"}]}"#)).unwrap();
        assert_eq!((f.status.as_str(), f.succeeded), ("failure", false));
        assert!(f.errors[0].message.as_deref().unwrap().contains("Unsupported action"));
        assert_eq!(parse_trigger(&ok("{}")).unwrap_err().kind, crate::ErrorKind::BadResponse);
    }

    #[test]
    fn trigger_urls_are_checked() {
        for good in ["/respond/trigger/abc/block?observable_type=domain&observable_value=a%20b.com", "/respond/trigger/x/y"] {
            check_trigger_url(good).unwrap();
        }
        for bad in [
            "https://evil.com/respond/trigger/a/b",
            "//evil.com/x",
            "/respond/trigger/a",
            "/respond/trigger/a/b/c",
            "/respond/trigger/../oauth2/x",
            "/respond/trigger/a/b?x=1 2",
            "/respond/trigger/a/b#f",
            "/iroh/oauth2/token",
            "/respond/trigger/a/b?\n",
        ] {
            assert_eq!(check_trigger_url(bad).unwrap_err().kind, crate::ErrorKind::BadInput, "{bad}");
        }
    }

    #[test]
    fn regression_encoded_dot_segments_and_separators_in_trigger_paths_are_refused() {
        // Issue 11, item 4: fetch and ureq normalise `%2e%2e` / `.%2e` as `..`, and a decoded
        // `/` or `\` would add a segment, so each would steer the POST off the trigger route.
        for bad in [
            "/respond/trigger/%2e%2e/observables?observable_type=domain&observable_value=evil.com",
            "/respond/trigger/.%2e/observables",
            "/respond/trigger/%2e./observables",
            "/respond/trigger/%2E%2E/%2E%2E",
            "/respond/trigger/%2e/block",
            "/respond/trigger/mid/%2e%2e",
            "/respond/trigger/a%2fb/c",
            "/respond/trigger/a%2F..%2F..%2Foauth2/token",
            "/respond/trigger/a%5c..%5c/c",
            "/respond/trigger/a%5C/c",
            "/respond/trigger/a%00/c",
            "/respond/trigger/a%20b/c",
            "/respond/trigger/a%3fb/c",
            "/respond/trigger/a%23b/c",
            "/respond/trigger/a%25/c",
            "/respond/trigger/a%/c",
            "/respond/trigger/a%zz/c",
            "/respond/trigger/%C3%A9/c",
            "/respond/trigger/a;b/c",
            "/respond/trigger/a:b/c",
            "/respond/trigger/a@b/c",
            "/respond/trigger/.../c",
        ] {
            assert_eq!(check_trigger_url(bad).unwrap_err().kind, crate::ErrorKind::BadInput, "{bad}");
        }
        // What real module instance ids and action ids look like (contract §5.3, fixtures F5/F6,
        // SXO workflow ids), an encoded character that decodes into that set, and any query
        // at all (kept verbatim: it is not a path).
        for good in [
            "/respond/trigger/b56d3882-37d8-4c0c-af22-a5ef0cf53bd3/block?observable_type=domain&observable_value=cisco.com",
            "/respond/trigger/ddcf41a2-3ecb-43e8-b5b2-0e36ad2e16f3/microsoft-defender-add-indicator-alert",
            "/respond/trigger/11f567f2-ad5e-4374-8708-a8fcc7861f6c/01LW1BI3UFB920QAxog7wA2LfHINvRM6XdX?workflow_id=01LW1BI3UFB920QAxog7wA2LfHINvRM6XdX",
            "/respond/trigger/mid/action_id.v2~x",
            "/respond/trigger/mid/%61ction",
            "/respond/trigger/mid/aid?observable_value=%2e%2e%2f%5c&x=/../",
        ] {
            check_trigger_url(good).unwrap_or_else(|e| panic!("{good}: {}", e.message));
        }
    }

    #[test]
    fn observable_read_from_url() {
        let o = observable_of("/respond/trigger/a/b?observable_type=email&observable_value=a%2Bb%40evil.com&x=%zz%").unwrap();
        assert_eq!((o.kind.as_str(), o.value.as_str()), ("email", "a+b@evil.com"));
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("caf%C3%A9%"), "café%");
        assert!(observable_of("/respond/trigger/a/b").is_none());
    }

    /// Issue 21.8: an action url with a repeated `observable_type` or `observable_value` is a
    /// module error, never an action, and the trigger refuses it too.
    #[test]
    fn an_action_naming_its_observable_twice_is_never_offered() {
        let body = r#"{"data": [
          {"module": "Umbrella", "module_instance_id": "m1", "id": "block", "title": "Block this domain", "url": "/respond/trigger/m1/block?observable_type=domain&observable_value=cisco.com&observable_value=evil.com"},
          {"module": "Umbrella", "module_instance_id": "m1", "id": "block2", "title": "Block this domain", "url": "/respond/trigger/m1/block2?observable_type=domain&observable_type=ip&observable_value=evil.com"},
          {"module": "Umbrella", "module_instance_id": "m1", "id": "ok", "title": "Block this domain", "url": "/respond/trigger/m1/ok?observable_type=domain&observable_value=evil.com&other=1&other=2"}]}"#;
        let a = parse_actions(&HttpResponse { status: 200, headers: vec![], body: body.into() }).unwrap();
        assert_eq!(a.actions.iter().map(|x| x.id.as_str()).collect::<Vec<_>>(), ["ok"], "other keys may repeat");
        assert_eq!(a.errors.len(), 2);
        assert_eq!(a.errors[0].code.as_deref(), Some("ambiguous-action"));
        assert!(a.errors[0].message.as_deref().unwrap().contains("more than once"));
        assert_eq!(a.modules[0].errors.len(), 2, "shown with its module");
        let e = check_trigger_url("/respond/trigger/m1/block?observable_type=domain&observable_value=cisco.com&observable_value=evil.com").unwrap_err();
        assert!(e.message.contains("more than once"), "{}", e.message);
    }
}
