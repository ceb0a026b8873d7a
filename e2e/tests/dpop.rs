//! DPoP (RFC 9449) end to end, in both browsers, against the sandbox acting as a provider
//! that advertises ES256 and verifies every proof: a student signs in with tokens bound to a
//! key that never leaves the page; a replayed proof, a stolen token with another key or as a
//! bearer token, and a downgraded answer are refused; server nonces are honoured once, and a
//! server that misbehaves with them ends in a message, not a loop.

use std::collections::HashSet;
use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use classlink_e2e::harness::{display_name, Harness};
use classlink_e2e::in_every_browser;
use classlink_e2e::raw_http;
use classlink_sandbox::{
    AppConfig, DpopFeatures, DpopProofRecord, DpopTestKey, Fault, FaultKind, FaultTarget,
    SessionFeatures,
};
use serde_json::{json, Map, Value};

const PROFILE_PATH: &str = "/v2/my/info";
const TOKEN_PATH: &str = "/oauth2/v2/token";

fn dpop_on() -> DpopFeatures {
    DpopFeatures {
        enabled: true,
        ..DpopFeatures::default()
    }
}

/// The claims of a compact proof.
fn claims(proof: &str) -> Value {
    let payload = proof.split('.').nth(1).expect("a compact JWS");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).expect("base64url")).expect("JSON")
}

fn proofs_to(h: &Harness, method: &str, path: &str) -> Vec<DpopProofRecord> {
    h.sandbox
        .dpop_proofs()
        .into_iter()
        .filter(|p| p.method == method && p.path.starts_with(path))
        .collect()
}

/// Signs in as reading.student and waits for the classes.
async fn signed_in(h: &Harness) {
    h.open_app().await;
    h.sign_in_as("reading.student").await;
    assert_eq!(
        h.text("profile-name").await,
        display_name("reading.student")
    );
    h.wait_for("class-item").await;
}

/// Every GET the app made to the API (preflights excluded).
fn api_gets(h: &Harness) -> usize {
    h.sandbox
        .requests()
        .iter()
        .filter(|r| {
            r.method == "GET" && (r.path.starts_with("/v2/") || r.path.starts_with("/ims/"))
        })
        .count()
}

in_every_browser!(
    a_student_signs_in_with_dpop_and_every_request_carries_a_fresh_proof_of_one_key,
    |options| {
        options.dpop_features = dpop_on();
        options.session_features = SessionFeatures {
            sso: true,
            ..SessionFeatures::default()
        };
    },
    |h| {
        signed_in(&h).await;
        // The teacher lines are API calls too.
        h.wait_for("class-teachers").await;
        let proofs = h.sandbox.dpop_proofs();
        assert!(
            proofs.iter().all(|p| p.verdict == "accepted"),
            "[{}] every proof accepted: {proofs:#?}",
            h.browser.name()
        );
        let token_proofs = proofs_to(&h, "POST", TOKEN_PATH);
        assert_eq!(token_proofs.len(), 1, "the code exchange carried one proof");
        let api_proofs: Vec<_> = proofs.iter().filter(|p| p.method == "GET").collect();
        assert_eq!(
            api_proofs.len(),
            api_gets(&h),
            "every API call carried a proof"
        );
        assert!(api_proofs.iter().any(|p| p.path == PROFILE_PATH));
        assert!(api_proofs.iter().any(|p| p.path.ends_with("/teachers")));
        // One key for the sign-in, the one the token is bound to.
        let keys: HashSet<_> = proofs.iter().map(|p| p.jkt.clone().unwrap()).collect();
        assert_eq!(keys.len(), 1, "one key per sign-in: {keys:?}");
        let key = keys.into_iter().next().unwrap();
        let token = h.sandbox.issued_tokens().last().cloned().unwrap();
        assert_eq!(h.sandbox.token_binding(&token), Some(key.clone()));
        // Each proof is new: its own jti; API proofs carry ath and no query in htu.
        let jtis: HashSet<_> = proofs
            .iter()
            .map(|p| claims(p.proof.as_deref().unwrap())["jti"].to_string())
            .collect();
        assert_eq!(jtis.len(), proofs.len(), "no jti used twice");
        for proof in &api_proofs {
            let claims = claims(proof.proof.as_deref().unwrap());
            assert!(claims["ath"].is_string(), "{claims}");
            assert!(!claims["htu"].as_str().unwrap().contains('?'), "{claims}");
        }

        // The key is in memory only: nothing of it in any storage, and no IndexedDB.
        let state = h.browser_state().await;
        assert!(!state.contains(&token), "{state:?}");
        assert!(!state.session_storage.contains("jwk"), "{state:?}");
        let databases = h
            .eval("(indexedDB.databases ? indexedDB.databases() : Promise.resolve([])).then(d => d.length)")
            .await;
        assert_eq!(databases, json!(0), "no IndexedDB");

        // A reload signs in again, with a new key.
        h.sandbox.clear_dpop_proofs();
        h.client.refresh().await.unwrap();
        h.wait_for("class-item").await;
        let after: HashSet<_> = h
            .sandbox
            .dpop_proofs()
            .iter()
            .map(|p| p.jkt.clone().unwrap())
            .collect();
        assert_eq!(after.len(), 1);
        assert!(!after.contains(&key), "a reload makes a new key");
    }
);

