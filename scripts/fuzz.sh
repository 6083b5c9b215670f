#!/usr/bin/env bash
# Fuzz smoke run (#18): every cargo-fuzz target in fuzz/ for FUZZ_SECONDS
# (default 60) seconds, two at a time (2 cores), each corpus seeded from the
# conformance vectors. Needs the nightly toolchain; where there is none it
# says so and exits 0 (skipped). Installs cargo-fuzz from crates.io if it is
# missing. A crash, a panic or a fast/serde disagreement fails the run and
# leaves the input in fuzz/artifacts/<target>/.
# For an hour per target: FUZZ_SECONDS=3600 bash scripts/fuzz.sh
# (FUZZ_JOBS=N runs N targets at a time, FUZZ_TARGETS="a b" picks targets).
# The workspace forbids unsafe code, so the smoke run builds without a
# sanitizer (a lighter build and faster runs); FUZZ_SANITIZER=address turns
# ASan on.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SECS="${FUZZ_SECONDS:-60}"
SAN="${FUZZ_SANITIZER:-none}"
JOBS="${FUZZ_JOBS:-2}"
TARGETS=(${FUZZ_TARGETS:-event_text event_batch event_fields inputs config apply feeds})

if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    echo "== fuzz: no nightly toolchain on this machine: fuzz smoke run skipped"
    exit 0
fi
if ! cargo fuzz --help > /dev/null 2>&1; then
    echo "== fuzz: installing cargo-fuzz from crates.io"
    cargo install --locked cargo-fuzz --version 0.13.2 > /dev/null
fi

echo "== fuzz: seed the corpora from tests/vectors"
python3 fuzz/seed.py "$ROOT/fuzz/corpus"
for t in "${TARGETS[@]}"; do mkdir -p "$ROOT/fuzz/corpus/$t"; done

cd fuzz
LOGS=$(mktemp -d)
trap 'rm -rf "$LOGS"' EXIT
echo "== fuzz: build the targets (nightly, libFuzzer, sanitizer: $SAN)"
if ! cargo +nightly fuzz build -O -s "$SAN" > "$LOGS/build.log" 2>&1; then
    tail -60 "$LOGS/build.log"; exit 1
fi
run() {
    local t=$1
    if cargo +nightly fuzz run -O -s "$SAN" "$t" "corpus/$t" -- -max_total_time="$SECS" -rss_limit_mb=2048 \
        > "$LOGS/$t.log" 2>&1; then
        echo "   $t: ok ($(grep -o 'Done [0-9]* runs in [0-9]* second' "$LOGS/$t.log" | tail -1))"
    else
        echo "   $t: FAILED"; tail -40 "$LOGS/$t.log"; return 1
    fi
}
echo "== fuzz: ${#TARGETS[@]} targets, ${SECS}s each, $JOBS at a time"
failed=0
for ((i = 0; i < ${#TARGETS[@]}; i += JOBS)); do
    pids=()
    for t in "${TARGETS[@]:i:JOBS}"; do run "$t" & pids+=($!); done
    for p in "${pids[@]}"; do wait "$p" || failed=$((failed + 1)); done
done
echo "   fuzz: $(( ${#TARGETS[@]} - failed )) targets clean, $failed failed"
[ "$failed" = 0 ]
