//! nodeapi's user-token class routes: `GET /v2/oneroster/my/classes` and
//! `GET /v2/oneroster/my/classes/{classSourcedId}/teachers`, with their faults.

use axum::http::StatusCode;
use serde_json::Value;

use crate::tests::harness::*;
use crate::{Fault, FaultKind, FaultTarget};

const MY_CLASSES: &str = "/v2/oneroster/my/classes";

fn teachers_uri(class: &str) -> String {
    let encoded: String = form_urlencoded::byte_serialize(class.as_bytes()).collect();
    format!("/v2/oneroster/my/classes/{encoded}/teachers")
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("array")
        .iter()
        .map(|c| c["sourcedId"].as_str().expect("sourcedId").to_string())
        .collect()
}

#[tokio::test]
async fn my_classes_pages_the_token_users_own_classes() {
    let h = harness();
    let token = h.token_for("ms.rivera").await;
    let mut seen = Vec::new();
    for (offset, expected) in [(0, 100), (100, 100), (200, 30)] {
        let page = h
            .get_with_token(&format!("{MY_CLASSES}?limit=100&offset={offset}"), &token)
            .await;
        assert_eq!(page.status(), StatusCode::OK);
        assert_eq!(header_str(&page, "x-total-count"), Some("230"));
        assert_eq!(
            header_str(&page, "x-count"),
            Some(expected.to_string().as_str())
        );
        seen.extend(ids(&json(page).await["classes"]));
    }
    let mut sorted = seen.clone();
    sorted.sort();
    assert_eq!(seen, sorted, "ordered by sourcedId");

    // Same objects as the OneRoster route.
    let token = h.token_for("reading.student").await;
    let mine = json(
        h.get_with_token(&format!("{MY_CLASSES}?orderBy=desc"), &token)
            .await,
    )
    .await;
    let oneroster = json(
        h.get_with_token(
            "/ims/oneroster/v1p1/users/4801508017/classes?orderBy=desc",
            &token,
        )
        .await,
    )
    .await;
    assert_eq!(mine, oneroster);
    assert_eq!(
        h.get_with_token(&format!("{MY_CLASSES}?limit=0"), &token)
            .await
            .status(),
        StatusCode::BAD_REQUEST
    );

    // A user without OneRoster data has no classes (not an error).
    let token = h.token_for("no.oneroster").await;
    let page = h.get_with_token(MY_CLASSES, &token).await;
    assert_eq!(header_str(&page, "x-total-count"), Some("0"));
    assert_eq!(json(page).await, serde_json::json!({"classes": []}));
}

#[tokio::test]
async fn class_routes_need_a_token_and_scope_oneroster() {
    let h = harness();
    assert_eq!(h.get(MY_CLASSES).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        h.get(&teachers_uri("33333")).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let profile_only = token_with_scope(&h, "reading.student", "profile").await;
    for uri in [MY_CLASSES.to_string(), teachers_uri("33333")] {
        let response = h.get_with_token(&uri, &profile_only).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{uri}");
    }
    let full = token_with_scope(&h, "reading.student", "full").await;
    for uri in [MY_CLASSES.to_string(), teachers_uri("33333")] {
        assert_eq!(h.get_with_token(&uri, &full).await.status(), StatusCode::OK);
    }
}

#[tokio::test]
async fn teachers_of_my_classes_only() {
    let h = harness();
    let token = h.token_for("reading.student").await;
    let response = h.get_with_token(&teachers_uri("33301"), &token).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = json(response).await;
    let teachers = body["teachers"].as_array().expect("teachers");
    assert_eq!(teachers.len(), 1);
    let okafor = &teachers[0];
    assert_eq!(okafor["familyName"], "Okafor");
    assert_eq!(okafor["givenName"], "Grace");
    assert_eq!(okafor["role"], "teacher");
    assert_eq!(okafor["status"], "active");
    for key in ["sourcedId", "email", "username"] {
        assert!(okafor[key].is_string(), "{key}");
    }
    // Co-taught.
    let body = json(h.get_with_token(&teachers_uri("33352"), &token).await).await;
    assert_eq!(ids(&body["teachers"]), vec!["T-10231", "T-10258"]);

    // Somebody else's class, an unknown class, an empty id: 404 JSON.
    for class in ["41207", "nope"] {
        let response = h.get_with_token(&teachers_uri(class), &token).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{class}");
        assert_eq!(json(response).await["message"], "Not Found");
    }
    assert_eq!(
        h.get_with_token("/v2/oneroster/my/classes//teachers", &token)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

#[test]
fn every_seeded_class_has_one_or_two_teachers() {
    let seed = crate::Seed::default_seed();
    let mut two = 0;
    for user in seed.users() {
        for class in &user.classes {
            let id = class["sourcedId"].as_str().expect("id");
            let teachers = seed.class_teachers(id);
            assert!((1..=2).contains(&teachers.len()), "{id}");
            two += usize::from(teachers.len() == 2);
            for t in &teachers {
                assert_eq!(t["role"], "teacher");
            }
        }
    }
    assert!((3..20).contains(&two), "a few co-taught classes: {two}");
    // The teacher teaches her own classes.
    assert_eq!(
        ids(&Value::from(seed.class_teachers("cls-r-0078"))),
        vec!["T-20417"]
    );
    // A class nobody in the seed teaches gets a stable generated teacher.
    assert_eq!(seed.class_teachers("x-1"), seed.class_teachers("x-1"));
    assert!(!seed.class_teachers("x-1").is_empty());
}

#[tokio::test]
async fn class_faults() {
    let h = harness();
    let token = h.token_for("script.test").await;
    h.shared
        .add_fault(Fault::times(FaultTarget::Classes, FaultKind::BareArray, 1));
    let page = h.get_with_token(MY_CLASSES, &token).await;
    assert_eq!(header_str(&page, "x-total-count"), Some("2"));
    let body = json(page).await;
    assert_eq!(ids(&body), vec!["88001", "88002"]);
    assert!(json(h.get_with_token(MY_CLASSES, &token).await).await["classes"].is_array());

    let teachers = teachers_uri("88002");
    h.shared.add_fault(Fault::times(
        FaultTarget::Teachers,
        FaultKind::MalformedJson,
        1,
    ));
    assert_eq!(
        text(h.get_with_token(&teachers, &token).await).await,
        "{\"teachers\": ["
    );
    h.shared.add_fault(Fault::times(
        FaultTarget::Teachers,
        FaultKind::Status {
            status: 429,
            retry_after: Some(2),
        },
        1,
    ));
    let response = h.get_with_token(&teachers, &token).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(header_str(&response, "retry-after"), Some("2"));
    h.shared
        .add_fault(Fault::times(FaultTarget::Teachers, FaultKind::NoCors, 1));
    let request = Request::get(&teachers)
        .header(header::ORIGIN, APP_ORIGIN)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .expect("request");
    let response = h.send(request).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(header_str(&response, "access-control-allow-origin").is_none());
    let request = Request::get(&teachers)
        .header(header::ORIGIN, APP_ORIGIN)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .expect("request");
    let response = h.send(request).await;
    assert_eq!(
        header_str(&response, "access-control-allow-origin"),
        Some(APP_ORIGIN)
    );
    assert!(header_str(&response, "access-control-expose-headers")
        .is_some_and(|v| v.contains("x-total-count")));
    assert!(h.shared.store().faults.is_empty());
}
