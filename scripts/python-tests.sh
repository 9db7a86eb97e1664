#!/usr/bin/env bash
# Runs the Python suites against real `byline serve` processes: tests/browser (Selenium with
# Debian's Chromium) and tests/machines (feedparser, extruct and trafilatura, the tools feed
# readers, search engines and extractors use), and tests/operations (2,000 slow clients, in a
# process of their own). Installs chromium and chromium-driver from
# Debian (root only) and the Python packages from PyPI into .build-venv/ when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "make test: $*" >&2; exit 1; }

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "make test: installing chromium and chromium-driver from Debian's packages…"
    apt-get update -qq >/dev/null || fail "apt-get update failed; cannot install Chromium"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null || fail "apt-get install chromium chromium-driver failed"
  else
    fail "browser tests need Debian's chromium and chromium-driver packages (apt-get install chromium chromium-driver)"
  fi
fi

packages=(selenium pytest feedparser extruct trafilatura schemathesis prometheus_client)
if [ ! -x .build-venv/bin/pytest ] || ! .build-venv/bin/python -c "import selenium, feedparser, extruct, trafilatura, schemathesis, prometheus_client" 2>/dev/null; then
  [ -x .build-venv/bin/python ] || python3 -m venv .build-venv || fail "cannot create a Python virtual environment in .build-venv (install python3-venv)"
  .build-venv/bin/pip install --quiet --disable-pip-version-check "${packages[@]}" || fail "pip could not install ${packages[*]} from PyPI"
fi

[ -x .build/debug/byline ] || fail "build Byline first (swift build)"
exec .build-venv/bin/pytest -q tests/machines tests/operations tests/browser "$@"
