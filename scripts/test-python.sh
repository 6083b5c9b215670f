#!/usr/bin/env bash
# Builds the Python binding (package `cxkit`, pyo3 + maturin, debug build)
# into a venv and runs its checks: the Rust unit tests of the FFI edge, the
# stub check (mypy.stubtest: the .pyi
# stubs match the compiled module), mypy over the package, tests and example,
# pytest (conformance vectors, errors, threads, pickling), and the example.
# Installs everything it needs from PyPI by name; idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
PKG="$ROOT/bindings/python"
VENV="$PKG/.venv"
PYTHON="${PYTHON:-python3}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

echo "== python binding: venv and tools"
if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    "maturin>=1.9.4,<2" "pytest>=8" "mypy>=1.10"

echo "== python binding: Rust unit tests of the FFI edge"
PYO3_PYTHON="$VENV/bin/python" cargo test --locked --quiet -p cxkit-python

echo "== python binding: maturin develop (debug)"
(cd "$PKG" && VIRTUAL_ENV="$VENV" PATH="$VENV/bin:$PATH" \
    "$VENV/bin/maturin" develop --locked --quiet)

echo "== python binding: stubs match the module"
(cd "$PKG" && "$VENV/bin/python" -m mypy.stubtest cxkit --mypy-config-file pyproject.toml)
(cd "$PKG" && "$VENV/bin/python" -m mypy --config-file pyproject.toml \
    python/cxkit tests bench.py "$ROOT/examples/python")

echo "== python binding: pytest"
# pytest exits 5 when it collected no test: with `set -e` that fails the
# script, as it must (a suite that ran nothing has proven nothing).
(cd "$PKG" && "$VENV/bin/python" -m pytest -q -p no:cacheprovider tests)

echo "== python binding: example"
"$VENV/bin/python" "$ROOT/examples/python/call_center_day.py" > /dev/null
echo "== python binding: ok"
