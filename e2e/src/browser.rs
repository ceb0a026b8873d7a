//! Starting a WebDriver server and a browser session in it: headless Chromium
//! (chromedriver), headless Firefox (geckodriver), and WebKit (Debian's WebKitGTK
//! `WebKitWebDriver`, which launches `MiniBrowser`). WebKit has no headless mode: it needs an
//! X display, which `xvfb-run -a` gives (scripts/test.sh runs the WebKit steps under it).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use tokio::process::{Child, Command};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Browser {
    Chrome,
    Firefox,
    WebKit,
}

/// How a session's browser is set up.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// The window's size, in CSS pixels.
    pub width: u32,
    pub height: u32,
    /// `prefers-color-scheme: dark`.
    pub dark: bool,
    /// The browser's preferred language (`navigator.languages`), e.g. `es-MX`; `None`: the
    /// browser's own default (English here).
    pub language: Option<&'static str>,
    /// A private window (Chromium's incognito, Firefox's private browsing). WebKit's
    /// WebDriver sessions are always ephemeral, as a private window is.
    pub private: bool,
}

impl Settings {
    pub fn window(width: u32, height: u32) -> Settings {
        Settings {
            width,
            height,
            dark: false,
            language: None,
            private: false,
        }
    }
}

impl Browser {
    /// The browsers to test in: `E2E_BROWSERS=chrome,firefox,webkit` (the default is
    /// `chrome,firefox`; WebKit needs an X display, see the module's header).
    pub fn selected() -> Vec<Browser> {
        let names = std::env::var("E2E_BROWSERS").unwrap_or_else(|_| "chrome,firefox".to_string());
        Self::list(&names)
    }

    /// Browsers named in a comma-separated list (`chrome,firefox,webkit`).
    pub fn list(names: &str) -> Vec<Browser> {
        names
            .split(',')
            .filter_map(|name| match name.trim() {
                "chrome" | "chromium" => Some(Browser::Chrome),
                "firefox" => Some(Browser::Firefox),
                "webkit" | "minibrowser" => Some(Browser::WebKit),
                "" => None,
                other => panic!("unknown browser {other:?} (chrome, firefox or webkit)"),
            })
            .collect()
    }

    pub fn name(self) -> &'static str {
        match self {
            Browser::Chrome => "chrome",
            Browser::Firefox => "firefox",
            Browser::WebKit => "webkit",
        }
    }

    /// The WebDriver server; its output (which carries the browser's console in Chromium and
    /// Firefox, see the capabilities) goes to `log`.
    fn driver_command(self, port: u16, log: &Path, settings: Settings) -> Command {
        let mut command = match self {
            Browser::Chrome => {
                let mut c = Command::new(env_or("CHROMEDRIVER", "/usr/bin/chromedriver"));
                c.args([format!("--port={port}"), "--enable-chrome-logs".to_string()]);
                c
            }
            Browser::Firefox => {
                let home = std::env::var("HOME").unwrap_or_default();
                let mut c = Command::new(env_or(
                    "GECKODRIVER",
                    &format!("{home}/.cargo/bin/geckodriver"),
                ));
                c.args(["--host", "127.0.0.1", "--port", &port.to_string()]);
                c
            }
            Browser::WebKit => {
                assert!(
                    std::env::var_os("DISPLAY").is_some(),
                    "WebKit (MiniBrowser) has no headless mode: run the tests under `xvfb-run -a` \
                     (scripts/test.sh does)"
                );
                let mut c = Command::new(env_or("WEBKITWEBDRIVER", "/usr/bin/WebKitWebDriver"));
                c.arg(format!("--port={port}"));
                // MiniBrowser takes its language from the C library's locale, which it
                // inherits from the driver.
                if let Some(language) = settings.language {
                    c.envs(crate::locale::environment_for(language));
                }
                c
            }
        };
        let file = std::fs::File::create(log).expect("a driver log file");
        let copy = file.try_clone().expect("a driver log file");
        command
            .stdout(Stdio::from(file))
            .stderr(Stdio::from(copy))
            .kill_on_drop(true);
        command
    }

    fn capabilities(self, settings: Settings) -> Capabilities {
        let Settings {
            width,
            height,
            dark,
            language,
            private,
        } = settings;
        let language = language.unwrap_or("en-US");
        let value = match self {
            Browser::Chrome => {
                // The flags keep Chromium off the network (this machine has none) and able to
                // run as root in a container.
                let mut args = vec![
                    "--headless=new".to_string(),
                    "--no-sandbox".into(),
                    "--disable-gpu".into(),
                    "--disable-dev-shm-usage".into(),
                    "--disable-background-networking".into(),
                    "--disable-component-update".into(),
                    "--disable-sync".into(),
                    "--disable-quic".into(),
                    "--no-first-run".into(),
                    "--disable-default-apps".into(),
                    "--hide-scrollbars".into(),
                    // The page's console goes to the driver log (leak and CSP checks).
                    "--enable-logging=stderr".into(),
                    "--v=0".into(),
                    format!("--lang={language}"),
                    format!("--window-size={width},{height}"),
                    // Blink's PreferredColorScheme: 0 is dark, 1 is light.
                    format!(
                        "--blink-settings=preferredColorScheme={}",
                        if dark { 0 } else { 1 }
                    ),
                ];
                if private {
                    args.push("--incognito".into());
                }
                json!({
                    "browserName": "chrome",
                    "goog:chromeOptions": {
                        "binary": env_or("CHROMIUM", "/usr/bin/chromium"),
                        "args": args,
                        "prefs": { "intl.accept_languages": language },
                    },
                })
            }
            Browser::Firefox => json!({
                "browserName": "firefox",
                "moz:firefoxOptions": {
                    "binary": env_or("FIREFOX", "/usr/bin/firefox-esr"),
                    "args": ["-headless", "-width", width.to_string(), "-height", height.to_string()],
                    "prefs": {
                        "app.update.enabled": false,
                        "network.captive-portal-service.enabled": false,
                        "browser.safebrowsing.malware.enabled": false,
                        "browser.safebrowsing.phishing.enabled": false,
                        "datareporting.policy.dataSubmissionEnabled": false,
                        "toolkit.telemetry.enabled": false,
                        // The page's console goes to the driver log (leak and CSP checks).
                        "devtools.console.stdout.content": true,
                        "intl.accept_languages": language,
                        "ui.systemUsesDarkTheme": if dark { 1 } else { 0 },
                        // 0 dark, 1 light, 2 follow the browser's theme.
                        "layout.css.prefers-color-scheme.content-override": if dark { 0 } else { 1 },
                        "browser.privatebrowsing.autostart": private,
                    },
                },
            }),
            // The window's size is set once the session is open (`Session::start_with`); the
            // language comes from the driver's environment (`driver_command`).
            Browser::WebKit => {
                let mut args = vec!["--automation"];
                if dark {
                    args.push("--dark-mode");
                }
                json!({
                    "browserName": "MiniBrowser",
                    "webkitgtk:browserOptions": {
                        "binary": env_or("MINIBROWSER", MINIBROWSER),
                        "args": args,
                    },
                })
            }
        };
        match value {
            serde_json::Value::Object(map) => map,
            _ => unreachable!("capabilities are an object"),
        }
    }
}

