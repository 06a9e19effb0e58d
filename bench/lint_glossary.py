#!/usr/bin/env python3
"""One term mapping for both checkers of the poglossary comparison (stdlib only).

    lint_glossary.py GLOSSARY.po OUT_DIR

Reads a PO glossary (GnuCash's po/glossary/LANG.po: msgid the English term,
msgstr the term in LANG) and writes the same pairs twice: as a gloss folder
(OUT_DIR/terms/<slug>/en.md and <lang>.md) and as poglossary's config
(OUT_DIR/poglossary.yml, source term -> target term). Only pairs both tools
read the same way are kept: terms of letters, digits, spaces and hyphens
(poglossary joins its keys into one regular expression), one target term
each, no fuzzy entries.
"""
import json
import os
import re
import sys

PLAIN = re.compile(r"^[^\W_]+(?:[ -][^\W_]+)*$")


def entries(path):
    """(msgid, msgstr, fuzzy) of each entry, for the one-line strings a glossary uses."""
    entry, fuzzy, key = {}, False, None
    for line in open(path, encoding="utf-8").read().split("\n") + [""]:
        if not line.strip():
            if "msgid" in entry and entry["msgid"]:
                yield entry["msgid"], entry.get("msgstr", ""), fuzzy
            entry, fuzzy, key = {}, False, None
        elif line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith(("msgid ", "msgstr ")):
            key, _, value = line.partition(" ")
            entry[key] = json.loads(value)
        elif line.startswith('"') and key:
            entry[key] += json.loads(line)


def main():
    po, out = sys.argv[1], sys.argv[2]
    lang = re.search(r'"Language: ([^\\"]+)', open(po, encoding="utf-8").read()).group(1)
    lang = lang.replace("_", "-")
    pairs = {}
    for source, target, fuzzy in entries(po):
        source, target = source.strip(), target.strip()
        if fuzzy or not PLAIN.match(source) or not PLAIN.match(target):
            continue
        pairs.setdefault(source.lower(), target)
    for source, target in sorted(pairs.items()):
        slug = re.sub(r"[^a-z0-9]+", "-", source).strip("-")
        folder = os.path.join(out, "terms", slug)
        os.makedirs(folder, exist_ok=True)
        for tag, title in (("en", source), (lang, target)):
            with open(os.path.join(folder, f"{tag}.md"), "w", encoding="utf-8") as f:
                f.write(f"---\ntitle: {json.dumps(title)}\ndescription: {json.dumps(title)}\n---\n")
    with open(os.path.join(out, "poglossary.yml"), "w", encoding="utf-8") as f:
        f.write("glossary:\n")
        for source, target in sorted(pairs.items()):
            f.write(f"  {json.dumps(source)}: {json.dumps(target.lower())}\n")
    print(len(pairs))


if __name__ == "__main__":
    main()
