//! The error codes of RFC 6749 §4.1.2.1 and §5.2, with an arm for anything else a provider
//! invents, so a new code is reported, not dropped.

/// An OAuth `error` code, as a callback or the token endpoint names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OAuthErrorCode {
    /// `invalid_request`: a parameter missing, repeated or malformed.
    InvalidRequest,
    /// `invalid_client`: the client was not recognised (or wants a secret).
    InvalidClient,
    /// `invalid_grant`: the code or refresh token is invalid, expired, used or not this
    /// client's.
    InvalidGrant,
    /// `unauthorized_client`: this client may not use this grant.
    UnauthorizedClient,
    /// `unsupported_grant_type`.
    UnsupportedGrantType,
    /// `unsupported_response_type`.
    UnsupportedResponseType,
    /// `invalid_scope`: a scope unknown, malformed or beyond what was granted.
    InvalidScope,
    /// `access_denied`: the user or the server said no.
    AccessDenied,
    /// `server_error`: the server failed.
    ServerError,
    /// `temporarily_unavailable`: the server is overloaded or down for maintenance.
    TemporarilyUnavailable,
    /// Any other code, as sent (OpenID Connect's `login_required`, DPoP's
    /// `use_dpop_nonce`, a provider's own).
    Extension(String),
}

impl OAuthErrorCode {
    /// The code named by `code`.
    #[inline]
    pub fn parse(code: &str) -> Self {
        match code {
            "invalid_request" => Self::InvalidRequest,
            "invalid_client" => Self::InvalidClient,
            "invalid_grant" => Self::InvalidGrant,
            "unauthorized_client" => Self::UnauthorizedClient,
            "unsupported_grant_type" => Self::UnsupportedGrantType,
            "unsupported_response_type" => Self::UnsupportedResponseType,
            "invalid_scope" => Self::InvalidScope,
            "access_denied" => Self::AccessDenied,
            "server_error" => Self::ServerError,
            "temporarily_unavailable" => Self::TemporarilyUnavailable,
            other => Self::Extension(other.to_string()),
        }
    }

    /// The code as the protocol writes it.
    #[inline]
    pub fn as_str(&self) -> &str {
        match self {
            Self::InvalidRequest => "invalid_request",
            Self::InvalidClient => "invalid_client",
            Self::InvalidGrant => "invalid_grant",
            Self::UnauthorizedClient => "unauthorized_client",
            Self::UnsupportedGrantType => "unsupported_grant_type",
            Self::UnsupportedResponseType => "unsupported_response_type",
            Self::InvalidScope => "invalid_scope",
            Self::AccessDenied => "access_denied",
            Self::ServerError => "server_error",
            Self::TemporarilyUnavailable => "temporarily_unavailable",
            Self::Extension(code) => code,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_codes_round_trip_and_unknown_ones_are_kept() {
        for code in [
            "invalid_request",
            "invalid_grant",
            "access_denied",
            "server_error",
            "invalid_scope",
        ] {
            assert_eq!(OAuthErrorCode::parse(code).as_str(), code);
        }
        assert_eq!(
            OAuthErrorCode::parse("login_required"),
            OAuthErrorCode::Extension("login_required".into())
        );
    }
}
