//! Servers that misbehave: the token endpoint and the APIs answering errors, garbage,
//! nothing, or lies. Each case says what happened, never retries a used code, and offers
//! a way forward.

use classlink_e2e::harness::{current_class_titles, display_name};
use classlink_e2e::{in_every_browser, Harness};
use classlink_sandbox::{Fault, FaultKind, FaultTarget};

fn status(status: u16) -> FaultKind {
    FaultKind::Status {
        status,
        retry_after: None,
    }
}

fn classes_requests(h: &Harness) -> usize {
    h.sandbox
        .requests()
        .iter()
        .filter(|r| r.method == "GET" && r.path.ends_with("/classes"))
        .count()
}

in_every_browser!(
    token_endpoint_failures_are_explained_and_never_retried,
    |h| {
        let cases = [
            (
                status(400),
                "refused to finish signing you in (error: invalid_grant)",
            ),
            (status(500), "answered with an error (HTTP 500)"),
            (FaultKind::Html, "sent an answer this page cannot read"),
            (FaultKind::NoAccessToken, "did not send an access token"),
            (
                FaultKind::NoCors,
                "does not accept sign-in requests from a web page (CORS)",
            ),
        ];
        for (kind, expected) in cases {
            h.sandbox
                .add_fault(Fault::times(FaultTarget::Token, kind.clone(), 1));
            h.fresh_sign_in("reading.student").await;
            let message = h.text("error").await;
            assert!(
                message.contains(expected),
                "[{}] {kind:?}: {message}",
                h.browser.name()
            );
            assert_eq!(
                h.token_requests(),
                1,
                "{kind:?}: the code was sent once, never retried"
            );
        }
        // "Try again" is a fresh sign-in with a fresh code, and it works.
        h.sandbox.clear_requests();
        h.click("retry").await;
        h.approve_as("reading.student").await;
        assert_eq!(
            h.text("profile-name").await,
            display_name("reading.student")
        );
        assert_eq!(h.token_requests(), 1);
    }
);

in_every_browser!(a_stalled_token_endpoint_times_out_with_a_message, |h| {
    h.sandbox.add_fault(Fault::times(
        FaultTarget::Token,
        FaultKind::Stall { seconds: 30.0 },
        1,
    ));
    h.fresh_sign_in("reading.student").await;
    h.wait_for("signing-in").await;
    // The app gives up after 20 s (TOKEN_TIMEOUT_MS).
    let error = h
        .wait_for_within("error", std::time::Duration::from_secs(40))
        .await;
    let message = error.text().await.unwrap();
    assert!(message.contains("took too long"), "{message}");
    h.wait_for("retry").await;
});

in_every_browser!(
    a_rejected_token_ends_the_session_and_asks_to_sign_in_again,
    |h| {
        h.sandbox
            .add_fault(Fault::times(FaultTarget::Profile, status(401), 1));
        h.fresh_sign_in("reading.student").await;
        let notice = h.text("notice").await;
        assert!(notice.contains("session has ended"), "{notice}");
        h.wait_for("sign-in").await;
        assert_eq!(h.count("profile-name").await, 0);
    }
);

in_every_browser!(the_profile_failing_offers_its_own_retry, |h| {
    h.sandbox
        .add_fault(Fault::always(FaultTarget::Profile, status(403)));
    h.fresh_sign_in("reading.student").await;
    let message = h.text("error").await;
    assert!(
        message.contains("may not see this information"),
        "{message}"
    );
    h.sandbox.clear_faults();
    h.click("retry").await;
    assert_eq!(
        h.text("profile-name").await,
        display_name("reading.student")
    );
    h.wait_for("class-item").await;
});

in_every_browser!(
    classes_failing_keep_the_profile_and_retry_on_their_own,
    |h| {
        h.sandbox
            .add_fault(Fault::always(FaultTarget::Classes, status(500)));
        h.fresh_sign_in("reading.student").await;
        assert_eq!(
            h.text("profile-name").await,
            display_name("reading.student")
        );
        let message = h.text("error").await;
        assert!(message.contains("HTTP 500"), "{message}");
        assert_eq!(classes_requests(&h), 3, "bounded retries with backoff");
        assert_eq!(h.count("profile-name").await, 1, "the profile stays");
        h.sandbox.clear_faults();
        h.click("retry").await;
        h.wait_for("class-item").await;
        let mut titles = h.texts("class-title").await;
        titles.sort();
        assert_eq!(titles, current_class_titles("reading.student"));
    }
);

in_every_browser!(
    rate_limits_and_server_errors_are_retried_with_backoff,
    |h| {
        h.sandbox.add_fault(Fault::times(
            FaultTarget::Classes,
            FaultKind::Status {
                status: 429,
                retry_after: Some(1),
            },
            1,
        ));
        h.sandbox
            .add_fault(Fault::times(FaultTarget::Profile, status(502), 1));
        h.fresh_sign_in("reading.student").await;
        h.wait_for("class-item").await;
        assert_eq!(h.count("error").await, 0);
        assert_eq!(
            classes_requests(&h),
            2,
            "one 429, then success after Retry-After"
        );
    }
);

