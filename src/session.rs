//! What the host persists of a person's sign-in: [`SessionState`]. A floor below `http` (whose
//! `Transport::session_changed` hands it to the host) and `oauth` (which makes it), so that the
//! I/O seam depends on nothing above it.

use serde::{Deserialize, Serialize};

/// What the host persists of a sign-in (the refresh token in `storage.session`, or
/// `storage.local` with "Stay signed in"), and shows (`user`).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct SessionState {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// A refresh token is held (the person is signed in, as far as this client knows).
    #[serde(default)]
    pub signed_in: bool,
}

impl std::fmt::Debug for SessionState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionState").field("refresh_token", &self.refresh_token.as_ref().map(|_| "[redacted]")).field("user", &self.user).finish()
    }
}
