#!/usr/bin/env bash
# `make bench`: builds Byline in release mode, installs wrk and nginx from Debian when they
# are missing (root only), then runs bench/run.py, which seeds the data sets, measures, prints
# the table and writes BENCHMARKS.md. Never part of `make test`: timings belong here.
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT="${SWIFT:-swift}"

fail() { echo "make bench: $*" >&2; exit 1; }

if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "make bench: installing wrk and nginx from Debian's packages…"
    apt-get update -qq >/dev/null || fail "apt-get update failed; cannot install wrk and nginx"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx >/dev/null || fail "apt-get install wrk nginx failed"
  else
    fail "benchmarks need Debian's wrk and nginx packages (apt-get install wrk nginx)"
  fi
fi
command -v python3 >/dev/null || fail "python3 is required to run bench/run.py"

"$SWIFT" build -c release --product byline
"$SWIFT" build -c release --product byline-bench
exec python3 bench/run.py "$@"
