#!/usr/bin/env bash
# Installs every tool the build, the app and the tests need, at pinned versions, and skips
# what is already there. Safe to run again: each step checks before it installs.
# Trunk never downloads tools itself (Trunk.toml sets offline = true), so everything it
# calls must come from here.
set -euo pipefail

TRUNK_VERSION=0.21.14
WASM_PACK_VERSION=0.15.1
GECKODRIVER_VERSION=0.36.0
# wasm-bindgen-cli must equal the wasm-bindgen pinned in Cargo.toml (and so in Cargo.lock).
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p; s/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' "$ROOT/Cargo.toml" | head -n1)
[ -n "$WASM_BINDGEN_VERSION" ] || { echo "setup: cannot read the wasm-bindgen pin from Cargo.toml" >&2; exit 1; }

source "$ROOT/scripts/env.sh"
say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# Debian packages: browsers and their drivers, compressors for the benchmark, and nginx,
# which e2e/tests/deploy.rs starts by itself (as the current user, on a loopback port) to
# prove the shipped nginx recipe. WebKit is WebKitGTK's WebDriver (webkit2gtk-driver, which
# brings MiniBrowser); it has no headless mode, so the tests run it under xvfb-run (xvfb,
# xauth); `locales` holds the locale sources the tests compile for a Spanish WebKit
# (e2e/src/locale.rs).
apt_packages=(chromium chromium-driver firefox-esr brotli nginx webkit2gtk-driver xvfb xauth locales)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "apt-get install ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian's nginx starts a system server on port 80 where systemd runs (in a container,
  # policy-rc.d usually stops it): the tests need only the binary, so one this script just
  # installed is stopped and kept from starting at boot. An nginx that was already there is
  # left as it was.
  if [[ " ${missing[*]} " == *" nginx "* ]] && [ -d /run/systemd/system ]; then
    say "systemctl disable --now nginx (the tests start their own)"
    $SUDO systemctl disable --now nginx >/dev/null 2>&1 || true
  fi
fi

# Lists captured before matching: with pipefail, grep -q leaving early can fail the pipe.
installed_targets=$(rustup target list --installed)
if ! grep -qx wasm32-unknown-unknown <<<"$installed_targets"; then
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
# Lint: the test command runs cargo fmt and cargo clippy (a minimal rustup profile has
# neither).
installed_components=$(rustup component list --installed)
for component in rustfmt clippy; do
  if ! grep -q "^$component" <<<"$installed_components"; then
    say "rustup component add $component"
    rustup component add "$component"
  fi
done

# cargo_tool BINARY VERSION CRATE [extra cargo install args]
cargo_tool() {
  local bin=$1 version=$2 crate=$3; shift 3
  # Captured, not piped into grep -q: with pipefail, grep exiting at the first match makes a
  # multi-line --version (geckodriver's) die of SIGPIPE and the check fail at random.
  local installed
  installed=$("$bin" --version 2>/dev/null || true)
  if [[ "$installed" == *"$version"* ]]; then
    return 0
  fi
  say "cargo install $crate $version"
  cargo install --quiet "$crate" --version "$version" --force "$@"
}
# Without --locked: with it, a yanked transitive dependency of wasm-bindgen-cli fails the install.
cargo_tool wasm-bindgen "$WASM_BINDGEN_VERSION" wasm-bindgen-cli
cargo_tool geckodriver "$GECKODRIVER_VERSION" geckodriver --locked
cargo_tool trunk "$TRUNK_VERSION" trunk --locked
# Runs the browser tests (`wasm-pack test --headless --chrome --firefox`) with the
# wasm-bindgen-cli above, Debian's chromedriver and the geckodriver above: it downloads
# nothing when those are on PATH.
cargo_tool wasm-pack "$WASM_PACK_VERSION" wasm-pack --locked
# npm tools (tools/package-lock.json pins them): wasm-opt from binaryen 132, axe-core, and
# oidc-provider, the certified provider e2e/tests/certified.rs signs in with.
# A copy of the lock file marks a finished install; a changed lock file installs again.
if ! cmp -s "$ROOT/tools/package-lock.json" "$ROOT/tools/node_modules/.installed-lock.json" 2>/dev/null; then
  say "npm ci (tools/)"
  (cd "$ROOT/tools" && npm ci --silent --no-audit --no-fund && cp package-lock.json node_modules/.installed-lock.json)
fi
say "tools ready: trunk $TRUNK_VERSION, wasm-bindgen $WASM_BINDGEN_VERSION, wasm-pack $WASM_PACK_VERSION, geckodriver $GECKODRIVER_VERSION, $(wasm-opt --version)"
