#!/usr/bin/env bash
# Builds the Android library of cxkit, cxkit-android-<version>.aar
# (docs/bindings-mobile.md, "Android"), where the Android NDK is installed:
#   - libcxkit_uniffi.so for arm64-v8a, armeabi-v7a, x86_64 and x86
#     (`cargo ndk`, workspace `dist` profile, API level 26), in jni/<abi>/;
#   - classes.jar: the Kotlin API generated from the library and compiled by
#     the Maven module (bindings/uniffi/kotlin), without the desktop library;
#   - AndroidManifest.xml with minSdkVersion 26 (java.time.Instant), R.txt.
# An app adds the .aar and `net.java.dev.jna:jna:5.14.0@aar` (JNA's own
# Android libraries). Needs: ANDROID_NDK_HOME, the rustup targets
# aarch64-linux-android armv7-linux-androideabi x86_64-linux-android
# i686-linux-android, and cargo-ndk (installed from crates.io if missing).
# Exits 3, saying what is missing, where the NDK is not installed.
#
#   bash scripts/package-android.sh [OUT_DIR]    default: target/packages/android
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
OUT="${1:-$ROOT/target/packages/android}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
MIN_SDK=26
ABIS=(arm64-v8a armeabi-v7a x86_64 x86)
RUST_TARGETS=(aarch64-linux-android armv7-linux-androideabi x86_64-linux-android i686-linux-android)
export CARGO_TERM_COLOR=never

if [ -z "${ANDROID_NDK_HOME:-}" ] || [ ! -d "${ANDROID_NDK_HOME:-/nonexistent}/toolchains/llvm" ]; then
    echo "package-android.sh: the Android NDK is not installed here (set ANDROID_NDK_HOME to an NDK r25 or newer, e.g. \$ANDROID_HOME/ndk/<version>); no AAR built." >&2
    echo "  It builds jni/{${ABIS[*]}} with cargo-ndk (rustup targets: ${RUST_TARGETS[*]}) and minSdk $MIN_SDK." >&2
    exit 3
fi
if command -v rustup > /dev/null; then
    rustup target add "${RUST_TARGETS[@]}"
fi
if ! command -v cargo-ndk > /dev/null; then
    cargo install --locked cargo-ndk
fi

STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
mkdir -p "$STAGE/aar/jni"

echo "== android: cargo ndk (profile dist, API $MIN_SDK)"
ndk_args=()
for abi in "${ABIS[@]}"; do ndk_args+=(-t "$abi"); done
cargo ndk "${ndk_args[@]}" --platform "$MIN_SDK" build --locked --profile dist -p cxkit-uniffi --lib
# Copied by hand from each target's `dist` dir (not `cargo ndk -o`, which
# older cargo-ndk releases only fill from release/ or debug/).
for i in "${!ABIS[@]}"; do
    lib="$TARGET/${RUST_TARGETS[$i]}/dist/libcxkit_uniffi.so"
    [ -f "$lib" ] || { echo "no library for ${ABIS[$i]} at $lib" >&2; exit 1; }
    mkdir -p "$STAGE/aar/jni/${ABIS[$i]}"
    cp "$lib" "$STAGE/aar/jni/${ABIS[$i]}/"
done

echo "== android: classes.jar (Kotlin generated from the arm64 library, no desktop library inside)"
# The Kotlin API is the same for every ABI; the Maven module generates it
# from the arm64 static library and compiles it. Its resource step copies the
# library into the jar under cxkit.jnaPrefix: a throw-away prefix, removed
# below, so classes.jar carries no native code (the .so files live in jni/).
# This overwrites bindings/uniffi/kotlin/target/cxkit-<v>.jar (the JVM jar is
# rebuilt by scripts/package-jvm.sh).
RUST_BACKTRACE=0 mvn -q -B -Dstyle.color=never -f bindings/uniffi/kotlin/pom.xml package -Dmaven.test.skip=true \
    -Dcxkit.libdir="$STAGE/aar/jni/arm64-v8a" \
    -Dcxkit.metadataLib="$TARGET/aarch64-linux-android/dist/libcxkit_uniffi.a" \
    -Dcxkit.jnaPrefix=android-none -Dkotlin.compiler.jvmTarget=1.8
VERSION="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' bindings/uniffi/kotlin/pom.xml | head -1)"
mkdir -p "$STAGE/classes"
(cd "$STAGE/classes" && jar xf "$ROOT/bindings/uniffi/kotlin/target/cxkit-$VERSION.jar" && rm -rf android-none META-INF \
    && jar cf "$STAGE/aar/classes.jar" .)

cat > "$STAGE/aar/AndroidManifest.xml" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="io.cxkit">
    <uses-sdk android:minSdkVersion="$MIN_SDK" />
</manifest>
EOF
: > "$STAGE/aar/R.txt"
cp "$ROOT/LICENSE" "$STAGE/aar/LICENSE"
mkdir -p "$OUT"
AAR="$OUT/cxkit-android-$VERSION.aar"
rm -f "$AAR"
(cd "$STAGE/aar" && jar cfM "$AAR" .)
echo "== android: $(basename "$AAR") $(stat -c %s "$AAR") bytes"
jar tf "$AAR" | sed 's/^/   /'
