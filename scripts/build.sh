#!/usr/bin/env bash
# Builds the release app into dist/: `trunk build --release` (extra arguments are passed on,
# e.g. `--features bench --dist DIR`), with Rust's standard library rebuilt for size.
# Needs the tools scripts/setup.sh installs (rust-src among them).
#
# Why the standard library is rebuilt: the precompiled one is optimized for speed, and with
# `panic = "abort"` every panic site (ours, Leptos's, std's) still keeps the message
# formatting and location data a panic prints before it aborts. Rebuilt with our size
# profile, std's `optimize_for_size` and `-Cpanic=immediate-abort` (a panic is a bare trap,
# which is all an abort amounted to here: wasm32 prints nowhere and no panic hook is set),
# the first load is ~19 KB gzip smaller (docs/performance.md, "Size"). Both are unstable options of the pinned
# stable compiler, enabled by RUSTC_BOOTSTRAP=1 for this build only, as the Linux kernel
# does for its Rust code; the tests, lint and native builds use the compiler as it ships.
# Where the toolchain cannot do it (no rust-src, or a compiler without the option), the app
# is built the plain way with a warning: the same app, larger (CI's size check would fail).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

size_flags="-Zunstable-options -Cpanic=immediate-abort"
sysroot=$(rustc --print sysroot)
if [ -d "$sysroot/lib/rustlib/src/rust/library/std" ] &&
  RUSTC_BOOTSTRAP=1 rustc $size_flags --target wasm32-unknown-unknown --print cfg >/dev/null 2>&1; then
  export RUSTC_BOOTSTRAP=1
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
  # For the wasm target only: build scripts and proc macros run on the host as usual.
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$size_flags"
else
  echo "build: this toolchain cannot rebuild std for size (run scripts/setup.sh for rust-src);" \
    "building the plain way, ~19 KB gzip larger" >&2
fi
exec trunk build --release "$@"
