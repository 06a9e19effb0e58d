#!/usr/bin/env bash
# gloss against the dictionaries' own tools on the same data, in one paired
# hyperfine invocation per round (5 rounds, medians): a lookup in FOLDOC as
# gloss reads it from dictd's files and from a StarDict conversion, sdcv on
# that conversion, and dict asking a dictd on 127.0.0.1; TAB completion over
# GCIDE's headwords; the same lookups on their first call (nothing cached)
# and later. Prints markdown tables for BENCHMARKS.md.
#
#   bench/dictionaries.sh [GLOSS [RELEASE]]   # default: target/release/gloss
#   RELEASE: the binary scripts/release.sh packages (static, built with its
#   RUSTFLAGS), timed on the dictd files beside the others: it is what an
#   installed gloss runs.
#
# Needs dict-foldoc, dict-gcide, dictd, dict, dictzip, sdcv, hyperfine and
# python3 (apt-get installs the missing ones). Everything it writes goes to
# bench/work/dict/; the dictd it starts listens on loopback only and is
# stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
gloss=$(realpath "${1:-target/release/gloss}")
work=$(realpath -m bench/work/dict)
rm -rf "$work" && mkdir -p "$work/home" "$work/dic"
need=""
for pair in /usr/share/dictd/foldoc.index:dict-foldoc /usr/share/dictd/gcide.index:dict-gcide \
    /usr/sbin/dictd:dictd /usr/bin/dict:dict /usr/bin/dictzip:dictzip /usr/bin/sdcv:sdcv \
    /usr/bin/hyperfine:hyperfine; do
    [ -e "${pair%%:*}" ] || need="$need ${pair#*:}"
done
if [ -n "$need" ]; then
    apt-get update -qq && apt-get install -y -qq $need >/dev/null
fi

# The same FOLDOC as StarDict: converted, then dictzipped as StarDict ships it.
python3 bench/dictd_to_stardict.py /usr/share/dictd/foldoc.index "$work/dic/foldoc"
dictzip "$work/dic/foldoc/foldoc.dict"

# A dictd of our own on loopback, serving FOLDOC.
port=26280
cat >"$work/dictd.conf" <<CONF
database foldoc {
    data "/usr/share/dictd/foldoc.dict.dz"
    index "/usr/share/dictd/foldoc.index"
}
CONF
# dictd drops its privileges, so its pid file goes where any user may write.
pidfile=$(mktemp -u /tmp/gloss-bench-dictd.XXXXXX)
dictd -c "$work/dictd.conf" -p "$port" --listen-to 127.0.0.1 --pid-file "$pidfile"
trap 'kill "$(cat "$pidfile")" 2>/dev/null || true; rm -f "$pidfile"' EXIT
for _ in $(seq 50); do dict -h 127.0.0.1 -p "$port" -d foldoc foo >/dev/null 2>&1 && break; sleep 0.1; done

export HOME=$work/home XDG_CONFIG_HOME=$work/home/config XDG_DATA_HOME=$work/home/data \
    XDG_CACHE_HOME=$work/home/cache GLOSS_SYSTEM_DICTIONARIES=
unset XDG_RUNTIME_DIR GLOSS_DATA_DIRS GLOSS_CONFIG STARDICT_DATA_DIR
word="abstract data type"
g_dictd=("$gloss" --data-dir /usr/share/dictd/foldoc.index --format plain "$word")
g_star=("$gloss" --data-dir "$work/dic/foldoc/foldoc.ifo" --format plain "$word")
extra=()
if [ -n "${2:-}" ]; then
    release=$(realpath "$2")
    extra=("$(printf '%q ' "$release" --data-dir /usr/share/dictd/foldoc.index --format plain "$word")")
fi
sdcv=(sdcv --data-dir "$work/dic" -n -u foldoc "$word")
dict=(dict -h 127.0.0.1 -p "$port" -d foldoc "$word")
# Warm: sdcv writes its .oft offset cache on the first call.
"${sdcv[@]}" >/dev/null; "${g_dictd[@]}" >/dev/null; "${g_star[@]}" >/dev/null
q() { printf '%q ' "$@"; }
# One markdown row per command: the median over the rounds of its median,
# and of its ratio to the first command of the same round.
median() {
    python3 - "$@" <<'PY'
import json, statistics, sys
rounds = [json.load(open(f))["results"] for f in sys.argv[1:]]
for i, first in enumerate(rounds[0]):
    ms = statistics.median(r[i]["median"] * 1000 for r in rounds)
    ratio = statistics.median(r[i]["median"] / r[0]["median"] for r in rounds)
    command = first["command"].replace("|", "\\|")
    print(f"| `{command}` | {ms:.2f} | {ratio:.2f} |")
PY
}
runs=${RUNS:-40}
files=()
for round in 1 2 3 4 5; do
    hyperfine -N -w 5 -r "$runs" --export-json "$work/lookup-$round.json" \
        "$(q "${g_dictd[@]}")" "$(q "${g_star[@]}")" "$(q "${sdcv[@]}")" "$(q "${dict[@]}")" \
        "${extra[@]}" >/dev/null 2>&1
    files+=("$work/lookup-$round.json")
