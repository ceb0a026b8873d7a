//! The performance benchmark (`scripts/bench.sh` builds what it needs and runs this): prints
//! four groups of figures as tables. Timings are medians of several runs in headless Chromium.
//!
//! 1. Transfer: every file of the release `dist/` raw, gzip -9 and brotli -q 11, and the
//!    first-load total (config.json counted from `perf/config.sample.json`).
//! 2. Boot: navigation start to `[data-testid=sign-in]` present and enabled, for the app and
//!    for a static page with the same rendered markup and CSS, served the same way. Each is
//!    loaded once in a fresh profile (the cold column), then both in turn for the medians.
//! 3. Journey: with the sandbox delaying every API response, callback URL load to the last
//!    class rendered, and the sequential round trips it took.
//! 4. Render: `ClassList` with 100, 1,000 and 5,000 generated classes (the `bench` build),
//!    the wasm heap after each, and a keyed filter update.
//!
//! Times are taken in the page: a small `probe.js`, added to a copy of the dist's index.html
//! (the app itself is unchanged), records `performance.now()` from a MutationObserver when the
//! sign-in button appears and each time the number of classes changes.
//!
//! Environment: BENCH_DIST (release dist, default `dist/`), BENCH_DIST_BENCH (the build with
//! `--features bench`), BENCH_LOADS (boot loads, 20), BENCH_RUNS (journey and render runs, 5),
//! BENCH_LATENCY_MS (100), BENCH_ONLY (a comma-separated subset of `size,boot,journey,render`,
//! to iterate on one figure; all by default), CHROMEDRIVER / CHROMIUM as for the end-to-end tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use classlink_e2e::browser::{Browser, Session};
use classlink_e2e::harness::current_class_titles;
use classlink_sandbox::{Options, Running, Seed, ServeApp};
use fantoccini::{Client, Locator};
use serde_json::{json, Value};

const APP_PATH: &str = "/portal/";
const WAIT: Duration = Duration::from_secs(30);
/// The sizes of the render benchmark.
const RENDER_SIZES: [u32; 3] = [100, 1_000, 5_000];
/// What the filter benchmark types: matches `Course 00100` … `Course 00199`.
const FILTER_TEXT: &str = "course 001";

/// Loaded first in the copied pages' `<head>` (a classic script, so before the app's module
/// loader runs): records when the sign-in button is there and enabled, and every change in the
/// number of rendered classes, in `performance.now()` (milliseconds since navigation start).
const PROBE_JS: &str = r#"(function () {
  var b = (window.__bench = { signIn: null, classes: [], wasmStart: null, wasmReady: null,
    mounted: null, configured: null });
  var last = -1;
  // When the loader hands the wasm to the engine, and when it is compiled and instantiated.
  ["instantiateStreaming", "instantiate"].forEach(function (name) {
    var original = WebAssembly[name];
    if (!original) return;
    WebAssembly[name] = function () {
      if (b.wasmStart === null) b.wasmStart = performance.now();
      return original.apply(WebAssembly, arguments).then(function (result) {
        if (b.wasmReady === null) b.wasmReady = performance.now();
        return result;
      });
    };
  });
  function check() {
    var now = performance.now();
    // main() removes the start-up fallback and mounts the app's <main> in one task; this
    // observer sees both once main() has returned.
    if (b.mounted === null && document.getElementById("main")) b.mounted = now;
    // The app narrows the page's CSP with a second policy once config.json is read.
    if (b.configured === null &&
        document.querySelectorAll("meta[http-equiv=Content-Security-Policy]").length > 1) b.configured = now;
    if (b.signIn === null) {
      var s = document.querySelector("[data-testid=sign-in]");
      if (s && !s.disabled) b.signIn = now;
    }
    var n = document.querySelectorAll("[data-testid=class-item]").length;
    if (n !== last) { last = n; b.classes.push([now, n]); }
  }
  new MutationObserver(check).observe(document, {
    childList: true, subtree: true, attributes: true, attributeFilter: ["disabled"],
  });
  check();
})();
"#;

