#!/usr/bin/env python3
"""Keeps the house in order: no import circle between the modules of a crate, and one
wasm-bindgen version everywhere it is written.

Import circles. A module here is a file (`a/b.rs` or `a/b/mod.rs` is `crate::a::b`). File A
imports file B when A names a path into B: a `use` (re-exports included) or a path written in
the code (`crate::x::y::f()`, `super::Z`). Two or more files that import each other in a loop
are a circle, and the check fails naming each file and the names that tie it. A folder's
`mod.rs` and the files inside that folder may name each other: they are one room. Test code
(`#[cfg(test)] mod tests { … }` and the crates' `tests/` folders) is left out: it may reach
anywhere. Each crate is read on its own: cargo already forbids circles between crates.

wasm-bindgen. wasm-bindgen-cli (scripts/setup.sh), Trunk (Trunk.toml) and the crate
(Cargo.toml, and so Cargo.lock) must agree, or the build fails late with a schema mismatch.

Usage: scripts/check_structure.py [ROOT]   (exit 1 on a finding)
"""
import os
import re
import sys

# Where each crate's modules live: (source folder, crate root files).
CRATES = [
    ("src", ["lib.rs", "main.rs", "check_main.rs"]),
    ("protocol/src", ["lib.rs"]),
    ("sandbox/src", ["lib.rs", "main.rs"]),
    ("companion/src", ["lib.rs", "main.rs"]),
    ("e2e/src", ["lib.rs"]),
]


