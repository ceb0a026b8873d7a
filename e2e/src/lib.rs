//! The end-to-end harness: the trunk-built `dist/` served under `/portal/` by the sandbox on
//! one port, the sandbox's ClassLink on another (so CORS is real), and a real browser driven
//! over WebDriver (headless Chromium and Firefox; WebKit under an X display). [`certified`]
//! puts a provider nobody here wrote in the sandbox's place; [`companion`] puts the
//! token-mediating companion in front of a sandbox that wants a client secret.
//!
//! Every test runs in each browser named by `E2E_BROWSERS` (default `chrome,firefox`; add
//! `webkit` under `xvfb-run -a`).

pub mod a11y;
pub mod browser;
pub mod certified;
pub mod companion;
pub mod harness;
pub mod locale;
pub mod nginx;
pub mod raw_http;
pub mod static_site;

pub use browser::Browser;
pub use harness::Harness;

/// Defines a test that runs `body` once per selected browser, each time with a fresh
/// sandbox and browser session (`Harness::start`, or `Harness::start_with(browser, configure)`
/// when a configure closure is given), or with whatever `start = |browser| …` gives (a
/// [`certified::Certified`]), which must have an async `finish`.
#[macro_export]
macro_rules! in_every_browser {
    ($name:ident, |$h:ident| $body:block) => {
        $crate::in_every_browser!($name, |_options| {}, |$h| $body);
    };
    ($name:ident, |$options:ident| $configure:block, |$h:ident| $body:block) => {
        $crate::in_every_browser!(
            $name,
            start = |browser| $crate::Harness::start_with(browser, |$options| $configure),
            |$h| $body
        );
    };
    ($name:ident, start = |$browser:ident| $start:expr, |$h:ident| $body:block) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            for $browser in $crate::Browser::selected() {
                #[allow(unused_variables)]
                let $h = $start.await;
                $body
                $h.finish().await;
            }
        }
    };
}
