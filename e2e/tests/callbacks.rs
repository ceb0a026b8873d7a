//! Callbacks the app did not ask for, asked for twice, or cannot read one way only: no code
//! is ever exchanged for them, and each ends on a screen with a way forward.

use classlink_e2e::harness::display_name;
use classlink_e2e::in_every_browser;

/// A well-formed state (43 base64url characters) that this tab never issued.
const FOREIGN_STATE: &str = "sssssssssssssssssssssssssssssssssssssssssss";

in_every_browser!(malformed_callbacks_are_refused_without_an_exchange, |h| {
    let cases = [
        (
            "?code=a&code=b&state=sssssssssssssssssssssssssssssssssssssssssss",
            "incomplete or altered",
        ),
        ("?code=a&state=s1&state=s2", "incomplete or altered"),
        (
            "?code=&state=sssssssssssssssssssssssssssssssssssssssssss",
            "incomplete or altered",
        ),
        ("?code=a&state=", "incomplete or altered"),
        (
            "#code=a&state=sssssssssssssssssssssssssssssssssssssssssss",
            "incomplete or altered",
        ),
        ("?code=a&error=access_denied", "incomplete or altered"),
    ];
    for (query, expected) in cases {
        // A fresh load each time: a changed #fragment alone would not reload the page.
        h.goto("about:blank").await;
        h.open_callback(query).await;
        let message = h.text("error").await;
        assert!(
            message.contains(expected),
            "[{}] {query}: {message}",
            h.browser.name()
        );
        h.wait_for("retry").await;
        assert!(
            !h.current_url().await.contains("code="),
            "{query}: the address bar still holds the code"
        );
    }
    assert_eq!(h.token_requests(), 0);
});

in_every_browser!(
    unknown_and_expired_states_get_a_gentle_notice_not_an_exchange,
    |h| {
        h.open_callback(&format!("?code=abc&state={FOREIGN_STATE}"))
            .await;
        let notice = h.text("notice").await;
        assert!(
            notice.contains("already used or did not come from this page"),
            "{notice}"
        );
        h.wait_for("sign-in").await;

        // A sign-in this tab started eleven minutes ago.
        let old_state = "ooooooooooooooooooooooooooooooooooooooooooo";
        h.plant_pending_sign_in(old_state, 11 * 60 * 1000).await;
        h.open_callback(&format!("?code=abc&state={old_state}"))
            .await;
        let notice = h.text("notice").await;
        assert!(notice.contains("took too long"), "{notice}");
        assert_eq!(h.token_requests(), 0);
    }
);

in_every_browser!(a_mismatched_issuer_is_refused, |h| {
    h.open_app().await;
    h.wait_for("sign-in").await;
    let state = "iiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiii";
    h.plant_pending_sign_in(state, 0).await;
    h.open_callback(&format!(
        "?code=abc&state={state}&iss=https%3A%2F%2Fevil.example"
    ))
    .await;
    let message = h.text("error").await;
    assert!(message.contains("unexpected server"), "{message}");
    assert_eq!(h.token_requests(), 0);
});

in_every_browser!(a_replayed_callback_is_not_exchanged_twice, |h| {
    h.open_app().await;
    h.click("sign-in").await;
    h.wait_for_css("#allow").await;
    let authorize_url = h.current_url().await;
    let state = authorize_url
        .split(['?', '&'])
        .find_map(|pair| pair.strip_prefix("state="))
        .expect("the authorization request carries a state")
        .to_string();
    h.approve_as("reading.student").await;
    assert_eq!(
        h.text("profile-name").await,
        display_name("reading.student")
    );
    let code = h.sandbox.issued_tokens()[0].clone();

    // Reload of the original callback, the back button, a second init: same code and state.
    h.open_callback(&format!("?code={code}&state={state}"))
        .await;
    let notice = h.text("notice").await;
    assert!(notice.contains("already used"), "{notice}");
    assert_eq!(h.token_requests(), 1, "the code was exchanged exactly once");

    // The history holds no code: back goes to the provider's page, forward to the app.
    h.client.back().await.unwrap();
    let previous = h.current_url().await;
    assert!(
        !previous.contains(&code),
        "a history entry still holds the code: {previous}"
    );
});

in_every_browser!(
    another_tabs_state_fails_here_and_that_tab_still_signs_in,
    |h| {
        // Tab A starts a sign-in and stops at the provider.
        h.open_app().await;
        h.click("sign-in").await;
        h.wait_for_css("#allow").await;
        let tab_a = h.client.window().await.unwrap();
        let tab_a_authorize = h.current_url().await;

        // Tab B (its own sessionStorage) receives tab A's state.
        let tab_b = h.client.new_window(true).await.unwrap();
        h.client.switch_to_window(tab_b.handle).await.unwrap();
        h.goto(&tab_a_authorize).await;
        h.approve_as("mateo.alvarez").await;
        let notice = h.text("notice").await;
        assert!(notice.contains("did not come from this page"), "{notice}");
        assert_eq!(h.token_requests(), 0);

        // Tab A finishes its own flow.
        h.client.switch_to_window(tab_a).await.unwrap();
        h.approve_as("reading.student").await;
        assert_eq!(
            h.text("profile-name").await,
            display_name("reading.student")
        );
        assert_eq!(h.token_requests(), 1);
    }
);

