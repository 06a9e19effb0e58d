#!/usr/bin/env python3
"""Turns a terminal screen captured with `tmux capture-pane -e -p` (text with
SGR escape sequences) into an SVG picture: one <text> line per screen row,
one <tspan> per styled run. Only what tmux writes is understood: SGR
attributes (bold, italic, underline) and the 8/16/256 colour forms.

Usage: ansi2svg.py COLUMNS ROWS < screen.ans > screen.svg
"""
import html
import re
import sys

FONT_SIZE = 14
CELL_W = 8.4  # a monospace cell at 14px
CELL_H = 18
PAD = 12
BACKGROUND = "#1e1e1e"
FOREGROUND = "#d4d4d4"

BASE16 = [
    "#000000", "#cd3131", "#0dbc79", "#e5e510", "#2472c8", "#bc3fbc", "#11a8cd", "#e5e5e5",
    "#666666", "#f14c4c", "#23d18b", "#f5f543", "#3b8eea", "#d670d6", "#29b8db", "#ffffff",
]


def colour256(n):
    if n < 16:
        return BASE16[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        r, g, b = steps[n // 36], steps[(n // 6) % 6], steps[n % 6]
        return f"#{r:02x}{g:02x}{b:02x}"
    level = 8 + (n - 232) * 10
    return f"#{level:02x}{level:02x}{level:02x}"


def apply_sgr(params, style):
    codes = [int(p) if p else 0 for p in params.split(";")] if params else [0]
    i = 0
    while i < len(codes):
        c = codes[i]
        if c == 0:
            style.clear()
        elif c == 1:
            style["bold"] = True
        elif c == 3:
            style["italic"] = True
        elif c == 4:
            style["underline"] = True
        elif c == 22:
            style.pop("bold", None)
        elif c == 23:
            style.pop("italic", None)
        elif c == 24:
            style.pop("underline", None)
        elif 30 <= c <= 37:
            style["fg"] = BASE16[c - 30]
        elif 90 <= c <= 97:
            style["fg"] = BASE16[c - 90 + 8]
        elif c == 39:
            style.pop("fg", None)
        elif c == 38 and i + 2 < len(codes) and codes[i + 1] == 5:
            style["fg"] = colour256(codes[i + 2])
            i += 2
        elif c == 38 and i + 4 < len(codes) and codes[i + 1] == 2:
            style["fg"] = "#%02x%02x%02x" % tuple(codes[i + 2:i + 5])
            i += 4
        i += 1


SEQUENCE = re.compile(r"\x1b\[([0-9;]*)m|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b\[[0-9;?]*[A-Za-z]")


def runs(line):
    """(text, style) pieces of one captured line."""
    style, out, at = {}, [], 0

    def add(text):
        # Runs in the same style are one tspan: termimad styles word by word.
        if out and out[-1][1] == style:
            out[-1] = (out[-1][0] + text, out[-1][1])
        else:
            out.append((text, dict(style)))

    for match in SEQUENCE.finditer(line):
        if match.start() > at:
            add(line[at:match.start()])
        if match.group(0).endswith("m") and match.group(0).startswith("\x1b["):
            apply_sgr(match.group(1), style)
        at = match.end()
    if at < len(line):
        add(line[at:])
    return out


def tspan(text, style):
    attrs = [f'fill="{style.get("fg", FOREGROUND)}"']
    if style.get("bold"):
        attrs.append('font-weight="bold"')
    if style.get("italic"):
        attrs.append('font-style="italic"')
    if style.get("underline"):
        attrs.append('text-decoration="underline"')
    return f"<tspan {' '.join(attrs)}>{html.escape(text)}</tspan>"


def main():
    columns, rows = int(sys.argv[1]), int(sys.argv[2])
    lines = sys.stdin.read().split("\n")[:rows]
    width = PAD * 2 + columns * CELL_W
    height = PAD * 2 + rows * CELL_H
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height}" '
        f'viewBox="0 0 {width:.0f} {height}">',
        f'<rect width="100%" height="100%" rx="6" fill="{BACKGROUND}"/>',
        f'<g font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="{FONT_SIZE}" '
        'xml:space="preserve">',
    ]
    for row, line in enumerate(lines):
        pieces = "".join(tspan(text, style) for text, style in runs(line) if text)
        if pieces:
            y = PAD + row * CELL_H + FONT_SIZE
            out.append(f'<text x="{PAD}" y="{y}">{pieces}</text>')
    out.append("</g></svg>")
    print("\n".join(out))


if __name__ == "__main__":
    main()
