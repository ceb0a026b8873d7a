//! The id_token's claims and their check against what this sign-in expects
//! (OpenID Connect Core §3.1.3.7 and §2). Read only from a payload whose signature has
//! verified.

use std::fmt;

use crate::lenient::{MaybeObject, OneOrMany, Scalar};
use crate::nonce::Nonce;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::problem::IdTokenProblem;

/// Seconds of disagreement allowed between the provider's clock and the client's when
/// judging `exp`, `iat` and `nbf`: a student's laptop clock is often a minute or two off,
/// and refusing their sign-in for it would help no one. Two minutes is the customary margin.
pub const CLOCK_SKEW_S: f64 = 120.0;

/// What the token must say for this sign-in.
#[derive(Debug, Clone, Copy)]
pub struct Expectations<'a> {
    /// The configured issuer; `iss` must equal it exactly.
    pub issuer: &'a str,
    /// This client's id: in `aud`, and `azp` if present.
    pub client_id: &'a str,
    /// The nonce the authorization request sent, if it sent one: the token must then carry
    /// the same. When none was sent, the token's is not looked at.
    pub nonce: Option<&'a Nonce>,
    /// The client's clock, in seconds since the epoch.
    pub now_s: f64,
    /// A further string claim to read from the verified token: the one holding the user's
    /// OneRoster id (ClassLink's is `classLink_sourcedId`).
    pub sourced_id_claim: &'a str,
}

/// Who signed in, as the verified id_token says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedIdToken {
    /// `sub`: the provider's id for the user, never empty.
    pub subject: String,
    /// The OneRoster `sourcedId` under the configured claim: `None` when absent, empty, or
    /// not a string.
    pub sourced_id: Option<String>,
}

/// The registered claims this crate reads. Dates are JSON numbers, integers or not (RFC 7519
/// §2 "NumericDate"); a value of the wrong type makes the token malformed.
#[derive(Deserialize)]
struct RegisteredClaims {
    #[serde(default)]
    iss: Option<String>,
    #[serde(default)]
    sub: Option<String>,
    #[serde(default)]
    aud: OneOrMany<String>,
    #[serde(default)]
    azp: Option<String>,
    #[serde(default)]
    exp: Option<f64>,
    #[serde(default)]
    iat: Option<f64>,
    #[serde(default)]
    nbf: Option<f64>,
    #[serde(default)]
    nonce: Option<String>,
}

/// Reads the claims of a verified payload and checks them; the first failed check decides.
#[inline]
pub fn check_claims(
    payload: &[u8],
    expected: &Expectations<'_>,
) -> Result<VerifiedIdToken, IdTokenProblem> {
    // Read as text, as every other JSON document is: one serde_json reader in the wasm.
    let payload = std::str::from_utf8(payload).map_err(|_| IdTokenProblem::Malformed)?;
    let claims = serde_json::from_str::<MaybeObject<RegisteredClaims>>(payload)
        .ok()
        .and_then(|claims| claims.0)
        .ok_or(IdTokenProblem::Malformed)?;
    let sourced_id = read_string_claim(payload, expected.sourced_id_claim)?;

    let missing = IdTokenProblem::MissingClaim;
    let iss = claims.iss.ok_or(missing("iss"))?;
    let subject = claims.sub.filter(|s| !s.is_empty()).ok_or(missing("sub"))?;
    let audiences = claims.aud.0;
    if audiences.is_empty() {
        return Err(missing("aud"));
    }
    let exp = claims.exp.ok_or(missing("exp"))?;
    let iat = claims.iat.ok_or(missing("iat"))?;

    if iss != expected.issuer {
        return Err(IdTokenProblem::WrongIssuer);
    }
    if !audiences.iter().any(|aud| aud == expected.client_id) {
        return Err(IdTokenProblem::WrongAudience);
    }
    // With several audiences, `azp` says which of them the token was issued to.
    match claims.azp {
        None if audiences.len() > 1 => return Err(missing("azp")),
        Some(azp) if azp != expected.client_id => return Err(IdTokenProblem::WrongAuthorizedParty),
        _ => {}
    }
    let now = expected.now_s;
    if exp <= now - CLOCK_SKEW_S {
        return Err(IdTokenProblem::Expired);
    }
    if iat > now + CLOCK_SKEW_S {
        return Err(IdTokenProblem::IssuedInFuture);
    }
    if claims.nbf.is_some_and(|nbf| nbf > now + CLOCK_SKEW_S) {
        return Err(IdTokenProblem::NotYetValid);
    }
    if let Some(sent) = expected.nonce {
        match claims.nonce {
            None => return Err(IdTokenProblem::MissingNonce),
            Some(nonce) if nonce != sent.as_str() => return Err(IdTokenProblem::WrongNonce),
            Some(_) => {}
        }
    }
    Ok(VerifiedIdToken {
        subject,
        sourced_id: sourced_id.filter(|id| !id.is_empty()),
    })
}

