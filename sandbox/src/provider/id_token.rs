//! The id_token: claims in ClassLink's image (see `docs/classlink.md`), signed as a compact
//! JWS with the current RS256 key (or the EC key on the `es256` switch). An armed `id_token`
//! fault bends exactly one token. [`verify_hint`] reads one back for end-session.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::{json, Map, Value};
use sha2::Sha256;

use crate::control::faults::fault::{FaultKind, FaultTarget};
use crate::provider::signing_keys::{b64, keys};
use crate::state::shared::Shared;

/// The issuer the `other_issuer` faults name.
pub(crate) const OTHER_ISSUER: &str = "https://other-issuer.example.test";
/// The audience of the `other_audience` fault.
pub(crate) const OTHER_AUDIENCE: &str = "another-client";
/// The nonce of the `wrong_nonce` fault.
pub(crate) const WRONG_NONCE: &str = "sandbox-wrong-nonce";
/// How far the `expired` and `issued_in_future` faults move the clock, in seconds.
const HOUR: u64 = 3600;

/// What the token endpoint knows when it builds the token.
pub(crate) struct Grant<'a> {
    pub login: &'a str,
    pub nonce: Option<&'a str>,
    /// When the user signed in (the code's issue time), seconds since the epoch.
    pub auth_time: u64,
    /// Now, seconds since the epoch.
    pub now: u64,
    pub lifetime_secs: u64,
}

/// The signed id_token, with the next armed `id_token` fault (if any) applied.
pub(crate) fn build(shared: &Shared, grant: &Grant) -> String {
    let fault = shared.take_fault(FaultTarget::IdToken, |_| true);
    let mut claims = claims(shared, grant);
    let rotations = shared.store().key_rotations;
    let keys = keys();
    let current = keys.current(rotations);

    match &fault {
        Some(FaultKind::OtherIssuer) => {
            claims.insert("iss".into(), json!(OTHER_ISSUER));
        }
        Some(FaultKind::OtherAudience) => {
            claims.insert("aud".into(), json!(OTHER_AUDIENCE));
        }
        Some(FaultKind::Expired) => {
            let iat = grant.now.saturating_sub(2 * HOUR);
            claims.insert("iat".into(), json!(iat));
            claims.insert("auth_time".into(), json!(iat));
            claims.insert("exp".into(), json!(grant.now.saturating_sub(HOUR)));
        }
        Some(FaultKind::IssuedInFuture) => {
            let iat = grant.now + HOUR;
            claims.insert("iat".into(), json!(iat));
            claims.insert("exp".into(), json!(iat + grant.lifetime_secs));
        }
        Some(FaultKind::NoNonce) => {
            claims.remove("nonce");
        }
        Some(FaultKind::WrongNonce) => {
            claims.insert("nonce".into(), json!(WRONG_NONCE));
        }
        Some(FaultKind::NoSourcedId) => {
            claims.remove("classLink_sourcedId");
        }
        _ => {}
    }
    let payload = Value::Object(claims);

    match fault {
        Some(FaultKind::AlgNone) => {
            let header = json!({ "alg": "none", "typ": "JWT" });
            format!("{}.{}.", part(&header), part(&payload))
        }
        Some(FaultKind::Hs256PublicKey) => {
            let header = json!({ "alg": "HS256", "kid": current.kid, "typ": "JWT" });
            let input = format!("{}.{}", part(&header), part(&payload));
            let signature = match Hmac::<Sha256>::new_from_slice(current.public_pem().as_bytes()) {
                Ok(mut mac) => {
                    mac.update(input.as_bytes());
                    mac.finalize().into_bytes().to_vec()
                }
                Err(_) => Vec::new(),
            };
            format!("{input}.{}", b64(&signature))
        }
        Some(FaultKind::Es256) => {
            let header = json!({ "alg": "ES256", "kid": keys.ec.kid, "typ": "JWT" });
            let input = format!("{}.{}", part(&header), part(&payload));
            format!("{input}.{}", b64(&keys.ec.sign(input.as_bytes())))
        }
        Some(FaultKind::UnknownKid) => {
            let key = &keys.unpublished;
            let header = json!({ "alg": "RS256", "kid": key.kid, "typ": "JWT" });
            let input = format!("{}.{}", part(&header), part(&payload));
            format!("{input}.{}", b64(&key.sign(input.as_bytes())))
        }
        other => {
            let header = json!({ "alg": "RS256", "kid": current.kid, "typ": "JWT" });
            let input = format!("{}.{}", part(&header), part(&payload));
            let mut signature = current.sign(input.as_bytes());
            if other == Some(FaultKind::BadSignature) {
                if let Some(byte) = signature.get_mut(0) {
                    *byte ^= 0x01;
                }
            }
            format!("{input}.{}", b64(&signature))
        }
    }
}

