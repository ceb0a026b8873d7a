#!/usr/bin/env bash
# The companion's Lambda function under AWS's local runtime emulator (`cargo lambda watch`),
# in front of a small local provider on loopback:
#   1. installs cargo-lambda into a Python venv if it is missing (from PyPI, pinned);
#   2. starts the provider (Python's http.server: discovery listing client_secret_post, and a
#      token endpoint that answers 200 only when the companion's secret came with the app's
#      form) and the emulator (which builds the function);
#   3. drives a token request from the app's origin (200, CORS for that origin) and one from
#      another origin (403, `Token-Companion-Refusal: origin-not-allowed`, no CORS);
#   4. prints how long the first answer took (cold: build + start) and the next ones (warm),
#      and stops both.
# Exits non-zero on any failed check. Nothing leaves the machine: every address is loopback.
#   companion/scripts/lambda-smoke.sh
# Variables: CARGO_LAMBDA_VENV (default: <target dir>/cargo-lambda-venv), LAMBDA_SMOKE_PORT
# (default 9761).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
source "$ROOT/scripts/env.sh"
cd "$ROOT"
say() { printf '\033[1m[lambda-smoke]\033[0m %s\n' "$*" >&2; }
fail() { say "FAILED: $*"; exit 1; }

target_dir=${CARGO_TARGET_DIR:-$ROOT/target}
venv=${CARGO_LAMBDA_VENV:-$target_dir/cargo-lambda-venv}
port=${LAMBDA_SMOKE_PORT:-9761}
CARGO_LAMBDA_VERSION=1.9.2

if [ ! -x "$venv/bin/cargo-lambda" ]; then
  say "installing cargo-lambda $CARGO_LAMBDA_VERSION into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "cargo-lambda==$CARGO_LAMBDA_VERSION"
fi
export PATH="$venv/bin:$PATH"

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# The provider: prints its port, then serves until killed.
cat > "$work/provider.py" <<'PY'
import http.server, json, sys
SECRET = sys.argv[1]
class Provider(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass
    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
    def do_GET(self):
        base = "http://127.0.0.1:%d" % self.server.server_port
        if self.path == "/.well-known/openid-configuration":
            self.answer(200, {"issuer": base, "token_endpoint": base + "/oauth2/v2/token",
                              "token_endpoint_auth_methods_supported": ["client_secret_post"]})
        else:
            self.answer(404, {"error": "not_found"})
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode()
        if self.path == "/oauth2/v2/token" and body.endswith("&client_secret=" + SECRET) \
                and "grant_type=authorization_code" in body:
            self.answer(200, {"access_token": "smoke-access", "token_type": "Bearer"})
        else:
            self.answer(401, {"error": "invalid_client"})
server = http.server.HTTPServer(("127.0.0.1", 0), Provider)
print(server.server_port, flush=True)
server.serve_forever()
PY
secret="smoke-secret-$RANDOM$RANDOM"
setsid python3 "$work/provider.py" "$secret" > "$work/provider.port" 2>"$work/provider.log" &
pids+=($!)
for _ in $(seq 50); do [ -s "$work/provider.port" ] && break; sleep 0.1; done
provider="http://127.0.0.1:$(cat "$work/provider.port")"
origin=https://portal.district.example

cat > "$work/function.env" <<ENV
COMPANION_ALLOWED_ORIGINS=$origin
COMPANION_CLIENT_ID=smoke-client
COMPANION_CLIENT_SECRET=$secret
COMPANION_REDIRECT_URIS=$origin/portal/
COMPANION_ISSUER=$provider
ENV

say "starting cargo lambda watch on 127.0.0.1:$port (it builds the function)"
started=$(date +%s%N)
setsid cargo lambda watch --package classlink-companion-lambda --bin classlink-companion-lambda \
  --invoke-address 127.0.0.1 --invoke-port "$port" --disable-cors --ignore-changes \
  --env-file "$work/function.env" > "$work/watch.log" 2>&1 &
pids+=($!)

url="http://127.0.0.1:$port/lambda-url/classlink-companion-lambda"
body="grant_type=authorization_code&code=smoke-code&redirect_uri=https%3A%2F%2Fportal.district.example%2Fportal%2F&client_id=smoke-client&code_verifier=smoke-verifier-0123456789012345678901234567890123"
token_request() { # origin → "status refusal-word allow-origin" on stdout
  curl -s -o "$work/answer" -D "$work/headers" -w '%{http_code}' -X POST "$url/token" \
    -H "Origin: $1" -H 'Content-Type: application/x-www-form-urlencoded' --data "$body" || true
}
header() { grep -i "^$1:" "$work/headers" | head -n1 | cut -d' ' -f2- | tr -d '\r' || true; }

status=000
for _ in $(seq 1800); do   # up to 15 minutes: a cold debug build on a busy machine
  status=$(token_request "$origin")
  [ "$status" = 200 ] && break
  kill -0 "${pids[1]}" 2>/dev/null || { cat "$work/watch.log" >&2; fail "cargo lambda watch stopped"; }
  sleep 0.5
done
cold_ms=$(( ($(date +%s%N) - started) / 1000000 ))
[ "$status" = 200 ] || { tail -n 30 "$work/watch.log" >&2; fail "no 200 from the function (last: $status)"; }
grep -q smoke-access "$work/answer" || fail "the provider's answer did not come back"
[ "$(header access-control-allow-origin)" = "$origin" ] || fail "no CORS for the app's origin"
[ "$(header token-companion)" = 1 ] || fail "no Token-Companion header"
say "token request from the app's origin: 200, CORS for $origin"

warm=()
for _ in 1 2 3; do
  t0=$(date +%s%N)
  [ "$(token_request "$origin")" = 200 ] || fail "a warm token request failed"
  warm+=($(( ($(date +%s%N) - t0) / 1000000 )))
done

[ "$(token_request https://evil.example)" = 403 ] || fail "another origin was not refused"
[ "$(header token-companion-refusal)" = origin-not-allowed ] || fail "no refusal reason"
[ -z "$(header access-control-allow-origin)" ] || fail "CORS headers on a refusal to another origin"
say "token request from another origin: 403 origin-not-allowed, no CORS"

if grep -q -e "$secret" -e smoke-code -e smoke-verifier -e smoke-access "$work/watch.log"; then
  fail "the function's log holds a secret, code, verifier or token"
fi
say "cold (watch start, build, first answer): ${cold_ms} ms; warm token requests: ${warm[*]} ms"
echo "lambda-smoke: 4 passed, 0 failed"
