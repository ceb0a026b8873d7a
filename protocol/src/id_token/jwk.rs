//! The provider's JWK set (RFC 7517 §5), as published at its `jwks_uri`, reduced to the
//! keys this crate can use: public signing keys for RS256 (RSA, at least 2048 bits) and ES256
//! (EC on P-256). Any other entry (another key type or curve, `use` other than `sig`, a
//! member missing or not base64url) is skipped, not an error: a provider may publish keys
//! for other purposes beside the one that signed the token.

use crate::lenient::{MaybeObject, Scalar};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};

use super::algorithm::Algorithm;
use super::problem::KeysFailure;

/// The smallest RSA modulus accepted, in bits (NIST SP 800-131A: shorter keys are no longer
/// considered safe for signatures).
pub const MIN_RSA_BITS: usize = 2048;

/// The usable keys of a set, in the order published.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct JwkSet {
    /// The usable keys.
    pub keys: Vec<PublicKey>,
}

/// A public signing key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey {
    /// The key's id, which a token's header names.
    pub kid: Option<String>,
    /// The key itself.
    pub material: KeyMaterial,
    /// The key's own `alg`, when it names one: the key may then only be used with it.
    declared_alg: Option<String>,
}

/// The public numbers, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyMaterial {
    /// An RSA key, at least 2048 bits.
    Rsa {
        /// The modulus, big-endian, without leading zero bytes.
        n: Vec<u8>,
        /// The exponent, big-endian, without leading zero bytes.
        e: Vec<u8>,
    },
    /// A point on P-256.
    EcP256 {
        /// The x coordinate, 32 bytes.
        x: Vec<u8>,
        /// The y coordinate, 32 bytes.
        y: Vec<u8>,
    },
}

/// A key entry as published: every member lenient, so an odd one skips only its key.
#[derive(Deserialize, Default)]
#[serde(default)]
struct PublishedKey {
    kty: Scalar,
    kid: Scalar,
    #[serde(rename = "use")]
    use_: Scalar,
    alg: Scalar,
    crv: Scalar,
    n: Scalar,
    e: Scalar,
    x: Scalar,
    y: Scalar,
}

#[derive(Deserialize)]
struct PublishedSet {
    keys: Vec<MaybeObject<PublishedKey>>,
}

/// Only the public members, for a verifier such as WebCrypto's `importKey("jwk", …)`.
#[derive(Serialize, Default)]
struct PublicJwk<'a> {
    kty: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    crv: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    n: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    e: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    x: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    y: Option<String>,
}

impl JwkSet {
    /// Reads a JWK set document. It must be a JSON object with a `keys` array; what is in
    /// the array is sorted out key by key.
    #[inline]
    pub fn from_json(text: &str) -> Result<JwkSet, KeysFailure> {
        let set = serde_json::from_str::<MaybeObject<PublishedSet>>(text)
            .ok()
            .and_then(|set| set.0)
            .ok_or(KeysFailure::NotJson)?;
        Ok(JwkSet {
            keys: set
                .keys
                .into_iter()
                .filter_map(|key| PublicKey::from_published(key.0?))
                .collect(),
        })
    }
}

impl PublicKey {
    #[inline]
    fn from_published(key: PublishedKey) -> Option<PublicKey> {
        if key.use_.string().is_some_and(|u| u != "sig") {
            return None;
        }
        let material = match (key.kty.string()?, key.crv.string()) {
            ("RSA", _) => {
                let n = without_leading_zeros(decode(&key.n)?);
                let e = without_leading_zeros(decode(&key.e)?);
                if bit_length(&n) < MIN_RSA_BITS || e.is_empty() {
                    return None;
                }
                KeyMaterial::Rsa { n, e }
            }
            ("EC", Some("P-256")) => {
                let (x, y) = (decode(&key.x)?, decode(&key.y)?);
                if x.len() != 32 || y.len() != 32 {
                    return None;
                }
                KeyMaterial::EcP256 { x, y }
            }
            _ => return None,
        };
        Some(PublicKey {
            kid: key.kid.string().map(str::to_string),
            material,
            declared_alg: key.alg.string().map(str::to_string),
        })
    }

