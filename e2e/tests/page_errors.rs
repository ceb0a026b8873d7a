//! The harness's page error recorder (`Harness::page_errors`, `assert_no_page_errors`) sees
//! what a page throws, in every engine (WebKit's driver has no console log to read): canaries
//! of each kind, thrown by a script of the page's origin (the harness's
//! `e2e-page-errors-canary.js`), are recorded, and kept across a reload of the tab. Without
//! this, a test that asserts no page error could pass without looking.

use classlink_e2e::in_every_browser;

in_every_browser!(the_recorder_sees_every_kind_of_page_error, |h| {
    h.open_app().await;
    h.wait_for("sign-in").await;
    h.assert_no_page_errors().await;

    // Code run through WebDriver is not the page's own: Chromium reports its exceptions as a
    // bare "Script error." and its rejections not at all. A script of the page's origin is.
    h.eval(
        "(document.head.appendChild(Object.assign(document.createElement('script'), \
           { src: './e2e-page-errors-canary.js' })), true)",
    )
    .await;
    h.wait_until(
        "the canaries to be recorded",
        "window.__pageErrors && window.__pageErrors.length >= 3",
    )
    .await;
    h.open_app().await;
    h.wait_for("sign-in").await;
    let errors = h.page_errors().await.join("\n");
    for canary in ["canary-uncaught", "canary-rejection", "canary-console"] {
        assert!(
            errors.contains(canary),
            "[{}] {canary} not recorded (or lost on reload): {errors}",
            h.browser.name()
        );
    }
});
