#!/usr/bin/env bash
# The figures of the section "Checking documents" of BENCHMARKS.md (written
# there by hand after a run, as for bench/static.sh):
#
#   bench/lint.sh [GLOSS]     GLOSS: a release binary (default: one built here)
#
# 1. Terms::build over synthetic folders of 20,000 and 200,000 articles, every
#    language (so every article goes into the automaton), and checking 32 MB
#    of Swedish text on one core (taskset -c 0) against the 20,000 one: timed
#    inside the process by the ignored test query/bench.rs, so start-up and
#    reading the folder are not in them.
# 2. The same text through the command line: one file on one core, and cut
#    into eight files on every core.
# 3. gloss against poglossary (PyPI) on GnuCash's German catalogue
#    (gnucash-common, msgunfmt), with one term mapping made for both from
#    GnuCash's German glossary (bench/lint_glossary.py): time and findings.
#
# Needs python3 (with venv), hyperfine, gettext and apt-get download; all it
# makes goes to bench/work/lint/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$root/bench/work/lint
mkdir -p "$work"
# gloss gets a home of its own; cargo and rustup keep the user's.
export RUSTUP_HOME=${RUSTUP_HOME:-$HOME/.rustup} CARGO_HOME=${CARGO_HOME:-$HOME/.cargo}
export XDG_CACHE_HOME=$work/cache HOME=$work/home XDG_CONFIG_HOME=$work/config
mkdir -p "$HOME"
target=${BENCH_TARGET:-$root/bench/work/target}
gloss=${1:-}
if [ -z "$gloss" ]; then
    CARGO_TARGET_DIR=$target cargo build --release --quiet
    gloss=$target/release/gloss
fi
echo "gloss: $gloss ($(git log -1 --format='%h %s'))"
uptime

for n in 20000 200000; do
    [ -d "$work/g$n" ] || python3 bench/gen_bundle.py "$work/g$n" --articles "$n" --bytes 1000 >/dev/null
    # The folder's index, built once: the runs below find it in the cache.
    echo x >"$work/x.txt"
    "$gloss" --data-dir "$work/g$n" --scan "$work/x.txt" --lang sv >/dev/null 2>&1 || true
done

# 32 MB of Swedish: the bodies of the 20,000 glossary's Swedish articles,
# whose words are its titles' words and common ones, over and over.
text=$work/text-sv.txt
[ -f "$text" ] || python3 - "$work/g20000" "$text" <<'PY'
import glob, sys
body = "\n".join(open(f, encoding="utf-8").read().split("\n---\n", 1)[1]
                 for f in sorted(glob.glob(sys.argv[1] + "/*/sv.md")))
with open(sys.argv[2], "w", encoding="utf-8") as out:
    written = 0
    while written < 32 << 20:
        out.write(body + "\n")
        written += len(body.encode()) + 1
PY

echo "== in the process (query/bench.rs)"
for n in 20000 200000; do
    check=()
    [ "$n" = 20000 ] && check=(GLOSS_BENCH_TEXT="$text")
    env GLOSS_BENCH_FOLDER="$work/g$n" GLOSS_BENCH_LANGS=sv,fi,pl,ru,pt-BR,zh-TW,ar "${check[@]}" \
        CARGO_TARGET_DIR=$target taskset -c 0 \
        cargo test --release --quiet -p gloss-core --lib bench_matching -- --ignored --nocapture 2>/dev/null \
        | grep -E '^(build|check):' | sed "s/^/$n articles: /"
done

echo "== the command line"
: >"$work/empty.txt"
split -n l/8 -d "$text" "$work/part-"
for f in "$work"/part-0?; do mv "$f" "$f.txt"; done
hyperfine -N --warmup 1 --runs 5 --export-json "$work/cli.json" \
    "taskset -c 0 $gloss --data-dir $work/g20000 --lint $text --lang sv" \
    "$gloss --data-dir $work/g20000 --lint $(echo "$work"/part-0?.txt) --lang sv" \
    "$gloss --data-dir $work/g20000 --lint $work/empty.txt --lang sv" 2>&1 | grep -E 'Benchmark|Time'

echo "== gloss and poglossary"
[ -x "$work/venv/bin/poglossary" ] || {
    python3 -m venv "$work/venv"
    # poglossary 0.1.4's typer needs a click before 8.2.
    "$work/venv/bin/pip" install --quiet poglossary 'click<8.2'
}
command -v msgunfmt >/dev/null || { apt-get update -qq; apt-get install -y -qq gettext >/dev/null; }
cmp=$work/poglossary
rm -rf "$cmp" && mkdir -p "$cmp/po" && cd "$cmp"
apt-get download gnucash-common >/dev/null 2>&1
dpkg-deb -x gnucash-common_*.deb deb
msgunfmt deb/usr/share/locale/de/LC_MESSAGES/gnucash.mo -o po/de.po
python3 "$root/bench/lint_glossary.py" /work/shared/corpora/gnucash-glossary/de.po . | sed 's/^/terms in the mapping: /'
hyperfine -N --warmup 1 --runs 10 --export-json "$cmp/versus.json" \
    "$gloss --data-dir terms --lint po/de.po" \
    "$work/venv/bin/poglossary po poglossary.yml" 2>&1 | grep -E 'Benchmark|Time|faster|±'
"$gloss" --data-dir terms --lint po/de.po >gloss.out 2>gloss.err || true
"$work/venv/bin/poglossary" po poglossary.yml >poglossary.out 2>&1 || true
cat gloss.err
python3 - <<'PY'
import re
po = open("po/de.po", encoding="utf-8").read().split("\n")
def entry(line):
    i = line - 1
    while i > 0 and not po[i].startswith("msgid"):
        i -= 1
    return i + 1
gloss = {entry(int(m.group(1))) for m in re.finditer(r"^po/de.po:(\d+):", open("gloss.out").read(), re.M)}
plain = re.sub(r"\x1b\[[0-9;]*m", "", open("poglossary.out").read())
pg = {int(n) for n in re.findall(r"po/de.po:(\d+)", plain)}
print(f"entries reported: gloss {len(gloss)}, poglossary {len(pg)}, both {len(gloss & pg)}, "
      f"gloss only {len(gloss - pg)}, poglossary only {len(pg - gloss)}")
PY
