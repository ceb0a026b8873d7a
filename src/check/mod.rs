//! The deployment self-check (`?check`): what the person deploying the page needs to know
//! before a student finds out, asked from the real origin in the real browser. A bundle of
//! its own (check/index.html, `src/check_main.rs`), so no student downloads it; everything it
//! is lives in this folder: the judging, pure and tested natively (`host`, `line`, `probe`,
//! `report`, `texts`, and [`judge_sign_out`] below), the requests (`requests`), the run
//! (`run`) and the screen (`screen`).

pub mod host;
pub mod line;
pub mod probe;
pub mod report;
pub mod requests;
pub mod run;
pub mod screen;
pub mod texts;

pub use line::{Advice, CheckId, CheckLine, Verdict};

use crate::config::Provider;

/// What sign-out can end on a shared device. A provider with end-session ends its own
/// session too. Without it (ClassLink), the provider's session on the device outlives the
/// app's sign-out, so the next student who presses Sign in may land in the last one's
/// account: `logout_url` lets the signed-out screen offer the provider's own sign-out, and a
/// district with shared devices should set it (docs/deploy.md, "Shared devices").
pub fn judge_sign_out(provider: &Provider, logout_url: Option<&str>) -> CheckLine {
    match (&provider.end_session_endpoint, logout_url) {
        (Some(endpoint), _) => {
            CheckLine::new(CheckId::SignOut, Verdict::Passed, Advice::ProviderSignOut)
                .fact(format!("end_session_endpoint: {endpoint}"))
        }
        (None, Some(url)) => {
            CheckLine::new(CheckId::SignOut, Verdict::Passed, Advice::LogoutUrlOffered)
                .fact(format!("logout_url: {url}"))
        }
        // Whether the devices are shared is the district's to know: advice, not a failure.
        (None, None) => CheckLine::new(CheckId::SignOut, Verdict::Unknown, Advice::NoLogoutUrl)
            .fact("no end_session_endpoint, no logout_url"),
    }
}

/// The app's page for the self-check's own page: the self-check lives in `check/` beside
/// `index.html`, so `https://d.example/portal/check/` checks `https://d.example/portal/`.
pub fn app_page_url(check_page_url: &str) -> String {
    let page = check_page_url
        .strip_suffix("index.html")
        .unwrap_or(check_page_url);
    page.strip_suffix("check/").unwrap_or(page).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_app_page_is_one_level_up() {
        assert_eq!(
            app_page_url("https://d.example/portal/check/"),
            "https://d.example/portal/"
        );
        assert_eq!(
            app_page_url("https://d.example/check/index.html"),
            "https://d.example/"
        );
        assert_eq!(app_page_url("https://d.example/"), "https://d.example/");
    }

    #[test]
    fn sign_out_on_shared_devices_is_judged_by_what_can_end_the_providers_session() {
        let mut provider = crate::fixtures::classlink_provider();
        let line = judge_sign_out(&provider, None);
        assert_eq!(
            (line.verdict, line.advice[0]),
            (Verdict::Unknown, Advice::NoLogoutUrl)
        );
        let line = judge_sign_out(&provider, Some("https://launchpad.classlink.com/logout"));
        assert_eq!(
            (line.verdict, line.advice[0]),
            (Verdict::Passed, Advice::LogoutUrlOffered)
        );
        provider.end_session_endpoint = Some("https://idp.example/logout".into());
        let line = judge_sign_out(&provider, None);
        assert_eq!(
            (line.verdict, line.advice[0]),
            (Verdict::Passed, Advice::ProviderSignOut)
        );
    }
}
