//! The authorization endpoint: the page, and every way a request is refused.

use axum::http::StatusCode;

use crate::tests::harness::*;

fn with(
    pairs: &[(&'static str, &'static str)],
    name: &str,
    value: Option<&'static str>,
) -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<_> = pairs.iter().filter(|(k, _)| *k != name).copied().collect();
    if let Some(value) = value {
        let key = pairs
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(k, _)| *k)
            .expect("known name");
        out.push((key, value));
    }
    out
}

#[tokio::test]
async fn sign_in_page_lists_users_and_escapes_everything() {
    let h = harness();
    let response = h.get(&auth_uri(&auth_params(Some("s1")))).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        header_str(&response, "content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(header_str(&response, "cache-control"), Some("no-store"));
    let html = text(response).await;
    assert!(html.contains("<title>ClassLink sandbox — sign in</title>"));
    assert!(html.contains("action=\"/oauth2/v2/auth/decision\""));
    assert!(html.contains("id=\"allow\""));
    assert!(html.contains("id=\"deny\""));
    assert!(html.contains(
        "<input type=\"radio\" name=\"login\" id=\"user-reading.student\" value=\"reading.student\" checked>"
    ));
    assert!(html.contains("id=\"user-mateo.alvarez\" value=\"mateo.alvarez\">"));
    assert_eq!(html.matches(" checked").count(), 1);
    for login in h.shared.config.seed.user_logins() {
        assert!(html.contains(&format!("id=\"user-{login}\"")), "{login}");
    }
    assert!(html.contains("Reading Student — Student, CL Demo Building1"));
    assert!(html.contains("Elena Rivera — Teacher, Washington High School"));
    // The hostile user's name is text, not markup.
    assert!(!html.contains("<script>"));
    assert!(!html.contains("<b>"));
    assert!(html.contains(
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Zoë Łukasiewicz 李小龍 مرحبا"
    ));
    assert!(html.contains("CL Demo Building1 &amp; Annex"));
    // The request travels in hidden fields.
    assert!(html.contains(&format!("name=\"code_challenge\" value=\"{CHALLENGE}\"")));
    assert!(html.contains("name=\"state\" value=\"s1\""));
    assert!(html.contains("name=\"redirect_uri\" value=\"http://localhost:8080/\""));
}

#[tokio::test]
async fn state_is_escaped_in_the_hidden_field() {
    let h = harness();
    let response = h
        .get(&auth_uri(&auth_params(Some("\"><script>x</script>"))))
        .await;
    let html = text(response).await;
    assert!(!html.contains("<script>"));
    assert!(html.contains("value=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\""));
}

#[tokio::test]
async fn unknown_client_or_redirect_uri_gets_a_page_not_a_redirect() {
    let h = harness();
    let base = auth_params(Some("s"));
    let cases = [
        with(&base, "redirect_uri", Some("http://evil.example/")),
        with(&base, "redirect_uri", Some("http://localhost:8080")),
        with(&base, "redirect_uri", Some("http://localhost:8080/?x=1")),
        with(&base, "redirect_uri", Some("HTTP://localhost:8080/")),
        with(&base, "redirect_uri", None),
        with(&base, "client_id", Some("someone-else")),
        with(&base, "client_id", None),
    ];
    for pairs in cases {
        let response = h.get(&auth_uri(&pairs)).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{pairs:?}");
        assert!(response.headers().get("location").is_none());
        assert!(header_str(&response, "content-type")
            .unwrap_or("")
            .starts_with("text/html"));
    }
    // A repeated redirect_uri is as untrustworthy as a wrong one.
    let mut pairs = base.clone();
    pairs.push(("redirect_uri", "http://127.0.0.1:8080/"));
    assert_eq!(
        h.get(&auth_uri(&pairs)).await.status(),
        StatusCode::BAD_REQUEST
    );
}

/// Sends the request and returns the error redirect's parameters.
async fn error_params(h: &Harness, pairs: &[(&str, &str)]) -> Params {
    let response = h.get(&auth_uri(pairs)).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{pairs:?}");
    let location = location(&response);
    let query = location
        .strip_prefix("http://localhost:8080/?")
        .expect("redirect uri");
    let params = Params::parse(query.as_bytes());
    assert!(!params.contains("code"));
    assert_eq!(params.get("iss"), Some(ISSUER));
    assert!(params.get("error_description").is_some());
    params
}

#[tokio::test]
async fn bad_requests_go_back_with_the_right_error() {
    let h = harness();
    let base = auth_params(Some("keep-me"));
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (
            with(&base, "response_type", Some("token")),
            "unsupported_response_type",
        ),
        (with(&base, "response_type", None), "invalid_request"),
        (with(&base, "code_challenge", None), "invalid_request"),
        (
            with(&base, "code_challenge_method", None),
            "invalid_request",
        ),
        (
            with(&base, "code_challenge_method", Some("plain")),
            "invalid_request",
        ),
        (
            with(&base, "code_challenge_method", Some("s256")),
            "invalid_request",
        ),
        (
            with(
                &base,
                "code_challenge",
                Some("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-c"),
            ),
            "invalid_request",
        ),
        (
            with(
                &base,
                "code_challenge",
                Some("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw+cM"),
            ),
            "invalid_request",
        ),
        (
            with(
                &base,
                "code_challenge",
                Some("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM="),
            ),
            "invalid_request",
        ),
        (with(&base, "scope", None), "invalid_scope"),
        (with(&base, "scope", Some("")), "invalid_scope"),
        (with(&base, "scope", Some("profile admin")), "invalid_scope"),
        (
            with(&base, "scope", Some("profile  oneroster")),
            "invalid_scope",
        ),
        (with(&base, "scope", Some("Profile")), "invalid_scope"),
    ];
    for (pairs, error) in cases {
        let params = error_params(&h, &pairs).await;
        assert_eq!(params.get("error"), Some(error), "{pairs:?}");
        assert_eq!(params.get("state"), Some("keep-me"));
    }
    // Every documented scope is accepted.
    let ok = with(&base, "scope", Some("profile oneroster full email openid"));
    assert_eq!(h.get(&auth_uri(&ok)).await.status(), StatusCode::OK);
    assert!(h.shared.store().codes.is_empty());
}

