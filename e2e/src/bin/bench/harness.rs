//! What the benchmark groups share: reading the environment, medians and the Markdown table
//! printer; the probe (`probe.js`) and the probed copy of a dist it is served from; serving
//! that copy under `/portal/` from the sandbox; and driving the page (run a script, wait for a
//! condition, click). The app's path and the longest wait are the end-to-end tests' own
//! (`classlink_e2e::harness`); the waits here poll more often, as a measurement wants.

use std::path::{Path, PathBuf};
use std::time::Duration;

use classlink_e2e::harness::{APP_PATH, WAIT};
use classlink_sandbox::{AppConfig, Options, Running, Seed, ServeApp};
use fantoccini::{Client, Locator};
use serde_json::Value;

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

pub(crate) fn env_path(name: &str, default: &str) -> PathBuf {
    std::env::var_os(name)
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join(default))
}

pub(crate) fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

pub(crate) fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

pub(crate) fn median(values: &[f64]) -> f64 {
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
pub(crate) fn table(title: &str, header: &[&str], rows: &[Vec<String>]) {
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

pub(crate) fn ms(value: f64) -> String {
    if value.is_finite() {
        format!("{value:.1} ms")
    } else {
        "n/a".to_string()
    }
}

pub(crate) fn files_under(dir: &Path) -> Vec<PathBuf> {
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

/// A copy of `dist` with the probe, and a static page with the same markup as the rendered
/// sign-in screen (filled in by `boot::write_static_page`).
pub(crate) fn probed_copy(dist: &Path, name: &str) -> PathBuf {
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

pub(crate) async fn serve(dir: &Path, latency_ms: u64) -> Running {
    serve_with(dir, latency_ms, AppConfig::Generated, false).await
}

/// [`serve`] with a config.json of its own.
/// The sandbox serving the app; `dpop`: as a provider that advertises DPoP and binds tokens.
pub(crate) async fn serve_with(
    dir: &Path,
    latency_ms: u64,
    config: AppConfig,
    dpop: bool,
) -> Running {
    let mut serve = ServeApp::new(dir);
    serve.config = config;
    serve.port = 0;
    serve.path = APP_PATH.to_string();
    let mut options = Options::new(Seed::default_seed()).with_serve_app(serve);
    options.latency = Duration::from_millis(latency_ms);
    // ClassLink as it is: its session outlives the tab, so a reload comes back in one hop.
    options.session_features.sso = true;
    options.dpop_features.enabled = dpop;
    classlink_sandbox::start(options)
        .await
        .expect("the sandbox starts")
}

pub(crate) async fn eval(client: &Client, script: &str) -> Value {
    client
        .execute(script, vec![])
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
}

pub(crate) async fn wait_for(client: &Client, what: &str, condition: &str) {
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

pub(crate) async fn click(client: &Client, css: &str) {
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
