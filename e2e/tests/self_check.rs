//! The deployment self-check (`?check`), against the sandbox switched to each way ClassLink
//! can refuse an app from a district's origin: each line's verdict, in both browsers. The
//! check never signs anyone in and never sends a real credential.

use std::time::Duration;

use classlink_e2e::harness::Harness;
use classlink_e2e::in_every_browser;
use classlink_sandbox::{AppConfig, Fault, FaultKind, FaultTarget};
use serde_json::{json, Map};

const LINES: [&str; 7] = [
    "config",
    "discovery",
    "redirect-uri",
    "token",
    "profile",
    "classes",
    "host",
];

/// Opens `?check` and waits for every line; returns each line's verdict, in `LINES` order.
async fn run_check(h: &Harness) -> Vec<String> {
    h.open_self_check().await;
    let mut verdicts = Vec::new();
    for id in LINES {
        let line = h
            .wait_for_within(&format!("check-{id}"), Duration::from_secs(5))
            .await;
        verdicts.push(line.attr("data-verdict").await.unwrap().unwrap_or_default());
    }
    verdicts
}

async fn line_text(h: &Harness, id: &str) -> String {
    h.text(&format!("check-{id}")).await
}

in_every_browser!(
    the_self_check_passes_against_a_sandbox_that_accepts_the_app,
    |h| {
        let verdicts = run_check(&h).await;
        assert_eq!(
            &verdicts[..6],
            ["passed", "passed", "unknown", "passed", "passed", "passed"],
            "config, discovery, redirect URI (cannot be known from here), token, profile, classes"
        );
        let config = line_text(&h, "config").await;
        assert!(config.contains("client_id: demo-portal"), "{config}");
        let redirect = line_text(&h, "redirect-uri").await;
        assert!(redirect.contains(&h.app_url), "{redirect}");
        let token = line_text(&h, "token").await;
        assert!(
            token.contains("asks for no client secret") && token.contains("invalid_grant"),
            "{token}"
        );

        // No real credential: the made-up code was refused, and nothing was issued.
        assert!(h.sandbox.issued_tokens().is_empty());
        assert_eq!(h.count("profile-name").await, 0);
        // The plain-text report says the same.
        let report = h
            .eval("document.querySelector(\"[data-testid='check-report']\").textContent")
            .await;
        let report = report.as_str().unwrap_or_default();
        assert!(report.starts_with("Deployment self-check"), "{report}");
        assert!(report.contains("[passed] Token endpoint"), "{report}");
    }
);

in_every_browser!(a_registration_that_wants_a_secret_is_named, |h| {
    h.sandbox
        .add_fault(Fault::always(FaultTarget::Token, FaultKind::SecretRequired));
    let verdicts = run_check(&h).await;
    assert_eq!(verdicts[3], "failed");
    let token = line_text(&h, "token").await;
    assert!(token.contains("requires a client secret"), "{token}");
    assert!(token.contains("invalid_client"), "{token}");
    // The way out: the companion, and where the deployment guide describes it.
    assert!(
        token.contains("deploy the companion")
            && token.contains("\"When ClassLink wants a secret: the companion\""),
        "{token}"
    );
});

in_every_browser!(
    a_token_endpoint_without_cors_is_told_from_a_dead_host,
    |h| {
        h.sandbox
            .add_fault(Fault::always(FaultTarget::Token, FaultKind::NoCors));
        let verdicts = run_check(&h).await;
        assert_eq!(verdicts[3], "failed");
        let token = line_text(&h, "token").await;
        assert!(
            token.contains("refuses requests from this page's address (CORS)"),
            "{token}"
        );
        assert!(
            token.contains("deploy the companion") && token.contains("DEPLOY.md"),
            "{token}"
        );
    }
);

