//! The companion's log during a sign-in's token request, a refresh, an API call and a
//! refusal: one line each, with method, route, status and time, and no code, token,
//! verifier, secret, redirect URI, query string or student id anywhere in it.

mod common;

use classlink_companion::testing::{
    code_body, refresh_body, FakeUpstream, Reply, API_MOUNT, REDIRECT_URI,
};
use common::*;

const ACCESS_TOKEN: &str = "at-Secret-8c2e";
const ID_TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiI0ODAxIn0.c2lnbmF0dXJl";
const NEW_REFRESH_TOKEN: &str = "rt-Next-31ab";
const STUDENT_ID: &str = "4801508017";

#[tokio::test]
async fn the_log_holds_no_code_token_verifier_or_secret() {
    let answer = format!(
        r#"{{"access_token":"{ACCESS_TOKEN}","token_type":"Bearer","id_token":"{ID_TOKEN}","refresh_token":"{NEW_REFRESH_TOKEN}"}}"#
    );
    let answer: &'static str = Box::leak(answer.into_boxed_str());
    let upstream = FakeUpstream::scripted(move |request| {
        if request.uri().path().ends_with("/token") {
            Reply::json(200, answer)
        } else {
            Reply::json(200, r#"{"classes":[]}"#)
        }
    });
    let (companion, lines) = start(upstream, &[]).await;

    assert_eq!(
        companion.handle(post_token(&code_body())).await.status(),
        200
    );
    assert_eq!(
        companion.handle(post_token(&refresh_body())).await.status(),
        200
    );
    let classes = format!("{API_MOUNT}oneroster/users/{STUDENT_ID}/classes?limit=100&offset=0");
    let api = with(
        get(&classes),
        "authorization",
        &format!("Bearer {ACCESS_TOKEN}"),
    );
    assert_eq!(companion.handle(api).await.status(), 200);
    let refused = with(
        without(post_token(&code_body()), "origin"),
        "origin",
        "https://evil.example",
    );
    assert_eq!(companion.handle(refused).await.status(), 403);

    let lines = lines.lock().unwrap().clone();
    assert_eq!(lines.len(), 4, "{lines:?}");
    assert!(lines[0].starts_with("POST /token 200 "), "{}", lines[0]);
    assert!(lines[1].starts_with("POST /token 200 "), "{}", lines[1]);
    assert!(
        lines[2].starts_with(&format!("GET {API_MOUNT} 200 ")),
        "{}",
        lines[2]
    );
    assert!(
        lines[3].starts_with("POST /token 403 ")
            && lines[3].ends_with("refused=origin-not-allowed"),
        "{}",
        lines[3]
    );
    let log = lines.join("\n");
    assert_absent(
        &log,
        &[
            ACCESS_TOKEN,
            ID_TOKEN,
            NEW_REFRESH_TOKEN,
            REDIRECT_URI,
            STUDENT_ID,
            "limit=",
            "evil.example",
        ],
    );
}
