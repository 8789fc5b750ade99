//! Configuration: API clients, response modules, CORS policy. `Config::default()` is the demo setup.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Whole stand-in configuration. Every field has a default, so a JSON config file may set only some.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// TCP port on 127.0.0.1; 0 = pick a free one.
    pub port: u16,
    pub clients: Vec<ClientConfig>,
    /// Response modules (respond/observables + trigger), in answer order.
    pub modules: Vec<ModuleConfig>,
    /// Allowed CORS origins. An entry ending in `:*` matches any port (`http://127.0.0.1:*`).
    /// `chrome-extension://` and `moz-extension://` origins are always allowed while CORS is on.
    pub allowed_origins: Vec<String>,
    /// false = never send any CORS header (to test a client's failure handling).
    pub cors_enabled: bool,
    /// Print one line per request (method, path, status) to stderr. Never headers, tokens or bodies.
    pub log_requests: bool,
    /// People who can sign in on the authorize page (`crate::signin`).
    pub users: Vec<User>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ClientConfig {
    pub client_id: String,
    /// The client-credentials secret ("client password"); a confidential auth-code client may
    /// give it as `password` instead. Default empty (a public client has none).
    #[serde(default)]
    pub client_secret: String,
    #[serde(default)]
    pub scopes: Vec<String>,
    #[serde(default = "default_lifetime")]
    pub token_lifetime_secs: u64,
    /// The organisation's budget of requests per rolling hour (contract §2c, ring-turnstile:
    /// `nb-request-per-hour`, 8000 for IROH per the XDR rate-limit page). Default 8000.
    #[serde(default)]
    pub rate_limit: Option<u32>,
    /// The older name of `rate_limit`, kept for existing tests: after this many requests in the
    /// hour (token exchanges included) every further one gets 429. Used when `rate_limit` is absent.
    #[serde(default)]
    pub rate_limit_after: Option<u32>,
    /// Value of the `Retry-After` header on 429 (seconds or an HTTP-date). Absent: the seconds
    /// until the oldest counted request leaves the hour (ring-turnstile's `next-slot`).
    #[serde(default)]
    pub retry_after: Option<String>,
    /// The authorization code grant (`crate::signin`): grants, redirects, public, rotation.
    #[serde(flatten, default)]
    pub signin: SignInClient,
}

fn default_lifetime() -> u64 {
    600
}