in_every_browser!(
    a_launchpad_restart_that_comes_back_stateless_again_stops,
    |h| {
        h.open_callback("?code=launchpad-one").await;
        // The app dropped the code and went to the provider for a fresh sign-in.
        h.wait_for_css("#allow").await;
        // The provider answers without a state again: no loop, an explanation.
        h.open_callback("?code=launchpad-two").await;
        let message = h.text("error").await;
        assert!(message.contains("LaunchPad keeps coming back"), "{message}");
        h.wait_for("retry").await;
        assert_eq!(h.token_requests(), 0);
    }
);

/// Plants a pending sign-in for a fresh state in this tab, as if it had sent the
/// authorization request; returns the state and the `iss` its provider answers with.
async fn our_own_state(h: &classlink_e2e::Harness, n: usize) -> (String, String) {
    let state = format!("{n:0>43}");
    h.plant_pending_sign_in(&state, 0).await;
    let iss = h
        .sandbox
        .api_origin()
        .replace(':', "%3A")
        .replace('/', "%2F");
    (state, iss)
}

in_every_browser!(provider_errors_show_as_clipped_text_with_try_again, |h| {
    let long = "x".repeat(10_000);
    let cases = [
        ("error=invalid_scope".to_string(), "error: invalid_scope"),
        ("error=server_error&error_description=%3Cb%3Ebold%3C%2Fb%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E".to_string(), "error: server_error"),
        ("error=brand_new_error".to_string(), "error: brand_new_error"),
        (format!("error=temporarily_unavailable&error_description={long}"), "error: temporarily_unavailable"),
    ];
    h.open_app().await;
    h.wait_for("sign-in").await;
    for (n, (query, expected)) in cases.into_iter().enumerate() {
        // An answer to a sign-in this tab started: its state, its provider's iss.
        let (state, iss) = our_own_state(&h, n).await;
        h.open_callback(&format!("?{query}&state={state}&iss={iss}"))
            .await;
        let message = h.text("error").await;
        assert!(message.contains(expected), "{message}");
        h.wait_for("retry").await;
    }
    // The last description is there, as text, clipped.
    let detail = h.text("error-detail").await;
    assert!(
        detail.chars().count() <= 301,
        "description not clipped: {} chars",
        detail.chars().count()
    );
    let (state, iss) = our_own_state(&h, 9).await;
    h.open_callback(&format!(
        "?error=server_error&error_description=%3Cb%3Ebold%3C%2Fb%3E&state={state}&iss={iss}"
    ))
    .await;
    assert_eq!(h.text("error-detail").await, "<b>bold</b>");
    let elements = h
        .client
        .execute(
            "return document.querySelectorAll('main b, main script').length;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        elements,
        serde_json::json!(0),
        "provider text became markup"
    );
    assert_eq!(h.token_requests(), 0);
});

in_every_browser!(provider_words_are_shown_only_for_our_own_sign_in, |h| {
    const WORDS: &str = "Your account is locked, call 555-0100";
    let error = "error=temporarily_unavailable&error_description=Your%20account%20is%20locked%2C%20call%20555-0100";
    h.open_app().await;
    h.wait_for("sign-in").await;
    // No state, and a state this tab never issued: an answer nobody here asked for.
    for query in [
        format!("?{error}"),
        format!("?{error}&state={FOREIGN_STATE}"),
    ] {
        h.goto("about:blank").await;
        h.open_callback(&query).await;
        let notice = h.text("notice").await;
        assert!(
            notice.contains("did not come from this page"),
            "{query}: {notice}"
        );
        h.wait_for("sign-in").await;
        let page = h.eval("document.body.textContent").await;
        assert!(
            !page.as_str().unwrap_or_default().contains("locked"),
            "{query}: {page}"
        );
        assert!(!page
            .as_str()
            .unwrap_or_default()
            .contains("temporarily_unavailable"));
    }
    // Our own state, but an `iss` that is not the provider's: not the provider's words either.
    let (state, _) = our_own_state(&h, 1).await;
    h.open_callback(&format!(
        "?{error}&state={state}&iss=https%3A%2F%2Fevil.example"
    ))
    .await;
    let message = h.text("error").await;
    assert!(message.contains("unexpected server"), "{message}");
    assert_eq!(h.count("error-detail").await, 0);
    let page = h.eval("document.body.textContent").await;
    assert!(!page.as_str().unwrap_or_default().contains(WORDS));
    // The same answer to our own sign-in, from our provider: its words, as text.
    let (state, iss) = our_own_state(&h, 2).await;
    h.open_callback(&format!("?{error}&state={state}&iss={iss}"))
        .await;
    assert_eq!(h.text("error-detail").await, WORDS);
    h.assert_no_page_errors().await;
});
