#!/usr/bin/env python3
"""Times every case with hyperfine, each in the same invocation as a hello
world, and records sizes, peak memory, page faults and build times in
WORK/results.json (report.py turns that into BENCHMARKS.md).

    measure.py WORK HELLO RUNS WARMUP SIZE...

Expects what run.sh leaves in WORK: gloss-N binaries, bundle-N folders,
user-2000 (the user folder), tldr-N (tealdeer config and cache),
tealdeer/bin/tldr, and build-N.time / clean-build-20000.time files.

Each case is timed in ROUNDS (5) hyperfine invocations of [hello world, case],
RUNS/5 runs each: the ratio is the median of the five per-invocation ratios
median(case) / median(hello world), so a change of machine load during the
measurement biases it less (a VM's start-up times are wide and bimodal).

A case whose flag `gloss --help` does not mention is recorded as "not
implemented yet" instead of failing the run.
"""
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import unicodedata

# What the benchmark cases look up (see gen_bundle.py: term 0 is always "soft sell").
SLUG = "soft-sell"
TYPO = "sfot-sell"  # two letters swapped: a miss that computes suggestions
COMPLETE_PREFIX = "so"  # TAB on `gloss so`
COMPLETE_ENV = {  # what the bash completion script sets when it calls gloss back
    "COMPLETE": "bash", "_CLAP_IFS": "\x0b", "_CLAP_COMPLETE_INDEX": "1",
    "_CLAP_COMPLETE_COMP_TYPE": "9", "_CLAP_COMPLETE_SPACE": "true",
}


ROUNDS = 5  # hyperfine invocations per case, alternating with the machine's load


