//! The shipped nginx recipe, proved: a real nginx serves a copy of the built app under a
//! sub-path with deploy/nginx/classlink-portal.conf, rendered by deploy/render.py as
//! scripts/release.sh renders it. Every header the recipe promises is checked on every kind
//! of file, then a student signs in through it in each browser, against a sandbox that does
//! not serve the app (the host does), with no CSP violation; and the deployment self-check
//! (`check/`) run through it passes its host line.

use std::path::PathBuf;
use std::time::Duration;

use classlink_e2e::browser::Session;
use classlink_e2e::harness::{current_class_titles, display_name, dist_dir, WAIT};
use classlink_e2e::nginx::{self, get, Nginx, Response};
use classlink_e2e::Browser;
use classlink_sandbox::{Options, Running, Seed};
use fantoccini::{Client, Locator};
use serde_json::{json, Value};

/// Deeper than the other tests' `/portal/`: relative URLs must hold two levels down.
const APP_PATH: &str = "/district/portal/";

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const HSTS: &str = "max-age=63072000; includeSubDomains";

/// A host as a district would set it up: the release's files and a config.json in a folder,
/// nginx with the recipe in front, ClassLink (the sandbox) elsewhere.
struct Deployment {
    nginx: Nginx,
    sandbox: Running,
    app_url: String,
    /// The copy of dist/ nginx serves.
    site: PathBuf,
}

impl Deployment {
    async fn start() -> Deployment {
        let dist = dist_dir();
        let dir = nginx::scratch_dir("nginx");
        let site = dir.join("www").join(APP_PATH.trim_matches('/'));
        std::fs::create_dir_all(&site).expect("the site folder");
        copy_release(&dist, &site);
        nginx::render_recipes(&site, &dir.join("recipes"));
        let recipe = std::fs::read_to_string(dir.join("recipes/nginx/classlink-portal.conf"))
            .expect("the rendered nginx recipe");

        let port = nginx::free_port();
        let origin = format!("http://127.0.0.1:{port}");
        let app_url = format!("{origin}{APP_PATH}");
        let mut options = Options::new(Seed::default_seed());
        options.redirect_uris = vec![app_url.clone()];
        options.app_origins = vec![origin];
        let sandbox = classlink_sandbox::start(options)
            .await
            .expect("the sandbox starts");
        std::fs::write(site.join("config.json"), config_for(&sandbox).to_string())
            .expect("writing config.json");

        let nginx = Nginx::start(&dir, port, &recipe, APP_PATH, &dir.join("www"));
        Deployment {
            nginx,
            sandbox,
            app_url,
            site,
        }
    }

    /// The self-check's hashed file whose name ends so.
    fn check_asset(&self, suffix: &str) -> String {
        std::fs::read_dir(self.site.join("check"))
            .expect("reading check/")
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .find(|name| name.ends_with(suffix))
            .map(|name| format!("check/{name}"))
            .unwrap_or_else(|| panic!("no check/*{suffix} in dist/"))
    }

    fn get(&self, file: &str) -> Response {
        get(&self.nginx.origin, &format!("{APP_PATH}{file}"))
    }

    /// The hashed file of dist/ whose name ends so.
    fn asset(&self, suffix: &str) -> String {
        std::fs::read_dir(&self.site)
            .expect("reading the site")
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .find(|name| name.ends_with(suffix))
            .unwrap_or_else(|| panic!("no *{suffix} in dist/"))
    }

    async fn finish(self) {
        self.sandbox.shutdown().await;
    }
}

/// config.json as the sandbox generates it for the app it serves (sandbox/src/hosting/app_listener.rs):
/// the issuer (whose discovery names the OAuth endpoints) and the nodeapi routes.
fn config_for(sandbox: &Running) -> Value {
    let origin = sandbox.api_origin();
    let mut config = json!({
        "client_id": Seed::default_seed().client_id(),
        "issuer": sandbox.issuer(),
        "profile_endpoint": format!("{origin}/v2/my/info"),
        "classes_endpoint": format!("{origin}/v2/oneroster/my/classes"),
        "teachers_endpoint": format!("{origin}/v2/oneroster/my/classes/{{classSourcedId}}/teachers"),
    });
    if sandbox.issuer() != origin {
        config["authorization_endpoint"] = json!(format!("{origin}/oauth2/v2/auth"));
        config["token_endpoint"] = json!(format!("{origin}/oauth2/v2/token"));
        config["jwks_uri"] = json!(format!("{origin}/oauth2/v2/jwks"));
    }
    config
}

