#!/usr/bin/env bash
# Builds the uniffi binding (crate cxkit-uniffi) and runs its tests:
#   1. Rust unit tests of the glue (error mapping, panic guard, conversions);
#   2. the debug cdylib and the in-workspace uniffi-bindgen (same uniffi
#      version as the runtime, so no contract-version skew);
#   3. regenerates the Kotlin and Swift sources into a temp dir and fails if
#      the committed ones differ (UNIFFI_REGEN=1 rewrites them instead);
#   4. `mvn test`: compiles the generated Kotlin against the cdylib and runs
#      the JUnit tests (conformance vectors, errors, Kotlin scorer callback).
# Installs Maven and a JDK through apt-get when missing; Maven downloads the
# Kotlin compiler, JNA, JUnit and org.json from Maven Central on first run.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
export CARGO_TERM_COLOR=never
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
UNIFFI="$ROOT/bindings/uniffi"

echo "== uniffi: Rust tests of the glue"
cargo test --locked -q -p cxkit-uniffi

echo "== uniffi: build the cdylib (debug) and uniffi-bindgen"
cargo build --locked -q -p cxkit-uniffi -p cxkit-uniffi-bindgen
LIB="$TARGET/debug/libcxkit_uniffi.so"
[ -f "$LIB" ] || LIB="$TARGET/debug/libcxkit_uniffi.dylib"

echo "== uniffi: generate Kotlin and Swift, check the committed sources are current"
GEN="$(mktemp -d)"
trap 'rm -rf "$GEN"' EXIT
"$TARGET/debug/uniffi-bindgen" generate --no-format --library "$LIB" \
    --language kotlin --language swift --out-dir "$GEN" > "$GEN/log" 2>&1 || { cat "$GEN/log"; exit 1; }
# generated file -> committed file
PAIRS=(
    "io/cxkit/cxkit_uniffi.kt:kotlin/src/main/kotlin/io/cxkit/cxkit_uniffi.kt"
    "CxKit.swift:swift/Sources/CxKit/CxKit.swift"
    "cxkit_uniffiFFI.h:swift/Sources/CxKitFFI/include/cxkit_uniffiFFI.h"
    "cxkit_uniffiFFI.modulemap:swift/Sources/CxKitFFI/include/module.modulemap"
)
drift=0
for pair in "${PAIRS[@]}"; do
    src="$GEN/${pair%%:*}"; dst="$UNIFFI/${pair#*:}"
    if [ "${UNIFFI_REGEN:-0}" = 1 ]; then
        mkdir -p "$(dirname "$dst")"; cp "$src" "$dst"; echo "   regenerated ${pair#*:}"
    elif ! diff -q "$src" "$dst" > /dev/null 2>&1; then
        echo "   DRIFT: bindings/uniffi/${pair#*:} is not what uniffi-bindgen generates now"
        drift=1
    fi
done
if [ "$drift" = 1 ]; then
    echo "   run: UNIFFI_REGEN=1 bash scripts/test-uniffi.sh"
    exit 1
fi
if command -v swiftc > /dev/null; then
    echo "== uniffi: swift build"
    (cd "$UNIFFI/swift" && swift build)
else
    echo "== uniffi: swiftc is not on this machine: Swift sources drift-checked only, not compiled"
fi

echo "== uniffi: Kotlin/JVM tests (Maven)"
if ! command -v mvn > /dev/null || ! command -v javac > /dev/null; then
    echo "   installing maven and a JDK (apt-get)"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq maven openjdk-17-jdk-headless > /dev/null
fi
REPORTS="$UNIFFI/kotlin/target/surefire-reports"
rm -rf "$REPORTS"
# RUST_BACKTRACE off: the panic-guard test panics on purpose.
RUST_BACKTRACE=0 mvn -q -B -Dstyle.color=never -f "$UNIFFI/kotlin/pom.xml" test \
    -Dcxkit.libdir="$(dirname "$LIB")" \
    -Dcxkit.vectors="$ROOT/tests/vectors"
# One summary line from the JUnit reports (mvn -q prints none).
cat "$REPORTS"/TEST-*.xml | grep -o '<testsuite [^>]*>' | awk '
    { for (k in a) delete a[k]
      n = split($0, f, "\"")
      for (i = 1; i < n; i += 2) { key = f[i]; gsub(/.* /, "", key); gsub(/=/, "", key); a[key] = f[i + 1] }
      t += a["tests"]; fl += a["failures"] + a["errors"]; sk += a["skipped"] }
    END { printf "   JUnit: %d tests, %d failed, %d skipped\n", t, fl, sk }'
echo "== uniffi: all tests passed"
