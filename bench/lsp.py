#!/usr/bin/env python3
"""The language server's figures (the section "Language server" of BENCHMARKS.md).

    bench/lsp.py GLOSS [--data-dir DIR] [--runs N] [--label TEXT] [--no-watch]

Drives `GLOSS --lsp` over pipes as an editor does (stdlib only) and prints one
Markdown table row per figure:

- start-up: from spawning the process to reading the `initialize` answer
  (median of N fresh processes);
- hover and completion: round trip of one request on an open Swedish document,
  after one warm-up request (the first builds the matcher's terms or the
  completion table; its time is reported apart), median and 95th percentile of
  N requests;
- diagnostics: a 1 MB document replaced in full, to the `publishDiagnostics`
  for that version (the server waits 20 ms for the text to rest first);
- memory: the server's resident set (VmRSS) and peak (VmHWM) after all that.

Beside each round trip, the server's own CPU time per request (user and system,
from /proc, in clock ticks over the whole batch): on a loaded machine the wall
time is mostly waiting for a core, the CPU time is what the server spent.

Each run has its own HOME, XDG folders and cache, in a temporary folder that is
removed afterwards; with a folder of 1,000 articles or more, the folder watcher
that gloss starts for it is stopped at the end (by its process id).
"""
import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import tempfile
import time

TERM = "Mjuk försäljning"  # term 0 of bench/gen_bundle.py, in Swedish


class Server:
    def __init__(self, gloss, args, env):
        self.proc = subprocess.Popen([gloss, "--lsp", *args], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        self.next = 0

    def send(self, message):
        message["jsonrpc"] = "2.0"
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def read(self):
        length = None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("the server closed its output")
            line = line.strip()
            if not line:
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.proc.stdout.read(length))

    def request(self, method, params):
        self.next += 1
        self.send({"id": self.next, "method": method, "params": params})
        while True:
            message = self.read()
            if message.get("id") == self.next and "method" not in message:
                return message

    def notify(self, method, params):
        self.send({"method": method, "params": params})

    def wait_for(self, method, check=lambda params: True):
        while True:
            message = self.read()
            if message.get("method") == method and check(message["params"]):
                return message["params"]

    def cpu_ms(self):
        """The server's user and system time so far, in milliseconds."""
        with open(f"/proc/{self.proc.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return (int(fields[11]) + int(fields[12])) * 1000 / ticks

    def memory(self):
        fields = {}
        with open(f"/proc/{self.proc.pid}/status") as status:
            for line in status:
                key, _, value = line.partition(":")
                fields[key] = value.strip()
        return fields["VmRSS"], fields["VmHWM"]

    def finish(self):
        self.request("shutdown", None)
        self.notify("exit", None)
        self.proc.wait(timeout=30)


def environment(home):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GLOSS_", "LC_", "XDG_")) and k not in ("LANG", "LANGUAGE")}
    env.update(HOME=home, XDG_CONFIG_HOME=f"{home}/config", XDG_DATA_HOME=f"{home}/data",
               XDG_CACHE_HOME=f"{home}/cache", XDG_RUNTIME_DIR=f"{home}/run")
    os.makedirs(f"{home}/run", mode=0o700)
    return env


def timed(action):
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def summary(samples):
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"{statistics.median(ordered):.3f} ms (p95 {p95:.3f})"


def stop_watchers(home):
    """The folder watchers this run's gloss started (they carry its HOME)."""
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmdline = f.read()
            with open(f"/proc/{pid}/environ", "rb") as f:
                environ = f.read().split(b"\0")
        except OSError:
            continue
        if b"--serve-folder-watcher" in cmdline and f"HOME={home}".encode() in environ:
            os.kill(int(pid), signal.SIGTERM)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("gloss")
    parser.add_argument("--data-dir")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--label", default="")
    parser.add_argument("--no-watch", action="store_true")
    options = parser.parse_args()
    args = ["--data-dir", options.data_dir] if options.data_dir else []
    home = tempfile.mkdtemp(prefix="gloss-lsp-bench-")
    try:
        env = environment(home)
        if options.no_watch:
            os.makedirs(f"{home}/config/gloss")
            with open(f"{home}/config/gloss/config.yaml", "w") as config:
                config.write("watch: false\n")
        init = {"capabilities": {"general": {"positionEncodings": ["utf-8", "utf-16"]}}}
        starts = []
        for _ in range(min(options.runs, 30)):
            server = Server(options.gloss, args, env)
            starts.append(timed(lambda: server.request("initialize", init)))
            server.finish()
        server = Server(options.gloss, args, env)
        server.request("initialize", init)
        server.notify("initialized", {})
        uri = "file:///tmp/bench.sv.md"
        text = f"Vi arbetar med {TERM} varje dag.\nMju"
        document = {"uri": uri, "languageId": "markdown", "version": 1, "text": text}
        server.notify("textDocument/didOpen", {"textDocument": document})
        server.wait_for("textDocument/publishDiagnostics")
        at = {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 17}}
        first_hover = timed(lambda: server.request("textDocument/hover", at))
        answer = server.request("textDocument/hover", at)
        assert answer["result"]["contents"]["value"].startswith("# "), answer
        cpu = server.cpu_ms()
        hovers = [timed(lambda: server.request("textDocument/hover", at))
                  for _ in range(options.runs)]
        hover_cpu = (server.cpu_ms() - cpu) / options.runs
        typed = {"textDocument": {"uri": uri}, "position": {"line": 1, "character": 3}}
        first_completion = timed(lambda: server.request("textDocument/completion", typed))
        answer = server.request("textDocument/completion", typed)
        assert answer["result"]["items"], answer
        cpu = server.cpu_ms()
        completions = [timed(lambda: server.request("textDocument/completion", typed))
                       for _ in range(options.runs)]
        completion_cpu = (server.cpu_ms() - cpu) / options.runs
        # About 1 MB of Swedish prose with the term in every line.
        line = f"Vi talar om {TERM} och om annat i den här meningen, gång på gång.\n"
        big = line * (1_000_000 // len(line.encode()))
        checks = []
        cpu = server.cpu_ms()
        for version in range(2, 12):
            change = {"textDocument": {"uri": uri, "version": version},
                      "contentChanges": [{"text": big}]}
            checks.append(timed(lambda: (
                server.notify("textDocument/didChange", change),
                server.wait_for("textDocument/publishDiagnostics",
                                lambda p, v=version: p.get("version") == v))))
        check_cpu = (server.cpu_ms() - cpu) / len(checks)
        rss, peak = server.memory()
        server.finish()
        label = options.label or (options.data_dir or "bundle")
        print(f"| {label} | start-up to the initialize answer | {summary(starts)} | |")
        print(f"| {label} | hover (first: {first_hover:.1f} ms) | {summary(hovers)} | {hover_cpu:.3f} ms |")
        print(f"| {label} | completion of `Mju` (first: {first_completion:.1f} ms) | {summary(completions)} | {completion_cpu:.3f} ms |")
        print(f"| {label} | diagnostics of a 1 MB document, change to publish | {summary(checks)} | {check_cpu:.1f} ms |")
        print(f"| {label} | memory after these (VmRSS, peak VmHWM) | {rss}, {peak} | |")
    finally:
        stop_watchers(home)
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
