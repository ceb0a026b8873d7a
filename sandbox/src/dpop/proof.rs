//! The checks of one DPoP proof (RFC 9449 §4.3), in the RFC's order where it has one; the first
//! failure is the answer, named so a test (and a developer reading the record) sees which check
//! it was. Pure apart from the replay set it is handed: the servers decide what is expected
//! (method, URL, token, nonces) and what a refusal looks like on the wire.

use axum::http::HeaderMap;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use p256::ecdsa::signature::Verifier;
use p256::ecdsa::Signature;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::htu;
use super::jwk;
use super::replay::SeenJtis;

/// The one signing algorithm the sandbox accepts (and advertises).
pub(crate) const ALGORITHM: &str = "ES256";
/// How far a proof's `iat` may be from the server's clock, either way (§4.3 point 11 leaves
/// the window to the server; §11.1 suggests a few seconds to minutes).
pub(crate) const IAT_LEEWAY_MS: u64 = 60_000;
/// The request header (§4.1).
pub(crate) const HEADER: &str = "dpop";

/// What the request must match.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Expected<'a> {
    /// The request's method.
    pub htm: &'a str,
    /// The URL the request was sent to (query and fragment are ignored).
    pub htu: &'a str,
    /// The server's clock, ms since the epoch.
    pub now_ms: u64,
    /// The access token sent with the proof (resource requests): `ath` must be its hash.
    pub access_token: Option<&'a str>,
    /// The nonces the server accepts, when it requires one (§8, §9).
    pub nonces: Option<&'a [String]>,
}

/// Why a proof is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// `invalid_dpop_proof`: the check that failed.
    Invalid(String),
    /// `use_dpop_nonce`: the server wants its nonce in the proof.
    UseNonce(&'static str),
}

impl Refusal {
    fn invalid(reason: &str) -> Refusal {
        Refusal::Invalid(reason.to_string())
    }

    /// The error code (§7.1, §8).
    pub fn error(&self) -> &'static str {
        match self {
            Refusal::Invalid(_) => "invalid_dpop_proof",
            Refusal::UseNonce(_) => "use_dpop_nonce",
        }
    }

    pub fn reason(&self) -> &str {
        match self {
            Refusal::Invalid(reason) => reason,
            Refusal::UseNonce(reason) => reason,
        }
    }
}

/// What could be read from a proof, whatever the verdict (for the records).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Seen {
    /// The thumbprint of its `jwk`, once that parsed as a P-256 public key.
    pub jkt: Option<String>,
    /// Its `nonce` claim, if a string.
    pub nonce: Option<String>,
}

/// A proof's verdict: `Ok` with the key's thumbprint, or the refusal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Checked {
    pub seen: Seen,
    pub result: Result<String, Refusal>,
}

/// The one `DPoP` header's value (§4.3 point 1): `Ok(None)` when there is none; refused when
/// there are several or it is not visible ASCII.
pub(crate) fn single_header(headers: &HeaderMap) -> Result<Option<&str>, Refusal> {
    let mut values = headers.get_all(HEADER).iter();
    let Some(first) = values.next() else {
        return Ok(None);
    };
    if values.next().is_some() {
        return Err(Refusal::invalid("more than one DPoP header"));
    }
    first
        .to_str()
        .map(Some)
        .map_err(|_| Refusal::invalid("DPoP header is not ASCII text"))
}

/// Every `DPoP` header as sent, comma-joined as HTTP combines them (for the records).
pub(crate) fn as_sent(headers: &HeaderMap) -> Option<String> {
    let values: Vec<String> = headers
        .get_all(HEADER)
        .iter()
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .collect();
    (!values.is_empty()).then(|| values.join(", "))
}

/// BASE64URL(SHA-256(ASCII(token))): the `ath` a proof must carry with `token` (§4.2).
pub(crate) fn access_token_hash(token: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(token.as_bytes()))
}

/// Runs every check on `proof`; an accepted proof's `jti` is remembered in `jtis`.
pub(crate) fn check(proof: &str, expected: &Expected, jtis: &mut SeenJtis) -> Checked {
    let mut seen = Seen::default();
    let result = run_checks(proof, expected, jtis, &mut seen);
    Checked { seen, result }
}

