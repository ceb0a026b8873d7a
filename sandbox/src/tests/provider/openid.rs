//! The OpenID provider: signed id_tokens, nonce, discovery, JWKS, key rotation, and the
//! id_token / jwks / discovery / authorize faults.

use axum::http::StatusCode;
use hmac::{Hmac, Mac};
use serde_json::Value;

use crate::provider::signing_keys::keys;
use crate::tests::harness::*;
use crate::{Fault, FaultKind, FaultTarget};

/// Asserts what a claims fault did.
type ClaimCheck = fn(&Value);

const NONCE: &str = "n-0S6_WzA2Mj";

/// Signs `login` in with `extra` authorization parameters and returns the callback query.
async fn sign_in_with(h: &Harness, login: &str, extra: &[(&str, &str)]) -> Params {
    let mut fields = auth_params(Some("s"));
    fields.extend_from_slice(extra);
    let page = h.get(&auth_uri(&fields)).await;
    assert_eq!(page.status(), StatusCode::OK);
    fields.push(("login", login));
    fields.push(("decision", "allow"));
    let response = h.post_form("/oauth2/v2/auth/decision", &fields).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let location = location(&response);
    let (_, query) = location.split_once('?').expect("query");
    Params::parse(query.as_bytes())
}

/// A fresh id_token for `login`, with `nonce` in the authorization request if given.
async fn id_token(h: &Harness, login: &str, nonce: Option<&str>) -> String {
    let extra: Vec<(&str, &str)> = nonce.map(|n| ("nonce", n)).into_iter().collect();
    let callback = sign_in_with(h, login, &extra).await;
    let response = h
        .exchange(callback.get("code").expect("code"), VERIFIER)
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    json(response).await["id_token"]
        .as_str()
        .expect("id_token")
        .to_string()
}

async fn jwks(h: &Harness) -> Value {
    let response = h.get("/oauth2/v2/jwks").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        header_str(&response, "cache-control"),
        Some("public, max-age=300")
    );
    json(response).await
}

fn kids(jwks: &Value) -> Vec<String> {
    jwks["keys"]
        .as_array()
        .expect("keys")
        .iter()
        .map(|k| k["kid"].as_str().expect("kid").to_string())
        .collect()
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs()
}

#[tokio::test]
async fn the_id_token_is_signed_and_carries_classlinks_claims() {
    let h = harness();
    let jws = decode_jws(&id_token(&h, "reading.student", Some(NONCE)).await);
    assert_eq!(jws.header["alg"], "RS256");
    assert_eq!(jws.header["typ"], "JWT");
    assert_eq!(jws.header["kid"], keys().current(0).kid.as_str());
    assert!(verifies_with(&jws, &jwks(&h).await));
    let c = &jws.claims;
    assert_eq!(c["iss"], ISSUER);
    assert_eq!(c["aud"], "demo-portal");
    assert_eq!(c["sub"], "1516492");
    assert_eq!(c["nonce"], NONCE);
    let iat = c["iat"].as_u64().expect("iat");
    assert!(iat.abs_diff(now()) < 60);
    assert_eq!(c["exp"].as_u64().expect("exp") - iat, 86400);
    assert!(c["auth_time"].as_u64().expect("auth_time") <= iat);
    assert_eq!(c["email"], "reading.student@demo.local");
    assert_eq!(c["email_verified"], true);
    assert_eq!(c["name"], "Reading Student");
    assert_eq!(c["given_name"], "Reading");
    assert_eq!(c["family_name"], "Student");
    assert_eq!(c["profile"], "Student");
    assert_eq!(c["address"]["locality"], "ClassLink Demo");
    assert_eq!(c["address"]["region"], "New Jersey");
    assert_eq!(c["classLink_tenant_id"], 2);
    assert_eq!(c["classLink_role"], "Student");
    assert_eq!(c["classLink_sourcedId"], "4801508017");
    assert_eq!(c["classLink_org_sourcedids"], serde_json::json!(["7"]));
    assert!(c.get("nbf").is_none());

    // Without a nonce in the request there is none in the token; without a SourcedId, no claim.
    let jws = decode_jws(&id_token(&h, "no.oneroster", None).await);
    assert!(jws.claims.get("nonce").is_none());
    assert!(jws.claims.get("classLink_sourcedId").is_none());
}

