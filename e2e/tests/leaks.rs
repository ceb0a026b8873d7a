//! After signing in, the access token and the code are nowhere a page can leave them:
//! storage, cookies, the address bar, the history, the Referer sent to the APIs, or the
//! console. And the Content-Security-Policy holds for the whole journey.

use classlink_e2e::harness::display_name;
use classlink_e2e::in_every_browser;
use classlink_e2e::Browser;
use serde_json::json;

/// Console lines in which Chromium reports a CSP violation.
fn csp_violations(log: &str) -> Vec<&str> {
    log.lines()
        .filter(|line| {
            line.contains("Content Security Policy") || line.contains("Content-Security-Policy")
        })
        .collect()
}

in_every_browser!(no_token_or_code_is_left_anywhere, |h| {
    h.open_app().await;
    h.sign_in_as("reading.student").await;
    assert_eq!(
        h.text("profile-name").await,
        display_name("reading.student")
    );
    h.wait_for("class-item").await;
    let secrets = h.sandbox.issued_tokens();
    assert_eq!(secrets.len(), 2, "one code and one token");

    // Storage, cookies, address bar.
    let state = h.browser_state().await;
    for secret in &secrets {
        assert!(
            !state.contains(secret),
            "[{}] leaked into {state:?}",
            h.browser.name()
        );
    }

    // Referer: none at all is sent to the API hosts.
    for request in h.sandbox.requests() {
        assert_eq!(
            request.referer, None,
            "a Referer went to {} {}",
            request.method, request.path
        );
    }

    // The console: the capture works (a canary shows up), and no secret is in it.
    h.client
        .execute(
            "console.log('console-capture-canary'); return true;",
            vec![],
        )
        .await
        .unwrap();
    h.wait_until("the canary to be logged", "true").await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let log = h.console_log();
    assert!(
        log.contains("console-capture-canary"),
        "console capture is not working"
    );
    for secret in &secrets {
        let lines: Vec<&str> = log
            .lines()
            .filter(|line| line.contains(secret.as_str()))
            .collect();
        assert!(
            lines.is_empty(),
            "[{}] a secret reached the console: {lines:#?}",
            h.browser.name()
        );
    }

    // History: the entries before and after hold no code.
    h.client.back().await.unwrap();
    let back = h.current_url().await;
    h.client.forward().await.unwrap();
    let forward = h.current_url().await;
    for secret in &secrets {
        assert!(
            !back.contains(secret) && !forward.contains(secret),
            "history: {back} / {forward}"
        );
    }
});

in_every_browser!(
    the_content_security_policy_holds_for_the_whole_journey,
    |h| {
        h.open_app().await;
        h.sign_in_as("reading.student").await;
        h.wait_for("class-item").await;

        // Both policies are in force: the static one and the one naming the configured endpoints.
        let policies = h
        .client
        .execute(
            "return Array.from(document.querySelectorAll('meta[http-equiv=\"Content-Security-Policy\"]')).map(m => m.content);",
            vec![],
        )
        .await
        .unwrap();
        let policies: Vec<String> = serde_json::from_value(policies).unwrap();
        assert_eq!(policies.len(), 2, "{policies:?}");
        assert!(!policies[0].contains("unsafe-inline") && !policies[0].contains("'unsafe-eval'"));
        assert_eq!(
            policies[1],
            format!(
                "connect-src {origin}; img-src 'self' https: {origin}",
                origin = h.sandbox.api_origin()
            )
        );

        if h.browser == Browser::Chrome {
            // Chromium reports violations to the console, which the harness captures.
            let log = h.console_log();
            assert_eq!(
                csp_violations(&log),
                Vec::<&str>::new(),
                "CSP violations during the journey"
            );
        }

        // A connection to any other origin is refused (and reported, which proves the check above
        // would see a violation).
        let refused = h
        .client
        .execute_async(
            "const done = arguments[0]; let seen = false; \
             document.addEventListener('securitypolicyviolation', () => { seen = true; }); \
             fetch('http://127.0.0.1:9/').then(() => done('connected'), () => setTimeout(() => done(seen ? 'refused+reported' : 'refused'), 200));",
            vec![],
        )
        .await
        .unwrap();
        assert_eq!(refused, json!("refused+reported"));
        if h.browser == Browser::Chrome {
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            assert!(
                !csp_violations(&h.console_log()).is_empty(),
                "the deliberate violation was not captured"
            );
        }
    }
);
