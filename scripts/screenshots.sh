#!/usr/bin/env bash
# Takes the pictures in docs/screenshots/ anew (every main state, desktop and phone width,
# light and dark, in Chromium) from the release build against the sandbox. Not part of the
# tests: it rewrites committed files, which only a change to the look should do. Review the
# pictures (git diff --stat docs/screenshots) before committing them.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
bash "$ROOT/scripts/setup.sh"
cd "$ROOT"
bash scripts/build.sh
E2E_BROWSERS=${E2E_BROWSERS:-chrome} cargo run --quiet -p classlink-e2e --bin screenshots
