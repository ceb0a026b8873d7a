//! The performance benchmark (`scripts/bench.sh` builds what it needs and runs this): prints
//! four groups of figures as tables. Timings are medians of several runs in headless Chromium.
//!
//! 1. Transfer: every file of the release `dist/` raw, gzip -9 and brotli -q 11, and the
//!    first-load total (config.json counted from `perf/config.sample.json`).
//! 2. Boot: navigation start to `[data-testid=sign-in]` present and enabled, for the app and
//!    for a static page with the same rendered markup and CSS, served the same way. Each is
//!    loaded once in a fresh profile (the cold column), then both in turn for the medians.
//!    Also: in how many app loads config.json was requested before `domInteractive`.
//! 3. Journey: with the sandbox delaying every API response, callback URL load to the last
//!    class rendered, and the sequential round trips it took.
//! 4. Render: `ClassList` with 100, 1,000 and 5,000 generated classes (the `bench` build):
//!    data to the first screenful painted, the longest task while the rest renders, a filter
//!    keystroke to the updated list (keyed: the cards kept are the same nodes), the wasm heap.
//! 5. Cost: per sign-in of reading.student and ms.rivera, the API requests and CORS
//!    preflights ClassLink receives: signed in, after scrolling to the end, and a reload.
//!
//! Times are taken in the page: a small `probe.js`, added to a copy of the dist's index.html
//! (the app itself is unchanged), records `performance.now()` from a MutationObserver when the
//! sign-in button appears and each time the number of classes changes.
//!
//! Environment: BENCH_DIST (release dist, default `dist/`), BENCH_DIST_BENCH (the build with
//! `--features bench`), BENCH_LOADS (boot loads, 20), BENCH_RUNS (journey and render runs, 5),
//! BENCH_LATENCY_MS (100), BENCH_ONLY (a comma-separated subset of `size,boot,journey,render,cost`,
//! to iterate on one figure; all by default), BENCH_BROWSERS (the boot group's browsers,
//! `chrome` by default, or e.g. `chrome,firefox,webkit`: WebKit under `xvfb-run -a`),
//! CHROMEDRIVER / CHROMIUM as for the end-to-end tests.
//!
//! One module per group ([`size`], [`boot`], [`journey`], [`render`], [`cost`]), each printing its own
//! table; [`harness`] holds what they share: the probe and the probed copy of a dist, serving
//! it from the sandbox, driving the page, medians and the table printer.

mod boot;
mod cost;
mod harness;
mod journey;
mod render;
mod size;

use std::path::PathBuf;

use classlink_e2e::Browser;
use serde_json::json;

use harness::{env_number, env_path};

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
        size::report(&dist);
    }

    if wants("boot") {
        let browsers = std::env::var("BENCH_BROWSERS").unwrap_or_else(|_| "chrome".to_string());
        boot::report(&runtime, &dist, loads, &Browser::list(&browsers));
    }

    if wants("journey") {
        journey::report(&runtime, &dist, runs, latency);
    }

    if wants("render") {
        render::report(&runtime, bench_dist.as_deref(), runs);
    }

    if wants("cost") {
        cost::report(&runtime, &dist);
    }
}
