//! A session that lasts as long as the student needs and ends everywhere at once, with no
//! token ever stored: reload → signed in again by one hop; `prompt=none` refusals land
//! quietly; the expiry notice and "Stay signed in"; refresh tokens used before expiry,
//! rotated, and a reused one handled; sign-out in every tab, with revocation and end-session.

use std::time::Duration;

use classlink_e2e::harness::{display_name, Harness};
use classlink_e2e::in_every_browser;
use classlink_sandbox::{
    Fault, FaultKind, FaultTarget, RefreshOutcome, RevokedKind, SessionFeatures,
};

/// ClassLink as it is: its session outlives the tab, and it advertises nothing else.
fn classlink_like() -> SessionFeatures {
    SessionFeatures {
        sso: true,
        ..SessionFeatures::default()
    }
}

fn authorize_requests(h: &Harness) -> usize {
    h.sandbox
        .requests()
        .iter()
        .filter(|r| r.method == "GET" && r.path == "/oauth2/v2/auth")
        .count()
}

/// Signs in as reading.student and waits for the profile.
async fn signed_in(h: &Harness) {
    h.open_app().await;
    h.sign_in_as("reading.student").await;
    assert_eq!(
        h.text("profile-name").await,
        display_name("reading.student")
    );
}

in_every_browser!(
    a_reload_signs_the_student_back_in_with_no_click_and_no_token_stored,
    |options| {
        options.session_features = classlink_like();
    },
    |h| {
        signed_in(&h).await;
        h.wait_for("class-item").await;
        let state = h.browser_state().await;
        assert!(
            state.session_storage.contains("classlink-portal.signed-in")
                && state.session_storage.contains("until"),
            "the tab keeps its mark: {}",
            state.session_storage
        );
        h.sandbox.clear_requests();
        h.client.refresh().await.unwrap();
        // No click: the page goes to the provider by itself and comes back.
        h.wait_for("class-item").await;
        assert_eq!(
            h.text("profile-name").await,
            display_name("reading.student")
        );
        assert_eq!(authorize_requests(&h), 1, "one hop");
        assert_eq!(h.token_requests(), 1, "one new code, exchanged once");
        let state = h.browser_state().await;
        for secret in h.sandbox.issued_tokens() {
            assert!(!state.contains(&secret), "a secret was stored: {state:?}");
        }
        assert!(
            !state.session_storage.contains("pending"),
            "the resumed sign-in's record was used up: {}",
            state.session_storage
        );
    }
);

in_every_browser!(
    an_ended_provider_session_lands_on_the_sign_in_screen_with_no_error_and_no_loop,
    |options| {
        options.session_features = SessionFeatures {
            sso: true,
            prompt_none: true,
            ..SessionFeatures::default()
        };
    },
    |h| {
        signed_in(&h).await;
        // The provider's own session ended (signed out elsewhere, or timed out there).
        h.sandbox.end_idp_sessions();
        h.sandbox.clear_requests();
        h.client.refresh().await.unwrap();
        h.wait_for("sign-in").await;
        assert_eq!(h.count("notice").await, 0, "login_required is not an error");
        assert_eq!(h.count("error").await, 0);
        assert_eq!(authorize_requests(&h), 1, "prompt=none, once");
        assert_eq!(h.token_requests(), 0);
        // The mark was used up: another reload stays on the sign-in screen, no hop.
        h.client.refresh().await.unwrap();
        h.wait_for("sign-in").await;
        assert_eq!(authorize_requests(&h), 1, "no second hop");
    }
);

in_every_browser!(
    every_answer_that_needs_the_student_is_quiet,
    |options| {
        options.session_features = SessionFeatures {
            sso: true,
            prompt_none: true,
            ..SessionFeatures::default()
        };
    },
    |h| {
        signed_in(&h).await;
        for error in ["interaction_required", "consent_required", "login_required"] {
            h.sandbox.add_fault(Fault::times(
                FaultTarget::Authorize,
                FaultKind::SilentRefused {
                    error: error.into(),
                },
                1,
            ));
            h.client.refresh().await.unwrap();
            h.wait_for("sign-in").await;
            assert_eq!(h.count("notice").await, 0, "{error}");
            // The provider's session is alive (the refusal was the switch): a click goes
            // through it with no page.
            h.click("sign-in").await;
            h.wait_for("profile-name").await;
        }
    }
);

