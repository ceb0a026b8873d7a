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
# COMPANION=1 is that situation and its way out: the sandbox requires a secret and serves no
# browsers at its token endpoint and APIs (CORS_OFF=token,api unless set), and the companion
# (companion/, the token-mediating backend a district deploys) runs in front of it on
# COMPANION_PORT, adding the secret and passing the API calls through; the app's config.json
# points its token_endpoint and API endpoints at the companion.
#   APP_PORT (default 8080), SANDBOX_PORT (default 8081), APP_PATH (default /),
#   SESSION_FEATURES (default sso), DPOP_FEATURES (default none), CORS_OFF (default none),
#   CLIENT_SECRET (default none: a public client; with COMPANION=1, a demo secret),
#   CLIENT_AUTH (default post,basic), COMPANION (default none), COMPANION_PORT (default 8082)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
bash "$ROOT/scripts/setup.sh"
cd "$ROOT"
bash scripts/build.sh
app_port=${APP_PORT:-8080}
sandbox_port=${SANDBOX_PORT:-8081}
app_path=${APP_PATH:-/}
[[ $app_path == */ ]] || app_path="$app_path/"
bin="${CARGO_TARGET_DIR:-$ROOT/target}/release"
through_companion=()
if [[ -n "${COMPANION:-}" ]]; then
  CLIENT_SECRET=${CLIENT_SECRET:-demo-companion-secret}
  CORS_OFF=${CORS_OFF:-token,api}
  companion="http://127.0.0.1:${COMPANION_PORT:-8082}"
  # The pass-through's path names the upstream host and port ({authority}: the sandbox's).
  api="$companion/api/{authority}/v2"
  through_companion=(
    --app-config "token_endpoint=$companion/token"
    --app-config "profile_endpoint=$api/my/info"
    --app-config "classes_endpoint=$api/oneroster/my/classes"
    --app-config "teachers_endpoint=$api/oneroster/my/classes/{classSourcedId}/teachers"
  )
  cargo build --release --quiet -p classlink-sandbox -p classlink-companion
else
  cargo build --release --quiet -p classlink-sandbox
fi
sandbox=("$bin/classlink-sandbox" --serve-app dist \
  --app-port "$app_port" --port "$sandbox_port" --app-path "$app_path" \
  --session-features "${SESSION_FEATURES:-sso}" \
  ${DPOP_FEATURES:+--dpop-features "$DPOP_FEATURES"} \
  ${CORS_OFF:+--cors-off "$CORS_OFF"} \
  ${CLIENT_SECRET:+--client-secret "$CLIENT_SECRET"} \
  ${CLIENT_AUTH:+--client-auth "$CLIENT_AUTH"} \
  "${through_companion[@]}")
echo
echo "Sign in as any demo student (Reading Student, Mateo Álvarez, …); Ctrl-C stops."
if [[ -z "${COMPANION:-}" ]]; then
  exec "${sandbox[@]}"
fi

# The sandbox first: the companion reads its discovery document once, at start.
"${sandbox[@]}" &
sandbox_pid=$!
trap 'kill "$sandbox_pid" ${companion_pid:+"$companion_pid"} 2>/dev/null || true' EXIT
issuer="http://127.0.0.1:$sandbox_port"
for _ in $(seq 100); do
  curl -fsS -o /dev/null "$issuer/.well-known/openid-configuration" && break
  kill -0 "$sandbox_pid" 2>/dev/null || exit 1
  sleep 0.1
done
# Configured as a district configures it (companion/README.md), the secret from the
# environment as a platform's secret store would give it.
COMPANION_ALLOWED_ORIGINS="http://127.0.0.1:$app_port" \
COMPANION_CLIENT_ID=demo-portal \
COMPANION_CLIENT_SECRET="$CLIENT_SECRET" \
COMPANION_REDIRECT_URIS="http://127.0.0.1:$app_port$app_path" \
COMPANION_ISSUER="$issuer" \
COMPANION_API_PREFIXES="$issuer/v2/" \
COMPANION_LISTEN="127.0.0.1:${COMPANION_PORT:-8082}" \
  "$bin/classlink-companion" &
companion_pid=$!
# Either one stopping stops the demo.
wait -n "$sandbox_pid" "$companion_pid"