/// Where Debian's webkit2gtk-driver package puts the browser it drives.
pub const MINIBROWSER: &str = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_string())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// A running WebDriver server and one session in it. The driver process dies with it.
pub struct Session {
    pub client: Client,
    /// Everything the driver and the browser printed, the page's console included.
    pub log: PathBuf,
    _driver: Child,
}

/// A fresh path for a driver log under the system temp dir.
fn log_path(browser: Browser, port: u16) -> PathBuf {
    std::env::temp_dir().join(format!(
        "classlink-e2e-{}-{}-{port}.log",
        browser.name(),
        std::process::id()
    ))
}

impl Session {
    pub async fn start(browser: Browser, width: u32, height: u32) -> Session {
        Self::start_with(browser, Settings::window(width, height)).await
    }

    pub async fn start_with(browser: Browser, settings: Settings) -> Session {
        let port = free_port();
        let log = log_path(browser, port);
        let driver = browser
            .driver_command(port, &log, settings)
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start the {} WebDriver (run scripts/setup.sh): {e}",
                    browser.name()
                )
            });
        let url = format!("http://127.0.0.1:{port}");
        let mut builder = ClientBuilder::new(HttpConnector::new());
        builder.capabilities(browser.capabilities(settings));
        let mut last_error = None;
        for _ in 0..100 {
            match builder.connect(&url).await {
                Ok(client) => {
                    if browser == Browser::WebKit {
                        client
                            .set_window_rect(0, 0, settings.width, settings.height)
                            .await
                            .expect("sizing MiniBrowser's window");
                    }
                    return Session {
                        client,
                        log,
                        _driver: driver,
                    };
                }
                Err(e) => {
                    last_error = Some(e);
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
            }
        }
        panic!("no {} session: {last_error:?}", browser.name());
    }
}

/// Waits up to `within` for an element matching `css`. Unlike fantoccini's own wait, an error
/// while the page is between documents ("aborted by navigation", a stale document) is a
/// reason to look again, not a failure: the app's resume hop and the provider's redirects
/// navigate on their own while a test waits for the page they lead to.
pub async fn find_across_navigations(
    client: &Client,
    css: &str,
    within: Duration,
) -> Result<fantoccini::elements::Element, String> {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        match client.find(fantoccini::Locator::Css(css)).await {
            Ok(element) => return Ok(element),
            Err(error) if tokio::time::Instant::now() >= deadline => return Err(error.to_string()),
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

/// The text of the element matching `css`, waiting up to `within` for it to exist and to say
/// something. WebKit's driver can read an element the app has just rendered as empty, before
/// the page's next layout; and an element replaced in the meantime is simply found again.
pub async fn text_across_renders(client: &Client, css: &str, within: Duration) -> String {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        let remaining = deadline.saturating_duration_since(tokio::time::Instant::now());
        let text = match find_across_navigations(client, css, remaining).await {
            Ok(element) => element.text().await.unwrap_or_default(),
            Err(error) => panic!("{css} never appeared: {error}"),
        };
        if !text.is_empty() || tokio::time::Instant::now() >= deadline {
            return text;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
