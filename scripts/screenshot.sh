#!/usr/bin/env bash
# Regenerates doc/screenshot.svg, the picture in README.md, from a real run:
# gloss (built here) shows an article in an 80x24 tmux window, in less as a
# reader sees it, and the screen is captured with its colours and drawn as
# SVG by scripts/ansi2svg.py. Needs tmux and less.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --quiet
columns=80
rows=24
socket="gloss-screenshot-$$"
home=$(mktemp -d)
trap 'tmux -L "$socket" kill-server 2>/dev/null || true; rm -rf "$home"' EXIT

tmux -L "$socket" -f /dev/null new-session -d -x "$columns" -y "$rows" \
    "env -i TERM=xterm-256color HOME=$home PATH=$PWD/target/release:/usr/bin:/bin \
     XDG_CONFIG_HOME=$home/c XDG_DATA_HOME=$home/d XDG_CACHE_HOME=$home/k \
     gloss soft-sell --lang sv; sleep 30"

# Wait (at most 20 s) for less's prompt on the last row.
for _ in $(seq 200); do
    if tmux -L "$socket" capture-pane -p | tail -n 1 | grep -q '^:'; then
        break
    fi
    sleep 0.1
done
tmux -L "$socket" capture-pane -e -p > "$home/screen.ans"
python3 scripts/ansi2svg.py "$columns" "$rows" < "$home/screen.ans" > doc/screenshot.svg
echo "wrote doc/screenshot.svg"