/// Per-module error, the contract's ErrorMessage minus the module ids (added from the module).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ModuleError {
    pub code: String,
    pub message: String,
    /// "fatal" | "warning" | "error"
    #[serde(rename = "type")]
    pub kind: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ModuleConfig {
    /// Display name (`module` in actions).
    pub name: String,
    pub instance_id: String,
    pub type_id: String,
    /// Observable types the module answers for; empty or containing "*" = any type.
    #[serde(default)]
    pub types: Vec<String>,
    #[serde(default)]
    pub actions: Vec<ActionConfig>,
    /// If set, respond/observables adds this error (once per request) to the envelope's `errors`.
    #[serde(default)]
    pub respond_error: Option<ModuleError>,
    /// If set, every trigger of this module answers 200 `{"data":{"status":"failure"},"errors":[..]}`.
    #[serde(default)]
    pub trigger_error: Option<ModuleError>,
    /// If set, the module is visible only to this API client (lets parallel tests add modules).
    #[serde(default)]
    pub client_id: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ActionConfig {
    pub id: String,
    pub title: String,
    pub description: String,
    /// None = no `categories` key (as on orchestration workflow actions).
    #[serde(default)]
    pub categories: Option<Vec<String>>,
    /// Extra query parameters put into the action url and required on trigger.
    #[serde(default)]
    pub params: BTreeMap<String, String>,
}

pub const DEMO_CLIENT_ID: &str = "client-demo";
pub const DEMO_CLIENT_SECRET: &str = "demo-secret-0123456789";

pub const UMBRELLA_ID: &str = "b56d3882-37d8-4c0c-af22-a5ef0cf53bd3";
pub const ENDPOINT_ID: &str = "21bb0ed7-937c-4fc7-9338-34e05a8d6916";
pub const ORCHESTRATION_ID: &str = "11f567f2-ad5e-4374-8708-a8fcc7861f6c";
pub const FIREWALL_ID: &str = "5e2c1f0a-7b4d-4c8e-9a61-3f0d2b7c9e14";
pub const BROKEN_RELAY_ID: &str = "d0c1e2f3-a4b5-4c6d-8e7f-9a0b1c2d3e4f";
pub const WORKFLOW_ACTION_ID: &str = "01LW1BI3UFB920QAxog7wA2LfHINvRM6XdX";
pub const SCD_LIST_ID: &str = "783198f5-cb0d-44c0-b50e-8a58f7e6be67";

fn s(x: &str) -> String {
    x.to_string()
}

fn action(id: &str, title: &str, description: &str, categories: Option<&[&str]>, params: &[(&str, &str)]) -> ActionConfig {
    ActionConfig {
        id: s(id),
        title: s(title),
        description: s(description),
        categories: categories.map(|c| c.iter().map(|x| s(x)).collect()),
        params: params.iter().map(|(k, v)| (s(k), s(v))).collect(),
    }
}

impl ClientConfig {
    /// What HTTP Basic must carry: a confidential client's `password`, else `client_secret`.
    pub fn secret(&self) -> &str {
        self.signin.password.as_deref().unwrap_or(&self.client_secret)
    }

    /// Requests per rolling hour: `rate_limit`, else `rate_limit_after`, else 8000 (contract §6).
    pub fn hourly_limit(&self) -> u32 {
        self.rate_limit.or(self.rate_limit_after).unwrap_or(8000)
    }

    pub fn new(client_id: &str, client_secret: &str, scopes: &[&str]) -> Self {
        ClientConfig {
            client_id: s(client_id),
            client_secret: s(client_secret),
            scopes: scopes.iter().map(|x| s(x)).collect(),
            token_lifetime_secs: default_lifetime(),
            rate_limit: None,
            rate_limit_after: None,
            retry_after: None,
            signin: Default::default(),
        }
    }
}

/// The five demo response modules.
pub fn demo_modules() -> Vec<ModuleConfig> {
    let workflow_description = "[Executes an Orbital forensic snapshot]\n\
[Supported observables: IP address, hostname, AMP GUID]\n\
\n\
Workflow Description:\n\
This workflow takes a forensic snapshot of the endpoints that have seen the observable, using Cisco \
Secure Endpoint (Orbital). The snapshot contains running processes, network connections, logged-in users, \
loaded kernel modules and autoruns. Results are written to a new casebook.\n\
\n\
Targets: Orbital, Secure Endpoint\n\
Requires: an Orbital API client configured in XDR Automation.";
    vec![
        ModuleConfig {
            name: s("Umbrella"),
            instance_id: s(UMBRELLA_ID),
            type_id: s("188d70f7-29d5-5069-9098-d83a3ec8e797"),
            types: vec![s("domain")],
            actions: vec![
                action("umbrella-block", "Block this domain", "Block this domain using Umbrella Enforcement API", Some(&["Umbrella", "Block"]), &[]),
                action("umbrella-unblock", "Unblock this domain", "Unblock this domain using Umbrella Enforcement API", Some(&["Umbrella", "Unblock"]), &[]),
            ],
            respond_error: None,
            trigger_error: None,
            client_id: None,
        },
        ModuleConfig {
            name: s("Secure Endpoint"),
            instance_id: s(ENDPOINT_ID),
            type_id: s("03d8591b-8374-5666-8fcc-eaea9188193c"),
            types: vec![s("sha256")],
            actions: vec![action(
                "amp-add-sha256-scd",
                "Add SHA256 to custom detections File Block-list",
                "Add SHA256 to simple custom detection list File Block-list",
                Some(&["Simple Custom Detections"]),
                &[("list", SCD_LIST_ID)],
            )],
            respond_error: None,
            trigger_error: None,
            client_id: None,
        },
        ModuleConfig {
            name: s("XDR Orchestration"),
            instance_id: s(ORCHESTRATION_ID),
            type_id: s("b1600a94-3c89-50b5-8f93-f601acaf9b39"),
            types: vec![s("ip"), s("domain"), s("sha256"), s("url")],
            actions: vec![action(WORKFLOW_ACTION_ID, "Take Orbital Forensic Snapshot", workflow_description, None, &[("workflow_id", WORKFLOW_ACTION_ID)])],
            respond_error: None,
            trigger_error: None,
            client_id: None,
        },
        ModuleConfig {
            name: s("Secure Firewall"),
            instance_id: s(FIREWALL_ID),
            type_id: s("9a3b6c2d-1e4f-5a7b-8c9d-0e1f2a3b4c5d"),
            types: vec![s("ip")],
            actions: vec![action(
                "fw-block-ip",
                "Block this IP on the perimeter firewall",
                "Add this IP address to the block object group of the perimeter firewall",
                Some(&["Secure Firewall", "Block"]),
                &[],
            )],
            respond_error: None,
            trigger_error: Some(ModuleError {
                code: s("object-group-full"),
                message: s("Firewall rejected the request: the block object group is full"),
                kind: s("fatal"),
            }),
            client_id: None,
        },
        ModuleConfig {
            name: s("Broken Relay"),
            instance_id: s(BROKEN_RELAY_ID),
            type_id: s("6f5e4d3c-2b1a-5098-8765-4321fedcba98"),
            types: vec![],
            actions: vec![],
            respond_error: Some(ModuleError { code: s("module-timeout"), message: s("There was a timeout in the 'Broken Relay' module"), kind: s("warning") }),
            trigger_error: None,
            client_id: None,
        },
    ]
}

/// The demo's auth-code client (issue 16): public (no secret), any extension's redirect URL;
/// the demo users `alice` / `bob` sign in with `<name>-password`.
pub const DEMO_SIGNIN_CLIENT_ID: &str = "client-demo-signin";

fn demo_signin_client() -> ClientConfig {
    let mut c = ClientConfig::new(DEMO_SIGNIN_CLIENT_ID, "", &["inspect:read", "response", "enrich:read", "casebook"]);
    c.signin = SignInClient {
        grants: vec![s("auth-code")],
        redirects: vec![s("https://*.chromiumapp.org/"), s("https://*.extensions.allizom.org/")],
        client_type: Some(ClientType::Public),
        ..Default::default()
    };
    c
}

impl Default for Config {
    fn default() -> Self {
        Config {
            port: 0,
            clients: vec![
                ClientConfig::new(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, &["inspect:read", "response", "enrich:read", "casebook"]),
                demo_signin_client(),
            ],
            modules: demo_modules(),
            allowed_origins: vec![s("http://127.0.0.1:*")],
            cors_enabled: true,
            log_requests: false,
            users: demo_users(),
        }
    }
}

impl Config {
    /// Read a JSON config; missing fields take the demo defaults.
    pub fn from_json_file(path: &str) -> Result<Config, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
        serde_json::from_str(&text).map_err(|e| format!("{path}: {e}"))
    }
}

