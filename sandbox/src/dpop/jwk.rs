//! The public key a DPoP proof carries in its `jwk` header (RFC 9449 §4.2): only an EC P-256
//! public key is accepted (the sandbox offers ES256 alone), and never one with private members.
//! Its RFC 7638 thumbprint is the `jkt` tokens are bound to.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use p256::ecdsa::VerifyingKey;
use p256::EncodedPoint;
use serde_json::Value;

use crate::provider::signing_keys::thumbprint;

/// JWK members that only a private key has (RFC 7518 §6.2.2, §6.3.2, §6.4.1): `d` for EC, the
/// RSA primes and CRT values, `k` for a symmetric key. A proof must never carry one.
const PRIVATE_MEMBERS: [&str; 8] = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

/// A proof's verified-shape public key.
#[derive(Debug, Clone)]
pub(crate) struct ProofKey {
    pub verifying: VerifyingKey,
    /// The RFC 7638 JWK SHA-256 thumbprint.
    pub jkt: String,
}

/// Reads `jwk` as an EC P-256 public key; `Err` names what is wrong with it.
pub(crate) fn parse(jwk: &Value) -> Result<ProofKey, &'static str> {
    let Some(members) = jwk.as_object() else {
        return Err("jwk header is missing or not an object");
    };
    if PRIVATE_MEMBERS.iter().any(|m| members.contains_key(*m)) {
        return Err("jwk contains a private key member");
    }
    if jwk["kty"] != "EC" {
        return Err("jwk kty must be EC");
    }
    if jwk["crv"] != "P-256" {
        return Err("jwk crv must be P-256");
    }
    let (Some(x), Some(y)) = (coordinate(&jwk["x"]), coordinate(&jwk["y"])) else {
        return Err("jwk x and y must each be 32 bytes of base64url without padding");
    };
    let point =
        EncodedPoint::from_affine_coordinates(x.as_slice().into(), y.as_slice().into(), false);
    let Ok(verifying) = VerifyingKey::from_encoded_point(&point) else {
        return Err("jwk is not a point on P-256");
    };
    Ok(ProofKey {
        verifying,
        jkt: ec_thumbprint(&jwk["x"], &jwk["y"]),
    })
}

/// The RFC 7638 thumbprint of a P-256 key: SHA-256 of its required members in lexicographic
/// order, no whitespace. `x` and `y` are strings here (checked by [`coordinate`]); they are
/// base64url, so nothing in them needs JSON escaping.
fn ec_thumbprint(x: &Value, y: &Value) -> String {
    let (x, y) = (x.as_str().unwrap_or(""), y.as_str().unwrap_or(""));
    thumbprint(&format!(
        r#"{{"crv":"P-256","kty":"EC","x":"{x}","y":"{y}"}}"#
    ))
}

/// A 32-byte coordinate in strict base64url (no padding, no stray bits), or `None`.
fn coordinate(value: &Value) -> Option<[u8; 32]> {
    let bytes = URL_SAFE_NO_PAD.decode(value.as_str()?).ok()?;
    bytes.try_into().ok()
}

/// The thumbprint of a P-256 public key given as its coordinates (the test key's own `jkt`).
pub(crate) fn thumbprint_of(x: &[u8; 32], y: &[u8; 32]) -> String {
    let b64 = |bytes: &[u8]| URL_SAFE_NO_PAD.encode(bytes);
    ec_thumbprint(&Value::from(b64(x)), &Value::from(b64(y)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The key of RFC 9449 §4.1's example proof; §6.1 gives its thumbprint.
    fn rfc9449_key() -> Value {
        json!({
            "kty": "EC",
            "x": "l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs",
            "y": "9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA",
            "crv": "P-256",
        })
    }

    #[test]
    fn a_public_p256_key_and_its_thumbprint() {
        let key = parse(&rfc9449_key()).expect("valid");
        assert_eq!(key.jkt, "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I");
        // Extra public members (kid, use, alg) change nothing.
        let mut extra = rfc9449_key();
        extra["kid"] = json!("k1");
        extra["use"] = json!("sig");
        assert_eq!(parse(&extra).expect("valid").jkt, key.jkt);
    }

    #[test]
    fn refusals() {
        let with = |name: &str, value: Value| {
            let mut jwk = rfc9449_key();
            jwk[name] = value;
            parse(&jwk).expect_err(name)
        };
        assert_eq!(
            with("d", json!("jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI")),
            "jwk contains a private key member"
        );
        assert_eq!(
            with("k", json!("c2VjcmV0")),
            "jwk contains a private key member"
        );
        assert_eq!(with("kty", json!("RSA")), "jwk kty must be EC");
        assert_eq!(with("crv", json!("P-384")), "jwk crv must be P-256");
        assert!(
            with("x", json!("l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBF")).contains("32 bytes")
        );
        assert!(
            with("x", json!("l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs=")).contains("32 bytes")
        );
        assert!(with("y", json!(5)).contains("32 bytes"));
        // 32 bytes, but not on the curve.
        assert_eq!(
            with("y", json!("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE")),
            "jwk is not a point on P-256"
        );
        assert!(parse(&json!("a string")).is_err());
        let mut no_y = rfc9449_key();
        no_y.as_object_mut().expect("object").remove("y");
        assert!(parse(&no_y).is_err());
    }
}
