#!/usr/bin/env python3
"""Converts a dictd database (NAME.index + NAME.dict or .dict.dz) into a
StarDict 2.4.2 one (NAME.ifo, NAME.idx, NAME.dict) with the same entries,
so that sdcv and gloss can be timed on the same data. Headwords are sorted
as StarDict sorts them (ASCII case folded, then bytes); dictd's header
entries (00-database-*) are left out. The .dict is left uncompressed: run
dictzip on it for a .dict.dz.

    dictd_to_stardict.py /usr/share/dictd/foldoc.index OUT_DIR
"""
import gzip
import os
import struct
import sys

DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def number(text):
    value = 0
    for c in text:
        value = value * 64 + DIGITS.index(c)
    return value


def main(index_path, out_dir):
    name = os.path.basename(index_path)[: -len(".index")]
    base = index_path[: -len(".index")]
    if os.path.exists(base + ".dict.dz"):
        data = gzip.open(base + ".dict.dz").read()
    else:
        data = open(base + ".dict", "rb").read()
    entries = []
    with open(index_path, "rb") as index:
        for line in index:
            fields = line.rstrip(b"\n").split(b"\t")
            if len(fields) < 3 or fields[0].startswith(b"00-database-") or fields[0].startswith(b"00database"):
                continue
            offset, length = number(fields[1].decode()), number(fields[2].decode())
            entries.append((fields[0], data[offset : offset + length]))
    entries.sort(key=lambda e: (e[0].lower(), e[0]))
    os.makedirs(out_dir, exist_ok=True)
    idx, dict_bytes = bytearray(), bytearray()
    for word, text in entries:
        idx += word + b"\0" + struct.pack(">II", len(dict_bytes), len(text))
        dict_bytes += text
    open(os.path.join(out_dir, name + ".idx"), "wb").write(idx)
    open(os.path.join(out_dir, name + ".dict"), "wb").write(dict_bytes)
    with open(os.path.join(out_dir, name + ".ifo"), "w") as ifo:
        ifo.write("StarDict's dict ifo file\nversion=2.4.2\n")
        ifo.write(f"wordcount={len(entries)}\nidxfilesize={len(idx)}\n")
        ifo.write(f"bookname={name}\nsametypesequence=m\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
