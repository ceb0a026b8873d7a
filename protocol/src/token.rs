//! The token request (RFC 6749 §4.1.3 + RFC 7636 §4.5) and reading its answer (§5.1, §5.2).
//! Sending the request is the caller's.
//!
//! Every token the answer is read into is an RFC 6750 `b64token` ([`is_b64token`]): letters,
//! digits and `-._~+/`, then `=` padding, so an `Authorization` header carries it as it is. A
//! token with anything else (a space, a `€`) is refused here, before any request could try to
//! send it.

use serde::Deserialize;

use crate::form::FormCodec;
use crate::id_token::IdToken;
use crate::lenient::{MaybeObject, Scalar};
use crate::oauth_error::OAuthErrorCode;
use crate::pkce::CodeVerifier;
use crate::refresh::RefreshToken;
use crate::secret::redacted_debug;
use crate::syntax::is_b64token;
use crate::text::displayable;

/// An access token: always a [`b64token`](is_b64token), so an `Authorization` header can
/// carry it. `Debug` never prints it; the value is reachable only through
/// [`AccessToken::secret`], and it is only ever held in memory.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(String);

redacted_debug!(AccessToken);

impl AccessToken {
    /// The token `value`; `None` unless it is a [`b64token`](is_b64token).
    #[inline]
    pub fn new(value: String) -> Option<Self> {
        is_b64token(&value).then_some(AccessToken(value))
    }

    /// The token itself: only for the requests it authorizes, and their DPoP proofs.
    #[inline]
    pub fn secret(&self) -> &str {
        &self.0
    }
}

/// What a successful token response gives the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenResponse {
    /// The access token.
    pub access_token: AccessToken,
    /// Seconds; ClassLink sends none (its tokens live 24 hours).
    pub expires_in: Option<u64>,
    /// As sent, unverified: nothing in it may be used before [`crate::id_token`] has
    /// checked it.
    pub id_token: Option<IdToken>,
    /// Only from providers that issue them (ClassLink does not); held in memory only.
    pub refresh_token: Option<RefreshToken>,
}

/// Why no token came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenError {
    /// An RFC 6749 error body.
    OAuth {
        /// The HTTP status.
        status: u16,
        /// The `error` code.
        code: OAuthErrorCode,
        /// `error_description`, cleaned and clipped: safe to show as text.
        description: Option<String>,
    },
    /// A non-success status with a body that is not an OAuth error.
    Http {
        /// The HTTP status.
        status: u16,
        /// The start of the body, cleaned: safe to show as text.
        body: String,
    },
    /// A success status whose body is not a JSON object.
    NotJson {
        /// The HTTP status.
        status: u16,
        /// The start of the body, cleaned: safe to show as text.
        body: String,
    },
    /// JSON without a usable `access_token`.
    MissingAccessToken,
    /// A token type other than the one asked for: the client would not know how to send it.
    UnsupportedTokenType(String),
    /// DPoP was asked for and the answer is a plain bearer token (or names no type): a
    /// token anyone who copies it could use, which is refused (RFC 9449 §5).
    Downgraded,
    /// A token that is not a [`b64token`](is_b64token): no `Authorization` header could carry
    /// it as it is.
    NotB64Token(TokenKind),
}

/// Which of its two tokens a client holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// The access token, sent with every API call.
    Access,
    /// The refresh token, sent only to the token endpoint.
    Refresh,
}

impl TokenKind {
    /// The token's name in a token answer, which is also its `token_type_hint` in a
    /// revocation request (RFC 7009 §2.1).
    #[inline]
    pub fn name(self) -> &'static str {
        match self {
            TokenKind::Access => "access_token",
            TokenKind::Refresh => "refresh_token",
        }
    }
}

/// How the token is sent, and so what `token_type` the answer must name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenType {
    /// `Authorization: Bearer` (RFC 6750).
    Bearer,
    /// `Authorization: DPoP` with a proof from the sign-in's key (RFC 9449).
    DPoP,
}

/// Body snippets kept for messages, in characters.
const SNIPPET: usize = 200;

/// The form body of the token request. No client secret: this is a public client.
#[inline]
pub fn token_request_body(
    form: &impl FormCodec,
    code: &str,
    redirect_uri: &str,
    client_id: &str,
    verifier: &CodeVerifier,
) -> String {
    form.serialize([
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", redirect_uri),
        ("client_id", client_id),
        ("code_verifier", verifier.secret()),
    ])
}