    /// The one algorithm this key verifies: RS256 for RSA, ES256 for P-256; `None` when the
    /// key's own `alg` names another (say `PS256` or `RS512`), which this crate does not do.
    #[inline]
    pub fn algorithm(&self) -> Option<Algorithm> {
        let by_type = match self.material {
            KeyMaterial::Rsa { .. } => Algorithm::Rs256,
            KeyMaterial::EcP256 { .. } => Algorithm::Es256,
        };
        match &self.declared_alg {
            Some(declared) if declared != by_type.name() => None,
            _ => Some(by_type),
        }
    }

    /// The key as a JWK holding only its public members, as JSON text.
    #[inline]
    pub fn to_public_jwk_json(&self) -> String {
        let text = |bytes: &[u8]| Some(URL_SAFE_NO_PAD.encode(bytes));
        let jwk = match &self.material {
            KeyMaterial::Rsa { n, e } => PublicJwk {
                kty: "RSA",
                n: text(n),
                e: text(e),
                ..PublicJwk::default()
            },
            KeyMaterial::EcP256 { x, y } => PublicJwk {
                kty: "EC",
                crv: Some("P-256"),
                x: text(x),
                y: text(y),
                ..PublicJwk::default()
            },
        };
        // A record of strings always serializes; no panic path (and no error formatting).
        serde_json::to_string(&jwk).unwrap_or_default()
    }
}

#[inline]
fn decode(member: &Scalar) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(member.string()?).ok()
}

/// Big integers are sent big-endian and should carry no leading zeros (RFC 7518 §6.3.1.1),
/// but some providers add one; Chromium's importKey refuses them, so they are dropped here.
#[inline]
fn without_leading_zeros(mut bytes: Vec<u8>) -> Vec<u8> {
    let zeros = bytes.iter().take_while(|b| **b == 0).count();
    bytes.drain(..zeros);
    bytes
}

