//! The first-run page (extension/onboarding.html, issue 23.6): whether it opens on install,
//! which steps it shows (what a policy already set is skipped), in what order and when each
//! step's button may be pressed. The page only places this view model and sends the messages
//! its buttons name (`options→sw:save`, `options→sw:signin`, `options→sw:test`,
//! `options→sw:test-signin`, `onboard→sw:sample`).

use super::{options, Label, Locale};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The extension page the worker opens on install.
pub const PAGE: &str = "onboarding.html";

/// What the last step opens the respond view on: an address of a documentation range
/// (RFC 5737) and the reserved example domain (RFC 2606). Harmless to look up, and an action on
/// them still needs the analyst's confirmation.
pub const SAMPLE: &str = "203.0.113.7 example.com";

/// What the page reads of the settings in effect (`options→sw:load` and Save's answer, the
/// `Public` settings; other fields ignored, missing ones or of the wrong type default).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SettingsIn {
    #[serde(default, deserialize_with = "crate::typed::strings")]
    pub read_only: Vec<String>,
    #[serde(default, deserialize_with = "crate::typed::lenient")]
    pub locked: bool,
    #[serde(default, deserialize_with = "crate::typed::lenient")]
    pub configured: bool,
    /// "user", "dev-config" or "none".
    #[serde(default, deserialize_with = "crate::typed::lenient")]
    pub source: String,
    /// Present in sign-in mode only ("signin").
    #[serde(default, deserialize_with = "crate::typed::lenient")]
    pub auth_mode: Option<String>,
    #[serde(default, deserialize_with = "crate::typed::lenient")]
    pub signed_in: bool,
    #[serde(default, deserialize_with = "crate::typed::lenient")]
    pub user: Option<String>,
    #[serde(default, deserialize_with = "crate::typed::lenient")]
    pub policy_notice: String,
}

impl SettingsIn {
    /// The settings as sent (anything but an object: nothing set up).
    pub fn from_value(v: &Value) -> SettingsIn {
        crate::typed::from_value(v)
    }

    fn fixed(&self, what: &str) -> bool {
        self.locked || self.read_only.iter().any(|r| r == what || r == "save")
    }
    fn mode(&self) -> &'static str {
        if self.auth_mode.as_deref() == Some("signin") {
            "signin"
        } else {
            "shared"
        }
    }
}

/// `runtime.onInstalled`: the page opens on a first install, unless the copy is the developers'
/// one preconfigured for the stand-in (`dev-config.json`: nothing to set up). A managed install
/// opens it too: it then says the administrator set the connection up and offers the test.
pub fn open_on_install(reason: &str, s: &SettingsIn) -> bool {
    reason == "install" && s.source != "dev-config"
}

/// One step as shown, in order; its heading carries its number among the shown steps.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Step {
    /// "mode", "region", "client", "signin", "test" or "sample": the page's `step-<id>` section.
    pub id: &'static str,
    pub heading: String,
    pub help: &'static str,
    /// Its button may be pressed now (the steps before it are done).
    pub ready: bool,
    /// Why it may not yet ("" when ready): what to do first.
    pub why: &'static str,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OnboardingView {
    pub intro: &'static str,
    /// What the administrator set ("" when nothing): everything, or which settings.
    pub notice: String,
    /// The way to connect the steps are for: "signin" or "shared".
    pub mode: &'static str,
    /// The steps shown, in order (the others are hidden).
    pub steps: Vec<Step>,
    /// What the policy fixes (their controls disabled): any of "mode", "host", "clientId", "clientSecret".
    pub fixed: Vec<&'static str>,
    /// Save is offered (shared mode, something left to set).
    pub save: bool,
    /// Where the user's secret is kept when the page saves it.
    pub remember: &'static str,
    /// The id of the button that comes next ("save", "signin", "test", "sample"): focus goes
    /// there after an action.
    pub next: &'static str,
    /// The message Test connection sends for this way to connect.
    pub test_message: &'static str,
    /// Sign-in mode: who is signed in ("" in shared mode).
    pub sign_in_status: String,
    /// The words that change with the way to connect: the secret field's label, the sign-in
    /// button (the page's fixed words are the catalogue's `onboard*` labels).
    pub secret: &'static str,
    pub sign_in: &'static str,
}

