#!/usr/bin/env bash
# Regenerates BENCHMARKS.md: builds gloss against synthetic bundles of 5, 2,000
# and 20,000 articles, times every case with hyperfine paired with a hello-world
# binary (so results are ratios), and times tealdeer on the same page counts.
# Usage: bench/run.sh [--quick]   (--quick: fewer runs, skips the clean build)
set -euo pipefail
cd "$(dirname "$0")"
BENCH=$PWD
WORK=$BENCH/work
mkdir -p "$WORK"
RUNS=200; WARMUP=20; CLEAN_BUILD=1
if [ "${1:-}" = "--quick" ]; then RUNS=40; WARMUP=5; CLEAN_BUILD=0; fi
SIZES=(5 2000 20000)

need() { command -v "$1" >/dev/null || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }; }
need hyperfine hyperfine
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }

echo "== hello world"
(cd hello && CARGO_TARGET_DIR=$WORK/hello-target cargo build --release -q)
HELLO=$WORK/hello-target/release/hello

echo "== tealdeer"
if [ ! -x "$WORK/tealdeer/bin/tldr" ]; then
    # Not --locked: the lock file of tealdeer 1.9.1 names a webpki-roots
    # version the registry mirror here does not have.
    cargo install tealdeer --root "$WORK/tealdeer" -q
fi

echo "== user folder (2,000 articles)"
[ -d "$WORK/user-2000" ] || python3 gen_bundle.py "$WORK/user-2000" --articles 2000 --seed 7 --prefix user-

TARGET=$WORK/target
for n in "${SIZES[@]}"; do
    echo "== bundle of $n articles"
    bundle=$WORK/bundle-$n
    [ -d "$bundle" ] || python3 gen_bundle.py "$bundle" --articles "$n"
    touch "$bundle"   # the build script reruns when the bundle changes
    /usr/bin/time -f '%e %M' -o "$WORK/build-$n.time" \
        env GLOSS_BUNDLE_DIR="$bundle" CARGO_TARGET_DIR="$TARGET" cargo build --release -q --manifest-path ../Cargo.toml
    cp "$TARGET/release/gloss" "$WORK/gloss-$n"
    python3 tldr_pages.py "$WORK/tldr-$n" "$n"
done

if [ "$CLEAN_BUILD" = 1 ]; then
    echo "== clean build, 20,000 articles"
    rm -rf "$WORK/clean-target"
    /usr/bin/time -f '%e %M' -o "$WORK/clean-build-20000.time" \
        env GLOSS_BUNDLE_DIR="$WORK/bundle-20000" CARGO_TARGET_DIR="$WORK/clean-target" cargo build --release -q --manifest-path ../Cargo.toml
    rm -rf "$WORK/clean-target"
fi

python3 measure.py "$WORK" "$HELLO" "$RUNS" "$WARMUP" "${SIZES[@]}"
python3 report.py "$WORK" > ../BENCHMARKS.md
echo "wrote BENCHMARKS.md"