/// The token endpoint's answer as sent, success (RFC 6749 §5.1) or error (§5.2): every
/// field lenient, so a field of the wrong type reads as absent and is judged below.
#[derive(Deserialize, Default)]
#[serde(default)]
struct TokenAnswer {
    access_token: Scalar,
    token_type: Scalar,
    expires_in: Scalar,
    id_token: Scalar,
    refresh_token: Scalar,
    error: Scalar,
    error_description: Scalar,
}

/// Reads the token endpoint's answer to a request that asked for `expected` tokens.
#[inline]
pub fn parse_token_response(
    status: u16,
    body: &str,
    expected: TokenType,
) -> Result<TokenResponse, TokenError> {
    let answer = serde_json::from_str::<MaybeObject<TokenAnswer>>(body)
        .ok()
        .and_then(|answer| answer.0);
    if !(200..300).contains(&status) {
        let code = answer.as_ref().and_then(|a| a.error.string());
        return Err(match code {
            Some(code) if !code.is_empty() => TokenError::OAuth {
                status,
                code: OAuthErrorCode::parse(&displayable(code, 64)),
                description: answer
                    .as_ref()
                    .and_then(|a| a.error_description.string())
                    .map(|d| displayable(d, SNIPPET))
                    .filter(|d| !d.is_empty()),
            },
            _ => TokenError::Http {
                status,
                body: displayable(body, SNIPPET),
            },
        });
    }
    let answer = answer.ok_or_else(|| TokenError::NotJson {
        status,
        body: displayable(body, SNIPPET),
    })?;
    let access_token = match answer
        .access_token
        .string()
        .filter(|token| !token.is_empty())
    {
        Some(token) => {
            AccessToken::new(token.to_string()).ok_or(TokenError::NotB64Token(TokenKind::Access))?
        }
        None => return Err(TokenError::MissingAccessToken),
    };
    // Token types are case-insensitive (RFC 6749 §5.1). ClassLink names "Bearer"; a
    // missing type is read as Bearer, never as the DPoP that was asked for.
    let kind = answer.token_type.string().unwrap_or("Bearer");
    match expected {
        TokenType::DPoP if kind.eq_ignore_ascii_case("DPoP") => {}
        TokenType::DPoP if kind.eq_ignore_ascii_case("Bearer") => {
            return Err(TokenError::Downgraded)
        }
        TokenType::Bearer if kind.eq_ignore_ascii_case("Bearer") => {}
        _ => return Err(TokenError::UnsupportedTokenType(displayable(kind, 32))),
    }
    // A number or a numeric string; `3600.5` counts as 3600; a negative or zero lifetime
    // as none (the default applies).
    let expires_in = answer.expires_in.count().filter(|seconds| *seconds > 0);
    let id_token = answer
        .id_token
        .string()
        .filter(|token| !token.is_empty())
        .map(|token| IdToken::new(token.to_string()));
    let refresh_token = match answer
        .refresh_token
        .string()
        .filter(|token| !token.is_empty())
    {
        Some(token) => Some(
            RefreshToken::new(token.to_string())
                .ok_or(TokenError::NotB64Token(TokenKind::Refresh))?,
        ),
        None => None,
    };
    Ok(TokenResponse {
        access_token,
        expires_in,
        id_token,
        refresh_token,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::StandardForm;

    #[test]
    fn the_request_body_has_exactly_the_rfc_parameters() {
        let verifier = CodeVerifier::from_bytes(&[9; 32]);
        let body = token_request_body(
            &StandardForm,
            "c&d=e",
            "https://d.example/portal/",
            "demo",
            &verifier,
        );
        let pairs = StandardForm.parse(&body);
        let expected = [
            ("grant_type", "authorization_code"),
            ("code", "c&d=e"),
            ("redirect_uri", "https://d.example/portal/"),
            ("client_id", "demo"),
            ("code_verifier", verifier.secret()),
        ];
        assert_eq!(pairs, expected.map(|(k, v)| (k.to_string(), v.to_string())));
        assert!(!body.contains("client_secret"));
    }

    #[test]
    fn reads_classlinks_documented_response() {
        let body = r#"{ "access_token": "c1447347abc", "token_type": "Bearer", "response_type": "code", "id_token": "eyJ.x.y" }"#;
        let response = parse_token_response(200, body, TokenType::Bearer).unwrap();
        assert_eq!(response.access_token.secret(), "c1447347abc");
        assert_eq!(response.expires_in, None);
        assert_eq!(response.id_token.unwrap().secret(), "eyJ.x.y");
    }

    #[test]
    fn reads_expires_in_as_number_or_string() {
        let response = parse_token_response(
            200,
            r#"{"access_token":"t","expires_in":3600}"#,
            TokenType::Bearer,
        )
        .unwrap();
        assert_eq!(response.expires_in, Some(3600));
        let response = parse_token_response(
            200,
            r#"{"access_token":"t","expires_in":"60"}"#,
            TokenType::Bearer,
        )
        .unwrap();
        assert_eq!(response.expires_in, Some(60));
        let response = parse_token_response(
            200,
            r#"{"access_token":"t","expires_in":-5}"#,
            TokenType::Bearer,
        )
        .unwrap();
        assert_eq!(response.expires_in, None);
        for (json, expected) in [
            ("3600.9", Some(3600)),
            ("0", None),
            // JSON's value of 3.6e3 is 3600 (an earlier reader of its own kept numbers as
            // text and refused an exponent).
            ("3.6e3", Some(3600)),
            ("-0.5", None),
        ] {
            let body = format!(r#"{{"access_token":"t","expires_in":{json}}}"#);
            assert_eq!(
                parse_token_response(200, &body, TokenType::Bearer)
                    .unwrap()
                    .expires_in,
                expected,
                "{json}"
            );
        }
    }

    #[test]
    fn reports_every_failure_shape() {
        assert_eq!(
            parse_token_response(
                400,
                r#"{"error":"invalid_grant","error_description":"Code used"}"#,
                TokenType::Bearer
            ),
            Err(TokenError::OAuth {
                status: 400,
                code: OAuthErrorCode::InvalidGrant,
                description: Some("Code used".into())
            })
        );
        assert_eq!(
            parse_token_response(500, "<html><body>Oops</body></html>", TokenType::Bearer),
            Err(TokenError::Http {
                status: 500,
                body: "<html><body>Oops</body></html>".into()
            })
        );
        assert_eq!(
            parse_token_response(401, r#"{"message":"nope"}"#, TokenType::Bearer),
            Err(TokenError::Http {
                status: 401,
                body: r#"{"message":"nope"}"#.into()
            })
        );
        assert!(matches!(
            parse_token_response(200, "<html>", TokenType::Bearer),
            Err(TokenError::NotJson { status: 200, .. })
        ));
        assert_eq!(
            parse_token_response(200, r#"{"token_type":"Bearer"}"#, TokenType::Bearer),
            Err(TokenError::MissingAccessToken)
        );
        assert_eq!(
            parse_token_response(200, r#"{"access_token":""}"#, TokenType::Bearer),
            Err(TokenError::MissingAccessToken)
        );
        assert_eq!(
            parse_token_response(200, r#"{"access_token":42}"#, TokenType::Bearer),
            Err(TokenError::MissingAccessToken)
        );
        assert_eq!(
            parse_token_response(200, r#"{"access_token":"a b"}"#, TokenType::Bearer),
            Err(TokenError::NotB64Token(TokenKind::Access))
        );
        assert_eq!(
            parse_token_response(
                200,
                r#"{"access_token":"t","token_type":"mac"}"#,
                TokenType::Bearer
            ),
            Err(TokenError::UnsupportedTokenType("mac".into()))
        );
    }

    #[test]
    fn dpop_asked_for_must_be_dpop_answered() {
        let dpop = |body: &str| parse_token_response(200, body, TokenType::DPoP);
        assert!(dpop(r#"{"access_token":"t","token_type":"DPoP"}"#).is_ok());
        assert!(dpop(r#"{"access_token":"t","token_type":"dpop"}"#).is_ok());
        for downgraded in [
            r#"{"access_token":"t","token_type":"Bearer"}"#,
            r#"{"access_token":"t","token_type":"bearer"}"#,
            r#"{"access_token":"t"}"#,
            r#"{"access_token":"t","token_type":null}"#,
        ] {
            assert_eq!(
                dpop(downgraded),
                Err(TokenError::Downgraded),
                "{downgraded}"
            );
        }
        assert_eq!(
            dpop(r#"{"access_token":"t","token_type":"mac"}"#),
            Err(TokenError::UnsupportedTokenType("mac".into()))
        );
        // A DPoP token never asked for could not be sent: refused, not used as a bearer one.
        assert_eq!(
            parse_token_response(
                200,
                r#"{"access_token":"t","token_type":"DPoP"}"#,
                TokenType::Bearer
            ),
            Err(TokenError::UnsupportedTokenType("DPoP".into()))
        );
        // An error is an error, whatever was asked for.
        assert!(matches!(
            parse_token_response(400, r#"{"error":"invalid_dpop_proof"}"#, TokenType::DPoP),
            Err(TokenError::OAuth { status: 400, .. })
        ));
    }

    #[test]
    fn debug_never_prints_the_token() {
        let response =
            parse_token_response(200, r#"{"access_token":"very-secret"}"#, TokenType::Bearer)
                .unwrap();
        let printed = format!("{response:?}");
        assert!(!printed.contains("very-secret"));
        assert!(printed.contains("[redacted]"));
    }

    #[test]
    fn a_token_a_header_cannot_carry_is_refused_and_named() {
        let read = |body: &str| parse_token_response(200, body, TokenType::Bearer);
        assert_eq!(
            read(r#"{"access_token":"abc€"}"#),
            Err(TokenError::NotB64Token(TokenKind::Access))
        );
        assert_eq!(
            read(r#"{"access_token":"abc","refresh_token":"r f"}"#),
            Err(TokenError::NotB64Token(TokenKind::Refresh))
        );
        // No refresh token at all, or an empty one, is no refresh token.
        for body in [
            r#"{"access_token":"abc"}"#,
            r#"{"access_token":"abc","refresh_token":""}"#,
            r#"{"access_token":"abc","refresh_token":null}"#,
        ] {
            assert_eq!(read(body).unwrap().refresh_token, None, "{body}");
        }
        assert_eq!(
            read(r#"{"access_token":"abc","refresh_token":"r+1/="}"#)
                .unwrap()
                .refresh_token
                .map(|token| token.secret().to_string()),
            Some("r+1/=".into())
        );
        assert_eq!(AccessToken::new("a b".into()), None);
        assert_eq!(RefreshToken::new("€".into()), None);
        assert_eq!(TokenKind::Access.name(), "access_token");
        assert_eq!(TokenKind::Refresh.name(), "refresh_token");
    }

    proptest::proptest! {
        /// Whatever a token endpoint sends, every token the reader accepts is a valid HTTP
        /// header value as `Authorization: Bearer <token>`: visible ASCII, no whitespace.
        #[test]
        fn every_token_the_reader_accepts_is_a_valid_header_value(
            access in token_text(),
            refresh in proptest::option::of(token_text()),
            dpop in proptest::bool::ANY,
        ) {
            let mut answer = serde_json::json!({
                "access_token": access,
                "token_type": if dpop { "DPoP" } else { "Bearer" },
            });
            if let Some(refresh) = &refresh {
                answer["refresh_token"] = refresh.clone().into();
            }
            let expected = if dpop { TokenType::DPoP } else { TokenType::Bearer };
            if let Ok(tokens) = parse_token_response(200, &answer.to_string(), expected) {
                let mut accepted = vec![tokens.access_token.secret().to_string()];
                accepted.extend(tokens.refresh_token.map(|t| t.secret().to_string()));
                for token in accepted {
                    let header = format!("Bearer {token}");
                    proptest::prop_assert!(!token.is_empty());
                    proptest::prop_assert!(
                        header.bytes().all(|b| b == b' ' || (0x21..=0x7e).contains(&b)),
                        "{:?}", header
                    );
                    proptest::prop_assert_eq!(header.matches(' ').count(), 1);
                }
            }
        }
    }

    /// Token-like text: mostly b64token characters, with anything else mixed in.
    fn token_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            4 => "[A-Za-z0-9._~+/-]{1,12}",
            1 => "={1,3}",
            1 => prop_oneof![
                Just(" ".to_string()),
                Just("€".to_string()),
                Just("\t".to_string()),
                Just("\u{0}".to_string()),
                Just("\u{7f}".to_string()),
                Just("\"".to_string()),
                Just(",".to_string()),
                Just("é".to_string()),
            ],
            1 => any::<String>(),
        ];
        proptest::collection::vec(piece, 0..6).prop_map(|pieces| pieces.concat())
    }
}
