//! Group 1, transfer size: every file of the release `dist/` raw, gzip -9 and brotli -q 11 (the
//! `gzip` and `brotli` programs). The first-load total counts what `scripts/size-check.sh`
//! counts (the files at the top of `dist/`, and config.json from `perf/config.sample.json`),
//! against the same ceiling and goal; the self-check's own bundle (`dist/check/`) is listed
//! after it, apart: only the person deploying the page downloads it. No browser.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::harness::{files_under, table, workspace};

/// Prints the transfer table of `dist`.
pub(crate) fn report(dist: &Path) {
    table(
        "1. Transfer size (bytes)",
        &["file", "raw", "gzip -9", "brotli -q 11"],
        &transfer(dist),
    );
}

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

/// The goal for the first load, gzip (scripts/size-check.sh's GOAL).
const GOAL_GZIP: u64 = 153_600;

fn transfer(dist: &Path) -> Vec<Vec<String>> {
    let (first_load, self_check): (Vec<PathBuf>, Vec<PathBuf>) = files_under(dist)
        .into_iter()
        .partition(|p| p.parent() == Some(dist));
    let mut rows = measured(dist, first_load, true);
    let ceiling = std::fs::read_to_string(workspace().join("perf/size-ceiling.txt"))
        .unwrap_or_default()
        .trim()
        .to_string();
    rows.push(vec![
        "ceiling (perf/size-ceiling.txt), goal (gzip)".to_string(),
        String::new(),
        format!("{ceiling}, {GOAL_GZIP}"),
        String::new(),
    ]);
    rows.extend(measured(dist, self_check, false));
    rows
}

/// A row per file and a total: `first load` with config.json added, else the self-check's.
fn measured(dist: &Path, files: Vec<PathBuf>, first_load: bool) -> Vec<Vec<String>> {
    let mut entries: Vec<(String, PathBuf)> = files
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
    if first_load {
        entries.push((
            "config.json (perf/config.sample.json)".to_string(),
            workspace().join("perf/config.sample.json"),
        ));
    }
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
    let total = if first_load {
        "first load (the files above)"
    } else {
        "self-check, check/ (not in the first load)"
    };
    rows.push(vec![
        total.to_string(),
        raw_total.to_string(),
        gz_total.to_string(),
        br_total.to_string(),
    ]);
    rows
}
