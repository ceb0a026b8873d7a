//! The wasm is downloaded once per page load, in every engine, in a normal profile and in a
//! fresh ephemeral one (a private window; WebKit's WebDriver sessions are always ephemeral,
//! as Private Browsing is), whether the host keeps the hashed files (as the shipped recipes
//! do) or has every file revalidated. Counted at the server (`classlink_e2e::static_site`),
//! once the app has run: its config.json names this server as the issuer, so the app's
//! request for the discovery document is the sign that the wasm was fetched, compiled and
//! started. (With Trunk's preload beside the loader's fetch it came twice in WebKit's
//! ephemeral profiles, and in Firefox from a host that revalidates everything.)
//!
//! WebKit's normal profile cannot be had through its WebDriver: MiniBrowser is launched by
//! itself there, in a fresh data folder, under the same X display.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use classlink_e2e::browser::{Session, Settings, MINIBROWSER};
use classlink_e2e::harness::{copy_of_dist, WAIT};
use classlink_e2e::static_site::StaticSite;
use classlink_e2e::Browser;
use serde_json::json;

const DISCOVERY: &str = "/.well-known/openid-configuration";

/// Serves a fresh copy of dist/ whose config.json makes the site itself the issuer (and the
/// API), and says how many times the wasm was asked for once `load` has brought the app far
/// enough to ask for discovery.
async fn wasm_requests(label: &str, revalidate_all: bool, load: impl AsyncFnOnce(&str)) -> usize {
    let dir = copy_of_dist(label);
    let site = StaticSite::start(&dir).await;
    if revalidate_all {
        site.revalidate_all();
    }
    let origin = site.url.trim_end_matches('/');
    let config = json!({
        "client_id": "wasm-download-test",
        "issuer": origin,
        "profile_endpoint": format!("{origin}/v2/my/info"),
        "classes_endpoint": format!("{origin}/v2/oneroster/my/classes"),
    });
    std::fs::write(dir.join("config.json"), config.to_string()).expect("config.json");
    load(&site.url).await;
    let deadline = tokio::time::Instant::now() + WAIT;
    while site.count(|path| path == DISCOVERY) == 0 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "[{label}] the app never asked for discovery: {:?}",
            site.served()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = std::fs::remove_dir_all(&dir);
    site.count(|path| path.ends_with("_bg.wasm"))
}

/// Through WebDriver, in a normal or a private window.
async fn through_webdriver(browser: Browser, private: bool, revalidate_all: bool) -> usize {
    let label = format!(
        "{}-{}",
        browser.name(),
        if private { "ephemeral" } else { "normal" }
    );
    let settings = Settings {
        private,
        ..Settings::window(1280, 900)
    };
    let session = Session::start_with(browser, settings).await;
    let client = session.client.clone();
    let count = wasm_requests(&label, revalidate_all, async |url| {
        client.goto(url).await.expect("the app loads");
    })
    .await;
    let _ = client.close().await;
    count
}

/// MiniBrowser by itself (no automation, so not ephemeral), in a fresh data folder.
async fn webkit_normal_profile(revalidate_all: bool) -> usize {
    let home =
        std::env::temp_dir().join(format!("classlink-e2e-minibrowser-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home).expect("a home for MiniBrowser");
    let mut browser = None;
    let count = wasm_requests("webkit-normal", revalidate_all, async |url| {
        browser = Some(launch_minibrowser(&home, url));
    })
    .await;
    if let Some(mut child) = browser {
        let _ = child.kill();
        let _ = child.wait();
    }
    let _ = std::fs::remove_dir_all(&home);
    count
}

fn launch_minibrowser(home: &Path, url: &str) -> std::process::Child {
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "MiniBrowser needs an X display: run under xvfb-run -a"
    );
    Command::new(std::env::var("MINIBROWSER").unwrap_or_else(|_| MINIBROWSER.to_string()))
        .arg(url)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("MiniBrowser starts")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_wasm_is_downloaded_once_in_a_normal_and_an_ephemeral_profile() {
    for browser in Browser::selected() {
        for revalidate_all in [false, true] {
            let normal = match browser {
                Browser::WebKit => webkit_normal_profile(revalidate_all).await,
                _ => through_webdriver(browser, false, revalidate_all).await,
            };
            let ephemeral = through_webdriver(browser, true, revalidate_all).await;
            assert_eq!(
                (normal, ephemeral),
                (1, 1),
                "[{}] wasm requests (normal profile, ephemeral profile){}",
                browser.name(),
                if revalidate_all {
                    ", every file no-cache"
                } else {
                    ""
                }
            );
        }
    }
}