in_every_browser!(
    a_replayed_proof_and_a_stolen_token_are_refused,
    |options| {
        options.dpop_features = dpop_on();
    },
    |h| {
        signed_in(&h).await;
        let token = h.sandbox.issued_tokens().last().cloned().unwrap();
        let sent = proofs_to(&h, "GET", PROFILE_PATH)
            .pop()
            .and_then(|p| p.proof)
            .expect("the profile request's proof");
        let origin = h.sandbox.api_origin();
        let htu = format!("{origin}{PROFILE_PATH}");
        let authorization = format!("DPoP {token}");
        let refused = |response: &raw_http::Response, error: &str| {
            assert_eq!(response.status, 401, "{response:?}");
            let challenge = response.header("www-authenticate").unwrap_or_default();
            assert!(
                challenge.starts_with("DPoP") && challenge.contains(error),
                "{error}: {challenge}"
            );
        };

        // The app's own proof, sent again with its token: a replay.
        let replay = raw_http::send(
            &origin,
            "GET",
            PROFILE_PATH,
            &[("Authorization", &authorization), ("DPoP", &sent)],
        );
        refused(&replay, "invalid_dpop_proof");

        // The token copied out, presented with a proof from the thief's own key.
        let thief = DpopTestKey::generate();
        let proof = thief.proof("GET", &htu, Some(&token), None);
        let stolen = raw_http::send(
            &origin,
            "GET",
            PROFILE_PATH,
            &[("Authorization", &authorization), ("DPoP", &proof)],
        );
        refused(&stolen, "invalid_token");

        // As a bearer token, or under DPoP with no proof at all.
        let bearer = raw_http::send(
            &origin,
            "GET",
            PROFILE_PATH,
            &[("Authorization", &format!("Bearer {token}"))],
        );
        assert_eq!(bearer.status, 401, "{bearer:?}");
        let bare = raw_http::send(
            &origin,
            "GET",
            PROFILE_PATH,
            &[("Authorization", &authorization)],
        );
        refused(&bare, "invalid_dpop_proof");

        // The page itself goes on: a reload signs in again, with a new key whose proofs are
        // accepted.
        h.sandbox.clear_dpop_proofs();
        h.client.refresh().await.unwrap();
        h.approve_as("reading.student").await;
        h.wait_for("class-item").await;
        assert!(h
            .sandbox
            .dpop_proofs()
            .iter()
            .all(|p| p.verdict == "accepted"));
    }
);

