#!/usr/bin/env bash
# Regenerates BENCHMARKS.md from scratch: synthetic bundles of 5, 2,000, 20,000
# and 200,000 articles, a static release build of gloss against each (build
# time and peak memory), every operation timed with hyperfine in the same
# invocation as a dynamically linked hello world, against each bundle and
# against the same articles as a folder, with valgrind's instruction counts.
#
# Usage: bench/run.sh [--quick]
#   --quick: 100 runs per case instead of 300.
# Environment: BENCH_TARGET, a cargo target directory to build in (default
# bench/work/target; it must not be the repository's own target/).
# Everything it builds or generates goes to bench/work/ (git-ignored). It runs
# itself under `nice -n 19`: the machine may be shared with someone compiling.
set -euo pipefail
if [ "$(nice)" -lt 19 ]; then exec nice -n 19 "$0" "$@"; fi
cd "$(dirname "$0")"
BENCH=$PWD
WORK=$BENCH/work
mkdir -p "$WORK"
RUNS=300; WARMUP=30
if [ "${1:-}" = "--quick" ]; then RUNS=100; WARMUP=10; fi
SIZES=(5 2000 20000 200000)
FOLDER_SIZES=5,2000,20000,200000
ARTICLE_BYTES=1000   # about a tldr page
TARGET=${BENCH_TARGET:-$WORK/target}   # never the repository's own target/
TRIPLE=x86_64-unknown-linux-gnu
started=$(date +%s)

install_apt() {  # install_apt PACKAGE: once, quietly
    apt-get update -qq >/dev/null && apt-get install -y -qq "$1" >/dev/null
}
command -v hyperfine >/dev/null || install_apt hyperfine
command -v valgrind >/dev/null || install_apt valgrind
[ -x /usr/bin/time ] || install_apt time

echo "== hello world (bench/hello)"
CARGO_TARGET_DIR=$WORK/hello-target cargo build --release -q --manifest-path hello/Cargo.toml
HELLO=$WORK/hello-target/release/hello

for n in "${SIZES[@]}"; do
    # Generating 200,000 files takes minutes: kept while the generator and size are the same.
    stamp="$(sha1sum gen_bundle.py | cut -c1-12) $n $ARTICLE_BYTES"
    if [ "$(cat "$WORK/bundle-$n.stamp" 2>/dev/null)" != "$stamp" ]; then
        python3 gen_bundle.py "$WORK/bundle-$n" --articles "$n" --bytes "$ARTICLE_BYTES"
        echo "$stamp" > "$WORK/bundle-$n.stamp"
    fi
done

# Static, as released; with debug information so that a profile
# (callgrind_annotate on bench/work/gloss-N.debug) names functions, and
# stripped for timing.
build() {  # build N: release build against bundle-N into $TARGET, timed
    local n=$1
    /usr/bin/time -f '%e %M' -o "$WORK/build-$n.time" \
        env GLOSS_BUNDLE_DIR="$WORK/bundle-$n" CARGO_TARGET_DIR="$TARGET" \
        CARGO_PROFILE_RELEASE_DEBUG=true CARGO_PROFILE_RELEASE_STRIP=false \
        RUSTFLAGS="-C target-feature=+crt-static -C relocation-model=static" \
        cargo build --release -q --target "$TRIPLE" --manifest-path ../Cargo.toml
}

if [ ! -x "$TARGET/$TRIPLE/release/gloss" ]; then
    echo "== dependencies (untimed warm-up build)"
    build 5
fi
for n in "${SIZES[@]}"; do
    echo "== rebuild against the $n-article bundle (load: $(cut -d' ' -f1-3 /proc/loadavg))"
    touch "$WORK/bundle-$n"   # the build script reruns when the bundle changes
    build "$n"
    cp "$TARGET/$TRIPLE/release/gloss" "$WORK/gloss-$n.debug"
    strip -o "$WORK/gloss-$n" "$WORK/gloss-$n.debug"
    echo "   $(cat "$WORK/build-$n.time") (seconds, peak KB)"
done

git -C .. log -1 --format='%h %s' > "$WORK/built-commit"
[ -z "$(git -C .. status --porcelain -- src crates build.rs Cargo.toml Cargo.lock)" ] ||
    sed -i 's/$/ (with uncommitted changes)/' "$WORK/built-commit"

echo "== timing ($RUNS runs per case)"
rm -rf "$WORK/hf"
rm -rf "$WORK/cache"   # the folder cases build their cache in their warm-up runs
python3 measure.py "$WORK" "$HELLO" "$RUNS" "$WARMUP" "$(IFS=,; echo "${SIZES[*]}")" "$FOLDER_SIZES"
# The folder watcher the folder cases started leaves once its socket is gone.
rm -rf "$WORK/cache"
# Written aside first: report.py keeps the hand-made sections of the old file.
python3 report.py "$WORK" > "$WORK/BENCHMARKS.md"
mv "$WORK/BENCHMARKS.md" ../BENCHMARKS.md
echo "wrote BENCHMARKS.md in $(( $(date +%s) - started )) s"
