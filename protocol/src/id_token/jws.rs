//! The JWS compact serialization (RFC 7515 §7.1):
//! `BASE64URL(header) "." BASE64URL(payload) "." BASE64URL(signature)`.
//!
//! Parsing reads the header (it says how to verify) and decodes the signature, and keeps
//! the payload as bytes: nothing in it is read before the signature over it has verified.

use crate::lenient::MaybeObject;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::de::IgnoredAny;
use serde::Deserialize;

use super::problem::IdTokenProblem;

/// The JOSE header members this crate reads. Others are ignored; in particular `jku`, `jwk`,
/// `x5u` and `x5c` are never used to find a key: a token cannot bring its own.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct JwsHeader {
    /// The algorithm the token claims to be signed with.
    pub alg: String,
    /// The id of the key the token claims to be signed with.
    #[serde(default)]
    pub kid: Option<String>,
    /// The token's media type, if it names one.
    #[serde(default)]
    pub typ: Option<String>,
    /// Present only to be refused (RFC 7515 §4.1.11: a recipient that does not understand
    /// a listed extension must reject the token, and this crate understands none).
    #[serde(default)]
    crit: Option<IgnoredAny>,
}

/// A parsed compact JWS, borrowing the token text.
#[derive(Debug)]
pub struct CompactJws<'a> {
    /// The header, read.
    pub header: JwsHeader,
    /// `BASE64URL(header) "." BASE64URL(payload)` as sent: the bytes the signature covers.
    signing_input: &'a str,
    /// The decoded payload, deliberately unread.
    payload: Vec<u8>,
    signature: Vec<u8>,
}

impl<'a> CompactJws<'a> {
    /// Reads `token`: three strict base64url parts, a header that is a JSON object naming an
    /// accepted algorithm, no `crit`, not another kind of JWT.
    #[inline]
    pub fn parse(token: &'a str) -> Result<CompactJws<'a>, IdTokenProblem> {
        let malformed = IdTokenProblem::Malformed;
        let mut parts = token.split('.');
        let (Some(header), Some(payload), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(malformed);
        };
        let header_bytes = decode_part(header)?;
        // Read as text, as every other JSON document is: one serde_json reader in the wasm.
        let header: JwsHeader = std::str::from_utf8(&header_bytes)
            .ok()
            .and_then(|text| serde_json::from_str::<MaybeObject<JwsHeader>>(text).ok())
            .and_then(|h| h.0)
            .ok_or(malformed)?;
        if header.crit.is_some() || names_another_kind_of_jwt(header.typ.as_deref()) {
            return Err(malformed);
        }
        // `none` and HMAC are refused for what they are before the other parts are read:
        // an unsecured token's empty signature would otherwise pass for a typo.
        super::algorithm::Algorithm::from_header(&header.alg)?;
        Ok(CompactJws {
            header,
            signing_input: &token[..token.len() - signature.len() - 1],
            payload: decode_part(payload)?,
            signature: decode_part(signature)?,
        })
    }

    /// The bytes the signature covers.
    #[inline]
    pub fn signing_input(&self) -> &'a [u8] {
        self.signing_input.as_bytes()
    }

    /// The signature, decoded.
    #[inline]
    pub fn signature(&self) -> &[u8] {
        &self.signature
    }

    /// The payload, for the claims check: only [`super::verify`] calls this, and only once
    /// the signature has verified.
    #[inline]
    pub(super) fn verified_payload(&self) -> &[u8] {
        &self.payload
    }
}

/// One part: non-empty, strictly base64url without padding (the decoder refuses `=`,
/// `+`, `/`, whitespace and non-canonical trailing bits).
#[inline]
fn decode_part(part: &str) -> Result<Vec<u8>, IdTokenProblem> {
    if part.is_empty() {
        return Err(IdTokenProblem::Malformed);
    }
    URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| IdTokenProblem::Malformed)
}

