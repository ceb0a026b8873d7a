//! Token revocation on sign-out (RFC 7009), where the provider advertises a
//! `revocation_endpoint`: a signed-out token then stops working at the server too, not only
//! in the client's memory.

use crate::form::FormCodec;
use crate::token::TokenKind;

/// The form body of a revocation request: a public client names itself and sends no secret.
#[inline]
pub fn revocation_request_body(
    form: &impl FormCodec,
    token: &str,
    kind: TokenKind,
    client_id: &str,
) -> String {
    form.serialize([
        ("token", token),
        ("token_type_hint", kind.name()),
        ("client_id", client_id),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::StandardForm;

    #[test]
    fn names_the_token_its_kind_and_the_client() {
        let pairs = StandardForm.parse(&revocation_request_body(
            &StandardForm,
            "a&b",
            TokenKind::Refresh,
            "c1",
        ));
        let expected = [
            ("token", "a&b"),
            ("token_type_hint", "refresh_token"),
            ("client_id", "c1"),
        ];
        assert_eq!(pairs, expected.map(|(k, v)| (k.to_string(), v.to_string())));
        let access = revocation_request_body(&StandardForm, "t", TokenKind::Access, "c1");
        assert!(access.contains("token_type_hint=access_token"));
        assert!(!access.contains("secret"));
    }
}
