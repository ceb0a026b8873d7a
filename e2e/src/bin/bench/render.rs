//! Group 4, render: `ClassList` with 100, 1,000 and 5,000 generated classes in the `bench` build
//! (its `window.wasmBindings.bench_*` exports), measured by what a student or teacher feels:
//!
//! - **first screenful**: from handing the data to the list (`bench_mount`) to the first
//!   animation frame after it, with that frame's style and layout forced in its
//!   `requestAnimationFrame` callback: the frame that paints the cards in view;
//! - **longest task** while the list renders (from the data's arrival until every card is in
//!   the page, and again after the filter is cleared): the list's first task, then each later
//!   slice, timed through a wrapped `window.setTimeout` (how the list schedules its slices)
//!   up to the end of its effects, with its style and layout forced there; and any task a
//!   `longtask` PerformanceObserver reports in those windows (over 50 ms, whatever its
//!   cause: style, layout, garbage collection), which are also counted;
//! - **whole list in the page**: data arrival to the last card in the DOM;
//! - **a filter keystroke to the updated list**: an `input` event with the typed query to the
//!   next frame's callback with style and layout forced, for a narrowing filter (100 of the
//!   classes left) and for clearing it again; the first shown cards must match the query, and
//!   the cards shown before and after must be the same DOM nodes (marked before, checked
//!   after).
//!
//! Then the wasm heap. Each run loads a fresh page. Skipped without `BENCH_DIST_BENCH`.

use std::path::Path;

use classlink_e2e::browser::{Browser, Session};
use serde_json::Value;

use crate::harness::{median, ms, probed_copy, serve, table, wait_for};

/// The sizes of the render benchmark.
const RENDER_SIZES: [u32; 3] = [100, 1_000, 5_000];
/// What the filter benchmark types: matches `Course 00100` … `Course 00199`.
const FILTER_TEXT: &str = "course 001";

/// One run in the page (WebDriver's `executeAsync`): the arguments are the number of classes
/// and the filter text; it answers `[first screenful, longest task, whole list, long tasks
/// over 50 ms, filter, clear, kept, heap]` or a string saying what went wrong.
const RUN_JS: &str = r#"
var n = arguments[0], text = arguments[1], done = arguments[arguments.length - 1];
var w = window.wasmBindings, now = function () { return performance.now(); };
var items = function (root) { return root.querySelectorAll('[data-testid=class-item]'); };
var stage = 'mount', errors = [];
window.addEventListener('error', function (e) { errors.push(String(e.message)); });
// Says where it stopped rather than leaving WebDriver's script timeout to say nothing.
var watchdog = setTimeout(function () {
  done('stuck at ' + stage + ' with ' + items(root).length + ' cards, tasks ' + JSON.stringify(tasks) + ', errors ' + JSON.stringify(errors));
}, 20000);
w.bench_prepare(n);
var root = document.querySelector('[data-testid=bench-root]');
window.scrollTo(0, 0);
// Long tasks (over 50 ms, any cause) as [start, duration]; the windows in which the list
// was rendering, as [start, end].
var longTasks = [], windows = [], tasks = [], onTask = null;
function onLongTasks(entries) {
  entries.forEach(function (e) { longTasks.push([e.startTime, e.duration]); });
}
var observer = new PerformanceObserver(function (list) { onLongTasks(list.getEntries()); });
observer.observe({ type: 'longtask' });
// A task's end: Leptos runs its effects in one microtask queued during the task, so a
// microtask queued after it runs once they are done; style and layout are forced there.
function endOfTask(t, then) {
  Promise.resolve().then(function () {
    void root.offsetHeight; tasks.push(now() - t);
    if (then) then();
  });
}
// The list schedules its slices with setTimeout: each is timed with its style and layout.
var setTimeoutBefore = window.setTimeout;
window.setTimeout = function (callback, delay) {
  return setTimeoutBefore.call(window, function () {
    var t = now(); callback();
    endOfTask(t, function () { if (onTask) onTask(); });
  }, delay);
};
function nextFrame(t0, then) {
  requestAnimationFrame(function () { void root.offsetHeight; then(now() - t0); });
}
function whenAll(t0, then) {
  function finish() { windows.push([t0, now()]); then(now() - t0); }
  if (items(root).length === n) { finish(); return; }
  onTask = function () {
    if (items(root).length === n) { onTask = null; finish(); }
  };
}
// A keystroke, in a task of its own once what is there has been painted (as a person's
// would be), so its work is not counted in the task before it.
function type(value, then) {
  requestAnimationFrame(function () {
    setTimeoutBefore.call(window, function () {
      var input = root.querySelector('[data-testid=class-filter]');
      input.value = value;
      var t0 = now();
      input.dispatchEvent(new Event('input', { bubbles: true }));
      nextFrame(t0, then);
    }, 0);
  });
}
var t0 = now();
w.bench_mount();
endOfTask(t0);
nextFrame(t0, function (first) {
  stage = 'the whole list';
  whenAll(t0, function (whole) {
    stage = 'the filter';
    var all = Array.prototype.slice.call(items(root));
    all.forEach(function (li) { li.__benchMark = true; });
    type(text, function (narrow) {
      var shown = Array.prototype.slice.call(items(root));
      var matches = shown.every(function (li) {
        return li.querySelector('[data-testid=class-title]').textContent.toLowerCase().indexOf(text) >= 0;
      });
      if (shown.length !== Math.max(0, Math.min(100, n - 100)) || !matches) { done('the filter shows ' + shown.length + ' cards, matching: ' + matches); return; }
      var kept = shown.every(function (li) { return li.__benchMark; });
      stage = 'clearing the filter';
      type('', function (clear) {
        var top = items(root)[0].querySelector('[data-testid=class-title]').textContent;
        if (top !== 'Course 00000') { done('after clearing, the first card is ' + top); return; }
        kept = kept && shown.every(function (li) { return li.isConnected; });
        stage = 'the whole list again';
        whenAll(now(), function () {
          clearTimeout(watchdog);
          setTimeoutBefore.call(window, function () {
            window.setTimeout = setTimeoutBefore;
            onLongTasks(observer.takeRecords());
            var during = longTasks.filter(function (e) {
              return windows.some(function (w) { return e[0] >= w[0] && e[0] <= w[1]; });
            }).map(function (e) { return e[1]; });
            done([first, Math.max.apply(null, tasks.concat(during)), whole, during.length,
              narrow, clear, kept, w.bench_heap_bytes()]);
          }, 0);
        });
      });
    });
  });
});
"#;