#[tokio::test]
async fn the_nonce_is_checked_and_carried_through_the_sign_in_form() {
    let h = harness();
    let page = h
        .get(&auth_uri(
            &[auth_params(Some("s")), vec![("nonce", NONCE)]].concat(),
        ))
        .await;
    assert!(text(page)
        .await
        .contains(&format!("name=\"nonce\" value=\"{NONCE}\"")));
    let long = "n".repeat(crate::provider::authorize::MAX_NONCE_LEN + 1);
    let response = h
        .get(&auth_uri(
            &[auth_params(Some("s")), vec![("nonce", long.as_str())]].concat(),
        ))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let location = location(&response);
    assert!(location.contains("error=invalid_request"), "{location}");
    // An empty nonce is no nonce, like any empty parameter.
    let jws = decode_jws(&id_token(&h, "reading.student", Some("")).await);
    assert!(jws.claims.get("nonce").is_none());
}

#[tokio::test]
async fn discovery_describes_the_sandbox_truthfully() {
    let h = harness();
    let request = Request::get("/.well-known/openid-configuration")
        .header(header::ORIGIN, APP_ORIGIN)
        .body(Body::empty())
        .expect("request");
    let response = h.send(request).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        header_str(&response, "access-control-allow-origin"),
        Some(APP_ORIGIN)
    );
    assert_eq!(
        header_str(&response, "cache-control"),
        Some("public, max-age=300")
    );
    let doc = json(response).await;
    assert_eq!(doc["issuer"], ISSUER);
    assert_eq!(
        doc["authorization_endpoint"],
        format!("{ISSUER}/oauth2/v2/auth")
    );
    assert_eq!(doc["token_endpoint"], format!("{ISSUER}/oauth2/v2/token"));
    assert_eq!(doc["jwks_uri"], format!("{ISSUER}/oauth2/v2/jwks"));
    assert_eq!(
        doc["userinfo_endpoint"],
        format!("{ISSUER}/v2/my/profileinfo")
    );
    assert_eq!(doc["response_types_supported"], serde_json::json!(["code"]));
    assert_eq!(
        doc["id_token_signing_alg_values_supported"],
        serde_json::json!(["RS256", "ES256"])
    );
    assert_eq!(
        doc["token_endpoint_auth_methods_supported"],
        serde_json::json!(["none"])
    );
    assert_eq!(
        doc["code_challenge_methods_supported"],
        serde_json::json!(["S256"])
    );
    assert_eq!(doc["authorization_response_iss_parameter_supported"], true);
    let scopes = doc["scopes_supported"].as_array().expect("scopes");
    assert!(scopes.contains(&Value::from("openid")));
    let claims = doc["claims_supported"].as_array().expect("claims");
    assert!(claims.contains(&Value::from("classLink_sourcedId")));
}

#[tokio::test]
async fn the_jwks_publishes_public_keys_only() {
    let h = harness();
    let jwks = jwks(&h).await;
    let published = kids(&jwks);
    assert_eq!(
        published,
        vec![keys().current(0).kid.clone(), keys().ec.kid.clone()]
    );
    assert!(!published.contains(&keys().unpublished.kid));
    for key in jwks["keys"].as_array().expect("keys") {
        assert_eq!(key["use"], "sig");
        assert!(key.get("d").is_none(), "no private parts: {key}");
    }
    let rsa = &jwks["keys"][0];
    assert_eq!(
        (rsa["kty"].as_str(), rsa["alg"].as_str()),
        (Some("RSA"), Some("RS256"))
    );
    assert_eq!(rsa["e"], "AQAB");
    let ec = &jwks["keys"][1];
    assert_eq!(
        (ec["kty"].as_str(), ec["crv"].as_str()),
        (Some("EC"), Some("P-256"))
    );
    assert_eq!(ec["alg"], "ES256");
}

