#!/usr/bin/env bash
# `make fuzz SECONDS=N [FUZZ_TARGETS="markdown wire"]`: libFuzzer on each target for N seconds,
# starting from the seed corpus in Fuzz/Corpus/TARGET (and any past crashes in
# Fuzz/Regressions/TARGET). New interesting inputs go to .build-fuzz/corpus/TARGET, never into
# the repository; a crash or broken promise stops with the input saved and what to do next.
set -euo pipefail
cd "$(dirname "$0")/.."

duration=${1:?usage: scripts/fuzz.sh SECONDS TARGET...}
shift
[[ "$duration" =~ ^[0-9]+$ ]] || { echo "fuzz: SECONDS must be a whole number of seconds, not '$duration'" >&2; exit 64; }
SWIFT=${SWIFT:-swift}

# Every module is built instrumented for coverage, in a build folder of its own so that the
# everyday .build stays as it is. The first build takes as long as a first `make build`.
echo "fuzz: building byline-fuzz with -sanitize=fuzzer into .build-fuzz/"
"$SWIFT" build --build-path .build-fuzz --product byline-fuzz --sanitize=fuzzer -Xswiftc -DFUZZING
binary="$("$SWIFT" build --build-path .build-fuzz --sanitize=fuzzer -Xswiftc -DFUZZING --show-bin-path)/byline-fuzz"

failed=()
for target in "$@"; do
    seeds="Fuzz/Corpus/$target"
    [ -d "$seeds" ] || { echo "fuzz: no seed corpus at $seeds; targets are the folders of Fuzz/Corpus" >&2; exit 64; }
    work=".build-fuzz/corpus/$target"
    crashes=".build-fuzz/crashes/$target"
    mkdir -p "$work" "$crashes"
    corpora=("$work" "$seeds")
    [ -d "Fuzz/Regressions/$target" ] && corpora+=("Fuzz/Regressions/$target")
    echo "fuzz: $target for ${duration}s"
    # -timeout: one input taking 10 s is a hang; -rss_limit_mb: one needing 2 GB is a leak or a bomb.
    # Swift's own crash backtracer would take the signal before libFuzzer could save the input.
    if ! SWIFT_BACKTRACE=enable=no BYLINE_FUZZ_TARGET="$target" "$binary" -max_total_time="$duration" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$crashes/" "${corpora[@]}" > ".build-fuzz/$target.log" 2>&1; then
        tail -n 40 ".build-fuzz/$target.log" >&2
        found=$(ls -t "$crashes" 2>/dev/null | head -n 1)
        echo "fuzz: $target FAILED; the input is $crashes/$found" >&2
        echo "fuzz: reproduce with: swift run byline-fuzz $target $crashes/$found" >&2
        echo "fuzz: then copy it into Fuzz/Regressions/$target/ (make test replays it) and fix the reader" >&2
        failed+=("$target")
    else
        grep -E "^stat::number_of_executed_units|^stat::new_units_added" ".build-fuzz/$target.log" | tr '\n' ' ' | sed "s/^/fuzz: $target ran clean: /"
        echo
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: failures in: ${failed[*]}" >&2
    exit 1
fi
echo "fuzz: every target ran clean for ${duration}s"
