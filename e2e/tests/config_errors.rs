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
            AppConfig::Verbatim(GOOD.replace("{sourcedId}", "{sourcedid}")),
            "\"classes_endpoint\" must contain {sourcedId} exactly once",
        ),
        (
            AppConfig::Verbatim(r#"{ "client_id": "c", "issuer": "https://op.example" }"#.into()),
            "\"profile_endpoint\" is required when \"issuer\" is not ClassLink's",
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
/// and the promise gone from the page once taken. The script may run only because the
/// page's policy lists its hash: the hash of the script as the browser sees it must be in
/// the policy, or the browser would block the script and the app would make a request of
/// its own. *When* the request starts (while the page is still parsed) is a timing: the
/// benchmark's boot group measures it; no test asserts it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn config_json_is_requested_once_through_the_prefetch() {
    for browser in Browser::selected() {
        let h = Harness::start(browser).await;
        h.open_app().await;
        h.wait_for("sign-in").await;
        let seen = h
            .eval(
                "(async function () { var e = performance.getEntriesByType('resource'); \
                 var config = e.filter(function (x) { return /config\\.json$/.test(x.name); }); \
                 var script = document.getElementById('config-prefetch').textContent; \
                 var digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(script)); \
                 var hash = btoa(String.fromCharCode.apply(null, new Uint8Array(digest))); \
                 var policy = document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]').content; \
                 return { requests: config.length, left: typeof window.configPrefetch, \
                   hashAllowed: policy.indexOf(\"'sha256-\" + hash + \"'\") >= 0 }; })()",
            )
            .await;
        let name = browser.name();
        assert_eq!(seen["requests"], 1, "[{name}] {seen}");
        assert_eq!(seen["left"], "undefined", "[{name}] {seen}");
        assert_eq!(seen["hashAllowed"], true, "[{name}] {seen}");
        h.finish().await;
    }
}
