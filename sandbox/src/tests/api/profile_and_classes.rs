//! The resource APIs: authentication, authorization, paging, the seed's quirks.

use axum::http::StatusCode;
use serde_json::{json as j, Value};

use crate::tests::harness::*;

fn classes_uri(sourced_id: &str, query: &str) -> String {
    let encoded: String = form_urlencoded::byte_serialize(sourced_id.as_bytes())
        .collect::<String>()
        .replace('+', "%20");
    format!("/ims/oneroster/v1p1/users/{encoded}/classes{query}")
}

async fn assert_unauthorized(response: Response<Body>) {
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert!(header_str(&response, "www-authenticate").is_some());
    assert_eq!(json(response).await, j!({"message": "Unauthorized"}));
}

#[tokio::test]
async fn bad_or_missing_bearer_tokens_get_401() {
    let h = harness();
    let token = h.token_for("reading.student").await;
    for uri in [
        "/v2/my/info",
        "/v2/my/profileinfo",
        "/ims/oneroster/v1p1/users/4801508017/classes",
    ] {
        assert_unauthorized(h.get(uri).await).await;
        for value in [
            format!("Basic {token}"),
            "Bearer ".to_string(),
            "Bearer".to_string(),
            format!("Bearer {token} extra"),
            format!("Bearer x{token}"),
            token.clone(),
        ] {
            let request = Request::get(uri)
                .header(header::AUTHORIZATION, value)
                .body(Body::empty())
                .expect("request");
            assert_unauthorized(h.send(request).await).await;
        }
        // The scheme is case-insensitive (RFC 7235).
        let request = Request::get(uri)
            .header(header::AUTHORIZATION, format!("bearer {token}"))
            .body(Body::empty())
            .expect("request");
        assert_eq!(h.send(request).await.status(), StatusCode::OK, "{uri}");
    }
}

