#!/usr/bin/env python3
"""`make bench`: measures Byline against nginx serving the same page as a static file.

Everything runs on loopback, on this machine, in one run: the data sets are seeded with
`byline-bench seed` (release build), `byline serve` and nginx are started here, and wrk (one
thread, 64 connections) drives them. Throughput is reported as a ratio to nginx measured in
the same run, because these machines are noisy. The table is printed and BENCHMARKS.md is
written.

Environment: BENCH_SECONDS (per measurement, default 10), BENCH_SKIP_100K=1 to leave out the
100,000-article growth set (its seeding takes minutes).
"""

import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
WORK = os.path.join(ROOT, ".build-bench")
BYLINE = os.path.join(ROOT, ".build", "release", "byline")
SEEDER = os.path.join(ROOT, ".build", "release", "byline-bench")
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = 64
# Bump when the generator changes, so that stale data sets are seeded again.
DATA_VERSION = "6"


def fail(message):
    print(f"make bench: {message}", file=sys.stderr)
    sys.exit(1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def seed(name, *args):
    """A data set, seeded once and kept in .build-bench between runs."""
    directory = os.path.join(WORK, "data-" + name)
    marker = os.path.join(directory, ".seeded")
    wanted = DATA_VERSION + " " + " ".join(args)
    if os.path.exists(marker) and open(marker).read() == wanted:
        return directory
    shutil.rmtree(directory, ignore_errors=True)
    print(f"seeding {name} ({' '.join(args)})…", flush=True)
    started = time.monotonic()
    subprocess.run([SEEDER, "seed", "--data-dir", directory, *args], check=True)
    print(f"  seeded in {time.monotonic() - started:.0f} s", flush=True)
    with open(marker, "w") as f:
        f.write(wanted)
    return directory


def http_get(url, timeout=10):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.read().decode("utf-8", "replace")


class Byline:
    """`byline serve` on a data set; measures its start and its peak memory."""

    def __init__(self, data_dir, *extra):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        started = time.monotonic()
        self.process = subprocess.Popen(
            [BYLINE, "serve", "--port", str(self.port), "--data-dir", data_dir, "--no-demo", "--base-url", self.base,
             "--trusted-proxies", "127.0.0.1", "--comment-rate-limit", "10000", "--comment-flood-seconds", "0",
             # nginx, the reference, runs with access_log off; so does Byline here.
             "--api-rate-limit", "1000000", "--access-log", "off", *extra],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        self.cold_start_ms = None
        deadline = started + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    s.sendall(b"GET / HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
                    if s.recv(12).startswith(b"HTTP/1.1 200"):
                        self.cold_start_ms = (time.monotonic() - started) * 1000
                        break
            except OSError:
                time.sleep(0.002)
        if self.cold_start_ms is None:
            self.stop()
            fail(f"byline serve did not answer on {self.base} within a minute")

    def peak_rss_mb(self):
        with open(f"/proc/{self.process.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return None

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


class Nginx:
    """nginx serving one file, configured for speed: the reference every ratio is taken against."""

    def __init__(self, html):
        self.directory = tempfile.mkdtemp(prefix="byline-bench-nginx-")
        os.chmod(self.directory, 0o755)
        with open(os.path.join(self.directory, "article.html"), "w") as f:
            f.write(html)
        os.chmod(os.path.join(self.directory, "article.html"), 0o644)
        self.port = free_port()
        user = "user root;" if os.geteuid() == 0 else ""
        config = os.path.join(self.directory, "nginx.conf")
        with open(config, "w") as f:
            f.write(f"""
{user}
worker_processes auto;
daemon off;
pid {self.directory}/nginx.pid;
error_log {self.directory}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_requests 1000000;
    open_file_cache max=100;
    types {{ text/html html; }}
    client_body_temp_path {self.directory}/body;
    proxy_temp_path {self.directory}/proxy;
    fastcgi_temp_path {self.directory}/fastcgi;
    uwsgi_temp_path {self.directory}/uwsgi;
    scgi_temp_path {self.directory}/scgi;
    server {{
        listen 127.0.0.1:{self.port};
        root {self.directory};
        etag on;
    }}
}}
""")
        self.process = subprocess.Popen(["nginx", "-c", config], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.url = f"http://127.0.0.1:{self.port}/article.html"
        for _ in range(200):
            try:
                if http_get(self.url)[0] == 200:
                    return
            except OSError:
                time.sleep(0.02)
        fail("nginx did not start: " + (self.process.stderr.read().decode() if self.process.poll() is not None else "no answer"))

    def stop(self):
        self.process.send_signal(signal.SIGQUIT)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.directory, ignore_errors=True)


def wrk(url, script="report.lua", seconds=SECONDS, env=None, connections=CONNECTIONS):
    """One wrk run (1 thread); requests/s and latency percentiles in milliseconds."""
    # A short warm-up first: the first requests fill caches and open connections.
    subprocess.run(["wrk", "-t1", f"-c{connections}", "-d1s", url], stdout=subprocess.DEVNULL, env={**os.environ, **(env or {})})
    output = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "-s", os.path.join(BENCH, script), url],
        capture_output=True, text=True, env={**os.environ, **(env or {})}, cwd=BENCH,
    ).stdout
    line = next((l for l in output.splitlines() if l.startswith("BENCH ")), None)
    if line is None:
        fail(f"wrk printed no result for {url}:\n{output}")
    data = json.loads(line[6:])
    seconds_run = data["duration_us"] / 1e6
    return {
        "rps": data["requests"] / seconds_run,
        "p50": data["p50"] / 1000, "p95": data["p95"] / 1000, "p99": data["p99"] / 1000,
        "errors": data["socket_errors"] + data["status_errors"],
    }


def settle(base):
    """Waits until the server has worked off what a heavy measure left queued: wrk stops
    sending, but requests already accepted are still answered."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            http_get(base + "/readyz", timeout=5)
        except OSError:
            pass
        if time.monotonic() - started < 0.02:
            return
        time.sleep(0.5)


def article_paths(base):
    """The measured stories' addresses, read off the front page as a reader would find them."""
    _, html = http_get(base + "/")
    paths = {}
    for number in range(0, 4):
        match = re.search(r'href="(/[^"]*/story-%d)"' % number, html)
        if not match:
            fail(f"story-{number} is not on the front page")
        paths[number] = match.group(1)
    return paths


def article_id(base, path):
    """The story's ID, as the Content API gives it."""
    _, text = http_get(base + "/api/v1/articles/" + path.rstrip("/").split("/")[-1])
    return json.loads(text)["id"]


def form_fields(base, path):
    _, html = http_get(base + path)
    fields = {}
    for name in ("comment_post_ID", "_token"):
        match = re.search(r'name="%s" value="([^"]*)"' % name, html)
        fields[name] = match.group(1) if match else ""
    return fields


def main():
    for tool in ("wrk", "nginx"):
        if shutil.which(tool) is None:
            fail(f"{tool} is missing; install Debian's package (apt-get install wrk nginx)")
    for binary in (BYLINE, SEEDER):
        if not os.access(binary, os.X_OK):
            fail(f"{binary} is missing; run `swift build -c release` first (make bench does)")
    os.makedirs(WORK, exist_ok=True)

    main_set = seed("10k", "--articles", "10000")
    small_set = seed("1k", "--articles", "1000", "--comments", "0", "--big-discussion", "0", "--medium-discussion", "0", "--words", "150-300")
    large_set = None
    if os.environ.get("BENCH_SKIP_100K") != "1":
        large_set = seed("100k", "--articles", "100000", "--comments", "0", "--big-discussion", "0", "--medium-discussion", "0", "--words", "150-300")

    results = []   # (name, measurement, note)
    facts = {}

    # Posting comments changes the database, so that run gets a copy of its own.
    posting_set = os.path.join(WORK, "data-posting")
    shutil.rmtree(posting_set, ignore_errors=True)
    shutil.copytree(main_set, posting_set)

    cold = []
    for _ in range(3):
        server = Byline(main_set)
        cold.append(server.cold_start_ms)
        server.stop()
    facts["cold_start_ms"] = statistics.median(cold)

    server = Byline(main_set)
    try:
        base = server.base
        paths = article_paths(base)
        status, article_html = http_get(base + paths[3])
        nginx = Nginx(article_html)
        try:
            reference = wrk(nginx.url)
            results.append(("nginx: the same article page as a static file", reference, "reference"))
            # Cached pages first, each followed by its run at half its peak rate.
            for name, path in (("article page, no comments", paths[3]), ("front page", "/")):
                peak = wrk(base + path)
                results.append((name, peak, "page cache"))
                delay_ms = max(1, round(CONNECTIONS * 1000 / (peak["rps"] / 2)))
                half = wrk(base + path, env={"BENCH_DELAY_MS": str(delay_ms)})
                results.append((f"{name} at about half of peak load", half, f"each connection paced for {peak['rps'] / 2:,.0f} req/s in all"))
            for name, path in (
                ("article page, 50 comments", paths[2]),
                ("article page, 30,000 comments (first page of 50 threads)", paths[0]),
                ("section page", "/world"),
                ("site RSS feed", "/feed.rss"),
                ("Content API article list", "/api/v1/articles"),
                ("Content API single article", f"/api/v1/articles/{article_id(base, paths[3])}"),
            ):
                results.append((name, wrk(base + path), "page cache" if not path.startswith("/api") else "API cache, each read counted by the rate limit"))
            settle(base)
            # Frequent queries are kept until the next publish; what a search costs uncached is
            # measured with the page cache off, below.
            for name, path in (("common term (“government”)", "/search?q=government"), ("rare term (“zanzibarite”)", "/search?q=zanzibarite")):
                settle(base)
                results.append((f"search, {name}, 64 readers", wrk(base + path), "search cache"))
            settle(base)
            facts["peak_rss_mb"] = server.peak_rss_mb()
        finally:
            nginx.stop()
    finally:
        server.stop()

    # The same pages with the page cache off: what rendering costs.
    server = Byline(main_set, "--page-cache-mb", "0")
    try:
        for name, path in (("article page, no comments", paths[3]), ("front page", "/")):
            results.append((f"{name}, page cache off", wrk(server.base + path), "rendered every time"))
            settle(server.base)
        for name, path in (("common term (“government”)", "/search?q=government"), ("rare term (“zanzibarite”)", "/search?q=zanzibarite")):
            results.append((f"search, {name}, one reader, caches off", wrk(server.base + path, connections=1), "searched every time"))
            settle(server.base)
            results.append((f"search, {name}, 64 readers, caches off", wrk(server.base + path), "searched every time"))
            settle(server.base)
        growth_comments = []
        for count, story in ((0, 3), (1000, 1), (30000, 0)):
            growth_comments.append((count, wrk(server.base + paths[story], seconds=max(3, SECONDS // 2))))
            settle(server.base)
        facts["peak_rss_uncached_mb"] = server.peak_rss_mb()
    finally:
        server.stop()

    # Durable comment posts, group-committed.
    server = Byline(posting_set)
    try:
        fields = form_fields(server.base, paths[3])
        posting = wrk(server.base + "/comments", script="comment.lua",
                      env={"BENCH_POST_ID": fields["comment_post_ID"], "BENCH_TOKEN": urllib.parse.quote(fields["_token"], safe="")})
        results.append(("comment POST (durable: synchronous=FULL, group commit)", posting, "each answered after its commit"))
    finally:
        server.stop()

    # Cost growth with the archive: the same full-length story, rendered uncached.
    growth_articles = []
    for count, directory in ((1000, small_set), (10000, main_set), (100000, large_set)):
        if directory is None:
            continue
        server = Byline(directory, "--page-cache-mb", "0")
        try:
            growth_articles.append((count, wrk(server.base + article_paths(server.base)[3], seconds=max(3, SECONDS // 2))))
            if count == 100000:
                facts["peak_rss_100k_mb"] = server.peak_rss_mb()
        finally:
            server.stop()

    # Rendering a story body, against cmark-gfm's own HTML renderer on the same text.
    body_run = subprocess.run([SEEDER, "body"], capture_output=True, text=True)
    if body_run.returncode != 0:
        fail(f"byline-bench body failed: {body_run.stderr.strip()}")
    facts["body"] = json.loads(body_run.stdout)

    # Streaming a large WordPress export: the memory reading it adds, against the file's size.
    wxr_run = subprocess.run([SEEDER, "wxr", "--posts", "10000"], capture_output=True, text=True)
    if wxr_run.returncode != 0:
        fail(f"byline-bench wxr failed: {wxr_run.stderr.strip()}")
    facts["wxr"] = json.loads(wxr_run.stdout)

    report = render(results, facts, growth_articles, growth_comments, reference)
    print(report)
    with open(os.path.join(ROOT, "BENCHMARKS.md"), "w") as f:
        f.write(report)


def render(results, facts, growth_articles, growth_comments, reference):
    ref = reference["rps"]
    cpu = "unknown CPU"
    try:
        cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    nginx_version = subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr.strip().split("/")[-1]
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (bench/run.py). Do not edit by hand: run it again.",
        "",
        f"- Run: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}",
        f"- Load: wrk 1 thread, {CONNECTIONS} connections, {SECONDS} s per measure after a 1 s warm-up, loopback; nginx {nginx_version} with `worker_processes auto`, sendfile, no logging.",
        "- Data set: 10,000 articles of 600–1,200 words, 3 sections, 50 authors, 500 tags, 100,000 comments (50 on each of 2,000 articles),",
        "  one article with 30,000 comments and one with 1,000. Byline on SQLite, release build, its defaults (64 MB page cache).",
        "- Growth sets: 1,000 and 100,000 articles of 150–300 words, no comments; the measured story is the same 600–1,200-word one in every set.",
        "- Ratios are against nginx serving the exact HTML of the measured article page as a static file, in the same run.",
        "",
        "## Throughput and latency",
        "",
        "| measure | requests/s | vs nginx | p50 ms | p95 ms | p99 ms | errors | note |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, m, note in results:
        lines.append(f"| {name} | {m['rps']:,.0f} | {m['rps'] / ref:.0%} | {m['p50']:.2f} | {m['p95']:.2f} | {m['p99']:.2f} | {m['errors']} | {note} |")
    lines += [
        "",
        f"- Peak RSS (VmHWM) of the serving process after every read measure: {facts['peak_rss_mb']:.0f} MB "
        f"(with the page cache off: {facts['peak_rss_uncached_mb']:.0f} MB).",
        f"- Cold start, process start to the first served page on the 10,000-article site (median of 3): {facts['cold_start_ms']:.0f} ms.",
        "",
        "## Cost growth (page cache off: every request renders)",
        "",
        "| archive | requests/s | p50 ms | vs the smallest |",
        "|---|---:|---:|---:|",
    ]
    for count, m in growth_articles:
        lines.append(f"| {count:,} articles, the same story | {m['rps']:,.0f} | {m['p50']:.2f} | {m['rps'] / growth_articles[0][1]['rps']:.0%} |")
    lines += ["", "| discussion | requests/s | p50 ms | vs no comments |", "|---|---:|---:|---:|"]
    for count, m in growth_comments:
        lines.append(f"| {count:,} comments on the article | {m['rps']:,.0f} | {m['p50']:.2f} | {m['rps'] / growth_comments[0][1]['rps']:.0%} |")
    body = facts["body"]
    wxr = facts["wxr"]
    wxr_added = wxr["rss_after_mb"] - wxr["rss_before_mb"]
    lines += [
        "",
        f"## Reading a WordPress export ({wxr['posts']:,} posts, {wxr['file_mb']:,.0f} MB)",
        "",
        "| measure | result |",
        "|---|---:|",
        f"| memory the two reading passes add (peak RSS) | {wxr_added:,.1f} MB |",
        f"| that, against the file's size | {wxr_added / wxr['file_mb']:.1%} |",
        f"| reading and planning speed | {wxr['mb_per_s']:,.1f} MB/s |",
    ]
    lines += [
        "",
        f"## Story body ({body['words']:,} words, median of five batches, one core)",
        "",
        "| rendering | µs per body | vs cmark-gfm |",
        "|---|---:|---:|",
        f"| cmark-gfm's own HTML renderer (reference: no model, no checks) | {body['cmark_us']:,.1f} | 100% |",
        f"| Byline: parse, body model, safe HTML | {body['byline_us']:,.1f} | {body['byline_us'] / body['cmark_us']:.0%} |",
        f"| Byline, from the cache (each version is rendered once) | {body['cached_us']:,.2f} | {body['cached_us'] / body['cmark_us']:.1%} |",
        f"| Byline: reading its {body['quotes']} quotes and their speakers (each save that changes the words) | {body['quotes_us']:,.1f} | {body['quotes_us'] / body['cmark_us']:.0%} |",
    ]

    def find(name):
        return next(m for n, m, _ in results if n == name)

    def verdict(ok, detail):
        return ("met" if ok else "**missed**") + f" ({detail})"

    article, front = find("article page, no comments"), find("front page")
    half_article, half_front = find("article page, no comments at about half of peak load"), find("front page at about half of peak load")
    search_p95 = max(find("search, common term (“government”), one reader, caches off")["p95"], find("search, rare term (“zanzibarite”), one reader, caches off")["p95"])
    common = find("search, common term (“government”), 64 readers")
    posts = find("comment POST (durable: synchronous=FULL, group commit)")
    uncached = find("article page, no comments, page cache off")
    api_list, api_one = find("Content API article list"), find("Content API single article")
    half_p99 = max(half_article["p99"], half_front["p99"])
    discussion = dict(growth_comments)
    growth = dict(growth_articles)
    thousand = discussion[1000]["rps"] / discussion[0]["rps"]
    lines += [
        "",
        "## Targets",
        "",
        "| target | result |",
        "|---|---|",
        "| cached article and front page ≥ 60% of nginx | " + verdict(min(article["rps"], front["rps"]) >= 0.6 * ref, "article {:.0%}, front {:.0%}".format(article["rps"] / ref, front["rps"] / ref)) + " |",
        "| p99 at half of peak < 10 ms | " + verdict(half_p99 < 10, "article {:.2f} ms, front {:.2f} ms".format(half_article["p99"], half_front["p99"])) + " |",
        "| uncached article page ≥ 3% of nginx (under 1 ms of CPU a page) | " + verdict(uncached["rps"] >= 0.03 * ref, "{:.1%}, {:,.0f}/s".format(uncached["rps"] / ref, uncached["rps"])) + " |",
        "| uncached article with 1,000 comments ≥ 50% of the no-comment rate | " + verdict(thousand >= 0.5, "{:.0%}".format(thousand)) + " |",
    ]
    if 100000 in growth:
        lines.append("| uncached story, 100,000-article site ≥ 90% of the 1,000-article rate | " + verdict(growth[100000]["rps"] >= 0.9 * growth[1000]["rps"], "{:.0%}".format(growth[100000]["rps"] / growth[1000]["rps"])) + " |")
    lines += [
        "| Content API list and single article ≥ 25% of nginx | " + verdict(min(api_list["rps"], api_one["rps"]) >= 0.25 * ref, "list {:.0%}, article {:.0%}".format(api_list["rps"] / ref, api_one["rps"] / ref)) + " |",
        "| search, common term, 64 readers ≥ 2,000/s with p99 < 50 ms | " + verdict(common["rps"] >= 2000 and common["p99"] < 50, "{:,.0f}/s, p99 {:.2f} ms".format(common["rps"], common["p99"])) + " |",
        "| one search, uncached, p95 < 20 ms over 10k articles | " + verdict(search_p95 < 20, "{:.2f} ms, the worse of the two terms".format(search_p95)) + " |",
        "| durable comment posts ≥ 2,000/s, each answered after its commit | " + verdict(posts["rps"] >= 2000 and posts["errors"] == 0, "{:,.0f}/s, {} refused or failed".format(posts["rps"], posts["errors"])) + " |",
    ]
    if "peak_rss_100k_mb" in facts:
        lines.append("| peak RSS, 100,000-article site under load < 150 MB | " + verdict(facts["peak_rss_100k_mb"] < 150, "{:.0f} MB".format(facts["peak_rss_100k_mb"])) + " |")
    lines += [
        "| peak RSS, 10,000-article site, every read measure < 200 MB | " + verdict(facts["peak_rss_mb"] < 200, "{:.0f} MB".format(facts["peak_rss_mb"])) + " |",
        "| cold start < 1 s | " + verdict(facts["cold_start_ms"] < 1000, "{:.0f} ms".format(facts["cold_start_ms"])) + " |",
        "| a 1,200-word body renders in well under 1 ms | " + verdict(body["byline_us"] < 500, "{:.0f} µs uncached".format(body["byline_us"])) + " |",
        "| reading a 1,200-word story’s quotes adds a few ms at most to a save (< 5 ms) | " + verdict(body["quotes_us"] < 5000, "{:.0f} µs".format(body["quotes_us"])) + " |",
        "| reading an export adds < 10% of its size in memory | " + verdict(wxr_added < 0.1 * wxr["file_mb"], "{:.1f} MB for {:.0f} MB".format(wxr_added, wxr["file_mb"])) + " |",
        "",
    ]
    notes = os.path.join(BENCH, "NOTES.md")
    if os.path.exists(notes):
        lines.append(open(notes).read())
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
