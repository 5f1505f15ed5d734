#!/usr/bin/env python3
"""Fails when a file under src/ includes a header of a layer above its own (DESIGN.md:
base <- domain <- store <- service <- api; http, media, notify and remote stand on base alone; jobs
drive services).  `make test` runs it, so the layering stays true by itself.  Prints each
offending include as FILE:LINE: LAYER includes LAYER (HEADER) and exits 1; else one line."""
import os
import re
import sys

# What each layer may include, besides itself.  main.c, which wires them, may include any.
ALLOWED = {
    "base": set(),
    "domain": {"base"},
    "store": {"base", "domain"},
    "http": {"base"},
    "media": {"base"},
    "notify": {"base"},
    "remote": {"base"},
    "service": {"base", "domain", "store", "media", "notify", "remote"},
    "jobs": {"base", "domain", "service"},
    "api": {"base", "domain", "http", "service"},
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def layer_of(path, src):
    rel = os.path.relpath(path, src)
    return rel.split(os.sep)[0] if os.sep in rel else None


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    src = os.path.join(root, "src")
    bad = []
    files = 0
    for top, _, names in os.walk(src):
        for name in sorted(names):
            if not name.endswith((".c", ".h")):
                continue
            path = os.path.join(top, name)
            mine = layer_of(path, src)
            if mine is None:
                continue  # src/main.c
            if mine not in ALLOWED:
                bad.append(f"{os.path.relpath(path, root)}: layer '{mine}' is not in "
                           "scripts/check_layers.py")
                continue
            files += 1
            with open(path, encoding="utf-8") as f:
                for n, line in enumerate(f, 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    # As the compiler looks: beside the file first, then in src/ (meson's
                    # include directory), so "store/x.h" is the store's x.h.
                    target = os.path.normpath(os.path.join(top, m.group(1)))
                    if not os.path.exists(target):
                        target = os.path.normpath(os.path.join(src, m.group(1)))
                    theirs = layer_of(target, src)
                    if not theirs or theirs == mine or theirs in ALLOWED[mine]:
                        continue
                    bad.append(f"{os.path.relpath(path, root)}:{n}: {mine} includes "
                               f"{theirs} ({m.group(1)})")
    for b in bad:
        print(b)
    if bad:
        print(f"layers: {len(bad)} include(s) point up the layers (DESIGN.md)")
        return 1
    print(f"layers: {files} files, every include points down the layers")
    return 0


sys.exit(main())
