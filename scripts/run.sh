#!/usr/bin/env bash
# Runs the app against the local ClassLink sandbox: installs what is missing, builds the
# release app with Trunk, then starts the sandbox, which also serves the app on a second
# port (a different origin, so CORS is real) with a config.json pointing at itself.
# The sandbox behaves like ClassLink: its session outlives the tab (a reload signs the
# student back in by one hop). SESSION_FEATURES=all adds what standard providers offer:
# prompt=none, refresh tokens, revocation and end-session. DPOP_FEATURES=enabled (or all, with
# server nonces) makes it a provider that binds tokens with DPoP, as ClassLink does not.
# CORS_OFF=token,api (or all) makes those surfaces serve no browsers: no CORS headers on the
# token and revocation endpoints, or on the profile, classes and teachers APIs.
# CLIENT_SECRET=… registers the client with that secret, as ClassLink's registrations are:
# the token and revocation endpoints then require it (CLIENT_AUTH=post or basic narrows how
# it may be sent; both by default), so a browser alone can no longer sign in.
#   APP_PORT (default 8080), SANDBOX_PORT (default 8081), APP_PATH (default /),
#   SESSION_FEATURES (default sso), DPOP_FEATURES (default none), CORS_OFF (default none),
#   CLIENT_SECRET (default none: a public client), CLIENT_AUTH (default post,basic)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
bash "$ROOT/scripts/setup.sh"
cd "$ROOT"
bash scripts/build.sh
cargo build --release --quiet -p classlink-sandbox
echo
echo "Sign in as any demo student (Reading Student, Mateo Álvarez, …); Ctrl-C stops."
exec "${CARGO_TARGET_DIR:-$ROOT/target}/release/classlink-sandbox" --serve-app dist \
  --app-port "${APP_PORT:-8080}" --port "${SANDBOX_PORT:-8081}" --app-path "${APP_PATH:-/}" \
  --session-features "${SESSION_FEATURES:-sso}" \
  ${DPOP_FEATURES:+--dpop-features "$DPOP_FEATURES"} \
  ${CORS_OFF:+--cors-off "$CORS_OFF"} \
  ${CLIENT_SECRET:+--client-secret "$CLIENT_SECRET"} \
  ${CLIENT_AUTH:+--client-auth "$CLIENT_AUTH"}
