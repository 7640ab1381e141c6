//! Adds run-time search paths for libtorch, so that `cargo run`, `cargo test` and the built
//! binary find it without LD_LIBRARY_PATH, in the checkout and after being copied elsewhere:
//! `$ORIGIN/lib` and `$ORIGIN/../lib` (a bundle's `bin/slant` + `lib/`, or the binary beside a
//! `lib/`), then libtorch's own library directory at build time (LIBTORCH, from
//! .cargo/config.toml). The linker writes them as RUNPATH (new dtags), which LD_LIBRARY_PATH
//! overrides, so a user can also point at another libtorch.
fn main() {
    println!("cargo:rerun-if-env-changed=LIBTORCH");
    // `$ORIGIN` is literal here: rustc calls the linker without a shell, and ld.so expands it.
    println!("cargo:rustc-link-arg=-Wl,--enable-new-dtags");
    println!("cargo:rustc-link-arg=-Wl,-rpath,$ORIGIN/lib");
    println!("cargo:rustc-link-arg=-Wl,-rpath,$ORIGIN/../lib");
    if let Ok(libtorch) = std::env::var("LIBTORCH") {
        let lib = std::path::Path::new(&libtorch).join("lib");
        println!("cargo:rustc-link-arg=-Wl,-rpath,{}", lib.display());
    }
}
