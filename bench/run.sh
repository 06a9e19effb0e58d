#!/usr/bin/env bash
# Regenerates BENCHMARKS.md from scratch: synthetic bundles of 5, 2,000 and
# 20,000 articles and a 2,000-article user folder, a release build of gloss
# against each (rebuild time and memory), one truly clean build at 20,000,
# every case timed with hyperfine in the same invocation as a hello world,
# and tealdeer on as many generated pages, offline.
#
# Usage: bench/run.sh [--quick]
#   --quick: 50 runs per case instead of 300, and no clean build.
# Everything it builds or generates goes to bench/work/ (git-ignored). It runs
# itself under `nice -n 19`: the machine may be shared with someone compiling.
set -euo pipefail
if [ "$(nice)" -lt 19 ]; then exec nice -n 19 "$0" "$@"; fi
cd "$(dirname "$0")"
BENCH=$PWD
WORK=$BENCH/work
mkdir -p "$WORK"
RUNS=300; WARMUP=30; CLEAN_BUILD=1
if [ "${1:-}" = "--quick" ]; then RUNS=50; WARMUP=5; CLEAN_BUILD=0; fi
SIZES=(5 2000 20000)
TARGET=$WORK/target   # never the repository's own target/
started=$(date +%s)

install_apt() {  # install_apt PACKAGE: once, quietly
    apt-get update -qq >/dev/null && apt-get install -y -qq "$1" >/dev/null
}
command -v hyperfine >/dev/null || install_apt hyperfine
[ -x /usr/bin/time ] || install_apt time

echo "== hello world (bench/hello)"
CARGO_TARGET_DIR=$WORK/hello-target cargo build --release -q --manifest-path hello/Cargo.toml
HELLO=$WORK/hello-target/release/hello

echo "== tealdeer"
if [ ! -x "$WORK/tealdeer/bin/tldr" ]; then
    if cargo install tealdeer --locked --root "$WORK/tealdeer" -q 2>"$WORK/tealdeer-install.log"; then
        echo "cargo install tealdeer --locked" > "$WORK/tealdeer.install"
    else
        # The lock file tealdeer ships may name a crate version the registry no
        # longer serves; then resolve afresh, and say so in the report.
        tail -3 "$WORK/tealdeer-install.log"
        echo "--locked failed ($(grep -m1 -i 'error' "$WORK/tealdeer-install.log" | cut -c1-160)); installed without --locked" > "$WORK/tealdeer.install"
        cargo install tealdeer --root "$WORK/tealdeer" -q || rm -f "$WORK/tealdeer.install"
    fi
fi
[ -f "$WORK/tealdeer.install" ] || echo "installed by an earlier run" > "$WORK/tealdeer.install"

echo "== user folder (2,000 articles)"
python3 gen_bundle.py "$WORK/user-2000" --folder

for n in "${SIZES[@]}"; do
    python3 gen_bundle.py "$WORK/bundle-$n" --articles "$n"
    python3 tldr_pages.py "$WORK/tldr-$n" "$n"
done

build() {  # build N: release build against bundle-N into $TARGET, timed
    local n=$1
    /usr/bin/time -f '%e %M' -o "$WORK/build-$n.time" \
        env GLOSS_BUNDLE_DIR="$WORK/bundle-$n" CARGO_TARGET_DIR="$TARGET" \
        cargo build --release -q --manifest-path ../Cargo.toml
}

echo "== dependencies (untimed warm-up build)"
build 5
for n in "${SIZES[@]}"; do
    echo "== rebuild against the $n-article bundle"
    touch "$WORK/bundle-$n"   # the build script reruns when the bundle changes
    build "$n"
    cp "$TARGET/release/gloss" "$WORK/gloss-$n"
    echo "   $(cat "$WORK/build-$n.time") (seconds, peak KB)"
done

rm -f "$WORK/clean-build-20000.time"
if [ "$CLEAN_BUILD" = 1 ]; then
    echo "== clean build, 20,000 articles (load: $(cut -d' ' -f1-3 /proc/loadavg))"
    rm -rf "$WORK/clean-target"
    /usr/bin/time -f '%e %M' -o "$WORK/clean-build-20000.time" \
        env GLOSS_BUNDLE_DIR="$WORK/bundle-20000" CARGO_TARGET_DIR="$WORK/clean-target" \
        cargo build --release -q --manifest-path ../Cargo.toml
    echo "   $(cat "$WORK/clean-build-20000.time") (seconds, peak KB)"
    rm -rf "$WORK/clean-target"
fi

echo "== timing ($RUNS runs per case)"
rm -rf "$WORK/hf"
python3 measure.py "$WORK" "$HELLO" "$RUNS" "$WARMUP" "${SIZES[@]}"
python3 report.py "$WORK" > ../BENCHMARKS.md
echo "wrote BENCHMARKS.md in $(( $(date +%s) - started )) s"
