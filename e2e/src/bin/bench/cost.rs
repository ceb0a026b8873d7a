//! Group 5, cost: what one sign-in asks of ClassLink, counted in the sandbox's request log
//! (no added latency, a fresh sandbox and Chromium at 1280 × 900 per student): the API
//! requests and their CORS preflights once the first screen has settled, then after
//! scrolling to the end of the list one screen at a time, then for a reload of the same tab
//! (with the provider's documents: discovery, the key set). docs/performance.md turns these
//! into the district's morning.

use std::path::Path;
use std::time::Duration;

use classlink_e2e::browser::{Browser, Session};
use classlink_e2e::harness::current_class_titles;
use classlink_sandbox::{AppConfig, LoggedRequest, Running};
use fantoccini::Client;

use crate::harness::{click, eval, serve_with, table, wait_for};

/// Requests counted in one part of a sign-in.
#[derive(Default, Clone, Copy)]
struct Count {
    api: usize,
    preflights: usize,
    teachers: usize,
    discovery: usize,
    keys: usize,
}

impl Count {
    fn of(requests: &[LoggedRequest]) -> Count {
        let mut count = Count::default();
        for r in requests {
            let api = r.path.starts_with("/v2/") || r.path.starts_with("/ims/");
            if r.preflight {
                count.preflights += usize::from(api);
            } else if r.method == "GET" {
                count.api += usize::from(api);
                count.teachers += usize::from(api && r.path.ends_with("/teachers"));
                count.discovery += usize::from(r.path.ends_with("/openid-configuration"));
                count.keys += usize::from(r.path.ends_with("/jwks"));
            }
        }
        count
    }
}

/// Waits until the sandbox has logged nothing new for a second and a half.
async fn settled(sandbox: &Running) -> Vec<LoggedRequest> {
    let mut seen = sandbox.requests().len();
    let mut quiet = 0;
    while quiet < 15 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let now = sandbox.requests().len();
        quiet = if now == seen { quiet + 1 } else { 0 };
        seen = now;
    }
    sandbox.requests()
}

/// Scrolls the page down one screen at a time to its end, as a reader would.
async fn scroll_to_the_end(client: &Client) {
    for _ in 0..500 {
        let at_end = eval(
            client,
            "window.scrollBy(0, window.innerHeight * 0.9); \
             return window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;",
        )
        .await;
        tokio::time::sleep(Duration::from_millis(150)).await;
        if at_end == serde_json::Value::Bool(true) {
            return;
        }
    }
}

/// One student's sign-in, scroll and reload: the three counts.
async fn cost_of(dist: &Path, login: &str) -> [Count; 3] {
    let sandbox = serve_with(dist, 0, AppConfig::Generated, false).await;
    let app_url = sandbox.app_url().expect("app url");
    let session = Session::start(Browser::Chrome, 1280, 900).await;
    let client = session.client.clone();
    let expected = current_class_titles(login).len();
    let every_class =
        format!("document.querySelectorAll(\"[data-testid='class-item']\").length === {expected}");
    client.goto(&app_url).await.expect("app loads");
    click(&client, "[data-testid=sign-in]").await;
    click(&client, &format!("[id='user-{login}']")).await;
    click(&client, "#allow").await;
    wait_for(&client, "every class", &every_class).await;
    let signed_in = settled(&sandbox).await;
    scroll_to_the_end(&client).await;
    let scrolled = settled(&sandbox).await;
    sandbox.clear_requests();
    client.refresh().await.expect("reload");
    wait_for(&client, "every class after the reload", &every_class).await;
    let reloaded = settled(&sandbox).await;
    let _ = client.close().await;
    sandbox.shutdown().await;
    [
        Count::of(&signed_in),
        Count::of(&scrolled),
        Count::of(&reloaded),
    ]
}

/// Runs both students and prints the table.
pub(crate) fn report(runtime: &tokio::runtime::Runtime, dist: &Path) {
    let mut rows = Vec::new();
    for login in ["reading.student", "ms.rivera"] {
        let [first, scrolled, reload] = runtime.block_on(cost_of(dist, login));
        let classes = current_class_titles(login).len();
        let cell = |c: Count| {
            format!(
                "{} + {} OPTIONS ({} teachers)",
                c.api, c.preflights, c.teachers
            )
        };
        rows.push(vec![
            login.to_string(),
            classes.to_string(),
            cell(first),
            cell(scrolled),
            cell(reload),
            format!("{} discovery, {} keys", reload.discovery, reload.keys),
        ]);
    }
    table(
        "5. Cost: API requests and CORS preflights one sign-in sends ClassLink, 1280 × 900",
        &[
            "student",
            "classes",
            "signed in, not scrolled",
            "after scrolling to the end",
            "a reload, not scrolled",
            "a reload's provider documents",
        ],
        &rows,
    );
}