/// Bits in a big-endian number without leading zero bytes.
#[inline]
fn bit_length(number: &[u8]) -> usize {
    match number.first() {
        Some(first) => number.len() * 8 - first.leading_zeros() as usize,
        None => 0,
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// RFC 7515 Appendix A.2's RSA public key.
    pub const RFC7515_A2_N: &str = "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ";
    /// RFC 7515 Appendix A.3's P-256 public key.
    pub const RFC7515_A3_X: &str = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU";
    pub const RFC7515_A3_Y: &str = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0";

    /// A JWK entry for the A.2 key with the given extra members (`kid`, `alg`, `use`).
    pub fn rsa_entry(extra: &str) -> String {
        format!(r#"{{"kty":"RSA","n":"{RFC7515_A2_N}","e":"AQAB"{extra}}}"#)
    }

    pub fn ec_entry(extra: &str) -> String {
        format!(r#"{{"kty":"EC","crv":"P-256","x":"{RFC7515_A3_X}","y":"{RFC7515_A3_Y}"{extra}}}"#)
    }

    pub fn set(entries: &[String]) -> JwkSet {
        JwkSet::from_json(&format!(r#"{{"keys":[{}]}}"#, entries.join(","))).unwrap()
    }

    #[test]
    fn reads_rsa_and_ec_signing_keys() {
        let keys = set(&[
            rsa_entry(r#","kid":"r","use":"sig","alg":"RS256""#),
            ec_entry(r#","kid":"e""#),
        ])
        .keys;
        assert_eq!(keys.len(), 2);
        assert_eq!(keys[0].kid.as_deref(), Some("r"));
        assert_eq!(keys[0].algorithm(), Some(Algorithm::Rs256));
        assert!(
            matches!(&keys[0].material, KeyMaterial::Rsa { n, e } if n.len() == 256 && e == &[1, 0, 1])
        );
        assert_eq!(keys[1].kid.as_deref(), Some("e"));
        assert_eq!(keys[1].algorithm(), Some(Algorithm::Es256));
    }

    #[test]
    fn skips_keys_it_cannot_use() {
        let short_n = URL_SAFE_NO_PAD.encode([0xff; 255]); // 2040 bits
        let usable = set(&[
            rsa_entry(r#","use":"enc""#),
            r#"{"kty":"oct","k":"c2VjcmV0"}"#.into(),
            r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#
                .into(),
            format!(r#"{{"kty":"EC","crv":"P-384","x":"{RFC7515_A3_X}","y":"{RFC7515_A3_Y}"}}"#),
            format!(r#"{{"kty":"EC","crv":"P-256","x":"{RFC7515_A3_X}"}}"#),
            format!(r#"{{"kty":"EC","crv":"P-256","x":"AAAA","y":"{RFC7515_A3_Y}"}}"#),
            format!(r#"{{"kty":"RSA","n":"{short_n}","e":"AQAB"}}"#),
            format!(r#"{{"kty":"RSA","n":"{RFC7515_A2_N}="}}"#),
            r#"{"kty":"RSA","n":42,"e":"AQAB"}"#.into(),
            format!(r#"{{"kty":"RSA","n":"{RFC7515_A2_N}","e":"AA"}}"#),
            r#"{"n":"x"}"#.into(),
            "42".into(),
            "null".into(),
            r#"["RSA"]"#.into(),
        ]);
        assert_eq!(usable.keys, vec![]);
    }

    #[test]
    fn a_2048_bit_modulus_with_a_leading_zero_is_accepted_and_normalized() {
        let mut n = URL_SAFE_NO_PAD.decode(RFC7515_A2_N).unwrap();
        n.insert(0, 0);
        let padded = URL_SAFE_NO_PAD.encode(&n);
        let keys = set(&[format!(r#"{{"kty":"RSA","n":"{padded}","e":"AQAB"}}"#)]).keys;
        assert_eq!(keys.len(), 1);
        assert_eq!(
            keys[0].to_public_jwk_json(),
            format!(r#"{{"kty":"RSA","n":"{RFC7515_A2_N}","e":"AQAB"}}"#)
        );
    }

    #[test]
    fn a_declared_alg_binds_the_key_to_it() {
        let keys = set(&[
            rsa_entry(r#","alg":"PS256""#),
            rsa_entry(r#","alg":"RS512""#),
            ec_entry(r#","alg":"ES384""#),
            ec_entry(r#","alg":"RS256""#),
        ])
        .keys;
        assert_eq!(keys.len(), 4);
        assert!(keys.iter().all(|key| key.algorithm().is_none()));
    }

    #[test]
    fn the_public_jwk_holds_only_public_members() {
        // A set that (wrongly) publishes private members: they never reach WebCrypto.
        let keys = set(&[
            rsa_entry(r#","kid":"r","d":"c2VjcmV0","p":"cA","q":"cQ""#),
            ec_entry(r#","kid":"e","d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI""#),
        ])
        .keys;
        assert_eq!(
            keys[0].to_public_jwk_json(),
            format!(r#"{{"kty":"RSA","n":"{RFC7515_A2_N}","e":"AQAB"}}"#)
        );
        assert_eq!(
            keys[1].to_public_jwk_json(),
            format!(r#"{{"kty":"EC","crv":"P-256","x":"{RFC7515_A3_X}","y":"{RFC7515_A3_Y}"}}"#)
        );
    }

    #[test]
    fn a_document_without_a_keys_array_is_not_a_key_set() {
        for text in [
            "",
            "<html>",
            "[]",
            "{}",
            r#"{"keys":{}}"#,
            r#"{"keys":"x"}"#,
            "null",
        ] {
            assert_eq!(JwkSet::from_json(text), Err(KeysFailure::NotJson), "{text}");
        }
        assert_eq!(JwkSet::from_json(r#"{"keys":[]}"#), Ok(JwkSet::default()));
    }
}