in_every_browser!(
    a_resume_the_provider_refuses_leaves_a_note_on_the_sign_in_screen,
    |options| {
        // No provider session and no prompt=none: the hop meets the sign-in page.
        options.session_features = SessionFeatures::default();
    },
    |h| {
        signed_in(&h).await;
        h.client.refresh().await.unwrap();
        h.click_css("#deny").await;
        let notice = h.text("notice").await;
        assert!(notice.contains("could not sign you back in"), "{notice}");
        assert_eq!(h.count("sign-in").await, 1);
    }
);

in_every_browser!(
    the_expiry_notice_appears_and_stay_signed_in_keeps_the_student_in,
    |options| {
        options.session_features = classlink_like();
        // Used for 10 s, the notice at 5 s.
        options.token_lifetime = Some(Duration::from_secs(20));
    },
    |h| {
        signed_in(&h).await;
        let notice = h
            .wait_for_within("expiry-notice", Duration::from_secs(30))
            .await;
        assert!(notice
            .text()
            .await
            .unwrap()
            .contains("signed out in a few minutes"));
        h.wait_until(
            "the notice is announced",
            "document.querySelector('[data-testid=announcer]').textContent.includes('signed out in a few minutes')",
        )
        .await;
        // Not modal: the page behind it still works.
        assert_eq!(h.count("sign-out").await, 1);
        h.sandbox.clear_requests();
        h.click("stay-signed-in").await;
        h.wait_for("class-item").await;
        assert_eq!(
            h.text("profile-name").await,
            display_name("reading.student")
        );
        assert_eq!(h.token_requests(), 1, "a new token through one hop");
        assert_eq!(h.count("notice").await, 0, "never signed out");
    }
);

in_every_browser!(
    refresh_tokens_are_used_before_expiry_and_rotated,
    |options| {
        options.session_features = SessionFeatures {
            refresh_tokens: true,
            ..SessionFeatures::default()
        };
        options.token_lifetime = Some(Duration::from_secs(20));
    },
    |h| {
        signed_in(&h).await;
        // The first token stops being used at 10 s; each refresh comes 2.5 s before that.
        h.wait_for_refreshes(2, Duration::from_secs(60)).await;
        let grants = h.sandbox.refresh_grants();
        assert!(
            grants.iter().all(|g| g.outcome == RefreshOutcome::Rotated),
            "each refresh used the newest token: {grants:?}"
        );
        assert_ne!(grants[0].presented, grants[1].presented, "rotated");
        assert_eq!(h.count("profile-name").await, 1, "still signed in");
        assert_eq!(h.count("notice").await, 0);
        assert_eq!(
            h.count("expiry-notice").await,
            0,
            "no notice when a refresh works"
        );
        let state = h.browser_state().await;
        for secret in h.sandbox.issued_tokens() {
            assert!(!state.contains(&secret), "a secret was stored: {state:?}");
        }
    }
);

in_every_browser!(
    a_refused_refresh_token_is_never_retried_and_the_notice_offers_a_new_sign_in,
    |options| {
        options.session_features = SessionFeatures {
            sso: true,
            refresh_tokens: true,
            ..SessionFeatures::default()
        };
        options.token_lifetime = Some(Duration::from_secs(20));
    },
    |h| {
        // The sandbox answers the first refresh as a detected reuse: the family is revoked.
        h.sandbox.add_fault(Fault::times(
            FaultTarget::Token,
            FaultKind::RefreshReused,
            1,
        ));
        signed_in(&h).await;
        h.wait_for_within("expiry-notice", Duration::from_secs(30))
            .await;
        let grants = h.sandbox.refresh_grants();
        assert_eq!(
            grants.len(),
            1,
            "the refused token is not sent again: {grants:?}"
        );
        assert_eq!(grants[0].outcome, RefreshOutcome::Reused);
        h.sandbox.clear_requests();
        h.click("stay-signed-in").await;
        h.wait_for("class-item").await;
        assert_eq!(h.token_requests(), 1, "a fresh sign-in, by one hop");
        assert_eq!(h.sandbox.refresh_grants().len(), 1);
    }
);

in_every_browser!(
    a_401_is_answered_with_one_refresh_and_the_call_again,
    |options| {
        options.session_features = SessionFeatures {
            refresh_tokens: true,
            ..SessionFeatures::default()
        };
    },
    |h| {
        h.sandbox.add_fault(Fault::times(
            FaultTarget::Profile,
            FaultKind::Status {
                status: 401,
                retry_after: None,
            },
            1,
        ));
        signed_in(&h).await;
        let grants = h.sandbox.refresh_grants();
        assert_eq!(grants.len(), 1, "{grants:?}");
        assert_eq!(grants[0].outcome, RefreshOutcome::Rotated);
        h.wait_for("class-item").await;
        assert_eq!(h.count("notice").await, 0);
    }
);

