//! The whole journey with the keyboard alone, in every selected browser: skip link, language
//! switcher, sign in (on the sandbox's page too), focus on the main heading after sign-in,
//! the class filter, sign out. Nothing is clicked; every control shows a focus ring.

use classlink_e2e::a11y::{focus_ring_visible, press, tab_to, type_text, Look, Theme, World};
use classlink_e2e::Browser;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use serde_json::Value;

/// Shift+Tab until `css` has focus.
async fn tab_back_to(w: &World, css: &str, limit: usize) {
    for _ in 0..limit {
        let shift: char = Key::Shift.into();
        let tab: char = Key::Tab.into();
        let actions = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: shift })
            .then(KeyAction::Down { value: tab })
            .then(KeyAction::Up { value: tab })
            .then(KeyAction::Up { value: shift });
        w.client.perform_actions(actions).await.expect("shift+tab");
        w.client.release_actions().await.expect("release");
        if w.eval(&format!(
            "document.activeElement.matches({})",
            Value::from(css)
        ))
        .await
            == Value::Bool(true)
        {
            return;
        }
    }
    panic!("{} {css} not reached with Shift+Tab", w.tag());
}

async fn assert_ring(w: &World, what: &str) {
    if !focus_ring_visible(&w.client).await {
        let style = w
            .eval("(() => { const e = document.activeElement, s = getComputedStyle(e); \
                   return [e.outerHTML.slice(0, 60), s.outlineStyle, s.outlineWidth, e.matches(':focus'), e.matches(':focus-visible'), document.hasFocus(), [...document.styleSheets].map(x => x.href).join()]; })()")
            .await;
        panic!("{} no visible focus ring on {what}: {style}", w.tag());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_journey_works_with_the_keyboard_alone() {
    for browser in Browser::selected() {
        let w = World::start(browser, Look::desktop(Theme::Light)).await;
        let c = &w.client;
        w.wait_for("sign-in").await;

        // The skip link comes first; then the language switcher, whose arrow keys change the
        // language (and back).
        tab_to(c, ".skip-link", 3).await;
        assert_ring(&w, "the skip link").await;
        tab_to(c, "[data-testid='language-switcher']", 3).await;
        assert_ring(&w, "the language switcher").await;
        press(c, Key::Down).await;
        w.wait_until(
            "Spanish",
            "document.querySelector(\"[data-testid='sign-in']\").textContent === 'Iniciar sesión con ClassLink'",
        )
        .await;
        press(c, Key::Up).await;
        w.wait_until(
            "English",
            "document.querySelector(\"[data-testid='sign-in']\").textContent === 'Sign in with ClassLink'",
        )
        .await;

        // Back to the skip link: it moves focus to <main>, so the next Tab is the page's.
        tab_back_to(&w, ".skip-link", 3).await;
        press(c, Key::Enter).await;
        w.wait_until("focus on main", "document.activeElement.id === 'main'")
            .await;

        // Sign in: Enter on the button, then the sandbox's form by keyboard too.
        tab_to(c, "[data-testid='sign-in']", 1).await;
        assert_ring(&w, "the sign-in button").await;
        press(c, Key::Enter).await;
        w.wait_for_css("#allow").await;
        tab_to(c, "input[name='login']", 10).await;
        for _ in 0..10 {
            if w.eval("document.getElementById('user-ms.rivera').checked")
                .await
                == Value::Bool(true)
            {
                break;
            }
            press(c, Key::Down).await;
        }
        tab_to(c, "#allow", 10).await;
        press(c, Key::Enter).await;

        // Signed in: focus is on the main heading, and the live region says who.
        w.wait_for("profile-name").await;
        w.wait_until(
            "focus on the main heading",
            "document.activeElement.tagName === 'H1'",
        )
        .await;
        w.wait_until(
            "the announcement",
            "document.querySelector(\"[data-testid='announcer']\").textContent === 'Signed in as Elena Rivera'",
        )
        .await;

        // The filter narrows the list as one types.
        w.wait_for("class-item").await;
        tab_to(c, "[data-testid='class-filter']", 5).await;
        assert_ring(&w, "the class filter").await;
        type_text(c, "biology").await;
        w.wait_until(
            "a filtered list",
            "(() => { const n = document.querySelectorAll(\"[data-testid='class-item']\").length; \
               return n > 0 && n < 100 && [...document.querySelectorAll(\"[data-testid='class-title']\")] \
               .every(t => t.textContent.toLowerCase().includes('biology')); })()",
        )
        .await;
        let status = w
            .eval("document.querySelector('.filter-status').textContent")
            .await;
        assert!(
            status.as_str().is_some_and(|s| s.starts_with("Showing ")),
            "{} {status}",
            w.tag()
        );

        // Sign out, back up the page with Shift+Tab.
        tab_back_to(&w, "[data-testid='sign-out']", 5).await;
        assert_ring(&w, "the sign-out button").await;
        press(c, Key::Enter).await;
        assert_eq!(
            w.text("notice").await,
            "You have signed out.",
            "{}",
            w.tag()
        );
        w.finish().await;
    }
}