/// The claims of a valid token.
fn claims(shared: &Shared, grant: &Grant) -> Map<String, Value> {
    let config = &shared.config;
    let user = config.seed.user(grant.login);
    let text = |key: &str| user.map(|u| u.info_str(key)).unwrap_or_default();
    let email = text("Email");
    let mut claims = json!({
        "iss": config.issuer,
        "sub": user.map(|u| u.subject()).unwrap_or_else(|| grant.login.to_string()),
        "aud": config.client_id,
        "iat": grant.now,
        "exp": grant.now.saturating_add(grant.lifetime_secs),
        "auth_time": grant.auth_time,
        "email": email,
        "email_verified": !email.is_empty(),
        "name": text("DisplayName"),
        "given_name": text("FirstName"),
        "family_name": text("LastName"),
        "profile": text("Role"),
        "address": { "locality": text("Tenant"), "region": text("StateName") },
        "classLink_tenant_id": user.and_then(|u| u.info.get("TenantId")).cloned().unwrap_or(Value::Null),
        "classLink_role": text("Role"),
        "classLink_org_sourcedids": user.map(|u| u.org_sourced_ids()).unwrap_or_default(),
    });
    let Some(map) = claims.as_object_mut() else {
        return Map::new();
    };
    if let Some(nonce) = grant.nonce {
        map.insert("nonce".into(), json!(nonce));
    }
    let sourced_id = text("SourcedId");
    if !sourced_id.is_empty() {
        map.insert("classLink_sourcedId".into(), json!(sourced_id));
    }
    std::mem::take(map)
}

/// The claims of `token` if it is an id_token this sandbox signed for its client: RS256 by
/// either RSA key of the rotation ring, or ES256 by the EC key (the keys the JWKS can publish;
/// the never-published key's tokens are not the sandbox's), `iss` the issuer and `aud` the
/// client id (a string or an array holding it). `exp` is not checked: RP-Initiated Logout 1.0
/// §2 lets an expired token serve as the hint, since logging out is when tokens have expired.
pub(crate) fn verify_hint(shared: &Shared, token: &str) -> Option<Map<String, Value>> {
    let mut parts = token.split('.');
    let (header_part, payload, signature) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let decode = |part: &str| URL_SAFE_NO_PAD.decode(part).ok();
    let header: Value = serde_json::from_slice(&decode(header_part)?).ok()?;
    let signature = decode(signature)?;
    let input = format!("{header_part}.{payload}");
    let kid = header["kid"].as_str()?;
    let keys = keys();
    let signed = match header["alg"].as_str()? {
        "RS256" => keys
            .rsa
            .iter()
            .any(|key| key.kid == kid && key.verifies(input.as_bytes(), &signature)),
        "ES256" => keys.ec.kid == kid && keys.ec.verifies(input.as_bytes(), &signature),
        _ => false,
    };
    if !signed {
        return None;
    }
    let claims: Map<String, Value> = serde_json::from_slice(&decode(payload)?).ok()?;
    let config = &shared.config;
    let for_client = match claims.get("aud")? {
        Value::String(aud) => *aud == config.client_id,
        Value::Array(auds) => auds.iter().any(|a| *a == config.client_id.as_str()),
        _ => false,
    };
    (claims.get("iss")?.as_str()? == config.issuer && for_client).then_some(claims)
}

fn part(value: &Value) -> String {
    b64(value.to_string().as_bytes())
}