in_every_browser!(
    two_401s_at_once_share_one_refresh,
    |options| {
        options.session_features = SessionFeatures {
            refresh_tokens: true,
            ..SessionFeatures::default()
        };
    },
    |h| {
        // The profile and the classes are asked for together, and both are refused: the
        // second caller waits for the first one's refresh instead of sending the same token.
        for target in [FaultTarget::Profile, FaultTarget::Classes] {
            h.sandbox.add_fault(Fault::times(
                target,
                FaultKind::Status {
                    status: 401,
                    retry_after: None,
                },
                1,
            ));
        }
        signed_in(&h).await;
        h.wait_for("class-item").await;
        let grants = h.sandbox.refresh_grants();
        assert_eq!(grants.len(), 1, "one refresh for both: {grants:?}");
        assert_eq!(grants[0].outcome, RefreshOutcome::Rotated);
        assert_eq!(h.count("notice").await, 0);
    }
);

in_every_browser!(
    signing_out_in_one_of_two_tabs_signs_out_both,
    |options| {
        options.session_features = classlink_like();
    },
    |h| {
        signed_in(&h).await;
        let first = h.current_tab().await;
        let second = h.open_tab().await;
        h.switch_to(&second).await;
        h.open_app().await;
        // A new tab has no mark; its sign-in goes through the provider's session, no page.
        h.click("sign-in").await;
        h.wait_for("profile-name").await;
        h.click("sign-out").await;
        assert!(h.text("notice").await.contains("You have signed out"));
        h.switch_to(&first).await;
        let notice = h.text("notice").await;
        assert!(notice.contains("You have signed out"), "{notice}");
        assert_eq!(h.count("profile-name").await, 0);
        // Its mark is gone too: a reload stays signed out.
        h.sandbox.clear_requests();
        h.client.refresh().await.unwrap();
        h.wait_for("sign-in").await;
        assert_eq!(authorize_requests(&h), 0);
    }
);

in_every_browser!(
    sign_out_revokes_the_tokens_and_ends_the_provider_session,
    |options| {
        options.session_features = SessionFeatures::all();
    },
    |h| {
        signed_in(&h).await;
        h.wait_for("class-item").await;
        h.click("sign-out").await;
        // Off to the provider's end-session endpoint and back, with the state checked.
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        while h.sandbox.end_session_requests().is_empty() {
            assert!(
                tokio::time::Instant::now() < deadline,
                "no end-session request"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        h.wait_for("sign-in").await;
        let notice = h.text("notice").await;
        assert!(notice.contains("You have signed out"), "{notice}");
        assert!(
            !h.current_url().await.contains("state="),
            "the state is removed from the address bar"
        );

        let revocations = h.sandbox.revocations();
        let mut hints: Vec<_> = revocations
            .iter()
            .map(|r| r.token_type_hint.clone().unwrap_or_default())
            .collect();
        hints.sort();
        assert_eq!(hints, ["access_token", "refresh_token"], "{revocations:?}");
        assert!(revocations.iter().all(|r| r.client_id.is_some()));
        assert!(
            revocations.iter().any(|r| r.kind == RevokedKind::Refresh),
            "{revocations:?}"
        );

        let ended = h.sandbox.end_session_requests();
        assert_eq!(ended.len(), 1, "{ended:?}");
        let ended = &ended[0];
        assert!(ended.accepted && ended.id_token_hint_valid, "{ended:?}");
        assert!(ended.id_token_hint_sub.is_some());
        assert_eq!(
            ended.post_logout_redirect_uri.as_deref(),
            Some(h.app_url.as_str())
        );
        assert!(ended.state.as_ref().is_some_and(|s| s.len() == 43));

        // Signed out at the provider too: a reload shows the sign-in screen, no hop, and the
        // next sign-in meets the provider's sign-in page again.
        h.sandbox.clear_requests();
        h.client.refresh().await.unwrap();
        h.wait_for("sign-in").await;
        assert_eq!(authorize_requests(&h), 0);
        h.click("sign-in").await;
        h.wait_for_css("#allow").await;
    }
);

in_every_browser!(a_returning_state_that_is_not_ours_is_refused, |h| {
    h.open_callback(&format!("?state={}", "A".repeat(43))).await;
    h.wait_for("error").await;
    assert_eq!(h.count("profile-name").await, 0);
});
