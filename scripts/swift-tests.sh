#!/usr/bin/env bash
# Runs the Swift suite (`swift test` and any arguments), keeping its whole output in
# .build/swift-test.log, and ends a failed run with what failed: the failed tests, a crash's
# message and frames, and the tests that had started but not finished when it crashed.
# A CI log is often read from its tail alone, so the tail has to say it.
#
#   scripts/with-postgres.sh scripts/swift-tests.sh [swift test arguments]
set -uo pipefail

swift=${SWIFT:-swift}
log=.build/swift-test.log
mkdir -p .build

# A crash's backtrace: the crashed thread only, symbolicated, without the image list.
export SWIFT_BACKTRACE=${SWIFT_BACKTRACE:-enable=yes,interactive=no,threads=crashed,images=none,sanitize=yes}

"$swift" test "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
[ "$status" -eq 0 ] && exit 0

{
  echo
  echo "── swift test failed (exit $status); the whole output is in $log ──"
  grep -E '^✘ Test .*(recorded an issue|failed after)' "$log" | grep -v 'failed after' | head -n 12
  if grep -qE 'Fatal error|Crash: |crashed:|unexpected signal' "$log"; then
    echo "A crash:"
    grep -E 'Fatal error|Precondition failed|Assertion failed|Crash: ' "$log" | head -n 3
    # The crashed thread's first frames in our own code.
    awk '/crashed:/{on=1; next} on && /^$/{if (n) exit} on{print; n++}' "$log" | grep -E 'Byline|Tests' | head -n 8
    # Tests that started and never finished were running when the process died.
    python3 - "$log" <<'EOF'
import re, sys
started, ended = [], set()
for line in open(sys.argv[1], errors="replace"):
    m = re.match(r"^◇ Test (.+?) started\.", line)
    if m and not m.group(1).startswith("case "): started.append(m.group(1))
    m = re.match(r"^[✔✘] Test (.+?) (?:passed|failed|recorded)", line)
    if m: ended.add(m.group(1))
running = [name for name in dict.fromkeys(started) if not any(e.startswith(name.split(" with ")[0]) for e in ended)]
print("Running when it stopped: " + (", ".join(running[:12]) or "none"))
EOF
  fi
} | tee -a "$log"
exit "$status"
