#!/usr/bin/env python3
"""`make profile`: where an uncached article page's time goes.

Serves the 10,000-article data set of `make bench` (seed it with `make bench` first) with the
page cache off, samples the server with `perf record` (cpu-clock, call graphs) while wrk asks
for the no-comment story, and writes `bench/PROFILE.md`: time by library, and the functions
that hold the most of it, callees included, demangled. perf comes from Debian's linux-perf.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402

SECONDS = int(os.environ.get("PROFILE_SECONDS", "10"))


def report(data, *args):
    output = subprocess.run(["perf", "report", "-i", data, "--stdio", "-g", "none", *args], capture_output=True, text=True).stdout
    return [line for line in output.splitlines() if line.strip() and not line.startswith("#")]


def demangled(lines):
    text = subprocess.run(["swift-demangle"], input="\n".join(lines), capture_output=True, text=True).stdout
    return [re.sub(r"\s+", " ", line).strip()[:220] for line in text.splitlines()]


def main():
    for tool in ("perf", "wrk", "swift-demangle"):
        if shutil.which(tool) is None:
            run.fail(f"{tool} is missing (perf: apt-get install linux-perf; swift-demangle comes with Swift)")
    data_set = os.path.join(run.WORK, "data-10k")
    if not os.path.exists(os.path.join(data_set, ".seeded")):
        run.fail("the 10,000-article data set is missing: run make bench once first")
    server = run.Byline(data_set, "--page-cache-mb", "0")
    data = os.path.join(tempfile.mkdtemp(prefix="byline-profile-"), "perf.data")
    try:
        path = run.article_paths(server.base)[3]
        run.wrk(server.base + path, seconds=2)
        recorder = subprocess.Popen(["perf", "record", "-F", "999", "-g", "-e", "cpu-clock", "-p", str(server.process.pid), "-o", data, "--", "sleep", str(SECONDS)],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        load = {}
        thread = threading.Thread(target=lambda: load.update(run.wrk(server.base + path, seconds=SECONDS)))
        thread.start()
        recorder.wait()
        thread.join()
    finally:
        server.stop()
    libraries = report(data, "--no-children", "--sort", "dso")[:12]
    functions = demangled(report(data, "--children", "--sort", "symbol")[:400])
    ours = [line for line in functions if re.search(r"\] (\w+ )*\(?(Byline|Mustache|GRDB|HummingbirdCore|Hummingbird|NIOCore|NIOPosix)\.", line)][:60]
    lines = [
        "# Where an uncached article page's time goes",
        "",
        "Written by `make profile` (bench/profile.py) from `perf record -g` of `byline serve --page-cache-mb 0` on the",
        f"10,000-article data set, while wrk (1 thread, 64 connections) asked for the no-comment story for {SECONDS} s:",
        f"{load.get('rps', 0):,.0f} pages a second under the profiler. Percentages are of all samples of the process.",
        "",
        "## By library (self time)",
        "",
        "```",
        *libraries,
        "```",
        "",
        "## Byline's and its libraries' functions, callees included (the top 60)",
        "",
        "```",
        *ours,
        "```",
        "",
    ]
    with open(os.path.join(run.BENCH, "PROFILE.md"), "w") as f:
        f.write("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
