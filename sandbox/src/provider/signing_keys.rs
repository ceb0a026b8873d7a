//! The id_token signing keys: fixed, public test keys committed under `sandbox/keys/` (never
//! secrets), parsed once per process. Two RSA keys take turns as the current RS256 key (the
//! JWKS publishes the current one and, after a rotation, the previous one), one EC P-256 key
//! signs the ES256 path, and one RSA key is never published (the `unknown_kid` fault).
//! A key's `kid` is its RFC 7638 JWK thumbprint.

use std::sync::OnceLock;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use p256::ecdsa::{Signature as EcSignature, SigningKey as EcSigningKey};
use rsa::pkcs1v15::{
    Signature as RsaSignature, SigningKey as RsaSigningKey, VerifyingKey as RsaVerifyingKey,
};
use rsa::pkcs8::{DecodePrivateKey, EncodePublicKey, LineEnding};
use rsa::signature::{SignatureEncoding, Signer, Verifier};
use rsa::traits::PublicKeyParts;
use rsa::{RsaPrivateKey, RsaPublicKey};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

const RSA_PEMS: [&str; 2] = [
    include_str!("../../keys/rsa-1.pem"),
    include_str!("../../keys/rsa-2.pem"),
];
const UNPUBLISHED_PEM: &str = include_str!("../../keys/rsa-unpublished.pem");
const EC_PEM: &str = include_str!("../../keys/ec-1.pem");

/// One RS256 key.
pub(crate) struct RsaKey {
    pub kid: String,
    signing: RsaSigningKey<Sha256>,
    public: RsaPublicKey,
}

impl RsaKey {
    fn load(pem: &str) -> RsaKey {
        let private = match RsaPrivateKey::from_pkcs8_pem(pem) {
            Ok(key) => key,
            Err(err) => panic!("a committed sandbox RSA key is broken: {err}"),
        };
        let public = private.to_public_key();
        let n = b64(&public.n().to_bytes_be());
        let e = b64(&public.e().to_bytes_be());
        // RFC 7638: the required members in lexicographic order, no whitespace.
        let kid = thumbprint(&format!(r#"{{"e":"{e}","kty":"RSA","n":"{n}"}}"#));
        RsaKey {
            kid,
            signing: RsaSigningKey::<Sha256>::new(private),
            public,
        }
    }

    /// The public JWK.
    pub fn jwk(&self) -> Value {
        json!({
            "kty": "RSA",
            "kid": self.kid,
            "use": "sig",
            "alg": "RS256",
            "n": b64(&self.public.n().to_bytes_be()),
            "e": b64(&self.public.e().to_bytes_be()),
        })
    }

    /// RSASSA-PKCS1-v1_5 with SHA-256 over `input`.
    pub fn sign(&self, input: &[u8]) -> Vec<u8> {
        self.signing.sign(input).to_vec()
    }

    /// Whether `signature` is this key's RS256 signature of `input` (an `id_token_hint`).
    pub fn verifies(&self, input: &[u8], signature: &[u8]) -> bool {
        let key = RsaVerifyingKey::<Sha256>::new(self.public.clone());
        RsaSignature::try_from(signature).is_ok_and(|sig| key.verify(input, &sig).is_ok())
    }

    /// The public key as SPKI PEM with `\n` line ends (the HS256 key-confusion secret).
    pub fn public_pem(&self) -> String {
        self.public
            .to_public_key_pem(LineEnding::LF)
            .unwrap_or_default()
    }
}

/// The ES256 key.
pub(crate) struct EcKey {
    pub kid: String,
    signing: EcSigningKey,
}

impl EcKey {
    fn load(pem: &str) -> EcKey {
        let signing = match EcSigningKey::from_pkcs8_pem(pem) {
            Ok(key) => key,
            Err(err) => panic!("the committed sandbox EC key is broken: {err}"),
        };
        let (x, y) = Self::coordinates(&signing);
        let kid = thumbprint(&format!(
            r#"{{"crv":"P-256","kty":"EC","x":"{x}","y":"{y}"}}"#
        ));
        EcKey { kid, signing }
    }

    fn coordinates(signing: &EcSigningKey) -> (String, String) {
        let point = signing.verifying_key().to_encoded_point(false);
        let x = point.x().map(|x| b64(x)).unwrap_or_default();
        let y = point.y().map(|y| b64(y)).unwrap_or_default();
        (x, y)
    }

    pub fn jwk(&self) -> Value {
        let (x, y) = Self::coordinates(&self.signing);
        json!({
            "kty": "EC",
            "kid": self.kid,
            "use": "sig",
            "alg": "ES256",
            "crv": "P-256",
            "x": x,
            "y": y,
        })
    }

    /// ECDSA P-256 with SHA-256; the JWS form `r || s` (64 bytes).
    pub fn sign(&self, input: &[u8]) -> Vec<u8> {
        let signature: EcSignature = self.signing.sign(input);
        signature.to_bytes().to_vec()
    }

    /// Whether `signature` (`r || s`) is this key's ES256 signature of `input`.
    pub fn verifies(&self, input: &[u8], signature: &[u8]) -> bool {
        EcSignature::from_slice(signature)
            .is_ok_and(|sig| self.signing.verifying_key().verify(input, &sig).is_ok())
    }
}

/// All the keys.
pub(crate) struct KeySet {
    /// The rotation ring: rotation `r` signs with `rsa[r % 2]`.
    pub rsa: [RsaKey; 2],
    pub unpublished: RsaKey,
    pub ec: EcKey,
}

impl KeySet {
    /// The RS256 key that signs after `rotations` rotations.
    pub fn current(&self, rotations: usize) -> &RsaKey {
        &self.rsa[rotations % self.rsa.len()]
    }

    /// The key it replaced, if any rotation happened.
    pub fn previous(&self, rotations: usize) -> Option<&RsaKey> {
        rotations
            .checked_sub(1)
            .map(|r| &self.rsa[r % self.rsa.len()])
    }
}

/// The keys, parsed on first use.
pub(crate) fn keys() -> &'static KeySet {
    static KEYS: OnceLock<KeySet> = OnceLock::new();
    KEYS.get_or_init(|| KeySet {
        rsa: RSA_PEMS.map(RsaKey::load),
        unpublished: RsaKey::load(UNPUBLISHED_PEM),
        ec: EcKey::load(EC_PEM),
    })
}

pub(crate) fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// BASE64URL(SHA-256(canonical)): an RFC 7638 thumbprint of a JWK already in canonical form.
pub(crate) fn thumbprint(canonical: &str) -> String {
    b64(&Sha256::digest(canonical.as_bytes()))
}
