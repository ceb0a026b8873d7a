//! Tests of the provider's endpoints.

mod authorize;
mod client_auth;
mod end_session;
mod openid;
mod refresh_grant;
mod revocation;
mod session;
mod token;
