//! The whole journey through the companion, in every selected browser, against a sandbox
//! that wants a client secret and serves no browsers at its token endpoint and APIs (as a
//! ClassLink registration may): the app, unchanged but for its config.json, signs a student
//! in with a verified id_token and shows the profile, the classes and their teachers, every
//! token request and API call going through the companion. Then what a browser can see of the
//! companion's refusals: a page of another origin reads nothing from it. And its log during a
//! sign-in holds no code, token, verifier or secret. Last, the self-check (`?check`) with
//! the companion as `token_endpoint`: it proves the companion (CORS for the page's origin, and
//! ClassLink's `invalid_grant` through it), and names a secret the provider refuses and a
//! refusal of the companion's own.

use classlink_companion::vars;
use classlink_e2e::companion::{WithCompanion, CLIENT_SECRET};
use classlink_e2e::harness::current_class_titles;
use classlink_e2e::in_every_browser;
use classlink_e2e::raw_http;
use classlink_e2e::static_site::StaticSite;
use classlink_sandbox::{ClientAuth, LoggedRequest, Seed};
use serde_json::json;

const TOKEN_PATH: &str = "/oauth2/v2/token";

/// Form-encodes the few characters a URL puts in a form value here.
fn encode(value: &str) -> String {
    value.replace(':', "%3A").replace('/', "%2F")
}

/// The API calls that reached the sandbox (all of them came through the companion).
fn api_requests(h: &WithCompanion) -> Vec<LoggedRequest> {
    h.sandbox
        .requests()
        .into_iter()
        .filter(|r| r.method == "GET" && r.path.starts_with("/v2/"))
        .collect()
}

in_every_browser!(
    a_student_signs_in_through_the_companion,
    start = |browser| WithCompanion::start(browser),
    |h| {
        // Without the companion the app could not: the provider wants a secret, and answers
        // no CORS. The companion found the provider's token endpoint in its discovery.
        assert_eq!(
            h.companion().token_endpoint().as_str(),
            format!("{}{TOKEN_PATH}", h.sandbox.api_origin())
        );
        h.signed_in_with_classes("reading.student").await;
        let mut titles = h.texts("class-title").await;
        titles.sort();
        assert_eq!(titles, current_class_titles("reading.student"));
        let teachers = h.texts("class-teachers").await.join(" | ");
        assert!(teachers.contains("David Chen"), "{teachers}");

        // One code exchange, with the secret the companion added (client_secret_post, the
        // first the sandbox's discovery lists), and accepted.
        let exchanges = h.sandbox.token_requests();
        assert_eq!(exchanges.len(), 1, "{exchanges:#?}");
        assert_eq!(
            exchanges[0].grant_type.as_deref(),
            Some("authorization_code")
        );
        assert_eq!(exchanges[0].client_auth, ClientAuth::ClientSecretPost);
        assert_eq!(exchanges[0].status, 200);
        // The id_token was checked against the provider's keys (fetched straight from the
        // provider, which serves its keys to browsers) before the profile was shown.
        assert!(
            h.sandbox
                .requests()
                .iter()
                .any(|r| r.method == "GET" && r.path == "/oauth2/v2/jwks"),
            "the keys were fetched"
        );
        // The profile, the classes and the teachers came through the pass-through: the
        // companion logged each, and the sandbox answered each with 200.
        let log = h.log().join("\n");
        assert!(log.contains("POST /token 200"), "{log}");
        let api = api_requests(&h);
        for path in ["/v2/my/info", "/v2/oneroster/my/classes", "/teachers"] {
            assert!(
                api.iter().any(|r| r.path.ends_with(path)),
                "{path} was not requested: {api:#?}"
            );
        }
        let mount = format!(
            "GET /api/{}/v2/ 200",
            h.sandbox.api_origin().trim_start_matches("http://")
        );
        assert!(
            log.matches(&mount).count() >= api.len(),
            "every API call went through the companion ({} calls):\n{log}",
            api.len()
        );

        // Nothing issued, nor the secret, is anywhere a page can keep or leak it.
        let state = h.browser_state().await;
        for secret in h
            .sandbox
            .issued_tokens()
            .iter()
            .map(String::as_str)
            .chain([CLIENT_SECRET])
        {
            assert!(
                !state.contains(secret),
                "[{}] {secret} leaked into {state:?}",
                h.browser.name()
            );
        }
        assert!(
            !h.console_output().await.contains(CLIENT_SECRET),
            "the secret is in the console"
        );
        h.assert_no_page_errors().await;
    }
);

