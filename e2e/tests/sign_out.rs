//! Sign-out ends everything this browser holds: every tab revokes the tokens of its own
//! sign-in as it hears the news, a refresh in flight has what it brings revoked when it lands,
//! and the revocations go with `keepalive`, so the page leaving for the provider's end-session
//! endpoint (which it does first) cannot cancel them. The sandbox's revocation record, and the
//! API refusing every token it ever issued, prove it. And on a shared laptop with a provider
//! that cannot end its own session from here (ClassLink), the signed-out screen says so.

use std::time::Duration;

use classlink_e2e::a11y::axe_violations;
use classlink_e2e::harness::{stall, status, Harness, WAIT};
use classlink_e2e::{in_every_browser, raw_http};
use classlink_sandbox::{AppConfig, FaultTarget, RevokedKind, SessionFeatures};
use serde_json::{json, Map};

/// Refresh tokens and revocation, and ClassLink's long provider session; no end-session, so
/// the page stays after signing out.
fn refresh_and_revocation() -> SessionFeatures {
    SessionFeatures {
        sso: true,
        refresh_tokens: true,
        revocation: true,
        ..SessionFeatures::default()
    }
}

/// From the sign-in screen to the provider and back as Reading Student.
async fn sign_in(h: &Harness) {
    h.click("sign-in").await;
    let landed = h.wait_for_css("#allow, [data-testid='profile-name']").await;
    if landed.attr("id").await.unwrap().as_deref() == Some("allow") {
        h.approve_as("reading.student").await;
    }
    h.wait_for("profile-name").await;
}

/// Waits until the sandbox has recorded `count` revocations.
async fn wait_for_revocations(h: &Harness, count: usize) {
    h.wait_for_count("revocations", count, WAIT, || h.sandbox.revocations().len())
        .await;
}

fn kinds(h: &Harness, kind: RevokedKind) -> usize {
    h.sandbox
        .revocations()
        .iter()
        .filter(|r| r.kind == kind)
        .count()
}

/// Every access token the sandbox ever issued (and every other secret it handed out) is
/// refused by the profile API now.
fn nothing_issued_still_works(h: &Harness) {
    h.sandbox.clear_faults();
    let origin = h.sandbox.api_origin();
    for secret in h.sandbox.issued_tokens() {
        let bearer = format!("Bearer {secret}");
        let answer = raw_http::send(&origin, "GET", "/v2/my/info", &[("Authorization", &bearer)]);
        assert_eq!(
            answer.status,
            401,
            "[{}] a token still works after sign-out",
            h.browser.name()
        );
    }
}

in_every_browser!(
    every_tab_revokes_its_own_tokens_when_it_hears_the_sign_out,
    |options| {
        options.session_features = refresh_and_revocation();
    },
    |h| {
        h.open_app().await;
        sign_in(&h).await;
        let first = h.current_tab().await;
        let second = h.open_tab().await;
        h.switch_to(&second).await;
        h.open_app().await;
        // A sign-in of its own, with tokens of its own.
        sign_in(&h).await;
        h.click("sign-out").await;
        // Closing the tab at once cannot cancel its revocations.
        h.client.close_window().await.expect("closing the tab");
        h.switch_to(&first).await;
        let notice = h.text("notice").await;
        assert!(notice.contains("You have signed out"), "{notice}");
        // Each tab revoked the refresh token and the access token of its own sign-in: two
        // sign-ins, two token families. (A refresh token revoked first takes its family's
        // access token with it, which the sandbox then records as already gone.)
        wait_for_revocations(&h, 4).await;
        let revocations = h.sandbox.revocations();
        assert_eq!(kinds(&h, RevokedKind::Refresh), 2, "{revocations:?}");
        let access = revocations
            .iter()
            .filter(|r| r.token_type_hint.as_deref() == Some("access_token"))
            .count();
        assert_eq!(access, 2, "{revocations:?}");
        nothing_issued_still_works(&h);
        h.assert_no_page_errors().await;
    }
);