/// True for an explicitly typed JWT of another kind (RFC 8725 §3.11), such as an access
/// token (`at+jwt`, RFC 9068) or a logout token: never to be taken for an id_token.
/// `JWT`, `application/jwt` and no `typ` at all are what id_tokens carry.
#[inline]
fn names_another_kind_of_jwt(typ: Option<&str>) -> bool {
    typ.is_some_and(|typ| typ.to_ascii_lowercase().ends_with("+jwt"))
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// RFC 7515 Appendix A.2: RS256, header `{"alg":"RS256"}`.
    pub const RFC7515_A2: &str = concat!(
        "eyJhbGciOiJSUzI1NiJ9",
        ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ",
        ".cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw",
    );
    /// RFC 7515 Appendix A.3: ES256, header `{"alg":"ES256"}`.
    pub const RFC7515_A3: &str = concat!(
        "eyJhbGciOiJFUzI1NiJ9",
        ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ",
        ".DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q",
    );
    const A_PAYLOAD: &[u8] =
        b"{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}";

    fn b64(bytes: &[u8]) -> String {
        URL_SAFE_NO_PAD.encode(bytes)
    }

    fn token(header: &str, payload: &str, signature: &[u8]) -> String {
        format!(
            "{}.{}.{}",
            b64(header.as_bytes()),
            b64(payload.as_bytes()),
            b64(signature)
        )
    }

    #[test]
    fn reads_the_rfc_7515_rs256_example() {
        let jws = CompactJws::parse(RFC7515_A2).unwrap();
        assert_eq!(jws.header.alg, "RS256");
        assert_eq!(jws.header.kid, None);
        assert_eq!(
            jws.signing_input(),
            RFC7515_A2.rsplit_once('.').unwrap().0.as_bytes()
        );
        assert_eq!(jws.signature().len(), 256);
        assert_eq!(jws.signature()[..3], [112, 46, 33]);
        assert_eq!(jws.verified_payload(), A_PAYLOAD);
    }

    #[test]
    fn reads_the_rfc_7515_es256_example() {
        let jws = CompactJws::parse(RFC7515_A3).unwrap();
        assert_eq!(jws.header.alg, "ES256");
        // r ‖ s, 32 bytes each, as the RFC lists them.
        assert_eq!(jws.signature().len(), 64);
        assert_eq!(jws.signature()[..3], [14, 209, 33]);
        assert_eq!(jws.signature()[32..35], [197, 10, 7]);
        assert_eq!(jws.verified_payload(), A_PAYLOAD);
    }

    #[test]
    fn reads_kid_and_typ() {
        let text = token(
            r#"{"alg":"RS256","kid":"k1","typ":"JWT","jku":"https://evil.example/"}"#,
            "{}",
            b"sig",
        );
        let jws = CompactJws::parse(&text).unwrap();
        assert_eq!(jws.header.kid.as_deref(), Some("k1"));
        assert_eq!(jws.header.typ.as_deref(), Some("JWT"));
    }

    #[test]
    fn an_unsecured_or_hmac_token_is_refused_for_its_algorithm() {
        for header in [r#"{"alg":"none"}"#, r#"{"alg":"HS256","kid":"k1"}"#] {
            let text = format!(
                "{}.",
                token(header, "{}", b"sig").rsplit_once('.').unwrap().0
            );
            assert_eq!(
                CompactJws::parse(&text).unwrap_err(),
                IdTokenProblem::UnsupportedAlgorithm,
                "{header}"
            );
        }
    }

    #[test]
    fn refuses_anything_but_three_strict_base64url_parts() {
        let good = token(r#"{"alg":"RS256"}"#, "{}", b"sig");
        assert!(CompactJws::parse(&good).is_ok());
        let (head, sig) = good.rsplit_once('.').unwrap();
        for bad in [
            String::new(),
            "..".into(),
            head.to_string(),
            format!("{good}."),
            format!("{good}.{sig}"),
            format!("{head}."),
            format!(".{}", good.split_once('.').unwrap().1),
            format!("{head}.{sig}="),
            format!("{head}.{sig}=="),
            format!("{head}.c2l+"),
            format!("{head}.c2l/"),
            format!("{head}.c2 l"),
            format!("{head}.c2l\n"),
            format!(" {good}"),
            // 2 characters that leave non-zero trailing bits: not a canonical encoding.
            format!("{head}.c3"),
        ] {
            assert_eq!(
                CompactJws::parse(&bad).unwrap_err(),
                IdTokenProblem::Malformed,
                "{bad}"
            );
        }
    }

    #[test]
    fn refuses_headers_that_are_not_an_object_with_an_alg() {
        for header in [
            r#"["RS256"]"#,
            r#""RS256""#,
            "null",
            "{}",
            r#"{"alg":256}"#,
            r#"{"alg":"RS256","alg":"none"}"#,
            r#"{"alg":"RS256","kid":7}"#,
            r#"{"alg":"RS256""#,
        ] {
            assert_eq!(
                CompactJws::parse(&token(header, "{}", b"sig")).unwrap_err(),
                IdTokenProblem::Malformed,
                "{header}"
            );
        }
    }

    #[test]
    fn refuses_critical_extensions_and_other_kinds_of_jwt() {
        for header in [
            r#"{"alg":"RS256","crit":["exp"],"exp":1}"#,
            r#"{"alg":"RS256","crit":[]}"#,
            r#"{"alg":"RS256","typ":"at+jwt"}"#,
            r#"{"alg":"RS256","typ":"application/AT+JWT"}"#,
            r#"{"alg":"RS256","typ":"logout+jwt"}"#,
        ] {
            assert_eq!(
                CompactJws::parse(&token(header, "{}", b"sig")).unwrap_err(),
                IdTokenProblem::Malformed,
                "{header}"
            );
        }
        for typ in ["JWT", "jwt", "application/jwt"] {
            let header = format!(r#"{{"alg":"RS256","typ":"{typ}"}}"#);
            assert!(CompactJws::parse(&token(&header, "{}", b"sig")).is_ok());
        }
    }

    #[test]
    fn never_reads_the_payload_while_parsing() {
        // Not JSON at all: parsing still succeeds; the claims are judged after the signature.
        let text = token(r#"{"alg":"ES256"}"#, "not json", b"sig");
        let jws = CompactJws::parse(&text).unwrap();
        assert_eq!(jws.verified_payload(), b"not json");
    }
}
