#!/usr/bin/env bash
# Builds the release app into dist/: `trunk build --release` on the stable compiler as it
# ships (extra arguments are passed on, e.g. `--features bench --dist DIR`), then the
# deployment self-check (check/index.html, its own small bundle) into dist/check/, so no
# student downloads it; `--app-only` skips the self-check (the test builds need only the
# app). Needs the tools scripts/setup.sh installs.
#
# Trunk.toml sets `offline = true`, so Trunk's cargo never reaches the network: every crate
# the build needs is fetched here first, while online (skipped when the crate cache already
# has them). That is what lets the build work from an empty cargo home (CARGO_HOME); CI
# proves it on every run (.ci/run).
#
# Why no nightly and no rebuilt standard library: docs/performance.md, "Size".
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
cargo fetch --locked --quiet
# Panic locations in the wasm name the source files of dependencies, under the cargo home.
# Written as /cargo/…, the app is the same bytes whoever builds it and wherever their cargo
# home is (CI checks it), and the builder's home folder does not ship in the app. (The same
# flags for every build from this script, so a test build with a feature more reuses every
# dependency the release build compiled.)
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}=/cargo"
app_only=false
build_args=()
for arg in "$@"; do
  if [ "$arg" = --app-only ]; then app_only=true; else build_args+=("$arg"); fi
done
trunk build --release "${build_args[@]}"
$app_only && exit 0
# The self-check goes inside the app's dist (after it: Trunk empties the dist it writes).
dist=dist
args=()
set -- "${build_args[@]}"
while [ $# -gt 0 ]; do
  case "$1" in
    --dist) dist=$2; shift 2 ;;
    --dist=*) dist=${1#--dist=}; shift ;;
    *) args+=("$1"); shift ;;
  esac
done
trunk build check/index.html --release --dist "$dist/check" "${args[@]}"