fn env_path(name: &str, default: &str) -> PathBuf {
    std::env::var_os(name)
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join(default))
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn median(values: &[f64]) -> f64 {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    if sorted.len() % 2 == 1 {
        sorted[mid]
    } else {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    }
}

/// Prints rows as a table: the first column left-aligned, the others right-aligned.
fn table(title: &str, header: &[&str], rows: &[Vec<String>]) {
    let columns = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(columns) {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    println!("\n## {title}\n");
    let line = |cells: Vec<String>| {
        let text: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let pad = widths[i].saturating_sub(c.chars().count());
                if i == 0 {
                    format!("{c}{}", " ".repeat(pad))
                } else {
                    format!("{}{c}", " ".repeat(pad))
                }
            })
            .collect();
        println!("| {} |", text.join(" | "));
    };
    line(header.iter().map(|h| h.to_string()).collect());
    println!(
        "|{}|",
        widths
            .iter()
            .enumerate()
            .map(|(i, w)| if i == 0 {
                format!(":{}", "-".repeat(w + 1))
            } else {
                format!("{}:", "-".repeat(w + 1))
            })
            .collect::<Vec<_>>()
            .join("|")
    );
    for row in rows {
        line(row.clone());
    }
}

fn ms(value: f64) -> String {
    if value.is_finite() {
        format!("{value:.1} ms")
    } else {
        "n/a".to_string()
    }
}

// ---------------------------------------------------------------------------------------
// 1. Transfer size

fn compressed_len(program: &str, args: &[&str], file: &Path) -> u64 {
    let output = Command::new(program)
        .args(args)
        .stdin(std::fs::File::open(file).expect("readable file"))
        .stderr(Stdio::inherit())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program} (scripts/setup.sh installs it): {e}"));
    assert!(output.status.success(), "{program} failed on {file:?}");
    output.stdout.len() as u64
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("readable dist") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files.sort();
    files
}

fn transfer(dist: &Path) -> Vec<Vec<String>> {
    let mut entries: Vec<(String, PathBuf)> = files_under(dist)
        .into_iter()
        .map(|p| {
            let name = p
                .strip_prefix(dist)
                .unwrap_or(&p)
                .to_string_lossy()
                .into_owned();
            (name, p)
        })
        .collect();
    entries.push((
        "config.json (perf/config.sample.json)".to_string(),
        workspace().join("perf/config.sample.json"),
    ));
    let mut rows = Vec::new();
    let (mut raw_total, mut gz_total, mut br_total) = (0, 0, 0);
    for (name, path) in entries {
        let raw = std::fs::metadata(&path).expect("file size").len();
        let gz = compressed_len("gzip", &["-9", "-n", "-c"], &path);
        let br = compressed_len("brotli", &["-q", "11", "-c"], &path);
        raw_total += raw;
        gz_total += gz;
        br_total += br;
        rows.push(vec![name, raw.to_string(), gz.to_string(), br.to_string()]);
    }
    rows.push(vec![
        "first load (all of the above)".to_string(),
        raw_total.to_string(),
        gz_total.to_string(),
        br_total.to_string(),
    ]);
    rows.push(vec![
        "budget (gzip)".to_string(),
        String::new(),
        "76800".to_string(),
        String::new(),
    ]);
    rows
}

// ---------------------------------------------------------------------------------------
// Serving

/// A copy of `dist` with the probe, and a static page with the same markup as the rendered
/// sign-in screen (filled in by [`write_static_page`]).
fn probed_copy(dist: &Path, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("classlink-bench-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    for file in files_under(dist) {
        let relative = file.strip_prefix(dist).expect("under dist");
        let target = dir.join(relative);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).expect("temp subdir");
        }
        std::fs::copy(&file, &target).expect("copy");
    }
    std::fs::write(dir.join("probe.js"), PROBE_JS).expect("probe.js");
    let index = std::fs::read_to_string(dir.join("index.html")).expect("index.html");
    // First in the head, before any other script. The release markup is minified and has
    // no <head> tag (it is implied), so the probe goes before the first <meta>.
    let head_start = index.find("<meta").expect("a <meta> in the head");
    let probed = format!(
        "{}<script src=\"./probe.js\"></script>{}",
        &index[..head_start],
        &index[head_start..]
    );
    std::fs::write(dir.join("index.html"), probed).expect("index.html");
    dir
}

