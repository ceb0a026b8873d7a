//! A session that ends while its loads are still on their way: by **Sign out**, by another
//! tab's sign-out, by a 401, and by the end of its time, while each of the profile, the
//! classes, the teachers' lines and a refresh is in flight (the sandbox's `stall`). The
//! answers land after the signed-in screen is gone: nothing may panic (the release build
//! aborts on a panic, which is an uncaught `RuntimeError: unreachable`), and **Sign in**
//! must still leave for the provider afterwards, which a stopped wasm could not do.
//!
//! Cases share a sign-in where they can: the profile and the teachers are in flight together
//! (the classes came, so their teachers were asked for), and so are the classes and a refresh.

use std::time::Duration;

use classlink_e2e::harness::{stall, status, Harness, WAIT};
use classlink_e2e::in_every_browser;
use classlink_sandbox::{Fault, FaultKind, FaultTarget, SessionFeatures};

/// How long the stalled answers are held back: long enough for the session to end first.
const STALL_S: f64 = 6.0;

/// ClassLink's session on the provider (a second sign-in needs no page), revocation, and
/// refresh tokens when a case asks for them.
fn features(refresh_tokens: bool) -> SessionFeatures {
    SessionFeatures {
        sso: true,
        revocation: true,
        refresh_tokens,
        ..SessionFeatures::default()
    }
}

/// What is in flight when the session ends.
#[derive(Debug, Clone, Copy)]
enum InFlight {
    /// The profile's answer, and (the classes having come) the teachers' answers.
    ProfileAndTeachers,
    /// The classes' answer, and a refresh of the tokens.
    ClassesAndRefresh,
}

impl InFlight {
    /// Arms the sandbox so that these loads stall (sign-in itself is not held up).
    fn arm(self, h: &Harness) {
        h.sandbox.clear_faults();
        match self {
            InFlight::ProfileAndTeachers => {
                h.sandbox.set_session_features(features(false));
                h.sandbox.add_fault(stall(FaultTarget::Profile, STALL_S, 1));
                h.sandbox.add_fault(Fault::always(
                    FaultTarget::Teachers,
                    FaultKind::Stall { seconds: STALL_S },
                ));
            }
            InFlight::ClassesAndRefresh => {
                h.sandbox.set_session_features(features(true));
                // The profile's 401 starts a refresh. The code exchange takes the first token
                // fault, the refresh the second.
                h.sandbox.add_fault(status(FaultTarget::Profile, 401, 1));
                h.sandbox.add_fault(stall(FaultTarget::Token, 0.0, 1));
                h.sandbox.add_fault(stall(FaultTarget::Token, STALL_S, 1));
                h.sandbox.add_fault(stall(FaultTarget::Classes, STALL_S, 1));
            }
        }
    }

    /// Waits until the loads are on their way.
    async fn wait_until_in_flight(self, h: &Harness) {
        h.wait_for("sign-out").await;
        match self {
            InFlight::ProfileAndTeachers => {
                // The classes came (so their teachers were asked for); the profile did not.
                h.wait_for("class-item").await;
                assert_eq!(
                    h.count("profile-loading").await,
                    1,
                    "the profile is in flight"
                );
                assert_eq!(
                    h.count("class-teachers").await,
                    0,
                    "the teachers are in flight"
                );
            }
            InFlight::ClassesAndRefresh => {
                h.wait_for("classes-loading").await;
                // The refresh starts as soon as the profile's 401 asks for it.
                tokio::time::sleep(Duration::from_millis(1500)).await;
                assert_eq!(
                    h.count("classes-loading").await,
                    1,
                    "the classes are in flight"
                );
            }
        }
    }
}

/// From the sign-in screen to the provider and back as Reading Student: the provider's page
/// the first time, its session after that. Returns once back in the app (signed in, or
/// already signed out again by a case that ends at once).
async fn sign_in(h: &Harness) {
    h.click("sign-in").await;
    let back = "[data-testid='sign-out'], [data-testid='notice']";
    let landed = h.wait_for_css(&format!("#allow, {back}")).await;
    if landed.attr("id").await.unwrap().as_deref() == Some("allow") {
        h.approve_as("reading.student").await;
        h.wait_for_css(back).await;
    }
}

/// A new tab of the app, signed out.
async fn fresh_app_tab(h: &Harness) {
    h.fresh_tab().await;
    h.open_app().await;
    h.wait_for("sign-in").await;
}

/// Once the stalled answers have landed: no uncaught error in any page, and "Sign in" still
/// leaves for the provider.
async fn still_works_after_the_answers_land(h: &Harness, case: &str) {
    tokio::time::sleep(Duration::from_secs_f64(STALL_S + 2.0)).await;
    let errors = h.page_errors().await;
    assert!(
        errors.is_empty(),
        "[{}] {case}: uncaught page errors after the answers landed:\n{}",
        h.browser.name(),
        errors.join("\n")
    );
    h.sandbox.clear_faults();
    let before = h.authorize_requests();
    h.click("sign-in").await;
    let what = format!("authorization requests after {case}");
    h.wait_for_count(&what, before + 1, WAIT, || h.authorize_requests())
        .await;
    h.wait_for("sign-out").await;
}

