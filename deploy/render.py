#!/usr/bin/env python3
"""Renders the host recipes in deploy/ for one built dist/: the Content-Security-Policy they
send as a header is the one in that build's index.html, hashes included.

    python3 deploy/render.py --dist dist --out OUT_DIR [--version 0.1.0]

Why generated: the policy allows Trunk's inline loader and the config.json prefetch by their
sha256 hashes, which scripts/harden_index.py writes into index.html at build time. A header
policy with other hashes would block the app, so a recipe is only right for the release it
was rendered from. scripts/release.sh renders them into the archive; e2e/tests/deploy.rs
renders the nginx one the same way and serves the app through it.

The templates (every file under deploy/ but this script) hold placeholders:
  @@CONTENT_SECURITY_POLICY@@  index.html's meta policy plus frame-ancestors 'none' (a meta
                               policy cannot carry it: browsers ignore it there)
  @@PERMISSIONS_POLICY@@       every powerful feature the app never uses, denied
  @@RELEASE@@                  the version, for the "rendered for" line
and, for hosts whose header rules match exact paths (_headers), a block between the lines
`# @@each-hashed-asset` and `# @@end`, written once per hashed asset with @@ASSET@@ as its
file name. Anything left unrendered fails the script, so a template typo cannot ship.
"""
import argparse
import html.parser
import os
import re
import sys

# Trunk's file names carry a content hash (Trunk.toml: filehash = true), a 64-bit number in hex
# without leading zeros (`{:x}`), so 1 to 16 digits: such a
# file never changes, so it can be cached for a year. Everything else is revalidated.
HASHED_ASSET = re.compile(r"-[0-9a-f]{1,16}(_bg)?\.(js|wasm|css)$")

# Denied to the page and to anything it could frame. Only names today's browsers know: an
# unknown one makes Chromium print "Unrecognized feature" on every load.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in [
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ]
)

NOT_TEMPLATES = {"render.py"}


class MetaPolicy(html.parser.HTMLParser):
    """Finds <meta http-equiv="Content-Security-Policy" content="…">, however minified."""

    def __init__(self):
        super().__init__()
        self.policies = []

    def handle_starttag(self, tag, attrs):
        attributes = {name.lower(): value for name, value in attrs}
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "content-security-policy":
            self.policies.append(attributes.get("content") or "")


def meta_policy(path):
    parser = MetaPolicy()
    parser.feed(open(path, encoding="utf-8").read())
    if len(parser.policies) != 1:
        sys.exit(f"render: expected one CSP meta tag in {path}, found {len(parser.policies)}")
    policy = parser.policies[0].strip().rstrip(";")
    if "TRUNK-LOADER" in policy or "CONFIG-PREFETCH" in policy or "sha256-" not in policy:
        sys.exit(f"render: {path} still has placeholder hashes (not built by trunk?)")
    if "frame-ancestors" in policy:
        sys.exit("render: the meta policy already names frame-ancestors")
    return policy


def script_hashes(policy):
    return re.findall(r"'sha256-[A-Za-z0-9+/=]+'", policy)


def header_policy(dist):
    """index.html's policy, its script-src also allowing the self-check page's (check/) two
    inline scripts: a header applies to both pages, which differ only in those hashes."""
    policy = meta_policy(os.path.join(dist, "index.html"))
    check = os.path.join(dist, "check", "index.html")
    if os.path.exists(check):
        extra = [h for h in script_hashes(meta_policy(check)) if h not in policy]
        directives = []
        for directive in policy.split(";"):
            directive = directive.strip()
            if directive.startswith("script-src ") and extra:
                directive = directive + " " + " ".join(extra)
            directives.append(directive)
        policy = "; ".join(directives)
    return f"{policy}; frame-ancestors 'none'"


def expand_each(text, assets):
    """Repeats every `# @@each-hashed-asset` … `# @@end` block once per asset."""
    block = re.compile(r"^# @@each-hashed-asset\n(.*?)^# @@end\n", re.S | re.M)
    return block.sub(lambda m: "".join(m.group(1).replace("@@ASSET@@", a) for a in assets), text)


def main():
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--dist", required=True)
    arguments.add_argument("--out", required=True)
    arguments.add_argument("--version", default="(unreleased)")
    args = arguments.parse_args()

    policy = header_policy(args.dist)
    assets = sorted(name for name in os.listdir(args.dist) if HASHED_ASSET.search(name))
    check_dir = os.path.join(args.dist, "check")
    if os.path.isdir(check_dir):
        # The deployment self-check's own bundle, beside the app.
        assets += sorted(f"check/{n}" for n in os.listdir(check_dir) if HASHED_ASSET.search(n))
    if not any(a.endswith(".wasm") for a in assets) or not any(a.endswith(".js") for a in assets):
        sys.exit(f"render: no hashed .wasm and .js in {args.dist}")
    here = os.path.dirname(os.path.abspath(__file__))
    written = 0
    for folder, _, files in os.walk(here):
        for name in sorted(files):
            relative = os.path.relpath(os.path.join(folder, name), here)
            if relative in NOT_TEMPLATES or "__pycache__" in relative:
                continue
            text = open(os.path.join(folder, name), encoding="utf-8").read()
            text = expand_each(text, assets)
            text = (
                text.replace("@@CONTENT_SECURITY_POLICY@@", policy)
                .replace("@@PERMISSIONS_POLICY@@", PERMISSIONS_POLICY)
                .replace("@@RELEASE@@", args.version)
            )
            if "@@" in text:
                sys.exit(f"render: {relative} has an unknown placeholder: {re.search(r'@@[^@]*@@?', text).group(0)}")
            target = os.path.join(args.out, relative)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "w", encoding="utf-8") as out:
                out.write(text)
            os.chmod(target, os.stat(os.path.join(folder, name)).st_mode & 0o777)
            written += 1
    print(f"render: {written} recipes in {args.out}, policy {policy}")


if __name__ == "__main__":
    main()
