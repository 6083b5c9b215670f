#!/usr/bin/env bash
# The uniffi boundary bench (not part of the tests): release cdylib, then
# the Rust figures (cxkit-uniffi-bench), then the same calls from Kotlin
# through JNA, which prints its figures with the Rust ones as baselines.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$(pwd)"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
cargo build --locked -q --release -p cxkit-uniffi
OUT="$(mktemp)"
trap 'rm -f "$OUT"' EXIT
"$TARGET/release/cxkit-uniffi-bench" | tee "$OUT"
mvn -q -B -Dstyle.color=never -f bindings/uniffi/kotlin/pom.xml test -Dtest=BenchTest -Dcxkit.bench=true \
    -Dcxkit.libdir="$TARGET/release" -Dcxkit.rustBench="$OUT" | sed 's/\x1b\[[0-9;]*m//g' | grep '^{'
