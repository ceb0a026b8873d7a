//! A C-library locale for a browser language, for WebKit: MiniBrowser takes
//! `navigator.languages` from its locale, not from a preference. The locale is compiled once per
//! test process with `localedef` (from Debian's `locales` data, which scripts/setup.sh
//! installs) into a folder of its own, and named by `LOCPATH`, so nothing system-wide changes.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;
use std::sync::{Mutex, OnceLock};

/// The environment that makes a WebKitGTK browser prefer `language` (a tag such as `es-MX`).
pub fn environment_for(language: &str) -> Vec<(String, String)> {
    let name = format!("{}.UTF-8", language.replace('-', "_"));
    let dir = compiled(&name);
    vec![
        ("LOCPATH".to_string(), dir.display().to_string()),
        ("LANG".to_string(), name.clone()),
        ("LC_ALL".to_string(), name),
    ]
}

/// The folder holding the compiled locale `name` (e.g. `es_MX.UTF-8`).
fn compiled(name: &str) -> PathBuf {
    static DONE: OnceLock<Mutex<HashMap<String, PathBuf>>> = OnceLock::new();
    let mut done = DONE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(dir) = done.get(name) {
        return dir.clone();
    }
    let dir = std::env::temp_dir().join(format!("classlink-e2e-locales-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a folder for the locale");
    let (source, _) = name.split_once('.').unwrap_or((name, ""));
    let status = Command::new("localedef")
        .args(["-i", source, "-f", "UTF-8"])
        .arg(dir.join(name))
        .status()
        .expect("localedef runs");
    // localedef exits 1 for warnings about the source data, with the locale written.
    assert!(
        dir.join(name).join("LC_CTYPE").exists(),
        "localedef could not compile {name} ({status}): is Debian's `locales` installed \
         (scripts/setup.sh)?"
    );
    done.insert(name.to_string(), dir.clone());
    dir
}
