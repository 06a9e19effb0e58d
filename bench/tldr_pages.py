#!/usr/bin/env python3
"""Writes a tealdeer config and a pre-filled page cache of N pages, so tealdeer
can be timed offline against gloss at the same sizes: never a download.

    tldr_pages.py DIR N     ->  DIR/config/config.toml, DIR/cache/tldr-pages/...
"""
import os
import random
import sys


def main():
    root, count = sys.argv[1], int(sys.argv[2])
    rng = random.Random(3)
    config = os.path.join(root, "config")
    pages = os.path.join(root, "cache", "tldr-pages", "pages.en", "common")
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
