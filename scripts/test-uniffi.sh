#!/usr/bin/env bash
# Builds the uniffi binding (crate cxkit-uniffi) and tests it as shipped:
#   1. Rust unit tests of the glue (error mapping, panic guard, conversions);
#   2. scripts/package-jvm.sh: the `dist` library, the Swift sources
#      generated and checked (no swiftc here), and `mvn install` of
#      io.cxkit:cxkit — Kotlin generated from the library into target/,
#      compiled, the JUnit tests run with the library loaded from the
#      classpath, the jar (API + linux-x86-64/libcxkit_uniffi.so) installed
#      into the local Maven repository;
#   3. the consumer project (bindings/uniffi/kotlin/consumer), which depends
#      on io.cxkit:cxkit by coordinates only, runs the same JUnit tests
#      (conformance vectors included) against the installed jar, and the
#      kotlin blocks of README.md and docs/*.md as JUnit tests; the swift
#      blocks are checked against the generated Swift's names;
#   4. scripts/package-android.sh says clearly that it needs the NDK when the
#      NDK is not here.
# Maven fetches everything it needs from Maven Central on first run.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
export CARGO_TERM_COLOR=never
UNIFFI="$ROOT/bindings/uniffi"

echo "== uniffi: Rust tests of the glue"
cargo test --locked -q -p cxkit-uniffi

bash scripts/package-jvm.sh
junit_summary() {
    cat "$1"/TEST-*.xml | grep -o '<testsuite [^>]*>' | awk -v label="$2" '
        { for (k in a) delete a[k]
          n = split($0, f, "\"")
          for (i = 1; i < n; i += 2) { key = f[i]; gsub(/.* /, "", key); gsub(/=/, "", key); a[key] = f[i + 1] }
          t += a["tests"]; fl += a["failures"] + a["errors"]; sk += a["skipped"] }
        END { printf "   JUnit: %d tests, %d failed, %d skipped (%s)\n", t, fl, sk, label }'
}
junit_summary "$UNIFFI/kotlin/target/surefire-reports" "module build"

echo "== uniffi: the swift blocks of the docs name what the generated Swift has (no swiftc here)"
python3 "$ROOT/scripts/doc_snippets.py" check-swift "$UNIFFI/swift/Sources"

echo "== uniffi: a consumer project depends on io.cxkit:cxkit by coordinates (installed jar)"
REPORTS="$UNIFFI/kotlin/consumer/target/surefire-reports"
rm -rf "$REPORTS"
# The kotlin blocks of README.md and docs/*.md, one JUnit class each
# (scripts/doc_snippets.py), compiled and run with the consumer's tests.
rm -rf "$UNIFFI/kotlin/consumer/target/doc-snippets" "$UNIFFI/kotlin/consumer/target/cxkit-tests"
python3 "$ROOT/scripts/doc_snippets.py" extract kotlin "$UNIFFI/kotlin/consumer/target/doc-snippets"
RUST_BACKTRACE=0 mvn -q -B -Dstyle.color=never -f "$UNIFFI/kotlin/consumer/pom.xml" test \
    -Dcxkit.vectors="$ROOT/tests/vectors"
junit_summary "$REPORTS" "consumer, installed jar"

echo "== uniffi: the Android script names what it needs where the NDK is missing"
if [ -z "${ANDROID_NDK_HOME:-}" ] && ! command -v cargo-ndk > /dev/null; then
    set +e
    msg="$(bash scripts/package-android.sh "$(mktemp -d)" 2>&1)"
    rc=$?
    set -e
    if [ "$rc" != 3 ] || ! grep -q 'ANDROID_NDK_HOME' <<< "$msg"; then
        echo "package-android.sh without the NDK: exit $rc, expected 3 and a message naming ANDROID_NDK_HOME:" >&2
        echo "$msg" >&2
        exit 1
    fi
    echo "   $(head -1 <<< "$msg")"
fi
echo "== uniffi: all tests passed"
