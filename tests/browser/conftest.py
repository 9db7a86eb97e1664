"""Fixtures for browser tests: a real `byline serve` and Debian's Chromium through Selenium.

Selenium is pointed at /usr/bin/chromedriver through a Service, and SE_AVOID_STATS is set,
so Selenium Manager neither downloads anything nor reports usage.
"""
import os
import socket
import subprocess
import tempfile
import time
import urllib.request

import pytest

os.environ["SE_AVOID_STATS"] = "true"

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BYLINE = os.environ.get("BYLINE_BINARY", os.path.join(ROOT, ".build", "debug", "byline"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def site():
    """A demo site that publishes comments at once and lets one browser post in quick succession."""
    process, base, _ = start_site("--comment-trust-after", "0", "--comment-flood-seconds", "0", "--comment-rate-limit", "1000")
    yield base
    process.terminate()
    process.wait(timeout=10)


ARTIFACTS = os.path.join(ROOT, "test-artifacts")

EDITOR = ("editor@example.com", "Edna Editor", "editor", "a long editor passphrase")
CONTRIBUTOR = ("contributor@example.com", "Cole Contributor", "contributor", "a long contributor passphrase")


def start_site(*extra):
    port = free_port()
    data = tempfile.mkdtemp(prefix="byline-browser-")
    process = subprocess.Popen(
        [BYLINE, "serve", "--port", str(port), "--data-dir", data, *extra],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except OSError:
            if process.poll() is not None or time.time() > deadline:
                output = process.stdout.read().decode() if process.stdout else ""
                raise RuntimeError(f"byline serve did not start: {output}")
            time.sleep(0.1)
    return process, base, data


@pytest.fixture(scope="session")
def newsroom():
    """A demo site whose first-time commenters are held for moderation, with an editor and a contributor."""
    process, base, data = start_site("--comment-flood-seconds", "0")
    for email, name, role, password in [EDITOR, CONTRIBUTOR]:
        with tempfile.NamedTemporaryFile("w", delete=False) as file:
            file.write(password + "\n")
        subprocess.run(
            [BYLINE, "users", "create", "--data-dir", data, "--email", email, "--name", name, "--role", role, "--password-file", file.name],
            check=True, cwd=ROOT, capture_output=True,
        )
    yield base
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture()
def shoot(browser, request):
    """Saves a screenshot of each step in test-artifacts/ (ignored by git) for a person to look at."""
    os.makedirs(ARTIFACTS, exist_ok=True)
    counter = [0]

    def take(step):
        counter[0] += 1
        browser.save_screenshot(os.path.join(ARTIFACTS, f"{request.node.name}-{counter[0]:02d}-{step}.png"))

    return take


@pytest.fixture()
def browser():
    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000"]:
        options.add_argument(argument)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    yield driver
    driver.quit()
