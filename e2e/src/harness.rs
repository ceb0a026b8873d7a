//! One test's world: a sandbox that also serves the built app, and a browser session.
//!
//! The app is served from a copy of `dist/` whose pages load a small recorder first
//! ([`PAGE_ERRORS_JS`]): every uncaught exception, unhandled rejection and `console.error` of
//! the page is kept, across the tab's navigations, for [`Harness::assert_no_page_errors`]. It
//! works alike in every engine, where the driver logs carry the console in Chromium and
//! Firefox only (WebKit's driver has no log endpoint).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use classlink_sandbox::{Fault, FaultKind, FaultTarget, Options, Running, Seed, ServeApp};
use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use serde_json::Value;

use crate::browser::{find_across_navigations, text_across_renders, Browser, Session};

/// Longest wait for anything the app should show.
pub const WAIT: Duration = Duration::from_secs(20);
/// Where the app is hosted: a sub-path, to prove relative asset URLs work.
pub const APP_PATH: &str = "/portal/";

pub struct Harness {
    pub browser: Browser,
    pub sandbox: Running,
    pub app_url: String,
    pub client: Client,
    _session: Session,
}

/// What the browser holds after the journey, for leak checks.
#[derive(Debug)]
pub struct BrowserState {
    pub local_storage: String,
    pub session_storage: String,
    pub cookies: String,
    pub href: String,
}

impl BrowserState {
    pub fn contains(&self, secret: &str) -> bool {
        [
            &self.local_storage,
            &self.session_storage,
            &self.cookies,
            &self.href,
        ]
        .iter()
        .any(|place| place.contains(secret))
    }
}

/// The trunk-built app: `E2E_DIST`, else `dist/` at the workspace root.
pub fn dist_dir() -> PathBuf {
    let dir = std::env::var_os("E2E_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../dist"));
    assert!(
        dir.join("index.html").exists(),
        "{} has no index.html: run `scripts/build.sh` first (scripts/test.sh does)",
        dir.display()
    );
    dir
}

/// Loaded first by the served copy's pages (`src`, so the page's CSP allows it as `'self'`):
/// records the page's uncaught exceptions, unhandled rejections and `console.error` calls in
/// `window.__pageErrors` and, so that a navigation keeps them, in the tab's sessionStorage
/// (written only when there is something to record); and everything the page writes to the
/// console in `window.__pageConsole` (this document's only), for WebKit, whose driver has no
/// log of it.
pub const PAGE_ERRORS_JS: &str = r#"(function () {
  var key = "e2e.page-errors";
  window.__pageErrors = [];
  function record(kind, text) {
    var line = location.pathname + " " + kind + ": " + text;
    window.__pageErrors.push(line);
    try {
      var all = JSON.parse(sessionStorage.getItem(key) || "[]");
      all.push(line);
      sessionStorage.setItem(key, JSON.stringify(all));
    } catch (e) { /* storage blocked: this document's list still has it */ }
  }
  function describe(value) {
    var text = value && value.message !== undefined ? String(value.message) : String(value);
    // Chromium's stack starts with the message; Firefox's and WebKit's do not.
    if (value && value.stack && String(value.stack).indexOf(text) < 0) text += " " + value.stack;
    return text;
  }
  addEventListener("error", function (event) {
    if (event instanceof ErrorEvent) {
      record("uncaught", event.message + (event.filename ? " at " + event.filename + ":" + event.lineno : ""));
    }
  });
  addEventListener("unhandledrejection", function (event) {
    record("unhandled rejection", describe(event.reason));
  });
  window.__pageConsole = [];
  ["log", "info", "warn", "error", "debug"].forEach(function (method) {
    var original = console[method];
    console[method] = function () {
      var text = Array.prototype.map.call(arguments, describe).join(" ");
      window.__pageConsole.push(method + ": " + text);
      if (method === "error") record("console.error", text);
      return original.apply(console, arguments);
    };
  });
})();
"#;

/// The recorder's file name in the served copy.
const PAGE_ERRORS_FILE: &str = "e2e-page-errors.js";

