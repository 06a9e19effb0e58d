#!/usr/bin/env bash
# Doubling benchmark for hostile inputs: each case is generated at size N and
# 2N in a temporary folder and timed with hyperfine; the ratio 2N/N is what
# matters. Linear work doubles (ratio ≈ 2, less where process start-up
# dominates); quadratic work quadruples.
#
# Usage: bench/doubling.sh [--instructions] [--runs R] [--binary PATH] [CASE...]
#   --instructions: count instructions with callgrind (one run; independent of
#     the machine's load) instead of timing with hyperfine
#   CASE: links, snippets, langs, query (default: all)
#   --binary: the gloss to measure (default: a release build of this checkout)
# Prints a markdown table, the section "Doubling: hostile inputs" of
# BENCHMARKS.md. Runs under `nice -n 19`: the machine may be shared.
set -euo pipefail
if [ "$(nice)" -lt 19 ]; then exec nice -n 19 "$0" "$@"; fi
cd "$(dirname "$0")/.."
RUNS=5
INSTRUCTIONS=0
# The variable completion scripts set (builds before it was renamed used COMPLETE).
COMPLETE_VAR=${COMPLETE_VAR:-GLOSS_COMPLETE}
GLOSS=""
CASES=()
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) RUNS=$2; shift 2 ;;
        --instructions) INSTRUCTIONS=1; shift ;;
        --binary) GLOSS=$(realpath "$2"); shift 2 ;;
        *) CASES+=("$1"); shift ;;
    esac
done
[ ${#CASES[@]} -gt 0 ] || CASES=(links snippets langs query)
if [ -z "$GLOSS" ]; then
    cargo build --release -q
    GLOSS=$PWD/target/release/gloss
fi
command -v hyperfine >/dev/null || { echo "hyperfine is needed (apt-get install hyperfine)" >&2; exit 2; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export XDG_CACHE_HOME=$WORK/cache XDG_CONFIG_HOME=$WORK/config XDG_DATA_HOME=$WORK/data
unset GLOSS_DATA_DIRS GLOSS_CONFIG GLOSS_LANG LANGUAGE LC_ALL LC_MESSAGES LANG COMPLETE GLOSS_COMPLETE

# gen CASE SIZE DIR: writes the input of CASE at SIZE into DIR.
gen() {
    python3 - "$@" <<'PY'
import os, sys
case, size, root = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def article(path, title, body, extra=""):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(f"---\ntitle: {title}\ndescription: A generated article.\n{extra}---\n\n{body}\n")
def base36(n):
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if n == 0:
            return out
if case == "links":      # SIZE distinct links to terms that do not exist
    article(f"{root}/links/en.md", "Links", " ".join(f"[a](/l{base36(i)})" for i in range(size)))
elif case == "snippets": # SIZE repeated words in one paragraph
    article(f"{root}/words/en.md", "Words", " ".join(["ab"] * size))
elif case == "langs":    # one term with SIZE language files
    letters = "abcdefghijklmnopqrstuvwxyz"
    primaries = ["q" + a + b for a in letters[:20] for b in letters]   # qaa-qtz: private use
    regions = [a + b for a in letters.upper() for b in letters.upper()]
    tags = (f"{p}-{r}" for p in primaries for r in regions)
    os.makedirs(f"{root}/many-langs", exist_ok=True)
    for _, tag in zip(range(size), tags):
        with open(f"{root}/many-langs/{tag}.md", "w") as f:
            f.write(f"---\ntitle: Many {tag}\ndescription: D\n---\nText.\n")
elif case == "query":    # SIZE search words, one argument each
    os.makedirs(root, exist_ok=True)
    with open(f"{root}/words.txt", "w") as f:
        f.write("\n".join(f"w{i}" for i in range(size)))
PY
}

# time_of DIR COMMAND: mean seconds of COMMAND run in DIR (after a warm-up
# run that also fills the folder cache). Exit codes are ignored: --check
# exits 1 on the problems it is made to find.
time_of() {
    local dir=$1; shift
    if [ "$INSTRUCTIONS" = 1 ]; then
        # Instructions of every process the command starts, summed.
        (cd "$dir" && eval "$* >/dev/null 2>&1" || true
         cd "$dir" && eval "valgrind --tool=callgrind --trace-children=yes --callgrind-out-file=/dev/null $* 2>&1 >/dev/null || true" \
            | awk '/Collected :/ { sum += $NF } END { print sum }')
        return
    fi
    (cd "$dir" && hyperfine -i -N --warmup 1 --runs "$RUNS" --export-json "$WORK/t.json" "$*" >/dev/null 2>&1)
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["mean"])' "$WORK/t.json"
}

# row NAME SIZE INPUT COMMAND: generates INPUT at SIZE and 2*SIZE and prints a row.
row() {
    local name=$1 size=$2 input=$3 command=$4 times=()
    for n in "$size" $((size * 2)); do
        local dir=$WORK/$input-$n
        # A folder edited in the last two seconds is not cached yet: wait.
        [ -d "$dir" ] || { gen "$input" "$n" "$dir"; sleep 3; }
        times+=("$(time_of "$dir" "${command//@N@/$n}")")
    done
    python3 -c 'import sys
a, b = float(sys.argv[3]), float(sys.argv[4])
show = (lambda v: f"{v/1e6:,.1f} M instr.") if sys.argv[5] == "1" else (lambda v: f"{v*1000:,.1f} ms")
print(f"| {sys.argv[1]} | {int(sys.argv[2]):,} | {show(a)} | {show(b)} | {b/a:.2f} |")' \
        "$name" "$size" "${times[0]}" "${times[1]}" "$INSTRUCTIONS"
}

unit=time; [ "$INSTRUCTIONS" = 1 ] && unit=instructions
echo "| case | N | $unit at N | $unit at 2N | ratio |"
echo "| ---- | -: | --------: | ---------: | ----: |"
for case in "${CASES[@]}"; do
    case "$case" in
        links)
            row "lookup of an article with N distinct links" 40000 links "$GLOSS --data-dir . links -f plain"
            row "--check of that article" 40000 links "$GLOSS --check ."
            ;;
        snippets)
            row "--search ab -w 100000 over N repeated words" 170000 snippets "$GLOSS --data-dir . --search ab -w 100000 -f terminal"
            ;;
        langs)
            row "--list with one term of N languages" 20000 langs "$GLOSS --data-dir . --list"
            row "--translations of that term" 20000 langs "$GLOSS --data-dir . many-langs --translations"
            row "TAB (bash) on that folder" 20000 langs "env $COMPLETE_VAR=bash _CLAP_COMPLETE_INDEX=3 $GLOSS -- gloss --data-dir . ma"
            ;;
        query)
            # Within the limit the query is accepted; far past it, refused at once.
            row "--search with N distinct words (accepted)" 32 query "sh -c '$GLOSS --search \$(head -n @N@ words.txt) || true'"
            row "--search with N words (refused: over 64)" 50000 query "sh -c '$GLOSS --search \$(cat words.txt) 2>/dev/null || true'"
            ;;
        *) echo "unknown case: $case" >&2; exit 2 ;;
    esac
done
