//! The journey against oidc-provider (OpenID Certified), in every selected browser: the app
//! configured with the client, the issuer and the API only, so the provider's endpoints come
//! from its discovery document. A sign-in with the PKCE the provider requires, a verified
//! id_token, the profile, classes and teachers, and a reload through the provider's session;
//! refresh tokens rotated, then a sign-out that revokes them and ends the session there; and
//! DPoP with the provider's nonces, whose tokens its API accepts only with proofs of the key.
//! Each finding these tests made is in docs/security.md ("Against a certified provider").

use std::time::Duration;

use classlink_e2e::certified::{
    Certified, ProviderLog, ProviderOptions, AUTHORIZE_PATH, DISCOVERY_PATH, END_SESSION_PATH,
    JWKS_PATH, PROFILE_PATH, REVOKE_PATH, TOKEN_PATH,
};
use classlink_e2e::harness::{current_class_titles, display_name};
use classlink_e2e::in_every_browser;
use classlink_e2e::raw_http;
use classlink_sandbox::{DpopTestKey, Seed};

/// Signs in as reading.student and waits for the profile, the classes and a teacher line.
async fn signed_in(h: &Certified) {
    h.open_app().await;
    h.sign_in_as("reading.student").await;
    assert_eq!(
        h.text("profile-name").await,
        display_name("reading.student"),
        "[{}]",
        h.browser.name()
    );
    h.wait_for("class-item").await;
    h.wait_for("class-teachers").await;
}

/// The token requests and their answers, for messages.
fn token_requests(log: &ProviderLog) -> String {
    format!("{:#?}", log.to("POST", TOKEN_PATH))
}

