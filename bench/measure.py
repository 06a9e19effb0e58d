#!/usr/bin/env python3
"""Times every operation with hyperfine, each in the same invocation as a
hello world, against each bundle and against the same articles as a folder;
counts their instructions with valgrind; records sizes, peak memory, page
faults and build times in WORK/results.json (report.py turns that into
BENCHMARKS.md).

    measure.py WORK HELLO RUNS WARMUP BUNDLE_SIZES FOLDER_SIZES   (sizes comma-separated)

Expects what run.sh leaves in WORK: gloss-N binaries, bundle-N folders and
build-N.time files.

Each case is timed in ROUNDS (5) hyperfine invocations of [hello world, case],
RUNS/5 runs each: the ratio is the median of the five per-invocation ratios
median(case) / median(hello world), so a change of machine load during the
measurement biases it less (a VM's start-up times are wide and bimodal).
"""
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
import unicodedata

# What the benchmark cases look up (see gen_bundle.py: term 0 is always "soft sell").
SLUG = "soft-sell"
TYPO = "sfot-sell"  # two letters swapped: a miss that computes suggestions
COMPLETE_PREFIX = "so"  # TAB on `gloss so`
COMPLETE_ENV = {  # what the bash completion script sets when it calls gloss back
    "GLOSS_COMPLETE": "bash", "_CLAP_IFS": "\x0b", "_CLAP_COMPLETE_INDEX": "1",
    "_CLAP_COMPLETE_COMP_TYPE": "9", "_CLAP_COMPLETE_SPACE": "true",
}


ROUNDS = 5  # hyperfine invocations per case, alternating with the machine's load


