//! config.json: requested once, by index.html's prefetch, while the wasm downloads; a
//! missing or wrong one gives a configuration error page that names the problem.

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

/// The app reads what index.html's script fetched instead of asking again: one request,
/// started while the page was still being parsed (the app's own request could only start
/// after it, as the module loader runs once parsing is done), and the promise gone from
/// the page once taken. If the script's CSP hash were wrong, the browser would block it
/// and the app would fall back to its own, later fetch.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn config_json_is_requested_once_while_the_page_is_parsed() {
    for browser in Browser::selected() {
        let h = Harness::start(browser).await;
        h.open_app().await;
        h.wait_for("sign-in").await;
        let timing = h
            .eval(
                "(function () { var e = performance.getEntriesByType('resource'); \
                 var config = e.filter(function (x) { return /config\\.json$/.test(x.name); }); \
                 var parsed = performance.getEntriesByType('navigation')[0].domInteractive; \
                 return { requests: config.length, \
                   startedWhileParsing: config.length > 0 && config[0].startTime < parsed, \
                   left: typeof window.configPrefetch }; })()",
            )
            .await;
        let name = browser.name();
        assert_eq!(timing["requests"], 1, "[{name}] {timing}");
        assert_eq!(timing["startedWhileParsing"], true, "[{name}] {timing}");
        assert_eq!(timing["left"], "undefined", "[{name}] {timing}");
        h.finish().await;
    }
}
