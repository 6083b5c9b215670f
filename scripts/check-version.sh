#!/usr/bin/env bash
# One version everywhere: the Cargo workspace version ([workspace.package])
# is the version of every manifest that carries one, and CHANGELOG.md has a
# section for it. pyproject.toml reads it from Cargo (dynamic = ["version"]).
# The runtime checks sit in each binding's tests (cxkit.__version__,
# version() in Node and Kotlin). Fails naming every file that disagrees.
set -euo pipefail
cd "$(dirname "$0")/.."
V="$(awk '/^\[workspace.package\]/ { s = 1; next } /^\[/ { s = 0 } s && /^version *=/ { gsub(/[" ]/, "", $0); sub(/version=/, ""); print; exit }' Cargo.toml)"
[ -n "$V" ] || { echo "no version in [workspace.package] of Cargo.toml" >&2; exit 1; }
bad=0
want() { # file, what it says
    if [ "$2" != "$V" ]; then echo "   $1 says ${2:-nothing}, the workspace says $V" >&2; bad=1; fi
}
grep -q '^dynamic = \["version"\]' bindings/python/pyproject.toml || { echo "   bindings/python/pyproject.toml must take the version from Cargo (dynamic)" >&2; bad=1; }
# Internal crates in [workspace.dependencies] carry the version too.
while read -r line; do
    want "Cargo.toml [workspace.dependencies] $(cut -d' ' -f1 <<< "$line")" "$(sed 's/.*version = "\([^"]*\)".*/\1/' <<< "$line")"
done < <(grep -E '^cxkit[a-z-]* = \{ path = ' Cargo.toml)
jsonv() { python3 -c "import json, sys; j = json.load(open(sys.argv[1])); print(${2:-j['version']})" "$1"; }
want bindings/node/package.json "$(jsonv bindings/node/package.json)"
want bindings/node/package-lock.json "$(jsonv bindings/node/package-lock.json)"
want 'bindings/node/package-lock.json (root package)' "$(jsonv bindings/node/package-lock.json "j['packages']['']['version']")"
for p in bindings/node/npm/*/package.json; do
    want "$p" "$(jsonv "$p")"
done
pomv() { sed -n "s:^  <$2>\(.*\)</$2>:\1:p" "$1" | head -1; }
want bindings/uniffi/kotlin/pom.xml "$(pomv bindings/uniffi/kotlin/pom.xml version)"
want 'bindings/uniffi/kotlin/consumer/pom.xml (cxkit.version)' "$(sed -n 's:.*<cxkit.version>\(.*\)</cxkit.version>.*:\1:p' bindings/uniffi/kotlin/consumer/pom.xml)"
grep -qE "^## \[$V\]( |$)" CHANGELOG.md || { echo "   CHANGELOG.md has no section ## [$V]" >&2; bad=1; }
[ "$bad" = 0 ] || { echo "check-version: versions disagree" >&2; exit 1; }
echo "== versions: $V everywhere (Cargo, pyproject via Cargo, package.json + lock, npm/*, pom.xml, consumer, CHANGELOG)"