in_every_browser!(
    sign_out_leaves_first_and_its_revocations_still_arrive,
    |options| {
        options.session_features = SessionFeatures::all();
    },
    |h| {
        h.open_app().await;
        sign_in(&h).await;
        // The provider holds both revocations back: the page is long gone to its end-session
        // endpoint (and back) when they are answered, which only keepalive survives.
        h.sandbox.add_fault(stall(FaultTarget::Revocation, 2.0, 2));
        h.click("sign-out").await;
        let deadline = tokio::time::Instant::now() + WAIT;
        while h.sandbox.end_session_requests().is_empty() {
            assert!(
                tokio::time::Instant::now() < deadline,
                "no end-session request"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(
            h.sandbox.revocations().is_empty(),
            "the page left before the revocations were answered"
        );
        h.wait_for("sign-in").await;
        wait_for_revocations(&h, 2).await;
        assert_eq!(
            kinds(&h, RevokedKind::Refresh),
            1,
            "{:?}",
            h.sandbox.revocations()
        );
        nothing_issued_still_works(&h);
        h.assert_no_page_errors().await;
    }
);

in_every_browser!(
    a_refresh_in_flight_at_sign_out_has_what_it_brings_revoked,
    |options| {
        options.session_features = refresh_and_revocation();
    },
    |h| {
        // The profile's 401 starts a refresh, which the provider holds back 3 s; the sign-out's
        // own revocations are held back longer, so the refresh is answered first, with new
        // tokens that the page must revoke as they land.
        h.sandbox.add_fault(status(FaultTarget::Profile, 401, 1));
        h.sandbox.add_fault(stall(FaultTarget::Token, 0.0, 1));
        h.sandbox.add_fault(stall(FaultTarget::Token, 3.0, 1));
        h.sandbox.add_fault(stall(FaultTarget::Revocation, 6.0, 2));
        h.open_app().await;
        h.click("sign-in").await;
        h.approve_as("reading.student").await;
        h.wait_for("sign-out").await;
        tokio::time::sleep(Duration::from_millis(1000)).await;
        assert_eq!(
            h.sandbox.refresh_grants().len(),
            0,
            "the refresh is in flight"
        );
        h.click("sign-out").await;
        h.wait_for("notice").await;
        h.wait_for_refreshes(1, WAIT).await;
        // What the refresh brought, revoked as it landed: its refresh token (whose family goes
        // with it) and its access token, while the sign-out's own two are still held back.
        wait_for_revocations(&h, 2).await;
        let landed = h.sandbox.revocations();
        assert_eq!(h.sandbox.refresh_grants().len(), 1);
        assert_eq!(landed.len(), 2, "{landed:?}");
        assert!(
            landed.iter().any(|r| r.kind == RevokedKind::Refresh),
            "the refresh's own refresh token was revoked: {landed:?}"
        );
        // Then the sign-out's own two.
        wait_for_revocations(&h, 4).await;
        nothing_issued_still_works(&h);
        h.assert_no_page_errors().await;
    }
);

in_every_browser!(
    after_sign_out_with_classlink_the_screen_says_its_session_may_still_be_open,
    |options| {
        // ClassLink as it is: no end-session. The district has set its logout page.
        options.session_features = SessionFeatures {
            sso: true,
            ..SessionFeatures::default()
        };
        let mut config = Map::new();
        config.insert(
            "logout_url".into(),
            json!("https://launchpad.classlink.com/logout"),
        );
        if let Some(serve) = options.serve_app.as_mut() {
            serve.config = AppConfig::GeneratedWith(config);
        }
    },
    |h| {
        h.open_app().await;
        sign_in(&h).await;
        h.click("sign-out").await;
        assert_eq!(h.text("notice").await, "You have signed out.");
        let note = h.text("provider-session-note").await;
        assert!(note.contains("may still be open"), "{note}");
        // The page stays: leaving is the student's choice, offered by name.
        assert!(h.current_url().await.starts_with(&h.app_url));
        let link = h.wait_for("provider-sign-out").await;
        assert_eq!(link.text().await.unwrap(), "Sign out of ClassLink");
        assert_eq!(
            link.attr("href").await.unwrap().as_deref(),
            Some("https://launchpad.classlink.com/logout")
        );
        let violations = axe_violations(&h.client).await;
        assert!(violations.is_empty(), "{violations:?}");
        // Spanish too.
        h.wait_for("language-switcher")
            .await
            .select_by_value("es")
            .await
            .expect("choosing Spanish");
        h.wait_until(
            "the note in Spanish",
            "document.querySelector(\"[data-testid='provider-session-note']\").textContent.includes('puede seguir abierta')",
        )
        .await;
        assert_eq!(
            h.text("provider-sign-out").await,
            "Cerrar sesión en ClassLink"
        );
    }
);

in_every_browser!(
    without_a_logout_url_the_screen_says_so_and_offers_no_link,
    |options| {
        options.session_features = SessionFeatures {
            sso: true,
            ..SessionFeatures::default()
        };
    },
    |h| {
        h.open_app().await;
        sign_in(&h).await;
        h.click("sign-out").await;
        let note = h.text("provider-session-note").await;
        assert!(note.contains("close every window"), "{note}");
        assert_eq!(h.count("provider-sign-out").await, 0);
    }
);
