//! Accessibility, language and screenshot helpers for the end-to-end tests:
//!
//! - [`World`]: the sandbox serving the app and a browser session whose colour scheme and
//!   languages are set by browser preferences (dark theme, Spanish browser);
//! - [`World::audit`]: injects axe-core (`tools/node_modules/axe-core`, pinned in
//!   `tools/package.json`) into the page and fails on any violation;
//! - keyboard driving through WebDriver actions (Tab, Enter, typing), nothing clicked;
//! - screenshots into `docs/screenshots/`;
//! - [`serve_without_config`]: the built app on its own loopback server whose `config.json` is
//!   invalid, for the configuration-error screen.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use classlink_sandbox::{Options, Running, Seed, ServeApp};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::Client;
use serde_json::{json, Value};

use crate::browser::{Session, Settings};
use crate::harness::{copy_of_dist, dist_dir, APP_PATH, WAIT};
use crate::static_site::StaticSite;
use crate::Browser;

/// The colour scheme the browser reports through `prefers-color-scheme`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

impl Theme {
    pub const BOTH: [Theme; 2] = [Theme::Light, Theme::Dark];

    pub fn name(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// How the browser is set up.
#[derive(Debug, Clone, Copy)]
pub struct Look {
    pub theme: Theme,
    /// `navigator.languages`, e.g. `"es"`; English when `None`.
    pub language: Option<&'static str>,
    pub width: u32,
    pub height: u32,
}

impl Look {
    pub fn desktop(theme: Theme) -> Look {
        Look {
            theme,
            language: None,
            width: 1280,
            height: 900,
        }
    }

    /// The browser set up so.
    fn settings(self) -> Settings {
        Settings {
            dark: self.theme == Theme::Dark,
            language: self.language,
            ..Settings::window(self.width, self.height)
        }
    }
}

/// Desktop and phone sizes for screenshots and layout checks.
pub const DESKTOP: (u32, u32) = (1280, 900);
pub const PHONE: (u32, u32) = (390, 844);
/// The narrowest screen the page must fit without sideways scrolling.
pub const NARROWEST: u32 = 320;

/// The default seed, plus a student whose district has OneRoster but who has no classes.
pub fn seed_with_a_student_without_classes() -> Seed {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../sandbox/seed.json");
    let text = std::fs::read_to_string(&path).expect("sandbox/seed.json");
    let mut seed: Value = serde_json::from_str(&text).expect("seed.json is JSON");
    let users = seed["users"].as_array_mut().expect("seed users");
    let mut user = users[0].clone();
    user["login"] = "no.classes".into();
    user["info"]["DisplayName"] = "Sam Lee".into();
    user["info"]["FirstName"] = "Sam".into();
    user["info"]["LastName"] = "Lee".into();
    user["info"]["LoginId"] = "no.classes".into();
    user["info"]["SourcedId"] = "no-classes-1".into();
    user["classes"] = json!([]);
    users.push(user);
    Seed::from_json(&seed.to_string()).expect("the seed stays valid")
}

/// One test's world with a themed browser.
pub struct World {
    pub browser: Browser,
    pub look: Look,
    pub sandbox: Running,
    pub app_url: String,
    pub client: Client,
    _session: Session,
}

impl World {
    pub async fn start(browser: Browser, look: Look) -> World {
        Self::start_with(browser, look, |_| {}).await
    }

    /// Starts with sandbox options adjusted by `configure` (token lifetime, session features).
    pub async fn start_with(
        browser: Browser,
        look: Look,
        configure: impl FnOnce(&mut Options),
    ) -> World {
        let mut serve = ServeApp::new(dist_dir());
        serve.port = 0;
        serve.path = APP_PATH.to_string();
        let mut options = Options::new(seed_with_a_student_without_classes()).with_serve_app(serve);
        configure(&mut options);
        let sandbox = classlink_sandbox::start(options)
            .await
            .expect("the sandbox starts");
        let app_url = sandbox.app_url().expect("the sandbox serves the app");
        let session = Session::start_with(browser, look.settings()).await;
        let world = World {
            browser,
            look,
            sandbox,
            app_url,
            client: session.client.clone(),
            _session: session,
        };
        world.open_app().await;
        let dark = world
            .eval("window.matchMedia('(prefers-color-scheme: dark)').matches")
            .await;
        assert_eq!(
            dark,
            Value::Bool(look.theme == Theme::Dark),
            "[{}] the browser reports the {} theme",
            browser.name(),
            look.theme.name()
        );
        world
    }

    /// `[chrome/dark]`, for messages.
    pub fn tag(&self) -> String {
        format!("[{}/{}]", self.browser.name(), self.look.theme.name())
    }

    pub async fn open_app(&self) {
        self.client
            .goto(&self.app_url)
            .await
            .expect("the app loads");
    }

    /// The value of a JavaScript expression.
    pub async fn eval(&self, expression: &str) -> Value {
        self.client
            .execute(&format!("return ({expression});"), vec![])
            .await
            .unwrap_or_else(|e| panic!("{expression}: {e}"))
    }

    pub async fn wait_for_css(&self, css: &str) -> Element {
        crate::browser::find_across_navigations(&self.client, css, WAIT)
            .await
            .unwrap_or_else(|e| panic!("{} {css} never appeared: {e}", self.tag()))
    }

    pub async fn wait_for(&self, testid: &str) -> Element {
        self.wait_for_css(&format!("[data-testid='{testid}']"))
            .await
    }

    pub async fn text(&self, testid: &str) -> String {
        crate::browser::text_across_renders(
            &self.client,
            &format!("[data-testid='{testid}']"),
            WAIT,
        )
        .await
    }

    /// What the live region (`announcer`) says: its text, as a screen reader reads it. It is
    /// visually hidden, which WebKit's driver reads as no text at all.
    pub async fn announced(&self) -> String {
        self.wait_for("announcer").await;
        let text = self
            .eval("document.querySelector(\"[data-testid='announcer']\").textContent")
            .await;
        text.as_str().unwrap_or_default().to_string()
    }

    pub async fn click(&self, testid: &str) {
        self.wait_for(testid).await.click().await.expect("click");
    }

    pub async fn click_css(&self, css: &str) {
        self.wait_for_css(css).await.click().await.expect("click");
    }

    /// Waits until a JavaScript expression is truthy.
    pub async fn wait_until(&self, what: &str, expression: &str) {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let value = self
                .client
                .execute(&format!("return !!({expression});"), vec![])
                .await;
            if matches!(value, Ok(Value::Bool(true))) {
                return;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "{} timed out waiting for {what}",
                self.tag()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// From the app's sign-in screen to the provider and back as `login`, with the mouse.
    pub async fn sign_in_as(&self, login: &str) {
        self.click("sign-in").await;
        self.click_css(&format!("[id='user-{login}']")).await;
        self.click_css("#allow").await;
    }

    pub async fn sign_out(&self) {
        self.click("sign-out").await;
        self.wait_for("sign-in").await;
    }

    /// Runs axe-core on the page as it is and fails on any violation, naming the state.
    pub async fn audit(&self, state: &str) {
        let violations = axe_violations(&self.client).await;
        assert!(
            violations.is_empty(),
            "{} axe-core found violations on the {state:?} screen:\n{}",
            self.tag(),
            violations.join("\n")
        );
    }

    /// No sideways scrolling at `width` CSS pixels.
    pub async fn assert_fits(&self, state: &str, width: u32) {
        let (w, h) = (self.look.width, self.look.height);
        self.client.set_window_size(width, h).await.expect("resize");
        tokio::time::sleep(Duration::from_millis(150)).await;
        let overflow = self
            .eval("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            .await;
        self.client.set_window_size(w, h).await.expect("resize");
        let (scroll, client) = (
            overflow[0].as_u64().unwrap_or(0),
            overflow[1].as_u64().unwrap_or(0),
        );
        assert!(
            scroll <= client,
            "{} the {state:?} screen scrolls sideways at {width}px: {scroll} > {client}",
            self.tag()
        );
    }

    /// Saves a PNG of the page as it is now.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.client.screenshot().await.expect("a screenshot");
        let dir = screenshots_dir();
        std::fs::create_dir_all(&dir).expect("docs/screenshots");
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("writing the screenshot");
        path
    }

    pub async fn finish(self) {
        let _ = self.client.clone().close().await;
        self.sandbox.shutdown().await;
    }
}

pub fn screenshots_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/screenshots")
}

/// axe-core's minified source, read once.
fn axe_source() -> &'static str {
    static SOURCE: OnceLock<String> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../tools/node_modules/axe-core/axe.min.js");
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (run scripts/setup.sh, which installs tools/package.json)",
                path.display()
            )
        })
    })
}

