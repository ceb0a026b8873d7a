//! Refresh tokens (RFC 6749 §6), for providers that issue them. ClassLink does not. Held in
//! memory only, and rotated: each use spends the token, and the answer's new one replaces it
//! at once (OAuth 2.0 Security BCP, RFC 9700 §4.14.2), so an old one is never sent again.

use crate::form::FormCodec;
use crate::secret::redacted_debug;
use crate::syntax::is_b64token;

/// A refresh token: always a [`b64token`](crate::syntax::is_b64token). `Debug` never prints
/// it; the value is reachable only through [`RefreshToken::secret`].
#[derive(Clone, PartialEq, Eq)]
pub struct RefreshToken(String);

redacted_debug!(RefreshToken);

impl RefreshToken {
    /// The token `value`; `None` unless it is a [`b64token`](crate::syntax::is_b64token).
    #[inline]
    pub fn new(value: String) -> Option<Self> {
        is_b64token(&value).then_some(RefreshToken(value))
    }

    /// The token itself: only for the refresh request and its revocation.
    #[inline]
    pub fn secret(&self) -> &str {
        &self.0
    }
}

/// The form body of a refresh request. No client secret and no scope: a public client, and
/// the same scope as granted.
#[inline]
pub fn refresh_request_body(
    form: &impl FormCodec,
    refresh_token: &RefreshToken,
    client_id: &str,
) -> String {
    form.serialize([
        ("grant_type", "refresh_token"),
        ("refresh_token", refresh_token.secret()),
        ("client_id", client_id),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::StandardForm;

    #[test]
    fn the_body_has_exactly_the_rfc_parameters() {
        let token = RefreshToken::new("r+1/=".into()).unwrap();
        let pairs = StandardForm.parse(&refresh_request_body(&StandardForm, &token, "demo portal"));
        let expected = [
            ("grant_type", "refresh_token"),
            ("refresh_token", "r+1/="),
            ("client_id", "demo portal"),
        ];
        assert_eq!(pairs, expected.map(|(k, v)| (k.to_string(), v.to_string())));
    }

    #[test]
    fn debug_never_prints_the_token() {
        let token = RefreshToken::new("very-secret".into()).unwrap();
        assert!(!format!("{token:?}").contains("very-secret"));
    }
}