fn run_checks(
    proof: &str,
    expected: &Expected,
    jtis: &mut SeenJtis,
    seen: &mut Seen,
) -> Result<String, Refusal> {
    // Point 2: one well-formed JWS in compact form.
    let parts: Vec<&str> = proof.split('.').collect();
    let [header_part, payload_part, signature_part] = parts[..] else {
        return Err(Refusal::invalid(
            "proof is not a compact JWS of three parts",
        ));
    };
    let decode = |part: &str| URL_SAFE_NO_PAD.decode(part).ok();
    let (Some(header), Some(payload), Some(signature)) = (
        decode(header_part),
        decode(payload_part),
        decode(signature_part),
    ) else {
        return Err(Refusal::invalid(
            "proof parts must be base64url without padding",
        ));
    };
    let Ok(header) = serde_json::from_slice::<Map<String, Value>>(&header) else {
        return Err(Refusal::invalid("proof header is not a JSON object"));
    };
    let Ok(claims) = serde_json::from_slice::<Map<String, Value>>(&payload) else {
        return Err(Refusal::invalid("proof payload is not a JSON object"));
    };
    seen.nonce = claims
        .get("nonce")
        .and_then(Value::as_str)
        .map(str::to_string);

    // Points 4 and 5: the type, and an asymmetric algorithm the server supports.
    if !is_dpop_type(header.get("typ")) {
        return Err(Refusal::invalid("typ must be dpop+jwt"));
    }
    match header.get("alg").and_then(Value::as_str) {
        Some(ALGORITHM) => {}
        None => return Err(Refusal::invalid("alg is missing")),
        Some("none") => return Err(Refusal::invalid("alg none is not allowed")),
        Some(other) => {
            return Err(Refusal::Invalid(format!(
                "alg {other} is not supported (only {ALGORITHM})"
            )))
        }
    }
    // RFC 7515 §4.1.11: extensions the server does not understand must be refused.
    if header.contains_key("crit") {
        return Err(Refusal::invalid(
            "crit names extensions the server does not support",
        ));
    }
    // Point 7 (no private key) and the key itself.
    let key = jwk::parse(header.get("jwk").unwrap_or(&Value::Null)).map_err(Refusal::invalid)?;
    seen.jkt = Some(key.jkt.clone());

    // Point 6: the signature, raw r || s over `header.payload`.
    if signature.len() != 64 {
        return Err(Refusal::invalid(
            "signature must be 64 bytes (ES256 r || s)",
        ));
    }
    let input = format!("{header_part}.{payload_part}");
    let signed = Signature::from_slice(&signature)
        .is_ok_and(|sig| key.verifying.verify(input.as_bytes(), &sig).is_ok());
    if !signed {
        return Err(Refusal::invalid("signature does not verify with jwk"));
    }

    // Point 3: the required claims.
    let text = |name: &str| claims.get(name).and_then(Value::as_str);
    let Some(jti) = text("jti").filter(|j| !j.is_empty()) else {
        return Err(Refusal::invalid("jti is missing or empty"));
    };
    let Some(htm) = text("htm") else {
        return Err(Refusal::invalid("htm is missing"));
    };
    let Some(proof_htu) = text("htu") else {
        return Err(Refusal::invalid("htu is missing"));
    };
    let Some(iat) = claims.get("iat").and_then(Value::as_f64) else {
        return Err(Refusal::invalid("iat is missing or not a number"));
    };

    // Points 8 and 9: this request's method and URL.
    if htm != expected.htm {
        return Err(Refusal::Invalid(format!(
            "htm {htm} does not match the request method {}",
            expected.htm
        )));
    }
    if !htu::matches(proof_htu, expected.htu) {
        return Err(Refusal::Invalid(format!(
            "htu {proof_htu} does not match {}",
            expected.htu
        )));
    }

    // Point 11: created within the window, either way.
    let iat_ms = iat * 1000.0;
    let age_ms = expected.now_ms as f64 - iat_ms;
    if age_ms > IAT_LEEWAY_MS as f64 {
        return Err(Refusal::invalid("iat is more than 60 s in the past"));
    }
    if age_ms < -(IAT_LEEWAY_MS as f64) {
        return Err(Refusal::invalid("iat is more than 60 s in the future"));
    }

    // Point 12: bound to the access token it comes with.
    if let Some(token) = expected.access_token {
        match claims.get("ath") {
            None => return Err(Refusal::invalid("ath is missing")),
            Some(ath) if ath.as_str() != Some(access_token_hash(token).as_str()) => {
                return Err(Refusal::invalid("ath does not match the access token"))
            }
            Some(_) => {}
        }
    }

    // Point 10: the server's nonce, when it asks for one.
    if let Some(accepted) = expected.nonces {
        match claims.get("nonce") {
            None => return Err(Refusal::UseNonce("nonce is missing")),
            Some(Value::String(nonce)) if accepted.contains(nonce) => {}
            Some(Value::String(_)) => return Err(Refusal::UseNonce("nonce is not current")),
            Some(_) => return Err(Refusal::invalid("nonce is not a string")),
        }
    }

    // Last (§11.1): not a proof already accepted. Only an otherwise valid proof is remembered.
    let stale_after_ms = (iat_ms.max(0.0) as u64).saturating_add(IAT_LEEWAY_MS);
    if !jtis.first_use(&key.jkt, jti, stale_after_ms, expected.now_ms) {
        return Err(Refusal::invalid("jti replayed"));
    }
    Ok(key.jkt)
}

