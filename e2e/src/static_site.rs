//! A small static file server for the tests that need what the sandbox's app server does not
//! do: answer chosen files with a status of the test's choosing (a school filter's 403, a
//! missing file's 404) or not at all (a download that never ends), and count every request it
//! answered, per path, at the server.
//! HTTP/1.1, one request per connection (`Connection: close`), GET and HEAD only.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// One request the server answered.
#[derive(Debug, Clone)]
pub struct Served {
    /// The path as requested, without its query.
    pub path: String,
    /// 0: left unanswered ([`StaticSite::stall`]).
    pub status: u16,
}

#[derive(Default)]
struct Shared {
    served: Vec<Served>,
    /// (a path suffix, the status every request for it is answered with; `None`: never
    /// answered)
    refusals: Vec<(String, Option<u16>)>,
    /// Every file `no-cache`, as a host without caching rules might send it.
    revalidate_all: bool,
}

/// A folder served under `/`, until dropped.
pub struct StaticSite {
    /// `http://127.0.0.1:<port>/`
    pub url: String,
    shared: Arc<Mutex<Shared>>,
    task: JoinHandle<()>,
}

impl StaticSite {
    pub async fn start(dir: &Path) -> StaticSite {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port");
        let port = listener.local_addr().expect("the port").port();
        let shared = Arc::new(Mutex::new(Shared::default()));
        let (dir, state) = (dir.to_path_buf(), shared.clone());
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(answer(stream, dir.clone(), state.clone()));
            }
        });
        StaticSite {
            url: format!("http://127.0.0.1:{port}/"),
            shared,
            task,
        }
    }

    /// From now on, every request whose path ends with `suffix` is answered `status` with a
    /// small HTML page, as a filter's block page would be.
    pub fn refuse(&self, suffix: &str, status: u16) {
        self.lock()
            .refusals
            .push((suffix.to_string(), Some(status)));
    }

    /// From now on, every request whose path ends with `suffix` gets no answer at all (the
    /// connection stays open, as a download that never ends).
    pub fn stall(&self, suffix: &str) {
        self.lock().refusals.push((suffix.to_string(), None));
    }

    /// From now on, every file is sent `no-cache` (by default the hashed files are kept a
    /// year, as the shipped host recipes send them).
    pub fn revalidate_all(&self) {
        self.lock().revalidate_all = true;
    }

    /// Every request answered so far, in order.
    pub fn served(&self) -> Vec<Served> {
        self.lock().served.clone()
    }

    /// How many requests were answered for paths that `matches`.
    pub fn count(&self, matches: impl Fn(&str) -> bool) -> usize {
        self.served().iter().filter(|s| matches(&s.path)).count()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Shared> {
        self.shared.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Drop for StaticSite {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        _ => "application/octet-stream",
    }
}

/// The file a request path names: a folder's index.html; nothing outside `dir`.
fn file_for(dir: &Path, path: &str) -> Option<PathBuf> {
    let relative = path.trim_start_matches('/');
    if relative.split('/').any(|part| part == "..") {
        return None;
    }
    let mut file = dir.join(relative);
    if relative.is_empty() || relative.ends_with('/') {
        file = file.join("index.html");
    }
    file.is_file().then_some(file)
}

async fn answer(mut stream: TcpStream, dir: PathBuf, shared: Arc<Mutex<Shared>>) {
    let mut head = Vec::new();
    let mut buffer = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 65536 {
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buffer[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head);
    let mut request_line = head.lines().next().unwrap_or_default().split(' ');
    let method = request_line.next().unwrap_or_default().to_string();
    let target = request_line.next().unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/").to_string();
    let (refusal, revalidate_all) = {
        let state = shared.lock().unwrap_or_else(|e| e.into_inner());
        let refusal = state
            .refusals
            .iter()
            .find(|(suffix, _)| path.ends_with(suffix.as_str()))
            .map(|(_, status)| *status);
        (refusal, state.revalidate_all)
    };
    let record = |status: u16| {
        let served = Served {
            path: path.clone(),
            status,
        };
        shared
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .served
            .push(served);
    };
    if refusal == Some(None) {
        record(0);
        // The connection stays open, unanswered, until the test's runtime ends.
        std::future::pending::<()>().await;
    }
    let (status, kind, body) = match (method.as_str(), refusal.flatten()) {
        ("GET" | "HEAD", Some(status)) => (
            status,
            "text/html; charset=utf-8",
            format!("<!doctype html><title>{status}</title><h1>Blocked ({status})</h1>")
                .into_bytes(),
        ),
        ("GET" | "HEAD", None) => match file_for(&dir, &path) {
            Some(file) => (
                200,
                content_type(&file.to_string_lossy()),
                std::fs::read(&file).unwrap_or_default(),
            ),
            None => (404, "text/plain", b"not found".to_vec()),
        },
        _ => (405, "text/plain", Vec::new()),
    };
    record(status);
    // As the shipped host recipes send it: pages and config.json revalidated, the hashed
    // files kept.
    let page = path.ends_with('/') || path.ends_with(".html") || path.ends_with(".json");
    let cache = if revalidate_all || page {
        "no-cache"
    } else {
        "public, max-age=31536000, immutable"
    };
    let response_head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\
         Cache-Control: {cache}\r\nConnection: close\r\n\r\n",
        if status == 200 { "OK" } else { "Refused" },
        body.len()
    );
    let _ = stream.write_all(response_head.as_bytes()).await;
    if method != "HEAD" {
        let _ = stream.write_all(&body).await;
    }
    let _ = stream.shutdown().await;
}
