#!/usr/bin/env bash
# The peak memory of --import on term bases larger than a folder holds (the
# section "Import memory" of BENCHMARKS.md): a CSV of ROWS rows (default
# 1,000,000) is refused at row 200,001, as it is read; a CSV of 100,000 rows,
# which is imported, for comparison. Peak RSS and wall time by GNU time.
#
#     bench/import_memory.sh GLOSS [ROWS]
set -euo pipefail
gloss=${1:?usage: bench/import_memory.sh GLOSS [ROWS]}
rows=${2:-1000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# lang,title: about 20 bytes a row, so that a million rows are within the
# 32 MiB an import reads at most; every row is a term of its own.
make_csv() {
    awk -v n="$1" 'BEGIN {
        print "lang,title"
        for (i = 0; i < n; i++)
            printf "en,Term number %d\n", i
    }' > "$2"
}

measure() { # label file
    local into="$work/into-$RANDOM"
    "/usr/bin/time" -o "$work/time" -f '%M %e' "$gloss" --import "$2" --into "$into" \
        >/dev/null 2>"$work/err" || true
    local rss secs
    # GNU time says "Command exited with non-zero status N" first.
    read -r rss secs < <(tail -n1 "$work/time")
    printf '| %s | %s | %d MB | %s s | %s |\n' "$1" "$(du -h "$2" | cut -f1)" "$((rss / 1024))" "$secs" \
        "$(head -c 100 "$work/err" | tr '\n' ' ' | sed "s|$work/||g")"
    rm -rf "$into"
}

make_csv "$rows" "$work/big.csv"
make_csv 100000 "$work/fits.csv"
echo "| file | size | peak RSS | time | stderr |"
echo "| ---- | ---- | -------- | ---- | ------ |"
measure "$rows rows (refused)" "$work/big.csv"
measure "100000 rows (imported)" "$work/fits.csv"
