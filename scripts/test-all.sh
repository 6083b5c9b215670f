#!/usr/bin/env bash
# Runs every test in every language: Rust (unit, property, snapshot,
# conformance, doc tests), then the Python, Node and Kotlin/Swift bindings,
# each of which installs what it needs from the registries by name.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

echo "== Rust: default members (rules, facade, examples)"
cargo test --locked
echo "== Rust: bench and examples build"
cargo build --locked -p cxkit-bench
cargo run --locked -p cxkit-examples --bin call-center-day > /dev/null

bash scripts/test-python.sh
bash scripts/test-node.sh
bash scripts/test-uniffi.sh
echo "== all tests passed"
