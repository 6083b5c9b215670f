#!/usr/bin/env bash
# Builds every artifact of a release into dist/ with SHA256 checksums
# (docs/packaging.md). Refuses to run when the versions disagree or
# CHANGELOG.md has no section for the version. The builds run one after the
# other (each is a `dist`-profile cargo build; on 2 cores two at once only
# slow each other down).
#
#   dist/python/   cxkit-<v>.tar.gz (sdist), cxkit-<v>-cp310-abi3-manylinux…whl
#   dist/node/     cxkit-<v>.tgz, cxkit-linux-x64-gnu-<v>.tgz
#   dist/jvm/      cxkit-<v>.jar (+ linux-x86-64/libcxkit_uniffi.so inside), cxkit-<v>.pom
#   dist/swift/    CxKit-<v>-sources.tar.gz (Package.swift + generated sources)
#   dist/android/  cxkit-android-<v>.aar        (only where ANDROID_NDK_HOME is set)
#   dist/SHA256SUMS
#
#   bash scripts/release.sh            then: cd dist && sha256sum -c SHA256SUMS
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
DIST="$ROOT/dist"

bash scripts/check-version.sh
VERSION="$(node -p "require('./bindings/node/package.json').version")"
rm -rf "$DIST"
mkdir -p "$DIST"

bash scripts/package-python.sh "$DIST/python"
bash scripts/package-node.sh "$DIST/node"
bash scripts/package-jvm.sh "$DIST/jvm"
tar -czf "$DIST/swift-sources.tmp.tgz" -C bindings/uniffi --transform "s:^swift:CxKit-$VERSION:" \
    swift/Package.swift swift/Sources swift/Tests
mkdir -p "$DIST/swift"
mv "$DIST/swift-sources.tmp.tgz" "$DIST/swift/CxKit-$VERSION-sources.tar.gz"
if [ -n "${ANDROID_NDK_HOME:-}" ]; then
    bash scripts/package-android.sh "$DIST/android"
else
    echo "== android: ANDROID_NDK_HOME is not set: no AAR in this release build (scripts/package-android.sh)"
fi

# Only the artifacts, not the build logs.
find "$DIST" -name '*.log' -delete
find "$DIST" -name 'auditwheel.txt' -delete
(cd "$DIST" && find . -type f ! -name SHA256SUMS | sed 's:^\./::' | sort | xargs sha256sum > SHA256SUMS)
echo "== release $VERSION in dist/"
(cd "$DIST" && while read -r sum file; do printf '   %-76s %10s bytes\n' "$file" "$(stat -c %s "$file")"; done < SHA256SUMS)
(cd "$DIST" && sha256sum --quiet -c SHA256SUMS) && echo "   SHA256SUMS verified"
