//! Languages, end to end in every selected browser: the journey once in Spanish (a browser
//! set to Spanish, a Spanish-speaking student), the profile's language followed after
//! sign-in, and the switcher's choice winning over it and remembered across visits.

use classlink_e2e::a11y::{Look, Theme, World};
use classlink_e2e::Browser;
use serde_json::Value;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_journey_in_spanish() {
    for browser in Browser::selected() {
        let look = Look {
            language: Some("es-MX"),
            ..Look::desktop(Theme::Light)
        };
        let w = World::start(browser, look).await;
        let tag = w.tag();
        // navigator.languages says Spanish: the page speaks it before anyone signs in.
        assert_eq!(
            w.text("sign-in").await,
            "Iniciar sesión con ClassLink",
            "{tag}"
        );
        assert_eq!(w.eval("document.documentElement.lang").await, "es", "{tag}");
        w.sign_in_as("mateo.alvarez").await;
        assert_eq!(w.text("profile-name").await, "Mateo Álvarez", "{tag}");
        w.wait_for("class-item").await;
        assert_eq!(w.text("class-count").await, "5 clases", "{tag}");
        assert_eq!(
            w.eval("document.querySelector('h1').textContent").await,
            "Mi perfil y mis clases",
            "{tag}"
        );
        assert_eq!(
            w.announced().await,
            "Sesión iniciada como Mateo Álvarez",
            "{tag}"
        );
        // Intl.DateTimeFormat in Spanish: "3 de septiembre de 2025, …".
        let last = w.text("profile-last-access").await;
        assert!(last.contains("septiembre de 2025"), "{tag} {last}");
        w.click("sign-out").await;
        assert_eq!(w.text("notice").await, "Cerraste la sesión.", "{tag}");
        assert_eq!(
            w.text("sign-in").await,
            "Iniciar sesión con ClassLink",
            "{tag}"
        );
        w.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_profile_language_is_followed_until_the_student_chooses() {
    for browser in Browser::selected() {
        let w = World::start(browser, Look::desktop(Theme::Light)).await;
        let tag = w.tag();
        assert_eq!(w.text("sign-in").await, "Sign in with ClassLink", "{tag}");
        assert_eq!(w.eval("document.documentElement.lang").await, "en", "{tag}");

        // Mateo's profile says `es`: the page switches after sign-in.
        w.sign_in_as("mateo.alvarez").await;
        w.wait_for("class-item").await;
        assert_eq!(w.text("class-count").await, "5 clases", "{tag}");
        assert_eq!(w.eval("document.documentElement.lang").await, "es", "{tag}");

        // The switcher wins, changes the text in place (no reload: the classes stay) and is
        // remembered in localStorage (the bare language tag), which holds nothing else of
        // the sign-in.
        w.wait_for("language-switcher")
            .await
            .select_by_value("en")
            .await
            .expect("choosing English");
        w.wait_until(
            "English",
            "document.querySelector(\"[data-testid='class-count']\").textContent === '5 classes'",
        )
        .await;
        assert_eq!(
            w.eval("JSON.stringify(Object.entries(localStorage))").await,
            Value::from(r#"[["classlink-portal.language","en"]]"#),
            "{tag}"
        );

        // Next visit: still English, even for a Spanish-speaking profile.
        w.click("sign-out").await;
        w.open_app().await;
        assert_eq!(w.text("sign-in").await, "Sign in with ClassLink", "{tag}");
        w.sign_in_as("mateo.alvarez").await;
        w.wait_for("class-item").await;
        assert_eq!(w.text("class-count").await, "5 classes", "{tag}");
        assert_eq!(
            w.eval("document.querySelector(\"[data-testid='language-switcher']\").value")
                .await,
            "en",
            "{tag}"
        );
        w.finish().await;
    }
}