in_every_browser!(
    a_page_of_another_origin_cannot_read_the_companion,
    start = |browser| WithCompanion::start(browser),
    |h| {
        // Exactly what the app sends to redeem a code, with a made-up code.
        let token_endpoint = format!("{}/token", h.companion_url);
        let body = format!(
            "grant_type=authorization_code&code=made-up-code&redirect_uri={}&client_id={}&code_verifier={}",
            encode(&h.app_url),
            Seed::default_seed().client_id(),
            "v".repeat(43)
        );
        let probe = format!(
            "const done = arguments[0]; \
             fetch('{token_endpoint}', {{ method: 'POST', \
               headers: {{ 'content-type': 'application/x-www-form-urlencoded' }}, \
               body: '{body}' }}) \
               .then(r => r.text().then(t => done('read ' + r.status + ' ' + t)), \
                     e => done('refused'));"
        );
        // A page of another origin (a plain page of a site of its own, with no policy of its
        // own in the way) asks: the browser gets an answer without CORS, and the page cannot
        // read it.
        let elsewhere_dir =
            std::env::temp_dir().join(format!("companion-elsewhere-{}", std::process::id()));
        std::fs::create_dir_all(&elsewhere_dir).unwrap();
        std::fs::write(
            elsewhere_dir.join("index.html"),
            "<!doctype html><title>another site</title><p>another site</p>",
        )
        .unwrap();
        let elsewhere = StaticSite::start(&elsewhere_dir).await;
        h.goto(&elsewhere.url).await;
        let before = h.log().len();
        let answer = h.client.execute_async(&probe, vec![]).await.unwrap();
        assert_eq!(answer, json!("refused"), "[{}]", h.browser.name());
        // It did reach the companion, which refused it by its origin.
        let log = h.log()[before..].join("\n");
        assert!(
            log.contains("POST /token 403") && log.contains("refused=origin-not-allowed"),
            "{log}"
        );
        assert!(
            !log.contains("POST /token 200") && h.sandbox.token_requests().is_empty(),
            "nothing went on to the provider: {log}"
        );
        // The answer a page could not read: 403, the reason, and no CORS header at all.
        let origin = elsewhere.url.trim_end_matches('/').to_string();
        let companion = h.companion_url.clone();
        let refused = tokio::task::spawn_blocking(move || {
            raw_http::send(&companion, "POST", "/token", &[("Origin", &origin)])
        })
        .await
        .unwrap();
        assert_eq!(refused.status, 403);
        assert_eq!(
            refused.header("token-companion-refusal"),
            Some("origin-not-allowed")
        );
        assert!(
            refused
                .headers
                .iter()
                .all(|(name, _)| !name.starts_with("access-control-")),
            "{:?}",
            refused.headers
        );

        // The app's own page asks the same: it reads the provider's answer (the made-up code
        // refused with invalid_grant, so the secret the companion added was accepted).
        h.open_app().await;
        h.wait_for("sign-in").await;
        let answer = h.client.execute_async(&probe, vec![]).await.unwrap();
        let answer = answer.as_str().unwrap_or_default().to_string();
        assert!(
            answer.starts_with("read 400") && answer.contains("invalid_grant"),
            "{answer}"
        );
        let exchanges = h.sandbox.token_requests();
        assert_eq!(exchanges.len(), 1, "{exchanges:#?}");
        assert_eq!(exchanges[0].client_auth, ClientAuth::ClientSecretPost);
        assert_eq!(exchanges[0].status, 400);
    }
);

