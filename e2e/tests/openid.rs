//! OpenID Connect against the sandbox as an OpenID provider in ClassLink's image: discovery,
//! a nonce per request, and an id_token verified with WebCrypto before any claim is used.
//! Each way a provider can misbehave is a sandbox switch, refused here in both browsers.

use classlink_e2e::browser::Browser;
use classlink_e2e::harness::display_name;
use classlink_e2e::{in_every_browser, Harness};
use classlink_sandbox::{AppConfig, Fault, FaultKind, FaultTarget, LoggedRequest};
use serde_json::{json, Map, Value};

fn requests_to(h: &Harness, path_end: &str) -> Vec<LoggedRequest> {
    h.sandbox
        .requests()
        .into_iter()
        .filter(|r| r.method == "GET" && r.path.ends_with(path_end))
        .collect()
}

/// Signs in from a fresh tab, returning the `nonce` the authorization request carried.
async fn sign_in_reading_nonce(h: &Harness, login: &str) -> Option<String> {
    h.sandbox.clear_requests();
    h.fresh_tab().await;
    h.open_app().await;
    h.click("sign-in").await;
    h.wait_for_css("#allow").await;
    let authorize_url = h.current_url().await;
    h.approve_as(login).await;
    authorize_url
        .split(['?', '&'])
        .find_map(|pair| pair.strip_prefix("nonce="))
        .map(str::to_string)
}

fn config_with(pairs: &[(&str, Value)]) -> AppConfig {
    AppConfig::GeneratedWith(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect::<Map<_, _>>(),
    )
}

in_every_browser!(
    discovery_gives_the_endpoints_and_each_request_carries_a_fresh_nonce,
    |h| {
        let first = sign_in_reading_nonce(&h, "reading.student")
            .await
            .expect("a nonce is sent");
        assert_eq!(
            h.text("profile-name").await,
            display_name("reading.student")
        );
        h.wait_for("class-item").await;
        assert_eq!(first.len(), 43, "32 random bytes, base64url");
        assert_eq!(
            requests_to(&h, "/.well-known/openid-configuration").len(),
            1,
            "discovery is fetched once, on the first load, not on the callback"
        );

        let second = sign_in_reading_nonce(&h, "reading.student")
            .await
            .expect("a nonce is sent");
        h.wait_for("class-item").await;
        assert_ne!(first, second, "a fresh nonce per request");
    }
);

in_every_browser!(every_forged_id_token_is_refused, |h| {
    let cases = [
        (FaultKind::BadSignature, "(signature)"),
        (FaultKind::OtherIssuer, "(iss)"),
        (FaultKind::OtherAudience, "(aud)"),
        (FaultKind::Expired, "date and time"),
        (FaultKind::IssuedInFuture, "date and time"),
        (FaultKind::NoNonce, "(nonce)"),
        (FaultKind::WrongNonce, "(nonce)"),
        (FaultKind::AlgNone, "(algorithm)"),
        (FaultKind::Hs256PublicKey, "(algorithm)"),
        (FaultKind::UnknownKid, "(key)"),
    ];
    for (kind, expected) in cases {
        h.sandbox
            .add_fault(Fault::times(FaultTarget::IdToken, kind.clone(), 1));
        h.fresh_sign_in("reading.student").await;
        let message = h.text("error").await;
        assert!(
            message.contains(expected),
            "[{}] {kind:?}: {message}",
            h.browser.name()
        );
        assert!(
            requests_to(&h, "/v2/my/info").is_empty() && requests_to(&h, "/classes").is_empty(),
            "[{}] {kind:?}: nothing from a refused sign-in is used",
            h.browser.name()
        );
        assert_eq!(h.count("retry").await, 1, "a way forward");
    }
    // And the next, honest sign-in works.
    h.fresh_sign_in("reading.student").await;
    assert_eq!(
        h.text("profile-name").await,
        display_name("reading.student")
    );
});