/// The key and nonce of a proof that is not checked (the records of ignored proofs): as far
/// as it parses, nothing verified, nothing remembered.
pub(crate) fn glance(proof: &str) -> Seen {
    let mut parts = proof.split('.');
    let mut object = || -> Option<Map<String, Value>> {
        let bytes = URL_SAFE_NO_PAD.decode(parts.next()?).ok()?;
        serde_json::from_slice(&bytes).ok()
    };
    let (header, claims) = (object(), object());
    Seen {
        jkt: header
            .and_then(|h| h.get("jwk").cloned())
            .and_then(|jwk| jwk::parse(&jwk).ok())
            .map(|key| key.jkt),
        nonce: claims
            .and_then(|c| c.get("nonce").cloned())
            .and_then(|n| n.as_str().map(str::to_string)),
    }
}

/// `typ` is a media type (RFC 7515 §4.1.9): compared without case, `application/` optional.
fn is_dpop_type(typ: Option<&Value>) -> bool {
    let Some(typ) = typ.and_then(Value::as_str) else {
        return false;
    };
    let typ = typ.to_ascii_lowercase();
    typ.strip_prefix("application/").unwrap_or(&typ) == "dpop+jwt"
}

#[cfg(test)]
mod tests {
    use hmac::{Hmac, Mac};
    use serde_json::json;

    use super::super::test_key::{claims, DpopTestKey};
    use super::*;

    const URL: &str = "http://sandbox.test:8081/oauth2/v2/token";
    const NOW_S: i64 = 1_700_000_000;
    const NOW_MS: u64 = NOW_S as u64 * 1000;

    fn expected<'a>() -> Expected<'a> {
        Expected {
            htm: "POST",
            htu: URL,
            now_ms: NOW_MS,
            access_token: None,
            nonces: None,
        }
    }

    fn verdict(proof: &str, expected: &Expected) -> Result<String, Refusal> {
        check(proof, expected, &mut SeenJtis::default()).result
    }

    fn reason(proof: &str, expected: &Expected) -> String {
        match verdict(proof, expected) {
            Err(Refusal::Invalid(reason)) => reason,
            other => panic!("expected invalid_dpop_proof, got {other:?}"),
        }
    }

    fn good() -> Value {
        claims("POST", URL, None, None, NOW_S)
    }

    fn b64(value: &Value) -> String {
        URL_SAFE_NO_PAD.encode(value.to_string())
    }

