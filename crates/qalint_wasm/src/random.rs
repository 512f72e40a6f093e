//! getrandom's custom backend (`.cargo/config.toml` selects it for WebAssembly): random bytes
//! from the host's `crypto.getRandomValues`, through the one import `qalint.random_fill` that
//! `npm/wasm/index.js` provides. They seed hash tables, so a page cannot pick its collisions.

#[link(wasm_import_module = "qalint")]
extern "C" {
    fn random_fill(ptr: *mut u8, len: usize);
}

/// # Safety
/// `dest..dest+len` is writable memory of this module (getrandom's contract).
#[no_mangle]
unsafe extern "Rust" fn __getrandom_v03_custom(
    dest: *mut u8,
    len: usize,
) -> Result<(), getrandom03::Error> {
    random_fill(dest, len);
    Ok(())
}
