#!/usr/bin/env bash
# The "Static binary" table of BENCHMARKS.md: static and dynamic gloss, static
# and dynamic hello world, and tealdeer, timed in ONE hyperfine invocation per
# bundle size (so every figure is a ratio to the dynamic hello world measured
# alongside it), plain and terminal lookups, at the seed bundle (data/) and at
# 20,000 synthetic articles; with callgrind instruction counts, which do not
# depend on the machine's load.
#
# Usage: bench/static.sh [RUNS]   (default 200 runs per command)
#   TIME_ONLY=1 bench/static.sh: time the binaries the last run built again.
# It builds in the repository's target/ (release, dependencies already there):
# the gloss crate is rebuilt against each bundle, and the last build is against
# data/ again. Binaries and results go to bench/work/static/ (git-ignored).
# tealdeer is timed when bench/work/tealdeer/bin/tldr exists (bench/run.sh
# installs it) or TEALDEER_INSTALL=1 lets this script install it.
set -euo pipefail
if [ "$(nice)" -lt 19 ]; then exec nice -n 19 "$0" "$@"; fi
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$ROOT/bench/work/static
mkdir -p "$WORK"
RUNS=${1:-200}
ROUNDS=5
TARGET=x86_64-unknown-linux-gnu
STATIC="-C target-feature=+crt-static -C relocation-model=static"

echo "== hello world, dynamic and static"
CARGO_TARGET_DIR=$WORK/hello-target cargo build --release -q --manifest-path bench/hello/Cargo.toml
RUSTFLAGS=$STATIC CARGO_TARGET_DIR=$WORK/hello-target \
    cargo build --release -q --target "$TARGET" --manifest-path bench/hello/Cargo.toml
cp "$WORK/hello-target/release/hello" "$WORK/hello-dynamic"
cp "$WORK/hello-target/$TARGET/release/hello" "$WORK/hello-static"

[ -d "$WORK/bundle-20000" ] || python3 bench/gen_bundle.py "$WORK/bundle-20000" --articles 20000

TLDR=$ROOT/bench/work/tealdeer/bin/tldr
if [ ! -x "$TLDR" ] && [ "${TEALDEER_INSTALL:-0}" = 1 ]; then
    cargo install tealdeer --locked --root "$ROOT/bench/work/tealdeer" -q || true
fi

build() {  # build NAME [GLOSS_BUNDLE_DIR]: dynamic and static gloss against a bundle
    local name=$1 dir=${2:-}
    echo "== gloss against $name: dynamic, then static"
    env ${dir:+GLOSS_BUNDLE_DIR=$dir} cargo build --release -q --locked
    cp target/release/gloss "$WORK/gloss-dynamic-$name"
    env ${dir:+GLOSS_BUNDLE_DIR=$dir} RUSTFLAGS="$STATIC" \
        cargo build --release -q --locked --target "$TARGET"
    cp "target/$TARGET/release/gloss" "$WORK/gloss-static-$name"
}
if [ "${TIME_ONLY:-0}" != 1 ]; then
    build 20000 "$WORK/bundle-20000"
    build bundle   # last: target/ is left built against data/
fi

for name in bundle 20000; do
    pages=5
    [ "$name" = 20000 ] && pages=20000
    tldr_dir=$WORK/tldr-$name
    [ -d "$tldr_dir" ] || python3 bench/tldr_pages.py "$tldr_dir" "$pages"
    cmds=(
        "$WORK/hello-dynamic"
        "$WORK/hello-static"
    )
    for kind in dynamic static; do
        g=$WORK/gloss-$kind-$name
        cmds+=("$g soft-sell --lang sv --format plain"
               "$g soft-sell --lang sv --format terminal --color always --width 80")
    done
    [ -x "$TLDR" ] && cmds+=("$TLDR page-00000")
    echo "== timing at $name ($RUNS runs each; load $(cut -d' ' -f1-3 /proc/loadavg))"
    # ROUNDS invocations, each timing every command: a burst of load then
    # hits all of them in one round, not one command; ratios are per round.
    for round in $(seq "$ROUNDS"); do
        TEALDEER_CONFIG_DIR=$tldr_dir/config hyperfine -N --style none --warmup 5 \
            --runs $((RUNS / ROUNDS)) --export-json "$WORK/times-$name-$round.json" \
            "${cmds[@]}" >/dev/null 2>&1
    done
    echo "== instructions at $name (callgrind)"
    : > "$WORK/instructions-$name.txt"
    for cmd in "${cmds[@]}"; do
        # shellcheck disable=SC2086
        count=$(TEALDEER_CONFIG_DIR=$tldr_dir/config valgrind --tool=callgrind \
            --callgrind-out-file=/dev/null $cmd 2>&1 >/dev/null \
            | sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
        printf '%s\t%s\n' "$count" "$cmd" >> "$WORK/instructions-$name.txt"
    done
done

python3 - "$WORK" "$ROUNDS" <<'PY'
import json, os, statistics, sys
work, rounds = sys.argv[1], int(sys.argv[2])
def label(cmd):
    exe = os.path.basename(cmd.split()[0])
    kind = ("static " if "static" in exe else "dynamic ") if exe != "tldr" else ""
    what = {"hello": "hello world", "tldr": "tealdeer `tldr PAGE`"}.get(exe.split("-")[0], "gloss")
    if what == "gloss":
        what += ", terminal" if "terminal" in cmd else ", plain"
    return kind + what
rows = {}
for name in ["bundle", "20000"]:
    per_round = [json.load(open(f"{work}/times-{name}-{r}.json"))["results"] for r in range(1, rounds + 1)]
    counts = dict(reversed(line.rstrip("\n").split("\t")) for line in open(f"{work}/instructions-{name}.txt"))
    hello = per_round[0][0]["command"]
    base_ir = int(counts[hello])
    for i, r in enumerate(per_round[0]):
        ratios = [results[i]["median"] / results[0]["median"] for results in per_round]
        ms = statistics.median(results[i]["median"] for results in per_round) * 1000
        spread = f"{min(ratios):.2f}-{max(ratios):.2f}"
        ir = int(counts.get(r["command"], 0) or 0)
        rows.setdefault(label(r["command"]), {})[name] = (ms, statistics.median(ratios), spread, ir, ir / base_ir)
size = lambda p: os.path.getsize(p) / 1e6
print("| binary | bundle: ms | ratio (rounds) | instructions | ratio | 20,000: ms | ratio (rounds) | instructions | ratio |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for what, by in rows.items():
    cells = []
    for name in ["bundle", "20000"]:
        ms, ratio, spread, ir, irr = by[name]
        cells += [f"{ms:.2f}", f"**{ratio:.2f}x** ({spread})", f"{ir:,}", f"{irr:.2f}x"]
    print(f"| {what} | " + " | ".join(cells) + " |")
print()
print("Sizes: " + ", ".join(f"{k} {size(f'{work}/{k}'):.1f} MB" for k in
      ["gloss-dynamic-bundle", "gloss-static-bundle", "gloss-dynamic-20000", "gloss-static-20000", "hello-dynamic", "hello-static"]) + ".")
PY
