//! Group 2, boot: navigation start to the sign-in button present and enabled, for the app and for
//! a static page with the same rendered markup and CSS, served the same way (one cold load of
//! each in a fresh profile, then both in turn for the medians), and where the app's boot time
//! goes (Resource and Navigation Timing, and the probe's wasm and mount milestones), including
//! whether the app's config.json request started while its page was still being parsed. In
//! each browser of `BENCH_BROWSERS` (Chromium by default; WebKit under an X display).

use std::path::Path;

use classlink_e2e::browser::{Browser, Session};
use fantoccini::Client;

use crate::harness::{eval, median, ms, probed_copy, serve, table, wait_for};

/// Runs the boot loads in each of `browsers` and prints, per browser, the table, the
/// breakdown and when config.json was requested.
pub(crate) fn report(
    runtime: &tokio::runtime::Runtime,
    dist: &Path,
    loads: u64,
    browsers: &[Browser],
) {
    for &browser in browsers {
        let (boot_rows, breakdown, config_timing) = runtime.block_on(boot(dist, loads, browser));
        table(
            &format!(
                "2. Boot ({}): navigation start → sign-in button present and enabled",
                browser.name()
            ),
            &["page", "median", "first (cold) load"],
            &boot_rows,
        );
        println!("\n{breakdown}");
        println!("\n{config_timing}");
    }
}

/// Writes `static.html`: the app's rendered sign-in screen as plain HTML, same CSS.
async fn write_static_page(client: &Client, dir: &Path) {
    let parts = eval(
        client,
        "return [document.body.innerHTML, \
         Array.from(document.querySelectorAll('link[rel=stylesheet]')).map(l => l.outerHTML).join('')];",
    )
    .await;
    let body = parts[0].as_str().unwrap_or_default();
    let css = parts[1].as_str().unwrap_or_default();
    let html = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head><script src=\"./probe.js\"></script>\
         <meta charset=\"utf-8\" /><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\
         <meta name=\"color-scheme\" content=\"light dark\" /><title>My Classes</title>{css}</head>\n\
         <body>{body}</body>\n</html>\n"
    );
    std::fs::write(dir.join("static.html"), html).expect("static.html");
}

/// Milestones of one load, in ms from navigation start: the sign-in button interactive, then
/// (from Resource Timing, NaN when absent) the CSS, JS and wasm received, and config.json
/// requested and received (its first request), how many times it was requested, the
/// document received and interactive; then (from the probe) the wasm handed to the engine,
/// compiled and instantiated, the app mounted, and config.json applied.
const BOOT_MILESTONES: &str = "var e = performance.getEntriesByType('resource'); \
    function end(test) { for (var i = 0; i < e.length; i++) if (test(e[i].name)) return e[i]; return null; } \
    var css = end(function (n) { return /\\.css$/.test(n); }), \
        js = end(function (n) { return /classlink-portal-[^/]*\\.js$/.test(n); }), \
        wasm = end(function (n) { return /\\.wasm$/.test(n); }), \
        cfg = end(function (n) { return /config\\.json$/.test(n); }); \
    function t(x, k) { return x ? x[k] : null; } \
    return [window.__bench.signIn, t(css, 'responseEnd'), t(js, 'responseEnd'), \
      t(wasm, 'responseEnd'), t(cfg, 'startTime'), t(cfg, 'responseEnd'), \
      e.filter(function (x) { return /config\\.json$/.test(x.name); }).length, \
      performance.getEntriesByType('navigation')[0].responseEnd, \
      performance.getEntriesByType('navigation')[0].domInteractive, \
      window.__bench.wasmStart, window.__bench.wasmReady, window.__bench.mounted, \
      window.__bench.configured];";

/// The milestones of the page the browser has just loaded, once its sign-in button is there.
async fn milestones(client: &Client) -> Vec<f64> {
    wait_for(
        client,
        "the sign-in button",
        "window.__bench && window.__bench.signIn !== null",
    )
    .await;
    let value = eval(client, BOOT_MILESTONES).await;
    value
        .as_array()
        .map(|a| a.iter().map(|v| v.as_f64().unwrap_or(f64::NAN)).collect())
        .unwrap_or_else(|| vec![f64::NAN])
}

/// Loads each URL `loads` times, alternating, so drift on a busy machine falls on both
/// pages alike rather than on whichever was measured second.
async fn alternating_loads(client: &Client, urls: [&str; 2], loads: u64) -> [Vec<Vec<f64>>; 2] {
    let mut seen = [Vec::new(), Vec::new()];
    for _ in 0..loads {
        for (url, times) in urls.iter().zip(seen.iter_mut()) {
            client.goto(url).await.expect("page loads");
            times.push(milestones(client).await);
        }
    }
    seen
}

/// Whether one load's (first) config.json request started while the page was still being
/// parsed, i.e. before `domInteractive`, and how long before it (ms, negative when after, NaN
/// without a request), from the [`BOOT_MILESTONES`] of that load.
fn config_requested_while_parsing(load: &[f64]) -> (bool, f64) {
    let requested = load.get(4).copied().unwrap_or(f64::NAN);
    let interactive = load.get(8).copied().unwrap_or(f64::NAN);
    // NaN compares false: no request is not a request started while parsing.
    (requested < interactive, interactive - requested)
}

