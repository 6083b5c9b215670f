//! `uniffi-bindgen` pinned to the workspace's uniffi version (STYLE.md:
//! generator/runtime skew is the "contract version mismatch" pitfall).
//!
//! `cargo run -p cxkit-uniffi-bindgen -- generate --library <libcxkit_uniffi.so> --language kotlin --out-dir <dir>`

fn main() {
    uniffi::uniffi_bindgen_main()
}
