//! Group 4, render: `ClassList` with 100, 1,000 and 5,000 generated classes in the `bench` build
//! (its `window.wasmBindings.bench_*` exports): render and DOM-build time, the wasm heap
//! after, and a keyed filter update (type a filter, clear it, and check that the items still
//! shown kept their DOM nodes). Skipped without `BENCH_DIST_BENCH`.

use std::path::Path;

use classlink_e2e::browser::{Browser, Session};
use serde_json::Value;

use crate::harness::{eval, median, ms, probed_copy, serve, table, wait_for};

/// The sizes of the render benchmark.
const RENDER_SIZES: [u32; 3] = [100, 1_000, 5_000];
/// What the filter benchmark types: matches `Course 00100` … `Course 00199`.
const FILTER_TEXT: &str = "course 001";

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

/// Runs the render benchmark on the `bench` build, or says why it is skipped.
pub(crate) fn report(runtime: &tokio::runtime::Runtime, bench_dist: Option<&Path>, runs: u64) {
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