/// dist/ as a release ships it: every file and check/ (the self-check), but no config.json
/// (a district writes its own).
fn copy_release(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("the site folder");
    for entry in std::fs::read_dir(from).expect("reading dist/") {
        let path = entry.expect("a dist/ entry").path();
        let name = path.file_name().unwrap();
        if path.is_dir() {
            copy_release(&path, &to.join(name));
        } else if name != "config.json" {
            std::fs::copy(&path, to.join(name)).expect("copying dist/");
        }
    }
}

/// The policy in a built page's meta tag, read here without deploy/render.py.
fn meta_policy(index_html: &str) -> String {
    let start = index_html
        .find("default-src 'none'")
        .expect("a CSP in index.html");
    let end = start + index_html[start..].find('"').expect("the policy's end");
    index_html[start..end].to_string()
}

/// The one header policy for both pages: index.html's, its script-src also allowing the
/// self-check page's inline scripts (the pages differ in nothing else).
fn header_policy(index_html: &str, check_html: &str) -> String {
    let policy = meta_policy(index_html);
    let check_policy = meta_policy(check_html);
    let extra: Vec<&str> = check_policy
        .split_whitespace()
        .map(|s| s.trim_end_matches(';'))
        .filter(|s| s.starts_with("'sha256-") && !policy.contains(*s))
        .collect::<Vec<_>>();
    policy
        .split(';')
        .map(str::trim)
        .map(|directive| {
            if directive.starts_with("script-src ") && !extra.is_empty() {
                format!("{directive} {}", extra.join(" "))
            } else {
                directive.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The headers every response of the app carries, whatever the file.
fn assert_security_headers(what: &str, response: &Response, policy: &str) {
    let header = |name: &str| {
        response
            .header(name)
            .unwrap_or_else(|| panic!("{what}: no {name} in {:?}", response.headers))
            .to_string()
    };
    assert_eq!(
        header("content-security-policy"),
        format!("{policy}; frame-ancestors 'none'"),
        "{what}"
    );
    assert_eq!(header("x-content-type-options"), "nosniff", "{what}");
    assert_eq!(header("referrer-policy"), "no-referrer", "{what}");
    assert_eq!(header("strict-transport-security"), HSTS, "{what}");
    let permissions = header("permissions-policy");
    for feature in ["camera", "microphone", "geolocation", "payment", "usb"] {
        assert!(
            permissions.contains(&format!("{feature}=()")),
            "{what}: {feature} not denied in {permissions}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_nginx_recipe_sends_every_header_on_every_file() {
    let d = Deployment::start().await;
    let index_html = std::fs::read_to_string(d.site.join("index.html")).unwrap();
    let check_html = std::fs::read_to_string(d.site.join("check/index.html")).unwrap();
    let policy = header_policy(&index_html, &check_html);
    assert!(!policy.contains("TRUNK-LOADER") && !policy.contains("CONFIG-PREFETCH"));

    let (js, wasm, css) = (d.asset(".js"), d.asset("_bg.wasm"), d.asset(".css"));
    let check_wasm = d.check_asset("_bg.wasm");
    // Trunk writes its 64-bit hash in hex without leading zeros, so one build in 16 names its
    // files with 15 digits (a fresh machine's build did): hashed all the same.
    let short_hash_js = "classlink-portal-abcdef012345678.js";
    std::fs::copy(d.site.join(&js), d.site.join(short_hash_js)).unwrap();
    // (file as requested, the file on disk, content type, cache-control)
    let cases = [
        ("", "index.html", "text/html", "no-cache"),
        ("index.html", "index.html", "text/html", "no-cache"),
        ("config.json", "config.json", "application/json", "no-cache"),
        (js.as_str(), js.as_str(), "text/javascript", IMMUTABLE),
        (short_hash_js, short_hash_js, "text/javascript", IMMUTABLE),
        (wasm.as_str(), wasm.as_str(), "application/wasm", IMMUTABLE),
        (css.as_str(), css.as_str(), "text/css", IMMUTABLE),
        ("check/", "check/index.html", "text/html", "no-cache"),
        (
            check_wasm.as_str(),
            check_wasm.as_str(),
            "application/wasm",
            IMMUTABLE,
        ),
    ];
    for (requested, on_disk, content_type, cache) in cases {
        let what = format!("{APP_PATH}{requested}");
        let response = d.get(requested);
        assert_eq!(response.status, 200, "{what}: {:?}", response.headers);
        assert_eq!(
            response.body,
            std::fs::read(d.site.join(on_disk)).unwrap(),
            "{what}: not the file"
        );
        assert_security_headers(&what, &response, &policy);
        let served_type = response.header("content-type").unwrap_or_default();
        assert_eq!(
            served_type.split(';').next().unwrap(),
            content_type,
            "{what}"
        );
        if content_type != "application/wasm" {
            assert!(
                served_type.contains("charset=utf-8"),
                "{what}: {served_type}"
            );
        }
        assert_eq!(response.header("cache-control"), Some(cache), "{what}");
    }

    // No rewrite: a path that is no file is a 404 (with the headers), not index.html.
    let missing = d.get("some/route");
    assert_eq!(missing.status, 404);
    assert_security_headers("a 404", &missing, &policy);
    // The sub-path without its slash is redirected to the registered URL.
    let bare = get(&d.nginx.origin, APP_PATH.trim_end_matches('/'));
    assert_eq!(bare.status, 301);
    assert!(
        bare.header("location")
            .is_some_and(|l| l.ends_with(APP_PATH)),
        "{:?}",
        bare.headers
    );
    d.finish().await;
}

/// Chromium's console lines about a policy: CSP violations, and Permissions-Policy
/// features it does not know.
fn policy_complaints(log: &str) -> Vec<&str> {
    log.lines()
        .filter(|line| {
            line.contains("Content Security Policy")
                || line.contains("Content-Security-Policy")
                || line.contains("Permissions-Policy")
                || line.contains("Unrecognized feature")
        })
        .collect()
}

async fn wait_for(client: &Client, browser: Browser, css: &str) -> fantoccini::elements::Element {
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("[{}] {css} never appeared: {e}", browser.name()))
}

async fn click(client: &Client, browser: Browser, css: &str) {
    wait_for(client, browser, css)
        .await
        .click()
        .await
        .expect("click");
}

async fn eval(client: &Client, script: &str) -> Value {
    client
        .execute(script, vec![])
        .await
        .unwrap_or_else(|e| panic!("{script}: {e}"))
}

/// Whether the app, framed by a page of its own origin, rendered (`None`: not decided yet). A
/// frame of a page without the policy (another 404 outside the app's location) is the
/// control: it loads and is readable, so the app's frame had every chance to.
async fn framing(client: &Client) -> Option<bool> {
    let value = eval(
        client,
        "const [control, app] = ['control', 'app'].map(id => document.getElementById(id)); \
         const read = f => { try { return f.contentDocument; } catch (e) { return null; } }; \
         const controlText = read(control)?.body?.textContent || ''; \
         if (!controlText.includes('404') || !app.dataset.loaded) return null; \
         return read(app)?.title === 'My Classes';",
    )
    .await;
    value.as_bool()
}

async fn sign_in_through_nginx(d: &Deployment, browser: Browser) {
    let session = Session::start(browser, 1280, 900).await;
    let client = session.client.clone();
    client.goto(&d.app_url).await.expect("opening the app");
    click(&client, browser, "[data-testid='sign-in']").await;
    click(&client, browser, "[id='user-reading.student']").await;
    click(&client, browser, "#allow").await;
    let name = wait_for(&client, browser, "[data-testid='profile-name']")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        name,
        display_name("reading.student"),
        "[{}]",
        browser.name()
    );
    wait_for(&client, browser, "[data-testid='class-item']").await;
    let titles = client
        .find_all(Locator::Css("[data-testid='class-title']"))
        .await
        .unwrap()
        .len();
    assert_eq!(titles, current_class_titles("reading.student").len());
    assert_eq!(
        client.current_url().await.unwrap().as_str(),
        d.app_url,
        "[{}] back on the page's own URL, query removed",
        browser.name()
    );
    let log = || std::fs::read_to_string(&session.log).unwrap_or_default();
    if browser == Browser::Chrome {
        // Firefox prints CSP violations outside the console API (see leaks.rs): there, the
        // journey completing under the header policy is the proof.
        assert_eq!(
            policy_complaints(&log()),
            Vec::<&str>::new(),
            "complaints about the policies during the journey"
        );
    }

    // frame-ancestors 'none' holds, which the meta policy alone cannot do. The framing page
    // is nginx's own 404 outside the app's location: same origin, and no policy of its own
    // (the app's default-src 'none' would refuse any frame in it).
    client
        .goto(&format!("{}/outside-the-app", d.nginx.origin))
        .await
        .expect("opening a page outside the app");
    eval(
        &client,
        &format!(
            "for (const [id, src] of [['control', '/also-outside-the-app'], ['app', '{APP_PATH}']]) {{ \
               const f = document.createElement('iframe'); f.id = id; \
               f.onload = () => {{ f.dataset.loaded = '1'; }}; f.src = src; \
               document.body.append(f); }} return true;"
        ),
    )
    .await;
    let deadline = tokio::time::Instant::now() + WAIT;
    let rendered = loop {
        if let Some(rendered) = framing(&client).await {
            break rendered;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "[{}] the frames never loaded",
            browser.name()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(
        !rendered,
        "[{}] the app rendered in a frame",
        browser.name()
    );
    if browser == Browser::Chrome {
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert!(
            policy_complaints(&log())
                .iter()
                .any(|line| line.contains("frame-ancestors")),
            "the refused frame was not reported, so the check above could not see a violation"
        );
    }
    let _ = client.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_signs_in_through_nginx_with_the_recipe() {
    for browser in Browser::selected() {
        let d = Deployment::start().await;
        sign_in_through_nginx(&d, browser).await;
        let errors: Vec<String> = d
            .nginx
            .error_log()
            .lines()
            // The control frame's 404 and the browser's favicon.ico are outside the app.
            .filter(|l| (l.contains("[error]") || l.contains("[warn]")) && l.contains(APP_PATH))
            .map(str::to_string)
            .collect();
        assert_eq!(errors, Vec::<String>::new(), "nginx complained");
        d.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_self_check_through_nginx_passes_its_host_line() {
    for browser in Browser::selected() {
        let d = Deployment::start().await;
        let session = Session::start(browser, 1280, 900).await;
        let client = session.client.clone();
        client
            .goto(&format!("{}?check", d.app_url))
            .await
            .expect("opening the self-check");
        wait_for(
            &client,
            browser,
            "[data-testid='self-check'][aria-busy='false']",
        )
        .await;
        for (id, expected) in [
            ("config", "passed"),
            ("discovery", "passed"),
            ("token", "passed"),
            ("profile", "passed"),
            ("classes", "passed"),
            ("host", "passed"),
        ] {
            let line = wait_for(&client, browser, &format!("[data-testid='check-{id}']")).await;
            let verdict = line.attr("data-verdict").await.unwrap().unwrap_or_default();
            assert_eq!(
                verdict,
                expected,
                "[{}] {id}: {}",
                browser.name(),
                line.text().await.unwrap_or_default()
            );
        }
        let _ = client.close().await;
        d.finish().await;
    }
}

/// Every recipe, rendered as the archive's are, states every header the issue asks of a host:
/// the release's policy with `frame-ancestors 'none'`, nosniff, no-referrer, HSTS, the
/// Permissions-Policy, the wasm type (sent, or the host's own as its comment says), a year of
/// immutable caching for the hashed files, revalidation for the pages and config.json, and the
/// self-check's folder. Only nginx can run here; the others are held to the same text.
#[test]
fn every_recipe_states_every_header() {
    let dist = dist_dir();
    let out = nginx::scratch_dir("recipes");
    nginx::render_recipes(&dist, &out);
    let index_html = std::fs::read_to_string(dist.join("index.html")).unwrap();
    let check_html = std::fs::read_to_string(dist.join("check/index.html")).unwrap();
    let policy = format!(
        "{}; frame-ancestors 'none'",
        header_policy(&index_html, &check_html)
    );
    let read_all = |host: &str| -> String {
        let dir = out.join(host);
        let mut text = String::new();
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{host}: {e}")) {
            let path = entry.unwrap().path();
            text.push_str(&std::fs::read_to_string(&path).unwrap());
        }
        text
    };
    let common = [
        policy.as_str(),
        "no-referrer",
        "camera=()",
        "microphone=()",
        "max-age=31536000, immutable",
        "no-cache",
        "application/wasm",
    ];
    // (host, what it must also say: its nosniff and HSTS spelling, and the self-check's files
    // where its rules name paths rather than patterns)
    let hosts: [(&str, &[&str]); 6] = [
        ("nginx", &["nosniff", "max-age=63072000; includeSubDomains"]),
        (
            "apache",
            &["nosniff", "max-age=63072000; includeSubDomains"],
        ),
        ("caddy", &["nosniff", "max-age=63072000; includeSubDomains"]),
        (
            "netlify",
            &["nosniff", "max-age=63072000; includeSubDomains", "/check/"],
        ),
        (
            "cloudflare-pages",
            &["nosniff", "max-age=63072000; includeSubDomains", "/check/"],
        ),
        (
            "s3-cloudfront",
            &[
                "\"ContentTypeOptions\"",
                "\"AccessControlMaxAgeSec\": 63072000",
                "\"IncludeSubdomains\": true",
                "check/",
            ],
        ),
    ];
    for (host, own) in hosts {
        let text = read_all(host);
        for needle in common.iter().chain(own.iter()) {
            assert!(text.contains(needle), "{host}: no {needle:?}");
        }
        assert!(!text.contains("@@"), "{host}: an unrendered placeholder");
    }
    // GitHub Pages can send no header: its README says what is lost instead.
    let pages = read_all("github-pages");
    for lost in [
        "frame-ancestors",
        "Strict-Transport-Security",
        "nosniff",
        "Cache-Control",
    ] {
        assert!(
            pages.contains(lost),
            "github-pages: does not say {lost} is lost"
        );
    }
}