in_every_browser!(keys_are_fetched_again_once_when_the_provider_rotates, |h| {
    // A key set served from before a rotation: the token's kid is unknown until the
    // set is fetched once more.
    h.sandbox.rotate_signing_key();
    h.sandbox
        .add_fault(Fault::times(FaultTarget::Jwks, FaultKind::StaleJwks, 1));
    h.fresh_sign_in("reading.student").await;
    h.wait_for("class-item").await;
    assert_eq!(requests_to(&h, "/oauth2/v2/jwks").len(), 2);

    // A rotation between two sign-ins of the same page: the new kid is found, in the set the
    // browser keeps when it is there (the sandbox's keys take turns, so the set already
    // holds it as the previous key), else by one revalidation.
    let before = h.sandbox.signing_kid();
    assert_ne!(h.sandbox.rotate_signing_key(), before);
    h.fresh_sign_in("reading.student").await;
    h.wait_for("class-item").await;
    assert!(requests_to(&h, "/oauth2/v2/jwks").len() <= 1);

    // A key that is never published: one refetch, then a clear refusal. The first ask may
    // be answered by the browser's HTTP cache (the set above is minutes old at most); the
    // refetch always reaches the provider, revalidated.
    h.sandbox
        .add_fault(Fault::times(FaultTarget::IdToken, FaultKind::UnknownKid, 1));
    h.fresh_sign_in("reading.student").await;
    assert!(h.text("error").await.contains("(key)"));
    let asked = requests_to(&h, "/oauth2/v2/jwks").len();
    assert!((1..=2).contains(&asked), "{asked} key set requests");
});

in_every_browser!(
    discovery_and_keys_are_kept_as_the_provider_allows,
    |options| {
        // ClassLink's session outlives the tab, so a second sign-in and a reload need no
        // student.
        options.session_features.sso = true;
    },
    |h| {
        // WebKit's WebDriver sessions are ephemeral, as Private Browsing is, and what its
        // HTTP cache keeps there is the engine's choice: in WebKit, never more than one ask.
        let kept_at_most = usize::from(h.browser == Browser::WebKit);
        // The sandbox sends both with `Cache-Control: public, max-age=300` and an ETag.
        h.fresh_sign_in("reading.student").await;
        h.wait_for("class-item").await;
        assert_eq!(
            requests_to(&h, "/.well-known/openid-configuration").len(),
            1
        );
        // The app opened again in a new tab, and signed in again: discovery and the key set
        // come from the browser's cache, with no round trip to the provider.
        h.sandbox.clear_requests();
        h.fresh_tab().await;
        h.open_app().await;
        h.click("sign-in").await;
        h.wait_for("class-item").await;
        assert!(
            requests_to(&h, "/.well-known/openid-configuration").len() <= kept_at_most,
            "discovery from the cache"
        );
        assert!(
            requests_to(&h, "/oauth2/v2/jwks").len() <= kept_at_most,
            "keys from the cache"
        );
        // The APIs and the token endpoint are never kept: each sign-in asks them anew.
        assert_eq!(h.token_requests(), 1);
        assert_eq!(requests_to(&h, "/v2/my/info").len(), 1);
        // A reload of the signed-in tab (it signs back in by itself): no discovery either.
        h.sandbox.clear_requests();
        h.client.refresh().await.expect("reload");
        h.wait_for("class-item").await;
        println!(
            "[{}] a reload: {} discovery, {} key set requests",
            h.browser.name(),
            requests_to(&h, "/.well-known/openid-configuration").len(),
            requests_to(&h, "/oauth2/v2/jwks").len()
        );
        assert!(
            requests_to(&h, "/.well-known/openid-configuration").len() <= kept_at_most,
            "a reload's discovery from the cache"
        );
        assert_eq!(h.token_requests(), 1, "the reload signed in again");
    }
);

in_every_browser!(an_es256_id_token_is_verified_too, |h| {
    h.sandbox
        .add_fault(Fault::times(FaultTarget::IdToken, FaultKind::Es256, 1));
    h.fresh_sign_in("reading.student").await;
    h.wait_for("class-item").await;
    assert_eq!(
        h.text("profile-name").await,
        display_name("reading.student")
    );
});

