#!/usr/bin/env bash
# Runs every test in every language: one version everywhere, Rust (unit,
# property, snapshot, conformance, doc tests), then the Python, Node and
# Kotlin/Swift bindings, each of which builds its package as shipped
# (the `dist` profile), installs it the way a user does and runs the
# conformance vectors against the installed package, installing what it
# needs from the registries by name (docs/packaging.md).
# Ends with one line summing the tests every runner reported.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT

stage() { "$@" 2>&1 | tee -a "$LOG"; }

stage bash scripts/check-version.sh
echo "== Rust: default members (rules, facade, examples, doc tests)"
stage cargo test --locked
echo "== Rust: API reference of the library crates (no missing docs, no broken intra-doc links)"
# Opens at target/doc/cxkit/index.html (README "API reference").
RUSTDOCFLAGS="-D warnings" stage cargo doc --locked --no-deps --keep-going \
    -p cxkit-core -p cxkit-agents -p cxkit-calls -p cxkit-thresholds -p cxkit-tickets \
    -p cxkit-templates -p cxkit-escalation -p cxkit-online -p cxkit-feeds -p cxkit
echo "== Rust: the bench builds, the main job runs"
stage cargo build --locked -p cxkit-bench
cargo run --locked -p cxkit-examples --bin call-center-day > /dev/null

stage bash scripts/test-python.sh
stage bash scripts/test-node.sh
stage bash scripts/test-uniffi.sh
# 60 s per cargo-fuzz target where the nightly toolchain exists (skipped
# with a message where it does not): see docs/hardening.md.
stage bash scripts/fuzz.sh

# Sum what each runner reported: cargo's "test result" lines, pytest's
# "N passed", node --test's "# pass/# fail", the JUnit summary line.
awk '
  /^test result:/ { for (i = 1; i <= NF; i++) { if ($(i) ~ /^passed;?$/) p += $(i-1); if ($(i) ~ /^failed;?$/) f += $(i-1); if ($(i) ~ /^ignored;?$/) s += $(i-1) } }
  /^[0-9]+ passed/ || / [0-9]+ passed/ { if ($0 !~ /^test result/ && $0 ~ / in [0-9.]+s/) { for (i = 1; i <= NF; i++) { w = $(i); gsub(/,/, "", w); if (w == "passed") p += $(i-1); if (w == "failed") f += $(i-1); if (w == "skipped") s += $(i-1) } } }
  /^# pass / { p += $3 } /^# fail / { f += $3 } /^# skipped / { s += $3 }
  /JUnit: [0-9]+ tests/ { sub(/.*JUnit: /, ""); split($0, j, /[^0-9]+/); p += j[1] - j[2] - j[3]; f += j[2]; s += j[3] }
  END { printf "total: %d passed, %d failed, %d skipped\n", p, f, s }
' "$LOG"