in_every_browser!(
    the_companion_logs_no_code_token_verifier_or_secret,
    start = |browser| WithCompanion::start(browser),
    |h| {
        h.sandbox.clear_requests();
        h.open_app().await;
        h.wait_for("sign-in").await;
        // The PKCE verifier waits in the tab's sessionStorage until the callback takes it
        // out; a copy kept in localStorage (the app's origin, across the round trip) lets the
        // test look for it in the log.
        h.eval(
            "(function () { var set = Storage.prototype.setItem; \
             Storage.prototype.setItem = function (key, value) { \
               if (this === sessionStorage && String(value).indexOf('code_verifier') >= 0) \
                 localStorage.setItem('e2e.pending-copy', value); \
               return set.call(this, key, value); }; return true; })()",
        )
        .await;
        h.sign_in_as("reading.student").await;
        h.wait_for("class-teachers").await;
        let pending = h.eval("localStorage.getItem('e2e.pending-copy')").await;
        let pending: serde_json::Value =
            serde_json::from_str(pending.as_str().expect("the pending sign-in was written"))
                .expect("the pending sign-in is JSON");
        let verifier = pending["code_verifier"]
            .as_str()
            .expect("the pending sign-in holds a verifier")
            .to_string();
        assert_eq!(verifier.len(), 43);

        let log = h.log();
        assert!(
            log.len() >= 4,
            "a token request and the API calls: {log:#?}"
        );
        let log = log.join("\n");
        let issued = h.sandbox.issued_tokens();
        assert!(issued.len() >= 2, "a code and a token were issued");
        for secret in issued
            .iter()
            .map(String::as_str)
            .chain([CLIENT_SECRET, verifier.as_str()])
        {
            assert!(
                !log.contains(secret),
                "{secret} is in the companion's log:\n{log}"
            );
        }
        // What it does log: method, route, status and time, and nothing of the student's (the
        // route names the API prefix, never the path with the student's ids).
        for line in log.lines() {
            let words: Vec<&str> = line.split(' ').collect();
            assert!(
                (4..=5).contains(&words.len()) && words[3].ends_with("ms"),
                "{line}"
            );
            assert!(!line.contains("oneroster") && !line.contains('?'), "{line}");
        }
    }
);

/// Opens `?check`, waits for every line, and returns the token line's verdict and text.
async fn token_line_of_the_check(h: &WithCompanion) -> (String, String) {
    h.open_self_check().await;
    verdict_and_text(h, "token").await
}

async fn verdict_and_text(h: &WithCompanion, id: &str) -> (String, String) {
    let line = h.wait_for(&format!("check-{id}")).await;
    let verdict = line.attr("data-verdict").await.unwrap().unwrap_or_default();
    (verdict, h.text(&format!("check-{id}")).await)
}

in_every_browser!(
    the_self_check_proves_the_companion,
    start = |browser| WithCompanion::start(browser),
    |h| {
        let (verdict, token) = token_line_of_the_check(&h).await;
        assert_eq!(verdict, "passed", "{token}");
        assert!(
            token.contains("The token endpoint is the companion")
                && token.contains("invalid_grant")
                && token.contains(&format!("{}/token", h.companion_url))
                && token.contains("Token-Companion: 1"),
            "{token}"
        );
        // The made-up code went on to the provider, with the secret the companion added.
        let exchanges = h.sandbox.token_requests();
        assert_eq!(exchanges.len(), 1, "{exchanges:#?}");
        assert_eq!(exchanges[0].client_auth, ClientAuth::ClientSecretPost);
        assert_eq!(exchanges[0].status, 400);
        // Nothing was issued (the sandbox lists the client's secret among its secrets).
        let issued = h.sandbox.issued_tokens();
        assert!(issued.iter().all(|t| t == CLIENT_SECRET), "{issued:?}");
        // The APIs answer this page through the pass-through.
        for id in ["profile", "classes"] {
            let (verdict, text) = verdict_and_text(&h, id).await;
            assert_eq!(verdict, "passed", "{text}");
        }
        h.assert_no_page_errors().await;
    }
);

in_every_browser!(
    the_self_check_names_a_secret_the_provider_refuses_through_the_companion,
    start = |browser| WithCompanion::start_configured(browser, |settings| {
        settings.retain(|(name, _)| *name != vars::CLIENT_SECRET);
        settings.push((vars::CLIENT_SECRET, "not-the-registered-secret".into()));
    }),
    |h| {
        let (verdict, token) = token_line_of_the_check(&h).await;
        assert_eq!(verdict, "failed", "{token}");
        assert!(
            token.contains("refused its client credentials")
                && token.contains("COMPANION_CLIENT_SECRET")
                && token.contains("invalid_client"),
            "{token}"
        );
    }
);

in_every_browser!(
    the_self_check_names_a_refusal_of_the_companions_own,
    start = |browser| WithCompanion::start_configured(browser, |settings| {
        settings.retain(|(name, _)| *name != vars::REDIRECT_URIS);
        settings.push((vars::REDIRECT_URIS, "http://127.0.0.1:9/elsewhere/".into()));
    }),
    |h| {
        let (verdict, token) = token_line_of_the_check(&h).await;
        assert_eq!(verdict, "failed", "{token}");
        assert!(
            token.contains("refused this page's request itself")
                && token.contains("Token-Companion-Refusal: redirect-uri"),
            "{token}"
        );
        assert!(
            h.sandbox.token_requests().is_empty(),
            "nothing reached the provider"
        );
    }
);