#[tokio::test]
async fn repeated_parameters_are_invalid_and_a_repeated_state_is_not_echoed() {
    let h = harness();
    let mut pairs = auth_params(Some("one"));
    pairs.push(("state", "two"));
    let params = error_params(&h, &pairs).await;
    assert_eq!(params.get("error"), Some("invalid_request"));
    assert!(!params.contains("state"));

    let mut pairs = auth_params(None);
    pairs.push(("scope", "profile"));
    let params = error_params(&h, &pairs).await;
    assert_eq!(params.get("error"), Some("invalid_request"));
}

#[tokio::test]
async fn a_registered_redirect_uri_with_a_query_keeps_it() {
    let mut options = Options::new(Seed::default_seed());
    options
        .redirect_uris
        .push("http://localhost:8080/cb?tenant=7".into());
    let h = harness_with(options);
    let pairs = with(
        &auth_params(Some("a b&c")),
        "redirect_uri",
        Some("http://localhost:8080/cb?tenant=7"),
    );
    let mut fields = pairs.clone();
    fields.push(("login", "reading.student"));
    fields.push(("decision", "allow"));
    let response = h.post_form("/oauth2/v2/auth/decision", &fields).await;
    let location = location(&response);
    let query = location
        .strip_prefix("http://localhost:8080/cb?")
        .expect("base kept");
    let params = Params::parse(query.as_bytes());
    assert_eq!(params.get("tenant"), Some("7"));
    assert_eq!(params.get("state"), Some("a b&c"));
    assert!(params.get("code").is_some());
    assert!(query.starts_with("tenant=7&code="));
}
