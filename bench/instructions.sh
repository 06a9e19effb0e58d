#!/usr/bin/env bash
# The instructions each common operation costs, in this checkout and in an
# earlier revision, counted with callgrind (independent of the machine's
# load): a refactoring must leave them where they were (issue 21: within 2%).
#
# Usage: bench/instructions.sh BASE_REV
#   BASE_REV: the revision to compare with (a worktree of it is built in
#     bench/work/base-REV, its own target folder beside it)
# The folder cases read gen_bundle.py's 2,000-article user folder.
# Prints a markdown table: operation, base, this checkout, ratio. Runs under
# `nice -n 19`: the machine may be shared.
set -euo pipefail
if [ "$(nice)" -lt 19 ]; then exec nice -n 19 "$0" "$@"; fi
cd "$(dirname "$0")/.."
BASE=${1:?usage: bench/instructions.sh BASE_REV}
command -v valgrind >/dev/null || { echo "valgrind is needed (apt-get install valgrind)" >&2; exit 2; }
WORK=$PWD/bench/work
mkdir -p "$WORK"
sha=$(git rev-parse --short "$BASE")
tree=$WORK/base-$sha
[ -d "$tree" ] || git worktree add -q --detach "$tree" "$sha"
(cd "$tree" && CARGO_TARGET_DIR=$WORK/base-$sha-target cargo build --release -q)
cargo build --release -q
base_bin=$WORK/base-$sha-target/release/gloss
this_bin=$PWD/target/release/gloss
folder=$WORK/instructions-folder
[ -d "$folder" ] || python3 bench/gen_bundle.py "$folder" --folder >/dev/null
term=$(ls "$folder" | head -1)

# Each binary gets a home of its own, warmed once (the folder's cache built,
# the watcher off so that no second process is counted).
count() {
    local bin=$1 home=$2; shift 2
    env -i PATH=/usr/bin:/bin HOME="$home" XDG_CACHE_HOME="$home/cache" \
        XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" \
        GLOSS_SYSTEM_DICTIONARIES= "$@" >/dev/null 2>&1 || true
    env -i PATH=/usr/bin:/bin HOME="$home" XDG_CACHE_HOME="$home/cache" \
        XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" \
        GLOSS_SYSTEM_DICTIONARIES= \
        valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null \
        | sed -n 's/.*Collected : \([0-9]*\).*/\1/p' || true
}
printf '| operation | %s | this checkout | ratio |\n| --- | ---: | ---: | ---: |\n' "$sha"
cases=(
    "lookup, plain|soft-sell --lang sv --format plain"
    "lookup, terminal|soft-sell --lang sv --format terminal --width 80"
    "miss (did you mean)|sfot-sell"
    "--list|--list"
    "--search|--search mjuk försäljning"
    "folder lookup|--data-dir $folder $term --format plain"
    "folder --list|--data-dir $folder --list"
    "folder --search|--data-dir $folder --search ${term//-/ }"
)
for case in "${cases[@]}"; do
    name=${case%%|*}
    read -r -a args <<<"${case#*|}"
    for which in base this; do
        bin=$base_bin; [ "$which" = this ] && bin=$this_bin
        home=$WORK/instructions-home-$which
        mkdir -p "$home/config/gloss"
        printf 'watch: false\n' > "$home/config/gloss/config.yaml"
        eval "n_$which=\$(count \"\$bin\" \"\$home\" \"\$bin\" \"\${args[@]}\")"
    done
    ratio=$(python3 -c "print(f'{$n_this / $n_base:.3f}')")
    printf '| %s | %s | %s | %s |\n' "$name" "$n_base" "$n_this" "$ratio"
done
