#!/usr/bin/env bash
# Tests the Python binding (package `cxkit`, pyo3 + maturin) as shipped:
#   1. the Rust unit tests of the FFI edge;
#   2. scripts/package-python.sh: the sdist and the abi3 manylinux2014 wheel
#      (workspace `dist` profile);
#   3. the wheel installed with pip into a fresh venv, as a user does
#      (the time pip takes is printed);
#   4. against that installed package: the stub check (mypy.stubtest over
#      the installed stubs), mypy --strict over the example using only the
#      installed typing, mypy --strict failing where it must over
#      typecheck/must_fail.py (misspelt scope and event types, unknown keys;
#      reveal_type of the views), pytest (conformance vectors, errors,
#      threads, pickling, the python blocks of README.md and docs/*.md), the
#      API reference (pdoc, into target/doc-python) and the example.
# First, `cargo run -p cxkit-schema -- --check`: the generated types
# (cxkit/types.py) are what the Rust types give.
# mypy --strict also checks the package sources, tests and bench.
# Installs everything it needs from PyPI by name; idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
PKG="$ROOT/bindings/python"
VENV="$PKG/.venv"
PYTHON="${PYTHON:-python3}"
OUT="$ROOT/target/packages/python"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

echo "== python binding: tools venv"
if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "pytest>=8" "mypy>=1.10" "pdoc==16.0.0"

echo "== python binding: the generated types (cxkit/types.py) are what the Rust types give"
cargo run --locked --quiet -p cxkit-schema -- --check

echo "== python binding: Rust unit tests of the FFI edge"
PYO3_PYTHON="$VENV/bin/python" cargo test --locked --quiet -p cxkit-python

bash scripts/package-python.sh "$OUT"
WHEEL="$(ls "$OUT"/cxkit-*.whl)"

echo "== python binding: pip install of the wheel into a fresh venv"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
FRESH="$WORK/venv"
"$PYTHON" -m venv "$FRESH"
start=$(date +%s%N)
"$FRESH/bin/python" -m pip install --quiet --disable-pip-version-check --no-index "$WHEEL"
echo "   pip install $(basename "$WHEEL"): $(( ($(date +%s%N) - start) / 1000000 )) ms"
"$FRESH/bin/python" -m pip install --quiet --disable-pip-version-check "pytest>=8" "mypy>=1.10"
# The tests below must see the installed package, not the sources.
where="$(cd "$WORK" && "$FRESH/bin/python" -c 'import cxkit; print(cxkit.__file__)')"
case "$where" in
    "$FRESH"/*) echo "   cxkit imported from $where" ;;
    *) echo "cxkit was imported from $where, not from the fresh venv" >&2; exit 1 ;;
esac

echo "== python binding: the installed stubs match the installed module"
(cd "$WORK" && "$FRESH/bin/python" -m mypy.stubtest cxkit)
(cd "$WORK" && "$FRESH/bin/python" -m mypy --strict --no-incremental "$ROOT/examples/python")
echo "== python binding: mypy --strict refuses misspelt scopes, events, keys (typecheck/must_fail.py)"
(cd "$WORK" && "$FRESH/bin/python" "$PKG/typecheck/check.py")
echo "== python binding: mypy --strict over the sources, tests and bench"
(cd "$PKG" && "$VENV/bin/python" -m mypy --config-file pyproject.toml \
    python/cxkit tests bench.py "$ROOT/examples/python" typecheck/check.py)

echo "== python binding: pytest against the installed package"
# pytest exits 5 when it collected no test: with `set -e` that fails the
# script, as it must (a suite that ran nothing has proven nothing).
(cd "$PKG/tests" && "$FRESH/bin/python" -m pytest -q -p no:cacheprovider "$PKG/tests")

echo "== python binding: API reference (pdoc over the installed package and its stubs) -> target/doc-python"
# pdoc runs from the tools venv; the import path puts the fresh venv's
# site-packages first, so it documents the package as installed (the
# signatures come from its .pyi stubs). A warning fails the step, except
# pdoc's "Cannot determine where cxkit.types.X.key is taken from": it cannot
# place a generated TypedDict's inherited optional keys on Python < 3.12, nor
# the keys of the functional ones (keys like `break`) on any version, and its
# assumption, the current file (cxkit/types.py), is where they are.
SITE="$("$FRESH/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["platlib"])')"
rm -rf "$ROOT/target/doc-python"
(cd "$WORK" && PYTHONPATH="$SITE" "$VENV/bin/python" -W error \
    -W "ignore:Cannot determine where cxkit.types.:UserWarning" -m pdoc --no-show-source \
    -o "$ROOT/target/doc-python" cxkit)
[ -s "$ROOT/target/doc-python/cxkit.html" ] || { echo "pdoc wrote no target/doc-python/cxkit.html" >&2; exit 1; }
[ -s "$ROOT/target/doc-python/cxkit/types.html" ] || { echo "pdoc wrote no target/doc-python/cxkit/types.html" >&2; exit 1; }
echo "   $(ls "$ROOT/target/doc-python" | wc -l) files, open target/doc-python/index.html"

echo "== python binding: example"
(cd "$WORK" && "$FRESH/bin/python" "$ROOT/examples/python/call_center_day.py" > /dev/null)
echo "== python binding: ok"