/// The app's config.json timing over its warm loads and its cold load, as a sentence.
fn config_timing(app_loads: &[Vec<f64>], app_cold: &[f64]) -> String {
    let timings: Vec<(bool, f64)> = app_loads
        .iter()
        .map(|load| config_requested_while_parsing(load))
        .collect();
    let while_parsing = timings.iter().filter(|(early, _)| *early).count();
    let leads: Vec<f64> = timings.iter().map(|(_, lead)| *lead).collect();
    let (cold_early, cold_lead) = config_requested_while_parsing(app_cold);
    format!(
        "config.json requested while the app's page was still being parsed (request start \
         before domInteractive): {while_parsing} of {} loads, cold load {}; domInteractive − \
         config.json request start: median {}, cold load {}.",
        app_loads.len(),
        if cold_early { "yes" } else { "no" },
        ms(median(&leads)),
        ms(cold_lead),
    )
}

async fn boot(dist: &Path, loads: u64, browser: Browser) -> (Vec<Vec<String>>, String, String) {
    let dir = probed_copy(dist, "boot");
    let sandbox = serve(&dir, 0).await;
    let app_url = sandbox.app_url().expect("app url");
    let static_url = format!("{app_url}static.html");

    // Cold loads: each page first in a fresh browser profile. The app's also gives the
    // markup the static page copies.
    let session = Session::start(browser, 1280, 900).await;
    session.client.goto(&app_url).await.expect("app loads");
    let app_cold = milestones(&session.client).await;
    write_static_page(&session.client, &dir).await;
    let _ = session.client.clone().close().await;
    drop(session);
    let session = Session::start(browser, 1280, 900).await;
    let client = session.client.clone();
    client.goto(&static_url).await.expect("static page loads");
    let static_cold = milestones(&client).await;

    // Warm loads, the two pages in turn; the medians are over these.
    let [app_loads, static_loads] =
        alternating_loads(&client, [&app_url, &static_url], loads).await;
    let column = |loads: &[Vec<f64>], i: usize| -> Vec<f64> {
        loads
            .iter()
            .map(|l| l.get(i).copied().unwrap_or(f64::NAN))
            .collect()
    };
    let (app, static_page) = (column(&app_loads, 0), column(&static_loads, 0));
    let (app_median, static_median) = (median(&app), median(&static_page));
    let breakdown = format!(
        "Where the app's boot goes (medians, ms from navigation start): document received {} \
         (static page {}), interactive {} (static page {}), CSS received {}, JS {}, \
         wasm {}, config.json requested {} and received {} ({} request(s)); the loader hands \
         the wasm to the engine at {}, compiled and instantiated at {}, main() has mounted the \
         app at {}, config.json is applied (the CSP narrowed) at {}, sign-in button \
         interactive {}.",
        ms(median(&column(&app_loads, 7))),
        ms(median(&column(&static_loads, 7))),
        ms(median(&column(&app_loads, 8))),
        ms(median(&column(&static_loads, 8))),
        ms(median(&column(&app_loads, 1))),
        ms(median(&column(&app_loads, 2))),
        ms(median(&column(&app_loads, 3))),
        ms(median(&column(&app_loads, 4))),
        ms(median(&column(&app_loads, 5))),
        median(&column(&app_loads, 6)),
        ms(median(&column(&app_loads, 9))),
        ms(median(&column(&app_loads, 10))),
        ms(median(&column(&app_loads, 11))),
        ms(median(&column(&app_loads, 12))),
        ms(app_median),
    );
    let _ = client.close().await;
    sandbox.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
    let rows = vec![
        vec![
            format!("app (median of {loads})"),
            ms(app_median),
            ms(app_cold[0]),
        ],
        vec![
            format!("static page, same markup and CSS (median of {loads})"),
            ms(static_median),
            ms(static_cold[0]),
        ],
        vec![
            "ratio app / static (budget ≤ 2.0)".to_string(),
            format!("{:.2}", app_median / static_median),
            format!("{:.2}", app_cold[0] / static_cold[0]),
        ],
    ];
    let config_timing = config_timing(&app_loads, &app_cold);
    (rows, breakdown, config_timing)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Milestones with only config.json's request start and `domInteractive` known.
    fn load(requested: f64, interactive: f64) -> Vec<f64> {
        let mut milestones = vec![f64::NAN; 13];
        milestones[4] = requested;
        milestones[8] = interactive;
        milestones
    }

    #[test]
    fn config_timing_counts_requests_started_before_dom_interactive() {
        // Before, before, after, and a load without any config.json request.
        let loads = [
            load(10.0, 40.0),
            load(12.0, 50.0),
            load(60.0, 45.0),
            vec![f64::NAN],
        ];
        assert_eq!(
            config_timing(&loads, &load(20.0, 45.0)),
            "config.json requested while the app's page was still being parsed (request start \
             before domInteractive): 2 of 4 loads, cold load yes; domInteractive − config.json \
             request start: median 30.0 ms, cold load 25.0 ms."
        );
        let (early, lead) = config_requested_while_parsing(&[f64::NAN]);
        assert!(!early && lead.is_nan(), "no request: not early, no lead");
    }
}
