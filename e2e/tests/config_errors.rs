//! A missing or wrong config.json: a configuration error page that names the problem.

use classlink_e2e::{Browser, Harness};
use classlink_sandbox::AppConfig;

const GOOD: &str = r#"{ "client_id": "demo-portal", "scope": "profile oneroster",
  "authorization_endpoint": "https://launchpad.classlink.com/oauth2/v2/auth",
  "token_endpoint": "https://launchpad.classlink.com/oauth2/v2/token",
  "profile_endpoint": "https://nodeapi.classlink.com/v2/my/info",
  "classes_endpoint": "https://or.district.example/ims/oneroster/v1p1/users/{sourcedId}/classes" }"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_configuration_error_page_names_the_problem() {
    let cases = [
        (
            AppConfig::Missing,
            "config.json could not be loaded (HTTP 404)",
        ),
        (
            AppConfig::Verbatim("{ not json".into()),
            "config.json is not valid JSON",
        ),
        (
            AppConfig::Verbatim(GOOD.replace("\"demo-portal\"", "42")),
            "\"client_id\" must be a string",
        ),
        (
            AppConfig::Verbatim(GOOD.replace("\"scope\"", "\"client_secret\": \"s\", \"scope\"")),
            "\"client_secret\" is not a known setting",
        ),
        (
            AppConfig::Verbatim(GOOD.replace("https://nodeapi", "http://nodeapi")),
            "\"profile_endpoint\" must use https://",
        ),
        (
            AppConfig::Verbatim(GOOD.replace("{sourcedId}", "me")),
            "\"classes_endpoint\" must contain {sourcedId}",
        ),
    ];
    for browser in Browser::selected() {
        for (config, expected) in &cases {
            let h = Harness::start_with(browser, |options| {
                if let Some(app) = options.serve_app.as_mut() {
                    app.config = config.clone();
                }
            })
            .await;
            h.open_app().await;
            h.wait_for("config-error").await;
            let message = h.text("error").await;
            assert!(message.contains(expected), "[{}] {message}", browser.name());
            assert_eq!(
                h.count("sign-in").await,
                0,
                "no sign-in with a broken configuration"
            );
            h.finish().await;
        }
    }
}