def strip_comments_and_strings(text):
    """The code with comments, string and char literals blanked (lines kept)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            out.append("\n" * text.count("\n", i, j))
            i = j
        elif c == "r" and re.match(r'r#*"', text[i:i + 8]) and not (i and (text[i - 1].isalnum() or text[i - 1] == "_")):
            hashes = re.match(r'r(#*)"', text[i:]).group(1)
            end = text.find('"' + hashes, i + 2 + len(hashes))
            end = n if end < 0 else end + 1 + len(hashes)
            out.append('""' + "\n" * text.count("\n", i, end))
            i = end
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append('""' + "\n" * text.count("\n", i, j))
            i = j + 1
        elif c == "'" and re.match(r"'(\\.|[^\\'])'", text[i:i + 4]) or text.startswith("'\\u{", i):
            j = text.find("'", i + 1 if text[i + 1] != "\\" else i + 2)
            out.append("' '")
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def without_test_modules(code):
    """`#[cfg(test)] mod name { … }` blocks removed (their lines kept blank)."""
    pattern = re.compile(r"#\[cfg\(test\)\]\s*(pub(\([^)]*\))?\s+)?mod\s+\w+\s*\{")
    while True:
        m = pattern.search(code)
        if not m:
            return code
        depth, j = 1, m.end()
        while j < len(code) and depth:
            depth += {"{": 1, "}": -1}.get(code[j], 0)
            j += 1
        code = code[: m.start()] + "\n" * code.count("\n", m.start(), j) + code[j:]


def expand_use_tree(tree):
    """`a::{b, c::{d, e}}` → ['a::b', 'a::c::d', 'a::c::e'] (aliases and globs kept as paths)."""
    tree = re.sub(r"\s+", "", re.sub(r"\s+as\s+\w+", "", tree))
    results = []

    def walk(prefix, text):
        depth, start, parts = 0, 0, []
        for k, ch in enumerate(text):
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            elif ch == "," and depth == 0:
                parts.append(text[start:k])
                start = k + 1
        parts.append(text[start:])
        for part in filter(None, parts):
            brace = part.find("{")
            if brace >= 0 and part.endswith("}"):
                walk(prefix + part[:brace], part[brace + 1:-1])
            else:
                results.append(prefix + part)

    walk("", tree)
    return results


class Crate:
    def __init__(self, root, folder, roots):
        self.base = os.path.join(root, folder)
        self.modules = {}  # module path tuple -> file
        for dirpath, _, files in os.walk(self.base):
            for name in files:
                if not name.endswith(".rs"):
                    continue
                rel = os.path.relpath(os.path.join(dirpath, name), self.base)
                parts = rel[:-3].split(os.sep)
                if parts[-1] == "mod":
                    parts = parts[:-1]
                if len(parts) == 1 and parts[0] + ".rs" in roots:
                    parts = []
                if "tests" in parts or "bin" in parts:
                    continue  # test trees and extra binaries are not the library's structure
                self.modules.setdefault(tuple(parts), os.path.join(dirpath, name))

    def resolve(self, here, path):
        """The module a path written in module `here` leads into, and the name taken."""
        segments = [s for s in path.split("::") if s]
        if not segments:
            return None
        if segments[0] == "crate":
            current, segments = [], segments[1:]
        elif segments[0] in ("super", "self"):
            current = list(here)
            while segments and segments[0] in ("super", "self"):
                if segments[0] == "super":
                    if not current:
                        return None
                    current.pop()
                segments = segments[1:]
        else:
            # A plain `use name::…` names a child module of this one (2018 paths) or another crate.
            if tuple(list(here) + [segments[0]]) in self.modules:
                current = list(here)
            else:
                return None
        module = list(current)
        taken = segments[-1] if segments else "self"
        for segment in segments:
            if tuple(module + [segment]) in self.modules:
                module.append(segment)
            else:
                taken = segment
                break
        return tuple(module), taken

    def edges(self):
        found = {}
        for module, path in self.modules.items():
            code = without_test_modules(strip_comments_and_strings(open(path, encoding="utf-8").read()))
            written = []
            for m in re.finditer(r"\buse\s+([^;]+);", code):
                written += expand_use_tree(m.group(1))
            code_without_uses = re.sub(r"\buse\s+[^;]+;", "", code)
            written += re.findall(r"\b(?:crate|super|self)(?:::\w+)+", code_without_uses)
            for target in written:
                resolved = self.resolve(module, target)
                if not resolved:
                    continue
                into, name = resolved
                # A folder's module and the files inside it may name each other (the folder
                # hands on its files' names; a file uses the folder's shared types): that is one
                # room, not a circle.
                if into[: len(module)] == module or module[: len(into)] == into:
                    continue
                found.setdefault((module, into), set()).add(name)
        return found


def circles(edges):
    """Strongly connected components with more than one module (Tarjan)."""
    graph = {}
    for (a, b) in edges:
        graph.setdefault(a, set()).add(b)
        graph.setdefault(b, set())
    index, low, stack, on_stack, result = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return result


def check_circles(root):
    problems = []
    for folder, roots in CRATES:
        if not os.path.isdir(os.path.join(root, folder)):
            continue
        crate = Crate(root, folder, roots)
        edges = crate.edges()
        for component in circles(edges):
            members = set(component)
            lines = [f"import circle in {folder}: " + ", ".join(os.path.relpath(crate.modules[m], root) for m in component)]
            for (a, b), names in sorted(edges.items()):
                if a in members and b in members:
                    lines.append(f"  {os.path.relpath(crate.modules[a], root)} -> {os.path.relpath(crate.modules[b], root)}: {', '.join(sorted(names))}")
            problems.append("\n".join(lines))
    return problems


def check_wasm_bindgen(root):
    def read(path):
        return open(os.path.join(root, path), encoding="utf-8").read()

    versions = {}
    m = re.search(r'^wasm-bindgen\s*=\s*\{\s*version\s*=\s*"=([0-9.]+)"', read("Cargo.toml"), re.M)
    versions["Cargo.toml"] = m.group(1) if m else None
    m = re.search(r'^wasm_bindgen\s*=\s*"([0-9.]+)"', read("Trunk.toml"), re.M)
    versions["Trunk.toml"] = m.group(1) if m else None
    m = re.search(r'name = "wasm-bindgen"\nversion = "([0-9.]+)"', read("Cargo.lock"))
    versions["Cargo.lock"] = m.group(1) if m else None
    if len(set(versions.values())) != 1 or None in versions.values():
        return ["wasm-bindgen versions disagree (scripts/setup.sh installs the Cargo.toml pin): "
                + ", ".join(f"{k} {v or 'not found'}" for k, v in versions.items())]
    return []


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    problems = check_circles(root) + check_wasm_bindgen(root)
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print("structure: no import circle; wasm-bindgen pinned alike in Cargo.toml, Cargo.lock and Trunk.toml")
    return 0


if __name__ == "__main__":
    sys.exit(main())