in_every_browser!(
    a_bearer_token_in_answer_to_a_dpop_request_is_refused,
    |options| {
        options.dpop_features = dpop_on();
    },
    |h| {
        h.sandbox.add_fault(Fault::times(
            FaultTarget::Token,
            FaultKind::DpopDowngrade,
            1,
        ));
        h.fresh_sign_in("reading.student").await;
        let message = h.text("error").await;
        assert!(
            message.contains("not tied to this browser"),
            "[{}] {message}",
            h.browser.name()
        );
        assert_eq!(api_gets(&h), 0, "the downgraded token was never used");
        assert_eq!(h.count("profile-name").await, 0);
        // "Try again" is a fresh sign-in that works.
        h.click("retry").await;
        h.approve_as("reading.student").await;
        h.wait_for("class-item").await;
    }
);

in_every_browser!(
    a_config_that_asks_for_dpop_of_a_provider_without_it_ends_in_a_message,
    |options| {
        let mut keys = Map::new();
        keys.insert("dpop".into(), json!(true));
        options.serve_app.as_mut().unwrap().config = AppConfig::GeneratedWith(keys);
    },
    |h| {
        // The sandbox with DPoP off is ClassLink: its CORS does not allow the DPoP header, so
        // the browser refuses to send the code at all.
        h.fresh_sign_in("reading.student").await;
        let message = h.text("error").await;
        assert!(
            message.contains("(CORS)"),
            "[{}] {message}",
            h.browser.name()
        );
        assert_eq!(h.token_requests(), 0, "the code was never sent");
        assert_eq!(api_gets(&h), 0);
    }
);

in_every_browser!(
    a_config_that_turns_dpop_off_signs_in_with_bearer_tokens,
    |options| {
        options.dpop_features = dpop_on();
        let mut keys = Map::new();
        keys.insert("dpop".into(), json!(false));
        options.serve_app.as_mut().unwrap().config = AppConfig::GeneratedWith(keys);
    },
    |h| {
        signed_in(&h).await;
        assert!(h.sandbox.dpop_proofs().is_empty(), "no proof sent");
        let token = h.sandbox.issued_tokens().last().cloned().unwrap();
        assert_eq!(h.sandbox.token_binding(&token), None);
    }
);

in_every_browser!(
    nonces_are_honoured_at_the_token_endpoint_and_the_api,
    |options| {
        options.dpop_features = DpopFeatures::all();
    },
    |h| {
        signed_in(&h).await;
        // The token endpoint asked once; the code was redeemed by the repeat.
        let token_proofs = proofs_to(&h, "POST", TOKEN_PATH);
        assert_eq!(token_proofs.len(), 2, "{token_proofs:#?}");
        assert!(token_proofs[0].verdict.starts_with("use_dpop_nonce"));
        assert_eq!(token_proofs[0].nonce, None);
        assert_eq!(token_proofs[1].verdict, "accepted");
        let token_nonce = token_proofs[1]
            .nonce
            .clone()
            .expect("the nonce it was given");
        // The API asked for its own nonce; every later call carried it.
        let api: Vec<_> = h
            .sandbox
            .dpop_proofs()
            .into_iter()
            .filter(|p| p.method == "GET")
            .collect();
        let asked = api
            .iter()
            .filter(|p| p.verdict.starts_with("use_dpop_nonce"))
            .count();
        assert!(
            (1..=2).contains(&asked),
            "asked once per request in flight before the first nonce: {api:#?}"
        );
        for proof in api.iter().filter(|p| p.verdict == "accepted") {
            let nonce = proof
                .nonce
                .as_deref()
                .expect("an accepted API proof has the nonce");
            assert_ne!(nonce, token_nonce, "nonces are per server");
        }
        h.wait_for("class-teachers").await;
    }
);

