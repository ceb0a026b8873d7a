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

    // The console: the capture works (a canary shows up), and no secret is in it. (WebKit's
    // driver has no console log: there, what the page wrote is checked, not the browser's own.)
    h.client
        .execute(
            "console.log('console-capture-canary'); return true;",
            vec![],
        )
        .await
        .unwrap();
    h.wait_until("the canary to be logged", "true").await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let log = h.console_output().await;
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

        // Both policies are in force: the static one and the one naming each endpoint in use.
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
                "connect-src {origin}/oauth2/v2/token {origin}/oauth2/v2/jwks {origin}/v2/my/info \
                 {origin}/v2/oneroster/my/classes {origin}/v2/oneroster/my/classes/; \
                 img-src 'self' https: {origin}",
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
        // So is another path on the API's own origin: the policy names endpoints, not hosts.
        let same_origin = h
            .client
            .execute_async(
                &format!(
                    "const done = arguments[0]; \
                     fetch('{}/v2/my/profileinfo').then(() => done('connected'), () => done('refused'));",
                    h.sandbox.api_origin()
                ),
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(same_origin, json!("refused"));
        if h.browser == Browser::Chrome {
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            assert!(
                !csp_violations(&h.console_log()).is_empty(),
                "the deliberate violation was not captured"
            );
        }
    }
);

/// A copy of dist/ whose wasm carries an extra custom section: still a valid module that
/// would run, so only Subresource Integrity can refuse it. `strip_integrity` also removes
/// the integrity from the loader, as the control that proves the tampering is harmless.
fn tampered_dist(strip_integrity: bool) -> std::path::PathBuf {
    let source = classlink_e2e::harness::dist_dir();
    let target = std::env::temp_dir().join(format!(
        "classlink-e2e-tampered-{strip_integrity}-{}",
        std::process::id()
    ));
    std::fs::create_dir_all(&target).unwrap();
    for entry in std::fs::read_dir(&source).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            continue; // check/, the self-check: not part of this page
        }
        let mut bytes = std::fs::read(&path).unwrap();
        if path.extension().is_some_and(|e| e == "wasm") {
            // Custom section (id 0), 3 bytes: name "x" (length 1), content "y".
            bytes.extend_from_slice(&[0x00, 0x03, 0x01, b'x', b'y']);
        }
        if strip_integrity && path.file_name().is_some_and(|n| n == "index.html") {
            let html = String::from_utf8(bytes).unwrap();
            let start = html.find("fetch('./").unwrap();
            let end = start + html[start..].find(" })").unwrap() + 3;
            let wasm = &html[start + "fetch(".len()..start + html[start..].find("',").unwrap() + 1];
            let stripped = format!("{}{}{}", &html[..start], wasm, &html[end..]);
            // The loader's CSP hash no longer matches: drop the static policy for the control.
            // (The release build's markup is minified: attributes in any order, unquoted.)
            let csp_start = stripped
                .match_indices("<meta ")
                .map(|(at, _)| at)
                .find(|&at| {
                    let tag = &stripped[at..at + stripped[at..].find('>').unwrap()];
                    tag.contains("http-equiv=Content-Security-Policy")
                        || tag.contains("http-equiv=\"Content-Security-Policy\"")
                })
                .expect("the static policy's meta tag");
            let csp_end = csp_start + stripped[csp_start..].find('>').unwrap() + 1;
            bytes = format!("{}{}", &stripped[..csp_start], &stripped[csp_end..]).into_bytes();
        }
        std::fs::write(target.join(path.file_name().unwrap()), bytes).unwrap();
    }
    target
}

in_every_browser!(
    a_tampered_wasm_is_refused_by_subresource_integrity,
    |options| {
        if let Some(app) = options.serve_app.as_mut() {
            app.dir = tampered_dist(false);
        }
    },
    |h| {
        h.open_app().await;
        // Not a blank page: the start-failure message shows at once (e2e/tests/boot.rs), and
        // it shows only once the loader has given up.
        h.wait_until(
            "the start-failure message",
            "document.getElementById('start-failure')",
        )
        .await;
        assert_eq!(
            h.count("sign-in").await,
            0,
            "[{}] the tampered app ran",
            h.browser.name()
        );
        assert_eq!(h.count("loading").await, 0);
    }
);

in_every_browser!(
    the_same_tampered_wasm_runs_without_integrity_so_the_check_above_means_something,
    |options| {
        if let Some(app) = options.serve_app.as_mut() {
            app.dir = tampered_dist(true);
        }
    },
    |h| {
        h.open_app().await;
        h.wait_for("sign-in").await;
        assert_eq!(
            h.count("boot-fallback").await,
            0,
            "the app removes the fallback"
        );
    }
);
