//! THE decision of which host, client id and secret a connection uses: policy over user over
//! dev defaults, and where each secret may go (the policy's only to the policy's host, a user's
//! only to the origin it was entered for).

use super::stored::{field, truthy, Dev, SettingsForm, Stored};
use crate::config;
use crate::config::Region;
use crate::error::{Error, Result};
use crate::view::errors::ErrorText;
use serde::Serialize;

/// A region (by its exact id) or a base URL as given; the base URL wins when both are set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Host {
    /// A region id, or "" with a base URL (or with nothing: the default region).
    pub(super) region: &'static str,
    pub(super) base_url: String,
    /// Beside a base URL only: its private intelligence URL as given ("" when none).
    pub(super) private_intel_url: String,
}

impl Host {
    /// What a form, the user's settings or the policy choose: a trimmed base URL, else a known
    /// region id, else the default region.
    pub(super) fn chosen_by(v: &SettingsForm) -> Host {
        let base_url = v.base_url.trim();
        if !base_url.is_empty() {
            return Host { region: "", base_url: base_url.to_string(), private_intel_url: v.private_intel_url.trim().to_string() };
        }
        Host { region: Region::from_id(&v.region).unwrap_or(Region::ALL[0]).id(), base_url: String::new(), private_intel_url: String::new() }
    }

    /// The dev copy's base URL and private intelligence URL as given; none: the default region.
    pub(super) fn of_dev(d: &Dev) -> Host {
        Host::chosen_by(&SettingsForm { base_url: d.base_url.clone(), private_intel_url: d.private_intel_url.clone(), ..SettingsForm::default() })
    }

    /// The private intelligence URL to give `new Client` beside a base URL (a region brings
    /// its own): checked, or `None` when none was given.
    pub(super) fn private_intel(&self) -> Result<Option<String>> {
        if self.base_url.is_empty() || self.private_intel_url.is_empty() {
            return Ok(None);
        }
        crate::intel::check_private_intel_url(&self.private_intel_url).map(Some)
    }

    /// The origin of the custom private intelligence URL beside a base URL ("" for none): a
    /// saved secret is bound to it as to the base URL, since the token it gets goes there too.
    pub(super) fn intel_origin(&self) -> String {
        match self.private_intel() {
            Ok(Some(u)) => config::origin_of_base_url(&u),
            Ok(None) => String::new(),
            // Unusable: compared as written (the URL's own check says what is wrong with it).
            Err(_) => self.private_intel_url.trim_end_matches('/').to_string(),
        }
    }

    /// Casebooks can be reached: a region, or a base URL with a usable private intelligence URL.
    pub(super) fn casebooks(&self) -> bool {
        self.base_url.is_empty() || self.private_intel().is_ok_and(|u| u.is_some())
    }

    /// The checked base URL calls go to.
    pub(super) fn endpoint(&self) -> Result<String> {
        if self.base_url.is_empty() {
            Ok(Region::from_id(self.region).unwrap_or(Region::ALL[0]).base_url().to_string())
        } else {
            config::check_base_url(&self.base_url)
        }
    }

    /// The origin a secret is bound to; "" when the base URL is not usable.
    pub(super) fn origin(&self) -> String {
        self.endpoint().map(|b| config::origin_of_base_url(&b)).unwrap_or_default()
    }
}

/// "host[:port]" of an origin, for messages.
pub(super) fn host_name(origin: &str) -> &str {
    match origin.split_once("://") {
        Some((_, host)) if !host.is_empty() => host,
        _ => "another host",
    }
}

/// Where the secret in use comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SecretFrom {
    #[serde(rename = "")]
    Unset,
    /// The administrator's policy (never stored).
    Policy,
    /// Typed in the options form just now.
    Form,
    /// The user's saved secret, for this origin.
    Saved,
    /// The dev copy's demo secret, for the dev host.
    Dev,
}

