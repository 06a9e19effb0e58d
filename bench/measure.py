#!/usr/bin/env python3
"""Times every case with hyperfine, each paired with hello world in the same
run, and records sizes, peak memory and build times in WORK/results.json.

    measure.py WORK HELLO RUNS WARMUP SIZE...
"""
import json
import os
import platform
import statistics
import subprocess
import sys
import unicodedata


def hyperfine(work, name, hello, command, runs, warmup, env=None, failing=False):
    out = os.path.join(work, f"hf-{name}.json")
    args = ["hyperfine", "-N", "--style", "none", "--warmup", str(warmup), "--runs", str(runs),
            "--export-json", out, hello, command]
    if failing:
        args.insert(1, "--ignore-failure")
    subprocess.run(args, env={**os.environ, **(env or {})}, check=True, stdout=subprocess.DEVNULL)
    base, case = json.load(open(out))["results"]
    hello_ms = statistics.median(base["times"]) * 1000
    case_ms = statistics.median(case["times"]) * 1000
    return {"ms": round(case_ms, 3), "hello_ms": round(hello_ms, 3), "ratio": round(case_ms / hello_ms, 3)}


def front_matter(path, key):
    for line in open(path, encoding="utf-8"):
        if line.startswith(key + ":"):
            return line.split(":", 1)[1].strip().strip('"')
    raise KeyError(key)


def without_diacritics(text):
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def peak_rss_kb(command):
    samples = []
    for _ in range(5):
        done = subprocess.run(["/usr/bin/time", "-f", "%M"] + command, capture_output=True, text=True)
        samples.append(int(done.stderr.strip().splitlines()[-1]))
    return statistics.median(samples)


def bundle_bytes(folder):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(folder) for f in files)


def build_time(path):
    if not os.path.exists(path):
        return None
    seconds, kb = open(path).read().split()
    return {"seconds": float(seconds), "peak_mb": round(int(kb) / 1024)}


def version(command):
    try:
        return subprocess.run(command, capture_output=True, text=True).stdout.strip().splitlines()[0]
    except (OSError, IndexError):
        return "unknown"


def main():
    work, hello, runs, warmup = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    sizes = [int(n) for n in sys.argv[5:]]
    tldr = os.path.join(work, "tealdeer", "bin", "tldr")
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "unknown")
    results = {
        "machine": {
            "cpu": cpu, "cores": os.cpu_count(), "kernel": platform.release(),
            "rustc": version(["rustc", "--version"]), "hyperfine": version(["hyperfine", "--version"]),
            "tealdeer": version([tldr, "--version"]),
            "date": subprocess.run(["date", "-u", "+%Y-%m-%d %H:%M UTC"], capture_output=True, text=True).stdout.strip(),
            "runs": runs,
        },
        "sizes": {},
    }
    user = os.path.join(work, "user-2000")
    for n in sizes:
        gloss = os.path.join(work, f"gloss-{n}")
        bundle = os.path.join(work, f"bundle-{n}")
        slug = "market-00000"
        sv = os.path.join(bundle, slug, "sv.md")
        title = without_diacritics(front_matter(sv, "title"))
        words = front_matter(sv, "description").rstrip(".").lower().split()
        query = f"{words[2]} {words[4]}"
        complete_env = {"COMPLETE": "bash", "_CLAP_IFS": "\x0b", "_CLAP_COMPLETE_INDEX": "1",
                        "_CLAP_COMPLETE_COMP_TYPE": "9", "_CLAP_COMPLETE_SPACE": "true"}
        cases = {
            "lookup_plain": (f"{gloss} {slug} --lang sv --format plain", None, False),
            "lookup_terminal": (f"{gloss} {slug} --lang sv --format terminal --color always --width 80", None, False),
            "lookup_title_folded": (f"{gloss} '{title}' --format plain", None, False),
            "miss_suggestions": (f"{gloss} markte-00000", None, True),
            "list": (f"{gloss} --list", None, False),
            "search_two_words": (f"{gloss} --search {query}", None, True),
            "completion_query": (f"{gloss} -- gloss mar", complete_env, False),
            "lookup_with_user_folder": (f"{gloss} --data-dir {user} {slug} --lang sv --format plain", None, False),
            "tealdeer_lookup": (f"{tldr} page-00000",
                                {"TEALDEER_CONFIG_DIR": os.path.join(work, f"tldr-{n}", "config")}, False),
        }
        timings = {}
        for name, (command, env, failing) in cases.items():
            print(f"  {n} articles: {name}", flush=True)
            timings[name] = hyperfine(work, f"{n}-{name}", hello, command, runs, warmup, env, failing)
        results["sizes"][str(n)] = {
            "timings": timings,
            "search_query": query,
            "hits": len(subprocess.run([gloss, "--search"] + query.split(), capture_output=True, text=True).stdout.splitlines()),
            "peak_rss_kb": peak_rss_kb([gloss, slug, "--lang", "sv", "--format", "plain"]),
            "binary_bytes": os.path.getsize(gloss),
            "bundle_bytes": bundle_bytes(bundle),
            "build": build_time(os.path.join(work, f"build-{n}.time")),
        }
    results["clean_build_20000"] = build_time(os.path.join(work, "clean-build-20000.time"))
    with open(os.path.join(work, "results.json"), "w") as f:
        json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