def hyperfine(work, name, hello, command, runs, warmup, env=None, failing=False, rounds=ROUNDS):
    """ROUNDS hyperfine invocations of [hello world, case], runs/ROUNDS runs each.
    ratio = median over rounds of median(case) / median(hello world); ms are
    medians of all runs pooled."""
    os.makedirs(os.path.join(work, "hf"), exist_ok=True)
    hello_all, case_all, ratios, exit_codes = [], [], [], set()
    for r in range(rounds):
        out = os.path.join(work, "hf", f"{name}-{r}.json")
        args = ["hyperfine", "-N", "--style", "none", "--warmup", str(max(1, warmup // rounds)),
                "--runs", str(max(3, runs // rounds)), "--export-json", out,
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


def instructions(command, env=None):
    """Instructions a command executes (valgrind --tool=callgrind), or None:
    independent of the machine's load, unlike its time."""
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
                          + command, capture_output=True, text=True,
                          env={**os.environ, **(env or {})})
    found = re.search(r"Collected : (\d+)", done.stderr)
    return int(found.group(1)) if found else None


# The operations, each measured against the bundle and against a folder of the same size.
OPERATIONS = ["lookup_plain", "lookup_terminal", "miss", "list", "search", "tab"]


def operation_commands(gloss, prefix, typed_title):
    """name: (argv, env, may exit non-zero)."""
    words = typed_title.split()
    return {
        "lookup_plain": (prefix + [SLUG, "--lang", "sv", "--format", "plain"], {}, False),
        "lookup_terminal": (prefix + [SLUG, "--lang", "sv", "--format", "terminal", "--color",
                                      "always", "--width", "80"], {}, False),
        "miss": (prefix + [TYPO, "--lang", "sv", "--format", "plain"], {}, True),
        "list": (prefix + ["--list"], {}, False),
        "search": (prefix + ["--search", words[-1], "kostnad"], {}, True),
        # What TAB on `gloss so` runs (the protocol of the scripts in completions/).
        "tab": (["--", "gloss"] + prefix + [COMPLETE_PREFIX],
                {**COMPLETE_ENV, "_CLAP_COMPLETE_INDEX": str(len(prefix) + 1)}, False),
    }


def settle_folder(gloss, prefix, env, n):
    """Warms a folder as a user's calls after the first do: the first call
    builds the indexes and starts the folder watcher, the next ones are checked
    under its token, and the watcher seals each cache file once it is two
    seconds old, validating it on a thread of its own (seconds at 200,000
    files). Timing before that would time the watcher's start, not a warm call."""
    for pause in (0.3, 0.3, 0.3, 0.3, 3, n / 20000 + 1):
        for args in (["--list"], ["--search", "kostnad"], [SLUG]):
            subprocess.run([gloss] + prefix + args, capture_output=True,
                           env={**os.environ, **env})
        time.sleep(pause)


def start_up_goals(work, hello, sizes, runs):
    """The issue's start-up goals, in one hyperfine invocation: hello world and the
    plain and terminal lookups at the smallest bundle and at 20,000 articles, runs
    one command after another, repeated in 5 rounds."""
    commands = [("hello world", hello)]
    for n in (sizes[0], 20000):
        gloss = os.path.join(work, f"gloss-{n}")
        commands.append((f"plain {n}", f"{gloss} {SLUG} --lang sv --format plain"))
        commands.append((f"terminal {n}", f"{gloss} {SLUG} --lang sv --format terminal "
                                          "--color always --width 80"))
    ratios = {name: [] for name, _ in commands[1:]}
    for r in range(ROUNDS):
        out = os.path.join(work, "hf", f"goals-{r}.json")
        args = ["hyperfine", "-N", "--style", "none", "--warmup", "20", "--runs",
                str(max(20, runs // ROUNDS * 2)), "--export-json", out]
        for name, command in commands:
            args += ["-n", name, command]
        subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        results = json.load(open(out))["results"]
        base = statistics.median(results[0]["times"])
        for (name, _), result in zip(commands[1:], results[1:]):
            ratios[name].append(statistics.median(result["times"]) / base)
    return {name: {"ratio": round(statistics.median(values), 3),
                   "round_ratios": [round(x, 3) for x in values]}
            for name, values in ratios.items()}


def main():
    work, hello, runs, warmup = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    bundle_sizes = [int(n) for n in sys.argv[5].split(",")]
    folder_sizes = [int(n) for n in sys.argv[6].split(",") if n]
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                if line.startswith("model name")), "unknown")
    results = {
        "machine": {
            "cpu": cpu, "cores": os.cpu_count(), "kernel": platform.release(),
            "rustc": first_line(["rustc", "--version"]),
            "hyperfine": first_line(["hyperfine", "--version"]),
            "date": subprocess.run(["date", "-u", "+%Y-%m-%d %H:%M UTC"], capture_output=True,
                                   text=True).stdout.strip(),
            "uptime_start": first_line(["uptime"]),
            "runs": runs, "warmup": warmup, "nice": os.nice(0),
            # The commit run.sh built the binaries from.
            "gloss_commit": open(os.path.join(work, "built-commit")).read().strip()
            if os.path.exists(os.path.join(work, "built-commit")) else "unknown",
        },
        "bundle": {}, "folder": {}, "sizes": {},
    }
    results["hello"] = {**time_v([hello]), "instructions": instructions([hello])}
    cache_env = {"XDG_CACHE_HOME": os.path.join(work, "cache")}
    os.makedirs(os.path.join(work, "hf"), exist_ok=True)
    print("  start-up goals", flush=True)
    results["goals"] = start_up_goals(work, hello, bundle_sizes, runs)
    for kind, sizes in (("bundle", bundle_sizes), ("folder", folder_sizes)):
        for n in sizes:
            bundle = os.path.join(work, f"bundle-{n}")
            if kind == "bundle":
                gloss, prefix = os.path.join(work, f"gloss-{n}"), []
            else:
                # The smallest bundle's binary, with the same articles as a folder above it.
                gloss, prefix = os.path.join(work, f"gloss-{bundle_sizes[0]}"), ["--data-dir", bundle]
            title = front_matter(os.path.join(bundle, SLUG, "sv.md"), "title")
            typed_title = without_diacritics(title).lower()  # "mjuk forsaljning"
            n_runs, n_warm, rounds = runs, warmup, ROUNDS
            out = {}
            if kind == "folder":
                settle_folder(gloss, prefix, cache_env, n)
            for name, (args, env, failing) in operation_commands(gloss, prefix, typed_title).items():
                env = {**env, **cache_env}
                print(f"  {kind} {n}: {name}", flush=True)
                command = " ".join([gloss] + [a if " " not in a else f"'{a}'" for a in args])
                timed = hyperfine(work, f"{kind}-{n}-{name}", hello, command, n_runs, n_warm, env,
                                  failing, rounds)
                timed["instructions"] = instructions([gloss] + args, env)
                done = subprocess.run([gloss] + args, capture_output=True, text=True,
                                      env={**os.environ, **env})
                timed["output_lines"] = len(done.stdout.splitlines())
                if name == "tab":
                    timed["output_lines"] = len(done.stdout.split("\x0b")) if done.stdout else 0
                out[name] = timed
            if kind == "bundle":
                out["version"] = hyperfine(work, f"bundle-{n}-version", hello,
                                           f"{gloss} --version", runs, warmup)
                out["version"]["instructions"] = instructions([gloss, "--version"])
                results["sizes"][str(n)] = {
                    "lookup_mem": time_v([gloss, SLUG, "--lang", "sv", "--format", "plain"]),
                    "binary_bytes": os.path.getsize(gloss),
                    "bundle_bytes": folder_bytes(bundle),
                    "bundle_files": sum(len(files) for _, _, files in os.walk(bundle)),
                    "build": build_time(os.path.join(work, f"build-{n}.time")),
                    "title": title, "title_typed": typed_title,
                }
            results[kind][str(n)] = out
    results["machine"]["uptime_end"] = first_line(["uptime"])
    with open(os.path.join(work, "results.json"), "w") as f:
        json.dump(results, f, indent=2, ensure_ascii=False)


if __name__ == "__main__":
    main()
