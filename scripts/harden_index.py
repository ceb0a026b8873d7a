#!/usr/bin/env python3
"""Trunk post-build hook: make the built index.html work under a strict CSP, with SRI.

Trunk injects an inline module script that loads the app. A Content-Security-Policy without
'unsafe-inline' allows it only by its hash, which is known only after the build: this hook
computes it and writes it into the CSP meta tag in place of the 'sha256-TRUNK-LOADER'
placeholder. index.html's own inline scripts (the config.json prefetch, and the start-failure
script from boot/) are hashed the same way, each in place of its placeholder
('sha256-CONFIG-PREFETCH', 'sha256-START-FAILURE'), so the policy follows any edit to them.
The hook also makes the loader show the start-failure message when the app cannot start
(boot/start-failure-script.html), and take the wasm from one fetch with an `integrity`
(Trunk's <link rel=preload integrity> is not enforced on the fetch that init() makes). That
fetch is made by a small inline script of its own (id `wasm-fetch`, in place of
'sha256-WASM-FETCH'), where Trunk's preload link was, so the download still starts with the
page, not after the JS; the loader awaits it (`window.wasmFetch`). Trunk's preload goes: a
preload and a fetch are one download only when the browser matches them, which WebKit does not
in its ephemeral profiles (WebDriver sessions, Private Browsing: the wasm came twice), nor
Firefox when the host revalidates the wasm; and the preload's integrity, which would make them
match, makes Chromium warn while the page parses, naming the page URL (on a callback, the
code).

Runs on $TRUNK_STAGING_DIR/index.html; fails the build if anything it expects is missing,
so a Trunk upgrade that changes the loader cannot silently ship a broken policy.
"""
import base64
import hashlib
import os
import re
import sys

PLACEHOLDER = "'sha256-TRUNK-LOADER'"
# The page's own inline scripts: (the script's id, the CSP placeholder its hash replaces).
INLINE_SCRIPTS = (
    ("config-prefetch", "'sha256-CONFIG-PREFETCH'"),
    ("start-failure-script", "'sha256-START-FAILURE'"),
    ("wasm-fetch", "'sha256-WASM-FETCH'"),
)


def digest(algorithm: str, data: bytes) -> str:
    return f"{algorithm}-" + base64.b64encode(hashlib.new(algorithm, data).digest()).decode()


def main() -> int:
    staging = os.environ.get("TRUNK_STAGING_DIR")
    if not staging:
        print("harden_index: TRUNK_STAGING_DIR is not set (run through trunk build)", file=sys.stderr)
        return 1
    index_path = os.path.join(staging, "index.html")
    html = open(index_path, encoding="utf-8").read()

    # Attribute quotes are optional: Trunk's release minifier drops them.
    loader = re.search(r'<script type="?module"?>(.*?)</script>', html, re.S)
    if not loader or PLACEHOLDER not in html:
        print("harden_index: expected Trunk's inline loader and the CSP placeholder", file=sys.stderr)
        return 1
    script = loader.group(1)

    wasm = re.search(r"module_or_path: '\./([^']+\.wasm)'", script)
    if not wasm:
        print("harden_index: the loader does not name the wasm file", file=sys.stderr)
        return 1
    wasm_name = wasm.group(1)
    wasm_integrity = digest("sha384", open(os.path.join(staging, wasm_name), "rb").read())
    script = script.replace(
        wasm.group(0),
        f"module_or_path: window.wasmFetch || fetch('./{wasm_name}', {{ integrity: '{wasm_integrity}' }})",
    )
    # A failed start (the wasm refused, missing or corrupted) shows the start-failure message.
    # The rejection still ends the loader; WebKit reports it nowhere (no error event, no
    # unhandledrejection), so the page's own listeners alone would miss it there.
    start = re.search(r"const wasm = await init\((\{.*?\})\);", script, re.S)
    if not start:
        print("harden_index: the loader does not start the app as expected", file=sys.stderr)
        return 1
    script = script.replace(
        start.group(0),
        f"const wasm = await init({start.group(1)}).catch(function (error) {{ "
        "if (window.showStartFailure) window.showStartFailure(); throw error; });",
    )

    html = html[: loader.start(1)] + script + html[loader.end(1):]
    # Trunk's preload of the wasm goes: it is replaced by the wasm-fetch script, placed before
    # the loader (so before the stylesheet, which would hold a classic script back).
    preload = re.compile(r'<link [^>]*href="?\./' + re.escape(wasm_name) + r'[" ][^>]*>')
    if len(preload.findall(html)) != 1:
        print("harden_index: expected Trunk's one wasm preload link", file=sys.stderr)
        return 1
    html = preload.sub("", html)
    wasm_fetch = f"window.wasmFetch = fetch('./{wasm_name}', {{ integrity: '{wasm_integrity}' }});"
    loader_tag = re.search(r'<script type="?module"?>', html).start()
    html = html[:loader_tag] + f'<script id="wasm-fetch">{wasm_fetch}</script>' + html[loader_tag:]
    loader_hash = digest("sha256", script.encode("utf-8"))
    html = html.replace(PLACEHOLDER, f"'{loader_hash}'")

    inline_hashes = []
    for script_id, placeholder in INLINE_SCRIPTS:
        inline = re.search(r'<script id="?' + script_id + r'"?>(.*?)</script>', html, re.S)
        if not inline or placeholder not in html:
            print(f"harden_index: expected the {script_id} script and its CSP placeholder", file=sys.stderr)
            return 1
        inline_hash = digest("sha256", inline.group(1).encode("utf-8"))
        html = html.replace(placeholder, f"'{inline_hash}'")
        inline_hashes.append(f"{script_id} {inline_hash}")
    left = re.findall(r"'sha256-[A-Z-]+'", html)
    if left:
        print(f"harden_index: placeholders this hook does not fill: {left}", file=sys.stderr)
        return 1
    open(index_path, "w", encoding="utf-8").write(html)
    print(f"harden_index: loader {loader_hash}, {', '.join(inline_hashes)}, {wasm_name} {wasm_integrity}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
