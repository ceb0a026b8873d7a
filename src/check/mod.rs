//! The deployment self-check (`?check`): what the person deploying the page needs to know
//! before a student finds out, asked from the real origin in the real browser. Pure: each
//! probe's answer is judged here; the requests are made by `crate::app::self_check`.

pub mod host;
pub mod line;
pub mod probe;
pub mod report;
pub mod texts;

pub use line::{Advice, CheckId, CheckLine, Verdict};

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
}