/// Beside it, for the test that proves the recorder works (e2e/tests/page_errors.rs): one
/// error of each kind the recorder keeps, thrown by a script of the page's origin.
const PAGE_ERRORS_CANARY: (&str, &str) = (
    "e2e-page-errors-canary.js",
    "setTimeout(function () { throw new Error('canary-uncaught'); }, 0);\n\
     Promise.reject(new Error('canary-rejection'));\n\
     console.error('canary-console');\n",
);

/// [`dist_dir`] copied once per test process, its pages loading [`PAGE_ERRORS_JS`] first.
pub fn dist_with_error_recorder() -> PathBuf {
    static COPY: OnceLock<PathBuf> = OnceLock::new();
    COPY.get_or_init(|| {
        let copy = copy_of_dist("recorded");
        for page in ["index.html", "check/index.html"] {
            let page = copy.join(page);
            load_first(&page, PAGE_ERRORS_FILE);
            std::fs::write(page.with_file_name(PAGE_ERRORS_FILE), PAGE_ERRORS_JS)
                .expect("the recorder");
            let (canary, script) = PAGE_ERRORS_CANARY;
            std::fs::write(page.with_file_name(canary), script).expect("the canary");
        }
        copy
    })
    .clone()
}

/// Makes the built page `page` load `script` (a file beside it) before any script of its own.
/// A script of the page's origin, which its CSP allows.
pub fn load_first(page: &Path, script: &str) {
    let html = std::fs::read_to_string(page).expect("a page of dist/");
    let first_script = html.find("<script").expect("the page has scripts");
    let html = format!(
        "{}<script src=\"./{script}\"></script>{}",
        &html[..first_script],
        &html[first_script..]
    );
    std::fs::write(page, html).expect("writing the page");
}

