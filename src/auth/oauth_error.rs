//! The error codes of RFC 6749 §4.1.2.1 and §5.2, with an arm for anything else a provider
//! invents, so a new code is reported, not dropped.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OAuthErrorCode {
    InvalidRequest,
    InvalidClient,
    InvalidGrant,
    UnauthorizedClient,
    UnsupportedGrantType,
    UnsupportedResponseType,
    InvalidScope,
    AccessDenied,
    ServerError,
    TemporarilyUnavailable,
    Extension(String),
}

impl OAuthErrorCode {
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

/// Text from a provider, made fit to show: control and bidirectional-override characters
/// removed (they can disguise text), whitespace collapsed, and clipped to `max_chars`.
pub fn displayable(text: &str, max_chars: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if c.is_control()
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
        {
            continue;
        }
        if count + usize::from(pending_space) >= max_chars {
            out.push('…');
            return out;
        }
        if pending_space {
            out.push(' ');
            count += 1;
            pending_space = false;
        }
        out.push(c);
        count += 1;
    }
    out
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

    #[test]
    fn provider_text_is_cleaned_and_clipped() {
        assert_eq!(displayable("  a \n\t b  ", 100), "a b");
        assert_eq!(
            displayable("evil\u{202E}txt.exe\u{0007}", 100),
            "eviltxt.exe"
        );
        assert_eq!(displayable(&"x".repeat(10_000), 5), "xxxxx…");
        assert_eq!(displayable("<b>bold</b>", 100), "<b>bold</b>");
        assert_eq!(displayable("ñandú 🦆 ok", 7), "ñandú 🦆…");
    }
}
