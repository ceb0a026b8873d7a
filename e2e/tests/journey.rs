//! The student's journey, end to end, in every selected browser: sign in with PKCE against
//! the sandbox, see the profile and every class, sign out; and the ways it can go wrong.

use classlink_e2e::harness::{current_class_titles, display_name};
use classlink_e2e::in_every_browser;
use classlink_sandbox::{Fault, FaultKind, FaultTarget};

in_every_browser!(
    a_student_signs_in_sees_profile_and_classes_and_signs_out,
    |h| {
        h.open_app().await;
        assert_eq!(h.text("sign-in").await, "Sign in with ClassLink");
        h.sign_in_as("reading.student").await;

        assert_eq!(
            h.text("profile-name").await,
            display_name("reading.student")
        );
        assert_eq!(h.text("profile-role").await, "Student");
        h.wait_for("class-item").await;
        let mut titles = h.texts("class-title").await;
        titles.sort();
        assert_eq!(
            titles,
            current_class_titles("reading.student"),
            "[{}]",
            h.browser.name()
        );

        // The token and the code are in none of the places a page can persist or leak them.
        let state = h.browser_state().await;
        assert!(
            h.current_url().await.ends_with("/portal/"),
            "address bar cleaned: {}",
            state.href
        );
        let secrets = h.sandbox.issued_tokens();
        assert!(secrets.len() >= 2, "a code and a token were issued");
        for secret in &secrets {
            assert!(
                !state.contains(secret),
                "[{}] a token or code leaked into {state:?}",
                h.browser.name()
            );
        }
        assert_eq!(state.cookies, "");

        h.click("sign-out").await;
        h.wait_for("sign-in").await;
        assert_eq!(h.count("profile-name").await, 0);
    }
);

in_every_browser!(
    denying_access_shows_a_friendly_message_and_a_way_back,
    |h| {
        h.open_app().await;
        h.click("sign-in").await;
        h.click_css("#deny").await;
        let message = h.text("error").await;
        assert!(message.contains("You chose not to share"), "{message}");
        assert_eq!(h.text("retry").await, "Try again");
        assert!(
            !h.current_url().await.contains("error="),
            "error parameters removed from the address bar"
        );
        // Try again goes straight back to the provider.
        h.click("retry").await;
        h.approve_as("reading.student").await;
        assert_eq!(
            h.text("profile-name").await,
            display_name("reading.student")
        );
    }
);

in_every_browser!(a_teacher_sees_every_class_across_pages, |h| {
    h.open_app().await;
    h.sign_in_as("ms.rivera").await;
    let expected = current_class_titles("ms.rivera").len();
    assert!(expected > 200, "the seed spans several pages");
    h.wait_until(
        "every class",
        &format!("document.querySelectorAll(\"[data-testid='class-item']\").length === {expected}"),
    )
    .await;
    let classes_requests = h
        .sandbox
        .requests()
        .into_iter()
        .filter(|r| r.path.ends_with("/classes") && r.method == "GET")
        .count();
    assert_eq!(
        classes_requests,
        expected.div_ceil(100),
        "one request per page, no more"
    );
});

/// The GET requests for class teachers the sandbox has answered, and their CORS preflights.
fn teachers_requests_and_preflights(h: &classlink_e2e::Harness) -> (Vec<String>, usize) {
    let log = h.sandbox.requests();
    let teachers = |r: &&classlink_sandbox::LoggedRequest| r.path.ends_with("/teachers");
    let gets = log
        .iter()
        .filter(teachers)
        .filter(|r| r.method == "GET")
        .map(|r| r.path.clone())
        .collect();
    let preflights = log.iter().filter(teachers).filter(|r| r.preflight).count();
    (gets, preflights)
}

