#!/usr/bin/env bash
# A folder hit against a bundle hit, the same article: the binary built with
# bundle-N against the 5-article binary given bundle-N as a folder (watcher
# settled), alternating in one hyperfine invocation per round, 5 rounds.
# Prints the median over the rounds of median(folder) / median(bundle), plain
# and terminal: issue 16's "a hit within 1.2x of a bundle hit".
#
#   bench/hit.sh [SIZES...]      # default: 2000 20000 200000
#
# Needs what bench/run.sh leaves in bench/work/ (gloss-N, bundle-N), hyperfine
# and python3.
set -euo pipefail
cd "$(dirname "$0")/work"
sizes=("${@:-2000 20000 200000}")
read -r -a sizes <<<"${sizes[*]}"
cache=$(mktemp -d)
trap 'rm -rf "$cache"' EXIT   # the watcher leaves once its socket is gone
export XDG_CACHE_HOME=$cache XDG_CONFIG_HOME=$cache/config
unset XDG_RUNTIME_DIR GLOSS_DATA_DIRS GLOSS_CONFIG
plain=(soft-sell --lang sv --format plain)
terminal=(soft-sell --lang sv --format terminal --color always --width 80)
echo "| articles | plain: folder / bundle | terminal | rounds (plain/terminal) |"
echo "| ---: | ---: | ---: | --- |"
for n in "${sizes[@]}"; do
    folder=(./gloss-5 --data-dir "bundle-$n")
    # Warm: the indexes built, the watcher started and its seals in place.
    for pause in 0.3 0.3 3 "$((n / 20000 + 1))"; do
        "${folder[@]}" "${plain[@]}" >/dev/null
        "${folder[@]}" --list >/dev/null
        sleep "$pause"
    done
    rounds=()
    for _ in 1 2 3 4 5; do
        hyperfine -N -w 10 -r 60 --export-json "$cache/round.json" \
            "./gloss-$n ${plain[*]}" "${folder[*]} ${plain[*]}" \
            "./gloss-$n ${terminal[*]}" "${folder[*]} ${terminal[*]}" >/dev/null 2>&1
        rounds+=("$(python3 -c '
import json, sys
m = [r["median"] for r in json.load(open(sys.argv[1]))["results"]]
print(f"{m[1] / m[0]:.2f}/{m[3] / m[2]:.2f}")' "$cache/round.json")")
    done
    printf '%s\n' "${rounds[@]}" | python3 -c '
import statistics, sys
n, rows = sys.argv[1], [line.split("/") for line in sys.stdin.read().split()]
plain = statistics.median(float(p) for p, _ in rows)
terminal = statistics.median(float(t) for _, t in rows)
shown = ", ".join("/".join(r) for r in rows)
print(f"| {int(n):,} | {plain:.2f}x | {terminal:.2f}x | {shown} |")' "$n"
done