in_every_browser!(
    an_api_without_cors_and_an_unreachable_one_are_each_named,
    |options| {
        // The classes at a port nothing listens on: unreachable, not CORS.
        let mut config = Map::new();
        config.insert(
            "classes_endpoint".into(),
            json!("http://127.0.0.1:9/v2/oneroster/my/classes"),
        );
        config.insert("teachers_endpoint".into(), json!(false));
        if let Some(serve) = options.serve_app.as_mut() {
            serve.config = AppConfig::GeneratedWith(config);
        }
    },
    |h| {
        h.sandbox
            .add_fault(Fault::always(FaultTarget::Profile, FaultKind::NoCors));
        let verdicts = run_check(&h).await;
        assert_eq!(verdicts[4], "failed");
        assert_eq!(verdicts[5], "failed");
        let profile = line_text(&h, "profile").await;
        assert!(profile.contains("(CORS)"), "{profile}");
        assert!(
            profile.contains("companion's pass-through")
                && profile.contains("COMPANION_API_PREFIXES"),
            "{profile}"
        );
        let classes = line_text(&h, "classes").await;
        assert!(classes.contains("could not be reached"), "{classes}");
    }
);

in_every_browser!(discovery_naming_another_issuer_fails_its_line, |h| {
    h.sandbox.add_fault(Fault::always(
        FaultTarget::Discovery,
        FaultKind::OtherIssuer,
    ));
    let verdicts = run_check(&h).await;
    assert_eq!(verdicts[1], "failed");
    assert_eq!(verdicts[3], "unknown", "no token endpoint to probe");
    let discovery = line_text(&h, "discovery").await;
    assert!(discovery.contains("names the issuer"), "{discovery}");
});

in_every_browser!(
    the_configuration_error_page_links_to_the_check,
    |options| {
        if let Some(serve) = options.serve_app.as_mut() {
            serve.config = AppConfig::Verbatim(r#"{ "scope": "openid" }"#.into());
        }
    },
    |h| {
        h.open_app().await;
        h.wait_for("config-error").await;
        h.click("check-link").await;
        h.wait_until(
            "every check has answered",
            "(document.querySelector(\"[data-testid='self-check']\") || {getAttribute: () => ''}).getAttribute('aria-busy') === 'false'",
        )
        .await;
        let config = line_text(&h, "config").await;
        assert!(config.contains("client_id"), "names the key: {config}");
        let line = h.wait_for("check-config").await;
        assert_eq!(
            line.attr("data-verdict").await.unwrap().as_deref(),
            Some("failed")
        );
    }
);

in_every_browser!(the_self_check_speaks_spanish_too, |h| {
    run_check(&h).await;
    let switcher = h.wait_for("language-switcher").await;
    switcher
        .select_by_value("es")
        .await
        .expect("choosing Spanish");
    h.wait_until(
        "Spanish",
        "document.documentElement.lang === 'es' && document.querySelector('h1').textContent === 'Autocomprobación de la instalación'",
    )
    .await;
    let token = line_text(&h, "token").await;
    assert!(token.starts_with("correcto"), "{token}");
    assert!(token.contains("no pide un secreto de cliente"), "{token}");
});

in_every_browser!(
    without_end_session_the_self_check_advises_logout_url_for_shared_devices,
    |options| {
        // ClassLink as it is: no end-session, and config.json without logout_url.
        options.session_features = classlink_sandbox::SessionFeatures::default();
    },
    |h| {
        run_check(&h).await;
        let line = h.wait_for("check-sign-out").await;
        assert_eq!(
            line.attr("data-verdict").await.unwrap().as_deref(),
            Some("unknown"),
            "advice, not a failure: only the district knows whether devices are shared"
        );
        let text = line_text(&h, "sign-out").await;
        assert!(text.contains("logout_url"), "{text}");
        assert!(text.contains("next student"), "{text}");
        // With end-session, the provider's session ends with the app's.
        h.sandbox
            .set_session_features(classlink_sandbox::SessionFeatures::all());
        run_check(&h).await;
        let line = h.wait_for("check-sign-out").await;
        assert_eq!(
            line.attr("data-verdict").await.unwrap().as_deref(),
            Some("passed")
        );
    }
);
