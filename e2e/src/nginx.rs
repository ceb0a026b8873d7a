//! A real nginx for the deployment test: started as the current user in a folder of its own
//! (configuration, pid, logs and temp files inside it), on a free loopback port, in the
//! foreground, and stopped when dropped. The site is served by the shipped recipe
//! (deploy/nginx/classlink-portal.conf), rendered by deploy/render.py as scripts/release.sh
//! renders it.

use std::net::{TcpListener, TcpStream};

pub use crate::raw_http::{get, Response};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The recipe's sample values, replaced by the test's own (the recipe tells a district to
/// change exactly these).
pub const RECIPE_PATH: &str = "/portal/";
pub const RECIPE_ROOT: &str = "/var/www/html";

pub struct Nginx {
    /// `http://127.0.0.1:<port>`
    pub origin: String,
    /// Holds nginx.conf, the rendered recipes, the site (`www/`), logs and temp files.
    pub dir: PathBuf,
    child: Child,
}

/// The workspace root (deploy/ and dist/ live there).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// nginx: `NGINX`, else on PATH, else Debian's /usr/sbin/nginx. Missing is a failure, not a
/// skip: scripts/setup.sh installs it.
pub fn nginx_binary() -> PathBuf {
    if let Some(path) = std::env::var_os("NGINX") {
        return PathBuf::from(path);
    }
    let on_path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
        .map(|dir| dir.join("nginx"));
    on_path
        .chain([PathBuf::from("/usr/sbin/nginx")])
        .find(|candidate| candidate.is_file())
        .unwrap_or_else(|| {
            panic!(
                "nginx is not installed (not on PATH, not /usr/sbin/nginx): run scripts/setup.sh, \
                 which installs Debian's nginx package, or set NGINX"
            )
        })
}

/// A fresh, empty folder for one nginx.
pub fn scratch_dir(label: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "classlink-e2e-{label}-{}-{}",
        std::process::id(),
        free_port()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// Renders every recipe for `dist` into `out` with deploy/render.py, as scripts/release.sh
/// does.
pub fn render_recipes(dist: &Path, out: &Path) {
    let output = Command::new("python3")
        .arg(workspace_root().join("deploy/render.py"))
        .arg("--dist")
        .arg(dist)
        .arg("--out")
        .arg(out)
        .output()
        .expect("python3 runs deploy/render.py");
    assert!(
        output.status.success(),
        "deploy/render.py failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

impl Nginx {
    /// Starts nginx on `port` with `recipe` (the rendered nginx recipe) included in its one
    /// server block, the recipe's location moved to `app_path` and its root to `root`.
    pub fn start(dir: &Path, port: u16, recipe: &str, app_path: &str, root: &Path) -> Nginx {
        let bare_path = app_path.trim_end_matches('/');
        let recipe_bare = RECIPE_PATH.trim_end_matches('/');
        for sample in [RECIPE_PATH, RECIPE_ROOT] {
            assert!(
                recipe.contains(sample),
                "the nginx recipe no longer uses {sample}"
            );
        }
        // `/portal/` first, then the bare `/portal` of the redirect.
        let snippet = recipe
            .replace(RECIPE_PATH, &format!("{bare_path}/"))
            .replace(&format!("{recipe_bare} "), &format!("{bare_path} "))
            .replace(
                &format!("root {RECIPE_ROOT};"),
                &format!("root {};", root.display()),
            );
        let snippet_path = dir.join("classlink-portal.conf");
        std::fs::write(&snippet_path, snippet).expect("writing the recipe");
        for folder in ["logs", "temp"] {
            std::fs::create_dir_all(dir.join(folder)).expect("a scratch folder");
        }
        let temp = |name: &str| dir.join("temp").join(name).display().to_string();
        // master_process off: one process, as the current user (as root, a master would hand
        // the work to `nobody`, who may not read the scratch folder).
        let conf = format!(
            "daemon off;\nmaster_process off;\npid {pid};\nerror_log {log} notice;\n\
             events {{ worker_connections 64; }}\n\
             http {{\n  access_log {access};\n  client_body_temp_path {body};\n  \
             proxy_temp_path {proxy};\n  fastcgi_temp_path {fastcgi};\n  uwsgi_temp_path {uwsgi};\n  \
             scgi_temp_path {scgi};\n  server {{\n    listen 127.0.0.1:{port};\n    \
             include {snippet};\n  }}\n}}\n",
            pid = dir.join("nginx.pid").display(),
            log = dir.join("logs/error.log").display(),
            access = dir.join("logs/access.log").display(),
            body = temp("body"),
            proxy = temp("proxy"),
            fastcgi = temp("fastcgi"),
            uwsgi = temp("uwsgi"),
            scgi = temp("scgi"),
            snippet = snippet_path.display(),
        );
        let conf_path = dir.join("nginx.conf");
        std::fs::write(&conf_path, conf).expect("writing nginx.conf");
        let binary = nginx_binary();
        let stderr = std::fs::File::create(dir.join("logs/stderr.log")).expect("a log file");
        let mut child = Command::new(&binary)
            .arg("-p")
            .arg(dir)
            .arg("-c")
            .arg(&conf_path)
            // Where nginx logs before it has read the configuration (Debian's default is a
            // file under /var/log).
            .arg("-e")
            .arg(dir.join("logs/error.log"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::from(stderr))
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            let exited = child.try_wait().expect("nginx's status");
            if exited.is_some() || Instant::now() > deadline {
                let _ = child.kill();
                panic!(
                    "nginx did not start ({exited:?}): {}",
                    std::fs::read_to_string(dir.join("logs/error.log")).unwrap_or_default()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Nginx {
            origin: format!("http://127.0.0.1:{port}"),
            dir: dir.to_path_buf(),
            child,
        }
    }

    pub fn error_log(&self) -> String {
        std::fs::read_to_string(self.dir.join("logs/error.log")).unwrap_or_default()
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
