//! Values the native unit tests of several modules share.

use crate::config::{Config, Provider};

/// ClassLink's endpoints, written in config.json (no discovery): a provider with neither
/// end-session nor revocation, and no `iss` promised.
pub(crate) fn classlink_provider() -> Provider {
    Config::from_json(
        r#"{ "client_id": "c", "scope": "profile oneroster",
        "authorization_endpoint": "https://launchpad.classlink.com/oauth2/v2/auth",
        "token_endpoint": "https://launchpad.classlink.com/oauth2/v2/token" }"#,
    )
    .expect("a valid configuration")
    .written_provider()
    .expect("every endpoint written")
}