// The authorization code grant's part of a client, and the people who can sign in
// (behaviour in `crate::signin`).

/// `"client-type"` of an OAuth client (contract §2c).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClientType {
    Public,
    Confidential,
}

/// A client's part in this flow (flattened into its `ClientConfig`).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SignInClient {
    /// `"auth-code"` allows this grant (contract §2, step 1).
    pub grants: Vec<String>,
    /// Registered redirect URLs (exact match; see the module doc for the two wildcards).
    pub redirects: Vec<String>,
    /// `"public"` or `"confidential"`. Absent: public if `public` is true, else confidential.
    pub client_type: Option<ClientType>,
    /// The older way to say `client_type: "public"` (kept for existing tests).
    pub public: bool,
    /// A confidential client's password (HTTP Basic); absent: `client_secret`.
    pub password: Option<String>,
    /// A person lacking a requested scope gets the intersection instead of a refusal at consent.
    pub allow_partial_scopes: bool,
    /// Default true: every refresh hands out a new refresh token (the old one lives on for the grace).
    pub refresh_rotation: Option<bool>,
    /// How long a rotated-out refresh token keeps working. Default 30 s [inferred].
    pub refresh_grace_secs: Option<u64>,
    /// Default 14 days.
    pub refresh_lifetime_secs: Option<u64>,
}

impl SignInClient {
    pub fn is_public(&self) -> bool {
        match self.client_type {
            Some(t) => t == ClientType::Public,
            None => self.public,
        }
    }
}

/// A person who can sign in on the login page.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct User {
    pub username: String,
    pub password: String,
    pub name: String,
    pub email: String,
    /// The scopes this person holds; absent: every scope.
    #[serde(default)]
    pub scopes: Option<Vec<String>>,
    /// IROH role shown by whoami. Default `"admin"` [inferred].
    #[serde(default)]
    pub role: Option<String>,
}

/// The demo's people.
pub fn demo_users() -> Vec<User> {
    let u = |username: &str, name: &str| User {
        username: username.into(),
        password: format!("{username}-password"),
        name: name.into(),
        email: format!("{username}@example.com"),
        scopes: None,
        role: None,
    };
    vec![u("alice", "Alice Analyst"), u("bob", "Bob Responder")]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_json_config_keeps_defaults() {
        let c: Config =
            serde_json::from_str(r#"{"port": 8123, "clients": [{"client_id": "c", "client_secret": "s", "scopes": ["response"], "rate_limit_after": 5}]}"#)
                .unwrap();
        assert_eq!(c.port, 8123);
        assert_eq!(c.clients[0].token_lifetime_secs, 600);
        assert_eq!(c.clients[0].retry_after, None);
        assert_eq!(c.clients[0].hourly_limit(), 5);
        assert_eq!(c.modules.len(), 5);
        assert!(c.cors_enabled);
        let round: Config = serde_json::from_str(&serde_json::to_string(&Config::default()).unwrap()).unwrap();
        assert_eq!(round.modules[2].actions[0].params["workflow_id"], WORKFLOW_ACTION_ID);
        assert!(round.modules[2].actions[0].categories.is_none());
    }
}