def hyperfine(work, name, hello, command, runs, warmup, env=None, failing=False):
    """ROUNDS hyperfine invocations of [hello world, case], runs/ROUNDS runs each.
    ratio = median over rounds of median(case) / median(hello world); ms are
    medians of all runs pooled."""
    os.makedirs(os.path.join(work, "hf"), exist_ok=True)
    hello_all, case_all, ratios, exit_codes = [], [], [], set()
    for r in range(ROUNDS):
        out = os.path.join(work, "hf", f"{name}-{r}.json")
        args = ["hyperfine", "-N", "--style", "none", "--warmup", str(max(3, warmup // ROUNDS)),
                "--runs", str(max(10, runs // ROUNDS)), "--export-json", out,
                "-n", "hello world", hello, "-n", name, command]
        if failing:
            args.insert(1, "--ignore-failure")
        done = subprocess.run(args, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
        if done.returncode != 0:
            lines = done.stderr.strip().splitlines()
            return {"error": lines[-1] if lines else "hyperfine failed"}
        base, case = json.load(open(out))["results"]
        hello_all += base["times"]
        case_all += case["times"]
        ratios.append(statistics.median(case["times"]) / statistics.median(base["times"]))
        exit_codes.update(case.get("exit_codes") or [])
    hello_ms = statistics.median(hello_all) * 1000
    case_ms = statistics.median(case_all) * 1000
    return {"ms": round(case_ms, 3), "hello_ms": round(hello_ms, 3),
            "ratio": round(statistics.median(ratios), 3),
            "round_ratios": [round(x, 3) for x in ratios],
            "exit_codes": sorted(exit_codes), "command": command}


def without_diacritics(text):
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def front_matter(path, key):
    for line in open(path, encoding="utf-8"):
        if line.startswith(key + ":"):
            return line.split(":", 1)[1].strip().strip('"')
    raise KeyError(key)


def time_v(command, env=None, samples=7):
    """Median peak RSS (KB) and minor page faults of a command, from /usr/bin/time."""
    rss, faults = [], []
    for _ in range(samples):
        done = subprocess.run(["/usr/bin/time", "-f", "%M %R"] + command, capture_output=True,
                              text=True, env={**os.environ, **(env or {})})
        m, r = done.stderr.strip().splitlines()[-1].split()
        rss.append(int(m))
        faults.append(int(r))
    return {"peak_rss_kb": statistics.median(rss), "minor_faults": statistics.median(faults)}


def folder_bytes(folder):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(folder) for f in files)


def build_time(path):
    if not os.path.exists(path):
        return None
    seconds, kb = open(path).read().split()[-2:]
    return {"seconds": float(seconds), "peak_mb": round(int(kb) / 1024)}


def first_line(command):
    try:
        return subprocess.run(command, capture_output=True, text=True).stdout.strip().splitlines()[0]
    except (OSError, IndexError):
        return "unknown"


def features(gloss):
    """The flags this build has, from `gloss --help`."""
    help_text = subprocess.run([gloss, "--help"], capture_output=True, text=True).stdout
    flags = set(re.findall(r"(--[a-z][a-z-]*)", help_text))
    has = {flag: flag in flags for flag in
           ["--format", "--color", "--width", "--list", "--search", "--data-dir", "--lang"]}
    # A dedicated completion-query flag (e.g. `--complete`), if the build has one.
    query_flag = next((f for f in sorted(flags) if f in ("--complete", "--complete-term", "--complete-terms")), None)
    # The dynamic completion protocol the shipped scripts use (`COMPLETE=bash gloss -- gloss so`).
    done = subprocess.run([gloss, "--", "gloss", COMPLETE_PREFIX], capture_output=True, text=True,
                          env={**os.environ, **COMPLETE_ENV})
    protocol = done.returncode == 0 and SLUG in done.stdout
    return has, query_flag, protocol


def main():
    work, hello, runs, warmup = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    sizes = [int(n) for n in sys.argv[5:]]
    tldr = os.path.join(work, "tealdeer", "bin", "tldr")
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                if line.startswith("model name")), "unknown")
    results = {
        "machine": {
            "cpu": cpu, "cores": os.cpu_count(), "kernel": platform.release(),
            "rustc": first_line(["rustc", "--version"]),
            "hyperfine": first_line(["hyperfine", "--version"]),
            "tealdeer": first_line([tldr, "--version"]) if os.path.exists(tldr) else "not installed",
            "date": subprocess.run(["date", "-u", "+%Y-%m-%d %H:%M UTC"], capture_output=True,
                                   text=True).stdout.strip(),
            "loadavg_start": open("/proc/loadavg").read().split()[:3],
            "runs": runs, "warmup": warmup, "nice": os.nice(0),
        },
        "sizes": {},
    }
    user = os.path.join(work, "user-2000")
    folder_env = {"XDG_CACHE_HOME": os.path.join(work, "cache")}
    hello_mem = time_v([hello])
    results["hello"] = hello_mem
    for n in sizes:
        gloss = os.path.join(work, f"gloss-{n}")
        bundle = os.path.join(work, f"bundle-{n}")
        has, query_flag, protocol = features(gloss)
        title = front_matter(os.path.join(bundle, SLUG, "sv.md"), "title")
        typed_title = without_diacritics(title).lower()  # "mjuk forsaljning"
        words = typed_title.split()
        search_query = f"{words[-1]} kostnad"  # "forsaljning kostnad": AND of two words, folded
        lookup = [SLUG, "--lang", "sv", "--format", "plain"]
        tldr_env = {"TEALDEER_CONFIG_DIR": os.path.join(work, f"tldr-{n}", "config")}
        # name: (label, command or None with the reason, env, may exit non-zero)
        cases = {
            "lookup_plain": (f"{gloss} {' '.join(lookup)}", None, False),
            "lookup_terminal": (f"{gloss} {SLUG} --lang sv --format terminal --color always --width 80"
                                if has["--color"] and has["--width"] else None, None, False),
            "lookup_title_folded": (f"{gloss} {typed_title} --format plain", None, False),
            "miss_suggestions": (f"{gloss} {TYPO} --lang sv --format plain", None, True),
            "list": (f"{gloss} --list" if has["--list"] else None, None, False),
            "search_two_words": (f"{gloss} --search {search_query}" if has["--search"] else None, None, True),
            "lookup_with_user_folder": (f"{gloss} --data-dir {user} {' '.join(lookup)}"
                                        if has["--data-dir"] else None, None, False),
            # The folder's index comes from the on-disk cache after the warm-ups.
            "miss_with_user_folder": (f"{gloss} --data-dir {user} {TYPO} --lang sv --format plain"
                                      if has["--data-dir"] else None, folder_env, True),
            "list_with_user_folder": (f"{gloss} --data-dir {user} --list"
                                      if has["--data-dir"] else None, folder_env, False),
            "version": (f"{gloss} --version", None, False),
            "tealdeer_lookup": (f"{tldr} page-00000" if os.path.exists(tldr) else None, tldr_env, False),
        }
        if query_flag:
            cases["completion_query"] = (f"{gloss} {query_flag} {COMPLETE_PREFIX}", None, False)
            completion_how = f"`gloss {query_flag} {COMPLETE_PREFIX}`"
        elif protocol:
            cases["completion_query"] = (f"{gloss} -- gloss {COMPLETE_PREFIX}", COMPLETE_ENV, False)
            completion_how = f"`COMPLETE=bash gloss -- gloss {COMPLETE_PREFIX}` (what TAB on `gloss {COMPLETE_PREFIX}` runs)"
        else:
            cases["completion_query"] = (f"{gloss} --list" if has["--list"] else None, None, False)
            completion_how = "`gloss --list` (no completion query in this build)"
        timings = {}
        for name, (command, env, failing) in cases.items():
            if command is None:
                timings[name] = {"missing": "not implemented yet"}
                continue
            print(f"  {n} articles: {name}", flush=True)
            timings[name] = hyperfine(work, f"{n}-{name}", hello, command, runs, warmup, env, failing)
        search_out = subprocess.run([gloss, "--search"] + search_query.split(), capture_output=True, text=True)
        completion_out = subprocess.run([gloss, "--", "gloss", COMPLETE_PREFIX], capture_output=True,
                                        text=True, env={**os.environ, **COMPLETE_ENV}) if protocol else None
        miss = subprocess.run([gloss, TYPO, "--lang", "sv", "--format", "plain"], capture_output=True, text=True)
        results["sizes"][str(n)] = {
            "timings": timings,
            "title_typed": typed_title,
            "title": title,
            "search_query": search_query,
            "search_hits": len(search_out.stdout.splitlines()),
            "completion_how": completion_how,
            "completion_candidates": len(completion_out.stdout.split("\x0b")) if completion_out else None,
            "list_lines": len(subprocess.run([gloss, "--list"], capture_output=True, text=True).stdout.splitlines()),
            "miss_message": miss.stderr.strip()[:200],
            "miss_exit": miss.returncode,
            "lookup_mem": time_v([gloss] + lookup),
            "version_mem": time_v([gloss, "--version"]),
            "tealdeer_mem": time_v([tldr, "page-00000"], tldr_env) if os.path.exists(tldr) else None,
            "binary_bytes": os.path.getsize(gloss),
            "bundle_bytes": folder_bytes(bundle),
            "bundle_files": sum(len(files) for _, _, files in os.walk(bundle)),
            "build": build_time(os.path.join(work, f"build-{n}.time")),
        }
    results["clean_build_20000"] = build_time(os.path.join(work, "clean-build-20000.time"))
    results["user_folder_bytes"] = folder_bytes(user) if os.path.isdir(user) else None
    results["machine"]["loadavg_end"] = open("/proc/loadavg").read().split()[:3]
    tinfo = os.path.join(work, "tealdeer.install")
    results["tealdeer_install"] = open(tinfo).read().strip() if os.path.exists(tinfo) else None
    with open(os.path.join(work, "results.json"), "w") as f:
        json.dump(results, f, indent=2, ensure_ascii=False)


if __name__ == "__main__":
    main()
