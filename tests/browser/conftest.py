"""Fixtures for browser tests: a real `byline serve` and Debian's Chromium through Selenium.

Selenium is pointed at /usr/bin/chromedriver through a Service, and SE_AVOID_STATS is set,
so Selenium Manager neither downloads anything nor reports usage.
"""
import os
import sys
import pytest

os.environ["SE_AVOID_STATS"] = "true"

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from bylinesite import CONTRIBUTOR, EDITOR, ROOT, create_user, start_site, stop  # noqa: E402


@pytest.fixture()
def site():
    """A new demo site for each test, so that no test sees another's comments. It publishes
    comments at once and lets one browser post in quick succession."""
    process, base, _ = start_site("--comment-trust-after", "0", "--comment-flood-seconds", "0", "--comment-rate-limit", "1000")
    yield base
    stop(process)


ARTIFACTS = os.path.join(ROOT, "test-artifacts")



@pytest.fixture(scope="session")
def newsroom():
    """A demo site whose first-time commenters are held for moderation, with an editor and a contributor."""
    process, base, data = start_site("--comment-flood-seconds", "0")
    for email, name, role, password in [EDITOR, CONTRIBUTOR]:
        create_user(data, email, name, role, password)
    yield base
    stop(process)


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
    # Kept so a test can read what the page's console said, such as a policy violation.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    yield driver
    driver.quit()
