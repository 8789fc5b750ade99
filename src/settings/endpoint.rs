//! What the options page checks and offers for a region or a base URL: the host permission its
//! calls need, the region picker, the dev build.

use super::stored::text_of;
use crate::config;
use crate::config::Region;
use crate::error::{Error, Result};
use crate::view::errors::ErrorText;
use serde::Serialize;
use serde_json::Value;

/// The dev copy says so in its manifest (`version_name` "<version> dev"); only it reads
/// dev-config.json.
pub fn is_dev_build(version_name: &str) -> bool {
    let Some(before) = version_name.strip_suffix("dev") else { return false };
    !before.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
}

/// What the options page offers and asks for a region or a base URL: the checked base URL, the
/// host permission its calls need, and what to say when the browser does not grant it.
///
/// Every host needs its permission checked, a region's too: the manifest lists the regions in
/// `host_permissions`, but Firefox lets the user refuse or revoke them (and Chrome/Edge let the
/// user withhold site access). The options page asks for the permission on Save / Test
/// connection; the worker checks it before a call and throws `permission_missing` instead of
/// letting the call fail as a network error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EndpointCheck {
    pub base_url: String,
    pub origin: String,
    pub host: String,
    /// The host permission (`scheme://host/*`) for `permissions.contains` / `request`.
    pub permission: String,
    /// The error to show when the user declines the permission.
    pub permission_denied: Error,
    /// The error the worker (and so the respond view) shows when the permission is not granted.
    pub permission_missing: Error,
    /// What the options page says while the permission is not granted.
    pub permission_notice: String,
    /// A region's private-intelligence host permission (casebooks, sightings), asked for with
    /// the region's own: Firefox users can refuse or revoke it too. None beside a custom base
    /// URL, whose private-intelligence URL is checked on its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intel_permission: Option<String>,
}

/// `{ region, baseUrl }` as `new Client` takes them (exactly one).
pub fn check_endpoint(v: &Value) -> Result<EndpointCheck> {
    let base_url_given = !text_of(v, "baseUrl").trim().is_empty();
    let region = Some(text_of(v, "region")).filter(|r| !r.is_empty());
    let base = crate::client::Endpoint::new(region, Some(text_of(v, "baseUrl")), None)?.base_url;
    let host = config::host_for_message(&base).to_string();
    let permission = host_permission(&base);
    let permission_denied = if base_url_given {
        Error::setup(ErrorText::AllowHost { host: host.clone(), or_region: true })
    } else {
        Error::setup(ErrorText::AllowHost { host: host.clone(), or_region: false })
    };
    Ok(EndpointCheck {
        origin: config::origin_of_base_url(&base),
        permission_denied,
        permission_missing: Error::setup(ErrorText::PermissionMissing { host: host.clone() }),
        permission_notice: ErrorText::PermissionNotice { host: host.clone() }.into(),
        permission,
        host,
        base_url: base,
        intel_permission: region.filter(|_| !base_url_given).and_then(Region::from_id).map(|r| host_permission(r.private_intel_url())),
    })
}

/// The host permission (`scheme://host/*`) of a base URL, for `permissions.contains` / `request`.
pub(super) fn host_permission(base: &str) -> String {
    let (scheme, hostname, _) = config::split_base_url(base);
    format!("{scheme}://{hostname}/*")
}

/// A region picker's entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RegionEntry {
    pub id: &'static str,
    pub name: String,
    pub base_url: &'static str,
    /// "US (visibility.amp.cisco.com)".
    pub label: String,
}

pub fn regions() -> Vec<RegionEntry> {
    Region::ALL
        .into_iter()
        .map(|r| RegionEntry {
            id: r.id(),
            base_url: r.base_url(),
            label: format!("{} ({})", r.name(), config::host_for_message(r.base_url())),
            name: r.name(),
        })
        .collect()
}