async fn assert_notice(h: &Harness, case: &str, expected: &str) {
    let notice = h.text("notice").await;
    assert!(notice.contains(expected), "{case}: {notice}");
    assert_eq!(
        h.count("sign-out").await,
        0,
        "{case}: the signed-in screen is gone"
    );
}

in_every_browser!(
    loads_in_flight_when_the_student_signs_out_land_harmlessly,
    |options| {
        options.session_features = features(false);
    },
    |h| {
        for in_flight in [InFlight::ProfileAndTeachers, InFlight::ClassesAndRefresh] {
            let case = format!("sign-out with {in_flight:?} in flight");
            fresh_app_tab(&h).await;
            in_flight.arm(&h);
            sign_in(&h).await;
            in_flight.wait_until_in_flight(&h).await;
            h.click("sign-out").await;
            assert_notice(&h, &case, "You have signed out").await;
            still_works_after_the_answers_land(&h, &case).await;
        }
    }
);

in_every_browser!(
    loads_in_flight_when_another_tab_signs_out_land_harmlessly,
    |options| {
        options.session_features = features(false);
    },
    |h| {
        for in_flight in [InFlight::ProfileAndTeachers, InFlight::ClassesAndRefresh] {
            let case = format!("another tab's sign-out with {in_flight:?} in flight");
            h.sandbox.clear_faults();
            fresh_app_tab(&h).await;
            let first = h.current_tab().await;
            // The other tab signs in first, with nothing held back.
            let second = h.open_tab().await;
            h.switch_to(&second).await;
            h.open_app().await;
            sign_in(&h).await;
            h.wait_for("class-item").await;
            h.switch_to(&first).await;
            h.wait_for("sign-in").await;
            in_flight.arm(&h);
            sign_in(&h).await;
            in_flight.wait_until_in_flight(&h).await;
            h.switch_to(&second).await;
            h.click("sign-out").await;
            h.client
                .close_window()
                .await
                .expect("closing the other tab");
            h.switch_to(&first).await;
            assert_notice(&h, &case, "You have signed out").await;
            still_works_after_the_answers_land(&h, &case).await;
        }
    }
);

in_every_browser!(
    loads_in_flight_when_a_401_ends_the_session_land_harmlessly,
    |options| {
        options.session_features = features(false);
    },
    |h| {
        // The profile in flight; the classes answer 401.
        let case = "a 401 with the profile in flight";
        fresh_app_tab(&h).await;
        h.sandbox.add_fault(stall(FaultTarget::Profile, STALL_S, 1));
        h.sandbox.add_fault(status(FaultTarget::Classes, 401, 1));
        sign_in(&h).await;
        assert_notice(&h, case, "session has ended").await;
        still_works_after_the_answers_land(&h, case).await;

        // The teachers in flight; the profile answers 401 after two retried 502s, by which
        // time the classes have come and their teachers been asked for.
        let case = "a 401 with the teachers in flight";
        fresh_app_tab(&h).await;
        h.sandbox.add_fault(Fault::always(
            FaultTarget::Teachers,
            FaultKind::Stall { seconds: STALL_S },
        ));
        h.sandbox.add_fault(status(FaultTarget::Profile, 502, 2));
        h.sandbox.add_fault(status(FaultTarget::Profile, 401, 1));
        sign_in(&h).await;
        assert_notice(&h, case, "session has ended").await;
        still_works_after_the_answers_land(&h, case).await;

        // The classes in flight, and a refresh: the profile's 401 starts the refresh, which the
        // provider holds back and then refuses, so the 401 is final and ends the session while
        // the classes are still on their way; the refresh's own answer lands in a keeper whose
        // screen is gone.
        let case = "a 401 with the classes and a refresh in flight";
        fresh_app_tab(&h).await;
        h.sandbox.set_session_features(features(true));
        h.sandbox.add_fault(stall(FaultTarget::Token, 0.0, 1));
        h.sandbox.add_fault(stall(FaultTarget::Token, 2.0, 1));
        h.sandbox.add_fault(Fault::times(
            FaultTarget::Token,
            FaultKind::RefreshReused,
            1,
        ));
        h.sandbox.add_fault(status(FaultTarget::Profile, 401, 1));
        h.sandbox.add_fault(stall(FaultTarget::Classes, STALL_S, 1));
        sign_in(&h).await;
        assert_notice(&h, case, "session has ended").await;
        assert_eq!(h.sandbox.refresh_grants().len(), 1, "{case}: one refresh");
        still_works_after_the_answers_land(&h, case).await;
    }
);

in_every_browser!(
    loads_in_flight_when_the_session_runs_out_land_harmlessly,
    |options| {
        options.session_features = features(false);
        // Used for 4 s: the session ends by itself while the stalled loads wait; with a
        // refresh token, the clock's refresh starts at 3 s.
        options.token_lifetime = Some(Duration::from_secs(8));
    },
    |h| {
        for in_flight in [InFlight::ProfileAndTeachers, InFlight::ClassesAndRefresh] {
            let case = format!("the session's end with {in_flight:?} in flight");
            fresh_app_tab(&h).await;
            in_flight.arm(&h);
            sign_in(&h).await;
            assert_notice(&h, &case, "session has ended").await;
            still_works_after_the_answers_land(&h, &case).await;
        }
    }
);
