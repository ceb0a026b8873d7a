//! Every time and size limit docs/security.md states, held as written, proved by what the
//! page says and how many requests it made (never by a stopwatch): a stalled or endless
//! answer ends in a message that names what did not come, and nothing of it is used.
//!
//! A deadline covers a request's DPoP nonce repeat too: two answers each held back for more
//! than half the deadline would both come within twice the deadline, and the page must give
//! up on the second instead (the token request: 20 s; an API attempt: 15 s).

use classlink_e2e::harness::{display_name, stall, Harness};
use classlink_e2e::in_every_browser;
use classlink_sandbox::{DpopFeatures, Fault, FaultKind, FaultTarget};

fn requests(h: &Harness, method: &str, path: &str) -> usize {
    h.sandbox
        .requests()
        .iter()
        .filter(|r| r.method == method && r.path == path)
        .count()
}

/// Waits longer than the app's longest deadline for an element.
async fn text_within(h: &Harness, testid: &str, seconds: u64) -> String {
    h.wait_for_within(testid, std::time::Duration::from_secs(seconds))
        .await
        .text()
        .await
        .unwrap()
}

in_every_browser!(
    the_token_request_and_its_nonce_repeat_share_one_deadline,
    |options| {
        options.dpop_features = DpopFeatures {
            enabled: true,
            token_nonce: true,
            ..DpopFeatures::default()
        };
    },
    |h| {
        // 12 s for the answer asking for a nonce, 12 s for the repeat: 24 s in all, past the
        // 20 s of the token request.
        h.sandbox.add_fault(stall(FaultTarget::Token, 12.0, 2));
        h.fresh_sign_in("reading.student").await;
        let message = text_within(&h, "error", 40).await;
        assert!(message.contains("took too long"), "{message}");
        assert_eq!(h.count("profile-name").await, 0);
        // The held-back repeat is answered (or dropped) after the page gave up; never a third.
        tokio::time::sleep(std::time::Duration::from_secs(6)).await;
        let sent = h.token_requests();
        assert!(
            (1..=2).contains(&sent),
            "the request and its one nonce repeat: {sent}"
        );
        h.assert_no_page_errors().await;
    }
);

in_every_browser!(
    an_api_attempt_and_its_nonce_repeat_share_one_deadline,
    |options| {
        options.dpop_features = DpopFeatures {
            enabled: true,
            api_nonce: true,
            ..DpopFeatures::default()
        };
    },
    |h| {
        // 9 s, then 9 s for the repeat with the nonce: past the 15 s of one API attempt,
        // which is not tried again after its deadline.
        h.sandbox.add_fault(stall(FaultTarget::Profile, 9.0, 2));
        h.fresh_sign_in("reading.student").await;
        let message = text_within(&h, "error", 30).await;
        assert!(message.contains("took too long"), "{message}");
        // Not tried again after its deadline: one attempt and its nonce repeat, never more.
        tokio::time::sleep(std::time::Duration::from_secs(5)).await;
        let sent = requests(&h, "GET", "/v2/my/info");
        assert!(
            (1..=2).contains(&sent),
            "one attempt and its nonce repeat: {sent}"
        );
        h.assert_no_page_errors().await;
    }
);

in_every_browser!(a_stalled_discovery_document_is_given_up_on, |h| {
    h.sandbox.add_fault(stall(FaultTarget::Discovery, 30.0, 1));
    h.open_app().await;
    let error = text_within(&h, "config-error", 30).await;
    assert!(error.contains("discovery document"), "{error}");
    assert!(error.contains("did not answer in time"), "{error}");
    // A failure that may pass: "Try again", and it works.
    h.click("retry").await;
    h.wait_for("sign-in").await;
});