    #[test]
    fn rfc9449_example_proof() {
        // §4.1's example, checked at its own time and URL; §6.1 gives the key's thumbprint.
        let proof = "eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7Imt0eSI6IkVDIiwieCI6Imw4dEZyaHgtMzR0VjNoUklDUkRZOXpDa0RscEJoRjQyVVFVZldWQVdCRnMiLCJ5IjoiOVZFNGpmX09rX282NHpiVFRsY3VOSmFqSG10NnY5VERWclUwQ2R2R1JEQSIsImNydiI6IlAtMjU2In19.eyJqdGkiOiItQndDM0VTYzZhY2MybFRjIiwiaHRtIjoiUE9TVCIsImh0dSI6Imh0dHBzOi8vc2VydmVyLmV4YW1wbGUuY29tL3Rva2VuIiwiaWF0IjoxNTYyMjYyNjE2fQ.2-GxA6T8lP4vfrg8v-FdWP0A0zdrj8igiMLvqRMUvwnQg4PtFLbdLXiOSsX0x7NVY-FNyJK70nfbV37xRZT3Lg";
        let at = Expected {
            htm: "POST",
            htu: "https://server.example.com/token",
            now_ms: 1_562_262_616_000,
            access_token: None,
            nonces: None,
        };
        let checked = check(proof, &at, &mut SeenJtis::default());
        assert_eq!(
            checked.result,
            Ok("0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I".to_string())
        );
        assert_eq!(checked.seen.jkt.as_deref(), checked.result.as_deref().ok());
    }

    #[test]
    fn a_valid_proof_and_what_is_seen() {
        let key = DpopTestKey::generate();
        let proof = key.proof_at("POST", URL, None, Some("n-1"), NOW_S);
        let checked = check(&proof, &expected(), &mut SeenJtis::default());
        assert_eq!(checked.result, Ok(key.jkt()));
        assert_eq!(
            checked.seen,
            Seen {
                jkt: Some(key.jkt()),
                nonce: Some("n-1".into())
            }
        );
        // typ is a media type: case-insensitive, "application/" optional.
        for typ in ["DPoP+JWT", "application/dpop+jwt"] {
            let mut header = key.header();
            header["typ"] = json!(typ);
            assert!(verdict(&key.sign(&header, &good()), &expected()).is_ok());
        }
    }

    #[test]
    fn structure() {
        let key = DpopTestKey::generate();
        let proof = key.sign(&key.header(), &good());
        let parts: Vec<&str> = proof.split('.').collect();
        assert!(reason(&format!("{}.{}", parts[0], parts[1]), &expected()).contains("three parts"));
        assert!(reason(&format!("{proof}.x"), &expected()).contains("three parts"));
        assert!(reason(
            &format!("{}=.{}.{}", parts[0], parts[1], parts[2]),
            &expected()
        )
        .contains("base64url"));
        assert!(reason(
            &format!("{}.{}.{}", parts[0], parts[1], "a+b/"),
            &expected()
        )
        .contains("base64url"));
        let not_object = format!("{}.{}.{}", b64(&json!([1])), parts[1], parts[2]);
        assert_eq!(
            reason(&not_object, &expected()),
            "proof header is not a JSON object"
        );
        let not_object = format!("{}.{}.{}", parts[0], URL_SAFE_NO_PAD.encode("x"), parts[2]);
        assert_eq!(
            reason(&not_object, &expected()),
            "proof payload is not a JSON object"
        );
        let mut seen = SeenJtis::default();
        assert_eq!(
            single_header(&HeaderMap::new()),
            Ok(None),
            "no header: no proof"
        );
        let mut two = HeaderMap::new();
        two.append(HEADER, proof.parse().expect("header"));
        two.append(HEADER, proof.parse().expect("header"));
        assert_eq!(
            single_header(&two),
            Err(Refusal::Invalid("more than one DPoP header".into()))
        );
        assert_eq!(as_sent(&two), Some(format!("{proof}, {proof}")));
        assert!(check(&proof, &expected(), &mut seen).result.is_ok());
    }

    #[test]
    fn header_checks() {
        let key = DpopTestKey::generate();
        let with = |name: &str, value: Value| {
            let mut header = key.header();
            header[name] = value;
            reason(&key.sign(&header, &good()), &expected())
        };
        assert_eq!(with("typ", json!("JWT")), "typ must be dpop+jwt");
        assert_eq!(with("typ", json!(null)), "typ must be dpop+jwt");
        assert_eq!(
            with("alg", json!("ES384")),
            "alg ES384 is not supported (only ES256)"
        );
        assert_eq!(
            with("alg", json!("RS256")),
            "alg RS256 is not supported (only ES256)"
        );
        assert_eq!(with("alg", json!(null)), "alg is missing");
        assert!(with("crit", json!(["exp"])).starts_with("crit"));
        let mut jwk = key.public_jwk();
        jwk["d"] = json!(key.private_d());
        assert_eq!(with("jwk", jwk), "jwk contains a private key member");
        assert_eq!(
            with("jwk", json!(null)),
            "jwk header is missing or not an object"
        );
        let mut header = key.header();
        header.as_object_mut().expect("object").remove("typ");
        assert_eq!(
            reason(&key.sign(&header, &good()), &expected()),
            "typ must be dpop+jwt"
        );
    }