/// The claim named `name` if it is a string. The name is configured, so it is looked up
/// in a second pass over the payload (small: a few hundred bytes). A claim given twice is
/// malformed, as with the registered claims.
#[inline]
fn read_string_claim(payload: &str, name: &str) -> Result<Option<String>, IdTokenProblem> {
    let mut json = serde_json::Deserializer::from_str(payload);
    let value = OneClaim(name)
        .deserialize(&mut json)
        .map_err(|_| IdTokenProblem::Malformed)?;
    Ok(value.and_then(|value| match value {
        Scalar::String(s) => Some(s),
        _ => None,
    }))
}

/// Reads one member of a JSON object, skipping the rest.
struct OneClaim<'n>(&'n str);

impl<'de> DeserializeSeed<'de> for OneClaim<'_> {
    type Value = Option<Scalar>;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for OneClaim<'_> {
    type Value = Option<Scalar>;

    #[inline]
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    #[inline]
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = None;
        while let Some(key) = map.next_key::<String>()? {
            if key != self.0 {
                map.next_value::<IgnoredAny>()?;
            } else if found.replace(map.next_value::<Scalar>()?).is_some() {
                return Err(serde::de::Error::custom("a claim given twice"));
            }
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;

    /// ClassLink's claim for the user's OneRoster id.
    const DEFAULT_SOURCED_ID_CLAIM: &str = "classLink_sourcedId";

    const NOW: f64 = 1_700_000_000.0;

    fn nonce() -> Nonce {
        Nonce::from_stored("n".repeat(43)).unwrap()
    }

    /// Claims that pass, as the sandbox (and ClassLink) write them.
    fn good() -> Value {
        json!({
            "iss": "https://launchpad.classlink.com",
            "sub": "12345",
            "aud": "demo-portal",
            "nonce": "n".repeat(43),
            "iat": NOW as i64 - 10,
            "exp": NOW as i64 + 86_400,
            "auth_time": NOW as i64 - 10,
            "name": "Ada",
            "classLink_sourcedId": "s-1",
        })
    }

    fn with(changes: Value) -> Value {
        let mut claims = good();
        for (key, value) in changes.as_object().unwrap() {
            if value.is_null() {
                claims.as_object_mut().unwrap().remove(key);
            } else {
                claims[key] = value.clone();
            }
        }
        claims
    }

    fn check_with(
        claims: &Value,
        sent: Option<&Nonce>,
        claim: &str,
    ) -> Result<VerifiedIdToken, IdTokenProblem> {
        let expected = Expectations {
            issuer: "https://launchpad.classlink.com",
            client_id: "demo-portal",
            nonce: sent,
            now_s: NOW,
            sourced_id_claim: claim,
        };
        check_claims(claims.to_string().as_bytes(), &expected)
    }

    fn check(claims: &Value) -> Result<VerifiedIdToken, IdTokenProblem> {
        check_with(claims, Some(&nonce()), DEFAULT_SOURCED_ID_CLAIM)
    }

    #[test]
    fn accepts_good_claims() {
        assert_eq!(
            check(&good()),
            Ok(VerifiedIdToken {
                subject: "12345".into(),
                sourced_id: Some("s-1".into())
            })
        );
    }

    #[test]
    fn refuses_each_bad_claim_for_its_own_reason() {
        use IdTokenProblem::*;
        let skew = CLOCK_SKEW_S as i64;
        let now = NOW as i64;
        let cases = [
            (
                json!({"iss": "https://launchpad.classlink.com/"}),
                WrongIssuer,
            ),
            (json!({"iss": "https://evil.example"}), WrongIssuer),
            (json!({"aud": "other-app"}), WrongAudience),
            (
                json!({"aud": ["other-app", "third"], "azp": "demo-portal"}),
                WrongAudience,
            ),
            (
                json!({"aud": ["demo-portal", "other-app"]}),
                MissingClaim("azp"),
            ),
            (
                json!({"aud": ["demo-portal", "other-app"], "azp": "other-app"}),
                WrongAuthorizedParty,
            ),
            (json!({"azp": "other-app"}), WrongAuthorizedParty),
            (json!({"exp": now - skew}), Expired),
            (json!({"exp": (now - skew) as f64 - 0.5}), Expired),
            (json!({"iat": now + skew + 1}), IssuedInFuture),
            (json!({"nbf": now + skew + 1}), NotYetValid),
            (json!({"nonce": null}), MissingNonce),
            (json!({"nonce": "m".repeat(43)}), WrongNonce),
            (json!({"nonce": ""}), WrongNonce),
            (json!({"iss": null}), MissingClaim("iss")),
            (json!({"sub": null}), MissingClaim("sub")),
            (json!({"sub": ""}), MissingClaim("sub")),
            (json!({"aud": null}), MissingClaim("aud")),
            (json!({"aud": []}), MissingClaim("aud")),
            (json!({"exp": null}), MissingClaim("exp")),
            (json!({"iat": null}), MissingClaim("iat")),
            (json!({"exp": "1800000000"}), Malformed),
            (json!({"sub": 12345}), Malformed),
            (json!({"aud": ["demo-portal", 7]}), Malformed),
            (json!({"nonce": 7}), Malformed),
        ];
        for (changes, problem) in cases {
            assert_eq!(check(&with(changes.clone())), Err(problem), "{changes}");
        }
    }

    #[test]
    fn allows_two_minutes_of_clock_skew_and_fractional_dates() {
        let skew = CLOCK_SKEW_S;
        for changes in [
            json!({"exp": NOW - skew + 0.5}),
            json!({"iat": NOW + skew}),
            json!({"nbf": NOW + skew}),
            json!({"nbf": NOW - 100.0}),
            json!({"iat": NOW - 0.25, "exp": NOW + 3599.75}),
        ] {
            assert!(check(&with(changes.clone())).is_ok(), "{changes}");
        }
    }

    #[test]
    fn several_audiences_need_azp_to_be_this_app() {
        let claims = with(json!({"aud": ["other", "demo-portal"], "azp": "demo-portal"}));
        assert!(check(&claims).is_ok());
        assert!(check(&with(json!({"aud": ["demo-portal"]}))).is_ok());
    }

    #[test]
    fn the_nonce_is_checked_only_when_one_was_sent() {
        for changes in [json!({"nonce": null}), json!({"nonce": "anything"})] {
            let claims = with(changes);
            assert!(check_with(&claims, None, DEFAULT_SOURCED_ID_CLAIM).is_ok());
        }
    }

    #[test]
    fn reads_the_sourced_id_from_the_configured_claim() {
        let claims = with(json!({"oneroster_id": "or-9"}));
        let read =
            |claims: &Value, name| check_with(claims, Some(&nonce()), name).unwrap().sourced_id;
        assert_eq!(read(&claims, "oneroster_id"), Some("or-9".into()));
        assert_eq!(read(&claims, "absent"), None);
        assert_eq!(
            read(
                &with(json!({"classLink_sourcedId": ""})),
                DEFAULT_SOURCED_ID_CLAIM
            ),
            None
        );
        assert_eq!(
            read(
                &with(json!({"classLink_sourcedId": 42})),
                DEFAULT_SOURCED_ID_CLAIM
            ),
            None
        );
        assert_eq!(
            read(
                &with(json!({"classLink_sourcedId": null})),
                DEFAULT_SOURCED_ID_CLAIM
            ),
            None
        );
        // A registered claim may be named too.
        assert_eq!(read(&claims, "sub"), Some("12345".into()));
    }

    #[test]
    fn refuses_payloads_that_are_not_one_json_object() {
        let nonce = nonce();
        let expected = Expectations {
            issuer: "https://launchpad.classlink.com",
            client_id: "demo-portal",
            nonce: Some(&nonce),
            now_s: NOW,
            sourced_id_claim: DEFAULT_SOURCED_ID_CLAIM,
        };
        let good = good().to_string();
        let duplicated_sub = good.replacen('{', r#"{"sub":"other","#, 1);
        let duplicated_sourced_id = good.replacen('{', r#"{"classLink_sourcedId":"x","#, 1);
        for payload in [
            "",
            "not json",
            "[]",
            "null",
            r#""a string""#,
            &duplicated_sub,
            &duplicated_sourced_id,
            &format!("{good} {{}}"),
        ] {
            assert_eq!(
                check_claims(payload.as_bytes(), &expected),
                Err(IdTokenProblem::Malformed),
                "{payload}"
            );
        }
        assert!(check_claims(good.as_bytes(), &expected).is_ok());
    }
}
