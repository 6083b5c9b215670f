# Sourced by scripts/package-node.sh and scripts/package-jvm.sh: links the
# shipped Linux x86-64 libraries against glibc 2.17 with zig, as maturin
# does for the wheel (manylinux2014), so the Node addon and the JVM library
# load on the same systems as the wheel. zig comes from the `ziglang` PyPI
# package and is driven through maturin's `zig cc` wrapper (it drops the
# arguments rustc passes that zig does not take), both installed into the
# Python tools venv by name. Only the target is linked by zig (build with
# `--target "$ZIG_TARGET"`): build scripts and proc macros stay host builds.
# Sets ZIG_TARGET; a no-op (ZIG_TARGET empty) off Linux x86-64.
ZIG_TARGET=""
if [ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ]; then
    ZIG_TARGET=x86_64-unknown-linux-gnu
    _root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
    _venv="${CXKIT_PY_TOOLS:-$_root/bindings/python/.venv}"
    if [ ! -x "$_venv/bin/python" ]; then
        "${PYTHON:-python3}" -m venv "$_venv"
    fi
    "$_venv/bin/python" -m pip install --quiet --disable-pip-version-check "maturin>=1.9.4,<2" "ziglang>=0.13,<0.16"
    _wrap="${CARGO_TARGET_DIR:-$_root/target}/zig-glibc2.17"
    mkdir -p "$_wrap"
    for tool in cc ar; do
        extra=""
        [ "$tool" = cc ] && extra="-fno-sanitize=all -target x86_64-linux-gnu.2.17"
        cat > "$_wrap/$tool" <<WRAP
#!/bin/sh
export CARGO_ZIGBUILD_ZIG_COMMAND="$_venv/bin/python"
export CARGO_ZIGBUILD_ZIG_COMMAND_ARGS="-m ziglang"
exec "$_venv/bin/maturin" zig $tool -- $extra "\$@"
WRAP
        chmod +x "$_wrap/$tool"
    done
    export CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER="$_wrap/cc"
    export CC_x86_64_unknown_linux_gnu="$_wrap/cc"
    export AR_x86_64_unknown_linux_gnu="$_wrap/ar"
    unset _root _venv _wrap tool extra
fi

# Fails naming the symbol when a library needs a newer glibc than 2.17.
check_glibc_217() {
    local newest
    newest="$(objdump -T "$1" | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -1)"
    case "$newest" in
        GLIBC_2.1[0-7]|GLIBC_2.[0-9]|GLIBC_2.[0-9].*|GLIBC_2.1[0-7].*|"") echo "   $(basename "$1"): newest glibc symbol ${newest:-none} (glibc >= 2.17 loads it)" ;;
        *) echo "$1 needs $newest, newer than glibc 2.17:" >&2; objdump -T "$1" | grep "$newest" >&2; return 1 ;;
    esac
}