async fn serve(dir: &Path, latency_ms: u64) -> Running {
    let mut serve = ServeApp::new(dir);
    serve.port = 0;
    serve.path = APP_PATH.to_string();
    let mut options = Options::new(Seed::default_seed()).with_serve_app(serve);
    options.latency = Duration::from_millis(latency_ms);
    classlink_sandbox::start(options)
        .await
        .expect("the sandbox starts")
}

async fn eval(client: &Client, script: &str) -> Value {
    client
        .execute(script, vec![])
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
}

async fn wait_for(client: &Client, what: &str, condition: &str) {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        if eval(client, &format!("return !!({condition});")).await == Value::Bool(true) {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn click(client: &Client, css: &str) {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        if let Ok(element) = client.find(Locator::Css(css)).await {
            if element.click().await.is_ok() {
                return;
            }
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{css} never became clickable"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

// ---------------------------------------------------------------------------------------
// 2. Boot

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

async fn boot(dist: &Path, loads: u64) -> (Vec<Vec<String>>, String) {
    let dir = probed_copy(dist, "boot");
    let sandbox = serve(&dir, 0).await;
    let app_url = sandbox.app_url().expect("app url");
    let static_url = format!("{app_url}static.html");

    // Cold loads: each page first in a fresh browser profile. The app's also gives the
    // markup the static page copies.
    let session = Session::start(Browser::Chrome, 1280, 900).await;
    session.client.goto(&app_url).await.expect("app loads");
    let app_cold = milestones(&session.client).await;
    write_static_page(&session.client, &dir).await;
    let _ = session.client.clone().close().await;
    drop(session);
    let session = Session::start(Browser::Chrome, 1280, 900).await;
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
    (rows, breakdown)
}

// ---------------------------------------------------------------------------------------
// 3. Journey

/// One request of the callback page (Resource Timing, plus the document itself).
#[derive(Debug, Clone)]
struct Step {
    name: String,
    start: f64,
    end: f64,
    api: bool,
}

/// The longest chain of requests each starting after the previous one ended: the
/// sequential round trips. Returns the chain (indices into `steps`).
fn longest_chain(steps: &[Step], filter: impl Fn(&Step) -> bool) -> Vec<usize> {
    let mut order: Vec<usize> = (0..steps.len()).filter(|&i| filter(&steps[i])).collect();
    order.sort_by(|&a, &b| steps[a].start.total_cmp(&steps[b].start));
    let mut depth = vec![0usize; steps.len()];
    let mut previous: Vec<Option<usize>> = vec![None; steps.len()];
    for (k, &i) in order.iter().enumerate() {
        depth[i] = 1;
        for &j in &order[..k] {
            // 1 ms of slack: Resource Timing rounds.
            if steps[j].end <= steps[i].start + 1.0 && depth[j] + 1 > depth[i] {
                depth[i] = depth[j] + 1;
                previous[i] = Some(j);
            }
        }
    }
    let Some(&last) = order
        .iter()
        .max_by_key(|&&i| (depth[i], (steps[i].end * 1000.0) as i64))
    else {
        return Vec::new();
    };
    let mut chain = vec![last];
    while let Some(p) = previous[*chain.last().expect("non-empty")] {
        chain.push(p);
    }
    chain.reverse();
    chain
}

fn short_name(url: &str) -> String {
    let without_origin = url
        .splitn(4, '/')
        .nth(3)
        .map(|rest| format!("/{rest}"))
        .unwrap_or_else(|| url.to_string());
    let path = without_origin.split('?').next().unwrap_or_default();
    let query = without_origin
        .split_once('?')
        .map(|(_, q)| {
            q.split('&')
                .filter(|p| p.starts_with("offset="))
                .collect::<Vec<_>>()
                .join("&")
        })
        .filter(|q| !q.is_empty())
        .map(|q| format!("?{q}"))
        .unwrap_or_default();
    let tail = path.rsplit('/').next().unwrap_or(path);
    if tail.len() > 40 {
        format!("{}…{query}", &tail[..12])
    } else {
        format!("{tail}{query}")
    }
}

struct JourneyRun {
    total_ms: f64,
    api_chain: usize,
    api_chain_with_preflights: usize,
    page_chain: usize,
    chain_text: String,
    preflights: usize,
    api_requests: usize,
}

async fn journey_once(dir: &Path, login: &str, latency_ms: u64) -> JourneyRun {
    let sandbox = serve(dir, latency_ms).await;
    let app_url = sandbox.app_url().expect("app url");
    let api_origin = sandbox.api_origin();
    let session = Session::start(Browser::Chrome, 1280, 900).await;
    let client = session.client.clone();
    let expected = current_class_titles(login).len();

    client.goto(&app_url).await.expect("app loads");
    click(&client, "[data-testid=sign-in]").await;
    click(&client, &format!("[id='user-{login}']")).await;
    click(&client, "#allow").await;
    wait_for(
        &client,
        "every class",
        &format!(
            "window.__bench && window.__bench.classes.some(function (c) {{ return c[1] === {expected}; }})"
        ),
    )
    .await;
    let data = eval(
        &client,
        "var nav = performance.getEntriesByType('navigation')[0]; \
         return { origin: performance.timeOrigin, fetchStart: nav.fetchStart, \
           doc: [location.origin + location.pathname, nav.fetchStart, nav.responseEnd], \
           classes: window.__bench.classes, \
           resources: performance.getEntriesByType('resource').map(function (r) { \
             return [r.name, r.startTime, r.responseEnd]; }) };",
    )
    .await;
    let requests = sandbox.requests();
    let _ = client.close().await;
    sandbox.shutdown().await;

    let fetch_start = data["fetchStart"].as_f64().unwrap_or(0.0);
    let time_origin = data["origin"].as_f64().unwrap_or(0.0);
    let done = data["classes"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c[1].as_u64() == Some(expected as u64))
        .and_then(|c| c[0].as_f64())
        .unwrap_or(f64::NAN);

    let mut steps = vec![Step {
        name: "document".to_string(),
        start: data["doc"][1].as_f64().unwrap_or(0.0),
        end: data["doc"][2].as_f64().unwrap_or(0.0),
        api: false,
    }];
    for r in data["resources"].as_array().into_iter().flatten() {
        let url = r[0].as_str().unwrap_or_default();
        let (start, end) = (r[1].as_f64().unwrap_or(0.0), r[2].as_f64().unwrap_or(0.0));
        if end > done + 1.0 || url.ends_with("probe.js") {
            continue; // after the last class (e.g. a profile photo), or the probe
        }
        steps.push(Step {
            name: short_name(url),
            start,
            end,
            api: url.starts_with(&api_origin),
        });
    }

    // Sandbox log of the callback page's API requests (Unix ms): preflights by path.
    let since = (time_origin + fetch_start) as u64;
    let page_requests: Vec<_> = requests.iter().filter(|r| r.at_ms >= since).collect();
    let preflights = page_requests
        .iter()
        .filter(|r| r.method == "OPTIONS")
        .count();
    let preflighted = |step: &Step| {
        let path = step.name.split('?').next().unwrap_or_default();
        page_requests
            .iter()
            .any(|r| r.method == "OPTIONS" && r.path.ends_with(path))
    };

    let api_chain = longest_chain(&steps, |s| s.api);
    let page_chain = longest_chain(&steps, |_| true);
    let with_preflights: usize = api_chain
        .iter()
        .map(|&i| 1 + usize::from(preflighted(&steps[i])))
        .sum();
    let chain_text = page_chain
        .iter()
        .map(|&i| {
            let s = &steps[i];
            let mark = if s.api && preflighted(s) { "+pf" } else { "" };
            format!("{}{mark}", s.name)
        })
        .collect::<Vec<_>>()
        .join(" → ");
    JourneyRun {
        total_ms: done - fetch_start,
        api_chain: api_chain.len(),
        api_chain_with_preflights: with_preflights,
        page_chain: page_chain.len(),
        chain_text,
        preflights,
        api_requests: page_requests
            .iter()
            .filter(|r| r.method != "OPTIONS")
            .count(),
    }
}

async fn journey(dist: &Path, runs: u64, latency_ms: u64) -> (Vec<Vec<String>>, Vec<String>) {
    let dir = probed_copy(dist, "journey");
    let mut rows = Vec::new();
    let mut chains = Vec::new();
    for login in ["reading.student", "ms.rivera"] {
        let mut results = Vec::new();
        for _ in 0..runs {
            results.push(journey_once(&dir, login, latency_ms).await);
        }
        let times: Vec<f64> = results.iter().map(|r| r.total_ms).collect();
        let last = results.last().expect("at least one run");
        rows.push(vec![
            format!("{login} ({} classes)", current_class_titles(login).len()),
            ms(median(&times)),
            last.api_chain.to_string(),
            last.api_chain_with_preflights.to_string(),
            last.page_chain.to_string(),
            format!("{} + {} OPTIONS", last.api_requests, last.preflights),
        ]);
        chains.push(format!("{login}: {}", last.chain_text));
    }
    let _ = std::fs::remove_dir_all(&dir);
    (rows, chains)
}

// ---------------------------------------------------------------------------------------
// 4. Render

async fn render(dist: &Path, runs: u64) -> Vec<Vec<String>> {
    let dir = probed_copy(dist, "render");
    let sandbox = serve(&dir, 0).await;
    let app_url = sandbox.app_url().expect("app url");
    let session = Session::start(Browser::Chrome, 1280, 900).await;
    let client = session.client.clone();
    let mut rows = Vec::new();
    for n in RENDER_SIZES {
        let (mut totals, mut builds, mut heaps) = (Vec::new(), Vec::new(), Vec::new());
        let (mut filters, mut clears, mut kept) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..runs {
            // A fresh page each time: the heap figure is this list's, not the largest so far.
            client.goto(&app_url).await.expect("bench app loads");
            wait_for(
                &client,
                "the bench build's exports",
                "window.wasmBindings && window.wasmBindings.bench_render",
            )
            .await;
            let value = eval(
                &client,
                &format!(
                    "var w = window.wasmBindings; var before = w.bench_heap_bytes(); \
                     var total = w.bench_render({n}); \
                     return [total, w.bench_last_build_ms(), before, w.bench_heap_bytes(), \
                       document.querySelectorAll('[data-testid=bench-root] [data-testid=class-item]').length];"
                ),
            )
            .await;
            assert_eq!(
                value[4].as_u64(),
                Some(u64::from(n)),
                "every class rendered"
            );
            totals.push(value[0].as_f64().unwrap_or(f64::NAN));
            builds.push(value[1].as_f64().unwrap_or(f64::NAN));
            heaps.push(value[3].as_f64().unwrap_or(f64::NAN));

            // A keyed update: type a filter, then clear it. Items still shown must be the same
            // DOM nodes (marked before), not rebuilt ones.
            let filter = client
                .execute_async(
                    &format!(
                        "var done = arguments[arguments.length - 1]; \
                         var root = document.querySelector('[data-testid=bench-root]'); \
                         var items = root.querySelectorAll('[data-testid=class-item]'); \
                         items.forEach(function (li) {{ li.__benchMark = true; }}); \
                         var input = root.querySelector('[data-testid=class-filter]'); \
                         function type(text, next) {{ \
                           input.value = text; var t0 = performance.now(); \
                           input.dispatchEvent(new Event('input', {{ bubbles: true }})); \
                           setTimeout(function () {{ void root.offsetHeight; next(performance.now() - t0); }}, 0); }} \
                         type({FILTER_TEXT:?}, function (narrow) {{ \
                           var shown = root.querySelectorAll('[data-testid=class-item]'); \
                           var same = Array.prototype.every.call(shown, function (li) {{ return li.__benchMark; }}); \
                           var count = shown.length; \
                           type('', function (clear) {{ done([narrow, clear, count, same]); }}); }});"
                    ),
                    vec![],
                )
                .await
                .expect("filter script");
            filters.push(filter[0].as_f64().unwrap_or(f64::NAN));
            clears.push(filter[1].as_f64().unwrap_or(f64::NAN));
            kept.push(filter[3] == Value::Bool(true));
            let _ = filter[2].as_u64();
        }
        rows.push(vec![
            n.to_string(),
            ms(median(&totals)),
            ms(median(&builds)),
            format!("{:.1} MiB", median(&heaps) / 1_048_576.0),
            ms(median(&filters)),
            ms(median(&clears)),
            if kept.iter().all(|k| *k) {
                "yes".to_string()
            } else {
                "NO".to_string()
            },
        ]);
    }
    let _ = client.close().await;
    sandbox.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
    rows
}

// ---------------------------------------------------------------------------------------

fn main() {
    let dist = env_path("BENCH_DIST", "dist");
    let bench_dist = std::env::var_os("BENCH_DIST_BENCH").map(PathBuf::from);
    let loads = env_number("BENCH_LOADS", 20).max(1);
    let runs = env_number("BENCH_RUNS", 5).max(1);
    let latency = env_number("BENCH_LATENCY_MS", 100);
    let only = std::env::var("BENCH_ONLY").unwrap_or_default();
    let wants = |group: &str| only.is_empty() || only.split(',').any(|g| g.trim() == group);
    assert!(
        dist.join("index.html").exists(),
        "{} has no index.html: run scripts/bench.sh",
        dist.display()
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");

    println!(
        "# Benchmark: {} (release), headless Chromium, {}",
        dist.display(),
        json!({ "boot_loads": loads, "runs": runs, "latency_ms": latency })
    );

    if wants("size") {
        table(
            "1. Transfer size (bytes)",
            &["file", "raw", "gzip -9", "brotli -q 11"],
            &transfer(&dist),
        );
    }

    if wants("boot") {
        let (boot_rows, breakdown) = runtime.block_on(boot(&dist, loads));
        table(
            "2. Boot: navigation start → sign-in button present and enabled",
            &["page", "median", "first (cold) load"],
            &boot_rows,
        );
        println!("\n{breakdown}");
    }

    if wants("journey") {
        journey_tables(&runtime, &dist, runs, latency);
    }

    if wants("render") {
        render_table(&runtime, bench_dist.as_deref(), runs);
    }
}

fn journey_tables(runtime: &tokio::runtime::Runtime, dist: &Path, runs: u64, latency: u64) {
    let (journey_rows, chains) = runtime.block_on(journey(dist, runs, latency));
    table(
        &format!(
            "3. Journey: callback URL load → last class rendered, {latency} ms added to every API response (median of {runs})"
        ),
        &[
            "student",
            "time",
            "API round trips in sequence",
            "including preflights",
            "all requests in sequence",
            "API requests",
        ],
        &journey_rows,
    );
    println!("\nCritical path (+pf: preceded by a CORS preflight):");
    for chain in chains {
        println!("  {chain}");
    }
}

fn render_table(runtime: &tokio::runtime::Runtime, bench_dist: Option<&Path>, runs: u64) {
    match bench_dist {
        Some(bench_dist) if bench_dist.join("index.html").exists() => {
            let rows = runtime.block_on(render(bench_dist, runs));
            table(
                &format!("4. Render: ClassList from fixture data (median of {runs}, fresh page each)"),
                &[
                    "classes",
                    "render (DOM + layout)",
                    "DOM build",
                    "wasm heap after",
                    &format!("filter {FILTER_TEXT:?}"),
                    "clear filter",
                    "shown nodes kept",
                ],
                &rows,
            );
        }
        _ => println!(
            "\n## 4. Render\n\nskipped: set BENCH_DIST_BENCH to a `scripts/build.sh --features bench --dist DIR` dist"
        ),
    }
}