done
echo "### A FOLDOC lookup ($word), paired, median of 5 rounds of $runs runs"
echo
echo "| command | median ms | / gloss (dictd files) |"
echo "| --- | ---: | ---: |"
median "${files[@]}"
# The goal is a ratio to dict (the fourth command): each round's, medians.
python3 - "${files[@]}" <<'PY'
import json, statistics, sys
rounds = [json.load(open(f))["results"] for f in sys.argv[1:]]
names = ["gloss, dictd files", "gloss, StarDict conversion", "sdcv", "dict", "gloss release build, dictd files"]
print()
for i in [0, 1, 4]:
    if i < len(rounds[0]):
        ratios = [r[i]["median"] / r[3]["median"] for r in rounds]
        print(f"- {names[i]} / dict: {statistics.median(ratios):.2f} (rounds: {', '.join(f'{x:.2f}' for x in ratios)})")
PY

# TAB over GCIDE's ~200,000 headwords: the callback a fish TAB makes.
tab=(env GLOSS_COMPLETE=fish "$gloss" -- gloss --data-dir=/usr/share/dictd/gcide.index zebr)
files=()
for round in 1 2 3 4 5; do
    hyperfine -N -w 5 -r "$runs" --export-json "$work/tab-$round.json" \
        "$(q "$gloss" --version)" "$(q "${tab[@]}")" >/dev/null 2>&1
    files+=("$work/tab-$round.json")
done
echo
echo "### TAB over GCIDE ($(grep -c . /usr/share/dictd/gcide.index) index lines), median of 5 rounds"
echo
echo "| command | median ms | / gloss --version |"
echo "| --- | ---: | ---: |"
median "${files[@]}"

# A miss and a folded hit (naïve for naive) read GCIDE's table of folded
# keys, built on the first call (one pass over the headwords) and kept;
# --check reads every index line on every call.
miss=("$gloss" --data-dir /usr/share/dictd/gcide.index zebrx)
folded=("$gloss" --data-dir /usr/share/dictd/gcide.index naïve)
check=("$gloss" --check /usr/share/dictd/gcide.index)
hyperfine -N -i -w 0 -r 5 --prepare "rm -rf $XDG_CACHE_HOME/gloss" --export-json "$work/keys-first.json" \
    "$(q "${miss[@]}")" >/dev/null 2>&1
hyperfine -N -i -w 2 -r 10 --export-json "$work/linear.json" \
    "$(q "${miss[@]}")" "$(q "${folded[@]}")" "$(q "${check[@]}")" >/dev/null 2>&1
echo
echo "### GCIDE: a miss and a folded hit (table of folded keys kept), --check (10 runs)"
echo
echo "| command | median ms | / first |"
echo "| --- | ---: | ---: |"
median "$work/linear.json"
python3 -c 'import json, sys; r = json.load(open(sys.argv[1]))["results"][0]; print("\nThe first miss, the table built: %.1f ms (median of 5)" % (r["median"] * 1000))' \
    "$work/keys-first.json"

# --search --dict: the first call builds the full-text index (one pass over
# GCIDE), later ones map the cached copy.
search=("$gloss" --data-dir /usr/share/dictd/gcide.index --dict gcide --search "striped horse")
hyperfine -N -w 0 -r 3 --prepare "rm -rf $XDG_CACHE_HOME/gloss" --export-json "$work/search-first.json" \
    "$(q "${search[@]}")" >/dev/null 2>&1
"${search[@]}" >/dev/null
hyperfine -N -w 3 -r 20 --export-json "$work/search-later.json" "$(q "${search[@]}")" >/dev/null 2>&1
echo
echo "### --search --dict gcide: the first call (index built) and later ones (cached)"
echo
echo "| call | median ms |"
echo "| --- | ---: |"
for which in first later; do
    python3 -c 'import json, sys; r = json.load(open(sys.argv[1]))["results"][0]; print("| %s | %.1f |" % (sys.argv[2], r["median"] * 1000))' \
        "$work/search-$which.json" "$which"
done
echo
uptime
