# Sourced by the other scripts: the project's tools first on PATH.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Where `cargo install` puts tools: $CARGO_HOME/bin when CARGO_HOME is set, and the usual
# ~/.cargo/bin (rustup's cargo and rustc live there) either way.
export PATH="$ROOT/tools/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$HOME/.cargo/bin:$PATH"
