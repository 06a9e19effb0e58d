#!/usr/bin/env bash
# Folders at scale: a glossary folder of 10,000 and of 100,000 article files
# (2,000 and 20,000 terms in 5 languages), measured as a user meets it: the
# first call (which builds and caches the folder's indexes), then warm calls
# against a hello world in the same hyperfine run, the system calls of a warm
# `--list`, and peak memory. Prints markdown for BENCHMARKS.md.
#
#   bench/folders.sh [GLOSS] [SIZES...]      # default: target/release/gloss 10000 100000
#
# Needs python3, hyperfine, strace and GNU time (/usr/bin/time). TAB is timed
# through env(1), which adds its own exec to that row.
#
# Ends with the doubling table of the first `--list` (CPU time and peak
# memory at each size, and the ratio to the size before): give doubling
# sizes (10000 20000 40000) to see whether the first call is linear.
# FIRST_ONLY=1 measures only that (no warm calls), for large sizes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
gloss=$(realpath "${1:-$here/../target/release/gloss}")
shift || true
sizes=("${@:-10000 100000}")
read -r -a sizes <<<"${sizes[*]}"
hello="$here/hello/target/release/hello"
[ -x "$hello" ] || (cd "$here/hello" && cargo build --release --quiet)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_DATA_HOME="$work/empty" XDG_CONFIG_HOME="$work/empty" XDG_CACHE_HOME="$work/cache"
unset GLOSS_DATA_DIRS GLOSS_CONFIG

# A folder of N files: the generator makes at most about 40,000, so larger
# folders repeat its terms under new slugs (`-b`, `-c`, ...).
make_folder() {
    local n=$1 out=$2 made=0 suffix
    python3 "$here/gen_bundle.py" "$work/gen" --articles "$((n < 40000 ? n : 40000))" >/dev/null
    mkdir -p "$out"
    for suffix in "" -b -c -d -e -f; do
        for term in "$work/gen"/*/; do
            [ "$made" -ge "$n" ] && break 2
            cp -r "$term" "$out/$(basename "$term")$suffix"
            made=$((made + $(ls "$term" | wc -l)))
        done
    done
    rm -rf "$work/gen"
}

# Wall seconds and peak RSS (MB) of one run.
time_rss() {
    /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%.2f s, %d MB", $1, $2 / 1024}'
}

doubling=()
for n in "${sizes[@]}"; do
    dir="$work/folder-$n"
    make_folder "$n" "$dir"
    rm -rf "$XDG_CACHE_HOME"
    # CPU seconds (user + system) and peak KB of the first --list.
    doubling+=("$n $(/usr/bin/time -f "%U %S %M" "$gloss" --data-dir "$dir" --list 2>&1 >/dev/null | tail -1)")
    rm -rf "$XDG_CACHE_HOME"
    if [ "${FIRST_ONLY:-0}" = 1 ]; then
        rm -rf "$dir"
        continue
    fi
    echo "### $(find "$dir" -name '*.md' | wc -l) files, $(ls "$dir" | wc -l) terms"
    echo
    echo "- first \`--list\` (builds the titles index): $(time_rss "$gloss" --data-dir "$dir" --list)"
    echo "- first \`--search kernel\` (builds the full index): $(time_rss "$gloss" --data-dir "$dir" --search kernel)"
    # The calls that follow a first one start the folder watcher, are
    # checked under its token and let it validate the cache files: warm, as
    # a user's calls after the first are.
    # The watcher seals a cache file once it is two seconds old, then
    # validates it (seconds at 100,000 files) on a thread of its own.
    for pause in 0.3 0.3 0.3 0.3 3 "$((n / 20000 + 1))"; do
        "$gloss" --data-dir "$dir" --list >/dev/null
        "$gloss" --data-dir "$dir" --search kernel >/dev/null 2>&1 || true
        sleep "$pause"
    done
    echo "- warm \`--list\`: $(time_rss "$gloss" --data-dir "$dir" --list)"
    tab="env GLOSS_COMPLETE=bash _CLAP_COMPLETE_INDEX=1 _CLAP_COMPLETE_COMP_TYPE=9 GLOSS_DATA_DIRS=$dir $gloss -- gloss so"
    echo "- warm TAB: $(time_rss $tab)"
    echo "- cache files: $(du -sh "$XDG_CACHE_HOME/gloss" | cut -f1)"
    echo "- system calls of a warm \`--list\`:" \
        "$(strace -f -c -o "$work/strace" "$gloss" --data-dir "$dir" --list >/dev/null 2>&1
            awk '$NF ~ /^(newfstatat|statx|getdents64|openat|read|mmap)$/ {printf "%s %s, ", $NF, $4}' "$work/strace" | sed 's/, $//')"
    echo
    json="$work/warm.json"
    hyperfine -N -i --warmup 5 --runs 30 --export-json "$json" \
        -n hello "$hello" \
        -n "bundle hit" "$gloss soft-sell" \
        -n "folder hit" "$gloss --data-dir $dir $(ls "$dir" | head -1)" \
        -n "miss" "$gloss --data-dir $dir no-such-term" \
        -n "list" "$gloss --data-dir $dir --list" \
        -n "search kernel" "$gloss --data-dir $dir --search kernel" \
        -n "TAB" "$tab" \
        >/dev/null 2>&1
    python3 - "$json" <<'EOF'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
hello = next(r for r in results if r["command"] == "hello")
print("| warm call | median | x hello | user + sys |")
print("| --- | ---: | ---: | ---: |")
for r in results:
    cpu = (r["user"] + r["system"]) * 1000
    print(f'| {r["command"]} | {r["median"] * 1000:.1f} ms | {r["median"] / hello["median"]:.1f}x | {cpu:.1f} ms |')
print()
EOF
    rm -rf "$dir"
done

echo "| first \`--list\` | CPU (user + sys) | ratio | peak memory | ratio |"
echo "| ---: | ---: | ---: | ---: | ---: |"
printf '%s\n' "${doubling[@]}" | awk '{
    cpu = $2 + $3; mb = $4 / 1024
    if (NR > 1 && pcpu > 0) printf "| %d files | %.2f s | %.2fx | %d MB | %.2fx |\n", $1, cpu, cpu / pcpu, mb, mb / pmb
    else if (NR > 1) printf "| %d files | %.2f s | | %d MB | %.2fx |\n", $1, cpu, mb, mb / pmb
    else printf "| %d files | %.2f s | | %d MB | |\n", $1, cpu, mb
    pcpu = cpu; pmb = mb
}'
