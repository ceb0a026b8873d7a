//! Never a blank page: when the page's code cannot start (its wasm corrupted on the way and
//! refused by Subresource Integrity, refused 403 by a school's web filter, missing, its JS
//! refused, a browser without WebAssembly) or stops with a panic after it started, the page
//! shows at once a short message in the student's language and a Reload button that reloads
//! (boot/start-failure.html and its script; src/crash_notice.rs for the panic). The app and
//! the self-check page (`check/`) alike. Served by a small static server
//! (`classlink_e2e::static_site`) that answers the chosen files with the chosen status.
//!
//! The panic comes from a test build (`--features panic-test`, which scripts/test.sh builds
//! into its own dist: `E2E_PANIC_TEST_DIST`); the release wasm is checked not to carry it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use classlink_e2e::a11y::{axe_violations, NARROWEST};
use classlink_e2e::browser::{Session, Settings};
use classlink_e2e::harness::{copy_of_dist, dist_dir, load_first, WAIT};
use classlink_e2e::static_site::StaticSite;
use classlink_e2e::Browser;
use fantoccini::{Client, Locator};
use serde_json::Value;

/// A page served by the static server, open in a browser.
struct Boot {
    browser: Browser,
    site: StaticSite,
    client: Client,
    _session: Session,
}

impl Boot {
    /// Serves `dir`; `refuse` (path suffix, status) applies before the page is opened.
    async fn start(browser: Browser, dir: &Path, refuse: &[(&str, u16)]) -> Boot {
        Self::start_with(browser, dir, refuse, Settings::window(1280, 900)).await
    }

    async fn start_with(
        browser: Browser,
        dir: &Path,
        refuse: &[(&str, u16)],
        settings: Settings,
    ) -> Boot {
        let site = StaticSite::start(dir).await;
        for (suffix, status) in refuse {
            site.refuse(suffix, *status);
        }
        let session = Session::start_with(browser, settings).await;
        Boot {
            browser,
            site,
            client: session.client.clone(),
            _session: session,
        }
    }

    async fn open(&self, path_and_query: &str) {
        let url = format!("{}{path_and_query}", self.site.url);
        self.client
            .goto(&url)
            .await
            .unwrap_or_else(|e| panic!("[{}] cannot load {url}: {e}", self.browser.name()));
    }

    /// The value of an expression; `None` while the page is between documents.
    async fn try_eval(&self, expression: &str) -> Option<Value> {
        self.client
            .execute(&format!("return ({expression});"), vec![])
            .await
            .ok()
    }

    async fn eval(&self, expression: &str) -> Value {
        self.try_eval(expression)
            .await
            .unwrap_or_else(|| panic!("[{}] {expression} failed", self.browser.name()))
    }

