#!/usr/bin/env bash
# Builds the Node binding (package `cxkit`, napi-rs v3) and runs its tests:
#   1. installs the npm dev dependencies (@napi-rs/cli) from the npm registry
#      (`npm ci` from the committed lockfile; `npm install` only if none yet),
#   2. `napi build` (debug) of bindings/node into cxkit.<platform>.node,
#   3. checks the generated loader and types (binding.js, binding.d.ts) did
#      not drift from the committed ones,
#   4. type-checks the hand-written declarations with tsc,
#   5. `node --test`: the package tests, the conformance vectors and the
#      example server.
# Uses CARGO_TARGET_DIR if set, otherwise the workspace target/.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
NODE_DIR=$ROOT/bindings/node

echo "== node binding: toolchain"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "installing node and npm from Debian packages"
  apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
fi
node --version

echo "== node binding: npm dependencies"
cd "$NODE_DIR"
if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
else
  npm install --no-audit --no-fund --loglevel=error
fi

echo "== node binding: napi build (debug)"
SNAP=$(mktemp -d)
trap 'rm -rf "$SNAP"' EXIT
for f in binding.js binding.d.ts; do
  if [ -f "$f" ]; then cp "$f" "$SNAP/$f"; fi
done
npx --no-install napi build --platform --js binding.js --dts binding.d.ts -- --locked

echo "== node binding: generated files match the committed ones"
drift=0
for f in binding.js binding.d.ts; do
  if [ ! -f "$SNAP/$f" ]; then
    echo "$f was not committed; it has been generated now, commit it" >&2
    drift=1
  elif ! diff -u "$SNAP/$f" "$f"; then
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

echo "== node binding: the hand-written TypeScript declarations type-check (tsc)"
npx --no-install tsc -p test/types

echo "== node binding: node --test"
node --test test/ "$ROOT/examples/node/"