in_every_browser!(
    a_server_that_keeps_asking_for_a_nonce_is_asked_once_more_only,
    |options| {
        options.dpop_features = dpop_on();
    },
    |h| {
        h.sandbox.add_fault(Fault::times(
            FaultTarget::Token,
            FaultKind::DpopNonceLoop,
            2,
        ));
        h.fresh_sign_in("reading.student").await;
        let message = h.text("error").await;
        assert!(
            message.contains("use_dpop_nonce"),
            "[{}] {message}",
            h.browser.name()
        );
        assert_eq!(
            h.token_requests(),
            2,
            "one repeat with the nonce, then no more"
        );
        h.wait_for("retry").await;
    }
);

in_every_browser!(
    an_api_that_keeps_asking_for_a_nonce_ends_the_session_with_a_way_back,
    |options| {
        options.dpop_features = dpop_on();
    },
    |h| {
        h.sandbox.add_fault(Fault::times(
            FaultTarget::Profile,
            FaultKind::DpopNonceLoop,
            2,
        ));
        h.fresh_sign_in("reading.student").await;
        // One repeat with the nonce, then the refusal stands: with no refresh token the
        // session is over, and the sign-in screen says so.
        let notice = h.text("notice").await;
        assert!(
            notice.contains("session has ended"),
            "[{}] {notice}",
            h.browser.name()
        );
        h.wait_for("sign-in").await;
        let profile_gets = h
            .sandbox
            .requests()
            .iter()
            .filter(|r| r.method == "GET" && r.path == PROFILE_PATH)
            .count();
        assert_eq!(profile_gets, 2, "the profile was asked for twice, no more");
    }
);

in_every_browser!(
    a_nonce_the_page_cannot_read_ends_in_a_message,
    |options| {
        options.dpop_features = DpopFeatures {
            enabled: true,
            token_nonce: true,
            api_nonce: false,
        };
    },
    |h| {
        h.sandbox.add_fault(Fault::times(
            FaultTarget::Token,
            FaultKind::DpopNonceHidden,
            1,
        ));
        h.fresh_sign_in("reading.student").await;
        let message = h.text("error").await;
        assert!(message.contains("use_dpop_nonce"), "{message}");
        assert_eq!(h.token_requests(), 1, "no nonce to repeat with");
    }
);

in_every_browser!(
    a_refresh_under_dpop_proves_the_same_key,
    |options| {
        options.dpop_features = dpop_on();
        options.session_features = SessionFeatures {
            refresh_tokens: true,
            ..SessionFeatures::default()
        };
        options.token_lifetime = Some(Duration::from_secs(20));
    },
    |h| {
        signed_in(&h).await;
        h.wait_for_refreshes(1, Duration::from_secs(60)).await;
        let token_proofs = proofs_to(&h, "POST", TOKEN_PATH);
        assert!(token_proofs.len() >= 2, "{token_proofs:#?}");
        assert!(token_proofs.iter().all(|p| p.verdict == "accepted"));
        let keys: HashSet<_> = token_proofs.iter().map(|p| p.jkt.clone()).collect();
        assert_eq!(keys.len(), 1, "the refresh proves the sign-in's key");
        assert_eq!(h.count("profile-name").await, 1, "still signed in");
    }
);

in_every_browser!(
    the_self_check_signs_its_probes_when_the_provider_uses_dpop,
    |options| {
        options.dpop_features = dpop_on();
    },
    |h| {
        h.goto(&format!("{}?check", h.app_url)).await;
        h.wait_until(
            "every check has answered",
            "document.querySelector(\"[data-testid='self-check'][aria-busy='false']\")",
        )
        .await;
        for id in ["token", "profile", "classes"] {
            let line = h.wait_for(&format!("check-{id}")).await;
            assert_eq!(
                line.attr("data-verdict").await.unwrap().as_deref(),
                Some("passed"),
                "{id}: {}",
                line.text().await.unwrap()
            );
        }
        assert!(h.text("check-token").await.contains("DPoP"));
        assert!(
            !proofs_to(&h, "POST", TOKEN_PATH).is_empty(),
            "the token probe carried a proof"
        );
        assert!(h.sandbox.issued_tokens().is_empty(), "nothing was issued");
    }
);
