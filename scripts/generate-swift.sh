#!/usr/bin/env bash
# Generates the Swift package sources of cxkit (module CxKit over the C
# target CxKitFFI) from a built cxkit-uniffi library (the static library,
# or an unstripped shared one: uniffi reads its metadata from the symbol
# table) with the workspace's own
# uniffi-bindgen, into bindings/uniffi/swift/Sources/ where Package.swift
# expects them. Build output, not committed (.gitignore). Where swiftc
# exists (a Mac), `swift build` compiles them; here the script checks that
# every file was generated and declares the API the Kotlin tests exercise.
#
#   bash scripts/generate-swift.sh [LIBRARY]   default: target/debug/libcxkit_uniffi.a
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
LIB="${1:-$TARGET/debug/libcxkit_uniffi.a}"
SWIFT="$ROOT/bindings/uniffi/swift"
BINDGEN="$TARGET/debug/uniffi-bindgen"
[ -x "$BINDGEN" ] || cargo build --locked -q -p cxkit-uniffi-bindgen
[ -f "$LIB" ] || { echo "no library at $LIB: build it first (cargo build -p cxkit-uniffi)" >&2; exit 1; }

GEN="$(mktemp -d)"
trap 'rm -rf "$GEN"' EXIT
"$BINDGEN" generate --no-format --library "$LIB" --language swift --out-dir "$GEN" > "$GEN/log" 2>&1 \
    || { cat "$GEN/log" >&2; exit 1; }
# Only the generated files go (Sources/CxKitFFI/shim.c is hand-written:
# SwiftPM builds a C target only if it has a source file).
rm -rf "$SWIFT/Sources/CxKit" "$SWIFT/Sources/CxKitFFI/include"
mkdir -p "$SWIFT/Sources/CxKit" "$SWIFT/Sources/CxKitFFI/include"
cp "$GEN/CxKit.swift" "$SWIFT/Sources/CxKit/CxKit.swift"
cp "$GEN/cxkit_uniffiFFI.h" "$SWIFT/Sources/CxKitFFI/include/cxkit_uniffiFFI.h"
cp "$GEN/cxkit_uniffiFFI.modulemap" "$SWIFT/Sources/CxKitFFI/include/module.modulemap"

# What was generated must be the API: the module, its objects and functions,
# the error enum, and a header whose functions the Swift calls.
fail=0
check() { grep -q -- "$2" "$1" || { echo "   $(basename "$1") lacks: $2" >&2; fail=1; }; }
check "$SWIFT/Sources/CxKit/CxKit.swift" 'import CxKitFFI'
check "$SWIFT/Sources/CxKit/CxKit.swift" 'public func version() -> String'
check "$SWIFT/Sources/CxKit/CxKit.swift" 'open class Toolbar'
check "$SWIFT/Sources/CxKit/CxKit.swift" 'enum CxError: Swift.Error'
check "$SWIFT/Sources/CxKit/CxKit.swift" 'public protocol SentimentScorer'
check "$SWIFT/Sources/CxKitFFI/include/cxkit_uniffiFFI.h" 'uniffi_cxkit_uniffi_fn_func_version'
check "$SWIFT/Sources/CxKitFFI/include/module.modulemap" 'module CxKitFFI'
[ "$fail" = 0 ]
if command -v swiftc > /dev/null; then
    echo "   swift build"
    (cd "$SWIFT" && swift build)
else
    echo "   generated $(wc -l < "$SWIFT/Sources/CxKit/CxKit.swift") lines of Swift; swiftc is not on this machine: not compiled"
fi
