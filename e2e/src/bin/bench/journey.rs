//! Group 3, journey: with the sandbox delaying every API response by `BENCH_LATENCY_MS`, callback
//! URL load to the last class rendered for two students (a fresh sandbox and browser per run),
//! and the critical path: the longest chain of requests in sequence (Resource Timing), with
//! the CORS preflights the sandbox logged. Then, in the same tab, a reload: from the reload
//! to the last class rendered again, through the one hop that resumes the session.

use std::path::Path;

use classlink_e2e::browser::{Browser, Session};
use classlink_e2e::harness::current_class_titles;

use classlink_sandbox::{AppConfig, LoggedRequest};
use serde_json::{json, Value};

use crate::harness::{click, eval, median, ms, probed_copy, serve_with, table, wait_for};

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
    /// API requests before the page that showed the classes (a reload's discovery and
    /// authorization hop), each waiting for the one before.
    api_before: usize,
    api_chain: usize,
    api_chain_with_preflights: usize,
    page_chain: usize,
    chain_text: String,
    preflights: usize,
    api_requests: usize,
}

/// The classes source a journey runs with.
#[derive(Clone, Copy)]
enum Source {
    /// nodeapi's `my/classes` (the default): asked for beside the profile.
    OwnClasses,
    /// A OneRoster `{sourcedId}` template, the id from the verified id_token's claim.
    OneRosterWithClaim,
    /// `my/classes` from a provider that binds its tokens with DPoP: a key to make, a proof
    /// to sign per request, and the token request no longer a simple one (a preflight).
    OwnClassesDpop,
}

impl Source {
    fn label(self) -> &'static str {
        match self {
            Source::OwnClasses => "my/classes",
            Source::OneRosterWithClaim => "OneRoster {sourcedId}, id from the id_token",
            Source::OwnClassesDpop => "my/classes, DPoP",
        }
    }

    fn config(self) -> AppConfig {
        match self {
            Source::OwnClasses | Source::OwnClassesDpop => AppConfig::Generated,
            Source::OneRosterWithClaim => AppConfig::GeneratedWith(
                [
                    (
                        "classes_endpoint".to_string(),
                        json!("{origin}/ims/oneroster/v1p1/users/{sourcedId}/classes"),
                    ),
                    ("teachers_endpoint".to_string(), json!(false)),
                ]
                .into_iter()
                .collect(),
            ),
        }
    }
}

/// The script that reads the page's timings once every class is shown.
const TIMINGS: &str = "var nav = performance.getEntriesByType('navigation')[0]; \
     return { origin: performance.timeOrigin, fetchStart: nav.fetchStart, \
       doc: [location.origin + location.pathname, nav.fetchStart, nav.responseEnd], \
       classes: window.__bench.classes, \
       resources: performance.getEntriesByType('resource').map(function (r) { \
         return [r.name, r.startTime, r.responseEnd]; }) };";

/// A first sign-in, then a reload of the same tab; both measured.
async fn journey_once(
    dir: &Path,
    login: &str,
    source: Source,
    latency_ms: u64,
) -> (JourneyRun, JourneyRun) {
    let dpop = matches!(source, Source::OwnClassesDpop);
    let sandbox = serve_with(dir, latency_ms, source.config(), dpop).await;
    let app_url = sandbox.app_url().expect("app url");
    let api_origin = sandbox.api_origin();
    let session = Session::start(Browser::Chrome, 1280, 900).await;
    let client = session.client.clone();
    let expected = current_class_titles(login).len();

    let every_class = format!(
        "window.__bench && window.__bench.classes.some(function (c) {{ return c[1] === {expected}; }})"
    );
    client.goto(&app_url).await.expect("app loads");
    click(&client, "[data-testid=sign-in]").await;
    click(&client, &format!("[id='user-{login}']")).await;
    click(&client, "#allow").await;
    wait_for(&client, "every class", &every_class).await;
    let first = eval(&client, TIMINGS).await;

    // The reload: the tab's mark sends it to the provider by itself, whose session answers.
    let reload_start = eval(&client, "return Date.now();").await.as_f64();
    client.refresh().await.expect("reload");
    wait_for(&client, "every class after the reload", &every_class).await;
    let reloaded = eval(&client, TIMINGS).await;
    let requests = sandbox.requests();
    let _ = client.close().await;
    sandbox.shutdown().await;
    (
        analyse(&first, &requests, &api_origin, expected, None, reload_start),
        analyse(
            &reloaded,
            &requests,
            &api_origin,
            expected,
            reload_start,
            None,
        ),
    )
}

/// The page's timings as a run: from `started_at` (Unix ms; else the page's own fetch start)
/// to the last class rendered, and the requests in sequence. The page's requests are those
/// logged from its fetch start until `until` (Unix ms; the next measurement's start).
fn analyse(
    data: &Value,
    requests: &[LoggedRequest],
    api_origin: &str,
    expected: usize,
    started_at: Option<f64>,
    until: Option<f64>,
) -> JourneyRun {
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
            api: url.starts_with(api_origin),
        });
    }

    // Sandbox log of the callback page's API requests (Unix ms): preflights by path.
    let since = (time_origin + fetch_start) as u64;
    let page_requests: Vec<_> = requests
        .iter()
        .filter(|r| r.at_ms >= since && until.is_none_or(|until| (r.at_ms as f64) < until))
        .collect();
    let api_before = started_at.map_or(0, |start| {
        requests
            .iter()
            .filter(|r| r.method != "OPTIONS" && (r.at_ms as f64) >= start && r.at_ms < since)
            .count()
    });
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
        total_ms: match started_at {
            Some(start) => time_origin + done - start,
            None => done - fetch_start,
        },
        api_before,
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
    let journeys = [
        ("reading.student", Source::OwnClasses),
        ("ms.rivera", Source::OwnClasses),
        ("reading.student", Source::OneRosterWithClaim),
        ("reading.student", Source::OwnClassesDpop),
    ];
    for (login, source) in journeys {
        let mut firsts = Vec::new();
        let mut reloads = Vec::new();
        for _ in 0..runs {
            let (first, reload) = journey_once(&dir, login, source, latency_ms).await;
            firsts.push(first);
            reloads.push(reload);
        }
        let name = format!(
            "{login} ({} classes), {}",
            current_class_titles(login).len(),
            source.label()
        );
        for (kind, results) in [("sign-in", &firsts), ("reload", &reloads)] {
            let times: Vec<f64> = results.iter().map(|r| r.total_ms).collect();
            let last = results.last().expect("at least one run");
            rows.push(vec![
                format!("{name}: {kind}"),
                ms(median(&times)),
                (last.api_before + last.api_chain).to_string(),
                (last.api_before + last.api_chain_with_preflights).to_string(),
                last.page_chain.to_string(),
                format!("{} + {} OPTIONS", last.api_requests, last.preflights),
            ]);
            chains.push(format!(
                "{login}, {}, {kind}: {}{}",
                source.label(),
                if last.api_before > 0 {
                    format!("{} request(s) before the callback page → ", last.api_before)
                } else {
                    String::new()
                },
                last.chain_text
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    (rows, chains)
}

/// Runs the journeys and prints the table and each critical path.
pub(crate) fn report(runtime: &tokio::runtime::Runtime, dist: &Path, runs: u64, latency: u64) {
    let (journey_rows, chains) = runtime.block_on(journey(dist, runs, latency));
    table(
        &format!(
            "3. Journey: callback URL load (sign-in) or reload → last class rendered, {latency} ms added to every API response (median of {runs})"
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