/// THE decision of which host, client id and secret a connection uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Connection {
    pub(super) host: Host,
    pub(super) origin: String,
    pub(super) client_id: String,
    pub(super) client_secret: String,
    pub(super) secret_from: SecretFrom,
    /// Why no secret is sent (then `client_secret` is empty).
    pub(super) refused: Option<ErrorText>,
}

/// `form` is what the options page sent (Save, Test connection), or `None` for the worker's
/// own calls, whose host comes from the stored settings.
pub(super) fn decide(s: &Stored, form: Option<&SettingsForm>) -> Connection {
    let m = &s.managed;
    let policy = SettingsForm::from_value(m);
    let user = s.user_settings().map(SettingsForm::from_value);
    let (user_secret, user_origin) = s.user_secret();
    let policy_host = (truthy(field(m, "baseUrl")) || truthy(field(m, "region"))).then(|| Host::chosen_by(&policy));
    let wanted = match (form, &user, &s.dev) {
        (Some(f), _, _) => Host::chosen_by(f),
        (None, Some(u), _) => Host::chosen_by(u),
        (None, None, Some(d)) => Host::of_dev(d),
        (None, None, None) => Host::chosen_by(&SettingsForm::default()),
    };
    let policy_secret = policy.client_secret.as_str();
    let host = match &policy_host {
        Some(h) => h.clone(),
        None if !policy_secret.is_empty() => Host::chosen_by(&SettingsForm::default()),
        None => wanted.clone(),
    };
    let origin = host.origin();
    let client_id = if !policy.client_id.is_empty() {
        policy.client_id.as_str()
    } else if let Some(f) = form {
        f.client_id.as_str()
    } else if let Some(u) = &user {
        u.client_id.as_str()
    } else {
        s.dev.as_ref().map_or("", |d| d.client_id.as_str())
    };
    let mut out =
        Connection { host, origin, client_id: client_id.trim().to_string(), client_secret: String::new(), secret_from: SecretFrom::Unset, refused: None };
    let typed = form.map_or("", |f| f.client_secret.as_str());
    if !policy_secret.is_empty() {
        let asked = wanted.origin();
        if form.is_some() && asked != out.origin {
            out.refused = Some(ErrorText::SecretPolicyOnly {
                host: host_name(&out.origin).to_string(),
                in_policy: policy_host.is_some(),
                other: host_name(&asked).to_string(),
                password: false,
            });
        } else {
            out.client_secret = policy_secret.to_string();
            out.secret_from = SecretFrom::Policy;
        }
    } else if !typed.is_empty() {
        out.client_secret = typed.to_string();
        out.secret_from = SecretFrom::Form;
    } else if !user_secret.is_empty() {
        let (_, _, user_intel) = s.user_secret_bound();
        // A policy's private intelligence URL is the administrator's: trusted like its host.
        let intel = out.host.intel_origin();
        if user_origin == out.origin && user_intel != intel && policy_host.is_none() {
            out.refused = Some(ErrorText::SecretOtherIntel {
                intel: (!user_intel.is_empty()).then(|| host_name(user_intel).to_string()),
                other: (!intel.is_empty()).then(|| host_name(&intel).to_string()),
                password: false,
            });
        } else if user_origin == out.origin {
            out.client_secret = user_secret.to_string();
            out.secret_from = SecretFrom::Saved;
        } else {
            out.refused =
                Some(ErrorText::SecretOtherHost { saved: host_name(user_origin).to_string(), other: host_name(&out.origin).to_string(), password: false });
        }
    } else if let Some(d) = s.dev.as_ref().filter(|d| user.is_none() && !d.client_secret.is_empty()) {
        if Host::of_dev(d).origin() == out.origin {
            out.client_secret = d.client_secret.clone();
            out.secret_from = SecretFrom::Dev;
        }
    }
    out
}

pub(super) fn not_set_up() -> Error {
    Error::setup(ErrorText::NotSetUp)
}
