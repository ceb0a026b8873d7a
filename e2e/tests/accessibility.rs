//! axe-core on every state of the page, in the light and the dark theme, in every selected
//! browser; and no state scrolls sideways at 320 px. Any violation fails the test and names
//! the state, the rule and the element.

use classlink_e2e::a11y::{serve_without_config, Look, Theme, World, NARROWEST};
use classlink_e2e::Browser;
use std::time::Duration;

use classlink_sandbox::{Fault, FaultKind, FaultTarget, SessionFeatures};

fn fault(target: FaultTarget, kind: FaultKind, times: u32) -> Fault {
    Fault::times(target, kind, times)
}

fn status(status: u16) -> FaultKind {
    FaultKind::Status {
        status,
        retry_after: None,
    }
}

/// Audits the state on screen and checks it fits the narrowest phone.
async fn check(w: &World, state: &str) {
    w.audit(state).await;
    if w.look.theme == Theme::Light {
        w.assert_fits(state, NARROWEST).await;
    }
}

async fn every_state(w: &World) {
    let tag = w.tag();

    w.wait_for("sign-in").await;
    check(w, "signed out").await;

    // Busy states, held open by slow answers: signing in, loading the profile, the classes.
    w.sandbox.add_fault(fault(
        FaultTarget::Token,
        FaultKind::Stall { seconds: 3.0 },
        1,
    ));
    w.sandbox.add_fault(fault(
        FaultTarget::Profile,
        FaultKind::Stall { seconds: 3.0 },
        1,
    ));
    w.sandbox.add_fault(fault(
        FaultTarget::Classes,
        FaultKind::Stall { seconds: 4.0 },
        1,
    ));
    w.sign_in_as("reading.student").await;
    w.wait_for("signing-in").await;
    w.audit("signing in").await;
    w.wait_for("profile-loading").await;
    w.audit("loading the profile (skeleton)").await;
    w.wait_for("profile-name").await;
    w.wait_for("classes-loading").await;
    w.audit("loading the classes (skeleton)").await;

    w.wait_for("class-item").await;
    check(w, "signed in with classes").await;
    // After sign-in, focus is on the main heading and the live region says who signed in.
    w.wait_until(
        "focus on the main heading",
        "document.activeElement && document.activeElement.tagName === 'H1'",
    )
    .await;
    let announced = w.announced().await;
    assert_eq!(announced, "Signed in as Reading Student", "{tag}");

    w.sign_out().await;
    w.wait_for("notice").await;
    check(w, "signed out, with a notice").await;

    // A teacher's long list, narrowed by the filter; then a filter that matches nothing.
    w.sign_in_as("ms.rivera").await;
    w.wait_until(
        "every class",
        "document.querySelectorAll(\"[data-testid='class-item']\").length > 200",
    )
    .await;
    check(w, "many classes").await;
    let filter = w.wait_for("class-filter").await;
    filter.send_keys("biology").await.expect("typing");
    w.wait_until(
        "the filter narrows the list",
        "document.querySelectorAll(\"[data-testid='class-item']\").length < 200",
    )
    .await;
    check(w, "filtered classes").await;
    filter.send_keys("zzz").await.expect("typing");
    w.wait_until(
        "no class matches",
        "document.querySelectorAll(\"[data-testid='class-item']\").length === 0",
    )
    .await;
    check(w, "filter matching nothing").await;
    w.sign_out().await;

    // A student with OneRoster but no classes, and a district without OneRoster.
    w.sign_in_as("no.classes").await;
    assert_eq!(
        w.text("classes-empty").await,
        "You have no classes right now.",
        "{tag}"
    );
    check(w, "no classes").await;
    w.sign_out().await;
    w.sign_in_as("no.oneroster").await;
    w.wait_for_css("[data-testid='classes-empty'][data-reason='no-oneroster']")
        .await;
    check(w, "district without OneRoster").await;
    w.sign_out().await;

    // Each panel's own error.
    w.sandbox
        .add_fault(fault(FaultTarget::Profile, status(403), 1));
    w.sign_in_as("reading.student").await;
    w.wait_for("retry").await;
    check(w, "profile error").await;
    w.sign_out().await;
    w.sandbox
        .add_fault(fault(FaultTarget::Classes, status(500), 3));
    w.sign_in_as("reading.student").await;
    w.wait_for("retry").await;
    check(w, "classes error").await;
    w.sign_out().await;

    // The session ends: a 401 sends the student back with a note.
    w.sandbox
        .add_fault(fault(FaultTarget::Profile, status(401), 1));
    w.sign_in_as("reading.student").await;
    w.wait_until(
        "the session-expired notice",
        "(document.querySelector(\"[data-testid='notice']\") || {}).textContent === 'Your session has ended. Please sign in again.'",
    )
    .await;
    check(w, "session expired").await;

    // Signing in fails: the student says no; the token endpoint refuses, with its own words.
    w.click("sign-in").await;
    w.click_css("#deny").await;
    w.wait_for("retry").await;
    check(w, "access denied").await;
    w.sandbox
        .add_fault(fault(FaultTarget::Token, status(400), 1));
    w.click("retry").await;
    w.click_css("#allow").await;
    w.wait_for("error").await;
    w.wait_until(
        "the token error",
        "!!document.querySelector(\"[data-testid='retry']\") && !document.querySelector(\"[data-testid='profile-name']\")",
    )
    .await;
    check(w, "token refused").await;

    // In Spanish, signed out and signed in.
    w.open_app().await;
    let switcher = w.wait_for("language-switcher").await;
    switcher
        .select_by_value("es")
        .await
        .expect("choosing Spanish");
    w.wait_until(
        "Spanish",
        "document.documentElement.lang === 'es' && document.querySelector(\"[data-testid='sign-in']\").textContent.includes('Iniciar')",
    )
    .await;
    check(w, "signed out, Spanish").await;
    w.sign_in_as("mateo.alvarez").await;
    w.wait_for("class-item").await;
    check(w, "signed in, Spanish").await;
    let switcher = w.wait_for("language-switcher").await;
    switcher.select_by_value("en").await.expect("English");
    w.sign_out().await;

    // config.json missing its keys.
    let site = serve_without_config().await;
    w.client.goto(&site.url).await.expect("the app loads");
    w.wait_for("config-error").await;
    check(w, "configuration error").await;

    // The deployment self-check it links to, every line answered (most of them failed).
    w.click("check-link").await;
    w.wait_for("check-host").await;
    w.wait_until(
        "every check has answered",
        "document.querySelector(\"[data-testid='self-check']\").getAttribute('aria-busy') === 'false'",
    )
    .await;
    check(w, "deployment self-check").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_state_passes_axe_core_in_light_and_dark() {
    for browser in Browser::selected() {
        for theme in Theme::BOTH {
            let w = World::start(browser, Look::desktop(theme)).await;
            every_state(&w).await;
            w.finish().await;
        }
    }
}

/// The states of a lasting session: the expiry notice over the signed-in screen, "Welcome
/// back" while a reload resumes, and the note when a resume is refused.
async fn session_states(w: &World) {
    w.wait_for("sign-in").await;
    w.sign_in_as("reading.student").await;
    w.wait_for("class-item").await;
    // A 20-second token: the notice shows 5 s after sign-in.
    w.wait_for("expiry-notice").await;
    check(w, "expiry notice").await;

    // A reload resumes; discovery held open keeps "Welcome back" on screen.
    w.sandbox.add_fault(fault(
        FaultTarget::Discovery,
        FaultKind::Stall { seconds: 3.0 },
        1,
    ));
    w.client.refresh().await.expect("reload");
    w.wait_for("resuming").await;
    w.audit("welcome back").await;
    w.wait_for("class-item").await;

    // Without the provider's session, the resume meets its page; saying no there leaves a note.
    w.sandbox.set_session_features(SessionFeatures::default());
    w.sandbox.end_idp_sessions();
    w.client.refresh().await.expect("reload");
    w.click_css("#deny").await;
    w.wait_for("notice").await;
    check(w, "resume refused").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_session_states_pass_axe_core_in_light_and_dark() {
    for browser in Browser::selected() {
        for theme in Theme::BOTH {
            let w = World::start_with(browser, Look::desktop(theme), |options| {
                options.token_lifetime = Some(Duration::from_secs(20));
                // A provider that lets the browser keep no discovery document, so a reload
                // asks for it (and the sandbox can hold it open on "Welcome back").
                options.documents_kept = false;
                options.session_features = SessionFeatures {
                    sso: true,
                    ..SessionFeatures::default()
                };
            })
            .await;
            session_states(&w).await;
            w.finish().await;
        }
    }
}

/// The audit is real: a picture without a text alternative, added to the page, is reported.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audit_reports_violations_it_is_shown() {
    for browser in Browser::selected() {
        let w = World::start(browser, Look::desktop(Theme::Light)).await;
        w.wait_for("sign-in").await;
        w.eval(
            "(() => { const main = document.querySelector('main'); \
               const img = document.createElement('img'); img.src = 'x.png'; main.append(img); \
               return true; })()",
        )
        .await;
        let violations = classlink_e2e::a11y::axe_violations(&w.client).await;
        assert!(
            violations.iter().any(|v| v.contains("image-alt")),
            "{} {violations:?}",
            w.tag()
        );
        w.finish().await;
    }
}