// config.json, the first thing the page reads: an endless one is cut at its cap, a stalled one
// at its deadline; either way the page names it, and "Try again" works once it answers.
in_every_browser!(an_endless_or_stalled_config_json_is_given_up_on, |h| {
    h.sandbox.add_fault(Fault::times(
        FaultTarget::ConfigJson,
        FaultKind::EndlessBody,
        1,
    ));
    h.open_app().await;
    let error = text_within(&h, "config-error", 30).await;
    assert!(
        error.contains("config.json is larger than 64 KB"),
        "{error}"
    );
    assert_eq!(h.count("sign-in").await, 0, "nothing of it was used");

    h.goto("about:blank").await;
    h.sandbox.add_fault(stall(FaultTarget::ConfigJson, 40.0, 1));
    h.open_app().await;
    let error = text_within(&h, "config-error", 45).await;
    assert!(error.contains("config.json"), "{error}");
    assert!(error.contains("did not answer in time"), "{error}");
    h.click("retry").await;
    h.wait_for("sign-in").await;
    h.assert_no_page_errors().await;
});

in_every_browser!(stalled_signing_keys_are_given_up_on, |h| {
    h.sandbox.add_fault(stall(FaultTarget::Jwks, 30.0, 1));
    h.fresh_sign_in("reading.student").await;
    let message = text_within(&h, "error", 30).await;
    assert!(message.contains("signing keys"), "{message}");
    assert_eq!(
        h.count("profile-name").await,
        0,
        "the sign-in's tokens were not used"
    );
    assert_eq!(requests(&h, "GET", "/v2/my/info"), 0);
});

in_every_browser!(a_stalled_probe_is_told_as_no_answer_in_time, |h| {
    h.sandbox.add_fault(stall(FaultTarget::Token, 30.0, 1));
    h.goto(&format!("{}?check", h.app_url)).await;
    let line = h
        .wait_for_within("check-token", std::time::Duration::from_secs(30))
        .await;
    assert_eq!(
        line.attr("data-verdict").await.unwrap().as_deref(),
        Some("failed")
    );
    let text = line.text().await.unwrap();
    assert!(text.contains("did not answer in time"), "{text}");
});

// An endless body on each target: the page does not wait for it forever, says which
// document did not come, and uses none of it.
in_every_browser!(an_endless_answer_ends_in_a_message_on_every_target, |h| {
    let endless = |target| Fault::times(target, FaultKind::EndlessBody, 1);
    // Each case asks the provider afresh: a key set the browser kept from an earlier case
    // would spare the keys' case its request.
    h.sandbox.set_documents_kept(false);

    // The provider's discovery document: the configuration page names it.
    h.sandbox.add_fault(endless(FaultTarget::Discovery));
    h.open_app().await;
    let error = text_within(&h, "config-error", 30).await;
    assert!(error.contains("discovery document"), "{error}");

    // The token answer: no session from it.
    h.sandbox.add_fault(endless(FaultTarget::Token));
    h.fresh_sign_in("reading.student").await;
    let message = text_within(&h, "error", 40).await;
    assert!(message.contains("sign-in server"), "{message}");
    assert_eq!(h.count("profile-name").await, 0);

    // The signing keys: the id_token is not believed, so nothing of the sign-in is used.
    h.sandbox.add_fault(endless(FaultTarget::Jwks));
    h.fresh_sign_in("reading.student").await;
    let message = text_within(&h, "error", 30).await;
    assert!(message.contains("signing keys"), "{message}");
    assert_eq!(h.count("profile-name").await, 0);

    // The classes: their panel says so, the profile stays.
    h.sandbox.add_fault(endless(FaultTarget::Classes));
    h.fresh_sign_in("reading.student").await;
    let message = text_within(&h, "error", 30).await;
    assert!(message.contains("ClassLink"), "{message}");
    assert_eq!(
        h.text("profile-name").await,
        display_name("reading.student")
    );
    assert_eq!(h.count("class-item").await, 0);

    // A class's teachers: that card has no teacher line, and no error wall.
    h.sandbox
        .add_fault(Fault::always(FaultTarget::Teachers, FaultKind::EndlessBody));
    h.fresh_sign_in("reading.student").await;
    h.wait_for("class-item").await;
    tokio::time::sleep(std::time::Duration::from_secs(17)).await;
    assert_eq!(h.count("class-teachers").await, 0);
    assert_eq!(h.count("error").await, 0);
    h.sandbox.clear_faults();

    h.assert_no_page_errors().await;
});
