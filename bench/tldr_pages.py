#!/usr/bin/env python3
"""Writes a tealdeer config and a pre-filled page cache of N pages, so tealdeer
can be timed offline against gloss at the same sizes: never a download.

    tldr_pages.py DIR N     ->  DIR/config/config.toml, DIR/cache/tldr-pages/...

Point tealdeer at it with TEALDEER_CONFIG_DIR=DIR/config. The layout is the one
tealdeer 1.9 reads (src/cache.rs: <cache_dir>/tldr-pages/pages.<lang>/<platform>/
<page>.md, language "en" and platform "common" by default). The cache directory
is set in the config file: TEALDEER_CACHE_DIR still works in 1.9 but prints a
deprecation warning on every call. `auto_update = false` keeps it offline.
Pages are named page-00000, page-00001, ...
"""
import os
import random
import shutil
import sys


def main():
    root, count = sys.argv[1], int(sys.argv[2])
    rng = random.Random(3)
    config = os.path.join(root, "config")
    pages = os.path.join(root, "cache", "tldr-pages", "pages.en", "common")
    if os.path.isdir(pages):
        shutil.rmtree(pages)
    os.makedirs(config, exist_ok=True)
    os.makedirs(pages, exist_ok=True)
    with open(os.path.join(config, "config.toml"), "w") as f:
        f.write(f"[directories]\ncache_dir = \"{os.path.join(root, 'cache')}\"\n\n")
        f.write("[updates]\nauto_update = false\n")
    words = ["archive", "file", "list", "create", "extract", "remote", "branch", "commit", "show", "print"]
    for i in range(count):
        name = f"page-{i:05d}"
        lines = [f"# {name}", "", f"> {rng.choice(words).capitalize()} utility number {i}.",
                 f"> More information: <https://example.invalid/{name}>.", ""]
        for _ in range(rng.randint(4, 8)):
            lines += [f"- {' '.join(rng.choices(words, k=6)).capitalize()}:", "",
                      f"`{name} --{rng.choice(words)} {{{{{rng.choice(words)}}}}}`", ""]
        with open(os.path.join(pages, f"{name}.md"), "w") as f:
            f.write("\n".join(lines))


if __name__ == "__main__":
    main()
