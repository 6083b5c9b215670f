#!/usr/bin/env bash
# Builds and packs the Node distribution of cxkit (docs/packaging.md), in
# the napi-rs layout for platform packages:
#   cxkit-<version>.tgz                  the JS API, types and generated loader;
#                                        optionalDependencies on every declared
#                                        platform package (napi.targets)
#   cxkit-linux-x64-gnu-<version>.tgz    the addon of this machine
#                                        (bindings/node/npm/linux-x64-gnu)
# The other platform packages are declared (npm/<platform>/package.json) and
# are built and packed the same way on their own platform.
# The addon is the workspace `dist` profile (`napi build --profile dist`),
# on Linux x86-64 linked by zig against glibc 2.17 like the wheel
# (scripts/zig-linker.sh, ziglang + maturin from PyPI); it is left in
# bindings/node as well, where the development tests load it.
# Installs @napi-rs/cli and typescript from the npm registry (`npm ci`).
#
#   bash scripts/package-node.sh [OUT_DIR]       default: target/packages/node
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
NODE_DIR="$ROOT/bindings/node"
OUT="${1:-$ROOT/target/packages/node}"
export CARGO_TERM_COLOR=never

echo "== node package: npm dependencies (npm ci)"
cd "$NODE_DIR"
npm ci --no-audit --no-fund --loglevel=error

echo "== node package: napi build --profile dist (linked by zig against glibc 2.17)"
start=$(date +%s)
(
    # shellcheck source=scripts/zig-linker.sh
    source "$ROOT/scripts/zig-linker.sh"
    npx --no-install napi build --platform --profile dist ${ZIG_TARGET:+--target "$ZIG_TARGET"} \
        --js binding.js --dts binding.d.ts -- --locked
    if [ -n "$ZIG_TARGET" ]; then check_glibc_217 cxkit.linux-x64-gnu.node; fi
)
echo "   built in $(( $(date +%s) - start )) s"

# The platform of this machine, in napi-rs' naming (linux-x64-gnu, ...).
PLATFORM="$(node -p "const r = process.report.getReport().header; [process.platform, process.arch].join('-') + (process.platform === 'linux' ? (r.glibcVersionRuntime ? '-gnu' : '-musl') : process.platform === 'win32' ? '-msvc' : '')")"
ADDON="cxkit.$PLATFORM.node"
[ -f "$ADDON" ] || { echo "napi build produced no $ADDON" >&2; exit 1; }
[ -f "npm/$PLATFORM/package.json" ] || { echo "platform $PLATFORM is not declared in package.json napi.targets (npm/$PLATFORM missing)" >&2; exit 1; }

rm -rf "$OUT"
mkdir -p "$OUT"
STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT

echo "== node package: stage and pack"
# Main package: exactly the `files` of package.json, the licence, and
# optionalDependencies on every declared platform package at this version.
mkdir -p "$STAGE/cxkit"
node - "$STAGE/cxkit" <<'EOF'
const fs = require('node:fs')
const path = require('node:path')
const dest = process.argv[2]
const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'))
for (const f of pkg.files) {
  if (f === 'LICENSE') continue
  fs.copyFileSync(f, path.join(dest, f))
}
fs.copyFileSync(path.join('..', '..', 'LICENSE'), path.join(dest, 'LICENSE'))
const optional = {}
for (const dir of fs.readdirSync('npm').sort()) {
  const sub = JSON.parse(fs.readFileSync(path.join('npm', dir, 'package.json'), 'utf8'))
  if (sub.version !== pkg.version) throw new Error(`npm/${dir}/package.json has version ${sub.version}, package.json ${pkg.version}`)
  optional[sub.name] = pkg.version
}
const out = { ...pkg, optionalDependencies: optional }
delete out.devDependencies
delete out.devEngines
delete out.overrides
delete out.scripts
fs.writeFileSync(path.join(dest, 'package.json'), JSON.stringify(out, null, 2) + '\n')
EOF
mkdir -p "$STAGE/platform"
cp "npm/$PLATFORM/package.json" "npm/$PLATFORM/README.md" "$ROOT/LICENSE" "$STAGE/platform/"
cp "$ADDON" "$STAGE/platform/"
for dir in "$STAGE/cxkit" "$STAGE/platform"; do
    (cd "$dir" && npm pack --silent --pack-destination "$OUT" > /dev/null)
done

# Every tarball holds its LICENSE and package.json; the platform package
# holds the addon, the main package none.
VERSION="$(node -p "require('./package.json').version")"
MAIN="$OUT/cxkit-$VERSION.tgz"
PLAT="$OUT/cxkit-$PLATFORM-$VERSION.tgz"
for t in "$MAIN" "$PLAT"; do
    list="$(tar -tzf "$t")"
    grep -qx 'package/LICENSE' <<< "$list" || { echo "$t lacks LICENSE" >&2; exit 1; }
    grep -qx 'package/package.json' <<< "$list" || { echo "$t lacks package.json" >&2; exit 1; }
done
tar -tzf "$PLAT" | grep -qx "package/$ADDON" || { echo "$PLAT lacks $ADDON" >&2; exit 1; }
if tar -tzf "$MAIN" | grep -q '\.node$'; then echo "$MAIN must not carry an addon" >&2; exit 1; fi

echo "== node package: sizes"
printf '   %-44s %10s bytes\n' "$(basename "$MAIN")" "$(stat -c %s "$MAIN")"
printf '   %-44s %10s bytes\n' "$(basename "$PLAT")" "$(stat -c %s "$PLAT")"
printf '   %-44s %10s bytes\n' "  $ADDON (unpacked)" "$(stat -c %s "$ADDON")"
