"""Starts a real `byline serve` on a free loopback port for the Python test suites."""
import os
import socket
import subprocess
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BYLINE = os.environ.get("BYLINE_BINARY", os.path.join(ROOT, ".build", "debug", "byline"))


EDITOR = ("editor@example.com", "Edna Editor", "editor", "a long editor passphrase")
CONTRIBUTOR = ("contributor@example.com", "Cole Contributor", "contributor", "a long contributor passphrase")


def fetch(url, data=None, headers=None):
    request = urllib.request.Request(url, data=data, headers=headers or {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode("utf-8")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_site(*extra):
    """A demo site on a temporary database: (process, base URL, data folder)."""
    port = free_port()
    data = tempfile.mkdtemp(prefix="byline-python-")
    base = f"http://127.0.0.1:{port}"
    # The log goes to a file: a pipe nobody reads fills up (an access line per request) and
    # then stalls the server on its next write.
    log = open(os.path.join(data, "serve.log"), "wb")
    process = subprocess.Popen(
        [BYLINE, "serve", "--port", str(port), "--data-dir", data, "--base-url", base, *extra],
        stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
    )
    deadline = time.time() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            return process, base, data
        except OSError:
            if process.poll() is not None or time.time() > deadline:
                with open(log.name, encoding="utf-8", errors="replace") as written:
                    output = written.read()
                raise RuntimeError(f"byline serve did not start: {output}")
            time.sleep(0.1)


def create_user(data, email, name, role, password):
    with tempfile.NamedTemporaryFile("w", delete=False) as file:
        file.write(password + "\n")
    subprocess.run(
        [BYLINE, "users", "create", "--data-dir", data, "--email", email, "--name", name, "--role", role, "--password-file", file.name],
        check=True, cwd=ROOT, capture_output=True,
    )


def stop(process):
    process.terminate()
    process.wait(timeout=10)
