#!/usr/bin/env bash
# Tests the Node binding (package `cxkit`, napi-rs v3) as shipped:
#   1. scripts/package-node.sh: `npm ci` (@napi-rs/cli, typescript from the
#      npm registry), `napi build --profile dist`, the main and the
#      linux-x64-gnu platform tarballs;
#   2. the generated loader and types (binding.js, binding.d.ts; and
#      types.d.ts, from `cargo run -p cxkit-schema -- --check`) did not
#      drift from the committed ones;
#   3. the declarations type-check (tsc; test/types/expect-errors.ts: every
#      misspelt scope, event, key marked @ts-expect-error must fail), and `node --test`
#      runs the package tests, the conformance vectors and the example
#      server in this checkout (the same dist addon, loaded in place);
#   4. as a user installs it: both tarballs into a fresh project, typescript
#      from the registry, `tsc --strict` over a typed smoke script that
#      imports 'cxkit', the smoke run, and the conformance vectors against
#      the installed package;
#      the js blocks of README.md and docs/*.md run there too;
#   5. a fresh project with the main tarball only: `require('cxkit')` names
#      the platform, the expected package and how to build it.
# Uses CARGO_TARGET_DIR if set, otherwise the workspace target/.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
NODE_DIR=$ROOT/bindings/node
OUT=$ROOT/target/packages/node

echo "== node binding: toolchain"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "installing node and npm from Debian packages"
  apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
fi
node --version

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir "$WORK/committed"
for f in binding.js binding.d.ts; do
  if [ -f "$NODE_DIR/$f" ]; then cp "$NODE_DIR/$f" "$WORK/committed/$f"; fi
done

echo "== node binding: the generated types (types.d.ts) are what the Rust types give"
cargo run --locked --quiet -p cxkit-schema -- --check

bash scripts/package-node.sh "$OUT"

echo "== node binding: generated files match the committed ones"
cd "$NODE_DIR"
drift=0
for f in binding.js binding.d.ts; do
  if [ ! -f "$WORK/committed/$f" ]; then
    echo "$f was not committed; it has been generated now, commit it" >&2
    drift=1
  elif ! diff -u "$WORK/committed/$f" "$f"; then
    echo "$f drifted from the Rust sources; the regenerated file is in place, commit it" >&2
    drift=1
  fi
done
[ "$drift" = 0 ]

echo "== node binding: no unsafe code of our own (the #[napi] glue is generated)"
if grep -rnw unsafe src/; then
  echo "bindings/node/src must not contain unsafe code" >&2
  exit 1
fi

echo "== node binding: the TypeScript declarations type-check, and refuse what they must (tsc)"
npx --no-install tsc -p test/types

echo "== node binding: node --test (this checkout)"
node --test test/ "$ROOT/examples/node/"

echo "== node binding: install the tarballs into a fresh project"
VERSION=$(node -p "require('./package.json').version")
MAIN="$OUT/cxkit-$VERSION.tgz"
PLAT=$(ls "$OUT"/cxkit-*-"$VERSION".tgz | grep -v "/cxkit-$VERSION.tgz$")
PROJ="$WORK/app"
mkdir -p "$PROJ"
cp test/installed/package.json test/installed/smoke.ts test/installed/tsconfig.json "$PROJ/"
cd "$PROJ"
# The project's own dev tools (typescript, @types/node) from the registry.
npm install --no-audit --no-fund --loglevel=error
# --offline: the platform packages of other systems (optionalDependencies of
# cxkit) are not fetched from any registry; the one of this machine comes
# from its tarball.
npm install --offline --no-audit --no-fund --loglevel=error "$MAIN" "$PLAT"
[ -f node_modules/cxkit/LICENSE ] || { echo "installed cxkit has no LICENSE" >&2; exit 1; }
if ls node_modules/cxkit/*.node > /dev/null 2>&1; then echo "the main package must not carry an addon" >&2; exit 1; fi
npx --no-install tsc -p tsconfig.json
node out/smoke.js

echo "== node binding: the js blocks of README.md and docs/*.md against the installed package"
# scripts/doc_snippets.py: one ES module per block, in the project cxkit was
# installed into (so `require('cxkit')` is the installed package); each runs
# as one node --test file, `no-run` blocks are only syntax-checked.
python3 "$ROOT/scripts/doc_snippets.py" extract js "$PROJ/doc-snippets"
for f in "$PROJ"/doc-snippets/norun-*.mjs; do
  if [ -e "$f" ]; then node --check "$f"; fi
done
(cd "$PROJ" && node --test $(ls doc-snippets/*.mjs | grep -v '/norun-'))

echo "== node binding: conformance vectors against the installed package"
cd "$NODE_DIR"
CXKIT_INSTALLED_PROJECT="$PROJ" node --test test/conformance.test.mjs

echo "== node binding: without the platform package, the load error says what to do"
BARE="$WORK/bare"
mkdir -p "$BARE"
cd "$BARE"
printf '{"name": "cxkit-bare", "private": true}\n' > package.json
npm install --offline --no-audit --no-fund --loglevel=error --omit=optional "$MAIN"
set +e
msg=$(node -e "require('cxkit')" 2>&1)
rc=$?
set -e
PLATFORM=$(basename "$PLAT" "-$VERSION.tgz")
PLATFORM=${PLATFORM#cxkit-}
if [ "$rc" = 0 ] || ! grep -q "no native addon for this platform ($PLATFORM" <<< "$msg" \
    || ! grep -q "package cxkit-$PLATFORM" <<< "$msg" || ! grep -q 'scripts/package-node.sh' <<< "$msg"; then
  echo "require('cxkit') without cxkit-$PLATFORM: exit $rc, message:" >&2
  echo "$msg" >&2
  exit 1
fi
echo "   $(grep -o "cxkit $VERSION: no native addon[^:]*" <<< "$msg")"
echo "== node binding: ok"