#[tokio::test]
async fn a_rotation_signs_with_a_new_key_and_keeps_the_old_one_published() {
    let h = harness();
    let before = decode_jws(&id_token(&h, "reading.student", None).await);
    let old_kid = before.header["kid"].as_str().expect("kid").to_string();

    let response = h
        .send(
            Request::post("/__sandbox/rotate-key")
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let rotated = json(response).await;
    assert_eq!(rotated["previous"], old_kid.as_str());
    let new_kid = rotated["kid"].as_str().expect("kid").to_string();
    assert_ne!(new_kid, old_kid);
    assert_eq!(h.shared.signing_kid(), new_kid);

    let after = decode_jws(&id_token(&h, "reading.student", None).await);
    assert_eq!(after.header["kid"], new_kid.as_str());
    let jwks = jwks(&h).await;
    assert_eq!(kids(&jwks), vec![new_kid, old_kid, keys().ec.kid.clone()]);
    assert!(verifies_with(&before, &jwks));
    assert!(verifies_with(&after, &jwks));
}

#[tokio::test]
async fn each_id_token_fault_bends_one_token() {
    let h = harness();
    let current = keys().current(0);
    let published = jwks(&h).await;
    let arm = |kind| {
        h.shared
            .add_fault(Fault::times(FaultTarget::IdToken, kind, 1));
    };

    arm(FaultKind::BadSignature);
    let jws = decode_jws(&id_token(&h, "reading.student", Some(NONCE)).await);
    assert_eq!(jws.header["kid"], current.kid.as_str());
    assert!(!verifies_with(&jws, &published));
    // Spent: the next token is valid again.
    let jws = decode_jws(&id_token(&h, "reading.student", Some(NONCE)).await);
    assert!(verifies_with(&jws, &published));

    let cases: Vec<(FaultKind, ClaimCheck)> = vec![
        (FaultKind::OtherIssuer, |c| {
            assert_eq!(c["iss"], crate::provider::id_token::OTHER_ISSUER)
        }),
        (FaultKind::OtherAudience, |c| {
            assert_eq!(c["aud"], crate::provider::id_token::OTHER_AUDIENCE)
        }),
        (FaultKind::Expired, |c| {
            assert!(c["exp"].as_u64().expect("exp") + 3000 < now());
            assert!(c["iat"].as_u64().expect("iat") < c["exp"].as_u64().expect("exp"));
        }),
        (FaultKind::IssuedInFuture, |c| {
            assert!(c["iat"].as_u64().expect("iat") > now() + 3000)
        }),
        (FaultKind::NoNonce, |c| assert!(c.get("nonce").is_none())),
        (FaultKind::WrongNonce, |c| {
            assert_eq!(c["nonce"], crate::provider::id_token::WRONG_NONCE)
        }),
        (FaultKind::NoSourcedId, |c| {
            assert!(c.get("classLink_sourcedId").is_none());
            assert_eq!(c["sub"], "1516492");
        }),
    ];
    for (kind, check) in cases {
        arm(kind.clone());
        let jws = decode_jws(&id_token(&h, "reading.student", Some(NONCE)).await);
        // Validly signed: only the claim is wrong.
        assert!(verifies_with(&jws, &published), "{kind:?}");
        check(&jws.claims);
    }

    arm(FaultKind::Es256);
    let jws = decode_jws(&id_token(&h, "reading.student", Some(NONCE)).await);
    assert_eq!(jws.header["alg"], "ES256");
    assert_eq!(jws.header["kid"], keys().ec.kid.as_str());
    assert_eq!(jws.signature.len(), 64);
    assert!(verifies_with(&jws, &published));
    assert_eq!(jws.claims["nonce"], NONCE);

    arm(FaultKind::AlgNone);
    let token = id_token(&h, "reading.student", Some(NONCE)).await;
    assert!(token.ends_with('.'));
    let jws = decode_jws(&token);
    assert_eq!(jws.header, serde_json::json!({"alg": "none", "typ": "JWT"}));
    assert!(jws.signature.is_empty());

    arm(FaultKind::Hs256PublicKey);
    let jws = decode_jws(&id_token(&h, "reading.student", Some(NONCE)).await);
    assert_eq!(jws.header["alg"], "HS256");
    assert_eq!(jws.header["kid"], current.kid.as_str());
    let pem = current.public_pem();
    assert!(pem.starts_with("-----BEGIN PUBLIC KEY-----\n"));
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(pem.as_bytes()).expect("hmac");
    mac.update(jws.input.as_bytes());
    assert!(mac.verify_slice(&jws.signature).is_ok());

    arm(FaultKind::UnknownKid);
    let jws = decode_jws(&id_token(&h, "reading.student", Some(NONCE)).await);
    assert_eq!(jws.header["alg"], "RS256");
    assert_eq!(jws.header["kid"], keys().unpublished.kid.as_str());
    assert!(!kids(&jwks(&h).await).contains(&keys().unpublished.kid));
    let unpublished = serde_json::json!({ "keys": [keys().unpublished.jwk()] });
    assert!(
        verifies_with(&jws, &unpublished),
        "really signed by that key"
    );

    assert!(h.shared.store().faults.is_empty());
}

/// `GET` with `Origin` and, if given, `If-None-Match`.
async fn revalidate(h: &Harness, uri: &str, tag: Option<&str>) -> Response<Body> {
    let mut request = Request::get(uri).header(header::ORIGIN, APP_ORIGIN);
    if let Some(tag) = tag {
        request = request.header(header::IF_NONE_MATCH, tag);
    }
    h.send(request.body(Body::empty()).expect("request")).await
}

/// Discovery and the JWKS may be kept a few minutes and revalidated by their `ETag`: a
/// held document is answered 304 (CORS-readable and logged like any answer), a changed one (a
/// rotated key, a stale JWKS, a switch turned on) gets a new tag and its body.
#[tokio::test]
async fn discovery_and_the_jwks_are_cacheable_and_revalidated_by_etag() {
    let h = harness();
    for uri in ["/oauth2/v2/jwks", "/.well-known/openid-configuration"] {
        let first = revalidate(&h, uri, None).await;
        assert_eq!(first.status(), StatusCode::OK, "{uri}");
        assert_eq!(
            header_str(&first, "cache-control"),
            Some("public, max-age=300")
        );
        let tag = header_str(&first, "etag").expect("etag").to_string();
        let held = revalidate(&h, uri, Some(&tag)).await;
        assert_eq!(held.status(), StatusCode::NOT_MODIFIED, "{uri}");
        assert_eq!(header_str(&held, "etag"), Some(tag.as_str()));
        assert_eq!(
            header_str(&held, "cache-control"),
            Some("public, max-age=300")
        );
        assert_eq!(
            header_str(&held, "access-control-allow-origin"),
            Some(APP_ORIGIN)
        );
        assert!(text(held).await.is_empty());
        let other = revalidate(&h, uri, Some("\"another\"")).await;
        assert_eq!(other.status(), StatusCode::OK, "{uri}");
    }
    let statuses: Vec<u16> = h.shared.store().requests.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [200, 304, 200, 200, 304, 200]);

    // A rotation changes the JWKS, so its tag: the held copy is not confirmed.
    let held = header_str(&revalidate(&h, "/oauth2/v2/jwks", None).await, "etag")
        .expect("etag")
        .to_string();
    h.shared.rotate_key();
    let rotated = revalidate(&h, "/oauth2/v2/jwks", Some(&held)).await;
    assert_eq!(rotated.status(), StatusCode::OK);
    assert_ne!(header_str(&rotated, "etag"), Some(held.as_str()));
    let rotated_tag = header_str(&rotated, "etag").expect("etag").to_string();
    h.shared
        .add_fault(Fault::times(FaultTarget::Jwks, FaultKind::StaleJwks, 1));
    let stale = revalidate(&h, "/oauth2/v2/jwks", Some(&rotated_tag)).await;
    assert_eq!(
        stale.status(),
        StatusCode::OK,
        "a stale answer is another document"
    );

    // A switch turned on changes discovery.
    let discovery = "/.well-known/openid-configuration";
    let before = header_str(&revalidate(&h, discovery, None).await, "etag")
        .expect("etag")
        .to_string();
    h.shared.store().session_features.revocation = true;
    let after = revalidate(&h, discovery, Some(&before)).await;
    assert_eq!(after.status(), StatusCode::OK);
    assert!(json(after).await["revocation_endpoint"].is_string());
}

