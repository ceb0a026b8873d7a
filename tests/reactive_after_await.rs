//! A guard over the app's source: code that may run after its screen is gone reads and
//! writes reactive state only through the `try_` accessors, which answer `None` for a
//! disposed signal where the others panic (and the release build aborts on a panic).
//!
//! Such code is whatever follows the first `.await` of an async block or async fn (a task, a
//! load, a refresh: the screen may have gone meanwhile), and every timer and channel
//! callback, which fires whenever it fires. In it, no `get()`, `get_untracked()`, `with(…)`,
//! `with_untracked(…)`, `set(…)`, `update(…)`, `track()`, `read()`, `write()` or their
//! `StoredValue` forms, except in the places named in [`ALLOWED`], each with its reason.

#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

/// Accessors that panic on a disposed signal or stored value.
const PANICKING: [&str; 13] = [
    ".get()",
    ".get_untracked()",
    ".with(",
    ".with_untracked(",
    ".set(",
    ".update(",
    ".track()",
    ".read()",
    ".write()",
    ".get_value()",
    ".set_value(",
    ".with_value(",
    ".update_value(",
];

/// Calls whose closure argument runs later, on a timer or a message.
const DEFERRED: [&str; 5] = [
    "Timeout::new(",
    "set_timeout(",
    "request_animation_frame(",
    "request_animation_frame_with_handle(",
    "listen_for_sign_out(",
];

/// Places where one of those names is not a reactive accessor, or cannot meet a disposed
/// signal: (file, the line's text).
const ALLOWED: [(&str, &str, &str); 4] = [
    (
        "src/app/keeper.rs",
        "self.version.update(|v| *v += 1);",
        "an ArcRwSignal: reference-counted, never disposed",
    ),
    (
        "src/transport/fetch.rs",
        "timed_out.set(true);",
        "a Cell, not a signal",
    ),
    (
        "src/transport/fetch.rs",
        "BodyFailure::Broken if timed_out.get()",
        "a Cell, not a signal",
    ),
    (
        "src/classlink/teachers.rs",
        "stopped.set(true);",
        "a Cell, not a signal",
    ),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a source folder") {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The source with comments, strings and character literals blanked (same length, newlines
/// kept), so braces and names in them are not read as code.
fn code_only(source: &str) -> String {
    let bytes = source.as_bytes();
    let mut out = bytes.to_vec();
    let mut i = 0;
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for b in &mut out[from..to] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    };
    while i < bytes.len() {
        let rest = &source[i..];
        if rest.starts_with("//") {
            let end = rest.find('\n').map_or(bytes.len(), |n| i + n);
            blank(&mut out, i, end);
            i = end;
        } else if rest.starts_with("/*") {
            let end = rest.find("*/").map_or(bytes.len(), |n| i + n + 2);
            blank(&mut out, i, end);
            i = end;
        } else if rest.starts_with("r#\"") || rest.starts_with("r\"") {
            let hashes = rest[1..].chars().take_while(|c| *c == '#').count();
            let close = format!("\"{}", "#".repeat(hashes));
            let open = 2 + hashes;
            let end = rest[open..]
                .find(&close)
                .map_or(bytes.len(), |n| i + open + n + close.len());
            blank(&mut out, i, end);
            i = end;
        } else if bytes[i] == b'"' {
            let mut j = i + 1;
            while j < bytes.len() && bytes[j] != b'"' {
                j += if bytes[j] == b'\\' { 2 } else { 1 };
            }
            blank(&mut out, i, (j + 1).min(bytes.len()));
            i = j + 1;
        } else if bytes[i] == b'\'' {
            // A character literal ('x', '\n', '\''), not a lifetime ('a).
            let literal = if let Some(escaped) = rest.strip_prefix("'\\") {
                escaped.find('\'').map(|n| n + 3)
            } else {
                rest.char_indices()
                    .nth(2)
                    .filter(|(_, c)| *c == '\'')
                    .map(|(n, _)| n + 1)
            };
            match literal {
                Some(len) => {
                    blank(&mut out, i, i + len);
                    i += len;
                }
                None => i += 1,
            }
        } else {
            i += 1;
        }
    }
    String::from_utf8(out).expect("blanking keeps UTF-8 at ASCII boundaries")
}