#[tokio::test]
async fn a_token_in_the_url_is_refused() {
    let h = harness();
    let token = h.token_for("reading.student").await;
    let response = h
        .get_with_token(&format!("/v2/my/info?access_token={token}"), &token)
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn info_is_verbatim_with_its_quirks() {
    let h = harness();
    let token = h.token_for("reading.student").await;
    let info = json(h.get_with_token("/v2/my/info", &token).await).await;
    assert_eq!(info["OrgId"], j!(["5678"]));
    assert_eq!(info["or_email"], "reading.student@demo.local");
    assert_eq!(info["enabledUser"], "true");
    assert_eq!(info["Role_Level"], 4);
    let token = h.token_for("mateo.alvarez").await;
    let info = json(h.get_with_token("/v2/my/info", &token).await).await;
    assert_eq!(info["OrgId"], "5678");
    assert_eq!(info["ImagePath"], "/images/users/1.png");
    assert_eq!(info["Language"], "es");
}

#[tokio::test]
async fn profileinfo_has_oidc_claims() {
    let h = harness();
    let token = h.token_for("mateo.alvarez").await;
    let claims = json(h.get_with_token("/v2/my/profileinfo", &token).await).await;
    assert_eq!(claims["sub"], "1516877");
    assert_eq!(claims["name"], "Mateo Álvarez");
    assert_eq!(claims["given_name"], "Mateo");
    assert_eq!(claims["family_name"], "Álvarez");
    assert_eq!(claims["email"], "mateo.alvarez@demo.local");
    assert_eq!(claims["locale"], "es");
    assert_eq!(claims["profile"], "Student");
}

#[tokio::test]
async fn scopes_limit_what_a_token_reads() {
    let h = harness();
    let profile_only = token_with_scope(&h, "reading.student", "profile").await;
    assert_eq!(
        h.get_with_token("/v2/my/info", &profile_only)
            .await
            .status(),
        StatusCode::OK
    );
    let response = h
        .get_with_token(&classes_uri("4801508017", ""), &profile_only)
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        header_str(&response, "x-sandbox-reason"),
        Some("scope oneroster required")
    );

    let oneroster_only = token_with_scope(&h, "reading.student", "oneroster").await;
    assert_eq!(
        h.get_with_token("/v2/my/info", &oneroster_only)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        h.get_with_token(&classes_uri("4801508017", ""), &oneroster_only)
            .await
            .status(),
        StatusCode::OK
    );
    let full = token_with_scope(&h, "reading.student", "full").await;
    assert_eq!(
        h.get_with_token("/v2/my/info", &full).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        h.get_with_token(&classes_uri("4801508017", ""), &full)
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn classes_of_someone_else_unknown_ids_and_wrong_collections() {
    let h = harness();
    let student = h.token_for("reading.student").await;
    let response = h
        .get_with_token(&classes_uri("T-20417", ""), &student)
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(json(response).await, j!({"message": "Forbidden"}));
    let response = h
        .get_with_token(&classes_uri("no-such-id", ""), &student)
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let ok = h
        .get_with_token("/ims/oneroster/v1p1/students/4801508017/classes", &student)
        .await;
    assert_eq!(ok.status(), StatusCode::OK);
    for uri in [
        "/ims/oneroster/v1p1/teachers/4801508017/classes",
        "/ims/oneroster/v1p1/schools/4801508017/classes",
        "/ims/oneroster/v1p1/users//classes",
        "/ims/oneroster/v1p2/users/4801508017/classes",
    ] {
        assert_eq!(
            h.get_with_token(uri, &student).await.status(),
            StatusCode::NOT_FOUND,
            "{uri}"
        );
    }
    let teacher = h.token_for("ms.rivera").await;
    let ok = h
        .get_with_token("/ims/oneroster/v1p1/teachers/T-20417/classes", &teacher)
        .await;
    assert_eq!(header_str(&ok, "x-total-count"), Some("230"));
    assert_eq!(
        h.get_with_token("/ims/oneroster/v1p1/students/T-20417/classes", &teacher)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn classes_include_tobedeleted_and_come_sorted() {
    let h = harness();
    let token = h.token_for("reading.student").await;
    let response = h
        .get_with_token(&classes_uri("4801508017", ""), &token)
        .await;
    assert_eq!(header_str(&response, "x-total-count"), Some("7"));
    assert_eq!(header_str(&response, "x-count"), Some("7"));
    let body = json(response).await;
    let classes = body["classes"].as_array().expect("classes");
    let ids: Vec<&str> = classes
        .iter()
        .map(|c| c["sourcedId"].as_str().expect("id"))
        .collect();
    assert_eq!(
        ids,
        ["33301", "33333", "33340", "33352", "33367", "33371", "33389"]
    );
    assert!(classes.iter().any(|c| c["status"] == "tobedeleted"));
    assert!(classes.iter().any(|c| c["classType"] == "homeroom"));
    assert!(classes
        .iter()
        .any(|c| c["classCode"] == "" && c["location"] == "" && c.get("periods").is_none()));
}

#[tokio::test]
async fn paging_and_bad_parameters() {
    let h = harness();
    let token = h.token_for("reading.student").await;
    let page = |q: &'static str| classes_uri("4801508017", q);
    let response = h.get_with_token(&page("?limit=2&offset=6"), &token).await;
    assert_eq!(header_str(&response, "x-total-count"), Some("7"));
    assert_eq!(header_str(&response, "x-count"), Some("1"));
    let response = h.get_with_token(&page("?offset=50"), &token).await;
    assert_eq!(header_str(&response, "x-count"), Some("0"));
    assert_eq!(json(response).await, j!({"classes": []}));
    let response = h
        .get_with_token(&page("?limit=1&sort=sourcedId&orderBy=desc"), &token)
        .await;
    let body: Value = json(response).await;
    assert_eq!(body["classes"][0]["sourcedId"], "33389");
    for bad in [
        "?limit=abc",
        "?limit=-1",
        "?limit=0",
        "?offset=x",
        "?limit=1&limit=2",
        "?sort=title",
    ] {
        let response = h.get_with_token(&page(bad), &token).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
        assert!(json(response).await["message"].is_string());
    }
    let teacher = h.token_for("ms.rivera").await;
    let response = h
        .get_with_token(&classes_uri("T-20417", "?limit=1000"), &teacher)
        .await;
    assert_eq!(
        header_str(&response, "x-count"),
        Some("100"),
        "limit is capped at 100"
    );
}

#[tokio::test]
async fn a_sourced_id_needing_escapes_works_once_escaped() {
    let h = harness();
    let token = h.token_for("script.test").await;
    let info = json(h.get_with_token("/v2/my/info", &token).await).await;
    let sourced_id = info["SourcedId"].as_str().expect("id");
    assert_eq!(sourced_id, "zoë/ł 7?#&");
    let response = h.get_with_token(&classes_uri(sourced_id, ""), &token).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = json(response).await;
    assert_eq!(
        body["classes"][0]["title"],
        "<img src=x onerror=alert(1)>Art"
    );
}

#[tokio::test]
async fn a_district_without_oneroster_has_no_classes_route() {
    let h = harness();
    let token = h.token_for("no.oneroster").await;
    let info = json(h.get_with_token("/v2/my/info", &token).await).await;
    assert_eq!(info["SourcedId"], "");
    assert_eq!(
        h.get_with_token("/ims/oneroster/v1p1/users//classes", &token)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn unknown_paths_are_json_404() {
    let h = harness();
    let response = h.get("/images/users/1.png").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(json(response).await, j!({"message": "Not Found"}));
}