#[tokio::test]
async fn a_stale_jwks_omits_the_current_key_once() {
    let h = harness();
    h.shared
        .add_fault(Fault::times(FaultTarget::Jwks, FaultKind::StaleJwks, 1));
    let current = keys().current(0).kid.clone();
    assert!(!kids(&jwks(&h).await).contains(&current));
    assert!(kids(&jwks(&h).await).contains(&current));
}

#[tokio::test]
async fn discovery_faults() {
    let h = harness();
    let discovery = || h.get("/.well-known/openid-configuration");
    h.shared.add_fault(Fault::times(
        FaultTarget::Discovery,
        FaultKind::OtherIssuer,
        1,
    ));
    assert_eq!(
        json(discovery().await).await["issuer"],
        crate::provider::id_token::OTHER_ISSUER
    );
    assert_eq!(json(discovery().await).await["issuer"], ISSUER);

    h.shared.add_fault(Fault::times(
        FaultTarget::Discovery,
        FaultKind::InsecureEndpoint,
        1,
    ));
    assert_eq!(
        json(discovery().await).await["token_endpoint"],
        "http://token.example.test/oauth2/v2/token"
    );

    h.shared.add_fault(Fault::times(
        FaultTarget::Discovery,
        FaultKind::Status {
            status: 500,
            retry_after: None,
        },
        1,
    ));
    assert_eq!(
        discovery().await.status(),
        StatusCode::INTERNAL_SERVER_ERROR
    );
    h.shared.add_fault(Fault::times(
        FaultTarget::Discovery,
        FaultKind::MalformedJson,
        1,
    ));
    assert!(serde_json::from_str::<Value>(&text(discovery().await).await).is_err());
    h.shared
        .add_fault(Fault::times(FaultTarget::Jwks, FaultKind::Html, 1));
    let page = h.get("/oauth2/v2/jwks").await;
    assert_eq!(
        header_str(&page, "content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(h.shared.store().faults.is_empty());
}

#[tokio::test]
async fn no_iss_leaves_iss_out_of_one_callback() {
    let h = harness();
    h.shared
        .add_fault(Fault::times(FaultTarget::Authorize, FaultKind::NoIss, 1));
    let callback = h.sign_in("reading.student", Some("s")).await;
    assert!(callback.get("code").is_some());
    assert_eq!(callback.get("iss"), None);
    let callback = h.sign_in("reading.student", Some("s")).await;
    assert_eq!(callback.get("iss"), Some(ISSUER));
}

#[tokio::test]
async fn the_admin_route_validates_the_new_fault_kinds() {
    let h = harness();
    let post = |body: &'static str| {
        h.send(
            Request::post("/__sandbox/faults")
                .body(Body::from(body))
                .expect("request"),
        )
    };
    for ok in [
        r#"{"target":"id_token","kind":"hs256_public_key","times":1}"#,
        r#"{"target":"jwks","kind":"stale_jwks","times":1}"#,
        r#"{"target":"discovery","kind":"insecure_endpoint"}"#,
        r#"{"target":"authorize","kind":"no_iss","times":1}"#,
        r#"{"target":"classes","kind":"bare_array","times":1}"#,
        r#"{"target":"teachers","kind":"status","status":502}"#,
    ] {
        assert_eq!(post(ok).await.status(), StatusCode::CREATED, "{ok}");
    }
    for bad in [
        r#"{"target":"token","kind":"alg_none"}"#,
        r#"{"target":"id_token","kind":"html"}"#,
        r#"{"target":"teachers","kind":"bare_array"}"#,
        r#"{"target":"authorize","kind":"stall","seconds":1}"#,
    ] {
        assert_eq!(post(bad).await.status(), StatusCode::BAD_REQUEST, "{bad}");
    }
}
