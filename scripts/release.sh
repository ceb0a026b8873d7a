#!/usr/bin/env bash
# Builds the release and packs what a district deploys into one archive:
#   target/release/classlink-portal-<version>.tar.gz   (<version>: the root Cargo.toml's)
# holding one folder, classlink-portal-<version>/, with
#   app/                 the built dist/: index.html, the hashed .js, .wasm and .css, and
#                        check/ (the deployment self-check, where ?check leads). No
#                        config.json: each district writes its own (an app without one shows
#                        a configuration error page saying so)
#   config.example.json  the ClassLink configuration to start from
#   config.schema.json   JSON Schema (draft 2020-12) for config.json, for editors
#   deploy/              the host recipes, rendered with this build's Content-Security-Policy
#                        (deploy/render.py: the hashes in app/index.html)
#   companion/           the optional token-mediating companion, for a district whose
#                        ClassLink registration wants a client secret (or whose APIs refuse
#                        CORS): classlink-companion (the standalone server, a static Linux
#                        x86-64 binary), classlink-companion-lambda.zip (the AWS Lambda
#                        function's bootstrap) and its README.md
#                        (companion/scripts/build-release.sh builds both)
#   DEPLOY.md            docs/deploy.md, the walk-through
#   SHA256SUMS           sha256sum of every other file (`sha256sum -c SHA256SUMS`)
# Prints the archive's path. Installs what is missing first, like the other scripts, and can
# be run again: the same commit gives the same archive, byte for byte (file times are the
# commit's, owners and order fixed).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
bash "$ROOT/scripts/setup.sh"
cd "$ROOT"
say() { printf '\033[1m[release]\033[0m %s\n' "$*" >&2; }

version=$(sed -n '/^\[package\]/,/^\[/ s/^version = "\([^"]*\)"/\1/p' Cargo.toml | head -n1)
[ -n "$version" ] || { echo "release: no version in Cargo.toml's [package]" >&2; exit 1; }
name=classlink-portal-$version
out=$ROOT/target/release

say "building $name"
bash scripts/build.sh >&2

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
top=$stage/$name
mkdir -p "$top/app"
cp -R dist/. "$top/app/"
# A config.json left in dist/ (by hand, for a local try) is not part of a release.
rm -f "$top/app/config.json"
cp config.example.json config.schema.json "$top/"
cp docs/deploy.md "$top/DEPLOY.md"
python3 deploy/render.py --dist "$top/app" --out "$top/deploy" --version "$version" >&2
mkdir -p "$top/companion"
bash companion/scripts/build-release.sh "$top/companion"
cp companion/README.md "$top/companion/README.md"

# SHA256SUMS itself is left out: the shell may create it while find is still listing.
(cd "$top" && find . -type f ! -path ./SHA256SUMS -printf '%P\0' | LC_ALL=C sort -z | xargs -0 sha256sum > SHA256SUMS)
(cd "$top" && sha256sum --check --quiet SHA256SUMS)

# Reproducible: the commit's time on every file, no owner names, sorted, gzip without a
# time stamp.
epoch=$(git log -1 --format=%ct 2>/dev/null || echo 0)
mkdir -p "$out"
tar --sort=name --mtime="@$epoch" --owner=0 --group=0 --numeric-owner \
  --mode='u+rwX,go+rX,go-w' -C "$stage" -cf - "$name" | gzip -9 -n > "$out/$name.tar.gz.part"
mv "$out/$name.tar.gz.part" "$out/$name.tar.gz"
say "$(tar -tzf "$out/$name.tar.gz" | grep -vc '/$') files, sha256 $(sha256sum "$out/$name.tar.gz" | cut -d' ' -f1)"
echo "$out/$name.tar.gz"
