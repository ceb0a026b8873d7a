#!/usr/bin/env bash
# Builds the companion for the release archive, as static Linux x86-64 binaries (musl): one
# file that runs on any x86-64 Linux, in a FROM scratch image, and as a Lambda bootstrap.
#   OUT_DIR/classlink-companion              the standalone server
#   OUT_DIR/classlink-companion-lambda.zip   the Lambda function: its `bootstrap` alone, for
#                                            the provided.al2023 runtime on x86_64
#   companion/scripts/build-release.sh OUT_DIR
# Installs what is missing first: the musl target (rustup) and musl-gcc (Debian's
# musl-tools; ring compiles a little C and assembly). The same commit gives the same bytes:
# paths are remapped, and the zip has fixed times and modes.
#
# Why not `cargo lambda build --release --output-format zip`: it needs cargo-lambda and zig,
# and builds against glibc. The static binary is what AWS's custom runtime runs as well
# (companion/README.md says how to build it with cargo-lambda instead).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
source "$ROOT/scripts/env.sh"
cd "$ROOT"
out=${1:?usage: companion/scripts/build-release.sh OUT_DIR}
say() { printf '\033[1m[companion]\033[0m %s\n' "$*" >&2; }
TARGET=x86_64-unknown-linux-musl

if ! rustup target list --installed | grep -qx "$TARGET"; then
  say "rustup target add $TARGET"
  rustup target add "$TARGET" >&2
fi
if ! command -v musl-gcc >/dev/null; then
  say "apt-get install musl-tools"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends musl-tools >/dev/null
fi

target_dir=${CARGO_TARGET_DIR:-$ROOT/target}
say "building classlink-companion and classlink-companion-lambda for $TARGET"
# musl builds are static by default; the remapped paths keep the builder's folders out of
# the binaries (panic messages name source files).
CARGO_TARGET_X86_64_UNKNOWN_LINUX_MUSL_RUSTFLAGS="--remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}=/cargo --remap-path-prefix=$ROOT=/src" \
  cargo build --locked --release --target "$TARGET" \
  -p classlink-companion -p classlink-companion-lambda \
  --bin classlink-companion --bin classlink-companion-lambda >&2

built=$target_dir/$TARGET/release
mkdir -p "$out"
install -m 0755 "$built/classlink-companion" "$out/classlink-companion"
python3 - "$built/classlink-companion-lambda" "$out/classlink-companion-lambda.zip" <<'PY'
import sys, zipfile
source, target = sys.argv[1], sys.argv[2]
info = zipfile.ZipInfo("bootstrap", date_time=(1980, 1, 1, 0, 0, 0))
info.external_attr = 0o100755 << 16   # a regular, executable file
info.create_system = 3                # Unix, so the mode is honoured
info.compress_type = zipfile.ZIP_DEFLATED
with open(source, "rb") as f, zipfile.ZipFile(target, "w") as z:
    z.writestr(info, f.read(), compresslevel=9)
PY
say "$(du -h "$out/classlink-companion" | cut -f1) server, $(du -h "$out/classlink-companion-lambda.zip" | cut -f1) function zip"