/// axe-core's violations on the current page, one line per failing element. The script is
/// injected through WebDriver (not a `<script>` element), so the page's CSP is untouched.
pub async fn axe_violations(client: &Client) -> Vec<String> {
    let loaded = client
        .execute("return typeof window.axe === 'object';", vec![])
        .await
        .expect("checking for axe");
    if loaded != Value::Bool(true) {
        client
            .execute(
                &format!("{}\nreturn typeof window.axe;", axe_source()),
                vec![],
            )
            .await
            .expect("injecting axe-core");
    }
    // Every rule axe-core runs by default: WCAG 2.0, 2.1 and 2.2 A and AA, and best practices.
    let result = client
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
            axe.run(document, { resultTypes: ['violations'] })
              .then(r => done(r.violations.map(v => ({
                 id: v.id, impact: v.impact, help: v.help,
                 nodes: v.nodes.map(n => ({ target: n.target.join(' '), summary: n.failureSummary }))
              }))))
              .catch(e => done('axe failed: ' + e));"#,
            vec![],
        )
        .await
        .expect("running axe-core");
    let Value::Array(violations) = result else {
        panic!("axe-core did not run: {result}");
    };
    violations
        .iter()
        .flat_map(|v| {
            let head = format!(
                "{} ({}): {}",
                v["id"].as_str().unwrap_or_default(),
                v["impact"].as_str().unwrap_or_default(),
                v["help"].as_str().unwrap_or_default()
            );
            v["nodes"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(move |n| {
                    format!(
                        "  {head}\n    at {}\n    {}",
                        n["target"].as_str().unwrap_or_default(),
                        n["summary"].as_str().unwrap_or_default().replace('\n', " ")
                    )
                })
        })
        .collect()
}