    async fn wait_until(&self, what: &str, expression: &str) {
        let deadline = tokio::time::Instant::now() + WAIT;
        while self.try_eval(&format!("!!({expression})")).await != Some(Value::Bool(true)) {
            assert!(
                tokio::time::Instant::now() < deadline,
                "[{}] timed out waiting for {what}",
                self.browser.name()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn wait_for_message(&self) {
        self.wait_until(
            "the start-failure message",
            "document.getElementById('start-failure')",
        )
        .await;
    }

    /// The message in `language` is shown, alone, with its Reload button focused; nothing
    /// else of the page is visible. Then Reload loads the page again from the server (a new
    /// document), where the message shows again (what broke is still broken), or the app runs.
    async fn assert_message_then_reload(
        &self,
        page_path: &str,
        language: Language,
        after: AfterReload,
    ) {
        let tag = self.browser.name();
        self.wait_for_message().await;
        let (heading, button) = language.words();
        let shown = self
            .eval(
                "(function () { var box = document.getElementById('start-failure'); \
                 var visible = Array.prototype.filter.call(document.body.children, function (e) { \
                   return e.getClientRects().length > 0; }); \
                 return { heading: box.querySelector('h1').textContent, \
                   lang: box.querySelector('[role=alert]').lang, \
                   blocks: box.querySelectorAll('[role=alert]').length, \
                   button: box.querySelector('button').textContent, \
                   focused: document.activeElement === box.querySelector('button'), \
                   visible: visible.map(function (e) { return e.id; }) }; })()",
            )
            .await;
        assert_eq!(shown["heading"], heading, "[{tag}] {shown}");
        assert_eq!(shown["lang"], language.code(), "[{tag}] {shown}");
        assert_eq!(shown["blocks"], 1, "[{tag}] one language: {shown}");
        assert_eq!(shown["button"], button, "[{tag}] {shown}");
        assert_eq!(
            shown["visible"],
            serde_json::json!(["start-failure"]),
            "[{tag}] only the message shows: {shown}"
        );
        // Focus moves to the button after the failing task: give it that task.
        self.wait_until(
            "the Reload button to take the focus",
            "document.activeElement && document.activeElement.matches('[data-testid=start-failure-reload]')",
        )
        .await;

        let loads = self.site.count(|path| path == page_path);
        self.eval("window.beforeReload = true").await;
        self.client
            .find(Locator::Css("[data-testid='start-failure-reload']"))
            .await
            .expect("the Reload button")
            .click()
            .await
            .expect("pressing Reload");
        self.wait_until(
            "a new document after Reload",
            "window.beforeReload === undefined && document.readyState !== 'loading'",
        )
        .await;
        match after {
            AfterReload::MessageAgain => self.wait_for_message().await,
            AfterReload::AppRuns => {
                self.wait_for_app().await;
                assert_eq!(
                    self.eval("document.getElementById('start-failure') === null")
                        .await,
                    Value::Bool(true),
                    "[{tag}] the app runs, no message"
                );
            }
        }
        assert_eq!(
            self.site.count(|path| path == page_path),
            loads + 1,
            "[{tag}] Reload asked the server for the page again: {:?}",
            self.site.served()
        );
    }

    /// Until the app has started: mounted, and announced by Trunk's loader (which sets
    /// `wasmBindings` just before).
    async fn wait_for_app(&self) {
        self.wait_until(
            "the app to start",
            "document.getElementById('main') && window.wasmBindings",
        )
        .await;
    }

    async fn finish(self) {
        let _ = self.client.close().await;
    }
}

/// What Reload leads to.
#[derive(Clone, Copy)]
enum AfterReload {
    MessageAgain,
    AppRuns,
}

#[derive(Clone, Copy)]
enum Language {
    English,
    Spanish,
}

impl Language {
    fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Spanish => "es",
        }
    }

    /// The heading and the button's label.
    fn words(self) -> (&'static str, &'static str) {
        match self {
            Language::English => ("Something went wrong", "Reload"),
            Language::Spanish => ("Algo salió mal", "Volver a cargar"),
        }
    }
}

/// In each browser: `page` of `dir` served with `refuse`, shows the English message, and Reload
/// shows it again.
async fn message_then_reload_in_every_browser(dir: &Path, refuse: &[(&str, u16)], page: &str) {
    for browser in Browser::selected() {
        let b = Boot::start(browser, dir, refuse).await;
        b.open(page).await;
        let path = format!("/{page}");
        b.assert_message_then_reload(&path, Language::English, AfterReload::MessageAgain)
            .await;
        b.finish().await;
    }
}

/// The app's wasm's file name in `dir`.
fn app_wasm(dir: &Path) -> PathBuf {
    std::fs::read_dir(dir)
        .expect("reading the dist")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.to_string_lossy().ends_with("_bg.wasm"))
        .unwrap_or_else(|| panic!("no wasm in {}", dir.display()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wasm_corrupted_on_the_way_shows_the_message_and_reload_reloads() {
    // Changed bytes, same name: only Subresource Integrity can tell.
    let dir = copy_of_dist("boot-corrupted");
    let wasm = app_wasm(&dir);
    let mut bytes = std::fs::read(&wasm).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    std::fs::write(&wasm, bytes).unwrap();
    message_then_reload_in_every_browser(&dir, &[], "").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wasm_refused_by_a_web_filter_or_missing_shows_the_message() {
    for status in [403, 404] {
        message_then_reload_in_every_browser(&dist_dir(), &[("_bg.wasm", status)], "").await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_s_javascript_refused_shows_the_message() {
    message_then_reload_in_every_browser(&dist_dir(), &[(".js", 403)], "").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_browser_without_webassembly_shows_the_message() {
    // A browser without WebAssembly, imitated: a script of the page's origin (which its CSP
    // allows) removes it before anything else runs.
    let dir = copy_of_dist("boot-no-wasm");
    std::fs::write(dir.join("no-wasm.js"), "delete window.WebAssembly;").unwrap();
    load_first(&dir.join("index.html"), "no-wasm.js");
    message_then_reload_in_every_browser(&dir, &[], "").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_download_that_never_ends_shows_still_loading_not_the_failure() {
    // Nothing has failed yet: the CSS-only "Still loading…" shows after its delay.
    for browser in Browser::selected() {
        let b = Boot::start(browser, &dist_dir(), &[]).await;
        b.site.stall("_bg.wasm");
        b.open("").await;
        b.wait_until(
            "the still-loading fallback to show",
            "getComputedStyle(document.getElementById('boot-fallback')).visibility === 'visible'",
        )
        .await;
        assert_eq!(
            b.eval("document.getElementById('start-failure') === null")
                .await,
            Value::Bool(true),
            "[{}] a slow download is not a failure",
            browser.name()
        );
        b.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_self_check_page_shows_the_message_when_its_wasm_is_refused() {
    message_then_reload_in_every_browser(&dist_dir(), &[("_bg.wasm", 403)], "check/").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spanish_browser_gets_the_message_in_spanish() {
    for browser in Browser::selected() {
        let settings = Settings {
            language: Some("es-MX"),
            ..Settings::window(1280, 900)
        };
        let b = Boot::start_with(browser, &dist_dir(), &[("_bg.wasm", 404)], settings).await;
        b.open("").await;
        b.assert_message_then_reload("/", Language::Spanish, AfterReload::MessageAgain)
            .await;
        b.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_message_passes_axe_and_fits_320px_in_both_themes() {
    for browser in Browser::selected() {
        for dark in [false, true] {
            let settings = Settings {
                dark,
                ..Settings::window(NARROWEST, 800)
            };
            let b = Boot::start_with(browser, &dist_dir(), &[("_bg.wasm", 403)], settings).await;
            b.open("").await;
            b.wait_for_message().await;
            let tag = format!(
                "[{}/{}]",
                browser.name(),
                if dark { "dark" } else { "light" }
            );
            assert_eq!(
                b.eval("matchMedia('(prefers-color-scheme: dark)').matches")
                    .await,
                Value::Bool(dark),
                "{tag} the browser's theme"
            );
            let violations = axe_violations(&b.client).await;
            assert!(violations.is_empty(), "{tag}\n{}", violations.join("\n"));
            let widths = b
                .eval("[document.documentElement.scrollWidth, document.documentElement.clientWidth, innerWidth]")
                .await;
            assert!(
                widths[0].as_u64() <= widths[1].as_u64(),
                "{tag} the message scrolls sideways: {widths}"
            );
            b.finish().await;
        }
    }
}

/// The test build with the panic trigger: `E2E_PANIC_TEST_DIST`, else `dist-panic-test` in
/// the target dir (where scripts/test.sh builds it).
fn panic_test_dist() -> PathBuf {
    let dir = std::env::var_os("E2E_PANIC_TEST_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            std::env::var_os("CARGO_TARGET_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"))
                .join("dist-panic-test")
        });
    assert!(
        dir.join("index.html").exists(),
        "{} has no index.html: build it with `trunk build --features panic-test --dist {0}` \
         (scripts/test.sh does)",
        dir.display()
    );
    dir
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_after_start_shows_the_message_instead_of_a_dead_page() {
    let dir = panic_test_dist();
    // The page's own listeners for errors stand down once the app has started: after that,
    // only the panic hook can show the message. The control proves it: with the hook's call
    // to the page made a no-op, the panic happens and nothing shows.
    let panic_and_record = "(addEventListener('error', function () { window.trapped = true; }), \
         window.dispatchEvent(new Event('panic-test')), true)";
    for browser in Browser::selected() {
        let tag = browser.name();
        let b = Boot::start(browser, &dir, &[]).await;
        b.open("").await;
        b.wait_for_app().await;
        b.eval("(window.showStartFailure = function () {}, true)")
            .await;
        b.eval(panic_and_record).await;
        b.wait_until("the panic", "window.trapped").await;
        assert_eq!(
            b.eval("document.getElementById('start-failure') === null")
                .await,
            Value::Bool(true),
            "[{tag}] without the hook's call, no message: the hook is what shows it"
        );

        b.open("").await;
        b.wait_for_app().await;
        b.eval(panic_and_record).await;
        b.assert_message_then_reload("/", Language::English, AfterReload::AppRuns)
            .await;
        b.finish().await;
    }
}

/// Whether `needle` is in the file's bytes.
fn contains(file: &Path, needle: &[u8]) -> bool {
    std::fs::read(file)
        .unwrap_or_else(|e| panic!("{}: {e}", file.display()))
        .windows(needle.len())
        .any(|w| w == needle)
}

#[test]
fn the_release_wasm_carries_no_panic_trigger() {
    let trigger = b"panic-test";
    let release = app_wasm(&dist_dir());
    assert!(
        !contains(&release, trigger),
        "{} has the test build's panic trigger",
        release.display()
    );
    // The control: the search finds the trigger where it is.
    let test_build = app_wasm(&panic_test_dist());
    assert!(
        contains(&test_build, trigger),
        "{} should have the trigger",
        test_build.display()
    );
}