/// The medians of one size's runs, as table cells.
struct Figures {
    first: Vec<f64>,
    longest: Vec<f64>,
    whole: Vec<f64>,
    long_tasks: Vec<f64>,
    narrow: Vec<f64>,
    clear: Vec<f64>,
    kept: Vec<bool>,
    heap: Vec<f64>,
}

async fn render(dist: &Path, runs: u64) -> Vec<Vec<String>> {
    let dir = probed_copy(dist, "render");
    let sandbox = serve(&dir, 0).await;
    let app_url = sandbox.app_url().expect("app url");
    let session = Session::start(Browser::Chrome, 1280, 900).await;
    let client = session.client.clone();
    let mut rows = Vec::new();
    for n in RENDER_SIZES {
        let mut f = Figures {
            first: Vec::new(),
            longest: Vec::new(),
            whole: Vec::new(),
            long_tasks: Vec::new(),
            narrow: Vec::new(),
            clear: Vec::new(),
            kept: Vec::new(),
            heap: Vec::new(),
        };
        for _ in 0..runs {
            // A fresh page each time: the heap figure is this list's, not the largest so far.
            client.goto(&app_url).await.expect("bench app loads");
            wait_for(
                &client,
                "the bench build's exports",
                "window.wasmBindings && window.wasmBindings.bench_mount",
            )
            .await;
            let value = client
                .execute_async(RUN_JS, vec![Value::from(n), Value::from(FILTER_TEXT)])
                .await
                .expect("the render script");
            let Some(value) = value.as_array() else {
                panic!("render benchmark, {n} classes: {value}");
            };
            let number = |i: usize| value[i].as_f64().unwrap_or(f64::NAN);
            f.first.push(number(0));
            f.longest.push(number(1));
            f.whole.push(number(2));
            f.long_tasks.push(number(3));
            f.narrow.push(number(4));
            f.clear.push(number(5));
            f.kept.push(value[6] == Value::Bool(true));
            f.heap.push(number(7));
        }
        rows.push(vec![
            n.to_string(),
            ms(median(&f.first)),
            ms(median(&f.longest)),
            format!("{}", median(&f.long_tasks)),
            ms(median(&f.whole)),
            ms(median(&f.narrow)),
            ms(median(&f.clear)),
            if f.kept.iter().all(|k| *k) {
                "yes".to_string()
            } else {
                "NO".to_string()
            },
            format!("{:.1} MiB", median(&f.heap) / 1_048_576.0),
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
                    "first screenful",
                    "longest task",
                    "tasks > 50 ms",
                    "whole list in page",
                    &format!("keystroke: filter {FILTER_TEXT:?}"),
                    "keystroke: clear",
                    "shown nodes kept",
                    "wasm heap after",
                ],
                &rows,
            );
        }
        _ => println!(
            "\n## 4. Render\n\nskipped: set BENCH_DIST_BENCH to a `scripts/build.sh --features bench --dist DIR` dist"
        ),
    }
}
