#!/usr/bin/env bash
# Runs every test: lint, native unit tests (app, sandbox, companion), the companion's Lambda
# function under AWS's local runtime, browser tests in headless
# Chromium and Firefox and in WebKit, and the end-to-end journeys in the three against the
# sandbox. WebKit (MiniBrowser) has no headless mode: its steps run under xvfb-run, a virtual
# X display. Installs what it needs first (scripts/setup.sh skips what is already there).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
bash "$ROOT/scripts/setup.sh"
cd "$ROOT"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "format and lint (native and wasm32)"
cargo fmt --all -- --check
# No import circle in any crate, and the wasm-bindgen pin alike wherever it is written.
python3 scripts/check_structure.py
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo clippy -p classlink-portal --all-targets --target wasm32-unknown-unknown --quiet -- -D warnings

step "release build (trunk) and the first-load size ceiling"
bash scripts/build.sh
bash scripts/size-check.sh

step "the panic hook's test build (the app with --features panic-test)"
# Built as the release is, so every dependency the release build compiled is reused: only the
# app's crate, the link and wasm-opt run again. e2e/tests/boot.rs reads it from here.
export E2E_PANIC_TEST_DIST="${CARGO_TARGET_DIR:-$ROOT/target}/dist-panic-test"
bash scripts/build.sh --app-only --features panic-test --dist "$E2E_PANIC_TEST_DIST"

step "native tests: app logic, sandbox, end-to-end in Chromium and Firefox"
cargo test --workspace

step "the companion's Lambda function under AWS's local runtime (cargo lambda watch)"
# cargo-lambda comes from PyPI into a venv in the target folder (installed once); the
# function is built by the emulator and answers a token request from the app's origin and
# refuses one from another, all on loopback.
bash companion/scripts/lambda-smoke.sh

step "end-to-end tests in WebKit (MiniBrowser under xvfb-run)"
# A screen larger than the tests' windows, in full colour (Xvfb's default is 640x480, 8 bits).
E2E_BROWSERS=webkit xvfb-run -a -s "-screen 0 1920x1080x24" cargo test -p classlink-e2e

step "browser tests in headless Chromium and Firefox (wasm-pack test)"
# The drivers are named so wasm-pack never looks for (or downloads) its own.
wasm-pack test --headless --chrome --firefox \
  --chromedriver "$(command -v chromedriver)" --geckodriver "$(command -v geckodriver)"

step "browser tests in WebKit (wasm-pack test, MiniBrowser under xvfb-run)"
# wasm-bindgen-test-runner drives WebKitGTK's WebDriver as a Safari driver; asked for no
# particular browser, WebKitWebDriver opens MiniBrowser.
xvfb-run -a wasm-pack test --headless --safari --safaridriver "$(command -v WebKitWebDriver)"

step "all tests passed"
