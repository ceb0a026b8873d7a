//! The provider: ClassLink's OAuth 2.0 and OpenID endpoints, as strict as the RFCs allow.
//! Sign-in: [`authorize`] (with [`prompt`], the provider [`session`] and the sign-in
//! [`pages`]) and the [`launchpad`] imitation. Tokens: the [`token`] endpoint picks the
//! [`code_grant`] (with [`pkce`]) or the [`refresh_grant`], each authenticating the client
//! by [`client_auth`], issuing [`fresh_tokens`] and signing an [`id_token`] with the
//! [`signing_keys`]. Then
//! [`revocation`] and [`end_session`]. What it publishes: [`discovery`] and [`jwks`].

pub(crate) mod authorize;
pub(crate) mod client_auth;
pub(crate) mod code_grant;
pub(crate) mod discovery;
pub(crate) mod end_session;
pub(crate) mod fresh_tokens;
pub(crate) mod id_token;
pub(crate) mod jwks;
pub(crate) mod launchpad;
pub(crate) mod pages;
pub(crate) mod pkce;
pub(crate) mod prompt;
pub(crate) mod refresh_grant;
pub(crate) mod revocation;
pub(crate) mod session;
pub(crate) mod signing_keys;
pub(crate) mod token;
