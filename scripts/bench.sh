#!/usr/bin/env bash
# The performance benchmark (not part of the tests): builds the release app and a `bench`
# build, then prints transfer sizes, boot, journey and render figures (e2e/src/bin/bench/).
#   BENCH_LOADS (20), BENCH_RUNS (5), BENCH_LATENCY_MS (100)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
bash "$ROOT/scripts/setup.sh"
cd "$ROOT"
BENCH_TMP=${BENCH_TMP:-$ROOT/target/bench}
bash scripts/build.sh
bash scripts/build.sh --features bench --dist "$BENCH_TMP/dist-bench"
BENCH_DIST="$ROOT/dist" BENCH_DIST_BENCH="$BENCH_TMP/dist-bench" \
  cargo run --quiet --release -p classlink-e2e --bin bench