    #[test]
    fn alg_none_and_hs256_are_refused() {
        let key = DpopTestKey::generate();
        let mut header = key.header();
        header["alg"] = json!("none");
        let unsigned = format!("{}.{}.", b64(&header), b64(&good()));
        assert_eq!(reason(&unsigned, &expected()), "alg none is not allowed");

        // HS256 keyed with the public JWK's text: the classic key confusion.
        header["alg"] = json!("HS256");
        let input = format!("{}.{}", b64(&header), b64(&good()));
        let mut mac = Hmac::<Sha256>::new_from_slice(key.public_jwk().to_string().as_bytes())
            .expect("hmac key");
        mac.update(input.as_bytes());
        let hs256 = format!(
            "{input}.{}",
            URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
        );
        assert_eq!(
            reason(&hs256, &expected()),
            "alg HS256 is not supported (only ES256)"
        );
    }

    #[test]
    fn signature_checks() {
        let key = DpopTestKey::generate();
        let other = DpopTestKey::generate();
        let proof = key.sign(&key.header(), &good());
        let (input, signature) = proof.rsplit_once('.').expect("parts");
        let mut bytes = URL_SAFE_NO_PAD.decode(signature).expect("b64");
        bytes[10] ^= 1;
        let flipped = format!("{input}.{}", URL_SAFE_NO_PAD.encode(&bytes));
        assert_eq!(
            reason(&flipped, &expected()),
            "signature does not verify with jwk"
        );
        // Signed by another key than the one in the header.
        let lying = other.sign(&key.header(), &good());
        assert_eq!(
            reason(&lying, &expected()),
            "signature does not verify with jwk"
        );
        // DER instead of raw r || s.
        let der = format!("{input}.{}", URL_SAFE_NO_PAD.encode([0x30; 70]));
        assert!(reason(&der, &expected()).contains("64 bytes"));
        let empty = format!("{input}.");
        assert!(reason(&empty, &expected()).contains("64 bytes"));
    }

    #[test]
    fn claim_checks() {
        let key = DpopTestKey::generate();
        let with = |name: &str, value: Option<Value>| {
            let mut claims = good();
            match value {
                Some(value) => claims[name] = value,
                None => {
                    claims.as_object_mut().expect("object").remove(name);
                }
            }
            reason(&key.sign(&key.header(), &claims), &expected())
        };
        assert_eq!(with("jti", None), "jti is missing or empty");
        assert_eq!(with("jti", Some(json!(""))), "jti is missing or empty");
        assert_eq!(with("jti", Some(json!(7))), "jti is missing or empty");
        assert_eq!(with("htm", None), "htm is missing");
        assert_eq!(with("htu", None), "htu is missing");
        assert_eq!(with("iat", None), "iat is missing or not a number");
        assert_eq!(
            with("iat", Some(json!("1700000000"))),
            "iat is missing or not a number"
        );
        assert_eq!(
            with("htm", Some(json!("GET"))),
            "htm GET does not match the request method POST"
        );
        assert_eq!(
            with("htm", Some(json!("post"))),
            "htm post does not match the request method POST"
        );
        assert_eq!(
            with(
                "htu",
                Some(json!("http://sandbox.test:8081/oauth2/v2/auth"))
            ),
            format!("htu http://sandbox.test:8081/oauth2/v2/auth does not match {URL}")
        );
        assert!(with("htu", Some(json!("/oauth2/v2/token"))).starts_with("htu "));
        let iat = |s: i64| with("iat", Some(json!(s)));
        assert_eq!(iat(NOW_S - 61), "iat is more than 60 s in the past");
        assert_eq!(iat(NOW_S + 61), "iat is more than 60 s in the future");
    }