/// Presses and releases one key (Tab, Enter, Space, a letter) on whatever has focus.
pub async fn press(client: &Client, key: impl Into<char>) {
    let key = key.into();
    let actions = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    client.perform_actions(actions).await.expect("key press");
    client.release_actions().await.expect("release keys");
}

/// Types text into whatever has focus, one key at a time.
pub async fn type_text(client: &Client, text: &str) {
    for c in text.chars() {
        press(client, c).await;
    }
}

/// Presses Tab until the focused element matches `css`, at most `limit` times; fails if it
/// never does (the control cannot be reached by keyboard).
pub async fn tab_to(client: &Client, css: &str, limit: usize) {
    let check = format!(
        "return !!document.activeElement && document.activeElement.matches({});",
        Value::from(css)
    );
    for _ in 0..limit {
        press(client, Key::Tab).await;
        if client.execute(&check, vec![]).await.expect("focus") == Value::Bool(true) {
            return;
        }
    }
    let at = client
        .execute(
            "return document.activeElement ? document.activeElement.outerHTML.slice(0, 200) : '';",
            vec![],
        )
        .await
        .expect("focus");
    panic!("{css} was not reached with {limit} Tab presses; focus is on {at}");
}

/// The focused element shows a focus indicator at least 2 CSS pixels thick.
pub async fn focus_ring_visible(client: &Client) -> bool {
    client
        .execute(
            "const s = getComputedStyle(document.activeElement); \
             return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;",
            vec![],
        )
        .await
        .expect("focus style")
        == Value::Bool(true)
}

/// The built app on its own loopback server (a copy of dist/) whose `config.json` is invalid
/// (`{}`): the configuration-error screen, and the self-check it links to. Served until dropped.
pub async fn serve_without_config() -> StaticSite {
    let dir = copy_of_dist("without-config");
    std::fs::write(dir.join("config.json"), "{}").expect("writing config.json");
    StaticSite::start(&dir).await
}