in_every_browser!(
    a_verified_sourced_id_starts_the_oneroster_classes_beside_the_profile,
    |options| {
        if let Some(app) = options.serve_app.as_mut() {
            app.config = config_with(&[
                (
                    "classes_endpoint",
                    json!("{origin}/ims/oneroster/v1p1/users/{sourcedId}/classes"),
                ),
                ("teachers_endpoint", json!(false)),
            ]);
        }
    },
    |h| {
        // Stall the profile: the classes must not wait for it.
        h.sandbox.add_fault(Fault::times(
            FaultTarget::Profile,
            FaultKind::Stall { seconds: 3.0 },
            1,
        ));
        h.fresh_sign_in("reading.student").await;
        h.wait_for("class-item").await;
        assert_eq!(
            h.count("profile-name").await,
            0,
            "the profile is still on its way"
        );
        h.wait_for("profile-name").await;

        // Without the claim, the classes wait for the profile's SourcedId, as before.
        h.sandbox.add_fault(Fault::times(
            FaultTarget::IdToken,
            FaultKind::NoSourcedId,
            1,
        ));
        h.sandbox.add_fault(Fault::times(
            FaultTarget::Profile,
            FaultKind::Stall { seconds: 1.0 },
            1,
        ));
        h.fresh_sign_in("reading.student").await;
        h.wait_for("class-item").await;
        let log = h.sandbox.requests();
        let position = |end: &str| {
            log.iter()
                .position(|r| r.method == "GET" && r.path.ends_with(end))
                .unwrap_or_else(|| panic!("no request to {end}"))
        };
        assert!(position("/v2/my/info") < position("/classes"));
    }
);

in_every_browser!(
    a_callback_without_iss_is_refused_when_the_provider_promised_one,
    |h| {
        h.sandbox
            .add_fault(Fault::times(FaultTarget::Authorize, FaultKind::NoIss, 1));
        h.fresh_sign_in("reading.student").await;
        let message = h.text("error").await;
        assert!(message.contains("unexpected server"), "{message}");
        assert_eq!(h.token_requests(), 0, "no exchange");
    }
);

in_every_browser!(discovery_that_disagrees_is_a_configuration_error, |h| {
    let cases = [
        (
            FaultKind::OtherIssuer,
            "names the issuer \"https://other-issuer.example.test\"",
            false,
        ),
        (
            FaultKind::InsecureEndpoint,
            "gives a \"token_endpoint\" that must use https://",
            false,
        ),
        (FaultKind::Html, "is not usable JSON", false),
        (
            FaultKind::Status {
                status: 500,
                retry_after: None,
            },
            "could not be loaded (HTTP 500)",
            true,
        ),
        (
            FaultKind::NoCors,
            "could not be loaded (network error",
            true,
        ),
    ];
    // The last column: whether the page offers "Try again" (a failure that may pass).
    let last = cases.len() - 1;
    for (case, (kind, expected, may_pass)) in cases.into_iter().enumerate() {
        h.sandbox
            .add_fault(Fault::times(FaultTarget::Discovery, kind.clone(), 1));
        h.goto("about:blank").await;
        h.open_app().await;
        h.wait_for("config-error").await;
        let message = h.text("error").await;
        assert!(
            message.contains(expected) && message.contains("/.well-known/openid-configuration"),
            "[{}] {kind:?}: {message}",
            h.browser.name()
        );
        assert_eq!(h.count("sign-in").await, 0);
        assert_eq!(h.count("retry").await, usize::from(may_pass), "{kind:?}");
        // Once discovery has been read, the browser keeps it (as the sandbox's Cache-Control
        // allows) and later loads would not ask: so only the last case tries again.
        if may_pass && case == last {
            // The fault was used up: trying again reaches the sign-in screen.
            h.click("retry").await;
            h.wait_for("sign-in").await;
        }
    }
});

in_every_browser!(
    the_button_does_not_wait_for_discovery_and_a_click_waits_for_it_once,
    |h| {
        h.sandbox.add_fault(Fault::times(
            FaultTarget::Discovery,
            FaultKind::Stall { seconds: 2.0 },
            1,
        ));
        h.sandbox.clear_requests();
        h.open_app().await;
        // The button is there while discovery is still on its way; pressing it then leaves
        // as soon as the document arrives.
        h.click("sign-in").await;
        h.approve_as("reading.student").await;
        h.wait_for("class-item").await;
        assert_eq!(
            requests_to(&h, "/.well-known/openid-configuration").len(),
            1,
            "one discovery request, however early the click"
        );
    }
);