    #[test]
    fn iat_window_edges_and_htu_normalisation() {
        let key = DpopTestKey::generate();
        for iat in [NOW_S - 60, NOW_S + 60] {
            let proof = key.proof_at("POST", URL, None, None, iat);
            assert!(verdict(&proof, &expected()).is_ok(), "{iat}");
        }
        let fractional = key.sign(
            &key.header(),
            &json!({"jti": "f", "htm": "POST", "htu": URL, "iat": NOW_S as f64 + 0.5}),
        );
        assert!(verdict(&fractional, &expected()).is_ok());
        for htu in [
            "HTTP://SANDBOX.test:8081/oauth2/v2/token",
            "http://sandbox.test:8081/oauth2/v2/token?x=1",
            "http://sandbox.test:8081/oauth2/v2/token#f",
        ] {
            let proof = key.proof_at("POST", htu, None, None, NOW_S);
            assert!(verdict(&proof, &expected()).is_ok(), "{htu}");
        }
    }

    #[test]
    fn ath_when_a_token_comes_with_the_proof() {
        let key = DpopTestKey::generate();
        let with_token = Expected {
            htm: "GET",
            htu: "http://sandbox.test:8081/v2/my/info",
            access_token: Some("token-1"),
            ..expected()
        };
        let proof = |token: Option<&str>| key.proof_at("GET", with_token.htu, token, None, NOW_S);
        assert!(verdict(&proof(Some("token-1")), &with_token).is_ok());
        assert_eq!(reason(&proof(None), &with_token), "ath is missing");
        assert_eq!(
            reason(&proof(Some("token-2")), &with_token),
            "ath does not match the access token"
        );
        // RFC 9449 §7.1's example pair.
        assert_eq!(
            access_token_hash("Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU"),
            "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo"
        );
    }

    #[test]
    fn nonces_when_required() {
        let key = DpopTestKey::generate();
        let accepted = ["old".to_string(), "current".to_string()];
        let wanting = Expected {
            nonces: Some(&accepted),
            ..expected()
        };
        let proof = |nonce| key.proof_at("POST", URL, None, nonce, NOW_S);
        assert_eq!(
            verdict(&proof(None), &wanting),
            Err(Refusal::UseNonce("nonce is missing"))
        );
        assert_eq!(
            verdict(&proof(Some("stale")), &wanting),
            Err(Refusal::UseNonce("nonce is not current"))
        );
        assert!(verdict(&proof(Some("current")), &wanting).is_ok());
        assert!(verdict(&proof(Some("old")), &wanting).is_ok());
        // Not required: a nonce in the proof is not looked at.
        assert!(verdict(&proof(Some("stale")), &expected()).is_ok());
        let mut claims = good();
        claims["nonce"] = json!(5);
        assert_eq!(
            reason(&key.sign(&key.header(), &claims), &wanting),
            "nonce is not a string"
        );
        assert_eq!(Refusal::UseNonce("x").error(), "use_dpop_nonce");
        assert_eq!(Refusal::UseNonce("x").reason(), "x");
    }

    #[test]
    fn a_proof_is_accepted_once() {
        let key = DpopTestKey::generate();
        let mut jtis = SeenJtis::default();
        let proof = key.proof_at("POST", URL, None, None, NOW_S);
        assert!(check(&proof, &expected(), &mut jtis).result.is_ok());
        let again = check(&proof, &expected(), &mut jtis);
        assert_eq!(again.result, Err(Refusal::Invalid("jti replayed".into())));
        assert_eq!(again.seen.jkt, Some(key.jkt()));
        // A refused proof is not remembered: fixed, it is accepted once.
        let mut jtis = SeenJtis::default();
        let claims = good();
        let wrong = Expected {
            htm: "GET",
            ..expected()
        };
        let proof = key.sign(&key.header(), &claims);
        assert!(check(&proof, &wrong, &mut jtis).result.is_err());
        assert!(check(&proof, &expected(), &mut jtis).result.is_ok());
    }

    #[test]
    fn a_glance_reads_key_and_nonce_without_checking() {
        let key = DpopTestKey::generate();
        let stale = key.proof_at("GET", "http://elsewhere.test/", None, Some("n"), 0);
        assert_eq!(
            glance(&stale),
            Seen {
                jkt: Some(key.jkt()),
                nonce: Some("n".into())
            }
        );
        assert_eq!(glance("not a proof"), Seen::default());
    }
}