in_every_browser!(unreadable_and_endless_answers_are_reported, |h| {
    h.sandbox.add_fault(Fault::always(
        FaultTarget::Classes,
        FaultKind::MalformedJson,
    ));
    h.fresh_sign_in("reading.student").await;
    let message = h.text("error").await;
    assert!(message.contains("cannot read"), "{message}");
    h.sandbox.clear_faults();

    h.sandbox
        .add_fault(Fault::always(FaultTarget::Profile, FaultKind::TrickleBody));
    h.fresh_sign_in("reading.student").await;
    // The 15 s API deadline covers the body too: a body that trickles in slowly, never
    // reaching the size cap, is given up on at the deadline.
    let message = h.text("error").await;
    assert!(message.contains("took too long"), "{message}");
    h.sandbox.clear_faults();
});

in_every_browser!(lying_total_counts_never_lose_classes_or_page_forever, |h| {
    let expected = current_class_titles("ms.rivera").len();
    for (lie, most_requests) in [("100000", 50), ("-5", 3), ("abc", 3), ("3", 3)] {
        h.sandbox.clear_faults();
        h.sandbox.add_fault(Fault::always(
            FaultTarget::Classes,
            FaultKind::TotalCount {
                value: lie.to_string(),
            },
        ));
        h.fresh_sign_in("ms.rivera").await;
        h.wait_until(
            &format!("all {expected} classes with x-total-count {lie}"),
            &format!(
                "document.querySelectorAll(\"[data-testid='class-item']\").length === {expected}"
            ),
        )
        .await;
        let requests = classes_requests(&h);
        assert!(
            requests <= most_requests,
            "x-total-count {lie}: {requests} requests"
        );
    }
});

fn teachers_requests(h: &Harness) -> usize {
    h.sandbox
        .requests()
        .iter()
        .filter(|r| r.method == "GET" && r.path.ends_with("/teachers"))
        .count()
}

/// Waits until the sandbox has answered `count` teachers requests.
async fn wait_for_teachers_requests(h: &Harness, count: usize) {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
    while teachers_requests(h) < count {
        assert!(
            tokio::time::Instant::now() < deadline,
            "{} of {count} teachers requests",
            teachers_requests(h)
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

in_every_browser!(
    a_class_whose_teachers_cannot_be_read_just_has_no_teacher_line,
    |h| {
        let classes = current_class_titles("reading.student").len();
        // A 404 is final: that class is asked once and its card has no line.
        h.sandbox
            .add_fault(Fault::times(FaultTarget::Teachers, status(404), 1));
        h.fresh_sign_in("reading.student").await;
        wait_for_teachers_requests(&h, classes).await;
        h.wait_until(
            "every other class's teacher line",
            &format!(
                "document.querySelectorAll(\"[data-testid='class-teachers']\").length === {}",
                classes - 1
            ),
        )
        .await;
        assert_eq!(h.count("class-item").await, classes);
        assert_eq!(
            h.count("error").await,
            0,
            "no error wall for a teacher line"
        );
        assert_eq!(
            teachers_requests(&h),
            classes,
            "one request per class, the refused one not retried"
        );
    }
);

in_every_browser!(
    a_class_whose_teachers_fail_once_is_asked_again_like_any_get,
    |h| {
        let classes = current_class_titles("reading.student").len();
        // A 503 passes: the one retry rule (src/classlink/retry.rs) tries it again.
        h.sandbox
            .add_fault(Fault::times(FaultTarget::Teachers, status(503), 1));
        h.fresh_sign_in("reading.student").await;
        h.wait_until(
            "every class's teacher line",
            &format!(
                "document.querySelectorAll(\"[data-testid='class-teachers']\").length === {classes}"
            ),
        )
        .await;
        assert_eq!(h.count("error").await, 0);
        assert_eq!(
            teachers_requests(&h),
            classes + 1,
            "one request per class, and one more for the class refused once"
        );
    }
);

in_every_browser!(a_class_list_sent_as_a_bare_array_is_read, |h| {
    h.sandbox
        .add_fault(Fault::times(FaultTarget::Classes, FaultKind::BareArray, 1));
    h.fresh_sign_in("reading.student").await;
    h.wait_for("class-item").await;
    assert_eq!(
        h.texts("class-title").await.len(),
        current_class_titles("reading.student").len()
    );
});

// A token no `Authorization` header can carry (`€` in the middle of a live access token): the
// page names the problem and offers "Try again", and no API request is ever sent with it.
in_every_browser!(
    a_token_no_header_can_carry_is_refused_before_any_request,
    |h| {
        h.sandbox.add_fault(Fault::times(
            FaultTarget::Token,
            FaultKind::HeaderUnsafeToken {
                field: classlink_sandbox::TokenField::AccessToken,
                text: "€".into(),
            },
            1,
        ));
        h.fresh_sign_in("reading.student").await;
        let message = h.text("error").await;
        assert!(
            message.contains("characters a token may not contain (access_token)"),
            "{message}"
        );
        assert_eq!(h.count("profile-name").await, 0);
        let api_requests = h
            .sandbox
            .requests()
            .iter()
            .filter(|r| r.path.starts_with("/v2/"))
            .count();
        assert_eq!(api_requests, 0, "no API request carried the token");
        // The way forward works.
        h.click("retry").await;
        h.approve_as("reading.student").await;
        assert_eq!(
            h.text("profile-name").await,
            display_name("reading.student")
        );
        h.assert_no_page_errors().await;
    }
);
