#!/usr/bin/env bash
# Builds the JVM distribution of cxkit (docs/packaging.md): the jar
# io.cxkit:cxkit with the Kotlin API generated from the library and the
# native library of this machine as a JNA resource
# (linux-x86-64/libcxkit_uniffi.so), and installs it into the local Maven
# repository (`mvn install`, which also runs the module's JUnit tests against
# the library it packs). Also generates the Swift sources (module CxKit, its
# C header and module map) into bindings/uniffi/swift/Sources, where
# SwiftPM looks for them (build output, not committed).
# The library is the workspace `dist` profile, on Linux x86-64 linked by zig
# against glibc 2.17 like the wheel (scripts/zig-linker.sh); the generator
# is the workspace's own uniffi-bindgen (debug build: it is a build tool).
# Installs Maven and a JDK through apt-get when missing; Maven fetches its
# plugins, the Kotlin compiler, JNA and JUnit from Maven Central.
#
#   bash scripts/package-jvm.sh [OUT_DIR]        default: target/packages/jvm
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
UNIFFI="$ROOT/bindings/uniffi"
OUT="${1:-$ROOT/target/packages/jvm}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
export CARGO_TERM_COLOR=never

if ! command -v mvn > /dev/null || ! command -v javac > /dev/null; then
    echo "== jvm package: installing maven and a JDK (apt-get)"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq maven openjdk-17-jdk-headless > /dev/null
fi

echo "== jvm package: native library (profile dist, linked by zig against glibc 2.17) and uniffi-bindgen"
cargo build --locked -q -p cxkit-uniffi-bindgen
start=$(date +%s)
LIBDIR="$(
    # shellcheck source=scripts/zig-linker.sh
    source "$ROOT/scripts/zig-linker.sh" > /dev/null
    cargo build --locked -q --profile dist ${ZIG_TARGET:+--target "$ZIG_TARGET"} -p cxkit-uniffi --lib >&2
    dir="$TARGET/${ZIG_TARGET:+$ZIG_TARGET/}dist"
    if [ -n "$ZIG_TARGET" ]; then check_glibc_217 "$dir/libcxkit_uniffi.so" >&2; fi
    echo "$dir"
)"
echo "   built in $(( $(date +%s) - start )) s"
LIB="$LIBDIR/libcxkit_uniffi.so"
[ -f "$LIB" ] || { echo "no $LIB" >&2; exit 1; }

echo "== jvm package: Swift sources (generated, not compiled: no swiftc here)"
# uniffi reads the interface from the symbol table, which the shipped
# (stripped) .so no longer has: the static library of the same build keeps it.
bash "$ROOT/scripts/generate-swift.sh" "$LIBDIR/libcxkit_uniffi.a"

echo "== jvm package: mvn install (generate Kotlin, compile, test, jar with the library)"
rm -rf "$UNIFFI/kotlin/target/surefire-reports"
# RUST_BACKTRACE off: the panic-guard test panics on purpose.
RUST_BACKTRACE=0 mvn -q -B -Dstyle.color=never -f "$UNIFFI/kotlin/pom.xml" install \
    -Dcxkit.libdir="$(dirname "$LIB")" -Dcxkit.vectors="$ROOT/tests/vectors"
VERSION="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$UNIFFI/kotlin/pom.xml" | head -1)"
JAR="$UNIFFI/kotlin/target/cxkit-$VERSION.jar"
LISTING="$(jar tf "$JAR")"
grep -qx 'linux-x86-64/libcxkit_uniffi.so' <<< "$LISTING" || { echo "$JAR lacks linux-x86-64/libcxkit_uniffi.so" >&2; exit 1; }
grep -qx 'io/cxkit/Toolbar.class' <<< "$LISTING" || { echo "$JAR lacks the Kotlin API" >&2; exit 1; }
# The library in the jar is the one just built, byte for byte.
INJAR="$(mktemp -d)"
(cd "$INJAR" && jar xf "$JAR" linux-x86-64/libcxkit_uniffi.so)
cmp -s "$INJAR/linux-x86-64/libcxkit_uniffi.so" "$LIB" || { echo "$JAR carries another library than $LIB" >&2; rm -rf "$INJAR"; exit 1; }
rm -rf "$INJAR"

rm -rf "$OUT"
mkdir -p "$OUT"
cp "$JAR" "$OUT/"
cp "$UNIFFI/kotlin/pom.xml" "$OUT/cxkit-$VERSION.pom"
echo "== jvm package: sizes"
printf '   %-44s %10s bytes\n' "cxkit-$VERSION.jar" "$(stat -c %s "$OUT/cxkit-$VERSION.jar")"
printf '   %-44s %10s bytes\n' "  linux-x86-64/libcxkit_uniffi.so (unpacked)" "$(stat -c %s "$LIB")"
