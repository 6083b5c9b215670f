#!/usr/bin/env bash
# Builds the Python distribution of cxkit (docs/packaging.md):
#   - the sdist (`maturin sdist`: the workspace crates the binding needs,
#     Cargo.lock, the Python sources, stubs, README, LICENSE);
#   - one abi3 wheel (CPython >= 3.10) from the workspace `dist` profile,
#     linked by zig against glibc 2.17 so it is `manylinux2014`
#     (`--compatibility manylinux2014`: maturin refuses the wheel if a symbol
#     is newer than the policy allows); `auditwheel show` confirms the tag.
# Installs maturin, ziglang and auditwheel from PyPI into the tools venv
# (bindings/python/.venv) by name. Prints the size of each artifact.
#
#   bash scripts/package-python.sh [OUT_DIR]     default: target/packages/python
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
PKG="$ROOT/bindings/python"
OUT="${1:-$ROOT/target/packages/python}"
VENV="${CXKIT_PY_TOOLS:-$PKG/.venv}"
PYTHON="${PYTHON:-python3}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
export CARGO_TERM_COLOR=never

echo "== python package: tools (maturin, ziglang, auditwheel from PyPI)"
if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    "maturin>=1.9.4,<2" "ziglang>=0.13,<0.16" "auditwheel>=6"

rm -rf "$OUT"
mkdir -p "$OUT"

echo "== python package: sdist"
(cd "$PKG" && "$VENV/bin/maturin" sdist --out "$OUT" > "$OUT/sdist.log" 2>&1) || { cat "$OUT/sdist.log"; exit 1; }
SDIST="$(ls "$OUT"/cxkit-*.tar.gz)"
# The sdist must build on its own: the binding, the facade and every domain
# crate it needs, the lock file, the Python sources, stubs and licence.
LISTING="$(tar -tzf "$SDIST")"
for want in Cargo.lock bindings/python/Cargo.toml bindings/python/src/lib.rs \
            crates/cxkit/src/lib.rs crates/cxkit-core/Cargo.toml \
            python/cxkit/__init__.py python/cxkit/_cxkit.pyi python/cxkit/types.py python/cxkit/py.typed \
            README.md LICENSE PKG-INFO pyproject.toml; do
    if ! grep -q "/$want\$" <<< "$LISTING"; then
        echo "sdist $SDIST lacks $want" >&2
        exit 1
    fi
done

echo "== python package: abi3 wheel (profile dist, zig -> manylinux2014)"
start=$(date +%s)
(cd "$PKG" && VIRTUAL_ENV="$VENV" PATH="$VENV/bin:$PATH" \
    "$VENV/bin/maturin" build --locked --profile dist --zig --compatibility manylinux2014 \
    --out "$OUT" > "$OUT/wheel.log" 2>&1) || { cat "$OUT/wheel.log"; exit 1; }
echo "   built in $(( $(date +%s) - start )) s"
WHEEL="$(ls "$OUT"/cxkit-*.whl)"
case "$WHEEL" in
    *-cp310-abi3-*manylinux_2_17_x86_64*.whl) ;;
    *) echo "unexpected wheel tag: $WHEEL" >&2; exit 1 ;;
esac
"$VENV/bin/auditwheel" show "$WHEEL" | tee "$OUT/auditwheel.txt" | sed -n '1,3p' | sed 's/^/   /'
grep -q 'manylinux_2_17_x86_64' "$OUT/auditwheel.txt" || { echo "auditwheel does not place the wheel in manylinux_2_17" >&2; exit 1; }

# Sizes: the archives, and the extension module inside the wheel.
SO_SIZE="$("$VENV/bin/python" - "$WHEEL" <<'EOF'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    names = z.namelist()
    need = ["cxkit/__init__.py", "cxkit/_cxkit.pyi", "cxkit/py.typed"]
    missing = [n for n in need if n not in names]
    lic = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
    if missing or not lic:
        sys.exit(f"wheel lacks {missing or 'the licence'}")
    print(sum(i.file_size for i in z.infolist() if i.filename.startswith("cxkit/_cxkit")))
EOF
)"
echo "== python package: sizes"
printf '   %-72s %10s bytes\n' "$(basename "$SDIST")" "$(stat -c %s "$SDIST")"
printf '   %-72s %10s bytes\n' "$(basename "$WHEEL")" "$(stat -c %s "$WHEEL")"
printf '   %-72s %10s bytes\n' "  cxkit/_cxkit.abi3.so (unpacked)" "$SO_SIZE"