/// Waits until the provider's log satisfies `done`, and returns it.
async fn provider_log_until(
    h: &Certified,
    what: &str,
    within: Duration,
    done: impl Fn(&ProviderLog) -> bool,
) -> ProviderLog {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        let log = h.provider.log();
        if done(&log) {
            return log;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "[{}] {what} never happened: {log:#?}",
            h.browser.name()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

in_every_browser!(
    discovery_pkce_a_verified_id_token_the_classes_and_a_reload,
    start = |browser| Certified::start(browser, ProviderOptions::default()),
    |h| {
        // PKCE is the provider's rule, not only the app's habit: a request without a
        // code_challenge is sent back to the app with an error.
        let redirect_uri = h.app_url.replace(':', "%3A").replace('/', "%2F");
        let client_id = Seed::default_seed().client_id().to_string();
        let refused = raw_http::get(
            &h.provider.issuer,
            &format!(
                "{AUTHORIZE_PATH}?client_id={client_id}&response_type=code&scope=openid&state=s&redirect_uri={redirect_uri}"
            ),
        );
        let location = refused.header("location").unwrap_or_default().to_string();
        assert!(
            refused.status == 303
                && location.contains("error=invalid_request")
                && location.contains("PKCE"),
            "{} {location}",
            refused.status
        );

        signed_in(&h).await;
        let mut titles = h.texts("class-title").await;
        titles.sort();
        assert_eq!(titles, current_class_titles("reading.student"));
        let teachers = h.texts("class-teachers").await.join(" | ");
        assert!(teachers.contains("David Chen"), "{teachers}");

        let log = h.provider.log();
        assert!(
            !log.to("GET", DISCOVERY_PATH).is_empty(),
            "the endpoints came from discovery"
        );
        let authorize = log.to("GET", AUTHORIZE_PATH);
        assert!(
            authorize
                .iter()
                .any(|r| r.code_challenge_method.as_deref() == Some("S256")),
            "{authorize:#?}"
        );
        let exchanges = log.to("POST", TOKEN_PATH);
        assert_eq!(exchanges.len(), 1, "{}", token_requests(&log));
        assert_eq!(exchanges[0].status, 200);
        assert_eq!(
            exchanges[0].grant_type.as_deref(),
            Some("authorization_code")
        );
        assert_eq!(exchanges[0].token_type.as_deref(), Some("Bearer"));
        assert!(exchanges[0].id_token, "an id_token came with the token");
        // The id_token was checked against the provider's keys before anything was shown.
        assert_eq!(log.to("GET", JWKS_PATH).len(), 1);
        assert!(
            log.api.iter().all(|call| call.verdict == "accepted"),
            "{:#?}",
            log.api
        );

        // Nothing the provider issued is in any place a page can keep or leak it.
        let state = h.browser_state().await;
        for secret in log.issued_tokens() {
            assert!(
                !state.contains(&secret),
                "[{}] a token leaked into {state:?}",
                h.browser.name()
            );
        }
        assert_eq!(state.cookies, "", "the provider's cookies are its own");

        // A reload: one hop to the provider, whose session answers without a page. Its
        // discovery lists no prompt values, so the hop asks for none.
        let before = log.requests.len();
        h.client.refresh().await.unwrap();
        h.wait_for("class-item").await;
        assert_eq!(
            h.text("profile-name").await,
            display_name("reading.student")
        );
        let after = h.provider.log().requests_from(before);
        let hops = after.to("GET", AUTHORIZE_PATH);
        assert_eq!(hops.len(), 1, "one hop: {hops:#?}");
        assert_eq!(hops[0].prompt, None, "not listed, not asked");
        assert_eq!(after.to("POST", TOKEN_PATH).len(), 1, "one exchange");
        assert!(
            after
                .requests
                .iter()
                .all(|r| !r.path.starts_with("/interaction")),
            "no sign-in page: {:#?}",
            after.requests
        );
    }
);

in_every_browser!(
    refresh_tokens_rotate_and_sign_out_revokes_them_and_ends_the_session,
    start = |browser| Certified::start(
        browser,
        ProviderOptions {
            access_token_lifetime: Some(Duration::from_secs(20)),
            ..ProviderOptions::default()
        }
    ),
    |h| {
        signed_in(&h).await;
        // The app refreshes before the 20 s token runs out, with the refresh token it got.
        let log = provider_log_until(&h, "a refresh", Duration::from_secs(60), |log| {
            log.to("POST", TOKEN_PATH)
                .iter()
                .any(|r| r.grant_type.as_deref() == Some("refresh_token"))
        })
        .await;
        let refreshes: Vec<_> = log
            .to("POST", TOKEN_PATH)
            .into_iter()
            .filter(|r| r.grant_type.as_deref() == Some("refresh_token"))
            .collect();
        assert!(
            refreshes.iter().all(|r| r.status == 200),
            "{}",
            token_requests(&log)
        );
        let issued = log.tokens("refresh_token.saved");
        assert_eq!(issued.len(), 2, "the refresh brought a new refresh token");
        assert_eq!(
            log.tokens("refresh_token.consumed"),
            issued[..1],
            "the first was used once and is spent (rotation)"
        );
        assert_eq!(h.count("profile-name").await, 1, "still signed in");
        assert_eq!(h.count("notice").await, 0);

        h.click("sign-out").await;
        // The provider asks the student to confirm ending the session there.
        h.click_css("button[name='logout'][value='yes']").await;
        let notice = h.text("notice").await;
        assert!(notice.contains("You have signed out"), "{notice}");
        assert_eq!(
            h.current_url().await,
            h.app_url,
            "the state the provider sent back is gone from the address bar"
        );
        let log = h.provider.log();
        let mut hints: Vec<_> = log
            .to("POST", REVOKE_PATH)
            .iter()
            .map(|r| (r.token_type_hint.clone().unwrap_or_default(), r.status))
            .collect();
        hints.sort();
        assert_eq!(
            hints,
            [
                ("access_token".to_string(), 200),
                ("refresh_token".to_string(), 200)
            ]
        );
        assert!(
            log.tokens("refresh_token.destroyed").contains(&issued[1]),
            "the rotated refresh token was revoked: {:#?}",
            log.events
        );
        assert!(log.events.iter().any(|e| e.name == "grant.revoked"));
        assert!(
            log.events.iter().any(|e| e.name == "end_session.success"),
            "{:#?}",
            log.to("GET", END_SESSION_PATH)
        );

        // Signed out at the provider too: a reload stays out, and the next sign-in meets
        // the provider's sign-in page again.
        let before = log.requests.len();
        h.client.refresh().await.unwrap();
        h.wait_for("sign-in").await;
        assert!(h
            .provider
            .log()
            .requests_from(before)
            .to("GET", AUTHORIZE_PATH)
            .is_empty());
        h.click("sign-in").await;
        h.wait_for_css("input[name='login']").await;
    }
);

in_every_browser!(
    dpop_with_the_providers_nonces_binds_the_tokens_to_the_browsers_key,
    start = |browser| Certified::start(
        browser,
        ProviderOptions {
            dpop: true,
            lists_prompt_none: true,
            ..ProviderOptions::default()
        }
    ),
    |h| {
        signed_in(&h).await;
        let log = h.provider.log();
        // The provider asked for a nonce; the app sent the code again with it, once.
        let exchanges = log.to("POST", TOKEN_PATH);
        assert_eq!(exchanges.len(), 2, "{}", token_requests(&log));
        assert!(exchanges.iter().all(|r| r.dpop_proof));
        assert_eq!(exchanges[0].error.as_deref(), Some("use_dpop_nonce"));
        assert_eq!(exchanges[1].status, 200);
        assert_eq!(exchanges[1].token_type.as_deref(), Some("DPoP"));
        let bound: Vec<_> = log
            .events
            .iter()
            .filter(|e| e.name == "access_token.saved")
            .collect();
        assert!(
            bound.len() == 1 && bound[0].jkt.is_some(),
            "{:#?}",
            log.events
        );
        let key = bound[0].jkt.clone();
        assert!(
            !log.api.is_empty()
                && log
                    .api
                    .iter()
                    .all(|c| c.verdict == "accepted" && c.scheme.as_deref() == Some("DPoP")),
            "every API call proved the key: {:#?}",
            log.api
        );

        // The token is worth nothing without the key: not with another key's proof, and not
        // as a bearer token.
        let token = h.last_access_token();
        let htu = format!("{}{PROFILE_PATH}", h.provider.issuer);
        let thief = DpopTestKey::generate().proof("GET", &htu, Some(&token), None);
        let authorization = format!("DPoP {token}");
        let stolen = raw_http::send(
            &h.provider.issuer,
            "GET",
            PROFILE_PATH,
            &[("Authorization", &authorization), ("DPoP", &thief)],
        );
        assert_eq!(stolen.status, 401, "{stolen:?}");
        assert_eq!(
            stolen.header("www-authenticate"),
            Some("DPoP error=\"invalid_token\"")
        );
        let bearer = raw_http::send(
            &h.provider.issuer,
            "GET",
            PROFILE_PATH,
            &[("Authorization", &format!("Bearer {token}"))],
        );
        assert_eq!(bearer.status, 401, "{bearer:?}");

        // A reload asks with prompt=none, which this provider lists, and signs in with a
        // new key.
        let before = log.requests.len();
        h.client.refresh().await.unwrap();
        h.wait_for("class-item").await;
        let log = h.provider.log();
        let after = log.requests_from(before);
        let hops = after.to("GET", AUTHORIZE_PATH);
        assert_eq!(hops.len(), 1, "{hops:#?}");
        assert_eq!(hops[0].prompt.as_deref(), Some("none"));
        let keys: Vec<_> = log
            .events
            .iter()
            .filter(|e| e.name == "access_token.saved")
            .map(|e| e.jkt.clone())
            .collect();
        assert_eq!(keys.len(), 2, "{keys:?}");
        assert_ne!(keys[1], key, "a reload makes a new key");
    }
);