in_every_browser!(a_teachers_lines_follow_the_eyes, |h| {
    // A 1280 x 900 window (the harness's), ms.rivera's 224 current classes, no scrolling.
    h.open_app().await;
    h.sign_in_as("ms.rivera").await;
    let expected = current_class_titles("ms.rivera").len();
    h.wait_until(
        "every class",
        &format!("document.querySelectorAll(\"[data-testid='class-item']\").length === {expected}"),
    )
    .await;
    h.wait_for("class-teachers").await;
    h.click_css("#class-filter").await;
    // What the first screen's cards asked for has come and gone (nothing else is in flight).
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    let (before, preflights) = teachers_requests_and_preflights(&h);
    assert!(
        !before.is_empty() && before.len() <= 40,
        "{} teacher requests before scrolling",
        before.len()
    );
    assert!(preflights <= before.len(), "{preflights} preflights");
    // For the record (docs/performance.md, "The district's morning").
    println!(
        "[{}] before scrolling: {} teacher requests, {preflights} preflights",
        h.browser.name(),
        before.len()
    );
    let last_id = h
        .eval("document.querySelector(\"[data-testid='class-item']:last-child\").dataset.sourcedId")
        .await;
    let last_id = last_id
        .as_str()
        .expect("the last card names its class")
        .to_string();
    assert!(
        before
            .iter()
            .all(|path| !path.contains(&format!("/{last_id}/"))),
        "the last card, never seen, cost nothing"
    );
    assert_eq!(
        h.eval("document.activeElement.id").await,
        "class-filter",
        "focus stays where it was as the lines arrive"
    );

    // Scrolled to the end: the last card's line arrives, and the card keeps its place as it
    // does (its line's place was held). The answers are held back a moment so the place is
    // measured before they come.
    h.sandbox.add_fault(classlink_e2e::harness::stall(
        FaultTarget::Teachers,
        2.0,
        100,
    ));
    let last = "document.querySelector(\"[data-testid='class-item']:last-child\")";
    h.eval(&format!("{last}.scrollIntoView({{block: 'end'}})"))
        .await;
    // The cards around it laid out (those off screen skip layout until near).
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let top_before = h.eval(&format!("{last}.getBoundingClientRect().top")).await;
    let height_before = h
        .eval(&format!("{last}.getBoundingClientRect().height"))
        .await;
    h.wait_until(
        "the last card's line",
        &format!("{last}.querySelector(\"[data-testid='class-teachers']\")"),
    )
    .await;
    assert_eq!(
        h.eval(&format!("{last}.getBoundingClientRect().height"))
            .await,
        height_before,
        "the card did not grow"
    );
    assert_eq!(
        h.eval(&format!("{last}.getBoundingClientRect().top")).await,
        top_before,
        "the card did not move"
    );
    let (after, _) = teachers_requests_and_preflights(&h);
    assert!(after
        .iter()
        .any(|path| path.contains(&format!("/{last_id}/"))));
    assert!(
        after.len() < expected,
        "only the cards seen: {}",
        after.len()
    );
    // The filter works as before, on every card.
    h.fill_css("#class-filter", &current_class_titles("ms.rivera")[0])
        .await;
    h.wait_until(
        "the filtered list",
        &format!("document.querySelectorAll(\"[data-testid='class-item']\").length < {expected}"),
    )
    .await;
    h.assert_no_page_errors().await;
});

in_every_browser!(a_district_without_oneroster_gets_a_clear_empty_state, |h| {
    h.open_app().await;
    h.sign_in_as("no.oneroster").await;
    h.wait_for("profile-name").await;
    let message = h.text("classes-empty").await;
    assert!(message.contains("does not share class lists"), "{message}");
    assert_eq!(h.count("class-item").await, 0);
});

in_every_browser!(hostile_names_render_as_text, |h| {
    h.open_app().await;
    h.sign_in_as("script.test").await;
    assert_eq!(h.text("profile-name").await, display_name("script.test"));
    h.wait_for("class-item").await;
    // Had the markup run, its alert() would have blocked every WebDriver command since.
    let injected = h
        .client
        .execute("return document.querySelector('main script, main img:not([data-testid=profile-photo])') !== null;", vec![])
        .await
        .unwrap();
    assert_eq!(
        injected,
        serde_json::Value::Bool(false),
        "markup from the API became elements"
    );
});

in_every_browser!(
    signing_in_shows_a_busy_state_while_the_code_is_exchanged,
    |h| {
        h.sandbox.add_fault(Fault::times(
            FaultTarget::Token,
            FaultKind::Stall { seconds: 2.0 },
            1,
        ));
        h.open_app().await;
        h.sign_in_as("reading.student").await;
        // The heading itself: WebKit's driver runs a block's lines together ("…Loading…").
        assert_eq!(
            h.text_css("[data-testid='signing-in'] h1").await,
            "Signing you in…"
        );
        assert_eq!(
            h.count("sign-in").await,
            0,
            "the sign-in screen never flashes during the exchange"
        );
        assert_eq!(
            h.text("profile-name").await,
            display_name("reading.student")
        );
    }
);

in_every_browser!(
    a_launchpad_code_is_never_exchanged_and_sign_in_restarts,
    |h| {
        h.client
            .goto(&format!("{}/launchpad", h.sandbox.api_origin()))
            .await
            .unwrap();
        h.click_css("[id='launch-reading.student']").await;
        // The app drops the state-less code and starts its own request: back at the provider.
        h.approve_as("reading.student").await;
        assert_eq!(
            h.text("profile-name").await,
            display_name("reading.student")
        );
        let token_requests: Vec<_> = h
            .sandbox
            .requests()
            .into_iter()
            .filter(|r| r.path == "/oauth2/v2/token")
            .collect();
        assert_eq!(
            token_requests.len(),
            1,
            "exactly one exchange: {token_requests:?}"
        );
        assert!(
            !token_requests[0].launchpad_code,
            "the LaunchPad code was never sent"
        );
    }
);

in_every_browser!(
    the_session_ends_by_itself_when_the_token_expires,
    |options| {
        // Tokens that live 2 s, announced with expires_in; the app stops using them early.
        options.token_lifetime = Some(std::time::Duration::from_secs(2));
    },
    |h| {
        h.open_app().await;
        h.sign_in_as("reading.student").await;
        assert_eq!(
            h.text("profile-name").await,
            display_name("reading.student")
        );
        let notice = h.text("notice").await;
        assert!(notice.contains("session has ended"), "{notice}");
        h.wait_for("sign-in").await;
        assert_eq!(
            h.count("profile-name").await,
            0,
            "the signed-in screen is gone with the token"
        );
    }
);
