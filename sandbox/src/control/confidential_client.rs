//! A confidential client (re-exported by the crate root): the seed's client registered with a
//! secret, as ClassLink's discovery suggests its clients are (`token_endpoint_auth_methods_
//! supported` lists only `client_secret_post` and `client_secret_basic`). Off by default: the
//! client is public, as the app is. Set at start (`Options::confidential_client`,
//! `--client-secret` and `--client-auth`). [`ClientAuth`] names how a token request
//! authenticated, in the records too.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::switch_list::parse_list;

/// The names `--client-auth` accepts.
pub(crate) const NAMES: [&str; 2] = ["post", "basic"];

/// How a client authenticates at the token and revocation endpoints, by RFC 8414's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientAuth {
    /// No secret: a public client names itself with `client_id` (and proves the code with PKCE).
    None,
    /// `client_id` and `client_secret` in the form body (RFC 6749 §2.3.1).
    ClientSecretPost,
    /// `Authorization: Basic` over the form-urlencoded id and secret (RFC 6749 §2.3.1).
    ClientSecretBasic,
}

impl ClientAuth {
    /// The RFC 8414 name, as discovery lists it.
    pub fn name(self) -> &'static str {
        match self {
            ClientAuth::None => "none",
            ClientAuth::ClientSecretPost => "client_secret_post",
            ClientAuth::ClientSecretBasic => "client_secret_basic",
        }
    }
}

/// The client registered with a secret, and the methods it may present it by.
#[derive(Clone, PartialEq, Eq)]
pub struct ConfidentialClient {
    /// The `client_secret`. Test data, but kept out of `Debug` all the same.
    pub secret: String,
    /// `client_secret_post` is allowed.
    pub post: bool,
    /// `client_secret_basic` is allowed.
    pub basic: bool,
}

impl ConfidentialClient {
    /// A client with `secret`, allowed both methods (as ClassLink's discovery lists both).
    pub fn new(secret: impl Into<String>) -> Self {
        ConfidentialClient {
            secret: secret.into(),
            post: true,
            basic: true,
        }
    }

    /// The methods it may use, in discovery's order (`client_secret_post` first).
    pub fn methods(&self) -> Vec<ClientAuth> {
        let mut methods = Vec::new();
        if self.post {
            methods.push(ClientAuth::ClientSecretPost);
        }
        if self.basic {
            methods.push(ClientAuth::ClientSecretBasic);
        }
        methods
    }

    /// Reads `--client-secret` and `--client-auth` (a comma-separated list of [`NAMES`] or
    /// `all`; both when absent). A secret must be non-empty, and a list must allow a method.
    pub(crate) fn from_flags(secret: String, methods: Option<&str>) -> Result<Self, String> {
        if secret.is_empty() {
            return Err("--client-secret must not be empty".into());
        }
        let mut client = ConfidentialClient::new(secret);
        if let Some(list) = methods {
            client.post = false;
            client.basic = false;
            parse_list("--client-auth", list, &NAMES, |name| {
                match name {
                    "all" => (client.post, client.basic) = (true, true),
                    "post" => client.post = true,
                    "basic" => client.basic = true,
                    _ => return false,
                }
                true
            })?;
        }
        Ok(client)
    }
}

impl fmt::Debug for ConfidentialClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfidentialClient")
            .field("secret", &"[redacted]")
            .field("post", &self.post)
            .field("basic", &self.basic)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_and_names() {
        let both = ConfidentialClient::from_flags("s3cret".into(), None).expect("client");
        assert_eq!(
            both.methods(),
            [ClientAuth::ClientSecretPost, ClientAuth::ClientSecretBasic]
        );
        let basic = ConfidentialClient::from_flags("s".into(), Some("basic")).expect("client");
        assert_eq!(basic.methods(), [ClientAuth::ClientSecretBasic]);
        assert!(ConfidentialClient::from_flags(String::new(), None).is_err());
        let err = ConfidentialClient::from_flags("s".into(), Some("jwt")).expect_err("unknown");
        assert!(
            err.contains("--client-auth: unknown feature \"jwt\""),
            "{err}"
        );
        assert!(!format!("{both:?}").contains("s3cret"));
        assert_eq!(
            serde_json::to_value(ClientAuth::ClientSecretBasic).expect("json"),
            "client_secret_basic"
        );
        assert_eq!(ClientAuth::None.name(), "none");
    }
}