/// The end of the bracketed group opening at `open` (`{` or `(`), in code-only text.
fn group_end(code: &str, open: usize) -> usize {
    let (opening, closing) = match code.as_bytes()[open] {
        b'{' => (b'{', b'}'),
        _ => (b'(', b')'),
    };
    let mut depth = 0;
    for (i, b) in code.bytes().enumerate().skip(open) {
        if b == opening {
            depth += 1;
        } else if b == closing {
            depth -= 1;
            if depth == 0 {
                return i + 1;
            }
        }
    }
    code.len()
}

/// The ranges of code that may run after its screen is gone: after the first `.await` of
/// each async block or async fn body, and every deferred callback's argument.
fn late_ranges(code: &str) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    for starter in ["async move {", "async {", "async fn "] {
        for (at, _) in code.match_indices(starter) {
            let Some(open) = code[at..].find('{').map(|n| at + n) else {
                continue;
            };
            // An async fn's declaration in a trait has no body.
            if starter == "async fn " && code[at..open].contains(';') {
                continue;
            }
            let end = group_end(code, open);
            if let Some(first_await) = code[open..end].find(".await") {
                ranges.push((open + first_await, end));
            }
        }
    }
    for call in DEFERRED {
        for (at, _) in code.match_indices(call) {
            let open = at + call.len() - 1;
            ranges.push((open, group_end(code, open)));
        }
    }
    ranges
}

#[test]
fn code_that_may_outlive_its_screen_uses_only_the_try_accessors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut found = Vec::new();
    let mut allowed_used = vec![false; ALLOWED.len()];
    for file in &files {
        let name = file
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let source = std::fs::read_to_string(file).unwrap();
        let code = code_only(&source);
        for (from, to) in late_ranges(&code) {
            for accessor in PANICKING {
                for (at, _) in code[from..to].match_indices(accessor) {
                    let at = from + at;
                    let line_no = code[..at].matches('\n').count() + 1;
                    let line = source.lines().nth(line_no - 1).unwrap_or_default().trim();
                    match ALLOWED
                        .iter()
                        .position(|(f, text, _)| *f == name && line.contains(text))
                    {
                        Some(i) => allowed_used[i] = true,
                        None => found.push(format!("{name}:{line_no}: {line}")),
                    }
                }
            }
        }
    }
    found.sort();
    found.dedup();
    assert!(
        found.is_empty(),
        "a panicking accessor where the screen may be gone (use its try_ form, or name the \
         place in ALLOWED with the reason):\n{}",
        found.join("\n")
    );
    let stale: Vec<_> = ALLOWED
        .iter()
        .zip(&allowed_used)
        .filter(|(_, used)| !**used)
        .map(|((file, text, _), _)| format!("{file}: {text}"))
        .collect();
    assert!(
        stale.is_empty(),
        "ALLOWED names places that are gone: {stale:?}"
    );
}

#[test]
fn the_guard_sees_an_accessor_after_an_await_and_ignores_strings() {
    let code = code_only(
        "fn f() { spawn_local(async move { a.get(); x.await; b.get_untracked(); \"c.set(1)\"; }); }",
    );
    let late: Vec<&str> = late_ranges(&code)
        .into_iter()
        .map(|(from, to)| &code[from..to])
        .collect();
    assert_eq!(late.len(), 1);
    assert!(late[0].contains("b.get_untracked()"));
    assert!(!late[0].contains("a.get()"), "before the await");
    assert!(!late[0].contains("c.set"), "inside a string");
    let timer = code_only("Timeout::new(5.0, move || ending.set(true));");
    assert!(late_ranges(&timer)
        .iter()
        .any(|(from, to)| timer[*from..*to].contains("ending.set(true)")));
}
