#!/usr/bin/env bash
# Amazon S3 (behind CloudFront): uploads the app's files with the metadata the browser needs,
# which only S3 can carry (a CloudFront response-headers policy is one set of headers for
# every file): each file's Content-Type, and its Cache-Control.
#   deploy/s3-cloudfront/upload.sh FOLDER s3://BUCKET/PREFIX/
# FOLDER holds index.html, the .js, .wasm and .css and your config.json (the release
# archive's files). Needs the AWS CLI, signed in. Re-running uploads everything again.
#
#   index.html, config.json        Cache-Control: no-cache (revalidated on every load)
#   name-<hash: 1 to 16 hex digits>.js/_bg.wasm/.css  Cache-Control: public, max-age=31536000, immutable
#   .wasm                          Content-Type: application/wasm (the CLI may guess wrong)
#
# The hashed files go first: while they upload, the old index.html still names the old
# ones, so no student loads a page whose files are not there yet.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 FOLDER s3://BUCKET/PREFIX/" >&2; exit 2; }
folder=${1%/}
target=${2%/}/
[ -f "$folder/index.html" ] || { echo "upload: $folder has no index.html" >&2; exit 1; }
[ -f "$folder/config.json" ] || { echo "upload: $folder has no config.json: write it first (config.example.json)" >&2; exit 1; }

content_type() {
  case "$1" in
    *.html) echo "text/html; charset=utf-8" ;;
    *.css) echo "text/css; charset=utf-8" ;;
    *.js) echo "text/javascript; charset=utf-8" ;;
    *.json) echo "application/json; charset=utf-8" ;;
    *.wasm) echo "application/wasm" ;;
    *) echo "application/octet-stream" ;;
  esac
}

put() { # file cache-control
  local name
  name=${1#"$folder"/}
  echo "upload: $name ($2)"
  aws s3 cp "$1" "$target$name" --content-type "$(content_type "$name")" --cache-control "$2"
}

# The app's files, then the deployment self-check's (check/, where ?check leads).
for file in "$folder"/* "$folder"/check/*; do
  [[ $(basename "$file") =~ -[0-9a-f]{1,16}(_bg)?\.(js|wasm|css)$ ]] || continue
  put "$file" "public, max-age=31536000, immutable"
done
put "$folder/config.json" "no-cache"
[ -f "$folder/check/index.html" ] && put "$folder/check/index.html" "no-cache"
put "$folder/index.html" "no-cache"