/// The page for these settings. `chosen`: the way to connect the user picked on the page (the
/// policy's wins); `tested`: Test connection answered without a missing required scope.
pub fn onboarding(s: &SettingsIn, chosen: Option<&str>, tested: bool, l: Locale) -> OnboardingView {
    let fixed: Vec<&'static str> = [("mode", "authMode"), ("host", "host"), ("clientId", "clientId"), ("clientSecret", "clientSecret")]
        .into_iter()
        .filter(|(_, k)| s.fixed(k))
        .map(|(f, _)| f)
        .collect();
    let is_fixed = |f: &str| fixed.contains(&f);
    let mode = match chosen {
        Some("signin") if !is_fixed("mode") => "signin",
        Some("shared") if !is_fixed("mode") => "shared",
        _ => s.mode(),
    };
    let signin = mode == "signin";
    // Sign-in mode: a policy's client id brings its password too; nobody types one here.
    let client_done = is_fixed("clientId") && (signin || is_fixed("clientSecret"));
    let all_set = is_fixed("mode") && is_fixed("host") && client_done;
    // The saved settings are for the mode shown (a user switching modes saves first).
    let same_mode = mode == s.mode();
    let connected = same_mode && if signin { s.signed_in } else { s.configured };
    let mut shown: Vec<(&'static str, Label, Label, bool)> = Vec::new();
    if !is_fixed("mode") {
        shown.push(("mode", Label::onboardModeHeading, Label::onboardModeHelp, true));
    }
    if !is_fixed("host") {
        shown.push(("region", Label::onboardRegionHeading, Label::onboardRegionHelp, true));
    }
    if !client_done {
        let (heading, help) = if signin {
            (Label::onboardClientHeadingSignIn, Label::onboardClientHelpSignIn)
        } else {
            (Label::onboardClientHeading, Label::onboardClientHelpShared)
        };
        shown.push(("client", heading, help, true));
    }
    if signin {
        shown.push(("signin", Label::onboardSignInHeading, Label::onboardSignInHelp, true));
    }
    shown.push(("test", Label::onboardTestHeading, Label::onboardTestHelp, connected));
    shown.push(("sample", Label::onboardSampleHeading, Label::onboardSampleHelp, connected && tested));
    let first = if signin { Label::onboardNeedsSignIn } else { Label::onboardNeedsSave };
    let steps: Vec<Step> = shown
        .into_iter()
        .enumerate()
        .map(|(i, (id, heading, help, ready))| Step {
            id,
            heading: format!("{}. {}", i + 1, heading.say(l)),
            help: help.say(l),
            ready,
            why: match (ready, connected) {
                (true, _) => "",
                (false, false) => first.say(l),
                (false, true) => Label::onboardNeedsTest.say(l),
            },
        })
        .collect();
    let save = !signin && !all_set && !s.fixed("save");
    let next = if !connected {
        if signin {
            "signin"
        } else {
            "save"
        }
    } else if !tested {
        "test"
    } else {
        "sample"
    };
    let notice = if all_set { Label::onboardAllSet.say(l).to_string() } else { s.policy_notice.clone() };
    let status = options::sign_in(&options::SignInIn { signed_in: s.signed_in && same_mode, user: s.user.clone(), revoke_error: None }, l);
    OnboardingView {
        intro: if all_set { Label::onboardIntroManaged.say(l) } else { Label::onboardIntro.say(l) },
        notice,
        mode,
        steps,
        fixed,
        save,
        remember: "device",
        next,
        test_message: if signin { "options→sw:test-signin" } else { "options→sw:test" },
        sign_in_status: if signin { status.status } else { String::new() },
        secret: options::mode(signin, l).secret,
        sign_in: status.button,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const EN: Locale = Locale::En;

    fn settings(v: serde_json::Value) -> SettingsIn {
        SettingsIn::from_value(&v)
    }

    fn ids(v: &OnboardingView) -> Vec<&'static str> {
        v.steps.iter().map(|s| s.id).collect()
    }

    #[test]
    fn it_opens_on_a_first_install_only_and_not_in_the_preconfigured_dev_copy() {
        let fresh = settings(json!({ "source": "none", "readOnly": [] }));
        assert!(open_on_install("install", &fresh));
        assert!(!open_on_install("update", &fresh), "an update keeps the analyst's day undisturbed");
        assert!(!open_on_install("chrome_update", &fresh));
        assert!(!open_on_install("browser_update", &fresh));
        assert!(!open_on_install("install", &settings(json!({ "source": "dev-config" }))));
        let managed = settings(json!({ "source": "none", "readOnly": ["host", "clientId", "clientSecret", "remember", "save", "authMode"], "locked": true }));
        assert!(open_on_install("install", &managed), "a managed install opens it: the test and the sample are still offered");
    }

    #[test]
    fn a_fresh_install_shows_every_step_in_order_and_each_button_after_the_one_before() {
        let fresh = settings(json!({ "source": "none", "readOnly": [], "configured": false, "authMode": "signin" }));
        let v = onboarding(&fresh, None, false, EN);
        assert_eq!(v.mode, "signin", "a fresh install defaults to signing in (the core's mode)");
        assert_eq!(ids(&v), ["mode", "region", "client", "signin", "test", "sample"]);
        assert_eq!(v.steps[0].heading, "1. How to connect");
        assert_eq!(v.steps[4].heading, "5. Test the connection");
        assert!(!v.steps[4].ready && !v.steps[5].ready);
        assert!(!v.save, "sign-in saves with its button");
        assert_eq!(v.next, "signin");
        assert_eq!(v.test_message, "options→sw:test-signin");
        assert_eq!(v.steps[4].why, "Sign in first.");
        assert_eq!(v.sign_in_status, "Not signed in.");
        assert_eq!(v.notice, "");

        let v = onboarding(&fresh, Some("shared"), false, EN);
        assert_eq!(v.mode, "shared");
        assert_eq!(ids(&v), ["mode", "region", "client", "test", "sample"]);
        assert!(v.save && v.next == "save");
        assert_eq!(v.test_message, "options→sw:test");
        assert_eq!(v.steps[3].why, "Save the connection first.");
        assert_eq!(v.secret, "Client secret");
        assert!(!v.steps[3].ready, "no test before Save");

        let saved = settings(json!({ "source": "user", "readOnly": [], "configured": true }));
        let v = onboarding(&saved, Some("shared"), false, EN);
        assert!(v.steps[3].ready && !v.steps[4].ready, "test once saved; the sample after a test");
        assert_eq!((v.steps[3].why, v.steps[4].why), ("", "Test the connection first."));
        assert_eq!(v.next, "test");
        let v = onboarding(&saved, Some("shared"), true, EN);
        assert!(v.steps[4].ready);
        assert_eq!(v.next, "sample");
        // Switching to sign-in on the page: the saved shared client is not a sign-in.
        let v = onboarding(&saved, Some("signin"), true, EN);
        assert!(!v.steps.iter().find(|s| s.id == "test").unwrap().ready);
        assert_eq!(v.next, "signin");
    }

    #[test]
    fn what_a_policy_set_is_skipped() {
        // Region and mode by policy: the user picks only the client.
        let s = settings(json!({ "source": "none", "readOnly": ["host", "authMode"], "policyNotice": "Set by your administrator: region." }));
        let v = onboarding(&s, Some("signin"), false, EN);
        assert_eq!(v.mode, "shared", "the policy's mode wins over the page's choice");
        assert_eq!(ids(&v), ["client", "test", "sample"]);
        assert_eq!(v.steps[0].heading, "1. Your API client");
        assert_eq!(v.notice, "Set by your administrator: region.");
        assert_eq!(v.fixed, ["mode", "host"]);
        assert!(v.save);

        // Shared mode, the client id by policy but not the secret: the client step stays (its id locked).
        let s = settings(json!({ "readOnly": ["clientId", "authMode"] }));
        let v = onboarding(&s, None, false, EN);
        assert_eq!(ids(&v), ["region", "client", "test", "sample"]);
        assert_eq!(v.fixed, ["mode", "clientId"]);

        // Sign-in mode with the OAuth client id by policy: no password to type either.
        let s = settings(json!({ "readOnly": ["host", "clientId", "clientSecret", "authMode"], "authMode": "signin" }));
        let v = onboarding(&s, None, false, EN);
        assert_eq!(ids(&v), ["signin", "test", "sample"]);
        assert_eq!(v.notice, "Your administrator has set up the connection. Sign in if asked, test it, then try the extension on a sample.");
    }

    #[test]
    fn everything_set_by_policy_leaves_the_test_and_the_sample() {
        let s = settings(json!({ "readOnly": ["host", "clientId", "clientSecret", "remember", "save"], "locked": true, "configured": true }));
        let v = onboarding(&s, Some("signin"), false, EN);
        assert_eq!(v.mode, "shared");
        assert_eq!(ids(&v), ["test", "sample"]);
        assert_eq!(v.steps[0].heading, "1. Test the connection");
        assert!(v.steps[0].ready && !v.steps[1].ready);
        assert!(!v.save);
        assert!(v.notice.starts_with("Your administrator has set up the connection."));
        assert_eq!(v.intro, Label::onboardIntroManaged.say(EN));
        assert_eq!(v.next, "test");
        // The policy sets everything but the mode: the mode is still the user's to pick.
        let s = settings(json!({ "readOnly": ["host", "clientId", "clientSecret", "remember"], "configured": true }));
        assert_eq!(ids(&onboarding(&s, None, false, EN)), ["mode", "test", "sample"]);
    }

    #[test]
    fn junk_settings_make_a_page_not_a_failure() {
        let s = settings(json!({ "readOnly": 3, "locked": "yes", "authMode": ["signin"] }));
        let v = onboarding(&s, Some("both"), false, EN);
        assert_eq!(v.mode, "shared");
        assert_eq!(ids(&v), ["mode", "region", "client", "test", "sample"]);
        assert!(SAMPLE.contains("203.0.113.") && SAMPLE.contains("example.com"), "documentation ranges only");
    }
}