/// A fresh copy of [`dist_dir`] (the self-check's `check/` too) under the system temp dir,
/// for a test to change; `label` names it.
pub fn copy_of_dist(label: &str) -> PathBuf {
    let copy =
        std::env::temp_dir().join(format!("classlink-e2e-dist-{label}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&copy);
    copy_tree(&dist_dir(), &copy);
    copy
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("a folder for the copy");
    for entry in std::fs::read_dir(from).expect("reading dist/") {
        let path = entry.expect("a dist/ entry").path();
        let target = to.join(path.file_name().expect("a file name"));
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copying dist/");
        }
    }
}

impl Harness {
    pub async fn start(browser: Browser) -> Harness {
        Self::start_with(browser, |_| {}).await
    }

    /// Starts with sandbox options adjusted by `configure` (latency, token lifetime, …).
    pub async fn start_with(browser: Browser, configure: impl FnOnce(&mut Options)) -> Harness {
        let mut serve = ServeApp::new(dist_with_error_recorder());
        serve.port = 0;
        serve.path = APP_PATH.to_string();
        let mut options = Options::new(Seed::default_seed()).with_serve_app(serve);
        configure(&mut options);
        let sandbox = classlink_sandbox::start(options)
            .await
            .expect("the sandbox starts");
        let app_url = sandbox.app_url().expect("the sandbox serves the app");
        let session = Session::start(browser, 1280, 900).await;
        Harness {
            browser,
            sandbox,
            app_url,
            client: session.client.clone(),
            _session: session,
        }
    }

    pub async fn open_app(&self) {
        self.goto(&self.app_url).await;
    }

    pub async fn goto(&self, url: &str) {
        self.client
            .goto(url)
            .await
            .unwrap_or_else(|e| panic!("[{}] cannot load {url}: {e}", self.browser.name()));
    }

    /// Loads the app with this query (and fragment), as a provider's redirect would.
    pub async fn open_callback(&self, query_and_fragment: &str) {
        self.goto(&format!("{}{query_and_fragment}", self.app_url))
            .await;
    }

    /// How many token requests reached the sandbox (preflights excluded).
    pub fn token_requests(&self) -> usize {
        self.sandbox
            .requests()
            .iter()
            .filter(|r| r.method == "POST" && r.path == "/oauth2/v2/token")
            .count()
    }

    /// Writes a well-formed pending sign-in for `state` into the app's sessionStorage, as if
    /// this tab had started one `age_ms` ago. The page must be the app.
    pub async fn plant_pending_sign_in(&self, state: &str, age_ms: u64) {
        let origin = self.sandbox.api_origin();
        let script = format!(
            "sessionStorage.setItem('classlink-portal.pending.{state}', JSON.stringify({{ \
             code_verifier: 'v'.repeat(43), redirect_uri: location.origin + location.pathname, \
             created_at: Date.now() - {age_ms}, provider: {{ issuer: '{origin}', \
             authorization_endpoint: '{origin}/oauth2/v2/auth', \
             token_endpoint: '{origin}/oauth2/v2/token', jwks_uri: '{origin}/oauth2/v2/jwks', \
             iss_required: true }} }})); return true;"
        );
        self.client
            .execute(&script, vec![])
            .await
            .expect("planting a pending sign-in");
    }

    fn testid(testid: &str) -> String {
        format!("[data-testid='{testid}']")
    }

    pub async fn wait_for_css(&self, css: &str) -> Element {
        find_across_navigations(&self.client, css, WAIT)
            .await
            .unwrap_or_else(|e| panic!("[{}] {css} never appeared: {e}", self.browser.name()))
    }

    /// Waits longer than [`WAIT`], for what the app deliberately takes long to show.
    pub async fn wait_for_within(&self, testid: &str, within: Duration) -> Element {
        find_across_navigations(&self.client, &Self::testid(testid), within)
            .await
            .unwrap_or_else(|e| {
                panic!(
                    "[{}] {testid} never appeared within {within:?}: {e}",
                    self.browser.name()
                )
            })
    }

    pub async fn wait_for(&self, testid: &str) -> Element {
        self.wait_for_css(&Self::testid(testid)).await
    }

    pub async fn text(&self, testid: &str) -> String {
        self.text_css(&Self::testid(testid)).await
    }

    /// The text of the element matching `css`, once it has any.
    pub async fn text_css(&self, css: &str) -> String {
        text_across_renders(&self.client, css, WAIT).await
    }

    /// Text of every element with this test id, in document order.
    pub async fn texts(&self, testid: &str) -> Vec<String> {
        let mut texts = Vec::new();
        for element in self
            .client
            .find_all(Locator::Css(&Self::testid(testid)))
            .await
            .expect("find_all")
        {
            texts.push(element.text().await.expect("element text"));
        }
        texts
    }

    pub async fn count(&self, testid: &str) -> usize {
        self.client
            .find_all(Locator::Css(&Self::testid(testid)))
            .await
            .expect("find_all")
            .len()
    }

    pub async fn click(&self, testid: &str) {
        self.wait_for(testid).await.click().await.expect("click");
    }

    pub async fn click_css(&self, css: &str) {
        self.wait_for_css(css).await.click().await.expect("click");
    }

    /// Types `text` into the field matching `css` (a provider's sign-in form).
    pub async fn fill_css(&self, css: &str, text: &str) {
        self.wait_for_css(css)
            .await
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("[{}] typing into {css}: {e}", self.browser.name()));
    }

    /// On the sandbox's sign-in page: pick the user and press Allow.
    pub async fn approve_as(&self, login: &str) {
        self.click_css(&format!("[id='user-{login}']")).await;
        self.click_css("#allow").await;
    }

    /// Signs in as `login` from the app loaded in a new tab (whose sessionStorage is empty,
    /// so no earlier sign-in is resumed), with the sandbox's log cleared.
    pub async fn fresh_sign_in(&self, login: &str) {
        self.sandbox.clear_requests();
        self.fresh_tab().await;
        self.open_app().await;
        self.sign_in_as(login).await;
    }

    /// Replaces the current tab with a new, blank one: same browser (cookies, localStorage),
    /// but a tab of its own (sessionStorage), as a student opening the app again would.
    pub async fn fresh_tab(&self) {
        let old = self.client.window().await.expect("the current tab");
        let new = self.open_tab().await;
        self.client
            .switch_to_window(old)
            .await
            .expect("back to the old tab");
        self.client
            .close_window()
            .await
            .expect("closing the old tab");
        self.client
            .switch_to_window(new)
            .await
            .expect("to the new tab");
    }

    /// Opens a new blank tab and returns its handle; the current tab stays current.
    pub async fn open_tab(&self) -> fantoccini::wd::WindowHandle {
        let response = self.client.new_window(true).await.expect("a new tab");
        response.handle
    }

    /// Makes `tab` the tab every command goes to.
    pub async fn switch_to(&self, tab: &fantoccini::wd::WindowHandle) {
        self.client
            .switch_to_window(tab.clone())
            .await
            .expect("switching tabs");
    }

    /// The tab commands go to now.
    pub async fn current_tab(&self) -> fantoccini::wd::WindowHandle {
        self.client.window().await.expect("the current tab")
    }

    /// From the app's sign-in screen to the provider and back as `login`.
    pub async fn sign_in_as(&self, login: &str) {
        self.click("sign-in").await;
        self.approve_as(login).await;
    }

    /// Opens the app and signs in as `login`, then waits for what a student sees: the
    /// profile, the classes and a teacher line.
    pub async fn signed_in_with_classes(&self, login: &str) {
        self.open_app().await;
        self.sign_in_as(login).await;
        assert_eq!(
            self.text("profile-name").await,
            display_name(login),
            "[{}]",
            self.browser.name()
        );
        self.wait_for("class-item").await;
        self.wait_for("class-teachers").await;
    }

    /// Opens the self-check (`?check`) and waits until every line has answered.
    pub async fn open_self_check(&self) {
        self.goto(&format!("{}?check", self.app_url)).await;
        self.wait_for("self-check").await;
        self.wait_until(
            "every check has answered",
            "document.querySelector(\"[data-testid='self-check']\").getAttribute('aria-busy') === 'false'",
        )
        .await;
    }

    /// Waits (up to `within`) until the sandbox has answered `count` refresh grants.
    pub async fn wait_for_refreshes(&self, count: usize, within: Duration) {
        self.wait_for_count("refreshes", count, within, || {
            self.sandbox.refresh_grants().len()
        })
        .await;
    }

    /// Waits (up to `within`) until `counted()` (something the sandbox records) reaches
    /// `count`.
    pub async fn wait_for_count(
        &self,
        what: &str,
        count: usize,
        within: Duration,
        counted: impl Fn() -> usize,
    ) {
        let deadline = tokio::time::Instant::now() + within;
        while counted() < count {
            assert!(
                tokio::time::Instant::now() < deadline,
                "[{}] {count} {what} expected, got {}",
                self.browser.name(),
                counted()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until `script` (a JavaScript expression) is truthy in the page.
    pub async fn wait_until(&self, what: &str, script: &str) {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let value = self
                .client
                .execute(&format!("return !!({script});"), vec![])
                .await;
            if matches!(value, Ok(Value::Bool(true))) {
                return;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "[{}] timed out waiting for {what}",
                self.browser.name()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The value of a JavaScript expression in the page.
    pub async fn eval(&self, expression: &str) -> Value {
        self.client
            .execute(&format!("return ({expression});"), vec![])
            .await
            .unwrap_or_else(|e| panic!("[{}] {expression}: {e}", self.browser.name()))
    }

    pub async fn browser_state(&self) -> BrowserState {
        let value = self
            .client
            .execute(
                "return [JSON.stringify(Object.entries(localStorage)), JSON.stringify(Object.entries(sessionStorage)), document.cookie, location.href];",
                vec![],
            )
            .await
            .expect("reading browser state");
        let part = |i: usize| value[i].as_str().unwrap_or_default().to_string();
        BrowserState {
            local_storage: part(0),
            session_storage: part(1),
            cookies: part(2),
            href: part(3),
        }
    }

    /// The page errors recorded in this tab so far ([`PAGE_ERRORS_JS`]): those of earlier
    /// documents of the app's origin, and the current document's. Fails if the current page
    /// is the app's but has no recorder (a test that serves a dist of its own).
    pub async fn page_errors(&self) -> Vec<String> {
        let value = self
            .eval(
                "(function () { var kept = []; \
                 try { kept = JSON.parse(sessionStorage.getItem('e2e.page-errors') || '[]'); } \
                 catch (e) {} \
                 var own = window.__pageErrors; \
                 if (!own) return null; \
                 return kept.concat(own.filter(function (line) { return kept.indexOf(line) < 0; })); })()",
            )
            .await;
        let Value::Array(lines) = value else {
            panic!(
                "[{}] no page error recorder on {} (is it the app served by the harness?)",
                self.browser.name(),
                self.current_url().await
            );
        };
        lines
            .iter()
            .map(|line| line.as_str().unwrap_or_default().to_string())
            .collect()
    }

    /// Fails if the page threw an uncaught exception, left a rejection unhandled or wrote a
    /// `console.error`, in this tab, in any engine. Call it on a page of the app.
    pub async fn assert_no_page_errors(&self) {
        let errors = self.page_errors().await;
        assert!(
            errors.is_empty(),
            "[{}] page errors:\n{}",
            self.browser.name(),
            errors.join("\n")
        );
    }

    /// What the browser printed so far, its console included (Chromium and Firefox; WebKit's
    /// driver has no log of the page's console: see [`Harness::console_output`]).
    pub fn console_log(&self) -> String {
        std::fs::read_to_string(&self._session.log).unwrap_or_default()
    }

    /// How many authorization requests reached the sandbox (the browser left for it).
    pub fn authorize_requests(&self) -> usize {
        self.sandbox
            .requests()
            .iter()
            .filter(|r| r.method == "GET" && r.path == "/oauth2/v2/auth")
            .count()
    }

    /// The console as a test can read it in this engine: in Chromium and Firefox the driver's
    /// log (the page's console and the browser's own messages); in WebKit, whose driver has
    /// none, what the current page wrote through `console.*` (the recorder's
    /// `window.__pageConsole`), not the browser's own messages.
    pub async fn console_output(&self) -> String {
        if self.browser != Browser::WebKit {
            return self.console_log();
        }
        let lines = self
            .eval("(window.__pageConsole || ['no console recorder on this page']).join('\\n')")
            .await;
        lines.as_str().unwrap_or_default().to_string()
    }

    pub async fn current_url(&self) -> String {
        self.client
            .current_url()
            .await
            .expect("current url")
            .to_string()
    }

    pub async fn finish(self) {
        let _ = self.client.clone().close().await;
        self.sandbox.shutdown().await;
    }
}

/// A fault that holds the next `times` answers of `target` back for `seconds`.
pub fn stall(target: FaultTarget, seconds: f64, times: u32) -> Fault {
    Fault::times(target, FaultKind::Stall { seconds }, times)
}

/// A fault that answers the next `times` requests to `target` with `status`.
pub fn status(target: FaultTarget, status: u16, times: u32) -> Fault {
    Fault::times(
        target,
        FaultKind::Status {
            status,
            retry_after: None,
        },
        times,
    )
}

/// The seed's display name for a login.
pub fn display_name(login: &str) -> String {
    Seed::default_seed()
        .user_info(login)
        .and_then(|info| info.get("DisplayName"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// Titles of the seed's current (not `tobedeleted`) classes for a login, sorted.
pub fn current_class_titles(login: &str) -> Vec<String> {
    let mut titles: Vec<String> = Seed::default_seed()
        .user_classes(login)
        .iter()
        .filter(|c| c.get("status").and_then(Value::as_str) != Some("tobedeleted"))
        .filter_map(|c| c.get("title").and_then(Value::as_str).map(str::to_string))
        .collect();
    titles.sort();
    titles
}
